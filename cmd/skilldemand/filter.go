package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/skilldemand/skilldemand"
)

// filterFlags are the query filters every query command takes.
type filterFlags struct {
	since, from, to string
	company         string
	location        string
	remote          string
	seniority       string
	source          string
	all             bool
	query           string
}

func (f *filterFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.since, "since", "", "only postings first seen within this period, e.g. 30d, 12w, 6m, 1y, 48h")
	fs.StringVar(&f.from, "from", "", "only postings first seen on or after this date (YYYY-MM-DD)")
	fs.StringVar(&f.to, "to", "", "only postings first seen before this date (YYYY-MM-DD)")
	fs.StringVar(&f.company, "company", "", "only this company (exact, case-insensitive)")
	fs.StringVar(&f.location, "location", "", "only this location")
	fs.StringVar(&f.remote, "remote", "", "only this workplace type: remote, hybrid or onsite")
	fs.StringVar(&f.seniority, "seniority", "", "only this seniority: intern, junior, mid, senior, staff, principal, manager, director")
	fs.StringVar(&f.source, "source", "", "only this source type (greenhouse) or board (greenhouse:acme)")
	fs.BoolVar(&f.all, "all", false, "include closed postings")
	fs.StringVar(&f.query, "query", "", "full-text query over titles and descriptions, e.g. \"machine learning\"")
}

// Filter validates the flags and builds the filter.
func (f *filterFlags) Filter(now time.Time) (skilldemand.Filter, error) {
	out := skilldemand.Filter{
		Company:       strings.TrimSpace(f.company),
		Location:      strings.TrimSpace(f.location),
		Seniority:     strings.ToLower(strings.TrimSpace(f.seniority)),
		Source:        strings.TrimSpace(f.source),
		IncludeClosed: f.all,
		Query:         strings.TrimSpace(f.query),
	}
	if f.remote != "" {
		w := strings.ToLower(strings.ReplaceAll(f.remote, "-", ""))
		if !slices.Contains([]string{skilldemand.WorkplaceRemote, skilldemand.WorkplaceHybrid, skilldemand.WorkplaceOnsite}, w) {
			return out, usageErrorf("--remote %q: use remote, hybrid or onsite", f.remote)
		}
		out.Workplace = w
	}
	if f.seniority != "" && !slices.Contains(seniorities, out.Seniority) {
		return out, usageErrorf("--seniority %q: use one of %s", f.seniority, strings.Join(seniorities, ", "))
	}
	if f.since != "" {
		if f.from != "" {
			return out, usageErrorf("--since and --from both set: use one")
		}
		d, err := parsePeriod(f.since)
		if err != nil {
			return out, usageErrorf("--since %q: %v", f.since, err)
		}
		out.From = now.Add(-d)
	}
	var err error
	if f.from != "" {
		if out.From, err = time.Parse(time.DateOnly, f.from); err != nil {
			return out, usageErrorf("--from %q: use a date like 2026-01-31", f.from)
		}
	}
	if f.to != "" {
		if out.To, err = time.Parse(time.DateOnly, f.to); err != nil {
			return out, usageErrorf("--to %q: use a date like 2026-01-31", f.to)
		}
	}
	if !out.From.IsZero() && !out.To.IsZero() && !out.From.Before(out.To) {
		return out, usageErrorf("--from must be before --to")
	}
	return out, nil
}

var seniorities = []string{
	skilldemand.SeniorityIntern, skilldemand.SeniorityJunior, skilldemand.SeniorityMid, skilldemand.SenioritySenior,
	skilldemand.SeniorityStaff, skilldemand.SeniorityPrincipal, skilldemand.SeniorityManager, skilldemand.SeniorityDirector,
}

// parsePeriod reads "30d", "12w", "6m", "1y" or a Go duration like "48h".
func parsePeriod(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if len(s) >= 2 {
		unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'm': 30 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}[s[len(s)-1]]
		if n, err := strconv.Atoi(s[:len(s)-1]); err == nil && unit > 0 {
			if n <= 0 {
				return 0, fmt.Errorf("period must be positive")
			}
			return time.Duration(n) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("use a period like 30d, 12w, 6m, 1y or 48h")
	}
	return d, nil
}

// describe renders the filter for report headers; "" means no filter.
func describeFilter(f skilldemand.Filter) string {
	var parts []string
	add := func(name, v string) {
		if v != "" {
			parts = append(parts, name+"="+v)
		}
	}
	if !f.From.IsZero() {
		add("from", f.From.Format(time.DateOnly))
	}
	if !f.To.IsZero() {
		add("to", f.To.Format(time.DateOnly))
	}
	add("company", f.Company)
	add("location", f.Location)
	add("workplace", f.Workplace)
	add("seniority", f.Seniority)
	add("source", f.Source)
	add("query", f.Query)
	add("skill", f.Skill)
	if f.IncludeClosed {
		parts = append(parts, "including closed postings")
	}
	return strings.Join(parts, ", ")
}
