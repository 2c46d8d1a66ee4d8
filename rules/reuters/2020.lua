-- SPDX-License-Identifier: MIT
-- rules/reuters/2020.lua: the Reuters build of 2019-2020 whose body is
-- .ArticleBodyWrapper (the markup other scrapers of reuters.com name for
-- those years), its class names hashed with a hyphen
-- ("Paragraph-paragraph-2Bgue", "Headline-headline-2FXIq").  No real page
-- of it is in our corpus: the rule is written on synthetic pages in its
-- shape (tests/lua/test_rules_templates.lua), and every field it misses
-- goes to the generic reader of that field.
return {
    site = "reuters.com",
    template = "reuters-2020",
    about = "Reuters article pages, the .ArticleBodyWrapper build (2019-2020)",
    -- The variants of the template this rule is tested on
    -- (tests/lua/test_rules_templates.lua).
    variants = {
        "body in .ArticleBodyWrapper, paragraphs with hyphen-hashed classes",
        "photos in <figure> with a <figcaption>",
        "dateline as \"PLACE (Reuters) -\" in the first paragraph, or none",
        "credits in an Attribution paragraph, or a credits line closing the body",
        "class names with a CSS-module hash suffix (_1gnLA) as well",
    },

    detect = ".ArticleBodyWrapper",

    -- the headline's class carries a hyphenated hash: the page's h1
    title = { "h1", { meta = "og:title" } },
    -- "By Hans Roe": one <a> per journalist in the byline paragraph
    authors = {
        { "//*[starts-with(@class, 'Byline-byline') or contains(@class, ' Byline-byline')]//a", all = true },
        { meta = "article:author" },
    },
    published = {
        { meta = "og:article:published_time" },
        { meta = "article:published_time" },
        { "time", attr = "datetime" },
    },
    modified = { { meta = "og:article:modified_time" }, { meta = "article:modified_time" } },
    dateline = {
        { "(//*[has-class('ArticleBodyWrapper')]//p[normalize-space()])[1]",
          pattern = "^([^()]-)%s*%([^()]*Reuters[^()]*%)%s*[-\226]",
          replace = { { ",?%s+%u%l%l%a*%.?%s+%d%d?$", "" } } },
    },
    credits = { "//*[has-class('ArticleBodyWrapper')]//p[contains(@class, 'Attribution')]" },
    captions = { ".ArticleBodyWrapper figcaption" },
    lead_image = { { meta = "og:image" } },
    description = { { meta = "og:description" }, { meta = "description" } },

    body = { ".ArticleBodyWrapper" },
    strip = {
        "figure",                                   -- photos and their captions
        "//p[contains(@class, 'Attribution')]",     -- the credits line
        -- the trust-principles line, as the FTR rule for reuters.com strips it
        "//a[contains(@href, '/about-us/trust-principles')]/parent::*[not(.//p[2])]",
    },
}
