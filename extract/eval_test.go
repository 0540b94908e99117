package extract_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/extract"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func match(skills map[string]skilldemand.Strength, signals ...string) *skilldemand.Extraction {
	e := &skilldemand.Extraction{Text: "x"}
	for id, st := range skills {
		e.Skills = append(e.Skills, skilldemand.SkillMatch{Skill: id, Strength: st})
	}
	for _, s := range signals {
		e.Signals = append(e.Signals, skilldemand.SignalMatch{Signal: s})
	}
	return e
}

// TestScore checks the metric arithmetic on two hand-counted postings.
//
// Posting a: gold {A required, B preferred}, signals {s1}
//
//	predicted {A required, B required, C mentioned, Z required (not scored)}, signals {s1, s2}
//
// Posting b: gold {A responsibility, C required}, signals {s2}
//
//	predicted {A responsibility}, signals {}
//
// Skills: TP = A@a, B@a, A@b = 3; FP = C@a = 1; FN = C@b = 1.
// P = 3/4, R = 3/4, F1 = 0.75. Strength: A@a ok, B@a wrong, A@b ok = 2/3.
// Signals: TP = s1@a = 1; FP = s2@a = 1; FN = s2@b = 1: P = R = F1 = 0.5.
func TestScore(t *testing.T) {
	gold := []extract.GoldPosting{
		{ID: "a", Gold: extract.Gold{Skills: map[string]skilldemand.Strength{"A": "required", "B": "preferred"}, Signals: []string{"s1"}}},
		{ID: "b", Gold: extract.Gold{Skills: map[string]skilldemand.Strength{"A": "responsibility", "C": "required"}, Signals: []string{"s2"}}},
	}
	preds := []*skilldemand.Extraction{
		match(map[string]skilldemand.Strength{"A": "required", "B": "required", "C": "mentioned", "Z": "required"}, "s1", "s2"),
		match(map[string]skilldemand.Strength{"A": "responsibility"}),
	}
	rep := extract.Score(gold, preds, []string{"A", "B", "C"}, []string{"s1", "s2"})

	tests := []struct {
		name      string
		got, want float64
	}{
		{"skills precision", rep.SkillsMicro.Precision, 0.75},
		{"skills recall", rep.SkillsMicro.Recall, 0.75},
		{"skills F1", rep.SkillsMicroF1, 0.75},
		{"signals precision", rep.SignalsMicro.Precision, 0.5},
		{"signals recall", rep.SignalsMicro.Recall, 0.5},
		{"signals F1", rep.SignalsMicroF1, 0.5},
		{"strength accuracy", rep.StrengthAccuracy, 2.0 / 3.0},
		{"A F1", rep.PerSkill[0].F1, 1},
		{"B F1", rep.PerSkill[1].F1, 1},
		{"C precision", rep.PerSkill[2].Precision, 0},
		{"C recall", rep.PerSkill[2].Recall, 0},
		{"C F1", rep.PerSkill[2].F1, 0},
		{"s1 F1", rep.PerSignal[0].F1, 1},
		{"s2 precision", rep.PerSignal[1].Precision, 0},
	}
	for _, tt := range tests {
		if !near(tt.got, tt.want) {
			t.Errorf("%s: got %.4f, want %.4f", tt.name, tt.got, tt.want)
		}
	}
	if got, want := [3]int{rep.SkillsMicro.TP, rep.SkillsMicro.FP, rep.SkillsMicro.FN}, [3]int{3, 1, 1}; got != want {
		t.Errorf("skills TP/FP/FN: got %v, want %v", got, want)
	}
	if got, want := [2]int{rep.PerSkill[0].StrengthCorrect, rep.PerSkill[0].StrengthTotal}, [2]int{2, 2}; got != want {
		t.Errorf("A strength: got %v, want %v", got, want)
	}
	if got, want := [2]int{rep.PerSkill[1].StrengthCorrect, rep.PerSkill[1].StrengthTotal}, [2]int{0, 1}; got != want {
		t.Errorf("B strength: got %v, want %v", got, want)
	}
	if rep.Postings != 2 {
		t.Errorf("postings: got %d, want 2", rep.Postings)
	}
	kinds := map[string]int{}
	for _, m := range rep.Misses {
		kinds[m.Kind+":"+m.PostingID+":"+m.Item]++
	}
	for _, want := range []string{"strength:a:B", "false-positive:a:C", "false-negative:b:C", "false-positive:a:s2", "false-negative:b:s2"} {
		if kinds[want] != 1 {
			t.Errorf("misses: want one %q, got %v", want, kinds)
		}
	}
	if len(rep.Misses) != 5 {
		t.Errorf("misses: got %d, want 5: %+v", len(rep.Misses), rep.Misses)
	}
}

// TestScore_Empty checks the degenerate cases: nothing to find and nothing
// found scores 1; something to find and nothing found scores 0.
func TestScore_Empty(t *testing.T) {
	gold := []extract.GoldPosting{{ID: "a", Gold: extract.Gold{Skills: map[string]skilldemand.Strength{"A": "required"}}}}
	rep := extract.Score(gold, []*skilldemand.Extraction{nil}, []string{"A", "B"}, []string{"s"})
	if rep.SkillsMicroF1 != 0 || rep.SkillsMicro.Precision != 0 || rep.SkillsMicro.Recall != 0 {
		t.Errorf("all missed: got P %.2f R %.2f F1 %.2f, want 0 0 0", rep.SkillsMicro.Precision, rep.SkillsMicro.Recall, rep.SkillsMicroF1)
	}
	if rep.PerSkill[1].F1 != 1 {
		t.Errorf("skill with no gold and no prediction: got F1 %.2f, want 1", rep.PerSkill[1].F1)
	}
	if rep.SignalsMicroF1 != 1 {
		t.Errorf("no signals anywhere: got F1 %.2f, want 1", rep.SignalsMicroF1)
	}
	if rep.StrengthAccuracy != 0 || rep.StrengthTotal != 0 {
		t.Errorf("strength with no true positives: got %.2f over %d, want 0 over 0", rep.StrengthAccuracy, rep.StrengthTotal)
	}
}

// TestScore_F1NotMean guards against averaging precision and recall.
func TestScore_F1NotMean(t *testing.T) {
	// 1 TP, 0 FP, 3 FN: P = 1, R = 0.25, F1 = 2*1*0.25/1.25 = 0.4 (the mean would be 0.625).
	gold := []extract.GoldPosting{{ID: "a", Gold: extract.Gold{Skills: map[string]skilldemand.Strength{"A": "required", "B": "required", "C": "required", "D": "required"}}}}
	preds := []*skilldemand.Extraction{match(map[string]skilldemand.Strength{"A": "preferred"})}
	rep := extract.Score(gold, preds, []string{"A", "B", "C", "D"}, nil)
	if !near(rep.SkillsMicroF1, 0.4) {
		t.Errorf("F1: got %.4f, want 0.4", rep.SkillsMicroF1)
	}
	if rep.StrengthCorrect != 0 || rep.StrengthTotal != 1 {
		t.Errorf("strength: got %d/%d, want 0/1", rep.StrengthCorrect, rep.StrengthTotal)
	}
}

func TestReadGold(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		in := `{"id":"p1","title":"TPM","description":"Basic Qualifications:\n- Jira","gold":{"skills":{"jira-confluence":"required"},"signals":["program-scale"]}}

{"id":"p2","title":"TPM","description":"text","tier":"x","extra":1,"gold":{"skills":{},"signals":[]}}
`
		gs, err := extract.ReadGold(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(gs) != 2 {
			t.Fatalf("got %d postings, want 2", len(gs))
		}
		if gs[0].Gold.Skills["jira-confluence"] != skilldemand.StrengthRequired || gs[0].Gold.Signals[0] != "program-scale" {
			t.Errorf("gold of p1: got %+v", gs[0].Gold)
		}
		if p := gs[0].Posting(); p.Format != skilldemand.FormatText || p.Title != "TPM" {
			t.Errorf("posting: got format %q title %q, want text, TPM", p.Format, p.Title)
		}
	})
	errs := []struct {
		name, in, want string
	}{
		{"BadJSON", `{"id":"a","description":"x"}` + "\n{oops\n", "line 2"},
		{"NoID", `{"description":"x"}`, "line 1: id is missing"},
		{"Dup", `{"id":"a","description":"x"}` + "\n" + `{"id":"a","description":"y"}`, "repeats line 1"},
		{"BadStrength", `{"id":"a","description":"x","gold":{"skills":{"jira":"must"}}}`, `strength "must"`},
		{"Empty", `{"id":"a","description":" "}`, "description is empty"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := extract.ReadGold(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, extract.ErrGold) {
				t.Errorf("got error %v, want ErrGold containing %q", err, tt.want)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	x := MustExtractor(t)
	gold := []extract.GoldPosting{{
		ID: "a", Title: "Technical Program Manager",
		Description: "Basic Qualifications:\n- Experience with Jira and Confluence\n\nPreferred Qualifications:\n- Experience with risk management",
		Gold:        extract.Gold{Skills: map[string]skilldemand.Strength{"jira-confluence": "required", "risk-management": "preferred"}},
	}}
	rep := extract.Evaluate(x, gold)
	if rep.SkillsMicroF1 != 1 || rep.StrengthAccuracy != 1 {
		t.Errorf("got skills F1 %.2f strength %.2f, want 1 and 1; misses %+v", rep.SkillsMicroF1, rep.StrengthAccuracy, rep.Misses)
	}
	if len(rep.PerSkill) != 15 || rep.PerSkill[0].ID != "system-design" || rep.PerSkill[14].ID != "adaptability" {
		t.Errorf("per-skill rows: got %d starting %q, want the 15 article skills in order", len(rep.PerSkill), rep.PerSkill[0].ID)
	}
	if len(rep.PerSignal) != 7 {
		t.Errorf("per-signal rows: got %d, want 7", len(rep.PerSignal))
	}
}
