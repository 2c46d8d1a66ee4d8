# eval: score extraction on $(NX_CORPUS) (tools/eval/, development tooling,
# not installed): the 130 Readability test pages and the 8 Reuters pages
# (generic path, rules off, under each favor setting) and the 1,497 pages
# of wcxb-dev (bytes only, rules on, the benchmark's bag-of-words F1 per
# page type, title/author/date exactness); see docs/EVAL.md.  EVAL_ARGS
# passes options (--set, --favor, --worst, --page, --type).
EVAL_LUA = $(firstword $(LUAS))
eval: all
	NX_BUILD=$(BUILD)/$(EVAL_LUA) $(lua_bin_$(EVAL_LUA)) tools/eval/run.lua \
	    --corpus $(NX_CORPUS) $(EVAL_ARGS)

.PHONY: eval
