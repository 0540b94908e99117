package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/skilldemand/skilldemand"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the work failed (a crawl with failed sources, an I/O error)
	exitUsage = 2 // bad input: flags, config, files, a locked or unreadable data dir
)

// usageError is bad input from the user; it exits with code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// Main holds what every subcommand shares.
type Main struct {
	Stdout io.Writer
	Stderr io.Writer
	Logger *slog.Logger

	// Persistent flags.
	dataDir    string
	configPath string
	logLevel   string

	// started is set once a subcommand's own code runs; errors before that
	// come from flag and argument parsing.
	started bool
}

// NewMain returns a Main writing to the given streams.
func NewMain(stdout, stderr io.Writer) *Main {
	return &Main{Stdout: stdout, Stderr: stderr}
}

// Run executes the command line and returns the process exit code. Errors
// are printed to stderr as one line.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	m := NewMain(stdout, stderr)
	root := m.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "skilldemand: %s\n", oneLine(errorText(err)))
	return m.exitCode(err)
}

func (m *Main) exitCode(err error) int {
	var ue *usageError
	switch {
	case !m.started, errors.As(err, &ue), errors.Is(err, skilldemand.ErrLocked):
		return exitUsage
	case skilldemand.ErrorCode(err) == skilldemand.EINVALID, skilldemand.ErrorCode(err) == skilldemand.ECONFLICT:
		return exitUsage
	}
	return exitError
}

func errorText(err error) string {
	var e *skilldemand.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func (m *Main) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "skilldemand",
		Short: "Crawl job listings for a role and report which skills the market asks for",
		Long: `skilldemand crawls public job boards for a role (Technical Program Manager by
default), tags the skills each listing names and how strongly (required,
preferred, duty), stores them in bbolt and a bleve index, and reports skill
demand and how what ads list compares with what the role really requires.

Start with "skilldemand demo" for a full run on bundled fixture boards.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			m.started = true
			return m.setupLogging()
		},
	}
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageErrorf("%v (see %s --help)", err, cmd.CommandPath())
	})
	pf := root.PersistentFlags()
	pf.StringVar(&m.dataDir, "data", envOr("SKILLDEMAND_DATA", "data"), "data directory (bbolt store and bleve index); env SKILLDEMAND_DATA")
	pf.StringVar(&m.configPath, "config", os.Getenv("SKILLDEMAND_CONFIG"), "sources config (default: ./"+DefaultConfigPath+" if present, else the embedded one); env SKILLDEMAND_CONFIG")
	pf.StringVar(&m.logLevel, "log-level", "warn", "log level: debug, info, warn, error")

	root.AddCommand(
		m.demoCommand(),
		m.crawlCommand(),
		m.importCommand(),
		m.skillsCommand(),
		m.realityCommand(),
		m.searchCommand(),
		m.matchCommand(),
		m.reportCommand(),
		m.lifecycleCommand(),
		m.reindexCommand(),
		m.evalCommand(),
		m.versionCommand(),
		m.serveCommand(),
		m.sourcesCommand(),
	)
	m.answerRemotely(root)
	return root
}

func (m *Main) setupLogging() error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(m.logLevel)); err != nil {
		return usageErrorf("--log-level %q: use debug, info, warn or error", m.logLevel)
	}
	m.Logger = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(m.Logger)
	return nil
}

func (m *Main) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(m.Stdout, "skilldemand %s\n", Version)
			return nil
		},
	}
}

// isTerminal reports whether w is a terminal (progress is shown only then).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// scrubCollyEnv removes COLLY_* variables so they cannot change the
// crawler's politeness settings behind the config's back.
func scrubCollyEnv() {
	for _, kv := range os.Environ() {
		if k, _, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, "COLLY_") {
			os.Unsetenv(k)
		}
	}
}
