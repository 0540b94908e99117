package report

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The HTML report's template and style sheet. Both are inlined into the
// output, so a report is one file that needs nothing from the network.
//
//go:embed assets/report.html.tmpl assets/report.css
var assets embed.FS

var (
	htmlTemplate = template.Must(template.New("report.html.tmpl").ParseFS(assets, "assets/report.html.tmpl"))
	reportCSS    = mustRead("assets/report.css")
)

func mustRead(name string) string {
	b, err := assets.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// How much the HTML report shows.
const (
	TopChartSkills   = 15 // bars in the top skills chart
	TrendCharts      = 8  // skills drawn as trend lines
	TrendChartMonths = 24 // most recent months a trend line covers
	TopTrendRows     = 25 // rows of the trends table
	TopCompanyRows   = 25 // rows of the top companies table
)

// CompanyCount is how many counted postings one company has.
type CompanyCount struct {
	Company  string `json:"company"`
	Postings int    `json:"postings"`
}

// SalaryBand is the stated pay of the postings at one seniority level that
// state a salary: the median of their range minimums and of their range
// maximums, in one currency.
type SalaryBand struct {
	Seniority string  `json:"seniority"`
	Postings  int     `json:"postings"` // postings with a salary at this level
	MedianMin float64 `json:"median_min"`
	MedianMax float64 `json:"median_max"`
	Currency  string  `json:"currency"`
}

// HTMLReport is what WriteHTML renders: the Markdown report's content plus
// trends, companies and salaries.
type HTMLReport struct {
	Report
	Trends []TrendRow
	// TrendBasis names the snapshots the trends compare (see TrendBasisOf);
	// the zero value leaves the dates out of the notes.
	TrendBasis        TrendBasis
	TopCompanies      []CompanyCount // most postings first
	SalaryBySeniority []SalaryBand
}

// WriteHTML writes r as one self-contained HTML page: inline CSS, inline
// SVG charts drawn here, no script and no reference to anything outside the
// file. Every value from postings and configs is escaped by html/template.
// The page reads on a phone (tables scroll sideways inside their box,
// charts scale) and prints without dark backgrounds or tables split by a
// page break where it can be avoided.
func WriteHTML(w io.Writer, r *HTMLReport) error {
	if r == nil {
		return ErrNoReport
	}
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, newHTMLView(r)); err != nil {
		return fmt.Errorf("render html report: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}

// The view the template renders: every string final, every number
// formatted, every chart laid out.
type htmlView struct {
	CSS       template.CSS
	Title     string
	Generated string // "" when unknown
	Summary   []string
	Facts     []fact

	TopChart   *barChart
	TopTable   *table
	TopNote    string
	Reality    *barChart
	RealTable  *table
	RealNote   string
	Unlisted   *table
	UnlistNote string

	TrendNotes   []string
	TrendHistory string // the "not enough history yet" note, or ""
	TrendLines   []lineChart
	TrendMonths  *table
	TrendTable   *table

	Companies     *table
	CompaniesNote string
	Salary        *table
	SalaryNote    string

	Method   [][]part
	Runs     *table
	RunsNote string
}

type fact struct{ Label, Value, Note string }

// part is a piece of a method note; Code parts were `quoted` in the note.
type part struct {
	Text string
	Code bool
}

type table struct {
	Caption string
	Head    []cell
	Rows    [][]cell
}

type cell struct {
	Text  string
	Num   bool   // right-aligned number
	Mark  bool   // an article skill
	Muted bool   // a placeholder such as "—"
	Class string // "name", "long" (wider minimum) or "nowrap"
}

// Classes is the cell's class attribute value; "" for none.
func (c cell) Classes() string {
	var cl []string
	if c.Num {
		cl = append(cl, "num")
	}
	if c.Muted {
		cl = append(cl, "muted")
	}
	if c.Class != "" {
		cl = append(cl, c.Class)
	}
	return strings.Join(cl, " ")
}

func txt(s string) cell { return cell{Text: s} }
func num(s string) cell { return cell{Text: s, Num: true} }
func numi(n int) cell   { return num(strconv.Itoa(n)) }
func nameCell(s string, article bool) cell {
	return cell{Text: s, Mark: article, Class: "name"}
}
func long(s string) cell   { return cell{Text: s, Class: "long"} }
func nowrap(s string) cell { return cell{Text: s, Class: "nowrap"} }

func newHTMLView(r *HTMLReport) *htmlView {
	v := &htmlView{CSS: template.CSS(reportCSS)}
	v.Title = strings.TrimSpace(termSafe(r.Title))
	if v.Title == "" {
		v.Title = "Skill demand"
	}
	if !r.Generated.IsZero() {
		v.Generated = r.Generated.UTC().Format(dateTimeForm)
	}
	v.summary(r)
	v.topSkills(r)
	v.reality(r)
	v.unlisted(r)
	v.trends(r)
	v.companies(r)
	v.salaries(r)
	v.method(r)
	return v
}

func (v *htmlView) summary(r *HTMLReport) {
	var s strings.Builder
	fmt.Fprintf(&s, "This report counts %s from %s", plural(r.Total, "open posting", "open postings"), plural(len(r.Sources), "source", "sources"))
	if v.Generated != "" {
		fmt.Fprintf(&s, ", generated on %s", v.Generated)
	}
	s.WriteString(".")
	if f := strings.TrimSpace(termSafe(r.Filter)); f != "" {
		fmt.Fprintf(&s, " Postings were selected by: %s.", strings.TrimSuffix(f, "."))
	} else {
		s.WriteString(" Every open posting is counted, a job cross-posted on several boards or locations once.")
	}
	v.Summary = append(v.Summary, s.String())
	s.Reset()

	if r.Total == 0 {
		v.Summary = append(v.Summary, "No postings are counted, so there is no demand to report yet: run a crawl or widen the filter.")
	} else if top := topListed(r.Skills, 3); len(top) > 0 {
		s.WriteString("The skills listed most often are ")
		for i, row := range top {
			switch {
			case i == 0:
			case i == len(top)-1:
				s.WriteString(" and ")
			default:
				s.WriteString(", ")
			}
			fmt.Fprintf(&s, "%s (%s of postings)", termSafe(row.Name), Percent(row.Share))
		}
		s.WriteString(".")
		if r.Total < MinSample {
			fmt.Fprintf(&s, " With fewer than %d postings, read every share as a rough indication only.", MinSample)
		}
		v.Summary = append(v.Summary, s.String())
	}

	listed := 0
	for _, sk := range r.Skills {
		if sk.Postings > 0 {
			listed++
		}
	}
	v.Facts = []fact{
		{Label: "Postings counted", Value: strconv.Itoa(r.Total)},
		{Label: "Sources", Value: strconv.Itoa(len(r.Sources))},
		{Label: "Skills found", Value: strconv.Itoa(listed)},
	}
	if b := r.TrendBasis; b.Latest != "" {
		v.Facts = append(v.Facts, fact{Label: "Months of history", Value: strconv.Itoa(len(b.Months))})
	}
	for _, run := range r.Runs {
		if run != nil && !run.Started.IsZero() {
			v.Facts = append(v.Facts, fact{Label: "Latest run", Value: run.Started.UTC().Format("2 Jan 2006"),
				Note: run.Started.UTC().Format("15:04") + " UTC, " + termSafe(run.Status)})
			break
		}
	}
}

func (v *htmlView) topSkills(r *HTMLReport) {
	var items []barItem
	var desc []string
	t := &table{
		Caption: "Skills by share of postings",
		Head: []cell{num("Rank"), txt("Skill"), txt("Category"), num("Postings"), num("Share"),
			num("Required"), num("Preferred"), num("Duty")},
	}
	listed := 0
	for _, s := range r.Skills {
		if s.Postings == 0 {
			continue
		}
		listed++
		if len(t.Rows) < TopSkills {
			t.Rows = append(t.Rows, []cell{numi(s.Rank), nameCell(termSafe(s.Name), s.Article), txt(orDash(termSafe(s.Category))),
				numi(s.Postings), num(Percent(s.Share)), numi(s.Required), numi(s.Preferred), numi(s.Responsibility)})
		}
		if len(items) < TopChartSkills {
			req := share(s.Required, r.Total)
			items = append(items, barItem{Label: s.Name, Lines: []barLine{{
				Segments: []barSeg{{Share: req, Class: "b-req"}, {Share: s.Share - req, Class: "b-all"}},
				Value:    Percent(s.Share),
			}}})
			desc = append(desc, fmt.Sprintf("%s %s (%s required)", termSafe(s.Name), Percent(s.Share), Percent(req)))
		}
	}
	if len(t.Rows) == 0 {
		return
	}
	v.TopTable = t
	v.TopChart = layoutBars("chart-top-skills",
		fmt.Sprintf("Top %d skills by share of postings", len(items)),
		"Share of postings that list each skill; the darker part lists it as required. "+strings.Join(desc, "; ")+".",
		items, []legendItem{{"b-req", "required"}, {"b-all", "listed otherwise"}})
	v.TopNote = "Share is the part of all counted postings that list the skill. Required, Preferred and Duty split those " +
		"postings by the strongest way each one asks for it: as a requirement, as a nice-to-have, or only among the duties " +
		"of the role; the rest only mention it. Skills marked ★ are on the career article's list."
	if listed > len(t.Rows) {
		v.TopNote += fmt.Sprintf(" The table shows the top %d of %d skills found; the skills command lists them all.", len(t.Rows), listed)
	}
}

func (v *htmlView) reality(r *HTMLReport) {
	if len(r.Reality) == 0 {
		return
	}
	t := &table{
		Caption: "Article skills: listed share and the share showing the deeper requirement",
		Head: []cell{txt("Article skill"), txt("Group"), num("Listed"), num("Required"), txt("Signal"), num("Shown"),
			txt("Claim"), txt("Verdict")},
	}
	var items []barItem
	var desc []string
	for _, x := range r.Reality {
		name, group := termSafe(x.Name), termSafe(x.Group)
		listed, req := num(Percent(x.ListedShare)), num(Percent(x.RequiredShare))
		if x.RoleLevel() {
			name, group = termSafe(x.SignalName), "role level"
			listed, req = cell{Text: "—", Num: true, Muted: true}, cell{Text: "—", Num: true, Muted: true}
		}
		sig, shown, claim := nameCell(termSafe(x.SignalName), false), num(Percent(x.ShownShare)), long(termSafe(x.Claim))
		if x.Signal == "" {
			sig, shown, claim = cell{Text: "—", Muted: true}, cell{Text: "—", Num: true, Muted: true}, cell{Text: "no claim", Muted: true}
		}
		t.Rows = append(t.Rows, []cell{{Text: name, Class: "name"}, txt(orDash(group)), listed, req, sig, shown, claim, long(termSafe(x.Verdict))})

		item := barItem{Label: name}
		var d []string
		if !x.RoleLevel() {
			item.Lines = append(item.Lines, barLine{Segments: []barSeg{{Share: x.ListedShare, Class: "b-listed"}}, Value: "listed " + Percent(x.ListedShare)})
			d = append(d, "listed "+Percent(x.ListedShare))
		} else {
			item.Label += " (role level)"
		}
		if x.Signal != "" {
			item.Lines = append(item.Lines, barLine{Segments: []barSeg{{Share: x.ShownShare, Class: "b-shown"}}, Value: "shown " + Percent(x.ShownShare)})
			d = append(d, "deeper requirement shown "+Percent(x.ShownShare))
		}
		items = append(items, item)
		desc = append(desc, name+": "+strings.Join(d, ", "))
	}
	v.RealTable = t
	v.Reality = layoutBars("chart-reality", "Listed vs reality for the article's skills",
		"For each article skill, the share of postings that list it and the share whose text shows the deeper requirement the article claims. "+
			strings.Join(desc, "; ")+".",
		items, []legendItem{{"b-listed", "listed"}, {"b-shown", "deeper requirement shown"}})
	v.RealNote = "Listed is the share of postings that name the skill at all, and Required the share that ask for it as a " +
		"requirement. The signal columns test the article's claim about what lies behind the listing: a signal is " +
		"counted when a posting's own text shows the deeper requirement, and Shown is the share of all postings that do. " +
		"Role-level rows are claims about the role as a whole. A low Shown share does not prove a claim wrong, since " +
		"postings often leave the real bar unstated; it only means the listings do not state it."
}

func (v *htmlView) unlisted(r *HTMLReport) {
	t := &table{
		Caption: "Skills outside the article's list",
		Head:    []cell{txt("Skill"), txt("Category"), num("Postings"), num("Share"), num("Required")},
	}
	for _, s := range r.Skills {
		if s.Article || s.Postings == 0 {
			continue
		}
		if len(t.Rows) == TopUnlisted {
			break
		}
		t.Rows = append(t.Rows, []cell{nameCell(termSafe(s.Name), false), txt(orDash(termSafe(s.Category))), numi(s.Postings),
			num(Percent(s.Share)), numi(s.Required)})
	}
	if len(t.Rows) == 0 {
		v.UnlistNote = "No skills outside the article's list were found."
		return
	}
	v.Unlisted = t
	v.UnlistNote = "These skills are listed by the postings but are not on the article's list, most listed first."
}

func (v *htmlView) trends(r *HTMLReport) {
	rows := r.Trends
	var months []string
	for _, row := range rows {
		if len(row.Series) > len(months) {
			months = months[:0]
			for _, p := range row.Series {
				months = append(months, p.Date)
			}
		}
	}
	b := r.TrendBasis
	if b.Latest != "" {
		n := fmt.Sprintf("The latest snapshot is from %s", b.Latest)
		switch {
		case b.MonthAgo != "":
			n += fmt.Sprintf("; month-on-month changes compare it with %s", b.MonthAgo)
		default:
			n += fmt.Sprintf("; no snapshot is %d to %d days older, so month-on-month changes are not known yet", MonthAgoMinDays, MonthAgoMaxDays)
		}
		if b.YearAgo != "" {
			n += fmt.Sprintf(", and year-on-year changes with %s", b.YearAgo)
		} else {
			n += ", and no snapshot is about a year older, so year-on-year changes are not known yet"
		}
		v.TrendNotes = append(v.TrendNotes, n+".")
	}

	switch {
	case len(months) == 0:
		v.TrendHistory = "Not enough history yet: no daily snapshots with postings are recorded. Each crawl stores one; trends appear once there are snapshots from at least two calendar months."
	case len(months) < 2:
		v.TrendHistory = fmt.Sprintf("Not enough history yet: every snapshot is from %s. Trend lines appear once there are snapshots from at least two calendar months.", monthName(months[0]))
	default:
		v.trendLines(rows)
	}

	if len(rows) == 0 || len(months) == 0 {
		return
	}
	t := &table{
		Caption: "Share of postings now, a month ago and a year ago",
		Head: []cell{num("Rank"), txt("Skill"), num("Now"), num("Month ago"), num("Change"), num("Year ago"),
			num("Change"), num("3-month avg"), txt("Move")},
	}
	for _, row := range rows {
		if len(t.Rows) == TopTrendRows {
			break
		}
		rank, prev, year := cell{Text: "—", Num: true, Muted: true}, cell{Text: "—", Num: true, Muted: true}, cell{Text: "—", Num: true, Muted: true}
		if row.Rank > 0 {
			rank = numi(row.Rank)
		}
		if row.MoM != nil {
			prev = num(Percent(row.Previous))
		}
		if row.YoY != nil {
			year = num(Percent(row.YearAgo))
		}
		t.Rows = append(t.Rows, []cell{rank, nameCell(termSafe(row.Name), row.Article), num(Percent(row.Current)),
			prev, changeCell(row.MoM), year, changeCell(row.YoY), num(Percent(row.MA3)), nowrap(rankMoveText(&row))})
	}
	v.TrendTable = t
	v.TrendNotes = append(v.TrendNotes, fmt.Sprintf("Changes are in percentage points (pp). The 3-month average is the mean of the "+
		"monthly average shares of the latest month with data and the two before it. Move is the change of rank since a month ago "+
		"(up or down so many places, new, or no longer listed). A month ago means %d to %d days before the latest snapshot; "+
		"with no snapshot in that window the change is shown as —, never guessed.", MonthAgoMinDays, MonthAgoMaxDays))
}

func changeCell(p *float64) cell {
	if p == nil {
		return cell{Text: "—", Num: true, Muted: true}
	}
	return num(strings.Replace(PP(p), "-", "−", 1))
}

func rankMoveText(r *TrendRow) string {
	m := RankMove(r)
	switch {
	case m == "-":
		return "—"
	case m == "=":
		return "same"
	case m == "out":
		return "no longer listed"
	case strings.HasPrefix(m, "+"):
		return "up " + m[1:]
	case strings.HasPrefix(m, "-"):
		return "down " + m[1:]
	}
	return m
}

// trendLines draws one small chart per top skill, on a shared scale, and
// the table of the monthly shares behind them.
func (v *htmlView) trendLines(rows []TrendRow) {
	var charted []TrendRow
	for _, row := range rows {
		if len(charted) == TrendCharts {
			break
		}
		if len(row.Series) >= 2 {
			charted = append(charted, row)
		}
	}
	if len(charted) == 0 {
		return
	}
	top := 0.0
	for _, row := range charted {
		for _, p := range lastPoints(row.Series) {
			top = math.Max(top, p.Share)
		}
	}
	// A round top: the next multiple of 10%, at least 10%.
	top = math.Max(0.1, math.Ceil(top*10-1e-9)/10)

	for i, row := range charted {
		v.TrendLines = append(v.TrendLines, layoutLine(fmt.Sprintf("chart-trend-%d", i+1), row, top))
	}

	pts := lastPoints(charted[0].Series)
	t := &table{Caption: "Monthly average share of postings, for the skills charted above", Head: []cell{txt("Month")}}
	for _, row := range charted {
		t.Head = append(t.Head, num(termSafe(row.Name)))
	}
	for i := len(pts) - 1; i >= 0; i-- {
		line := []cell{nowrap(monthName(pts[i].Date))}
		for _, row := range charted {
			s := lastPoints(row.Series)
			line = append(line, num(Percent(s[i].Share)))
		}
		t.Rows = append(t.Rows, line)
	}
	v.TrendMonths = t
}

func lastPoints(s []Point) []Point {
	if len(s) > TrendChartMonths {
		return s[len(s)-TrendChartMonths:]
	}
	return s
}

func (v *htmlView) companies(r *HTMLReport) {
	t := &table{Caption: "Companies with the most counted postings", Head: []cell{num("Rank"), txt("Company"), num("Postings"), num("Share")}}
	for _, c := range r.TopCompanies {
		if len(t.Rows) == TopCompanyRows {
			break
		}
		name := strings.TrimSpace(termSafe(c.Company))
		if name == "" {
			name = "(company not stated)"
		}
		t.Rows = append(t.Rows, []cell{numi(len(t.Rows) + 1), {Text: name, Class: "name"}, numi(c.Postings), num(Percent(share(c.Postings, r.Total)))})
	}
	if len(t.Rows) == 0 {
		v.CompaniesNote = "No company data: no counted posting names its company."
		return
	}
	v.Companies = t
	v.CompaniesNote = "Share is of all counted postings."
	if len(r.TopCompanies) > len(t.Rows) {
		v.CompaniesNote += fmt.Sprintf(" The table shows the top %d of %d companies.", len(t.Rows), len(r.TopCompanies))
	}
}

func (v *htmlView) salaries(r *HTMLReport) {
	t := &table{Caption: "Stated salary by seniority", Head: []cell{txt("Seniority"), num("Postings"), num("Median range"), txt("Currency")}}
	for _, b := range r.SalaryBySeniority {
		if b.Postings <= 0 {
			continue
		}
		sen := strings.TrimSpace(termSafe(b.Seniority))
		if sen == "" {
			sen = "not stated"
		}
		t.Rows = append(t.Rows, []cell{txt(sen), numi(b.Postings), num(moneyRange(b.MedianMin, b.MedianMax)), txt(orDash(termSafe(b.Currency)))})
	}
	if len(t.Rows) == 0 {
		v.SalaryNote = "No salary data: none of the counted postings states a salary range."
		return
	}
	v.Salary = t
	v.SalaryNote = "Only postings that state a salary count here. The median range is the median of the stated minimums " +
		"to the median of the stated maximums; amounts are as the postings state them, usually yearly base pay."
}

func moneyRange(lo, hi float64) string {
	switch {
	case lo <= 0 && hi <= 0:
		return "—"
	case lo <= 0:
		return "up to " + money(hi)
	case hi <= 0 || hi == lo:
		return money(lo)
	}
	return money(lo) + "–" + money(hi)
}

// money formats an amount as a whole number with thousands separators.
func money(f float64) string {
	s := strconv.FormatFloat(math.Round(f), 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (v *htmlView) method(r *HTMLReport) {
	notes := []string{
		"Each posting counts once per skill, at the strongest way it asks for the skill (required, then preferred, then duty, then a plain mention), however often the skill appears in it.",
		"Company boilerplate, benefits and equal-opportunity text are not counted as demand, and neither are negated mentions (a skill the posting says is not needed).",
		"Signals are counted once per posting, whether the posting requires or only prefers what shows them.",
		fmt.Sprintf("Verdicts say \"most\" at a share of %s or more, \"some\" from %s, and \"rarely\" below that; they warn of a small sample under %d postings.",
			Percent(CommonShare), Percent(SomeShare), MinSample),
		"Trends read one stored snapshot of the counts per day; days whose crawl counted no postings are left out rather than read as zero demand.",
	}
	if r.Total > 0 {
		notes = append(notes, fmt.Sprintf("Shares are of the %s counted.", plural(r.Total, "posting", "postings")))
	}
	if len(r.Sources) > 0 {
		src := make([]string, len(r.Sources))
		for i, s := range r.Sources {
			src[i] = "`" + codeText(s) + "`"
		}
		notes = append(notes, "Sources counted: "+strings.Join(src, ", ")+".")
	}
	for _, n := range r.Notes {
		if n = strings.TrimSpace(termSafe(n)); n != "" {
			notes = append(notes, n)
		}
	}
	for _, n := range notes {
		v.Method = append(v.Method, splitCode(n))
	}

	t := &table{Caption: "Crawl runs behind the counts",
		Head: []cell{txt("Started (UTC)"), txt("Took"), txt("Status"), txt("Source"), num("Fetched"), num("Kept"), num("New"), num("Closed"), txt("Source result")}}
	for _, run := range r.Runs {
		if run == nil {
			continue
		}
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
		status = termSafe(status)
		if len(run.Sources) == 0 {
			t.Rows = append(t.Rows, []cell{nowrap(started), nowrap(took), txt(status), {Text: "—", Muted: true}, num(""), num(""), num(""), num(""), txt("")})
			continue
		}
		for i, s := range run.Sources {
			note := "ok"
			if !s.OK() {
				note = "failed: " + termSafe(s.Err)
			}
			row := []cell{txt(""), txt(""), txt(""), nowrap(termSafe(s.Source)), numi(s.Fetched), numi(s.Kept), numi(s.New), numi(s.Closed), long(note)}
			if i == 0 {
				row[0], row[1], row[2] = nowrap(started), nowrap(took), txt(status)
			}
			t.Rows = append(t.Rows, row)
		}
	}
	if len(t.Rows) == 0 {
		v.RunsNote = "No crawl runs are recorded for these postings."
		return
	}
	v.Runs = t
	v.RunsNote = "Each run fetched postings from its sources and kept those that passed the role filter. " +
		"A source that failed closes nothing, so its earlier postings stay counted."
}

// splitCode splits a note on backticks into plain and code parts.
func splitCode(s string) []part {
	pieces := strings.Split(s, "`")
	if len(pieces)%2 == 0 { // unbalanced: keep the text as it is
		return []part{{Text: s}}
	}
	var out []part
	for i, p := range pieces {
		if p != "" {
			out = append(out, part{Text: p, Code: i%2 == 1})
		}
	}
	return out
}

// monthName turns "2026-03" into "Mar 2026".
func monthName(m string) string {
	t, err := time.Parse(monthForm, m)
	if err != nil {
		return m
	}
	return t.Format("Jan 2006")
}

// Charts. Coordinates are in viewBox units; the page scales the SVG to its
// width, so text sizes here are relative to a chart about 360 units wide.

const (
	barW      = 360.0 // viewBox width of a bar chart
	barPlotW  = 264.0 // width of a 100% bar
	barH      = 12.0  // height of one bar
	barGap    = 4.0   // between the bars of one item
	labelH    = 16.0  // the label line above an item's bars
	itemGap   = 9.0   // between items
	legendH   = 26.0
	axisH     = 16.0
	maxLabel  = 46 // runes of a label before it is cut with "…"
	lineW     = 240.0
	lineH     = 120.0
	lineLeft  = 34.0
	lineRight = 44.0
	lineTop   = 10.0
	lineBot   = 22.0
)

type barChart struct {
	ID, Title, Desc string
	W, H            string
	Legend          []legendPos
	Grid            []gridLine
	Items           []barItemPos
}

type legendItem struct{ Class, Label string }

type legendPos struct {
	Class, Label string
	X, TX        string
}

type gridLine struct {
	X, Y1, Y2, TY, Label string
	Class                string
}

type barItem struct {
	Label string
	Lines []barLine
}

type barLine struct {
	Segments []barSeg
	Value    string
}

type barSeg struct {
	Share float64
	Class string
}

type barItemPos struct {
	Label  string
	LabelY string
	Rects  []rectPos
	Values []textPos
}

type rectPos struct{ X, Y, W, H, Class string }

type textPos struct{ X, Y, Text string }

func f1(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func clip(s string) string {
	s = termSafe(s)
	if utf8.RuneCountInString(s) <= maxLabel {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:maxLabel-1])) + "…"
}

func layoutBars(id, title, desc string, items []barItem, legend []legendItem) *barChart {
	c := &barChart{ID: id, Title: title, Desc: desc}
	x := 0.0
	for _, l := range legend {
		c.Legend = append(c.Legend, legendPos{Class: l.Class, Label: l.Label, X: f1(x), TX: f1(x + 16)})
		x += 16 + 6.6*float64(utf8.RuneCountInString(l.Label)) + 18
	}
	y := legendH + axisH
	top := y
	for _, it := range items {
		p := barItemPos{Label: clip(it.Label), LabelY: f1(y + 13)}
		y += labelH
		for _, line := range it.Lines {
			x := 0.0
			for _, s := range line.Segments {
				w := math.Max(0, math.Min(s.Share, 1)) * barPlotW
				if w > 0 {
					p.Rects = append(p.Rects, rectPos{X: f1(x), Y: f1(y), W: f1(w), H: f1(barH), Class: s.Class})
				}
				x += w
			}
			p.Values = append(p.Values, textPos{X: f1(x + 5), Y: f1(y + barH - 1.5), Text: line.Value})
			y += barH + barGap
		}
		y += itemGap
		c.Items = append(c.Items, p)
	}
	for _, pct := range []float64{0, 0.25, 0.5, 0.75, 1} {
		gx := f1(pct * barPlotW)
		class := "tick"
		if pct == 0 {
			class = "tick tick-start" // anchored at its start, so it stays inside the chart
		}
		c.Grid = append(c.Grid, gridLine{X: gx, Y1: f1(top - 4), Y2: f1(y - itemGap), TY: f1(top - 7), Label: Percent(pct), Class: class})
	}
	c.W, c.H = f1(barW), f1(y)
	return c
}

type lineChart struct {
	ID, Title, Desc, Name string
	Article               bool
	W, H                  string
	Points                string
	Dots                  []dot
	YTicks                []gridLine // X is the left edge, Y1 the height
	XLabels               []textPos
	Last                  textPos
	PlotL, PlotR          string
}

type dot struct{ X, Y string }

func layoutLine(id string, row TrendRow, top float64) lineChart {
	pts := lastPoints(row.Series)
	c := lineChart{ID: id, Name: termSafe(row.Name), Article: row.Article, W: f1(lineW), H: f1(lineH),
		PlotL: f1(lineLeft), PlotR: f1(lineW - lineRight)}
	plotW, plotH := lineW-lineLeft-lineRight, lineH-lineTop-lineBot
	xAt := func(i int) float64 {
		if len(pts) == 1 {
			return lineLeft + plotW/2
		}
		return lineLeft + plotW*float64(i)/float64(len(pts)-1)
	}
	yAt := func(s float64) float64 { return lineTop + plotH*(1-math.Min(s, top)/top) }

	var poly, desc []string
	for i, p := range pts {
		x, y := xAt(i), yAt(p.Share)
		poly = append(poly, f1(x)+","+f1(y))
		c.Dots = append(c.Dots, dot{X: f1(x), Y: f1(y)})
		desc = append(desc, monthName(p.Date)+" "+Percent(p.Share))
	}
	c.Points = strings.Join(poly, " ")
	for _, t := range []float64{0, top / 2, top} {
		c.YTicks = append(c.YTicks, gridLine{Y1: f1(yAt(t)), TY: f1(yAt(t) + 3.5), Label: Percent(t)})
	}
	first, last := pts[0], pts[len(pts)-1]
	c.XLabels = []textPos{{X: f1(xAt(0)), Y: f1(lineH - 6), Text: monthName(first.Date)}, {X: f1(xAt(len(pts) - 1)), Y: f1(lineH - 6), Text: monthName(last.Date)}}
	c.Last = textPos{X: f1(xAt(len(pts)-1) + 5), Y: f1(yAt(last.Share) + 4), Text: Percent(last.Share)}
	c.Title = fmt.Sprintf("%s: monthly share of postings", c.Name)
	c.Desc = fmt.Sprintf("Monthly average share of postings listing %s, %s to %s: %s.", c.Name, monthName(first.Date), monthName(last.Date), strings.Join(desc, ", "))
	return c
}
