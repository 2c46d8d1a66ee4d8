-- SPDX-License-Identifier: MIT
-- tests/hostile/families.lua: bad-input families, each a generator of
-- pages of about `size` bytes.  Every page ends in a distinct marker
-- paragraph that extraction must keep, so that a family tells lost text
-- from a scoring choice.  Used by tests/lua/test_badinput.lua (small sizes:
-- the marker must survive) and bench/hostile.lua (`make bench-hostile`: a
-- size series per family, the growth of time fitted, and memory).
--
-- A family: { name =, input = "html" | "text", gen = function(size) ->
-- page, marker = string, time = true (the issue's time cases) }.
-- Lua 5.1/LuaJIT and 5.4 alike (no integer division, no utf8 library).
local M = { _VERSION = "0.1.0" }

local rep, concat, char, floor = string.rep, table.concat, string.char, math.floor

-- The marker paragraph of family `name`: long enough to read as a
-- paragraph of the article (a dump's segmenter wants 110 characters and a
-- full stop), distinct per family.
local function marker_of(name)
    return "Marker for " .. name .. ": this distinct closing paragraph of the page, "
        .. "written in plain sentences, must come through extraction intact, every word of it."
end
M.marker_of = marker_of

local function para(i)
    return "Paragraph " .. i .. " of the story tells how the council met on Tuesday, "
        .. "argued about the budget, the new bridge and the schools, and voted late in the evening."
end

-- An article around `bad` (html): a few real paragraphs, the bad part,
-- then the marker.
local function article(name, bad, head)
    local p = {}
    for i = 1, 4 do p[i] = "<p>" .. para(i) .. "</p>" end
    return (head or "<!DOCTYPE html>\n<html><head><title>Council votes</title></head>\n")
        .. "<body><article><h1>Council votes on budget</h1>\n" .. concat(p, "\n") .. "\n"
        .. bad .. "\n<p>" .. marker_of(name) .. "</p>\n</article></body></html>\n"
end

-- `unit` repeated to fill about `size` bytes (at least once).
local function fill(unit, size)
    local n = floor(size / #unit)
    if n < 1 then n = 1 end
    return rep(unit, n), n
end

-- A deterministic byte generator (an LCG), so pages reproduce.
local function bytes(n, seed)
    local out, x = {}, seed or 12345
    for i = 1, n do
        x = (x * 1103515245 + 12345) % 2147483648
        out[i] = char(x % 256)
    end
    return concat(out)
end

local families = {}
local function family(name, input, gen, time)
    families[#families + 1] = { name = name, input = input, marker = marker_of(name),
        gen = function(size) return gen(size, name) end, time = time or false }
end

-- {======================================================================
-- The time cases of issue 11

-- fields.lua split_names: one long word in the author (meta, JSON-LD)
family("author-meta-long-word", "html", function(size, name)
    return article(name, "", "<html><head><title>Council votes</title>"
        .. "<meta name='author' content='By " .. rep("a", size) .. " and Jane Doe'></head>\n")
end, true)
family("author-jsonld-long-word", "html", function(size, name)
    return article(name, "", "<html><head><title>Council votes</title>"
        .. "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"author\":{\"name\":\"By "
        .. rep("x@", floor(size / 2)) .. " Jane Doe\"}}</script></head>\n")
end, true)
-- generic scoring: nesting that made each element walk its subtree
-- a small link-dense box around deep nesting with an image at the bottom:
-- the image-box verdict once climbed the parents of every record inside
-- (nx_drop_image_box; found in review, session 3)
family("nested-image-box", "html", function(size, name)
    local n = floor(size / 11)
    return article(name, "<div><a href='#'>x</a>" .. rep("<div>", n) .. "<img src='a.jpg'>"
        .. rep("</div>", n) .. "</div>")
end, true)
for _, v in ipairs({
    { "nested-table", "<table><tr><td>", "</td></tr></table>" },
    { "nested-pre", "<pre>", "</pre>" },
    { "nested-section", "<section>", "</section>" },
    { "nested-p-section", "<p><section>", "</section></p>" },
}) do
    family(v[1], "html", function(size, name)
        local n = floor(size / (#v[2] + #v[3]))
        return article(name, rep(v[2], n) .. "x" .. rep(v[3], n))
    end, true)
end
-- text dumps: hard-wrapped paragraphs (one long one), CR line ends,
-- many repeated paragraphs
local function wrapped(size)
    local words, out, line = { "council", "budget,", "bridge", "schools", "evening", "voted" }, {}, {}
    local len, total, i = 0, 0, 0
    while total < size do
        i = i + 1
        local w = words[i % #words + 1]
        if len + #w + 1 > 72 then
            out[#out + 1] = concat(line, " ")
            line, len = {}, 0
        end
        line[#line + 1] = w
        len = len + #w + 1
        total = total + #w + 1
    end
    out[#out + 1] = concat(line, " ") .. "."
    return concat(out, "\n")
end
family("text-hard-wrapped", "text", function(size, name)
    return "Council votes on budget\n\n" .. wrapped(size) .. "\n\n" .. marker_of(name) .. "\n"
end, true)
family("text-cr-line-ends", "text", function(size, name)
    return (("Council votes on budget\n\n" .. fill(para(1) .. "\n\n", size) .. marker_of(name) .. "\n")
        :gsub("\n", "\r"))
end, true)
family("text-cr-cr-line-ends", "text", function(size, name)
    return (("Council votes on budget\n\n" .. wrapped(size) .. "\n\n" .. marker_of(name) .. "\n")
        :gsub("\n", "\r\r"))
end, true)
family("text-repeated-paragraphs", "text", function(size, name)
    return fill(para(1) .. "\n\n", size) .. marker_of(name) .. "\n"
end, true)
family("text-many-short-lines", "text", function(size, name)
    return fill("ab\n", size) .. "\n" .. marker_of(name) .. "\n"
end, true)
-- short lines with a blank line between each: no menu run to fold, every
-- line a unit of its own
family("text-short-paragraphs", "text", function(size, name)
    return fill("ab\n\n", size) .. marker_of(name) .. "\n"
end)
-- }======================================================================

-- {======================================================================
-- The cases of tests/lua/test_badinput.lua, with a size

family("whitespace-before-html", "html", function(size, name)
    return rep(" \n", floor(size / 2)) .. article(name, "")
end)
family("binary-in-article", "html", function(size, name)
    return article(name, "<p>" .. bytes(size, 7):gsub("[<&]", "x") .. "</p>")
end)
family("nul-bytes", "html", function(size, name)
    return article(name, "<p>before " .. fill("nul\0\0\0 run ", size) .. " after</p>")
end)
family("invalid-utf8", "html", function(size, name)
    return article(name, "<p>" .. fill("Grüße \192\175 \237\160\128 \255\254 東京. ", size) .. "</p>",
        "<html><head><meta charset='utf-8'><title>T</title></head>")
end)
family("windows-1252", "html", function(size, name)
    return article(name, "<p>" .. fill("Caf\233 na\239ve \147quoted\148 \128 5. ", size) .. "</p>",
        "<html><head><title>T</title></head>")
end)
family("nested-divs", "html", function(size, name)
    local n = floor(size / 11)
    return article(name, rep("<div>", n) .. "<p>deep</p>" .. rep("</div>", n))
end)
family("unclosed-spans", "html", function(size, name)
    return article(name, (fill("<span>", size)) .. "deep inline text")
end)
family("nested-blockquotes", "html", function(size, name)
    return article(name, (fill("<blockquote>", size)) .. "<p>deep quote</p>")
end)
family("nested-lists", "html", function(size, name)
    return article(name, (fill("<ul><li>", size)) .. "deep item")
end)
family("many-attributes", "html", function(size, name)
    local t, n = {}, floor(size / 8)
    for i = 1, n do t[i] = "a" .. i .. "=x" end
    return article(name, "<p " .. concat(t, " ") .. ">attributes</p>")
end)
for _, v in ipairs({
    { "unclosed-comment", "<!-- ", "a comment nobody closed " },
    { "unclosed-script", "<script>", "var x = 1; if (a < b) { x = 2; } " },
    { "unclosed-style", "<style>", "p { color: red } " },
    { "unclosed-textarea", "<p><textarea>", "typed " },
    { "unclosed-title", "<title>", "second title " },
    { "unclosed-cdata", "<![CDATA[", "never closed " },
    { "unclosed-pi", "<?php ", "echo 1; " },
}) do
    family(v[1], "html", function(size, name)
        return article(name, v[2] .. fill(v[3], size) .. "\n</p>")
    end)
end
-- a quote left open runs to the next quote (a browser hides the rest too
-- when there is none): here the next is `size` bytes later
family("open-attribute-quote", "html", function(size, name)
    return article(name, "<p class=\"" .. fill("never closed <p>x</p> ", size) .. "\">quoted</p>")
end)
family("many-unclosed-comments", "html", function(size, name)
    return article(name, (fill("<p>text <!-- open ", size)))
end)
family("entities", "html", function(size, name)
    return article(name, "<p>" .. fill("&amp;&#x41;&lt;&bogus;&#99999999999; ", size) .. "</p>")
end)
family("truncated-tags", "html", function(size, name)
    return article(name, (fill("<p>cut <a href='/x' class='y", size)) .. "'>")
end)
family("xss-vectors", "html", function(size, name)
    return article(name, "<p>" .. fill("<img src=x onerror=alert(1)><svg onload=alert(1)>"
        .. "<a href='javascript:alert(1)'>x</a><script>alert(1)</script> ", size) .. "</p>")
end)
-- text lost where a browser shows it
family("unclosed-svg", "html", function(size, name)
    return article(name, "<svg><path d='M0 0'/>" .. fill("<g><rect/></g>", size))
end)
family("svg-then-p", "html", function(size, name)
    return article(name, "<svg><g>" .. fill("<rect/>", size) .. "<p>moved out of the svg</p>")
end)
family("unclosed-button", "html", function(size, name)
    return article(name, "<button>Share " .. fill("<b>x</b>", size))
end)
family("unclosed-map", "html", function(size, name)
    return article(name, "<map name=m>" .. fill("<area href='/a'>", size))
end)
-- memory cases
family("table-p", "html", function(size, name)
    return article(name, (fill("<table><p>x", size)))
end)
family("tiny-paragraphs", "html", function(size, name)
    return article(name, (fill("<p>x</p>", size)))
end)
family("many-links", "html", function(size, name)
    return article(name, (fill("<a href='/a'>x</a>", size)))
end)
-- }======================================================================

M.families = families

--- The family called `name`, or nil.
function M.get(name)
    for _, f in ipairs(families) do
        if f.name == name then return f end
    end
    return nil
end

return M
