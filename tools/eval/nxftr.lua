-- SPDX-License-Identifier: MIT
-- tools/eval/nxftr.lua: the Full-Text RSS site configs as the rule set, on
-- the corpus pages whose host has a config.
--
--   lua5.4 tools/eval/run.lua --set ftr [--corpus DIR] [--ftr DIR] [--markdown]
--   lua5.4 tools/eval/nxftr.lua [--corpus DIR] [--ftr DIR] [--markdown]
--
-- Pages: every wcxb-dev page whose ground-truth URL's host has a config
-- (the URL is passed, as a crawler would), and every Readability test page
-- whose canonical (or og:url) host has one (no URL passed: the matcher
-- finds the canonical host itself).  For each: the rule chosen, where its
-- body came from (one of the site's `body:` lines, or the generic
-- extractor, which stands for FTR's own detection: hNews, .instapaper_body,
-- itemprop=articleBody, Readability), and the body F1 (eval.page: 4-gram shingles) with the FTR rules and with generic
-- extraction only.  Development tooling: not installed.
local M = { _VERSION = "0.1.0" }
local main_chunk = not pcall(debug.getlocal, 4, 1)   -- run as a script?
if main_chunk then
    local root = arg[0]:match("^(.*)/tools/eval/[^/]+$") or "."
    package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. root .. "/tools/eval/?.lua;"
        .. package.path
    local build = os.getenv("NX_BUILD") or (root .. "/build/" .. (rawget(_G, "jit") and "luajit" or "lua5.4"))
    package.cpath = build .. "/?.so;" .. package.cpath
end

local newsextract = require "newsextract"
local rule_match = require "newsextract.rule_match"
local core = require "newsextract.core"
local eval = require "nxeval"     -- tools/eval: the corpus readers and eval.page
local wcxb = require "wcxb"

local format = string.format

-- The pages with a config: wcxb-dev by its ground truth's URL, Readability
-- by the page's canonical or og:url host (no URL passed).
function M.cases(set, corpus)
    local cases = {}
    for _, c in ipairs(assert(wcxb.cases(corpus))) do
        local host = rule_match.host_of(c.url)
        local rule = host and rule_match.ftr_for(set, host)
        if rule then
            cases[#cases + 1] = { name = "wcxb " .. c.name, url = c.url, html = c.html,
                truth = c.truth, want = rule.name }
        end
    end
    for _, c in ipairs(assert(eval.readability_cases(corpus))) do
        local doc = core.parse(c.html)
        if doc then
            local md = doc:metadata()
            doc:free()
            local u = md.canonical
            if not rule_match.host_of(u) then u = md.meta and md.meta["og:url"] and md.meta["og:url"][1] end
            local host = rule_match.host_of(u)
            local rule = host and rule_match.ftr_for(set, host)
            if rule then
                cases[#cases + 1] = { name = "readability " .. c.name, html = c.html, truth = c.truth,
                    want = rule.name }
            end
        end
    end
    return cases
end

-- Where the body came from, by the notes: "site" (a body: line) or
-- "generic" (no body: line, or none matched).
local function body_source(a)
    for _, n in ipairs(a and a.notes or {}) do
        if n:find(": body: ", 1, true) then return "generic" end
    end
    return "site"
end

--- Score every case: rows { name, want, rule, source, f1 with rules, f1 generic }.
function M.run(set, cases)
    local rows = {}
    for _, c in ipairs(cases) do
        local a = newsextract.extract(c.html, { url = c.url, rules = set })
        local g = newsextract.extract(c.html, { url = c.url, rules = false })
        local fr = a and eval.page(c.truth, a.text or "").f1 or 0
        local fg = g and eval.page(c.truth, g.text or "").f1 or 0
        local rule = a and a.rule
        local src = (rule and rule:find("^ftr:")) and body_source(a) or "none"
        rows[#rows + 1] = { c.name, c.want, rule or "-", src, fr, fg }
    end
    return rows
end

local function pct(k, n) return n > 0 and 100 * k / n or 0 end

function M.report(out, rows, markdown)
    if markdown then
        out:write("| page | config | rule applied | body from | F1 with FTR | F1 generic |\n")
        out:write("|---|---|---|---|---|---|\n")
        for _, r in ipairs(rows) do
            out:write(format("| %s | %s | %s | %s | %.3f | %.3f |\n", r[1], r[2], r[3], r[4], r[5], r[6]))
        end
        out:write("\n")
    end
    local n, count, sum = #rows, { site = 0, generic = 0, none = 0 }, {}
    local sr, sg = 0, 0
    for _, r in ipairs(rows) do
        count[r[4]] = count[r[4]] + 1
        local s = sum[r[4]] or { 0, 0 }
        sum[r[4]] = s
        s[1], s[2] = s[1] + r[5], s[2] + r[6]
        sr, sg = sr + r[5], sg + r[6]
    end
    local applied = n - count.none
    out:write(format("pages %d; FTR rule applied %d (%.1f%%); body from the site's body: lines %d (%.1f%%), "
        .. "generic %d (%.1f%%)\n", n, applied, pct(applied, n), count.site, pct(count.site, n),
        count.generic, pct(count.generic, n)))
    out:write(format("mean body F1: FTR rules %.4f, generic %.4f\n", n > 0 and sr / n or 0, n > 0 and sg / n or 0))
    for _, k in ipairs({ "site", "generic" }) do
        local s = sum[k]
        if s then
            out:write(format("  body from %s (%d pages): FTR rules %.4f, generic %.4f\n", k, count[k],
                s[1] / count[k], s[2] / count[k]))
        end
    end
end

local USAGE = "usage: tools/eval/run.lua --set ftr [--corpus DIR] [--ftr DIR] [--markdown]\n"

function M.main(args)
    local corpus = os.getenv("NX_CORPUS") or "../shared/corpus"
    local ftr_dir, markdown
    local i = args[1] == "eval" and 2 or 1   -- `newsextract eval --set ftr`
    while args[i] do
        local a = args[i]
        if a == "--corpus" and args[i + 1] then corpus = args[i + 1]; i = i + 1
        elseif a == "--ftr" and args[i + 1] then ftr_dir = args[i + 1]; i = i + 1
        elseif a == "--markdown" then markdown = true
        elseif a == "--set" and args[i + 1] == "ftr" then i = i + 1
        else io.stderr:write(USAGE); return 2 end
        i = i + 1
    end
    local set, err = newsextract.rules(ftr_dir or (corpus .. "/../ftr-site-config"))
    if not set then io.stderr:write("nxftr: ", tostring(err), "\n"); return 1 end
    M.report(io.stdout, M.run(set, M.cases(set, corpus)), markdown)
    return 0
end

if main_chunk then os.exit(M.main(arg)) end
return M
