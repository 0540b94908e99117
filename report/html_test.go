package report_test

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	jobs "github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/report"
)

// Hostile strings standing in for text taken from postings.
const (
	hostileScript = `<script>alert(1)</script>`
	hostileAttr   = `"><img src=x onerror=alert(1)>`
)

// trendHistory is a year of monthly snapshots, two per month, over the
// skills of goldenReport.
func trendHistory() []*jobs.Snapshot {
	var snaps []*jobs.Snapshot
	days := []string{"2025-05-04", "2025-05-18", "2025-06-04", "2025-07-04", "2025-08-04", "2025-09-04",
		"2025-10-04", "2025-11-04", "2025-12-04", "2026-01-04", "2026-02-04", "2026-03-04", "2026-04-04", "2026-04-18", "2026-05-04"}
	for i, d := range days {
		snaps = append(snaps, snapshot(d, 40+i, map[string]int{
			"project-management":          30 + i/2,
			"cross-functional-leadership": 20 + i,
			"communication":               36 - i,
			"sql":                         6 + i*3/2,
			"pmp":                         14 - i/2,
			"kubernetes":                  i / 3,
		}))
	}
	return snaps
}

func goldenHTMLReport() *report.HTMLReport {
	snaps := trendHistory()
	return &report.HTMLReport{
		Report:     *goldenReport(),
		Trends:     report.Trends(snaps, taxonomy),
		TrendBasis: report.TrendBasisOf(snaps),
		TopCompanies: []report.CompanyCount{
			{Company: "Acme Robotics", Postings: 9},
			{Company: hostileScript, Postings: 4},
			{Company: hostileAttr, Postings: 3},
			{Company: "Globex & Sons", Postings: 2},
		},
		SalaryBySeniority: []report.SalaryBand{
			{Seniority: jobs.SenioritySenior, Postings: 12, MedianMin: 152000, MedianMax: 198500, Currency: "USD"},
			{Seniority: jobs.SeniorityStaff, Postings: 5, MedianMin: 185000, MedianMax: 240000, Currency: "USD"},
			{Seniority: jobs.SeniorityMid, Postings: 3, MedianMin: 95000, MedianMax: 95000, Currency: "EUR"},
		},
	}
}

func renderHTML(t *testing.T, r *report.HTMLReport) string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestWriteHTML_Golden(t *testing.T) {
	out := renderHTML(t, goldenHTMLReport())
	golden := filepath.Join("testdata", "report.golden.html")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden file: %v (run `go test ./report -update` to create it)", err)
	}
	if out != string(want) {
		t.Errorf("got output that differs from %s; run `go test ./report -update` if the change is intended", golden)
	}
}

// walk calls fn for every element node of the tree.
func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func parse(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatalf("parse html: %v", err)
	}
	return doc
}

func text(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return b.String()
}

func TestWriteHTML(t *testing.T) {
	out := renderHTML(t, goldenHTMLReport())
	doc := parse(t, out)

	t.Run("SelfContained", func(t *testing.T) {
		for _, bad := range []string{"http://", "https://", "@import", "url(", "<link", "<script", "<img", "<iframe"} {
			if strings.Contains(strings.ToLower(out), bad) {
				t.Errorf("got %q in the report, want no external resource of any kind", bad)
			}
		}
		walk(doc, func(n *html.Node) {
			for _, a := range n.Attr {
				switch key := strings.ToLower(a.Key); {
				case key == "src" || key == "srcset" || key == "action" || key == "xlink:href" || key == "poster":
					t.Errorf("got <%s %s=%q>, want no resource attributes", n.Data, a.Key, a.Val)
				case key == "href" && !strings.HasPrefix(a.Val, "#"):
					t.Errorf("got <%s href=%q>, want in-page links only", n.Data, a.Val)
				case strings.HasPrefix(key, "on"):
					t.Errorf("got <%s %s=%q>, want no event handlers", n.Data, a.Key, a.Val)
				}
			}
			switch n.Data {
			case "script", "img", "link", "iframe", "object", "embed", "image", "use":
				t.Errorf("got a <%s> element, want none", n.Data)
			}
		})
	})

	t.Run("Escapes", func(t *testing.T) {
		for _, bad := range []string{hostileScript, hostileAttr, "onerror=alert(1)>"} {
			if strings.Contains(out, bad) {
				t.Errorf("got %q unescaped in the report", bad)
			}
		}
		// The names still read as text.
		body := text(doc)
		for _, want := range []string{hostileScript, hostileAttr, "Globex & Sons"} {
			if !strings.Contains(body, want) {
				t.Errorf("got page text without %q, want it shown as text", want)
			}
		}
	})

	t.Run("Sections", func(t *testing.T) {
		ids := map[string]bool{}
		walk(doc, func(n *html.Node) {
			for _, a := range n.Attr {
				if a.Key == "id" {
					if ids[a.Val] {
						t.Errorf("got id %q twice", a.Val)
					}
					ids[a.Val] = true
				}
			}
		})
		for _, id := range []string{"summary", "top-skills", "reality", "unlisted", "trends", "companies", "salary", "method",
			"chart-top-skills", "chart-reality", "chart-trend-1"} {
			if !ids[id] {
				t.Errorf("got no element with id %q", id)
			}
		}
		body := text(doc)
		for _, want := range []string{
			"Technical Program Manager skill demand", "48 open postings from 2 sources", "4 May 2026 at 01:05 UTC",
			"Program scale", "judged by how many teams were coordinated", "deeper bar shown in most listings (60%)",
			"152,000–198,500", "95,000", "skills F1 0.91", "503 Service Unavailable", "2026-04-04", "2025-05-04",
			"May 2025", "May 2026",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("got page text without %q", want)
			}
		}
		if strings.Contains(body, "Not enough history") {
			t.Errorf("got a short-history note with a year of snapshots")
		}
	})

	t.Run("AccessibleCharts", func(t *testing.T) {
		svgs, tables := 0, 0
		walk(doc, func(n *html.Node) {
			switch n.Data {
			case "table":
				tables++
			case "svg":
				svgs++
				var title, desc bool
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					title = title || (c.Type == html.ElementNode && c.Data == "title" && text(c) != "")
					desc = desc || (c.Type == html.ElementNode && c.Data == "desc" && text(c) != "")
				}
				if !title || !desc {
					t.Errorf("got an svg without a <title> and <desc>")
				}
				var viewBox, role bool
				for _, a := range n.Attr {
					viewBox = viewBox || strings.EqualFold(a.Key, "viewbox")
					role = role || (a.Key == "role" && a.Val == "img")
				}
				if !viewBox || !role {
					t.Errorf("got svg attrs %v, want a viewBox and role=img", n.Attr)
				}
			}
		})
		// Top skills, reality and 6 trend lines.
		if svgs != 2+6 {
			t.Errorf("got %d charts, want 8", svgs)
		}
		if tables < 7 {
			t.Errorf("got %d tables, want a table beside every chart and one per section", tables)
		}
	})
}

func TestWriteHTML_Empty(t *testing.T) {
	for name, r := range map[string]*report.HTMLReport{
		"Zero": {},
		"NoPostings": {Report: report.Report{Title: "Empty", Skills: report.Skills(nil, taxonomy),
			Reality: report.Reality(nil, articleSkills(), signals)},
			Trends: report.Trends(nil, taxonomy)},
	} {
		t.Run(name, func(t *testing.T) {
			out := renderHTML(t, r)
			body := text(parse(t, out))
			for _, want := range []string{
				"0 open postings", "no demand to report yet", "No posting lists any skill.",
				"Not enough history yet", "No company data", "No salary data", "No crawl runs are recorded",
			} {
				if !strings.Contains(body, want) {
					t.Errorf("got page text without %q:\n%s", want, body)
				}
			}
			if strings.Contains(out, "<svg") && name == "Zero" {
				t.Errorf("got a chart with no data")
			}
		})
	}

	t.Run("OneMonth", func(t *testing.T) {
		snaps := []*jobs.Snapshot{snapshot("2026-05-01", 10, map[string]int{"sql": 3}), snapshot("2026-05-04", 10, map[string]int{"sql": 4})}
		out := renderHTML(t, &report.HTMLReport{Trends: report.Trends(snaps, nil), TrendBasis: report.TrendBasisOf(snaps)})
		body := text(parse(t, out))
		for _, want := range []string{"Not enough history yet: every snapshot is from May 2026", "month-on-month changes are not known yet", "40%"} {
			if !strings.Contains(body, want) {
				t.Errorf("got page text without %q", want)
			}
		}
		if strings.Contains(out, "chart-trend-") {
			t.Errorf("got a trend chart from one month of data")
		}
	})

	t.Run("Nil", func(t *testing.T) {
		if err := report.WriteHTML(&bytes.Buffer{}, nil); !errors.Is(err, report.ErrNoReport) {
			t.Errorf("got %v, want ErrNoReport", err)
		}
	})
}

// TestWriteHTML_Screenshot renders the golden report in a headless
// chromium at a desktop and a phone width, and prints it to PDF. It checks
// only that the files are non-trivial: judging the layout is for people,
// who can keep the files with SKILLDEMAND_SCREENSHOTS=dir.
func TestWriteHTML_Screenshot(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the browser render in -short mode")
	}
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed; install it (apt-get install chromium) to check the rendered report")
	}
	dir := t.TempDir()
	if keep := os.Getenv("SKILLDEMAND_SCREENSHOTS"); keep != "" {
		dir = keep
	}
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, []byte(renderHTML(t, goldenHTMLReport())), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, args ...string) {
		t.Helper()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + t.TempDir()}
		cmd := exec.CommandContext(t.Context(), bin, append(append(base, args...), "file://"+page)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("chromium %v: %v\n%s", args, err, out)
		}
	}
	for _, tt := range []struct {
		name, file, flag string
		min              int64
	}{
		{"Desktop", "desktop.png", "--window-size=1200,2400", 20000},
		{"Phone", "phone.png", "--window-size=375,2400", 20000},
		{"PDF", "report.pdf", "", 10000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, tt.file)
			if tt.flag == "" {
				run(t, "--no-pdf-header-footer", "--print-to-pdf="+out)
			} else {
				run(t, tt.flag, "--screenshot="+out)
			}
			fi, err := os.Stat(out)
			if err != nil {
				t.Fatalf("got no %s: %v", tt.file, err)
			}
			if fi.Size() < tt.min {
				t.Errorf("got %s of %d bytes, want at least %d (a blank page?)", tt.file, fi.Size(), tt.min)
			}
			head, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(tt.file, ".pdf") {
				if !bytes.HasPrefix(head, []byte("%PDF")) {
					t.Errorf("got %s starting %q, want %%PDF", tt.file, head[:min(8, len(head))])
				}
				return
			}
			img, err := png.Decode(bytes.NewReader(head))
			if err != nil {
				t.Fatalf("decode %s: %v", tt.file, err)
			}
			// The charts drew: enough pixels in the bar colour (#0b5cad).
			bars := 0
			b := img.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					r, g, bl, _ := img.At(x, y).RGBA()
					if near8(r, 0x0b) && near8(g, 0x5c) && near8(bl, 0xad) {
						bars++
					}
				}
			}
			if bars < 2000 {
				t.Errorf("got %d bar-coloured pixels in %s, want at least 2000 (did the charts render?)", bars, tt.file)
			}
		})
	}
}

// near8 reports whether a 16-bit colour channel is within 8 of an 8-bit value.
func near8(c uint32, want int) bool {
	d := int(c>>8) - want
	return d >= -8 && d <= 8
}
