-- SPDX-License-Identifier: MIT
-- The `text` section of the Reuters late-2017 (React) template, for flat
-- text dumps of its pages.  For rules/reuters/2017.lua (owned by the rules
-- engineer): copy this table as that rule's `text = { ... }`.
-- Seen in the seed dump of 2017-12-07 and in w3m/lynx dumps of the
-- 2018-2020 pages of the corpus (same header order, same end marker).
return {
    -- the header starts at the channel line ("#Technology News" in crawler
    -- dumps) or, when the dumper drops the "#", at the date line
    start = { "^#%u", "^%u%l+ %d%d?, %d%d%d%d / %d%d?:%d%d [AP]M" },
    -- the trust-principles footer closes the article
    stop = { "^Our Standards:" },
    -- image placeholders and the slideshow counter
    drop = { "^%[[^%]]*%]$", "^Slideshow %(%d+ Images%)$" },
    -- photo captions end with the photographer credit
    caption = { "REUTERS/[%u][^/]*$", "REUTERS/[%u][^/]*/File Photo$" },
    section = { "^#(%u.*)$" },
    -- "December 7, 2017 / 11:56 AM / a day ago": the part before the
    -- relative age
    date = { "^(%u%l+ %d%d?, %d%d%d%d / %d%d?:%d%d [AP]M)" },
    date_format = "%B %d, %Y / %I:%M %p",
    -- "Reuters Staff", "Eric Auchard, Stephen Nellis": names only, no "By"
    byline = { "^By (.+)$", "^(%u[%a.'%-]* %u[%a.' ,%-]*%a)$" },
    reading_time = { "^%d+ Min Read$" },
}
