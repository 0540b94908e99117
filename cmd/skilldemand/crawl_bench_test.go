package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand/crawler/crawlertest"
	"github.com/skilldemand/skilldemand/store"
)

// The crawl benchmarks use the fixture of crawler's BenchmarkBareColly:
// benchHosts loopback hosts, each a SmartRecruiters company of
// benchPostings postings, so one crawl makes 1 list request and
// benchPostings detail requests (one posting each) per host.
const (
	benchHosts    = 4
	benchPostings = 100
)

// benchMixes are the fixture's shares of TPM roles, as in crawler's
// benchmarks: every posting a TPM role (the worst case) and one in 20.
var benchMixes = []struct {
	name  string
	every int
}{{"tpm=all", 1}, {"tpm=1in20", 20}}

// crawlFarm starts the fixture, one posting in every a TPM role, and
// writes a config for it.
func crawlFarm(b *testing.B, delay time.Duration, every int) (servers []*crawlertest.Server, cfg string, pages int) {
	var sb strings.Builder
	fmt.Fprintf(&sb, "role: tpm\npoliteness: { per_host_delay: %s, parallelism: %d, timeout: 10s, max_retries: 0 }\nsources:\n", delay, benchHosts)
	for h := range benchHosts {
		company := fmt.Sprintf("bench%d", h)
		s := crawlertest.NewServer(b, crawlertest.SmartRecruitersMix(company, benchPostings, every))
		servers = append(servers, s)
		pages += len(crawlertest.SmartRecruitersURLs(s.URL, company, benchPostings))
		fmt.Fprintf(&sb, "  - { type: smartrecruiters, board: %s, base_url: %q }\n", company, s.URL)
	}
	cfg = filepath.Join(b.TempDir(), "sources.yaml")
	if err := os.WriteFile(cfg, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return servers, cfg, pages
}

// crawlOnce runs `skilldemand crawl` into a fresh data dir and checks
// that every TPM posting was stored.
func crawlOnce(b *testing.B, cfg string, every int) {
	data := filepath.Join(b.TempDir(), "data")
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"crawl", "--config", cfg, "--data", data}, &out, &errb); code != exitOK {
		b.Fatalf("crawl: exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	b.StopTimer()
	db := store.NewDB(filepath.Join(data, storeFile))
	db.ReadOnly = true
	if err := db.Open(); err != nil {
		b.Fatal(err)
	}
	open, _, err := db.PostingCount()
	db.Close()
	if err != nil {
		b.Fatal(err)
	}
	if want := benchHosts * crawlertest.TPMCount(benchPostings, every); open != want {
		b.Fatalf("stored %d open postings, want %d", open, want)
	}
	b.StartTimer()
}

// BenchmarkCrawlPipeline crawls the fixture with no host delay through
// the whole pipeline (crawl, role filter, extraction, store, index,
// snapshot) and reports pages/s, to compare with crawler's
// BenchmarkBareColly on the same fixture (scripts/bench-crawl.sh). It
// fetches every page, as colly does: the detail records of other roles
// too (see BenchmarkCrawlBoards for a crawl that skips them).
func BenchmarkCrawlPipeline(b *testing.B) {
	defer func(v bool) { skipOtherDetails = v }(skipOtherDetails)
	skipOtherDetails = false
	for _, mix := range benchMixes {
		b.Run(mix.name, func(b *testing.B) { benchCrawlPipeline(b, mix.every) })
	}
}

func benchCrawlPipeline(b *testing.B, every int) {
	_, cfg, pages := crawlFarm(b, time.Nanosecond, every) // 0 would mean the default delay
	for b.Loop() {
		crawlOnce(b, cfg, every)
	}
	b.ReportMetric(float64(b.N*pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkCrawlBoards crawls the one-in-20 fixture as a real crawl does,
// without the detail records of postings listed under other titles, and
// reports the fixture's pages over the wall time (pages/s of board
// covered, to set beside BenchmarkBareColly fetching all of them) and the
// requests one crawl makes.
func BenchmarkCrawlBoards(b *testing.B) {
	const every = 20
	servers, cfg, pages := crawlFarm(b, time.Nanosecond, every)
	requests := 0
	for b.Loop() {
		for _, s := range servers {
			s.Reset()
		}
		crawlOnce(b, cfg, every)
		for _, s := range servers {
			n, _ := s.Requests()
			requests += n
		}
	}
	b.ReportMetric(float64(b.N*pages)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
	b.ReportMetric(float64(pages), "fixture-pages")
}

// BenchmarkCrawlPoliteness crawls the fixture with a host delay d through
// the whole pipeline and reports the wall time over the politeness bound
// max_h(P_h·d), P_h being the requests to host h (goal ≤ 1.10), the
// fraction of requests that repeated a URL (goal ≤ 0.001) and the shortest
// gap seen between two requests to one host, over d (must be ≥ 1).
func BenchmarkCrawlPoliteness(b *testing.B) {
	const d = 50 * time.Millisecond
	servers, cfg, _ := crawlFarm(b, d, 1)
	var total, repeated int
	minGap := time.Duration(-1)
	var wall time.Duration
	for b.Loop() {
		for _, s := range servers {
			s.Reset()
		}
		start := time.Now()
		crawlOnce(b, cfg, 1)
		wall += time.Since(start)
		for _, s := range servers {
			n, r := s.Requests()
			total, repeated = total+n, repeated+r
			if g, _, ok := s.MinGap(); ok && (minGap < 0 || g < minGap) {
				minGap = g
			}
		}
	}
	perHost := total / b.N / benchHosts // every host gets as many
	bound := time.Duration(perHost) * d
	b.ReportMetric(float64(wall)/float64(b.N)/float64(bound), "wall/bound")
	b.ReportMetric(float64(repeated)/float64(total), "dup-rate")
	b.ReportMetric(float64(minGap)/float64(d), "mingap/delay")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkCrawlPipelineNoState is BenchmarkCrawlPipeline without the
// crawl state (no per-response commit): crawl, role filter, extraction,
// and batched store and index writes only. The difference between the two
// is the cost of committing each response durably.
func BenchmarkCrawlPipelineNoState(b *testing.B) {
	for _, mix := range benchMixes {
		b.Run(mix.name, func(b *testing.B) { benchCrawlPipelineNoState(b, mix.every) })
	}
}

func benchCrawlPipelineNoState(b *testing.B, every int) {
	_, cfgPath, pages := crawlFarm(b, time.Nanosecond, every)
	cfg, err := LoadConfig(cfgPath)
	if err != nil {
		b.Fatal(err)
	}
	role, err := loadRole(&cfg)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		m := &Main{Stdout: io.Discard, Stderr: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), dataDir: filepath.Join(b.TempDir(), "data")}
		d, err := m.openData(ctx, &cfg, false)
		if err != nil {
			b.Fatal(err)
		}
		in := newIngest(d, role, time.Now())
		c := cfg.newCrawler(d)
		c.Sink = in.Sink
		if _, err := c.Run(ctx); err != nil {
			b.Fatal(err)
		}
		if err := in.Flush(); err != nil {
			b.Fatal(err)
		}
		if want := benchHosts * crawlertest.TPMCount(benchPostings, every); in.kept != want {
			b.Fatalf("kept %d postings, want %d", in.kept, want)
		}
		d.Close()
	}
	b.ReportMetric(float64(b.N*pages)/b.Elapsed().Seconds(), "pages/s")
}
