#!/bin/sh
# bench-index.sh [N] [extra benchindex flags...]
#
# Compares the bleve index with SQLite FTS5 on N postings (default 100000)
# replicated from ../shared/bench/postings.jsonl.gz, and prints build
# docs/s, size, demand-query p50/p99, peak memory and reindex time as
# ratios against the goals. Each phase runs in its own process.
#
# Time: about 10 s at N=2000; at N=100000 on 2 cores expect several
# minutes (bleve build and reindex dominate). Needs a few GB of free disk
# in $TMPDIR. Skips (exit 0) when the dataset is absent.
set -eu
cd "$(dirname "$0")/.."
n=${1:-100000}
[ $# -gt 0 ] && shift
bin=$(mktemp -d "${TMPDIR:-/tmp}/bench-index.XXXXXX")
trap 'rm -rf "$bin"' EXIT INT TERM
go build -o "$bin/benchindex" ./internal/benchcmp/benchindex
start=$(date +%s)
"$bin/benchindex" -n "$n" "$@"
echo "bench-index: N=$n took $(( $(date +%s) - start ))s"
