-- SPDX-License-Identifier: MIT
-- tests/lua/test_head.lua: the head of an article under the default favor
-- (issue 17, items 3 and 6): a data table chosen as the content keeps its
-- rows.  One short synthetic page per case: its boilerplate must not come
-- out, its body must.
local newsextract = require("newsextract")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local function extract(html, favor)
    return assert(newsextract.extract(html, { rules = false, favor = favor }))
end

local function has(text, s) return text:find(s, 1, true) ~= nil end

-- a list page whose table of rows wins the vote: the table is the content
local function film_table(rows, head)
    local out = {}
    for i = 1, rows do
        out[i] = ("<tr><td><i><a href='/f%d'>Film number %d</a></i></td><td>19%02d</td>" ..
            "<td>A man relives the same day, over and over, in a small town, until he " ..
            "learns, at last, to be kind to everyone, number %d.</td></tr>"):format(i, i, i, i)
    end
    out[#out + 1] = "<tr><td><i><a href='/j'>Journey to the Center of Time</a></i></td>" ..
        "<td>1967</td><td>Remake of <i><a href='/t'>The Time Travelers</a></i></td></tr>"
    return "<html><head><title>List of films</title></head><body>" ..
        "<div class='nav'><a href='/'>Home</a></div><div id='content'>" ..
        "<p>This list of films features time loops.</p><table class='wikitable'>" ..
        (head or "") .. table.concat(out) .. "</table></div></body></html>"
end

case("a data table chosen as the content keeps its link-rich rows", function()
    local a = extract(film_table(12, "<caption>Films with time loops</caption>" ..
        "<tr><th>Film</th><th>Year</th><th>Description</th></tr>"))
    local tables = 0
    for _, b in ipairs(a.blocks) do if b.kind == "table" then tables = tables + 1 end end
    h.eq(tables, 1, "one table block")
    assert(has(a.text, "Journey to the Center of Time\t1967\tRemake of The Time Travelers"),
        "the short linked row is kept: " .. a.text)
end)

case("a data table of short cells, without a head, is a table too", function()
    local a = extract(film_table(14))
    assert(has(a.text, "Journey to the Center of Time\t1967"), "the row is kept")
end)

case("a page laid out in a table of long cells is no data table", function()
    local post = ("This is a long post in a thread, written by one member of the forum, " ..
        "about the weather, the trains and the council, and it goes on for a while. "):rep(4)
    local rows = {}
    for i = 1, 12 do
        rows[i] = ("<tr><td><a href='/u%d'>member%d</a>: 3:21pm</td></tr><tr><td>%s %d</td></tr>")
            :format(i, i, post, i)
    end
    local a = extract("<html><head><title>Thread</title></head><body><table summary='posts'>" ..
        table.concat(rows) .. "</table></body></html>")
    for _, b in ipairs(a.blocks) do h.eq(b.kind ~= "table", true, "no table block") end
end)

-- a story of eight paragraphs under its headline and byline
local function story(first)
    local out = { "<html><head><title>Attack</title></head><body><article><h1>Attack</h1>",
        "<div class='byline'>By Jane Doe</div>", first }
    for i = 1, 7 do
        out[#out + 1] = ("<p>Paragraph %d of the story goes on about the museum, the guards, " ..
            "the tourists and the city, with several commas, and more words to read.</p>"):format(i)
    end
    out[#out + 1] = "</article></body></html>"
    return table.concat(out)
end

for _, c in ipairs({
    { "en", "<span class='dateline'>CAIRO \226\128\148</span> Gunmen opened fire on visitors", "CAIRO \226\128\148 Gunmen" },
    { "de", "<span class='dateline'>BERLIN (dpa) -</span> Der Bundestag hat am Donnerstag", "BERLIN (dpa) - Der Bundestag" },
    { "fr", "<span class='dateline'>PARIS -</span> Le gouvernement a annonc\195\169 jeudi", "PARIS - Le gouvernement" },
    { "es", "<span class='dateline'>MADRID (EFE).-</span> El Gobierno aprob\195\179 el jueves", "MADRID (EFE).- El Gobierno" },
}) do
    case("a dateline's place inside the first paragraph stays (" .. c[1] .. ")", function()
        local a = extract(story("<p>" .. c[2] .. " a long sentence of the story, which goes " ..
            "on and on about what happened on the day, in the city, to everyone.</p>"))
        assert(has(a.paragraphs[1], c[3]), "the place is kept: " .. a.paragraphs[1])
    end)
end

case("a byline of its own is still no body", function()
    local a = extract(story("<p>Gunmen opened fire on visitors at the museum on Wednesday, " ..
        "killing at least 19 people, in an assault that threatened the country.</p>"))
    assert(not has(a.text, "By Jane Doe"), "the byline is out")
end)

return T
