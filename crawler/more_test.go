package crawler_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
)

// smartRecruitersServer serves the fixture list at most two postings per
// page (as a server may answer fewer than asked) and the detail records in
// testdata; other detail records are 404.
func smartRecruitersServer(t *testing.T) *fixtureServer {
	var list struct {
		TotalFound int               `json:"totalFound"`
		Content    []json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(mustRead(t, "smartrecruiters_list.json"), &list); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/companies/Umbrella/postings", func(w http.ResponseWriter, r *http.Request) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		limit = min(limit, 2)
		lo, hi := min(offset, len(list.Content)), min(offset+limit, len(list.Content))
		json.NewEncoder(w).Encode(map[string]any{
			"offset": offset, "limit": limit, "totalFound": list.TotalFound, "content": list.Content[lo:hi],
		})
	})
	mux.HandleFunc("GET /v1/companies/Umbrella/postings/{id}", func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile(filepath.Join("testdata", "smartrecruiters_posting_"+r.PathValue("id")+".json"))
		if err != nil {
			http.Error(w, `{"message":"Posting not found"}`, http.StatusNotFound)
			return
		}
		w.Write(b)
	})
	return newFixtureServer(t, mux)
}

func TestCrawler_SmartRecruiters(t *testing.T) {
	srv := smartRecruitersServer(t)
	c, s := newCrawler(t, skilldemand.Source{Type: "smartrecruiters", Board: "Umbrella", BaseURL: srv.URL})
	run := mustRun(t, c)[0]
	// The third posting's detail record is gone: skipped and counted.
	if run.Err != "" || run.Fetched != 2 || run.Errors != 1 {
		t.Fatalf("got run %+v, want no err, 2 fetched, 1 error", run)
	}
	var paths []string
	for _, h := range srv.apiHits() {
		paths = append(paths, h.path)
	}
	for _, want := range []string{
		"/v1/companies/Umbrella/postings?limit=100&offset=0",
		"/v1/companies/Umbrella/postings?limit=100&offset=2",
		"/v1/companies/Umbrella/postings/744000081234567",
		"/v1/companies/Umbrella/postings/744000081234568",
		"/v1/companies/Umbrella/postings/744000081234569",
	} {
		if !slices.Contains(paths, want) {
			t.Errorf("no request to %s; got %q", want, paths)
		}
	}
	if len(paths) != 5 {
		t.Errorf("got %d requests, want 5", len(paths))
	}
	p := s.byID()["smartrecruiters:Umbrella:744000081234567"]
	if p == nil {
		t.Fatal("posting 744000081234567 missing")
	}
	checkFields(t, []field{
		{"Title", p.Title, "Technical Program Manager - Payments"},
		{"Company", p.Company, "Umbrella Corp"},
		{"Location", p.Location, "Lisbon, Lisbon, Portugal"},
		{"Workplace", p.Workplace, skilldemand.WorkplaceHybrid},
		{"Department", p.Department, "Engineering"},
		{"URL", p.URL, "https://jobs.smartrecruiters.com/Umbrella/744000081234567-technical-program-manager-payments"},
		{"Posted", p.Posted.Format(time.RFC3339), "2025-09-15T08:30:12Z"},
		{"Description", p.Description, "<p>Lead the rollout of our new ledger across four teams.</p><ul><li>Own the program plan</li><li>Report risks weekly</li></ul>"},
	})
	wantSections := []skilldemand.Section{
		{Kind: skilldemand.SectionAbout, Title: "Company Description", Body: "<p>Umbrella Corp runs payment rails for small shops.</p>"},
		{Kind: skilldemand.SectionRequired, Title: "Qualifications", Body: "<ul><li>5+ years of technical program management</li><li>Payments domain knowledge</li></ul>"},
		{Kind: skilldemand.SectionOther, Title: "Additional Information", Body: "<p>Hybrid: three days a week in the Lisbon office.</p>"},
	}
	if !slices.Equal(p.Sections, wantSections) {
		t.Errorf("Sections: got %+v, want %+v", p.Sections, wantSections)
	}
	q := s.byID()["smartrecruiters:Umbrella:744000081234568"]
	if q == nil || q.Workplace != skilldemand.WorkplaceRemote || len(q.Sections) != 1 {
		t.Errorf("second posting: got %+v, want remote with one section", q)
	}
}

func TestCrawler_Workable(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("GET /api/v1/widget/accounts/soylent", serveFile(t, "workable_account.json"))
	srv := newFixtureServer(t, mux)
	c, s := newCrawler(t, skilldemand.Source{Type: "workable", Board: "soylent", BaseURL: srv.URL})
	run := mustRun(t, c)[0]
	if run.Err != "" || run.Fetched != 2 || run.Errors != 1 {
		t.Fatalf("got run %+v, want no err, 2 fetched, 1 error", run)
	}
	if hits := srv.apiHits(); len(hits) != 1 || hits[0].path != "/api/v1/widget/accounts/soylent?details=true" {
		t.Fatalf("got requests %v", hits)
	}
	p := s.byID()["workable:soylent:3F8A1C2B9D"]
	if p == nil {
		t.Fatal("posting 3F8A1C2B9D missing")
	}
	checkFields(t, []field{
		{"Title", p.Title, "Technical Program Manager"},
		{"Company", p.Company, "Soylent Labs"},
		{"Location", p.Location, "Berlin, Berlin, Germany; Amsterdam, North Holland, Netherlands"},
		{"Workplace", p.Workplace, skilldemand.WorkplaceRemote},
		{"Department", p.Department, "Product"},
		{"URL", p.URL, "https://apply.workable.com/j/3F8A1C2B9D"},
		{"Posted", p.Posted.Format(time.RFC3339), "2025-09-10T00:00:00Z"},
	})
	if !strings.Contains(p.Description, "Agile delivery experience") {
		t.Errorf("Description: got %q", p.Description)
	}
	q := s.byID()["workable:soylent:7B2E4D6F8A"]
	if q == nil || q.Location != "Munich, Bavaria, Germany" || q.Workplace != "" || q.Posted.Format(time.DateOnly) != "2025-09-01" {
		t.Errorf("second posting: got %+v, want Munich, no workplace, posted 2025-09-01 (created_at)", q)
	}
}

func TestCrawler_Recruitee(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("GET /api/offers/", serveFile(t, "recruitee_offers.json"))
	srv := newFixtureServer(t, mux)
	c, s := newCrawler(t, skilldemand.Source{Type: "recruitee", Board: "starklogistics", BaseURL: srv.URL})
	run := mustRun(t, c)[0]
	if run.Err != "" || run.Fetched != 2 || run.Errors != 1 {
		t.Fatalf("got run %+v, want no err, 2 fetched (closed offer skipped), 1 error", run)
	}
	p := s.byID()["recruitee:starklogistics:1873501"]
	if p == nil {
		t.Fatal("offer 1873501 missing")
	}
	checkFields(t, []field{
		{"Title", p.Title, "Technical Program Manager"},
		{"Company", p.Company, "Stark Logistics"},
		{"Location", p.Location, "Amsterdam, Netherlands"},
		{"Workplace", p.Workplace, skilldemand.WorkplaceHybrid},
		{"Department", p.Department, "Technology"},
		{"URL", p.URL, "https://starklogistics.recruitee.com/o/technical-program-manager"},
		{"Posted", p.Posted.Format(time.RFC3339), "2025-09-02T10:00:00Z"},
	})
	want := []skilldemand.Section{{Kind: skilldemand.SectionRequired, Title: "Requirements", Body: "<ul><li>Experience running cross-functional programmes</li><li>Confluence and Jira</li></ul>"}}
	if !slices.Equal(p.Sections, want) {
		t.Errorf("Sections: got %+v, want %+v", p.Sections, want)
	}
	q := s.byID()["recruitee:starklogistics:1873502"]
	if q == nil || q.Location != "Rotterdam, Netherlands" || q.Workplace != skilldemand.WorkplaceOnsite || q.Posted.Format(time.RFC3339) != "2025-09-05T08:00:00Z" {
		t.Errorf("second offer: got %+v, want Rotterdam, onsite, posted from created_at", q)
	}

	t.Run("BadSubdomain", func(t *testing.T) {
		c, _ := newCrawler(t, skilldemand.Source{Type: "recruitee", Board: "evil.example.com/x"})
		run := mustRun(t, c)[0]
		if !strings.Contains(run.Err, "subdomain") {
			t.Errorf("got err %q, want it to ask for a subdomain", run.Err)
		}
	})
}
