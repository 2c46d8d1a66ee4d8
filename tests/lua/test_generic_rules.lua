-- SPDX-License-Identifier: MIT
-- tests/lua/test_generic_rules.lua: one synthetic page per rule of the
-- generic extractor (issue 17's mechanisms), each small enough to read.
local newsextract = require("newsextract")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local function extract(html, favor)
    return assert(newsextract.extract(html, { rules = false, favor = favor }))
end

local function has(text, s) return text:find(s, 1, true) ~= nil end

local STORY = {}
for i = 1, 6 do
    STORY[i] = "Paragraph " .. i .. " of the story says how the council met on Tuesday, " ..
        "argued about the budget, the bridge and the schools, and voted late at night."
end

local function paras(list)
    local out = {}
    for i, t in ipairs(list) do out[i] = "<p>" .. t .. "</p>" end
    return table.concat(out)
end

-- a page: head, body with `inner` in an article container
local function doc(inner, head)
    return "<html><head><title>Council votes</title>" .. (head or "") ..
        "</head><body><header><a href='/'>Home</a></header>" .. inner ..
        "</body></html>"
end

case("noscript: the only copy of the text is read", function()
    local a = extract(doc("<div id='app'>Loading...</div><noscript><div>" ..
        paras(STORY) .. "</div></noscript>"))
    h.same(a.paragraphs, STORY)
end)

case("noscript: a small fallback beside the article stays out", function()
    local a = extract(doc("<article>" .. paras(STORY) ..
        "</article><noscript><p>Please enable JavaScript to see the comments on this story.</p></noscript>"))
    h.same(a.paragraphs, STORY)
end)

case("noscript: markup written as text in it is no page", function()
    local esc = ("&lt;div&gt;&lt;img src='http://ads.example/b?P=" .. ("x"):rep(60) .. "'&gt;&lt;/div&gt;"):rep(12)
    local a = extract(doc("<article>" .. paras(STORY) .. "</article><noscript>" .. esc .. "</noscript>"))
    h.same(a.paragraphs, STORY)
end)

case("hidden chunks of a streamed page, the only copy of its text, are read", function()
    local a = extract(doc("<div id='app'><p>Loading the page</p></div>" ..
        "<div hidden id='S:0'>" .. paras({ STORY[1], STORY[2], STORY[3] }) .. "</div>" ..
        "<div hidden id='S:1'>" .. paras({ STORY[4], STORY[5], STORY[6] }) .. "</div>"))
    h.same(a.paragraphs, STORY)
end)

case("a hidden menu beside a visible article stays out", function()
    local a = extract(doc("<article>" .. paras(STORY) .. "</article>" ..
        "<div hidden><p>Sign in to save this story to your reading list and get alerts.</p></div>"))
    h.same(a.paragraphs, STORY)
end)

case("a button that swallowed the page (unclosed div inside) gives it back", function()
    local a = extract(doc("<div><button class='menu'><span>Menu</span><div></button></div>" ..
        "<main><article>" .. paras(STORY) .. "</article></main>"))
    h.same(a.paragraphs, STORY)
end)

case("a button's own label is not text", function()
    local a = extract(doc("<article>" .. paras(STORY) .. "<button>Load more comments</button></article>"))
    h.same(a.paragraphs, STORY)
end)

-- in-body promotions: a label before a link to another story, per language
for _, promo in ipairs({
    { "English", "READ MORE: <a href='/x'>Storm leaves thousands without power</a>" },
    { "German", "Lesen Sie auch: <a href='/x'>Sturm legt die Stromversorgung lahm</a>" },
    { "German", "Mehr zum Thema <a href='/x'>Die neue Straßenbahn kommt</a>" },
    { "French", "\195\128 lire aussi : <a href='/x'>La temp\195\170te prive des milliers de foyers d'\195\169lectricit\195\169</a>" },
    { "Spanish", "Lea tambi\195\169n: <a href='/x'>La tormenta deja sin luz a miles de hogares</a>" },
}) do
    case("in-body promotion (" .. promo[1] .. "): the label and its link go", function()
        local list = { STORY[1], STORY[2], STORY[3], promo[2], STORY[4], STORY[5], STORY[6] }
        local a = extract(doc("<article>" .. paras(list) .. "</article>"))
        h.same(a.paragraphs, STORY)
    end)
end

case("in-body promotion: a sentence that starts like a label stays", function()
    local s = "See also how the council's budget compares with the one it passed ten years ago, line by line."
    local list = { STORY[1], STORY[2], STORY[3], s, STORY[4], STORY[5], STORY[6] }
    local a = extract(doc("<article>" .. paras(list) .. "</article>"))
    assert(has(a.text, "See also how the council"), "a sentence kept")
end)

case("precision: a CJK line of twenty characters is no edge junk", function()
    local lead = ("\229\184\130"):rep(20)          -- twenty times U+5E02, no full stop
    local list = { lead }
    for i = 1, 6 do list[#list + 1] = STORY[i] end
    local a = extract(doc("<article>" .. paras(list) .. "</article>"), "precision")
    h.eq(a.paragraphs[1], lead, "first paragraph")
end)

case("caption word on a page-wide container: the paragraphs stay paragraphs", function()
    local html = doc("<article>" .. paras(STORY) .. "</article>")
        :gsub("<body>", "<body class='theme-caption-two'>")
    local a = extract(html)
    h.same(a.paragraphs, STORY)
    h.same(a.captions, {})
end)

case("caption word on a small container: still a caption", function()
    local a = extract(doc("<article>" .. paras(STORY) ..
        "<div class='photo-caption'>The harbour bridge at dawn.</div></article>"))
    h.same(a.captions, { "The harbour bridge at dawn." })
end)

return T
