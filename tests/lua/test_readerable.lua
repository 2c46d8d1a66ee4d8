-- SPDX-License-Identifier: MIT
-- tests/lua/test_readerable.lua: newsextract.readerable and
-- article.readerable, on pages we write and against Readability's own
-- `readerable` verdict on its test pages (agreement measured, floor 95 %).
local nx = require("newsextract")
local R = require("newsextract.readerable")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local SENTENCE = "The council met on Tuesday evening and voted to rebuild the old harbour wall. "
local function para(n) return "<p>" .. SENTENCE:rep(n) .. "</p>\n" end

case("empty and tiny pages are not readerable", function()
    h.eq(nx.readerable("<html></html>"), false, "empty")
    h.eq(nx.readerable(""), false, "zero bytes")
    h.eq(nx.readerable("<p>Short.</p>"), false, "one short paragraph")
    local a = nx.extract("<html></html>")
    h.eq(a and a.readerable, false, "article.readerable of an empty page")
end)

case("a few long visible paragraphs are readerable", function()
    local page = "<html><body><h1>T</h1>" .. para(4):rep(4) .. "</body></html>"
    local r, score = nx.readerable(page)
    h.eq(r, true, "readerable")
    assert(score > R.MIN_SCORE, "score above the minimum")
    h.eq(nx.extract(page).readerable, true, "article.readerable")
end)

case("hidden, furniture and list paragraphs do not count", function()
    for _, wrap in ipairs({
        '<p hidden>%s</p>', '<p style="DISPLAY: none">%s</p>',
        '<p aria-hidden="true">%s</p>', '<p class="comment-text">%s</p>',
        '<p id="sidebar">%s</p>', '<ul><li><p>%s</p></li></ul>',
    }) do
        local inner = SENTENCE:rep(4)
        local page = "<html><body>" .. (wrap:format(inner)):rep(5) .. "</body></html>"
        h.eq(nx.readerable(page), false, wrap)
    end
    -- "comment" with an ok-maybe word ("content") counts again
    local page = "<html><body>" .. ('<p class="comment content">' .. SENTENCE:rep(4)
        .. "</p>"):rep(5) .. "</body></html>"
    h.eq(nx.readerable(page), true, "comment content")
end)

case("a listing (many short teasers) is not readerable", function()
    local items = {}
    for i = 1, 60 do
        items[i] = ('<div class="card"><a href="/a/%d">Headline number %d about the town</a>'
            .. '<p>A short teaser line.</p></div>'):format(i, i)
    end
    h.eq(nx.readerable("<html><body>" .. table.concat(items) .. "</body></html>"), false, "listing")
end)

case("div with br children counts as a paragraph", function()
    local text = (SENTENCE .. "<br>"):rep(6)
    h.eq(nx.readerable("<html><body>" .. ("<div>" .. text .. "</div>"):rep(3) .. "</body></html>"),
        true, "div>br")
end)

case("a text dump has no tree to judge: article.readerable is nil", function()
    local parts = {}
    for i = 1, 4 do parts[i] = ("Paragraph %d. "):format(i) .. SENTENCE:rep(3) end
    local a = nx.extract(table.concat(parts, "\n\n") .. "\n", { input = "text" })
    h.eq(a.readerable, nil, "text readerable")
    -- the same score over paragraph texts is there for callers that want it
    h.eq(R.of_paragraphs(a.paragraphs), true, "of_paragraphs")
    h.eq(R.of_paragraphs({ "short" }), false, "of_paragraphs short")
end)

case("options are checked; bad input gives nil or false, never a raise", function()
    h.raises("readerable: html: expected string", nx.readerable, 5)
    h.raises("readerable: unknown option min_scor", nx.readerable, "<p>x</p>", { min_scor = 1 })
    h.raises("readerable: min_score: expected number", nx.readerable, "<p>x</p>", { min_score = "1" })
    h.eq(nx.readerable("<p>" .. SENTENCE:rep(4) .. "</p>", { min_score = 1 }), true, "lower min_score")
    h.eq(nx.readerable("\0\255\254<<<>>>"), false, "garbage")
end)

case("agrees with Readability's readerable on >= 95 % of its test pages", function()
    local cjson = require("cjson")
    local dir = h.corpus() .. "/readability-test-pages/"
    local p = io.popen('ls "' .. dir .. '"')
    local agree, n, diffs = 0, 0, {}
    for name in p:lines() do
        local f = io.open(dir .. name .. "/source.html", "rb")
        local mf = io.open(dir .. name .. "/expected-metadata.json", "rb")
        if f and mf then
            local html = f:read("*a")
            local want = cjson.decode(mf:read("*a")).readerable
            f:close()
            if type(want) == "boolean" then
                n = n + 1
                local got = nx.readerable(html)
                local a = nx.extract(html, { rules = false })
                if a and a.readerable ~= got then
                    error(name .. ": article.readerable differs from readerable()")
                end
                if got == want then agree = agree + 1 else diffs[#diffs + 1] = name end
            end
        end
        if mf then mf:close() end
    end
    p:close()
    assert(n >= 100, "expected the Readability test pages, found " .. n)
    local share = agree / n
    print(("  readerable agreement %d/%d = %.3f (differ: %s)"):format(agree, n, share,
        table.concat(diffs, ", ")))
    assert(share >= 0.95, ("agreement %.3f below 0.95"):format(share))
end)
T.heavy = { ["agrees with Readability's readerable on >= 95 % of its test pages"] = true }

case("the walk: nested containers and list paragraphs, bounded", function()
    local S = ("A sentence of the article that goes on for a while. "):rep(4)
    -- paragraphs inside list items do not count, nor do hidden ones
    h.eq(nx.readerable("<ul>" .. ("<li><p>" .. S .. "</p></li>"):rep(20) .. "</ul>"), false, "in li")
    h.eq(nx.readerable(("<p hidden>" .. S .. "</p>"):rep(20)), false, "hidden")
    h.eq(nx.readerable(("<p style='Display : None'>" .. S .. "</p>"):rep(20)), false, "display:none")
    h.eq(nx.readerable(("<p class='sidebar'>" .. S .. "</p>"):rep(20)), false, "unlikely class")
    h.eq(nx.readerable(("<p class='sidebar mathjax'>" .. S .. "</p>"):rep(20)), true, "saved by mathjax")
    h.eq(nx.readerable("<ul><li>x</li></ul>" .. ("<p>" .. S .. "</p>"):rep(20)), true, "after a list")
    -- 20,000 nested <div>s each holding a <br>, the text at the bottom:
    -- each is measured on its first nodes only
    local n = 20000
    local ok = nx.readerable(("<div><br>"):rep(n) .. S:rep(10) .. ("</div>"):rep(n))
    h.eq(ok, true, "deep divs")
end)

return T
