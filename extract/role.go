package extract

import (
	"fmt"
	"strings"
)

// roleFile is the shape of configs/roles/<role>.yaml.
type roleFile struct {
	Name        string       `yaml:"name"`
	Description string       `yaml:"description"`
	Keep        []string     `yaml:"keep"`
	Include     []string     `yaml:"include"`
	IncludeIf   [][][]string `yaml:"include_if"`
	Exclude     []string     `yaml:"exclude"`
}

// Role decides from a job title whether a posting is of the role.
// Matching is case-insensitive and token-aware ("TPM" matches "Sr. TPM
// II", not "TPMS-Lab"): a title is kept when it holds a keep phrase, or
// when it holds an include phrase (or a phrase of every group of an
// include_if rule) and no exclude phrase.
type Role struct {
	Name        string
	Description string

	m      *matcher
	nrules int
	groups []int // groups per include_if rule
}

// Role pattern targets.
const (
	roleKeep int32 = iota
	roleInclude
	roleExclude
	roleGroup
)

// LoadRole parses a role file. Errors name the field and the fix.
func LoadRole(data []byte) (*Role, error) {
	var f roleFile
	if err := decodeStrict(data, &f); err != nil {
		return nil, fmt.Errorf("%w: %v (fix the YAML; allowed fields: name, description, keep, include, include_if, exclude)", ErrRole, err)
	}
	if strings.TrimSpace(f.Name) == "" {
		return nil, fmt.Errorf("%w: name is missing: add `name: <role>`", ErrRole)
	}
	if len(f.Keep) == 0 && len(f.Include) == 0 && len(f.IncludeIf) == 0 {
		return nil, fmt.Errorf("%w: role %q has no title rules: add keep:, include: or include_if: phrases", ErrRole, f.Name)
	}
	r := &Role{Name: f.Name, Description: f.Description, m: newMatcher()}
	addAll := func(field string, list []string, target int32) error {
		for i, p := range list {
			if r.m.add(p, pattern{kind: patCue, target: target, ctx: -1}) < 0 {
				return fmt.Errorf("%w: role %q: %s[%d] %q has no words: remove it", ErrRole, f.Name, field, i, p)
			}
		}
		return nil
	}
	if err := addAll("keep", f.Keep, roleKeep); err != nil {
		return nil, err
	}
	if err := addAll("include", f.Include, roleInclude); err != nil {
		return nil, err
	}
	if err := addAll("exclude", f.Exclude, roleExclude); err != nil {
		return nil, err
	}
	for i, rule := range f.IncludeIf {
		if len(rule) < 2 || len(rule) > 8 {
			return nil, fmt.Errorf("%w: role %q: include_if[%d] has %d groups: write 2 to 8 lists of phrases", ErrRole, f.Name, i, len(rule))
		}
		for g, group := range rule {
			if len(group) == 0 {
				return nil, fmt.Errorf("%w: role %q: include_if[%d] group %d is empty: list at least one phrase", ErrRole, f.Name, i, g)
			}
			for _, p := range group {
				if r.m.add(p, pattern{kind: patCue, target: roleGroup, rule: int32(i), group: int32(g), ctx: -1}) < 0 {
					return nil, fmt.Errorf("%w: role %q: include_if[%d] group %d phrase %q has no words: remove it", ErrRole, f.Name, i, g, p)
				}
			}
		}
		r.groups = append(r.groups, len(rule))
	}
	r.m.compile()
	return r, nil
}

// Match reports whether a job title is of the role.
func (r *Role) Match(title string) bool {
	var ts tokens
	ts.tokenize(title)
	ms := r.m.find(&ts, nil)
	include, exclude := false, false
	var masks [64]uint8
	for _, mt := range ms {
		p := &r.m.pats[mt.pat]
		switch p.target {
		case roleKeep:
			return true
		case roleInclude:
			include = true
		case roleExclude:
			exclude = true
		case roleGroup:
			if int(p.rule) < len(masks) {
				masks[p.rule] |= 1 << uint(p.group)
			}
		}
	}
	for i, n := range r.groups {
		if i < len(masks) && masks[i] == uint8(1<<uint(n))-1 {
			include = true
		}
	}
	return include && !exclude
}
