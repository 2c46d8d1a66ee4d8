-- SPDX-License-Identifier: MIT
-- newsextract.readerable: is this page probably an article?  The signals of
-- Readability's isProbablyReaderable, on the raw (uncleaned) tree: the
-- visible <p>, <pre>, <article> elements and the <div>s holding a <br>
-- directly, leaving out those whose class or id reads as page furniture
-- (comment, sidebar, footer, ...) and paragraphs inside list items; each
-- with at least min_content_length characters of text adds
-- sqrt(length - min_content_length) to a score; the page is readerable when
-- the score passes min_score.  One XPath query (the filters are in the
-- expression), one pass over the matching texts in Lua.
local type, tostring, error, pairs = type, tostring, error, pairs
local sqrt = math.sqrt
local concat = table.concat
local gsub, format = string.gsub, string.format

local M = { _VERSION = "0.1.0" }

M.MIN_SCORE = 20
M.MIN_CONTENT_LENGTH = 140

-- Readability's REGEXPS.unlikelyCandidates and okMaybeItsACandidate: plain
-- substrings, matched case-insensitively against "class id".
local UNLIKELY = { "-ad-", "ai2html", "banner", "breadcrumbs", "combx",
    "comment", "community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
    "header", "legends", "menu", "related", "remark", "replies", "rss",
    "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
    "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote" }
local MAYBE = { "and", "article", "body", "column", "content", "main",
    "mathjax", "shadow" }

local UPPER, LOWER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"

local function any_of(subject, words)
    local t = {}
    for i, w in pairs(words) do
        t[i] = format("contains(%s,'%s')", subject, w)
    end
    return "(" .. concat(t, " or ") .. ")"
end

local function build_xpath()
    local names = format("translate(concat(@class,' ',@id),'%s','%s')", UPPER, LOWER)
    local style = format("translate(@style,'%s \t\r\n','%s')", UPPER, LOWER)
    -- the costly tests only where there is an attribute to test (XPath's
    -- `or` stops at the first true operand)
    local keep = concat({
        "not(@hidden)",
        "not(@aria-hidden='true' and not(contains(@class,'fallback-image')))",
        "(not(@style) or not(contains(" .. style .. ",'display:none') or contains("
            .. style .. ",'visibility:hidden')))",
        format("(not(@class or @id) or not(%s and not(%s)))", any_of(names, UNLIKELY),
            any_of(names, MAYBE)),
    }, " and ")
    -- two queries: the paragraphs first (most articles pass on them
    -- alone), then the rest; `//br/parent::div` walks only to the <br>s,
    -- cheaper than testing every <div> for a <br> child
    return format("//p[%s][not(ancestor::li)]", keep),
        format("//pre[%s] | //article[%s] | //br/parent::div[%s]", keep, keep, keep)
end
M.XPATH_P, M.XPATH_REST = build_xpath()

-- Characters (UTF-8 sequences; close to JavaScript's UTF-16 length for
-- text outside the astral planes).
local function chars(s)
    local _, n = gsub(s, "[^\128-\191]", "")
    return n
end

local function check_opts(opts, where)
    if opts == nil then return {} end
    if type(opts) ~= "table" then
        error(format("%s: opts: expected table, got %s", where, type(opts)), 3)
    end
    for k, v in pairs(opts) do
        if k == "min_score" or k == "min_content_length" then
            if type(v) ~= "number" then
                error(format("%s: %s: expected number, got %s", where, k, type(v)), 3)
            end
        elseif k == "url" or k == "content_type" or k == "charset" then
            if type(v) ~= "string" then
                error(format("%s: %s: expected string, got %s", where, k, type(v)), 3)
            end
        else
            error(format("%s: unknown option %s", where, tostring(k)), 3)
        end
    end
    return opts
end

-- of_doc(doc [, opts]) -> readerable (boolean), score.  doc: a parsed,
-- not yet cleaned document (core.parse).
local compiled_p, compiled_rest
function M.of_doc(doc, opts)
    if not compiled_p then
        local core = require("newsextract.core")
        compiled_p = core.xpath(M.XPATH_P) or M.XPATH_P
        compiled_rest = core.xpath(M.XPATH_REST) or M.XPATH_REST
    end
    local ok, score = M.of_paragraphs(doc:select(compiled_p, nil, true), opts)
    if ok then return ok, score end
    local ok2, score2 = M.of_paragraphs(doc:select(compiled_rest, nil, true), opts)
    score = score + score2
    return ok2 or score > ((opts and opts.min_score) or M.MIN_SCORE), score
end

-- of_paragraphs(texts [, opts]) -> boolean, score: the same score over a
-- list of paragraph texts (a text dump has no tree).
function M.of_paragraphs(texts, opts)
    opts = opts or {}
    local min_len = opts.min_content_length or M.MIN_CONTENT_LENGTH
    local min_score = opts.min_score or M.MIN_SCORE
    local score = 0
    for i = 1, type(texts) == "table" and #texts or 0 do
        local n = type(texts[i]) == "string" and chars(texts[i]) or 0
        if n >= min_len then
            score = score + sqrt(n - min_len)
            if score > min_score then return true, score end
        end
    end
    return false, score
end

-- newsextract.readerable(html [, opts]) -> boolean, score | nil, err.
-- opts: min_score (20), min_content_length (140), url, content_type, charset.
function M.readerable(html, opts)
    if type(html) ~= "string" then
        error("readerable: html: expected string, got " .. type(html), 2)
    end
    opts = check_opts(opts, "readerable")
    local doc, err = require("newsextract.core").parse(html, { url = opts.url,
        content_type = opts.content_type, charset = opts.charset })
    if not doc then return nil, "readerable: " .. tostring(err) end
    local ok, r, score = pcall(M.of_doc, doc, opts)
    doc:free()
    if not ok then return nil, "readerable: " .. tostring(r) end
    return r, score
end

return M
