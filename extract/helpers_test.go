package extract_test

import (
	"testing"

	"github.com/skilldemand/skilldemand/configs"
	"github.com/skilldemand/skilldemand/extract"
)

// MustTaxonomy loads the shipped taxonomy.
func MustTaxonomy(tb testing.TB) *extract.Taxonomy {
	tb.Helper()
	skills, err := configs.FS.ReadFile("skills.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	reality, err := configs.FS.ReadFile("market_reality.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	tax, err := extract.LoadTaxonomy(skills, reality)
	if err != nil {
		tb.Fatal(err)
	}
	return tax
}

// MustExtractor builds an extractor over the shipped taxonomy.
func MustExtractor(tb testing.TB) *extract.Extractor {
	tb.Helper()
	return extract.New(MustTaxonomy(tb))
}
