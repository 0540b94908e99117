package store_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/store"
)

var (
	day1 = time.Date(2025, 3, 1, 3, 0, 0, 0, time.UTC)
	day2 = day1.AddDate(0, 0, 1)
	day3 = day1.AddDate(0, 0, 2)
	day4 = day1.AddDate(0, 0, 3)
)

// newPosting returns a minimal valid posting.
func newPosting(source, board, id string) *skilldemand.Posting {
	return &skilldemand.Posting{
		ID:          skilldemand.MakeID(source, board, id),
		Source:      source,
		Board:       board,
		ExternalID:  id,
		Title:       "Technical Program Manager",
		Description: "<p>Drive programs.</p>",
	}
}

// fullPosting returns a posting with every field set, Extraction included.
func fullPosting() *skilldemand.Posting {
	p := newPosting("greenhouse", "acme", "4012345")
	p.Company = "Acme"
	p.Location = "Remote, US"
	p.Workplace = skilldemand.WorkplaceRemote
	p.Department = "Engineering"
	p.URL = "https://example.com/jobs/4012345"
	p.Posted = time.Date(2025, 2, 20, 12, 30, 0, 0, time.UTC)
	p.Format = skilldemand.FormatHTML
	p.Sections = []skilldemand.Section{{Kind: skilldemand.SectionRequired, Title: "Must have", Body: "<li>Jira</li>"}}
	p.Salary = &skilldemand.Salary{Currency: "USD", Interval: "year", Min: 150000, Max: 190000,
		AnnualMin: 150000, AnnualMax: 190000, Provenance: "greenhouse.pay_input_ranges"}
	p.Extraction = &skilldemand.Extraction{
		Version: "x1/t1",
		Text:    "Must have\nJira",
		Sections: []skilldemand.TextSection{
			{Kind: skilldemand.SectionRequired, Heading: "Must have", Start: 0, End: 14},
		},
		Skills: []skilldemand.SkillMatch{{
			Skill: "jira", Strength: skilldemand.StrengthRequired,
			Hits: []skilldemand.Hit{{Span: skilldemand.Span{Start: 10, End: 14},
				Section: skilldemand.SectionRequired, Strength: skilldemand.StrengthRequired}},
		}},
		Signals: []skilldemand.SignalMatch{{Signal: "program-scale",
			Hits: []skilldemand.Hit{{Span: skilldemand.Span{Start: 0, End: 4}, Section: skilldemand.SectionRequired}}}},
		Attrs: skilldemand.Attributes{Seniority: skilldemand.SenioritySenior, MinYears: 5,
			Degree: skilldemand.DegreeBachelor, DegreeStrength: skilldemand.StrengthPreferred,
			Workplace: skilldemand.WorkplaceRemote, Salary: &skilldemand.Salary{Currency: "USD", Min: 1}},
	}
	return p
}

// mustJSON encodes v for comparisons.
func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// mustUpsert upserts ps at seenAt and fails the test on error.
func mustUpsert(tb testing.TB, db *store.DB, seenAt time.Time, ps ...*skilldemand.Posting) []store.Change {
	tb.Helper()
	changes, err := db.UpsertPostings(ps, seenAt)
	if err != nil {
		tb.Fatal(err)
	}
	return changes
}

func TestDB_UpsertPostings(t *testing.T) {
	t.Run("RoundTrip", func(t *testing.T) {
		db := MustOpenDB(t)
		in := fullPosting()
		want := fullPosting()
		want.Hash = want.ContentHash()
		want.FirstSeen, want.LastSeen = day1, day1

		if got := mustUpsert(t, db, day1, in); !slices.Equal(got, []store.Change{store.ChangeNew}) {
			t.Fatalf("got %v, want [new]", got)
		}
		if got, want := mustJSON(t, in), mustJSON(t, want); got != want {
			t.Errorf("caller's posting after upsert:\ngot  %s\nwant %s", got, want)
		}
		got, err := db.Posting(want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := mustJSON(t, got), mustJSON(t, want); got != want {
			t.Errorf("stored posting:\ngot  %s\nwant %s", got, want)
		}
		if !got.Posted.Equal(want.Posted) || !got.FirstSeen.Equal(day1) {
			t.Errorf("times: got posted %v first seen %v, want %v and %v", got.Posted, got.FirstSeen, want.Posted, day1)
		}
	})

	t.Run("Lifecycle", func(t *testing.T) {
		db := MustOpenDB(t)
		p := func() *skilldemand.Posting { return newPosting("lever", "globex", "a1") }

		if got := mustUpsert(t, db, day1, p()); got[0] != store.ChangeNew {
			t.Errorf("first sighting: got %v, want new", got[0])
		}
		if got := mustUpsert(t, db, day2, p()); got[0] != store.ChangeUnchanged {
			t.Errorf("same content: got %v, want unchanged", got[0])
		}
		changed := p()
		changed.Title = "Senior Technical Program Manager"
		if got := mustUpsert(t, db, day3, changed); got[0] != store.ChangeUpdated {
			t.Errorf("new title: got %v, want updated", got[0])
		}
		stored, err := db.Posting(changed.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !stored.FirstSeen.Equal(day1) || !stored.LastSeen.Equal(day3) {
			t.Errorf("got first %v last %v, want %v and %v", stored.FirstSeen, stored.LastSeen, day1, day3)
		}
		if stored.Title != changed.Title || stored.Hash != changed.ContentHash() {
			t.Errorf("got title %q hash %q, want %q %q", stored.Title, stored.Hash, changed.Title, changed.ContentHash())
		}

		if _, err := db.CloseMissing("lever:globex", nil, day3); err != nil {
			t.Fatal(err)
		}
		if got := mustUpsert(t, db, day4, changed); got[0] != store.ChangeReopened {
			t.Errorf("closed then seen: got %v, want reopened", got[0])
		}
		stored, err = db.Posting(changed.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !stored.Open() || !stored.FirstSeen.Equal(day1) || !stored.LastSeen.Equal(day4) {
			t.Errorf("got open %v first %v last %v, want true %v %v", stored.Open(), stored.FirstSeen, stored.LastSeen, day1, day4)
		}
	})

	t.Run("ExtractionKeptWhenNil", func(t *testing.T) {
		db := MustOpenDB(t)
		mustUpsert(t, db, day1, fullPosting())
		bare := fullPosting()
		bare.Extraction = nil
		mustUpsert(t, db, day2, bare)
		if bare.Extraction == nil || bare.Extraction.Version != "x1/t1" {
			t.Errorf("caller's posting: got extraction %+v, want the stored one", bare.Extraction)
		}
		got, err := db.Posting(bare.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Extraction == nil || got.Extraction.Version != "x1/t1" {
			t.Errorf("got extraction %+v, want the stored one kept", got.Extraction)
		}

		newer := fullPosting()
		newer.Extraction = &skilldemand.Extraction{Version: "x2/t1", Text: "t"}
		if got := mustUpsert(t, db, day3, newer); got[0] != store.ChangeUnchanged {
			t.Errorf("new extraction only: got %v, want unchanged", got[0])
		}
		got, err = db.Posting(bare.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Extraction == nil || got.Extraction.Version != "x2/t1" {
			t.Errorf("got extraction %+v, want the new one", got.Extraction)
		}
	})

	t.Run("Batch", func(t *testing.T) {
		db := MustOpenDB(t)
		mustUpsert(t, db, day1, newPosting("ashby", "a", "1"))
		changes := mustUpsert(t, db, day2, newPosting("ashby", "a", "1"), newPosting("ashby", "a", "2"),
			newPosting("ashby", "a", "2"))
		if want := []store.Change{store.ChangeUnchanged, store.ChangeNew, store.ChangeUnchanged}; !slices.Equal(changes, want) {
			t.Errorf("got %v, want %v", changes, want)
		}
		if got, err := db.UpsertPostings(nil, day2); err != nil || len(got) != 0 {
			t.Errorf("empty batch: got %v, %v; want [], nil", got, err)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db := MustOpenDB(t)
		kept := newPosting("greenhouse", "acme", "1")
		mustUpsert(t, db, day1, kept)

		changed := newPosting("greenhouse", "acme", "1")
		changed.Title = "Changed"
		bad := newPosting("greenhouse", "acme", "2")
		bad.Title = " "
		fresh := newPosting("greenhouse", "acme", "3")
		_, err := db.UpsertPostings([]*skilldemand.Posting{changed, fresh, bad}, day2)
		if skilldemand.ErrorCode(err) != skilldemand.EINVALID {
			t.Fatalf("got %v (code %q), want an invalid-posting error", err, skilldemand.ErrorCode(err))
		}
		got, err := db.Posting(kept.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != kept.Title || !got.LastSeen.Equal(day1) {
			t.Errorf("got title %q last seen %v, want %q %v", got.Title, got.LastSeen, kept.Title, day1)
		}
		if _, err := db.Posting(fresh.ID); !errors.Is(err, skilldemand.ErrNotFound) {
			t.Errorf("posting from the failed batch: got %v, want ErrNotFound", err)
		}
		if !changed.FirstSeen.IsZero() || changed.Hash != "" {
			t.Errorf("caller's posting changed by a failed call: %+v", changed)
		}
		if open, total, err := db.PostingCount(); err != nil || open != 1 || total != 1 {
			t.Errorf("got %d open, %d total, %v; want 1, 1, nil", open, total, err)
		}

		if _, err := db.UpsertPostings([]*skilldemand.Posting{nil}, day2); err == nil {
			t.Error("nil posting: got nil error, want one")
		}
		if _, err := db.UpsertPostings([]*skilldemand.Posting{fresh}, time.Time{}); err == nil {
			t.Error("zero seen time: got nil error, want one")
		}
	})
}

func TestDB_Posting_ErrNotFound(t *testing.T) {
	db := MustOpenDB(t)
	if _, err := db.Posting("greenhouse:acme:404"); !errors.Is(err, skilldemand.ErrNotFound) {
		t.Errorf("got %v, want ErrNotFound", err)
	}
}

func TestDB_ForEachPosting(t *testing.T) {
	db := MustOpenDB(t)
	var ps []*skilldemand.Posting
	var want []string
	for i := range 600 { // more than one read chunk
		p := newPosting("lever", "b", fmt.Sprintf("%04d", 599-i))
		ps = append(ps, p)
		want = append(want, p.ID)
	}
	mustUpsert(t, db, day1, ps...)
	slices.Sort(want)

	var got []string
	if err := db.ForEachPosting(func(p *skilldemand.Posting) error {
		got = append(got, p.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %d IDs (first %v), want %d in key order", len(got), got[:min(3, len(got))], len(want))
	}

	stop := errors.New("stop")
	n := 0
	err := db.ForEachPosting(func(p *skilldemand.Posting) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Errorf("got %v after %d calls, want stop after 3", err, n)
	}

	t.Run("Empty", func(t *testing.T) {
		calls := 0
		if err := MustOpenDB(t).ForEachPosting(func(*skilldemand.Posting) error { calls++; return nil }); err != nil || calls != 0 {
			t.Errorf("got %d calls, %v; want 0, nil", calls, err)
		}
	})
}

func TestDB_CloseMissing(t *testing.T) {
	db := MustOpenDB(t)
	mustUpsert(t, db, day1,
		newPosting("greenhouse", "acme", "1"),
		newPosting("greenhouse", "acme", "2"),
		newPosting("greenhouse", "acme", "3"),
		newPosting("greenhouse", "acme2", "1"),
		newPosting("lever", "acme", "1"),
	)
	if _, err := db.CloseMissing("greenhouse:acme", map[string]bool{}, day1); err != nil { // closes all three
		t.Fatal(err)
	}
	mustUpsert(t, db, day2, newPosting("greenhouse", "acme", "1"), newPosting("greenhouse", "acme", "2"))

	closed, err := db.CloseMissing("greenhouse:acme", map[string]bool{"greenhouse:acme:1": true}, day3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"greenhouse:acme:2"}; !slices.Equal(closed, want) {
		t.Errorf("got %v, want %v (3 was already closed, 1 was seen)", closed, want)
	}

	for id, want := range map[string]time.Time{
		"greenhouse:acme:1":  {},
		"greenhouse:acme:2":  day3,
		"greenhouse:acme:3":  day1,
		"greenhouse:acme2:1": {},
		"lever:acme:1":       {},
	} {
		p, err := db.Posting(id)
		if err != nil {
			t.Fatal(err)
		}
		if !p.ClosedAt.Equal(want) {
			t.Errorf("%s: got closed at %v, want %v", id, p.ClosedAt, want)
		}
	}
	if open, total, err := db.PostingCount(); err != nil || open != 3 || total != 5 {
		t.Errorf("got %d open, %d total, %v; want 3, 5, nil", open, total, err)
	}

	if _, err := db.CloseMissing("", nil, day3); err == nil {
		t.Error("empty source key: got nil error, want one")
	}
	if _, err := db.CloseMissing("greenhouse:acme", nil, time.Time{}); err == nil {
		t.Error("zero time: got nil error, want one")
	}
}

func BenchmarkUpsertPostings(b *testing.B) {
	const batch = 1000
	db := MustOpenDB(b)
	ps := make([]*skilldemand.Posting, batch)
	n := 0
	for b.Loop() {
		for i := range ps {
			p := fullPosting()
			p.ExternalID = fmt.Sprint(n)
			p.ID = skilldemand.MakeID(p.Source, p.Board, p.ExternalID)
			ps[i] = p
			n++
		}
		if _, err := db.UpsertPostings(ps, day1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "postings/s")
}

func TestDB_SaveExtractions(t *testing.T) {
	db := MustOpenDB(t)
	p := &skilldemand.Posting{ID: "greenhouse:acme:1", Source: "greenhouse", Board: "acme", ExternalID: "1", Title: "TPM"}
	seen := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if _, err := db.UpsertPostings([]*skilldemand.Posting{p}, seen); err != nil {
		t.Fatal(err)
	}
	hash := p.Hash
	ex := &skilldemand.Extraction{Version: "v2", Text: "x"}
	if err := db.SaveExtractions([]*skilldemand.Posting{{ID: p.ID, Extraction: ex}}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Posting(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Extraction == nil || got.Extraction.Version != "v2" {
		t.Errorf("extraction: got %+v, want version v2", got.Extraction)
	}
	if got.Hash != hash || !got.LastSeen.Equal(seen) || got.Title != "TPM" {
		t.Errorf("other fields changed: %+v", got)
	}
	err = db.SaveExtractions([]*skilldemand.Posting{{ID: "greenhouse:acme:404", Extraction: ex}})
	if !errors.Is(err, skilldemand.ErrNotFound) {
		t.Errorf("unknown posting: got %v, want ErrNotFound", err)
	}
}
