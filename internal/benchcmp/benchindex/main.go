// Command benchindex compares the bleve index with SQLite FTS5 on
// replicated dataset postings and prints a table of ratios against the
// goals. Each phase runs in a subprocess of this program.
//
//	go run ./internal/benchcmp/benchindex -n 100000
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/skilldemand/skilldemand/internal/benchcmp"
)

func main() {
	var c benchcmp.Config
	var phase, phases string
	flag.StringVar(&c.Data, "data", benchcmp.DefaultData, "dataset `path` (JSONL, gzip allowed)")
	flag.IntVar(&c.N, "n", benchcmp.DefaultN, "postings to index (the dataset is replicated under new ids)")
	flag.IntVar(&c.Runs, "runs", 50, "timed runs per query")
	flag.StringVar(&c.Dir, "dir", "", "work `directory` (default: a temporary one, removed after)")
	flag.StringVar(&phases, "phases", strings.Join(benchcmp.Phases, ","), "phases to run")
	flag.BoolVar(&c.InProcess, "inprocess", false, "run the phases in this process (less honest peak memory)")
	flag.StringVar(&phase, "phase", "", "run one phase on a prepared -dir (internal: how the phases run)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	if phase != "" {
		if err := benchcmp.RunPhase(ctx, phase, c.Dir, c.N, c.Runs, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "benchindex:", err)
			os.Exit(1)
		}
		return
	}
	c.Phases = strings.Split(phases, ",")
	c.Stdout, c.Stderr = os.Stdout, os.Stderr
	rep, err := benchcmp.Run(ctx, c)
	if errors.Is(err, benchcmp.ErrNoData) {
		fmt.Fprintln(os.Stderr, "benchindex: skipped:", err)
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchindex:", err)
		os.Exit(1)
	}
	benchcmp.Print(os.Stdout, rep)
}
