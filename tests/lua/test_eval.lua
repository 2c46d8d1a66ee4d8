-- SPDX-License-Identifier: MIT
-- tests/lua/test_eval.lua: the benchmark metric on hand-made cases, and the
-- eval command on the shared corpus (targets asserted at the measured floor).
local h = require("helper")
-- the evaluation tool is development tooling under tools/eval, not installed
package.path = h.root() .. "/tools/eval/?.lua;" .. package.path
local eval = require("nxeval")
local wcxb = require("wcxb")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

-- measured on the sample of the wcxb-dev case below when it was written
-- (issue 12: title 0.869, author 0.783, date 0.845 on the sample; before
-- it 0.59, 0.69, 0.65 on the whole set)
local WCXB_FLOORS = { f1 = 0.90, title = 0.84, author = 0.75, date = 0.82 }

local function near(got, want, what)
    if math.abs(got - want) > 1e-9 then
        error(("%s: expected %.6f, got %.6f"):format(what, want, got), 2)
    end
end

case("tokens: word runs, punctuation splits, CJK one token per character", function()
    h.same(eval.tokens("Hello, world! It's 2020_a."), { "Hello", "world", "It", "s", "2020_a" })
    -- UTF-8 letters are word characters; typographic punctuation is not
    h.same(eval.tokens("Größe — “Ærø” café…"), { "Größe", "Ærø", "café" })
    h.same(eval.tokens("東京都に行く。"), { "東", "京", "都", "に", "行", "く" })
    h.same(eval.tokens("한국어 문장"), { "한국어", "문장" })
    h.same(eval.tokens("ABC中文def"), { "ABC", "中", "文", "def" })
    h.same(eval.tokens(""), {})
    h.raises("eval.tokens: expected a string", eval.tokens, 5)
end)

case("shingles: overlapping 4-token multiset, short text one shingle", function()
    local s, n = eval.shingles("a b c d e a b c d")
    h.eq(n, 6, "count")
    h.eq(s["a b c d"], 2, "repeated shingle")
    h.eq(s["b c d e"], 1)
    local s2, n2 = eval.shingles("one two")
    h.eq(n2, 1, "short count")
    h.eq(s2["one two"], 1)
    local _, n3 = eval.shingles("  ... ")
    h.eq(n3, 0, "no tokens")
end)

case("identical texts: F1 1", function()
    local r = eval.page("The quick brown fox jumps over the lazy dog.",
        "The quick brown fox jumps over the lazy dog")
    near(r.tp, 1, "tp"); near(r.fp, 0, "fp"); near(r.fn, 0, "fn")
    near(r.f1, 1, "f1")
end)

case("disjoint texts: F1 0", function()
    local r = eval.page("one two three four five", "six seven eight nine ten")
    near(r.tp, 0, "tp"); near(r.fp, 0.5, "fp"); near(r.fn, 0.5, "fn")
    near(r.precision, 0, "precision"); near(r.recall, 0, "recall"); near(r.f1, 0, "f1")
end)

case("partial overlap, computed by hand", function()
    -- truth a b c d e f: shingles abcd bcde cdef (3)
    -- prediction a b c d e x y: abcd bcde cdex dexy (4)
    -- tp 2, fp 2, fn 1 -> sum 5 -> tp .4 fp .4 fn .2
    local r = eval.page("a b c d e f", "a b c d e x y")
    near(r.tp, 0.4, "tp"); near(r.fp, 0.4, "fp"); near(r.fn, 0.2, "fn")
    near(r.precision, 0.5, "precision")
    near(r.recall, 2 / 3, "recall")
    near(r.f1, 2 * 0.5 * (2 / 3) / (0.5 + 2 / 3), "f1")
end)

case("empty prediction: counts in recall, not in precision", function()
    local pages = {
        eval.page("a b c d e f", "a b c d e f"),   -- P 1 R 1
        eval.page("a b c d e f", ""),              -- empty: R 0
    }
    h.eq(pages[2].empty, true, "empty")
    local s = eval.summary(pages)
    near(s.precision, 1, "precision over non-empty pages")
    near(s.recall, 0.5, "recall over all pages")
    near(s.f1, 2 * 0.5 / 1.5, "f1 of the averages")
    h.eq(s.empty, 1, "empty count")
    -- nothing expected, nothing predicted: a perfect page
    local r = eval.page("", "")
    near(r.f1, 1, "empty vs empty")
end)

case("bylines are compared as names", function()
    h.eq(eval.byline_matches("By Jane Doe and John Roe", { "Jane Doe", "John Roe" }), true)
    h.eq(eval.byline_matches("By Nathan Willis\n   March 25, 2015", { "Nathan Willis" }), true)
    h.eq(eval.byline_matches("Jane Doe", { "John Roe" }), false)
    h.eq(eval.byline_matches("Jane Doe", {}), false)
    h.same(eval.byline_names("Last Updated: January 7, 2025"), {})
end)

case("eval command: a missing corpus is a loud failure", function()
    -- eval.main writes its complaint to io.stderr; swap it for the call,
    -- to keep the test log clean.
    -- luacheck: push ignore 122
    local out = io.stderr
    io.stderr = { write = function() end }
    local ok, code = pcall(eval.main, { "--corpus", "/nonexistent/corpus" })
    local ok2, code2 = pcall(eval.main, { "--set", "nope" })
    io.stderr = out
    -- luacheck: pop
    h.eq(ok, true, "runs")
    h.eq(code, 1, "exit code")
    h.eq(ok2, true, "runs")
    h.eq(code2, 2, "usage error")
end)

case("wcxb metric: lower-cased \\w+ words, bag-of-words P/R/F1, empty cases", function()
    h.same(wcxb.words("Hello, World! It's 2020_a."), { "hello", "world", "it", "s", "2020_a" })
    h.same(wcxb.words("ÄRGER über Ölpreis — “Ærø” café…"), { "ärger", "über", "ölpreis", "ærø", "café" })
    h.same(wcxb.words("ΑΘΗΝΑ Москва"), { "αθηνα", "москва" })
    -- CJK stays in runs, as Python's \w+ keeps it
    h.same(wcxb.words("東京都に行く。次"), { "東京都に行く", "次" })
    h.raises("wcxb.words: expected a string", wcxb.words, nil)
    local r = wcxb.page("a b c d", "a b x")
    near(r.precision, 2 / 3, "P")
    near(r.recall, 2 / 4, "R")
    near(r.f1, 2 * (2 / 3) * 0.5 / (2 / 3 + 0.5), "F1")
    -- a repeated word counts as often as both sides have it
    near(wcxb.page("a a b", "a a a").precision, 2 / 3, "bag, not set")
    near(wcxb.page("", "").f1, 1, "empty vs empty")
    near(wcxb.page("", "x").f1, 0, "empty truth")
    h.eq(wcxb.page("x", "").empty, true, "empty prediction")
    local s = wcxb.summary({ wcxb.page("a", "a"), wcxb.page("a", "") })
    near(s.f1, 0.5, "mean of page F1")
    h.eq(s.empty, 1, "empty count")
end)

case("wcxb fields: titles, author sets and days as the benchmark compares them", function()
    h.eq(wcxb.norm_title("  L\u{2019}Été  \u{201C}Chaud\u{201D}\n"), "l'été \"chaud\"")
    h.eq(wcxb.norm_title("Tom &amp; Jerry"), wcxb.norm_title("TOM & JERRY"))
    h.eq(wcxb.norm_title(""), nil)
    h.same(wcxb.author_set("By Jane Doe and John Roe"), { "jane doe", "john roe" })
    h.same(wcxb.author_set("Maria &amp; Katerina"), { "katerina", "maria" })
    h.same(wcxb.author_set("Dylan Bailey, MS, RD"), { "dylan bailey" })
    h.same(wcxb.author_set("Genevieve Carlton, Ph.D."), { "genevieve carlton" })
    h.same(wcxb.author_set("Von Anna Müller und Jörg Weiß"), { "anna müller", "jörg weiß" })
    h.same(wcxb.author_set("Par Jean Dupont et Marie Curie | Por Ana y Luis"),
        { "ana", "jean dupont", "luis", "marie curie" })
    h.same(wcxb.author_set("Sam Lee E-RYT 200"), { "sam lee" })
    h.eq(wcxb.same_authors("Jane Doe; John Roe", { "John Roe", "Jane Doe" }), true)
    h.eq(wcxb.same_authors("Jane Doe", { "Jane Doe", "Staff" }), false)
    h.eq(wcxb.day("2017-12-07"), "2017-12-07")
    h.eq(wcxb.day("2015-11"), "2015-11")
    h.eq(wcxb.same_date("2017-12-07", "2017-12-07T10:00:00+01:00"), true)
    h.eq(wcxb.same_date("2017-12-07", "2017-12-08"), false)
    h.eq(wcxb.same_date("2015-11", "2015-11-20"), true)
    h.eq(wcxb.same_date("2017-12-07", nil), false)
end)

case("eval tool: development tooling, not in the installed library", function()
    local f = assert(io.open(h.root() .. "/newsextract-scm-1.rockspec", "rb"))
    local spec = f:read("*a")
    f:close()
    h.eq(spec:find("eval", 1, true), nil, "the rockspec names no eval module")
    h.eq(io.open(h.root() .. "/lua/newsextract/eval.lua", "rb"), nil,
        "lua/newsextract/ (what make install copies) has no eval.lua")
end)

-- The corpus: the floors measured when this was written (docs/EVAL.md),
-- so a regression fails; the targets of issue 3 are in the comments.
local function run_set(kind)
    local corpus = h.corpus()
    local cases = assert(eval[kind .. "_cases"](corpus))
    return cases, eval.run(cases, "balanced")
end

case("corpus: Readability pages, body F1, titles and bylines", function()
    local cases, res = run_set("readability")
    h.eq(#cases, 130, "pages")
    local s = eval.summary(res)
    -- target 0.96.  Readability's truth keeps photo captions, our `text`
    -- does not (captions are a field): 0.9774 measured, 0.9840 with them.
    assert(s.f1 >= 0.975, ("readability F1 %.4f below the 0.975 floor"):format(s.f1))
    local m = eval.metadata_rates(cases, res)
    -- titles: Readability's expected title is its own metadata title, the
    -- site name kept ("... | eHow"); since issue 12 `title` is the page's
    -- heading without the site name (what wcxb-dev's human truth wants),
    -- so 101/127 here (126/127 before).  Bylines 64/71 (63/71 before).
    local tr, br = m.titles_ok / m.titles, m.bylines_ok / m.bylines
    assert(tr >= 0.78, ("title rate %.4f below 0.78"):format(tr))
    assert(br >= 0.89, ("byline rate %.4f below 0.89"):format(br))
end)

case("corpus: Reuters pages with rules off", function()
    local cases, res = run_set("reuters")
    h.eq(#cases, 8, "pages")
    local s = eval.summary(res)
    -- target 0.95
    assert(s.f1 >= 0.99, ("reuters F1 %.4f below the 0.99 floor"):format(s.f1))
    local m = eval.metadata_rates(cases, res)
    h.eq(m.titles_ok, 8, "titles")
    h.eq(m.bylines_ok, 8, "authors")
end)

case("corpus: favor=recall trades precision for recall", function()
    local corpus = h.corpus()
    local cases = assert(eval.readability_cases(corpus))
    local b = eval.summary(eval.run(cases, "balanced"))
    local r = eval.summary(eval.run(cases, "recall"))
    assert(r.recall > b.recall + 0.005, ("recall %.4f vs balanced %.4f"):format(r.recall, b.recall))
    assert(r.precision < b.precision, "recall mode should cost precision")
end)

-- The second dev set (tests/generic/variants.lua): the corpus pages
-- rewritten the ways real sites differ, scored against the original truth.
-- Floors a little under the F1 measured when this was written
-- (docs/EVAL.md); a variant that needs the article's paragraphs found in
-- the bytes must find them on most pages, or it measures nothing.
case("corpus: page variants keep the article (second dev set)", function()
    local corpus = h.corpus()
    package.path = h.root() .. "/tests/generic/?.lua;" .. package.path
    local variants = require("variants")
    local cases = assert(variants.cases(corpus))
    h.eq(#cases, 138, "pages")
    -- (measured with captions left out of `text`: original 0.9787, noattr
    -- 0.9700, wrapped 0.9613, pdivs 0.9545, comments 0.9736, related
    -- 0.9624, newsletter 0.9751, ads 0.9768, split 0.9663, sidebar 0.9670,
    -- brs 0.9699)
    -- Session 3: the main landmark's second opinion (nx_score.c; wcxb-dev
    -- all pages 0.7955 -> 0.8262) costs two variants: with no attributes
    -- the vote's pick is smaller and the landmark is taken more often
    -- (noattr 0.9692 -> 0.9615), and an unclassed 40-comment thread inside
    -- <main> is kept with it (comments 0.9740 -> 0.9550).  Their floors
    -- follow, a little under; telling a comment thread from a thread's
    -- posts inside the landmark is issue 17's open work.
    local FLOORS = {
        original = 0.975, noattr = 0.955, wrapped = 0.955, pdivs = 0.95,
        comments = 0.95, related = 0.955, newsletter = 0.97, ads = 0.97,
        split = 0.96, sidebar = 0.96, brs = 0.965,
    }
    local seen = 0
    for _, r in ipairs(variants.run(cases)) do
        local floor = assert(FLOORS[r.name], "no floor for variant " .. r.name)
        seen = seen + 1
        assert(r.pages >= 100, ("%s: only %d pages"):format(r.name, r.pages))
        assert(r.summary.f1 >= floor, ("variant %s: F1 %.4f below the %.3f floor")
            :format(r.name, r.summary.f1, floor))
    end
    h.eq(seen, 11, "variants run")
end)

-- wcxb-dev, every fourth article page (199 pages: the whole split takes a
-- minute, `make eval` runs it): bag-of-words F1 and the field rates, at
-- floors a little under what was measured (docs/EVAL.md).
case("corpus: wcxb-dev article pages, body F1 and fields (a sample)", function()
    local all = assert(wcxb.cases(h.corpus(), "article"))
    h.eq(#all, 793, "article pages")
    local cases = {}
    for i = 1, #all, 4 do cases[#cases + 1] = all[i] end
    local res = wcxb.run(cases, "balanced")
    local s = wcxb.summary(res)
    assert(s.f1 >= WCXB_FLOORS.f1, ("wcxb article F1 %.4f below %.3f"):format(s.f1, WCXB_FLOORS.f1))
    local f = wcxb.fields(cases, res)
    for _, k in ipairs({ "title", "author", "date" }) do
        local rate = f[k].ok / f[k].n
        assert(rate >= WCXB_FLOORS[k], ("wcxb %s rate %d/%d = %.4f below %.2f")
            :format(k, f[k].ok, f[k].n, rate, WCXB_FLOORS[k]))
    end
end)

case("wcxb: page_type confusion matrix and site halves", function()
    local cases = {
        { name = "1", type = "article", url = "https://www.a.example/x" },
        { name = "2", type = "article", url = "https://a.example/y" },
        { name = "3", type = "forum", url = "https://b.example/t/1" },
        { name = "4", type = "product" },
    }
    local res = {
        { article = { page_type = "article" } }, { article = { page_type = "service" } },
        { article = { page_type = "forum" } }, { article = nil },
    }
    h.eq(wcxb.half(cases[1]), wcxb.half(cases[2]), "www. or not: one site, one half")
    local f = wcxb.fields(cases, res)
    h.eq(f.page_type.ok, 2, "right")
    h.eq(f.page_type.cm.article.service, 1, "article read as service")
    h.eq(f.page_type.cm.product.none, 1, "a failed extraction counts as none")
    h.eq(f.page_type.half[1].n + f.page_type.half[2].n, 4, "every page in a half")
    local out = {}
    wcxb.report_fields({ write = function(_, ...)
        for _, v in ipairs({ ... }) do out[#out + 1] = v end
    end }, f, 0)
    local text = table.concat(out)
    assert(text:find("page_type right %(all%)  2/4"), text)
    assert(text:find("article%s+1%s+0%s+0%s+0%s+0%s+0%s+1"), "the article row:\n" .. text)
    assert(text:find("precision"), text)
end)

-- page_type over every fifth wcxb-dev page (300), at a floor under the
-- 0.901 measured on all pages (docs/EVAL.md; 0.854 held out by site).
case("corpus: wcxb-dev page_type (a sample of all types)", function()
    local all = assert(wcxb.cases(h.corpus()))
    local cases = {}
    for i = 1, #all, 5 do cases[#cases + 1] = all[i] end
    local f = wcxb.fields(cases, wcxb.run(cases, "balanced"))
    local rate = f.page_type.ok / f.page_type.n
    assert(rate >= 0.85, ("page_type %d/%d = %.4f below 0.85"):format(f.page_type.ok,
        f.page_type.n, rate))
end)

T.heavy = {
    ["corpus: wcxb-dev page_type (a sample of all types)"] = true,
    ["corpus: wcxb-dev article pages, body F1 and fields (a sample)"] = true,
    ["corpus: Readability pages, body F1, titles and bylines"] = true,
    ["corpus: Reuters pages with rules off"] = true,
    ["corpus: favor=recall trades precision for recall"] = true,
    ["corpus: page variants keep the article (second dev set)"] = true,
}

return T
