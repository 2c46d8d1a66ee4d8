-- SPDX-License-Identifier: MIT
-- tests/lua/test_rules_calls.lua: a rule page is read in few calls into C.
-- On each Reuters page of the shared corpus, the bundled rule chosen for it
-- is applied (rules.apply, with the page's metadata passed in, as extract
-- passes it) while every document method and core function is counted:
-- at most 5 Lua->C calls (the issue's bound; doc:apply does the selections,
-- strips and body in one), and the fields are those of a plain extract.
local core = require "newsextract.core"
local rules = require "newsextract.rules"
local nx = require "newsextract"
local h = require "helper"

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

-- Calls into C while fn runs: doc methods (through the metatable of `doc`)
-- and core functions.  Returns the count, what was called, fn's results.
local function counted(doc, fn)
    local mt = getmetatable(doc)
    local idx, saved = mt.__index, {}
    local n, what = 0, {}
    local function wrap(name, f)
        return function(...)
            n = n + 1
            what[name] = (what[name] or 0) + 1
            return f(...)
        end
    end
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
    return n, what, res
end

case("Reuters pages: a rule applied in at most 5 calls into C", function()
    local dir = h.corpus() .. "/reuters"
    local set = assert(rules.load(h.root() .. "/rules"))
    local p = assert(io.popen("ls '" .. dir .. "'"))
    local pages = 0
    for name in p:lines() do
        if name:find("%.html$") then
            local html = h.read(dir .. "/" .. name)
            local url = "https://www.reuters.com/article/" .. name:gsub("%.html$", "")
            local doc = assert(core.parse(html, { url = url }))
            local md = doc:metadata()
            local rule = assert(set:match(url, doc, { metadata = md }), name .. ": no rule")
            local n, what, out = counted(doc, function()
                return rules.apply(rule, doc, { url = url }, html, md)
            end)
            doc:free()
            local list = {}
            for k, c in pairs(what) do list[#list + 1] = k .. "=" .. c end
            table.sort(list)
            assert(n <= 5, ("%s: %d calls into C: %s"):format(name, n, table.concat(list, " ")))
            print(("  %s: %d calls into C (%s)"):format(name, n, table.concat(list, " ")))
            assert(what["doc:apply"] == 1, name .. ": doc:apply not called once")
            -- the same fields as a whole extract with the same rules
            local a = nx.extract(html, { url = url, rules = set })
            h.eq(out.title, a.title, name .. ": title")
            -- the body's blocks are the article's (finish drops a repeated
            -- headline or a credits line from them)
            local found = 0
            for _, b in ipairs(out.blocks) do
                if a.text:find(b.text, 1, true) then found = found + 1 end
            end
            assert(#out.blocks >= 3 and found >= #out.blocks - 2,
                ("%s: %d of %d body blocks in the article's text"):format(name, found, #out.blocks))
            pages = pages + 1
        end
    end
    p:close()
    h.eq(pages, 8, "Reuters pages")
end)

return T
