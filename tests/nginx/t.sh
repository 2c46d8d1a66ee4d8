#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/nginx/t.sh: runs the Test::Nginx-style blocks of tests/nginx/t/*.t
# with tests/nginx/t/run.lua (one private nginx per block).  Writes the
# pages the blocks use (the fixtures plus two gzip bombs) to a scratch
# folder first.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$NX_ROOT" || exit 1
nx_check_prereqs
nx_require gzip
export NX_NGINX NX_LOAD_MODULES NX_ROOT NX_BUILD
NX_WORK=$(mktemp -d "${TMPDIR:-/tmp}/nx-tpages.XXXXXX")
export NX_WORK
trap 'rm -rf "$NX_WORK"' EXIT
cp tests/nginx/fixtures/* "$NX_WORK/"
gzip -c tests/nginx/fixtures/article.html > "$NX_WORK/article.html.gz"
# A gzip bomb: 256 MiB in 260 KB of gzip (deflate's ratio is at most 1032).
{ printf '<html><body><p>'; head -c 268435456 /dev/zero; printf '</p></body></html>'; } |
    gzip -9 > "$NX_WORK/bomb.html.gz"
luajit tests/nginx/t/run.lua "$@"
