package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	jobs "github.com/skilldemand/skilldemand"
)

// Lifecycle periods.
const (
	PeriodWeek  = "week"  // ISO weeks, starting Monday
	PeriodMonth = "month" // calendar months
)

// Lifecycle is how postings came and went: per period the postings first
// seen in it (new), open at any time in it (active) and closed in it, and
// how long postings stay open.
type Lifecycle struct {
	Period  string          `json:"period"` // PeriodWeek or PeriodMonth
	Total   int             `json:"total"`
	Open    int             `json:"open"`
	Closed  int             `json:"closed"`
	Periods []PeriodCounts  `json:"periods"` // oldest first, every period from the first posting to now
	Days    DaysOpenMedians `json:"days_open"`
}

// PeriodCounts is one period of a Lifecycle.
type PeriodCounts struct {
	Start  string `json:"start"` // YYYY-MM-DD, UTC
	New    int    `json:"new"`
	Active int    `json:"active"`
	Closed int    `json:"closed"`
}

// DaysOpenMedians are the median days postings stay open: closed ones from
// first seen to closed, open ones from first seen to now (so far). A median
// over no postings is nil.
type DaysOpenMedians struct {
	Closed *float64 `json:"closed"`
	Open   *float64 `json:"open"`
}

// LifecycleOf counts ps by period as of now. Postings without a first-seen
// time are left out.
func LifecycleOf(ps []*jobs.Posting, period string, now time.Time) (*Lifecycle, error) {
	if period != PeriodWeek && period != PeriodMonth {
		return nil, fmt.Errorf("lifecycle period %q: use %s or %s", period, PeriodWeek, PeriodMonth)
	}
	now = now.UTC()
	l := &Lifecycle{Period: period, Periods: []PeriodCounts{}}
	var closedDays, openDays []float64
	var first time.Time
	for _, p := range ps {
		if p.FirstSeen.IsZero() {
			continue
		}
		l.Total++
		if p.Open() {
			l.Open++
			openDays = append(openDays, now.Sub(p.FirstSeen).Hours()/24)
		} else {
			l.Closed++
			closedDays = append(closedDays, p.ClosedAt.Sub(p.FirstSeen).Hours()/24)
		}
		if first.IsZero() || p.FirstSeen.Before(first) {
			first = p.FirstSeen
		}
	}
	l.Days.Closed = median(closedDays)
	l.Days.Open = median(openDays)
	if l.Total == 0 {
		return l, nil
	}
	start := periodStart(first.UTC(), period)
	for s := start; !s.After(now); s = nextPeriod(s, period) {
		end := nextPeriod(s, period)
		c := PeriodCounts{Start: s.Format(time.DateOnly)}
		for _, p := range ps {
			if p.FirstSeen.IsZero() || !p.FirstSeen.Before(end) {
				continue
			}
			if !p.FirstSeen.Before(s) {
				c.New++
			}
			if p.Open() || !p.ClosedAt.Before(s) {
				c.Active++
			}
			if !p.Open() && !p.ClosedAt.Before(s) && p.ClosedAt.Before(end) {
				c.Closed++
			}
		}
		l.Periods = append(l.Periods, c)
	}
	return l, nil
}

func periodStart(t time.Time, period string) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	if period == PeriodMonth {
		return d.AddDate(0, 0, 1-d.Day())
	}
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)) // back to Monday
}

func nextPeriod(t time.Time, period string) time.Time {
	if period == PeriodMonth {
		return t.AddDate(0, 1, 0)
	}
	return t.AddDate(0, 0, 7)
}

// median of xs, nil when empty; xs is sorted in place.
func median(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	slices.Sort(xs)
	m := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		m = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
	}
	return &m
}

// WriteLifecycle writes l as a table, JSON or CSV (the periods).
func WriteLifecycle(w io.Writer, l *Lifecycle, format string) error {
	format, err := checkFormat(format)
	if err != nil {
		return err
	}
	switch format {
	case FormatJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(l)
	case FormatCSV:
		records := [][]string{{"period_start", "new", "active", "closed"}}
		for _, p := range l.Periods {
			records = append(records, []string{p.Start, strconv.Itoa(p.New), strconv.Itoa(p.Active), strconv.Itoa(p.Closed)})
		}
		return writeCSV(w, records)
	}
	days := func(d *float64) string {
		if d == nil {
			return "n/a"
		}
		return strconv.FormatFloat(*d, 'f', 1, 64) + " days"
	}
	fmt.Fprintf(w, "%d postings: %d open, %d closed\n", l.Total, l.Open, l.Closed)
	fmt.Fprintf(w, "median time open: closed postings %s (first seen to closed); open postings %s so far\n\n",
		days(l.Days.Closed), days(l.Days.Open))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s STARTING\tNEW\tACTIVE\tCLOSED\t\n", strings.ToUpper(l.Period))
	for _, p := range l.Periods {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", p.Start, p.New, p.Active, p.Closed)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write lifecycle table: %w", err)
	}
	fmt.Fprintf(w, "\nnew: first seen in the %s; active: open at any time in it; closed: closed in it.\n", l.Period)
	return nil
}

// TopCompanies counts postings by company (as first written), most first,
// at most n (0: all). Postings without a company are left out.
func TopCompanies(ps []*jobs.Posting, n int) []CompanyCount {
	counts := map[string]int{}
	names := map[string]string{}
	for _, p := range ps {
		name := strings.TrimSpace(p.Company)
		if name == "" {
			continue
		}
		key := strings.ToLower(name)
		if _, ok := names[key]; !ok {
			names[key] = name
		}
		counts[key]++
	}
	out := make([]CompanyCount, 0, len(counts))
	for k, c := range counts {
		out = append(out, CompanyCount{Company: names[k], Postings: c})
	}
	slices.SortFunc(out, func(a, b CompanyCount) int {
		return cmp.Or(cmp.Compare(b.Postings, a.Postings), strings.Compare(a.Company, b.Company))
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// SalaryBySeniority gives, per seniority level read from titles, the
// median annualised minimum and maximum of the postings that state a
// salary: the source's own range (Posting.Salary) when given, else the one
// read from the text. Each level uses its most common currency and counts
// only salaries in it. Postings without a seniority count as "unknown".
func SalaryBySeniority(ps []*jobs.Posting) []SalaryBand {
	type pay struct{ lo, hi float64 }
	by := map[string]map[string][]pay{} // seniority -> currency -> pays
	for _, p := range ps {
		s := p.Salary
		level := ""
		if e := p.Extraction; e != nil {
			level = e.Attrs.Seniority
			if s == nil || (s.AnnualMin == 0 && s.AnnualMax == 0) {
				s = e.Attrs.Salary
			}
		}
		if s == nil || (s.AnnualMin == 0 && s.AnnualMax == 0) {
			continue
		}
		lo, hi := s.AnnualMin, s.AnnualMax
		if lo == 0 {
			lo = hi
		}
		if hi == 0 {
			hi = lo
		}
		if level == "" {
			level = "unknown"
		}
		cur := strings.ToUpper(strings.TrimSpace(s.Currency))
		if by[level] == nil {
			by[level] = map[string][]pay{}
		}
		by[level][cur] = append(by[level][cur], pay{lo, hi})
	}
	var out []SalaryBand
	for level, curs := range by {
		best, most := "", 0
		for _, c := range slices.Sorted(maps.Keys(curs)) {
			if len(curs[c]) > most {
				best, most = c, len(curs[c])
			}
		}
		pays := curs[best]
		los, his := make([]float64, len(pays)), make([]float64, len(pays))
		for i, p := range pays {
			los[i], his[i] = p.lo, p.hi
		}
		out = append(out, SalaryBand{Seniority: level, Postings: len(pays), MedianMin: *median(los), MedianMax: *median(his), Currency: best})
	}
	order := []string{jobs.SeniorityIntern, jobs.SeniorityJunior, jobs.SeniorityMid, jobs.SenioritySenior,
		jobs.SeniorityStaff, jobs.SeniorityPrincipal, jobs.SeniorityManager, jobs.SeniorityDirector}
	rank := func(s string) int {
		if i := slices.Index(order, s); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortFunc(out, func(a, b SalaryBand) int {
		return cmp.Or(cmp.Compare(rank(a.Seniority), rank(b.Seniority)), strings.Compare(a.Seniority, b.Seniority))
	})
	return out
}
