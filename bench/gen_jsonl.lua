-- SPDX-License-Identifier: MIT
-- bench/gen_jsonl.lua N: N JSON Lines page records on stdout, for the
-- batch memory benchmark (bench/batch.sh).  Synthetic pages from
-- tests/batch/fixtures.lua, each with its own marker; every 100th is a
-- 200 KB page, so a leak per record or per large record would show.
local root = arg[0]:match("^(.*)/bench/[^/]*$") or "."
package.path = root .. "/tests/batch/?.lua;" .. package.path
local fx = require "fixtures"
local cjson = require "cjson"
local n = tonumber(arg[1] or "1000")
local big = ("<p>" .. ("A long paragraph of the big page, repeated to make it large. "):rep(20) .. "</p>"):rep(150)
local out = io.stdout
for i = 1, n do
    local html = fx.page("Record " .. i, "REC-" .. i, i % 100 == 0 and big or nil)
    out:write(cjson.encode({ url = "http://bench.example/" .. i, html = html }), "\n")
end
