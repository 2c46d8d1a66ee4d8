-- SPDX-License-Identifier: MIT
-- newsextract.head: the head of the body, where pages repeat what the
-- metadata already said (issue 17, item 3).  Before the first paragraph
-- of prose, a short block is dropped when it says nothing the article's
-- fields do not: the byline ("By Jane Doe", "Von Anna Müller"), the date
-- in any printed form ("2/26/2015 7:11 AM PST", "3. März 2024, 14:05
-- Uhr", "le 5 mars 2024 à 10h30"), the site's name as a heading; or when
-- it is shaped as a breadcrumb ("Home > News > Politics", "Startseite /
-- Politik": short links between separators).  Every output is rendered
-- from the kept blocks, so a block dropped here is dropped from all.
--
--   head.trim(f, blocks) -> blocks: `blocks` less the head's repeats of
--       f.authors, f.published, f.modified, f.site_name and its
--       breadcrumbs (a new list; `blocks` itself is not changed).
local M = { _VERSION = "0.1.0" }

local type, ipairs, pairs, next, tonumber, tostring, error =
    type, ipairs, pairs, next, tonumber, tostring, error
local lower, gmatch, gsub, sub, match, find = string.lower, string.gmatch,
    string.gsub, string.sub, string.match, string.find

-- A block this long or longer (bytes) is prose: the head ends there.
local HEAD_END = 200
-- A paragraph this long (bytes) that is kept ends the head.
local PROSE = 80
-- A block dropped here is shorter than this (bytes).
local SHORT = 160
-- How many blocks the head is looked at.
local HEAD_BLOCKS = 8

-- Words a byline or a date line prints around what the metadata holds,
-- in the languages the fixtures cover and a few more (lower case).
local LABELS = {}
for w in gmatch([[
by and with from the on at in of staff
von und mit am um uhr den der die autor autorin
par et avec le la les du des de à mis jour auteur auteure
por y con el los las del a al autora
di e il da door en op het
written last
am pm a p m h gmt utc cet cest est edt pst pdt cst cdt mst mdt bst ist mez mesz
]], "%S+") do LABELS[w] = true end
-- The words that say a line is the date ("Updated", "Stand:", "Publié le"):
-- a date alone may be anything (a heading of a diary, an event's day), a
-- date so labelled is the page's.
local DATE_LABELS = {}
for w in gmatch([[
published updated posted modified
veröffentlicht aktualisiert publiziert erstellt stand
publié modifié actualisé
publicado actualizado modificado
pubblicato aggiornato gepubliceerd bijgewerkt
]], "%S+") do DATE_LABELS[w] = true end

-- Month names (and their usual short forms), month number first.
local MONTHS = {
    { "january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "januari" },
    { "february", "feb", "februar", "février", "févr", "fevrier", "febrero", "febbraio", "februari" },
    { "march", "mar", "märz", "maerz", "mars", "marzo", "maart", "mrz" },
    { "april", "apr", "avril", "avr", "abril", "abr", "aprile" },
    { "may", "mai", "mayo", "maggio", "mei" },
    { "june", "jun", "juni", "juin", "junio", "giugno" },
    { "july", "jul", "juli", "juillet", "juil", "julio", "luglio" },
    { "august", "aug", "août", "aout", "agosto", "ago", "augustus" },
    { "september", "sep", "sept", "septembre", "septiembre", "settembre", "set" },
    { "october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott" },
    { "november", "nov", "novembre", "noviembre" },
    { "december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic", "dicembre" },
}
local WEEKDAYS = {}
for w in gmatch([[
monday mon tuesday tue tues wednesday wed thursday thu thurs friday fri saturday sat sunday sun
montag mo dienstag di mittwoch mi donnerstag do freitag fr samstag sa sonntag so
lundi lun mardi mer mercredi jeudi jeu vendredi ven samedi sam dimanche dim
lunes martes miércoles miercoles jueves viernes sábado sabado domingo
]], "%S+") do WEEKDAYS[w] = true end

-- The words of `s`, lower case: runs of letters, digits and non-ASCII bytes.
local function words(s, into, weight)
    for w in gmatch(lower(s), "[%w\128-\255]+") do into[w] = weight end
end

-- What the fields say, as words: a name's or the site's words (strong:
-- a block made of them repeats the metadata), a date's words.
local function known_words(f)
    local known = {}
    if type(f.site_name) == "string" then words(f.site_name, known, "site") end
    for _, a in ipairs(type(f.authors) == "table" and f.authors or {}) do
        if type(a) == "string" then words(a, known, "strong") end
    end
    for _, d in ipairs({ f.published, f.modified }) do
        local y, m, day
        if type(d) == "string" then y, m, day = match(d, "^(%d%d%d%d)%-(%d%d)%-(%d%d)") end
        if y then
            known[y], known[sub(y, 3)] = "date", "date"
            known[m], known[tostring(tonumber(m))] = "date", "date"
            known[day], known[tostring(tonumber(day))] = "date", "date"
            for _, name in ipairs(MONTHS[tonumber(m)] or {}) do known[name] = "date" end
        end
    end
    -- one- and two-letter words (initials) say nothing alone
    for w, how in pairs(known) do
        if how == "strong" and #w < 3 then known[w] = "weak" end
    end
    return known
end

-- Is `s` (short) the metadata again: every word one the fields hold, a
-- date's or a time's, or a label around them; and it names an author, or
-- says it is the date, or is the site's whole name?
local function repeats_metadata(s, known)
    local strong, site = false, {}
    -- a time's numbers ("7:11", "14.05", "10h30") are the date's too
    local times = {}
    for hh, mm in gmatch(s, "(%d%d?)[:h%.](%d%d)") do
        times[hh], times[mm] = true, true
    end
    for w in gmatch(lower(s), "[%w\128-\255]+") do
        local how = known[w]
        if how == "strong" or (DATE_LABELS[w] and how ~= "site") then
            strong = true
        elseif how == "site" then
            site[w] = true
        elseif not (how or LABELS[w] or WEEKDAYS[w] or times[w] or match(w, "^%d%d?h%d%d$")) then
            -- an ordinal's suffix ("3rd", "5th") on a day of the date
            local n, suffix = match(w, "^(%d%d?)(%a%a)$")
            if not (n and known[n] and (suffix == "st" or suffix == "nd" or
                                        suffix == "rd" or suffix == "th")) then
                return false
            end
        end
    end
    if strong then return true end
    -- the site's name alone: all of it ("Electrical" is no "TE Electrical")
    if not next(site) then return false end
    for w, how in pairs(known) do
        if how == "site" and not site[w] then return false end
    end
    return true
end

-- Separators between the steps of a breadcrumb.
local SEPARATORS = { ">", "\226\128\186", "\194\187", "/", "|", "\226\134\146" }
-- each as the pattern of a separator between spaces, made once
local SEP_PATTERNS = {}
for i, sep in ipairs(SEPARATORS) do SEP_PATTERNS[i] = "%s" .. gsub(sep, "%p", "%%%0") .. "%s" end

-- Is block `b` a breadcrumb: two or more short steps between separators,
-- all but one of them links?
local function is_breadcrumb(b)
    if b.plain or b.kind ~= "p" and b.kind ~= "li" then return false end
    local cut = " " .. b.text .. " "
    -- a separator stands between spaces ("$83/mo.", "Q&A/Reviews" are words)
    local seen = 0
    for i, sep in ipairs(SEPARATORS) do
        if find(cut, sep, 1, true) then   -- plain find first: most lines have none
            local n
            cut, n = gsub(cut, SEP_PATTERNS[i], "\0")
            seen = seen + n
        end
    end
    if seen == 0 then return false end    -- one step: no breadcrumb
    local steps = 0
    for step in gmatch(cut .. "\0", "([^%z]*)%z") do
        step = match(step, "^%s*(.-)%s*$")
        if step == "" then return false end
        local n = 0
        for _ in gmatch(step, "%S+") do n = n + 1 end
        if n > 4 or #step > 40 then return false end
        steps = steps + 1
    end
    if steps < 2 then return false end
    local md = b.md
    if type(md) ~= "string" then return false end
    local links = 0
    for _ in gmatch(md, "%]%(") do links = links + 1 end
    return links >= steps - 1
end

local DROPPABLE = { p = true, li = true, h1 = true, h2 = true, h3 = true, h4 = true,
    h5 = true, h6 = true }

function M.trim(f, blocks)
    if type(f) ~= "table" or type(blocks) ~= "table" then
        error("head.trim: expected the fields and the blocks", 2)
    end
    local known, drop, last = nil, {}, 0
    for i, b in ipairs(blocks) do
        if i > HEAD_BLOCKS then break end
        local s = b.text or ""
        if #s >= HEAD_END and b.kind ~= "figure" then break end
        if DROPPABLE[b.kind] and s ~= "" and #s < SHORT then
            known = known or known_words(f)
            if repeats_metadata(s, known) or is_breadcrumb(b) then
                drop[i], last = true, i
            elseif b.kind == "p" and #s >= PROSE then
                break        -- a paragraph of the story: the head ends
            end
        end
    end
    if last == 0 then return blocks end
    -- the body must keep prose of its own: a short text is left whole
    local rest = 0
    for i = last + 1, #blocks do rest = rest + #(blocks[i].text or "") end
    if rest < HEAD_END then return blocks end
    local out = {}
    for i, b in ipairs(blocks) do
        if not drop[i] then out[#out + 1] = b end
    end
    return out
end

return M
