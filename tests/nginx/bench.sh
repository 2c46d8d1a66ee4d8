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
DURATION=${NX_BENCH_SECONDS:-15}
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
rss_start=$(nx_rss_kb "$worker")
cat > "$NX_PREFIX/post.lua" <<EOS
local f = assert(io.open(os.getenv("NX_PAGE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "text/html"
EOS
# run NAME PATH [SCRIPT]: wrk on one route; sets <NAME>_{total,rps,cpu,rpc,rss1,rss2,non2xx,sockerr,lat}
run() {
    local name=$1 path=$2 script=${3:-} w="$NX_PREFIX/wrk-$1.txt" c0 c1 r1 r2
    c0=$(cpu_ticks "$worker")
    nx_note "wrk -t2 -c8 -d${DURATION}s --latency $path ${script:+(POST)}"
    NX_PAGE="$PAGE" wrk -t2 -c8 -d"${DURATION}s" --latency ${script:+-s "$script"} "$NX_BASE$path" > "$w" 2>&1 &
    local pid=$!
    sleep 1
    r1=$(nx_rss_kb "$worker")
    wait "$pid" || nx_die "wrk failed: $(cat "$w")"
    r2=$(nx_rss_kb "$worker")
    c1=$(cpu_ticks "$worker")
    cat "$w"
    local total rps non sock cpu
    total=$(awk '/requests in/ {print $1}' "$w")
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$w")
    non=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$w"); non=${non:-0}
    sock=$(awk '/Socket errors:/ {s=0; for (i=3;i<=NF;i++) if ($i ~ /^[0-9]+,?$/) s+=$i; print s}' "$w"); sock=${sock:-0}
    cpu=$(awk -v a="$c0" -v b="$c1" -v t="$TCK" 'BEGIN {printf "%.1f", (b - a) / t}')
    eval "${name}_total=$total ${name}_rps=$rps ${name}_non2xx=$non ${name}_sockerr=$sock"
    eval "${name}_cpu=$cpu ${name}_rss1=$r1 ${name}_rss2=$r2"
    eval "${name}_rpc=$(awk -v n="$total" -v c="$cpu" 'BEGIN {printf "%.1f", (c > 0) ? n / c : 0}')"
    eval "${name}_lat='$(awk '$1 == "50%" {a=$2} $1 == "99%" {b=$2} END {print a " / " b}' "$w")'"
}
run filter /bench/page.html
run endpoint "/extract?url=$PAGE_URL" "$NX_PREFIX/post.lua"
rss_before_cache=$(nx_rss_kb "$worker")
run cached /cached/page.html
worker_now=$(nx_children "$NX_PID" | tr '\n' ' ')
problems=$(nx_log_problems)
nx_stop

nx_note "plain extraction, one LuaJIT process"
plain=$(NX_BUILD=$NX_BUILD luajit tests/nginx/plain.lua "$PAGE" "$PAGE_URL" "$NX_RULES" 10) ||
    nx_die "plain run failed"
echo "$plain"
pcpu=$(echo "$plain" | awk -F= '/^pages_per_cpu_s=/ {print $2}')
pwall=$(echo "$plain" | awk -F= '/^pages_per_s=/ {print $2}')
pjson=$(echo "$plain" | awk -F= '/^pages_per_s_json=/ {print $2}')
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
growth() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", (b - a) * 100 / a}'; }
size=$(wc -c < "$PAGE")
nocache_growth=$(growth "$filter_rss1" "$endpoint_rss2")
cache_growth=$(growth "$rss_before_cache" "$cached_rss2")
goal() {   # goal NAME OK(0/1) DETAIL
    if [ "$2" = 1 ]; then echo "| $1 | met | $3 |"; else echo "| $1 | **missed** | $3 |"; fi
}
row() {   # row NAME LABEL
    local t=${1}_total r=${1}_rps l=${1}_lat c=${1}_cpu p=${1}_rpc a=${1}_rss1 z=${1}_rss2 n=${1}_non2xx e=${1}_sockerr
    echo "| $2 | ${!t} in ${DURATION} s, ${!n} non-2xx, ${!e} socket errors | ${!r} | ${!l} | ${!c} s, ${!p} per CPU s | $(ratio "${!p}" "$pcpu") | ${!a} -> ${!z} kB |"
}
report() {
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) shared cores ($(uname -m)), $("$NX_NGINX" -v 2>&1 | sed 's/.*: //'), $(luajit -v | cut -d' ' -f1-2)."
    echo "Page: corpus reuters/$PAGE_NAME.html ($size bytes), JSON output; \`wrk -t2 -c8 -d${DURATION}s\` over loopback, \`worker_processes 1\`."
    echo
    echo "| route | requests | req/s (wall) | latency p50 / p99 | worker CPU | ratio to plain (per CPU s) | worker RSS 1 s -> end |"
    echo "|---|---|---|---|---|---|---|"
    row filter "filter (GET, JSON)"
    row endpoint "POST /extract"
    row cached "filter with the result cache"
    echo
    echo "Plain LuaJIT \`extract()\`: $pcpu pages per CPU second ($pwall pages/s wall; with to_json $pjson pages/s)."
    echo "Worker RSS: ${rss_start} kB at start; ${filter_rss1} kB 1 s into the filter run, ${endpoint_rss2} kB after the endpoint run (cache off: ${nocache_growth} %); ${cached_rss2} kB after the cached run (${cache_growth} % over the ${rss_before_cache} kB before it; the cache lives in the shared dict, not the worker heap)."
    echo
    echo "| goal | | |"
    echo "|---|---|---|"
    local bad=0
    for n in filter endpoint cached; do eval "bad=\$((bad + \${${n}_non2xx} + \${${n}_sockerr}))"; done
    goal "no non-2xx answers" "$([ "$bad" = 0 ] && echo 1)" "$bad non-2xx or socket errors"
    goal "no worker crash" "$([ "${worker_now% }" = "$worker" ] && [ -z "$problems" ] && echo 1)" "worker $worker, now ${worker_now:-none}"
    goal "RSS within 10 %, cache off (filter 1 s -> endpoint end)" "$(awk -v g="$nocache_growth" 'BEGIN {print (g <= 10 && g >= -10) ? 1 : 0}')" "${nocache_growth} %"
    goal "filter >= 70 % of plain" "$(awk -v r="$(ratio "$filter_rpc" "$pcpu")" 'BEGIN {print (r >= 0.70) ? 1 : 0}')" "$(ratio "$filter_rpc" "$pcpu")"
    goal "endpoint >= 70 % of plain" "$(awk -v r="$(ratio "$endpoint_rpc" "$pcpu")" 'BEGIN {print (r >= 0.70) ? 1 : 0}')" "$(ratio "$endpoint_rpc" "$pcpu")"
}
report | tee "$NX_PREFIX/bench.md"
[ -z "$problems" ] || { echo "error log:"; echo "$problems"; }
cp "$NX_PREFIX/bench.md" "${TMPDIR:-/tmp}/nx-bench-nginx.md"
echo "(report saved to ${TMPDIR:-/tmp}/nx-bench-nginx.md)"
# `fail` is set inside the piped subshell; recompute from the saved table
grep -q '\*\*missed\*\*' "$NX_PREFIX/bench.md" && exit 1
exit 0
