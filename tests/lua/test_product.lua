-- SPDX-License-Identifier: MIT
-- tests/lua/test_product.lua: doc:article's "product" mode
-- (nx_choose_product), which extract uses on pages read as a product page:
-- the boxes whose class names related products or reviews, the sections a
-- "Customers also bought" heading opens, and series of short priced or
-- linked cards leave the product's own description, specifications and
-- bullet list; a grid of cards that is most of the content stays.
local ne = require("newsextract")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local texts = h.mode_text

local has = h.has

-- the product's own text: a description, a bullet list, a specs table
local function own(lang)
    if lang == "de" then
        return "<h1>Wanderschuh Alpina</h1>"
            .. "<p>Der Alpina ist ein leichter Wanderschuh aus gewachstem Leder, mit einer griffigen Sohle für nasse Felsen und lange Tage am Berg.</p>"
            .. "<p>Die Zunge ist gepolstert, die Schnürung reicht weit nach vorn, und das Futter trocknet über Nacht, auch nach einem Regentag.</p>"
            .. "<ul><li>Obermaterial: Leder</li><li>Sohle: Gummi</li><li>Gewicht: 540 g</li></ul>"
    end
    return "<h1>Trail Runner One</h1>"
        .. "<p>The Trail Runner One is a light shoe made of recycled mesh, with a grippy sole for wet rock and long days on the mountain.</p>"
        .. "<p>Its tongue is padded, the lacing reaches far forward, and the lining dries overnight, even after a day of rain on the trail.</p>"
        .. "<ul><li>Upper: recycled mesh</li><li>Sole: rubber</li><li>Weight: 540 g</li></ul>"
        .. "<table><tr><th>Size</th><td>38-46</td></tr><tr><th>Drop</th><td>6 mm</td></tr></table>"
end

local function cards(n, price)
    local c = {}
    for i = 1, n do
        c[i] = ('<div class="card"><a href="/p/%d">Model %d shoe</a><span>%s</span></div>')
            :format(i, i, price and ("$" .. (80 + i) .. ".00") or "in stock")
    end
    return table.concat(c)
end

local function page(inner)
    return "<html><body><main>" .. inner .. "</main></body></html>"
end

case("a box whose class says related products or reviews goes", function()
    local html = page(own() .. '<div class="related-products"><h2>Other shoes</h2>'
        .. "<p>Our Summit boot is made for winter and keeps feet warm on the coldest of days, in snow and ice.</p></div>"
        .. '<section id="productReviews"><p>I bought these for a race and they held up well, five stars from me and my club.</p></section>'
        .. '<div class="newsletter-signup"><p>Sign up for our letter and get ten percent off your first order with us today.</p></div>')
    local plain, prod = texts(html), texts(html, "product")
    assert(has(plain, "Summit boot") and has(plain, "five stars"), "the default mode keeps them")
    assert(not has(prod, "Summit boot"), "the related box goes")
    assert(not has(prod, "five stars"), "the reviews go")
    assert(has(plain, "ten percent") and not has(prod, "ten percent"), "the newsletter box goes")
    assert(has(prod, "grippy sole") and has(prod, "Weight: 540 g") and has(prod, "Drop"),
        "the description, bullets and specs stay")
end)

case("a heading of other products takes its section along (English, German)", function()
    local en = page(own() .. "<h2>Customers also bought</h2>"
        .. "<p>The Summit boot is made for winter and keeps feet warm on the coldest of days in snow.</p>"
        .. "<h2>Care</h2><p>Brush off the dirt after each run and let the shoe dry at room temperature.</p>")
    local prod = texts(en, "product")
    assert(has(texts(en), "Summit boot"), "the default mode keeps it")
    assert(not has(prod, "Customers also bought") and not has(prod, "Summit boot"), "the section goes")
    assert(has(prod, "Brush off the dirt"), "the next section stays")
    local de = page(own("de") .. "<h2>Kunden kauften auch</h2>"
        .. "<p>Der Gipfelstiefel ist für den Winter gemacht und hält die Füße auch bei Schnee und Eis warm.</p>"
        .. "<h2>Pflege</h2><p>Nach jeder Tour den Schmutz abbürsten und den Schuh bei Zimmertemperatur trocknen lassen.</p>")
    prod = texts(de, "product")
    assert(not has(prod, "Gipfelstiefel"), "the German section goes")
    assert(has(prod, "abbürsten") and has(prod, "gewachstem Leder"), "the rest stays")
end)

case("a heading that only says recommended goes; one that says more stays", function()
    local alone = page(own() .. "<h3>Recommended</h3><p>The Summit boot is made for winter and keeps feet warm in snow.</p>")
    assert(not has(texts(alone, "product"), "Summit boot"), "'Recommended' alone opens a section of other products")
    local claim = page(own() .. "<h3>Recommended by coaches</h3><p>Coaches of three clubs chose it for their runners this season.</p>")
    assert(has(texts(claim, "product"), "Coaches of three clubs"), "a claim about the product stays")
end)

case("a series of short priced or linked cards goes, the specs list stays", function()
    local html = page(own() .. "<h2>Other models</h2><div class='grid'>" .. cards(4, true) .. "</div>")
    local plain, prod = texts(html), texts(html, "product")
    assert(has(plain, "$81.00"), "the default mode keeps the cards")
    assert(not has(prod, "$81.00") and not has(prod, "Model 2 shoe"), "the priced cards go")
    assert(has(prod, "Sole: rubber"), "the bullet list stays")
    local linked = page(own() .. "<div class='grid'>" .. cards(4, false) .. "</div>")
    assert(not has(texts(linked, "product"), "Model 3 shoe"), "cards that are mostly link go")
end)

case("cards that carry no class are a series too (German)", function()
    local c = {}
    for i = 1, 4 do
        c[i] = ('<li><a href="/p/%d">Wanderschuh Modell %d</a><span>%d,95 €</span></li>'):format(i, i, 80 + i)
    end
    local html = page(own("de") .. "<h2>Weitere Modelle</h2><ul>" .. table.concat(c) .. "</ul>")
    local plain, prod = texts(html), texts(html, "product")
    assert(has(plain, "81,95"), "the default mode keeps the cards")
    assert(not has(prod, "81,95") and not has(prod, "Modell 2"), "the cards go")
    assert(has(prod, "Gewicht: 540 g") and has(prod, "gewachstem Leder"), "the bullet list and the description stay")
end)

case("a grid of cards that is most of the content stays (a collection)", function()
    local html = page("<h1>Shoes</h1><div class='grid'>" .. cards(12, true) .. "</div>")
    h.eq(texts(html, "product"), texts(html), "product mode equals the default")
end)

case("a choice that is only the site's footer gives nothing", function()
    local links = {}
    for i = 1, 6 do links[i] = ('<li><a href="/l/%d">Help topic %d</a>, shipping, returns and more</li>'):format(i, i) end
    local html = "<html><body><div id='app'></div><div class='site-footer'><h5>Our group</h5><ul>"
        .. table.concat(links) .. "</ul><p>Sites in Russian, Portuguese, Spanish, French, German and Italian.</p>"
        .. "</div></body></html>"
    assert(has(texts(html), "Help topic"), "the default mode keeps the footer")
    h.eq(texts(html, "product"), "", "product mode gives nothing")
    local inside = "<html><body><main><div class='product-footer'><p>"
        .. "The Trail Runner One is a light shoe made of recycled mesh, with a grippy sole for wet rock.</p>"
        .. "</div></main></body></html>"
    assert(has(texts(inside, "product"), "grippy sole"), "a product's own footer box inside <main> stays")
end)

-- the product's box: its name (the <h1>), its price, its buy button
local function buybox(lang)
    if lang == "fr" then
        return "<div class='pdp'><div class='summary'><h1>Robe Iris en chanvre</h1>"
            .. "<p class='price'>89,00 €</p><p>Robe à trois volants</p>"
            .. "<button>Ajouter au panier</button></div></div>"
    end
    return "<div class='pdp'><div class='summary'><h1>Drive Chain 520 Gold</h1>"
        .. "<p class='price'>EUR 163.12</p><p>Condition: new. Delivery: varies. International shipment of items may be subject to customs.</p>"
        .. "<button>Buy it now</button></div></div>"
end

case("a choice of other products' priced cards gives way to the product's box", function()
    local c = {}
    for i = 1, 6 do
        c[i] = ("<li><div><p>Chain with %d links, gold, O-ring, for motorbikes, clip closure, fits most bikes, sold by a business seller, ships from abroad</p>"
            .. "<p>$%d.40</p><p>+ $23.12 delivery</p></div></li>"):format(100 + i, 100 + i)
    end
    local html = "<html><body><div class='wrap'>" .. buybox()
        .. "</div><div class='river'><h2>Similar items</h2><ul>" .. table.concat(c) .. "</ul></div>"
        .. "</body></html>"
    local plain, prod = texts(html), texts(html, "product")
    assert(has(plain, "$101.40") and not has(plain, "EUR 163.12"), "the vote picks the cards")
    assert(has(prod, "EUR 163.12") and has(prod, "customs"), "the product's box is taken")
    assert(not has(prod, "$101.40"), "the cards go")
end)

case("a choice of the site's footer, however long, gives way to the product's box (French)", function()
    local says = {}
    for i = 1, 12 do
        says[i] = ("<p>Cliente %d : j'ai commandé deux fois chez eux, la qualité est superbe, "
            .. "les pièces sont durables et l'équipe répond vite à chaque question posée.</p>"):format(i)
    end
    local html = "<html><body><div class='content'>" .. buybox("fr") .. "</div>"
        .. "<div class='page-footer-wrapper'><h3>Ce que disent nos clientes</h3>" .. table.concat(says)
        .. "</div></body></html>"
    local plain, prod = texts(html), texts(html, "product")
    assert(has(plain, "Cliente 3") and not has(plain, "trois volants"), "the vote picks the footer")
    assert(has(prod, "trois volants") and has(prod, "89,00"), "the product's box is taken")
    assert(not has(prod, "Cliente 3"), "the footer goes")
end)

case("a choice of fine print gives way to the product's box", function()
    local notes = {}
    for i = 1, 8 do
        notes[i] = ("<li><p>* Image simulated for illustration %d. Battery life, colours and features may vary by market, "
            .. "carrier, settings, usage and other factors, and may differ from what is shown.</p></li>"):format(i)
    end
    local html = "<html><body><div class='hero'><h1>Galaxy Tab Nine</h1><p>$449.99</p>"
        .. "<p>A light tablet with a bright screen</p><button>Buy now</button></div>"
        .. "<div class='bottom'><ol class='common-bottom-disclaimer__list'>" .. table.concat(notes)
        .. "</ol></div></body></html>"
    local plain, prod = texts(html), texts(html, "product")
    assert(has(plain, "Image simulated") and not has(plain, "bright screen"), "the vote picks the fine print")
    assert(has(prod, "bright screen") and has(prod, "$449.99"), "the product's box is taken")
    assert(not has(prod, "Image simulated"), "the fine print goes")
end)

case("extract on a product page drops the other products", function()
    local html = "<html><head><title>Trail Runner One</title>"
        .. '<meta property="og:type" content="product">'
        .. '<script type="application/ld+json">{"@type":"Product","name":"Trail Runner One",'
        .. '"offers":{"@type":"Offer","price":"129.00","priceCurrency":"USD"}}</script></head>'
        .. "<body>" .. page(own() .. "<p>$129.00</p><button>Add to cart</button>"
        .. '<div class="related-products">' .. cards(4, true) .. "</div>"):match("<body>(.*)</body>")
        .. "</body></html>"
    local a = assert(ne.extract(html, { url = "https://shop.example/products/trail-runner-one" }))
    h.eq(a.page_type, "product", "read as a product page")
    local text = table.concat(a.paragraphs, "\n")
    assert(has(text, "grippy sole"), "the description stays")
    assert(not has(text, "Model 2 shoe"), "the related cards go")
    local r = assert(ne.extract(html, { favor = "recall",
        url = "https://shop.example/products/trail-runner-one" }))
    assert(has(table.concat(r.paragraphs, "\n"), "Model 2 shoe"), "recall keeps them")
end)

return T
