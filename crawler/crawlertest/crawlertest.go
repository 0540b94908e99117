// Package crawlertest serves loopback job boards that record every request
// they get, for the tests and benchmarks of the crawler and the pipeline
// above it: arrival times per host (to check the host delay) and request
// counts per URL (to check that nothing is fetched twice).
package crawlertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Hit is one request a Server received.
type Hit struct {
	Method string
	URI    string // path and query
	At     time.Time
}

// Server is a loopback server (one host:port) that records its requests.
type Server struct {
	*httptest.Server
	mu   sync.Mutex
	hits []Hit
}

// NewServer starts a recording server for h, closed when tb ends.
func NewServer(tb testing.TB, h http.Handler) *Server {
	tb.Helper()
	s := &Server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits = append(s.hits, Hit{Method: r.Method, URI: r.URL.RequestURI(), At: time.Now()})
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	tb.Cleanup(s.Close)
	return s
}

// Hits returns the requests received so far, in arrival order.
func (s *Server) Hits() []Hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Hit(nil), s.hits...)
}

// Reset forgets the requests received so far.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits = nil
}

// MinGap returns the shortest time between two successive requests (all
// of them, robots.txt included) and the later of the two; ok is false
// when there were fewer than two.
func (s *Server) MinGap() (gap time.Duration, at Hit, ok bool) {
	hits := s.Hits()
	for i := 1; i < len(hits); i++ {
		if g := hits[i].At.Sub(hits[i-1].At); !ok || g < gap {
			gap, at, ok = g, hits[i], true
		}
	}
	return gap, at, ok
}

// Requests counts the requests other than robots.txt and how many of them
// repeated an earlier method and URI.
func (s *Server) Requests() (total, repeated int) {
	seen := map[string]bool{}
	for _, h := range s.Hits() {
		if h.URI == "/robots.txt" {
			continue
		}
		total++
		k := h.Method + " " + h.URI
		if seen[k] {
			repeated++
		}
		seen[k] = true
	}
	return total, repeated
}

// SmartRecruitersPageSize is the list page size the crawler asks for.
const SmartRecruitersPageSize = 100

// SmartRecruiters serves the public Posting API of one company with n
// postings, all Technical Program Manager roles: list pages honouring
// offset and limit, and one detail record per posting. Any robots.txt
// request is answered with an allow-all file. Bodies are built once.
func SmartRecruiters(company string, n int) http.Handler {
	return SmartRecruitersMix(company, n, 1)
}

// otherRoles are the titles of a board's postings that are not TPM roles.
var otherRoles = []string{
	"Senior Software Engineer", "Account Executive", "Product Designer", "Data Scientist",
	"Customer Success Manager", "Site Reliability Engineer", "Recruiter", "Financial Analyst",
}

// TPMCount is how many of n postings SmartRecruitersMix(_, n, every) makes
// TPM roles.
func TPMCount(n, every int) int { return (n + every - 1) / every }

// SmartRecruitersMix is SmartRecruiters with one posting in every TPM
// roles (postings 0, every, 2·every, …) and the rest other roles with
// descriptions of the same size, as on a real company board, where TPM
// roles are a small share.
func SmartRecruitersMix(company string, n, every int) http.Handler {
	type item struct {
		ID           string         `json:"id"`
		Name         string         `json:"name"`
		Company      map[string]any `json:"company"`
		ReleasedDate string         `json:"releasedDate"`
		Location     map[string]any `json:"location"`
		JobAd        map[string]any `json:"jobAd,omitempty"`
		PostingURL   string         `json:"postingUrl,omitempty"`
	}
	list := make([]item, n)
	details := make(map[string][]byte, n)
	for i := range list {
		id := strconv.Itoa(744000000000000 + i)
		name := fmt.Sprintf("Technical Program Manager %d", i+1)
		if i%max(every, 1) != 0 {
			name = fmt.Sprintf("%s %d", otherRoles[i%len(otherRoles)], i+1)
		}
		it := item{
			ID:           id,
			Name:         name,
			Company:      map[string]any{"identifier": company, "name": company},
			ReleasedDate: "2026-09-15T08:30:12.000Z",
			Location:     map[string]any{"city": "Lisbon", "country": "pt", "remote": i%3 == 0, "fullLocation": "Lisbon, Portugal"},
		}
		list[i] = it
		it.JobAd = map[string]any{"sections": map[string]any{
			"jobDescription": map[string]string{"title": "Job Description", "text": fmt.Sprintf(
				"<p>Lead program %d across four engineering teams.</p><ul><li>Own the roadmap and the program plan</li><li>Report risks weekly to stakeholders</li></ul>", i+1)},
			"qualifications": map[string]string{"title": "Qualifications", "text": "<ul><li>5+ years of technical program management</li><li>Experience with Jira, SQL and Agile delivery</li><li>Strong stakeholder management</li></ul>"},
		}}
		it.PostingURL = "https://jobs.smartrecruiters.com/" + company + "/" + id
		details[id], _ = json.Marshal(it)
	}
	listPath := "/v1/companies/" + company + "/postings"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			w.Write([]byte("User-agent: *\nAllow: /\n"))
		case r.URL.Path == listPath:
			offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
			limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
			if err != nil || limit <= 0 {
				limit = SmartRecruitersPageSize
			}
			lo, hi := min(max(offset, 0), n), min(max(offset, 0)+limit, n)
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{"offset": offset, "limit": limit, "totalFound": n, "content": list[lo:hi]})
		case strings.HasPrefix(r.URL.Path, listPath+"/"):
			b, ok := details[strings.TrimPrefix(r.URL.Path, listPath+"/")]
			if !ok {
				http.Error(w, `{"message":"Posting not found"}`, http.StatusNotFound)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write(b)
		default:
			http.NotFound(w, r)
		}
	})
}

// SmartRecruitersURLs returns the URLs a crawl of SmartRecruiters(company,
// n) at base fetches: the list pages, then one detail record per posting.
func SmartRecruitersURLs(base, company string, n int) []string {
	var out []string
	for off := 0; off == 0 || off < n; off += SmartRecruitersPageSize {
		out = append(out, fmt.Sprintf("%s/v1/companies/%s/postings?limit=%d&offset=%d", base, company, SmartRecruitersPageSize, off))
	}
	for i := range n {
		out = append(out, fmt.Sprintf("%s/v1/companies/%s/postings/%d", base, company, 744000000000000+i))
	}
	return out
}
