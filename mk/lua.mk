# ---- Lua tests and rule tests -------------------------------------------------
# test-lua: every tests/lua/test_*.lua under every Lua flavour built, run by
# tests/lua/run.lua (it counts passes, failures and skips, and fails a file
# that leaves a global behind).  Each runs under $(LUA_TEST_RUN), empty here;
# mk/variants.mk sets it for the ASan and valgrind passes.
LUA_TEST_RUN ?=
test-lua: all
	@set -e; $(foreach l,$(LUAS),echo "== Lua tests under $(lua_bin_$(l))"; \
	    NX_BUILD=$(BUILD)/$(l) $(LUA_TEST_RUN) $(lua_bin_$(l)) tests/lua/run.lua;)

# The tests inside every bundled rule, offline, generic fallback off.
test-rules: all
	@set -e; $(foreach l,$(LUAS),echo "== rule tests under $(lua_bin_$(l))"; \
	    $(lua_bin_$(l)) bin/newsextract test-rules rules;)

# 1,000 generated rule files: load, reload and match costs.
bench-rules: all
	@set -e; $(foreach l,$(LUAS),NX_BUILD=$(BUILD)/$(l) $(lua_bin_$(l)) tests/rules/many.lua;)

.PHONY: test-lua test-rules bench-rules
