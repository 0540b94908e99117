package extract_test

import "testing"

// TestSkillJudgementCalls checks the article skills on sentences written
// for the labelling rules' boundaries, each used both ways.
func TestSkillJudgementCalls(t *testing.T) {
	x := MustExtractor(t)
	cases := []struct {
		skill, text string
		want        bool
	}{
		{"problem-solving", "Strong analytical skills.", true},
		{"communication", "Build the presentation layer of the web app.", false},
		{"project-management", "Competitive pay and a flexible schedule.", false},
		{"project-management", "Own the program schedule and milestones.", true},
		{"risk-management", "Partner with the risk team on fraud models.", false},
		{"risk-management", "Identify and mitigate program risks.", true},
		{"communication", "Technical Program Manager, Acme (2019–present).", false},
		{"communication", "Program lead, 2016 to present.", false},
		{"communication", "Present to executives every month.", true},
		{"data-analysis", "Strong analytical skills.", false},
		{"problem-solving", "Quantitative analytical abilities.", true},
		{"data-analysis", "Analyse metrics and build dashboards in SQL.", true},
		{"agile-scrum", "Thrive in an agile environment.", false},
		{"agile-scrum", "Experience with Agile PLM.", false},
		{"agile-scrum", "Run sprint planning and retrospectives.", true},
		{"agile-scrum", "Experience with Kanban or SAFe.", true},
		{"leadership", "Embody our leadership principles.", false},
		{"leadership", "A great team player.", false},
		{"leadership", "Able to influence engineering partners.", true},
		{"project-management", "Manage your own time well.", false},
		{"project-management", "Plan, schedule and track milestones for the program.", true},
		{"stakeholder-management", "Own vendor relationship management.", true},
		{"stakeholder-management", "Align stakeholders on program scope.", true},
		{"stakeholder-management", "Align partners on the program plan.", true},
		{"stakeholder-management", "Keep leadership informed on the program.", true},
		{"api-architecture", "Familiarity with web services and SOA.", true},
		{"api-architecture", "System integration of vehicle subsystems.", true},
		{"api-architecture", "Good design skills.", false},
		{"system-design", "Experience with distributed systems.", true},
		{"system-design", "Knowledge of object-oriented design.", false},
		{"cross-functional-leadership", "Drive work across multiple teams.", true},
		{"roadmap-planning", "Build and own the multi-quarter roadmap.", true},
		{"risk-management", "Identify and mitigate program risks.", true},
		{"jira-confluence", "Track work in Jira and document in Confluence.", true},
		{"communication", "Excellent written and verbal communication skills.", true},
		{"organization", "Juggle multiple priorities with attention to detail.", true},
		{"adaptability", "Comfortable with ambiguity in a fast-paced environment.", true},
	}
	for _, c := range cases {
		t.Run(c.skill+"/"+c.text, func(t *testing.T) {
			got := false
			for _, m := range x.ExtractText(c.text).Skills {
				if m.Skill == c.skill {
					got = true
				}
			}
			if got != c.want {
				t.Errorf("skill %s in %q: got %v, want %v", c.skill, c.text, got, c.want)
			}
		})
	}
}
