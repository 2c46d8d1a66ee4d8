# ---- build variants: ASan+UBSan and valgrind --------------------------------
# The same suites as the plain pass (test-c, test-lua; fuzz-replay), run again
# by a sub-make with other settings, so a suite is written once and runs
# once per variant.
#
# check-asan  the module and the C tests rebuilt with SANITIZE=1 in
#             $(ASAN_BUILD); test-c (leak checking on), fuzz-replay, and
#             test-lua under Lua 5.4 with the sanitizer runtime linked into
#             the interpreter (lua_asan).
# valgrind    test-c and test-lua (Lua 5.4; LuaJIT's allocator confuses
#             memcheck) under memcheck.  NX_LIGHT=1: the corpus-wide
#             evaluations and 50 MB pages (each file's `heavy` list) would
#             take most of an hour here; they run in the other passes, and
#             the summary counts them as skipped.
ASAN_BUILD = $(BUILD)/asan
SAN_ENV = UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Leaks: only "definitely lost" fails.  tests/lua/run.lua ends with
# os.exit(code), which does not close the Lua state, so everything still in
# Lua's heap shows as "possibly lost" (interior pointers), ours included.
VALGRIND_CMD = valgrind -q --leak-check=full --error-exitcode=1 \
    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
    --suppressions=tests/valgrind.supp

check-asan: $(ASAN_BUILD)/lua_asan
	$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) SANITIZE=1 LUAS=lua5.4 \
	    C_TEST_RUN="env $(SAN_ENV)" \
	    LUA_TEST_RUN="env ASAN_OPTIONS=detect_leaks=0 $(SAN_ENV)" \
	    lua_bin_lua5.4=$(ASAN_BUILD)/lua_asan \
	    test-c fuzz-replay test-lua

valgrind: $(BUILD)/lua5.4/newsextract/core.so
	$(MAKE) --no-print-directory LUAS=lua5.4 \
	    C_TEST_RUN="$(VALGRIND_CMD)" \
	    LUA_TEST_RUN="env NX_LIGHT=1 $(VALGRIND_CMD)" \
	    test-c test-lua

# The interpreter for the Lua tests under ASan: the runtime linked in, not
# LD_PRELOADed, so programs the tests start (lynx, w3m) do not inherit it.
$(ASAN_BUILD)/lua_asan: tests/fuzz/lua_asan.c
	@mkdir -p $(dir $@)
	$(CC) -std=c99 -g -O1 $(WARN) $(LUA54_CFLAGS) -fsanitize=address,undefined \
	    -fno-omit-frame-pointer -o $@ $< $(LUA54_LIBS) -lm

.PHONY: check-asan valgrind
