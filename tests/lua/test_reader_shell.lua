-- SPDX-License-Identifier: MIT
-- tests/lua/test_reader_shell.lua: the reader view's page shell: section
-- label, reading time, controls without script, print styles, RTL and CJK.
local h = require "helper"
local reader = require "newsextract.reader"

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local function has(s, needle, what)
    if not s:find(needle, 1, true) then
        error((what or "page") .. ": expected to find " .. string.format("%q", needle), 2)
    end
end
local function hasnt(s, needle, what)
    if s:find(needle, 1, true) then
        error((what or "page") .. ": did not expect " .. string.format("%q", needle), 2)
    end
end

case("section values read as labels", function()
    h.eq(reader.human_section("/world/middle_east"), "World \226\128\186 Middle East")
    h.eq(reader.human_section("business-news"), "Business News")
    h.eq(reader.human_section("UK"), "UK")
    h.eq(reader.human_section("https://example.com/sport/football/"), "Sport \226\128\186 Football")
    h.eq(reader.human_section("/a/b/arts_and_culture"), "B \226\128\186 Arts and Culture")
    h.eq(reader.human_section("/"), nil)
    h.eq(reader.human_section(""), nil)
    local page = reader.render({ title = "T", section = "/world/middle_east", paragraphs = { "x" } })
    has(page, '<span class="nx-section">World \226\128\186 Middle East</span>')
    hasnt(page, "middle_east")
end)

case("reading time: printed, else from the words", function()
    h.eq(reader.reading_minutes({ reading_time = 4, words = 5000 }), 4, "printed wins")
    h.eq(reader.reading_minutes({ words = 460 }), 2, "460 words")
    h.eq(reader.reading_minutes({ words = 1 }), 1, "at least a minute")
    h.eq(reader.reading_minutes({ words = 1000 }, true), 2, "CJK characters")
    h.eq(reader.reading_minutes({}), nil, "no words")
    local page = reader.render({ title = "T", words = 920, paragraphs = { "x" } })
    has(page, 'title="estimated from the word count"><bdi>4 min read</bdi></p>')
end)

case("controls work without script: radios before the page, CSS :checked rules", function()
    local page = reader.render({ title = "T", paragraphs = { "x" } })
    for _, id in ipairs({ "nx-theme-auto", "nx-theme-light", "nx-theme-sepia", "nx-theme-dark",
        "nx-size-s", "nx-size-m", "nx-size-l", "nx-size-xl", "nx-width-n", "nx-width-m", "nx-width-w" }) do
        has(page, 'id="' .. id .. '"', id)
        has(page, '<label for="' .. id .. '">', id .. " label")
        has(page, "#" .. id .. ":checked~.nx-page", id .. " rule")
    end
    -- each input comes before the .nx-page it styles (the ~ combinator)
    local last_input = 0
    for pos in page:gmatch("()<input ") do last_input = pos end
    assert(last_input > 0 and last_input < page:find('<div class="nx-page', 1, true), "inputs first")
    has(page, '#nx-theme-sepia:checked~.nx-page{background:#f4ecd8')
    has(page, "@media (prefers-color-scheme:dark){#nx-theme-auto:checked~.nx-page{")
    hasnt(page, "<script")
    hasnt(page, "<form")
    h.eq(select(2, page:gsub(" checked", "")), 3, "one default per group")
    has(reader.CSP, "script-src 'none'")
end)

case("print styles hide the controls", function()
    local page = reader.render({ title = "T", paragraphs = { "x" } })
    has(page, "@media print{")
    has(page, ".nx-controls,.nx-ctl{display:none}")
end)

case("right-to-left pages: by lang, or by the script when lang is missing", function()
    local he = reader.render({ title = "כותרת", lang = "he", paragraphs = { "טקסט" } })
    has(he, '<html lang="he" dir="rtl">')
    local ar = reader.render({ title = "عنوان المقال هنا",
        paragraphs = { "هذه فقرة من النص العربي الذي يكتب من اليمين إلى اليسار" } })
    has(ar, '<html dir="rtl">')
    -- the page's own dir="rtl" (article.dir), whatever the script
    local nx = require "newsextract"
    local a = nx.extract('<html dir="RTL"><body><h1>Lorem</h1><p>' .. ("Lorem ipsum dolor sit amet. "):rep(20)
        .. "</p></body></html>")
    h.eq(a.dir, "rtl", "article.dir")
    has(reader.render(a), '<html dir="rtl">')
    h.eq(nx.extract("<p>x</p>").dir, nil, "no dir stated")
    local en = reader.render({ title = "Title", lang = "en-GB", paragraphs = { "Text" } })
    hasnt(en, 'dir="rtl"')
    has(reader.STYLE, "border-inline-start")
end)

case("CJK text gets CJK line breaking", function()
    local ja = reader.render({ title = "港町で灯台の再建が決まる", lang = "ja",
        paragraphs = { "港町の議会は水曜日、灯台の再建を可決した。" } })
    has(ja, '<html lang="ja">')
    has(ja, '<div class="nx-page nx-cjk">')
    has(reader.STYLE, ":lang(zh),:lang(ja){line-break:strict")
    has(reader.STYLE, ":lang(ko){word-break:keep-all")
    local zh = reader.render({ title = "港口小镇投票重建灯塔", paragraphs = { "议员们在星期三投票决定重建这座十九世纪的灯塔。" } })
    has(zh, "nx-cjk", "CJK by script")
end)

return T
