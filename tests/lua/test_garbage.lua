-- SPDX-License-Identifier: MIT
-- tests/lua/test_garbage.lua: the per-page word loops read with find, not
-- gmatch.  Under Lua 5.4 each gmatch call allocates its match state (some
-- 600 bytes of userdata), and a small page's peak heap in `make bench` is
-- the sum of such garbage: the loops below made 1.9 KB and 5.4 KB with
-- gmatch, 0.5 KB and 2.4 KB without.  (LuaJIT's gmatch allocates no state.)
local textsim = require("newsextract.textsim")
local fields = require("newsextract.fields")
local pagetype = require("newsextract.pagetype")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

-- bytes the third call allocates (the first two warm the string table)
local function garbage(fn, ...)
    fn(...)
    fn(...)
    collectgarbage("collect")
    collectgarbage("stop")
    local c0 = collectgarbage("count")
    fn(...)
    local d = (collectgarbage("count") - c0) * 1024
    collectgarbage("restart")
    return d
end

local function lua54()
    if rawget(_G, "jit") or _VERSION ~= "Lua 5.4" then h.skip("gmatch's match state is Lua 5.4's") end
end

case("textsim.similarity: the same value, no match state per call", function()
    lua54()
    h.eq(textsim.similarity("Lorem ipsum dolor sit amet", "Lorem ipsum dolor"), 1)
    h.eq(textsim.similarity("a b", "c d e"), 0)
    local n = garbage(textsim.similarity, "Lorem ipsum dolor sit amet", "Lorem ipsum dolor")
    h.eq(n < 1000, true, "similarity allocated " .. n .. " bytes")
end)

case("fields.authors: split on | and , without gmatch", function()
    lua54()
    local a = fields.authors("By Jane Roe and John Doe | Reuters")
    h.eq(a[1], "Jane Roe")
    h.eq(a[2], "John Doe")
    local n = garbage(fields.authors, "By Jane Roe and John Doe | Reuters")
    h.eq(n < 4000, true, "authors allocated " .. n .. " bytes")
end)

case("pagetype.features: the URL path's segments counted without gmatch", function()
    lua54()
    local s = { url = "https://example.com/news/2024/some-long-story-slug-here",
        counts = {}, cues = {}, blocks = {} }
    local x = pagetype.features(s)
    h.eq(x.u_root, 0)
    h.eq(x.u_slug, 1)
    -- its table of some 90 features is most of it (3.6 KB; 4.4 KB with gmatch)
    local n = garbage(pagetype.features, s)
    h.eq(n < 4000, true, "features allocated " .. n .. " bytes")
end)

return T
