#!/usr/bin/env bash
# Crawl benchmarks on loopback fixtures: the pipeline's pages/s against a
# bare colly collector on the same URLs (goal: ratio >= 0.25), and, with a
# per-host delay, wall time over the politeness bound (goal <= 1.10) and
# the duplicate-fetch rate (goal <= 0.001). The throughput ratios are
# printed for two fixtures: every posting a TPM role (the worst case, as
# each is extracted, stored and indexed) and one posting in 20 (boards hold
# far fewer: 41 of the 18,939 postings of ../shared/bench have TPM titles).
#   scripts/bench-crawl.sh [count]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-3}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
go test -run '^$' -bench 'BenchmarkBareColly|BenchmarkCrawler$' -benchtime "${count}x" ./crawler | tee -a "$out"
go test -run '^$' -bench 'BenchmarkCrawlPipeline|BenchmarkCrawlBoards|BenchmarkCrawlPoliteness' -benchtime "${count}x" ./cmd/skilldemand | tee -a "$out"
awk '
	/^Benchmark/ { name = $1; sub(/-[0-9]+$/, "", name)
		for (i = 2; i < NF; i++) v[name, $(i+1)] = $i }
	END {
		n = split("tpm=all tpm=1in20", mixes, " ")
		for (m = 1; m <= n; m++) {
			mix = mixes[m]
			bare = v["BenchmarkBareColly/" mix, "pages/s"]
			if (bare <= 0) continue
			printf "\n%s (%s)\n", mix, mix == "tpm=all" ? "every posting a TPM role: each is extracted, stored and indexed; the worst case" : "one posting in 20 a TPM role, still more than real boards hold"
			printf "  crawler alone / bare colly:         %.3f\n", v["BenchmarkCrawler/" mix, "pages/s"] / bare
			printf "  pipeline (no state) / bare colly:   %.3f\n", v["BenchmarkCrawlPipelineNoState/" mix, "pages/s"] / bare
			printf "  pipeline / bare colly:              %.3f   (goal >= 0.25)\n", v["BenchmarkCrawlPipeline/" mix, "pages/s"] / bare
		}
		bare = v["BenchmarkBareColly/tpm=1in20", "pages/s"]
		if (bare > 0 && v["BenchmarkCrawlBoards", "pages/s"] > 0) {
			printf "\ntpm=1in20 as a crawl runs it (no detail request for postings listed under other titles)\n"
			printf "  fixture covered per second / bare colly: %.3f   (%d requests per crawl instead of %d)\n",
				v["BenchmarkCrawlBoards", "pages/s"] / bare, v["BenchmarkCrawlBoards", "requests/op"], v["BenchmarkCrawlBoards", "fixture-pages"]
		}
		printf "\nwall / politeness bound:              %.3f   (goal <= 1.10)\n", v["BenchmarkCrawlPoliteness", "wall/bound"]
		printf "duplicate-fetch rate:                 %.4f  (goal <= 0.001)\n", v["BenchmarkCrawlPoliteness", "dup-rate"]
		printf "shortest gap / delay:                 %.3f   (must be >= 1)\n", v["BenchmarkCrawlPoliteness", "mingap/delay"]
	}' "$out"
