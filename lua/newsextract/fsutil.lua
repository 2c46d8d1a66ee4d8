-- SPDX-License-Identifier: MIT
-- newsextract.fsutil: reading a file and listing a directory, the one
-- owner of both (the C module reads no files).
--
--   fsutil.read(path [, max])  -> bytes | nil, msg
--   fsutil.list(dir)           -> sorted names in dir (no dot names) | nil, msg
--   fsutil.files(root [, keep]) -> sorted paths below root (relative to it)
--                                 of the regular files, links followed,
--                                 that keep(rel, name) accepts | nil, msg
--
-- Lua has no directory listing and there is no lfs.  On LuaJIT (the nginx
-- case) the listing uses libc's opendir/readdir through the FFI; elsewhere
-- it runs `find`, NUL-separated (a name may hold a newline).  Nothing here
-- runs at require time but the FFI declarations, so a caller in nginx
-- requires it when its module loads and lists only at load or reload.
local M = { _VERSION = "0.1.0" }

local type, ipairs, pcall, error = type, ipairs, pcall, error
local sort, remove = table.sort, table.remove
local gsub, gmatch, sub, match = string.gsub, string.gmatch, string.sub, string.match
local io_open, io_popen = io.open, io.popen
local jit = rawget(_G, "jit")

--- fsutil.read(path [, max]) -> the file's bytes, or nil, msg; with max,
--- a file larger than max bytes gives nil, "too large" without reading it.
function M.read(path, max)
    local f, err = io_open(path, "rb")
    if not f then return nil, err end
    if max then
        local size = f:seek("end")
        if size and size > max then
            f:close()
            return nil, "too large"
        end
        f:seek("set")
    end
    local s = f:read("*a")
    f:close()
    if s == nil then return nil, path .. ": cannot read" end
    return s
end

local function shell_quote(s)
    return "'" .. gsub(s, "'", "'\\''") .. "'"
end

-- entries(dir) -> array of { name, is_dir } or nil: the FFI listing, or
-- nil where there is no FFI (then find is used).
local entries
do
    local ok_ffi, ffi = pcall(require, "ffi")
    if jit and ok_ffi then
        local dirent
        if ffi.os == "OSX" then
            pcall(ffi.cdef, [[
                typedef struct nx_dirent {
                    uint64_t d_ino; uint64_t d_seekoff; uint16_t d_reclen;
                    uint16_t d_namlen; uint8_t d_type; char d_name[1024];
                } nx_dirent;
            ]])
            dirent = "readdir"
        else
            -- glibc's readdir64 and musl's readdir both return this layout.
            pcall(ffi.cdef, [[
                typedef struct nx_dirent {
                    uint64_t d_ino; int64_t d_off; unsigned short d_reclen;
                    unsigned char d_type; char d_name[256];
                } nx_dirent;
            ]])
            dirent = pcall(function() return ffi.C.readdir64 end) and "readdir64" or "readdir"
        end
        pcall(ffi.cdef, "typedef struct nx_DIR nx_DIR;"
            .. "nx_DIR *opendir(const char *name);"
            .. "int closedir(nx_DIR *d);"
            .. "nx_dirent *" .. dirent .. "(nx_DIR *d);")
        local C = ffi.C
        local readdir = C[dirent]
        local function raw(dir)
            local d = C.opendir(dir)
            if d == nil then return nil end
            local out = {}
            while true do
                local e = readdir(d)
                if e == nil then break end
                local name = ffi.string(e.d_name)
                if name ~= "." and name ~= ".." then
                    out[#out + 1] = { name, e.d_type }
                end
            end
            C.closedir(d)
            return out
        end
        entries = function(dir)
            local list = raw(dir)
            if not list then return nil end
            for _, e in ipairs(list) do
                local dt = e[2]
                -- DT_DIR, or DT_UNKNOWN / DT_LNK that opens as a directory
                e[2] = dt == 4 or ((dt == 0 or dt == 10) and raw(dir .. "/" .. e[1]) ~= nil)
            end
            return list
        end
    end
end

local function is_dir(path)
    local f = io_open(path, "rb")
    if not f then return false end
    local ok, _, code = f:read(1)
    f:close()
    return ok == nil and code == 21   -- EISDIR
end

--- fsutil.list(dir) -> the names in dir, sorted bytewise, without the
--- names that start with a dot; or nil, msg when dir cannot be opened.
function M.list(dir)
    if type(dir) ~= "string" then error("fsutil.list: dir: expected a string", 2) end
    local out = {}
    if entries then
        local list = entries(dir)
        if not list then return nil, dir .. ": cannot open directory" end
        for _, e in ipairs(list) do
            if sub(e[1], 1, 1) ~= "." then out[#out + 1] = e[1] end
        end
    else
        if not is_dir(dir) then return nil, dir .. ": cannot open directory" end
        local p = io_popen("ls -1 " .. shell_quote(dir) .. " 2>/dev/null")
        if not p then return nil, dir .. ": cannot list (io.popen unavailable)" end
        for line in p:lines() do out[#out + 1] = line end
        p:close()
    end
    sort(out)
    return out
end

-- The loops a link can make are cut at this depth.
local MAX_DEPTH = 40

--- fsutil.files(root [, keep]) -> the regular files below root (links
--- followed), as paths relative to root, sorted bytewise, that
--- keep(rel, name) accepts (all when keep is nil); or nil, msg.
function M.files(root, keep)
    if type(root) ~= "string" then error("fsutil.files: root: expected a string", 2) end
    root = #root > 1 and gsub(root, "/+$", "") or root
    local files = {}
    if entries then
        if not entries(root) then return nil, root .. ": cannot open directory" end
        local stack = { { "", 0 } }
        while #stack > 0 do
            local top = remove(stack)
            local rel, depth = top[1], top[2]
            for _, e in ipairs(entries(rel == "" and root or root .. "/" .. rel) or {}) do
                local name = e[1]
                local r = rel == "" and name or (rel .. "/" .. name)
                if e[2] then
                    if depth < MAX_DEPTH then stack[#stack + 1] = { r, depth + 1 } end
                elseif not keep or keep(r, name) then
                    files[#files + 1] = r
                end
            end
        end
    else
        if not is_dir(root) then return nil, root .. ": cannot open directory" end
        local p = io_popen("find -L " .. shell_quote(root) .. " -mindepth 1 -type f -print0 2>/dev/null")
        if not p then return nil, root .. ": cannot list (io.popen unavailable)" end
        local all = p:read("*a") or ""
        p:close()
        local cut = #root + 2
        if root == "/" then cut = 2 end
        for path in gmatch(all, "([^%z]+)%z") do
            local r = sub(path, cut)
            local name = match(r, "([^/]*)$")
            if not keep or keep(r, name) then files[#files + 1] = r end
        end
    end
    sort(files)
    return files
end

--- fsutil.is_dir(path) -> true when path opens as a directory
M.is_dir = is_dir
return M
