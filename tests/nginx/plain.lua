-- SPDX-License-Identifier: MIT
-- tests/nginx/plain.lua: pages/s of plain newsextract.extract on one page in
-- this (LuaJIT) process, with the same options the nginx filter uses.
-- usage: luajit tests/nginx/plain.lua PAGE URL RULES_DIR SECONDS
local root = arg[0]:match("^(.*)/tests/nginx/plain%.lua$") or "."
local build = os.getenv("NX_BUILD") or (root .. "/build/luajit")
package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. package.path
package.cpath = build .. "/?.so;" .. package.cpath
local newsextract = require "newsextract"
local ffi = require "ffi"
ffi.cdef [[
    struct nx_bench_timespec { long tv_sec; long tv_nsec; };
    int clock_gettime(int clk, struct nx_bench_timespec *ts);
]]
local ts = ffi.new("struct nx_bench_timespec")
local function wall()           -- CLOCK_MONOTONIC, seconds
    ffi.C.clock_gettime(1, ts)
    return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local page_file, url, rules_dir, seconds = arg[1], arg[2], arg[3], tonumber(arg[4] or 10)
local f = assert(io.open(page_file, "rb"))
local page = f:read("*a")
f:close()
local rules = assert(newsextract.rules(rules_dir))
local opts = { url = url, content_type = "text/html", input = "html", rules = rules }

local function once()
    local article, err = newsextract.extract(page, opts)
    if not article then error("extract failed: " .. tostring(err)) end
    return article
end
for _ = 1, 5 do once() end                -- warm up (JIT, caches)
collectgarbage()
-- CPU time is what a worker would spend; wall time is printed too (the
-- machine may be shared).
local n, t0, w0 = 0, os.clock(), wall()
local elapsed = 0
while elapsed < seconds do
    for _ = 1, 5 do once() end
    n = n + 5
    elapsed = os.clock() - t0
end
local welapsed = wall() - w0
local with_json, t1 = 0, os.clock()
while os.clock() - t1 < seconds / 4 do
    newsextract.to_json(once())
    with_json = with_json + 1
end
print(("pages_per_cpu_s=%.1f"):format(n / elapsed))
print(("pages_per_s=%.1f"):format(n / welapsed))
print(("pages_per_s_json=%.1f"):format(with_json / (os.clock() - t1)))
print(("title=%s"):format(once().title or ""))
