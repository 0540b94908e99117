package crawler

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	nethtml "golang.org/x/net/html"

	"github.com/skilldemand/skilldemand"
)

// Request kinds of the jsonld adapter.
const (
	kindSitemap = "sitemap"
	kindPage    = "page"
)

// acceptHTML is the Accept header of career pages.
const acceptHTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"

// acceptXML is the Accept header of sitemaps.
const acceptXML = "application/xml,text/xml;q=0.9,*/*;q=0.5"

// jsonldAdapter reads career sites that mark up their postings with
// schema.org JobPosting JSON-LD (what Google asks of job pages). A source
// lists start URLs: pages, or sitemaps (a path ending in .xml). From a
// sitemap it fetches the pages whose URL matches the follow pattern (every
// page when follow is empty); from a page it follows the links that match
// follow, and the URLs an ItemList names. Only links on the host of the
// first start URL are followed. Postings are read from every
// <script type="application/ld+json"> block, including @graph and
// ItemList wrappers.
var jsonldAdapter = adapter{
	Type:    "jsonld",
	Resolve: resolveStartHost,
	First: func(src skilldemand.Source, base string) []fetch {
		var out []fetch
		for _, s := range src.Start {
			u, err := url.Parse(strings.TrimSpace(s))
			if err != nil {
				continue
			}
			if b, err := url.Parse(base); err == nil && src.BaseURL != "" {
				u.Scheme, u.Host = b.Scheme, b.Host
			}
			out = append(out, jsonldFetch(u.String(), false))
		}
		if len(out) == 0 {
			// No start URL (fuzzing): read the site's root page.
			out = append(out, jsonldFetch(base+"/", false))
		}
		return out
	},
	Parse: parseJSONLD,
}

// resolveStartHost returns the scheme and host of the first start URL and
// checks the others share it and the follow pattern compiles.
func resolveStartHost(src skilldemand.Source) (string, error) {
	if len(src.Start) == 0 {
		return "", fmt.Errorf("%w: source %s: set start to the career page or sitemap URLs, e.g. [\"https://acme.example/sitemap.xml\"]", errBadSource, src.Key())
	}
	var host string
	for i, s := range src.Start {
		u, err := url.Parse(strings.TrimSpace(s))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "", fmt.Errorf("%w: source %s: start %q must be an absolute http(s) URL", errBadSource, src.Key(), s)
		}
		h := u.Scheme + "://" + u.Host
		if i == 0 {
			host = h
		} else if h != host {
			return "", fmt.Errorf("%w: source %s: start URLs must share one host (%s and %s): make one source per host", errBadSource, src.Key(), host, h)
		}
	}
	if _, err := followPattern(src.Follow); err != nil {
		return "", fmt.Errorf("%w: source %s: follow %q is not a valid regular expression: %w", errBadSource, src.Key(), src.Follow, err)
	}
	return host, nil
}

func jsonldFetch(u string, optional bool) fetch {
	kind, accept := kindPage, acceptHTML
	if p, err := url.Parse(u); err == nil && strings.HasSuffix(strings.ToLower(p.Path), ".xml") {
		kind, accept = kindSitemap, acceptXML
	}
	return fetch{URL: u, Kind: kind, Accept: accept, Optional: optional}
}

var followCache sync.Map // pattern -> *regexp.Regexp

// followPattern compiles a follow pattern once; nil for "".
func followPattern(s string) (*regexp.Regexp, error) {
	if s == "" {
		return nil, nil
	}
	if re, ok := followCache.Load(s); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(s)
	if err != nil {
		return nil, err
	}
	followCache.Store(s, re)
	return re, nil
}

// link resolves href against from and returns it when it is on the same
// host, without its fragment; "" otherwise.
func link(from *url.URL, href string) string {
	u, err := from.Parse(strings.TrimSpace(href))
	if err != nil || u.Host != from.Host || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

func parseJSONLD(src skilldemand.Source, f fetch, body []byte) (page, error) {
	from, err := url.Parse(f.URL)
	if err != nil {
		return page{}, fmt.Errorf("jsonld: bad request URL %q: %w", f.URL, err)
	}
	follow, err := followPattern(src.Follow)
	if err != nil {
		return page{}, fmt.Errorf("jsonld: follow %q: %w", src.Follow, err)
	}
	if f.Kind == kindSitemap {
		return parseSitemap(from, follow, body)
	}
	scripts, hrefs := scanHTML(body)
	var pg page
	linked := map[string]bool{}
	addLink := func(u string) {
		if u != "" && u != f.URL && !linked[u] {
			linked[u] = true
			pg.Next = append(pg.Next, jsonldFetch(u, true))
		}
	}
	if follow != nil {
		for _, h := range hrefs {
			if u := link(from, h); u != "" && follow.MatchString(u) {
				addLink(u)
			}
		}
	}
	for i, s := range scripts {
		var v any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			pg.Bad = append(pg.Bad, fmt.Errorf("%s: JSON-LD block %d: %w", f.URL, i+1, err))
			continue
		}
		w := ldWalker{from: from, addLink: func(u string) { addLink(link(from, u)) }}
		w.walk(v, 0)
		pg.Postings = append(pg.Postings, w.postings...)
		pg.Bad = append(pg.Bad, w.bad...)
	}
	return pg, nil
}

// scanHTML returns the text of the JSON-LD scripts and the href of every
// link of an HTML document. Broken HTML is read as far as it goes.
func scanHTML(body []byte) (scripts, hrefs []string) {
	z := nethtml.NewTokenizer(bytes.NewReader(body))
	inLD := false
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return scripts, hrefs
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if tag != "script" && tag != "a" {
				continue
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch {
				case tag == "script" && string(k) == "type":
					inLD = strings.EqualFold(strings.TrimSpace(string(v)), "application/ld+json")
				case tag == "a" && string(k) == "href":
					hrefs = append(hrefs, string(v))
				}
			}
		case nethtml.TextToken:
			if inLD {
				scripts = append(scripts, string(z.Text()))
			}
		case nethtml.EndTagToken:
			inLD = false
		}
	}
}

// maxLDDepth bounds the nesting walked in one JSON-LD block.
const maxLDDepth = 16

// ldWalker collects the JobPostings of one JSON-LD value.
type ldWalker struct {
	from     *url.URL
	addLink  func(string)
	postings []*skilldemand.Posting
	bad      []error
	n        int
}

func (w *ldWalker) walk(v any, depth int) {
	if depth > maxLDDepth {
		return
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			w.walk(e, depth+1)
		}
	case map[string]any:
		switch {
		case ldIsType(v, "JobPosting"):
			w.n++
			p, err := ldPosting(w.from, v)
			if err != nil {
				w.bad = append(w.bad, entryError(w.n-1, "", err))
				return
			}
			w.postings = append(w.postings, p)
		case ldIsType(v, "ItemList"):
			items, _ := v["itemListElement"].([]any)
			for _, it := range items {
				m, ok := it.(map[string]any)
				if !ok {
					continue
				}
				if inner, ok := m["item"]; ok {
					if s, ok := inner.(string); ok {
						w.addLink(s)
						continue
					}
					w.walk(inner, depth+1)
					continue
				}
				if ldIsType(m, "JobPosting") {
					w.walk(m, depth+1)
				} else if s := ldString(m["url"]); s != "" {
					w.addLink(s)
				}
			}
		default:
			if g, ok := v["@graph"]; ok {
				w.walk(g, depth+1)
			}
		}
	}
}

// ldIsType reports whether a JSON-LD node has type t ("JobPosting" or a
// schema.org IRI ending in it).
func ldIsType(m map[string]any, t string) bool {
	match := func(x any) bool {
		s, _ := x.(string)
		return s == t || strings.HasSuffix(s, "/"+t) || strings.HasSuffix(s, ":"+t)
	}
	switch ty := m["@type"].(type) {
	case string:
		return match(ty)
	case []any:
		for _, x := range ty {
			if match(x) {
				return true
			}
		}
	}
	return false
}

// ldString reads a text value: a string, a number, or the first of a list
// or the @value, value or name of an object.
func ldString(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case json.Number:
		return v.String()
	case []any:
		for _, e := range v {
			if s := ldString(e); s != "" {
				return s
			}
		}
	case map[string]any:
		for _, k := range []string{"@value", "value", "name", "@id"} {
			if s := ldString(v[k]); s != "" {
				return s
			}
		}
	}
	return ""
}

// ldStrings reads a text or a list of texts (objects give their name,
// credentialCategory or value).
func ldStrings(v any) []string {
	switch v := v.(type) {
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, ldStrings(e)...)
		}
		return out
	case map[string]any:
		for _, k := range []string{"name", "description", "credentialCategory", "@value", "value"} {
			if s := ldString(v[k]); s != "" {
				return []string{s}
			}
		}
		if m, ok := v["monthsOfExperience"]; ok {
			if s := ldString(m); s != "" {
				return []string{s + " months of experience"}
			}
		}
		return nil
	}
	if s := ldString(v); s != "" {
		return []string{s}
	}
	return nil
}

// ldSectionBody renders a text or list as HTML.
func ldSectionBody(vals []string) string {
	if len(vals) == 1 {
		return vals[0]
	}
	var b strings.Builder
	b.WriteString("<ul>")
	for _, s := range vals {
		b.WriteString("<li>")
		if strings.ContainsRune(s, '<') {
			b.WriteString(s)
		} else {
			b.WriteString(html.EscapeString(s))
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ul>")
	return b.String()
}

var errNoLDTitle = errors.New("JobPosting has no title")

// ldPosting reads one JobPosting node.
func ldPosting(from *url.URL, m map[string]any) (*skilldemand.Posting, error) {
	title := html.UnescapeString(ldString(m["title"]))
	if title == "" {
		title = html.UnescapeString(ldString(m["name"]))
	}
	if title == "" {
		return nil, fmt.Errorf("%w: %w", errEntry, errNoLDTitle)
	}
	pageURL := ""
	if s := ldString(m["url"]); s != "" {
		if u, err := from.Parse(s); err == nil {
			pageURL = u.String()
		}
	}
	id := ldString(m["identifier"])
	if id == "" {
		id = pageURL
		if id == "" {
			id = from.String()
		}
		id = strings.TrimPrefix(strings.TrimPrefix(id, "https://"), "http://")
	}
	p := &skilldemand.Posting{
		ExternalID:  id,
		Title:       title,
		Company:     ldString(m["hiringOrganization"]),
		URL:         pageURL,
		Description: ldString(m["description"]),
		Format:      skilldemand.FormatHTML,
		Posted:      parseTime(ldString(m["datePosted"])),
		Department:  ldString(m["occupationalCategory"]),
	}
	if p.URL == "" {
		p.URL = from.String()
	}
	if !strings.Contains(p.Description, "<") && strings.Contains(p.Description, "&lt;") {
		p.Description = html.UnescapeString(p.Description) // escaped once too often
	}
	p.Location = ldLocation(m["jobLocation"])
	if strings.EqualFold(ldString(m["jobLocationType"]), "TELECOMMUTE") {
		p.Workplace = skilldemand.WorkplaceRemote
		if p.Location == "" {
			p.Location = "Remote"
		}
	}
	for _, s := range []struct {
		key   string
		kind  skilldemand.SectionKind
		title string
	}{
		{"responsibilities", skilldemand.SectionResponsibilities, "Responsibilities"},
		{"qualifications", skilldemand.SectionRequired, "Qualifications"},
		{"skills", skilldemand.SectionRequired, "Skills"},
		{"experienceRequirements", skilldemand.SectionRequired, "Experience requirements"},
		{"educationRequirements", skilldemand.SectionRequired, "Education requirements"},
	} {
		if vals := ldStrings(m[s.key]); len(vals) > 0 {
			p.Sections = append(p.Sections, skilldemand.Section{Kind: s.kind, Title: s.title, Body: ldSectionBody(vals)})
		}
	}
	p.Salary = ldSalary(m["baseSalary"])
	return p, nil
}

// ldLocation joins the places of jobLocation.
func ldLocation(v any) string {
	var places []string
	var add func(v any)
	add = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				add(e)
			}
		case string:
			if s := strings.TrimSpace(v); s != "" {
				places = append(places, s)
			}
		case map[string]any:
			addr, ok := v["address"].(map[string]any)
			if !ok {
				if s := ldString(v["address"]); s != "" {
					places = append(places, s)
				} else if s := ldString(v["name"]); s != "" {
					places = append(places, s)
				}
				return
			}
			var parts []string
			for _, k := range []string{"addressLocality", "addressRegion", "addressCountry"} {
				if s := ldString(addr[k]); s != "" {
					parts = append(parts, s)
				}
			}
			if len(parts) > 0 {
				places = append(places, strings.Join(parts, ", "))
			}
		}
	}
	add(v)
	return strings.Join(places, "; ")
}

// ldSalary reads a MonetaryAmount.
func ldSalary(v any) *skilldemand.Salary {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	s := &skilldemand.Salary{Currency: ldString(m["currency"]), Provenance: "jsonld.baseSalary"}
	num := func(x any) float64 {
		f, err := strconv.ParseFloat(ldString(x), 64)
		if err != nil || f < 0 || f > 1e12 {
			return 0
		}
		return f
	}
	unit := ""
	switch q := m["value"].(type) {
	case map[string]any:
		s.Min, s.Max = num(q["minValue"]), num(q["maxValue"])
		if x := num(q["value"]); x > 0 && s.Min == 0 && s.Max == 0 {
			s.Min, s.Max = x, x
		}
		unit = ldString(q["unitText"])
	default:
		x := num(q)
		s.Min, s.Max = x, x
	}
	if unit == "" {
		unit = ldString(m["unitText"])
	}
	switch strings.ToUpper(unit) {
	case "HOUR":
		s.Interval = intervalHour
	case "DAY":
		s.Interval = intervalDay
	case "WEEK":
		s.Interval = intervalWeek
	case "MONTH":
		s.Interval = intervalMonth
	case "YEAR":
		s.Interval = intervalYear
	}
	if s.Max == 0 {
		s.Max = s.Min
	}
	return finishSalary(s)
}

// sitemap is a sitemap or a sitemap index.
type sitemap struct {
	XMLName  xml.Name
	URLs     []sitemapLoc `xml:"url"`
	Sitemaps []sitemapLoc `xml:"sitemap"`
}

type sitemapLoc struct {
	Loc string `xml:"loc"`
}

// maxSitemapURLs is the most URLs read from one sitemap (the protocol's limit).
const maxSitemapURLs = 50000

func parseSitemap(from *url.URL, follow *regexp.Regexp, body []byte) (page, error) {
	var sm sitemap
	if err := xml.Unmarshal(body, &sm); err != nil {
		return page{}, fmt.Errorf("jsonld: decode sitemap %s: %w", from, err)
	}
	if sm.XMLName.Local != "urlset" && sm.XMLName.Local != "sitemapindex" {
		return page{}, fmt.Errorf("jsonld: %s is not a sitemap (root element <%s>, want <urlset> or <sitemapindex>)", from, sm.XMLName.Local)
	}
	var pg page
	for i, s := range sm.Sitemaps {
		if i >= maxSitemapURLs {
			break
		}
		if u := link(from, s.Loc); u != "" {
			f := jsonldFetch(u, true)
			f.Kind, f.Accept = kindSitemap, acceptXML
			pg.Next = append(pg.Next, f)
		}
	}
	for i, s := range sm.URLs {
		if i >= maxSitemapURLs {
			break
		}
		if u := link(from, s.Loc); u != "" && (follow == nil || follow.MatchString(u)) {
			f := jsonldFetch(u, true)
			f.Kind, f.Accept = kindPage, acceptHTML
			pg.Next = append(pg.Next, f)
		}
	}
	return pg, nil
}
