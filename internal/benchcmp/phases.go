package benchcmp

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/extract"
	"github.com/skilldemand/skilldemand/indexer"
	"github.com/skilldemand/skilldemand/store"
)

// Phases a run is made of; each runs in its own process for honest peaks.
const (
	PhaseBleve   = "bleve"
	PhaseSQLite  = "sqlite"
	PhaseReindex = "reindex"
	// PhaseMappings builds the index with alternative bleve mappings; it
	// needs a build with -tags benchmapping and is not in Phases.
	PhaseMappings = "mappings"
)

// MappingResult is one mapping variant's build time, size and the latency
// of a company-filtered and a whole-index facet query (the six Demand facets).
type MappingResult struct {
	Name     string        `json:"name"`
	Build    time.Duration `json:"build"`
	Size     int64         `json:"size"`
	Filtered Stats         `json:"filtered"`
	Whole    Stats         `json:"whole"`
}

// mappingExperiment is set by the benchmapping build.
var mappingExperiment func(ctx context.Context, dir string, ps []*skilldemand.Posting, runs int) ([]MappingResult, error)

// Phases lists the phases in the order Run runs them.
var Phases = []string{PhaseBleve, PhaseSQLite, PhaseReindex}

// indexChunk is how many postings the bleve build hands Index at once
// (Index writes them in batches of indexer.BatchSize).
const indexChunk = 4 * indexer.BatchSize

// reindexBatch is how many postings `skilldemand reindex` hands Index at
// once (cmd/skilldemand's batchSize).
const reindexBatch = 1000

// QueryResult is one query's latency and answer on one engine.
type QueryResult struct {
	Query  Query               `json:"query"`
	Stats  Stats               `json:"stats"`
	Demand *skilldemand.Demand `json:"demand"`
}

// Result is what one phase measured.
type Result struct {
	Phase    string        `json:"phase"`
	Docs     int           `json:"docs"`
	Build    time.Duration `json:"build"`     // build until closed on disk
	Size     int64         `json:"size"`      // bytes on disk after close
	BuildMem Mem           `json:"build_mem"` // during the build
	QueryMem Mem           `json:"query_mem"` // during the queries
	Queries  []QueryResult `json:"queries"`

	// Reindex phase only.
	StoreLoad time.Duration `json:"store_load,omitempty"` // upserting the postings
	Reindexed int           `json:"reindexed,omitempty"`
	Reindex   time.Duration `json:"reindex,omitempty"`

	// Bleve phase only: the whole-index query answered from Demand's
	// result cache (the timed queries above bypass it).
	CachedWhole Stats `json:"cached_whole,omitempty"`

	// Mappings phase only.
	Mappings []MappingResult `json:"mappings,omitempty"`
}

// discard is the logger the engines get: the benchmark prints its own table.
var discard = slog.New(slog.DiscardHandler)

// runPhase runs one phase over ps in dir.
func runPhase(ctx context.Context, phase, dir string, ps []*skilldemand.Posting, runs int) (*Result, error) {
	switch phase {
	case PhaseBleve:
		return runBleve(ctx, dir, ps, runs)
	case PhaseSQLite:
		return runSQLite(ctx, dir, ps, runs)
	case PhaseReindex:
		return runReindex(ctx, dir, ps)
	case PhaseMappings:
		if mappingExperiment == nil {
			return nil, fmt.Errorf("phase %s: build with -tags benchmapping", phase)
		}
		ms, err := mappingExperiment(ctx, dir, ps, runs)
		return &Result{Phase: phase, Docs: len(ps), Mappings: ms}, err
	}
	return nil, fmt.Errorf("unknown phase %q: use one of %v", phase, Phases)
}

func runBleve(ctx context.Context, dir string, ps []*skilldemand.Posting, runs int) (*Result, error) {
	path := filepath.Join(dir, "bleve")
	if err := os.RemoveAll(path); err != nil {
		return nil, err
	}
	res := &Result{Phase: PhaseBleve, Docs: len(ps)}
	done := memStep()
	start := time.Now()
	x := indexer.NewIndex(path)
	x.Logger = discard
	if err := x.Open(); err != nil {
		return nil, err
	}
	for i := 0; i < len(ps); i += indexChunk {
		if err := x.Index(ps[i:min(i+indexChunk, len(ps))]); err != nil {
			x.Close()
			return nil, err
		}
	}
	if err := x.Close(); err != nil {
		return nil, err
	}
	res.Build = time.Since(start)
	res.BuildMem = done()
	var err error
	if res.Size, err = dirSize(path); err != nil {
		return nil, err
	}

	done = memStep()
	x = indexer.NewIndex(path)
	x.Logger = discard
	x.ReadOnly = true
	if err := x.Open(); err != nil {
		return nil, err
	}
	defer x.Close()
	if n, err := x.Count(); err != nil || int(n) != len(ps) {
		return nil, fmt.Errorf("bleve index holds %d postings (%v), want %d", n, err, len(ps))
	}
	// Time the search, not Demand's result cache: every call searches.
	x.NoCache = true
	qs := Queries(ps)
	res.Queries, err = timeQueries(ctx, qs, runs, x.Demand)
	res.QueryMem = done()
	if err != nil {
		return res, err
	}
	x.NoCache = false
	for _, q := range qs {
		if q.Whole {
			cached, err := timeQueries(ctx, []Query{q}, runs, x.Demand)
			if err != nil {
				return res, err
			}
			res.CachedWhole = cached[0].Stats
		}
	}
	return res, nil
}

func runSQLite(ctx context.Context, dir string, ps []*skilldemand.Posting, runs int) (*Result, error) {
	path := filepath.Join(dir, "sqlite.db")
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return nil, err
		}
	}
	res := &Result{Phase: PhaseSQLite, Docs: len(ps)}
	done := memStep()
	start := time.Now()
	db, err := OpenSQLite(path, true)
	if err != nil {
		return nil, err
	}
	if err := db.Insert(ps); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	res.Build = time.Since(start)
	res.BuildMem = done()
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			res.Size += fi.Size()
		}
	}

	done = memStep()
	db, err = OpenSQLite(path, false)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	res.Queries, err = timeQueries(ctx, Queries(ps), runs, db.Demand)
	res.QueryMem = done()
	return res, err
}

// timeQueries runs each query once to warm up and keep its answer, then
// runs times more for the latencies.
func timeQueries(ctx context.Context, qs []Query, runs int,
	demand func(context.Context, skilldemand.Filter) (*skilldemand.Demand, error)) ([]QueryResult, error) {
	var out []QueryResult
	for _, q := range qs {
		d, err := demand(ctx, q.Filter)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", q.Name, err)
		}
		ds := make([]time.Duration, 0, runs)
		for range runs {
			start := time.Now()
			if _, err := demand(ctx, q.Filter); err != nil {
				return nil, fmt.Errorf("query %s: %w", q.Name, err)
			}
			ds = append(ds, time.Since(start))
		}
		out = append(out, QueryResult{Query: q, Stats: stats(ds), Demand: d})
	}
	return out, nil
}

// runReindex stores the postings in a bbolt store, then times what
// `skilldemand reindex` does: regroup if needed, walk the store, re-extract
// stale postings, index in batches with the store's duplicate groups.
func runReindex(ctx context.Context, dir string, ps []*skilldemand.Posting) (*Result, error) {
	dbPath, idxPath := filepath.Join(dir, "store.db"), filepath.Join(dir, "reindex")
	for _, p := range []string{dbPath, idxPath} {
		if err := os.RemoveAll(p); err != nil {
			return nil, err
		}
	}
	res := &Result{Phase: PhaseReindex, Docs: len(ps)}
	start := time.Now()
	db := store.NewDB(dbPath)
	db.Logger = discard
	if err := db.Open(); err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	for i := 0; i < len(ps); i += sqliteBatch {
		if _, err := db.UpsertPostings(ps[i:min(i+sqliteBatch, len(ps))], now); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	res.StoreLoad = time.Since(start)
	xt, err := NewExtractor()
	if err != nil {
		return nil, err
	}
	ps = nil // the walk reads from the store

	done := memStep()
	start = time.Now()
	n, err := reindex(ctx, dbPath, idxPath, xt)
	if err != nil {
		return nil, err
	}
	res.Reindex = time.Since(start)
	res.Reindexed = n
	res.BuildMem = done()
	res.Size, err = dirSize(idxPath)
	return res, err
}

// reindex is cmd/skilldemand's Data.Reindex on a fresh index directory.
func reindex(ctx context.Context, dbPath, idxPath string, xt *extract.Extractor) (int, error) {
	db := store.NewDB(dbPath)
	db.Logger = discard
	if err := db.Open(); err != nil {
		return 0, err
	}
	defer db.Close()
	x := indexer.NewIndex(idxPath)
	x.Logger = discard
	if err := x.Open(); err != nil {
		return 0, err
	}
	defer x.Close()

	need, err := db.NeedsRegroup()
	if err != nil {
		return 0, err
	}
	if need {
		if err := db.RegroupAll(); err != nil {
			return 0, err
		}
	}
	x.Groups = groupsOf(db)
	version := extract.Version + "+" + xt.Taxonomy().Version
	var batch, stale []*skilldemand.Posting
	n := 0
	flush := func() error {
		if len(stale) > 0 {
			if err := db.SaveExtractions(stale); err != nil {
				return err
			}
			stale = stale[:0]
		}
		if err := x.Index(batch); err != nil {
			return err
		}
		n += len(batch)
		batch = batch[:0]
		return nil
	}
	err = db.ForEachPosting(func(p *skilldemand.Posting) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p.Extraction == nil || p.Extraction.Version != version {
			p.Extraction = xt.Extract(p)
			stale = append(stale, p)
		}
		batch = append(batch, p)
		if len(batch) >= reindexBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return n, err
	}
	return n, x.Close()
}

// groupsOf is cmd/skilldemand's view of the store's near-duplicate groups.
func groupsOf(db *store.DB) indexer.GroupsFunc {
	return func(ids []string) (map[string]indexer.Dup, error) {
		gs, err := db.GroupsOf(ids)
		if err != nil {
			return nil, err
		}
		out := make(map[string]indexer.Dup, len(gs))
		for id, g := range gs {
			dup := indexer.Dup{Group: g.ID, Canonical: g.Canonical == id}
			if dup.Canonical {
				for _, m := range g.Members {
					dup.Locations = append(dup.Locations, m.Location)
					dup.Sources = append(dup.Sources, m.Source)
					dup.URLs = append(dup.URLs, m.URL)
				}
			}
			out[id] = dup
		}
		return out, nil
	}
}

// dirSize is the total size of the regular files under path.
func dirSize(path string) (int64, error) {
	var n int64
	err := filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			n += fi.Size()
		}
		return nil
	})
	return n, err
}
