package resume_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/skilldemand/skilldemand/resume"
)

var update = flag.Bool("update", false, "rewrite testdata/strong-tpm.pdf and .docx")

// TestSamples keeps the generated samples in testdata (used by demos and
// by the packages that match resumes) equal to what the generators make.
func TestSamples(t *testing.T) {
	for name, data := range map[string][]byte{
		"strong-tpm.pdf":  strongPDF(t),
		"strong-tpm.docx": strongDOCX(t),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, data) {
				t.Errorf("%s differs from the generator; run go test -update", path)
			}
			if len(got) > 50<<10 {
				t.Errorf("%s is %d bytes, want under 50 KB", path, len(got))
			}
			doc, err := resume.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(doc.Text, "risk register") {
				t.Errorf("text lacks %q", "risk register")
			}
		})
	}
}

var sentinels = []error{resume.ErrEmpty, resume.ErrTooLarge, resume.ErrCorrupt, resume.ErrEncrypted, resume.ErrScanned, resume.ErrWrongType}

// FuzzRead checks that Read never panics, that every error wraps one of
// the sentinels in a one-line message, and that text is clean and capped.
func FuzzRead(f *testing.F) {
	f.Add([]byte("# Jane\n\n- Jira\r\n"), "cv.md")
	f.Add([]byte("\xef\xbb\xbfplain"), "cv.txt")
	f.Add([]byte{0xFF, 0xFE, 'a', 0, 'b', 0}, "cv.txt")
	f.Add(oleFile("WordDocument"), "cv.doc")
	f.Add([]byte("\x89PNG\r\n\x1a\n"), "a.png")
	f.Add(strongPDF(f), "cv.pdf")
	f.Add(strongDOCX(f), "cv.docx")
	f.Add(pdfPages("%PDF-1.4", []string{"BT /F1 12 Tf 72 700 Td [(Pro) -300 (gram)] TJ (x) ' ET"}, false), "cv.pdf")
	f.Add(pdfPages("%PDF-1.4", []string{"0 0 1 rg 1 1 2 2 re f"}, true), "cv.pdf")
	f.Add(pdfFile("%PDF-1.4", []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"}, "/Prev {xref}"), "loop.pdf")
	f.Add(docxFile(f, `<w:tbl><w:tr><w:tc>`+para("a", true)+`</w:tc></w:tr></w:tbl>`, nil), "t.docx")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		doc, err := resume.Read(bytes.NewReader(data), name)
		if err != nil {
			if doc != nil {
				t.Errorf("got a document and an error")
			}
			known := false
			for _, s := range sentinels {
				known = known || errors.Is(err, s)
			}
			if !known {
				t.Errorf("error %q wraps none of the sentinels", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q has several lines", err)
			}
			return
		}
		if len(doc.Text) > resume.MaxTextSize {
			t.Errorf("got %d bytes of text, over MaxTextSize", len(doc.Text))
		}
		if !utf8.ValidString(doc.Text) {
			t.Errorf("text is not valid UTF-8")
		}
		for _, r := range doc.Text {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				t.Fatalf("text holds control character %U", r)
			}
		}
		if strings.Contains(doc.Text, "\n\n\n") || strings.Contains(doc.Text, "  ") {
			t.Errorf("text is not normalised: %q", doc.Text)
		}
		if doc.Kind != resume.KindPDF && doc.Pages != 0 {
			t.Errorf("%s with %d pages", doc.Kind, doc.Pages)
		}
	})
}
