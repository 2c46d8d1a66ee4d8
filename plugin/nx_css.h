/* SPDX-License-Identifier: MIT */
/*
** nx_css.h: CSS selectors compiled to XPath 1.0, and the XPath extension
** functions (has-class, type-before, type-after) the compiled XPath calls.
*/
#ifndef NX_CSS_H
#define NX_CSS_H

#include "nx.h"

/* Limits on one selector (a longer one is an error, not a slow query);
** each may be overridden at build time with -D. */
#if !defined(NX_CSS_MAX_DEPTH)
#define NX_CSS_MAX_DEPTH 32     /* :not() nesting */
#endif
#if !defined(NX_CSS_MAX_PARTS)
#define NX_CSS_MAX_PARTS 512    /* simple selectors, combinators, list items */
#endif
#if !defined(NX_CSS_MAX_NTH)
#define NX_CSS_MAX_NTH 1000000000L  /* |a| and |b| in :nth-*(an+b) */
#endif

NX_FUNC int nx_class_list_has(const xmlChar *list, const xmlChar *want,
                              size_t wn);
NX_FUNC void nx_xpath_register(xmlXPathContextPtr ctx);
NX_FUNC int nx_css_to_xpath(const char *css, size_t len, nx_buf *out,
                            size_t *errcol, const char **errmsg);

#endif
