-- SPDX-License-Identifier: MIT
-- newsextract.readerable: is this page probably an article?  The signals of
-- Readability's isProbablyReaderable, on the raw (uncleaned) tree: the
-- visible <p>, <pre>, <article> elements and the <div>s holding a <br>
-- directly, leaving out those whose class or id reads as page furniture
-- (comment, sidebar, footer, ...) and paragraphs inside list items; each
-- with at least min_content_length characters of text adds
-- sqrt(length - min_content_length) to a score; the page is readerable when
-- the score passes min_score.  The walk is doc:readerable
-- (plugin/nx_readerable.c); a text dump's paragraphs are scored here.
local type, tostring, error, pairs = type, tostring, error, pairs
local sqrt = math.sqrt
local gsub, format = string.gsub, string.format

local M = { _VERSION = "0.1.0" }

M.MIN_SCORE = 20
M.MIN_CONTENT_LENGTH = 140

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
-- not yet cleaned document (core.parse); doc:readerable walks it in C.
function M.of_doc(doc, opts)
    return doc:readerable((opts and opts.min_score) or M.MIN_SCORE,
        (opts and opts.min_content_length) or M.MIN_CONTENT_LENGTH)
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
