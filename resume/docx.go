package resume

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// errBudget is raised when an archive expands beyond MaxUnzipped.
var errBudget = errors.New("over the decompression budget")

// zipBudget counts the bytes decompressed from one archive.
type zipBudget struct{ left int64 }

// open returns a reader of f that fails with errBudget once the archive
// as a whole has expanded past MaxUnzipped.
func (z *zipBudget) open(f *zip.File) (io.ReadCloser, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &budgetReadCloser{rc: rc, z: z}, nil
}

type budgetReadCloser struct {
	rc io.ReadCloser
	z  *zipBudget
}

func (b *budgetReadCloser) Read(p []byte) (int, error) {
	if b.z.left <= 0 {
		return 0, errBudget
	}
	if int64(len(p)) > b.z.left {
		p = p[:b.z.left]
	}
	n, err := b.rc.Read(p)
	b.z.left -= int64(n)
	return n, err
}

func (b *budgetReadCloser) Close() error { return b.rc.Close() }

// readZip reads a zip archive that should be a Word document.
func readZip(data []byte) (*Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("zip archive does not open (%v): %w", err, ErrCorrupt)
	}
	if len(zr.File) > MaxZipEntries {
		return nil, fmt.Errorf("zip archive with %d entries (limit %d): %w", len(zr.File), MaxZipEntries, ErrTooLarge)
	}
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	budget := &zipBudget{left: MaxUnzipped}
	part := mainPart(files, budget)
	f := files[part]
	if f == nil {
		return nil, fmt.Errorf("%s: %w", zipKind(files), ErrWrongType)
	}
	rc, err := budget.open(f)
	if err != nil {
		return nil, fmt.Errorf("word document %s does not open (%v): %w", part, err, ErrCorrupt)
	}
	defer rc.Close()
	text, err := docxText(rc)
	switch {
	case errors.Is(err, errBudget):
		return nil, fmt.Errorf("word document expands to over %s: %w", sizeString(MaxUnzipped), ErrTooLarge)
	case errors.Is(err, errTextCap):
		return nil, fmt.Errorf("word document holds over %s of text: %w", sizeString(MaxTextSize), ErrTooLarge)
	case err != nil:
		return nil, fmt.Errorf("word document %s does not parse (%v): %w", part, err, ErrCorrupt)
	}
	return &Document{Kind: KindDOCX, Text: normalize(text)}, nil
}

// mainPart finds the main document part through the package relationships
// (_rels/.rels), falling back to word/document.xml.
func mainPart(files map[string]*zip.File, budget *zipBudget) string {
	const fallback = "word/document.xml"
	f := files["_rels/.rels"]
	if f == nil || f.UncompressedSize64 > 1<<20 {
		return fallback
	}
	rc, err := budget.open(f)
	if err != nil {
		return fallback
	}
	defer rc.Close()
	var rels struct {
		Rel []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&rels); err != nil {
		return fallback
	}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			if target := path.Clean("/" + r.Target)[1:]; files[target] != nil {
				return target
			}
		}
	}
	return fallback
}

// zipKind names a zip archive that is not a Word document.
func zipKind(files map[string]*zip.File) string {
	switch {
	case files["xl/workbook.xml"] != nil:
		return "an Excel spreadsheet, not a Word document"
	case files["ppt/presentation.xml"] != nil:
		return "a PowerPoint presentation, not a Word document"
	case files["content.xml"] != nil && files["mimetype"] != nil:
		return "an OpenDocument file, save it as .docx or PDF"
	case files["META-INF/container.xml"] != nil:
		return "an EPUB book"
	}
	return "a zip archive, not a Word document (no word/document.xml)"
}

// errTextCap is raised when a document holds more than MaxTextSize of text.
var errTextCap = errors.New("over the text cap")

// docxText walks WordprocessingML: paragraphs become lines, w:t text is
// kept, w:tab becomes a tab, w:br a line break, list paragraphs start with
// "- ", and table cells are joined with " | ", one row a line.
func docxText(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	var (
		out     strings.Builder
		line    strings.Builder
		inText  int // depth inside w:t
		inRun   int
		inPPr   int
		list    bool
		cells   [][]string // per open table: the cells of the current row
		cellBuf []strings.Builder
	)
	endParagraph := func() {
		text := line.String()
		line.Reset()
		if n := len(cellBuf); n > 0 {
			// inside a table cell: paragraphs of a cell are joined by spaces
			c := &cellBuf[n-1]
			if c.Len() > 0 && strings.TrimSpace(text) != "" {
				c.WriteByte(' ')
			}
			if list && strings.TrimSpace(text) != "" {
				c.WriteString("- ")
			}
			c.WriteString(text)
			list = false
			return
		}
		if list && strings.TrimSpace(text) != "" {
			out.WriteString("- ")
		}
		out.WriteString(text)
		out.WriteByte('\n')
		list = false
	}
	for {
		if out.Len()+line.Len() > MaxTextSize {
			return "", errTextCap
		}
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Fallback": // mc:Fallback repeats what mc:Choice holds
				if err := d.Skip(); err != nil {
					return "", err
				}
			case "p":
				if line.Len() > 0 { // a paragraph nested in another (text box)
					endParagraph()
				}
				list = false
			case "pPr":
				inPPr++
			case "numPr":
				if inPPr > 0 {
					list = true
				}
			case "pStyle":
				if inPPr > 0 {
					for _, a := range t.Attr {
						if a.Name.Local == "val" && strings.HasPrefix(strings.ToLower(a.Value), "listbullet") {
							list = true
						}
					}
				}
			case "r":
				inRun++
			case "t":
				inText++
			case "tab":
				if inRun > 0 && inPPr == 0 {
					line.WriteByte('\t')
				}
			case "br", "cr":
				if inRun > 0 {
					line.WriteByte('\n')
				}
			case "noBreakHyphen":
				line.WriteByte('-')
			case "tbl":
				cells = append(cells, nil)
			case "tc":
				if len(cells) > 0 {
					cellBuf = append(cellBuf, strings.Builder{})
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "p":
				endParagraph()
			case "pPr":
				inPPr = max(inPPr-1, 0)
			case "r":
				inRun = max(inRun-1, 0)
			case "t":
				inText = max(inText-1, 0)
			case "tc":
				if n := len(cellBuf); n > 0 && len(cells) > 0 {
					if line.Len() > 0 {
						endParagraph()
					}
					cell := strings.TrimSpace(strings.ReplaceAll(cellBuf[n-1].String(), "\n", " "))
					cellBuf = cellBuf[:n-1]
					cells[len(cells)-1] = append(cells[len(cells)-1], cell)
				}
			case "tr":
				if n := len(cells); n > 0 {
					row := cells[n-1]
					cells[n-1] = nil
					var kept []string
					for _, c := range row {
						if c != "" {
							kept = append(kept, c)
						}
					}
					if len(kept) > 0 {
						line.WriteString(strings.Join(kept, " | "))
						endParagraph()
					}
				}
			case "tbl":
				if n := len(cells); n > 0 {
					cells = cells[:n-1]
				}
			}
		case xml.CharData:
			if inText > 0 {
				line.Write(t)
			}
		}
	}
	if line.Len() > 0 {
		endParagraph()
	}
	return out.String(), nil
}
