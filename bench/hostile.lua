-- SPDX-License-Identifier: MIT
-- bench/hostile.lua: `make bench-hostile`.  For every bad-input family of
-- tests/hostile/families.lua, a size series (SIZES below) through
-- newsextract.extract: the marker must come out at every size, the growth
-- of time is fitted (the Theil-Sen slope of log time on log size; "x2" is
-- what doubling the size costs, 2^slope) and must stay at or under MAX_DOUBLING,
-- and the 300 KB page must take under MAX_300K seconds.  Then memory: peak
-- RSS growth over the idle process for one extract of a MEM_SIZE page, in a
-- child process of its own, against a bare libxml2 parse of the same bytes
-- (build/bench/bare_parse) for HTML, against the input size for text.
--
-- Usage: lua bench/hostile.lua [--no-memory] [--no-time] [--family NAME]
--        [--bare PATH]
-- Exit status 1 when a limit is broken (the table says which).
package.path = "tests/hostile/?.lua;" .. package.path
local families = require "families"
local ne = require "newsextract"

local SIZES = { 37500, 75000, 150000, 300000, 600000 }
local MAX_DOUBLING, MAX_300K = 2.2, 0.5
local MEM_SIZE = 1048576 * 2
local MAX_HTML_RATIO, MAX_TEXT_RATIO = 2.0, 10.0
local BARE_TIMEOUT = 60   -- seconds

local clock, fmt, log = os.clock, string.format, math.log
local args = { memory = true, time = true }
do
    local i = 1
    while arg[i] do
        if arg[i] == "--no-memory" then args.memory = false
        elseif arg[i] == "--no-time" then args.time = false
        elseif arg[i] == "--family" then args.family = arg[i + 1]; i = i + 1
        elseif arg[i] == "--bare" then args.bare = arg[i + 1]; i = i + 1
        else error("bench/hostile.lua: unknown argument " .. arg[i]) end
        i = i + 1
    end
end
local jit = rawget(_G, "jit")
local VM = jit and jit.version or _VERSION

-- Seconds for one extract of `page`: the best of runs that together take
-- at least 0.2 s (three at least), so that small times are not noise.
local function time_of(page, input, marker)
    local best, total, runs = math.huge, 0, 0
    while runs < 3 or (total < 0.2 and runs < 200) do
        collectgarbage()
        local t = clock()
        local a = ne.extract(page, { rules = false, input = input })
        local dt = clock() - t
        if not (a and a.text and a.text:find(marker, 1, true)) then return nil end
        if dt < best then best = dt end
        total, runs = total + dt, runs + 1
    end
    return best
end

-- The slope of log time on log size: Theil-Sen (the median of the slopes
-- between every two sizes), which one run slowed by another process on
-- the machine does not move, as it would a least-squares line.
local function slope(xs, ys)
    local s = {}
    for i = 1, #xs do
        for j = i + 1, #xs do
            s[#s + 1] = (log(ys[j]) - log(ys[i])) / (log(xs[j]) - log(xs[i]))
        end
    end
    table.sort(s)
    local m = #s
    return m % 2 == 1 and s[(m + 1) / 2] or (s[m / 2] + s[m / 2 + 1]) / 2
end

local failed = 0
if args.time then
print(fmt("## Time (%s): seconds per extract, best of several runs", VM))
print()
local head = "| family |"
for _, s in ipairs(SIZES) do head = head .. fmt(" %g KB |", s / 1000) end
print(head .. " x2 | verdict |")
print("|---|" .. string.rep("---|", #SIZES) .. "---|---|")
for _, f in ipairs(families.families) do
    if not args.family or f.name == args.family then
        local xs, ys, row, lost, t300 = {}, {}, "| " .. f.name .. " |", false, nil
        for _, size in ipairs(SIZES) do
            local page = f.gen(size)
            local t = time_of(page, f.input, f.marker)
            if not t then
                lost = true
                row = row .. " LOST |"
            else
                xs[#xs + 1], ys[#ys + 1] = #page, math.max(t, 1e-6)
                row = row .. fmt(" %.4f |", t)
                if size == 300000 then t300 = t end
            end
        end
        local x2 = #xs >= 3 and 2 ^ slope(xs, ys) or nil
        local bad = {}
        if lost then bad[#bad + 1] = "marker lost" end
        if x2 and x2 > MAX_DOUBLING then bad[#bad + 1] = fmt("x2 over %.1f", MAX_DOUBLING) end
        if t300 and t300 > MAX_300K then bad[#bad + 1] = fmt("300 KB over %.1f s", MAX_300K) end
        if #bad > 0 then failed = failed + 1 end
        local verdict = #bad > 0 and table.concat(bad, "; ") or "ok"
        print(row .. (x2 and fmt(" %.2f |", x2) or " - |") .. " " .. verdict .. " |")
    end
end
end

-- {======================================================================
-- Memory: one child per family, so each starts from an idle process.

local function sh(cmd)
    local p = io.popen(cmd)
    local out = p:read("*a")
    p:close()
    return out
end

local CHILD = [[
local function status(k)
    for l in io.lines("/proc/self/status") do
        local v = l:match("^" .. k .. ":%s*(%d+)")
        if v then return tonumber(v) end
    end
end
package.path = "tests/hostile/?.lua;" .. package.path
local f = require("families").get(arg[1])
local ne = require "newsextract"
local page = f.gen(tonumber(arg[2]))
if arg[3] then local o = io.open(arg[3], "wb") o:write(page) o:close() end
collectgarbage() collectgarbage()
local w = io.open("/proc/self/clear_refs", "w") w:write("5") w:close()
local base = status("VmRSS")
local a = ne.extract(page, { rules = false, input = f.input })
local ok = a and a.text and a.text:find(f.marker, 1, true) and "ok" or "LOST"
print(status("VmHWM") - base, #page, ok)
]]

if args.memory then
    local interp = arg[-1] or "lua5.4"
    local tmp = os.tmpname()
    local child = os.tmpname()
    local cf = assert(io.open(child, "wb"))
    cf:write(CHILD)
    cf:close()
    local bare = args.bare or "build/bench/bare_parse"
    print()
    print(fmt("## Memory (%s): peak RSS growth over the idle process, one extract of a %g MB page",
        VM, MEM_SIZE / 1048576))
    print()
    print("| family | input | newsextract | reference | ratio | limit | verdict |")
    print("|---|---|---|---|---|---|---|")
    for _, f in ipairs(families.families) do
        if not args.family or f.name == args.family then
            local out = sh(fmt("%s %s %s %d %s 2>&1", interp, child, f.name, MEM_SIZE, tmp))
            local kb, len, ok = out:match("^(%d+)%s+(%d+)%s+(%a+)")
            local row
            if not kb then
                failed = failed + 1
                row = fmt("| %s | - | failed: %s | - | - | - | failed |", f.name, out:gsub("%s+", " "):sub(1, 80))
            else
                kb, len = tonumber(kb), tonumber(len)
                local ref, limit, what
                if f.input == "text" then
                    ref, limit, what = len / 1024, MAX_TEXT_RATIO, "input"
                else
                    -- the reference may not finish: libxml2's duplicate
                    -- attribute check is quadratic (many-attributes ran
                    -- for over 10 minutes); no reference then ("?")
                    ref = tonumber(sh(fmt("timeout %d %s %s", BARE_TIMEOUT, bare, tmp)):match("%-?%d+"))
                    limit, what = MAX_HTML_RATIO, "bare parse"
                end
                local ratio = ref and ref > 0 and kb / ref or nil
                local verdict = ok ~= "ok" and "marker lost" or (ratio and ratio > limit) and "over" or "ok"
                if verdict ~= "ok" then failed = failed + 1 end
                row = fmt("| %s | %.1f MB | %.1f MB | %s %s | %s | %.0fx | %s |", f.name, len / 1048576,
                    kb / 1024, ref and fmt("%.1f MB", ref / 1024) or "?", what,
                    ratio and fmt("%.2f", ratio) or "?", limit, verdict)
            end
            print(row)
        end
    end
    os.remove(tmp)
    os.remove(child)
end
-- }======================================================================

print()
print(failed == 0 and "bench-hostile: every family within its limits"
    or fmt("bench-hostile: %d families over a limit", failed))
os.exit(failed == 0 and 0 or 1)
