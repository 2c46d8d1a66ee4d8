-- SPDX-License-Identifier: MIT
-- tools/ftr-eval.lua: the Full-Text RSS site configs as the rule set, on
-- the corpus pages whose host has a config.
--
--   lua5.4 tools/ftr-eval.lua [--corpus DIR] [--ftr DIR] [--markdown]
--
-- Pages: every wcxb-dev page whose ground-truth URL's host has a config
-- (the URL is passed, as a crawler would), and every Readability test page
-- whose canonical (or og:url) host has one (no URL passed: the matcher
-- finds the canonical host itself).  For each: the rule chosen, whether its
-- body expression matched, and the body F1 (eval.page: 4-gram shingles)
-- with the FTR rules and with generic extraction only.  Development
-- tooling: not installed.
local root = arg[0]:match("^(.*)/tools/[^/]+$") or "."
package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. root .. "/tools/eval/?.lua;" .. package.path
local build = os.getenv("NX_BUILD") or (root .. "/build/lua5.4")
package.cpath = build .. "/?.so;" .. package.cpath

local newsextract = require "newsextract"
local rule_match = require "newsextract.rule_match"
local core = require "newsextract.core"
local cjson = require "cjson"
local eval = require "nxeval"     -- tools/eval: the corpus readers and eval.page

local corpus = os.getenv("NX_CORPUS") or (root .. "/../shared/corpus")
local ftr_dir = corpus .. "/../ftr-site-config"
local markdown = false
local i = 1
while arg[i] do
    if arg[i] == "--corpus" then corpus = arg[i + 1]; i = i + 1
    elseif arg[i] == "--ftr" then ftr_dir = arg[i + 1]; i = i + 1
    elseif arg[i] == "--markdown" then markdown = true
    else io.stderr:write("usage: tools/ftr-eval.lua [--corpus DIR] [--ftr DIR] [--markdown]\n"); os.exit(2) end
    i = i + 1
end

local function read(path, gz)
    local f
    if gz then f = io.popen("gzip -dc '" .. path:gsub("'", "'\\''") .. "'") else f = io.open(path, "rb") end
    if not f then return nil end
    local s = f:read("a")
    f:close()
    return s
end

local function lines_of(cmd)
    local p = assert(io.popen(cmd))
    local out = {}
    for l in p:lines() do out[#out + 1] = l end
    p:close()
    return out
end

local set = assert(newsextract.rules(ftr_dir))
local cases = {}

-- wcxb-dev: the URL from the ground truth
local wdir = corpus .. "/wcxb-dev"
for _, name in ipairs(lines_of("ls '" .. wdir .. "/ground-truth'")) do
    local id = name:match("^(%d+)%.json$")
    if id then
        local gt = cjson.decode(read(wdir .. "/ground-truth/" .. name))
        local host = rule_match.host_of(gt.url)
        local rule = host and rule_match.ftr_for(set, host)
        if rule then
            local html = read(wdir .. "/html/" .. id .. ".html.gz", true)
            local truth = gt.ground_truth and gt.ground_truth.main_content
            if html and type(truth) == "string" then
                cases[#cases + 1] = { name = "wcxb " .. id, url = gt.url, html = html,
                    truth = truth, want = rule.name }
            end
        end
    end
end

-- Readability: the canonical host
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

local rows, applied, body_hit, sum_r, sum_g = {}, 0, 0, 0, 0
local hit_r, hit_g = 0, 0
for _, c in ipairs(cases) do
    local a = newsextract.extract(c.html, { url = c.url, rules = set })
    local g = newsextract.extract(c.html, { url = c.url, rules = false })
    local fr = a and eval.page(c.truth, a.text or "").f1 or 0
    local fg = g and eval.page(c.truth, g.text or "").f1 or 0
    local rule = a and a.rule
    local hit = true
    for _, n in ipairs(a and a.notes or {}) do
        if n:find(": body: ", 1, true) then hit = false end
    end
    if rule and rule:find("^ftr:") then applied = applied + 1 else hit = false end
    if hit then body_hit, hit_r, hit_g = body_hit + 1, hit_r + fr, hit_g + fg end
    sum_r, sum_g = sum_r + fr, sum_g + fg
    rows[#rows + 1] = { c.name, c.want, rule or "-", hit and "yes" or "no", fr, fg }
end

local n = #cases
if markdown then
    print("| page | config | rule applied | body expression matched | F1 with FTR | F1 generic |")
    print("|---|---|---|---|---|---|")
    for _, r in ipairs(rows) do
        print(string.format("| %s | %s | %s | %s | %.3f | %.3f |", r[1], r[2], r[3], r[4], r[5], r[6]))
    end
    print()
end
print(string.format("pages %d; FTR rule applied %d (%.1f%%); body expression matched %d (%.1f%%)",
    n, applied, n > 0 and 100 * applied / n or 0, body_hit, n > 0 and 100 * body_hit / n or 0))
print(string.format("mean body F1: FTR rules %.4f, generic %.4f", n > 0 and sum_r / n or 0, n > 0 and sum_g / n or 0))
print(string.format("on the %d pages whose body expression matched: FTR rules %.4f, generic %.4f",
    body_hit, body_hit > 0 and hit_r / body_hit or 0, body_hit > 0 and hit_g / body_hit or 0))
