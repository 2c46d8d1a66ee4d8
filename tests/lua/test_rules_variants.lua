-- SPDX-License-Identifier: MIT
-- tests/lua/test_rules_variants.lua: the bundled Reuters rules on template
-- variants they were not written on, generated here (in memory) from the
-- corpus' Reuters pages: the class names of the optional parts renamed
-- (dateline, captions, credits line), the byline missing, and all of it
-- with a CSS-module hash suffix.  Through newsextract.extract, as a user
-- calls it: where a rule's selector finds nothing, the generic reader of
-- the field gives the expected value, and a note says so.  Also: each
-- bundled rule lists the variants it covers.
local newsextract = require "newsextract"
local core = require "newsextract.core"
local rules = require "newsextract.rules"
local cjson = require "cjson"
local h = require "helper"

local function null(v)
    if v == cjson.null then return nil end
    return v
end

local function pages()
    local dir = h.corpus() .. "/reuters"
    local list, urls = {}, {}
    for line in h.read(dir .. "/SOURCES.md"):gmatch("[^\n]+") do
        local file, url = line:match("^| ([%w%-%.]+%.html) | %a | (https?://%S+) |")
        if not file then file, url = line:match("^| ([%w%-%.]+%.html) | [^|]+ | (https?://%S+) |") end
        if file then
            local name = file:gsub("%.html$", "")
            list[#list + 1] = name
            urls[name] = url
        end
    end
    table.sort(list)
    if #list ~= 8 then error("expected 8 Reuters pages in SOURCES.md, found " .. #list) end
    return dir, list, urls
end

-- Renames inside class attributes only: { from-pattern, to }.
local function rename_classes(html, map)
    local n = 0
    local out = html:gsub("(%sclass=)([\"'])(.-)%2", function(pre, q, v)
        for _, m in ipairs(map) do
            local k
            v, k = v:gsub(m[1], m[2])
            n = n + k
        end
        return pre .. q .. v .. q
    end)
    return out, n
end

-- Drop the elements that open with this tag (an id or a class), through
-- their end tag: a byline box without nested same-name tags.
local function drop(html, open_pattern, tag)
    return html:gsub(open_pattern .. ".-</" .. tag .. ">", "")
end

local function hash_all(html)
    return (html:gsub("(%sclass=)([\"'])(.-)%2", function(pre, q, v)
        return pre .. q .. v:gsub("%S+", function(c) return c .. "_3xQ9z" end) .. q
    end))
end

-- The variants: name, transform(raw) -> raw, fields that must hold.
local VARIANTS = {
    { "renamed optional parts", function(raw)
        local out, n = rename_classes(raw, {
            { "^articleLocation$", "article-place" },        -- 2016 dateline span
            { "module%-caption", "slide-caption-text" },     -- 2016 captions
            { "Image_caption", "Figure_captionText" },       -- 2017 captions
            { "Attribution_content", "Credit_line" },        -- 2017 credits
            { "Attribution_container", "Credit_box" },
        })
        assert(n > 0, "nothing renamed")
        return out
    end, { "dateline", "captions", "credits", "title", "authors" } },
    { "byline missing", function(raw)
        raw = drop(raw, '<div id="article%-byline"[^>]*>', "div")
        return raw
    end, { "dateline", "captions", "credits", "title" } },
    -- the 2016 place printed as an agency dateline in the paragraph's text
    -- (no span), an en dash after it; 2017 pages are left as they are
    { "dateline in the text", function(raw)
        return (raw:gsub('<span class="articleLocation">([^<]*)</span>', "%1 (Reuters) &#8211;"))
    end, { "dateline", "captions", "credits", "title", "authors" } },
    -- a slide's caption straight in its text box (2016): no caption class
    -- anywhere, no alt text; 2017 pages are left as they are
    { "caption box missing", function(raw)
        return (raw:gsub('<div class="module%-caption">(.-)</div>', "%1"))
    end, { "dateline", "captions", "credits", "title", "authors" } },
    { "renamed and hashed", function(raw)
        local r = rename_classes(raw, {
            { "^articleLocation$", "article-place" },
            { "module%-caption", "slide-caption-text" },
            { "Image_caption", "Figure_captionText" },
            { "Attribution_content", "Credit_line" },
            { "Attribution_container", "Credit_box" },
        })
        return hash_all(r)
    end, { "dateline", "captions", "credits", "title" } },
}

local cases = {
    { name = "Reuters template variants: generic readers fill what the selectors miss", fn = function()
        local dir, list, urls = pages()
        local set = assert(rules.default())
        local generic_notes = 0
        for _, name in ipairs(list) do
            local want = cjson.decode(h.read(dir .. "/expected/" .. name .. ".json"))
            local raw0 = h.read(dir .. "/" .. name .. ".html")
            for _, v in ipairs(VARIANTS) do
                local raw = v[2](raw0)
                for _, u in ipairs({ urls[name], false }) do
                    local label = ("%s, %s, %s"):format(name, v[1], u and "with URL" or "no URL")
                    local a = assert(newsextract.extract(raw, { url = u or nil, rules = set }))
                    h.eq(a.rule, want.template, label .. ": rule")
                    for _, f in ipairs(v[3]) do
                        if f == "captions" or f == "authors" then
                            h.same(a[f], want[f], label .. ": " .. f)
                        else
                            h.eq(a[f], null(want[f]), label .. ": " .. f)
                        end
                    end
                    for _, p in ipairs(a.paragraphs) do
                        assert(not (want.credits ~= cjson.null and p == want.credits),
                            label .. ": the credits line is not body text")
                    end
                    -- the same fields from rules.apply alone (the rule's
                    -- own result, before extract's finish)
                    local doc = assert(core.parse(raw, { url = u or nil }))
                    local r = assert(set:match(u or nil, doc), label .. ": no rule")
                    local got = rules.apply(r, doc, { url = u or nil })
                    doc:free()
                    for _, f in ipairs(v[3]) do
                        if f == "captions" or f == "authors" then
                            h.same(got[f], want[f], label .. ": rules.apply: " .. f)
                        else
                            h.eq(got[f], null(want[f]), label .. ": rules.apply: " .. f)
                        end
                    end
                    for _, b in ipairs(got.blocks) do
                        assert(not (want.credits ~= cjson.null and b.text == want.credits),
                            label .. ": rules.apply: the credits line is not body text")
                    end
                    for _, n in ipairs(a.notes or {}) do
                        if n:find("read by the generic reader", 1, true) then generic_notes = generic_notes + 1 end
                    end
                end
            end
        end
        assert(generic_notes > 0, "the generic readers were used and said so")
    end },

    { name = "each bundled rule lists the variants of its template it covers", fn = function()
        local set = assert(rules.default())
        for _, r in ipairs(set.rules) do
            assert(type(r.variants) == "table" and #r.variants >= 3,
                r.file .. ": variants: list the template variants the rule covers")
        end
    end },
}
-- corpus-wide: left out of the valgrind pass (NX_LIGHT=1)
cases.heavy = { ["Reuters template variants: generic readers fill what the selectors miss"] = true }
return cases
