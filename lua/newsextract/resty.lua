-- SPDX-License-Identifier: MIT
-- newsextract.resty: newsextract inside nginx (lua-nginx-module / OpenResty).
--
--   header_filter_by_lua_block { require("newsextract.resty").header_filter() }
--   body_filter_by_lua_block   { require("newsextract.resty").body_filter() }
--   content_by_lua_block       { require("newsextract.resty").content() }
--
-- The filter pair turns an HTML response (static or proxied) into the
-- extraction (JSON, text, html, markdown) or a reader-view page; the content
-- handler serves POST /extract.  Nothing here raises out of a handler: a
-- failure is logged and the response passes through (filter) or gets a JSON
-- error (handler).  Per-worker state is deliberate and small: the options set
-- by configure(), the rule sets (loaded lazily, re-checked at most once per
-- reload_interval), zlib and one scratch buffer.
local ngx = ngx
local ngx_log, ERR, WARN, INFO = ngx.log, ngx.ERR, ngx.WARN, ngx.INFO
local ngx_arg, ngx_header, ngx_var, ngx_req = ngx.arg, ngx.header, ngx.var, ngx.req
local ngx_now, ngx_print = ngx.now, ngx.print
local type, pairs, pcall, tostring, tonumber, error =
    type, pairs, pcall, tostring, tonumber, error
local concat = table.concat
local find, lower, match, format = string.find, string.lower,
    string.match, string.format
local io_open = io.open

local reader = require "newsextract.reader"
local cjson = require "cjson.safe"
local cjson_encode = cjson.encode

-- A missing core.so (wrong lua_package_cpath) must not kill every request:
-- the filter then passes through and the handler answers 503.
local ok_nx, newsextract = pcall(require, "newsextract")
local load_error
if not ok_nx then
    load_error = "newsextract: cannot load: " .. tostring(newsextract)
    newsextract = nil
end

local _M = { _VERSION = "0.1.0" }

local FORMATS = {
    json = "application/json",
    text = "text/plain; charset=utf-8",
    html = "text/html; charset=utf-8",
    markdown = "text/markdown; charset=utf-8",
    reader = reader.CONTENT_TYPE,
}
local FORMAT_LIST = "json, text, html, markdown, reader"

-- Defaults; configure() replaces them for the whole worker.
local config = {
    format = "json",          -- what the filter produces
    max_size = 8 * 1048576,   -- largest page buffered / request body accepted
    rules = nil,              -- rules directory; false: generic only; nil: library default
    reload_interval = 5,      -- seconds between checks of the rule files
    gzip = true,              -- inflate gzip responses (else pass them through)
    types = { ["text/html"] = true, ["application/xhtml+xml"] = true },
}

local OPTION_TYPES = {
    format = "string", max_size = "number", rules = "string|boolean",
    reload_interval = "number", gzip = "boolean", types = "table", url = "string",
}

-- nil when opts is acceptable, else a message naming the option.
local function check_opts(opts, where)
    if opts == nil then return nil end
    if type(opts) ~= "table" then
        return where .. ": opts: expected table, got " .. type(opts)
    end
    for k, v in pairs(opts) do
        local want = OPTION_TYPES[k]
        if not want then return where .. ": unknown option " .. tostring(k) end
        if not find(want, type(v), 1, true) then
            return format("%s: %s: expected %s, got %s", where, k, want, type(v))
        end
    end
    if opts.format ~= nil and not FORMATS[opts.format] then
        return format("%s: format: expected one of %s, got %q", where,
            FORMAT_LIST, opts.format)
    end
    if opts.rules == true then
        return where .. ": rules: expected a directory or false, got true"
    end
    if opts.max_size ~= nil and not (opts.max_size > 0) then
        return where .. ": max_size: expected a positive number"
    end
    if opts.reload_interval ~= nil and not (opts.reload_interval >= 0) then
        return where .. ": reload_interval: expected a number >= 0"
    end
    return nil
end

-- configure(opts): set the worker-wide defaults (call from init_by_lua*).
-- Raises on a bad option, which stops nginx at start-up with the message.
function _M.configure(opts)
    local err = check_opts(opts, "newsextract.resty.configure")
    if err then error(err, 2) end
    for k, v in pairs(opts or {}) do
        if k == "types" then
            local t = {}
            for mime, on in pairs(v) do
                -- accept both { "text/html" } and { ["text/html"] = true }
                if type(mime) == "number" then t[lower(on)] = true
                elseif on then t[lower(mime)] = true end
            end
            v = t
        end
        config[k] = v
    end
    return true
end

local function opt(opts, k)
    local v = opts and opts[k]
    if v == nil then v = config[k] end
    return v
end

---------------------------------------------------------------------------
-- Rule sets: one per directory per worker, created on first use.  At most
-- once per reload_interval a request calls set:reload(), which lists the
-- directory (ffi readdir under LuaJIT: no fork) and recompiles only the
-- files whose text changed; a reload that raises keeps the previous set.
---------------------------------------------------------------------------
local rule_cache = {}   -- dir -> { set = set | false, next_check = seconds }

local function log_rule_errors(set)
    if type(set.errors) ~= "table" then return end
    for i = 1, #set.errors do
        ngx_log(WARN, "newsextract: rules: ", tostring(set.errors[i]))
    end
end

-- rules_for(dir, interval) -> set | false (generic extraction only)
local function rules_for(dir, interval)
    local now = ngx_now()
    local e = rule_cache[dir]
    if e and now < e.next_check then return e.set end
    if not e then
        e = { set = false }
        rule_cache[dir] = e
    end
    e.next_check = now + interval
    if e.set then
        local ok, counts = pcall(e.set.reload, e.set)
        if not ok then
            ngx_log(ERR, "newsextract: reloading rules ", dir, ": ",
                tostring(counts), " (keeping the previous set)")
        elseif type(counts) == "table" and ((counts.added or 0)
                + (counts.changed or 0) + (counts.removed or 0)
                + (counts.failed or 0)) > 0 then
            ngx_log(INFO, "newsextract: rules reloaded from ", dir, ": ",
                counts.added or 0, " added, ", counts.changed or 0,
                " changed, ", counts.removed or 0, " removed, ",
                counts.failed or 0, " failed (last good versions kept)")
            log_rule_errors(e.set)
        end
    else
        local ok, set, err = pcall(newsextract.rules, dir)
        if ok and set then
            e.set = set
            log_rule_errors(set)
        else
            ngx_log(ERR, "newsextract: loading rules ", dir, ": ",
                tostring(ok and err or set), " (generic extraction only;"
                .. " retried in ", interval, " s)")
        end
    end
    return e.set
end

-- The bundled rules' directory (newsextract.rules.default_dir), looked up
-- once; false when there is none.
local default_dir

-- The value for extract's `rules` option.
local function rules_option(opts)
    local dir = opt(opts, "rules")
    if dir == false then return false end
    if dir == nil then
        if default_dir == nil then
            local ok, mod = pcall(require, "newsextract.rules")
            default_dir = ok and type(mod) == "table" and mod.default_dir
                and mod.default_dir() or false
        end
        if not default_dir then return nil end
        dir = default_dir
    end
    return rules_for(dir, opt(opts, "reload_interval"))
end

---------------------------------------------------------------------------
-- gzip, through ffi to the system zlib (nginx itself links it).  Output is
-- produced in 64 KiB steps and every call is bounded by `limit`.
---------------------------------------------------------------------------
local zlib          -- nil: not tried; false: unavailable; else { lib=, ... }
local Z_OK, Z_STREAM_END, Z_BUF_ERROR = 0, 1, -5
local ZBUF = 65536

local function load_zlib()
    local ok_ffi, ffi = pcall(require, "ffi")
    if not ok_ffi then zlib = false return false end
    local ok = pcall(ffi.cdef, [[
        typedef struct nx_resty_z_stream {
            const char *next_in; unsigned int avail_in; unsigned long total_in;
            char *next_out; unsigned int avail_out; unsigned long total_out;
            const char *msg; void *state;
            void *zalloc, *zfree, *opaque;
            int data_type; unsigned long adler, reserved;
        } nx_resty_z_stream;
        const char *zlibVersion(void);
        int inflateInit2_(nx_resty_z_stream *s, int bits, const char *v, int size);
        int inflate(nx_resty_z_stream *s, int flush);
        int inflateReset(nx_resty_z_stream *s);
        int inflateEnd(nx_resty_z_stream *s);
    ]])
    local lib
    if ok then
        if pcall(function() return ffi.C.inflateInit2_ end) then
            lib = ffi.C
        else
            for _, name in pairs({ "libz.so.1", "z" }) do
                local okl, l = pcall(ffi.load, name)
                if okl then lib = l break end
            end
        end
    end
    if not lib then
        ngx_log(WARN, "newsextract: zlib not available, gzip responses pass through")
        zlib = false
        return false
    end
    zlib = { lib = lib, ffi = ffi, buf = ffi.new("char[?]", ZBUF),
        version = lib.zlibVersion() }
    return zlib
end

-- A new inflate stream (gzip or zlib header, auto-detected) | nil, err.
local function inflater()
    local z = zlib
    if z == nil then z = load_zlib() end
    if not z then return nil, "gzip: zlib not available" end
    local s = z.ffi.new("nx_resty_z_stream")
    if z.lib.inflateInit2_(s, 15 + 32, z.version, z.ffi.sizeof(s)) ~= Z_OK then
        return nil, "gzip: inflateInit failed"
    end
    -- inflateEnd is safe twice (it clears state), so the finalizer can run
    -- on streams that ended normally or were abandoned by an aborted request.
    return z.ffi.gc(s, z.lib.inflateEnd)
end

-- inflate(s, data, limit) -> string | nil, err.  Concatenated gzip members
-- are decoded in turn; trailing garbage after the last one is an error.
local function inflate(s, data, limit)
    local z = zlib
    local lib, buf = z.lib, z.buf
    local out, n, total = {}, 0, 0
    s.next_in, s.avail_in = data, #data
    while true do
        s.next_out, s.avail_out = buf, ZBUF
        local rc = lib.inflate(s, 0)
        local got = ZBUF - s.avail_out
        if got > 0 then
            total = total + got
            if total > limit then return nil, "too large" end
            n = n + 1
            out[n] = z.ffi.string(buf, got)
        end
        if rc == Z_STREAM_END then
            if s.avail_in == 0 then break end
            lib.inflateReset(s)
        elseif rc == Z_BUF_ERROR then
            break                          -- needs more input
        elseif rc ~= Z_OK then
            local msg = s.msg ~= nil and z.ffi.string(s.msg) or ("error " .. rc)
            return nil, "gzip: " .. msg
        elseif s.avail_in == 0 and s.avail_out ~= 0 then
            break
        end
    end
    -- `data` stays referenced (an argument) while next_in points into it
    s.next_in, s.avail_in = nil, 0
    return concat(out, "", 1, n)
end

---------------------------------------------------------------------------
-- Extraction and output
---------------------------------------------------------------------------
local function to_json(article)
    if newsextract.to_json then return newsextract.to_json(article) end
    return cjson_encode(article)
end

local function json_error(msg)
    return cjson_encode({ error = msg }) or '{"error":"internal error"}'
end

-- extract(body, opts) -> article | nil, err  (never raises)
local function extract(body, xopts)
    if not newsextract then return nil, load_error end
    local ok, article, err = pcall(newsextract.extract, body, xopts)
    if not ok then
        ngx_log(ERR, "newsextract: extract raised: ", tostring(article))
        return nil, "internal error", true
    end
    if not article then return nil, tostring(err or "no article") end
    return article
end

-- render(article, fmt) -> string | nil, err
local function render(article, fmt)
    local ok, out
    if fmt == "json" then
        ok, out = pcall(to_json, article)
    elseif fmt == "reader" then
        ok, out = pcall(reader.render, article)
    elseif newsextract.format then
        ok, out = pcall(newsextract.format, article, fmt)
    else
        ok, out = true, article[fmt] or ""
    end
    if not ok or type(out) ~= "string" then
        ngx_log(ERR, "newsextract: rendering ", fmt, ": ", tostring(out))
        return nil, "cannot render " .. fmt
    end
    return out
end

-- The body for a failure, in the format already promised to the client.
local function failure_body(fmt, msg)
    if fmt == "json" then return json_error(msg) end
    if fmt == "reader" or fmt == "html" then return reader.error_page(msg) end
    return "newsextract: " .. msg .. "\n"
end

---------------------------------------------------------------------------
-- The filter
---------------------------------------------------------------------------
local function mime_of(ct)
    if type(ct) == "table" then ct = ct[1] end
    if type(ct) ~= "string" then return nil end
    return lower(match(ct, "^%s*([^;%s]+)") or "")
end

local function header_filter(opts)
    local err = check_opts(opts, "newsextract.resty.header_filter")
    if err then
        ngx_log(ERR, err, " (response passes through)")
        return
    end
    if not newsextract then
        ngx_log(ERR, load_error, " (response passes through)")
        return
    end
    if ngx.status ~= 200 or ngx.is_subrequest then return end
    local ct = ngx_header["Content-Type"]
    local mime = mime_of(ct)
    if not mime or not opt(opts, "types")[mime] then return end
    local max = opt(opts, "max_size")
    local len = tonumber(ngx_header["Content-Length"])
    if len and len > max then
        ngx_log(INFO, "newsextract: response of ", len, " bytes over max_size ",
            max, ", passed through")
        return
    end
    local stream
    local enc = ngx_header["Content-Encoding"]
    if type(enc) == "table" then return end      -- stacked codings: leave alone
    if enc then
        enc = lower(enc)
        if enc == "gzip" or enc == "x-gzip" then
            if not opt(opts, "gzip") then return end
            stream = inflater()
            if not stream then return end
        elseif enc ~= "identity" then
            return
        end
    end

    local fmt = opt(opts, "format")
    local url = opts and opts.url
    if not url then
        url = ngx_var.scheme .. "://" .. (ngx_var.http_host or ngx_var.host or "localhost")
            .. (ngx_var.request_uri or "/")
    end
    ngx.ctx.newsextract = {
        state = "buffer", chunks = {}, n = 0, size = 0, max = max, format = fmt,
        stream = stream, url = url, content_type = type(ct) == "string" and ct or nil,
        rules = rules_option(opts),
    }
    ngx_header["Content-Type"] = FORMATS[fmt]
    ngx_header["Content-Length"] = nil
    ngx_header["Content-Encoding"] = nil
    ngx_header["ETag"] = nil
    ngx_header["Accept-Ranges"] = nil
    ngx_header["X-Content-Type-Options"] = "nosniff"
    if fmt == "reader" or fmt == "html" then
        ngx_header["Content-Security-Policy"] = reader.CSP
    end
end

-- The body filter is a small state machine kept in ngx.ctx.newsextract:
--   "buffer"  chunks are held back (ngx.arg[1] = nil) until eof;
--   "pass"    over max_size: what was held is released, the rest streams;
--   "done"    our output is sent; anything after it is dropped.
-- A gzip body is inflated chunk by chunk in every state (the header filter
-- already removed Content-Encoding, so whatever leaves must be plain).

local function give_up(ctx, chunk, why)
    ngx_log(WARN, "newsextract: ", why, ", response passed through")
    local n = ctx.n + 1
    ctx.chunks[n] = chunk
    ngx_arg[1] = concat(ctx.chunks, "", 1, n)
    ctx.chunks, ctx.state = nil, "pass"
end

local function finish(ctx, out)
    ngx_arg[1], ngx_arg[2] = out, true
    ctx.chunks, ctx.stream, ctx.state = nil, nil, "done"
end

local function body_filter()
    local ctx = ngx.ctx.newsextract
    if not ctx then return end
    local state = ctx.state
    if state == "done" then
        ngx_arg[1] = nil
        return
    end
    local chunk, eof = ngx_arg[1], ngx_arg[2]
    if ctx.stream and chunk ~= "" then
        -- One step may inflate to zlib's worst-case ratio (as in nginx's
        -- gunzip module) but never past 16 x max_size: a decompression bomb
        -- ends the response instead of the worker's memory.
        local limit = 1032 * #chunk + ZBUF
        if limit > 16 * ctx.max then limit = 16 * ctx.max end
        local plain, err = inflate(ctx.stream, chunk, limit)
        if not plain then
            ngx_log(ERR, "newsextract: response body: ", err)
            if state == "pass" then
                return finish(ctx, nil)
            end
            return finish(ctx, failure_body(ctx.format, err == "too large"
                and "response too large once decompressed"
                or "response body: " .. err))
        end
        chunk = plain
    end
    if state == "pass" then
        ngx_arg[1] = chunk
        return
    end
    if chunk ~= "" then
        ctx.size = ctx.size + #chunk
        if ctx.size > ctx.max then
            return give_up(ctx, chunk, "response over max_size")
        end
        ctx.n = ctx.n + 1
        ctx.chunks[ctx.n] = chunk
    end
    if not eof then
        ngx_arg[1] = nil
        return
    end
    local body = concat(ctx.chunks, "", 1, ctx.n)
    ctx.chunks = nil
    if body == "" then
        return finish(ctx, failure_body(ctx.format, "empty response"))
    end
    local article, err = extract(body, { url = ctx.url,
        content_type = ctx.content_type, input = "html", rules = ctx.rules })
    local out
    if article then out, err = render(article, ctx.format) end
    return finish(ctx, out or failure_body(ctx.format, err))
end

-- header_filter([opts]): for header_filter_by_lua*.  opts (all optional):
-- format, max_size, rules, reload_interval, gzip, types, url.
function _M.header_filter(opts)
    local ok, err = pcall(header_filter, opts)
    if not ok then
        ngx_log(ERR, "newsextract: header filter: ", tostring(err))
        ngx.ctx.newsextract = nil
    end
end

-- body_filter(): for body_filter_by_lua*.  On an unexpected error, what was
-- held back is released and the rest passes through.
function _M.body_filter()
    local ok, err = pcall(body_filter)
    if not ok then
        ngx_log(ERR, "newsextract: body filter: ", tostring(err))
        local ctx = ngx.ctx.newsextract
        if ctx and ctx.state == "buffer" and ctx.chunks and not ctx.stream then
            local chunk = ngx_arg[1]
            if type(chunk) ~= "string" then chunk = "" end
            give_up(ctx, chunk, "filter error")
        elseif ctx and ctx.state ~= "pass" then
            pcall(finish, ctx, failure_body(ctx.format or "json", "internal error"))
        end
    end
end

---------------------------------------------------------------------------
-- The content handler: POST /extract
---------------------------------------------------------------------------
local function one_arg(args, name)
    local v = args[name]
    if v == nil then return nil end
    if type(v) ~= "string" then
        return nil, name .. ": expected one value"
    end
    return v
end

local function read_file(path, max)
    local f, err = io_open(path, "rb")
    if not f then return nil, err end
    local size = f:seek("end")
    if size and size > max then
        f:close()
        return nil, "too large"
    end
    f:seek("set")
    local data = f:read("*a")
    f:close()
    return data
end

-- handle(opts) -> status, content_type, body [, extra_headers]
local function handle(opts)
    local err = check_opts(opts, "newsextract.resty.content")
    if err then
        ngx_log(ERR, err)
        return 500, FORMATS.json, json_error("server misconfigured")
    end
    if not newsextract then
        ngx_log(ERR, load_error)
        return 503, FORMATS.json, json_error("extractor not available")
    end
    local method = ngx_req.get_method()
    if method ~= "POST" then
        return 405, FORMATS.json, json_error("method " .. method
            .. " not allowed: POST the page as the request body"), { Allow = "POST" }
    end
    local args = ngx_req.get_uri_args(20)
    local fmt, url, input
    fmt, err = one_arg(args, "format")
    if not err then url, err = one_arg(args, "url") end
    if not err then input, err = one_arg(args, "input") end
    if err then return 400, FORMATS.json, json_error(err) end
    fmt = fmt or opt(opts, "format")
    if not FORMATS[fmt] then
        return 400, FORMATS.json, json_error("format: expected one of "
            .. FORMAT_LIST .. ", got " .. fmt)
    end
    local req_ct = ngx_var.content_type
    if input == nil then
        input = mime_of(req_ct) == "text/plain" and "text" or "html"
    elseif input ~= "html" and input ~= "text" then
        return 400, FORMATS.json, json_error("input: expected html or text, got "
            .. input)
    end

    local max = opt(opts, "max_size")
    local too_large = format("request body too large (max %d bytes)", max)
    local len = tonumber(ngx_var.http_content_length)
    if len and len > max then
        ngx_req.discard_body()
        return 413, FORMATS.json, json_error(too_large)
    end
    ngx_req.read_body()
    local body = ngx_req.get_body_data()
    if not body then
        local path = ngx_req.get_body_file()
        if path then
            body, err = read_file(path, max)
            if not body then
                if err == "too large" then
                    return 413, FORMATS.json, json_error(too_large)
                end
                ngx_log(ERR, "newsextract: reading request body ", path, ": ", err)
                return 500, FORMATS.json, json_error("cannot read the request body")
            end
        end
    end
    if not body or body == "" then
        return 400, FORMATS.json, json_error("empty body: POST the page as the request body")
    end
    if #body > max then return 413, FORMATS.json, json_error(too_large) end

    local enc = ngx_var.http_content_encoding
    if enc and lower(enc) ~= "identity" then
        enc = lower(enc)
        if enc ~= "gzip" and enc ~= "x-gzip" then
            return 415, FORMATS.json, json_error("Content-Encoding " .. enc
                .. " not supported (gzip or identity)")
        end
        local s
        s, err = inflater()
        if not s then return 415, FORMATS.json, json_error(err) end
        body, err = inflate(s, body, max)
        if not body then
            if err == "too large" then
                return 413, FORMATS.json, json_error(too_large .. " once decompressed")
            end
            return 400, FORMATS.json, json_error("request body: " .. err)
        end
    end

    local article, internal
    article, err, internal = extract(body, { url = url, content_type = req_ct,
        input = input, rules = rules_option(opts) })
    if not article then
        if internal then return 500, FORMATS.json, json_error(err) end
        return 422, FORMATS.json, json_error(err)
    end
    local out
    out, err = render(article, fmt)
    if not out then return 500, FORMATS.json, json_error(err) end
    return 200, FORMATS[fmt], out
end

local function send(status, ct, body, extra)
    ngx.status = status
    ngx_header["Content-Type"] = ct
    ngx_header["Content-Length"] = #body
    ngx_header["X-Content-Type-Options"] = "nosniff"
    if ct == FORMATS.reader or ct == FORMATS.html then
        ngx_header["Content-Security-Policy"] = reader.CSP
    end
    if extra then
        for k, v in pairs(extra) do ngx_header[k] = v end
    end
    ngx_print(body)
end

-- content([opts]): for content_by_lua*.  opts: format (default when the
-- request names none), max_size, rules, reload_interval.
function _M.content(opts)
    local ok, status, ct, body, extra = pcall(handle, opts)
    if not ok then
        ngx_log(ERR, "newsextract: handler: ", tostring(status))
        status, ct, body, extra = 500, FORMATS.json, json_error("internal error"), nil
    end
    if status >= 400 then body = body .. "\n" end
    local sent, err = pcall(send, status, ct, body, extra)
    if not sent then ngx_log(ERR, "newsextract: sending: ", tostring(err)) end
end

-- For tests and introspection.
_M.formats = FORMATS
_M._inflater, _M._inflate = inflater, inflate

return _M
