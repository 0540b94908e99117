package crawler

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/skilldemand/skilldemand"
)

// adapter is one source type: where its API lives, how a board is fetched,
// and how one response decodes into postings and further requests.
type adapter struct {
	// Type is the source type in the config, e.g. "greenhouse".
	Type string
	// BaseURL is the default scheme and host of the API. "{board}" in it is
	// replaced by the board, for APIs with one host per company.
	BaseURL string
	// NotFoundHint is added to the error for a 404 board, e.g. where an EU
	// host exists.
	NotFoundHint string
	// Resolve, when set, returns the default base URL of a source (the
	// scheme and host of its careers URL) in place of BaseURL.
	Resolve func(src skilldemand.Source) (string, error)
	// First returns the first request(s) for a board. base is the scheme,
	// host and optional path prefix, without a trailing slash.
	First func(src skilldemand.Source, base string) []fetch
	// Parse decodes one response body. A malformed top-level document is an
	// error (the source fails); a malformed entry goes to page.Bad and the
	// other entries are still returned.
	Parse func(src skilldemand.Source, f fetch, body []byte) (page, error)
	// Local, when set, reads the whole source without HTTP (file sources);
	// First and Parse are then unused.
	Local func(src skilldemand.Source) ([]*skilldemand.Posting, error)
}

// fetch is one HTTP request an adapter asks for.
type fetch struct {
	Method string // "" means GET
	URL    string
	Kind   string // the adapter's label for the request, e.g. "detail"
	Body   []byte // request body for POST; nil for GET
	// Offset is the adapter's paging cursor for this request (Lever skip,
	// SmartRecruiters offset); 0 for the first page.
	Offset int
	// Limit is the page size asked for, when the API pages.
	Limit int
	// Accept is the Accept header; "" means application/json.
	Accept string
	// Optional marks a request for one posting (a detail record): when it
	// answers 404 or 410 the posting is skipped and counted in
	// SourceRun.Errors instead of failing the source.
	Optional bool
	// Title is the posting's title as a list page gave it, on a request
	// for one posting's detail record; "" when the list gave none.
	Title string `json:",omitempty"`
}

func (f fetch) method() string {
	if f.Method == "" {
		return "GET"
	}
	return f.Method
}

// key identifies a request for the no-duplicate-fetch rule.
func (f fetch) key() string { return f.method() + " " + f.URL + "\x00" + string(f.Body) }

// page is what one response decoded into.
type page struct {
	Postings []*skilldemand.Posting
	Next     []fetch // further requests of the same source (paging, details)
	Bad      []error // malformed entries that were skipped
}

// adapters is the table of supported source types.
var adapters = []adapter{
	ashbyAdapter,
	fileAdapter,
	greenhouseAdapter,
	jsonldAdapter,
	leverAdapter,
	recruiteeAdapter,
	smartRecruitersAdapter,
	workableAdapter,
	workdayAdapter,
}

// Types returns the supported source types, sorted, for config validation.
func Types() []string {
	types := make([]string, 0, len(adapters))
	for _, a := range adapters {
		types = append(types, a.Type)
	}
	slices.Sort(types)
	return types
}

func lookupAdapter(typ string) (adapter, bool) {
	for _, a := range adapters {
		if a.Type == typ {
			return a, true
		}
	}
	return adapter{}, false
}

// Errors about a source's configuration.
var (
	// errUnknownType is returned for a source type no adapter handles.
	errUnknownType = errors.New("unknown source type")
	// errBadSource is returned for a source missing a field or with a bad base URL.
	errBadSource = errors.New("bad source")
)

// resolveBase returns the base URL of src's API (scheme, host and optional
// path prefix, no trailing slash) and the host key of its LimitRule.
func resolveBase(a adapter, src skilldemand.Source) (base string, u *url.URL, err error) {
	if strings.TrimSpace(src.Board) == "" {
		return "", nil, fmt.Errorf("%w: source of type %q has no board: set board to the board token, site or company id", errBadSource, src.Type)
	}
	base = a.BaseURL
	if src.BaseURL != "" {
		base = src.BaseURL
	} else if a.Resolve != nil {
		if base, err = a.Resolve(src); err != nil {
			return "", nil, err
		}
	} else if strings.Contains(base, "{board}") {
		if !isHostLabel(src.Board) {
			return "", nil, fmt.Errorf("%w: source %s: board %q must be the company's subdomain (letters, digits and hyphens)", errBadSource, src.Key(), src.Board)
		}
		base = strings.ReplaceAll(base, "{board}", strings.ToLower(src.Board))
	}
	u, err = url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", nil, fmt.Errorf("%w: source %s: base_url %q must be an absolute http(s) URL such as \"http://127.0.0.1:8089\"", errBadSource, src.Key(), base)
	}
	return strings.TrimRight(base, "/"), u, nil
}

// isHostLabel reports whether s can be one label of a host name.
func isHostLabel(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// pathEscape escapes a board for use as one path segment.
func pathEscape(s string) string { return url.PathEscape(s) }

// normWorkplace maps the workplace words of the APIs to the shared values.
func normWorkplace(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("-", "", "_", "", " ", "").Replace(s)
	switch s {
	case "remote", "fullyremote", "telecommute":
		return skilldemand.WorkplaceRemote
	case "hybrid":
		return skilldemand.WorkplaceHybrid
	case "onsite", "inoffice", "office", "inperson":
		return skilldemand.WorkplaceOnsite
	}
	return ""
}

// Salary intervals, normalised.
const (
	intervalYear  = "year"
	intervalMonth = "month"
	intervalWeek  = "week"
	intervalDay   = "day"
	intervalHour  = "hour"
)

// annualFactor converts an amount per interval to an amount per year
// (2080 working hours, 260 working days, 52 weeks, 12 months).
func annualFactor(interval string) float64 {
	switch interval {
	case intervalYear:
		return 1
	case intervalMonth:
		return 12
	case intervalWeek:
		return 52
	case intervalDay:
		return 260
	case intervalHour:
		return 2080
	}
	return 0
}

// finishSalary fills the annual amounts and returns nil for an empty range.
func finishSalary(s *skilldemand.Salary) *skilldemand.Salary {
	if s == nil || (s.Min <= 0 && s.Max <= 0) {
		return nil
	}
	if s.Min > s.Max && s.Max > 0 {
		s.Min, s.Max = s.Max, s.Min
	}
	if f := annualFactor(s.Interval); f > 0 {
		s.AnnualMin, s.AnnualMax = s.Min*f, s.Max*f
	}
	s.Currency = strings.ToUpper(strings.TrimSpace(s.Currency))
	return s
}

// parseTime reads an RFC 3339 time, with or without fractional seconds;
// the zero time when s is empty or unreadable.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04:05", "2006-01-02 15:04:05 MST", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// entryError describes a malformed entry of a response.
func entryError(i int, id string, err error) error {
	if id != "" {
		return fmt.Errorf("entry %d (id %q): %w", i, id, err)
	}
	return fmt.Errorf("entry %d: %w", i, err)
}

// errEntry is wrapped by entry errors that are not JSON errors.
var errEntry = errors.New("malformed entry")
