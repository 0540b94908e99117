package crawler_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/crawler"
)

// memState is an in-memory crawler.State.
type memState struct {
	mu       sync.Mutex
	memos    map[string]crawler.Memo
	done     map[string]bool
	replayed []string
}

func newMemState() *memState {
	return &memState{memos: map[string]crawler.Memo{}, done: map[string]bool{}}
}

func (s *memState) Recall(key string) (crawler.Memo, bool, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.memos[key]
	return m, ok, s.done[key], nil
}

func (s *memState) Commit(_ context.Context, key string, m crawler.Memo) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.memos[key], s.done[key] = m, true
	return nil
}

func (s *memState) Replay(_ context.Context, _ string, ids []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replayed = append(s.replayed, ids...)
	return nil
}

// etagServer serves the workday fixtures with ETags and answers 304 to a
// matching If-None-Match when honour is set.
func etagServer(t *testing.T, honour *bool) *fixtureServer {
	return newFixtureServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		const prefix = "/wday/cxs/acme/External"
		name := ""
		switch {
		case r.Method == http.MethodPost && r.URL.Path == prefix+"/jobs":
			name = "workday_jobs.json"
		case strings.HasPrefix(r.URL.Path, prefix+"/job/"):
			name = "workday_job_" + r.URL.Path[strings.LastIndex(r.URL.Path, "_")+1:] + ".json"
		default:
			http.NotFound(w, r)
			return
		}
		etag := `"` + name + `"`
		w.Header().Set("ETag", etag)
		if *honour && r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(mustRead(t, name))
	}))
}

func TestCrawler_Conditional(t *testing.T) {
	for _, honour := range []bool{true, false} {
		t.Run(map[bool]string{true: "304", false: "ignored"}[honour], func(t *testing.T) {
			srv := etagServer(t, &honour)
			src := skilldemand.Source{Type: "workday", Board: "acme", BaseURL: srv.URL, Start: []string{"https://acme.wd5.myworkdayjobs.com/External"}}
			state := newMemState()
			c, _ := newCrawler(t, src)
			c.State = state
			first := mustRun(t, c)
			state.done = map[string]bool{} // a new run
			c2, s2 := newCrawler(t, src)
			c2.State = state
			second := mustRun(t, c2)
			if first[0].Fetched != 3 || second[0].Fetched != 3 || second[0].Err != "" {
				t.Fatalf("got fetched %d then %+v, want 3 both times", first[0].Fetched, second[0])
			}
			if honour {
				if len(s2.posts) != 0 || len(state.replayed) != 3 {
					t.Errorf("got %d postings parsed and %d replayed, want 0 and 3", len(s2.posts), len(state.replayed))
				}
			} else if len(s2.posts) != 3 || len(state.replayed) != 0 {
				t.Errorf("got %d postings parsed and %d replayed, want 3 and 0", len(s2.posts), len(state.replayed))
			}
		})
	}
}

func TestCrawler_Resume(t *testing.T) {
	honour := false
	srv := etagServer(t, &honour)
	src := skilldemand.Source{Type: "workday", Board: "acme", BaseURL: srv.URL, Start: []string{"https://acme.wd5.myworkdayjobs.com/External"}}
	state := newMemState()
	c, _ := newCrawler(t, src)
	c.State = state
	mustRun(t, c)
	// Pretend the run was killed after the list and one detail: forget the
	// other two details.
	var forgot int
	for k := range state.done {
		if strings.Contains(k, "JR-1002") || strings.Contains(k, "JR-1003") {
			delete(state.done, k)
			delete(state.memos, k)
			forgot++
		}
	}
	before := len(srv.apiHits())
	c2, s2 := newCrawler(t, src)
	c2.State = state
	runs := mustRun(t, c2)
	hits := srv.apiHits()[before:]
	if forgot != 2 || len(hits) != 2 {
		t.Fatalf("got %d requests after forgetting %d, want only the 2 unfinished ones", len(hits), forgot)
	}
	ids := append(slices.Clone(state.replayed), mapKeysSlice(s2.byID())...)
	slices.Sort(ids)
	want := []string{"workday:acme:JR-1001", "workday:acme:JR-1002", "workday:acme:JR-1003"}
	if runs[0].Fetched != 3 || !slices.Equal(ids, want) {
		t.Errorf("got fetched %d, ids %v, want 3: %v", runs[0].Fetched, ids, want)
	}
}
