package report_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	jobs "github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/report"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.md from the current output")

// goldenReport is a fixed report over hand-written counts.
func goldenReport() *report.Report {
	d := demand(48,
		count("project-management", 28, 3, 9, 0),
		count("cross-functional-leadership", 12, 1, 25, 0),
		count("communication", 30, 2, 4, 1),
		count("sql", 6, 8, 0, 0),
		count("pmp", 2, 9, 0, 0),
		count("kubernetes", 0, 3, 1, 0),
	)
	d.Signals["program-scale"] = 29
	d.Signals["engineering-background"] = 5

	started := time.Date(2026, 5, 4, 3, 0, 0, 0, time.UTC)
	runs := []*jobs.Run{
		{
			ID: started.Format(time.RFC3339Nano), Started: started, Finished: started.Add(4*time.Minute + 12*time.Second),
			Status: jobs.RunPartial,
			Sources: []jobs.SourceRun{
				{Source: "greenhouse:acme", Fetched: 120, Kept: 31, New: 4, Closed: 2},
				{Source: "lever:globex", Err: "GET /v0/postings/globex: 503 Service Unavailable"},
			},
		},
		{
			ID: started.Add(-24 * time.Hour).Format(time.RFC3339Nano), Started: started.Add(-24 * time.Hour),
			Finished: started.Add(-24*time.Hour + 3*time.Minute), Status: jobs.RunOK,
			Sources: []jobs.SourceRun{
				{Source: "greenhouse:acme", Fetched: 118, Kept: 29, New: 29},
				{Source: "lever:globex", Fetched: 40, Kept: 17, New: 17},
			},
		},
	}
	return &report.Report{
		Title:     "Technical Program Manager skill demand",
		Generated: time.Date(2026, 5, 4, 3, 5, 0, 0, time.FixedZone("CEST", 2*3600)),
		Total:     d.Total,
		Filter:    "remote postings first seen in May 2026",
		Skills:    report.Skills(d, taxonomy),
		Reality:   report.Reality(d, articleSkills(), signals),
		Runs:      runs,
		Sources:   []string{"greenhouse:acme", "lever:globex"},
		Notes:     []string{"Extractor accuracy on labelled postings: skills F1 0.91, strength agreement 0.88."},
	}
}

func TestWriteMarkdown_Golden(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteMarkdown(&buf, goldenReport()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "report.golden.md")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden file: %v (run `go test ./report -update` to create it)", err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("got\n%s\nwant (%s)\n%s\nrun `go test ./report -update` if the change is intended", got, golden, want)
	}
}

func TestWriteMarkdown(t *testing.T) {
	t.Run("Sections", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteMarkdown(&buf, goldenReport()); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range []string{
			"# Technical Program Manager skill demand",
			"48 open postings from 2 sources",
			"4 May 2026 at 01:05 UTC",
			"## Top skills", "## Listed vs reality", "## Skills the article does not name", "## Method", "### Runs",
			"503 Service Unavailable",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("got report without %q", want)
			}
		}
		// Every table row has as many cells as its header.
		checkTables(t, out)
	})

	t.Run("ZeroTotal", func(t *testing.T) {
		r := &report.Report{Title: "Empty", Skills: report.Skills(demand(0), taxonomy),
			Reality: report.Reality(demand(0), articleSkills(), signals)}
		var buf bytes.Buffer
		if err := report.WriteMarkdown(&buf, r); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range []string{"0 open postings from 0 sources", "No posting lists any skill.", "no postings", "No crawl runs"} {
			if !strings.Contains(out, want) {
				t.Errorf("got\n%s\nwant it to contain %q", out, want)
			}
		}
		if strings.Contains(out, "deeper bar shown") {
			t.Errorf("got a claim of support with no postings:\n%s", out)
		}
		checkTables(t, out)
	})

	t.Run("Nil", func(t *testing.T) {
		if err := report.WriteMarkdown(&bytes.Buffer{}, nil); !errors.Is(err, report.ErrNoReport) {
			t.Errorf("got %v, want ErrNoReport", err)
		}
	})

	t.Run("HostileText", func(t *testing.T) {
		tax := []jobs.Skill{{ID: "x", Name: "a|b\nc<script>", Category: "tool"}}
		d := demand(5, count("x", 5, 0, 0, 0))
		r := &report.Report{
			Title: "T", Total: 5, Skills: report.Skills(d, tax),
			Runs: []*jobs.Run{{Started: time.Unix(0, 0), Status: jobs.RunFailed, Sources: []jobs.SourceRun{
				{Source: "s:b", Err: "bad | thing\nsecond line"}}}},
		}
		var buf bytes.Buffer
		if err := report.WriteMarkdown(&buf, r); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Contains(out, "<script>") {
			t.Errorf("got raw HTML in\n%s", out)
		}
		if !strings.Contains(out, `a\|b c&lt;script&gt;`) || !strings.Contains(out, `bad \| thing second line`) {
			t.Errorf("got\n%s\nwant escaped cells", out)
		}
		checkTables(t, out)
	})
}

// checkTables checks that every Markdown table row has as many unescaped
// '|' separators as its header row.
func checkTables(t *testing.T, md string) {
	t.Helper()
	want := -1
	for _, l := range strings.Split(md, "\n") {
		if !strings.HasPrefix(l, "|") {
			want = -1
			continue
		}
		n := pipes(l)
		if want < 0 {
			want = n
		} else if n != want {
			t.Errorf("table row %q: got %d cell separators, want %d", l, n, want)
		}
	}
}

func pipes(l string) int {
	n := 0
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

func TestMarkdownCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a|b", `a\|b`},
		{"line1\nline2", "line1 line2"},
		{"line1\r\nline2", "line1 line2"},
		{`back\slash|`, `back\\slash\|`},
		{"<b>&", "&lt;b&gt;&amp;"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := report.MarkdownCell(tt.in); got != tt.want {
			t.Errorf("MarkdownCell(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
