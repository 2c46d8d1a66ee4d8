-- SPDX-License-Identifier: MIT
-- tools/eval/wcxb.lua: the WCXB development split ($NX_CORPUS/wcxb-dev),
-- scored with the benchmark's published metric, and title / author / date
-- exactness on its article pages.  Used by nxeval.lua (`make eval`).
--
-- Body: tokens are the lower-cased runs of word characters (`\w+`,
-- Unicode: letters and digits of any script and "_"; CJK is NOT cut into
-- characters here, as Python's \w+ does not); per page the bag-of-words
-- overlap of the prediction with `main_content` gives P, R and F1; the
-- figures are the means over pages; an empty truth with an empty
-- prediction scores 1, one of the two empty scores 0.  The prediction is
-- `article.paragraphs` joined by blank lines, extracted from the bytes
-- alone (no URL, no reference time), with the bundled rules on.
--
-- Fields (article pages whose truth has the field): titles case-folded,
-- white space collapsed, quotes unified; authors as sets of names, both
-- sides split on , ; & | and the words and/und/et/y, entities decoded, a
-- leading By/Von/Par/Por and credentials (MS, RD, Ph.D., E-RYT 200)
-- removed; dates as the day (YYYY-MM-DD).
local type, ipairs, pairs, tostring, tonumber, pcall, error =
    type, ipairs, pairs, tostring, tonumber, pcall, error
local concat, sort = table.concat, table.sort
local byte, char, find, format, gmatch, gsub, lower, match, sub =
    string.byte, string.char, string.find, string.format, string.gmatch,
    string.gsub, string.lower, string.match, string.sub
local floor = math.floor
local io = io

local M = { _VERSION = "0.1.0" }

-- {======================================================================
-- Unicode helpers: code points, a simple case fold, word characters

local function codepoint(s)
    local a, b, c, d = byte(s, 1, 4)
    if a < 0x80 then return a end
    if a < 0xE0 then return (a - 0xC0) * 64 + ((b or 0x80) - 0x80) end
    if a < 0xF0 then
        return ((a - 0xE0) * 64 + ((b or 0x80) - 0x80)) * 64 + ((c or 0x80) - 0x80)
    end
    return (((a - 0xF0) * 64 + ((b or 0x80) - 0x80)) * 64 +
        ((c or 0x80) - 0x80)) * 64 + ((d or 0x80) - 0x80)
end

local function utf8_char(cp)
    if cp < 0x80 then return char(cp) end
    if cp < 0x800 then return char(0xC0 + floor(cp / 64), 0x80 + cp % 64) end
    if cp < 0x10000 then
        return char(0xE0 + floor(cp / 4096), 0x80 + floor(cp / 64) % 64, 0x80 + cp % 64)
    end
    return char(0xF0 + floor(cp / 262144), 0x80 + floor(cp / 4096) % 64,
        0x80 + floor(cp / 64) % 64, 0x80 + cp % 64)
end
M.utf8_char = utf8_char
M.codepoint = codepoint

-- The lower-case code point of `cp` for the scripts the corpus is written
-- in: Latin-1, Latin Extended-A, Greek, Cyrillic (Python's str.lower()
-- does more; these cover every capital the corpus's titles use).
local function fold_cp(cp)
    if cp >= 0xC0 and cp <= 0xDE and cp ~= 0xD7 then return cp + 0x20 end
    if cp >= 0x100 and cp <= 0x17F then
        if (cp >= 0x139 and cp <= 0x148) or (cp >= 0x179 and cp <= 0x17E) then
            return cp % 2 == 1 and cp + 1 or cp
        end
        if cp == 0x130 or cp == 0x138 or cp == 0x149 or cp == 0x17F then return cp end
        return cp % 2 == 0 and cp + 1 or cp
    end
    if cp >= 0x391 and cp <= 0x3AB and cp ~= 0x3A2 then return cp + 0x20 end
    if cp >= 0x410 and cp <= 0x42F then return cp + 0x20 end
    if cp >= 0x400 and cp <= 0x40F then return cp + 0x50 end
    return cp
end

--- wcxb.fold(s) -> s lower-cased (ASCII and the scripts fold_cp knows)
function M.fold(s)
    s = lower(s)
    return (gsub(s, "[\195-\211][\128-\191]", function(ch)
        local cp = codepoint(ch)
        local f = fold_cp(cp)
        return f == cp and ch or utf8_char(f)
    end))
end

-- Non-ASCII code points that are not word characters (punctuation,
-- symbols, spaces, emoji): sorted { first, last } ranges.
local NON_WORD = {
    { 0x0080, 0x00A9 }, { 0x00AB, 0x00B1 }, { 0x00B4, 0x00B4 }, { 0x00B6, 0x00B8 },
    { 0x00BB, 0x00BB }, { 0x00BF, 0x00BF }, { 0x00D7, 0x00D7 }, { 0x00F7, 0x00F7 },
    { 0x02C2, 0x02C5 }, { 0x02D2, 0x02DF }, { 0x0300, 0x036F },
    { 0x037E, 0x037E }, { 0x0387, 0x0387 }, { 0x055A, 0x055F }, { 0x0589, 0x058A },
    { 0x05BE, 0x05BE }, { 0x05C0, 0x05C0 }, { 0x05C3, 0x05C3 }, { 0x05F3, 0x05F4 },
    { 0x060C, 0x060D }, { 0x061B, 0x061F }, { 0x066A, 0x066D }, { 0x06D4, 0x06D4 },
    { 0x0964, 0x0965 }, { 0x0E4F, 0x0E4F }, { 0x0E5A, 0x0E5B }, { 0x10FB, 0x10FB },
    { 0x1360, 0x1368 },
    { 0x2000, 0x206F }, { 0x20A0, 0x20CF }, { 0x2100, 0x2101 }, { 0x2103, 0x2106 },
    { 0x2108, 0x2109 }, { 0x2116, 0x2118 }, { 0x211E, 0x2123 }, { 0x2190, 0x245F },
    { 0x2500, 0x2BFF }, { 0x2E00, 0x2E7F }, { 0x3000, 0x3004 }, { 0x3008, 0x3020 },
    { 0x3030, 0x3030 }, { 0x303D, 0x303D }, { 0x30FB, 0x30FB },
    { 0xFD3E, 0xFD3F }, { 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6F }, { 0xFEFF, 0xFEFF },
    { 0xFF01, 0xFF0F }, { 0xFF1A, 0xFF20 }, { 0xFF3B, 0xFF3E }, { 0xFF40, 0xFF40 },
    { 0xFF5B, 0xFF65 }, { 0xFFE0, 0xFFFF }, { 0x1F000, 0x1FAFF },
}

local function is_word_cp(cp)
    local lo, hi = 1, #NON_WORD
    while lo <= hi do
        local mid = floor((lo + hi) / 2)
        local r = NON_WORD[mid]
        if cp < r[1] then hi = mid - 1
        elseif cp > r[2] then lo = mid + 1
        else return false end
    end
    return true
end

--- wcxb.words(s) -> array of lower-cased word tokens (the metric's \w+)
function M.words(s)
    if type(s) ~= "string" then
        error(format("wcxb.words: expected a string, got %s", type(s)), 2)
    end
    local out = {}
    for run in gmatch(M.fold(s), "[%w_\128-\255]+") do
        if not find(run, "[\128-\255]") then
            out[#out + 1] = run
        else
            -- cut the run where a non-ASCII character is no word character
            local cur = {}
            for ch in gmatch(run, "[%z\1-\127\194-\244][\128-\191]*") do
                if byte(ch) < 0x80 or is_word_cp(codepoint(ch)) then
                    cur[#cur + 1] = ch
                elseif #cur > 0 then
                    out[#out + 1] = concat(cur)
                    cur = {}
                end
            end
            if #cur > 0 then out[#out + 1] = concat(cur) end
        end
    end
    return out
end
-- }======================================================================

-- {======================================================================
-- The body metric

--- wcxb.page(truth, prediction) -> { precision, recall, f1, empty }
function M.page(truth, pred)
    local tw, pw = M.words(truth), M.words(pred)
    local r = { empty = #pw == 0 }
    if #tw == 0 and #pw == 0 then
        r.precision, r.recall, r.f1 = 1, 1, 1
        return r
    end
    if #tw == 0 or #pw == 0 then
        r.precision, r.recall, r.f1 = 0, 0, 0
        return r
    end
    local bag = {}
    for _, w in ipairs(tw) do bag[w] = (bag[w] or 0) + 1 end
    local common = 0
    for _, w in ipairs(pw) do
        local n = bag[w]
        if n and n > 0 then
            common, bag[w] = common + 1, n - 1
        end
    end
    r.precision, r.recall = common / #pw, common / #tw
    local d = r.precision + r.recall
    r.f1 = d > 0 and 2 * r.precision * r.recall / d or 0
    return r
end

--- wcxb.summary(pages) -> { n, precision, recall, f1, empty }: plain means
function M.summary(pages)
    local s = { n = #pages, precision = 0, recall = 0, f1 = 0, empty = 0 }
    for _, r in ipairs(pages) do
        s.precision, s.recall, s.f1 = s.precision + r.precision, s.recall + r.recall, s.f1 + r.f1
        if r.empty then s.empty = s.empty + 1 end
    end
    if #pages > 0 then
        s.precision, s.recall, s.f1 = s.precision / #pages, s.recall / #pages, s.f1 / #pages
    end
    return s
end
-- }======================================================================

-- {======================================================================
-- Field normalisation (the same on both sides)

local ENTITIES = { amp = "&", lt = "<", gt = ">", quot = '"', apos = "'", nbsp = " ",
    ndash = "–", mdash = "—", rsquo = "’", lsquo = "‘", rdquo = "”", ldquo = "“",
    hellip = "…" }

--- wcxb.decode(s) -> s with HTML character references decoded
function M.decode(s)
    -- twice: "&amp;amp;" in a page's JSON-LD is still one ampersand
    for _ = 1, 2 do
        s = gsub(s, "&(#?[%w]+);?", function(e)
            local n = match(e, "^#[xX](%x+)$")
            if n then return utf8_char(tonumber(n, 16) % 0x110000) end
            n = match(e, "^#(%d+)$")
            if n then return utf8_char(tonumber(n) % 0x110000) end
            return ENTITIES[lower(e)]
        end)
    end
    return s
end

local function squash(s)
    s = gsub(s, "[%s]+", " ")
    s = gsub(s, "\194\160", " ")
    s = gsub(s, "\226\128[\128-\138\175]", " ")   -- U+2000..200A, U+202F
    s = gsub(s, "  +", " ")
    return (match(s, "^ *(.-) *$"))
end

--- wcxb.norm_title(s) -> the title as compared, or nil
function M.norm_title(s)
    if type(s) ~= "string" then return nil end
    s = M.decode(s)
    s = gsub(s, "\226\128[\152\153\154\155\178]", "'")       -- ‘ ’ ‚ ‛ ′
    s = gsub(s, "\194\180", "'")                             -- ´
    s = gsub(s, "\226\128[\156\157\158\159\179]", '"')       -- “ ” „ ‟ ″
    s = gsub(s, "\194[\171\187]", '"')                       -- « »
    s = gsub(s, "\226\128[\185\186]", '"')                   -- ‹ ›
    s = squash(M.fold(s))
    return s ~= "" and s or nil
end

-- Credentials and post-nominal letters: a piece made only of these is no
-- name, and they are cut from the end of a name ("Jane Roe MS RD").
local CREDENTIALS = {}
for w in gmatch([[
    ms ma mba mph msc mfa mpa mcs med md do dds dmd dvm phd ph.d ph.d. dphil
    edd psyd pharmd jd llm lld rd rdn ld ldn cd cde cdces cpt cscs cissn
    rn bsn msn np aprn fnp pa pa-c lcsw lmft lpc ncc cfp cfa cpa cma cpc
    frcp frcs facp facs fand fnla mrcp mbbs bsc ba bs bfa esq jr. sr.
    ryt e-ryt cns ibclc clc ccc-slp slp ot otr pt dpt atc cnm crnp
    pmp cisa cissp shrm-cp shrm-scp sphr phr
]], "%S+") do CREDENTIALS[w] = true end

local function is_credential(w)
    local k = gsub(lower(w), "[,]", "")
    if CREDENTIALS[k] or CREDENTIALS[(gsub(k, "%.", ""))] then return true end
    -- "E-RYT 200", "RYT-500": a credential with its hours
    if match(k, "^%d+$") then return true end
    return false
end

local function strip_credentials(name)
    local words = {}
    for w in gmatch(name, "%S+") do words[#words + 1] = w end
    while #words > 0 and is_credential(words[#words]) do words[#words] = nil end
    -- "FAND Dylan Bailey": credentials carried over from the name before
    while #words > 1 and is_credential(words[1]) and match(words[1], "^%u[%u%.%-]+$") do
        table.remove(words, 1)
    end
    return concat(words, " ")
end

--- wcxb.author_set(s or array) -> sorted array of normalised names
function M.author_set(v)
    local parts = {}
    if type(v) == "table" then
        for _, x in ipairs(v) do if type(x) == "string" then parts[#parts + 1] = x end end
    elseif type(v) == "string" then
        parts[1] = v
    end
    local names, seen = {}, {}
    for _, p in ipairs(parts) do
        p = " " .. squash(M.decode(p)) .. " "
        p = gsub(p, "%s+[Aa][Nn][Dd]%s+", ",")
        p = gsub(p, "%s+[Uu][Nn][Dd]%s+", ",")
        p = gsub(p, "%s+[Ee][Tt]%s+", ",")
        p = gsub(p, "%s+[Yy]%s+", ",")
        for piece in gmatch(p, "[^,;&|]+") do
            local n = squash(piece)
            local by = match(lower(n), "^by%s+") or match(lower(n), "^von%s+") or
                match(lower(n), "^par%s+") or match(lower(n), "^por%s+")
            if by then n = sub(n, #by + 1) end
            n = strip_credentials(n)
            n = squash(M.fold(n))
            if n ~= "" and not is_credential(n) and not seen[n] then
                seen[n] = true
                names[#names + 1] = n
            end
        end
    end
    sort(names)
    return names
end

--- wcxb.same_authors(truth, prediction) -> boolean
function M.same_authors(truth, pred)
    local a, b = M.author_set(truth), M.author_set(pred)
    if #a ~= #b then return false end
    for i = 1, #a do if a[i] ~= b[i] then return false end end
    return true
end

--- wcxb.day(s) -> "YYYY-MM-DD" (or "YYYY-MM", "YYYY": a truth that
--- gives only the month or year) or nil
function M.day(s)
    if type(s) ~= "string" then return nil end
    return match(s, "^%s*(%d%d%d%d%-%d%d%-%d%d)") or match(s, "^%s*(%d%d%d%d%-%d%d)%s*$")
        or match(s, "^%s*(%d%d%d%d)%s*$")
end

--- wcxb.day_number(iso) -> days since 1970 of the day an ISO 8601 text
--- starts with (a month alone: its first day), or nil
function M.day_number(s)
    local y, m, d = match(tostring(s or ""), "^%s*(%d%d%d%d)%-(%d%d)%-?(%d?%d?)")
    if not y then return nil end
    y, m, d = tonumber(y), tonumber(m), tonumber(d) or 1
    -- days from civil (Howard Hinnant's algorithm)
    if m <= 2 then y = y - 1 end
    local fl = math.floor
    local era = fl((y >= 0 and y or y - 399) / 400)
    local yoe = y - era * 400
    local doy = fl((153 * (m + (m > 2 and -3 or 9)) + 2) / 5) + d - 1
    local doe = yoe * 365 + fl(yoe / 4) - fl(yoe / 100) + doy
    return era * 146097 + doe - 719468
end

--- wcxb.same_date(truth_day, published) -> boolean, at the truth's precision
function M.same_date(want, got)
    got = type(got) == "string" and match(got, "^%s*(%d%d%d%d%-%d%d%-%d%d)") or nil
    return got ~= nil and want ~= nil and sub(got, 1, #want) == want
end
-- }======================================================================

-- {======================================================================
-- The corpus

local function gunzip(path)
    local p = io.popen("gzip -dc '" .. gsub(path, "'", "'\\''") .. "' 2>/dev/null", "r")
    if not p then return nil, path .. ": cannot run gzip" end
    local s = p:read("*a")
    p:close()
    if not s or s == "" then return nil, path .. ": empty or not gzip" end
    return s
end

local fsutil = require "newsextract.fsutil"
local read = fsutil.read

-- The sorted names in dir; none when it cannot be listed.
local function list_dir(dir)
    return fsutil.list(dir) or {}
end
M.list_dir = list_dir

local function str(v) return type(v) == "string" and v ~= "" and v or nil end

--- wcxb.cases(corpus [, page_type]) -> array of cases or nil, msg.
--- Each case: { name, type, html, truth, title, author, date, url }.
function M.cases(corpus, want_type)
    local cjson = require "cjson.safe"
    local dir = corpus .. "/wcxb-dev"
    local names = list_dir(dir .. "/ground-truth")
    if #names == 0 then return nil, "no ground truth in " .. dir end
    local cases = {}
    for _, f in ipairs(names) do
        local id = match(f, "^(.*)%.json$")
        if id then
            local j = read(dir .. "/ground-truth/" .. f)
            local d = j and cjson.decode(j)
            if type(d) ~= "table" or type(d.ground_truth) ~= "table" then
                return nil, "wcxb-dev/ground-truth/" .. f .. ": not the expected JSON"
            end
            local pt = type(d._internal) == "table" and type(d._internal.page_type) == "table"
                and str(d._internal.page_type.primary) or "unknown"
            if not want_type or want_type == pt then
                local html, err = gunzip(dir .. "/html/" .. id .. ".html.gz")
                if not html then return nil, err end
                local g = d.ground_truth
                cases[#cases + 1] = { name = id, type = pt, html = html, url = str(d.url),
                    truth = str(g.main_content) or "", title = str(g.title),
                    author = str(g.author), date = M.day(str(g.publish_date)) }
            end
        end
    end
    return cases
end
-- }======================================================================

-- {======================================================================
-- Running and reporting

--- wcxb.run(cases, favor) -> per-page results { name, type, f1, ..., article }
function M.run(cases, favor)
    local ne = require "newsextract"
    local results = {}
    for _, c in ipairs(cases) do
        local o = { favor = favor ~= "balanced" and favor or nil }
        local ok, a, err = pcall(ne.extract, c.html, o)
        local pred = ""
        if ok and a then
            pred = concat(a.paragraphs or {}, "\n\n")
        else
            err, a = ok and err or a, nil
        end
        local r = M.page(c.truth, pred)
        r.name, r.type, r.article, r.error = c.name, c.type, a, (not a) and tostring(err) or nil
        results[#results + 1] = r
    end
    return results
end

--- wcxb.half(case) -> 0 or 1: which half of the sites the page's host
--- falls in (a hash of the host without "www."; the id without a host),
--- so that the two halves share no site
function M.half(c)
    local host = match(c.url or "", "^%a[%w+.-]*://([^/?#]*)") or ""
    host = host ~= "" and gsub(host, "^www%.", "") or c.name
    local h = 0
    for i = 1, #host do h = (h * 31 + byte(host, i)) % 1000003 end
    return h % 2
end

--- wcxb.fields(cases, results) -> { title = {n, ok}, author = ..., date = ..., misses }
--- over the article pages whose truth has the field
function M.fields(cases, results)
    local f = { title = { n = 0, ok = 0 }, author = { n = 0, ok = 0 }, date = { n = 0, ok = 0 },
        misses = {}, page_type = { n = 0, ok = 0, cm = {}, half = { { n = 0, ok = 0 },
            { n = 0, ok = 0 } } } }
    local function count(kind, good, c, want, got)
        local t = f[kind]
        t.n = t.n + 1
        if good then t.ok = t.ok + 1
        else f.misses[#f.misses + 1] = { c.name, kind, want, got } end
    end
    for i, c in ipairs(cases) do
        local pt = f.page_type
        pt.n = pt.n + 1
        local got = (results[i].article or {}).page_type or "none"
        local hf = pt.half[M.half(c) + 1]
        hf.n = hf.n + 1
        if got == c.type then pt.ok, hf.ok = pt.ok + 1, hf.ok + 1 end
        pt.cm[c.type] = pt.cm[c.type] or {}
        pt.cm[c.type][got] = (pt.cm[c.type][got] or 0) + 1
        if c.type == "article" then
            local a = results[i].article or {}
            if c.title then
                count("title", M.norm_title(c.title) == M.norm_title(a.title), c, c.title, a.title)
            end
            if c.author then
                count("author", M.same_authors(c.author, a.authors or {}), c, c.author,
                    concat(a.authors or {}, "; "))
            end
            if c.date then
                count("date", M.same_date(c.date, a.published), c, c.date, a.published)
            end
        end
    end
    return f
end

local function line(out, label, s)
    out:write(format("  %-22s P %.4f  R %.4f  F1 %.4f  (%d pages, empty predictions: %d)\n",
        label, s.precision, s.recall, s.f1, s.n, s.empty))
end

-- Body figures: all pages, then each page type, article first.
function M.report_body(out, results, favor)
    line(out, favor .. ", all types", M.summary(results))
    local by = {}
    for _, r in ipairs(results) do
        by[r.type] = by[r.type] or {}
        local t = by[r.type]
        t[#t + 1] = r
    end
    local types = {}
    for t in pairs(by) do if t ~= "article" then types[#types + 1] = t end end
    sort(types)
    if by.article then table.insert(types, 1, "article") end
    for _, t in ipairs(types) do line(out, "  " .. t, M.summary(by[t])) end
end

function M.report_fields(out, f, worst)
    for _, k in ipairs({ "title", "author", "date" }) do
        local t = f[k]
        if t.n > 0 then
            out:write(format("  %-6s exact (articles)  %d/%d = %.4f\n", k, t.ok, t.n, t.ok / t.n))
        end
    end
    if f.page_type.n > 0 then
        local pt = f.page_type
        out:write(format("  page_type right (all)  %d/%d = %.4f\n", pt.ok, pt.n, pt.ok / pt.n))
        for h = 1, 2 do
            local hf = pt.half[h]
            if hf.n > 0 then
                out:write(format("  page_type right (site half %d)  %d/%d = %.4f\n", h - 1,
                    hf.ok, hf.n, hf.ok / hf.n))
            end
        end
        M.report_confusion(out, pt.cm)
    end
    -- the misses by cause: nothing found, or what was found
    local causes = { author = { none = 0, fewer = 0, more = 0, other = 0 },
        date = { none = 0, older = 0, newer = 0, day = 0 } }
    for _, m in ipairs(f.misses) do
        local c = causes[m[2]]
        if c and (m[4] == nil or m[4] == "") then
            c.none = c.none + 1
        elseif m[2] == "date" then
            local w, g = M.day_number(m[3]), M.day_number(m[4])
            if w and g and math.abs(w - g) <= 1 then c.day = c.day + 1
            elseif w and g and g < w then c.older = c.older + 1
            else c.newer = c.newer + 1 end
        elseif m[2] == "author" then
            local a, b = M.author_set(m[3]), M.author_set(m[4])
            if #b < #a then c.fewer = c.fewer + 1
            elseif #b > #a then c.more = c.more + 1
            else c.other = c.other + 1 end
        end
    end
    local a, d = causes.author, causes.date
    out:write(format("  author misses: none found %d, fewer names %d, more names %d, other names %d\n",
        a.none, a.fewer, a.more, a.other))
    out:write(format("  date misses: none found %d, older day %d, newer day %d, a day off %d\n",
        d.none, d.older, d.newer, d.day))
    if worst > 0 and #f.misses > 0 then
        out:write("  field misses (first ", tostring(worst * 3), "):\n")
        for k = 1, math.min(#f.misses, worst * 3) do
            local m = f.misses[k]
            out:write(format("    %-6s %-7s want %q got %q\n", m[1], m[2], tostring(m[3]),
                tostring(m[4])))
        end
    end
end

-- The page types, true (rows) by predicted (columns), with each type's
-- recall and precision.
local KINDS = { "article", "forum", "product", "collection", "listing",
    "documentation", "service" }

function M.report_confusion(out, cm)
    local cols = {}
    for _, k in ipairs(KINDS) do cols[#cols + 1] = k end
    for _, row in pairs(cm) do
        for k in pairs(row) do
            local known = false
            for _, c in ipairs(cols) do if c == k then known = true end end
            if not known then cols[#cols + 1] = k end
        end
    end
    local head = { format("  page_type %-13s", "true \\ got") }
    for _, c in ipairs(cols) do head[#head + 1] = format("%6s", sub(c, 1, 5)) end
    out:write(concat(head), "  recall\n")
    local colsum = {}
    for _, t in ipairs(cols) do
        local row = cm[t]
        if row then
            local cells, n = { format("    %-20s", t) }, 0
            for _, c in ipairs(cols) do
                local v = row[c] or 0
                cells[#cells + 1] = format("%6d", v)
                n = n + v
                colsum[c] = (colsum[c] or 0) + v
            end
            out:write(concat(cells), format("  %.3f\n", (row[t] or 0) / n))
        end
    end
    local prec = { format("    %-20s", "precision") }
    for _, c in ipairs(cols) do
        local v = cm[c] and cm[c][c] or 0
        prec[#prec + 1] = colsum[c] and colsum[c] > 0 and format(" %.3f", v / colsum[c]) or "     -"
    end
    out:write(concat(prec), "\n")
end

function M.report_worst(out, results, worst)
    local sorted = {}
    for k, r in ipairs(results) do sorted[k] = r end
    sort(sorted, function(a, b)
        if a.f1 ~= b.f1 then return a.f1 < b.f1 end
        return a.name < b.name
    end)
    if worst > 0 then out:write("  worst pages:\n") end
    for k = 1, math.min(worst, #sorted) do
        local r = sorted[k]
        out:write(format("    %-6s %-13s F1 %.4f  P %.4f  R %.4f%s\n", r.name, r.type, r.f1,
            r.precision, r.recall, r.error and ("  error: " .. r.error) or ""))
    end
end
-- }======================================================================

return M
