-- SPDX-License-Identifier: MIT
-- newsextract.ftr: Full-Text RSS site configs read as rules, unchanged.
--
-- A site config (fivefilters/ftr-site-config, also wallabag's) is a text
-- file of `directive: value` lines: XPath 1.0 for what to take and what
-- to remove, plain strings for the rest.  It is named after the host it
-- serves (rule_match.ftr_for finds it as FTR does) and global.txt is added
-- to every config, as FTR adds it.  This module reads a file the way FTR
-- reads it and compiles it to the rule object Lua rules compile to, so one
-- matcher and one applier serve both.
--
--   local cfg, warnings = ftr.parse(src, "ftr/example.com.txt")   -- no core
--   local rule, warnings = ftr.compile(core, src, "ftr/example.com.txt", cache)
--   local out = ftr.apply(rule, doc, { url = ..., raw = html })
--
-- A line FTR would skip (a comment, no ':', an empty value) is skipped; an
-- unknown or misspelt directive, or an expression that does not compile,
-- is a warning "file: line N: directive: message" and the rest loads.
local M = { _VERSION = "0.1.0" }

local fields = require "newsextract.fields"

local type, ipairs, pairs, tostring, pcall = type, ipairs, pairs, tostring, pcall
local fmt, concat = string.format, table.concat

-- {===================================================================
-- The directives

-- XPath lists: every line adds one expression, tried in file order.
local XPATHS = {
    title = true, body = true, author = true, date = true, strip = true,
    strip_attr = true, post_strip_attr = true, native_ad_clue = true,
    next_page_link = true, single_page_link = true, dissolve = true,
    if_page_contains = true,
}
-- Plain-string lists.
local STRINGS = {
    strip_id_or_class = true, strip_image_src = true, find_string = true,
    replace_string = true, test_url = true, test_contains = true,
    skip_id_or_class = true, src_lazy_load_attr = true,
}
-- yes/no switches (FTR: "yes" or "true" is on, anything else off).
local FLAGS = {
    prune = true, tidy = true, autodetect_on_failure = true,
    insert_detected_image = true, convert_double_br_tags = true,
    skip_json_ld = true, autodetect_next_page = true, strip_comments = true,
    footnotes = true, requires_login = true,
}
-- One value, the last line wins.
local SINGLE = { parser = true }
-- `name(arg): value` forms.
local PARAM = { replace_string = true, http_header = true, wrap_in = true, move_into = true }
-- Need the network or an account: kept (rule.network) and reported.
local NETWORK = {
    http_header = true, login_uri = true, login_username_field = true,
    login_password_field = true, login_extra_fields = true,
    not_logged_in_xpath = true, requires_login = true,
    single_page_link_in_feed = true,
}
-- Not supported: accepted with no effect, and why (rule.ignored names
-- them; the snapshot test in tests/lua/test_rules_ftr.lua reports them).
local NO_EFFECT = {
    tidy = "not supported: no HTML Tidy pass (libxml2's recovery and the HTML5 fix-ups repair the markup)",
    parser = "not supported: one parser (libxml2 with HTML5 fix-ups) reads every page",
    footnotes = "not supported: Full-Text RSS's SiteConfig defines no footnote handling to follow",
}
M.UNSUPPORTED = NO_EFFECT

M.DIRECTIVES = {}
for _, t in ipairs({ XPATHS, STRINGS, FLAGS, SINGLE, PARAM, NETWORK }) do
    for k in pairs(t) do M.DIRECTIVES[k] = true end
end

local function known(name)
    return M.DIRECTIVES[name] ~= nil
end

-- The closest known directive, for "did you mean".
local function suggest(name)
    local best, bestd = nil, 3
    for k in pairs(M.DIRECTIVES) do
        if math.abs(#k - #name) < bestd then
            local prev = {}
            for j = 0, #k do prev[j] = j end
            for i = 1, #name do
                local cur = { [0] = i }
                for j = 1, #k do
                    local cost = name:byte(i) == k:byte(j) and 0 or 1
                    cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                end
                prev = cur
            end
            if prev[#k] < bestd then best, bestd = k, prev[#k] end
        end
    end
    return best and (" (did you mean " .. best .. "?)") or ""
end
-- }===================================================================

-- {===================================================================
-- Reading the lines

local function trim(s)
    return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- One line: directive, argument (for `name(arg)`), value; nil to skip.
-- FTR splits at the first ':'; for `name(arg): value`, whose argument may
-- hold ':' itself (`replace_string(<a href="http://x">)`), the split is
-- at the "):" that closes the argument.
local function split_line(line)
    line = trim(line)
    if line == "" or line:sub(1, 1) == "#" then return nil end
    local name, arg, value = line:match("^([%a_][%w_]*)%((.-)%)%s*:(.*)$")
    if name and PARAM[name] then return name, arg, trim(value) end
    local c = line:find(":", 1, true)
    if not c then return nil end
    name, value = trim(line:sub(1, c - 1)), trim(line:sub(c + 1))
    local n2, a2 = name:match("^([%a_][%w_]*)%((.*)%)$")
    if n2 then return n2, a2, value end
    return name, nil, value
end

--- Parse a site config's text.  Returns cfg, warnings: cfg holds one
--- list per directive (each item { value, line = n, arg = }), the flags
--- as booleans, `tests` ({ url=, contains = {...} } in order) and
--- `conditions` (if_page_contains, attached to the single_page_link or
--- next_page_link line before it).  Needs no core: this is the part the
--- fuzzer drives.
-- One directive line into cfg.  st: { cfg =, warn = fn(n, name, msg),
-- last_link = the last single_page_link / next_page_link item }.
local function take(st, n, name, arg, value)
    local cfg, warn = st.cfg, st.warn
    if not known(name) then
        if name:find("^[%a_][%w_]*$") then warn(n, name, "unknown directive" .. suggest(name)) end
        -- anything else is text with a ':' in it, which FTR skips too
    elseif arg and not PARAM[name] then
        warn(n, name, "takes no (argument)")
    elseif PARAM[name] and not arg and name ~= "replace_string" then
        warn(n, name, "needs an argument: " .. name .. "(...): value")
    elseif FLAGS[name] then
        local v = value:lower()
        if v ~= "yes" and v ~= "no" and v ~= "true" and v ~= "false" then
            warn(n, name, fmt("expected yes or no, got %q", value))
        end
        cfg.flags[name] = v == "yes" or v == "true"
    elseif SINGLE[name] then
        cfg.single[name] = value
    elseif name == "test_url" then
        cfg.tests[#cfg.tests + 1] = { url = value, contains = {}, line = n }
    elseif name == "test_contains" then
        local t = cfg.tests[#cfg.tests]
        if t then t.contains[#t.contains + 1] = value
        else warn(n, name, "no test_url before it") end
    elseif name == "if_page_contains" then
        local link = st.last_link
        if not link then return warn(n, name, "no single_page_link or next_page_link before it") end
        link.condition = link.condition or {}
        link.condition[#link.condition + 1] = { value, line = n }
    else
        -- replace_string(find): replace is one pair on one line
        local key = (name == "replace_string" and arg) and "pairs" or name
        local l = cfg.lists[key] or {}
        cfg.lists[key] = l
        local item = key == "pairs" and { arg, value, line = n } or { value, line = n, arg = arg }
        l[#l + 1] = item
        if key == "single_page_link" or key == "next_page_link" then st.last_link = item end
    end
end

-- find_string / replace_string pair by position, as FTR pairs them; FTR
-- skips them all when the counts differ.
local function pair_strings(cfg, warn)
    local finds, repls = cfg.lists.find_string or {}, cfg.lists.replace_string or {}
    if #finds ~= #repls then
        return warn((finds[1] or repls[1]).line, "find_string",
            fmt("%d find_string but %d replace_string lines: none applied", #finds, #repls))
    end
    for i, f in ipairs(finds) do
        local l = cfg.lists.pairs or {}
        cfg.lists.pairs = l
        l[#l + 1] = { f[1], repls[i][1], line = f.line }
    end
end

function M.parse(src, file)
    if type(src) ~= "string" then
        error("ftr.parse: expected the file's text, got " .. type(src), 2)
    end
    file = file or "ftr"
    local warnings = {}
    local st = { cfg = { tests = {}, flags = {}, lists = {}, single = {} } }
    function st.warn(n, name, msg)
        warnings[#warnings + 1] = fmt("%s: line %d: %s: %s", file, n, name, msg)
    end
    local n = 0
    for line in (src .. "\n"):gmatch("([^\n]*)\n") do
        n = n + 1
        local name, arg, value = split_line(line:gsub("\r$", ""))
        -- an empty value is skipped, but for replace_string, where it
        -- means "delete" (`replace_string: ` after a find_string)
        if name and (value ~= "" or name == "replace_string") then take(st, n, name, arg, value) end
    end
    pair_strings(st.cfg, st.warn)
    return st.cfg, warnings
end
-- }===================================================================

-- {===================================================================
-- Compiling to a rule

-- A string for an XPath literal: FTR drops quotes from these values.
local function literal(s)
    return "'" .. s:gsub("['\"]", "") .. "'"
end

local function compile_xpath(core, src, cache)
    local c = cache[src]
    if c then return c end
    local x, err = core.xpath(src)
    if not x then return nil, tostring(err) end
    cache[src] = x
    return x
end

-- XPath 1.0 functions whose result is no node-set.
local STRING_FUNCTIONS = {
    string = true, concat = true, ["substring"] = true, ["substring-after"] = true,
    ["substring-before"] = true, ["normalize-space"] = true, translate = true,
    ["string-length"] = true, count = true, sum = true, number = true, name = true,
    ["local-name"] = true, boolean = true, ["not"] = true, contains = true,
    ["starts-with"] = true, floor = true, ceiling = true, round = true,
}

-- A compiler's state: the core, the XPath cache, the file (for messages),
-- the warnings, the parsed lists.  sel() compiles one item, list() a
-- directive's items; a bad expression is a warning and is left out.
local Compiler = {}
Compiler.__index = Compiler

function Compiler:sel(item, name)
    local x, err = compile_xpath(self.core, item[1], self.cache)
    if not x then
        self.warnings[#self.warnings + 1] = fmt("%s: line %d: %s: %s", self.file, item.line, name, err)
        return nil
    end
    return { kind = "xpath", xpath = x, xpath_text = item[1], source = item[1],
        where = fmt("%s: line %d: %s", self.file, item.line, name), line = item.line }
end

function Compiler:list(name)
    local out = {}
    for _, item in ipairs(self.lists[name] or {}) do
        local r = self:sel(item, name)
        if r then out[#out + 1] = r end
    end
    return out
end

-- title, author, date; body, each match passed over when skip_id_or_class
-- finds its string in the match's id or class.
function Compiler:fields(rule)
    rule.fields.title = self:list("title")
    -- FTR takes a title element out of the page (not into the body): the
    -- first node, when the expression selects elements (not a string)
    for _, r in ipairs(rule.fields.title) do
        local fn = r.xpath_text:match("^%s*([%a][%w%-]*)%s*%(")
        if not (fn and STRING_FUNCTIONS[fn]) then
            r.first_element = compile_xpath(self.core, "(" .. r.xpath_text .. ")[1][self::*]", self.cache)
        end
    end
    rule.fields.authors = self:list("author")
    for _, r in ipairs(rule.fields.authors) do r.all = true end
    rule.fields.published = self:list("date")
    local skip = {}
    for _, item in ipairs(self.lists.skip_id_or_class or {}) do
        local s = literal(item[1])
        skip[#skip + 1] = fmt("contains(@class, %s) or contains(@id, %s)", s, s)
    end
    local body = {}
    for _, item in ipairs(self.lists.body or {}) do
        local r = self:sel(item, "body")
        if r and #skip > 0 then
            r = self:sel({ fmt("(%s)[not(%s)]", item[1], concat(skip, " or ")), line = item.line }, "body")
        end
        if r then body[#body + 1] = r end
    end
    rule.fields.body = body
end

-- The strips in FTR's order: strip, strip_id_or_class, strip_image_src,
-- the attributes, comments, then the marks FTR always honours.
function Compiler:strips(rule)
    local out = rule.strip
    local function add(r) if r then out[#out + 1] = r end end
    for _, r in ipairs(self:list("strip")) do add(r) end
    for _, item in ipairs(self.lists.strip_id_or_class or {}) do
        local s = literal(item[1])
        add(self:sel({ fmt("//*[contains(@class, %s) or contains(@id, %s)]", s, s), line = item.line },
            "strip_id_or_class"))
    end
    for _, item in ipairs(self.lists.strip_image_src or {}) do
        add(self:sel({ fmt("//img[contains(@src, %s)]", literal(item[1])), line = item.line },
            "strip_image_src"))
    end
    for _, r in ipairs(self:list("strip_attr")) do add(r) end
    -- post_strip_attr: after the body is chosen, inside it only (global.txt
    -- strips every class attribute, which the body selectors still need)
    rule.post_strip = self:list("post_strip_attr")
    if rule.flags.strip_comments then add(self:sel({ "//comment()", line = 0 }, "strip_comments")) end
    add(self:sel({ "//*[contains(concat(' ',normalize-space(@class),' '),"
        .. "' entry-unrelated ') or contains(concat(' ',normalize-space(@class),' '),"
        .. "' instapaper_ignore ')]", line = 0 }, "instapaper_ignore"))
end

-- dissolve, wrap_in(tag), move_into(target): doc:edit operations.
function Compiler:edits(rule)
    for _, r in ipairs(self:list("dissolve")) do
        rule.edits[#rule.edits + 1] = { op = "unwrap", sel = r }
    end
    for _, item in ipairs(self.lists.wrap_in or {}) do
        local tag = item.arg:lower()
        if not tag:find("^[%l%d]+$") or #tag > 31 then
            self.warnings[#self.warnings + 1] = fmt("%s: line %d: wrap_in: not a tag name: %q",
                self.file, item.line, item.arg)
        else
            local r = self:sel(item, "wrap_in")
            if r then rule.edits[#rule.edits + 1] = { op = "wrap", sel = r, arg = tag } end
        end
    end
    for _, item in ipairs(self.lists.move_into or {}) do
        local target = item.arg
        if not target:find("^[/(]") then target = "//" .. target end   -- move_into(body)
        local t = self:sel({ target, line = item.line }, "move_into")
        local r = self:sel(item, "move_into")
        if r and t then rule.edits[#rule.edits + 1] = { op = "move", sel = r, arg = t.xpath } end
    end
end

-- native_ad_clue, the page links (each with its if_page_contains), the
-- lazy image attributes, the switches.
function Compiler:page(rule)
    rule.native_ad = self:list("native_ad_clue")
    for _, name in ipairs({ "next_page_link", "single_page_link" }) do
        rule[name] = {}
        for _, item in ipairs(self.lists[name] or {}) do
            local r = self:sel(item, name)
            if r then
                r.condition = {}
                for _, c in ipairs(item.condition or {}) do
                    local cr = self:sel(c, "if_page_contains")
                    if cr then r.condition[#r.condition + 1] = cr end
                end
                rule[name][#rule[name] + 1] = r
            end
        end
    end
    for _, item in ipairs(self.lists.src_lazy_load_attr or {}) do
        if item[1]:find("^[%w_:%-]+$") then rule.lazy[#rule.lazy + 1] = item[1]:lower()
        else self.warnings[#self.warnings + 1] = fmt("%s: line %d: src_lazy_load_attr: "
            .. "not an attribute name: %q", self.file, item.line, item[1]) end
    end
    local flags = rule.flags
    rule.autodetect = flags.autodetect_on_failure ~= false
    rule.autodetect_next_page = flags.autodetect_next_page == true
    rule.double_br = flags.convert_double_br_tags == true
    rule.skip_json_ld = flags.skip_json_ld == true
    -- FTR's default is yes: the body cleaned as Readability's prepArticle does
    rule.prune = flags.prune ~= false
    -- FTR's default is yes: og:image goes first in a body that has no image
    rule.insert_image = flags.insert_detected_image ~= false
end

-- Kept, not applied: the network and login directives; the ones with no
-- effect here, with why.
function Compiler:kept(rule, cfg)
    for name in pairs(NETWORK) do
        for _, item in ipairs(self.lists[name] or {}) do
            rule.network[#rule.network + 1] = fmt("%s%s: %s", name,
                item.arg and ("(" .. item.arg .. ")") or "", item[1])
        end
        if cfg.flags[name] ~= nil then rule.network[#rule.network + 1] = name end
    end
    table.sort(rule.network)
    for name, why in pairs(NO_EFFECT) do
        if cfg.flags[name] ~= nil or cfg.single[name] then rule.ignored[name] = why end
    end
end

--- Compile a site config's text to a rule.  Returns rule, warnings (the
--- parser's and those of expressions that do not compile: each names
--- file, line and directive).  The rule always loads.
function M.compile(core, src, file, cache)
    local cfg, warnings = M.parse(src, file)
    local host = (file:match("([^/]+)%.txt$") or file):lower()
    local rule = {
        file = file, ftr = host, name = "ftr:" .. host, template = "ftr:" .. host,
        site = host:gsub("^%.", ""), fields = {}, strip = {}, detect = {}, match = {},
        hosts = {}, priority = 0, tokens = {}, flags = cfg.flags, tests = cfg.tests,
        network = {}, ignored = {}, pairs = cfg.lists.pairs or {}, edits = {}, lazy = {},
    }
    local c = setmetatable({ core = core, cache = cache or {}, file = file,
        warnings = warnings, lists = cfg.lists }, Compiler)
    c:fields(rule)
    c:strips(rule)
    c:edits(rule)
    c:page(rule)
    c:kept(rule, cfg)
    return rule, warnings
end
-- }===================================================================

-- {===================================================================
-- Applying

-- Plain (not pattern) replacement of every `find` in `s`.
local function replace_all(s, find, repl)
    if find == "" then return s, 0 end
    local out, pos, n = {}, 1, 0
    while true do
        local a, b = s:find(find, pos, true)
        if not a then break end
        out[#out + 1] = s:sub(pos, a - 1)
        out[#out + 1] = repl
        pos, n = b + 1, n + 1
    end
    if n == 0 then return s, 0 end
    out[#out + 1] = s:sub(pos)
    return concat(out), n
end

--- The page text a rule wants before parsing (find_string/replace_string,
--- convert_double_br_tags, src_lazy_load_attr), or nil when it wants none.
--- `utf8` is the decoded page.
function M.edit_text(rule, utf8)
    local globals = rule.global and rule.autodetect and rule.global.pairs or {}
    if #rule.pairs == 0 and #globals == 0 and not rule.double_br and #rule.lazy == 0 then
        return nil
    end
    local s, total = utf8, 0
    for _, list in ipairs({ rule.pairs, globals }) do
        for _, p in ipairs(list) do
            local n
            s, n = replace_all(s, p[1], p[2])
            total = total + n
        end
    end
    if rule.double_br then
        local k
        s, k = s:gsub("<[bB][rR]%s*/?>%s*<[bB][rR]%s*/?>", "</p><p>")
        total = total + k
    end
    for _, attr in ipairs(rule.lazy) do
        -- the lazy attribute read as the image source (the C side prefers
        -- data-src over src)
        local n
        s, n = replace_all(s, " " .. attr .. "=", " data-src=")
        total = total + n
    end
    if total == 0 then return nil end
    return s
end

-- The first value an XPath list gives: the node's text, an attribute's
-- value or a string result.
local function first(doc, list, attr)
    for _, r in ipairs(list) do
        local v = doc:select(r.xpath, attr)
        if v == nil and attr then v = doc:select(r.xpath) end
        if v and v ~= "" then return v, r end
    end
end

local function all_of(list, global)
    if not global then return list end
    local out = {}
    for _, r in ipairs(list) do out[#out + 1] = r end
    for _, r in ipairs(global) do out[#out + 1] = r end
    return out
end

-- autodetect_next_page: the page's own rel=next link.
local NEXT_REL
local function rel_next(doc)
    if not NEXT_REL then
        NEXT_REL = require("newsextract.core").xpath(
            "//link[@rel='next']/@href | //a[@rel='next']/@href")
    end
    local v = doc:select(NEXT_REL)
    if v and v ~= "" then return { url = v, kind = "next" } end
end

--- Where the article goes on: { url =, kind = "single"|"next" } or nil.
--- single_page_link first (the whole article on one page), then
--- next_page_link, then (autodetect_next_page: yes) the page's rel=next
--- link; a link whose if_page_contains finds nothing is passed over.
--- Read before the strips change the page.
function M.links(rule, doc)
    local l = M.rule_links(rule, doc)
    if not l and rule.autodetect_next_page then l = rel_next(doc) end
    return l
end

function M.rule_links(rule, doc)
    for _, kind in ipairs({ "single_page_link", "next_page_link" }) do
        for _, r in ipairs(rule[kind] or {}) do
            local ok = true
            for _, c in ipairs(r.condition or {}) do
                local v = doc:select(c.xpath, nil, true)
                if not v or #v == 0 then ok = false end
            end
            if ok then
                local v = doc:select(r.xpath, "href") or doc:select(r.xpath)
                if v and v ~= "" then
                    return { url = v, kind = kind == "single_page_link" and "single" or "next" }
                end
            end
        end
    end
end

-- native_ad_clue, title, author, date, read from the whole page; global.txt's
-- expressions (g) after the site's.
local function read_fields(rule, g, doc, out, notes)
    local gf = g and g.fields or {}
    for _, r in ipairs(all_of(rule.native_ad, g and g.native_ad)) do
        local v = doc:select(r.xpath, nil, true)
        if v and #v > 0 then
            notes[#notes + 1] = r.where .. ": the page is marked as a native ad"
            break
        end
    end
    local title, tr = first(doc, all_of(rule.fields.title, gf.title))
    out.title = fields.collapse(title or "")
    out.title_element = tr and tr.first_element   -- read_body takes it out
    for _, r in ipairs(all_of(rule.fields.authors, gf.authors)) do
        local vals = doc:select(r.xpath, nil, true)
        if type(vals) == "string" then vals = { vals } end
        if vals and #vals > 0 then
            local names = fields.authors(#vals == 1 and vals[1] or vals)
            if names and #names > 0 then out.authors = names; break end
        end
    end
    for _, r in ipairs(all_of(rule.fields.published, gf.published)) do
        local v = doc:select(r.xpath)
        if v then
            local d = fields.date(v)
            if d then out.published = d; break end
            notes[#notes + 1] = fmt("%s: cannot read %q as a date", r.where, v)
        end
    end
end

-- Does any body expression find an element?  (None: a redesign.)
local function body_found(doc, xps)
    for _, x in ipairs(xps) do
        local v = doc:select(x, nil, true)
        if type(v) == "table" and #v > 0 then return true end
    end
    return false
end

-- The strips and tree edits, then the body (doc:content, one C pass).
local function read_body(rule, g, doc, xps, out, notes)
    if out.title_element then doc:strip(out.title_element) end
    out.title_element = nil
    for _, r in ipairs(all_of(rule.strip, g and g.strip)) do
        local n, err = doc:strip(r.xpath)
        if n == nil and err then notes[#notes + 1] = r.where .. ": " .. tostring(err) end
    end
    for _, e in ipairs(rule.edits) do
        local n, err = doc:edit(e.op, e.sel.xpath, e.arg)
        if n == nil and err then notes[#notes + 1] = e.sel.where .. ": " .. tostring(err) end
    end
    if #xps == 0 then
        -- FTR's own detection (hNews, .instapaper_body, itemprop=articleBody,
        -- Readability) is the generic extractor's part here, on the page
        -- after the strips
        notes[#notes + 1] = rule.file .. ": body: no body expression; generic extraction after the strips"
        return
    end
    local after = {}
    for _, r in ipairs(all_of(rule.post_strip or {}, g and g.post_strip)) do after[#after + 1] = r.xpath end
    local res, err = doc:content(xps, { after = after, prune = rule.prune })
    if res then
        out.blocks, out.html, out.images = res.blocks, res.html, res.images
    else
        notes[#notes + 1] = fmt("%s: body: %s", rule.file, err and tostring(err)
            or "no body expression matched after the strips; generic extraction")
    end
end

-- insert_detected_image (FTR's default: yes): a body with no image gets
-- the page's og:image (an http(s) URL) as its first block, as FTR inserts
-- it; not on the second and later pages of an article.
local OG_IMAGE
local function insert_image(rule, doc, out, opts)
    if not rule.insert_image or opts.next_page or not out.blocks or #out.blocks == 0 then return end
    if out.images and #out.images > 0 then return end
    local core = require "newsextract.core"
    OG_IMAGE = OG_IMAGE or core.xpath("//head//meta[@property='og:image']/@content")
    local v = doc:select(OG_IMAGE)
    if not v or not v:find("^[Hh][Tt][Tt][Pp][Ss]?://") then return end
    local src = core.resolve(v, nil, true)
    if not src then return end
    local attr = src:gsub('[&<>"]', { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" })
    local image = { src = src }
    table.insert(out.blocks, 1, { kind = "figure", text = "", words = 0, images = { image },
        html = '<figure><img src="' .. attr .. '" alt=""></figure>',
        md = "![](<" .. src:gsub("[<>]", { ["<"] = "%3C", [">"] = "%3E" }) .. ">)" })
    out.images = { image }
    if out.html then out.html = out.blocks[1].html .. out.html end
end

--- Apply a compiled FTR rule to a parsed page, in FTR's order: native-ad
--- clue, title, author, date, strips, tree edits, body.  global.txt's
--- lists follow the site's own (FTR appends global.txt unless
--- autodetect_on_failure is no).  Returns the fields (as rule_apply
--- gives them), with `no_fallback` when autodetect_on_failure is no and
--- `pages` when the article goes on.
function M.apply(rule, doc, opts)
    opts = opts or {}
    local notes = {}
    local g = rule.autodetect and rule.global or nil
    local out = { rule = rule.name, notes = notes, authors = {}, captions = {} }
    local links = M.links(rule, doc)
    if links then
        links.url = require("newsextract.rule_apply").absolute(links.url, opts.url)
        out.pages = links
    end
    read_fields(rule, g, doc, out, notes)
    local xps = {}
    for i, r in ipairs(rule.fields.body) do xps[i] = r.xpath end
    if #xps > 0 and not body_found(doc, xps) then
        -- the generic extractor gets the page untouched: the strips were
        -- written for the markup the body expressions knew
        notes[#notes + 1] = rule.file .. ": body: no body expression matched; generic extraction of the whole page"
    else
        read_body(rule, g, doc, xps, out, notes)
    end
    out.title_element = nil
    insert_image(rule, doc, out, opts)
    -- FTR's autodetect_on_failure: the generic body, unless it says no
    if not out.blocks and not rule.autodetect then out.no_fallback, out.blocks = true, {} end
    return out, notes
end

--- The rule on a page, parsed again when the rule edits the page's text
--- first (`raw`: the page's bytes; opts.content_type, opts.charset as
--- for extract).  The second document lives for this call only.
function M.apply_page(rule, doc, opts, raw)
    if type(raw) == "string" then
        local core = require "newsextract.core"
        local utf8 = core.decode(raw, opts.content_type, opts.charset)
        local text = M.edit_text(rule, utf8)
        if text then
            local doc2 = core.parse(text, { url = opts.url, charset = "utf-8" })
            if doc2 then
                local ok, out, notes = pcall(M.apply, rule, doc2, opts)
                doc2:free()
                if not ok then error(out, 0) end
                return out, notes
            end
        end
    end
    return M.apply(rule, doc, opts)
end
-- }===================================================================

-- {===================================================================
-- test_url / test_contains, offline

local function squeeze(s) return (s:gsub("%s+", " ")) end

-- One test of `rule`: nil when it passes, else what is wrong (a list).
local function one_test(set, rule, t, page, ct, extract)
    local a, err = extract(page, { url = t.url, content_type = ct, rules = set })
    if not a then return { "cannot extract: " .. tostring(err) } end
    local bad = {}
    if a.rule ~= rule.name then bad[#bad + 1] = fmt("the set chose %s", tostring(a.rule or "no rule")) end
    for _, n in ipairs(a.notes or {}) do
        if n:find(": body: ", 1, true) then bad[#bad + 1] = "note: " .. n end
    end
    local text = squeeze(a.text or "")
    for _, c in ipairs(t.contains) do
        if not text:find(squeeze(c), 1, true) then
            bad[#bad + 1] = fmt("test_contains: %q is not in the body", c)
        end
    end
    return #bad > 0 and bad or nil
end

--- Run the test_url / test_contains lines of every Full-Text RSS config
--- in `set`, offline: `fetch(url) -> page, content_type` gives the saved
--- page (pages.dir_fetcher) or nil.  A test passes when the set picks the
--- config for its URL, one of the config's body expressions gives the
--- body and every test_contains text is in it.  A test whose page is not
--- saved is counted apart, never passed.  `extract` is
--- newsextract.extract.  Returns { passed =, failed =, unsaved =, lines = }.
function M.run_tests(set, fetch, extract)
    local names, out = {}, { passed = 0, failed = 0, unsaved = 0, lines = {} }
    for name in pairs(set.ftr or {}) do names[#names + 1] = name end
    table.sort(names)
    for _, name in ipairs(names) do
        local rule = set.ftr[name]
        for _, t in ipairs(rule.tests or {}) do
            local page, ct = fetch(t.url)
            if type(page) ~= "string" then
                out.unsaved = out.unsaved + 1
            else
                local bad = one_test(set, rule, t, page, type(ct) == "string" and ct or nil, extract)
                if bad then
                    out.failed = out.failed + 1
                    out.lines[#out.lines + 1] = fmt("FAIL %s: line %d: test_url %s", rule.file, t.line, t.url)
                    for _, b in ipairs(bad) do out.lines[#out.lines + 1] = "    " .. b end
                else
                    out.passed = out.passed + 1
                end
            end
        end
    end
    return out
end
-- }===================================================================

return M
