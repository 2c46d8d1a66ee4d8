#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/xss/run.sh: the sanitised HTML of every corpus page and of every
# vector in tests/fixtures/xss/vectors.txt, loaded in headless Chromium
# (Debian package `chromium`), must run no script.  tests/xss/pages.lua
# writes the wrapper pages; Chromium loads each from file:// with every
# host name mapped to nothing (no network), lets timers run, and prints
# the DOM; the title the wrapper's final check wrote must be
# `NXRESULT []`.  Exit status 0 only when every page reports no hit.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build/xss"
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "test-xss: chromium not found (apt-get install -y chromium)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
lua5.4 "$root/tests/xss/pages.lua" "$out"
pass=0
fail=0
for page in "$out"/*.html; do
    profile=$(mktemp -d)
    dom=$(timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$profile" \
        --host-resolver-rules="MAP * ~NOTFOUND" --virtual-time-budget=5000 \
        --dump-dom "file://$page" 2>/dev/null || true)
    rm -rf "$profile"
    title=$(printf '%s' "$dom" | grep -o '<title>[^<]*</title>' | head -1 | sed 's/<[^>]*>//g')
    if [ "$(basename "$page")" = control.html ]; then
        # unsanitised vectors: the check must see them fire
        case "$title" in
        "NXRESULT []"|"") fail=$((fail + 1)); echo "FAIL control.html: raw vectors reported no hit: the check is broken" ;;
        NXRESULT*) pass=$((pass + 1)); echo "ok   control.html (raw vectors detected: $(printf '%s' "$title" | grep -o 'nxfire() ran' | wc -l) ran)" ;;
        *) fail=$((fail + 1)); echo "FAIL control.html: the check did not run" ;;
        esac
        continue
    fi
    case "$title" in
    "NXRESULT []")
        pass=$((pass + 1)); echo "ok   $(basename "$page")" ;;
    NXRESULT*)
        fail=$((fail + 1)); echo "FAIL $(basename "$page"): $title" ;;
    *)
        fail=$((fail + 1)); echo "FAIL $(basename "$page"): the check did not run (title: $title)" ;;
    esac
done
echo "test-xss: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
