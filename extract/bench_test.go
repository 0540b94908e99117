package extract_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/extract"
)

// benchPath is the generic posting sample, outside the repository.
const benchPath = "../../shared/bench/postings.jsonl.gz"

// benchPostings reads up to n postings of the shared sample, or the
// project's own test texts when the sample is absent.
func benchPostings(tb testing.TB, n int) []*skilldemand.Posting {
	tb.Helper()
	f, err := os.Open(benchPath)
	if err != nil {
		return fixturePostings(tb)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	var out []*skilldemand.Posting
	for sc.Scan() && len(out) < n {
		var r struct {
			ID, Title, Description string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatal(err)
		}
		out = append(out, &skilldemand.Posting{ID: r.ID, Title: r.Title, Description: r.Description, Format: skilldemand.FormatText})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func BenchmarkExtract(b *testing.B) {
	x := MustExtractor(b)
	ps := benchPostings(b, 2000)
	size := 0
	for _, p := range ps {
		size += len(p.Description)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range ps {
			x.Extract(p)
		}
	}
}

func BenchmarkExtractParallel(b *testing.B) {
	x := MustExtractor(b)
	ps := benchPostings(b, 2000)
	size := 0
	for _, p := range ps {
		size += len(p.Description)
	}
	b.SetBytes(int64(size) / int64(len(ps)))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			x.Extract(ps[i%len(ps)])
			i++
		}
	})
}

func BenchmarkHTMLToText(b *testing.B) {
	ps := fixturePostings(b)
	var htmls []string
	size := 0
	for _, p := range ps {
		if p.Format != skilldemand.FormatText {
			htmls = append(htmls, p.Description)
			size += len(p.Description)
		}
	}
	if len(htmls) == 0 {
		b.Skip("no HTML fixtures")
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, h := range htmls {
			extractHTMLToText(h)
		}
	}
}

// BenchmarkMatch measures tokenising and phrase matching alone, the part
// whose cost grows with the text.
func BenchmarkMatch(b *testing.B) {
	x := MustExtractor(b)
	ps := benchPostings(b, 2000)
	size := 0
	for _, p := range ps {
		size += len(p.Description)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			extract.MatchCount(x, p.Description)
		}
	}
}

// BenchmarkTokenize measures the tokenizer alone.
func BenchmarkTokenize(b *testing.B) {
	x := MustExtractor(b)
	ps := benchPostings(b, 2000)
	size := 0
	for _, p := range ps {
		size += len(p.Description)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			extract.TokenizeCount(x, p.Description)
		}
	}
}
