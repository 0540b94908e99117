package extract_test

import (
	"testing"

	"github.com/skilldemand/skilldemand"
)

// TestBoilerplateParagraphs checks that legal and inclusion paragraphs
// standing inside a qualifications section name no skills.
func TestBoilerplateParagraphs(t *testing.T) {
	x := MustExtractor(t)
	tests := []struct {
		name, para, skill string
	}{
		{"accommodations", "Acme prioritizes the full inclusion of qualified individuals, providing necessary accommodations for those with disabilities.", "organization"},
		{"eeo", "We are an equal opportunity employer and value problem solving minds regardless of race or religion.", "problem-solving"},
		{"link", "Read more at https://example.com/teams/leadership/api before you apply.", "api-architecture"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &skilldemand.Posting{Format: skilldemand.FormatText,
				Description: "Basic Qualifications\n\n- 5+ years of program management\n\n" + tc.para + "\n"}
			for _, m := range x.Extract(p).Skills {
				if m.Skill == tc.skill {
					t.Errorf("got %s (%s) from %q, want none", m.Skill, m.Strength, tc.para)
				}
			}
		})
	}
}

// TestIntroAboutCompany checks that an untitled opening paragraph about the
// company shows no signal, while one about the role does.
func TestIntroAboutCompany(t *testing.T) {
	x := MustExtractor(t)
	for _, tc := range []struct {
		intro string
		want  bool
	}{
		{"We build distributed systems with high availability for banks.", false},
		{"We're building the payments network of the internet on distributed systems.", false},
		{"You will drive programs on our distributed systems with high availability targets.", true},
	} {
		p := &skilldemand.Posting{Title: "Technical Program Manager", Format: skilldemand.FormatText,
			Description: tc.intro + "\n\nRequirements\n- 5+ years of program management\n"}
		got := false
		for _, s := range x.Extract(p).Signals {
			got = got || s.Signal == "system-design-depth"
		}
		if got != tc.want {
			t.Errorf("%q: got system-design-depth %v, want %v", tc.intro, got, tc.want)
		}
	}
}
