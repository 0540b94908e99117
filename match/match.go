// Package match compares what a resume shows with what job postings ask
// for: the skills the resume shows that are in demand (strengths), the
// skills postings ask for that the resume does not show (gaps), the career
// article's reality checks, how many postings' required skills the resume
// covers, and the postings that fit it best.
//
// The package is pure: it compares values the caller has read (the
// extractor's reading of the resume, demand counts, each posting's required
// skills) and does no I/O. Its wording is careful: a resume "shows" a skill
// or does not; nothing here claims what a person can or cannot do.
package match

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/skilldemand/skilldemand"
)

// Defaults used when Options fields are zero.
const (
	// DefaultMostly is the share of a posting's required skills a resume
	// must show for the posting to count as mostly covered.
	DefaultMostly = 0.75
	// DefaultGaps is how many gaps Compare lists.
	DefaultGaps = 10
	// DefaultBest is how many best-matching postings a caller should ask for.
	DefaultBest = 10
	// DefaultExamples is how many example postings a caller should attach to each gap.
	DefaultExamples = 2
)

// evidenceWidth caps the resume text quoted as evidence, in bytes.
const evidenceWidth = 70

// Options tune Compare; zero fields take the defaults.
type Options struct {
	Mostly float64 // (0, 1]: share of required skills that makes a posting mostly covered
	Gaps   int     // how many gaps to list
}

func (o Options) withDefaults() Options {
	if o.Mostly <= 0 || o.Mostly > 1 {
		o.Mostly = DefaultMostly
	}
	if o.Gaps <= 0 {
		o.Gaps = DefaultGaps
	}
	return o
}

// Posting is one posting's skills, for coverage and best matches.
type Posting struct {
	ID       string
	Skills   []string // every skill it lists
	Required []string // the skills it requires
}

// Candidate is a posting found for the resume, best first, from a search
// over the resume's skills.
type Candidate struct {
	ID       string
	Title    string
	Company  string
	Location string
	URL      string
	Score    float64
}

// Input is what Compare compares.
type Input struct {
	// Resume is the extractor's reading of the resume text.
	Resume *skilldemand.Extraction
	// Demand is the demand under the filter the comparison is made for.
	Demand *skilldemand.Demand
	// Skills and Signals are the taxonomy: names, categories and claims.
	Skills  []skilldemand.Skill
	Signals []skilldemand.Signal
	// Postings are the skills of every posting Demand counted, for coverage.
	Postings []Posting
	// Candidates are the best-matching postings, best first.
	Candidates []Candidate
}

// Result is the comparison of one resume with demand.
type Result struct {
	// Postings is how many postings the comparison is made against.
	Postings int `json:"postings"`
	// Filter describes the filter those postings were selected by ("" for all open postings).
	Filter string `json:"filter,omitempty"`
	// ResumeSkills are the taxonomy skills the resume shows, by id.
	ResumeSkills []string `json:"resume_skills"`
	// Strengths are the skills the resume shows that postings list, most in demand first.
	Strengths []SkillDemand `json:"strengths"`
	// Gaps are the skills postings list that the resume does not show, most in demand first.
	Gaps []SkillDemand `json:"gaps"`
	// RealityChecks are the article's signals: whether the resume shows each and how often postings ask for it.
	RealityChecks []RealityCheck `json:"reality_checks"`
	Coverage      Coverage       `json:"coverage"`
	// BestMatches are the postings that fit the resume best, best first.
	BestMatches []PostingMatch `json:"best_matches"`
	// Notes explain an empty or unusual result in words.
	Notes []string `json:"notes,omitempty"`
}

// SkillDemand is one skill with how often postings list and require it.
type SkillDemand struct {
	Skill         string  `json:"skill"`
	Name          string  `json:"name"`
	Category      string  `json:"category,omitempty"`
	Postings      int     `json:"postings"`       // postings that list it
	Share         float64 `json:"share"`          // Postings / all postings
	Required      int     `json:"required"`       // postings that require it
	RequiredShare float64 `json:"required_share"` // Required / all postings
	// Evidence is the resume text behind a strength.
	Evidence string `json:"evidence,omitempty"`
	// Completes is, for a gap, how many postings it is the only required
	// skill the resume does not show.
	Completes int `json:"completes,omitempty"`
	// Examples are postings that list a gap.
	Examples []Example `json:"examples,omitempty"`
}

// Example is a posting shown as an example.
type Example struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Company string `json:"company,omitempty"`
	URL     string `json:"url,omitempty"`
}

// RealityCheck is one of the article's market-reality signals.
type RealityCheck struct {
	Signal   string  `json:"signal"`
	Name     string  `json:"name"`
	Skill    string  `json:"skill,omitempty"`
	Claim    string  `json:"claim"`
	Shown    bool    `json:"shown"`              // the resume shows it
	Evidence string  `json:"evidence,omitempty"` // the resume text that shows it
	Postings int     `json:"postings"`           // postings that ask for it
	Share    float64 `json:"share"`
}

// Coverage is how many postings' required skills the resume shows.
type Coverage struct {
	// Postings is how many postings were compared; WithRequired of them
	// require at least one skill, and the shares are over those.
	Postings     int `json:"postings"`
	WithRequired int `json:"with_required"`
	// Full is how many require only skills the resume shows.
	Full      int     `json:"full"`
	FullShare float64 `json:"full_share"`
	// Mostly is how many require skills of which the resume shows at least
	// MostlyThreshold (full ones included).
	Mostly          int     `json:"mostly"`
	MostlyShare     float64 `json:"mostly_share"`
	MostlyThreshold float64 `json:"mostly_threshold"`
}

// PostingMatch is a best-matching posting with how much of what it requires the resume shows.
type PostingMatch struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Company       string   `json:"company,omitempty"`
	Location      string   `json:"location,omitempty"`
	URL           string   `json:"url,omitempty"`
	Score         float64  `json:"score"`
	Required      int      `json:"required"`       // skills it requires
	RequiredShown int      `json:"required_shown"` // of those, shown by the resume
	Shared        []string `json:"shared"`         // skills it lists that the resume shows
	NotShown      []string `json:"not_shown"`      // skills it requires that the resume does not show
}

// Compare compares the resume with demand. Input.Demand and Input.Resume
// may be nil (nothing found); the result then says so in Notes.
func Compare(in Input, opt Options) *Result {
	opt = opt.withDefaults()
	demand := in.Demand
	if demand == nil {
		demand = &skilldemand.Demand{}
	}
	total := demand.Total
	share := func(n int) float64 {
		if total <= 0 {
			return 0
		}
		return round(float64(n) / float64(total))
	}
	skillInfo := make(map[string]skilldemand.Skill, len(in.Skills))
	for _, s := range in.Skills {
		skillInfo[s.ID] = s
	}

	r := &Result{
		Postings:      total,
		ResumeSkills:  []string{},
		Strengths:     []SkillDemand{},
		Gaps:          []SkillDemand{},
		RealityChecks: []RealityCheck{},
		BestMatches:   []PostingMatch{},
	}
	shows := map[string]bool{}
	if e := in.Resume; e != nil {
		for _, m := range e.Skills {
			if m.Skill != "" && !shows[m.Skill] {
				shows[m.Skill] = true
				r.ResumeSkills = append(r.ResumeSkills, m.Skill)
			}
		}
	}
	slices.Sort(r.ResumeSkills)

	row := func(id string, c skilldemand.SkillCount) SkillDemand {
		s, ok := skillInfo[id]
		if !ok {
			s = skilldemand.Skill{ID: id, Name: id}
		}
		return SkillDemand{
			Skill: id, Name: s.Name, Category: s.Category,
			Postings: c.Postings, Share: share(c.Postings),
			Required: c.Required, RequiredShare: share(c.Required),
		}
	}
	for id, c := range demand.Skills {
		if c.Postings <= 0 {
			continue
		}
		if shows[id] {
			sd := row(id, c)
			if m := in.Resume.Skill(id); m != nil && len(m.Hits) > 0 {
				sd.Evidence = quote(in.Resume.Text, m.Hits[0].Span)
			}
			r.Strengths = append(r.Strengths, sd)
		} else {
			r.Gaps = append(r.Gaps, row(id, c))
		}
	}
	byDemand := func(a, b SkillDemand) int {
		return cmp.Or(
			cmp.Compare(b.Postings+b.Required, a.Postings+a.Required),
			cmp.Compare(b.Required, a.Required),
			cmp.Compare(a.Skill, b.Skill),
		)
	}
	slices.SortFunc(r.Strengths, byDemand)
	slices.SortFunc(r.Gaps, byDemand)
	if len(r.Gaps) > opt.Gaps {
		r.Gaps = r.Gaps[:opt.Gaps]
	}

	cov, completes := coverage(in.Postings, shows, opt.Mostly)
	r.Coverage = cov
	for i := range r.Gaps {
		r.Gaps[i].Completes = completes[r.Gaps[i].Skill]
	}

	for _, sig := range in.Signals {
		rc := RealityCheck{
			Signal: sig.ID, Name: sig.Name, Skill: sig.Skill, Claim: sig.Claim,
			Postings: demand.Signals[sig.ID], Share: share(demand.Signals[sig.ID]),
		}
		if e := in.Resume; e != nil {
			for _, m := range e.Signals {
				if m.Signal == sig.ID {
					rc.Shown = true
					if len(m.Hits) > 0 {
						rc.Evidence = quote(e.Text, m.Hits[0].Span)
					}
					break
				}
			}
		}
		r.RealityChecks = append(r.RealityChecks, rc)
	}

	byID := make(map[string]*Posting, len(in.Postings))
	for i := range in.Postings {
		byID[in.Postings[i].ID] = &in.Postings[i]
	}
	for _, c := range in.Candidates {
		pm := PostingMatch{
			ID: c.ID, Title: c.Title, Company: c.Company, Location: c.Location, URL: c.URL,
			Score: round(c.Score), Shared: []string{}, NotShown: []string{},
		}
		if p := byID[c.ID]; p != nil {
			for _, s := range p.Skills {
				if shows[s] {
					pm.Shared = append(pm.Shared, s)
				}
			}
			pm.Required = len(p.Required)
			for _, s := range p.Required {
				if shows[s] {
					pm.RequiredShown++
				} else {
					pm.NotShown = append(pm.NotShown, s)
				}
			}
		}
		r.BestMatches = append(r.BestMatches, pm)
	}

	switch {
	case total == 0:
		r.Notes = append(r.Notes, "No postings match the filter, so there is no demand to compare with: widen the filter or crawl first.")
	case len(r.ResumeSkills) == 0:
		r.Notes = append(r.Notes, "The resume shows none of the skills in the taxonomy. Name your skills and tools in plain words (for example in a Skills section) so they can be read.")
	case len(r.Strengths) == 0:
		r.Notes = append(r.Notes, "None of the skills the resume shows is listed by the selected postings.")
	}
	return r
}

// coverage counts postings by how much of their required skills the resume
// shows, and for each skill how many postings it is the only one missing from.
func coverage(ps []Posting, shows map[string]bool, mostly float64) (Coverage, map[string]int) {
	c := Coverage{Postings: len(ps), MostlyThreshold: mostly}
	completes := map[string]int{}
	for _, p := range ps {
		req := slices.Compact(slices.Sorted(slices.Values(p.Required)))
		if len(req) == 0 {
			continue
		}
		c.WithRequired++
		var missing []string
		for _, s := range req {
			if !shows[s] {
				missing = append(missing, s)
			}
		}
		if len(missing) == 0 {
			c.Full++
		}
		if float64(len(req)-len(missing)) >= mostly*float64(len(req))-1e-9 {
			c.Mostly++
		}
		if len(missing) == 1 {
			completes[missing[0]]++
		}
	}
	if c.WithRequired > 0 {
		c.FullShare = round(float64(c.Full) / float64(c.WithRequired))
		c.MostlyShare = round(float64(c.Mostly) / float64(c.WithRequired))
	}
	return c, completes
}

// quote is the resume line holding a span, on one line and cut to about
// evidenceWidth bytes around the span, so the reader sees the words behind
// a match in their place.
func quote(text string, sp skilldemand.Span) string {
	if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
		return ""
	}
	lo, hi := sp.Start, sp.End
	if i := strings.LastIndexByte(text[:lo], '\n'); i >= 0 {
		lo = i + 1
	} else {
		lo = 0
	}
	if i := strings.IndexByte(text[hi:], '\n'); i >= 0 {
		hi += i
	} else {
		hi = len(text)
	}
	pre, post := "", ""
	if room := (evidenceWidth - (sp.End - sp.Start)) / 2; room > 0 {
		if sp.Start-lo > room {
			lo, pre = sp.Start-room, "…"
		}
		if hi-sp.End > room {
			hi, post = sp.End+room, "…"
		}
	} else {
		lo, hi = sp.Start, sp.Start+evidenceWidth
		post = "…"
	}
	if pre != "" { // start at a word
		if i := strings.IndexByte(text[lo:sp.Start], ' '); i >= 0 {
			lo += i + 1
		}
	}
	if post != "" && hi > sp.End { // end at a word
		if i := strings.LastIndexByte(text[sp.End:hi], ' '); i >= 0 {
			hi = sp.End + i
		}
	}
	for lo < sp.Start && !utf8.RuneStart(text[lo]) {
		lo++
	}
	for hi > sp.End && hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi--
	}
	s := strings.Join(strings.Fields(text[lo:hi]), " ")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "- "), "# ")
	return pre + s + post
}

// round keeps four decimals, so JSON shares are stable and readable.
func round(f float64) float64 { return math.Round(f*1e4) / 1e4 }
