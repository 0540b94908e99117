package indexer

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"

	"github.com/skilldemand/skilldemand"
)

// Dup is how a posting is grouped with its near-duplicates (the same job
// cross-posted on several boards or for several locations), as the store
// decided. Only the canonical member of a group is counted and searched;
// its document also carries every member's location, source and URL, so a
// location or source filter finds the job wherever it was posted.
type Dup struct {
	Group     string   // group id
	Canonical bool     // the member demand counts
	Locations []string // of every member, the posting's own first
	Sources   []string // source keys ("type:board") of every member
	URLs      []string // of every member, the posting's own first
}

// GroupsFunc returns the Dup of each given posting id that belongs to a
// group; ids missing from the map are indexed as groups of their own.
type GroupsFunc func(ids []string) (map[string]Dup, error)

// IDs returns the ids of every posting the filter selects, sorted. Use it
// to read the selected postings from the store (for lifecycle statistics,
// companies or salaries) under the same filter Demand counts with.
func (x *Index) IDs(ctx context.Context, f skilldemand.Filter) ([]string, error) {
	q, err := x.filterQuery(f)
	if err != nil {
		return nil, err
	}
	var out []string
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
			return nil, fmt.Errorf("ids: %w", err)
		}
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		if len(res.Hits) < skillsPage {
			return out, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// CoSkills returns, among the postings the filter selects that list skill,
// the n skills listed most often with it (the skill itself left out), most
// first: one faceted search.
func (x *Index) CoSkills(ctx context.Context, f skilldemand.Filter, skill string, n int) ([]FacetCount, error) {
	if skill == "" {
		return nil, skilldemand.Errorf(skilldemand.EINVALID, "co-occurring skills: a skill id is required")
	}
	if n <= 0 {
		return nil, nil
	}
	f.Skill = skill
	q, err := x.filterQuery(f)
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = "none"
	req.AddFacet(fieldSkills, bleve.NewFacetRequest(fieldSkills, n+1))
	res, err := x.search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("co-occurring skills of %s: %w", skill, err)
	}
	out := []FacetCount{}
	if fr := res.Facets[fieldSkills]; fr != nil {
		for _, t := range fr.Terms.Terms() {
			if t.Term != skill && len(out) < n {
				out = append(out, FacetCount{Term: t.Term, Count: t.Count})
			}
		}
	}
	return out, nil
}
