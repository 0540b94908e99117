package crawler_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand"
)

// workdaySite serves the workday fixtures for tenant acme, site External,
// recording the search request bodies and the detail ids asked for.
func workdaySite(t *testing.T, bodies, details *[]string) *fixtureServer {
	return newFixtureServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		const prefix = "/wday/cxs/acme/External"
		switch {
		case r.Method == http.MethodPost && r.URL.Path == prefix+"/jobs":
			b, _ := io.ReadAll(r.Body)
			*bodies = append(*bodies, string(b))
			if strings.Contains(string(b), `"offset":0`) {
				serveFile(t, "workday_jobs.json")(w, r)
				return
			}
			w.Write([]byte(`{"total":0,"jobPostings":[]}`))
		case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, prefix+"/job/"):
			id := r.URL.Path[strings.LastIndex(r.URL.Path, "_")+1:]
			*details = append(*details, id)
			serveFile(t, "workday_job_"+id+".json")(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
}

func TestCrawler_Workday(t *testing.T) {
	var bodies, details []string
	srv := workdaySite(t, &bodies, &details)
	c, s := newCrawler(t, skilldemand.Source{Type: "workday", Board: "acme", BaseURL: srv.URL, Start: []string{"https://acme.wd5.myworkdayjobs.com/en-US/External"}})
	runs := mustRun(t, c)
	if runs[0].Fetched != 3 || runs[0].Err != "" {
		t.Fatalf("got run %+v, want 3 fetched and no error", runs[0])
	}
	if len(bodies) != 1 || !strings.Contains(bodies[0], `"appliedFacets":{}`) || !strings.Contains(bodies[0], `"limit":20`) {
		t.Errorf("got search bodies %q, want one with appliedFacets and limit 20", bodies)
	}
	p := s.byID()["workday:acme:JR-1001"]
	if p == nil {
		t.Fatalf("got ids %v, want workday:acme:JR-1001", mapKeysSlice(s.byID()))
	}
	if p.Company != "Acme Corp" || p.Workplace != skilldemand.WorkplaceHybrid || p.Location != "Austin, TX; Seattle, WA" || p.Posted.Format("2006-01-02") != "2025-10-01" {
		t.Errorf("got %+v, want Acme Corp, hybrid, two locations, posted 2025-10-01", p)
	}
	if q := s.byID()["workday:acme:JR-1002"]; q == nil || q.Workplace != skilldemand.WorkplaceRemote || q.Posted.IsZero() {
		t.Errorf("got %+v, want remote with a posted day from \"Posted 3 Days Ago\"", q)
	}
}

func TestCrawler_WorkdaySource(t *testing.T) {
	tests := []struct {
		start []string
		want  string
	}{
		{nil, "set start to the careers URL"},
		{[]string{"acme.wd5.myworkdayjobs.com/External"}, "must be the absolute careers URL"},
		{[]string{"https://acme.wd5.myworkdayjobs.com/en-US"}, "names no site"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.start, ","), func(t *testing.T) {
			c, _ := newCrawler(t, skilldemand.Source{Type: "workday", Board: "acme", Start: tt.start})
			runs, err := c.Run(t.Context())
			if err != nil || !strings.Contains(runs[0].Err, tt.want) {
				t.Errorf("got %q (%v), want error containing %q", runs[0].Err, err, tt.want)
			}
		})
	}
}

// jsonldSite serves a career site made of the jsonld fixtures.
func jsonldSite(t *testing.T) *fixtureServer {
	return newFixtureServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := ""
		switch r.URL.Path {
		case "/sitemap.xml":
			name = "jsonld_sitemap.xml"
		case "/careers/":
			name = "jsonld_list.html"
		case "/careers/tpm-platform", "/careers/tpm-infra", "/careers/tpm-security":
			name = "jsonld_" + strings.TrimPrefix(r.URL.Path, "/careers/") + ".html"
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(mustRead(t, name))
	}))
}

func TestCrawler_JSONLD(t *testing.T) {
	srv := jsonldSite(t)
	c, s := newCrawler(t, skilldemand.Source{Type: "jsonld", Board: "umbrella", Start: []string{srv.URL + "/sitemap.xml"}, Follow: "/careers/"})
	runs := mustRun(t, c)
	if runs[0].Fetched != 3 || runs[0].Errors != 1 || runs[0].Err != "" {
		t.Fatalf("got run %+v, want 3 fetched, 1 error (the broken block)", runs[0])
	}
	got := s.byID()
	p := got["jsonld:umbrella:UMB-42"]
	if p == nil {
		t.Fatalf("got ids %v, want jsonld:umbrella:UMB-42", mapKeysSlice(got))
	}
	if p.Company != "Umbrella Inc" || p.Location != "Denver, CO, US" || p.URL != srv.URL+"/careers/tpm-platform" {
		t.Errorf("got %+v", p)
	}
	if p.Salary == nil || p.Salary.Min != 150000 || p.Salary.Currency != "USD" || p.Salary.Provenance != "jsonld.baseSalary" {
		t.Errorf("got salary %+v, want 150000 USD from jsonld.baseSalary", p.Salary)
	}
	titles := map[string]skilldemand.SectionKind{}
	for _, sec := range p.Sections {
		titles[sec.Title] = sec.Kind
	}
	if titles["Qualifications"] != skilldemand.SectionRequired || titles["Responsibilities"] != skilldemand.SectionResponsibilities || titles["Skills"] == "" {
		t.Errorf("got sections %+v, want Qualifications, Responsibilities and Skills", p.Sections)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	infra := got["jsonld:umbrella:"+host+"/careers/tpm-infra"]
	if infra == nil || infra.Workplace != skilldemand.WorkplaceRemote || infra.Salary == nil || infra.Salary.AnnualMin != 85*2080 || !strings.HasPrefix(infra.Description, "<p>") {
		t.Errorf("got %+v, want a remote posting keyed by its URL with an hourly salary and unescaped HTML", infra)
	}
	if sec := got["jsonld:umbrella:UMB-77"]; sec == nil || sec.Location != "Berlin, Germany; Paris, FR" {
		t.Errorf("got %+v, want the ItemList link followed with two locations", sec)
	}
	for _, h := range srv.apiHits() {
		if strings.HasPrefix(h.path, "/about") || strings.HasPrefix(h.path, "/blog") {
			t.Errorf("fetched %s, which does not match follow", h.path)
		}
	}
	if n := len(srv.apiHits()); n != 5 {
		t.Errorf("got %d requests, want 5 (sitemap, list, three postings), each once", n)
	}
}

func TestCrawler_File(t *testing.T) {
	dir := t.TempDir()
	jsonl := filepath.Join(dir, "jobs.jsonl")
	if err := os.WriteFile(jsonl, []byte(`{"id":"a","title":"Technical Program Manager","description":"text"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	csvPath, err := filepath.Abs(filepath.Join("testdata", "file_postings.csv"))
	if err != nil {
		t.Fatal(err)
	}
	c, s := newCrawler(t,
		skilldemand.Source{Type: "file", Board: "j", Path: jsonl},
		skilldemand.Source{Type: "file", Board: "c", Path: csvPath, Start: []string{"date=Posted On"}},
		skilldemand.Source{Type: "file", Board: "missing", Path: filepath.Join(dir, "nope.csv")},
		skilldemand.Source{Type: "file", Board: "badmap", Path: csvPath, Start: []string{"salary=Pay"}},
	)
	runs, err := c.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if runs[0].Fetched != 1 || runs[1].Fetched != 2 || runs[0].Err != "" || runs[1].Err != "" {
		t.Fatalf("got runs %+v, want 1 and 2 fetched", runs[:2])
	}
	if !strings.Contains(runs[2].Err, "no such file") || !strings.Contains(runs[3].Err, "unknown field") {
		t.Errorf("got errors %q and %q, want a missing file and a bad mapping", runs[2].Err, runs[3].Err)
	}
	p := s.byID()["file:c:T-1"]
	if p == nil || p.Company != "Hooli" || p.Posted.IsZero() || !strings.Contains(p.Description, `"launch"`) {
		t.Errorf("got %+v, want the CSV row with company, date and quoted text", p)
	}
}

func mapKeysSlice[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestCrawler_KeepSkipsDetails checks that a list-then-detail source makes
// no detail request for a posting whose listed title Keep rejects.
func TestCrawler_KeepSkipsDetails(t *testing.T) {
	var bodies, details []string
	srv := workdaySite(t, &bodies, &details)
	c, s := newCrawler(t, skilldemand.Source{Type: "workday", Board: "acme", BaseURL: srv.URL, Start: []string{"https://acme.wd5.myworkdayjobs.com/en-US/External"}})
	c.Keep = func(title string) bool { return strings.Contains(title, "Program Manager") }
	run := mustRun(t, c)[0]
	if run.Err != "" || run.Fetched != 2 || run.SkippedRole != 1 {
		t.Fatalf("got run %+v, want 2 fetched and 1 skipped by role", run)
	}
	if slices.Contains(details, "JR-1003") || len(details) != 2 {
		t.Errorf("got detail requests %q, want JR-1001 and JR-1002 only (JR-1003 is a Payroll Specialist)", details)
	}
	if len(s.byID()) != 2 {
		t.Errorf("got postings %v, want the two TPM roles", mapKeysSlice(s.byID()))
	}
}
