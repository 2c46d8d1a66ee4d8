-- SPDX-License-Identifier: MIT
-- tests/nginx/check_rule_choice.lua: behind a proxy location the filter
-- sees nginx's own URL (http://127.0.0.1:PORT/proxied/...), which names no
-- site rule; the matcher then goes by the page's canonical host and its
-- rules' detect, so the bundled Reuters rule applies with no per-location
-- `url`.  Run by test.sh with LuaJIT after check.lua, against the same
-- server.  Environment: NX_BASE, NX_PREFIX, NX_WORK, NX_ROOT (checkout).
local cjson = require "cjson.safe"

local BASE = assert(os.getenv("NX_BASE"), "NX_BASE not set")
local PREFIX = assert(os.getenv("NX_PREFIX"), "NX_PREFIX not set")
local WORK = assert(os.getenv("NX_WORK"), "NX_WORK not set")
local ROOT = os.getenv("NX_ROOT") or "."

local function copy(from, to)
    local f = assert(io.open(from, "rb"))
    local s = f:read("*a")
    f:close()
    f = assert(io.open(to, "wb"))
    f:write(s)
    f:close()
end

local function get(path)
    local out = WORK .. "/rule-choice.json"
    local p = assert(io.popen(("curl -sS --max-time 60 -o '%s' -w '%%{http_code}' '%s%s'")
        :format(out, BASE, path)))
    local code = p:read("*a")
    p:close()
    local f = assert(io.open(out, "rb"))
    local body = f:read("*a")
    f:close()
    return tonumber(code), cjson.decode(body)
end

local failures = 0
local function check(name, path, want_rule)
    local code, a = get(path)
    local got = type(a) == "table" and a.rule or nil
    if code == 200 and got == want_rule then
        print("ok   " .. name)
    else
        failures = failures + 1
        print(("FAIL %s: status %s, rule %s (want %s)"):format(name, tostring(code),
            tostring(got), tostring(want_rule)))
    end
end

-- the synthetic Reuters page we wrote, served by the upstream server
copy(ROOT .. "/tests/fixtures/reuters-2016/source.html", PREFIX .. "/html/rule-choice-reuters.html")
check("filter behind a proxy: the site rule applies without `url`",
    "/proxied/rule-choice-reuters.html", "reuters-2016")
check("filter behind a proxy: a page no rule fits stays generic",
    "/proxied/article.html", nil)
os.exit(failures == 0 and 0 or 1)
