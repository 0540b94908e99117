package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/dataset"
	"github.com/skilldemand/skilldemand/extract"
)

// maxImportSize caps the dataset file read by import.
const maxImportSize = 1 << 30

func (m *Main) importCommand() *cobra.Command {
	var board string
	var allTitles bool
	cmd := &cobra.Command{
		Use:   "import FILE.jsonl",
		Short: "Load postings from a JSONL dataset",
		Long: `Load postings from a JSONL file, one JSON object a line with the fields
id, source, title, company, location, date, url and description (plain text,
Markdown or HTML). Postings are stored under "file:BOARD:ID", where BOARD is
--board or the file's name. Titles the role does not match are skipped unless
--all-titles is set. The whole file is checked before anything is stored.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := args[0]
			if board == "" {
				board = dataset.BoardName(path)
			}
			cfg, err := LoadConfig(m.configPath)
			if err != nil {
				return err
			}
			var role *extract.Role
			if !allTitles {
				if role, err = loadRole(&cfg); err != nil {
					return err
				}
			}
			postings, err := readDataset(path, board)
			if err != nil {
				return err
			}
			d, err := m.openData(cmd.Context(), &cfg, false)
			if err != nil {
				return err
			}
			defer d.Close()

			now := time.Now().UTC()
			in := newIngest(d, role, now)
			p := newProgress(m.Stderr, "importing", 0)
			in.onCount = p.Postings
			for _, post := range postings {
				if err := cmd.Context().Err(); err != nil {
					break
				}
				if err := in.Sink(cmd.Context(), post); err != nil {
					p.Done()
					return err
				}
			}
			err = in.Flush()
			p.Done()
			if err != nil {
				return err
			}
			c := in.count(skilldemand.SourceKey(dataset.Source, board))
			run := &skilldemand.Run{ID: runID(now), Started: now, Finished: time.Now().UTC(), Status: skilldemand.RunOK}
			run.Sources = []skilldemand.SourceRun{{
				Source: c.Source, Fetched: len(postings), Kept: c.Kept, New: c.New, Updated: c.Updated, Unchanged: c.Unchanged,
				Duration: run.Finished.Sub(now),
			}}
			if err := cmd.Context().Err(); err != nil {
				run.Status, run.Error = skilldemand.RunFailed, "interrupted"
			}
			if err := errors.Join(d.Snapshot(cmd.Context(), run.Finished), d.DB.PutRun(run)); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "imported %s: %d records, %d kept by the role filter (%d new, %d updated, %d unchanged) into %s\n",
				path, len(postings), c.Kept, c.New, c.Updated, c.Unchanged, d.Dir)
			return cmd.Context().Err()
		},
	}
	cmd.Flags().StringVar(&board, "board", "", "dataset name used in posting IDs (default: the file name)")
	cmd.Flags().BoolVar(&allTitles, "all-titles", false, "keep every posting, not only titles the role matches")
	return cmd
}

func readDataset(path, board string) ([]*skilldemand.Posting, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErrorf("cannot read %s: %v", path, unwrapPathError(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, usageErrorf("%s is a directory: pass a JSONL file", path)
	}
	postings, err := dataset.ReadJSONL(io.LimitReader(f, maxImportSize), board)
	var le *dataset.LineError
	switch {
	case errors.As(err, &le):
		return nil, usageErrorf("%s:%d: %v: fix or remove the line; nothing was imported", path, le.Line, le.Err)
	case errors.Is(err, dataset.ErrEmpty):
		return nil, usageErrorf("%s holds no records: expected one JSON object per line", path)
	case err != nil:
		return nil, usageErrorf("cannot read %s: %v", path, err)
	}
	return postings, nil
}
