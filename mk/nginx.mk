# ---- nginx --------------------------------------------------------------
# test-nginx: a private nginx (Debian: nginx libnginx-mod-http-lua) on
# 127.0.0.1 runs the filter, POST /extract and the reader view (checked in
# headless chromium); see tests/nginx/test.sh.  bench-nginx: 15 s of wrk per route
# against the filter, POST /extract and the cached filter on a Reuters page from $(NX_CORPUS), compared with plain
# LuaJIT extraction; see tests/nginx/bench.sh and docs/NGINX.md.
test-nginx: $(BUILD)/luajit/newsextract/core.so
	NX_BUILD=$(BUILD)/luajit bash tests/nginx/test.sh

bench-nginx: $(BUILD)/luajit/newsextract/core.so
	NX_BUILD=$(BUILD)/luajit bash tests/nginx/bench.sh

.PHONY: test-nginx bench-nginx

# mk/nginx.mk: the Test::Nginx-style blocks (tests/nginx/t/*.t, one private
# nginx per block, run by tests/nginx/t/run.lua), the two-worker rules
# reload under strace (tests/nginx/reload.sh), and the reader screenshots.
test-nginx-t: $(BUILD)/luajit/newsextract/core.so
	NX_BUILD=$(BUILD)/luajit bash tests/nginx/t.sh
	NX_BUILD=$(BUILD)/luajit bash tests/nginx/reload.sh

TEST_SUITES += test-nginx-t
.PHONY: test-nginx-t

# reader-shots: reader views of corpus pages and our fixtures as PNG files
# in $NX_SHOTS (default $TMPDIR/nx-shots); see tests/nginx/shots.sh.
reader-shots: $(BUILD)/luajit/newsextract/core.so
	NX_BUILD=$(BUILD)/luajit bash tests/nginx/shots.sh
.PHONY: reader-shots
