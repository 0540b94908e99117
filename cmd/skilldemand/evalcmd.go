package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/skilldemand/skilldemand/extract"
)

func (m *Main) evalCommand() *cobra.Command {
	var gold, format string
	var misses int
	var save bool
	cmd := &cobra.Command{
		Use:   "eval --gold FILE.jsonl",
		Short: "Measure the skill extractor against postings with gold labels",
		Long: `Run the extractor over postings that carry gold labels (one JSON object a
line with a "gold" object of skills and signals) and print per-skill and
per-signal precision, recall and F1, the skills and signals micro-F1, and how
often the requirement strength of a correctly found skill is right.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if gold == "" {
				return usageErrorf("--gold is required: name a JSONL file of labelled postings")
			}
			if err := checkFormat(format, []string{"table", "json"}); err != nil {
				return err
			}
			cfg, err := m.queryConfig()
			if err != nil {
				return err
			}
			tax, err := loadTaxonomy(cfg)
			if err != nil {
				return err
			}
			f, err := os.Open(gold)
			if err != nil {
				return usageErrorf("cannot read gold file %s: %v", gold, unwrapPathError(err))
			}
			defer f.Close()
			postings, err := extract.ReadGold(f)
			if err != nil {
				return usageErrorf("gold file %s: %v", gold, err)
			}
			if len(postings) == 0 {
				return usageErrorf("gold file %s holds no postings", gold)
			}
			r := extract.Evaluate(extract.New(tax), postings)
			if save {
				if err := m.saveEval(cmd.Context(), cfg, r, gold, extractVersion(tax)); err != nil {
					return err
				}
			}
			if format == "json" {
				return m.printEvalJSON(r)
			}
			return m.printEvalTable(r, misses)
		},
	}
	cmd.Flags().StringVar(&gold, "gold", "", "JSONL file of postings with gold labels")
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	cmd.Flags().IntVar(&misses, "misses", 10, "print at most this many wrong postings per skill or signal (table format)")
	cmd.Flags().BoolVar(&save, "save", false, "record the result in --data so reports can quote the extractor's measured accuracy")
	return cmd
}

type evalItemJSON struct {
	ID            string  `json:"id"`
	TP            int     `json:"tp"`
	FP            int     `json:"fp"`
	FN            int     `json:"fn"`
	Precision     float64 `json:"precision"`
	Recall        float64 `json:"recall"`
	F1            float64 `json:"f1"`
	StrengthRight int     `json:"strength_correct"`
	StrengthTotal int     `json:"strength_total"`
}

func evalItems(items []extract.ItemScore) []evalItemJSON {
	out := make([]evalItemJSON, 0, len(items))
	for _, it := range items {
		out = append(out, evalItemJSON{
			ID: it.ID, TP: it.TP, FP: it.FP, FN: it.FN,
			Precision: it.Precision, Recall: it.Recall, F1: it.F1,
			StrengthRight: it.StrengthCorrect, StrengthTotal: it.StrengthTotal,
		})
	}
	return out
}

func (m *Main) printEvalJSON(r *extract.EvalReport) error {
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{
		"postings":          r.Postings,
		"skills_micro_f1":   r.SkillsMicroF1,
		"signals_micro_f1":  r.SignalsMicroF1,
		"strength_accuracy": r.StrengthAccuracy,
		"per_skill":         evalItems(r.PerSkill),
		"per_signal":        evalItems(r.PerSignal),
		"misses":            r.Misses,
	})
}

func (m *Main) printEvalTable(r *extract.EvalReport, maxMisses int) error {
	w := m.Stdout
	fmt.Fprintf(w, "%d postings\n\n", r.Postings)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	row := func(it extract.ItemScore, strength bool) {
		s := ""
		if strength && it.StrengthTotal > 0 {
			s = fmt.Sprintf("%d/%d", it.StrengthCorrect, it.StrengthTotal)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%s\t\n", it.ID, it.TP, it.FP, it.FN, it.Precision, it.Recall, it.F1, s)
	}
	fmt.Fprintln(tw, "skill\ttp\tfp\tfn\tprecision\trecall\tf1\tstrength ok\t")
	for _, it := range r.PerSkill {
		row(it, true)
	}
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t")
	fmt.Fprintln(tw, "signal\ttp\tfp\tfn\tprecision\trecall\tf1\t\t")
	for _, it := range r.PerSignal {
		row(it, false)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nskills micro-F1    %.3f  (P %.3f, R %.3f)\n", r.SkillsMicroF1, r.SkillsMicro.Precision, r.SkillsMicro.Recall)
	fmt.Fprintf(w, "signals micro-F1   %.3f  (P %.3f, R %.3f)\n", r.SignalsMicroF1, r.SignalsMicro.Precision, r.SignalsMicro.Recall)
	fmt.Fprintf(w, "strength accuracy  %.3f\n", r.StrengthAccuracy)
	if maxMisses <= 0 || len(r.Misses) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nwhat it got wrong (up to %d per item):\n", maxMisses)
	shown := map[string]int{}
	for _, x := range r.Misses {
		if shown[x.Item] >= maxMisses {
			continue
		}
		shown[x.Item]++
		fmt.Fprintf(w, "  %-28s %-15s %s", x.Item, x.Kind, x.PostingID)
		if x.Got != "" || x.Want != "" {
			fmt.Fprintf(w, "  got=%s want=%s", x.Got, x.Want)
		}
		if x.Evidence != "" {
			fmt.Fprintf(w, "  %q", x.Evidence)
		}
		fmt.Fprintln(w)
	}
	return nil
}

// saveEval records an evaluation in the data dir's store.
func (m *Main) saveEval(ctx context.Context, cfg *Config, r *extract.EvalReport, gold, version string) error {
	d, err := m.openData(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := SaveEval(d.DB, r, filepath.Base(gold), version, time.Now()); err != nil {
		return fmt.Errorf("save evaluation: %w", err)
	}
	return nil
}
