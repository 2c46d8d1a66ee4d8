-- SPDX-License-Identifier: MIT
-- tests/lua/helper.lua: small assertions shared by the Lua tests.
local M = {}

local function show(v)
    if type(v) == "string" then return string.format("%q", v) end
    return tostring(v)
end

-- Deep equality with a path in the message: "paragraphs[3]: expected .. got ..".
function M.same(got, want, path)
    path = path or "value"
    if type(want) ~= "table" then
        if got ~= want then
            error(("%s: expected %s, got %s"):format(path, show(want), show(got)), 2)
        end
        return
    end
    if type(got) ~= "table" then
        error(("%s: expected a table, got %s"):format(path, show(got)), 2)
    end
    for k, v in pairs(want) do M.same(got[k], v, path .. "[" .. show(k) .. "]") end
    for k in pairs(got) do
        if want[k] == nil then
            error(("%s: unexpected key %s"):format(path, show(k)), 2)
        end
    end
end

function M.eq(got, want, what)
    if got ~= want then
        error(("%s: expected %s, got %s"):format(what or "value", show(want), show(got)), 2)
    end
end

-- The call must raise, and the message must contain `pattern` (plain).
function M.raises(pattern, fn, ...)
    local ok, err = pcall(fn, ...)
    if ok then error("expected an error containing " .. show(pattern), 2) end
    if not tostring(err):find(pattern, 1, true) then
        error(("expected an error containing %s, got %s"):format(show(pattern), show(err)), 2)
    end
end

-- This case cannot run here (a Lua without the feature, a missing tool):
-- tests/lua/run.lua counts it as skipped and prints `reason`.
function M.skip(reason)
    error({ skip = reason }, 0)
end

-- The shared corpus (../shared/corpus or $NX_CORPUS).  Missing corpus is a
-- failure, never a silent pass.
function M.corpus()
    local dir = os.getenv("NX_CORPUS") or "../shared/corpus"
    local f = io.open(dir .. "/README.md", "rb")
    if not f then error("corpus not found at " .. dir .. " (set NX_CORPUS)", 2) end
    f:close()
    return dir
end

function M.read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

function M.write(path, s)
    local f = assert(io.open(path, "wb"))
    f:write(s)
    f:close()
end

-- Runs bin/newsextract under the Lua running the tests (so each CLI test
-- runs on 5.4 and on LuaJIT) with `args` (already shell-quoted) and stdin
-- from the file `stdin` if given; returns exit code, stdout, stderr.
function M.quote(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

function M.run_cli(args, stdin)
    local q = M.quote
    local lua = arg and arg[-1] or "lua5.4"
    local out, err = os.tmpname(), os.tmpname()
    local cmd = q(lua) .. " " .. q(M.root() .. "/bin/newsextract") .. " " .. args ..
        " >" .. q(out) .. " 2>" .. q(err)
    if stdin then cmd = cmd .. " <" .. q(stdin) end
    local r1, _, r3 = os.execute(cmd)
    local code
    if type(r1) == "number" then code = r1 >= 256 and math.floor(r1 / 256) or r1
    else code = r3 end
    local o, e = M.read(out), M.read(err)
    os.remove(out)
    os.remove(err)
    return code, o, e
end

--- M.mode_text(html, mode) -> the text of doc:article("balanced", nil,
-- mode)'s blocks, one per line (the tests of the typed modes: items,
-- product, posts, service)
function M.mode_text(html, mode)
    local core = require("newsextract.core")
    local doc = assert(core.parse(html))
    local a = doc:article("balanced", nil, mode)
    local t = {}
    for _, b in ipairs(a.blocks or {}) do t[#t + 1] = b.text end
    doc:free()
    return table.concat(t, "\n")
end

--- M.generic(html, favor) -> extract with the rules off (the generic path)
function M.generic(html, favor)
    return assert(require("newsextract").extract(html, { rules = false, favor = favor }))
end

--- M.repeat_n(n, f) -> f(1) .. f(2) .. ... .. f(n) (a page's repeated parts)
function M.repeat_n(n, f)
    local t = {}
    for i = 1, n do t[i] = f(i) end
    return table.concat(t)
end

--- M.has(text, s) -> does `text` hold `s` (a plain find)?
function M.has(text, s) return text:find(s, 1, true) ~= nil end

function M.root()
    return (arg and arg[0] or ""):match("^(.*)/tests/lua/run%.lua$") or "."
end

return M
