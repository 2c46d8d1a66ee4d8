-- SPDX-License-Identifier: MIT
-- tests/lua/test_rules.lua: rule files -- schema, validation, sandbox,
-- loading, reload, matching, apply -- with a stand-in for the C core, so
-- these run (and fail) independently of it.  test_rules_reuters.lua runs
-- the bundled rules on real pages with the real core.
local rules = require "newsextract.rules"
local core = require "newsextract.core"
local sandbox = require "newsextract.sandbox"
local h = require "helper"

-- A stand-in core: CSS "compiles" to "css:<sel>", a CSS selector holding
-- "!!" fails like the real compiler does, XPath holding "[[" does not parse.
local fake = {}
function fake.css(s)
    local col = s:find("!!", 1, true)
    if col then return nil, ("css: column %d: expected identifier"):format(col) end
    return "css:" .. s
end
function fake.xpath(x)
    if x:find("[[", 1, true) then return nil, "xpath: invalid expression" end
    return { text = x }
end

-- A stand-in document: `nodes` maps compiled text (optionally "@attr") to a
-- list of values.
local function fake_doc(nodes, meta, blocks)
    local doc = { calls = 0 }
    function doc:select(xp, attr, all)
        self.calls = self.calls + 1
        local vals = nodes[xp.text .. (attr and ("@" .. attr) or "")]
        if not vals or #vals == 0 then return nil end
        if all then return vals end
        return vals[1]
    end
    function doc:metadata() return { meta = meta or {} } end
    if nodes.tokens then
        -- the page's class/id tokens, as doc:tokens gives those wanted
        function doc:tokens(wanted)
            local out = {}
            for _, t in ipairs(nodes.tokens) do if wanted[t] then out[t] = true end end
            return out
        end
    end
    doc.stripped = {}
    function doc:strip(xp)
        self.stripped[#self.stripped + 1] = xp.text
        return 1
    end
    function doc:content(xps)
        for _, xp in ipairs(xps) do
            if blocks and blocks[xp.text] then return { blocks = blocks[xp.text], html = "" } end
        end
        return nil
    end
    -- doc:apply as plugin/nx_apply.c does it, over the methods above:
    -- rounds of selections while `between` asks for more, then the strips,
    -- the body and the URLs to resolve (against doc.base, as C's)
    function doc:apply(spec, between)
        local list, resolve = spec.select, nil
        for round = 1, 3 do
            local vals, errs = {}, {}
            for i, e in ipairs(list or {}) do
                local ok, v, err = pcall(self.select, self, e[1], e[2], e[3])
                if ok and v == nil and err then errs[i] = err end
                if ok then vals[i] = v == nil and false or v else errs[i] = v end
            end
            local more = between and between(vals, errs, round)
            if type(more) ~= "table" then break end
            resolve = more.resolve or resolve
            list = more.select
            if not list then break end
        end
        local strip_errs = {}
        for i, xp in ipairs(spec.strip or {}) do
            local n, err = self:strip(xp)
            if n == nil and err then strip_errs[i] = err end
        end
        local res, err
        if spec.content ~= nil then res, err = self:content(spec.content, spec.content_opts) end
        local urls
        if resolve then
            urls = {}
            for i, e in ipairs(resolve) do
                local u = type(e) == "table" and e[1] or e
                local r = core.resolve(u, self.base, type(e) == "table" and e.image)
                if r == nil and self.base == nil and type(e) == "table" and e.keep
                    and not u:find("^%a[%w+.-]*:") then r = u end
                urls[i] = r or false
            end
        end
        return strip_errs, res, err, urls
    end
    return doc
end

local tmp_root
local function tmpdir()
    local base = os.tmpname()
    os.remove(base)
    assert(os.execute("mkdir -p '" .. base .. "/rules'"))
    tmp_root = base
    return base .. "/rules"
end
local function write(path, src)
    local dir = path:match("^(.*)/[^/]+$")
    assert(os.execute("mkdir -p '" .. dir .. "'"))
    local f = assert(io.open(path, "wb"))
    f:write(src)
    f:close()
end
local function cleanup()
    if tmp_root then os.execute("rm -rf '" .. tmp_root .. "'") end
end

local GOOD = [[
return {
    site = "example.com", also = { "example.net" }, template = "example-a",
    detect = ".Story_body",
    title = { "h1.Story_title", { "meta[property='og:title']", attr = "content" } },
    body = ".Story_body",
}
]]

-- Load one source as the only file of a fresh set; returns set.
local function load_one(src, name)
    local dir = tmpdir()
    write(dir .. "/" .. (name or "site/a.lua"), src)
    local set = rules.load(dir, { core = fake })
    return set, dir
end

local function first_error(src)
    local set = load_one(src)
    cleanup()
    assert(#set.errors >= 1, "expected an error")
    return set.errors[1], set
end

return {
    { name = "a good rule loads and is named by its template", fn = function()
        local set = load_one(GOOD)
        cleanup()
        h.eq(#set.errors, 0, "errors")
        h.eq(#set.rules, 1, "rules")
        local r = set.rules[1]
        h.eq(r.name, "example-a", "name")
        h.eq(#r.fields.title, 2, "title selectors")
        h.eq(r.fields.title[2].attr, "content", "attr")
        h.eq(r.fields.title[1].xpath.text, "css:h1.Story_title", "compiled css")
        h.same(r.tokens, { "story_body" }, "detect tokens")
    end },

    { name = "a misspelt key names file, key and a suggestion", fn = function()
        local err = first_error([[return { site = "x.com", titl = "h1", body = "p" }]])
        h.eq(err, "rules/site/a.lua: titl: unknown key (did you mean title?)")
    end },

    { name = "a misspelt selector key is an error", fn = function()
        local err = first_error([[return { site = "x.com", title = { { "h1", atr = "x" } } }]])
        h.eq(err, "rules/site/a.lua: title[1]: atr: unknown key (did you mean attr?)")
    end },

    { name = "a wrong type names the field and the entry", fn = function()
        local err = first_error([[return { site = "x.com", title = { "h1", { "h2", attr = 3 } } }]])
        h.eq(err, "rules/site/a.lua: title[2]: attr: expected string, got number")
        err = first_error([[return { site = 7, title = "h1" }]])
        h.eq(err, "rules/site/a.lua: site: expected string, got number")
    end },

    { name = "a selector that does not parse: css and xpath", fn = function()
        local err = first_error([[return { site = "x.com", title = { "h1", "a!!b" } }]])
        h.eq(err, "rules/site/a.lua: title[2]: css: column 2: expected identifier")
        err = first_error([[return { site = "x.com", title = { { xpath = "//h1[[" } } }]])
        h.eq(err, "rules/site/a.lua: title[1]: xpath: invalid expression")
    end },

    { name = "a bad Lua pattern is caught at load time", fn = function()
        local err = first_error([[return { site = "x.com", title = { { "h1", pattern = "^(.-" } } }]])
        h.eq(err, "rules/site/a.lua: title[1]: pattern: unfinished capture")
        err = first_error([[return { site = "x.com", title = { { "h1", replace = { "[a", "" } } } }]])
        h.eq(err, "rules/site/a.lua: title[1]: replace[1]: pattern: missing ']'")
        h.eq(rules.check_pattern("%"), "ends with '%'")
        h.eq(rules.check_pattern("^(%d+) Min"), nil)
    end },

    { name = "date format and timezone are checked, and only on dates", fn = function()
        local err = first_error([[return { site = "x.com", title = { { "h1", format = "%Y" } } }]])
        h.eq(err, "rules/site/a.lua: title[1]: format/timezone: only for published and modified")
        err = first_error([[return { site = "x.com", title = "h1", published = { { "time", format = "%Q" } } }]])
        h.eq(err, "rules/site/a.lua: published[1]: format: unknown directive %Q")
        err = first_error([[return { site = "x.com", title = "h1", published = { { "time", timezone = "Mars/Base" } } }]])
        h.eq(err, 'rules/site/a.lua: published[1]: timezone: unknown zone "Mars/Base"')
    end },

    { name = "a syntax error names the file and line", fn = function()
        local err = first_error("return { site = \"x.com\",\n title = 'h1' body = 'p' }")
        assert(err:find("^rules/site/a%.lua:2: '}' expected"), err)
    end },

    { name = "a file not returning a table, a missing site", fn = function()
        h.eq(first_error("return 42"), "rules/site/a.lua: the file must return a table, got number")
        h.eq(first_error("return { title = 'h1' }"),
            'rules/site/a.lua: site: missing (the host the rule is for, e.g. "reuters.com")')
    end },

    { name = "a function outside transform is refused", fn = function()
        local err = first_error([[return { site = "x.com", title = function() end }]])
        h.eq(err, "rules/site/a.lua: title: expected a selector or a list of selectors, got function")
    end },

    { name = "a bad file never stops the others", fn = function()
        local dir = tmpdir()
        write(dir .. "/a/bad.lua", "return {")
        write(dir .. "/b/good.lua", GOOD)
        write(dir .. "/c/typo.lua", [[return { site = "y.com", title = "h1", detcet = "p" }]])
        local set = rules.load(dir, { core = fake })
        cleanup()
        h.eq(#set.rules, 1, "rules loaded")
        h.eq(#set.errors, 2, "errors")
        assert(set.errors[1]:find("^rules/a/bad%.lua:"), set.errors[1])
        h.eq(set.errors[2], "rules/c/typo.lua: detcet: unknown key (did you mean detect?)")
    end },

    { name = "os, io, require, load, debug, string.dump are unreachable", fn = function()
        for _, expr in ipairs({ "os.execute('true')", "io.open('/etc/passwd')",
            "require('os')", "load('return 1')", "debug.getinfo(1)", "dofile('/x')",
            "getmetatable('').__index.dump", "rawset({}, 1, 1)", "setmetatable({}, {})",
            "collectgarbage()", "pcall(print)", "coroutine.create(print)" }) do
            local err = first_error("local x = " .. expr .. "\nreturn { site = 'x.com', title = 'h1' }")
            assert(err:find("^rules/site/a%.lua: line 1: attempt to"), expr .. " -> " .. err)
        end
        -- the string methods reached through the metatable are the sandbox's
        local set = load_one("return { site = 'x.com', title = 'h1', about = tostring(('').dump) }")
        cleanup()
        h.eq(set.rules[1].about, "nil", "('').dump inside a rule")
        -- and the real string table is back afterwards
        h.eq(type(("").dump), "function", "string metatable restored")
        h.eq(_G.title, nil, "no global leaked")
    end },

    { name = "an endless loop in the file's main chunk is stopped", fn = function()
        local err = first_error("while true do end\nreturn {}")
        h.eq(err, "rules/site/a.lua: stopped: ran over 1000000 instructions (endless loop?)")
    end },

    { name = "an endless loop in a transform is stopped and noted", fn = function()
        local set = load_one([[
return { site = "x.com",
  title = { { "h1", transform = function(s) while true do s = s .. "" end end },
            "h2" } }]])
        cleanup()
        h.eq(#set.errors, 0, "errors")
        local doc = fake_doc({ ["css:h1"] = { "One" }, ["css:h2"] = { "Two" } })
        local t0 = os.clock()
        local f = rules.apply(set.rules[1], doc)
        assert(os.clock() - t0 < 5, "took too long")
        h.eq(f.title, "Two", "fell back to the next selector")
        h.eq(f.notes[1], "rules/site/a.lua: title[1].transform: stopped: ran over 1000000 instructions (endless loop?)")
    end },

    { name = "a counting loop is stopped under the JIT too", fn = function()
        -- A loop LuaJIT would compile to a trace (where hooks never run)
        -- unless the sandbox turned the JIT off for the rule's functions.
        local env, str = sandbox.env()
        local chunk = assert(sandbox.load(
            "return function() local i = 0 while true do i = i + 1 end end", "@loop.lua", env))
        local box = { string = str }
        local ok, fn = sandbox.call(box, chunk)
        assert(ok, fn)
        local ok2, err = sandbox.run(box, fn)
        h.eq(ok2, false, "stopped")
        h.eq(err, "stopped: ran over 1000000 instructions (endless loop?)")
    end },

    { name = "memory: string doubling, string.rep, gsub, concat are bounded", fn = function()
        local env, str = sandbox.env()
        local box = { string = str }
        local cases = {
            { "local s = 'x' for i = 1, 40 do s = s .. s end", "stopped: used over" },
            { "return ('x'):rep(1e9)", "stopped: string.rep would build" },
            { "return string.rep('ab', 1e8, ',')", "stopped: string.rep would build" },
            { "return (('x'):rep(4000)):gsub('', ('y'):rep(4000))", "stopped: string.gsub would build" },
            { "local t = {} local s = ('x'):rep(1e6) for i = 1, 100 do t[i] = s end return table.concat(t)",
              "stopped: table.concat would build" },
        }
        for _, c in ipairs(cases) do
            local chunk = assert(sandbox.load(c[1], "@m.lua", env))
            local ok, err = sandbox.call(box, chunk)
            h.eq(ok, false, c[1])
            assert(tostring(err):find(c[2], 1, true), c[1] .. " -> " .. tostring(err))
        end
        -- ordinary work is untouched
        local chunk = assert(sandbox.load("return ('ab'):rep(3, '-'), ('a b'):gsub(' ', '_')", "@ok.lua", env))
        local ok, a, b = sandbox.call(box, chunk)
        h.eq(ok, true, "ok")
        h.eq(a, "ab-ab-ab", "rep")
        h.eq(b, "a_b", "gsub")
    end },

    { name = "binary chunks are refused", fn = function()
        local err = first_error(string.dump(function() return {} end))
        h.eq(err, "rules/site/a.lua: binary chunks are not accepted")
    end },

    { name = "reload picks up added, changed and removed files", fn = function()
        local dir = tmpdir()
        write(dir .. "/example/a.lua", GOOD)
        local set = rules.load(dir, { core = fake })
        h.eq(#set.rules, 1, "rules before")
        local doc = fake_doc({ ["css:.Other_body"] = { "" } })
        h.eq(set:match("https://other.org/x", doc), nil, "no rule for other.org yet")
        write(dir .. "/other/b.lua", [[return { site = "other.org", detect = ".Other_body", title = "h1", body = ".Other_body" }]])
        local counts = set:reload()
        h.same(counts, { added = 1, changed = 0, removed = 0, unchanged = 1, failed = 0 }, "counts")
        h.eq(set:match("https://other.org/x", doc).name, "other/b", "new rule used")
        write(dir .. "/other/b.lua", [[return { site = "other.org", template = "other-2", title = "h1" }]])
        counts = set:reload()
        h.same(counts, { added = 0, changed = 1, removed = 0, unchanged = 1, failed = 0 }, "counts after change")
        h.eq(set:match("https://other.org/x", doc).name, "other-2", "changed rule used")
        os.remove(dir .. "/example/a.lua")
        counts = set:reload()
        h.same(counts, { added = 0, changed = 0, removed = 1, unchanged = 1, failed = 0 }, "counts after removal")
        h.eq(set:match("https://www.example.com/x", fake_doc({ ["css:.Story_body"] = { "" } })), nil, "removed")
        -- a file broken by an edit is reported; its last good version runs on
        write(dir .. "/other/b.lua", "return { site = ")
        counts = set:reload()
        h.same(counts, { added = 0, changed = 0, removed = 0, unchanged = 0, failed = 1 },
            "counts after a broken edit")
        h.eq(#set.rules, 1, "broken rule kept")
        h.eq(set:match("https://other.org/x", doc).name, "other-2", "last good version used")
        assert(set.errors[1]:find("^rules/other/b%.lua:"), set.errors[1])
        h.eq(set.errors[#set.errors], "rules/other/b.lua: kept the last good version of this file")
        -- a misspelt key: the same
        write(dir .. "/other/b.lua", [[return { site = "other.org", template = "other-3", titel = "h1" }]])
        counts = set:reload()
        h.eq(counts.failed, 1, "misspelt key fails")
        h.eq(set:match("https://other.org/x", doc).name, "other-2", "still the last good version")
        -- unchanged broken file: not reloaded, still reported
        counts = set:reload()
        h.eq(counts.unchanged, 1, "unchanged")
        h.eq(set.errors[#set.errors], "rules/other/b.lua: kept the last good version of this file")
        -- fixed: the new version replaces it
        write(dir .. "/other/b.lua", [[return { site = "other.org", template = "other-4", title = "h1" }]])
        counts = set:reload()
        h.eq(counts.changed, 1, "fixed file counts as changed")
        h.eq(set:match("https://other.org/x", doc).name, "other-4", "fixed version used")
        h.eq(#set.errors, 0, "no errors left")
        -- a new file that fails is "failed", not "added"
        write(dir .. "/new/c.lua", "return {")
        counts = set:reload()
        cleanup()
        h.same(counts, { added = 0, changed = 0, removed = 0, unchanged = 1, failed = 1 },
            "a new broken file")
        h.eq(#set.rules, 1, "only the good rule")
    end },

    { name = "two files with one template name: the second is refused", fn = function()
        local dir = tmpdir()
        write(dir .. "/a/one.lua", GOOD)
        write(dir .. "/a/two.lua", GOOD)
        local set = rules.load(dir, { core = fake })
        cleanup()
        h.eq(#set.rules, 1, "rules")
        h.eq(set.errors[1], 'rules/a/two.lua: template "example-a" already used by rules/a/one.lua')
    end },

    { name = "load takes a list of files and directories", fn = function()
        local dir = tmpdir()
        write(dir .. "/a/one.lua", GOOD)
        write(dir .. "/b/two.lua", [[return { site = "b.com", title = "h1" }]])
        local set = rules.load({ dir .. "/a", dir .. "/b/two.lua" }, { core = fake })
        cleanup()
        h.eq(#set.errors, 0, "errors")
        h.eq(#set.rules, 2, "rules")
        h.raises("rules.load: expected a directory or a list of paths, got number", rules.load, 3)
    end },

    { name = "match: host suffix, sister domains, detect picks the template", fn = function()
        local dir = tmpdir()
        write(dir .. "/ex/a.lua", GOOD)
        write(dir .. "/ex/b.lua", [[return { site = "example.com", template = "example-b",
            detect = "#old-body", title = "h1.old", body = "#old-body" }]])
        write(dir .. "/ex/c.lua", [[return { site = "example.com", template = "example-video",
            match = "/video/", title = "h1" }]])
        local set = rules.load(dir, { core = fake })
        cleanup()
        h.eq(#set.errors, 0, "errors")
        local new = fake_doc({ ["css:.Story_body"] = { "" } })
        local old = fake_doc({ ["css:#old-body"] = { "x" } })
        local none = fake_doc({})
        h.eq(set:match("https://www.example.com/a", new).name, "example-a", "www. suffix")
        h.eq(set:match("http://example.net:8080/a", new).name, "example-a", "sister domain, port")
        h.eq(set:match("https://news.example.com/a", old).name, "example-b", "second template")
        h.eq(set:match("https://example.com/video/1", none).name, "example-video", "URL pattern")
        h.eq(set:match("https://example.com/a", none), nil, "nothing detected")
        h.eq(set:match("https://notexample.com/video/1", none), nil, "suffix must be at a dot")
        -- a host with no rule (a proxy's own address): the page's detect decides
        h.eq(set:match("https://elsewhere.org/a", new).name, "example-a", "other host: detect")
        h.eq(set:match("https://elsewhere.org/a", none), nil, "other host, nothing detected")
    end },

    { name = "match without a URL: detect, with the raw-page pre-filter", fn = function()
        local dir = tmpdir()
        write(dir .. "/ex/a.lua", GOOD)
        write(dir .. "/ex/b.lua", [[return { site = "example.com", template = "example-b",
            detect = "//div[@id='old-body']", title = "h1.old", body = "#old-body" }]])
        local set = rules.load(dir, { core = fake })
        cleanup()
        local new = fake_doc({ ["css:.Story_body"] = { "" } })
        h.eq(set:match(nil, new).name, "example-a", "detect alone")
        local tok = fake_doc({ ["css:.Story_body"] = { "" }, tokens = { "story_body" } })
        h.eq(set:match(nil, tok).name, "example-a", "token present")
        local absent = fake_doc({ ["css:.Story_body"] = { "" }, tokens = { "story_bodyx" } })
        h.eq(set:match(nil, absent), nil, "token absent")
        h.eq(absent.calls, 0, "detect not run when the token is absent")
        local old = fake_doc({ ["//div[@id='old-body']"] = { "x" }, tokens = { "old-body" } })
        h.eq(set:match(nil, old).name, "example-b", "id token")
        h.raises("set:match: url must be a string or nil, got number", set.match, set, 1, new)
    end },

    { name = "apply: clean-up, dates, authors, credits, captions, reading time", fn = function()
        local set = load_one([[
local function upper(s) return s:upper() end
return { site = "x.com",
  title = { { "h1", trim_prefix = "EXCLUSIVE: " } },
  authors = { { ".byline a", all = true }, ".byline" },
  published = { { meta = "article:published_time" },
                { "time", format = "%a %b %d %H:%M:%S UTC %Y", timezone = "UTC" } },
  section = { { "nav a", transform = upper } },
  dateline = { { ".body p", pattern = "^([^()]-)%s*%(Reuters%)" } },
  credits = { ".body p" },
  captions = ".caption",
  reading_time = ".rt",
  lead_image = { { "img", attr = "src" } },
  description = { { "h1", replace = { { "Big", "Small" }, { "%s+news", "" } } } },
  body = ".body",
  strip = { ".ad" },
  strip_class = { "Promo" },
}]])
        cleanup()
        h.eq(#set.errors, 0, "errors: " .. table.concat(set.errors, "; "))
        local doc = fake_doc({
            ["css:h1"] = { "EXCLUSIVE:  Big  news" },
            ["css:.byline"] = { "By Ann Lee and Bo Ma" },
            ["css:time"] = { "Wed Dec 14 22:03:42 UTC 2016" },
            ["css:nav a"] = { "World" },
            ["css:.body p"] = { "LONDON (Reuters) - It rained.", "Text.", "(Reporting by Ann Lee; Editing by Bo Ma)" },
            ["css:.caption"] = { "A cat. REUTERS/X", " A cat.  REUTERS/X", "A dog." },
            ["css:.rt"] = { "5 Min Read" },
            ["css:img@src"] = { "//img.example.com/a.jpg" },
        }, {}, { ["css:.body"] = { { kind = "p", text = "Hello." } } })
        doc.base = "https://x.com/a"   -- as core.parse sets it from the URL
        local f = rules.apply(set.rules[1], doc, { url = "https://x.com/a" })
        h.eq(f.title, "Big news", "title")
        h.same(f.authors, { "Ann Lee", "Bo Ma" }, "authors")
        h.eq(f.published, "2016-12-14T22:03:42Z", "published")
        h.eq(f.section, "WORLD", "section via transform")
        h.eq(f.dateline, "LONDON", "dateline")
        h.eq(f.credits, "Reporting by Ann Lee; Editing by Bo Ma", "credits from the last fitting paragraph")
        h.same(f.captions, { "A cat. REUTERS/X", "A dog." }, "captions, deduplicated")
        h.eq(f.reading_time, 5, "reading time")
        h.eq(f.lead_image, "https://img.example.com/a.jpg", "lead image made absolute")
        h.eq(f.description, "EXCLUSIVE: Small", "replace")
        h.eq(f.modified, nil, "modified")
        h.same(f.blocks, { { kind = "p", text = "Hello." } }, "blocks")
        h.same(doc.stripped, { "css:.ad", "css:.Promo" }, "strip + strip_class removed before the body")
        h.eq(f.rule, "site/a", "rule name from the path")
        h.same(f.notes, {}, "no notes")
    end },

    { name = "apply: a meta selector and a date that does not read", fn = function()
        local set = load_one([[return { site = "x.com", title = "h1",
            published = { "time", { meta = "og:article:published_time" } } }]])
        cleanup()
        local doc = fake_doc({ ["css:time"] = { "yesterday-ish" } },
            { ["og:article:published_time"] = { "2016-12-14T22:03:42+0000" } })
        local f = rules.apply(set.rules[1], doc)
        h.eq(f.published, "2016-12-14T22:03:42+00:00", "from meta")
        h.eq(f.notes[1], 'rules/site/a.lua: published[1]: published: cannot read "yesterday-ish" as a date')
        h.same(f.authors, {}, "authors is an array even when empty")
        h.same(f.captions, {}, "captions is an array even when empty")
        h.raises("rules.apply: expected a rule from a rule set, got nil", rules.apply, nil, doc)
    end },

    { name = "apply: a reading time is whole minutes from 1 to 999, else a note", fn = function()
        local set = load_one([[return { site = "x.com", title = "h1", reading_time = { ".rt", ".rt2" } }]])
        cleanup()
        local f = rules.apply(set.rules[1], fake_doc({ ["css:.rt"] = { "7" } }))
        h.eq(f.reading_time, 7, "a bare count")
        local mtype = rawget(math, "type")  -- Lua 5.3+
        if mtype then h.eq(mtype(f.reading_time), "integer", "an integer") end
        f = rules.apply(set.rules[1], fake_doc({ ["css:.rt"] = { "123456789012345678901234" },
            ["css:.rt2"] = { "0" } }))
        h.eq(f.reading_time, nil, "out of range")
        h.eq(f.notes[1], 'rules/site/a.lua: reading_time[1]: reading_time: cannot read "123456789012345678901234"')
        h.eq(f.notes[2], 'rules/site/a.lua: reading_time[2]: reading_time: cannot read "0"')
    end },

    { name = "FTR aliases author and date, and not both", fn = function()
        local set = load_one([[return { site = "x.com", title = "h1", author = ".by", date = "time" }]])
        cleanup()
        h.eq(#set.errors, 0, "errors")
        assert(set.rules[1].fields.authors and set.rules[1].fields.published, "aliases mapped")
        local err = first_error([[return { site = "x.com", title = "h1", author = ".by", authors = ".a" }]])
        h.eq(err, "rules/site/a.lua: author: both author and authors given")
    end },

    { name = "tests inside rules are validated", fn = function()
        local err = first_error([[return { site = "x.com", title = "h1",
            tests = { { page = "p.html", titel = "x" } } }]])
        h.eq(err, "rules/site/a.lua: tests[1]: titel: unknown key (did you mean title?)")
        err = first_error([[return { site = "x.com", title = "h1", tests = { { url = "u" } } }]])
        h.eq(err, "rules/site/a.lua: tests[1]: give page = or case =")
    end },
}
