package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	jobs "github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/report"
)

// snapshot is a daily snapshot with the given postings per skill.
func snapshot(date string, total int, postings map[string]int) *jobs.Snapshot {
	d := jobs.Demand{Total: total, Skills: map[string]jobs.SkillCount{}, Signals: map[string]int{}}
	for id, n := range postings {
		d.Skills[id] = jobs.SkillCount{Skill: id, Postings: n, Required: n}
	}
	return &jobs.Snapshot{Date: date, Demand: d}
}

// history is a hand-made series: a year-old snapshot, two in March, one in
// April, an empty one (a failed crawl) and the latest in May.
func history() []*jobs.Snapshot {
	return []*jobs.Snapshot{
		snapshot("2026-05-03", 20, map[string]int{"project-management": 12, "sql": 14, "communication": 4}),
		snapshot("2026-03-10", 10, map[string]int{"project-management": 6, "sql": 2}),
		snapshot("2025-05-01", 10, map[string]int{"project-management": 5, "sql": 1}),
		snapshot("2026-04-20", 0, nil), // failed crawl: ignored
		snapshot("2026-03-20", 20, map[string]int{"project-management": 10, "sql": 8}),
		snapshot("2026-04-05", 10, map[string]int{"project-management": 7, "sql": 3}),
	}
}

func rowOf(t *testing.T, rows []report.TrendRow, id string) report.TrendRow {
	t.Helper()
	for _, r := range rows {
		if r.Skill == id {
			return r
		}
	}
	t.Fatalf("got no row for %q in %+v", id, rows)
	return report.TrendRow{}
}

func ptrNear(p *float64, want float64) bool { return p != nil && near(*p, want) }

func fmtPtr(p *float64) string {
	if p == nil {
		return "nil"
	}
	return strings.TrimSpace(report.PP(p))
}

func TestTrends(t *testing.T) {
	t.Run("History", func(t *testing.T) {
		rows := report.Trends(history(), taxonomy)

		var order []string
		for _, r := range rows {
			order = append(order, r.Skill)
		}
		// By current share; the article skill nobody lists comes last.
		if got, want := strings.Join(order, ","), "sql,project-management,communication,cross-functional-leadership"; got != want {
			t.Errorf("got order %s, want %s", got, want)
		}

		pm := rowOf(t, rows, "project-management")
		if !near(pm.Current, 0.6) || !near(pm.Previous, 0.7) || !near(pm.YearAgo, 0.5) {
			t.Errorf("got current %v previous %v year ago %v, want 0.6 0.7 0.5", pm.Current, pm.Previous, pm.YearAgo)
		}
		if !ptrNear(pm.MoM, -10) || !ptrNear(pm.YoY, 10) {
			t.Errorf("got MoM %s YoY %s, want -10 and +10 pp", fmtPtr(pm.MoM), fmtPtr(pm.YoY))
		}
		if pm.Rank != 2 || pm.PrevRank != 1 || pm.RankChange != -1 {
			t.Errorf("got rank %d prev %d change %d, want 2 1 -1", pm.Rank, pm.PrevRank, pm.RankChange)
		}
		if !pm.Article || pm.Name != "Project Management" {
			t.Errorf("got name %q article %v, want the taxonomy's", pm.Name, pm.Article)
		}
		// Month means: March (0.6+0.5)/2, April 0.7 (the empty snapshot is
		// not a zero), May 0.6.
		wantSeries := []report.Point{{"2025-05", 0.5}, {"2026-03", 0.55}, {"2026-04", 0.7}, {"2026-05", 0.6}}
		if len(pm.Series) != len(wantSeries) {
			t.Fatalf("got series %+v, want %+v", pm.Series, wantSeries)
		}
		for i, p := range pm.Series {
			if p.Date != wantSeries[i].Date || !near(p.Share, wantSeries[i].Share) {
				t.Errorf("series[%d]: got %+v, want %+v", i, p, wantSeries[i])
			}
		}
		// MA3 over March, April and May.
		if want := (0.55 + 0.7 + 0.6) / 3; !near(pm.MA3, want) {
			t.Errorf("got MA3 %v, want %v", pm.MA3, want)
		}

		sql := rowOf(t, rows, "sql")
		if !ptrNear(sql.MoM, 40) || !ptrNear(sql.YoY, 60) {
			t.Errorf("sql: got MoM %s YoY %s, want +40 and +60 pp", fmtPtr(sql.MoM), fmtPtr(sql.YoY))
		}
		if sql.Rank != 1 || sql.PrevRank != 2 || sql.RankChange != 1 {
			t.Errorf("sql: got rank %d prev %d change %d, want 1 2 1", sql.Rank, sql.PrevRank, sql.RankChange)
		}
		if want := (0.3 + 0.3 + 0.7) / 3; !near(sql.MA3, want) {
			t.Errorf("sql: got MA3 %v, want %v", sql.MA3, want)
		}

		comm := rowOf(t, rows, "communication")
		if comm.Rank != 3 || comm.PrevRank != 0 || comm.RankChange != 0 || report.RankMove(&comm) != "new" {
			t.Errorf("communication: got rank %d prev %d change %d move %q, want 3 0 0 new",
				comm.Rank, comm.PrevRank, comm.RankChange, report.RankMove(&comm))
		}
		if !ptrNear(comm.MoM, 20) {
			t.Errorf("communication: got MoM %s, want +20 pp", fmtPtr(comm.MoM))
		}

		cfl := rowOf(t, rows, "cross-functional-leadership")
		if cfl.Current != 0 || cfl.Rank != 0 || !ptrNear(cfl.MoM, 0) || cfl.MA3 != 0 || len(cfl.Series) != 4 {
			t.Errorf("unlisted article skill: got %+v, want zeros over 4 months with a known 0 change", cfl)
		}
	})

	t.Run("ShortHistory", func(t *testing.T) {
		rows := report.Trends([]*jobs.Snapshot{
			snapshot("2026-05-23", 10, map[string]int{"sql": 4}),
			snapshot("2026-05-03", 10, map[string]int{"sql": 2}), // 20 days: too recent for a month
		}, nil)
		r := rowOf(t, rows, "sql")
		if r.MoM != nil || r.YoY != nil {
			t.Errorf("got MoM %s YoY %s, want both nil", fmtPtr(r.MoM), fmtPtr(r.YoY))
		}
		if r.Previous != 0 || r.PrevRank != 0 || r.RankChange != 0 || report.RankMove(&r) != "-" {
			t.Errorf("got previous %v prev rank %d change %d move %q, want unknowns", r.Previous, r.PrevRank, r.RankChange, report.RankMove(&r))
		}
		if r.Rank != 1 || !near(r.Current, 0.4) {
			t.Errorf("got rank %d current %v, want 1 0.4", r.Rank, r.Current)
		}
		// One month: its mean is (0.4+0.2)/2, and MA3 is that one month.
		if len(r.Series) != 1 || !near(r.Series[0].Share, 0.3) || !near(r.MA3, 0.3) {
			t.Errorf("got series %+v MA3 %v, want one point 0.3 and MA3 0.3", r.Series, r.MA3)
		}
	})

	t.Run("GapLeavesChangeUnknown", func(t *testing.T) {
		// The only older snapshot is 113 days back: not "a month before".
		rows := report.Trends([]*jobs.Snapshot{
			snapshot("2026-01-10", 10, map[string]int{"sql": 1}),
			snapshot("2026-05-03", 10, map[string]int{"sql": 4}),
		}, nil)
		r := rowOf(t, rows, "sql")
		if r.MoM != nil {
			t.Errorf("got MoM %s, want nil across a gap", fmtPtr(r.MoM))
		}
		// MA3 counts only May: January is outside March..May.
		if len(r.Series) != 2 || !near(r.MA3, 0.4) {
			t.Errorf("got series %+v MA3 %v, want two points and MA3 0.4", r.Series, r.MA3)
		}
	})

	t.Run("MonthWindowEdges", func(t *testing.T) {
		for _, tt := range []struct {
			older string
			known bool
		}{
			{"2026-04-05", true},  // 28 days
			{"2026-03-19", true},  // 45 days
			{"2026-03-18", false}, // 46 days
			{"2026-04-06", false}, // 27 days
		} {
			rows := report.Trends([]*jobs.Snapshot{
				snapshot(tt.older, 10, map[string]int{"sql": 1}),
				snapshot("2026-05-03", 10, map[string]int{"sql": 4}),
			}, nil)
			if got := rowOf(t, rows, "sql").MoM != nil; got != tt.known {
				t.Errorf("older snapshot %s: got MoM known %v, want %v", tt.older, got, tt.known)
			}
		}
	})

	t.Run("TwoMonthMA", func(t *testing.T) {
		rows := report.Trends([]*jobs.Snapshot{
			snapshot("2026-04-30", 10, map[string]int{"sql": 2}),
			snapshot("2026-05-01", 10, map[string]int{"sql": 4}),
		}, nil)
		if r := rowOf(t, rows, "sql"); !near(r.MA3, 0.3) || len(r.Series) != 2 {
			t.Errorf("got MA3 %v over %d months, want 0.3 over 2", r.MA3, len(r.Series))
		}
	})

	t.Run("DuplicateDateAndBadInput", func(t *testing.T) {
		early := snapshot("2026-05-03", 10, map[string]int{"sql": 1})
		early.Taken = time.Date(2026, 5, 3, 3, 0, 0, 0, time.UTC)
		late := snapshot("2026-05-03", 10, map[string]int{"sql": 5})
		late.Taken = early.Taken.Add(time.Hour)
		snaps := []*jobs.Snapshot{late, nil, snapshot("03/05/2026", 10, map[string]int{"sql": 9}), early}
		r := rowOf(t, report.Trends(snaps, nil), "sql")
		if !near(r.Current, 0.5) {
			t.Errorf("got current %v, want 0.5 from the later-taken snapshot", r.Current)
		}
		b := report.TrendBasisOf(snaps)
		if b.Snapshots != 1 || b.Skipped != 3 || b.Latest != "2026-05-03" {
			t.Errorf("got basis %+v, want 1 usable, 3 skipped, latest 2026-05-03", b)
		}
	})

	t.Run("Empty", func(t *testing.T) {
		for _, snaps := range [][]*jobs.Snapshot{nil, {snapshot("2026-05-03", 0, nil)}} {
			rows := report.Trends(snaps, taxonomy)
			if len(rows) != 3 {
				t.Fatalf("got %d rows, want the 3 article skills", len(rows))
			}
			for _, r := range rows {
				if r.MoM != nil || r.YoY != nil || r.Current != 0 || r.Rank != 0 || len(r.Series) != 0 || !r.Article {
					t.Errorf("got %+v, want an article skill at zero with unknown changes", r)
				}
			}
		}
	})
}

func TestTrendBasisOf(t *testing.T) {
	b := report.TrendBasisOf(history())
	if b.Latest != "2026-05-03" || b.MonthAgo != "2026-04-05" || b.YearAgo != "2025-05-01" {
		t.Errorf("got latest %s month ago %s year ago %s, want 2026-05-03 2026-04-05 2025-05-01", b.Latest, b.MonthAgo, b.YearAgo)
	}
	if b.Snapshots != 5 || b.Skipped != 1 {
		t.Errorf("got %d usable and %d skipped, want 5 and 1", b.Snapshots, b.Skipped)
	}
	if got, want := strings.Join(b.Months, ","), "2025-05,2026-03,2026-04,2026-05"; got != want {
		t.Errorf("got months %s, want %s", got, want)
	}
	if e := report.TrendBasisOf(nil); e.Latest != "" || len(e.Months) != 0 {
		t.Errorf("got %+v for no snapshots, want an empty basis", e)
	}
}

func TestWriteTrends(t *testing.T) {
	tax := append([]jobs.Skill{{ID: "evil", Name: "=HYPERLINK(\"x\")\tname"}}, taxonomy...)
	snaps := append(history(), snapshot("2026-05-03", 20, map[string]int{
		"project-management": 12, "sql": 14, "communication": 4, "evil": 1}))
	rows := report.Trends(snaps, tax)

	t.Run("Table", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteTrends(&buf, rows, ""); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range []string{"MONTH AGO", "YOY", "+40.0 pp", "-10.0 pp", "+60.0 pp", "new", "70.0%", "pp)."} {
			if !strings.Contains(out, want) {
				t.Errorf("got table\n%s\nwant it to contain %q", out, want)
			}
		}
		if strings.Contains(out, "\t") {
			t.Errorf("got a tab from a skill name in\n%s", out)
		}
	})

	t.Run("CSV", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteTrends(&buf, rows, "csv"); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != len(rows)+1 {
			t.Fatalf("got %d records, want %d", len(recs), len(rows)+1)
		}
		head := strings.Join(recs[0], ",")
		if head != "rank,skill,name,article,current,previous,year_ago,mom_pp,yoy_pp,ma3,prev_rank,rank_change,months" {
			t.Errorf("got header %s", head)
		}
		for _, rec := range recs[1:] {
			switch rec[1] {
			case "project-management":
				if rec[7] != "-10.00" || rec[11] != "-1" || rec[12] != "4" {
					t.Errorf("got mom %q rank change %q months %q, want -10.00 -1 4 (numbers keep their sign)", rec[7], rec[11], rec[12])
				}
			case "evil":
				if !strings.HasPrefix(rec[2], "'=") {
					t.Errorf("got name %q, want a formula-safe cell", rec[2])
				}
			}
		}
	})

	t.Run("JSON", func(t *testing.T) {
		short := report.Trends([]*jobs.Snapshot{snapshot("2026-05-03", 10, map[string]int{"sql": 4})}, nil)
		var buf bytes.Buffer
		if err := report.WriteTrends(&buf, short, "json"); err != nil {
			t.Fatal(err)
		}
		var got []map[string]any
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0]["mom_pp"] != nil || got[0]["series"] == nil {
			t.Errorf("got %s, want one row with mom_pp null and a series", buf.String())
		}
		buf.Reset()
		if err := report.WriteTrends(&buf, nil, "json"); err != nil || strings.TrimSpace(buf.String()) != "[]" {
			t.Errorf("got %q, %v for no rows, want []", buf.String(), err)
		}
	})

	t.Run("UnknownFormat", func(t *testing.T) {
		if err := report.WriteTrends(&bytes.Buffer{}, rows, "xml"); err == nil || !strings.Contains(err.Error(), "use one of") {
			t.Errorf("got %v, want an unknown format error naming the choices", err)
		}
	})
}

func TestPP(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	for _, tt := range []struct {
		in   *float64
		want string
	}{
		{nil, "-"}, {v(0), "0.0 pp"}, {v(2.5), "+2.5 pp"}, {v(-1), "-1.0 pp"}, {v(-0.01), "0.0 pp"}, {v(0.04), "0.0 pp"},
	} {
		if got := report.PP(tt.in); got != tt.want {
			t.Errorf("PP(%s): got %q, want %q", fmtPtr(tt.in), got, tt.want)
		}
	}
}
