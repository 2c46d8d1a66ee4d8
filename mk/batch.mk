# ---- batch (docs/BATCH.md) ------------------------------------------------
# core.batch (plugin/nx_batch.c) reads gzip members with zlib.
ZLIB_LIBS := $(shell $(PKG_CONFIG) --libs zlib 2>/dev/null || echo -lz)
XML_LIBS += $(ZLIB_LIBS)
# nx_batch.c is binding code (it speaks Lua): compiled alone, it needs a
# lua.h, any one will do for a syntax check.
# The same for its object in mk/c.mk's libnx.a, which no C test pulls in.
NX_BATCH_LUA_CFLAGS := $(shell $(PKG_CONFIG) --cflags lua5.4 2>/dev/null)
lint-alone: NX_CFLAGS += $(NX_BATCH_LUA_CFLAGS)
%/obj/nx_batch.o: NX_CFLAGS += $(NX_BATCH_LUA_CFLAGS)

PYTHON3 ?= /usr/bin/python3
BATCH_FUZZ := warc jsonl

# test-dask: a Dask scheduler and two workers on 127.0.0.1 run
# tools/dask/nx_dask.py over WARC files the test writes; the union of the
# output shards must equal the single-process output.  Fails when
# python3-distributed is missing.
test-dask: all
	$(PYTHON3) tests/batch/test_dask.py

# The WARC and JSON Lines readers' saved inputs, through their harnesses
# under ASan+UBSan (gcc; no clang needed).  fuzz-batch: libFuzzer runs of
# both for FUZZ_SECONDS each (clang), like `make fuzz`.
fuzz-replay-batch: $(foreach t,$(BATCH_FUZZ),$(BUILD)/fuzz/replay_$(t))
	@set -e; for t in $(BATCH_FUZZ); do printf '== replay %s: ' $$t; \
	    ASAN_OPTIONS=detect_leaks=1 $(BUILD)/fuzz/replay_$$t tests/fuzz/regressions/$$t; done

fuzz-batch: $(foreach t,$(BATCH_FUZZ),$(BUILD)/fuzz/fuzz_$(t))
	@set -e; for t in $(BATCH_FUZZ); do \
	    mkdir -p $(BUILD)/fuzz/corpus/$$t $(BUILD)/fuzz/crashes/$$t; \
	    echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	    nice $(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	        -max_len=65536 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
	        -artifact_prefix=$(BUILD)/fuzz/crashes/$$t/ \
	        $(BUILD)/fuzz/corpus/$$t tests/fuzz/regressions/$$t 2>&1 | \
	        grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==ERROR|SUMMARY)' || true; \
	    if ls $(BUILD)/fuzz/crashes/$$t/* >/dev/null 2>&1; then \
	        echo "fuzz $$t: crash inputs in $(BUILD)/fuzz/crashes/$$t/"; exit 1; fi; \
	done

TEST_SUITES += test-dask fuzz-replay-batch
.PHONY: test-dask fuzz-replay-batch fuzz-batch

# bench-batch: --jobs scaling and memory on a 10,000-record stream
# (bench/batch.sh); `make bench` runs it after bench-core.
bench-batch: all
	sh bench/batch.sh
.PHONY: bench-batch
