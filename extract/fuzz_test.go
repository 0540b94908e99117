package extract_test

import (
	"sort"
	"testing"
	"unicode/utf8"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/extract"
)

var fuzzSeeds = []string{
	"",
	"Basic Qualifications:\n- 5+ years of Jira\n\nPreferred Qualifications:\n- SAFe, R, Go, C++",
	"<h2>Requirements</h2><ul><li>APIs<li>no Jira experience needed</ul><p><b>Benefits</b></p>",
	"**About the Role**\n\nLead cross-functional programs- Work with VPs- Own the roadmap",
	"Pay: $120k - $150k per year. Hybrid, 3 days a week.",
	"\x00\xff\xfe<<<>>>&&&;;;:::...---***",
	"C# C++ F# .NET Node.js e.g. i.e. U.S. Ph.D. B.S. M.S.",
	"résumé naïve 日本語 ümlaut’s don’t you’ll",
	"- \n- \n#\n##\n**\n****\n:\n",
	"<pre>line one\nline two</pre><table><tr><td>a</td><td>b</td></tr></table>",
	"<svg><svg></svg>Jira</svg><script>var a = '</div>';</script><B>Requirements</b><LI>SQL&nbsp;&amp;&#160;APIs",
	"<h2>Nice to have<h2><li>https://example.com/api www.x.io/rest REST http:/ https HTTP://A",
	"<strong>About us</strong><p>Acme prioritizes the full inclusion of individuals with disabilities</p></strong></b></pre>",
	"<textarea><li>Go</li></textarea><select><option>C</option></select><title>R</title>",
}

// checkExtraction fails on the invariants every extraction keeps: spans
// inside the text, one sorted entry per skill and signal, strengths valid.
func checkExtraction(t *testing.T, e *skilldemand.Extraction) {
	t.Helper()
	n := len(e.Text)
	for _, s := range e.Sections {
		if s.Start < 0 || s.End > n || s.Start > s.End {
			t.Fatalf("section %+v outside text of %d bytes", s, n)
		}
	}
	check := func(what string, hits []skilldemand.Hit) {
		for _, h := range hits {
			if h.Start < 0 || h.End > n || h.Start >= h.End {
				t.Fatalf("%s hit %+v outside text of %d bytes", what, h, n)
			}
			if !utf8.ValidString(e.Text[h.Start:h.End]) && utf8.ValidString(e.Text) {
				t.Fatalf("%s hit %+v splits a character", what, h)
			}
			if h.Strength.Rank() == 0 {
				t.Fatalf("%s hit has strength %q", what, h.Strength)
			}
		}
	}
	if !sort.SliceIsSorted(e.Skills, func(i, j int) bool { return e.Skills[i].Skill < e.Skills[j].Skill }) {
		t.Fatal("skills not sorted")
	}
	for i, m := range e.Skills {
		if i > 0 && e.Skills[i-1].Skill == m.Skill {
			t.Fatalf("skill %s twice", m.Skill)
		}
		if m.Strength.Rank() == 0 || len(m.Hits) == 0 {
			t.Fatalf("skill %s: strength %q, %d hits", m.Skill, m.Strength, len(m.Hits))
		}
		check(m.Skill, m.Hits)
	}
	for i, m := range e.Signals {
		if i > 0 && e.Signals[i-1].Signal >= m.Signal {
			t.Fatalf("signals not sorted and unique at %s", m.Signal)
		}
		check(m.Signal, m.Hits)
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, true)
		f.Add(s, false)
	}
	x := MustExtractor(f)
	f.Fuzz(func(t *testing.T, body string, html bool) {
		p := &skilldemand.Posting{Title: body, Description: body, Format: skilldemand.FormatText,
			Sections: []skilldemand.Section{{Title: body, Body: body}}}
		if html {
			p.Format = skilldemand.FormatHTML
		}
		checkExtraction(t, x.Extract(p))
		checkExtraction(t, x.ExtractText(body))
	})
}

func FuzzHTMLToText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := extract.HTMLToText(in)
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("valid input gave invalid UTF-8: %q", out)
		}
		if len(out) > 0 && out[len(out)-1] != '\n' {
			t.Fatalf("output does not end in a newline: %q", out)
		}
	})
}
