package extract

import (
	"sort"

	"github.com/skilldemand/skilldemand"
)

// signals finds the market-reality signals: single phrases, and
// co-occurrence rules whose every group has a phrase in one sentence.
func (x *Extractor) signals(sc *scratch, e *skilldemand.Extraction, kinds []skilldemand.SectionKind) {
	ts := &sc.ts
	ms := sc.matches
	var cues, nots []match
	for _, mt := range ms {
		switch x.m.pats[mt.pat].kind {
		case patCue:
			if t := x.m.pats[mt.pat].target; t == cueNegBefore || t == cueNegAfter {
				cues = append(cues, mt)
			}
		case patSignalNot:
			nots = append(nots, mt)
		}
	}
	bySignal := map[int32]*skilldemand.SignalMatch{}
	add := func(sig int32, first, last int32) {
		for _, n := range nots {
			np := &x.m.pats[n.pat]
			if np.target != sig {
				continue
			}
			if np.rule == -2 {
				if sc.tokSent[n.first] == sc.tokSent[first] {
					return
				}
			} else if n.first <= last && first <= n.last {
				return
			}
		}
		kind := kinds[sc.tokLine[first]]
		st := strengthOf(kind)
		if st == "" || x.negated(sc, cues, first, last) {
			return
		}
		sm := bySignal[sig]
		if sm == nil {
			sm = &skilldemand.SignalMatch{Signal: x.tax.signals[sig].ID}
			bySignal[sig] = sm
		}
		sm.Hits = append(sm.Hits, skilldemand.Hit{
			Span:     skilldemand.Span{Start: int(ts.toks[first].start), End: int(ts.toks[last].end)},
			Section:  kind,
			Strength: st,
		})
	}
	type partSpan struct {
		mask        uint64
		first, last int32
	}
	parts := make([]partSpan, len(x.rules))
	curSent := int32(-1)
	flush := func() {
		for r := range parts {
			ps := &parts[r]
			if ps.mask != 0 && ps.mask == (uint64(1)<<uint(x.rules[r].ngroups))-1 {
				add(x.rules[r].signal, ps.first, ps.last)
			}
			*ps = partSpan{}
		}
	}
	for _, mt := range ms {
		p := &x.m.pats[mt.pat]
		switch p.kind {
		case patSignal:
			add(p.target, mt.first, mt.last)
		case patSignalPart:
			s := sc.tokSent[mt.first]
			if s != curSent {
				flush()
				curSent = s
			}
			ps := &parts[p.rule]
			if ps.mask == 0 || mt.first < ps.first {
				ps.first = mt.first
			}
			if ps.mask == 0 || mt.last > ps.last {
				ps.last = mt.last
			}
			ps.mask |= 1 << uint(p.group)
		}
	}
	flush()
	for _, sm := range bySignal {
		sort.Slice(sm.Hits, func(i, j int) bool { return sm.Hits[i].Start < sm.Hits[j].Start })
		e.Signals = append(e.Signals, *sm)
	}
	sort.Slice(e.Signals, func(i, j int) bool { return e.Signals[i].Signal < e.Signals[j].Signal })
}
