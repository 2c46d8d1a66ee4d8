# ---- lint -----------------------------------------------------------------
# lint        luacheck (.luacheckrc) over the Lua; cppcheck over the module
#             (the amalgamation, one translation unit); every plugin/nx_*.c
#             and hand-written header compiles on its own, warnings as
#             errors (lint-alone); each built core.so exports
#             luaopen_newsextract_core and nothing else (everything else is
#             static, -fvisibility=hidden); and the functions over 80 lines
#             fail the lint (lint-long).
# lint-long   functions over $(LONG_MAX) lines in plugin/ and lua/
#             (tools/long-functions.lua; generated tables left out).  Every
#             function is under the limit now, so a listed one fails;
#             LONG_STRICT= (empty) only lists them.
LINT_LUA := lua bin/newsextract tests/lua tests/hostile rules tools bench
NX_ALONE := $(filter-out plugin/nx_core.c,$(wildcard plugin/nx_*.c)) \
    $(filter-out plugin/nx_tags.h plugin/nx_words.h plugin/nx_charset_tables.h, \
        $(wildcard plugin/nx*.h))
LONG_MAX ?= 80
LONG_STRICT ?= 1

lint: all lint-alone lint-long
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

# A real compile (-c, not -fsyntax-only: unused-function warnings come from
# the later passes).  A file that fails here uses something its #includes
# do not declare, or defines a static function only another file calls
# (give it NX_FUNC and a prototype in its header).
lint-alone:
	@set -e; for f in $(NX_ALONE); do \
	    $(CC) $(NX_CFLAGS) -Werror -Iplugin -c -o /dev/null -x c $$f || { \
	        echo "lint: $$f does not compile on its own (see plugin/nx.h)"; exit 1; }; \
	done; echo "lint: $(words $(NX_ALONE)) plugin files compile on their own"

lint-long:
	@lua5.4 tools/long-functions.lua $(if $(LONG_STRICT),--strict) --max $(LONG_MAX) \
	    $(wildcard plugin/*.c) $(wildcard lua/newsextract/*.lua)

.PHONY: lint lint-alone lint-long
