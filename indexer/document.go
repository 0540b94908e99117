package indexer

import (
	"html"
	"slices"
	"strings"
	"time"

	"github.com/skilldemand/skilldemand"
)

// document turns a posting into the field map the mapping describes. Empty
// values are left out so that facets never show an empty term.
func document(p *skilldemand.Posting, dup Dup) map[string]any {
	d := map[string]any{
		fieldTitle:     p.Title,
		fieldOpen:      p.Open(),
		fieldCanonical: dup.Canonical,
	}
	if dup.Group != "" {
		d[fieldGroup] = dup.Group
	}
	set := func(field, v string) {
		if v = strings.TrimSpace(v); v != "" {
			d[field] = v
		}
	}
	set(fieldBody, bodyText(p))
	set(fieldCompany, p.Company)
	// A canonical document stands for every member of its group: it
	// carries their locations, sources and URLs, its own first.
	locations := union(p.Location, dup.Locations)
	setAll(d, fieldLocation, locations)
	setAll(d, fieldLocationText, locations)
	keys := dup.Sources
	if p.Source != "" {
		keys = append([]string{p.SourceKey()}, keys...)
	}
	sources := []string{p.Source}
	for _, k := range keys {
		if i := strings.IndexByte(k, ':'); i > 0 {
			sources = append(sources, k[:i])
		}
	}
	setAll(d, fieldSource, union("", sources))
	setAll(d, fieldSourceKey, union("", keys))
	setAll(d, fieldURL, union(p.URL, dup.URLs))

	workplace := p.Workplace
	if e := p.Extraction; e != nil {
		if workplace == "" {
			workplace = e.Attrs.Workplace
		}
		set(fieldSeniority, e.Attrs.Seniority)
	}
	set(fieldWorkplace, workplace)

	// The first seen day is the date filters use; the other lifecycle
	// times are read from the store (IDs selects the postings).
	if t := firstSeen(p); !t.IsZero() {
		d[fieldFirstSeen] = t.UTC()
	}

	if e := p.Extraction; e != nil {
		byStrength := map[skilldemand.Strength][]string{}
		var skills []string
		for _, m := range e.Skills {
			if m.Skill == "" || slices.Contains(skills, m.Skill) {
				continue
			}
			skills = append(skills, m.Skill)
			s := PostingStrength(m)
			byStrength[s] = append(byStrength[s], m.Skill)
		}
		if len(skills) > 0 {
			d[fieldSkills] = skills
		}
		for s, ids := range byStrength {
			d[strengthField[s]] = ids
		}
		var signals []string
		for _, s := range e.Signals {
			if s.Signal != "" && !slices.Contains(signals, s.Signal) {
				signals = append(signals, s.Signal)
			}
		}
		if len(signals) > 0 {
			d[fieldSignals] = signals
		}
	}
	return d
}

// union is first then the other values, trimmed, without blanks or repeats.
func union(first string, rest []string) []string {
	var out []string
	for _, v := range append([]string{first}, rest...) {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// setAll sets a field to one value or several; none leaves it out.
func setAll(d map[string]any, field string, vs []string) {
	switch len(vs) {
	case 0:
	case 1:
		d[field] = vs[0]
	default:
		d[field] = vs
	}
}

// strengthField is the keyword field holding the skills a posting asks for
// with each strength.
var strengthField = map[skilldemand.Strength]string{
	skilldemand.StrengthRequired:       fieldSkillsRequired,
	skilldemand.StrengthPreferred:      fieldSkillsPreferred,
	skilldemand.StrengthResponsibility: fieldSkillsResponsibility,
	skilldemand.StrengthMentioned:      fieldSkillsMentioned,
}

// PostingStrength is the strength a skill match is counted under in
// Demand: the stronger of the match's own strength and those of its hits,
// and "mentioned" when none of them is a known strength. So every posting
// that lists a skill is counted under exactly one strength.
func PostingStrength(m skilldemand.SkillMatch) skilldemand.Strength {
	s := m.Strength
	for _, h := range m.Hits {
		s = skilldemand.Stronger(s, h.Strength)
	}
	if s.Rank() == 0 {
		return skilldemand.StrengthMentioned
	}
	return s
}

// firstSeen is the date a posting is filtered on: when the store first saw
// it, or when the source says it was posted if it was never stored.
func firstSeen(p *skilldemand.Posting) time.Time {
	if !p.FirstSeen.IsZero() {
		return p.FirstSeen
	}
	return p.Posted
}

// bodyText is the text searched and highlighted for a posting: the
// extractor's plain text when there is one, else the description and
// sections with HTML tags removed.
func bodyText(p *skilldemand.Posting) string {
	if p.Extraction != nil && strings.TrimSpace(p.Extraction.Text) != "" {
		return p.Extraction.Text
	}
	isHTML := p.Format != skilldemand.FormatText
	var b strings.Builder
	add := func(s string) {
		if isHTML {
			s = stripTags(s)
		}
		if s = strings.TrimSpace(s); s != "" {
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(s)
		}
	}
	add(p.Description)
	for _, s := range p.Sections {
		add(s.Title)
		add(s.Body)
	}
	return b.String()
}

// stripTags turns HTML into rough text for indexing: tags become spaces,
// script and style content is dropped, entities are decoded. It is not a
// sanitizer; highlighted fragments are escaped by bleve's html formatter.
func stripTags(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(html.UnescapeString(s))
			break
		}
		b.WriteString(html.UnescapeString(s[:i]))
		s = s[i:]
		j := strings.IndexByte(s, '>')
		if j < 0 {
			break // an unclosed tag: drop the rest
		}
		tag := strings.ToLower(s[1:j])
		s = s[j+1:]
		b.WriteByte(' ')
		for _, skip := range []string{"script", "style"} {
			if strings.HasPrefix(tag, skip) {
				if k := strings.Index(strings.ToLower(s), "</"+skip); k >= 0 {
					s = s[k:]
				} else {
					s = ""
				}
			}
		}
	}
	return b.String()
}
