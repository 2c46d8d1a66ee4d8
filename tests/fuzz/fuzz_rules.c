/* SPDX-License-Identifier: MIT */
/*
** fuzz_rules.c: the rule loader (lua/newsextract/rules.lua).
**
** The input is the source of one rule file.  It is written to a private
** temporary file and loaded with rules.load({ path }), the way editors'
** files are; a rule that loads is then matched and applied to a small
** page.  Properties: load returns a set (its errors naming the file) or
** nil, msg; match and apply never raise; the sandbox bounds the work, so
** libFuzzer's -timeout only fires on a loader bug.  The C core is built
** into this binary and preloaded, so it is instrumented too.
*/
#include "../../plugin/nx_core.c"
#include "fuzz_util.h"
#include "fuzz_lua.h"

#include <unistd.h>

static lua_State *nx_fuzz_L;
static char nx_fuzz_path[256];

static const char nx_fuzz_run[] =
    "local core = require 'newsextract.core'\n"
    "local rules = require 'newsextract.rules'\n"
    "local page = '<html><head><title>T</title>'\n"
    "  .. '<meta property=\"og:title\" content=\"Headline\"></head><body>'\n"
    "  .. '<h1 class=\"article-headline\">Headline</h1><div id=\"article-text\">'\n"
    "  .. '<p><span class=\"articleLocation\">VIENNA</span> (Reuters) - One.</p>'\n"
    "  .. '<p>Two, three.</p></div></body></html>'\n"
    "local path = ...\n"
    "return function()\n"
    "  local set, err = rules.load({ path })\n"
    "  if not set then assert(type(err) == 'string', 'nil without message') return end\n"
    "  for _, e in ipairs(set.errors or {}) do assert(type(e) == 'string') end\n"
    "  for _, rule in ipairs(set.rules or {}) do\n"
    "    local doc = assert(core.parse(page, { url = 'https://www.reuters.com/article/x' }))\n"
    "    set:match('https://www.reuters.com/article/x', doc, page)\n"
    "    local f = rules.apply(rule, doc, {})\n"
    "    assert(f == nil or type(f) == 'table', 'apply: not a table')\n"
    "    doc:free()\n"
    "  end\n"
    "end\n";

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");
    (void)argc;
    (void)argv;
    snprintf(nx_fuzz_path, sizeof nx_fuzz_path, "%s/nx-fuzz-rules-%ld.lua",
             tmp ? tmp : "/tmp", (long)getpid());
    nx_fuzz_L = nx_fuzz_lua_fn(nx_fuzz_run, luaopen_newsextract_core, nx_fuzz_path);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lua_State *L = nx_fuzz_L;
    FILE *f;
    if (size > 64 * 1024)
        return 0;
    f = fopen(nx_fuzz_path, "wb");
    if (f == NULL)
        abort();
    if (size)
        fwrite(data, 1, size, f);
    fclose(f);
    nx_fuzz_lua_push_fn(L);
    nx_fuzz_lua_call(L, 0, "rules");
    lua_gc(L, LUA_GCCOLLECT, 0);
    remove(nx_fuzz_path);
    return 0;
}
