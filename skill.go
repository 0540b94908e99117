package skilldemand

// Skill categories.
const (
	CategoryTechnical     = "technical"
	CategorySoft          = "soft"
	CategoryTool          = "tool"
	CategoryDomain        = "domain"
	CategoryCertification = "certification"
	CategoryEducation     = "education"
)

// Skill is one entry of the taxonomy (configs/skills.yaml).
type Skill struct {
	ID       string `json:"id"`   // e.g. "risk-management"
	Name     string `json:"name"` // e.g. "Risk Management"
	Category string `json:"category"`
	// Article marks the 15 skills the career article lists; ArticleGroup is
	// "technical" or "soft" for them, as the article groups them.
	Article      bool   `json:"article,omitempty"`
	ArticleGroup string `json:"article_group,omitempty"`
}

// Signal is one of the article's market-reality claims and what shows it in
// a posting (configs/market_reality.yaml).
type Signal struct {
	ID    string `json:"id"`              // e.g. "program-scale"
	Name  string `json:"name"`            // short label
	Skill string `json:"skill,omitempty"` // the article skill whose deeper requirement it shows; "" for role-level claims
	Claim string `json:"claim"`           // the article's claim, paraphrased in one line
}

// Strength is how strongly a posting asks for a skill.
type Strength string

// Strengths, strongest first.
const (
	StrengthRequired       Strength = "required"
	StrengthPreferred      Strength = "preferred"
	StrengthResponsibility Strength = "responsibility"
	StrengthMentioned      Strength = "mentioned"
)

// Rank orders strengths: required 4, preferred 3, responsibility 2,
// mentioned 1, anything else 0.
func (s Strength) Rank() int {
	switch s {
	case StrengthRequired:
		return 4
	case StrengthPreferred:
		return 3
	case StrengthResponsibility:
		return 2
	case StrengthMentioned:
		return 1
	}
	return 0
}

// Stronger returns the stronger of two strengths.
func Stronger(a, b Strength) Strength {
	if b.Rank() > a.Rank() {
		return b
	}
	return a
}

// SectionKind is the kind of a part of a posting.
type SectionKind string

// Section kinds.
const (
	SectionAbout            SectionKind = "about"
	SectionResponsibilities SectionKind = "responsibilities"
	SectionRequired         SectionKind = "required"
	SectionPreferred        SectionKind = "preferred"
	SectionBenefits         SectionKind = "benefits"
	SectionCompensation     SectionKind = "compensation"
	SectionEEO              SectionKind = "eeo"
	SectionOther            SectionKind = "other"
)

// Extraction is the extractor's reading of one posting.
type Extraction struct {
	// Version names the extractor and taxonomy versions that produced it, so
	// stale extractions can be redone.
	Version string `json:"version"`
	// Text is the plain text the extractor read; every span indexes into it.
	Text     string        `json:"text"`
	Sections []TextSection `json:"sections,omitempty"`
	Skills   []SkillMatch  `json:"skills,omitempty"`  // one per skill, sorted by skill id
	Signals  []SignalMatch `json:"signals,omitempty"` // one per signal, sorted by signal id
	Attrs    Attributes    `json:"attrs"`
}

// TextSection is a span of Extraction.Text and the kind of section it is.
type TextSection struct {
	Kind    SectionKind `json:"kind"`
	Heading string      `json:"heading,omitempty"`
	Start   int         `json:"start"`
	End     int         `json:"end"`
}

// Span is a byte range [Start, End) of Extraction.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Hit is one place a skill or signal was found.
type Hit struct {
	Span
	Section  SectionKind `json:"section"`
	Strength Strength    `json:"strength"`
}

// SkillMatch is a skill found in a posting, with its strongest counted
// strength and every hit behind it. Hits in boilerplate, benefits, EEO text
// or negated mentions are not kept.
type SkillMatch struct {
	Skill    string   `json:"skill"`
	Strength Strength `json:"strength"`
	Hits     []Hit    `json:"hits,omitempty"`
}

// SignalMatch is a market-reality signal shown by a posting.
type SignalMatch struct {
	Signal string `json:"signal"`
	Hits   []Hit  `json:"hits,omitempty"`
}

// Seniority levels read from titles.
const (
	SeniorityIntern    = "intern"
	SeniorityJunior    = "junior"
	SeniorityMid       = "mid"
	SenioritySenior    = "senior"
	SeniorityStaff     = "staff"
	SeniorityPrincipal = "principal"
	SeniorityManager   = "manager"
	SeniorityDirector  = "director"
)

// Degree levels.
const (
	DegreeNone     = "none"
	DegreeBachelor = "bachelor"
	DegreeMaster   = "master"
	DegreePhD      = "phd"
)

// Attributes are facts about a posting besides its skills.
type Attributes struct {
	Seniority      string   `json:"seniority,omitempty"`
	MinYears       int      `json:"min_years,omitempty"`
	Degree         string   `json:"degree,omitempty"`
	DegreeStrength Strength `json:"degree_strength,omitempty"`
	Workplace      string   `json:"workplace,omitempty"`
	Salary         *Salary  `json:"salary,omitempty"`
}

// Skill returns the match for the given skill id, or nil.
func (e *Extraction) Skill(id string) *SkillMatch {
	if e == nil {
		return nil
	}
	for i := range e.Skills {
		if e.Skills[i].Skill == id {
			return &e.Skills[i]
		}
	}
	return nil
}

// HasSignal reports whether the extraction shows the given signal.
func (e *Extraction) HasSignal(id string) bool {
	if e == nil {
		return false
	}
	for _, s := range e.Signals {
		if s.Signal == id {
			return true
		}
	}
	return false
}
