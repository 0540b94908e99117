package crawler

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/skilldemand/skilldemand"
)

// workableAdapter reads the Workable widget API, which returns a whole
// account in one response; details=true adds each job's description.
// Workable rate-limits hard (429 after a few quick requests), which the
// retry with Retry-After absorbs.
var workableAdapter = adapter{
	Type:    "workable",
	BaseURL: "https://apply.workable.com",
	First: func(src skilldemand.Source, base string) []fetch {
		return []fetch{{URL: base + "/api/v1/widget/accounts/" + pathEscape(src.Board) + "?details=true"}}
	},
	Parse: parseWorkable,
}

type workableAccount struct {
	Name string             `json:"name"`
	Jobs *[]json.RawMessage `json:"jobs"`
}

type workableJob struct {
	Title          string `json:"title"`
	Shortcode      string `json:"shortcode"`
	Telecommuting  bool   `json:"telecommuting"`
	Department     string `json:"department"`
	URL            string `json:"url"`
	ApplicationURL string `json:"application_url"`
	PublishedOn    string `json:"published_on"`
	CreatedAt      string `json:"created_at"`
	Country        string `json:"country"`
	City           string `json:"city"`
	State          string `json:"state"`
	Description    string `json:"description"`
	Locations      []struct {
		Country string `json:"country"`
		City    string `json:"city"`
		Region  string `json:"region"`
		Hidden  bool   `json:"hidden"`
	} `json:"locations"`
}

// parseWorkable decodes a /api/v1/widget/accounts/{subdomain} response.
func parseWorkable(src skilldemand.Source, _ fetch, body []byte) (page, error) {
	var acct workableAccount
	if err := json.Unmarshal(body, &acct); err != nil {
		return page{}, fmt.Errorf("workable: decode account: %w", err)
	}
	if acct.Jobs == nil {
		return page{}, fmt.Errorf("workable: response has no \"jobs\" array: is %q a Workable account subdomain?", src.Board)
	}
	var pg page
	for i, raw := range *acct.Jobs {
		var j workableJob
		if err := json.Unmarshal(raw, &j); err != nil {
			pg.Bad = append(pg.Bad, entryError(i, "", err))
			continue
		}
		if strings.TrimSpace(j.Shortcode) == "" || strings.TrimSpace(j.Title) == "" {
			pg.Bad = append(pg.Bad, entryError(i, j.Shortcode, fmt.Errorf("%w: shortcode and title are required", errEntry)))
			continue
		}
		p := &skilldemand.Posting{
			ExternalID:  strings.TrimSpace(j.Shortcode),
			Title:       strings.TrimSpace(j.Title),
			Company:     strings.TrimSpace(acct.Name),
			Department:  strings.TrimSpace(j.Department),
			URL:         j.URL,
			Description: j.Description,
			Format:      skilldemand.FormatHTML,
			Posted:      parseTime(j.PublishedOn),
		}
		if p.Posted.IsZero() {
			p.Posted = parseTime(j.CreatedAt)
		}
		if j.Telecommuting {
			p.Workplace = skilldemand.WorkplaceRemote
		}
		var locs []string
		for _, l := range j.Locations {
			if !l.Hidden {
				if s := joinNonEmpty(", ", l.City, l.Region, l.Country); s != "" {
					locs = append(locs, s)
				}
			}
		}
		if len(locs) == 0 {
			if s := joinNonEmpty(", ", j.City, j.State, j.Country); s != "" {
				locs = append(locs, s)
			}
		}
		p.Location = strings.Join(locs, "; ")
		pg.Postings = append(pg.Postings, p)
	}
	return pg, nil
}

// joinNonEmpty joins the non-blank parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}
