package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/report"
)

func checkFormat(format string, allowed []string) error {
	if !slices.Contains(allowed, format) {
		return usageErrorf("--format %q: use one of %s", format, strings.Join(allowed, ", "))
	}
	return nil
}

func (m *Main) crawlCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "crawl",
		Short: "Crawl the configured boards once and store what they list",
		Long: `Crawl every source in the config once: fetch postings politely (robots.txt,
one delay per host, retries with backoff), keep those whose title matches the
role, extract skills, upsert them into the store (first/last seen, content
hash), index them, close postings that vanished from a source that crawled
cleanly, and record the run and the day's demand snapshot.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := LoadConfig(m.configPath)
			if err != nil {
				return err
			}
			if len(cfg.Sources) == 0 {
				return usageErrorf("config has no sources: list boards under \"sources:\"")
			}
			d, err := m.openData(cmd.Context(), &cfg, false)
			if err != nil {
				return err
			}
			defer d.Close()
			run, err := m.crawl(cmd.Context(), d, &cfg)
			if run != nil {
				m.printRun(run)
			}
			if err != nil {
				return err
			}
			if run.Status != skilldemand.RunOK {
				return fmt.Errorf("crawl %s: %s", run.Status, runProblem(run))
			}
			return nil
		},
	}
	return cmd
}

func (m *Main) crawl(ctx context.Context, d *Data, cfg *Config) (*skilldemand.Run, error) {
	p := newProgress(m.Stderr, "crawling", len(cfg.Sources))
	defer p.Done()
	return d.Crawl(ctx, cfg, p)
}

func runProblem(run *skilldemand.Run) string {
	if run.Error != "" {
		return run.Error
	}
	var failed []string
	for _, s := range run.Sources {
		if !s.OK() {
			failed = append(failed, s.Source+" ("+s.Err+")")
		}
	}
	return "failed sources: " + strings.Join(failed, "; ")
}

func (m *Main) printRun(run *skilldemand.Run) {
	w := m.Stderr
	fmt.Fprintf(w, "run %s: %s in %s\n", run.ID, run.Status, run.Finished.Sub(run.Started).Round(time.Millisecond))
	for _, s := range run.Sources {
		status := "ok"
		if !s.OK() {
			status = "FAILED: " + s.Err
		}
		fmt.Fprintf(w, "  %-30s fetched %4d  kept %4d  new %4d  updated %4d  closed %4d  errors %d  %s\n",
			s.Source, s.Fetched, s.Kept, s.New, s.Updated, s.Closed, s.Errors, status)
	}
}

func (m *Main) skillsCommand() *cobra.Command {
	var ff filterFlags
	var format string
	var limit int
	cmd := &cobra.Command{
		Use:   "skills",
		Short: "Print the skill-frequency table",
		Long: `Print, for each skill, how many postings list it, their share of all
postings, and how many list it as required, preferred or as a duty.
Each posting counts once per skill, at the strongest place it names it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, report.Formats); err != nil {
				return err
			}
			f, err := ff.Filter(time.Now())
			if err != nil {
				return err
			}
			d, demand, err := m.demand(cmd.Context(), f)
			if err != nil {
				return err
			}
			defer d.Close()
			rows := report.Skills(demand, d.Taxonomy.Skills)
			if limit > 0 && len(rows) > limit {
				rows = rows[:limit]
			}
			return report.WriteSkills(m.Stdout, rows, demand.Total, format)
		},
	}
	ff.register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, json or csv")
	cmd.Flags().IntVar(&limit, "limit", 0, "print at most this many skills (0: all)")
	return cmd
}

func (m *Main) realityCommand() *cobra.Command {
	var ff filterFlags
	var format string
	cmd := &cobra.Command{
		Use:   "reality",
		Short: "Print the listed-vs-reality table for the article's skills",
		Long: `For each skill the career article lists, print the share of postings that
list it next to the share that show the deeper requirement the article says
lies behind it (its market-reality signal), with the article's claim.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, report.Formats); err != nil {
				return err
			}
			f, err := ff.Filter(time.Now())
			if err != nil {
				return err
			}
			d, demand, err := m.demand(cmd.Context(), f)
			if err != nil {
				return err
			}
			defer d.Close()
			rows := report.Reality(demand, d.Taxonomy.ArticleSkills(), d.Taxonomy.Signals)
			return report.WriteReality(m.Stdout, rows, demand.Total, format)
		},
	}
	ff.register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, json or csv")
	return cmd
}

// demand opens the data read-only and counts demand under f. The caller
// closes the returned Data.
func (m *Main) demand(ctx context.Context, f skilldemand.Filter) (*Data, *skilldemand.Demand, error) {
	cfg, err := m.queryConfig()
	if err != nil {
		return nil, nil, err
	}
	d, err := m.openData(ctx, cfg, true)
	if err != nil {
		return nil, nil, err
	}
	demand, err := d.Index.Demand(ctx, f)
	if err != nil {
		d.Close()
		return nil, nil, fmt.Errorf("count demand: %w", err)
	}
	return d, demand, nil
}

// queryConfig loads the config only when one was named, for its taxonomy
// overrides; queries need nothing else from it.
func (m *Main) queryConfig() (*Config, error) {
	if m.configPath == "" {
		return nil, nil
	}
	cfg, err := LoadConfig(m.configPath)
	if err != nil {
		return nil, err
	}
	return &cfg, nil
}

func (m *Main) searchCommand() *cobra.Command {
	var ff filterFlags
	var format, skill string
	var limit int
	cmd := &cobra.Command{
		Use:   "search [QUERY]",
		Short: "List postings matching a query, a skill and filters",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, []string{"table", "json"}); err != nil {
				return err
			}
			if len(args) == 1 {
				ff.query = args[0]
			}
			f, err := ff.Filter(time.Now())
			if err != nil {
				return err
			}
			f.Skill = skill
			cfg, err := m.queryConfig()
			if err != nil {
				return err
			}
			d, err := m.openData(cmd.Context(), cfg, true)
			if err != nil {
				return err
			}
			defer d.Close()
			if skill != "" {
				if _, ok := d.Taxonomy.Skill(skill); !ok {
					return usageErrorf("--skill %q: no such skill id: see `skilldemand skills` for ids", skill)
				}
			}
			res, err := d.Index.Search(cmd.Context(), f, 0, limit)
			if err != nil {
				return fmt.Errorf("search: %w", err)
			}
			return m.printSearch(d, res, skill, format)
		},
	}
	ff.register(cmd.Flags())
	cmd.Flags().StringVar(&skill, "skill", "", "only postings that list this skill id, with the text behind it")
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	cmd.Flags().IntVar(&limit, "limit", 20, "print at most this many postings")
	return cmd
}

func (m *Main) reportCommand() *cobra.Command {
	var ff filterFlags
	var format, out string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write a demand report (Markdown, JSON or CSV)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, []string{"md", "json", "csv"}); err != nil {
				return err
			}
			f, err := ff.Filter(time.Now())
			if err != nil {
				return err
			}
			d, demand, err := m.demand(cmd.Context(), f)
			if err != nil {
				return err
			}
			defer d.Close()
			return m.writeReport(d, demand, f, format, out)
		},
	}
	ff.register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "md", "report format: md, json or csv")
	cmd.Flags().StringVar(&out, "out", "", "write to this file (default: standard output)")
	return cmd
}

func (m *Main) writeReport(d *Data, demand *skilldemand.Demand, f skilldemand.Filter, format, out string) error {
	w := m.Stdout
	var file *os.File
	if out != "" {
		var err error
		if file, err = os.Create(out); err != nil {
			return usageErrorf("cannot write report %s: %v", out, unwrapPathError(err))
		}
		w = file
	}
	skills := report.Skills(demand, d.Taxonomy.Skills)
	reality := report.Reality(demand, d.Taxonomy.ArticleSkills(), d.Taxonomy.Signals)
	var err error
	switch format {
	case "md":
		var r *report.Report
		if r, err = d.reportData(demand, f, skills, reality); err == nil {
			err = report.WriteMarkdown(w, r)
		}
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(map[string]any{"total": demand.Total, "filter": describeFilter(f), "skills": skills, "reality": reality})
	case "csv":
		err = report.WriteSkills(w, skills, demand.Total, "csv")
	}
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func (d *Data) reportData(demand *skilldemand.Demand, f skilldemand.Filter, skills []report.SkillRow, reality []report.RealityRow) (*report.Report, error) {
	runs, err := d.DB.Runs(5)
	if err != nil {
		return nil, fmt.Errorf("read runs: %w", err)
	}
	var sources []string
	seen := map[string]bool{}
	for _, r := range runs {
		for _, s := range r.Sources {
			if !seen[s.Source] {
				seen[s.Source] = true
				sources = append(sources, s.Source)
			}
		}
	}
	slices.Sort(sources)
	return &report.Report{
		Title:     "Technical Program Manager skill demand",
		Generated: time.Now().UTC(),
		Total:     demand.Total,
		Filter:    describeFilter(f),
		Skills:    skills,
		Reality:   reality,
		Runs:      runs,
		Sources:   sources,
		Notes: []string{
			"Skills are tagged by " + extractVersion(d.Taxonomy) + "; run `skilldemand eval --gold FILE` to measure its accuracy on labelled postings.",
		},
	}, nil
}

func (m *Main) reindexCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the store",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := m.queryConfig()
			if err != nil {
				return err
			}
			d, err := m.openData(cmd.Context(), cfg, false)
			if err != nil {
				return err
			}
			defer d.Close()
			start := time.Now()
			if err := d.Index.Close(); err != nil {
				return fmt.Errorf("close index: %w", err)
			}
			d.Index = nil
			if err := os.RemoveAll(filepath.Join(d.Dir, indexDir)); err != nil {
				return fmt.Errorf("remove index: %w", err)
			}
			p := newProgress(m.Stderr, "indexing", 0)
			err = d.openIndex(cmd.Context(), false, p)
			p.Done()
			if err != nil {
				return err
			}
			n, err := d.Index.Count()
			if err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "reindexed %d postings in %s\n", n, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
}
