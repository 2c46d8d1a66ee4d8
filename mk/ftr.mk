# mk/ftr.mk: the Full-Text RSS site-config reader.
# Its fuzz harness (tests/fuzz/fuzz_ftr.c) joins `make fuzz` and
# `make fuzz-replay`; `make ftr-eval` scores the FTR configs as the rule set
# on the corpus pages whose host has one (docs/EVAL.md, "Full-Text RSS").
FUZZ_TARGETS += ftr

ftr-eval: $(BUILD)/lua5.4/newsextract/core.so
	NX_BUILD=$(BUILD)/lua5.4 lua5.4 tools/eval/run.lua --set ftr --markdown

.PHONY: ftr-eval
