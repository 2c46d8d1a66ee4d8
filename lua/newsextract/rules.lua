-- SPDX-License-Identifier: MIT
-- newsextract.rules: site rules -- loading, validating, choosing, applying.
--
-- A rule file (rules/<site>/<template>.lua) is data: it returns one table,
-- is loaded as text in a sandbox (newsextract.sandbox) and validated against
-- the schema below.  A bad file is reported in `set.errors` and never stops
-- the others from loading.  rules/README.md is the editors' guide.
--
--   local set = rules.load("rules")        -- or rules.load({ "a.lua", "dir" })
--   set:reload()                           -- picks up added/changed/removed files
--   local rule = set:match(url, doc, { raw = html })
--   local f = rules.apply(rule, doc, { url = url })   -- fields + blocks + notes
local M = { _VERSION = "0.1.0" }
--
-- This module is the front: the work is in newsextract.rule_schema (what a
-- rule file may say), rule_set (files, load, reload), rule_match (which
-- rule a page gets), rule_apply (a rule on a page) and ftr (Full-Text RSS
-- site configs read as rules).

local schema = require "newsextract.rule_schema"
local rule_set = require "newsextract.rule_set"
local rule_match = require "newsextract.rule_match"
local rule_apply = require "newsextract.rule_apply"

M.FIELDS = schema.FIELDS
M.check_pattern = schema.check_pattern
M.host_of = rule_match.host_of
M.load = rule_set.load
M.apply = rule_apply.apply
M.Set = rule_set.Set
M._list_dir = rule_set.list_dir

--- doc:metadata() without the page's JSON-LD, for a rule that says not to
--- read it (a Full-Text RSS config's skip_json_ld: yes).  A shallow copy.
function M.without_jsonld(md)
    local out = {}
    for k, v in pairs(md) do out[k] = v end
    out.jsonld = nil
    return out
end

---------------------------------------------------------------------------
-- The bundled set
---------------------------------------------------------------------------

--- Where the bundled rules are: $NX_RULES, else rules/ next to the lua/
--- folder this module was loaded from (the checkout layout).
function M.default_dir()
    local env = os.getenv("NX_RULES")
    if env and env ~= "" then return env end
    local src = debug.getinfo(1, "S").source
    local path = src:sub(1, 1) == "@" and src:sub(2) or ""
    -- where the bundled rules are, relative to this file: a checkout,
    -- `make install` (PREFIX/share/newsextract/rules), a luarocks tree
    local candidates = {}
    local root = path:match("^(.*)/lua/newsextract/rules%.lua$")
    if root then candidates[#candidates + 1] = root .. "/rules" end
    local prefix, ver = path:match("^(.*)/share/lua/([%d.]+)/newsextract/rules%.lua$")
    if prefix then
        candidates[#candidates + 1] = prefix .. "/share/newsextract/rules"
        candidates[#candidates + 1] = prefix .. "/lib/luarocks/rocks-" .. ver ..
            "/newsextract/scm-1/rules"
    end
    if path == "lua/newsextract/rules.lua" then candidates[#candidates + 1] = "rules" end
    for _, dir in ipairs(candidates) do
        local f = io.open(dir .. "/README.md", "rb")
        if f then
            f:close()
            return dir
        end
    end
    return candidates[1]
end

--- The bundled rule set (rules.load(rules.default_dir())).
function M.default(opts)
    local dir = M.default_dir()
    if not dir then return nil, "rules: cannot find the bundled rules (set NX_RULES)" end
    return M.load(dir, opts)
end

return M
