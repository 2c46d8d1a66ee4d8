-- SPDX-License-Identifier: MIT
-- tools/eval/run.lua: the evaluation tool (development only: not installed
-- by `make install` or the rockspec).  From the checkout, after `make`:
--
--   lua5.4 tools/eval/run.lua [--corpus DIR] [--set readability|reuters|wcxb|all|ftr] ...
--   lua5.4 tools/eval/run.lua --set ftr [--markdown]   (the FTR site configs: nxftr.lua)
--
-- (`make eval` and `bin/newsextract eval` run the same thing.)
local root = (arg and arg[0] or ""):match("^(.*)/tools/eval/run%.lua$") or "."
local flavor = rawget(_G, "jit") and "luajit" or "lua5.4"
local build = os.getenv("NX_BUILD") or (root .. "/build/" .. flavor)
package.path = table.concat({ root .. "/tools/eval/?.lua", root .. "/lua/?.lua",
    root .. "/lua/?/init.lua", package.path }, ";")
package.cpath = build .. "/?.so;" .. package.cpath
os.exit(require("nxeval").main(arg))
