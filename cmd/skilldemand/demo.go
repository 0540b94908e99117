package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/internal/fixture"
	"github.com/skilldemand/skilldemand/report"
)

func (m *Main) demoCommand() *cobra.Command {
	var out, format string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Crawl bundled fixture boards on loopback, index them and report",
		Long: `Start loopback servers that serve the bundled fixture boards in the exact
Greenhouse, Lever and Ashby API formats, crawl them, keep the TPM roles,
extract skills, store and index them, print the skill-frequency and
listed-vs-reality tables, and write a Markdown report.

No network is needed. The data goes to --data when it is given, else to a
new temporary directory that is kept so you can query it afterwards.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, report.Formats); err != nil {
				return err
			}
			if !cmd.Flags().Changed("data") {
				dir, err := os.MkdirTemp("", "skilldemand-demo-")
				if err != nil {
					return fmt.Errorf("make demo data dir: %w", err)
				}
				m.dataDir = dir
			}
			srv, err := fixture.Start()
			if err != nil {
				return fmt.Errorf("start fixture boards: %w", err)
			}
			defer srv.Close()

			cfg := DefaultConfig()
			cfg.Sources = fixture.Sources(srv.URL)
			cfg.Politeness.UserAgent = "skilldemand-demo/" + Version + " (+https://github.com/skilldemand/skilldemand)"
			// All fixture boards share one loopback host; keep the delay
			// small so the demo is quick while still going through the limiter.
			cfg.Politeness.PerHostDelay = 10 * time.Millisecond
			cfg.Politeness.Timeout = 10 * time.Second

			d, err := m.openData(cmd.Context(), &cfg, false)
			if err != nil {
				return err
			}
			defer d.Close()
			fmt.Fprintf(m.Stderr, "fixture boards on %s; data in %s\n", srv.URL, d.Dir)
			run, err := m.crawl(cmd.Context(), d, &cfg)
			if run != nil {
				m.printRun(run)
			}
			if err != nil {
				return err
			}
			demand, err := d.Index.Demand(cmd.Context(), skilldemand.Filter{})
			if err != nil {
				return fmt.Errorf("count demand: %w", err)
			}
			w := m.Stdout
			fmt.Fprintf(w, "\nSkill demand across %d open TPM postings\n\n", demand.Total)
			if err := report.WriteSkills(w, report.Skills(demand, d.Taxonomy.Skills), demand.Total, format); err != nil {
				return err
			}
			fmt.Fprintf(w, "\nWhat ads list vs what the role really requires\n\n")
			reality := report.Reality(demand, d.Taxonomy.ArticleSkills(), d.Taxonomy.Signals)
			if err := report.WriteReality(w, reality, demand.Total, format); err != nil {
				return err
			}
			if out == "" {
				out = filepath.Join(d.Dir, "report.md")
			}
			if err := m.writeReport(d, demand, skilldemand.Filter{}, "md", out); err != nil {
				return err
			}
			fmt.Fprintf(w, "\nReport written to %s\n", out)
			fmt.Fprintf(w, "Query it further: %s skills --data %s  (also reality, search, report)\n", selfName(), d.Dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the Markdown report here (default: DATA/report.md)")
	cmd.Flags().StringVar(&format, "format", "table", "table format: table, json or csv")
	return cmd
}

// selfName is how the user ran this binary: "go run ./cmd/skilldemand"
// when it was built into a temporary directory by go run, else its name.
func selfName() string {
	exe, err := os.Executable()
	if err == nil && strings.Contains(exe, string(filepath.Separator)+"go-build") {
		return "go run ./cmd/skilldemand"
	}
	return "skilldemand"
}
