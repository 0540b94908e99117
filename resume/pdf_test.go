package resume_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand/resume"
)

func TestRead_PDF(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		want    string
		pages   int
		comment string
	}{
		{"one line", pdfPages("%PDF-1.4", []string{textContent([]string{"Program manager, Jira"})}, false), "Program manager, Jira", 1, ""},
		{"deflated", pdfPages("%PDF-1.5", []string{textContent([]string{"Risk register", "• SQL dashboards"})}, true), "Risk register\n- SQL dashboards", 1, ""},
		{"pdf 2.0 header", pdfPages("%PDF-2.0", []string{textContent([]string{"Roadmaps"})}, false), "Roadmaps", 1, ""},
		{"junk before header", append([]byte("\r\n\x00junk"), pdfPages("%PDF-1.4", []string{textContent([]string{"Roadmaps"})}, false)...), "Roadmaps", 1, ""},
		{"junk after eof", append(pdfPages("%PDF-1.4", []string{textContent([]string{"Roadmaps"})}, false), make([]byte, 300)...), "Roadmaps", 1, ""},
		{"pages", pdfPages("%PDF-1.4", []string{textContent([]string{"Page one"}), textContent([]string{"Page two"}), textContent([]string{"Page three"})}, false), "Page one\n\nPage two\n\nPage three", 3, ""},
		{"kerned words", pdfPages("%PDF-1.4", []string{"BT /F1 12 Tf 72 700 Td [(Program) -300 (manager) 40 (s)] TJ ET"}, false), "Program managers", 1,
			"a large TJ gap is a space, a small kern is not"},
		{"positioned words", pdfPages("%PDF-1.4", []string{"BT /F1 12 Tf 1 0 0 1 72 700 Tm (Jira) Tj 1 0 0 1 110 700 Tm (SQL) Tj 1 0 0 1 72 686 Tm (Next line) Tj ET"}, false), "Jira SQL\nNext line", 1,
			"Tm on the same baseline after a gap is a space; a lower baseline is a new line"},
		{"scaled by cm", pdfPages("%PDF-1.4", []string{"q 2 0 0 2 0 0 cm BT /F1 6 Tf 36 350 Td (Big) Tj 0 -7 Td (Text) Tj ET Q"}, false), "Big\nText", 1, ""},
		{"quote operators", pdfPages("%PDF-1.4", []string{"BT /F1 10 Tf 12 TL 72 700 Td (One) Tj (Two) ' 1 0 (Three) \" ET"}, false), "One\nTwo\nThree", 1, ""},
		{"invisible OCR layer", pdfPages("%PDF-1.4", []string{"BT 3 Tr /F1 10 Tf 72 700 Td (Scanned but OCRed) Tj ET"}, false), "Scanned but OCRed", 1, ""},
		{"winansi", pdfPages("%PDF-1.4", []string{textContent([]string{"Résumé — TPM"})}, false), "Résumé — TPM", 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustRead(t, tt.data, "cv.pdf")
			if doc.Kind != resume.KindPDF {
				t.Errorf("got kind %q, want pdf", doc.Kind)
			}
			if doc.Text != tt.want {
				t.Errorf("got text %q, want %q (%s)", doc.Text, tt.want, tt.comment)
			}
			if doc.Pages != tt.pages {
				t.Errorf("got %d pages, want %d", doc.Pages, tt.pages)
			}
		})
	}
}

func TestRead_PDFErrors(t *testing.T) {
	good := pdfPages("%PDF-1.4", []string{textContent([]string{"Program manager"})}, false)
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
	page := "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"

	t.Run("ErrScanned", func(t *testing.T) {
		// Two pages that only draw: no text layer.
		data := pdfPages("%PDF-1.4", []string{"0 0 1 rg 100 100 200 300 re f", "q 1 0 0 1 0 0 cm 0 0 m 10 10 l S Q"}, false)
		checkErr(t, data, "scan.pdf", resume.ErrScanned, "2 page(s) but no text layer", "export it with a text layer or paste the text")
	})
	t.Run("ErrEncrypted", func(t *testing.T) {
		o := strings.Repeat("7A", 32)
		u := strings.Repeat("3C", 32)
		for _, enc := range []string{
			fmt.Sprintf("<< /Filter /Standard /V 2 /R 3 /Length 128 /O <%s> /U <%s> /P -3904 >>", o, u),
			fmt.Sprintf("<< /Filter /Standard /V 5 /R 6 /Length 256 /O <%s> /U <%s> /P -3904 >>", o, u),
			"<< /Filter /Adobe.PubSec /V 4 >>",
		} {
			data := pdfFile("%PDF-1.6", []string{
				"<< /Type /Catalog /Pages 2 0 R >>",
				"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
				font,
				stream("BT /F1 12 Tf 72 700 Td (secret) Tj ET", false),
				"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>",
				enc,
			}, "/Encrypt 6 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]")
			checkErr(t, data, "locked.pdf", resume.ErrEncrypted, "PDF is encrypted", "remove the password")
		}
	})
	t.Run("ErrCorrupt", func(t *testing.T) {
		badXref := bytes.Replace(good, []byte("startxref\n"), []byte("startxref\n9"), 1)
		badFlate := pdfFile("%PDF-1.4", []string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
			font,
			"<< /Length 10 /Filter /FlateDecode >>\nstream\nnot zlib!!\nendstream",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>",
		}, "")
		prevLoop := pdfFile("%PDF-1.4", []string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [] /Count 0 >>",
		}, "/Prev {xref}")
		treeLoop := pdfFile("%PDF-1.4", []string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 2 >>",
		}, "")
		tests := []struct {
			name      string
			data      []byte
			fragments []string
		}{
			{"truncated", good[:len(good)/2], []string{"truncated", "export it again"}},
			{"bad startxref", badXref, []string{"PDF does not parse"}},
			{"header only", []byte("%PDF-1.7\n%%EOF\n"), []string{"PDF does not parse"}},
			{"bad flate stream", badFlate, []string{"pages do not parse"}},
			{"xref prev loop", prevLoop, nil},
			{"page tree loop", treeLoop, []string{"loops"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				checkErr(t, tt.data, "cv.pdf", resume.ErrCorrupt, tt.fragments...)
			})
		}
	})
	t.Run("FontWidths", func(t *testing.T) {
		// With the font's widths "AB" ends at x=92, so "C" at 93 joins it;
		// guessed widths would have put a space between.
		data := pdfFile("%PDF-1.4", []string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
			"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 65 /LastChar 67 /Widths [1000 1000 1000] >>",
			stream("BT /F1 10 Tf 1 0 0 1 72 700 Tm (AB) Tj 1 0 0 1 93 700 Tm (C) Tj 1 0 0 1 125 700 Tm (A) Tj ET", false),
			page,
		}, "")
		if got := mustRead(t, data, "cv.pdf").Text; got != "ABC A" {
			t.Errorf("got %q, want %q", got, "ABC A")
		}
	})
	t.Run("NoPages", func(t *testing.T) {
		data := pdfFile("%PDF-1.4", []string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [] /Count 0 >>",
		}, "")
		checkErr(t, data, "cv.pdf", resume.ErrEmpty)
	})
	t.Run("CompressionBomb", func(t *testing.T) {
		// 40 MB of spaces deflate to about 40 KB; refused before it is read.
		bomb := pdfFile("%PDF-1.4", []string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
			font,
			stream(strings.Repeat(" ", 40<<20), true),
			page,
		}, "")
		if len(bomb) > resume.MaxSize {
			t.Fatalf("bomb is %d bytes, want under MaxSize", len(bomb))
		}
		checkErr(t, bomb, "cv.pdf", resume.ErrTooLarge, "PDF content expands")
	})
}
