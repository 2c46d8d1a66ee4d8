-- SPDX-License-Identifier: MIT
-- tests/lua/test_nginx_conf.lua: the options newsextract.resty checks, and
-- `newsextract check-nginx` on configurations we write (no nginx needed).
local conf = require("newsextract.nginx_conf")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

local tmp = os.tmpname()
local write = h.write
local function problems(text)
    write(tmp, text)
    local out = conf.check_file(tmp)
    local msgs = {}
    for i, p in ipairs(out) do msgs[i] = p.line .. ": " .. p.msg end
    return msgs, out
end
local function has(list, needle)
    for _, m in ipairs(list) do
        if m:find(needle, 1, true) then return end
    end
    error(("expected a problem containing %q, got %s"):format(needle, table.concat(list, " | ")), 2)
end

case("check(): unknown, misspelt, mistyped and out-of-range options", function()
    h.eq(conf.check(nil, "x"), nil)
    h.eq(conf.check({ format = "reader", max_size = 10, cache = "c", trust_host = true }, "x"), nil)
    h.eq(conf.check({ reload_intervall = 5 }, "x"), "x: unknown option reload_intervall (did you mean reload_interval?)")
    h.eq(conf.check({ zzz = 1 }, "x"), "x: unknown option zzz")
    h.eq(conf.check({ max_size = "8m" }, "x"), "x: max_size: expected number, got string")
    h.eq(conf.check({ format = "pdf" }, "x"),
        'x: format: expected one of json, text, html, markdown, reader, got "pdf"')
    h.eq(conf.check({ max_ratio = 0 }, "x"), "x: max_ratio: expected a positive number")
    h.eq(conf.check({ rule_sets = { "/a" } }, "x"), "x: rule_sets: only configure() takes it")
    h.eq(conf.check({ rule_sets = { "/a" } }, "x", true), nil)
    h.eq(conf.check({ fetch = "origin" }, "x"), 'x: fetch: expected a location path starting with /, got "origin"')
    h.eq(conf.check(5, "x"), "x: opts: expected table, got number")
end)

case("check-nginx finds a misspelt configure() option, with its line", function()
    local msgs, out = problems([[
http {
    init_by_lua_block {
        -- a comment with a } brace
        local s = "a string with { and }"
        require("newsextract.resty").configure({
            reload_intervall = 5,
        })
    }
}
]])
    h.eq(#msgs, 1, "one problem")
    has(msgs, "newsextract.resty.configure: unknown option reload_intervall (did you mean reload_interval?)")
    h.eq(out[1].line, 2, "line of the block")
end)

case("check-nginx: per-location options, Lua syntax, variables, a missing rules dir", function()
    local msgs = problems([==[
server {
    location /a/ {
        set $newsextract_format readr;
        set $newsextract_url "https://news.example.com$uri";
        set $newsextract_fromat json;
        header_filter_by_lua_block {
            require("newsextract.resty").header_filter({ fromat = "reader", url = "https://x" .. ngx.var.uri })
        }
        body_filter_by_lua_block { require("newsextract.resty").body_filter() }
    }
    location = /extract {
        content_by_lua_block { require("newsextract.resty").content({ rules = "/nonexistent/rules" }) }
    }
    location = /broken {
        content_by_lua_block { require("newsextract.resty").content({ format = }) }
    }
    location = /other { content_by_lua_block { ngx.say("no newsextract here: {") } }
    location = /long {
        content_by_lua_block {
            local x = [[ } ]]
            require("newsextract.resty").reader({ fetch = "/_o" })
        }
    }
}
]==])
    has(msgs, "set $newsextract_format readr: expected one of")
    has(msgs, "set $newsextract_fromat: unknown newsextract variable (did you mean $newsextract_format?)")
    has(msgs, "newsextract.resty.header_filter: unknown option fromat (did you mean format?)")
    has(msgs, "newsextract.resty.content: rules: directory /nonexistent/rules not found")
    has(msgs, "Lua syntax:")
    h.eq(#msgs, 5, "exactly these: " .. table.concat(msgs, " | "))
end)

case("check-nginx follows include and passes a good configuration", function()
    local inc = tmp .. ".inc"
    write(inc, [[
location = /extract { content_by_lua_block { require("newsextract.resty").content({ max_size = 1e6 }) } }
location = /bad { content_by_lua_block { require("newsextract.resty").content({ max_sise = 1e6 }) } }
]])
    local msgs = problems("server {\n    include " .. inc .. ";\n}\n")
    h.eq(#msgs, 1, "one problem, from the included file")
    has(msgs, "unknown option max_sise (did you mean max_size?)")
    local ok = problems("init_by_lua_block { require('newsextract.resty').configure({ format = 'reader' }) }\n")
    h.eq(#ok, 0, "a good configuration")
    os.remove(inc)
end)

case("the examples/nginx.conf shape passes (with its rules path)", function()
    local src = h.read(h.root() .. "/examples/nginx.conf")
    src = src:gsub("/usr/local/share/newsextract/rules", h.root() .. "/rules")
    local msgs = problems(src)
    os.remove(tmp)
    h.eq(#msgs, 0, table.concat(msgs, " | "))
end)

return T
