/* SPDX-License-Identifier: MIT */
/*
** fuzz_textdump.c: the text-dump segmenter (lua/newsextract/textdump.lua).
**
** Embeds Lua 5.4 with the C core built into this binary (preloaded, so it
** is instrumented too): bytes -> core.decode -> textdump.extract.  Bad data
** must come back as a table (or nil, msg), never as a Lua error: any error
** aborts, and libFuzzer's -timeout catches a segmenter that goes quadratic.
** Each result's blocks must be non-empty UTF-8 strings.
*/
#include "../../plugin/nx_core.c"
#include "fuzz_util.h"
#include "fuzz_lua.h"

static lua_State *nx_fuzz_L;

static const char nx_fuzz_run[] =
    "local core = require 'newsextract.core'\n"
    "local textdump = require 'newsextract.textdump'\n"
    "return function(bytes)\n"
    "  local text = core.decode(bytes)\n"
    "  local f, err = textdump.extract(text)\n"
    "  if f == nil then assert(type(err) == 'string', 'nil without message') return end\n"
    "  assert(type(f) == 'table', 'textdump.extract: not a table')\n"
    "  for i, b in ipairs(f.blocks or {}) do\n"
    "    assert(type(b.kind) == 'string', 'block ' .. i .. ': kind')\n"
    "    assert(type(b.text) == 'string', 'block ' .. i .. ': text')\n"
    "    assert(utf8.len(b.text), 'block ' .. i .. ': invalid UTF-8')\n"
    "  end\n"
    "  for _, k in ipairs({ 'title', 'dateline', 'credits', 'section' }) do\n"
    "    if f[k] ~= nil then assert(type(f[k]) == 'string' and f[k] ~= '', k) end\n"
    "  end\n"
    "end\n";

NX_FUZZ_LUA_STRING("textdump", 256 * 1024)
