/* SPDX-License-Identifier: MIT */
/*
** nx_apply.h: doc:apply, a compiled rule applied in one call.  Binding code
** like nx_core.c: it speaks Lua, and it holds no libxml2 memory of its own
** (the document's primitives, passed in, do the tree work).
*/
#ifndef NX_APPLY_H
#define NX_APPLY_H

#include "nx.h"
#include "compat.h"

/* The document's primitives doc:apply runs: doc:select, doc:strip,
** doc:content and doc:resolve (nx_core.c's methods). */
typedef struct nx_apply_ops {
    lua_CFunction select, strip, content, resolve;
} nx_apply_ops;

/* doc:apply(spec [, between]) -> strip_errors, content, err, urls; with the document at index 1. */
NX_FUNC int nx_apply_run(lua_State *L, const nx_apply_ops *ops);

#endif
