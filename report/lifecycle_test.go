package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	jobs "github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/report"
)

func TestLifecycleOf(t *testing.T) {
	now := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	ps := []*jobs.Posting{
		{FirstSeen: day(1, 5), ClosedAt: day(1, 25)},  // closed after 20 days
		{FirstSeen: day(1, 10), ClosedAt: day(2, 19)}, // closed after 40 days
		{FirstSeen: day(2, 13)},                       // open
		{FirstSeen: day(3, 14)},                       // open
		{},                                            // never stored: left out
	}
	l, err := report.LifecycleOf(ps, report.PeriodMonth, now)
	if err != nil {
		t.Fatal(err)
	}
	if l.Total != 4 || l.Open != 2 || l.Closed != 2 {
		t.Errorf("got total %d open %d closed %d, want 4, 2, 2", l.Total, l.Open, l.Closed)
	}
	want := []report.PeriodCounts{
		{Start: "2026-01-01", New: 2, Active: 2, Closed: 1},
		{Start: "2026-02-01", New: 1, Active: 2, Closed: 1},
		{Start: "2026-03-01", New: 1, Active: 2, Closed: 0},
	}
	if len(l.Periods) != len(want) {
		t.Fatalf("got %d periods, want %d: %+v", len(l.Periods), len(want), l.Periods)
	}
	for i := range want {
		if l.Periods[i] != want[i] {
			t.Errorf("period %d: got %+v, want %+v", i, l.Periods[i], want[i])
		}
	}
	if l.Days.Closed == nil || *l.Days.Closed != 30 {
		t.Errorf("got closed median %v, want 30 days", l.Days.Closed)
	}
	// Open: 29.5 and 0.5 days so far.
	if l.Days.Open == nil || *l.Days.Open != 15 {
		t.Errorf("got open median %v, want 15 days", l.Days.Open)
	}
	if _, err := report.LifecycleOf(ps, "year", now); err == nil {
		t.Errorf("period year: got no error")
	}
	var b bytes.Buffer
	if err := report.WriteLifecycle(&b, l, report.FormatTable); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "closed postings 30.0 days") {
		t.Errorf("table lacks the closed median:\n%s", b.String())
	}
}

func TestCompaniesAndSalaries(t *testing.T) {
	sal := func(cur string, lo, hi float64) *jobs.Salary {
		return &jobs.Salary{Currency: cur, AnnualMin: lo, AnnualMax: hi}
	}
	ext := func(level string, s *jobs.Salary) *jobs.Extraction {
		return &jobs.Extraction{Attrs: jobs.Attributes{Seniority: level, Salary: s}}
	}
	ps := []*jobs.Posting{
		{Company: "Acme", Salary: sal("USD", 100, 200), Extraction: ext(jobs.SenioritySenior, nil)},
		{Company: "acme", Extraction: ext(jobs.SenioritySenior, sal("USD", 120, 220))},
		{Company: "Globex", Salary: sal("USD", 140, 240), Extraction: ext(jobs.SenioritySenior, sal("USD", 1, 2))},
		{Company: "Globex", Salary: sal("EUR", 90, 100), Extraction: ext(jobs.SenioritySenior, nil)},
		{Company: "Initech", Extraction: ext(jobs.SeniorityMid, nil)},
	}
	companies := report.TopCompanies(ps, 2)
	if len(companies) != 2 || companies[0] != (report.CompanyCount{Company: "Acme", Postings: 2}) {
		t.Errorf("got %+v, want Acme 2 first (case folded, first spelling kept)", companies)
	}
	bands := report.SalaryBySeniority(ps)
	if len(bands) != 1 {
		t.Fatalf("got %+v, want one band (mid states no salary)", bands)
	}
	if b := bands[0]; b.Seniority != jobs.SenioritySenior || b.Postings != 3 || b.MedianMin != 120 || b.MedianMax != 220 || b.Currency != "USD" {
		t.Errorf("got %+v, want senior: 3 USD postings, median 120–220 (the source's range preferred)", b)
	}
}
