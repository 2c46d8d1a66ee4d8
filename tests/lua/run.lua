-- SPDX-License-Identifier: MIT
-- tests/lua/run.lua: runs every tests/lua/test_*.lua (or the files named on
-- the command line) under whatever Lua runs this script.
--
-- A test file returns an array of cases { name = "...", fn = function() end }
-- (or a map name -> function).  A case passes when fn returns without error.
-- A case that cannot run here calls helper.skip(reason): it is counted as
-- skipped, with its reason printed, never as passed.  The runner also fails
-- any file that leaves a new global behind.
--
-- Environment: NX_BUILD  folder holding newsextract/core.so (default build/lua5.4)
--              NX_CORPUS the shared corpus; tests that need it call
--                        helper.corpus() which errors when it is missing.
local root = (arg and arg[0] or ""):match("^(.*)/tests/lua/run%.lua$") or "."
local build = os.getenv("NX_BUILD") or (root .. "/build/lua5.4")
package.path = table.concat({ root .. "/lua/?.lua", root .. "/lua/?/init.lua",
    root .. "/tests/lua/?.lua", package.path }, ";")
package.cpath = build .. "/?.so;" .. package.cpath

local files = {}
if arg and #arg > 0 then
    for i = 1, #arg do files[#files + 1] = arg[i] end
else
    local p = io.popen('ls "' .. root .. '/tests/lua/"test_*.lua 2>/dev/null')
    for line in p:lines() do files[#files + 1] = line end
    p:close()
end
table.sort(files)

local function snapshot()
    local s = {}
    for k in pairs(_G) do s[k] = true end
    return s
end

-- NX_LIGHT=1 (the valgrind pass) leaves out the cases a file lists in
-- `cases.heavy` (corpus-wide evaluations, 50 MB pages): they run in the
-- plain and ASan passes, and the summary counts them as skipped.
local light = os.getenv("NX_LIGHT") == "1"
local passed, failed, skipped, failures, skips = 0, 0, 0, {}, {}
local filter = os.getenv("NX_TEST_FILTER")
-- one word before the colon: CI reads "word: N passed, N failed"
local version = (rawget(_G, "jit") and "luajit") or ("lua" .. _VERSION:match("%d+%.%d+"))

for _, file in ipairs(files) do
    local before = snapshot()
    local chunk, err = loadfile(file)
    local cases
    if chunk then
        local ok, res = pcall(chunk)
        if ok then cases = res else err = res end
    end
    if not cases then
        failed = failed + 1
        failures[#failures + 1] = file .. ": cannot load: " .. tostring(err)
    else
        local list = {}
        if #cases > 0 then
            list = cases
        else
            for name, fn in pairs(cases) do list[#list + 1] = { name = name, fn = fn } end
            table.sort(list, function(a, b) return a.name < b.name end)
        end
        local heavy = type(cases.heavy) == "table" and cases.heavy or {}
        for _, case in ipairs(list) do
            if light and heavy[case.name] then
                skipped = skipped + 1
                skips[#skips + 1] = file .. ": " .. case.name ..
                    ": heavy, left to the plain and ASan passes (NX_LIGHT=1)"
            elseif not filter or case.name:find(filter, 1, true) then
                -- debug.traceback leaves a non-string error as it is, so
                -- helper.skip's table arrives here intact
                local ok, e = xpcall(case.fn, debug.traceback)
                if ok then
                    passed = passed + 1
                elseif type(e) == "table" and e.skip then
                    skipped = skipped + 1
                    skips[#skips + 1] = file .. ": " .. case.name .. ": " .. tostring(e.skip)
                else
                    failed = failed + 1
                    failures[#failures + 1] = file .. ": " .. case.name .. ": " .. tostring(e)
                end
            end
        end
        for k in pairs(_G) do
            if not before[k] then
                failed = failed + 1
                failures[#failures + 1] = file .. ": left a global behind: " .. tostring(k)
                _G[k] = nil
            end
        end
    end
end

-- heavy cases skipped by NX_LIGHT are one line in all, not one each
local light_skips = 0
for _, sk in ipairs(skips) do
    if sk:find("(NX_LIGHT=1)", 1, true) then light_skips = light_skips + 1
    else print("SKIP " .. sk) end
end
if light_skips > 0 then
    print(("SKIP %d heavy cases (NX_LIGHT=1): left to the plain and ASan passes"):format(light_skips))
end
for _, f in ipairs(failures) do io.stderr:write("FAIL ", f, "\n") end
print(("%s: %d passed, %d failed, %d skipped"):format(version, passed, failed, skipped))
os.exit(failed == 0 and 0 or 1)
