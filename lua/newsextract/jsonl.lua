-- SPDX-License-Identifier: MIT
-- newsextract.jsonl: pages as JSON Lines records, one at a time.
--
--   local jsonl = require "newsextract.jsonl"
--   for rec in jsonl.records(stream [, opts]) do ... end
--
-- Each line is an object such as {"url": ..., "html": ..., "headers":
-- {"Content-Type": ...}}; opts.url_field, opts.html_field and
-- opts.headers_field rename the keys (a headers value may also be a list
-- of [name, value] pairs).  `stream` is a core.batch Stream, so .jsonl.gz
-- reads the same way and a line longer than opts.max_record (default
-- 64 MiB) is an error record, read past, not held.  Records have the shape
-- of newsextract.warc's: kind "html" (url, content_type, body), or kind
-- "error" with a message; blank lines are not records.
local cjson = require "cjson"

local type, pcall, pairs, tostring = type, pcall, pairs, tostring
local find, lower, format, sub = string.find, string.lower, string.format, string.sub

local M = { _VERSION = "0.1.0" }

M.MAX_RECORD = 64 * 1024 * 1024

local decode = cjson.new().decode

local function header(h, want)
    if type(h) ~= "table" then return nil end
    for k, v in pairs(h) do
        if type(k) == "string" and lower(k) == want then
            return type(v) == "string" and v or nil
        end
        if type(v) == "table" and type(v[1]) == "string" and lower(v[1]) == want then
            return type(v[2]) == "string" and v[2] or nil
        end
    end
    return nil
end

-- One decoded line to a record table.
local function to_record(rec, obj, opts)
    if type(obj) ~= "table" then
        rec.kind, rec.error = "error", "line is not a JSON object"
        return rec
    end
    local html, url = obj[opts.html_field], obj[opts.url_field]
    if type(url) == "string" and url ~= "" then rec.url = url end
    if type(html) ~= "string" then
        rec.kind = "error"
        rec.error = html == nil and format("no %q field", opts.html_field)
            or format("field %q is not a string", opts.html_field)
        return rec
    end
    rec.kind, rec.body = "html", html
    rec.content_type = header(obj[opts.headers_field], "content-type")
        or (type(obj.content_type) == "string" and obj.content_type or nil)
    return rec
end

--- jsonl.records(stream [, opts]) -> iterator of record tables.
function M.records(stream, opts)
    opts = opts or {}
    local o = {
        html_field = opts.html_field or "html",
        url_field = opts.url_field or "url",
        headers_field = opts.headers_field or "headers",
    }
    local max = opts.max_record or M.MAX_RECORD
    local n, lineno = 0, 0
    return function()
        while true do
            local offset = (stream:tell())
            local line, err = stream:line(max + 1)
            if line == nil then
                if not err then return nil end
                n = n + 1
                return { kind = "error", record = n, offset = offset, error = err }
            end
            lineno = lineno + 1
            if sub(line, -1) ~= "\n" and #line > max then
                -- read past the rest of the line, a piece at a time
                repeat
                    local more = stream:line(65536)
                until more == nil or sub(more, -1) == "\n"
                n = n + 1
                return { kind = "error", record = n, offset = offset, line = lineno,
                    error = format("line %d: longer than %d bytes", lineno, max) }
            end
            if find(line, "%S") then
                n = n + 1
                local rec = { record = n, offset = offset, line = lineno, bytes = #line }
                local ok, obj = pcall(decode, line)
                if not ok then
                    rec.kind = "error"
                    rec.error = format("line %d: bad JSON: %s", lineno,
                        tostring(obj):gsub("^.-: ", "", 1))
                    return rec
                end
                return to_record(rec, obj, o)
            end
        end
    end
end

return M
