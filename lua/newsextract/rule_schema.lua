-- SPDX-License-Identifier: MIT
-- newsextract.rule_schema: what a Lua rule file may say, and its compilation.
--
-- build(core, t, file, name, cache, errs) turns the table a rule file
-- returned into a compiled rule (selectors compiled to XPath once, through
-- `cache`); every problem is appended to `errs` as "file: key: message".
-- compile_selector is shared with newsextract.ftr, whose directives compile
-- to the same records.
local M = { _VERSION = "0.1.0" }

local fields = require "newsextract.fields"

local type, pairs, ipairs, tostring, pcall, select =
    type, pairs, ipairs, tostring, pcall, select
local fmt = string.format

---------------------------------------------------------------------------
-- Schema
---------------------------------------------------------------------------

-- Fields a rule may give, and how their values are treated.
local FIELDS = {
    title = "text", section = "text", description = "text",
    lead_image = "url", dateline = "text", authors = "authors",
    published = "date", modified = "date", credits = "credits",
    captions = "list", reading_time = "minutes", body = "body",
}
M.FIELDS = FIELDS
-- Full-Text RSS words, accepted so its files port mechanically.
local ALIASES = { author = "authors", date = "published" }

local TOP = {
    site = "string", also = "strings", match = "strings", template = "string",
    detect = "selectors", priority = "number", strip = "selectors",
    strip_class = "strings", tests = "table", text = "table", about = "string",
    next_page_link = "selectors", variants = "strings",
}

local SELECTOR_KEYS = {
    css = "string", xpath = "string", meta = "string", attr = "string",
    all = "boolean", pattern = "string", trim_prefix = "string",
    replace = "table", format = "string", timezone = "string",
    transform = "function",
}

local TEST_KEYS = {
    case = "string", page = "string", url = "string", contains = "strings",
    excludes = "strings", paragraphs = "strings", template = "string",
    rule = "string", min_words = "number",
}
local TEST_FIELD_TYPES = {
    title = "string", section = "string", description = "string",
    lead_image = "string", dateline = "string", published = "string",
    modified = "string", credits = "string", authors = "strings",
    captions = "strings", reading_time = "number",
}

-- Edit distance, for "did you mean" on unknown keys (keys are short).
local distance = require("newsextract.textsim").distance

local function suggest(key, ...)
    local best, bestd = nil, 3
    for i = 1, select("#", ...) do
        for k in pairs((select(i, ...))) do
            local d = distance(key, k)
            if d < bestd then best, bestd = k, d end
        end
    end
    return best and (" (did you mean " .. best .. "?)") or ""
end

-- A Lua pattern is only checked by the matcher when it gets to each item,
-- so check it here, once, for the errors an editor makes.
local function check_pattern(p)
    local i, n, depth = 1, #p, 0
    while i <= n do
        local c = p:sub(i, i)
        if c == "%" then
            local d = p:sub(i + 1, i + 1)
            if d == "" then return "ends with '%'" end
            if d == "b" then
                if #p < i + 3 then return "missing arguments to '%b'" end
                i = i + 4
            elseif d == "f" then
                if p:sub(i + 2, i + 2) ~= "[" then return "missing '[' after '%f'" end
                i = i + 2
            else
                i = i + 2
            end
        elseif c == "[" then
            local j = i + 1
            if p:sub(j, j) == "^" then j = j + 1 end
            repeat
                local e = p:sub(j, j)
                if e == "" then return "missing ']'" end
                if e == "%" then j = j + 1 end
                j = j + 1
            until p:sub(j, j) == "]"
            i = j + 1
        elseif c == "(" then
            depth = depth + 1
            i = i + 1
        elseif c == ")" then
            depth = depth - 1
            if depth < 0 then return "unmatched ')'" end
            i = i + 1
        else
            i = i + 1
        end
    end
    if depth > 0 then return "unfinished capture" end
    local ok, err = pcall(string.find, "", p)
    if not ok then return (tostring(err):gsub("^.-:%d+: ", "")) end
    return nil
end
M.check_pattern = check_pattern

local function is_list(t)
    if type(t) ~= "table" then return false end
    local n = 0
    for k in pairs(t) do
        if type(k) ~= "number" then return false end
        n = n + 1
    end
    return n == #t
end

local typename = type

---------------------------------------------------------------------------
-- Selectors
---------------------------------------------------------------------------

local function is_xpath(s)
    local c = s:sub(1, 1)
    return c == "/" or c == "("
end

-- Tokens (class names, ids) a selector needs to be in the page, for the
-- cheap pre-filter of match() without a URL.  Only from selectors where
-- every token found is required: no alternatives (',' '|' 'or'), no
-- negation.  Lower-cased: the page side is lower-cased too.
local function required_tokens(src, xpath_form)
    local out = {}
    if xpath_form then
        if src:find("|", 1, true) or src:find("%sor%s") or src:find("not%s*%(") then
            return out
        end
        for v in src:gmatch("@class%s*=%s*['\"]([^'\"]+)['\"]") do
            for t in v:gmatch("%S+") do out[#out + 1] = t:lower() end
        end
        for v in src:gmatch("@id%s*=%s*['\"]([^'\"%s]+)['\"]") do out[#out + 1] = v:lower() end
    else
        if src:find(",", 1, true) or src:find(":not", 1, true) or src:find("[", 1, true) then
            return out
        end
        for t in src:gmatch("[%.#]([%w_%-]+)") do out[#out + 1] = t:lower() end
    end
    return out
end

-- Phase 1: the entry (a string, or a table of SELECTOR_KEYS) as a record
-- holding its keys and `source`.  Returns rec or nil, message.
local function selector_record(entry)
    if type(entry) == "string" then return { source = entry } end
    if type(entry) ~= "table" then
        return nil, "expected a selector (string or table), got " .. typename(entry)
    end
    for k, v in pairs(entry) do
        if k ~= 1 then
            local want = SELECTOR_KEYS[k]
            if not want then
                return nil, fmt("%s: unknown key%s", tostring(k), suggest(tostring(k), SELECTOR_KEYS))
            end
            if type(v) ~= want then
                return nil, fmt("%s: expected %s, got %s", k, want, typename(v))
            end
        end
    end
    if entry[1] ~= nil and type(entry[1]) ~= "string" then
        return nil, "[1]: expected a selector string, got " .. typename(entry[1])
    end
    local n = 0
    for _, k in ipairs({ 1, "css", "xpath", "meta" }) do
        if entry[k] ~= nil then n = n + 1 end
    end
    if n ~= 1 then
        return nil, "give exactly one of a selector string, css =, xpath = or meta ="
    end
    if #entry > 1 then return nil, "only one selector string per entry (make a list of entries)" end
    local rec = {}
    for k, v in pairs(entry) do if k ~= 1 then rec[k] = v end end
    rec.source = entry[1] or entry.css or entry.xpath
    rec.css, rec.xpath = nil, nil
    if entry.xpath then rec.force_xpath = true end
    if entry.css then rec.force_css = true end
    return rec
end

-- Phase 2: the clean-up keys checked (format, timezone, pattern, replace).
-- Returns nil or a message.
local function check_cleanup(rec, field)
    if (rec.format or rec.timezone) and FIELDS[field] ~= "date" then
        return "format/timezone: only for published and modified"
    end
    if rec.format then
        local ok, msg = fields.check_format(rec.format)
        if not ok then return "format: " .. msg end
    end
    if rec.timezone and not fields.timezone_known(rec.timezone) then
        return "timezone: unknown zone " .. fmt("%q", rec.timezone)
    end
    if rec.pattern then
        local perr = check_pattern(rec.pattern)
        if perr then return "pattern: " .. perr end
    end
    if rec.replace then
        local list = rec.replace
        if type(list[1]) == "string" then list = { list } end
        for i, pair in ipairs(list) do
            if type(pair) ~= "table" or type(pair[1]) ~= "string" or type(pair[2]) ~= "string" then
                return fmt("replace[%d]: expected { pattern, replacement } strings", i)
            end
            local perr = check_pattern(pair[1])
            if perr then return fmt("replace[%d]: pattern: %s", i, perr) end
        end
        rec.replace = list
    end
end

-- Compile one selector entry of a rule into
-- { source=, xpath=<compiled>, kind="xpath"|"meta", attr=, ... }.
-- Returns the record or nil, message (message without the `where`).
local function compile_selector(core, entry, field, cache)
    local rec, err = selector_record(entry)
    if not rec then return nil, err end
    err = check_cleanup(rec, field)
    if err then return nil, err end
    if rec.meta then
        rec.kind, rec.meta = "meta", rec.meta:lower()
        return rec
    end
    -- Phase 3: CSS to XPath, compiled once per set (cache)
    local src = rec.source
    local xp_form = rec.force_xpath or (not rec.force_css and is_xpath(src))
    local xpath_text = src
    if not xp_form then
        local x, cerr = core.css(src)
        if not x then return nil, cerr end
        xpath_text = x
    end
    local compiled = cache[xpath_text]
    if not compiled then
        local c, xerr = core.xpath(xpath_text)
        if not c then
            xerr = tostring(xerr)
            if not xerr:find("^xpath") then xerr = "xpath: " .. xerr end
            return nil, xerr
        end
        compiled = c
        cache[xpath_text] = c
    end
    rec.kind, rec.xpath, rec.xpath_text = "xpath", compiled, xpath_text
    rec.tokens = required_tokens(src, xp_form)
    return rec
end

-- A field's value: one selector, or a list of them tried in order.
-- { "a", "b" } is two selectors; { "a", attr = "x" } is one.
local function selector_list(v)
    if type(v) == "string" or not is_list(v) then return { v } end
    return v
end

local function compile_list(core, list, where, field, cache, errs)
    local out = {}
    if type(list) ~= "string" and type(list) ~= "table" then
        errs[#errs + 1] = fmt("%s: expected a selector or a list of selectors, got %s", where, typename(list))
        return out
    end
    list = selector_list(list)
    for i, entry in ipairs(list) do
        local rec, err = compile_selector(core, entry, field, cache)
        if rec then
            rec.where = fmt("%s[%d]", where, i)
            out[#out + 1] = rec
        else
            errs[#errs + 1] = fmt("%s[%d]: %s", where, i, err)
        end
    end
    for k in pairs(list) do
        if type(k) ~= "number" then
            errs[#errs + 1] = fmt("%s: unknown key %s (a selector list holds entries only)", where, tostring(k))
        end
    end
    return out
end

---------------------------------------------------------------------------
-- Validation of one rule table
---------------------------------------------------------------------------

local function check_strings(v, where, errs)
    if type(v) == "string" then return { v } end
    if type(v) ~= "table" then
        errs[#errs + 1] = fmt("%s: expected a string or a list of strings, got %s", where, typename(v))
        return {}
    end
    for k, s in pairs(v) do
        if type(k) ~= "number" or type(s) ~= "string" then
            errs[#errs + 1] = fmt("%s[%s]: expected a string, got %s", where, tostring(k), typename(s))
        end
    end
    return v
end

local function validate_tests(tests, file, errs)
    if not is_list(tests) then
        errs[#errs + 1] = file .. ": tests: expected a list of test tables"
        return
    end
    for i, t in ipairs(tests) do
        local w = fmt("%s: tests[%d]", file, i)
        if type(t) ~= "table" then
            errs[#errs + 1] = w .. ": expected a table, got " .. typename(t)
        else
            if not t.page and not t.case then errs[#errs + 1] = w .. ": give page = or case =" end
            for k, v in pairs(t) do
                local want = TEST_KEYS[k] or TEST_FIELD_TYPES[k]
                if not want then
                    errs[#errs + 1] = fmt("%s: %s: unknown key%s", w, tostring(k),
                        suggest(tostring(k), TEST_KEYS, TEST_FIELD_TYPES))
                elseif want == "strings" then
                    check_strings(v, w .. "." .. k, errs)
                elseif type(v) ~= want and not (v == false and want ~= "strings") then
                    -- `false` states "this field must be absent"
                    errs[#errs + 1] = fmt("%s.%s: expected %s, got %s", w, k, want, typename(v))
                end
            end
        end
    end
end

-- The textdump schema for the `text` section belongs to textdump.lua; use
-- it when it is there.
local function validate_text(t, where, errs)
    local ok, textdump = pcall(require, "newsextract.textdump")
    if not ok or type(textdump) ~= "table" or not textdump.validate_text_section then return end
    local good, res, msg = pcall(textdump.validate_text_section, t, where)
    if not good then
        errs[#errs + 1] = tostring(res)
    elseif res == nil or res == false then
        errs[#errs + 1] = tostring(msg or (where .. ": invalid"))
    end
end

-- One top-level key of a rule (TOP): checked, and compiled into `rule`.
local function top_key(core, rule, key, v, file, cache, errs)
    local want = TOP[key]
    local w = file .. ": " .. key
    if want == "string" or want == "number" or want == "table" then
        if type(v) ~= want then
            errs[#errs + 1] = fmt("%s: expected %s, got %s", w, want, typename(v))
        end
    elseif want == "strings" then
        v = check_strings(v, w, errs)
    end
    if key == "detect" then
        rule.detect = compile_list(core, v, w, key, cache, errs)
    elseif key == "next_page_link" then
        rule.next_page_link = compile_list(core, v, w, key, cache, errs)
    elseif key == "strip" then
        for _, r in ipairs(compile_list(core, v, w, key, cache, errs)) do
            rule.strip[#rule.strip + 1] = r
        end
    elseif key == "strip_class" then
        for i, cls in ipairs(v) do
            if not cls:find("^[%a_%-][%w_%-]*$") then
                errs[#errs + 1] = fmt("%s[%d]: not a class name: %q", w, i, cls)
            else
                local rec, err = compile_selector(core, "." .. cls, key, cache)
                if rec then
                    rec.where = fmt("%s[%d]", w, i)
                    rule.strip_class[#rule.strip_class + 1] = rec
                else errs[#errs + 1] = fmt("%s[%d]: %s", w, i, err) end
            end
        end
    elseif key == "match" then
        for i, p in ipairs(v) do
            local perr = check_pattern(p)
            if perr then errs[#errs + 1] = fmt("%s[%d]: pattern: %s", w, i, perr) end
        end
        rule.match = v
    elseif key == "tests" then
        validate_tests(v, file, errs)
        rule.tests = v
    elseif key == "text" then
        if type(v) == "table" then validate_text(v, file .. ": rule", errs) end
        rule.text = v
    else
        rule[key] = v
    end
end

-- Turn the table a rule file returned into a compiled rule.
-- Returns rule (possibly with problems listed in errs) ; caller decides.
local function build_rule(core, t, file, name, cache, errs)
    if type(t) ~= "table" then
        errs[#errs + 1] = fmt("%s: the file must return a table, got %s", file, typename(t))
        return nil
    end
    local rule = { file = file, fields = {}, strip = {}, strip_class = {}, detect = {},
        match = {}, hosts = {} }
    for k, v in pairs(t) do
        local key = ALIASES[k] or k
        if ALIASES[k] and t[key] ~= nil then
            errs[#errs + 1] = fmt("%s: %s: both %s and %s given", file, k, k, key)
        elseif FIELDS[key] then
            rule.fields[key] = compile_list(core, v, file .. ": " .. key, key, cache, errs)
        elseif TOP[key] then
            top_key(core, rule, key, v, file, cache, errs)
        elseif type(k) ~= "string" then
            errs[#errs + 1] = fmt("%s: [%s]: unexpected list entry at the top level", file, tostring(k))
        else
            errs[#errs + 1] = fmt("%s: %s: unknown key%s", file, k, suggest(k, FIELDS, TOP, ALIASES))
        end
    end
    if type(t.site) ~= "string" or not t.site:find("^[%w][%w%.%-]*$") then
        if t.site == nil then
            errs[#errs + 1] = file .. ": site: missing (the host the rule is for, e.g. \"reuters.com\")"
        elseif type(t.site) == "string" then
            errs[#errs + 1] = fmt("%s: site: not a host name: %q", file, t.site)
        end
    else
        rule.hosts[1] = t.site:lower()
    end
    if type(t.also) == "table" then
        for _, h in ipairs(t.also) do
            if type(h) == "string" then rule.hosts[#rule.hosts + 1] = h:lower() end
        end
    end
    if not rule.fields.body and not rule.fields.title then
        errs[#errs + 1] = file .. ": give at least title or body"
    end
    for _, rec in ipairs(rule.strip_class) do rule.strip[#rule.strip + 1] = rec end
    rule.strip_class = nil
    rule.name = type(t.template) == "string" and t.template or name
    rule.template = rule.name
    rule.site = t.site
    rule.priority = type(t.priority) == "number" and t.priority or 0
    -- The pre-filter: tokens every detect selector needs.
    local tokens, seen = {}, {}
    for _, d in ipairs(rule.detect) do
        for _, tok in ipairs(d.tokens or {}) do
            if not seen[tok] then seen[tok] = true; tokens[#tokens + 1] = tok end
        end
    end
    rule.tokens = tokens
    return rule
end

M.build = build_rule
M.compile_selector = compile_selector
M.compile_list = compile_list
M.is_list = is_list
M.suggest = suggest
return M
