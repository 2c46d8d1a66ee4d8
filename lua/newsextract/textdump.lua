-- SPDX-License-Identifier: MIT
-- newsextract.textdump: fields and body blocks from a flat text dump of a
-- whole news page (what w3m -dump, lynx -dump or a crawler's text export
-- print).  See docs/TEXT.md.
--
-- One pass splits the dump into units (a line, or the lines of a paragraph
-- a hard-wrapping dumper broke), one pass measures each unit, one pass
-- classifies it with its neighbours (jusText-like), and one linear scan
-- picks the main body region.  The header fields are looked for in a
-- bounded window before that region.  Every step is linear in the input;
-- the Lua patterns run over one line each and are anchored or bounded.
local fields = require("newsextract.fields")
local finder = require("newsextract.sandbox").finder

local M = { _VERSION = "0.1.0" }

local type, error, ipairs, pairs, pcall = type, error, ipairs, pairs, pcall
local tostring, select = tostring, select
local fmt, find, sub, gsub, byte = string.format, string.find, string.sub, string.gsub, string.byte
local collapse = fields.collapse

-- How far before the body the header (title, date, byline) may be, in units.
local HEADER_WINDOW = 16

---------------------------------------------------------------------------
-- Rule `text` sections
---------------------------------------------------------------------------

local LIST_KEYS = { "start", "stop", "drop", "caption", "title", "section",
    "byline", "reading_time", "date" }
local IS_LIST = {}
for _, k in ipairs(LIST_KEYS) do IS_LIST[k] = true end

--- Validate a site rule's `text` section.  → true | nil, "where.text.key: problem"
function M.validate_text_section(t, where)
    where = (where or "rule") .. ".text"
    if type(t) ~= "table" then
        return nil, fmt("%s: expected a table, got %s", where, type(t))
    end
    for k, v in pairs(t) do
        local name = where .. "." .. tostring(k)
        if IS_LIST[k] then
            if type(v) == "string" then v = { v } end
            if type(v) ~= "table" then
                return nil, fmt("%s: expected a list of Lua patterns, got %s", name, type(v))
            end
            local n = 0
            for i in pairs(v) do
                if type(i) ~= "number" or i < 1 or i % 1 ~= 0 or v[i] == nil then
                    return nil, fmt("%s: expected a list, found key %s", name, tostring(i))
                end
                n = n + 1
            end
            for i = 1, n do
                local p = v[i]
                if type(p) ~= "string" then
                    return nil, fmt("%s[%d]: expected a Lua pattern string, got %s", name, i, type(p))
                end
                local ok, err = pcall(find, "", p)
                if not ok then
                    err = tostring(err):gsub("^.-:%d+: ", "")
                    return nil, fmt("%s[%d]: bad pattern: %s", name, i, err)
                end
            end
        elseif k == "date_format" then
            local ok, msg = fields.check_format(v)
            if not ok then return nil, name .. ": " .. msg end
        elseif k == "timezone" then
            if not fields.timezone_known(v) then
                return nil, fmt("%s: unknown timezone %s", name, tostring(v))
            end
        else
            return nil, name .. ": unknown key"
        end
    end
    return true
end

local function list(v)
    if v == nil then return {} end
    if type(v) == "string" then return { v } end
    return v
end

-- First capture (or the whole line) of the first pattern that matches.
-- A rule's patterns run bounded (sandbox.finder: one budget for the
-- whole dump): once a pattern that backtracks has spent it, no line
-- matches.
local function match_any(pats, s, bfind)
    for i = 1, #pats do
        local ok, a, _, cap = pcall(bfind, s, pats[i])
        if ok and a then
            if cap ~= nil and cap ~= "" and type(cap) == "string" then return cap end
            return s
        end
    end
    return nil
end

---------------------------------------------------------------------------
-- Units and their features
---------------------------------------------------------------------------

-- Bullet markers a dumper prints before list items: "•", "*", "-", "□",
-- "◦", "▪", "‣", "·".
local BULLETS = { "^\226\128\162%s*", "^%*%s+", "^%-%s+", "^\226\150\161%s*",
    "^\226\151\166%s*", "^\226\150\170%s*", "^\226\128\163%s*", "^\194\183%s*" }

local BULLET_LEAD = { [226] = true, [42] = true, [45] = true, [194] = true }

local function strip_bullet(s)
    if not BULLET_LEAD[byte(s, 1)] then return s, false end
    for i = 1, #BULLETS do
        local _, e = find(s, BULLETS[i])
        if e then return sub(s, e + 1), true end
    end
    return s, false
end

local function nchars(s)
    -- UTF-8 characters: every byte that is not a continuation byte
    return #s - select(2, gsub(s, "[\128-\191]", ""))
end

-- CJK ideographs, kana and hangul: lead bytes E3..ED of 3-byte sequences.
local function ncjk(s)
    if not find(s, "[\227-\237]") then return 0 end
    return select(2, gsub(s, "[\227-\237]", ""))
end

-- Sentence end: ". ! ? …" or CJK "。！？", then closing quotes or brackets.
local function ends_sentence(s)
    -- most lines end on a letter or a digit: no quote or stop to look past
    local last = byte(s, -1)
    if last and last < 128 and ((last >= 97 and last <= 122) or (last >= 65 and last <= 90)
        or (last >= 48 and last <= 57)) then
        return false
    end
    local t = gsub(sub(s, -12), "[\"')%]]+$", "")
    t = gsub(t, "\226\128[\153\157]$", "")
    t = gsub(t, "\194\187$", "")
    t = gsub(t, "[\"')%]]+$", "")
    if find(t, "[.!?]$") then return true end
    if find(t, "\227\128\130$") or find(t, "\239\188[\129\159]$") then return true end
    return find(t, "\226\128\166$") ~= nil
end

local function npunct(s)
    local n = select(2, gsub(s, "[.,;:!?]", ""))
    if find(s, "[\227\239]") then
        n = n + select(2, gsub(s, "\227\128[\129\130]", ""))
            + select(2, gsub(s, "\239\188[\129\140\159]", ""))
    end
    return n
end

-- Photo credits that end (or open) a caption.
local CAPTION_TAIL = {
    "REUTERS/[%u][^/]*$", "REUTERS/[%u][^/]*/[^/]+$",
    "%(Photo:? [^()]*%)%.?$", "%(AP Photo[^()]*%)%.?$", "AP Photo/[^/]+$",
    "%(Photo by [^()]*%)%.?$", "Getty Images%.?%)?$", "AFP%.?%)?$",
    "/ ?AFP[^%a]*$", "%(Foto:? [^()]*%)%.?$", "Photo: [^.]+$", "Foto: [^.]+$",
    "%(Reuters%)%.?$", "EPA%-EFE/[^/]+$", "EPA/[^/]+$", "Bloomberg$",
    "%(Image: [^()]*%)%.?$", "Photograph: [^.]+$",
}

local function is_caption(s)
    if #s > 700 then return false end
    if find(s, "^FILE PHOTO:") or find(s, "^File photo:") then return true end
    -- every credit form has one of these near the end: skip the patterns
    -- for the many lines that have none
    local tail = sub(s, -200)
    if not (find(tail, "/", 1, true) or find(tail, ")", 1, true)
        or find(tail, ": ", 1, true) or find(tail, "Getty", 1, true)
        or find(tail, "AFP", 1, true) or find(tail, "Bloomberg", 1, true)) then
        return false
    end
    for i = 1, #CAPTION_TAIL do
        if find(tail, CAPTION_TAIL[i]) then return true end
    end
    return false
end

local function is_junk(s, letters)
    if letters == 0 then return true end
    if find(s, "^%[[^%]]*%]$") or find(s, "^%[[^%]]*%]%[[^%]]*%]$") then return true end
    if find(s, "^IFRAME:") or find(s, "^%(BUTTON%)") then return true end
    -- "#alternate alternate publisher": lynx's list of <link rel> values
    if find(s, "^#%l[%l ]*$") then return true end
    -- one lowercase token with hyphens: a CSS class ("narrow-browser-and-phone")
    if find(s, "^[%l%d]+%-[%l%d%-]+$") then return true end
    return false
end

local function is_end_marker(s)
    if find(s, "^\194\169") or find(s, "^%(c%) ") or find(s, "^[Cc]opyright ") then
        return true
    end
    local l = s:lower()
    return find(l, "all rights reserved", 1, true) ~= nil
end

-- "By X", "Von X": the prefix of a printed byline.
local BYLINE_PREFIX = { "^[Bb][Yy]%s+%S", "^Von%s+%u", "^Par%s+%u", "^Por%s+%u",
    "^Door%s+%u", "^BY%s+%S" }

local function byline_prefixed(s)
    if #s > 160 then return false end
    for i = 1, #BYLINE_PREFIX do
        if find(s, BYLINE_PREFIX[i]) then return true end
    end
    return false
end

-- Lower-case words a list of names may contain.
local NAME_CONNECTORS = { ["and"] = true, ["de"] = true, ["van"] = true,
    ["von"] = true, ["der"] = true, ["da"] = true, ["di"] = true,
    ["la"] = true, ["le"] = true, ["al"] = true, ["bin"] = true,
    ["und"] = true, ["et"] = true, ["y"] = true, ["e"] = true, ["du"] = true }

-- "Eric Auchard, Stephen Nellis", "Reuters Staff": a line made of names.
local function name_shaped(s)
    if #s > 120 or find(s, "[%d()%[%]:;!?\"]") or ends_sentence(s) then return false end
    local words, caps = 0, 0
    for w in s:gmatch("[^%s,&]+") do
        words = words + 1
        if find(w, "^[%u\195-\197]") then
            caps = caps + 1
        elseif not NAME_CONNECTORS[w] then
            return false
        end
    end
    return words >= 2 and words <= 16 and caps >= 2
end

-- Line ends: LF, CR LF, CR alone, and CR CR LF (a CR LF converted twice).
-- A text with CRs and no LF whose every CR comes in pairs, some in runs
-- of four, ends each line with CR CR (a blank line is four): one line end,
-- not a blank line each.  Pairs alone are blank lines between paragraphs.
local function normalise_line_ends(text)
    if not find(text, "\r", 1, true) then return text end
    if not find(text, "\n", 1, true) then
        local odd, four = false, false
        for run in text:gmatch("\r+") do
            if #run % 2 == 1 then odd = true; break end
            if #run >= 4 then four = true end
        end
        if four and not odd then return (gsub(text, "\r\r", "\n")) end
        return (gsub(text, "\r", "\n"))
    end
    return (gsub(gsub(text, "\r\r\n", "\n"), "\r\n?", "\n"))
end

-- Each line of `text` (line ends normalised, a BOM dropped) as
-- fn(line, indent): one line at a time, so that no list of the lines is
-- ever held (a dump of millions of short lines would cost a table slot,
-- and more, for each).
local function each_line(text, fn)
    local pos, n = 1, #text
    while pos <= n + 1 do
        local e = find(text, "\n", pos, true)
        local line = sub(text, pos, (e or n + 1) - 1)
        local first = find(line, "[^ \t]")
        fn(line, first and first - 1 or 0)
        if not e then break end
        pos = e + 1
    end
end

-- A line's text (collapsed, its bullet taken off) and whether it is a
-- list item; nil for a blank line.
local function line_text(line)
    local s = find(line, "[^%s]") and collapse(line)
    if not s then return nil end
    local li
    s, li = strip_bullet(s)
    s = collapse(s)
    if not s then return nil end
    return s, li
end

-- Hard-wrapped dumps (fixed width, no line longer than ~250 characters):
-- join a line with the next when the next one's first word would not have
-- fitted on it, i.e. the dumper broke the line, not the author.  From the
-- histogram of the lengths of long lines (linear, and robust to the few
-- unbreakable lines, URLs or glued menus, longer than the wrap width).
local function wrap_width(text)
    local hist, long = {}, 0
    each_line(text, function(line, indent)
        local s = line_text(line)
        if s then
            -- the width a dumper wraps at counts the indentation
            local l = nchars(s) + indent
            if l >= 40 then
                long = long + 1
                if l > 251 then l = 251 end
                hist[l] = (hist[l] or 0) + 1
            end
        end
    end)
    if long < 4 then return nil end
    local acc, w = 0, nil
    for l = 40, 251 do
        acc = acc + (hist[l] or 0)
        if acc * 10 >= long * 9 then w = l; break end
    end
    if not w or w > 250 then return nil end
    local near = 0
    for l = w - 12, w do near = near + (hist[l] or 0) end
    if near * 10 >= long * 3 then return w end
    return nil
end

-- A long run of short lines (a menu, a list of tags, a dump of nothing
-- but short lines) is page furniture: its middle becomes one "fold" unit
-- standing for FOLD_KEEP * 2 or more lines, classed bad with their
-- weight, so that memory stays a few bytes per line of input however many
-- lines there are.  FOLD_KEEP units at each end of the run stay as they
-- are: the header fields are looked for in the units before the body.
local FOLD_KEEP, FOLD_BYTES = 32, 40

local function is_image_marker(s)
    return find(s, "^%[[^%]]*%]$") ~= nil
end

-- Units: U.text, U.indent, U.li, U.bb (blank line before), U.ba (blank
-- after), and U.fold[k] = the number of lines a fold unit stands for.
-- The width (a CJK character weighs three) and the letters of a text.
local function width_letters(s)
    local chars = nchars(s)
    local cjk = ncjk(s)
    local letters = select(2, gsub(s, "%a", "")) + cjk
    if find(s, "[\195-\244]") then
        letters = letters + select(2, gsub(s, "[\195-\244]", ""))
    end
    return chars + 2 * cjk, letters, chars
end

local unit_kind  -- below: it reads the fields
-- The units' writer: unit(s, indent, li, bb, ba) appends one to U, and
-- folds long runs of short lines (when `fold`); end_run() closes the run.
local function units_writer(U, fold)
    local T, I, L, BB, BA = U.text, U.indent, U.li, U.bb, U.ba
    local function push(s, indent, li, bb, ba)
        local k = #T + 1
        T[k], I[k], L[k], BB[k], BA[k] = s, indent, li, bb, ba
    end
    -- the run of short lines in progress: its length, its last FOLD_KEEP
    -- units (ring[1..FOLD_KEEP], the oldest at r0, rn of them) and how
    -- many lines its fold unit stands for
    local run, ring, r0, rn, folded = 0, {}, 1, 0, 0
    local function end_run()
        if folded > 0 then
            push("", 0, false, false, false)
            U.fold[#T] = folded
        end
        for q = 0, rn - 1 do
            local u = ring[(r0 + q - 1) % FOLD_KEEP + 1]
            push(u[1], u[2], u[3], u[4], u[5])
        end
        run, ring, r0, rn, folded = 0, {}, 1, 0, 0
    end
    local function unit(s, indent, li, bb, ba)
        local short = fold and #s <= FOLD_BYTES and not is_image_marker(s)
        if short then
            local w, letters = width_letters(s)
            short = unit_kind(s, w, letters, ends_sentence(s)) == "text"
        end
        if not short then end_run() end
        if not short then return push(s, indent, li, bb, ba) end
        run = run + 1
        if run <= FOLD_KEEP then return push(s, indent, li, bb, ba) end
        if rn == FOLD_KEEP then
            -- the oldest of the ring goes into the fold; its slot is reused
            ring[r0] = { s, indent, li, bb, ba }
            r0 = r0 % FOLD_KEEP + 1
            folded = folded + 1
        else
            rn = rn + 1
            ring[rn] = { s, indent, li, bb, ba }
        end
    end
    return unit, end_run
end

local function make_units(text, fold)
    text = normalise_line_ends(text)
    if byte(text, 1) == 239 and sub(text, 1, 3) == "\239\187\191" then text = sub(text, 4) end
    local width = wrap_width(text)
    local U = { text = {}, indent = {}, li = {}, bb = {}, ba = {}, fold = {} }
    local unit, end_run = units_writer(U, fold)
    -- the unit being read: its lines (parts), the last line's text and
    -- length, whether a blank line came before it
    local parts, last, len, first_indent, first_li, bb_first
    local prev_blank = true
    local function flush(ba)
        if not parts then return end
        local s = parts[1]
        if #parts > 1 then
            -- CJK lines join without a space; one concat, and the test
            -- reads the end of the line before, not of the text so far
            local pieces = { parts[1] }
            for k = 2, #parts do
                if not find(sub(parts[k - 1], -3), "^[\227-\237][\128-\191][\128-\191]$") then
                    pieces[#pieces + 1] = " "
                end
                pieces[#pieces + 1] = parts[k]
            end
            s = table.concat(pieces)
        end
        parts = nil
        unit(s, first_indent, first_li or false, bb_first, ba)
    end
    each_line(text, function(line, indent)
        local s, li = line_text(line)
        if not s then
            flush(true)
            prev_blank = true
            return
        end
        local l = nchars(s) + indent
        if parts and width and not li and not is_image_marker(last) and not is_image_marker(s)
            and not (find(s, "^%[") and ends_sentence(last))
            and not find(s, "^%[[^%]%s]*$") and not find(s, "^%[[^%]%s]* ") then
            -- a little slack: dumpers keep a right margin
            if len + 1 + nchars(s:match("^%S+")) > width - 3 then
                parts[#parts + 1] = s
                last, len = s, l
                return
            end
        end
        flush(false)
        parts, last, len = { s }, s, l
        first_indent, first_li, bb_first = indent, li, prev_blank
        prev_blank = false
    end)
    flush(true)
    end_run()
    return U
end

-- What a unit is, from its text alone: junk, a caption, credits, an end
-- marker, a reading time, a date, a byline, else text.  The cheap tests on
-- width and digits come first so that the field parsers run on few units.
function unit_kind(s, w, letters, endp)
    if is_junk(s, letters) then
        return "junk"
    elseif is_caption(s) then
        return "caption"
    elseif w < 700 and find(s, "[Bb][Yy] ") and fields.credits(s) then
        return "credits"
    elseif is_end_marker(s) and w < 300 then
        return "end"
    elseif w < 60 and find(s, "%d") and fields.reading_time(s) then
        return "rt"
    elseif w < 120 and find(s, "%d") and fields.date(s) then
        return "date"
    elseif byline_prefixed(s) and #fields.authors(s) > 0 and not endp then
        return "byline"
    end
    return "text"
end

-- The class of a text unit (jusText's: good, near, short, bad) from its
-- width, letters and punctuation, then corrected for repetition: count
-- and first are the page's counts of each text and the texts already seen.
local function text_class(U, i, s, w, endp, letters, chars, count, first, first_once)
    local p = npunct(s)
    local cls
    if letters * 2 < chars then
        cls = "bad"
    elseif w >= 110 and (endp or p >= 3) then
        cls = "good"
    elseif w >= 50 and (endp or p >= 2) then
        cls = "near"
    else
        cls = "short"
    end
    if first_once then
        -- the second try, when the first found nothing: sentences
        -- are text, and the copies after the first of a repeated
        -- one say nothing (transparent)
        if cls == "near" or (cls == "short" and endp) then cls = "good" end
        if count[s] > 1 then
            if first[s] then cls = "skip" end
            first[s] = true
        end
    elseif count[s] > 1 and cls ~= "bad" then
        -- repeated lines are titles, teasers, menus
        cls = w >= 200 and "near" or "bad"
    end
    if U.li[i] and w < 50 then cls = "bad" end
    return cls
end

-- Runs of three or more short lines without a blank between: menus.
local function mark_menus(U, F, n)
    local i = 1
    while i <= n do
        local j = i
        while j <= n and F.kind[j] == "text" and (F.w[j] < 50 or U.fold[j])
            and (j == i or not U.bb[j]) do
            j = j + 1
        end
        if j - i >= 3 then
            for k = i, j - 1 do F.cls[k] = "bad" end
            i = j
        else
            i = i + 1
        end
    end
end

local function measure_unit(U, F, i, count, first, first_once)
    local s = U.text[i]
    local w, letters, chars = width_letters(s)
    local endp = ends_sentence(s)
    F.w[i], F.endp[i], F.rep[i] = w, endp, count[s]
    local kind = unit_kind(s, w, letters, endp)
    F.kind[i] = kind
    if kind == "text" then
        F.cls[i] = text_class(U, i, s, w, endp, letters, chars, count, first, first_once)
    else
        F.cls[i] = (kind == "caption" or kind == "junk") and "skip" or "bad"
    end
end

-- Per-unit features and hard labels.
--   kind: "junk" | "caption" | "credits" | "end" | "date" | "rt" | "byline"
--         | "text"
--   cls (for "text"): "good" | "near" | "short" | "bad"
-- first_once: the second try, for a dump the first found no body in (one
-- paragraph repeated, a short text): sentences count as good text, and
-- of repeated units the first keeps its class, the others are transparent.
local function measure(U, first_once)
    local n = #U.text
    -- how often each text occurs: repetition marks page furniture
    local count, first = {}, {}
    for i = 1, n do
        if not U.fold[i] then
            local s = U.text[i]
            count[s] = (count[s] or 0) + 1
        end
    end
    local F = { kind = {}, cls = {}, w = {}, endp = {}, rep = {} }
    for i = 1, n do
        if U.fold[i] then
            -- the short lines it stands for: menu, bad, each of weight 40
            F.kind[i], F.cls[i], F.w[i], F.endp[i], F.rep[i] = "text", "bad", 40 * U.fold[i], false, 1
        else
            measure_unit(U, F, i, count, first, first_once)
        end
    end
    mark_menus(U, F, n)
    -- a short line right after an image marker or caption belongs to the
    -- media ("Slideshow (2 Images)", "1/3")
    for k = 2, n do
        if F.cls[k] == "short" and not F.endp[k]
            and (F.kind[k - 1] == "junk" or F.kind[k - 1] == "caption") then
            F.cls[k] = "bad"
        end
    end
    return F
end

-- jusText's context rules.  "short" is good between good neighbours and
-- next to a good one when "near" lies between ("near" counted as a
-- neighbour on that side); "near" is bad only between bad neighbours.
-- Neighbours skip short units; captions and image markers are transparent;
-- the edges of the page count as bad.
local function context(F, n)
    local c0 = {}
    for i = 1, n do c0[i] = F.cls[i] end
    local pgb, pgbn, ngb, ngbn = {}, {}, {}, {}
    local a, b = "bad", "bad"
    for i = 1, n do
        pgb[i], pgbn[i] = a, b
        local c = c0[i]
        if c == "good" or c == "bad" then a, b = c, c elseif c == "near" then b = c end
    end
    a, b = "bad", "bad"
    for i = n, 1, -1 do
        ngb[i], ngbn[i] = a, b
        local c = c0[i]
        if c == "good" or c == "bad" then a, b = c, c elseif c == "near" then b = c end
    end
    for i = 1, n do
        local c = c0[i]
        if c == "short" then
            local p, q = pgb[i], ngb[i]
            if p == "good" and q == "good" then
                c = "good"
            elseif p == "bad" and q == "bad" then
                c = "bad"
            elseif p == "bad" then
                c = pgbn[i] == "near" and "good" or "bad"
            else
                c = ngbn[i] == "near" and "good" or "bad"
            end
        elseif c == "near" then
            c = (pgb[i] == "bad" and ngb[i] == "bad") and "bad" or "good"
        end
        F.cls[i] = c
    end
end

-- The main region: maximum-sum run of units (good +weight, bad -weight),
-- never crossing a credits line or an end marker once the body has begun.
local function region(F, n)
    local best, bs, be = 0, nil, nil
    local cur, cs = 0, nil
    for i = 1, n do
        local kind, c = F.kind[i], F.cls[i]
        if kind == "credits" or kind == "end" then
            cur, cs = 0, nil
        else
            local v
            if c == "good" then
                v = F.w[i]
            elseif c == "skip" then
                v = 0
            else
                v = -(F.w[i] > 40 and F.w[i] or 40)
            end
            if cs == nil then
                if v > 0 then cur, cs = v, i end
            else
                cur = cur + v
                if cur <= 0 then cur, cs = 0, nil end
            end
            if cs and cur > best then best, bs, be = cur, cs, i end
        end
    end
    return bs, be
end

local function heading_shaped(s, w)
    if w >= 100 then return false end
    if find(s, "%?$") then return true end
    -- "... include:" leads into a list; it is a paragraph
    return not ends_sentence(s) and not find(s, "[:;,]$")
end

---------------------------------------------------------------------------
-- Header fields
---------------------------------------------------------------------------

local function title_score(U, F, i, body_indent)
    local s, w = U.text[i], F.w[i]
    if F.kind[i] ~= "text" or U.li[i] or w < 10 or w > 300 then return nil end
    if find(s, "%.$") and not find(s, "%u%.$") then return nil end
    local words = select(2, gsub(s, "%S+", ""))
    local cjk = ncjk(s)
    if words < 3 and cjk < 5 then return nil end
    if name_shaped(s) and words <= 4 then return nil end
    local score = words + cjk / 2
    if F.rep[i] > 1 then score = score + 10 end
    if body_indent and U.indent[i] < body_indent then score = score + 8 end
    return score
end

-- The window: HEADER_WINDOW non-transparent units before the body, not
-- reaching back past an end marker (that is the previous story's end).
local function header_window(F, bs)
    local lo = bs
    local seen = 0
    while lo > 1 and seen < HEADER_WINDOW do
        lo = lo - 1
        if F.kind[lo] ~= "junk" and F.kind[lo] ~= "caption" then seen = seen + 1 end
        if F.kind[lo] == "end" then lo = lo + 1; break end
    end
    return lo
end

-- Date: the date line nearest to the title, before or after it (from is
-- the title, else the window's start).  A "Section | date" line gives the
-- section too.
local function header_date(U, F, lo, bs, from, out)
    local di
    for d = 0, HEADER_WINDOW do
        for _, i in ipairs({ from + d, from - d }) do
            if not di and i >= lo and i < bs and F.kind[i] == "date" then di = i end
        end
        if di then break end
    end
    if di then
        local s = U.text[di]
        out.published = fields.date(s)
        -- "Business News | Wed Dec 14, 2016 | 5:03pm EST"
        local first = s:match("^([^|]-)%s+|%s")
        if first and not fields.date(first) and not find(first, "%d") then
            out.section = collapse(first)
        end
    end
    return di
end

-- Section, when the date line did not give it: "#Section", or a short line
-- right before the date line, or the short line alone before the title.
local function header_section(U, F, lo, bs, ti, di, out)
    for i = lo, bs - 1 do
        local s = U.text[i]
        if not out.section and find(s, "^#%u") and F.w[i] < 60 then
            out.section = collapse(sub(s, 2))
        end
    end
    if not out.section and di and di > 1 then
        local p = di - 1
        local s = U.text[p]
        if F.kind[p] == "text" and not U.li[p] and F.w[p] < 40 and not find(s, "[%d.,:;!?%[%]]")
            and select(2, gsub(s, "%S+", "")) <= 4 and p ~= ti then
            out.section = s
        end
    end
    -- the short line alone before the title ("Politics")
    if not out.section and ti and ti > lo then
        local p = ti - 1
        local s = U.text[p]
        if F.kind[p] == "text" and not U.li[p] and F.w[p] < 40 and U.bb[p] and U.ba[p]
            and not find(s, "[%d.,:;!?%[%]|]") and select(2, gsub(s, "%S+", "")) <= 4 then
            out.section = s
        end
    end
end

-- Byline: "By X" anywhere in the window, else a line of names after the
-- title (or just before the reading time); the reading time on the way.
local function header_byline(U, F, lo, bs, ti, out)
    local bi
    for i = lo, bs - 1 do
        if F.kind[i] == "byline" and not bi then bi = i end
        if F.kind[i] == "rt" and not out.reading_time then
            out.reading_time = fields.reading_time(U.text[i])
        end
    end
    if not bi then
        for i = (ti or lo) + 1, bs - 1 do
            if F.kind[i] == "text" and not U.li[i] and name_shaped(U.text[i]) then
                bi = i
                break
            end
        end
    end
    if bi then
        out.authors = fields.authors(U.text[bi])
        out._byline = U.text[bi]
    end
end

-- The header fields of the story whose body starts at unit bs, read from
-- the units before it into out; returns the window's first unit.  The
-- title comes first: the date and section are looked for around it.
local function find_header(U, F, bs, out)
    local lo = header_window(F, bs)
    local body_indent = U.indent[bs]
    local ti, tscore
    for i = bs - 1, lo, -1 do
        local sc = title_score(U, F, i, body_indent)
        if sc and (not tscore or sc > tscore) then ti, tscore = i, sc end
    end
    if ti then out.title = U.text[ti] end
    local di = header_date(U, F, lo, bs, ti or lo, out)
    header_section(U, F, lo, bs, ti, di, out)
    header_byline(U, F, lo, bs, ti, out)
    return lo
end

---------------------------------------------------------------------------
-- Extraction
---------------------------------------------------------------------------

local function new_out()
    return { authors = {}, captions = {}, blocks = {} }
end

local function add_caption(out, seen, s)
    if not seen[s] then
        seen[s] = true
        out.captions[#out.captions + 1] = s
    end
end

local function block_of(U, F, i)
    local s = U.text[i]
    local kind = "p"
    if U.li[i] then
        kind = "li"
    elseif heading_shaped(s, F.w[i]) then
        kind = "h2"
    end
    return { kind = kind, text = s }
end

local function finish(out)
    local first = out.blocks[1]
    if first then
        out.dateline = fields.dateline(first.text)
        -- "By Jane Doe | WASHINGTON" and a first paragraph "WASHINGTON The ..."
        if not out.dateline and out._byline then
            local place = out._byline:match("|%s*([^|]-)%s*$")
            if place and place:find("^[%u\128-\255][%u\128-\255 ./'%-]+$")
                and first.text:sub(1, #place + 1) == place .. " " then
                out.dateline = place
            end
        end
    end
    out._byline = nil
    return out
end

local function generic(U, F)
    local out = new_out()
    local n = #U.text
    local bs, be = region(F, n)
    if not bs then return out end
    local lo = find_header(U, F, bs, out)
    local seen = {}
    for i = lo, bs - 1 do
        if F.kind[i] == "caption" then add_caption(out, seen, U.text[i]) end
    end
    for i = bs, be do
        local k = F.kind[i]
        if k == "caption" then
            add_caption(out, seen, U.text[i])
        elseif F.cls[i] == "good" then
            out.blocks[#out.blocks + 1] = block_of(U, F, i)
        end
    end
    -- the credits line closes the body
    for i = be + 1, n < be + 8 and n or be + 8 do
        if F.kind[i] == "credits" then
            out.credits = fields.credits(U.text[i])
            break
        end
    end
    return out
end

local function with_rule(U, F, rule, size)
    local out = new_out()
    local bfind = finder(size)
    local n = #U.text
    local start, stop, drop = list(rule.start), list(rule.stop), list(rule.drop)
    local caption, title_p = list(rule.caption), list(rule.title)
    local section_p, byline_p = list(rule.section), list(rule.byline)
    local rt_p, date_p = list(rule.reading_time), list(rule.date)
    local i0 = 1
    if #start > 0 then
        i0 = nil
        for i = 1, n do
            if match_any(start, U.text[i], bfind) then i0 = i; break end
        end
        if not i0 then return nil end
    end
    local seen = {}
    local in_header = true
    local byline
    for i = i0, n do
        local s = U.text[i]
        if i > i0 and match_any(stop, s, bfind) then break end
        if not match_any(drop, s, bfind) and F.kind[i] ~= "junk" then
            local handled = false
            if in_header then
                local v
                if not out.section then
                    v = match_any(section_p, s, bfind)
                    if v then out.section = collapse(v); handled = true end
                end
                if not handled and not out.published then
                    v = match_any(date_p, s, bfind)
                    if v then
                        out.published = fields.date(v, rule.date_format, rule.timezone)
                        handled = true
                    end
                end
                if not handled and not out.reading_time then
                    v = match_any(rt_p, s, bfind)
                    if v then out.reading_time = fields.reading_time(v); handled = true end
                end
                if not handled and out.title and not byline then
                    v = match_any(byline_p, s, bfind)
                    if v then byline = v; handled = true end
                end
                if not handled and not out.title then
                    if #title_p == 0 then
                        if F.kind[i] == "text" then out.title = s; handled = true end
                    else
                        v = match_any(title_p, s, bfind)
                        if v then out.title = collapse(v); handled = true end
                    end
                end
                if not handled and out.title then in_header = false end
            end
            if not handled and not in_header then
                if match_any(caption, s, bfind) or F.kind[i] == "caption" then
                    add_caption(out, seen, s)
                elseif F.kind[i] == "credits" then
                    out.credits = out.credits or fields.credits(s)
                elseif F.kind[i] ~= "end" then
                    out.blocks[#out.blocks + 1] = block_of(U, F, i)
                end
            end
        end
    end
    if byline then out.authors = fields.authors(byline) end
    return out
end

--- Fields and body blocks of a text dump.  opts.rule: a site rule's `text`
--- section (docs/TEXT.md).  Fields the rule does not give come from the
--- generic segmenter.
function M.extract(text, opts)
    if type(text) ~= "string" then
        error("textdump.extract: text: expected a string, got " .. type(text), 2)
    end
    if opts ~= nil and type(opts) ~= "table" then
        error("textdump.extract: opts: expected a table, got " .. type(opts), 2)
    end
    local rule = opts and opts.rule
    if rule ~= nil then
        local ok, err = M.validate_text_section(rule, "opts.rule")
        if not ok then error("textdump.extract: " .. err, 2) end
    end
    local U = make_units(text, rule == nil)
    local F = measure(U)
    context(F, #U.text)
    local g = generic(U, F)
    if #g.blocks == 0 then
        -- nothing but repeated units: read the first of each as text
        F = measure(U, true)
        context(F, #U.text)
        g = generic(U, F)
    end
    if not rule then return finish(g) end
    local r = with_rule(U, F, rule, #text)
    if not r or #r.blocks == 0 then return finish(g) end
    for _, k in ipairs({ "title", "section", "published", "reading_time", "credits" }) do
        if r[k] == nil then r[k] = g[k] end
    end
    if #r.authors == 0 then r.authors = g.authors; r._byline = g._byline end
    if #r.captions == 0 then r.captions = g.captions end
    return finish(r)
end

return M
