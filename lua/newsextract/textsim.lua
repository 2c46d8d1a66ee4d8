-- SPDX-License-Identifier: MIT
-- newsextract.textsim: how alike two short texts are, the one owner of
-- both measures the library uses.
--
--   textsim.similarity(a, b) -> 0..1, Readability's textSimilarity: one
--       minus the share of b's text (its lower-cased words joined by single
--       spaces) made of words that a does not have (a heading that repeats
--       the title, a site name inside a title).
--   textsim.distance(a, b)   -> the Levenshtein distance of two strings
--       (bytes), for "did you mean" on short keys.
local M = { _VERSION = "0.1.0" }

local lower, find, sub, byte = string.lower, string.find, string.sub, string.byte

-- Words: runs of ASCII letters and digits and of non-ASCII bytes.  (Read
-- with find, not gmatch: each gmatch call allocates its match state, some
-- 600 bytes, and a small page's peak heap is the sum of such garbage.)
function M.similarity(a, b)
    local ta = {}
    local s, at = lower(a), 1
    while true do
        local i, j = find(s, "[%w\128-\255]+", at)
        if not i then break end
        ta[sub(s, i, j)] = true
        at = j + 1
    end
    -- the lengths of the words joined by spaces, counted (not joined)
    local n_all, len_all, n_uniq, len_uniq = 0, 0, 0, 0
    s, at = lower(b), 1
    while true do
        local i, j = find(s, "[%w\128-\255]+", at)
        if not i then break end
        local n = j - i + 1
        n_all, len_all = n_all + 1, len_all + n
        if not ta[sub(s, i, j)] then n_uniq, len_uniq = n_uniq + 1, len_uniq + n end
        at = j + 1
    end
    if n_all == 0 then return 0 end
    local joined_uniq = n_uniq > 0 and len_uniq + n_uniq - 1 or 0
    return 1 - joined_uniq / (len_all + n_all - 1)
end

function M.distance(a, b)
    local prev = {}
    for j = 0, #b do prev[j] = j end
    for i = 1, #a do
        local cur = { [0] = i }
        local ai = byte(a, i)
        for j = 1, #b do
            local v = prev[j] + 1
            if cur[j - 1] + 1 < v then v = cur[j - 1] + 1 end
            local d = prev[j - 1] + (ai == byte(b, j) and 0 or 1)
            if d < v then v = d end
            cur[j] = v
        end
        prev = cur
    end
    return prev[#b]
end

return M
