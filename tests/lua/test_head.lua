-- SPDX-License-Identifier: MIT
-- tests/lua/test_head.lua: the head of an article under the default favor
-- (issue 17, items 3 and 6): a data table chosen as the content keeps its
-- rows, a dateline's place stays in its paragraph, and the lines that
-- repeat the metadata (byline, labelled date, site name) or are shaped as
-- a breadcrumb go (head.lua).  One short synthetic page per case and
-- language: its boilerplate must not come out, its body must.
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local extract = h.generic

local has = h.has

-- a list page whose table of rows wins the vote: the table is the content
local function film_table(rows, head)
    local out = {}
    for i = 1, rows do
        out[i] = ("<tr><td><i><a href='/f%d'>Film number %d</a></i></td><td>19%02d</td>" ..
            "<td>A man relives the same day, over and over, in a small town, until he " ..
            "learns, at last, to be kind to everyone, number %d.</td></tr>"):format(i, i, i, i)
    end
    out[#out + 1] = "<tr><td><i><a href='/j'>Journey to the Center of Time</a></i></td>" ..
        "<td>1967</td><td>Remake of <i><a href='/t'>The Time Travelers</a></i></td></tr>"
    return "<html><head><title>List of films</title></head><body>" ..
        "<div class='nav'><a href='/'>Home</a></div><div id='content'>" ..
        "<p>This list of films features time loops.</p><table class='wikitable'>" ..
        (head or "") .. table.concat(out) .. "</table></div></body></html>"
end

case("a data table chosen as the content keeps its link-rich rows", function()
    local a = extract(film_table(12, "<caption>Films with time loops</caption>" ..
        "<tr><th>Film</th><th>Year</th><th>Description</th></tr>"))
    local tables = 0
    for _, b in ipairs(a.blocks) do if b.kind == "table" then tables = tables + 1 end end
    h.eq(tables, 1, "one table block")
    assert(has(a.text, "Journey to the Center of Time\t1967\tRemake of The Time Travelers"),
        "the short linked row is kept: " .. a.text)
end)

case("a data table of short cells, without a head, is a table too", function()
    local a = extract(film_table(14))
    assert(has(a.text, "Journey to the Center of Time\t1967"), "the row is kept")
end)

case("a page laid out in a table of long cells is no data table", function()
    local post = ("This is a long post in a thread, written by one member of the forum, " ..
        "about the weather, the trains and the council, and it goes on for a while. "):rep(4)
    local rows = {}
    for i = 1, 12 do
        rows[i] = ("<tr><td><a href='/u%d'>member%d</a>: 3:21pm</td></tr><tr><td>%s %d</td></tr>")
            :format(i, i, post, i)
    end
    local a = extract("<html><head><title>Thread</title></head><body><table summary='posts'>" ..
        table.concat(rows) .. "</table></body></html>")
    for _, b in ipairs(a.blocks) do h.eq(b.kind ~= "table", true, "no table block") end
end)

-- a story of eight paragraphs under its headline and byline
local function story(first)
    local out = { "<html><head><title>Attack</title></head><body><article><h1>Attack</h1>",
        "<div class='byline'>By Jane Doe</div>", first }
    for i = 1, 7 do
        out[#out + 1] = ("<p>Paragraph %d of the story goes on about the museum, the guards, " ..
            "the tourists and the city, with several commas, and more words to read.</p>"):format(i)
    end
    out[#out + 1] = "</article></body></html>"
    return table.concat(out)
end

for _, c in ipairs({
    { "en", "<span class='dateline'>CAIRO \226\128\148</span> Gunmen opened fire on visitors", "CAIRO \226\128\148 Gunmen" },
    { "de", "<span class='dateline'>BERLIN (dpa) -</span> Der Bundestag hat am Donnerstag", "BERLIN (dpa) - Der Bundestag" },
    { "fr", "<span class='dateline'>PARIS -</span> Le gouvernement a annonc\195\169 jeudi", "PARIS - Le gouvernement" },
    { "es", "<span class='dateline'>MADRID (EFE).-</span> El Gobierno aprob\195\179 el jueves", "MADRID (EFE).- El Gobierno" },
}) do
    case("a dateline's place inside the first paragraph stays (" .. c[1] .. ")", function()
        local a = extract(story("<p>" .. c[2] .. " a long sentence of the story, which goes " ..
            "on and on about what happened on the day, in the city, to everyone.</p>"))
        assert(has(a.paragraphs[1], c[3]), "the place is kept: " .. a.paragraphs[1])
    end)
end

case("a byline of its own is still no body", function()
    local a = extract(story("<p>Gunmen opened fire on visitors at the museum on Wednesday, " ..
        "killing at least 19 people, in an assault that threatened the country.</p>"))
    assert(not has(a.text, "By Jane Doe"), "the byline is out")
end)

-- the head of a story: what the metadata says, printed again (head.lua)
local BODY = {
    en = { "The city council met on Tuesday evening and argued for hours about the budget for next year, which is late.",
        "Members disagreed about the bridge, which engineers say needs repairs before the winter comes again.",
        "The mayor said the schools would get more money, although the amount is still being discussed." },
    de = { "Der Stadtrat hat am Dienstagabend stundenlang \195\188ber den Haushalt f\195\188r das kommende Jahr gestritten.",
        "Uneinig waren sich die Mitglieder \195\188ber die Br\195\188cke, die nach Angaben der Ingenieure saniert werden muss.",
        "Die B\195\188rgermeisterin sagte, die Schulen bek\195\164men mehr Geld, \195\188ber die H\195\182he werde noch beraten." },
    fr = { "Le conseil municipal s'est r\195\169uni mardi soir et a d\195\169battu pendant des heures du budget de l'an prochain.",
        "Les \195\169lus se sont oppos\195\169s sur le pont, que les ing\195\169nieurs veulent r\195\169parer avant l'hiver prochain.",
        "La maire a promis plus d'argent aux \195\169coles, mais le montant fait encore l'objet de discussions." },
    es = { "El ayuntamiento se reuni\195\179 el martes por la noche y discuti\195\179 durante horas el presupuesto del pr\195\179ximo a\195\177o.",
        "Los concejales no se pusieron de acuerdo sobre el puente, que seg\195\186n los ingenieros necesita reparaciones.",
        "La alcaldesa dijo que las escuelas recibir\195\161n m\195\161s dinero, aunque la cantidad a\195\186n se est\195\161 debatiendo." },
}
local AUTHOR = { en = "Jane Doe", de = "Anna M\195\188ller", fr = "Marie Dupont", es = "Ana Garc\195\173a" }
local SITE = { en = "City Times", de = "Stadtanzeiger", fr = "La Gazette", es = "El Diario" }

-- a story page with its metadata in the head and `lines` before the body
local function news(lang, lines)
    local out = { "<html lang='", lang, "'><head><title>Council</title>",
        "<meta name='author' content='", AUTHOR[lang], "'>",
        "<meta property='og:site_name' content='", SITE[lang], "'>",
        "<meta property='article:published_time' content='2024-03-05T10:30:00+01:00'>",
        "</head><body><div id='story'>", lines }
    for _, p in ipairs(BODY[lang]) do out[#out + 1] = "<p>" .. p .. "</p>" end
    out[#out + 1] = "</div></body></html>"
    return table.concat(out)
end

for _, c in ipairs({
    { "en", "<p>By Jane Doe and staff</p>" },
    { "en", "<p>Updated March 5, 2024 at 10:30 a.m. EST</p>" },
    { "en", "<p>Published 3/5/2024 10:30 AM</p>" },
    { "en", "<h2>City Times</h2>" },
    { "en", "<p><a href='/'>Home</a> &gt; <a href='/news'>News</a> &gt; <a href='/news/politics'>Politics</a></p>" },
    { "de", "<p>Von Anna M\195\188ller</p>" },
    { "de", "<p>Stand: 05.03.2024, 10:30 Uhr</p>" },
    { "de", "<p>Ver\195\182ffentlicht am 5. M\195\164rz 2024 um 10.30 Uhr</p>" },
    { "de", "<p><a href='/'>Startseite</a> / <a href='/politik'>Politik</a></p>" },
    { "de", "<h3>Stadtanzeiger</h3>" },
    { "fr", "<p>Par Marie Dupont</p>" },
    { "fr", "<p>Publi\195\169 le 5 mars 2024 \195\160 10h30</p>" },
    { "fr", "<p><a href='/'>Accueil</a> \194\187 <a href='/politique'>Politique</a> \194\187 Municipales</p>" },
    { "es", "<p>Por Ana Garc\195\173a</p>" },
    { "es", "<p>Actualizado el 5 de marzo de 2024 a las 10:30</p>" },
    { "es", "<p><a href='/'>Inicio</a> | <a href='/politica'>Pol\195\173tica</a> | <a href='/local'>Local</a></p>" },
    { "es", "<h2>El Diario</h2>" },
}) do
    case("the head repeats the metadata (" .. c[1] .. "): " .. c[2], function()
        local a = extract(news(c[1], c[2]))
        h.same(a.paragraphs, BODY[c[1]])
        h.eq(a.html:find(BODY[c[1]][1], 1, true) ~= nil, true, "html keeps the body")
        h.eq(a.markdown:find("^" .. BODY[c[1]][1]:sub(1, 20):gsub("%p", "%%%0")) ~= nil, true,
            "markdown starts with the body")
    end)
end

for _, c in ipairs({
    -- a bare date may be anything: a diary's heading, an event's day
    { "en", "<p>March 5, 2024</p>" },
    -- words the metadata does not hold
    { "en", "<p>By the river, in March 2024</p>" },
    { "de", "<p>Berlin, 5. M\195\164rz 2024: Ein Tag im Rathaus</p>" },
    { "fr", "<p>Un an plus tard, le 5 mars 2024</p>" },
    -- one word of the site's name is no site name
    { "es", "<h2>Diario de sesiones</h2>" },
    -- "a/b" is a word, not a breadcrumb
    { "en", "<p><a href='/p'>Pros/cons</a></p>" },
}) do
    case("a head line that says more than the metadata stays (" .. c[1] .. "): " .. c[2], function()
        local a = extract(news(c[1], c[2]))
        h.eq(#a.paragraphs, #BODY[c[1]] + 1, "the line is kept")
    end)
end

case("favor = recall keeps the head's byline", function()
    local a = extract(news("de", "<p>Von Anna M\195\188ller</p>"), "recall")
    assert(has(a.text, "Von Anna M\195\188ller"), "recall keeps it")
end)

return T
