-- SPDX-License-Identifier: MIT
-- tests/lua/test_rules_pages.lua: multi-page articles through opts.fetch,
-- on the synthetic pages of tests/fixtures/multipage (page 3 links back
-- to page 1: a loop), with FTR and Lua rules.
local newsextract = require "newsextract"
local pages = require "newsextract.pages"
local h = require "helper"

local DIR = h.root() .. "/tests/fixtures/multipage"
local URL1 = "https://pages.example.com/story?page=1"

local set_of = require("rules_helper").set_of

-- a fetch over the saved pages that records the URLs asked for
local function recorder()
    local inner = assert(pages.dir_fetcher(DIR))
    local asked = {}
    return function(u) asked[#asked + 1] = u; return inner(u) end, asked
end

local function parts(a)
    local out = {}
    for _, p in ipairs(a.paragraphs) do
        local n = p:match("^Part (%d)")
        if n then out[#out + 1] = tonumber(n) end
    end
    return out
end

local function has_note(a, pattern)
    for _, n in ipairs(a.notes or {}) do if n:find(pattern) then return true end end
    return false
end

local FTR = "body: //div[@class='story']\nnext_page_link: //a[@class='next']\n"

return {
    { name = "FTR next_page_link: pages joined in order, the loop refused", fn = function()
        local set = set_of({ ["pages.example.com.txt"] = FTR })
        local fetch, asked = recorder()
        local a = assert(newsextract.extract(h.read(DIR .. "/page1.html"),
            { url = URL1, rules = set, fetch = fetch }))
        h.same(parts(a), { 1, 1, 2, 2, 3, 3 }, "pages in order")
        h.same(asked, { "https://pages.example.com/story?page=2",
            "https://pages.example.com/story?page=3" }, "fetched once each, never page 1 again")
        assert(has_note(a, "page=1 was seen before %(a loop%)"), "loop note")
        assert(not a.text:find("Footer", 1, true), "each page's body only")
    end },

    { name = "without fetch: the first page alone, no I/O", fn = function()
        local set = set_of({ ["pages.example.com.txt"] = FTR })
        local a = assert(newsextract.extract(h.read(DIR .. "/page1.html"), { url = URL1, rules = set }))
        h.same(parts(a), { 1, 1 }, "one page")
    end },

    { name = "the page limit bounds it", fn = function()
        local set = set_of({ ["pages.example.com.txt"] = FTR })
        local fetch, asked = recorder()
        local a = assert(newsextract.extract(h.read(DIR .. "/page1.html"),
            { url = URL1, rules = set, fetch = fetch, max_pages = 2 }))
        h.same(parts(a), { 1, 1, 2, 2 }, "two pages")
        h.eq(#asked, 1, "one fetch")
        assert(has_note(a, "limit of 2 pages"), "limit note")
    end },

    { name = "a Lua rule's next_page_link; a page repeating another is refused", fn = function()
        local set = set_of({ ["x/pages.lua"] = [[return { site = "pages.example.com",
            body = "div.story", next_page_link = "a.next" }]] })
        local a = assert(newsextract.extract(h.read(DIR .. "/page1.html"),
            { url = URL1, rules = set, fetch = assert(pages.dir_fetcher(DIR)) }))
        h.same(parts(a), { 1, 1, 2, 2, 3, 3 }, "Lua rule: pages in order")
        -- every URL answers with page 2: the second answer repeats the first
        local page2 = h.read(DIR .. "/page2.html")
        local n = 0
        a = assert(newsextract.extract(h.read(DIR .. "/page1.html"), { url = URL1, rules = set,
            fetch = function(u) n = n + 1; return page2, "text/html", u .. "&x=" .. n end }))
        h.same(parts(a), { 1, 1, 2, 2 }, "repeat not joined")
        assert(has_note(a, "repeats a page already taken"), "repeat note")
    end },

    { name = "single_page_link: the single-page view replaces the pages", fn = function()
        local page = h.read(DIR .. "/page1.html"):gsub("</nav>",
            '<a class="all" href="/story?all=1">Single page</a></nav>')
        local set = set_of({ ["pages.example.com.txt"] = FTR .. "single_page_link: //a[@class='all']\n" })
        local a = assert(newsextract.extract(page, { url = URL1, rules = set,
            fetch = assert(pages.dir_fetcher(DIR)) }))
        assert(a.paragraphs[1]:find("^Single%-page view"), a.paragraphs[1])
        h.eq(#parts(a), 0, "no part pages")
    end },

    { name = "a failed fetch is a note; the pages so far are kept", fn = function()
        local set = set_of({ ["pages.example.com.txt"] = FTR })
        local a = assert(newsextract.extract(h.read(DIR .. "/page1.html"), { url = URL1, rules = set,
            fetch = function() return nil, "connection refused" end }))
        h.same(parts(a), { 1, 1 }, "first page kept")
        assert(has_note(a, "connection refused"), "fetch error noted")
    end },

    { name = "CLI: --pages DIR joins the saved pages", fn = function()
        local rh = require "rules_helper"
        local lua = arg and arg[-1] or "lua5.4"
        local base = rh.tmpdir()
        rh.write(base .. "/pages.example.com.txt", FTR)
        local p = assert(io.popen(("'%s' '%s/bin/newsextract' --format text --rules '%s' --pages '%s' "
            .. "--url '%s' '%s/page1.html' 2>&1"):format(lua, h.root(), base, DIR, URL1, DIR)))
        local out = p:read("*a")
        p:close()
        rh.rmtree(base)
        local seen = {}
        for n in out:gmatch("Part (%d), first") do seen[#seen + 1] = tonumber(n) end
        h.same(seen, { 1, 2, 3 }, "three pages in order: " .. out:sub(1, 200))
    end },

    { name = "dir_fetcher: the URL map", fn = function()
        local fetch = assert(pages.dir_fetcher(DIR))
        local s = fetch("https://pages.example.com/story?page=2#top")
        assert(s and s:find("Part 2", 1, true), "fragment ignored")
        local none, err = fetch("https://pages.example.com/other")
        h.eq(none, nil, "unknown URL")
        h.eq(err, "not among the saved pages")
        local _, e2 = pages.dir_fetcher(DIR .. "/nope")
        assert(e2:find("urls.tsv: cannot read", 1, true), e2)
        h.raises("extract: option 'fetch': expected function, got string",
            newsextract.extract, "<p>x</p>", { fetch = "x" })
    end },
}
