/* SPDX-License-Identifier: MIT */
/*
** nx_css.h: CSS selectors compiled to XPath 1.0, and the XPath extension
** functions (has-class, type-before, type-after) the compiled XPath calls.
*/
#ifndef NX_CSS_H
#define NX_CSS_H

#include "nx.h"

NX_FUNC int nx_class_list_has(const xmlChar *list, const xmlChar *want,
                              size_t wn);
NX_FUNC void nx_xpath_register(xmlXPathContextPtr ctx);
NX_FUNC int nx_css_to_xpath(const char *css, size_t len, nx_buf *out,
                            size_t *errcol, const char **errmsg);

#endif
