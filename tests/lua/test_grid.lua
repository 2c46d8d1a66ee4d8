-- SPDX-License-Identifier: MIT
-- tests/lua/test_grid.lua: doc:article's "items" mode (nx_choose_grid), which
-- extract uses on pages read as a collection: a series of alike items
-- outside nav/header/footer may join the choice; a menu never does, and a
-- page without such a series gives what the default mode gives.
local core = require("newsextract.core")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local function texts(html, mode)
    local doc = assert(core.parse(html))
    local a = doc:article("balanced", nil, mode)
    local t = {}
    for _, b in ipairs(a.blocks or {}) do t[#t + 1] = b.text end
    doc:free()
    return table.concat(t, "\n")
end

local body = "<article><h1>Herbst im Atelier</h1>"
    .. string.rep("<p>Im Herbst arbeiten wir mit Leinen, Wolle und Holz, und jede Woche entsteht ein neues Stück für die Sammlung.</p>", 4)
    .. "</article>"

case("a menu of alike items inside <nav> does not join the choice", function()
    local menu = {}
    for i = 1, 8 do
        menu[i] = ('<li class="menu-item"><a href="/k/%d">Kategorie %d</a> <span>Alles rund um Stoffe und Garne, Teil %d</span></li>'):format(i, i, i)
    end
    local html = "<html><body><nav><ul>" .. table.concat(menu) .. "</ul></nav>" .. body .. "</body></html>"
    local plain, items = texts(html), texts(html, "items")
    h.eq(items, plain, "items mode equals the default")
    assert(not items:find("Kategorie", 1, true), "the menu stays out")
end)

case("a page without a series gives the default choice in items mode", function()
    local html = "<html><body><div class='side'><p>Kurz notiert.</p></div>" .. body .. "</body></html>"
    h.eq(texts(html, "items"), texts(html), "items mode equals the default")
end)

case("a misspelt mode raises and names it", function()
    local doc = assert(core.parse("<html><body><p>x</p></body></html>"))
    h.raises("invalid option 'itemz'", doc.article, doc, "balanced", nil, "itemz")
    doc:free()
end)

return T
