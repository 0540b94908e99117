package dataset

import (
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/skilldemand/skilldemand"
)

// Fields are the record fields a CSV column can map to.
var Fields = []string{"id", "title", "company", "location", "date", "url", "description"}

// columnAliases are the header names recognised for each field when the
// mapping does not name its column (compared case-insensitively, with
// spaces, hyphens and underscores ignored).
var columnAliases = map[string][]string{
	"id":          {"id", "jobid", "postingid", "externalid", "reqid", "requisitionid", "uid"},
	"title":       {"title", "jobtitle", "position", "positiontitle", "name", "role"},
	"company":     {"company", "companyname", "employer", "organization", "organisation"},
	"location":    {"location", "joblocation", "city", "place"},
	"date":        {"date", "posted", "dateposted", "posteddate", "postedat", "publishedat", "created", "createdat"},
	"url":         {"url", "link", "joburl", "joblink", "applyurl", "postingurl"},
	"description": {"description", "jobdescription", "body", "text", "details", "content"},
}

// Errors returned by ReadCSV and ParseMapping.
var (
	// ErrMapping is returned for a bad column mapping.
	ErrMapping = errors.New("bad column mapping")
	// ErrNoColumn is returned when a required field has no column.
	ErrNoColumn = errors.New("no column")
)

// ParseMapping reads "field=column" entries (e.g. "title=Job Title") into
// a mapping from record field to CSV column header.
func ParseMapping(entries []string) (map[string]string, error) {
	m := make(map[string]string, len(entries))
	for _, e := range entries {
		field, col, ok := strings.Cut(e, "=")
		field, col = strings.ToLower(strings.TrimSpace(field)), strings.TrimSpace(col)
		if !ok || col == "" {
			return nil, fmt.Errorf("%w: %q must be field=column, e.g. \"title=Job Title\"", ErrMapping, e)
		}
		if !slices.Contains(Fields, field) {
			return nil, fmt.Errorf("%w: unknown field %q in %q: use one of %s", ErrMapping, field, e, strings.Join(Fields, ", "))
		}
		m[field] = col
	}
	return m, nil
}

func normHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	return strings.NewReplacer(" ", "", "_", "", "-", "", ".", "").Replace(s)
}

// ReadCSV reads a CSV dataset with a header row and returns postings under
// board. mapping names the column of a field ("title" -> "Job Title");
// fields it leaves out are found by common header names. id and title are
// required. Like ReadJSONL, the first bad row stops the read with a
// *LineError (Line is the CSV record number, the header being 1).
func ReadCSV(r io.Reader, board string, mapping map[string]string) ([]*skilldemand.Posting, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, ErrEmpty
	}
	if err != nil {
		return nil, &LineError{Line: 1, Err: fmt.Errorf("malformed CSV header: %w", err)}
	}
	col := make(map[string]int)
	for field, name := range mapping {
		i := slices.IndexFunc(header, func(h string) bool { return normHeader(h) == normHeader(name) })
		if i < 0 {
			return nil, fmt.Errorf("%w: column %q for %s is not in the header (columns: %s)", ErrMapping, name, field, strings.Join(header, ", "))
		}
		col[field] = i
	}
	for _, field := range Fields {
		if _, ok := col[field]; ok {
			continue
		}
		for i, h := range header {
			if slices.Contains(columnAliases[field], normHeader(h)) {
				col[field] = i
				break
			}
		}
	}
	for _, field := range []string{"id", "title"} {
		if _, ok := col[field]; !ok {
			return nil, fmt.Errorf("%w for %s in the header (columns: %s): map one with \"%s=<column>\"", ErrNoColumn, field, strings.Join(header, ", "), field)
		}
	}
	get := func(rec []string, field string) string {
		if i, ok := col[field]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var out []*skilldemand.Posting
	ids := make(map[string]int)
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &LineError{Line: line, Err: fmt.Errorf("malformed CSV: %w", err)}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		for _, s := range rec {
			if len(s) > MaxLine {
				return nil, &LineError{Line: line, Err: ErrLongLine}
			}
		}
		r := Record{ID: get(rec, "id"), Title: get(rec, "title"), Company: get(rec, "company"), Location: get(rec, "location"),
			Date: get(rec, "date"), URL: get(rec, "url"), Description: get(rec, "description")}
		p, err := r.Posting(board)
		if err != nil {
			return nil, &LineError{Line: line, Err: err}
		}
		if first, ok := ids[p.ID]; ok {
			return nil, &LineError{Line: line, Err: fmt.Errorf("%w %q (first on record %d)", ErrDupID, r.ID, first)}
		}
		ids[p.ID] = line
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, ErrEmpty
	}
	return out, nil
}

// ReadFile reads a dataset file by its extension: .csv with ReadCSV, else
// JSONL with ReadJSONL; a further .gz is decompressed. mapping applies to
// CSV files only.
func ReadFile(path, board string, mapping map[string]string) ([]*skilldemand.Posting, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	name := strings.ToLower(path)
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
		name = strings.TrimSuffix(name, ".gz")
	}
	if strings.HasSuffix(name, ".csv") {
		return ReadCSV(r, board, mapping)
	}
	if len(mapping) > 0 {
		return nil, fmt.Errorf("%w: a column mapping applies to .csv files only; %s is read as JSONL with fields %s", ErrMapping, path, strings.Join(Fields, ", "))
	}
	return ReadJSONL(r, board)
}
