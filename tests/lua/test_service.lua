-- SPDX-License-Identifier: MIT
-- tests/lua/test_service.lua: doc:article's "service" mode
-- (nx_choose_service), which extract uses on pages read as a service page:
-- the page is built of sibling sections (a hero, feature blocks, an FAQ)
-- and the vote picks the one with the most prose; the sections beside
-- the choice, at each level up to the <body> or the main landmark, join
-- it, but not the navigation, a cookie notice, a sign-up form or the
-- site's footer written as a plain section (its copyright line, its legal
-- links), nor what follows that footer.
local core = require("newsextract.core")
local ne = require("newsextract")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local texts = h.mode_text

local has = h.has

local n_section = 0
local function section(head, body)
    n_section = n_section + 1
    return '<section class="block-' .. n_section .. '"><div class="container"><div class="col">'
        .. "<h2>" .. head .. "</h2><p>" .. body .. "</p></div></div></section>"
end

-- a French landing page: a hero, feature blocks, the one section of
-- prose the vote picks, an FAQ, and a footer that is a plain section
local function page_fr(wrap_main)
    local prose = '<section class="story"><div class="container"><div class="side"><p>Atelier Logiciel</p><p>04 72 00 00 00</p></div><div class="col">'
        .. "<h2>Notre histoire</h2>"
        .. "<p>Depuis 2009, notre équipe accompagne les artisans, les commerçants et les petites entreprises de la région, en leur proposant des outils simples, fiables et abordables pour gérer leurs clients, leurs devis et leurs factures.</p>"
        .. "<p>Nous avons commencé dans un petit atelier de Lyon, avec trois personnes, une idée et beaucoup de café, et nous comptons aujourd'hui plus de quarante collaborateurs, répartis entre Lyon, Nantes et Bordeaux.</p>"
        .. "<p>Chaque fonctionnalité naît d'une conversation avec nos utilisateurs, qui nous disent ce qui leur manque, ce qui les gêne et ce qui leur ferait gagner du temps, semaine après semaine.</p>"
        .. "<p>Nos conseillers, installés en France, répondent au téléphone, par courriel ou par messagerie, du lundi au samedi, et connaissent le métier de ceux qui les appellent, car plusieurs d'entre eux ont été plombiers, menuisiers ou électriciens.</p>"
        .. "<p>Le prix reste le même quelle que soit la taille de votre entreprise, sans engagement, sans frais d'installation et sans option cachée, et la formation de vos équipes est comprise dans l'abonnement.</p>"
        .. "<p>Nos clients sont des couvreurs, des paysagistes, des boulangers, des garagistes et des fleuristes, qui n'ont pas le temps d'apprendre un logiciel compliqué entre deux chantiers ou deux livraisons.</p>"
        .. "<p>Vos données sont hébergées en France, chiffrées, sauvegardées chaque nuit, et vous pouvez les exporter à tout moment, dans un format ouvert, si vous décidez un jour de changer d'outil, ce que nous ne souhaitons pas.</p>"
        .. "</div></div></section>"
    local inner = '<section class="hero"><div class="container"><h1>Le logiciel de gestion des artisans</h1>'
        .. "<p>Devis, factures et planning réunis dans une seule application.</p></div></section>"
        .. section("Devis en deux minutes", "Créez un devis clair depuis votre téléphone, sur le chantier.")
        .. section("Factures conformes", "Vos factures respectent les règles en vigueur et partent par courriel.")
        .. prose
        .. section("Questions fréquentes", "Puis-je essayer gratuitement ? Oui, pendant trente jours, sans carte.")
    if wrap_main then inner = "<main>" .. inner .. "</main>" end
    return "<html><head><title>Logiciel pour artisans | Atelier Logiciel, software company</title>"
        .. '<script type="application/ld+json">{"@context":"https://schema.org","@type":"ProfessionalService","name":"Atelier Logiciel"}</script>'
        .. "</head><body>"
        .. '<div class="cookie-notice"><p>Ce site utilise des cookies. En poursuivant, vous acceptez notre politique de confidentialité.</p></div>'
        .. '<nav><a href="/">Accueil</a> <a href="/tarifs">Tarifs</a> <a href="/contact">Contact</a></nav>'
        .. inner
        .. '<div class="bottom"><h3>Nous contacter</h3><p>12 rue des Lilas, 69002 Lyon. © 2025 Atelier Logiciel, tous droits réservés.</p>'
        .. '<a href="/mentions">Mentions légales</a></div>'
        .. section("Après le pied de page", "Ce bloc vient après le pied de page du site et n'est pas du contenu.")
        .. "</body></html>"
end

case("the sections beside the choice join it (French)", function()
    local html = page_fr()
    local plain, svc = texts(html), texts(html, "service")
    assert(has(plain, "petit atelier de Lyon"), "the default mode keeps the prose")
    assert(not has(plain, "Devis en deux minutes"), "the default mode leaves the features out")
    assert(has(svc, "petit atelier de Lyon"), "the prose stays")
    assert(has(svc, "Le logiciel de gestion des artisans") and has(svc, "une seule application"),
        "the hero joins")
    assert(has(svc, "Devis en deux minutes") and has(svc, "Factures conformes"), "the features join")
    assert(has(svc, "Questions fréquentes") and has(svc, "trente jours"), "the FAQ joins")
end)

case("the cookie notice, the navigation and a plain footer stay out (French)", function()
    local svc = texts(page_fr(), "service")
    assert(not has(svc, "utilise des cookies"), "the cookie notice stays out")
    assert(not has(svc, "Tarifs"), "the navigation stays out")
    assert(not has(svc, "tous droits réservés") and not has(svc, "Nous contacter"),
        "the footer written as a section stays out")
    assert(not has(svc, "Après le pied de page"), "what follows the footer stays out")
end)

case("nothing beside the main landmark joins", function()
    local html = page_fr(true)
    local svc = texts(html, "service")
    assert(has(svc, "Devis en deux minutes"), "the sections inside <main> join")
    assert(not has(svc, "Après le pied de page"), "a section outside <main> does not")
end)

-- a German pricing page: the plans are sections, and a sign-up form and
-- the legal links of the site end it
case("pricing cards join, a sign-up form and the imprint do not (German)", function()
    local prose = '<div class="wrap"><div class="text">'
        .. "<p>Unsere Software hilft Praxen, Kanzleien und kleinen Betrieben dabei, Termine, Rechnungen und Kundendaten an einem Ort zu verwalten, ohne lange Einarbeitung und ohne versteckte Kosten.</p>"
        .. "<p>Alle Daten liegen auf Servern in Frankfurt, werden täglich gesichert und verschlüsselt übertragen, und unser Support antwortet werktags innerhalb von zwei Stunden, per Telefon oder per E-Mail.</p>"
        .. "<p>Sie können jederzeit zwischen den Tarifen wechseln, monatlich kündigen und Ihre Daten vollständig exportieren, wenn Sie uns verlassen möchten, was wir natürlich nicht hoffen.</p>"
        .. "<p>Über zweitausend Betriebe in Deutschland, Österreich und der Schweiz arbeiten bereits mit uns, vom Friseursalon über die Tierarztpraxis bis zum Handwerksbetrieb mit vierzig Angestellten.</p>"
        .. "</div></div>"
    local function plan(name, price, what)
        return '<div class="plan"><h3>' .. name .. "</h3><p>" .. price .. "</p><p>" .. what .. "</p></div>"
    end
    local html = "<html><body><div id='page'>"
        .. '<div class="plans">' .. plan("Basis", "9 € pro Monat", "Für Einzelunternehmer mit bis zu hundert Kunden.")
        .. plan("Team", "29 € pro Monat", "Für Teams bis zehn Personen, mit gemeinsamem Kalender.")
        .. '<ul class="mehr"><li><a href="/v">Tarife vergleichen</a></li><li><a href="/f">Alle Funktionen</a></li></ul>'
        .. "</div>"
        .. prose
        .. '<div class="related-services"><h3>Das könnte Sie auch interessieren</h3><p>Unsere Kassensoftware für den Einzelhandel, mit Anbindung an Ihr Kartenterminal.</p></div>'
        .. '<form class="cta"><h3>Jetzt testen</h3><p>Vierzehn Tage kostenlos, ohne Kreditkarte.</p><input name="mail"></form>'
        .. '<div class="legal"><p>Mit freundlichen Grüßen aus Frankfurt am Main, Ihr Team.</p><a href="/impressum">Impressum</a> <a href="/ds">Datenschutzerklärung</a></div>'
        .. "</div></body></html>"
    local plain, svc = texts(html), texts(html, "service")
    assert(not has(plain, "Für Teams bis zehn Personen"), "the default mode leaves the plans out")
    assert(has(svc, "Für Teams bis zehn Personen") and has(svc, "9 € pro Monat"), "the plans join")
    assert(has(svc, "Servern in Frankfurt"), "the prose stays")
    assert(not has(svc, "Tarife vergleichen"), "a list of links inside a section stays out")
    assert(not has(svc, "Kassensoftware"), "a box whose class says related stays out")
    assert(not has(svc, "Vierzehn Tage kostenlos"), "the sign-up form stays out")
    assert(not has(svc, "Impressum") and not has(svc, "Ihr Team"), "the legal footer stays out")
end)

case("a misspelt mode raises", function()
    local doc = assert(core.parse(page_fr()))
    local ok = pcall(doc.article, doc, "balanced", nil, "services")
    doc:free()
    assert(not ok, "raises")
end)

case("extract on a page read as a service page joins its sections", function()
    local a = assert(ne.extract(page_fr()))
    h.eq(a.page_type, "service", "read as a service page")
    local body = table.concat(a.paragraphs, "\n")
    assert(has(body, "Factures conformes") and has(body, "petit atelier de Lyon"), "joined")
end)

return T
