package main

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/crawler"
	"github.com/skilldemand/skilldemand/store"
)

// metaUnfinishedRun names the meta value holding the ID of a crawl that
// started and has not completed; the next crawl resumes it.
const metaUnfinishedRun = "crawl.unfinished_run"

// crawlState is the crawler.State of one crawl, kept in the store: request
// validators (store.Validator, across runs) and the requests this run has
// completed (store.Visits named for the run, cleared when the run
// completes). It is what makes a killed crawl resume without refetching
// what it had done, and a nightly re-crawl of an unchanged board cheap.
type crawlState struct {
	db      *store.DB
	runID   string
	resumed bool
	visits  *store.Visits
	in      *ingest // set before the crawl starts

	mu      sync.Mutex
	pending []store.RequestDone // completed requests not yet recorded
	last    time.Time           // when pending was last recorded
}

// Completed requests are recorded in groups, one store transaction (and
// one postings flush) per group: at most commitEvery requests or
// commitInterval apart. A crash loses only the unrecorded group, whose
// requests the resumed crawl fetches again.
const (
	commitEvery    = 1024
	commitInterval = time.Second
)

var _ crawler.State = (*crawlState)(nil)

// openCrawlState returns the state of the unfinished crawl when there is
// one, else of a new crawl started at t.
func (d *Data) openCrawlState(t time.Time) (*crawlState, error) {
	id, err := d.DB.Meta(metaUnfinishedRun)
	if err != nil {
		return nil, fmt.Errorf("read crawl state: %w", err)
	}
	s := &crawlState{db: d.DB, runID: id, resumed: id != ""}
	if id == "" {
		s.runID = runID(t)
		if err := d.DB.SetMeta(metaUnfinishedRun, s.runID); err != nil {
			return nil, fmt.Errorf("record crawl state: %w", err)
		}
	} else {
		d.Logger.Info("resuming the crawl that did not finish", "run", id)
	}
	s.visits = d.DB.Visits("run:" + s.runID)
	if err := s.visits.Init(); err != nil {
		return nil, fmt.Errorf("crawl state: %w", err)
	}
	return s, nil
}

// finish records what is pending (validators outlive the run) and clears
// the state when the crawl completed; an interrupted crawl keeps it for the
// next one to resume.
func (s *crawlState) finish(completed bool) error {
	s.mu.Lock()
	err := s.commitLocked()
	s.mu.Unlock()
	if err != nil || !completed {
		return err
	}
	if err := s.visits.Clear(); err != nil {
		return err
	}
	return s.db.SetMeta(metaUnfinishedRun, "")
}

// requestID hashes a request key for store.Visits.
func requestID(key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	return h.Sum64()
}

// Recall implements crawler.State.
func (s *crawlState) Recall(key string) (crawler.Memo, bool, bool, error) {
	v, ok, err := s.db.Validator(key)
	if err != nil || !ok {
		return crawler.Memo{}, false, false, err
	}
	done := false
	if s.resumed {
		if done, err = s.visits.IsVisited(requestID(key)); err != nil {
			return crawler.Memo{}, false, false, err
		}
	}
	return crawler.Memo{ETag: v.ETag, LastModified: v.LastModified, IDs: v.IDs, Next: v.Next, Bad: v.Bad}, true, done, nil
}

// Commit implements crawler.State. The request joins the pending group;
// when the group is due, the postings buffered so far are written first,
// then the group's validators and visits in one transaction.
func (s *crawlState) Commit(_ context.Context, key string, m crawler.Memo) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := store.Validator{ETag: m.ETag, LastModified: m.LastModified, IDs: m.IDs, Next: m.Next, Bad: m.Bad, Stored: time.Now().UTC()}
	s.pending = append(s.pending, store.RequestDone{Key: key, Validator: v, RequestID: requestID(key)})
	if len(s.pending) < commitEvery && time.Since(s.last) < commitInterval {
		return nil
	}
	return s.commitLocked()
}

func (s *crawlState) commitLocked() error {
	if len(s.pending) == 0 {
		return nil
	}
	if err := s.in.Flush(); err != nil {
		return err
	}
	if err := s.db.CommitRequests("run:"+s.runID, s.pending); err != nil {
		return fmt.Errorf("record crawl state: %w", err)
	}
	s.pending = s.pending[:0]
	s.last = time.Now()
	return nil
}

// Replay implements crawler.State: each stored posting goes through the
// sink again, so it counts as seen (and is not closed) and its last-seen
// time moves on. IDs the store does not hold were not kept by the role
// filter; they need nothing.
func (s *crawlState) Replay(ctx context.Context, _ string, ids []string) error {
	for _, id := range ids {
		p, err := s.db.Posting(id)
		if errors.Is(err, skilldemand.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		p.ClosedAt, p.Extraction = time.Time{}, nil
		if err := s.in.Sink(ctx, p); err != nil {
			return err
		}
	}
	return nil
}
