// Package report turns demand counts into the tables and reports people
// read: a ranked skill table, the listed-vs-reality table that checks the
// career article's claims against what postings show, skill trends over the
// daily snapshots (trend.go), a Markdown report with method notes, and a
// self-contained HTML report with inline SVG charts (html.go). Tables are
// written as aligned terminal text, JSON or CSV.
//
// The package does no I/O of its own besides writing to the io.Writer it is
// given, and imports only the standard library and the root package.
package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	jobs "github.com/skilldemand/skilldemand"
)

// SkillRow is one line of the skill demand table.
type SkillRow struct {
	Rank     int     `json:"rank"` // 1-based; tied postings share a rank (1, 2, 2, 4)
	Skill    string  `json:"skill"`
	Name     string  `json:"name"`
	Category string  `json:"category"`
	Article  bool    `json:"article"` // on the career article's skill list
	Postings int     `json:"postings"`
	Share    float64 `json:"share"` // Postings/Total, 0..1

	// Postings by the strongest strength the skill has in each posting;
	// they add up to Postings.
	Required       int `json:"required"`
	Preferred      int `json:"preferred"`
	Responsibility int `json:"responsibility"`
	Mentioned      int `json:"mentioned"`
}

// Skills builds one row for every skill listed by at least one posting, plus
// every article skill of the taxonomy even when no posting lists it. Rows
// are sorted by postings, most first, then by skill id. Share is
// Postings/Total, 0 when Total is 0. Names and categories come from the
// taxonomy; a skill id the taxonomy does not know keeps its id as name and
// an empty category. A nil Demand gives the article skills at zero.
func Skills(d *jobs.Demand, taxonomy []jobs.Skill) []SkillRow {
	byID := make(map[string]jobs.Skill, len(taxonomy))
	for _, s := range taxonomy {
		if _, dup := byID[s.ID]; !dup {
			byID[s.ID] = s
		}
	}
	total := 0
	var counts map[string]jobs.SkillCount
	if d != nil {
		total, counts = d.Total, d.Skills
	}

	rows := make([]SkillRow, 0, len(counts))
	seen := make(map[string]bool, len(counts))
	add := func(id string, c jobs.SkillCount) {
		seen[id] = true
		row := SkillRow{
			Skill:          id,
			Name:           id,
			Postings:       c.Postings,
			Share:          share(c.Postings, total),
			Required:       c.Required,
			Preferred:      c.Preferred,
			Responsibility: c.Responsibility,
			Mentioned:      c.Mentioned,
		}
		if s, ok := byID[id]; ok {
			if s.Name != "" {
				row.Name = s.Name
			}
			row.Category = s.Category
			row.Article = s.Article
		}
		rows = append(rows, row)
	}
	for id, c := range counts {
		if c.Postings > 0 {
			add(id, c)
		}
	}
	for _, s := range taxonomy {
		if s.Article && !seen[s.ID] {
			add(s.ID, counts[s.ID])
		}
	}

	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Postings != rows[j].Postings {
			return rows[i].Postings > rows[j].Postings
		}
		return rows[i].Skill < rows[j].Skill
	})
	for i := range rows {
		if i > 0 && rows[i].Postings == rows[i-1].Postings {
			rows[i].Rank = rows[i-1].Rank
		} else {
			rows[i].Rank = i + 1
		}
	}
	return rows
}

// Thresholds behind the Verdict of a RealityRow. A share is the fraction of
// all counted postings.
const (
	// CommonShare: at or above it, a skill is "listed in most postings" or a
	// signal is "shown in most listings".
	CommonShare = 0.5
	// SomeShare: at or above it (and below CommonShare) the reading is "some".
	// Below it but above zero the reading is "rarely".
	SomeShare = 0.2
	// MinSample is the number of postings below which a verdict carries a
	// small-sample warning: a share of a handful of postings says little.
	MinSample = 30
)

// Groups of RealityRow. Role-level rows have an empty Group.
const (
	GroupTechnical = "technical"
	GroupSoft      = "soft"
)

// RealityRow is one line of the listed-vs-reality table: how often postings
// list an article skill, and how often they show the deeper requirement the
// article claims lies behind it.
type RealityRow struct {
	Skill         string  `json:"skill"` // "" for role-level claims
	Name          string  `json:"name"`  // the skill's name, or the signal's for role-level claims
	Group         string  `json:"group"` // GroupTechnical, GroupSoft, or "" for role-level claims
	Listed        int     `json:"listed"`
	ListedShare   float64 `json:"listed_share"`
	Required      int     `json:"required"`
	RequiredShare float64 `json:"required_share"`
	Signal        string  `json:"signal"` // "" when the article makes no claim about the skill
	SignalName    string  `json:"signal_name"`
	Shown         int     `json:"shown"`
	ShownShare    float64 `json:"shown_share"`
	Claim         string  `json:"claim"`
	Verdict       string  `json:"verdict"`
}

// RoleLevel reports whether the row is a role-level claim rather than an
// article skill.
func (r *RealityRow) RoleLevel() bool { return r.Skill == "" }

// Reality builds one row per article skill, in the order given, then one row
// per signal that no skill row took, in the order given:
//   - a role-level signal (no skill): Skill "" and Name the signal's name;
//   - a signal naming a skill that is not in articleSkills: shown the same
//     way, as a role-level row;
//   - a second signal for a skill that already has one: a further row
//     repeating that skill's listed counts.
//
// So every signal appears exactly once.
//
// Verdict is a short reading of the counts using CommonShare, SomeShare and
// MinSample; it never reads support into zero postings. A nil Demand counts
// as zero postings.
func Reality(d *jobs.Demand, articleSkills []jobs.Skill, signals []jobs.Signal) []RealityRow {
	total := 0
	var counts map[string]jobs.SkillCount
	var shown map[string]int
	if d != nil {
		total, counts, shown = d.Total, d.Skills, d.Signals
	}

	skillRow := func(s jobs.Skill) RealityRow {
		c := counts[s.ID]
		row := RealityRow{
			Skill:         s.ID,
			Name:          s.Name,
			Group:         s.ArticleGroup,
			Listed:        c.Postings,
			ListedShare:   share(c.Postings, total),
			Required:      c.Required,
			RequiredShare: share(c.Required, total),
		}
		if row.Name == "" {
			row.Name = s.ID
		}
		if row.Group == "" && (s.Category == GroupTechnical || s.Category == GroupSoft) {
			row.Group = s.Category
		}
		return row
	}
	withSignal := func(row RealityRow, sig jobs.Signal) RealityRow {
		row.Signal = sig.ID
		row.SignalName = sig.Name
		if row.SignalName == "" {
			row.SignalName = sig.ID
		}
		row.Shown = shown[sig.ID]
		row.ShownShare = share(row.Shown, total)
		row.Claim = sig.Claim
		return row
	}

	rows := make([]RealityRow, 0, len(articleSkills)+len(signals))
	index := make(map[string]int, len(articleSkills)) // skill id -> row
	for _, s := range articleSkills {
		if _, dup := index[s.ID]; dup {
			continue
		}
		index[s.ID] = len(rows)
		rows = append(rows, skillRow(s))
	}

	var extra []RealityRow
	for _, sig := range signals {
		i, ok := index[sig.Skill]
		switch {
		case sig.Skill != "" && ok && rows[i].Signal == "":
			rows[i] = withSignal(rows[i], sig)
		case sig.Skill != "" && ok:
			base := rows[i]
			base.Signal, base.SignalName, base.Shown, base.ShownShare, base.Claim = "", "", 0, 0, ""
			extra = append(extra, withSignal(base, sig))
		default:
			row := withSignal(RealityRow{}, sig)
			row.Name = row.SignalName
			extra = append(extra, row)
		}
	}
	rows = append(rows, extra...)

	for i := range rows {
		rows[i].Verdict = verdict(&rows[i], total)
	}
	return rows
}

// verdict reads one row's counts in a few words.
func verdict(r *RealityRow, total int) string {
	if total <= 0 {
		return "no postings"
	}
	var v string
	switch {
	case r.Signal != "" && r.RoleLevel():
		v = degree(r.ShownShare, "shown in most listings", "shown in some listings", "rarely shown", "not shown in any listing")
	case r.Signal != "":
		v = degree(r.ShownShare, "deeper bar shown in most listings", "deeper bar shown in some listings", "deeper bar rarely shown", "deeper bar not shown in any listing")
	default:
		v = degree(r.ListedShare, "listed in most postings", "listed in some postings", "rarely listed", "not listed in any posting") + "; no claim to check"
	}
	if total < MinSample {
		v += fmt.Sprintf("; small sample (%d postings)", total)
	}
	return v
}

func degree(f float64, most, some, rarely, none string) string {
	switch {
	case f >= CommonShare:
		return fmt.Sprintf("%s (%s)", most, Percent(f))
	case f >= SomeShare:
		return fmt.Sprintf("%s (%s)", some, Percent(f))
	case f > 0:
		return fmt.Sprintf("%s (%s)", rarely, Percent(f))
	}
	return none
}

func share(n, total int) float64 {
	if total <= 0 {
		return 0
	}
	return float64(n) / float64(total)
}

// Percent formats a share (0..1) as a whole percentage for reading. It never
// rounds a non-zero share to "0%" or a share below one to "100%": those read
// "<1%" and ">99%".
func Percent(f float64) string {
	switch {
	case f <= 0:
		return "0%"
	case f < 0.005:
		return "<1%"
	case f >= 1:
		return "100%"
	case f >= 0.995:
		return ">99%"
	}
	return strconv.Itoa(int(math.Round(f*100))) + "%"
}
