-- SPDX-License-Identifier: MIT
-- tests/nginx/t/run.lua: a small runner for Test::Nginx-style blocks (the
-- Perl module is not in Debian).  Each `=== TEST n: name` block gets its own
-- nginx (daemon off, a fresh prefix, 127.0.0.1), built from the template
-- below with the block's `--- http_config` and `--- config`; the request is
-- made with curl and the answer checked against the block's sections.
--
-- Sections: http_config, config, main_config, workers, request ("METHOD
-- /path"), more_headers, request_body_file (a fixture), error_code,
-- response_headers ("Name: value", "!Name" = absent), response_headers_like,
-- response_body, response_body_like, response_body_unlike (Lua patterns,
-- one a line), response_body_same_as (a fixture, byte for byte),
-- max_body_bytes, error_log, no_error_log (plain text, one a line),
-- must_die (nginx must refuse to start; error_log is then matched against
-- its output), check_nginx (the `newsextract check-nginx` verdict on the
-- block's configuration: "ok" or "fail" plus lines its output must hold),
-- max_rss_growth_kb (the worker's RSS after the request over before).  A
-- block without `--- config` takes the previous block's.
--
-- Environment (set by tests/nginx/t.sh): NX_NGINX, NX_LOAD_MODULES, NX_ROOT,
-- NX_BUILD, NX_WORK (pages: fixtures and generated ones).  usage:
--   luajit tests/nginx/t/run.lua [FILE.t ...]
local ROOT = assert(os.getenv("NX_ROOT"), "NX_ROOT")
local BUILD = assert(os.getenv("NX_BUILD"), "NX_BUILD")
local NGINX = assert(os.getenv("NX_NGINX"), "NX_NGINX")
local MODULES = os.getenv("NX_LOAD_MODULES") or ""
local PAGES = assert(os.getenv("NX_WORK"), "NX_WORK")

-- sh(cmd) -> output, ok (exit status 0); works on 5.1-style io.popen too.
local function sh(cmd)
    local p = assert(io.popen("{ " .. cmd .. "\n} 2>&1; echo \"nx-rc=$?\""))
    local out = p:read("*a")
    p:close()
    local code = tonumber(out:match("nx%-rc=(%d+)%s*$"))
    out = out:gsub("nx%-rc=%d+%s*$", "")
    return out, code == 0, code
end
local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end
local function read(p)
    local f = io.open(p, "rb")
    if not f then return nil end
    local s = f:read("*a")
    f:close()
    return s
end
local function write(p, s)
    local f = assert(io.open(p, "wb"))
    f:write(s)
    f:close()
end
local function sleep(s) os.execute("sleep " .. s) end

local TEMPLATE = [[
@MODULES@
@USER@
worker_processes @WORKERS@;
pid @PREFIX@/nginx.pid;
error_log @PREFIX@/logs/error.log info;
@MAIN@
events { worker_connections 128; }
http {
    types { text/html html; text/plain txt; application/json json; }
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path @PREFIX@/tmp/body;
    proxy_temp_path @PREFIX@/tmp/proxy;
    fastcgi_temp_path @PREFIX@/tmp/fastcgi;
    uwsgi_temp_path @PREFIX@/tmp/uwsgi;
    scgi_temp_path @PREFIX@/tmp/scgi;
    lua_package_path "@ROOT@/lua/?.lua;@ROOT@/lua/?/init.lua;;";
    lua_package_cpath "@BUILD@/?.so;;";
@HTTP@
    # the origin: the pages, as static files
    server {
        listen 127.0.0.1:@PORT2@;
        root @PAGES@;
        # a gzip file served as a gzip-encoded page
        location /gz/ {
            alias @PAGES@/;
            default_type text/html;
            types { }
            add_header Content-Encoding gzip;
        }
    }
    server {
        listen 127.0.0.1:@PORT@;
        server_name news.example.com;
        root @PAGES@;
@CONFIG@
    }
}
]]

local function parse(file)
    local s = assert(read(file), "cannot read " .. file)
    local blocks = {}
    local cur, sec
    for line in (s .. "\n"):gmatch("(.-)\n") do
        local name = line:match("^=== (.*)$")
        if name then
            cur = { name = name, sections = {}, file = file }
            blocks[#blocks + 1] = cur
            sec = nil
        elseif cur then
            local sname, inline = line:match("^%-%-%- ([%w_]+):?%s*(.-)%s*$")
            if sname and line:match("^%-%-%- ") then
                sec = sname
                cur.sections[sec] = inline ~= "" and inline or ""
                cur.inline = cur.inline or {}
                cur.inline[sec] = inline ~= ""
            elseif sec then
                local v = cur.sections[sec]
                cur.sections[sec] = (v == "" and not cur.inline[sec]) and line or (v .. "\n" .. line)
            end
        end
    end
    for i, b in ipairs(blocks) do
        for k, v in pairs(b.sections) do b.sections[k] = v:gsub("%s+$", "") end
        -- a block without `--- config` runs with the one before it
        if not b.sections.config and i > 1 then b.sections.config = blocks[i - 1].sections.config end
    end
    return blocks
end

local function lines(s)
    local t = {}
    for l in (s or ""):gmatch("[^\n]+") do
        l = l:gsub("^%s+", ""):gsub("%s+$", "")
        if l ~= "" then t[#t + 1] = l end
    end
    return t
end

-- Below Linux's ephemeral range (32768-60999): a client socket there
-- (curl, chromium) makes the bind fail although nothing listens.
local function port()
    for _ = 1, 50 do
        local p = math.random(20000, 32767)
        local _, ok = sh("bash -c 'exec 3<>/dev/tcp/127.0.0.1/" .. p .. "'")
        if not ok then return p end
    end
    error("no free port")
end

local function children(pid)
    local out = sh("for d in /proc/[0-9]*; do [ \"$(awk '{print $4}' $d/stat 2>/dev/null)\" = " .. pid
        .. " ] && echo ${d#/proc/}; done")
    return lines(out)
end
local function rss(pid)
    local s = read("/proc/" .. pid .. "/status") or ""
    return tonumber(s:match("VmRSS:%s*(%d+)")) or 0
end

local function config_for(b, prefix, p1, p2)
    local sub = {
        MODULES = MODULES, USER = sh("id -u"):match("^0") and "user root root;" or "",
        WORKERS = b.sections.workers or "1", PREFIX = prefix, MAIN = b.sections.main_config or "",
        ROOT = ROOT, BUILD = BUILD, HTTP = b.sections.http_config or "",
        CONFIG = b.sections.config or "", PORT = tostring(p1), PORT2 = tostring(p2), PAGES = PAGES,
    }
    local conf = TEMPLATE:gsub("@([%u%d]+)@", function(k) return sub[k] end)
    return (conf:gsub("@([%u%d]+)@", function(k) return sub[k] end))
end

local function run_block(b)
    local S = b.sections
    local prefix = sh("mktemp -d \"${TMPDIR:-/tmp}/nx-t.XXXXXX\""):gsub("%s+$", "")
    os.execute("mkdir -p " .. q(prefix .. "/logs") .. " " .. q(prefix .. "/tmp"))
    local p1, p2 = port(), port()
    while p2 == p1 do p2 = port() end
    local conf = prefix .. "/nginx.conf"
    write(conf, config_for(b, prefix, p1, p2))
    local errs = {}
    local function fail(msg) errs[#errs + 1] = msg end

    if S.check_nginx then
        local want = lines(S.check_nginx)
        local out, ok = sh("cd " .. q(ROOT) .. " && NX_BUILD=" .. q(BUILD) .. " luajit bin/newsextract check-nginx " .. q(conf))
        local verdict = ok and "ok" or "fail"
        if want[1] ~= verdict then fail("check-nginx: expected " .. want[1] .. ", got " .. verdict .. ": " .. out) end
        for i = 2, #want do
            if not out:find(want[i], 1, true) then fail("check-nginx output lacks " .. want[i] .. ": " .. out) end
        end
    end

    local cmd = table.concat({ q(NGINX), "-p", q(prefix), "-c", q(conf), "-e", q(prefix .. "/logs/error.log"),
        "-g", q("daemon off;") }, " ")
    if S.must_die then
        local out, ok = sh("timeout 10 " .. cmd)
        if ok then fail("nginx started, expected it to refuse") end
        local all = out .. (read(prefix .. "/logs/error.log") or "")
        for _, l in ipairs(lines(S.error_log)) do
            if not all:find(l, 1, true) then fail("start-up output lacks " .. l .. ": " .. all) end
        end
        os.execute("rm -rf " .. q(prefix))
        return errs
    end

    local base, pid
    -- a bind can still race with another process: new ports, up to 5 tries
    for _ = 1, 5 do
        os.execute(cmd .. " >" .. q(prefix .. "/logs/stdout") .. " 2>&1 &")
        base = "http://127.0.0.1:" .. p1
        for _ = 1, 100 do
            pid = (read(prefix .. "/nginx.pid") or ""):match("%d+")
            if pid and select(2, sh("curl -s -o /dev/null " .. q(base .. "/blank.html"))) then break end
            pid = nil
            local log = (read(prefix .. "/logs/stdout") or "") .. (read(prefix .. "/logs/error.log") or "")
            if log:find("Address already in use", 1, true) then break end
            sleep(0.05)
        end
        local log = (read(prefix .. "/logs/stdout") or "") .. (read(prefix .. "/logs/error.log") or "")
        if pid or not log:find("Address already in use", 1, true) then break end
        sleep(0.2)   -- the refused nginx exits on its own
        write(prefix .. "/logs/error.log", "")
        write(prefix .. "/logs/stdout", "")
        p1, p2 = port(), port()
        while p2 == p1 do p2 = port() end
        write(conf, config_for(b, prefix, p1, p2))
    end
    if not pid then
        fail("nginx did not start: " .. (read(prefix .. "/logs/stdout") or "") .. (read(prefix .. "/logs/error.log") or ""))
        return errs
    end
    sleep(0.1)
    local worker = children(pid)[1]
    local rss0 = worker and rss(worker) or 0

    local method, path = (S.request or "GET /"):match("^(%u+)%s+(%S+)")
    local args = { "curl", "-sS", "--max-time", "30", "-o", q(prefix .. "/body"), "-D", q(prefix .. "/headers"),
        "-w", "'%{http_code}'", "-H", "'Expect:'" }
    if method == "HEAD" then args[#args + 1] = "-I" else args[#args + 1] = "-X " .. method end
    for _, h in ipairs(lines(S.more_headers)) do args[#args + 1] = "-H " .. q(h) end
    if S.request_body_file then args[#args + 1] = "--data-binary @" .. q(PAGES .. "/" .. S.request_body_file) end
    args[#args + 1] = q(base .. path)
    local code = sh(table.concat(args, " "))
    local body = read(prefix .. "/body") or ""
    local headers = {}
    for l in (read(prefix .. "/headers") or ""):gmatch("[^\r\n]+") do
        local k, v = l:match("^([^:]+):%s*(.*)$")
        if k then headers[k:lower()] = v end
    end
    sleep(0.1)
    local rss1 = worker and rss(worker) or 0

    local want = tonumber(S.error_code or "200")
    if tonumber(code) ~= want then fail(("status: expected %d, got %s"):format(want, code)) end
    for _, l in ipairs(lines(S.response_headers)) do
        local absent = l:match("^!%s*(.+)$")
        if absent then
            if headers[absent:lower()] then fail("header " .. absent .. " present: " .. headers[absent:lower()]) end
        else
            local k, v = l:match("^([^:]+):%s*(.*)$")
            if headers[k:lower()] ~= v then fail(("header %s: expected %q, got %q"):format(k, v, tostring(headers[k:lower()]))) end
        end
    end
    for _, l in ipairs(lines(S.response_headers_like)) do
        local k, v = l:match("^([^:]+):%s*(.*)$")
        if not (headers[k:lower()] or ""):find(v) then fail(("header %s: %q does not match %q"):format(k, tostring(headers[k:lower()]), v)) end
    end
    local short = #body > 400 and body:sub(1, 400) .. "..." or body
    if S.response_body and body ~= S.response_body .. "\n" and body ~= S.response_body then
        fail(("body: expected %q, got %q"):format(S.response_body, short))
    end
    for _, l in ipairs(lines(S.response_body_like)) do
        if not body:find(l) then fail(("body does not match %q: %q"):format(l, short)) end
    end
    for _, l in ipairs(lines(S.response_body_unlike)) do
        if body:find(l) then fail(("body matches %q: %q"):format(l, short)) end
    end
    if S.response_body_same_as then
        local orig = read(PAGES .. "/" .. S.response_body_same_as)
        if body ~= orig then fail(("body differs from %s (%d bytes, want %d)"):format(S.response_body_same_as, #body, #(orig or ""))) end
    end
    if S.max_body_bytes and #body > tonumber(S.max_body_bytes) then
        fail(("body of %d bytes, over %s"):format(#body, S.max_body_bytes))
    end
    if S.max_rss_growth_kb and rss1 - rss0 > tonumber(S.max_rss_growth_kb) then
        fail(("worker RSS grew %d kB (%d -> %d), over %s"):format(rss1 - rss0, rss0, rss1, S.max_rss_growth_kb))
    end
    os.execute("kill -QUIT " .. pid)
    for _ = 1, 100 do
        if not read("/proc/" .. pid .. "/status") then break end
        sleep(0.05)
    end
    local log = read(prefix .. "/logs/error.log") or ""
    for _, l in ipairs(lines(S.error_log)) do
        if not log:find(l, 1, true) then fail("error log lacks " .. l) end
    end
    local forbidden = lines(S.no_error_log)
    forbidden[#forbidden + 1] = "[alert]"
    forbidden[#forbidden + 1] = "[crit]"
    forbidden[#forbidden + 1] = "[emerg]"
    for _, l in ipairs(forbidden) do
        local at = log:find(l, 1, true)
        if at then
            local line = log:sub(at - 60 > 0 and at - 60 or 1, at + 200)
            fail("error log has " .. l .. ": " .. line)
        end
    end
    if #errs == 0 then os.execute("rm -rf " .. q(prefix)) else errs[#errs + 1] = "(kept " .. prefix .. ")" end
    return errs
end

math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
local files = {}
for i = 1, #arg do files[#files + 1] = arg[i] end
if #files == 0 then
    for f in sh("ls " .. q(ROOT .. "/tests/nginx/t") .. "/*.t"):gmatch("[^\n]+") do files[#files + 1] = f end
end
local passed, failed = 0, 0
for _, f in ipairs(files) do
    for _, b in ipairs(parse(f)) do
        local ok, errs = pcall(run_block, b)
        if not ok then errs = { tostring(errs) } end
        local short = f:match("([^/]+)$")
        if #errs == 0 then
            passed = passed + 1
            print("ok   " .. short .. ": " .. b.name)
        else
            failed = failed + 1
            print("FAIL " .. short .. ": " .. b.name)
            for _, e in ipairs(errs) do print("     " .. e) end
        end
    end
end
print(("nginx blocks: %d passed, %d failed"):format(passed, failed))
os.exit(failed == 0 and 0 or 1)
