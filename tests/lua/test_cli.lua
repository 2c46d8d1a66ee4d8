-- SPDX-License-Identifier: MIT
-- bin/newsextract, run as a user runs it, under the interpreter running
-- the tests (so it is checked on Lua 5.4 and on LuaJIT).
local h = require "helper"
local cjson = require "cjson"

local root = h.root()
local demo = root .. "/tests/fixtures/demo/source.html"

local q = h.quote

local function tmpname()
    local p = os.tmpname()
    os.remove(p)
    return p
end

local run = h.run_cli

local write = h.write

return {
    { name = "one input prints one JSON object", fn = function()
        local code, out, err = run("--no-rules " .. q(demo))
        h.eq(code, 0, "exit code (stderr: " .. err .. ")")
        local lines = select(2, out:gsub("\n", "\n"))
        h.eq(lines, 1, "one line")
        local a = cjson.decode(out)
        h.eq(a.title, "Harbour city opens its first floating library", "title")
        h.eq(a.source, nil, "no source key for one input")
        h.eq(a.credits, "Reporting by Maria Jensen; Editing by Peter Holm", "credits")
        h.eq(a.dateline, "AARHUS, Denmark", "dateline")
        h.eq(#a.captions, 1, "captions")
    end },
    { name = "a directory prints JSON Lines with a source key; a failing file is named, the run goes on", fn = function()
        local dir = tmpname()
        assert(os.execute("mkdir -p " .. q(dir)))
        write(dir .. "/a.html", h.read(demo))
        write(dir .. "/b.txt", "Headline of a text page\n\nBy Jane Roe\n\n" ..
            ("A body paragraph of the text page, long enough to be read as one. "):rep(3) .. "\n")
        write(dir .. "/c.html", "")
        local code, out, err = run("--no-rules " .. q(dir) .. " " .. q(dir .. "/missing.html"))
        h.eq(code, 1, "exit code says something failed")
        local n, sources = 0, {}
        for line in out:gmatch("[^\n]+") do
            n = n + 1
            local o = cjson.decode(line)
            sources[#sources + 1] = o.source
        end
        h.eq(n, 4, "one line per input")
        assert(sources[1]:find("a.html$") and sources[2]:find("b.txt$") and sources[3]:find("c.html$"),
            table.concat(sources, ","))
        assert(err:find("missing.html", 1, true), "the failing file is named: " .. err)
        os.execute("rm -rf " .. q(dir))
    end },
    { name = "--format text and markdown; stdin with -", fn = function()
        local code, out = run("--no-rules --format text -", demo)
        h.eq(code, 0, "exit code")
        assert(out:find("^Harbour city opens its first floating library\n\nAARHUS"), out:sub(1, 80))
        code, out = run("--no-rules --format markdown " .. q(demo))
        h.eq(code, 0, "exit code")
        assert(out:find("## Built by volunteers", 1, true), out)
    end },
    { name = "--with-metadata: Markdown front matter and text header lines", fn = function()
        local code, out = run("--no-rules --format markdown --with-metadata " .. q(demo))
        h.eq(code, 0, "exit code")
        assert(out:find('^%-%-%-\ntitle: "Harbour city opens its first floating library"\n'), out)
        assert(out:find('\nauthors: %["Maria Jensen"%]\n'), out)
        assert(out:find("\n%-%-%-\n", 4), "front matter closed")
        code, out = run("--no-rules --format text --with-metadata " .. q(demo))
        h.eq(code, 0, "exit code")
        assert(out:find("^Title: Harbour city opens its first floating library\n"), out)
        out = select(2, run("--no-rules --format text " .. q(demo)))
        assert(not out:find("^Title: "), "no header without the flag")
    end },
    { name = "usage errors exit 2 and say why", fn = function()
        local code, _, err = run("--format pdf " .. q(demo))
        h.eq(code, 2, "exit code")
        assert(err:find("--format takes json, text, html or markdown", 1, true), err)
        code, _, err = run("--bogus")
        h.eq(code, 2, "exit code")
        assert(err:find("unknown option --bogus", 1, true), err)
        code = run("")
        h.eq(code, 2, "no input")
    end },
    { name = "--help and --version", fn = function()
        local code, out = run("--help")
        h.eq(code, 0, "exit code")
        assert(out:find("^usage: newsextract"), out)
        code, out = run("--version")
        h.eq(code, 0, "exit code")
        assert(out:find("^newsextract %d+%.%d+"), out)
    end },
    { name = "--input text forces the text path; --url reaches the article", fn = function()
        local code, out = run("--no-rules --input text --url https://x.example/a " .. q(demo))
        h.eq(code, 0, "exit code")
        local a = cjson.decode(out)
        h.eq(a.input, "text", "input kind")
        code, out = run("--no-rules --url https://x.example/news/a.html " .. q(demo))
        h.eq(code, 0, "exit code with --url")
        a = cjson.decode(out)
        assert(a.html:find('src="https://x.example/img/ferry-library.jpg"', 1, true), "links resolved against --url")
    end },
}
