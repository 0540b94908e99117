package server

import (
	"context"
	"errors"
	"html"
	"io"
	"strings"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/match"
	"github.com/skilldemand/skilldemand/report"
)

// Errors a Backend returns for the server to map to HTTP statuses.
var (
	// ErrBusy means a crawl is already running (409).
	ErrBusy = errors.New("a crawl is already running")
	// ErrNotImplemented means the feature is not wired in this build (501).
	ErrNotImplemented = errors.New("not implemented")
)

// Backend answers every question the server is asked. cmd/skilldemand
// implements it over the store, the index and the scheduler. Methods return
// errors wrapping skilldemand.ErrNotFound or carrying code ENOTFOUND for
// missing things (404), code EINVALID for bad input (400), ErrBusy (409) and
// ErrNotImplemented (501); anything else is a 500.
type Backend interface {
	// Skills counts skill demand among the postings f selects.
	Skills(ctx context.Context, f skilldemand.Filter) (*SkillsResult, error)
	// Reality is the listed-vs-reality table among the postings f selects.
	Reality(ctx context.Context, f skilldemand.Filter) (*RealityResult, error)
	// Trends compares the daily demand snapshots.
	Trends(ctx context.Context) (*TrendsResult, error)
	// Search returns hits from..from+size of the postings f selects, with facets.
	Search(ctx context.Context, f skilldemand.Filter, from, size int) (*SearchResult, error)
	// Posting returns one stored posting with its extraction.
	Posting(ctx context.Context, id string) (*skilldemand.Posting, error)
	// Runs returns the latest runs, newest first.
	Runs(ctx context.Context, limit int) ([]*skilldemand.Run, error)
	// Sources lists the configured sources with their last status.
	Sources(ctx context.Context) ([]SourceStatus, error)
	// Report writes the report in format (one of ReportFormats) to w.
	Report(ctx context.Context, format string, f skilldemand.Filter, w io.Writer) error
	// Crawl starts a crawl in the background and returns at once; ErrBusy
	// when one is running.
	Crawl(ctx context.Context) error
	// Reload re-reads the config (sources, schedule, politeness).
	Reload(ctx context.Context) error
	// Match compares a resume with the postings f selects; the result is
	// rendered as JSON. ErrNotImplemented until a matcher is wired.
	Match(ctx context.Context, resume io.Reader, name string, f skilldemand.Filter) (*match.Result, error)
	// Stats reports sizes for /healthz and /metrics.
	Stats(ctx context.Context) (*Stats, error)
}

// ReportFormats are the formats GET /api/report serves.
var ReportFormats = []string{"md", "html", "csv", "json"}

// SkillsResult is the skill-frequency table.
type SkillsResult struct {
	Total  int               `json:"total"` // postings selected
	Filter string            `json:"filter,omitempty"`
	Skills []report.SkillRow `json:"skills"`
}

// RealityResult is the listed-vs-reality table.
type RealityResult struct {
	Total   int                 `json:"total"`
	Filter  string              `json:"filter,omitempty"`
	Reality []report.RealityRow `json:"reality"`
}

// TrendsResult is the trend table over the stored snapshots.
type TrendsResult struct {
	Basis  report.TrendBasis `json:"basis"` // which snapshots the trends compare
	Trends []report.TrendRow `json:"trends"`
}

// SearchResult is one page of search hits with facet counts over every match.
type SearchResult struct {
	Total  int                `json:"total"`
	From   int                `json:"from"`
	Hits   []SearchHit        `json:"hits"`
	Facets map[string][]Facet `json:"facets"` // by facet name: skills, company, source, seniority, workplace
}

// SearchHit is one matching posting.
type SearchHit struct {
	ID        string    `json:"id"`
	Score     float64   `json:"score"`
	Title     string    `json:"title"`
	Company   string    `json:"company,omitempty"`
	Location  string    `json:"location,omitempty"`
	URL       string    `json:"url,omitempty"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	Open      bool      `json:"open"`
	// Fragments are where the query matched, by field ("title", "body"):
	// HTML with the matched words in <mark> and everything else escaped.
	// Split them with FragmentParts rather than trusting them as HTML.
	Fragments map[string][]string `json:"fragments,omitempty"`
}

// FragmentPart is a piece of a fragment: plain text, or a matched word.
type FragmentPart struct {
	Text string
	Mark bool
}

// FragmentParts splits a fragment into its plain and matched parts with
// HTML entities decoded, so each part can be escaped for where it is shown.
func FragmentParts(frag string) []FragmentPart {
	var parts []FragmentPart
	for frag != "" {
		before, after, found := strings.Cut(frag, "<mark>")
		if before != "" {
			parts = append(parts, FragmentPart{Text: html.UnescapeString(before)})
		}
		if !found {
			break
		}
		word, rest, _ := strings.Cut(after, "</mark>")
		if word != "" {
			parts = append(parts, FragmentPart{Text: html.UnescapeString(word), Mark: true})
		}
		frag = rest
	}
	return parts
}

// Facet is how many matching postings have a term.
type Facet struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// SourceStatus is a configured source and how its last crawl went.
type SourceStatus struct {
	skilldemand.Source
	LastRun    string                 `json:"last_run,omitempty"` // run id; "" when never crawled
	LastStatus string                 `json:"last_status"`        // "ok", "failed" or "never"
	Last       *skilldemand.SourceRun `json:"last,omitempty"`
}

// Stats are sizes shown by /healthz and /metrics.
type Stats struct {
	OpenPostings  int    `json:"open_postings"`
	TotalPostings int    `json:"total_postings"`
	Indexed       uint64 `json:"indexed"`
	Running       bool   `json:"running"` // a crawl is in progress
}
