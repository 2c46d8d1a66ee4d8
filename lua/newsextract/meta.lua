-- SPDX-License-Identifier: MIT
-- newsextract.meta: which of the metadata a page declares wins.
--
-- C gathers every source in one walk (doc:metadata()); this module decides.
-- The precedence is Readability's where it has one (JSON-LD, then Dublin
-- Core, then OpenGraph, then plain <meta>, then the page itself), because
-- that is what readers and the Readability test set expect, with the
-- article:* and itemprop sources news sites use added at their place.
local fields = require "newsextract.fields"

local ok_cjson, cjson = pcall(require, "cjson.safe")

local type, ipairs, pairs, tostring = type, ipairs, pairs, tostring
local concat = table.concat
local find, gsub, lower, match, sub = string.find, string.gsub, string.lower,
    string.match, string.sub

local M = { _VERSION = "0.1.0" }

local collapse = fields.collapse

local function first(m, ...)
    for i = 1, select("#", ...) do
        local list = m[(select(i, ...))]
        if list then
            for _, v in ipairs(list) do
                local s = collapse(v)
                if s then return s end
            end
        end
    end
end

-- {======================================================================
-- JSON-LD: the first NewsArticle-like object, wherever it sits (@graph,
-- arrays, mainEntity).

local ARTICLE_TYPES = {
    Article = true, NewsArticle = true, ReportageNewsArticle = true,
    AnalysisNewsArticle = true, OpinionNewsArticle = true, BlogPosting = true,
    ReviewNewsArticle = true, BackgroundNewsArticle = true, WebPage = false,
    TechArticle = true, ScholarlyArticle = true, SocialMediaPosting = true,
    LiveBlogPosting = true, Report = true, MedicalScholarlyArticle = true,
    SatiricalArticle = true, APIReference = true, AdvertiserContentArticle = true,
}

local function is_article(o)
    local t = o["@type"]
    if type(t) == "string" then return ARTICLE_TYPES[t] == true end
    if type(t) == "table" then
        for _, v in ipairs(t) do
            if ARTICLE_TYPES[v] then return true end
        end
    end
    return false
end

-- Breadth-first over nested tables, bounded: JSON-LD is untrusted input.
local function find_article(root)
    local queue, head, seen = { root }, 1, 0
    while queue[head] and seen < 2000 do
        local o = queue[head]
        head, seen = head + 1, seen + 1
        if type(o) == "table" then
            if is_article(o) then return o end
            for _, v in pairs(o) do
                if type(v) == "table" then queue[#queue + 1] = v end
            end
        end
    end
end

local function jsonld(m)
    if not ok_cjson or not m.jsonld then return nil end
    for _, raw in ipairs(m.jsonld) do
        -- pages wrap JSON-LD in CDATA markers or HTML comments
        local s = gsub(raw, "^%s*<!%[CDATA%[", "")
        s = gsub(s, "%]%]>%s*$", "")
        local obj = cjson.decode(s)
        if type(obj) == "table" then
            local a = find_article(obj)
            if a then return a end
        end
    end
end

local function ld_string(v)
    if type(v) == "string" then return collapse(v) end
    if type(v) == "table" then
        if type(v.name) == "string" then return collapse(v.name) end
        if type(v["@value"]) == "string" then return collapse(v["@value"]) end
        if type(v[1]) == "string" then return collapse(v[1]) end
        if type(v[1]) == "table" then return ld_string(v[1]) end
    end
end

local function ld_authors(v)
    local out = {}
    if type(v) == "string" then
        return fields.authors(v)
    elseif type(v) == "table" then
        if v.name or v["@type"] then v = { v } end
        for _, a in ipairs(v) do
            local name = type(a) == "string" and a or (type(a) == "table" and a.name)
            if type(name) == "string" then
                for _, n in ipairs(fields.authors(name)) do out[#out + 1] = n end
            end
        end
    end
    return out
end

local function ld_image(v)
    if type(v) == "string" then return v end
    if type(v) == "table" then
        if type(v.url) == "string" then return v.url end
        if type(v[1]) == "string" then return v[1] end
        if type(v[1]) == "table" then return ld_image(v[1]) end
    end
end
-- }======================================================================

-- Readability's title from <title>: cut a site name off the side that
-- holds it, unless what is left is too short to be a headline.
local SEPARATORS = { " | ", " - ", " – ", " — ", " \\ ", " / ", " > ", " » ", " · " }

local function word_count(s)
    local n = 0
    for _ in s:gmatch("%S+") do n = n + 1 end
    return n
end

function M.clean_title(title, h1s)
    if not title then return nil end
    local orig = title
    local best
    for _, sep in ipairs(SEPARATORS) do
        local at = find(title, sep, 1, true)
        if at then
            -- the last separator: "Headline - Section - Site"
            local last, from = at, at + 1
            while true do
                local nxt = find(title, sep, from, true)
                if not nxt then break end
                last, from = nxt, nxt + 1
            end
            local left = sub(title, 1, last - 1)
            if word_count(left) < 3 then
                -- the site may come first: "Site | Headline"
                left = sub(title, at + #sep)
            end
            best = left
            break
        end
    end
    if best then
        best = collapse(best)
        if best and word_count(best) >= 3 then return best end
        -- a short result is kept only when an <h1> says exactly it
        if h1s then
            for _, h in ipairs(h1s) do
                if h == best then return best end
            end
        end
        return orig
    end
    local a, b = find(title, ": ", 1, true)
    if a and h1s then
        for _, h in ipairs(h1s) do
            if h == title then return title end
        end
        local right = collapse(sub(title, b + 1))
        if right and word_count(right) >= 3 then return right end
    end
    return orig
end

-- A name that is the publisher, not a person.
local function is_org_name(s, site)
    local l = lower(s)
    if site and l == lower(site) then return true end
    return find(l, "editorial", 1, true) ~= nil or l == "admin" or
        find(l, "newsroom", 1, true) ~= nil
end

-- The fields metadata can give.  `m` is doc:metadata().
function M.fields(m, page_url)
    local meta = m.meta or {}
    local ip = m.itemprop or {}
    local ld = jsonld(m) or {}
    local f = {}

    f.site_name = ld_string(ld.publisher) or first(meta, "og:site_name",
        "application-name")

    f.title = ld_string(ld.headline) or ld_string(ld.name) or
        first(meta, "dc:title", "dcterm:title", "og:title",
            "weibo:article:title", "weibo:webpage:title", "title",
            "twitter:title", "sailthru.title") or first(ip, "headline")
    if not f.title and m.title then
        f.title = M.clean_title(collapse(m.title), m.h1)
    end

    local authors = {}
    if ld.author then authors = ld_authors(ld.author) end
    if #authors == 0 then
        local a = first(meta, "dc:creator", "dcterm:creator", "author",
            "article:author", "og:article:author", "sailthru.author",
            "parsely-author", "byl")
        if a and not find(a, "^https?://") then authors = fields.authors(a) end
    end
    if #authors == 0 and ip.author then
        for _, a in ipairs(ip.author) do
            for _, n in ipairs(fields.authors(a)) do authors[#authors + 1] = n end
            if #authors > 0 then break end
        end
    end
    if #authors == 0 then
        for _, src in ipairs({ m.rel_author or {}, m.byline or {} }) do
            for _, b in ipairs(src) do
                if #b < 100 then
                    local names = fields.authors(b)
                    if #names > 0 then authors = names break end
                end
            end
            if #authors > 0 then break end
        end
    end
    local kept = {}
    for _, a in ipairs(authors) do
        if not is_org_name(a, f.site_name) then kept[#kept + 1] = a end
    end
    f.authors = kept

    local function date(...)
        local s = first(meta, ...)
        return s and fields.date(s)
    end
    f.published = (type(ld.datePublished) == "string" and fields.date(ld.datePublished))
        or date("article:published_time", "og:article:published_time",
            "datepublished", "dc.date.issued", "dc.date", "dcterms.created",
            "parsely-pub-date", "sailthru.date", "pubdate", "publishdate",
            "date", "og:published_time", "article.published")
    if not f.published and ip.datePublished then
        f.published = fields.date(ip.datePublished[1])
    end
    if not f.published and m.time then
        for _, t in ipairs(m.time) do
            if t.pubdate or t.itemprop == "datePublished" then
                f.published = fields.date(t.datetime or t.text)
                if f.published then break end
            end
        end
    end
    f.modified = (type(ld.dateModified) == "string" and fields.date(ld.dateModified))
        or date("article:modified_time", "og:article:modified_time",
            "og:updated_time", "datemodified", "dcterms.modified",
            "last-modified")
    if not f.modified and ip.dateModified then
        f.modified = fields.date(ip.dateModified[1])
    end

    f.description = ld_string(ld.description) or first(meta, "dc:description",
        "dcterm:description", "og:description", "weibo:article:description",
        "weibo:webpage:description", "description", "twitter:description")
    f.section = ld_string(ld.articleSection) or first(meta, "article:section",
        "og:article:section", "section", "parsely-section")
    f.lead_image = ld_image(ld.image) or first(meta, "og:image",
        "og:image:url", "og:image:secure_url", "twitter:image",
        "twitter:image:src")
    f.lang = collapse(m.lang or "") or first(meta, "content-language",
        "og:locale", "dc.language", "language")
    f.url = collapse(m.canonical or "") or first(meta, "og:url") or page_url
    return f
end

return M
