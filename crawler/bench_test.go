package crawler_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/crawler"
	"github.com/skilldemand/skilldemand/crawler/crawlertest"
)

// Benchmark fixture: benchHosts loopback hosts, each a SmartRecruiters
// company of benchPostings postings, so one crawl makes 1 list request and
// benchPostings detail requests per host. cmd/skilldemand's
// BenchmarkCrawlPipeline crawls the same fixture through the whole
// pipeline; scripts/bench-crawl.sh compares the two.
const (
	benchHosts    = 4
	benchPostings = 100
)

// benchMixes are the fixture's shares of TPM roles, as one in every n
// postings: every posting (the worst case: each one is extracted, stored
// and indexed) and one in 20, still more than real boards hold (41 of the
// 18,939 postings of the benchmark sample have TPM titles).
var benchMixes = []struct {
	name  string
	every int
}{{"tpm=all", 1}, {"tpm=1in20", 20}}

func benchFarm(b *testing.B, every int) (servers []*crawlertest.Server, urls []string) {
	for h := range benchHosts {
		company := fmt.Sprintf("bench%d", h)
		s := crawlertest.NewServer(b, crawlertest.SmartRecruitersMix(company, benchPostings, every))
		servers = append(servers, s)
		urls = append(urls, crawlertest.SmartRecruitersURLs(s.URL, company, benchPostings)...)
	}
	return servers, urls
}

// BenchmarkBareColly is the baseline: a plain colly collector, Async, one
// request at a time per host and all hosts at once (the crawler's
// parallelism), visiting the fixture's URLs and decoding nothing.
func BenchmarkBareColly(b *testing.B) {
	for _, mix := range benchMixes {
		b.Run(mix.name, func(b *testing.B) { benchBareColly(b, mix.every) })
	}
}

func benchBareColly(b *testing.B, every int) {
	servers, urls := benchFarm(b, every)
	b.ResetTimer()
	pages := 0
	for b.Loop() {
		c := colly.NewCollector(colly.Async(true))
		for _, s := range servers {
			u, _ := url.Parse(s.URL)
			if err := c.Limit(&colly.LimitRule{DomainGlob: u.Host, Parallelism: 1}); err != nil {
				b.Fatal(err)
			}
		}
		c.OnResponse(func(*colly.Response) { pages++ })
		for _, u := range urls {
			if err := c.Visit(u); err != nil {
				b.Fatal(err)
			}
		}
		c.Wait()
	}
	if pages != b.N*len(urls) {
		b.Fatalf("got %d pages, want %d", pages, b.N*len(urls))
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkCrawler crawls the fixture with this package's Crawler, delay
// 0 (well, 1ns) and a sink that keeps nothing: the crawler's own cost
// (robots.txt, decoding, follow-ups) over bare colly.
func BenchmarkCrawler(b *testing.B) {
	for _, mix := range benchMixes {
		b.Run(mix.name, func(b *testing.B) { benchCrawler(b, mix.every) })
	}
}

func benchCrawler(b *testing.B, every int) {
	servers, urls := benchFarm(b, every)
	var srcs []skilldemand.Source
	for h, s := range servers {
		srcs = append(srcs, skilldemand.Source{Type: "smartrecruiters", Board: fmt.Sprintf("bench%d", h), BaseURL: s.URL})
	}
	b.ResetTimer()
	postings := 0
	for b.Loop() {
		c := crawler.New()
		c.Sources = srcs
		c.Delay = time.Nanosecond
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
		c.Sink = func(context.Context, *skilldemand.Posting) error { postings++; return nil }
		runs, err := c.Run(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range runs {
			if r.Err != "" {
				b.Fatalf("%s: %s", r.Source, r.Err)
			}
		}
	}
	if postings != b.N*benchHosts*benchPostings {
		b.Fatalf("got %d postings, want %d", postings, b.N*benchHosts*benchPostings)
	}
	b.ReportMetric(float64(b.N*len(urls))/b.Elapsed().Seconds(), "pages/s")
}
