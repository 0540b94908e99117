package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/skilldemand/skilldemand/report"
)

func (m *Main) lifecycleCommand() *cobra.Command {
	var ff filterFlags
	var format, period string
	cmd := &cobra.Command{
		Use:   "lifecycle",
		Short: "Print how postings come and go: new, active and closed per week or month, median days open",
		Long: `Print, per week or month, how many postings were first seen (new), open at
any time (active) and closed, and the median days a posting stays open:
closed postings from first seen to closed, open ones from first seen to now,
reported apart. Closed postings are always included; the other filters
apply (--since and --from/--to select by first seen).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, report.Formats); err != nil {
				return err
			}
			if period != report.PeriodWeek && period != report.PeriodMonth {
				return usageErrorf("--period %q: use week or month", period)
			}
			now := time.Now()
			f, err := ff.Filter(now)
			if err != nil {
				return err
			}
			d, err := m.openQueryData(cmd.Context())
			if err != nil {
				return err
			}
			defer d.Close()
			l, err := QueryLifecycle(cmd.Context(), d, f, period, now)
			if err != nil {
				return err
			}
			return report.WriteLifecycle(m.Stdout, l, format)
		},
	}
	ff.register(cmd.Flags())
	cmd.Flags().MarkHidden("all") // closed postings are always counted
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, json or csv")
	cmd.Flags().StringVar(&period, "period", "month", "period to count by: week or month")
	return cmd
}
