-- SPDX-License-Identifier: MIT
-- luacheck configuration (`make lint`).
--
-- "min" is luacheck's intersection of the standard globals of Lua 5.1 to
-- 5.4 and LuaJIT: the code must run on Lua 5.4 and on LuaJIT, so it may use
-- only what both have.  A name one flavour lacks (unpack, setfenv, utf8,
-- jit) is reached through rawget(_G, ...), which tests for it.
std = "min"
max_line_length = 120
-- `not (x > 0)` is deliberate where it must also reject NaN.
ignore = { "581" }

-- Only the nginx glue runs inside nginx; it sets ngx.header, ngx.arg[...],
-- ngx.ctx and ngx.status as lua-nginx-module intends.
files["lua/newsextract/resty.lua"] = {
    read_globals = { ngx = { other_fields = true, read_only = false } },
}

-- Rule files are data, loaded by newsextract.sandbox into an environment
-- of their own: they may not read or write any global.
files["rules"] = { std = "none" }

-- Test tables hold HTML and expected text on one line each; mock methods
-- keep the real methods' signatures.
files["tests"] = { max_line_length = false, self = false }
