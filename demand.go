package skilldemand

import "time"

// Filter narrows the postings a query looks at. The zero Filter means open
// postings only, with no other restriction.
type Filter struct {
	From, To      time.Time // first seen (or posted) within [From, To); zero means unbounded
	Company       string
	Location      string
	Workplace     string // WorkplaceRemote, WorkplaceHybrid, WorkplaceOnsite
	Seniority     string
	Source        string // source type, or "type:board"
	IncludeClosed bool
	Query         string // full-text query over title and body
	Skill         string // postings that list this skill
}

// SkillCount is how many postings list a skill, split by strength.
type SkillCount struct {
	Skill          string `json:"skill"`
	Postings       int    `json:"postings"`
	Required       int    `json:"required"`
	Preferred      int    `json:"preferred"`
	Responsibility int    `json:"responsibility"`
	Mentioned      int    `json:"mentioned"`
}

// Demand is skill and signal counts over the postings a Filter selects.
type Demand struct {
	Total   int                   `json:"total"`   // postings selected
	Skills  map[string]SkillCount `json:"skills"`  // by skill id
	Signals map[string]int        `json:"signals"` // postings showing each signal
}

// Snapshot is the demand on one day, kept by each run for trends.
type Snapshot struct {
	Date   string    `json:"date"` // YYYY-MM-DD, UTC
	Taken  time.Time `json:"taken"`
	Demand Demand    `json:"demand"`
}
