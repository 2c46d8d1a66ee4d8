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

return T
