package crawler_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/crawler"
)

// hit is one request a fixture server received.
type hit struct {
	path string // path and query
	at   time.Time
}

// fixtureServer is a loopback server that records the requests it gets.
type fixtureServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits []hit
}

func newFixtureServer(t *testing.T, h http.Handler) *fixtureServer {
	t.Helper()
	s := &fixtureServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits = append(s.hits, hit{path: r.URL.RequestURI(), at: time.Now()})
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// apiHits returns the recorded requests other than robots.txt.
func (s *fixtureServer) apiHits() []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []hit
	for _, h := range s.hits {
		if !strings.HasPrefix(h.path, "/robots.txt") {
			out = append(out, h)
		}
	}
	return out
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// field is one expected field of a decoded posting.
type field struct{ name, got, want string }

// checkFields reports every field whose value is not the one expected.
func checkFields(t *testing.T, fs []field) {
	t.Helper()
	for _, f := range fs {
		if f.got != f.want {
			t.Errorf("%s: got %q, want %q", f.name, f.got, f.want)
		}
	}
}

// ashbyFailingFirst serves the ashby fixture board for initech, answering
// the first request with fail instead.
func ashbyFailingFirst(t *testing.T, fail http.HandlerFunc) *fixtureServer {
	var mu sync.Mutex
	calls := 0
	ok := serveFile(t, "ashby_board.json")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /posting-api/job-board/initech", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if first {
			fail(w, r)
			return
		}
		ok(w, r)
	})
	return newFixtureServer(t, mux)
}

func serveFile(t *testing.T, name string) http.HandlerFunc {
	b := mustRead(t, name)
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(b)
	}
}

// leverBoard serves n postings made from the fixture postings (ids made
// unique), honouring skip and limit as the Lever API does.
func leverBoard(t *testing.T, n int) http.HandlerFunc {
	var tmpl []map[string]any
	if err := json.Unmarshal(mustRead(t, "lever_postings.json"), &tmpl); err != nil {
		t.Fatal(err)
	}
	board := make([]map[string]any, n)
	for i := range board {
		p := map[string]any{}
		for k, v := range tmpl[i%len(tmpl)] {
			p[k] = v
		}
		if i >= len(tmpl) {
			p["id"] = fmt.Sprintf("%s-%d", p["id"], i)
		}
		board[i] = p
	}
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("mode") != "json" {
			http.Error(w, "mode=json expected", http.StatusBadRequest)
			return
		}
		skip, _ := strconv.Atoi(q.Get("skip"))
		limit, err := strconv.Atoi(q.Get("limit"))
		if err != nil || limit <= 0 {
			limit = n
		}
		lo, hi := min(skip, n), min(skip+limit, n)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(board[lo:hi])
	}
}

// sink collects postings.
type sink struct {
	mu    sync.Mutex
	posts []*skilldemand.Posting
}

func (s *sink) put(_ context.Context, p *skilldemand.Posting) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.posts = append(s.posts, p)
	return nil
}

func (s *sink) byID() map[string]*skilldemand.Posting {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string]*skilldemand.Posting{}
	for _, p := range s.posts {
		m[p.ID] = p
	}
	return m
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// newCrawler returns a crawler with a short delay, logging to t.
func newCrawler(t testing.TB, srcs ...skilldemand.Source) (*crawler.Crawler, *sink) {
	c := crawler.New()
	c.Sources = srcs
	c.Delay = time.Millisecond
	c.Timeout = 10 * time.Second
	c.Logger = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := &sink{}
	c.Sink = s.put
	return c, s
}

func mustRun(t *testing.T, c *crawler.Crawler) []skilldemand.SourceRun {
	t.Helper()
	runs, err := c.Run(context.Background())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(runs) != len(c.Sources) {
		t.Fatalf("got %d source runs, want %d", len(runs), len(c.Sources))
	}
	return runs
}

func TestCrawler_Greenhouse(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("GET /v1/boards/acmerobotics/jobs", serveFile(t, "greenhouse_jobs.json"))
	srv := newFixtureServer(t, mux)
	c, s := newCrawler(t, skilldemand.Source{Type: "greenhouse", Board: "acmerobotics", BaseURL: srv.URL})
	runs := mustRun(t, c)

	run := runs[0]
	if run.Source != "greenhouse:acmerobotics" || run.Err != "" || run.Fetched != 2 || run.Errors != 1 {
		t.Fatalf("got run %+v, want source greenhouse:acmerobotics, no err, 2 fetched, 1 error", run)
	}
	if hits := srv.apiHits(); len(hits) != 1 || hits[0].path != "/v1/boards/acmerobotics/jobs?content=true" {
		t.Fatalf("got requests %v, want one to /v1/boards/acmerobotics/jobs?content=true", hits)
	}
	posts := s.byID()
	p := posts["greenhouse:acmerobotics:4012345"]
	if p == nil {
		t.Fatalf("posting 4012345 missing; got %v", slices.Collect(mapKeys(posts)))
	}
	checkFields(t, []field{
		{"Source", p.Source, "greenhouse"},
		{"Board", p.Board, "acmerobotics"},
		{"ExternalID", p.ExternalID, "4012345"},
		{"Title", p.Title, "Senior Technical Program Manager, Platform"},
		{"Company", p.Company, "Acme Robotics"},
		{"Location", p.Location, "Remote - United States"},
		{"Workplace", p.Workplace, skilldemand.WorkplaceRemote},
		{"Department", p.Department, "Engineering"},
		{"URL", p.URL, "https://boards.greenhouse.io/acmerobotics/jobs/4012345"},
		{"Format", p.Format, skilldemand.FormatHTML},
		{"Posted", p.Posted.Format(time.RFC3339), "2025-09-01T13:00:00Z"},
	})
	// Unescaped exactly once: tags become tags, "&amp;amp;" becomes "&amp;".
	if !strings.HasPrefix(p.Description, "<h3><strong>What you will do</strong></h3>") {
		t.Errorf("Description not unescaped: got %.60q", p.Description)
	}
	if !strings.Contains(p.Description, "Jira &amp; report") {
		t.Errorf("Description unescaped more than once: got %q", p.Description)
	}
	if p.Salary != nil {
		t.Errorf("Salary: got %+v, want nil (the listing has no pay ranges)", p.Salary)
	}
	if err := p.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}

	q := posts["greenhouse:acmerobotics:4012399"]
	if q == nil {
		t.Fatal("posting 4012399 missing")
	}
	// first_published is null: updated_at is the fallback.
	if got, want := q.Posted.Format(time.RFC3339), "2025-10-02T12:15:00Z"; got != want {
		t.Errorf("Posted fallback: got %s, want %s", got, want)
	}
	if q.Workplace != "" {
		t.Errorf("Workplace: got %q, want empty", q.Workplace)
	}
}

func TestCrawler_GreenhousePayRanges(t *testing.T) {
	body := `{"jobs":[{"id":77,"title":"TPM","absolute_url":"https://x.test/77","location":{"name":"NYC"},
		"content":"&lt;p&gt;x&lt;/p&gt;","departments":[],"offices":[],
		"pay_input_ranges":[{"min_cents":15000000,"max_cents":20000000,"currency_type":"usd","title":"Annual Base Salary","blurb":"x"}]}],"meta":{"total":1}}`
	posts, bad, err := crawler.Decode("greenhouse", []byte(body))
	if err != nil || bad != 0 || len(posts) != 1 {
		t.Fatalf("got %d postings, %d bad, err %v; want 1, 0, nil", len(posts), bad, err)
	}
	got := posts[0].Salary
	want := skilldemand.Salary{Currency: "USD", Interval: "year", Min: 150000, Max: 200000, AnnualMin: 150000, AnnualMax: 200000, Provenance: "greenhouse.pay_input_ranges"}
	if got == nil || *got != want {
		t.Fatalf("Salary: got %+v, want %+v", got, want)
	}
}

func TestCrawler_Lever(t *testing.T) {
	const n = 230 // three pages of 100
	mux := http.NewServeMux()
	mux.Handle("GET /v0/postings/globex", leverBoard(t, n))
	srv := newFixtureServer(t, mux)
	c, s := newCrawler(t, skilldemand.Source{Type: "lever", Board: "globex", Company: "Globex Corp", BaseURL: srv.URL})
	runs := mustRun(t, c)

	if run := runs[0]; run.Err != "" || run.Fetched != n || run.Errors != 0 {
		t.Fatalf("got run %+v, want no err, %d fetched, 0 errors", run, n)
	}
	var paths []string
	for _, h := range srv.apiHits() {
		paths = append(paths, h.path)
	}
	wantPaths := []string{
		"/v0/postings/globex?mode=json&skip=0&limit=100",
		"/v0/postings/globex?mode=json&skip=100&limit=100",
		"/v0/postings/globex?mode=json&skip=200&limit=100",
	}
	if !slices.Equal(paths, wantPaths) {
		t.Fatalf("got requests %q, want %q", paths, wantPaths)
	}
	posts := s.byID()
	if len(posts) != n {
		t.Fatalf("got %d distinct postings, want %d", len(posts), n)
	}

	p := posts["lever:globex:5ac21346-8e0c-4494-8e7a-3eb92ff77902"]
	if p == nil {
		t.Fatal("first posting missing")
	}
	checkFields(t, []field{
		{"Title", p.Title, "Technical Program Manager, Infrastructure"},
		{"Company", p.Company, "Globex Corp"},
		{"Location", p.Location, "Toronto, ON"},
		{"Workplace", p.Workplace, skilldemand.WorkplaceHybrid},
		{"Department", p.Department, "Engineering"},
		{"URL", p.URL, "https://jobs.lever.co/globex/5ac21346-8e0c-4494-8e7a-3eb92ff77902"},
		{"Posted", p.Posted.Format(time.RFC3339), "2025-09-01T16:00:00Z"},
		{"Format", p.Format, skilldemand.FormatHTML},
	})
	if !strings.Contains(p.Description, "coordinate releases") {
		t.Errorf("Description: got %q", p.Description)
	}
	wantSections := []skilldemand.Section{
		{Title: "What you'll do", Body: "<li>Drive the release calendar</li><li>Write clear status reports</li>"},
		{Title: "Requirements", Body: "<li>4+ years as a technical program manager</li><li>Experience with Kubernetes</li>"},
		{Title: "Nice to have", Body: "<li>SQL</li>"},
		{Title: "Additional information", Body: "<div>We offer a learning budget and flexible hours.</div><div><br></div><div>Globex is an equal opportunity employer.</div>"},
	}
	if !slices.Equal(p.Sections, wantSections) {
		t.Errorf("Sections: got %+v, want %+v", p.Sections, wantSections)
	}
	wantSalary := skilldemand.Salary{Currency: "CAD", Interval: "year", Min: 140000, Max: 175000, AnnualMin: 140000, AnnualMax: 175000, Provenance: "lever.salaryRange"}
	if p.Salary == nil || *p.Salary != wantSalary {
		t.Errorf("Salary: got %+v, want %+v", p.Salary, wantSalary)
	}

	q := posts["lever:globex:0b9f3c1e-2f7a-4d55-9c2e-5a8d7e6f1a20"]
	if q == nil {
		t.Fatal("second posting missing")
	}
	if q.Location != "Remote - Canada" || q.Department != "Support" || q.Workplace != skilldemand.WorkplaceRemote || q.Salary != nil || len(q.Sections) != 0 {
		t.Errorf("second posting: got location %q, department %q, workplace %q, salary %+v, %d sections; want Remote - Canada, Support, remote, nil, 0",
			q.Location, q.Department, q.Workplace, q.Salary, len(q.Sections))
	}
	r := posts["lever:globex:7d1e0f55-3c44-4b1a-a0d6-1e2f3a4b5c6d"]
	if r == nil || r.Workplace != skilldemand.WorkplaceOnsite || r.Salary == nil || r.Salary.Interval != "hour" || r.Salary.AnnualMax != 45*2080 {
		t.Errorf("third posting: got %+v, want onsite, hourly salary", r)
	}
}

func TestCrawler_Ashby(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("GET /posting-api/job-board/initech", serveFile(t, "ashby_board.json"))
	srv := newFixtureServer(t, mux)
	c, s := newCrawler(t, skilldemand.Source{Type: "ashby", Board: "initech", BaseURL: srv.URL})
	runs := mustRun(t, c)

	if run := runs[0]; run.Err != "" || run.Fetched != 2 || run.Errors != 1 {
		t.Fatalf("got run %+v, want no err, 2 fetched (1 unlisted skipped), 1 error", run)
	}
	if hits := srv.apiHits(); len(hits) != 1 || hits[0].path != "/posting-api/job-board/initech?includeCompensation=true" {
		t.Fatalf("got requests %v", hits)
	}
	posts := s.byID()
	if posts["ashby:initech:9c8b7a6f-5e4d-4c3b-8a29-1f0e9d8c7b6a"] != nil {
		t.Error("unlisted posting was emitted")
	}
	p := posts["ashby:initech:3f9a7c2e-1b4d-4e8f-9a6b-2c1d0e9f8a7b"]
	if p == nil {
		t.Fatal("listed posting missing")
	}
	checkFields(t, []field{
		{"Title", p.Title, "Technical Program Manager, Model Launches"},
		{"Company", p.Company, "initech"},
		{"Location", p.Location, "San Francisco; New York"},
		{"Workplace", p.Workplace, skilldemand.WorkplaceHybrid},
		{"Department", p.Department, "Research"},
		{"URL", p.URL, "https://jobs.ashbyhq.com/initech/3f9a7c2e-1b4d-4e8f-9a6b-2c1d0e9f8a7b"},
		{"Posted", p.Posted.Format(time.RFC3339Nano), "2025-08-20T21:32:28.201Z"},
		{"Format", p.Format, skilldemand.FormatHTML},
	})
	if !strings.HasPrefix(p.Description, "<h2><strong>About the role</strong></h2>") {
		t.Errorf("Description: got %.60q", p.Description)
	}
	wantSalary := skilldemand.Salary{Currency: "USD", Interval: "year", Min: 190000, Max: 260000, AnnualMin: 190000, AnnualMax: 260000, Provenance: "ashby.summaryComponents"}
	if p.Salary == nil || *p.Salary != wantSalary {
		t.Errorf("Salary: got %+v, want %+v", p.Salary, wantSalary)
	}
	q := posts["ashby:initech:1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"]
	if q == nil || q.Workplace != skilldemand.WorkplaceRemote || q.Department != "User Ops" || q.Salary != nil {
		t.Errorf("remote posting: got %+v, want remote, department User Ops, no salary", q)
	}
}

// TestCrawler_AshbySamples reads real Ashby responses kept outside the repo.
func TestCrawler_AshbySamples(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "research", "ats_samples")
	files, _ := filepath.Glob(filepath.Join(dir, "ashby_*.json"))
	if len(files) == 0 {
		t.Skipf("no Ashby samples in %s: nothing to check", dir)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var raw struct {
				Jobs []struct {
					IsListed *bool `json:"isListed"`
				} `json:"jobs"`
			}
			if err := json.Unmarshal(body, &raw); err != nil {
				t.Fatal(err)
			}
			listed := 0
			for _, j := range raw.Jobs {
				if j.IsListed == nil || *j.IsListed {
					listed++
				}
			}
			mux := http.NewServeMux()
			mux.HandleFunc("GET /posting-api/job-board/sample", func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
			srv := newFixtureServer(t, mux)
			c, s := newCrawler(t, skilldemand.Source{Type: "ashby", Board: "sample", BaseURL: srv.URL})
			run := mustRun(t, c)[0]
			if run.Err != "" || run.Errors != 0 || run.Fetched != listed {
				t.Fatalf("got run %+v, want no error and %d fetched", run, listed)
			}
			salaries := 0
			for _, p := range s.posts {
				if p.Title == "" || p.URL == "" || p.Description == "" || p.Posted.IsZero() {
					t.Errorf("posting %s: empty title, url, description or posted date", p.ID)
				}
				if p.Salary != nil {
					salaries++
					if p.Salary.Interval == "" || p.Salary.Currency == "" || p.Salary.Min <= 0 || p.Salary.Max < p.Salary.Min {
						t.Errorf("posting %s: odd salary %+v", p.ID, p.Salary)
					}
				}
			}
			t.Logf("%d postings, %d with salary", len(s.posts), salaries)
		})
	}
}

func TestCrawler_Failures(t *testing.T) {
	t.Run("NotFoundBoard", func(t *testing.T) {
		mux := http.NewServeMux()
		mux.Handle("GET /posting-api/job-board/initech", serveFile(t, "ashby_board.json"))
		srv := newFixtureServer(t, mux) // everything else is 404
		c, s := newCrawler(t,
			skilldemand.Source{Type: "greenhouse", Board: "nosuchboard", BaseURL: srv.URL},
			skilldemand.Source{Type: "ashby", Board: "initech", BaseURL: srv.URL},
		)
		runs := mustRun(t, c)
		if runs[0].Source != "greenhouse:nosuchboard" || !strings.Contains(runs[0].Err, "404") || runs[0].Retries != 0 {
			t.Errorf("got run %+v, want greenhouse:nosuchboard with a 404 error and no retries", runs[0])
		}
		if runs[1].Source != "ashby:initech" || runs[1].Err != "" || runs[1].Fetched != 2 {
			t.Errorf("got run %+v, want ashby:initech complete with 2 fetched", runs[1])
		}
		if len(s.posts) != 2 {
			t.Errorf("got %d postings, want 2", len(s.posts))
		}
	})

	t.Run("MalformedTopLevel", func(t *testing.T) {
		mux := http.NewServeMux()
		mux.HandleFunc("GET /v1/boards/acme/jobs", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"jobs": [{"id": 1, "title": "x"}`))
		})
		mux.HandleFunc("GET /posting-api/job-board/acme", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"status": "ok"}`))
		})
		srv := newFixtureServer(t, mux)
		c, s := newCrawler(t,
			skilldemand.Source{Type: "greenhouse", Board: "acme", BaseURL: srv.URL},
			skilldemand.Source{Type: "ashby", Board: "acme", BaseURL: srv.URL},
		)
		runs := mustRun(t, c)
		for _, run := range runs {
			if run.Err == "" {
				t.Errorf("%s: got no error, want one for a malformed response", run.Source)
			}
		}
		if len(s.posts) != 0 {
			t.Errorf("got %d postings, want 0", len(s.posts))
		}
	})

	t.Run("BadSources", func(t *testing.T) {
		c, _ := newCrawler(t,
			skilldemand.Source{Type: "monster", Board: "x"},
			skilldemand.Source{Type: "lever", Board: ""},
			skilldemand.Source{Type: "lever", Board: "x", BaseURL: "ftp://example.com"},
		)
		runs := mustRun(t, c)
		wants := []string{"unknown source type", "no board", "base_url"}
		for i, want := range wants {
			if !strings.Contains(runs[i].Err, want) {
				t.Errorf("source %d: got err %q, want it to mention %q", i, runs[i].Err, want)
			}
		}
	})

	t.Run("NoSink", func(t *testing.T) {
		c := crawler.New()
		if _, err := c.Run(context.Background()); !errors.Is(err, crawler.ErrNoSink) {
			t.Errorf("got %v, want ErrNoSink", err)
		}
	})

	t.Run("SinkError", func(t *testing.T) {
		mux := http.NewServeMux()
		mux.Handle("GET /v0/postings/globex", leverBoard(t, 250))
		srv := newFixtureServer(t, mux)
		c, _ := newCrawler(t, skilldemand.Source{Type: "lever", Board: "globex", BaseURL: srv.URL})
		boom := errors.New("disk full")
		n := 0
		c.Sink = func(ctx context.Context, p *skilldemand.Posting) error {
			n++
			if n == 5 {
				return boom
			}
			return nil
		}
		runs, err := c.Run(context.Background())
		if !errors.Is(err, boom) {
			t.Fatalf("got %v, want the sink's error", err)
		}
		if runs[0].Err == "" || runs[0].Fetched != 4 {
			t.Errorf("got run %+v, want an error and 4 fetched", runs[0])
		}
		if got := len(srv.apiHits()); got != 1 {
			t.Errorf("got %d requests, want 1 (no paging after the sink failed)", got)
		}
	})
}

func TestCrawler_Retry(t *testing.T) {
	t.Run("500Then200", func(t *testing.T) {
		srv := ashbyFailingFirst(t, func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "oops", http.StatusInternalServerError)
		})
		c, _ := newCrawler(t, skilldemand.Source{Type: "ashby", Board: "initech", BaseURL: srv.URL})
		run := mustRun(t, c)[0]
		if run.Err != "" || run.Retries != 1 || run.Fetched != 2 {
			t.Fatalf("got run %+v, want no err, 1 retry, 2 fetched", run)
		}
	})

	t.Run("429RetryAfter", func(t *testing.T) {
		srv := ashbyFailingFirst(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		})
		c, _ := newCrawler(t, skilldemand.Source{Type: "ashby", Board: "initech", BaseURL: srv.URL})
		run := mustRun(t, c)[0]
		if run.Err != "" || run.Retries != 1 || run.Fetched != 2 {
			t.Fatalf("got run %+v, want no err, 1 retry, 2 fetched", run)
		}
		hits := srv.apiHits()
		if len(hits) != 2 {
			t.Fatalf("got %d requests, want 2", len(hits))
		}
		if gap := hits[1].at.Sub(hits[0].at); gap < time.Second {
			t.Errorf("retry came %v after the 429, want at least the 1s of Retry-After", gap)
		}
	})

	t.Run("GiveUp", func(t *testing.T) {
		mux := http.NewServeMux()
		mux.HandleFunc("GET /posting-api/job-board/initech", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "down", http.StatusServiceUnavailable)
		})
		srv := newFixtureServer(t, mux)
		c, _ := newCrawler(t, skilldemand.Source{Type: "ashby", Board: "initech", BaseURL: srv.URL})
		c.MaxRetries = 1
		run := mustRun(t, c)[0]
		if !strings.Contains(run.Err, "503") || run.Retries != 1 {
			t.Fatalf("got run %+v, want a 503 error after 1 retry", run)
		}
		if got := len(srv.apiHits()); got != 2 {
			t.Errorf("got %d requests, want 2", got)
		}
	})
}

func TestCrawler_Robots(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: skilldemand\nDisallow: /v1/boards/private/\n\nUser-agent: *\nDisallow: /\n"))
	})
	mux.Handle("GET /v1/boards/acmerobotics/jobs", serveFile(t, "greenhouse_jobs.json"))
	mux.Handle("GET /v1/boards/private/jobs", serveFile(t, "greenhouse_jobs.json"))
	srv := newFixtureServer(t, mux)
	c, s := newCrawler(t,
		skilldemand.Source{Type: "greenhouse", Board: "private", BaseURL: srv.URL},
		skilldemand.Source{Type: "greenhouse", Board: "acmerobotics", BaseURL: srv.URL},
	)
	runs := mustRun(t, c)
	if r := runs[0]; r.SkippedRobots != 1 || r.Fetched != 0 || !strings.Contains(r.Err, "robots.txt") {
		t.Errorf("got run %+v, want 1 skipped by robots, 0 fetched, an incomplete error", r)
	}
	if r := runs[1]; r.SkippedRobots != 0 || r.Fetched != 2 || r.Err != "" {
		t.Errorf("got run %+v, want 2 fetched", r)
	}
	for _, p := range s.posts {
		if p.Board == "private" {
			t.Errorf("got posting %s from a disallowed board", p.ID)
		}
	}
	for _, h := range srv.apiHits() {
		if strings.HasPrefix(h.path, "/v1/boards/private/") {
			t.Errorf("disallowed path %s was fetched", h.path)
		}
	}
	srv.mu.Lock()
	robots := 0
	for _, h := range srv.hits {
		if h.path == "/robots.txt" {
			robots++
		}
	}
	srv.mu.Unlock()
	if robots != 1 {
		t.Errorf("robots.txt fetched %d times, want once per run", robots)
	}
}

func TestCrawler_Delay(t *testing.T) {
	const delay = 100 * time.Millisecond
	mux := http.NewServeMux()
	mux.Handle("GET /v0/postings/globex", leverBoard(t, 250))
	mux.Handle("GET /v0/postings/hooli", leverBoard(t, 120))
	mux.Handle("GET /v0/postings/initrode", leverBoard(t, 250))
	srv := newFixtureServer(t, mux)
	other := newFixtureServer(t, mux)
	c, _ := newCrawler(t,
		skilldemand.Source{Type: "lever", Board: "globex", BaseURL: srv.URL},
		skilldemand.Source{Type: "lever", Board: "hooli", BaseURL: srv.URL},
		skilldemand.Source{Type: "lever", Board: "initrode", BaseURL: other.URL + "/"},
	)
	c.Delay = delay
	runs := mustRun(t, c)
	for _, r := range runs {
		if r.Err != "" {
			t.Fatalf("got run %+v, want no error", r)
		}
	}
	hits := srv.apiHits()
	if len(hits) != 5 { // 3 pages + 2 pages
		t.Fatalf("got %d requests on the first host, want 5", len(hits))
	}
	for i := 1; i < len(hits); i++ {
		if gap := hits[i].at.Sub(hits[i-1].at); gap < delay {
			t.Errorf("requests %d and %d to one host came %v apart, want at least %v", i-1, i, gap, delay)
		}
	}
	if got := len(other.apiHits()); got != 3 {
		t.Errorf("got %d requests on the second host, want 3", got)
	}
}

func TestCrawler_RobotsCrawlDelay(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nCrawl-delay: 0.3\n"))
	})
	mux.Handle("GET /v0/postings/globex", leverBoard(t, 150))
	srv := newFixtureServer(t, mux)
	c, _ := newCrawler(t, skilldemand.Source{Type: "lever", Board: "globex", BaseURL: srv.URL})
	mustRun(t, c)
	hits := srv.apiHits()
	if len(hits) != 2 {
		t.Fatalf("got %d requests, want 2", len(hits))
	}
	if gap := hits[1].at.Sub(hits[0].at); gap < 300*time.Millisecond {
		t.Errorf("requests came %v apart, want at least the robots.txt Crawl-delay of 300ms", gap)
	}
}

func TestCrawler_Cancel(t *testing.T) {
	arrived := make(chan struct{}, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/boards/slow/jobs", func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		<-r.Context().Done() // hang until the client goes away
	})
	srv := newFixtureServer(t, mux)
	c, _ := newCrawler(t,
		skilldemand.Source{Type: "greenhouse", Board: "slow", BaseURL: srv.URL},
		skilldemand.Source{Type: "greenhouse", Board: "slow2", BaseURL: srv.URL},
	)
	c.Timeout = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		runs []skilldemand.SourceRun
		err  error
	}
	done := make(chan result, 1)
	go func() {
		runs, err := c.Run(ctx)
		done <- result{runs, err}
	}()
	<-arrived
	cancel()
	select {
	case res := <-done:
		if !errors.Is(res.err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", res.err)
		}
		for _, r := range res.runs {
			if r.Err == "" {
				t.Errorf("%s: got no error, want the cancellation", r.Source)
			}
		}
	case <-time.After(20 * time.Second): // a hang guard, not a speed check
		t.Fatal("Run did not return after its context was cancelled")
	}
}

func TestCrawler_Progress(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("GET /posting-api/job-board/initech", serveFile(t, "ashby_board.json"))
	srv := newFixtureServer(t, mux)
	c, _ := newCrawler(t,
		skilldemand.Source{Type: "ashby", Board: "initech", BaseURL: srv.URL},
		skilldemand.Source{Type: "ashby", Board: "initech", BaseURL: srv.URL}, // listed twice
	)
	var got []string
	c.Progress = func(r skilldemand.SourceRun) { got = append(got, r.Source) }
	runs := mustRun(t, c)
	if len(got) != 2 {
		t.Errorf("Progress called for %q, want both sources", got)
	}
	if runs[0].Err != "" || !strings.Contains(runs[1].Err, "listed twice") {
		t.Errorf("got errors %q and %q, want none and a duplicate error", runs[0].Err, runs[1].Err)
	}
	if n := len(srv.apiHits()); n != 1 {
		t.Errorf("got %d requests for one URL, want 1", n)
	}
}

func TestTypes(t *testing.T) {
	got := crawler.Types()
	for _, want := range []string{"ashby", "greenhouse", "lever"} {
		if !slices.Contains(got, want) {
			t.Errorf("Types() = %q, want it to contain %q", got, want)
		}
	}
	if !slices.IsSorted(got) {
		t.Errorf("Types() = %q, want sorted", got)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 10, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"", 0, false},
		{"1", time.Second, true},
		{"120", 2 * time.Minute, true},
		{"-3", 0, false},
		{"soon", 0, false},
		{"Wed, 01 Oct 2025 12:00:30 GMT", 30 * time.Second, true},
		{"Wed, 01 Oct 2025 11:00:00 GMT", 0, true},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.value != "" {
			h.Set("Retry-After", tt.value)
		}
		got, ok := crawler.RetryAfter(h, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", tt.value, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBackoff(t *testing.T) {
	for attempt := range 40 {
		d := crawler.Backoff(attempt)
		base := min(500*time.Millisecond<<min(attempt, 20), 30*time.Second)
		if d < base/2 || d > base {
			t.Errorf("Backoff(%d) = %v, want between %v and %v", attempt, d, base/2, base)
		}
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
