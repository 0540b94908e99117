package extract_test

import (
	"os"
	"testing"

	"github.com/skilldemand/skilldemand/extract"
)

// TestDebugPosting prints the sections and skills of one dev posting
// (DEBUG_ID=...). It is a tool for reading misses, skipped otherwise.
func TestDebugPosting(t *testing.T) {
	id := os.Getenv("DEBUG_ID")
	if id == "" {
		t.Skip("set DEBUG_ID to a dev posting id")
	}
	f, err := os.Open(devPath)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	gold, err := extract.ReadGold(f)
	if err != nil {
		t.Fatal(err)
	}
	x := MustExtractor(t)
	for _, g := range gold {
		if g.ID != id {
			continue
		}
		e := x.Extract(g.Posting())
		for _, s := range e.Sections {
			t.Logf("--- %s [%s]\n%s\n", s.Kind, s.Heading, e.Text[s.Start:s.End])
		}
		for _, m := range e.Skills {
			t.Logf("SKILL %s %s gold=%s\n", m.Skill, m.Strength, g.Gold.Skills[m.Skill])
			for _, h := range m.Hits {
				t.Logf("    %s %s %q\n", h.Section, h.Strength, e.Text[h.Start:h.End])
			}
		}
		for _, m := range e.Signals {
			t.Logf("SIGNAL %s\n", m.Signal)
			for _, h := range m.Hits {
				t.Logf("    %s %q\n", h.Section, e.Text[h.Start:h.End])
			}
		}
		t.Logf("ATTRS %+v\n", e.Attrs)
	}
}
