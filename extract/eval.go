package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/skilldemand/skilldemand"
)

// Gold is the hand labels of one posting: posting-level skills with their
// strongest strength, and the signals the posting shows.
type Gold struct {
	Skills  map[string]skilldemand.Strength `json:"skills"`
	Signals []string                        `json:"signals"`
}

// GoldPosting is one line of a gold-label file (the eval/dev.jsonl format).
type GoldPosting struct {
	ID          string `json:"id"`
	Source      string `json:"source,omitempty"`
	Title       string `json:"title"`
	Company     string `json:"company,omitempty"`
	Location    string `json:"location,omitempty"`
	Date        string `json:"date,omitempty"`
	URL         string `json:"url,omitempty"`
	Description string `json:"description"`
	Tier        string `json:"tier,omitempty"`
	Gold        Gold   `json:"gold"`
}

// Posting returns the posting to extract: the description is read as
// plain text (light markdown).
func (g *GoldPosting) Posting() *skilldemand.Posting {
	return &skilldemand.Posting{
		ID: g.ID, Source: "gold", Title: g.Title, Company: g.Company, Location: g.Location, URL: g.URL,
		Description: g.Description, Format: skilldemand.FormatText,
	}
}

// maxGoldLine caps one JSON line of a gold file.
const maxGoldLine = 16 << 20

// ReadGold reads a gold-label file: one JSON object a line, blank lines
// skipped. Errors give the line number.
func ReadGold(r io.Reader) ([]GoldPosting, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxGoldLine)
	var out []GoldPosting
	seen := map[string]int{}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var g GoldPosting
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			return nil, fmt.Errorf("%w: line %d: %v (each line must be one JSON object)", ErrGold, n, err)
		}
		if g.ID == "" {
			return nil, fmt.Errorf("%w: line %d: id is missing: give every posting an id", ErrGold, n)
		}
		if prev, dup := seen[g.ID]; dup {
			return nil, fmt.Errorf("%w: line %d: id %q repeats line %d: ids must be unique", ErrGold, n, g.ID, prev)
		}
		seen[g.ID] = n
		if strings.TrimSpace(g.Description) == "" {
			return nil, fmt.Errorf("%w: line %d (%s): description is empty", ErrGold, n, g.ID)
		}
		for id, st := range g.Gold.Skills {
			if st.Rank() == 0 {
				return nil, fmt.Errorf("%w: line %d (%s): skill %q has strength %q: use required, preferred, responsibility or mentioned", ErrGold, n, g.ID, id, st)
			}
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: after line %d: %v", ErrGold, len(out), err)
	}
	return out, nil
}

// PRF is a count of true positives, false positives and false negatives
// with the precision, recall and F1 they give.
type PRF struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// compute fills Precision, Recall and F1 from the counts. With nothing to
// find and nothing found, all three are 1; otherwise a zero denominator
// gives 0.
func (p *PRF) compute() {
	if p.TP+p.FP+p.FN == 0 {
		p.Precision, p.Recall, p.F1 = 1, 1, 1
		return
	}
	p.Precision, p.Recall, p.F1 = 0, 0, 0
	if p.TP+p.FP > 0 {
		p.Precision = float64(p.TP) / float64(p.TP+p.FP)
	}
	if p.TP+p.FN > 0 {
		p.Recall = float64(p.TP) / float64(p.TP+p.FN)
	}
	if p.TP > 0 {
		p.F1 = 2 * float64(p.TP) / float64(2*p.TP+p.FP+p.FN)
	}
}

// ItemScore is the score of one skill or signal.
type ItemScore struct {
	ID string `json:"id"`
	PRF
	StrengthCorrect int `json:"strength_correct,omitempty"`
	StrengthTotal   int `json:"strength_total,omitempty"`
}

// Miss kinds.
const (
	MissFalsePositive = "false-positive"
	MissFalseNegative = "false-negative"
	MissStrength      = "strength"
)

// Miss is one disagreement with the gold labels.
type Miss struct {
	PostingID string `json:"posting_id"`
	Item      string `json:"item"`
	Kind      string `json:"kind"`
	Got       string `json:"got,omitempty"`
	Want      string `json:"want,omitempty"`
	Evidence  string `json:"evidence,omitempty"` // the text that misled the extractor
}

// EvalReport is the extractor's score against gold labels. Skills are
// scored posting-level over the article's 15 skills (other skills found
// are not counted); signals over the signal ids of the taxonomy.
type EvalReport struct {
	Postings         int         `json:"postings"`
	SkillsMicroF1    float64     `json:"skills_micro_f1"`
	SignalsMicroF1   float64     `json:"signals_micro_f1"`
	StrengthAccuracy float64     `json:"strength_accuracy"` // over correctly found (posting, skill) pairs
	SkillsMicro      PRF         `json:"skills_micro"`
	SignalsMicro     PRF         `json:"signals_micro"`
	StrengthCorrect  int         `json:"strength_correct"`
	StrengthTotal    int         `json:"strength_total"`
	PerSkill         []ItemScore `json:"per_skill"`
	PerSignal        []ItemScore `json:"per_signal"`
	Misses           []Miss      `json:"misses,omitempty"`
}

// Evaluate extracts every gold posting and scores the result.
func Evaluate(x *Extractor, gold []GoldPosting) *EvalReport {
	preds := make([]*skilldemand.Extraction, len(gold))
	drops := make([][]dropNote, len(gold))
	at := make(map[string]int, len(gold))
	for i := range gold {
		preds[i], drops[i] = x.extract(gold[i].Posting(), true)
		at[gold[i].ID] = i
	}
	sigIDs := make([]string, 0, len(x.tax.Signals))
	for _, s := range x.tax.Signals {
		sigIDs = append(sigIDs, s.ID)
	}
	rep := Score(gold, preds, articleSkillIDs, sigIDs)
	// A false negative has no hit to quote: quote what was found but not
	// counted, and why (the gold labels carry no spans).
	for i := range rep.Misses {
		m := &rep.Misses[i]
		if m.Kind != MissFalseNegative {
			continue
		}
		j, ok := at[m.PostingID]
		if !ok {
			continue
		}
		signal := m.Want == "signal"
		best := -1.0
		for _, d := range drops[j] {
			id := ""
			if d.signal {
				id = x.tax.signals[d.target].ID
			} else {
				id = x.tax.skills[d.target].ID
			}
			if d.signal != signal || id != m.Item || d.score <= best {
				continue
			}
			best = d.score
			h := []skilldemand.Hit{{Span: skilldemand.Span{Start: d.start, End: d.end}}}
			m.Evidence = "not counted (" + d.why + "): " + evidence(preds[j], h, "")
		}
		if m.Evidence == "" {
			m.Evidence = "nothing matched: no alias, phrase or rule of this item is in the text"
		}
	}
	return rep
}

// Score compares extractions with gold labels: preds[i] is the reading of
// gold[i]. skillIDs and signalIDs are the items scored, in report order.
func Score(gold []GoldPosting, preds []*skilldemand.Extraction, skillIDs, signalIDs []string) *EvalReport {
	rep := &EvalReport{Postings: len(gold)}
	skillIdx := indexOf(skillIDs)
	sigIdx := indexOf(signalIDs)
	rep.PerSkill = make([]ItemScore, len(skillIDs))
	for i, id := range skillIDs {
		rep.PerSkill[i].ID = id
	}
	rep.PerSignal = make([]ItemScore, len(signalIDs))
	for i, id := range signalIDs {
		rep.PerSignal[i].ID = id
	}
	for i := range gold {
		g := &gold[i]
		e := preds[i]
		got := map[string]*skilldemand.SkillMatch{}
		if e != nil {
			for j := range e.Skills {
				if _, ok := skillIdx[e.Skills[j].Skill]; ok {
					got[e.Skills[j].Skill] = &e.Skills[j]
				}
			}
		}
		for _, id := range skillIDs {
			k := skillIdx[id]
			want, inGold := g.Gold.Skills[id]
			sm, inPred := got[id]
			it := &rep.PerSkill[k]
			switch {
			case inGold && inPred:
				it.TP++
				it.StrengthTotal++
				if sm.Strength == want {
					it.StrengthCorrect++
				} else {
					rep.Misses = append(rep.Misses, Miss{PostingID: g.ID, Item: id, Kind: MissStrength,
						Got: string(sm.Strength), Want: string(want), Evidence: evidence(e, sm.Hits, sm.Strength)})
				}
			case inPred:
				it.FP++
				rep.Misses = append(rep.Misses, Miss{PostingID: g.ID, Item: id, Kind: MissFalsePositive,
					Got: string(sm.Strength), Evidence: evidence(e, sm.Hits, sm.Strength)})
			case inGold:
				it.FN++
				rep.Misses = append(rep.Misses, Miss{PostingID: g.ID, Item: id, Kind: MissFalseNegative, Want: string(want)})
			}
		}
		wantSig := map[string]bool{}
		for _, s := range g.Gold.Signals {
			wantSig[s] = true
		}
		for _, id := range signalIDs {
			it := &rep.PerSignal[sigIdx[id]]
			var hits []skilldemand.Hit
			inPred := false
			if e != nil {
				for _, sm := range e.Signals {
					if sm.Signal == id {
						inPred, hits = true, sm.Hits
					}
				}
			}
			switch {
			case inPred && wantSig[id]:
				it.TP++
			case inPred:
				it.FP++
				rep.Misses = append(rep.Misses, Miss{PostingID: g.ID, Item: id, Kind: MissFalsePositive, Got: "signal", Evidence: evidence(e, hits, "")})
			case wantSig[id]:
				it.FN++
				rep.Misses = append(rep.Misses, Miss{PostingID: g.ID, Item: id, Kind: MissFalseNegative, Want: "signal"})
			}
		}
	}
	for i := range rep.PerSkill {
		it := &rep.PerSkill[i]
		it.compute()
		rep.SkillsMicro.TP += it.TP
		rep.SkillsMicro.FP += it.FP
		rep.SkillsMicro.FN += it.FN
		rep.StrengthCorrect += it.StrengthCorrect
		rep.StrengthTotal += it.StrengthTotal
	}
	for i := range rep.PerSignal {
		it := &rep.PerSignal[i]
		it.compute()
		rep.SignalsMicro.TP += it.TP
		rep.SignalsMicro.FP += it.FP
		rep.SignalsMicro.FN += it.FN
	}
	rep.SkillsMicro.compute()
	rep.SignalsMicro.compute()
	rep.SkillsMicroF1 = rep.SkillsMicro.F1
	rep.SignalsMicroF1 = rep.SignalsMicro.F1
	if rep.StrengthTotal > 0 {
		rep.StrengthAccuracy = float64(rep.StrengthCorrect) / float64(rep.StrengthTotal)
	}
	return rep
}

func indexOf(ids []string) map[string]int {
	m := make(map[string]int, len(ids))
	for i, id := range ids {
		m[id] = i
	}
	return m
}

// evidence quotes the first hit with the given strength (any hit when
// strength is ""), with a little context.
func evidence(e *skilldemand.Extraction, hits []skilldemand.Hit, st skilldemand.Strength) string {
	if e == nil {
		return ""
	}
	for _, h := range hits {
		if st != "" && h.Strength != st {
			continue
		}
		if h.Start < 0 || h.End > len(e.Text) || h.Start > h.End {
			return ""
		}
		from := max(0, h.Start-40)
		to := min(len(e.Text), h.End+40)
		for from > 0 && from < h.Start && !isRuneStart(e.Text[from]) {
			from--
		}
		for to < len(e.Text) && !isRuneStart(e.Text[to]) {
			to++
		}
		ctx := e.Text[from:h.Start] + "[" + e.Text[h.Start:h.End] + "]" + e.Text[h.End:to]
		return strings.Join(strings.Fields(ctx), " ")
	}
	return ""
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
