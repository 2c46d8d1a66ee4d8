# newsextract: build, test and install.
#
# Variables you may set (make VAR=value):
#   LUAS      Lua flavours to build and test, pkg-config names (default: every
#             one of "lua5.4 luajit" that pkg-config finds).  LUA=luajit is a
#             shorthand for LUAS=luajit.
#   PREFIX    install prefix (default /usr/local); DESTDIR for staging
#   CC, CFLAGS, LDFLAGS   the usual; SANITIZE=1 adds ASan+UBSan
#   BUILD     where everything built goes (default build/)
#   NX_CORPUS the shared corpus (default ../shared/corpus); tests that need
#             it fail when it is missing.
#   EVAL_ARGS options for make eval (--set, --favor, --worst, --page)
#
# What is where: this file builds the module (one core.so per Lua ABI) and
# says what `make test` runs; each concern's targets live in mk/<concern>.mk
# (mk/README.md lists them): mk/c.mk the C unit tests, mk/lua.mk the Lua
# tests and rule tests, mk/lint.mk, mk/variants.mk the ASan+UBSan and
# valgrind passes, mk/install.mk install and packaging tests, mk/nginx.mk,
# mk/xss.mk, mk/bench.mk, mk/fuzz.mk, mk/eval.mk.

PKG_CONFIG ?= pkg-config
LUA ?=
ifneq ($(LUA),)
LUAS := $(LUA)
endif
LUAS ?= $(foreach l,lua5.4 luajit,$(if $(shell $(PKG_CONFIG) --exists $(l) && echo y),$(l)))
PREFIX ?= /usr/local
DESTDIR ?=
NX_CORPUS ?= $(abspath ../shared/corpus)
export NX_CORPUS
BUILD ?= build
EVAL_ARGS ?=

CC ?= cc
OPT ?= -O2 -g
CFLAGS ?= $(OPT)
LDFLAGS ?=
SANITIZE ?=
WARN = -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
       -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef -Wdeclaration-after-statement
XML_CFLAGS := $(shell $(PKG_CONFIG) --cflags libxml-2.0)
XML_LIBS := $(shell $(PKG_CONFIG) --libs libxml-2.0)
# Lua 5.4 for the C programs that embed it (bench, fuzz harnesses, lua_asan)
LUA54_CFLAGS := $(shell $(PKG_CONFIG) --cflags lua5.4 2>/dev/null)
LUA54_LIBS := $(shell $(PKG_CONFIG) --libs lua5.4 2>/dev/null)
NX_CFLAGS = -std=c99 -D_POSIX_C_SOURCE=200809L $(WARN) -fPIC -fvisibility=hidden $(XML_CFLAGS) $(CFLAGS)
SAN_LDFLAGS =
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

all: $(foreach l,$(LUAS),$(BUILD)/$(l)/newsextract/core.so)

# One .so per ABI: a module built against 5.4 does not load in LuaJIT.
# plugin/nx_core.c is the amalgamation: it #includes every plugin/nx_*.c.
$(BUILD)/%/newsextract/core.so: $(PLUGIN_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(NX_CFLAGS) $(shell $(PKG_CONFIG) --cflags $*) -shared \
	    -o $@ plugin/nx_core.c $(XML_LIBS) $(LDFLAGS) $(SAN_LDFLAGS)

# ---- make test ----------------------------------------------------------
# Every suite once per build variant:
#   plain      lint, test-c, test-rules, test-rockspec, test-install,
#              test-nginx, test-xss, the suites mk/ files add to TEST_SUITES,
#              and test-lua (Lua 5.4 and LuaJIT) last: its
#              "luajit: N passed, N failed, N skipped" line closes the run.
#   ASan+UBSan check-asan: test-c, fuzz-replay and test-lua (5.4), rebuilt
#              with SANITIZE=1 in $(BUILD)/asan.
#   valgrind   valgrind: test-c and test-lua (5.4, without each file's heavy
#              cases) under memcheck.
# A suite is written once (its mk/ file); a variant is the same target run
# with other BUILD / SANITIZE / NX_RUN (the command a test runs under).
NX_RUN ?=
TEST_SUITES :=
include $(sort $(wildcard mk/*.mk))

test: lint test-c test-rules test-rockspec test-install test-nginx test-xss \
      $(TEST_SUITES) check-asan valgrind test-lua

# The README's first command ends here: one synthetic page, extracted.
demo: all
	bin/newsextract --format text tests/fixtures/demo/source.html
	bin/newsextract tests/fixtures/demo/source.html

clean:
	rm -rf $(BUILD)

.PHONY: all test demo clean
