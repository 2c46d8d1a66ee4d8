# ---- nginx --------------------------------------------------------------
# test-nginx: a private nginx (Debian: nginx libnginx-mod-http-lua) on
# 127.0.0.1 runs the filter, POST /extract and the reader view (checked in
# headless chromium); see tests/nginx/test.sh.  bench-nginx: 20 s of wrk
# against the filter on a Reuters page from $(NX_CORPUS), compared with plain
# LuaJIT extraction; see tests/nginx/bench.sh and docs/NGINX.md.
test-nginx: $(BUILD)/luajit/newsextract/core.so
	NX_BUILD=$(BUILD)/luajit bash tests/nginx/test.sh

bench-nginx: $(BUILD)/luajit/newsextract/core.so
	NX_BUILD=$(BUILD)/luajit bash tests/nginx/bench.sh

.PHONY: test-nginx bench-nginx
