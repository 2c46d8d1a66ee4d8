/* SPDX-License-Identifier: MIT */
/*
** fuzz_jsonl.c: the JSON Lines reader (lua/newsextract/jsonl.lua) and the
** CLI's record step after it (newsextract.unusable, then extract).
**
** Embeds Lua 5.4 with the C core built into this binary (preloaded):
** bytes -> core.batch.stream -> jsonl.records -> for each html record,
** unusable() or extract().  Records must be html (string body) or error
** (with a message); extract must return a table or nil, msg; nothing may
** raise.  A small max_record makes the over-long-line path reachable.
*/
#include "../../plugin/nx_core.c"
#include "fuzz_util.h"
#include "fuzz_lua.h"

static lua_State *nx_fuzz_L;

static const char nx_fuzz_run[] =
    "local core = require 'newsextract.core'\n"
    "local jsonl = require 'newsextract.jsonl'\n"
    "local nx = require 'newsextract'\n"
    "return function(bytes)\n"
    "  local s = core.batch.stream(bytes)\n"
    "  local last = 0\n"
    "  for rec in jsonl.records(s, { max_record = 4096 }) do\n"
    "    assert(rec.record == last + 1, 'record numbers')\n"
    "    last = rec.record\n"
    "    if rec.kind == 'html' then\n"
    "      assert(type(rec.body) == 'string', 'html without body')\n"
    "      if not nx.unusable(rec.body) then\n"
    "        local a, err = nx.extract(rec.body, { url = rec.url, content_type = rec.content_type, rules = false })\n"
    "        assert(type(a) == 'table' or type(err) == 'string', 'extract: no result, no message')\n"
    "      end\n"
    "    elseif rec.kind == 'error' then assert(type(rec.error) == 'string' and rec.error ~= '', 'message')\n"
    "    else error('bad kind ' .. tostring(rec.kind)) end\n"
    "  end\n"
    "  s:close()\n"
    "end\n";

NX_FUZZ_LUA_STRING("jsonl reader", 256 * 1024)
