// Command skilldemand crawls public job listings for a role, tags the skills
// each listing names, stores and indexes them, and reports skill demand.
//
// Run `skilldemand --help` for the subcommands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// Version is the release version; set with -ldflags "-X main.Version=...".
var Version = "0.1.0"

func main() {
	// Colly reads COLLY_* environment variables into every collector it
	// creates; the crawler is configured from sources.yaml only.
	scrubCollyEnv()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
