#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/nginx/bench.sh: `make bench-nginx`.  One nginx worker runs the JSON
# filter on a ~200 KB Reuters page from the corpus while wrk loads it for
# 20 s over loopback (-t2 -c8); then plain newsextract.extract on the same
# page in one LuaJIT process.  Prints requests/s, latency percentiles, the
# worker's RSS after 1 s and at the end, its CPU time, and the ratio to the
# plain run, as a Markdown block for docs/NGINX.md.  Fails when a goal is
# missed: a non-2xx answer or socket error, a worker crash, RSS growth over
# 10 %, or throughput per worker under 70 % of plain extraction.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$NX_ROOT" || exit 1

CORPUS=${NX_CORPUS:-$NX_ROOT/../shared/corpus}
PAGE_NAME=2020-us-britain-assange-idUSKBN20D2A2
PAGE="$CORPUS/reuters/$PAGE_NAME.html"
PAGE_URL="https://www.reuters.com/article/us-britain-assange-idUSKBN20D2A2"
DURATION=${NX_BENCH_SECONDS:-20}
[ -f "$PAGE" ] || nx_die "benchmark page $PAGE missing (set NX_CORPUS to the shared corpus)"

nx_check_prereqs
nx_require wrk
trap 'nx_cleanup' EXIT
export NX_RULES=${NX_RULES:-$NX_ROOT/rules}
sed "s|@PAGE_URL@|$PAGE_URL|g" tests/nginx/bench.conf.in > "${TMPDIR:-/tmp}/nx-bench.conf.$$"
nx_start "${TMPDIR:-/tmp}/nx-bench.conf.$$" 1
rm -f "${TMPDIR:-/tmp}/nx-bench.conf.$$"
cp "$PAGE" "$NX_PREFIX/html/page.html"
URL="$NX_BASE/bench/page.html"

# One request first: it must be an extraction, not a pass-through.
code=$(curl -s -o "$NX_PREFIX/first.json" -w '%{http_code}' "$URL")
[ "$code" = 200 ] || nx_die "first request: status $code"
title=$(NX_FILE="$NX_PREFIX/first.json" luajit -e 'local c = require "cjson"
local f = assert(io.open(os.getenv("NX_FILE"), "rb"))
local a = c.decode(f:read("*a"))
print(a.title or ("ERROR " .. tostring(a.error)))')
case $title in ERROR*|"") nx_die "first request did not extract: $title" ;; esac
nx_note "filter works: \"$title\""

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TCK=$(getconf CLK_TCK)
worker=$NX_WORKER
cpu0=$(cpu_ticks "$worker")
nx_note "wrk -t2 -c8 -d${DURATION}s --latency $URL"
wrk -t2 -c8 -d"${DURATION}s" --latency "$URL" > "$NX_PREFIX/wrk.txt" 2>&1 &
wrk_pid=$!
sleep 1
rss1=$(nx_rss_kb "$worker")
wait "$wrk_pid" || nx_die "wrk failed: $(cat "$NX_PREFIX/wrk.txt")"
rss_end=$(nx_rss_kb "$worker")
cpu1=$(cpu_ticks "$worker")
cat "$NX_PREFIX/wrk.txt"
worker_now=$(nx_children "$NX_PID" | tr '\n' ' ')
problems=$(nx_log_problems)
nx_stop

nx_note "plain extraction, one LuaJIT process"
plain=$(NX_BUILD=$NX_BUILD luajit tests/nginx/plain.lua "$PAGE" "$PAGE_URL" "$NX_RULES" 10) ||
    nx_die "plain run failed"
echo "$plain"

W="$NX_PREFIX/wrk.txt"
rps=$(awk '/^Requests\/sec:/ {print $2}' "$W")
total=$(awk '/requests in/ {print $1}' "$W")
non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$W"); non2xx=${non2xx:-0}
sockerr=$(awk '/Socket errors:/ {s=0; for (i=3;i<=NF;i++) if ($i ~ /^[0-9]+,?$/) s+=$i; print s}' "$W"); sockerr=${sockerr:-0}
p() { awk -v q="$1" '$1 == q {print $2}' "$W"; }
pcpu=$(echo "$plain" | awk -F= '/^pages_per_cpu_s=/ {print $2}')
pwall=$(echo "$plain" | awk -F= '/^pages_per_s=/ {print $2}')
pjson=$(echo "$plain" | awk -F= '/^pages_per_s_json=/ {print $2}')
cpu_s=$(awk -v a="$cpu0" -v b="$cpu1" -v t="$TCK" 'BEGIN {printf "%.1f", (b - a) / t}')
rps_cpu=$(awk -v n="$total" -v c="$cpu_s" 'BEGIN {printf "%.1f", (c > 0) ? n / c : 0}')
ratio_wall=$(awk -v a="$rps" -v b="$pwall" 'BEGIN {printf "%.2f", a / b}')
ratio_cpu=$(awk -v a="$rps_cpu" -v b="$pcpu" 'BEGIN {printf "%.2f", a / b}')
growth=$(awk -v a="$rss1" -v b="$rss_end" 'BEGIN {printf "%.1f", (b - a) * 100 / a}')
size=$(wc -c < "$PAGE")


goal() {   # goal NAME OK(0/1) DETAIL
    if [ "$2" = 1 ]; then echo "| $1 | met | $3 |"; else echo "| $1 | **missed** | $3 |"; fi
}
report() {
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) shared cores ($(uname -m)), $("$NX_NGINX" -v 2>&1 | sed 's/.*: //'), $(luajit -v | cut -d' ' -f1-2)."
    echo "Page: corpus reuters/$PAGE_NAME.html ($size bytes), JSON output; \`wrk -t2 -c8 -d${DURATION}s\` over loopback, \`worker_processes 1\`."
    echo
    echo "| measure | value |"
    echo "|---|---|"
    echo "| requests | $total in ${DURATION} s, $non2xx non-2xx, $sockerr socket errors |"
    echo "| requests/s (wall) | $rps |"
    echo "| latency p50 / p75 / p90 / p99 | $(p 50%) / $(p 75%) / $(p 90%) / $(p 99%) |"
    echo "| worker CPU time | $cpu_s s, so $rps_cpu requests per CPU second |"
    echo "| worker RSS after 1 s / at the end | ${rss1} kB / ${rss_end} kB (${growth} %) |"
    echo "| plain LuaJIT extract() | $pcpu pages per CPU second ($pwall pages/s wall); with to_json $pjson pages/s |"
    echo "| ratio nginx / plain | $ratio_cpu per CPU second ($ratio_wall wall) |"
    echo
    echo "| goal | | |"
    echo "|---|---|---|"
    goal "no non-2xx answers" "$([ "$non2xx" = 0 ] && [ "$sockerr" = 0 ] && echo 1)" "$non2xx non-2xx, $sockerr socket errors"
    goal "no worker crash" "$([ "${worker_now% }" = "$worker" ] && [ -z "$problems" ] && echo 1)" "worker $worker, now ${worker_now:-none}"
    goal "RSS within 10 % (1 s -> end)" "$(awk -v g="$growth" 'BEGIN {print (g <= 10 && g >= -10) ? 1 : 0}')" "${growth} %"
    goal "throughput per worker >= 70 % of plain" "$(awk -v r="$ratio_cpu" 'BEGIN {print (r >= 0.70) ? 1 : 0}')" "$ratio_cpu"
}
report | tee "$NX_PREFIX/bench.md"
[ -z "$problems" ] || { echo "error log:"; echo "$problems"; }
cp "$NX_PREFIX/bench.md" "${TMPDIR:-/tmp}/nx-bench-nginx.md"
echo "(report saved to ${TMPDIR:-/tmp}/nx-bench-nginx.md)"
# `fail` is set inside the piped subshell; recompute from the saved table
grep -q '\*\*missed\*\*' "$NX_PREFIX/bench.md" && exit 1
exit 0
