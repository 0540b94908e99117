package extract_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand/extract"
)

var showMisses = flag.Bool("misses", false, "print every miss of the dev-set evaluation")

// devPath is the labelled dev set, outside the repository.
const devPath = "../../shared/eval/dev.jsonl"

// Thresholds a little under the dev-set scores reached; a change that drops
// below them is a regression.
const (
	minSkillsF1  = 0.975 // reached 0.990
	minSignalsF1 = 0.935 // reached 0.952
	minStrength  = 0.93  // reached 0.946
	minPerSkill  = 0.95  // lowest reached 0.97
)

func TestDevSet(t *testing.T) {
	f, err := os.Open(devPath)
	if err != nil {
		t.Skipf("dev set not available (%v): run from a checkout beside ../shared/eval", err)
	}
	defer f.Close()
	gold, err := extract.ReadGold(f)
	if err != nil {
		t.Fatal(err)
	}
	rep := extract.Evaluate(MustExtractor(t), gold)
	t.Logf("postings %d: skills micro P %.3f R %.3f F1 %.3f; signals P %.3f R %.3f F1 %.3f; strength %d/%d = %.3f",
		rep.Postings, rep.SkillsMicro.Precision, rep.SkillsMicro.Recall, rep.SkillsMicroF1,
		rep.SignalsMicro.Precision, rep.SignalsMicro.Recall, rep.SignalsMicroF1,
		rep.StrengthCorrect, rep.StrengthTotal, rep.StrengthAccuracy)
	var b strings.Builder
	for _, it := range append(append([]extract.ItemScore(nil), rep.PerSkill...), rep.PerSignal...) {
		fmt.Fprintf(&b, "\n  %-28s tp %3d fp %3d fn %3d  P %.2f R %.2f F1 %.2f  strength %d/%d", it.ID, it.TP, it.FP, it.FN, it.Precision, it.Recall, it.F1, it.StrengthCorrect, it.StrengthTotal)
	}
	t.Log(b.String())
	if *showMisses {
		for _, m := range rep.Misses {
			t.Logf("%s %s %s got=%s want=%s :: %s", m.Kind, m.Item, m.PostingID, m.Got, m.Want, m.Evidence)
		}
	}
	if rep.SkillsMicroF1 < minSkillsF1 {
		t.Errorf("skills micro-F1 %.3f, want >= %.3f", rep.SkillsMicroF1, minSkillsF1)
	}
	if rep.SignalsMicroF1 < minSignalsF1 {
		t.Errorf("signals micro-F1 %.3f, want >= %.3f", rep.SignalsMicroF1, minSignalsF1)
	}
	if rep.StrengthAccuracy < minStrength {
		t.Errorf("strength accuracy %.3f, want >= %.3f", rep.StrengthAccuracy, minStrength)
	}
	for _, it := range rep.PerSkill {
		if it.F1 < minPerSkill {
			t.Errorf("skill %s F1 %.3f, want >= %.3f", it.ID, it.F1, minPerSkill)
		}
	}
}
