-- SPDX-License-Identifier: MIT
-- newsextract.rules: site rules -- loading, validating, choosing, applying.
--
-- A rule file (rules/<site>/<template>.lua) is data: it returns one table,
-- is loaded as text in a sandbox (newsextract.sandbox) and validated against
-- the schema below.  A bad file is reported in `set.errors` and never stops
-- the others from loading.  rules/README.md is the editors' guide.
--
--   local set = rules.load("rules")        -- or rules.load({ "a.lua", "dir" })
--   set:reload()                           -- picks up added/changed/removed files
--   local rule = set:match(url, doc, { raw = html })
--   local f = rules.apply(rule, doc, { url = url })   -- fields + blocks + notes
local M = { _VERSION = "0.1.0" }

local sandbox = require "newsextract.sandbox"
local fields = require "newsextract.fields"

local type, pairs, ipairs, tostring, error, pcall, select =
    type, pairs, ipairs, tostring, error, pcall, select
local fmt, concat, sort = string.format, table.concat, table.sort
local jit = rawget(_G, "jit")

-- The C core is required on first use, so that the schema and loading can be
-- exercised (and tested with a stand-in) without it.  opts.core overrides.
local core_mod
local function get_core(opts)
    if opts and opts.core then return opts.core end
    if not core_mod then core_mod = require "newsextract.core" end
    return core_mod
end

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
    rule = "string",
}
local TEST_FIELD_TYPES = {
    title = "string", section = "string", description = "string",
    lead_image = "string", dateline = "string", published = "string",
    modified = "string", credits = "string", authors = "strings",
    captions = "strings", reading_time = "number",
}

-- Edit distance, for "did you mean" on unknown keys (keys are short).
local function distance(a, b)
    local prev = {}
    for j = 0, #b do prev[j] = j end
    for i = 1, #a do
        local cur = { [0] = i }
        for j = 1, #b do
            local cost = (a:byte(i) == b:byte(j)) and 0 or 1
            cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        end
        prev = cur
    end
    return prev[#b]
end

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

-- Compile one selector entry of a rule into
-- { source=, xpath=<compiled>, kind="xpath"|"meta", attr=, ... }.
-- Returns the record or nil, message (message without the `where`).
local function compile_selector(core, entry, field, cache)
    local rec = {}
    if type(entry) == "string" then
        rec.source = entry
    elseif type(entry) == "table" then
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
        for k, v in pairs(entry) do if k ~= 1 then rec[k] = v end end
        rec.source = entry[1] or entry.css or entry.xpath
        rec.css, rec.xpath = nil, nil
        if entry.xpath then rec.force_xpath = true end
        if entry.css then rec.force_css = true end
    else
        return nil, "expected a selector (string or table), got " .. typename(entry)
    end

    if (rec.format or rec.timezone) and FIELDS[field] ~= "date" then
        return nil, "format/timezone: only for published and modified"
    end
    if rec.format then
        local ok, msg = fields.check_format(rec.format)
        if not ok then return nil, "format: " .. msg end
    end
    if rec.timezone and not fields.timezone_known(rec.timezone) then
        return nil, "timezone: unknown zone " .. fmt("%q", rec.timezone)
    end
    if rec.pattern then
        local perr = check_pattern(rec.pattern)
        if perr then return nil, "pattern: " .. perr end
    end
    if rec.replace then
        local list = rec.replace
        if type(list[1]) == "string" then list = { list } end
        for i, pair in ipairs(list) do
            if type(pair) ~= "table" or type(pair[1]) ~= "string" or type(pair[2]) ~= "string" then
                return nil, fmt("replace[%d]: expected { pattern, replacement } strings", i)
            end
            local perr = check_pattern(pair[1])
            if perr then return nil, fmt("replace[%d]: pattern: %s", i, perr) end
        end
        rec.replace = list
    end

    if entry.meta then
        rec.kind, rec.meta = "meta", entry.meta:lower()
        return rec
    end

    local src = rec.source
    local xp_form = rec.force_xpath or (not rec.force_css and is_xpath(src))
    local xpath_text = src
    if not xp_form then
        local x, err = core.css(src)
        if not x then return nil, err end
        xpath_text = x
    end
    local compiled = cache[xpath_text]
    if not compiled then
        local c, err = core.xpath(xpath_text)
        if not c then
            err = tostring(err)
            if not err:find("^xpath") then err = "xpath: " .. err end
            return nil, err
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

---------------------------------------------------------------------------
-- Files
---------------------------------------------------------------------------

local function read_file(path)
    local f, err = io.open(path, "rb")
    if not f then return nil, err end
    local s = f:read("*a")
    f:close()
    return s
end

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

-- Listing a directory: Lua has no way, and there is no lfs.  On LuaJIT
-- (the nginx case) use libc's opendir/readdir through the FFI; elsewhere
-- run `find`, once per load or reload (not per request).
local list_dir
do
    local ok_ffi, ffi = pcall(require, "ffi")
    if jit and ok_ffi then
        local dirent
        if ffi.os == "OSX" then
            ffi.cdef [[
                typedef struct nx_dirent {
                    uint64_t d_ino; uint64_t d_seekoff; uint16_t d_reclen;
                    uint16_t d_namlen; uint8_t d_type; char d_name[1024];
                } nx_dirent;
            ]]
            dirent = "readdir"
        else
            -- glibc's readdir64 and musl's readdir both return this layout.
            ffi.cdef [[
                typedef struct nx_dirent {
                    uint64_t d_ino; int64_t d_off; unsigned short d_reclen;
                    unsigned char d_type; char d_name[256];
                } nx_dirent;
            ]]
            dirent = pcall(function() return ffi.C.readdir64 end) and "readdir64" or "readdir"
        end
        pcall(ffi.cdef, "typedef struct nx_DIR nx_DIR;"
            .. "nx_DIR *opendir(const char *name);"
            .. "int closedir(nx_DIR *d);"
            .. "nx_dirent *" .. dirent .. "(nx_DIR *d);")
        local C = ffi.C
        local readdir = C[dirent]
        local function entries(dir)
            local d = C.opendir(dir)
            if d == nil then return nil end
            local out = {}
            while true do
                local e = readdir(d)
                if e == nil then break end
                out[#out + 1] = { ffi.string(e.d_name), e.d_type }
            end
            C.closedir(d)
            return out
        end
        list_dir = function(root)
            local files, stack = {}, { "" }
            if not entries(root) then return nil, root .. ": cannot open directory" end
            while #stack > 0 do
                local rel = table.remove(stack)
                for _, e in ipairs(entries(root .. "/" .. rel) or {}) do
                    local name, dt = e[1], e[2]
                    if name:sub(1, 1) ~= "." then
                        local r = rel == "" and name or (rel .. "/" .. name)
                        if dt == 4 or ((dt == 0 or dt == 10) and entries(root .. "/" .. r)) then
                            stack[#stack + 1] = r
                        elseif name:find("%.lua$") then
                            files[#files + 1] = r
                        end
                    end
                end
            end
            sort(files)
            return files
        end
    else
        list_dir = function(root)
            local f = io.open(root, "rb")
            if not f then return nil, root .. ": cannot open directory" end
            f:close()
            local q = "'" .. root:gsub("'", "'\\''") .. "'"
            local p = io.popen("find -L " .. q .. " -name '*.lua' -type f 2>/dev/null")
            if not p then return nil, root .. ": cannot list (io.popen unavailable)" end
            local files = {}
            for line in p:lines() do
                local r = line:sub(#root + 2)
                if r ~= "" and not ("/" .. r):find("/%.") then files[#files + 1] = r end
            end
            p:close()
            sort(files)
            return files
        end
    end
end
M._list_dir = list_dir

---------------------------------------------------------------------------
-- Rule sets
---------------------------------------------------------------------------

local Set = {}
Set.__index = Set

local function host_of(url)
    if type(url) ~= "string" then return nil end
    local h = url:match("^%a[%w+.-]*://([^/?#]*)") or url:match("^//([^/?#]*)")
    if not h then return nil end
    h = h:gsub("^.*@", ""):gsub(":%d*$", ""):gsub("%.$", ""):lower()
    if h == "" then return nil end
    return h
end
M.host_of = host_of

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
        if e and e.rule and not e.shadowed then list[#list + 1] = e.rule end
    end
    sort(list, order)
    local by_host, by_token, untokened, by_name = {}, {}, {}, {}
    for pos, r in ipairs(list) do
        r.pos = pos
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
end

-- Display name of a file inside a set: "<dir's last part>/<relative path>",
-- so messages read "rules/reuters/2017.lua: ..." wherever the set lives.
local function display(root, rel)
    local base = root:gsub("/+$", ""):match("([^/]+)$") or root
    return base .. "/" .. rel
end

-- (Re)read every file of the set; reuse compiled rules whose source did not
-- change.  Returns counts.
local function refresh(set)
    local paths, shown = {}, {}
    local errors = {}
    for _, src in ipairs(set.sources) do
        if src.dir then
            local files, err = list_dir(src.dir)
            if not files then
                errors[#errors + 1] = err
            else
                for _, rel in ipairs(files) do
                    local p = src.dir .. "/" .. rel
                    paths[#paths + 1] = p
                    shown[p] = { display(src.dir, rel), rel:gsub("%.lua$", "") }
                end
            end
        else
            paths[#paths + 1] = src.file
            shown[src.file] = { src.file, (src.file:match("([^/]+)%.lua$") or src.file) }
        end
    end
    local counts = { added = 0, changed = 0, removed = 0, unchanged = 0 }
    local files, seen = {}, {}
    local core = set.core
    for _, p in ipairs(paths) do
        if not seen[p] then
            seen[p] = true
            local old = set.files[p]
            local src, rerr = read_file(p)
            local e = { src = src }
            if not src then
                e.errors = { shown[p][1] .. ": cannot read: " .. tostring(rerr) }
            elseif old and old.src == src then
                e = old
                counts.unchanged = counts.unchanged + 1
            else
                local rule, errs = load_source(core, src, shown[p][1], shown[p][2], set.cache, set.limits)
                e.rule, e.errors = rule, errs
                if old then counts.changed = counts.changed + 1 else counts.added = counts.added + 1 end
            end
            files[p] = e
        end
    end
    for p in pairs(set.files) do
        if not files[p] then counts.removed = counts.removed + 1 end
    end
    set.files, set.paths = files, {}
    local errors_by = {}
    -- Two files giving the same template name: the later one is an error
    -- and is left out.
    local names = {}
    for _, p in ipairs(paths) do
        if files[p] and not errors_by[p] then
            errors_by[p] = true
            set.paths[#set.paths + 1] = p
            local e = files[p]
            for _, m in ipairs(e.errors or {}) do errors[#errors + 1] = m end
            if e.rule then
                local other = names[e.rule.name]
                if other then
                    errors[#errors + 1] = fmt("%s: template %q already used by %s",
                        e.rule.file, e.rule.name, other)
                    e.shadowed = true
                else
                    names[e.rule.name] = e.rule.file
                    e.shadowed = nil
                end
            end
        end
    end
    set.errors = errors
    index(set)
    return counts
end

--- Load a rule set from a directory (every *.lua below it) or a list of
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
        if p:find("%.lua$") then
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
--- removed ones dropped.  Returns { added=, changed=, removed=, unchanged= }.
function Set:reload()
    return refresh(self)
end

function Set:get(name)
    return self.by_name[name]
end

-- A problem met while matching (a detect XPath over its operation limit,
-- a URL pattern over its step budget): kept in set.warnings, at most 64,
-- each naming the rule file.
local function warn(set, rule, what, msg)
    local w = set.warnings
    if not w then w = {}; set.warnings = w end
    if #w < 64 then w[#w + 1] = fmt("%s: %s: %s", rule.file, what, tostring(msg)) end
end

-- Does every detect selector of `rule` find something in `doc`?
local function detected(rule, doc, set)
    for i, d in ipairs(rule.detect) do
        local found
        if d.kind == "meta" then
            local md = doc:metadata()
            found = md.meta and md.meta[d.meta] and md.meta[d.meta][1] ~= nil
        else
            local r, err = doc:select(d.xpath, d.attr, true)
            if r == nil and err and set then warn(set, rule, fmt("detect[%d]", i), err) end
            found = r ~= nil and (type(r) ~= "table" or #r > 0)
        end
        if not found then return false end
    end
    return true
end

-- Class and id tokens of the raw page, lower-cased, plus each class token
-- cut at every '_' (so "x_1gnla", a CSS-module hash suffix, also gives "x").
-- Found with plain searches for `class=` / `id=` (memchr speed), not a
-- pattern scan of the whole page; the page is only lower-cased when it
-- writes attribute names in capitals.  A necessary condition only: what
-- it lets through still has to pass the detect XPath.
local function page_tokens(raw)
    local low = raw
    if raw:find("CLASS", 1, true) or raw:find("Class", 1, true)
        or raw:find("ID", 1, true) or raw:find("Id", 1, true) then
        low = raw:lower()
    end
    local set, seen = {}, {}
    local find, match, sub, lower = string.find, string.match, string.sub, string.lower
    for _, key in ipairs({ "class=", "class =", "id=", "id =" }) do
        local pos, n = 1, #key
        local is_class = key:sub(1, 1) == "c"
        while true do
            local s = find(low, key, pos, true)
            if not s then break end
            pos = s + n
            local before = sub(low, s - 1, s - 1)
            if before == " " or before == "\t" or before == "\n" or before == "\r"
                or before == "\"" or before == "'" or before == "/" then
                local v = match(low, "^%s*\"([^\"]*)\"", pos)
                    or match(low, "^%s*'([^']*)'", pos)
                    or match(low, "^%s*([^%s\"'>]+)", pos)
                if v and not seen[v] then
                    seen[v] = true
                    for tok in v:gmatch("%S+") do
                        tok = lower(tok)
                        set[tok] = true
                        if is_class then
                            local i = 1
                            while true do
                                local u = find(tok, "_", i, true)
                                if not u then break end
                                set[sub(tok, 1, u - 1)] = true
                                i = u + 1
                            end
                        end
                    end
                end
            end
        end
    end
    return set
end
M._page_tokens = page_tokens

--- The rule for a page: by host first (suffix match on the URL's host,
--- `also` sister domains, `match` URL patterns), then the rule's `detect`
--- on the document.  Without a URL every rule's detect is tried, those
--- whose class/id tokens are missing from opts.raw skipped unseen.
--- Returns rule or nil.
function Set:match(url, doc, opts)
    if url ~= nil and type(url) ~= "string" then
        error("set:match: url must be a string or nil, got " .. type(url), 2)
    end
    if type(opts) == "string" then opts = { raw = opts } end  -- match(url, doc, raw)
    opts = opts or {}
    local host = host_of(url)
    if host then
        local candidates, seen = {}, {}
        local h = host
        while h do
            for _, r in ipairs(self.by_host[h] or {}) do
                if not seen[r] then seen[r] = true; candidates[#candidates + 1] = r end
            end
            h = h:match("^[^.]+%.(.+)$")
        end
        sort(candidates, function(a, b) return a.pos < b.pos end)
        for _, r in ipairs(candidates) do
            local ok = #r.match == 0
            for i, p in ipairs(r.match) do
                -- bounded: the URL is the caller's (sandbox.find)
                local fine, hit = pcall(sandbox.find, url, p)
                if not fine then
                    warn(self, r, fmt("match[%d]", i), hit)
                elseif hit then
                    ok = true
                    break
                end
            end
            if ok and (#r.detect == 0 or (doc and detected(r, doc, self))) then return r end
        end
        return nil
    end
    if not doc then return nil end
    local candidates
    local toks
    if type(doc) == "userdata" or (type(doc) == "table" and doc.tokens) then
        -- the parsed page's class and id tokens, those some rule needs
        toks = doc:tokens(self.by_token)
    elseif type(opts.raw) == "string" then
        toks = page_tokens(opts.raw)
    end
    if toks then
        local hits = {}
        candidates = {}
        for tok in pairs(toks) do
            for _, r in ipairs(self.by_token[tok] or {}) do
                local n = (hits[r] or 0) + 1
                hits[r] = n
                if n == #r.tokens then candidates[#candidates + 1] = r end
            end
        end
        for _, r in ipairs(self.untokened) do candidates[#candidates + 1] = r end
        sort(candidates, function(a, b) return a.pos < b.pos end)
    else
        candidates = {}
        for _, r in ipairs(self.rules) do
            if #r.detect > 0 then candidates[#candidates + 1] = r end
        end
    end
    for _, r in ipairs(candidates) do
        if detected(r, doc, self) then return r end
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
function Set:match_text(url, text)
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
            for _, r in ipairs(self.by_host[h] or {}) do
                if type(r.text) == "table" then return r end
            end
            h = h:match("^[^.]+%.(.+)$")
        end
        return nil
    end
    local lines
    for _, r in ipairs(self.rules) do
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

---------------------------------------------------------------------------
-- Applying a rule
---------------------------------------------------------------------------

local collapse = fields.collapse

-- Run the selector's clean-up on one raw value; nil when nothing is left.
local function clean(rule, sel, v, ctx, notes)
    if type(v) ~= "string" then return nil end
    v = collapse(v)
    if not v then return nil end
    if sel.trim_prefix and v:sub(1, #sel.trim_prefix) == sel.trim_prefix then
        v = collapse(v:sub(#sel.trim_prefix + 1))
        if not v then return nil end
    end
    -- pattern and replace run bounded (sandbox.find/gsub): the value is
    -- page text, and a backtracking pattern stops with a note
    if sel.pattern then
        local fine, s, e, cap = pcall(sandbox.find, v, sel.pattern)
        if not fine then
            notes[#notes + 1] = fmt("%s.pattern: %s", sel.where, tostring(s))
            return nil
        end
        if not s then return nil end
        v = collapse(cap or v:sub(s, e))
        if not v then return nil end
    end
    if sel.replace then
        for i, pair in ipairs(sel.replace) do
            local fine, r = pcall(sandbox.gsub, v, pair[1], pair[2])
            if not fine then
                notes[#notes + 1] = fmt("%s.replace[%d]: %s", sel.where, i, tostring(r))
                return nil
            end
            v = r
        end
        v = collapse(v)
        if not v then return nil end
    end
    if sel.transform then
        local ok, res = sandbox.run(rule.box, sel.transform, v, ctx)
        if not ok then
            notes[#notes + 1] = fmt("%s.transform: %s", sel.where, tostring(res))
            return nil
        end
        if type(res) == "table" then
            local out = {}
            for _, x in ipairs(res) do
                x = type(x) == "string" and collapse(x) or nil
                if x then out[#out + 1] = x end
            end
            return #out > 0 and out or nil
        end
        if type(res) == "number" then res = tostring(res) end
        v = type(res) == "string" and collapse(res) or nil
    end
    return v
end

-- Raw values of one selector: a list (possibly empty).
local function raw_values(sel, doc, ctx, all)
    if sel.kind == "meta" then
        -- keys normalised as meta.lua reads them ("og:title twitter:title")
        ctx.meta = ctx.meta or require("newsextract.meta").meta_table(doc:metadata().meta)
        local vals = ctx.meta[sel.meta] or {}
        if all then return vals end
        return { vals[1] }
    end
    local r = doc:select(sel.xpath, sel.attr, all or nil)
    if r == nil then return {} end
    if type(r) == "table" then return r end
    return { r }
end

local function values(rule, sel, doc, ctx, notes, all)
    local out = {}
    for _, raw in ipairs(raw_values(sel, doc, ctx, all)) do
        local v = clean(rule, sel, raw, ctx, notes)
        if type(v) == "table" then
            for _, x in ipairs(v) do out[#out + 1] = x end
        elseif v then
            out[#out + 1] = v
        end
    end
    return out
end

-- "//host/x" and "/x" made absolute against the page URL.
local function absolute(u, base)
    -- the one URL resolution (C, honouring <base>): core.resolve
    return get_core().resolve(u, base)
end

local EXTRACT = {}
function EXTRACT.text(rule, list, doc, ctx, notes)
    for _, sel in ipairs(list) do
        local v = values(rule, sel, doc, ctx, notes)[1]
        if v then return v end
    end
end
function EXTRACT.url(rule, list, doc, ctx, notes)
    local v = EXTRACT.text(rule, list, doc, ctx, notes)
    if v and ctx.base == nil then
        ctx.base = doc:metadata().base or ctx.url or false   -- on first use
    end
    return v and absolute(v, ctx.base or nil)
end
function EXTRACT.authors(rule, list, doc, ctx, notes)
    for _, sel in ipairs(list) do
        local vals = values(rule, sel, doc, ctx, notes, sel.all)
        if #vals > 0 then
            local names = fields.authors(#vals == 1 and vals[1] or vals)
            if names and #names > 0 then return names end
        end
    end
end
function EXTRACT.date(rule, list, doc, ctx, notes, field)
    for _, sel in ipairs(list) do
        local v = values(rule, sel, doc, ctx, notes)[1]
        if v then
            local d = fields.date(v, sel.format, sel.timezone)
            if d then return d end
            notes[#notes + 1] = fmt("%s: %s: cannot read %q as a date", sel.where, field, v)
        end
    end
end
-- Every match is looked at, last first: the credits line closes a story,
-- so a selector may name all the body's paragraphs.
function EXTRACT.credits(rule, list, doc, ctx, notes)
    for _, sel in ipairs(list) do
        local vals = values(rule, sel, doc, ctx, notes, sel.all ~= false)
        for i = #vals, 1, -1 do
            local c = fields.credits(vals[i])
            if c then return c end
        end
    end
end
function EXTRACT.list(rule, list, doc, ctx, notes)
    for _, sel in ipairs(list) do
        local vals = values(rule, sel, doc, ctx, notes, sel.all ~= false)
        if #vals > 0 then
            -- a slideshow repeats its captions; keep the first of each
            local out, seen = {}, {}
            for _, v in ipairs(vals) do
                if not seen[v] then seen[v] = true; out[#out + 1] = v end
            end
            return out
        end
    end
end
function EXTRACT.minutes(rule, list, doc, ctx, notes)
    for _, sel in ipairs(list) do
        local v = values(rule, sel, doc, ctx, notes)[1]
        if v then
            -- "5 Min Read", or a bare count; the same 1..999 bound either way,
            -- so a stray digit run never prints as 1e+20 or 0 minutes
            local n = fields.reading_time(v) or (v:find("^%d+$") and tonumber(v))
            if n and n >= 1 and n < 1000 then return math.floor(n) end
            notes[#notes + 1] = fmt("%s: reading_time: cannot read %q", sel.where, v)
        end
    end
end

local APPLY_ORDER = { "title", "authors", "published", "modified", "section",
    "dateline", "credits", "captions", "lead_image", "description", "reading_time" }

--- Apply a rule to a parsed document.  Returns a table of the fields found
--- (missing ones nil; authors and captions arrays), `blocks` (the body, from
--- doc:content after the rule's strip list was removed with doc:strip --
--- the document is changed), `rule` (its name) and `notes` (problems met
--- on the way: a transform that failed, a date not read).  Also returned
--- as the second value: notes.
--- opts: url (the page's URL, for transforms and absolute image URLs).
function M.apply(rule, doc, opts)
    if type(rule) ~= "table" or not rule.fields then
        error("rules.apply: expected a rule from a rule set, got " .. type(rule), 2)
    end
    if doc == nil then error("rules.apply: expected a document", 2) end
    opts = opts or {}
    local notes = {}
    local ctx = { url = opts.url, rule = rule.name }
    local out = { rule = rule.name, notes = notes }
    for _, field in ipairs(APPLY_ORDER) do
        local list = rule.fields[field]
        if list and #list > 0 then
            local ok, v = pcall(EXTRACT[FIELDS[field]], rule, list, doc, ctx, notes, field)
            if ok then out[field] = v
            else notes[#notes + 1] = fmt("%s: %s: %s", rule.file, field, tostring(v)) end
        end
    end
    out.authors = out.authors or {}
    local body = rule.fields.body
    if body and #body > 0 then
        -- Fields are read above, from the whole page; the strip list only
        -- shapes the body.  doc:strip changes the tree, so it runs last.
        for _, sel in ipairs(rule.strip) do
            local n, err = doc:strip(sel.xpath)
            if n == nil and err then notes[#notes + 1] = fmt("%s: %s", sel.where, tostring(err)) end
        end
        local xps = {}
        for i, sel in ipairs(body) do xps[i] = sel.xpath end
        local res, err = doc:content(xps)
        if res == nil and err then
            notes[#notes + 1] = fmt("%s: body: %s", rule.file, tostring(err))
        elseif res then
            out.blocks = res.blocks or res
            out.html = res.html
            local img = res.images and res.images[1]
            if not out.lead_image and img and img.src then
                out.lead_image = img.src   -- resolved by C already
            end
        end
    end
    out.blocks = out.blocks or {}
    out.captions = out.captions or {}
    return out, notes
end

---------------------------------------------------------------------------
-- The bundled set
---------------------------------------------------------------------------

--- Where the bundled rules are: $NX_RULES, else rules/ next to the lua/
--- folder this module was loaded from (the checkout layout).
function M.default_dir()
    local env = os.getenv("NX_RULES")
    if env and env ~= "" then return env end
    local src = debug.getinfo(1, "S").source
    local path = src:sub(1, 1) == "@" and src:sub(2) or ""
    -- where the bundled rules are, relative to this file: a checkout,
    -- `make install` (PREFIX/share/newsextract/rules), a luarocks tree
    local candidates = {}
    local root = path:match("^(.*)/lua/newsextract/rules%.lua$")
    if root then candidates[#candidates + 1] = root .. "/rules" end
    local prefix, ver = path:match("^(.*)/share/lua/([%d.]+)/newsextract/rules%.lua$")
    if prefix then
        candidates[#candidates + 1] = prefix .. "/share/newsextract/rules"
        candidates[#candidates + 1] = prefix .. "/lib/luarocks/rocks-" .. ver ..
            "/newsextract/scm-1/rules"
    end
    if path == "lua/newsextract/rules.lua" then candidates[#candidates + 1] = "rules" end
    for _, dir in ipairs(candidates) do
        local f = io.open(dir .. "/README.md", "rb")
        if f then
            f:close()
            return dir
        end
    end
    return candidates[1]
end

--- The bundled rule set (rules.load(rules.default_dir())).
function M.default(opts)
    local dir = M.default_dir()
    if not dir then return nil, "rules: cannot find the bundled rules (set NX_RULES)" end
    return M.load(dir, opts)
end

M.Set = Set
return M
