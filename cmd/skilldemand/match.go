package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/match"
	"github.com/skilldemand/skilldemand/resume"
)

func (m *Main) matchCommand() *cobra.Command {
	var ff filterFlags
	var format string
	var gaps int
	cmd := &cobra.Command{
		Use:   "match RESUME",
		Short: "Compare a resume with the skills current postings ask for",
		Long: `Read a resume (PDF with a text layer, Word .docx, Markdown or plain text;
"-" reads standard input), find the skills and the career article's signals
it shows, and compare them with current demand under the filters:

  Strengths         skills the resume shows that postings list, by demand
  Gaps              skills postings list that the resume does not show, with
                    the share that require each and example postings
  Reality checks    for each of the article's claims, whether the resume shows
                    it and how often postings ask for it
  Coverage          the share of postings whose required skills the resume shows
                    in full, and at least 75% of
  Best matches      the open postings that fit the resume best, with links

Skills are ranked by how many postings list them plus how many require them.
The comparison is about what the resume shows, not what its author can do:
a skill the resume does not name is only not shown.`,
		Example: `  skilldemand match resume.pdf --data data
  skilldemand match cv.docx --since 90d --remote remote --format md > match.md
  cat resume.txt | skilldemand match - --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("match takes one resume file (PDF, DOCX, Markdown or text, or - for stdin): skilldemand match RESUME --data DIR")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, match.Formats); err != nil {
				return err
			}
			if gaps < 1 {
				return usageErrorf("--gaps %d: use 1 or more", gaps)
			}
			f, err := ff.Filter(time.Now())
			if err != nil {
				return err
			}
			doc, err := readResume(cmd, args[0])
			if err != nil {
				return err
			}
			d, err := m.openQueryData(cmd.Context())
			if err != nil {
				return err
			}
			defer d.Close()
			res, err := d.MatchWith(cmd.Context(), doc, f, match.Options{Gaps: gaps})
			if err != nil {
				return err
			}
			return match.Write(m.Stdout, res, format)
		},
	}
	ff.register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, json or md")
	cmd.Flags().IntVar(&gaps, "gaps", match.DefaultGaps, "list at most this many gaps")
	return cmd
}

// readResume reads the resume at path ("-": standard input). Every failure
// is bad input: one line naming the problem and the fix, exit code 2.
func readResume(cmd *cobra.Command, path string) (*resume.Document, error) {
	var doc *resume.Document
	var err error
	if path == "-" {
		doc, err = resume.Read(cmd.InOrStdin(), "")
		path = "on standard input"
	} else {
		doc, err = resume.ReadFile(path)
	}
	if err == nil {
		return doc, nil
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, usageErrorf("resume %s: no such file: check the path", path)
	case errors.Is(err, fs.ErrPermission):
		return nil, usageErrorf("resume %s: permission denied: make the file readable", path)
	}
	// The resume package names the file and says the problem and the fix.
	return nil, usageErrorf("%v", err)
}

// Match compares the resume with current demand under f, with the default
// options: strengths, gaps with example postings, the article's reality
// checks, coverage of the postings' required skills and the best-matching
// open postings. Errors about the input carry skilldemand.EINVALID.
func (d *Data) Match(ctx context.Context, doc *resume.Document, f skilldemand.Filter) (*match.Result, error) {
	return d.MatchWith(ctx, doc, f, match.Options{})
}

// MatchWith is Match with options.
//
// Coverage is computed over the index's own per-posting skill sets
// (Index.PostingSkills), so it is exact, counts the same postings under the
// same filter as the demand shares, and reads no posting from the store.
func (d *Data) MatchWith(ctx context.Context, doc *resume.Document, f skilldemand.Filter, opt match.Options) (*match.Result, error) {
	if doc == nil || strings.TrimSpace(doc.Text) == "" {
		return nil, skilldemand.Errorf(skilldemand.EINVALID, "%s", resume.ErrEmpty.Error())
	}
	ext := d.Extractor.ExtractText(doc.Text)
	demand, err := d.Index.Demand(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("match: count demand: %w", err)
	}
	skills, err := d.Index.PostingSkills(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("match: posting skills: %w", err)
	}
	in := match.Input{
		Resume:   ext,
		Demand:   demand,
		Skills:   d.Taxonomy.Skills,
		Signals:  d.Taxonomy.Signals,
		Postings: make([]match.Posting, 0, len(skills)),
	}
	for _, p := range skills {
		in.Postings = append(in.Postings, match.Posting{ID: p.ID, Skills: p.Skills, Required: p.Required})
	}

	var shown []string
	for _, sm := range ext.Skills {
		shown = append(shown, sm.Skill)
	}
	open := f
	open.IncludeClosed = false // best matches are postings one can still apply to
	best, err := d.Index.Similar(ctx, open, shown, match.DefaultBest)
	if err != nil {
		return nil, fmt.Errorf("match: best postings: %w", err)
	}
	for _, h := range best.Hits {
		in.Candidates = append(in.Candidates, match.Candidate{
			ID: h.ID, Title: h.Title, Company: h.Company, Location: h.Location, URL: h.URL, Score: h.Score,
		})
	}
	res := match.Compare(in, opt)
	res.Filter = describeFilter(f)
	for i := range res.Gaps {
		g := &res.Gaps[i]
		gf := f
		gf.Skill = g.Skill
		ex, err := d.Index.Search(ctx, gf, 0, match.DefaultExamples)
		if err != nil {
			return nil, fmt.Errorf("match: examples for %s: %w", g.Skill, err)
		}
		for _, h := range ex.Hits {
			g.Examples = append(g.Examples, match.Example{ID: h.ID, Title: h.Title, Company: h.Company, URL: h.URL})
		}
	}
	return res, nil
}
