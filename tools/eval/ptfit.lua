-- SPDX-License-Identifier: MIT
-- tools/eval/ptfit.lua: sets the page-type weights
-- (lua/newsextract/pagetype_weights.lua) from wcxb-dev's truth.
-- Development only.  From the checkout, after `make`:
--
--   luajit tools/eval/ptfit.lua --dump /tmp/pt.jsonl   (extract every page
--       once, keep the signals pagetype.classify reads)
--   luajit tools/eval/ptfit.lua --fit /tmp/pt.jsonl [--lambda L] > weights
--
-- The model: one linear score per kind over pagetype.features (a
-- multinomial logistic regression, L2-penalised), fitted by full-batch
-- gradient descent on standardised features, the weights written back on
-- the raw scale.  --fit first reports the halves: fitted on the pages of
-- one half of the sites (a hash of the host), scored on the other half,
-- both ways; then fits on every page and prints the weights file.
local root = (arg and arg[0] or ""):match("^(.*)/tools/eval/ptfit%.lua$") or "."
local flavor = rawget(_G, "jit") and "luajit" or "lua5.4"
package.path = table.concat({ root .. "/tools/eval/?.lua", root .. "/lua/?.lua",
    root .. "/lua/?/init.lua", package.path }, ";")
package.cpath = (os.getenv("NX_BUILD") or (root .. "/build/" .. flavor)) .. "/?.so;" ..
    package.cpath
local cjson = require "cjson"
local pagetype = require "newsextract.pagetype"
local KINDS, FEATURES = pagetype.KINDS, pagetype.FEATURES
local exp, sqrt, format = math.exp, math.sqrt, string.format

local function dump(file)
    local wcxb = require "wcxb"
    local ne = require "newsextract"
    local cases = assert(wcxb.cases((assert(os.getenv("NX_CORPUS"), "NX_CORPUS unset"))))
    local orig = pagetype.of_page
    local cur
    pagetype.of_page = function(md, f, blocks)
        cur = pagetype.signals(md, f, blocks)
        return orig(md, f, blocks)
    end
    local out = assert(io.open(file, "w"))
    for _, c in ipairs(cases) do
        cur = nil
        pcall(ne.extract, c.html)
        out:write(cjson.encode({ id = c.name, type = c.type, half = wcxb.half(c),
            s = cur or {} }), "\n")
    end
    out:close()
    pagetype.of_page = orig
end

local function load(file)
    local rows = {}
    for line in io.lines(file) do
        local r = cjson.decode(line)
        local x = pagetype.features(r.s)
        local v = {}
        for j, f in ipairs(FEATURES) do v[j] = x[f] end
        local y
        for k, name in ipairs(KINDS) do if name == r.type then y = k end end
        rows[#rows + 1] = { id = r.id, y = y, half = r.half, x = v }
    end
    return rows
end

-- fit(rows, lambda) -> W[k][j] (j = 0: bias) on the raw feature scale
local function fit(rows, lambda, iters)
    local nf, nk, n = #FEATURES, #KINDS, #rows
    local mean, sd = {}, {}
    for j = 1, nf do
        local s, s2 = 0, 0
        for _, r in ipairs(rows) do s = s + r.x[j]; s2 = s2 + r.x[j] ^ 2 end
        mean[j] = s / n
        sd[j] = sqrt(math.max(s2 / n - mean[j] ^ 2, 1e-9))
        if sd[j] < 1e-6 then sd[j] = 1 end
    end
    local Z = {}
    for i, r in ipairs(rows) do
        local z = {}
        for j = 1, nf do z[j] = (r.x[j] - mean[j]) / sd[j] end
        Z[i] = z
    end
    local W, V = {}, {}
    for k = 1, nk do
        W[k], V[k] = {}, {}
        for j = 0, nf do W[k][j], V[k][j] = 0, 0 end
    end
    local lr, mom = 0.5, 0.9
    local p, G = {}, {}
    for k = 1, nk do G[k] = {} end
    for _ = 1, iters do
        for k = 1, nk do for j = 0, nf do G[k][j] = 0 end end
        for i = 1, n do
            local z, mx = Z[i], -1e300
            for k = 1, nk do
                local w, s = W[k], W[k][0]
                for j = 1, nf do s = s + w[j] * z[j] end
                p[k] = s
                if s > mx then mx = s end
            end
            local sum = 0
            for k = 1, nk do p[k] = exp(p[k] - mx); sum = sum + p[k] end
            local y = rows[i].y
            for k = 1, nk do
                local d = p[k] / sum - (k == y and 1 or 0)
                local g = G[k]
                g[0] = g[0] + d
                for j = 1, nf do g[j] = g[j] + d * z[j] end
            end
        end
        for k = 1, nk do
            local w, v, g = W[k], V[k], G[k]
            for j = 0, nf do
                local gr = g[j] / n + (j > 0 and lambda * w[j] or 0)
                v[j] = mom * v[j] - lr * gr
                w[j] = w[j] + v[j]
            end
        end
    end
    -- back to the raw scale
    local R = {}
    for k = 1, nk do
        local r = { [0] = W[k][0] }
        for j = 1, nf do
            r[j] = W[k][j] / sd[j]
            r[0] = r[0] - W[k][j] * mean[j] / sd[j]
        end
        R[k] = r
    end
    return R
end

local function predict(W, x)
    local best, score
    for k = 1, #KINDS do
        local s = W[k][0]
        for j = 1, #FEATURES do s = s + W[k][j] * x[j] end
        if not score or s > score then best, score = k, s end
    end
    return best
end

local function score(W, rows)
    local ok = 0
    for _, r in ipairs(rows) do if predict(W, r.x) == r.y then ok = ok + 1 end end
    return ok, #rows
end

local function main(argv)
    local mode, file, lambda, iters = argv[1], argv[2], 0.01, 600
    for i = 3, #argv - 1 do
        if argv[i] == "--lambda" then lambda = tonumber(argv[i + 1]) end
        if argv[i] == "--iters" then iters = tonumber(argv[i + 1]) end
    end
    if mode == "--dump" and file then return dump(file) end
    if mode ~= "--fit" or not file then
        io.stderr:write("usage: ptfit.lua --dump FILE | --fit FILE [--lambda L] [--iters N]\n")
        os.exit(2)
    end
    local rows = load(file)
    local H = { {}, {} }
    for _, r in ipairs(rows) do local t = H[r.half + 1]; t[#t + 1] = r end
    local cm = {}
    for k = 1, #KINDS do cm[k] = {}; for j = 1, #KINDS do cm[k][j] = 0 end end
    local wrong = {}
    for h = 1, 2 do
        local W = fit(H[h], lambda, iters)
        for _, r in ipairs(H[3 - h]) do
            local p = predict(W, r.x)
            cm[r.y][p] = cm[r.y][p] + 1
            if p ~= r.y then wrong[#wrong + 1] = r.id .. " " .. KINDS[r.y] .. " -> " .. KINDS[p] end
        end
        local a, na = score(W, H[h])
        local b, nb = score(W, H[3 - h])
        io.stderr:write(format("fit on half %d: own %d/%d = %.4f, other half %d/%d = %.4f\n",
            h - 1, a, na, a / na, b, nb, b / nb))
    end
    io.stderr:write("held out (each half by the other's fit), true x predicted:\n")
    io.stderr:write(format("  %-14s", "") .. table.concat((function()
        local t = {}
        for k, name in ipairs(KINDS) do t[k] = format("%6s", name:sub(1, 5)) end
        return t end)()) .. "\n")
    for k, name in ipairs(KINDS) do
        local line = format("  %-14s", name)
        for j = 1, #KINDS do line = line .. format("%6d", cm[k][j]) end
        io.stderr:write(line, "\n")
    end
    if os.getenv("PTFIT_WRONG") then
        local f = assert(io.open(os.getenv("PTFIT_WRONG"), "w"))
        f:write(table.concat(wrong, "\n"), "\n")
        f:close()
    end
    local W = fit(rows, lambda, iters)
    local a, na = score(W, rows)
    io.stderr:write(format("fit on all: %d/%d = %.4f (lambda %g)\n", a, na, a / na, lambda))
    local out = { "-- SPDX-License-Identifier: MIT",
        "-- newsextract.pagetype_weights: generated by tools/eval/ptfit.lua --fit",
        format("-- (lambda %g, %d iterations) from wcxb-dev's page types; edit the", lambda, iters),
        "-- features in pagetype.lua and run it again rather than edit these.",
        "return {" }
    for k, name in ipairs(KINDS) do
        out[#out + 1] = format("    %s = { bias = %.3f,", name, W[k][0])
        local line = "       "
        for j, f in ipairs(FEATURES) do
            local w = W[k][j]
            if math.abs(w) >= 0.0005 then
                local item = format(" %s = %.3f,", f, w)
                if #line + #item > 78 then out[#out + 1] = line; line = "       " end
                line = line .. item
            end
        end
        out[#out + 1] = line
        out[#out + 1] = "    },"
    end
    out[#out + 1] = "}"
    io.write(table.concat(out, "\n"), "\n")
end

main(arg)
