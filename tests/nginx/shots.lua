-- SPDX-License-Identifier: MIT
-- tests/nginx/shots.lua: writes the reader view of each page named on the
-- command line to OUT/<name>.html (for headless-chromium screenshots by
-- tests/nginx/shots.sh).  usage: luajit tests/nginx/shots.lua OUT PAGE...
local root = arg[0]:match("^(.*)/tests/nginx/shots%.lua$") or "."
package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. package.path
package.cpath = (os.getenv("NX_BUILD") or (root .. "/build/luajit")) .. "/?.so;" .. package.cpath
local nx = require "newsextract"
local reader = require "newsextract.reader"
local out = assert(arg[1], "usage: shots.lua OUT PAGE...")
for i = 2, #arg do
    local path = arg[i]
    local f = assert(io.open(path, "rb"))
    local html = f:read("*a")
    f:close()
    local name = path:match("([^/]+)/source%.html$") or path:match("([^/]+)%.html?$") or ("page" .. i)
    local a, err = nx.extract(html, { url = "https://" .. name .. ".example/" })
    local page = a and reader.render(a) or reader.error_page(err)
    local w = assert(io.open(out .. "/" .. name .. ".html", "wb"))
    w:write(page)
    w:close()
    print(name, a and a.title, a and #a.paragraphs, a and a.readerable)
end
