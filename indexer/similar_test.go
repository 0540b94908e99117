package indexer_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/indexer"
)

// skillPosting is an open posting that lists skills with the given strengths.
func skillPosting(ext string, skills map[string]skilldemand.Strength) *skilldemand.Posting {
	p := &skilldemand.Posting{
		ID: skilldemand.MakeID("greenhouse", "acme", ext), Source: "greenhouse", Board: "acme", ExternalID: ext,
		Title: "Technical Program Manager " + ext, Company: "Acme", URL: "https://example.com/jobs/" + ext,
		FirstSeen:  time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		Extraction: &skilldemand.Extraction{Version: "test"},
	}
	ids := make([]string, 0, len(skills))
	for id := range skills {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		p.Extraction.Skills = append(p.Extraction.Skills, skilldemand.SkillMatch{Skill: id, Strength: skills[id]})
	}
	return p
}

func TestIndex_PostingSkills(t *testing.T) {
	req, pref := skilldemand.StrengthRequired, skilldemand.StrengthPreferred
	x := MustOpenIndex(t)
	closed := skillPosting("3", map[string]skilldemand.Strength{"sql": req})
	closed.ClosedAt = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	if err := x.Index([]*skilldemand.Posting{
		skillPosting("1", map[string]skilldemand.Strength{"sql": req, "jira": pref, "risk-management": req}),
		skillPosting("2", nil),
		closed,
	}); err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		got, err := x.PostingSkills(context.Background(), skilldemand.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("got %d postings, want 2 (open only): %+v", len(got), got)
		}
		if got[0].ID != "greenhouse:acme:1" || got[1].ID != "greenhouse:acme:2" {
			t.Errorf("got ids %s, %s, want greenhouse:acme:1, greenhouse:acme:2", got[0].ID, got[1].ID)
		}
		if want := []string{"jira", "risk-management", "sql"}; !slices.Equal(got[0].Skills, want) {
			t.Errorf("got skills %v, want %v", got[0].Skills, want)
		}
		if want := []string{"risk-management", "sql"}; !slices.Equal(got[0].Required, want) {
			t.Errorf("got required %v, want %v", got[0].Required, want)
		}
		if len(got[1].Skills) != 0 || len(got[1].Required) != 0 {
			t.Errorf("got %+v, want no skills", got[1])
		}
	})

	t.Run("IncludeClosed", func(t *testing.T) {
		got, err := x.PostingSkills(context.Background(), skilldemand.Filter{IncludeClosed: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Fatalf("got %d postings, want 3", len(got))
		}
	})

	t.Run("Pages", func(t *testing.T) {
		x := MustOpenIndex(t)
		const n = 1203 // more than one page
		ps := make([]*skilldemand.Posting, n)
		for i := range ps {
			ps[i] = skillPosting(fmt.Sprintf("%05d", i), map[string]skilldemand.Strength{"sql": req})
		}
		if err := x.Index(ps); err != nil {
			t.Fatal(err)
		}
		got, err := x.PostingSkills(context.Background(), skilldemand.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("got %d postings, want %d", len(got), n)
		}
		for i, p := range got {
			if p.ID != ps[i].ID || !slices.Equal(p.Required, []string{"sql"}) {
				t.Fatalf("posting %d: got %+v, want %s requiring sql", i, p, ps[i].ID)
			}
		}
	})
}

func TestIndex_PostingSkills_Reopened(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	x := indexer.NewIndex(path)
	x.Logger = slog.New(slog.DiscardHandler)
	if err := x.Open(); err != nil {
		t.Fatal(err)
	}
	if err := x.Index([]*skilldemand.Posting{
		skillPosting("1", map[string]skilldemand.Strength{"sql": skilldemand.StrengthRequired, "jira": skilldemand.StrengthMentioned}),
	}); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	x = indexer.NewIndex(path)
	x.ReadOnly = true
	x.Logger = slog.New(slog.DiscardHandler)
	if err := x.Open(); err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	got, err := x.PostingSkills(context.Background(), skilldemand.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !slices.Equal(got[0].Skills, []string{"jira", "sql"}) || !slices.Equal(got[0].Required, []string{"sql"}) {
		t.Errorf("got %+v, want one posting listing jira and sql, requiring sql", got)
	}
}

func TestIndex_Similar(t *testing.T) {
	req, pref := skilldemand.StrengthRequired, skilldemand.StrengthPreferred
	x := MustOpenIndex(t)
	closed := skillPosting("9", map[string]skilldemand.Strength{"sql": req, "jira": req, "agile": req})
	closed.ClosedAt = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	if err := x.Index([]*skilldemand.Posting{
		skillPosting("1", map[string]skilldemand.Strength{"sql": pref, "jira": pref}),
		skillPosting("2", map[string]skilldemand.Strength{"sql": req, "jira": req}),
		skillPosting("3", map[string]skilldemand.Strength{"python": req}),
		closed,
	}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	t.Run("RequiredFirst", func(t *testing.T) {
		res, err := x.Similar(ctx, skilldemand.Filter{}, []string{"sql", "jira", "agile"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if want := []string{"greenhouse:acme:2", "greenhouse:acme:1"}; !slices.Equal(ids, want) {
			t.Errorf("got %v, want %v", ids, want)
		}
		if res.Total != 2 {
			t.Errorf("got total %d, want 2", res.Total)
		}
		if len(res.Hits) > 0 && res.Hits[0].URL != "https://example.com/jobs/2" {
			t.Errorf("got url %q, want the stored one", res.Hits[0].URL)
		}
	})

	t.Run("NoSkills", func(t *testing.T) {
		res, err := x.Similar(ctx, skilldemand.Filter{}, nil, 10)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 0 || len(res.Hits) != 0 {
			t.Errorf("got %d hits, want none", res.Total)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := x.Similar(ctx, skilldemand.Filter{}, []string{"sql"}, -1)
		if got := skilldemand.ErrorCode(err); got != skilldemand.EINVALID {
			t.Errorf("got code %q, want %q", got, skilldemand.EINVALID)
		}
	})
}
