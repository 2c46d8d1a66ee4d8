# ---- eval ---------------------------------------------------------------
# eval: score generic extraction (rules off) on $(NX_CORPUS): the 130
# Readability test pages and the 8 Reuters pages, under each favor setting;
# see docs/EVAL.md.  EVAL_ARGS passes options (--set, --favor, --worst, --page).
EVAL_LUA = $(firstword $(LUAS))
eval: all
	NX_BUILD=$(BUILD)/$(EVAL_LUA) $(lua_bin_$(EVAL_LUA)) bin/newsextract eval \
	    --corpus $(NX_CORPUS) $(EVAL_ARGS)

.PHONY: eval
