package extract_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/extract"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current output")

// fixture is one test text: testdata/<name>.txt or .html, whose first line
// may be "title: ...". Files named resume_* are read with ExtractText.
type fixture struct {
	name   string
	resume bool
	p      *skilldemand.Posting
}

func loadFixtures(tb testing.TB) []fixture {
	tb.Helper()
	var out []fixture
	for _, pat := range []string{"testdata/*.txt", "testdata/*.html"} {
		files, err := filepath.Glob(pat)
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			body := string(data)
			title := "Technical Program Manager"
			if rest, ok := strings.CutPrefix(body, "title: "); ok {
				line, after, _ := strings.Cut(rest, "\n")
				title, body = strings.TrimSpace(line), after
			}
			format := skilldemand.FormatText
			if strings.HasSuffix(f, ".html") {
				format = skilldemand.FormatHTML
			}
			base := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
			out = append(out, fixture{
				name:   base,
				resume: strings.HasPrefix(base, "resume_"),
				p:      &skilldemand.Posting{ID: "fixture:test:" + base, Source: "fixture", Board: "test", ExternalID: base, Title: title, Description: body, Format: format},
			})
		}
	}
	return out
}

func fixturePostings(tb testing.TB) []*skilldemand.Posting {
	var ps []*skilldemand.Posting
	for _, f := range loadFixtures(tb) {
		ps = append(ps, f.p)
	}
	return ps
}

func extractHTMLToText(s string) string { return extract.HTMLToText(s) }

// golden is a readable summary of an extraction: what a reviewer checks.
type golden struct {
	Version  string                 `json:"version"`
	Sections []string               `json:"sections"`
	Skills   []goldenSkill          `json:"skills"`
	Signals  map[string][]string    `json:"signals"`
	Attrs    skilldemand.Attributes `json:"attrs"`
}

type goldenSkill struct {
	Skill    string   `json:"skill"`
	Strength string   `json:"strength"`
	Hits     []string `json:"hits"`
}

func summarise(tb testing.TB, e *skilldemand.Extraction) golden {
	tb.Helper()
	g := golden{Version: e.Version, Signals: map[string][]string{}, Attrs: e.Attrs}
	span := func(h skilldemand.Hit) string {
		if h.Start < 0 || h.End > len(e.Text) || h.Start >= h.End {
			tb.Fatalf("hit span [%d,%d) outside text of %d bytes", h.Start, h.End, len(e.Text))
		}
		return e.Text[h.Start:h.End]
	}
	for _, s := range e.Sections {
		g.Sections = append(g.Sections, string(s.Kind)+": "+s.Heading)
	}
	for _, m := range e.Skills {
		gs := goldenSkill{Skill: m.Skill, Strength: string(m.Strength)}
		for _, h := range m.Hits {
			gs.Hits = append(gs.Hits, span(h)+" ("+string(h.Section)+"/"+string(h.Strength)+")")
		}
		g.Skills = append(g.Skills, gs)
	}
	for _, m := range e.Signals {
		for _, h := range m.Hits {
			g.Signals[m.Signal] = append(g.Signals[m.Signal], span(h))
		}
	}
	return g
}

func TestGolden(t *testing.T) {
	x := MustExtractor(t)
	for _, f := range loadFixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			var e *skilldemand.Extraction
			if f.resume {
				e = x.ExtractText(f.p.Description)
			} else {
				e = x.Extract(f.p)
			}
			got, err := json.MarshalIndent(summarise(t, e), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", f.name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("extraction of %s differs from %s (review, then rerun with -update):\n got: %s", f.name, path, got)
			}
		})
	}
}
