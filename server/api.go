package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/match"
)

// Paging bounds.
const (
	DefaultSearchSize = 20
	MaxSearchSize     = 100
	MaxSearchFrom     = 10000
	DefaultRuns       = 20
	MaxRuns           = 500
	MaxSkillsLimit    = 1000
)

func (s *Server) filter(w http.ResponseWriter, r *http.Request) (skilldemand.Filter, bool) {
	f, err := ParseFilter(r.URL.Query(), s.Now())
	if err != nil {
		s.fail(w, err)
		return f, false
	}
	return f, true
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	st, err := s.Backend.Stats(r.Context())
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "stats": st})
}

func (s *Server) apiSkills(w http.ResponseWriter, r *http.Request) {
	f, ok := s.filter(w, r)
	if !ok {
		return
	}
	limit, err := intParam(r.URL.Query(), "limit", 0, 0, MaxSkillsLimit)
	if err != nil {
		s.fail(w, err)
		return
	}
	res, err := s.Backend.Skills(r.Context(), f)
	if err != nil {
		s.fail(w, err)
		return
	}
	if limit > 0 && len(res.Skills) > limit {
		res.Skills = res.Skills[:limit]
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiReality(w http.ResponseWriter, r *http.Request) {
	f, ok := s.filter(w, r)
	if !ok {
		return
	}
	res, err := s.Backend.Reality(r.Context(), f)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiTrends(w http.ResponseWriter, r *http.Request) {
	res, err := s.Backend.Trends(r.Context())
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) searchParams(r *http.Request) (skilldemand.Filter, int, int, error) {
	q := r.URL.Query()
	f, err := ParseFilter(q, s.Now())
	if err != nil {
		return f, 0, 0, err
	}
	from, err := intParam(q, "offset", 0, 0, MaxSearchFrom)
	if err != nil {
		return f, 0, 0, err
	}
	size, err := intParam(q, "limit", DefaultSearchSize, 1, MaxSearchSize)
	return f, from, size, err
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	f, from, size, err := s.searchParams(r)
	if err != nil {
		s.fail(w, err)
		return
	}
	res, err := s.Backend.Search(r.Context(), f, from, size)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// PostingView is a posting as GET /api/postings/{id} returns it: the stored
// posting, its description sanitised for display, and every skill and
// signal span in Extraction.Text.
type PostingView struct {
	Posting  *skilldemand.Posting `json:"posting"`
	SafeHTML string               `json:"safe_html"` // the description, sanitised
	Spans    []SpanView           `json:"spans"`
}

// SpanView is one highlighted span of Extraction.Text.
type SpanView struct {
	Start    int                     `json:"start"`
	End      int                     `json:"end"`
	Text     string                  `json:"text"`
	Skill    string                  `json:"skill,omitempty"`
	Signal   string                  `json:"signal,omitempty"`
	Strength skilldemand.Strength    `json:"strength,omitempty"`
	Section  skilldemand.SectionKind `json:"section,omitempty"`
}

// postingSpans lists the valid skill and signal hits of p, by position.
func postingSpans(p *skilldemand.Posting) []SpanView {
	e := p.Extraction
	if e == nil {
		return []SpanView{}
	}
	valid := func(h skilldemand.Hit) bool {
		return h.Start >= 0 && h.Start < h.End && h.End <= len(e.Text)
	}
	spans := []SpanView{}
	for _, m := range e.Skills {
		for _, h := range m.Hits {
			if valid(h) {
				spans = append(spans, SpanView{Start: h.Start, End: h.End, Text: e.Text[h.Start:h.End], Skill: m.Skill, Strength: h.Strength, Section: h.Section})
			}
		}
	}
	for _, m := range e.Signals {
		for _, h := range m.Hits {
			if valid(h) {
				spans = append(spans, SpanView{Start: h.Start, End: h.End, Text: e.Text[h.Start:h.End], Signal: m.Signal, Strength: h.Strength, Section: h.Section})
			}
		}
	}
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End > spans[j].End
	})
	return spans
}

func (s *Server) posting(r *http.Request) (*PostingView, error) {
	id := r.PathValue("id")
	if id == "" || len(id) > 500 {
		return nil, paramErrorf("id", "use a posting id like greenhouse:acme:123 from /api/search", "posting id is empty or too long")
	}
	p, err := s.Backend.Posting(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, skilldemand.Errorf(skilldemand.ENOTFOUND, "no posting %q", id)
	}
	return &PostingView{Posting: p, SafeHTML: sanitize(p), Spans: postingSpans(p)}, nil
}

func (s *Server) apiPosting(w http.ResponseWriter, r *http.Request) {
	v, err := s.posting(r)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiRuns(w http.ResponseWriter, r *http.Request) {
	limit, err := intParam(r.URL.Query(), "limit", DefaultRuns, 1, MaxRuns)
	if err != nil {
		s.fail(w, err)
		return
	}
	runs, err := s.Backend.Runs(r.Context(), limit)
	if err != nil {
		s.fail(w, err)
		return
	}
	if runs == nil {
		runs = []*skilldemand.Run{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"runs": runs})
}

func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) {
	src, err := s.Backend.Sources(r.Context())
	if err != nil {
		s.fail(w, err)
		return
	}
	if src == nil {
		src = []SourceStatus{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"sources": src})
}

var reportTypes = map[string]string{
	"md":   "text/markdown; charset=utf-8",
	"html": "text/html; charset=utf-8",
	"csv":  "text/csv; charset=utf-8",
	"json": "application/json; charset=utf-8",
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "md"
	}
	if !slices.Contains(ReportFormats, format) {
		s.fail(w, paramErrorf("format", "use one of "+strings.Join(ReportFormats, ", "), "format=%q is not a report format", format))
		return
	}
	f, ok := s.filter(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := s.Backend.Report(r.Context(), format, f, &buf); err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", reportTypes[format])
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"skilldemand-report.%s\"", format))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

func (s *Server) apiCrawl(w http.ResponseWriter, r *http.Request) {
	if err := s.Backend.Crawl(r.Context()); err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"status": "started", "runs": "/api/runs"})
}

func (s *Server) apiReload(w http.ResponseWriter, r *http.Request) {
	if err := s.Backend.Reload(r.Context()); err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "reloaded"})
}

// matchRequest reads the resume from a multipart form (field "resume") or
// from a raw body (name from ?name=).
func (s *Server) matchRequest(r *http.Request) (io.Reader, string, skilldemand.Filter, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		if err := r.ParseMultipartForm(MaxUploadBody); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, "", skilldemand.Filter{}, err
			}
			return nil, "", skilldemand.Filter{}, paramErrorf("resume", "upload the file as multipart/form-data field \"resume\"", "cannot read the upload: %v", err)
		}
		f, err := ParseFilter(r.Form, s.Now())
		if err != nil {
			return nil, "", f, err
		}
		file, hdr, err := r.FormFile("resume")
		if err != nil {
			return nil, "", f, paramErrorf("resume", "choose a PDF, DOCX, Markdown or text file in the \"resume\" field", "no resume file in the upload")
		}
		return file, hdr.Filename, f, nil
	}
	f, err := ParseFilter(r.URL.Query(), s.Now())
	if err != nil {
		return nil, "", f, err
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "resume.txt"
	}
	return r.Body, name, f, nil
}

func (s *Server) apiMatch(w http.ResponseWriter, r *http.Request) {
	body, name, f, err := s.matchRequest(r)
	var res *match.Result
	if err == nil {
		res, err = s.Backend.Match(r.Context(), body, name, f)
	}
	if strings.Contains(r.Header.Get("Accept"), "text/html") {
		s.dash.matchResult(w, r, res, err)
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
