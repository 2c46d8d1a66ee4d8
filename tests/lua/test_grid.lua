-- SPDX-License-Identifier: MIT
-- tests/lua/test_grid.lua: doc:article's "items" mode (nx_choose_grid), which
-- extract uses on pages read as a collection: a series of alike items
-- outside nav/header/footer may join the choice; a menu never does, and a
-- page without such a series gives what the default mode gives.
local core = require("newsextract.core")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local texts = h.mode_text

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

-- a category page: a short intro, a newsletter box the vote may pick, and
-- the shop's cards, which must all come out in items mode
local function shop(cards)
    return "<html><body><div class='page'><h1>Schneidebretter</h1><p>Alle Bretter aus unserer Werkstatt.</p>"
        .. "<div class='grid'>" .. table.concat(cards) .. "</div>"
        .. "<div class='signup'><p>Melden Sie sich für unseren Newsletter an und erhalten Sie jede Woche Neuigkeiten aus der Werkstatt, Rabatte und Einladungen zu unseren Kursen.</p></div>"
        .. "</div></body></html>"
end
local WOODS = { "Eiche", "Buche", "Nussbaum", "Kirsche", "Ahorn", "Esche", "Lärche", "Olive",
    "Birke", "Zirbe", "Ulme", "Robinie" }

case("a category page's cards all come out in items mode", function()
    local cards = {}
    for i, w in ipairs(WOODS) do
        cards[i] = ('<div class="card"><img src="/b/%d.jpg" alt=""><h3><a href="/p/%d">Brett aus %s</a></h3>'
            .. '<div class="price">%d,90 EUR</div><div class="size">Geölt, 40 x 25 cm</div></div>'):format(i, i, w, 20 + i)
    end
    local items = texts(shop(cards), "items")
    for i, w in ipairs(WOODS) do
        assert(items:find("Brett aus " .. w, 1, true), "card " .. i .. " is missing")
        assert(items:find(("%d,90 EUR"):format(20 + i), 1, true), "price " .. i .. " is missing")
    end
end)

case("cards that are each one link with a picture come out in items mode", function()
    -- each card is one <a> around its picture, name and price: all link
    -- text, as a menu is, but a menu's links hold no pictures
    local cards = {}
    for i, w in ipairs(WOODS) do
        cards[i] = ('<div class="card"><a href="/p/%d"><img src="/b/%d.jpg" alt="">'
            .. '<span class="name">Brett aus %s, geölt, mit Saftrille</span> <span class="price">%d,90 EUR</span></a></div>'):format(i, i, w, 20 + i)
    end
    local items = texts(shop(cards), "items")
    for i, w in ipairs(WOODS) do
        assert(items:find("Brett aus " .. w, 1, true), "card " .. i .. " is missing")
    end
end)

case("a menu of links without pictures does not join the choice", function()
    local links = {}
    for i, w in ipairs(WOODS) do
        links[i] = ('<li class="cat"><a href="/k/%d">Alle Bretter und Schalen aus %s</a></li>'):format(i, w)
    end
    local html = "<html><body><div class='side'><ul>" .. table.concat(links) .. "</ul></div>" .. body .. "</body></html>"
    local items = texts(html, "items")
    h.eq(items, texts(html), "items mode equals the default")
end)

case("a grid the vote half kept joins beside a buying guide", function()
    -- the vote keeps each card's sentence, not its price: the grid is
    -- measured against the guide's text, not against its own kept lines
    local cards = {}
    for i, w in ipairs(WOODS) do
        cards[i] = ('<div class="card"><img src="/b/%d.jpg" alt=""><h3><a href="/p/%d">Brett aus %s</a></h3>'
            .. '<p>Ein kräftiges Brett aus %s, geölt und von Hand geschliffen, mit einer tiefen Saftrille am Rand.</p>'
            .. '<div class="price">%d,90 EUR</div><div class="size">Geölt, 40 x 25 cm, 2 cm stark</div>'
            .. '<div class="ship">Lieferung in 2 bis 4 Werktagen, versandkostenfrei</div></div>'):format(i, i, w, w, 20 + i)
    end
    local guide = string.rep("<p>Ein gutes Schneidebrett ist aus Hartholz, denn weiches Holz nimmt Kerben und Gerüche an, und es sollte nach jedem Gebrauch mit warmem Wasser gereinigt werden.</p>", 7)
    local html = "<html><body><div class='page'><h1>Schneidebretter</h1><div class='intro'>" .. guide .. "</div>"
        .. "<div class='grid'>" .. table.concat(cards) .. "</div></div></body></html>"
    local items = texts(html, "items")
    assert(items:find("Hartholz", 1, true), "the guide stays")
    for i = 1, #WOODS do
        assert(items:find(("%d,90 EUR"):format(20 + i), 1, true), "price " .. i .. " is missing")
    end
end)

case("a long buying guide stands alone beside a grid of its size", function()
    -- a category's prose, longer than the grid, is the page's content
    local cards = {}
    for i, w in ipairs(WOODS) do
        cards[i] = ('<div class="card"><img src="/b/%d.jpg" alt=""><h3><a href="/p/%d">Brett aus %s</a></h3>'
            .. '<div class="price">%d,90 EUR</div><div class="size">Geölt, 40 x 25 cm</div></div>'):format(i, i, w, 20 + i)
    end
    local guide = string.rep("<p>Ein gutes Schneidebrett ist aus Hartholz, denn weiches Holz nimmt Kerben und Gerüche an, und es sollte nach jedem Gebrauch mit warmem Wasser gereinigt werden.</p>", 10)
    local html = "<html><body><div class='page'><h1>Schneidebretter</h1><div class='intro'>" .. guide .. "</div>"
        .. "<div class='grid'>" .. table.concat(cards) .. "</div></div></body></html>"
    local items = texts(html, "items")
    assert(items:find("Hartholz", 1, true), "the guide stays")
    assert(not items:find("EUR", 1, true), "the grid stays out")
end)

case("cards without a class come out in items mode", function()
    local cards = {}
    for i, w in ipairs(WOODS) do
        cards[i] = ('<div><img src="/b/%d.jpg" alt=""><h3><a href="/p/%d">Brett aus %s</a></h3>'
            .. '<div>%d,90 EUR</div><div>Geölt, 40 x 25 cm</div></div>'):format(i, i, w, 20 + i)
    end
    local items = texts(shop(cards), "items")
    for i = 1, #WOODS do
        assert(items:find(("%d,90 EUR"):format(20 + i), 1, true), "price " .. i .. " is missing")
    end
end)

case("a grid of short pictured category tiles comes out in items mode", function()
    -- a category's sub-categories: a picture and a name of a few words
    local tiles = {}
    for i, w in ipairs(WOODS) do
        tiles[i] = ('<div class="tile"><a href="/k/%d"><img src="/k/%d.jpg" alt=""><span>Bretter aus %s</span></a></div>'):format(i, i, w)
    end
    local items = texts(shop(tiles), "items")
    for _, w in ipairs(WOODS) do
        assert(items:find("Bretter aus " .. w, 1, true), w .. " is missing")
    end
end)

case("a misspelt mode raises and names it", function()
    local doc = assert(core.parse("<html><body><p>x</p></body></html>"))
    h.raises("invalid option 'itemz'", doc.article, doc, "balanced", nil, "itemz")
    doc:free()
end)

return T
