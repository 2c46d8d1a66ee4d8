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

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nx_fuzz_L = nx_fuzz_lua("");
    lua_getglobal(nx_fuzz_L, "package");
    lua_getfield(nx_fuzz_L, -1, "preload");
    lua_pushcfunction(nx_fuzz_L, luaopen_newsextract_core);
    lua_setfield(nx_fuzz_L, -2, "newsextract.core");
    lua_pop(nx_fuzz_L, 2);
    if (luaL_loadstring(nx_fuzz_L, nx_fuzz_run) != LUA_OK ||
        lua_pcall(nx_fuzz_L, 0, 1, 0) != LUA_OK) {
        fprintf(stderr, "fuzz setup: %s\n", lua_tostring(nx_fuzz_L, -1));
        abort();
    }
    lua_setfield(nx_fuzz_L, LUA_REGISTRYINDEX, "nx_fuzz_fn");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lua_State *L = nx_fuzz_L;
    if (size > 256 * 1024)
        return 0;
    lua_getfield(L, LUA_REGISTRYINDEX, "nx_fuzz_fn");
    lua_pushlstring(L, (const char *)data, size);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        fprintf(stderr, "textdump raised: %s\n", lua_tostring(L, -1));
        abort();
    }
    lua_gc(L, LUA_GCSTEP, 0);
    return 0;
}
