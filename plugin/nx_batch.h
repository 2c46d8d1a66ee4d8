/* SPDX-License-Identifier: MIT */
/*
** nx_batch.h: core.batch, what the batch CLI needs from C (gzip member
** streams, worker processes).  Binding code like nx_core.c: it speaks Lua.
*/
#ifndef NX_BATCH_H
#define NX_BATCH_H

#include "nx.h"
#include "compat.h"

/* Sets core.batch on the table at the top of the stack. */
NX_FUNC void nx_batch_open(lua_State *L);

#endif
