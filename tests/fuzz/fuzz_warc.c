/* SPDX-License-Identifier: MIT */
/*
** fuzz_warc.c: the WARC reader (lua/newsextract/warc.lua) over the gzip
** Stream of plugin/nx_batch.c.
**
** Embeds Lua 5.4 with the C core built into this binary (preloaded, so it
** is instrumented too): bytes -> core.batch.stream -> warc.records.  Every
** record must be html (with a string body), skip (with a reason) or error
** (with a message), never a Lua error; the reader must end (libFuzzer's
** -timeout catches a loop), and record numbers must grow by one.  The
** first byte picks plain bytes or each quarter gzipped, so the zlib path
** is fuzzed too.
*/
#include "../../plugin/nx_core.c"
#include "fuzz_util.h"
#include "fuzz_lua.h"

static lua_State *nx_fuzz_L;

static const char nx_fuzz_run[] =
    "local core = require 'newsextract.core'\n"
    "local warc = require 'newsextract.warc'\n"
    "return function(bytes)\n"
    "  local s = core.batch.stream(bytes)\n"
    "  local n, last = 0, 0\n"
    "  for rec in warc.records(s, { max_record = 1 << 20 }) do\n"
    "    n = n + 1\n"
    "    assert(n < 100000, 'too many records')\n"
    "    assert(rec.record == last + 1, 'record numbers')\n"
    "    last = rec.record\n"
    "    if rec.kind == 'html' then assert(type(rec.body) == 'string', 'html without body')\n"
    "    elseif rec.kind == 'skip' then assert(type(rec.reason) == 'string', 'skip without reason')\n"
    "    elseif rec.kind == 'error' then assert(type(rec.error) == 'string' and rec.error ~= '', 'error without message')\n"
    "    else error('bad kind ' .. tostring(rec.kind)) end\n"
    "    if rec.url ~= nil then assert(type(rec.url) == 'string' and not rec.url:find('[%s<>]'), 'url') end\n"
    "  end\n"
    "  s:close()\n"
    "end\n";

NX_FUZZ_LUA_INIT()

/* Byte 0 odd: each quarter of the rest as its own gzip member. */
static int nx_fuzz_push(lua_State *L, const uint8_t *data, size_t size)
{
    luaL_Buffer b;
    size_t q, i;
    if (size == 0 || (data[0] & 1) == 0) {
        lua_pushlstring(L, (const char *)data + (size ? 1 : 0), size ? size - 1 : 0);
        return 1;
    }
    data++;
    size--;
    q = size / 4 + 1;
    luaL_buffinit(L, &b);
    for (i = 0; i < size; i += q) {
        size_t n = size - i < q ? size - i : q;
        uLongf cap = compressBound((uLong)n) + 32;
        z_stream z;
        unsigned char *out = (unsigned char *)malloc(cap);
        if (out == NULL)
            abort();
        memset(&z, 0, sizeof z);
        if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            abort();
        z.next_in = (Bytef *)(uintptr_t)(data + i);
        z.avail_in = (uInt)n;
        z.next_out = out;
        z.avail_out = (uInt)cap;
        if (deflate(&z, Z_FINISH) != Z_STREAM_END)
            abort();
        luaL_addlstring(&b, (const char *)out, cap - z.avail_out);
        deflateEnd(&z);
        free(out);
    }
    luaL_pushresult(&b);
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lua_State *L = nx_fuzz_L;
    if (size > 256 * 1024)
        return 0;
    nx_fuzz_lua_push_fn(L);
    nx_fuzz_push(L, data, size);
    nx_fuzz_lua_call(L, 1, "warc reader");
    return 0;
}
