package skilldemand

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Description formats.
const (
	FormatHTML = "html"
	FormatText = "text"
)

// Workplace types, normalised across sources.
const (
	WorkplaceRemote = "remote"
	WorkplaceHybrid = "hybrid"
	WorkplaceOnsite = "onsite"
)

// Posting is one job listing as crawled or imported, with its lifecycle and,
// once extracted, the skills and signals it names.
type Posting struct {
	// ID is "source:board:external-id", e.g. "greenhouse:acme:4012345".
	ID         string `json:"id"`
	Source     string `json:"source"` // source type: greenhouse, lever, ashby, file...
	Board      string `json:"board"`  // board token, site, or dataset name
	ExternalID string `json:"external_id"`

	Title      string    `json:"title"`
	Company    string    `json:"company,omitempty"`
	Location   string    `json:"location,omitempty"`
	Workplace  string    `json:"workplace,omitempty"` // WorkplaceRemote, WorkplaceHybrid, WorkplaceOnsite or ""
	Department string    `json:"department,omitempty"`
	URL        string    `json:"url,omitempty"`
	Posted     time.Time `json:"posted,omitzero"`

	// Description is the posting body, HTML (already unescaped once where the
	// API double-escapes it) or plain text, as Format says.
	Description string `json:"description"`
	Format      string `json:"format,omitempty"` // FormatHTML (default) or FormatText
	// Sections are structured blocks the API gives apart from the body
	// (Lever lists, SmartRecruiters qualifications...). Their bodies use Format.
	Sections []Section `json:"sections,omitempty"`
	Salary   *Salary   `json:"salary,omitempty"` // as the API gives it; nil when absent

	// Lifecycle, kept by the store.
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
	ClosedAt  time.Time `json:"closed_at,omitzero"` // zero while open
	Hash      string    `json:"hash,omitempty"`     // ContentHash of the source fields

	// Extraction is the extractor's reading of the posting; nil until extracted.
	Extraction *Extraction `json:"extraction,omitempty"`
}

// Section is a structured block of a posting given by the source API.
type Section struct {
	Kind  SectionKind `json:"kind,omitempty"` // a hint from the API; "" when unknown
	Title string      `json:"title,omitempty"`
	Body  string      `json:"body"`
}

// Salary is a pay range with where it came from.
type Salary struct {
	Currency   string  `json:"currency,omitempty"` // ISO 4217, e.g. "USD"
	Interval   string  `json:"interval,omitempty"` // year, month, week, day, hour
	Min        float64 `json:"min,omitempty"`
	Max        float64 `json:"max,omitempty"`
	AnnualMin  float64 `json:"annual_min,omitempty"`
	AnnualMax  float64 `json:"annual_max,omitempty"`
	Provenance string  `json:"provenance,omitempty"` // e.g. "greenhouse.pay_input_ranges", "lever.salaryRange", "text"
}

// Open reports whether the posting has not been closed.
func (p *Posting) Open() bool { return p.ClosedAt.IsZero() }

// SourceKey is the "source:board" prefix of the posting's ID.
func (p *Posting) SourceKey() string { return SourceKey(p.Source, p.Board) }

// SourceKey joins a source type and board into the prefix of posting IDs.
func SourceKey(source, board string) string { return source + ":" + board }

// MakeID builds a posting ID from its parts.
func MakeID(source, board, externalID string) string {
	return source + ":" + board + ":" + externalID
}

// Validate checks the fields every posting must have.
func (p *Posting) Validate() error {
	switch {
	case p.Source == "":
		return Errorf(EINVALID, "posting %q: source required", p.ID)
	case p.ExternalID == "":
		return Errorf(EINVALID, "posting from %s: external id required", SourceKey(p.Source, p.Board))
	case p.ID != MakeID(p.Source, p.Board, p.ExternalID):
		return Errorf(EINVALID, "posting %q: id must be %q", p.ID, MakeID(p.Source, p.Board, p.ExternalID))
	case strings.TrimSpace(p.Title) == "":
		return Errorf(EINVALID, "posting %q: title required", p.ID)
	case p.Format != "" && p.Format != FormatHTML && p.Format != FormatText:
		return Errorf(EINVALID, "posting %q: format must be %q or %q", p.ID, FormatHTML, FormatText)
	}
	return nil
}

// ContentHash returns a hash of the fields that come from the source, so a
// re-sighting can be told from an update. Lifecycle fields and the
// extraction are not part of it.
func (p *Posting) ContentHash() string {
	h := sha256.New()
	field := func(s string) {
		// Length-prefix every field so that moving text between fields changes the hash.
		fmt.Fprintf(h, "%d:%s;", len(s), s)
	}
	field(p.Title)
	field(p.Company)
	field(p.Location)
	field(p.Workplace)
	field(p.Department)
	field(p.URL)
	if !p.Posted.IsZero() {
		field(p.Posted.UTC().Format(time.RFC3339))
	} else {
		field("")
	}
	field(p.Description)
	field(p.Format)
	for _, s := range p.Sections {
		field(string(s.Kind))
		field(s.Title)
		field(s.Body)
	}
	if s := p.Salary; s != nil {
		field(s.Currency)
		field(s.Interval)
		field(strconv.FormatFloat(s.Min, 'f', -1, 64))
		field(strconv.FormatFloat(s.Max, 'f', -1, 64))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
