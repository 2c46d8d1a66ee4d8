# ---- XSS ----------------------------------------------------------------
# test-xss: the sanitised HTML of every corpus page and of
# tests/fixtures/xss/vectors.txt loaded in headless chromium must run no
# script; see tests/xss/run.sh.
test-xss: $(BUILD)/lua5.4/newsextract/core.so
	NX_BUILD=$(BUILD)/lua5.4 sh tests/xss/run.sh

.PHONY: test-xss
