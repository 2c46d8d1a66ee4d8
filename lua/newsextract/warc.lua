-- SPDX-License-Identifier: MIT
-- newsextract.warc: the HTML pages of a WARC file, one record at a time.
--
--   local warc = require "newsextract.warc"
--   for rec in warc.records(stream [, opts]) do ... end
--
-- `stream` is a core.batch Stream (core.batch.open(path)): it reads gzip
-- member after member, so WARC and WARC.gz (one member per record) read the
-- same way and the file is never held whole; one record's block is.  Each
-- `rec` is a table:
--   { kind = "html", url = U, content_type = T, body = BYTES, record = N,
--     offset = O, bytes = B }                      an HTML response
--   { kind = "skip", reason = R, record = N, ... } any other record
--   { kind = "error", error = MSG, record = N, ... }  a record that could
--                                                  not be read; the file goes on
-- Read as real tools write WARCs: WARC/1.0 and 1.1 and Heritrix's 0.17;
-- HTTP payloads with chunked transfer-encoding or gzip content-encoding;
-- a truncated last record; target URIs in <angle brackets>, with spaces or
-- other odd characters; `resource` records holding HTML directly.
local core = require "newsextract.core"

local tonumber, type, concat = tonumber, type, table.concat
local find, lower, sub, gsub, match, format, byte =
    string.find, string.lower, string.sub, string.gsub, string.match,
    string.format, string.byte

local M = { _VERSION = "0.1.0" }

local MAX_HEADER_LINE = 64 * 1024
local MAX_HEADER_LINES = 1000
M.MAX_RECORD = 64 * 1024 * 1024   -- a bigger block is skipped as an error

local HTML_TYPES = { ["text/html"] = true, ["application/xhtml+xml"] = true,
    ["application/xml"] = false, ["text/plain"] = false }

-- {======================================================================
-- Header blocks ("Name: value" lines up to a blank line)

-- Reads one header block from `next_line`; returns a table of lower-cased
-- names (a repeated field keeps its first value) or nil, msg.
local function read_fields(next_line)
    local h, last, n = {}, nil, 0
    while true do
        local line = next_line()
        if line == nil then return nil, "end of data inside the headers" end
        if sub(line, -1) ~= "\n" and #line >= MAX_HEADER_LINE then
            return nil, "header line over " .. MAX_HEADER_LINE .. " bytes"
        end
        line = gsub(line, "\r?\n$", "")
        if line == "" then return h end
        n = n + 1
        if n > MAX_HEADER_LINES then return nil, "more than " .. MAX_HEADER_LINES .. " header lines" end
        local c = byte(line, 1)
        if (c == 32 or c == 9) and last then
            h[last] = h[last] .. " " .. match(line, "^%s*(.-)%s*$")
        else
            local name, value = match(line, "^([^:]+):%s*(.-)%s*$")
            if name then
                last = lower(match(name, "^%s*(.-)%s*$"))
                if h[last] == nil then h[last] = value end
            end
        end
    end
end

-- A target URI as tools write it: WARC/1.0's grammar put it in <...>, some
-- writers leave spaces or control characters in; those are percent-encoded.
function M.clean_uri(u)
    if type(u) ~= "string" then return nil end
    u = match(u, "^%s*<?(.-)>?%s*$")
    u = gsub(u, "[%z\1-\32\127\"<>]", function(c) return format("%%%02X", byte(c)) end)
    if u == "" then return nil end
    return u
end
-- }======================================================================

-- {======================================================================
-- HTTP payloads

local function dechunk(body)
    local out, pos, n = {}, 1, #body
    while pos <= n do
        local eol = find(body, "\n", pos, true)
        if not eol then return nil, "chunked body: cut inside a chunk size" end
        local hex = match(sub(body, pos, eol), "^%s*(%x+)")
        local size = hex and #hex <= 12 and tonumber(hex, 16)
        if not size then return nil, "chunked body: bad chunk size" end
        if size == 0 then break end
        local from = eol + 1
        out[#out + 1] = sub(body, from, from + size - 1)
        if from + size - 1 > n then
            return concat(out), "chunked body: cut inside a chunk"
        end
        pos = from + size
        if sub(body, pos, pos) == "\r" then pos = pos + 1 end
        if sub(body, pos, pos) == "\n" then pos = pos + 1 end
    end
    return concat(out)
end

--- warc.gunzip(bytes [, max]) -> bytes | nil, msg: every gzip member of
-- `bytes` inflated, at most `max` bytes (default M.MAX_RECORD).
function M.gunzip(bytes, max)
    max = max or M.MAX_RECORD
    local s = core.batch.stream(bytes)
    local out, got = {}, 0
    while true do
        local piece, err = s:read(65536)
        if piece == nil then
            s:close()
            if err then return nil, err end
            break
        end
        got = got + #piece
        if got > max then
            s:close()
            return nil, "gzip: inflates to more than " .. max .. " bytes"
        end
        out[#out + 1] = piece
    end
    return concat(out)
end

-- Splits an HTTP response block; returns status, headers, body or nil, msg.
local function http_response(block)
    local head_end, body_from = find(block, "\r?\n\r?\n")
    if not head_end then return nil, "HTTP headers do not end" end
    local head = sub(block, 1, head_end)
    local status = tonumber(match(head, "^HTTP/%d[%.%d]*%s+(%d%d%d)"))
    if not status then return nil, "no HTTP status line" end
    local pos = 1
    local function next_line()
        if pos > #head then return "\n" end
        local e = find(head, "\n", pos, true) or #head
        local l = sub(head, pos, e)
        pos = e + 1
        return l
    end
    next_line()   -- the status line
    local h = read_fields(next_line) or {}
    return status, h, sub(block, body_from + 1)
end

-- The page bytes of an HTTP payload: chunked and gzip undone.  Returns
-- body, note (a non-fatal problem) or nil, msg.
local function http_body(h, body)
    local note
    local te = lower(h["transfer-encoding"] or "")
    if find(te, "chunked", 1, true) then
        -- some crawlers store the body de-chunked but keep the header
        if match(body, "^%s*%x+[^\n]*\n") then
            local b, e = dechunk(body)
            if b then body, note = b, e end
        end
    end
    local ce = lower(h["content-encoding"] or "")
    if (ce == "gzip" or ce == "x-gzip") and sub(body, 1, 2) == "\31\139" then
        local b, e = M.gunzip(body)
        if not b then return nil, "content-encoding " .. e end
        body = b
    end
    return body, note
end

local function html_type(ct, body)
    local t = lower(match(ct or "", "^%s*([^;%s]+)") or "")
    if t == "" then
        -- no type: HTML if the first bytes have markup
        local head = lower(sub(body, 1, 1024))
        return find(head, "<html", 1, true) or find(head, "<!doctype html", 1, true)
    end
    return HTML_TYPES[t] == true
end
-- }======================================================================

-- {======================================================================
-- Records

-- A response or resource record's block to its page: `rec` becomes kind
-- "html" (body, content_type), "skip" (not 2xx, not HTML) or "error".
local function page_of(rec, h, block)
    local wtype = rec.warc_type
    local rtype = lower(h["content-type"] or "")
    local body, ct
    if wtype == "resource" or not find(rtype, "application/http", 1, true) and
        not match(block, "^HTTP/%d") then
        body, ct = block, h["content-type"]
    else
        local status, hh, b = http_response(block)
        if not status then
            rec.kind, rec.error = "error", hh
            return rec
        end
        rec.http_status = status
        if status < 200 or status > 299 then
            rec.kind, rec.reason = "skip", "HTTP status " .. status
            return rec
        end
        ct = hh["content-type"]
        if not html_type(ct, b) then
            rec.kind, rec.reason, rec.content_type = "skip", "non-HTML", ct
            return rec
        end
        local note
        body, note = http_body(hh, b)
        if not body then
            rec.kind, rec.error = "error", note
            return rec
        end
        rec.note = note or rec.note
    end
    if wtype == "resource" and not html_type(ct, body) then
        rec.kind, rec.reason, rec.content_type = "skip", "non-HTML", ct
        return rec
    end
    rec.kind, rec.body, rec.content_type = "html", body, ct
    return rec
end

-- One record after its "WARC/" line: the header block, then the block
-- (skipped, read, or an error).  ctx: stream, next_line, cut, max_record.
local function read_record(ctx, rec, vline)
    local version = match(vline, "^WARC/([%d%.]+)")
    local h, herr = read_fields(ctx.next_line)
    if not h then
        rec.kind, rec.error = "error", "WARC/" .. tostring(version) .. " record: " .. herr
        ctx.stream:next_member()
        return rec
    end
    rec.url = M.clean_uri(h["warc-target-uri"])
    rec.warc_type = lower(h["warc-type"] or "")
    rec.date = M.warc_date(h["warc-date"])
    local digits = match(h["content-length"] or "", "^%s*(%d+)%s*$")
    local len = digits and #digits <= 15 and tonumber(digits)
    if not len then
        rec.kind, rec.error = "error", "record without a valid Content-Length"
        ctx.stream:next_member()
        return rec
    end
    rec.bytes = len
    local wtype = rec.warc_type
    if wtype ~= "response" and wtype ~= "resource" then
        rec.kind, rec.reason = "skip", (wtype ~= "" and wtype or "untyped") .. " record"
        local got = ctx.stream:skip(len)
        if got < len then
            return ctx.cut(rec, format("truncated %s record: %d of %d bytes", wtype, got, len))
        end
        return rec
    end
    if len > ctx.max_record then
        local msg = format("record of %d bytes, over the %d-byte limit", len, ctx.max_record)
        if ctx.stream:skip(len) < len then return ctx.cut(rec, msg) end
        rec.kind, rec.error = "error", msg
        return rec
    end
    local block, rerr = ctx.stream:read(len)
    block = block or ""
    if #block < len then
        return ctx.cut(rec, format("truncated record: %d of %d bytes%s", #block, len,
            rerr and (" (" .. rerr .. ")") or ""))
    end
    return page_of(rec, h, block)
end

--- warc.records(stream [, opts]) -> iterator of record tables (see top).
-- opts.max_record: the largest block read (default M.MAX_RECORD).
function M.records(stream, opts)
    local max_record = opts and opts.max_record or M.MAX_RECORD
    local n, done = 0, false
    local stream_err
    local function next_line()
        local l, err = stream:line(MAX_HEADER_LINE)
        if l == nil and err then stream_err = err end
        return l
    end
    -- skip to the next "WARC/" line; returns it, or nil at the end
    local function version_line()
        local skipped = 0
        while true do
            local l = next_line()
            if l == nil then
                if stream_err then return nil end
                return nil, skipped
            end
            if sub(l, 1, 5) == "WARC/" then return l, skipped end
            if not find(l, "^%s*$") then skipped = skipped + #l end
        end
    end
    -- a record cut short: in a gzip stream the next member may still be
    -- whole (resynchronise there); in a plain one this was the end
    local function cut(rec, msg)
        rec.kind, rec.error = "error", msg
        if not stream:next_member() then done = true end
        return rec
    end
    local ctx = { stream = stream, next_line = next_line, cut = cut, max_record = max_record }
    return function()
        if done then return nil end
        local offset = (stream:tell())
        local vline, skipped = version_line()
        if stream_err then
            local e = stream_err
            stream_err = nil
            n = n + 1
            stream:next_member()
            return { kind = "error", record = n, offset = offset, error = e }
        end
        if vline == nil then
            done = true
            if skipped and skipped > 0 then
                n = n + 1
                return { kind = "error", record = n, offset = offset,
                    error = format("%d bytes after the last record are not WARC", skipped) }
            end
            return nil
        end
        n = n + 1
        local rec = { record = n, offset = offset }
        if skipped > 0 then
            rec.note = format("%d bytes before the record are not WARC", skipped)
        end
        return read_record(ctx, rec, vline)
    end
end
-- }======================================================================

-- The record's capture time as ISO 8601 (WARC/1.x writes it so; WARC/0.17
-- writes 14 digits, YYYYMMDDhhmmss), or nil: extraction reads relative
-- dates ("2 hours ago") against it and takes no date after it.
function M.warc_date(v)
    if type(v) ~= "string" then return nil end
    v = match(v, "^%s*(.-)%s*$")
    if match(v, "^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d") then return v end
    local y, mo, d, hh, mi, ss = match(v, "^(%d%d%d%d)(%d%d)(%d%d)(%d%d)(%d%d)(%d%d)$")
    if y then return format("%s-%s-%sT%s:%s:%sZ", y, mo, d, hh, mi, ss) end
    return nil
end

return M
