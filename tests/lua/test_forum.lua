-- SPDX-License-Identifier: MIT
-- tests/lua/test_forum.lua: a page read as a forum thread gives its posts.
-- doc:article's "posts" mode (nx_choose_posts) narrows the choice to the
-- series of alike post containers when the series holds most of the kept
-- text (the breadcrumbs, the sidebar, the reply form, the posters'
-- signatures go); extract then
-- drops the short lines the thread's template repeats in every post (the
-- buttons, the ranks), in any language.
local newsextract = require("newsextract")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local repeat_n = h.repeat_n

local texts = h.mode_text

-- a German thread: breadcrumbs and a box of the forum's rules above the
-- posts, four posts (a user pane, the text), a reply form below, all in
-- one wrapper that the vote keeps whole
local NAMES = { "holzwurm", "Kleinmeister", "sägespan", "Tischlerin" }
local function thread()
    return "<html><head><title>Welches Öl für Eiche?</title></head><body><div class='wrap'>"
        .. "<div class='crumbs'><a href='/'>Forum</a> › <a href='/holz'>Holzbearbeitung</a></div>"
        .. "<div class='rules'><p>Bitte beachtet die Forenregeln, bleibt freundlich, sucht vor dem "
        .. "Fragen, ob es das Thema schon gibt, und nennt im Titel, worum es geht.</p></div>"
        .. "<div class='posts'>" .. repeat_n(#NAMES, function(i)
            return "<div class='post message'><div class='author'><a href='/u/" .. i .. "'>"
                .. NAMES[i] .. "</a><span>3. Mai 2024</span></div>"
                .. "<div class='content'><p>Beitrag " .. i .. ": Ich habe meine Eichenplatte mit "
                .. "Hartwachsöl behandelt, zweimal dünn aufgetragen, und nach einer Woche war sie "
                .. "fest, matt und wasserfest, auch unter Gläsern.</p></div>"
                .. "<div class='message-signature'><p>Gruß aus der Werkstatt von " .. NAMES[i]
                .. ", seit 1998 am Hobeln, Sägen und Schleifen, mit Festool und Japansäge.</p></div></div>"
        end) .. "</div>"
        .. "<div class='reply'><p>Du musst angemeldet sein, um hier zu antworten, und wir freuen "
        .. "uns, wenn du dich vorstellst, bevor du deine erste Frage stellst.</p></div>"
        .. "</div></body></html>"
end

case("posts mode keeps the German thread's posts and drops what is around them", function()
    local plain, posts = texts(thread()), texts(thread(), "posts")
    assert(plain:find("Forenregeln", 1, true), "the default keeps the wrapper (the case tests nothing)")
    for i = 1, #NAMES do
        assert(posts:find("Beitrag " .. i .. ":", 1, true), "post " .. i .. " is missing")
    end
    assert(not posts:find("Forenregeln", 1, true), "the rules box stays out")
    assert(not posts:find("angemeldet", 1, true), "the reply form stays out")
    assert(plain:find("Gruß aus der Werkstatt", 1, true), "the default keeps the signatures")
    assert(not posts:find("Gruß aus der Werkstatt", 1, true), "the signatures stay out")
end)

-- a Spanish thread whose posts the series finder does not take (no author
-- line in them): posts mode still drops the posters' signatures
case("posts mode drops the signatures where no series of posts is found", function()
    local html = "<html><head><title>¿Qué bici compro?</title></head><body><div class='hilo'>"
        .. repeat_n(4, function(i)
            return "<div class='msg" .. i .. "'><p>Mensaje " .. i .. ": yo compré una bici de "
                .. "gravel hace dos años, con cuadro de aluminio y frenos de disco, y la uso para "
                .. "ir al trabajo y para salir al monte los domingos sin problemas.</p>"
                .. "<div class='signature'><p>Saludos desde Zaragoza, ciclista urbano desde 2005, "
                .. "con tres bicis y ninguna plaza de garaje.</p></div></div>"
        end) .. "</div></body></html>"
    local plain, posts = texts(html), texts(html, "posts")
    assert(plain:find("Saludos desde Zaragoza", 1, true), "the default keeps the signatures (the case tests nothing)")
    for i = 1, 4 do
        assert(posts:find("Mensaje " .. i .. ":", 1, true), "post " .. i .. " is missing")
    end
    assert(not posts:find("Saludos desde Zaragoza", 1, true), "the signatures stay out")
end)

case("a page without a series of posts gives the default choice in posts mode", function()
    local html = "<html><body><article><h1>Eiche ölen</h1>"
        .. string.rep("<p>Eiche nimmt Öl gut an, wenn sie vorher fein geschliffen und entstaubt wurde, und trocknet in einem warmen Raum schneller.</p>", 4)
        .. "</article><div class='side'><p>Kurz notiert.</p></div></body></html>"
    h.eq(texts(html, "posts"), texts(html), "posts mode equals the default")
end)

-- a French thread read as a forum: each post repeats the template's lines
-- (the rank, "Répondre", "Citer"), which go; the posts' text stays
local function fil()
    return "<html><head><title>Quel vélo acheter ?</title>"
        .. "<link rel='canonical' href='https://velo.example/forum/threads/quel-velo.42/'>"
        .. "</head><body><h1>Quel vélo acheter ?</h1>"
        .. repeat_n(6, function(i)
            return "<div class='post message'><div class='user-info'><img class='avatar' src='/a.png'>"
                .. "<a>membre" .. i .. "</a><span>Inscrit : 2019</span><ul><li>Membre actif</li>"
                .. "<li>Messages : " .. (100 * i + 7) .. "</li><li>" .. (3 * i) .. " réactions</li>"
                .. "<li>" .. (2 * i) .. ",5k</li></ul></div>"
                .. "<div class='postbody'><p>Je pense que le vélo numéro " .. i
                .. " est le meilleur choix pour la ville, avec un cadre léger et des freins à disque.</p></div>"
                .. "<ul class='actions'><li><a>Répondre</a></li><li><a>Citer</a></li></ul></div>"
        end) .. "</body></html>"
end

case("a French thread loses the lines its template repeats in every post", function()
    local a = assert(newsextract.extract(fil(), { rules = false }))
    h.eq(a.page_type, "forum", "page_type")
    local text = table.concat(a.paragraphs, "\n")
    for i = 1, 6 do
        assert(text:find("vélo numéro " .. i, 1, true), "post " .. i .. " is missing")
    end
    assert(not text:find("Membre actif", 1, true), "the rank stays out")
    assert(not text:find("Répondre", 1, true), "the reply button stays out")
    for i = 1, 6 do
        assert(not text:find("Messages : " .. (100 * i + 7), 1, true), "user " .. i .. "'s post count stays out")
        assert(not text:find((3 * i) .. " réactions", 1, true), "user " .. i .. "'s reactions stay out")
        assert(not text:find((2 * i) .. ",5k", 1, true), "user " .. i .. "'s bare count stays out")
    end
end)

return T
