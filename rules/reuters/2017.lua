-- SPDX-License-Identifier: MIT
-- rules/reuters/2017.lua: the Reuters React template, late 2017 to 2020.
--
-- Class names come from CSS modules: "Component_part", with a hash suffix
-- on the 2017-2018 builds ("StandardArticleBody_body_1gnLA") and without on
-- the 2019-2020 ones.  A CSS class selector matches both (".X" matches
-- "X_1gnLA"), so every selector here is written without the hash.
-- Markup seen on six pages of 2018-2020 (the un-hashed builds); the hashed
-- builds are checked by a test that appends hashes to every class.
return {
    site = "reuters.com",
    template = "reuters-2017",
    about = "Reuters article pages, React template (2017-2020)",
    -- The variants of the template this rule is tested on
    -- (tests/lua/test_rules_reuters.lua, test_rules_variants.lua).
    variants = {
        "React template, .StandardArticleBody_body (2017-2020)",
        "class names with a CSS-module hash suffix (_1gnLA)",
        "dateline as \"PLACE (Reuters) -\" in the first paragraph",
        "captions in .Image_caption, or any figcaption / caption-class element",
        "credits in .Attribution_content, or a credits line closing the body",
        "graphics pages without a dateline; pages without photos",
    },

    -- The article body container exists on every article page of this
    -- template and on no page of the 2016 one.
    detect = ".StandardArticleBody_body",

    title = {
        ".ArticleHeader_headline",
        { meta = "og:title" },
    },
    -- One <a> per journalist in the byline bar ("Eric Auchard, Stephen
    -- Nellis").  Agency-only stories have an empty bar: no authors, and the
    -- meta tag then says "Reuters Editorial", so it is not a fallback.
    authors = {
        { ".BylineBar_byline a", all = true },
        ".BylineBar_byline",
    },
    -- The header's date is "March 15, 2018 /  11:37 AM / 2 years ago"
    -- (local time, no zone); the meta tag has the instant.
    published = {
        { meta = "og:article:published_time" },
        { meta = "article:published_time" },
    },
    modified = {
        { meta = "og:article:modified_time" },
        { meta = "article:modified_time" },
    },
    -- "Technology News", "World News", "Politics"
    section = { ".ArticleHeader_channel" },
    -- "LONDON/SAN FRANCISCO (Reuters) - ..." in the first paragraph; the
    -- place stays in the body text as printed.  "(Reuters) - ..." alone
    -- and "NEW YORK A protracted..." (no agency tag) give no dateline.
    dateline = {
        { ".StandardArticleBody_body p", pattern = "^([^()]-)%s*%([^()]*Reuters[^()]*%)%s*[-\226]",
          -- "NAIROBI, Oct 9 (Thomson Reuters Foundation) -": the date is no place
          replace = { { ",?%s+%u%l%l%a*%.?%s+%d%d?$", "" } } },
    },
    -- "Reporting by ...; Editing by ..." closes the article, no parentheses.
    credits = { ".Attribution_content" },
    -- Photo captions with the photographer credit.  Slideshows print
    -- "Slideshow (2 Images)" in a caption of their own: not a caption.
    captions = { ".Image_caption" },
    reading_time = { ".BylineBar_reading-time" },   -- "5 Min Read"
    lead_image = { { meta = "og:image" } },
    description = { { meta = "og:description" }, { meta = "description" } },

    body = { ".StandardArticleBody_body" },
    strip = {
        ".Attribution_container",                   -- the credits line
        ".StandardArticleBody_trustBadgeContainer", -- "Our Standards: ..."
        ".PrimaryAsset_container",                  -- lead photo + caption
        ".Image_container",                         -- inline photos
        ".SmallImage_small-image",
        "figure",                                   -- a photo of another build
        ".Slideshow_container",                     -- "Slideshow (N Images)"
        -- Not in our pages, named by other scrapers of this template:
        ".RelatedCoverage_related-coverage-module", -- "Related Coverage" box
        ".DPSlot_container",                        -- inline ad slots
        ".StandardArticleBody_dianomi-container",   -- paid links
        -- the trust-principles line as the FTR rule of 2025 strips it
        "//a[contains(@href, '/about-us/trust-principles')]/parent::*[not(.//p[2])]",
    },

    -- For flat text dumps of these pages (see lua/newsextract/textdump.lua
    -- and docs/TEXT.md).
    text = {
        -- the header starts at the channel line ("#Technology News" in
        -- crawler dumps) or, when the dumper drops the "#", at the date line
        start = { "^#%u", "^%u%l+ %d%d?, %d%d%d%d / %d%d?:%d%d [AP]M" },
        -- the trust-principles footer closes the article
        stop = { "^Our Standards:" },
        -- image placeholders and the slideshow counter
        drop = { "^%[[^%]]*%]$", "^Slideshow %(%d+ Images%)$" },
        -- photo captions end with the photographer credit
        caption = { "REUTERS/[%u][^/]*$", "REUTERS/[%u][^/]*/File Photo$" },
        section = { "^#(%u.*)$" },
        -- "December 7, 2017 / 11:56 AM / a day ago": the part before the age
        date = { "^(%u%l+ %d%d?, %d%d%d%d / %d%d?:%d%d [AP]M)" },
        date_format = "%B %d, %Y / %I:%M %p",
        -- "Reuters Staff", "Eric Auchard, Stephen Nellis": names, no "By"
        byline = { "^By (.+)$", "^(%u[%a.'%-]* %u[%a.' ,%-]*%a)$" },
        reading_time = { "^%d+ Min Read$" },
    },

    tests = {
        -- Synthetic pages in this template's shape (tests/fixtures/).
        { case = "reuters-2017", url = "https://www.reuters.com/article/us-example-idUSKBN0000001",
          title = "Example headline for the React template",
          authors = { "Jane Roe", "John Doe" }, section = "World News",
          published = "2018-03-15T11:36:28+0000", dateline = "LONDON/PARIS",
          reading_time = 3, credits = "Reporting by Jane Roe; Editing by John Doe",
          captions = { "A sign is seen in London, Britain. REUTERS/Ann Photographer" },
          paragraphs = { "LONDON/PARIS (Reuters) - The first paragraph of the story.",
                         "A second paragraph with more detail.", "A SUBHEADING",
                         "The last paragraph." } },
        { case = "reuters-2017-hashed",
          title = "Hashed class names still match", authors = {},
          section = "Business News", reading_time = 1, dateline = false,
          published = "2017-12-07T11:56:00+0000",
          credits = "Reporting by Jane Roe", captions = {},
          paragraphs = { "(Reuters) - An agency story without a place.", "Second paragraph." } },
        -- Real pages of the shared corpus ($NX_CORPUS; never copied here).
        { page = "reuters/2018-us-qualcomm-m-a-broadcom-5g-idUSKCN1GR1IN.html",
          url = "https://www.reuters.com/article/us-qualcomm-m-a-broadcom-5g-idUSKCN1GR1IN",
          title = "What is 5G and who are the major players?",
          authors = { "Eric Auchard", "Stephen Nellis" }, reading_time = 5,
          section = "Technology News", dateline = "LONDON/SAN FRANCISCO",
          published = "2018-03-15T11:36:28+0000",
          credits = "Editing by Kim Miyoung in Singapore and Jason Neely in London",
          contains = { "WHAT IS 5G?", "Huawei, Nokia, Ericsson and others" },
          excludes = { "Our Standards", "Slideshow (2 Images)", "REUTERS/Yves Herman" } },
        { page = "reuters/2020-us-volkswagen-skoda-idUSKBN1ZC1DA.html",
          title = "Volkswagen's Skoda Auto 2019 deliveries dip to 1.24 million cars due to weaker sales in China",
          authors = {}, reading_time = 1, dateline = "PRAGUE", credits = "Reporting by Jason Hovet" },
    },
}
