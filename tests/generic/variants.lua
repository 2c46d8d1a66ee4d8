-- SPDX-License-Identifier: MIT
-- tests/generic/variants.lua: a second dev set made on the fly from the
-- shared corpus, nothing copied into the repo.  Each variant rewrites the
-- page the way real sites differ from the corpus (no class names, extra
-- wrappers, a comment thread or related links inside the article, a
-- newsletter box or ads between paragraphs, a sidebar, <br> for <p>) and
-- the output is scored against the ORIGINAL truth: the article did not
-- change, so the extraction should not either.
--
--   lua5.4 tests/generic/variants.lua [--corpus DIR] [--variant NAME] [--worst N]
--
-- The rewrites work on the page's bytes with plain string operations: the
-- article's paragraphs are found as the <p> elements whose first words are
-- in the truth (the anchors); a variant that needs anchors skips a page
-- with fewer than three.
local IS_SCRIPT = arg and arg[0] and arg[0]:find("variants%.lua$") ~= nil and
    not arg[0]:find("run%.lua$")
if IS_SCRIPT then
    local root = arg[0]:match("^(.*)/tests/generic/variants%.lua$") or "."
    local build = os.getenv("NX_BUILD") or (root .. "/build/lua5.4")
    package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. package.path
    package.cpath = build .. "/?.so;" .. package.cpath
end
do  -- the scoring lives in the evaluation tool, tools/eval/nxeval.lua
    local root = (debug.getinfo(1, "S").source:match("^@(.*)/tests/generic/[^/]*$")) or "."
    package.path = root .. "/tools/eval/?.lua;" .. package.path
end
local eval = require "nxeval"

local concat, format = table.concat, string.format
local find, gsub, lower, sub = string.find, string.gsub, string.lower, string.sub

local M = { _VERSION = "0.1.0" }

-- {======================================================================
-- Anchors: the article's <p> elements in the page's bytes.

local function token_line(s)
    return " " .. concat(eval.tokens(s), " ") .. " "
end

-- Every <p>...</p> of the page whose first six tokens are in the truth:
-- { {from = position of "<p", to = position after "</p>"}, ... }
local function anchors(html, truth)
    local low = lower(html)
    local index = token_line(truth)
    local out, at = {}, 1
    while true do
        local s = find(low, "<p[%s>]", at)
        if not s then break end
        local close = find(low, "</p>", s + 2, true)
        if not close then break end
        local nextp = find(low, "<p[%s>]", s + 2)
        if nextp and nextp < close then
            at = nextp                  -- an unclosed <p>: not an anchor
        else
            local inner = sub(html, s, close - 1)
            inner = gsub(gsub(inner, "<[^>]*>", " "), "&#?%w+;", " ")
            local toks = eval.tokens(inner)
            if #toks >= 6 then
                local key = " " .. concat(toks, " ", 1, 6) .. " "
                if find(index, key, 1, true) then
                    out[#out + 1] = { from = s, to = close + 4 }
                end
            end
            at = close + 4
        end
    end
    return out
end

-- Runs of anchors that are siblings in the bytes (nothing but white space
-- between one's end and the next one's start), at most `max` long: a
-- wrapper opened before a run and closed after it nests well.
local function runs(html, a, max)
    local out, cur = {}, nil
    for i, p in ipairs(a) do
        if cur and #cur < max and
            not find(sub(html, a[i - 1].to, p.from - 1), "%S") then
            cur[#cur + 1] = p
        else
            cur = { p }
            out[#out + 1] = cur
        end
    end
    return out
end

-- Insert strings at positions, in one pass.  `edits`: { {pos, text}, ... }
local function insert_all(html, edits)
    table.sort(edits, function(a, b) return a[1] < b[1] end)
    local out, at = {}, 1
    for _, e in ipairs(edits) do
        out[#out + 1] = sub(html, at, e[1] - 1)
        out[#out + 1] = e[2]
        at = e[1]
    end
    out[#out + 1] = sub(html, at)
    return concat(out)
end
-- }======================================================================

-- {======================================================================
-- The chrome the variants add: text that is in no truth.

local COMMENTS = {
    "Great article, thanks for writing it.",
    "I disagree. The numbers do not add up at all.",
    "Finally someone says it!",
    "This is exactly what happened in my town last year, and nobody cared.",
    "Source?",
    "Well written and well researched, as always.",
    "Why is nobody talking about the cost of this?",
    "lol",
    "Same here. We waited for months and then they closed the office.",
    "Thanks for sharing.",
}

local function comment_thread(n)
    local out = { "<div><h3>", tostring(n), " Comments</h3>" }
    for i = 1, n do
        out[#out + 1] = format('<div><p><a href="/user/%d">reader%d</a> %d hours ago</p>' ..
            '<p>%s</p><p><a href="#reply-%d">Reply</a> <a href="#like-%d">Like</a></p></div>',
            i, i, i % 23 + 1, COMMENTS[(i - 1) % #COMMENTS + 1], i, i)
    end
    out[#out + 1] = "</div>"
    return concat(out)
end

local HEADLINES = {
    "Council approves new budget after a long night of talks",
    "Five things to know about the housing market this spring",
    "Storm leaves thousands without power across the region",
    "Local team wins its first title in twenty years",
    "What the new rules mean for your pension",
    "Opinion: the city needs more trees, not more parking",
    "Scientists find a new species of frog in the valley",
    "Review: the best phones of the year so far",
    "Police appeal for witnesses after a crash on the ring road",
    "How one school cut its energy bill in half",
}

local function related_list()
    local out = { "<h3>Related stories</h3><ul>" }
    for i, h in ipairs(HEADLINES) do
        out[#out + 1] = format('<li><a href="/news/story-%d">%s</a></li>', i, h)
    end
    out[#out + 1] = "</ul>"
    return concat(out)
end

local NEWSLETTER = '<div><h3>Sign up for our newsletter</h3><p>Get the morning ' ..
    'briefing in your inbox every weekday.</p><form action="/subscribe">' ..
    '<input type="email" name="email" placeholder="Your email"><button>Sign up</button>' ..
    '</form><p><a href="/privacy">Privacy policy</a></p></div>'

local AD = '<div><p>Advertisement</p><iframe src="https://ads.example.com/slot"></iframe></div>'

local SIDEBAR_ITEMS = {
    "Most read: bridge closure extended until the end of the month",
    "Weather: sunny spells, highs of 21 degrees",
    "Traffic: delays on the northern bypass",
    "Markets: shares close higher for a third day",
    "Sport: a late goal seals the derby",
    "Culture: the museum opens a new wing in May",
}

local function sidebar(n)
    local out = { "<div><h3>Trending now</h3>" }
    for i = 1, n do
        out[#out + 1] = "<p>" .. SIDEBAR_ITEMS[(i - 1) % #SIDEBAR_ITEMS + 1] .. "</p>"
    end
    out[#out + 1] = "</div>"
    return concat(out)
end
-- }======================================================================

-- {======================================================================
-- The variants: function(html, anchors) -> new html, or nil (not
-- applicable to this page).

local function strip_attr(html, name)
    local pat = "(%s)" .. gsub(name, "%a", function(c)
        return "[" .. lower(c) .. c:upper() .. "]"
    end) .. "%s*=%s*"
    html = gsub(html, pat .. '"[^"]*"', "%1")
    html = gsub(html, pat .. "'[^']*'", "%1")
    html = gsub(html, pat .. "[^%s>\"']+", "%1")
    return html
end

M.VARIANTS = {
    { name = "noattr", what = "every class and id attribute removed",
      fn = function(html)
          return strip_attr(strip_attr(html, "class"), "id")
      end },
    { name = "wrapped", what = "each run of sibling article paragraphs in three more divs",
      needs = true,
      fn = function(html, a)
          local e = {}
          for _, r in ipairs(runs(html, a, math.huge)) do
              e[#e + 1] = { r[1].from, "<div><div><div>" }
              e[#e + 1] = { r[#r].to, "</div></div></div>" }
          end
          return insert_all(html, e)
      end },
    { name = "pdivs", what = "each article paragraph in two divs of its own",
      needs = true,
      fn = function(html, a)
          local e = {}
          for _, p in ipairs(a) do
              e[#e + 1] = { p.from, "<div><div>" }
              e[#e + 1] = { p.to, "</div></div>" }
          end
          return insert_all(html, e)
      end },
    { name = "comments", what = "40 comments (author, text, reply links) after the last paragraph",
      needs = true,
      fn = function(html, a)
          return insert_all(html, { { a[#a].to, comment_thread(40) } })
      end },
    { name = "related", what = "a heading and 10 headline links after the last paragraph",
      needs = true,
      fn = function(html, a)
          return insert_all(html, { { a[#a].to, related_list() } })
      end },
    { name = "newsletter", what = "a newsletter box after the middle paragraph",
      needs = true,
      fn = function(html, a)
          return insert_all(html, { { a[math.floor((#a + 1) / 2)].to, NEWSLETTER } })
      end },
    { name = "ads", what = "an ad box after every third paragraph",
      needs = true,
      fn = function(html, a)
          local e = {}
          for i = 3, #a - 1, 3 do e[#e + 1] = { a[i].to, AD } end
          return insert_all(html, e)
      end },
    { name = "split", what = "sibling paragraphs in runs of at most three, each run in two divs, an ad box between",
      needs = true,
      fn = function(html, a)
          local e = {}
          local list = runs(html, a, 3)
          for i, r in ipairs(list) do
              e[#e + 1] = { r[1].from, "<div><div>" }
              e[#e + 1] = { r[#r].to, "</div></div>" .. (i < #list and AD or "") }
          end
          return insert_all(html, e)
      end },
    { name = "sidebar", what = "the body in <main>, a sidebar of 30 short paragraphs after it",
      fn = function(html)
          local low = lower(html)
          local _, b = find(low, "<body[^>]*>")
          local c = find(low, "</body>", 1, true)
          if not b or not c then return nil end
          return insert_all(html, { { b + 1, "<main>" }, { c, "</main>" .. sidebar(30) } })
      end },
    { name = "brs", what = "every <p> replaced by text and <br><br>",
      fn = function(html)
          html = gsub(html, "<[pP]%f[%s>][^>]*>", "")
          return (gsub(html, "</[pP]>", "<br><br>"))
      end },
}
-- }======================================================================

-- {======================================================================
-- Running

--- variants.cases(corpus) -> the Readability and Reuters cases, as eval
--- gives them.
function M.cases(corpus)
    local out = {}
    for _, kind in ipairs({ "readability", "reuters" }) do
        local cases, err = eval[kind .. "_cases"](corpus)
        if not cases then return nil, err end
        for _, c in ipairs(cases) do c.set = kind; out[#out + 1] = c end
    end
    return out
end

--- variants.run(cases [, only [, keep]]) -> { {name=, what=, pages=,
--- skipped=, summary=, results=}, ... }; the first entry is the original
--- pages.  The articles are dropped from the results unless `keep` (a
--- heap full of them makes eval's per-page collection slow).
function M.run(cases, only, keep)
    local anchored = {}
    for i, c in ipairs(cases) do anchored[i] = anchors(c.html, c.truth) end
    local out = {}
    local list = { { name = "original", what = "the corpus pages as they are",
        fn = function(html) return html end } }
    for _, v in ipairs(M.VARIANTS) do list[#list + 1] = v end
    for _, v in ipairs(list) do
        if not only or only == v.name or v.name == "original" then
            local vc, skipped = {}, 0
            for i, c in ipairs(cases) do
                local a = anchored[i]
                local html = (not v.needs or #a >= 3) and v.fn(c.html, a) or nil
                if html then
                    vc[#vc + 1] = { name = c.name, truth = c.truth, html = html,
                        meta = c.meta, paragraphs = c.paragraphs }
                else
                    skipped = skipped + 1
                end
            end
            local res = eval.run(vc, "balanced")
            if not keep then
                for _, x in ipairs(res) do x.article = nil end
            end
            out[#out + 1] = { name = v.name, what = v.what, pages = #vc,
                skipped = skipped, summary = eval.summary(res), results = res }
        end
    end
    return out
end

local function main(args)
    local corpus = os.getenv("NX_CORPUS") or "../shared/corpus"
    local only, worst = nil, 0
    local i = 1
    while args[i] do
        if args[i] == "--corpus" then corpus = args[i + 1]; i = i + 2
        elseif args[i] == "--variant" then only = args[i + 1]; i = i + 2
        elseif args[i] == "--worst" then worst = tonumber(args[i + 1]) or 0; i = i + 2
        else io.stderr:write("usage: variants.lua [--corpus DIR] [--variant NAME] [--worst N]\n")
            return 2 end
    end
    local cases, err = M.cases(corpus)
    if not cases then io.stderr:write(tostring(err), "\n") return 1 end
    local base
    print("| variant | pages | P | R | F1 | vs original (same pages) |")
    print("|---|---|---|---|---|---|")
    for _, r in ipairs(M.run(cases, only)) do
        local s = r.summary
        base = base or r
        -- the original's F1 on the pages this variant ran on
        local by = {}
        for _, x in ipairs(base.results) do by[x.name] = x end
        local same = {}
        for _, x in ipairs(r.results) do same[#same + 1] = by[x.name] end
        local sb = eval.summary(same)
        print(format("| %s | %d | %.4f | %.4f | %.4f | %+.4f |", r.name, r.pages,
            s.precision, s.recall, s.f1, s.f1 - sb.f1))
        if worst > 0 and r.name ~= "original" then
            local drops = {}
            for _, x in ipairs(r.results) do
                drops[#drops + 1] = { x.name, x.f1 - by[x.name].f1, x.precision, x.recall }
            end
            table.sort(drops, function(p, q) return p[2] < q[2] end)
            for k = 1, math.min(worst, #drops) do
                local d = drops[k]
                print(format("    %-40s %+.4f  P %.3f R %.3f", d[1], d[2], d[3], d[4]))
            end
        end
    end
    return 0
end

-- run as a script: the table; required: the module
if IS_SCRIPT then os.exit(main(arg)) end

return M
