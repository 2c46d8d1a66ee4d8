#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/readability.sh [page...]: installs @mozilla/readability and jsdom
# (npm registry) into build/bench/rjs once, then runs bench/readability.js
# over the given pages or the corpus ($NX_CORPUS), BENCH_PASSES passes.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/build/bench/rjs"
corpus=${NX_CORPUS:-$root/../shared/corpus}
if [ ! -d "$dir/node_modules/@mozilla/readability" ] || [ ! -d "$dir/node_modules/jsdom" ]; then
    mkdir -p "$dir"
    [ -f "$dir/package.json" ] || echo '{"name":"nx-bench-rjs","private":true}' > "$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund @mozilla/readability@0.6.0 jsdom@26)
fi
if [ $# -eq 0 ]; then
    set -- "$corpus"/reuters/*.html "$corpus"/readability-test-pages/*/source.html
fi
NODE_PATH="$dir/node_modules" exec node --expose-gc "$root/bench/readability.js" "${BENCH_PASSES:-3}" "$@"
