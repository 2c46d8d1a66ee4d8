-- SPDX-License-Identifier: MIT
-- newsextract.rule_set: a rule set -- its files, loading and reload.
--
-- A set is built from directories and files: every *.lua below a
-- directory is a Lua rule (sandboxed, validated by newsextract.rule_schema),
-- every *.txt a Full-Text RSS site config (newsextract.ftr).  reload()
-- rereads them, keeping the last good version of a file that broke.
-- Matching is newsextract.rule_match's; the methods are mixed in here.
local M = { _VERSION = "0.1.0" }

local sandbox = require "newsextract.sandbox"
local schema = require "newsextract.rule_schema"
local match = require "newsextract.rule_match"
local fsutil = require "newsextract.fsutil"

local type, pairs, ipairs, tostring, error =
    type, pairs, ipairs, tostring, error
local fmt, concat, sort, find = string.format, table.concat, table.sort, string.find
local build_rule = schema.build

-- The C core is required on first use, so that the schema and loading can be
-- exercised (and tested with a stand-in) without it.  opts.core overrides.
local core_mod
local function get_core(opts)
    if opts and opts.core then return opts.core end
    if not core_mod then core_mod = require "newsextract.core" end
    return core_mod
end

-- Rule files: Lua rules and Full-Text RSS site configs.  FTR's own names
-- start with a dot (".example.com.txt": the subdomains of example.com),
-- so a dot hides a folder, never a .txt file.
local function rule_file(name)
    return name:find("%.lua$") ~= nil or name:find("%.txt$") ~= nil
end

---------------------------------------------------------------------------
-- Files
---------------------------------------------------------------------------

local read_file = fsutil.read

-- Load, run (sandboxed) and validate one file's source.
-- Returns rule or nil, { messages }.
local function load_source(core, src, file, name, cache, limits)
    local env, str = sandbox.env(limits)
    local chunk, err = sandbox.load(src, "@" .. file, env)
    if not chunk then return nil, { err } end
    local box = { string = str, limits = limits }
    local ok, t = sandbox.call(box, chunk)
    if not ok then
        -- "rules/x.lua:12: msg" from the sandbox reads "rules/x.lua: line 12: msg"
        local msg = tostring(t):gsub("^" .. file:gsub("%p", "%%%0") .. ":", "line ")
        return nil, { fmt("%s: %s", file, msg) }
    end
    local errs = {}
    local rule = build_rule(core, t, file, name, cache, errs)
    if #errs > 0 or not rule then return nil, errs end
    rule.box = box
    return rule
end

-- The rule files below root (fsutil.files: links followed), skipping
-- folders whose name starts with a dot; once per load or reload, never
-- per request.
local function list_dir(root)
    return fsutil.files(root, function(rel, name)
        return rule_file(name) and not find("/" .. rel, "/%.[^/]*/")
            and (name:sub(1, 1) ~= "." or name:find("%.txt$") ~= nil)
    end)
end

---------------------------------------------------------------------------
-- Rule sets
---------------------------------------------------------------------------

local Set = {}
Set.__index = Set

local function order(a, b)
    if a.priority ~= b.priority then return a.priority > b.priority end
    if (#a.detect > 0) ~= (#b.detect > 0) then return #a.detect > 0 end
    return a.file < b.file
end

-- Rebuild the indexes: host -> rules, token -> rules.
local function index(set)
    local list = {}
    for _, path in ipairs(set.paths) do
        local e = set.files[path]
        local rule = e and (e.rule or e.kept)
        if rule and not e.shadowed then list[#list + 1] = rule end
    end
    local ftr_files, lua_rules, global = {}, {}, nil
    for _, r in ipairs(list) do
        if r.ftr then
            if r.ftr == "global" then global = global or r
            else ftr_files[r.ftr] = ftr_files[r.ftr] or r end
        else
            lua_rules[#lua_rules + 1] = r
        end
    end
    list = lua_rules
    sort(list, order)
    local by_host, by_token, untokened, by_name = {}, {}, {}, {}
    for _, r in pairs(ftr_files) do
        by_name[r.name] = r
        r.global = global
    end
    -- each rule as doc:apply takes it, built now rather than on a page
    local spec_of = require("newsextract.rule_apply").spec_of
    for pos, r in ipairs(list) do
        r.pos = pos
        spec_of(r)
        by_name[r.name] = by_name[r.name] or r
        for _, h in ipairs(r.hosts) do
            by_host[h] = by_host[h] or {}
            local l = by_host[h]
            l[#l + 1] = r
        end
        if #r.detect > 0 then
            if #r.tokens > 0 then
                for _, t in ipairs(r.tokens) do
                    by_token[t] = by_token[t] or {}
                    local l = by_token[t]
                    l[#l + 1] = r
                end
            else
                untokened[#untokened + 1] = r
            end
        end
    end
    set.rules, set.by_host, set.by_token, set.untokened, set.by_name =
        list, by_host, by_token, untokened, by_name
    set.ftr, set.ftr_global = ftr_files, global
end

-- Display name of a file inside a set: "<dir's last part>/<relative path>",
-- so messages read "rules/reuters/2017.lua: ..." wherever the set lives.
local function display(root, rel)
    local base = root:gsub("/+$", ""):match("([^/]+)$") or root
    return base .. "/" .. rel
end

-- The files the set's sources name now: path -> { display name, rule name }.
local function list_sources(set, errors)
    local paths, shown = {}, {}
    for _, src in ipairs(set.sources) do
        if src.dir then
            local files, err = list_dir(src.dir)
            if not files then
                errors[#errors + 1] = err
            else
                for _, rel in ipairs(files) do
                    local p = src.dir .. "/" .. rel
                    paths[#paths + 1] = p
                    shown[p] = { display(src.dir, rel), (rel:gsub("%.%a+$", "")) }
                end
            end
        else
            paths[#paths + 1] = src.file
            shown[src.file] = { src.file, (src.file:match("([^/]+)%.%a+$") or src.file) }
        end
    end
    return paths, shown
end

-- One file compiled: a Lua rule (sandboxed), or an FTR site config, which
-- always loads (its bad lines are warnings).  Returns rule, errors, warnings.
local function compile_file(set, p, src, shown)
    if p:find("%.txt$") then
        local ftr = require "newsextract.ftr"
        local rule, warnings = ftr.compile(set.core, src, shown[1], set.cache)
        return rule, nil, warnings
    end
    return load_source(set.core, src, shown[1], shown[2], set.cache, set.limits)
end

-- (Re)read every file of the set; reuse compiled rules whose source did not
-- change.  A file that fails now but loaded before keeps its last good
-- rule, with a message saying so.  Returns counts: added, changed,
-- removed, unchanged, failed (files that did not load: new ones, and
-- changed or unreadable ones running on their last good version).
local function refresh(set)
    local errors = {}
    local paths, shown = list_sources(set, errors)
    local counts = { added = 0, changed = 0, removed = 0, unchanged = 0, failed = 0 }
    local files, seen = {}, {}
    for _, p in ipairs(paths) do
        if not seen[p] then
            seen[p] = true
            local old = set.files[p]
            local src, rerr = read_file(p)
            local e
            if src and old and old.src == src then
                e = old
                counts.unchanged = counts.unchanged + 1
            else
                e = { src = src }
                if src then
                    e.rule, e.errors, e.warnings = compile_file(set, p, src, shown[p])
                else
                    e.errors = { shown[p][1] .. ": cannot read: " .. tostring(rerr) }
                end
                local good = old and (old.rule or old.kept)
                if e.rule then
                    local k = old and "changed" or "added"
                    counts[k] = counts[k] + 1
                else
                    counts.failed = counts.failed + 1
                    if good then
                        e.kept = good
                        e.errors[#e.errors + 1] = shown[p][1] ..
                            ": kept the last good version of this file"
                    end
                end
            end
            files[p] = e
        end
    end
    for p in pairs(set.files) do
        if not files[p] then counts.removed = counts.removed + 1 end
    end
    set.files, set.paths = files, {}
    -- Two files giving the same template name: the later one is an error
    -- and is left out.
    local done, names, warnings = {}, {}, {}
    for _, p in ipairs(paths) do
        if files[p] and not done[p] then
            done[p] = true
            set.paths[#set.paths + 1] = p
            local e = files[p]
            for _, m in ipairs(e.errors or {}) do errors[#errors + 1] = m end
            for _, m in ipairs(e.warnings or {}) do warnings[#warnings + 1] = m end
            local rule = e.rule or e.kept
            if rule then
                local other = names[rule.name]
                if other then
                    errors[#errors + 1] = fmt("%s: template %q already used by %s",
                        rule.file, rule.name, other)
                    e.shadowed = true
                else
                    names[rule.name] = rule.file
                    e.shadowed = nil
                end
            end
        end
    end
    set.errors, set.warnings, set.load_warnings = errors, warnings, #warnings
    index(set)
    return counts
end

--- Load a rule set from a directory (every *.lua and *.txt below it) or a list of
--- files and directories.  Returns the set (with set.errors listing the
--- files that failed) or nil, message when nothing could be listed.
--- opts: core (stand-in for newsextract.core), limits (sandbox limits).
function M.load(what, opts)
    if type(what) ~= "string" and type(what) ~= "table" then
        error("rules.load: expected a directory or a list of paths, got " .. type(what), 2)
    end
    if opts ~= nil and type(opts) ~= "table" then
        error("rules.load: opts must be a table", 2)
    end
    opts = opts or {}
    local items = type(what) == "string" and { what } or what
    local sources = {}
    for i, p in ipairs(items) do
        if type(p) ~= "string" then
            error(fmt("rules.load: paths[%d]: expected a string, got %s", i, type(p)), 2)
        end
        p = p:gsub("/+$", "")
        if p:find("%.lua$") or p:find("%.txt$") then
            sources[#sources + 1] = { file = p }
        else
            sources[#sources + 1] = { dir = p }
        end
    end
    local set = setmetatable({
        sources = sources, files = {}, paths = {}, cache = {},
        core = get_core(opts), limits = opts.limits,
    }, Set)
    refresh(set)
    if #set.rules == 0 and #set.errors > 0 and #set.paths == 0 then
        return nil, concat(set.errors, "; ")
    end
    return set
end

--- Re-read the set's files: added files are loaded, changed ones reloaded,
--- removed ones dropped; a file that no longer loads keeps its last good
--- version (set.errors says so).  Returns { added=, changed=, removed=,
--- unchanged=, failed= }.
function Set:reload()
    return refresh(self)
end

function Set:get(name)
    return self.by_name[name]
end
Set.match = match.match
Set.match_text = match.match_text
M.Set = Set
M.list_dir = list_dir
return M
