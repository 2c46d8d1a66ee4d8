-- SPDX-License-Identifier: MIT
-- tests/lua/test_rules_reuters.lua: the bundled rules on the real Reuters
-- pages of the shared corpus, compared with corpus/reuters/expected/*.json,
-- with and without a URL, and again after a CSS-module hash suffix was
-- appended to every class name (done here, in memory).  Also: the tests
-- inside the bundled rules pass, and new-rule drafts a rule that loads.
local core = require "newsextract.core"
local rules = require "newsextract.rules"
local rules_cli = require "newsextract.rules_cli"
local cjson = require "cjson"
local h = require "helper"

local function pages()
    local dir = h.corpus() .. "/reuters"
    local list = {}
    local p = io.popen("ls '" .. dir .. "/expected'")
    for line in p:lines() do
        local name = line:match("^(.*)%.json$")
        if name then list[#list + 1] = name end
    end
    p:close()
    table.sort(list)
    if #list ~= 8 then error("expected 8 Reuters pages in the corpus, found " .. #list) end
    return dir, list
end

-- The URL of each page, as SOURCES.md gives it (provenance, never fetched).
local function urls(dir)
    local out = {}
    for line in h.read(dir .. "/SOURCES.md"):gmatch("[^\n]+") do
        local file, url = line:match("^| ([%w%-%.]+%.html) | %a | (https?://%S+) |")
        if not file then file, url = line:match("^| ([%w%-%.]+%.html) | [^|]+ | (https?://%S+) |") end
        if file then out[file:gsub("%.html$", "")] = url end
    end
    return out
end

-- A hash suffix per class, like CSS modules make: "_" + 5 base64url
-- characters ('_' and '-' included, as in Reuters' real
-- "Attribution_content_27_rw"), the first a digit.
local function hashed(html)
    local function suffix(c)
        local n = 0
        for i = 1, #c do n = (n * 31 + c:byte(i)) % 916132832 end
        local alphabet = "abcdefghijkLMNOPQRSTUVWXYZ0123456789_-"
        local s = ""
        for _ = 1, 4 do
            local k = n % #alphabet
            s = s .. alphabet:sub(k + 1, k + 1)
            n = math.floor(n / #alphabet)
        end
        return "_" .. tostring(math.floor(n % 10)) .. s
    end
    local count = 0
    local out = html:gsub("(%sclass=)([\"'])(.-)%2", function(pre, q, v)
        count = count + 1
        return pre .. q .. v:gsub("%S+", function(c) return c .. suffix(c) end) .. q
    end)
    return out, count
end

local function null(v)
    if v == cjson.null then return nil end
    return v
end

local function check(name, got, want, rule)
    local where = name .. ": "
    h.eq(rule and rule.name, want.template, where .. "rule")
    h.eq(got.title, want.title, where .. "title")
    h.eq(got.section, null(want.section), where .. "section")
    h.same(got.authors, want.authors, where .. "authors")
    h.eq(got.dateline, null(want.dateline), where .. "dateline")
    h.eq(got.reading_time, null(want.reading_time), where .. "reading_time")
    h.eq(got.credits, null(want.credits), where .. "credits")
    h.same(got.captions, want.captions, where .. "captions")
    h.eq(rules_cli.instant(got.published), rules_cli.instant(want.published), where .. "published (instant)")
    assert(rules_cli.instant(want.published), where .. "expected published parses")
    local texts = {}
    for i, b in ipairs(got.blocks) do texts[i] = b.text end
    h.same(texts, want.paragraphs, where .. "paragraphs")
    h.same(got.notes, {}, where .. "notes")
end

local function run_all(transform)
    local dir, list = pages()
    local set = assert(rules.default())
    h.same(set.errors, {}, "bundled rules load cleanly")
    local url_of = urls(dir)
    for _, name in ipairs(list) do
        local want = cjson.decode(h.read(dir .. "/expected/" .. name .. ".json"))
        local raw = h.read(dir .. "/" .. name .. ".html")
        if transform then
            local n
            raw, n = transform(raw)
            assert(n > 50, name .. ": too few classes rewritten")
        end
        local url = url_of[name]
        assert(url, name .. ": no URL in SOURCES.md")
        for _, u in ipairs({ url, false }) do
            local label = name .. (u and " (with URL)" or " (no URL)") .. (transform and " hashed" or "")
            local doc = assert(core.parse(raw, { url = u or nil }))
            local rule = set:match(u or nil, doc, { raw = raw })
            assert(rule, label .. ": no rule matched")
            check(label, rules.apply(rule, doc, { url = u or nil }), want, rule)
            doc:free()
        end
    end
end

return {
    { name = "all Reuters pages give the expected fields, with and without URL", fn = function()
        run_all(nil)
    end },

    { name = "the same with a hash suffix on every class name", fn = function()
        run_all(hashed)
        -- the transformation did what it says
        local out = hashed('<p class="a b_c">')
        assert(out:find('class="a_%d%w%w%w%w b_c_%d%w%w%w%w"'), out)
    end },

    { name = "without the pre-filter (no raw page) match still finds the rule", fn = function()
        local dir, list = pages()
        local set = assert(rules.default())
        for _, name in ipairs(list) do
            local want = cjson.decode(h.read(dir .. "/expected/" .. name .. ".json"))
            local doc = assert(core.parse(h.read(dir .. "/" .. name .. ".html")))
            local rule = set:match(nil, doc)
            h.eq(rule and rule.name, want.template, name)
            doc:free()
        end
    end },

    { name = "match_text: the 2017 rule's text section for a flat dump", fn = function()
        local set = assert(rules.default())
        local dump = h.read(h.corpus() .. "/seed/reuters-2017-osce.txt")
        local r = set:match_text(nil, dump)
        h.eq(r and r.name, "reuters-2017", "without URL")
        h.eq(type(r.text), "table", "text section")
        h.eq(set:match_text("https://www.reuters.com/article/x", dump).name, "reuters-2017", "with URL")
        h.eq(set:match_text(nil, "Just some\nlines of text\n"), nil, "plain text")
        h.eq(set:match_text("https://example.org/", dump), nil, "other host")
    end },

    { name = "match accepts the raw page as a third positional argument", fn = function()
        local set = assert(rules.default())
        local raw = h.read(h.root() .. "/tests/fixtures/reuters-2016/source.html")
        local doc = assert(core.parse(raw))
        h.eq(set:match(nil, doc, raw).name, "reuters-2016", "raw string")
    end },

    { name = "a page of another site matches no Reuters rule", fn = function()
        local set = assert(rules.default())
        local raw = "<html><body><h1 class='article-headline'>x</h1><div id='article-text'><p>y</p></div></body></html>"
        local doc = assert(core.parse(raw))
        h.eq(set:match("https://example.org/a", doc, { raw = raw }), nil, "other host")
        h.eq(set:match(nil, doc, { raw = raw }), nil, "div#article-text is not span#article-text")
    end },

    { name = "real selector errors name file, field and column", fn = function()
        local base = os.tmpname()
        os.remove(base)
        os.execute("mkdir -p '" .. base .. "/rules/x'")
        local f = assert(io.open(base .. "/rules/x/a.lua", "wb"))
        f:write('return { site = "x.com", title = { "h1", "h1 >> p" }, body = { { xpath = "//div[" } } }')
        f:close()
        local set = rules.load(base .. "/rules")
        os.execute("rm -rf '" .. base .. "'")
        table.sort(set.errors)
        assert(set.errors[1]:find("^rules/x/a%.lua: body%[1%]: xpath: "), set.errors[1])
        assert(set.errors[2]:find("^rules/x/a%.lua: title%[2%]: css: column %d+: "), set.errors[2])
    end },

    { name = "the tests inside the bundled rules pass", fn = function()
        local set = assert(rules.default())
        local passed, failed, lines = rules_cli.run_tests(set, { corpus = h.corpus() })
        if failed > 0 then error(table.concat(lines, "\n")) end
        assert(passed >= 6, "tests run: " .. passed)
    end },

    { name = "test-rules fails loudly on a missing page and on a wrong field", fn = function()
        local base = os.tmpname()
        os.remove(base)
        os.execute("mkdir -p '" .. base .. "/rules/x'")
        local f = assert(io.open(base .. "/rules/x/a.lua", "wb"))
        f:write([[return { site = "reuters.com", template = "t", detect = ".StandardArticleBody_body",
            title = ".ArticleHeader_headline", body = ".StandardArticleBody_body",
            tests = { { page = "no/such/page.html" },
                      { case = "reuters-2017", title = "Wrong title" } } }]])
        f:close()
        local out = {}
        local code = rules_cli.main({ "test-rules", base .. "/rules" },
            { out = function(s) out[#out + 1] = s end, err = function(s) out[#out + 1] = s end })
        os.execute("rm -rf '" .. base .. "'")
        local text = table.concat(out)
        h.eq(code, 1, "exit code")
        assert(text:find("tests[1] (no/such/page.html)\n    page not found", 1, true), text)
        assert(text:find('title: expected "Wrong title", got "Example headline for the React template"', 1, true), text)
    end },

    { name = "new-rule drafts a rule that loads and finds the title and body", fn = function()
        local root = h.root()
        local page = root .. "/tests/fixtures/reuters-2017/source.html"
        local text = assert(rules_cli.draft(h.read(page), "https://www.reuters.com/article/x", { page = page }))
        assert(text:find('title = { "h1.ArticleHeader_headline"', 1, true), text)
        assert(text:find('body = { ".StandardArticleBody_body" }', 1, true), text)
        assert(text:find("TODO", 1, true), "tells the editor what to fill in")
        local base = os.tmpname()
        os.remove(base)
        os.execute("mkdir -p '" .. base .. "/rules/reuters'")
        local f = assert(io.open(base .. "/rules/reuters/draft.lua", "wb"))
        f:write(text)
        f:close()
        local set = rules.load(base .. "/rules")
        os.execute("rm -rf '" .. base .. "'")
        h.same(set.errors, {}, "draft loads")
        local doc = assert(core.parse(h.read(page)))
        local got = rules.apply(set.rules[1], doc)
        h.eq(got.title, "Example headline for the React template", "draft's title")
        assert(#got.blocks >= 3, "draft's body")
    end },
}
