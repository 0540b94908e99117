package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/crawler/crawlertest"
	"github.com/skilldemand/skilldemand/store"
)

// careerSite is a loopback career site of n JSON-LD posting pages listed in
// a sitemap. Pages carry ETags and answer 304 to a matching If-None-Match.
type careerSite struct {
	n     int
	hits  atomic.Int64 // posting pages served with a body
	onHit func(n int64)
	mu    sync.Mutex
	pages map[string]int // requests per path
}

func (s *careerSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.pages == nil {
		s.pages = map[string]int{}
	}
	s.pages[r.URL.Path]++
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case r.URL.Path == "/sitemap.xml":
		var b strings.Builder
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := 1; i <= s.n; i++ {
			fmt.Fprintf(&b, "<url><loc>/jobs/%d</loc></url>", i)
		}
		b.WriteString("</urlset>")
		w.Write([]byte(b.String()))
	case strings.HasPrefix(r.URL.Path, "/jobs/"):
		i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/jobs/"))
		if err != nil || i < 1 || i > s.n {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"job-%d"`, i)
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprintf(w, `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","identifier":"J%d","title":"Technical Program Manager %d","description":"<p>Drive cross-functional programs and manage risk with engineering teams.</p>","hiringOrganization":{"name":"Acme"}}</script></head></html>`, i, i)
		if s.onHit != nil {
			s.onHit(s.hits.Add(1))
		}
	default:
		http.NotFound(w, r)
	}
}

func siteConfig(t *testing.T, dir string, urls ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("role: tpm\npoliteness: { per_host_delay: 1ms, timeout: 5s, max_retries: 1 }\nsources:\n")
	for i, u := range urls {
		fmt.Fprintf(&b, "  - { type: jsonld, board: site%d, start: [%q] }\n", i, u+"/sitemap.xml")
	}
	return writeFile(t, filepath.Join(dir, "sources.yaml"), b.String())
}

// openIDs returns the IDs of the open postings of a data dir, sorted.
func openIDs(t *testing.T, data string) []string {
	t.Helper()
	db := store.NewDB(filepath.Join(data, storeFile))
	db.ReadOnly = true
	if err := db.Open(); err != nil {
		t.Fatalf("open store: %v", err)
	}
	defer db.Close()
	var ids []string
	err := db.ForEachPosting(func(p *skilldemand.Posting) error {
		if p.Open() {
			ids = append(ids, p.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

// reference crawls a fresh site of n postings without interruption.
func reference(t *testing.T, n int) []string {
	t.Helper()
	srv := httptest.NewServer(&careerSite{n: n})
	defer srv.Close()
	dir := t.TempDir()
	cfg := siteConfig(t, dir, srv.URL)
	if code, _, stderr := run(t, "crawl", "--config", cfg, "--data", filepath.Join(dir, "data")); code != exitOK {
		t.Fatalf("reference crawl: exit %d: %s", code, stderr)
	}
	return openIDs(t, filepath.Join(dir, "data"))
}

func TestCrawl_ResumeAfterCancel(t *testing.T) {
	const n = 30
	want := reference(t, n)
	site := &careerSite{n: n}
	srv := httptest.NewServer(site)
	defer srv.Close()
	dir := t.TempDir()
	cfg := siteConfig(t, dir, srv.URL)
	data := filepath.Join(dir, "data")

	ctx, cancel := context.WithCancel(context.Background())
	site.onHit = func(n int64) {
		if n == 12 {
			cancel()
		}
	}
	var out, errb strings.Builder
	if code := Run(ctx, []string{"crawl", "--config", cfg, "--data", data}, &out, &errb); code == exitOK {
		t.Fatalf("cancelled crawl: got exit 0, want a failure")
	}
	site.onHit = nil
	partial := openIDs(t, data)
	if len(partial) == 0 || len(partial) >= n {
		t.Fatalf("got %d postings after cancelling, want some but not all", len(partial))
	}
	before := site.hits.Load()
	if code, _, stderr := run(t, "crawl", "--config", cfg, "--data", data); code != exitOK {
		t.Fatalf("resumed crawl: exit %d: %s", code, stderr)
	}
	if got := openIDs(t, data); !slices.Equal(got, want) {
		t.Errorf("after resuming: got %v, want %v", got, want)
	}
	// The resumed crawl fetches only what the first did not store.
	if refetched := site.hits.Load() - before; refetched > int64(n-len(partial)) {
		t.Errorf("resumed crawl fetched %d pages, want at most %d (the rest were done)", refetched, n-len(partial))
	}
	// A later crawl of the unchanged site gets 304s and closes nothing.
	before = site.hits.Load()
	code, _, stderr := run(t, "crawl", "--config", cfg, "--data", data)
	if code != exitOK {
		t.Fatalf("re-crawl: exit %d: %s", code, stderr)
	}
	if got := openIDs(t, data); !slices.Equal(got, want) {
		t.Errorf("after re-crawl: got %v, want %v", got, want)
	}
	if got := site.hits.Load() - before; got != 0 {
		t.Errorf("re-crawl of an unchanged site fetched %d page bodies, want 0 (all 304)", got)
	}
}

// TestCrawlKilledChild is the crawl the kill test runs in a child process.
func TestCrawlKilledChild(t *testing.T) {
	cfg, data := os.Getenv("SKILLDEMAND_TEST_KILL_CONFIG"), os.Getenv("SKILLDEMAND_TEST_KILL_DATA")
	if cfg == "" {
		t.Skip("run by TestCrawl_ResumeAfterKill")
	}
	run(t, "crawl", "--config", cfg, "--data", data)
}

func TestCrawl_ResumeAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	const n = 30
	want := reference(t, n)
	site := &careerSite{n: n}
	var once sync.Once
	killed := make(chan struct{})
	child := make(chan *os.Process, 1) // the child, once started
	site.onHit = func(n int64) {
		if n == 10 {
			once.Do(func() {
				(<-child).Signal(syscall.SIGKILL)
				close(killed)
			})
		}
	}
	srv := httptest.NewServer(site)
	defer srv.Close()
	dir := t.TempDir()
	cfg := siteConfig(t, dir, srv.URL)
	data := filepath.Join(dir, "data")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestCrawlKilledChild$")
	cmd.Env = append(os.Environ(), "SKILLDEMAND_TEST_KILL_CONFIG="+cfg, "SKILLDEMAND_TEST_KILL_DATA="+data)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	child <- cmd.Process
	err = cmd.Wait()
	select {
	case <-killed:
	default:
		t.Fatalf("child ended before it was killed: %v", err)
	}
	site.onHit = nil
	partial := openIDs(t, data) // the store opens after SIGKILL
	if len(partial) >= n {
		t.Fatalf("got %d postings after the kill, want fewer than %d", len(partial), n)
	}
	if code, _, stderr := run(t, "crawl", "--config", cfg, "--data", data); code != exitOK {
		t.Fatalf("resumed crawl: exit %d: %s", code, stderr)
	}
	if got := openIDs(t, data); !slices.Equal(got, want) {
		t.Errorf("after resuming: got %d postings %v, want %v", len(got), got, want)
	}
}

func TestSourcesCheck(t *testing.T) {
	site := &careerSite{n: 4}
	srv := httptest.NewServer(site)
	defer srv.Close()
	dir := t.TempDir()
	cfg := siteConfig(t, dir, srv.URL, "http://127.0.0.1:1")
	code, stdout, stderr := run(t, "sources", "check", "--config", cfg, "--format", "json", "--data", filepath.Join(dir, "nodata"))
	if code != exitError {
		t.Fatalf("got exit %d, want %d (one source is down): %s", code, exitError, stderr)
	}
	var checks []SourceCheck
	if err := json.Unmarshal([]byte(stdout), &checks); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	if len(checks) != 2 || !checks[0].OK || checks[0].Listed != 4 || checks[0].Role != 4 || checks[1].OK || checks[1].Err == "" {
		t.Errorf("got %+v, want site0 ok with 4 of 4 and site1 failed", checks)
	}
	if _, err := os.Stat(filepath.Join(dir, "nodata")); !os.IsNotExist(err) {
		t.Errorf("sources check made a data dir (%v), want none", err)
	}
	code, stdout, _ = run(t, "sources", "check", "--config", siteConfig(t, dir, srv.URL))
	if code != exitOK || !strings.Contains(stdout, "jsonld:site0") || !strings.Contains(stdout, "ok") {
		t.Errorf("table: got exit %d:\n%s", code, stdout)
	}
}

// TestCrawl_SkipsOtherRolesDetails crawls a SmartRecruiters board where one
// posting in four is a TPM role: only those get a detail request, the run
// counts the others as skipped by title, and sources check still counts
// every listed posting.
func TestCrawl_SkipsOtherRolesDetails(t *testing.T) {
	const n, every = 12, 4
	srv := crawlertest.NewServer(t, crawlertest.SmartRecruitersMix("mixed", n, every))
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "sources.yaml"), fmt.Sprintf(
		"politeness: { per_host_delay: 1ms }\nsources:\n  - { type: smartrecruiters, board: mixed, base_url: %q }\n", srv.URL))
	tpm := crawlertest.TPMCount(n, every)

	code, stdout, stderr := run(t, "sources", "check", "--config", cfg, "--format", "json")
	var checks []SourceCheck
	if code != exitOK || json.Unmarshal([]byte(stdout), &checks) != nil || len(checks) != 1 ||
		checks[0].Listed != n || checks[0].Role != tpm {
		t.Fatalf("sources check: exit %d, got %+v, want %d listed and %d of the role\n%s", code, checks, n, tpm, stderr)
	}
	if got, _ := srv.Requests(); got != 1+tpm {
		t.Errorf("sources check made %d requests, want %d (the list and the TPM roles' details)", got, 1+tpm)
	}

	srv.Reset()
	data := filepath.Join(dir, "data")
	code, _, stderr = run(t, "crawl", "--config", cfg, "--data", data)
	if code != exitOK {
		t.Fatalf("crawl: exit %d: %s", code, stderr)
	}
	if want := fmt.Sprintf("(%d listed under other titles not fetched)", n-tpm); !strings.Contains(stderr, want) {
		t.Errorf("crawl summary lacks %q:\n%s", want, stderr)
	}
	if got, _ := srv.Requests(); got != 1+tpm {
		t.Errorf("crawl made %d requests, want %d", got, 1+tpm)
	}
	if got := openIDs(t, data); len(got) != tpm {
		t.Errorf("stored %v, want the %d TPM roles", got, tpm)
	}
	db := store.NewDB(filepath.Join(data, storeFile))
	db.ReadOnly = true
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runs, err := db.Runs(1)
	if err != nil || len(runs) != 1 || len(runs[0].Sources) != 1 || runs[0].Sources[0].SkippedRole != n-tpm {
		t.Errorf("run record: got %+v (%v), want %d skipped by title", runs, err, n-tpm)
	}
}
