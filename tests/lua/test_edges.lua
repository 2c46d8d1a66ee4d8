-- SPDX-License-Identifier: MIT
-- tests/lua/test_edges.lua: the edges of an article under the default
-- favor (issue 17, items 2 and 4): a photo's lines between the paragraphs
-- (nx_caption_labels), and the headings of what follows the article, an
-- author box, a newsletter pitch, the related stories, with what they
-- own (nx_tail_heads).  One short synthetic page per language: its
-- boilerplate must not come out, its body must.
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local extract = h.generic

local has = h.has

-- the body of a news story, six paragraphs, per language
local STORY = {
    en = {
        "The city council met on Tuesday evening and argued for hours about the budget for next year.",
        "Members disagreed about the bridge, which engineers say needs repairs before the winter comes.",
        "The mayor said the schools would get more money, although the amount is still being discussed.",
        "Residents who came to the meeting asked about the bus routes that were cut during the summer.",
        "A vote on the whole budget was taken late at night, after a long debate about the new tram line.",
        "The council will meet again next month to decide how the money for the bridge will be spent.",
    },
    de = {
        "Der Stadtrat hat am Dienstagabend stundenlang \195\188ber den Haushalt f\195\188r das kommende Jahr gestritten.",
        "Uneinig waren sich die Mitglieder \195\188ber die Br\195\188cke, die nach Angaben der Ingenieure saniert werden muss.",
        "Die B\195\188rgermeisterin sagte, die Schulen bek\195\164men mehr Geld, \195\188ber die H\195\182he werde noch beraten.",
        "Anwohner fragten in der Sitzung nach den Buslinien, die im Sommer gestrichen worden waren.",
        "\195\156ber den gesamten Haushalt wurde sp\195\164t in der Nacht abgestimmt, nach einer langen Debatte.",
        "Im n\195\164chsten Monat will der Rat entscheiden, wie das Geld f\195\188r die Br\195\188cke ausgegeben wird.",
    },
    fr = {
        "Le conseil municipal s'est r\195\169uni mardi soir et a d\195\169battu pendant des heures du budget de l'an prochain.",
        "Les \195\169lus se sont oppos\195\169s sur le pont, que les ing\195\169nieurs veulent r\195\169parer avant l'hiver.",
        "La maire a promis plus d'argent aux \195\169coles, mais le montant fait encore l'objet de discussions.",
        "Des habitants ont demand\195\169 pourquoi les lignes de bus avaient \195\169t\195\169 supprim\195\169es cet \195\169t\195\169.",
        "Le budget a \195\169t\195\169 vot\195\169 tard dans la nuit, apr\195\168s un long d\195\169bat sur la nouvelle ligne de tram.",
        "Le conseil se r\195\169unira le mois prochain pour d\195\169cider de l'usage des fonds destin\195\169s au pont.",
    },
    es = {
        "El ayuntamiento se reuni\195\179 el martes por la noche y discuti\195\179 durante horas el presupuesto del pr\195\179ximo a\195\177o.",
        "Los concejales no se pusieron de acuerdo sobre el puente, que seg\195\186n los ingenieros necesita reparaciones.",
        "La alcaldesa dijo que las escuelas recibir\195\161n m\195\161s dinero, aunque la cantidad a\195\186n se est\195\161 debatiendo.",
        "Los vecinos preguntaron por las l\195\173neas de autob\195\186s que se suprimieron durante el verano pasado.",
        "El presupuesto se vot\195\179 a altas horas de la noche, tras un largo debate sobre la nueva l\195\173nea de tranv\195\173a.",
        "El pleno volver\195\161 a reunirse el mes que viene para decidir c\195\179mo se gastar\195\161 el dinero del puente.",
    },
}

local function paras(list)
    local out = {}
    for i, t in ipairs(list) do out[i] = "<p>" .. t .. "</p>" end
    return table.concat(out)
end

local function doc(lang, inner)
    return "<html lang='" .. lang .. "'><head><title>Council</title></head><body>" ..
        "<header><a href='/'>Home</a></header><article>" .. inner ..
        "</article><footer><a href='/imprint'>Imprint</a></footer></body></html>"
end

-- the story with `line` after its third paragraph
local function with_line(lang, line)
    local s = STORY[lang]
    return doc(lang, paras({ s[1], s[2], s[3] }) .. line .. paras({ s[4], s[5], s[6] }))
end

-- a photo's lines written as paragraphs between the paragraphs
for _, c in ipairs({
    { "en", "<p>Image 3 of 5</p>" },
    { "en", "<p>(Image credit: City Hall Press Office)</p>" },
    { "de", "<p>Foto: dpa</p>" },
    { "de", "<p>Bild 2 von 7</p>" },
    { "fr", "<p>Photo : AFP</p>" },
    { "fr", "<p>Cr\195\169dit photo : Mairie de Lyon</p>" },
    { "es", "<p>Foto: EFE</p>" },
    { "es", "<p>Imagen: Ayuntamiento de Sevilla</p>" },
}) do
    case("a photo's line between paragraphs (" .. c[1] .. "): " .. c[2], function()
        local a = extract(with_line(c[1], c[2]))
        h.same(a.paragraphs, STORY[c[1]])
    end)
end

case("a sentence about a photo is text", function()
    local s = "Photographs taken by residents show the bridge after the storm, with two of its railings gone."
    local a = extract(with_line("en", "<p>" .. s .. "</p>"))
    assert(has(a.text, s), "the sentence is kept")
end)

case("a paragraph that opens with the word photo, long, is text", function()
    local s = "Photo voltaic panels on the roof of the town hall will be paid for by the council, " ..
        "which hopes to save money on electricity within ten years of their installation."
    local a = extract(with_line("en", "<p>" .. s .. "</p>"))
    assert(has(a.text, "Photo voltaic panels"), "kept")
end)

-- the headings of what follows the article, with the bio or pitch they own
local BIO = {
    en = "Jane Doe is a reporter who has covered city politics, transport and housing for the paper since 2015.",
    de = "Anna M\195\188ller ist Redakteurin und berichtet seit 2015 \195\188ber Stadtpolitik, Verkehr und Wohnen.",
    fr = "Marie Dupont est journaliste et couvre la politique municipale, les transports et le logement depuis 2015.",
    es = "Ana Garc\195\173a es periodista y cubre la pol\195\173tica municipal, el transporte y la vivienda desde 2015.",
}
local PITCH = {
    en = "Get the best stories of the day in your inbox every morning, free of charge, and cancel at any time.",
    de = "Erhalten Sie jeden Morgen die wichtigsten Nachrichten aus der Stadt kostenlos in Ihr Postfach.",
    fr = "Recevez chaque matin l'essentiel de l'actualit\195\169 de votre ville, gratuitement, dans votre bo\195\174te mail.",
    es = "Reciba cada ma\195\177ana las noticias m\195\161s importantes de su ciudad, gratis, en su correo electr\195\179nico.",
}
for _, c in ipairs({
    { "en", "<h3>Written by</h3><p>" .. BIO.en .. "</p>" },
    { "en", "<h3>Sign up for our newsletter</h3><p>" .. PITCH.en .. "</p>" },
    { "de", "<h3>Zur Person</h3><p>" .. BIO.de .. "</p>" },
    { "de", "<h3>\195\156ber den Autor</h3><p>" .. BIO.de .. "</p>" },
    { "de", "<h3>Newsletter abonnieren</h3><p>" .. PITCH.de .. "</p>" },
    { "fr", "<h3>\195\128 propos de l'auteur</h3><p>" .. BIO.fr .. "</p>" },
    { "fr", "<p><strong>Abonnez-vous</strong></p><p>" .. PITCH.fr .. "</p>" },
    { "es", "<h3>Sobre el autor</h3><p>" .. BIO.es .. "</p>" },
    { "es", "<h3>Suscr\195\173bete</h3><p>" .. PITCH.es .. "</p>" },
    { "es", "<h3>Te puede interesar</h3><p><a href='/a'>El tranv\195\173a llega al centro en 2026</a></p>" ..
        "<p><a href='/b'>La piscina municipal abre en junio</a></p>" },
}) do
    case("what follows the article (" .. c[1] .. "): " .. c[2]:sub(1, 40), function()
        local a = extract(doc(c[1], paras(STORY[c[1]]) .. c[2]))
        h.same(a.paragraphs, STORY[c[1]])
    end)
end

case("a last section of the story under its own heading stays", function()
    local last = "Councillors who voted against the budget said they would ask the regional court to review it."
    local a = extract(doc("en", paras(STORY.en) .. "<h3>What comes next</h3><p>" .. last .. "</p>"))
    h.eq(a.paragraphs[#a.paragraphs], last, "last paragraph")
end)

case("a heading label that opens a long text is no tail: the text stays", function()
    local s = STORY.en
    local a = extract(doc("en", "<p>" .. s[1] .. "</p><h3>Related</h3>" .. paras({ s[2], s[3], s[4], s[5], s[6] })))
    h.same(a.paragraphs, { s[1], "Related", s[2], s[3], s[4], s[5], s[6] })
end)

case("a short story keeps its last lines (three good blocks must stay before)", function()
    local s = STORY.de
    local a = extract(doc("de", paras({ s[1], s[2] }) .. "<h3>Zur Person</h3><p>" .. BIO.de .. "</p>"))
    assert(has(a.text, BIO.de), "the bio is kept when the story is short")
end)

case("favor = recall keeps what follows the article", function()
    local a = extract(doc("de", paras(STORY.de) .. "<h3>\195\156ber den Autor</h3><p>" .. BIO.de .. "</p>"), "recall")
    assert(has(a.text, BIO.de), "recall keeps the bio")
end)

return T
