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
-- read-only: `x or EMPTY` in a loop over keys makes no table per key
local EMPTY = setmetatable({}, { __newindex = function() error("meta: EMPTY is read-only", 2) end })

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
    raquo = "\194\187", copy = "\194\169", middot = "\194\183",
    bull = "\226\128\162", trade = "\226\132\162", reg = "\194\174",
    lsaquo = "\226\128\185", rsaquo = "\226\128\186", bdquo = "\226\128\158",
    sbquo = "\226\128\154", euro = "\226\130\172", pound = "\194\163",
    shy = "\194\173", thinsp = "\226\128\137", ensp = "\226\128\130",
    emsp = "\226\128\131", auml = "\195\164", ouml = "\195\182",
    uuml = "\195\188", Auml = "\195\132", Ouml = "\195\150", Uuml = "\195\156",
    szlig = "\195\159", eacute = "\195\169", egrave = "\195\168",
    agrave = "\195\160", ccedil = "\195\167", ntilde = "\195\177" }

local function entity(name)
    local num = match(name, "^#[xX](%x+)$")
    if num then return utf8_char(tonumber(num, 16)) end
    num = match(name, "^#(%d+)$")
    if num then return utf8_char(tonumber(num)) end
    return NAMED[name] or NAMED[lower(name)]
end

--- meta.unescape(s): HTML entities left in a value (pages that escape
--- twice: "Democrats&#039; emails") decoded once more.  (entity itself is
--- gsub's function: a closure made here would be a FNEW and an UCLO on
--- every return, which LuaJIT does not compile: its traces aborted here.)
function M.unescape(s)
    if type(s) ~= "string" or not find(s, "&", 1, true) then return s end
    return (gsub(s, "&(#?%w+);", entity))
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

-- Every object of the JSON-LD blocks with an "@id", by id (Yoast's
-- @graph names the author once, as a Person the article points to).
local function index_ids(root, ids)
    local queue, head = { root }, 1
    while type(queue[head]) == "table" and head < 2000 do
        local o = queue[head]
        head = head + 1
        if type(o["@id"]) == "string" and (o.name or o["@type"]) and not ids[o["@id"]] then
            ids[o["@id"]] = o
        end
        for _, v in pairs(o) do
            if type(v) == "table" then queue[#queue + 1] = v end
        end
    end
end

-- A JSON-LD script without the CDATA markers some pages wrap it in; the
-- text itself when it has none (LuaJIT's gsub copies even when nothing
-- matches: a 2 MB script made 8 MB of garbage here).
-- The end marker is looked for at the end only (the pattern "%]%]>%s*$"
-- was tried at every byte of the script): past the trailing white space
-- (%s: space, \t \n \v \f \r), the last three bytes.
local LD_SPACE = { [32] = true, [9] = true, [10] = true, [11] = true, [12] = true, [13] = true }
local function unwrap_ld(raw)
    local s = raw
    if find(s, "^%s*<!%[CDATA%[") then s = gsub(s, "^%s*<!%[CDATA%[", "") end
    local e = #s
    while e > 0 and LD_SPACE[string.byte(s, e)] do e = e - 1 end
    if e >= 3 and sub(s, e - 2, e) == "]]>" then s = sub(s, 1, e - 3) end
    return s
end

local function jsonld(m)
    if not ok_cjson or not m.jsonld then return nil end
    local found, ids = nil, {}
    for _, raw in ipairs(m.jsonld) do
        -- pages wrap JSON-LD in CDATA markers or HTML comments
        local s = unwrap_ld(raw)
        local obj = cjson.decode(s)
        if type(obj) == "table" then
            index_ids(obj, ids)
            found = found or find_article(obj)
        end
    end
    return found, ids
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

-- The declared authors, and whether every one is an organisation.
local function ld_authors(v, ids)
    local out, orgs = {}, 0
    if type(v) == "string" then
        local cut = M.cut_byline(M.unescape(v))
        return cut and fields.authors(cut) or {}, false
    elseif type(v) == "table" then
        if v.name or v["@type"] or v["@id"] then v = { v } end
        for _, a in ipairs(v) do
            if type(a) == "table" and not a.name and type(a["@id"]) == "string" and ids then
                a = ids[a["@id"]] or a
            end
            local name = type(a) == "string" and a or (type(a) == "table" and a.name)
            if type(name) == "table" then name = name[1] end
            if type(name) == "string" then
                local org = type(a) == "table" and (a["@type"] == "Organization" or
                    a["@type"] == "NewsMediaOrganization" or a["@type"] == "Corporation")
                -- an organisation's name is one name ("Morgan & Morgan")
                local names = org and { fields.collapse(M.unescape(name)) } or
                    fields.authors(M.cut_byline(M.unescape(name)) or "")
                for _, n in ipairs(names) do
                    out[#out + 1] = n
                    if org then orgs = orgs + 1 end
                end
            end
        end
    end
    return out, #out > 0 and orgs == #out
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
    -- by positions: no string per word
    local n, i = 0, 1
    while true do
        local _, e = find(s, "%S+", i)
        if not e then return n end
        n, i = n + 1, e + 1
    end
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

-- The parts of a title between its separators: " | ", " - ", " – ",
-- " — ", " • ", " · ", " :: ", " » ", " / " (a colon is no separator
-- here: "Fitness Trends 2025: 9 Things" is one headline).
local SEPS = { " | ", " - ", " \226\128\147 ", " \226\128\148 ", " \226\128\162 ",
    " \194\183 ", " :: ", " \194\187 ", " / ", " ~ " }
local function title_parts(t)
    local parts, from = {}, 1
    while true do
        local a, b
        for _, sep in ipairs(SEPS) do
            local c, d = find(t, sep, from, true)
            if c and (not a or c < a) then a, b = c, d end
        end
        if not a then break end
        parts[#parts + 1] = sub(t, from, a - 1)
        from = b + 1
    end
    parts[#parts + 1] = sub(t, from)
    return parts
end

-- The runs of non-space of `s`, in order (find, not gmatch: no match
-- state allocated per call).
local function split_words(s)
    local words, at = {}, 1
    while true do
        local i, j = find(s, "%S+", at)
        if not i then return words end
        words[#words + 1] = sub(s, i, j)
        at = j + 1
    end
end

-- The words of a string (lower-cased, in order) and the set of them,
-- made once per string for all the comparisons M.title makes.
local function word_list_set(s)
    local list, set = {}, {}
    local l, at = lower(s), 1
    while true do    -- find, not gmatch: no match state allocated per call
        local i, j = find(l, "[%w\128-\255]+", at)
        if not i then break end
        local w = sub(l, i, j)
        list[#list + 1] = w
        set[w] = true
        at = j + 1
    end
    return { list = list, set = set }
end

-- Share of the words of `h` that `t` has (0..1), from word_list_set().
local function coverage(t, h)
    local hw, have = h.list, t.set
    if #hw == 0 then return 0 end
    local n = 0
    for _, w in ipairs(hw) do if have[w] then n = n + 1 end end
    return n / #hw
end

-- Is `part` the site's name (or its domain, or a section label)?
local function is_site_part(part, site)
    local p = lower(gsub(part, "^%s+", ""))
    if site then
        local s = lower(site)
        if p == s or find(p, s, 1, true) or find(s, p, 1, true) then return true end
        local ps = gsub(p, "[^%w\128-\255]", "")
        local ss = gsub(s, "[^%w\128-\255]", "")
        if ps ~= "" and (ps == ss or find(ps, ss, 1, true) or find(ss, ps, 1, true)) then
            return true
        end
    end
    return find(p, "^[%w%-]+%.%a%a%a?$") ~= nil   -- "example.com"
end

--- meta.strip_site(title [, site_name]) -> the title without the site
--- name and its separator, at either end.
function M.strip_site(t, site)
    if type(t) ~= "string" then return nil end
    local parts = title_parts(t)
    if #parts < 2 then return t end
    local first_i, last_i = 1, #parts
    -- the site name at either end, named by the page
    while last_i > first_i and is_site_part(parts[last_i], site) do last_i = last_i - 1 end
    while first_i < last_i and is_site_part(parts[first_i], site) do first_i = first_i + 1 end
    if first_i == 1 and last_i == #parts then
        -- no name known: a short last part after a longer headline is the
        -- site ("... – Journey To College")
        local last = parts[#parts]
        local head = concat(parts, " ", 1, #parts - 1)
        if word_count(last) <= 4 and word_count(head) >= 2 and
            word_count(head) >= word_count(last) then
            last_i = #parts - 1
        end
    end
    -- keep the separators inside what is left: "Foo | Bar | Site" -> "Foo | Bar"
    local a = 1
    local pos = 1
    for i = 1, last_i do
        local c = find(t, parts[i], pos, true)
        if i == first_i then a = c end
        pos = c + #parts[i]
    end
    local out = gsub(gsub(sub(t, a, pos - 1), "^%s+", ""), "%s+$", "")
    return out ~= "" and out or t
end

-- A heading agrees with a title when half its words are in the title and
-- it says a third of what the title (less the site name) says.
local H1_COVER, H1_BACK = 0.5, 0.3

--- meta.title(title, raw_titles, h1s [, site_name]) -> the article's own
--- heading where it agrees with the metadata titles (an <h1> whose
--- words the <title> or og:title holds), else `title` less the site name.
function M.title(title, raw, h1s, site)
    local known = {}
    for i = 1, 2 do
        local v = raw and raw[i]
        if type(v) == "string" then known[#known + 1] = title_ws(v) end
    end
    if title then known[#known + 1] = title end
    local best, best_score
    -- word_list_set(), made on first use, once per distinct string (the titles
    -- are often the same text)
    local made = {}
    local function words_once(str)
        local w = made[str]
        if not w then w = word_list_set(str); made[str] = w end
        return w
    end
    local known_w, stripped_w = {}, {}
    for i = 1, math.min(#(h1s or {}), 5) do
        -- a heading's permalink mark ("¶", "#") is not part of it
        local h = h1s[i] and title_ws((gsub(h1s[i], "%s*[\194][\182]%s*$", "")))
        h = h and (gsub(h, "%s+#$", ""))
        if h and #h <= 300 and word_count(h) >= 2 and not (site and lower(h) == lower(site)) then
            local hw = words_once(h)
            for j, t in ipairs(known) do
                known_w[j] = known_w[j] or words_once(t)
                stripped_w[j] = stripped_w[j] or words_once(M.strip_site(t, site) or t)
                local sc = coverage(known_w[j], hw)
                -- and the heading says most of what the title says
                local back = coverage(hw, stripped_w[j])
                if sc >= H1_COVER and back >= H1_BACK and (not best_score or sc + back > best_score) then
                    best, best_score = h, sc + back
                end
            end
        end
    end
    if best then
        -- the same words as a metadata title: the metadata's spelling
        -- (straight or curly quotes, capitals) is the one declared
        local function key(s)
            return (gsub(gsub(lower(s), "\226\128[\152-\159]", ""), "[%s'\"]", ""))
        end
        local hk = key(best)
        for _, t in ipairs(known) do
            local st = M.strip_site(t, site)
            if st and key(st) == hk then return st end
        end
        return best
    end
    return title and M.strip_site(title, site)
end

-- Readability's similarity: the share of `b`'s words also in `a`.
local similarity = require("newsextract.textsim").similarity
-- }======================================================================

-- {======================================================================
-- Authors

-- A name that is the publisher, not a person.
local function is_org_name(s)
    local l = lower(s)
    return find(l, "editorial", 1, true) ~= nil or l == "admin" or
        find(l, "newsroom", 1, true) ~= nil
end

local WEEKDAY_NAMES = {}
for w in ("monday tuesday wednesday thursday friday saturday sunday"):gmatch("%a+") do
    WEEKDAY_NAMES[w] = true
end

local WEEKDAY_ABBR = {}
for w in ("mon tue tues wed thu thur thurs fri sat sun"):gmatch("%a+") do WEEKDAY_ABBR[w] = true end

local is_label, printed_names, name_by_date, people_first, name_shaped

-- The page-wide scans (author-page links, date-like elements anywhere) run
-- XPath string functions on every element: on a page of tens of megabytes
-- (no real article) they would cost seconds, so only pages up to this many
-- bytes get them.  m.page_bytes: the input's size, set by the caller.
M.MAX_SCAN_BYTES = 8 * 1024 * 1024
local function whole_page_scans(m)
    return (m.page_bytes or 0) <= M.MAX_SCAN_BYTES
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
    -- a date printed first, glued to the name: "Dec 17, 2025Julian K. Arni"
    local after_date = match(s, "^[%a%.]+%s+%d%d?,?%s*%d%d%d%d%s*()") or
        match(s, "^%d%d?[%./%-]%d%d?[%./%-]%d%d%d%d%s*()")
    if after_date and find(sub(s, after_date), "^%s*%u") then s = sub(s, after_date) end
    -- bullets and middle dots separate the names from a date or a place,
    -- on either side: "Dec. 19, 2025 · Niko Matsakis"
    if find(s, "\226\128\162", 1, true) or find(s, "\194\183", 1, true) then
        local parts = {}
        for part in (gsub(gsub(s, "\226\128\162", "\1"), "\194\183", "\1") .. "\1"):gmatch("([^\1]*)\1") do
            part = collapse(part)
            if part then parts[#parts + 1] = part end
        end
        s = parts[1] or s
        for _, part in ipairs(parts) do
            if not find(part, "%d") and find(part, "%a") then s = part break end
        end
    end
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

-- Words a byline prints around a name: labels before it, the verb or a
-- date word after it.
local LABELS = {}
for _, w in ipairs({ "by", "posted by", "written by", "article by", "story by", "words by",
    "author", "authors", "the author", "about the author", "autor", "autorin", "auteur",
    "von", "verfasst von", "geschrieben von", "par", "écrit par", "por", "escrito por",
    "scritto da", "di", "door", "geschreven door", "published by", "reviewed by",
    "medically reviewed by", "fact checked by", "edited by", "share", "follow", "sign in",
    "updated", "updated on", "published", "published on", "posted", "posted on", "on",
    "last updated", "last updated on", "contributor", "written", "staff", "full bio",
    "name", "sponsored", "bio", "more", "view all posts", "all posts", "follow author",
    "follow us", "subscribe" }) do
    LABELS[w] = true
end

is_label = function(s)
    return LABELS[lower(gsub(gsub(s, "[%s:]+$", ""), "^%s+", ""))] == true
end

local LEAD_LABELS = { "posted by", "written by", "article by", "story by", "words by",
    "about the author", "the author", "authors", "author",
    "autorin", "autor", "auteur", "verfasst von", "geschrieben von", "von", "escrito por",
    "scritto da", "écrit par", "par", "por", "door", "by" }
local TRAIL = { "published on", "last updated on", "last updated", "updated on", "updated",
    "published", "posted on", "says", "schreibt", "on", "am", "sponsored", "full bio" }

-- Job titles and post-nominal letters printed after a name.
local JOB_WORDS = {}
for w in ([[former senior junior head chief lead content marketing founder co-founder
    cofounder ceo cto cmo coo cfo director manager coordinator editor writer expert
    specialist consultant strategist analyst engineer developer designer officer
    president vp educator educators professor assistant associate intern owner partner
    reviewer grader gardener astrologer dietitian nutritionist coach trainer therapist
    journalist reporter correspondent contributor columnist photographer researcher
    scientist attorney lawyer advisor adviser sr. jr. dr.]]):gmatch("%S+") do
    JOB_WORDS[w] = true
end
-- Words that qualify a job title: "Contributing Writer", "Tech Reporter".
local JOB_MODIFIERS = {}
for w in ([[contributing staff tech technology science health business
    political politics sports features feature news freelance guest digital
    social managing executive deputy special travel food style culture
    investigative national international foreign local senior junior
    medical legal finance financial data]]):gmatch("%S+") do
    JOB_MODIFIERS[w] = true
end
local CREDENTIALS = {}
for w in ([[md m.d. do d.o. phd ph.d. ph.d dvm vmd rn bsn msn np aprn fnp rd rdn ld ldn
    ms m.s. ma m.a. mba mph msc bsc ba bs cpa cfa cfp cepf cscs cpt e-ryt ryt lvt vts
    dacvb facs facp faclm foma dabom fand cde cdces lcsw lmft lpc esq jd llm ibclc
    clc pharmd psyd edd dds dmd mbbs frcp mrcp]]):gmatch("%S+") do
    CREDENTIALS[w] = true
end

local function is_credential(w)
    local raw = gsub(w, "[%*\194\174,]", "")   -- "MD*", "CEPF®"
    local k = lower(raw)
    -- two letters in title case are a surname ("Rui Ma", "Anh Do"), not
    -- a credential ("MA", "DO", "M.A.")
    if #raw == 2 and not find(raw, "^%u%u$") then return false end
    return CREDENTIALS[k] or CREDENTIALS[gsub(k, "%.", "")] or find(k, "^%d+$") ~= nil
end

-- Someone else named after the author: "Jane Roe. Reviewed by John Doe".
local OTHER_ROLES = { "edited by", "reviewed by", "fact checked by", "fact-checked by",
    "researched by", "illustrated by", "photos by", "photographs by", "redigiert von",
    "lektoriert von", "révisé par", "revisado por", "on behalf of", "im auftrag" }

--- meta.cut_byline(s) -> the byline up to where it stops naming authors:
--- a job title or credentials after a comma ("Jane Roe, Head of
--- Marketing"), an editor or reviewer ("... Reviewed by John Doe").
function M.cut_byline(s)
    if type(s) ~= "string" then return nil end
    s = fields.short_byline(s)   -- no copies of a huge one's long words
    local l = lower(s)
    for _, r in ipairs(OTHER_ROLES) do
        local at = find(l, r, 1, true)
        if at then
            if at <= 2 then return nil end
            s, l = sub(s, 1, at - 1), sub(l, 1, at - 1)
        end
    end
    local pos = 1
    local n = 0
    while true do
        local a, b = find(s, "%s*[,;|]%s*", pos)
        local seg = sub(s, pos, (a or #s + 1) - 1)
        n = n + 1
        if n > 1 then
            local job = false
            for w in lower(seg):gmatch("[%w%-%.\128-\255]+") do
                if JOB_WORDS[w] or JOB_WORDS[(gsub(w, "%.$", ""))] then job = true break end
            end
            -- credentials: the whole part, or its first word ("MA WebMD")
            -- (a number is one only after a credential: "E-RYT 200", not
            -- the year of "Dec. 19, 2025 · Jane Roe")
            local w1 = match(seg, "^%S+") or ""
            local cred = not find(w1, "^%d+$") and is_credential(w1) and true or false
            if job or cred then
                return fields.collapse((gsub(sub(s, 1, pos - 1), "[%s,;|]+$", "")))
            end
        end
        if not a then break end
        pos = b + 1
    end
    return s
end

-- Words that name a publication, not a person.
local MEDIA_WORDS = {}
for w in ([[news times post press media daily journal magazine tribune herald
    gazette today network radio tv television chronicle observer telegraph
    weekly review report online digital staff zeitung nachrichten rundschau
    presse allgemeine]]):gmatch("%S+") do
    MEDIA_WORDS[w] = true
end

-- Do words[i..] name a publication: two words in capitals ("USA TODAY";
-- one is a surname: "Jean DUPONT"),
-- or a media word among them ("WebMD Health News")?
local function org_tail(words, i)
    local w = words[i]
    local nxt = words[i + 1]
    if find(w, "^%u%u+$") and nxt and find(nxt, "^%u%u+$") and not find(w, "^[IVX]+$") then
        return true
    end
    for k = i, #words do
        if MEDIA_WORDS[lower(words[k])] then return true end
    end
    return false
end

--- meta.clean_name(s) -> a person's name as a byline prints it, less
--- the label before it ("Posted by"), the words after it ("Published
--- on"), credentials ("MD", "Ph.D.") and a job title ("Jane Roe Head of
--- Marketing"); nil when nothing of a name is left.
function M.clean_name(s)
    if type(s) ~= "string" then return nil end
    s = fields.collapse(M.unescape(s))
    if not s then return nil end
    s = gsub(gsub(s, "^[\"'\226\128\156\226\128\157%s]+", ""), "[\"'\226\128\156\226\128\157%s]+$", "")
    -- labels, also glued to the name ("Posted byDamien Walter")
    local l = lower(s)
    for _, lab in ipairs(LEAD_LABELS) do
        if sub(l, 1, #lab) == lab then
            local rest = sub(s, #lab + 1)
            if find(rest, "^[%s:]") or (lab:find("by$") and find(rest, "^%u")) then
                s = gsub(rest, "^[%s:]+", "")
                break
            end
        end
    end
    -- trailing words: "BeauHD on Friday", "Reyan Perumal Published on"
    local changed = true
    while changed and s ~= "" do
        changed = false
        local ll = lower(s)
        for _, t in ipairs(TRAIL) do
            if #ll > #t + 1 and sub(ll, -#t - 1) == " " .. t then
                s, changed = sub(s, 1, -#t - 2), true
                break
            end
        end
        local w = match(s, "%s(%a+)$")
        if not changed and w and WEEKDAY_NAMES[lower(w)] and find(s, "%s[Oo]n%s%a+$") then
            s, changed = gsub(s, "%s[Oo]n%s%a+$", ""), true
        end
        s = gsub(s, "[%s\226\128\148\226\128\147%-,;:|%*]+$", "")
    end
    local words = split_words(s)
    -- a job title glued to the name: "Mateusz HabernyFounder at Oakywood"
    for i = 2, #words do
        local a, b = match(words[i], "^(%u[%l\128-\255]+)(%u[%l%-]+)$")
        if a and JOB_WORDS[lower(b)] then
            words[i] = a
            for k = #words, i + 1, -1 do words[k] = nil end
            break
        end
    end
    while #words > 0 and is_credential(words[#words]) do words[#words] = nil end
    -- a job title after at least two words of a name, with the words
    -- that qualify it ("Contributing Writer", "Tech Reporter")
    for i = 3, #words do
        if JOB_WORDS[lower(words[i])] then
            while i > 3 and JOB_MODIFIERS[lower(words[i - 1])] do i = i - 1 end
            for k = #words, i, -1 do words[k] = nil end
            break
        end
    end
    -- the publication printed after two words of a name: "Brian Truitt USA
    -- TODAY", "Kelli Miller WebMD Health News"
    for i = 3, #words do
        if org_tail(words, i) then
            for k = #words, i, -1 do words[k] = nil end
            break
        end
    end
    if #words == 0 then return nil end
    -- a part that is all job title or credential: no name
    local all_job = true
    for _, w in ipairs(words) do
        local lw = lower(w)
        if not (JOB_WORDS[lw] or is_credential(w) or lw == "of" or lw == "and" or lw == "&") then
            all_job = false
        end
    end
    if all_job then return nil end
    -- a role: "Community Expert", "Staff Writer"
    if #words <= 3 and JOB_WORDS[lower(words[#words])] then return nil end
    s = concat(words, " ")
    if is_label(s) then return nil end
    return s
end

local NOT_NAME = {}   -- filled below, with the words of menus

-- A user name in lower case ("ibby", "crazy lennys"): one or two words
-- of letters, none a word of menus, labels, dates or jobs.
local function handle_shaped(n)
    if word_count(n) > 2 or #n > 40 then return false end
    for w in n:gmatch("%S+") do
        if not find(w, "^%l[%l_%.%-\128-\255]*$") or find(w, "[%.%-_]$") then return false end
        if NOT_NAME[w] or LABELS[w] or MONTH_WORDS[w] or JOB_WORDS[w] or MEDIA_WORDS[w] or
            WEEKDAY_NAMES[w] or WEEKDAY_ABBR[w] then
            return false
        end
    end
    return true
end

-- `alone`: the byline is this name and nothing else (but a "By"): a
-- user name in lower case is a name there.
local function valid_name(n, alone)
    if find(n, "%d") or find(n, "https?:") then return false end
    if find(n, "^%l") and not (alone and handle_shaped(n)) then return false end
    -- "J J", "S Sky", "NB": avatar initials, not a name
    if find(n, "^%a ") or find(n, "^%u%u?%u?$") then return false end
    -- "Sat", "[Submitted", "page.head.extra.author": no names
    if WEEKDAY_NAMES[lower(n)] or WEEKDAY_ABBR[lower(n)] or find(n, "[%[%]{}<>=]") or
        find(n, "^[%l%d]+%.[%l%d]+%.[%l%d.]+$") then
        return false
    end
    local w = word_count(n)
    return w >= 1 and w <= 5 and #n <= 60
end

-- Does `rest`, what a part printed after its name, start a job title?
local function job_after(rest)
    local w = match(rest, "^%s*([%a%-%.]+)")
    return w ~= nil and (JOB_WORDS[lower(w)] or JOB_MODIFIERS[lower(w)]) and true or false
end

local function names_of(s)
    -- the reviewer or editor named after the author goes first: the
    -- byline reader takes the names after the last "by"
    local t = collapse(s)
    t = t and M.cut_byline(t)
    t = t and byline_text(t)
    if not t then return {} end
    local out, covered = {}, 0
    t = M.cut_byline(t)
    if not t then return {} end
    local raws, roles = fields.authors(t)
    for _, raw in ipairs(raws) do
        local n = M.clean_name(raw)
        if n then
            -- a byline is names only: one part that is not a name and the
            -- element was something else ("Sign In | Sign Up | ...")
            if not valid_name(n, #raws == 1 and #t <= #n + 8) then return {} end
            -- a name with what its part printed after it ("... WebMD
            -- Health News", credentials): the part is the name's
            covered = covered + (find(raw, n, 1, true) and #raw or #n)
            if not is_org_name(n) then out[#out + 1] = n end
            -- a job title printed after the name runs on to the end:
            -- "Shivkumar M Head Product Launches, Adoption, & Evangelism"
            local _, e = find(raw, n, 1, true)
            if e and e < #raw and job_after(sub(raw, e + 1)) then
                covered = #t
                break
            end
        elseif not is_label(raw) then
            covered = covered + #raw
        end
    end
    -- the names are most of the text: a menu whose first items pass for
    -- names ("Sign In| Sign Up| Subscribe My Account ...") is no byline
    if covered < 0.4 * #t then return {} end
    return out, roles
end

--- meta.byline_names(s) -> the names a printed byline holds ({} if none):
--- "By Jane Doe and John Roe | May 3, 2020" → {"Jane Doe", "John Roe"}.
function M.byline_names(s)
    if type(s) ~= "string" then
        error("meta.byline_names: expected a string, got " .. type(s), 2)
    end
    return names_of(s)
end

local BY_LINE = { "^by[%s:]", "^von[%s:]", "^par[%s:]", "^por[%s:]", "^door[%s:]", "^di%s",
    "^written by", "^posted by", "^autor:", "^author:", "^auteur", "^geschrieben von",
    "^escrito por", "^verfasst von", "^autorin:" }

local BY_FIRST = {}
for _, p in ipairs(BY_LINE) do BY_FIRST[sub(p, 2, 2)] = true end

-- The texts around the first <h1> (doc:metadata's h1_before, the 10 text
-- nodes before it, and h1_after, the 60 after it), in document order:
-- the `before` last ones and the `after` first ones; with `outside`,
-- those in a footer or comment thread are left out after the count.
local function near_h1(m, before, after, outside)
    local out, b, a = {}, m.h1_before or {}, m.h1_after or {}
    for i = math.max(1, #b - before + 1), #b do
        if not (outside and b[i].inside) then out[#out + 1] = b[i].text end
    end
    for i = 1, math.min(after, #a) do
        if not (outside and a[i].inside) then out[#out + 1] = a[i].text end
    end
    return out
end

-- A line that is a date ("Dec 10", "02-12-2025", "Updated on 23 Oct
-- 2025") or a job title ("Co-Founder & Marketing Director").
local function date_or_job(line)
    if fields.text_dates(line) then return true end
    local l = lower(line)
    for w in l:gmatch("[%a\128-\255]+") do
        if MONTH_WORDS[w] and find(l, "%d") then return true end
    end
    if #line < 60 then
        for w in l:gmatch("[%w%-%.\128-\255]+") do
            if JOB_WORDS[w] then return true end
        end
    end
    return false
end

-- Words of menus, buttons and headings that no name holds.
for w in ([[a an the and or of in on at to for with from by our your my his her
    their its this that get sign log login logout register free start started
    top best new news blog home about contact menu search more all week weeks
    day days month year care guide guides tips how why what who when where
    read view share save print subscribe follow join shop store cart buy
    support help account page pages back next previous post posts related
    latest popular trending tools resources products services solutions
    events event report reports today united states kingdom edition world]]):gmatch("%S+") do
    NOT_NAME[w] = true
end

-- A name printed alone, without "By", in one of the first lines after
-- the headline, with a date or a job title on one of the two lines after
-- it: "Jack Shepherd / Co-Founder & Marketing Director / Updated on 23 Oct
-- 2025".  Two to four capitalised words, none a label.
-- Is `line` shaped like a person's name: two to four capitalised words,
-- none a label, a job, a month or a menu word?  The name, or nil.
name_shaped = function(line)
    line = fields.collapse(line) or ""
    if #line < 5 or #line > 40 or find(line, "[%d%p]%s*$") or find(line, "[:|!?]") or
        is_label(line) then
        return nil
    end
    if word_count(line) < 2 or word_count(line) > 4 then return nil end
    local at = 1
    while true do    -- find, not gmatch: no match state allocated per call
        local i, j = find(line, "%S+", at)
        if not i then break end
        local w = sub(line, i, j)
        at = j + 1
        if not find(w, "^%u[%l\128-\255]") and not find(w, "^%u%.$") then return nil end
        local lw = lower(w)
        if JOB_WORDS[lw] or MONTH_WORDS[lw] or LABELS[lw] or NOT_NAME[lw] or MEDIA_WORDS[lw] then
            return nil
        end
    end
    local n = M.clean_name(line)
    return n and valid_name(n) and n or nil
end

name_by_date = function(lines)
    for i = 1, #lines - 1 do
        local n = name_shaped(lines[i])
        if n and (date_or_job(lines[i + 1] or "") or date_or_job(lines[i + 2] or "")) then
            return n
        end
        -- the name and its section, a date around them: "Dec 26, 2025 •
        -- Mahua Das in / Project Management", "John Crenshaw / in / seo / Dec 10"
        local who = match(lines[i], "^(.-)%s+in%s*$")
        if who or fields.collapse(lines[i + 1]) == "in" then
            n = name_shaped(who or lines[i])
            for k = math.max(1, i - 2), math.min(#lines, i + 4) do
                if n and k ~= i and date_or_job(lines[k]) then return n end
            end
        end
        -- one line: "Aaron Ricadela | Senior Writer | July 2, 2025"
        local head, rest = match(lines[i], "^([^|]+)|(.+)$")
        n = head and #lines[i] < 120 and name_shaped(head)
        if n and date_or_job(rest) then return n end
    end
end

-- A label printed alone on its line, the names on the lines after it:
-- "Author(s)" / "John A. Alic" / "David C. Mowery"; "Contributors:".
local NAMES_NEXT = {}
for _, w in ipairs({ "author", "authors", "author(s)", "written by", "article by",
    "contributor", "contributors", "autor", "autoren", "autorin", "auteur", "auteurs",
    "autore", "autori", "auteur(s)", "autor(en)" }) do
    NAMES_NEXT[w] = true
end

local function names_after_label(lines, i)
    local l = lower(gsub(fields.collapse(lines[i]) or "", "%s*:$", ""))
    if not NAMES_NEXT[l] then return nil end
    local out = names_of(lines[i + 1] or "")
    -- a plural label: a name per line, as long as lines are names
    local plural = find(l, "s$") or find(l, "%(") or find(l, "en$") or find(l, "i$")
    for k = i + 2, plural and #out > 0 and math.min(#lines, i + 8) or 0 do
        local n = name_shaped(lines[k])
        if not n then break end
        out[#out + 1] = n
    end
    return #out > 0 and out or nil
end

-- A personal site's name is its author's: the page's first <h1> (before
-- the headline) or its site name is a person's name that the <title>
-- also gives ("Turning a tinybox ... | Owain Brennan").
local function site_owner(m, site, title)
    local h1 = m.h1 or {}
    for _, cand in ipairs({ #h1 >= 2 and h1[1] or false, site or false }) do
        local n = cand and name_shaped(cand)
        if n and n ~= title and find(m.title or "", n, 1, true) then return n end
    end
end

-- Names printed without byline markup: "By <a>Jane Roe</a>" or a
-- "Written by" label near the headline, or a link to an author page
-- (m.author_links: links to /author/ pages and the like, outside footers
-- and comments, gathered by doc:metadata).
printed_names = function(m, whole_page)
    local lines = near_h1(m, 10, 60)
    for i, line in ipairs(lines) do
        local after = #line < 24 and names_after_label(lines, i)
        if after then return after end
        -- every BY_LINE pattern starts with a letter of BY_FIRST: most
        -- lines are out before any pattern is tried
        local c = match(line, "^%s*(%a)")
        local l = c and #line < 200 and BY_FIRST[lower(c)] and lower(fields.collapse(line) or "") or ""
        if l ~= "" and #l < 80 then
            local text
            l = l .. " "
            for _, p in ipairs(BY_LINE) do
                if find(l, p) then text = line break end
            end
            -- "By" or "Written by" alone: the name is the next text
            if text and is_label(line) then text = lines[i + 1] and (line .. " " .. lines[i + 1]) end
            local names = text and names_of(text) or {}
            if #names > 0 then return names end
        end
    end
    local alone = name_by_date(near_h1(m, 0, 15))
    if alone then return { alone } end
    if not whole_page then return {} end
    for _, t in ipairs(m.author_links or {}) do
        local names = names_of(t)
        if #names > 0 then return names end
    end
    return {}
end

-- People, where people are named among organisations: "Jane Roe, John
-- Doe, The Commercial Appeal" names two people and their newspaper.
people_first = function(list)
    if #list < 2 then return list end
    local out = {}
    for _, n in ipairs(list) do
        if not find(n, "^[Tt]he%s") then out[#out + 1] = n end
    end
    return #out > 0 and out or list
end

-- Do the names of `b` include every name of `a`?
-- (a title before a name is the same person: "Dr Jane Roe", "Jane Roe")
local HONORIFICS = { dr = true, prof = true, mr = true, mrs = true, ms = true, sir = true,
    dame = true }
local function person_key(n)
    local l = lower(n)
    local w = match(l, "^(%a+)%.?%s")
    if w and HONORIFICS[w] then l = gsub(l, "^%a+%.?%s+", "") end
    return l
end

local function includes(b, a)
    local set = {}
    for _, n in ipairs(b) do set[person_key(n)] = true end
    for _, n in ipairs(a) do
        if not set[person_key(n)] then return false end
    end
    return true
end
-- }======================================================================

-- {======================================================================
-- Dates, in the order a careful reader trusts them: the page's structured
-- data (JSON-LD, then the meta names news sites use, <time pubdate>,
-- itemprop), then what the page prints next to the headline or byline.
-- Published and modified stay apart: a printed "Updated ..." line is the
-- modification.

-- The first JSON-LD object of any type that carries a publication date
-- (a WebPage in an @graph with no Article in it).
local url_date

local LD_DATE_KEYS = { "datePublished", "dateCreated", "uploadDate", "dateModified" }

-- The dates of a JSON-LD block that does not parse (a trailing comma, a
-- raw line break in a string: common, and browsers do not care), read as
-- text: the first "datePublished": "..." and its kin.
local function ld_dates_as_text(raw)
    local o
    for _, k in ipairs(LD_DATE_KEYS) do
        local v = match(raw, '"' .. k .. '"%s*:%s*"([^"]+)"')
        if v then o = o or {}; o[k] = v end
    end
    return o
end

-- JSON-LD blocks, and those a <meta> carries in its content
-- (<meta name="script:ld+json" content="{...}">, as some page builders
-- write it)
local function ld_blocks(m)
    local extra = m.meta and m.meta["script:ld+json"]
    if not extra then return m.jsonld end
    local all = {}
    for _, raw in ipairs(m.jsonld or EMPTY) do all[#all + 1] = raw end
    for _, raw in ipairs(extra) do all[#all + 1] = raw end
    return all
end

local function jsonld_dated(m)
    local blocks = ld_blocks(m)
    if not blocks then return nil end
    for _, raw in ipairs(blocks) do
        local s = unwrap_ld(raw)
        local obj = ok_cjson and cjson.decode(s)
        if type(obj) ~= "table" then
            obj = ld_dates_as_text(s)
            if obj and (obj.datePublished or obj.dateCreated or obj.uploadDate) then return obj end
        end
        local queue, head = { obj }, 1
        while type(queue[head]) == "table" and head < 2000 do
            local o = queue[head]
            head = head + 1
            if type(o.datePublished) == "string" or type(o.dateCreated) == "string" or
                type(o.uploadDate) == "string" then
                return o
            end
            for _, v in pairs(o) do
                if type(v) == "table" then queue[#queue + 1] = v end
            end
        end
    end
end

local PUB_META = { "article:published_time", "og:article:published_time",
    "datepublished", "dc:date.issued", "dc:date", "dcterms:created", "dcterms:issued",
    "dcterms:date", "parsely-pub-date", "sailthru.date", "pubdate", "publishdate",
    "publish-date", "publish_date", "date", "og:published_time", "article.published",
    "dc.date.issued", "dc.date", "citation_publication_date", "citation_date",
    "citation_online_date", "prism.publicationdate", "article:published",
    "published_time", "published-date", "release_date", "created", "date.created",
    "datecreated", "originalpublicationdate", "og:pubdate", "pub_date", "cxenseparse:recs:publishtime",
    "article_date_original", "dcsext.articlefirstpublished", "timestamp", "publication_date",
    "content_create_date", "displaydate", "dc:date.created", "dc.date.created",
    "dc:date.published", "dcterms:available" }
local MOD_META = { "article:modified_time", "og:article:modified_time",
    "og:updated_time", "datemodified", "dcterms:modified", "last-modified",
    "dc.date.modified", "article:modified", "modified_time", "lastmod", "revised",
    "parsely-modified-date", "sailthru.lastmodified" }

-- A declared date, if plausible: not before the web, not after the
-- reference day (or far in the future without one).
local function plausible(iso, ref)
    if not iso then return nil end
    local day = sub(iso, 1, 10)
    local ok = fields.text_dates(day, ref)
    return ok and iso or nil
end

-- A meta date as Unix seconds ("1512640800") or milliseconds, as some
-- publishing systems write article:published_time.
local function unix_date(s)
    local n = s and #s >= 9 and #s <= 13 and not find(s, "%D") and tonumber(s)
    if not n then return nil end
    if #s == 13 then n = math.floor(n / 1000) elseif #s > 10 then return nil end
    return os.date("!%Y-%m-%dT%H:%M:%SZ", n)
end

local function meta_date(meta, keys, ref)
    for _, k in ipairs(keys) do
        for _, v in ipairs(meta[k] or EMPTY) do
            local s = collapse(v)
            local d = s and plausible(fields.date(s) or unix_date(s), ref)
            if d then return d end
        end
    end
end

-- A meta name of its own that says publish or pubdate ("w-published-date",
-- "bt:pubdate"), where none of the names above is given: not one that
-- says modified or updated.
local function any_pub_meta(meta, ref)
    local keys = {}
    for k in pairs(meta) do
        if (find(k, "publish", 1, true) or find(k, "pubdate", 1, true) or
            find(k, "pub_date", 1, true)) and not find(k, "modif", 1, true) and
            not find(k, "updat", 1, true) and not find(k, "expir", 1, true) then
            keys[#keys + 1] = k
        end
    end
    table.sort(keys)   -- the same choice on every run
    return meta_date(meta, keys, ref)
end

local function ld_date(o, keys, ref)
    if type(o) ~= "table" then return nil end
    for _, k in ipairs(keys) do
        local v = o[k]
        if type(v) == "table" then v = v[1] end
        local d = type(v) == "string" and plausible(fields.date(v), ref)
        if d then return d end
    end
end

-- (a <time> in a comment thread, a footer or a side box dates something
-- else: t.inside)
local function time_date(m, want, ref)
    for _, t in ipairs(m.time or {}) do
        if not t.inside and want(t) then
            local d = plausible(fields.date(t.datetime or t.text or ""), ref)
            if d then return d end
        end
    end
end

-- The printed dates: byline lines, date-like elements, then the text
-- around the first <h1>, each line read with the one before it (a
-- "Published:" label in its own element).
local function scan_lines(lines, limit, ref, dayfirst)
    local pub, mod
    local prev = ""
    for i = 1, math.min(#lines, limit) do
            local line = lines[i]
            if type(line) == "string" then
                -- a short label before it without a date of its own
                -- ("Updated", "Veröffentlicht am") belongs to this line
                if #prev < 40 and not find(prev, "%d") then line = prev .. " " .. line end
                local p, d = fields.text_dates(line, ref, dayfirst)
                pub, mod = pub or p, mod or d
                if pub then return pub, mod, #line end
                prev = line
            end
    end
    return pub, mod
end

-- published, modified, and whether they were printed next to the
-- byline or headline (rather than somewhere on the page).
local function printed_dates(m, doc, ref, declared)
    local lines, df = {}, m.day_first
    for _, b in ipairs(m.bylines or {}) do lines[#lines + 1] = b.text end
    local pub, mod, len = scan_lines(lines, 20, ref, df)
    if pub or not doc then return pub, mod, true, len end
    local hp, hm, hlen = scan_lines(near_h1(m, 6, 40, true), 46, ref, df)
    -- the whole page's date-like elements only where nothing is declared:
    -- elements whose class, id or itemprop says date, time, published,
    -- posted, meta, byline or author, outside footers, comments, related
    -- and sidebar boxes, with a short text (m.date_elements, doc:metadata)
    if declared or not whole_page_scans(m) then return hp, hm, hp ~= nil, hlen end
    local xp, xm = scan_lines(m.date_elements or {}, 60, ref, df)
    mod = mod or hm or xm
    if xp then return xp, mod, xp == hp end
    return hp, mod, hp ~= nil
end

-- A date in the URL's path: /2017/12/07/, /2017-12-07/, /20171207/.
url_date = function(url, ref)
    if type(url) ~= "string" then return nil end
    local path = match(url, "^%a[%w+.-]*://[^/]+(/[^?#]*)") or match(url, "^(/[^?#]*)")
    if not path then return nil end
    local y, mo, d = match(path .. "/", "/(%d%d%d%d)[/-](%d%d)[/-](%d%d)[/-]")
    if not y then y, mo, d = match(path, "/(%d%d%d%d)(%d%d)(%d%d)[/._-]") end
    if not y then y, mo, d = match(path, "[/_-](%d%d%d%d)(%d%d)(%d%d)$") end
    if not y then return nil end
    return plausible(y .. "-" .. mo .. "-" .. d, ref)
end

-- The last resort of a page that declares, marks and prints near its
-- headline no date, and has none in its URL: the first date printed in a
-- short text anywhere outside footers, comments and side boxes
-- (m.dated_texts, doc:metadata), as htmldate's extensive search does:
-- a guess beats no date at all.
-- A date printed right under a heading (h1-h3: the post titles of old
-- blog themes are h2 and h3) comes first (m.dated_near), then the first
-- of the page's dated texts.  (The most frequent day, the earliest on a
-- tie, as htmldate picks, finds the same days on wcxb-dev and on the
-- case table: 581/659 either way.)  A guess takes no day before 1995: a
-- history's dates, not a post's.
local GUESS_FROM = "1995"
local function first_recent(lines, ref, df)
    for i = 1, math.min(#lines, 40) do
        local p, u = fields.text_dates(lines[i], ref, df)
        local d = p or u
        if d and sub(d, 1, 4) >= GUESS_FROM then return d end
    end
end
local function last_dates(m, ref)
    if not whole_page_scans(m) then return nil end
    return first_recent(m.dated_near or EMPTY, ref, m.day_first) or
        first_recent(m.dated_texts or EMPTY, ref, m.day_first)
end

-- Does the page's language write the day first in "03/12/2017"?  Every
-- language but American English (and English of no country: most such
-- pages are American).
local function day_first(lang)
    lang = type(lang) == "string" and lower(lang) or ""
    if lang == "" then return false end
    if find(lang, "^en") then
        return find(lang, "^en[-_](%a%a)") ~= nil and not find(lang, "^en[-_]us")
            and not find(lang, "^en[-_]ca") and not find(lang, "^en[-_]ph")
    end
    return true
end

-- A publication date a script other than JSON-LD gives as a JSON key
-- ("pagePostDate": "7. Dezember 2017", "datePublished": "2017-12-07..."),
-- doc:metadata's script_dates: the key and the text after it.
local function script_date(m, ref)
    for _, s in ipairs(m.script_dates or {}) do
        local v = match(s, '^"[%w_]+"%s*:%s*"([^"]+)"')
        local d = v and (plausible(fields.date(v), ref) or fields.text_dates(v, ref, m.day_first))
        if d then return d end
    end
end

-- published, modified (ISO 8601) from every source.
-- how many texts after the headline count as "right by" it (measured on
-- wcxb-dev: 6 and 20 find fewer right days than 10)
local OLDER_AFTER = 10
local function dates(m, meta, ip, ld, ld_any, doc, ref)
    local PUB_LD = { "datePublished", "dateCreated", "uploadDate" }
    local pub = ld_date(ld, PUB_LD, ref) or meta_date(meta, PUB_META, ref)
        or ld_date(ld_any, PUB_LD, ref)
        or (ip.datePublished and plausible(fields.date(ip.datePublished[1]), ref))
        or time_date(m, function(t) return t.pubdate or t.itemprop == "datePublished" end, ref)
        or any_pub_meta(meta, ref)
        -- schema.org's dateCreated marked in the body (outside comments,
        -- whose microdata dates each comment so)
        or time_date(m, function(t) return t.itemprop == "dateCreated" end, ref)
    local mod = ld_date(ld, { "dateModified" }, ref) or meta_date(meta, MOD_META, ref)
        or ld_date(ld_any, { "dateModified" }, ref)
        or (ip.dateModified and plausible(fields.date(ip.dateModified[1]), ref))
        or time_date(m, function(t) return t.itemprop == "dateModified" end, ref)
    local p, u, near = printed_dates(m, doc, ref, pub ~= nil)
    if not pub then
        -- a page whose only date is its "Updated" line: that is the date
        -- it gives (and it stays the modified date too)
        pub = p or time_date(m, function(t) return t.datetime and t.itemprop ~= "dateModified" end, ref)
            or script_date(m, ref) or mod or u
    elseif p and mod and near and sub(p, 1, 10) ~= sub(pub, 1, 10) and sub(p, 1, 10) == sub(mod, 1, 10) then
        -- the page prints its revision day, unlabelled, as its date: that
        -- is the date it shows its readers
        pub = mod
    else
        -- a short date line right by the headline older than the declared
        -- day: the page shows when it first appeared, the metadata when
        -- it was last put out again
        local hp, _, len = scan_lines(doc and near_h1(m, 6, OLDER_AFTER, true) or EMPTY, 6 + OLDER_AFTER,
            ref, m.day_first)
        if hp and len <= 100 and
            fields.reference_day(sub(hp, 1, 10)) < fields.reference_day(sub(pub, 1, 10)) - 1 then
            pub = hp
        end
    end
    return pub, mod or u
end
-- }======================================================================

-- {======================================================================
-- Meta keys: `property` may hold several names ("og:title twitter:title"),
-- and "DC.Creator" is "dc:creator".
-- The lists are read, never changed: a key's list is the raw one until a
-- second key adds to it (then a copy, `owned`).
local function meta_table(raw)
    local out, alias, owned = {}, {}, {}
    local function put(t, k, list)
        local l = t[k]
        if not l then t[k] = list; return end
        if not owned[l] then
            local c = {}
            for i, v in ipairs(l) do c[i] = v end
            l = c
            t[k], owned[c] = c, true
        end
        for _, v in ipairs(list) do l[#l + 1] = v end
    end
    local function one(k, list)
        put(out, k, list)
        local p, rest = match(k, "^(%a+)%.(.+)$")
        if p == "dc" or p == "dcterm" or p == "dcterms" or p == "og" or
            p == "twitter" or p == "parsely" or p == "article" then
            put(alias, p .. ":" .. rest, list)
        end
    end
    for key, list in pairs(raw or EMPTY) do
        key = lower(key)
        -- each name by positions (no gmatch iterator per key)
        local a, b = find(key, "%S+")
        while a do
            one(a == 1 and b == #key and key or sub(key, a, b), list)
            a, b = find(key, "%S+", b + 1)
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
        for _, v in ipairs(list or EMPTY) do
            local s = collapse(v)
            if s and not seen[s] then seen[s] = true; out[#out + 1] = s end
        end
        if #out > 0 then return out end
    end
    return out
end
-- }======================================================================

-- The title: JSON-LD (name or headline, whichever the <title> agrees
-- with), the meta titles, then the <title> itself; then the page's heading
-- where it agrees with them, else that title less the site name.
local function title_of(m, meta, ip, ld, site)
    local html_title = M.clean_title(m.title, m.h1, m.h2)
    local name, headline = ld_string(ld.name), ld_string(ld.headline)
    local t
    if name and headline and name ~= headline then
        local ht = html_title or ""
        if similarity(ht, headline) > 0.75 and similarity(ht, name) <= 0.75 then
            t = headline
        else
            t = name
        end
    else
        t = name or headline
    end
    t = t or first(meta, "dc:title", "dcterm:title", "og:title",
            "weibo:article:title", "weibo:webpage:title", "title",
            "twitter:title", "parsely-title", "sailthru.title") or first(ip, "headline")
        or html_title
    return M.title(t, { m.title, first(meta, "og:title", "twitter:title") }, m.h1, site)
end

-- The labels of a label/data pair that give the author.
local AUTHOR_LABELS = {}
for _, w in ipairs({ "written by", "author", "authors", "by", "posted by", "autor",
    "autorin", "auteur", "verfasst von", "geschrieben von", "escrito por", "scritto da",
    "geschreven door", "écrit par" }) do
    AUTHOR_LABELS[w] = true
end

-- The declared authors (JSON-LD, then the meta names), cleaned, and
-- whether they are an organisation rather than people.
local function declared_authors(meta, ld, ids, site)
    local declared, org = {}, false
    if ld.author then declared, org = ld_authors(ld.author, ids) end
    if #declared == 0 then
        local list = all_values(meta, "dc:creator", "dcterm:creator", "author",
            "article:author", "og:article:author", "parsely-author",
            "sailthru.author", "byl", "citation_author")
        -- scholarly pages give every author a citation_author of its own,
        -- or all of them in one citation_authors ("A; B; C")
        local cited = all_values(meta, "citation_author")
        if #cited == 0 then cited = fields.authors(all_values(meta, "citation_authors")) end
        if #cited > #list then list = cited end
        -- Slack's label/data pairs: twitter:label1 "Written by", twitter:data1
        if #list == 0 then
            for i = 1, 4 do
                local label = first(meta, "twitter:label" .. i)
                if label and AUTHOR_LABELS[lower(label)] then
                    list = all_values(meta, "twitter:data" .. i)
                    break
                end
            end
        end
        local keep = {}
        for _, a in ipairs(list) do
            a = not find(a, "^https?://") and not find(a, "^@") and M.cut_byline(a)
            if a then keep[#keep + 1] = a end
        end
        declared = fields.authors(keep)
    end
    local clean, others = {}, {}
    for _, a in ipairs(declared) do
        local c = M.clean_name(a)
        if c and not is_org_name(c) then
            clean[#clean + 1] = c
        else
            -- a desk or a role ("SolutionsHub Editorial Team", "SFist
            -- Contributor"): the author when nothing names a person
            -- (not a publisher's boilerplate: "Reuters Editorial")
            c = c or collapse(M.unescape(a))
            if c and valid_name(c) and lower(c) ~= "admin" and word_count(c) >= 2 and
                not find(lower(c), "editorial$") then
                others[#others + 1] = c
            end
        end
    end
    -- the site itself named as the author: an organisation
    if #clean == 1 and site and is_site_part(clean[1], site) then org = true end
    return clean, org, others
end

-- The visible byline: the first candidate in document order that names
-- someone (Readability's choice: the first byline element it meets,
-- whatever marks it: class, rel=author or itemprop=author).  A byline
-- element often holds the name again, marked up (itemprop=author,
-- rel=author) among a date and share buttons: the marked names nested
-- right after it (their text inside its text) are the names it gives.
-- Without byline markup: names printed near the headline (printed_names).
local function visible_authors(m, doc)
    local bl = m.bylines or {}
    local role_only
    for i, b in ipairs(bl) do
        -- a byline in a comment thread names a commenter
        local visible, roles = {}, false
        if not b.comment then visible, roles = names_of(b.text) end
        -- a byline that names only a role ("Podium Staff", "Jane Roe
        -- Writer") is the byline if no other names someone
        if roles and #visible > 0 then
            role_only = role_only or visible
            visible = {}
        end
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
            return #marked > 0 and marked or visible, true
        end
    end
    if role_only then return role_only, true end
    return doc and printed_names(m, whole_page_scans(m)) or {}
end

-- The fields metadata can give.  `m` is doc:metadata(); `doc` (optional)
-- the parsed page: when given, the printed dates and names are read too
-- (from the candidates doc:metadata gathered in m); `ref` (optional) the
-- reference day (fields.reference_day) for relative dates and plausibility.
function M.fields(m, page_url, doc, ref)
    local meta = meta_table(m.meta)
    local ip = m.itemprop or {}
    local ld, ids = jsonld(m)
    ld = ld or {}
    local f = {}
    m.day_first = day_first(m.lang or first(meta, "content-language", "og:locale", "dc:language"))

    f.site_name = ld_string(ld.publisher) or first(meta, "og:site_name",
        "application-name")
    f.title = title_of(m, meta, ip, ld, f.site_name)

    -- authors: what the metadata declares, unless the visible byline names
    -- the same people and more (a meta tag often holds the first author),
    -- or the metadata declares an organisation and the page prints people
    local declared, org, desks = declared_authors(meta, ld, ids, f.site_name)
    local visible, in_byline = visible_authors(m, doc)
    -- a login name declared ("andrew.keaveney", "KatieS") where the
    -- byline prints a person's name: the byline's
    local login = #declared == 1 and not find(declared[1], "%s") and
        (find(declared[1], "[%._]") or find(declared[1], "%l%u+$")) and true or false
    if #declared > 0 and not (#visible > #declared and includes(visible, declared))
        and not (org and #visible > 0)
        and not (login and in_byline and #visible > 0 and find(visible[1], "%s")) then
        f.authors = people_first(declared)
    elseif #declared == 0 and #desks > 0 and not in_byline then
        -- a desk declared beats a name guessed from the page's text
        f.authors = desks
    else
        f.authors = people_first(visible)
    end
    if #f.authors == 0 and doc then
        f.authors = { site_owner(m, f.site_name, f.title) }
    end
    if #f.authors == 0 then f.authors = desks end

    f.published, f.modified = dates(m, meta, ip, ld, jsonld_dated(m), doc, ref)
    f.url = collapse(m.canonical or "") or first(meta, "og:url") or page_url
    f.published = f.published or url_date(page_url, ref) or url_date(f.url, ref)
    if not f.published and doc then
        -- a guess: the page type does not read it as a stated date
        f.published = last_dates(m, ref)
        m.date_guessed = f.published ~= nil or nil
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
    -- (m.defer_urls: as written, for a caller that resolves it in its next
    -- call into C)
    if m.defer_urls then f.lead_image = img
    else f.lead_image = img and core.resolve(img, m.base, true) or nil end
    f.lang = collapse(m.lang or "") or first(meta, "content-language",
        "og:locale", "dc:language", "language")
    return f
end

return M
