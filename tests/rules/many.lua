-- SPDX-License-Identifier: MIT
-- tests/rules/many.lua: how rule choice scales.  Writes 1,000 rule files
-- (plus the bundled ones) into a temp dir, then times load, reload and
-- match on a real Reuters page, with a URL, without a URL (raw pre-filter)
-- and without either; and one parse + apply for comparison.
--   lua5.4 tests/rules/many.lua            (NX_BUILD=build/luajit luajit ...)
local root = (arg and arg[0] or ""):match("^(.*)/tests/rules/many%.lua$") or "."
local build = os.getenv("NX_BUILD") or (root .. "/build/lua5.4")
package.path = root .. "/lua/?.lua;" .. package.path
package.cpath = build .. "/?.so;" .. package.cpath
local core = require "newsextract.core"
local rules = require "newsextract.rules"

local N = tonumber(os.getenv("NX_RULES_N") or "1000")
local corpus = os.getenv("NX_CORPUS") or (root .. "/../shared/corpus")
local page = corpus .. "/reuters/2018-us-qualcomm-m-a-broadcom-5g-idUSKCN1GR1IN.html"
local f = assert(io.open(page, "rb"))
local raw = f:read("*a")
f:close()

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p '" .. dir .. "/rules' && cp -r '" .. root .. "/rules/reuters' '" .. dir .. "/rules/'"))
for i = 1, N do
    local site = ("site%04d"):format(i)
    os.execute("mkdir -p '" .. dir .. "/rules/" .. site .. "' 2>/dev/null")
    local w = assert(io.open(("%s/rules/%s/2020.lua"):format(dir, site), "wb"))
    w:write(([[
return {
    site = "%s.example", also = { "%s.example.net" },
    detect = ".Site%dArticle_body",
    title = { "h1.Site%d_headline", { meta = "og:title" } },
    authors = { { ".Site%d_byline a", all = true } },
    published = { { "time.Site%d_date", attr = "datetime" } },
    section = ".Site%d_channel",
    body = ".Site%dArticle_body",
    strip = { ".Site%d_related", ".Site%d_ad" },
}
]]):format(site, site, i, i, i, i, i, i, i, i))
    w:close()
end

local clock = os.clock
local function time(n, fn)
    local t0 = clock()
    for _ = 1, n do fn() end
    return (clock() - t0) / n * 1000
end

local set
local load_ms = time(1, function() set = assert(rules.load(dir .. "/rules")) end)
assert(#set.errors == 0, set.errors[1])
local reload_ms = time(1, function() set:reload() end)
local doc = assert(core.parse(raw))
local want = "reuters-2017"
local url = "https://www.reuters.com/article/us-qualcomm-m-a-broadcom-5g-idUSKCN1GR1IN"
assert(set:match(url, doc, { raw = raw }).name == want)
assert(set:match(nil, doc, { raw = raw }).name == want)
local m_url = time(200, function() set:match(url, doc, { raw = raw }) end)
local m_raw = time(50, function() set:match(nil, doc, { raw = raw }) end)
local m_none = time(3, function() set:match(nil, doc) end)
-- The worst case: a page no rule is for (every candidate tried).
local g = assert(io.open(corpus .. "/readability-test-pages/nytimes-1/source.html", "rb"))
local other = g:read("*a")
g:close()
local odoc = assert(core.parse(other))
assert(set:match(nil, odoc, { raw = other }) == nil)
local o_raw = time(50, function() set:match(nil, odoc, { raw = other }) end)
local o_none = time(3, function() set:match(nil, odoc) end)
local ex = time(20, function()
    local d = core.parse(raw)
    rules.apply(set:get(want), d)
    d:free()
end)
os.execute("rm -rf '" .. dir .. "'")
print(("%s: %d rules (+%d bundled)"):format(jit and jit.version or _VERSION, N, #set.rules - N))
print(("  load              %8.1f ms"):format(load_ms))
print(("  reload (no change)%8.1f ms"):format(reload_ms))
print(("  match, URL        %8.3f ms"):format(m_url))
print(("  match, raw only   %8.3f ms"):format(m_raw))
print(("  match, doc only   %8.3f ms  (doc:tokens pre-filter)"):format(m_none))
print(("  no rule, raw       %8.3f ms  (another site's page, pre-filter)"):format(o_raw))
print(("  no rule, doc only  %8.3f ms  (another site's page, doc:tokens pre-filter)"):format(o_none))
print(("  parse + apply     %8.3f ms  (one extraction, for scale)"):format(ex))
