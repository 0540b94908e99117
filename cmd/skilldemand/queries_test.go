package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/store"
)

// runAll runs the CLI like run, with the lifecycle command registered
// even where the root command does not list it yet.
func runAll(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	m := NewMain(&out, &errb)
	root := m.rootCommand()
	if c, _, err := root.Find([]string{"lifecycle"}); err != nil || c == root {
		root.AddCommand(m.lifecycleCommand())
	}
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errb)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintf(&errb, "skilldemand: %s\n", oneLine(errorText(err)))
		return m.exitCode(err), out.String(), errb.String()
	}
	return exitOK, out.String(), errb.String()
}

// jobDesc is a description long enough for near-duplicate fingerprints.
func jobDesc(topic, extra string) string {
	return "About the role\n" + strings.Repeat("You will run "+topic+" programs across engineering, product and operations teams. ", 3) +
		"\nMinimum qualifications\n- 5+ years of program management\n- Experience with risk management and Jira\n" +
		"Responsibilities\n- Own the " + topic + " roadmap and report status to leadership\n" + extra
}

func jsonLine(t *testing.T, rec map[string]string) string {
	t.Helper()
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// queryData imports two dataset "boards": one job cross-posted on both
// and for two locations, a different job with the same title, and a
// senior remote machine-learning role at another company.
func queryData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	payments := jobDesc("payments", "")
	a := jsonLine(t, map[string]string{"id": "1", "title": "Technical Program Manager", "company": "Acme", "location": "New York, NY", "url": "https://a.example/1", "description": payments}) +
		jsonLine(t, map[string]string{"id": "2", "title": "Technical Program Manager", "company": "Acme", "location": "London", "url": "https://a.example/2", "description": payments + "Based in London.\n"}) +
		jsonLine(t, map[string]string{"id": "3", "title": "Technical Program Manager", "company": "Acme", "location": "New York, NY", "url": "https://a.example/3",
			"description": jobDesc("silicon validation and chip bring-up", "Preferred qualifications\n- Experience with hardware labs\n")}) +
		jsonLine(t, map[string]string{"id": "4", "title": "Senior Technical Program Manager", "company": "Globex", "location": "Remote", "url": "https://a.example/4",
			"description": jobDesc("machine learning platform", "This is a fully remote role.\n")})
	b := jsonLine(t, map[string]string{"id": "9", "title": "Technical Program Manager (Remote)", "company": "Acme Inc.", "location": "Remote", "url": "https://b.example/9", "description": payments})
	data := filepath.Join(dir, "data")
	for _, f := range [][2]string{{"boarda.jsonl", a}, {"boardb.jsonl", b}} {
		name := f[0]
		file := writeFile(t, filepath.Join(dir, name), f[1])
		if code, _, stderr := runAll(t, "import", file, "--data", data); code != exitOK {
			t.Fatalf("import %s: exit %d: %s", name, code, stderr)
		}
	}
	return data
}

type searchJSON struct {
	Total int         `json:"total"`
	Hits  []searchHit `json:"hits"`
}

func searchTotal(t *testing.T, args ...string) (int, []searchHit) {
	t.Helper()
	code, stdout, stderr := runAll(t, append([]string{"search", "--format", "json", "--limit", "50"}, args...)...)
	if code != exitOK {
		t.Fatalf("search %v: exit %d: %s", args, code, stderr)
	}
	var res searchJSON
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("search %v: %v\n%s", args, err, stdout)
	}
	return res.Total, res.Hits
}

func TestQueries(t *testing.T) {
	data := queryData(t)

	t.Run("CrossPostsCountOnce", func(t *testing.T) {
		total, hits := searchTotal(t, "--data", data)
		if total != 3 {
			t.Fatalf("got %d postings, want 3 (the cross-posted job once)", total)
		}
		var urls int
		for _, h := range hits {
			if strings.Contains(h.Title, "Technical Program Manager") && len(h.OtherURLs) > 0 {
				urls = len(h.OtherURLs) + 1
			}
		}
		if urls != 3 {
			t.Errorf("got %d URLs on the cross-posted job, want 3 (two boards, two locations)", urls)
		}
		code, stdout, _ := runAll(t, "reality", "--data", data, "--format", "json")
		var rj RealityAnswer
		if code != exitOK || json.Unmarshal([]byte(stdout), &rj) != nil || rj.Total != 3 {
			t.Errorf("reality: exit %d, total %d, want 3\n%s", code, rj.Total, stdout)
		}
		if len(rj.Unnamed) == 0 {
			t.Errorf("reality json lists no skills the article does not name")
		}
	})

	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"Query", []string{"--query", "machine learning"}, 1},
		{"QueryArg", []string{"silicon validation"}, 1},
		{"Company", []string{"--company", "globex"}, 1},
		{"LocationOfAnotherMember", []string{"--location", "London"}, 1},
		{"Location", []string{"--location", "new york"}, 2},
		// The workplace is the canonical member's (boarda's New York one).
		{"Remote", []string{"--remote", "remote"}, 1},
		{"Seniority", []string{"--seniority", "senior"}, 1},
		{"SourceBoard", []string{"--source", "file:boardb"}, 1},
		{"Source", []string{"--source", "file"}, 3},
		{"Since", []string{"--since", "30d"}, 3},
		{"FromTomorrow", []string{"--from", tomorrow}, 0},
		{"FromTo", []string{"--from", yesterday, "--to", tomorrow}, 3},
		{"All", []string{"--all"}, 3},
		{"Combined", []string{"--company", "acme", "--location", "new york", "--query", "payments"}, 1},
		{"Skill", []string{"--skill", "risk-management", "--company", "acme"}, 2},
	} {
		t.Run("Filter"+tc.name, func(t *testing.T) {
			got, _ := searchTotal(t, append([]string{"--data", data}, tc.args...)...)
			if got != tc.want {
				t.Errorf("search %v: got %d postings, want %d", tc.args, got, tc.want)
			}
		})
	}

	t.Run("QueryFragment", func(t *testing.T) {
		_, hits := searchTotal(t, "--data", data, "--query", "machine learning")
		if len(hits) != 1 || !strings.Contains(hits[0].Fragment, "<mark>") {
			t.Fatalf("got hits %+v, want one with a highlighted fragment", hits)
		}
		code, stdout, _ := runAll(t, "search", "--data", data, "--query", "machine learning")
		if code != exitOK || !strings.Contains(stdout, "[[") || strings.Contains(stdout, "<mark>") {
			t.Errorf("search table: exit %d, want the match shown in [[...]] without markup:\n%s", code, stdout)
		}
	})

	t.Run("SkillsAgreeWithDrillDown", func(t *testing.T) {
		code, stdout, stderr := runAll(t, "skills", "--data", data, "--format", "json", "--co", "2")
		if code != exitOK {
			t.Fatalf("skills: exit %d: %s", code, stderr)
		}
		var rows []SkillRow
		if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Skill != "risk-management" {
				continue
			}
			if len(r.CoSkills) == 0 {
				t.Errorf("risk-management lists no co-occurring skills")
			}
			for _, s := range []skilldemand.Strength{skilldemand.StrengthRequired, skilldemand.StrengthResponsibility} {
				want := map[skilldemand.Strength]int{skilldemand.StrengthRequired: r.Required, skilldemand.StrengthResponsibility: r.Responsibility}[s]
				got, hits := searchTotal(t, "--data", data, "--skill", "risk-management", "--strength", string(s))
				if got != want {
					t.Errorf("--strength %s: got %d postings, want the table's %d", s, got, want)
				}
				for _, h := range hits {
					if h.Strength != string(s) || len(h.Spans) == 0 {
						t.Errorf("hit %s: strength %q with %d spans, want %s with its text", h.ID, h.Strength, len(h.Spans), s)
					}
				}
			}
			return
		}
		t.Errorf("risk-management not in the skills table:\n%s", stdout)
	})

	t.Run("Lifecycle", func(t *testing.T) {
		code, stdout, stderr := runAll(t, "lifecycle", "--data", data, "--format", "json", "--period", "week")
		if code != exitOK {
			t.Fatalf("lifecycle: exit %d: %s", code, stderr)
		}
		var l struct {
			Total, Open int
			Periods     []struct{ New, Active int }
		}
		if err := json.Unmarshal([]byte(stdout), &l); err != nil {
			t.Fatal(err)
		}
		if l.Total != 3 || l.Open != 3 || len(l.Periods) != 1 || l.Periods[0].New != 3 {
			t.Errorf("got %+v, want 3 open postings, all new this week", l)
		}
		if code, _, stderr := runAll(t, "lifecycle", "--data", data, "--period", "year"); code != exitUsage || !strings.Contains(stderr, "week or month") {
			t.Errorf("bad period: exit %d: %s", code, stderr)
		}
	})

	t.Run("Reports", func(t *testing.T) {
		dir := t.TempDir()
		for _, format := range []string{"html", "md", "csv", "json"} {
			out := filepath.Join(dir, "report."+format)
			if code, _, stderr := runAll(t, "report", "--data", data, "--format", format, "--out", out, "--company", "acme"); code != exitOK {
				t.Fatalf("report %s: exit %d: %s", format, code, stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"html": "<svg", "md": "Listed vs reality", "csv": "rank,skill", "json": `"SalaryBySeniority"`}[format]
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("%s report lacks %q", format, want)
			}
			if format == "md" && !bytes.Contains(b, []byte("not measured")) {
				t.Errorf("md report does not say the extractor's accuracy is not measured")
			}
		}
	})

	t.Run("Reindex", func(t *testing.T) {
		code, stdout, stderr := runAll(t, "reindex", "--data", data)
		if code != exitOK || !strings.Contains(stdout, "reindexed 5 postings in") {
			t.Fatalf("reindex: exit %d: %s%s", code, stdout, stderr)
		}
		if got, _ := searchTotal(t, "--data", data); got != 3 {
			t.Errorf("after reindex: got %d postings, want 3", got)
		}
	})
}

func TestSkillsTrend(t *testing.T) {
	dir := t.TempDir()
	db := store.NewDB(filepath.Join(dir, storeFile))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	// Four monthly snapshots: jira grows from 5% to 35%, passing project
	// management's 30% in the last month.
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for i := range 4 {
		day := start.AddDate(0, i, 0)
		s := &skilldemand.Snapshot{Date: day.Format(time.DateOnly), Taken: day, Demand: skilldemand.Demand{
			Total: 100,
			Skills: map[string]skilldemand.SkillCount{
				"jira-confluence":    {Skill: "jira-confluence", Postings: 5 + 10*i},
				"project-management": {Skill: "project-management", Postings: 30},
			},
		}}
		if err := db.PutSnapshot(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runAll(t, "skills", "--trend", "--data", dir, "--format", "json")
	if code != exitOK {
		t.Fatalf("skills --trend: exit %d: %s", code, stderr)
	}
	var rows []struct {
		Skill      string   `json:"skill"`
		MoM        *float64 `json:"mom_pp"`
		RankChange int      `json:"rank_change"`
		MA3        float64  `json:"ma3"`
	}
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	found := false
	for _, r := range rows {
		if r.Skill != "jira-confluence" {
			continue
		}
		found = true
		if r.MoM == nil || *r.MoM < 9.9 || *r.MoM > 10.1 {
			t.Errorf("jira MoM: got %v, want +10pp", r.MoM)
		}
		if r.RankChange != 1 {
			t.Errorf("jira rank change: got %d, want 1 (moved past project management)", r.RankChange)
		}
		if r.MA3 < 0.249 || r.MA3 > 0.251 {
			t.Errorf("jira 3-month average: got %v, want 0.25", r.MA3)
		}
	}
	if !found {
		t.Errorf("no jira row:\n%s", stdout)
	}
	if code, _, stderr := runAll(t, "skills", "--trend", "--data", dir, "--company", "x"); code != exitUsage || !strings.Contains(stderr, "drop the filters") {
		t.Errorf("--trend with a filter: exit %d: %s", code, stderr)
	}
}

func TestFragmentText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"…own the <mark>vendor</mark>\n\nrelationships &amp; <mark>contracts</mark>…", "…own the [[vendor]] relationships & [[contracts]]…"},
		{"no match &lt;b&gt;", "no match <b>"},
		{"<mark>cut", "[[cut]]"},
		{"bell\a<mark>x</mark>", "bell [[x]]"},
	} {
		if got := fragmentText(tc.in, false); got != tc.want {
			t.Errorf("fragmentText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
