/* SPDX-License-Identifier: MIT */
/*
** nx_html.h: the sanitised HTML of the chosen content.
*/
#ifndef NX_HTML_H
#define NX_HTML_H

#include "nx.h"
#include "nx_blocks.h"

NX_FUNC void nx_html_root(nx_buf *b, xmlNodePtr root, const char *base,
                          nx_emit *vis);

#endif
