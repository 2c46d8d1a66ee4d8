-- SPDX-License-Identifier: MIT
-- newsextract.reader: an article table -> a self-contained reader-view page.
--
-- Pure function, no I/O, Lua 5.1-5.4.  Every piece of the article is treated
-- as untrusted text: it is escaped, never pasted as markup, so the page
-- carries no markup from the source at all (article.html is not used).  The
-- page has one inline stylesheet and no script; the server adds a
-- Content-Security-Policy (reader.CSP) so that a bug here still cannot run
-- script.
local type, ipairs, tostring, tonumber = type, ipairs, tostring, tonumber
local concat = table.concat
local gsub, find, match, format, lower = string.gsub, string.find,
    string.match, string.format, string.lower

local M = { _VERSION = "0.1.0" }

-- What the server sends with the page.  Images may come from anywhere over
-- http(s) (the article's own photos); nothing else loads; styles are inline.
M.CSP = "default-src 'none'; img-src https: http: data:; "
    .. "style-src 'unsafe-inline'; script-src 'none'; object-src 'none'; "
    .. "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

M.CONTENT_TYPE = "text/html; charset=utf-8"

-- Reader controls without script: radio buttons before the page, their
-- labels inside it, and `#id:checked ~ .nx-page` rules (the CSP stays
-- script-src 'none').  One group per setting; the first value of each is
-- the default (checked).
local CONTROLS = {
    { name = "theme", label = "Theme", values = {
        { "auto", "Auto" }, { "light", "Light" }, { "sepia", "Sepia" }, { "dark", "Dark" } } },
    { name = "size", label = "Text size", values = {
        { "m", "A", "1.125rem" }, { "s", "A\226\136\146", "1rem" },
        { "l", "A+", "1.3rem" }, { "xl", "A++", "1.55rem" } } },
    { name = "width", label = "Line width", values = {
        { "m", "Medium", "40rem" }, { "n", "Narrow", "33rem" }, { "w", "Wide", "52rem" } } },
}

local THEMES = {
    light = "background:#fbfaf7;color:#1d1d1d;--nx-muted:#555;--nx-rule:#bbb",
    sepia = "background:#f4ecd8;color:#3b2f1e;--nx-muted:#6b5a43;--nx-rule:#c8b48f",
    dark = "background:#161616;color:#e6e6e6;--nx-muted:#aaa;--nx-rule:#555",
}

local function build_style()
    local css = { [[
:root{color-scheme:light dark}
body{margin:0}
.nx-page{min-height:100vh;]], THEMES.light, [[;
font:1.125rem/1.6 Georgia,"DejaVu Serif","Noto Serif",serif}
main{max-width:40rem;margin:0 auto;padding:1rem 1.25rem 4rem;font-size:1.125rem}
h1{font-size:2em;line-height:1.2;margin:0 0 .75rem}
h2,h3,h4,h5,h6{line-height:1.3;margin:2rem 0 .5rem}
.nx-meta,.nx-credits,figcaption,.nx-source,.nx-controls{
font:.9rem/1.4 system-ui,"DejaVu Sans",sans-serif;color:var(--nx-muted)}
.nx-meta p{margin:.15rem 0}
.nx-section{text-transform:uppercase;letter-spacing:.06em;font-size:.8rem}
.nx-dek{font-size:1.2em;opacity:.85}
figure{margin:1.5rem 0}
img{max-width:100%;height:auto}
blockquote{margin:1rem 0;padding-inline-start:1rem;border-inline-start:3px solid var(--nx-rule)}
pre{white-space:pre-wrap;font-size:.9rem}
.nx-dateline{font-variant:small-caps;font-weight:bold}
.nx-ctl{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.nx-controls{max-width:52rem;margin:0 auto;padding:.6rem 1.25rem 0;display:flex;
flex-wrap:wrap;gap:.4rem 1.2rem;justify-content:flex-end}
.nx-controls span{display:inline-flex;gap:.25rem;align-items:center}
.nx-controls label{cursor:pointer;padding:.1rem .45rem;border:1px solid var(--nx-rule);
border-radius:.3rem;user-select:none}
:lang(zh),:lang(ja){line-break:strict;word-break:normal;overflow-wrap:anywhere}
.nx-cjk{line-break:strict;overflow-wrap:anywhere}
:lang(ja) p,:lang(zh) p{text-align:justify;text-justify:inter-character}
:lang(ko){word-break:keep-all;overflow-wrap:anywhere}
:lang(zh),:lang(ja),:lang(ko){font-family:"Noto Serif CJK JP","Noto Serif CJK SC",
"Noto Sans CJK JP","Source Han Serif",serif}
:lang(zh) .nx-dateline,:lang(ja) .nx-dateline{font-variant:normal}
[dir=rtl] .nx-controls{justify-content:flex-start}
]] }
    for _, g in ipairs(CONTROLS) do
        for _, v in ipairs(g.values) do
            local id = "nx-" .. g.name .. "-" .. v[1]
            -- the chosen value's label looks pressed; focus shows on it
            css[#css + 1] = format("#%s:checked~.nx-page label[for=%s]{background:var(--nx-rule)}\n"
                .. "#%s:focus-visible~.nx-page label[for=%s]{outline:2px solid}\n", id, id, id, id)
            if g.name == "theme" and THEMES[v[1]] then
                css[#css + 1] = format("#%s:checked~.nx-page{%s}\n", id, THEMES[v[1]])
            elseif g.name == "size" then
                css[#css + 1] = format("#%s:checked~.nx-page main{font-size:%s}\n", id, v[3])
            elseif g.name == "width" then
                css[#css + 1] = format("#%s:checked~.nx-page main{max-width:%s}\n", id, v[3])
            end
        end
    end
    css[#css + 1] = "@media (prefers-color-scheme:dark){#nx-theme-auto:checked~.nx-page{"
        .. THEMES.dark .. "}}\n"
    css[#css + 1] = [[
@media print{
.nx-controls,.nx-ctl{display:none}
.nx-page,#nx-theme-dark:checked~.nx-page,#nx-theme-sepia:checked~.nx-page{background:#fff;
color:#000;--nx-muted:#333;--nx-rule:#999;min-height:0}
main,.nx-page main{max-width:none;padding:0;font-size:11pt}
a{color:inherit}
.nx-source a::after{content:" (" attr(href) ")";word-break:break-all}
h1,h2,h3,h4{break-after:avoid}
figure,blockquote,pre{break-inside:avoid}
p{orphans:3;widows:3}
img{max-width:60%}}
]]
    return concat(css)
end
local STYLE = build_style()
M.STYLE = STYLE

local ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;",
    ['"'] = "&quot;", ["'"] = "&#39;" }

-- Escapes for text and for quoted attribute values alike.
local function esc(s)
    return (gsub(tostring(s), "[&<>\"']", ESC))
end
M.escape = esc

-- A present, non-empty string, or nil (the article table uses nil for
-- missing fields, but a hand-made or older table may carry "").
local function str(v)
    if type(v) == "number" then v = tostring(v) end
    if type(v) ~= "string" or not find(v, "%S") then return nil end
    return v
end

-- Only absolute http(s) URLs become links or images: "javascript:",
-- "data:" and relative URLs (which would resolve against the proxy, not the
-- publisher) are dropped.
local function safe_url(u)
    u = str(u)
    if not u or find(u, "[%s%c]") then return nil end
    local scheme = match(u, "^(%a[%w+.-]*):")
    if not scheme then return nil end
    scheme = lower(scheme)
    if (scheme ~= "http" and scheme ~= "https") or not find(u, "^%a+://[^/]") then
        return nil
    end
    return u
end
M.safe_url = safe_url

local MONTHS = { "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December" }

-- "2020-02-24T10:31:00Z" -> "24 February 2020, 10:31 UTC".  Whatever does
-- not look like ISO 8601 is shown as given.
local function human_date(iso)
    local y, mo, d, rest = match(iso, "^(%d%d%d%d)%-(%d%d)%-(%d%d)(.*)$")
    mo = tonumber(mo)
    if not y or not MONTHS[mo] then return iso end
    local out = format("%d %s %s", tonumber(d), MONTHS[mo], y)
    local hh, mm, zone = match(rest, "^[T ](%d%d):(%d%d)[%d:.]*(.*)$")
    if hh then
        if zone == "Z" or zone == "+00:00" or zone == "-00:00" then
            zone = " UTC"
        elseif zone ~= "" then
            zone = " " .. zone
        end
        out = out .. format(", %s:%s%s", hh, mm, zone)
    end
    return out
end
M.human_date = human_date

-- A section as a reader would say it: "/world/middle_east" -> "World ›
-- Middle East", "business-news" -> "Business News"; words already in
-- mixed case are kept ("UK", "iPhone").
local function human_section(v)
    v = str(v)
    if not v then return nil end
    if find(v, "^%a+://") then v = gsub(v, "^%a+://[^/]*", "") end
    local parts = {}
    for seg in v:gmatch("[^/|>\194\187]+") do
        seg = gsub(gsub(seg, "[_%-%+]+", " "), "%s+", " ")
        seg = match(seg, "^%s*(.-)%s*$")
        if seg ~= "" and not find(seg, "^%d+$") and not find(seg, "%.%a+$") then
            if not find(seg, "%u") then
                seg = gsub(seg, "(%w)(%w*)", function(a1, rest)
                    return string.upper(a1) .. rest
                end)
                seg = gsub(seg, " And ", " and "):gsub(" Of ", " of ")
            end
            parts[#parts + 1] = seg
        end
    end
    if #parts == 0 then return nil end
    if #parts > 2 then parts = { parts[#parts - 1], parts[#parts] } end
    return concat(parts, " \226\128\186 ")
end
M.human_section = human_section

-- Languages written right to left, and scripts set with CJK line breaking.
local RTL = { ar = true, he = true, iw = true, fa = true, ur = true, ps = true,
    yi = true, ckb = true, dv = true, sd = true, ug = true }

-- UTF-8 lead bytes: Hebrew/Arabic and friends (U+0590-U+08FF) are D6-DF
-- and E0 A0-A3; CJK (U+3000-U+9FFF, U+AC00-U+D7AF, U+F900-U+FAFF) is E3-E9,
-- EA-ED (Hangul), EF A4-AB.
local function script_of(text)
    local rtl, cjk, latin = 0, 0, 0
    local sample = text:sub(1, 3000)
    for _ in sample:gmatch("[\214-\223][\128-\191]") do rtl = rtl + 1 end
    for _ in sample:gmatch("[\227-\233][\128-\191][\128-\191]") do cjk = cjk + 1 end
    for _ in sample:gmatch("[\234-\237][\128-\191][\128-\191]") do cjk = cjk + 1 end
    for _ in sample:gmatch("%a") do latin = latin + 1 end
    if rtl > latin and rtl >= 10 then return "rtl" end
    if cjk * 2 > latin and cjk >= 10 then return "cjk" end
    return nil
end

local function sample_text(article)
    local t = { str(article.title) or "" }
    if type(article.paragraphs) == "table" then
        for i = 1, 5 do t[#t + 1] = type(article.paragraphs[i]) == "string" and article.paragraphs[i] or "" end
    end
    return concat(t, " ")
end

-- Minutes: what the page prints, else from the word count (CJK counts a
-- character as a word, read at about 500 a minute; otherwise 230).
local function reading_minutes(article, cjk)
    local rt = tonumber(article.reading_time)
    if rt and rt > 0 then return math.floor(rt + 0.5), true end
    local words = tonumber(article.words)
    if not words or words <= 0 then return nil end
    local m = math.ceil(words / (cjk and 500 or 230))
    return m < 1 and 1 or m, false
end
M.reading_minutes = reading_minutes

local function controls()
    local radios, groups = {}, {}
    for _, g in ipairs(CONTROLS) do
        local labels = {}
        for i, v in ipairs(g.values) do
            local id = "nx-" .. g.name .. "-" .. v[1]
            radios[#radios + 1] = format('<input type="radio" class="nx-ctl" name="nx-%s" '
                .. 'id="%s"%s aria-label="%s: %s">', g.name, id, i == 1 and " checked" or "",
                g.label, esc(v[2]))
            labels[#labels + 1] = format('<label for="%s"><bdi>%s</bdi></label>', id, esc(v[2]))
        end
        groups[#groups + 1] = format('<span role="group" aria-label="%s">%s</span>', g.label,
            concat(labels))
    end
    return concat(radios), '<div class="nx-controls">' .. concat(groups) .. "</div>"
end
local RADIOS, CONTROL_BAR = controls()

local function time_tag(iso, label)
    -- <bdi>: the English label and date keep their order on an RTL page
    return format('<p><bdi>%s<time datetime="%s">%s</time></bdi></p>', label, esc(iso),
        esc(human_date(iso)))
end

-- A figure: its images (those with a safe URL) and/or a caption, the
-- caption after the images.  `images` is a list of {src=, alt=}.
local function figure(out, images, caption)
    caption = str(caption)
    local imgs = {}
    for _, im in ipairs(images or {}) do
        local src = safe_url(type(im) == "table" and im.src or im)
        if src then
            imgs[#imgs + 1] = format('<img src="%s" alt="%s" loading="lazy" '
                .. 'referrerpolicy="no-referrer">', esc(src),
                esc(str(type(im) == "table" and im.alt) or caption or ""))
        end
    end
    if #imgs == 0 and not caption then return end
    out[#out + 1] = "<figure>" .. concat(imgs)
    if caption then
        out[#out + 1] = "<figcaption>" .. esc(caption) .. "</figcaption>"
    end
    out[#out + 1] = "</figure>"
end

local HEADING = { h2 = true, h3 = true, h4 = true, h5 = true, h6 = true }

-- Body from article.blocks when the producer kept them (headings, lists and
-- quotes survive), else from article.paragraphs.  The dateline, when the
-- first block starts with it, is set off as in print.
local function body(out, article)
    local blocks = type(article.blocks) == "table" and article.blocks or nil
    if not blocks then
        blocks = {}
        if type(article.paragraphs) == "table" then
            for i, p in ipairs(article.paragraphs) do
                blocks[i] = { kind = "p", text = p }
            end
        end
    end
    local dateline = str(article.dateline)
    local in_list, first = false, true
    for _, b in ipairs(blocks) do
        local kind = type(b) == "table" and b.kind or "p"
        local text = str(type(b) == "table" and b.text or b)
        if kind ~= "li" and in_list then
            out[#out + 1] = "</ul>"
            in_list = false
        end
        if kind == "figure" or kind == "caption" then
            -- in place, in document order, with the images C found
            local imgs = type(b) == "table" and (b.images or
                ((b.src or b.image) and { { src = b.src or b.image } })) or nil
            figure(out, imgs, text)
        elseif text then
            if kind == "li" then
                if not in_list then
                    out[#out + 1] = "<ul>"
                    in_list = true
                end
                out[#out + 1] = "<li>" .. esc(text) .. "</li>"
            elseif HEADING[kind] then
                out[#out + 1] = format("<%s>%s</%s>", kind, esc(text), kind)
            elseif kind == "quote" then
                out[#out + 1] = "<blockquote><p>" .. esc(text)
                    .. "</p></blockquote>"
            elseif kind == "pre" or kind == "table" then
                out[#out + 1] = "<pre>" .. esc(text) .. "</pre>"
            elseif first and dateline and text:sub(1, #dateline) == dateline then
                out[#out + 1] = '<p><span class="nx-dateline">' .. esc(dateline)
                    .. "</span>" .. esc(text:sub(#dateline + 1)) .. "</p>"
            else
                out[#out + 1] = "<p>" .. esc(text) .. "</p>"
            end
            first = false
        end
    end
    if in_list then out[#out + 1] = "</ul>" end
end

-- The page's language and direction: the declared lang when it is a
-- language tag, the direction from dir, else from the language, else from
-- the script of the text (an undeclared Arabic page is still right to
-- left).  cjk pages get the CJK line settings.
local function page_language(article)
    local lang = str(article.lang)
    lang = lang and match(lang, "^[%a][%w-]*$") or nil
    local script = script_of(sample_text(article))
    local primary = lang and lower(match(lang, "^(%a+)")) or nil
    local rtl = article.dir == "rtl" or (article.dir ~= "ltr" and ((primary and RTL[primary])
        or (not primary and script == "rtl")))
    local cjk = (primary == "zh" or primary == "ja" or primary == "ko") or script == "cjk"
    return lang, rtl, cjk
end

-- Above the title: the site and section; then the title and the dek.
local function masthead(out, article, title)
    local section = human_section(article.section)
    if section or str(article.site_name) then
        local bits = {}
        if str(article.site_name) then bits[1] = esc(article.site_name) end
        if section then
            bits[#bits + 1] = '<span class="nx-section">' .. esc(section) .. "</span>"
        end
        out[#out + 1] = '<p class="nx-meta">' .. concat(bits, " \194\183 ") .. "</p>"
    end
    if title then out[#out + 1] = "<h1>" .. esc(title) .. "</h1>" end
    if str(article.description) then
        out[#out + 1] = '<p class="nx-dek">' .. esc(article.description) .. "</p>"
    end
end

-- The byline, dates, dateline and reading time, in one header; nothing
-- when the article has none of them.
local function meta_header(out, article, cjk)
    local meta = {}
    local names = {}
    if type(article.authors) == "table" then
        for _, a in ipairs(article.authors) do
            if str(a) then names[#names + 1] = esc(a) end
        end
    end
    if #names > 0 then
        meta[#meta + 1] = '<p class="nx-byline"><bdi>By ' .. concat(names, ", ") .. "</bdi></p>"
    end
    if str(article.published) then
        meta[#meta + 1] = time_tag(article.published, "Published ")
    end
    if str(article.modified) and article.modified ~= article.published then
        meta[#meta + 1] = time_tag(article.modified, "Updated ")
    end
    if str(article.dateline) then
        meta[#meta + 1] = '<p>Filed from <span class="nx-dateline">'
            .. esc(article.dateline) .. "</span></p>"
    end
    local rt, printed = reading_minutes(article, cjk)
    if rt then
        meta[#meta + 1] = format('<p class="nx-time"%s><bdi>%d min read</bdi></p>',
            printed and "" or ' title="estimated from the word count"', rt)
    end
    if #meta > 0 then
        out[#out + 1] = '<header class="nx-meta">' .. concat(meta) .. "</header>"
    end
end

-- The lead image once: at the top only when the body's figures do not
-- show it already.  Captions are in the body, in place, with their
-- images; an article without blocks shows them here.
local function lead_figure(out, article)
    local blocks = type(article.blocks) == "table" and article.blocks or nil
    local lead, shown = safe_url(article.lead_image), false
    for _, b in ipairs(blocks or {}) do
        for _, im in ipairs(type(b) == "table" and b.images or {}) do
            shown = shown or (type(im) == "table" and im.src == lead)
        end
    end
    if not blocks then
        local captions = type(article.captions) == "table" and article.captions or {}
        figure(out, lead and { { src = lead } }, captions[1])
        for i = 2, #captions do figure(out, nil, captions[i]) end
    elseif lead and not shown then
        figure(out, { { src = lead } }, nil)
    end
end

-- After the body: the credits and a link to the source (http(s) only).
local function footer(out, article)
    if str(article.credits) then
        out[#out + 1] = '<p class="nx-credits">' .. esc(article.credits) .. "</p>"
    end
    local url = safe_url(article.url)
    if url then
        out[#out + 1] = format('<p class="nx-source"><bdi>Source: <a href="%s" '
            .. 'rel="noreferrer noopener">%s</a></bdi></p>', esc(url), esc(url))
    end
end

-- render(article [, opts]) -> string: the whole page, UTF-8.
-- opts.title_suffix: appended to <title> (e.g. " - reader").
-- Raises when article is not a table (a caller bug); never on odd content.
function M.render(article, opts)
    if type(article) ~= "table" then
        error("reader.render: article: expected table, got " .. type(article), 2)
    end
    if opts ~= nil and type(opts) ~= "table" then
        error("reader.render: opts: expected table, got " .. type(opts), 2)
    end
    opts = opts or {}
    local title = str(article.title)
    local lang, rtl, cjk = page_language(article)
    local attrs = {}
    if lang then attrs[#attrs + 1] = format(' lang="%s"', esc(lang)) end
    if rtl then attrs[#attrs + 1] = ' dir="rtl"' end
    -- the head, the style and the controls are the same on every page
    local out = {
        "<!DOCTYPE html>\n",
        "<html", concat(attrs), ">",
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        "<title>", esc((title or "Article") .. (str(opts.title_suffix) or "")),
        "</title>\n<style>\n", STYLE, "</style></head>\n<body>", RADIOS,
        '\n<div class="nx-page', cjk and " nx-cjk" or "", '">', CONTROL_BAR,
        "<main><article>\n",
    }
    masthead(out, article, title)
    meta_header(out, article, cjk)
    lead_figure(out, article)
    body(out, article)
    footer(out, article)
    out[#out + 1] = "\n</article></main></div></body></html>\n"
    return concat(out)
end

-- A page for when there is no article (the filter has already promised
-- text/html to the client, so the failure is shown as a page).
function M.error_page(msg)
    return concat({ "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">",
        "<title>No article</title>\n<style>\n", STYLE, "</style></head>\n",
        "<body><div class=\"nx-page\"><main><h1>No article</h1><p class=\"nx-meta\">",
        esc(str(msg) or "no article found"), "</p></main></div></body></html>\n" })
end

return M
