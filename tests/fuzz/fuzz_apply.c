/* SPDX-License-Identifier: MIT */
/*
** fuzz_apply.c: rule application (rules.lua's match and apply, the
** sandbox's bounded patterns, the XPath operation limit) on hostile pages.
**
** The input is two lines and a page: line 1 a selector (CSS, or XPath
** when it starts with '/'), line 2 a Lua pattern, the rest the page.  A
** rule is built from them -- title and author through the selector with
** the pattern, a `replace` and a transform that runs the pattern again
** inside the sandbox, body, strip and detect through the selector, the
** pattern as a URL `match` and as a text-section `start` -- and written to
** a private temporary file and loaded as editors' files are (a selector
** or pattern that does not validate is a load error, which is fine: then
** the bundled rules alone are applied).  Every rule of the set is then
** matched (with and without a URL, whose path holds the page's first
** bytes) and applied to the page, and the page is extracted with the set,
** as HTML and as a text dump.  Properties: nothing raises; apply gives a
** table whose fields are strings, arrays of strings or numbers; every
** budget holds, so libFuzzer's -timeout only fires on a real hang.  The
** rule runs under a tenth of the sandbox's default budgets (the same
** stops are reached, in a tenth of the time).
*/
#include "../../plugin/nx_core.c"
#include "fuzz_util.h"
#include "fuzz_lua.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

static lua_State *nx_fuzz_L;
static char nx_fuzz_dir[256];

static const char nx_fuzz_run[] =
    "local core = require 'newsextract.core'\n"
    "local rules = require 'newsextract.rules'\n"
    "local nx = require 'newsextract'\n"
    "local dir = ...\n"
    "local bundled = assert(rules.default())\n"
    "-- a tenth of the default budgets: the same stops, ten times the runs\n"
    "local limits = { instructions = 1e5, memory = 8 * 1048576,\n"
    "  string = 1048576, patterns = 1e6, items = 1e5 }\n"
    "local function check_fields(f)\n"
    "  assert(type(f) == 'table', 'apply: not a table')\n"
    "  for k, v in pairs(f) do\n"
    "    local t = type(v)\n"
    "    if t == 'table' then\n"
    "      for _, x in ipairs(v) do\n"
    "        assert(type(x) == 'string' or type(x) == 'table', 'apply: ' .. k)\n"
    "      end\n"
    "    else\n"
    "      assert(t == 'string' or t == 'number' or t == 'boolean', 'apply: ' .. k .. ' is ' .. t)\n"
    "    end\n"
    "  end\n"
    "end\n"
    "return function(sel, pat, page)\n"
    "  local src = string.format([[return { site = 'fuzz.example', template = 'f',\n"
    "    match = { %q }, detect = { %q },\n"
    "    title = { { %q, pattern = %q }, 'h1' },\n"
    "    author = { { %q, replace = { { %q, '' } } } },\n"
    "    description = { { %q, transform = function(s) return (s:gsub(%q, '')) end } },\n"
    "    body = { %q, 'body' }, strip = { %q },\n"
    "    text = { start = { %q } } }]], pat, sel, sel, pat, sel, pat, sel, pat, sel, sel, pat)\n"
    "  local f = assert(io.open(dir .. '/f.lua', 'wb'))\n"
    "  f:write(src)\n"
    "  f:close()\n"
    "  local set = rules.load(dir, { limits = limits })\n"
    "  local list = {}\n"
    "  for _, r in ipairs(bundled.rules) do list[#list + 1] = r end\n"
    "  if set then\n"
    "    for _, r in ipairs(set.rules) do list[#list + 1] = r end\n"
    "  end\n"
    "  local url = 'https://fuzz.example/' .. page:sub(1, 200):gsub('[^%w]', 'x')\n"
    "  local doc = core.parse(page, { url = url })\n"
    "  if doc then\n"
    "    bundled:match(url, doc, page)\n"
    "    bundled:match(nil, doc, page)\n"
    "    if set then set:match(url, doc, page) set:match(nil, doc, page) end\n"
    "    for _, r in ipairs(list) do check_fields(rules.apply(r, doc, { url = url })) end\n"
    "    doc:free()\n"
    "  end\n"
    "  if set and #set.rules > 0 then\n"
    "    local a = nx.extract(page, { rules = set, url = url, input = 'html' })\n"
    "    assert(a == nil or type(a) == 'table')\n"
    "    a = nx.extract(page, { rules = set, url = url, input = 'text' })\n"
    "    assert(a == nil or type(a) == 'table')\n"
    "    set:match_text(nil, page)\n"
    "  end\n"
    "end\n";

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");
    (void)argc;
    (void)argv;
    snprintf(nx_fuzz_dir, sizeof nx_fuzz_dir, "%s/nx-fuzz-apply-%ld",
             tmp ? tmp : "/tmp", (long)getpid());
    if (mkdir(nx_fuzz_dir, 0700) != 0 && errno != EEXIST)
        abort();
    nx_fuzz_L = nx_fuzz_lua_fn(nx_fuzz_run, luaopen_newsextract_core, nx_fuzz_dir);
    return 0;
}

/* The next line of data[*at..size) (without its '\n'), at most 256 bytes. */
static void nx_fuzz_line(lua_State *L, const uint8_t *data, size_t size,
                         size_t *at)
{
    size_t i = *at, end;
    const uint8_t *nl = (const uint8_t *)memchr(data + i, '\n', size - i);
    end = nl ? (size_t)(nl - data) : size;
    lua_pushlstring(L, (const char *)data + i,
                    end - i > 256 ? 256 : end - i);
    *at = nl ? end + 1 : size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lua_State *L = nx_fuzz_L;
    size_t at = 0;
    if (size > 64 * 1024)
        return 0;
    nx_fuzz_lua_push_fn(L);
    nx_fuzz_line(L, data, size, &at);                   /* selector */
    nx_fuzz_line(L, data, size, &at);                   /* pattern */
    lua_pushlstring(L, (const char *)data + at, size - at);
    nx_fuzz_lua_call(L, 3, "rule application");
    lua_gc(L, LUA_GCCOLLECT, 0);
    return 0;
}
