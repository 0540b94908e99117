package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand/store"
)

// run runs the CLI in-process and returns its exit code and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	code = Run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := run(t, "demo", "--data", dir)
	if code != exitOK {
		t.Fatalf("demo exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"Skill demand across", "stakeholder-management", "What ads list vs what the role really requires", "Report written to"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("demo output lacks %q:\n%s", want, stdout)
		}
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatalf("report not written: %v", err)
	}
	if !bytes.Contains(md, []byte("Listed vs reality")) {
		t.Errorf("report lacks the listed-vs-reality section")
	}

	// The stored data answers queries afterwards.
	code, stdout, stderr = run(t, "skills", "--data", dir, "--format", "json")
	if code != exitOK {
		t.Fatalf("skills exit %d: %s", code, stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatalf("skills json: %v\n%s", err, stdout)
	}
	if len(rows) < 15 {
		t.Errorf("got %d skill rows, want at least the 15 article skills", len(rows))
	}
	code, stdout, stderr = run(t, "reality", "--data", dir, "--format", "csv")
	if code != exitOK {
		t.Fatalf("reality exit %d: %s", code, stderr)
	}
	if lines := strings.Count(stdout, "\n"); lines < 16 {
		t.Errorf("reality csv has %d lines, want a header and at least 15 rows", lines)
	}
	code, stdout, stderr = run(t, "search", "--data", dir, "--skill", "risk-management", "--limit", "3")
	if code != exitOK {
		t.Fatalf("search exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "[[") {
		t.Errorf("search output has no highlighted span:\n%s", stdout)
	}
}

// board serves a Greenhouse board whose jobs the test can change.
type board struct {
	mu   sync.Mutex
	jobs []int
}

func (b *board) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/robots.txt" {
		http.NotFound(w, r)
		return
	}
	if r.URL.Path != "/v1/boards/acme/jobs" {
		http.NotFound(w, r)
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var jobs []string
	for _, id := range b.jobs {
		jobs = append(jobs, fmt.Sprintf(`{"id":%d,"internal_job_id":%d,"title":"Technical Program Manager %d",
			"updated_at":"2026-10-01T10:00:00-04:00","first_published":"2026-09-01T10:00:00-04:00","requisition_id":"R%d",
			"company_name":"Acme","location":{"name":"Remote"},"absolute_url":"https://boards.greenhouse.io/acme/jobs/%d",
			"metadata":null,"content":"&lt;h3&gt;Minimum qualifications&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;5+ years of program management&lt;/li&gt;&lt;li&gt;Experience with Jira and risk management&lt;/li&gt;&lt;/ul&gt;",
			"departments":[],"offices":[]}`, id, id, id, id, id))
	}
	fmt.Fprintf(w, `{"jobs":[%s],"meta":{"total":%d}}`, strings.Join(jobs, ","), len(jobs))
}

func (b *board) set(ids ...int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.jobs = ids
}

func TestCrawl_Lifecycle(t *testing.T) {
	b := &board{}
	srv := httptest.NewServer(b)
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "sources.yaml"), fmt.Sprintf(`
role: tpm
politeness: { per_host_delay: 0s, timeout: 5s, max_retries: 0 }
sources:
  - { type: greenhouse, board: acme, base_url: %q }
`, srv.URL))
	data := filepath.Join(dir, "data")

	count := func() (open, total int) {
		t.Helper()
		db := store.NewDB(filepath.Join(data, storeFile))
		db.ReadOnly = true
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		open, total, err := db.PostingCount()
		if err != nil {
			t.Fatal(err)
		}
		return open, total
	}

	b.set(1, 2, 3)
	for i := 0; i < 2; i++ {
		if code, _, stderr := run(t, "crawl", "--config", cfg, "--data", data); code != exitOK {
			t.Fatalf("crawl %d: exit %d: %s", i, code, stderr)
		}
		if open, total := count(); open != 3 || total != 3 {
			t.Fatalf("after crawl %d: got %d open of %d, want 3 of 3 (no duplicates)", i, open, total)
		}
	}

	b.set(1, 3)
	if code, _, stderr := run(t, "crawl", "--config", cfg, "--data", data); code != exitOK {
		t.Fatalf("crawl: exit %d: %s", code, stderr)
	}
	if open, total := count(); open != 2 || total != 3 {
		t.Fatalf("after a posting vanished: got %d open of %d, want 2 of 3", open, total)
	}

	// A failed source closes nothing.
	srv.Close()
	code, _, stderr := run(t, "crawl", "--config", cfg, "--data", data)
	if code != exitError {
		t.Fatalf("crawl of a dead board: got exit %d, want %d: %s", code, exitError, stderr)
	}
	if open, total := count(); open != 2 || total != 3 {
		t.Fatalf("after a failed crawl: got %d open of %d, want 2 of 3", open, total)
	}
}

func TestImport(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, filepath.Join(dir, "set.jsonl"), `{"id":"1","title":"Senior Technical Program Manager","company":"A","description":"Minimum qualifications:\n- 5+ years of program management\n- Experience with Jira"}
{"id":"2","title":"Software Engineer","company":"B","description":"Write Go code"}
`)
	data := filepath.Join(dir, "data")
	code, stdout, stderr := run(t, "import", file, "--data", data)
	if code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "2 records, 1 kept") {
		t.Errorf("import output: %s", stdout)
	}
	code, stdout, _ = run(t, "skills", "--data", data, "--format", "json")
	if code != exitOK || !strings.Contains(stdout, `"jira-confluence"`) {
		t.Errorf("skills after import: exit %d\n%s", code, stdout)
	}

	bad := writeFile(t, filepath.Join(dir, "bad.jsonl"), "{\"id\":\"9\",\"title\":\"TPM\"}\n{broken\n")
	code, _, stderr = run(t, "import", bad, "--data", data)
	if code != exitUsage || !strings.Contains(stderr, "bad.jsonl:2") {
		t.Errorf("bad import: exit %d, stderr %q", code, stderr)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	notDir := writeFile(t, filepath.Join(dir, "file"), "x")
	malformed := writeFile(t, filepath.Join(dir, "malformed.yaml"), "sources: [ { type: greenhouse\n")
	unknownType := writeFile(t, filepath.Join(dir, "unknown.yaml"), "sources:\n  - { type: monster, board: x }\n")
	unknownKey := writeFile(t, filepath.Join(dir, "key.yaml"), "sourcez: []\n")
	good := writeFile(t, filepath.Join(dir, "good.yaml"), "sources:\n  - { type: greenhouse, board: x, base_url: \"http://127.0.0.1:1\" }\n")

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"MissingConfig", []string{"crawl", "--config", filepath.Join(dir, "nope.yaml"), "--data", data}, "does not exist"},
		{"MalformedConfig", []string{"crawl", "--config", malformed, "--data", data}, "malformed YAML"},
		{"UnknownSourceType", []string{"crawl", "--config", unknownType, "--data", data}, `unknown source type "monster"`},
		{"UnknownKey", []string{"crawl", "--config", unknownKey, "--data", data}, "sourcez"},
		{"UnreadableDataDir", []string{"crawl", "--config", good, "--data", filepath.Join(notDir, "sub")}, "cannot use data dir"},
		{"NoData", []string{"skills", "--data", filepath.Join(dir, "empty")}, "no data in"},
		{"UnknownFlag", []string{"skills", "--frobnicate"}, "unknown flag"},
		{"BadFormat", []string{"skills", "--format", "xml", "--data", data}, `--format "xml"`},
		{"BadSince", []string{"skills", "--since", "soon", "--data", data}, "--since"},
		{"MissingGold", []string{"eval", "--gold", filepath.Join(dir, "nope.jsonl")}, "cannot read gold file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			code, _, stderr := run(t, tt.args...)
			if code != exitUsage {
				t.Errorf("got exit %d, want %d (stderr %q)", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q lacks %q", stderr, tt.want)
			}
			if n := strings.Count(strings.TrimSpace(stderr), "\n"); n != 0 {
				t.Errorf("got %d lines of error, want one:\n%s", n+1, stderr)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s to fail", d)
			}
		})
	}

	t.Run("LockedDataDir", func(t *testing.T) {
		locked := filepath.Join(dir, "locked")
		if err := os.MkdirAll(locked, 0o755); err != nil {
			t.Fatal(err)
		}
		db := store.NewDB(filepath.Join(locked, storeFile))
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		start := time.Now()
		code, _, stderr := run(t, "crawl", "--config", good, "--data", locked)
		if code != exitUsage || !strings.Contains(stderr, "in use by another skilldemand process") {
			t.Errorf("got exit %d, stderr %q", code, stderr)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %s to fail on a locked data dir", d)
		}
	})
}

func TestEval(t *testing.T) {
	gold := filepath.Join("..", "..", "..", "shared", "eval", "dev.jsonl")
	if _, err := os.Stat(gold); err != nil {
		t.Skipf("labelled postings not found at %s: %v", gold, err)
	}
	code, stdout, stderr := run(t, "eval", "--gold", gold, "--format", "json")
	if code != exitOK {
		t.Fatalf("eval: exit %d: %s", code, stderr)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"skills_micro_f1", "signals_micro_f1", "strength_accuracy", "per_skill"} {
		if _, ok := r[k]; !ok {
			t.Errorf("eval json lacks %q", k)
		}
	}
	if ps, _ := r["per_skill"].([]any); len(ps) != 15 {
		t.Errorf("per_skill has %d entries, want 15", len(ps))
	}
}
