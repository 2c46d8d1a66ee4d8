-- SPDX-License-Identifier: MIT
-- tests/nginx/check.lua: HTTP checks against the nginx that test.sh started.
-- Run by test.sh with LuaJIT; talks to the server with curl.
--
-- Environment: NX_BASE (http://127.0.0.1:PORT), NX_PREFIX (server prefix,
-- its html/ holds the pages), NX_WORK (scratch folder).
local cjson = require "cjson.safe"

local BASE = assert(os.getenv("NX_BASE"), "NX_BASE not set")
local PREFIX = assert(os.getenv("NX_PREFIX"), "NX_PREFIX not set")
local WORK = assert(os.getenv("NX_WORK"), "NX_WORK not set")
local HTML = PREFIX .. "/html/"

local TITLE = "Harbour town votes to rebuild its lighthouse"
local BODY = "Councillors in Porthaven voted on Wednesday"

local function read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

local function write(path, s)
    local f = assert(io.open(path, "wb"))
    f:write(s)
    f:close()
end

local function q(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- http(method, path, o) -> { status=, headers = { lower-name = value }, body= }
-- o.file: request body from this file; o.headers: { "K: V", ... }; o.chunked.
local function http(method, path, o)
    o = o or {}
    local cmd = { "curl", "-sS", "--max-time", "60", "-o", q(WORK .. "/body"),
        "-D", q(WORK .. "/headers"), "-w", "'%{http_code}'", "-H", "'Expect:'" }
    if method == "HEAD" then cmd[#cmd + 1] = "-I" else
        cmd[#cmd + 1] = "-X " .. method end
    for _, h in ipairs(o.headers or {}) do cmd[#cmd + 1] = "-H " .. q(h) end
    if o.chunked then cmd[#cmd + 1] = "-H 'Transfer-Encoding: chunked'" end
    if o.file then cmd[#cmd + 1] = "--data-binary @" .. q(o.file) end
    cmd[#cmd + 1] = q(BASE .. path)
    local p = assert(io.popen(table.concat(cmd, " ")))
    local code = p:read("*a")
    p:close()
    local res = { status = tonumber(code), headers = {}, body = read(WORK .. "/body") }
    for line in read(WORK .. "/headers"):gmatch("[^\r\n]+") do
        local k, v = line:match("^([^:]+):%s*(.*)$")
        if k then res.headers[k:lower()] = v end
    end
    return res
end

local passed, failures = 0, {}

local function check(name, fn)
    local ok, err = pcall(fn)
    if ok then
        passed = passed + 1
        print("ok   " .. name)
    else
        failures[#failures + 1] = name .. ": " .. tostring(err)
        print("FAIL " .. name .. ": " .. tostring(err))
    end
end

local function show(s)
    s = tostring(s)
    if #s > 300 then s = s:sub(1, 300) .. "..." end
    return string.format("%q", s)
end

local function eq(got, want, what)
    if got ~= want then
        error(("%s: expected %s, got %s"):format(what, show(want), show(got)), 2)
    end
end

local function has(s, needle, what)
    if type(s) ~= "string" or not s:find(needle, 1, true) then
        error(("%s: expected to contain %s, got %s"):format(what, show(needle), show(s)), 2)
    end
end

local function hasnt(s, needle, what)
    if type(s) == "string" and s:find(needle, 1, true) then
        error(("%s: must not contain %s"):format(what, show(needle)), 2)
    end
end

local function json(res, what)
    has(res.headers["content-type"], "application/json", what .. " content-type")
    local v, err = cjson.decode(res.body)
    if type(v) ~= "table" then
        error(what .. ": not a JSON object (" .. tostring(err) .. "): " .. show(res.body), 2)
    end
    return v
end

-- The extraction of article.html, whatever route it took.
local function is_article(res, what)
    eq(res.status, 200, what .. " status")
    local a = json(res, what)
    eq(a.title, TITLE, what .. " title")
    has(a.text, BODY, what .. " text")
    has(type(a.paragraphs) == "table" and a.paragraphs[1], "PORTHAVEN", what .. " paragraphs[1]")
    hasnt(a.text, '"-ran"', what .. " text (script)")
    eq(a.input, "html", what .. " input")
    return a
end

local function is_error(res, status, needle, what)
    eq(res.status, status, what .. " status")
    local v = json(res, what)
    if type(v.error) ~= "string" then error(what .. ": no error member: " .. show(res.body), 2) end
    if needle then has(v.error, needle, what .. " error") end
    return v
end

local function untouched(res, file, ctype, what)
    eq(res.status, 200, what .. " status")
    has(res.headers["content-type"], ctype, what .. " content-type")
    local want = read(HTML .. file)
    if res.body ~= want then
        error(("%s: body changed (%d bytes, want %d)"):format(what, #res.body, #want), 2)
    end
end

---------------------------------------------------------------------------
-- The filter
---------------------------------------------------------------------------
check("filter: static page -> JSON", function()
    local res = http("GET", "/static/article.html")
    is_article(res, "static")
    eq(res.headers["content-length"], nil, "content-length (must be cleared)")
    eq(res.headers["etag"], nil, "etag (must be cleared)")
end)

check("filter: proxied page -> JSON", function()
    local res = http("GET", "/proxied/article.html")
    is_article(res, "proxied")
    eq(res.headers["content-encoding"], nil, "content-encoding")
end)

check("filter: upstream really sends gzip (control)", function()
    local res = http("GET", "/proxied-gz-off/article.html")
    eq(res.status, 200, "status")
    eq(res.headers["content-encoding"], "gzip", "content-encoding")
    has(res.headers["content-type"], "text/html", "content-type")
    write(WORK .. "/gz", res.body)
    local p = io.popen("gzip -dc " .. q(WORK .. "/gz"))
    local plain = p:read("*a")
    p:close()
    eq(plain, read(HTML .. "article.html"), "gunzipped body")
end)

check("filter: gzip from upstream is inflated", function()
    local res = http("GET", "/proxied-gz/article.html")
    is_article(res, "proxied-gz")
    eq(res.headers["content-encoding"], nil, "content-encoding")
end)

check("filter: reader view", function()
    local res = http("GET", "/reader/article.html")
    eq(res.status, 200, "status")
    has(res.headers["content-type"], "text/html", "content-type")
    has(res.headers["content-security-policy"], "script-src 'none'", "CSP")
    has(res.body, "<h1>" .. TITLE .. "</h1>", "body")
    has(res.body, BODY, "body")
    has(res.body, "Maria Lindqvist", "byline")
    hasnt(res.body:lower(), "<script", "body")
    hasnt(res.body, '"-ran"', "body (script text)")
end)

check("filter: HEAD gets the filtered headers", function()
    local res = http("HEAD", "/static/article.html")
    eq(res.status, 200, "status")
    has(res.headers["content-type"], "application/json", "content-type")
end)

check("filter: non-HTML responses pass through", function()
    untouched(http("GET", "/static/data.json"), "data.json", "application/json", "static json")
    untouched(http("GET", "/static/plain.txt"), "plain.txt", "text/plain", "static txt")
    untouched(http("GET", "/proxied/data.json"), "data.json", "application/json", "proxied json")
    local res = http("GET", "/static/plain.txt")
    eq(res.headers["content-length"], tostring(#read(HTML .. "plain.txt")), "content-length")
end)

check("filter: errors pass through", function()
    local res = http("GET", "/static/missing.html")
    eq(res.status, 404, "status")
    has(res.headers["content-type"], "text/html", "content-type")
    has(res.body, "404 Not Found", "body")
end)

check("filter: too large (known length) passes through", function()
    local res = http("GET", "/static/big.html")
    untouched(res, "big.html", "text/html", "static big")
    eq(res.headers["content-length"], tostring(#read(HTML .. "big.html")), "content-length")
end)

check("filter: too large gzip stream passes through inflated", function()
    local res = http("GET", "/proxied-gz/big.html")
    eq(res.headers["content-encoding"], nil, "content-encoding")
    if res.body ~= read(HTML .. "big.html") then
        error(("body: %d bytes, want the %d of big.html"):format(#res.body,
            #read(HTML .. "big.html")))
    end
end)

check("filter: malformed page", function()
    local res = http("GET", "/static/malformed.html")
    eq(res.status, 200, "status")
    local v = json(res, "malformed")
    if v.error == nil and v.input ~= "html" then
        error("neither an article nor an error: " .. show(res.body))
    end
end)

check("filter: 0-byte page", function()
    is_error(http("GET", "/static/empty.html"), 200, nil, "empty")
end)

check("filter: broken gzip from upstream", function()
    is_error(http("GET", "/proxied-badgz/article.html"), 200, "gzip", "bad gzip")
end)

check("filter: site rules are loaded, cached and reloaded", function()
    local dir = PREFIX .. "/rules/gazette"
    assert(os.execute("mkdir -p '" .. dir .. "'"))
    local function rule(title)
        write(dir .. "/2021.lua", ([[
return {
    site = "gazette.example.com", template = "gazette-2021",
    detect = { "h1.headline" },
    title = { %q },
    body = { "div.article-body" },
}
]]):format(title))
    end
    rule("h1.headline")
    local a = json(http("GET", "/ruled/article.html"), "ruled")
    eq(a.rule, "gazette-2021", "rule")
    eq(a.title, TITLE, "title")
    -- the set is cached: an edit is seen only after reload_interval (1 s)
    rule("p.byline")
    os.execute("sleep 1.5")
    a = json(http("GET", "/ruled/article.html"), "ruled after edit")
    eq(a.rule, "gazette-2021", "rule after edit")
    eq(a.title, "By Maria Lindqvist", "title after edit")
    -- a broken edit keeps the server answering (generic extraction)
    write(dir .. "/2021.lua", "return { site = ")
    os.execute("sleep 1.5")
    a = json(http("GET", "/ruled/article.html"), "ruled after a broken edit")
    eq(a.rule, nil, "rule after a broken edit")
    eq(a.title, TITLE, "title after a broken edit")
end)

check("filter: the result cache holds one entry per page version", function()
    local keys = function() return tonumber((http("GET", "/cache-keys").body:match("%d+"))) end
    local before = keys()
    is_article(http("GET", "/cached/article.html"), "cached 1")
    eq(keys(), before + 1, "entries after the first request")
    is_article(http("GET", "/cached/article.html"), "cached 2")
    eq(keys(), before + 1, "entries after the same page again (a hit)")
    -- a changed page is another key: its new text is served, not the old
    local orig = read(HTML .. "article.html")
    write(HTML .. "cached-page.html", orig)
    is_article(http("GET", "/cached/cached-page.html"), "cached copy")
    -- (this server has no server_name, so no page URL: the same bytes are the same key)
    eq(keys(), before + 1, "entries: the same bytes under another path")
    write(HTML .. "cached-page.html", (orig:gsub("Councillors in Porthaven", "Aldermen in Porthaven")))
    local a = json(http("GET", "/cached/cached-page.html"), "changed page")
    has(a.text, "Aldermen in Porthaven", "changed page text")
    eq(keys(), before + 2, "entries after the page changed")
    os.remove(HTML .. "cached-page.html")
end)

---------------------------------------------------------------------------
-- POST /extract
---------------------------------------------------------------------------
local page = HTML .. "article.html"
local html_ct = { "Content-Type: text/html; charset=utf-8" }

check("extract: JSON", function()
    local a = is_article(http("POST", "/extract", { file = page, headers = html_ct }), "json")
    eq(a.authors and a.authors[1], "Maria Lindqvist", "authors[1]")
end)

check("extract: format=text", function()
    local res = http("POST", "/extract?format=text", { file = page, headers = html_ct })
    eq(res.status, 200, "status")
    has(res.headers["content-type"], "text/plain", "content-type")
    has(res.body, BODY, "body")
    hasnt(res.body, "<p>", "body")
end)

check("extract: format=markdown", function()
    local res = http("POST", "/extract?format=markdown", { file = page, headers = html_ct })
    eq(res.status, 200, "status")
    has(res.headers["content-type"], "text/markdown", "content-type")
    has(res.body, BODY, "body")
end)

check("extract: format=html", function()
    local res = http("POST", "/extract?format=html", { file = page, headers = html_ct })
    eq(res.status, 200, "status")
    has(res.headers["content-type"], "text/html", "content-type")
    has(res.headers["content-security-policy"], "script-src 'none'", "CSP")
    has(res.body, "<p>", "body")
    has(res.body, BODY, "body")
    hasnt(res.body:lower(), "<script", "body")
end)

check("extract: format=reader", function()
    local res = http("POST", "/extract?format=reader&url=https%3A%2F%2Fgazette.example.com%2Fx",
        { file = page, headers = html_ct })
    eq(res.status, 200, "status")
    has(res.headers["content-security-policy"], "script-src 'none'", "CSP")
    has(res.body, "<h1>" .. TITLE .. "</h1>", "body")
    eq(res.headers["content-length"], tostring(#res.body), "content-length")
end)

check("extract: text input", function()
    local res = http("POST", "/extract", { file = HTML .. "article.txt",
        headers = { "Content-Type: text/plain" } })
    eq(res.status, 200, "status")
    local a = json(res, "text input")
    eq(a.input, "text", "input")
    has(a.text, "Councillors in Porthaven", "text")
end)

check("extract: body buffered to a file", function()
    local res = http("POST", "/extract", { file = WORK .. "/padded.html", headers = html_ct })
    is_article(res, "2 MB body")
end)

check("extract: gzip request body", function()
    local res = http("POST", "/extract", { file = WORK .. "/article.html.gz",
        headers = { "Content-Type: text/html", "Content-Encoding: gzip" } })
    is_article(res, "gzip body")
end)

check("extract: gzip bytes without Content-Encoding", function()
    local res = http("POST", "/extract", { file = WORK .. "/article.html.gz", headers = html_ct })
    if res.status ~= 200 and res.status ~= 422 then
        error("status: expected 200 or 422, got " .. tostring(res.status))
    end
    local v = json(res, "gzip bytes")
    hasnt(v.text, BODY, "text")   -- nothing readable in compressed bytes
end)

check("extract: broken gzip body", function()
    is_error(http("POST", "/extract", { file = page,
        headers = { "Content-Type: text/html", "Content-Encoding: gzip" } }),
        400, "gzip", "broken gzip")
end)

check("extract: unsupported Content-Encoding", function()
    is_error(http("POST", "/extract", { file = page,
        headers = { "Content-Type: text/html", "Content-Encoding: br" } }),
        415, "br", "br")
end)

check("extract: malformed page", function()
    local res = http("POST", "/extract", { file = HTML .. "malformed.html", headers = html_ct })
    if res.status ~= 200 and res.status ~= 422 then
        error("status: expected 200 or 422, got " .. tostring(res.status))
    end
    json(res, "malformed")
end)

check("extract: wrong method", function()
    local res = http("GET", "/extract")
    is_error(res, 405, "POST", "GET")
    eq(res.headers["allow"], "POST", "Allow")
    is_error(http("PUT", "/extract", { file = page }), 405, "PUT", "PUT")
end)

check("extract: unknown format", function()
    is_error(http("POST", "/extract?format=pdf", { file = page }), 400, "format", "pdf")
    is_error(http("POST", "/extract?format=json&format=text", { file = page }), 400,
        "format", "twice")
    is_error(http("POST", "/extract?input=pdf", { file = page }), 400, "input", "input")
end)

check("extract: 0-byte body", function()
    is_error(http("POST", "/extract", { file = HTML .. "empty.html", headers = html_ct }),
        400, "empty", "empty")
    is_error(http("POST", "/extract"), 400, "empty", "no body")
end)

check("extract: 20 MB body", function()
    is_error(http("POST", "/extract", { file = WORK .. "/20mb.html", headers = html_ct }),
        413, "8388608", "20 MB")
end)

check("extract: gzip body of 20 MB once inflated", function()
    is_error(http("POST", "/extract", { file = WORK .. "/20mb.html.gz",
        headers = { "Content-Type: text/html", "Content-Encoding: gzip" } }),
        413, "once decompressed", "20 MB gzip")
end)

check("extract: 9 MB chunked body", function()
    is_error(http("POST", "/extract", { file = WORK .. "/9mb.html", headers = html_ct,
        chunked = true }), 413, "8388608", "9 MB chunked")
end)

check("extract: 40 MB body (over nginx's own limit)", function()
    is_error(http("POST", "/extract", { file = WORK .. "/40mb.html", headers = html_ct }),
        413, "too large", "40 MB")
end)

check("extract: misconfigured handler", function()
    is_error(http("POST", "/extract-misconfigured", { file = page }), 500,
        "misconfigured", "misconfigured")
end)

check("still serving after the bad inputs", function()
    is_article(http("GET", "/static/article.html"), "static again")
end)

print(("%d passed, %d failed"):format(passed, #failures))
for _, f in ipairs(failures) do io.stderr:write("FAIL ", f, "\n") end
os.exit(#failures == 0 and 0 or 1)
