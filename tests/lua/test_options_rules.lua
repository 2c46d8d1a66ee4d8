-- SPDX-License-Identifier: MIT
-- extract(html, { rules = ... }): a rule set, false, or a directory (the
-- form the CLI and nginx configurations take).
local h = require "helper"
local nx = require "newsextract"

local root = (debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/[^/]+$")) or "."
local function page(case)
    local f = assert(io.open(root .. "/tests/fixtures/" .. case .. "/source.html", "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

local cases = {}
local function case(name, fn) cases[#cases + 1] = { name = name, fn = fn } end

case("a directory string is loaded and its rules apply", function()
    local html = page("reuters-2017")
    local a = assert(nx.extract(html, { rules = root .. "/rules" }))
    h.eq(a.rule, "reuters-2017", "rule from the directory")
    -- the same as a set loaded by the caller
    local set = assert(nx.rules(root .. "/rules"))
    local b = assert(nx.extract(html, { rules = set }))
    h.eq(b.rule, a.rule, "rule from the set")
    h.eq(b.title, a.title, "title")
    -- and a directory without this site's rule leaves the generic path
    local c = assert(nx.extract(html, { rules = root .. "/tests/fixtures/demo" }))
    h.eq(c.rule, nil, "no rule from a directory without one")
end)

case("a directory that cannot be read raises, naming it and what to pass", function()
    h.raises('cannot load the rule directory "/nonexistent/rules"', nx.extract,
        "<p>x</p>", { rules = "/nonexistent/rules" })
    h.raises("newsextract.rules(dir)", nx.extract, "<p>x</p>", { rules = "/nonexistent/rules" })
    h.raises("option 'rules': expected table|boolean|string, got number", nx.extract,
        "<p>x</p>", { rules = 1 })
end)

return cases
