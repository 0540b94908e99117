package resume_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand/resume"
)

func TestRead_DOCX(t *testing.T) {
	r := func(text string) string { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }
	tests := []struct {
		name, body, want string
	}{
		{"paragraphs", para("Sam Example", false) + para("Technical Program Manager", false), "Sam Example\nTechnical Program Manager"},
		{"runs join", `<w:p><w:r><w:t>Dis</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>tributed</w:t></w:r><w:r><w:t xml:space="preserve"> systems</w:t></w:r></w:p>`, "Distributed systems"},
		{"list items", para("Skills", false) + para("Jira", true) + para("SQL", true), "Skills\n- Jira\n- SQL"},
		{"list style", `<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr>` + r("Roadmaps") + `</w:p>`, "- Roadmaps"},
		{"tab and break", `<w:p><w:r><w:t>Example Co.</w:t><w:tab/><w:t>2019</w:t><w:br/><w:t>Senior TPM</w:t></w:r></w:p>`, "Example Co.\t2019\nSenior TPM"},
		{"tab stops are not tabs", `<w:p><w:pPr><w:tabs><w:tab w:val="right" w:pos="9000"/></w:tabs></w:pPr>` + r("Role") + `</w:p>`, "Role"},
		{"table", `<w:tbl><w:tr><w:tc>` + para("Skill", false) + `</w:tc><w:tc>` + para("Years", false) + `</w:tc></w:tr>` +
			`<w:tr><w:tc>` + para("SQL", false) + para("and Tableau", false) + `</w:tc><w:tc>` + para("6", false) + `</w:tc></w:tr></w:tbl>` + para("After", false),
			"Skill | Years\nSQL and Tableau | 6\nAfter"},
		{"empty cells dropped", `<w:tbl><w:tr><w:tc><w:p/></w:tc><w:tc>` + para("Jira", false) + `</w:tc></w:tr></w:tbl>`, "Jira"},
		{"text box once", `<w:p>` + r("Header") + `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>` + para("In the box", false) +
			`</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>` + para("In the box", false) + `</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`,
			"Header\nIn the box"},
		{"deleted and field text skipped", `<w:p>` + r("Kept") + `<w:del><w:r><w:delText>Gone</w:delText></w:r></w:del><w:r><w:instrText> HYPERLINK x </w:instrText></w:r></w:p>`, "Kept"},
		{"entities and unicode", para("R&D · Résumé — “TPM”", false), "R&D · Résumé — “TPM”"},
		{"bullet glyphs", para("• Led programs", false), "- Led programs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustRead(t, docxFile(t, tt.body, nil), "cv.docx")
			if doc.Kind != resume.KindDOCX || doc.Pages != 0 {
				t.Errorf("got kind %q pages %d, want docx 0", doc.Kind, doc.Pages)
			}
			if doc.Text != tt.want {
				t.Errorf("got %q, want %q", doc.Text, tt.want)
			}
		})
	}
	t.Run("MainPartFromRels", func(t *testing.T) {
		data := docxFile(t, "", map[string]string{
			"word/document.xml": "",
			"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
				`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`,
			"word/document2.xml": docxDocument(para("Renamed part", false)),
		})
		if got := mustRead(t, data, "cv.docx").Text; got != "Renamed part" {
			t.Errorf("got %q, want %q", got, "Renamed part")
		}
	})
	t.Run("Unrelated", func(t *testing.T) {
		data := docxFile(t, para("Pastry chef", false)+para("Croissants and brioche", true), nil)
		if got := mustRead(t, data, "chef.docx").Text; got != "Pastry chef\n- Croissants and brioche" {
			t.Errorf("got %q", got)
		}
	})
}

func TestRead_DOCXErrors(t *testing.T) {
	t.Run("ErrWrongType", func(t *testing.T) {
		tests := []struct {
			name     string
			files    map[string]string
			fragment string
		}{
			{"plain zip", map[string]string{"notes.txt": "Program manager"}, "zip archive, not a Word document"},
			{"spreadsheet", map[string]string{"xl/workbook.xml": "<workbook/>"}, "Excel spreadsheet"},
			{"presentation", map[string]string{"ppt/presentation.xml": "<p/>"}, "PowerPoint"},
			{"opendocument", map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}, "OpenDocument"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				checkErr(t, zipFile(t, tt.files), "cv.docx", resume.ErrWrongType, tt.fragment)
			})
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		checkErr(t, docxFile(t, `<w:p/><w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p>`, nil), "cv.docx", resume.ErrEmpty, "docx file without text")
		checkErr(t, zipFile(t, map[string]string{}), "cv.docx", resume.ErrWrongType)
	})
	t.Run("ErrCorrupt", func(t *testing.T) {
		good := docxFile(t, para("Program manager", false), nil)
		tests := []struct {
			name     string
			data     []byte
			fragment string
		}{
			{"truncated zip", good[:len(good)-40], "zip archive does not open"},
			{"broken xml", docxFile(t, `<w:p><w:r><w:t>Open`, nil), "does not parse"},
			{"not xml", docxFile(t, "", map[string]string{"word/document.xml": "\x00\x01binary"}), "does not parse"},
			{"entity", docxFile(t, "", map[string]string{"word/document.xml": `<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]><w:document xmlns:w="x"><w:p><w:r><w:t>&a;&a;</w:t></w:r></w:p></w:document>`}), "does not parse"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				checkErr(t, tt.data, "cv.docx", resume.ErrCorrupt, tt.fragment)
			})
		}
	})
	t.Run("Bomb", func(t *testing.T) {
		// 30 MB of markup compresses to a few tens of KB.
		huge := docxFile(t, `<w:p><w:r><w:t>`+strings.Repeat("<w:t/>", 5<<20)+`</w:t></w:r></w:p>`, nil)
		if len(huge) > 1<<20 {
			t.Fatalf("bomb is %d bytes, want a small file", len(huge))
		}
		start := time.Now()
		checkErr(t, huge, "cv.docx", resume.ErrTooLarge, "expands to over 20.0 MB")
		t.Logf("refused in %v", time.Since(start))
	})
	t.Run("TextCap", func(t *testing.T) {
		long := docxFile(t, para(strings.Repeat("Jira SQL ", (resume.MaxTextSize/9)+10), false), nil)
		checkErr(t, long, "cv.docx", resume.ErrTooLarge, "over 5.0 MB of text")
	})
	t.Run("TooManyEntries", func(t *testing.T) {
		files := map[string]string{}
		for i := range resume.MaxZipEntries + 1 {
			files[fmt.Sprintf("word/media/%d.txt", i)] = "x"
		}
		checkErr(t, docxFile(t, para("Jira", false), files), "cv.docx", resume.ErrTooLarge, "entries")
	})
	t.Run("NotZipButPK", func(t *testing.T) {
		checkErr(t, []byte("PK\x03\x04 not really a zip archive at all"), "cv.docx", resume.ErrCorrupt)
	})
	t.Run("BombStaysSmall", func(t *testing.T) {
		// The budget counts across parts: a large rels part plus the document.
		data := docxFile(t, para("Jira", false), map[string]string{"_rels/.rels": strings.Repeat(" ", 2<<20)})
		if got := mustRead(t, bytes.Clone(data), "cv.docx").Text; got != "Jira" {
			t.Errorf("got %q, want Jira", got)
		}
	})
}
