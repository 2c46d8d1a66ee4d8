# ---- install and packaging ---------------------------------------------------
# install       make install PREFIX=/usr/local [LUAS=lua5.4] [DESTDIR=...]:
#               the module for each flavour, the Lua files, the bundled rules
#               with the pages their tests read, and the CLI.  The CLI finds
#               PREFIX/share/lua and PREFIX/lib/lua itself (bin/newsextract):
#               no LUA_PATH needed.
# test-install  make install into a throw-away prefix; the installed command,
#               with no LUA_PATH, extracts with the bundled rules and passes
#               its test-rules.
# test-rockspec luarocks make, offline, into a throw-away tree, for each Lua
#               ABI, from a fresh directory: a ten-line script extracts a
#               corpus page with the bundled rules and the installed
#               `newsextract test-rules` passes (tests/install/rock.sh).
LUA_FILES := $(wildcard lua/newsextract/*.lua)
# The pages the bundled rules' tests read (tests = { { case = "..." } }).
RULE_CASES := $(sort $(shell sed -n 's/.*[{ ]case = "\([^"]*\)".*/\1/p' $(wildcard rules/*/*.lua)))
SHARE_DIR = $(DESTDIR)$(PREFIX)/share/newsextract

install: all
	@set -e; $(foreach l,$(LUAS), \
	    install -d $(DESTDIR)$(PREFIX)/lib/lua/$(lua_ver_$(l))/newsextract \
	        $(DESTDIR)$(PREFIX)/share/lua/$(lua_ver_$(l))/newsextract; \
	    install -m 0755 $(BUILD)/$(l)/newsextract/core.so \
	        $(DESTDIR)$(PREFIX)/lib/lua/$(lua_ver_$(l))/newsextract/core.so; \
	    install -m 0644 $(LUA_FILES) $(DESTDIR)$(PREFIX)/share/lua/$(lua_ver_$(l))/newsextract/;)
	install -d $(SHARE_DIR) $(DESTDIR)$(PREFIX)/bin
	cp -R rules $(SHARE_DIR)/
	@set -e; for c in $(RULE_CASES); do \
	    install -d $(SHARE_DIR)/tests/fixtures/$$c; \
	    install -m 0644 tests/fixtures/$$c/source.html $(SHARE_DIR)/tests/fixtures/$$c/; done
	sed '1s|.*|#!/usr/bin/env $(lua_bin_$(firstword $(LUAS)))|' bin/newsextract \
	    > $(DESTDIR)$(PREFIX)/bin/newsextract
	chmod 0755 $(DESTDIR)$(PREFIX)/bin/newsextract

test-install: all
	@set -e; t=$$(mktemp -d); trap 'rm -rf "$$t"' EXIT; \
	$(MAKE) --no-print-directory install PREFIX=$$t >/dev/null; \
	cd $$t; \
	out=$$(env -u LUA_PATH -u LUA_CPATH -u LUA_PATH_5_4 -u LUA_CPATH_5_4 \
	    $$t/bin/newsextract $(CURDIR)/tests/fixtures/reuters-2017/source.html); \
	case "$$out" in *'"rule":"reuters-2017"'*) ;; \
	    *) echo "install: the installed command did not use the bundled rules: $$out" | cut -c1-300; exit 1;; esac; \
	env -u LUA_PATH -u LUA_CPATH $$t/bin/newsextract test-rules > $$t/rules.log 2>&1 \
	    || { cat $$t/rules.log; exit 1; }; \
	echo "install: the installed command, without LUA_PATH, extracts with the bundled rules; $$(tail -1 $$t/rules.log)"

test-rockspec:
	@set -e; $(foreach l,$(LUAS),sh tests/install/rock.sh $(lua_ver_$(l)) $(lua_bin_$(l));)

.PHONY: install test-install test-rockspec
