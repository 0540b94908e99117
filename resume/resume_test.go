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

func mustRead(t *testing.T, data []byte, name string) *resume.Document {
	t.Helper()
	doc, err := resume.Read(bytes.NewReader(data), name)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return doc
}

// checkErr checks that Read fails with want and a one-line message that
// holds each of the fragments.
func checkErr(t *testing.T, data []byte, name string, want error, fragments ...string) {
	t.Helper()
	doc, err := resume.Read(bytes.NewReader(data), name)
	if !errors.Is(err, want) {
		var text string
		if doc != nil {
			text = doc.Text
		}
		t.Fatalf("Read(%s): got error %v (text %.60q), want %v", name, err, text, want)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		t.Errorf("error message has several lines: %q", msg)
	}
	for _, f := range fragments {
		if !strings.Contains(msg, f) {
			t.Errorf("error %q: does not say %q", msg, f)
		}
	}
}

func TestRead_Text(t *testing.T) {
	t.Run("Markdown", func(t *testing.T) {
		doc, err := resume.ReadFile(filepath.Join("testdata", "strong-tpm.md"))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Kind != resume.KindMarkdown || doc.Pages != 0 {
			t.Errorf("got kind %q pages %d, want markdown 0", doc.Kind, doc.Pages)
		}
		for _, want := range []string{"# Sam Example", "- Kept a risk register", "PMP", "Jira", "SQL", "API design reviews", "distributed systems"} {
			if !strings.Contains(doc.Text, want) {
				t.Errorf("text lacks %q", want)
			}
		}
	})
	t.Run("Text", func(t *testing.T) {
		doc, err := resume.ReadFile(filepath.Join("testdata", "unrelated.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Kind != resume.KindText {
			t.Errorf("got kind %q, want text", doc.Kind)
		}
		if !strings.Contains(doc.Text, "Pastry Chef") {
			t.Errorf("text lacks the title: %q", doc.Text)
		}
	})
	t.Run("NameOnlyHintsMarkdown", func(t *testing.T) {
		// Content decides the type: text named .pdf is text.
		if got := mustRead(t, []byte("Program manager"), "cv.pdf").Kind; got != resume.KindText {
			t.Errorf("got %q, want text", got)
		}
		if got := mustRead(t, []byte("# Program manager"), "CV.MD").Kind; got != resume.KindMarkdown {
			t.Errorf("got %q, want markdown", got)
		}
		if got := mustRead(t, []byte("# Program manager"), "").Kind; got != resume.KindText {
			t.Errorf("got %q, want text", got)
		}
	})
	t.Run("UTF8BOM", func(t *testing.T) {
		if got := mustRead(t, []byte("\xef\xbb\xbfJira and SQL"), "cv.txt").Text; got != "Jira and SQL" {
			t.Errorf("got %q, want %q", got, "Jira and SQL")
		}
	})
	t.Run("UTF16", func(t *testing.T) {
		le := []byte{0xFF, 0xFE}
		be := []byte{0xFE, 0xFF}
		for _, r := range "Résumé: Jira\r\n" {
			le = append(le, byte(r), byte(r>>8))
			be = append(be, byte(r>>8), byte(r))
		}
		for name, data := range map[string][]byte{"le": le, "be": be} {
			if got := mustRead(t, data, "cv.txt").Text; got != "Résumé: Jira" {
				t.Errorf("%s: got %q, want %q", name, got, "Résumé: Jira")
			}
		}
	})
	t.Run("ErrWrongType", func(t *testing.T) {
		checkErr(t, []byte("Caf\xe9 manager, Jira"), "cv.txt", resume.ErrWrongType, "UTF-8", "byte 3")
		checkErr(t, []byte("J\x00i\x00r\x00a\x00 \x00a\x00n\x00d\x00"), "cv.txt", resume.ErrWrongType, "UTF-16")
		checkErr(t, []byte("abc\x00\x01\x02\x03\xff\xfe\x00junk"), "x.bin", resume.ErrWrongType, "binary")
		checkErr(t, []byte("\x01\x02\x03\x04\x05\x06 a"), "x.txt", resume.ErrWrongType, "binary")
		checkErr(t, []byte{0xFF, 0xFE, 'a'}, "x.txt", resume.ErrWrongType, "UTF-16")
		checkErr(t, []byte{0xFF, 0xFE, 0x00, 0xD8}, "x.txt", resume.ErrWrongType, "UTF-16")
	})
}

func TestRead_Errors(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	tests := []struct {
		name      string
		data      []byte
		want      error
		fragments []string
	}{
		{"empty", nil, resume.ErrEmpty, []string{"empty file", "upload"}},
		{"blank", []byte(" \r\n\t\n  \n"), resume.ErrEmpty, []string{"no text"}},
		{"bullets only", []byte("•\n- \n* *\n"), resume.ErrEmpty, nil},
		{"png", png, resume.ErrWrongType, []string{"PNG image", "upload a PDF"}},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), resume.ErrWrongType, []string{"JPEG"}},
		{"gif", []byte("GIF89a\x01\x00"), resume.ErrWrongType, []string{"GIF"}},
		{"webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "), resume.ErrWrongType, []string{"WebP"}},
		{"heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00"), resume.ErrWrongType, []string{"HEIC"}},
		{"rtf", []byte(`{\rtf1\ansi Program manager}`), resume.ErrWrongType, []string{"RTF", ".docx"}},
		{"gzip", []byte("\x1f\x8b\x08\x00"), resume.ErrWrongType, []string{"gzip"}},
		{"legacy doc", oleFile("WordDocument"), resume.ErrWrongType, []string{"legacy Word", "save it as .docx or PDF"}},
		{"encrypted docx", oleFile("EncryptionInfo", "EncryptedPackage"), resume.ErrEncrypted, []string{"password-protected", "remove the password"}},
		{"other ole", oleFile("Something"), resume.ErrWrongType, []string{"OLE"}},
		{"oversized", bytes.Repeat([]byte("a"), resume.MaxSize+1), resume.ErrTooLarge, []string{"5.0 MB", "under 5 MB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, tt.data, "upload.bin", tt.want, tt.fragments...)
		})
	}
	t.Run("MaxSizeAccepted", func(t *testing.T) {
		data := bytes.Repeat([]byte("Jira SQL\n"), resume.MaxSize/9)
		if doc := mustRead(t, data, "cv.txt"); len(doc.Text) == 0 {
			t.Errorf("got no text")
		}
	})
	t.Run("ReadStopsAtLimit", func(t *testing.T) {
		r := &countingReader{}
		_, err := resume.Read(r, "big.txt")
		if !errors.Is(err, resume.ErrTooLarge) {
			t.Fatalf("got %v, want ErrTooLarge", err)
		}
		if r.n > resume.MaxSize+1+64<<10 {
			t.Errorf("read %d bytes, want about %d", r.n, resume.MaxSize+1)
		}
	})
	t.Run("ReaderError", func(t *testing.T) {
		boom := errors.New("connection reset")
		_, err := resume.Read(errReader{boom}, "cv.pdf")
		if !errors.Is(err, boom) {
			t.Errorf("got %v, want %v", err, boom)
		}
	})
}

// countingReader yields endless text and counts what was read.
type countingReader struct{ n int }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	c.n += len(p)
	return len(p), nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// oleFile is an OLE compound file header followed by directory entry
// names in UTF-16LE, as Word and Office encryption write them.
func oleFile(streams ...string) []byte {
	b := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	b = append(b, make([]byte, 504)...)
	for _, s := range streams {
		for i := 0; i < len(s); i++ {
			b = append(b, s[i], 0)
		}
		b = append(b, make([]byte, 128-2*len(s))...)
	}
	return b
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	t.Run("Missing", func(t *testing.T) {
		_, err := resume.ReadFile(filepath.Join(dir, "nope.pdf"))
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("got %v, want not-exist", err)
		}
		if err != nil && !strings.Contains(err.Error(), "check the path") {
			t.Errorf("error %q does not name the fix", err)
		}
	})
	t.Run("Directory", func(t *testing.T) {
		_, err := resume.ReadFile(dir)
		if !errors.Is(err, resume.ErrWrongType) {
			t.Errorf("got %v, want ErrWrongType", err)
		}
	})
	t.Run("TooLarge", func(t *testing.T) {
		path := filepath.Join(dir, "big.txt")
		if err := os.WriteFile(path, bytes.Repeat([]byte("x"), resume.MaxSize+10), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := resume.ReadFile(path)
		if !errors.Is(err, resume.ErrTooLarge) {
			t.Errorf("got %v, want ErrTooLarge", err)
		}
	})
	t.Run("NameIsBase", func(t *testing.T) {
		path := filepath.Join(dir, "empty.md")
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := resume.ReadFile(path)
		if err == nil || !strings.Contains(err.Error(), `resume "empty.md"`) {
			t.Errorf("got %v, want it to name empty.md", err)
		}
	})
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"crlf", "a\r\nb\rc", "a\nb\nc"},
		{"spaces", "  Led   the   program  \t ", "Led the program"},
		{"tabs", "Jira\t\tSQL  \t Go", "Jira\tSQL\tGo"},
		{"blank lines", "\n\na\n\n\n\nb\n\n", "a\n\nb"},
		{"bullets", "• one\n●two\n* three\n+ four\n– five\n\uf0b7 six\n- seven", "- one\n- two\n- three\n- four\n- five\n- six\n- seven"},
		{"not bullets", "**Bold**\n-5% cost\n*emphasis*", "**Bold**\n-5% cost\n*emphasis*"},
		{"lone bullet", "•\nRan reviews\n•\n\nWrote SQL", "- Ran reviews\n- Wrote SQL"},
		{"controls", "Technical program manager: a\x01b\x07c\u200bd\u00ade\ufeff\x1bf", "Technical program manager: abcdef"},
		{"ligatures", "e\ufb03cient work\ufb02ow", "efficient workflow"},
		{"unicode spaces", "a\u00a0b\u2003c", "a b c"},
		{"separators", "a\u2028b\u2029c\fd", "a\nb\n\nc\n\nd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustRead(t, []byte(tt.in), "x.txt").Text; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRead_AllKinds reads the strong sample as Markdown, DOCX and PDF and
// checks that the words agree.
func TestRead_AllKinds(t *testing.T) {
	md, err := resume.ReadFile(filepath.Join("testdata", "strong-tpm.md"))
	if err != nil {
		t.Fatal(err)
	}
	plain := strings.ReplaceAll(md.Text, "#", "")
	for _, tt := range []struct {
		kind resume.Kind
		data []byte
	}{
		{resume.KindDOCX, strongDOCX(t)},
		{resume.KindPDF, strongPDF(t)},
	} {
		t.Run(string(tt.kind), func(t *testing.T) {
			doc := mustRead(t, tt.data, "strong")
			if doc.Kind != tt.kind {
				t.Errorf("got kind %q, want %q", doc.Kind, tt.kind)
			}
			if got := overlap(plain, doc.Text); got < 0.97 {
				t.Errorf("word overlap with the Markdown is %.2f, want ≥ 0.97; text:\n%s", got, doc.Text)
			}
			for _, want := range []string{"- Kept a risk register with owners", "B.S. in Computer Science", "- PMP (Project Management Professional)"} {
				if !strings.Contains(doc.Text, want) {
					t.Errorf("text lacks line %q:\n%s", want, doc.Text)
				}
			}
			if got, want := lineCount(doc.Text), lineCount(plain); got < want*8/10 {
				t.Errorf("got %d lines, want about %d", got, want)
			}
		})
	}
}

// lineCount counts the non-empty lines of s.
func lineCount(s string) int {
	n := 0
	for l := range strings.SplitSeq(s, "\n") {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

func Example() {
	doc, err := resume.Read(strings.NewReader("Jane Example\r\n\r\n•  Ran   programs with Jira\n"), "cv.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Kind)
	fmt.Println(doc.Text)
	_, err = resume.Read(strings.NewReader("\x89PNG\r\n\x1a\n...."), "scan.png")
	fmt.Println(err)
	// Output:
	// text
	// Jane Example
	//
	// - Ran programs with Jira
	// resume "scan.png": a PNG image (a picture of a resume has no text): unsupported file type; upload a PDF, a Word .docx, a Markdown or a plain-text (UTF-8) file
}

func BenchmarkRead(b *testing.B) {
	md, err := os.ReadFile(filepath.Join("testdata", "strong-tpm.md"))
	if err != nil {
		b.Fatal(err)
	}
	for _, bb := range []struct {
		name string
		data []byte
	}{
		{"markdown", md},
		{"docx", strongDOCX(b)},
		{"pdf", strongPDF(b)},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(bb.data)))
			for b.Loop() {
				if _, err := resume.Read(bytes.NewReader(bb.data), "cv.md"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
