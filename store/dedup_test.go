package store_test

import (
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/store"
)

// jobText is a long enough description for fingerprints to mean something.
func jobText(topic string) string {
	return strings.Repeat("We are hiring a program lead to run "+topic+" programs across teams. ", 3) +
		"You will own the roadmap for " + topic + ", manage risks and dependencies, report status to leadership, " +
		"work with engineering managers on planning, and keep delivery on schedule for " + topic + " launches."
}

func dupPosting(source, board, id, company, title, location, text string) *skilldemand.Posting {
	p := newPosting(source, board, id)
	p.Company, p.Title, p.Location = company, title, location
	p.URL = "https://" + board + ".example.com/" + id
	p.Description = "<p>" + text + "</p>"
	return p
}

func TestDB_Groups(t *testing.T) {
	db := MustOpenDB(t)
	payments := jobText("payments")
	a := dupPosting("greenhouse", "acme", "1", "Acme, Inc.", "Technical Program Manager", "New York", payments)
	b := dupPosting("lever", "acme-jobs", "x1", "ACME", "Technical Program Manager (Remote)", "Remote", payments)
	c := dupPosting("greenhouse", "acme", "2", "Acme", "Technical Program Manager", "London", payments+" Based in London.")
	other := dupPosting("greenhouse", "acme", "3", "Acme", "Technical Program Manager", "New York", jobText("silicon validation and chip tape-out"))
	mustUpsert(t, db, day1, a)
	mustUpsert(t, db, day2, b, c, other)

	groups, err := db.GroupsOf([]string{a.ID, b.ID, c.ID, other.ID})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("CrossPostsShareAGroup", func(t *testing.T) {
		ga, gb, gc := groups[a.ID], groups[b.ID], groups[c.ID]
		if ga == nil || gb == nil || gc == nil {
			t.Fatalf("got groups %v, want one for each posting", groups)
		}
		if ga.ID != gb.ID || ga.ID != gc.ID {
			t.Errorf("got groups %q, %q, %q, want one group", ga.ID, gb.ID, gc.ID)
		}
		if len(ga.Members) != 3 {
			t.Errorf("got %d members, want 3", len(ga.Members))
		}
		if ga.Canonical != a.ID {
			t.Errorf("got canonical %q, want the first seen %q", ga.Canonical, a.ID)
		}
	})
	t.Run("SameTitleOtherJobIsApart", func(t *testing.T) {
		if g := groups[other.ID]; g == nil || g.ID == groups[a.ID].ID {
			t.Errorf("got group %+v for a different job, want its own", g)
		}
	})
	t.Run("ClosingCanonicalPromotes", func(t *testing.T) {
		closed, err := db.CloseMissing("greenhouse:acme", map[string]bool{c.ID: true, other.ID: true}, day3)
		if err != nil {
			t.Fatal(err)
		}
		if len(closed) != 1 || closed[0] != a.ID {
			t.Fatalf("got closed %v, want [%s]", closed, a.ID)
		}
		g, err := db.GroupsOf([]string{a.ID})
		if err != nil {
			t.Fatal(err)
		}
		// b and c were first seen the same day: the lower id wins.
		if got, want := g[a.ID].Canonical, c.ID; got != want {
			t.Errorf("got canonical %q, want %q", got, want)
		}
		// Reopening a does not take the place back from an open member.
		mustUpsert(t, db, day4, a)
		g, _ = db.GroupsOf([]string{a.ID})
		if got, want := g[a.ID].Canonical, c.ID; got != want {
			t.Errorf("after reopen got canonical %q, want %q", got, want)
		}
	})
	t.Run("EditMovesToOwnGroup", func(t *testing.T) {
		b2 := dupPosting("lever", "acme-jobs", "x1", "Acme", "Technical Program Manager", "Remote", jobText("quantum networking hardware"))
		mustUpsert(t, db, day4, b2)
		g, _ := db.GroupsOf([]string{b.ID, a.ID})
		if g[b.ID].ID == g[a.ID].ID {
			t.Errorf("edited posting stayed in group %q", g[b.ID].ID)
		}
		if n := len(g[a.ID].Members); n != 2 {
			t.Errorf("old group has %d members, want 2", n)
		}
	})
	t.Run("RegroupAllRebuildsTheSame", func(t *testing.T) {
		if err := db.RegroupAll(); err != nil {
			t.Fatal(err)
		}
		g, _ := db.GroupsOf([]string{a.ID, c.ID, other.ID, b.ID})
		if g[a.ID].ID != g[c.ID].ID || g[a.ID].ID == g[other.ID].ID || g[a.ID].ID == g[b.ID].ID {
			t.Errorf("regrouped: got %q %q %q %q", g[a.ID].ID, g[c.ID].ID, g[other.ID].ID, g[b.ID].ID)
		}
		need, err := db.NeedsRegroup()
		if err != nil || need {
			t.Errorf("got NeedsRegroup %v, %v; want false", need, err)
		}
	})
}

func TestSimilarity(t *testing.T) {
	p := dupPosting("greenhouse", "acme", "1", "Acme", "TPM", "", jobText("payments"))
	q := dupPosting("greenhouse", "acme", "2", "Acme", "TPM", "", jobText("payments")+" Based in London.")
	r := dupPosting("greenhouse", "acme", "3", "Acme", "TPM", "", jobText("silicon validation"))
	if s := store.Similarity(store.Fingerprint(p), store.Fingerprint(q)); s < store.DupThreshold {
		t.Errorf("near-identical texts: got similarity %.2f, want ≥ %.2f", s, store.DupThreshold)
	}
	if s := store.Similarity(store.Fingerprint(p), store.Fingerprint(r)); s >= store.DupThreshold {
		t.Errorf("different jobs: got similarity %.2f, want < %.2f", s, store.DupThreshold)
	}
	if got, want := store.DupKey(&skilldemand.Posting{Company: "Acme, Inc.", Title: "Sr. TPM (Remote)"}), "acme|sr tpm"; got != want {
		t.Errorf("got key %q, want %q", got, want)
	}
}
