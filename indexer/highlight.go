package indexer

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simplehl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"

	"github.com/skilldemand/skilldemand"
)

// PostingsFunc reads postings by id from where they are kept (the store);
// ids it does not find are left out.
type PostingsFunc func(ids []string) ([]*skilldemand.Posting, error)

// bodyHighlighter builds body fragments the way bleve's "html" highlighter
// does for stored fields: 200-byte fragments, matched words in <mark>,
// everything else escaped.
var bodyHighlighter = simplehl.NewHighlighter(
	simple.NewFragmenter(200),
	htmlformat.NewFragmentFormatter("<mark>", "</mark>"),
	simplehl.DefaultSeparator)

// maxHighlighted is how much of a body highlightBodies reads: a page of
// hits costs a bounded amount however long the postings are.
const maxHighlighted = 64 << 10

// highlightBodies adds a "body" fragment to each hit whose posting text
// holds a word of the full-text query. The index neither stores bodies nor
// keeps their term positions (the store already holds the text, and the
// two would double the index), so the text comes from Postings and is
// analysed again here, the way the body field was analysed when indexed.
func (x *Index) highlightBodies(hits []Hit, q string) error {
	if x.Postings == nil || len(hits) == 0 {
		return nil
	}
	a := x.idx.Mapping().AnalyzerNamed(en.AnalyzerName)
	if a == nil {
		return nil
	}
	terms := map[string]bool{}
	for _, tok := range a.Analyze([]byte(q)) {
		terms[string(tok.Term)] = true
	}
	if len(terms) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	ps, err := x.Postings(ids)
	if err != nil {
		return err
	}
	text := make(map[string]string, len(ps))
	for _, p := range ps {
		text[p.ID] = bodyText(p)
	}
	for i := range hits {
		body := text[hits[i].ID]
		if body == "" {
			continue
		}
		if len(body) > maxHighlighted {
			body = strings.ToValidUTF8(body[:maxHighlighted], "")
		}
		tlm := search.TermLocationMap{}
		for _, tok := range a.Analyze([]byte(body)) {
			if t := string(tok.Term); terms[t] {
				tlm[t] = append(tlm[t], &search.Location{
					Pos: uint64(tok.Position), Start: uint64(tok.Start), End: uint64(tok.End),
				})
			}
		}
		if len(tlm) == 0 {
			continue
		}
		dm := &search.DocumentMatch{ID: hits[i].ID, Locations: search.FieldTermLocationMap{fieldBody: tlm}}
		doc := bdoc.NewDocument(hits[i].ID)
		doc.AddField(bdoc.NewTextField(fieldBody, nil, []byte(body)))
		frags := bodyHighlighter.BestFragmentsInField(dm, doc, fieldBody, 1)
		if len(frags) == 0 {
			continue
		}
		if hits[i].Fragments == nil {
			hits[i].Fragments = map[string][]string{}
		}
		hits[i].Fragments[fieldBody] = frags
	}
	return nil
}
