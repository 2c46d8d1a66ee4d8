-- SPDX-License-Identifier: MIT
-- The public API: argument checks, the article table, charsets end to end,
-- the Document userdata's life cycle, JSON output, bad input.
local nx = require "newsextract"
local core = require "newsextract.core"
local cjson = require "cjson"
local h = require "helper"

local function page(body, head)
    return "<!DOCTYPE html><html><head>" .. (head or "") .. "</head><body>" ..
        "<div class='nav'><a href='/a'>Home</a> <a href='/b'>World</a></div>" ..
        "<article>" .. body .. "</article></body></html>"
end

local LONG = "This is a sentence long enough to count as body text, with a comma or two, "
    .. "written so that the generic scorer has no doubt where the article is."

local cases = {}
local function case(name, fn) cases[#cases + 1] = { name = name, fn = fn } end

case("module has _VERSION and _NAME", function()
    h.eq(type(nx._VERSION), "string", "_VERSION")
    h.eq(nx._NAME, "newsextract", "_NAME")
    h.eq(core._VERSION, nx._VERSION, "core._VERSION")
end)

case("caller mistakes raise, with the subject named", function()
    h.raises("bad argument #1 to 'extract' (string expected, got nil)", nx.extract)
    h.raises("bad argument #1 to 'extract' (string expected, got number)", nx.extract, 42)
    h.raises("extract: unknown option 'ulr'", nx.extract, "<p>x</p>", { ulr = "http://x" })
    h.raises("extract: option 'url': expected string, got number", nx.extract, "<p>x</p>", { url = 1 })
    h.raises("extract: option 'input': expected \"html\" or \"text\"", nx.extract, "x", { input = "pdf" })
    h.raises("extract: option 'favor'", nx.extract, "x", { favor = "speed" })
    h.raises("bad argument #2 to 'extract' (table expected, got string)", nx.extract, "x", "opts")
end)

case("an article: fields, nil not empty strings", function()
    local a = assert(nx.extract(page("<h1>Headline here</h1><p>" .. LONG .. "</p><p>" .. LONG .. "</p>",
        "<title>Headline here - Site</title>"), { rules = false }))
    h.eq(a.title, "Headline here", "the <h1> that agrees with <title>, without the site name")
    h.eq(#a.paragraphs, 2, "paragraphs")
    h.eq(a.paragraphs[1], LONG, "paragraph text")
    h.eq(a.description, nil, "description")
    h.eq(a.published, nil, "published")
    h.eq(a.section, nil, "section")
    h.eq(a.credits, nil, "credits")
    h.eq(a.rule, nil, "rule")
    h.eq(a.input, "html", "input")
    h.eq(type(a.authors), "table", "authors is an array")
    h.eq(#a.authors, 0, "no authors")
    h.eq(a.text, LONG .. "\n\n" .. LONG, "text joins blocks with a blank line")
    assert(not a.paragraphs[1]:find("Home"), "navigation is not body")
end)

case("words: white-space separated, each CJK character one", function()
    local a = assert(nx.extract(page("<p>" .. LONG .. "</p><p>東京の記事です、とても長い文章。 and three more</p>"),
        { rules = false }))
    local n = 0
    for _ in LONG:gmatch("%S+") do n = n + 1 end
    -- 東 京 の 記 事 で す (7) 、(punctuation) と て も 長 い 文 章 (7) 。 + "and three more" (3)
    h.eq(a.words, n + 7 + 7 + 3, "words")
end)

case("input kind detection", function()
    h.eq(nx.detect_input("<!doctype html><p>x"), "html")
    h.eq(nx.detect_input("  \n<HTML><body>"), "html")
    h.eq(nx.detect_input("Just a line of text\nand another"), "text")
end)

-- {======================================================================
-- Charsets end to end: the issue's three pages come out complete.

case("windows-1252 page without any declaration", function()
    -- "Café – “quoted” naïve €5" in windows-1252, then more text after it
    local s = "<html><body><article><p>Caf\233 \150 \147quoted\148 na\239ve \1285, and " ..
        LONG .. "</p><p>AFTER-MARKER " .. LONG .. "</p></article></body></html>"
    local a = assert(nx.extract(s, { rules = false }))
    h.eq(a.charset, "windows-1252", "charset")
    h.eq(a.paragraphs[1], "Café – “quoted” naïve €5, and " .. LONG, "decoded text")
    h.eq(a.paragraphs[2], "AFTER-MARKER " .. LONG, "text after the high bytes")
end)

case("UTF-8 with a BOM and a contradicting meta", function()
    local s = "\239\187\191<html><head><meta charset=\"windows-1252\"></head><body><article>" ..
        "<p>Zürich – déjà vu, " .. LONG .. "</p><p>AFTER-MARKER " .. LONG .. "</p></article></body></html>"
    local a = assert(nx.extract(s, { rules = false }))
    h.eq(a.charset, "UTF-8", "charset")
    h.eq(a.charset_source, "bom", "charset source")
    h.eq(a.paragraphs[1], "Zürich – déjà vu, " .. LONG, "text")
    h.eq(a.paragraphs[2], "AFTER-MARKER " .. LONG, "nothing lost")
end)

case("bytes windows-1252 leaves undefined are kept, and the text after them", function()
    local s = "<html><head><meta charset=windows-1252></head><body><article><p>A\129B\141C\143D\144E\157F, "
        .. LONG .. "</p><p>AFTER-MARKER " .. LONG .. "</p></article></body></html>"
    local a = assert(nx.extract(s, { rules = false }))
    h.eq(a.paragraphs[1], "A\194\129B\194\141C\194\143D\194\144E\194\157F, " .. LONG,
        "U+0081 U+008D U+008F U+0090 U+009D")
    h.eq(a.paragraphs[2], "AFTER-MARKER " .. LONG, "nothing lost")
end)

case("NUL bytes do not cut the document", function()
    local s = page("<p>Before\0after, " .. LONG .. "</p><p>AFTER-MARKER " .. LONG .. "</p>")
    local a = assert(nx.extract(s, { rules = false }))
    h.eq(a.paragraphs[1], "Before\239\191\189after, " .. LONG, "NUL became U+FFFD")
    h.eq(a.paragraphs[2], "AFTER-MARKER " .. LONG, "text after the NUL")
end)

case("HTTP charset is used when the page declares none", function()
    local s = page("<p>\210\229\234\241\242 " .. LONG .. "</p>")   -- "Текст" in windows-1251
    local a = assert(nx.extract(s, { rules = false, content_type = "text/html; charset=windows-1251" }))
    h.eq(a.charset, "windows-1251", "charset")
    h.eq(a.paragraphs[1], "Текст " .. LONG, "text")
end)
-- }======================================================================

-- {======================================================================
-- The Document userdata

case("doc:free is idempotent; a freed doc raises and says so", function()
    local doc = assert(core.parse("<p>x</p>"))
    assert(tostring(doc):find("^newsextract.Document %("), tostring(doc))
    doc:free()
    doc:free()
    h.eq(tostring(doc), "newsextract.Document (freed)", "tostring")
    h.raises("attempt to use a freed document", doc.metadata, doc)
    h.raises("attempt to use a freed document", doc.select, doc, "//p")
end)

case("__close frees the document (Lua 5.4)", function()
    if _VERSION ~= "Lua 5.4" then h.skip("no <close> variables in " .. _VERSION) end
    local chunk = assert(load([[
        local core = ...
        local kept
        do
            local doc <close> = assert(core.parse("<p>x</p>"))
            kept = doc
        end
        return tostring(kept)
    ]]))
    h.eq(chunk(core), "newsextract.Document (freed)", "closed")
end)

case("doc:select: text, attributes, all, XPath values, errors", function()
    local doc = assert(core.parse([[<html><head><meta name="x" content="  one  two "></head>
        <body><p class="a">First <b>bold</b>
        text</p><p class="a">Second</p><p class="b"></p></body></html>]]))
    h.eq(doc:select("//p[@class='a']"), "First bold text", "first match, collapsed")
    h.same(doc:select("//p[@class='a']", nil, true), { "First bold text", "Second" }, "all")
    h.eq(doc:select("//meta[@name='x']", "content"), "one two", "attribute")
    h.eq(doc:select("//p[@class='b']"), nil, "an empty node is no match")
    h.eq(doc:select("count(//p)"), "3", "an XPath value")
    h.eq(doc:select("substring-after(//p[2], 'Sec')"), "ond", "FTR-style XPath")
    local v, err = doc:select("//p[")
    h.eq(v, nil, "bad xpath")
    assert(err:find("^xpath: ") and err:find("//p[", 1, true), err)
    h.raises("string or newsextract.XPath expected, got number", doc.select, doc, 42)
    local x = assert(core.xpath("//p[@class='a']"))
    h.eq(doc:select(x), "First bold text", "compiled")
    local nope, msg = core.xpath("//[")
    h.eq(nope, nil, "bad compile")
    assert(msg:find("^xpath: "), msg)
    doc:free()
end)

case("doc:strip removes nested matches once; doc:content picks the first selector that matches", function()
    local doc = assert(core.parse([[<body><div id="body"><p>Keep one.</p>
        <div class="ad"><div class="ad">Buy!</div></div><p>Keep two.</p></div></body>]]))
    h.eq(doc:strip("//div[@class='ad']"), 2, "both removed")
    local c = assert(doc:content({ "//div[@id='none']", "//div[@id='body']" }))
    local texts = {}
    for i, b in ipairs(c.blocks) do texts[i] = b.text end
    h.same(texts, { "Keep one.", "Keep two." }, "blocks")
    h.eq(c.blocks[1].html, "<p>Keep one.</p>", "each block carries its sanitised HTML")
    h.eq(doc:content("//article"), nil, "no match")
    doc:free()
end)

case("plain paragraphs: md and html made when read, equal to what the emitter writes", function()
    -- "1" and ". x" in two text nodes: the paragraph's line start is escaped
    local src = [[<body><article><p>Plain *text* &amp; &lt;more&gt; here, 1.</p>
        <p>With <a href="/x">a link</a> & <b>bold</b>.</p><p>1<!-- -->. Not a list</p></article></body>]]
    local doc = assert(core.parse(src))
    local c = assert(doc:content("//article"))
    doc:free()
    h.eq(c.blocks[1].plain, true, "a paragraph of text only is plain")
    h.eq(c.blocks[1].html, "<p>Plain *text* &amp; &lt;more&gt; here, 1.</p>", "its html")
    h.eq(c.blocks[1].md, "Plain \\*text\\* \\& \\<more\\> here, 1.", "its markdown")
    h.eq(c.blocks[2].plain, nil, "a link makes it not plain")
    assert(c.blocks[2].html:find("<a href", 1, true), c.blocks[2].html)
    h.eq(c.blocks[3].md, "1\\. Not a list", "the line start of the paragraph, not of a text node")
    -- the article renders html and markdown when they are read; to_json has them
    local a = assert(nx.extract(src, { rules = false }))
    h.eq(rawget(a, "html"), nil, "not rendered before it is read")
    assert(a.html:find("<p>Plain *text* &amp; &lt;more&gt; here, 1.</p>", 1, true), a.html)
    h.eq(rawget(a, "html"), a.html, "kept once read")
    local j = nx.to_json(assert(nx.extract(src, { rules = false })))
    assert(j:find('"markdown":"Plain', 1, true) and j:find('"html":"<p>Plain', 1, true), j)
    if not rawget(_G, "jit") then
        local keys = {}
        for k in pairs(assert(nx.extract(src, { rules = false }))) do keys[k] = true end
        assert(keys.html and keys.markdown, "pairs sees html and markdown (5.4: __pairs)")
    end
end)

case("doc:apply: selections, then between() on the whole tree, then strips and the body", function()
    local doc = assert(core.parse([[<body><h1>Head</h1><div id="body"><p class="a">One.</p>
        <div class="ad">Buy!</div><p class="a">Two.</p></div></body>]]))
    local seen
    local errs, c, err = doc:apply({
        select = { { "//h1" }, { "//p[@class='a']", nil, true }, { "//h2" }, { true },
            { "//p[@class='a']", "class" } },
        strip = { "//div[@class='ad']", "//p[" },
        content = { "//div[@id='none']", "//div[@id='body']" },
    }, function(values, errors)
        -- the tree is still whole here: the strip has not run
        seen = { values = values, errors = errors, ad = doc:select("//div[@class='ad']") }
    end)
    h.same(seen.values, { "Head", { "One.", "Two." }, false, nil, "a" }, "values, false for no match")
    assert(type(seen.errors[4]) == "string" and seen.errors[4]:find("XPath expected"), tostring(seen.errors[4]))
    h.eq(seen.ad, "Buy!", "between() runs before the strips")
    h.eq(errs[1], nil, "strip 1 fine")
    assert(type(errs[2]) == "string" and errs[2]:find("xpath"), tostring(errs[2]))
    h.eq(err, nil)
    local texts = {}
    for i, b in ipairs(c.blocks) do texts[i] = b.text end
    h.same(texts, { "One.", "Two." }, "the body, stripped")
    h.eq(doc:select("//div[@class='ad']"), nil, "stripped")
    -- no body: the strip errors only; a raising between() propagates
    h.same({ doc:apply({ select = {} }) }, { {} }, "no content")
    h.raises("boom", doc.apply, doc, { select = { { "//p" } } }, function() error("boom") end)
    h.raises("table expected", doc.apply, doc, "x")
    doc:free()
end)

case("core.css: selectors compile, errors name the column", function()
    local x = assert(core.css("div.story > p"))
    local doc = assert(core.parse("<div class='story x_1AbCd'><p>a</p></div><div class='storyline'><p>b</p></div>"))
    h.same(doc:select(x, nil, true), { "a" }, "css result")
    doc:free()
    local nope, err = core.css("div >")
    h.eq(nope, nil, "bad css")
    assert(err:find("^css: column %d+: "), err)
end)

case("doc:tokens: the wanted class and id tokens the page has, hash suffixes cut", function()
    local doc = assert(core.parse([[<div class="StandardArticleBody_body_1gnLA  Other" id="Main">
        <p class="x">a</p></div><span class="ArticleHeader_date"></span>]]))
    local got = doc:tokens({ standardarticlebody_body = true, main = true, other = true,
        articleheader_date = true, articleheader = true, nope = true, x = false })
    local keys = {}
    for k in pairs(got) do keys[#keys + 1] = k end
    table.sort(keys)
    h.same(keys, { "articleheader", "articleheader_date", "main", "other",
        "standardarticlebody_body", "x" }, "tokens")
    h.raises("table expected, got no value", doc.tokens, doc)
    doc:free()
end)

case("core.decode reports charset and source", function()
    local s, cs, src = core.decode("caf\233")
    h.eq(s, "café")
    h.eq(cs, "windows-1252")
    h.eq(src, "default")
end)
-- }======================================================================

-- {======================================================================
-- Output

case("to_json: ordered, arrays stay arrays, round-trips", function()
    local a = assert(nx.extract(page("<p>" .. LONG .. "</p><p>Path a/b " .. LONG .. "</p>"), { rules = false }))
    local j = nx.to_json(a, { source = "x/y.html" })
    assert(j:find('^{"source":"x/y.html","title":') or j:find('^{"source":"x/y.html","authors":'), j:sub(1, 80))
    assert(j:find('"authors":[]', 1, true), "empty array written as []")
    assert(j:find("a/b", 1, true), "slashes are not escaped")
    local back = cjson.decode(j)
    h.eq(back.paragraphs[2], "Path a/b " .. LONG, "round trip")
    h.raises("bad argument #1 to 'to_json'", nx.to_json, "x")
end)

case("format: text, markdown, html", function()
    local a = assert(nx.extract(page("<h1>Title of the page here</h1><p>" .. LONG .. "</p><ul><li>one item</li><li>two <em>items</em></li></ul><p>"
        .. LONG .. "</p>", "<title>Title of the page here</title>"), { rules = false }))
    local md = nx.format(a, "markdown")
    assert(md:find("^# Title of the page here\n\n"), md)
    assert(md:find("- one item\n- two *items*", 1, true), md)
    h.eq(nx.format(a, "text"):sub(1, 27), "Title of the page here\n\nThi")
    h.raises("bad argument #2 to 'format'", nx.format, a, "pdf")
end)

case("html output is safe: no script, no handlers, no javascript: URLs", function()
    local a = assert(nx.extract(page("<p onclick='evil()'>" .. LONG .. " <a href='javascript:alert(1)'>x</a> " ..
        "<a href=' jav&#x09;ascript:alert(2)'>y</a> <a href='/ok'>ok</a><script>evil()</script>" ..
        "<img src=x onerror=alert(3)></p><p>" .. LONG .. "</p>"), { rules = false, url = "https://e.example/a/b" }))
    local html = a.html
    assert(not html:find("<script", 1, true), html)
    assert(not html:lower():find("onclick", 1, true), html)
    assert(not html:lower():find("onerror", 1, true), html)
    assert(not html:lower():find("javascript", 1, true), html)
    assert(html:find('href="https://e.example/ok"', 1, true), "relative link made absolute: " .. html)
end)
-- }======================================================================

-- {======================================================================
-- Bad input (issue 2's list; tests/lua/test_badinput.lua has the full catalogue)

local function result_or_err(s, opts)
    local ok, a, err = pcall(nx.extract, s, opts or { rules = false })
    assert(ok, "raised: " .. tostring(a))
    assert(a ~= nil or type(err) == "string", "neither a result nor an error")
    return a, err
end

case("empty, whitespace, binary and truncated input give a result or nil, err", function()
    result_or_err("")
    result_or_err("   \n\t ")
    local bytes = {}
    for i = 0, 4095 do bytes[#bytes + 1] = string.char((i * 7919 + 13) % 256) end
    result_or_err(table.concat(bytes))
    result_or_err(("\0"):rep(1000))
    local p = page("<p>" .. LONG .. "</p>")
    for cut = 1, #p, 7 do result_or_err(p:sub(1, cut)) end
    local a = result_or_err("<html><body><article><p>" .. LONG .. "</p><p>cut mid-tag <a hr")
    assert(a and a.text:find(LONG, 1, true), "the text before the cut is kept")
end)

case("100,000 nested divs: the text inside and after survives", function()
    local n = 100000
    local s = ("<div>"):rep(n) .. "<p>DEEP-MARKER " .. LONG .. "</p>" .. ("</div>"):rep(n) ..
        "<p>AFTER-MARKER " .. LONG .. "</p>"
    local a = result_or_err(s)
    assert(a.text and a.text:find("DEEP-MARKER", 1, true), "deep text kept")
    assert(a.text:find("AFTER-MARKER", 1, true), "text after kept")
end)

case("a 50 MB page is extracted", function()
    local para = "<p>" .. LONG .. "</p>\n"
    local s = "<html><body><article>" .. para:rep(math.floor(50e6 / #para)) .. "<p>END-MARKER " ..
        LONG .. "</p></article></body></html>"
    local a = result_or_err(s)
    h.eq(a.paragraphs[#a.paragraphs], "END-MARKER " .. LONG, "last paragraph")
end)
-- }======================================================================

cases.heavy = {
    ["a 50 MB page is extracted"] = true,
}

return cases
