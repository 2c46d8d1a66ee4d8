-- SPDX-License-Identifier: MIT
-- newsextract.nginx_conf: the options newsextract.resty takes, checked in
-- one place, and `newsextract check-nginx CONF`, which finds the same
-- mistakes in a configuration before a reload.
--
-- Debian's lua-nginx-module does not run init_by_lua* under `nginx -t`, so
-- a misspelt option in configure() only shows when nginx starts.  The check
-- command reads the configuration (following `include`), finds every
-- *_by_lua_block and *_by_lua_file that uses newsextract.resty, runs its
-- Lua with a stand-in `ngx` and a stand-in resty module whose functions
-- validate their options with the same check() the real ones use, and
-- checks `set $newsextract_* ...;` values.  Pure Lua, no nginx needed.
local type, pairs, ipairs, tostring, pcall, error, setmetatable, load =
    type, pairs, ipairs, tostring, pcall, error, setmetatable, load
local find, format, sub, match = string.find, string.format, string.sub, string.match

local M = { _VERSION = "0.1.0" }

M.FORMATS = { json = true, text = true, html = true, markdown = true, reader = true }
M.FORMAT_LIST = "json, text, html, markdown, reader"

-- option -> accepted Lua types; `where` limits an option to configure().
local TYPES = {
    format = "string", max_size = "number", rules = "string|boolean",
    reload_interval = "number", gzip = "boolean", types = "table", url = "string",
    trust_host = "boolean", max_inflated = "number", max_ratio = "number",
    cache = "string|boolean", cache_ttl = "number", articles_only = "boolean",
    fetch = "string",
    -- configure() only
    rule_sets = "table", shared_dict = "string|boolean",
}
local CONFIGURE_ONLY = { rule_sets = true, shared_dict = true }
M.TYPES = TYPES

-- Levenshtein distance, for "did you mean".
local distance = require("newsextract.textsim").distance

local function suggestion(k)
    local best, bd
    for name in pairs(TYPES) do
        local d = distance(k, name)
        if d <= 2 and (not bd or d < bd or (d == bd and name < best)) then best, bd = name, d end
    end
    return best and format(" (did you mean %s?)", best) or ""
end

-- check(opts, where [, configure]) -> nil | message naming the option.
function M.check(opts, where, is_configure)
    if opts == nil then return nil end
    if type(opts) ~= "table" then
        return where .. ": opts: expected table, got " .. type(opts)
    end
    for k, v in pairs(opts) do
        local want = TYPES[k]
        if type(k) ~= "string" or not want then
            return where .. ": unknown option " .. tostring(k)
                .. (type(k) == "string" and suggestion(k) or "")
        end
        if CONFIGURE_ONLY[k] and not is_configure then
            return format("%s: %s: only configure() takes it", where, k)
        end
        if not find(want, type(v), 1, true) then
            return format("%s: %s: expected %s, got %s", where, k, want, type(v))
        end
    end
    if opts.format ~= nil and not M.FORMATS[opts.format] then
        return format("%s: format: expected one of %s, got %q", where,
            M.FORMAT_LIST, opts.format)
    end
    if opts.rules == true then
        return where .. ": rules: expected a directory or false, got true"
    end
    if opts.cache == true then
        return where .. ": cache: expected a lua_shared_dict name or false, got true"
    end
    for _, k in ipairs({ "max_size", "max_inflated", "max_ratio", "cache_ttl" }) do
        if opts[k] ~= nil and not (opts[k] > 0) then
            return format("%s: %s: expected a positive number", where, k)
        end
    end
    if opts.reload_interval ~= nil and not (opts.reload_interval >= 0) then
        return where .. ": reload_interval: expected a number >= 0"
    end
    if opts.rule_sets ~= nil then
        for i, d in pairs(opts.rule_sets) do
            if type(i) ~= "number" or type(d) ~= "string" then
                return where .. ": rule_sets: expected a list of directories"
            end
        end
    end
    if opts.fetch ~= nil and not find(opts.fetch, "^/") then
        return where .. ": fetch: expected a location path starting with /, got "
            .. format("%q", opts.fetch)
    end
    return nil
end

-- The nginx variables the handlers read, and what each accepts.
M.VARIABLES = {
    newsextract_format = function(v)
        if not M.FORMATS[v] then return "expected one of " .. M.FORMAT_LIST end
    end,
    newsextract_url = function(v)
        if not (find(v, "^https?://") or find(v, "^%$")) then
            return "expected an absolute http(s) URL"
        end
    end,
}

---------------------------------------------------------------------------
-- The check command
---------------------------------------------------------------------------

local read_file = require("newsextract.fsutil").read

local function dirname(p) return match(p, "^(.*)/[^/]*$") or "." end

-- Lua long brackets, strings and comments, so that a `}` inside them does
-- not end a *_by_lua_block.  Returns the index just past the closing brace.
local function lua_block_end(s, i)
    local depth = 1
    local n = #s
    while i <= n do
        local c = sub(s, i, i)
        if c == "-" and sub(s, i, i + 1) == "--" then
            local eq = match(s, "^%[(=*)%[", i + 2)
            if eq then
                local _, e = find(s, "]" .. eq .. "]", i + 2, true)
                i = (e or n) + 1
            else
                local e = find(s, "\n", i, true)
                i = (e or n) + 1
            end
        elseif c == "[" and match(s, "^%[=*%[", i) then
            local eq = match(s, "^%[(=*)%[", i)
            local _, e = find(s, "]" .. eq .. "]", i + 1, true)
            i = (e or n) + 1
        elseif c == '"' or c == "'" then
            local j = i + 1
            while j <= n do
                local d = sub(s, j, j)
                if d == "\\" then j = j + 2
                elseif d == c then break
                else j = j + 1 end
            end
            i = j + 1
        elseif c == "{" then
            depth = depth + 1
            i = i + 1
        elseif c == "}" then
            depth = depth - 1
            i = i + 1
            if depth == 0 then return i end
        else
            i = i + 1
        end
    end
    return nil
end

local function line_of(s, i)
    local _, n = s:sub(1, i):gsub("\n", "")
    return n + 1
end

-- A stand-in for anything in `ngx`: callable, indexable, concatenable.
local stub
stub = setmetatable({}, {
    __index = function() return stub end,
    __call = function() return stub end,
    __concat = function() return "" end,
    __tostring = function() return "" end,
})
local function fake_ngx()
    local var = setmetatable({}, { __index = function() return "" end,
        __newindex = function() end })
    return setmetatable({ var = var, ctx = {}, header = {}, arg = {},
        shared = setmetatable({}, { __index = function() return stub end }) },
        { __index = function() return stub end })
end

-- A problem at byte i of the file being scanned.  F is that file: its
-- path, its text s, and the scan's out, state and depth.
local function problem(F, i, msg)
    F.out[#F.out + 1] = { file = F.path, line = line_of(F.s, i), msg = msg }
end

-- Runs one Lua chunk of the configuration against a stand-in for
-- newsextract.resty whose entry points check their options: the options
-- are only known by running the code.  Chunks that do not name newsextract
-- are not run.
local function run_lua(F, code, i, chunkname)
    if not find(code, "newsextract", 1, true) then return end
    local calls = {}
    local function handler(name, is_configure)
        return function(opts)
            calls[#calls + 1] = true
            local e = M.check(opts, "newsextract.resty." .. name, is_configure)
            if e then problem(F, i, e) end
            if type(opts) == "table" and type(opts.rules) == "string" then
                local f = io.open(opts.rules, "rb")
                if f then f:close() else
                    problem(F, i, format("newsextract.resty.%s: rules: directory %s not found",
                        name, opts.rules))
                end
            end
            return true
        end
    end
    local resty = {
        configure = handler("configure", true),
        header_filter = handler("header_filter"),
        content = handler("content"),
        reader = handler("reader"),
        body_filter = function() calls[#calls + 1] = true end,
        init_worker = function() calls[#calls + 1] = true end,
    }
    local env = setmetatable({
        ngx = fake_ngx(),
        require = function(name)
            if name == "newsextract.resty" then return resty end
            return stub
        end,
    }, { __index = _G })
    local fn, lerr = load(code, "=" .. chunkname, "t", env)
    if not fn then
        problem(F, i, "Lua syntax: " .. tostring(lerr))
        return
    end
    -- a chunk that fails before reaching newsextract is noted, not a problem
    local ok, rerr = pcall(fn)
    if not ok and #calls == 0 then
        F.state.notes[#F.state.notes + 1] = format("%s:%d: not checked (%s)",
            F.path, line_of(F.s, i), tostring(rerr))
    end
    F.state.calls = F.state.calls + #calls
end

-- The first argument as a path: unquoted, relative to the configuration's
-- root as nginx reads it.
local function path_arg(args, root)
    local f = match(args, "^%s*(%S+)")
    if not f then return nil end
    f = f:gsub("^[\"']", ""):gsub("[\"']$", "")
    if sub(f, 1, 1) ~= "/" then f = root .. "/" .. f end
    return f
end

-- set $newsextract_*: the name must be one we read (a typo would be
-- ignored silently by nginx), the value valid unless nginx computes it.
local function check_set(F, args, i)
    local var, val = match(args, "^%s*%$([%w_]+)%s+(.-)%s*$")
    if not (var and find(var, "^newsextract_")) then return end
    val = val:gsub("^([\"'])(.*)%1$", "%2")
    local checkv = M.VARIABLES[var]
    if not checkv then
        local best = nil
        for k in pairs(M.VARIABLES) do
            if distance(var, k) <= 3 then best = k end
        end
        problem(F, i, format("set $%s: unknown newsextract variable%s", var,
            best and (" (did you mean $" .. best .. "?)") or ""))
    elseif not find(val, "%$") then
        local e = checkv(val)
        if e then problem(F, i, format("set $%s %s: %s", var, val, e)) end
    end
end

local scan

-- A plain directive (not a Lua block) with its arguments: the ones that
-- bring in more configuration or Lua code, or set our variables.
local function plain_directive(F, name, args, i)
    if name == "include" then
        local pat = path_arg(args, F.state.root)
        if pat then
            local p = io.popen("ls -d " .. pat:gsub("[^%w/%._%-%*%?]", "\\%0")
                .. " 2>/dev/null")
            for f in p:lines() do scan(f, F.out, F.state, F.depth + 1) end
            p:close()
        end
    elseif find(name, "_by_lua_file$") then
        local f = path_arg(args, F.state.root)
        if f then
            local code = read_file(f)
            if code then run_lua(F, code, i, f)
            else problem(F, i, name .. ": cannot read " .. f) end
        end
    elseif name == "set" then
        check_set(F, args, i)
    end
end

-- Scans one configuration file (recursively through include); appends to
-- `out` the problems { file=, line=, msg= } and to `seen` the checked calls.
function scan(path, out, state, depth)
    if depth > 20 then
        out[#out + 1] = { file = path, line = 1, msg = "include nested too deep" }
        return
    end
    local s, err = read_file(path)
    if not s then
        out[#out + 1] = { file = path, line = 1, msg = "cannot read: " .. tostring(err) }
        return
    end
    local F = { path = path, s = s, out = out, state = state, depth = depth }
    local i, n = 1, #s
    while i <= n do
        -- skip white space and comments between directives
        local c = sub(s, i, i)
        if c == "#" then
            i = (find(s, "\n", i, true) or n) + 1
        elseif find(c, "%s") or c == ";" or c == "{" or c == "}" then
            i = i + 1
        else
            local name_s, name_e, name = find(s, "^([%w_%-%.%$/]+)", i)
            if not name_s then
                i = i + 1
            elseif find(name, "_by_lua_block$") then
                -- a Lua block ends at its brace, found by reading Lua
                local ob = find(s, "{", name_e + 1, true)
                local close = ob and lua_block_end(s, ob + 1)
                if not close then
                    problem(F, i, name .. ": no closing brace")
                    return
                end
                run_lua(F, sub(s, ob + 1, close - 2), i, path .. ":" .. line_of(s, i))
                i = close
            else
                -- a plain directive: its arguments up to ; or {
                local stop = find(s, "[;{}]", name_e + 1) or n
                plain_directive(F, name, sub(s, name_e + 1, stop - 1), i)
                i = stop
            end
        end
    end
end

-- check_file(conf) -> problems, notes, calls (the newsextract calls seen).
function M.check_file(conf)
    if type(conf) ~= "string" then
        error("check_file: conf: expected a path, got " .. type(conf), 2)
    end
    local out, state = {}, { root = dirname(conf), notes = {}, calls = 0 }
    scan(conf, out, state, 0)
    return out, state.notes, state.calls
end

local USAGE = [[
usage: newsextract check-nginx CONF...

Checks the newsextract.resty calls in an nginx configuration (and the files
it includes): unknown or mistyped options in configure(), header_filter(),
content() and reader(), Lua syntax in *_by_lua_block, a missing rules
directory, and `set $newsextract_format/url` values.  Run it before
`nginx -s reload`: `nginx -t` does not run init_by_lua.
exit status: 0 no problem, 1 problems found, 2 usage error
]]

function M.main(args)
    local files = {}
    for i = 2, #args do
        if args[i] == "-h" or args[i] == "--help" then io.stdout:write(USAGE) return 0 end
        files[#files + 1] = args[i]
    end
    if #files == 0 then io.stderr:write(USAGE) return 2 end
    local bad = 0
    for _, f in ipairs(files) do
        local problems, notes, calls = M.check_file(f)
        for _, p in ipairs(problems) do
            io.stdout:write(format("%s:%d: %s\n", p.file, p.line, p.msg))
        end
        for _, nt in ipairs(notes) do io.stderr:write("note: ", nt, "\n") end
        bad = bad + #problems
        if #problems == 0 then
            io.stdout:write(format("%s: ok (%d newsextract call%s checked)\n", f, calls,
                calls == 1 and "" or "s"))
        end
    end
    return bad == 0 and 0 or 1
end

M._lua_block_end = lua_block_end

return M
