package resume

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Limits on what Read accepts and produces.
const (
	// MaxSize is the largest resume file Read accepts, in bytes.
	MaxSize = 5 << 20
	// MaxTextSize is the most text, in bytes, that Read returns.
	MaxTextSize = MaxSize
	// MaxUnzipped caps the bytes Read decompresses from a DOCX archive.
	MaxUnzipped = 20 << 20
	// MaxZipEntries caps the number of entries in a DOCX archive.
	MaxZipEntries = 2000
)

// Kind is the type of a resume file, found from its content.
type Kind string

// The kinds of resume Read understands.
const (
	KindPDF      Kind = "pdf"
	KindDOCX     Kind = "docx"
	KindMarkdown Kind = "markdown"
	KindText     Kind = "text"
)

// Document is the text of one resume.
type Document struct {
	Kind Kind
	// Text is the normalised text: lines separated by "\n", paragraphs by
	// a blank line, bullets written as "- ".
	Text string
	// Pages is the page count of a PDF, and 0 for the other kinds.
	Pages int
}

// Errors returned by Read and ReadFile, wrapped with details. Each says the
// problem and the fix.
var (
	// ErrEmpty: the file is empty or holds no text at all.
	ErrEmpty = errors.New("the resume has no text; upload a file that contains your resume's text")
	// ErrTooLarge: the file, or what it expands to, is over the limits.
	ErrTooLarge = errors.New("the resume is too large; upload a file under 5 MB (export it without images) or paste the text")
	// ErrCorrupt: a PDF or DOCX file that does not parse.
	ErrCorrupt = errors.New("the file is damaged and cannot be read; export it again from the program that made it, or paste the text")
	// ErrEncrypted: a password-protected PDF or DOCX.
	ErrEncrypted = errors.New("the file is password-protected; remove the password (or print it to a new PDF) and upload it again")
	// ErrScanned: a PDF whose pages have no text layer.
	ErrScanned = errors.New("the PDF looks scanned; export it with a text layer or paste the text")
	// ErrWrongType: anything that is not a PDF, a DOCX or UTF-8 text.
	ErrWrongType = errors.New("unsupported file type; upload a PDF, a Word .docx, a Markdown or a plain-text (UTF-8) file")
)

// ReadFile reads the resume at path. See Read.
func ReadFile(path string) (*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open resume (check the path): %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("open resume (check the path): %w", err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("resume %s is a directory, not a file: %w", path, ErrWrongType)
	}
	if fi.Size() > MaxSize {
		return nil, fmt.Errorf("resume %s is %s: %w", path, sizeString(fi.Size()), ErrTooLarge)
	}
	return Read(f, filepath.Base(path))
}

// Read reads one resume from r and returns its text. It reads at most
// MaxSize+1 bytes. The type is sniffed from the content: a PDF, a DOCX or
// else UTF-8 text; name (which may be empty) only tells Markdown from
// plain text. Errors wrap ErrEmpty, ErrTooLarge, ErrCorrupt, ErrEncrypted,
// ErrScanned or ErrWrongType, or the error of r.
func Read(r io.Reader, name string) (*Document, error) {
	label := "resume"
	if name != "" {
		label = fmt.Sprintf("resume %q", name)
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", label, err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%s is over %s: %w", label, sizeString(MaxSize), ErrTooLarge)
	}
	doc, err := parse(data, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", label, err)
	}
	return doc, nil
}

// parse sniffs data and extracts its text.
func parse(data []byte, name string) (*Document, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("empty file: %w", ErrEmpty)
	}
	var (
		doc *Document
		err error
	)
	switch {
	case pdfStart(data) >= 0:
		doc, err = readPDF(data[pdfStart(data):])
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")):
		doc, err = readZip(data)
	case bytes.HasPrefix(data, oleMagic):
		err = oleError(data)
	default:
		if what := binaryType(data); what != "" {
			return nil, fmt.Errorf("%s: %w", what, ErrWrongType)
		}
		doc, err = readText(data, name)
	}
	if err != nil {
		return nil, err
	}
	if len(doc.Text) > MaxTextSize {
		return nil, fmt.Errorf("%s holds over %s of text: %w", doc.Kind, sizeString(MaxTextSize), ErrTooLarge)
	}
	if !hasWords(doc.Text) {
		if doc.Kind == KindPDF && doc.Pages > 0 {
			return nil, fmt.Errorf("%d page(s) but no text layer: %w", doc.Pages, ErrScanned)
		}
		return nil, fmt.Errorf("%s file without text: %w", doc.Kind, ErrEmpty)
	}
	return doc, nil
}

// pdfStart returns the offset of "%PDF-" in the first KB of data, or -1.
// Readers accept a few bytes of junk before the header, and so does Read.
func pdfStart(data []byte) int {
	head := data[:min(len(data), 1024)]
	return bytes.Index(head, []byte("%PDF-"))
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// oleError explains an OLE compound file: a password-protected Office
// document (its EncryptedPackage stream) or a legacy binary format.
func oleError(data []byte) error {
	switch {
	case bytes.Contains(data, utf16LE("EncryptedPackage")):
		return fmt.Errorf("a password-protected Office document: %w", ErrEncrypted)
	case bytes.Contains(data, utf16LE("WordDocument")):
		return fmt.Errorf("a legacy Word 97-2003 .doc file, save it as .docx or PDF: %w", ErrWrongType)
	case bytes.Contains(data, utf16LE("Workbook")) || bytes.Contains(data, utf16LE("Book")):
		return fmt.Errorf("a legacy Excel .xls spreadsheet: %w", ErrWrongType)
	case bytes.Contains(data, utf16LE("PowerPoint Document")):
		return fmt.Errorf("a legacy PowerPoint .ppt file: %w", ErrWrongType)
	}
	return fmt.Errorf("a legacy Office (OLE) file, save it as .docx or PDF: %w", ErrWrongType)
}

func utf16LE(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// magics names binary formats by their first bytes.
var magics = []struct {
	prefix string
	what   string
}{
	{"\x89PNG\r\n\x1a\n", "a PNG image (a picture of a resume has no text)"},
	{"\xff\xd8\xff", "a JPEG image (a picture of a resume has no text)"},
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"II*\x00", "a TIFF image (a scan has no text)"},
	{"MM\x00*", "a TIFF image (a scan has no text)"},
	{"{\\rtf", "an RTF document, save it as .docx or PDF"},
	{"%!PS", "a PostScript file, convert it to PDF"},
	{"\x1f\x8b", "a gzip archive"},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"},
	{"Rar!\x1a\x07", "a RAR archive"},
	{"\x7fELF", "a program, not a document"},
	{"MZ", "a Windows program, not a document"},
	{"\x00\x00\x01\x00", "an icon image"},
}

// binaryType names a known binary format, or returns "" for anything else.
func binaryType(data []byte) string {
	for _, m := range magics {
		if bytes.HasPrefix(data, []byte(m.prefix)) {
			return m.what
		}
	}
	if len(data) >= 12 {
		switch {
		case string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
			return "a WebP image (a picture of a resume has no text)"
		case string(data[4:8]) == "ftyp":
			brand := string(data[8:12])
			if strings.HasPrefix(brand, "hei") || strings.HasPrefix(brand, "mif") || strings.HasPrefix(brand, "avi") {
				return "a HEIC/AVIF image (a picture of a resume has no text)"
			}
			return "a video or media file"
		}
	}
	return ""
}

func sizeString(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}
