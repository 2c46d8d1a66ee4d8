-- SPDX-License-Identifier: MIT
-- newsextract.cli: the `newsextract` command.
--
--   newsextract [options] FILE|DIR|- ...     extract articles
--   newsextract eval [options]               score the corpus
--   newsextract test-rules [DIR]             run the tests inside rules
--   newsextract new-rule PAGE --url U        start a rule from a saved page
local newsextract = require "newsextract"

local io, os, type, ipairs, tostring, pcall = io, os, type, ipairs, tostring, pcall
local format = string.format

local M = { _VERSION = "0.1.0" }

local USAGE = [[
usage: newsextract [options] FILE|DIR|- ...
       newsextract eval [--corpus DIR] [--set readability|reuters|wcxb|all]  (checkout only)
       newsextract test-rules [DIR]
       newsextract new-rule PAGE.html --url URL [--out FILE]

Extracts the article of each news page (HTML in any charset, or a flat
text dump).  One input prints one JSON object; several inputs (or a
directory) print JSON Lines with a "source" key.

options:
  --url U               the page's URL (site rule choice, absolute links)
  --content-type T      the HTTP Content-Type the page came with
  --charset C           force a charset (a WHATWG label)
  --input html|text     the kind of input (default: detected)
  --rules DIR           site rules from DIR (default: the bundled rules)
  --no-rules            generic extraction only
  --favor precision|recall
  --format json|text|html|markdown   (default json)
  -h, --help            this text
  --version             the version
exit status: 0 all inputs extracted, 1 some failed, 2 usage error
]]

local function stderr(...)
    io.stderr:write(...)
end

local function is_tty(fd)
    local ok, a, _, c = pcall(os.execute, "test -t " .. fd)
    if not ok then return false end
    if type(a) == "number" then return a == 0 end
    return a == true and (c == nil or c == 0)
end

local function read_all(path)
    local f, err
    if path == "-" then
        f = io.stdin
    else
        f, err = io.open(path, "rb")
        if not f then return nil, err end
    end
    local s = f:read("*a")
    if f ~= io.stdin then f:close() end
    if not s then return nil, path .. ": cannot read" end
    return s
end

local function is_dir(path)
    local f = io.open(path, "rb")
    if not f then return false end
    local ok, _, code = f:read(1)
    f:close()
    return ok == nil and code == 21   -- EISDIR
end

local function list_dir(path)
    local files = {}
    local p = io.popen("find '" .. path:gsub("'", "'\\''") ..
        "' -type f \\( -name '*.html' -o -name '*.htm' -o -name '*.xhtml' -o -name '*.txt' \\) | LC_ALL=C sort")
    if p then
        for line in p:lines() do files[#files + 1] = line end
        p:close()
    end
    return files
end

local function parse_args(args)
    local o = { files = {}, format = "json", opts = {} }
    local i = 1
    local function value(name)
        i = i + 1
        local v = args[i]
        if v == nil then error({ usage = "option " .. name .. " needs a value" }) end
        return v
    end
    while i <= #args do
        local a = args[i]
        if a == "--url" then o.opts.url = value(a)
        elseif a == "--content-type" then o.opts.content_type = value(a)
        elseif a == "--charset" then o.opts.charset = value(a)
        elseif a == "--input" then
            o.opts.input = value(a)
            if o.opts.input ~= "html" and o.opts.input ~= "text" then
                error({ usage = "--input takes html or text" })
            end
        elseif a == "--rules" then o.rules_dir = value(a)
        elseif a == "--no-rules" then o.opts.rules = false
        elseif a == "--favor" then
            o.opts.favor = value(a)
            if o.opts.favor ~= "precision" and o.opts.favor ~= "recall" then
                error({ usage = "--favor takes precision or recall" })
            end
        elseif a == "--format" then
            o.format = value(a)
            if not ({ json = 1, text = 1, html = 1, markdown = 1 })[o.format] then
                error({ usage = "--format takes json, text, html or markdown" })
            end
        elseif a == "-h" or a == "--help" then o.help = true
        elseif a == "--version" then o.version = true
        elseif a == "-" or a:sub(1, 1) ~= "-" then o.files[#o.files + 1] = a
        else error({ usage = "unknown option " .. a })
        end
        i = i + 1
    end
    return o
end

local SUBCOMMANDS = {
    eval = "nxeval",   -- tools/eval/nxeval.lua: found from a checkout only
    ["test-rules"] = "newsextract.rules_cli",
    ["new-rule"] = "newsextract.rules_cli",
}

function M.main(args)
    args = args or {}
    local sub = SUBCOMMANDS[args[1] or ""]
    if sub then
        local rest = {}
        for i = 1, #args do rest[i] = args[i] end
        local ok, mod = pcall(require, sub)
        if not ok and sub == "nxeval" then
            stderr("newsextract eval: the evaluation tool is development tooling, not installed;",
                " run bin/newsextract eval (or make eval) from a checkout\n")
            return 2
        end
        if not ok then error(mod, 0) end
        return mod.main(rest)
    end
    local ok, o = pcall(parse_args, args)
    if not ok then
        if type(o) == "table" and o.usage then
            stderr("newsextract: ", o.usage, "\n", USAGE)
            return 2
        end
        error(o, 0)
    end
    if o.help then io.stdout:write(USAGE) return 0 end
    if o.version then io.stdout:write("newsextract ", newsextract._VERSION, "\n") return 0 end
    if #o.files == 0 then stderr(USAGE) return 2 end
    if o.rules_dir then
        local set, err = newsextract.rules(o.rules_dir)
        if not set then stderr("newsextract: ", tostring(err), "\n") return 2 end
        o.opts.rules = set
    end

    local inputs, several = {}, #o.files > 1
    for _, f in ipairs(o.files) do
        if f ~= "-" and is_dir(f) then
            several = true
            for _, x in ipairs(list_dir(f)) do inputs[#inputs + 1] = x end
        else
            inputs[#inputs + 1] = f
        end
    end
    local progress = several and #inputs > 1 and is_tty(2)
    local failed = 0
    for n, path in ipairs(inputs) do
        local article, err
        local s, rerr = read_all(path)
        if s then
            local okx, a, e = pcall(newsextract.extract, s, o.opts)
            if okx then article, err = a, e else err = tostring(a) end
        else
            err = rerr
        end
        if not article then
            failed = failed + 1
            stderr("newsextract: ", path, ": ", tostring(err), "\n")
            if several and o.format == "json" then
                io.stdout:write(newsextract.to_json({}, { source = path, error = tostring(err) }), "\n")
            end
        elseif o.format == "json" then
            io.stdout:write(newsextract.to_json(article, several and { source = path } or nil), "\n")
        else
            if several then io.stdout:write("==> ", path, " <==\n") end
            io.stdout:write(newsextract.format(article, o.format), "\n")
        end
        if progress then
            local width = 40
            local done = math.floor(width * n / #inputs)
            stderr(format("\r[%s%s] %d/%d", string.rep("#", done),
                string.rep(".", width - done), n, #inputs))
        end
    end
    if progress then stderr("\n") end
    return failed == 0 and 0 or 1
end

return M
