package crawler

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/skilldemand/skilldemand"
)

// smartRecruitersPageSize is the page size asked of the list endpoint.
const smartRecruitersPageSize = 100

// smartRecruitersAdapter reads the SmartRecruiters Posting API. The list
// pages with offset and limit; the text of each posting (jobAd sections)
// is only in its detail record, so each posting costs one more request.
var smartRecruitersAdapter = adapter{
	Type:    "smartrecruiters",
	BaseURL: "https://api.smartrecruiters.com",
	First: func(src skilldemand.Source, base string) []fetch {
		return []fetch{smartRecruitersList(base, src.Board, 0)}
	},
	Parse: parseSmartRecruiters,
}

// kindDetail labels a request for one posting's detail record.
const kindDetail = "detail"

func smartRecruitersList(base, company string, offset int) fetch {
	return fetch{
		URL:    base + "/v1/companies/" + pathEscape(company) + "/postings?limit=" + strconv.Itoa(smartRecruitersPageSize) + "&offset=" + strconv.Itoa(offset),
		Offset: offset,
		Limit:  smartRecruitersPageSize,
	}
}

type smartRecruitersPage struct {
	Offset     int                `json:"offset"`
	Limit      int                `json:"limit"`
	TotalFound int                `json:"totalFound"`
	Content    *[]json.RawMessage `json:"content"`
}

type smartRecruitersLabel struct {
	Label string `json:"label"`
}

type smartRecruitersSection struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

type smartRecruitersPosting struct {
	ID      json.Number `json:"id"`
	Name    string      `json:"name"`
	Company struct {
		Identifier string `json:"identifier"`
		Name       string `json:"name"`
	} `json:"company"`
	ReleasedDate string `json:"releasedDate"`
	Location     struct {
		City         string `json:"city"`
		Region       string `json:"region"`
		Country      string `json:"country"`
		Remote       bool   `json:"remote"`
		Hybrid       bool   `json:"hybrid"`
		FullLocation string `json:"fullLocation"`
	} `json:"location"`
	Department *smartRecruitersLabel `json:"department"`
	Function   *smartRecruitersLabel `json:"function"`
	JobAd      *struct {
		Sections struct {
			CompanyDescription    *smartRecruitersSection `json:"companyDescription"`
			JobDescription        *smartRecruitersSection `json:"jobDescription"`
			Qualifications        *smartRecruitersSection `json:"qualifications"`
			AdditionalInformation *smartRecruitersSection `json:"additionalInformation"`
		} `json:"sections"`
	} `json:"jobAd"`
	PostingURL string `json:"postingUrl"`
}

// parseSmartRecruiters decodes a list page (asking for the detail record
// of each posting and the next page) or one detail record.
func parseSmartRecruiters(src skilldemand.Source, f fetch, body []byte) (page, error) {
	if f.Kind == kindDetail {
		return parseSmartRecruitersDetail(src, f, body)
	}
	var list smartRecruitersPage
	if err := json.Unmarshal(body, &list); err != nil {
		return page{}, fmt.Errorf("smartrecruiters: decode postings page (offset %d): %w", f.Offset, err)
	}
	if list.Content == nil {
		return page{}, fmt.Errorf("smartrecruiters: response has no \"content\" array: is %q a SmartRecruiters company identifier?", src.Board)
	}
	i := strings.Index(f.URL, "/v1/companies/")
	if i < 0 {
		return page{}, fmt.Errorf("smartrecruiters: unexpected request URL %q", f.URL)
	}
	base := f.URL[:i]
	var pg page
	for i, raw := range *list.Content {
		var item struct {
			ID   json.Number `json:"id"`
			Name string      `json:"name"`
		}
		if err := json.Unmarshal(raw, &item); err != nil || item.ID.String() == "" {
			if err == nil {
				err = fmt.Errorf("%w: id is required", errEntry)
			}
			pg.Bad = append(pg.Bad, entryError(f.Offset+i, "", err))
			continue
		}
		pg.Next = append(pg.Next, fetch{
			URL:      base + "/v1/companies/" + pathEscape(src.Board) + "/postings/" + pathEscape(item.ID.String()),
			Kind:     kindDetail,
			Optional: true,
			Title:    strings.TrimSpace(item.Name),
		})
	}
	if n := len(*list.Content); n > 0 && f.Offset+n < list.TotalFound {
		pg.Next = append(pg.Next, smartRecruitersList(base, src.Board, f.Offset+n))
	}
	return pg, nil
}

func parseSmartRecruitersDetail(src skilldemand.Source, f fetch, body []byte) (page, error) {
	var pg page
	var j smartRecruitersPosting
	if err := json.Unmarshal(body, &j); err != nil {
		// One bad detail record is one bad entry, not a failed source.
		pg.Bad = append(pg.Bad, fmt.Errorf("%s: %w", f.URL, err))
		return pg, nil
	}
	id := j.ID.String()
	if id == "" || strings.TrimSpace(j.Name) == "" {
		pg.Bad = append(pg.Bad, fmt.Errorf("%s: %w: id and name are required", f.URL, errEntry))
		return pg, nil
	}
	p := &skilldemand.Posting{
		ExternalID: id,
		Title:      strings.TrimSpace(j.Name),
		Company:    strings.TrimSpace(j.Company.Name),
		Posted:     parseTime(j.ReleasedDate),
		URL:        j.PostingURL,
		Format:     skilldemand.FormatHTML,
	}
	if p.URL == "" {
		p.URL = "https://jobs.smartrecruiters.com/" + pathEscape(src.Board) + "/" + pathEscape(id)
	}
	p.Location = strings.TrimSpace(j.Location.FullLocation)
	if p.Location == "" {
		var parts []string
		for _, s := range []string{j.Location.City, j.Location.Region, strings.ToUpper(j.Location.Country)} {
			if s = strings.TrimSpace(s); s != "" {
				parts = append(parts, s)
			}
		}
		p.Location = strings.Join(parts, ", ")
	}
	switch {
	case j.Location.Hybrid:
		p.Workplace = skilldemand.WorkplaceHybrid
	case j.Location.Remote:
		p.Workplace = skilldemand.WorkplaceRemote
	}
	if j.Department != nil {
		p.Department = strings.TrimSpace(j.Department.Label)
	}
	if p.Department == "" && j.Function != nil {
		p.Department = strings.TrimSpace(j.Function.Label)
	}
	if ad := j.JobAd; ad != nil {
		s := ad.Sections
		if s.JobDescription != nil {
			p.Description = s.JobDescription.Text
		}
		add := func(kind skilldemand.SectionKind, sec *smartRecruitersSection) {
			if sec != nil && strings.TrimSpace(sec.Text) != "" {
				p.Sections = append(p.Sections, skilldemand.Section{Kind: kind, Title: strings.TrimSpace(sec.Title), Body: sec.Text})
			}
		}
		add(skilldemand.SectionAbout, s.CompanyDescription)
		add(skilldemand.SectionRequired, s.Qualifications)
		add(skilldemand.SectionOther, s.AdditionalInformation)
	}
	pg.Postings = append(pg.Postings, p)
	return pg, nil
}
