package resume_test

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// pdfFile assembles a PDF from object bodies (objs[i] is object i+1) with a
// correct cross-reference table. In trailer, "{xref}" stands for the
// offset of the table. The catalog must be object 1.
func pdfFile(header string, objs []string, trailer string) []byte {
	var b bytes.Buffer
	b.WriteString(header + "\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	trailer = strings.ReplaceAll(trailer, "{xref}", fmt.Sprint(xref))
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, xref)
	return b.Bytes()
}

// stream is a PDF stream object holding data, deflated if flate is set.
func stream(data string, flate bool) string {
	if !flate {
		return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(data), data)
	}
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write([]byte(data))
	w.Close()
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.String())
}

// pdfPages builds a PDF with one page per content stream, all using a
// Helvetica font named F1 in WinAnsiEncoding.
func pdfPages(header string, contents []string, flate bool) []byte {
	n := len(contents)
	// 1 catalog, 2 pages, 3 font, then a page and its content per page.
	var kids []string
	for i := range n {
		kids = append(kids, fmt.Sprintf("%d 0 R", 4+2*i))
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	for i, c := range contents {
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i),
			stream(c, flate))
	}
	return pdfFile(header, objs, "")
}

// pdfString writes s as a PDF literal string in WinAnsi encoding.
func pdfString(s string) string {
	winAnsi := map[rune]byte{'•': 0x95, '–': 0x96, '—': 0x97, '’': 0x92, '“': 0x93, '”': 0x94, '·': 0xB7, 'é': 0xE9}
	var b strings.Builder
	b.WriteByte('(')
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x80:
			b.WriteRune(r)
		case winAnsi[r] != 0:
			fmt.Fprintf(&b, "\\%03o", winAnsi[r])
		default:
			b.WriteByte('?')
		}
	}
	b.WriteByte(')')
	return b.String()
}

// textContent is a content stream that writes lines top-down, one Tj per
// line with T*, and an empty line as a larger gap.
func textContent(lines []string) string {
	var b strings.Builder
	b.WriteString("BT\n/F1 11 Tf\n14 TL\n72 740 Td\n")
	for _, l := range lines {
		if l == "" {
			b.WriteString("0 -14 Td\n") // paragraph gap: one empty line
			continue
		}
		fmt.Fprintf(&b, "%s Tj\nT*\n", pdfString(l))
	}
	b.WriteString("ET\n")
	return b.String()
}

// docxFile zips a WordprocessingML body into a minimal .docx; extra adds
// or replaces archive entries.
func docxFile(t testing.TB, body string, extra map[string]string) []byte {
	t.Helper()
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml": docxDocument(body),
	}
	for k, v := range extra {
		if v == "" {
			delete(files, k)
			continue
		}
		files[k] = v
	}
	return zipFile(t, files)
}

func docxDocument(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` +
		body + `<w:sectPr/></w:body></w:document>`
}

// zipFile writes files (name → content) into a zip archive, in name order.
func zipFile(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// para is a w:p with one run of text; list makes it a numbered-list item.
func para(text string, list bool) string {
	var ppr string
	if list {
		ppr = `<w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>`
	}
	return `<w:p>` + ppr + `<w:r><w:t xml:space="preserve">` + xmlEscape(text) + `</w:t></w:r></w:p>`
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// markdownLines reads a Markdown sample as display lines: headings without
// their marks, list items as (text, true).
type mdLine struct {
	text string
	list bool
}

func markdownLines(t testing.TB, path string) []mdLine {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []mdLine
	for l := range strings.SplitSeq(string(data), "\n") {
		l = strings.TrimSpace(strings.TrimLeft(l, "#"))
		switch {
		case l == "":
			out = append(out, mdLine{})
		case strings.HasPrefix(l, "- "):
			out = append(out, mdLine{text: l[2:], list: true})
		default:
			out = append(out, mdLine{text: l})
		}
	}
	return out
}

// strongDOCX is the strong TPM sample as a Word document.
func strongDOCX(t testing.TB) []byte {
	var body strings.Builder
	for _, l := range markdownLines(t, filepath.Join("testdata", "strong-tpm.md")) {
		if l.text != "" {
			body.WriteString(para(l.text, l.list))
		}
	}
	return docxFile(t, body.String(), nil)
}

// strongPDF is the strong TPM sample as a two-page PDF, bullets drawn as
// "•" glyphs.
func strongPDF(t testing.TB) []byte {
	var lines []string
	for _, l := range markdownLines(t, filepath.Join("testdata", "strong-tpm.md")) {
		if l.list {
			l.text = "• " + l.text
		}
		lines = append(lines, l.text)
	}
	half := len(lines) / 2
	return pdfPages("%PDF-1.4", []string{textContent(lines[:half]), textContent(lines[half:])}, true)
}

// words returns the set of lower-case words of s.
func words(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		set[w] = true
	}
	return set
}

// overlap is the Jaccard similarity of the word sets of a and b.
func overlap(a, b string) float64 {
	wa, wb := words(a), words(b)
	var both int
	for w := range wa {
		if wb[w] {
			both++
		}
	}
	all := len(wa) + len(wb) - both
	if all == 0 {
		return 1
	}
	return float64(both) / float64(all)
}
