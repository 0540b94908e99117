package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
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
		if s.SkippedRole > 0 {
			status += fmt.Sprintf(" (%d listed under other titles not fetched)", s.SkippedRole)
		}
		fmt.Fprintf(w, "  %-30s fetched %4d  kept %4d  new %4d  updated %4d  closed %4d  errors %d  %s\n",
			s.Source, s.Fetched, s.Kept, s.New, s.Updated, s.Closed, s.Errors, status)
	}
}

func (m *Main) skillsCommand() *cobra.Command {
	var ff filterFlags
	var format string
	var limit, co int
	var trend bool
	cmd := &cobra.Command{
		Use:   "skills",
		Short: "Print the skill-frequency table (or its trends with --trend)",
		Long: `Print, for each skill, how many postings list it, their share of all
postings, and how many list it as required, preferred or as a duty, with
the skills listed most often alongside it (--co).
Each posting counts once per skill, at the strongest place it names it,
and a job cross-posted on several boards or locations counts once.

With --trend, print how each skill's share moved across the daily
snapshots each crawl records: month over month and year over year (in
percentage points), the 3-month moving average and the rank change.

Drill down into any count with
  skilldemand search --skill ID [--strength required|preferred|responsibility|mentioned]`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, report.Formats); err != nil {
				return err
			}
			f, err := ff.Filter(time.Now())
			if err != nil {
				return err
			}
			if trend && describeFilter(f) != "" {
				return usageErrorf("--trend compares the daily snapshots of all open postings: drop the filters (%s)", describeFilter(f))
			}
			d, err := m.openQueryData(cmd.Context())
			if err != nil {
				return err
			}
			defer d.Close()
			if trend {
				t, err := QueryTrends(cmd.Context(), d)
				if err != nil {
					return err
				}
				rows := t.Rows
				if limit > 0 && len(rows) > limit {
					rows = rows[:limit]
				}
				if len(rows) == 0 && format == report.FormatTable {
					fmt.Fprintln(m.Stdout, "no snapshots yet: each crawl records one a day")
					return nil
				}
				return report.WriteTrends(m.Stdout, rows, format)
			}
			if !cmd.Flags().Changed("co") && format != report.FormatTable {
				co = 0 // keep JSON and CSV to the table's columns unless asked
			}
			a, err := QuerySkills(cmd.Context(), d, f, limit, co)
			if err != nil {
				return err
			}
			if format == report.FormatJSON {
				return writeJSONTo(m.Stdout, a.Skills)
			}
			rows := make([]report.SkillRow, len(a.Skills))
			for i, r := range a.Skills {
				rows[i] = r.SkillRow
			}
			if err := report.WriteSkills(m.Stdout, rows, a.Total, format); err != nil {
				return err
			}
			if format == report.FormatTable && co > 0 {
				m.printCoSkills(d, a.Skills)
			}
			return nil
		},
	}
	ff.register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, json or csv")
	cmd.Flags().IntVar(&limit, "limit", 0, "print at most this many skills (0: all)")
	cmd.Flags().IntVar(&co, "co", 3, "list this many skills most often listed with each skill (0: none; JSON only when set)")
	cmd.Flags().BoolVar(&trend, "trend", false, "print trends over the daily snapshots instead")
	return cmd
}

// printCoSkills lists, under the skill table, the skills most often listed
// with each skill.
func (m *Main) printCoSkills(d *Data, rows []SkillRow) {
	name := func(id string) string {
		if s, ok := d.Taxonomy.Skill(id); ok {
			return s.Name
		}
		return id
	}
	fmt.Fprintf(m.Stdout, "\nListed most often with (postings listing both):\n")
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		if len(r.CoSkills) == 0 {
			continue
		}
		parts := make([]string, len(r.CoSkills))
		for i, c := range r.CoSkills {
			parts[i] = fmt.Sprintf("%s (%d)", name(c.Term), c.Count)
		}
		fmt.Fprintf(tw, "  %s\t%s\n", r.Name, strings.Join(parts, ", "))
	}
	tw.Flush()
}

func writeJSONTo(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (m *Main) realityCommand() *cobra.Command {
	var ff filterFlags
	var format string
	var unnamed int
	cmd := &cobra.Command{
		Use:   "reality",
		Short: "Print the listed-vs-reality table for the article's skills",
		Long: `For each skill the career article lists, print the share of postings that
list it and require it next to the share that show the deeper requirement
the article says lies behind it (its market-reality signal), the article's
claim (JSON and CSV) and whether the data supports it. Then list the skills
postings name most that the article does not (--unnamed).

JSON is an object {total, filter, reality, unnamed}; CSV holds the reality
rows only.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, report.Formats); err != nil {
				return err
			}
			f, err := ff.Filter(time.Now())
			if err != nil {
				return err
			}
			d, err := m.openQueryData(cmd.Context())
			if err != nil {
				return err
			}
			defer d.Close()
			a, err := QueryReality(cmd.Context(), d, f, unnamed)
			if err != nil {
				return err
			}
			switch format {
			case report.FormatJSON:
				return writeJSONTo(m.Stdout, a)
			case report.FormatCSV:
				return report.WriteReality(m.Stdout, a.Reality, a.Total, format)
			}
			if err := report.WriteReality(m.Stdout, a.Reality, a.Total, format); err != nil {
				return err
			}
			if len(a.Unnamed) > 0 {
				fmt.Fprintf(m.Stdout, "\nListed most but not named by the article\n\n")
				return report.WriteSkills(m.Stdout, a.Unnamed, a.Total, format)
			}
			return nil
		},
	}
	ff.register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, json or csv")
	cmd.Flags().IntVar(&unnamed, "unnamed", 10, "list this many most-listed skills the article does not name")
	return cmd
}

// openQueryData opens the data read-only for a query command, with the
// taxonomy of the config when one was named. The caller closes it.
func (m *Main) openQueryData(ctx context.Context) (*Data, error) {
	cfg, err := m.queryConfig()
	if err != nil {
		return nil, err
	}
	return m.openData(ctx, cfg, true)
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
	var format, skill, strength string
	var limit int
	cmd := &cobra.Command{
		Use:   "search [QUERY]",
		Short: "List postings matching a query, a skill and filters",
		Long: `List postings matching a full-text query, a skill and filters, newest first
(best first with a query). With --skill each posting shows the text that
names the skill, highlighted; --strength keeps those counted under one
strength (the drill-down behind a cell of the skills table). A job
cross-posted on several boards or locations is listed once, with its other
URLs.`,
		Args: cobra.MaximumNArgs(1),
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
			if strength != "" {
				if skill == "" {
					return usageErrorf("--strength needs --skill: name the skill whose %s postings to list", strength)
				}
				if skilldemand.Strength(strength).Rank() == 0 {
					return usageErrorf("--strength %q: use required, preferred, responsibility or mentioned", strength)
				}
			}
			d, err := m.openQueryData(cmd.Context())
			if err != nil {
				return err
			}
			defer d.Close()
			if skill != "" {
				if _, ok := d.Taxonomy.Skill(skill); !ok {
					return usageErrorf("--skill %q: no such skill id: see `skilldemand skills` for ids", skill)
				}
			}
			res, err := QuerySearch(cmd.Context(), d, f, skilldemand.Strength(strength), 0, limit)
			if err != nil {
				return err
			}
			return m.printSearch(res, format)
		},
	}
	ff.register(cmd.Flags())
	cmd.Flags().StringVar(&skill, "skill", "", "only postings that list this skill id, with the text behind it")
	cmd.Flags().StringVar(&strength, "strength", "", "with --skill: only postings counted under this strength: required, preferred, responsibility or mentioned")
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	cmd.Flags().IntVar(&limit, "limit", 20, "print at most this many postings")
	return cmd
}

func (m *Main) reportCommand() *cobra.Command {
	var ff filterFlags
	var format, out string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write a demand report (HTML, Markdown, CSV or JSON)",
		Long: `Write a report on the postings the filters select: a summary, the skills
table, listed vs reality, trends over the daily snapshots, top companies,
salary by seniority, posting lifecycle and method notes (what was crawled
when, how skills are counted, the extractor's measured accuracy).

  html  one self-contained page with charts (no script, no external files)
  md    Markdown
  csv   the skills table, safe to open in a spreadsheet
  json  everything, for programs`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, reportFormats); err != nil {
				return err
			}
			f, err := ff.Filter(time.Now())
			if err != nil {
				return err
			}
			d, err := m.openQueryData(cmd.Context())
			if err != nil {
				return err
			}
			defer d.Close()
			r, err := BuildReport(cmd.Context(), d, f, time.Now())
			if err != nil {
				return err
			}
			if err := m.writeReportFile(r, format, out); err != nil {
				return err
			}
			if out != "" {
				fmt.Fprintf(m.Stderr, "report written to %s\n", out)
			}
			return nil
		},
	}
	ff.register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "md", "report format: html, md, csv or json")
	cmd.Flags().StringVar(&out, "out", "", "write to this file (default: standard output)")
	return cmd
}

// reportFormats are the formats the report command writes.
var reportFormats = []string{"html", "md", "csv", "json"}

// writeReport writes the Markdown-family report the demo writes.
func (m *Main) writeReport(d *Data, demand *skilldemand.Demand, f skilldemand.Filter, format, out string) error {
	r, err := BuildReport(context.Background(), d, f, time.Now())
	if err != nil {
		return err
	}
	return m.writeReportFile(r, format, out)
}

// WriteReport writes r in format (html, md, csv or json) to w.
func WriteReport(w io.Writer, r *ReportAnswer, format string) error {
	var err error
	switch format {
	case "html":
		err = report.WriteHTML(w, &r.HTMLReport)
	case "md":
		err = report.WriteMarkdown(w, &r.Report)
	case "json":
		err = writeJSONTo(w, r)
	case "csv":
		err = report.WriteSkills(w, r.Skills, r.Total, "csv")
	default:
		return usageErrorf("report format %q: use one of %s", format, strings.Join(reportFormats, ", "))
	}
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func (m *Main) writeReportFile(r *ReportAnswer, format, out string) error {
	if out == "" {
		return WriteReport(m.Stdout, r, format)
	}
	file, err := os.Create(out)
	if err != nil {
		return usageErrorf("cannot write report %s: %v", out, unwrapPathError(err))
	}
	err = WriteReport(file, r, format)
	if cerr := file.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write report: %w", cerr)
	}
	return err
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
			"A job cross-posted on several boards or locations counts once: postings with the same normalised company and title whose descriptions are at least 90% alike (MinHash of word shingles) form one group, and only one open member of each group is counted.",
			d.accuracyNote(),
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
