package indexer

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"

	// The html highlighter is the one Search asks for by name.
	_ "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
)

// MappingVersion is the version of the document mapping this build writes.
// Open reports ErrStale for an index written with another one, so the
// caller rebuilds it from the store.
const MappingVersion = 4

// mappingVersionKey is the internal (non-document) key holding the mapping
// version of an index.
const mappingVersionKey = "skilldemand.mapping_version"

// docCountKey is the internal key holding the number of postings the index
// held after the last write, so Open can tell a damaged segment that lost
// documents (zap does not always notice) from a healthy index.
const docCountKey = "skilldemand.doc_count"

// Analyzer names registered in the mapping besides bleve's own.
const (
	// analyzerLowerKeyword indexes a whole value as one lower-cased term,
	// so keyword filters and facets ignore case while the stored value keeps it.
	analyzerLowerKeyword = "skilldemand_lower_keyword"
	// analyzerWords splits on Unicode word boundaries and lower-cases,
	// without stemming or stop words: for phrase matches on locations.
	analyzerWords = "skilldemand_words"
)

// Field names of an indexed posting.
const (
	fieldTitle        = "title"
	fieldBody         = "body"
	fieldCompany      = "company"
	fieldLocation     = "location"
	fieldLocationText = "location_text"
	fieldSource       = "source"
	fieldSourceKey    = "source_key"
	fieldWorkplace    = "workplace"
	fieldSeniority    = "seniority"
	fieldURL          = "url"
	fieldFirstSeen    = "first_seen"
	fieldOpen         = "open"
	fieldCanonical    = "canonical" // the member of a near-duplicate group that counts
	fieldGroup        = "group"     // near-duplicate group id
	fieldSkills       = "skills"
	fieldSignals      = "signals"

	fieldSkillsRequired       = "skills_required"
	fieldSkillsPreferred      = "skills_preferred"
	fieldSkillsResponsibility = "skills_responsibility"
	fieldSkillsMentioned      = "skills_mentioned"
)

// newMapping builds the explicit index mapping: one document type, dynamic
// fields off, every field named.
//
// The title is stored with term vectors so bleve highlights it. The body,
// the bulk of a posting, is indexed only: storing it with its term
// positions made the index about 3.5 times larger and slower to build, and
// the store already holds the text, so Search highlights bodies itself from
// the text Index.Postings reads (see highlightBodies).
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	if err := m.AddCustomAnalyzer(analyzerLowerKeyword, map[string]any{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	if err := m.AddCustomAnalyzer(analyzerWords, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}

	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = store
		f.IncludeTermVectors = store // positions only serve highlighting
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	// kw is a facetable keyword field; lower says whether values are
	// lower-cased, store whether the original value is kept for hits.
	kw := func(lower, store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		if lower {
			f.Analyzer = analyzerLowerKeyword
		}
		f.Store = store
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	date := func(store bool) *mapping.FieldMapping {
		f := bleve.NewDateTimeFieldMapping()
		f.Store = store
		f.IncludeInAll = false
		return f
	}

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldTitle, text(true))
	doc.AddFieldMappingsAt(fieldBody, text(false))
	doc.AddFieldMappingsAt(fieldCompany, kw(true, true))
	doc.AddFieldMappingsAt(fieldLocation, kw(true, true))

	loc := bleve.NewTextFieldMapping()
	loc.Analyzer = analyzerWords
	loc.Store = false
	loc.IncludeTermVectors = true // phrase queries need positions
	loc.IncludeInAll = false
	loc.DocValues = false
	doc.AddFieldMappingsAt(fieldLocationText, loc)

	doc.AddFieldMappingsAt(fieldSource, kw(true, false))
	doc.AddFieldMappingsAt(fieldSourceKey, kw(true, false))
	doc.AddFieldMappingsAt(fieldWorkplace, kw(true, false))
	doc.AddFieldMappingsAt(fieldSeniority, kw(true, false))

	url := bleve.NewTextFieldMapping()
	url.Index = false
	url.Store = true
	url.IncludeInAll = false
	url.IncludeTermVectors = false
	url.DocValues = false
	doc.AddFieldMappingsAt(fieldURL, url)

	doc.AddFieldMappingsAt(fieldFirstSeen, date(true))

	open := bleve.NewBooleanFieldMapping()
	open.Store = true
	open.IncludeInAll = false
	doc.AddFieldMappingsAt(fieldOpen, open)

	canonical := bleve.NewBooleanFieldMapping()
	canonical.Store = false
	canonical.IncludeInAll = false
	doc.AddFieldMappingsAt(fieldCanonical, canonical)
	doc.AddFieldMappingsAt(fieldGroup, kw(false, true))

	for _, name := range []string{
		fieldSkills, fieldSkillsRequired, fieldSkillsPreferred,
		fieldSkillsResponsibility, fieldSkillsMentioned, fieldSignals,
	} {
		doc.AddFieldMappingsAt(name, kw(false, false))
	}

	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	return m, nil
}
