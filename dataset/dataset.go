// Package dataset reads job postings from dataset files (JSONL and CSV) so they can
// be analysed without crawling. It uses only the standard library.
package dataset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/skilldemand/skilldemand"
)

// Source is the source type of imported postings.
const Source = "file"

// MaxLine is the longest JSONL record accepted.
const MaxLine = 8 << 20

// Record is one line of a JSONL dataset.
type Record struct {
	ID          string `json:"id"`
	Source      string `json:"source"`
	Title       string `json:"title"`
	Company     string `json:"company"`
	Location    string `json:"location"`
	Date        string `json:"date"`
	URL         string `json:"url"`
	Description string `json:"description"`
}

// LineError is a problem with one line of a dataset file.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// Errors returned by ReadJSONL.
var (
	ErrEmpty    = errors.New("no records")
	ErrNoID     = errors.New(`record has no "id"`)
	ErrNoTitle  = errors.New(`record has no "title"`)
	ErrLongLine = fmt.Errorf("record longer than %d MB", MaxLine>>20)
	ErrDupID    = errors.New("duplicate id")
)

// ReadJSONL reads every record of a JSONL dataset and returns postings
// under board. Blank lines are skipped. The first bad line stops the read
// with a *LineError, so a caller can refuse the whole file before storing
// anything.
func ReadJSONL(r io.Reader, board string) ([]*skilldemand.Posting, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	var out []*skilldemand.Posting
	ids := make(map[string]int)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var rec Record
		dec := json.NewDecoder(bytes.NewReader(b))
		if err := dec.Decode(&rec); err != nil {
			return nil, &LineError{Line: line, Err: fmt.Errorf("malformed JSON: %w", err)}
		}
		if dec.More() {
			return nil, &LineError{Line: line, Err: errors.New("more than one JSON value on the line")}
		}
		p, err := rec.Posting(board)
		if err != nil {
			return nil, &LineError{Line: line, Err: err}
		}
		if first, ok := ids[p.ID]; ok {
			return nil, &LineError{Line: line, Err: fmt.Errorf("%w %q (first on line %d)", ErrDupID, rec.ID, first)}
		}
		ids[p.ID] = line
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &LineError{Line: line + 1, Err: ErrLongLine}
		}
		return nil, fmt.Errorf("read dataset: %w", err)
	}
	if len(out) == 0 {
		return nil, ErrEmpty
	}
	return out, nil
}

// Posting turns the record into a posting of the given board.
func (r *Record) Posting(board string) (*skilldemand.Posting, error) {
	id := strings.TrimSpace(r.ID)
	if id == "" {
		return nil, ErrNoID
	}
	if strings.TrimSpace(r.Title) == "" {
		return nil, ErrNoTitle
	}
	p := &skilldemand.Posting{
		ID:          skilldemand.MakeID(Source, board, id),
		Source:      Source,
		Board:       board,
		ExternalID:  id,
		Title:       strings.TrimSpace(r.Title),
		Company:     strings.TrimSpace(r.Company),
		Location:    strings.TrimSpace(r.Location),
		URL:         strings.TrimSpace(r.URL),
		Posted:      ParseDate(r.Date),
		Description: r.Description,
		Format:      skilldemand.FormatText,
	}
	if LooksLikeHTML(r.Description) {
		p.Format = skilldemand.FormatHTML
	}
	if strings.Contains(strings.ToLower(p.Location), "remote") {
		p.Workplace = skilldemand.WorkplaceRemote
	}
	return p, nil
}

var htmlTag = regexp.MustCompile(`(?i)<(p|br|li|ul|ol|div|h[1-6]|strong|b|em|span|table)[\s/>]`)

// LooksLikeHTML reports whether s carries HTML markup rather than plain text
// or Markdown.
func LooksLikeHTML(s string) bool {
	if len(s) > 4096 {
		s = s[:4096]
	}
	return htmlTag.MatchString(s)
}

// dateLayouts are the date forms datasets use, most precise first.
var dateLayouts = []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", time.DateOnly, "2006-01", "January 2, 2006", "Jan 2, 2006", "02/01/2006"}

// ParseDate reads a dataset date; unknown forms give the zero time.
func ParseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

var boardClean = regexp.MustCompile(`[^a-z0-9._-]+`)

// BoardName derives a board name from a file name: "dev.jsonl" -> "dev".
func BoardName(filename string) string {
	base := filename
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	for _, ext := range []string{".gz", ".jsonl", ".json", ".ndjson", ".csv"} {
		base = strings.TrimSuffix(base, ext)
	}
	base = strings.Trim(boardClean.ReplaceAllString(strings.ToLower(base), "-"), "-")
	if base == "" {
		return "dataset"
	}
	return base
}
