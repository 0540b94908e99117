package skilldemand

import "time"

// Run statuses.
const (
	RunRunning = "running"
	RunOK      = "ok"      // every source completed
	RunPartial = "partial" // some sources failed
	RunFailed  = "failed"  // no source completed, or the run itself failed
)

// Run is the record of one crawl (or import) run.
type Run struct {
	ID       string      `json:"id"` // sortable: start time in UTC, RFC 3339 with nanoseconds
	Started  time.Time   `json:"started"`
	Finished time.Time   `json:"finished,omitzero"`
	Status   string      `json:"status"`
	Error    string      `json:"error,omitempty"`
	Sources  []SourceRun `json:"sources,omitempty"`
}

// SourceRun is what one run did with one source.
type SourceRun struct {
	Source        string        `json:"source"`  // SourceKey: "type:board"
	Fetched       int           `json:"fetched"` // postings received from the source
	Kept          int           `json:"kept"`    // postings that passed the role filter
	New           int           `json:"new"`
	Updated       int           `json:"updated"`
	Unchanged     int           `json:"unchanged"`
	Closed        int           `json:"closed"`
	SkippedRobots int           `json:"skipped_robots"`
	SkippedRole   int           `json:"skipped_role,omitempty"` // detail requests not made: the listed title is not the role
	Retries       int           `json:"retries"`
	Errors        int           `json:"errors"`
	Err           string        `json:"err,omitempty"` // why the source failed; "" when it completed
	Duration      time.Duration `json:"duration"`
}

// OK reports whether the source completed without error (and so may close
// postings that vanished from it).
func (s *SourceRun) OK() bool { return s.Err == "" }

// Source is one configured board to crawl.
type Source struct {
	Type    string `json:"type" yaml:"type"`   // greenhouse, lever, ashby, ...
	Board   string `json:"board" yaml:"board"` // board token / site / company id
	Company string `json:"company,omitempty" yaml:"company,omitempty"`
	// BaseURL overrides the API's scheme and host (tests, mirrors, EU hosts).
	BaseURL string `json:"base_url,omitempty" yaml:"base_url,omitempty"`
	// Start and Follow are for career-page sources (jsonld); Path for file sources.
	Start  []string `json:"start,omitempty" yaml:"start,omitempty"`
	Follow string   `json:"follow,omitempty" yaml:"follow,omitempty"`
	Path   string   `json:"path,omitempty" yaml:"path,omitempty"`
}

// Key is the "type:board" prefix of the IDs of this source's postings.
func (s Source) Key() string { return SourceKey(s.Type, s.Board) }
