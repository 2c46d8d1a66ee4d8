-- SPDX-License-Identifier: MIT
-- newsextract.pages: multi-page articles.
--
-- Extraction does no I/O: a caller that can fetch passes
-- opts.fetch(url) -> body, content_type, final_url | nil, err.  When the
-- page's rule names where the article goes on (single_page_link,
-- next_page_link, autodetect_next_page), follow() calls it from Lua, between
-- pages -- never from inside a C pass -- and joins the pages' bodies in
-- order.  A URL seen before (a loop), a page whose body repeats one already
-- taken, and pages past the limit (opts.max_pages, default 10, the first
-- page included) are refused, each with a note.
--
-- dir_fetcher(dir) is the CLI's fetch from saved pages: dir/urls.tsv maps
-- a URL to a file, one "URL<TAB>file" a line (file relative to dir;
-- '#' starts a comment).
local M = { _VERSION = "0.1.0" }

local type, ipairs, tostring, pcall, error = type, ipairs, tostring, pcall, error
local fmt, concat = string.format, table.concat

M.MAX_PAGES = 10

-- The URL as a key: no fragment, no trailing slash.
local function key(u)
    return (u:gsub("#.*$", ""):gsub("/+$", ""))
end

-- A page's body text, to refuse a page that repeats one already taken.
local function fingerprint(blocks)
    local t = {}
    for i = 1, math.min(#blocks, 5) do t[#t + 1] = blocks[i].text or "" end
    return concat(t, "\n")
end

-- The body of one fetched page under `rule` (the generic body when the
-- rule's body finds nothing there), and where it goes on.
local function page_body(rule, bytes, ct, url, opts, kind)
    local core = require "newsextract.core"
    local apply = require("newsextract.rule_apply").apply
    local doc, err = core.parse(bytes, { url = url, content_type = ct })
    if not doc then return nil, err end
    local ok, res = pcall(function()
        local rf = apply(rule, doc, { url = url, content_type = ct, charset = opts.charset,
            next_page = kind ~= "single" }, bytes)
        local body
        if rf.blocks and #rf.blocks > 0 then
            body = { blocks = rf.blocks, html = rf.html, images = rf.images }
        elseif not rf.no_fallback then
            body = doc:article(opts.favor)
        end
        return { body = body, pages = rf.pages }
    end)
    doc:free()
    if not ok then error(res, 0) end
    return res
end

local function append(into, body)
    for _, b in ipairs(body.blocks or {}) do into.blocks[#into.blocks + 1] = b end
    into.html = (into.html or "") .. "\n" .. (body.html or "")
    into.images = into.images or {}
    for _, im in ipairs(body.images or {}) do into.images[#into.images + 1] = im end
end

--- Follow `link` ({ url =, kind = "single"|"next" }, from the rule's fields)
--- from the first page, whose body is `body` ({ blocks, html, images }).
--- Returns the joined body; notes (a list) gets what was refused or failed.
function M.follow(rule, link, body, opts, notes)
    local fetch = opts.fetch
    if type(fetch) ~= "function" or type(link) ~= "table" then return body end
    local limit = opts.max_pages or M.MAX_PAGES
    local seen, prints = {}, {}
    if opts.url then seen[key(opts.url)] = true end
    local joined = { blocks = {}, html = body and body.html or "", images = {} }
    for _, b in ipairs(body and body.blocks or {}) do joined.blocks[#joined.blocks + 1] = b end
    for _, im in ipairs(body and body.images or {}) do joined.images[#joined.images + 1] = im end
    prints[fingerprint(joined.blocks)] = true
    local count = 1
    while link do
        local url = link.url
        if seen[key(url)] then
            notes[#notes + 1] = fmt("pages: %s was seen before (a loop): not followed", url)
            break
        end
        if link.kind ~= "single" and count >= limit then
            notes[#notes + 1] = fmt("pages: the limit of %d pages is reached: %s not followed", limit, url)
            break
        end
        seen[key(url)] = true
        local bytes, ct, final = fetch(url)
        if type(bytes) ~= "string" then
            notes[#notes + 1] = fmt("pages: %s: %s", url, tostring(ct or "not fetched"))
            break
        end
        final = type(final) == "string" and final or url
        seen[key(final)] = true
        local res, err = page_body(rule, bytes, type(ct) == "string" and ct or nil, final, opts, link.kind)
        if not res or not res.body then
            notes[#notes + 1] = fmt("pages: %s: %s", url, tostring(err or "no body"))
            break
        end
        if link.kind == "single" then
            -- the whole article on one page: it replaces what we had
            notes[#notes + 1] = fmt("pages: the single-page view %s was used", url)
            return res.body
        end
        local fp = fingerprint(res.body.blocks or {})
        if prints[fp] then
            notes[#notes + 1] = fmt("pages: %s repeats a page already taken: not joined", url)
            break
        end
        prints[fp] = true
        append(joined, res.body)
        count = count + 1
        link = res.pages
        if link and link.kind == "single" then link = nil end
    end
    return joined
end

-- {===================================================================
-- The CLI's fetch: saved pages

local read = require("newsextract.fsutil").read

--- A fetch function over a directory of saved pages (see the header).
--- Returns fetch or nil, err.
function M.dir_fetcher(dir)
    if type(dir) ~= "string" then
        error("pages.dir_fetcher: expected a directory, got " .. type(dir), 2)
    end
    local map = read(dir .. "/urls.tsv")
    if not map then return nil, dir .. "/urls.tsv: cannot read (one \"URL<TAB>file\" a line)" end
    local files, n = {}, 0
    for line in map:gmatch("[^\r\n]+") do
        n = n + 1
        if not line:find("^%s*#") and line:find("%S") then
            local u, f = line:match("^(%S+)\t+(.-)%s*$")
            if not u or f == "" then
                return nil, fmt("%s/urls.tsv: line %d: expected URL<TAB>file", dir, n)
            end
            if f:find("%.%.") or f:sub(1, 1) == "/" then
                return nil, fmt("%s/urls.tsv: line %d: %s: a file inside %s", dir, n, f, dir)
            end
            files[key(u)] = f
        end
    end
    return function(url)
        local f = files[key(url)]
        if not f then return nil, "not among the saved pages" end
        local s = read(dir .. "/" .. f)
        if not s then return nil, dir .. "/" .. f .. ": cannot read" end
        return s, nil, url
    end
end

--- A fetch function that runs curl (the CLI's --fetch-curl): redirects
--- followed, 30 s and 20 MB at most, http and https only.
function M.curl_fetcher()
    return function(url)
        if type(url) ~= "string" or not url:find("^https?://[^%s'\\]+$") then
            return nil, "not an http(s) URL"
        end
        local p = io.popen("curl -sSL --proto =http,https --max-time 30 --max-filesize 20000000 "
            .. "-w '\n%{content_type}\n%{url_effective}' '" .. url .. "' 2>/dev/null")
        if not p then return nil, "cannot run curl" end
        local out = p:read("*a")
        p:close()
        local body, ct, final = out:match("^(.*)\n([^\n]*)\n([^\n]*)$")
        if not body or final == "" then return nil, "curl: nothing fetched" end
        return body, ct ~= "" and ct or nil, final
    end
end
-- }===================================================================

return M
