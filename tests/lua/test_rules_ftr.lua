-- SPDX-License-Identifier: MIT
-- tests/lua/test_rules_ftr.lua: Full-Text RSS site configs as rules --
-- reading lines as FTR reads them, warnings, matching by file name,
-- global.txt, each offline directive on a small page we wrote, and the
-- whole snapshot of ../shared/ftr-site-config loading.
local newsextract = require "newsextract"
local rules = require "newsextract.rules"
local ftr = require "newsextract.ftr"
local core = require "newsextract.core"
local h = require "helper"

local rh = require "rules_helper"

local tmp_root
local function tmpdir()
    tmp_root = rh.tmpdir()
    assert(os.execute("mkdir -p '" .. tmp_root .. "/ftr'"))
    return tmp_root .. "/ftr"
end
local write = rh.write
local function cleanup()
    if tmp_root then rh.rmtree(tmp_root) end
    tmp_root = nil
end

-- A set of FTR files (name -> text) and, optionally, Lua rules.
local function set_of(files) return rh.set_of(files, "ftr") end

local PAGE = [[<html><head><title>Page title</title>
<link rel="canonical" href="https://www.example.com/story/1">
<meta property="og:title" content="OG headline">
<meta name="pubdate" content="2021-03-04T05:06:07Z"></head><body>
<div class="masthead">Site name</div>
<h1 class="headline">The headline</h1>
<p class="byline">By Ann Smith and Bob Jones</p>
<div id="story" class="story-body">
<p>First paragraph of the story, long enough to be a paragraph.</p>
<div class="share-tools">Share this on everything</div>
<p>Second paragraph <span class="promo">BUY NOW</span>of the story.</p>
<img src="https://ads.doubleclick.net/pixel.gif" alt="ad">
<div class="wrapper"><p>Third paragraph, inside a wrapper.</p></div>
<blockquote class="tweet">A tweet quoted</blockquote>
<p>OLDWORD appears here in the fourth paragraph.</p>
</div>
<div class="comments"><p>A comment that is not the story.</p></div>
</body></html>]]

local function extract(set, opts)
    opts = opts or {}
    opts.rules = set
    return assert(newsextract.extract(opts.page or PAGE, { url = opts.url, rules = set }))
end

local cases = {
    { name = "lines read as FTR reads them: first ':', comments, name(arg): value", fn = function()
        local cfg, w = ftr.parse(table.concat({
            "# a comment: with a colon",
            "title: //h1[@class='a:b']",
            "   body: //div[@id='x'] | //div[@id='y']   ",
            "no colon here",
            "body: //article",
            "replace_string(<a href=\"http://x\">): <a>",
            "find_string: <b>",
            "replace_string: <strong>",
            "http_header(user-agent): Mozilla/5.0",
            "prune: no",
            "test_url: https://example.com/a",
            "test_contains: words",
        }, "\n"), "ftr/x.com.txt")
        h.eq(#w, 0, "no warnings")
        h.eq(cfg.lists.title[1][1], "//h1[@class='a:b']", "split at the first ':'")
        h.eq(#cfg.lists.body, 2, "two body lines")
        h.eq(cfg.lists.body[1][1], "//div[@id='x'] | //div[@id='y']", "trimmed")
        h.eq(cfg.lists.body[1].line, 3, "line number kept")
        h.same(cfg.lists.pairs[1], { '<a href="http://x">', "<a>", line = 6 }, "replace_string(x): y")
        h.same(cfg.lists.pairs[2], { "<b>", "<strong>", line = 7 }, "find/replace paired")
        h.eq(cfg.lists.http_header[1].arg, "user-agent", "header name")
        h.eq(cfg.flags.prune, false, "prune: no")
        h.same(cfg.tests[1], { url = "https://example.com/a", contains = { "words" }, line = 11 }, "test")
    end },

    { name = "unknown directives and bad XPath: warnings naming file, line, directive", fn = function()
        local rule, w = ftr.compile(core, table.concat({
            "titl: //h1",
            "body: //div[@id='story'",
            "body: //div[@id='story']",
            "prune: maybe",
            "test_contains: orphan",
        }, "\n"), "ftr/x.com.txt", {})
        h.eq(w[1], "ftr/x.com.txt: line 1: titl: unknown directive (did you mean title?)")
        h.eq(w[2], "ftr/x.com.txt: line 4: prune: expected yes or no, got \"maybe\"")
        h.eq(w[3], "ftr/x.com.txt: line 5: test_contains: no test_url before it")
        assert(w[4] and w[4]:find("^ftr/x%.com%.txt: line 2: body: xpath"), tostring(w[4]))
        h.eq(#rule.fields.body, 1, "the good body line still loads")
        h.eq(rule.name, "ftr:x.com", "rule name")
    end },

    { name = "matching: exact host, host without www., then .parent files", fn = function()
        local set = set_of({
            ["example.com.txt"] = "body: //div[@id='story']",
            [".example.com.txt"] = "body: //article",
            ["sport.example.com.txt"] = "body: //main",
            [".example.org.txt"] = "body: //main",
            ["www.example.net.txt"] = "body: //main",
        })
        local function name(url) local r = set:match(url, nil); return r and r.name end
        h.eq(name("https://example.com/a"), "ftr:example.com", "exact")
        h.eq(name("https://www.example.com/a"), "ftr:example.com", "www. dropped")
        h.eq(name("https://news.example.com/a"), "ftr:.example.com", "parent file")
        h.eq(name("https://a.b.example.com/a"), "ftr:.example.com", "grandparent file")
        h.eq(name("https://sport.example.com/a"), "ftr:sport.example.com", "subdomain file first")
        h.eq(name("https://example.org/a"), nil, ".example.org is not example.org")
        h.eq(name("https://www.example.net/a"), "ftr:www.example.net", "www. file kept as named")
        h.eq(name("https://notexample.com/a"), nil, "not a suffix at a dot")
        h.eq(set.by_name["ftr:example.com"].name, "ftr:example.com", "by name")
    end },

    { name = "a Lua rule wins over an FTR file for the same host", fn = function()
        local set = set_of({
            ["example.com.txt"] = "body: //div[@id='story']",
            ["ex/a.lua"] = [[return { site = "example.com", template = "ex-lua", body = "#story" }]],
        })
        local a = extract(set, { url = "https://www.example.com/story/1" })
        h.eq(a.rule, "ex-lua", "Lua rule")
        set = set_of({ ["example.com.txt"] = "body: //div[@id='story']" })
        a = extract(set, { url = "https://www.example.com/story/1" })
        h.eq(a.rule, "ftr:example.com", "FTR rule when no Lua rule")
    end },

    { name = "rule choice: URL host, then canonical host (a proxy's URL names no rule)", fn = function()
        local set = set_of({ ["example.com.txt"] = "body: //div[@id='story']" })
        h.eq(extract(set, {}).rule, "ftr:example.com", "no URL: canonical")
        h.eq(extract(set, { url = "http://127.0.0.1:8080/read/x" }).rule, "ftr:example.com",
            "proxy URL: canonical")
        local page = PAGE:gsub('<link rel="canonical"[^>]*>',
            '<meta property="og:url" content="https://example.com/s">')
        h.eq(extract(set, { page = page }).rule, "ftr:example.com", "og:url")
        h.eq(extract(set, { url = "https://other.org/x", page = page:gsub("og:url", "x") }).rule,
            nil, "no host with a rule")
    end },

    { name = "title, author, date, body, strips as FTR applies them", fn = function()
        local set = set_of({ ["example.com.txt"] = table.concat({
            "title: //h1[@class='nope']",
            "title: //h1[@class='headline']",
            "author: substring-after(//p[@class='byline'], 'By ')",
            "date: //meta[@name='pubdate']/@content",
            "body: //div[@id='nope']",
            "body: //div[@id='story']",
            "strip: //span[@class='promo']",
            "strip_id_or_class: share-tool",
            "strip_image_src: doubleclick.net",
            "strip_attr: //img/@alt",
        }, "\n") })
        local a = extract(set, { url = "https://example.com/story/1" })
        h.eq(a.title, "The headline", "second title line")
        h.same(a.authors, { "Ann Smith", "Bob Jones" }, "substring-after()")
        h.eq(a.published, "2021-03-04T05:06:07Z", "attribute value")
        assert(a.text:find("First paragraph", 1, true), a.text)
        assert(a.text:find("Third paragraph", 1, true), "wrapper kept")
        assert(not a.text:find("BUY NOW", 1, true), "strip")
        assert(not a.text:find("Share this", 1, true), "strip_id_or_class matches a part of the class")
        assert(not a.html:find("doubleclick", 1, true), "strip_image_src")
        assert(not a.text:find("A comment", 1, true), "outside the body")
        h.eq(#(a.notes or {}), 0, "no notes: " .. table.concat(a.notes or {}, "; "))
    end },

    { name = "find_string/replace_string edit the text before parsing", fn = function()
        local set = set_of({ ["example.com.txt"] = table.concat({
            "body: //div[@id='story']",
            "find_string: OLDWORD",
            "replace_string: NEWWORD",
            "replace_string(<span class=\"promo\">BUY NOW</span>): ",
        }, "\n") })
        local a = extract(set, { url = "https://example.com/story/1" })
        assert(a.text:find("NEWWORD appears", 1, true), a.text)
        assert(not a.text:find("OLDWORD", 1, true), "replaced")
        assert(not a.text:find("BUY NOW", 1, true), "replace_string(x): with nothing")
    end },

    { name = "dissolve, wrap_in, move_into, skip_id_or_class, native_ad_clue", fn = function()
        local set = set_of({ ["example.com.txt"] = table.concat({
            "body: //div[contains(@class, 'story-body') or @class='masthead']",
            "skip_id_or_class: masthead",
            "dissolve: //blockquote[@class='tweet']",
            "wrap_in(blockquote): //div[@class='share-tools']",
            "move_into(//div[@id='story']): //div[@class='comments']",
            "native_ad_clue: //div[@class='masthead']",
            "prune: no",
        }, "\n") })
        local a = extract(set, { url = "https://example.com/story/1" })
        assert(a.html:find("<blockquote><p>Share this on everything</p></blockquote>", 1, true), a.html)
        assert(not a.html:find("<blockquote>A tweet", 1, true), "dissolved")
        assert(a.text:find("A tweet quoted", 1, true), "dissolved element's children kept")
        assert(a.text:find("A comment", 1, true), "moved into the body")
        h.eq(a.notes[1], "ftr/example.com.txt: line 6: native_ad_clue: the page is marked as a native ad")
    end },

    { name = "autodetect_on_failure: yes falls back to generic, no gives no body", fn = function()
        local set = set_of({ ["example.com.txt"] = "body: //div[@id='gone']\nstrip: //p" })
        local a = extract(set, { url = "https://example.com/story/1" })
        assert(a.text and a.text:find("First paragraph", 1, true), "generic body, page not stripped")
        assert(a.notes[1]:find("no body expression matched", 1, true), a.notes[1])
        set = set_of({ ["example.com.txt"] = "body: //div[@id='gone']\nautodetect_on_failure: no" })
        a = extract(set, { url = "https://example.com/story/1" })
        h.eq(a.text, nil, "no body")
    end },

    { name = "global.txt follows every site config, as FTR appends it", fn = function()
        local set = set_of({
            ["global.txt"] = "title: //meta[@property='og:title']/@content\nstrip_id_or_class: share-tools",
            ["example.com.txt"] = "title: //h2[@class='none']\nbody: //div[@id='story']",
            ["example.org.txt"] = "body: //div[@id='story']\nautodetect_on_failure: no\nprune: no",
        })
        local a = extract(set, { url = "https://example.com/story/1" })
        h.eq(a.title, "OG headline", "global title after the site's")
        assert(not a.text:find("Share this", 1, true), "global strip")
        a = extract(set, { url = "https://example.org/story/1" })
        assert(a.text:find("Share this", 1, true), "autodetect_on_failure: no -- global.txt not added")
        h.eq(set:match("https://global/x", nil), nil, "global.txt is no host's file")
    end },

    { name = "post_strip_attr runs inside the chosen body, after the body selectors", fn = function()
        -- global.txt's post_strip_attr: //*/@class must not hide the class
        -- the site's body selector names
        local set = set_of({
            ["global.txt"] = "post_strip_attr: //*/@class\npost_strip_attr: //img/@src",
            ["example.com.txt"] = "body: //div[contains(@class, 'story-body')]",
        })
        local a = extract(set, { url = "https://example.com/story/1" })
        h.eq(#(a.notes or {}), 0, "body matched: " .. table.concat(a.notes or {}, "; "))
        assert(a.text:find("Second paragraph", 1, true), a.text)
        assert(not a.html:find("doubleclick", 1, true), "the img's src stripped inside the body")
        local rule = set.by_name["ftr:example.com"]
        local doc = assert(core.parse(PAGE))
        rules.apply(rule, doc, { url = "https://example.com/story/1" })
        h.eq(doc:select("//div[@class='masthead']", "class"), "masthead", "outside the body: kept")
        h.eq(doc:select("//div[@id='story']/@class"), nil, "inside: removed")
        doc:free()
    end },

    { name = "doc:content's options: after, prune, selector; caller mistakes raise", fn = function()
        local doc = assert(core.parse(PAGE))
        local r = assert(doc:content({ "//div[@id='nope']", "//div[@id='story']" },
            { after = { "//p[contains(., 'Third')]", "//img/@src" } }))
        h.eq(r.selector, 2, "the second selector matched")
        local all = {}
        for _, b in ipairs(r.blocks) do all[#all + 1] = b.text end
        all = table.concat(all, "\n")
        assert(all:find("First paragraph", 1, true) and not all:find("Third paragraph", 1, true), all)
        local ok, err = pcall(doc.content, doc, "//div[@id='story']", { after = "//p" })
        assert(not ok and tostring(err):find("'after' must be a list", 1, true), tostring(err))
        ok = pcall(doc.content, doc, "//div[@id='story']", "x")
        assert(not ok, "a string for the options raises")
        local v, msg = doc:content("//div[@id='story']", { after = { "//p[" } })
        h.eq(v, nil, "an after selector that does not compile")
        assert(tostring(msg):find("xpath", 1, true), tostring(msg))
        h.eq(doc:content("//div[@id='none']", { prune = true }), nil, "no match: nil")
        doc:free()
    end },

    { name = "prune (FTR's default): the chosen body cleaned as Readability cleans it", fn = function()
        local page = PAGE:gsub('<p>OLDWORD', '<div class="comment-list"><p><a href="/u/1">Reader One</a> said:'
            .. ' <a href="/c/1">link</a></p><ul><li><a href="/x">x</a></li><li><a href="/y">y</a></li>'
            .. '<li><a href="/z">z</a></li></ul></div><p>OLDWORD')
        local set = set_of({ ["example.com.txt"] = "body: //div[@id='story']" })
        local a = extract(set, { url = "https://example.com/story/1", page = page })
        assert(a.text:find("First paragraph", 1, true) and a.text:find("OLDWORD appears", 1, true), a.text)
        assert(not a.text:find("Reader One", 1, true), "pruned: the comment box (its class says so)")
        assert(not a.text:find("Share this", 1, true), "pruned: the share box")
        set = set_of({ ["example.com.txt"] = "body: //div[@id='story']\nprune: no" })
        a = extract(set, { url = "https://example.com/story/1", page = page })
        assert(a.text:find("Reader One", 1, true) and a.text:find("Share this", 1, true), "prune: no keeps all")
    end },

    { name = "a title element is taken out of the page, as FTR does; a title string is not", fn = function()
        -- (two blocks: a block that repeats the title goes from the body anyway)
        local page = PAGE:gsub('<div class="share%-tools">',
            '<div class="kicker"><p>The kicker</p><p>line</p></div>%0')
        local set = set_of({ ["example.com.txt"] = "title: //div[@class='kicker']\nbody: //div[@id='story']\nprune: no" })
        local a = extract(set, { url = "https://example.com/story/1", page = page })
        h.eq(a.title, "The kicker line", "title")
        assert(not a.text:find("The kicker", 1, true), "not in the body: " .. a.text)
        set = set_of({ ["example.com.txt"] = "title: string(//div[@class='kicker'])\nbody: //div[@id='story']\nprune: no" })
        a = extract(set, { url = "https://example.com/story/1", page = page })
        assert(a.title:find("^The kicker"), "title from a string: " .. a.title)
        assert(a.text:find("The kicker", 1, true), "a string result takes nothing out: " .. a.text)
    end },

    { name = "skip_json_ld: the page's JSON-LD is not read; insert_detected_image", fn = function()
        local page = PAGE:gsub("</head>", '<script type="application/ld+json">'
            .. '{"@type":"NewsArticle","headline":"LD headline","datePublished":"1999-01-02T03:04:05Z",'
            .. '"author":{"@type":"Person","name":"Carl Lee"}}</script>'
            .. '<meta property="og:image" content="https://img.example.com/a.jpg?x=1&amp;y=2"></head>')
        page = page:gsub('<img src="https://ads[^>]*>', "")
        page = page:gsub('<meta name="pubdate"[^>]*>', "")
        -- (meta's printed-date reader, near a byline or the <h1>, reads the
        -- script's text too: neither is on this page)
        page = page:gsub('<p class="byline">.-</p>', ""):gsub("<h1 ", "<h2 "):gsub("</h1>", "</h2>")
        local set = set_of({ ["example.com.txt"] = "body: //div[@id='story']" })
        local a = extract(set, { url = "https://example.com/story/1", page = page })
        h.eq(a.published, "1999-01-02T03:04:05Z", "JSON-LD read by default")
        h.same(a.authors, { "Carl Lee" }, "JSON-LD author by default")
        h.eq(a.blocks[1].kind, "figure", "og:image inserted first (FTR's default)")
        h.eq(a.blocks[1].images[1].src, "https://img.example.com/a.jpg?x=1&y=2", "its URL")
        assert(a.html:find('<figure><img src="https://img.example.com/a.jpg?x=1&amp;y=2" alt=""></figure>',
            1, true), a.html)
        assert(a.text:find("^First paragraph"), "no text from the figure: " .. a.text)
        set = set_of({ ["example.com.txt"] = "body: //div[@id='story']\nskip_json_ld: yes\n"
            .. "insert_detected_image: no" })
        a = extract(set, { url = "https://example.com/story/1", page = page })
        h.eq(a.published, nil, "skip_json_ld: no date from JSON-LD")
        assert(not (a.authors[1] == "Carl Lee"), "skip_json_ld: no author from JSON-LD")
        assert(a.blocks[1].kind ~= "figure", "insert_detected_image: no")
        -- a body that has an image of its own gets none inserted
        set = set_of({ ["example.com.txt"] = "body: //div[@id='story']" })
        a = extract(set, { url = "https://example.com/story/1", page = page:gsub("<p>First", '<img src="/own.jpg"><p>First') })
        h.eq(a.blocks[1].images[1].src, "https://example.com/own.jpg", "the body's own image first")
    end },

    { name = "links: single_page_link, next_page_link, if_page_contains", fn = function()
        local page = PAGE:gsub("</body>", '<a class="all" href="/story/1?page=all">All</a>'
            .. '<a rel="next" href="2">Next</a></body>')
        local set = set_of({ ["example.com.txt"] = table.concat({
            "body: //div[@id='story']",
            "single_page_link: //a[@class='all']",
            "if_page_contains: //div[@class='not-here']",
            "next_page_link: //a[@rel='next']",
        }, "\n") })
        local rule = set.by_name["ftr:example.com"]
        local doc = assert(core.parse(page))
        local f = rules.apply(rule, doc, { url = "https://example.com/story/1" })
        doc:free()
        h.same(f.pages, { url = "https://example.com/story/2", kind = "next" },
            "single link passed over (if_page_contains), next page made absolute")
    end },

    { name = "network and login directives are kept and reported", fn = function()
        local rule, w = ftr.compile(core, "http_header(referer): https://x/\nrequires_login: yes\n"
            .. "login_uri: https://x/login\nbody: //main", "ftr/x.com.txt", {})
        h.eq(#w, 0, "no warnings")
        h.same(rule.network, { "http_header(referer): https://x/", "login_uri: https://x/login",
            "requires_login" }, "kept")
    end },

    { name = "test_url / test_contains run offline on saved pages", fn = function()
        local dir = tmpdir()
        write(dir .. "/example.com.txt", table.concat({
            "body: //div[@id='story']",
            "test_url: https://example.com/story/1",
            "test_contains: First paragraph of the story",
            "test_url: https://example.com/story/2",
            "test_contains: not on the page",
            "test_url: https://example.com/story/3",
        }, "\n"))
        write(dir .. "/.example.org.txt", "body: //div[@id='gone']\ntest_url: https://a.example.org/x")
        local saved = tmp_root .. "/saved"
        assert(os.execute("mkdir -p '" .. saved .. "'"))
        write(saved .. "/p.html", PAGE)
        write(saved .. "/urls.tsv", "https://example.com/story/1\tp.html\nhttps://example.com/story/2\tp.html\n"
            .. "https://a.example.org/x\tp.html\n")
        local set = assert(rules.load(dir))
        local fetch = assert(require("newsextract.pages").dir_fetcher(saved))
        local res = ftr.run_tests(set, fetch, newsextract.extract)
        h.eq(res.passed, 1, "story/1 passes: " .. table.concat(res.lines, "; "))
        h.eq(res.failed, 2, "story/2 (its text is missing) and a.example.org (no body expression matched)")
        h.eq(res.unsaved, 1, "story/3 is not saved: not run, not passed")
        local all = table.concat(res.lines, "\n")
        assert(all:find('FAIL ftr/example.com.txt: line 4: test_url https://example.com/story/2', 1, true), all)
        assert(all:find('"not on the page" is not in the body', 1, true), all)
        assert(all:find("FAIL ftr/.example.org.txt: line 2", 1, true) and all:find("no body expression", 1, true), all)
        -- the CLI: test-rules DIR --pages SAVED
        local out = {}
        local rc = require("newsextract.rules_cli").test_rules({ dir, "--pages", saved },
            { out = function(s) out[#out + 1] = s end, err = function(s) out[#out + 1] = s end })
        cleanup()
        h.eq(rc, 1, "failures: exit 1")
        assert(table.concat(out):find("Full-Text RSS tests: 1 passed, 2 failed, 1 without a saved page", 1, true),
            table.concat(out))
    end },

    { name = "reload: a changed FTR file is reloaded, a removed one dropped", fn = function()
        local dir = tmpdir()
        write(dir .. "/example.com.txt", "body: //div[@id='story']")
        local set = assert(rules.load(dir))
        write(dir .. "/example.com.txt", "body: //div[@id='story']\ntitle: //h1")
        write(dir .. "/.example.org.txt", "body: //main")
        local c = set:reload()
        h.same(c, { added = 1, changed = 1, removed = 0, unchanged = 0, failed = 0 }, "counts")
        os.remove(dir .. "/example.com.txt")
        c = set:reload()
        cleanup()
        h.eq(c.removed, 1, "removed")
        h.eq(set:match("https://example.com/a", nil), nil, "gone")
        h.eq(set:match("https://a.example.org/a", nil).name, "ftr:.example.org", "dot file listed")
    end },

    { name = "the ftr-site-config snapshot: every file loads; warnings counted", fn = function()
        local dir = h.corpus() .. "/../ftr-site-config"
        local set = assert(rules.load(dir))
        local files, n = {}, 0
        local p = assert(io.popen("ls -A '" .. dir .. "'"))
        for name in p:lines() do
            if name:find("%.txt$") and name ~= "global.txt" then files[#files + 1] = name end
        end
        p:close()
        for _ in pairs(set.ftr) do n = n + 1 end
        h.eq(#set.errors, 0, "no file fails")
        h.eq(n, #files, "one rule per site file")
        assert(set.ftr_global, "global.txt loaded")
        local warned, unknown = {}, {}
        for _, w in ipairs(set.warnings) do
            local file, line, directive, msg = w:match("^(.-): line (%d+): ([^:]+): (.*)$")
            assert(file and line and directive, "warning names file, line, directive: " .. w)
            warned[file] = true
            if msg:find("^unknown directive") then unknown[directive] = (unknown[directive] or 0) + 1 end
        end
        local nwarned = 0
        for _ in pairs(warned) do nwarned = nwarned + 1 end
        local names = {}
        for d in pairs(unknown) do names[#names + 1] = d end
        table.sort(names)
        io.write(string.format("  ftr-site-config: %d files, %d load with no warning, %d with warnings; "
            .. "unknown (misspelt) directives: %s\n", n + 1, n + 1 - nwarned, nwarned,
            #names > 0 and table.concat(names, ", ") or "none"))
        for _, d in ipairs(names) do
            h.eq(ftr.DIRECTIVES[d], nil, d .. " is not a directive we know")
        end
        -- directives we read but do not apply: not supported (tidy, parser,
        -- footnotes) and those that need the network or an account
        local ignored, network = {}, {}
        for _, r in pairs(set.ftr) do
            for d in pairs(r.ignored) do ignored[d] = (ignored[d] or 0) + 1 end
            local seen = {}
            for _, v in ipairs(r.network) do
                local d = v:match("^[%w_]+")
                if not seen[d] then seen[d] = true; network[d] = (network[d] or 0) + 1 end
            end
        end
        local function list(t)
            local out = {}
            for d, k in pairs(t) do out[#out + 1] = string.format("%s (%d files)", d, k) end
            table.sort(out)
            return table.concat(out, ", ")
        end
        io.write("  not supported (read, no effect): " .. list(ignored) .. "\n")
        io.write("  kept, not applied (network or login): " .. list(network) .. "\n")
        for d in pairs(ignored) do assert(ftr.UNSUPPORTED[d], d .. " is listed as not supported") end
        assert(ignored.tidy and ignored.parser and ignored.footnotes, "the snapshot uses all three")
        h.eq(ignored.prune, nil, "prune is applied")
    end },
}
-- corpus-wide: left out of the valgrind pass (NX_LIGHT=1)
cases.heavy = { ["the ftr-site-config snapshot: every file loads; warnings counted"] = true }
return cases
