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
# Targets: all test test-c test-lua test-rules test-cli demo eval bench
#          check-asan valgrind fuzz lint install clean

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

$(BUILD)/tests/%: tests/c/%.c $(PLUGIN_SRC) tests/c/nx_test.h
	@mkdir -p $(dir $@)
	$(CC) $(NX_CFLAGS) -Wno-unused-function -Wno-missing-prototypes -Iplugin -Itests/c \
	    -o $@ $< $(XML_LIBS) $(CMOCKA_FLAGS) $(LDFLAGS) $(SAN_LDFLAGS)

test-c: $(C_TESTS)
	@set -e; for t in $(C_TESTS); do echo "== $$t"; $(VALGRIND) $$t; done

# Every Lua test file under every Lua flavour built (5.4 and LuaJIT).
test-lua: all
	@set -e; $(foreach l,$(LUAS),echo "== Lua tests under $(lua_bin_$(l))"; \
	    NX_BUILD=$(BUILD)/$(l) $(lua_bin_$(l)) tests/lua/run.lua;)

test: test-c test-lua

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

clean:
	rm -rf $(BUILD)

.PHONY: all test test-c test-lua demo install clean

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
