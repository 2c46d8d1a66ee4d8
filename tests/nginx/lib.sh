# SPDX-License-Identifier: MIT
# tests/nginx/lib.sh: start and stop a private nginx for the tests and the
# benchmark.  Sourced by test.sh and bench.sh (bash).
#
# Installs nothing: when nginx, its Lua module or a tool is missing it says
# what to install and fails.  The server runs under a fresh `mktemp -d`
# prefix, on 127.0.0.1 and free ports, with its own pid file and logs, so a
# system nginx (Debian's package starts one on port 80) neither disturbs it
# nor is disturbed.
#
# Environment: NX_BUILD          folder of newsextract/core.so for LuaJIT (build/luajit)
#              NX_NGINX          nginx binary (default: nginx on PATH, /usr/sbin)
#              NX_NGINX_MODULES  module folder (default: from dpkg, /usr/lib/nginx/modules);
#                                empty modules mean a build with Lua compiled in
#              NX_KEEP=1         keep the prefix after the run
#              NX_LUA_PATH       prepended to lua_package_path (";"-terminated)

NX_ROOT=${NX_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# NX_BUILD: the folder holding newsextract/core.so built for LuaJIT
NX_BUILD=${NX_BUILD:-build/luajit}
case $NX_BUILD in /*) ;; *) NX_BUILD=$NX_ROOT/$NX_BUILD ;; esac
NX_CORE=${NX_CORE:-$NX_BUILD/newsextract/core.so}

nx_die() { echo "nginx tests: $*" >&2; exit 1; }
nx_note() { echo "== $*"; }

# nx_require TOOL... : each must be on PATH.
nx_require() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 ||
            nx_die "'$t' not found; install it (Debian: apt-get install -y $(nx_pkg "$t"))"
    done
}

nx_pkg() {
    case $1 in
        nginx) echo "nginx libnginx-mod-http-lua" ;;
        luajit) echo "luajit" ;;
        *) echo "$1" ;;
    esac
}

# Finds nginx and the two modules; sets NX_NGINX and NX_LOAD_MODULES.
nx_find_nginx() {
    if [ -z "${NX_NGINX:-}" ]; then
        NX_NGINX=$(command -v nginx 2>/dev/null || true)
        [ -n "$NX_NGINX" ] || [ ! -x /usr/sbin/nginx ] || NX_NGINX=/usr/sbin/nginx
    fi
    [ -n "$NX_NGINX" ] && [ -x "$NX_NGINX" ] ||
        nx_die "nginx not found; install it (Debian: apt-get install -y nginx libnginx-mod-http-lua)"
    if "$NX_NGINX" -V 2>&1 | grep -q -- '--add-module=[^ ]*lua-nginx-module\|openresty'; then
        NX_LOAD_MODULES=""   # OpenResty: Lua is built in
        return
    fi
    local lua ndk dir=${NX_NGINX_MODULES:-}
    if [ -z "$dir" ] && command -v dpkg >/dev/null 2>&1; then
        lua=$(dpkg -L libnginx-mod-http-lua 2>/dev/null | grep '/ngx_http_lua_module\.so$' | head -n1)
        ndk=$(dpkg -L libnginx-mod-http-ndk 2>/dev/null | grep '/ndk_http_module\.so$' | head -n1)
    fi
    dir=${dir:-/usr/lib/nginx/modules}
    lua=${lua:-$dir/ngx_http_lua_module.so}
    ndk=${ndk:-$dir/ndk_http_module.so}
    [ -f "$lua" ] && [ -f "$ndk" ] ||
        nx_die "the nginx Lua module is missing ($lua, $ndk); install it (Debian: apt-get install -y libnginx-mod-http-lua)"
    # ndk first: the Lua module depends on it
    NX_LOAD_MODULES="load_module $ndk;
load_module $lua;"
}

nx_check_prereqs() {
    nx_find_nginx
    nx_require curl luajit
    [ -f "$NX_CORE" ] || nx_die "$NX_CORE missing; run 'make LUA=luajit' first"
    luajit -e 'require "cjson"' 2>/dev/null ||
        nx_die "lua-cjson for LuaJIT missing (Debian: apt-get install -y lua-cjson)"
}

# A port nobody listens on (bash's /dev/tcp: connect fails), below Linux's
# ephemeral range (32768-60999), where a client socket makes a bind fail
# though nothing listens.  nx_start still retries when the bind races
# with another process.
nx_free_port() {
    local p i
    for i in $(seq 1 50); do
        p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12768 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    nx_die "no free port found"
}

# nx_children PID: the pids whose parent is PID (no ps needed).
nx_children() {
    local d
    for d in /proc/[0-9]*; do
        [ "$(awk '{print $4}' "$d/stat" 2>/dev/null)" = "$1" ] && echo "${d#/proc/}"
    done
    return 0
}

nx_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null; }

# nx_start TEMPLATE [WORKERS]: writes the config under a new prefix and
# starts nginx in the foreground (daemon off) as a child of this shell.
# Sets NX_PREFIX NX_PORT NX_PORT2 NX_BASE NX_PID NX_WORKER.
nx_start() {
    local template=$1 workers=${2:-1} user="" attempt
    NX_PREFIX=$(mktemp -d "${TMPDIR:-/tmp}/nx-nginx.XXXXXX")
    mkdir -p "$NX_PREFIX/conf" "$NX_PREFIX/logs" "$NX_PREFIX/html" "$NX_PREFIX/tmp"
    # As root nginx would run its workers as nobody, who cannot read the
    # 0700 prefix; run them as the invoking user instead.
    if [ "$(id -u)" = 0 ]; then user="user root root;"; fi
    for attempt in 1 2 3 4 5; do
        NX_PORT=$(nx_free_port)
        NX_PORT2=$(nx_free_port)
        [ "$NX_PORT" != "$NX_PORT2" ] || continue
        sed -e "s|@PREFIX@|$NX_PREFIX|g" -e "s|@ROOT@|$NX_ROOT|g" -e "s|@BUILD@|$NX_BUILD|g" \
            -e "s|@PORT@|$NX_PORT|g" -e "s|@PORT2@|$NX_PORT2|g" \
            -e "s|@WORKERS@|$workers|g" -e "s|@USER@|$user|g" \
            -e "s|@RULES@|${NX_RULES:-$NX_ROOT/rules}|g" \
            -e "s|@CORPUS@|${NX_CORPUS:-}|g" -e "s|@LUA_PATH@|${NX_LUA_PATH:-}|g" \
            "$template" > "$NX_PREFIX/conf/nginx.conf.tmp"
        # the module lines span two lines: substitute them with awk
        awk -v m="$NX_LOAD_MODULES" '{ if ($0 == "@LOAD_MODULES@") print m; else print }' \
            "$NX_PREFIX/conf/nginx.conf.tmp" > "$NX_PREFIX/conf/nginx.conf"
        rm -f "$NX_PREFIX/conf/nginx.conf.tmp"
        "$NX_NGINX" -p "$NX_PREFIX" -c "$NX_PREFIX/conf/nginx.conf" \
            -e "$NX_PREFIX/logs/error.log" -t -q >"$NX_PREFIX/logs/configtest" 2>&1 ||
            { cat "$NX_PREFIX/logs/configtest" >&2; nx_die "configuration test failed"; }
        "$NX_NGINX" -p "$NX_PREFIX" -c "$NX_PREFIX/conf/nginx.conf" \
            -e "$NX_PREFIX/logs/error.log" -g "daemon off;" \
            >"$NX_PREFIX/logs/stdout" 2>&1 &
        NX_PID=$!
        NX_BASE="http://127.0.0.1:$NX_PORT"
        local i
        for i in $(seq 1 100); do
            if curl -s -o /dev/null "$NX_BASE/raw/"; then break; fi
            kill -0 "$NX_PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$NX_PID" 2>/dev/null && curl -s -o /dev/null "$NX_BASE/raw/"; then
            NX_WORKER=$(nx_children "$NX_PID" | head -n1)
            [ -n "$NX_WORKER" ] || nx_die "nginx started but has no worker"
            nx_note "nginx $NX_PID (worker $NX_WORKER) on $NX_BASE, prefix $NX_PREFIX"
            return 0
        fi
        wait "$NX_PID" 2>/dev/null
        if grep -q "Address already in use" "$NX_PREFIX/logs/error.log" "$NX_PREFIX/logs/stdout" 2>/dev/null; then
            : > "$NX_PREFIX/logs/error.log"
            continue
        fi
        cat "$NX_PREFIX/logs/stdout" "$NX_PREFIX/logs/error.log" >&2
        nx_die "nginx did not start"
    done
    nx_die "nginx could not bind a port after 5 tries"
}

# Lines of the error log that mean a crash, a Lua error escaping a handler,
# or a worker lost.  (Checked before the QUIT, whose own notice mentions a
# signal.)
nx_log_problems() {
    grep -E '\[(alert|crit|emerg)\]|signal|runtime error|lua entry thread aborted|failed to run (header|body)_filter' \
        "$NX_PREFIX/logs/error.log" || true
}

# nx_stop: graceful stop by pid, then waits for the master to exit.
nx_stop() {
    [ -n "${NX_PID:-}" ] || return 0
    if kill -0 "$NX_PID" 2>/dev/null; then
        kill -QUIT "$NX_PID"
        local i
        for i in $(seq 1 100); do
            kill -0 "$NX_PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$NX_PID" 2>/dev/null; then
            echo "nginx $NX_PID did not stop on QUIT; sending TERM" >&2
            kill -TERM "$NX_PID" 2>/dev/null
        fi
    fi
    wait "$NX_PID" 2>/dev/null
    NX_PID=""
}

nx_cleanup() {
    nx_stop
    if [ -n "${NX_PREFIX:-}" ] && [ "${NX_KEEP:-0}" != 1 ] && [ -z "${NX_KEEP_PREFIX:-}" ]; then
        rm -rf "$NX_PREFIX"
    fi
}
