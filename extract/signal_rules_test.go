package extract_test

import "testing"

// TestSignalJudgementCalls checks the signals on sentences written for the
// labelling rules' judgement calls, each used both ways.
func TestSignalJudgementCalls(t *testing.T) {
	x := MustExtractor(t)
	cases := []struct {
		sig, text string
		want      bool
	}{
		{"executive-stakeholders", "Present program status to directors and VPs.", true},
		{"executive-stakeholders", "Ability to lead by influence across the organization.", true},
		{"executive-stakeholders", "Strong executive presence.", true},
		{"executive-stakeholders", "Influence without formal authority.", true},
		{"executive-stakeholders", "Provide regular updates to leadership on risks.", true},
		{"executive-stakeholders", "Communicate with stakeholders at all levels.", false},
		{"executive-stakeholders", "Partner with business leaders in sales.", false},
		{"executive-stakeholders", "Work with peers and management.", false},
		{"dual-register-communication", "Explain complex technical concepts to non-technical audiences.", true},
		{"dual-register-communication", "Communicate complex technical information to a variety of audiences.", true},
		{"dual-register-communication", "Able to speak to both engineers and business partners.", true},
		{"dual-register-communication", "Executive presentation skills.", false},
		{"engineering-background", "BS in Computer Science or equivalent practical experience.", true},
		{"engineering-background", "3+ years of software development experience.", true},
		{"engineering-background", "Bachelor's degree in engineering, business or related field, or an MBA.", false},
		{"engineering-background", "Strong technical skills.", false},
		{"engineering-background", "Former software engineer or hardware engineer.", true},
		{"engineering-background", "B.S. in Computer Science, 2012.", true},
		{"engineering-background", "Ph.D. in History.", false},
		{"program-scale", "Coordinate work across multiple engineering teams.", true},
		{"program-scale", "Drive company-wide initiatives.", true},
		{"program-scale", "Programs that span dozens of engineering teams.", true},
		{"program-scale", "Work with Product, Sales and Marketing.", false},
		{"program-scale", "Our products serve millions of users at global scale.", false},
		{"program-scale", "Experience working with distributed teams.", false},
		{"program-scale", "Led a platform migration across 14 engineering teams.", true},
		{"program-scale", "Coordinated 9 teams through a data-centre move.", true},
		{"program-scale", "Worked across 3 teams on the billing system.", false},
		{"program-scale", "Coordinate programs across 30+ teams.", true},
		{"program-scale", "Programs that span the whole company.", true},
		{"program-scale", "Keep the entire company informed about office moves.", false},
		{"system-design-depth", "Experience with high-availability, low-latency services at scale.", true},
		{"dual-register-communication", "Explain engineering trade-offs in plain language to leadership.", true},
		{"engineering-background", "Background in software development.", true},
		{"engineering-background", "You have written production code.", true},
		{"program-scale", "Programs spanning 12 cross-functional teams.", true},
		{"program-scale", "A team of 8 engineers.", false},
		{"engineering-background", "5+ years of software development or technical program management experience.", false},
		{"engineering-background", "5+ years of software development experience and a record of shipping.", true},
		{"executive-stakeholders", "Work closely with directors across the company.", true},
		{"executive-stakeholders", "Approved by the board of directors.", false},
		{"executive-stakeholders", "Presented the quarterly plan to the VP of Engineering.", true},
		{"executive-stakeholders", "This role reports to the VP of Engineering.", false},
		{"system-design-depth", "Built a distributed storage system for logs.", true},
		{"delivery-roadmap", "Build integrated plans that sequence work across teams and track dependencies.", true},
		{"delivery-roadmap", "Own the roadmap and manage the critical path.", true},
		{"delivery-roadmap", "Plan capacity and resources across engineering teams to hit milestones.", true},
		{"delivery-roadmap", "Dependency management.", false},
		{"delivery-roadmap", "Define the product roadmap and strategy.", false},
		{"delivery-roadmap", "On-time execution.", false},
		{"system-design-depth", "Experience with distributed systems.", true},
		{"system-design-depth", "System design experience is a plus.", true},
		{"system-design-depth", "Able to challenge engineers' design choices.", true},
		{"system-design-depth", "Knowledge of object-oriented design and algorithms.", false},
		{"architecture-literacy", "Review design docs and technical specs with engineers.", true},
		{"architecture-literacy", "Familiarity with the design of complex systems.", true},
		{"architecture-literacy", "Understand technical trade-offs and discuss them with engineering.", true},
		{"architecture-literacy", "Design and build the service architecture.", false},
	}
	for _, c := range cases {
		t.Run(c.sig+"/"+c.text, func(t *testing.T) {
			got := false
			for _, s := range x.ExtractText(c.text).Signals {
				if s.Signal == c.sig {
					got = true
				}
			}
			if got != c.want {
				t.Errorf("signal %s in %q: got %v, want %v", c.sig, c.text, got, c.want)
			}
		})
	}
}
