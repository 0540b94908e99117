package match_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/match"
)

// resumeOf is a resume extraction showing the given skills and signals,
// each hit spanning the skill id in the text.
func resumeOf(skills []string, signals []string) *skilldemand.Extraction {
	e := &skilldemand.Extraction{}
	for _, id := range skills {
		start := len(e.Text)
		e.Text += id + "\n"
		e.Skills = append(e.Skills, skilldemand.SkillMatch{Skill: id, Strength: skilldemand.StrengthMentioned,
			Hits: []skilldemand.Hit{{Span: skilldemand.Span{Start: start, End: start + len(id)}, Strength: skilldemand.StrengthMentioned}}})
	}
	for _, id := range signals {
		start := len(e.Text)
		e.Text += "evidence of " + id + "\n"
		e.Signals = append(e.Signals, skilldemand.SignalMatch{Signal: id,
			Hits: []skilldemand.Hit{{Span: skilldemand.Span{Start: start, End: len(e.Text) - 1}}}})
	}
	return e
}

func testInput(resume *skilldemand.Extraction) match.Input {
	return match.Input{
		Resume: resume,
		Demand: &skilldemand.Demand{
			Total: 4,
			Skills: map[string]skilldemand.SkillCount{
				"sql":             {Skill: "sql", Postings: 4, Required: 1},
				"jira":            {Skill: "jira", Postings: 3, Required: 3},
				"python":          {Skill: "python", Postings: 2, Required: 2},
				"risk-management": {Skill: "risk-management", Postings: 3, Required: 1},
				"tableau":         {Skill: "tableau", Postings: 1},
			},
			Signals: map[string]int{"program-scale": 3},
		},
		Skills: []skilldemand.Skill{
			{ID: "sql", Name: "SQL"}, {ID: "jira", Name: "Jira"}, {ID: "python", Name: "Python"},
			{ID: "risk-management", Name: "Risk Management"}, {ID: "tableau", Name: "Tableau"},
		},
		Signals: []skilldemand.Signal{
			{ID: "program-scale", Name: "Program scale", Claim: "Scale is what counts."},
			{ID: "executive-stakeholders", Name: "Executive stakeholders", Claim: "Executives."},
		},
		Postings: []match.Posting{
			{ID: "a", Skills: []string{"jira", "sql"}, Required: []string{"jira", "sql"}},
			{ID: "b", Skills: []string{"jira", "python", "risk-management", "sql"}, Required: []string{"jira", "python", "risk-management", "sql"}},
			{ID: "c", Skills: []string{"jira", "python", "sql"}, Required: []string{"jira", "python"}},
			{ID: "d", Skills: []string{"risk-management", "sql", "tableau"}},
		},
		Candidates: []match.Candidate{{ID: "a", Title: "TPM", URL: "https://example.com/a", Score: 1.23456}, {ID: "c", Title: "TPM 2"}},
	}
}

func skillIDs(rows []match.SkillDemand) []string {
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.Skill)
	}
	return ids
}

func TestCompare(t *testing.T) {
	in := testInput(resumeOf([]string{"sql", "jira", "risk-management"}, []string{"program-scale"}))
	r := match.Compare(in, match.Options{})

	t.Run("Strengths", func(t *testing.T) {
		// Ranked by postings listing + postings requiring: jira 6, sql 5, risk 4.
		if got, want := skillIDs(r.Strengths), []string{"jira", "sql", "risk-management"}; !slices.Equal(got, want) {
			t.Errorf("got strengths %v, want %v", got, want)
		}
		s := r.Strengths[0]
		if s.Name != "Jira" || s.Share != 0.75 || s.Required != 3 || s.RequiredShare != 0.75 || s.Evidence != "jira" {
			t.Errorf("got %+v, want Jira listed and required by 75%% with evidence", s)
		}
	})

	t.Run("Gaps", func(t *testing.T) {
		if got, want := skillIDs(r.Gaps), []string{"python", "tableau"}; !slices.Equal(got, want) {
			t.Errorf("got gaps %v, want %v", got, want)
		}
		// python is the only required skill not shown in postings b and c.
		if r.Gaps[0].Completes != 2 {
			t.Errorf("got python completes %d, want 2", r.Gaps[0].Completes)
		}
		if got := match.Compare(in, match.Options{Gaps: 1}).Gaps; len(got) != 1 {
			t.Errorf("got %d gaps with Gaps 1, want 1", len(got))
		}
	})

	t.Run("RealityChecks", func(t *testing.T) {
		if len(r.RealityChecks) != 2 {
			t.Fatalf("got %d checks, want 2", len(r.RealityChecks))
		}
		ps, ex := r.RealityChecks[0], r.RealityChecks[1]
		if !ps.Shown || ps.Postings != 3 || ps.Share != 0.75 || ps.Evidence != "evidence of program-scale" {
			t.Errorf("got %+v, want program scale shown, asked by 3 (75%%)", ps)
		}
		if ex.Shown || ex.Postings != 0 || ex.Evidence != "" {
			t.Errorf("got %+v, want executive stakeholders not shown, asked by none", ex)
		}
	})

	t.Run("Coverage", func(t *testing.T) {
		c := r.Coverage
		// a: 2/2 full; b: 3/4 = 75% mostly; c: 1/2 no; d: requires nothing.
		want := match.Coverage{Postings: 4, WithRequired: 3, Full: 1, FullShare: 0.3333, Mostly: 2, MostlyShare: 0.6667, MostlyThreshold: 0.75}
		if c != want {
			t.Errorf("got %+v, want %+v", c, want)
		}
	})

	t.Run("BestMatches", func(t *testing.T) {
		if len(r.BestMatches) != 2 {
			t.Fatalf("got %d best matches, want 2", len(r.BestMatches))
		}
		a, c := r.BestMatches[0], r.BestMatches[1]
		if a.ID != "a" || a.Required != 2 || a.RequiredShown != 2 || a.Score != 1.2346 || len(a.NotShown) != 0 {
			t.Errorf("got %+v, want a with 2 of 2 required shown", a)
		}
		if c.Required != 2 || c.RequiredShown != 1 || !slices.Equal(c.NotShown, []string{"python"}) || !slices.Equal(c.Shared, []string{"jira", "sql"}) {
			t.Errorf("got %+v, want c with 1 of 2 shown, python not shown", c)
		}
	})

	if len(r.Notes) != 0 {
		t.Errorf("got notes %v, want none", r.Notes)
	}
}

func TestCompare_NothingShown(t *testing.T) {
	r := match.Compare(testInput(resumeOf(nil, nil)), match.Options{})
	if len(r.Strengths) != 0 {
		t.Errorf("got strengths %v, want none", skillIDs(r.Strengths))
	}
	if got, want := skillIDs(r.Gaps), []string{"jira", "sql", "python", "risk-management", "tableau"}; !slices.Equal(got, want) {
		t.Errorf("got gaps %v, want %v", got, want)
	}
	if r.Coverage.Full != 0 || r.Coverage.Mostly != 0 {
		t.Errorf("got coverage %+v, want none covered", r.Coverage)
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "shows none of the skills") {
		t.Errorf("got notes %q, want one saying the resume shows no skill", r.Notes)
	}
}

func TestCompare_NoDemand(t *testing.T) {
	r := match.Compare(match.Input{Resume: resumeOf([]string{"sql"}, nil)}, match.Options{})
	if r.Postings != 0 || len(r.Strengths) != 0 || len(r.Gaps) != 0 || r.Coverage.WithRequired != 0 {
		t.Errorf("got %+v, want an empty comparison", r)
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "No postings match") {
		t.Errorf("got notes %q, want one saying no postings match", r.Notes)
	}
}

func TestWrite(t *testing.T) {
	in := testInput(resumeOf([]string{"sql", "jira"}, nil))
	in.Candidates[0].Title = "TPM | <b>Payments</b>"
	r := match.Compare(in, match.Options{})
	r.Gaps[0].Examples = []match.Example{{ID: "b", Title: "Staff TPM", Company: "Acme", URL: "https://example.com/b"}}

	tests := []struct {
		format string
		want   []string
	}{
		{"table", []string{"Strengths", "Gaps worth closing", "Reality checks", "Coverage", "Best-matching postings", "not shown", "https://example.com/b", "2 of 2"}},
		{"md", []string{"## Strengths", "## Gaps worth closing", "## Reality checks", "## Coverage", "## Best-matching postings", "[Staff TPM — Acme](<https://example.com/b>)", `TPM \| &lt;b&gt;Payments&lt;/b&gt;`}},
		{"json", []string{`"strengths"`, `"gaps"`, `"reality_checks"`, `"coverage"`, `"best_matches"`, `"required_share"`, `"mostly_threshold": 0.75`}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			var b bytes.Buffer
			if err := match.Write(&b, r, tt.format); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, b.String())
				}
			}
			if strings.Contains(b.String(), "lack") {
				t.Errorf("output says a person lacks something:\n%s", b.String())
			}
		})
	}

	t.Run("JSONRoundTrip", func(t *testing.T) {
		var b bytes.Buffer
		if err := match.WriteJSON(&b, r); err != nil {
			t.Fatal(err)
		}
		var got match.Result
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Coverage != r.Coverage || len(got.Gaps) != len(r.Gaps) {
			t.Errorf("got %+v after a round trip, want %+v", got.Coverage, r.Coverage)
		}
	})

	t.Run("ErrFormat", func(t *testing.T) {
		if err := match.Write(&bytes.Buffer{}, r, "xml"); err == nil {
			t.Error("got no error for format xml, want one")
		}
	})
}
