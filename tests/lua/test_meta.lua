-- SPDX-License-Identifier: MIT
-- tests/lua/test_meta.lua: dates, authors and titles of the metadata path
-- (issue 12), as case tables of small pages we wrote, in many languages.
local nx = require("newsextract")
local fields = require("newsextract.fields")
local meta = require("newsextract.meta")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local BODY = "<p>" .. ("Die Worte des Artikels gehen weiter und weiter, Satz um Satz. "):rep(8) .. "</p>"

local function page(head, body, opts)
    opts = opts or {}
    local html = "<html" .. (opts.lang and (' lang="' .. opts.lang .. '"') or "") .. "><head>" ..
        (head or "") .. "</head><body>" .. (body or "") .. BODY .. "</body></html>"
    opts.lang = nil
    if opts.rules == nil then opts.rules = false end
    return assert(nx.extract(html, opts))
end

local function day(a) return a.published and a.published:sub(1, 10) end

-- {======================================================================
-- Printed dates: { line, published day, modified day }
local REF = fields.reference_day("2020-06-15T10:00:00Z")
local TEXT_DATES = {
    -- English
    { "Posted on Dec. 7, 2017 by Jane Roe", "2017-12-07" },
    { "December 7th, 2017", "2017-12-07" },
    { "Published 7 December 2017, 10:00 GMT", "2017-12-07" },
    { "Sept. 3, 2019", "2019-09-03" },
    { "Posted on the 12th of March, 2015", "2015-03-12" },
    { "12/07/2017", "2017-12-07" },          -- US: month first
    { "31/12/2017", "2017-12-31" },          -- impossible as a month: day first
    { "Published May 3, 2020. Updated May 4, 2020", "2020-05-03", "2020-05-04" },
    { "Updated: May 4, 2020", nil, "2020-05-04" },
    { "2017-12-07T10:00:00+01:00", "2017-12-07" },
    -- German
    { "Veröffentlicht am 7. Dezember 2017 um 10:00 Uhr", "2017-12-07" },
    { "07.12.2017 | 10:12", "2017-12-07" },
    { "Mittwoch, 12.04.2017", "2017-04-12" },
    { "Stand: 03.02.15 17:12 Uhr", "2015-02-03" },
    { "3. März 2016", "2016-03-03" },
    { "1. Mai 2019", "2019-05-01" },
    { "Aktualisiert am 8. Januar 2018", nil, "2018-01-08" },
    { "Erstellt: 2. Februar 2012, aktualisiert: 5. Februar 2012", "2012-02-02", "2012-02-05" },
    { "Geschrieben am 14-Mär-2013 von Hans", "2013-03-14" },
    { "Donnerstag, 12. März 2015, 14:30 Uhr", "2015-03-12" },
    { "Veröffentlicht: 12.3.2015", "2015-03-12" },
    { "12. Mär. 2015", "2015-03-12" },
    { "3. Okt. 2016", "2016-10-03" },
    { "So, 7. Dez. 2014", "2014-12-07" },
    { "07.Dezember 2017", "2017-12-07" },
    { "07Dez2017", "2017-12-07" },           -- day, month, year in spans of their own
    { "Do., 07.12.2017", "2017-12-07" },
    -- French
    { "Publié le 7 décembre 2017 à 10h00", "2017-12-07" },
    { "1er mars 2019", "2019-03-01" },
    { "Mis à jour le 9 août 2018", nil, "2018-08-09" },
    { "Posté le 15/12/2019 à 19:00 par Marie", "2019-12-15" },
    { "le 7-déc-2017", "2017-12-07" },
    -- Spanish
    { "7 de diciembre de 2017", "2017-12-07" },
    { "Por Ana Ruiz el 04-ago-2019 5:11:10", "2019-08-04" },
    { "Publicado el 3 de mayo de 2016", "2016-05-03" },
    -- Italian
    { "7 dicembre 2017", "2017-12-07" },
    { "Pubblicato il 12 giugno 2014", "2014-06-12" },
    -- Portuguese
    { "7 de dezembro de 2017", "2017-12-07" },
    { "Publicado em 3 de março de 2015", "2015-03-03" },
    { "7 set. 2013", "2013-09-07" },
    { "7 out 2013", "2013-10-07" },
    { "7 mag 2013", "2013-05-07" },
    -- Dutch
    { "7 december 2017", "2017-12-07" },
    { "Gepubliceerd op 14 maart 2013", "2013-03-14" },
    -- Polish, Czech, Swedish, Danish, Finnish, Turkish, Russian
    { "7 grudnia 2017", "2017-12-07" },
    { "7. prosince 2017", "2017-12-07" },
    { "7 december 2017 kl. 10:15", "2017-12-07" },
    { "7. marts 2017", "2017-03-07" },
    { "7. joulukuuta 2017", "2017-12-07" },
    { "7 Aralık 2017", "2017-12-07" },
    { "7 декабря 2017", "2017-12-07" },
    -- relative, against the reference day 2020-06-15
    { "vor 3 Tagen", "2020-06-12" },
    { "2 hours ago", "2020-06-15" },
    { "il y a 2 jours", "2020-06-13" },
    { "hace 2 días", "2020-06-13" },
    { "3 giorni fa", "2020-06-12" },
    { "há 2 dias", "2020-06-13" },
    { "5 dagen geleden", "2020-06-10" },
    { "gestern, 10:00", "2020-06-14" },
    -- a number in words, the day before yesterday
    { "vor einer Woche", "2020-06-08" },
    { "vor einem Monat", "2020-05-16" },
    { "a day ago", "2020-06-14" },
    { "an hour ago", "2020-06-15" },
    { "il y a un an", "2019-06-16" },
    { "il y a 3 heures", "2020-06-15" },
    { "hace una semana", "2020-06-08" },
    { "há um dia", "2020-06-14" },
    { "een week geleden", "2020-06-08" },
    { "vorgestern", "2020-06-13" },
    { "avant-hier", "2020-06-13" },
    { "anteayer", "2020-06-13" },
    { "l'altro ieri", "2020-06-13" },
    { "Letzte Änderung: 08.12.2017", nil, "2017-12-08" },
    { "Hans sagt: 08.12.2017 um 10:00" },     -- a comment's time stamp
    { "Antworten 08.12.2017" },
    { "Marta dice: 8 de diciembre de 2017" },
    -- no publication date: copyright and comments, implausible days
    { "© 2019 Example Media" },
    { "Copyright 2018 Example" },
    { "Jane says: 3. Mai 2019 um 10:00" },
    { "7 December 1985" },                   -- before the web
    { "7 December 2021" },                   -- after the reference day
    { "31.02.2017" },                        -- no such day
    { "Seite 12.5 von 2017" },
}

case("printed dates in seven languages: published, modified, none", function()
    for _, c in ipairs(TEXT_DATES) do
        local p, m = fields.text_dates(c[1], REF)
        h.eq(p, c[2], c[1] .. ": published")
        h.eq(m, c[3], c[1] .. ": modified")
    end
    -- relative dates need a reference day
    h.eq(fields.text_dates("vor 3 Tagen"), nil, "no reference: no relative date")
    h.raises("fields.text_dates: expected a string", fields.text_dates, 5)
end)

case("reference_time: ISO 8601 or Unix seconds, a bad one raises", function()
    h.eq(fields.reference_day("1970-01-02"), 1)
    h.eq(fields.reference_day(86400 * 365), 365)
    h.eq(fields.reference_day("2020-06-15T10:00:00Z"), fields.reference_day(1592215200))
    h.raises("option 'reference_time'", nx.extract, "<p>x</p>", { reference_time = "soon" })
    h.raises("option 'reference_time': expected string|number", nx.extract, "<p>x</p>",
        { reference_time = true })
    local a = page(nil, "<h1>Die Stadt baut neu</h1><div class='meta'>vor 3 Tagen</div>",
        { reference_time = "2020-06-15T08:00:00Z" })
    h.eq(day(a), "2020-06-12", "relative date against the reference time")
    a = page(nil, "<h1>Die Stadt baut neu</h1><div class='meta'>vor 3 Tagen</div>")
    h.eq(a.published, nil, "without a reference time relative dates are not used")
    -- not after the reference time
    a = page('<meta property="article:published_time" content="2024-01-01T00:00:00Z">', nil,
        { reference_time = 1592215200 })
    h.eq(a.published, nil, "a declared date after the reference time")
end)
-- }======================================================================

-- {======================================================================
-- Dates of whole pages: { what, head, body, published day [, modified day [, opts]] }
local PAGES = {
    { "JSON-LD in @graph, WebPage only",
      [[<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","name":"Blog"},{"@type":"WebPage","datePublished":"2014-05-06T08:00:00+02:00",
        "dateModified":"2015-01-02T08:00:00+02:00"}]}</script>]], "", "2014-05-06", "2015-01-02" },
    { "JSON-LD dateCreated", [[<script type="application/ld+json">{"@type":"BlogPosting",
        "headline":"x","dateCreated":"2013-03-04"}</script>]], "", "2013-03-04" },
    { "JSON-LD that does not parse (a trailing comma, a raw line break)",
      '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Zeile\neins",' ..
      '"datePublished":"2016-03-04T10:00:00+01:00","dateModified":"2016-03-05T10:00:00+01:00",}</script>', "",
      "2016-03-04", "2016-03-05" },
    { "parsely-pub-date", '<meta name="parsely-pub-date" content="2016-07-08T10:00:00Z">', "", "2016-07-08" },
    { "sailthru.date", '<meta name="sailthru.date" content="2012-11-10 09:00:00">', "", "2012-11-10" },
    { "citation_publication_date", '<meta name="citation_publication_date" content="2011/04/05">', "",
      "2011-04-05" },
    { "DC.date.issued", '<meta name="DC.date.issued" content="2010-02-03">', "", "2010-02-03" },
    { "<time pubdate>", "", '<time pubdate datetime="2018-09-10">10.09.2018</time>', "2018-09-10" },
    { "itemprop datePublished", "", '<span itemprop="datePublished" content="2019-01-02">2. Januar</span>',
      "2019-01-02" },
    { "German date under the headline", "", "<h1>Neue Brücke für die Altstadt</h1>" ..
      "<p class='x'>Von Anna Müller, 7. Dezember 2017</p>", "2017-12-07" },
    { "German date in a date element", "", "<div class='entry-datum'>Veröffentlicht: 03.02.2015</div>" ..
      "<h1>Neue Brücke</h1>", "2015-02-03" },
    { "French date above the headline", "", "<span>Publié le 1er mars 2019</span>" ..
      "<h1>Un nouveau pont pour la ville</h1>", "2019-03-01" },
    { "Spanish date", "", "<h1>Un puente nuevo</h1><div class='fecha'>7 de diciembre de 2017</div>",
      "2017-12-07" },
    { "Italian date", "", "<h1>Un ponte nuovo</h1><p>Pubblicato il 12 giugno 2014</p>", "2014-06-12" },
    { "Portuguese date", "", "<h1>Uma ponte nova</h1><p>3 de março de 2015</p>", "2015-03-03" },
    { "Dutch date", "", "<h1>Een nieuwe brug</h1><p>Gepubliceerd op 14 maart 2013</p>", "2013-03-14" },
    { "a label in its own element", "", "<h1>Neue Brücke</h1><span>Aktualisiert:</span><span>8. Januar 2018</span>" ..
      "<span>Erstellt:</span><span>2. Januar 2018</span>", "2018-01-02", "2018-01-08" },
    { "an updated line only: the date the page gives", "",
      "<h1>Neue Brücke</h1><p>Updated May 4, 2020</p>", "2020-05-04", "2020-05-04" },
    { "copyright and comment dates are not publication dates", "",
      "<h1>Neue Brücke</h1>" .. BODY .. "<div class='comments'><div class='date'>3. Mai 2019</div></div>" ..
      "<footer><div class='date'>© 2019</div></footer>", nil },
    { "a page wrapper that says 'comments' is no comment thread", "",
      "<article class='post has-comments'><h1>Neue Brücke</h1><p>7. Dezember 2017</p></article>", "2017-12-07" },
    { "the URL path", "", "", "2017-12-07", nil, { url = "https://example.org/2017/12/07/bruecke" } },
    { "the canonical URL's path, without opts.url",
      '<link rel="canonical" href="https://blog.example.de/2014/05/06/neue-bruecke/">', "", "2014-05-06" },
    { "og:url's path", '<meta property="og:url" content="https://example.de/2013/11/02/x.html">', "",
      "2013-11-02" },
    { "a meta name that says publish", '<meta name="w-published-date" content="2016-04-05T06:03:43Z">',
      "", "2016-04-05" },
    { "03/04/2015 on a German page is the 3rd of April", "", "<h1>Neue Brücke</h1><p>03/04/2015</p>",
      "2015-04-03", nil, { lang = "de" } },
    { "03/04/2015 on a British page too", "", "<h1>New bridge</h1><p>03/04/2015</p>",
      "2015-04-03", nil, { lang = "en-GB" } },
    { "03/04/2015 on an American page is March 4", "", "<h1>New bridge</h1><p>03/04/2015</p>",
      "2015-03-04", nil, { lang = "en-US" } },
    { "an updated meta name is no publication", '<meta name="x-published-updated" content="2016-04-05">',
      "", nil },
    { "a German blog's article footer (WordPress entry-footer)", "",
      "<article><h1>Neue Brücke</h1>" .. BODY .. "<footer class='entry-footer'><span class='posted-on'>" ..
      "Veröffentlicht am <a href='#'>12. März 2015</a></span></footer></article>" ..
      "<footer class='site-footer'><p class='date'>1. Januar 2020</p></footer>", "2015-03-12" },
    { "the page's own footer still says nothing", "",
      "<h1>Neue Brücke</h1>" .. BODY .. "<footer class='site-footer'><p class='date'>1. Januar 2020</p></footer>",
      nil },
    { "no markup, no h1: the first printed date of the page (last resort)", "",
      "<div><h2>Neue Brücke für die Altstadt</h2><p>Geschrieben am 14.03.2013 von Hans</p></div>",
      "2013-03-14" },
    { "the last resort skips comments and side boxes", "",
      "<div class='sidebar'><p>Archiv 02.01.2012</p></div><h2>Neue Brücke</h2>" ..
      "<div class='comments'><p>Kommentar vom 05.06.2014</p></div>", nil },
    { "the URL path, compact", "", "", "2017-12-07", nil, { url = "https://example.org/n/20171207/a.html" } },
    { "itemprop dateCreated in a <meta> of the body", "",
      "<article><h1>Neue Brücke</h1><meta itemprop='dateCreated' content='2012-12-07'></article>", "2012-12-07" },
    { "itemprop dateCreated of a comment is not the article's", "",
      "<h1>Neue Brücke</h1>" .. BODY .. "<div itemprop='comment' itemscope><meta itemprop='dateCreated' " ..
      "content='2013-01-02'><p>Gut!</p></div>", nil },
    { "DC.date.created", '<meta name="DC.date.created" content="2012-12-07">', "", "2012-12-07" },
    { "Unix seconds in article:published_time",
      '<meta property="article:published_time" content="1512640800">', "", "2017-12-07" },
    { "Unix milliseconds in article:published_time",
      '<meta property="article:published_time" content="1512640800000">', "", "2017-12-07" },
    { "WordPress: time.updated printed before time.published", "",
      "<article><h1>Neue Brücke</h1><time class='updated' datetime='2012-12-09'>Sonntag</time>" ..
      "<time class='entry-date published' datetime='2012-12-07'>Freitag</time></article>",
      "2012-12-07", "2012-12-09" },
}

case("dates of pages: every declared source, printed dates, the URL", function()
    for _, c in ipairs(PAGES) do
        local a = page(c[2], c[3], c[6])
        h.eq(day(a), c[4], c[1] .. ": published")
        if c[5] then h.eq(a.modified and a.modified:sub(1, 10), c[5], c[1] .. ": modified") end
    end
end)

-- Blog and news templates, each in a page with what misleads: a comment
-- thread with its own <time>, a sidebar's archive and recent-posts
-- widgets, a copyright line.  { what, lang, article markup, day [, url] }
local BODY2 = "<div class='entry-content'>" .. BODY .. "</div>"
local MISLEAD = [[<div id="comments" class="comments-area"><ol class="comment-list">
<li class="comment"><div class="comment-meta"><time datetime="2018-02-01T08:00:00+01:00">1. Februar
2018 um 08:00</time></div><p>Toller Beitrag!</p></li></ol></div></main>
<aside id="secondary" class="widget-area"><section class="widget widget_archive"><h2>Archiv</h2>
<ul><li><a href="/2018/01/">Januar 2018</a>&nbsp;(3)</li><li><a href="/2017/11/">November 2017</a>
&nbsp;(5)</li></ul></section><section class="widget widget_recent_entries"><ul><li><a href="/x">Anderer
Beitrag</a><span class="post-date">3. Januar 2018</span></li><li><time datetime="2018-01-02">2.
Januar 2018</time></li></ul></section></aside>
<footer id="colophon"><p>&copy; 2009 - 2019 Mein Blog</p></footer>]]
local BLOGS = {
    { "WordPress: time.entry-date.published and .updated", "de-DE", [[<h1 class="entry-title">Ein Beitrag</h1>
      <div class="entry-meta"><span class="posted-on">Veröffentlicht am <a href="/x" rel="bookmark"><time
      class="entry-date published" datetime="2017-12-07T10:00:00+01:00">7. Dezember 2017</time><time
      class="updated" datetime="2018-01-02T09:00:00+01:00">2. Januar 2018</time></a></span></div>]], "2017-12-07" },
    { "WordPress: span.date, German", "de-DE", [[<h1 class="entry-title">Ein Beitrag</h1>
      <div class="post-meta"><span class="date">7. Dezember 2017</span> <span class="author">von Hans</span></div>]],
      "2017-12-07" },
    { "hAtom: abbr.published's title", "de", [[<h2 class="entry-title">Ein Beitrag</h2>
      <abbr class="published" title="2017-12-07T10:00:00+01:00">vor langer Zeit</abbr>]], "2017-12-07" },
    { "Blogger: date-header", "de", [[<h2 class="date-header"><span>Donnerstag, 7. Dezember 2017</span></h2>
      <div class="post hentry"><h3 class="post-title entry-title">Ein Beitrag</h3></div>]], "2017-12-07" },
    { "Blogger: the time stamp's abbr", "de", [[<div class="post hentry"><h3 class="post-title entry-title">Ein
      Beitrag</h3><div class="post-footer">Eingestellt von Hans um <a class="timestamp-link" href="/x"><abbr
      class="published" itemprop="datePublished" title="2017-12-07T10:15:00+01:00">10:15</abbr></a></div></div>]],
      "2017-12-07" },
    { "Drupal: submitted", "de", [[<h1>Ein Beitrag</h1><div class="submitted">Submitted by hans on Do,
      07.12.2017 - 10:15</div>]], "2017-12-07" },
    { "TYPO3 news", "de", [[<div class="news news-single"><div class="article"><h1>Ein Beitrag</h1>
      <span class="news-list-date">07.12.2017</span></div></div>]], "2017-12-07" },
    { "German news: Veröffentlicht am ... um ... Uhr", "de", [[<h1>Ein Beitrag</h1><p class="info">Veröffentlicht
      am 07.12.2017 um 10:15 Uhr</p>]], "2017-12-07" },
    { "German news: Stand", "de", "<h1>Ein Beitrag</h1><p>Stand: 07.12.2017 10:15 Uhr</p>", "2017-12-07" },
    { "German: 07.12.17", "de", "<h1>Ein Beitrag</h1><p class='date'>07.12.17</p>", "2017-12-07" },
    { "German: 7. Dez. 2017", "de", "<h1>Ein Beitrag</h1><p class='meta'>7. Dez. 2017, 10:15 Uhr</p>", "2017-12-07" },
    { "Jimdo-like: day, month, year in spans", "de", [[<h1>Ein Beitrag</h1><div class="datetime"><span
      class="day">07</span><span class="mon">Dez</span><span class="yr">2017</span></div>]], "2017-12-07" },
    { "French: publié le", "fr", "<h1>Un article</h1><p class='byline'>Publié le 7 décembre 2017 à 10h15</p>",
      "2017-12-07" },
    { "French: le 07/12/2017 à 10h15", "fr", "<h1>Un article</h1><p>Par Jean, le 07/12/2017 à 10h15</p>",
      "2017-12-07" },
    { "Spanish", "es", "<h1>Un artículo</h1><p class='fecha'>Publicado el 7 de diciembre de 2017</p>", "2017-12-07" },
    { "Italian", "it", "<h1>Un articolo</h1><p class='data'>Pubblicato il 7 dicembre 2017</p>", "2017-12-07" },
    { "Dutch", "nl", "<h1>Een artikel</h1><p class='datum'>Gepubliceerd op 7 december 2017</p>", "2017-12-07" },
    { "Portuguese", "pt-BR", "<h1>Um artigo</h1><p class='data'>Publicado em 07/12/2017 às 10h15</p>", "2017-12-07" },
    { "Polish", "pl", "<h1>Artykuł</h1><p class='date'>7 grudnia 2017</p>", "2017-12-07" },
    { "a relative date printed, the day in the title", "de", [[<h1>Ein Beitrag</h1><span
      class="entry-date" title="7. Dezember 2017 10:15">vor 3 Jahren</span>]], "2017-12-07" },
    { "the URL path", "de", "<h1>Ein Beitrag</h1>", "2017-12-07", "https://blog.example.de/2017/12/07/beitrag/" },
    { "a framework's page data", "de", [[<script id="__NEXT_DATA__" type="application/json">{"props":
      {"pageProps":{"post":{"title":"Ein Beitrag","publishedAt":"2017-12-07T10:00:00Z"}}}}</script>
      <h1>Ein Beitrag</h1>]], "2017-12-07" },
    { "no date but the comments', the widgets' and the copyright's", "de", "<h1>Ein Beitrag</h1>", nil },
}

case("dates of blog and news templates, past comments, widgets and copyright lines", function()
    for _, c in ipairs(BLOGS) do
        local html = '<html lang="' .. c[2] .. '"><head><title>Ein Beitrag | Blog</title></head><body>' ..
            '<header><a href="/">Blog</a></header><main><article class="post">' .. c[3] .. BODY2 ..
            "</article>" .. MISLEAD .. "</body></html>"
        local a = assert(nx.extract(html, { rules = false, url = c[5] }))
        h.eq(day(a), c[4], c[1])
    end
end)

case("dates: a printed unlabelled revision day the metadata declares is the page's date", function()
    local a = page('<meta property="article:published_time" content="2019-01-29T10:00:00Z">' ..
        '<meta property="article:modified_time" content="2020-08-19T10:00:00Z">', "<h1>A headline here</h1>" ..
        "<div class='byline'>Jane Roe · August 19, 2020</div>")
    h.eq(day(a), "2020-08-19")
    -- a printed day the metadata does not give changes nothing
    a = page('<meta property="article:published_time" content="2019-01-29T10:00:00Z">', "<h1>A headline here</h1>" ..
        "<div class='byline'>Jane Roe · August 19, 2020</div>")
    h.eq(day(a), "2019-01-29")
end)

case("dates: a printed day by the headline older than the declared one is the page's first day", function()
    local cases = {
        { '<meta property="article:published_time" content="2025-06-12T10:00:00Z">',
          "<h1>Foundational fitness</h1><p>November 2, 2022</p>", "2022-11-02" },
        { '<meta property="article:published_time" content="2017-12-09T10:00:00+01:00">',
          "<p>Politik</p><p>7. Dezember 2017</p><h1>Neue Brücke für die Altstadt</h1>", "2017-12-07" },
        { '<script type="application/ld+json">{"@type":"Article","datePublished":"2016-05-20"}</script>',
          "<h1>Un nouveau pont</h1><p class='date'>Publié le 3 mai 2016</p>", "2016-05-03" },
        -- a day apart is a time zone, not a republication
        { '<meta property="article:published_time" content="2017-12-08T01:00:00+01:00">',
          "<h1>Neue Brücke</h1><p>7. Dezember 2017</p>", "2017-12-08" },
        -- an updated line is no first day
        { '<meta property="article:published_time" content="2017-12-09T10:00:00+01:00">',
          "<h1>Neue Brücke</h1><p>Aktualisiert am 7. Dezember 2017</p>", "2017-12-09" },
        -- a date far down the text is about something else
        { '<meta property="article:published_time" content="2017-12-09T10:00:00+01:00">',
          "<h1>Neue Brücke</h1>" .. ("<p>Ein Satz.</p>"):rep(12) .. "<p>Am 3. Mai 2015</p>", "2017-12-09" },
    }
    for i, c in ipairs(cases) do h.eq(day(page(c[1], c[2])), c[3], "case " .. i) end
end)
-- }======================================================================

-- {======================================================================
-- Authors: { what, head, body, authors }
local AUTHORS = {
    { "entities decoded before the split", [[<script type="application/ld+json">{"@type":"Article",
        "author":{"@type":"Person","name":"Maria &amp; Katerina"}}</script>]], "", { "Maria", "Katerina" } },
    { "credentials are no names", '<meta name="author" content="Dylan Bailey, MS, RD">', "", { "Dylan Bailey" } },
    { "Ph.D. stays with its person", '<meta name="author" content="Genevieve Carlton, Ph.D.">', "",
      { "Genevieve Carlton" } },
    { "E-RYT 200", '<meta name="author" content="Holly Wilgus, E-RYT 200">', "", { "Holly Wilgus" } },
    { "a job title after the name", "", "<h1>Neue Brücke</h1><div class='byline'>Jane Roe, Head of Marketing</div>",
      { "Jane Roe" } },
    { "a reviewer is not an author", "", "<div class='author'>Shelby Loos, DVM. Reviewed by Molly Price, DVM</div>",
      { "Shelby Loos" } },
    { "JSON-LD @id reference to a Person", [[<script type="application/ld+json">{"@graph":[
        {"@type":"Article","headline":"x","author":{"@id":"#p1"}},
        {"@type":"Person","@id":"#p1","name":"Jane Roe"}]}</script>]], "", { "Jane Roe" } },
    { "an organisation declared, a person printed", [[<script type="application/ld+json">{"@type":"Article",
        "author":{"@type":"Organization","name":"Example Clinic"}}</script>]],
      "<h1>Neue Brücke</h1><div class='byline'>By Tracy Parker</div>", { "Tracy Parker" } },
    { "German: Von ... und ...", "", "<div class='byline'>Von Anna Müller und Jörg Weiß</div>",
      { "Anna Müller", "Jörg Weiß" } },
    { "French: Par ... et ...", "", "<div class='auteur byline'>Par Jean Dupont et Marie Curie</div>",
      { "Jean Dupont", "Marie Curie" } },
    { "Spanish: Por ... y ...", "", "<div class='byline'>Por Ana García y Luis Pérez</div>",
      { "Ana García", "Luis Pérez" } },
    { "no 'Updated', dates or 'Follow' in a name", "",
      "<div class='byline'>By Reyan Perumal Published on May 3, 2020</div>", { "Reyan Perumal" } },
    { "a label glued to the name", "", "<div class='byline'>Posted byDamien Walter</div>", { "Damien Walter" } },
    { "an agency byline without a person", "", "<div class='byline'>Reuters</div>", { "Reuters" } },
    { "'By <a>' under the headline, no byline markup", "",
      "<h1>Neue Brücke</h1><p>By <a href='/x'>Kimber Streams</a></p>", { "Kimber Streams" } },
    { "a 'Written by' label in its own element", "",
      "<h1>Neue Brücke</h1><p>Written by</p><p>Edzel Tabing</p>", { "Edzel Tabing" } },
    { "a date and a middle dot before the name", "",
      "<h1>Neue Brücke</h1><div class='byline'>Dec. 19, 2025 · Jane Roe on behalf of the Docs team</div>",
      { "Jane Roe" } },
    { "'by:' with a colon, no byline markup", "", "<h1>Neue Brücke</h1><p>by: Ziyi Xu, Dec 17, 2025</p>",
      { "Ziyi Xu" } },
    { "German 'Von:' under the headline", "", "<h1>Neue Brücke</h1><p>Von: Anna Müller</p>",
      { "Anna Müller" } },
    { "a name printed alone above its date", "",
      "<h1>Neue Brücke</h1><p>Bence Kovács</p><p>02-12-2015</p>", { "Bence Kovács" } },
    { "a name printed alone above its job title", "",
      "<h1>Neue Brücke</h1><p>Jack Shepherd</p><p>Co-Founder &amp; Marketing Director</p>", { "Jack Shepherd" } },
    { "a menu item above a date is no name", "",
      "<h1>Neue Brücke</h1><p>Get Started Free</p><p>12. März 2015</p>", {} },
    { "a name printed alone with nothing beside it is not taken", "",
      "<h1>Neue Brücke</h1><p>Hotel Travel Hacks</p>", {} },
    { "the publication after the name", "", "<div class='byline'>By Kelli Miller WebMD Health News</div>",
      { "Kelli Miller" } },
    { "the publication in capitals after the name", "", "<div class='byline'>Brian Truitt USA TODAY</div>",
      { "Brian Truitt" } },
    { "a surname in capitals stays", "", "<div class='byline'>Par Jean DUPONT</div>", { "Jean DUPONT" } },
    { "the newspaper among its people", '<meta name="author" content="Jane Roe, John Doe, The Commercial Appeal">',
      "", { "Jane Roe", "John Doe" } },
    { "a date glued before the name", "", "<div class='byline'>Dec 17, 2025Julian K. Arni</div>",
      { "Julian K. Arni" } },
    { "a job title glued after the name", "", "<div class='author'>Mateusz HabernyFounder at Oakywood</div>",
      { "Mateusz Haberny" } },
    { "a role is no name", "", "<div class='byline'>By Kendall Breitman, Community Expert</div>",
      { "Kendall Breitman" } },
    { "a weekday is no name", "", "<div class='author'>Sat</div>", {} },
    { "a personal site's name, in its <title> and its first <h1>",
      "<title>Eine neue Brücke | Anna Müller</title>",
      "<h1>Anna Müller</h1><h1>Eine neue Brücke</h1>", { "Anna Müller" } },
    { "a site's first <h1> that is no name", "<title>Eine neue Brücke | Get Started Free</title>",
      "<h1>Get Started Free</h1><h1>Eine neue Brücke</h1>", {} },
    { "an organisation's name is not split", [[<script type="application/ld+json">{"@type":"Article",
        "author":{"@type":"Organization","name":"Morgan \u0026 Morgan"}}</script>]], "", { "Morgan & Morgan" } },
    { "a two-letter surname is no credential", '<meta name="author" content="Rui Ma">', "", { "Rui Ma" } },
    { "every citation_author", '<meta name="dc.creator" content="Jane Roe">' ..
      '<meta name="citation_author" content="Jane Roe"><meta name="citation_author" content="John Doe">', "",
      { "Jane Roe", "John Doe" } },
    { "avatar initials are no name", "", "<div class='author'>NB</div>", {} },
    { "a link to the author's page", "",
      "<h1>Neue Brücke</h1><span><a href='/authors/trevor-jackins'>Trevor Jackins</a></span>", { "Trevor Jackins" } },
    { "a commenter's byline names no author", "", "<h1>Neue Brücke</h1>" ..
      "<div id='comments'><div class='comment-author vcard'><cite class='fn'>Jiobal</cite> says:</div></div>" ..
      "<div class='byline'>By Amanda Roe</div>", { "Amanda Roe" } },
    { "a desk's byline where no person is named", "", "<div class='byline'>By Podium Staff</div>",
      { "Podium Staff" } },
    { "a name and its role", "", "<div class='author'>Rachel MacDonald Writer</div>", { "Rachel MacDonald" } },
    { "a qualified job title", "", "<div class='author'>by Linda Rosencrance Contributing Writer</div>",
      { "Linda Rosencrance" } },
    { "a role's byline yields to a person's", "",
      "<div class='byline'>Harry Roe Tech Reporter</div><div class='byline'>Staff Writer</div>", { "Harry Roe" } },
    { "a user name in lower case", "", "<div class='byline'>by ibby</div>", { "ibby" } },
    { "a lower-case word in a longer byline is no name", "",
      "<div class='byline'>share this post</div>", {} },
    { "citation_authors, all in one", '<meta name="dc.creator" content="Jane Roe">' ..
      '<meta name="citation_authors" content="Jane Roe; John Doe; Ana Ruiz">', "", { "Jane Roe", "John Doe", "Ana Ruiz" } },
    { "Slack's label/data pair", '<meta name="twitter:label1" content="Written by">' ..
      '<meta name="twitter:data1" content="Nawaz Dhandala">', "", { "Nawaz Dhandala" } },
    { "a job title's commas are no list", "",
      "<div class='author'>Written by: Shiv Kumar Head Product Launches, Adoption, &amp; Evangelism</div>",
      { "Shiv Kumar" } },
    { "'Author(s)' and a name per line", "",
      "<h1>Neue Brücke</h1><h6>Author(s)</h6><ul><li>John A. Alic</li><li>David C. Mowery</li></ul>",
      { "John A. Alic", "David C. Mowery" } },
    { "German 'Autor' alone on its line", "", "<h1>Neue Brücke</h1><h3>Autor</h3><p>Lisa D. Ellis</p>",
      { "Lisa D. Ellis" } },
    { "name | job | date under the headline", "",
      "<h1>Neue Brücke</h1><p>Aaron Ricadela | Senior Writer | July 2, 2025</p>", { "Aaron Ricadela" } },
    { "name in section, a date before it", "",
      "<h1>Neue Brücke</h1><p>Dec 26, 2025</p><p>•</p><p>Mahua Das in <a href='/c'>Project Management</a></p>",
      { "Mahua Das" } },
    { "a login name declared, a person's name printed", '<meta name="author" content="andrew.keaveney">',
      "<div class='author-name'>Denise Everheart</div>", { "Denise Everheart" } },
    { "a declared role where nothing names a person", [[<script type="application/ld+json">{"@type":"Article",
        "author":{"@type":"Person","name":"SFist Contributor"}}</script>]], "", { "SFist Contributor" } },
    { "a publisher's boilerplate is no desk", '<meta name="author" content="Reuters Editorial">', "", {} },
    { "a declared desk beats a name guessed from the text", '<meta name="author" content="Great Day Editorial Team">',
      "<h1>Neue Brücke</h1><p>Design Style</p><p>12. März 2015</p>", { "Great Day Editorial Team" } },
    { "the byline's 'Dr' names the declared person", '<meta name="author" content="Marna van der Merwe">',
      "<div class='byline'>Written by Dr Marna van der Merwe, Erik van Vulpen</div>",
      { "Dr Marna van der Merwe", "Erik van Vulpen" } },
}

case("authors: people, entities, credentials, labels, languages", function()
    for _, c in ipairs(AUTHORS) do
        h.same(page(c[2], c[3]).authors, c[4], c[1])
    end
    h.eq(meta.clean_name("Follow"), nil, "a label alone")
    h.eq(meta.clean_name("BeauHD on Friday"), "BeauHD")
    h.eq(meta.cut_byline("Paul Frew, Home and Digital Security Expert"), "Paul Frew")
end)
-- }======================================================================

-- {======================================================================
-- Titles: { what, head, body, title }
local TITLES = {
    { "the heading that agrees with <title>", "<title>10 Easy Steps for a Great Interior Design | Tarkett</title>",
      "<h1>10 Easy Steps for a Great Interior Design</h1>", "10 Easy Steps for a Great Interior Design" },
    { "the heading, when the title words differ a little",
      '<meta property="og:title" content="Health And Nutrition Trends For 2026 - Tastewise">',
      "<h1>Top 10 Health and Nutrition Trends to Watch</h1>", "Top 10 Health and Nutrition Trends to Watch" },
    { "a logo heading that does not agree: the title less the site",
      '<meta property="og:site_name" content="Google Cloud"><title>What is Cloud Computing? | Google Cloud</title>',
      "<h1>Google Cloud</h1>", "What is Cloud Computing?" },
    { "site name first", '<meta property="og:site_name" content="Tastify"><title>Tastify | Top 7 Corporate Catering Trends</title>',
      "", "Top 7 Corporate Catering Trends" },
    { "en dash and a site name not declared", "<title>10 Tips to Complete Online Courses – Journey To College</title>",
      "", "10 Tips to Complete Online Courses" },
    { "an entity separator", "<title>Healthy Eating Plate &bull; The Nutrition Source</title>",
      "", "Healthy Eating Plate" },
    { "German, em dash", '<meta property="og:site_name" content="Stadtblog">' ..
      "<title>Neue Brücke für die Altstadt — Stadtblog</title>", "", "Neue Brücke für die Altstadt" },
    { "the metadata's quotes where the words are the same",
      [[<meta property="og:title" content='Student Says "Burned Her Up"'>]],
      "<h1>Student Says “Burned Her Up”</h1>", 'Student Says "Burned Her Up"' },
    { "a heading's permalink mark", "<title>Evolve: Shared Mutable History — evolve extension</title>",
      "<h1>Evolve: Shared Mutable History¶</h1>", "Evolve: Shared Mutable History" },
}

case("titles: the heading where it agrees, the site name removed otherwise", function()
    for _, c in ipairs(TITLES) do
        h.eq(page(c[2], c[3]).title, c[4], c[1])
    end
    h.eq(meta.strip_site("Foo bar baz | Example", "Example"), "Foo bar baz")
    h.eq(meta.strip_site("Example.com - Foo bar baz qux"), "Foo bar baz qux")
    h.eq(meta.strip_site("One | Two"), "One | Two", "too little left to cut")
end)
-- }======================================================================

-- {======================================================================
-- The printed-date and printed-name candidates doc:metadata gathers in its
-- walk (they replaced page-wide XPath scans): which elements, which text
-- nodes around the headline, in which order, and where a walk must stop.
local core = require("newsextract.core")
local function md_of(html)
    local doc = assert(core.parse(html))
    local md = doc:metadata()
    doc:free()
    return md
end
local function texts(list)
    local out = {}
    for i, e in ipairs(list or {}) do out[i] = type(e) == "table" and e.text or e end
    return table.concat(out, "|")
end

-- every word of the class/id/itemprop scan (nx_meta_words: one pass,
-- each word anywhere in "class id itemprop", as strstr found it)
case("metadata candidates: each date word and each aside word", function()
    local md = md_of([[<html><head><title>T</title></head><body>
        <p class="x-datum">1 Mai 2020</p><p id="Posted-On">2 May</p><p class="pubtime">3 May</p>
        <p class="fecha-x">4 mayo</p><p itemprop="dataPub">5 maggio</p><p class="postmeta">6 May</p>
        <p class="the-author">7 May</p><p class="publisher-x">8 May</p>
        <div class="copyright"><p class="date">no 1</p></div>
        <div class="related-posts"><p class="date">no 2</p></div>
        <div class="footer-x"><p class="date">no 3</p></div>
        <div class="widget"><p class="date">9 May</p></div>
        <div class="elementor-widget"><p class="date">10 May</p></div>
        <article><div class="entry-footer"><p class="date">11 May</p></div>
        <div class="entry-footer related"><p class="date">no 4</p></div></article>
        </body></html>]])
    -- a widget's box dates another page; an Elementor widget is any part
    -- of the page; an <article>'s footer is its date line
    h.eq(texts(md.date_elements), "1 Mai 2020|2 May|3 May|4 mayo|5 maggio|6 May|7 May|8 May|"
        .. "10 May|11 May")
end)

case("metadata candidates: date elements, author links, text around the h1", function()
    local md = md_of([[<html><head><title>T</title><meta itemprop="datePublished" content="x"></head><body>
        <div class="Comments"><p class="date">May 1</p><a href="/author/c">C</a><p>c1</p></div>
        <span class="byline">By <a href="/authors/jo">Jo Roe</a></span>
        <h1>Head <b>inside</b></h1>
        <p class="post-DATE">May 3, 2020</p>
        <div class="sidebar"><span class="date">May 9</span></div>
        <footer><p class="date">May 2</p><a href="/author/f">F</a></footer>
        <div id="meta">]] .. ("long "):rep(60) .. [[</div>
        <article class="has-comments"><p class="published">June 1</p></article>
        <pre></pre><code></code><a href="?author=9">Nine</a><img src="x"><div itemscope itemtype="https://schema.org/Product"></div>
        </body></html>]])
    -- a comment thread, a footer, a sidebar and a long text are no date;
    -- the page's own <article class="has-comments"> says nothing
    h.eq(texts(md.date_elements), "By Jo Roe|May 3, 2020|June 1")
    h.eq(texts(md.author_links), "Jo Roe|Nine", "links in comments and footers left out")
    -- before: the comment's texts count (flagged inside), the <title>'s
    -- (not printed in the page) does not; the h1's own text is neither
    -- before nor after it
    h.eq(texts(md.h1_before), "May 1|C|c1|By|Jo Roe")
    h.eq(md.h1_before[1].inside, true)
    h.eq(md.h1_before[4].inside, nil)
    h.eq(md.h1_after[1].text, "May 3, 2020")
    h.eq(md.h1_after[3].text, "May 2")
    h.eq(md.h1_after[3].inside, true, "a footer's text is inside")
    h.eq(md.tags.a, 4)
    h.eq(md.tags.pre, 1)
    h.eq(md.tags.code, 1)
    h.eq(md.tags.img, 1)
    h.eq(md.tags.article, 1)
    h.eq(texts(md.itemtypes), "https://schema.org/Product")
end)

case("metadata candidates: dated text nodes, the last resort", function()
    local md = md_of([[<html><head><title>T 2015</title><script>var d = "12.03.2015";</script></head><body>
        <p>Seite 3 von 7</p><p>Am 12.03.2015 um 10 Uhr</p><p>Preis 1999 Euro</p><p>im Jahr 1850</p>
        <div class="sidebar">02.01.2012</div><footer>© 2019</footer><p>3/4/15 und 7-8-2016</p>
        <article><footer class="entry-footer">Veröffentlicht am 14. März 2013</footer></article>
        <p>]] .. ("Ein langer Satz aus dem Jahr 2014. "):rep(6) .. [[</p></body></html>]])
    -- a year 1991-2039 or d.m.y shapes; not in scripts, side boxes or the
    -- page's footer (an article's own footer is its date line); short texts
    h.eq(texts(md.dated_texts), "Am 12.03.2015 um 10 Uhr|Preis 1999 Euro|3/4/15 und 7-8-2016|" ..
        "Veröffentlicht am 14. März 2013")
    local many = {}
    for i = 1, 60 do many[i] = "<p>" .. (i % 28 + 1) .. ". Mai 2015</p>" end
    md = md_of("<html><body>" .. table.concat(many) .. "</body></html>")
    h.eq(#md.dated_texts, 40, "at most 40")
end)

case("metadata candidates: bounded on deep nesting and long pages", function()
    -- 20,000 nested date-like containers: each is measured up to its
    -- first 200 characters only, and at most 60 are kept
    local n = 20000
    local md = md_of("<html><body>" .. ('<div class="date">'):rep(n) .. "12 May 2020 "
        .. ("word "):rep(100) .. ("</div>"):rep(n) .. "</body></html>")
    assert(#(md.date_elements or {}) <= 60, "at most 60 date elements")
    local many = {}
    for i = 1, 500 do many[i] = '<p class="date">' .. i .. ' May 2020</p><a href="/author/' .. i .. '">A' .. i .. '</a>' end
    md = md_of("<html><body>" .. table.concat(many) .. "<h1>H</h1>" .. table.concat(many) .. "</body></html>")
    h.eq(#md.date_elements, 60)
    h.eq(md.date_elements[60], "60 May 2020")
    h.eq(#md.author_links, 20)
    h.eq(#md.h1_before, 10, "the 10 text nodes right before the h1")
    h.eq(md.h1_before[10].text, "A500")
    h.eq(#md.h1_after, 60)
    h.eq(md.h1_after[1].text, "1 May 2020")
end)
-- }======================================================================

-- {======================================================================
-- The last resort (htmldate's extensive search): pages that declare no
-- date, mark none with a date class and have no <h1>: old blog themes
-- (post titles in h2/h3), with what misleads around them: today's date in
-- the page head, year links, comment threads, archive boxes, copyright
-- lines, layout classes that name a sidebar or comments the page has.
-- { what, lang, body, day [, opts] }
local TICKER_DE = "<div class='top'><p>Heute ist Montag, 15. Juni 2020</p></div>"
local COMMENTS_DE = "<div id='comments'><ol><li><p>Hans sagt:</p><p>4. Juni 2012 um 10:00</p>" ..
    "<p>Toller Beitrag!</p><p>Antworten</p></li></ol></div>"
local ARCHIVE_DE = "<div id='archiv'><h3>Archiv</h3><ul><li>01.04.2012 Ostern</li>" ..
    "<li>02.03.2012 Fasching</li><li>03.02.2012 Winter</li></ul></div>"
local COPY = "<div class='bottom'><p>© 2009-2020 Mein Blog</p></div>"
local YEARS = {}
for y = 2000, 2020 do YEARS[#YEARS + 1] = "<li><a href='/" .. y .. "/'>" .. y .. "</a></li>" end
YEARS = "<ul class='jahre'>" .. table.concat(YEARS) .. "</ul>"
local LAST = {
    { "German: the date under an h2 post title, not today's date in the head", "de",
      TICKER_DE .. "<div class='post'><h2><a href='/x'>Ein Beitrag</a></h2><p>3. Mai 2012 von Hans</p>" ..
      BODY .. "</div>" .. COMMENTS_DE .. COPY, "2012-05-03" },
    { "German: 03.05.2012 | Allgemein under an h2", "de",
      TICKER_DE .. "<div class='post'><h2>Ein Beitrag</h2><small>03.05.2012 | Allgemein | 2 Kommentare</small>" ..
      BODY .. "</div>" .. COPY, "2012-05-03" },
    { "German: a two-digit year, 03.05.12, under an h2", "de",
      TICKER_DE .. "<h2>Ein Beitrag</h2><p>Hans am 03.05.12</p>" .. BODY, "2012-05-03" },
    { "German: Blogger's h3 post title", "de",
      TICKER_DE .. "<div class='post hentry'><h3 class='post-title'>Ein Beitrag</h3>" ..
      "<div class='x'>Donnerstag, 3. Mai 2012</div>" .. BODY .. "</div>" .. COMMENTS_DE, "2012-05-03" },
    { "German: twenty year links before the post", "de",
      YEARS .. "<h2>Ein Beitrag</h2><p>Geschrieben am 3. Mai 2012</p>" .. BODY, "2012-05-03" },
    { "German: a wrapper that says has-sidebar is the content", "de",
      "<div id='main' class='site-main has-sidebar'><h2>Ein Beitrag</h2>" .. BODY ..
      "<p>Hans, 3. Mai 2012</p></div>", "2012-05-03" },
    { "German: a wrapper of a sidebar template is the content", "de",
      "<div class='story sno-story-template-sidebar sidebar-mode-single'><div class='x'>" ..
      "<span>3. Mai 2012</span></div><h2>Ein Beitrag</h2>" .. BODY .. "</div>", "2012-05-03" },
    { "German: a wrapper that says comments-open is no comment thread", "de",
      "<div class='post comments-open'><h2>Ein Beitrag</h2><p>3. Mai 2012</p>" .. BODY .. "</div>",
      "2012-05-03" },
    { "German: a wrapper that says no-comments neither", "de",
      "<div class='entry no-comments'><p>Hans, 03.05.2012</p>" .. BODY .. "</div>", "2012-05-03" },
    { "German: an archive box's dates are other posts'", "de",
      ARCHIVE_DE .. "<h2>Ein Beitrag</h2>" .. BODY .. "<p>Geschrieben am 3. Mai 2012</p>", "2012-05-03" },
    { "German: an archive box and a comment thread alone give no date", "de",
      "<h2>Ein Beitrag</h2>" .. BODY .. ARCHIVE_DE .. COMMENTS_DE .. COPY, nil },
    { "German: a calendar box gives no date", "de",
      "<div class='kalender'><table><caption>Mai 2012</caption><tr><td>01.05.2012</td></tr></table></div>" ..
      "<h2>Ein Beitrag</h2>" .. BODY, nil },
    { "German: a year before the web's middle years is no publication", "de",
      "<h2>Geschichte</h2><p>Am 3. Oktober 1993 begann es.</p>" .. BODY, nil },
    { "German: a date after the reference time is no publication", "de",
      "<h2>Ein Beitrag</h2><p>Termin: 3. Mai 2021</p>" .. BODY .. "<p>Hans, 2. Mai 2020</p>", "2020-05-02",
      { reference_time = "2020-06-15T10:00:00Z" } },
    { "a date in a <meta>'s JSON-LD content", "en",
      "<meta name='script:ld+json' content='{\"@type\":\"Article\",\"datePublished\":\"2016-11-17T09:00:00Z\"}'>" ..
      "<h1>A post</h1>", "2016-11-17" },
    { "French: publié le, not the date of the day in the head", "fr",
      "<div class='top'><p>Lundi 15 juin 2020</p></div><h2>Un article</h2><p>publié le 3 mai 2012</p>" ..
      BODY, "2012-05-03" },
    { "French: 03/05/12 under the title", "fr",
      "<div class='top'><p>Lundi 15 juin 2020</p></div><h2>Un article</h2><p>Par Jean le 03/05/12</p>" ..
      BODY, "2012-05-03" },
    { "Spanish: 3 de mayo de 2012 under an h2", "es",
      "<div class='top'><p>Lunes, 15 de junio de 2020</p></div><h2>Un artículo</h2><p>3 de mayo de 2012</p>" ..
      BODY, "2012-05-03" },
    { "Dutch: 3 mei 2012 under an h2", "nl",
      "<div class='top'><p>Maandag 15 juni 2020</p></div><h2>Een artikel</h2><p>Geplaatst op 3 mei 2012</p>" ..
      BODY, "2012-05-03" },
    { "Italian: 3 maggio 2012 under an h3", "it",
      "<div class='top'><p>Lunedì 15 giugno 2020</p></div><h3>Un articolo</h3><p>3 maggio 2012</p>" ..
      BODY, "2012-05-03" },
    { "Portuguese: 3 de maio de 2012 under an h2", "pt",
      "<div class='top'><p>Segunda, 15 de junho de 2020</p></div><h2>Um artigo</h2><p>3 de maio de 2012</p>" ..
      BODY, "2012-05-03" },
    { "British English: 3 May 2012 under an h2", "en-GB",
      "<div class='top'><p>Monday 15 June 2020</p></div><h2>A post</h2><p>3 May 2012</p>" .. BODY,
      "2012-05-03" },
    { "American English: 05/03/12 is May 3", "en-US",
      "<div class='top'><p>Monday, June 15, 2020</p></div><h2>A post</h2><p>Posted 05/03/12</p>" .. BODY,
      "2012-05-03" },
    { "American English: 07/12/12 is July 12", "en-US",
      "<h2>A post</h2><p>07/12/12 by Jane</p>" .. BODY, "2012-07-12" },
    { "a German comment line, no comment class, is no publication", "de",
      "<h2>Ein Beitrag</h2>" .. BODY .. "<div class='c'><p>Hans sagt:</p><p>4. Juni 2012 um 10:00</p></div>",
      nil },
    { "a copyright line alone is no publication", "de", "<h2>Ein Beitrag</h2>" .. BODY .. COPY, nil },
    { "German news: the site header's date of the day is not the article's", "de",
      "<header><div class='top'>Dienstag, 16. Juni 2020</div><nav><a href='/'>Start</a></nav></header>" ..
      "<h1>Ein Beitrag</h1><p>3. Mai 2012 von Hans</p>" .. BODY, "2012-05-03" },
    { "a header the headline is in still dates it", "de",
      "<header><p>03.05.2012</p><h1>Ein Beitrag</h1></header>" .. BODY, "2012-05-03" },
    { "German: the day and month in their own element, the year after it", "de",
      TICKER_DE .. "<h2>Ein Beitrag</h2><p><strong>3. Mai</strong> 2012</p>" .. BODY, "2012-05-03" },
    { "French: le <b>3 mai</b> 2012", "fr",
      "<h2>Un article</h2>" .. BODY .. "<p>Publié le <b>3 mai</b> 2012</p>", "2012-05-03" },
}

case("dates: the last resort, near a heading, past what misleads", function()
    local bad = {}
    for _, c in ipairs(LAST) do
        local html = '<html lang="' .. c[2] .. '"><head><title>Ein Beitrag | Blog</title></head><body>' ..
            c[3] .. "</body></html>"
        local o = c[5] or {}
        o.rules = false
        local a = assert(nx.extract(html, o))
        if day(a) ~= c[4] then
            bad[#bad + 1] = c[1] .. ": want " .. tostring(c[4]) .. ", got " .. tostring(day(a))
        end
    end
    h.eq(table.concat(bad, "\n"), "", #bad .. " of " .. #LAST .. " cases")
end)
-- }======================================================================

return T
