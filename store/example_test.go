package store_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/store"
)

func ExampleDB_UpsertPostings() {
	dir, err := os.MkdirTemp("", "store-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	db := store.NewDB(filepath.Join(dir, "skilldemand.db"))
	if err := db.Open(); err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	posting := func(id, title string) *skilldemand.Posting {
		return &skilldemand.Posting{
			ID: skilldemand.MakeID("greenhouse", "acme", id), Source: "greenhouse", Board: "acme",
			ExternalID: id, Title: title, Description: "<p>Run the launch program.</p>",
		}
	}
	monday := time.Date(2025, 3, 3, 3, 0, 0, 0, time.UTC)
	tuesday := monday.AddDate(0, 0, 1)

	// Monday's crawl sees two postings.
	if _, err := db.UpsertPostings([]*skilldemand.Posting{posting("1", "TPM"), posting("2", "TPM, Infra")}, monday); err != nil {
		log.Fatal(err)
	}
	// Tuesday's crawl: 1 is retitled, 2 is gone, 3 is new.
	ps := []*skilldemand.Posting{posting("1", "Senior TPM"), posting("3", "TPM, Data")}
	changes, err := db.UpsertPostings(ps, tuesday)
	if err != nil {
		log.Fatal(err)
	}
	for i, p := range ps {
		fmt.Printf("%s %s first seen %s\n", p.ID, changes[i], p.FirstSeen.Format(time.DateOnly))
	}
	closed, err := db.CloseMissing("greenhouse:acme", map[string]bool{ps[0].ID: true, ps[1].ID: true}, tuesday)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("closed:", closed)
	// Output:
	// greenhouse:acme:1 updated first seen 2025-03-03
	// greenhouse:acme:3 new first seen 2025-03-04
	// closed: [greenhouse:acme:2]
}
