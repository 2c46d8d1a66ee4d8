-- SPDX-License-Identifier: MIT
-- newsextract.sandbox: run rule-file code with no access to the outside
-- and a bounded amount of work.
--
-- A rule file is data with, at most, a few small transform functions.  It is
-- loaded as text only, in an environment of its own that holds nothing but
-- pure functions (no io, os, require, load, debug, coroutine, pcall,
-- metatables or raw access), and every call into it -- the file's main chunk
-- and each transform -- runs under a count hook that stops it after a budget
-- of VM instructions or when the Lua heap has grown by more than a budget.
--
-- Why no pcall: a rule that could catch errors could catch the hook's error
-- and go on looping.  Why no coroutine: a hook is per thread, so a coroutine would
-- run unhooked.  Why the string metatable is switched during a call: every
-- string reaches the real `string` table through its metatable
-- (`("").rep`), so while sandboxed code runs, strings index the sandbox's own
-- copy (bounded rep/gsub/concat, no dump) instead.
--
-- LuaJIT does not call hooks from compiled traces, so every chunk loaded here
-- has the JIT turned off for itself and all functions it defines
-- (`jit.off(chunk, true)` marks the prototypes), and is always interpreted.
local M = { _VERSION = "0.1.0" }

local debug_sethook, debug_gethook, debug_getinfo = debug.sethook, debug.gethook, debug.getinfo
local collectgarbage, pcall, error, type, tostring, select, load, setmetatable =
    collectgarbage, pcall, error, type, tostring, select, load, setmetatable
local setfenv = rawget(_G, "setfenv")
local jit = rawget(_G, "jit")
local utf8lib = rawget(_G, "utf8")  -- Lua 5.3+ only
local string_mt = getmetatable("")
local unpack = rawget(table, "unpack") or rawget(_G, "unpack")

-- The bounded pattern matcher (core.meter): string.find/match/gmatch/gsub
-- with Lua 5.4's semantics whose work in C is counted in steps.  Without
-- the C module (a stand-in core in a test) the plain ones are used.
local core_ok, core = pcall(require, "newsextract.core")
local new_meter = core_ok and type(core) == "table" and core.meter or nil
-- The allocator's cap (core.memcap): the hook sees the heap only every
-- HOOK_EVERY instructions, and one `..` of many big operands allocates
-- its whole result at once.  The cap stops any one allocation that takes
-- the heap past CAP_FACTOR times the memory budget.
local memcap = core_ok and type(core) == "table" and core.memcap or nil
local CAP_FACTOR = 4

-- Defaults; callers may pass their own in `limits`.
M.limits = {
    instructions = 1e6,        -- VM instructions per call
    memory = 32 * 1024 * 1024, -- bytes of heap growth per call
    string = 4 * 1024 * 1024,  -- bytes of one string built by rep/gsub/concat/format/pack
    patterns = 1e7,            -- pattern-matching steps per call (about 0.1 s)
    items = 1e6,               -- elements table.move may copy in one call
    -- for all the calls of one rule on one page (sandbox.page): its
    -- transforms run once per value, and a page can have many
    page_instructions = 1e7,
    page_patterns = 1e8,
}

-- Patterns a rule gives as data (`pattern`, `replace`, `match`, the text
-- section's) run on page text and URLs a caller controls: each search gets
-- DATA_STEPS plus DATA_PER_BYTE steps per byte of its subject.  A
-- pattern that does not backtrack takes a few steps a byte.
local DATA_STEPS, DATA_PER_BYTE = 1e6, 64
-- The hook runs every HOOK_EVERY instructions.  Small, because memory is
-- only checked there: a loop doubling a string (`s = s .. s`) takes about
-- four instructions a turn, so between two checks the heap can grow at most
-- 2^(HOOK_EVERY/4) times past the limit.  Rule code is small, so the cost
-- (a hook call per 10 instructions) is paid on little.
local HOOK_EVERY = 10

-- Error values raised by the guards carry this prefix so callers can tell
-- "stopped" from an ordinary error in the rule.
local STOP = "stopped: "

local function pack(...) return { n = select("#", ...), ... } end
local function run_packed(fn, ...) return pack(fn(...)) end

local function copy(t, except)
    local c = {}
    for k, v in pairs(t) do
        if not (except and except[k]) then c[k] = v end
    end
    return c
end

local function too_big(limits, what, n)
    error(("%s%s would build a string of %d bytes (limit %d)")
        :format(STOP, what, n, limits.string), 0)
end

-- The meter of each sandbox's string table (weak keys: it lives as long
-- as the rule), reset by M.call.
local meters = setmetatable({}, { __mode = "k" })

-- A string table for one sandbox: the pure functions of `string`, without
-- dump, with rep/gsub/format/pack bounded in what they can build and the
-- pattern functions bounded in their work.
local function make_string(limits)
    local s = copy(string, { dump = true })
    local rep, len, fmt, packsize = string.rep, string.len, string.format, rawget(string, "packsize")
    local plain_gsub = string.gsub
    local meter = new_meter and new_meter(limits.patterns or M.limits.patterns)
    local gsub = meter and meter.gsub or string.gsub
    if meter then
        meters[s] = meter
        s.find, s.match, s.gmatch = meter.find, meter.match, meter.gmatch
    end
    s.rep = function(str, n, sep)
        str = tostring(str)
        n = tonumber(n) or 0
        local size = (n > 0) and (#str * n + (sep and #tostring(sep) * (n - 1) or 0)) or 0
        if size > limits.string then too_big(limits, "string.rep", size) end
        -- ("").rep(2^50) builds nothing and still loops 2^50 times in C
        if n > limits.string then too_big(limits, "string.rep", n) end
        return rep(str, n, sep)
    end
    -- what format can build: the format, every argument, and a width or
    -- precision (at most 99) for each
    s.format = function(f, ...)
        local size = #tostring(f)
        for i = 1, select("#", ...) do
            local v = select(i, ...)
            size = size + 99 + ((type(v) == "string" or type(v) == "number") and len(v) or 0)
        end
        if size > limits.string then too_big(limits, "string.format", size) end
        return fmt(f, ...)
    end
    if s.pack then
        -- the fixed part (packsize of the format without its variable
        -- options "s[n]" and "z") and the strings given
        local string_pack = s.pack
        s.pack = function(f, ...)
            f = tostring(f)
            local ok, size = pcall(packsize, (plain_gsub(plain_gsub(f, "s%d*", ""), "z", "")))
            if not ok then size = 0 end  -- a bad format: pack says what is wrong
            for i = 1, select("#", ...) do
                local v = select(i, ...)
                if type(v) == "string" then size = size + #v + 16 end
            end
            if size > limits.string then too_big(limits, "string.pack", size) end
            return string_pack(f, ...)
        end
    end
    s.gsub = function(str, pat, repl, n)
        str = tostring(str)
        local total, tr = 0, type(repl)
        if tr == "string" or tr == "number" then
            local size = #str + (#str + 1) * len(tostring(repl))
            if size > limits.string then too_big(limits, "string.gsub", size) end
        elseif tr == "table" or tr == "function" then
            -- Count what the replacements add up to as they are produced.
            local inner = repl
            repl = function(...)
                local v
                if tr == "table" then v = inner[(...)] else v = inner(...) end
                if type(v) == "string" or type(v) == "number" then
                    total = total + len(v)
                    if total > limits.string then too_big(limits, "string.gsub", total) end
                end
                return v
            end
        end
        return gsub(str, pat, repl, n)
    end
    return s
end

local function make_table(limits)
    local t = copy(table)
    local concat, move = table.concat, rawget(table, "move")
    if move then
        -- table.move({}, 1, 2^50, 1) loops in C for as long
        t.move = function(a1, f, e, tpos, a2)
            local n = (tonumber(e) or 0) - (tonumber(f) or 0) + 1
            local items = limits.items or M.limits.items
            if n > items then
                error(("%stable.move would copy %d elements (limit %d)")
                    :format(STOP, n, items), 0)
            end
            return move(a1, f, e, tpos, a2)
        end
    end
    t.concat = function(list, sep, i, j)
        i = i or 1
        j = j or #list
        local size, seplen = 0, sep and #tostring(sep) or 0
        for k = i, j do
            local v = list[k]
            size = size + ((type(v) == "string" or type(v) == "number") and #tostring(v) or 0) + seplen
            if size > limits.string then too_big(limits, "table.concat", size) end
        end
        return concat(list, sep, i, j)
    end
    return t
end

-- A fresh environment for one rule file.  Each file gets its own copies of
-- the library tables so that one file cannot change what another sees.
function M.env(limits)
    limits = limits or M.limits
    local s = make_string(limits)
    local env = {
        string = s, table = make_table(limits), math = copy(math),
        pairs = pairs, ipairs = ipairs, next = next, select = select,
        tostring = tostring, tonumber = tonumber, type = type,
        assert = assert, error = error, unpack = unpack,
        utf8 = utf8lib and copy(utf8lib) or nil,
    }
    -- math.random reads shared generator state; a transform should be a
    -- pure function of its input.
    env.math.random, env.math.randomseed = nil, nil
    return env, s
end

-- Run fn(...) under the guards.  `box` is { string = <sandbox string table>,
-- limits = ..., name = "what to call it in messages" }.
-- Returns true, results... or false, message.
function M.call(box, fn, ...)
    local limits = box.limits or M.limits
    local budget = limits.instructions
    -- a page's budget (sandbox.page) is shared by all the calls on it
    local page = box.page
    local patterns = limits.patterns or M.limits.patterns
    if page then
        if page.instructions < budget then budget = page.instructions end
        if page.patterns < patterns then patterns = page.patterns end
    end
    local mem_kb = limits.memory / 1024
    local used = 0
    local base = collectgarbage("count")
    local old_hook, old_mask, old_count = debug_gethook()
    local old_index = string_mt.__index

    -- The hook may also fire in this function itself, between pcall
    -- returning and the hook being cleared: it must never raise there.
    local function ours()
        local running = debug_getinfo(3, "f")
        return running and (running.func == M.call or running.func == pack)
    end
    local function hook()
        used = used + HOOK_EVERY
        if used > budget and not ours() then
            if page and budget == page.instructions then
                error(("%sran over %d instructions on this page"):format(STOP, page.limit), 0)
            end
            error(("%sran over %d instructions (endless loop?)"):format(STOP, budget), 0)
        end
        if collectgarbage("count") - base > mem_kb then
            collectgarbage()
            if collectgarbage("count") - base > mem_kb and not ours() then
                error(("%sused over %d bytes of memory"):format(STOP, limits.memory), 0)
            end
        end
    end

    local args, n = { ... }, select("#", ...)
    local meter = meters[box.string]
    if meter then meter.reset(patterns) end
    string_mt.__index = box.string
    if memcap then memcap(limits.memory * CAP_FACTOR) end
    debug_sethook(hook, "", HOOK_EVERY)
    -- the results are packed inside the protected call: between it and
    -- memcap(nil) nothing allocates, so a refused allocation cannot escape
    -- with the cap still installed
    local ok, r = pcall(run_packed, fn, unpack(args, 1, n))
    debug_sethook()
    local capped = memcap and memcap(nil)
    string_mt.__index = old_index
    if old_hook then debug_sethook(old_hook, old_mask, old_count) end
    if page then
        page.instructions = page.instructions - used
        if meter then page.patterns = page.patterns - (patterns - meter.left()) end
    end
    if not ok then
        local msg = r
        if capped then
            msg = ("%sused over %d bytes of memory"):format(STOP, limits.memory)
        elseif type(msg) ~= "string" then
            msg = "error object: " .. tostring(msg)
        end
        return false, msg
    end
    return true, unpack(r, 1, r.n)
end

--- sandbox.page(box [, bytes]): (box may be nil) from now on, the calls of box's rule draw
--- on one budget for the page (limits.page_instructions VM instructions,
--- limits.page_patterns pattern steps), instead of a fresh budget each:
--- a transform runs once per value, and a page can hold any number of
--- values.  Returns the page's matcher for the patterns the rule gives
--- as data (find, gsub), with one budget of DATA_STEPS + DATA_PER_BYTE
--- steps a byte of the page (`bytes`) for all of them.
function M.page(box, bytes)
    if box then
        local limits = box.limits or M.limits
        local pi = limits.page_instructions or M.limits.page_instructions
        local pp = limits.page_patterns or M.limits.page_patterns
        box.page = { instructions = pi, patterns = pp, limit = pi }
    end
    if not new_meter then return { find = string.find, gsub = string.gsub } end
    return new_meter(DATA_STEPS + DATA_PER_BYTE * (bytes or 0))
end

-- Load a rule file's source as text in `env`.  Returns the chunk (with the
-- JIT off for it and everything it defines) or nil, message.
function M.load(src, chunkname, env)
    if type(src) ~= "string" then error("sandbox.load: source must be a string", 2) end
    if src:byte(1) == 27 then return nil, chunkname:gsub("^@", "") .. ": binary chunks are not accepted" end
    local fn, err = load(src, chunkname, "t", env)
    if not fn then return nil, err end
    if setfenv then setfenv(fn, env) end
    if jit and jit.off then jit.off(fn, true) end
    return fn
end

-- Run a function the rule defined (a transform).  It was defined by a chunk
-- loaded above, so it is already marked no-JIT; mark it again in case a
-- caller hands in a function from elsewhere.
function M.run(box, fn, ...)
    if jit and jit.off then jit.off(fn, true) end
    return M.call(box, fn, ...)
end

-- {======================================================================
-- Patterns given as data, run outside the sandbox on page text or a URL:
-- string.find and string.gsub with a budget that grows with the subject.
-- They raise "stopped: ..." when a pattern backtracks past it.

local data_meter = new_meter and new_meter(DATA_STEPS)

--- sandbox.find(s, pattern [, init [, plain]]): string.find, bounded.
function M.find(str, pat, init, plain)
    if not data_meter then return string.find(str, pat, init, plain) end
    data_meter.reset(DATA_STEPS + DATA_PER_BYTE * #str)
    return data_meter.find(str, pat, init, plain)
end

--- sandbox.gsub(s, pattern, repl [, n]): string.gsub, bounded.
function M.gsub(str, pat, repl, n)
    if not data_meter then return string.gsub(str, pat, repl, n) end
    data_meter.reset(DATA_STEPS + DATA_PER_BYTE * #str)
    return data_meter.gsub(str, pat, repl, n)
end

--- sandbox.finder(bytes) -> find: string.find with ONE budget for all its
--- calls, of DATA_STEPS + DATA_PER_BYTE * bytes steps, for patterns run
--- line by line over a text of that size (a budget per line would
--- multiply with the lines).  Once it is spent every call raises.
function M.finder(bytes)
    if not new_meter then return string.find end
    return new_meter(DATA_STEPS + DATA_PER_BYTE * bytes).find
end
-- }======================================================================

M.STOP = STOP
return M
