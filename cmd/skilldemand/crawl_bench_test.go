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

// crawlFarm starts the fixture and writes a config for it.
func crawlFarm(b *testing.B, delay time.Duration) (servers []*crawlertest.Server, cfg string, pages int) {
	var sb strings.Builder
	fmt.Fprintf(&sb, "role: tpm\npoliteness: { per_host_delay: %s, parallelism: %d, timeout: 10s, max_retries: 0 }\nsources:\n", delay, benchHosts)
	for h := range benchHosts {
		company := fmt.Sprintf("bench%d", h)
		s := crawlertest.NewServer(b, crawlertest.SmartRecruiters(company, benchPostings))
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
// that every posting was stored.
func crawlOnce(b *testing.B, cfg string) {
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
	if open != benchHosts*benchPostings {
		b.Fatalf("stored %d open postings, want %d", open, benchHosts*benchPostings)
	}
	b.StartTimer()
}

// BenchmarkCrawlPipeline crawls the fixture with no host delay through
// the whole pipeline (crawl, role filter, extraction, store, index,
// snapshot) and reports pages/s, to compare with crawler's
// BenchmarkBareColly on the same fixture (scripts/bench-crawl.sh).
func BenchmarkCrawlPipeline(b *testing.B) {
	_, cfg, pages := crawlFarm(b, time.Nanosecond) // 0 would mean the default delay
	for b.Loop() {
		crawlOnce(b, cfg)
	}
	b.ReportMetric(float64(b.N*pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkCrawlPoliteness crawls the fixture with a host delay d through
// the whole pipeline and reports the wall time over the politeness bound
// max_h(P_h·d), P_h being the requests to host h (goal ≤ 1.10), the
// fraction of requests that repeated a URL (goal ≤ 0.001) and the shortest
// gap seen between two requests to one host, over d (must be ≥ 1).
func BenchmarkCrawlPoliteness(b *testing.B) {
	const d = 50 * time.Millisecond
	servers, cfg, _ := crawlFarm(b, d)
	var total, repeated int
	minGap := time.Duration(-1)
	var wall time.Duration
	for b.Loop() {
		for _, s := range servers {
			s.Reset()
		}
		start := time.Now()
		crawlOnce(b, cfg)
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
	_, cfgPath, pages := crawlFarm(b, time.Nanosecond)
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
		if in.kept != benchHosts*benchPostings {
			b.Fatalf("kept %d postings, want %d", in.kept, benchHosts*benchPostings)
		}
		d.Close()
	}
	b.ReportMetric(float64(b.N*pages)/b.Elapsed().Seconds(), "pages/s")
}
