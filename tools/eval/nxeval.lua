-- SPDX-License-Identifier: MIT
-- tools/eval/nxeval.lua: score extraction on the shared corpus, the way
-- each benchmark does.  Development tooling: not installed by `make
-- install` or the rockspec; run by `make eval`, `tools/eval/run.lua` or
-- `bin/newsextract eval` from the checkout.
--
--   newsextract eval [--corpus DIR] [--set readability|reuters|wcxb|all|ftr]
--                    [--favor balanced|precision|recall|all] [--worst N]
--                    [--page NAME] [--type PAGE_TYPE]
--
-- The WCXB set (wcxb-dev) is scored by wcxb.lua with its own metric.  The
-- Readability and Reuters sets' metric (docs/EVAL.md): a text is cut into tokens, runs of word
-- characters (letters and digits of any script, and "_"); a CJK ideograph,
-- kana or fullwidth katakana is a token of its own, because those scripts
-- put no space between words and a whole sentence would otherwise be one
-- token.  Tokens make overlapping 4-token shingles, counted as a multiset
-- (a text of fewer than 4 tokens is one shingle).  Per page, true and false
-- positives and false negatives are the multiset intersection and the two
-- differences, normalised to sum 1.  Precision is averaged over the pages
-- with a non-empty prediction, recall over every page, and F1 is the
-- harmonic mean of the two averages.
local type, ipairs, pairs, tostring, tonumber, error, pcall =
    type, ipairs, pairs, tostring, tonumber, error, pcall
local concat, sort = table.concat, table.sort
local byte, find, format, gmatch = string.byte, string.find, string.format,
    string.gmatch
local floor = math.floor
local io, os = io, os

local M = { _VERSION = "0.1.0" }

-- {======================================================================
-- Tokens

-- Code point of the UTF-8 sequence `s` (one character): wcxb's.
local codepoint = require("wcxb").codepoint

-- Non-ASCII code points: 0 = not a word character, 1 = word character,
-- 2 = a token by itself (CJK).  Ranges, sorted, { first, last, class };
-- code points outside every range are word characters.
local RANGES = {
    { 0x0080, 0x00A9, 0 }, { 0x00AB, 0x00B1, 0 }, { 0x00B4, 0x00B4, 0 },
    { 0x00B6, 0x00B8, 0 }, { 0x00BB, 0x00BB, 0 }, { 0x00BF, 0x00BF, 0 },
    { 0x00D7, 0x00D7, 0 }, { 0x00F7, 0x00F7, 0 },
    { 0x037E, 0x037E, 0 }, { 0x0387, 0x0387, 0 },
    { 0x055A, 0x055F, 0 }, { 0x0589, 0x058A, 0 },
    { 0x05BE, 0x05BE, 0 }, { 0x05C0, 0x05C0, 0 }, { 0x05C3, 0x05C3, 0 },
    { 0x05F3, 0x05F4, 0 },
    { 0x060C, 0x060D, 0 }, { 0x061B, 0x061F, 0 }, { 0x066A, 0x066D, 0 },
    { 0x06D4, 0x06D4, 0 }, { 0x0964, 0x0965, 0 }, { 0x0E4F, 0x0E4F, 0 },
    { 0x0E5A, 0x0E5B, 0 }, { 0x10FB, 0x10FB, 0 }, { 0x1360, 0x1368, 0 },
    { 0x2000, 0x206F, 0 },     -- general punctuation, spaces, quotes, dashes
    { 0x20A0, 0x20CF, 0 },     -- currency
    { 0x2190, 0x245F, 0 },     -- arrows, maths, technical
    { 0x2500, 0x2BFF, 0 },     -- box drawing, shapes, dingbats
    { 0x2E00, 0x2E7F, 0 },
    { 0x2E80, 0x2FDF, 2 },     -- CJK radicals
    { 0x3000, 0x3004, 0 }, { 0x3005, 0x3007, 2 }, { 0x3008, 0x3020, 0 },
    { 0x3021, 0x3029, 2 }, { 0x3030, 0x3030, 0 }, { 0x303D, 0x303D, 0 },
    { 0x3040, 0x30FA, 2 },     -- kana
    { 0x30FB, 0x30FB, 0 }, { 0x30FC, 0x30FF, 2 },
    { 0x3190, 0x31FF, 2 }, { 0x3400, 0x4DBF, 2 }, { 0x4E00, 0x9FFF, 2 },
    { 0xA4D0, 0xA4FF, 1 },
    { 0xF900, 0xFAFF, 2 },
    { 0xFD3E, 0xFD3F, 0 }, { 0xFE10, 0xFE19, 0 }, { 0xFE30, 0xFE6F, 0 },
    { 0xFEFF, 0xFEFF, 0 },
    { 0xFF01, 0xFF0F, 0 }, { 0xFF1A, 0xFF20, 0 }, { 0xFF3B, 0xFF40, 0 },
    { 0xFF5B, 0xFF65, 0 }, { 0xFF66, 0xFF9F, 2 }, { 0xFFE0, 0xFFFF, 0 },
    { 0x1F000, 0x1FAFF, 0 },   -- emoji and pictographs
    { 0x20000, 0x3FFFF, 2 },   -- CJK extensions
}

local function class_of(cp)
    local lo, hi = 1, #RANGES
    while lo <= hi do
        local mid = floor((lo + hi) / 2)
        local r = RANGES[mid]
        if cp < r[1] then hi = mid - 1
        elseif cp > r[2] then lo = mid + 1
        else return r[3] end
    end
    return 1
end

-- A run of ASCII word characters and non-ASCII bytes: split it where the
-- non-ASCII characters are punctuation or CJK.
local function split_run(run, out)
    local cur = {}
    local function flush()
        if #cur > 0 then
            out[#out + 1] = concat(cur)
            cur = {}
        end
    end
    for ch in gmatch(run, "[%z\1-\127\194-\244][\128-\191]*") do
        local cl = byte(ch) < 0x80 and 1 or class_of(codepoint(ch))
        if cl == 1 then
            cur[#cur + 1] = ch
        else
            flush()
            if cl == 2 then out[#out + 1] = ch end
        end
    end
    flush()
end

--- eval.tokens(s) -> array of tokens
function M.tokens(s)
    if type(s) ~= "string" then
        error(format("eval.tokens: expected a string, got %s", type(s)), 2)
    end
    local out = {}
    for run in gmatch(s, "[%w_\128-\255]+") do
        if find(run, "[\128-\255]") then
            split_run(run, out)
        else
            out[#out + 1] = run
        end
    end
    return out
end

--- eval.shingles(s [, n]) -> { [shingle] = count }, total
function M.shingles(s, n)
    n = n or 4
    local tokens = M.tokens(s)
    local set, total = {}, 0
    local last = #tokens - n + 1
    if last < 1 then last = 1 end
    for i = 1, last do
        local j = i + n - 1
        if j > #tokens then j = #tokens end
        if j >= i then
            local key = concat(tokens, " ", i, j)
            set[key] = (set[key] or 0) + 1
            total = total + 1
        end
    end
    return set, total
end

--- eval.compare(truth, prediction) -> tp, fp, fn (normalised to sum 1,
--- all 0 when both texts have no token)
function M.compare(truth, pred)
    if type(truth) ~= "string" or type(pred) ~= "string" then
        error("eval.compare: expected two strings", 2)
    end
    local ts = M.shingles(truth)
    local ps = M.shingles(pred)
    local tp, fp, fn = 0, 0, 0
    for k, tc in pairs(ts) do
        local pc = ps[k] or 0
        if pc < tc then
            tp, fn = tp + pc, fn + tc - pc
        else
            tp, fp = tp + tc, fp + pc - tc
        end
    end
    for k, pc in pairs(ps) do
        if not ts[k] then fp = fp + pc end
    end
    local sum = tp + fp + fn
    if sum > 0 then tp, fp, fn = tp / sum, fp / sum, fn / sum end
    return tp, fp, fn
end

--- eval.page(truth, prediction) -> { tp, fp, fn, precision, recall, f1, empty }
function M.page(truth, pred)
    local tp, fp, fn = M.compare(truth, pred)
    local r = { tp = tp, fp = fp, fn = fn }
    r.empty = tp + fp == 0
    r.precision = r.empty and 0 or tp / (tp + fp)
    if tp + fn == 0 then
        r.recall = r.empty and 1 or 0    -- nothing to find
    else
        r.recall = tp / (tp + fn)
    end
    local d = r.precision + r.recall
    r.f1 = d > 0 and 2 * r.precision * r.recall / d or 0
    if r.empty and tp + fn == 0 then r.precision, r.f1 = 1, 1 end
    return r
end

--- eval.summary(pages) -> { precision, recall, f1, n, empty }
--- `pages` holds results of eval.page.
function M.summary(pages)
    local ps, np, rs = 0, 0, 0
    local empty = 0
    for _, r in ipairs(pages) do
        if r.empty then
            empty = empty + 1
        else
            ps, np = ps + r.precision, np + 1
        end
        rs = rs + r.recall
    end
    local s = { n = #pages, empty = empty }
    s.precision = np > 0 and ps / np or 0
    s.recall = #pages > 0 and rs / #pages or 0
    local d = s.precision + s.recall
    s.f1 = d > 0 and 2 * s.precision * s.recall / d or 0
    return s
end
-- }======================================================================

-- {======================================================================
-- The corpus

local fsutil = require "newsextract.fsutil"
local read = fsutil.read

-- The sorted names in dir; none when it cannot be listed.
local list_dir = require("wcxb").list_dir

local function collapse(s)
    if type(s) ~= "string" then return nil end
    s = s:gsub("[%s\194\160]+", " "):gsub("^ ", ""):gsub(" $", "")
    if s == "" then return nil end
    return s
end

-- The text of the body of an HTML page, as newsextract reads it.
function M.html_text(html)
    local core = require "newsextract.core"
    local doc, err = core.parse(html, {})
    if not doc then return nil, err end
    local ok, res = pcall(function()
        local body = doc:content("//body")
        local out = {}
        for _, b in ipairs(body and body.blocks or {}) do
            if b.text and b.text ~= "" then out[#out + 1] = b.text end
        end
        return concat(out, "\n")
    end)
    doc:free()
    if not ok then error(res, 0) end
    return res
end

local function json_decode(s, what)
    local cjson = require "cjson.safe"
    local v, err = cjson.decode(s)
    if v == nil then return nil, what .. ": " .. tostring(err) end
    return v
end

local null_json = nil
local function is_null(v)
    if v == nil then return true end
    if null_json == nil then null_json = require("cjson.safe").null end
    return v == null_json
end

-- Does our author list name the people the expected byline names?
-- Readability's byline is the text of the byline element, sometimes with
-- "By", a date or a job in it; newsextract gives names.  Both sides are
-- compared as names: the expected byline goes through the same byline
-- reader (meta.byline_names), and an expected byline holding no name
-- ("Last Updated: May 3") counts as no byline.
function M.byline_names(expected)
    local meta = require "newsextract.meta"
    local want = collapse(expected)
    if not want then return {} end
    return meta.byline_names(want)
end

function M.byline_matches(expected, authors)
    local names = M.byline_names(expected)
    if #names ~= #authors then
        -- "Jong, Michiel de": one name written surname first
        return #authors == 1 and collapse(expected) ~= nil and
            collapse(expected):lower() == authors[1]:lower()
    end
    for i, n in ipairs(names) do
        if n:lower() ~= authors[i]:lower() then return false end
    end
    return true
end

-- Each case: { name, truth = text, html = source bytes, meta = {...} }
function M.readability_cases(corpus)
    local dir = corpus .. "/readability-test-pages"
    local names = list_dir(dir)
    if #names == 0 then return nil, "no pages in " .. dir end
    local cases = {}
    for _, name in ipairs(names) do
        local src = read(dir .. "/" .. name .. "/source.html")
        local exp = read(dir .. "/" .. name .. "/expected.html")
        if src and exp then
            local truth, err = M.html_text(exp)
            if not truth then return nil, name .. "/expected.html: " .. tostring(err) end
            local md
            local mj = read(dir .. "/" .. name .. "/expected-metadata.json")
            if mj then
                md, err = json_decode(mj, name .. "/expected-metadata.json")
                if not md then return nil, err end
            end
            cases[#cases + 1] = { name = name, truth = truth, html = src, meta = md or {} }
        end
    end
    return cases
end

function M.reuters_cases(corpus)
    local dir = corpus .. "/reuters"
    local cases = {}
    for _, f in ipairs(list_dir(dir .. "/expected")) do
        local base = f:match("^(.*)%.json$")
        if base then
            local src = read(dir .. "/" .. base .. ".html")
            local ej = read(dir .. "/expected/" .. f)
            if src and ej then
                local e, err = json_decode(ej, "reuters/expected/" .. f)
                if not e then return nil, err end
                cases[#cases + 1] = { name = base, truth = concat(e.paragraphs or {}, "\n"),
                    html = src, meta = { title = e.title, authors = e.authors },
                    paragraphs = true }
            end
        end
    end
    if #cases == 0 then return nil, "no pages in " .. dir end
    return cases
end
-- }======================================================================

-- {======================================================================
-- Running

local function clock() return os.clock() end
local collectgarbage = collectgarbage

-- Extract every case under one `favor`; returns per-page results.
function M.run(cases, favor, repeat_n)
    local ne = require "newsextract"
    local results = {}
    for _, c in ipairs(cases) do
        local o = { rules = false, favor = favor ~= "balanced" and favor or nil }
        -- the best of `repeat_n` runs, after a collection: one run's time
        -- is mostly the garbage collector's mood on small pages
        local ok, a, err, dt
        for _ = 1, repeat_n or 1 do
            collectgarbage()
            local t0 = clock()
            ok, a, err = pcall(ne.extract, c.html, o)
            local d = clock() - t0
            if not dt or d < dt then dt = d end
        end
        local pred = ""
        if ok and a then
            if c.paragraphs then
                pred = concat(a.paragraphs or {}, "\n")
            else
                pred = a.text or ""
            end
        else
            a = nil
            err = ok and err or a
        end
        local r = M.page(c.truth, pred)
        r.name, r.seconds, r.bytes, r.error = c.name, dt, #c.html, (not a) and tostring(err) or nil
        r.article = a
        results[#results + 1] = r
    end
    return results
end

-- Title and byline exact-match rates over the pages that have one.
function M.metadata_rates(cases, results)
    local t_n, t_ok, b_n, b_ok, b_extra = 0, 0, 0, 0, 0
    local misses = {}
    for i, c in ipairs(cases) do
        local a = results[i].article or {}
        local want_t = not is_null(c.meta.title) and collapse(c.meta.title)
        if want_t then
            t_n = t_n + 1
            if collapse(a.title) == want_t then t_ok = t_ok + 1
            else misses[#misses + 1] = { c.name, "title", want_t, a.title } end
        end
        local authors = a.authors or {}
        if type(c.meta.authors) == "table" then
            b_n = b_n + 1
            local same = #c.meta.authors == #authors
            for k, v in ipairs(c.meta.authors) do
                if authors[k] ~= v then same = false end
            end
            if same then b_ok = b_ok + 1
            else misses[#misses + 1] = { c.name, "authors", concat(c.meta.authors, ", "), concat(authors, ", ") } end
        elseif not is_null(c.meta.byline) and #M.byline_names(c.meta.byline) > 0 then
            b_n = b_n + 1
            if M.byline_matches(c.meta.byline, authors) then b_ok = b_ok + 1
            else misses[#misses + 1] = { c.name, "byline", collapse(c.meta.byline), concat(authors, ", ") } end
        elseif #authors > 0 then
            b_extra = b_extra + 1
        end
    end
    return { titles = t_n, titles_ok = t_ok, bylines = b_n, bylines_ok = b_ok,
        bylines_extra = b_extra, misses = misses }
end

local function median(list)
    local s = {}
    for i, v in ipairs(list) do s[i] = v end
    sort(s)
    if #s == 0 then return 0 end
    if #s % 2 == 1 then return s[(#s + 1) / 2] end
    return (s[#s / 2] + s[#s / 2 + 1]) / 2
end

--- eval.speed(results) -> median seconds per byte, the pages sorted
--- slowest first, each { name, per_byte, bytes, seconds, ratio, slow }
function M.speed(results)
    local per = {}
    for i, r in ipairs(results) do per[i] = r.seconds / (r.bytes > 0 and r.bytes or 1) end
    local med = median(per)
    local list = {}
    for i, r in ipairs(results) do
        list[#list + 1] = { name = r.name, per_byte = per[i], bytes = r.bytes,
            seconds = r.seconds, ratio = med > 0 and per[i] / med or 0 }
        -- under 4 KB the fixed cost of a call is most of the time: listed,
        -- never flagged
        list[#list].slow = list[#list].ratio > 10 and r.bytes >= 4096
    end
    sort(list, function(a, b) return a.per_byte > b.per_byte end)
    return med, list
end

local USAGE = [[
usage: newsextract eval [--corpus DIR] [--set readability|reuters|wcxb|all|ftr]
                        [--favor balanced|precision|recall|all] [--worst N]
                        [--page NAME] [--type PAGE_TYPE]
]]

local function usage(msg)
    io.stderr:write("newsextract eval: ", msg, "\n", USAGE)
    return 2
end

local function pct(x) return format("%.4f", x) end

local SETS = { readability = true, reuters = true, wcxb = true }
local TYPES = { article = true, forum = true, product = true, collection = true,
    listing = true, documentation = true, service = true }

-- The command line -> options, or nil, message for usage().
local function parse_args(args)
    local o = { set = "all", worst = 10 }
    local i = args[1] == "eval" and 2 or 1
    while i <= #args do
        local a = args[i]
        local v = args[i + 1]
        if a == "-h" or a == "--help" then
            o.help = true
        elseif a == "--corpus" or a == "--set" or a == "--favor" or a == "--worst"
            or a == "--page" or a == "--type" then
            if v == nil then return nil, a .. " needs a value" end
            o[a:sub(3)] = v
            i = i + 1
        else
            return nil, "unknown option " .. a
        end
        i = i + 1
    end
    if o.help then return o end
    if o.set ~= "all" and not SETS[o.set] then
        return nil, "--set takes readability, reuters, wcxb or all"
    end
    o.worst = tonumber(o.worst)
    if not o.worst then return nil, "--worst takes a number" end
    if o.type and not TYPES[o.type] then
        return nil, "--type takes article, forum, product, collection, listing, documentation or service"
    end
    -- the wcxb set is 1,497 pages: one favor unless asked for more
    local favor = o.favor or "all"
    o.favors = favor == "all" and { "balanced", "precision", "recall" } or { favor }
    for _, f in ipairs(o.favors) do
        if not ({ balanced = 1, precision = 1, recall = 1 })[f] then
            return nil, "--favor takes balanced, precision, recall or all"
        end
    end
    o.wcxb_favors = o.favor and o.favors or { "balanced" }
    return o
end

local function keep_named(cases, page)
    if not page then return cases end
    local keep = {}
    for _, c in ipairs(cases) do
        if c.name:find(page, 1, true) then keep[#keep + 1] = c end
    end
    return keep
end

local function report_worst(out, base, worst)
    local sorted = {}
    for k, r in ipairs(base) do sorted[k] = r end
    sort(sorted, function(a, b) return a.f1 < b.f1 end)
    out:write(format("  worst pages (balanced):\n"))
    for k = 1, math.min(worst, #sorted) do
        local r = sorted[k]
        out:write(format("    %-42s F1 %s  P %s  R %s%s\n", r.name, pct(r.f1),
            pct(r.precision), pct(r.recall), r.error and ("  error: " .. r.error) or ""))
    end
end

local function report_metadata(out, mr, worst)
    if mr.titles > 0 then
        out:write(format("  title exact   %d/%d = %s\n", mr.titles_ok, mr.titles,
            pct(mr.titles_ok / mr.titles)))
    end
    if mr.bylines > 0 then
        out:write(format("  byline exact  %d/%d = %s  (authors where none expected: %d)\n",
            mr.bylines_ok, mr.bylines, pct(mr.bylines_ok / mr.bylines), mr.bylines_extra))
    end
    if #mr.misses > 0 and worst > 0 then
        out:write("  metadata misses:\n")
        for k = 1, math.min(#mr.misses, worst * 3) do
            local m = mr.misses[k]
            out:write(format("    %-42s %-7s want %q got %q\n", m[1], m[2],
                tostring(m[3]), tostring(m[4])))
        end
    end
end

local function report_speed(out, base)
    local med, slow = M.speed(base)
    out:write(format("  speed: median %.1f us/KB; slowest:\n", med * 1e9))
    for k = 1, math.min(5, #slow) do
        local x = slow[k]
        out:write(format("    %-42s %8.1f us/KB  %7d bytes  %.1fx median%s\n", x.name,
            x.per_byte * 1e9, x.bytes, x.ratio, x.slow and "  SLOW" or ""))
    end
end

-- The Readability and Reuters sets: shingle F1 per favor (rules off), then
-- titles and bylines, the worst pages and the speed of the balanced run.
local function eval_classic(out, name, cases, o)
    out:write(format("== %s: %d pages (rules off)\n", name, #cases))
    local base
    for _, favor in ipairs(o.favors) do
        local res = M.run(cases, favor, favor == "balanced" and 3 or 1)
        local sm = M.summary(res)
        out:write(format("  %-9s  P %s  R %s  F1 %s  (empty predictions: %d)\n",
            favor, pct(sm.precision), pct(sm.recall), pct(sm.f1), sm.empty))
        if not base or favor == "balanced" then base = res end
    end
    report_metadata(out, M.metadata_rates(cases, base), o.worst)
    report_worst(out, base, o.worst)
    report_speed(out, base)
end

-- The WCXB set: bag-of-words F1 (rules on, bytes only) per favor, overall
-- and per page type; field exactness and the worst pages of the first run.
local function eval_wcxb(out, cases, o)
    local wcxb = require "wcxb"
    out:write(format("== wcxb-dev: %d pages%s (bag-of-words F1 of paragraphs; bytes only)\n",
        #cases, o.type and (" of type " .. o.type) or ""))
    local base
    for _, favor in ipairs(o.wcxb_favors) do
        local res = wcxb.run(cases, favor)
        wcxb.report_body(out, res, favor)
        base = base or res
    end
    wcxb.report_fields(out, wcxb.fields(cases, base), o.worst)
    wcxb.report_worst(out, base, o.worst)
end

local function load_set(name, corpus, o)
    if name == "readability" then return M.readability_cases(corpus) end
    if name == "reuters" then return M.reuters_cases(corpus) end
    return require("wcxb").cases(corpus, o.type)
end

function M.main(args)
    -- `--set ftr`: the Full-Text RSS site configs as the rule set (nxftr.lua)
    for i = 1, #(args or {}) do
        if args[i] == "--set" and args[i + 1] == "ftr" then return require("nxftr").main(args) end
    end
    local o, msg = parse_args(args or {})
    if not o then return usage(msg) end
    if o.help then io.stdout:write(USAGE) return 0 end
    local corpus = o.corpus or os.getenv("NX_CORPUS") or "../shared/corpus"
    if not read(corpus .. "/README.md") then
        io.stderr:write("newsextract eval: corpus not found at ", corpus,
            " (give --corpus DIR or set NX_CORPUS)\n")
        return 1
    end
    local names = o.set == "all" and { "readability", "reuters", "wcxb" } or { o.set }
    local out = io.stdout
    for _, name in ipairs(names) do
        local cases, err = load_set(name, corpus, o)
        if not cases then
            io.stderr:write("newsextract eval: ", name, ": ", tostring(err), "\n")
            return 1
        end
        cases = keep_named(cases, o.page)
        if #cases > 0 then
            if name == "wcxb" then eval_wcxb(out, cases, o) else eval_classic(out, name, cases, o) end
        end
    end
    return 0
end
-- }======================================================================

return M
