package extract

import (
	"slices"
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
	patAttr                    // an attribute phrase (degree, workplace, years)
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
	next  map[string]int32 // children by token key, while building
	label string           // the key of the edge into this node
	wild  int32            // child for "*" (any one token), -1 for none
	num   int32            // child for "#" (a whole number of at least minCount), -1 for none
	out   []int32
}

// edge is one slot of the matcher's open-addressing edge table.
type edge struct {
	key   uint64 // edgeKey(parent, token hash); 0 = empty
	child int32
}

// matcher finds phrases in a token stream: a trie over token keys walked
// from every token. Edges live in one open-addressing hash table keyed by
// (parent node, token hash), so a token that starts no phrase costs one
// probe; a found edge is checked against its key, so hash collisions never
// match. It allocates nothing while matching beyond growing the output.
type matcher struct {
	nodes    []node
	pats     []pattern
	contexts []context
	table    []edge
	shift    uint     // 64 - log2(len(table))
	phrases  []string // the source phrase of each pattern, for reports
	// starts has a bit set for the hash of every phrase's first word: most
	// tokens start no phrase and are rejected here without a table probe.
	starts [startBits / 64]uint64
}

// startBits is the size of the first-word filter (8 KiB, in L1 cache).
const startBits = 1 << 16

func startBit(h uint64) (int, uint64) {
	b := (h * 0x9E3779B97F4A7C15) >> (64 - 16)
	return int(b >> 6), 1 << (b & 63)
}

func edgeKey(parent int32, h uint64) uint64 {
	k := h ^ (uint64(parent)+1)*0x9E3779B97F4A7C15
	if k == 0 {
		k = 1
	}
	return k
}

// compile builds the edge table from the trie. It must run after the last
// add and before the first find.
func (m *matcher) compile() {
	n := 0
	for i := range m.nodes {
		n += len(m.nodes[i].next)
	}
	size := 16
	for size < 2*n+2 {
		size *= 2
	}
	m.table = make([]edge, size)
	m.shift = 64
	for s := size; s > 1; s >>= 1 {
		m.shift--
	}
	m.starts = [startBits / 64]uint64{}
	var kb []byte
	for parent := range m.nodes {
		for label, child := range m.nodes[parent].next {
			kb = append(kb[:0], label...)
			k := edgeKey(int32(parent), keyHash(kb))
			i := (k * 0xff51afd7ed558ccd) >> m.shift
			for m.table[i].key != 0 {
				i = (i + 1) & uint64(size-1)
			}
			m.table[i] = edge{key: k, child: child}
			if parent == 0 {
				w, bit := startBit(keyHash(kb))
				m.starts[w] |= bit
			}
		}
	}
}

// child returns the node reached from parent by token j, or -1.
func (m *matcher) child(parent int32, ts *tokens, j int) int32 {
	k := edgeKey(parent, ts.toks[j].h)
	mask := uint64(len(m.table) - 1)
	for i := (k * 0xff51afd7ed558ccd) >> m.shift; ; i = (i + 1) & mask {
		e := &m.table[i]
		if e.key == 0 {
			return -1
		}
		if e.key == k && m.nodes[e.child].label == string(ts.key(j)) {
			return e.child
		}
	}
}

// match is a pattern found at tokens [first, last].
type match struct {
	pat         int32
	first, last int32
}

func newMatcher() *matcher {
	return &matcher{nodes: []node{{wild: -1, num: -1}}}
}

// phraseKeys tokenises a phrase the way texts are tokenised. "*" stands for
// any one token and "#" for a whole number of at least minCount ("across #
// engineering teams", "# present" for a date range). "*" may not start or
// end a phrase. It returns nil for a phrase with no words.
func phraseKeys(phrase string) []string {
	var keys []string
	var ts tokens
	for _, part := range strings.Fields(phrase) {
		if part == "*" || part == "#" {
			keys = append(keys, part)
			continue
		}
		ts.tokenize(part)
		for i := range ts.toks {
			keys = append(keys, string(ts.key(i)))
		}
	}
	if len(keys) == 0 || keys[0] == "*" || keys[len(keys)-1] == "*" || !slices.ContainsFunc(keys, isWord) {
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
		if isWild(k) {
			slot := &m.nodes[cur].wild
			if k == "#" {
				slot = &m.nodes[cur].num
			}
			if *slot < 0 {
				*slot = int32(len(m.nodes))
				m.nodes = append(m.nodes, node{wild: -1, num: -1})
			}
			cur = *slot
			continue
		}
		if m.nodes[cur].next == nil {
			m.nodes[cur].next = make(map[string]int32)
		}
		nx, ok := m.nodes[cur].next[k]
		if !ok {
			m.nodes = append(m.nodes, node{wild: -1, num: -1, label: k})
			nx = int32(len(m.nodes) - 1)
			m.nodes[cur].next[k] = nx
		}
		cur = nx
	}
	p.ntok = int32(len(keys))
	m.table = nil
	id := int32(len(m.pats))
	m.pats = append(m.pats, p)
	m.phrases = append(m.phrases, phrase)
	m.nodes[cur].out = append(m.nodes[cur].out, id)
	return id
}

// find appends every pattern occurrence in ts to out, in order of first
// token.
func (m *matcher) find(ts *tokens, out []match) []match {
	if m.table == nil {
		panic("extract: matcher used before compile")
	}
	n := len(ts.toks)
	numStart := m.nodes[0].num >= 0 // some phrase starts with "#"
	for i := 0; i < n; i++ {
		if w, bit := startBit(ts.toks[i].h); m.starts[w]&bit == 0 && (!numStart || !isCount(ts.key(i))) {
			continue
		}
		out = m.walk(ts, 0, i, i, out)
	}
	return out
}

func (m *matcher) walk(ts *tokens, cur int32, first, j int, out []match) []match {
	if j >= len(ts.toks) || (j > first && ts.toks[j].brk != brkNone) {
		return out
	}
	if nx := m.child(cur, ts, j); nx >= 0 {
		for _, id := range m.nodes[nx].out {
			out = append(out, match{pat: id, first: int32(first), last: int32(j)})
		}
		if len(m.nodes[nx].next) > 0 || m.nodes[nx].wild >= 0 || m.nodes[nx].num >= 0 {
			out = m.walk(ts, nx, first, j+1, out)
		}
	}
	if wild := m.nodes[cur].wild; wild >= 0 && j > first {
		for _, id := range m.nodes[wild].out {
			out = append(out, match{pat: id, first: int32(first), last: int32(j)})
		}
		out = m.walk(ts, wild, first, j+1, out)
	}
	if num := m.nodes[cur].num; num >= 0 && isCount(ts.key(j)) {
		for _, id := range m.nodes[num].out {
			out = append(out, match{pat: id, first: int32(first), last: int32(j)})
		}
		out = m.walk(ts, num, first, j+1, out)
	}
	return out
}

// minCount is the least number "#" matches: phrases use it for counts of
// teams or engineers, where two or three would not show scale.
const minCount = 5

// isCount reports whether key is a whole number of at least minCount,
// or one with a plus ("30+").
func isCount(key []byte) bool {
	if n := len(key); n > 1 && key[n-1] == '+' {
		key = key[:n-1]
	}
	if len(key) == 0 || len(key) > 9 {
		return false
	}
	n := 0
	for _, c := range key {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n >= minCount
}

// isWild reports whether a phrase key is a wildcard.
func isWild(k string) bool { return k == "*" || k == "#" }

// isWord reports whether a phrase key is a word, not a wildcard.
func isWord(k string) bool { return !isWild(k) }
