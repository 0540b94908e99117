package indexer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/skilldemand/skilldemand"
)

// MaxTerms is the facet size Demand asks for: more distinct skills or
// signals than this in one index is an error rather than a silent cut.
const MaxTerms = 10000

// MaxResults is the largest from+size Search accepts.
const MaxResults = 10000

// DefaultSize is the page size Search uses when asked for 0 hits.
const DefaultSize = 10

// SearchFacetSize is how many terms each facet of a Search result lists.
const SearchFacetSize = 50

// Facet names in Results.Facets.
const (
	FacetSkills    = "skills"
	FacetCompany   = "company"
	FacetSource    = "source"
	FacetSeniority = "seniority"
	FacetWorkplace = "workplace"
)

// Results is one page of search hits with facet counts over every match.
type Results struct {
	Total  int                     `json:"total"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetCount `json:"facets"` // by facet name: skills, company, source, seniority, workplace
}

// Hit is one matching posting.
type Hit struct {
	ID        string    `json:"id"`
	Score     float64   `json:"score"`
	Title     string    `json:"title"`
	Company   string    `json:"company,omitempty"`
	Location  string    `json:"location,omitempty"`
	URL       string    `json:"url,omitempty"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	Open      bool      `json:"open"`
	// Group is the near-duplicate group id; URLs are the URLs of every
	// posting in it, this one's first (one URL when it stands alone).
	Group string   `json:"group,omitempty"`
	URLs  []string `json:"urls,omitempty"`
	// Fragments are highlighted snippets by field ("title", "body"): HTML
	// with the matched words in <mark> and everything else escaped.
	Fragments map[string][]string `json:"fragments,omitempty"`
}

// FacetCount is how many matching postings have a term. Keyword terms
// (company, source, seniority, workplace) are lower-cased.
type FacetCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// Demand counts the postings the filter selects and, per skill and signal,
// how many of them list it. Counts are exact: they come from facets large
// enough for every term.
func (x *Index) Demand(ctx context.Context, f skilldemand.Filter) (*skilldemand.Demand, error) {
	if x.idx == nil {
		return nil, fmt.Errorf("demand: %w", ErrNotOpen)
	}
	return x.cachedDemand(ctx, f, x.demand)
}

// demand runs the faceted search behind Demand. Every posting that lists a
// skill is counted under exactly one strength (PostingStrength), so a
// skill's Postings is the sum of its strength counts and needs no facet of
// its own.
func (x *Index) demand(ctx context.Context, f skilldemand.Filter) (*skilldemand.Demand, error) {
	q, err := x.filterQuery(f)
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = "none" // counts only
	fields := []string{
		fieldSkillsRequired, fieldSkillsPreferred,
		fieldSkillsResponsibility, fieldSkillsMentioned, fieldSignals,
	}
	for _, field := range fields {
		req.AddFacet(field, bleve.NewFacetRequest(field, MaxTerms))
	}
	res, err := x.search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("demand: %w", err)
	}

	d := &skilldemand.Demand{
		Total:   int(res.Total),
		Skills:  map[string]skilldemand.SkillCount{},
		Signals: map[string]int{},
	}
	for _, field := range fields {
		fr := res.Facets[field]
		if fr == nil {
			continue
		}
		if fr.Other > 0 {
			return nil, fmt.Errorf("demand: more than %d distinct values in %s; counts would be cut", MaxTerms, field)
		}
		for _, t := range fr.Terms.Terms() {
			if field == fieldSignals {
				d.Signals[t.Term] = t.Count
				continue
			}
			c := d.Skills[t.Term]
			c.Skill = t.Term
			c.Postings += t.Count
			switch field {
			case fieldSkillsRequired:
				c.Required = t.Count
			case fieldSkillsPreferred:
				c.Preferred = t.Count
			case fieldSkillsResponsibility:
				c.Responsibility = t.Count
			case fieldSkillsMentioned:
				c.Mentioned = t.Count
			}
			d.Skills[t.Term] = c
		}
	}
	return d, nil
}

// Search returns hits from..from+size (size 0 means DefaultSize) of the
// postings the filter selects, best first when Filter.Query is set and
// newest first otherwise, with highlighted fragments and facet counts.
func (x *Index) Search(ctx context.Context, f skilldemand.Filter, from, size int) (*Results, error) {
	return x.SearchStrength(ctx, f, "", from, size)
}

// SearchStrength is Search restricted to postings that list f.Skill with
// the given strength, as Demand counts it (see PostingStrength): the drill
// down behind one cell of the skill table. An empty strength is Search.
func (x *Index) SearchStrength(ctx context.Context, f skilldemand.Filter, strength skilldemand.Strength, from, size int) (*Results, error) {
	if strength != "" {
		if strings.TrimSpace(f.Skill) == "" {
			return nil, skilldemand.Errorf(skilldemand.EINVALID, "search: a strength needs a skill: set the skill too")
		}
		if strengthField[strength] == "" {
			return nil, skilldemand.Errorf(skilldemand.EINVALID, "search: strength %q: use required, preferred, responsibility or mentioned", strength)
		}
	}
	if from < 0 || size < 0 {
		return nil, skilldemand.Errorf(skilldemand.EINVALID, "search: from (%d) and size (%d) must not be negative", from, size)
	}
	if size == 0 {
		size = DefaultSize
	}
	if from+size > MaxResults {
		return nil, skilldemand.Errorf(skilldemand.EINVALID, "search: from+size must be at most %d; narrow the filter instead of paging that deep", MaxResults)
	}
	q, err := x.filterQuery(f)
	if err != nil {
		return nil, err
	}
	if strength != "" {
		t := bleve.NewTermQuery(strings.TrimSpace(f.Skill))
		t.SetField(strengthField[strength])
		q = bleve.NewConjunctionQuery(q, t)
	}
	req := bleve.NewSearchRequestOptions(q, size, from, false)
	req.Fields = []string{fieldTitle, fieldCompany, fieldLocation, fieldURL, fieldFirstSeen, fieldOpen, fieldGroup}
	fullText := strings.TrimSpace(f.Query) != ""
	if fullText {
		req.Highlight = bleve.NewHighlightWithStyle("html")
		req.Highlight.AddField(fieldTitle)
		req.SortBy([]string{"-_score", "-" + fieldFirstSeen, "_id"})
	} else {
		req.SortBy([]string{"-" + fieldFirstSeen, "_id"})
	}
	for name, field := range map[string]string{
		FacetSkills: fieldSkills, FacetCompany: fieldCompany, FacetSource: fieldSource,
		FacetSeniority: fieldSeniority, FacetWorkplace: fieldWorkplace,
	} {
		req.AddFacet(name, bleve.NewFacetRequest(field, SearchFacetSize))
	}
	res, err := x.search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}

	out := &Results{Total: int(res.Total), Hits: make([]Hit, 0, len(res.Hits)), Facets: map[string][]FacetCount{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, hit(h))
	}
	if fullText {
		if err := x.highlightBodies(out.Hits, f.Query); err != nil {
			return nil, fmt.Errorf("search: highlight: %w", err)
		}
	}
	for name, fr := range res.Facets {
		counts := []FacetCount{}
		for _, t := range fr.Terms.Terms() {
			counts = append(counts, FacetCount{Term: t.Term, Count: t.Count})
		}
		out.Facets[name] = counts
	}
	return out, nil
}

// hit converts a bleve hit with its stored fields.
func hit(h *search.DocumentMatch) Hit {
	str := func(field string) string {
		switch v := h.Fields[field].(type) {
		case string:
			return v
		case []any: // a field given more than once
			if len(v) > 0 {
				s, _ := v[0].(string)
				return s
			}
		}
		return ""
	}
	out := Hit{
		ID:        h.ID,
		Score:     h.Score,
		Title:     str(fieldTitle),
		Company:   str(fieldCompany),
		Location:  str(fieldLocation),
		URL:       str(fieldURL),
		Fragments: h.Fragments,
	}
	if t, err := time.Parse(time.RFC3339Nano, str(fieldFirstSeen)); err == nil {
		out.FirstSeen = t
	}
	out.Open, _ = h.Fields[fieldOpen].(bool)
	out.Group = str(fieldGroup)
	switch v := h.Fields[fieldURL].(type) {
	case string:
		out.URLs = []string{v}
	case []any:
		for _, u := range v {
			if s, ok := u.(string); ok {
				out.URLs = append(out.URLs, s)
			}
		}
	}
	return out
}

// filterQuery builds the conjunction a Filter stands for. The zero Filter
// selects open canonical postings.
func (x *Index) filterQuery(f skilldemand.Filter) (query.Query, error) {
	if x.idx == nil {
		return nil, ErrNotOpen
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return nil, skilldemand.Errorf(skilldemand.EINVALID,
			"filter: from (%s) must be before to (%s); the range is [from, to)",
			f.From.Format(time.DateOnly), f.To.Format(time.DateOnly))
	}
	var must []query.Query
	term := func(field, v string) query.Query {
		q := bleve.NewTermQuery(v)
		q.SetField(field)
		return q
	}
	lower := func(v string) string { return strings.ToLower(strings.TrimSpace(v)) }

	// Near-duplicates count once: only the canonical member of each
	// group is selected (the store keeps it open while any member is).
	canonical := bleve.NewBoolFieldQuery(true)
	canonical.SetField(fieldCanonical)
	must = append(must, canonical)
	if !f.IncludeClosed {
		q := bleve.NewBoolFieldQuery(true)
		q.SetField(fieldOpen)
		must = append(must, q)
	}
	if !f.From.IsZero() || !f.To.IsZero() {
		yes, no := true, false
		q := bleve.NewDateRangeInclusiveQuery(f.From, f.To, &yes, &no)
		q.SetField(fieldFirstSeen)
		must = append(must, q)
	}
	if v := lower(f.Company); v != "" {
		must = append(must, term(fieldCompany, v))
	}
	if v := strings.TrimSpace(f.Location); v != "" {
		// The whole location, or words in it as a phrase: "new york"
		// matches "New York, NY" and "Remote - New York".
		phrase := bleve.NewMatchPhraseQuery(v)
		phrase.SetField(fieldLocationText)
		phrase.Analyzer = analyzerWords
		must = append(must, bleve.NewDisjunctionQuery(term(fieldLocation, lower(v)), phrase))
	}
	if v := lower(f.Workplace); v != "" {
		must = append(must, term(fieldWorkplace, v))
	}
	if v := lower(f.Seniority); v != "" {
		must = append(must, term(fieldSeniority, v))
	}
	if v := lower(f.Source); v != "" {
		must = append(must, bleve.NewDisjunctionQuery(term(fieldSource, v), term(fieldSourceKey, v)))
	}
	if v := strings.TrimSpace(f.Skill); v != "" {
		must = append(must, term(fieldSkills, v))
	}
	if v := strings.TrimSpace(f.Query); v != "" {
		q, err := x.textQuery(v)
		if err != nil {
			return nil, err
		}
		must = append(must, q)
	}
	return bleve.NewConjunctionQuery(must...), nil
}

// textQuery matches postings that have every word of the user's text in
// their title or body. The text is analyzed like the fields (English
// stemming and stop words) and never parsed as query syntax, so any input
// is safe. A text of stop words only matches nothing.
//
// Each word is a disjunction of title and body, joined by a conjunction:
// one match query with operator AND per field would miss a posting whose
// words are split between its title and its body.
func (x *Index) textQuery(text string) (query.Query, error) {
	a := x.idx.Mapping().AnalyzerNamed(en.AnalyzerName)
	if a == nil {
		return nil, fmt.Errorf("query: analyzer %q not registered", en.AnalyzerName)
	}
	seen := map[string]bool{}
	var words []query.Query
	for _, tok := range a.Analyze([]byte(text)) {
		w := string(tok.Term)
		if seen[w] {
			continue
		}
		seen[w] = true
		title := bleve.NewTermQuery(w)
		title.SetField(fieldTitle)
		title.SetBoost(2)
		body := bleve.NewTermQuery(w)
		body.SetField(fieldBody)
		words = append(words, bleve.NewDisjunctionQuery(title, body))
	}
	if len(words) == 0 {
		return bleve.NewMatchNoneQuery(), nil
	}
	return bleve.NewConjunctionQuery(words...), nil
}
