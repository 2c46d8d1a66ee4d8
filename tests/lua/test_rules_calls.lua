-- SPDX-License-Identifier: MIT
-- tests/lua/test_rules_calls.lua: a page is read in few calls into C.
-- On each Reuters page of the shared corpus the WHOLE extract (with the
-- bundled rules) is counted, every document method and core function but
-- core.parse and doc:free: at most 5 Lua->C calls (the issue's bound:
-- doc:metadata also gives the readerable verdict, dir, charset and the
-- rule tokens; detect runs in one doc:apply; the rule in another, which
-- also resolves the URL fields).  The generic path (no rule) is counted on
-- the Readability pages: at most 3.  And rules.apply alone, on the page's
-- metadata, reads the page in one call.
local core = require "newsextract.core"
local rules = require "newsextract.rules"
local nx = require "newsextract"
local h = require "helper"

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

-- Calls into C while fn runs: doc methods (through the metatable of `doc`)
-- and core functions.  Returns the count, what was called, fn's results.
-- A counter: wrap(name, f) is f counted under `name` in c.what and c.n.
local function counter()
    local c = { n = 0, what = {} }
    function c.wrap(name, f)
        return function(...)
            c.n = c.n + 1
            c.what[name] = (c.what[name] or 0) + 1
            return f(...)
        end
    end
    return c
end

local function counted(doc, fn)
    local mt = getmetatable(doc)
    local idx, saved = mt.__index, {}
    local c = counter()
    local wrap = c.wrap
    local proxy = {}
    for k, f in pairs(idx) do proxy[k] = wrap("doc:" .. k, f) end
    for k, f in pairs(core) do
        if type(f) == "function" then saved[k] = f; core[k] = wrap("core." .. k, f) end
    end
    mt.__index = proxy
    local ok, res = pcall(fn)
    mt.__index = idx
    for k, f in pairs(saved) do core[k] = f end
    if not ok then error(res, 0) end
    return c.n, c.what, res
end

-- Calls into C during a whole newsextract.extract(html, opts), but
-- core.parse (whose document's methods are then counted) and doc:free.
local function extract_counted(html, opts)
    local c, saved = counter(), {}
    local wrap = c.wrap
    local parse = core.parse
    for k, f in pairs(core) do
        if type(f) == "function" then saved[k] = f; core[k] = wrap("core." .. k, f) end
    end
    local mt, idx
    core.parse = function(...)
        local doc, err = parse(...)
        if doc and not mt then
            mt = getmetatable(doc)
            idx = mt.__index
            local proxy = {}
            for k, f in pairs(idx) do proxy[k] = k == "free" and f or wrap("doc:" .. k, f) end
            mt.__index = proxy
        end
        return doc, err
    end
    local ok, res = pcall(nx.extract, html, opts)
    if mt then mt.__index = idx end
    for k, f in pairs(saved) do core[k] = f end
    if not ok then error(res, 0) end
    local list = {}
    for k, m in pairs(c.what) do list[#list + 1] = k .. "=" .. m end
    table.sort(list)
    return c.n, table.concat(list, " "), res
end

local function reuters_pages()
    local dir = h.corpus() .. "/reuters"
    local p = assert(io.popen("ls '" .. dir .. "'"))
    local out = {}
    for name in p:lines() do
        if name:find("%.html$") then
            out[#out + 1] = { name = name, html = h.read(dir .. "/" .. name),
                url = "https://www.reuters.com/article/" .. name:gsub("%.html$", "") }
        end
    end
    p:close()
    h.eq(#out, 8, "Reuters pages")
    return out
end

case("Reuters pages: a whole extract with the rules in at most 5 calls into C", function()
    local set = assert(rules.load(h.root() .. "/rules"))
    for _, pg in ipairs(reuters_pages()) do
        local n, list, a = extract_counted(pg.html, { url = pg.url, rules = set })
        print(("  %s: %d calls into C (%s)"):format(pg.name, n, list))
        assert(a and a.rule, pg.name .. ": no rule applied")
        assert(n <= 5, ("%s: %d calls into C: %s"):format(pg.name, n, list))
        -- the same article as an extract whose calls are not counted
        local b = nx.extract(pg.html, { url = pg.url, rules = set })
        h.eq(a.text, b.text, pg.name .. ": text")
        h.eq(a.lead_image, b.lead_image, pg.name .. ": lead_image")
        assert(a.lead_image == nil or a.lead_image:find("^https?://"), pg.name .. ": lead image absolute")
    end
end)

case("Readability pages: the generic path in at most 3 calls into C", function()
    local dir = h.corpus() .. "/readability-test-pages"
    local set = assert(rules.load(h.root() .. "/rules"))
    local p = assert(io.popen("ls '" .. dir .. "'"))
    local pages, worst, worst_list = 0, 0, ""
    for name in p:lines() do
        local html = h.read(dir .. "/" .. name .. "/source.html")
        local n, list = extract_counted(html, { url = "http://fakehost/test/page.html", rules = set })
        if n > worst then worst, worst_list = n, name .. ": " .. list end
        assert(n <= 3, ("%s: %d calls into C: %s"):format(name, n, list))
        pages = pages + 1
    end
    p:close()
    print(("  %d pages; most calls: %d (%s)"):format(pages, worst, worst_list))
    assert(pages >= 100, "Readability pages: " .. pages)
end)

case("Reuters pages: rules.apply alone reads the page in one call into C", function()
    local set = assert(rules.load(h.root() .. "/rules"))
    for _, pg in ipairs(reuters_pages()) do
        local doc = assert(core.parse(pg.html, { url = pg.url }))
        local md = doc:metadata()
        local rule = assert(set:match(pg.url, doc, { metadata = md }), pg.name .. ": no rule")
        local n, what, out = counted(doc, function()
            return rules.apply(rule, doc, { url = pg.url }, pg.html, md)
        end)
        doc:free()
        local list = {}
        for k, c in pairs(what) do list[#list + 1] = k .. "=" .. c end
        table.sort(list)
        assert(n <= 1 and what["doc:apply"] == 1,
            ("%s: %d calls into C: %s"):format(pg.name, n, table.concat(list, " ")))
        -- the same fields as a whole extract with the same rules
        local a = nx.extract(pg.html, { url = pg.url, rules = set })
        h.eq(out.title, a.title, pg.name .. ": title")
        -- the body's blocks are the article's (finish drops a repeated
        -- headline or a credits line from them)
        local found = 0
        for _, b in ipairs(out.blocks) do
            if a.text:find(b.text, 1, true) then found = found + 1 end
        end
        assert(#out.blocks >= 3 and found >= #out.blocks - 2,
            ("%s: %d of %d body blocks in the article's text"):format(pg.name, found, #out.blocks))
    end
end)

return T
