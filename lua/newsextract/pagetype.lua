-- SPDX-License-Identifier: MIT
-- newsextract.pagetype: what kind of page this is, from signals every page
-- gives whatever its site: the schema.org types it declares (JSON-LD and
-- microdata), og:type, the shape of its canonical URL's path, whether it
-- states a date and an author, the element counts and page cues of
-- doc:metadata's walk (prices; buying, post, manual, "read more",
-- call-to-action and sorting phrases; link and navigation text), the
-- words of its <title>, and the statistics of the body's blocks.
--
--   pagetype.classify(signals) -> "article" | "forum" | "product" |
--       "collection" | "listing" | "documentation" | "service"
--
-- The kinds are WCXB's.  pagetype.features turns the signals into named
-- numbers (flags, log-scaled counts, shares); each kind's score is the sum
-- of its weights times them (pagetype_weights.lua, a multinomial logistic
-- regression that tools/eval/ptfit.lua fits on WCXB's development split),
-- and the highest score wins; with no signals at all the answer is
-- "article".  0.901 of that split's pages get their kind, 0.854 when each
-- half of its sites is scored by weights fitted on the other (docs/EVAL.md).
-- No site, host or page is named here: path words are the ones content
-- systems use ("/products/", "/docs/", "/threads/") in many languages of
-- software, not of any one site.
local type, ipairs, pairs, select = type, ipairs, pairs, select
local find, lower, match, gmatch, gsub, sub = string.find, string.lower,
    string.match, string.gmatch, string.gsub, string.sub

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
    if s == "" then return false end     -- no URL: every pattern needs a character
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

local log = math.log

-- schema.org types that say what the page is, by the kind they point to
local ARTICLE_T = { "Article", "NewsArticle", "BlogPosting", "Report",
    "ScholarlyArticle", "OpinionNewsArticle", "ReportageNewsArticle",
    "AnalysisNewsArticle", "LiveBlogPosting", "Recipe", "HowTo" }
local DOC_T = { "TechArticle", "APIReference", "SoftwareSourceCode" }
local FORUM_T = { "DiscussionForumPosting", "QAPage", "SocialMediaPosting" }
local COLLECTION_T = { "CollectionPage", "ItemList", "SearchResultsPage",
    "OfferCatalog" }
local SERVICE_T = { "Service", "LocalBusiness", "ProfessionalService",
    "FinancialProduct", "EducationalOccupationalProgram", "Course",
    "SoftwareApplication", "WebApplication", "MedicalBusiness",
    "LegalService", "HomeAndConstructionBusiness" }

local function has(T, names)
    for _, k in ipairs(names) do if T[k] then return 1 end end
    return 0
end

local function b(x) return x and 1 or 0 end
local function l1(x) return log(1 + (x or 0)) end

-- words of a page's <title> and site name: the site says what it is
local TITLE_FORUM = { "forum", "community", "thread", "board", "discussion",
    "reddit", "quora", "q&a" }
local TITLE_DOC = { "docs", "documentation", "reference", "manual", "guide",
    "tutorial", "api", "handbook", "wiki", "dokumentation", "handbuch" }
local TITLE_SHOP = { "shop", "store", "buy", "price", "sale", "kaufen",
    "acheter", "comprar", "boutique", "tienda" }
local TITLE_SERVICE = { "services", "service", "agency", "company",
    "consulting", "solutions", "software", "platform", "lawyer", "near you",
    "contractor", "dienstleist", "beratung", "agentur" }
local TITLE_LIST = { "news", "latest", "archive", "archives", "blog",
    "category", "stories", "podcasts", "nachrichten", "actualit" }

local function title_has(t, words)
    for _, w in ipairs(words) do
        local i = find(t, w, 1, true)
        if i then
            local before = i == 1 or not find(t:sub(i - 1, i - 1), "%w")
            if before then return 1 end
        end
    end
    return 0
end

-- The features of a page, in a fixed order (pagetype_weights.lua gives
-- each kind a weight per feature): schema.org types, og:type, the date
-- and author found, the canonical URL's path words, the element counts
-- and cues of doc:metadata's walk (log-scaled), link and navigation text
-- shares, the title's words, and the body's block statistics.
M.FEATURES = {
    "s_article", "s_doc", "s_forum", "s_comments", "s_product", "s_products",
    "s_offer", "s_collection", "s_faq", "s_service", "s_rating", "s_person",
    "og_article", "og_product", "og_group", "og_website", "og_none",
    "published", "authors", "ip_price",
    "u_root", "u_forum", "u_product", "u_collection", "u_doc",
    "u_article", "u_listing", "u_service", "u_slug", "u_forum_host", "u_doc_host",
    "t_a", "t_img", "t_pre", "t_code", "t_article", "t_button", "t_form",
    "t_input", "t_select", "t_nav", "t_aside", "t_table", "t_li", "t_p",
    "t_h2", "t_h3", "t_dt", "t_figure", "t_section", "t_time",
    "c_price", "c_buy", "c_post", "c_doc", "c_more", "c_cta", "c_sort",
    "r_link", "r_nav", "r_text",
    "ti_forum", "ti_doc", "ti_shop", "ti_service", "ti_list",
    "b_blocks", "b_p", "b_li", "b_hs", "b_words", "b_pwords", "b_links",
    "b_share", "b_hlinks", "m_pubtime", "m_dates", "m_author_links",
    "m_dated", "m_bylines", "m_h1",
}

-- links in a block's HTML (a block of the body: not a page-wide scan),
-- counted by plain finds (memchr): gsub would try its pattern at every
-- byte.  A plain block (plain = true: text only, no link) has none, and its
-- html is made by C when read: not made here (a page of one 5 MB paragraph
-- held that copy beside the tree's, the block's text and the C buffers)
local function block_links(bl)
    if bl.plain then return 0 end
    local html = bl.html
    local n, at = 0, html and find(html, "<a ", 1, true)
    while at do
        n = n + 1
        at = find(html, "<a ", at + 3, true)
    end
    return n
end

-- The number of segments of a URL path and the last one ("" if none),
-- with find, not gmatch (no match state allocated per call).
local function path_segments(path)
    local segs, at, li, lj = 0, 1, nil, nil
    while true do
        local i, j = find(path, "[^/]+", at)
        if not i then break end
        segs, li, lj, at = segs + 1, i, j, j + 1
    end
    return segs, li and sub(path, li, lj) or ""
end

--- pagetype.features(s) -> { name = value }: the numbers classify weighs
function M.features(s)
    local T = schema_types(s.jsonld, s.itemtypes)
    local og = lower(s.og_type or "")
    local c, q = s.counts or {}, s.cues or {}
    local host, path = url_parts(s.url)
    path = path or ""
    local segs, last = path_segments(path)
    local blocks = s.blocks or {}
    local p, li, hs, words, pwords, links, hlinks = 0, 0, 0, 0, 0, 0, 0
    for _, bl in ipairs(blocks) do
        local k = bl.kind or ""
        local nlinks = bl.links or block_links(bl)
        if k == "p" then p = p + 1; pwords = pwords + (bl.words or 0)
        elseif k == "li" then li = li + 1
        elseif match(k, "^h%d$") then
            hs = hs + 1
            if nlinks > 0 then hlinks = hlinks + 1 end
        end
        words = words + (bl.words or 0)
        links = links + nlinks
    end
    local nb = #blocks
    local nprod = T.Product or 0
    local text = q.text or 0
    local title = lower(s.title or "")
    local x = {
        s_article = has(T, ARTICLE_T), s_doc = has(T, DOC_T),
        s_forum = has(T, FORUM_T),
        s_comments = b((T.Comment or 0) >= 2 or (T.InteractionCounter or 0) >= 2 or
            (T.Answer or 0) >= 2),
        s_product = b(nprod >= 1 and nprod <= 2), s_products = b(nprod >= 3),
        s_offer = b(T.Offer or T.AggregateOffer), s_collection = has(T, COLLECTION_T),
        s_faq = b(T.FAQPage), s_service = has(T, SERVICE_T),
        s_rating = b(T.AggregateRating or T.Review), s_person = b(T.Person),
        og_article = b(og == "article"),
        og_product = b(og == "product" or find(og, ":item$") ~= nil),
        og_group = b(og == "product.group"), og_website = b(og == "website"),
        og_none = b(og == ""),
        published = b(s.published), authors = b((s.authors or 0) > 0),
        ip_price = b((c.price or 0) > 0),
        u_none = b(s.url == nil), u_root = b(s.url ~= nil and segs == 0),
        u_forum = b(any(path, FORUM_PATH)), u_product = b(any(path, PRODUCT_PATH)),
        u_collection = b(any(path, COLLECTION_PATH)), u_doc = b(any(path, DOC_PATH)),
        u_article = b(any(path, ARTICLE_PATH)), u_listing = b(any(path, LISTING_PATH)),
        u_service = b(any(path, SERVICE_PATH)),
        u_slug = b(select(2, gsub(last, "-", "")) >= 4),
        u_forum_host = b(any(host, FORUM_HOST)), u_doc_host = b(any(host, DOC_HOST)),
        t_a = l1(c.a), t_img = l1(c.img), t_pre = l1(c.pre), t_code = l1(c.code),
        t_article = l1(c.article), t_button = l1(c.button), t_form = l1(c.form),
        t_input = l1(c.input), t_select = l1(c.select), t_nav = l1(c.nav),
        t_aside = l1(c.aside), t_table = l1(c.table), t_li = l1(c.li), t_p = l1(c.p),
        t_h2 = l1(c.h2), t_h3 = l1(c.h3), t_dt = l1(c.dt), t_figure = l1(c.figure),
        t_section = l1(c.section), t_time = l1(c.time),
        c_price = l1(q.price), c_buy = l1(q.buy), c_post = l1(q.post),
        c_doc = l1(q.doc), c_more = l1(q.more), c_cta = l1(q.cta), c_sort = l1(q.sort),
        r_link = text > 0 and (q.link_text or 0) / text or 0,
        r_nav = text > 0 and (q.nav_text or 0) / text or 0,
        r_text = l1(text / 1000),
        ti_forum = title_has(title, TITLE_FORUM), ti_doc = title_has(title, TITLE_DOC),
        ti_shop = title_has(title, TITLE_SHOP), ti_service = title_has(title, TITLE_SERVICE),
        ti_list = title_has(title, TITLE_LIST),
        b_blocks = l1(nb), b_p = nb > 0 and p / nb or 0, b_li = nb > 0 and li / nb or 0,
        b_hs = nb > 0 and hs / nb or 0, b_words = l1(words / 100),
        b_pwords = p > 0 and l1(pwords / p) / 4 or 0,
        b_links = links / (words + 20) * 10,
        b_share = text > 0 and math.min(1, words * 6 / text) or 0,
        b_hlinks = hs > 0 and hlinks / hs or 0,
        m_pubtime = b(s.pubtime), m_dates = l1(c.date_elements),
        m_author_links = l1(c.author_links), m_dated = l1(c.dated_texts),
        m_bylines = l1(c.bylines), m_h1 = l1(c.h1),
    }
    return x
end

local WEIGHTS = require "newsextract.pagetype_weights"

-- The weights as arrays in M.FEATURES' order, built once at load: classify
-- runs on every page, and 7 kinds x 80 features read by name (two hash
-- lookups each) were a third of the time of a small page's extract.
local FEATURES = M.FEATURES
local NF = #FEATURES
local BIAS, W = {}, {}
for i, k in ipairs(KINDS) do
    local w, row = WEIGHTS[k] or {}, {}
    for j, f in ipairs(FEATURES) do row[j] = w[f] or 0 end
    BIAS[i], W[i] = w.bias or 0, row
end

--- pagetype.classify(s) -> kind, scores: the kind whose weights, summed
--- over the page's features, are the largest (a tie goes to the kind
--- first in KINDS).
--- s: { jsonld = { raw JSON text, ... }, itemtypes = { itemtype value, ... },
---      og_type = string, url = string, title = string, published = bool,
---      authors = n, blocks = { {kind=, words=, html= or links=}, ... },
---      counts = { doc:metadata's tags, time=, price= }, cues = { ... } }
function M.classify(s)
    if not (s.counts or s.cues or s.url or s.og_type or s.jsonld or s.itemtypes or
            (s.blocks and #s.blocks > 0)) then
        return "article", {}     -- nothing to read: the answer without evidence
    end
    local x = M.features(s)
    local idx, xv, n = {}, {}, 0
    for j = 1, NF do        -- most features of a page are 0: only the rest
        local v = x[FEATURES[j]]
        if v ~= 0 then n = n + 1; idx[n], xv[n] = j, v end
    end
    local S = {}
    local best, score
    for i = 1, #KINDS do
        local row, v = W[i], BIAS[i]
        for m = 1, n do v = v + row[idx[m]] * xv[m] end
        S[KINDS[i]] = v
        if not score or v > score then best, score = KINDS[i], v end
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
    local counts = {}   -- elements counted by doc:metadata
    for k, v in pairs(md.tags or {}) do counts[k] = v end
    counts.time = md.time and #md.time or 0
    counts.price = prices and #prices or 0
    for _, k in ipairs({ "date_elements", "author_links", "dated_texts", "bylines", "h1" }) do
        counts[k] = type(md[k]) == "table" and #md[k] or 0
    end
    return {
        jsonld = md.jsonld,
        itemtypes = md.itemtypes,
        og_type = og and og[1],
        url = f.url or (meta["og:url"] and meta["og:url"][1]),
        published = f.published ~= nil and not md.date_guessed,   -- meta.lua's last resort
        authors = f.authors and #f.authors or 0,
        title = md.title or f.title,
        -- a publication time the page states for itself, not a guess
        pubtime = (meta["article:published_time"] or meta["datePublished"] or
            (md.itemprop and md.itemprop.datePublished)) ~= nil,
        blocks = blocks,
        counts = counts,
        cues = md.cues,
    }
end

return M
