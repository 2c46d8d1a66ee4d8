-- SPDX-License-Identifier: MIT
-- bench/callgrind_extract.lua: extract with default options over the 138
-- bench pages (the 8 Reuters pages with their URL, as bench.c's (d) row,
-- and the 130 readability-test-pages source.html), once, in one Lua
-- process: the work whose instruction count bench/RESULTS.md quotes.
-- Every page is read before the first extract, so the count is start-up
-- (require, rules) plus the extracts.  Run it under callgrind:
--
--   NX_CORPUS=/work/shared/corpus valgrind --tool=callgrind \
--     --callgrind-out-file=/tmp/cg.out lua5.4 bench/callgrind_extract.lua
--   callgrind_annotate --inclusive=yes /tmp/cg.out | head -60
--
-- NX_CG_PAGES=0 stops after reading the pages (the start-up alone);
-- NX_CG_PAGES=N extracts the first N pages.  NX_BUILD picks core.so
-- (default build/lua5.4, or build/luajit under LuaJIT).
local root = arg and arg[0] and arg[0]:match("^(.*)/bench/[^/]*$") or "."
local jit = rawget(_G, "jit")
local build = os.getenv("NX_BUILD") or (root .. (jit and "/build/luajit" or "/build/lua5.4"))
package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. package.path
package.cpath = build .. "/?.so;" .. package.cpath

local nx = require("newsextract")
local fsutil = require("newsextract.fsutil")
local corpus = os.getenv("NX_CORPUS") or (root .. "/../shared/corpus")

local pages = {}
local function add(dir, keep)
    local files = assert(fsutil.files(dir, keep))
    table.sort(files)
    for _, rel in ipairs(files) do
        local path = dir .. "/" .. rel
        pages[#pages + 1] = { path = path, data = assert(fsutil.read(path)) }
    end
end
add(corpus .. "/reuters", function(rel, name)
    return not rel:find("/") and name:match("%.html$") ~= nil
end)
add(corpus .. "/readability-test-pages", function(_, name)
    return name == "source.html"
end)

-- The Reuters pages' URLs, as bench.c reads them from SOURCES.md.
local sources = fsutil.read(corpus .. "/reuters/SOURCES.md") or ""
for _, p in ipairs(pages) do
    local base = p.path:match("/reuters/([^/]+)$")
    if base then
        for line in sources:gmatch("[^\n]+") do
            local at = line:find(base, 1, true)
            if at then
                p.url = line:match("(http[^ |]+)", at)
                break
            end
        end
    end
end

local n = tonumber(os.getenv("NX_CG_PAGES") or "") or #pages
local paras = 0
for i = 1, math.min(n, #pages) do
    local p = pages[i]
    local a = nx.extract(p.data, p.url and { url = p.url } or nil)
    if a then paras = paras + #(a.paragraphs or {}) end
end
io.stderr:write(string.format("callgrind_extract: %d pages read, %d extracted, %d paragraphs\n",
    #pages, math.min(n, #pages), paras))
