-- SPDX-License-Identifier: MIT
-- newsextract.rule_match: which rule of a set applies to a page.
local M = { _VERSION = "0.1.0" }

local sandbox = require "newsextract.sandbox"

local type, pairs, ipairs, error, pcall, tostring = type, pairs, ipairs, error, pcall, tostring
local sort, fmt = table.sort, string.format

local function host_of(url)
    if type(url) ~= "string" then return nil end
    local h = url:match("^%a[%w+.-]*://([^/?#]*)") or url:match("^//([^/?#]*)")
    if not h then return nil end
    h = h:gsub("^.*@", ""):gsub(":%d*$", ""):gsub("%.$", ""):lower()
    if h == "" then return nil end
    return h
end
M.host_of = host_of


-- A problem met while matching (a detect XPath over its operation limit,
-- a URL pattern over its step budget): kept in set.warnings after the
-- loading warnings, at most 64, each naming the rule file.
local function warn(set, rule, what, msg)
    local w = set.warnings
    if not w then w = {}; set.warnings = w end
    if #w < (set.load_warnings or 0) + 64 then
        w[#w + 1] = fmt("%s: %s: %s", rule.file, what, tostring(msg))
    end
end

-- Does the page's metadata hold the key of a meta detect `d`?
local function meta_found(md, d)
    return md.meta and md.meta[d.meta] and md.meta[d.meta][1] ~= nil
end

-- Does every detect selector of `rule` find something in `doc`?  (A
-- document given as a table of functions; a parsed one goes through
-- first_detected.)
local function detected(rule, doc, set, md)
    for i, d in ipairs(rule.detect) do
        local found
        if d.kind == "meta" then
            md = md or doc:metadata()
            found = meta_found(md, d)
        else
            local r, err = doc:select(d.xpath, d.attr, true)
            if r == nil and err and set then warn(set, rule, fmt("detect[%d]", i), err) end
            found = r ~= nil and (type(r) ~= "table" or #r > 0)
        end
        if not found then return false end
    end
    return true
end

-- The page's class/id tokens among the set's (md.tokens, which extract
-- has doc:metadata read with the set's by_token), or nil.
local function page_tokens(set, md)
    return md and md.tokens and md.tokens_of == set.by_token and md.tokens or nil
end

-- Can the rule's detect find anything?  Not when it needs a class or id
-- the page lacks.
local function tokens_ok(r, toks)
    if not toks then return true end
    for _, t in ipairs(r.tokens or {}) do
        if not toks[t] then return false end
    end
    return true
end

-- The first rule of `rules` (in order) whose detect selectors all find
-- something, as `detected` says of each; every XPath detect of the list
-- runs in one call into C (doc:apply's selections).  A problem a detect
-- met is warned of only where `detected` would have met it.
local function first_detected(set, rules, doc, md)
    if #rules == 0 then return nil end
    if type(doc) ~= "userdata" then
        for _, r in ipairs(rules) do
            if detected(r, doc, set, md) then return r end
        end
        return nil
    end
    local list, at = {}, {}
    for _, r in ipairs(rules) do
        for _, d in ipairs(r.detect) do
            if d.kind ~= "meta" and not at[d] then
                list[#list + 1] = { d.xpath, d.attr, true }
                at[d] = #list
            end
        end
    end
    local values, errors = {}, {}
    if #list > 0 then
        doc:apply({ select = list }, function(v, e) values, errors = v, e end)
    end
    for _, r in ipairs(rules) do
        local ok = true
        for i, d in ipairs(r.detect) do
            local found
            if d.kind == "meta" then
                md = md or doc:metadata()
                found = meta_found(md, d)
            else
                local k = at[d]
                if errors[k] then warn(set, r, fmt("detect[%d]", i), errors[k]) end
                local v = values[k]
                found = v and (type(v) ~= "table" or #v > 0)
            end
            if not found then ok = false; break end
        end
        if ok then return r end
    end
    return nil
end


-- The rules a host gives, best first: Lua rules for the host or a parent
-- domain (suffix match at a dot, `also` sister domains), then the
-- Full-Text RSS file FTR would read (see ftr_for).
local function host_candidates(set, host)
    local candidates, seen = {}, {}
    local h = host
    while h do
        for _, r in ipairs(set.by_host[h] or {}) do
            if not seen[r] then seen[r] = true; candidates[#candidates + 1] = r end
        end
        h = h:match("^[^.]+%.(.+)$")
    end
    sort(candidates, function(a, b) return a.pos < b.pos end)
    return candidates
end

--- The Full-Text RSS site config for a host, as FTR finds it: the file
--- named after the host, then after the host without "www.", then
--- ".<parent>.txt" for each parent domain (".example.com.txt" serves
--- news.example.com, not example.com itself).  Returns rule or nil.
local function ftr_for(set, host)
    local files = set.ftr
    if not files or not host then return nil end
    local r = files[host]
    if r then return r end
    local h = host:gsub("^www%.", "")
    r = files[h]
    if r then return r end
    h = h:match("^[^.]+%.(.+)$")
    while h and h:find(".", 1, true) do
        r = files["." .. h]
        if r then return r end
        h = h:match("^[^.]+%.(.+)$")
    end
    return nil
end
M.ftr_for = ftr_for

-- The first rule of the host that fits the page: its URL patterns (when
-- it has a URL) and its detect selectors; an FTR file when no Lua rule
-- fits.  `tried` collects the rules looked at.
local function by_host(set, host, url, doc, tried, md)
    local toks = page_tokens(set, md)
    local fit, fallback = {}, nil
    for _, r in ipairs(host_candidates(set, host)) do
        tried[r] = true
        local ok = #r.match == 0
        for i, p in ipairs(r.match) do
            -- bounded: the URL is the caller's (sandbox.find)
            local fine, hit = pcall(sandbox.find, url or "", p)
            if not fine then
                warn(set, r, fmt("match[%d]", i), hit)
            elseif hit then
                ok = true
                break
            end
        end
        if ok and #r.detect == 0 then
            fallback = r    -- fits whatever the page holds
            break
        end
        if ok and doc and tokens_ok(r, toks) then fit[#fit + 1] = r end
    end
    return first_detected(set, fit, doc, md) or fallback or ftr_for(set, host)
end

-- The page's own address: its canonical link, else og:url.
local function page_host(doc, opts)
    local md = opts.metadata
    if not md then
        if not (doc and doc.metadata) then return nil end
        md = doc:metadata()
    end
    local u = md.canonical
    if not host_of(u) then u = md.meta and md.meta["og:url"] and md.meta["og:url"][1] end
    return host_of(u), u
end

-- detect over every rule that has one, those whose class/id tokens the
-- page lacks skipped unseen (md.tokens, or doc:tokens: one C call).
local function by_detect(set, doc, tried, md)
    local candidates
    if type(doc) == "userdata" or (type(doc) == "table" and doc.tokens) then
        local toks = page_tokens(set, md) or doc:tokens(set.by_token)
        local hits = {}
        candidates = {}
        for tok in pairs(toks) do
            for _, r in ipairs(set.by_token[tok] or {}) do
                local n = (hits[r] or 0) + 1
                hits[r] = n
                if n == #r.tokens and not tried[r] then candidates[#candidates + 1] = r end
            end
        end
        for _, r in ipairs(set.untokened) do
            if not tried[r] then candidates[#candidates + 1] = r end
        end
        sort(candidates, function(a, b) return a.pos < b.pos end)
    else
        candidates = {}
        for _, r in ipairs(set.rules) do
            if #r.detect > 0 and not tried[r] then candidates[#candidates + 1] = r end
        end
    end
    return first_detected(set, candidates, doc, md)
end

--- The rule for a page, the same for every caller (API, CLI, nginx):
--- 1. the URL's host (Lua rules for it, then its Full-Text RSS file);
--- 2. the host of the page's canonical link or og:url, the same way;
--- 3. `detect` over all rules.  A URL that names no rule (a proxy's own
--- address) therefore still lets the page pick its rule.
--- opts: metadata (doc:metadata(), when the caller has it: not rebuilt).
--- Returns rule, how ("url", "canonical" or "detect") or nil.
function M.match(set, url, doc, opts)
    if url ~= nil and type(url) ~= "string" then
        error("set:match: url must be a string or nil, got " .. type(url), 2)
    end
    if type(opts) ~= "table" then opts = {} end
    local tried = {}
    local host = host_of(url)
    if host then
        local r = by_host(set, host, url, doc, tried, opts.metadata)
        if r then return r, "url" end
    end
    if doc then
        local ch, cu = page_host(doc, opts)
        if ch and ch ~= host then
            local r = by_host(set, ch, cu, doc, tried, opts.metadata)
            if r then return r, "canonical" end
        end
        local r = by_detect(set, doc, tried, opts.metadata)
        if r then return r, "detect" end
    end
    return nil
end

-- The trimmed lines of a text dump.
local function text_lines(text)
    local lines = {}
    for line in text:gmatch("[^\r\n]+") do
        lines[#lines + 1] = line:gsub("^%s+", ""):gsub("%s+$", "")
    end
    return lines
end

local function any_line(lines, patterns, bfind)
    if type(patterns) == "string" then patterns = { patterns } end
    for _, p in ipairs(patterns) do
        for _, l in ipairs(lines) do
            local fine, hit = pcall(bfind, l, p)
            if fine and hit then return true end
        end
    end
    return false
end

--- The rule for a flat text dump: only rules with a `text` section.  With
--- a URL, the first such rule for the host; without, the first whose
--- text section's `start` and `stop` patterns (those it has; at least
--- one) each match some line of the text.  Returns rule or nil.
function M.match_text(set, url, text)
    if url ~= nil and type(url) ~= "string" then
        error("set:match_text: url must be a string or nil, got " .. type(url), 2)
    end
    if type(text) ~= "string" then
        error("set:match_text: text must be a string, got " .. type(text), 2)
    end
    local host = host_of(url)
    if host then
        local h = host
        while h do
            for _, r in ipairs(set.by_host[h] or {}) do
                if type(r.text) == "table" then return r end
            end
            h = h:match("^[^.]+%.(.+)$")
        end
        return nil
    end
    local lines
    for _, r in ipairs(set.rules) do
        local t = r.text
        if type(t) == "table" and (t.start or t.stop) then
            lines = lines or text_lines(text)
            -- one pattern budget per rule for all the lines (sandbox.finder)
            local bfind = sandbox.finder(#text)
            if (not t.start or any_line(lines, t.start, bfind))
                and (not t.stop or any_line(lines, t.stop, bfind)) then
                return r
            end
        end
    end
    return nil
end

return M
