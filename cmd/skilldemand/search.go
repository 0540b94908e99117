package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/server"
)

// searchHit is a search result as printed in JSON.
type searchHit struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Company  string `json:"company,omitempty"`
	Location string `json:"location,omitempty"`
	URL      string `json:"url,omitempty"`
	Open     bool   `json:"open"`
	Group    string `json:"group,omitempty"`
	// OtherURLs are where the same job is cross-posted (counted once).
	OtherURLs []string    `json:"other_urls,omitempty"`
	Strength  string      `json:"strength,omitempty"`
	Spans     []spanShown `json:"spans,omitempty"`
	// Fragment is where the full-text query matched: HTML, the matched
	// words in <mark>, everything else escaped.
	Fragment string `json:"fragment,omitempty"`
}

type spanShown struct {
	Strength skilldemand.Strength    `json:"strength"`
	Section  skilldemand.SectionKind `json:"section"`
	Before   string                  `json:"before"` // text before the span, on its line
	Text     string                  `json:"text"`   // the matched words
	After    string                  `json:"after"`  // text after the span, on its line
}

func (m *Main) printSearch(res *SearchAnswer, format string) error {
	hits := res.Hits
	if format == "json" {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"total": res.Total, "hits": hits})
	}
	color := isTerminal(m.Stdout)
	fmt.Fprintf(m.Stdout, "%d postings match", res.Total)
	if len(hits) < res.Total {
		fmt.Fprintf(m.Stdout, " (showing %d; --limit for more)", len(hits))
	}
	fmt.Fprintln(m.Stdout)
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	for _, h := range hits {
		state := ""
		if !h.Open {
			state = " [closed]"
		}
		fmt.Fprintf(tw, "\n%s%s\t%s\t%s\n", h.Title, state, h.Company, h.Location)
		fmt.Fprintf(tw, "  %s\t%s\n", h.ID, h.URL)
		for _, u := range h.OtherURLs {
			fmt.Fprintf(tw, "  also posted at\t%s\n", u)
		}
		for _, s := range h.Spans {
			fmt.Fprintf(tw, "  %s (%s): %s\n", s.Strength, s.Section, highlight(s, color))
		}
		if h.Fragment != "" {
			fmt.Fprintf(tw, "  %s\n", fragmentText(h.Fragment, color))
		}
	}
	return tw.Flush()
}

// contextWidth is how many bytes of text are shown on each side of a span.
const contextWidth = 70

// showSpan cuts the text around a hit, staying on the hit's line.
func showSpan(text string, h skilldemand.Hit) spanShown {
	start, end := h.Start, h.End
	if start < 0 || end > len(text) || start > end {
		return spanShown{Strength: h.Strength, Section: h.Section}
	}
	lo := max(0, start-contextWidth)
	if i := strings.LastIndexByte(text[lo:start], '\n'); i >= 0 {
		lo += i + 1
	}
	hi := min(len(text), end+contextWidth)
	if i := strings.IndexByte(text[end:hi], '\n'); i >= 0 {
		hi = end + i
	}
	for lo > 0 && lo < start && !utf8.RuneStart(text[lo]) {
		lo++
	}
	for hi < len(text) && hi > end && !utf8.RuneStart(text[hi]) {
		hi--
	}
	return spanShown{
		Strength: h.Strength,
		Section:  h.Section,
		Before:   text[lo:start],
		Text:     text[start:end],
		After:    text[end:hi],
	}
}

// highlight marks the span in its context: bold on a terminal, [[...]]
// elsewhere. Control characters from the posting are shown as spaces.
func highlight(s spanShown, color bool) string {
	open, close := "[[", "]]"
	if color {
		open, close = "\033[1;33m", "\033[0m"
	}
	return printable(s.Before) + open + printable(s.Text) + close + printable(s.After)
}

// printable replaces control characters with spaces.
func printable(t string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, t)
}

// fragmentText renders an HTML fragment from the index on one line:
// white space collapsed and the matched words highlighted as highlight does.
func fragmentText(frag string, color bool) string {
	var b strings.Builder
	for _, p := range server.FragmentParts(frag) {
		if p.Mark {
			b.WriteString(highlight(spanShown{Text: p.Text}, color))
		} else {
			b.WriteString(printable(p.Text))
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
