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
local ngx_log, ERR, WARN, NOTICE, INFO = ngx.log, ngx.ERR, ngx.WARN, ngx.NOTICE, ngx.INFO
local ngx_arg, ngx_header, ngx_var, ngx_req = ngx.arg, ngx.header, ngx.var, ngx.req
local ngx_print = ngx.print
local type, pairs, ipairs, pcall, tostring, tonumber, error =
    type, pairs, ipairs, pcall, tostring, tonumber, error
local concat = table.concat
local find, lower, match, format = string.find, string.lower,
    string.match, string.format

local reader = require "newsextract.reader"
local fsutil = require "newsextract.fsutil"
local conf = require "newsextract.nginx_conf"
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

local _M = { _VERSION = "0.2.0" }

local FORMATS = {
    json = "application/json",
    text = "text/plain; charset=utf-8",
    html = "text/html; charset=utf-8",
    markdown = "text/markdown; charset=utf-8",
    reader = reader.CONTENT_TYPE,
}
local FORMAT_LIST = conf.FORMAT_LIST

-- Defaults; configure() replaces them for the whole worker.
local config = {
    format = "json",          -- what the filter produces
    max_size = 8 * 1048576,   -- largest page buffered / request body accepted
    rules = nil,              -- rules directory; false: generic only; nil: library default
    reload_interval = 5,      -- seconds between checks of the rule files
    gzip = true,              -- inflate gzip responses (else pass them through)
    types = { ["text/html"] = true, ["application/xhtml+xml"] = true },
    trust_host = false,       -- page URL from the client's Host header
    max_inflated = nil,       -- total inflated bytes of one body (nil: 4 x max_size)
    max_ratio = 300,          -- inflated / compressed, over the whole body
    cache = false,            -- lua_shared_dict holding results, or false
    cache_ttl = 300,          -- seconds a cached result lives
    articles_only = true,     -- /extract and reader(): non-articles get 422 / pass
    shared_dict = "newsextract", -- lua_shared_dict for the rules' generation counter
}

local check_opts = conf.check

local function opt(opts, k)
    local v = opts and opts[k]
    if v == nil then v = config[k] end
    return v
end

---------------------------------------------------------------------------
-- Rule sets.  Loaded once per directory, in init_by_lua* when configure()
-- runs there (the master's copy is shared copy-on-write by the workers), or
-- on first use otherwise (logged, since that first load reads files in a
-- request).  A timer (ngx.timer.every, started by init_worker() or on first
-- use) checks them: one worker per period stats the files (stat only, no
-- open) and, when a stamp changed, bumps a generation counter in the
-- lua_shared_dict; every worker's timer reloads its set when the counter
-- moved, so all workers switch within one period.  A request never touches
-- a rule file.
---------------------------------------------------------------------------
local rule_sets = {}   -- dir -> { set = set | false, gen = n, stamp = s, watch = }

local function log_rule_errors(set)
    if type(set) ~= "table" or type(set.errors) ~= "table" then return end
    for i = 1, #set.errors do
        ngx_log(WARN, "newsextract: rules: ", tostring(set.errors[i]))
    end
end

-- stat() through the FFI: st_size at byte 48, st_mtim at 88 on both
-- x86_64 and aarch64 Linux.  nil when unavailable (the timer then re-reads
-- the files each period instead, still outside any request).
local stat_of
do
    local ok_ffi, ffi = pcall(require, "ffi")
    if ok_ffi and ffi.os == "Linux" and (ffi.arch == "x64" or ffi.arch == "arm64") then
        pcall(require, "newsextract.rules")   -- its cdefs first (opendir, readdir)
        pcall(ffi.cdef, "int stat(const char *path, void *buf);")
        pcall(ffi.cdef, "int __xstat(int ver, const char *path, void *buf);")
        local C = ffi.C
        local buf = ffi.new("uint8_t[256]")
        local i64 = ffi.typeof("int64_t *")
        local call
        if pcall(function() return C.stat end) then
            call = function(p) return C.stat(p, buf) end
        elseif pcall(function() return C.__xstat end) then
            call = function(p) return C.__xstat(1, p, buf) end
        end
        if call then
            stat_of = function(path)
                if call(path) ~= 0 then return "-" end
                local q = ffi.cast(i64, buf)
                return tostring(q[6]) .. ":" .. tostring(q[11]) .. ":" .. tostring(q[12])
            end
        end
    end
end

-- The paths to watch: the directory, its subdirectories and rule files.
local function watch_list(dir)
    local ok, rules = pcall(require, "newsextract.rules")
    local files = ok and rules._list_dir and rules._list_dir(dir)
    if type(files) ~= "table" then return { dir } end
    local list, dirs = { dir }, {}
    for _, rel in ipairs(files) do
        local d = match(rel, "^(.*)/[^/]*$")
        while d and not dirs[d] do
            dirs[d] = true
            list[#list + 1] = dir .. "/" .. d
            d = match(d, "^(.*)/[^/]*$")
        end
        list[#list + 1] = dir .. "/" .. rel
    end
    return list
end

local function stamp(e)
    local parts = {}
    for i, p in ipairs(e.watch) do parts[i] = stat_of(p) end
    return ngx.md5(concat(parts, ";"))
end

-- load_set(dir, where [, e]): loads into e (a retry of a set that failed)
-- or a new entry.
local function load_set(dir, where, e)
    if not e then
        e = rule_sets[dir]
        if e then return e end
        e = { set = false, gen = 0 }
        rule_sets[dir] = e
    end
    if not newsextract then return e end
    local ok, set, err = pcall(newsextract.rules, dir)
    if ok and set then
        e.set = set
        log_rule_errors(set)
    else
        ngx_log(ERR, "newsextract: loading rules ", dir, ": ",
            tostring(ok and err or set), " (generic extraction only until the files change)")
    end
    if stat_of then
        e.watch = watch_list(dir)
        e.stamp = stamp(e)
    end
    local dict = config.shared_dict and ngx.shared[config.shared_dict]
    if dict then
        dict:add("gen:" .. dir, 0)
        if e.stamp then dict:add("stamp:" .. dir, e.stamp) end
        e.gen = dict:get("gen:" .. dir) or 0
    end
    if where == "request" then
        ngx_log(WARN, "newsextract: rules ", dir, " loaded in a request; name it in",
            " configure() in init_by_lua* (rules or rule_sets) to load it at start")
    end
    return e
end

local function reload(dir, e)
    if not e.set then
        -- (the same entry: the timer is iterating rule_sets)
        load_set(dir, "timer", e)
        if e.set then ngx_log(NOTICE, "newsextract: rules loaded from ", dir) end
        return
    end
    local ok, counts = pcall(e.set.reload, e.set)
    if not ok then
        ngx_log(ERR, "newsextract: reloading rules ", dir, ": ",
            tostring(counts), " (keeping the previous set)")
    elseif type(counts) == "table" then
        ngx_log(NOTICE, "newsextract: rules reloaded from ", dir, ": ",
            counts.added or 0, " added, ", counts.changed or 0,
            " changed, ", counts.removed or 0, " removed, ", counts.failed or 0,
            " failed (their last good versions kept)")
        log_rule_errors(e.set)
    end
    if stat_of then
        e.watch = watch_list(dir)
        e.stamp = stamp(e)
    end
end

local function check_dir(dir, e, period)
    local dict = config.shared_dict and ngx.shared[config.shared_dict]
    if not stat_of then
        reload(dir, e)           -- no stat(): re-read, in the timer
        return
    end
    if not dict then             -- no shared dict: each worker checks alone
        if stamp(e) ~= e.stamp then reload(dir, e) end
        return
    end
    -- one worker per period stats the files
    if dict:add("lock:" .. dir, true, period * 0.9) then
        local now = stamp(e)
        if now ~= dict:get("stamp:" .. dir) then
            -- the watch list may have changed (a file added or removed)
            dict:set("stamp:" .. dir, now)
            dict:incr("gen:" .. dir, 1, 0)
        end
    end
    local g = dict:get("gen:" .. dir) or 0
    if g ~= e.gen then
        e.gen = g
        reload(dir, e)
    end
end

local timer_started = false
local function tick(premature, period)
    if premature then return end
    for dir, e in pairs(rule_sets) do
        local ok, err = pcall(check_dir, dir, e, period)
        if not ok then ngx_log(ERR, "newsextract: rules check ", dir, ": ", tostring(err)) end
    end
end

local function ensure_timer()
    if timer_started then return end
    timer_started = true
    local interval = config.reload_interval
    if not interval or interval <= 0 then return end
    local period = interval / 2
    local ok, err = ngx.timer.every(period, tick, period)
    if not ok then
        timer_started = false
        ngx_log(ERR, "newsextract: cannot start the rules timer: ", tostring(err))
    end
end

-- The bundled rules' directory (newsextract.rules.default_dir), looked up
-- once; false when there is none.
local default_dir
local function bundled_dir()
    if default_dir == nil then
        local ok, mod = pcall(require, "newsextract.rules")
        default_dir = ok and type(mod) == "table" and mod.default_dir
            and mod.default_dir() or false
    end
    return default_dir
end

-- The value for extract's `rules` option, and the set's generation.
local function rules_option(opts)
    local dir = opt(opts, "rules")
    if dir == false then return false, 0 end
    if dir == nil then
        dir = bundled_dir()
        if not dir then return nil, 0 end
    end
    local e = rule_sets[dir] or load_set(dir, "request")
    return e.set, e.gen
end

-- configure(opts): set the worker-wide defaults (call from init_by_lua*).
-- Raises on a bad option, which stops nginx at start-up with the message.
-- In init_by_lua* it also loads the rule sets (rules and rule_sets).
function _M.configure(opts)
    local err = check_opts(opts, "newsextract.resty.configure", true)
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
    if ngx.get_phase() == "init" and newsextract then
        if config.shared_dict and not ngx.shared[config.shared_dict] and opts
                and opts.shared_dict then
            error("newsextract.resty.configure: shared_dict: no lua_shared_dict "
                .. config.shared_dict .. " in the configuration", 2)
        end
        if config.cache and not ngx.shared[config.cache] then
            error("newsextract.resty.configure: cache: no lua_shared_dict "
                .. config.cache .. " in the configuration", 2)
        end
        local dirs = {}
        if config.rules ~= false then dirs[1] = config.rules or bundled_dir() end
        for _, d in ipairs(config.rule_sets or {}) do dirs[#dirs + 1] = d end
        for _, d in ipairs(dirs) do
            if d then load_set(d, "init") end
        end
    end
    return true
end

-- init_worker(): for init_worker_by_lua*; starts the rules timer (which
-- otherwise starts on first use).
function _M.init_worker()
    ensure_timer()
end

---------------------------------------------------------------------------
-- gzip, through ffi to the system zlib (nginx itself links it).  Output is
-- produced in 64 KiB steps and every call is bounded by `limit`.
---------------------------------------------------------------------------
local zlib          -- nil: not tried; false: unavailable; else { lib=, ... }
local Z_OK, Z_STREAM_END, Z_BUF_ERROR = 0, 1, -5
local ZBUF = 65536
local RATIO_FLOOR = 1048576     -- max_ratio applies past the first MiB

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

-- Why a page is not an article, for 422 answers and logs.
local function not_article_reason(article)
    return format("no run of long visible paragraphs (Readability's isProbablyReaderable"
        .. " test; %d words extracted%s)", tonumber(article.words) or 0,
        type(article.page_type) == "string" and ("; page type " .. article.page_type) or "")
end

-- After a large page the worker's memory is settled outside the request:
-- a full collection (the Lua garbage of a 2 MB page is tens of MB the
-- incremental collector reaches late) and core.trim (glibc's malloc_trim:
-- the C heap's free pages back to the system; see nx_core.c).  One timer
-- at a time, however many large pages come in.  Measured by `make
-- check-nginx-rss` (tests/nginx/rss.sh).
local SETTLE_BYTES = 262144
local settling = false
local function settle_now(premature)
    settling = false
    if premature then return end
    collectgarbage("collect")
    local core = newsextract and newsextract.core
    if core and core.trim then core.trim() end
end
local function settle(bytes)
    if settling or bytes < SETTLE_BYTES then return end
    local ok, err = ngx.timer.at(0, settle_now)
    if ok then settling = true
    else ngx_log(INFO, "newsextract: no timer to settle memory: ", tostring(err)) end
end

-- produce(body, c, input) -> out, kind, err.  c: url, content_type, rules,
-- gen, format, cache, ttl.  kind: "ok", "not_article" (out is the render
-- anyway, err the reason) or "error" (out nil).  With c.cache, results are
-- kept in that lua_shared_dict under format, rules generation, URL and the
-- body's MD5, so a busy page is extracted once per change.
local CACHE_MAX_ITEM = 1048576
local function produce(body, c, input)
    local dict, key = c.cache and ngx.shared[c.cache]
    if dict then
        key = concat({ c.format, tostring(c.gen or 0), input or "", c.url or "",
            ngx.md5(body) }, "\0")
        local v, flags = dict:get(key)
        if v then
            if flags == 1 then return v, "not_article", "not an article (cached)" end
            return v, "ok"
        end
    end
    local article, err, internal = extract(body, { url = c.url,
        content_type = c.content_type, input = input, rules = c.rules })
    settle(#body)
    if not article then return nil, internal and "internal" or "error", err end
    local out, rerr = render(article, c.format)
    if not out then return nil, "internal", rerr end
    local kind, why = "ok", nil
    if article.readerable == false then kind, why = "not_article", not_article_reason(article) end
    if dict and #out <= CACHE_MAX_ITEM then
        local ok, serr = dict:set(key, out, c.ttl or 0, kind == "ok" and 0 or 1)
        if not ok then ngx_log(INFO, "newsextract: cache: ", tostring(serr)) end
    end
    return out, kind, why
end

---------------------------------------------------------------------------
-- The filter
---------------------------------------------------------------------------
local function mime_of(ct)
    if type(ct) == "table" then ct = ct[1] end
    if type(ct) ~= "string" then return nil end
    return lower(match(ct, "^%s*([^;%s]+)") or "")
end

-- The page's public URL: opts.url, else $newsextract_url, else the
-- configured server name (never the client's Host header, unless
-- trust_host) with the request URI; nil when the server has no usable name
-- (a catch-all "_" or a regex): site rules then choose by the page alone.
local function page_url(opts)
    local url = opts and opts.url or ngx_var.newsextract_url
    if url and url ~= "" then return url end
    local host
    if opt(opts, "trust_host") then
        host = ngx_var.http_host or ngx_var.host
    else
        host = ngx_var.server_name
        if host and (host == "" or host == "_" or find(host, "[~*%s]")
                or host == "localhost") then
            host = nil
        end
        if host then
            local port = ngx_var.server_port
            local scheme = ngx_var.scheme
            if port and not ((scheme == "http" and port == "80")
                    or (scheme == "https" and port == "443")) then
                host = host .. ":" .. port
            end
        end
    end
    if not host or find(host, "[^%w%.%-:%[%]]") then return nil end
    return ngx_var.scheme .. "://" .. host .. (ngx_var.request_uri or "/")
end

-- The output format: opts.format, else $newsextract_format, else the
-- configured default.  nil, err when the variable names no format.
local function format_of(opts)
    local fmt = opts and opts.format
    if fmt then return fmt end
    fmt = ngx_var.newsextract_format
    if fmt and fmt ~= "" then
        if not FORMATS[fmt] then
            return nil, "$newsextract_format: expected one of " .. FORMAT_LIST
                .. ", got " .. format("%q", fmt)
        end
        return fmt
    end
    return config.format
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
    ensure_timer()
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

    local fmt
    fmt, err = format_of(opts)
    if not fmt then
        ngx_log(ERR, "newsextract: ", err, " (response passes through)")
        return
    end
    local set, gen = rules_option(opts)
    ngx.ctx.newsextract = {
        state = "buffer", chunks = {}, n = 0, size = 0, max = max, format = fmt,
        stream = stream, zin = 0, zout = 0,
        max_inflated = opt(opts, "max_inflated") or 4 * max,
        max_ratio = opt(opts, "max_ratio"),
        url = page_url(opts), content_type = type(ct) == "string" and ct or nil,
        rules = set, gen = gen, cache = opt(opts, "cache"), ttl = opt(opts, "cache_ttl"),
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
        -- A real bound on the whole body: at most max_inflated bytes in all,
        -- and (past the first MiB) at most max_ratio times the compressed
        -- bytes seen so far.  A decompression bomb ends the response; each
        -- step holds at most its limit plus one 64 KiB buffer.
        ctx.zin = ctx.zin + #chunk
        local limit = ctx.max_inflated - ctx.zout
        local by_ratio = ctx.max_ratio * ctx.zin
        if by_ratio < RATIO_FLOOR then by_ratio = RATIO_FLOOR end
        if by_ratio - ctx.zout < limit then limit = by_ratio - ctx.zout end
        local plain, err = inflate(ctx.stream, chunk, limit)
        if not plain then
            ngx_log(ERR, "newsextract: response body: ", err == "too large"
                and format("gzip bomb: over %d bytes or %d x the %d compressed bytes",
                    ctx.max_inflated, ctx.max_ratio, ctx.zin) or err,
                state == "pass" and " (response cut)" or "")
            if state == "pass" then
                return finish(ctx, nil)
            end
            return finish(ctx, failure_body(ctx.format, err == "too large"
                and "response too large once decompressed"
                or "response body: " .. err))
        end
        ctx.zout = ctx.zout + #plain
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
    local out, kind, err = produce(body, ctx, "html")
    if kind == "not_article" and ctx.format == "reader" then
        out = reader.error_page("not an article: " .. err)
    end
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

local read_file = fsutil.read

-- The phases of handle below return what they read, or nil and the error
-- response (status, content type, body) that handle sends as it is.

-- The query (format, url, input) and the request's Content-Type: one value
-- each; the format defaults to the configured one, the input to what the
-- Content-Type says.
local function request_args(opts)
    local args = ngx_req.get_uri_args(20)
    local fmt, url, input, err
    fmt, err = one_arg(args, "format")
    if not err then url, err = one_arg(args, "url") end
    if not err then input, err = one_arg(args, "input") end
    if err then return nil, 400, FORMATS.json, json_error(err) end
    ensure_timer()
    if not fmt then
        fmt, err = format_of(opts)
        if not fmt then
            ngx_log(ERR, "newsextract: ", err)
            return nil, 500, FORMATS.json, json_error("server misconfigured")
        end
    end
    if not FORMATS[fmt] then
        return nil, 400, FORMATS.json, json_error("format: expected one of "
            .. FORMAT_LIST .. ", got " .. fmt)
    end
    local req_ct = ngx_var.content_type
    if input == nil then
        input = mime_of(req_ct) == "text/plain" and "text" or "html"
    elseif input ~= "html" and input ~= "text" then
        return nil, 400, FORMATS.json, json_error("input: expected html or text, got "
            .. input)
    end
    return { fmt = fmt, url = url, input = input, content_type = req_ct }
end

-- The request body, at most max bytes: refused from Content-Length before
-- reading it when possible; nginx may have spooled it to a file.
local function request_body(max, too_large)
    local len = tonumber(ngx_var.http_content_length)
    if len and len > max then
        ngx_req.discard_body()
        return nil, 413, FORMATS.json, json_error(too_large)
    end
    ngx_req.read_body()
    local body = ngx_req.get_body_data()
    if not body then
        local path = ngx_req.get_body_file()
        if path then
            local err
            body, err = read_file(path, max)
            if not body then
                if err == "too large" then
                    return nil, 413, FORMATS.json, json_error(too_large)
                end
                ngx_log(ERR, "newsextract: reading request body ", path, ": ", err)
                return nil, 500, FORMATS.json, json_error("cannot read the request body")
            end
        end
    end
    if not body or body == "" then
        return nil, 400, FORMATS.json, json_error("empty body: POST the page as the request body")
    end
    if #body > max then return nil, 413, FORMATS.json, json_error(too_large) end
    return body
end

-- A gzip Content-Encoding is undone here, with the same size limit on the
-- inflated body (a small bomb must not become a large page).
local function decoded_body(body, max, too_large)
    local enc = ngx_var.http_content_encoding
    if not enc or lower(enc) == "identity" then return body end
    enc = lower(enc)
    if enc ~= "gzip" and enc ~= "x-gzip" then
        return nil, 415, FORMATS.json, json_error("Content-Encoding " .. enc
            .. " not supported (gzip or identity)")
    end
    local s, err = inflater()
    if not s then return nil, 415, FORMATS.json, json_error(err) end
    body, err = inflate(s, body, max)
    if not body then
        if err == "too large" then
            return nil, 413, FORMATS.json, json_error(too_large .. " once decompressed")
        end
        return nil, 400, FORMATS.json, json_error("request body: " .. err)
    end
    return body
end

-- handle(opts) -> status, content_type, body [, extra_headers]
local function handle(opts)
    -- the configuration and the module first: the client cannot fix those
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
    local q, status, ct, fail = request_args(opts)
    if not q then return status, ct, fail end
    local max = opt(opts, "max_size")
    local too_large = format("request body too large (max %d bytes)", max)
    local body
    body, status, ct, fail = request_body(max, too_large)
    if not body then return status, ct, fail end
    body, status, ct, fail = decoded_body(body, max, too_large)
    if not body then return status, ct, fail end

    -- the article, and the status that says how extraction went
    local set, gen = rules_option(opts)
    local out, kind
    out, kind, err = produce(body, { url = q.url, content_type = q.content_type, rules = set,
        gen = gen, format = q.fmt, cache = opt(opts, "cache"), ttl = opt(opts, "cache_ttl") },
        q.input)
    if kind == "internal" then return 500, FORMATS.json, json_error(err) end
    if kind == "error" then return 422, FORMATS.json, json_error(err) end
    if kind == "not_article" and opt(opts, "articles_only") then
        return 422, FORMATS.json, cjson_encode({ error = "not an article", reason = err,
            readerable = false }) or json_error("not an article")
    end
    return 200, FORMATS[q.fmt], out
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

---------------------------------------------------------------------------
-- The content-phase reader: fetches the page itself with a subrequest to
-- opts.fetch .. $uri (an internal location that proxies the origin), and
-- answers with the reader view of an article, or with the origin's own
-- response, unchanged, for anything else: other statuses and types,
-- pages over max_size, and pages that are not articles.
---------------------------------------------------------------------------
local HOP = { ["transfer-encoding"] = true, connection = true, ["keep-alive"] = true,
    ["content-length"] = true }

local function pass_original(res)
    ngx.status = res.status
    for k, v in pairs(res.header or {}) do
        if not HOP[lower(k)] then ngx_header[k] = v end
    end
    ngx_header["Content-Length"] = #(res.body or "")
    ngx_print(res.body or "")
end

local function reader_handler(opts)
    local err = check_opts(opts, "newsextract.resty.reader")
    if err then
        ngx_log(ERR, err)
        return send(500, FORMATS.json, json_error("server misconfigured") .. "\n")
    end
    local fetch = opts and opts.fetch
    if not fetch then
        ngx_log(ERR, "newsextract.resty.reader: fetch: the internal location to fetch",
            " the page from is missing")
        return send(500, FORMATS.json, json_error("server misconfigured") .. "\n")
    end
    ensure_timer()
    local method = ngx_req.get_method()
    local res = ngx.location.capture(fetch .. ngx_var.uri, {
        method = method == "HEAD" and ngx.HTTP_HEAD or ngx.HTTP_GET,
        args = ngx_var.args, ctx = {} })
    if not res then
        return send(502, FORMATS.json, json_error("cannot fetch the page") .. "\n")
    end
    local h = res.header or {}
    local mime = mime_of(h["Content-Type"])
    local body = res.body or ""
    if res.status ~= 200 or not newsextract or not mime or not opt(opts, "types")[mime]
            or #body > opt(opts, "max_size") or body == "" or res.truncated then
        return pass_original(res)
    end
    local enc = h["Content-Encoding"]
    if enc and lower(tostring(enc)) ~= "identity" then
        local e = lower(tostring(enc))
        local s = (e == "gzip" or e == "x-gzip") and opt(opts, "gzip") and inflater()
        local plain = s and inflate(s, body, opt(opts, "max_size"))
        if not plain then return pass_original(res) end
        body = plain
    end
    local fmt
    fmt, err = format_of(opts)
    if not fmt then
        ngx_log(ERR, "newsextract: ", err)
        return pass_original(res)
    end
    if not (opts and opts.format) and not ngx_var.newsextract_format then fmt = "reader" end
    local set, gen = rules_option(opts)
    local out, kind
    out, kind, err = produce(body, { url = page_url(opts), content_type = h["Content-Type"],
        rules = set, gen = gen, format = fmt, cache = opt(opts, "cache"),
        ttl = opt(opts, "cache_ttl") }, "html")
    if kind ~= "ok" then
        ngx_log(INFO, "newsextract: ", ngx_var.uri, ": ", tostring(err),
            ", the page passes through")
        return pass_original(res)
    end
    if method == "HEAD" then
        ngx_header["Content-Type"] = FORMATS[fmt]
        ngx_header["Content-Length"] = #out
        return
    end
    return send(200, FORMATS[fmt], out)
end

-- reader(opts): for content_by_lua*.  opts.fetch (required): the internal
-- location the page is fetched from; the other options as for the filter
-- (format defaults to "reader").
function _M.reader(opts)
    local ok, err = pcall(reader_handler, opts)
    if not ok then
        ngx_log(ERR, "newsextract: reader: ", tostring(err))
        pcall(send, 500, FORMATS.json, json_error("internal error") .. "\n")
    end
end

-- For tests and introspection.
_M.formats = FORMATS
_M._inflater, _M._inflate = inflater, inflate

return _M
