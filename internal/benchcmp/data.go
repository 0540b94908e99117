// Package benchcmp measures the bleve index of package indexer against an
// equivalent SQLite FTS5 database on the same postings: build speed and
// size, filtered and whole-index skill-demand query latency, peak memory,
// and the time a reindex from the store takes.
//
// The postings come from a JSONL dataset (gzip-compressed or not) read
// with dataset.ReadJSONL and replicated under new IDs to the size asked
// for. Figures are printed as ratios against the SQLite run of the same
// program, so they stay comparable on noisy machines. It is a benchmark
// harness, not part of the tool: run it with scripts/bench-index.sh or
// `go run ./internal/benchcmp/benchindex`.
//
// It is the only package that imports the SQLite driver (modernc.org/sqlite).
package benchcmp

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/configs"
	"github.com/skilldemand/skilldemand/dataset"
	"github.com/skilldemand/skilldemand/extract"
)

// DefaultData is the benchmark dataset, relative to the repository root.
const DefaultData = "../shared/bench/postings.jsonl.gz"

// DefaultN is how many postings the benchmark indexes by default.
const DefaultN = 100000

// ErrNoData is returned when the dataset file is missing.
var ErrNoData = errors.New("benchmark dataset not found")

// board is the dataset board name the postings are read under.
const board = "bench"

// ReadPostings reads a JSONL dataset, gzip-compressed when path ends in
// ".gz", and returns at most limit postings (all when limit <= 0) and how
// many records it skipped as invalid.
func ReadPostings(path string, limit int) (ps []*skilldemand.Posting, skipped int, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, fmt.Errorf("%w: %s: pass the dataset path with -data", ErrNoData, path)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("read dataset: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			return nil, 0, fmt.Errorf("read dataset %s: %w", path, err)
		}
		defer z.Close()
		r = z
	}
	// ReadJSONL stops at the first bad record; the dataset has a few
	// (no title), so it reads one line at a time and skips those.
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, dataset.MaxLine)
	for sc.Scan() && (limit <= 0 || len(ps) < limit) {
		one, err := dataset.ReadJSONL(bytes.NewReader(sc.Bytes()), board)
		if err != nil {
			skipped++
			continue
		}
		ps = append(ps, one...)
	}
	if err := sc.Err(); err != nil {
		return nil, skipped, fmt.Errorf("read dataset %s: %w", path, err)
	}
	return ps, skipped, nil
}

// NewExtractor builds the extractor with the bundled taxonomy.
func NewExtractor() (*extract.Extractor, error) {
	skills, err := configs.FS.ReadFile("skills.yaml")
	if err != nil {
		return nil, fmt.Errorf("read taxonomy: %w", err)
	}
	reality, err := configs.FS.ReadFile("market_reality.yaml")
	if err != nil {
		return nil, fmt.Errorf("read taxonomy: %w", err)
	}
	tax, err := extract.LoadTaxonomy(skills, reality)
	if err != nil {
		return nil, fmt.Errorf("load taxonomy: %w", err)
	}
	return extract.New(tax), nil
}

// ExtractAll sets the Extraction of every posting, on one worker per CPU,
// and returns how long it took.
func ExtractAll(x *extract.Extractor, ps []*skilldemand.Posting) time.Duration {
	start := time.Now()
	next := make(chan *skilldemand.Posting)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for p := range next {
				p.Extraction = x.Extract(p)
			}
		})
	}
	for _, p := range ps {
		next <- p
	}
	close(next)
	wg.Wait()
	return time.Since(start)
}

// Replicate returns n postings: base repeated, every copy after the first
// under a new ID and with its copy number appended to the title, so the
// store does not take copies for near-duplicates of one job. Copies share
// the original's Extraction (read-only). n <= len(base) returns base[:n].
func Replicate(base []*skilldemand.Posting, n int) []*skilldemand.Posting {
	if n <= len(base) {
		return base[:n]
	}
	out := make([]*skilldemand.Posting, n)
	for i := range n {
		b := base[i%len(base)]
		k := i / len(base)
		if k == 0 {
			out[i] = b
			continue
		}
		p := *b
		p.ExternalID = fmt.Sprintf("%s-r%d", b.ExternalID, k)
		p.ID = skilldemand.MakeID(p.Source, p.Board, p.ExternalID)
		p.Title = fmt.Sprintf("%s %d", b.Title, k+1)
		out[i] = &p
	}
	return out
}

// writeCache saves extracted postings for the phase subprocesses.
func writeCache(path string, ps []*skilldemand.Posting) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write cache: %w", err)
	}
	if err := gob.NewEncoder(f).Encode(ps); err != nil {
		f.Close()
		return fmt.Errorf("write cache %s: %w", path, err)
	}
	return f.Close()
}

// readCache loads what writeCache saved.
func readCache(path string) ([]*skilldemand.Posting, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read cache: %w", err)
	}
	defer f.Close()
	var ps []*skilldemand.Posting
	if err := gob.NewDecoder(f).Decode(&ps); err != nil {
		return nil, fmt.Errorf("read cache %s: %w", path, err)
	}
	return ps, nil
}
