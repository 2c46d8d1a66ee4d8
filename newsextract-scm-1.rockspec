-- SPDX-License-Identifier: MIT
rockspec_format = "3.0"
package = "newsextract"
version = "scm-1"
source = {
   url = "git+https://example.invalid/newsextract.git",
}
description = {
   summary = "News pages in, clean articles out: a libxml2 C core with site rules in Lua",
   detailed = [[
newsextract decodes any charset to UTF-8, parses with libxml2, picks the
article of a news page (generically or with a site rule written in Lua) and
returns its fields: title, authors, dates, section, dateline, credits,
captions, body paragraphs, safe HTML, Markdown.  Works in Lua 5.4 and in
LuaJIT / OpenResty.
]],
   license = "MIT",
}
dependencies = {
   "lua >= 5.1, < 5.5",
   -- required when the module loads (to_json, JSON-LD).  Built offline
   -- against Debian's lua-cjson package, tell luarocks it is there:
   --   LUAROCKS_CONFIG=tests/install/provided.lua luarocks make
   -- (rocks_provided; or --deps-mode=none).  See README.md, "Install".
   "lua-cjson >= 2.1",
}
external_dependencies = {
   LIBXML2 = { header = "libxml2/libxml/HTMLparser.h" },
}
build = {
   type = "builtin",
   modules = {
      ["newsextract.core"] = {
         sources = { "plugin/nx_core.c" },
         incdirs = { "plugin", "$(LIBXML2_INCDIR)/libxml2" },
         libdirs = { "$(LIBXML2_LIBDIR)" },
         libraries = { "xml2", "z" },
         defines = { "_POSIX_C_SOURCE=200809L" },
      },
      ["newsextract"] = "lua/newsextract/init.lua",
      ["newsextract.cli"] = "lua/newsextract/cli.lua",
      ["newsextract.warc"] = "lua/newsextract/warc.lua",
      ["newsextract.jsonl"] = "lua/newsextract/jsonl.lua",
      ["newsextract.fields"] = "lua/newsextract/fields.lua",
      ["newsextract.meta"] = "lua/newsextract/meta.lua",
      ["newsextract.head"] = "lua/newsextract/head.lua",
      ["newsextract.pagetype"] = "lua/newsextract/pagetype.lua",
      ["newsextract.pagetype_weights"] = "lua/newsextract/pagetype_weights.lua",
      ["newsextract.textdump"] = "lua/newsextract/textdump.lua",
      ["newsextract.rules"] = "lua/newsextract/rules.lua",
      ["newsextract.rule_schema"] = "lua/newsextract/rule_schema.lua",
      ["newsextract.rule_set"] = "lua/newsextract/rule_set.lua",
      ["newsextract.rule_match"] = "lua/newsextract/rule_match.lua",
      ["newsextract.rule_apply"] = "lua/newsextract/rule_apply.lua",
      ["newsextract.fsutil"] = "lua/newsextract/fsutil.lua",
      ["newsextract.textsim"] = "lua/newsextract/textsim.lua",
      ["newsextract.ftr"] = "lua/newsextract/ftr.lua",
      ["newsextract.rules_cli"] = "lua/newsextract/rules_cli.lua",
      ["newsextract.sandbox"] = "lua/newsextract/sandbox.lua",
      ["newsextract.readerable"] = "lua/newsextract/readerable.lua",
      ["newsextract.nginx_conf"] = "lua/newsextract/nginx_conf.lua",
      ["newsextract.resty"] = "lua/newsextract/resty.lua",
      ["newsextract.reader"] = "lua/newsextract/reader.lua",
   },
   install = {
      bin = { newsextract = "bin/newsextract" },
   },
   -- tests/fixtures: the saved pages the bundled rules' tests read, so that
   -- the installed `newsextract test-rules` can run them
   copy_directories = { "rules", "docs", "tests/fixtures" },
}
