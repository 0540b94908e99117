package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/extract"
	"github.com/skilldemand/skilldemand/store"
)

// batchSize is how many postings are written to the store and index at once.
const batchSize = 1000

// skipOtherDetails makes a crawl skip the detail requests of postings
// listed under titles the role does not match. The throughput benchmark
// turns it off to compare per-page cost with colly on the same pages.
var skipOtherDetails = true

// runID returns a sortable run ID for a start time.
func runID(t time.Time) string { return t.UTC().Format("20060102T150405.000000000Z") }

// ingest takes postings from a crawl or an import, keeps those the role
// matches, extracts them, and writes them to the store and index in batches.
// It is safe for concurrent use (colly calls the sink from many goroutines).
type ingest struct {
	data *Data
	role *extract.Role // nil keeps every posting
	now  time.Time

	mu      sync.Mutex
	batch   []*skilldemand.Posting
	seen    map[string]map[string]bool // source key -> posting IDs seen this run
	counts  map[string]*skilldemand.SourceRun
	onCount func(kept int)
	kept    int

	// Full batches are written outside mu, one at a time and in the order
	// they were taken, so the crawl keeps fetching and extracting while a
	// batch is stored and indexed. taken numbers the batches handed out,
	// written counts those finished; written signals on each finish.
	taken, written uint64
	writeDone      *sync.Cond
	// failed is the first write that failed: every later Flush reports it,
	// so no caller records as done a request whose postings were lost.
	failed error
}

func newIngest(d *Data, role *extract.Role, now time.Time) *ingest {
	in := &ingest{
		data:   d,
		role:   role,
		now:    now,
		seen:   make(map[string]map[string]bool),
		counts: make(map[string]*skilldemand.SourceRun),
	}
	in.writeDone = sync.NewCond(&in.mu)
	return in
}

func (in *ingest) count(key string) *skilldemand.SourceRun {
	c := in.counts[key]
	if c == nil {
		c = &skilldemand.SourceRun{Source: key}
		in.counts[key] = c
	}
	return c
}

// Sink is the crawler's sink: it never blocks on the network.
func (in *ingest) Sink(ctx context.Context, p *skilldemand.Posting) error {
	if err := p.Validate(); err != nil {
		in.data.Logger.Warn("skipping invalid posting", "err", err)
		return nil
	}
	key := p.SourceKey()
	keep := in.role == nil || in.role.Match(p.Title)
	if keep {
		p.Extraction = in.data.Extractor.Extract(p)
	}

	in.mu.Lock()
	if in.seen[key] == nil {
		in.seen[key] = make(map[string]bool)
	}
	in.seen[key][p.ID] = true
	if !keep {
		in.mu.Unlock()
		return nil
	}
	in.count(key).Kept++
	in.kept++
	if in.onCount != nil {
		in.onCount(in.kept)
	}
	in.batch = append(in.batch, p)
	if len(in.batch) < batchSize {
		in.mu.Unlock()
		return nil
	}
	return in.writeLocked()
}

// Flush writes what is buffered and returns once every batch taken before
// it is stored and indexed.
func (in *ingest) Flush() error {
	in.mu.Lock()
	return in.writeLocked()
}

// writeLocked takes the buffered batch, unlocks mu, waits for the batches
// taken before it, and writes it to the store and the index. It is called
// with mu held and returns with it released. An empty batch only waits.
func (in *ingest) writeLocked() error {
	batch, ticket := in.batch, in.taken
	in.batch = nil
	if len(batch) > 0 {
		in.taken++
	}
	for in.written < ticket {
		in.writeDone.Wait()
	}
	if len(batch) == 0 || in.failed != nil {
		if len(batch) > 0 { // dropped: an earlier batch failed
			in.written++
			in.writeDone.Broadcast()
		}
		err := in.failed
		in.mu.Unlock()
		return err
	}
	in.mu.Unlock()

	changes, err := in.data.DB.UpsertPostings(batch, in.now)
	if err == nil {
		// The store filled in the lifecycle fields and near-duplicate
		// groups; index what it holds.
		err = in.data.indexGrouped(batch)
	} else {
		err = fmt.Errorf("store postings: %w", err)
	}

	in.mu.Lock()
	for i, ch := range changes {
		c := in.count(batch[i].SourceKey())
		switch ch {
		case store.ChangeNew:
			c.New++
		case store.ChangeUpdated, store.ChangeReopened:
			c.Updated++
		default:
			c.Unchanged++
		}
	}
	if err != nil && in.failed == nil {
		in.failed = err
	}
	in.written++
	in.writeDone.Broadcast()
	in.mu.Unlock()
	return err
}

// closeMissing closes the postings of a completed source that this run did
// not see, and re-indexes them as closed.
func (in *ingest) closeMissing(key string) (int, error) {
	ids, err := in.data.DB.CloseMissing(key, in.seen[key], in.now)
	if err != nil {
		return 0, fmt.Errorf("close postings of %s: %w", key, err)
	}
	if err := in.data.reindexIDs(ids); err != nil {
		return 0, err
	}
	return len(ids), nil
}

// Crawl runs one crawl of the configured sources and records it.
func (d *Data) Crawl(ctx context.Context, cfg *Config, progress *progress) (*skilldemand.Run, error) {
	role, err := loadRole(cfg)
	if err != nil {
		return nil, err
	}
	started := time.Now().UTC()
	state, err := d.openCrawlState(started) // resumes an unfinished crawl
	if err != nil {
		return nil, err
	}
	run := &skilldemand.Run{ID: state.runID, Started: started, Status: skilldemand.RunRunning}
	if err := d.DB.PutRun(run); err != nil {
		return nil, fmt.Errorf("record run: %w", err)
	}

	in := newIngest(d, role, started)
	in.onCount = progress.Postings
	c := cfg.newCrawler(d)
	c.Sink = in.Sink
	if role != nil && skipOtherDetails {
		c.Keep = role.Match // no detail request for a posting listed under another title
	}
	c.Progress = progress.Source
	c.State, state.in = state, in
	results, crawlErr := c.Run(ctx)
	flushErr := in.Flush()
	flushErr = errors.Join(flushErr, state.finish(crawlErr == nil && flushErr == nil && ctx.Err() == nil))

	failed := 0
	for i := range results {
		r := &results[i]
		counted := in.count(r.Source)
		r.Kept, r.New, r.Updated, r.Unchanged = counted.Kept, counted.New, counted.Updated, counted.Unchanged
		if !r.OK() {
			failed++
			continue // a failed source closes nothing
		}
		if crawlErr != nil || flushErr != nil || ctx.Err() != nil {
			continue // the run did not finish: closing now could close live postings
		}
		if r.Errors > 0 {
			// A malformed entry may be a live posting we could not read:
			// closing what was not seen could close it.
			d.Logger.Info("source had malformed entries; not closing its missing postings", "source", r.Source, "errors", r.Errors)
			continue
		}
		n, err := in.closeMissing(r.Source)
		if err != nil {
			flushErr = errors.Join(flushErr, err)
			continue
		}
		r.Closed = n
	}
	run.Sources = results
	run.Finished = time.Now().UTC()
	switch {
	case crawlErr != nil || flushErr != nil:
		run.Status = skilldemand.RunFailed
		run.Error = errors.Join(crawlErr, flushErr).Error()
	case len(results) > 0 && failed == len(results):
		run.Status = skilldemand.RunFailed
		run.Error = "every source failed"
	case failed > 0:
		run.Status = skilldemand.RunPartial
	default:
		run.Status = skilldemand.RunOK
	}
	// Record the run and the day's demand even when the crawl was cut
	// short: what was stored stays stored.
	snapErr := d.Snapshot(context.WithoutCancel(ctx), run.Finished)
	if err := d.DB.PutRun(run); err != nil {
		return run, fmt.Errorf("record run: %w", err)
	}
	if crawlErr != nil || flushErr != nil {
		return run, errors.Join(crawlErr, flushErr)
	}
	return run, snapErr
}

// Snapshot records the demand over open postings for the day of t.
func (d *Data) Snapshot(ctx context.Context, t time.Time) error {
	demand, err := d.Index.Demand(ctx, skilldemand.Filter{})
	if err != nil {
		return fmt.Errorf("demand snapshot: %w", err)
	}
	s := &skilldemand.Snapshot{Date: t.UTC().Format(time.DateOnly), Taken: t.UTC(), Demand: *demand}
	if err := d.DB.PutSnapshot(s); err != nil {
		return fmt.Errorf("store snapshot: %w", err)
	}
	return nil
}

// reindexIDs re-reads postings from the store and indexes them.
func (d *Data) reindexIDs(ids []string) error {
	var batch []*skilldemand.Posting
	for _, id := range ids {
		p, err := d.DB.Posting(id)
		if err != nil {
			return fmt.Errorf("read posting %s: %w", id, err)
		}
		batch = append(batch, p)
	}
	if len(batch) == 0 {
		return nil
	}
	return d.indexGrouped(batch)
}

// Reindex rebuilds the index from the store, near-duplicate groups
// included (regrouped first when the store's groups are missing or were
// built by other rules). Postings whose extraction is
// missing or was made by another extractor version are re-extracted first
// and, when the store is writable, saved back. It returns how many postings
// were indexed.
func (d *Data) Reindex(ctx context.Context, progress *progress) (int, error) {
	version := extractVersion(d.Taxonomy)
	if !d.DB.ReadOnly {
		need, err := d.DB.NeedsRegroup()
		if err != nil {
			return 0, fmt.Errorf("check duplicate groups: %w", err)
		}
		if need {
			if err := d.DB.RegroupAll(); err != nil {
				return 0, err
			}
		}
	}
	d.useGroups()
	var batch, stale []*skilldemand.Posting
	n := 0
	flush := func() error {
		if len(stale) > 0 && !d.DB.ReadOnly {
			if err := d.DB.SaveExtractions(stale); err != nil {
				return fmt.Errorf("save extractions: %w", err)
			}
		}
		stale = stale[:0]
		if err := d.Index.Index(batch); err != nil {
			return fmt.Errorf("index postings: %w", err)
		}
		n += len(batch)
		progress.Postings(n)
		batch = batch[:0]
		return nil
	}
	err := d.DB.ForEachPosting(func(p *skilldemand.Posting) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p.Extraction == nil || p.Extraction.Version != version {
			p.Extraction = d.Extractor.Extract(p)
			stale = append(stale, p)
		}
		batch = append(batch, p)
		if len(batch) >= batchSize {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return n, err
}
