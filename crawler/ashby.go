package crawler

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/skilldemand/skilldemand"
)

// ashbyAdapter reads the public Ashby Posting API. The whole board comes
// back in one response; postings with isListed:false are skipped.
var ashbyAdapter = adapter{
	Type:    "ashby",
	BaseURL: "https://api.ashbyhq.com",
	First: func(src skilldemand.Source, base string) []fetch {
		return []fetch{{URL: base + "/posting-api/job-board/" + pathEscape(src.Board) + "?includeCompensation=true"}}
	},
	Parse: parseAshby,
}

type ashbyList struct {
	Jobs *[]json.RawMessage `json:"jobs"`
}

type ashbyJob struct {
	ID                 string `json:"id"`
	Title              string `json:"title"`
	Department         string `json:"department"`
	Team               string `json:"team"`
	Location           string `json:"location"`
	SecondaryLocations []struct {
		Location string `json:"location"`
	} `json:"secondaryLocations"`
	IsRemote         *bool  `json:"isRemote"`
	WorkplaceType    string `json:"workplaceType"`
	PublishedAt      string `json:"publishedAt"`
	IsListed         *bool  `json:"isListed"`
	JobURL           string `json:"jobUrl"`
	DescriptionHTML  string `json:"descriptionHtml"`
	DescriptionPlain string `json:"descriptionPlain"`
	Compensation     *struct {
		SummaryComponents []ashbyComponent `json:"summaryComponents"`
	} `json:"compensation"`
}

// ashbyComponent is one entry of compensation.summaryComponents.
type ashbyComponent struct {
	CompensationType string   `json:"compensationType"`
	Interval         string   `json:"interval"`
	CurrencyCode     string   `json:"currencyCode"`
	MinValue         *float64 `json:"minValue"`
	MaxValue         *float64 `json:"maxValue"`
}

// parseAshby decodes a /posting-api/job-board/{board} response.
func parseAshby(src skilldemand.Source, _ fetch, body []byte) (page, error) {
	var list ashbyList
	if err := json.Unmarshal(body, &list); err != nil {
		return page{}, fmt.Errorf("ashby: decode job board: %w", err)
	}
	if list.Jobs == nil {
		return page{}, fmt.Errorf("ashby: response has no \"jobs\" array: is %q an Ashby job board name?", src.Board)
	}
	var pg page
	for i, raw := range *list.Jobs {
		var j ashbyJob
		if err := json.Unmarshal(raw, &j); err != nil {
			pg.Bad = append(pg.Bad, entryError(i, "", err))
			continue
		}
		if j.IsListed != nil && !*j.IsListed {
			continue
		}
		if strings.TrimSpace(j.ID) == "" || strings.TrimSpace(j.Title) == "" {
			pg.Bad = append(pg.Bad, entryError(i, j.ID, fmt.Errorf("%w: id and title are required", errEntry)))
			continue
		}
		p := &skilldemand.Posting{
			ExternalID:  strings.TrimSpace(j.ID),
			Title:       strings.TrimSpace(j.Title),
			Workplace:   normWorkplace(j.WorkplaceType),
			Department:  strings.TrimSpace(j.Department),
			URL:         j.JobURL,
			Posted:      parseTime(j.PublishedAt),
			Description: j.DescriptionHTML,
			Format:      skilldemand.FormatHTML,
		}
		if p.Description == "" && j.DescriptionPlain != "" {
			p.Description, p.Format = j.DescriptionPlain, skilldemand.FormatText
		}
		if p.Workplace == "" && j.IsRemote != nil && *j.IsRemote {
			p.Workplace = skilldemand.WorkplaceRemote
		}
		if p.Department == "" {
			p.Department = strings.TrimSpace(j.Team)
		}
		locs := []string{}
		if l := strings.TrimSpace(j.Location); l != "" {
			locs = append(locs, l)
		}
		for _, s := range j.SecondaryLocations {
			if l := strings.TrimSpace(s.Location); l != "" {
				locs = append(locs, l)
			}
		}
		p.Location = strings.Join(locs, "; ")
		if j.Compensation != nil {
			p.Salary = ashbySalary(j.Compensation.SummaryComponents)
		}
		pg.Postings = append(pg.Postings, p)
	}
	return pg, nil
}

// ashbySalary merges the Salary summary components that share the first
// one's currency and interval into one range.
func ashbySalary(cs []ashbyComponent) *skilldemand.Salary {
	var s *skilldemand.Salary
	for _, c := range cs {
		if !strings.EqualFold(c.CompensationType, "Salary") || (c.MinValue == nil && c.MaxValue == nil) {
			continue
		}
		interval := ashbyInterval(c.Interval)
		lo, hi := 0.0, 0.0
		if c.MinValue != nil {
			lo = *c.MinValue
		}
		if c.MaxValue != nil {
			hi = *c.MaxValue
		}
		if lo == 0 {
			lo = hi
		}
		if hi == 0 {
			hi = lo
		}
		if s == nil {
			s = &skilldemand.Salary{Currency: c.CurrencyCode, Interval: interval, Min: lo, Max: hi, Provenance: "ashby.summaryComponents"}
			continue
		}
		if s.Currency != c.CurrencyCode || s.Interval != interval {
			continue
		}
		s.Min, s.Max = min(s.Min, lo), max(s.Max, hi)
	}
	return finishSalary(s)
}

// ashbyInterval maps "1 YEAR", "1 HOUR"... to a normalised interval.
func ashbyInterval(s string) string {
	f := strings.Fields(strings.ToUpper(s))
	if len(f) == 0 {
		return ""
	}
	if len(f) == 2 && f[0] != "1" {
		return "" // "2 WEEK" and the like: no normalised interval
	}
	switch f[len(f)-1] {
	case "YEAR":
		return intervalYear
	case "MONTH":
		return intervalMonth
	case "WEEK":
		return intervalWeek
	case "DAY":
		return intervalDay
	case "HOUR":
		return intervalHour
	}
	return ""
}
