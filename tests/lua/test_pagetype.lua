-- SPDX-License-Identifier: MIT
-- tests/lua/test_pagetype.lua: article.page_type on synthetic pages, one
-- per kind, each told by general signals (schema.org, og:type, URL path,
-- date and author, blocks), never by a site's name.
local newsextract = require("newsextract")
local pagetype = require("newsextract.pagetype")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local PROSE = {}
for i = 1, 8 do
    PROSE[i] = "<p>Sentence " .. i .. " of this page tells the reader about the harbour, " ..
        "the bridge and the new tram line, in words long enough to be prose, as a story " ..
        "is written.</p>"
end
PROSE = table.concat(PROSE)

local function page(head, body)
    return "<html><head><title>A page</title>" .. head .. "</head><body>" ..
        body .. "</body></html>"
end

local function kind(html)
    local a = assert(newsextract.extract(html, { rules = false }))
    return a.page_type
end

case("a news story: Article schema, date and author", function()
    h.eq(kind(page([[<link rel="canonical" href="https://news.example/2024/05/harbour-city-votes-to-rebuild-tram">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-05-02T10:00:00Z","author":{"@type":"Person","name":"Ann Lee"}}</script>]],
        "<article><h1>Harbour city votes</h1>" .. PROSE .. "</article>")), "article", "page_type")
end)

case("no date, no author, no schema, but prose: an article", function()
    h.eq(kind(page("", "<div>" .. PROSE .. "</div>")), "article", "page_type")
end)

case("a forum thread: DiscussionForumPosting and a /threads/ path", function()
    h.eq(kind(page([[<link rel="canonical" href="https://talk.example/threads/which-bike-to-buy.1234/">
<script type="application/ld+json">{"@type":"DiscussionForumPosting","headline":"Which bike?"}</script>]],
        "<div>" .. PROSE .. "</div>")), "forum", "page_type")
end)

case("a product page: one Product with an Offer, og:type product", function()
    h.eq(kind(page([[<meta property="og:type" content="product">
<link rel="canonical" href="https://shop.example/products/blue-kettle">
<script type="application/ld+json">{"@type":"Product","name":"Blue kettle","offers":{"@type":"Offer","price":"20"}}</script>]],
        "<div><h1>Blue kettle</h1><p>A kettle.</p></div>")), "product", "page_type")
end)

case("a collection: many products under a /collections/ path", function()
    local items = {}
    for i = 1, 6 do
        items[i] = '<li itemscope itemtype="https://schema.org/Product"><a href="/p/' .. i ..
            '">Kettle ' .. i .. '</a> <span itemprop="price">2' .. i .. '</span></li>'
    end
    h.eq(kind(page([[<link rel="canonical" href="https://shop.example/collections/kettles">]],
        "<ul>" .. table.concat(items) .. "</ul>")), "collection", "page_type")
end)

case("documentation: a /docs/ path and code", function()
    local code = ("<pre><code>local x = require 'x'</code></pre>"):rep(4)
    h.eq(kind(page([[<link rel="canonical" href="https://example.org/docs/reference/install">]],
        "<main><h1>Install</h1>" .. PROSE .. code .. "</main>")), "documentation", "page_type")
end)

case("a site's front page with many article teasers: a listing", function()
    local teasers = {}
    for i = 1, 8 do
        teasers[i] = "<article><h2><a href='/2024/05/story-" .. i .. "'>Story " .. i ..
            "</a></h2><p>Teaser " .. i .. ".</p></article>"
    end
    h.eq(kind(page([[<link rel="canonical" href="https://news.example/">]],
        table.concat(teasers))), "listing", "page_type")
end)

case("a service page: /services/, no date, no author", function()
    h.eq(kind(page([[<meta property="og:type" content="website">
<link rel="canonical" href="https://firm.example/services/bookkeeping">]],
        "<main><h1>Bookkeeping</h1><h2>What we do</h2><p>We keep your books.</p>" ..
        "<h2>Prices</h2><p>From 50 a month.</p><h2>Contact</h2><p>Call us.</p></main>")), "service", "page_type")
end)

case("classify: every kind it returns is one of the seven", function()
    local seen = {}
    for _, k in ipairs(pagetype.KINDS) do seen[k] = true end
    h.eq(#pagetype.KINDS, 7, "kinds")
    local k = pagetype.classify({})
    assert(seen[k], "unknown kind " .. tostring(k))
    h.eq(k, "article", "no signals")
end)

case("text input has no page_type", function()
    local a = assert(newsextract.extract("A title\n\nSome text of a page.", { input = "text" }))
    h.eq(a.page_type, nil, "page_type")
end)

-- {======================================================================
-- The walk's page cues (doc:metadata().cues) and kinds told by them
-- alone: no schema, no og:type, no URL, in several languages.

local core = require("newsextract.core")
local function cues_of(html)
    local doc = assert(core.parse(html))
    local md = doc:metadata()
    doc:free()
    return md.cues, md.tags
end

case("cues: prices are a currency by a number; a year is none", function()
    local q = cues_of(page("", "<span>$12.99</span><span>12,99 €</span><span>£ 5</span>" ..
        "<span>CHF 40.-</span><span>In 2024</span><span>usd</span>" ..
        "<p>" .. ("A long paragraph that mentions $5 once among many words. "):rep(3) .. "</p>"))
    h.eq(q.price, 4, "short texts that are prices")
end)

case("cues: phrases begin a short text and end a word", function()
    local q = cues_of(page("", "<button>Add to Cart</button><a>In den Warenkorb</a>" ..
        "<a>Reply (3)</a><a>Replying is fun</a><a>Nextjs guide</a><a>Next</a>" ..
        "<span>On this page</span><a>Read more »</a><a>Get a quote</a><span>Sort by</span>" ..
        "<span>Ordenar por</span><a>в корзину</a>"))
    h.eq(q.buy, 3, "buy")
    h.eq(q.post, 1, "post: 'Replying' is no 'Reply'")
    h.eq(q.doc, 2, "doc: 'Next' and 'On this page', not 'Nextjs'")
    h.eq(q.more, 1, "more")
    h.eq(q.cta, 1, "cta")
    h.eq(q.sort, 2, "sort")
end)

case("cues: element counts of the walk", function()
    local _, tags = cues_of(page("", "<nav><ul><li>a</li><li>b</li></ul></nav>" ..
        "<form><input><select></select><button>Go</button></form>"))
    h.eq(tags.nav, 1, "nav")
    h.eq(tags.li, 2, "li")
    h.eq(tags.input, 1, "input")
    h.eq(tags.select, 1, "select")
    h.eq(tags.button, 1, "button")
end)

case("cues: link and navigation text are shares of the printed text", function()
    local q = cues_of(page("", "<nav><a href='/'>Home</a></nav><p>Body text.</p>" ..
        "<script>var x = 'not printed';</script>"))
    h.eq(q.text, #"Home" + #"Body text.", "text bytes")
    h.eq(q.link_text, 4, "link text")
    h.eq(q.nav_text, 4, "nav text")
end)

local function repeat_n(n, f)
    local t = {}
    for i = 1, n do t[i] = f(i) end
    return table.concat(t)
end

local function de_product(buying)
    return page("", "<header><nav><ul>" .. repeat_n(4, function(i)
            return "<li><a href='/kategorie/" .. i .. "'>Kategorie " .. i .. "</a></li>"
        end) .. "</ul></nav></header><main><h1>Wasserkocher Blau</h1>" ..
        "<div class='gallery'><img src='a.jpg'><img src='b.jpg'></div>" .. buying ..
        "<h2>Beschreibung</h2><p>Ein Wasserkocher aus Edelstahl mit 1,7 Litern, " ..
        "abschaltbar, mit Kalkfilter und beleuchtetem Schalter.</p>" ..
        "<p>Der Sockel dreht sich um 360 Grad; das Kabel lässt sich aufwickeln.</p>" ..
        "<h2>Technische Daten</h2><table><tr><td>Leistung</td><td>2200 W</td></tr>" ..
        "<tr><td>Gewicht</td><td>1,1 kg</td></tr></table></main>" ..
        "<footer><a href='/agb'>AGB</a> <a href='/impressum'>Impressum</a></footer>")
end
local DE_BUY = "<div class='price'>49,90 €</div><span>Auf Lager</span>" ..
    "<label>Menge</label><input type='number' value='1'><button>In den Warenkorb</button>"

local function scores(html)
    local S
    local orig = pagetype.of_page
    pagetype.of_page = function(md, f, blocks)
        local k, sc = pagetype.classify(pagetype.signals(md, f, blocks))
        S = sc
        return k
    end
    local ok, err = pcall(kind, html)
    pagetype.of_page = orig
    assert(ok, err)
    return S
end

case("German buying cues (price, stock, quantity, cart) raise product", function()
    local without, with = scores(de_product("")), scores(de_product(DE_BUY))
    assert(with.product - without.product > 0.5, "product's score rises with the cues")
    assert(with.product - with.article > without.product - without.article,
        "and gains on article")
end)

case("a German product page: a Product schema and its buying cues", function()
    h.eq(kind(de_product(DE_BUY):gsub("</head>", [[<script type="application/ld+json">
{"@type":"Product","name":"Wasserkocher Blau"}</script></head>]], 1)), "product", "page_type")
end)

case("a Spanish collection: product cards with prices, sorting and filters", function()
    h.eq(kind(page("", "<h1>Teteras</h1><div class='filters'><span>Filtrar</span>" ..
        "<select><option>Ordenar por</option></select></div><ul class='product-grid'>" ..
        repeat_n(12, function(i)
            return "<li class='product-card'><a href='/p/" .. i .. "'><img src='" .. i ..
                ".jpg'>Tetera " .. i .. "</a><span class='price'>" .. (10 + i) ..
                ",00 €</span><button class='add-to-cart'>Añadir al carrito</button></li>"
        end) .. "</ul>")), "collection", "page_type")
end)

case("a French forum thread told by its posts: users, replies, quotes", function()
    h.eq(kind(page("", "<h1>Quel vélo acheter ?</h1>" .. repeat_n(6, function(i)
        return "<div class='post message'><div class='user-info'><img class='avatar'>" ..
            "<a>membre" .. i .. "</a><span>Inscrit : 2019</span></div>" ..
            "<div class='postbody'><p>Je pense que le vélo numéro " .. i ..
            " est le meilleur choix pour la ville.</p></div>" ..
            "<a>Répondre</a><a>Citer</a></div>"
    end))), "forum", "page_type")
end)

case("Japanese documentation: code, a table of contents, prev/next", function()
    h.eq(kind(page("", "<nav class='sidebar docs-nav'><ul>" ..
        repeat_n(20, function(i) return "<li><a href='/docs/" .. i .. "'>章 " .. i .. "</a></li>" end) ..
        "</ul></nav><main><h1>インストール</h1><nav class='toc'><span>このページの内容</span></nav>" ..
        repeat_n(4, function(i)
            return "<h2>手順 " .. i .. "</h2><p>次のコマンドを実行してください。</p>" ..
                "<pre><code class='language-sh'>npm install pkg" .. i .. "</code></pre>"
        end) .. "<p>関数 <code>init()</code> と <code>run()</code> を呼びます。</p>" ..
        "<a>Previous</a><a>Next</a></main>")), "documentation", "page_type")
end)

case("an English service page: calls to action, landing sections, no date", function()
    h.eq(kind(page("", "<section class='hero'><h1>Roof repair in your city</h1>" ..
        "<a class='cta'>Get a free quote</a></section><section class='features'>" ..
        repeat_n(4, function(i)
            return "<h2>Service " .. i .. "</h2><p>We fix leaks fast.</p>"
        end) .. "</section><section class='testimonials'><p>Great work!</p></section>" ..
        "<a>Contact us</a><a>Call now</a><a>Learn more</a>")), "service", "page_type")
end)

case("a listing of teasers: linked headings, dates, 'Read more'", function()
    h.eq(kind(page("", "<h1>Latest news</h1>" .. repeat_n(10, function(i)
        return "<article class='teaser card'><h2><a href='/story-" .. i .. "'>Story " .. i ..
            "</a></h2><time datetime='2024-05-0" .. (i % 9 + 1) .. "'>May " .. i .. "</time>" ..
            "<p>A short teaser of story " .. i .. ".</p><a href='/story-" .. i ..
            "'>Read more</a></article>"
    end) .. "<div class='pagination'><a>2</a><a>Next page</a></div>")), "listing", "page_type")
end)

case("a German article: Article schema, a printed date, long paragraphs", function()
    h.eq(kind(page([[<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-05-02T10:00:00Z">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Hafen"}</script>]],
        "<article><h1>Die Stadt baut den Hafen um</h1><p class='byline'>Von Anna Berg</p>" ..
        repeat_n(8, function(i)
            return "<p>Absatz " .. i .. ": Die Stadt hat beschlossen, den alten Hafen " ..
                "umzubauen, und die Bürger haben in einer langen Sitzung darüber gesprochen, " ..
                "was mit den Lagerhallen und der Brücke geschehen soll.</p>"
        end) .. "</article>")), "article", "page_type")
end)

case("features: every feature the weights name is computed, and finite", function()
    local weights = require("newsextract.pagetype_weights")
    local x = pagetype.features({ counts = {}, cues = {}, blocks = {} })
    local known = {}
    for _, f in ipairs(pagetype.FEATURES) do
        known[f] = true
        assert(type(x[f]) == "number" and x[f] == x[f], "feature " .. f)
    end
    for _, k in ipairs(pagetype.KINDS) do
        assert(weights[k], "weights for " .. k)
        for f in pairs(weights[k]) do
            assert(f == "bias" or known[f], "weight for an unknown feature " .. f)
        end
    end
end)
-- }======================================================================

return T
