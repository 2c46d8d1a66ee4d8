-- SPDX-License-Identifier: MIT
-- tests/lua/rules_helper.lua: scratch rule folders for the test_rules*
-- files: write files under a fresh temporary folder, load them as a set,
-- remove the folder.
local rules = require "newsextract.rules"

local M = {}

--- A fresh temporary folder; returns its path.
function M.tmpdir()
    local base = os.tmpname()
    os.remove(base)
    assert(os.execute("mkdir -p '" .. base .. "'"))
    return base
end

--- Write `src` to `path`, creating its folder.
function M.write(path, src)
    local dir = path:match("^(.*)/[^/]+$")
    if dir then assert(os.execute("mkdir -p '" .. dir .. "'")) end
    local f = assert(io.open(path, "wb"))
    f:write(src)
    f:close()
end

function M.rmtree(path)
    os.execute("rm -rf '" .. path .. "'")
end

--- The set loaded from `files` (relative name -> text), written under a
--- folder named `name` (default "rules"; it starts the messages' file names).
function M.set_of(files, name)
    local base = M.tmpdir()
    local dir = base .. "/" .. (name or "rules")
    assert(os.execute("mkdir -p '" .. dir .. "'"))
    for rel, src in pairs(files) do M.write(dir .. "/" .. rel, src) end
    local set, err = rules.load(dir)
    M.rmtree(base)
    return assert(set, err)
end

return M
