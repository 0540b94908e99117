package extract_test

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand/configs"
	"github.com/skilldemand/skilldemand/extract"
)

// TestExplore shows, for the skills and signals named in $EXPLORE (comma
// separated), how often each matched phrase occurs in the TPM postings of
// the shared benchmark sample, with a few contexts: a way to review
// precision beyond the labelled set. Skipped unless EXPLORE is set.
func TestExplore(t *testing.T) {
	if os.Getenv("EXPLORE") == "" {
		t.Skip("set EXPLORE=skill-or-signal,... to review matches in the benchmark sample")
	}
	data, _ := configs.FS.ReadFile("roles/tpm.yaml")
	role, _ := extract.LoadRole(data)
	x := MustExtractor(t)
	ps := benchPostings(t, 20000)
	type ex struct {
		n   int
		ctx []string
	}
	by := map[string]*ex{}
	kept := 0
	for _, p := range ps {
		if !role.Match(p.Title) {
			continue
		}
		kept++
		e := x.Extract(p)
		for _, m := range e.Signals {
			if !strings.Contains(os.Getenv("EXPLORE"), m.Signal) {
				continue
			}
			for _, h := range m.Hits {
				k := m.Signal + " | " + strings.ToLower(e.Text[h.Start:min(h.End, h.Start+60)])
				if by[k] == nil {
					by[k] = &ex{}
				}
				by[k].n++
				if len(by[k].ctx) < 2 {
					from, to := max(0, h.Start-60), min(len(e.Text), h.End+60)
					by[k].ctx = append(by[k].ctx, strings.Join(strings.Fields(e.Text[from:to]), " "))
				}
			}
		}
		for _, m := range e.Skills {
			if !strings.Contains(os.Getenv("EXPLORE"), m.Skill) {
				continue
			}
			for _, h := range m.Hits {
				k := m.Skill + " | " + strings.ToLower(e.Text[h.Start:h.End])
				if by[k] == nil {
					by[k] = &ex{}
				}
				by[k].n++
				if len(by[k].ctx) < 3 {
					from, to := max(0, h.Start-60), min(len(e.Text), h.End+60)
					by[k].ctx = append(by[k].ctx, string(h.Strength)+": "+strings.Join(strings.Fields(e.Text[from:to]), " "))
				}
			}
		}
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return by[keys[i]].n > by[keys[j]].n })
	t.Logf("%d postings kept by the role filter", kept)
	for _, k := range keys {
		t.Logf("%4d %s", by[k].n, k)
		for _, c := range by[k].ctx {
			t.Logf("        %s", c)
		}
	}
}
