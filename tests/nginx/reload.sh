#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/nginx/reload.sh: with two workers, (1) strace over a wrk run with no
# rule file changed shows no open of a rule file by any worker (the rules
# were loaded in init_by_lua; the timer only stats them), and (2) a rule
# edited on disk is used by every worker within the reload interval, each
# worker logging its reload.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$NX_ROOT" || exit 1
nx_check_prereqs
nx_require strace wrk
status=0
RULES=$(mktemp -d "${TMPDIR:-/tmp}/nx-rules.XXXXXX")
trap 'nx_cleanup; rm -rf "$RULES"' EXIT
cp -r rules/. "$RULES/"
mkdir -p "$RULES/gazette"
rule() {
    cat > "$RULES/gazette/2021.lua" <<EOR
return {
    site = "gazette.example.com", template = "gazette-2021",
    detect = { "h1.headline" },
    title = { "$1" },
    body = { "div.article-body" },
}
EOR
}
rule h1.headline
export NX_RULES=$RULES
nx_start tests/nginx/nginx.conf.in 2
cp tests/nginx/fixtures/article.html "$NX_PREFIX/html/"
workers=$(nx_children "$NX_PID" | tr '\n' ' ')
title() { curl -s "$NX_BASE/init-rules/article.html" | luajit -e '
    local a = require("cjson").decode(io.read("*a")); print(tostring(a.rule) .. " " .. tostring(a.title))'; }
first=$(title)
case $first in "gazette-2021 Harbour town"*) echo "ok   the rule loaded at start applies ($first)" ;;
    *) echo "FAIL first request: $first" >&2; status=1 ;; esac

nx_note "strace over wrk, no file changed (workers $workers)"
args=""
for w in $workers; do args="$args -p $w"; done
strace -f -qq -e trace=open,openat,stat,newfstatat,statx -o "$NX_PREFIX/strace.txt" $args &
st=$!
sleep 1
wrk -t2 -c4 -d4s "$NX_BASE/init-rules/article.html" > "$NX_PREFIX/wrk.txt" 2>&1
kill -INT "$st"; wait "$st" 2>/dev/null
reqs=$(awk '/requests in/ {print $1}' "$NX_PREFIX/wrk.txt")
opens=$(grep -E 'open(at)?\(' "$NX_PREFIX/strace.txt" | grep -c "$RULES" || true)
stats=$(grep -E 'stat' "$NX_PREFIX/strace.txt" | grep -c "$RULES" || true)
other=$(grep -E 'open(at)?\(' "$NX_PREFIX/strace.txt" | grep -v "$NX_PREFIX/html/article.html" | grep -vc 'ENOENT' || true)
echo "     $reqs requests; rule files opened: $opens; rule paths stat()ed by the timer: $stats; other opens: $other"
if [ "${reqs:-0}" -gt 0 ] && [ "$opens" = 0 ] && [ "$stats" -gt 0 ]; then
    echo "ok   no worker opened a rule file during the run (the timer only stats them)"
else
    echo "FAIL rule files opened during the run, or no stat seen (see $NX_PREFIX/strace.txt)" >&2
    grep "$RULES" "$NX_PREFIX/strace.txt" | grep open | head >&2
    status=1
fi

nx_note "a rule edited on disk reaches every worker within the interval (1 s)"
rule p.byline
sleep 1.2
bad=0
for i in $(seq 1 20); do
    t=$(title)
    [ "$t" = "gazette-2021 By Maria Lindqvist" ] || bad=$((bad + 1))
done
reloaded=0
for w in $workers; do
    grep -q "$w#.*rules reloaded from $RULES: 0 added, 1 changed" "$NX_PREFIX/logs/error.log" && reloaded=$((reloaded + 1))
done
nworkers=$(echo $workers | wc -w)
if [ "$bad" = 0 ] && [ "$reloaded" = "$nworkers" ]; then
    echo "ok   20 requests after the edit all used it; $reloaded of $nworkers workers logged the reload"
else
    echo "FAIL after the edit: $bad of 20 requests used the old rule; $reloaded of $nworkers workers reloaded" >&2
    grep -i "rules" "$NX_PREFIX/logs/error.log" >&2
    status=1
fi
problems=$(nx_log_problems)
[ -z "$problems" ] || { echo "FAIL error log: $problems" >&2; status=1; }
nx_stop
[ "$status" = 0 ] && echo "reload tests passed" || NX_KEEP_PREFIX=1
exit $status
