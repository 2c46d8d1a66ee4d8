-- SPDX-License-Identifier: MIT
-- tests/lua/test_fsutil.lua: newsextract.fsutil, the one file reader and
-- directory lister (the FFI walk on LuaJIT, find/ls on 5.4): a tree made
-- here with names that need quoting, a hidden folder, a link and a size cap.
local fsutil = require("newsextract.fsutil")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local q = h.quote

local write = h.write

-- A fresh tree: a/ with files, a sub-folder, a hidden folder, a link.
local function tree()
    local root = os.tmpname()
    os.remove(root)
    assert(os.execute("mkdir -p " .. q(root .. "/sub dir/deep") .. " " .. q(root .. "/.hid")))
    write(root .. "/b.lua", "return 1")
    write(root .. "/a'quote.txt", "x")
    write(root .. "/sub dir/c.lua", "c")
    write(root .. "/sub dir/deep/d.txt", "d")
    write(root .. "/.hid/e.lua", "e")
    write(root .. "/.dot.txt", "f")
    assert(os.execute("ln -s " .. q(root .. "/sub dir") .. " " .. q(root .. "/link")))
    return root
end

local function cleanup(root) os.execute("rm -rf " .. q(root)) end

case("read: bytes, a missing file, the size cap", function()
    local root = tree()
    h.eq(fsutil.read(root .. "/b.lua"), "return 1")
    h.eq(fsutil.read(root .. "/b.lua", 8), "return 1")
    local s, err = fsutil.read(root .. "/b.lua", 7)
    h.eq(s, nil)
    h.eq(err, "too large")
    s, err = fsutil.read(root .. "/none")
    h.eq(s, nil)
    assert(err and err:find("none", 1, true), "error names the file: " .. tostring(err))
    cleanup(root)
end)

case("list: sorted names, no dot names; a missing dir is nil, msg", function()
    local root = tree()
    h.same(fsutil.list(root), { "a'quote.txt", "b.lua", "link", "sub dir" })
    local t, err = fsutil.list(root .. "/none")
    h.eq(t, nil)
    assert(err:find("cannot open directory", 1, true), err)
    h.raises("dir: expected a string", fsutil.list, nil)
    cleanup(root)
end)

case("files: every regular file below, links followed, sorted, filtered", function()
    local root = tree()
    h.same(fsutil.files(root), { ".dot.txt", ".hid/e.lua", "a'quote.txt", "b.lua",
        "link/c.lua", "link/deep/d.txt", "sub dir/c.lua", "sub dir/deep/d.txt" })
    -- a trailing slash names the same folder
    h.same(fsutil.files(root .. "/sub dir/"), { "c.lua", "deep/d.txt" })
    h.same(fsutil.files(root, function(rel, name)
        return name:find("%.lua$") ~= nil and not rel:find("^link/")
    end), { ".hid/e.lua", "b.lua", "sub dir/c.lua" })
    h.eq(fsutil.files(root .. "/b.lua"), nil)
    h.eq(fsutil.is_dir(root), true)
    h.eq(fsutil.is_dir(root .. "/b.lua"), false)
    cleanup(root)
end)

return T
