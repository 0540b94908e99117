package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
)

func TestDB_Runs(t *testing.T) {
	db := MustOpenDB(t)
	var ids []string
	for i := range 5 {
		start := day1.Add(time.Duration(i) * time.Hour)
		r := &skilldemand.Run{ID: start.Format(time.RFC3339Nano), Started: start, Status: skilldemand.RunRunning}
		if err := db.PutRun(r); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	// The newest run finishes: its record is overwritten.
	last := &skilldemand.Run{ID: ids[4], Started: day1.Add(4 * time.Hour), Finished: day1.Add(5 * time.Hour),
		Status: skilldemand.RunOK, Sources: []skilldemand.SourceRun{{Source: "greenhouse:acme", Fetched: 3, New: 2}}}
	if err := db.PutRun(last); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		limit int
		want  []string
	}{
		{0, []string{ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{-1, []string{ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{2, []string{ids[4], ids[3]}},
		{9, []string{ids[4], ids[3], ids[2], ids[1], ids[0]}},
	}
	for _, tt := range tests {
		runs, err := db.Runs(tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range runs {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("limit %d: got %v, want %v", tt.limit, got, tt.want)
		}
	}

	runs, err := db.Runs(1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mustJSON(t, runs[0]), mustJSON(t, last); got != want {
		t.Errorf("finished run:\ngot  %s\nwant %s", got, want)
	}
	if err := db.PutRun(&skilldemand.Run{}); err == nil {
		t.Error("empty run id: got nil error, want one")
	}
}

func TestDB_Snapshots(t *testing.T) {
	db := MustOpenDB(t)
	dates := []string{"2025-03-03", "2025-03-01", "2025-03-02", "2025-03-05"}
	for _, d := range dates {
		s := &skilldemand.Snapshot{Date: d, Taken: day1, Demand: skilldemand.Demand{Total: 1}}
		if err := db.PutSnapshot(s); err != nil {
			t.Fatal(err)
		}
	}
	// The day's last snapshot wins.
	later := &skilldemand.Snapshot{Date: "2025-03-02", Taken: day2, Demand: skilldemand.Demand{
		Total:   7,
		Skills:  map[string]skilldemand.SkillCount{"jira": {Skill: "jira", Postings: 3, Required: 2, Mentioned: 1}},
		Signals: map[string]int{"program-scale": 2},
	}}
	if err := db.PutSnapshot(later); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		from, to string
		want     []string
	}{
		{"", "", []string{"2025-03-01", "2025-03-02", "2025-03-03", "2025-03-05"}},
		{"2025-03-02", "2025-03-03", []string{"2025-03-02", "2025-03-03"}},
		{"2025-03-04", "", []string{"2025-03-05"}},
		{"", "2025-03-01", []string{"2025-03-01"}},
		{"2025-03-06", "", nil},
		{"2025-03-04", "2025-03-04", nil},
	}
	for _, tt := range tests {
		snaps, err := db.Snapshots(tt.from, tt.to)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range snaps {
			got = append(got, s.Date)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q..%q: got %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}

	snaps, err := db.Snapshots("2025-03-02", "2025-03-02")
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 1 || mustJSON(t, snaps[0]) != mustJSON(t, later) {
		t.Errorf("got %s, want the later snapshot %s", mustJSON(t, snaps), mustJSON(t, later))
	}

	for _, bad := range []string{"", "2025-3-1", "yesterday"} {
		if err := db.PutSnapshot(&skilldemand.Snapshot{Date: bad}); err == nil {
			t.Errorf("date %q: got nil error, want one", bad)
		}
	}
	if _, err := db.Snapshots("03/01/2025", ""); err == nil {
		t.Error("bad from date: got nil error, want one")
	}
}
