package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/crawler/crawlertest"
	"github.com/skilldemand/skilldemand/store"
)

// faultDelay is the per-host delay of the fault-injection crawl.
const faultDelay = 150 * time.Millisecond

// faultFarm is four loopback hosts serving boards of every kind. In clean
// mode every board answers well with 2 postings; in faulty mode the good
// boards list a third posting and the others misbehave, each one way.
type faultFarm struct {
	faulty atomic.Bool
	hosts  []*crawlertest.Server // A, B, C, D

	mu    sync.Mutex
	calls map[string]int // requests per path in faulty mode

	bomb, big []byte
}

// n is how many postings a good board lists.
func (f *faultFarm) n() int {
	if f.faulty.Load() {
		return 3
	}
	return 2
}

// call counts a faulty-mode request to path and returns its number (1, 2, ...).
func (f *faultFarm) call(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[path]++
	return f.calls[path]
}

const faultBody = "<h3>Minimum qualifications</h3><ul><li>5+ years of program management</li><li>Experience with Jira and risk management</li></ul>"

func greenhouseJobs(w http.ResponseWriter, board string, n int) {
	var jobs []string
	for i := range n {
		id := 1000 + i
		jobs = append(jobs, fmt.Sprintf(`{"id":%d,"title":"Technical Program Manager %s %d","updated_at":"2026-10-01T10:00:00Z","absolute_url":"https://boards.example/%s/%d","location":{"name":"Remote"},"content":%q}`,
			id, board, i, board, id, html.EscapeString(faultBody)))
	}
	fmt.Fprintf(w, `{"jobs":[%s],"meta":{"total":%d}}`, strings.Join(jobs, ","), n)
}

func leverPostings(w http.ResponseWriter, board string, n int) {
	var ps []map[string]any
	for i := range n {
		ps = append(ps, map[string]any{"id": fmt.Sprintf("lv-%s-%d", board, i), "text": fmt.Sprintf("Technical Program Manager %s %d", board, i),
			"hostedUrl": "https://jobs.example/" + board, "createdAt": 1790000000000, "description": faultBody})
	}
	json.NewEncoder(w).Encode(ps)
}

func ashbyJobs(w http.ResponseWriter, board string, n int) {
	var js []map[string]any
	for i := range n {
		js = append(js, map[string]any{"id": fmt.Sprintf("ab-%s-%d", board, i), "title": fmt.Sprintf("Technical Program Manager %s %d", board, i),
			"jobUrl": "https://jobs.example/" + board, "publishedAt": "2026-10-01T10:00:00Z", "descriptionHtml": faultBody})
	}
	json.NewEncoder(w).Encode(map[string]any{"jobs": js})
}

func jobPage(id, extra string) string {
	return fmt.Sprintf(`<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","identifier":%q,"title":"Technical Program Manager %s","description":%q,"hiringOrganization":{"name":"Acme"}}</script></head><body>%s</body></html>`,
		id, id, faultBody, extra)
}

func newFaultFarm(t *testing.T) *faultFarm {
	f := &faultFarm{calls: map[string]int{}}

	// The gzip bomb: 24 MiB of JSON whitespace, about 24 KiB compressed.
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write([]byte(`{"jobs":[`))
	pad := bytes.Repeat([]byte(" "), 1<<20)
	for range 24 {
		zw.Write(pad)
	}
	zw.Write([]byte(`]}`))
	zw.Close()
	f.bomb = zb.Bytes()
	// The 10 MB page: one posting in a page of filler.
	f.big = []byte(jobPage("big", "<p>"+strings.Repeat("filler ", 10<<20/7)+"</p>"))

	robotsAllow := func(w http.ResponseWriter) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") }

	// Host A: a board that answers 500 twice, one that answers 429 with
	// Retry-After: 1 once, and a good board.
	a := http.NewServeMux()
	a.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) { robotsAllow(w) })
	a.HandleFunc("GET /v1/boards/flaky/jobs", func(w http.ResponseWriter, r *http.Request) {
		if f.faulty.Load() && f.call(r.URL.Path) <= 2 {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		greenhouseJobs(w, "flaky", f.n())
	})
	a.HandleFunc("GET /v0/postings/limited", func(w http.ResponseWriter, r *http.Request) {
		if f.faulty.Load() && f.call(r.URL.Path) == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		leverPostings(w, "limited", f.n())
	})
	a.HandleFunc("GET /posting-api/job-board/steady", func(w http.ResponseWriter, r *http.Request) { ashbyJobs(w, "steady", f.n()) })

	// Host B: a board slower than the timeout, one whose body is cut
	// short, and one answering malformed JSON.
	b := http.NewServeMux()
	b.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) { robotsAllow(w) })
	b.HandleFunc("GET /v1/boards/slow/jobs", func(w http.ResponseWriter, r *http.Request) {
		if f.faulty.Load() {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		greenhouseJobs(w, "slow", 2)
	})
	b.HandleFunc("GET /posting-api/job-board/truncated", func(w http.ResponseWriter, r *http.Request) {
		if !f.faulty.Load() {
			ashbyJobs(w, "truncated", 2)
			return
		}
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		body := `{"jobs":[{"id":"ab-truncated-0","title":"Technical Program Manager`
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n%s", body)
		buf.Flush()
	})
	b.HandleFunc("GET /v0/postings/garbled", func(w http.ResponseWriter, r *http.Request) {
		if f.faulty.Load() {
			w.Write([]byte(`[{"id":"lv-garbled-0","text":"Technical Program Manager",`))
			return
		}
		leverPostings(w, "garbled", 2)
	})

	// Host C: a career site (sitemap, a broken page and a 10 MB page in
	// faulty mode) and a private section robots.txt closes in faulty mode.
	c := http.NewServeMux()
	c.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if f.faulty.Load() {
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
			return
		}
		robotsAllow(w)
	})
	sitemap := func(w http.ResponseWriter, paths ...string) {
		var sb strings.Builder
		sb.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for _, p := range paths {
			fmt.Fprintf(&sb, "<url><loc>%s</loc></url>", p)
		}
		sb.WriteString("</urlset>")
		w.Write([]byte(sb.String()))
	}
	c.HandleFunc("GET /sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		if f.faulty.Load() {
			sitemap(w, "/jobs/c0", "/jobs/c1", "/jobs/broken", "/jobs/big")
			return
		}
		sitemap(w, "/jobs/c0", "/jobs/c1")
	})
	c.HandleFunc("GET /jobs/broken", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","title":"Technical Program Manager",</script><div><p <<a href=>>`))
	})
	c.HandleFunc("GET /jobs/big", func(w http.ResponseWriter, r *http.Request) { w.Write(f.big) })
	c.HandleFunc("GET /jobs/{id}", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(jobPage(r.PathValue("id"), ""))) })
	c.HandleFunc("GET /private/sitemap.xml", func(w http.ResponseWriter, r *http.Request) { sitemap(w, "/private/jobs/p0", "/private/jobs/p1") })
	c.HandleFunc("GET /private/jobs/{id}", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(jobPage(r.PathValue("id"), ""))) })

	// Host D: a gzip bomb, a redirect loop and a good board.
	d := http.NewServeMux()
	d.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) { robotsAllow(w) })
	d.HandleFunc("GET /posting-api/job-board/bomb", func(w http.ResponseWriter, r *http.Request) {
		if f.faulty.Load() {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(f.bomb)
			return
		}
		ashbyJobs(w, "bomb", 2)
	})
	d.HandleFunc("GET /v1/boards/loop/jobs", func(w http.ResponseWriter, r *http.Request) {
		if f.faulty.Load() {
			http.Redirect(w, r, "/v1/boards/loop/jobs?hop="+r.URL.Query().Get("hop")+"x", http.StatusFound)
			return
		}
		greenhouseJobs(w, "loop", 2)
	})
	d.HandleFunc("GET /v0/postings/fine", func(w http.ResponseWriter, r *http.Request) { leverPostings(w, "fine", f.n()) })

	for _, h := range []http.Handler{a, b, c, d} {
		f.hosts = append(f.hosts, crawlertest.NewServer(t, h))
	}
	return f
}

// config writes the sources config of the farm.
func (f *faultFarm) config(t *testing.T, dir string) string {
	a, b, c, d := f.hosts[0].URL, f.hosts[1].URL, f.hosts[2].URL, f.hosts[3].URL
	yaml := fmt.Sprintf(`role: tpm
politeness: { per_host_delay: %s, timeout: 1s, max_retries: 2, parallelism: 4 }
sources:
  - { type: greenhouse, board: flaky, base_url: %[2]q }
  - { type: lever, board: limited, base_url: %[2]q }
  - { type: ashby, board: steady, base_url: %[2]q }
  - { type: greenhouse, board: slow, base_url: %[3]q }
  - { type: ashby, board: truncated, base_url: %[3]q }
  - { type: lever, board: garbled, base_url: %[3]q }
  - { type: jsonld, board: careers, start: [%[4]q] }
  - { type: jsonld, board: private, start: [%[5]q] }
  - { type: ashby, board: bomb, base_url: %[6]q }
  - { type: greenhouse, board: loop, base_url: %[6]q }
  - { type: lever, board: fine, base_url: %[6]q }
`, faultDelay, a, b, c+"/sitemap.xml", c+"/private/sitemap.xml", d)
	return writeFile(t, filepath.Join(dir, "sources.yaml"), yaml)
}

// storedPostings returns the stored postings of a data dir by ID, and its
// newest run.
func storedPostings(t *testing.T, data string) (map[string]*skilldemand.Posting, *skilldemand.Run) {
	t.Helper()
	db := store.NewDB(filepath.Join(data, storeFile))
	db.ReadOnly = true
	if err := db.Open(); err != nil {
		t.Fatalf("open store: %v", err)
	}
	defer db.Close()
	ps := map[string]*skilldemand.Posting{}
	if err := db.ForEachPosting(func(p *skilldemand.Posting) error { ps[p.ID] = p; return nil }); err != nil {
		t.Fatal(err)
	}
	runs, err := db.Runs(1)
	if err != nil || len(runs) != 1 {
		t.Fatalf("read runs: got %d runs, err %v", len(runs), err)
	}
	return ps, runs[0]
}

// checkGaps fails when two requests to one host (robots.txt included) came
// closer than faultDelay.
func (f *faultFarm) checkGaps(t *testing.T) {
	t.Helper()
	for i, h := range f.hosts {
		if gap, hit, ok := h.MinGap(); ok && gap < faultDelay {
			t.Errorf("host %c: %s %s came %v after the previous request, want at least %v", 'A'+i, hit.Method, hit.URI, gap, faultDelay)
		}
	}
}

// TestCrawl_Faults crawls boards on four hosts through the whole pipeline,
// first cleanly, then with each board failing in its own way: every fault
// is reported against its source in the run record, every good posting is
// stored, nothing stored earlier is lost or closed, and the per-host delay
// holds throughout.
func TestCrawl_Faults(t *testing.T) {
	f := newFaultFarm(t)
	dir := t.TempDir()
	cfg := f.config(t, dir)
	data := filepath.Join(dir, "data")

	// A clean crawl: every source completes with 2 postings.
	if code, stdout, stderr := run(t, "crawl", "--config", cfg, "--data", data); code != exitOK {
		t.Fatalf("clean crawl: exit %d\n%s\n%s", code, stdout, stderr)
	}
	before, first := storedPostings(t, data)
	if first.Status != skilldemand.RunOK || len(first.Sources) != 11 {
		t.Fatalf("clean crawl: got status %s with %d sources, want ok with 11: %+v", first.Status, len(first.Sources), first.Sources)
	}
	for _, s := range first.Sources {
		if s.Err != "" || s.Fetched != 2 || s.Kept != 2 {
			t.Errorf("clean crawl: got %+v, want 2 fetched and kept, no error", s)
		}
	}
	if len(before) != 22 {
		t.Errorf("clean crawl stored %d postings, want 22", len(before))
	}
	f.checkGaps(t)

	// The faulty crawl.
	f.faulty.Store(true)
	for _, h := range f.hosts {
		h.Reset()
	}
	start := time.Now()
	code, stdout, stderr := run(t, "crawl", "--config", cfg, "--data", data)
	t.Logf("faulty crawl took %v", time.Since(start).Round(time.Millisecond))
	if code != exitError {
		t.Fatalf("faulty crawl: exit %d, want %d (a partial run)\n%s\n%s", code, exitError, stdout, stderr)
	}
	after, second := storedPostings(t, data)
	if second.ID == first.ID || second.Status != skilldemand.RunPartial {
		t.Fatalf("faulty crawl: got run %s status %s, want a new partial run", second.ID, second.Status)
	}
	bySource := map[string]skilldemand.SourceRun{}
	for _, s := range second.Sources {
		bySource[s.Source] = s
	}

	tests := []struct {
		source  string
		ok      bool
		err     string // in SourceRun.Err
		fetched int
		retries int
		errors  int
		robots  int
	}{
		{"greenhouse:flaky", true, "", 3, 2, 0, 0},
		{"lever:limited", true, "", 3, 1, 0, 0},
		{"ashby:steady", true, "", 3, 0, 0, 0},
		{"greenhouse:slow", false, "timeout|deadline exceeded", 0, 2, 0, 0},
		{"ashby:truncated", false, "EOF", 0, 2, 0, 0},
		{"lever:garbled", false, "unexpected end of JSON", 0, 0, 0, 0},
		{"jsonld:careers", true, "", 3, 0, 1, 0},
		{"jsonld:private", false, "robots.txt", 0, 0, 0, 1},
		{"ashby:bomb", false, "too large", 0, 0, 0, 0},
		{"greenhouse:loop", false, "too many redirects", 0, 0, 0, 0},
		{"lever:fine", true, "", 3, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			s, ok := bySource[tt.source]
			if !ok {
				t.Fatalf("no run record for %s", tt.source)
			}
			// tt.err lists accepted wordings split by "|": a slow server
			// trips whichever of the client, header or context timers fires
			// first, and each words it its own way.
			matched := tt.err == ""
			for _, want := range strings.Split(tt.err, "|") {
				matched = matched || strings.Contains(strings.ToLower(s.Err), strings.ToLower(want))
			}
			if s.OK() != tt.ok || !matched {
				t.Errorf("got err %q, want ok=%v and an error containing %q", s.Err, tt.ok, tt.err)
			}
			if s.Fetched != tt.fetched || s.Retries != tt.retries || s.Errors != tt.errors || s.SkippedRobots != tt.robots {
				t.Errorf("got fetched %d, retries %d, errors %d, skipped_robots %d; want %d, %d, %d, %d",
					s.Fetched, s.Retries, s.Errors, s.SkippedRobots, tt.fetched, tt.retries, tt.errors, tt.robots)
			}
			if s.Closed != 0 {
				t.Errorf("got %d closed, want none", s.Closed)
			}
			// Every good posting of this run is stored and open.
			for i := range tt.fetched {
				id := faultID(tt.source, i)
				if p := after[id]; p == nil || !p.Open() {
					t.Errorf("posting %s: got %v, want it stored and open", id, p)
				}
			}
		})
	}

	// Nothing stored by the clean crawl was lost or closed.
	for id := range before {
		if p := after[id]; p == nil || !p.Open() {
			t.Errorf("posting %s of the clean crawl: got %v after the faulty crawl, want it kept open", id, p)
		}
	}
	if p := after["jsonld:careers:big"]; p == nil || len(p.Description) > 1<<10 {
		t.Errorf("the 10 MB page: got %v, want its posting stored with its own description", p)
	}
	f.checkGaps(t)
	for i, h := range f.hosts {
		if total, repeated := h.Requests(); repeated > 0 && i != 0 && i != 1 { // hosts A and B retry
			t.Errorf("host %c: %d of %d requests repeated a URL, want none", 'A'+i, repeated, total)
		}
	}
	for _, s := range []string{"greenhouse:slow", "ashby:truncated", "lever:garbled", "jsonld:private", "ashby:bomb", "greenhouse:loop"} {
		if !strings.Contains(stderr, s+" (") {
			t.Errorf("stderr does not name failed source %s:\n%s", s, stderr)
		}
	}
}

// TestSourcesCheck_MaxBodySize checks that politeness.max_body_size
// reaches the crawler: the 10 MB page of the career site fails its source
// under a 5MB cap.
func TestSourcesCheck_MaxBodySize(t *testing.T) {
	f := newFaultFarm(t)
	f.faulty.Store(true)
	dir := t.TempDir()
	for _, tt := range []struct {
		size string
		ok   bool
	}{{"5MB", false}, {"11MB", true}} {
		cfg := writeFile(t, filepath.Join(dir, "sources.yaml"), fmt.Sprintf(
			"role: tpm\npoliteness: { per_host_delay: 1ms, timeout: 5s, max_body_size: %s }\nsources:\n  - { type: jsonld, board: careers, start: [%q] }\n",
			tt.size, f.hosts[2].URL+"/sitemap.xml"))
		_, stdout, stderr := run(t, "sources", "check", "--config", cfg, "--format", "json")
		var checks []SourceCheck
		if err := json.Unmarshal([]byte(stdout), &checks); err != nil || len(checks) != 1 {
			t.Fatalf("max_body_size %s: output is not one check (%v):\n%s\n%s", tt.size, err, stdout, stderr)
		}
		if c := checks[0]; c.OK != tt.ok || (!tt.ok && !strings.Contains(c.Err, "too large")) {
			t.Errorf("max_body_size %s: got %+v, want ok=%v (a too-large error when not ok)", tt.size, c, tt.ok)
		}
	}
}

// faultID is the ID of posting i of a good board of the farm.
func faultID(source string, i int) string {
	typ, board, _ := strings.Cut(source, ":")
	switch typ {
	case "greenhouse":
		return skilldemand.MakeID(typ, board, fmt.Sprint(1000+i))
	case "lever":
		return skilldemand.MakeID(typ, board, fmt.Sprintf("lv-%s-%d", board, i))
	case "ashby":
		return skilldemand.MakeID(typ, board, fmt.Sprintf("ab-%s-%d", board, i))
	}
	return skilldemand.MakeID(typ, board, []string{"c0", "c1", "big"}[i])
}
