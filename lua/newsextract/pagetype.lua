-- SPDX-License-Identifier: MIT
-- newsextract.pagetype: what kind of page this is, from signals every page
-- gives whatever its site: the schema.org types it declares (JSON-LD and
-- microdata), og:type, the shape of its URL's path, whether it states a
-- date and an author, and the statistics of the body's blocks.
--
--   pagetype.classify(signals) -> "article" | "forum" | "product" |
--       "collection" | "listing" | "documentation" | "service"
--
-- The kinds are WCXB's.  Each signal adds evidence to one or more kinds
-- and the kind with the most wins; with no signals at all the answer is
-- "article".  A page that states no date and no author leans to
-- "service" unless its body reads as prose (paragraphs of 25 words and
-- more).  The weights were set by hand, looking at the kinds' signal
-- distributions on WCXB's development split; about 79% of its pages get
-- their kind (docs/EVAL.md).
-- No site, host or page is named here: path words are the ones content
-- systems use ("/products/", "/docs/", "/threads/") in many languages of
-- software, not of any one site.
local type, ipairs, select = type, ipairs, select
local find, lower, match, gmatch, gsub = string.find, string.lower,
    string.match, string.gmatch, string.gsub

local M = { _VERSION = "0.1.0" }

local KINDS = { "article", "forum", "product", "collection", "listing",
    "documentation", "service" }
M.KINDS = KINDS

-- schema.org types named by JSON-LD texts and itemtype URLs, counted
local function schema_types(jsonld, itemtypes)
    local n = {}
    local function add(t)
        t = match(t, "([%w]+)$")
        if t then n[t] = (n[t] or 0) + 1 end
    end
    for _, j in ipairs(jsonld or {}) do
        if type(j) == "string" then
            for t in gmatch(j, '"@type"%s*:%s*"([^"]+)"') do add(t) end
            for list in gmatch(j, '"@type"%s*:%s*%[([^%]]*)%]') do
                for t in gmatch(list, '"([^"]+)"') do add(t) end
            end
        end
    end
    for _, it in ipairs(itemtypes or {}) do
        for t in gmatch(it, "%S+") do add(t) end
    end
    return n
end

-- host and lower-cased path of a URL ("" and "/" when there is none)
local function url_parts(url)
    if type(url) ~= "string" then return "", nil end
    local host, path = match(url, "^%a[%w+.-]*://([^/?#]*)([^?#]*)")
    if not host then return "", nil end
    if path == "" then path = "/" end
    return lower(host), lower(path)
end

local function any(s, patterns)
    for _, p in ipairs(patterns) do
        if find(s, p) then return true end
    end
    return false
end

local FORUM_PATH = { "/t/", "/threads?/", "/topics?/", "/forums?/",
    "/questions/", "/comments/", "/discussions?/", "/d/%d", "viewtopic",
    "showthread", "/board/" }
local FORUM_HOST = { "^forums?%.", "^community%.", "^discuss%.", "^answers%.",
    "forum" }
local PRODUCT_PATH = { "/products?/", "/p/", "/dp/", "/itm/", "/item/",
    "/pdp/", "/app/" }
local COLLECTION_PATH = { "/collections?/", "/categor[yi]e?s?/", "/c/",
    "/cat/", "/shop/", "/browse/", "/b/" }
local DOC_HOST = { "^docs?%.", "^developers?%.", "^learn%.", "^devdocs%.",
    "^api%.", "^wiki%.", "^help%.", "^support%." }
local DOC_PATH = { "/docs?/", "/docs?$", "/documentation", "/reference/",
    "/api/", "/manual/", "/library/", "/guides?/", "/tutorials?/", "/wiki/",
    "/learn/", "/learn$", "/support/", "/glossary/", "/handbook/" }
local ARTICLE_PATH = { "/19%d%d/", "/20%d%d/", "/blog/", "/news/", "/posts?/",
    "/articles?/", "/stor[yi]e?s?/" }
local LISTING_PATH = { "/tags?/", "/sections?/", "/topic/", "/authors?/",
    "/list/", "/directory/", "/latest/" }
local SERVICE_PATH = { "/services?/?$", "/services?/", "/pricing", "/features?/",
    "/solutions?/", "/plans/?$", "/contact", "/about" }

-- The signals classify reads, in the form its phases use: the schema
-- types counted, og:type, the URL's host and path (path "" when there is
-- no URL; segs, last: its segment count and last segment), the raw tag
-- counts, and the body's block statistics (nb blocks: p paragraphs of
-- pwords words, li list items, hs headings; words in all).
local function gather(s)
    local g = { T = schema_types(s.jsonld, s.itemtypes),
        og = lower(s.og_type or ""), c = s.counts or {}, segs = 0, last = "" }
    local host, path = url_parts(s.url)
    if path then
        for seg in gmatch(path, "[^/]+") do g.segs = g.segs + 1; g.last = seg end
    end
    g.host, g.path = host, path or ""
    local blocks = s.blocks or {}
    local p, li, hs, words, pwords = 0, 0, 0, 0, 0
    for _, b in ipairs(blocks) do
        local k = b.kind
        if k == "p" then p = p + 1; pwords = pwords + (b.words or 0)
        elseif k == "li" then li = li + 1
        elseif match(k, "^h%d$") then hs = hs + 1 end
        words = words + (b.words or 0)
    end
    g.nb, g.p, g.li, g.hs, g.words, g.pwords = #blocks, p, li, hs, words, pwords
    local T = g.T
    g.article_schema = (T.Article or T.NewsArticle or T.BlogPosting or
        T.Report or T.TechArticle or T.ScholarlyArticle) ~= nil
    return g
end

-- The evidence phases below add to the scores S in a fixed order: the
-- scores are sums of floating-point weights, so the order is part of the
-- result (a tie, or the scores classify returns, would change with it).

-- forum: a thread's schema, its posts' microdata, its URL
local function forum_evidence(S, g)
    local T, c = g.T, g.c
    if T.DiscussionForumPosting or T.QAPage then S.forum = S.forum + 4 end
    if (T.Comment or 0) >= 2 or (T.InteractionCounter or 0) >= 2 then
        S.forum = S.forum + 2
    end
    if any(g.path, FORUM_PATH) then S.forum = S.forum + 2.5 end
    -- a thread dates each post; a listing dates each teaser
    if (c.time or 0) >= 5 then
        S.forum = S.forum + 1.5
        S.listing = S.listing + 1
    end
    if any(g.host, FORUM_HOST) then S.forum = S.forum + 2 end
end

-- product and collection: one offer, or many
local function offer_evidence(S, g)
    local T, og = g.T, g.og
    local nprod = T.Product or 0
    local price = g.c.price or 0
    if og == "product" or find(og, ":item$") then S.product = S.product + 3 end
    if og == "product.group" then S.collection = S.collection + 3 end
    if nprod >= 1 and nprod <= 2 and not T.ItemList then
        S.product = S.product + 2.5
    end
    if T.Offer and nprod <= 2 then S.product = S.product + 0.5 end
    if any(g.path, PRODUCT_PATH) then S.product = S.product + 2 end
    if price == 1 then S.product = S.product + 1 end
    if nprod >= 3 or price >= 3 then S.collection = S.collection + 2.5 end
    if T.CollectionPage then
        S.collection = S.collection + 1.5
        S.listing = S.listing + 1
    end
    if T.ItemList then
        S.collection = S.collection + 1
        S.listing = S.listing + 0.5
    end
    if any(g.path, COLLECTION_PATH) then S.collection = S.collection + 2 end
end

-- documentation: its host or path, and code
local function doc_evidence(S, g)
    local c = g.c
    if any(g.host, DOC_HOST) then S.documentation = S.documentation + 2.5 end
    if any(g.path, DOC_PATH) then S.documentation = S.documentation + 2.5 end
    if (c.pre or 0) >= 3 then S.documentation = S.documentation + 1.5 end
    if (c.code or 0) >= 10 then S.documentation = S.documentation + 2 end
    if (c.code or 0) >= 60 then S.documentation = S.documentation + 1.5 end
end

-- article: its schema, a date and an author, a slug, prose
local function article_evidence(S, s, g)
    local p, nb = g.p, g.nb
    if g.article_schema then S.article = S.article + 3 end
    if g.og == "article" then S.article = S.article + 1.5 end
    if s.published then S.article = S.article + 1.5 end
    if (s.authors or 0) > 0 then S.article = S.article + 0.7 end
    -- prose: paragraphs of sentences, not a page of short selling lines
    local pw = p > 0 and g.pwords / p or 0
    if p >= 5 and pw >= 25 then S.article = S.article + 1 end
    if p >= 3 and pw < 14 then S.service = S.service + 0.5 end
    -- no date and no author: what states neither is seldom an article
    if nb > 0 and not s.published and (s.authors or 0) == 0 then
        S.service = S.service + 1.2
        S.collection = S.collection + 0.5
        S.listing = S.listing + 0.5
    end
    if any(g.path, ARTICLE_PATH) then S.article = S.article + 1.5 end
    -- a slug of five words or more ("how-to-cut-a-long-function")
    if select(2, gsub(g.last, "-", "")) >= 4 then S.article = S.article + 1 end
    if p >= 8 and g.words >= 600 and p / nb > 0.5 then S.article = S.article + 1 end
    if g.hs >= 8 and g.hs * 2 >= p then S.service = S.service + 0.8 end
end

-- listing and service: a site's front page, a section, a tag (lists of
-- other pages); a service's path words and schema
local function listing_evidence(S, g)
    local T, c = g.T, g.c
    if g.path ~= "" and g.segs == 0 then
        S.listing = S.listing + 1.5
        S.service = S.service + 2
        S.article = S.article - 1.5
        if (c.article or 0) >= 5 then S.listing = S.listing + 2 end
    end
    if any(g.path, LISTING_PATH) then S.listing = S.listing + 2 end
    if (c.article or 0) >= 6 then S.listing = S.listing + 1.5 end
    if any(g.path, SERVICE_PATH) then S.service = S.service + 2.5 end
    if T.Service or T.LocalBusiness or T.ProfessionalService then
        S.service = S.service + 1
    end
    if T.FAQPage then S.service = S.service + 0.5 end
    if g.og == "website" and not g.article_schema then
        S.service = S.service + 0.7
        S.article = S.article - 0.3
    end
end

-- links per hundred words of the body: pages of links are lists; and a
-- body mostly of list items
local function link_evidence(S, g)
    local r = (g.c.a or 0) / (g.words + 50) * 100
    if r >= 40 then
        S.listing = S.listing + 1.5
        S.collection = S.collection + 1.5
        S.article = S.article - 1
    elseif r >= 20 then
        S.listing = S.listing + 0.7
        S.collection = S.collection + 0.7
        S.product = S.product + 0.3
    elseif r < 10 then
        S.article = S.article + 0.7
    end
    if g.nb > 20 and g.li / g.nb > 0.5 then
        S.listing = S.listing + 0.5
        S.collection = S.collection + 0.5
    end
end

--- pagetype.classify(s) -> kind, scores
--- s: { jsonld = { raw JSON text, ... }, itemtypes = { itemtype value, ... },
---      og_type = string, url = string, published = bool, authors = n,
---      blocks = { {kind=, words=}, ... }, counts = { pre=, code=,
---      article=, price= } }
function M.classify(s)
    -- every kind starts at 0 but article, the answer without evidence
    local S = {}
    for _, k in ipairs(KINDS) do S[k] = 0 end
    S.article = 0.5
    local g = gather(s)
    forum_evidence(S, g)
    offer_evidence(S, g)
    doc_evidence(S, g)
    article_evidence(S, s, g)
    listing_evidence(S, g)
    link_evidence(S, g)
    -- the decision: the most evidence wins; a tie goes to the kind first
    -- in KINDS (article first), as the strict ">" keeps the earlier one
    local best, score = "article", S.article
    for _, k in ipairs(KINDS) do
        if S[k] > score then best, score = k, S[k] end
    end
    return best, S
end

--- pagetype.of_page(md, fields, blocks) -> kind: the signals gathered
--- from what extract already has (md: doc:metadata(), which also counts
--- the page's elements and lists its itemtypes).
function M.of_page(md, f, blocks)
    return (M.classify(M.signals(md, f, blocks)))
end

--- pagetype.signals(md, fields, blocks) -> the table classify reads
function M.signals(md, f, blocks)
    local meta = md.meta or {}
    local og = meta["og:type"]
    local prices = md.itemprop and md.itemprop.price
    local tags = md.tags or {}   -- elements counted by doc:metadata
    return {
        jsonld = md.jsonld,
        itemtypes = md.itemtypes,
        og_type = og and og[1],
        url = f.url or (meta["og:url"] and meta["og:url"][1]),
        published = f.published ~= nil and not md.date_guessed,   -- meta.lua's last resort
        authors = f.authors and #f.authors or 0,
        blocks = blocks,
        counts = { pre = tags.pre or 0, code = tags.code or 0,
            article = tags.article or 0, a = tags.a or 0, img = tags.img or 0,
            time = md.time and #md.time or 0, price = prices and #prices or 0 },
    }
end

return M
