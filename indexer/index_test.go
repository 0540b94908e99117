package indexer_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/indexer"
)

// holdLockEnv makes the test binary open the index named by its value,
// print "locked", and hold it until stdin closes.
const holdLockEnv = "SKILLDEMAND_INDEXER_HOLD_LOCK"

func TestMain(m *testing.M) {
	if path := os.Getenv(holdLockEnv); path != "" {
		x := indexer.NewIndex(path)
		x.Logger = slog.New(slog.DiscardHandler)
		if err := x.Open(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println("locked")
		_, _ = io.Copy(io.Discard, os.Stdin)
		if err := x.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// MustOpenIndex opens a new index in a temporary directory and closes it
// when the test ends.
func MustOpenIndex(tb testing.TB) *indexer.Index {
	tb.Helper()
	return MustOpenIndexAt(tb, filepath.Join(tb.TempDir(), "index"))
}

// MustOpenIndexAt opens the index at path and closes it when the test ends.
func MustOpenIndexAt(tb testing.TB, path string) *indexer.Index {
	tb.Helper()
	x := indexer.NewIndex(path)
	x.Logger = slog.New(slog.DiscardHandler)
	if err := x.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := x.Close(); err != nil {
			tb.Error(err)
		}
	})
	return x
}

var (
	companies  = []string{"Acme", "Globex", "Initech", "Umbrella Corp"}
	locations  = []string{"New York, NY", "Berlin, Germany", "Remote - US", "San Francisco, CA", ""}
	workplaces = []string{skilldemand.WorkplaceRemote, skilldemand.WorkplaceHybrid, skilldemand.WorkplaceOnsite, ""}
	seniority  = []string{skilldemand.SenioritySenior, skilldemand.SeniorityStaff, skilldemand.SeniorityPrincipal, ""}
	sources    = [][2]string{{"greenhouse", "acme"}, {"lever", "globex"}, {"ashby", "initech"}}
	skillIDs   = []string{"risk-management", "stakeholder-management", "agile", "jira", "sql", "system-design", "communication"}
	signalIDs  = []string{"program-scale", "cross-team", "technical-depth"}
	strengths  = []skilldemand.Strength{
		skilldemand.StrengthRequired, skilldemand.StrengthPreferred,
		skilldemand.StrengthResponsibility, skilldemand.StrengthMentioned,
	}
	bodyWords = []string{"kubernetes", "roadmap", "vendor", "payments", "migration"}
	day0      = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
)

// syntheticPostings builds n postings whose fields cycle through the lists
// above at different strides, so filters select varied, overlapping sets.
func syntheticPostings(n int) []*skilldemand.Posting {
	ps := make([]*skilldemand.Posting, 0, n)
	for i := range n {
		src := sources[i%len(sources)]
		p := &skilldemand.Posting{
			Source:     src[0],
			Board:      src[1],
			ExternalID: fmt.Sprint(1000 + i),
			Title:      []string{"Technical Program Manager", "Senior TPM, Payments", "Staff Technical Program Manager"}[i%3],
			Company:    companies[i%len(companies)],
			Location:   locations[i%len(locations)],
			Workplace:  workplaces[(i/2)%len(workplaces)],
			URL:        fmt.Sprintf("https://jobs.example.com/%d", i),
			FirstSeen:  day0.Add(time.Duration(i) * 24 * time.Hour),
			LastSeen:   day0.Add(time.Duration(i+3) * 24 * time.Hour),
		}
		p.ID = skilldemand.MakeID(p.Source, p.Board, p.ExternalID)
		if i%7 == 3 {
			p.ClosedAt = p.LastSeen
		}
		var body []string
		for j, w := range bodyWords {
			if (i+j)%(j+2) == 0 {
				body = append(body, "Own the "+w+" work.")
			}
		}
		text := strings.Join(body, " ")
		if i%10 == 9 {
			// Not extracted yet: only the HTML description is searchable.
			p.Description = "<p>" + text + "</p>"
			ps = append(ps, p)
			continue
		}
		p.Description = "<p>ignored when extracted</p>"
		e := &skilldemand.Extraction{Version: "test", Text: text}
		e.Attrs.Seniority = seniority[i%len(seniority)]
		for j, id := range skillIDs {
			if (i*3+j)%4 == 0 || (i+j)%5 == 0 {
				m := skilldemand.SkillMatch{Skill: id, Strength: strengths[(i+j)%len(strengths)]}
				m.Hits = []skilldemand.Hit{{Strength: m.Strength}}
				e.Skills = append(e.Skills, m)
			}
		}
		for j, id := range signalIDs {
			if (i+j)%3 == 0 {
				e.Signals = append(e.Signals, skilldemand.SignalMatch{Signal: id})
			}
		}
		p.Extraction = e
		ps = append(ps, p)
	}
	return ps
}

// bruteDemand counts demand over ps the slow way, as the Filter documents it.
func bruteDemand(ps []*skilldemand.Posting, f skilldemand.Filter) *skilldemand.Demand {
	d := &skilldemand.Demand{Skills: map[string]skilldemand.SkillCount{}, Signals: map[string]int{}}
	for _, p := range ps {
		if !bruteMatch(p, f) {
			continue
		}
		d.Total++
		if p.Extraction == nil {
			continue
		}
		for _, m := range p.Extraction.Skills {
			c := d.Skills[m.Skill]
			c.Skill = m.Skill
			c.Postings++
			switch indexer.PostingStrength(m) {
			case skilldemand.StrengthRequired:
				c.Required++
			case skilldemand.StrengthPreferred:
				c.Preferred++
			case skilldemand.StrengthResponsibility:
				c.Responsibility++
			case skilldemand.StrengthMentioned:
				c.Mentioned++
			}
			d.Skills[m.Skill] = c
		}
		for _, s := range p.Extraction.Signals {
			d.Signals[s.Signal]++
		}
	}
	return d
}

func bruteMatch(p *skilldemand.Posting, f skilldemand.Filter) bool {
	eq := strings.EqualFold
	switch {
	case !f.IncludeClosed && !p.Open():
		return false
	case !f.From.IsZero() && p.FirstSeen.Before(f.From):
		return false
	case !f.To.IsZero() && !p.FirstSeen.Before(f.To):
		return false
	case f.Company != "" && !eq(p.Company, f.Company):
		return false
	case f.Location != "" && !strings.Contains(strings.ToLower(p.Location), strings.ToLower(f.Location)):
		return false
	case f.Source != "" && !eq(p.Source, f.Source) && !eq(p.SourceKey(), f.Source):
		return false
	case f.Skill != "" && p.Extraction.Skill(f.Skill) == nil:
		return false
	}
	workplace, level := p.Workplace, ""
	if p.Extraction != nil {
		level = p.Extraction.Attrs.Seniority
		if workplace == "" {
			workplace = p.Extraction.Attrs.Workplace
		}
	}
	if f.Workplace != "" && !eq(workplace, f.Workplace) || f.Seniority != "" && !eq(level, f.Seniority) {
		return false
	}
	if f.Query != "" {
		text := strings.ToLower(p.Title + " " + p.Description)
		if p.Extraction != nil {
			text = strings.ToLower(p.Title + " " + p.Extraction.Text)
		}
		for _, w := range strings.Fields(strings.ToLower(f.Query)) {
			if !strings.Contains(text, w) {
				return false
			}
		}
	}
	return true
}

func TestIndex_Demand(t *testing.T) {
	ps := syntheticPostings(50)
	x := MustOpenIndex(t)
	if err := x.Index(ps); err != nil {
		t.Fatal(err)
	}
	if n, err := x.Count(); err != nil || n != 50 {
		t.Fatalf("count: got %d, %v; want 50", n, err)
	}

	tests := []struct {
		name string
		f    skilldemand.Filter
	}{
		{"None", skilldemand.Filter{}},
		{"IncludeClosed", skilldemand.Filter{IncludeClosed: true}},
		{"Company", skilldemand.Filter{Company: "acme"}},
		{"CompanyWithSpace", skilldemand.Filter{Company: "UMBRELLA CORP", IncludeClosed: true}},
		{"Skill", skilldemand.Filter{Skill: "jira"}},
		{"Query", skilldemand.Filter{Query: "kubernetes"}},
		{"QueryTwoWords", skilldemand.Filter{Query: "Payments roadmap", IncludeClosed: true}},
		{"QueryTitleAndBody", skilldemand.Filter{Query: "staff vendor"}},
		{"DateRange", skilldemand.Filter{From: day0.AddDate(0, 0, 10), To: day0.AddDate(0, 0, 30)}},
		{"From", skilldemand.Filter{From: day0.AddDate(0, 0, 40), IncludeClosed: true}},
		{"To", skilldemand.Filter{To: day0.AddDate(0, 0, 5)}},
		{"LocationPhrase", skilldemand.Filter{Location: "new york"}},
		{"LocationWhole", skilldemand.Filter{Location: "Berlin, Germany"}},
		{"Workplace", skilldemand.Filter{Workplace: "Remote"}},
		{"Seniority", skilldemand.Filter{Seniority: "staff"}},
		{"SourceType", skilldemand.Filter{Source: "lever"}},
		{"SourceKey", skilldemand.Filter{Source: "greenhouse:acme"}},
		{"SourceKeyOther", skilldemand.Filter{Source: "greenhouse:globex"}},
		{"Combined", skilldemand.Filter{Company: "Globex", Skill: "sql", IncludeClosed: true, From: day0.AddDate(0, 0, 5)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := x.Demand(context.Background(), tt.f)
			if err != nil {
				t.Fatal(err)
			}
			want := bruteDemand(ps, tt.f)
			if got.Total != want.Total {
				t.Errorf("total: got %d, want %d", got.Total, want.Total)
			}
			if !maps.Equal(got.Skills, want.Skills) {
				t.Errorf("skills:\ngot  %v\nwant %v", got.Skills, want.Skills)
			}
			if !maps.Equal(got.Signals, want.Signals) {
				t.Errorf("signals: got %v, want %v", got.Signals, want.Signals)
			}
		})
	}

	// The filters above must not be vacuous.
	if d := bruteDemand(ps, skilldemand.Filter{Query: "staff vendor"}); d.Total == 0 {
		t.Error("synthetic data: query filter selects nothing; change the generator")
	}

	t.Run("StopWordsOnly", func(t *testing.T) {
		got, err := x.Demand(context.Background(), skilldemand.Filter{Query: "the and of"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != 0 {
			t.Errorf("total: got %d, want 0", got.Total)
		}
	})

	t.Run("QuerySyntaxIsText", func(t *testing.T) {
		for _, q := range []string{`title:"foo`, `+-(&&||!{}[]^~*?:\/`, `kubernetes AND`, `"unclosed`} {
			if _, err := x.Demand(context.Background(), skilldemand.Filter{Query: q}); err != nil {
				t.Errorf("query %q: got %v, want no error", q, err)
			}
		}
	})

	t.Run("ErrBadRange", func(t *testing.T) {
		_, err := x.Demand(context.Background(), skilldemand.Filter{From: day0, To: day0})
		if skilldemand.ErrorCode(err) != skilldemand.EINVALID {
			t.Errorf("got %v, want an EINVALID error", err)
		}
	})

	t.Run("Canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := x.Demand(ctx, skilldemand.Filter{}); !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	})
}

func TestIndex_Index(t *testing.T) {
	t.Run("ReplacesSameID", func(t *testing.T) {
		x := MustOpenIndex(t)
		ps := syntheticPostings(5)
		if err := x.Index(ps); err != nil {
			t.Fatal(err)
		}
		changed := *ps[0]
		changed.Company = "Hooli"
		changed.Extraction = &skilldemand.Extraction{Skills: []skilldemand.SkillMatch{{Skill: "okrs", Strength: skilldemand.StrengthRequired}}}
		if err := x.Index([]*skilldemand.Posting{&changed}); err != nil {
			t.Fatal(err)
		}
		if n, err := x.Count(); err != nil || n != 5 {
			t.Fatalf("count: got %d, %v; want 5", n, err)
		}
		d, err := x.Demand(context.Background(), skilldemand.Filter{Company: "hooli", IncludeClosed: true})
		if err != nil {
			t.Fatal(err)
		}
		want := skilldemand.SkillCount{Skill: "okrs", Postings: 1, Required: 1}
		if d.Total != 1 || len(d.Skills) != 1 || d.Skills["okrs"] != want {
			t.Errorf("got total %d, skills %v; want 1 posting with only %v", d.Total, d.Skills, want)
		}
		d, err = x.Demand(context.Background(), skilldemand.Filter{Company: ps[0].Company, IncludeClosed: true})
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteDemand(ps[1:], skilldemand.Filter{Company: ps[0].Company, IncludeClosed: true}); d.Total != want.Total {
			t.Errorf("old company: got %d postings, want %d", d.Total, want.Total)
		}
	})

	t.Run("ManyBatches", func(t *testing.T) {
		x := MustOpenIndex(t)
		ps := syntheticPostings(indexer.BatchSize + 37)
		if err := x.Index(ps); err != nil {
			t.Fatal(err)
		}
		if n, err := x.Count(); err != nil || n != uint64(len(ps)) {
			t.Fatalf("count: got %d, %v; want %d", n, err, len(ps))
		}
	})

	t.Run("ErrNoID", func(t *testing.T) {
		x := MustOpenIndex(t)
		err := x.Index([]*skilldemand.Posting{{Title: "TPM"}})
		if err == nil || !strings.Contains(err.Error(), "no id") {
			t.Errorf("got %v, want an error naming the missing id", err)
		}
	})

	t.Run("ErrNotOpen", func(t *testing.T) {
		x := indexer.NewIndex(t.TempDir())
		if err := x.Index(syntheticPostings(1)); !errors.Is(err, indexer.ErrNotOpen) {
			t.Errorf("index: got %v, want ErrNotOpen", err)
		}
		if _, err := x.Demand(context.Background(), skilldemand.Filter{}); !errors.Is(err, indexer.ErrNotOpen) {
			t.Errorf("demand: got %v, want ErrNotOpen", err)
		}
		if _, err := x.Count(); !errors.Is(err, indexer.ErrNotOpen) {
			t.Errorf("count: got %v, want ErrNotOpen", err)
		}
	})
}

func TestIndex_Delete(t *testing.T) {
	x := MustOpenIndex(t)
	ps := syntheticPostings(10)
	if err := x.Index(ps); err != nil {
		t.Fatal(err)
	}
	if err := x.Delete([]string{ps[0].ID, ps[1].ID, "greenhouse:nope:1"}); err != nil {
		t.Fatal(err)
	}
	if n, err := x.Count(); err != nil || n != 8 {
		t.Fatalf("count: got %d, %v; want 8", n, err)
	}
	got, err := x.Demand(context.Background(), skilldemand.Filter{IncludeClosed: true})
	if err != nil {
		t.Fatal(err)
	}
	want := bruteDemand(ps[2:], skilldemand.Filter{IncludeClosed: true})
	if got.Total != want.Total || !maps.Equal(got.Skills, want.Skills) {
		t.Errorf("got %d postings %v, want %d postings %v", got.Total, got.Skills, want.Total, want.Skills)
	}
}

// postingsOf is an Index.Postings over ps.
func postingsOf(ps []*skilldemand.Posting) indexer.PostingsFunc {
	return func(ids []string) ([]*skilldemand.Posting, error) {
		var out []*skilldemand.Posting
		for _, p := range ps {
			if slices.Contains(ids, p.ID) {
				out = append(out, p)
			}
		}
		return out, nil
	}
}

func TestIndex_Search(t *testing.T) {
	ps := syntheticPostings(50)
	x := MustOpenIndex(t)
	x.Postings = postingsOf(ps)
	if err := x.Index(ps); err != nil {
		t.Fatal(err)
	}

	t.Run("Query", func(t *testing.T) {
		f := skilldemand.Filter{Query: "kubernetes"}
		res, err := x.Search(context.Background(), f, 0, 5)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteDemand(ps, f).Total; res.Total != want {
			t.Errorf("total: got %d, want %d", res.Total, want)
		}
		if len(res.Hits) != 5 {
			t.Fatalf("hits: got %d, want 5", len(res.Hits))
		}
		byID := map[string]*skilldemand.Posting{}
		for _, p := range ps {
			byID[p.ID] = p
		}
		for _, h := range res.Hits {
			p := byID[h.ID]
			if p == nil {
				t.Fatalf("hit %q: not a posting id", h.ID)
			}
			if h.Title != p.Title || h.Company != p.Company || h.Location != p.Location || h.URL != p.URL {
				t.Errorf("hit %s: got %q %q %q %q, want %q %q %q %q", h.ID,
					h.Title, h.Company, h.Location, h.URL, p.Title, p.Company, p.Location, p.URL)
			}
			if !h.FirstSeen.Equal(p.FirstSeen) || h.Open != p.Open() {
				t.Errorf("hit %s: got first seen %s open %v, want %s %v", h.ID, h.FirstSeen, h.Open, p.FirstSeen, p.Open())
			}
			if h.Score <= 0 {
				t.Errorf("hit %s: got score %v, want > 0", h.ID, h.Score)
			}
			frags := h.Fragments["body"]
			if len(frags) == 0 || !strings.Contains(frags[0], "<mark>kubernetes</mark>") {
				t.Errorf("hit %s: got fragments %q, want a body fragment marking kubernetes", h.ID, h.Fragments)
			}
		}
	})

	t.Run("BodyFragmentEscaped", func(t *testing.T) {
		x := MustOpenIndex(t)
		p := *ps[0]
		p.ID, p.ExternalID, p.Extraction = "greenhouse:acme:escape", "escape", nil
		p.Format = skilldemand.FormatText
		p.Description = `Page the on-call when <script>alert("x")</script> fires & escalate.`
		x.Postings = postingsOf([]*skilldemand.Posting{&p})
		if err := x.Index([]*skilldemand.Posting{&p}); err != nil {
			t.Fatal(err)
		}
		res, err := x.Search(context.Background(), skilldemand.Filter{Query: "escalating"}, 0, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 {
			t.Fatalf("hits: got %d, want 1", len(res.Hits))
		}
		frags := res.Hits[0].Fragments["body"]
		if len(frags) != 1 || !strings.Contains(frags[0], "<mark>escalate</mark>") ||
			strings.Contains(frags[0], "<script>") || !strings.Contains(frags[0], "&lt;script&gt;") {
			t.Errorf("got body fragments %q, want the stemmed match marked and the markup escaped", frags)
		}

		x.Postings = nil
		res, err = x.Search(context.Background(), skilldemand.Filter{Query: "escalating"}, 0, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].Fragments["body"] != nil {
			t.Errorf("without Postings: got %+v, want the hit without body fragments", res.Hits)
		}
	})

	t.Run("TitleFragment", func(t *testing.T) {
		res, err := x.Search(context.Background(), skilldemand.Filter{Query: "payments"}, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range res.Hits {
			for _, f := range h.Fragments["title"] {
				found = found || strings.Contains(f, "<mark>Payments</mark>")
			}
		}
		if !found {
			t.Errorf("got no title fragment marking Payments in %d hits", len(res.Hits))
		}
	})

	t.Run("PagesAndFacets", func(t *testing.T) {
		f := skilldemand.Filter{IncludeClosed: true}
		var ids []string
		for from := 0; from < 50; from += 20 {
			res, err := x.Search(context.Background(), f, from, 20)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 50 {
				t.Fatalf("total: got %d, want 50", res.Total)
			}
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
				if h.Fragments != nil {
					t.Errorf("hit %s: got fragments %v without a query, want none", h.ID, h.Fragments)
				}
			}
			if from == 0 {
				if want := ps[49].ID; res.Hits[0].ID != want {
					t.Errorf("first hit: got %s, want the newest %s", res.Hits[0].ID, want)
				}
				var companyTotal int
				for _, c := range res.Facets[indexer.FacetCompany] {
					companyTotal += c.Count
					if c.Term != strings.ToLower(c.Term) {
						t.Errorf("company facet term %q: want lower case", c.Term)
					}
				}
				if companyTotal != 50 {
					t.Errorf("company facet: got %d postings, want 50", companyTotal)
				}
				for _, name := range []string{indexer.FacetSkills, indexer.FacetSource, indexer.FacetSeniority, indexer.FacetWorkplace} {
					if len(res.Facets[name]) == 0 {
						t.Errorf("facet %s: got none, want terms", name)
					}
				}
			}
		}
		slices.Sort(ids)
		if len(slices.Compact(ids)) != 50 {
			t.Errorf("paging: got %d distinct ids, want 50", len(ids))
		}
	})

	t.Run("ErrBadPage", func(t *testing.T) {
		for _, fs := range [][2]int{{-1, 10}, {0, -1}, {9999, 10}} {
			if _, err := x.Search(context.Background(), skilldemand.Filter{}, fs[0], fs[1]); skilldemand.ErrorCode(err) != skilldemand.EINVALID {
				t.Errorf("from %d size %d: got %v, want EINVALID", fs[0], fs[1], err)
			}
		}
	})
}

func TestIndex_Open(t *testing.T) {
	t.Run("Reopen", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "index")
		x := indexer.NewIndex(path)
		if err := x.Open(); err != nil {
			t.Fatal(err)
		}
		if err := x.Index(syntheticPostings(3)); err != nil {
			t.Fatal(err)
		}
		if err := x.Close(); err != nil {
			t.Fatal(err)
		}
		x.ReadOnly = true
		if err := x.Open(); err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if n, err := x.Count(); err != nil || n != 3 {
			t.Errorf("count: got %d, %v; want 3", n, err)
		}
		if err := x.Index(syntheticPostings(1)); !errors.Is(err, indexer.ErrReadOnly) {
			t.Errorf("index into a read-only index: got %v, want ErrReadOnly", err)
		}
		if err := x.Delete([]string{"a:b:c"}); !errors.Is(err, indexer.ErrReadOnly) {
			t.Errorf("delete from a read-only index: got %v, want ErrReadOnly", err)
		}
	})

	t.Run("EmptyDir", func(t *testing.T) {
		x := MustOpenIndexAt(t, t.TempDir())
		if n, err := x.Count(); err != nil || n != 0 {
			t.Errorf("count: got %d, %v; want 0", n, err)
		}
	})

	t.Run("ErrReadOnlyMissing", func(t *testing.T) {
		x := indexer.NewIndex(filepath.Join(t.TempDir(), "none"))
		x.ReadOnly = true
		if err := x.Open(); !errors.Is(err, os.ErrNotExist) {
			x.Close()
			t.Errorf("got %v, want an error wrapping os.ErrNotExist", err)
		}
	})

	t.Run("ErrNotIndex", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600); err != nil {
			t.Fatal(err)
		}
		x := indexer.NewIndex(dir)
		if err := x.Open(); !errors.Is(err, indexer.ErrNotIndex) {
			x.Close()
			t.Errorf("open: got %v, want ErrNotIndex", err)
		}
		if err := indexer.Remove(dir); !errors.Is(err, indexer.ErrNotIndex) {
			t.Errorf("remove: got %v, want ErrNotIndex", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
			t.Errorf("got %v, want the file kept", err)
		}
	})

	t.Run("ErrFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		x := indexer.NewIndex(path)
		if err := x.Open(); err == nil || !strings.Contains(err.Error(), "directory") {
			x.Close()
			t.Errorf("got %v, want an error asking for a directory", err)
		}
	})
}

func TestIndex_Open_ErrLocked(t *testing.T) {
	check := func(t *testing.T, path string) {
		t.Helper()
		for _, readOnly := range []bool{false, true} {
			x := indexer.NewIndex(path)
			x.Timeout = 200 * time.Millisecond
			x.ReadOnly = readOnly
			err := x.Open()
			if !errors.Is(err, skilldemand.ErrLocked) {
				x.Close()
				t.Fatalf("read-only %v: got %v, want an error wrapping ErrLocked", readOnly, err)
			}
			if errors.Is(err, indexer.ErrCorrupt) {
				t.Errorf("read-only %v: got %v, must not say corrupt", readOnly, err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("got %q, want the path named", err)
			}
		}
	}

	// bbolt's flock belongs to the open file, so a second open in the same
	// process is refused too.
	t.Run("SameProcess", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "index")
		MustOpenIndexAt(t, path)
		check(t, path)
	})

	t.Run("OtherProcess", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "index")
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), holdLockEnv+"="+path)
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() {
			stdin.Close()
			if err := cmd.Wait(); err != nil {
				t.Errorf("lock holder: %v\n%s", err, stderr.String())
			}
		}()
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil || strings.TrimSpace(line) != "locked" {
			t.Fatalf("lock holder: got %q, %v; want \"locked\"\n%s", line, err, stderr.String())
		}
		check(t, path)
	})
}

func TestIndex_Open_ErrCorrupt(t *testing.T) {
	// newClosed makes an index with a few postings and closes it.
	newClosed := func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), "index")
		x := indexer.NewIndex(path)
		if err := x.Open(); err != nil {
			t.Fatal(err)
		}
		if err := x.Index(syntheticPostings(5)); err != nil {
			t.Fatal(err)
		}
		if err := x.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}
	garbage := []byte(strings.Repeat("this is not an index file\n", 400))

	for _, file := range []string{"index_meta.json", filepath.Join("store", "root.bolt")} {
		t.Run(file, func(t *testing.T) {
			path := newClosed(t)
			if err := os.WriteFile(filepath.Join(path, file), garbage, 0o600); err != nil {
				t.Fatal(err)
			}
			x := indexer.NewIndex(path)
			err := x.Open()
			if !errors.Is(err, indexer.ErrCorrupt) {
				x.Close()
				t.Fatalf("got %v, want ErrCorrupt", err)
			}
			if errors.Is(err, skilldemand.ErrLocked) {
				t.Errorf("got %v, must not say locked", err)
			}

			// The documented fix: remove and rebuild.
			if err := indexer.Remove(path); err != nil {
				t.Fatal(err)
			}
			MustOpenIndexAt(t, path)
		})
	}

	t.Run("Segments", func(t *testing.T) {
		path := newClosed(t)
		segs, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
		if err != nil || len(segs) == 0 {
			t.Skipf("no segment files to damage (%v)", err)
		}
		for _, s := range segs {
			if err := os.WriteFile(s, garbage[:100], 0o600); err != nil {
				t.Fatal(err)
			}
		}
		x := indexer.NewIndex(path)
		if err := x.Open(); !errors.Is(err, indexer.ErrCorrupt) {
			x.Close()
			t.Fatalf("got %v, want ErrCorrupt", err)
		}
	})

	t.Run("Stale", func(t *testing.T) {
		path := newClosed(t)
		if err := indexer.SetMappingVersion(path, "0"); err != nil {
			t.Fatal(err)
		}
		x := indexer.NewIndex(path)
		err := x.Open()
		if !errors.Is(err, indexer.ErrStale) || !errors.Is(err, indexer.ErrCorrupt) {
			x.Close()
			t.Fatalf("got %v, want ErrStale and ErrCorrupt", err)
		}
	})
}
