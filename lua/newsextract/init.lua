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
local headtrim = require("newsextract.head").trim
local similarity = require("newsextract.textsim").similarity

local cjson = require "cjson"

local type, pairs, ipairs, error, pcall, tostring, next, tonumber =
    type, pairs, ipairs, error, pcall, tostring, next, tonumber
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
    fetch = "function",     -- multi-page articles: newsextract.pages
    max_pages = "number",
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

local MARKUP_MAX = 0
for _, m in ipairs(MARKUP) do MARKUP_MAX = math.max(MARKUP_MAX, #m) end

function M.detect_input(s)
    -- the first bytes after white space (and a BOM): a page may open with
    -- kilobytes of blank lines, which a browser skips
    local from = find(s, "[^%s\239\187\191]") or 1
    local limit = from + 4095
    -- each "<" of those 4 KB, in order: the first that opens markup
    -- decides (a short lower-cased copy per "<", no copy of the head)
    local at = find(s, "<", from, true)
    while at and at <= limit do
        local tag = lower(sub(s, at, math.min(at + MARKUP_MAX - 1, limit)))
        for _, m in ipairs(MARKUP) do
            if find(tag, m, 1, true) == 1 then return "html" end
        end
        at = find(s, "<", at + 1, true)
    end
    local head = sub(s, from, limit)
    if find(head, "\0", 1, true) then
        -- UTF-16 without a decoder yet: markup read with its NULs out
        head = lower(head):gsub("%z", "")
        for _, m in ipairs(MARKUP) do
            if find(head, m, 1, true) then return "html" end
        end
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

-- The body kinds: blocks that are `paragraphs` (and `text`).  Figures
-- (images and their captions) are not body: they are in `html`,
-- `markdown`, the reader view and `captions`.
local LAZY   -- the article's metatable, below the renderers
local BODY_KINDS = { p = true, h1 = true, h2 = true, h3 = true, h4 = true,
    h5 = true, h6 = true, li = true, quote = true, pre = true, table = true }
M.BODY_KINDS = BODY_KINDS

local function is_figure(b)
    return b.kind == "figure" or b.kind == "caption" or b.kind == "image"
end

local function html_escape(s)
    return (s:gsub("[&<>\"]", { ["&"] = "&amp;", ["<"] = "&lt;",
        [">"] = "&gt;", ['"'] = "&quot;" }))
end

local function md_escape(s)
    s = s:gsub("([\\`*_%[%]<>&|~])", "\\%1")
    -- a line-leading character that would make a heading, list or quote
    return (s:gsub("^([#+=-])", "\\%1"):gsub("^(%d+)([.)])", "%1\\%2"))
end

-- A block's HTML and Markdown: C gives both for the blocks of a document
-- (a plain paragraph's when they are read: nx_plain_index); blocks
-- without them (text dumps) get them from their text here.
local function block_html(b)
    if b.html then return b.html end
    local k, t = b.kind, html_escape(b.text or "")
    if k == "li" then return "<li>" .. t .. "</li>" end
    if k:match("^h%d$") then
        local h = k == "h1" and "h2" or k
        return "<" .. h .. ">" .. t .. "</" .. h .. ">"
    end
    if k == "quote" then return "<blockquote><p>" .. t .. "</p></blockquote>" end
    if k == "pre" or k == "table" then return "<pre>" .. t .. "</pre>" end
    if is_figure(b) then return "<figure><figcaption>" .. t .. "</figcaption></figure>" end
    return t ~= "" and "<p>" .. t .. "</p>" or ""
end

local function block_md(b)
    if b.md then return b.md end
    local t = md_escape(b.text or "")
    local k = b.kind
    local h = k:match("^h(%d)$")
    if h then return rep("#", tonumber(h)) .. " " .. t end
    if k == "li" then return "- " .. t end
    if k == "quote" then return "> " .. t end
    if k == "pre" or k == "table" then
        local run = 2
        for r in (b.text or ""):gmatch("`+") do if #r > run then run = #r end end
        local fence = rep("`", run + 1)
        return fence .. "\n" .. (b.text or "") .. "\n" .. fence
    end
    if is_figure(b) then return t ~= "" and "*" .. t .. "*" or "" end
    return t
end

-- {======================================================================
-- The renderers: one per format, each over the kept blocks only.

--- HTML: the blocks' sanitised HTML in order; runs of list items in
--- <ul>/<ol>, deeper levels nested inside the item before them.
local function render_html(blocks)
    local out, stack = {}, {}   -- stack: the list tags open, by level
    local function close_to(level)
        while #stack > level do
            out[#out + 1] = "</" .. stack[#stack] .. ">"
            stack[#stack] = nil
            if #stack > 0 then out[#out + 1] = "</li>" end
        end
    end
    for _, b in ipairs(blocks) do
        local h = block_html(b)
        if b.kind == "li" then
            local level = math.min(b.level or 1, #stack + 1)
            local tag = b.ordered and "ol" or "ul"
            close_to(level)
            if #stack == level and stack[level] ~= tag then close_to(level - 1) end
            if #stack < level then
                -- a deeper list goes inside the item before it
                if #stack > 0 and out[#out]:sub(-5) == "</li>" then
                    out[#out] = out[#out]:sub(1, -6)
                elseif #stack > 0 then
                    out[#out + 1] = "<li>"
                end
                out[#out + 1] = "<" .. tag .. ">"
                stack[#stack + 1] = tag
            end
            out[#out + 1] = h
        else
            close_to(0)
            if h ~= "" then out[#out + 1] = h end
        end
    end
    close_to(0)
    return out[2] == nil and out[1] or concat(out, "\n")   -- one part: no copy
end
M.render_html = render_html

--- Markdown: blocks separated by blank lines, list items by newlines.
--- A list item is indented under the one before it by that item's marker
--- width, one level deeper at most: CommonMark reads an item indented
--- four columns past its parent as code.
local function render_markdown(blocks)
    -- out: the blank-line-separated parts; a run of list items is one part,
    -- gathered in `items` (joining as it grows would copy it per item)
    local out, prev, widths, items = {}, nil, {}, nil
    for _, b in ipairs(blocks) do
        local m = block_md(b)
        if m ~= "" then
            if b.kind == "li" then
                if prev ~= "li" then
                    widths = {}
                    items = {}
                    out[#out + 1] = items
                end
                local level = math.min(b.level or 1, #widths + 1)
                for i = #widths, level, -1 do widths[i] = nil end
                local item = m:gsub("^ +", "")
                local indent = 0
                for i = 1, level - 1 do indent = indent + widths[i] end
                widths[level] = #(item:match("^%S+ ") or "- ")
                items[#items + 1] = rep(" ", indent) .. item
            else
                out[#out + 1] = m
            end
            prev = b.kind
        end
    end
    for i, part in ipairs(out) do
        if type(part) == "table" then out[i] = concat(part, "\n") end
    end
    return out[2] == nil and out[1] or concat(out, "\n\n")
end
M.render_markdown = render_markdown

--- Text: the body blocks' text by blank lines; captions in place when
--- asked (favor = "recall", or a gallery whose captions are all it has).
local function render_text(blocks, with_captions)
    local out = {}
    for _, b in ipairs(blocks) do
        local t = b.text
        if t and t ~= "" and (BODY_KINDS[b.kind] or (with_captions and is_figure(b))) then
            out[#out + 1] = t
        end
    end
    return out[2] == nil and out[1] or concat(out, "\n\n")
end
M.render_text = render_text
-- }======================================================================

-- The text of an article with a text of LONG_TEXT bytes or more, on
-- LuaJIT (string.buffer), or nil: the blocks' texts are put in a buffer,
-- dropped and collected before the text is made, and the long ones are
-- then cut from it (string.sub copies once), so that the long texts are
-- never held three times at once (table.concat holds its parts, its
-- buffer and the result: a page of one 5 MB paragraph peaked there).
local LONG_TEXT, LONG_TOTAL = 262144, 1048576
local sbuf = rawget(_G, "jit") and select(2, pcall(require, "string.buffer"))
if type(sbuf) ~= "table" then sbuf = nil end
local function render_text_long(blocks, paragraphs, with_captions)
    if not sbuf then return nil end
    local parts, total, long = {}, 0, false
    for _, b in ipairs(blocks) do
        local t = b.text
        if t and t ~= "" and (BODY_KINDS[b.kind] or (with_captions and is_figure(b))) then
            parts[#parts + 1] = b
            total = total + #t + 2
            if #t >= LONG_TEXT then long = true end
        end
    end
    if not long or total < LONG_TOTAL or #parts < 2 then return nil end
    local buf, at = sbuf.new(total), {}
    for i, b in ipairs(parts) do
        if i > 1 then buf:put("\n\n") end
        at[i] = #buf + 1
        local t = b.text
        buf:put(t)
        if #t >= LONG_TEXT then b.text = #t end     -- its length, for now
    end
    for i, p in ipairs(paragraphs) do
        if #p >= LONG_TEXT then paragraphs[i] = false end
    end
    collectgarbage()
    local text = buf:tostring()
    buf:free()
    local cut = {}
    for i, b in ipairs(parts) do
        if type(b.text) == "number" then
            b.text = text:sub(at[i], at[i] + b.text - 1)
            if BODY_KINDS[b.kind] then cut[#cut + 1] = b.text end
        end
    end
    -- paragraphs are the body blocks' texts, in order
    local j = 1
    for i, p in ipairs(paragraphs) do
        if p == false then paragraphs[i], j = cut[j], j + 1 end
    end
    return text
end

-- Readability's test for a heading that repeats the title: the share of
-- the title's text made of words the heading does not have is small.
local function same_text(heading, title)
    if not heading or not title then return false end
    return lower(heading) == lower(title) or similarity(heading, title) > 0.75
end

-- A credits line is short and says "by": the full parse is skipped for
-- every other paragraph.
local function maybe_credits(p)
    return #p <= 600 and (find(p, "by", 1, true) or find(p, "By", 1, true)
        or find(p, "BY", 1, true) or find(p, "contributed", 1, true)
        or find(p, ":", 1, true) or find(p, " von ", 1, true)
        or find(p, " de ", 1, true) or find(p, " por ", 1, true)
        or find(p, " par ", 1, true) or find(p, " da ", 1, true)) ~= nil
end

-- The policy, decided once: which of the body's blocks are kept.  The
-- headline repeated at the top of the body and the credits line (a field
-- of its own) are dropped; every output is then rendered from what is
-- kept, so a block dropped from one is dropped from all.
local function keep_blocks(f, blocks, trim_head)
    local kept, body = {}, {}
    for i, b in ipairs(blocks) do
        -- a block of separators only ("|", "»", "·" in ASCII) says nothing;
        -- code keeps whatever it holds
        local bare = BODY_KINDS[b.kind] and b.kind ~= "pre" and b.text ~= "" and
            not b.text:find("[%w\128-\255]")
        if not bare and not (i <= 3 and b.kind:match("^h%d$") and same_text(b.text, f.title)) then
            kept[#kept + 1] = b
        end
    end
    -- the head's repeats of the metadata and its breadcrumbs (head.lua)
    if trim_head then kept = headtrim(f, kept) end
    for i, b in ipairs(kept) do
        if BODY_KINDS[b.kind] and b.text ~= "" then body[#body + 1] = i end
    end
    -- credits: the rule's, or a credits line among the last paragraphs
    local drop
    if f.credits then
        for j = #body, 1, -1 do
            local p = kept[body[j]].text
            if p == f.credits or (maybe_credits(p) and fields.credits(p) == f.credits) then
                drop = body[j]
                break
            end
        end
    else
        for j = #body, math.max(1, #body - 3), -1 do
            local p = kept[body[j]].text
            local c = maybe_credits(p) and fields.credits(p)
            if c then
                f.credits, drop = c, body[j]
                break
            end
        end
    end
    if drop then table.remove(kept, drop) end
    return kept
end

-- `html` and `markdown` are rendered from the article's kept blocks the
-- first time they are read, and kept: a page of one 3 MB paragraph held
-- its text three times over (text, Markdown, HTML) when only one was
-- wanted.  to_json and format read them by name; pairs() sees them once
-- read (on 5.4 __pairs reads them first; LuaJIT has no __pairs).
local LAZY_RENDER = { html = render_html, markdown = render_markdown }
LAZY = {
    __index = function(a, k)
        local render = LAZY_RENDER[k]
        local blocks = render and rawget(a, "blocks")
        if not blocks then return nil end
        local s = render(blocks)
        if s == "" then return nil end
        rawset(a, k, s)
        return s
    end,
    __pairs = function(a)
        for k in pairs(LAZY_RENDER) do local _ = a[k] end   -- rendered now
        return next, a, nil
    end,
}

-- Fill paragraphs, captions, dateline, words, text, html, markdown and
-- blocks from the kept blocks; `f` already holds what metadata and the
-- rule gave.
local function finish(f, body, keep_captions, trim_head)
    local blocks = keep_blocks(f, body and body.blocks or {}, trim_head)
    local paragraphs, captions, words = {}, {}, 0
    for _, b in ipairs(blocks) do
        if BODY_KINDS[b.kind] and b.text ~= "" then
            paragraphs[#paragraphs + 1] = b.text
            -- counted by C per block; blocks from text dumps the same way
            words = words + (b.words or core.words(b.text))
        elseif is_figure(b) and b.text and b.text ~= "" then
            captions[#captions + 1] = b.text
        end
    end
    if f.captions == nil then f.captions = captions end
    if f.dateline == nil and paragraphs[1] then
        f.dateline = fields.dateline(paragraphs[1])
    end
    f.paragraphs = paragraphs
    f.words = words
    -- a gallery page: its captions are all the text it has
    if not keep_captions and #paragraphs == 0 then keep_captions = true end
    local text = render_text_long(blocks, paragraphs, keep_captions) or render_text(blocks, keep_captions)
    f.text = text ~= "" and text or nil
    f.markdown, f.html = nil, nil      -- rendered when first read (LAZY)
    if not f.lead_image and body and body.images and body.images[1] then
        f.lead_image = body.images[1].src
    end
    -- the kept blocks, for renderers (the reader view); not in JSON
    f.blocks = blocks
    return setmetatable(f, LAZY)
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
        if k ~= "blocks" and k ~= "body" and k ~= "notes" and k ~= "generic" and v ~= nil and
            not (type(v) == "table" and next(v) == nil and (into[k] ~= nil or k == "captions")) then
            into[k] = v
        end
    end
end

-- The article from what extract_html's protected part read, once the tree
-- is freed: the outputs are rendered only now (a page of one huge
-- paragraph held the tree and its three outputs at once).
local function assemble(res, md, opts)
    local rf = res.rf
    -- the head's repeats of the metadata go from a story's generic body
    -- (not recall's, not a site rule's, whose selectors chose it)
    local art = finish(res.f, res.body, opts.favor == "recall",
        res.page_type == "article" and opts.favor ~= "recall")
    for _, k in ipairs(rf and rf.generic or {}) do
        -- the rule's selectors found nothing; the generic reader did
        local v = art[k]
        if v ~= nil and not (type(v) == "table" and #v == 0) then
            art.notes = art.notes or {}
            art.notes[#art.notes + 1] = format("%s: the rule's selectors found nothing; "
                .. "read by the generic reader", k)
        end
    end
    art.page_type = res.page_type or pagetype.of_page(md, art, art.blocks)
    art.readerable = md.readerable
    local dir = md.dir and lower(md.dir)
    if dir == "rtl" or dir == "ltr" then art.dir = dir end
    return art
end

-- The generic body looked at again for the kind of page it reads as; the
-- kind is the one read from the first choice, so page_type does not move
-- with the second.  A shop's grid of cards is no prose: on a page read as
-- a collection the biggest series of items joins the choice
-- (nx_choose_grid).  On a product page the cards of other products, the
-- reviews, "customers also bought" leave the product's own text
-- (nx_choose_product; recall keeps them).  A forum thread is its series
-- of posts (nx_choose_posts), without the lines its template repeats.
--
-- A thread's template prints the same short lines in every post: the
-- buttons ("Zitieren", "Répondre", "Share on other sites"), the ranks
-- ("Member"), "Link to comment".  A short block (RECUR_CHARS bytes or
-- fewer) whose text comes back RECUR_TIMES times or more in the body is
-- such a line, in any language, and goes.
--
-- A user pane's counts are blocks of their own: a bare number ("1,357",
-- "42.4k"), a count and its word ("10 posts", "4 Reputation"), a label and
-- its count ("Beiträge: 1234", "Messages : 87"); post text is no such line.
local RECUR_CHARS, RECUR_TIMES, STAT_CHARS = 60, 3, 30
local function user_stat(t)
    return t ~= nil and #t <= STAT_CHARS and find(t, "%d") ~= nil and (find(t, "^[%d%s.,:kKmM+-]+$") or
        find(t, "^[%d.,]+[kKmM]? [^%s%d]+$") or find(t, "^[^%s%d]+ ?: ?[%d.,]+[kKmM]?$")) ~= nil
end
local function without_recurring(blocks)
    local seen, keep = {}, {}
    for _, b in ipairs(blocks) do
        local t = b.text
        if t and #t <= RECUR_CHARS then seen[t] = (seen[t] or 0) + 1 end
    end
    for _, b in ipairs(blocks) do
        if (seen[b.text] or 0) < RECUR_TIMES and not user_stat(b.text) then
            keep[#keep + 1] = b
        end
    end
    return keep
end

local function typed_body(doc, md, f, body, favor)
    local page_type = pagetype.of_page(md, f, body.blocks)
    -- a listing (search results, job offers, classified ads, a directory)
    -- is its series of entries as a collection is its series of cards
    if page_type == "collection" or page_type == "listing" then
        body = doc:article(favor, nil, "items")
        -- a listing's entries repeat their template's lines too ("Read
        -- more", "Apply", "Select"), as a thread's posts do
        if page_type == "listing" then body.blocks = without_recurring(body.blocks) end
    elseif page_type == "forum" then
        body = doc:article(favor, nil, "posts")
        body.blocks = without_recurring(body.blocks)
    elseif page_type == "product" and favor ~= "recall" then
        body = doc:article(favor, nil, "product")
    elseif page_type == "service" then
        body = doc:article(favor, nil, "service")
    end
    return body, page_type
end

local READERABLE = { min_score = readerable.MIN_SCORE,
    min_content_length = readerable.MIN_CONTENT_LENGTH }
local TRIM_BYTES = 1048576
local function extract_html(input, opts)
    local doc, err = core.parse(input, { url = opts.url,
        content_type = opts.content_type, charset = opts.charset })
    if not doc then return nil, err end
    local md, page_type
    local ok, res = pcall(function()
        local body, rf, rule
        local set = rule_set(opts)
        -- the page in few calls into C: the metadata walk also gives the
        -- readerable verdict (on the raw tree, before any clean-up), the
        -- dir, the charset and the rule set's class/id tokens; the rule (or
        -- the generic reader) then reads the body in one more call, which
        -- also resolves the metadata's URL fields
        md = doc:metadata({ readerable = READERABLE, tokens = set and set.by_token })
        md.tokens_of = set and set.by_token
        md.page_bytes = #input   -- meta.lua skips its page-wide scans on huge pages
        md.defer_urls = true     -- f.lead_image as written: resolved below
        if set then rule = set:match(opts.url, doc, { metadata = md }) end
        -- a rule may say the page's JSON-LD is not to be read (FTR's skip_json_ld)
        local f = meta.fields(rule and rule.skip_json_ld and rules_module().without_jsonld(md) or md,
            opts.url, doc, opts.reference_time and fields.reference_day(opts.reference_time))
        local urls = f.lead_image and { { f.lead_image, image = true } } or nil
        f.lead_image = nil
        if rule then
            local notes
            rf, notes = rules_module().apply(rule, doc, opts, input, md, urls)
            f.rule = rule.name or rule.template
            f.notes = notes or (rf and rf.notes)
            if rf and rf.resolved then
                f.lead_image, rf.resolved, urls = rf.resolved[1], nil, nil
            end
        end
        if rf then
            if opts.fallback == false then
                f = { rule = f.rule, notes = f.notes, captions = rf.captions }
            end
            merge(f, rf)
            if rf.body then body = rf.body
            elseif rf.blocks then body = { blocks = rf.blocks, images = rf.images } end
        end
        if not body and not (rf and (opts.fallback == false or rf.no_fallback)) then
            local resolved
            body, resolved = doc:article(opts.favor, urls)
            if urls then f.lead_image, urls = resolved[1] or nil, nil end
            body, page_type = typed_body(doc, md, f, body, opts.favor)
        end
        if urls and not (rf and opts.fallback == false) then
            f.lead_image = doc:resolve(urls)[1] or nil
        end
        if rf and rf.pages and opts.fetch then
            -- the article goes on: its pages fetched (by the caller's
            -- function) and joined, between C passes
            f.notes = f.notes or {}
            body = require("newsextract.pages").follow(rule, rf.pages, body, opts, f.notes)
        end
        if f.reading_time == nil and not (rf and opts.fallback == false) then
            f.reading_time = printed_reading_time(md)
        end
        f.charset = md.charset
        f.charset_source = md.charset_source
        f.input = "html"
        return { f = f, body = body, rf = rf, page_type = page_type }
    end)
    doc:free()
    -- after a large page, the C heap's free pages go back to the system
    -- before Lua allocates the outputs (core.trim: glibc keeps them
    -- otherwise, and LuaJIT's allocator cannot reuse them)
    if #input >= TRIM_BYTES then core.trim() end
    if not ok then error(res, 0) end
    return assemble(res, md, opts)
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
    local head = #input <= 4096 and input or sub(input, 1, 4096)
    local b1, b2 = head:byte(1, 2)
    if (b1 == 0xFF and b2 == 0xFE) or (b1 == 0xFE and b2 == 0xFF) then return nil end
    -- a head that opens markup is a page, however many control bytes it
    -- holds: asked first, it spares a page the count (a pattern tried at
    -- each of 4 KB)
    if M.detect_input(head) == "html" then return nil end
    -- counted without a copy of the head (gsub would build one)
    local ctrl = 0
    for _ in head:gmatch("[%z\1-\8\14-\26\28-\31\127]") do ctrl = ctrl + 1 end
    if ctrl * 20 > #head then
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

-- The metadata lines of `format(..., { metadata = true })`: the fields a
-- reader of a text or Markdown file wants (trafilatura's --with-metadata).
local META = { { "title", "title" }, { "authors", "authors" },
    { "published", "published" }, { "modified", "modified" },
    { "site_name", "site" }, { "section", "section" }, { "url", "url" },
    { "lead_image", "image" }, { "description", "description" },
    { "lang", "lang" }, { "words", "words" }, { "reading_time", "reading_time" } }

local function one_line(v)
    if type(v) == "table" then v = concat(v, ", ") end
    return (tostring(v):gsub("[%c]+", " "))
end

--- newsextract.format(article [, how [, opts]]) -> string
--- how: "json" (default), "text", "html" or "markdown".  opts.metadata:
--- text starts with "Key: value" lines and a blank line; Markdown with a
--- YAML front matter block (values JSON-quoted, which YAML reads as
--- strings); both otherwise start with the title.
function M.format(a, how, opts)
    if type(a) ~= "table" then
        error(format("bad argument #1 to 'format' (table expected, got %s)", type(a)), 2)
    end
    if opts ~= nil and type(opts) ~= "table" then
        error(format("bad argument #3 to 'format' (table expected, got %s)", type(opts)), 2)
    end
    local with_meta = opts and opts.metadata
    if how == nil or how == "json" then return M.to_json(a) end
    if how == "text" then
        local head = {}
        if with_meta then
            local lines = {}
            for _, m in ipairs(META) do
                local v = a[m[1]]
                if v ~= nil and not (type(v) == "table" and #v == 0) then
                    local label = m[2] == "url" and "URL" or m[2]:gsub("^%l", string.upper)
                    lines[#lines + 1] = label .. ": " .. one_line(v)
                end
            end
            if #lines > 0 then head[#head + 1] = concat(lines, "\n") end
        elseif a.title then
            head[#head + 1] = a.title
        end
        if a.text then head[#head + 1] = a.text end
        return concat(head, "\n\n")
    end
    if how == "markdown" then
        local head = {}
        if with_meta then
            local lines = { "---" }
            for _, m in ipairs(META) do
                local v = a[m[1]]
                local j = (type(v) == "table" and #v > 0 and json_value(v)) or
                    (v ~= nil and type(v) ~= "table" and cjson.encode(v)) or nil
                -- cjson's "\/" is "/" in YAML too, but reads badly
                if j then lines[#lines + 1] = m[2] .. ": " .. j:gsub("\\/", "/") end
            end
            lines[#lines + 1] = "---"
            head[#head + 1] = concat(lines, "\n")
        end
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
