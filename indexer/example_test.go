package indexer_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/indexer"
)

func ExampleIndex_Demand() {
	dir, err := os.MkdirTemp("", "skilldemand-index-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	x := indexer.NewIndex(filepath.Join(dir, "index"))
	x.Logger = slog.New(slog.DiscardHandler)
	if err := x.Open(); err != nil {
		log.Fatal(err)
	}
	defer x.Close()

	posting := func(id, company string, skills map[string]skilldemand.Strength) *skilldemand.Posting {
		p := &skilldemand.Posting{
			ID: skilldemand.MakeID("greenhouse", "acme", id), Source: "greenhouse", Board: "acme", ExternalID: id,
			Title: "Technical Program Manager", Company: company,
			FirstSeen:  time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC),
			Extraction: &skilldemand.Extraction{},
		}
		for _, s := range slices.Sorted(maps.Keys(skills)) {
			p.Extraction.Skills = append(p.Extraction.Skills, skilldemand.SkillMatch{Skill: s, Strength: skills[s]})
		}
		return p
	}
	err = x.Index([]*skilldemand.Posting{
		posting("1", "Acme", map[string]skilldemand.Strength{"risk-management": "required", "jira": "preferred"}),
		posting("2", "Acme", map[string]skilldemand.Strength{"risk-management": "responsibility"}),
		posting("3", "Globex", map[string]skilldemand.Strength{"risk-management": "required", "sql": "mentioned"}),
	})
	if err != nil {
		log.Fatal(err)
	}

	d, err := x.Demand(context.Background(), skilldemand.Filter{Company: "acme"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("postings:", d.Total)
	for _, id := range slices.Sorted(maps.Keys(d.Skills)) {
		c := d.Skills[id]
		fmt.Printf("%s: %d (required %d, preferred %d, responsibility %d)\n",
			id, c.Postings, c.Required, c.Preferred, c.Responsibility)
	}
	// Output:
	// postings: 2
	// jira: 1 (required 0, preferred 1, responsibility 0)
	// risk-management: 2 (required 1, preferred 0, responsibility 1)
}
