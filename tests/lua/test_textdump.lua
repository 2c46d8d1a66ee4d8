-- SPDX-License-Identifier: MIT
-- tests/lua/test_textdump.lua: text dumps → fields and body blocks.
--
-- (a) the seed dump must give seed/expected.json exactly, generically and
--     with the Reuters text section; (b) synthetic dumps in
--     tests/fixtures/text/; (c) w3m and lynx dumps of the corpus's Reuters
--     pages, made here with the real tools, scored by 4-token shingle F1
--     against reuters/expected/*.json (figures printed to stderr).
local textdump = require("newsextract.textdump")
local h = require("helper")
local cjson = require("cjson")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local root = h.root()
-- The text section the bundled Reuters rule ships (a rule file is a data
-- file that returns a table).
local function reuters_section()
    return assert(dofile(root .. "/rules/reuters/2017.lua").text, "rules/reuters/2017.lua: no text section")
end

-- The article fields of a result in the shape of expected.json.
local function article(r)
    local paragraphs = {}
    for i, b in ipairs(r.blocks) do paragraphs[i] = b.text end
    return { title = r.title, section = r.section, authors = r.authors,
        reading_time = r.reading_time, published = r.published,
        dateline = r.dateline, paragraphs = paragraphs,
        captions = r.captions, credits = r.credits }
end

local function seed_expected()
    local dir = h.corpus()
    local want = cjson.decode(h.read(dir .. "/seed/expected.json"))
    want.template = nil
    return want, h.read(dir .. "/seed/reuters-2017-osce.txt")
end

case("seed: generic segmenter gives expected.json", function()
    local want, text = seed_expected()
    h.same(article(textdump.extract(text)), want, "seed")
end)

case("seed: Reuters text section gives expected.json", function()
    local want, text = seed_expected()
    h.same(article(textdump.extract(text, { rule = reuters_section() })), want, "seed+rule")
end)

case("seed: the rule is applied, not ignored", function()
    local _, text = seed_expected()
    local rule = reuters_section()
    rule.stop = { "^Moscow faces" }
    local r = textdump.extract(text, { rule = rule })
    h.eq(#r.blocks, 1, "blocks before the rule's stop line")
    rule = reuters_section()
    rule.drop = { "^VIENNA %(Reuters%)" }
    r = textdump.extract(text, { rule = rule })
    h.eq(r.blocks[1].text:sub(1, 6), "Moscow", "first block after a dropped line")
    h.eq(r.dateline, nil, "no dateline once the paragraph is dropped")
end)

case("rule: section fields by pattern, with format and timezone", function()
    local text = table.concat({
        "Menu", "", "== World ==", "Posted 12/07/2017 16:56", "",
        "A headline that is long enough to be one", "", "Written by: Ann Lee", "",
        "The first paragraph of the story is a full sentence with enough words.", "",
        "The second paragraph is also a sentence, and it ends with a period.", "",
        "END OF STORY", "The footer paragraph is a sentence that must not be body text." }, "\n")
    local rule = { start = { "^== " }, stop = { "^END OF STORY$" },
        section = { "^== (.-) ==$" }, date = { "^Posted (.+)$" },
        date_format = "%m/%d/%Y %H:%M", timezone = "Europe/London",
        byline = { "^Written by: (.+)$" } }
    local r = textdump.extract(text, { rule = rule })
    h.eq(r.section, "World")
    -- a named zone prints its offset, even when it is zero
    h.eq(r.published, "2017-12-07T16:56+00:00")
    h.eq(r.title, "A headline that is long enough to be one")
    h.same(r.authors, { "Ann Lee" })
    h.eq(#r.blocks, 2)
    h.eq(r.blocks[2].text, "The second paragraph is also a sentence, and it ends with a period.")
end)

case("validate_text_section", function()
    h.eq(textdump.validate_text_section(reuters_section(), "rules/reuters/2017.lua"), true)
    h.eq(textdump.validate_text_section({}, "x"), true)
    local bad = {
        { 5, "r.text: expected a table, got number" },
        { { titel = { "x" } }, "r.text.titel: unknown key" },
        { { stop = 5 }, "r.text.stop: expected a list of Lua patterns, got number" },
        { { stop = { "ok", 5 } }, "r.text.stop[2]: expected a Lua pattern string, got number" },
        { { stop = { "[a" } }, "r.text.stop[1]: bad pattern: " },
        { { drop = { x = "a" } }, "r.text.drop: expected a list, found key x" },
        { { date_format = "%Q" }, "r.text.date_format: unknown directive %Q" },
        { { timezone = "Mars/Olympus" }, "r.text.timezone: unknown timezone Mars/Olympus" },
    }
    for i, c in ipairs(bad) do
        local ok, msg = textdump.validate_text_section(c[1], "r")
        h.eq(ok, nil, "bad[" .. i .. "]")
        h.eq(msg:sub(1, #c[2]), c[2], "bad[" .. i .. "] message")
    end
end)

case("caller mistakes raise", function()
    h.raises("textdump.extract: text: expected a string, got nil", textdump.extract)
    h.raises("textdump.extract: opts: expected a table, got string", textdump.extract, "x", "y")
    h.raises("textdump.extract: opts.rule.text.stop[1]: bad pattern",
        textdump.extract, "x", { rule = { stop = { "%" } } })
end)

case("empty and chrome-only dumps give no body", function()
    for _, text in ipairs({ "", "\n\n\n", "Home\nNews\nSport\n\n© 2020 X" }) do
        local r = textdump.extract(text)
        h.same(r.blocks, {}, "blocks")
        h.same(r.authors, {}, "authors")
        h.same(r.captions, {}, "captions")
        h.eq(r.title, nil, "title")
    end
end)

case("CRLF and a BOM are read like LF", function()
    local lf = h.read(root .. "/tests/fixtures/text/list.txt")
    local crlf = "\239\187\191" .. lf:gsub("\n", "\r\n")
    h.same(textdump.extract(crlf), textdump.extract(lf))
end)

for _, name in ipairs({ "ap", "de", "zh", "list" }) do
    case("fixture " .. name, function()
        local dir = root .. "/tests/fixtures/text/"
        local want = dofile(dir .. name .. ".expected.lua")
        h.same(textdump.extract(h.read(dir .. name .. ".txt")), want, name)
    end)
end

-- A run of short lines (a menu) longer than the part kept at its ends is
-- folded into one unit: what the dump gives is what the same page with a
-- short menu gives (the title right after the menu, the body, nothing of
-- the menu), whatever the length of the menu.
case("a long menu run gives what a short one gives", function()
    local body = "Council votes on budget\n\nThe council met on Tuesday and argued about the "
        .. "budget, the new bridge and the schools, then voted late in the evening.\n\n"
        .. "The mayor said the vote was close, and that the bridge would open next year.\n"
    local function menu(n)
        local t = {}
        for i = 1, n do t[i] = (i % 2 == 0) and "World news" or ("Section " .. i) end
        return table.concat(t, "\n") .. "\n"
    end
    local short = textdump.extract(menu(6) .. body)
    for _, n in ipairs({ 100, 1001, 5000 }) do
        local long = textdump.extract(menu(n) .. body)
        h.eq(long.title, short.title)
        h.eq(#long.blocks, #short.blocks)
        for i, b in ipairs(short.blocks) do h.eq(long.blocks[i].text, b.text) end
    end
    h.eq(short.title, "Council votes on budget")
    h.eq(#short.blocks, 2)
end)

case("hard-wrapped and unwrapped dumps give the same body", function()
    -- ap.txt is wrapped at 72 columns (fold -s); join it back and compare
    local dir = root .. "/tests/fixtures/text/"
    local wrapped = h.read(dir .. "ap.txt")
    local flat = wrapped:gsub(" \n(%S)", " %1")
    h.eq(flat:find("forty aging bridges across", 1, true) ~= nil, true, "unwrapped text")
    h.same(textdump.extract(flat).blocks, textdump.extract(wrapped).blocks)
end)

---------------------------------------------------------------------------
-- (c) real pages through real text browsers
---------------------------------------------------------------------------

-- Tokens: runs of word characters; any byte >= 0x80 counts as one.
local function shingles(text)
    local toks = {}
    for t in text:gmatch("[%w_\128-\255]+") do toks[#toks + 1] = t end
    local m, n = {}, 0
    for i = 1, #toks - 3 do
        local k = table.concat(toks, " ", i, i + 3)
        m[k] = (m[k] or 0) + 1
        n = n + 1
    end
    return m, n
end

local function prf(got, want)
    local g, gn = shingles(got)
    local w, wn = shingles(want)
    local overlap = 0
    for k, c in pairs(g) do
        if w[k] then overlap = overlap + (c < w[k] and c or w[k]) end
    end
    local p = gn > 0 and overlap / gn or 0
    local r = wn > 0 and overlap / wn or 0
    return p, r, (p + r > 0) and 2 * p * r / (p + r) or 0
end

local function sh(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function have(tool)
    local p = io.popen("command -v " .. tool .. " 2>/dev/null")
    local out = p:read("*a")
    p:close()
    return out ~= ""
end

local TOOLS = {
    w3m = "w3m -dump -T text/html -O UTF-8 -cols 100000 %s",
    ["w3m-80"] = "w3m -dump -T text/html -O UTF-8 -cols 80 %s",
    lynx = "lynx -dump -nolist -width=100000 -display_charset=utf-8 %s",
    ["lynx-80"] = "lynx -dump -nolist -display_charset=utf-8 %s",
}

local function score_tool(tool)
    local bin = tool:match("^%a+")
    if not have(bin) then error(bin .. " is not installed; it is needed to make the dumps", 2) end
    local dir = h.corpus() .. "/reuters"
    local p = io.popen("ls " .. sh(dir) .. "/*.html")
    local pages = {}
    for line in p:lines() do pages[#pages + 1] = line end
    p:close()
    if #pages == 0 then error("no Reuters pages in " .. dir, 2) end
    local tmp = os.tmpname()
    local sum = 0
    for _, page in ipairs(pages) do
        local base = page:match("([^/]+)%.html$")
        assert(os.execute(TOOLS[tool]:format(sh(page)) .. " > " .. sh(tmp) .. " 2>/dev/null"))
        local text = h.read(tmp)
        if #text < 500 then error(tool .. " gave no dump of " .. base, 2) end
        local want = cjson.decode(h.read(dir .. "/expected/" .. base .. ".json"))
        local got = {}
        for _, b in ipairs(textdump.extract(text).blocks) do got[#got + 1] = b.text end
        local pr, rc, f1 = prf(table.concat(got, "\n"), table.concat(want.paragraphs, "\n"))
        io.stderr:write(("  %-8s %-52s P=%.3f R=%.3f F1=%.3f\n"):format(tool, base, pr, rc, f1))
        sum = sum + f1
    end
    os.remove(tmp)
    local mean = sum / #pages
    io.stderr:write(("  %-8s mean body F1 over %d pages: %.3f\n"):format(tool, #pages, mean))
    return mean
end

for _, tool in ipairs({ "w3m", "lynx", "w3m-80", "lynx-80" }) do
    case("corpus: " .. tool .. " dumps, mean body F1 >= 0.90 without a rule", function()
        local mean = score_tool(tool)
        if mean < 0.90 then
            error(("%s: mean body F1 %.3f < 0.90"):format(tool, mean))
        end
    end)
end

case("metric sanity: identical texts score 1, disjoint 0", function()
    local _, _, f = prf("a b c d e f", "a b c d e f")
    h.eq(f, 1)
    _, _, f = prf("a b c d e f", "g h i j k l")
    h.eq(f, 0)
end)

return T
