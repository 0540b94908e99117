package crawler_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
)

// TestCrawler_PaceEveryRequest checks that the host delay holds between
// all requests to a host: robots.txt and the first request, and the hops
// of a redirect, which colly's own limit does not pace.
func TestCrawler_PaceEveryRequest(t *testing.T) {
	const delay = 80 * time.Millisecond
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nAllow: /\n"))
	})
	mux.HandleFunc("GET /v1/boards/hop/jobs", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/moved/1", http.StatusFound)
	})
	mux.HandleFunc("GET /moved/1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/moved/2", http.StatusMovedPermanently)
	})
	mux.Handle("GET /moved/2", serveFile(t, "greenhouse_jobs.json"))
	mux.HandleFunc("GET /v1/boards/loop/jobs", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/v1/boards/loop/jobs?again="+r.URL.Query().Get("again")+"x", http.StatusFound)
	})
	srv := newFixtureServer(t, mux)
	c, s := newCrawler(t,
		skilldemand.Source{Type: "greenhouse", Board: "hop", BaseURL: srv.URL},
		skilldemand.Source{Type: "greenhouse", Board: "loop", BaseURL: srv.URL},
	)
	c.Delay = delay
	runs := mustRun(t, c)
	if runs[0].Err != "" || len(s.posts) != 2 {
		t.Errorf("got run %+v and %d postings, want the redirected board read with 2", runs[0], len(s.posts))
	}
	if !strings.Contains(runs[1].Err, "too many redirects") {
		t.Errorf("got run %+v, want a too-many-redirects error", runs[1])
	}
	srv.mu.Lock()
	hits := append([]hit(nil), srv.hits...)
	srv.mu.Unlock()
	if len(hits) < 8 {
		t.Fatalf("got %d requests, want robots.txt, 3 hops and at least 4 loop hops", len(hits))
	}
	for i := 1; i < len(hits); i++ {
		if gap := hits[i].at.Sub(hits[i-1].at); gap < delay {
			t.Errorf("%s came %v after %s, want at least %v", hits[i].path, gap, hits[i-1].path, delay)
		}
	}
}

// TestCrawler_RetryAfterTooLong fails the source at once when the server
// asks for a wait longer than the crawler will keep a run waiting.
func TestCrawler_RetryAfterTooLong(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /posting-api/job-board/busy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "come back in an hour", http.StatusTooManyRequests)
	})
	srv := newFixtureServer(t, mux)
	c, _ := newCrawler(t, skilldemand.Source{Type: "ashby", Board: "busy", BaseURL: srv.URL})
	run := mustRun(t, c)[0]
	if !strings.Contains(run.Err, "retry after 1h0m0s") || run.Retries != 0 {
		t.Errorf("got run %+v, want a retry-after error and no retries", run)
	}
	if got := len(srv.apiHits()); got != 1 {
		t.Errorf("got %d requests, want 1", got)
	}
}

// TestCrawler_NoErrorKept checks that a failed answer (4xx, 429, 5xx) is
// neither cached nor remembered in the State: the next run asks again and
// reads the board.
func TestCrawler_NoErrorKept(t *testing.T) {
	for _, status := range []int{http.StatusNotFound, http.StatusForbidden, http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			var failing atomic.Bool
			failing.Store(true)
			ok := serveFile(t, "ashby_board.json")
			mux := http.NewServeMux()
			mux.HandleFunc("GET /posting-api/job-board/initech", func(w http.ResponseWriter, r *http.Request) {
				if failing.Load() {
					w.Header().Set("Cache-Control", "max-age=86400")
					w.Header().Set("ETag", `"err"`)
					http.Error(w, http.StatusText(status), status)
					return
				}
				ok(w, r)
			})
			srv := newFixtureServer(t, mux)
			c, s := newCrawler(t, skilldemand.Source{Type: "ashby", Board: "initech", BaseURL: srv.URL})
			c.MaxRetries = 0
			state := newMemState()
			c.State = state
			if run := mustRun(t, c)[0]; run.Err == "" {
				t.Fatalf("first run: got %+v, want an error", run)
			}
			if len(state.memos) != 0 {
				t.Errorf("got %d memos after a failed answer, want none", len(state.memos))
			}
			failing.Store(false)
			run := mustRun(t, c)[0]
			if run.Err != "" || run.Fetched != 2 || len(s.posts) != 2 {
				t.Errorf("second run: got %+v and %d postings, want 2 fetched", run, len(s.posts))
			}
			if got := len(srv.apiHits()); got != 2 {
				t.Errorf("got %d requests over two runs, want 2", got)
			}
		})
	}
}
