package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// crossBoards serves Greenhouse boards acme and acme2 listing the same job
// while the test says so.
type crossBoards struct {
	mu     sync.Mutex
	listed map[string]bool
}

func (c *crossBoards) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var board string
	switch r.URL.Path {
	case "/v1/boards/acme/jobs":
		board = "acme"
	case "/v1/boards/acme2/jobs":
		board = "acme2"
	default:
		http.NotFound(w, r)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.listed[board] {
		fmt.Fprint(w, `{"jobs":[],"meta":{"total":0}}`)
		return
	}
	body := strings.Repeat("&lt;p&gt;You will run payments programs across engineering, product and operations teams.&lt;/p&gt;", 3) +
		"&lt;h3&gt;Minimum qualifications&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;5+ years of program management&lt;/li&gt;&lt;li&gt;Experience with Jira and risk management&lt;/li&gt;&lt;/ul&gt;"
	fmt.Fprintf(w, `{"jobs":[{"id":7,"internal_job_id":7,"title":"Technical Program Manager",
		"updated_at":"2026-10-01T10:00:00-04:00","first_published":"2026-09-01T10:00:00-04:00","requisition_id":"R7",
		"company_name":"Acme","location":{"name":"Remote"},"absolute_url":"https://boards.example/%s/7",
		"metadata":null,"content":%q,"departments":[],"offices":[]}],"meta":{"total":1}}`, board, body)
}

func (c *crossBoards) set(boards ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.listed = map[string]bool{}
	for _, b := range boards {
		c.listed[b] = true
	}
}

func TestCrawl_CrossPosted(t *testing.T) {
	boards := &crossBoards{}
	srv := httptest.NewServer(boards)
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "sources.yaml"), fmt.Sprintf(`
role: tpm
politeness: { per_host_delay: 0s, timeout: 5s, max_retries: 0 }
sources:
  - { type: greenhouse, board: acme, base_url: %q }
  - { type: greenhouse, board: acme2, base_url: %q }
`, srv.URL, srv.URL))
	data := filepath.Join(dir, "data")
	crawl := func() {
		t.Helper()
		if code, _, stderr := runAll(t, "crawl", "--config", cfg, "--data", data); code != exitOK {
			t.Fatalf("crawl: exit %d: %s", code, stderr)
		}
	}

	boards.set("acme", "acme2")
	crawl()
	total, hits := searchTotal(t, "--data", data)
	if total != 1 || hits[0].ID != "greenhouse:acme:7" || len(hits[0].OtherURLs) != 1 {
		t.Fatalf("both boards: got %d postings %+v, want acme's once with acme2's URL", total, hits)
	}

	// The canonical posting closes: the other board's takes over.
	boards.set("acme2")
	crawl()
	total, hits = searchTotal(t, "--data", data)
	if total != 1 || hits[0].ID != "greenhouse:acme2:7" || !hits[0].Open {
		t.Fatalf("after acme closed: got %d postings %+v, want acme2's, open", total, hits)
	}

	boards.set()
	crawl()
	if total, _ := searchTotal(t, "--data", data); total != 0 {
		t.Errorf("after both closed: got %d open postings, want 0", total)
	}
	if total, _ := searchTotal(t, "--data", data, "--all"); total != 1 {
		t.Errorf("after both closed: got %d postings with --all, want the job once", total)
	}
}
