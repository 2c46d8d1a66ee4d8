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

# examples/nginx.conf must stay valid: run it, with the install paths
# pointed at this checkout, and POST a page to its /extract.  (`nginx -t`
# alone would not do: it skips init_by_lua.)
nx_note "examples/nginx.conf"
EX=$(mktemp -d "${TMPDIR:-/tmp}/nx-example.XXXXXX")
mkdir -p "$EX/logs" "$EX/tmp"
EXPORT=$(nx_free_port)
{
    printf '%s\n' "$NX_LOAD_MODULES"
    [ "$(id -u)" != 0 ] || echo "user root root;"
    echo "pid $EX/nginx.pid;"
    grep -v '^load_module ' examples/nginx.conf |
    sed -e "s|/usr/local/share/lua/5.1/|$NX_ROOT/lua/|g" \
        -e "s|/usr/local/lib/lua/5.1/|$NX_BUILD/|g" \
        -e "s|/usr/local/share/newsextract/rules|$NX_ROOT/rules|g" \
        -e "s|listen 127.0.0.1:8080;|listen 127.0.0.1:$EXPORT; client_body_temp_path $EX/tmp;|"
} > "$EX/nginx.conf"
[ -f /etc/nginx/mime.types ] || sed -i 's|include /etc/nginx/mime.types;|types { text/html html; }|' "$EX/nginx.conf"
# the check command passes it (and fails it with an option misspelt)
if NX_BUILD=$NX_BUILD luajit bin/newsextract check-nginx "$EX/nginx.conf" >"$EX/check.out" 2>&1; then
    echo "ok   newsextract check-nginx passes examples/nginx.conf"
else
    cat "$EX/check.out" >&2
    echo "FAIL newsextract check-nginx on examples/nginx.conf" >&2
    status=1
fi
sed 's/reload_interval = 5/reload_intervall = 5/' "$EX/nginx.conf" > "$EX/bad.conf"
if ! NX_BUILD=$NX_BUILD luajit bin/newsextract check-nginx "$EX/bad.conf" >"$EX/check.out" 2>&1 &&
        grep -q 'unknown option reload_intervall' "$EX/check.out"; then
    echo "ok   newsextract check-nginx names a misspelt option in it"
else
    cat "$EX/check.out" >&2
    echo "FAIL check-nginx did not name the misspelt option" >&2
    status=1
fi
"$NX_NGINX" -p "$EX" -c "$EX/nginx.conf" -e "$EX/logs/error.log" -g "daemon off;" \
    >"$EX/logs/stdout" 2>&1 &
ex_pid=$!
ex_ok=""
for i in $(seq 1 50); do
    code=$(curl -s -o "$EX/out.json" -w '%{http_code}' -H 'Content-Type: text/html' \
        --data-binary @tests/nginx/fixtures/article.html "http://127.0.0.1:$EXPORT/extract") || true
    if [ "$code" = 200 ] && grep -q '"title":"Harbour town votes to rebuild its lighthouse"' "$EX/out.json"; then
        ex_ok=1
        break
    fi
    kill -0 "$ex_pid" 2>/dev/null || break
    sleep 0.1
done
kill -QUIT "$ex_pid" 2>/dev/null
wait "$ex_pid" 2>/dev/null
if [ -n "$ex_ok" ] && ! grep -qE '\[(alert|crit|emerg)\]|exited on signal' "$EX/logs/error.log"; then
    echo "ok   examples/nginx.conf serves POST /extract"
else
    cat "$EX/logs/stdout" "$EX/logs/error.log" "$EX/out.json" >&2 2>/dev/null
    echo "FAIL examples/nginx.conf: POST /extract did not answer (last status ${code:-none})" >&2
    status=1
fi
rm -rf "$EX"

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
