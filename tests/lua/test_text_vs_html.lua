-- SPDX-License-Identifier: MIT
-- Issue 5: a w3m text dump of each corpus Reuters page, with the bundled
-- rules, gives the same title and paragraphs as the HTML page does.
local nx = require "newsextract"
local h = require "helper"

local function sh_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function w3m_dump(path)
    local p = assert(io.popen("w3m -dump -T text/html -cols 100000 " .. sh_quote(path) .. " 2>/dev/null"))
    local s = p:read("*a")
    p:close()
    if s == "" then error("w3m gave nothing for " .. path .. " (apt-get install w3m)") end
    return s
end

local function pages()
    local dir = h.corpus() .. "/reuters"
    local list = {}
    local p = assert(io.popen("ls " .. sh_quote(dir) .. "/*.html"))
    for line in p:lines() do list[#list + 1] = line end
    p:close()
    assert(#list == 8, "expected the 8 corpus Reuters pages, found " .. #list)
    return list
end

return {
    { name = "w3m dumps give the HTML path's title and paragraphs, with the rules", fn = function()
        for _, path in ipairs(pages()) do
            local html = assert(nx.extract(h.read(path)))
            local text = assert(nx.extract(w3m_dump(path), { input = "text" }))
            local name = path:match("[^/]+$")
            h.eq(text.title, html.title, name .. ": title")
            h.same(text.paragraphs, html.paragraphs, name .. ": paragraphs")
            assert(html.rule, name .. ": the HTML path used no rule")
        end
    end },
}
