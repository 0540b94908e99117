package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/internal/fixture"
)

// newTestService fills a data dir from the fixture boards and returns a
// service over it, with the fixture still serving.
func newTestService(t testing.TB, schedule string) (*service, *fixture.Server) {
	t.Helper()
	srv, err := fixture.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	cfg := DefaultConfig()
	cfg.Sources = fixture.Sources(srv.URL)
	cfg.Politeness.PerHostDelay = time.Millisecond
	cfg.Politeness.Timeout = 10 * time.Second
	cfg.Schedule = schedule
	cfg.Server.Token = "tok"
	var stderr bytes.Buffer
	m := NewMain(io.Discard, &stderr)
	m.dataDir = t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	d, err := m.openData(ctx, &cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Crawl(ctx, &cfg, nil); err != nil {
		t.Fatal(err)
	}
	d.Close()
	s, err := m.newService(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.srv.Rate = rate.Inf
	t.Cleanup(func() { s.cron.Stop(); s.wg.Wait(); s.data.Close() })
	return s, srv
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServe_Endpoints(t *testing.T) {
	s, _ := newTestService(t, "")
	ts := httptest.NewServer(s.srv)
	defer ts.Close()

	_, body := get(t, ts.URL+"/api/search?skill=risk-management&limit=1")
	var sr struct {
		Total int
		Hits  []struct{ ID string }
	}
	json.Unmarshal([]byte(body), &sr)
	if sr.Total == 0 || len(sr.Hits) != 1 {
		t.Fatalf("search: got %s, want hits", body)
	}
	id := sr.Hits[0].ID
	tests := []struct{ path, want string }{
		{"/healthz", `"status": "ok"`},
		{"/metrics", "skilldemand_postings_stored"},
		{"/api/skills", `"skill": "project-management"`},
		{"/api/skills?company=initech&remote=remote&since=3650d", `"total"`},
		{"/api/reality", `"verdict"`},
		{"/api/trends", `"trends"`},
		{"/api/search?query=roadmap", `"facets"`},
		{"/api/postings/" + id, `"spans"`},
		{"/api/runs", `"status": "ok"`},
		{"/api/sources", `"last_status": "ok"`},
		{"/api/report?format=md", "Listed vs reality"},
		{"/api/report?format=html", "<svg"},
		{"/api/report?format=csv", "rank,skill"},
		{"/api/report?format=json", `"reality"`},
		{"/", "Project Management"},
		{"/?seniority=senior", "postings selected"},
		{"/reality", "Deeper requirement"},
		{"/trends", "Trends"},
		{"/search?query=roadmap", "postings match"},
		{"/postings/" + id, "</mark>"},
		{"/runs", "st-ok"},
		{"/match", `enctype="multipart/form-data"`},
		{"/static/style.css", "mark"},
	}
	for _, tt := range tests {
		code, body := get(t, ts.URL+tt.path)
		if code != http.StatusOK || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: got %d, want 200 with %q; body starts %.200s", tt.path, code, tt.want, body)
		}
	}
	if code, _ := get(t, ts.URL+"/api/skills?skill=nope"); code != http.StatusBadRequest {
		t.Errorf("unknown skill: got %d, want 400", code)
	}
	if code, _ := get(t, ts.URL+"/api/postings/greenhouse:nope:1"); code != http.StatusNotFound {
		t.Errorf("missing posting: got %d, want 404", code)
	}
	// Resume match: a strong resume as a raw body, then a multipart upload
	// from the dashboard form, then a file that is not a resume.
	strong, err := os.ReadFile(filepath.Join("..", "..", "resume", "testdata", "strong-tpm.md"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(ts.URL+"/api/match?name=cv.md", "text/markdown", bytes.NewReader(strong))
	if err != nil {
		t.Fatal(err)
	}
	var mr struct {
		Postings  int `json:"postings"`
		Strengths []struct {
			Skill string `json:"skill"`
		} `json:"strengths"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&mr); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("match: status %d, decode error %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	if mr.Postings == 0 || len(mr.Strengths) < 5 {
		t.Errorf("match: got %d postings and %d strengths, want a strong match", mr.Postings, len(mr.Strengths))
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("resume", "cv.md")
	fw.Write(strong)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/match", &form)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept", "text/html")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(page, []byte("Gaps worth closing")) || !bytes.Contains(page, []byte("Best-matching open postings")) {
		t.Errorf("match page: status %d, body starts %.300s", resp.StatusCode, page)
	}
	resp, err = http.Post(ts.URL+"/api/match?name=cv.png", "image/png", bytes.NewReader([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("match of a PNG: got %d, want 400", resp.StatusCode)
	}

	// POST /api/crawl starts a run; a second one at once is refused.
	done := make(chan *skilldemand.Run, 1)
	s.afterRun = func(r *skilldemand.Run) { done <- r }
	post := func() int {
		req, _ := http.NewRequest("POST", ts.URL+"/api/crawl", nil)
		req.Header.Set("Authorization", "Bearer tok")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(); code != http.StatusAccepted {
		t.Fatalf("crawl: got %d, want 202", code)
	}
	if code := post(); code != http.StatusConflict && code != http.StatusAccepted {
		t.Errorf("second crawl: got %d, want 409 (or 202 if the first had finished)", code)
	}
	if r := <-done; r.Status != skilldemand.RunOK {
		t.Errorf("crawl run: got status %s (%s), want ok", r.Status, r.Error)
	}
}

func TestServe_Schedule(t *testing.T) {
	s, _ := newTestService(t, "@every 1s")
	done := make(chan *skilldemand.Run, 10)
	s.afterRun = func(r *skilldemand.Run) { done <- r }
	s.cron.Start()
	for i := range 2 {
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatalf("only %d scheduled runs recorded in a minute, want 2", i)
		}
	}
	<-s.cron.Stop().Done()
	runs, err := s.data.DB.Runs(10)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) < 3 { // the filling crawl plus two scheduled
		t.Fatalf("got %d runs, want at least 3", len(runs))
	}
	for i := 1; i < len(runs); i++ { // newest first
		newer, older := runs[i-1], runs[i]
		if newer.Started.Before(older.Finished) {
			t.Errorf("run %s started before run %s finished", newer.ID, older.ID)
		}
	}
}

func TestServe_PanicIsFailedRun(t *testing.T) {
	s, _ := newTestService(t, "")
	s.crawl = func(ctx context.Context, cfg *Config, p *progress) (*skilldemand.Run, error) {
		started := time.Now().UTC()
		s.data.DB.PutRun(&skilldemand.Run{ID: runID(started), Started: started, Status: skilldemand.RunRunning})
		panic("boom")
	}
	s.runMu.Lock()
	run := s.runOnce(context.Background())
	s.runMu.Unlock()
	if run == nil || run.Status != skilldemand.RunFailed || !strings.Contains(run.Error, "panic") {
		t.Fatalf("got %+v, want a failed run naming the panic", run)
	}
	runs, _ := s.data.DB.Runs(1)
	if runs[0].Status != skilldemand.RunFailed {
		t.Errorf("stored latest run status %s, want failed", runs[0].Status)
	}
}

// TestServe_Remote checks that query commands answer through a running
// server with the same output they print locally.
func TestServe_Remote(t *testing.T) {
	s, _ := newTestService(t, "")
	dir := s.data.Dir
	// Take the local answers first, with the files closed.
	s.data.Close()
	args := [][]string{
		{"skills", "--format", "json", "--company", "initech"},
		{"reality", "--format", "csv"},
		{"search", "roadmap", "--limit", "3"},
		{"report", "--format", "csv"},
	}
	want := map[int]string{}
	for i, a := range args {
		code, out, errs := run(t, append(a, "--data", dir)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", a, code, errs)
		}
		want[i] = out
	}
	var stderr bytes.Buffer
	m := NewMain(io.Discard, &stderr)
	m.dataDir = dir
	ctx, cancel := context.WithCancel(context.Background())
	svc, err := m.newService(ctx, s.cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- svc.run(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("serve: %v", err)
		}
		svc.data.Close()
		if _, err := os.Stat(filepath.Join(dir, serveFile)); !os.IsNotExist(err) {
			t.Errorf("serve.json left behind: %v", err)
		}
	}()
	for deadline := time.Now().Add(10 * time.Second); ; {
		if _, err := os.Stat(filepath.Join(dir, serveFile)); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	for i, a := range args {
		code, out, errs := run(t, append(a, "--data", dir)...)
		if code != exitOK || out != want[i] {
			t.Errorf("%v through the server: exit %d (%s)\ngot:\n%s\nwant:\n%s", a, code, errs, out, want[i])
		}
	}
}

// TestServe_Browser loads the dashboard in headless Chromium, and a posting
// carrying script payloads, and checks none of them ran.
func TestServe_Browser(t *testing.T) {
	chromium := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		t.Skip("chromium not installed: apt-get install chromium to run the browser test")
	}
	s, _ := newTestService(t, "")
	const payload = `document.title='pwned';window.pwned=1`
	p := &skilldemand.Posting{
		ID: "greenhouse:evil:1", Source: "greenhouse", Board: "evil", ExternalID: "1",
		Title:       `<script>` + payload + `</script>Technical Program Manager <img src=x onerror="` + payload + `">`,
		Company:     "Evil<script>" + payload + "</script>",
		URL:         "javascript:" + payload,
		Description: `<p>Own the roadmap and risk management.</p><img src=x onerror="` + payload + `"><a href="javascript:` + payload + `">apply</a><script>` + payload + `</script><svg onload="` + payload + `"></svg>`,
	}
	p.Extraction = s.data.Extractor.Extract(p)
	if _, err := s.data.DB.UpsertPostings([]*skilldemand.Posting{p}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.data.Index.Index([]*skilldemand.Posting{p}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.srv)
	defer ts.Close()
	dump := func(path string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--disable-background-networking", "--user-data-dir="+t.TempDir(), "--dump-dom", ts.URL+path).Output()
		if err != nil {
			t.Fatalf("chromium %s: %v", path, err)
		}
		return string(out)
	}
	pages := []struct{ path, want string }{
		{"/", "Project Management"},
		{"/?seniority=senior&since=3650d", "postings selected"},
		{"/search?query=roadmap", "postings match"},
		{"/search?skill=risk-management", "Evil"},
		{"/postings/" + p.ID, "</mark>"},
	}
	for _, pg := range pages {
		dom := dump(pg.path)
		if !strings.Contains(dom, pg.want) {
			t.Errorf("%s: rendered page lacks %q", pg.path, pg.want)
		}
		if strings.Contains(dom, "<title>pwned") || strings.Contains(dom, "<script") {
			t.Errorf("%s: a payload ran or a script element was rendered", pg.path)
		}
	}
	dom := dump("/postings/" + p.ID)
	// Handlers and javascript: URLs may appear as escaped text, never as
	// attributes of an element.
	if m := regexp.MustCompile(`<[a-z][^<>]*\s(on[a-z]+=|href="javascript:)`).FindString(dom); m != "" {
		t.Errorf("posting page DOM has an active payload: %s", m)
	}
	if !strings.Contains(dom, "&lt;script&gt;") {
		t.Errorf("posting title is not shown as escaped text")
	}
}
