package crawler

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/skilldemand/skilldemand"
)

// recruiteeAdapter reads the Recruitee careers-site API, one host per
// company ({board}.recruitee.com); the offers come back in one response.
// Salary fields are not read: their shape is not verified.
var recruiteeAdapter = adapter{
	Type:    "recruitee",
	BaseURL: "https://{board}.recruitee.com",
	First: func(src skilldemand.Source, base string) []fetch {
		return []fetch{{URL: base + "/api/offers/"}}
	},
	Parse: parseRecruitee,
}

type recruiteeList struct {
	Offers *[]json.RawMessage `json:"offers"`
}

type recruiteeOffer struct {
	ID           json.Number `json:"id"`
	Title        string      `json:"title"`
	Status       string      `json:"status"`
	Description  string      `json:"description"`
	Requirements string      `json:"requirements"`
	Location     string      `json:"location"`
	City         string      `json:"city"`
	Country      string      `json:"country"`
	Remote       bool        `json:"remote"`
	Hybrid       bool        `json:"hybrid"`
	OnSite       bool        `json:"on_site"`
	CareersURL   string      `json:"careers_url"`
	CompanyName  string      `json:"company_name"`
	Department   string      `json:"department"`
	CreatedAt    string      `json:"created_at"`
	PublishedAt  string      `json:"published_at"`
}

// parseRecruitee decodes a /api/offers/ response.
func parseRecruitee(src skilldemand.Source, _ fetch, body []byte) (page, error) {
	var list recruiteeList
	if err := json.Unmarshal(body, &list); err != nil {
		return page{}, fmt.Errorf("recruitee: decode offers: %w", err)
	}
	if list.Offers == nil {
		return page{}, fmt.Errorf("recruitee: response has no \"offers\" array: is %q a Recruitee company subdomain?", src.Board)
	}
	var pg page
	for i, raw := range *list.Offers {
		var o recruiteeOffer
		if err := json.Unmarshal(raw, &o); err != nil {
			pg.Bad = append(pg.Bad, entryError(i, "", err))
			continue
		}
		id := o.ID.String()
		if id == "" || strings.TrimSpace(o.Title) == "" {
			pg.Bad = append(pg.Bad, entryError(i, id, fmt.Errorf("%w: id and title are required", errEntry)))
			continue
		}
		if o.Status != "" && o.Status != "published" {
			continue
		}
		p := &skilldemand.Posting{
			ExternalID:  id,
			Title:       strings.TrimSpace(o.Title),
			Company:     strings.TrimSpace(o.CompanyName),
			Department:  strings.TrimSpace(o.Department),
			URL:         o.CareersURL,
			Description: o.Description,
			Format:      skilldemand.FormatHTML,
			Posted:      parseTime(o.PublishedAt),
		}
		if p.Posted.IsZero() {
			p.Posted = parseTime(o.CreatedAt)
		}
		p.Location = strings.TrimSpace(o.Location)
		if p.Location == "" {
			p.Location = joinNonEmpty(", ", o.City, o.Country)
		}
		switch {
		case o.Hybrid:
			p.Workplace = skilldemand.WorkplaceHybrid
		case o.Remote:
			p.Workplace = skilldemand.WorkplaceRemote
		case o.OnSite:
			p.Workplace = skilldemand.WorkplaceOnsite
		}
		if strings.TrimSpace(o.Requirements) != "" {
			p.Sections = append(p.Sections, skilldemand.Section{Kind: skilldemand.SectionRequired, Title: "Requirements", Body: o.Requirements})
		}
		pg.Postings = append(pg.Postings, p)
	}
	return pg, nil
}
