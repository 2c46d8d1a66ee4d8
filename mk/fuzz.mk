# ---- fuzzing ----------------------------------------------------------------
# fuzz        builds the libFuzzer harnesses (clang) and runs each for
#             FUZZ_SECONDS from seeds made by tests/fuzz/seeds.sh; new
#             crashes land in build/fuzz/crashes/<target>/.
# fuzz-replay the saved inputs tests/fuzz/regressions/<target>/ through the
#             harnesses built with gcc and the sanitizers (no clang needed);
#             part of check-asan.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := decode extract css textdump rules apply
FUZZ_CC ?= clang
FUZZ_FLAGS = -std=c99 -D_POSIX_C_SOURCE=200809L -g -O1 $(WARN) \
    -Wno-unused-function -Wno-missing-prototypes -Iplugin $(XML_CFLAGS) \
    $(LUA54_CFLAGS) -DNX_FUZZ_ROOT='"$(CURDIR)"'

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

.PHONY: fuzz fuzz-seeds fuzz-replay
