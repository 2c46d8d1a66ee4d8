-- SPDX-License-Identifier: MIT
-- tests/lua/test_split_body.lua: a body split over containers alike (the
-- lead run of paragraphs, a box, the rest in a wrapper of the same classes
-- up to their numbering), and a standfirst written as a loose <div> before
-- the body.  Synthetic pages in several languages, built here.
local newsextract = require("newsextract")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local function extract(html, favor)
    local a, err = newsextract.extract(html, { rules = false, favor = favor })
    assert(a, err)
    return a
end

local function has(a, s)
    for _, p in ipairs(a.paragraphs) do
        if p:find(s, 1, true) then return true end
    end
    return false
end

local function ps(list)
    local out = {}
    for i, s in ipairs(list) do out[i] = "<p>" .. s .. "</p>" end
    return table.concat(out, "\n")
end

-- A page whose body is cut in two runs: each run in
-- <div class="W"><div class="B B-n">...</div><div class="box">...</div></div>
-- (so that neither run is an only child),
-- `wrap` and `body` the class names of the wrapper and of the run.
local function split_page(t)
    return ([[<!DOCTYPE html><html lang="%s"><head><title>%s</title></head><body>
<header><nav><a href="/">%s</a> <a href="/a">A</a> <a href="/b">B</a></nav></header>
<div id="page"><article>
<h1>%s</h1>
<div class="%s"><div class="%s">
%s
</div>
<div class="supplemental"><aside><h2>%s</h2><ul>
<li><a href="/x1">%s</a></li><li><a href="/x2">%s</a></li></ul></aside></div>
</div>
<div class="%s"><div class="%s">
%s
</div>
<div class="supplemental"><aside><h2>%s</h2><ul>
<li><a href="/x3">%s</a></li><li><a href="/x4">%s</a></li></ul></aside></div>
</div>
</article></div>
<footer><p>%s</p></footer>
</body></html>]]):format(t.lang, t.title, t.home, t.title, t.wrap1 or t.wrap, t.body1,
        ps(t.lead), t.box, t.link1, t.link2, t.wrap2 or t.wrap, t.body2, ps(t.rest), t.box,
        t.link2, t.link1, t.foot)
end

local SPLIT = {
    {
        lang = "de", title = "Der Stadtrat stimmt für die neue Straßenbahn", home = "Startseite",
        wrap = "story-body-supplemental", body1 = "story-body story-body-1",
        body2 = "story-body story-body-2",
        lead = {
            "Der Stadtrat hat am Donnerstag nach langer Debatte beschlossen, die alte Straßenbahnlinie wieder aufzubauen, die im Jahr 1962 stillgelegt worden war.",
            "Die Kosten, so die Verwaltung, liegen bei rund 240 Millionen Euro, verteilt auf sechs Jahre und drei Bauabschnitte entlang des alten Hafens.",
        },
        box = "Mehr zum Thema", link1 = "Busfahrpreise steigen erneut", link2 = "Neue Radwege im Norden",
        rest = {
            "Die Strecke soll elf Kilometer lang werden und den Hauptbahnhof mit dem neuen Campus der Universität verbinden, mit vierzehn Haltestellen am Wasser.",
            "Die Opposition hält Busse für günstiger, sie will den Rechnungshof um eine Prüfung der Zahlen bitten, bevor die Aufträge vergeben werden.",
            "Die Bürgermeisterin, die für das Projekt geworben hatte, sagte, die ersten Bahnen könnten vor dem Ende des Jahrzehnts fahren, wenn der Bund zahlt.",
            "Anwohner am Hafen begrüßten den Beschluss, fürchten aber, dass die Bauarbeiten den Verkehr in den engen Gassen der Altstadt lange behindern werden.",
            "Der erste Abschnitt, zwischen dem Bahnhof und der Hafenbrücke, soll im kommenden Frühjahr ausgeschrieben werden, teilte die Verwaltung mit.",
        },
        foot = "Alle Rechte vorbehalten.",
    },
    {
        lang = "fr", title = "La ville relance son ancien tramway", home = "Accueil",
        wrap = "article-part", body1 = "texte texte_1", body2 = "texte texte_2",
        lead = {
            "Le conseil municipal a voté jeudi soir, après un long débat, la reconstruction de la ligne de tramway fermée en 1962, un projet attendu depuis des années.",
            "Le coût, selon la mairie, atteindrait 240 millions d'euros, répartis sur six ans et trois tranches de travaux le long de l'ancien port.",
        },
        box = "À lire aussi", link1 = "Les tarifs des bus augmentent", link2 = "De nouvelles pistes cyclables",
        rest = {
            "La ligne mesurera onze kilomètres et reliera la gare centrale au nouveau campus universitaire, avec quatorze arrêts au bord de l'eau.",
            "L'opposition juge que des bus coûteraient bien moins cher, et elle demandera à la chambre régionale des comptes d'examiner les chiffres.",
            "La maire, qui avait fait campagne pour le projet, a déclaré que les premières rames pourraient circuler avant la fin de la décennie.",
            "Les riverains du port saluent la décision, mais craignent que le chantier ne bloque longtemps la circulation dans les ruelles du centre.",
            "La première tranche, entre la gare et le pont du port, sera mise en appel d'offres au printemps prochain, a précisé la mairie.",
        },
        foot = "Tous droits réservés.",
    },
    {
        lang = "es", title = "La ciudad recupera su antiguo tranvía", home = "Inicio",
        wrap = "cuerpo", body1 = "parrafos parrafos-1", body2 = "parrafos parrafos-2",
        lead = {
            "El ayuntamiento aprobó el jueves, tras un largo debate, reconstruir la línea de tranvía que cerró en 1962, un proyecto esperado desde hace años.",
            "El coste, según el consistorio, rondará los 240 millones de euros, repartidos en seis años y tres fases de obras junto al antiguo puerto.",
        },
        box = "Lea también", link1 = "Suben las tarifas del autobús", link2 = "Nuevos carriles bici en el norte",
        rest = {
            "La línea tendrá once kilómetros y unirá la estación central con el nuevo campus universitario, con catorce paradas junto al agua.",
            "La oposición cree que los autobuses serían más baratos y pedirá al tribunal de cuentas regional que revise las cifras del proyecto.",
            "La alcaldesa, que había defendido el proyecto, dijo que los primeros tranvías podrían circular antes del final de la década.",
            "Los vecinos del puerto celebran la decisión, pero temen que las obras bloqueen durante mucho tiempo el tráfico del casco antiguo.",
            "La primera fase, entre la estación y el puente del puerto, saldrá a concurso la próxima primavera, según el consistorio.",
        },
        foot = "Todos los derechos reservados.",
    },
}

for _, t in ipairs(SPLIT) do
    case("split body (" .. t.lang .. "): the lead run joins the longer run", function()
        local html = split_page(t)
        for _, favor in ipairs({ "balanced", "recall" }) do
            local a = extract(html, favor)
            h.eq(a.paragraphs[1], t.lead[1], favor .. ": the lead run comes first")
            assert(has(a, t.lead[2]), favor .. ": the lead's second paragraph")
            h.eq(a.paragraphs[#a.paragraphs], t.rest[#t.rest], favor .. ": the last paragraph")
            assert(not has(a, t.link1) and not has(a, t.box), favor .. ": the box between stays out")
            assert(not has(a, t.foot), favor .. ": the footer stays out")
        end
    end)
end

-- Runs whose wrappers share only their first class are not parts of one
-- body: a page built of "block block-note", "block block-story" blocks.
case("split body: wrappers sharing only a first class stay apart", function()
    local t = {}
    for k, v in pairs(SPLIT[1]) do t[k] = v end
    t.wrap1, t.wrap2 = "block block-note", "block block-story"
    t.lead = {
        "Hinweis: Dieser Beitrag dient nur der allgemeinen Information und ersetzt keine rechtliche, steuerliche oder finanzielle Beratung im Einzelfall.",
        "Alle Angaben ohne Gewähr; für Entscheidungen, die auf Grundlage dieses Beitrags getroffen werden, übernehmen wir keine Haftung.",
    }
    local a = extract(split_page(t))
    h.eq(a.paragraphs[1], t.rest[1], "the body")
    assert(not has(a, "Hinweis: Dieser Beitrag"), "the note block stays out")
end)

-- A standfirst written as a <div> of text right before the body's
-- container (Readability reads such a div as a <p>) is the lead; a loose
-- div after the body is left to the tail's trimmers.
local LEADS = {
    { lang = "cs", title = "Město obnoví starou tramvajovou trať",
      lead = "Zázrak jedné sezony? Radnice po dlouhé debatě schválila obnovu tramvajové trati, která byla zrušena v roce 1962, a chce ji otevřít do konce desetiletí.",
      body = SPLIT[1].rest },
    { lang = "fr", title = "La ville relance son ancien tramway",
      lead = "Après des années d'attente, le conseil municipal a voté la reconstruction de la ligne fermée en 1962, pour un coût de 240 millions d'euros.",
      body = SPLIT[2].rest },
}

for _, t in ipairs(LEADS) do
    case("standfirst in a div before the body (" .. t.lang .. ")", function()
        local html = ([[<!DOCTYPE html><html lang="%s"><head><title>%s</title></head><body>
<div class="page"><h1 class="article-title">%s</h1>
<div class="article"><div class="author"><div class="author__date">2 h</div></div>
<div class="article__perex">%s</div>
<div class="article__content">%s</div>
<div class="article__note">Newsletter: inscrivez-vous, abonnez-vous, suivez-nous pour ne rien manquer de nos meilleures offres et de nos derniers articles chaque semaine.</div>
</div></div></body></html>]]):format(t.lang, t.title, t.title, t.lead, ps(t.body))
        local a = extract(html)
        h.eq(a.paragraphs[1], t.lead, "the standfirst leads")
        h.eq(a.paragraphs[2], t.body[1], "then the body")
        assert(not has(a, "Newsletter:"), "the loose div after the body stays out")
    end)
end

return T
