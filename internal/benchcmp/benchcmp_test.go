package benchcmp_test

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand/internal/benchcmp"
)

// envN names the variable that turns the benchmark test on, with the
// number of postings: SKILLDEMAND_BENCH_N=2000 go test ./internal/benchcmp
const envN = "SKILLDEMAND_BENCH_N"

// dataPath is the dataset from this package's directory.
const dataPath = "../../../shared/bench/postings.jsonl.gz"

// TestCompare runs every phase in this process on a small N and checks that
// bleve and SQLite give the same demand answers. Speed is only printed.
func TestCompare(t *testing.T) {
	n := 0
	if v := os.Getenv(envN); v != "" {
		var err error
		if n, err = parseN(v); err != nil {
			t.Fatalf("%s=%q: %v; give a number of postings such as 2000", envN, v, err)
		}
	}
	if n == 0 {
		t.Skipf("set %s (such as 2000) to run the index comparison", envN)
	}
	rep, err := benchcmp.Run(context.Background(), benchcmp.Config{
		Data: dataPath, N: n, Runs: 5, Dir: t.TempDir(), InProcess: true,
	})
	if errors.Is(err, benchcmp.ErrNoData) {
		t.Skipf("benchmark dataset absent: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	benchcmp.Print(&out, rep)
	t.Log("\n" + out.String())
	if strings.Contains(out.String(), "DIFFER") {
		t.Errorf("bleve and SQLite answers differ:\n%s", out.String())
	}
	if got := rep.Results[benchcmp.PhaseReindex].Reindexed; got != n {
		t.Errorf("reindexed %d postings, want %d", got, n)
	}
}

// BenchmarkDemand is a go test -bench entry point: it runs the comparison
// once per iteration at SKILLDEMAND_BENCH_N postings (default 2000).
func BenchmarkDemand(b *testing.B) {
	n := 2000
	if v := os.Getenv(envN); v != "" {
		var err error
		if n, err = parseN(v); err != nil {
			b.Fatalf("%s=%q: %v", envN, v, err)
		}
	}
	for b.Loop() {
		rep, err := benchcmp.Run(context.Background(), benchcmp.Config{
			Data: dataPath, N: n, Runs: 20, Dir: b.TempDir(), InProcess: true,
			Phases: []string{benchcmp.PhaseBleve, benchcmp.PhaseSQLite},
		})
		if errors.Is(err, benchcmp.ErrNoData) {
			b.Skipf("benchmark dataset absent: %v", err)
		}
		if err != nil {
			b.Fatal(err)
		}
		var out strings.Builder
		benchcmp.Print(&out, rep)
		b.Log("\n" + out.String())
	}
}

func parseN(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err == nil && n <= 0 {
		err = errors.New("must be more than 0")
	}
	return n, err
}
