package extract

import (
	"fmt"
	"math/bits"
	"sort"

	"github.com/skilldemand/skilldemand"
)

// signals finds the market-reality signals: single phrases, and
// co-occurrence rules whose every group has a phrase in one sentence.
func (x *Extractor) signals(sc *scratch, e *skilldemand.Extraction, kinds []skilldemand.SectionKind) {
	ts := &sc.ts
	ms := sc.matches
	nots := map[int32][]match{}
	notSent := map[[2]int32]bool{}
	for _, mt := range ms {
		if p := &x.m.pats[mt.pat]; p.kind == patSignalNot {
			if p.rule == -2 {
				notSent[[2]int32{p.target, sc.tokSent[mt.first]}] = true
			} else {
				nots[p.target] = append(nots[p.target], mt)
			}
		}
	}
	seen := map[[3]int32]bool{} // signal, first, last
	bySignal := map[int32]*skilldemand.SignalMatch{}
	add := func(sig int32, first, last int32) {
		if notSent[[2]int32{sig, sc.tokSent[first]}] || overlapsAny(nots[sig], match{first: first, last: last}) {
			sc.drop(true, sig, first, last, "cancelled by a not phrase")
			return
		}
		if seen[[3]int32{sig, first, last}] {
			return
		}
		kind := kinds[sc.tokLine[first]]
		st := strengthOf(kind)
		if st == "" {
			sc.drop(true, sig, first, last, "in "+string(kind)+" text")
			return
		}
		if x.negated(sc, first, last) {
			sc.drop(true, sig, first, last, "negated")
			return
		}
		sm := bySignal[sig]
		if sm == nil {
			sm = &skilldemand.SignalMatch{Signal: x.tax.signals[sig].ID}
			bySignal[sig] = sm
		}
		seen[[3]int32{sig, first, last}] = true
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
			} else if ps.mask != 0 && sc.explain && x.rules[r].ngroups > 1 {
				have := bits.OnesCount64(ps.mask)
				sc.drop(true, x.rules[r].signal, ps.first, ps.last,
					fmt.Sprintf("co-occurrence rule with %d of %d phrase groups in the sentence", have, x.rules[r].ngroups))
				sc.drops[len(sc.drops)-1].score = float64(have) / float64(x.rules[r].ngroups)
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
