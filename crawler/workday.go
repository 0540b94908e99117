package crawler

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/skilldemand/skilldemand"
)

// workdayPageSize is the page size asked of the CXS search endpoint (the
// careers sites themselves ask for 20).
const workdayPageSize = 20

// kindList labels a listing request where an adapter has several kinds.
const kindList = "list"

// workdayAdapter reads Workday's CXS JSON, the API behind the careers sites
// on *.myworkdayjobs.com. The pod (wd1, wd5, ...) and the site cannot be
// derived from the company name, so a workday source names its careers URL
// in start, e.g. https://acme.wd5.myworkdayjobs.com/en-US/External: the
// host is the API host, its first label the tenant, and the last path
// segment the site. Listing is a POST with offset paging; the text of each
// posting is in its detail record, one GET per posting.
var workdayAdapter = adapter{
	Type:    "workday",
	Resolve: resolveWorkday,
	First: func(src skilldemand.Source, base string) []fetch {
		tenant, site := workdaySite(src)
		return []fetch{workdayList(base+"/wday/cxs/"+pathEscape(tenant)+"/"+pathEscape(site)+"/jobs", 0)}
	},
	Parse: parseWorkday,
}

// resolveWorkday returns the scheme and host of the careers URL in start.
func resolveWorkday(src skilldemand.Source) (string, error) {
	if len(src.Start) == 0 {
		return "", fmt.Errorf("%w: source %s: set start to the careers URL, e.g. [\"https://acme.wd5.myworkdayjobs.com/en-US/External\"]", errBadSource, src.Key())
	}
	u, err := url.Parse(src.Start[0])
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%w: source %s: start %q must be the absolute careers URL, e.g. https://acme.wd5.myworkdayjobs.com/en-US/External", errBadSource, src.Key(), src.Start[0])
	}
	if _, site := workdaySite(src); site == "" {
		return "", fmt.Errorf("%w: source %s: start %q names no site: use the careers URL with its site, e.g. https://acme.wd5.myworkdayjobs.com/en-US/External", errBadSource, src.Key(), src.Start[0])
	}
	return u.Scheme + "://" + u.Host, nil
}

// workdaySite returns the tenant and site of a workday source. The tenant
// is the first label of a myworkdayjobs.com host, else the board; the site
// is the last path segment of the careers URL that is not a locale.
func workdaySite(src skilldemand.Source) (tenant, site string) {
	tenant, site = src.Board, src.Board
	if len(src.Start) == 0 {
		return tenant, site
	}
	u, err := url.Parse(src.Start[0])
	if err != nil {
		return tenant, ""
	}
	if h := u.Hostname(); strings.HasSuffix(h, ".myworkdayjobs.com") {
		tenant, _, _ = strings.Cut(h, ".")
	}
	site = ""
	for _, seg := range strings.Split(strings.Trim(u.Path, "/"), "/") {
		if seg == "" || isLocale(seg) {
			continue
		}
		site = seg
	}
	return tenant, site
}

// isLocale reports whether s looks like "en-US" or "fr".
func isLocale(s string) bool {
	if len(s) == 2 {
		return s == strings.ToLower(s) && isHostLabel(s) && !strings.ContainsAny(s, "0123456789-")
	}
	return len(s) == 5 && s[2] == '-' && strings.ToLower(s[:2]) == s[:2] && strings.ToUpper(s[3:]) == s[3:]
}

func workdayList(listURL string, offset int) fetch {
	body, _ := json.Marshal(map[string]any{"appliedFacets": map[string]any{}, "limit": workdayPageSize, "offset": offset, "searchText": ""})
	return fetch{Method: "POST", URL: listURL, Kind: kindList, Body: body, Offset: offset, Limit: workdayPageSize}
}

type workdayPage struct {
	Total       int                `json:"total"`
	JobPostings *[]json.RawMessage `json:"jobPostings"`
}

type workdayDetail struct {
	JobPostingInfo *struct {
		ID                  string   `json:"id"`
		Title               string   `json:"title"`
		JobDescription      string   `json:"jobDescription"`
		Location            string   `json:"location"`
		AdditionalLocations []string `json:"additionalLocations"`
		StartDate           string   `json:"startDate"`
		PostedOn            string   `json:"postedOn"`
		TimeType            string   `json:"timeType"`
		RemoteType          string   `json:"remoteType"`
		JobReqID            string   `json:"jobReqId"`
		ExternalURL         string   `json:"externalUrl"`
	} `json:"jobPostingInfo"`
	HiringOrganization struct {
		Name string `json:"name"`
	} `json:"hiringOrganization"`
}

func parseWorkday(src skilldemand.Source, f fetch, body []byte) (page, error) {
	if f.Kind == kindDetail {
		return parseWorkdayDetail(src, f, body), nil
	}
	var list workdayPage
	if err := json.Unmarshal(body, &list); err != nil {
		return page{}, fmt.Errorf("workday: decode job search (offset %d): %w", f.Offset, err)
	}
	if list.JobPostings == nil {
		return page{}, fmt.Errorf("workday: response has no \"jobPostings\" array: check the careers URL in start of %s", src.Key())
	}
	prefix := strings.TrimSuffix(f.URL, "/jobs")
	var pg page
	for i, raw := range *list.JobPostings {
		var item struct {
			Title        string `json:"title"`
			ExternalPath string `json:"externalPath"`
		}
		if err := json.Unmarshal(raw, &item); err != nil || !strings.HasPrefix(item.ExternalPath, "/") {
			if err == nil {
				err = fmt.Errorf("%w: externalPath starting with / is required", errEntry)
			}
			pg.Bad = append(pg.Bad, entryError(f.Offset+i, "", err))
			continue
		}
		pg.Next = append(pg.Next, fetch{URL: prefix + item.ExternalPath, Kind: kindDetail, Optional: true, Title: strings.TrimSpace(item.Title)})
	}
	// Workday gives total on the first page only (later pages may say 0), so
	// a full page asks for the next one unless total says it was the last.
	n := len(*list.JobPostings)
	if n > 0 && n >= f.Limit && (list.Total == 0 || f.Offset+n < list.Total) {
		pg.Next = append(pg.Next, workdayList(f.URL, f.Offset+n))
	}
	return pg, nil
}

func parseWorkdayDetail(src skilldemand.Source, f fetch, body []byte) page {
	var pg page
	var d workdayDetail
	if err := json.Unmarshal(body, &d); err != nil {
		pg.Bad = append(pg.Bad, fmt.Errorf("%s: %w", f.URL, err))
		return pg
	}
	j := d.JobPostingInfo
	if j == nil || strings.TrimSpace(j.Title) == "" {
		pg.Bad = append(pg.Bad, fmt.Errorf("%s: %w: jobPostingInfo with a title is required", f.URL, errEntry))
		return pg
	}
	id := strings.TrimSpace(j.JobReqID)
	if id == "" {
		// The last segment of the external path ends with the requisition.
		if i := strings.LastIndex(f.URL, "/"); i >= 0 {
			id = f.URL[i+1:]
		}
	}
	if id == "" {
		pg.Bad = append(pg.Bad, fmt.Errorf("%s: %w: jobReqId is required", f.URL, errEntry))
		return pg
	}
	p := &skilldemand.Posting{
		ExternalID:  id,
		Title:       strings.TrimSpace(j.Title),
		Company:     strings.TrimSpace(d.HiringOrganization.Name),
		Location:    strings.TrimSpace(j.Location),
		Workplace:   normWorkplace(j.RemoteType),
		URL:         j.ExternalURL,
		Description: j.JobDescription,
		Format:      skilldemand.FormatHTML,
		Posted:      parseTime(j.StartDate),
	}
	if p.Posted.IsZero() {
		p.Posted = workdayPosted(j.PostedOn, time.Now())
	}
	if len(j.AdditionalLocations) > 0 {
		p.Location = strings.Join(append([]string{p.Location}, j.AdditionalLocations...), "; ")
	}
	pg.Postings = append(pg.Postings, p)
	return pg
}

// workdayPosted reads Workday's relative "Posted Today", "Posted
// Yesterday" and "Posted 3 Days Ago" against now, to the day; "Posted 30+
// Days Ago" and anything else give the zero time.
func workdayPosted(s string, now time.Time) time.Time {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "Posted")))
	day := now.UTC().Truncate(24 * time.Hour)
	switch {
	case s == "today":
		return day
	case s == "yesterday":
		return day.AddDate(0, 0, -1)
	case strings.HasSuffix(s, " days ago"):
		n, err := strconv.Atoi(strings.TrimSuffix(s, " days ago"))
		if err == nil && n >= 0 && n < 1000 {
			return day.AddDate(0, 0, -n)
		}
	}
	return time.Time{}
}
