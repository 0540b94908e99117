package crawler

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"

	"github.com/skilldemand/skilldemand"
)

// greenhouseAdapter reads the Greenhouse Job Board API. The board listing
// comes back whole in one response (the API ignores paging parameters).
var greenhouseAdapter = adapter{
	Type:    "greenhouse",
	BaseURL: "https://boards-api.greenhouse.io",
	// Boards hosted in the EU answer 404 on the default host.
	NotFoundHint: "for a board hosted in the EU set base_url to https://boards-api.eu.greenhouse.io",
	First: func(src skilldemand.Source, base string) []fetch {
		return []fetch{{URL: base + "/v1/boards/" + pathEscape(src.Board) + "/jobs?content=true"}}
	},
	Parse: parseGreenhouse,
}

type greenhouseList struct {
	Jobs *[]json.RawMessage `json:"jobs"`
}

type greenhouseJob struct {
	ID             json.Number `json:"id"`
	Title          string      `json:"title"`
	UpdatedAt      string      `json:"updated_at"`
	FirstPublished string      `json:"first_published"`
	CompanyName    string      `json:"company_name"`
	Location       *struct {
		Name string `json:"name"`
	} `json:"location"`
	AbsoluteURL string `json:"absolute_url"`
	Content     string `json:"content"`
	Departments []struct {
		Name string `json:"name"`
	} `json:"departments"`
	Offices []struct {
		Name     string `json:"name"`
		Location string `json:"location"`
	} `json:"offices"`
	PayInputRanges []struct {
		MinCents     float64 `json:"min_cents"`
		MaxCents     float64 `json:"max_cents"`
		CurrencyType string  `json:"currency_type"`
		Title        string  `json:"title"`
	} `json:"pay_input_ranges"`
}

// parseGreenhouse decodes a /v1/boards/{board}/jobs?content=true response.
func parseGreenhouse(src skilldemand.Source, _ fetch, body []byte) (page, error) {
	var list greenhouseList
	if err := json.Unmarshal(body, &list); err != nil {
		return page{}, fmt.Errorf("greenhouse: decode job list: %w", err)
	}
	if list.Jobs == nil {
		return page{}, fmt.Errorf("greenhouse: response has no \"jobs\" array: is %q a Greenhouse board token?", src.Board)
	}
	var pg page
	for i, raw := range *list.Jobs {
		var j greenhouseJob
		if err := json.Unmarshal(raw, &j); err != nil {
			pg.Bad = append(pg.Bad, entryError(i, "", err))
			continue
		}
		id := j.ID.String()
		if id == "" || strings.TrimSpace(j.Title) == "" {
			pg.Bad = append(pg.Bad, entryError(i, id, fmt.Errorf("%w: id and title are required", errEntry)))
			continue
		}
		p := &skilldemand.Posting{
			ExternalID: id,
			Title:      strings.TrimSpace(j.Title),
			Company:    strings.TrimSpace(j.CompanyName),
			URL:        j.AbsoluteURL,
			// content is HTML escaped once more inside the JSON string.
			Description: html.UnescapeString(j.Content),
			Format:      skilldemand.FormatHTML,
		}
		if j.Location != nil {
			p.Location = strings.TrimSpace(j.Location.Name)
		}
		if p.Location == "" && len(j.Offices) > 0 {
			p.Location = strings.TrimSpace(j.Offices[0].Name)
		}
		p.Workplace = workplaceFromText(p.Location)
		var depts []string
		for _, d := range j.Departments {
			if n := strings.TrimSpace(d.Name); n != "" {
				depts = append(depts, n)
			}
		}
		p.Department = strings.Join(depts, ", ")
		p.Posted = parseTime(j.FirstPublished)
		if p.Posted.IsZero() {
			p.Posted = parseTime(j.UpdatedAt)
		}
		if len(j.PayInputRanges) > 0 {
			r := j.PayInputRanges[0]
			p.Salary = finishSalary(&skilldemand.Salary{
				Currency:   r.CurrencyType,
				Interval:   intervalFromText(r.Title),
				Min:        r.MinCents / 100,
				Max:        r.MaxCents / 100,
				Provenance: "greenhouse.pay_input_ranges",
			})
		}
		pg.Postings = append(pg.Postings, p)
	}
	return pg, nil
}

// workplaceFromText reads remote or hybrid from a free-text location such
// as "Remote - US" or "London (Hybrid)"; "" when it says neither.
func workplaceFromText(s string) string {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "hybrid"):
		return skilldemand.WorkplaceHybrid
	case strings.Contains(s, "remote"):
		return skilldemand.WorkplaceRemote
	}
	return ""
}

// intervalFromText reads a pay interval from a label such as "Hourly Rate"
// or "Annual Base Salary"; "" when the label does not say.
func intervalFromText(s string) string {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "hour"):
		return intervalHour
	case strings.Contains(s, "daily") || strings.Contains(s, "per day"):
		return intervalDay
	case strings.Contains(s, "week"):
		return intervalWeek
	case strings.Contains(s, "month"):
		return intervalMonth
	case strings.Contains(s, "annual") || strings.Contains(s, "year") || strings.Contains(s, "salary"):
		return intervalYear
	}
	return ""
}
