# mk/nginx.mk: the Test::Nginx-style blocks (tests/nginx/t/*.t, one private
# nginx per block, run by tests/nginx/t/run.lua) and the reader screenshots.
test-nginx-t: $(BUILD)/luajit/newsextract/core.so
	NX_BUILD=$(BUILD)/luajit bash tests/nginx/t.sh

TEST_SUITES += test-nginx-t
.PHONY: test-nginx-t
