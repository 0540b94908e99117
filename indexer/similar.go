package indexer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/skilldemand/skilldemand"
)

// RequiredBoost is how much more a required skill weighs than a listed one
// when Similar ranks postings.
const RequiredBoost = 2.0

// skillsPage is how many postings PostingSkills reads per search page.
const skillsPage = 1000

// PostingSkills is the skills one posting lists, and those it requires.
type PostingSkills struct {
	ID       string   `json:"id"`
	Skills   []string `json:"skills,omitempty"`   // every skill it lists, sorted
	Required []string `json:"required,omitempty"` // the skills it requires, sorted
}

// PostingSkills returns, for every posting the filter selects, its ID and
// the skill ids it lists and requires (as Demand counts them), sorted by
// ID. The skills come from the index's doc values, so no posting is read
// from the store: this is how a caller compares a set of skills with each
// posting under the same filter Demand uses.
func (x *Index) PostingSkills(ctx context.Context, f skilldemand.Filter) ([]PostingSkills, error) {
	q, err := x.filterQuery(f)
	if err != nil {
		return nil, err
	}
	adv, err := x.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("posting skills: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("posting skills: open reader: %w", err)
	}
	defer r.Close()
	dv, err := r.DocValueReader([]string{fieldSkills, fieldSkillsRequired})
	if err != nil {
		return nil, fmt.Errorf("posting skills: doc values: %w", err)
	}

	var out []PostingSkills
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(q, skillsPage, 0, false)
		req.Score = "none"
		req.SortBy([]string{"_id"})
		if after != nil {
			req.SetSearchAfter(after)
		}
		res, err := x.search(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("posting skills: %w", err)
		}
		for _, h := range res.Hits {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			ps := PostingSkills{ID: h.ID}
			iid, err := r.InternalID(h.ID)
			if err != nil {
				return nil, fmt.Errorf("posting skills: %s: %w", h.ID, err)
			}
			if iid != nil {
				err = dv.VisitDocValues(iid, func(field string, term []byte) {
					switch field {
					case fieldSkills:
						ps.Skills = append(ps.Skills, string(term))
					case fieldSkillsRequired:
						ps.Required = append(ps.Required, string(term))
					}
				})
				if err != nil {
					return nil, fmt.Errorf("posting skills: %s: %w", h.ID, err)
				}
			}
			ps.Skills = sortedSet(ps.Skills)
			ps.Required = sortedSet(ps.Required)
			out = append(out, ps)
		}
		if len(res.Hits) < skillsPage {
			return out, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// Similar returns the size best postings among those the filter selects
// for someone who shows the given skills: a posting scores for every one of
// the skills it lists, RequiredBoost times more where it requires it, so
// postings whose requirements the skills meet rank first. Hits are best
// first (newest first among equal scores); size 0 means DefaultSize. No
// skills match nothing.
func (x *Index) Similar(ctx context.Context, f skilldemand.Filter, skills []string, size int) (*Results, error) {
	if size < 0 || size > MaxResults {
		return nil, skilldemand.Errorf(skilldemand.EINVALID, "similar: size (%d) must be between 0 and %d", size, MaxResults)
	}
	if size == 0 {
		size = DefaultSize
	}
	fq, err := x.filterQuery(f)
	if err != nil {
		return nil, err
	}
	out := &Results{Hits: []Hit{}, Facets: map[string][]FacetCount{}}
	sq := skillsQuery(skills)
	if sq == nil {
		return out, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(fq, sq), size, 0, false)
	req.Fields = []string{fieldTitle, fieldCompany, fieldLocation, fieldURL, fieldFirstSeen, fieldOpen}
	req.SortBy([]string{"-_score", "-" + fieldFirstSeen, "_id"})
	res, err := x.search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("similar: %w", err)
	}
	out.Total = int(res.Total)
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, hit(h))
	}
	return out, nil
}

// skillsQuery is a disjunction of term queries: each skill on the skills
// field, and boosted on the required field. It is nil for no skills.
func skillsQuery(skills []string) query.Query {
	var qs []query.Query
	for _, s := range sortedSet(skills) {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		listed := bleve.NewTermQuery(s)
		listed.SetField(fieldSkills)
		required := bleve.NewTermQuery(s)
		required.SetField(fieldSkillsRequired)
		required.SetBoost(RequiredBoost)
		qs = append(qs, listed, required)
	}
	if len(qs) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// sortedSet sorts ids and drops duplicates, in place.
func sortedSet(ids []string) []string {
	slices.Sort(ids)
	return slices.Compact(ids)
}
