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
