/* SPDX-License-Identifier: MIT */
/*
** fuzz_ftr.c: the Full-Text RSS site-config reader (lua/newsextract/ftr.lua).
**
** The input is the text of one site config.  It is compiled with
** ftr.compile (the reader and the XPath compiler) and the rule applied
** to a small page, the text edits and second parse included.  Properties:
** compile never raises and returns a rule; every warning names the file,
** a line within the input and a directive; apply never raises.  The C
** core is built into this binary and preloaded, so it is instrumented too.
*/
#include "../../plugin/nx_core.c"
#include "fuzz_util.h"
#include "fuzz_lua.h"

static lua_State *nx_fuzz_L;

static const char nx_fuzz_run[] =
    "local core = require 'newsextract.core'\n"
    "local ftr = require 'newsextract.ftr'\n"
    "local rules = require 'newsextract.rules'\n"
    "local page = '<html><head><title>T</title>'\n"
    "  .. '<meta property=\"og:title\" content=\"Headline\"></head><body>'\n"
    "  .. '<h1 class=\"headline\">Headline</h1><div id=\"story\" class=\"a b\">'\n"
    "  .. '<p>One <br><br> two.</p><img src=\"x.gif\" data-x=\"y.jpg\">'\n"
    "  .. '<a class=\"next\" href=\"2\">next</a><p>Three.</p></div></body></html>'\n"
    "return function(src)\n"
    "  local rule, warnings = ftr.compile(core, src, 'fuzz.txt', {})\n"
    "  assert(type(rule) == 'table' and rule.name == 'ftr:fuzz', 'no rule')\n"
    "  local lines = select(2, src:gsub('\\n', '')) + 1\n"
    "  for _, w in ipairs(warnings) do\n"
    "    local n = w:match('^fuzz%.txt: line (%d+): [^:]+: ')\n"
    "    assert(n and tonumber(n) <= lines, 'warning without file, line, directive: ' .. w)\n"
    "  end\n"
    "  local doc = assert(core.parse(page, { url = 'https://fuzz/a' }))\n"
    "  local ok, err = pcall(rules.apply, rule, doc, { url = 'https://fuzz/a' }, page)\n"
    "  doc:free()\n"
    "  assert(ok, err)\n"
    "end\n";

NX_FUZZ_LUA_STRING("ftr", 64 * 1024)
