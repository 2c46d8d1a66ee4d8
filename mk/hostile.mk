# mk/hostile.mk: the hostile-input benchmark (issue 11), not part of
# `make test` (it takes minutes).
#
# bench-hostile  every bad-input family of tests/hostile/families.lua as
#                a size series under each Lua: the marker kept at every
#                size, doubling the size costs at most 2.2x the time (a
#                least-squares slope), a 300 KB page under 0.5 s; then peak
#                RSS of one extract of a 2 MB page over the idle process,
#                against a bare libxml2 parse of it (HTML, at most 2x) or
#                the input size (text dumps, at most 10x).  See
#                bench/hostile.lua and bench/RESULTS.md.
#                HOSTILE_ARGS passes --no-memory, --no-time or --family NAME.
HOSTILE_ARGS ?=

$(BUILD)/bench/bare_parse: bench/bare_parse.c
	@mkdir -p $(dir $@)
	$(CC) -std=c99 -O2 $(WARN) $(XML_CFLAGS) -o $@ $< $(XML_LIBS)

bench-hostile: all $(BUILD)/bench/bare_parse
	@st=0; $(foreach l,$(LUAS),echo "== bench-hostile under $(lua_bin_$(l))"; \
	    LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="$(BUILD)/$(l)/?.so;;" \
	    $(lua_bin_$(l)) bench/hostile.lua --bare $(BUILD)/bench/bare_parse $(HOSTILE_ARGS) || st=1;) \
	exit $$st

.PHONY: bench-hostile

# check-nginx-rss  an nginx worker's RSS, 100 ordinary requests after a
#                run of every hostile family through POST /extract, within
#                10 % of its start (tests/nginx/rss.sh).
check-nginx-rss: $(BUILD)/luajit/newsextract/core.so
	NX_BUILD=$(BUILD)/luajit bash tests/nginx/rss.sh

.PHONY: check-nginx-rss
