package extract_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand/configs"
	"github.com/skilldemand/skilldemand/extract"
)

func TestLoadTaxonomy(t *testing.T) {
	tax := MustTaxonomy(t)
	if len(tax.Skills) < 135 {
		t.Errorf("skills: got %d, want at least 135 (15 article + 120 more)", len(tax.Skills))
	}
	art := tax.ArticleSkills()
	want := []string{"system-design", "project-management", "agile-scrum", "jira-confluence", "roadmap-planning",
		"cross-functional-leadership", "risk-management", "data-analysis", "api-architecture", "stakeholder-management",
		"leadership", "communication", "problem-solving", "organization", "adaptability"}
	if len(art) != len(want) {
		t.Fatalf("article skills: got %d, want %d", len(art), len(want))
	}
	for i, s := range art {
		if s.ID != want[i] || !s.Article {
			t.Errorf("article skill %d: got %q (article %v), want %q", i, s.ID, s.Article, want[i])
		}
		group := "technical"
		if i >= 10 {
			group = "soft"
		}
		if s.ArticleGroup != group {
			t.Errorf("%s: got group %q, want %q", s.ID, s.ArticleGroup, group)
		}
	}
	cats := map[string]int{}
	for _, s := range tax.Skills {
		cats[s.Category]++
	}
	for _, c := range []string{"technical", "soft", "tool", "domain", "certification", "education"} {
		if cats[c] == 0 {
			t.Errorf("no skill of category %q", c)
		}
	}
	if s, ok := tax.Skill("pmp"); !ok || s.Category != "certification" {
		t.Errorf("Skill(pmp): got %+v %v, want a certification", s, ok)
	}
	if _, ok := tax.Skill("no-such-skill"); ok {
		t.Error("Skill(no-such-skill): got ok, want not found")
	}
	sigSkill := map[string]string{
		"system-design-depth": "system-design", "program-scale": "cross-functional-leadership",
		"delivery-roadmap": "roadmap-planning", "architecture-literacy": "api-architecture",
		"executive-stakeholders": "stakeholder-management", "dual-register-communication": "communication",
		"engineering-background": "",
	}
	for id, skill := range sigSkill {
		s, ok := tax.Signal(id)
		if !ok {
			t.Errorf("Signal(%s): not found", id)
			continue
		}
		if s.Skill != skill || s.Claim == "" || s.Name == "" {
			t.Errorf("Signal(%s): got skill %q claim %q, want skill %q and a claim", id, s.Skill, s.Claim, skill)
		}
	}
	if !strings.Contains(tax.Version, "+") {
		t.Errorf("version %q: want skills and reality versions joined by +", tax.Version)
	}
}

func TestLoadTaxonomy_Errors(t *testing.T) {
	skills, _ := configs.FS.ReadFile("skills.yaml")
	reality, _ := configs.FS.ReadFile("market_reality.yaml")
	s := string(skills)
	r := string(reality)
	tests := []struct {
		name            string
		skills, reality string
		want            []string
	}{
		{"UnknownField", strings.Replace(s, "    article: true\n", "    article: true\n    weight: 3\n", 1), r, []string{"skills.yaml", "weight"}},
		{"NoVersion", strings.Replace(s, "version:", "# version:", 1), r, []string{"skills.yaml", "version"}},
		{"MissingArticleSkill", strings.Replace(s, "id: adaptability\n", "id: adaptable\n", 1), r, []string{"skills.yaml", `"adaptability" is missing`}},
		{"BadCategory", strings.Replace(s, "category: tool, aliases: [asana]", "category: gadget, aliases: [asana]", 1), r, []string{`"asana"`, "gadget"}},
		{"DuplicateID", s + "  - {id: asana, name: Asana again, category: tool, aliases: [asana app]}\n", r, []string{`"asana"`, "used twice"}},
		{"EmptyAlias", strings.Replace(s, "aliases: [asana]", `aliases: ["-"]`, 1), r, []string{`"asana"`, "no words"}},
		{"BadSignalSkill", s, strings.Replace(r, "skill: system-design\n", "skill: system-designs\n", 1), []string{"market_reality.yaml", "system-designs"}},
		{"MissingSignal", s, strings.Replace(r, "id: program-scale", "id: program-size", 1), []string{"market_reality.yaml", `"program-scale" is missing`}},
		{"OneGroupRule", s, strings.Replace(r, "together:\n      - - [roadmap", "together:\n      - - [roadmap]\n      - - [roadmap", 1), []string{"market_reality.yaml", "at least two"}},
		{"Empty", "", r, []string{"skills.yaml", "empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := extract.LoadTaxonomy([]byte(tt.skills), []byte(tt.reality))
			if err == nil {
				t.Fatal("got nil error")
			}
			if !errors.Is(err, extract.ErrTaxonomy) {
				t.Errorf("got %v, want ErrTaxonomy", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q: want it to mention %q", err, w)
				}
			}
		})
	}
}
