package report_test

import (
	"math"
	"testing"

	jobs "github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/report"
)

// taxonomy is a small hand-written taxonomy: three article skills and two
// others.
var taxonomy = []jobs.Skill{
	{ID: "project-management", Name: "Project Management", Category: jobs.CategoryTechnical, Article: true, ArticleGroup: "technical"},
	{ID: "cross-functional-leadership", Name: "Cross-functional Leadership", Category: jobs.CategoryTechnical, Article: true, ArticleGroup: "technical"},
	{ID: "communication", Name: "Communication", Category: jobs.CategorySoft, Article: true, ArticleGroup: "soft"},
	{ID: "sql", Name: "SQL", Category: jobs.CategoryTool},
	{ID: "pmp", Name: "PMP", Category: jobs.CategoryCertification},
}

func articleSkills() []jobs.Skill {
	var out []jobs.Skill
	for _, s := range taxonomy {
		if s.Article {
			out = append(out, s)
		}
	}
	return out
}

var signals = []jobs.Signal{
	{ID: "program-scale", Name: "Program scale", Skill: "cross-functional-leadership", Claim: "judged by how many teams were coordinated"},
	{ID: "engineering-background", Name: "Engineering background", Claim: "credibility comes from engineering experience"},
}

func count(id string, req, pref, duty, ment int) jobs.SkillCount {
	return jobs.SkillCount{Skill: id, Postings: req + pref + duty + ment, Required: req, Preferred: pref, Responsibility: duty, Mentioned: ment}
}

func demand(total int, counts ...jobs.SkillCount) *jobs.Demand {
	d := &jobs.Demand{Total: total, Skills: map[string]jobs.SkillCount{}, Signals: map[string]int{}}
	for _, c := range counts {
		d.Skills[c.Skill] = c
	}
	return d
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestSkills(t *testing.T) {
	type want struct {
		skill    string
		rank     int
		name     string
		category string
		article  bool
		postings int
		share    float64
	}
	tests := []struct {
		name string
		d    *jobs.Demand
		want []want
	}{
		{
			name: "OrderAndShares",
			d: demand(40,
				count("sql", 1, 4, 0, 0),
				count("project-management", 20, 2, 8, 0),
				count("cross-functional-leadership", 10, 0, 20, 0),
				count("kubernetes", 0, 5, 0, 0), // unknown to the taxonomy
			),
			want: []want{
				{"cross-functional-leadership", 1, "Cross-functional Leadership", "technical", true, 30, 0.75},
				{"project-management", 1, "Project Management", "technical", true, 30, 0.75},
				{"kubernetes", 3, "kubernetes", "", false, 5, 0.125},
				{"sql", 3, "SQL", "tool", false, 5, 0.125},
				{"communication", 5, "Communication", "soft", true, 0, 0},
			},
		},
		{
			name: "ZeroTotal",
			d:    demand(0),
			want: []want{
				{"communication", 1, "Communication", "soft", true, 0, 0},
				{"cross-functional-leadership", 1, "Cross-functional Leadership", "technical", true, 0, 0},
				{"project-management", 1, "Project Management", "technical", true, 0, 0},
			},
		},
		{
			name: "CountsButZeroTotal",
			d:    demand(0, count("sql", 3, 0, 0, 0)),
			want: []want{
				{"sql", 1, "SQL", "tool", false, 3, 0},
				{"communication", 2, "Communication", "soft", true, 0, 0},
				{"cross-functional-leadership", 2, "Cross-functional Leadership", "technical", true, 0, 0},
				{"project-management", 2, "Project Management", "technical", true, 0, 0},
			},
		},
		{
			name: "NilDemand",
			d:    nil,
			want: []want{
				{"communication", 1, "Communication", "soft", true, 0, 0},
				{"cross-functional-leadership", 1, "Cross-functional Leadership", "technical", true, 0, 0},
				{"project-management", 1, "Project Management", "technical", true, 0, 0},
			},
		},
		{
			name: "ZeroPostingsNonArticleLeftOut",
			d:    demand(10, count("pmp", 0, 0, 0, 0), count("communication", 0, 0, 0, 4)),
			want: []want{
				{"communication", 1, "Communication", "soft", true, 4, 0.4},
				{"cross-functional-leadership", 2, "Cross-functional Leadership", "technical", true, 0, 0},
				{"project-management", 2, "Project Management", "technical", true, 0, 0},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := report.Skills(tt.d, taxonomy)
			if len(rows) != len(tt.want) {
				t.Fatalf("got %d rows %+v, want %d", len(rows), rows, len(tt.want))
			}
			for i, w := range tt.want {
				r := rows[i]
				if r.Skill != w.skill || r.Rank != w.rank || r.Name != w.name || r.Category != w.category ||
					r.Article != w.article || r.Postings != w.postings || !near(r.Share, w.share) {
					t.Errorf("row %d: got %+v, want %+v", i, r, w)
				}
			}
		})
	}

	t.Run("StrengthSplit", func(t *testing.T) {
		rows := report.Skills(demand(40, count("project-management", 20, 2, 8, 1)), taxonomy)
		r := rows[0]
		if r.Required != 20 || r.Preferred != 2 || r.Responsibility != 8 || r.Mentioned != 1 {
			t.Errorf("got %d/%d/%d/%d, want 20/2/8/1", r.Required, r.Preferred, r.Responsibility, r.Mentioned)
		}
	})
}

func TestReality(t *testing.T) {
	t.Run("Rows", func(t *testing.T) {
		d := demand(50,
			count("project-management", 30, 5, 5, 0),
			count("cross-functional-leadership", 10, 0, 30, 0),
		)
		d.Signals["program-scale"] = 31
		d.Signals["engineering-background"] = 4
		rows := report.Reality(d, articleSkills(), signals)
		if len(rows) != 4 {
			t.Fatalf("got %d rows, want 4 (3 article skills + 1 role-level signal)", len(rows))
		}
		wantOrder := []string{"project-management", "cross-functional-leadership", "communication", ""}
		for i, w := range wantOrder {
			if rows[i].Skill != w {
				t.Errorf("row %d: got skill %q, want %q", i, rows[i].Skill, w)
			}
		}

		pm := rows[0]
		if pm.Listed != 40 || !near(pm.ListedShare, 0.8) || pm.Required != 30 || !near(pm.RequiredShare, 0.6) {
			t.Errorf("project-management: got listed %d (%v) required %d (%v), want 40 (0.8) 30 (0.6)",
				pm.Listed, pm.ListedShare, pm.Required, pm.RequiredShare)
		}
		if pm.Signal != "" || pm.Group != "technical" {
			t.Errorf("project-management: got signal %q group %q, want none and technical", pm.Signal, pm.Group)
		}
		if pm.Verdict != "listed in most postings (80%); no claim to check" {
			t.Errorf("project-management verdict: got %q", pm.Verdict)
		}

		xf := rows[1]
		if xf.Signal != "program-scale" || xf.SignalName != "Program scale" || xf.Shown != 31 || !near(xf.ShownShare, 0.62) {
			t.Errorf("cross-functional: got signal %q %q shown %d (%v), want program-scale 31 (0.62)", xf.Signal, xf.SignalName, xf.Shown, xf.ShownShare)
		}
		if xf.Claim != signals[0].Claim {
			t.Errorf("cross-functional claim: got %q, want %q", xf.Claim, signals[0].Claim)
		}
		if xf.Verdict != "deeper bar shown in most listings (62%)" {
			t.Errorf("cross-functional verdict: got %q", xf.Verdict)
		}

		comm := rows[2]
		if comm.Group != "soft" || comm.Listed != 0 || comm.Verdict != "not listed in any posting; no claim to check" {
			t.Errorf("communication: got %+v", comm)
		}

		role := rows[3]
		if role.Skill != "" || role.Name != "Engineering background" || role.Group != "" || role.Signal != "engineering-background" {
			t.Errorf("role-level row: got %+v", role)
		}
		if role.Listed != 0 || role.ListedShare != 0 || role.Shown != 4 || !near(role.ShownShare, 0.08) {
			t.Errorf("role-level row counts: got listed %d shown %d (%v), want 0 and 4 (0.08)", role.Listed, role.Shown, role.ShownShare)
		}
		if role.Verdict != "rarely shown (8%)" {
			t.Errorf("role-level verdict: got %q, want %q", role.Verdict, "rarely shown (8%)")
		}
		if !role.RoleLevel() || xf.RoleLevel() {
			t.Errorf("RoleLevel: got %v for the role row and %v for a skill row, want true and false", role.RoleLevel(), xf.RoleLevel())
		}
	})

	t.Run("ZeroTotal", func(t *testing.T) {
		d := demand(0, count("project-management", 3, 0, 0, 0))
		d.Signals["program-scale"] = 2
		for _, r := range report.Reality(d, articleSkills(), signals) {
			if r.Verdict != "no postings" {
				t.Errorf("%s/%s: got verdict %q, want %q", r.Skill, r.Signal, r.Verdict, "no postings")
			}
			if r.ListedShare != 0 || r.RequiredShare != 0 || r.ShownShare != 0 {
				t.Errorf("%s/%s: got shares %v %v %v, want 0", r.Skill, r.Signal, r.ListedShare, r.RequiredShare, r.ShownShare)
			}
		}
		for _, r := range report.Reality(nil, articleSkills(), signals) {
			if r.Verdict != "no postings" {
				t.Errorf("nil demand %s/%s: got verdict %q, want %q", r.Skill, r.Signal, r.Verdict, "no postings")
			}
		}
	})

	t.Run("Verdicts", func(t *testing.T) {
		tests := []struct {
			total, shown int
			want         string
		}{
			{100, 50, "deeper bar shown in most listings (50%)"},
			{100, 49, "deeper bar shown in some listings (49%)"},
			{100, 20, "deeper bar shown in some listings (20%)"},
			{100, 19, "deeper bar rarely shown (19%)"},
			{1000, 1, "deeper bar rarely shown (<1%)"},
			{100, 0, "deeper bar not shown in any listing"},
			{10, 6, "deeper bar shown in most listings (60%); small sample (10 postings)"},
		}
		for _, tt := range tests {
			d := demand(tt.total)
			d.Signals["program-scale"] = tt.shown
			rows := report.Reality(d, articleSkills(), signals)
			if got := rows[1].Verdict; got != tt.want {
				t.Errorf("total %d shown %d: got %q, want %q", tt.total, tt.shown, got, tt.want)
			}
		}
	})

	t.Run("EverySignalOnce", func(t *testing.T) {
		sigs := append([]jobs.Signal{}, signals...)
		sigs = append(sigs,
			jobs.Signal{ID: "delivery-scale", Name: "Delivery scale", Skill: "cross-functional-leadership"}, // second for a skill
			jobs.Signal{ID: "orphan", Name: "Orphan", Skill: "not-an-article-skill"},
		)
		d := demand(10, count("cross-functional-leadership", 2, 0, 0, 0))
		rows := report.Reality(d, articleSkills(), sigs)
		seen := map[string]int{}
		for _, r := range rows {
			if r.Signal != "" {
				seen[r.Signal]++
			}
		}
		for _, s := range sigs {
			if seen[s.ID] != 1 {
				t.Errorf("signal %s: got %d rows, want 1", s.ID, seen[s.ID])
			}
		}
		if len(rows) != 6 {
			t.Fatalf("got %d rows, want 6", len(rows))
		}
		if r := rows[4]; r.Skill != "cross-functional-leadership" || r.Signal != "delivery-scale" || r.Listed != 2 {
			t.Errorf("second signal row: got %+v, want the skill's counts with delivery-scale", r)
		}
		if r := rows[5]; r.Skill != "" || r.Name != "Orphan" {
			t.Errorf("orphan signal row: got %+v, want a role-level row", r)
		}
	})
}

func TestPercent(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0%"}, {0.001, "<1%"}, {0.005, "1%"}, {0.125, "13%"}, {0.62, "62%"}, {0.996, ">99%"}, {1, "100%"},
	}
	for _, tt := range tests {
		if got := report.Percent(tt.in); got != tt.want {
			t.Errorf("Percent(%v): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
