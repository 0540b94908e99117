package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
)

// BenchmarkServe_SkillsUnderLoad fills the store to 10k postings by
// replicating the fixture postings, then sends skill queries from 32
// clients while a writer upserts and indexes a batch every 250 ms, and reports
// p50/p99 latency and errors. Loopback only; bounded to b.N×32 requests.
//
//	go test ./cmd/skilldemand -run '^$' -bench SkillsUnderLoad -benchtime 20x
func BenchmarkServe_SkillsUnderLoad(b *testing.B) {
	s, _ := newTestService(b, "")
	var base []*skilldemand.Posting
	s.data.DB.ForEachPosting(func(p *skilldemand.Posting) error {
		if p.Extraction != nil {
			base = append(base, p)
		}
		return nil
	})
	replicate := func(round, n int) []*skilldemand.Posting {
		out := make([]*skilldemand.Posting, 0, n)
		for i := range n {
			c := *base[i%len(base)]
			c.Board = fmt.Sprintf("bench%d", round)
			c.ExternalID = fmt.Sprint(i)
			// A distinct employer per copy, so near-duplicate grouping
			// keeps them as separate jobs and the index holds n postings.
			c.Company = fmt.Sprintf("%s %d-%d", c.Company, round, i)
			c.ID = skilldemand.MakeID(c.Source, c.Board, c.ExternalID)
			out = append(out, &c)
		}
		return out
	}
	for i := 0; i < 10; i++ {
		batch := replicate(i, 1000)
		if _, err := s.data.DB.UpsertPostings(batch, time.Now()); err != nil {
			b.Fatal(err)
		}
		if err := s.data.Index.Index(batch); err != nil {
			b.Fatal(err)
		}
	}
	ts := httptest.NewServer(s.srv)
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	stop := make(chan struct{})
	var writer sync.WaitGroup
	writer.Add(1)
	// A crawl's writes: a batch of 200 postings every 250 ms (800 postings/s,
	// far more than a polite crawl's per-host delays let through), until
	// told to stop.
	go func() {
		defer writer.Done()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for round := 100; ; round++ {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			batch := replicate(round, 200)
			s.data.DB.UpsertPostings(batch, time.Now())
			s.data.Index.Index(batch)
		}
	}()

	queries := []string{"/api/skills", "/api/skills?remote=remote", "/api/skills?company=initech", "/api/skills?seniority=senior&since=3650d", "/api/skills?query=roadmap"}
	const clients = 32
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	b.ResetTimer()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range b.N {
				start := time.Now()
				resp, err := client.Get(ts.URL + queries[(c+i)%len(queries)])
				ok := err == nil && resp.StatusCode == http.StatusOK
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				d := time.Since(start)
				mu.Lock()
				lat = append(lat, d)
				if !ok {
					errs++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	close(stop)
	writer.Wait()
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(float64(len(lat)-1)*p)] }
	n, _ := s.data.Index.Count()
	b.ReportMetric(float64(pct(0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(pct(0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(errs), "errors")
	b.ReportMetric(float64(n), "indexed")
	b.Logf("%d requests at concurrency %d over %d indexed postings: p50 %s p99 %s errors %d", len(lat), clients, n, pct(0.5), pct(0.99), errs)
}
