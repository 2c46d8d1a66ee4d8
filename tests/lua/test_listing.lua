-- SPDX-License-Identifier: MIT
-- tests/lua/test_listing.lua: a page read as a listing (search results, job
-- offers, classified ads, a directory) gives its series of entries, as a
-- collection gives its cards (doc:article's "items" mode, nx_choose_grid):
-- not the one box of prose beside them that the vote would pick, and
-- without the line every entry repeats ("Lire la suite").
local newsextract = require("newsextract")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local repeat_n = h.repeat_n

local VILLES = { "Lyon", "Nantes", "Lille", "Rennes", "Bordeaux", "Toulouse", "Grenoble",
    "Dijon", "Metz", "Brest" }

-- a French page of job offers: a heading, ten offers (a linked title, a
-- date, a short line, "Lire la suite"), pagination, and a box of prose
-- about the site, longer than any one offer
local function offres()
    return "<html><head><title>Offres d'emploi</title>"
        .. "<link rel='canonical' href='https://emploi.example/list/menuisier'></head><body>"
        .. "<div class='page'><h1>Offres d'emploi : menuisier</h1>"
        .. "<div class='results'>" .. repeat_n(#VILLES, function(i)
            return "<article class='teaser card'><h2><a href='/offre-" .. i .. "'>Menuisier poseur à "
                .. VILLES[i] .. "</a></h2><time datetime='2024-05-0" .. (i % 9 + 1) .. "'>"
                .. i .. " mai</time><p>CDI, atelier de " .. VILLES[i] .. ", poste " .. i .. ".</p>"
                .. "<a href='/offre-" .. i .. "'>Lire la suite</a></article>"
        end) .. "</div><div class='pagination'><a>2</a><a>Page suivante</a></div>"
        .. "<div class='about'><p>Notre site réunit chaque jour les offres des artisans, des "
        .. "entreprises du bâtiment et des agences de toute la France, et vous aide, avec nos "
        .. "conseils, à préparer votre candidature, votre lettre et votre entretien d'embauche.</p>"
        .. "<p>Créez une alerte pour recevoir les nouvelles offres par courriel, et retrouvez "
        .. "dans notre guide les salaires, les formations et les métiers qui recrutent.</p>"
        .. "<p>Les offres sont vérifiées, classées par métier, par ville et par contrat, et "
        .. "mises à jour plusieurs fois par jour, pour que vous ne manquiez aucune annonce.</p></div>"
        .. "</div></body></html>"
end

case("a French page of job offers gives every offer", function()
    local a = assert(newsextract.extract(offres(), { rules = false }))
    h.eq(a.page_type, "listing", "page_type")
    local text = table.concat(a.paragraphs, "\n")
    for i, v in ipairs(VILLES) do
        assert(text:find("Menuisier poseur à " .. v, 1, true), "offer " .. i .. " is missing")
        assert(text:find("atelier de " .. v, 1, true), "offer " .. i .. "'s line is missing")
    end
    assert(not text:find("Lire la suite", 1, true), "the line every offer repeats stays out")
end)

return T
