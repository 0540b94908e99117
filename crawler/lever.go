package crawler

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/skilldemand/skilldemand"
)

// leverPageSize is the page size asked of the Lever Postings API.
const leverPageSize = 100

// leverAdapter reads the public Lever Postings API (v0), paging with skip
// and limit until a page comes back shorter than the limit.
var leverAdapter = adapter{
	Type:         "lever",
	BaseURL:      "https://api.lever.co",
	NotFoundHint: "for a site hosted in the EU set base_url to https://api.eu.lever.co",
	First: func(src skilldemand.Source, base string) []fetch {
		return []fetch{leverFetch(src, base, 0)}
	},
	Parse: parseLever,
}

func leverFetch(src skilldemand.Source, base string, skip int) fetch {
	return fetch{
		URL:    base + "/v0/postings/" + pathEscape(src.Board) + "?mode=json&skip=" + strconv.Itoa(skip) + "&limit=" + strconv.Itoa(leverPageSize),
		Offset: skip,
		Limit:  leverPageSize,
	}
}

type leverPosting struct {
	ID         string `json:"id"`
	Text       string `json:"text"`
	Categories struct {
		Location     string   `json:"location"`
		Commitment   string   `json:"commitment"`
		Team         string   `json:"team"`
		Department   string   `json:"department"`
		AllLocations []string `json:"allLocations"`
	} `json:"categories"`
	Description string `json:"description"`
	Lists       []struct {
		Text    string `json:"text"`
		Content string `json:"content"`
	} `json:"lists"`
	Additional    string  `json:"additional"`
	HostedURL     string  `json:"hostedUrl"`
	WorkplaceType string  `json:"workplaceType"`
	CreatedAt     float64 `json:"createdAt"`
	SalaryRange   *struct {
		Currency string  `json:"currency"`
		Interval string  `json:"interval"`
		Min      float64 `json:"min"`
		Max      float64 `json:"max"`
	} `json:"salaryRange"`
}

// parseLever decodes one page of /v0/postings/{site}?mode=json.
func parseLever(src skilldemand.Source, f fetch, body []byte) (page, error) {
	var list []json.RawMessage
	if err := json.Unmarshal(body, &list); err != nil {
		return page{}, fmt.Errorf("lever: decode postings page (skip %d): %w", f.Offset, err)
	}
	var pg page
	for i, raw := range list {
		var j leverPosting
		if err := json.Unmarshal(raw, &j); err != nil {
			pg.Bad = append(pg.Bad, entryError(f.Offset+i, "", err))
			continue
		}
		if strings.TrimSpace(j.ID) == "" || strings.TrimSpace(j.Text) == "" {
			pg.Bad = append(pg.Bad, entryError(f.Offset+i, j.ID, fmt.Errorf("%w: id and text are required", errEntry)))
			continue
		}
		p := &skilldemand.Posting{
			ExternalID:  strings.TrimSpace(j.ID),
			Title:       strings.TrimSpace(j.Text),
			Location:    strings.TrimSpace(j.Categories.Location),
			Workplace:   normWorkplace(j.WorkplaceType),
			Department:  strings.TrimSpace(j.Categories.Department),
			URL:         j.HostedURL,
			Description: j.Description,
			Format:      skilldemand.FormatHTML,
		}
		if p.Location == "" {
			p.Location = strings.Join(j.Categories.AllLocations, "; ")
		}
		if p.Department == "" {
			p.Department = strings.TrimSpace(j.Categories.Team)
		}
		if j.CreatedAt > 0 && j.CreatedAt < 1e15 {
			p.Posted = time.UnixMilli(int64(j.CreatedAt)).UTC()
		}
		for _, l := range j.Lists {
			if strings.TrimSpace(l.Text) == "" && strings.TrimSpace(l.Content) == "" {
				continue
			}
			p.Sections = append(p.Sections, skilldemand.Section{Title: strings.TrimSpace(l.Text), Body: l.Content})
		}
		if strings.TrimSpace(j.Additional) != "" {
			p.Sections = append(p.Sections, skilldemand.Section{Title: "Additional information", Body: j.Additional})
		}
		if r := j.SalaryRange; r != nil {
			interval, factor := leverInterval(r.Interval)
			p.Salary = finishSalary(&skilldemand.Salary{
				Currency:   r.Currency,
				Interval:   interval,
				Min:        r.Min * factor,
				Max:        r.Max * factor,
				Provenance: "lever.salaryRange",
			})
		}
		pg.Postings = append(pg.Postings, p)
	}
	if len(list) >= f.Limit && f.Limit > 0 {
		pg.Next = append(pg.Next, leverFetchFrom(f, f.Offset+len(list)))
	}
	return pg, nil
}

// leverFetchFrom returns the request for the page at skip, keeping the
// scheme, host and board of f.
func leverFetchFrom(f fetch, skip int) fetch {
	u := f.URL
	if i := strings.Index(u, "?"); i >= 0 {
		u = u[:i]
	}
	return fetch{
		URL:    u + "?mode=json&skip=" + strconv.Itoa(skip) + "&limit=" + strconv.Itoa(f.Limit),
		Offset: skip,
		Limit:  f.Limit,
	}
}

// leverInterval maps a Lever salary interval to a normalised interval and
// the factor that converts amounts to it ("semi-month-salary" is paid twice a
// month, so a month is twice the amount). Unknown intervals and one-time
// amounts keep their amounts and get no interval.
func leverInterval(s string) (string, float64) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "per-year-salary":
		return intervalYear, 1
	case "per-month-salary":
		return intervalMonth, 1
	case "semi-month-salary":
		return intervalMonth, 2
	case "per-week-salary":
		return intervalWeek, 1
	case "bi-week-salary":
		return intervalWeek, 0.5
	case "per-day-wage", "per-day-salary":
		return intervalDay, 1
	case "per-hour-wage", "per-hour-salary":
		return intervalHour, 1
	}
	return "", 1
}
