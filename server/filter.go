package server

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skilldemand/skilldemand"
)

// FilterParams are the query parameters every query endpoint and dashboard
// form takes; they are named as the CLI's filter flags.
var FilterParams = []string{"since", "from", "to", "company", "location", "remote", "seniority", "source", "all", "query", "skill"}

// Seniorities are the values the seniority parameter accepts.
var Seniorities = []string{
	skilldemand.SeniorityIntern, skilldemand.SeniorityJunior, skilldemand.SeniorityMid, skilldemand.SenioritySenior,
	skilldemand.SeniorityStaff, skilldemand.SeniorityPrincipal, skilldemand.SeniorityManager, skilldemand.SeniorityDirector,
}

// Workplaces are the values the remote parameter accepts.
var Workplaces = []string{skilldemand.WorkplaceRemote, skilldemand.WorkplaceHybrid, skilldemand.WorkplaceOnsite}

// maxParamLen caps any one query parameter.
const maxParamLen = 200

// ParamError is a bad query parameter: what is wrong and how to fix it.
type ParamError struct {
	Param   string
	Problem string
	Fix     string
}

func (e *ParamError) Error() string { return fmt.Sprintf("%s: %s", e.Param, e.Problem) }

func paramErrorf(param, fix, format string, args ...any) *ParamError {
	return &ParamError{Param: param, Problem: fmt.Sprintf(format, args...), Fix: fix}
}

// ParseFilter validates the filter parameters in q the way the CLI
// validates its flags. now anchors "since".
func ParseFilter(q url.Values, now time.Time) (skilldemand.Filter, error) {
	for k, vs := range q {
		for _, v := range vs {
			if len(v) > maxParamLen {
				return skilldemand.Filter{}, paramErrorf(k, fmt.Sprintf("send at most %d characters", maxParamLen), "%q is too long", k)
			}
		}
	}
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	out := skilldemand.Filter{
		Company:  get("company"),
		Location: get("location"),
		Source:   get("source"),
		Query:    get("query"),
		Skill:    strings.ToLower(get("skill")),
	}
	if out.Query == "" {
		out.Query = get("q")
	}
	if v := get("all"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return out, paramErrorf("all", "use all=true or all=false", "all=%q is not a boolean", v)
		}
		out.IncludeClosed = b
	}
	if v := get("remote"); v != "" {
		w := strings.ToLower(strings.ReplaceAll(v, "-", ""))
		if !slices.Contains(Workplaces, w) {
			return out, paramErrorf("remote", "use remote, hybrid or onsite", "remote=%q is not a workplace type", v)
		}
		out.Workplace = w
	}
	if v := get("seniority"); v != "" {
		s := strings.ToLower(v)
		if !slices.Contains(Seniorities, s) {
			return out, paramErrorf("seniority", "use one of "+strings.Join(Seniorities, ", "), "seniority=%q is not a seniority", v)
		}
		out.Seniority = s
	}
	since, from, to := get("since"), get("from"), get("to")
	if since != "" {
		if from != "" {
			return out, paramErrorf("since", "send since or from, not both", "since and from are both set")
		}
		d, err := ParsePeriod(since)
		if err != nil {
			return out, paramErrorf("since", "use a period like 30d, 12w, 6m, 1y or 48h", "since=%q: %v", since, err)
		}
		// Resolved to the minute, so repeated queries share cached counts.
		out.From = now.Add(-d).Truncate(time.Minute)
	}
	var err error
	if from != "" {
		if out.From, err = time.Parse(time.DateOnly, from); err != nil {
			return out, paramErrorf("from", "use a date like 2026-01-31", "from=%q is not a date", from)
		}
	}
	if to != "" {
		if out.To, err = time.Parse(time.DateOnly, to); err != nil {
			return out, paramErrorf("to", "use a date like 2026-01-31", "to=%q is not a date", to)
		}
	}
	if !out.From.IsZero() && !out.To.IsZero() && !out.From.Before(out.To) {
		return out, paramErrorf("from", "pick a from date before the to date", "from is not before to")
	}
	return out, nil
}

// ParsePeriod reads "30d", "12w", "6m", "1y" or a Go duration like "48h".
func ParsePeriod(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if len(s) >= 2 {
		unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'm': 30 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}[s[len(s)-1]]
		if n, err := strconv.Atoi(s[:len(s)-1]); err == nil && unit > 0 {
			if n <= 0 || n > 100*365 {
				return 0, fmt.Errorf("period must be positive and under a century")
			}
			return time.Duration(n) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("not a period")
	}
	return d, nil
}

// intParam reads a bounded integer parameter; def when absent.
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, paramErrorf(name, fmt.Sprintf("use a whole number from %d to %d", lo, hi), "%s=%q is out of range", name, v)
	}
	return n, nil
}

// FilterQuery is the inverse of ParseFilter for the fields a form carries:
// it keeps only the filter parameters of q, for links that keep the filters.
func FilterQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range FilterParams {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			out.Set(k, v)
		}
	}
	return out
}
