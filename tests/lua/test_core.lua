-- SPDX-License-Identifier: MIT
-- newsextract.core's binding at its edges: selections that hold non-element
-- nodes, selector lists that raise half-way, re-entrant use of one
-- Document.  Besides the assertions, `make test-leaks` runs this file under
-- valgrind, which fails on any block the binding leaks.
local core = require "newsextract.core"
local h = require "helper"

local PAGE = "<html><body><div id='a'><p>First paragraph of the body text.</p>"
    .. "<p>Second paragraph of the body text.</p></div></body></html>"

local cases = {}
local function case(name, fn) cases[#cases + 1] = { name = name, fn = fn } end

local function texts(r)
    local t = {}
    for i, b in ipairs(r.blocks) do t[i] = b.text end
    return t
end

case("content: a selector matching only text nodes gives way to the next", function()
    local doc = assert(core.parse(PAGE))
    -- the first selector matches two text nodes and no element
    local r = assert(doc:content({ "//p/text()", "//div[@id='a']" }))
    h.same(texts(r), { "First paragraph of the body text.", "Second paragraph of the body text." })
    doc:free()
end)

case("content: namespace and attribute nodes are no roots, and the tree survives", function()
    local doc = assert(core.parse(PAGE))
    h.eq(doc:content("//namespace::*"), nil, "namespace nodes")
    h.eq(doc:content("//div/@id"), nil, "attribute nodes")
    -- the document is intact afterwards: the elements are still found
    h.eq(doc:select("//div/@id", nil), "a", "attribute still there")
    local r = assert(doc:content("//div"))
    h.eq(#r.blocks, 2, "blocks after the non-element selections")
    doc:free()
end)

case("content: a bad entry after a non-element match raises, naming the argument", function()
    local doc = assert(core.parse(PAGE))
    h.raises("string or newsextract.XPath expected, got number", doc.content, doc,
        { "//p/text()", 42 })
    h.raises("string or newsextract.XPath expected, got table", doc.content, doc,
        { "//namespace::*", {} })
    -- and a bad expression after a non-element match is nil, msg
    local r, err = doc:content({ "//p/text()", "//p[" })
    h.eq(r, nil, "bad xpath")
    assert(err:find("^xpath: "), err)
    doc:free()
end)

case("content and article on one document, in either order", function()
    local doc = assert(core.parse(PAGE))
    local a1 = texts(doc:article())
    local c1 = texts(assert(doc:content("//p")))
    local a2 = texts(doc:article())
    local c2 = texts(assert(doc:content("//p")))
    h.same(a2, a1, "article after content")
    h.same(c2, c1, "content after article")
    h.same(c1, { "First paragraph of the body text.", "Second paragraph of the body text." })
    doc:free()
end)

case("markdown: consecutive list items are one paragraph, lists apart stay apart", function()
    local nx = require "newsextract"
    local long = ("A paragraph of text, with commas, long enough to count. "):rep(4)
    local items = {}
    for i = 1, 300 do items[i] = "<li>Item " .. i .. " of the list</li>" end
    local a = assert(nx.extract("<html><body><article><p>" .. long .. "</p><ul>"
        .. table.concat(items) .. "</ul><p>" .. long .. "</p><ul><li>Other one</li>"
        .. "<li>Other two</li></ul></article></body></html>", { rules = false, favor = "recall" }))
    local paras = {}
    for m in (a.markdown .. "\n\n"):gmatch("(.-)\n\n") do paras[#paras + 1] = m end
    h.eq(#paras, 4, "markdown paragraphs")
    local want = {}
    for i = 1, 300 do want[i] = "- Item " .. i .. " of the list" end
    h.eq(paras[2], table.concat(want, "\n"), "the first list, one item a line")
    h.eq(paras[4], "- Other one\n- Other two", "the second list")
end)

-- A wrapper whose finalizer frees the doc (a common RAII shape) can be
-- collected while a method of that doc is pushing its results: the free
-- must wait for the method, not pull its memory from under it.
case("doc:free() from a finalizer during a call on the doc waits for the call", function()
    local ps = {}
    for i = 1, 3000 do ps[i] = "<p>paragraph number " .. i .. " here</p>" end
    local doc = assert(core.parse("<html><body>" .. table.concat(ps) .. "</body></html>"))
    local inside, fired_inside, calls = false, false, 0
    local newproxy = rawget(_G, "newproxy")   -- LuaJIT: no __gc on tables
    local function on_gc()
        calls = calls + 1
        fired_inside = fired_inside or inside
        doc:free()
    end
    local function arm()
        if newproxy then
            getmetatable(newproxy(true)).__gc = on_gc
        else
            setmetatable({}, { __gc = on_gc })
        end
    end
    -- a collection must start during the calls: after earlier tests the
    -- heap can be large (and LuaJIT interns the repeated match strings, so
    -- each call allocates little). The pause is set before the full
    -- collection because that collection sets the next cycle's threshold
    -- from it (pause 0: the next cycle starts at the first allocation), and
    -- a high step multiplier lets a cycle finish within a few calls; the
    -- last result is dropped first so each call allocates its strings anew.
    local pause = collectgarbage("setpause", 0)
    local stepmul = collectgarbage("setstepmul", 1000)
    collectgarbage()
    local last = {}
    for _ = 1, 2000 do
        last.r = nil
        arm()
        inside = true
        last.r = doc:select("//p", nil, true)
        inside = false
        if fired_inside then break end
    end
    local r = last.r
    collectgarbage("setpause", pause)
    collectgarbage("setstepmul", stepmul)
    assert(fired_inside, "the finalizer never ran during select (" .. calls .. " runs): the test proves nothing")
    h.eq(#r, 3000, "every match")
    h.eq(r[3000], "paragraph number 3000 here", "the last match intact")
    h.raises("attempt to use a freed document", doc.select, doc, "//p")
end)


-- The calls extract merges (tests/lua/test_rules_calls.lua counts them)
-- give what the separate calls give.
case("metadata(opts): readerable, tokens, dir and charset as their own calls give them", function()
    local html = "<html dir=' RTL '><head><meta charset='utf-8'><base href='/sub/'></head>"
        .. "<body dir='ltr' class='Story_body_1ab x'><p id='Lead'>" .. string.rep("word ", 60)
        .. "</p></body></html>"
    local doc = assert(core.parse(html, { url = "https://e.example/a/b" }))
    local wanted = { story = {}, story_body = {}, lead = {}, nothere = {} }
    local md = doc:metadata({ readerable = { min_score = 5, min_content_length = 50 },
        tokens = wanted })
    local ok, score = doc:readerable(5, 50)
    h.eq(md.readerable, ok, "readerable")
    h.eq(md.readerable_score, score, "readerable score")
    h.same(md.tokens, doc:tokens(wanted), "tokens")
    h.same(md.tokens, { story = true, story_body = true, lead = true }, "tokens found")
    h.eq(md.dir, "RTL", "dir: <html>'s, trimmed")
    local cs, src = doc:charset()
    h.eq(md.charset, cs, "charset")
    h.eq(md.charset_source, src, "charset source")
    h.eq(doc:metadata().readerable, nil, "no verdict unless asked")
    doc:free()
end)

case("resolve: against <base>, in doc:resolve, doc:article and doc:apply alike", function()
    local html = "<html><head><base href='/sub/'></head><body><p>One paragraph of text here.</p>"
        .. "<img src='x.jpg'></body></html>"
    local doc = assert(core.parse(html, { url = "https://e.example/a/b" }))
    local urls = { "p.html", { "//cdn.example/i.jpg", image = true }, "javascript:alert(1)",
        { "data:image/png;base64,AAAA", image = true }, "" }
    local want = { "https://e.example/sub/p.html", "https://cdn.example/i.jpg", false,
        "data:image/png;base64,AAAA", false }
    h.same(doc:resolve(urls), want, "doc:resolve")
    local _, _, _, got = doc:apply({ select = { { "//p" } } }, function(v, e, round)
        h.eq(round, 1, "one round")
        h.eq(v[1], "One paragraph of text here.", "selection")
        h.eq(next(e), nil, "no error")
        return { resolve = urls }
    end)
    h.same(got, want, "doc:apply's resolve list")
    local body, r = doc:article(nil, urls)
    assert(#body.blocks >= 1, "article blocks")
    h.same(r, want, "doc:article's urls")
    doc:free()
    -- no base at all: `keep` leaves a link without a scheme as written
    local bare = assert(core.parse("<p>x</p>"))
    local k = bare:resolve({ { "rel/p.html", keep = true }, { "javascript:x", keep = true } })
    h.eq(k[2], false, "a script scheme is refused even when kept")
    assert(k[1] == "rel/p.html", "kept as written: " .. tostring(k[1]))
    bare:free()
end)

case("apply: between asks for a second round of selections, and gets its values", function()
    local doc = assert(core.parse(PAGE))
    local rounds = {}
    local errs, res = doc:apply({ select = { { "//h1" } }, strip = {}, content = { "//div" } },
        function(v, e, round)
            rounds[#rounds + 1] = { v[1], round }
            if round == 1 then return { select = { { "//p", nil, true }, { "//p[" } } } end
            if round == 3 then return { select = { { "//p" } } } end   -- no fourth round
            h.same(v[1], { "First paragraph of the body text.", "Second paragraph of the body text." },
                "the second round's values")
            assert(e[2], "the bad expression's error in the second round")
            return { select = { { "//div" } } }   -- a third round
        end)
    h.eq(#rounds, 3, "three rounds")
    h.same(rounds[1], { false, 1 }, "round 1: nothing matched")
    h.same(rounds[3], { "First paragraph of the body text. Second paragraph of the body text.", 3 },
        "round 3: the div")
    h.same(errs, {}, "no strip errors")
    assert(res and #res.blocks == 2, "the body after the rounds")
    doc:free()
end)

case("article: no second result unless urls are given (favor alone, or none)", function()
    local doc = assert(core.parse(PAGE))
    h.eq(select("#", doc:article()), 1, "doc:article()")
    h.eq(select("#", doc:article("balanced")), 1, "doc:article(favor)")
    h.eq(select("#", doc:article("precision", nil)), 1, "doc:article(favor, nil)")
    local _, r = doc:article(nil, { "/x" })
    assert(type(r) == "table", "urls given: resolved list")
    doc:free()
    local empty = assert(core.parse(""))
    h.eq(select("#", empty:article("recall")), 1, "no body: doc:article(favor)")
    empty:free()
end)

return cases
