#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/nginx/test.sh: `make test-nginx`.  Starts a private nginx with the Lua
# module on 127.0.0.1, runs the HTTP checks (check.lua), loads the reader
# view in headless chromium, then stops nginx by its pid and fails on any
# unexpected answer, a worker that died or changed, or an [alert]/[crit]/
# [emerg]/signal line in the error log.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$NX_ROOT" || exit 1

nx_check_prereqs
nx_require gzip
CHROMIUM=${NX_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$CHROMIUM" ] || nx_die "chromium not found; install it (Debian: apt-get install -y chromium)"

status=0
trap 'nx_cleanup' EXIT
nx_start tests/nginx/nginx.conf.in 1
first_worker=$NX_WORKER
export NX_BASE NX_PREFIX

# The pages: the fixtures, plus generated ones that would bloat the repo.
cp tests/nginx/fixtures/* "$NX_PREFIX/html/"
export NX_WORK="$NX_PREFIX/work"
mkdir -p "$NX_WORK"
luajit - "$NX_PREFIX/html" "$NX_WORK" <<'EOF' || nx_die "cannot write the generated pages"
local html, work = arg[1], arg[2]
local function read(p) local f = assert(io.open(p, "rb")) local s = f:read("*a") f:close() return s end
local function write(p, s) local f = assert(io.open(p, "wb")) f:write(s) f:close() end
local page = read(html .. "/article.html")
-- 1.5 MB: over the filter's 1 MB max_size
local para = "<p>Another paragraph of the long page, repeated to make it large.</p>\n"
write(html .. "/big.html", page:gsub("</body>", function()
    return para:rep(math.ceil(1.5 * 1048576 / #para)) .. "</body>" end))
-- 2 MB: over client_body_buffer_size (1 MB), so nginx buffers it to a file
write(work .. "/padded.html", page:gsub("</body>", function()
    return "<!-- " .. ("padding "):rep(262144) .. "-->\n</body>" end))
local filler = ("<p>x</p>\n"):rep(116508)   -- about 1 MB
local function sized(name, mb)
    local f = assert(io.open(work .. "/" .. name, "wb"))
    f:write("<html><body>")
    local n = 12
    while n < mb * 1048576 do f:write(filler) n = n + #filler end
    f:close()
end
sized("20mb.html", 20)
sized("9mb.html", 9)
sized("40mb.html", 40)
EOF
gzip -c tests/nginx/fixtures/article.html > "$NX_WORK/article.html.gz"
gzip -c "$NX_WORK/20mb.html" > "$NX_WORK/20mb.html.gz"

nx_note "HTTP checks"
luajit tests/nginx/check.lua || status=1

nx_note "reader view in headless chromium"
SHOTS=$(mktemp -d "${TMPDIR:-/tmp}/nx-reader.XXXXXX")
browse() {   # browse URL EXTRA-FLAGS... ; writes the DOM to stdout
    local url=$1; shift
    timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$(mktemp -d "$SHOTS/profile.XXXXXX")" \
        "$@" "$url" 2>>"$SHOTS/chromium.log"
}
browser_fail() { echo "FAIL browser: $*" >&2; status=1; }
# Control: the raw page does run its script, so the marker test can fail.
browse "$NX_BASE/raw/article.html" --dump-dom > "$SHOTS/raw.dom.html"
grep -q 'nx-script-ran' "$SHOTS/raw.dom.html" ||
    browser_fail "control: the fixture's script did not run in chromium (see $SHOTS)"
browse "$NX_BASE/reader/article.html" --dump-dom > "$SHOTS/reader.dom.html"
grep -q '<h1>Harbour town votes to rebuild its lighthouse</h1>' "$SHOTS/reader.dom.html" ||
    browser_fail "reader view: title not in the rendered DOM (see $SHOTS/reader.dom.html)"
grep -q '(Gazette) - Councillors in Porthaven voted on Wednesday' "$SHOTS/reader.dom.html" ||
    browser_fail "reader view: first paragraph not in the rendered DOM"
if grep -q 'nx-script-ran' "$SHOTS/reader.dom.html"; then
    browser_fail "reader view: a script ran"
fi
if grep -qi '<script' "$SHOTS/reader.dom.html"; then
    browser_fail "reader view: the DOM has a script element"
fi
browse "$NX_BASE/reader/article.html" --screenshot="$SHOTS/reader.png" \
    --window-size=1000,1400 >/dev/null
if [ -s "$SHOTS/reader.png" ]; then
    echo "ok   reader view rendered; screenshot: $SHOTS/reader.png"
else
    browser_fail "no screenshot written (see $SHOTS/chromium.log)"
fi
rm -rf "$SHOTS"/profile.*

nx_note "server health"
workers=$(nx_children "$NX_PID" | tr '\n' ' ')
if [ "${workers% }" != "$first_worker" ]; then
    echo "FAIL worker changed: was $first_worker, now ${workers:-none}" >&2
    status=1
fi
problems=$(nx_log_problems)
if [ -n "$problems" ]; then
    echo "FAIL error log:" >&2
    echo "$problems" >&2
    status=1
fi
nx_stop
problems=$(grep -E '\[(alert|crit|emerg)\]|exited on signal' "$NX_PREFIX/logs/error.log")
if [ -n "$problems" ]; then
    echo "FAIL error log at shutdown:" >&2
    echo "$problems" >&2
    status=1
fi

if [ "$status" = 0 ]; then
    echo "nginx tests passed"
else
    NX_KEEP_PREFIX=1
    echo "nginx tests FAILED; server files kept in $NX_PREFIX" >&2
fi
exit "$status"
