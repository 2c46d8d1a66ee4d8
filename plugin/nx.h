/* SPDX-License-Identifier: MIT */
/*
** nx.h: what every concern of newsextract.core shares.
**
** Each concern is a file nx_X.c with its header nx_X.h, which declares
** what the other concerns may call (with NX_FUNC) and includes the headers
** of what it uses, so every nx_X.c compiles on its own (`make lint` proves
** it) and its dependencies are written down.  The module itself is built
** the way Lua's onelua.c builds Lua: nx_core.c defines NX_FUNC as `static`
** and #includes every concern's .c file, so the whole module is one
** translation unit and luaopen_newsextract_core its only exported symbol.
** Compiled alone (the lint step, the C unit tests' library), NX_FUNC is
** `extern` with hidden visibility.
**
** Nothing here knows about Lua: only nx_core.c includes lua.h.  That keeps
** the rule "no Lua error while holding libxml2 memory" easy to check: every
** concern returns an error code and frees what it owns; the binding decides
** when to raise.
*/
#ifndef NX_H
#define NX_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/uri.h>

#define NX_VERSION "0.1.0"

/* Hard limits.  Each may be overridden at build time with -D. */
#if !defined(NX_MAX_INPUT)
#define NX_MAX_INPUT ((size_t)256 << 20)   /* bytes accepted by parse */
#endif

#if defined(__GNUC__)
#define NX_UNUSED __attribute__((unused))
#else
#define NX_UNUSED
#endif

/* An internal function shared between concerns (declared in its header). */
#if !defined(NX_FUNC)
#if defined(__GNUC__)
#define NX_FUNC extern __attribute__((visibility("hidden")))
#else
#define NX_FUNC extern
#endif
#endif

#define NX_OK      0
#define NX_ENOMEM (-1)
#define NX_EINPUT (-2)

#include "nx_buf.h"
#include "nx_util.h"

#endif
