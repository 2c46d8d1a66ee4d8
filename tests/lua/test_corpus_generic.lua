-- SPDX-License-Identifier: MIT
-- Generic extraction (no site rule) on the 8 corpus Reuters pages: title,
-- authors, reading time and the body paragraphs exactly as expected/, and
-- the published instant.  Issue 2's check is the Volkswagen page; the
-- other seven hold the generic path to the same standard.
local nx = require "newsextract"
local cjson = require "cjson"
local h = require "helper"

-- Seconds since the epoch of an ISO 8601 string with a zone (Z, +hh:mm,
-- +hhmm); nil when it has none.
local function instant(s)
    if type(s) ~= "string" then return nil end
    local y, mo, d, hh, mi, ss, zone = s:match("^(%d+)-(%d+)-(%d+)T(%d+):(%d+):?(%d*)%.?%d*(.*)$")
    if not y then return nil end
    y, mo, d = tonumber(y), tonumber(mo), tonumber(d)
    -- days from civil (Howard Hinnant's algorithm)
    local yy = mo <= 2 and y - 1 or y
    local era = math.floor(yy / 400)
    local yoe = yy - era * 400
    local doy = math.floor((153 * (mo + (mo > 2 and -3 or 9)) + 2) / 5) + d - 1
    local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
    local days = era * 146097 + doe - 719468
    local t = days * 86400 + tonumber(hh) * 3600 + tonumber(mi) * 60 + (tonumber(ss) or 0)
    if zone == "Z" then return t end
    local sign, zh, zm = zone:match("^([+-])(%d%d):?(%d%d)$")
    if not sign then return nil end
    local off = tonumber(zh) * 3600 + tonumber(zm) * 60
    return sign == "+" and t - off or t + off
end

local function pages()
    local dir = h.corpus() .. "/reuters"
    local list = {}
    local p = assert(io.popen("ls '" .. dir .. "'/*.html"))
    for line in p:lines() do list[#list + 1] = line end
    p:close()
    assert(#list == 8, "expected the 8 corpus Reuters pages, found " .. #list)
    return list
end

local function check(path)
    local name = path:match("([^/]+)%.html$")
    local want = cjson.decode(h.read(path:gsub("/([^/]+)%.html$", "/expected/%1.json")))
    local a = assert(nx.extract(h.read(path), { rules = false }))
    h.eq(a.rule, nil, name .. ": no rule")
    h.eq(a.title, want.title, name .. ": title")
    h.same(a.authors, want.authors, name .. ": authors")
    h.same(a.paragraphs, want.paragraphs, name .. ": paragraphs")
    local wr = want.reading_time
    if wr == cjson.null then wr = nil end
    h.eq(a.reading_time, wr, name .. ": reading_time")
    local got, exp = instant(a.published), instant(want.published)
    assert(exp, name .. ": expected published has no instant")
    h.eq(got, exp, name .. ": published instant (" .. tostring(a.published) .. ")")
end

return {
    { name = "instant() reads zones", fn = function()
        h.eq(instant("2020-01-13T13:37:49+0000"), instant("2020-01-13T14:37:49+01:00"))
        h.eq(instant("2016-12-14T22:03:42Z"), 1481753022)
        h.eq(instant("2017-12-07T11:56"), nil)
    end },
    { name = "issue 2: the Volkswagen page, no rule: title, paragraphs, published", fn = function()
        check(h.corpus() .. "/reuters/2020-us-volkswagen-skoda-idUSKBN1ZC1DA.html")
    end },
    { name = "every corpus Reuters page, no rule", fn = function()
        for _, p in ipairs(pages()) do check(p) end
    end },
}
