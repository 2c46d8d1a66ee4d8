-- SPDX-License-Identifier: MIT
-- tests/lua/test_generic.lua: generic extraction (no site rule) on
-- synthetic pages written for these tests (tests/fixtures/generic).
local newsextract = require("newsextract")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local function page(name, opts)
    local html = h.read(h.root() .. "/tests/fixtures/generic/" .. name)
    opts = opts or {}
    opts.rules = false
    local a, err = newsextract.extract(html, opts)
    assert(a, err)
    return a
end

local NEWS_PARAGRAPHS = {
    "HARBOURTON (Example News) - The city council voted on Thursday to rebuild the tram line that closed in 1962, after a debate that lasted well into the night and divided the governing coalition.",
    "The plan, which will cost an estimated 240 million euros, foresees a line of eleven kilometres from the central station to the new university campus, with fourteen stops along the old harbour.",
    "What the plan includes",
    "Officials listed the main parts of the project, which is to be built in three phases over the coming six years:",
    "A double track between the station and the harbour bridge.",
    "A depot for twenty low-floor vehicles on the former ferry terminal.",
    "Park-and-ride sites at both ends of the line.",
    "This is the most important decision this council has taken in a generation, and it will shape the city for fifty years.",
    "The mayor, who had campaigned for the project, said the first trams could run before the end of the decade if the national government confirms its share of the funding.",
    "Opposition members argued that buses would serve the same routes at a fraction of the cost, and announced that they would ask the regional audit office to review the figures.",
}

case("news page: the article, and none of the chrome around it", function()
    local a = page("news.html")
    h.same(a.paragraphs, NEWS_PARAGRAPHS)
    h.same(a.captions, { "A historic tram at the harbour depot in 1958. Photo: City Archive" })
    h.eq(a.title, "Harbour city votes to rebuild its old tram line", "title")
    h.same(a.authors, { "Maria Jensen", "Tom Berg" })
    h.eq(a.published, "2021-03-04T09:15:00+01:00", "published")
    h.eq(a.modified, "2021-03-04T17:40:00+01:00", "modified")
    h.eq(a.dateline, "HARBOURTON", "dateline")
    h.eq(a.site_name, "The Daily Example", "site_name")
    for _, junk in ipairs({ "cookies", "Share on Facebook", "Tweet", "By Maria",
        "morning briefing", "newsletter", "Related", "Bus fares", "comments",
        "Finally!", "waste of money", "All rights reserved", "Sport", "Contact" }) do
        assert(not a.text:find(junk, 1, true), "chrome in the text: " .. junk)
    end
end)

case("news page: list, quote, table and figure keep their shape", function()
    local a = page("news.html")
    local md = a.markdown
    assert(md:find("\n## What the plan includes\n", 1, true), "heading")
    assert(md:find("- A double track between the station and the harbour bridge.\n- A depot", 1, true), "list")
    assert(md:find("\n> This is the most important decision", 1, true), "quote")
    assert(md:find("| Phase | Section | Opening |\n| --- | --- | --- |\n| 1 | Station to bridge | 2025 |", 1, true), "table")
    assert(md:find("![A tram](/img/tram.jpg)\n\n*A historic tram", 1, true), "figure then caption")
    assert(a.text:find("Phase\tSection\tOpening\n1\tStation to bridge\t2025", 1, true), "table text")
    local html = a.html
    for _, tag in ipairs({ "<ul>", "<li>", "<blockquote>", "<table>", "<th>",
        "<figure>", "<figcaption>", "<h2>" }) do
        assert(html:find(tag, 1, true), "html keeps " .. tag)
    end
    assert(not html:find("<form", 1, true) and not html:find("<nav", 1, true), "no form or nav")
end)

case("CJK page: no spaces, no English words needed", function()
    local a = page("cjk.html")
    h.eq(a.title, "城市决定重建老电车线路", "title")
    h.same(a.authors, { "王小明" })
    h.eq(#a.paragraphs, 3, "paragraphs")
    assert(a.paragraphs[1]:find("^本报讯 市议会周四投票决定"), "first paragraph")
    assert(a.paragraphs[3]:find("更低的成本服务相同的线路。$"), "last paragraph")
    for _, junk in ipairs({ "首页", "相关新闻", "公交票价", "版权所有" }) do
        assert(not a.text:find(junk, 1, true), "chrome in the text: " .. junk)
    end
end)

case("table layout: the content cell, not the link column", function()
    local a = page("table-layout.html")
    h.same(a.paragraphs, {
        "Notes from the valley",
        "The river rose again this spring, and for the third year in a row the lower fields stood under water until the middle of May, which left the farmers with a short season.",
        "Old residents say the floods have come more often since the dam upstream changed the way it releases water, though the operator denies any connection.",
        "A meeting is planned at the school hall next month, where both sides will present their measurements and the county engineer will answer questions.",
        "Until then, the farmers' association has asked its members to keep records of every flooded field, with dates and photographs, so that the claims can be checked.",
    })
    -- the page's heading agrees with <title>: the heading, without the site
    h.eq(a.title, "Notes from the valley", "the heading, not the <title> with its site name")
end)

case("section inside a paragraph: split into its blocks", function()
    local a = page("section-in-p.html")
    h.same(a.paragraphs, {
        "The first paragraph of the story opens here, and it is long enough to be counted as a real paragraph of text by any reader.",
        "A section heading",
        "The section's own paragraph follows the heading, with enough words to be read as body text as well.",
        "The last paragraph closes the story, after the section, and it too is a plain paragraph of ordinary prose.",
    })
    assert(a.markdown:find("## A section heading", 1, true), "heading kept as a heading")
end)

case("favor: both settings run and keep the article", function()
    for _, f in ipairs({ "precision", "recall", "balanced" }) do
        local a = page("news.html", { favor = f })
        h.eq(a.paragraphs[1], NEWS_PARAGRAPHS[1], f .. ": first paragraph")
        assert(not a.text:find("waste of money", 1, true), f .. ": comments stay out")
    end
end)

case("metadata: entities left in meta values are decoded once more", function()
    local meta = require("newsextract.meta")
    h.eq(meta.unescape("Democrats&#039; emails &amp; more &#x263A; &eacute;x"),
        "Democrats' emails & more \226\152\186 \195\169x")
    local html = [[<html><head><meta property="og:title" content="Democrats&amp;#039; emails">
<meta property="og:site_name" content="Site"></head><body><p>x</p></body></html>]]
    local a = assert(newsextract.extract(html, { rules = false }))
    h.eq(a.title, "Democrats' emails", "title")
end)

case("metadata: titles from <title> follow Readability's rules", function()
    local meta = require("newsextract.meta")
    h.eq(meta.clean_title("Harbour city votes to rebuild its tram line | The Daily Example"),
        "Harbour city votes to rebuild its tram line")
    h.eq(meta.clean_title("Example News - Harbour city votes to rebuild its tram line"),
        "Harbour city votes to rebuild its tram line")
    h.eq(meta.clean_title("Lorem ipsum dolor sit amet – My website"), "Lorem ipsum dolor sit amet")
    -- too short once cut: the whole title
    h.eq(meta.clean_title("Google - Site Reliability Engineering"), "Google - Site Reliability Engineering")
    -- a heading that says the whole title keeps the part before the colon
    h.eq(meta.clean_title("Superbugs: What They Are and How You Get Them",
        { "Superbugs: What They Are and How You Get Them" }),
        "Superbugs: What They Are and How You Get Them")
    h.eq(meta.clean_title("Site name: A long headline about a city and its trams"),
        "A long headline about a city and its trams")
    -- an <h2> that says the whole title counts as an <h1> does
    h.eq(meta.clean_title("Trams: Why the City Wants Them Back Again", {},
        { "Trams: Why the City Wants Them Back Again" }),
        "Trams: Why the City Wants Them Back Again")
    h.eq(meta.clean_title("Trams: Why the City Wants Them Back Again", {}, { "Other" }),
        "Why the City Wants Them Back Again")
end)

case("metadata: the first byline in document order, its marked-up names", function()
    local function authors(body)
        local a = assert(newsextract.extract("<html><head><title>T</title></head><body>" ..
            body .. "<p>" .. ("Words of the article body that go on. "):rep(20) ..
            "</p></body></html>", { rules = false }))
        return a.authors
    end
    -- a menu that looks like names at first is passed over
    h.same(authors([[<div class="byline">Sign In| Sign Up| Subscribe My Site Show Menu My Tools My Pages My Account</div>
<span rel="author" class="byline">By Ann Lee</span>]]), { "Ann Lee" })
    -- class before rel: document order decides, not the kind
    h.same(authors([[<div class="author">Bo Chen</div><a rel="author" href="/x">Di Park</a>]]), { "Bo Chen" })
    -- the names a byline marks with itemprop, not the words around them
    h.same(authors([[<div class="byline">Example Wire <span itemprop="author">Eve Moss</span> and
<span itemprop="author">Al Ruiz</span> 2 days ago SHARE TWEET</div>]]), { "Eve Moss", "Al Ruiz" })
end)

case("metadata: bylines as printed become names", function()
    local meta = require("newsextract.meta")
    h.same(meta.byline_names("By Jane Doe and John Roe | March 4, 2021"), { "Jane Doe", "John Roe" })
    h.same(meta.byline_names("Tech Industry by Steven Musil January 18, 2017 11:00 PM PST @stevenmusil"),
        { "Steven Musil" })
    h.same(meta.byline_names("James Akinaka • 8h"), { "James Akinaka" })
    h.same(meta.byline_names("Eric Auchard, Stephen Nellis 5 Min Read"), { "Eric Auchard", "Stephen Nellis" })
    -- a long text is a menu or a bio, not a byline
    h.same(meta.byline_names("Sign In | Sign Up | Subscribe | My Account | Show Menu | My Tools | My Pages | Sign Out | Help | Contact Us | Newsletters | Archive"), {})
    h.same(meta.byline_names("J J"), {})
    h.raises("meta.byline_names: expected a string", meta.byline_names, nil)
end)

-- {======================================================================
-- Pages unlike the corpus (tests/generic/variants.lua measures these on
-- real pages; here each mechanism on a page small enough to read).

local STORY = {}
for i = 1, 6 do
    STORY[i] = "Paragraph " .. i .. " of the story says how the council met on Tuesday, " ..
        "argued about the budget, the bridge and the schools, and voted late at night."
end

local function story_html(before, between, after, wrap)
    local ps = {}
    for i, t in ipairs(STORY) do
        ps[#ps + 1] = (wrap or "%s"):format("<p>" .. t .. "</p>")
        if i == 3 and between then ps[#ps + 1] = between end
    end
    return "<html><head><title>Council votes</title></head><body>" .. (before or "") ..
        "<div><h1>Council votes</h1>" .. table.concat(ps) .. (after or "") .. "</div></body></html>"
end

local function body_of(html)
    local a = assert(newsextract.extract(html, { rules = false }))
    return a.paragraphs, a.text
end

case("unlike the corpus: a column of thirty teasers does not outvote the article", function()
    local col = { "<div>" }
    for i = 1, 30 do col[#col + 1] = "<p>Most read: the harbour bridge reopens after works " .. i .. "</p>" end
    col[#col + 1] = "</div>"
    local paras = body_of(story_html(table.concat(col)))
    h.same(paras, STORY)
end)

case("unlike the corpus: each paragraph in divs of its own", function()
    local paras = body_of(story_html(nil, nil, nil, "<div><div>%s</div></div>"))
    h.same(paras, STORY)
end)

case("unlike the corpus: comments, related links and a newsletter box inside the article", function()
    local comments = { "<h3>12 Comments</h3>" }
    for i = 1, 12 do
        comments[#comments + 1] = ('<div><p><a href="/u/%d">reader%d</a> %d hours ago</p>' ..
            '<p>Great article, thanks.</p><p><a href="#r%d">Reply</a></p></div>'):format(i, i, i, i)
    end
    local related = '<h3>Related</h3><ul><li><a href="/a">Storm leaves thousands without power</a></li>' ..
        '<li><a href="/b">Local team wins its first title</a></li><li><a href="/c">What the new rules mean for you</a></li></ul>'
    local box = '<div><h3>Get our newsletter</h3><p>The morning briefing, every weekday.</p>' ..
        '<p><a href="/privacy">Privacy policy</a></p></div>'
    local paras, text = body_of(story_html(nil, box, related .. table.concat(comments)))
    h.same(paras, STORY)
    for _, junk in ipairs({ "newsletter", "Privacy", "Related", "Storm", "Comments", "reader1", "Reply" }) do
        assert(not text:find(junk, 1, true), "boilerplate kept: " .. junk)
    end
end)

case("unlike the corpus: a last short sentence and a short list in the middle stay", function()
    local list = "<ul><li>one bridge</li><li>two schools</li><li>three parks</li></ul>"
    local html = story_html(nil, list, "<p>He declined to comment.</p>")
    local paras = body_of(html)
    h.eq(paras[#paras], "He declined to comment.", "last sentence")
    h.eq(paras[4], "one bridge", "list in the middle")
end)
-- }======================================================================

return T
