package report

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	jobs "github.com/skilldemand/skilldemand"
)

// How many rows the Markdown report shows in its ranked tables.
const (
	TopSkills    = 25 // rows of "Top skills"
	TopUnlisted  = 10 // rows of "Skills the article does not name"
	dateTimeForm = "2 January 2006 at 15:04 UTC"
	runTimeForm  = "2006-01-02 15:04"
)

// Report is what WriteMarkdown renders.
type Report struct {
	Title     string    // e.g. "Technical Program Manager skill demand"; "" gives "Skill demand"
	Generated time.Time // shown in UTC; zero leaves the time out
	Total     int       // postings counted
	Filter    string    // human description of the filter, "" = all open postings
	Skills    []SkillRow
	Reality   []RealityRow
	Runs      []*jobs.Run // recent runs for the method notes (what was crawled when)
	Sources   []string    // source keys counted
	Notes     []string    // extra method notes (e.g. extractor measured accuracy)
}

// ErrNoReport is returned by WriteMarkdown when given a nil *Report.
var ErrNoReport = errors.New("no report to write")

// WriteMarkdown writes r as a Markdown document: a summary, the top skills,
// the listed-vs-reality table, the skills the article does not name, and
// the method notes with the runs behind the counts. Text from postings and
// configs is escaped so it cannot break a table or inject HTML.
func WriteMarkdown(w io.Writer, r *Report) error {
	if r == nil {
		return ErrNoReport
	}
	var b strings.Builder
	md := &mdWriter{b: &b}

	title := strings.TrimSpace(r.Title)
	if title == "" {
		title = "Skill demand"
	}
	md.line("# " + mdText(title))
	md.line("")
	md.summary(r)
	md.topSkills(r)
	md.reality(r)
	md.unlisted(r)
	md.method(r)

	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write markdown report: %w", err)
	}
	return nil
}

type mdWriter struct{ b *strings.Builder }

func (m *mdWriter) line(s string) { m.b.WriteString(s); m.b.WriteByte('\n') }

func (m *mdWriter) para(s string) { m.line(s); m.line("") }

// table writes a Markdown table. align holds one of "l", "r" per column.
func (m *mdWriter) table(header []string, align string, rows [][]string) {
	m.line("| " + strings.Join(header, " | ") + " |")
	seps := make([]string, len(header))
	for i := range seps {
		if i < len(align) && align[i] == 'r' {
			seps[i] = "---:"
		} else {
			seps[i] = "---"
		}
	}
	m.line("| " + strings.Join(seps, " | ") + " |")
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = MarkdownCell(c)
		}
		m.line("| " + strings.Join(cells, " | ") + " |")
	}
	m.line("")
}

func (m *mdWriter) summary(r *Report) {
	var s strings.Builder
	sources := len(r.Sources)
	fmt.Fprintf(&s, "This report counts %s from %s", plural(r.Total, "open posting", "open postings"), plural(sources, "source", "sources"))
	if !r.Generated.IsZero() {
		fmt.Fprintf(&s, ", generated on %s", r.Generated.UTC().Format(dateTimeForm))
	}
	s.WriteString(".")
	if f := strings.TrimSpace(r.Filter); f != "" {
		fmt.Fprintf(&s, " Postings were selected by: %s.", mdText(strings.TrimSuffix(f, ".")))
	} else {
		s.WriteString(" Every open posting is counted, a job cross-posted on several boards or locations once.")
	}
	if r.Total == 0 {
		s.WriteString(" With no postings counted there is no demand to report yet: run a crawl or widen the filter.")
	} else if top := topListed(r.Skills, 3); len(top) > 0 {
		s.WriteString(" The skills listed most often are ")
		for i, row := range top {
			switch {
			case i == 0:
			case i == len(top)-1:
				s.WriteString(" and ")
			default:
				s.WriteString(", ")
			}
			fmt.Fprintf(&s, "%s (%s of postings)", mdText(row.Name), Percent(row.Share))
		}
		s.WriteString(".")
	}
	if r.Total > 0 && r.Total < MinSample {
		fmt.Fprintf(&s, " With fewer than %d postings, read every share as a rough indication only.", MinSample)
	}
	m.para(s.String())
}

func topListed(rows []SkillRow, n int) []SkillRow {
	var top []SkillRow
	for _, r := range rows {
		if r.Postings > 0 && len(top) < n {
			top = append(top, r)
		}
	}
	return top
}

func (m *mdWriter) topSkills(r *Report) {
	m.para("## Top skills")
	var rows [][]string
	anyArticle := false
	for _, s := range r.Skills {
		if s.Postings == 0 {
			continue
		}
		if len(rows) == TopSkills {
			break
		}
		name := s.Name
		if s.Article {
			name += " *"
			anyArticle = true
		}
		rows = append(rows, []string{strconv.Itoa(s.Rank), name, orDash(s.Category), strconv.Itoa(s.Postings),
			Percent(s.Share), strconv.Itoa(s.Required), strconv.Itoa(s.Preferred), strconv.Itoa(s.Responsibility)})
	}
	if len(rows) == 0 {
		m.para("No posting lists any skill.")
		return
	}
	m.table([]string{"Rank", "Skill", "Category", "Postings", "Share", "Required", "Preferred", "Duty"}, "rllrrrrr", rows)

	listed := 0
	for _, s := range r.Skills {
		if s.Postings > 0 {
			listed++
		}
	}
	var s strings.Builder
	s.WriteString("Share is the part of all counted postings that list the skill. Required, Preferred and Duty split those " +
		"postings by the strongest way each one asks for it: as a requirement, as a nice-to-have, or only among the duties " +
		"of the role; the rest only mention it.")
	if anyArticle {
		s.WriteString(" Skills marked * are on the career article's list.")
	}
	if listed > len(rows) {
		fmt.Fprintf(&s, " The table shows the top %d of %d skills found; the `skills` command lists them all.", len(rows), listed)
	}
	m.para(s.String())
}

func (m *mdWriter) reality(r *Report) {
	m.para("## Listed vs reality")
	if len(r.Reality) == 0 {
		m.para("No article skills or claims were given to compare.")
		return
	}
	var rows [][]string
	for _, x := range r.Reality {
		name, listed, req := x.Name, Percent(x.ListedShare), Percent(x.RequiredShare)
		if x.RoleLevel() {
			name, listed, req = "(role level)", "—", "—"
		}
		sig, shown, claim := x.SignalName, Percent(x.ShownShare), x.Claim
		if x.Signal == "" {
			sig, shown, claim = "—", "—", "—"
		}
		rows = append(rows, []string{name, listed, req, sig, shown, claim, x.Verdict})
	}
	m.table([]string{"Article skill", "Listed", "Required", "Signal", "Shown", "Claim", "Verdict"}, "lrrlrll", rows)
	m.para("Listed is the share of postings that name the skill at all, and Required the share that ask for it as a " +
		"requirement. The signal columns test the article's claim about what lies behind the listing: a signal is " +
		"counted when a posting's own text shows the deeper requirement, such as coordinating many teams rather than " +
		"naming cross-functional work, and Shown is the share of all postings that do. Rows marked role level are " +
		"claims about the role as a whole rather than about one listed skill. A low Shown share does not prove a " +
		"claim wrong, since postings often leave the real bar unstated; it only means the listings do not state it.")
}

func (m *mdWriter) unlisted(r *Report) {
	m.para("## Skills the article does not name")
	var rows [][]string
	for _, s := range r.Skills {
		if s.Article || s.Postings == 0 {
			continue
		}
		if len(rows) == TopUnlisted {
			break
		}
		rows = append(rows, []string{s.Name, orDash(s.Category), strconv.Itoa(s.Postings), Percent(s.Share), strconv.Itoa(s.Required)})
	}
	if len(rows) == 0 {
		m.para("No skills outside the article's list were found.")
		return
	}
	m.para("The skills below are listed by the postings but are not on the article's list, most listed first.")
	m.table([]string{"Skill", "Category", "Postings", "Share", "Required"}, "llrrr", rows)
}

func (m *mdWriter) method(r *Report) {
	m.para("## Method")
	m.line("- Each posting counts once per skill, at the strongest way it asks for the skill " +
		"(required, then preferred, then duty, then a plain mention), however often the skill appears in it.")
	m.line("- Company boilerplate, benefits and equal-opportunity text are not counted as demand, " +
		"and neither are negated mentions (a skill the posting says is not needed).")
	m.line("- Signals are counted once per posting, whether the posting requires or only prefers what shows them.")
	if r.Total > 0 {
		fmt.Fprintf(m.b, "- Shares are of the %s counted.\n", plural(r.Total, "posting", "postings"))
	}
	fmt.Fprintf(m.b, "- Verdicts say \"most\" at a share of %s or more, \"some\" from %s, and \"rarely\" below that; "+
		"they warn of a small sample under %d postings.\n", Percent(CommonShare), Percent(SomeShare), MinSample)
	if len(r.Sources) > 0 {
		src := make([]string, len(r.Sources))
		for i, s := range r.Sources {
			src[i] = "`" + codeText(s) + "`"
		}
		fmt.Fprintf(m.b, "- Sources counted: %s.\n", strings.Join(src, ", "))
	}
	for _, n := range r.Notes {
		if n = strings.TrimSpace(n); n != "" {
			m.line("- " + mdText(n))
		}
	}
	m.line("")

	runs := make([]*jobs.Run, 0, len(r.Runs))
	for _, run := range r.Runs {
		if run != nil {
			runs = append(runs, run)
		}
	}
	if len(runs) == 0 {
		m.para("No crawl runs are recorded for these postings.")
		return
	}
	m.para("### Runs")
	m.para("Each run fetched postings from its sources and kept those that passed the role filter. " +
		"A source that failed closes nothing, so its earlier postings stay counted.")
	var rows [][]string
	for _, run := range runs {
		started, took := "—", "—"
		if !run.Started.IsZero() {
			started = run.Started.UTC().Format(runTimeForm)
		}
		switch {
		case run.Finished.IsZero():
			took = "not finished"
		case !run.Started.IsZero():
			took = run.Finished.Sub(run.Started).Round(time.Second).String()
		}
		status := run.Status
		if run.Error != "" {
			status += ": " + run.Error
		}
		if len(run.Sources) == 0 {
			rows = append(rows, []string{started, took, status, "—", "", "", "", "", ""})
			continue
		}
		for i, s := range run.Sources {
			note := "ok"
			if !s.OK() {
				note = "failed: " + s.Err
			}
			row := []string{"", "", "", s.Source, strconv.Itoa(s.Fetched), strconv.Itoa(s.Kept),
				strconv.Itoa(s.New), strconv.Itoa(s.Closed), note}
			if i == 0 {
				row[0], row[1], row[2] = started, took, status
			}
			rows = append(rows, row)
		}
	}
	m.table([]string{"Started (UTC)", "Took", "Status", "Source", "Fetched", "Kept", "New", "Closed", "Source result"}, "llllrrrrl", rows)
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// MarkdownCell makes s safe inside a Markdown table cell: line breaks and
// tabs become spaces, '|' and '\' are backslash-escaped, and '<', '>' and
// '&' become HTML entities so the text cannot open raw HTML. An empty cell
// stays empty.
func MarkdownCell(s string) string {
	return mdText(s)
}

// mdReplacer escapes the characters that could break a table or open raw HTML.
var mdReplacer = strings.NewReplacer(
	`\`, `\\`,
	"|", `\|`,
	"<", "&lt;",
	">", "&gt;",
	"&", "&amp;",
)

// mdText escapes text for a Markdown paragraph or cell, on one line.
func mdText(s string) string {
	return mdReplacer.Replace(termSafe(s))
}

// codeText keeps text that goes inside backticks from closing them.
func codeText(s string) string {
	return strings.ReplaceAll(termSafe(s), "`", "'")
}
