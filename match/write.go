package match

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Formats are the output formats Write accepts.
var Formats = []string{"table", "json", "md"}

// Write writes the result as a table, JSON or Markdown.
func Write(w io.Writer, r *Result, format string) error {
	switch format {
	case "table", "":
		return WriteTable(w, r)
	case "json":
		return WriteJSON(w, r)
	case "md":
		return WriteMarkdown(w, r)
	}
	return fmt.Errorf("match: unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
}

// WriteJSON writes the result as indented JSON with snake_case keys.
func WriteJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// plural writes a count with its noun, adding "s" unless the count is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// pct formats a share as a whole percentage.
func pct(f float64) string { return fmt.Sprintf("%.0f%%", f*100) }

// clean makes posting or resume text safe for one line of a terminal or a
// Markdown table: control characters become spaces, pipes are escaped when md.
func clean(s string, md bool) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	if md {
		s = strings.NewReplacer("|", `\|`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`").Replace(s)
	}
	return strings.TrimSpace(s)
}

func header(r *Result) string {
	s := fmt.Sprintf("Resume compared with %d postings", r.Postings)
	if r.Filter != "" {
		s += " (" + r.Filter + ")"
	} else {
		s += " (all open postings)"
	}
	return s
}

func posting(title, company string) string {
	if company != "" {
		return title + " — " + company
	}
	return title
}

func coverageLines(c Coverage) []string {
	if c.WithRequired == 0 {
		return []string{"No selected posting requires a skill of the taxonomy, so coverage cannot be measured."}
	}
	lines := []string{
		fmt.Sprintf("Of %d postings that require at least one skill, the resume shows every required skill for %d (%s)",
			c.WithRequired, c.Full, pct(c.FullShare)),
		fmt.Sprintf("and at least %s of the required skills for %d (%s).", pct(c.MostlyThreshold), c.Mostly, pct(c.MostlyShare)),
	}
	if n := c.Postings - c.WithRequired; n > 0 {
		lines = append(lines, fmt.Sprintf("%d postings require no skill of the taxonomy and are not counted.", n))
	}
	return lines
}

func shownWord(shown bool) string {
	if shown {
		return "shown"
	}
	return "not shown"
}

// WriteTable writes the result as readable sections of aligned columns.
func WriteTable(w io.Writer, r *Result) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }

	p("%s\n", header(r))
	p("The resume shows %d skills of the taxonomy.\n", len(r.ResumeSkills))
	for _, n := range r.Notes {
		p("Note: %s\n", n)
	}

	p("\nStrengths: skills the resume shows that postings list\n")
	if len(r.Strengths) == 0 {
		p("  (none)\n")
	} else {
		p("  SKILL\tLISTED BY\tREQUIRED BY\tRESUME SAYS\n")
		for _, s := range r.Strengths {
			p("  %s\t%d (%s)\t%d (%s)\t%s\n", clean(s.Name, false), s.Postings, pct(s.Share), s.Required, pct(s.RequiredShare), clean(s.Evidence, false))
		}
	}

	p("\nGaps worth closing: skills postings list that the resume does not show\n")
	if len(r.Gaps) == 0 {
		p("  (none)\n")
	} else {
		p("  SKILL\tLISTED BY\tREQUIRED BY\tONLY GAP IN\n")
		for _, s := range r.Gaps {
			p("  %s\t%d (%s)\t%d (%s)\t%s\n", clean(s.Name, false), s.Postings, pct(s.Share), s.Required, pct(s.RequiredShare), plural(s.Completes, "posting"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		p("  ONLY GAP IN: postings where it is the one required skill the resume does not show.\n")
		p("  Examples of postings that list each:\n")
		for _, s := range r.Gaps {
			for _, e := range s.Examples {
				p("    %s:\t%s\t%s\n", clean(s.Name, false), clean(posting(e.Title, e.Company), false), clean(e.URL, false))
			}
		}
	}

	p("\nReality checks: the article's claims, in the resume and in postings\n")
	if len(r.RealityChecks) == 0 {
		p("  (none)\n")
	} else {
		p("  SIGNAL\tRESUME\tASKED BY\tRESUME SAYS\n")
		for _, c := range r.RealityChecks {
			p("  %s\t%s\t%d (%s)\t%s\n", clean(c.Name, false), shownWord(c.Shown), c.Postings, pct(c.Share), clean(c.Evidence, false))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, c := range r.RealityChecks {
			p("  %s: %s\n", clean(c.Name, false), clean(c.Claim, false))
		}
	}

	p("\nCoverage\n")
	for _, l := range coverageLines(r.Coverage) {
		p("  %s\n", l)
	}

	p("\nBest-matching postings\n")
	if len(r.BestMatches) == 0 {
		p("  (none)\n")
	} else {
		p("  #\tPOSTING\tREQUIRED SHOWN\tLINK\n")
		for i, m := range r.BestMatches {
			p("  %d\t%s\t%d of %d\t%s\n", i+1, clean(posting(m.Title, m.Company), false), m.RequiredShown, m.Required, clean(m.URL, false))
		}
	}
	return tw.Flush()
}

// WriteMarkdown writes the result as a Markdown document.
func WriteMarkdown(w io.Writer, r *Result) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	md := func(s string) string { return clean(s, true) }
	link := func(text, url string) string {
		if url == "" || !(strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://")) {
			return md(text)
		}
		return "[" + md(text) + "](<" + strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20").Replace(url) + ">)"
	}

	p("# Resume match\n\n%s. The resume shows %d skills of the taxonomy.\n", md(header(r)), len(r.ResumeSkills))
	for _, n := range r.Notes {
		p("\n> %s\n", md(n))
	}

	p("\n## Strengths\n\nSkills the resume shows that postings list.\n\n")
	if len(r.Strengths) == 0 {
		p("None.\n")
	} else {
		p("| Skill | Listed by | Required by | Resume says |\n|---|---:|---:|---|\n")
		for _, s := range r.Strengths {
			p("| %s | %d (%s) | %d (%s) | %s |\n", md(s.Name), s.Postings, pct(s.Share), s.Required, pct(s.RequiredShare), md(s.Evidence))
		}
	}

	p("\n## Gaps worth closing\n\nSkills postings list that the resume does not show.\n\n")
	if len(r.Gaps) == 0 {
		p("None.\n")
	} else {
		p("| Skill | Listed by | Required by | Only gap in (postings) | Examples |\n|---|---:|---:|---:|---|\n")
		for _, s := range r.Gaps {
			var ex []string
			for _, e := range s.Examples {
				ex = append(ex, link(posting(e.Title, e.Company), e.URL))
			}
			p("| %s | %d (%s) | %d (%s) | %d | %s |\n", md(s.Name), s.Postings, pct(s.Share), s.Required, pct(s.RequiredShare), s.Completes, strings.Join(ex, "; "))
		}
	}

	p("\n## Reality checks\n\nThe career article's claims: whether the resume shows each, and how often postings ask for it.\n\n")
	if len(r.RealityChecks) == 0 {
		p("None.\n")
	} else {
		p("| Signal | Resume | Asked by | Claim | Resume says |\n|---|---|---:|---|---|\n")
		for _, c := range r.RealityChecks {
			p("| %s | %s | %d (%s) | %s | %s |\n", md(c.Name), shownWord(c.Shown), c.Postings, pct(c.Share), md(c.Claim), md(c.Evidence))
		}
	}

	p("\n## Coverage\n\n%s\n", md(strings.Join(coverageLines(r.Coverage), " ")))

	p("\n## Best-matching postings\n\n")
	if len(r.BestMatches) == 0 {
		p("None.\n")
	} else {
		p("| # | Posting | Required skills shown | Not shown |\n|---:|---|---:|---|\n")
		for i, m := range r.BestMatches {
			p("| %d | %s | %d of %d | %s |\n", i+1, link(posting(m.Title, m.Company), m.URL), m.RequiredShown, m.Required, md(strings.Join(m.NotShown, ", ")))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
