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
# HTML to text >= 0.5x the tokenizer loop. Both wall-clock MB/s and MB per
# CPU second are printed; the ratios use CPU seconds, which stay put when
# other work shares the machine.
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

# rg runs on one thread like the Go benchmarks; --count-matches into a
# file makes it find every match (with stdout on /dev/null it would stop
# at the first)
time_rg() { # best wall and best CPU (user+system) nanoseconds of $count rg runs: "wall cpu"
	local bw="" bc="" s e t c TIMEFORMAT='%3U %3S'
	for _ in $(seq "$count"); do
		s=$(date +%s%N)
		c=$({ time rg -j1 "$@" --count-matches -f "$tmp/patterns.txt" "$tmp/descriptions.txt" >"$tmp/rg.out" 2>/dev/null; } 2>&1 | awk '{ printf "%.0f", ($1 + $2) * 1e9 }')
		e=$(date +%s%N)
		t=$((e - s))
		if [[ -z $bw ]] || ((t < bw)); then bw=$t; fi
		if [[ -z $bc ]] || ((c < bc)); then bc=$c; fi
	done
	echo "$bw $bc"
}
mbs() { awk -v b="$bytes" -v ns="$1" 'BEGIN { printf "%.1f", b / (ns / 1e9) / 1e6 }'; }
read -r w c <<<"$(time_rg -F -i -w)"
rg_mbs=$(mbs "$w") rg_cpu=$(mbs "$c")
matches=$(cat "$tmp/rg.out")
# without -w rg keeps its literal (Teddy/Aho-Corasick) search: a stricter
# reference, though it also matches inside words
read -r w c <<<"$(time_rg -F -i)"
rg_now_mbs=$(mbs "$w") rg_now_cpu=$(mbs "$c")
matches_now=$(cat "$tmp/rg.out")

# -cpu 1: one core, the per-core figure
go test ./extract -run '^$' -bench '^Benchmark(Match|Tokenize|Extract|HTMLToText|HTMLTokenizer)$' \
	-benchtime 3x -count "$count" -cpu 1 | tee "$tmp/bench.txt" >&2

best() { # best figure of a benchmark for a unit (MB/s wall, cpuMB/s per CPU second)
	awk -v name="$1" -v unit="$2" '$1 == name { for (i = 1; i < NF; i++) if ($(i+1) == unit && $i > m) m = $i } END { print m + 0 }' "$tmp/bench.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
row() { # label benchmark
	printf '%-44s %8.1f %8.1f' "$1" "$(best "$2" MB/s)" "$(best "$2" cpuMB/s)"
}
m=$(best BenchmarkMatch cpuMB/s)
e=$(best BenchmarkExtract cpuMB/s)
h=$(best BenchmarkHTMLToText cpuMB/s)
ht=$(best BenchmarkHTMLTokenizer cpuMB/s)

echo
echo "one core, best of $count; wall-clock MB/s, and MB per CPU second (steady when the machine is shared)"
printf '%-44s %8s %8s\n' "" "wall" "cpu"
printf '%-44s %8.1f %8.1f\n' "rg -F -i -w ($(wc -l <"$tmp/patterns.txt") phrases, $matches hits)" "$rg_mbs" "$rg_cpu"
printf '%-44s %8.1f %8.1f\n' "rg -F -i, no -w ($matches_now hits)" "$rg_now_mbs" "$rg_now_cpu"
row "extractor: tokenise + match every phrase" BenchmarkMatch
printf '   %sx rg, %sx rg without -w (goal >= 2x rg, >= 100 MB/s)\n' "$(ratio "$m" "$rg_cpu")" "$(ratio "$m" "$rg_now_cpu")"
row "extractor: tokenise only" BenchmarkTokenize
echo
row "extractor: full Extract (sections, strength)" BenchmarkExtract
printf '   %sx rg\n' "$(ratio "$e" "$rg_cpu")"
row "x/net/html tokenizer loop" BenchmarkHTMLTokenizer
echo
row "HTMLToText" BenchmarkHTMLToText
printf '   %sx tokenizer (goal >= 0.5x)\n' "$(ratio "$h" "$ht")"
