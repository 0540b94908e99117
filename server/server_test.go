package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/match"
	"github.com/skilldemand/skilldemand/report"
	"github.com/skilldemand/skilldemand/server"
)

// Backend is a func-field mock of server.Backend; nil fields answer empty.
type Backend struct {
	SkillsFn  func(ctx context.Context, f skilldemand.Filter) (*server.SkillsResult, error)
	PostingFn func(ctx context.Context, id string) (*skilldemand.Posting, error)
	CrawlFn   func(ctx context.Context) error
	MatchFn   func(ctx context.Context, r io.Reader, name string, f skilldemand.Filter) (*match.Result, error)
	SearchFn  func(ctx context.Context, f skilldemand.Filter, from, size int) (*server.SearchResult, error)
}

func (b *Backend) Skills(ctx context.Context, f skilldemand.Filter) (*server.SkillsResult, error) {
	if b.SkillsFn != nil {
		return b.SkillsFn(ctx, f)
	}
	return &server.SkillsResult{Total: 2, Skills: []report.SkillRow{{Rank: 1, Skill: "jira", Name: "Jira", Postings: 1, Share: 0.5}}}, nil
}
func (b *Backend) Reality(ctx context.Context, f skilldemand.Filter) (*server.RealityResult, error) {
	return &server.RealityResult{}, nil
}
func (b *Backend) Trends(ctx context.Context) (*server.TrendsResult, error) {
	return &server.TrendsResult{}, nil
}
func (b *Backend) Search(ctx context.Context, f skilldemand.Filter, from, size int) (*server.SearchResult, error) {
	if b.SearchFn != nil {
		return b.SearchFn(ctx, f, from, size)
	}
	return &server.SearchResult{}, nil
}
func (b *Backend) Posting(ctx context.Context, id string) (*skilldemand.Posting, error) {
	if b.PostingFn != nil {
		return b.PostingFn(ctx, id)
	}
	return nil, skilldemand.ErrNotFound
}
func (b *Backend) Runs(ctx context.Context, limit int) ([]*skilldemand.Run, error) { return nil, nil }
func (b *Backend) Sources(ctx context.Context) ([]server.SourceStatus, error)      { return nil, nil }
func (b *Backend) Report(ctx context.Context, format string, f skilldemand.Filter, w io.Writer) error {
	_, err := io.WriteString(w, "report "+format)
	return err
}
func (b *Backend) Crawl(ctx context.Context) error {
	if b.CrawlFn != nil {
		return b.CrawlFn(ctx)
	}
	return nil
}
func (b *Backend) Reload(ctx context.Context) error { return nil }
func (b *Backend) Match(ctx context.Context, r io.Reader, name string, f skilldemand.Filter) (*match.Result, error) {
	if b.MatchFn != nil {
		return b.MatchFn(ctx, r, name, f)
	}
	return nil, server.ErrNotImplemented
}
func (b *Backend) Stats(ctx context.Context) (*server.Stats, error) {
	return &server.Stats{OpenPostings: 3, TotalPostings: 4, Indexed: 4}, nil
}

func newServer(t *testing.T, b *Backend, token string) *httptest.Server {
	t.Helper()
	s := server.New(b)
	s.Token = token
	s.Rate = rate.Inf
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts
}

func do(t *testing.T, method, url, token string, body io.Reader) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestServer_Headers(t *testing.T) {
	ts := newServer(t, &Backend{}, "")
	for _, path := range []string{"/", "/api/skills", "/nope", "/static/style.css", "/healthz"} {
		resp, _ := do(t, "GET", ts.URL+path, "", nil)
		if got := resp.Header.Get("Content-Security-Policy"); got != server.ContentSecurityPolicy {
			t.Errorf("%s: CSP %q, want %q", path, got, server.ContentSecurityPolicy)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q, want nosniff", path, got)
		}
		if got := resp.Header.Get("Referrer-Policy"); got == "" {
			t.Errorf("%s: no Referrer-Policy", path)
		}
	}
}

func TestServer_Token(t *testing.T) {
	t.Run("Disabled", func(t *testing.T) {
		ts := newServer(t, &Backend{}, "")
		resp, body := do(t, "POST", ts.URL+"/api/crawl", "anything", nil)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "no token is configured") {
			t.Errorf("got %d %s, want 403 naming the missing token", resp.StatusCode, body)
		}
	})
	t.Run("Wrong", func(t *testing.T) {
		ts := newServer(t, &Backend{}, "s3cret")
		for _, tok := range []string{"", "s3cre", "s3cret2"} {
			if resp, _ := do(t, "POST", ts.URL+"/api/reload", tok, nil); resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("token %q: got %d, want 401", tok, resp.StatusCode)
			}
		}
	})
	t.Run("OK", func(t *testing.T) {
		ts := newServer(t, &Backend{}, "s3cret")
		if resp, body := do(t, "POST", ts.URL+"/api/crawl", "s3cret", nil); resp.StatusCode != http.StatusAccepted {
			t.Errorf("got %d %s, want 202", resp.StatusCode, body)
		}
	})
	t.Run("Busy", func(t *testing.T) {
		ts := newServer(t, &Backend{CrawlFn: func(context.Context) error { return server.ErrBusy }}, "s3cret")
		if resp, _ := do(t, "POST", ts.URL+"/api/crawl", "s3cret", nil); resp.StatusCode != http.StatusConflict {
			t.Errorf("got %d, want 409", resp.StatusCode)
		}
	})
}

func TestServer_BadParams(t *testing.T) {
	ts := newServer(t, &Backend{}, "")
	for _, q := range []string{"since=abc", "remote=moon", "seniority=god", "from=2026-13-01", "all=maybe", "limit=-1", "since=30d&from=2026-01-01", "company=" + strings.Repeat("x", 300)} {
		resp, body := do(t, "GET", ts.URL+"/api/skills?"+q, "", nil)
		var e server.APIError
		if err := json.Unmarshal([]byte(body), &e); err != nil || resp.StatusCode != http.StatusBadRequest || e.Error == "" || e.Fix == "" {
			t.Errorf("%s: got %d %s, want 400 with error and fix", q, resp.StatusCode, body)
		}
	}
	if resp, _ := do(t, "GET", ts.URL+"/api/report?format=pdf", "", nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("report format pdf: got %d, want 400", resp.StatusCode)
	}
	// The dashboard shows the same error in the page, escaped.
	resp, body := do(t, "GET", ts.URL+"/?since=<b>x", "", nil)
	if resp.StatusCode != http.StatusBadRequest || strings.Contains(body, "<b>x") || !strings.Contains(body, "use a period") {
		t.Errorf("dashboard bad filter: got %d, want 400 with an escaped message", resp.StatusCode)
	}
}

func TestServer_BodyLimits(t *testing.T) {
	ts := newServer(t, &Backend{MatchFn: func(ctx context.Context, r io.Reader, name string, f skilldemand.Filter) (*match.Result, error) {
		_, err := io.ReadAll(r)
		return &match.Result{Filter: name}, err
	}}, "tok")
	if resp, _ := do(t, "POST", ts.URL+"/api/crawl", "tok", strings.NewReader(strings.Repeat("x", server.MaxBody+1))); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("crawl with a big body: got %d, want 413", resp.StatusCode)
	}
	if resp, _ := do(t, "POST", ts.URL+"/api/match", "", strings.NewReader(strings.Repeat("x", server.MaxUploadBody+1))); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("match over 5 MB: got %d, want 413", resp.StatusCode)
	}
	if resp, body := do(t, "POST", ts.URL+"/api/match?name=cv.txt", "", strings.NewReader(strings.Repeat("x", 1<<20))); resp.StatusCode != http.StatusOK {
		t.Errorf("match of 1 MB: got %d %s, want 200", resp.StatusCode, body)
	}
}

func TestServer_MatchNotWired(t *testing.T) {
	ts := newServer(t, &Backend{}, "")
	if resp, body := do(t, "POST", ts.URL+"/api/match", "", strings.NewReader("resume")); resp.StatusCode != http.StatusNotImplemented {
		t.Errorf("got %d %s, want 501", resp.StatusCode, body)
	}
}

func TestServer_RateLimit(t *testing.T) {
	s := server.New(&Backend{})
	s.Rate, s.Burst = 1, 3
	ts := httptest.NewServer(s)
	defer ts.Close()
	limited := false
	for range 10 {
		if resp, _ := do(t, "GET", ts.URL+"/healthz", "", nil); resp.StatusCode == http.StatusTooManyRequests {
			limited = true
		}
	}
	if !limited {
		t.Errorf("10 quick requests at 1/s burst 3: none got 429")
	}
}

func TestServer_SearchFragments(t *testing.T) {
	// A fragment as the index writes it: markup in the posting escaped,
	// matched words in <mark>.
	const frag = `…run the &lt;script&gt;alert(1)&lt;/script&gt; <mark>vendor</mark> reviews &amp; <mark>budgets</mark>…`
	ts := newServer(t, &Backend{SearchFn: func(ctx context.Context, f skilldemand.Filter, from, size int) (*server.SearchResult, error) {
		return &server.SearchResult{Total: 1, Hits: []server.SearchHit{{ID: "greenhouse:acme:1", Title: "TPM", Open: true,
			Fragments: map[string][]string{"title": {"TPM"}, "body": {frag}}}}}, nil
	}}, "")
	resp, body := do(t, "GET", ts.URL+"/search?q=vendor+budgets", "", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("got %d, want 200", resp.StatusCode)
	}
	if strings.Contains(body, "<script>alert") {
		t.Errorf("the posting's markup reached the page")
	}
	for _, want := range []string{"<mark>vendor</mark>", "<mark>budgets</mark>", "&lt;script&gt;", "reviews &amp; "} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
}

func TestFragmentParts(t *testing.T) {
	got := server.FragmentParts(`a &amp; <mark>b</mark> c<mark>d`)
	want := []server.FragmentPart{{Text: "a & "}, {Text: "b", Mark: true}, {Text: " c"}, {Text: "d", Mark: true}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("part %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestServer_PostingEscaped(t *testing.T) {
	const text = "About <script>x</script>: you know Jira well."
	p := &skilldemand.Posting{
		ID: "greenhouse:acme:1", Source: "greenhouse", Board: "acme", ExternalID: "1",
		Title:       `<script>document.title="pwned"</script>TPM`,
		URL:         "javascript:document.title='pwned'",
		Description: `<p onclick="x()">Hi<img src=x onerror="document.title='pwned'"><a href="javascript:alert(1)">link</a></p><script>alert(1)</script>`,
		Extraction: &skilldemand.Extraction{Text: text, Skills: []skilldemand.SkillMatch{{Skill: "jira", Strength: "required",
			Hits: []skilldemand.Hit{{Span: skilldemand.Span{Start: strings.Index(text, "Jira"), End: strings.Index(text, "Jira") + 4}, Strength: "required"}}}}},
	}
	ts := newServer(t, &Backend{PostingFn: func(ctx context.Context, id string) (*skilldemand.Posting, error) {
		if id != p.ID {
			return nil, skilldemand.ErrNotFound
		}
		return p, nil
	}}, "")
	resp, body := do(t, "GET", ts.URL+"/postings/"+p.ID, "", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("got %d, want 200", resp.StatusCode)
	}
	for _, bad := range []string{"<script", "onerror", "onclick", "javascript:"} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(body, ">Jira</mark>") {
		t.Errorf("skill span is not marked")
	}
	resp, body = do(t, "GET", ts.URL+"/api/postings/"+p.ID, "", nil)
	var v server.PostingView
	if err := json.Unmarshal([]byte(body), &v); err != nil || len(v.Spans) != 1 || v.Spans[0].Text != "Jira" {
		t.Errorf("api posting: got %d spans %+v (err %v), want one span \"Jira\"", resp.StatusCode, v.Spans, err)
	}
	if strings.Contains(v.SafeHTML, "onerror") || strings.Contains(v.SafeHTML, "<script") {
		t.Errorf("safe_html is not sanitised: %s", v.SafeHTML)
	}
	if resp, _ := do(t, "GET", ts.URL+"/api/postings/nope:nope:1", "", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing posting: got %d, want 404", resp.StatusCode)
	}
}

func TestServer_Metrics(t *testing.T) {
	s := server.New(&Backend{})
	now := time.Now()
	s.Metrics.ObserveRun(&skilldemand.Run{Status: "ok", Started: now.Add(-time.Second), Finished: now, Sources: []skilldemand.SourceRun{{Source: "lever:x", Fetched: 5, Errors: 1}}})
	ts := httptest.NewServer(s)
	defer ts.Close()
	_, body := do(t, "GET", ts.URL+"/metrics", "", nil)
	for _, want := range []string{`skilldemand_pages_fetched_total{source="lever:x"} 5`, `skilldemand_crawl_errors_total{source="lever:x",status="entry_error"} 1`,
		"skilldemand_run_duration_seconds", `skilldemand_postings_stored{state="open"} 3`, "skilldemand_index_documents 4"} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
