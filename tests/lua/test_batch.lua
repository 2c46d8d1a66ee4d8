-- SPDX-License-Identifier: MIT
-- The batch CLI (docs/BATCH.md): WARC, JSON Lines, garbage, --jobs, order,
-- statuses and exit codes, run as a user runs bin/newsextract, under the
-- interpreter running the tests.
local h = require "helper"
local cjson = require "cjson"

local root = h.root()
package.path = root .. "/tests/batch/?.lua;" .. package.path
local fx = require "fixtures"

local q = h.quote

local function tmpdir()
    local p = os.tmpname()
    os.remove(p)
    assert(os.execute("mkdir -p " .. q(p)))
    return p
end

local run = h.run_cli

local function lines(out)
    local t = {}
    for l in out:gmatch("[^\n]+") do t[#t + 1] = cjson.decode(l) end
    return t
end

-- Each output line against the expected list, in order.
local function check(got, expect, what)
    h.eq(#got, #expect, what .. ": number of records")
    for i, e in ipairs(expect) do
        local g = got[i]
        h.eq(g.status, e.status, what .. ": record " .. i .. " status (" .. tostring(g.error) .. ")")
        if e.url then h.eq(g.url, e.url, what .. ": record " .. i .. " url") end
        if e.marker then
            assert(g.text and g.text:find(e.marker, 1, true), what .. ": record " .. i .. " lost " .. e.marker)
        end
        if e.text then
            assert(g.text:find(e.text, 1, true), what .. ": record " .. i .. " text: " .. g.text:sub(1, 200))
        end
        if e.status ~= "ok" then assert(type(g.error) == "string" and g.error ~= "", what .. ": message") end
    end
end

local function expected_of(recs)
    local e = {}
    for _, r in ipairs(recs) do if r.expect then e[#e + 1] = r.expect end end
    return e
end

return {
    { name = "WARC: a record's WARC-Date is the reference time for relative dates", fn = function()
        local d = tmpdir()
        local page = "<html><head><title>Quay</title></head><body><article><h1>Quay accounts</h1>" ..
            "<p class='byline'>By Anna Berg</p><p class='date'>3 days ago</p>" ..
            fx.page("x", "MARKER-REL"):match("<p>.*</p>") .. "</article></body></html>"
        local block = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" .. page
        fx.write(d .. "/r.warc", fx.record("1.0", "response", "https://news.example.org/quay", block))
        local code, out, err = run("--no-rules --jobs 1 " .. q(d .. "/r.warc"))
        h.eq(code, 0, "exit code (" .. err .. ")")
        local got = lines(out)
        h.eq(#got, 1, "one record")
        h.eq(got[1].published, "2025-12-30", "3 days before 2026-01-02T03:04:05Z")
        -- a worker gets the record's date too
        local code2, out2 = run("--no-rules --jobs 2 " .. q(d .. "/r.warc"))
        h.eq(code2, 0, "exit code, --jobs 2")
        h.eq(out2, out, "--jobs 2 output")
        -- the same page outside a WARC has no reference time: no date
        fx.write(d .. "/r.html", page)
        out = select(2, run("--no-rules " .. q(d .. "/r.html")))
        h.eq(cjson.decode(out).published, nil, "no relative date without a reference time")
    end },
    { name = "WARC: response records in order, others skipped and counted, HTTP charset and URI used", fn = function()
        local d = tmpdir()
        local bytes, recs = fx.warc()
        fx.write(d .. "/a.warc", bytes)
        local code, out, err = run("--no-rules --jobs 1 " .. q(d .. "/a.warc"))
        check(lines(out), expected_of(recs), "plain WARC")
        h.eq(code, 1, "exit code: one record is empty")
        assert(err:find("4 skipped", 1, true), "summary counts the skipped records: " .. err)
        assert(err:find("1 non-HTML", 1, true), "the PNG response is counted as not HTML: " .. err)
        os.execute("rm -rf " .. q(d))
    end },
    { name = "WARC.gz: one member per record, a damaged member and a cut last record are error records", fn = function()
        local d = tmpdir()
        local bytes, recs = fx.warc({ gzip = true, corrupt = 4, cut = true })
        fx.write(d .. "/b.warc.gz", bytes)
        local code, out = run("--no-rules --jobs 1 " .. q(d .. "/b.warc.gz"))
        local got = lines(out)
        local want = {}
        for i, r in ipairs(recs) do
            if i == 4 then want[#want + 1] = { status = "error" }
            elseif r.expect then want[#want + 1] = r.expect end
        end
        want[#want + 1] = { status = "error" }   -- the cut record
        check(got, want, "WARC.gz")
        assert(got[#got].error:find("truncated", 1, true) or got[#got].error:find("gzip", 1, true),
            got[#got].error)
        h.eq(code, 1, "exit code")
        -- the same file named .bin, with --input warc, on stdin
        local code2, out2 = run("--no-rules --jobs 1 --input warc -", d .. "/b.warc.gz")
        h.eq(code2, 1, "exit code on stdin")
        h.eq(#lines(out2), #got, "stdin gives the same records")
        os.execute("rm -rf " .. q(d))
    end },
    { name = "JSON Lines: statuses, order, custom field names, stdin", fn = function()
        local d = tmpdir()
        local s, expect = fx.jsonl()
        fx.write(d .. "/c.jsonl", s)
        local code, out = run("--no-rules --jobs 1 " .. q(d .. "/c.jsonl"))
        check(lines(out), expect, "jsonl")
        h.eq(code, 1, "exit code")
        code, out = run("--no-rules --jobs 1 --input jsonl -", d .. "/c.jsonl")
        h.eq(code, 1, "exit code, stdin")
        check(lines(out), expect, "jsonl on stdin")
        fx.write(d .. "/d.jsonl", cjson.encode({ link = "http://k.example/", body = fx.page("K", "KMARK") }) .. "\n")
        code, out = run("--no-rules --url-field link --html-field body " .. q(d .. "/d.jsonl"))
        h.eq(code, 0, "exit code with renamed fields")
        check(lines(out), { { status = "ok", url = "http://k.example/", marker = "KMARK" } }, "renamed fields")
        code = run("--no-rules --exit-zero " .. q(d .. "/c.jsonl"))
        h.eq(code, 0, "--exit-zero")
        os.execute("rm -rf " .. q(d))
    end },
    { name = "garbage in a directory: gzip inflated, binary not_html, empty empty; names with newlines; globs", fn = function()
        local d = tmpdir()
        fx.write(d .. "/1-good.html", fx.page("Good", "GMARK-1"))
        fx.write(d .. "/2-gzipped.html", fx.gzip(fx.page("Gzipped", "GMARK-2")))
        fx.write(d .. "/3-image.html", "\137PNG\r\n\26\n" .. ("\0\1\2\3"):rep(300))
        fx.write(d .. "/4-empty.html", "")
        local rnd = {}
        for i = 1, 3000 do rnd[i] = string.char((i * 7919 + 13) % 256) end
        fx.write(d .. "/5-random.html", table.concat(rnd))
        fx.write(d .. "/6-new\nline.html", fx.page("Newline", "GMARK-6"))
        fx.write(d .. "/7-truncated.html", fx.page("Cut", "GMARK-7"):sub(1, 700))
        fx.write(d .. "/expected.html", fx.page("Not an input", "NOT-INPUT"))
        local code, out = run("--no-rules --jobs 1 --exclude 'expected.*' " .. q(d))
        local got = lines(out)
        check(got, { { status = "ok", marker = "GMARK-1" }, { status = "ok", marker = "GMARK-2" },
            { status = "not_html" }, { status = "empty" }, { status = "not_html" },
            { status = "ok", marker = "GMARK-6" }, { status = "ok", marker = "GMARK-7" } }, "directory")
        h.eq(got[6].source, d .. "/6-new\nline.html", "a name with a newline is one input")
        h.eq(code, 1, "exit code")
        code, out = run("--no-rules --include '1-*' " .. q(d))
        h.eq(#lines(out), 1, "--include")
        h.eq(code, 0, "exit code, all ok")
        os.execute("rm -rf " .. q(d))
    end },
    { name = "--files-from, NUL- and newline-separated; --output-dir", fn = function()
        local d = tmpdir()
        fx.write(d .. "/a\nb.html", fx.page("A", "FMARK-A"))
        fx.write(d .. "/c.html", fx.page("C", "FMARK-C"))
        fx.write(d .. "/list0", d .. "/c.html\0" .. d .. "/a\nb.html\0")
        fx.write(d .. "/list1", d .. "/c.html\n" .. d .. "/c.html\n")
        local code, out = run("--no-rules --files-from " .. q(d .. "/list0"))
        h.eq(code, 0, "exit code")
        check(lines(out), { { status = "ok", marker = "FMARK-C" }, { status = "ok", marker = "FMARK-A" } }, "NUL list")
        code, out = run("--no-rules --files-from -", d .. "/list1")
        h.eq(code, 0, "exit code, list on stdin")
        check(lines(out), { { status = "ok", marker = "FMARK-C" }, { status = "ok", marker = "FMARK-C" } }, "lines")
        code, out = run("--no-rules --format markdown --output-dir " .. q(d .. "/out") .. " " .. q(d .. "/c.html"))
        h.eq(code, 0, "exit code")
        local idx = lines(out)
        h.eq(#idx, 1, "one index line")
        h.eq(idx[1].status, "ok", "status")
        assert(h.read(idx[1].output):find("FMARK-C", 1, true), "the output file holds the article")
        os.execute("rm -rf " .. q(d))
    end },
    { name = "--jobs 2 gives exactly the output of --jobs 1", fn = function()
        local d = tmpdir()
        fx.write(d .. "/a.warc.gz", (fx.warc({ gzip = true, corrupt = 6, cut = true })))
        fx.write(d .. "/b.jsonl", (fx.jsonl()))
        for i = 1, 12 do fx.write(string.format("%s/p%02d.html", d, i), fx.page("P" .. i, "PMARK-" .. i)) end
        fx.write(d .. "/z.html", "")
        local c1, o1 = run("--no-rules --jobs 1 " .. q(d))
        local c2, o2 = run("--no-rules --jobs 2 " .. q(d))
        local c3, o3 = run("--no-rules --jobs 3 --format text " .. q(d))
        local c4, o4 = run("--no-rules --jobs 1 --format text " .. q(d))
        h.eq(c2, c1, "exit code")
        assert(#lines(o1) >= 30, "records: " .. #lines(o1))
        h.eq(o2, o1, "--jobs 2 output")
        h.eq(c3, c4, "exit code, text")
        h.eq(o3, o4, "--jobs 3 text output")
        os.execute("rm -rf " .. q(d))
    end },
    { name = "--max-memory: a page past a worker's limit is an error record, the run goes on", fn = function()
        -- the limit is an address-space limit, and a sanitizer runtime
        -- reserves terabytes of shadow address space at start
        if os.getenv("ASAN_OPTIONS") then h.skip("under ASan: an address-space limit stops the runtime itself") end
        local d = tmpdir()
        fx.write(d .. "/a-huge.html", "<html><body>" .. ("<p>x y z w</p>"):rep(2500000) .. "</body></html>")
        -- with two workers, the later pages queue behind the huge one too:
        -- the worker that dies on it hands them to the one that replaces it
        local expect = { { status = "error" } }
        for i = 1, 6 do
            fx.write(d .. "/b-small" .. i .. ".html", fx.page("Small", "SMALL-MARK" .. i))
            expect[#expect + 1] = { status = "ok", marker = "SMALL-MARK" .. i }
        end
        local code, out, err = run("--no-rules --jobs 2 --max-memory 64 " .. q(d))
        check(lines(out), expect, "max-memory")
        -- a record's bytes cross the pipe: the worker dies receiving the
        -- huge one, and the small records queued behind it still come out
        local jl = { cjson.encode({ url = "https://x.example/huge",
            html = "<html><body>" .. ("<p>x y z w</p>"):rep(2500000) .. "</body></html>" }) }
        for i = 1, 6 do
            jl[#jl + 1] = cjson.encode({ url = "https://x.example/" .. i, html = fx.page("Small", "JMARK" .. i) })
        end
        fx.write(d .. "/j.jsonl", table.concat(jl, "\n") .. "\n")
        local jcode, jout, jerr = run("--no-rules --jobs 2 --max-memory 64 " .. q(d .. "/j.jsonl"))
        local jexpect = { { status = "error" } }
        for i = 1, 6 do jexpect[#jexpect + 1] = { status = "ok", marker = "JMARK" .. i } end
        check(lines(jout), jexpect, "max-memory, JSON Lines")
        assert(jerr:find("worker process died", 1, true), "the huge record killed its worker: " .. jerr)
        h.eq(jcode, 1, "exit code, JSON Lines")
        assert(err:find("a-huge.html", 1, true), "the failed page is named: " .. err)
        h.eq(code, 1, "exit code")
        os.execute("rm -rf " .. q(d))
    end },
    { name = "on a terminal: a progress line with rates, failures and ETA; --quiet: nothing; a summary with the CPU", fn = function()
        if not os.execute("script -qec true /dev/null >/dev/null 2>&1") then
            h.skip("no util-linux script(1) to give the run a terminal")
        end
        local d = tmpdir()
        for i = 1, 8 do fx.write(string.format("%s/p%02d.html", d, i), fx.page("P" .. i, "PMARK-" .. i)) end
        fx.write(d .. "/z.html", "")
        local lua = arg and arg[-1] or "lua5.4"
        local function on_tty(args)
            local log = d .. "/typescript"
            os.execute("script -qec " .. q(q(lua) .. " " .. q(root .. "/bin/newsextract") .. " " .. args ..
                " >" .. q(d .. "/out")) .. " " .. q(log) .. " >/dev/null 2>&1")
            return h.read(log) or ""
        end
        local tty = on_tty("--no-rules --jobs 2 " .. q(d))
        for _, want in ipairs({ " records, ", "/s, ", " MB/s, ", " failed", "ETA ",
            "z.html: empty", "9 records: 8 ok, 1 empty", "coordinator" }) do
            assert(tty:find(want, 1, true), "the terminal shows " .. want .. ": " .. tty)
        end
        h.eq(#lines(h.read(d .. "/out")), 9, "records on stdout")
        local quiet = on_tty("--quiet --no-rules --jobs 2 " .. q(d))
        assert(not quiet:find("records", 1, true) and not quiet:find("z.html", 1, true),
            "--quiet: nothing on the terminal: " .. quiet)
        os.execute("rm -rf " .. q(d))
    end },
    { name = "NX_LUA picks the Lua, and DEFAULT_LUA (one line of bin/newsextract) decides when it is unset", fn = function()
        local lua = arg and arg[-1] or "lua5.4"
        local function version(env)
            local p = io.popen(env .. " " .. q(lua) .. " " .. q(root .. "/bin/newsextract") .. " --version")
            local v = p:read("*a")
            p:close()
            return v
        end
        local has_jit = os.execute("command -v luajit >/dev/null 2>&1") and
            io.open(root .. "/build/luajit/newsextract/core.so", "rb")
        local has_54 = os.execute("command -v lua5.4 >/dev/null 2>&1") and
            io.open(root .. "/build/lua5.4/newsextract/core.so", "rb")
        if not (has_jit and has_54) then h.skip("needs both lua5.4 and luajit, with their builds") end
        assert(version("NX_LUA=luajit"):find("LuaJIT", 1, true), "NX_LUA=luajit")
        assert(version("NX_LUA=lua5.4"):find("Lua 5.4", 1, true), "NX_LUA=lua5.4")
        assert(version("NX_LUA=auto"):find("LuaJIT", 1, true), "NX_LUA=auto: the fastest, LuaJIT")
        local src = h.read(root .. "/bin/newsextract")
        local n = select(2, src:gsub("\nlocal DEFAULT_LUA = \"", ""))
        h.eq(n, 1, "one DEFAULT_LUA line")
        local default = src:match("\nlocal DEFAULT_LUA = \"([^\"]*)\"")
        local unset = version("env -u NX_LUA")
        if default == "auto" then assert(unset:find("LuaJIT", 1, true), "auto: " .. unset)
        else
            h.eq(default, "lua5.4", "DEFAULT_LUA is auto or lua5.4")
            assert(unset:find(rawget(_G, "jit") and "LuaJIT" or "Lua 5.4", 1, true),
                "lua5.4 default: the Lua that started it runs: " .. unset)
        end
    end },
    { name = "--version names the Lua it runs on", fn = function()
        local code, out = run("--version")
        h.eq(code, 0, "exit code")
        local want = rawget(_G, "jit") and "LuaJIT" or "Lua 5.4"
        assert(out:find(want, 1, true), out)
    end },
}
