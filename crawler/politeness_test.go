package crawler_test

import (
	"net/http"
	"strings"
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
