package extract_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand/extract"
)

// ambiguousCases are sentences labelled by hand: does the sentence name
// the skill? Each short alias is used both ways.
var ambiguousCases = []struct {
	text, skill string
	want        bool
}{
	// Go
	{"Experience writing services in Go, Python or Java.", "golang", true},
	{"Hands-on coding experience in Go or Rust is a plus.", "golang", true},
	{"Backend stack: Go, PostgreSQL and Kubernetes.", "golang", true},
	{"You will go above and beyond to ship the program.", "golang", false},
	{"Go deep on technical details with the engineering team.", "golang", false},
	{"Ready to go? Apply now and join the program team.", "golang", false},
	{"Drive go-to-market plans with product and sales.", "golang", false},
	{"Go-live readiness reviews for each launch.", "golang", false},
	// R
	{"Proficiency in SQL, Python or R for analysis.", "r-language", true},
	{"Statistical programming in R or SAS.", "r-language", true},
	{"Experience with R and Tableau for analytics dashboards.", "r-language", true},
	{"Work with the R&D organisation on the product roadmap.", "r-language", false},
	{"Partner with R. Smith's team on hiring plans.", "r-language", false},
	{"Salary band: Level R, depending on location.", "r-language", false},
	{"Own the program in the Americas (North, Central and South America), EMEA and APAC.", "r-language", false},
	// C
	{"Programming experience in C or C++ for embedded firmware.", "c-cpp", true},
	{"Strong coding skills in C, Python or Java.", "c-cpp", true},
	{"Background in C++ systems software.", "c-cpp", true},
	{"Report to the C-suite on program health.", "c-cpp", false},
	{"Section C of the plan covers risks.", "c-cpp", false},
	{"Operate in temperatures up to 40 C at the test site.", "c-cpp", false},
	{"Work with Plan A, Plan B and Plan C for the launch.", "c-cpp", false},
	// lead
	{"Lead cross-functional programs from planning to launch.", "leadership", true},
	{"You will lead and mentor a team of program managers.", "leadership", true},
	{"Proven leadership of large engineering initiatives.", "leadership", true},
	{"Ability to influence without authority.", "leadership", true},
	{"Partner with the tech lead on design reviews.", "leadership", false},
	{"Reduce lead times for hardware components.", "leadership", false},
	{"Delays could lead to missed milestones.", "leadership", false},
	{"Present updates to senior leadership every month.", "leadership", false},
	{"Our leadership principles guide every decision.", "leadership", false},
	{"We are a global leader in payments.", "leadership", false},
	{"Own lead generation funnels with marketing.", "leadership", false},
	// API and REST
	{"Understand REST APIs and service integrations.", "api-architecture", true},
	{"Familiarity with RESTful services and GraphQL.", "api-architecture", true},
	{"Review the API design with the platform team.", "api-architecture", true},
	{"Rapid prototyping and capital planning for the lab.", "api-architecture", false},
	{"Coordinate with therapists and clinical staff.", "api-architecture", false},
	{"Work with the rest of the team on launch plans.", "api-architecture", false},
	{"Flexible paid time off so you can rest and recharge.", "api-architecture", false},
	{"Images at https://cdn.example.com/api/images/logo.png and www.example.com/rest/api.", "api-architecture", false},
	{"Our API-first company serves thousands of customers.", "api-architecture", true},
	// CSM
	{"Certifications such as PMP, CSM or SAFe are a plus.", "csm", true},
	{"Partner with the CSM team on customer renewals.", "csm", false},
	// led
	{"Led the migration of payments services to the cloud.", "leadership", true},
	{"Experience with product-led growth motions.", "leadership", false},
	{"Make data-led decisions with the analytics team.", "leadership", false},
	// SAFe, Excel, Linear, Notion, Rust
	{"SAFe certification is a plus.", "safe-certification", true},
	{"Keep the lab safe and compliant.", "safe-certification", false},
	{"Advanced Excel and PowerPoint skills.", "excel", true},
	{"You excel in fast-paced environments.", "excel", false},
	{"Experience with Jira, Linear or Asana.", "linear", true},
	{"Growth is not linear, and neither are careers.", "linear", false},
	{"Comfortable with Notion, Confluence and Slack.", "notion", true},
	{"Challenge the notion that things must stay as they are.", "notion", false},
	{"Systems programming in Rust or C++.", "rust", true},
	{"Inspect parts for rust and corrosion.", "rust", false},
}

// TestAmbiguousAliasPrecision checks the context rules of short aliases
// on hand-labelled sentences: precision and recall over all cases must
// stay above the thresholds.
func TestAmbiguousAliasPrecision(t *testing.T) {
	const minPrecision, minRecall = 0.95, 0.85
	x := MustExtractor(t)
	tp, fp, fn := 0, 0, 0
	for _, c := range ambiguousCases {
		e := x.ExtractText(c.text)
		got := false
		for _, m := range e.Skills {
			if m.Skill == c.skill {
				got = true
			}
		}
		switch {
		case got && c.want:
			tp++
		case got && !c.want:
			fp++
			t.Logf("false positive %s: %q", c.skill, c.text)
		case !got && c.want:
			fn++
			t.Logf("false negative %s: %q", c.skill, c.text)
		}
	}
	p := float64(tp) / float64(max(1, tp+fp))
	r := float64(tp) / float64(max(1, tp+fn))
	t.Logf("%d sentences: tp %d fp %d fn %d, precision %.3f recall %.3f", len(ambiguousCases), tp, fp, fn, p, r)
	if p < minPrecision {
		t.Errorf("ambiguous alias precision %.3f, want >= %.2f", p, minPrecision)
	}
	if r < minRecall {
		t.Errorf("ambiguous alias recall %.3f, want >= %.2f", r, minRecall)
	}
}

// TestAmbiguousAliasReport counts, over the shared benchmark postings,
// how often each ambiguous or short alias occurs as a word, how often it
// fires as a skill hit, and logs sample contexts of both. Run with -v to
// read it; skipped when the sample is absent or in -short mode.
func TestAmbiguousAliasReport(t *testing.T) {
	if testing.Short() {
		t.Skip("long report; run without -short")
	}
	ps := benchPostings(t, 20000)
	if len(ps) < 100 {
		t.Skipf("benchmark sample %s not available", benchPath)
	}
	x := MustExtractor(t)
	type stat struct {
		a              extract.AmbiguousAlias
		key            string
		words, fired   int
		firedCtx, skip []string
	}
	var stats []*stat
	byKey := map[string][]*stat{}
	for _, a := range extract.AmbiguousAliases(MustTaxonomy(t)) {
		k := extract.Key(a.Phrase)
		if k == "" {
			continue
		}
		s := &stat{a: a, key: k}
		stats = append(stats, s)
		byKey[k] = append(byKey[k], s)
	}
	ctx := func(text string, from, to int) string {
		a, b := max(0, from-50), min(len(text), to+50)
		for a > 0 && text[a]&0xC0 == 0x80 {
			a--
		}
		for b < len(text) && text[b]&0xC0 == 0x80 {
			b++
		}
		return strings.Join(strings.Fields(text[a:from]+"[["+text[from:to]+"]]"+text[to:b]), " ")
	}
	for _, p := range ps {
		e := x.Extract(p)
		type hit struct {
			span  [2]int
			skill string
		}
		fired := map[hit]bool{}
		for _, m := range e.Skills {
			for _, h := range m.Hits {
				fired[hit{[2]int{h.Start, h.End}, m.Skill}] = true
			}
		}
		spans, keys := extract.WordSpans(e.Text)
		for i, k := range keys {
			for _, s := range byKey[k] {
				if s.a.CaseSensitive && e.Text[spans[i][0]:spans[i][1]] != s.a.Phrase && !strings.HasSuffix(s.a.Phrase, e.Text[spans[i][0]:spans[i][1]]) {
					continue
				}
				s.words++
				if fired[hit{spans[i], s.a.Skill}] {
					s.fired++
					if len(s.firedCtx) < 4 {
						s.firedCtx = append(s.firedCtx, ctx(e.Text, spans[i][0], spans[i][1]))
					}
				} else if len(s.skip) < 2 {
					s.skip = append(s.skip, ctx(e.Text, spans[i][0], spans[i][1]))
				}
			}
		}
	}
	sort.SliceStable(stats, func(i, j int) bool { return stats[i].fired > stats[j].fired })
	var b strings.Builder
	fmt.Fprintf(&b, "%d postings; alias, skill, word occurrences (exact case where required), hits that fired:", len(ps))
	for _, s := range stats {
		kind := "ambiguous"
		if s.a.Plain {
			kind = "plain"
		}
		fmt.Fprintf(&b, "\n%-10s %-22s %-9s words %6d fired %6d", s.a.Phrase, s.a.Skill, kind, s.words, s.fired)
		for _, c := range s.firedCtx {
			fmt.Fprintf(&b, "\n      fired: %s", c)
		}
		for _, c := range s.skip {
			fmt.Fprintf(&b, "\n    skipped: %s", c)
		}
	}
	t.Log(b.String())
}
