#!/usr/bin/env bash
# bench-extract.sh: the extractor's speed beside ripgrep and a bare HTML
# tokenizer, measured in the same run.
#
#   scripts/bench-extract.sh            # all postings of the sample
#   BENCH_N=2000 scripts/bench-extract.sh
#   COUNT=5 scripts/bench-extract.sh    # repetitions; the best of each is kept
#
# It needs the shared sample ../shared/bench/postings.jsonl.gz beside the
# repository. ripgrep is installed from Debian with apt-get when missing.
# Matching is compared with `rg -F -i -w -o -f patterns` (its -o matches
# counted with --count-matches) over the same
# descriptions and the matcher's fixed phrases (phrases with a "*" word are
# left out for rg). Goals: matching >= 2x rg and >= 100 MB/s on one core;
# HTML to text >= 0.5x the tokenizer loop.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sample="$root/../shared/bench/postings.jsonl.gz"
if [[ ! -f $sample ]]; then
	echo "bench-extract: sample $sample not found; put the shared bench directory beside the repository" >&2
	exit 1
fi
export BENCH_N=${BENCH_N:-20000}
count=${COUNT:-3}

if ! command -v rg >/dev/null 2>&1; then
	echo "bench-extract: installing ripgrep with apt-get" >&2
	if ! { apt-get install -y ripgrep >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y ripgrep >/dev/null 2>&1; }; }; then
		echo "bench-extract: could not install ripgrep (run as root or install it yourself: apt-get install ripgrep)" >&2
		exit 1
	fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
BENCH_DIR=$tmp go test ./extract -run '^TestWriteBenchInputs$' -count=1 -v | grep '^bench inputs' || {
	echo "bench-extract: writing the inputs failed" >&2
	exit 1
}
bytes=$(stat -c %s "$tmp/descriptions.txt")

# best wall time of $count rg runs, one thread like the Go benchmark;
# --count-matches into a file makes rg find every match (with stdout on
# /dev/null it would stop at the first)
time_rg() { # best nanoseconds of $count runs of rg with the given flags
	local best="" s e t
	for _ in $(seq "$count"); do
		s=$(date +%s%N)
		rg -j1 "$@" --count-matches -f "$tmp/patterns.txt" "$tmp/descriptions.txt" >"$tmp/rg.out" || true
		e=$(date +%s%N)
		t=$((e - s))
		if [[ -z $best ]] || ((t < best)); then best=$t; fi
	done
	echo "$best"
}
mbs() { awk -v b="$bytes" -v ns="$1" 'BEGIN { printf "%.1f", b / (ns / 1e9) / 1e6 }'; }
rg_mbs=$(mbs "$(time_rg -F -i -w)")
matches=$(cat "$tmp/rg.out")
# without -w rg keeps its literal (Teddy/Aho-Corasick) search: a stricter
# reference, though it also matches inside words
rg_now_mbs=$(mbs "$(time_rg -F -i)")
matches_now=$(cat "$tmp/rg.out")

# -cpu 1: one core, the per-core figure
go test ./extract -run '^$' -bench '^Benchmark(Match|Tokenize|Extract|HTMLToText|HTMLTokenizer)$' \
	-benchtime 3x -count "$count" -cpu 1 | tee "$tmp/bench.txt" >&2

best() { # best MB/s of a benchmark
	awk -v name="$1" '$1 == name { for (i = 1; i <= NF; i++) if ($(i+1) == "MB/s" && $i > m) m = $i } END { print m + 0 }' "$tmp/bench.txt"
}
match=$(best BenchmarkMatch)
tok=$(best BenchmarkTokenize)
ext=$(best BenchmarkExtract)
h2t=$(best BenchmarkHTMLToText)
htok=$(best BenchmarkHTMLTokenizer)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
printf '\n%-46s %8s\n' "one core, best of $count" "MB/s"
printf '%-46s %8.1f\n' "rg -F -i -w ($(wc -l <"$tmp/patterns.txt") phrases, $matches hits)" "$rg_mbs"
printf '%-46s %8.1f\n' "rg -F -i, no -w ($matches_now hits)" "$rg_now_mbs"
printf '%-46s %8.1f   %sx rg, %sx rg without -w (goal >= 2x, >= 100 MB/s)\n' "extractor: tokenise + match every phrase" "$match" "$(ratio "$match" "$rg_mbs")" "$(ratio "$match" "$rg_now_mbs")"
printf '%-46s %8.1f\n' "extractor: tokenise only" "$tok"
printf '%-46s %8.1f   %sx rg\n' "extractor: full Extract (sections, strength...)" "$ext" "$(ratio "$ext" "$rg_mbs")"
printf '%-46s %8.1f\n' "x/net/html tokenizer loop" "$htok"
printf '%-46s %8.1f   %sx tokenizer (goal >= 0.5x)\n' "HTMLToText" "$h2t" "$(ratio "$h2t" "$htok")"
