-- SPDX-License-Identifier: MIT
-- tests/lua/test_rules_templates.lua: the bundled Reuters rules on
-- synthetic pages in the shape of Reuters' other article templates of
-- 2016-2020, none of them a corpus page: the older server template
-- (span#articleText, a caption only in the photo's alt text, an agency
-- dateline in the text), the 2017-2018 React build (hashed CSS-module
-- class names, a <figure>), the 2019-2020 build (ArticleBodyWrapper,
-- <figcaption>, hyphenated class hashes), a Foundation story of 2018
-- (another agency tag, a date after the place).  Each page is read with its URL,
-- without one and with a hash suffix on every class, through rules.apply
-- (as the corpus test reads the real pages) and through extract: title,
-- authors, published, dateline, captions, credits and paragraphs exact.
-- Written for newsextract's tests; the text is invented.
local core = require "newsextract.core"
local newsextract = require "newsextract"
local rules = require "newsextract.rules"
local rules_cli = require "newsextract.rules_cli"
local h = require "helper"

local PAGES = {}

-- 1. The server template before #article-text: span#articleText, the
-- place in span.articleLocation, captions in .module-caption.
PAGES[#PAGES + 1] = { name = "2016 articleText", template = "reuters-2016", url =
    "http://www.reuters.com/article/us-austria-example-idUSKCN0000001", html = [[
<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Austria's example story goes on | Reuters</title>
<meta property="og:title" content="Austria's example story goes on">
<meta property="og:article:published_time" content="2016-03-02T14:05:00+0000">
<meta property="og:article:author" content="Jane Roe">
</head><body>
<div class="article-header"><span class="article-section">World News</span>
<h1 class="article-headline">Austria's example story goes on</h1>
<span class="timestamp">Wed Mar 2, 2016 | 9:05am EST</span></div>
<div id="articleImage"><div class="related-photo-container"><img src="/p/1.jpg" alt=""></div>
<div class="module-caption"><p>People walk past the opera house in Vienna, Austria, March 1, 2016.
<span class="module-credit">REUTERS/Ann Photographer</span></p></div></div>
<span id="articleText"><span id="midArticle_start"></span>
<div id="article-byline"><span class="author">By <a href="/journalists/jane-roe">Jane Roe</a></span>
<span class="location"><span class="divider">|</span> VIENNA</span></div>
<span id="midArticle_0"></span><p><span class="articleLocation">VIENNA</span> The first paragraph of the story says what happened.</p>
<span id="midArticle_1"></span><p>A second paragraph with more of it.</p>
<p>A third paragraph, the last one.</p>
<p>(Reporting by Jane Roe; Editing by John Doe)</p>
</span></body></html>]],
    title = "Austria's example story goes on", authors = { "Jane Roe" },
    published = "2016-03-02T14:05:00+0000", dateline = "VIENNA",
    credits = "Reporting by Jane Roe; Editing by John Doe",
    captions = { "People walk past the opera house in Vienna, Austria, March 1, 2016. REUTERS/Ann Photographer" },
    paragraphs = { "VIENNA The first paragraph of the story says what happened.",
        "A second paragraph with more of it.", "A third paragraph, the last one." } }

-- 2. The 2016 server template with the agency dateline in the text (an
-- en dash), two places, no byline box, and the photo's caption only in
-- its alt text (no caption element).
PAGES[#PAGES + 1] = { name = "2016 agency dateline, alt caption", template = "reuters-2016", url =
    "http://www.reuters.com/article/us-usa-britain-example-idUSKBN0000003", html = [[
<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Two capitals agree on an example | Reuters</title>
<meta property="og:title" content="Two capitals agree on an example">
<meta name="REVISION_DATE" content="Fri Sep 16 10:20:00 UTC 2016">
<meta property="og:article:author" content="John Doe and Ann Smith">
</head><body>
<header><img src="/logo.png" alt="Reuters logo, the home of business news and more"></header>
<div class="article-header"><h1 class="article-headline">Two capitals agree on an example</h1></div>
<div class="related-photo-container"><img src="/p/2.jpg" border="0"
 alt="Officials shake hands after a meeting in London, Britain September 15, 2016. REUTERS/Bob Photographer"></div>
<span id="article-text"><span id="midArticle_start"></span>
<span class="article-prime"><p>WASHINGTON/LONDON (Reuters) &#8211; Officials of two capitals agreed on an example on Friday.</p></span>
<p>They said more would follow.</p><p></p>
<p>Nothing else was said.</p>
<p>(Reporting by John Doe in Washington and Ann Smith in London; Editing by Jane Roe)</p>
</span>
<div class="related-content"><a href="/x"><img src="/t.jpg" alt="A related story about something else entirely today"></a></div>
</body></html>]],
    title = "Two capitals agree on an example", authors = { "John Doe", "Ann Smith" },
    published = "2016-09-16T10:20:00Z", dateline = "WASHINGTON/LONDON",
    credits = "Reporting by John Doe in Washington and Ann Smith in London; Editing by Jane Roe",
    captions = { "Officials shake hands after a meeting in London, Britain September 15, 2016. REUTERS/Bob Photographer" },
    paragraphs = { "WASHINGTON/LONDON (Reuters) \226\128\147 Officials of two capitals agreed on an example on Friday.",
        "They said more would follow.", "Nothing else was said." } }

-- 3. The React template of 2017-2018, its classes hashed by CSS modules,
-- the photo in a <figure> whose caption class is not Image_caption, an
-- em-dash dateline.
PAGES[#PAGES + 1] = { name = "2017 hashed, figure", template = "reuters-2017", hashed = true, url =
    "https://www.reuters.com/article/us-france-example-idUSKBN1000004", html = [[
<!DOCTYPE html><html><head><meta charset="utf-8">
<title>France tries an example | Reuters</title>
<meta property="og:title" content="France tries an example">
<meta property="og:article:published_time" content="2017-11-08T07:30:00+0000">
<meta name="Author" content="Reuters Editorial">
</head><body><div id="root" data-reactroot="">
<div class="StandardArticle_inner-container_3eB1x">
<div class="ArticleHeader_content-container_3rCeR">
<div class="ArticleHeader_channel_4KD-f"><a href="/news/world">World News</a></div>
<h1 class="ArticleHeader_headline_2zdFM">France tries an example</h1>
<div class="ArticleHeader_date_V9eGk">November 8, 2017 / 7:30 AM / a year ago</div></div>
<div class="BylineBar_byline_2zdFM"><a href="/journalists/marie-roe">Marie Roe</a>, <a href="/journalists/paul-doe">Paul Doe</a></div>
<div class="StandardArticleBody_body_1gnLA">
<figure class="LeadImage_figure_1yV0m"><img src="/p/3.jpg" alt="">
<figcaption class="LeadImage_text_3Rf9x">A tram passes in Paris, France, November 7, 2017. REUTERS/Cy Photographer</figcaption></figure>
<p>PARIS (Reuters) &#8212; France tried an example on Wednesday, officials said.</p>
<p>The example worked.</p><h3>WHAT NEXT</h3><p>More examples are planned.</p>
<div class="Attribution_container_2zdFM"><div class="Attribution_attribution_o4ojT">
<p class="Attribution_content_27_rw">Reporting by Marie Roe; Editing by Paul Doe</p></div></div>
<div class="StandardArticleBody_trustBadgeContainer_1gpdU"><span>Our Standards: The Thomson Reuters Trust Principles.</span></div>
</div></div></div></body></html>]],
    title = "France tries an example", authors = { "Marie Roe", "Paul Doe" },
    published = "2017-11-08T07:30:00+0000", dateline = "PARIS",
    credits = "Reporting by Marie Roe; Editing by Paul Doe",
    captions = { "A tram passes in Paris, France, November 7, 2017. REUTERS/Cy Photographer" },
    paragraphs = { "PARIS (Reuters) \226\128\148 France tried an example on Wednesday, officials said.",
        "The example worked.", "WHAT NEXT", "More examples are planned." } }

-- 4. The 2019-2020 build: the body in .ArticleBodyWrapper, classes with
-- a hyphenated hash ("Paragraph-paragraph-2Bgue"), the photo in a
-- <figure> with a <figcaption>, the credits in an Attribution paragraph,
-- an agency dateline with a region.
PAGES[#PAGES + 1] = { name = "2020 ArticleBodyWrapper", template = "reuters-2020", url =
    "https://www.reuters.com/article/us-germany-example-idUSKBN2000005", html = [[
<!DOCTYPE html><html><head><meta charset="utf-8">
<title>German town holds an example vote - Reuters</title>
<meta property="og:title" content="German town holds an example vote">
<meta property="og:article:published_time" content="2020-08-03T16:45:00Z">
<meta name="article:author" content="Hans Roe">
</head><body><div id="fusion-app">
<header class="site-header"><nav><a href="/">Reuters</a></nav></header>
<main><article class="ArticlePage-article-body-1xN5M">
<div class="ArticleHeader-info-container-3-6YG"><p class="ArticleHeader-channel-2LGrA"><a href="/news/world">World News</a></p>
<h1 class="Headline-headline-2FXIq ArticleHeader-headline-NlAqj">German town holds an example vote</h1>
<p class="Byline-byline-1sVmo ArticleBody-byline-10B7D">By <a href="/journalists/hans-roe">Hans Roe</a></p>
<time class="ArticleHeader-date-Goy3y" datetime="2020-08-03T16:45:00Z">August 3, 2020</time></div>
<div class="ArticleBodyWrapper">
<figure class="Image-container-1RzMb"><img src="/p/4.jpg" alt="">
<figcaption class="Image-caption-2KMcZ"><span>Voters queue in Hanau, Germany, August 2, 2020. REUTERS/Di Photographer</span></figcaption></figure>
<p class="Paragraph-paragraph-2Bgue ArticleBody-para-TD_9x">HANAU, Germany (Reuters) - A German town held an example vote on Monday.</p>
<p class="Paragraph-paragraph-2Bgue ArticleBody-para-TD_9x">Turnout was high.</p>
<p class="Paragraph-paragraph-2Bgue ArticleBody-para-TD_9x">The result is due on Tuesday.</p>
<p class="Attribution-attribution-Y5JpY">Reporting by Hans Roe; Editing by Eva Doe</p>
<p class="TrustBadge-text-2XMvA">Our Standards: <a href="https://thomsonreuters.com/en/about-us/trust-principles.html">The Thomson Reuters Trust Principles.</a></p>
</div></article></main></div></body></html>]],
    title = "German town holds an example vote", authors = { "Hans Roe" },
    published = "2020-08-03T16:45:00Z", dateline = "HANAU, Germany",
    credits = "Reporting by Hans Roe; Editing by Eva Doe",
    captions = { "Voters queue in Hanau, Germany, August 2, 2020. REUTERS/Di Photographer" },
    paragraphs = { "HANAU, Germany (Reuters) - A German town held an example vote on Monday.",
        "Turnout was high.", "The result is due on Tuesday." } }

-- 5. The 2019-2020 build, an agency story: "(Reuters) -" alone (no place),
-- no byline, no photo: dateline nil, no authors, no captions.
PAGES[#PAGES + 1] = { name = "2019 agency story", template = "reuters-2017", url =
    "https://www.reuters.com/article/us-markets-example-idUSKCN1000006", html = [[
<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Markets drift in an example session | Reuters</title>
<meta property="og:title" content="Markets drift in an example session">
<meta property="og:article:published_time" content="2019-05-21T21:10:00+0000">
<meta name="Author" content="Reuters Editorial">
</head><body><div class="StandardArticle_inner-container">
<h1 class="ArticleHeader_headline">Markets drift in an example session</h1>
<div class="BylineBar_byline"></div>
<div class="StandardArticleBody_body">
<p>(Reuters) - Markets drifted in an example session on Tuesday.</p>
<p>Traders waited for more news.</p>
<div class="Attribution_container"><div class="Attribution_attribution">
<p class="Attribution_content">Compiled by Jane Roe</p></div></div>
</div></div><footer><img src="/flag.png" alt="Flag of United States"></footer></body></html>]],
    title = "Markets drift in an example session", authors = {},
    published = "2019-05-21T21:10:00+0000", dateline = nil,
    credits = "Compiled by Jane Roe", captions = {},
    paragraphs = { "(Reuters) - Markets drifted in an example session on Tuesday.",
        "Traders waited for more news." } }

-- 6. The React template of 2018-2020 (un-hashed), a Foundation story:
-- the agency tag is "(Thomson Reuters Foundation)", the date after the
-- place, the credits as "X contributed reporting".
PAGES[#PAGES + 1] = { name = "2018 Foundation story", template = "reuters-2017", url =
    "https://www.reuters.com/article/us-kenya-example-idUSKCN1000007", html = [[
<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Kenyan farmers try an example crop | Reuters</title>
<meta property="og:title" content="Kenyan farmers try an example crop">
<meta property="og:article:published_time" content="2018-10-09T05:00:00+0000">
</head><body><div class="StandardArticle_inner-container">
<div class="ArticleHeader_content-container"><div class="ArticleHeader_channel"><a href="/news/world">World News</a></div>
<h1 class="ArticleHeader_headline">Kenyan farmers try an example crop</h1></div>
<div class="BylineBar_first-container"><div class="BylineBar_byline"><a href="/journalists/kip-roe">Kip Roe</a></div></div>
<div class="StandardArticleBody_body">
<div class="PrimaryAsset_container"><div class="Image_container"><figure class="Image_zoom">
<div class="LazyImage_container"><img src="/p/6.jpg" alt=""></div></figure>
<div class="Image_caption"><span>A farmer walks through a field near Nairobi, Kenya, October 8, 2018. REUTERS/Ed Photographer</span></div></div></div>
<p>NAIROBI, Oct 9 (Thomson Reuters Foundation) - Kenyan farmers are trying an example crop.</p>
<p>They say it grows well.</p>
<p>Ann Smith in London contributed reporting.</p>
</div></div></body></html>]],
    title = "Kenyan farmers try an example crop", authors = { "Kip Roe" },
    published = "2018-10-09T05:00:00+0000", dateline = "NAIROBI",
    credits = "Ann Smith in London contributed reporting.",
    captions = { "A farmer walks through a field near Nairobi, Kenya, October 8, 2018. REUTERS/Ed Photographer" },
    paragraphs = { "NAIROBI, Oct 9 (Thomson Reuters Foundation) - Kenyan farmers are trying an example crop.",
        "They say it grows well." } }

-- A hash suffix on every class name, as CSS modules add: "_" and five
-- characters (the dash and underscore of base64url among them).
local function hashed(html)
    return (html:gsub("(%sclass=)([\"'])(.-)%2", function(pre, q, v)
        return pre .. q .. v:gsub("%S+", function(c) return c .. "_3x-Q9" end) .. q
    end))
end

local function check(label, got, page)
    h.eq(got.title, page.title, label .. ": title")
    h.same(got.authors, page.authors, label .. ": authors")
    h.eq(rules_cli.instant(got.published), rules_cli.instant(page.published), label .. ": published")
    h.eq(got.dateline, page.dateline, label .. ": dateline")
    h.eq(got.credits, page.credits, label .. ": credits")
    h.same(got.captions, page.captions, label .. ": captions")
end

local function each(fn)
    local set = assert(rules.default())
    for _, page in ipairs(PAGES) do
        for _, variant in ipairs({ "with URL", "no URL", "hashed" }) do
            -- (a page written with its hashes is hashed once)
            local html = variant == "hashed" and not page.hashed and hashed(page.html) or page.html
            local url = variant ~= "no URL" and page.url or nil
            fn(set, page, html, url, page.name .. ", " .. variant)
        end
    end
end

return {
    { name = "rules.apply: each template variant gives its fields exactly", fn = function()
        each(function(set, page, html, url, label)
            local doc = assert(core.parse(html, { url = url }))
            local rule = set:match(url, doc, { raw = html })
            h.eq(rule and rule.name, page.template, label .. ": rule")
            local got = rules.apply(rule, doc, { url = url })
            doc:free()
            check(label, got, page)
            local texts = {}
            for i, b in ipairs(got.blocks) do texts[i] = b.text end
            h.same(texts, page.paragraphs, label .. ": paragraphs")
        end)
    end },

    { name = "extract: the same fields, and the generic readers say when they gave one", fn = function()
        local noted = 0
        each(function(set, page, html, url, label)
            local a = assert(newsextract.extract(html, { url = url, rules = set }))
            h.eq(a.rule, page.template, label .. ": rule")
            check(label, a, page)
            h.same(a.paragraphs, page.paragraphs, label .. ": paragraphs")
            for _, n in ipairs(a.notes or {}) do
                if n:find("read by the generic reader", 1, true) then noted = noted + 1 end
            end
        end)
        assert(noted > 0, "no generic reader said it read a field")
    end },

    { name = "rules.apply: a rule whose selectors all miss gets every generic field, noted", fn = function()
        -- a rule written on another build: none of its field selectors
        -- is on these pages; only the body is
        local set = require("rules_helper").set_of({ ["x/a.lua"] = [[return { site = "example.com",
            body = "#story", title = "h1.gone", authors = ".gone-byline", published = ".gone-date",
            dateline = ".gone-place", credits = ".gone-credits", captions = ".gone-caption" }]] })
        h.same(set.errors, {}, "rule loads")
        local PAGE = [[<html><head><title>%s | Example</title>
<meta property="og:title" content="%s"><meta name="author" content="%s">
<meta property="article:published_time" content="%s"></head><body>
<header><img src="/logo.png" alt="The Example Times logo with its motto and more"></header>
<h1>%s</h1><img src="/p.jpg" alt="%s">
<div id="story"><p>%s</p><p>The second paragraph of the story, with enough words in it.</p>
<p>%s</p></div>
<a href="/other"><img src="/t.jpg" alt="Another story of today with a picture of its own"></a></body></html>]]
        local CASES = {
            { "Vienna talks go on", "Jane Roe", "2018-04-05T10:00:00Z",
              "Diplomats meet at a palace in Vienna, Austria, April 4, 2018. REUTERS/Ann Photographer",
              "VIENNA (Reuters) - Talks went on in Vienna on Thursday.",
              "Reporting by Jane Roe; Editing by John Doe", "VIENNA" },
            { "Two capitals sign", "John Doe", "2019-01-02T08:00:00Z",
              "Ministers sign the papers in Washington, U.S., January 1, 2019. REUTERS/Bob Photographer",
              "WASHINGTON/LONDON (Reuters) \226\128\148 The two capitals signed on Wednesday.",
              "Additional reporting by Ann Smith; Editing by Jane Roe", "WASHINGTON/LONDON" },
            { "Markets drift", "Ann Smith", "2020-06-01T21:00:00Z",
              "Traders work on the floor of the exchange in New York, U.S., May 29, 2020. REUTERS/Cy Photographer",
              "(Reuters) -- Markets drifted on Monday.", "Compiled by Ann Smith", nil },
            { "Berlin streitet", "Anna Schmidt", "2020-02-03T12:00:00Z",
              "Abgeordnete sitzen im Bundestag in Berlin, am 2. Februar 2020. REUTERS/Di Fotograf",
              "BERLIN (dpa) \226\128\147 Der Bundestag stritt am Montag.",
              "Bericht von Anna Schmidt, redigiert von Paul Weber", "BERLIN" },
        }
        for i, c in ipairs(CASES) do
            local title, author, date, caption, first, credits, place = c[1], c[2], c[3], c[4], c[5], c[6], c[7]
            local html = PAGE:format(title, title, author, date, title, caption, first, credits)
            local doc = assert(core.parse(html, { url = "https://example.com/a" }))
            local rule = assert(set:match("https://example.com/a", doc))
            local got = rules.apply(rule, doc, { url = "https://example.com/a" })
            doc:free()
            local label = ("CASES[%d]"):format(i)
            h.eq(got.title, title, label .. ": title")
            h.same(got.authors, { author }, label .. ": authors")
            h.eq(rules_cli.instant(got.published), rules_cli.instant(date), label .. ": published")
            h.eq(got.dateline, place, label .. ": dateline")
            h.eq(got.credits, credits, label .. ": credits")
            h.same(got.captions, { caption }, label .. ": captions")
            for _, b in ipairs(got.blocks) do
                assert(b.text ~= credits, label .. ": the credits line is not body")
            end
            local noted = {}
            for _, n in ipairs(got.notes) do
                local f = n:match("^rules/x/a%.lua: (%a+): the rule's selectors found nothing; read by the generic reader$")
                if f then noted[#noted + 1] = f end
            end
            table.sort(noted)
            h.same(noted, place and { "authors", "captions", "credits", "dateline", "published", "title" }
                or { "authors", "captions", "credits", "published", "title" }, label .. ": notes")
        end
    end },

    { name = "the alt-text caption needs a sentence outside links and page furniture", fn = function()
        local set = assert(rules.default())
        -- page 2 without its photo: the header logo, the related story's
        -- thumbnail (a link) and a four-word label are no captions
        local html = PAGES[2].html:gsub('<div class="related%-photo%-container">.-</div>', "")
            :gsub("</body>", '<div><img src="/f.png" alt="Flag of United States"></div></body>')
        local doc = assert(core.parse(html))
        local got = rules.apply(set:match(nil, doc), doc, {})
        doc:free()
        h.same(got.captions, {}, "captions")
    end },
}
