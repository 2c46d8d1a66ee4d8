-- SPDX-License-Identifier: MIT
-- newsextract.rule_apply: a compiled rule applied to a parsed page.
local M = { _VERSION = "0.1.0" }

local sandbox = require "newsextract.sandbox"
local fields = require "newsextract.fields"

local type, ipairs, pairs, tostring, error, pcall = type, ipairs, pairs, tostring, error, pcall
local fmt = string.format
local FIELDS = require("newsextract.rule_schema").FIELDS

---------------------------------------------------------------------------
-- Applying a rule
---------------------------------------------------------------------------

local collapse = fields.collapse
local meta_fallback, from_body   -- defined with the generic readers below
-- The kinds of block that are body text (newsextract.init's BODY_KINDS;
-- init requires this module, so the list is not read from it).
local BODY_KINDS = { p = true, h1 = true, h2 = true, h3 = true, h4 = true,
    h5 = true, h6 = true, li = true, quote = true, pre = true, table = true }

-- The page's matcher (sandbox.page) for the patterns a rule gives as
-- data, by the ctx of the application: not in ctx itself, which the
-- rule's transforms are handed.
local page_data = setmetatable({}, { __mode = "k" })

-- Run the selector's clean-up on one raw value; nil when nothing is left.
local function clean(rule, sel, v, ctx, notes)
    if type(v) ~= "string" then return nil end
    v = collapse(v)
    if not v then return nil end
    if sel.trim_prefix and v:sub(1, #sel.trim_prefix) == sel.trim_prefix then
        v = collapse(v:sub(#sel.trim_prefix + 1))
        if not v then return nil end
    end
    -- pattern and replace run bounded (sandbox.find/gsub): the value is
    -- page text, and a backtracking pattern stops with a note
    local data = page_data[ctx] or sandbox
    if sel.pattern then
        local fine, s, e, cap = pcall(data.find, v, sel.pattern)
        if not fine then
            notes[#notes + 1] = fmt("%s.pattern: %s", sel.where, tostring(s))
            return nil
        end
        if not s then return nil end
        v = collapse(cap or v:sub(s, e))
        if not v then return nil end
    end
    if sel.replace then
        for i, pair in ipairs(sel.replace) do
            local fine, r = pcall(data.gsub, v, pair[1], pair[2])
            if not fine then
                notes[#notes + 1] = fmt("%s.replace[%d]: %s", sel.where, i, tostring(r))
                return nil
            end
            v = r
        end
        v = collapse(v)
        if not v then return nil end
    end
    if sel.transform then
        local ok, res = sandbox.run(rule.box, sel.transform, v, ctx)
        if not ok then
            notes[#notes + 1] = fmt("%s.transform: %s", sel.where, tostring(res))
            return nil
        end
        if type(res) == "table" then
            local out = {}
            for _, x in ipairs(res) do
                x = type(x) == "string" and collapse(x) or nil
                if x then out[#out + 1] = x end
            end
            return #out > 0 and out or nil
        end
        if type(res) == "number" then res = tostring(res) end
        v = type(res) == "string" and collapse(res) or nil
    end
    return v
end

-- Raw values of one selector: a list (possibly empty).  `src` is the
-- page as doc:apply read it (see M.apply): its metadata and the values
-- of the rule's selectors.
local function raw_values(sel, src, ctx, all)
    if sel.kind == "meta" then
        -- keys normalised as meta.lua reads them ("og:title twitter:title")
        ctx.meta = ctx.meta or require("newsextract.meta").meta_table(src.metadata().meta)
        local vals = ctx.meta[sel.meta] or {}
        if all then return vals end
        return { vals[1] }
    end
    local r = src.select(sel, all)
    if r == nil then return {} end
    if type(r) == "table" then return r end
    return { r }
end

local function values(rule, sel, doc, ctx, notes, all)
    local out = {}
    for _, raw in ipairs(raw_values(sel, doc, ctx, all)) do
        local v = clean(rule, sel, raw, ctx, notes)
        if type(v) == "table" then
            for _, x in ipairs(v) do out[#out + 1] = x end
        elseif v then
            out[#out + 1] = v
        end
    end
    return out
end

-- A link made absolute against a base (the page's <base>, else its URL):
-- the one URL resolution is C's (core.resolve, nx_url.c).  With no base a
-- link that has no scheme stays as written; a script scheme gives nil.
local core_mod
local function absolute(u, base)
    core_mod = core_mod or require "newsextract.core"
    local r = core_mod.resolve(u, base)
    if r == nil and base == nil and not u:find("^%a[%w+.-]*:") then return u end
    return r
end
M.absolute = absolute

local EXTRACT = {}
function EXTRACT.text(rule, list, doc, ctx, notes)
    for _, sel in ipairs(list) do
        local v = values(rule, sel, doc, ctx, notes)[1]
        if v then return v end
    end
end
-- A URL field's value as the page writes it: M.apply has C resolve it
-- (doc:apply's resolve list, against the document's base) at the end.
EXTRACT.url = EXTRACT.text
function EXTRACT.authors(rule, list, doc, ctx, notes)
    for _, sel in ipairs(list) do
        local vals = values(rule, sel, doc, ctx, notes, sel.all)
        if #vals > 0 then
            local names = fields.authors(#vals == 1 and vals[1] or vals)
            if names and #names > 0 then return names end
        end
    end
end
function EXTRACT.date(rule, list, doc, ctx, notes, field)
    for _, sel in ipairs(list) do
        local v = values(rule, sel, doc, ctx, notes)[1]
        if v then
            local d = fields.date(v, sel.format, sel.timezone)
            if d then return d end
            notes[#notes + 1] = fmt("%s: %s: cannot read %q as a date", sel.where, field, v)
        end
    end
end
-- Every match is looked at, last first: the credits line closes a story,
-- so a selector may name all the body's paragraphs.
-- A selector that matched only text the credits reader refuses says so.
function EXTRACT.credits(rule, list, doc, ctx, notes)
    local refused
    for _, sel in ipairs(list) do
        local vals = values(rule, sel, doc, ctx, notes, sel.all ~= false)
        for i = #vals, 1, -1 do
            local c = fields.credits(vals[i])
            if c then return c end
        end
        if #vals > 0 and not refused then refused = { sel.where, vals[#vals] } end
    end
    if refused then
        local v = refused[2]
        if #v > 80 then v = v:sub(1, 77) .. "..." end
        notes[#notes + 1] = fmt("%s: credits: matched %q, which is not a credits line", refused[1], v)
    end
end
function EXTRACT.list(rule, list, doc, ctx, notes)
    for _, sel in ipairs(list) do
        local vals = values(rule, sel, doc, ctx, notes, sel.all ~= false)
        if #vals > 0 then
            -- a slideshow repeats its captions; keep the first of each
            local out, seen = {}, {}
            for _, v in ipairs(vals) do
                if not seen[v] then seen[v] = true; out[#out + 1] = v end
            end
            return out
        end
    end
end
function EXTRACT.minutes(rule, list, doc, ctx, notes)
    for _, sel in ipairs(list) do
        local v = values(rule, sel, doc, ctx, notes)[1]
        if v then
            -- "5 Min Read", or a bare count; the same 1..999 bound either way,
            -- so a stray digit run never prints as 1e+20 or 0 minutes
            local n = fields.reading_time(v) or (v:find("^%d+$") and tonumber(v))
            if n and n >= 1 and n < 1000 then return math.floor(n) end
            notes[#notes + 1] = fmt("%s: reading_time: cannot read %q", sel.where, v)
        end
    end
end

-- Fields with a generic reader that runs on the body when the rule gives
-- none: the dateline (first paragraph), captions (the figures), credits
-- (the last paragraphs).
local GENERIC_READER = { dateline = true, captions = true, credits = true }

local APPLY_ORDER = { "title", "authors", "published", "modified", "section",
    "dateline", "credits", "captions", "lead_image", "description", "reading_time" }

-- {===================================================================
-- Generic readers, for a field whose selectors find nothing on a template
-- variant the rule was not written on.  Each returns the value or nil.

-- Each reader is { select = function(rule) -> entries (doc:apply's
-- selections: {xpath, attr, all}) or nil, read = function(values) }:
-- its selections run in a second round of the same doc:apply.

local GENERIC_XPATH = {}
local function generic_xpath(key, text)
    local c = GENERIC_XPATH[key]
    if c == nil then
        c = require("newsextract.core").xpath(text) or false
        GENERIC_XPATH[key] = c
    end
    return c or nil
end

local CAPTIONS_XPATH = "//figcaption[not(ancestor::figcaption)] | "
    .. "//*[contains(translate(@class, 'CAPTION', 'caption'), 'caption')]"
    .. "[not(ancestor::*[contains(translate(@class, 'CAPTION', 'caption'), 'caption')])]"
    .. "[not(self::figcaption)][not(ancestor::figcaption)]"

local GENERIC = {}
-- Where a page prints no caption at all, the photo's own description:
-- the alt (else title) text of an image that is no link, menu or page
-- furniture, when it reads as a sentence (six words or more: "Flag of
-- United States" is a label).
local ALT_XPATH = "//img[not(ancestor::a or ancestor::nav or ancestor::header or ancestor::footer"
    .. " or ancestor::aside or ancestor::button or ancestor::noscript)]"

local function caption_list(vals, min_words, out, seen)
    for _, v in ipairs(type(vals) == "table" and vals or {}) do
        v = collapse(v)
        -- a caption says something: "Slideshow", "Photo" are labels
        local words = v and select(2, v:gsub("%S+", ""))
        if v and words >= min_words and #v <= 600 and not seen[v] then seen[v] = true; out[#out + 1] = v end
    end
    return out
end

-- captions: figcaption, or an element whose class says caption (outermost
-- one), anywhere on the page, of four words or more; else the images'
-- alt (or title) texts; a slideshow's repeats dropped
GENERIC.captions = {
    select = function()
        local xp = generic_xpath("captions", CAPTIONS_XPATH)
        local img = generic_xpath("captions:img", ALT_XPATH)
        if not (xp and img) then return nil end
        return { { xp, nil, true }, { img, "alt", true }, { img, "title", true } }
    end,
    read = function(got)
        local out = caption_list(got[1], 4, {}, {})
        if #out == 0 then
            -- each image once: its alt, else its title
            local alts, titles, seen = got[2], got[3], {}
            out = caption_list(alts, 6, {}, seen)
            if #out == 0 then out = caption_list(titles, 6, {}, seen) end
        end
        return #out > 0 and out or nil
    end,
}
-- dateline: the element that opens the body's first paragraph, when it
-- reads as a place ("WASHINGTON" in its own span, no agency tag); the
-- first body selector whose expression finds one gives it
GENERIC.dateline = {
    select = function(rule)
        local list = {}
        for _, sel in ipairs(rule.fields.body or {}) do
            if sel.xpath_text then
                local xp = generic_xpath("dateline:" .. sel.xpath_text, "((" .. sel.xpath_text
                    .. ")//p[normalize-space()])[1]/*[1][not(preceding-sibling::text()[normalize-space()])]")
                if xp then list[#list + 1] = { xp } end
            end
        end
        return #list > 0 and list or nil
    end,
    read = function(got, n)
        for i = 1, n do
            if got[i] then return fields.dateline_place(got[i]) end
        end
    end,
}
-- }===================================================================

-- {===================================================================
-- The rule as doc:apply takes it: every field selector and next-page
-- read in one list ({ xpath, attr, all }), the strips, the body; and where
-- each selector's value stands in that list.  Built once per rule.

local ALL = {
    authors = function(sel) return sel.all and true or false end,
    credits = function(sel) return sel.all ~= false end,
    list = function(sel) return sel.all ~= false end,
}

local SPECS = setmetatable({}, { __mode = "k" })
local function spec_of(rule)
    local spec = SPECS[rule]
    if spec then return spec end
    local list, at, next_at = {}, {}, {}
    local function add(xpath, attr, all)
        list[#list + 1] = { xpath, attr, all or nil }
        return #list
    end
    for _, field in ipairs(APPLY_ORDER) do
        local all_of = ALL[FIELDS[field]]
        for _, sel in ipairs(rule.fields[field] or {}) do
            if sel.kind ~= "meta" then
                local all = all_of and all_of(sel) or false
                at[sel] = at[sel] or {}
                at[sel][all] = at[sel][all] or add(sel.xpath, sel.attr, all)
            end
        end
    end
    for i, sel in ipairs(rule.next_page_link or {}) do
        next_at[i] = { add(sel.xpath, "href"), add(sel.xpath, sel.attr) }
    end
    local apply = { select = list }
    local body = rule.fields.body
    if body and #body > 0 then
        -- the strip list only shapes the body: it runs only with one
        apply.strip, apply.content = {}, {}
        for i, sel in ipairs(rule.strip) do apply.strip[i] = sel.xpath end
        for i, sel in ipairs(body) do apply.content[i] = sel.xpath end
    end
    -- the generic readers' selections, compiled once per rule
    local generic = {}
    for field, g in pairs(GENERIC) do
        if rule.fields[field] and #rule.fields[field] > 0 then generic[field] = g.select(rule) end
    end
    spec = { apply = apply, at = at, next_at = next_at, generic = generic }
    SPECS[rule] = spec
    return spec
end
M.spec_of = spec_of
-- }===================================================================

-- One field of the rule into out[field], from the values doc:apply read
-- (src).  Returns true when the field's selectors found nothing and its
-- generic reader is to run (generic_done then, with its values).
local function read_field(rule, field, list, src, ctx, opts, out, spec)
    local notes = out.notes
    local ok, val = pcall(EXTRACT[FIELDS[field]], rule, list, src, ctx, notes, field)
    if ok then out[field] = val
    else notes[#notes + 1] = fmt("%s: %s: %s", rule.file, field, tostring(val)) end
    return out[field] == nil and spec.generic[field] ~= nil and opts.fallback ~= false
end

local function field_done(field, out)
    if (out[field] == nil or (type(out[field]) == "table" and #out[field] == 0))
        and GENERIC_READER[field] then
        -- a template variant the rule was not written on: the
        -- generic reader of the field gets its turn (init.finish),
        -- and extract notes it when that reader finds the field
        out.generic = out.generic or {}
        out.generic[#out.generic + 1] = field
        out[field] = nil
    end
end

local function generic_done(rule, field, got, errors, spec, out)
    local n = #spec.generic[field]
    for i = 1, n do
        if errors[i] ~= nil then error(errors[i], 0) end
    end
    out[field] = GENERIC[field].read(got, n)
    if out[field] ~= nil then
        out.notes[#out.notes + 1] = fmt("%s: %s: the rule's selectors found nothing; "
            .. "read by the generic reader", rule.file, field)
    end
end

-- {===================================================================
-- Fields the generic path reads too, for a rule page whose selectors
-- found nothing for them (a template variant the rule was not written
-- on): each gets the generic value, and a note says so.

local function empty(v)
    return v == nil or (type(v) == "table" and #v == 0)
end

-- title, authors, published: what the page's metadata gives
-- (newsextract.meta, as extract reads it on a page with no rule).  Read
-- between the selections and the strips: the tree is whole.
local META_FIELDS = { "title", "authors", "published" }
function meta_fallback(rule, out, src, opts)
    local missing = {}
    for _, k in ipairs(META_FIELDS) do
        if rule.fields[k] and #rule.fields[k] > 0 and empty(out[k]) then missing[#missing + 1] = k end
    end
    if #missing == 0 then return end
    -- URL fields as written (no call into C for them: none is used here)
    local md = src.metadata()
    local defer = md.defer_urls
    md.defer_urls = true
    local ref = opts.reference_time and fields.reference_day(opts.reference_time)
    -- what the page declares and marks (meta tags, JSON-LD, byline and time
    -- elements), not the guesses from its printed text (no doc): a rule
    -- page whose byline box is empty is an agency story, not a byline to
    -- guess
    local fine, g = pcall(require("newsextract.meta").fields, md, opts.url, nil, ref)
    md.defer_urls = defer
    if not fine then error(g, 0) end
    for _, k in ipairs(missing) do
        if not empty(g[k]) then
            out[k] = g[k]
            out.notes[#out.notes + 1] = fmt("%s: %s: the rule's selectors found nothing; "
                .. "read by the generic reader", rule.file, k)
        end
    end
end

-- The body's text blocks (paragraphs, headings, items), in order.
local function body_texts(blocks)
    local list = {}
    for i, b in ipairs(blocks) do
        if BODY_KINDS[b.kind] and b.text and b.text ~= "" then list[#list + 1] = i end
    end
    return list
end

-- dateline and credits, from the body the rule read: the dateline by the
-- shape of the first paragraph's opening ("VIENNA (Reuters) -",
-- "WASHINGTON/LONDON (Reuters) -", "HANAU, Germany (Reuters) -"; "(Reuters)
-- -" alone names no place), the credits line among the last four
-- paragraphs (then no longer body).  A field read here leaves
-- out.generic (extract's finish would read it the same way).
function from_body(rule, out)
    local blocks = out.blocks
    local texts = body_texts(blocks)
    local found = {}
    for _, k in ipairs(out.generic) do
        local v
        if k == "dateline" then
            local first = texts[1] and blocks[texts[1]].text
            v = first and fields.dateline(first)
        elseif k == "credits" then
            for j = #texts, math.max(1, #texts - 3), -1 do
                local c = #blocks[texts[j]].text <= 600 and fields.credits(blocks[texts[j]].text)
                if c then
                    v = c
                    table.remove(blocks, texts[j])
                    break
                end
            end
        end
        if v then
            out[k] = v
            found[k] = true
            out.notes[#out.notes + 1] = fmt("%s: %s: the rule's selectors found nothing; "
                .. "read by the generic reader", rule.file, k)
        end
    end
    local left = {}
    for _, k in ipairs(out.generic) do
        if not found[k] then left[#left + 1] = k end
    end
    out.generic = #left > 0 and left or nil
end
-- }===================================================================

-- What C resolves (doc:apply's resolve list) after the body: the lead
-- image, where the article goes on (its href, or the text of an attribute
-- or string expression, read before the strips change the page), the
-- caller's URLs.
local function url_list(out, spec, pick, resolve)
    local urls = {}
    if out.lead_image then urls[1] = { out.lead_image, keep = true } end
    for _, at in ipairs(spec.next_at) do
        local u = pick(at[1]) or pick(at[2])
        if u and u ~= "" then
            out.pages = { kind = "next" }
            urls[#urls + 1] = { u, keep = true }
            break
        end
    end
    for _, u in ipairs(resolve or {}) do urls[#urls + 1] = u end
    return urls
end

-- The URLs doc:apply resolved, in the order url_list listed them.
local function resolved_urls(out, urls, resolve)
    local k = 1
    if out.lead_image then out.lead_image = urls[1] or nil; k = 2 end
    if out.pages then out.pages.url = urls[k] or nil; k = k + 1 end
    if resolve then
        out.resolved = {}
        for i = 1, #resolve do out.resolved[i] = urls[k] or nil; k = k + 1 end
    end
end

-- The body doc:apply read (doc:content's res, err) and the strips' errors.
local function body_of(rule, out, strip_errors, res, err)
    local notes = out.notes
    for i, sel in ipairs(rule.strip) do
        if strip_errors[i] then notes[#notes + 1] = fmt("%s: %s", sel.where, tostring(strip_errors[i])) end
    end
    if res == nil and err then
        notes[#notes + 1] = fmt("%s: body: %s", rule.file, tostring(err))
    elseif res then
        out.blocks = res.blocks or res
        out.html = res.html
        local img = res.images and res.images[1]
        if not out.lead_image and img and img.src then
            out.lead_image = img.src   -- resolved by C already
        end
    end
end

--- Apply a rule to a parsed document.  Returns a table of the fields found
--- (missing ones nil; authors and captions arrays), `blocks` (the body, from
--- doc:content after the rule's strip list was removed with doc:strip --
--- the document is changed), `rule` (its name) and `notes` (problems met
--- on the way: a transform that failed, a date not read).  Also returned
--- as the second value: notes.
--- opts: url (the page's URL, for transforms and absolute image URLs).
--- raw: the page's bytes, for a Full-Text RSS rule that edits the text
--- before parsing (newsextract.ftr applies those rules).
--- md: the page's doc:metadata(), when the caller has it (else read here).
--- resolve: URLs the caller wants resolved in the same call (entries as
--- doc:resolve takes them); out.resolved then holds them, in order, nil
--- where one is unsafe.
---
--- The page is read in one call, doc:apply (plugin/nx_apply.c): every
--- selector of the rule is evaluated, then the fields are made from the
--- values in Lua (patterns, transforms, generic readers: between the
--- selections and the strips, never while C holds the tree's memory),
--- then the strips and the body.
function M.apply(rule, doc, opts, raw, md, resolve)
    if type(rule) ~= "table" or not rule.fields then
        error("rules.apply: expected a rule from a rule set, got " .. type(rule), 2)
    end
    if doc == nil then error("rules.apply: expected a document", 2) end
    opts = opts or {}
    if rule.ftr then return require("newsextract.ftr").apply_page(rule, doc, opts, raw) end
    local notes = {}
    local ctx = { url = opts.url, rule = rule.name }
    -- one budget for all the rule's work on this page (sandbox.page)
    page_data[ctx] = sandbox.page(rule.box, type(raw) == "string" and #raw or 1048576)
    local out = { rule = rule.name, notes = notes }
    local spec = spec_of(rule)
    local got, errors
    -- the value doc:apply read for entry i (an error it met is raised
    -- here, where the rule reads that selector)
    local function pick(i)
        local err = errors[i]
        if err ~= nil then error(err, 0) end
        return got[i] or nil
    end
    local src = {}
    function src.metadata()
        md = md or doc:metadata()
        return md
    end
    function src.select(sel, all)
        return pick(spec.at[sel][all and true or false])
    end
    -- The fields in APPLY_ORDER; a field whose generic reader is to run
    -- stops the walk at `waiting` and asks doc:apply for that reader's
    -- selections: the next round's values finish it and the walk goes on.
    local fi, waiting = 1, nil
    local function read_fields(v, e)
        if waiting then
            local ok, err = pcall(generic_done, rule, waiting, v, e, spec, out)
            if not ok then out.notes[#out.notes + 1] = fmt("%s: %s: %s", rule.file, waiting, tostring(err)) end
            field_done(waiting, out)
            waiting = nil
        else
            got, errors = v, e
        end
        while fi <= #APPLY_ORDER do
            local field = APPLY_ORDER[fi]
            fi = fi + 1
            local list = rule.fields[field]
            if list and #list > 0 then
                if read_field(rule, field, list, src, ctx, opts, out, spec) then
                    waiting = field
                    return { select = spec.generic[field] }
                end
                field_done(field, out)
            end
        end
        if opts.fallback ~= false then
            local fine, err = pcall(meta_fallback, rule, out, src, opts)
            if not fine then out.notes[#out.notes + 1] = fmt("%s: %s", rule.file, tostring(err)) end
        end
        out.authors = out.authors or {}
        local urls = url_list(out, spec, pick, resolve)
        return #urls > 0 and { resolve = urls } or nil
    end
    -- Fields are read first, from the whole page; the strip list only
    -- shapes the body.  doc:strip changes the tree, so it runs last.
    local strip_errors, res, err, urls = doc:apply(spec.apply, read_fields)
    if urls then resolved_urls(out, urls, resolve) end
    if spec.apply.content then body_of(rule, out, strip_errors, res, err) end
    out.blocks = out.blocks or {}
    if out.generic and opts.fallback ~= false then from_body(rule, out) end
    out.captions = out.captions or {}
    return out, notes
end

return M
