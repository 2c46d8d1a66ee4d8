-- SPDX-License-Identifier: MIT
-- tests/lua/test_rules_credits.lua: the credits forms beyond "Role by
-- Names" (fields.credits), read by a rule's selector and by the generic
-- reader of the last paragraphs, and the note when a selector's match is
-- refused.
local fields = require "newsextract.fields"
local newsextract = require "newsextract"
local h = require "helper"

-- { line, credits (nil: not a credits line) }
local CASES = {
    { "Heba Habib contributed to this report.", "Heba Habib contributed to this report." },
    { "(Jane Doe in Paris and John Roe in London contributed reporting.)",
        "Jane Doe in Paris and John Roe in London contributed reporting." },
    { "Additional reporting by Ann Smith; Editing by Bob Jones",
        "Additional reporting by Ann Smith; Editing by Bob Jones" },
    { "Compiled by Ann Smith", "Compiled by Ann Smith" },
    { "(Reportage de Jean Dupont, version française Marie Martin)",
        "Reportage de Jean Dupont, version française Marie Martin" },
    { "(Bericht von Anna Schmidt, redigiert von Paul Weber)",
        "Bericht von Anna Schmidt, redigiert von Paul Weber" },
    { "(Reporte de Juan Pérez; Editado en español por Ana López)",
        "Reporte de Juan Pérez; Editado en español por Ana López" },
    { "Mitarbeit: Anna Schmidt", "Mitarbeit: Anna Schmidt" },
    { "Reportagem de João Silva", "Reportagem de João Silva" },
    { "(Tradotto da Marco Rossi)", "Tradotto da Marco Rossi" },
    -- not credits
    { "He contributed to this report about the town's finances.", nil },
    { "Story: The man who rebuilt the lighthouse", nil },
    { "Reporte de la comisión sobre el presupuesto", nil },
    { "The council contributed reporting tools to the school.", nil },
    { "Bericht von gestern", nil },
}

local PAGE = [[<html><head><title>T</title></head><body><h1>Headline</h1>
<div id="story"><p>The first paragraph of the story, with enough words in it to be one.</p>
<p>The second paragraph of the story, also with enough words in it to be one.</p>
<p class="tail">%s</p></div></body></html>]]

local function set_of(src)
    local set = require("rules_helper").set_of({ ["x/a.lua"] = src })
    h.same(set.errors, {}, "rule loads")
    return set
end

return {
    { name = "credits forms: contributed, additional reporting, compiled, other languages", fn = function()
        for i, c in ipairs(CASES) do
            h.eq(fields.credits(c[1]), c[2], ("CASES[%d] %q"):format(i, c[1]))
        end
    end },

    { name = "the generic reader takes them from the last paragraph", fn = function()
        local a = assert(newsextract.extract(PAGE:format("Heba Habib contributed to this report."),
            { rules = false }))
        h.eq(a.credits, "Heba Habib contributed to this report.", "credits")
        for _, p in ipairs(a.paragraphs) do
            assert(not p:find("contributed", 1, true), "credits line out of the body")
        end
    end },

    { name = "a rule's credits selector: read, or a note when the match is refused", fn = function()
        local set = set_of([[return { site = "x.com", body = "#story", credits = "p.tail" }]])
        local a = assert(newsextract.extract(PAGE:format("Heba Habib contributed to this report."),
            { url = "https://x.com/a", rules = set }))
        h.eq(a.credits, "Heba Habib contributed to this report.", "read by the rule")
        a = assert(newsextract.extract(PAGE:format("Share this story with a friend today."),
            { url = "https://x.com/a", rules = set }))
        h.eq(a.credits, nil, "not credits")
        local found
        for _, n in ipairs(a.notes or {}) do
            if n:find('credits[1]: credits: matched "Share this story with a friend today.", '
                .. "which is not a credits line", 1, true) then found = true end
        end
        assert(found, "note: " .. table.concat(a.notes or {}, "; "))
    end },

    { name = "a field the rule misses goes to its generic reader, with a note", fn = function()
        local set = set_of([[return { site = "x.com", body = "#story", credits = "p.nothing-here" }]])
        local a = assert(newsextract.extract(PAGE:format("(Reporting by Ann Smith; Editing by Bob Jones)"),
            { url = "https://x.com/a", rules = set }))
        h.eq(a.credits, "Reporting by Ann Smith; Editing by Bob Jones", "generic credits")
        local found
        for _, n in ipairs(a.notes or {}) do
            if n:find("credits: the rule's selectors found nothing; read by the generic reader", 1, true) then
                found = true
            end
        end
        assert(found, "note: " .. table.concat(a.notes or {}, "; "))
    end },
}
