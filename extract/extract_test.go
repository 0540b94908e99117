package extract_test

import (
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/extract"
)

func textPosting(body string) *skilldemand.Posting {
	return &skilldemand.Posting{Title: "Technical Program Manager", Description: body, Format: skilldemand.FormatText}
}

func htmlPosting(body string) *skilldemand.Posting {
	return &skilldemand.Posting{Title: "Technical Program Manager", Description: body, Format: skilldemand.FormatHTML}
}

func strengthOf(e *skilldemand.Extraction, skill string) skilldemand.Strength {
	if m := e.Skill(skill); m != nil {
		return m.Strength
	}
	return ""
}

func TestExtract_Strength(t *testing.T) {
	x := MustExtractor(t)
	tests := []struct {
		name  string
		p     *skilldemand.Posting
		skill string
		want  skilldemand.Strength // "" = not found
	}{
		{"BasicQualifications", textPosting("Basic Qualifications:\n- Experience with Jira"), "jira-confluence", "required"},
		{"MarkdownHeading", textPosting("## Minimum qualifications\n- Risk management experience"), "risk-management", "required"},
		{"BoldHeading", textPosting("**What you'll do**\n\n- Own the roadmap for payments"), "roadmap-planning", "responsibility"},
		{"NiceToHave", textPosting("Nice to have\n- Scrum experience"), "agile-scrum", "preferred"},
		{"BonusPoints", textPosting("Bonus points:\n- SQL dashboards"), "data-analysis", "preferred"},
		{"YouMightThrive", textPosting("You might thrive in this role if you:\n- Thrive in ambiguity"), "adaptability", "required"},
		{"ThriveHere", textPosting("About the role\nYou will run programs.\n\nYou'll thrive here if you\n- Know Jira well"), "jira-confluence", "required"},
		{"LeadInWithoutColon", textPosting("About the role\nYou will run programs.\n\nWe'd love to hear from you if you have\n- Experience with Jira"), "jira-confluence", "required"},
		{"PreferredLeadIn", textPosting("About the role\nYou will run programs.\n\nIt would be great if you have\n- Experience with Jira"), "jira-confluence", "preferred"},
		{"FitIf", textPosting("You might be a fit if...\n- You have strong written communication skills"), "communication", "required"},
		{"InlinePlus", textPosting("Requirements:\n- Experience with Kanban is a plus"), "agile-scrum", "preferred"},
		{"InlinePreferred", textPosting("Qualifications:\n- Familiarity with SQL preferred"), "data-analysis", "preferred"},
		{"PreferredButMust", textPosting("Preferred Qualifications:\n- Strong communication skills are a must"), "communication", "required"},
		{"StrongestWins", textPosting("Responsibilities:\n- Manage risks\n\nBasic Qualifications:\n- Risk management experience"), "risk-management", "required"},
		{"IntroIsResponsibility", textPosting("You will coordinate work across multiple teams.\n\nRequirements:\n- 5 years of experience"), "cross-functional-leadership", "responsibility"},
		{"HTMLList", htmlPosting("<h2>Requirements</h2><ul><li>Experience with APIs and microservices</li></ul>"), "api-architecture", "required"},
		{"HTMLStrongHeading", htmlPosting("<p><strong>Preferred qualifications</strong></p><ul><li>PMP certification</li></ul>"), "project-management", "preferred"},
		{"APISection", &skilldemand.Posting{Title: "TPM", Format: skilldemand.FormatHTML, Description: "<p>We build trains.</p>",
			Sections: []skilldemand.Section{{Title: "Nice to have", Body: "<li>Confluence</li>"}}}, "jira-confluence", "preferred"},
		{"APISectionKind", &skilldemand.Posting{Title: "TPM", Format: skilldemand.FormatText, Description: "We build trains.",
			Sections: []skilldemand.Section{{Kind: skilldemand.SectionRequired, Title: "Stuff", Body: "- Confluence"}}}, "jira-confluence", "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := x.Extract(tt.p)
			if got := strengthOf(e, tt.skill); got != tt.want {
				t.Errorf("%s: got %q, want %q\ntext:\n%s", tt.skill, got, tt.want, e.Text)
			}
		})
	}
}

func TestExtract_NotCounted(t *testing.T) {
	x := MustExtractor(t)
	tests := []struct {
		name  string
		p     *skilldemand.Posting
		skill string
	}{
		{"Negated", textPosting("Requirements:\n- No Jira experience needed"), "jira-confluence"},
		{"NegatedAfter", textPosting("Requirements:\n- Scrum certification is not required"), "agile-scrum"},
		{"DoNotNeed", textPosting("Requirements:\n- You do not need SQL for this job"), "data-analysis"},
		{"Benefits", textPosting("Benefits\n- Leadership coaching and flexible hours"), "leadership"},
		{"BenefitsAdaptability", textPosting("Perks:\n- Flexible schedule"), "adaptability"},
		{"AboutUs", textPosting("About us\nWe are a leading provider of risk management software.\n\nRequirements:\n- 3 years of experience"), "risk-management"},
		{"EEO", textPosting("Requirements:\n- Jira\n\nAcme is an equal opportunity employer and values communication."), "communication"},
		{"LeadershipPrinciples", textPosting("Basic Qualifications:\n- Meets our leadership principles"), "leadership"},
		{"AgileAdjective", textPosting("Requirements:\n- Comfortable in an agile environment"), "agile-scrum"},
		{"ManageAlone", textPosting("Requirements:\n- Ability to manage your time"), "project-management"},
		{"TeamPlayer", textPosting("Requirements:\n- A team player"), "leadership"},
		{"APIInsideWord", textPosting("Requirements:\n- Experience raising capital and rapid growth"), "api-architecture"},
		{"EngineeringLeads", textPosting("Responsibilities:\n- Work with engineering leads on plans"), "leadership"},
		{"UntitledAPISectionBenefits", &skilldemand.Posting{Title: "Technical Program Manager", Format: skilldemand.FormatHTML,
			Description: "<h3>Requirements</h3><ul><li>5 years of program management</li></ul>",
			Sections: []skilldemand.Section{{Title: "Additional information",
				Body: "<div><b>What we offer</b></div><ul><li>A learning stipend (several of our managers used it for their PMP)</li></ul>"}}}, "pmp"},
		{"UntitledAPISectionAbout", &skilldemand.Posting{Title: "Technical Program Manager", Format: skilldemand.FormatHTML,
			Description: "<h3>Requirements</h3><ul><li>5 years of program management</li></ul>",
			Sections: []skilldemand.Section{{Title: "Additional information",
				Body: "<div><b>About Globex</b></div><div>Globex makes grid analytics software for electric and water utilities.</div>"}}}, "energy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := x.Extract(tt.p)
			if m := e.Skill(tt.skill); m != nil {
				t.Errorf("%s: got %s from %q, want not counted", tt.skill, m.Strength, e.Text[m.Hits[0].Start:m.Hits[0].End])
			}
		})
	}
}

func TestExtract_AmbiguousAliases(t *testing.T) {
	x := MustExtractor(t)
	tests := []struct {
		name, text, skill string
		want              bool
	}{
		{"GoLanguage", "Experience with Go or Python services.", "golang", true},
		{"GoVerb", "Go the extra mile for customers.", "golang", false},
		{"GoLower", "you will go to market with python", "golang", false},
		{"RLanguage", "Analysis in R and SQL.", "r-language", true},
		{"RLetter", "Section R of the plan.", "r-language", false},
		{"CLanguage", "Embedded C and C++ firmware.", "c-cpp", true},
		{"CLetter", "Plan C is the fallback.", "c-cpp", false},
		{"CPlusPlus", "Modern C++ codebase.", "c-cpp", true},
		{"SAFe", "Certified in SAFe.", "agile-scrum", true},
		{"SafeWord", "Keep data safe.", "agile-scrum", false},
		{"API", "Design REST APIs.", "api-architecture", true},
		{"Rapid", "A rapid pace.", "api-architecture", false},
		{"ExcelTool", "Advanced Excel and SQL.", "excel", true},
		{"ExcelVerb", "You excel at planning.", "excel", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := x.ExtractText(tt.text)
			if got := e.Skill(tt.skill) != nil; got != tt.want {
				t.Errorf("%q %s: got %v, want %v", tt.text, tt.skill, got, tt.want)
			}
		})
	}
}

func TestExtract_Sections(t *testing.T) {
	x := MustExtractor(t)
	body := strings.Join([]string{
		"About Acme",
		"Acme is a leading maker of trains, founded in 1901.",
		"",
		"### **The Role**",
		"You will run our signalling programs.",
		"",
		"Basic Qualifications:",
		"- 5+ years of program management",
		"",
		"Preferred Qualifications:",
		"- Rail industry experience",
		"",
		"What we offer",
		"- Pension",
		"",
		"The salary range for this role is $120,000 - $150,000.",
		"",
		"Acme is an equal opportunity employer.",
	}, "\n")
	e := x.Extract(textPosting(body))
	var got []string
	for _, s := range e.Sections {
		got = append(got, string(s.Kind))
		if s.Start < 0 || s.End > len(e.Text) || s.Start > s.End {
			t.Errorf("section %+v outside text of %d bytes", s, len(e.Text))
		}
	}
	want := []string{"about", "responsibilities", "required", "preferred", "benefits", "compensation", "eeo"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sections: got %v, want %v\n%s", got, want, e.Text)
	}
	if e.Sections[1].Heading != "The Role" {
		t.Errorf("heading: got %q, want markdown stripped %q", e.Sections[1].Heading, "The Role")
	}
}

func TestExtract_Spans(t *testing.T) {
	x := MustExtractor(t)
	for _, p := range fixturePostings(t) {
		e := x.Extract(p)
		for _, m := range e.Skills {
			if m.Strength == "" || len(m.Hits) == 0 {
				t.Errorf("%s: skill %s has strength %q and %d hits", p.ID, m.Skill, m.Strength, len(m.Hits))
			}
			best := skilldemand.Strength("")
			for _, h := range m.Hits {
				if h.Start < 0 || h.End > len(e.Text) || h.Start >= h.End {
					t.Errorf("%s: %s hit %+v outside text", p.ID, m.Skill, h)
				}
				best = skilldemand.Stronger(best, h.Strength)
			}
			if best != m.Strength {
				t.Errorf("%s: %s strength %q, strongest hit %q", p.ID, m.Skill, m.Strength, best)
			}
		}
		for i := 1; i < len(e.Skills); i++ {
			if e.Skills[i-1].Skill >= e.Skills[i].Skill {
				t.Errorf("%s: skills not sorted: %s before %s", p.ID, e.Skills[i-1].Skill, e.Skills[i].Skill)
			}
		}
		if !strings.HasPrefix(e.Version, extract.Version+"+") {
			t.Errorf("version %q: want prefix %q", e.Version, extract.Version+"+")
		}
	}
}

func TestExtractText_Mentioned(t *testing.T) {
	x := MustExtractor(t)
	e := x.ExtractText("Skills\nJira, stakeholder management, risk registers\n\nBenefits I bring: leadership")
	for _, id := range []string{"jira-confluence", "stakeholder-management", "risk-management", "leadership"} {
		if got := strengthOf(e, id); got != skilldemand.StrengthMentioned {
			t.Errorf("%s: got %q, want mentioned", id, got)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"Headings and lists", "<h2>Requirements</h2><ul><li>Go</li><li>SQL <b>and</b> dashboards</li></ul>", "Requirements\n- Go\n- SQL and dashboards\n"},
		{"Paragraphs", "<p>One  two\nthree</p><p>Four</p>", "One two three\nFour\n"},
		{"Breaks", "a<br>b", "a\nb\n"},
		{"Inline", "pre<b>fix</b> word", "prefix word\n"},
		{"Scripts dropped", "<script>var x = 1;</script><style>p{}</style><p>Text</p>", "Text\n"},
		{"Bold paragraph heading", "<p>Intro text here.</p><p><strong>Benefits</strong></p><p>Pension</p>", "Intro text here.\n\nBenefits\nPension\n"},
		{"Entities", "<p>R&amp;D &lt;team&gt;</p>", "R&D <team>\n"},
		{"Empty", "", ""},
		{"Broken", "<ul><li>one<li>two</ul", "- one\n- two\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extract.HTMLToText(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExtract_Concurrent(t *testing.T) {
	x := MustExtractor(t)
	ps := fixturePostings(t)
	want := make([]*skilldemand.Extraction, len(ps))
	for i, p := range ps {
		want[i] = x.Extract(p)
	}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- true }()
			for k := 0; k < 20; k++ {
				for i, p := range ps {
					got := x.Extract(p)
					if len(got.Skills) != len(want[i].Skills) || got.Text != want[i].Text {
						t.Errorf("%s: concurrent extraction differs", p.ID)
						return
					}
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}
