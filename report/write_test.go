package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	jobs "github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/report"
)

func sampleSkills() []report.SkillRow {
	return report.Skills(demand(40,
		count("project-management", 20, 2, 8, 0),
		count("sql", 1, 4, 0, 0),
	), taxonomy)
}

func sampleReality() []report.RealityRow {
	d := demand(50, count("cross-functional-leadership", 10, 0, 30, 0))
	d.Signals["program-scale"] = 31
	d.Signals["engineering-background"] = 4
	return report.Reality(d, articleSkills(), signals)
}

func TestWriteSkills(t *testing.T) {
	rows := sampleSkills()

	t.Run("Table", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteSkills(&buf, rows, 40, "table"); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		lines := strings.Split(out, "\n")
		for _, h := range []string{"RANK", "SKILL", "CATEGORY", "POSTINGS", "SHARE", "REQUIRED", "PREFERRED", "DUTY", "ID"} {
			if !strings.Contains(lines[0], h) {
				t.Errorf("header %q: got first line %q, want it to contain the header", h, lines[0])
			}
		}
		for _, want := range []string{"Project Management", "75.0%", "12.5%", "0.0%", "shares are of 40 postings"} {
			if !strings.Contains(out, want) {
				t.Errorf("got table\n%s\nwant it to contain %q", out, want)
			}
		}
		// Columns line up: every row's SHARE cell ends where the header's does.
		col := strings.Index(lines[0], "SHARE") + len("SHARE")
		for _, l := range lines[1 : 1+len(rows)] {
			if len(l) < col || l[col-1] != '%' {
				t.Errorf("got row %q, want a share ending at column %d", l, col)
			}
		}
		for _, l := range lines {
			if strings.HasSuffix(l, " ") {
				t.Errorf("got trailing blanks in %q", l)
			}
		}
	})

	t.Run("DefaultIsTable", func(t *testing.T) {
		var a, b bytes.Buffer
		if err := report.WriteSkills(&a, rows, 40, ""); err != nil {
			t.Fatal(err)
		}
		if err := report.WriteSkills(&b, rows, 40, "table"); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("got different output for \"\" and \"table\"")
		}
	})

	t.Run("JSON", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteSkills(&buf, rows, 40, "json"); err != nil {
			t.Fatal(err)
		}
		var got []map[string]any
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("parse json: %v\n%s", err, buf.String())
		}
		if len(got) != len(rows) {
			t.Fatalf("got %d objects, want %d", len(got), len(rows))
		}
		for _, k := range []string{"rank", "skill", "name", "category", "article", "postings", "share", "required", "preferred", "responsibility", "mentioned"} {
			if _, ok := got[0][k]; !ok {
				t.Errorf("got keys %v, want %q", got[0], k)
			}
		}
		if got[0]["skill"] != "project-management" || got[0]["share"] != 0.75 {
			t.Errorf("got first row %v, want project-management with share 0.75", got[0])
		}
		var back []report.SkillRow
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		if back[1] != rows[1] {
			t.Errorf("round trip: got %+v, want %+v", back[1], rows[1])
		}
	})

	t.Run("JSONEmpty", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteSkills(&buf, nil, 0, "json"); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(buf.String()); got != "[]" {
			t.Errorf("got %q, want []", got)
		}
	})

	t.Run("CSV", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteSkills(&buf, rows, 40, "csv"); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("parse csv: %v", err)
		}
		if len(recs) != len(rows)+1 {
			t.Fatalf("got %d records, want header + %d", len(recs), len(rows))
		}
		wantHeader := "rank,skill,name,category,article,postings,share,required,preferred,responsibility,mentioned"
		if got := strings.Join(recs[0], ","); got != wantHeader {
			t.Errorf("header: got %q, want %q", got, wantHeader)
		}
		if got := recs[1]; got[1] != "project-management" || got[6] != "0.7500" || got[7] != "20" || got[4] != "true" {
			t.Errorf("first row: got %v, want project-management, share 0.7500, required 20, article true", got)
		}
		if got := recs[2][6]; got != "0.1250" {
			t.Errorf("second share: got %q, want 0.1250", got)
		}
	})
}

func TestWriteReality(t *testing.T) {
	rows := sampleReality()

	t.Run("Table", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteReality(&buf, rows, 50, "table"); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range []string{"SKILL", "LISTED", "REQUIRED", "SIGNAL", "SHOWN", "VERDICT",
			"Cross-functional Leadership", "80.0%", "20.0%", "62.0%", "8.0%", "Engineering background", "role"} {
			if !strings.Contains(out, want) {
				t.Errorf("got table\n%s\nwant it to contain %q", out, want)
			}
		}
	})

	t.Run("JSON", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteReality(&buf, rows, 50, "json"); err != nil {
			t.Fatal(err)
		}
		var got []map[string]any
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("parse json: %v", err)
		}
		for _, k := range []string{"skill", "name", "group", "listed", "listed_share", "required", "required_share",
			"signal", "signal_name", "shown", "shown_share", "claim", "verdict"} {
			if _, ok := got[0][k]; !ok {
				t.Errorf("got keys %v, want %q", got[0], k)
			}
		}
		var back []report.RealityRow
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			if back[i] != rows[i] {
				t.Errorf("round trip row %d: got %+v, want %+v", i, back[i], rows[i])
			}
		}
	})

	t.Run("CSV", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteReality(&buf, rows, 50, "csv"); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("parse csv: %v", err)
		}
		if len(recs) != len(rows)+1 {
			t.Fatalf("got %d records, want %d", len(recs), len(rows)+1)
		}
		xf := recs[2] // header, project-management, cross-functional-leadership
		if xf[0] != "cross-functional-leadership" || xf[4] != "0.8000" || xf[6] != "0.2000" || xf[9] != "31" || xf[10] != "0.6200" {
			t.Errorf("cross-functional row: got %v", xf)
		}
		role := recs[len(recs)-1]
		if role[0] != "" || role[3] != "" || role[4] != "" || role[7] != "engineering-background" || role[10] != "0.0800" {
			t.Errorf("role-level row: got %v, want blank listed cells and the signal share", role)
		}
	})
}

func TestUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	for name, err := range map[string]error{
		"skills":  report.WriteSkills(&buf, sampleSkills(), 40, "xml"),
		"reality": report.WriteReality(&buf, sampleReality(), 50, "XML"),
	} {
		if !errors.Is(err, report.ErrUnknownFormat) {
			t.Errorf("%s: got %v, want ErrUnknownFormat", name, err)
			continue
		}
		for _, f := range report.Formats {
			if !strings.Contains(err.Error(), f) {
				t.Errorf("%s: got %q, want it to name %q", name, err, f)
			}
		}
	}
	if buf.Len() != 0 {
		t.Errorf("got %d bytes written on error, want none", buf.Len())
	}
}

func TestCSVFormulaInjection(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"+1", "'+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tcmd", "'\tcmd"},
		{"plain", "plain"},
		{"a=b", "a=b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := report.CSVSafe(tt.in); got != tt.want {
			t.Errorf("CSVSafe(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}

	t.Run("Writers", func(t *testing.T) {
		tax := []jobs.Skill{{ID: "=cmd|' /C calc'!A0", Name: "@evil", Category: "-x"}}
		rows := report.Skills(demand(3, count("=cmd|' /C calc'!A0", 1, 0, 0, 0)), tax)
		var buf bytes.Buffer
		if err := report.WriteSkills(&buf, rows, 3, "csv"); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, cell := range recs[1] {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("got cell %q starting with a formula character", cell)
			}
		}
		if recs[1][1] != "'=cmd|' /C calc'!A0" {
			t.Errorf("got skill cell %q, want it kept whole behind a quote", recs[1][1])
		}

		rr := []report.RealityRow{{Skill: "x", Name: "+x", Claim: "=1+1", Verdict: "-bad", Signal: "s", SignalName: "@s"}}
		buf.Reset()
		if err := report.WriteReality(&buf, rr, 3, "csv"); err != nil {
			t.Fatal(err)
		}
		recs, err = csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, cell := range recs[1] {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("got cell %q starting with a formula character", cell)
			}
		}
	})
}

func TestTableStripsControlCharacters(t *testing.T) {
	tax := []jobs.Skill{{ID: "x", Name: "bad\x1b[31mname\nsplit\tcell"}}
	rows := report.Skills(demand(1, count("x", 1, 0, 0, 0)), tax)
	var buf bytes.Buffer
	if err := report.WriteSkills(&buf, rows, 1, "table"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsRune(out, '\x1b') {
		t.Errorf("got an escape character in %q", out)
	}
	if got := strings.Count(out, "\n"); got != 4 { // header, one row, blank, footer
		t.Errorf("got %d lines in\n%s\nwant 4", got, out)
	}
}
