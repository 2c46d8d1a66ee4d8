-- SPDX-License-Identifier: MIT
-- newsextract.meta: which of the metadata a page declares wins.
--
-- C gathers every source in one walk (doc:metadata()); this module decides.
-- The precedence is Readability's where it has one (JSON-LD, then Dublin
-- Core, then OpenGraph, then plain <meta>, then the page itself), because
-- that is what readers and the Readability test set expect, with the
-- article:* and itemprop sources news sites use added at their place.
local fields = require "newsextract.fields"
local core = require "newsextract.core"

local ok_cjson, cjson = pcall(require, "cjson.safe")

local type, ipairs, pairs, tonumber, select = type, ipairs, pairs, tonumber, select
local concat = table.concat
local find, gsub, lower, match, sub = string.find, string.gsub, string.lower,
    string.match, string.sub

local M = { _VERSION = "0.1.0" }

local char, floor = string.char, math.floor

-- UTF-8 bytes of a code point (LuaJIT has no utf8 library).
local function utf8_char(cp)
    if cp < 0 or cp > 0x10FFFF or (cp >= 0xD800 and cp <= 0xDFFF) then
        cp = 0xFFFD
    end
    if cp < 0x80 then return char(cp) end
    if cp < 0x800 then
        return char(0xC0 + floor(cp / 64), 0x80 + cp % 64)
    end
    if cp < 0x10000 then
        return char(0xE0 + floor(cp / 4096), 0x80 + floor(cp / 64) % 64,
            0x80 + cp % 64)
    end
    return char(0xF0 + floor(cp / 262144), 0x80 + floor(cp / 4096) % 64,
        0x80 + floor(cp / 64) % 64, 0x80 + cp % 64)
end

local NAMED = { amp = "&", lt = "<", gt = ">", quot = '"', apos = "'",
    nbsp = " ", hellip = "\226\128\166", mdash = "\226\128\148",
    ndash = "\226\128\147", lsquo = "\226\128\152", rsquo = "\226\128\153",
    ldquo = "\226\128\156", rdquo = "\226\128\157", laquo = "\194\171",
    raquo = "\194\187", copy = "\194\169", middot = "\194\183" }

local function entity(name)
    local num = match(name, "^#[xX](%x+)$")
    if num then return utf8_char(tonumber(num, 16)) end
    num = match(name, "^#(%d+)$")
    if num then return utf8_char(tonumber(num)) end
    return NAMED[lower(name)]
end

--- meta.unescape(s): HTML entities left in a value (pages that escape
--- twice: "Democrats&#039; emails") decoded once more.
function M.unescape(s)
    if type(s) ~= "string" or not find(s, "&", 1, true) then return s end
    return (gsub(s, "&(#?%w+);", function(name) return entity(name) end))
end

local function collapse(s)
    if type(s) ~= "string" then return nil end
    return fields.collapse(M.unescape(s))
end

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

-- {======================================================================
-- Titles

-- Titles keep a lone ideographic space, as printed; runs of ASCII white
-- space collapse.
local function title_ws(s)
    if type(s) ~= "string" then return nil end
    s = gsub(gsub(M.unescape(s), "[ \t\r\n\f\v]+", " "), "\194\160", " ")
    s = gsub(gsub(s, "^ +", ""), " +$", "")
    return s ~= "" and s or nil
end

local function word_count(s)
    local n = 0
    for _ in s:gmatch("%S+") do n = n + 1 end
    return n
end


-- Positions (start, end) of every separator in `t`.
local function separators(t)
    local out, from = {}, 1
    while true do
        local a, b = find(t, " [|%-\\/>] ", from)
        for _, x in ipairs({ " \194\187 ", " \226\128\147 ", " \226\128\148 " }) do
            local c, d = find(t, x, from, true)
            if c and (not a or c < a) then a, b = c, d end
        end
        if not a then break end
        out[#out + 1] = { a, b }
        from = b
    end
    return out
end

--- meta.clean_title(title [, h1s [, h2s]]) -> the headline in a <title>.
--- Readability's rules: cut the site name off the side that holds it,
--- take the part after a colon unless an <h1> or <h2> says the whole; keep
--- the original when what is left is too short to be a headline; a title
--- too long or too short gives way to the page's only <h1>.
function M.clean_title(title, headings, h2s)
    title = title_ws(title)
    if not title then return nil end
    local orig, cur = title, title
    local hierarchical = false
    local seps = separators(title)
    if #seps > 0 then
        hierarchical = find(title, " [\\/>] ") ~= nil or find(title, " \194\187 ") ~= nil
        cur = sub(orig, 1, seps[#seps][1] - 1)
        if word_count(cur) < 3 then
            cur = sub(orig, seps[1][2] + 1)
        end
    elseif find(cur, ": ", 1, true) then
        local whole = false
        for _, list in ipairs({ headings or {}, h2s or {} }) do
            for _, h in ipairs(list) do
                if collapse(h) == cur then whole = true break end
            end
        end
        if not whole then
            local last = 0
            for k in orig:gmatch("():") do last = k end
            cur = sub(orig, last + 1)
            local first_colon = find(orig, ":", 1, true)
            if word_count(cur) < 3 then
                cur = sub(orig, first_colon + 1)
            elseif word_count(sub(orig, 1, first_colon - 1)) > 5 then
                cur = orig
            end
        end
    elseif (#cur > 150 or #cur < 15) and headings and #headings == 1 then
        cur = headings[1]
    end
    cur = title_ws(cur) or orig
    local n = word_count(cur)
    if n <= 4 then
        local without = gsub(gsub(gsub(gsub(orig, "[|%-\\/>]+", ""), "\194\187", ""),
            "\226\128\147", ""), "\226\128\148", "")
        if not hierarchical or n ~= word_count(without) - 1 then
            cur = orig
        end
    end
    return cur
end

-- Readability's similarity: the share of `b`'s words also in `a`.
local function similarity(a, b)
    local ta = {}
    for w in lower(a):gmatch("[%w\128-\255]+") do ta[w] = true end
    local all, uniq = {}, {}
    for w in lower(b):gmatch("[%w\128-\255]+") do
        all[#all + 1] = w
        if not ta[w] then uniq[#uniq + 1] = w end
    end
    if #all == 0 then return 0 end
    return 1 - #concat(uniq, " ") / #concat(all, " ")
end
-- }======================================================================

-- {======================================================================
-- Authors

-- A name that is the publisher, not a person.
local function is_org_name(s)
    local l = lower(s)
    return find(l, "editorial", 1, true) ~= nil or l == "admin" or
        find(l, "newsroom", 1, true) ~= nil
end

local MONTH_WORDS = {}
for _, m in ipairs({ "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "january", "february", "march",
    "april", "june", "july", "august", "september", "october", "november",
    "december", "updated", "published", "posted", "last" }) do
    MONTH_WORDS[m] = true
end

-- A byline as printed, less what surrounds the names: a date, a time, a
-- reading time, a handle, a bullet, a section name before "by".
local function byline_text(s)
    s = collapse(s)
    if not s or #s > 120 then return nil end
    -- "Tech Industry by Jane Doe": the names follow the last "by"
    local at
    for k in s:gmatch("()%f[%a][Bb][Yy]%f[^%a]:? ") do at = at or k end
    if at and at > 1 then s = sub(s, at) end
    -- bullets and middle dots separate the names from a date or a place
    s = gsub(s, "%s*\226\128\162.*$", "")
    s = gsub(s, "%s*\194\183.*$", "")
    s = gsub(s, "%s*@%w+.*$", "")
    -- names hold no digits: cut at the first number, and a month or
    -- "Updated" left in front of it
    local d = find(s, "%d")
    if d then
        s = sub(s, 1, d - 1)
        while true do
            local w = match(s, "(%a+)[%s.,:]*$")
            if not w or not MONTH_WORDS[lower(w)] then break end
            s = gsub(s, "%a+[%s.,:]*$", "")
        end
    end
    s = gsub(s, "[%s,;:|/%-\226\128\148\226\128\147]+$", "")
    return collapse(s)
end

local function valid_name(n)
    if find(n, "%d") or find(n, "https?:") or find(n, "^%l") then return false end
    -- "J J", "S Sky": avatar initials, not a name
    if find(n, "^%a ") then return false end
    local w = word_count(n)
    return w >= 1 and w <= 5 and #n <= 60
end

local function names_of(s)
    local t = byline_text(s)
    if not t then return {} end
    local out, covered = {}, 0
    for _, n in ipairs(fields.authors(t)) do
        n = gsub(n, "[%s\226\128\148\226\128\147%-,;:|]+$", "")
        -- a byline is names only: one part that is not a name and the
        -- element was something else ("Sign In | Sign Up | ...")
        if not valid_name(n) then return {} end
        covered = covered + #n
        if not is_org_name(n) then out[#out + 1] = n end
    end
    -- the names are most of the text: a menu whose first items pass for
    -- names ("Sign In| Sign Up| Subscribe My Account ...") is no byline
    if covered < 0.4 * #t then return {} end
    return out
end

--- meta.byline_names(s) -> the names a printed byline holds ({} if none):
--- "By Jane Doe and John Roe | May 3, 2020" → {"Jane Doe", "John Roe"}.
function M.byline_names(s)
    if type(s) ~= "string" then
        error("meta.byline_names: expected a string, got " .. type(s), 2)
    end
    return names_of(s)
end

-- Do the names of `b` include every name of `a`?
local function includes(b, a)
    local set = {}
    for _, n in ipairs(b) do set[lower(n)] = true end
    for _, n in ipairs(a) do
        if not set[lower(n)] then return false end
    end
    return true
end
-- }======================================================================

-- {======================================================================
-- Meta keys: `property` may hold several names ("og:title twitter:title"),
-- and "DC.Creator" is "dc:creator".
local function meta_table(raw)
    local out, alias = {}, {}
    local function put(t, k, list)
        local l = t[k]
        if not l then l = {}; t[k] = l end
        for _, v in ipairs(list) do l[#l + 1] = v end
    end
    for key, list in pairs(raw or {}) do
        for k in lower(key):gmatch("%S+") do
            put(out, k, list)
            local p, rest = match(k, "^(%a+)%.(.+)$")
            if p == "dc" or p == "dcterm" or p == "dcterms" or p == "og" or
                p == "twitter" or p == "parsely" or p == "article" then
                put(alias, p .. ":" .. rest, list)
            end
        end
    end
    -- a "property" spelling wins over a dotted "name" one
    for k, list in pairs(alias) do
        if out[k] == nil then out[k] = list end
    end
    return out
end
M.meta_table = meta_table   -- rules read meta keys the same way

-- Every value of the keys given, in key order, without repeats.
local function all_values(m, ...)
    local out, seen = {}, {}
    for i = 1, select("#", ...) do
        local list = m[(select(i, ...))]
        for _, v in ipairs(list or {}) do
            local s = collapse(v)
            if s and not seen[s] then seen[s] = true; out[#out + 1] = s end
        end
        if #out > 0 then return out end
    end
    return out
end
-- }======================================================================

-- The fields metadata can give.  `m` is doc:metadata().
function M.fields(m, page_url)
    local meta = meta_table(m.meta)
    local ip = m.itemprop or {}
    local ld = jsonld(m) or {}
    local f = {}

    f.site_name = ld_string(ld.publisher) or first(meta, "og:site_name",
        "application-name")

    -- title: JSON-LD (name or headline, whichever the <title> agrees
    -- with), the meta titles, then the <title> itself
    local html_title = M.clean_title(m.title, m.h1, m.h2)
    local name, headline = ld_string(ld.name), ld_string(ld.headline)
    if name and headline and name ~= headline then
        local ht = html_title or ""
        if similarity(ht, headline) > 0.75 and similarity(ht, name) <= 0.75 then
            f.title = headline
        else
            f.title = name
        end
    else
        f.title = name or headline
    end
    f.title = f.title or first(meta, "dc:title", "dcterm:title", "og:title",
            "weibo:article:title", "weibo:webpage:title", "title",
            "twitter:title", "parsely-title", "sailthru.title") or first(ip, "headline")
        or html_title

    -- authors: what the metadata declares, unless the visible byline names
    -- the same people and more (a meta tag often holds the first author)
    local declared = {}
    if ld.author then declared = ld_authors(ld.author) end
    if #declared == 0 then
        local list = all_values(meta, "dc:creator", "dcterm:creator", "author",
            "article:author", "og:article:author", "parsely-author",
            "sailthru.author", "byl")
        local keep = {}
        for _, a in ipairs(list) do
            if not find(a, "^https?://") and not find(a, "^@") then keep[#keep + 1] = a end
        end
        declared = fields.authors(keep)
    end
    local clean = {}
    for _, a in ipairs(declared) do
        a = gsub(a, "[%s\226\128\148\226\128\147%-,;:|]+$", "")
        if a ~= "" and not is_org_name(a) then clean[#clean + 1] = a end
    end
    declared = clean
    -- the visible byline: the first candidate in document order that
    -- names someone (Readability's choice: the first byline element it
    -- meets, whatever marks it: class, rel=author or itemprop=author)
    -- A byline element often holds the name again, marked up
    -- (itemprop=author, rel=author) among a date and share buttons: the
    -- marked names nested right after it (their text inside its text) are
    -- the names it gives.
    local visible, bl = {}, m.bylines or {}
    for i, b in ipairs(bl) do
        visible = names_of(b.text)
        if #visible > 0 then
            local marked, seen = {}, {}
            for j = i + 1, #bl do
                local c = bl[j]
                if not find(b.text, c.text, 1, true) then break end
                if c.source ~= "class" then
                    for _, n in ipairs(names_of(c.text)) do
                        if not seen[n] then seen[n] = true; marked[#marked + 1] = n end
                    end
                end
            end
            if #marked > 0 then visible = marked end
            break
        end
    end
    if #declared > 0 and not (#visible > #declared and includes(visible, declared)) then
        f.authors = declared
    else
        f.authors = visible
    end

    local function date(...)
        local s = first(meta, ...)
        return s and fields.date(s)
    end
    f.published = (type(ld.datePublished) == "string" and fields.date(ld.datePublished))
        or date("article:published_time", "og:article:published_time",
            "datepublished", "dc:date.issued", "dc:date", "dcterms:created",
            "dcterms:date", "parsely-pub-date", "sailthru.date", "pubdate",
            "publishdate", "publish-date", "date", "og:published_time",
            "article.published", "dc.date.issued", "dc.date")
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
            "og:updated_time", "datemodified", "dcterms:modified",
            "last-modified", "dc.date.modified")
    if not f.modified and ip.dateModified then
        f.modified = fields.date(ip.dateModified[1])
    end
    if not f.modified and m.time then
        for _, t in ipairs(m.time) do
            if t.itemprop == "dateModified" then
                f.modified = fields.date(t.datetime or t.text)
                if f.modified then break end
            end
        end
    end
    -- no declared date at all: the first <time datetime> of the page
    if not f.published and m.time then
        for _, t in ipairs(m.time) do
            if t.datetime and t.itemprop ~= "dateModified" then
                f.published = fields.date(t.datetime)
                if f.published then break end
            end
        end
    end

    f.description = ld_string(ld.description) or first(meta, "dc:description",
        "dcterm:description", "og:description", "weibo:article:description",
        "weibo:webpage:description", "description", "twitter:description")
    f.section = ld_string(ld.articleSection) or first(meta, "article:section",
        "og:article:section", "section", "parsely-section")
    -- URL fields resolved as the body's are (against <base>, else the
    -- page's own URL): core.resolve
    local img = ld_image(ld.image) or first(meta, "og:image",
        "og:image:url", "og:image:secure_url", "twitter:image",
        "twitter:image:src")
    f.lead_image = img and core.resolve(img, m.base, true) or nil
    f.lang = collapse(m.lang or "") or first(meta, "content-language",
        "og:locale", "dc:language", "language")
    f.url = collapse(m.canonical or "") or first(meta, "og:url") or page_url
    return f
end

return M
