package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"text/tabwriter"
	"time"

	jobs "github.com/skilldemand/skilldemand"
)

// How far back Trends looks for the snapshots it compares with the latest
// one, in days. A comparison snapshot must be dated at least the Min and at
// most the Max number of days before the latest snapshot; the most recent
// snapshot in that window is used. With none in the window the comparison
// is unknown (MoM or YoY nil), never read from an older or newer snapshot:
// a gap in the crawl history leaves the change unknown rather than
// mislabelled.
const (
	MonthAgoMinDays = 28
	MonthAgoMaxDays = 45
	YearAgoMinDays  = 365
	YearAgoMaxDays  = 400
	// MAMonths is the span of TrendRow.MA3: the latest calendar month with
	// data and the two before it.
	MAMonths = 3
)

const (
	dayForm   = "2006-01-02"
	monthForm = "2006-01"
)

// Point is one month of a skill's trend: the month ("YYYY-MM") and the mean
// of the skill's daily shares over that month's snapshots.
type Point struct {
	Date  string  `json:"date"`
	Share float64 `json:"share"`
}

// TrendRow is how one skill's share of postings changes over time.
//
// Shares are of the postings in each snapshot (0..1). Changes are in
// percentage points: a move from 0.40 to 0.45 is MoM 5.
type TrendRow struct {
	Skill   string `json:"skill"`
	Name    string `json:"name"`
	Article bool   `json:"article"`

	// Current is the share at the latest snapshot; Previous at the snapshot
	// about a month before it and YearAgo about a year before it (see
	// MonthAgoMinDays and YearAgoMinDays); 0 when there is no such snapshot.
	Current  float64 `json:"current"`
	Previous float64 `json:"previous"`
	YearAgo  float64 `json:"year_ago"`

	// MoM is Current−Previous and YoY Current−YearAgo, in percentage
	// points; nil when no snapshot is old enough to compare with.
	MoM *float64 `json:"mom_pp"`
	YoY *float64 `json:"yoy_pp"`

	// MA3 is the mean of the monthly mean shares (Series) of the latest
	// month with data and the two calendar months before it, over those of
	// the three that have data.
	MA3 float64 `json:"ma3"`

	// Rank is the skill's place by share at the latest snapshot and
	// PrevRank at the month-ago snapshot, 1 = most listed, ties sharing a
	// rank (1, 2, 2, 4); 0 when the skill is not listed in that snapshot or
	// there is no such snapshot. RankChange is PrevRank−Rank (positive =
	// moved up), 0 when either rank is 0.
	Rank       int `json:"rank"`
	PrevRank   int `json:"prev_rank"`
	RankChange int `json:"rank_change"`

	// Series holds one point per calendar month with data, oldest first.
	// Months without a snapshot are left out, not filled in.
	Series []Point `json:"series"`
}

// TrendBasis says which snapshots a set of trend rows compares, for
// method notes.
type TrendBasis struct {
	Latest    string   `json:"latest"`    // date of the latest snapshot; "" when none is usable
	MonthAgo  string   `json:"month_ago"` // date of the snapshot MoM compares with; "" when none
	YearAgo   string   `json:"year_ago"`  // date of the snapshot YoY compares with; "" when none
	Snapshots int      `json:"snapshots"` // usable snapshots
	Skipped   int      `json:"skipped"`   // snapshots left out: nil, bad date or no postings
	Months    []string `json:"months"`    // calendar months with data, oldest first
}

// snap is a usable snapshot with its parsed date.
type snap struct {
	day   time.Time
	date  string
	taken time.Time
	d     *jobs.Demand
}

// usable returns the snapshots Trends reads, oldest first, and how many it
// left out. Nil snapshots, dates that are not YYYY-MM-DD and snapshots
// with no postings (Total ≤ 0, as after a failed crawl) are left out. Of
// two snapshots with the same date the one taken later is kept (the later
// one in the slice when equal).
func usable(snaps []*jobs.Snapshot) ([]snap, int) {
	byDate := make(map[string]snap, len(snaps))
	skipped := 0
	for _, s := range snaps {
		if s == nil || s.Demand.Total <= 0 {
			skipped++
			continue
		}
		day, err := time.Parse(dayForm, s.Date)
		if err != nil {
			skipped++
			continue
		}
		if old, ok := byDate[s.Date]; ok {
			skipped++
			if old.taken.After(s.Taken) {
				continue
			}
		}
		byDate[s.Date] = snap{day: day, date: s.Date, taken: s.Taken, d: &s.Demand}
	}
	out := make([]snap, 0, len(byDate))
	for _, s := range byDate {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].day.Before(out[j].day) })
	return out, skipped
}

// before returns the latest snapshot dated between maxDays and minDays
// days (inclusive) before latest, or nil.
func before(days []snap, latest time.Time, minDays, maxDays int) *snap {
	hi := latest.AddDate(0, 0, -minDays)
	lo := latest.AddDate(0, 0, -maxDays)
	for i := len(days) - 1; i >= 0; i-- {
		d := days[i].day
		if d.After(hi) {
			continue
		}
		if d.Before(lo) {
			return nil
		}
		return &days[i]
	}
	return nil
}

// TrendBasisOf reports which snapshots Trends compares for snaps.
func TrendBasisOf(snaps []*jobs.Snapshot) TrendBasis {
	days, skipped := usable(snaps)
	b := TrendBasis{Snapshots: len(days), Skipped: skipped}
	if len(days) == 0 {
		return b
	}
	latest := days[len(days)-1]
	b.Latest = latest.date
	if s := before(days, latest.day, MonthAgoMinDays, MonthAgoMaxDays); s != nil {
		b.MonthAgo = s.date
	}
	if s := before(days, latest.day, YearAgoMinDays, YearAgoMaxDays); s != nil {
		b.YearAgo = s.date
	}
	for _, s := range days {
		m := s.day.Format(monthForm)
		if n := len(b.Months); n == 0 || b.Months[n-1] != m {
			b.Months = append(b.Months, m)
		}
	}
	return b
}

// Trends builds one row per skill listed in any usable snapshot, plus every
// article skill of the taxonomy, sorted by Current share (highest first),
// then by skill id. Names come from the taxonomy as in Skills.
//
// Snapshots may come in any order. Nil snapshots, bad dates and snapshots
// with no postings are ignored, and one snapshot per date is kept (see
// TrendBasisOf). The latest usable snapshot gives Current and Rank; the
// month-ago and year-ago snapshots are chosen as MonthAgoMinDays and
// YearAgoMinDays describe. No usable snapshot gives the article skills at
// zero with unknown changes.
func Trends(snaps []*jobs.Snapshot, taxonomy []jobs.Skill) []TrendRow {
	days, _ := usable(snaps)
	byID := make(map[string]jobs.Skill, len(taxonomy))
	for _, s := range taxonomy {
		if _, dup := byID[s.ID]; !dup {
			byID[s.ID] = s
		}
	}

	// Every skill to report, in a stable order.
	var ids []string
	seen := map[string]bool{}
	for _, s := range days {
		for id, c := range s.d.Skills {
			if c.Postings > 0 && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	for _, s := range taxonomy {
		if s.Article && !seen[s.ID] {
			seen[s.ID] = true
			ids = append(ids, s.ID)
		}
	}
	sort.Strings(ids)

	rows := make([]TrendRow, len(ids))
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		index[id] = i
		rows[i] = TrendRow{Skill: id, Name: id}
		if s, ok := byID[id]; ok {
			if s.Name != "" {
				rows[i].Name = s.Name
			}
			rows[i].Article = s.Article
		}
	}
	if len(days) == 0 {
		return rows
	}

	latest := &days[len(days)-1]
	monthAgo := before(days, latest.day, MonthAgoMinDays, MonthAgoMaxDays)
	yearAgo := before(days, latest.day, YearAgoMinDays, YearAgoMaxDays)

	ranks := rankOf(latest.d)
	var prevRanks map[string]int
	if monthAgo != nil {
		prevRanks = rankOf(monthAgo.d)
	}

	// Monthly means: sum of daily shares and number of snapshots per month.
	type month struct {
		key  string
		n    int
		sums []float64 // by row index
	}
	var months []*month
	for _, s := range days {
		key := s.day.Format(monthForm)
		if len(months) == 0 || months[len(months)-1].key != key {
			months = append(months, &month{key: key, sums: make([]float64, len(rows))})
		}
		m := months[len(months)-1]
		m.n++
		for id, c := range s.d.Skills {
			if i, ok := index[id]; ok {
				m.sums[i] += share(c.Postings, s.d.Total)
			}
		}
	}
	// The months MA3 averages: the latest and up to MAMonths-1 before it.
	lastMonth := latest.day.AddDate(0, 0, 1-latest.day.Day())
	firstMA := lastMonth.AddDate(0, 1-MAMonths, 0).Format(monthForm)

	for i := range rows {
		r := &rows[i]
		r.Current = share(latest.d.Skills[r.Skill].Postings, latest.d.Total)
		r.Rank = ranks[r.Skill]
		if monthAgo != nil {
			r.Previous = share(monthAgo.d.Skills[r.Skill].Postings, monthAgo.d.Total)
			r.MoM = pp(r.Current - r.Previous)
			r.PrevRank = prevRanks[r.Skill]
			if r.Rank > 0 && r.PrevRank > 0 {
				r.RankChange = r.PrevRank - r.Rank
			}
		}
		if yearAgo != nil {
			r.YearAgo = share(yearAgo.d.Skills[r.Skill].Postings, yearAgo.d.Total)
			r.YoY = pp(r.Current - r.YearAgo)
		}
		r.Series = make([]Point, len(months))
		var ma float64
		var nma int
		for j, m := range months {
			r.Series[j] = Point{Date: m.key, Share: m.sums[i] / float64(m.n)}
			if m.key >= firstMA {
				ma += r.Series[j].Share
				nma++
			}
		}
		if nma > 0 {
			r.MA3 = ma / float64(nma)
		}
	}

	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Current != rows[j].Current {
			return rows[i].Current > rows[j].Current
		}
		return rows[i].Skill < rows[j].Skill
	})
	return rows
}

// pp turns a change of share into percentage points, rounded to 1e-9 so
// that float noise does not show as a tiny change.
func pp(delta float64) *float64 {
	v := math.Round(delta*100*1e9) / 1e9
	if v == 0 {
		v = 0 // no "-0"
	}
	return &v
}

// rankOf ranks the skills a snapshot lists by postings, most first, ties
// sharing a rank.
func rankOf(d *jobs.Demand) map[string]int {
	type kv struct {
		id string
		n  int
	}
	var list []kv
	for id, c := range d.Skills {
		if c.Postings > 0 {
			list = append(list, kv{id, c.Postings})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n > list[j].n
		}
		return list[i].id < list[j].id
	})
	ranks := make(map[string]int, len(list))
	for i, e := range list {
		if i > 0 && e.n == list[i-1].n {
			ranks[e.id] = ranks[list[i-1].id]
		} else {
			ranks[e.id] = i + 1
		}
	}
	return ranks
}

// WriteTrends writes trend rows in the given format (see Formats). The
// table shows shares as percentages and changes in percentage points ("pp"),
// with "-" where a change is unknown. CSV carries shares as decimals,
// changes in percentage points with empty cells where unknown, and the
// number of months of history; JSON carries every field including the
// monthly series, with null for an unknown change.
func WriteTrends(w io.Writer, rows []TrendRow, format string) error {
	format, err := checkFormat(format)
	if err != nil {
		return err
	}
	switch format {
	case FormatJSON:
		return writeJSON(w, rows)
	case FormatCSV:
		records := [][]string{{"rank", "skill", "name", "article", "current", "previous", "year_ago",
			"mom_pp", "yoy_pp", "ma3", "prev_rank", "rank_change", "months"}}
		for _, r := range rows {
			records = append(records, []string{
				strconv.Itoa(r.Rank), r.Skill, r.Name, strconv.FormatBool(r.Article),
				decimal(r.Current), decimal(r.Previous), decimal(r.YearAgo),
				ppDecimal(r.MoM), ppDecimal(r.YoY), decimal(r.MA3),
				strconv.Itoa(r.PrevRank), strconv.Itoa(r.RankChange), strconv.Itoa(len(r.Series)),
			})
		}
		// Changes may be negative, so only the text columns (skill, name)
		// get CSVSafe; a leading '-' on a number is its sign.
		for _, rec := range records[1:] {
			rec[1], rec[2] = CSVSafe(rec[1]), CSVSafe(rec[2])
		}
		cw := csv.NewWriter(w)
		if err := cw.WriteAll(records); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
		return nil
	}

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	cells := [][]string{{"RANK", "SKILL", "ARTICLE", "NOW", "MONTH AGO", "MOM", "YEAR AGO", "YOY", "MA3", "MOVE", "ID"}}
	for _, r := range rows {
		art := ""
		if r.Article {
			art = "yes"
		}
		rank := "-"
		if r.Rank > 0 {
			rank = strconv.Itoa(r.Rank)
		}
		prev, year := "-", "-"
		if r.MoM != nil {
			prev = tablePercent(r.Previous)
		}
		if r.YoY != nil {
			year = tablePercent(r.YearAgo)
		}
		cells = append(cells, []string{rank, r.Name, art, tablePercent(r.Current), prev, PP(r.MoM),
			year, PP(r.YoY), tablePercent(r.MA3), RankMove(&r), r.Skill})
	}
	writeAligned(tw, cells, []bool{false, true, true, false, false, false, false, false, false, false, true})
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write trends table: %w", err)
	}
	if _, err := fmt.Fprintf(w, "\n%d skills; shares are of the postings in each snapshot, changes in percentage points (pp).\n", len(rows)); err != nil {
		return fmt.Errorf("write trends table: %w", err)
	}
	return nil
}

// PP formats a change in percentage points with its sign and one decimal
// place ("+2.5 pp", "-1.0 pp", "0.0 pp"), or "-" when unknown.
func PP(v *float64) string {
	if v == nil {
		return "-"
	}
	s := strconv.FormatFloat(*v, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	if *v > 0 && s != "0.0" {
		s = "+" + s
	}
	return s + " pp"
}

// RankMove describes a row's rank change in a few characters: "+2" (moved
// up two places), "-1", "=" (same rank), "new" (not listed a month before),
// "out" (no longer listed), or "-" when there is nothing to compare with.
func RankMove(r *TrendRow) string {
	switch {
	case r.MoM == nil:
		return "-"
	case r.Rank > 0 && r.PrevRank == 0:
		return "new"
	case r.Rank == 0 && r.PrevRank > 0:
		return "out"
	case r.Rank == 0:
		return "-"
	case r.RankChange > 0:
		return "+" + strconv.Itoa(r.RankChange)
	case r.RankChange < 0:
		return strconv.Itoa(r.RankChange)
	}
	return "="
}

func ppDecimal(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', 2, 64)
}
