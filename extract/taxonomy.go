package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skilldemand/skilldemand"
)

// Sentinel errors.
var (
	// ErrTaxonomy is returned when skills.yaml or market_reality.yaml is invalid.
	ErrTaxonomy = errors.New("invalid taxonomy")
	// ErrRole is returned when a role file is invalid.
	ErrRole = errors.New("invalid role rules")
	// ErrGold is returned when a gold-label file is invalid.
	ErrGold = errors.New("invalid gold labels")
)

// File names used in error messages.
const (
	skillsFileName  = "skills.yaml"
	realityFileName = "market_reality.yaml"
)

// articleSkillIDs are the 15 skills the career article lists, in its
// order: ten technical, then five soft.
var articleSkillIDs = []string{
	"system-design", "project-management", "agile-scrum", "jira-confluence", "roadmap-planning",
	"cross-functional-leadership", "risk-management", "data-analysis", "api-architecture", "stakeholder-management",
	"leadership", "communication", "problem-solving", "organization", "adaptability",
}

// signalIDs are the market-reality signals the evaluation labels.
var signalIDs = []string{
	"system-design-depth", "program-scale", "delivery-roadmap", "architecture-literacy",
	"executive-stakeholders", "engineering-background", "dual-register-communication",
}

var categories = map[string]bool{
	skilldemand.CategoryTechnical: true, skilldemand.CategorySoft: true, skilldemand.CategoryTool: true,
	skilldemand.CategoryDomain: true, skilldemand.CategoryCertification: true, skilldemand.CategoryEducation: true,
}

// skillsFile is the shape of configs/skills.yaml.
type skillsFile struct {
	Version string       `yaml:"version"`
	Skills  []skillEntry `yaml:"skills"`
}

type skillEntry struct {
	ID           string           `yaml:"id"`
	Name         string           `yaml:"name"`
	Category     string           `yaml:"category"`
	Article      bool             `yaml:"article"`
	ArticleGroup string           `yaml:"article_group"`
	Aliases      []string         `yaml:"aliases"`
	Ambiguous    []ambiguousAlias `yaml:"ambiguous"`
	Not          []string         `yaml:"not"`
	// NotInSentence cancels every hit of the skill in a sentence holding one of these phrases.
	NotInSentence []string `yaml:"not_in_sentence"`
}

// ambiguousAlias is an alias that only counts with context: exact case
// and/or a nearby word in the same sentence.
type ambiguousAlias struct {
	Phrase        string   `yaml:"phrase"`
	CaseSensitive bool     `yaml:"case_sensitive"`
	Near          []string `yaml:"near"`
}

// realityFile is the shape of configs/market_reality.yaml.
type realityFile struct {
	Version string        `yaml:"version"`
	Signals []signalEntry `yaml:"signals"`
}

type signalEntry struct {
	ID       string       `yaml:"id"`
	Name     string       `yaml:"name"`
	Skill    string       `yaml:"skill"`
	Claim    string       `yaml:"claim"`
	Phrases  []string     `yaml:"phrases"`
	Together [][][]string `yaml:"together"`
	Not      []string     `yaml:"not"`
	// NotInSentence cancels every hit of the signal in a sentence holding one of these phrases.
	NotInSentence []string `yaml:"not_in_sentence"`
}

// Taxonomy is the skill taxonomy and the market-reality signals, loaded
// from configs/skills.yaml and configs/market_reality.yaml.
type Taxonomy struct {
	Version string
	Skills  []skilldemand.Skill
	Signals []skilldemand.Signal

	skills  []skillEntry
	signals []signalEntry
	byID    map[string]int
	sigByID map[string]int
}

func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("file is empty")
		}
		return err
	}
	return nil
}

func taxErr(file, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrTaxonomy, file, fmt.Sprintf(format, args...))
}

// LoadTaxonomy parses skills.yaml and market_reality.yaml. Unknown fields,
// duplicate ids, empty phrases, unknown categories and missing article
// skills or signals are errors that name the file, the entry and the fix.
func LoadTaxonomy(skillsYAML, realityYAML []byte) (*Taxonomy, error) {
	var sf skillsFile
	if err := decodeStrict(skillsYAML, &sf); err != nil {
		return nil, taxErr(skillsFileName, "%v (fix the YAML; allowed skill fields: id, name, category, article, article_group, aliases, ambiguous, not, not_in_sentence)", err)
	}
	var rf realityFile
	if err := decodeStrict(realityYAML, &rf); err != nil {
		return nil, taxErr(realityFileName, "%v (fix the YAML; allowed signal fields: id, name, skill, claim, phrases, together, not, not_in_sentence)", err)
	}
	if strings.TrimSpace(sf.Version) == "" {
		return nil, taxErr(skillsFileName, "version is missing: add a top-level `version:` line")
	}
	if strings.TrimSpace(rf.Version) == "" {
		return nil, taxErr(realityFileName, "version is missing: add a top-level `version:` line")
	}
	t := &Taxonomy{
		Version: sf.Version + "+" + rf.Version,
		skills:  sf.Skills,
		signals: rf.Signals,
		byID:    make(map[string]int, len(sf.Skills)),
		sigByID: make(map[string]int, len(rf.Signals)),
	}
	for i, s := range sf.Skills {
		where := fmt.Sprintf("skill #%d %q", i+1, s.ID)
		switch {
		case !validID(s.ID):
			return nil, taxErr(skillsFileName, "%s: id must be lower-case words joined by '-', e.g. risk-management", where)
		case strings.TrimSpace(s.Name) == "":
			return nil, taxErr(skillsFileName, "%s: name is missing: add `name:`", where)
		case !categories[s.Category]:
			return nil, taxErr(skillsFileName, "%s: category %q is unknown: use technical, soft, tool, domain, certification or education", where, s.Category)
		case len(s.Aliases) == 0 && len(s.Ambiguous) == 0:
			return nil, taxErr(skillsFileName, "%s: no aliases: add at least one phrase under `aliases:`", where)
		}
		if _, dup := t.byID[s.ID]; dup {
			return nil, taxErr(skillsFileName, "%s: id is used twice: rename or merge the entries", where)
		}
		if s.Article && s.ArticleGroup != "technical" && s.ArticleGroup != "soft" {
			return nil, taxErr(skillsFileName, "%s: article_group must be technical or soft for an article skill", where)
		}
		if !s.Article && s.ArticleGroup != "" {
			return nil, taxErr(skillsFileName, "%s: article_group is set but article is false: remove article_group or set article: true", where)
		}
		seen := map[string]bool{}
		for j, a := range s.Aliases {
			k := phraseKeys(a)
			if k == nil {
				return nil, taxErr(skillsFileName, "%s: aliases[%d] %q has no words (or starts/ends with *): remove it", where, j, a)
			}
			ks := strings.Join(k, " ")
			if seen[ks] {
				return nil, taxErr(skillsFileName, "%s: aliases[%d] %q repeats an earlier alias (same words after normalising): remove it", where, j, a)
			}
			seen[ks] = true
		}
		for j, a := range s.Ambiguous {
			if phraseKeys(a.Phrase) == nil {
				return nil, taxErr(skillsFileName, "%s: ambiguous[%d] phrase %q has no words: fix or remove it", where, j, a.Phrase)
			}
			if !a.CaseSensitive && len(a.Near) == 0 {
				return nil, taxErr(skillsFileName, "%s: ambiguous[%d] %q has no context: set case_sensitive: true or list near: words, or move it to aliases", where, j, a.Phrase)
			}
			for _, w := range a.Near {
				if k := phraseKeys(w); len(k) != 1 {
					return nil, taxErr(skillsFileName, "%s: ambiguous[%d] near word %q must be exactly one word", where, j, w)
				}
			}
		}
		for j, a := range append(append([]string(nil), s.Not...), s.NotInSentence...) {
			if phraseKeys(a) == nil {
				return nil, taxErr(skillsFileName, "%s: not/not_in_sentence[%d] %q has no words: remove it", where, j, a)
			}
		}
		t.byID[s.ID] = i
		t.Skills = append(t.Skills, skilldemand.Skill{ID: s.ID, Name: s.Name, Category: s.Category, Article: s.Article, ArticleGroup: s.ArticleGroup})
	}
	nArticle := 0
	for k, id := range articleSkillIDs {
		i, ok := t.byID[id]
		want := "technical"
		if k >= 10 {
			want = "soft"
		}
		if !ok {
			return nil, taxErr(skillsFileName, "article skill %q is missing: add it with article: true, article_group: %s", id, want)
		}
		if s := sf.Skills[i]; !s.Article || s.ArticleGroup != want {
			return nil, taxErr(skillsFileName, "skill %q is one of the article's skills: set article: true and article_group: %s", id, want)
		}
	}
	for _, s := range sf.Skills {
		if s.Article {
			nArticle++
		}
	}
	if nArticle != len(articleSkillIDs) {
		return nil, taxErr(skillsFileName, "%d skills are marked article: true, want the article's %d: unmark the others", nArticle, len(articleSkillIDs))
	}

	for i, s := range rf.Signals {
		where := fmt.Sprintf("signal #%d %q", i+1, s.ID)
		switch {
		case !validID(s.ID):
			return nil, taxErr(realityFileName, "%s: id must be lower-case words joined by '-'", where)
		case strings.TrimSpace(s.Name) == "":
			return nil, taxErr(realityFileName, "%s: name is missing: add `name:`", where)
		case strings.TrimSpace(s.Claim) == "":
			return nil, taxErr(realityFileName, "%s: claim is missing: add a one-line paraphrase of the article's claim", where)
		case len(s.Phrases) == 0 && len(s.Together) == 0:
			return nil, taxErr(realityFileName, "%s: no rules: add `phrases:` or `together:`", where)
		}
		if _, dup := t.sigByID[s.ID]; dup {
			return nil, taxErr(realityFileName, "%s: id is used twice: rename or merge the entries", where)
		}
		if s.Skill != "" {
			j, ok := t.byID[s.Skill]
			if !ok || !sf.Skills[j].Article {
				return nil, taxErr(realityFileName, "%s: skill %q is not an article skill in %s: use one of %s, or \"\" for a role-level claim", where, s.Skill, skillsFileName, strings.Join(articleSkillIDs, ", "))
			}
		}
		for j, p := range s.Phrases {
			if phraseKeys(p) == nil {
				return nil, taxErr(realityFileName, "%s: phrases[%d] %q has no words: remove it", where, j, p)
			}
		}
		for j, rule := range s.Together {
			if len(rule) < 2 {
				return nil, taxErr(realityFileName, "%s: together[%d] has %d group(s): a co-occurrence rule needs at least two lists of phrases", where, j, len(rule))
			}
			for g, group := range rule {
				if len(group) == 0 {
					return nil, taxErr(realityFileName, "%s: together[%d] group %d is empty: list at least one phrase", where, j, g)
				}
				for _, p := range group {
					if phraseKeys(p) == nil {
						return nil, taxErr(realityFileName, "%s: together[%d] group %d phrase %q has no words: remove it", where, j, g, p)
					}
				}
			}
		}
		for j, p := range append(append([]string(nil), s.Not...), s.NotInSentence...) {
			if phraseKeys(p) == nil {
				return nil, taxErr(realityFileName, "%s: not/not_in_sentence[%d] %q has no words: remove it", where, j, p)
			}
		}
		t.sigByID[s.ID] = i
		t.Signals = append(t.Signals, skilldemand.Signal{ID: s.ID, Name: s.Name, Skill: s.Skill, Claim: s.Claim})
	}
	for _, id := range signalIDs {
		if _, ok := t.sigByID[id]; !ok {
			return nil, taxErr(realityFileName, "signal %q is missing: add it (the evaluation labels it)", id)
		}
	}
	return t, nil
}

func validID(id string) bool {
	if id == "" || id[0] == '-' || id[len(id)-1] == '-' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Skill returns the skill with the given id.
func (t *Taxonomy) Skill(id string) (skilldemand.Skill, bool) {
	i, ok := t.byID[id]
	if !ok {
		return skilldemand.Skill{}, false
	}
	return t.Skills[i], true
}

// ArticleSkills returns the 15 skills the article lists, in its order: ten
// technical, then five soft.
func (t *Taxonomy) ArticleSkills() []skilldemand.Skill {
	out := make([]skilldemand.Skill, 0, len(articleSkillIDs))
	for _, id := range articleSkillIDs {
		out = append(out, t.Skills[t.byID[id]])
	}
	return out
}

// Signal returns the signal with the given id.
func (t *Taxonomy) Signal(id string) (skilldemand.Signal, bool) {
	i, ok := t.sigByID[id]
	if !ok {
		return skilldemand.Signal{}, false
	}
	return t.Signals[i], true
}

// isArticle reports whether id is one of the article's 15 skills.
func isArticle(id string) bool {
	for _, a := range articleSkillIDs {
		if a == id {
			return true
		}
	}
	return false
}
