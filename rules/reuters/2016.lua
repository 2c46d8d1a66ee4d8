-- SPDX-License-Identifier: MIT
-- rules/reuters/2016.lua: the Reuters server-rendered template, 2016 to
-- mid-2017 (pages of Dec 2016 and Mar 2017 seen).  Also what the
-- Full-Text RSS rule of 2017-09-01 and the Mercury rule of 2017-01-23 read.
--
-- Some copies of these pages went through a normaliser that rewrote every
-- <meta content=> to <meta value=>; `meta =` selectors read both.
return {
    site = "reuters.com",
    template = "reuters-2016",
    about = "Reuters article pages, server template (2016-2017)",
    -- The variants of the template this rule is tested on
    -- (tests/lua/test_rules_reuters.lua, test_rules_variants.lua).
    variants = {
        "span#article-text body, h1.article-headline (2016-12 to 2017)",
        "span#articleText body (the older build of the same template)",
        "dateline as \"PLACE (Reuters) -\" in the first paragraph's text",
        "a photo whose caption is only its alt text (.related-photo-container)",
        "a slide's caption straight in .module-txt (no .module-caption box)",
        "h1.headline3 title (the markup of the FTR rule of 2017-09)",
        "class names with a CSS-module hash suffix",
        "dateline in span.articleLocation, or any element opening the first paragraph",
        "captions in .module-caption, or any figcaption / caption-class element",
        "no #article-byline box (authors from og:article:author)",
    },

    -- The body span and the headline class together; #article-text alone
    -- is also used by other sites.
    -- (#articleText on the older build of the template).
    detect = { "span#article-text, span#articleText", "h1.article-headline" },

    title = {
        "h1.article-headline",
        "h1.headline3",                        -- the FTR rule's older name
        { meta = "og:title" },
    },
    -- "By Howard Schneider and Lindsay Dunsmuir", one <a> per journalist
    authors = {
        { "#article-byline .author a", all = true },
        "#article-byline .author",
        { meta = "og:article:author" },
    },
    published = {
        { meta = "og:article:published_time" },  -- "2016-12-14T22:03:42+0000"
        { meta = "revision_date",                -- "Wed Dec 14 22:03:42 UTC 2016"
          format = "%a %b %d %H:%M:%S UTC %Y", timezone = "UTC" },
    },
    modified = { { meta = "og:article:modified_time" } },
    section = { ".article-section", { meta = "og:article:section" } },
    -- <p><span class="articleLocation">WASHINGTON</span> The U.S. ...: the
    -- place in a span of its own (kept in the body text as printed)
    -- or, with no span, "WASHINGTON/LONDON (Reuters) - ..." in the text of
    -- the first paragraph ("(Reuters) -" alone names no place; a date after
    -- the place, "WASHINGTON, Dec 14", is no part of it)
    dateline = {
        "span.articleLocation",
        { "(//span[@id='article-text' or @id='articleText']//p[normalize-space()])[1]",
          pattern = "^(%u[^()]-)%s*%([^()]*Reuters[^()]*%)%s*[-\226]",
          replace = { { ",?%s+%u%l%l%a*%.?%s+%d%d?$", "" } } },
    },
    -- "(Reporting by ...; Editing by ...)": the last paragraph in
    -- parentheses.  Every paragraph is looked at, last first; only a line
    -- that reads as credits is taken.
    credits = { "#article-text p", "#articleText p" },
    -- slideshow captions, each slide once (repeats are dropped)
    -- (a lead photo printed without one: its alt text, which holds the
    -- same caption)
    captions = {
        ".module-caption",
        ".module-meta .module-txt",             -- a slide's text without the caption box
        { ".related-photo-container img", attr = "alt" },
    },
    lead_image = { { meta = "og:image" } },
    description = { { meta = "og:description" }, { meta = "description" } },

    body = { "#article-text", "#articleText" },
    strip = {
        "#article-byline",                      -- byline and "| WASHINGTON"
        -- the credits paragraph (read above): the last non-empty paragraph,
        -- when it opens with a parenthesis
        "(//span[@id='article-text' or @id='articleText']//p[normalize-space()])[last()]"
            .. "[starts-with(normalize-space(), '(')]",
        ".related-content",
        "figure",                               -- photos and their captions
        "li.next",                              -- FTR: "next story" link
    },

    tests = {
        { case = "reuters-2016", url = "http://www.reuters.com/article/us-example-idUSKBN0000002",
          title = "Example headline for the server template",
          authors = { "Jane Roe", "John Doe" }, section = "Business News",
          published = "2016-12-14T22:03:42+0000", dateline = "WASHINGTON",
          credits = "Reporting by Jane Roe; Editing by John Doe",
          captions = { "A caption of the first slide. REUTERS/Ann Photographer" },
          paragraphs = { "WASHINGTON The first paragraph of the story.",
                         "A second paragraph.", "A SUBTITLE", "The last paragraph." } },
        { page = "reuters/2016-us-usa-fed-idUSKBN1430G4.html",
          url = "http://www.reuters.com/article/us-usa-fed-idUSKBN1430G4",
          title = "Fed lifts rates, sees faster pace of hikes in Trump's first year",
          authors = { "Howard Schneider", "Lindsay Dunsmuir" },
          published = "2016-12-14T22:03:42Z", section = "Business News",
          dateline = "WASHINGTON",
          contains = { "The U.S. Federal Reserve raised interest rates on Wednesday", "TRUMP IMPACT" },
          excludes = { "(Reporting by", "REUTERS/Gary Cameron" } },
    },
}
