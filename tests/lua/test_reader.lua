-- SPDX-License-Identifier: MIT
-- tests/lua/test_reader.lua: newsextract.reader (article table -> page).
local h = require "helper"
local reader = require "newsextract.reader"

local function article()
    return {
        title = "Rates rise <again> & \"again\"",
        authors = { "Ann Smith", "Bob O'Neil" },
        published = "2020-02-24T10:31:00Z",
        modified = "2020-02-24T12:05:00+01:00",
        section = "Business", site_name = "Example News",
        dateline = "VIENNA",
        description = "A dek line.",
        credits = "Reporting by Ann Smith; Editing by Bob O'Neil",
        captions = { "A trader looks at screens. REUTERS/Jo Bloggs",
            "A second photo." },
        reading_time = 3,
        lead_image = "https://img.example.com/a.jpg?w=1&h=2",
        lang = "en",
        url = "https://example.com/article/1",
        paragraphs = { "VIENNA (Reuters) - The first paragraph.",
            "<script>alert(1)</script> is text here." },
        text = "unused", html = "<p onclick=x()>unused</p>",
        input = "html",
    }
end

local function has(s, needle)
    if not s:find(needle, 1, true) then
        error("expected to find " .. string.format("%q", needle), 2)
    end
end

local function hasnt(s, needle)
    if s:find(needle, 1, true) then
        error("did not expect " .. string.format("%q", needle), 2)
    end
end

return {
    { name = "renders every field, escaped", fn = function()
        local page = reader.render(article())
        h.eq(page:sub(1, 15), "<!DOCTYPE html>", "doctype")
        has(page, '<html lang="en">')
        has(page, "<title>Rates rise &lt;again&gt; &amp; &quot;again&quot;</title>")
        has(page, "<h1>Rates rise &lt;again&gt; &amp; &quot;again&quot;</h1>")
        has(page, "By Ann Smith, Bob O&#39;Neil")
        has(page, '<time datetime="2020-02-24T10:31:00Z">24 February 2020, 10:31 UTC</time>')
        has(page, "Updated <time datetime=\"2020-02-24T12:05:00+01:00\">"
            .. "24 February 2020, 12:05 +01:00</time>")
        has(page, '<span class="nx-dateline">VIENNA</span> (Reuters) - The first paragraph.')
        has(page, "<p>&lt;script&gt;alert(1)&lt;/script&gt; is text here.</p>")
        has(page, '<img src="https://img.example.com/a.jpg?w=1&amp;h=2"')
        has(page, "<figcaption>A trader looks at screens. REUTERS/Jo Bloggs</figcaption>")
        has(page, "<figcaption>A second photo.</figcaption>")
        has(page, "Reporting by Ann Smith; Editing by Bob O&#39;Neil")
        has(page, "3 min read")
        has(page, 'Example News \194\183 <span class="nx-section">Business</span>')
        has(page, 'href="https://example.com/article/1"')
        has(page, "<style>")
        -- nothing from the source's markup, and no script of our own
        hasnt(page, "<script")
        hasnt(page, "onclick")
        hasnt(page, "unused")
    end },

    { name = "order: title, meta, figure, body, credits", fn = function()
        local page = reader.render(article())
        local function at(s) return assert(page:find(s, 1, true), s) end
        assert(at("<h1>") < at("nx-byline"))
        assert(at("nx-byline") < at("<figure>"))
        assert(at("<figure>") < at("The first paragraph"))
        assert(at("The first paragraph") < at("is text here"))
        assert(at("is text here") < at("Reporting by"))
    end },

    { name = "unsafe URLs and lang are dropped", fn = function()
        local a = article()
        a.lead_image = "javascript:alert(1)"
        a.url = "data:text/html,<b>x</b>"
        a.lang = 'en" onload="x'
        local page = reader.render(a)
        hasnt(page, "javascript:")
        hasnt(page, "data:text")
        hasnt(page, "onload")
        has(page, "<html>")
        -- the caption survives without its image
        has(page, "<figure><figcaption>A trader looks")
        h.eq(reader.safe_url("//cdn.example.com/x.jpg"), nil, "relative url")
        h.eq(reader.safe_url("HTTPS://x.example/a"), "HTTPS://x.example/a", "upper-case scheme")
        h.eq(reader.safe_url("https://x.example/a b"), nil, "url with space")
        h.eq(reader.safe_url("http:///etc/passwd"), nil, "no host")
    end },

    { name = "minimal article: nothing empty is rendered", fn = function()
        local page = reader.render({ title = "T", authors = {}, captions = {},
            paragraphs = { "Only." } })
        has(page, "<h1>T</h1>")
        has(page, "<p>Only.</p>")
        hasnt(page, "<figure>")
        hasnt(page, "class=\"nx-byline\"")
        hasnt(page, "<header")
        hasnt(page, "class=\"nx-credits\"")
        hasnt(page, "Source:")
        -- no title at all: a generic <title>, no <h1>
        page = reader.render({ paragraphs = {} })
        has(page, "<title>Article</title>")
        hasnt(page, "<h1>")
        -- "" is treated as missing
        page = reader.render({ title = "", credits = "", paragraphs = { "", "x" } })
        hasnt(page, "<h1>")
        hasnt(page, "class=\"nx-credits\"")
        hasnt(page, "<p></p>")
    end },

    { name = "blocks, when present, keep structure", fn = function()
        local a = article()
        a.blocks = {
            { kind = "p", text = "VIENNA (Reuters) - Lead." },
            { kind = "h2", text = "WHAT IS 5G?" },
            { kind = "li", text = "one" }, { kind = "li", text = "two & three" },
            { kind = "quote", text = "Quoted." },
            { kind = "figure", text = "Inline photo.", src = "http://i.example/p.png" },
            { kind = "p", text = "After." },
        }
        local page = reader.render(a)
        has(page, "<h2>WHAT IS 5G?</h2><ul><li>one</li><li>two &amp; three</li></ul>"
            .. "<blockquote><p>Quoted.</p></blockquote>")
        has(page, '<img src="http://i.example/p.png"')
        has(page, "<figcaption>Inline photo.</figcaption></figure><p>After.</p>")
        hasnt(page, "The first paragraph")  -- paragraphs ignored when blocks exist
    end },

    { name = "human dates", fn = function()
        h.eq(reader.human_date("2016-12-14"), "14 December 2016", "date only")
        h.eq(reader.human_date("2017-12-07T11:56"), "7 December 2017, 11:56", "no zone")
        h.eq(reader.human_date("2016-12-14T22:03:42Z"), "14 December 2016, 22:03 UTC", "Z")
        h.eq(reader.human_date("yesterday"), "yesterday", "not ISO")
        h.eq(reader.human_date("2016-13-01"), "2016-13-01", "bad month")
    end },

    { name = "error page escapes its message", fn = function()
        local page = reader.error_page("no <body> found")
        has(page, "no &lt;body&gt; found")
        hasnt(page, "<script")
    end },

    { name = "caller mistakes raise", fn = function()
        h.raises("reader.render: article: expected table, got nil", reader.render)
        h.raises("reader.render: opts: expected table, got string",
            reader.render, {}, "x")
    end },
}
