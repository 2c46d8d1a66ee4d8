-- SPDX-License-Identifier: MIT
-- newsextract.cli: the `newsextract` command (docs/BATCH.md).
--
--   newsextract [options] FILE|DIR|- ...     extract articles
--   newsextract eval [options]               score the corpus
--   newsextract test-rules [DIR]             run the tests inside rules
--   newsextract new-rule PAGE --url U        start a rule from a saved page
--
-- The run is a pipeline: inputs (files, directories, --files-from lists,
-- WARC and JSON Lines streams) become tasks one at a time; a task is
-- extracted in this process (--jobs 1) or by a pool of forked workers; the
-- results are written in input order by this process alone, so lines never
-- interleave.  At most a few tasks per worker are in flight, so memory
-- stays flat on a stream of any length.
local newsextract = require "newsextract"
local core = require "newsextract.core"
local fields = require "newsextract.fields"
local fsutil = require "newsextract.fsutil"
local batch = core.batch

local io, os, type, ipairs, pairs, tostring, pcall, tonumber, error, select =
    io, os, type, ipairs, pairs, tostring, pcall, tonumber, error, select
local unpack = rawget(table, "unpack") or rawget(_G, "unpack")
local format, sub, find, gsub, match, lower =
    string.format, string.sub, string.find, string.gsub, string.match,
    string.lower
local concat, floor = table.concat, math.floor

local M = { _VERSION = "0.2.0" }

local USAGE = [[
usage: newsextract [options] FILE|DIR|- ...
       newsextract eval [--corpus DIR] [--set readability|reuters|wcxb|all|ftr]  (checkout only)
       newsextract test-rules [DIR] [--pages DIR]
       newsextract new-rule PAGE.html --url URL [--out FILE]
       newsextract check-nginx NGINX.CONF

Extracts the article of each news page (HTML in any charset, or a flat
text dump).  Inputs are files, directories, WARC files (.warc, .warc.gz)
and JSON Lines files (.jsonl, .jsonl.gz); gzip is read by its magic bytes.
One page prints one JSON object; anything more prints JSON Lines, one
record per page in input order, with "source" and "status" (ok, empty,
not_html, error).  See docs/BATCH.md.

options:
  --url U               the page's URL (site rule choice, absolute links)
  --content-type T      the HTTP Content-Type the page came with
  --charset C           force a charset (a WHATWG label)
  --input html|text|warc|jsonl   the kind of input (default: by name, then
                        by content); with warc or jsonl, - is a stream on stdin
  --files-from FILE|-   read input names from FILE (NUL- or newline-separated)
  --include GLOB        in directories, only names matching GLOB (repeatable;
                        default *.html *.htm *.xhtml *.txt *.html.gz *.htm.gz
                        *.warc *.warc.gz
                        *.jsonl *.jsonl.gz)
  --exclude GLOB        in directories, skip names matching GLOB (repeatable)
  --html-field K, --url-field K, --headers-field K
                        JSON Lines keys (default html, url, headers)
  --output-dir DIR      one file per record in DIR; stdout gets an index line
  --jobs N              worker processes (default: the number of cores)
  --max-memory MB       each worker's address space, MB above its start; a
                        page past it is an error record, the run goes on
                        (with --jobs 2 or more)
  --quiet               no progress, no per-record messages, no summary
  --exit-zero           exit 0 when only records failed (for cluster mappers)
  --rules DIR           site rules from DIR (default: the bundled rules)
  --no-rules            generic extraction only
  --pages DIR           multi-page articles: later pages from the saved pages
                        of DIR (DIR/urls.tsv: "URL<TAB>file" a line)
  --fetch-curl          multi-page articles: later pages fetched with curl
  --favor precision|recall
  --format json|text|html|markdown   (default json)
  --with-metadata       text and markdown start with the title, authors,
                        dates, site and URL (Markdown: YAML front matter)
  -h, --help            this text
  --version             the version and the Lua it runs on
exit status: 0 every record ok; 1 some record was empty, not_html or an
error (each has its record and a line on stderr); 2 usage error; 3 the run
could not go on (a --files-from list unreadable, no fork); --exit-zero
turns 1 into 0
]]

local DEFAULT_INCLUDE = { "*.html", "*.htm", "*.xhtml", "*.txt", "*.html.gz", "*.htm.gz", "*.warc",
    "*.warc.gz", "*.jsonl", "*.jsonl.gz", "*.ndjson" }
local MAX_PAGE = 256 * 1024 * 1024

local function stderr(...)
    io.stderr:write(...)
end

local function lua_name()
    local jit = rawget(_G, "jit")
    if jit then return jit.version end
    return _VERSION
end

-- {======================================================================
-- Arguments

local function parse_args(args)
    local o = { files = {}, format = "json", opts = {}, include = {}, exclude = {},
        fields = {} }
    local i = 1
    local function value(name)
        i = i + 1
        local v = args[i]
        if v == nil then error({ usage = "option " .. name .. " needs a value" }) end
        return v
    end
    local function choice(name, v, set)
        for _, x in ipairs(set) do if v == x then return v end end
        error({ usage = name .. " takes " .. concat(set, ", ", 1, #set - 1) .. " or " .. set[#set] })
    end
    while i <= #args do
        local a = args[i]
        if a == "--url" then o.opts.url = value(a)
        elseif a == "--content-type" then o.opts.content_type = value(a)
        elseif a == "--charset" then o.opts.charset = value(a)
        elseif a == "--input" then
            o.input = choice(a, value(a), { "html", "text", "warc", "jsonl" })
            if o.input == "html" or o.input == "text" then o.opts.input = o.input end
        elseif a == "--files-from" then o.files_from = value(a)
        elseif a == "--include" then o.include[#o.include + 1] = value(a)
        elseif a == "--exclude" then o.exclude[#o.exclude + 1] = value(a)
        elseif a == "--html-field" then o.fields.html_field = value(a)
        elseif a == "--url-field" then o.fields.url_field = value(a)
        elseif a == "--headers-field" then o.fields.headers_field = value(a)
        elseif a == "--output-dir" then o.output_dir = value(a)
        elseif a == "--jobs" or a == "-j" then
            o.jobs = tonumber(value(a))
            if not o.jobs or o.jobs < 1 or o.jobs > 256 or o.jobs % 1 ~= 0 then
                error({ usage = "--jobs takes a whole number from 1 to 256" })
            end
        elseif a == "--max-memory" then
            o.max_memory = tonumber(value(a))
            if not o.max_memory or o.max_memory < 64 then
                error({ usage = "--max-memory takes a size in MiB, at least 64" })
            end
        elseif a == "--quiet" or a == "-q" then o.quiet = true
        elseif a == "--exit-zero" then o.exit_zero = true
        elseif a == "--rules" then o.rules_dir = value(a)
        elseif a == "--no-rules" then o.opts.rules = false
        elseif a == "--pages" then o.pages_dir = value(a)
        elseif a == "--fetch-curl" then o.fetch_curl = true
        elseif a == "--favor" then o.opts.favor = choice(a, value(a), { "precision", "recall" })
        elseif a == "--format" then o.format = choice(a, value(a), { "json", "text", "html", "markdown" })
        elseif a == "--with-metadata" then o.with_metadata = true
        elseif a == "-h" or a == "--help" then o.help = true
        elseif a == "--version" then o.version = true
        elseif a == "-" or sub(a, 1, 1) ~= "-" then o.files[#o.files + 1] = a
        else error({ usage = "unknown option " .. a })
        end
        i = i + 1
    end
    if #o.include == 0 then o.include = DEFAULT_INCLUDE end
    return o
end
-- }======================================================================

-- {======================================================================
-- Inputs: names to tasks

local function glob_pattern(g)
    return "^" .. gsub(g, "[%^%$%(%)%%%.%[%]%*%+%-%?]", function(c)
        if c == "*" then return ".*" end
        if c == "?" then return "." end
        return "%" .. c
    end) .. "$"
end

local function matches_any(name, globs)
    for _, g in ipairs(globs) do
        if find(name, glob_pattern(g)) then return true end
    end
    return false
end

local is_dir = fsutil.is_dir

local function shell_quote(s)
    return "'" .. gsub(s, "'", "'\\''") .. "'"
end

-- Every file under `path` (fsutil.files), sorted bytewise, filtered by the
-- include and exclude globs.
local function list_dir(path, o)
    local prefix = gsub(path, "/+$", "") .. "/"
    local files = fsutil.files(path, function(_, base)
        return matches_any(base, o.include) and not matches_any(base, o.exclude)
    end) or {}
    for i, rel in ipairs(files) do files[i] = prefix .. rel end
    return files
end

local function kind_of(name, o)
    if o.input == "warc" or o.input == "jsonl" then return o.input end
    local l = lower(name)
    if find(l, "%.warc$") or find(l, "%.warc%.gz$") then return "warc" end
    if find(l, "%.jsonl$") or find(l, "%.jsonl%.gz$") or find(l, "%.ndjson$") then return "jsonl" end
    return "page"
end

local function file_size(path)
    local f = io.open(path, "rb")
    if not f then return 0 end
    local n = f:seek("end") or 0
    f:close()
    return n
end

-- Names from --files-from, lazily: NUL-separated if the first piece holds
-- a NUL, else one name a line.
local function names_from(path)
    local s, err = batch.open(path)
    if not s then error({ fatal = err }) end
    local buf, sep, done = "", nil, false
    return function()
        while true do
            if sep then
                local e = find(buf, sep, 1, true)
                if e then
                    local name = sub(buf, 1, e - 1)
                    buf = sub(buf, e + 1)
                    if sep == "\n" then name = gsub(name, "\r$", "") end
                    if name ~= "" then return name end
                elseif done then
                    local name = buf
                    buf = ""
                    if name ~= "" then return name end
                    return nil
                end
            end
            if done then return nil end
            local piece = s:read(65536)
            if piece == nil then done = true s:close()
            else buf = buf .. piece end
            if sep == nil and (find(buf, "\0", 1, true) or done or #buf > 65536) then
                sep = find(buf, "\0", 1, true) and "\0" or "\n"
            end
        end
    end
end

-- The whole of one page file (gzip inflated), at most MAX_PAGE bytes, and
-- the bytes it takes on disk; or nil, msg.
local function read_page(path)
    local s, err = batch.open(path)
    if not s then return nil, err end
    local parts, n = {}, 0
    while true do
        local piece, e = s:read(1048576)
        if piece == nil then
            local raw = s:tell()
            s:close()
            if e then return nil, path .. ": " .. e end
            return concat(parts), raw
        end
        n = n + #piece
        if n > MAX_PAGE then
            s:close()
            return nil, format("%s: larger than %d bytes", path, MAX_PAGE)
        end
        parts[#parts + 1] = piece
    end
end

-- A page file's task gets its body (or an error status) and t.raw, the
-- bytes it took on disk.
local function load_page(t)
    if not t.path or t.body or t.status then return end
    local body, raw_or_err = read_page(t.path)
    if body then t.body, t.raw = body, raw_or_err
    else t.status, t.error = "error", raw_or_err end
end

-- The records of one WARC or JSON Lines input as tasks (a lazy iterator).
local function open_records(name, kind, o, stats)
    local s, err = batch.open(name)
    if not s then return nil, err end
    local mod = require(kind == "warc" and "newsextract.warc" or "newsextract.jsonl")
    local it = mod.records(s, { html_field = o.fields.html_field,
        url_field = o.fields.url_field, headers_field = o.fields.headers_field })
    local source = name == "-" and "-" or name
    local last = 0
    return function()
        local okr, rec = pcall(it)
        if not okr then
            -- a reader bug must not end the run: this file stops here
            rec = { kind = "error", error = "reader failed: " .. tostring(rec) }
            it = function() return nil end
        end
        if rec == nil then
            local raw = s:tell()
            stats.bytes_in = stats.bytes_in + (raw - last)
            s:close()
            return nil
        end
        local raw = s:tell()
        stats.bytes_in = stats.bytes_in + (raw - last)
        last = raw
        local t = { source = source, record = rec.record, url = rec.url, date = rec.date,
            content_type = rec.content_type, bytes = rec.bytes or (rec.body and #rec.body) or 0 }
        if rec.kind == "html" then t.body = rec.body
        elseif rec.kind == "skip" then
            t.skip = rec.reason
        else
            t.status, t.error = "error", rec.error
        end
        return t
    end
end

-- A coroutine-free generator of tasks over every input, in order.  Each
-- task: { source, url, content_type, body | status + error, record, bytes }.
local function tasks(o, stats)
    local queue = {}      -- names still to open, in order
    local qi = 1
    local from = o.files_from and names_from(o.files_from)
    for _, f in ipairs(o.files) do queue[#queue + 1] = f end
    local current            -- the record iterator of an open WARC / JSONL
    local function next_name()
        if queue[qi] then
            local n = queue[qi]
            queue[qi] = nil
            qi = qi + 1
            return n
        end
        if from then
            local n = from()
            if n == nil then from = nil end
            return n
        end
        return nil
    end
    return function()
        while true do
            if current then
                local t = current()
                if t then return t end
                current = nil
            end
            local name = next_name()
            if name == nil then return nil end
            if name ~= "-" and is_dir(name) then
                local list = list_dir(name, o)
                if stats.total_bytes then
                    for _, f in ipairs(list) do stats.total_bytes = stats.total_bytes + file_size(f) end
                end
                for i = #list, 1, -1 do
                    qi = qi - 1
                    queue[qi] = list[i]
                end
            else
                local kind = kind_of(name, o)
                if kind ~= "page" then
                    local it, err = open_records(name, kind, o, stats)
                    if it then current = it
                    else return { source = name, status = "error", error = err } end
                else
                    -- a page file: its name only; whoever extracts it
                    -- reads it (load_page), so a worker pool's parent
                    -- never touches the bytes.  Standard input is read
                    -- here, by the one process that owns it.
                    local t = { source = name, path = name, url = o.opts.url,
                        content_type = o.opts.content_type }
                    if name == "-" then load_page(t) end
                    return t
                end
            end
        end
    end
end
-- }======================================================================

-- {======================================================================
-- One task to its output (runs in a worker when --jobs > 1)

local EXT = { json = "json", text = "txt", html = "html", markdown = "md" }

local function output_name(o, t, seq)
    local base = match(t.source or "", "([^/]*)$") or ""
    base = gsub(base, "[^%w%._%-]", "_")
    base = sub(base, 1, 80)
    if t.record then base = base .. "-" .. t.record end
    return format("%s/%07d-%s.%s", o.output_dir, seq, base, EXT[o.format])
end

local function status_line(t, status, err, extra)
    local rec = { source = t.source, record = t.record, status = status, url = t.url,
        error = err }
    if extra then for k, v in pairs(extra) do rec[k] = v end end
    return newsextract.to_json({}, rec)
end

-- Returns status, text for stdout, message for stderr (or nil).
local function process(o, t)
    local status, err, article = t.status, t.error, nil
    if not status then
        local bad, msg = newsextract.unusable(t.body)
        if bad then
            status, err = bad == "empty" and "empty" or "not_html", msg
        else
            local opts = {}
            for k, v in pairs(o.opts) do opts[k] = v end
            opts.url = t.url or o.opts.url
            opts.content_type = t.content_type or o.opts.content_type
            -- a WARC record's capture time: the reference for relative dates
            if t.date and opts.reference_time == nil and fields.reference_day(t.date) then
                opts.reference_time = t.date
            end
            local ok, a, e = pcall(newsextract.extract, t.body, opts)
            if not ok then status, err = "error", tostring(a)
            elseif not a then status, err = "empty", tostring(e)
            elseif (a.words or 0) == 0 then status, err = "empty", "no article text found"
            else status, article = "ok", a end
        end
    end
    local msg = status ~= "ok" and format("%s%s: %s: %s", t.source,
        t.record and ("#" .. t.record) or "", status, tostring(err)) or nil
    local extra = { source = o.several and t.source or nil, record = t.record,
        status = status, url = t.url }
    if o.output_dir then
        local name
        if article then
            name = output_name(o, t, t.seq)
            local f, ferr = io.open(name, "wb")
            if not f then return "error", status_line(t, "error", ferr) .. "\n", ferr end
            f:write(o.format == "json" and newsextract.to_json(article, extra)
                or newsextract.format(article, o.format, { metadata = o.with_metadata }), "\n")
            f:close()
        end
        return status, status_line(t, status, err, { output = name }) .. "\n", msg
    end
    if o.format == "json" then
        if article then return status, newsextract.to_json(article, extra) .. "\n", msg end
        if not o.several then return status, "", msg end
        return status, status_line(t, status, err) .. "\n", msg
    end
    if not article then return status, "", msg end
    local head = o.several and ("==> " .. t.source .. (t.record and ("#" .. t.record) or "") .. " <==\n") or ""
    return status, head .. newsextract.format(article, o.format, { metadata = o.with_metadata }) .. "\n", msg
end
-- }======================================================================

-- {======================================================================
-- The worker pool: forked processes, up to two tasks each in flight (one
-- being extracted, the next already in its pipe, so a worker never waits
-- for the parent between two pages), results put back in input order.
-- The parent does as little as it can: a page file's task is its name
-- (the worker reads the file), only a WARC or JSON Lines record carries
-- its bytes.  Messages on the pipes are a 12-byte length line and then
-- fields, each as its length, ":" and its bytes.

local function pack(...)
    local parts = {}
    for i = 1, select("#", ...) do
        local v = select(i, ...)
        if v == nil then parts[#parts + 1] = "-:"
        else v = tostring(v) parts[#parts + 1] = #v .. ":" .. v end
    end
    local body = concat(parts)
    return format("%011d\n", #body) .. body
end

local function unpack_fields(s)
    local out, pos, n = {}, 1, 0
    while pos <= #s do
        local colon = find(s, ":", pos, true)
        local len = sub(s, pos, colon - 1)
        n = n + 1
        if len == "-" then pos = colon + 1
        else
            len = tonumber(len)
            out[n] = sub(s, colon + 1, colon + len)
            pos = colon + 1 + len
        end
    end
    return out, n
end

local function recv(fd)
    local head = batch.read(fd, 12)
    if head == nil or #head < 12 then return nil end
    local len = tonumber(sub(head, 1, 11))
    local body = len > 0 and batch.read(fd, len) or ""
    if body == nil or #body < len then return nil end
    return unpack_fields(body)
end

local TASK_FIELDS = { "source", "path", "url", "content_type", "body", "status", "error", "record",
    "seq", "date" }

-- The address space this process has now, in bytes (Linux's
-- /proc/self/status VmSize, in kB whatever the page size; 0 where there
-- is none).
local function address_space()
    local f = io.open("/proc/self/status")
    if not f then return 0 end
    local kb
    for l in f:lines() do
        kb = l:match("^VmSize:%s*(%d+)%s*kB")
        if kb then break end
    end
    f:close()
    return (tonumber(kb) or 0) * 1024
end

local function worker_loop(o, rfd, wfd)
    -- --max-memory is the worker's own budget, above the address space it
    -- starts with: a worker forked to replace a dead one inherits the
    -- parent's mappings (and the huge record the parent just read, which
    -- the collector may still hold), and under an absolute cap it could
    -- not parse even a small page
    if o.max_memory then batch.limit_memory(o.max_memory * 1048576 + address_space()) end
    while true do
        local f = recv(rfd)
        if not f then batch.exit(0) end
        local t = {}
        for i, k in ipairs(TASK_FIELDS) do t[k] = f[i] end
        t.record, t.seq = tonumber(t.record), tonumber(t.seq)
        local ok, status, out, msg = pcall(function()
            load_page(t)
            return process(o, t)
        end)
        if not ok then
            local e = tostring(status)
            status, out, msg = "error", status_line(t, "error", e) .. "\n", t.source .. ": " .. e
        end
        if not batch.write(wfd, pack(status, out, msg, t.raw)) then batch.exit(1) end
    end
end

-- The pipes' size asked for: a task message up to it can wait in a
-- worker's pipe behind the one being extracted.
local PIPE_SIZE = 262144

local function spawn(o, pool)
    local r1, w1, cap = batch.pipe(PIPE_SIZE)
    local r2, w2 = batch.pipe(PIPE_SIZE)
    if not r1 or not r2 then error({ fatal = "cannot make a pipe" }) end
    io.stdout:flush()
    local pid = batch.fork()
    if not pid then error({ fatal = "cannot fork a worker" }) end
    if pid == 0 then
        batch.close(w1)
        batch.close(r2)
        for _, w in ipairs(pool) do
            if w.wfd then batch.close(w.wfd) end
            if w.rfd then batch.close(w.rfd) end
        end
        -- the child never returns into the parent's code: any error in
        -- the loop (out of memory while receiving) ends the process, and
        -- the parent makes that record an error record
        local ok = pcall(worker_loop, o, r1, w2)
        batch.exit(ok and 0 or 70)
    end
    batch.close(r1)
    batch.close(w2)
    return { pid = pid, wfd = w1, rfd = r2, cap = cap, q = {} }
end

-- A worker for a task message of `len` bytes: an idle one; else one with
-- a single task in flight, when the message fits in its pipe.  That rule
-- keeps the parent from ever blocking on a write to a worker that is
-- itself blocked writing a result: the worker is extracting, so it has
-- read all of its first message, and its pipe has room for this one.
local function pick(pool, len)
    for _, w in ipairs(pool) do
        if #w.q == 0 then return w end
    end
    for _, w in ipairs(pool) do
        if #w.q == 1 and len <= w.cap then return w end
    end
    return nil
end

-- Results wait for their turn in `results`; at most WINDOW_PER_JOB * jobs
-- records from the oldest unwritten one and MAX_HELD bytes of finished
-- output, so memory stays bounded on any stream while a slow page holds
-- up the output and the other workers go on.
local WINDOW_PER_JOB, MAX_HELD = 64, 32 * 1048576

local function task_message(t)
    local f = {}
    for i, k in ipairs(TASK_FIELDS) do f[i] = t[k] end
    return pack(unpack(f, 1, #TASK_FIELDS))
end

-- Task t, as message msg, to worker w.
local function send(w, t, msg)
    local q = w.q
    -- a queued message is kept (small: it fit in the pipe) to go to the
    -- next worker if this one dies on the task before it
    if #q > 0 then t.msg = msg end
    q[#q + 1] = t
    t.body = nil
    batch.write(w.wfd, msg)   -- a dead worker: its read end says so
end

-- Worker pool[i] died (a crash or the OOM killer) on its oldest task t:
-- returns t's error record; a new worker takes its place and the tasks
-- queued behind t.
local function replace_dead(o, pool, i, t)
    local w = pool[i]
    batch.close(w.wfd)
    batch.close(w.rfd)
    -- the new pipes may get these numbers: the new worker must not close
    -- them as the dead one's
    w.wfd, w.rfd = nil, nil
    local code = batch.waitpid(w.pid)
    local e = "worker process died (exit status " .. tostring(code) ..
        (code == 70 and o.max_memory and ": past --max-memory" or "") .. ")"
    -- the huge record that killed it may still be garbage here, and a new
    -- worker starts with this address space under its --max-memory
    t.body, t.msg = nil, nil
    collectgarbage("collect")
    local nw = spawn(o, pool)
    pool[i] = nw
    for _, qt in ipairs(w.q) do send(nw, qt, qt.msg) end
    return { task = t, status = "error", msg = t.source .. ": " .. e,
        out = status_line(t, "error", e) .. "\n" }
end

-- The index in pool of a worker with a result (or gone), waiting for one.
local function wait_result(pool)
    local fds, idx = {}, {}
    for i, w in ipairs(pool) do
        if #w.q > 0 then fds[#fds + 1] = w.rfd idx[#idx + 1] = i end
    end
    return idx[batch.poll(fds, -1)]
end

local function run_pool(o, next_task, emit)
    local pool = {}
    for i = 1, o.jobs do pool[i] = spawn(o, pool) end
    local results, seq, out_next, window = {}, 0, 1, o.jobs * WINDOW_PER_JOB
    local held, input_done, busy = 0, false, 0
    local pending, pending_msg        -- a task no worker could take yet
    while true do
        -- hand out tasks while the reorder window has room
        while not input_done and seq - out_next + 1 < window and held <= MAX_HELD do
            if not pending then
                local t = next_task()
                if not t then input_done = true break end
                seq = seq + 1
                t.seq = seq
                if t.skip or t.status then results[seq] = { task = t }
                else pending, pending_msg = t, task_message(t) end
            end
            if pending then
                local w = pick(pool, #pending_msg)
                if not w then break end
                send(w, pending, pending_msg)
                busy = busy + 1
                pending, pending_msg = nil, nil
            end
        end
        while results[out_next] do
            local r = results[out_next]
            results[out_next] = nil
            held = held - #(r.out or "")
            emit(r)
            out_next = out_next + 1
        end
        if input_done and busy == 0 then break end
        if busy > 0 then
            local i = wait_result(pool)
            local w = pool[i]
            local f = recv(w.rfd)
            local t = table.remove(w.q, 1)
            busy = busy - 1
            if f then
                local out = f[2] or ""
                held = held + #out
                results[t.seq] = { task = t, status = f[1], out = out, msg = f[3],
                    raw = tonumber(f[4]) }
            else
                results[t.seq] = replace_dead(o, pool, i, t)
            end
            t.msg = nil
        end
    end
    for _, w in ipairs(pool) do batch.close(w.wfd) end
    for _, w in ipairs(pool) do batch.close(w.rfd) batch.waitpid(w.pid) end
end
-- }======================================================================

-- {======================================================================
-- Progress and summary

local function human_time(s)
    s = floor(s + 0.5)
    if s >= 3600 then return format("%d:%02d:%02d", floor(s / 3600), floor(s % 3600 / 60), s % 60) end
    return format("%d:%02d", floor(s / 60), s % 60)
end

local function progress_line(st, now)
    local dt = now - st.start
    if dt <= 0 then dt = 1e-9 end
    local s = format("%d records, %.1f/s, %.1f MB/s, %d failed", st.records,
        st.records / dt, st.bytes_in / 1e6 / dt, st.failed)
    if st.total_bytes and st.total_bytes > 0 and st.bytes_in > 0 then
        local left = (st.total_bytes - st.bytes_in) / (st.bytes_in / dt)
        if left < 0 then left = 0 end
        s = s .. format(", %d%%, ETA %s", floor(100 * st.bytes_in / st.total_bytes), human_time(left))
    end
    return s
end
-- }======================================================================

local SUBCOMMANDS = {
    eval = "nxeval",   -- tools/eval/nxeval.lua: found from a checkout only
    ["test-rules"] = "newsextract.rules_cli",
    ["new-rule"] = "newsextract.rules_cli",
    ["check-nginx"] = "newsextract.nginx_conf",
}

local function start(args)
    local ok, o = pcall(parse_args, args)
    if not ok then
        if type(o) == "table" and o.usage then
            stderr("newsextract: ", o.usage, "\n", USAGE)
            return nil, 2
        end
        error(o, 0)
    end
    if o.help then io.stdout:write(USAGE) return nil, 0 end
    if o.version then
        io.stdout:write("newsextract ", newsextract._VERSION, " (cli ", M._VERSION,
            ", ", lua_name(), ")\n")
        return nil, 0
    end
    if #o.files == 0 and not o.files_from then stderr(USAGE) return nil, 2 end
    if o.rules_dir then
        local set, err = newsextract.rules(o.rules_dir)
        if not set then stderr("newsextract: ", tostring(err), "\n") return nil, 2 end
        o.opts.rules = set
    elseif o.opts.rules ~= false then
        -- loaded once here, so that forked workers share it
        local okr, rules = pcall(require, "newsextract.rules")
        local set = okr and rules.default()
        if set then o.opts.rules = set end
    end
    if o.pages_dir or o.fetch_curl then
        -- multi-page articles: later pages from saved pages, or curl
        local pages = require "newsextract.pages"
        local fetch, err
        if o.pages_dir then fetch, err = pages.dir_fetcher(o.pages_dir)
        else fetch = pages.curl_fetcher() end
        if not fetch then stderr("newsextract: ", tostring(err), "\n") return nil, 2 end
        o.opts.fetch = fetch
    end
    if o.output_dir and not is_dir(o.output_dir) then
        if not os.execute("mkdir -p " .. shell_quote(o.output_dir)) then
            stderr("newsextract: cannot make --output-dir ", o.output_dir, "\n")
            return nil, 2
        end
    end
    o.jobs = o.jobs or batch.ncpu()
    return o
end

-- The run's counters, with the total input size when it is known (named
-- files and directories, for the ETA; tasks() adds each directory's
-- files as it lists them).
local function new_stats(o)
    local st = { records = 0, failed = 0, bytes_in = 0, start = batch.now(),
        counts = { ok = 0, empty = 0, not_html = 0, error = 0 }, skipped = {}, nskipped = 0 }
    if not o.files_from then
        local total = 0
        for _, f in ipairs(o.files) do
            if f == "-" then total = nil break end
            if not is_dir(f) then total = total + file_size(f) end
        end
        st.total_bytes = total
    end
    return st
end

-- emit(result): a finished record to stdout (in order: the caller's
-- job), its message to stderr, the counters and the progress line.
local function emitter(o, st, progress)
    local last_draw = 0
    return function(r)
        local t = r.task
        if t.skip then
            st.nskipped = st.nskipped + 1
            st.skipped[t.skip] = (st.skipped[t.skip] or 0) + 1
        else
            local status, out, msg = r.status, r.out, r.msg
            if not status then
                load_page(t)
                status, out, msg = process(o, t)
            end
            st.bytes_in = st.bytes_in + (r.raw or t.raw or 0)
            st.records = st.records + 1
            st.counts[status] = (st.counts[status] or 0) + 1
            if status ~= "ok" then st.failed = st.failed + 1 end
            if out ~= "" then io.stdout:write(out) end
            if msg and not o.quiet then
                if progress then stderr("\r\27[K") end
                stderr("newsextract: ", msg, "\n")
            end
        end
        if progress then
            local now = batch.now()
            if now - last_draw > 0.2 then
                last_draw = now
                stderr("\r\27[K", progress_line(st, now))
            end
        end
    end
end

-- The CPU the run took: this process's, and with workers theirs (the
-- coordinator's share shows what the pool's parent costs).
local function cpu_line()
    local here, kids = batch.cpu()
    if not here then return "CPU unknown" end
    if kids > 0 then
        return format("CPU %.2f s coordinator + %.2f s workers (coordinator %.1f%%)",
            here, kids, 100 * here / (here + kids))
    end
    return format("CPU %.2f s", here)
end

local function summary(o, st)
    local dt = batch.now() - st.start
    if dt <= 0 then dt = 1e-9 end
    local skipped = {}
    for k, v in pairs(st.skipped) do skipped[#skipped + 1] = v .. " " .. k end
    table.sort(skipped)
    stderr(format("newsextract: %d records: %d ok, %d empty, %d not_html, %d error%s; "
        .. "%.1f MB in %.1f s (%.1f records/s, %.1f MB/s); %d jobs; %s; %s\n",
        st.records, st.counts.ok, st.counts.empty, st.counts.not_html, st.counts.error,
        st.nskipped > 0 and format("; %d skipped (%s)", st.nskipped, concat(skipped, ", ")) or "",
        st.bytes_in / 1e6, dt, st.records / dt, st.bytes_in / 1e6 / dt, o.jobs, lua_name(),
        cpu_line()))
end

local function subcommand(sub_, args)
    local rest = {}
    for i = 1, #args do rest[i] = args[i] end
    local ok, mod = pcall(require, sub_)
    if not ok and sub_ == "nxeval" then
        stderr("newsextract eval: the evaluation tool is development tooling, not installed;",
            " run bin/newsextract eval (or make eval) from a checkout\n")
        return 2
    end
    if not ok then error(mod, 0) end
    return mod.main(rest)
end

function M.main(args)
    args = args or {}
    local sub_ = SUBCOMMANDS[args[1] or ""]
    if sub_ then return subcommand(sub_, args) end
    local o, code = start(args)
    if not o then return code end

    -- one plain page: the object alone; anything else: records with source
    local first = o.files[1]
    o.several = o.files_from ~= nil or #o.files > 1 or o.output_dir ~= nil or
        (first ~= "-" and is_dir(first)) or kind_of(first, o) ~= "page"
    if not o.several then o.jobs = 1 end   -- one page: no workers to start
    local st = new_stats(o)
    local progress = not o.quiet and o.several and batch.isatty(2)
    -- records to a pipe or a file: big writes (a terminal keeps lines)
    if o.several and not batch.isatty(1) then io.stdout:setvbuf("full", 65536) end
    local emit = emitter(o, st, progress)
    local ok, err = pcall(function()
        local next_task = tasks(o, st)
        if o.jobs > 1 then return run_pool(o, next_task, emit) end
        local seq = 0
        while true do
            local t = next_task()
            if not t then break end
            seq = seq + 1
            t.seq = seq
            emit({ task = t })
        end
    end)
    io.stdout:flush()
    if progress then stderr("\r\27[K") end
    if not ok then
        if type(err) == "table" and err.fatal then
            stderr("newsextract: ", err.fatal, "\n")
            return 3
        end
        error(err, 0)
    end
    if not o.quiet and (o.several or st.failed > 0) then summary(o, st) end
    if st.failed > 0 and not o.exit_zero then return 1 end
    return 0
end

return M
