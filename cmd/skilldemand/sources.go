package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/crawler"
	"github.com/skilldemand/skilldemand/extract"
)

// crawlSources returns the configured sources with file paths resolved
// against the config file's directory.
func (c *Config) crawlSources() []skilldemand.Source {
	out := make([]skilldemand.Source, len(c.Sources))
	for i, s := range c.Sources {
		if s.Path != "" {
			s.Path = c.resolve(s.Path)
		}
		out[i] = s
	}
	return out
}

// newCrawler returns a crawler set up from the config's politeness.
func (c *Config) newCrawler(d *Data) *crawler.Crawler {
	cr := crawler.New()
	cr.Sources = c.crawlSources()
	cr.UserAgent = c.Politeness.UserAgent
	cr.Delay = c.Politeness.PerHostDelay
	cr.Parallelism = c.Politeness.Parallelism
	cr.Timeout = c.Politeness.Timeout
	cr.MaxRetries = c.Politeness.MaxRetries
	cr.MaxBodySize = int(c.Politeness.MaxBodySize)
	if d != nil {
		cr.Logger = d.Logger.With("system", "crawler")
	}
	return cr
}

// SourceCheck is what `sources check` found for one source.
type SourceCheck struct {
	Source   string        `json:"source"`
	OK       bool          `json:"ok"`
	Listed   int           `json:"listed"` // postings the source lists
	Role     int           `json:"role"`   // of those, titles the role matches
	Retries  int           `json:"retries"`
	Skipped  int           `json:"skipped_robots"`
	Errors   int           `json:"errors"` // malformed entries skipped
	Err      string        `json:"error,omitempty"`
	Duration time.Duration `json:"duration_ns"`
}

// checkSources crawls every source without storing anything and counts
// what each lists and how many of those the role matches.
func checkSources(ctx context.Context, cfg *Config, role *extract.Role, progress *progress) ([]SourceCheck, error) {
	c := cfg.newCrawler(nil)
	if role != nil {
		c.Keep = role.Match
	}
	var mu sync.Mutex
	roleCount := map[string]int{}
	c.Sink = func(_ context.Context, p *skilldemand.Posting) error {
		if role == nil || role.Match(p.Title) {
			mu.Lock()
			roleCount[p.SourceKey()]++
			mu.Unlock()
		}
		return nil
	}
	c.Progress = progress.Source
	runs, err := c.Run(ctx)
	out := make([]SourceCheck, len(runs))
	for i, r := range runs {
		// A posting skipped by its listed title was listed, not fetched.
		out[i] = SourceCheck{Source: r.Source, OK: r.OK(), Listed: r.Fetched + r.SkippedRole, Role: roleCount[r.Source], Retries: r.Retries,
			Skipped: r.SkippedRobots, Errors: r.Errors, Err: r.Err, Duration: r.Duration}
	}
	return out, err
}

func (m *Main) sourcesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "Inspect the configured sources",
		Args:  cobra.NoArgs,
	}
	var format string
	check := &cobra.Command{
		Use:   "check",
		Short: "Tell for each source whether it answers and how many role postings it lists",
		Long: `Crawl every configured source once, politely, without storing anything (no
data directory is needed), and print for each whether it answered, how many
postings it lists and how many of those match the role. Exits 1 when a
source failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return usageErrorf("--format %q: use table or json", format)
			}
			cfg, err := LoadConfig(m.configPath)
			if err != nil {
				return err
			}
			if len(cfg.Sources) == 0 {
				return usageErrorf("config has no sources: list boards under \"sources:\"")
			}
			role, err := loadRole(&cfg)
			if err != nil {
				return err
			}
			checks, err := checkSources(cmd.Context(), &cfg, role, newProgress(m.Stderr, "checking", len(cfg.Sources)))
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(m.Stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(checks); err != nil {
					return err
				}
			} else {
				tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "SOURCE\tSTATUS\tLISTED\t"+cfg.Role+"\tRETRIES\tROBOTS\tTIME\tPROBLEM")
				for _, c := range checks {
					status := "ok"
					if !c.OK {
						status = "FAILED"
					}
					fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", c.Source, status, c.Listed, c.Role, c.Retries, c.Skipped, c.Duration.Round(time.Millisecond), oneLine(c.Err))
				}
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			failed := 0
			for _, c := range checks {
				if !c.OK {
					failed++
				}
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d sources failed", failed, len(checks))
			}
			return nil
		},
	}
	check.Flags().StringVar(&format, "format", "table", "output format: table or json")
	cmd.AddCommand(check)
	return cmd
}
