-- SPDX-License-Identifier: MIT
-- newsextract.rules_cli: the `test-rules` and `new-rule` sub-commands.
--
--   newsextract test-rules [DIR] [--pages D] run the tests inside every rule
--                                            (--pages: FTR test_url lines on saved pages)
--   newsextract new-rule PAGE --url U [--out FILE]
--                                            a starting rule from a saved page
--
-- main(args) returns the process exit code (0 ok, 1 failures, 2 usage).
-- Tests run offline, on saved pages, with the generic fallback off: only
-- what the rule itself finds is compared.
local M = { _VERSION = "0.1.0" }

local rules = require "newsextract.rules"
local fields = require "newsextract.fields"

local fmt, concat = string.format, table.concat

local function show(v)
    if type(v) == "string" then return fmt("%q", v) end
    if type(v) == "table" then
        local parts = {}
        for i, x in ipairs(v) do parts[i] = show(x) end
        return "{ " .. concat(parts, ", ") .. " }"
    end
    return tostring(v)
end

local read = require("newsextract.fsutil").read

-- Seconds since the epoch of an ISO 8601 date-time (zone applied), or nil.
local function days_from_civil(y, m, d)
    y = (m <= 2) and (y - 1) or y
    local era = math.floor(y / 400)
    local yoe = y - era * 400
    local mp = (m + 9) % 12
    local doy = math.floor((153 * mp + 2) / 5) + d - 1
    local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
    return era * 146097 + doe - 719468
end

function M.instant(s)
    if type(s) ~= "string" then return nil end
    local iso = fields.date(s) or s
    local y, mo, d, rest = iso:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)(.*)$")
    if not y then return nil end
    local H, Mi, S, zone = rest:match("^T(%d%d):(%d%d):?(%d*)%.?%d*(.*)$")
    local t = days_from_civil(tonumber(y), tonumber(mo), tonumber(d)) * 86400
    if H then
        t = t + tonumber(H) * 3600 + tonumber(Mi) * 60 + (tonumber(S) or 0)
        local sign, zh, zm = zone:match("^([+-])(%d%d):?(%d%d)$")
        if sign then
            local off = tonumber(zh) * 3600 + tonumber(zm) * 60
            t = (sign == "+") and (t - off) or (t + off)
        end
    end
    return t
end

-- Where things are: the checkout root (parent of the bundled rules/), the
-- corpus ($NX_CORPUS, else ../shared/corpus next to the checkout).
local function roots(opts)
    local root = opts.root
    if not root then
        local dir = rules.default_dir() or "rules"
        root = dir:match("^(.*)/[^/]+$") or "."
    end
    local corpus = opts.corpus or os.getenv("NX_CORPUS") or (root .. "/../shared/corpus")
    return root, corpus
end

-- A test's page is a rule-set author's word, not a path to anywhere: it
-- must be relative, with no ".." part, and it is looked for under the
-- checkout and the corpus only (a rule's `page = "/etc/passwd"` must not
-- make test-rules print that file).  Returns nil, why for any other.
local function confined(p)
    if p:find("^/") or p:find("^~") or p:find("%z") or p:find("\\", 1, true) then
        return nil, "must be a path relative to the rule set or the corpus"
    end
    for part in p:gmatch("[^/]+") do
        if part == ".." then return nil, "must not leave the rule set or the corpus (\"..\")" end
    end
    return p
end

local function find_page(t, root, corpus)
    local tried = {}
    local cands = {}
    local rel, why = confined(t.page or t.case)
    if not rel then
        return nil, nil, fmt("%s %s: %s", t.page and "page" or "case", show(t.page or t.case), why)
    end
    if t.page then
        cands[#cands + 1] = root .. "/" .. t.page
        cands[#cands + 1] = corpus .. "/" .. t.page
    else
        cands[#cands + 1] = root .. "/tests/fixtures/" .. t.case .. "/source.html"
    end
    for _, p in ipairs(cands) do
        local s = read(p)
        if s then return s, p end
        tried[#tried + 1] = p
    end
    return nil, concat(tried, ", ")
end

local LIST_FIELDS = { authors = true, captions = true }

-- Compare one test's expectations with what the rule found; push messages.
local function compare(t, got, texts, bad)
    for k, want in pairs(t) do
        if rules.FIELDS[k] and k ~= "body" then
            local have = got[k]
            if want == false then
                if have ~= nil then bad[#bad + 1] = fmt("%s: expected none, got %s", k, show(have)) end
            elseif k == "published" or k == "modified" then
                local a, b = M.instant(want), M.instant(have)
                if not a then
                    bad[#bad + 1] = fmt("%s: the test's value %s is not a date", k, show(want))
                elseif a ~= b then
                    bad[#bad + 1] = fmt("%s: expected %s, got %s", k, show(want), show(have))
                end
            elseif LIST_FIELDS[k] then
                if show(want) ~= show(have or {}) then
                    bad[#bad + 1] = fmt("%s: expected %s, got %s", k, show(want), show(have or {}))
                end
            elseif want ~= have then
                bad[#bad + 1] = fmt("%s: expected %s, got %s", k, show(want), show(have))
            end
        end
    end
    if t.min_words then
        local words = 0
        for _, x in ipairs(texts) do words = words + select(2, x:gsub("%S+", "")) end
        if words < t.min_words then
            bad[#bad + 1] = fmt("min_words: expected at least %d words in the body, got %d", t.min_words, words)
        end
    end
    if t.paragraphs then
        local n = math.max(#t.paragraphs, #texts)
        for i = 1, n do
            if t.paragraphs[i] ~= texts[i] then
                bad[#bad + 1] = fmt("paragraphs[%d]: expected %s, got %s", i,
                    show(t.paragraphs[i]), show(texts[i]))
                break
            end
        end
        if #t.paragraphs ~= #texts then
            bad[#bad + 1] = fmt("paragraphs: expected %d, got %d", #t.paragraphs, #texts)
        end
    end
    local joined = concat(texts, "\n")
    for _, s in ipairs(type(t.contains) == "string" and { t.contains } or t.contains or {}) do
        if not joined:find(s, 1, true) then bad[#bad + 1] = fmt("contains: %s not in the body", show(s)) end
    end
    for _, s in ipairs(type(t.excludes) == "string" and { t.excludes } or t.excludes or {}) do
        if joined:find(s, 1, true) then bad[#bad + 1] = fmt("excludes: %s is in the body", show(s)) end
    end
end

--- Run the tests inside every rule of `set`.  Returns passed, failed,
--- lines (one per failed test, plus one line per problem under it).
--- opts: core, root (checkout), corpus.
function M.run_tests(set, opts)
    opts = opts or {}
    local core = opts.core or require "newsextract.core"
    local root, corpus = roots(opts)
    local passed, failed, lines = 0, 0, {}
    for _, rule in ipairs(set.rules) do
        for i, t in ipairs(rule.tests or {}) do
            local label = fmt("%s: tests[%d] (%s)", rule.file, i, t.case or t.page)
            local bad = {}
            local raw, where, refused = find_page(t, root, corpus)
            if refused then
                bad[#bad + 1] = refused
            elseif not raw then
                bad[#bad + 1] = "page not found (looked in " .. where .. ")"
            else
                local doc, err = core.parse(raw, { url = t.url })
                if not doc then
                    bad[#bad + 1] = "cannot parse " .. where .. ": " .. tostring(err)
                else
                    -- The set must pick this rule, with the URL and without.
                    if t.url then
                        local m = set:match(t.url, doc, { raw = raw })
                        if m ~= rule then
                            bad[#bad + 1] = fmt("match with the URL chose %s", m and m.name or "no rule")
                        end
                    end
                    local m = set:match(nil, doc, { raw = raw })
                    if m ~= rule then
                        bad[#bad + 1] = fmt("match without a URL chose %s", m and m.name or "no rule")
                    end
                    local got = rules.apply(rule, doc, { url = t.url })
                    local texts = {}
                    for j, b in ipairs(got.blocks) do texts[j] = b.text end
                    compare(t, got, texts, bad)
                    for _, n in ipairs(got.notes) do bad[#bad + 1] = "note: " .. n end
                    if doc.free then doc:free() end
                end
            end
            if #bad == 0 then
                passed = passed + 1
            else
                failed = failed + 1
                lines[#lines + 1] = "FAIL " .. label
                for _, b in ipairs(bad) do lines[#lines + 1] = "    " .. b end
            end
        end
    end
    return passed, failed, lines
end

-- The test_url lines of the set's Full-Text RSS configs, on the pages
-- saved in `pages` (pages.dir_fetcher's urls.tsv).  Returns the failures.
local function ftr_tests(set, pages, io_out, io_err)
    local n = 0
    for _, r in pairs(set.ftr or {}) do n = n + #(r.tests or {}) end
    if n == 0 then return 0 end
    if not pages then
        io_out(fmt("%d Full-Text RSS test_url lines not run (they need saved pages: --pages DIR)\n", n))
        return 0
    end
    local fetch, err = require("newsextract.pages").dir_fetcher(pages)
    if not fetch then
        io_err("test-rules: --pages: " .. tostring(err) .. "\n")
        return 1
    end
    local res = require("newsextract.ftr").run_tests(set, fetch, require("newsextract").extract)
    for _, l in ipairs(res.lines) do io_out(l .. "\n") end
    io_out(fmt("Full-Text RSS tests: %d passed, %d failed, %d without a saved page (not run)\n",
        res.passed, res.failed, res.unsaved))
    return res.failed
end

local function test_rules(args, io_out, io_err)
    local dir, pages
    local i = 1
    while args[i] do
        if args[i] == "--pages" and args[i + 1] then pages = args[i + 1]; i = i + 1
        else dir = args[i] end
        i = i + 1
    end
    local set, err
    if dir then set, err = rules.load(dir) else set, err = rules.default() end
    if not set then
        io_err("test-rules: " .. tostring(err) .. "\n")
        return 1
    end
    for _, e in ipairs(set.errors) do io_err("ERROR " .. e .. "\n") end
    local passed, failed, lines = M.run_tests(set)
    for _, l in ipairs(lines) do io_out(l .. "\n") end
    io_out(fmt("%d rules, %d tests passed, %d failed, %d files with errors\n",
        #set.rules, passed, failed, #set.errors))
    local ftr_failed = ftr_tests(set, pages, io_out, io_err)
    return (failed == 0 and ftr_failed == 0 and #set.errors == 0) and 0 or 1
end

---------------------------------------------------------------------------
-- new-rule
---------------------------------------------------------------------------

-- An XPath string literal for any text.
local function xlit(s)
    if not s:find("'", 1, true) then return "'" .. s .. "'" end
    if not s:find('"', 1, true) then return '"' .. s .. '"' end
    local parts = {}
    for piece in (s .. "'"):gmatch("([^']*)'") do
        parts[#parts + 1] = "'" .. piece .. "'"
    end
    return "concat(" .. concat(parts, ", \"'\", ") .. ")"
end

-- A class as a selector editors can keep: the CSS-module hash dropped
-- (".ArticleHeader_headline" matches "ArticleHeader_headline_1gnLA").
local function class_selector(tag, classes)
    if not classes then return nil end
    for c in classes:gmatch("%S+") do
        if c:find("^[%a_][%w_%-]*$") then
            local base = c:match("^(.-_.-)_%w%w%w%w%w$") or c
            return tag .. "." .. base
        end
    end
    return nil
end

-- The selector of the element whose text is `text` (tag from `tags`).
local function element_for(doc, tags, text)
    if not text then return nil end
    for _, tag in ipairs(tags) do
        local xp = fmt("//%s[normalize-space(.)=%s]", tag, xlit(text))
        if doc:select(xp) then
            local id = doc:select(xp, "id")
            if id and id:find("^[%a_][%w_%-]*$") then return tag .. "#" .. id end
            return class_selector(tag, doc:select(xp, "class")) or tag
        end
    end
    return nil
end

local function container_for(doc, text)
    if not text then return nil end
    local lit = xlit(text)
    for _, xp in ipairs({ fmt("//p[normalize-space(.)=%s]/..", lit),
                          fmt("//p[starts-with(normalize-space(.), %s)]/..", xlit(text:sub(1, 60))) }) do
        if doc:select(xp) then
            local id = doc:select(xp, "id")
            if id and id:find("^[%a_][%w_%-]*$") then return "#" .. id end
            local cls = class_selector("", doc:select(xp, "class"))
            if cls then return cls end
        end
    end
    return nil
end

local function first(md, ...)
    for i = 1, select("#", ...) do
        local k = select(i, ...)
        local v = md.meta and md.meta[k]
        if v and v[1] then return k, v[1] end
    end
end

-- Class names too common to pick one site's template out of others.
local GENERIC_CLASSES = {}
for c in ([[content main-content entry-content post-content article-content
    article-body article body story story-body post entry text container
    wrapper main page inner section]]):gmatch("%S+") do
    GENERIC_CLASSES[c] = true
end

-- A selector fit for detect: an id, or a class no generic page has.
local function specific(sel)
    if not sel then return false end
    if sel:find("#", 1, true) then return true end
    local cls = sel:match("%.([%w_%-]+)")
    return cls ~= nil and not GENERIC_CLASSES[cls:lower()]
end

-- The nearest element holding every sampled paragraph of the generic
-- result (first, last and some between): the body container.
local function common_ancestor(doc, texts)
    if #texts == 0 then return nil end
    local picks, step = {}, math.max(1, math.floor(#texts / 6))
    for i = 1, #texts, step do picks[#picks + 1] = texts[i] end
    if picks[#picks] ~= texts[#texts] then picks[#picks + 1] = texts[#texts] end
    local conds = {}
    for i, t in ipairs(picks) do
        if i > 8 then break end
        conds[#conds + 1] = fmt(".//*[starts-with(normalize-space(.), %s)]", xlit(t:sub(1, 60)))
    end
    local xp = "(//body//*[" .. concat(conds, " and ") .. "])[last()]"
    if not doc:select(xp .. "/@*") and not doc:select(xp) then return nil end
    local id = doc:select(xp, "id")
    if id and id:find("^[%a_][%w_%-]*$") then return "#" .. id end
    local tag = doc:select("name(" .. xp .. ")")
    return class_selector("", doc:select(xp, "class")) or (tag and tag ~= "" and tag:lower()) or nil
end

-- The published date: a meta tag, an itemprop, then JSON-LD.
local function date_entry(md)
    local pubkey = first(md, "article:published_time", "og:article:published_time", "date", "dc.date")
    if pubkey then return fmt("{ meta = %q }", pubkey), pubkey end
    local ip = md.itemprop and (md.itemprop.datePublished or md.itemprop.datepublished)
    if ip and ip[1] then
        return "\"//*[@itemprop='datePublished']/@content | //*[@itemprop='datePublished']/@datetime\"",
            "itemprop datePublished"
    end
    for _, j in ipairs(md.jsonld or {}) do
        if j:find('"datePublished"', 1, true) then
            return "{ \"//script[@type='application/ld+json'][contains(., 'datePublished')]\", "
                .. "pattern = '\"datePublished\"%s*:%s*\"([^\"]+)\"' }", "JSON-LD datePublished"
        end
    end
end

-- Words of a body selector's blocks on this page (0 when it selects none).
local function body_words(core, doc, sel)
    local xp = sel:find("^[/(]") and sel or core.css(sel)
    local c = xp and core.xpath(xp)
    local res = c and doc:content(c)
    local n = 0
    for _, b in ipairs(res and res.blocks or {}) do n = n + (b.words or 0) end
    return n
end

-- What the draft says about the page: the guesses and the warnings.
local function survey(raw, url, opts, core)
    local doc, err = core.parse(raw, { url = url })
    if not doc then return nil, err end
    local warnings = {}
    local md = doc:metadata()
    local host = rules.host_of(url) or "example.com"
    local site = host:gsub("^www%.", "")
    local _, mtitle = first(md, "og:title", "twitter:title")
    local title_text = mtitle or md.title
    local title_sel = element_for(doc, { "h1", "h2" }, title_text and fields.collapse(title_text))
    if not title_sel then
        local h1class = doc:select("(//h1)[1]", "class")
        title_sel = class_selector("h1", h1class) or (doc:select("(//h1)[1]") and "h1")
    end
    local seckey = first(md, "article:section", "og:article:section")
    local authkey = first(md, "author", "article:author", "og:article:author")
    local date, date_from = date_entry(md)
    -- the generic result, before any content() pass changes the tree
    local art = doc:article()
    local texts, generic_words = {}, 0
    for _, b in ipairs(art and art.blocks or {}) do
        generic_words = generic_words + (b.words or 0)
        if b.kind == "p" and #b.text > 40 then texts[#texts + 1] = b.text end
    end
    doc:free()
    doc = assert(core.parse(raw, { url = url }))
    local body_sel = common_ancestor(doc, texts) or container_for(doc, texts[1])
    local draft_words = body_sel and body_words(core, doc, body_sel) or 0
    if body_sel and generic_words > 0 and draft_words < generic_words / 2 then
        warnings[#warnings + 1] = fmt("body %q gives %d words, the generic extraction %d: "
            .. "check the body selector", body_sel, draft_words, generic_words)
    end
    local detect_ok = specific(body_sel)
    if not detect_ok then
        warnings[#warnings + 1] = fmt("no detect proposed: %s would match pages of other sites",
            body_sel and fmt("%q", body_sel) or "a guess")
    end
    -- the template's name: from --out (rules/<site>/<name>.lua), else site-year
    local out_dir, out_name = (opts.out or ""):match("([^/]*)/?([^/]+)%.lua$")
    local short = site:gsub("%..*$", "")
    local template = out_name and ((out_dir ~= "" and out_dir ~= out_name) and
        (out_dir .. "-" .. out_name) or out_name) or (short .. "-" .. os.date("!%Y"))
    local path = opts.out or fmt("rules/%s/%s.lua", short, os.date("!%Y"))
    doc:free()
    return { warnings = warnings, site = site, template = template, path = path,
        detect_ok = detect_ok, body_sel = body_sel, title_sel = title_sel,
        title_text = title_text, authkey = authkey, date = date, date_from = date_from,
        seckey = seckey, texts = texts, draft_words = draft_words,
        generic_words = generic_words }
end

-- The draft's text from what survey() found.
local function draft_text(d, url, opts)
    local L = {}
    local function w(s, ...) L[#L + 1] = select("#", ...) > 0 and fmt(s, ...) or s end
    w("-- SPDX-License-Identifier: MIT")
    w("-- %s: DRAFT written by `newsextract new-rule` from a page of", d.path)
    w("-- %s.  Finish it: check every selector (say in a comment why it is", url or "an unknown URL")
    w("-- there and when the markup was seen), fill in the TODOs, then run")
    w("-- `newsextract test-rules` until the test below passes.  rules/README.md")
    w("-- explains every key.")
    for _, m in ipairs(d.warnings) do w("-- WARNING: %s", m) end
    w("return {")
    w("    site = %q,", d.site)
    w("    template = %q,", d.template)
    w("")
    w("    -- TODO: something every article page of this template has and no other")
    w("    -- page has (the body container is a good choice); needed to pick this")
    w("    -- rule when the URL is unknown.")
    if d.detect_ok then w("    detect = %q,", d.body_sel)
    else w("    -- detect = { },  -- TODO: an id or class only this site's article pages have") end
    w("")
    w("    -- guessed: the heading whose text equals the page's title")
    w("    title = { %q, { meta = \"og:title\" } },", d.title_sel or "h1")
    if d.authkey then
        w("    -- TODO: prefer the byline element on the page; the meta tag is a fallback")
        w("    authors = { { meta = %q } },", d.authkey)
    else
        w("    -- TODO: the byline, e.g. { \".byline a\", all = true } (one element per name)")
        w("    -- authors = { },")
    end
    if d.date then
        w("    -- from the page's %s", d.date_from)
        w("    published = { %s },", d.date)
    else
        w("    -- TODO: the date, e.g. { \"time\", attr = \"datetime\" }, or printed text")
        w("    -- with format = \"%B %d, %Y\" and timezone = \"UTC\"")
        w("    -- published = { },")
    end
    if d.seckey then w("    section = { { meta = %q } },", d.seckey)
    else w("    -- section = { },                -- TODO: the section / channel label") end
    w("    -- dateline = { },              -- TODO: e.g. { \".body p\", pattern = \"^([^()]-)%s*%(Reuters%)\" }")
    w("    -- credits = { },               -- TODO: \"Reporting by ...; Editing by ...\"")
    w("    -- captions = { },              -- TODO: photo captions (all matches are kept)")
    w("    lead_image = { { meta = \"og:image\" } },")
    w("    description = { { meta = \"og:description\" } },")
    w("")
    w("    -- guessed: the nearest element holding all the generic extraction's")
    w("    -- paragraphs (%d words there; %d in the generic result)", d.draft_words, d.generic_words)
    w("    body = { %q },", d.body_sel or "article")
    w("    -- TODO: what sits inside the body but is not text of the story:")
    w("    -- photos and captions, credits, related links, ads, share bars")
    w("    strip = { },")
    w("")
    w("    tests = {")
    w("        -- TODO: save the page under tests/fixtures/<case>/source.html (or")
    w("        -- give page = \"<path>\") and fill in what the page really says.")
    w("        { page = %q, url = %q,", opts.page or "PAGE.html", url or "")
    w("          title = %q,", fields.collapse(d.title_text or "") or "TODO")
    if #d.texts > 0 then
        -- the generic result's first, middle and last paragraphs, and its size
        local picks, seen = {}, {}
        for _, i in ipairs({ 1, math.floor((#d.texts + 1) / 2), #d.texts }) do
            if not seen[i] then
                seen[i] = true
                picks[#picks + 1] = fmt("%q", (d.texts[i]:sub(1, 80):gsub("[\192-\255][\128-\191]*$", "")))
            end
        end
        w("          contains = { %s },", concat(picks, ", "))
        w("          min_words = %d },", math.floor(d.generic_words * 0.8))
    else
        w("          contains = { \"TODO: a sentence of the story\" } },")
    end
    w("    },")
    w("}")
    return concat(L, "\n") .. "\n"
end


--- The text of a starting rule for the page (bytes) seen at url, and a
--- list of warnings for the editor.  opts: page (its path, for the test),
--- out (where it will be written: names the template), core.
function M.draft(raw, url, opts)
    opts = opts or {}
    local d, err = survey(raw, url, opts, opts.core or require "newsextract.core")
    if not d then return nil, err end
    return draft_text(d, url, opts), d.warnings
end

-- mkdir -p for the folder of `path`.
local function make_parent(path)
    local dir = path:match("^(.*)/[^/]+$")
    if not dir or dir == "" then return true end
    local ok = os.execute("mkdir -p '" .. dir:gsub("'", "'\\''") .. "'")
    return ok == true or ok == 0
end

local function new_rule(args, io_out, io_err)
    local page, url, out
    local i = 1
    while i <= #args do
        local a = args[i]
        if a == "--url" then url = args[i + 1]; i = i + 2
        elseif a == "--out" then out = args[i + 1]; i = i + 2
        elseif a:sub(1, 2) == "--" then
            io_err("new-rule: unknown option " .. a .. "\n")
            return 2
        else page = page or a; i = i + 1 end
    end
    if not page then
        io_err("usage: newsextract new-rule PAGE.html --url URL [--out rules/site/template.lua]\n")
        return 2
    end
    local raw = read(page)
    if not raw then
        io_err("new-rule: cannot read " .. page .. "\n")
        return 1
    end
    -- the test's page as test-rules finds it: relative to the checkout
    -- (or the corpus) when it lies inside; else as given, for the editor
    -- to move (test-rules refuses pages elsewhere)
    local page_ref = page
    local root, pwd = (roots({})), os.getenv("PWD")
    if root:sub(1, 1) ~= "/" and pwd then
        root = (pwd .. "/" .. root):gsub("/%./", "/"):gsub("/%.?$", "")
    end
    if page:sub(1, 1) == "/" and page:sub(1, #root + 1) == root .. "/" then
        page_ref = page:sub(#root + 2)
    end
    local text, err = M.draft(raw, url, { page = page_ref, out = out })
    if not text then
        io_err("new-rule: " .. tostring(err) .. "\n")
        return 1
    end
    for _, m in ipairs(err or {}) do io_err("new-rule: warning: " .. m .. "\n") end
    if out then
        if read(out) then
            io_err("new-rule: " .. out .. " exists; not overwriting it\n")
            return 1
        end
        if not make_parent(out) then
            io_err("new-rule: cannot create the folder of " .. out .. "\n")
            return 1
        end
        local f, ferr = io.open(out, "wb")
        if not f then
            io_err("new-rule: " .. tostring(ferr) .. "\n")
            return 1
        end
        f:write(text)
        f:close()
        io_out("wrote " .. out .. "\n")
    else
        io_out(text)
    end
    return 0
end

--- Entry point.  args: { "test-rules", DIR? } or { "new-rule", PAGE, "--url", U }
--- (the sub-command name may also be left out when calling test_rules /
--- new_rule directly).  opts.out / opts.err: writers (default io.stdout/err).
function M.main(args, opts)
    if type(args) ~= "table" then error("rules_cli.main: expected a list of arguments", 2) end
    opts = opts or {}
    local io_out = opts.out or function(s) io.stdout:write(s) end
    local io_err = opts.err or function(s) io.stderr:write(s) end
    local rest = {}
    for i = 2, #args do rest[#rest + 1] = args[i] end
    if args[1] == "test-rules" then return test_rules(rest, io_out, io_err) end
    if args[1] == "new-rule" then return new_rule(rest, io_out, io_err) end
    io_err("usage: newsextract test-rules [DIR] [--pages DIR] | new-rule PAGE --url URL [--out FILE]\n")
    return 2
end

function M.test_rules(args, opts)
    local a = { "test-rules" }
    for _, v in ipairs(args or {}) do a[#a + 1] = v end
    return M.main(a, opts)
end

function M.new_rule(args, opts)
    local a = { "new-rule" }
    for _, v in ipairs(args or {}) do a[#a + 1] = v end
    return M.main(a, opts)
end

return M
