package crawler_test

import (
	"compress/gzip"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
)

func TestCrawler_Limits(t *testing.T) {
	t.Run("RedirectLoop", func(t *testing.T) {
		mux := http.NewServeMux()
		n := 0
		var mu sync.Mutex
		mux.HandleFunc("GET /robots.txt", http.NotFound)
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			n++
			to := "/hop/" + strings.Repeat("x", n)
			mu.Unlock()
			http.Redirect(w, r, to, http.StatusFound)
		})
		srv := newFixtureServer(t, mux)
		c, _ := newCrawler(t, skilldemand.Source{Type: "greenhouse", Board: "loop", BaseURL: srv.URL})
		run := mustRun(t, c)[0]
		if !strings.Contains(run.Err, "too many redirects") || run.Retries != 0 {
			t.Fatalf("got run %+v, want a too-many-redirects error and no retries", run)
		}
		if got := len(srv.apiHits()); got > 6 {
			t.Errorf("got %d requests, want at most 6 (one plus five redirects)", got)
		}
	})

	t.Run("BodyTooLarge", func(t *testing.T) {
		mux := http.NewServeMux()
		mux.Handle("GET /v1/boards/acmerobotics/jobs", serveFile(t, "greenhouse_jobs.json"))
		srv := newFixtureServer(t, mux)
		c, s := newCrawler(t, skilldemand.Source{Type: "greenhouse", Board: "acmerobotics", BaseURL: srv.URL})
		c.MaxBodySize = 1000
		run := mustRun(t, c)[0]
		if !strings.Contains(run.Err, "too large") || len(s.posts) != 0 {
			t.Fatalf("got run %+v and %d postings, want a too-large error and none", run, len(s.posts))
		}
	})

	t.Run("GzipBomb", func(t *testing.T) {
		mux := http.NewServeMux()
		mux.HandleFunc("GET /posting-api/job-board/bomb", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write([]byte(`{"jobs":[`))
			pad := []byte(strings.Repeat(" ", 1<<16))
			for range 64 { // 4 MiB once decompressed
				zw.Write(pad)
			}
			zw.Write([]byte(`]}`))
			zw.Close()
		})
		srv := newFixtureServer(t, mux)
		c, _ := newCrawler(t, skilldemand.Source{Type: "ashby", Board: "bomb", BaseURL: srv.URL})
		c.MaxBodySize = 1 << 20
		run := mustRun(t, c)[0]
		if !strings.Contains(run.Err, "too large") {
			t.Fatalf("got run %+v, want a too-large error", run)
		}
	})

	t.Run("TimeoutRetried", func(t *testing.T) {
		srv := ashbyFailingFirst(t, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		})
		c, _ := newCrawler(t, skilldemand.Source{Type: "ashby", Board: "initech", BaseURL: srv.URL})
		c.Timeout = 300 * time.Millisecond
		run := mustRun(t, c)[0]
		if run.Err != "" || run.Retries != 1 || run.Fetched != 2 {
			t.Fatalf("got run %+v, want no err, 1 retry, 2 fetched", run)
		}
	})

	t.Run("UserAgent", func(t *testing.T) {
		var mu sync.Mutex
		var agents []string
		mux := http.NewServeMux()
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			agents = append(agents, r.URL.Path+" "+r.UserAgent())
			mu.Unlock()
			http.NotFound(w, r)
		})
		srv := newFixtureServer(t, mux)
		c, _ := newCrawler(t, skilldemand.Source{Type: "ashby", Board: "x", BaseURL: srv.URL})
		mustRun(t, c)
		mu.Lock()
		defer mu.Unlock()
		if len(agents) != 2 {
			t.Fatalf("got requests %q, want robots.txt and the board", agents)
		}
		for _, a := range agents {
			if !strings.HasSuffix(a, " skilldemand/0.1 (+https://github.com/skilldemand/skilldemand)") {
				t.Errorf("got %q, want the default User-Agent", a)
			}
		}
	})
}

// TestCrawler_RepeatedPages stops paging when an API ignores skip.
func TestCrawler_RepeatedPages(t *testing.T) {
	board := leverBoard(t, 100)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v0/postings/stuck", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		q.Set("skip", "0") // ignore skip
		r.URL.RawQuery = q.Encode()
		board(w, r)
	})
	srv := newFixtureServer(t, mux)
	c, s := newCrawler(t, skilldemand.Source{Type: "lever", Board: "stuck", BaseURL: srv.URL})
	run := mustRun(t, c)[0]
	if run.Fetched != 100 || len(s.posts) != 100 {
		t.Errorf("got run %+v and %d postings, want 100 fetched once each", run, len(s.posts))
	}
	if got := len(srv.apiHits()); got != 2 {
		t.Errorf("got %d requests, want 2 (the repeat stops paging)", got)
	}
}
