-- SPDX-License-Identifier: MIT
-- tests/batch/fixtures.lua: small synthetic WARC, JSON Lines and garbage
-- inputs for the batch tests (tests/lua/test_batch.lua, tests/batch/
-- test_dask.py).  Nothing here comes from the corpus.
--
--   lua5.4 tests/batch/fixtures.lua warc DIR N   writes N small .warc.gz
--                                                files (for the Dask test)
local M = {}

local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

function M.write(path, s)
    local f = assert(io.open(path, "wb"))
    f:write(s)
    f:close()
end

local function read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

-- gzip of `s` (the system gzip, one member)
function M.gzip(s)
    local tmp = os.tmpname()
    M.write(tmp, s)
    assert(os.execute("gzip -n -c " .. q(tmp) .. " > " .. q(tmp .. ".gz")))
    local z = read(tmp .. ".gz")
    os.remove(tmp)
    os.remove(tmp .. ".gz")
    return z
end

local SENTENCE = "The harbour board met on Tuesday evening and agreed, after a long " ..
    "debate about the cost of the new quay, to publish its accounts every quarter. "

-- A news page whose body carries MARKER (so the output can be checked).
function M.page(title, marker, extra)
    return "<!doctype html><html><head><title>" .. title .. "</title></head><body>" ..
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>" .. title ..
        "</h1><p>" .. marker .. " " .. SENTENCE .. "</p><p>" .. SENTENCE .. SENTENCE ..
        "</p><p>" .. (extra or "") .. SENTENCE .. "</p></article><footer>Contact us</footer></body></html>"
end

local function http(status, headers, body)
    local h = { "HTTP/1.1 " .. status .. "\r\n" }
    for _, kv in ipairs(headers) do h[#h + 1] = kv[1] .. ": " .. kv[2] .. "\r\n" end
    return table.concat(h) .. "\r\n" .. body
end

local function chunked(body)
    local out, i = {}, 1
    while i <= #body do
        local piece = body:sub(i, i + 99)
        out[#out + 1] = string.format("%x\r\n%s\r\n", #piece, piece)
        i = i + 100
    end
    return table.concat(out) .. "0\r\n\r\n"
end

-- One WARC record.
function M.record(version, wtype, uri, block, ctype)
    local h = { "WARC/" .. version, "WARC-Type: " .. wtype,
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-" .. string.format("%012d", #block) .. ">",
        "WARC-Date: 2026-01-02T03:04:05Z" }
    if uri then h[#h + 1] = "WARC-Target-URI: " .. uri end
    h[#h + 1] = "Content-Type: " .. (ctype or "application/http; msgtype=response")
    h[#h + 1] = "Content-Length: " .. #block
    return table.concat(h, "\r\n") .. "\r\n\r\n" .. block .. "\r\n\r\n"
end

-- The records of the main WARC fixture, and what each must give:
-- { bytes, expect = nil (skipped) | { status, url, marker } }.
function M.warc_records()
    local r = {}
    local function add(bytes, expect) r[#r + 1] = { bytes = bytes, expect = expect } end
    add(M.record("1.0", "warcinfo", nil, "software: fixtures\r\nformat: WARC File Format 1.0\r\n",
        "application/warc-fields"))
    add(M.record("1.0", "request", "http://news.example/a", "GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
        "application/http; msgtype=request"))
    add(M.record("1.0", "response", "<http://news.example/a>", http("200 OK",
        { { "Content-Type", "text/html; charset=utf-8" } }, M.page("Quay accounts", "MARKER-A"))),
        { status = "ok", url = "http://news.example/a", marker = "MARKER-A" })
    add(M.record("1.1", "response", "http://news.example/chunked", http("200 OK",
        { { "Content-Type", "text/html" }, { "Transfer-Encoding", "chunked" } },
        chunked(M.page("Chunked page", "MARKER-B")))),
        { status = "ok", url = "http://news.example/chunked", marker = "MARKER-B" })
    add(M.record("1.1", "response", "http://news.example/gz", http("200 OK",
        { { "Content-Type", "text/html" }, { "Content-Encoding", "gzip" } },
        M.gzip(M.page("Gzipped page", "MARKER-C")))),
        { status = "ok", url = "http://news.example/gz", marker = "MARKER-C" })
    add(M.record("1.1", "response", "http://news.example/logo.png", http("200 OK",
        { { "Content-Type", "image/png" } }, "\137PNG\r\n\26\n\0\0\0\rIHDR")))
    add(M.record("1.0", "response", "http://news.example/cp1252", http("200 OK",
        { { "Content-Type", "text/html; charset=windows-1252" } },
        M.page("Caf\233 page", "MARKER-D", "Caf\233 cr\232me. "))),
        { status = "ok", url = "http://news.example/cp1252", marker = "MARKER-D", text = "Café crème." })
    add(M.record("1.0", "response", "http://news.example/missing", http("404 Not Found",
        { { "Content-Type", "text/html" } }, "<html><body>Not found</body></html>")))
    add(M.record("1.0", "resource", "file:///local/page.html", M.page("Resource page", "MARKER-E"),
        "text/html"), { status = "ok", url = "file:///local/page.html", marker = "MARKER-E" })
    add(M.record("1.0", "response", "http://news.example/a b|c", http("200 OK",
        { { "Content-Type", "text/html" } }, M.page("Odd URI", "MARKER-F"))),
        { status = "ok", url = "http://news.example/a%20b|c", marker = "MARKER-F" })
    add(M.record("0.17", "response", "http://old.example/heritrix", http("200 OK",
        { { "Content-Type", "text/html" } }, M.page("Heritrix page", "MARKER-G"))),
        { status = "ok", url = "http://old.example/heritrix", marker = "MARKER-G" })
    add(M.record("1.0", "response", "http://news.example/empty", http("200 OK",
        { { "Content-Type", "text/html" } }, "   \n  ")),
        { status = "empty", url = "http://news.example/empty" })
    return r
end

-- The WARC fixture: plain or one gzip member per record; `cut` truncates
-- the last record; `corrupt` damages the member of record `corrupt`.
function M.warc(opts)
    opts = opts or {}
    local recs = M.warc_records()
    local parts = {}
    for i, rec in ipairs(recs) do
        local b = rec.bytes
        if opts.gzip then
            b = M.gzip(b)
            if opts.corrupt == i then
                b = b:sub(1, 20) .. ("\255"):rep(40) .. b:sub(61)
            end
        end
        parts[#parts + 1] = b
    end
    if opts.cut then
        local last = M.record("1.0", "response", "http://news.example/cut", http("200 OK",
            { { "Content-Type", "text/html" } }, M.page("Cut page", "MARKER-CUT")))
        last = last:sub(1, #last - 300)
        parts[#parts + 1] = opts.gzip and M.gzip(last) or last
    end
    return table.concat(parts), recs
end

-- JSON Lines records and what each must give.
function M.jsonl()
    local cjson = require "cjson"
    local lines, expect = {}, {}
    local function add(line, e) lines[#lines + 1] = line expect[#expect + 1] = e end
    add(cjson.encode({ url = "http://j.example/1", html = M.page("First", "JMARK-1"),
        headers = { ["Content-Type"] = "text/html; charset=utf-8" } }),
        { status = "ok", url = "http://j.example/1", marker = "JMARK-1" })
    add("{not json", { status = "error" })
    add(cjson.encode({ url = "http://j.example/3" }), { status = "error", url = "http://j.example/3" })
    add("[1,2,3]", { status = "error" })
    add(cjson.encode({ url = "http://j.example/5", html = "\0\1\2\3\4\5\6\7\8" .. ("\0\1"):rep(100) }),
        { status = "not_html", url = "http://j.example/5" })
    add(cjson.encode({ url = "http://j.example/6", html = "" }), { status = "empty", url = "http://j.example/6" })
    lines[#lines + 1] = ""   -- a blank line is not a record
    add(cjson.encode({ url = "http://j.example/7", html = M.page("Seventh", "JMARK-7") }),
        { status = "ok", url = "http://j.example/7", marker = "JMARK-7" })
    return table.concat(lines, "\n") .. "\n", expect
end

if arg and arg[0] and arg[0]:find("fixtures%.lua$") and arg[1] == "warc" then
    local dir, n = arg[2], tonumber(arg[3] or "3")
    for i = 1, n do
        local parts = {}
        for k = 1, 4 do
            local marker = string.format("SHARD%d-PAGE%d", i, k)
            parts[#parts + 1] = M.gzip(M.record("1.0", "response", "http://shard.example/" .. i .. "/" .. k,
                http("200 OK", { { "Content-Type", "text/html" } }, M.page("Shard " .. i .. " page " .. k, marker))))
        end
        M.write(string.format("%s/part-%03d.warc.gz", dir, i), table.concat(parts))
    end
end

return M
