#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/install/rock.sh VERSION LUA: what a Lua developer does with the
# rock.  `luarocks make` (offline) into a throw-away tree, for Lua VERSION
# (5.4, or 5.1 for LuaJIT); then, from a fresh directory with nothing of the
# checkout on any path, a ten-line script extracts a corpus page with the
# bundled rules, and the installed `newsextract test-rules` passes.
#
# lua-cjson is a declared dependency of the rock; here it comes from
# Debian's lua-cjson package, which luarocks cannot see, so the build says
# so with rocks_provided (tests/install/provided.lua) instead of fetching
# it: see README.md, "Install".
set -eu
ver=$1 lua=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${NX_CORPUS:-$src/../shared/corpus}
page=$corpus/reuters/2016-us-usa-fed-idUSKBN1430G4.html
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
unset LUA_PATH LUA_CPATH LUA_PATH_5_4 LUA_CPATH_5_4 2>/dev/null || true

# luarocks builds in the source folder: copy it, so the checkout stays clean
mkdir "$t/src" "$t/fresh"
# the luarocks config: lua-cjson provided; the interpreter the installed
# command runs under is the one named (for 5.1: LuaJIT, not plain Lua 5.1)
cat "$src/tests/install/provided.lua" > "$t/config.lua"
echo "lua_interpreter = \"$lua\"" >> "$t/config.lua"
(cd "$src" && tar cf - --exclude=./build --exclude=./.git .) | (cd "$t/src" && tar xf -)
(cd "$t/src" && LUAROCKS_CONFIG="$t/config.lua" \
    luarocks --lua-version "$ver" --tree "$t/tree" make newsextract-scm-1.rockspec) \
    > "$t/log" 2>&1 || { cat "$t/log"; exit 1; }

cd "$t/fresh"
cat > extract.lua <<'LUA'
local newsextract = require "newsextract"
local f = assert(io.open(arg[1], "rb"))
local html = f:read("*a")
f:close()
local a = assert(newsextract.extract(html, { url = arg[2] }))
assert(a.rule == "reuters-2016", "bundled rule used: " .. tostring(a.rule))
assert(a.title and #a.paragraphs > 5, "title and body")
assert(a.authors[1] and a.published, "byline and date")
print(("rock: %s: %q, %d paragraphs, rule %s"):format(jit and jit.version or _VERSION, a.title, #a.paragraphs, a.rule))
LUA
sv=$ver
LUA_PATH="$t/tree/share/lua/$sv/?.lua;$t/tree/share/lua/$sv/?/init.lua;;" \
LUA_CPATH="$t/tree/lib/lua/$sv/?.so;;" \
    "$lua" extract.lua "$page" "http://www.reuters.com/article/us-usa-fed-idUSKBN1430G4"
# the command luarocks installed (its wrapper sets the tree's paths)
"$t/tree/bin/newsextract" test-rules > "$t/rules.log" 2>&1 || { cat "$t/rules.log"; exit 1; }
echo "rock: $lua: installed test-rules: $(tail -1 "$t/rules.log")"
