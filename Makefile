# newsextract: build, test and install.
#
# Variables you may set (make VAR=value):
#   LUAS      Lua flavours to build and test, pkg-config names (default: every
#             one of "lua5.4 luajit" that pkg-config finds).  LUA=luajit is a
#             shorthand for LUAS=luajit.
#   PREFIX    install prefix (default /usr/local)
#   CC, CFLAGS, LDFLAGS   the usual; SANITIZE=1 adds ASan+UBSan
#   NX_CORPUS the shared corpus (default ../shared/corpus); tests that need
#             it fail when it is missing.
#
# Targets: all test test-c test-lua test-leaks test-rules lint demo eval
#          bench check-asan valgrind fuzz install clean

PKG_CONFIG ?= pkg-config
ifdef LUA
LUAS := $(LUA)
endif
LUAS ?= $(foreach l,lua5.4 luajit,$(if $(shell $(PKG_CONFIG) --exists $(l) && echo y),$(l)))
PREFIX ?= /usr/local
NX_CORPUS ?= $(abspath ../shared/corpus)
export NX_CORPUS

CC ?= cc
OPT ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
       -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef -Wdeclaration-after-statement
XML_CFLAGS := $(shell $(PKG_CONFIG) --cflags libxml-2.0)
XML_LIBS := $(shell $(PKG_CONFIG) --libs libxml-2.0)
CFLAGS ?= $(OPT)
NX_CFLAGS = -std=c99 -D_POSIX_C_SOURCE=200809L $(WARN) -fPIC -fvisibility=hidden $(XML_CFLAGS) $(CFLAGS)
ifeq ($(SANITIZE),1)
NX_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
SAN_LDFLAGS = -fsanitize=address,undefined
endif

# Lua ABI -> pkg-config name -> interpreter
lua_bin_lua5.4 = lua5.4
lua_bin_luajit = luajit
lua_ver_lua5.4 = 5.4
lua_ver_luajit = 5.1

PLUGIN_SRC := $(wildcard plugin/*.c) $(wildcard plugin/*.h)
BUILD = build

all: $(foreach l,$(LUAS),$(BUILD)/$(l)/newsextract/core.so)

# One .so per ABI: a module built against 5.4 does not load in LuaJIT.
$(BUILD)/%/newsextract/core.so: $(PLUGIN_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(NX_CFLAGS) $(shell $(PKG_CONFIG) --cflags $*) -shared \
	    -o $@ plugin/nx_core.c $(XML_LIBS) $(LDFLAGS) $(SAN_LDFLAGS)

# ---- tests --------------------------------------------------------------
C_TESTS := $(patsubst tests/c/%.c,$(BUILD)/tests/%,$(wildcard tests/c/test_*.c))
CMOCKA_FLAGS := $(shell $(PKG_CONFIG) --cflags --libs cmocka)

$(BUILD)/tests/%: tests/c/%.c $(PLUGIN_SRC) $(wildcard tests/c/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(NX_CFLAGS) -Wno-unused-function -Wno-missing-prototypes -Iplugin -Itests/c \
	    -o $@ $< $(XML_LIBS) $(CMOCKA_FLAGS) $(LDFLAGS) $(SAN_LDFLAGS)

test-c: $(C_TESTS)
	@set -e; for t in $(C_TESTS); do echo "== $$t"; $(VALGRIND) $$t; done

# Every Lua test file under every Lua flavour built (5.4 and LuaJIT).
test-lua: all
	@set -e; $(foreach l,$(LUAS),echo "== Lua tests under $(lua_bin_$(l))"; \
	    NX_BUILD=$(BUILD)/$(l) $(lua_bin_$(l)) tests/lua/run.lua;)

# The tests inside every bundled rule, offline, generic fallback off.
test-rules: all
	@set -e; $(foreach l,$(LUAS),echo "== rule tests under $(lua_bin_$(l))"; \
	    $(lua_bin_$(l)) bin/newsextract test-rules rules;)

# 1,000 generated rule files: load, reload and match costs.
bench-rules: all
	@set -e; $(foreach l,$(LUAS),NX_BUILD=$(BUILD)/$(l) $(lua_bin_$(l)) tests/rules/many.lua;)

# Suites that live in mk/*.mk add themselves to TEST_SUITES there; each
# mk/ file is one concern's targets (its own tests, tools and benchmarks).
TEST_SUITES :=
include $(sort $(wildcard mk/*.mk))

# test-lua last: its "luajit: N passed, N failed" line closes the run.
test: lint test-c test-leaks test-rules test-rockspec test-install test-nginx test-xss \
      $(TEST_SUITES) check-asan valgrind test-lua

# The README's first command ends here: one synthetic page, extracted.
demo: all
	bin/newsextract --format text tests/fixtures/demo/source.html
	bin/newsextract tests/fixtures/demo/source.html

# ---- install ------------------------------------------------------------
# make install PREFIX=/usr/local [LUAS=lua5.4]: the module for each flavour,
# the Lua files, the bundled rules and the CLI.
LUA_FILES := $(wildcard lua/newsextract/*.lua)
install: all
	@set -e; $(foreach l,$(LUAS), \
	    install -d $(DESTDIR)$(PREFIX)/lib/lua/$(lua_ver_$(l))/newsextract \
	        $(DESTDIR)$(PREFIX)/share/lua/$(lua_ver_$(l))/newsextract; \
	    install -m 0755 $(BUILD)/$(l)/newsextract/core.so \
	        $(DESTDIR)$(PREFIX)/lib/lua/$(lua_ver_$(l))/newsextract/core.so; \
	    install -m 0644 $(LUA_FILES) $(DESTDIR)$(PREFIX)/share/lua/$(lua_ver_$(l))/newsextract/;)
	install -d $(DESTDIR)$(PREFIX)/share/newsextract $(DESTDIR)$(PREFIX)/bin
	cp -R rules $(DESTDIR)$(PREFIX)/share/newsextract/
	sed '1s|.*|#!/usr/bin/env $(lua_bin_$(firstword $(LUAS)))|' bin/newsextract \
	    > $(DESTDIR)$(PREFIX)/bin/newsextract
	chmod 0755 $(DESTDIR)$(PREFIX)/bin/newsextract

# luarocks make, offline, into a throw-away tree, for each flavour; then
# the installed module must load and extract.
test-rockspec:
	@set -e; $(foreach l,$(LUAS),t=$$(mktemp -d); \
	    luarocks --lua-version $(lua_ver_$(l)) --tree $$t make newsextract-scm-1.rockspec >$$t/log 2>&1 \
	        || { cat $$t/log; exit 1; }; \
	    LUA_PATH="$$t/share/lua/$(lua_ver_$(l))/?.lua;$$t/share/lua/$(lua_ver_$(l))/?/init.lua;;" \
	    LUA_CPATH="$$t/lib/lua/$(lua_ver_$(l))/?.so;;" $(lua_bin_$(l)) -e \
	    'local a = assert(require("newsextract").extract("<p>Rocks install newsextract, and this sentence, long enough, is the article.</p>", {rules = false})); assert(a.paragraphs[1]:find("Rocks install")); local set = assert(require("newsextract.rules").default()); assert(#set.rules >= 2, "bundled rules"); print("rockspec: " .. (jit and jit.version or _VERSION) .. ": installed module extracts, bundled rules found")'; \
	    rm -rf $$t;)

# luacheck (.luacheckrc) over the Lua; cppcheck over the C module (one
# translation unit); and each built core.so must export luaopen_newsextract_core
# and nothing else (everything else is static, -fvisibility=hidden).
LINT_LUA := lua bin/newsextract tests/lua rules tools/eval
lint: all
	luacheck --quiet $(LINT_LUA)
	cppcheck --quiet --enable=warning,portability --error-exitcode=1 --std=c99 \
	    -I plugin plugin/nx_core.c
	@set -e; for so in $(foreach l,$(LUAS),$(BUILD)/$(l)/newsextract/core.so); do \
	    syms=$$(nm -D --defined-only $$so | awk '{print $$NF}' | \
	        grep -vxE '_init|_fini|_edata|_end|__bss_start' | tr '\n' ' '); \
	    if [ "$$syms" != "luaopen_newsextract_core " ]; then \
	        echo "lint: $$so exports: $$syms(want only luaopen_newsextract_core)"; \
	        exit 1; fi; \
	    echo "lint: $$so exports only luaopen_newsextract_core"; done

# The binding's edge cases (tests/lua/test_core.lua) under valgrind: a C
# block leaked on a path the assertions cannot see fails here.  Lua 5.4 only
# (LuaJIT's allocator confuses memcheck).
test-leaks: $(BUILD)/lua5.4/newsextract/core.so
	NX_BUILD=$(BUILD)/lua5.4 valgrind -q --leak-check=full --error-exitcode=1 \
	    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
	    lua5.4 tests/lua/run.lua tests/lua/test_core.lua

# make install into a throw-away prefix; the installed command must find
# its modules and the bundled rules.
INST_VER = $(lua_ver_$(firstword $(LUAS)))
test-install: all
	@set -e; t=$$(mktemp -d); \
	$(MAKE) --no-print-directory install PREFIX=$$t >/dev/null; \
	out=$$(LUA_PATH="$$t/share/lua/$(INST_VER)/?.lua;$$t/share/lua/$(INST_VER)/?/init.lua;;" \
	    LUA_CPATH="$$t/lib/lua/$(INST_VER)/?.so;;" $$t/bin/newsextract \
	    tests/fixtures/reuters-2017/source.html); \
	rm -rf $$t; \
	case "$$out" in *'"rule":"reuters-2017"'*) echo "install: the installed command extracts with the bundled rules";; \
	    *) echo "install: the installed command did not use the bundled rules: $$out" | cut -c1-300; exit 1;; esac

clean:
	rm -rf $(BUILD)

.PHONY: all test test-c test-lua test-leaks test-rules bench-rules test-rockspec test-install lint demo install clean

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

# ---- bench / fuzz / sanitizers ----------------------------------------------
# bench       throughput and memory against bare libxml2 over $(NX_CORPUS)
#             (or BENCH_PAGES=dir...), BENCH_PASSES passes; see bench/RESULTS.md.
# bench-readability  Mozilla Readability.js on jsdom over the same pages
#             (node + npm; installs into build/bench/node_modules).
# fuzz        builds the libFuzzer harnesses (clang) and runs each for
#             FUZZ_SECONDS from seeds made by tests/fuzz/seeds.sh; new
#             crashes land in build/fuzz/crashes/<target>/.
# fuzz-replay the saved inputs tests/fuzz/regressions/<target>/ through the
#             harnesses built with gcc and SANITIZE flags (no clang needed).
# check-asan  module, C tests, fuzz replays and Lua tests (lua5.4) under
#             ASan+UBSan.  valgrind: C tests and Lua tests under memcheck.
# test-xss    the sanitised HTML of every corpus page and of
#             tests/fixtures/xss/vectors.txt loaded in headless chromium.
BENCH_PASSES ?= 5
BENCH_PAGES ?=
FUZZ_SECONDS ?= 60
FUZZ_TARGETS += decode extract css textdump rules
FUZZ_CC ?= clang
LUA54_CFLAGS := $(shell $(PKG_CONFIG) --cflags lua5.4 2>/dev/null)
LUA54_LIBS := $(shell $(PKG_CONFIG) --libs lua5.4 2>/dev/null)
FUZZ_FLAGS = -std=c99 -D_POSIX_C_SOURCE=200809L -g -O1 $(WARN) \
    -Wno-unused-function -Wno-missing-prototypes -Iplugin $(XML_CFLAGS) \
    $(LUA54_CFLAGS) -DNX_FUZZ_ROOT='"$(CURDIR)"'
ASAN_BUILD = $(BUILD)/asan
# Leaks: only "definitely lost" fails.  tests/lua/run.lua ends with
# os.exit(code), which does not close the Lua state, so everything still in
# Lua's heap shows as "possibly lost" (interior pointers), ours included.
VALGRIND_CMD = valgrind -q --leak-check=full --error-exitcode=1 \
    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
    --suppressions=tests/valgrind.supp

$(BUILD)/bench/bench: bench/bench.c $(PLUGIN_SRC)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 -O2 -g $(WARN) -Wno-unused-function -Wno-missing-prototypes \
	    -Iplugin $(XML_CFLAGS) $(LUA54_CFLAGS) -DNX_BENCH_ROOT='"$(CURDIR)"' \
	    -o $@ bench/bench.c $(XML_LIBS) $(LUA54_LIBS) -lm

bench: $(BUILD)/lua5.4/newsextract/core.so $(BUILD)/bench/bench
	NX_BUILD=$(BUILD)/lua5.4 $(BUILD)/bench/bench -p $(BENCH_PASSES) $(BENCH_PAGES)

bench-readability:
	sh bench/readability.sh $(BENCH_PAGES)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h tests/fuzz/fuzz_lua.h $(PLUGIN_SRC)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o $@ $< $(XML_LIBS) $(LUA54_LIBS) -lm

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay_main.c tests/fuzz/fuzz_util.h tests/fuzz/fuzz_lua.h $(PLUGIN_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_FLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer \
	    -fno-sanitize-recover=undefined -o $@ $< tests/fuzz/replay_main.c \
	    $(XML_LIBS) $(LUA54_LIBS) -lm

fuzz-seeds:
	sh tests/fuzz/seeds.sh $(BUILD)/fuzz/seeds

fuzz: fuzz-seeds $(foreach t,$(FUZZ_TARGETS),$(BUILD)/fuzz/fuzz_$(t))
	@set -e; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(BUILD)/fuzz/corpus/$$t $(BUILD)/fuzz/crashes/$$t; \
	    echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	    nice $(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	        -max_len=131072 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
	        -artifact_prefix=$(BUILD)/fuzz/crashes/$$t/ \
	        $(BUILD)/fuzz/corpus/$$t $(BUILD)/fuzz/seeds/$$t 2>&1 | \
	        grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==ERROR|SUMMARY|INFO: a corpus)' || true; \
	    if ls $(BUILD)/fuzz/crashes/$$t/* >/dev/null 2>&1; then \
	        echo "fuzz $$t: crash inputs in $(BUILD)/fuzz/crashes/$$t/"; exit 1; fi; \
	done

fuzz-replay: $(BUILD)/lua5.4/newsextract/core.so $(foreach t,$(FUZZ_TARGETS),$(BUILD)/fuzz/replay_$(t))
	@set -e; for t in $(FUZZ_TARGETS); do \
	    mkdir -p tests/fuzz/regressions/$$t; \
	    printf '== replay %s: ' $$t; \
	    ASAN_OPTIONS=detect_leaks=1 $(BUILD)/fuzz/replay_$$t tests/fuzz/regressions/$$t; \
	done

check-asan: $(ASAN_BUILD)/lua_asan
	$(MAKE) BUILD=$(ASAN_BUILD) SANITIZE=1 LUAS=lua5.4 all $(patsubst $(BUILD)/%,$(ASAN_BUILD)/%,$(C_TESTS))
	@set -e; for t in $(patsubst $(BUILD)/%,$(ASAN_BUILD)/%,$(C_TESTS)); do echo "== $$t"; \
	    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 $$t; done
	$(MAKE) BUILD=$(ASAN_BUILD) fuzz-replay
	ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    NX_BUILD=$(ASAN_BUILD)/lua5.4 $(ASAN_BUILD)/lua_asan tests/lua/run.lua

# The interpreter for the Lua tests under ASan: the runtime linked in, not
# LD_PRELOADed, so programs the tests start (lynx, w3m) do not inherit it.
$(ASAN_BUILD)/lua_asan: tests/fuzz/lua_asan.c
	@mkdir -p $(dir $@)
	$(CC) -std=c99 -g -O1 $(WARN) $(LUA54_CFLAGS) -fsanitize=address,undefined \
	    -fno-omit-frame-pointer -o $@ $< $(LUA54_LIBS) -lm

# NX_LIGHT=1: the corpus-wide evaluations and 50 MB pages (each file's
# `heavy` list) would take most of an hour under memcheck; they run in
# test-lua and check-asan, and the summary counts them as skipped here.
valgrind: $(BUILD)/lua5.4/newsextract/core.so $(C_TESTS)
	@set -e; for t in $(C_TESTS); do echo "== valgrind $$t"; $(VALGRIND_CMD) $$t; done
	NX_LIGHT=1 NX_BUILD=$(BUILD)/lua5.4 $(VALGRIND_CMD) lua5.4 tests/lua/run.lua

test-xss: $(BUILD)/lua5.4/newsextract/core.so
	NX_BUILD=$(BUILD)/lua5.4 sh tests/xss/run.sh

.PHONY: bench bench-readability fuzz fuzz-seeds fuzz-replay check-asan valgrind test-xss
