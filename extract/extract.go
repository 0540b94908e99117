package extract

import (
	"sort"
	"strings"
	"sync"

	"github.com/skilldemand/skilldemand"
)

// Version is the extractor's version. Extraction.Version is
// Version + "+" + the taxonomy version.
const Version = "extract-3"

// Cue types held as patCue patterns in the main matcher.
const (
	cuePreferred int32 = iota // "a plus", "preferred", "nice to have" in a sentence
	cueRequired               // "must", "is required", "is a must" (the stemmer makes "require" and "required" one word, so cues name their context)
	cueNegBefore              // "no", "don't need" just before a hit
	cueNegAfter               // "not required", "not needed" just after a hit
	cueEEO                    // a paragraph that is equal-opportunity or legal text
	cueComp                   // a paragraph about pay
	cueBenefits               // a paragraph about benefits
	cueAbout                  // an intro paragraph about the company
	numCues
)

var cuePhrases = [numCues][]string{
	cuePreferred: {
		"preferred", "preferably", "a plus", "is a plus", "big plus", "huge plus", "definite plus", "added plus",
		"strong plus", "nice to have", "bonus", "bonus points", "ideally", "an asset", "desirable", "experience desired",
		"desired experience", "desired skills", "highly desired", "strongly desired", "degree desired",
		"an advantage", "advantageous", "good to have", "is helpful", "would be helpful", "not required but",
		"would be great", "is beneficial", "optional", "would be an",
	},
	cueRequired: {
		"must", "must have", "is a must", "is required", "are required", "required to", "be required",
		"require the", "require a", "require you", "would require", "will require", "role requires",
		"position requires", "is a requirement", "mandatory", "essential", "you will need", "you'll need",
		"you need",
	},
	cueNegBefore: {
		"no", "no prior", "don't need", "do not need", "doesn't require", "does not require", "don't require",
		"do not require", "no need for", "not need", "not required to", "without any", "not necessary to",
	},
	cueNegAfter: {
		"not required", "not needed", "not necessary", "not a requirement", "isn't required", "aren't required",
		"unnecessary", "not expected", "is not required", "are not required", "not mandatory", "needed not",
	},
	cueEEO:      paragraphCues[0].phrases,
	cueComp:     paragraphCues[1].phrases,
	cueBenefits: paragraphCues[2].phrases,
	cueAbout:    aboutCues,
}

// ruleInfo is one compiled co-occurrence rule of a signal.
type ruleInfo struct {
	signal  int32
	ngroups int32
}

// Extractor reads postings: sections, skills with strength, signals and
// attributes. Build it once with New; it is safe for concurrent use.
type Extractor struct {
	tax   *Taxonomy
	m     *matcher
	heads *headingClassifier
	rules []ruleInfo // co-occurrence rules of signals
	pool  sync.Pool  // *scratch
}

// scratch holds the buffers of one extraction, reused through a pool.
type scratch struct {
	ts      tokens
	matches []match
	hts     tokens
	hm      []match
	tokLine []int32
	tokSent []int32
	neg     []match    // negation cues, in token order
	sent    []sentCues // strength cues per sentence
	explain bool       // record drops (evaluation only)
	drops   []dropNote
}

// dropNote is a skill or signal match the extractor found but did not
// count, recorded while evaluating to explain false negatives.
type dropNote struct {
	signal      bool
	target      int32
	first, last int32
	why         string
	start, end  int     // byte span in the text
	score       float64 // how near it came: 1 for a phrase found, the share of groups for a partial rule
}

// drop records why a match was not counted, when explaining.
func (sc *scratch) drop(signal bool, target, first, last int32, why string) {
	if !sc.explain {
		return
	}
	sc.drops = append(sc.drops, dropNote{signal: signal, target: target, first: first, last: last, why: why,
		start: int(sc.ts.toks[first].start), end: int(sc.ts.toks[last].end), score: 1})
}

// New compiles the taxonomy's phrases into one matcher.
func New(t *Taxonomy) *Extractor {
	x := &Extractor{tax: t, m: newMatcher(), heads: newHeadingClassifier()}
	m := x.m
	for i, s := range t.skills {
		for _, a := range s.Aliases {
			m.add(a, pattern{kind: patSkill, target: int32(i), ctx: -1})
		}
		for _, a := range s.Ambiguous {
			c := context{}
			if a.CaseSensitive {
				c.exact = a.Phrase
			}
			if len(a.Near) > 0 {
				c.near = make(map[string]struct{}, len(a.Near))
				for _, w := range a.Near {
					c.near[phraseKeys(w)[0]] = struct{}{}
				}
			}
			m.contexts = append(m.contexts, c)
			m.add(a.Phrase, pattern{kind: patSkill, target: int32(i), ctx: int32(len(m.contexts) - 1)})
		}
		for _, a := range s.Not {
			m.add(a, pattern{kind: patSkillNot, target: int32(i), ctx: -1})
		}
		for _, a := range s.NotInSentence {
			m.add(a, pattern{kind: patSkillNot, target: int32(i), ctx: -1, rule: -2})
		}
	}
	for i, s := range t.signals {
		for _, p := range s.Phrases {
			m.add(p, pattern{kind: patSignal, target: int32(i), ctx: -1})
		}
		for _, rule := range s.Together {
			r := int32(len(x.rules))
			x.rules = append(x.rules, ruleInfo{signal: int32(i), ngroups: int32(len(rule))})
			for g, group := range rule {
				for _, p := range group {
					m.add(p, pattern{kind: patSignalPart, target: int32(i), rule: r, group: int32(g), ctx: -1})
				}
			}
		}
		for _, p := range s.Not {
			m.add(p, pattern{kind: patSignalNot, target: int32(i), ctx: -1})
		}
		for _, p := range s.NotInSentence {
			m.add(p, pattern{kind: patSignalNot, target: int32(i), ctx: -1, rule: -2})
		}
	}
	for c, phrases := range cuePhrases {
		for _, p := range phrases {
			m.add(p, pattern{kind: patCue, target: int32(c), ctx: -1})
		}
	}
	for k, phrases := range attrPhrases {
		for _, p := range phrases {
			m.add(p, pattern{kind: patAttr, target: int32(k), ctx: -1})
		}
	}
	m.compile()
	x.pool.New = func() any { return &scratch{} }
	return x
}

// Taxonomy returns the taxonomy the extractor was built from.
func (x *Extractor) Taxonomy() *Taxonomy { return x.tax }

func (x *Extractor) version() string { return Version + "+" + x.tax.Version }

// Extract reads a posting: its description (HTML unless Format says text),
// its structured sections, title and salary.
func (x *Extractor) Extract(p *skilldemand.Posting) *skilldemand.Extraction {
	e, _ := x.extract(p, false)
	return e
}

// extract is Extract; with explain it also returns the matches it did not
// count and why.
func (x *Extractor) extract(p *skilldemand.Posting, explain bool) (*skilldemand.Extraction, []dropNote) {
	var lines []docLine
	if p.Format == skilldemand.FormatText {
		lines = textLines(p.Description)
	} else {
		lines = htmlLines(p.Description)
	}
	sc := x.pool.Get().(*scratch)
	defer x.pool.Put(sc)
	sc.explain, sc.drops = explain, sc.drops[:0]
	defer func() { sc.explain = false }()
	var forced []skilldemand.SectionKind // per line, "" unless an API section says
	if len(p.Sections) > 0 {
		forced = make([]skilldemand.SectionKind, len(lines))
		for _, s := range p.Sections {
			kind := x.heads.kindOfAPISection(s, &sc.hts)
			var body []docLine
			if p.Format == skilldemand.FormatText {
				body = textLines(s.Body)
			} else {
				body = htmlLines(s.Body)
			}
			if strings.TrimSpace(s.Title) != "" {
				lines = append(lines, docLine{kind: lineHeading, text: strings.TrimSpace(s.Title)})
				forced = append(forced, kind)
			}
			// A section whose title names no kind ("Additional
			// information") is read like body text: its own headings
			// ("What we offer", "About us") decide.
			unnamed := kind == skilldemand.SectionOther
			for _, b := range body {
				f := kind
				if unnamed {
					f = ""
				} else if b.kind == lineHeading {
					b.kind = linePara
				}
				lines = append(lines, b)
				forced = append(forced, f)
			}
		}
	}
	e := x.analyse(sc, lines, forced, true)
	e.Attrs = x.attributes(sc, e, p)
	var drops []dropNote
	if explain {
		drops = append(drops, sc.drops...)
	}
	return e, drops
}

// ExtractText reads plain text such as a resume: the same matching, with no
// section reading, so every skill found has strength "mentioned".
func (x *Extractor) ExtractText(text string) *skilldemand.Extraction {
	sc := x.pool.Get().(*scratch)
	defer x.pool.Put(sc)
	e := x.analyse(sc, textLines(text), nil, false)
	e.Attrs = x.attributes(sc, e, nil)
	return e
}

// analyse renders lines, reads sections and finds skills and signals.
func (x *Extractor) analyse(sc *scratch, lines []docLine, forced []skilldemand.SectionKind, posting bool) *skilldemand.Extraction {
	text, spans := render(lines)
	e := &skilldemand.Extraction{Version: x.version(), Text: text}
	ts := &sc.ts
	ts.tokenize(text)
	sc.matches = x.m.find(ts, sc.matches[:0])
	ntok := len(ts.toks)
	sc.tokLine = grow(sc.tokLine, ntok)
	sc.tokSent = grow(sc.tokSent, ntok)
	li, sent := 0, int32(-1)
	for i := range ts.toks {
		t := &ts.toks[i]
		for li+1 < len(spans) && int(t.start) >= spans[li+1][0] {
			li++
		}
		sc.tokLine[i] = int32(li)
		if i == 0 || t.brk >= brkSentence {
			sent++
		}
		sc.tokSent[i] = sent
	}

	// Paragraph cues per line.
	flags := make([]uint16, len(lines))
	for _, mt := range sc.matches {
		p := &x.m.pats[mt.pat]
		if p.kind == patCue && p.target >= cueEEO {
			flags[sc.tokLine[mt.first]] |= 1 << uint(p.target)
		}
	}
	sc.neg = sc.neg[:0]
	if cap(sc.sent) < int(sent+1) {
		sc.sent = make([]sentCues, sent+1)
	}
	sc.sent = sc.sent[:sent+1]
	clear(sc.sent)
	for _, mt := range sc.matches {
		p := &x.m.pats[mt.pat]
		if p.kind != patCue {
			continue
		}
		switch p.target {
		case cueNegBefore, cueNegAfter:
			sc.neg = append(sc.neg, mt)
		case cuePreferred:
			sc.sent[sc.tokSent[mt.first]].preferred = true
		case cueRequired:
			sc.sent[sc.tokSent[mt.first]].required = true
		}
	}
	kinds := x.lineKinds(sc, lines, flags, forced, posting)
	e.Sections = sections(lines, spans, kinds)

	x.skills(sc, e, kinds)
	x.signals(sc, e, kinds)
	return e
}

func grow(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, n+n/4)
	}
	return s[:n]
}

// lineKinds gives every line the kind of section it is in.
func (x *Extractor) lineKinds(sc *scratch, lines []docLine, flags []uint16, forced []skilldemand.SectionKind, posting bool) []skilldemand.SectionKind {
	kinds := make([]skilldemand.SectionKind, len(lines))
	if !posting {
		for i := range kinds {
			kinds[i] = skilldemand.SectionOther
		}
		return kinds
	}
	cur := skilldemand.SectionKind("") // "" = the untitled introduction
	for i, l := range lines {
		if forced != nil && forced[i] != "" {
			kinds[i] = forced[i]
			continue
		}
		if l.kind == lineHeading {
			var k skilldemand.SectionKind
			k, sc.hm = x.heads.classify(l.text, &sc.hts, sc.hm)
			if k != "" {
				cur = k
			}
			if cur == "" {
				kinds[i] = skilldemand.SectionResponsibilities
			} else {
				kinds[i] = cur
			}
			continue
		}
		if l.kind == linePara {
			// A lead-in label: "Benefits: we offer ..."
			if c := strings.IndexByte(l.text, ':'); c > 0 && c < 40 && len(strings.Fields(l.text[:c])) <= 4 {
				var k skilldemand.SectionKind
				k, sc.hm = x.heads.classify(l.text[:c], &sc.hts, sc.hm)
				if k != "" && k != skilldemand.SectionResponsibilities {
					cur = k
				}
			}
		}
		k := cur
		f := flags[i]
		switch {
		case l.kind == linePara && f&(1<<cueEEO) != 0:
			k = skilldemand.SectionEEO
		case l.kind == linePara && f&(1<<cueComp) != 0:
			k = skilldemand.SectionCompensation
		case l.kind == linePara && f&(1<<cueBenefits) != 0 && (cur == "" || isBoilerplate(cur)):
			k = skilldemand.SectionBenefits
		case cur == "" && f&(1<<cueAbout) != 0:
			k = skilldemand.SectionAbout
		case cur == "":
			k = skilldemand.SectionResponsibilities
		}
		kinds[i] = k
	}
	return kinds
}

// sections merges runs of lines of one kind into spans of the text.
func sections(lines []docLine, spans [][2]int, kinds []skilldemand.SectionKind) []skilldemand.TextSection {
	var out []skilldemand.TextSection
	for i, l := range lines {
		k := kinds[i]
		if l.kind == lineHeading || len(out) == 0 || out[len(out)-1].Kind != k {
			s := skilldemand.TextSection{Kind: k, Start: spans[i][0], End: spans[i][1]}
			if l.kind == lineHeading {
				s.Heading = l.text
			}
			if len(out) > 0 && l.kind != lineHeading && out[len(out)-1].Kind == k {
				out[len(out)-1].End = spans[i][1]
				continue
			}
			out = append(out, s)
			continue
		}
		out[len(out)-1].End = spans[i][1]
	}
	return out
}

// strengthOf is the strength a hit in a section of this kind has before
// cue phrases; "" means the hit does not count.
func strengthOf(k skilldemand.SectionKind) skilldemand.Strength {
	switch k {
	case skilldemand.SectionRequired:
		return skilldemand.StrengthRequired
	case skilldemand.SectionPreferred:
		return skilldemand.StrengthPreferred
	case skilldemand.SectionResponsibilities:
		return skilldemand.StrengthResponsibility
	case skilldemand.SectionOther:
		return skilldemand.StrengthMentioned
	}
	return ""
}

// sentCues are the strength cue phrases found in one sentence.
type sentCues struct {
	preferred, required bool
}

func overlaps(a, b match) bool { return a.first <= b.last && b.first <= a.last }

// maxPhrase bounds the tokens of a phrase, for searching sorted matches.
const maxPhrase = 16

// overlapsAny reports whether any of ms (in token order) overlaps m.
func overlapsAny(ms []match, m match) bool {
	i := sort.Search(len(ms), func(i int) bool { return ms[i].first >= m.first-maxPhrase })
	for ; i < len(ms) && ms[i].first <= m.last; i++ {
		if overlaps(ms[i], m) {
			return true
		}
	}
	return false
}

// negated reports whether a hit at tokens [first,last] has a negation cue
// right before or after it in the same clause.
func (x *Extractor) negated(sc *scratch, first, last int32) bool {
	ts := &sc.ts
	cues := sc.neg
	// cues are in token order: start at the first that could end near the hit
	i := sort.Search(len(cues), func(i int) bool { return cues[i].first >= first-negWindow-4 })
	for ; i < len(cues) && cues[i].first <= last+negWindow; i++ {
		c := cues[i]
		switch x.m.pats[c.pat].target {
		case cueNegBefore:
			if c.last < first && first-c.last <= 4 && !clauseBreak(ts, c.last+1, first) {
				return true
			}
		case cueNegAfter:
			if c.first > last && c.first-last <= negWindow && !clauseBreak(ts, last+1, c.first) {
				return true
			}
		}
	}
	return false
}

// negWindow is how many tokens after a hit a "not required" cue may stand.
const negWindow = 5

// clauseBreak reports whether a break of clause class or stronger falls
// before any token in [from, to].
func clauseBreak(ts *tokens, from, to int32) bool {
	for i := from; i <= to && int(i) < len(ts.toks); i++ {
		if ts.toks[i].brk >= brkClause {
			return true
		}
	}
	return false
}

// skills turns alias matches into posting-level skill matches.
func (x *Extractor) skills(sc *scratch, e *skilldemand.Extraction, kinds []skilldemand.SectionKind) {
	ts := &sc.ts
	ms := sc.matches
	// "not" phrases by skill, in token order; sentence-wide ones as a set
	nots := map[int32][]match{}
	notSent := map[[2]int32]bool{}
	for _, mt := range ms {
		if p := &x.m.pats[mt.pat]; p.kind == patSkillNot {
			if p.rule == -2 {
				notSent[[2]int32{p.target, sc.tokSent[mt.first]}] = true
			} else {
				nots[p.target] = append(nots[p.target], mt)
			}
		}
	}
	bySkill := map[int32]*skilldemand.SkillMatch{}
	for _, mt := range ms {
		p := &x.m.pats[mt.pat]
		if p.kind != patSkill {
			continue
		}
		if p.ctx >= 0 && !x.contextOK(sc, &x.m.contexts[p.ctx], mt) {
			sc.drop(false, p.target, mt.first, mt.last, "ambiguous alias without its context")
			continue
		}
		if notSent[[2]int32{p.target, sc.tokSent[mt.first]}] || overlapsAny(nots[p.target], mt) {
			sc.drop(false, p.target, mt.first, mt.last, "cancelled by a not phrase")
			continue
		}
		kind := kinds[sc.tokLine[mt.first]]
		st := strengthOf(kind)
		if st == "" {
			sc.drop(false, p.target, mt.first, mt.last, "in "+string(kind)+" text")
			continue
		}
		if x.negated(sc, mt.first, mt.last) {
			sc.drop(false, p.target, mt.first, mt.last, "negated")
			continue
		}
		st = adjustStrength(st, sc.sent[sc.tokSent[mt.first]])
		h := skilldemand.Hit{
			Span:     skilldemand.Span{Start: int(ts.toks[mt.first].start), End: int(ts.toks[mt.last].end)},
			Section:  kind,
			Strength: st,
		}
		sm := bySkill[p.target]
		if sm == nil {
			sm = &skilldemand.SkillMatch{Skill: x.tax.skills[p.target].ID}
			bySkill[p.target] = sm
		}
		if n := len(sm.Hits); n > 0 && sm.Hits[n-1].Span == h.Span {
			sm.Hits[n-1].Strength = skilldemand.Stronger(sm.Hits[n-1].Strength, h.Strength)
		} else {
			sm.Hits = append(sm.Hits, h)
		}
		sm.Strength = skilldemand.Stronger(sm.Strength, st)
	}
	for _, sm := range bySkill {
		e.Skills = append(e.Skills, *sm)
	}
	sort.Slice(e.Skills, func(i, j int) bool { return e.Skills[i].Skill < e.Skills[j].Skill })
}

// adjustStrength applies a sentence's cue phrases to a hit's strength.
func adjustStrength(st skilldemand.Strength, c sentCues) skilldemand.Strength {
	switch st {
	case skilldemand.StrengthRequired:
		if c.preferred && !c.required {
			return skilldemand.StrengthPreferred
		}
	case skilldemand.StrengthPreferred:
		if c.required && !c.preferred {
			return skilldemand.StrengthRequired
		}
	case skilldemand.StrengthResponsibility:
		if c.required && !c.preferred {
			return skilldemand.StrengthRequired
		}
		if c.preferred {
			return skilldemand.StrengthPreferred
		}
	}
	return st
}

// contextWindow bounds how far (in tokens, within the sentence) the
// context words of an ambiguous alias are looked for.
const contextWindow = 25

// contextOK checks the condition of an ambiguous alias.
func (x *Extractor) contextOK(sc *scratch, c *context, mt match) bool {
	ts := &sc.ts
	if c.exact != "" {
		raw := ts.text[ts.toks[mt.first].start:ts.toks[mt.last].end]
		if raw != c.exact {
			return false
		}
	}
	if len(c.near) == 0 {
		return true
	}
	s := sc.tokSent[mt.first]
	lo, hi := int(mt.first)-contextWindow, int(mt.last)+contextWindow
	for i := int(mt.first) - 1; i >= 0 && i >= lo && sc.tokSent[i] == s; i-- {
		if _, ok := c.near[string(ts.key(i))]; ok {
			return true
		}
	}
	for i := int(mt.last) + 1; i < len(ts.toks) && i <= hi && sc.tokSent[i] == s; i++ {
		if _, ok := c.near[string(ts.key(i))]; ok {
			return true
		}
	}
	return false
}
