# ---- benchmarks -------------------------------------------------------------
# bench       bench-core, then bench-batch (mk/batch.mk, the --jobs scaling;
#             minutes): see bench/RESULTS.md.
# bench-core  throughput and memory against bare libxml2 over $(NX_CORPUS)
#             (or BENCH_PAGES=dir...), BENCH_PASSES passes.
# bench-readability  Mozilla Readability.js on jsdom over the same pages
#             (node + npm; installs into build/bench/node_modules).
BENCH_PASSES ?= 5
BENCH_PAGES ?=

$(BUILD)/bench/bench: bench/bench.c $(PLUGIN_SRC)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 -O2 -g $(WARN) -Wno-unused-function -Wno-missing-prototypes \
	    -Iplugin $(XML_CFLAGS) $(LUA54_CFLAGS) -DNX_BENCH_ROOT='"$(CURDIR)"' \
	    -o $@ bench/bench.c $(XML_LIBS) $(LUA54_LIBS) -lm

bench: bench-core bench-batch

bench-core: $(BUILD)/lua5.4/newsextract/core.so $(BUILD)/bench/bench
	NX_BUILD=$(BUILD)/lua5.4 $(BUILD)/bench/bench -p $(BENCH_PASSES) $(BENCH_PAGES)

bench-readability:
	sh bench/readability.sh $(BENCH_PAGES)

.PHONY: bench bench-core bench-readability
