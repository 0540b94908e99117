//go:build benchmapping

package benchcmp

// This file measures alternative bleve mappings for the indexer's owner.
// It imports bleve, which only package indexer may import in the tool, so
// it builds only with -tags benchmapping and never ships:
//
//	go run -tags benchmapping ./internal/benchcmp/benchindex -phases mappings -n 20000

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/skilldemand/skilldemand"
)

func init() { mappingExperiment = runMappings }

// variant is a change to the indexer's mapping (version 4).
type variant struct {
	name                           string
	storeTitle, storeBody          bool
	vectorsTitle, vectorsBody      bool
	vectorsLocation                bool
	strengthIndexed                bool // skills_<strength> fields searchable, not only facetable
	storeCompanyLocation, storeURL bool
}

var variants = []variant{
	{"indexer mapping v4 (as is)", true, false, true, false, true, true, true, true},
	{"body stored with vectors (v2)", true, true, true, true, true, true, true, true},
	{"body stored, no vectors", true, true, true, false, true, true, true, true},
	{"minimal: nothing stored, no vectors", false, false, false, false, false, false, false, false},
}

func (v variant) mapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	if err := m.AddCustomAnalyzer("lower_keyword", map[string]any{
		"type": custom.Name, "tokenizer": single.Name, "token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	if err := m.AddCustomAnalyzer("words", map[string]any{
		"type": custom.Name, "tokenizer": unicode.Name, "token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	text := func(store, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = store, vectors, false, false
		return f
	}
	kw := func(lower, store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		if lower {
			f.Analyzer = "lower_keyword"
		}
		f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = store, false, false, true
		return f
	}
	date := func(store bool) *mapping.FieldMapping {
		f := bleve.NewDateTimeFieldMapping()
		f.Store, f.IncludeInAll = store, false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("title", text(v.storeTitle, v.vectorsTitle))
	doc.AddFieldMappingsAt("body", text(v.storeBody, v.vectorsBody))
	doc.AddFieldMappingsAt("company", kw(true, v.storeCompanyLocation))
	doc.AddFieldMappingsAt("location", kw(true, v.storeCompanyLocation))
	loc := bleve.NewTextFieldMapping()
	loc.Analyzer = "words"
	loc.Store, loc.IncludeTermVectors, loc.IncludeInAll, loc.DocValues = false, v.vectorsLocation, false, false
	doc.AddFieldMappingsAt("location_text", loc)
	for _, f := range []string{"source", "source_key", "workplace", "seniority"} {
		doc.AddFieldMappingsAt(f, kw(true, false))
	}
	url := bleve.NewTextFieldMapping()
	url.Index, url.Store, url.IncludeInAll, url.IncludeTermVectors, url.DocValues = false, v.storeURL, false, false, false
	doc.AddFieldMappingsAt("url", url)
	doc.AddFieldMappingsAt("first_seen", date(true))
	for _, f := range []string{"open", "canonical"} {
		b := bleve.NewBooleanFieldMapping()
		b.Store, b.IncludeInAll = f == "open", false
		doc.AddFieldMappingsAt(f, b)
	}
	doc.AddFieldMappingsAt("group", kw(false, true))
	for _, f := range []string{"skills", "signals"} {
		doc.AddFieldMappingsAt(f, kw(false, false))
	}
	for _, f := range strengthFields {
		k := kw(false, false)
		k.Index = v.strengthIndexed
		doc.AddFieldMappingsAt(f, k)
	}
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	m.IndexDynamic, m.StoreDynamic, m.DocValuesDynamic = false, false, false
	return m, nil
}

var strengthFields = map[string]string{
	string(skilldemand.StrengthRequired):       "skills_required",
	string(skilldemand.StrengthPreferred):      "skills_preferred",
	string(skilldemand.StrengthResponsibility): "skills_responsibility",
	string(skilldemand.StrengthMentioned):      "skills_mentioned",
}

// expDocument mirrors the indexer's document for a posting alone in its group.
func expDocument(p *skilldemand.Posting) map[string]any {
	r := rowOf(p)
	d := map[string]any{"title": p.Title, "open": r.open, "canonical": true, "group": p.ID}
	set := func(f, v string) {
		if v = strings.TrimSpace(v); v != "" {
			d[f] = v
		}
	}
	set("body", r.body)
	set("company", p.Company)
	set("location", p.Location)
	set("location_text", p.Location)
	set("source", p.Source)
	set("source_key", p.SourceKey())
	set("url", p.URL)
	set("workplace", r.workplace)
	set("seniority", r.seniority)
	if !r.firstSeen.IsZero() {
		d["first_seen"] = r.firstSeen.UTC()
	}
	var skills []string
	by := map[string][]string{}
	for _, s := range r.skills {
		skills = append(skills, s.skill)
		by[strengthFields[s.strength]] = append(by[strengthFields[s.strength]], s.skill)
	}
	if len(skills) > 0 {
		d["skills"] = skills
	}
	for f, ids := range by {
		d[f] = ids
	}
	if len(r.signals) > 0 {
		d["signals"] = r.signals
	}
	return d
}

func runMappings(ctx context.Context, dir string, ps []*skilldemand.Posting, runs int) ([]MappingResult, error) {
	company := strings.ToLower(Queries(ps)[0].Filter.Company)
	var out []MappingResult
	for i, v := range variants {
		path := filepath.Join(dir, fmt.Sprintf("mapping%d", i))
		_ = os.RemoveAll(path)
		m, err := v.mapping()
		if err != nil {
			return nil, err
		}
		start := time.Now()
		idx, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, err
		}
		for s := 0; s < len(ps); s += 500 {
			b := idx.NewBatch()
			for _, p := range ps[s:min(s+500, len(ps))] {
				if err := b.Index(p.ID, expDocument(p)); err != nil {
					return nil, err
				}
			}
			if err := idx.Batch(b); err != nil {
				return nil, err
			}
		}
		if err := idx.Close(); err != nil {
			return nil, err
		}
		res := MappingResult{Name: v.name, Build: time.Since(start)}
		if res.Size, err = dirSize(path); err != nil {
			return nil, err
		}
		if idx, err = bleve.Open(path); err != nil {
			return nil, err
		}
		facets := func(q query.Query) (Stats, error) {
			var ds []time.Duration
			for range runs + 1 {
				req := bleve.NewSearchRequestOptions(q, 0, 0, false)
				req.Score = "none"
				for _, f := range []string{"skills", "skills_required", "skills_preferred", "skills_responsibility", "skills_mentioned", "signals"} {
					req.AddFacet(f, bleve.NewFacetRequest(f, 10000))
				}
				t := time.Now()
				if _, err := idx.SearchInContext(ctx, req); err != nil {
					return Stats{}, err
				}
				ds = append(ds, time.Since(t))
			}
			return stats(ds[1:]), nil
		}
		canon := bleve.NewBoolFieldQuery(true)
		canon.SetField("canonical")
		open := bleve.NewBoolFieldQuery(true)
		open.SetField("open")
		co := bleve.NewTermQuery(company)
		co.SetField("company")
		if res.Filtered, err = facets(bleve.NewConjunctionQuery(canon, open, co)); err == nil {
			res.Whole, err = facets(bleve.NewConjunctionQuery(canon))
		}
		idx.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, res)
		_ = os.RemoveAll(path)
	}
	return out, nil
}
