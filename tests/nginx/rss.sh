#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/nginx/rss.sh: `make check-nginx-rss` (issue 11).  One private nginx
# worker (POST /extract, no result cache): its RSS after 20 ordinary
# requests (the start), then a run of every bad-input family of
# tests/hostile/families.lua (300 KB each, and the memory families at
# 2 MB), then 100 ordinary requests; the RSS then must be within
# NX_RSS_SLACK percent (default 10) of the start.  Prints the three RSS
# figures and the peak; fails on a dead or changed worker too.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$NX_ROOT" || exit 1
nx_check_prereqs
SLACK=${NX_RSS_SLACK:-10}
trap 'nx_cleanup' EXIT
nx_start tests/nginx/nginx.conf.in 1
worker=$NX_WORKER
PAGES="$NX_PREFIX/hostile"
mkdir -p "$PAGES"
LUA_PATH="tests/hostile/?.lua;;" luajit - "$PAGES" <<'LUA' || nx_die "cannot write the hostile pages"
local fam = require "families"
for _, f in ipairs(fam.families) do
    local sizes = { 300000 }
    if f.name == "table-p" or f.name == "tiny-paragraphs" or f.name == "many-links"
        or f.name == "text-many-short-lines" or f.name == "invalid-utf8" then
        sizes[2] = 2097152
    end
    for _, n in ipairs(sizes) do
        local h = assert(io.open(arg[1] .. "/" .. f.name .. "-" .. n .. "." .. f.input, "wb"))
        h:write(f.gen(n))
        h:close()
    end
end
LUA
post() {   # post FILE TYPE -> http status
    curl -s -o /dev/null -w '%{http_code}' -H "Content-Type: $2" --data-binary @"$1" \
        "$NX_BASE/extract"
}
ordinary() {
    local i code
    for i in $(seq 1 "$1"); do
        code=$(post tests/nginx/fixtures/article.html text/html)
        [ "$code" = 200 ] || nx_die "an ordinary request answered $code"
    done
}
ordinary 20
start=$(nx_rss_kb "$worker")
peak=$start
n=0
for f in "$PAGES"/*; do
    case $f in *.text) type=text/plain ;; *) type=text/html ;; esac
    code=$(post "$f" "$type")
    case $code in 200|422) ;; *) nx_die "$(basename "$f") answered $code" ;; esac
    r=$(nx_rss_kb "$worker")
    [ "${r:-0}" -gt "$peak" ] && peak=$r
    n=$((n + 1))
done
after_hostile=$(nx_rss_kb "$worker")
ordinary 100
end=$(nx_rss_kb "$worker")
[ "$(nx_children "$NX_PID" | head -n1)" = "$worker" ] || nx_die "the worker died or changed"
problems=$(nx_log_problems)
[ -z "$problems" ] || nx_die "error log: $problems"
echo "worker RSS: start $start kB, after $n hostile pages $after_hostile kB (peak seen $peak kB), after 100 ordinary requests $end kB"
if [ "$end" -le $((start + start * SLACK / 100)) ]; then
    echo "ok   worker RSS within $SLACK % of its start 100 ordinary requests after the hostile run"
else
    echo "FAIL worker RSS $end kB is over $SLACK % above its start $start kB" >&2
    exit 1
fi
