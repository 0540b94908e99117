package report

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"
)

// Output formats of WriteSkills and WriteReality.
const (
	FormatTable = "table" // aligned text for a terminal, shares as percentages
	FormatJSON  = "json"  // an array of row objects with snake_case keys
	FormatCSV   = "csv"   // RFC 4180 with a header row, shares as decimals
)

// Formats lists the formats the writers accept; "" means FormatTable.
var Formats = []string{FormatTable, FormatJSON, FormatCSV}

// ErrUnknownFormat is returned by the writers for a format not in Formats.
var ErrUnknownFormat = errors.New("unknown format")

func checkFormat(format string) (string, error) {
	if format == "" {
		return FormatTable, nil
	}
	for _, f := range Formats {
		if format == f {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w %q: use one of %s", ErrUnknownFormat, format, strings.Join(Formats, ", "))
}

// WriteSkills writes the skill table in the given format. total is the
// number of postings the shares are of; the table format prints it below the
// rows. The table shows each skill's name and id, and marks article skills.
func WriteSkills(w io.Writer, rows []SkillRow, total int, format string) error {
	format, err := checkFormat(format)
	if err != nil {
		return err
	}
	switch format {
	case FormatJSON:
		return writeJSON(w, rows)
	case FormatCSV:
		records := [][]string{{"rank", "skill", "name", "category", "article", "postings", "share",
			"required", "preferred", "responsibility", "mentioned"}}
		for _, r := range rows {
			records = append(records, []string{
				strconv.Itoa(r.Rank), r.Skill, r.Name, r.Category, strconv.FormatBool(r.Article),
				strconv.Itoa(r.Postings), decimal(r.Share),
				strconv.Itoa(r.Required), strconv.Itoa(r.Preferred),
				strconv.Itoa(r.Responsibility), strconv.Itoa(r.Mentioned),
			})
		}
		return writeCSV(w, records)
	}

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := []string{"RANK", "SKILL", "CATEGORY", "ARTICLE", "POSTINGS", "SHARE", "REQUIRED", "PREFERRED", "DUTY", "MENTIONED", "ID"}
	cells := make([][]string, 0, len(rows)+1)
	cells = append(cells, header)
	for _, r := range rows {
		art := ""
		if r.Article {
			art = "yes"
		}
		cells = append(cells, []string{
			strconv.Itoa(r.Rank), r.Name, r.Category, art, strconv.Itoa(r.Postings), tablePercent(r.Share),
			strconv.Itoa(r.Required), strconv.Itoa(r.Preferred), strconv.Itoa(r.Responsibility),
			strconv.Itoa(r.Mentioned), r.Skill,
		})
	}
	writeAligned(tw, cells, []bool{false, true, true, true, false, false, false, false, false, false, true})
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write skills table: %w", err)
	}
	return writeFooter(w, len(rows), "skills", total)
}

// WriteReality writes the listed-vs-reality table in the given format. The
// table format leaves out the claim text (too long for a terminal); JSON and
// CSV carry it. Role-level rows leave the listed columns blank in the table
// and in CSV, as no skill is listed for them.
func WriteReality(w io.Writer, rows []RealityRow, total int, format string) error {
	format, err := checkFormat(format)
	if err != nil {
		return err
	}
	switch format {
	case FormatJSON:
		return writeJSON(w, rows)
	case FormatCSV:
		records := [][]string{{"skill", "name", "group", "listed", "listed_share", "required", "required_share",
			"signal", "signal_name", "shown", "shown_share", "claim", "verdict"}}
		for _, r := range rows {
			listed, listedShare, req, reqShare := strconv.Itoa(r.Listed), decimal(r.ListedShare), strconv.Itoa(r.Required), decimal(r.RequiredShare)
			if r.RoleLevel() {
				listed, listedShare, req, reqShare = "", "", "", ""
			}
			shown, shownShare := strconv.Itoa(r.Shown), decimal(r.ShownShare)
			if r.Signal == "" {
				shown, shownShare = "", ""
			}
			records = append(records, []string{
				r.Skill, r.Name, r.Group, listed, listedShare, req, reqShare,
				r.Signal, r.SignalName, shown, shownShare, r.Claim, r.Verdict,
			})
		}
		return writeCSV(w, records)
	}

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	cells := [][]string{{"SKILL", "GROUP", "LISTED", "REQUIRED", "SIGNAL", "SHOWN", "VERDICT"}}
	for _, r := range rows {
		name, group, listed, req := r.Name, r.Group, tablePercent(r.ListedShare), tablePercent(r.RequiredShare)
		if r.RoleLevel() {
			group, listed, req = "role", "-", "-"
		}
		sig, shown := r.SignalName, tablePercent(r.ShownShare)
		if r.Signal == "" {
			sig, shown = "-", "-"
		}
		cells = append(cells, []string{name, group, listed, req, sig, shown, r.Verdict})
	}
	writeAligned(tw, cells, []bool{true, true, false, false, true, false, true})
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write reality table: %w", err)
	}
	return writeFooter(w, len(rows), "rows", total)
}

// writeAligned writes cells, one row a line, to a tabwriter that aligns
// columns left. Columns not marked left are numbers: they are padded on the
// left to their widest cell so they read right-aligned. The last cell of a
// row ends the line, so lines carry no trailing blanks.
func writeAligned(tw io.Writer, cells [][]string, left []bool) {
	width := make([]int, len(left))
	for _, row := range cells {
		for i := range row {
			row[i] = termSafe(row[i])
			if n := utf8.RuneCountInString(row[i]); n > width[i] {
				width[i] = n
			}
		}
	}
	var b strings.Builder
	for _, row := range cells {
		b.Reset()
		for i, c := range row {
			if !left[i] {
				c = strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)) + c
			}
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteByte('\t')
			}
		}
		b.WriteByte('\n')
		io.WriteString(tw, b.String())
	}
}

func writeFooter(w io.Writer, n int, what string, total int) error {
	var err error
	if total == 0 {
		_, err = fmt.Fprintf(w, "\n%d %s; no postings counted, so every share is 0.\n", n, what)
	} else {
		_, err = fmt.Fprintf(w, "\n%d %s; shares are of %d postings.\n", n, what, total)
	}
	if err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

func writeJSON[T any](w io.Writer, rows []T) error {
	if rows == nil {
		rows = []T{} // "[]", never "null"
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rows); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

func writeCSV(w io.Writer, records [][]string) error {
	for _, rec := range records {
		for i := range rec {
			rec[i] = CSVSafe(rec[i])
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(records); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// CSVSafe stops a spreadsheet from reading a text cell as a formula: a cell
// starting with '=', '+', '-', '@', a tab or a carriage return gets a
// leading single quote. The writers apply it to every cell; numbers they
// write never start with those characters.
func CSVSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// termSafe keeps a table cell on one line and drops control characters, so
// text from postings or configs cannot break the layout or send terminal
// escape sequences.
func termSafe(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// decimal formats a share with four decimal places, as CSV carries it.
func decimal(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }

// tablePercent formats a share with one decimal place for the terminal.
func tablePercent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }
