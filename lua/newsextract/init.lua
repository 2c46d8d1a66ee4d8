-- SPDX-License-Identifier: MIT
-- newsextract: news pages in, clean articles out.
--
--   local newsextract = require "newsextract"
--   local article, err = newsextract.extract(html, { url = "https://..." })
--
-- Errors come in two kinds, on purpose: a caller's mistake (a wrong type,
-- an unknown option) raises; bad input returns nil and a message.  See
-- docs/ARCHITECTURE.md for the shape of the article table.
local core = require "newsextract.core"
local fields = require "newsextract.fields"
local meta = require "newsextract.meta"
local readerable = require "newsextract.readerable"
local pagetype = require "newsextract.pagetype"

local cjson = require "cjson"

local type, pairs, ipairs, error, pcall, tostring, next, tonumber, select =
    type, pairs, ipairs, error, pcall, tostring, next, tonumber, select
local concat = table.concat
local find, lower, sub, format, rep = string.find, string.lower, string.sub,
    string.format, string.rep

local M = {
    _NAME = "newsextract",
    _VERSION = "0.1.0",
    core = core,
}

-- {======================================================================
-- Options

local OPTIONS = {
    url = "string",
    content_type = "string",
    charset = "string",
    input = "string",
    rules = "table|boolean|string",
    favor = "string",
    fallback = "boolean",
    reference_time = "string|number",
}

local function check_opts(opts, fname)
    if opts == nil then return {} end
    if type(opts) ~= "table" then
        error(format("bad argument #2 to '%s' (table expected, got %s)",
            fname, type(opts)), 3)
    end
    for k, v in pairs(opts) do
        local want = OPTIONS[k]
        if not want then
            error(format("%s: unknown option '%s'", fname, tostring(k)), 3)
        end
        if not find(want, type(v), 1, true) then
            error(format("%s: option '%s': expected %s, got %s", fname, k,
                want, type(v)), 3)
        end
    end
    if opts.input and opts.input ~= "html" and opts.input ~= "text" then
        error(format("%s: option 'input': expected \"html\" or \"text\", got %q",
            fname, opts.input), 3)
    end
    if opts.favor and opts.favor ~= "precision" and opts.favor ~= "recall"
        and opts.favor ~= "balanced" then
        error(format("%s: option 'favor': expected \"precision\", \"recall\" or \"balanced\", got %q",
            fname, opts.favor), 3)
    end
    if opts.reference_time ~= nil then
        local day, msg = fields.reference_day(opts.reference_time)
        if not day then
            error(format("%s: option 'reference_time': %s (ISO 8601 text or Unix seconds)",
                fname, msg), 3)
        end
    end
    return opts
end
-- }======================================================================

-- {======================================================================
-- Input kind: HTML unless the first bytes hold no markup at all.

local MARKUP = { "<!doctype", "<html", "<head", "<body", "<meta", "<title",
    "<div", "<p>", "<p ", "<article", "<br", "<span", "<script", "<table",
    "<h1", "<h2", "<a ", "<link", "<!--", "<?xml", "<section", "<main" }

function M.detect_input(s)
    -- the first bytes after white space (and a BOM): a page may open with
    -- kilobytes of blank lines, which a browser skips
    local from = find(s, "[^%s\239\187\191]") or 1
    local head = lower(sub(s, from, from + 4095)):gsub("%z", "")
    for _, m in ipairs(MARKUP) do
        if find(head, m, 1, true) then return "html" end
    end
    return "text"
end
-- }======================================================================

-- {======================================================================
-- Rule sets: loaded on first use, one per Lua state (one per nginx worker).

local rules_mod, default_set

local function rules_module()
    if rules_mod == nil then
        local ok, mod = pcall(require, "newsextract.rules")
        rules_mod = ok and mod or false
        if not ok and not find(tostring(mod), "module 'newsextract.rules' not found", 1, true) then
            error(mod, 0)
        end
    end
    return rules_mod or nil
end

--- newsextract.rules(dir | {paths}) -> rule set | nil, err
function M.rules(where)
    local mod = rules_module()
    if not mod then return nil, "site rules are not available" end
    return mod.load(where)
end

-- A directory given as opts.rules is loaded once per Lua state and kept,
-- as the bundled set is; a caller that reloads holds newsextract.rules(dir).
-- Loaded from extract() itself (load_dir), so that a directory that cannot
-- be read raises at the caller's line.
local dir_sets = {}

local function load_dir(dir)
    if dir_sets[dir] then return end
    local set, err = M.rules(dir)
    if not set then
        error(format("extract: option 'rules': cannot load the rule directory %q: %s "
            .. "(give a directory, a set from newsextract.rules(dir), or false)",
            dir, tostring(err)), 3)
    end
    dir_sets[dir] = set
end

local function rule_set(opts)
    if opts.rules == false then return nil end
    if type(opts.rules) == "table" then return opts.rules end
    if type(opts.rules) == "string" then return dir_sets[opts.rules] end
    if default_set == nil then
        local mod = rules_module()
        default_set = mod and mod.default() or false
    end
    return default_set or nil
end
-- }======================================================================

-- {======================================================================
-- Assembling the article

local PARAGRAPH_KINDS = { p = true, h1 = true, h2 = true, h3 = true, h4 = true,
    h5 = true, h6 = true, li = true, quote = true, pre = true }

local function html_escape(s)
    return (s:gsub("[&<>\"]", { ["&"] = "&amp;", ["<"] = "&lt;",
        [">"] = "&gt;", ['"'] = "&quot;" }))
end

-- Blocks -> safe HTML and Markdown, for producers that have no tree
-- (text dumps) or give bare blocks.
local function blocks_html(blocks)
    local out, list = {}, nil
    for _, b in ipairs(blocks) do
        local k, t = b.kind, b.text and html_escape(b.text)
        if k == "li" and not list then out[#out + 1] = "<ul>"; list = true end
        if k ~= "li" and list then out[#out + 1] = "</ul>"; list = nil end
        if k == "li" then out[#out + 1] = "<li>" .. t .. "</li>"
        elseif k:match("^h%d$") then
            local h = k == "h1" and "h2" or k
            out[#out + 1] = "<" .. h .. ">" .. t .. "</" .. h .. ">"
        elseif k == "quote" then out[#out + 1] = "<blockquote><p>" .. t .. "</p></blockquote>"
        elseif k == "pre" then out[#out + 1] = "<pre>" .. t .. "</pre>"
        elseif k == "caption" then out[#out + 1] = "<figure><figcaption>" .. t .. "</figcaption></figure>"
        elseif t and t ~= "" then out[#out + 1] = "<p>" .. t .. "</p>" end
    end
    if list then out[#out + 1] = "</ul>" end
    return concat(out, "\n")
end

local function md_escape(s)
    return (s:gsub("([\\`*_%[%]<])", "\\%1"))
end

local function block_md(b)
    if b.md then return b.md end
    local t = md_escape(b.text or "")
    local k = b.kind
    local h = k:match("^h(%d)$")
    if h then return rep("#", tonumber(h)) .. " " .. t end
    if k == "li" then return "- " .. t end
    if k == "quote" then return "> " .. t end
    if k == "pre" then return "```\n" .. (b.text or "") .. "\n```" end
    if k == "caption" then return "*" .. t .. "*" end
    return t
end

-- Readability's test for a heading that repeats the title: the share of
-- the title's text made of words the heading does not have is small.
local function words_of(s)
    local list, set = {}, {}
    for w in lower(s):gmatch("[%w\128-\255]+") do
        list[#list + 1] = w
        set[w] = true
    end
    return list, set
end

local function same_text(heading, title)
    if not heading or not title then return false end
    if lower(heading) == lower(title) then return true end
    local hl, hs = words_of(heading)
    local tl = words_of(title)
    if #hl == 0 or #tl == 0 then return false end
    -- lengths of the words joined by single spaces, as Readability measures
    local extra, nextra, total = 0, 0, #tl - 1
    for _, w in ipairs(tl) do
        total = total + #w
        if not hs[w] then extra, nextra = extra + #w, nextra + 1 end
    end
    if nextra > 0 then extra = extra + nextra - 1 end
    return 1 - extra / total > 0.75
end

-- A credits line is short and says "by": the full parse is skipped for
-- every other paragraph.
local function maybe_credits(p)
    return #p <= 600 and (find(p, "by", 1, true) or find(p, "By", 1, true)
        or find(p, "BY", 1, true)) ~= nil
end

-- Fill paragraphs, captions, credits, dateline, text, html, markdown from
-- the body's blocks; `f` already holds what metadata and the rule gave.
local function finish(f, body, keep_captions)
    local blocks = body and body.blocks or {}
    local keep = {}
    for i, b in ipairs(blocks) do
        -- the headline repeated at the top of the body is not body text
        if not (i <= 3 and b.kind:match("^h%d$") and same_text(b.text, f.title)) then
            keep[#keep + 1] = b
        end
    end
    blocks = keep

    local paragraphs, captions, texts, mds = {}, {}, {}, {}
    local para_block = {}
    for _, b in ipairs(blocks) do
        if PARAGRAPH_KINDS[b.kind] and b.text ~= "" then
            paragraphs[#paragraphs + 1] = b.text
            para_block[#paragraphs] = b
        elseif b.kind == "caption" then
            captions[#captions + 1] = b.text
        end
    end

    -- credits: the rule's, or a credits line among the last paragraphs
    local credits_block
    local function take(i)
        credits_block = para_block[i]
        table.remove(paragraphs, i)
        table.remove(para_block, i)
    end
    if f.credits then
        for i = #paragraphs, 1, -1 do
            local p = paragraphs[i]
            if p == f.credits or (maybe_credits(p) and fields.credits(p) == f.credits) then
                take(i)
                break
            end
        end
    else
        for i = #paragraphs, math.max(1, #paragraphs - 3), -1 do
            local c = maybe_credits(paragraphs[i]) and fields.credits(paragraphs[i])
            if c then
                f.credits = c
                take(i)
                break
            end
        end
    end

    if f.captions == nil then f.captions = captions end
    if f.dateline == nil and paragraphs[1] then
        f.dateline = fields.dateline(paragraphs[1])
    end
    f.paragraphs = paragraphs

    -- Consecutive list items are one Markdown paragraph.  Their lines are
    -- gathered in a table (`list`) and joined once: a string grown item by
    -- item would be quadratic in the length of a long list.
    -- a gallery page: its captions are all the text it has
    if not keep_captions and #paragraphs == 0 then keep_captions = true end
    local in_list, list = false, nil
    for _, b in ipairs(blocks) do
        if b ~= credits_block then
            -- the body as plain text: what paragraphs hold, plus tables;
            -- captions are a field of their own (favor = "recall" keeps
            -- them in the text too)
            if b.text and b.text ~= "" and b.kind ~= "image" and
                (b.kind ~= "caption" or keep_captions) then
                texts[#texts + 1] = b.text
            end
            local m = block_md(b)
            if m and m ~= "" then
                if b.kind == "li" and in_list and list then
                    list[#list + 1] = m
                elseif b.kind == "li" then
                    list = { m }
                    mds[#mds + 1] = list
                else
                    list = nil
                    mds[#mds + 1] = m
                end
            end
            in_list = b.kind == "li"
        end
    end
    for i = 1, #mds do
        if type(mds[i]) == "table" then mds[i] = concat(mds[i], "\n") end
    end
    f.text = #texts > 0 and concat(texts, "\n\n") or nil
    f.markdown = #mds > 0 and concat(mds, "\n\n") or nil
    local html = body and body.html
    if not html or html == "" then html = blocks_html(blocks) end
    f.html = html ~= "" and html or nil
    if not f.lead_image and body and body.images and body.images[1] then
        f.lead_image = body.images[1].src
    end
    -- words: counted by C per block (CJK characters one each); blocks from
    -- text dumps are counted here the same way, by white space
    local words = 0
    for i, p in ipairs(paragraphs) do
        local b = para_block[i]
        words = words + (b and b.words or select(2, p:gsub("%S+", "")))
    end
    f.words = words
    -- the body's structure, for renderers (the reader view); not in JSON.
    -- The credits line is a field of its own, not a block.
    local shown = {}
    for _, b in ipairs(blocks) do
        if b ~= credits_block then shown[#shown + 1] = b end
    end
    f.blocks = shown
    return f
end

-- Printed reading time ("2 Min Read") where the page has one: the short
-- texts of elements whose class says read + time (doc:metadata()).
local function printed_reading_time(md)
    for _, s in ipairs(md.reading_time or {}) do
        local n = fields.reading_time(s)
        if n then return n end
    end
end

-- A rule's fields over the generic ones; an empty list from a rule (its
-- byline selector missed) does not hide names the metadata has.
local function merge(into, from)
    for k, v in pairs(from) do
        if k ~= "blocks" and k ~= "body" and k ~= "notes" and v ~= nil and
            not (type(v) == "table" and next(v) == nil and into[k] ~= nil) then
            into[k] = v
        end
    end
end

local function extract_html(input, opts)
    local doc, err = core.parse(input, { url = opts.url,
        content_type = opts.content_type, charset = opts.charset })
    if not doc then return nil, err end
    local md
    local ok, res = pcall(function()
        md = doc:metadata()
        local readable = readerable.of_doc(doc)   -- on the raw tree, before any clean-up
        local dir = doc:select("/html[@dir] | /html/body[@dir]", "dir")
        local f = meta.fields(md, opts.url, doc,
            opts.reference_time and fields.reference_day(opts.reference_time))
        local body, rf
        local set = rule_set(opts)
        if set then
            local rule = set:match(opts.url, doc, input)
            if rule then
                local notes
                rf, notes = rules_module().apply(rule, doc, opts)
                f.rule = rule.name or rule.template
                f.notes = notes or (rf and rf.notes)
            end
        end
        if rf then
            if opts.fallback == false then
                f = { rule = f.rule, notes = f.notes }
            end
            merge(f, rf)
            if rf.body then body = rf.body
            elseif rf.blocks then body = { blocks = rf.blocks, html = rf.html, images = rf.images } end
        end
        if not body and not (rf and opts.fallback == false) then
            body = doc:article(opts.favor)
        end
        if f.reading_time == nil and not (rf and opts.fallback == false) then
            f.reading_time = printed_reading_time(md)
        end
        local cs, src = doc:charset()
        f.charset = cs
        f.charset_source = src
        f.input = "html"
        local out = finish(f, body, opts.favor == "recall")
        out.page_type = pagetype.of_page(input, md, out, out.blocks, doc)
        out.readerable = readable
        dir = dir and lower(dir)
        if dir == "rtl" or dir == "ltr" then out.dir = dir end
        return out
    end)
    doc:free()
    if not ok then error(res, 0) end
    return res
end

local function extract_text(input, opts)
    local textdump = require "newsextract.textdump"
    local utf8, cs, src = core.decode(input, opts.content_type, opts.charset)
    local rule, section
    local set = rule_set(opts)
    if set and set.match_text then
        rule = set:match_text(opts.url, utf8)
        section = rule and rule.text
    end
    local f = textdump.extract(utf8, { rule = section })
    if not f then return nil, "no article found in the text" end
    f.rule = rule and (rule.name or rule.template) or nil
    f.charset, f.charset_source, f.input = cs, src, "text"
    if f.url == nil then f.url = opts.url end
    local blocks = f.blocks
    f.blocks = nil
    local captions = f.captions
    f.captions = nil
    local out = finish(f, { blocks = blocks or {} }, opts.favor == "recall")
    if captions and #captions > 0 then out.captions = captions end
    return out
end

--- newsextract.readerable(html [, opts]) -> boolean, score | nil, err
M.readerable = readerable.readerable

--- newsextract.unusable(input) -> nil | "empty"|"binary", msg: input
-- that holds no page at all (nothing but white space; or bytes that are
-- neither HTML nor text: an image, an archive, random binary).
local MAGIC = { ["\137PNG"] = "a PNG image", ["\255\216\255"] = "a JPEG image",
    GIF8 = "a GIF image", ["%PDF"] = "a PDF document", ["PK\3\4"] = "a ZIP archive",
    ["\31\139"] = "gzip data", BZh = "bzip2 data", ["\253\55zXZ"] = "xz data",
    ["7z\188\175"] = "a 7z archive", ["\0asm"] = "WebAssembly", OggS = "Ogg media",
    ["\127ELF"] = "an ELF binary", ["RIFF"] = "RIFF media", ["\26\69\223\163"] = "Matroska media" }

function M.unusable(input)
    if not find(input, "[^ \t\r\n\f\v]") then return "empty", "empty input" end
    for m, what in pairs(MAGIC) do
        if sub(input, 1, #m) == m then return "binary", "not HTML or text: " .. what end
    end
    local head = sub(input, 1, 4096)
    local b1, b2 = head:byte(1, 2)
    if (b1 == 0xFF and b2 == 0xFE) or (b1 == 0xFE and b2 == 0xFF) then return nil end
    local _, ctrl = head:gsub("[%z\1-\8\14-\26\28-\31\127]", "")
    if ctrl * 20 > #head and M.detect_input(head) ~= "html" then
        -- UTF-16 without a BOM: the NULs sit on one side of every pair
        local _, odd = head:gsub("%z.", "")
        local _, even = head:gsub(".%z", "")
        if (odd > #head * 0.4 or even > #head * 0.4) and ctrl - math.max(odd, even) < #head / 20 then
            return nil
        end
        return "binary", "not HTML or text: binary data"
    end
    return nil
end

--- newsextract.extract(input [, opts]) -> article | nil, err
function M.extract(input, opts)
    if type(input) ~= "string" then
        error(format("bad argument #1 to 'extract' (string expected, got %s)",
            type(input)), 2)
    end
    opts = check_opts(opts, "extract")
    if type(opts.rules) == "string" then load_dir(opts.rules) end
    local bad, msg = M.unusable(input)
    if bad then return nil, msg end
    local kind = opts.input or M.detect_input(input)
    if kind == "text" then return extract_text(input, opts) end
    return extract_html(input, opts)
end
-- }======================================================================

-- {======================================================================
-- Output: JSON with a stable key order, text, HTML, Markdown.

local KEYS = { "source", "record", "status", "title", "authors", "published", "modified",
    "section", "dateline", "credits", "captions", "reading_time", "words",
    "lead_image", "description", "site_name", "lang", "url", "page_type", "readerable", "rule",
    "charset", "input", "paragraphs", "text", "html", "markdown", "notes",
    "error", "output" }
local ARRAYS = { authors = true, captions = true, paragraphs = true }

local function json_value(v)
    if type(v) == "table" then
        local parts = {}
        for i, x in ipairs(v) do parts[i] = json_value(x) end
        return "[" .. concat(parts, ",") .. "]"
    end
    return cjson.encode(v)
end

--- newsextract.to_json(article [, extra]) -> one line of JSON
function M.to_json(a, extra)
    if type(a) ~= "table" then
        error(format("bad argument #1 to 'to_json' (table expected, got %s)", type(a)), 2)
    end
    local parts = {}
    local function put(k, v)
        if v == nil and ARRAYS[k] and a.input ~= nil then v = {} end
        if k == "notes" and type(v) == "table" and #v == 0 then v = nil end
        if v ~= nil then parts[#parts + 1] = cjson.encode(k) .. ":" .. json_value(v) end
    end
    for _, k in ipairs(KEYS) do
        local v = extra and extra[k]
        if v == nil then v = a[k] end
        put(k, v)
    end
    -- cjson writes "/" as "\\/"; encoded backslashes come in pairs, so
    -- every "\\/" left is one of those and "/" reads the same
    return (("{" .. concat(parts, ",") .. "}"):gsub("\\/", "/"))
end

--- newsextract.format(article, "json"|"text"|"html"|"markdown") -> string
function M.format(a, how)
    if how == nil or how == "json" then return M.to_json(a) end
    if how == "text" then
        local head = {}
        if a.title then head[#head + 1] = a.title end
        if a.text then head[#head + 1] = a.text end
        return concat(head, "\n\n")
    end
    if how == "markdown" then
        local head = {}
        if a.title then head[#head + 1] = "# " .. md_escape(a.title) end
        if a.markdown then head[#head + 1] = a.markdown end
        return concat(head, "\n\n")
    end
    if how == "html" then return a.html or "" end
    error(format("bad argument #2 to 'format' (json, text, html or markdown expected, got %s)",
        tostring(how)), 2)
end
-- }======================================================================

return M
