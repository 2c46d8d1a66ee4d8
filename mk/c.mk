# ---- C unit tests (cmocka) --------------------------------------------------
# tests/c/test_X.c is one binary $(BUILD)/tests/test_X.  Each links
# $(BUILD)/libnx.a: every plugin/nx_*.c but the binding, each compiled on
# its own (NX_FUNC extern, hidden), so a test includes the headers of what
# it calls and nothing else.  test-c runs them all, each under
# $(C_TEST_RUN) (empty here; valgrind or sanitizer options in the variant
# passes of mk/variants.mk).
C_TEST_RUN ?=
NX_LIB_SRC := $(filter-out plugin/nx_core.c,$(wildcard plugin/nx_*.c))
NX_LIB_OBJ := $(patsubst plugin/%.c,$(BUILD)/obj/%.o,$(NX_LIB_SRC))
C_TESTS := $(patsubst tests/c/%.c,$(BUILD)/tests/%,$(wildcard tests/c/test_*.c))
CMOCKA_FLAGS := $(shell $(PKG_CONFIG) --cflags --libs cmocka)

$(BUILD)/obj/%.o: plugin/%.c $(wildcard plugin/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(NX_CFLAGS) -c -o $@ $<

$(BUILD)/libnx.a: $(NX_LIB_OBJ)
	rm -f $@
	ar rcs $@ $(NX_LIB_OBJ)

$(BUILD)/tests/%: tests/c/%.c $(BUILD)/libnx.a $(wildcard tests/c/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(NX_CFLAGS) -Wno-missing-prototypes -Iplugin -Itests/c -o $@ $< \
	    $(BUILD)/libnx.a $(XML_LIBS) $(CMOCKA_FLAGS) $(LDFLAGS) $(SAN_LDFLAGS)

test-c: $(C_TESTS)
	@set -e; for t in $(C_TESTS); do echo "== $$t"; $(C_TEST_RUN) $$t; done

.PHONY: test-c
