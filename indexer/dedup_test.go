package indexer_test

import (
	"context"
	"slices"
	"testing"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/indexer"
)

func dupPosting(source, board, id, location string, skills map[string]skilldemand.Strength) *skilldemand.Posting {
	p := &skilldemand.Posting{
		ID: skilldemand.MakeID(source, board, id), Source: source, Board: board, ExternalID: id,
		Title: "Technical Program Manager", Company: "Acme", Location: location,
		URL: "https://" + board + ".example.com/" + id, Description: "Run programs.",
		Extraction: &skilldemand.Extraction{Text: "Run programs."},
	}
	for _, s := range slices.Sorted(func(yield func(string) bool) {
		for k := range skills {
			if !yield(k) {
				return
			}
		}
	}) {
		p.Extraction.Skills = append(p.Extraction.Skills, skilldemand.SkillMatch{Skill: s, Strength: skills[s]})
	}
	return p
}

func TestIndex_Dups(t *testing.T) {
	ctx := context.Background()
	x := MustOpenIndex(t)
	req := map[string]skilldemand.Strength{"jira": skilldemand.StrengthRequired, "risk-management": skilldemand.StrengthPreferred}
	a := dupPosting("greenhouse", "acme", "1", "New York", req)
	b := dupPosting("lever", "acme", "x", "London", req)
	c := dupPosting("greenhouse", "acme", "2", "Berlin", map[string]skilldemand.Strength{"jira": skilldemand.StrengthMentioned})
	x.Groups = func(ids []string) (map[string]indexer.Dup, error) {
		out := map[string]indexer.Dup{}
		for _, id := range ids {
			if id == a.ID || id == b.ID {
				out[id] = indexer.Dup{Group: a.ID, Canonical: id == a.ID,
					Locations: []string{"New York", "London"}, Sources: []string{"greenhouse:acme", "lever:acme"},
					URLs: []string{a.URL, b.URL}}
			}
		}
		return out, nil
	}
	if err := x.Index([]*skilldemand.Posting{a, b, c}); err != nil {
		t.Fatal(err)
	}

	t.Run("DemandCountsAGroupOnce", func(t *testing.T) {
		d, err := x.Demand(ctx, skilldemand.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if d.Total != 2 {
			t.Errorf("got total %d, want 2", d.Total)
		}
		if got := d.Skills["jira"]; got.Postings != 2 || got.Required != 1 || got.Mentioned != 1 {
			t.Errorf("got jira %+v, want 2 postings, 1 required, 1 mentioned", got)
		}
	})
	t.Run("MemberLocationAndSourceFindTheGroup", func(t *testing.T) {
		for _, f := range []skilldemand.Filter{{Location: "London"}, {Source: "lever"}, {Source: "lever:acme"}} {
			d, err := x.Demand(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if d.Total != 1 {
				t.Errorf("filter %+v: got %d postings, want the group once", f, d.Total)
			}
		}
	})
	t.Run("SearchShowsEveryURL", func(t *testing.T) {
		res, err := x.Search(ctx, skilldemand.Filter{Location: "London"}, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].ID != a.ID || len(res.Hits[0].URLs) != 2 || res.Hits[0].Group != a.ID {
			t.Fatalf("got hits %+v, want %s with 2 URLs", res.Hits, a.ID)
		}
		if res.Hits[0].URL != a.URL {
			t.Errorf("got URL %q, want its own %q", res.Hits[0].URL, a.URL)
		}
	})
	t.Run("SearchStrength", func(t *testing.T) {
		res, err := x.SearchStrength(ctx, skilldemand.Filter{Skill: "jira"}, skilldemand.StrengthRequired, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || res.Hits[0].ID != a.ID {
			t.Errorf("got %d hits %+v, want %s only", res.Total, res.Hits, a.ID)
		}
		if _, err := x.SearchStrength(ctx, skilldemand.Filter{}, skilldemand.StrengthRequired, 0, 10); skilldemand.ErrorCode(err) != skilldemand.EINVALID {
			t.Errorf("strength without skill: got %v, want EINVALID", err)
		}
	})
	t.Run("CoSkills", func(t *testing.T) {
		got, err := x.CoSkills(ctx, skilldemand.Filter{}, "jira", 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Term != "risk-management" || got[0].Count != 1 {
			t.Errorf("got %+v, want risk-management 1", got)
		}
	})
	t.Run("IDs", func(t *testing.T) {
		got, err := x.IDs(ctx, skilldemand.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{a.ID, c.ID}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

func TestIndex_IndexDups(t *testing.T) {
	ctx := context.Background()
	x := MustOpenIndex(t)
	x.Groups = func([]string) (map[string]indexer.Dup, error) {
		t.Error("IndexDups asked Groups")
		return nil, nil
	}
	req := map[string]skilldemand.Strength{"jira": skilldemand.StrengthRequired}
	a := dupPosting("greenhouse", "acme", "1", "New York", req)
	b := dupPosting("lever", "acme", "x", "London", req)
	c := dupPosting("greenhouse", "acme", "2", "Berlin", req)
	dups := map[string]indexer.Dup{
		a.ID: {Group: a.ID, Canonical: true, Locations: []string{"New York", "London"}},
		b.ID: {Group: a.ID},
	}
	if err := x.IndexDups([]*skilldemand.Posting{a, b, c}, dups); err != nil {
		t.Fatal(err)
	}
	d, err := x.Demand(ctx, skilldemand.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Total != 2 || d.Skills["jira"].Postings != 2 {
		t.Errorf("got total %d, jira %+v; want the group once and c on its own: 2", d.Total, d.Skills["jira"])
	}
	if err := x.IndexDups([]*skilldemand.Posting{b}, nil); err != nil {
		t.Fatal(err)
	}
	if d, err = x.Demand(ctx, skilldemand.Filter{}); err != nil || d.Total != 3 {
		t.Errorf("after IndexDups with no groups: got total %d (%v), want 3 (b its own group)", d.Total, err)
	}
}
