package server

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/match"
	"github.com/skilldemand/skilldemand/report"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticRoot embed.FS

// staticFS serves /static/… from the embedded static directory.
var staticFS = func() fs.FS { return staticRoot }()

// policy sanitises posting HTML: user-generated-content rules, links made
// nofollow and opened without a referrer.
var policy = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return p
}()

// sanitize returns the posting's description as safe HTML.
func sanitize(p *skilldemand.Posting) string {
	if p.Format == skilldemand.FormatText {
		return "<pre>" + html.EscapeString(p.Description) + "</pre>"
	}
	return policy.Sanitize(p.Description)
}

type navItem struct {
	Href, Label string
	Current     bool
}

var navItems = []navItem{
	{Href: "/", Label: "Skills"},
	{Href: "/reality", Label: "Listed vs reality"},
	{Href: "/trends", Label: "Trends"},
	{Href: "/search", Label: "Search"},
	{Href: "/runs", Label: "Runs"},
	{Href: "/match", Label: "Resume match"},
}

// page is what every dashboard template gets.
type page struct {
	Title, Lead string
	Path        string
	Nav         []navItem
	Q           url.Values // the filter parameters of the request
	ShowQuery   bool
	Error       *APIError
	Data        any

	Workplaces, Seniorities, Formats, FacetNames []string
	PageSize                                     int
}

type dashboard struct {
	s     *Server
	pages map[string]*template.Template
}

var facetParams = map[string]string{"skills": "skill", "company": "company", "source": "source", "seniority": "seniority", "workplace": "remote"}

func newDashboard(s *Server) *dashboard {
	funcs := template.FuncMap{
		"pct": func(f float64) string { return report.Percent(f) },
		"pp":  func(f *float64) string { return report.PP(f) },
		"bar": func(f float64) string { return fmt.Sprintf("%.2f", max(0, min(1, f))*100) },
		"share": func(n, total int) float64 {
			if total == 0 {
				return 0
			}
			return float64(n) / float64(total)
		},
		"inc":      func(i int) int { return i + 1 },
		"add":      func(a, b int) int { return a + b },
		"sub":      func(a, b int) int { return max(0, a-b) },
		"rankMove": func(r report.TrendRow) string { return report.RankMove(&r) },
		"withParam": func(q url.Values, k, v string) string {
			out := FilterQuery(q)
			out.Set(k, v)
			if k != "offset" {
				out.Del("offset")
			}
			return out.Encode()
		},
		"facetParam": func(name string) string { return facetParams[name] },
		"facetTitle": func(name string) string {
			return map[string]string{"skills": "Skills", "company": "Company", "source": "Source", "seniority": "Seniority", "workplace": "Workplace"}[name]
		},
		"fragmentParts": FragmentParts,
		"skillName": func(id string) string {
			if s.SkillName != nil {
				if n := s.SkillName(id); n != "" {
					return n
				}
			}
			return id
		},
		"runTotals": func(r *skilldemand.Run) skilldemand.SourceRun {
			var t skilldemand.SourceRun
			for _, s := range r.Sources {
				t.Fetched += s.Fetched
				t.Kept += s.Kept
				t.New += s.New
				t.Updated += s.Updated
				t.Closed += s.Closed
			}
			return t
		},
		"took": func(r *skilldemand.Run) string {
			if r.Finished.IsZero() {
				return "running"
			}
			return r.Finished.Sub(r.Started).Round(time.Millisecond).String()
		},
	}
	d := &dashboard{s: s, pages: map[string]*template.Template{}}
	for _, name := range []string{"skills", "reality", "trends", "search", "posting", "runs", "match", "error"} {
		d.pages[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
	}
	return d
}

func (d *dashboard) newPage(r *http.Request, title string) *page {
	p := &page{
		Title: title, Path: r.URL.Path, Q: FilterQuery(r.URL.Query()),
		Workplaces: Workplaces, Seniorities: Seniorities, Formats: ReportFormats,
		FacetNames: []string{"skills", "company", "seniority", "workplace", "source"},
		PageSize:   DefaultSearchSize,
	}
	for _, n := range navItems {
		n.Current = n.Href == r.URL.Path
		p.Nav = append(p.Nav, n)
	}
	return p
}

// render executes a page into a buffer first, so a template error never
// sends half a page.
func (d *dashboard) render(w http.ResponseWriter, code int, name string, p *page) {
	var buf bytes.Buffer
	if err := d.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		d.s.Logger.Error("render page", "page", name, "err", err)
		http.Error(w, "internal error rendering the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// fail renders an error page with the status the API would give.
func (d *dashboard) fail(w http.ResponseWriter, r *http.Request, p *page, err error) {
	code, msg, fix := d.s.failure(err)
	p.Error = &APIError{Error: msg, Fix: fix}
	p.Data = nil
	name := strings.TrimPrefix(p.Path, "/")
	if _, ok := d.pages[name]; !ok || code >= 500 || code == http.StatusNotFound {
		name = "error"
	}
	d.render(w, code, name, p)
}

func (d *dashboard) notFound(w http.ResponseWriter, r *http.Request) {
	p := d.newPage(r, "Not found")
	p.Error = &APIError{Error: "no such page: " + r.URL.Path, Fix: "use the links above"}
	d.render(w, http.StatusNotFound, "error", p)
}

func (d *dashboard) skills(w http.ResponseWriter, r *http.Request) {
	p := d.newPage(r, "Skill demand")
	p.Lead = "Which skills Technical Program Manager postings list, and how strongly."
	p.Path = "/"
	p.Nav[0].Current = true
	f, err := ParseFilter(r.URL.Query(), d.s.Now())
	if err != nil {
		p.Path = "skills"
		d.failOn(w, p, "skills", err)
		return
	}
	res, err := d.s.Backend.Skills(r.Context(), f)
	if err != nil {
		d.failOn(w, p, "skills", err)
		return
	}
	p.Data = res
	d.render(w, http.StatusOK, "skills", p)
}

// failOn renders the named page with an error banner, keeping its filter form.
func (d *dashboard) failOn(w http.ResponseWriter, p *page, name string, err error) {
	code, msg, fix := d.s.failure(err)
	p.Error = &APIError{Error: msg, Fix: fix}
	p.Data = nil
	d.render(w, code, name, p)
}

func (d *dashboard) reality(w http.ResponseWriter, r *http.Request) {
	p := d.newPage(r, "Listed vs reality")
	f, err := ParseFilter(r.URL.Query(), d.s.Now())
	if err != nil {
		d.failOn(w, p, "reality", err)
		return
	}
	res, err := d.s.Backend.Reality(r.Context(), f)
	if err != nil {
		d.failOn(w, p, "reality", err)
		return
	}
	p.Data = res
	d.render(w, http.StatusOK, "reality", p)
}

func (d *dashboard) trends(w http.ResponseWriter, r *http.Request) {
	p := d.newPage(r, "Trends")
	p.Lead = "How each skill's share of open postings moves between the daily snapshots."
	res, err := d.s.Backend.Trends(r.Context())
	if err != nil {
		d.failOn(w, p, "trends", err)
		return
	}
	p.Data = res
	d.render(w, http.StatusOK, "trends", p)
}

func (d *dashboard) search(w http.ResponseWriter, r *http.Request) {
	p := d.newPage(r, "Search postings")
	p.ShowQuery = true
	f, from, size, err := d.s.searchParams(r)
	if err != nil {
		d.failOn(w, p, "search", err)
		return
	}
	p.PageSize = size
	res, err := d.s.Backend.Search(r.Context(), f, from, size)
	if err != nil {
		d.failOn(w, p, "search", err)
		return
	}
	p.Data = res
	d.render(w, http.StatusOK, "search", p)
}

// segment is a run of posting text, marked when a span covers it.
type segment struct {
	Text, Class, Title string
	Mark               bool
}

// segments cuts text at the spans (sorted by start, longest first);
// overlapping spans keep the first.
func segments(text string, spans []SpanView) []segment {
	var out []segment
	at := 0
	for _, s := range spans {
		if s.Start < at {
			continue
		}
		if s.Start > at {
			out = append(out, segment{Text: text[at:s.Start]})
		}
		class, title := "s-"+string(s.Strength), s.Skill
		if s.Signal != "" {
			class, title = "signal", "signal: "+s.Signal
		}
		if s.Strength != "" {
			title += " (" + string(s.Strength) + ", " + string(s.Section) + ")"
		}
		out = append(out, segment{Text: text[s.Start:s.End], Mark: true, Class: class, Title: title})
		at = s.End
	}
	if at < len(text) {
		out = append(out, segment{Text: text[at:]})
	}
	return out
}

func (d *dashboard) posting(w http.ResponseWriter, r *http.Request) {
	p := d.newPage(r, "Posting")
	v, err := d.s.posting(r)
	if err != nil {
		d.fail(w, r, p, err)
		return
	}
	p.Title = v.Posting.Title
	text := ""
	if v.Posting.Extraction != nil {
		text = v.Posting.Extraction.Text
	}
	p.Data = struct {
		*PostingView
		SafeHTML template.HTML
		Segments []segment
	}{v, template.HTML(v.SafeHTML), segments(text, v.Spans)}
	d.render(w, http.StatusOK, "posting", p)
}

func (d *dashboard) runs(w http.ResponseWriter, r *http.Request) {
	p := d.newPage(r, "Runs and sources")
	runs, err := d.s.Backend.Runs(r.Context(), DefaultRuns)
	if err != nil {
		d.failOn(w, p, "runs", err)
		return
	}
	src, err := d.s.Backend.Sources(r.Context())
	if err != nil {
		d.failOn(w, p, "runs", err)
		return
	}
	p.Data = struct {
		Runs    []*skilldemand.Run
		Sources []SourceStatus
	}{runs, src}
	d.render(w, http.StatusOK, "runs", p)
}

func (d *dashboard) match(w http.ResponseWriter, r *http.Request) {
	p := d.newPage(r, "Resume match")
	p.Lead = "Upload a resume to see which in-demand skills it shows and which postings fit it best. The file is read in memory and not stored."
	d.render(w, http.StatusOK, "match", p)
}

// matchResult renders POST /api/match for a browser form.
func (d *dashboard) matchResult(w http.ResponseWriter, r *http.Request, res *match.Result, err error) {
	p := d.newPage(r, "Resume match")
	p.Path = "/match"
	p.Nav[len(p.Nav)-1].Current = true
	if err != nil {
		d.failOn(w, p, "match", err)
		return
	}
	p.Data = res
	d.render(w, http.StatusOK, "match", p)
}
