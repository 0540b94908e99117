package extract

import (
	"strings"
)

// Pattern kinds held by one matcher.
const (
	patSkill      uint8 = iota // an alias of a skill
	patSkillNot                // a phrase that cancels overlapping hits of a skill
	patSignal                  // a phrase that shows a signal on its own
	patSignalNot               // a phrase that cancels overlapping signal hits
	patSignalPart              // a phrase of one group of a co-occurrence rule
	patCue                     // a cue phrase (strength, negation, boilerplate)
)

// pattern is one compiled phrase.
type pattern struct {
	kind   uint8
	target int32 // skill, signal or cue index
	rule   int32 // co-occurrence rule index (patSignalPart)
	group  int32 // group within the rule (patSignalPart)
	ctx    int32 // index into matcher.contexts, -1 for none
	ntok   int32
}

// context is the extra condition an ambiguous alias needs.
type context struct {
	exact string              // the raw token must equal this (case-sensitive); "" for any case
	near  map[string]struct{} // one of these keys must be in the same sentence; empty for none
}

type node struct {
	next map[string]int32
	wild int32 // child for "*" (any one token), -1 for none
	out  []int32
}

// matcher finds phrases in a token stream: a trie over token keys walked
// from every token, so the cost is one map lookup per token plus one per
// extra token of a matching prefix. It allocates nothing while matching
// beyond growing the output slice.
type matcher struct {
	nodes    []node
	pats     []pattern
	contexts []context
}

// match is a pattern found at tokens [first, last].
type match struct {
	pat         int32
	first, last int32
}

func newMatcher() *matcher {
	return &matcher{nodes: []node{{wild: -1}}}
}

// phraseKeys tokenises a phrase the way texts are tokenised. "*" stands for
// any one token. It returns nil for a phrase with no words.
func phraseKeys(phrase string) []string {
	var keys []string
	var ts tokens
	for _, part := range strings.Fields(phrase) {
		if part == "*" {
			keys = append(keys, "*")
			continue
		}
		ts.tokenize(part)
		for i := range ts.toks {
			keys = append(keys, string(ts.key(i)))
		}
	}
	if len(keys) == 0 || keys[0] == "*" || keys[len(keys)-1] == "*" {
		return nil
	}
	return keys
}

// add compiles a phrase and returns its pattern id, or -1 when the phrase
// has no words.
func (m *matcher) add(phrase string, p pattern) int32 {
	keys := phraseKeys(phrase)
	if keys == nil {
		return -1
	}
	cur := int32(0)
	for _, k := range keys {
		if k == "*" {
			if m.nodes[cur].wild < 0 {
				m.nodes = append(m.nodes, node{wild: -1})
				m.nodes[cur].wild = int32(len(m.nodes) - 1)
			}
			cur = m.nodes[cur].wild
			continue
		}
		if m.nodes[cur].next == nil {
			m.nodes[cur].next = make(map[string]int32)
		}
		nx, ok := m.nodes[cur].next[k]
		if !ok {
			m.nodes = append(m.nodes, node{wild: -1})
			nx = int32(len(m.nodes) - 1)
			m.nodes[cur].next[k] = nx
		}
		cur = nx
	}
	p.ntok = int32(len(keys))
	id := int32(len(m.pats))
	m.pats = append(m.pats, p)
	m.nodes[cur].out = append(m.nodes[cur].out, id)
	return id
}

// find appends every pattern occurrence in ts to out, in order of first
// token.
func (m *matcher) find(ts *tokens, out []match) []match {
	n := len(ts.toks)
	for i := 0; i < n; i++ {
		out = m.walk(ts, 0, i, i, out)
	}
	return out
}

func (m *matcher) walk(ts *tokens, cur int32, first, j int, out []match) []match {
	nd := &m.nodes[cur]
	if j >= len(ts.toks) || (j > first && ts.toks[j].brk != brkNone) {
		return out
	}
	if nd.next != nil {
		if nx, ok := nd.next[string(ts.key(j))]; ok {
			for _, id := range m.nodes[nx].out {
				out = append(out, match{pat: id, first: int32(first), last: int32(j)})
			}
			out = m.walk(ts, nx, first, j+1, out)
		}
	}
	if nd.wild >= 0 && j > first {
		nx := nd.wild
		for _, id := range m.nodes[nx].out {
			out = append(out, match{pat: id, first: int32(first), last: int32(j)})
		}
		out = m.walk(ts, nx, first, j+1, out)
	}
	return out
}
