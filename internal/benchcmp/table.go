package benchcmp

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/skilldemand/skilldemand"
)

// Goals of the scale benchmark, as ratios bleve/SQLite.
const (
	GoalBuildSpeed = 0.30 // bleve docs/s at least this times SQLite's
	GoalSize       = 0.60 // bleve index at most this times SQLite's file
	GoalQuery      = 1.00 // bleve filtered-query p50 at most this times SQLite's
)

// Print writes the comparison table of a report.
func Print(w io.Writer, rep *Report) {
	b, s, r := rep.Results[PhaseBleve], rep.Results[PhaseSQLite], rep.Results[PhaseReindex]
	fmt.Fprintf(w, "postings: %d (%d distinct dataset postings, copies under new ids; %d invalid records skipped)\n",
		rep.N, rep.Base, rep.Skipped)
	fmt.Fprintf(w, "extract:  %d postings in %s = %.0f docs/s on %d workers (not part of the comparison)\n\n",
		rep.Base, rep.Extract.Round(time.Millisecond), rate(rep.Base, rep.Extract), rep.ExtractProc)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	row := func(cells ...string) { fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t") }
	if b != nil && s != nil {
		row("measure", "bleve", "sqlite fts5", "bleve/sqlite", "goal", "")
		speed := rate(b.Docs, b.Build) / rate(s.Docs, s.Build)
		row("build docs/s", fmt.Sprintf("%.0f", rate(b.Docs, b.Build)), fmt.Sprintf("%.0f", rate(s.Docs, s.Build)),
			ratio(speed), "≥ "+ratio(GoalBuildSpeed), pass(speed >= GoalBuildSpeed))
		size := float64(b.Size) / float64(s.Size)
		row("size on disk", mib(b.Size), mib(s.Size), ratio(size), "≤ "+ratio(GoalSize), pass(size <= GoalSize))
		row("build peak RSS", mib(b.BuildMem.Peak), mib(s.BuildMem.Peak),
			ratio(float64(b.BuildMem.Peak)/float64(s.BuildMem.Peak)), "", "")
		row("  above postings", mib(b.BuildMem.Peak-b.BuildMem.Base), mib(s.BuildMem.Peak-s.BuildMem.Base),
			ratio(float64(b.BuildMem.Peak-b.BuildMem.Base)/float64(s.BuildMem.Peak-s.BuildMem.Base)), "", "")
		row("query peak RSS", mib(b.QueryMem.Peak), mib(s.QueryMem.Peak),
			ratio(float64(b.QueryMem.Peak)/float64(s.QueryMem.Peak)), "", "")
		row("", "", "", "", "", "")
		row("demand query (p50 / p99)", "bleve", "sqlite fts5", "p50 bleve/sqlite", "goal", "")
		var worst float64
		for i, bq := range b.Queries {
			if i >= len(s.Queries) {
				break
			}
			sq := s.Queries[i]
			q := bq.Stats.P50.Seconds() / sq.Stats.P50.Seconds()
			goal, ok := "≤ "+ratio(GoalQuery), pass(q <= GoalQuery)
			if bq.Query.Whole {
				goal, ok = "(none)", ""
			} else {
				worst = max(worst, q)
			}
			row(bq.Query.Name, lat(bq.Stats), lat(sq.Stats), ratio(q), goal, ok)
		}
		row("worst filtered query", "", "", ratio(worst), "≤ "+ratio(GoalQuery), pass(worst <= GoalQuery))
		if b.CachedWhole.P50 > 0 {
			row("whole index, repeated (cache)", lat(b.CachedWhole), "", "", "", "")
		}
	}
	if r != nil {
		row("", "", "", "", "", "")
		row("reindex from bbolt", "postings", "time", "docs/s", "peak RSS", "")
		row("store load (upserts)", fmt.Sprint(r.Docs), r.StoreLoad.Round(time.Millisecond).String(),
			fmt.Sprintf("%.0f", rate(r.Docs, r.StoreLoad)), "", "")
		row("reindex", fmt.Sprint(r.Reindexed), r.Reindex.Round(time.Millisecond).String(),
			fmt.Sprintf("%.0f", rate(r.Reindexed, r.Reindex)), mib(r.BuildMem.Peak), "")
		if b != nil {
			row("  vs bleve build", "", "", ratio(r.Reindex.Seconds()/b.Build.Seconds())+" time", "", "")
		}
	}
	if m := rep.Results[PhaseMappings]; m != nil && len(m.Mappings) > 0 {
		row("", "", "", "", "", "")
		base := m.Mappings[0]
		row("bleve mapping variant", "size", "vs as is", "build vs as is", "company p50", "whole p50")
		for _, v := range m.Mappings {
			row(v.Name, mib(v.Size), ratio(float64(v.Size)/float64(base.Size)),
				ratio(base.Build.Seconds()/v.Build.Seconds())+" speed", lat(v.Filtered), lat(v.Whole))
		}
		if s != nil {
			row("  sqlite file", mib(s.Size), "", "", "", "")
		}
	}
	tw.Flush()

	if b != nil && s != nil {
		fmt.Fprintln(w, "\nsame answers (bleve Demand vs SQL):")
		for i, bq := range b.Queries {
			if i < len(s.Queries) {
				fmt.Fprintf(w, "  %-32s %s\n", bq.Query.Name, compare(bq.Demand, s.Queries[i].Demand))
			}
		}
	}
}

// compare says whether two demands agree, and how they differ if not.
func compare(a, b *skilldemand.Demand) string {
	if a == nil || b == nil {
		return "missing answer"
	}
	var diffs []string
	if a.Total != b.Total {
		diffs = append(diffs, fmt.Sprintf("total %d vs %d", a.Total, b.Total))
	}
	var skills []string
	for _, k := range slices.Sorted(maps.Keys(union(a.Skills, b.Skills))) {
		if a.Skills[k] != b.Skills[k] {
			skills = append(skills, fmt.Sprintf("%s %d vs %d", k, a.Skills[k].Postings, b.Skills[k].Postings))
		}
	}
	if len(skills) > 0 {
		diffs = append(diffs, fmt.Sprintf("%d skills differ (%s)", len(skills), strings.Join(skills[:min(3, len(skills))], ", ")))
	}
	if !maps.Equal(a.Signals, b.Signals) {
		diffs = append(diffs, "signals differ")
	}
	if len(diffs) == 0 {
		return fmt.Sprintf("same (total %d, %d skills, %d signals)", a.Total, len(a.Skills), len(a.Signals))
	}
	return "DIFFER: " + strings.Join(diffs, "; ")
}

func union[V any](a, b map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

func rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

func ratio(f float64) string { return fmt.Sprintf("%.2f×", f) }

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

func lat(s Stats) string {
	r := func(d time.Duration) string {
		switch {
		case d >= 10*time.Millisecond:
			return d.Round(time.Millisecond).String()
		case d >= 10*time.Microsecond:
			return d.Round(10 * time.Microsecond).String()
		}
		return d.String()
	}
	return r(s.P50) + " / " + r(s.P99)
}

func pass(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}
