#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/nginx/shots.sh: `make reader-shots`.  Reader views of corpus pages
# from different sites (and of our RTL, CJK and English fixtures) rendered
# in headless chromium, as PNG files in $NX_SHOTS (default
# $TMPDIR/nx-shots).  Corpus pages are publishers' content: their
# screenshots stay out of the repository; docs/reader/ holds the fixtures'.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 1
CORPUS=${NX_CORPUS:-$ROOT/../shared/corpus}
OUT=${NX_SHOTS:-${TMPDIR:-/tmp}/nx-shots}
CHROMIUM=${NX_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$CHROMIUM" ] || { echo "chromium not found (Debian: apt-get install -y chromium)" >&2; exit 1; }
R=$CORPUS/readability-test-pages
pages="$R/guardian-1/source.html $R/bbc-1/source.html $R/nytimes-1/source.html
 $R/lemonde-1/source.html $R/pixnet/source.html $R/rtl-1/source.html
 $CORPUS/reuters/2020-us-britain-assange-idUSKBN20D2A2.html
 tests/nginx/fixtures/rtl.html tests/nginx/fixtures/cjk.html tests/nginx/fixtures/relative.html"
for p in $pages; do [ -f "$p" ] || { echo "missing $p (set NX_CORPUS)" >&2; exit 1; }; done
mkdir -p "$OUT"
NX_BUILD=${NX_BUILD:-build/luajit} luajit tests/nginx/shots.lua "$OUT" $pages || exit 1
PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/nx-shots-profile.XXXXXX")
trap 'rm -rf "$PROFILE"' EXIT
status=0
for html in "$OUT"/*.html; do
    png=${html%.html}.png
    timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --user-data-dir="$PROFILE" \
        --window-size=900,1100 --screenshot="$png" "file://$html" >/dev/null 2>&1
    if [ -s "$png" ]; then echo "ok   $png"; else echo "FAIL no screenshot for $html" >&2; status=1; fi
done
exit $status
