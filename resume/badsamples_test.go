package resume_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand/resume"
)

// TestBadSamples keeps the unreadable samples in testdata (used by the
// command-line tests of resume matching) equal to what the generators make,
// and checks each is refused with its error.
func TestBadSamples(t *testing.T) {
	o, u := strings.Repeat("7A", 32), strings.Repeat("3C", 32)
	locked := pdfFile("%PDF-1.6", []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
		fmt.Sprintf("<< /Filter /Standard /V 2 /R 3 /Length 128 /O <%s> /U <%s> /P -3904 >>", o, u),
	}, "/Encrypt 4 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]")
	for _, tt := range []struct {
		name string
		data []byte
		want error
	}{
		{"scanned.pdf", pdfPages("%PDF-1.4", []string{"0 0 1 rg 100 100 200 300 re f"}, false), resume.ErrScanned},
		{"locked.pdf", locked, resume.ErrEncrypted},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join("testdata", tt.name)
			if *update {
				if err := os.WriteFile(path, tt.data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, tt.data) {
				t.Errorf("%s differs from the generator; run go test -update", path)
			}
			if _, err := resume.ReadFile(path); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}
