package crawler

import (
	"fmt"
	"strings"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/dataset"
)

// fileAdapter reads a local dataset file (JSONL, or CSV with a header row)
// named by Source.Path. For CSV, Source.Start may map fields to columns
// ("title=Job Title"); unmapped fields are found by common header names.
// No HTTP is involved, so no politeness rule applies.
var fileAdapter = adapter{
	Type:  "file",
	Local: readFileSource,
}

func readFileSource(src skilldemand.Source) ([]*skilldemand.Posting, error) {
	if strings.TrimSpace(src.Path) == "" {
		return nil, fmt.Errorf("%w: source %s: set path to the dataset file (.jsonl or .csv)", errBadSource, src.Key())
	}
	mapping, err := dataset.ParseMapping(src.Start)
	if err != nil {
		return nil, fmt.Errorf("%w: source %s: start: %w", errBadSource, src.Key(), err)
	}
	ps, err := dataset.ReadFile(src.Path, src.Board, mapping)
	if err != nil {
		return nil, fmt.Errorf("source %s: read %s: %w", src.Key(), src.Path, err)
	}
	return ps, nil
}
