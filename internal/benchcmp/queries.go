package benchcmp

import (
	"cmp"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/indexer"
)

// Query is one demand query the benchmark times on both engines.
type Query struct {
	Name   string             `json:"name"`
	Filter skilldemand.Filter `json:"filter"`
	// Whole marks the whole-index skill table (no filter, closed included).
	Whole bool `json:"whole,omitempty"`
}

// Queries derives the benchmark's queries from the postings, the same
// way every time: the most common company and seniority, a 30-day window
// of first-seen dates, a text query and combinations.
func Queries(ps []*skilldemand.Posting) []Query {
	companies := map[string]int{}
	seniorities := map[string]int{}
	skills := map[string]int{}
	var dates []time.Time
	for _, p := range ps {
		r := rowOf(p)
		if r.company != "" {
			companies[r.company]++
		}
		if r.seniority != "" {
			seniorities[r.seniority]++
		}
		for _, s := range r.skills {
			skills[s.skill]++
		}
		if !r.firstSeen.IsZero() {
			dates = append(dates, r.firstSeen)
		}
	}
	company := top(companies, 0)
	company2 := top(companies, 1)
	seniority := top(seniorities, 0)
	skill := top(skills, 0)
	var from, to time.Time
	if len(dates) > 0 {
		slices.SortFunc(dates, time.Time.Compare)
		from = dates[len(dates)*6/10].UTC().Truncate(24 * time.Hour)
		to = from.AddDate(0, 0, 30)
	}
	return []Query{
		{Name: "company=" + company, Filter: skilldemand.Filter{Company: company}},
		{Name: `query "machine learning"`, Filter: skilldemand.Filter{Query: "machine learning"}},
		{Name: "first seen " + from.Format(time.DateOnly) + " +30d", Filter: skilldemand.Filter{From: from, To: to}},
		{Name: "seniority=" + seniority, Filter: skilldemand.Filter{Seniority: seniority}},
		{Name: "seniority+dates+query", Filter: skilldemand.Filter{Seniority: seniority, From: from.AddDate(0, 0, -60), To: to, Query: "roadmap"}},
		{Name: "skill=" + skill + "+company=" + company2, Filter: skilldemand.Filter{Skill: skill, Company: company2}},
		{Name: "whole index (skill table)", Filter: skilldemand.Filter{IncludeClosed: true}, Whole: true},
	}
}

// top returns the i-th most common key, ties by name; "" when too few.
func top(m map[string]int, i int) string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(m[b], m[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	if i < len(keys) {
		return keys[i]
	}
	return ""
}

// row is a posting as the SQLite tables hold it, normalised the way the
// indexer's document is: keyword values trimmed and lower-cased, one
// skill per posting under its PostingStrength, signals once each.
type row struct {
	id, company, location, source, workplace, seniority string
	firstSeen                                           time.Time
	open                                                bool
	title, body                                         string
	skills                                              []skillRow
	signals                                             []string
}

type skillRow struct{ skill, strength string }

func rowOf(p *skilldemand.Posting) row {
	lower := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	r := row{
		id:       p.ID,
		company:  lower(p.Company),
		location: lower(p.Location),
		source:   lower(p.Source),
		open:     p.Open(),
		title:    p.Title,
	}
	r.firstSeen = p.FirstSeen
	if r.firstSeen.IsZero() {
		r.firstSeen = p.Posted
	}
	workplace := p.Workplace
	if e := p.Extraction; e != nil {
		if workplace == "" {
			workplace = e.Attrs.Workplace
		}
		r.seniority = lower(e.Attrs.Seniority)
		r.body = e.Text
		seen := map[string]bool{}
		for _, m := range e.Skills {
			if m.Skill == "" || seen[m.Skill] {
				continue
			}
			seen[m.Skill] = true
			r.skills = append(r.skills, skillRow{m.Skill, string(indexer.PostingStrength(m))})
		}
		for _, s := range e.Signals {
			if s.Signal != "" && !seen["signal:"+s.Signal] {
				seen["signal:"+s.Signal] = true
				r.signals = append(r.signals, s.Signal)
			}
		}
	}
	if strings.TrimSpace(r.body) == "" {
		r.body = p.Description
	}
	r.workplace = lower(workplace)
	return r
}

// Stats are latency percentiles of repeated runs.
type Stats struct {
	Runs int           `json:"runs"`
	P50  time.Duration `json:"p50"`
	P99  time.Duration `json:"p99"`
}

// stats computes percentiles (nearest rank) of ds; it sorts ds.
func stats(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	rank := func(q float64) time.Duration {
		i := int(q*float64(len(ds))+0.999999) - 1
		return ds[max(0, min(i, len(ds)-1))]
	}
	return Stats{Runs: len(ds), P50: rank(0.50), P99: rank(0.99)}
}
