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

return T
