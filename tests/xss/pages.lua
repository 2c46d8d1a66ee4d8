-- SPDX-License-Identifier: MIT
-- tests/xss/pages.lua OUTDIR: writes OUTDIR/vectors.html and
-- OUTDIR/corpus-N.html for tests/xss/run.sh.  Each is a CSP-free wrapper
-- around newsextract's sanitised `html` output (and, in the -md pages,
-- around `markdown` rendered by `cmark --unsafe`) (one <section> per vector
-- or corpus page), with a trusted script of ours at the very end that,
-- after load and timers: fires mouse and focus events at every element,
-- then records in document.title whether anything ran (nxfire() was
-- called -- every vector calls it) and what a script could still hide in
-- the live DOM (script/iframe/object/embed/form/base/meta elements, on*
-- attributes, URL attributes the browser parses as javascript:, vbscript:
-- or a non-image data: URL).
local out = assert(arg[1], "usage: pages.lua OUTDIR")
local root = (arg[0]:match("^(.*)/tests/xss/pages%.lua$")) or "."
package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. package.path
package.cpath = (os.getenv("NX_BUILD") or (root .. "/build/lua5.4")) .. "/?.so;" .. package.cpath
local nx = require "newsextract"
local corpus = os.getenv("NX_CORPUS") or (root .. "/../shared/corpus")

local HEAD = [[<!DOCTYPE html><html><head><meta charset="utf-8"><title>NXPENDING</title>
<script>window.__nxfired = []; window.nxfire = function () { window.__nxfired.push(String(new Error().stack).slice(0, 200)); };</script>
</head><body>
]]
local CHECK = [[
<script>
(function () {
  function finish() {
    var hits = [], all = document.querySelectorAll('*'), i, j;
    var scripts = document.getElementsByTagName('script');
    if (scripts.length !== 2) hits.push('script elements: ' + scripts.length);
    ['iframe', 'frame', 'object', 'embed', 'form', 'base', 'meta[http-equiv]', 'svg', 'math', 'link', 'style']
      .forEach(function (s) { var n = document.querySelectorAll(s).length; if (n) hits.push(s + ': ' + n); });
    for (i = 0; i < all.length; i++) {
      var el = all[i];
      for (j = 0; j < el.attributes.length; j++) {
        var a = el.attributes[j], name = a.name.toLowerCase();
        if (name.indexOf('on') === 0) hits.push(section(el) + ' ' + name + ' attribute on <' + el.tagName + '>');
        if (['href', 'src', 'action', 'formaction', 'background', 'cite', 'poster', 'data', 'xlink:href', 'srcset'].indexOf(name) >= 0) {
          var u; try { u = new URL(a.value, document.baseURI); } catch (e) { continue; }
          var p = u.protocol;
          if (p === 'javascript:' || p === 'vbscript:' || (p === 'data:' && !/^data:image\/(png|jpe?g|gif|webp)/i.test(u.href)))
            hits.push(section(el) + ' ' + name + '=' + p + ' on <' + el.tagName + '>');
        }
      }
      ['mouseover', 'mouseenter', 'focus', 'animationstart', 'toggle', 'load', 'error'].forEach(function (t) {
        try { el.dispatchEvent(new Event(t)); } catch (e) {}
      });
    }
    window.__nxfired.forEach(function (f) { hits.push('nxfire() ran: ' + f); });
    document.title = 'NXRESULT ' + JSON.stringify(hits);
  }
  function section(el) { var s = el.closest && el.closest('section'); return s ? s.id : '?'; }
  window.addEventListener('load', function () { setTimeout(finish, 300); });
})();
</script>
</body></html>
]]

local function write(path, sections)
    local f = assert(io.open(path, "wb"))
    f:write(HEAD)
    for _, s in ipairs(sections) do
        f:write('<section id="', s.id, '">\n', s.html, '\n</section>\n')
    end
    f:write(CHECK)
    f:close()
end

local function read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

-- The vectors, each inside an article-like page, as test_badinput.lua does.
local function article(bad)
    local p = {}
    for i = 1, 6 do
        p[i] = "<p>Paragraph " .. i .. " of the story tells how the council met on Tuesday, "
            .. "argued about the budget, the new bridge and the schools, and voted late.</p>"
    end
    return "<html><head><title>T</title></head><body><article><h1>Council</h1>"
        .. table.concat(p) .. "<p>Vector: " .. bad .. " end.</p></article></body></html>"
end

-- article.markdown of many articles rendered by cmark (CommonMark, raw HTML
-- allowed: `cmark --unsafe`, Debian's cmark) in one run: each in a raw
-- <section> of its own.  Returns the HTML and, by id, each section's.
local function cmark(list)
    local parts = {}
    for _, s in ipairs(list) do
        parts[#parts + 1] = '<section id="' .. s.id .. '">\n\n' .. (s.md or "") .. "\n\n</section>\n"
    end
    local tmp = os.tmpname()
    local f = assert(io.open(tmp, "wb"))
    f:write(table.concat(parts, "\n"))
    f:close()
    local p = assert(io.popen("cmark --unsafe " .. tmp))
    local html = p:read("*a")
    local ok = p:close()
    os.remove(tmp)
    if not ok or html == "" then error("cmark failed (apt-get install -y cmark)") end
    local by = {}
    for id, body in html:gmatch('<section id="([^"]+)">(.-)</section>') do by[id] = body end
    return html, by
end

-- The body text an HTML string shows, read back by the module.
local core = require "newsextract.core"
local BODY = nx.BODY_KINDS
local function shown(html)
    local doc = assert(core.parse("<html><body>" .. html .. "</body></html>"))
    local c = doc:content("//body") or { blocks = {} }
    doc:free()
    local t = {}
    for _, b in ipairs(c.blocks) do
        if BODY[b.kind] then t[#t + 1] = b.text end
    end
    return (table.concat(t, " "):gsub("%s+", ""))
end

local sections, mds, n = {}, {}, 0
for line in read(root .. "/tests/fixtures/xss/vectors.txt"):gmatch("[^\n]+") do
    if not line:find("^#") then
        n = n + 1
        local a = nx.extract(article(line), { url = "https://example.com/news/a.html", rules = false })
        sections[#sections + 1] = { id = "vector-" .. n, html = a and a.html or "" }
        mds[#mds + 1] = { id = "md-vector-" .. n, md = a and a.markdown, a = a }
    end
end
write(out .. "/vectors.html", sections)
-- The same articles as Markdown: no script runs, and what the page showed
-- as text ("<img onerror>" written as text) is text again, word for word.
local md_html, by = cmark(mds)
write(out .. "/vectors-md.html", { { id = "md-vectors", html = md_html } })
local lost = 0
for _, m in ipairs(mds) do
    local figure = false
    for _, b in ipairs(m.a and m.a.blocks or {}) do figure = figure or b.kind == "figure" end
    if m.a and not figure then
        local want = table.concat(m.a.paragraphs, " "):gsub("%s+", "")
        if shown(by[m.id] or "") ~= want then
            lost = lost + 1
            if lost <= 5 then
                io.stderr:write("markdown text differs from the article's: ", m.id, "\n  ",
                    (m.a.markdown or ""):sub(1, 300), "\n")
            end
        end
    end
end
if lost > 0 then error(lost .. " vectors' Markdown does not render as the article's text") end

-- The control: four plain vectors, unsanitised.  They must be reported,
-- or the check itself is broken (run.sh fails then).  Only plain ones:
-- raw <meta refresh>, <frameset> or <base> would take the page away.
write(out .. "/control.html", {
    { id = "control-script", html = "<script>nxfire()</script>" },
    { id = "control-onerror", html = "<img src=x onerror=nxfire()>" },
    { id = "control-svg", html = "<svg onload=nxfire()></svg>" },
    { id = "control-href", html = "<a href='jav&#x09;ascript:nxfire()'>x</a>" },
})

-- Every corpus page's html, 20 pages per wrapper.
local list = {}
local p = io.popen("ls '" .. corpus .. "'/reuters/*.html '" .. corpus .. "'/readability-test-pages/*/source.html")
for line in p:lines() do list[#list + 1] = line end
p:close()
if #list < 100 then error("corpus not found at " .. corpus .. " (set NX_CORPUS)") end
local files = 0
for i = 1, #list, 20 do
    sections, mds = {}, {}
    for j = i, math.min(i + 19, #list) do
        local a = nx.extract(read(list[j]), { url = "https://example.com/page/" .. j .. ".html" })
        local id = list[j]:gsub("^.*/corpus/", "")
        sections[#sections + 1] = { id = id, html = a and a.html or "" }
        mds[#mds + 1] = { id = "md-" .. id, md = a and a.markdown }
    end
    files = files + 1
    write(out .. "/corpus-" .. files .. ".html", sections)
    write(out .. "/corpus-md-" .. files .. ".html", { { id = "md", html = (cmark(mds)) } })
end
print(("wrote %d vectors and %d corpus pages into %s"):format(n, #list, out))
