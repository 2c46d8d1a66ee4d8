#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/batch.sh: the batch CLI's numbers (docs/BATCH.md, bench/RESULTS.md).
#   1. --jobs scaling: bin/newsextract --jobs 1 and --jobs 2 over the
#      readability-test-pages and wcxb-dev pages of $NX_CORPUS, the list
#      BATCH_REPEAT times over (default 2: about 30 s of work for --jobs 1
#      on this machine idle, the issue's "at least 20 s"), BATCH_RUNS runs
#      each (default 3), median reported; records/s, MB/s, the ratio, and
#      the coordinator's share of the CPU (from the summary line: what the
#      pool's parent costs, a figure the machine's load does not move).
#      Then NX_LUA=<the other Lua> --jobs 1, one run.
#   2. memory on a stream: peak RSS (GNU time's max RSS of the largest
#      process) for 1,000 and for 10,000 JSON Lines records on stdin, with
#      --jobs 1 and --jobs 2; flat means the ratio stays near 1.0.
# NX_LUA picks the interpreter as for the CLI.  Prints the load average:
# the 2-core machine is shared, quote the numbers with it.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${NX_CORPUS:-$root/../shared/corpus}
runs=${BATCH_RUNS:-3}
repeat=${BATCH_REPEAT:-2}
lua=${NX_BENCH_LUA:-lua5.4}
cli="$root/bin/newsextract"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -f "$corpus/README.md" ] || { echo "bench/batch.sh: corpus not found at $corpus (set NX_CORPUS)" >&2; exit 1; }
{ find "$corpus/readability-test-pages" -name source.html; find "$corpus/wcxb-dev/html" -type f; } \
    | LC_ALL=C sort > "$tmp/pages"
: > "$tmp/list"
i=0
while [ $i -lt "$repeat" ]; do i=$((i + 1)); cat "$tmp/pages" >> "$tmp/list"; done
npages=$(wc -l < "$tmp/list")
echo "batch bench: $npages records ($(wc -l < "$tmp/pages") pages x $repeat), $runs runs each, $("$cli" --version), load average: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'; }

for j in 1 2; do
    : > "$tmp/t$j"
    i=0
    while [ $i -lt "$runs" ]; do
        i=$((i + 1))
        s=$(date +%s.%N)
        "$cli" --exit-zero --jobs $j --files-from "$tmp/list" > "$tmp/out$j" 2> "$tmp/err"
        e=$(date +%s.%N)
        echo "$e - $s" | bc >> "$tmp/t$j"
        tail -1 "$tmp/err" >> "$tmp/sum$j"
    done
done
cmp -s "$tmp/out1" "$tmp/out2" || { echo "bench/batch.sh: --jobs 2 output differs from --jobs 1" >&2; exit 1; }
bytes=$(tr '\n' '\0' < "$tmp/list" | xargs -0 cat | wc -c)
t1=$(median < "$tmp/t1")
t2=$(median < "$tmp/t2")
awk -v t1="$t1" -v t2="$t2" -v n="$npages" -v b="$bytes" -v r1="$(tr '\n' ' ' < "$tmp/t1")" -v r2="$(tr '\n' ' ' < "$tmp/t2")" 'BEGIN {
    printf "| --jobs | median time | records/s | MB/s (input as stored) | runs |\n|---|---:|---:|---:|---|\n"
    printf "| 1 | %.2f s | %.1f | %.2f | %s|\n", t1, n / t1, b / 1e6 / t1, r1
    printf "| 2 | %.2f s | %.1f | %.2f | %s|\n", t2, n / t2, b / 1e6 / t2, r2
    printf "\n--jobs 2 / --jobs 1 throughput: %.2fx (goal >= 1.8)\n\n", t1 / t2 }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# the summary lines' CPU: "CPU P s coordinator + W s workers (coordinator S%)"
awk '/coordinator/ { sub(/.*\(coordinator /, ""); sub(/%\).*/, ""); print }' "$tmp/sum2" | median > "$tmp/share"
awk '{ sub(/.*; CPU /, ""); sub(/ s.*/, ""); print }' "$tmp/sum1" | median > "$tmp/cpu1"
awk '/coordinator/ { sub(/.*; CPU /, ""); split($0, a, " "); print a[1] + a[5] }' "$tmp/sum2" | median > "$tmp/cpu2"
echo "CPU, median: --jobs 1 $(cat "$tmp/cpu1") s; --jobs 2 $(cat "$tmp/cpu2") s in all, the coordinator's share $(cat "$tmp/share")%"

# the other Lua, --jobs 1, one run (the default-interpreter decision)
other=luajit
case "$("$cli" --version)" in *LuaJIT*) other=lua5.4;; esac
s=$(date +%s.%N)
NX_LUA=$other "$cli" --quiet --exit-zero --jobs 1 --files-from "$tmp/list" > "$tmp/outo"
e=$(date +%s.%N)
awk -v t="$(echo "$e - $s" | bc)" -v t1="$t1" -v o="$other" 'BEGIN {
    printf "NX_LUA=%s --jobs 1: %.2f s, %.2fx the default Lua'"'"'s median\n\n", o, t, t1 / t }'

echo "| stream | --jobs | records | peak RSS |"
echo "|---|---:|---:|---:|"
for j in 1 2; do
    for n in 1000 10000; do
        "$lua" "$root/bench/gen_jsonl.lua" $n > "$tmp/s.jsonl"
        kb=$( { /usr/bin/time -f '%M' "$cli" --quiet --no-rules --jobs $j --input jsonl - \
                < "$tmp/s.jsonl" > "$tmp/sout"; } 2>&1 | tail -1)
        got=$(grep -c '"status":"ok"' "$tmp/sout" || true)
        [ "$got" -eq "$n" ] || { echo "bench/batch.sh: $got of $n records ok" >&2; exit 1; }
        echo "| JSON Lines on stdin | $j | $n | $kb kB |"
        echo "$j $n $kb" >> "$tmp/mem"
    done
done
awk '{ k[$1 " " $2] = $3 } END { printf "\npeak RSS 10,000 / 1,000 records: --jobs 1 %.2f, --jobs 2 %.2f (flat: near 1.0)\n", k["1 10000"] / k["1 1000"], k["2 10000"] / k["2 1000"] }' "$tmp/mem"
