package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/gocolly/colly/v2"
)

// Memo is what a run remembers of one request, for conditional requests in
// a later run and for resuming an interrupted run.
type Memo struct {
	// ETag and LastModified are the validators of the response, "" when
	// the server sent none.
	ETag, LastModified string
	// IDs are the posting IDs the response yielded.
	IDs []string
	// Next are the follow-up requests it asked for, encoded by the crawler.
	Next []byte
	// Bad is how many malformed entries it had.
	Bad int
}

// State keeps memos across runs and the requests an unfinished run has
// completed. With a State, a response that answers 304 Not Modified, and a
// request completed before an interrupted run was resumed, is not parsed
// again: its postings are replayed by ID and its follow-up requests are
// made. Correctness never depends on the server: a server that ignores the
// validators answers 200 and the response is read as usual.
type State interface {
	// Recall returns the memo of a request key (ok false when none) and
	// whether the key was completed in the run being resumed.
	Recall(key string) (m Memo, ok, done bool, err error)
	// Commit is called after every posting of a response went to the Sink.
	// It must make those postings durable, then store m and mark key
	// completed, in that order.
	Commit(ctx context.Context, key string, m Memo) error
	// Replay re-emits the postings of a source with the given IDs (those
	// stored; others only count as seen). Calls are serialised with Sink.
	Replay(ctx context.Context, source string, ids []string) error
}

// errState wraps a State failure; it aborts the run.
var errState = fmt.Errorf("crawl state")

func encodeNext(next []fetch) []byte {
	if len(next) == 0 {
		return nil
	}
	b, _ := json.Marshal(next)
	return b
}

func decodeNext(b []byte) ([]fetch, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var next []fetch
	if err := json.Unmarshal(b, &next); err != nil {
		return nil, err
	}
	return next, nil
}

// abort stops the run because the State failed.
func (j *sourceJob) abort(err error) {
	err = fmt.Errorf("%w: %w", errState, err)
	j.run.cancel(err)
	j.fail(err)
}

// recall looks up the memo of f. It reports true when f needs no request
// (it was completed before the resumed run and has been replayed).
func (j *sourceJob) recall(f fetch, st *reqState, hdr http.Header) bool {
	s := j.run.c.State
	if s == nil {
		return false
	}
	m, ok, done, err := s.Recall(f.key())
	if err != nil {
		j.abort(err)
		return true
	}
	if !ok {
		return false
	}
	if done {
		j.run.logger.Debug("completed before the run was interrupted; replaying", logSource, j.src.Key(), logURL, f.URL)
		j.replay(f, m, false)
		return true
	}
	if m.ETag != "" || m.LastModified != "" {
		st.memo = &m
		if m.ETag != "" {
			hdr.Set("If-None-Match", m.ETag)
		}
		if m.LastModified != "" {
			hdr.Set("If-Modified-Since", m.LastModified)
		}
	}
	return false
}

// replay re-emits the postings of a memo and makes its follow-up
// requests; commit records the request completed in this run.
func (j *sourceJob) replay(f fetch, m Memo, commit bool) {
	r := j.run
	next, err := decodeNext(m.Next)
	if err != nil {
		// An unreadable memo cannot be replayed: fail the source so that
		// nothing of it is closed.
		j.fail(fmt.Errorf("%s: stored crawl state is unreadable (%v): crawl again", f.URL, err))
		return
	}
	r.cbMu.Lock()
	err = context.Cause(r.ctx)
	if err == nil {
		err = r.c.State.Replay(r.ctx, j.src.Key(), m.IDs)
	}
	r.cbMu.Unlock()
	if err != nil {
		j.abort(err)
		return
	}
	j.mu.Lock()
	j.out.Fetched += len(m.IDs)
	j.out.Errors += m.Bad
	for _, id := range m.IDs {
		j.seen[strings.TrimPrefix(id, j.src.Key()+":")] = true
	}
	j.mu.Unlock()
	if commit {
		if err := r.c.State.Commit(r.ctx, f.key(), m); err != nil {
			j.abort(err)
			return
		}
	}
	j.follow(next)
}

// commit stores the memo of a parsed response.
func (j *sourceJob) commit(f fetch, resp *colly.Response, ids []string, pg page) bool {
	s := j.run.c.State
	if s == nil {
		return true
	}
	m := Memo{IDs: ids, Next: encodeNext(pg.Next), Bad: len(pg.Bad)}
	if resp.Headers != nil {
		m.ETag = resp.Headers.Get("ETag")
		m.LastModified = resp.Headers.Get("Last-Modified")
	}
	if err := s.Commit(j.run.ctx, f.key(), m); err != nil {
		j.abort(err)
		return false
	}
	return true
}
