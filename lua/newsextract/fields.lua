-- SPDX-License-Identifier: MIT
-- newsextract.fields: clean-up shared by every producer of fields (the HTML
-- generic path, site rules, text dumps).  Pure Lua, 5.1/LuaJIT and 5.4.
--
-- Conventions: a caller's mistake (wrong argument type, unknown format
-- directive or timezone) raises; text that is not what was asked for gives
-- nil.  Every pattern here is anchored or runs over one short field, so no
-- call can backtrack quadratically over a long input.
local M = { _VERSION = "0.1.0" }

local type, tonumber, tostring, error, ipairs, pairs = type, tonumber, tostring, error, ipairs, pairs
local lower = string.lower
local floor = math.floor
local fmt = string.format

local function check_string(s, fname, allow_table)
    if s == nil or type(s) == "string" then return end
    if allow_table and type(s) == "table" then return end
    error(fmt("fields.%s: expected a string%s, got %s", fname,
        allow_table and " or a list" or "", type(s)), 3)
end

-- Unicode spaces a page may print: NBSP, the U+2000 block, narrow NBSP,
-- ideographic space, and the zero-width ones.  Mapped to " " before
-- collapsing.
local USPACES = { "\194\160", "\226\128[\128-\139]", "\226\128\175",
    "\226\129\159", "\227\128\128", "\226\128[\168\169]", "\239\187\191" }

-- Trimmed, whitespace-collapsed string, or nil when nothing is left.
function M.collapse(s)
    check_string(s, "collapse")
    if s == nil then return nil end
    if s:find("\194\160", 1, true) or s:find("\226\128", 1, true)
        or s:find("\226\129\159", 1, true) or s:find("\227\128\128", 1, true)
        or s:find("\239\187\191", 1, true) then
        for _, p in ipairs(USPACES) do s = s:gsub(p, " ") end
    end
    -- (a string with no run to collapse is not copied; without \t\n\v\f\r
    -- a run of %s is a run of spaces, found by a plain find)
    if s:find("[\t\n\v\f\r]") or s:find("  ", 1, true) then s = s:gsub("%s+", " ") end
    -- after the gsub every run is one byte long, so these are O(1)
    if s:byte(1) == 32 then s = s:sub(2) end
    if s:byte(-1) == 32 then s = s:sub(1, -2) end
    if s == "" then return nil end
    return s
end
local collapse = M.collapse

---------------------------------------------------------------------------
-- Dates
---------------------------------------------------------------------------

-- Month names in the languages news sites print most; "mai" and "marzo"
-- mean the same month in every language that has them.  (Lower case:
-- the line is lower-cased byte by byte, so a month name in a script with
-- capitals of more than one byte is matched as usually printed, lower.)
local MONTHS = {}
do
    local lists = {
        { "january", "february", "march", "april", "may", "june", "july",
          "august", "september", "october", "november", "december" },
        { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
          "oct", "nov", "dec" },
        { "januar", "februar", "m\195\164rz", "april", "mai", "juni", "juli",
          "august", "september", "oktober", "november", "dezember" },
        { "j\195\164nner", "feber", "maerz", "apr", "mai", "jun", "jul",
          "aug", "sept", "okt", "nov", "dez" },
        { "janvier", "f\195\169vrier", "mars", "avril", "mai", "juin",
          "juillet", "ao\195\187t", "septembre", "octobre", "novembre",
          "d\195\169cembre" },
        { "janv", "f\195\169vr", "mrz", "avr", "mai", "juin", "juil",
          "aout", "sept", "oct", "nov", "d\195\169c" },
        { "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
          "agosto", "septiembre", "octubre", "noviembre", "diciembre" },
        { "ene", "fevrier", "marzo", "abr", "mayo", "giu", "lug", "ago",
          "setiembre", "ott", "noviembre", "dic" },
        { "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
          "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre" },
        { "janeiro", "fevereiro", "mar\195\167o", "abril", "maio", "junho",
          "julho", "agosto", "setembro", "outubro", "novembro", "dezembro" },
        { "januari", "februari", "maart", "april", "mei", "juni", "juli",
          "augustus", "september", "oktober", "november", "december" },
        -- Polish (genitive, then nominative)
        { "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
          "sierpnia", "wrze\197\155nia", "pa\197\186dziernika", "listopada",
          "grudnia" },
        { "stycze\197\132", "luty", "marzec", "kwiecie\197\132", "maj", "czerwiec",
          "lipiec", "sierpie\197\132", "wrzesie\197\132", "pa\197\186dziernik",
          "listopad", "grudzie\197\132" },
        -- Czech (genitive)
        { "ledna", "\195\186nora", "b\197\153ezna", "dubna", "kv\196\155tna",
          "\196\141ervna", "\196\141ervence", "srpna", "z\195\161\197\153\195\173",
          "\197\153\195\173jna", "listopadu", "prosince" },
        -- Swedish
        { "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december" },
        -- Danish, Norwegian
        { "januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "desember" },
        -- Finnish (partitive)
        { "tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta",
          "kes\195\164kuuta", "hein\195\164kuuta", "elokuuta", "syyskuuta",
          "lokakuuta", "marraskuuta", "joulukuuta" },
        -- Turkish
        { "ocak", "\197\159ubat", "mart", "nisan", "may\196\177s", "haziran",
          "temmuz", "a\196\159ustos", "eyl\195\188l", "ekim", "kas\196\177m",
          "aral\196\177k" },
        -- Russian (genitive)
        { "\209\143\208\189\208\178\208\176\209\128\209\143",
          "\209\132\208\181\208\178\209\128\208\176\208\187\209\143",
          "\208\188\208\176\209\128\209\130\208\176",
          "\208\176\208\191\209\128\208\181\208\187\209\143",
          "\208\188\208\176\209\143", "\208\184\209\142\208\189\209\143",
          "\208\184\209\142\208\187\209\143",
          "\208\176\208\178\208\179\209\131\209\129\209\130\208\176",
          "\209\129\208\181\208\189\209\130\209\143\208\177\209\128\209\143",
          "\208\190\208\186\209\130\209\143\208\177\209\128\209\143",
          "\208\189\208\190\209\143\208\177\209\128\209\143",
          "\208\180\208\181\208\186\208\176\208\177\209\128\209\143" },
    }
    for _, list in ipairs(lists) do
        for i, name in ipairs(list) do MONTHS[name] = i end
    end
    MONTHS.sept = 9; MONTHS.decembre = 12; MONTHS.fev = 2; MONTHS.gen = 1
    MONTHS["m\195\164r"] = 3; MONTHS.febr = 2; MONTHS.sep = 9; MONTHS.okt = 10
    MONTHS.ene = 1; MONTHS.abr = 4; MONTHS.ago = 8
    MONTHS.dez = 12; MONTHS.dic = 12; MONTHS.mei = 5; MONTHS.mrt = 3
    MONTHS.set = 9; MONTHS.out = 10; MONTHS.mag = 5   -- Italian and Portuguese abbreviations
end

local WEEKDAYS = {}
for w in ([[monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun
    montag dienstag mittwoch donnerstag freitag samstag sonntag
    mo di mi do fr sa so
    lundi mardi mercredi jeudi vendredi samedi dimanche
    lun mar mer jeu ven sam dim
    lunes martes mi\195\169rcoles miercoles jueves viernes s\195\161bado domingo
    luned\195\172 marted\195\172 mercoled\195\172 gioved\195\172 venerd\195\172 sabato domenica
    segunda ter\195\167a quarta quinta sexta]]):gmatch("%S+") do
    WEEKDAYS[w] = true
end

-- Words a date line may carry around the date itself.
local FILLERS = {}
for w in ([[at on the of de del um le la el di à a las und
    published updated posted date dated last modified uhr h
    publi\195\169 publicado pubblicato ver\195\182ffentlicht aktualisiert
    feira]]):gmatch("%S+") do
    FILLERS[w] = true
end

-- Fixed zone abbreviations, minutes east of UTC.  "Z" marks UTC written as
-- letters, which we print as "Z".
local ZONES = {
    utc = "Z", gmt = "Z", z = "Z", ut = "Z",
    est = -300, edt = -240, cst = -360, cdt = -300, mst = -420, mdt = -360,
    pst = -480, pdt = -420, akst = -540, akdt = -480, hst = -600,
    wet = 0, west = 60, cet = 60, cest = 120, eet = 120, eest = 180,
    bst = 60, msk = 180, jst = 540, kst = 540, hkt = 480, sgt = 480,
    aest = 600, aedt = 660, mez = 60, mesz = 120,
}

-- Zones whose offset depends on the date: US and EU daylight-saving rules.
-- Value: { standard offset in minutes, "us" | "eu" }.
local DST_ZONES = {
    et = { -300, "us" }, ct = { -360, "us" }, mt = { -420, "us" },
    pt = { -480, "us" },
    ["america/new_york"] = { -300, "us" }, ["america/chicago"] = { -360, "us" },
    ["america/denver"] = { -420, "us" }, ["america/los_angeles"] = { -480, "us" },
    ["us/eastern"] = { -300, "us" }, ["us/central"] = { -360, "us" },
    ["us/mountain"] = { -420, "us" }, ["us/pacific"] = { -480, "us" },
    ["europe/london"] = { 0, "eu" }, ["europe/dublin"] = { 0, "eu" },
    ["europe/lisbon"] = { 0, "eu" },
}
for _, city in ipairs({ "berlin", "paris", "madrid", "rome", "vienna",
    "amsterdam", "brussels", "zurich", "stockholm", "oslo", "copenhagen",
    "warsaw", "prague", "budapest", "belgrade", "luxembourg" }) do
    DST_ZONES["europe/" .. city] = { 60, "eu" }
end
for _, city in ipairs({ "helsinki", "athens", "kiev", "kyiv", "bucharest",
    "sofia", "riga", "tallinn", "vilnius" }) do
    DST_ZONES["europe/" .. city] = { 120, "eu" }
end
local FIXED_NAMED = {
    ["etc/utc"] = "Z", ["europe/moscow"] = 180, ["asia/tokyo"] = 540,
    ["asia/seoul"] = 540, ["asia/shanghai"] = 480, ["asia/hong_kong"] = 480,
    ["asia/singapore"] = 480, ["asia/taipei"] = 480, ["asia/kolkata"] = 330,
    ["asia/dubai"] = 240, ["asia/jakarta"] = 420, ["asia/bangkok"] = 420,
}

local function is_leap(y)
    return (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0
end

local MDAYS = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
local function days_in(y, m)
    if m == 2 and is_leap(y) then return 29 end
    return MDAYS[m]
end

-- 0 = Sunday (Sakamoto).
local function weekday(y, m, d)
    local t = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 }
    if m < 3 then y = y - 1 end
    return (y + floor(y / 4) - floor(y / 100) + floor(y / 400) + t[m] + d) % 7
end

-- Day of month of the n-th Sunday (n = -1: the last one).
local function nth_sunday(y, m, n)
    if n > 0 then
        local first = weekday(y, m, 1)
        return 1 + (7 - first) % 7 + 7 * (n - 1)
    end
    local last = days_in(y, m)
    return last - weekday(y, m, last)
end

-- Whether local time (standard offset `std`) falls in daylight saving.
-- Ambiguous hours at the switch are resolved toward standard time.
local function in_dst(rule, std, y, m, d, H, Mi)
    local stamp = ((m * 100 + d) * 100 + H) * 100 + Mi
    local from, to
    if rule == "us" then
        -- 2:00 local; rules of 2007 on, and of 1987-2006 before that
        if y >= 2007 then
            from = ((3 * 100 + nth_sunday(y, 3, 2)) * 100 + 2) * 100
            to = ((11 * 100 + nth_sunday(y, 11, 1)) * 100 + 1) * 100
        else
            from = ((4 * 100 + nth_sunday(y, 4, 1)) * 100 + 2) * 100
            to = ((10 * 100 + nth_sunday(y, 10, -1)) * 100 + 1) * 100
        end
    else
        -- 01:00 UTC on the last Sundays of March and October
        local h = 1 + std / 60
        from = ((3 * 100 + nth_sunday(y, 3, -1)) * 100 + h) * 100
        to = ((10 * 100 + nth_sunday(y, 10, -1)) * 100 + h) * 100
    end
    return stamp >= from and stamp < to
end

local function offset_text(mins)
    if mins == "Z" then return "Z" end
    local sign = mins < 0 and "-" or "+"
    if mins < 0 then mins = -mins end
    return fmt("%s%02d:%02d", sign, floor(mins / 60), mins % 60)
end

-- "+0530", "+05:30", "-05", "+5" → minutes, or nil.
local function parse_offset(s)
    local sign, h, mi = s:match("^([+-])(%d%d?):?(%d?%d?)$")
    if not sign then return nil end
    if #mi == 1 then return nil end
    h, mi = tonumber(h), tonumber(mi) or 0
    if h > 14 or mi > 59 then return nil end
    local v = h * 60 + mi
    return sign == "-" and -v or v
end

-- Zone name → resolver(y, m, d, H, Mi) → "Z" | minutes; nil if unknown.
local function zone_resolver(name)
    local l = name:lower()
    local fixed = ZONES[l] or FIXED_NAMED[l]
    if fixed then return function() return fixed end end
    local dst = DST_ZONES[l]
    if dst then
        return function(y, m, d, H, Mi)
            if in_dst(dst[2], dst[1], y, m, d, H or 12, Mi or 0) then
                return dst[1] + 60
            end
            return dst[1]
        end
    end
    local off = parse_offset(l) or parse_offset((l:gsub("^utc", ""):gsub("^gmt", "")))
    if off then return function() return off end end
    return nil
end

--- Whether `name` is a timezone fields.date understands (for validators).
function M.timezone_known(name)
    return type(name) == "string" and zone_resolver(name) ~= nil
end

-- Validate and print.  t: y, m, d, H, Mi, S (nil = not stated), zone
-- (resolver or nil).
local function emit(t)
    local y, m, d = t.y, t.m, t.d
    if not (y and m and d) then return nil end
    if y < 1000 or y > 9999 or m < 1 or m > 12 or d < 1 or d > days_in(y, m) then
        return nil
    end
    local out = fmt("%04d-%02d-%02d", y, m, d)
    if t.H == nil then return out end
    local H, Mi, S = t.H, t.Mi or 0, t.S
    if H > 23 or Mi > 59 or (S and S > 59) then return nil end
    out = out .. fmt("T%02d:%02d", H, Mi)
    if S then out = out .. fmt(":%02d", S) end
    if t.zone then out = out .. offset_text(t.zone(y, m, d, H, Mi)) end
    return out
end

-- Meridiem: 12 AM is midnight, 12 PM noon; "13:00 pm" is not a time.
local function apply_meridiem(t, pm)
    if not t.H or t.H < 1 or t.H > 12 then return false end
    if pm then
        if t.H < 12 then t.H = t.H + 12 end
    elseif t.H == 12 then
        t.H = 0
    end
    return true
end

-- ISO 8601 (extended and basic), the whole string.
local function parse_iso(s, tz)
    local y, m, d, rest = s:match("^(%d%d%d%d)-(%d%d)-(%d%d)(.*)$")
    if not y then
        y, m, d, rest = s:match("^(%d%d%d%d)(%d%d)(%d%d)(.*)$")
        if not y then return nil end
        if rest ~= "" and not rest:find("^T%d") then return nil end
    end
    local t = { y = tonumber(y), m = tonumber(m), d = tonumber(d) }
    if rest == "" then return emit(t) end
    local H, Mi, r2 = rest:match("^[T ](%d%d):?(%d%d)(.*)$")
    if not H then return nil end
    t.H, t.Mi = tonumber(H), tonumber(Mi)
    local S, r3 = r2:match("^:?(%d%d)(.*)$")
    if S then t.S, r2 = tonumber(S), r3 end
    if t.S then r2 = r2:gsub("^[.,]%d+", "", 1) end
    r2 = r2:gsub("^ ", "", 1)
    if r2 == "" and tz then t.zone = zone_resolver(tz) end
    if r2 ~= "" then
        if r2 == "Z" or r2 == "z" then
            t.zone = zone_resolver("Z")
        else
            local off = parse_offset(r2)
            if off then
                t.zone = function() return off end
            else
                t.zone = ZONES[r2:lower()] and zone_resolver(r2)
                if not t.zone then return nil end
            end
        end
    end
    return emit(t)
end

-- A numeric date ("2017-03-15", "03/15/2017", "15.03.2017", "20170315").
-- It is read first and blanked out, so that its separators do not read as
-- tokens later.  Returns the rest of the segment, or nil when the number is
-- glued to letters or digits (part of an id, not a date).
local function strip_numeric_date(t, s)
    local a, b, c
    local i, j
    i, j, a, b, c = s:find("(%d%d%d%d)[-/.](%d%d?)[-/.](%d%d?)")
    if i then
        t.y, t.m, t.d = tonumber(a), tonumber(b), tonumber(c)
    else
        local sep
        i, j, a, sep, b, c = s:find("(%d%d?)([-/.])(%d%d?)[-/.](%d%d%d%d)")
        if i then
            a, b, c = tonumber(a), tonumber(b), tonumber(c)
            -- "/" is month first (US) unless impossible; "." and "-" day first
            if (sep == "/" and a <= 12) or (sep ~= "/" and b > 12) then
                t.m, t.d = a, b
            else
                t.d, t.m = a, b
            end
            t.y = c
        else
            i, j, a, b, c = s:find("^(%d%d%d%d)(%d%d)(%d%d)%f[^%d]")
            if i then t.y, t.m, t.d = tonumber(a), tonumber(b), tonumber(c) end
        end
    end
    if not i then return s end
    local before, after = s:sub(i - 1, i - 1), s:sub(j + 1, j + 1)
    if before:find("[%w]") or after:find("[%w]") and not after:find("[t ]") then
        return nil
    end
    return s:sub(1, i - 1) .. " " .. s:sub(j + 1)
end

-- The token readers below share one contract: called at `pos` with the kind
-- of the previous token, each returns nil when its token does not start
-- there (the next reader tries), false when it does but cannot be part of a
-- date (the segment is rejected), or the next position and the token's kind.

-- A clock time "11:56", "22:03:42", "22:03:42.5": one per segment.
local function time_token(t, s, pos)
    local s1, e1, x1, x2, x3 = s:find("^(%d%d?):(%d%d):?(%d?%d?)", pos)
    if not s1 then return nil end
    if t.H or #x3 == 1 then return false end
    t.H, t.Mi = tonumber(x1), tonumber(x2)
    if x3 ~= "" then t.S = tonumber(x3) end
    pos = e1 + 1
    local f1, f2 = s:find("^[.,]%d+", pos)
    if f1 and t.S then pos = f2 + 1 end
    return pos, "time"
end

-- A numeric offset "+01:00": only after a time or a zone name, else it is
-- a range or a phone number.
local function offset_token(t, s, pos, last)
    local s1, e1, x1 = s:find("^([+-]%d%d:?%d%d)%f[^%d]", pos)
    if not s1 then return nil end
    if last ~= "time" and last ~= "zone" then return false end
    local off = parse_offset(x1)
    if not off then return false end
    t.zone = function() return off end
    return e1 + 1, "offset"
end

-- A bare number: an hour with its meridiem ("5pm"), a year, or a day
-- (with its ordinal suffix "7th" or a period "7.").
local function number_token(t, s, pos)
    local s1, e1, x1 = s:find("^(%d+)", pos)
    if not s1 then return nil end
    local after = e1 + 1
    local f1, f2 = s:find("^st%f[^%a]", after)
    if not f1 then f1, f2 = s:find("^nd%f[^%a]", after) end
    if not f1 then f1, f2 = s:find("^rd%f[^%a]", after) end
    if not f1 then f1, f2 = s:find("^th%f[^%a]", after) end
    if not f1 then f1, f2 = s:find("^%.", after) end
    local ap1, ap2, apx = s:find("^ ?([ap])%.?m%.?%f[^%a]", after)
    if #x1 <= 2 and ap1 and not t.H then
        -- "5pm", "5 p.m."
        t.H, t.Mi = tonumber(x1), 0
        if not apply_meridiem(t, apx == "p") then return false end
        return ap2 + 1, "meridiem"
    elseif #x1 == 4 and not t.y and not f1 then
        t.y = tonumber(x1)
        return after, "year"
    elseif #x1 <= 2 and not t.d then
        t.d = tonumber(x1)
        return f1 and f2 + 1 or after, "day"
    end
    return false
end

-- A word: a meridiem, a month, a zone name, or a weekday or filler word
-- ("on", "at", "updated"); any other word means the segment is prose.
local function word_token(t, s, pos, last)
    local s1, e1, w = s:find("^([%a\128-\255][%a\128-\255]*)", pos)
    if not s1 then return nil end
    -- "a.m." and "p.m."
    if (w == "a" or w == "p") and s:find("^%.m%.?", e1 + 1) then
        local _, me = s:find("^%.m%.?", e1 + 1)
        if last ~= "time" or not apply_meridiem(t, w == "p") then
            return false
        end
        e1 = me
        last = "meridiem"
    elseif (w == "am" or w == "pm") and last == "time" then
        if not apply_meridiem(t, w == "pm") then return false end
        last = "meridiem"
    elseif MONTHS[w] then
        if t.m then return false end
        t.m = MONTHS[w]
        -- "Dec." and "Sept."
        if s:sub(e1 + 1, e1 + 1) == "." then e1 = e1 + 1 end
        last = "month"
    elseif ZONES[w] or DST_ZONES[w] then
        if t.zone then return false end
        t.zone = zone_resolver(w)
        last = "zone"
    elseif WEEKDAYS[w] or FILLERS[w] or w == "am" then
        if s:sub(e1 + 1, e1 + 1) == "." then e1 = e1 + 1 end
        last = "word"
    else
        return false
    end
    return e1 + 1, last
end

-- Other punctuation ("-", ".", "/", ":", "–", "—") is skipped and keeps
-- the previous token's kind; anything else rejects the segment.
local function punct_token(_, s, pos, last)
    local _, e1 = s:find("^[-./:]", pos)
    if not e1 then _, e1 = s:find("^\226\128[\147\148]", pos) end
    if not e1 then return false end
    return e1 + 1, last
end

local TOKEN_READERS = { time_token, offset_token, number_token, word_token, punct_token }

-- One segment of a free-form date ("Wed, 14 Dec 2016 22:03:42 GMT",
-- "December 7, 2017", "11:56 AM", "03/15/2017").  Every token must be
-- understood, else the segment is not a date.
local function parse_segment(seg)
    local t = {}
    local s = strip_numeric_date(t, seg:lower())
    if not s then return nil end
    -- tokens left to right; the first reader that knows the token wins
    local pos, n = 1, #s
    local last -- kind of the previous token
    while pos <= n do
        if s:sub(pos, pos):find("[%s,;|()]") then
            pos = pos + 1
        else
            local p, kind
            for k = 1, #TOKEN_READERS do
                p, kind = TOKEN_READERS[k](t, s, pos, last)
                if p ~= nil then break end
            end
            if not p then return nil end
            pos, last = p, kind
        end
    end
    return t
end

-- Segments of a date line: "December 7, 2017 / 11:56 AM / a day ago",
-- "Business News | Wed Dec 14, 2016 | 5:03pm EST".
local function parse_free(s)
    -- CJK year/month/day markers (年月日, 년월일) around the numbers
    s = s:gsub("(%d+)%s*[\229\235][\185\133][\180\132]%s*(%d+)%s*"
        .. "[\230\236][\156\155][\136\148]%s*(%d+)%s*[\230\236][\151\157][\165\188]",
        function(y, m, d) return y .. "-" .. m .. "-" .. d .. " " end)
    s = s:gsub("(%d+)%s*\230\153\130%s*(%d+)%s*\229\136\134", "%1:%2")
    s = s:gsub("(%d+)%s*\230\151\182%s*(%d+)%s*\229\136\134", "%1:%2")
    s = s:gsub("(%d+)%s*\236\139\156%s*(%d+)%s*\235\182\132", "%1:%2")
    local segs = {}
    local start = 1
    while true do
        local i, j = s:find(" [/|\194\183] ", start)
        if not i then
            i, j = s:find(" \226\128[\162\147\148] ", start)
        end
        if not i then
            i, j = s:find(" %- ", start)
        end
        if not i then segs[#segs + 1] = s:sub(start); break end
        segs[#segs + 1] = s:sub(start, i - 1)
        start = j + 1
    end
    local date
    for k, seg in ipairs(segs) do
        local t = parse_segment(seg)
        if t then
            if t.y or t.m or t.d then
                if not date then date = t end
            elseif t.H and date and not date.H and k > 1 then
                date.H, date.Mi, date.S = t.H, t.Mi, t.S
                date.zone = date.zone or t.zone
            end
        end
    end
    if not date then return nil end
    return date
end

-- Parsing with an explicit strftime-like format.
local DIRECTIVES = {
    Y = "^(%d%d%d%d)", y = "^(%d%d)", m = "^(%d%d?)", d = "^(%d%d?)",
    e = "^ ?(%d%d?)", H = "^(%d%d?)", I = "^(%d%d?)", M = "^(%d%d)",
    S = "^(%d%d)", p = "^([AaPp])%.?[Mm]%.?", b = "^([%a\128-\255]+)%.?",
    B = "^([%a\128-\255]+)", h = "^([%a\128-\255]+)%.?",
    a = "^([%a\128-\255]+)%.?", A = "^([%a\128-\255]+)",
    z = "^([+-]%d%d:?%d%d)", Z = "^(%a+)", f = "^(%d+)", j = false,
}
local EXPAND = { T = "%H:%M:%S", F = "%Y-%m-%d", R = "%H:%M", D = "%m/%d/%y" }

--- Check a date format: true, or nil and a message naming the problem.
function M.check_format(f)
    if type(f) ~= "string" then
        return nil, "expected a format string, got " .. type(f)
    end
    local ok, bad = true, nil
    f:gsub("%%(.?)", function(c)
        if c ~= "%" and not DIRECTIVES[c] and not EXPAND[c] then
            ok, bad = false, c
        end
    end)
    if not ok then return nil, "unknown directive %" .. bad end
    return true
end

local function parse_with_format(s, f, tz)
    f = f:gsub("%%([TFRD])", EXPAND)
    local t = {}
    local pos, i, n = 1, 1, #f
    while i <= n do
        local c = f:sub(i, i)
        if c == "%" then
            local dch = f:sub(i + 1, i + 1)
            i = i + 2
            if dch == "%" then
                if s:sub(pos, pos) ~= "%" then return nil end
                pos = pos + 1
            else
                local _, e, v = s:find(DIRECTIVES[dch], pos)
                if not e then return nil end
                pos = e + 1
                local lv = v:lower()
                if dch == "Y" then t.y = tonumber(v)
                elseif dch == "y" then
                    local yy = tonumber(v)
                    t.y = yy < 69 and 2000 + yy or 1900 + yy
                elseif dch == "m" then t.m = tonumber(v)
                elseif dch == "d" or dch == "e" then t.d = tonumber(v)
                elseif dch == "H" then t.H = tonumber(v)
                elseif dch == "I" then t.H = tonumber(v); t.twelve = true
                elseif dch == "M" then t.Mi = tonumber(v)
                elseif dch == "S" then t.S = tonumber(v)
                elseif dch == "p" then t.pm = (lv == "p")
                elseif dch == "b" or dch == "B" or dch == "h" then
                    t.m = MONTHS[lv]
                    if not t.m then return nil end
                elseif dch == "a" or dch == "A" then
                    if not WEEKDAYS[lv] then return nil end
                elseif dch == "z" then
                    local off = parse_offset(v)
                    if not off then return nil end
                    t.zone = function() return off end
                elseif dch == "Z" then
                    t.zone = ZONES[lv] and zone_resolver(lv)
                    if not t.zone then return nil end
                end
            end
        elseif c:find("%s") then
            local _, e = s:find("^%s*", pos)
            pos = e + 1
            i = i + 1
        else
            if s:sub(pos, pos):lower() ~= c:lower() then return nil end
            pos = pos + 1
            i = i + 1
        end
    end
    if s:find("%S", pos) then return nil end
    if t.pm ~= nil then
        if not apply_meridiem(t, t.pm) then return nil end
    elseif t.twelve and (t.H < 1 or t.H > 12) then
        return nil
    end
    if t.H and not t.Mi then t.Mi = 0 end
    if not t.zone and tz then t.zone = zone_resolver(tz) end
    return emit(t)
end

--- ISO 8601 text of the date in `s`, or nil.  See docs/TEXT.md for the
--- forms understood and the zone convention ("Z" for UTC/GMT written as
--- letters, "+HH:MM" for numeric offsets and named zones).
function M.date(s, format, timezone)
    check_string(s, "date")
    if format ~= nil then
        local ok, msg = M.check_format(format)
        if not ok then error("fields.date: format: " .. msg, 2) end
    end
    if timezone ~= nil and not M.timezone_known(timezone) then
        error("fields.date: unknown timezone " .. tostring(timezone), 2)
    end
    s = collapse(s)
    if not s or #s > 200 then return nil end
    if format then return parse_with_format(s, format, timezone) end
    local iso = parse_iso(s, timezone)
    if iso then return iso end
    if s:find("^%d%d%d%d%-%d%d%-%d%dT") then return nil end
    local t = parse_free(s)
    if not t then return nil end
    if not t.zone and timezone and t.H then t.zone = zone_resolver(timezone) end
    return emit(t)
end

-- {======================================================================
-- Dates inside running text: a byline line, a "Posted on" line, the lines
-- around a headline.  fields.date wants the whole string to be a date;
-- these find the first date a text holds.

-- Days since 1970-01-01 of a civil date (proleptic Gregorian).
local function days_from_civil(y, m, d)
    if m <= 2 then y = y - 1 end
    local era = math.floor(y / 400)
    local yoe = y - era * 400
    local mp = (m + 9) % 12
    local doy = math.floor((153 * mp + 2) / 5) + d - 1
    local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
    return era * 146097 + doe - 719468
end

local function civil_from_days(z)
    z = z + 719468
    local era = math.floor(z / 146097)
    local doe = z - era * 146097
    local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524)
        - math.floor(doe / 146096)) / 365)
    local y = yoe + era * 400
    local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
    local mp = math.floor((5 * doy + 2) / 153)
    local d = doy - math.floor((153 * mp + 2) / 5) + 1
    local m = mp < 10 and mp + 3 or mp - 9
    if m <= 2 then y = y + 1 end
    return y, m, d
end

-- The earliest day a publication date can have: the web's first pages.
local FIRST_DAY = days_from_civil(1991, 8, 6)

--- fields.reference_day(v) -> days since 1970 of a reference time (ISO
--- 8601 text or Unix seconds), or nil, msg.
function M.reference_day(v)
    if type(v) == "number" then
        if v ~= v or v < 0 or v > 253402300799 then return nil, "out of range" end
        return math.floor(v / 86400)
    end
    if type(v) ~= "string" then return nil, "expected ISO 8601 text or Unix seconds" end
    local y, m, d = v:match("^%s*(%d%d%d%d)%-(%d%d)%-(%d%d)")
    if not y then
        local iso = M.date(v)
        if iso then y, m, d = iso:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)") end
    end
    y, m, d = tonumber(y), tonumber(m), tonumber(d)
    if not y or m < 1 or m > 12 or d < 1 or d > days_in(y, m) then
        return nil, "not a date: " .. v
    end
    return days_from_civil(y, m, d)
end

-- A day that can be a publication day: a real day, after the web began,
-- not after the reference day (or, without one, not past next year: the
-- clock of the machine is no reference, a page's bytes alone are scored).
local function plausible(y, m, d, ref)
    if not (y and m and d) or m < 1 or m > 12 or d < 1 or d > days_in(y, m) then
        return nil
    end
    local z = days_from_civil(y, m, d)
    if z < FIRST_DAY then return nil end
    if ref and z > ref + 1 then return nil end
    if not ref and y > tonumber(os.date("!%Y")) + 1 then return nil end
    return fmt("%04d-%02d-%02d", y, m, d)
end

local function year_of(s)
    local y = tonumber(s)
    if #s == 2 then y = y + (y < 70 and 2000 or 1900) end
    return y
end

-- Relative dates: "3 hours ago", "vor 3 Tagen", "il y a 2 jours", "hace 2
-- días", "2 giorni fa", "há 2 dias", "2 dagen geleden"; unit -> days.
local REL_UNITS = {}
for w, n in pairs({ minute = 0, minutes = 0, min = 0, mins = 0, hour = 1 / 24, hours = 1 / 24,
    hr = 1 / 24, hrs = 1 / 24, day = 1, days = 1, week = 7, weeks = 7, month = 30, months = 30,
    year = 365, years = 365,
    minute_de = 0, minuten = 0, stunde = 1 / 24, stunden = 1 / 24, tag = 1, tagen = 1,
    woche = 7, wochen = 7, monat = 30, monaten = 30, jahr = 365, jahren = 365,
    heure = 1 / 24, heures = 1 / 24, jour = 1, jours = 1, semaine = 7, semaines = 7,
    mois = 30, an = 365, ans = 365,
    hora = 1 / 24, horas = 1 / 24, ["d\195\173a"] = 1, ["d\195\173as"] = 1, dia = 1, dias = 1,
    semana = 7, semanas = 7, mes = 30, meses = 30, ["m\195\170s"] = 30, ["a\195\177o"] = 365,
    ["a\195\177os"] = 365, ano = 365, anos = 365,
    ora = 1 / 24, ore = 1 / 24, giorno = 1, giorni = 1, settimana = 7, settimane = 7,
    mese = 30, mesi = 30, anno = 365, anni = 365,
    uur = 1 / 24, dag = 1, dagen = 1, weken = 7, maand = 30, maanden = 30, jaar = 365,
}) do REL_UNITS[w] = n end

local REL_ONE = {}
for _, w in ipairs({ "one", "ein", "eine", "einer", "einem", "einen", "un", "une",
    "una", "uno", "um", "uma", "een" }) do REL_ONE[w] = true end

local function relative_day(s, ref)
    if not ref then return nil end
    -- a number in words: "vor einer Woche", "an hour ago", "il y a un mois"
    if s:find("%f[%a]%a%a?%a?%a?%a?%s") then
        s = s:gsub("%f[%a](%a+)(%s)", function(w, sp)
            if REL_ONE[w] then return "1" .. sp end
        end)
    end
    if s:find("%f[%a]an%s+hour%s+ago%f[^%a]") then return ref end
    if s:find("%f[%a]a%s+%a+%s+ago%f[^%a]") then s = s:gsub("%f[%a]a(%s+%a+%s+ago)%f[^%a]", "1%1") end
    if s:find("%f[%a]vorgestern%f[^%a]") or s:find("%f[%a]avant%-hier%f[^%a]") or
        s:find("%f[%a]anteayer%f[^%a]") or s:find("%f[%a]anteontem%f[^%a]") or
        s:find("%f[%a]eergisteren%f[^%a]") or s:find("altro%s+ieri%f[^%a]") then
        return ref - 2
    end
    local n, unit = s:match("(%d+)%s+([%a\128-\255]+)%s+ago%f[^%a]")
    if not n then n, unit = s:match("vor%s+(%d+)%s+([%a\128-\255]+)") end
    if not n then n, unit = s:match("il%s+y%s+a%s+(%d+)%s+([%a\128-\255]+)") end
    if not n then n, unit = s:match("hace%s+(%d+)%s+([%a\128-\255]+)") end
    if not n then n, unit = s:match("h\195\161%s+(%d+)%s+([%a\128-\255]+)") end
    if not n then n, unit = s:match("(%d+)%s+([%a\128-\255]+)%s+fa%f[^%a]") end
    if not n then n, unit = s:match("(%d+)%s+([%a\128-\255]+)%s+geleden") end
    if not n then
        if s:find("%f[%a]yesterday%f[^%a]") or s:find("%f[%a]gestern%f[^%a]") or
            s:find("%f[%a]hier%f[^%a]") or s:find("%f[%a]ayer%f[^%a]") or
            s:find("%f[%a]ieri%f[^%a]") or s:find("%f[%a]ontem%f[^%a]") or
            s:find("%f[%a]gisteren%f[^%a]") then
            return ref - 1
        end
        if s:find("%f[%a]today%f[^%a]") or s:find("%f[%a]heute%f[^%a]") or
            s:find("%f[%a]aujourd") or s:find("%f[%a]hoy%f[^%a]") or
            s:find("%f[%a]oggi%f[^%a]") or s:find("%f[%a]hoje%f[^%a]") or
            s:find("%f[%a]vandaag%f[^%a]") then
            return ref
        end
        return nil
    end
    local per = REL_UNITS[unit]
    if not per then return nil end
    return ref - math.floor(tonumber(n) * per)
end

-- gmatch, or nothing when `pat` does not match at all: find's scan makes
-- no iterator state (a gmatch allocates one, with room for 32 captures),
-- and most of these patterns find nothing in most texts.
local function none() return nil end
local function matches(s, pat)
    if not s:find(pat) then return none end
    return s:gmatch(pat)
end

-- Every date the text holds, in order of position: { {pos, day}, ... };
-- `s` is lower-cased.
local function dates_in(s, ref, dayfirst)
    local out = {}
    local function add(pos, y, m, d)
        local day = plausible(y, m, d, ref)
        if day then out[#out + 1] = { pos, day } end
    end
    -- ISO 2017-12-07, 2017/12/07, 2017.12.07
    for p, y, m, d in matches(s, "()%f[%d](%d%d%d%d)[-/.](%d%d?)[-/.](%d%d?)%f[^%d]") do
        add(p, tonumber(y), tonumber(m), tonumber(d))
    end
    -- 07.12.2017 (day first), 12/07/2017 (US: month first unless impossible),
    -- 07-12-2017 (day first), two-digit years with dots: 07.12.17
    for p, a, sep, b, y in matches(s, "()%f[%d](%d%d?)([./-])%s?(%d%d?)[./-]%s?(%d%d%d?%d?)%f[^%d]") do
        -- (07/12/12 too, each part of two digits: 3/4/15 is a fraction
        -- or a score as often as a day)
        if #y == 4 or (#y == 2 and (sep == "." or (sep == "/" and #a == 2 and #b == 2))) then
            a, b = tonumber(a), tonumber(b)
            local m, d
            if (sep == "/" and a <= 12 and not (dayfirst and b <= 12)) or (sep ~= "/" and b > 12) then
                m, d = a, b
            else
                d, m = a, b
            end
            add(p, year_of(y), m, d)
        end
    end
    -- 7. Dezember 2017, 7 décembre 2017, 7 de diciembre de 2017, 1er mars 2019,
    -- 7th December 2017
    for p, d, w, y in matches(s, "()%f[%d](%d%d?)[%.]?%a?%a?%s*([%a\128-\255]+)%.?,?%s*(%d%d%d%d)%f[^%d]") do
        local m = MONTHS[w]
        if m then add(p, tonumber(y), m, tonumber(d)) end
    end
    -- the same without an ordinal's letters, which the pattern above
    -- takes from the month when nothing parts them: "07.Dezember 2017",
    -- "07Dez2017" (a day, month and year in spans of their own)
    for p, d, w, y in s:gmatch("()%f[%d](%d%d?)%.?%s*([%a\128-\255]+)%.?,?%s*(%d%d%d%d)%f[^%d]") do
        local m = MONTHS[w]
        if m then add(p, tonumber(y), m, tonumber(d)) end
    end
    -- 07-Dec-2017, 04-ago-2021, 7/Dez/17
    for p, d, w, y in matches(s, "()%f[%d](%d%d?)[-/]([%a\128-\255]+)%.?[-/](%d%d%d?%d?)%f[^%d]") do
        local m = MONTHS[w]
        if m and (#y == 4 or #y == 2) then add(p, year_of(y), m, tonumber(d)) end
    end
    -- December 7, 2017; Dec. 7th 2017; diciembre 7 de 2017
    for p, w, d, y in matches(s, "()%f[%a\128-\255]([%a\128-\255]+)%.?%s+(%d%d?)%a?%a?,?%s*(%d%d%d%d)%f[^%d]") do
        local m = MONTHS[w]
        if m then add(p, tonumber(y), m, tonumber(d)) end
    end
    -- 2017年12月7日
    for p, y, m, d in matches(s, "()(%d%d%d%d)%s*\229\185\180%s*(%d%d?)%s*\230\156\136%s*(%d%d?)%s*\230\151\165") do
        add(p, tonumber(y), tonumber(m), tonumber(d))
    end
    table.sort(out, function(x, y) return x[1] < y[1] end)
    local rel = relative_day(s, ref)
    if rel and rel >= FIRST_DAY then
        local y, m, d = civil_from_days(rel)
        out[#out + 1] = { #s + 1, fmt("%04d-%02d-%02d", y, m, d) }
    end
    return out
end

-- Words that make a date line a modification date, or no publication
-- date at all (a copyright line, a comment's time stamp).
local UPDATED = { "updated", "modified", "last update", "aktualisiert", "ge\195\164ndert",
    "mis \195\160 jour", "actualizado", "actualizaci\195\179n", "aggiornato", "atualizado",
    "bijgewerkt", "revised", "reviewed", "letzte \195\164nderung", "letzte \195\132nderung" }
local NOT_PUBLISHED = { "\194\169", "copyright", "(c)", "all rights reserved", "reply",
    "replied", "commented", "says:", "schreibt:", "a \195\169crit", "sagt:", "meint:",
    "antworten", "dice:", "zegt:" }
local PUBLISHED = { "published", "posted", "publi\195\169", "publicado", "pubblicato",
    "ver\195\182ffentlicht", "gepubliceerd", "erstellt", "created", "written" }

local function has_any(s, list)
    for _, w in ipairs(list) do
        local p = s:find(w, 1, true)
        if p then return p end
    end
end

--- fields.text_dates(s [, reference_day [, dayfirst]]) -> published,
--- modified: the days ("YYYY-MM-DD") a printed line gives.  A line that
--- says it was updated gives a modified day (and the published day where
--- it names both); a copyright or comment line gives none.  Relative dates
--- need a reference day (fields.reference_day).  "03/12/2017" is March 12
--- (US) unless `dayfirst` (a page in German, French, British English...).
function M.text_dates(s, ref, dayfirst)
    check_string(s, "text_dates")
    if #s > 2000 then s = s:sub(1, 2000) end
    -- every absolute date has a digit; only relative ones ("yesterday")
    -- do without, and they need a reference day
    if not ref and not s:find("%d") then return nil end
    -- "7 de diciembre de 2017", "7 de dezembro de 2017": the "de" goes
    -- (each gsub only where it has something to do: no copy otherwise)
    s = lower(s)
    if s:find("%sdel?%s") then s = s:gsub("%s+del?%s+", " ") end
    if s:find("%d%a%a%s+of%s") then s = s:gsub("(%d%a%a)%s+of%s+", "%1 ") end   -- "12th of March 2015"
    if has_any(s, NOT_PUBLISHED) then return nil end
    local found = dates_in(s, ref, dayfirst)
    if #found == 0 then return nil end
    local upd = has_any(s, UPDATED)
    if not upd then return found[1][2] end
    -- "Published May 3, 2020, updated May 4": the date before the word is
    -- the publication, the one after it the update
    local pub, mod
    for _, f in ipairs(found) do
        if f[1] < upd then pub = pub or f[2] else mod = mod or f[2] end
    end
    local p2 = has_any(s, PUBLISHED)
    if p2 and p2 > upd and mod and not pub then
        -- "Updated May 4 (published May 3)": the later mention is published
        for _, f in ipairs(found) do
            if f[1] > p2 then pub = f[2] break end
        end
        if pub == mod then pub = nil end
    end
    return pub, mod
end
-- }======================================================================

---------------------------------------------------------------------------
-- Bylines
---------------------------------------------------------------------------

local AGENCIES = {}
for _, a in ipairs({ "reuters", "ap", "the associated press", "associated press",
    "afp", "agence france-presse", "agence france presse", "dpa", "bloomberg",
    "pa", "pa media", "ansa", "efe", "xinhua", "kyodo", "yonhap", "tass",
    "upi", "aap", "cnn", "bbc", "reuters staff" }) do
    AGENCIES[a] = true
end

local ROLE_WORDS = { "writer", "reporter", "correspondent", "editor",
    "contributor", "columnist", "photographer", "staff", "journalist",
    "redakteur", "redakteurin", "korrespondent", "correspondant",
    "rédacteur", "redacción", "corresponsal", "bureau" }

local PREFIXES = { "reporting by ", "reported by ", "written by ", "story by ",
    "words by ", "text by ", "posted by ", "compiled by ", "by ", "von ",
    "par ", "por ", "door ", "av ", "af ", "authors: ", "author: ",
    "autor: ", "autorin: ", "auteur : ", "auteur: " }

-- whole words: "Stafford" is a name, "Staff" a role (the patterns made
-- once, not per call)
local ROLE_PATTERNS = {}
for i, w in ipairs(ROLE_WORDS) do
    ROLE_PATTERNS[i] = "%f[%w\128-\255]" .. w .. "%f[^%w\128-\255]"
end

local function is_role(part)
    local l = part:lower()
    for _, p in ipairs(ROLE_PATTERNS) do
        if l:find(p) then return true end
    end
    return false
end

-- A role and nothing else ("Staff Writer", "Senior Correspondent"): no
-- byline at all, where "Podium Staff" is a desk's.
local ROLE_ONLY = {}
for w in ([[senior junior chief lead staff contributing special guest
    freelance political foreign national sports business news managing
    deputy associate assistant executive features digital tech science
    health senior-staff the a our]]):gmatch("%S+") do
    ROLE_ONLY[w] = true
end
for _, w in ipairs(ROLE_WORDS) do ROLE_ONLY[w] = true end

local function only_role(part)
    for w in part:lower():gmatch("%S+") do
        if not ROLE_ONLY[w] then return false end
    end
    return true
end

local function strip_prefix(s)
    local l = s:lower()
    for _, p in ipairs(PREFIXES) do
        if l:sub(1, #p) == p and #s > #p then return s:sub(#p + 1) end
    end
    return s
end

-- "Jane Doe in Washington": the place after the name, i.e. the pattern
-- "%s+in%s+%u[%w%s]*$", found in linear time (unanchored, that pattern
-- rescans the tail from every " in X" it meets).
local function strip_in_place(part)
    local tail = #part:reverse():match("^[%w%s]*")
    if tail < 4 then return part end
    local from = #part - tail + 1
    -- every character of a match is in the tail
    local a = part:find("%s+in%s+%u", from)
    if not a then return part end
    return part:sub(1, a - 1)
end

local function upper_only(s)
    return s:find("%u") and not s:find("%l")
end

-- "Jane Doe Associated Press": an agency printed after the name.
local function strip_agency_suffix(part)
    local l = part:lower()
    for _, a in ipairs({ " the associated press", " associated press",
        " reuters", " afp", " dpa", " bloomberg" }) do
        if #l > #a and l:sub(-#a) == a then return collapse(part:sub(1, -#a - 1)) end
    end
    return part
end

-- A word longer than a name (#part <= 80 below) is in no name: a long
-- byline keeps only its shorter words, read by position, before any copy
-- of the whole (a 2 MB one made some 30 MB of garbage strings here).
local LONG_BYLINE, LONG_WORD = 1000, 80
local function short_words(s)
    local words, i = {}, 1
    while true do
        local a, b = s:find("%S+", i)
        if not a then break end
        -- a dropped word leaves a "-", which names nobody but keeps the
        -- words around it apart ("By <word> and Jane Doe")
        words[#words + 1] = b - a < LONG_WORD and s:sub(a, b) or "-"
        i = b + 1
    end
    return table.concat(words, " ")
end

--- fields.short_byline(s) -> s, or for a byline longer than any real one
--- its words of a name's length only, a "-" for each other (see split_names).
function M.short_byline(s)
    return #s > LONG_BYLINE and short_words(s) or s
end

local function split_names(s, out)
    if #s > LONG_BYLINE then s = short_words(s) end
    s = collapse(s)
    if not s then return end
    -- e-mail addresses: whole words holding an "@" (word by word: the
    -- pattern "%S+@%S+" backtracks over one long word, quadratic)
    if s:find("@", 1, true) then
        local words = {}
        for w in s:gmatch("%S+") do
            if not w:find("@", 1, true) then words[#words + 1] = w end
        end
        s = collapse(table.concat(words, " "))
        if not s then return end
    end
    s = strip_prefix(s)
    -- a prefix alone ("By") names nobody
    if s:lower():find("^%a+:?$") and strip_prefix(s .. " x") == "x" then
        return
    end
    local parts = {}
    local seg_no = 0
    -- "|" separates the names from a place or an agency ("| WASHINGTON")
    -- (find, not gmatch: each gmatch call allocates its match state)
    local bars, at = s .. "|", 1
    while true do
        local i, j, seg = bars:find("([^|]*)|", at)
        if not i then break end
        at = j + 1
        seg_no = seg_no + 1
        seg = seg:gsub("%s*[;/]%s*", ",")
        seg = seg:gsub("%s+and%s+", ","):gsub("%s*&%s*", ",")
            :gsub("%s+und%s+", ","):gsub("%s+et%s+", ","):gsub("%s+y%s+", ",")
            :gsub("%s+e%s+", ","):gsub("%s+en%s+", ","):gsub("%s+AND%s+", ",")
        local pat = 1
        while true do
            local pi, pj = seg:find("[^,]+", pat)
            if not pi then break end
            pat = pj + 1
            local part = collapse(seg:sub(pi, pj))
            if part then
                part = strip_prefix(part)
                part = strip_in_place(part)
                part = collapse(part:gsub("^[-:]+", ""):gsub("[-:.]+$", ""))
            end
            if part and part:find("[%a\128-\255]") and #part <= 80 then
                parts[#parts + 1] = { text = part, after_bar = seg_no > 1 }
            end
        end
    end
    local names, agencies, roles = {}, {}, {}
    for _, p in ipairs(parts) do
        local part = p.text
        local l = part:lower()
        if AGENCIES[l] then
            agencies[#agencies + 1] = part
        -- dropped: a role ("Staff Writer", "Senior Correspondent") and a
        -- place printed after the names ("| WASHINGTON"); a role is the
        -- byline when nothing else is ("Podium Staff", "Jane Roe Writer")
        elseif is_role(part) then
            if not p.after_bar and not only_role(part) then roles[#roles + 1] = part end
        elseif not (p.after_bar and upper_only(part)) then
            part = strip_agency_suffix(part)
            local words = select(2, part:gsub("%S+", ""))
            if words <= 6 then names[#names + 1] = part end
        end
    end
    local from_roles = #names == 0 and #agencies == 0 and #roles > 0
    if #names == 0 then names = #agencies > 0 and agencies or roles end
    for _, nm in ipairs(names) do out[#out + 1] = nm end
    return from_roles
end

--- Array of author names from a byline or a list of bylines, and
--- whether they are only roles ("Podium Staff", "Jane Roe Writer": what
--- a byline gives when it names nothing else).
function M.authors(s)
    check_string(s, "authors", true)
    local raw, roles = {}, nil
    if type(s) == "table" then
        for i, v in ipairs(s) do
            if type(v) ~= "string" then
                error(fmt("fields.authors: element %d: expected a string, got %s",
                    i, type(v)), 2)
            end
            local r = split_names(v, raw)
            roles = (roles ~= false) and r
        end
    elseif s then
        roles = split_names(s, raw)
    end
    local out, seen = {}, {}
    for _, nm in ipairs(raw) do
        local k = nm:lower()
        if not seen[k] then seen[k] = true; out[#out + 1] = nm end
    end
    return out, #out > 0 and roles == true
end

---------------------------------------------------------------------------
-- Dateline, credits, reading time
---------------------------------------------------------------------------

local MONTH_ABBR = "^(%a+)%.? %d%d?$"

-- A place word: capitals (ASCII upper case or any UTF-8 letter byte), with
-- the punctuation place names carry ("ST. LOUIS", "HONOLULU/NEW YORK").
local function place_ok(p)
    if #p > 60 or not p:find("^[%u\128-\255]") then return false end
    if p:find("[^%u\128-\255 ./'%-]") then return false end
    -- two letters at least: "I (Reuters) -" is a sentence, not a place
    return select(2, p:gsub("[%u\128-\255]", "")) >= 2
end

--- The text of an element that opens a paragraph (a dateline printed in
--- its own span, with no agency tag) when it reads as a place in capitals
--- ("WASHINGTON", "LONDON/PARIS", "HANAU, Germany"), else nil.
function M.dateline_place(s)
    check_string(s, "dateline_place")
    s = s and collapse(s)
    if not s then return nil end
    s = s:gsub("%s*[%-\226\128\147\148|:]+$", "")
    local place, region = s:match("^([^,]+),%s*(.+)$")
    if not place then place = s end
    if not place_ok(place) then return nil end
    if region and not region:find("^[%u\128-\255][%a\128-\255 .'%-]*$") then return nil end
    return region and (place .. ", " .. region) or place
end

--- The place of an agency dateline at the start of a paragraph
--- ("VIENNA (Reuters) -" → "VIENNA"), or nil.
function M.dateline(p)
    check_string(p, "dateline")
    if not p then return nil end
    local head = p:sub(1, 120)
    local before, agency, after = head:match("^%s*([^()]-)%s*%(([^()]+)%)%s*(.*)$")
    if not before or before == "" then return nil end
    -- agency: one to four words, capitalised ("Reuters", "AP", "Reuters Breakingviews")
    -- agency: capitalised ("Reuters", "AP") or dpa, which writes itself in
    -- lower case
    if #agency > 40 or not (agency:find("^%u") or agency == "dpa") or select(2, agency:gsub("%S+", "")) > 4 then
        return nil
    end
    -- followed by a dash: "-", "--", "–" or "—"
    if not (after:find("^%-") or after:find("^\226\128[\147\148]")) then return nil end
    local place, rest = before:match("^([^,]+),%s*(.+)$")
    if not place then place = before end
    if not place_ok(place) then return nil end
    if rest then
        -- ", Dec 14" is the date; ", Germany" is part of the place
        local first, second = rest:match("^([^,]+),%s*(.+)$")
        local region = first or rest
        local mon = region:match(MONTH_ABBR)
        if mon and MONTHS[mon:lower()] then
            return place
        end
        if not region:find("^[%u\128-\255][%a\128-\255 .'%-]*$") then return nil end
        if second then
            local mon2 = second:match(MONTH_ABBR)
            if not (mon2 and MONTHS[mon2:lower()]) then return nil end
        end
        return place .. ", " .. region
    end
    return place
end

-- Credit phrases: the words before "by" in each ";"-separated part.
local CREDIT_ROLES = {}
for _, r in ipairs({ "reporting", "additional reporting", "further reporting",
    "reported", "writing", "additional writing", "written", "editing",
    "edited", "compiled", "compiling", "research", "additional research",
    "graphics", "graphic", "translation", "translated", "produced",
    "production", "fact-checking", "fact checking", "photos", "video",
    "data", "sub-editing", "reporting and writing", "writing and editing",
    "text", "story" }) do
    CREDIT_ROLES[r] = true
end

-- Lower-case words a list of names and places may contain.
local CONNECTORS = {}
for w in ([[and in at of from for with the de da di do dos du van von der den
    la le el al bin ibn y e et und und]]):gmatch("%S+") do
    CONNECTORS[w] = true
end

local function names_ok(s)
    if not s:find("^[%u\128-\255]") then return false end
    for w in s:gmatch("[%a\128-\255][%w\128-\255'%-]*") do
        if w:find("^%l") and not CONNECTORS[w] then return false end
    end
    return true
end

-- Roles in other languages, each with the word that stands for "by"
-- (Reuters' and AFP's services write "Reportage de X", "Bericht von X",
-- "Reporte de X; Editado en español por Y").
local FOREIGN_ROLES = {
    ["reportage"] = "de", ["rédigé"] = "par", ["édité"] = "par", ["edité"] = "par",
    ["version française"] = "",
    ["bericht"] = "von", ["redigiert"] = "von", ["mitarbeit"] = "von",
    ["geschrieben"] = "von", ["übersetzt"] = "von",
    ["reporte"] = "de", ["reportaje"] = "de", ["información"] = "de",
    ["informe"] = "de", ["editado"] = "por", ["editado en español"] = "por",
    ["edición"] = "de", ["redacción"] = "de", ["traducido"] = "por",
    ["reportagem"] = "de", ["edição"] = "de", ["reportado"] = "por",
    ["tradotto"] = "da", ["scritto"] = "da", ["servizio"] = "di",
}
-- The same roles written "Role: Names" (German, Dutch, Scandinavian papers).
local COLON_ROLES = {}
for r in pairs(CREDIT_ROLES) do
    -- "Story: ..." and "Text: ..." open ordinary paragraphs too
    if r ~= "story" and r ~= "text" then COLON_ROLES[r] = true end
end
for _, r in ipairs({ "mitarbeit", "redaktion", "reportage",
    "bearbeitung", "übersetzung", "edición", "redacción", "tekst", "redactie",
    "édition", "traduction" }) do
    COLON_ROLES[r] = true
end

local function lower_utf8(s)
    -- ASCII and the Latin-1 capitals of these role words
    return (s:lower():gsub("\195([\128-\158])", function(c)
        return "\195" .. string.char(c:byte() + 32)
    end))
end

-- One credit: the names it credits, or nil.  Forms: "Role by Names",
-- "Role prep Names" in another language, "Role: Names", and
-- "Names contributed (to this report | reporting ...)".
local function credited(part)
    local role, names = part:match("^([%a%s%-]-)%s+[Bb][Yy]%s+(.+)$")
    if role and CREDIT_ROLES[role:lower()] then return names end
    role, names = part:match("^([^:]-)%s*:%s*(.+)$")
    if role and COLON_ROLES[lower_utf8(role)] then return names end
    local low = lower_utf8(part)
    for r, prep in pairs(FOREIGN_ROLES) do
        if low:sub(1, #r) == r then
            local rest = part:sub(#r + 1)
            if prep == "" then
                names = rest:match("^%s+(.+)$")
            else
                local p, n = rest:match("^%s+(%S+)%s+(.+)$")
                if p and p:lower() == prep then names = n end
            end
            if names then return names end
        end
    end
    names = part:match("^(.-)%s+contributed%s+to%s+this%s+%a+%.?$")
        or part:match("^(.-)%s+contributed%s+additional%s+reporting.-%.?$")
        or part:match("^(.-)%s+contributed%s+reporting.-%.?$")
        or part:match("^(.-)%s+also%s+contributed.-%.?$")
    return names
end

--- The credits line ("Reporting by X; Editing by Y", "X contributed to
--- this report", "Additional reporting by X", "Compiled by X", and the
--- forms other languages use) without enclosing parentheses, or nil when
--- `s` is not one.
function M.credits(s)
    check_string(s, "credits")
    s = s and collapse(s)
    if not s or #s > 600 then return nil end
    local inner = s:match("^%((.*)%)%.?$")
    if inner and not inner:find("[()]") then s = collapse(inner) end
    if not s then return nil end
    local count = 0
    for part in (s .. ";"):gmatch("([^;]*);") do
        part = collapse(part)
        if part then
            local names = credited(part)
            if not names then return nil end
            names = names:gsub("%.$", "")
            -- ", editing by Y" inside one part
            for sub in (names .. ","):gmatch("([^,]*),") do
                sub = collapse(sub)
                if sub then
                    sub = credited(sub) or sub
                    sub = sub:gsub("^and%s+", "")
                    if not names_ok(sub) then return nil end
                end
            end
            count = count + 1
        end
    end
    if count == 0 or count > 10 then return nil end
    return s
end

local RT_PATTERNS = {
    "^(%d+)%s*[Mm][Ii][Nn][Ss]?%.?%s+[Rr][Ee][Aa][Dd]$",
    "^(%d+)%s*[Mm][Ii][Nn][Uu][Tt][Ee][Ss]?%s+[Rr][Ee][Aa][Dd]$",
    "^(%d+)%-[Mm][Ii][Nn][Uu][Tt][Ee]%s+[Rr][Ee][Aa][Dd]$",
    "^[Rr]eading [Tt]ime:?%s*(%d+)%s*[Mm]in[%a.]*$",
    "^[Ll]esezeit:?%s*(%d+)%s*[Mm]in[%a.]*$",
    "^[Ll]esedauer:?%s*(%d+)%s*[Mm]in[%a.]*$",
    "^(%d+)%s*[Mm]in%.?%s+[Ll]esezeit$",
    "^[Tt]emps de lecture%s*:?%s*(%d+)%s*min[%a.]*$",
    "^(%d+)%s*min%.?%s+de%s+lec?[ti]t?ura$",
    "^(%d+)%s*min%.?%s+de lecture$",
    "^[Tt]iempo de lectura:?%s*(%d+)%s*min[%a.]*$",
    "^[Tt]empo di lettura:?%s*(%d+)%s*min[%a.]*$",
    "^(%d+)%s*min%.?%s+di lettura$",
    "^(%d+)%s*\229\136\134\233\146\159\233\152\133\232\175\187$", -- N分钟阅读
    "^(%d+)%s*\229\136\134\227\129\167\232\170\173\227\130\129\227\129\190\227\129\153$", -- N分で読めます
}

--- Reading time in minutes from "2 Min Read", "5 min read",
--- "Lesezeit: 3 Minuten" ..., or nil.
function M.reading_time(s)
    check_string(s, "reading_time")
    s = s and collapse(s)
    if not s or #s > 60 then return nil end
    for _, p in ipairs(RT_PATTERNS) do
        local n = s:match(p)
        if n then
            n = tonumber(n)
            if n and n > 0 and n < 1000 then return n end
            return nil
        end
    end
    return nil
end

return M
