/* SPDX-License-Identifier: MIT */
/*
** nx.h: what every concern of newsextract.core shares.
**
** The module is built as one translation unit (nx_core.c includes each
** concern's .c file), so every function can be `static` and the only
** exported symbol is luaopen_newsextract_core.  A cmocka test includes the
** .c files it exercises the same way and can reach their static functions.
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

#define NX_OK      0
#define NX_ENOMEM (-1)
#define NX_EINPUT (-2)

#include "nx_buf.h"

/*
** The node after `n`'s subtree in document order, inside `root`, or NULL
** past its end.  Every walk of the tree is a loop over this and
** `n->children`: no recursion, no stack, since an untrusted page can nest
** elements a hundred thousand deep.
*/
static inline xmlNodePtr nx_next_after(xmlNodePtr n, xmlNodePtr root)
{
    while (n != NULL && n != root && n->next == NULL)
        n = n->parent;
    return (n == NULL || n == root) ? NULL : n->next;
}

#endif
