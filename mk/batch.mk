# ---- batch (docs/BATCH.md) ------------------------------------------------
# core.batch (plugin/nx_batch.c) reads gzip members with zlib.
ZLIB_LIBS := $(shell $(PKG_CONFIG) --libs zlib 2>/dev/null || echo -lz)
XML_LIBS += $(ZLIB_LIBS)
