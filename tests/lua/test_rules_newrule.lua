-- SPDX-License-Identifier: MIT
-- tests/lua/test_rules_newrule.lua: `newsextract new-rule` drafts an editor
-- can trust, on small pages we wrote: the body is the nearest element
-- holding all the generic result's paragraphs, no detect that would match other sites'
-- pages, itemprop and JSON-LD dates, --out into a new folder naming the
-- template, and a draft test that checks the generic result's words.
local rules = require "newsextract.rules"
local rules_cli = require "newsextract.rules_cli"
local core = require "newsextract.core"
local h = require "helper"

local function para(i)
    return ("<p>Paragraph %d of the story, which says enough words to count as a real paragraph.</p>"):format(i)
end

-- the story's paragraphs in two blocks: the first paragraph's parent holds
-- only part of the story
local function page(opts)
    opts = opts or {}
    local a, b = {}, {}
    for i = 1, 3 do a[#a + 1] = para(i) end
    for i = 4, 12 do b[#b + 1] = para(i) end
    return ([[<html><head><title>The headline</title>
<meta property="og:title" content="The headline">%s</head><body>
<h1 class="story-title">The headline</h1>
<div class="%s"><div class="lede">%s</div><aside class="ad">Advert</aside>
<div class="rest">%s</div></div>
<div class="footer"><p>Footer text of the site, on every page of it.</p></div>
</body></html>]]):format(opts.head or "", opts.class or "Gazette_storyBody",
        table.concat(a), table.concat(b))
end

local function load_draft(text)
    local set = require("rules_helper").set_of({ ["x/draft.lua"] = text })
    h.same(set.errors, {}, "draft loads")
    return set.rules[1]
end

return {
    { name = "body: the common ancestor of the generic paragraphs; detect only if specific", fn = function()
        local text, warnings = assert(rules_cli.draft(page(), "https://gazette.example.com/a"))
        assert(text:find('body = { ".Gazette_storyBody" }', 1, true), text)
        assert(text:find('detect = ".Gazette_storyBody"', 1, true), "specific class: detect")
        h.same(warnings, {}, "no warnings")
        local rule = load_draft(text)
        local doc = assert(core.parse(page()))
        local f = rules.apply(rule, doc)
        doc:free()
        h.eq(#f.blocks >= 12, true, "all twelve paragraphs")
    end },

    { name = "a generic container: no detect, a warning", fn = function()
        local text, warnings = assert(rules_cli.draft(page({ class = "content" }), "https://gazette.example.com/a"))
        assert(not text:find("\n    detect = ", 1, true), "no detect")
        assert(warnings[1] and warnings[1]:find("no detect proposed", 1, true), tostring(warnings[1]))
        assert(text:find("-- WARNING: no detect proposed", 1, true), "in the draft too")
    end },

    { name = "dates from itemprop and from JSON-LD", fn = function()
        local text = assert(rules_cli.draft(page({ head =
            '<meta itemprop="datePublished" content="2024-05-06T07:08:09Z">' }), "https://g.example.com/a"))
        assert(text:find("itemprop datePublished", 1, true), text)
        local doc = assert(core.parse(page({ head = '<meta itemprop="datePublished" content="2024-05-06T07:08:09Z">' })))
        h.eq(rules.apply(load_draft(text), doc).published, "2024-05-06T07:08:09Z", "itemprop date read")
        doc:free()
        local head = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-01-02T03:04:05+01:00"}</script>'
        text = assert(rules_cli.draft(page({ head = head }), "https://g.example.com/a"))
        assert(text:find("JSON-LD datePublished", 1, true), text)
        doc = assert(core.parse(page({ head = head })))
        h.eq(rules.apply(load_draft(text), doc).published, "2023-01-02T03:04:05+01:00", "JSON-LD date read")
        doc:free()
    end },

    { name = "--out into a new folder; the template named from it; the draft's test passes", fn = function()
        local base = os.tmpname()
        os.remove(base)
        -- the saved page inside the checkout (build/), where test-rules looks
        local abs_root = io.popen("cd '" .. h.root() .. "' && pwd"):read("*l")
        local pagedir = abs_root .. "/build/test-newrule-" .. tostring(os.time()) .. tostring(math.random(1e6))
        local pagefile = pagedir .. "/page.html"
        require("rules_helper").write(pagefile, page())
        local out = base .. "/rules/gazette/2024.lua"
        local said = {}
        local code = rules_cli.new_rule({ pagefile, "--url", "https://gazette.example.com/a", "--out", out },
            { out = function(s) said[#said + 1] = s end, err = function(s) said[#said + 1] = s end })
        h.eq(code, 0, "exit code: " .. table.concat(said))
        local text = h.read(out)
        assert(text:find('template = "gazette-2024"', 1, true), "template from --out")
        assert(text:find("min_words = ", 1, true), "the test checks the words")
        assert(text:find("Paragraph 12 of the story", 1, true), "the last paragraph is checked")
        assert(text:find('page = "build/test-newrule-', 1, true), "page relative to the checkout")
        code = rules_cli.test_rules({ base .. "/rules" },
            { out = function(s) said[#said + 1] = s end, err = function(s) said[#said + 1] = s end })
        os.execute("rm -rf '" .. base .. "' '" .. pagedir .. "'")
        h.eq(code, 0, "the draft's own test passes: " .. table.concat(said))
    end },
}
