-- SPDX-License-Identifier: MIT
-- tests/lua/test_generic_rules.lua: one synthetic page per rule of the
-- generic extractor (issue 17's mechanisms), each small enough to read.
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local extract = h.generic

local has = h.has

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

case("a page sent inside a display:none wrapper (shown by a script) is read", function()
    local a = extract(doc("<div id='app'><p>Loading the page</p></div>" ..
        "<div style='display: none' class='deferred'><article>" .. paras(STORY) .. "</article></div>"))
    h.same(a.paragraphs, STORY)
end)

case("inside <main>, a display:none wrapper longer than the rest of main is read, though menus outside are longer", function()
    local menu = {}
    for i = 1, 40 do menu[i] = "<li><a href='/c/" .. i .. "'>Category number " .. i .. " of the shop</a></li>" end
    local foot = {}
    for i = 1, 12 do foot[i] = "<p>Footer line " .. i .. " with the shop's address, hours and phone.</p>" end
    local a = extract(doc("<nav><ul>" .. table.concat(menu) .. "</ul></nav>" ..
        "<main><div style='display:none' class='lockdown'><article>" .. paras(STORY) .. "</article></div></main>" ..
        "<footer>" .. table.concat(foot) .. "</footer>"))
    h.same(a.paragraphs, STORY)
end)

case("a display:none box beside a visible article stays out", function()
    local a = extract(doc("<article>" .. paras(STORY) .. "</article>" ..
        "<div style='display:none'><p>" .. STORY[1]:gsub("story", "menu") .. "</p></div>"))
    h.same(a.paragraphs, STORY)
end)

case("soft hyphens are no text, ruby readings (rt, rp) are not inline", function()
    local p = "<p>Die Donau&shy;dampf&shy;schiff&shy;fahrt tagte in <ruby>東<rp>(</rp><rt>とう</rt>" ..
        "<rp>)</rp>京<rt>きょう</rt></ruby>, am Hafen, den ganzen langen Nachmittag lang.</p>"
    local a = extract(doc("<article>" .. p:rep(3) .. paras(STORY) .. "</article>"))
    local want = "Die Donaudampfschifffahrt tagte in 東京, am Hafen, den ganzen langen Nachmittag lang."
    h.eq(a.paragraphs[1], want, "paragraph")
    assert(not has(a.text, "\194\173") and not has(a.text, "とう") and not has(a.text, "("), a.text)
    assert(not has(a.html, "とう") and not has(a.markdown, "きょう"), "readings in html/markdown")
end)

-- a thread: posts alike (same tag, same first class), each a short text
-- between its author's links and its buttons; three long posts make their
-- container the pick, whose cleaning judged each post as prose (short,
-- a quarter links) and kept the long ones alone
local REPLIES = {
    "I had the same problem last winter, and the fix was a new seal on the pump.",
    "Check the pressure first, since the gauge on the older models reads too low.",
    "Thanks, that worked for me as well, after I replaced the valve last week.",
    "Ich hatte das gleiche Problem, und die Dichtung war schuld, wie sich zeigte.",
    "Same here, and the manual is wrong about the torque, so use the lower value.",
    "Mine was the hose, cracked near the clamp, which you only see from below.",
}
local function post(i, text)
    return "<article class='message message--post'><div class='message-inner'>" ..
        "<div class='message-user'><a href='/u/" .. i .. "'>member" .. i .. "</a> <a href='/t/1#p" ..
        i .. "'>Mar " .. i .. ", 2024</a> <a href='/m/'>Message</a></div>" ..
        "<div class='message-body'><div class='bbWrapper'>" .. text .. "</div></div>" ..
        "<div class='message-actions'><a href='/r/" .. i .. "'>Reply</a> <a href='/q/" .. i ..
        "'>Quote</a> <a href='/l/" .. i .. "'>Like</a> <a href='/rep/'>Report</a></div></div></article>"
end

case("a thread's posts are all kept, not the long ones alone", function()
    local long = ("In my case the pump lost pressure on Tuesday, after the storm, and I checked " ..
        "the seal, the valve and the hose, one after the other. "):rep(2)
    local posts = {}
    for i = 1, 3 do posts[i] = post(10 + i, long) end
    for i, r in ipairs(REPLIES) do posts[#posts + 1] = post(i, r) end
    local a = extract(doc("<div class='thread'><h1>Pump loses pressure</h1>" ..
        "<div class='block-container'><div class='block-body'>" .. table.concat(posts) ..
        "</div></div></div><footer><a href='/about'>About</a> <a href='/help'>Help</a></footer>"))
    for _, r in ipairs(REPLIES) do assert(has(a.text, r), "reply missing: " .. r) end
    assert(has(a.text, "In my case the pump"), "the long posts")
    assert(not has(a.text, "About"), "footer")
end)

case("related teasers beside an article are not a thread", function()
    local teasers = {}
    for i = 1, 4 do
        teasers[i] = "<div class='teaser card'><a href='/s/" .. i .. "'>Other story " .. i ..
            "</a><p>A short summary of another story.</p></div>"
    end
    local a = extract(doc("<div class='page'><article class='story'>" .. paras(STORY) ..
        "</article><div class='related'>" .. table.concat(teasers) .. "</div></div>"))
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

-- the labelled lines that close an article
for _, tail in ipairs({
    { "English", "<p>Posted in <a href='/c/news'>News</a>, <a href='/c/city'>City</a></p>" ..
        "<p>\194\169 2024 The Daily Example. All rights reserved.</p>" },
    { "German", "<p>Schlagw\195\182rter: <a href='/t/1'>Stadtrat</a> <a href='/t/2'>Verkehr</a></p>" ..
        "<h3>\195\156ber den Autor</h3><p>Anna M\195\188ller schreibt \195\188ber Verkehr.</p>" },
    { "French", "<p>Mots-cl\195\169s : <a href='/t/1'>conseil</a>, <a href='/t/2'>tram</a></p>" },
    { "Spanish", "<h3>Art\195\173culos relacionados</h3><p><a href='/a'>El tranv\195\173a vuelve</a></p>" },
}) do
    case("labelled tail (" .. tail[1] .. "): tags, copyright, author box go", function()
        local a = extract(doc("<article>" .. paras(STORY) .. tail[2] .. "</article>"))
        h.same(a.paragraphs, STORY)
    end)
end

case("labelled tail: a last paragraph of the story is never a label", function()
    local last = "Copyright lawyers said the council's decision would be challenged in court before the summer."
    local list = {}
    for i = 1, 6 do list[i] = STORY[i] end
    list[7] = last
    local a = extract(doc("<article>" .. paras(list) .. "</article>"))
    h.eq(a.paragraphs[#a.paragraphs], last, "last paragraph")
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

-- the second opinion: the main landmark when the vote's pick holds little
-- of it (a listing's intro, one post of a thread)
local INTRO = "Our guide to the city's parks, playgrounds and gardens, " ..
    "with the opening hours, the paths and the places to eat, updated every spring."

local function items(n)
    local out = {}
    for i = 1, n do
        out[i] = "<li><h3><a href='/p/" .. i .. "'>Garden number " .. i .. "</a></h3>" ..
            "<span>Open daily, dogs on a lead</span></li>"
    end
    return "<ul class='grid'>" .. table.concat(out) .. "</ul>"
end

for _, land in ipairs({ { "<main>", "</main>" },
                        { "<div role='main'>", "</div>" } }) do
    case("listing in " .. land[1] .. ": the items beside the intro are content", function()
        local a = extract(doc("<nav><a href='/a'>Parks</a> <a href='/b'>Events</a></nav>" ..
            land[1] .. "<div class='intro'><p>" .. INTRO .. "</p></div>" .. items(14) .. land[2] ..
            "<footer><p>Contact the parks office</p></footer>"))
        assert(has(a.text, INTRO), "intro kept")
        assert(has(a.text, "Garden number 1"), "first item kept")
        assert(has(a.text, "Garden number 14"), "last item kept")
        assert(not has(a.text, "Contact the parks office"), "footer left out")
    end)
end

case("a thread: every post, not only the longest", function()
    local posts = { "<div class='post'><p>" .. STORY[1] .. " " .. STORY[2] .. " " .. STORY[3] .. "</p></div>" }
    for i = 1, 12 do
        posts[#posts + 1] = "<div class='post'><span class='user'>reader" .. i ..
            "</span><div class='msg'>Reply " .. i .. ": agreed, the bridge matters most to us</div></div>"
    end
    local a = extract(doc("<main>" .. table.concat(posts) .. "</main>"))
    assert(has(a.text, "Paragraph 1 of the story"), "first post kept")
    assert(has(a.text, "Reply 12: agreed"), "last reply kept")
end)

case("an article in <main> with a short related list: the article alone", function()
    local a = extract(doc("<main><article>" .. paras(STORY) .. "</article>" ..
        "<div class='related'><h3>More</h3><ul><li><a href='/x'>Bridge reopens</a></li>" ..
        "<li><a href='/y'>Schools budget</a></li></ul></div></main>"))
    h.same(a.paragraphs, STORY)
end)

for _, favor in ipairs({ "precision", "recall" }) do
    case("listing in <main> under favor = " .. favor .. ": the items are content", function()
        local a = extract(doc("<main><div class='intro'><p>" .. INTRO .. "</p></div>" ..
            items(14) .. "</main>"), favor)
        assert(has(a.text, "Garden number 14"), "last item kept")
    end)
end

-- the edge trim (jusText's view of the content's edges) acts under the
-- default as under precision; recall keeps the edges
local HEAD_JUNK, TAIL_JUNK = "Local news desk", "Talk to our reporters"
for _, favor in ipairs({ "balanced", "precision" }) do
    case("edge trim under favor = " .. favor .. ": short non-sentences at the edges go", function()
        local a = extract(doc("<article>" .. paras({ HEAD_JUNK }) .. paras(STORY) ..
            paras({ TAIL_JUNK }) .. "</article>"), favor)
        h.same(a.paragraphs, STORY)
    end)
end

case("edge trim: a short non-sentence between paragraphs stays", function()
    local list = { STORY[1], STORY[2], STORY[3], HEAD_JUNK, STORY[4], STORY[5], STORY[6] }
    local a = extract(doc("<article>" .. paras(list) .. "</article>"))
    h.same(a.paragraphs, list)
end)

-- a lead photo with its short caption, written as a paragraph, opens the
-- content: under balanced it stays (the image is content; html would
-- lose it), under precision it is an edge to trim
case("edge trim: balanced keeps a photo and its short caption at an edge", function()
    local photo = "<p><img src='https://e.example/lead.jpg' alt=''>Council hall</p>"
    local page = doc("<article>" .. photo .. paras(STORY) .. "</article>")
    local a = extract(page, "balanced")
    assert(has(a.html, "https://e.example/lead.jpg"), "balanced: the lead photo is in html: " .. a.html)
    local p = extract(page, "precision")
    assert(not has(p.html, "https://e.example/lead.jpg"), "precision: the photo is trimmed: " .. p.html)
end)

case("edge trim: recall keeps the edges", function()
    local a = extract(doc("<article>" .. paras({ HEAD_JUNK }) .. paras(STORY) ..
        paras({ TAIL_JUNK }) .. "</article>"), "recall")
    h.eq(a.paragraphs[1], HEAD_JUNK, "first paragraph")
    h.eq(a.paragraphs[#a.paragraphs], TAIL_JUNK, "last paragraph")
end)

return T
