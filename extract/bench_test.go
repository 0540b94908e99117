package extract_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

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

// cpuMeter reports MB per CPU second ("cpuMB/s") for a benchmark that
// processes size bytes an iteration.
type cpuMeter struct {
	b     *testing.B
	size  int64
	start time.Duration
}

func startCPU(b *testing.B, size int64) *cpuMeter {
	return &cpuMeter{b: b, size: size, start: cpuTime()}
}

func (m *cpuMeter) stop() {
	if d := cpuTime() - m.start; d > 0 && m.b.N > 0 {
		m.b.ReportMetric(float64(m.size)*float64(m.b.N)/d.Seconds()/1e6, "cpuMB/s")
	}
}

// benchN is how many sample postings the benchmarks read: $BENCH_N, or
// 2000.
func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 2000
}

func BenchmarkExtract(b *testing.B) {
	x := MustExtractor(b)
	ps := benchPostings(b, benchN())
	size := 0
	for _, p := range ps {
		size += len(p.Description)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	cm := startCPU(b, int64(size))
	for b.Loop() {
		for _, p := range ps {
			x.Extract(p)
		}
	}
	cm.stop()
}

func BenchmarkExtractParallel(b *testing.B) {
	x := MustExtractor(b)
	ps := benchPostings(b, benchN())
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

// benchHTML renders the sample postings' light markdown as the HTML a job
// board serves ("##" headings, "-" list items, paragraphs), with the
// project's HTML fixtures added, so HTML speed is measured on real text.
func benchHTML(tb testing.TB) ([]string, int) {
	var out []string
	size := 0
	for _, p := range fixturePostings(tb) {
		if p.Format != skilldemand.FormatText {
			out = append(out, p.Description)
			size += len(p.Description)
		}
	}
	for _, p := range benchPostings(tb, benchN()) {
		var b strings.Builder
		inList := false
		for _, l := range strings.Split(p.Description, "\n") {
			l = strings.TrimSpace(l)
			item, isItem := strings.CutPrefix(l, "- ")
			if inList && !isItem {
				b.WriteString("</ul>")
				inList = false
			}
			switch {
			case l == "":
			case isItem:
				if !inList {
					b.WriteString("<ul>")
					inList = true
				}
				b.WriteString("<li>" + html.EscapeString(item) + "</li>")
			case strings.HasPrefix(l, "#"):
				b.WriteString("<h2>" + html.EscapeString(strings.TrimLeft(l, "# ")) + "</h2>")
			default:
				b.WriteString("<p>" + html.EscapeString(l) + "</p>")
			}
		}
		if inList {
			b.WriteString("</ul>")
		}
		out = append(out, b.String())
		size += b.Len()
	}
	return out, size
}

func BenchmarkHTMLToText(b *testing.B) {
	htmls, size := benchHTML(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	cm := startCPU(b, int64(size))
	for b.Loop() {
		for _, h := range htmls {
			extractHTMLToText(h)
		}
	}
	cm.stop()
}

// BenchmarkHTMLTokenizer is the floor for HTMLToText: a bare
// golang.org/x/net/html tokenizer loop over the same documents that only
// touches each text token.
func BenchmarkHTMLTokenizer(b *testing.B) {
	htmls, size := benchHTML(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	n := 0
	cm := startCPU(b, int64(size))
	for b.Loop() {
		for _, h := range htmls {
			z := xhtml.NewTokenizer(strings.NewReader(h))
			for {
				tt := z.Next()
				if tt == xhtml.ErrorToken {
					break
				}
				if tt == xhtml.TextToken {
					n += len(z.Text())
				}
			}
		}
	}
	if n == 0 {
		b.Fatal("no text")
	}
	cm.stop()
}

// TestWriteBenchInputs writes, for scripts/bench-extract.sh, the sample's
// descriptions (descriptions.txt) and the matcher's fixed phrases
// (patterns.txt, one a line; phrases with "*" left out) to $BENCH_DIR.
func TestWriteBenchInputs(t *testing.T) {
	dir := os.Getenv("BENCH_DIR")
	if dir == "" {
		t.Skip("set BENCH_DIR to write the benchmark inputs")
	}
	ps := benchPostings(t, benchN())
	var text strings.Builder
	for _, p := range ps {
		text.WriteString(p.Description)
		text.WriteString("\n")
	}
	seen := map[string]bool{}
	var pats []string
	for _, ph := range extract.Phrases(MustExtractor(t)) {
		ph = strings.ToLower(strings.Join(strings.Fields(ph), " "))
		if ph == "" || strings.Contains(ph, "*") || seen[ph] {
			continue
		}
		seen[ph] = true
		pats = append(pats, ph)
	}
	sort.Strings(pats)
	if err := os.WriteFile(filepath.Join(dir, "descriptions.txt"), []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "patterns.txt"), []byte(strings.Join(pats, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("bench inputs: %d postings, %d bytes, %d patterns\n", len(ps), text.Len(), len(pats))
}

// BenchmarkMatch measures tokenising and phrase matching alone, the part
// whose cost grows with the text.
func BenchmarkMatch(b *testing.B) { benchDescriptions(b, extract.MatchCount) }

// BenchmarkTokenize measures the tokenizer alone.
func BenchmarkTokenize(b *testing.B) { benchDescriptions(b, extract.TokenizeCount) }

// benchDescriptions runs fn over the sample's descriptions, reporting
// wall-clock and CPU MB/s.
func benchDescriptions(b *testing.B, fn func(*extract.Extractor, string) int) {
	x := MustExtractor(b)
	ps := benchPostings(b, benchN())
	size := 0
	for _, p := range ps {
		size += len(p.Description)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	cm := startCPU(b, int64(size))
	for b.Loop() {
		for _, p := range ps {
			fn(x, p.Description)
		}
	}
	cm.stop()
}
