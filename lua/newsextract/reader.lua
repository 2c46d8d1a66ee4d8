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

local STYLE = [[
:root{color-scheme:light dark}
body{margin:0;background:#fbfaf7;color:#1d1d1d;
font:1.125rem/1.6 Georgia,"DejaVu Serif",serif}
main{max-width:40rem;margin:0 auto;padding:2rem 1.25rem 4rem}
h1{font-size:2rem;line-height:1.2;margin:0 0 .75rem}
h2,h3,h4,h5,h6{line-height:1.3;margin:2rem 0 .5rem}
.nx-meta,.nx-credits,figcaption,.nx-source{
font:.9rem/1.4 system-ui,"DejaVu Sans",sans-serif;color:#555}
.nx-meta p{margin:.15rem 0}
.nx-dek{font-size:1.2rem;color:#333}
figure{margin:1.5rem 0}
img{max-width:100%;height:auto}
blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid #bbb}
pre{white-space:pre-wrap;font-size:.9rem}
.nx-dateline{font-variant:small-caps;font-weight:bold}
@media (prefers-color-scheme:dark){
body{background:#161616;color:#e6e6e6}
.nx-meta,.nx-credits,figcaption,.nx-source{color:#aaa}
.nx-dek{color:#ccc}}
]]

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

local function time_tag(iso, label)
    return format('<p>%s<time datetime="%s">%s</time></p>', label, esc(iso),
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
    local lang = str(article.lang)
    lang = lang and match(lang, "^[%a][%w-]*$") or nil
    local out = {
        "<!DOCTYPE html>\n",
        lang and format('<html lang="%s">', esc(lang)) or "<html>",
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        "<title>", esc((title or "Article") .. (str(opts.title_suffix) or "")),
        "</title>\n<style>\n", STYLE, "</style></head>\n<body><main><article>\n",
    }
    if str(article.section) or str(article.site_name) then
        out[#out + 1] = '<p class="nx-meta">' .. esc(concat({
            str(article.site_name), str(article.section) }, " \194\183 ")) .. "</p>"
    end
    if title then out[#out + 1] = "<h1>" .. esc(title) .. "</h1>" end
    if str(article.description) then
        out[#out + 1] = '<p class="nx-dek">' .. esc(article.description) .. "</p>"
    end

    local meta = {}
    local names = {}
    if type(article.authors) == "table" then
        for _, a in ipairs(article.authors) do
            if str(a) then names[#names + 1] = esc(a) end
        end
    end
    if #names > 0 then
        meta[#meta + 1] = '<p class="nx-byline">By ' .. concat(names, ", ") .. "</p>"
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
    local rt = tonumber(article.reading_time)
    if rt and rt > 0 then
        meta[#meta + 1] = format("<p>%d min read</p>", rt)
    end
    if #meta > 0 then
        out[#out + 1] = '<header class="nx-meta">' .. concat(meta) .. "</header>"
    end

    -- The lead image once: at the top only when the body's figures do not
    -- show it already.  Captions are in the body, in place, with their
    -- images; an article without blocks shows them here.
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

    body(out, article)

    if str(article.credits) then
        out[#out + 1] = '<p class="nx-credits">' .. esc(article.credits) .. "</p>"
    end
    local url = safe_url(article.url)
    if url then
        out[#out + 1] = format('<p class="nx-source">Source: <a href="%s" '
            .. 'rel="noreferrer noopener">%s</a></p>', esc(url), esc(url))
    end
    out[#out + 1] = "\n</article></main></body></html>\n"
    return concat(out)
end

-- A page for when there is no article (the filter has already promised
-- text/html to the client, so the failure is shown as a page).
function M.error_page(msg)
    return concat({ "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">",
        "<title>No article</title>\n<style>\n", STYLE, "</style></head>\n",
        "<body><main><h1>No article</h1><p class=\"nx-meta\">",
        esc(str(msg) or "no article found"), "</p></main></body></html>\n" })
end

return M
