/* SPDX-License-Identifier: MIT */
/*
** nx_html.h: safe HTML, one element at a time (the allowlist), and the
** image URL and content visibility rules the block writer shares.
*/
#ifndef NX_HTML_H
#define NX_HTML_H

#include "nx.h"
#include "nx_score.h"

NX_FUNC int nx_visible(nx_tree *t, const xmlNode *n);
NX_FUNC char *nx_img_url(const xmlNode *n, const char *base);
NX_FUNC int nx_is_safe_tag(const xmlNode *n);
NX_FUNC void nx_html_escape(nx_buf *b, const char *s, int attr);
NX_FUNC void nx_html_attr(nx_buf *b, const char *name, const char *value);
NX_FUNC const char *nx_html_open(nx_buf *b, const xmlNode *n, const char *base);
NX_FUNC void nx_html_close(nx_buf *b, const xmlNode *n);
NX_FUNC void nx_html_root(nx_buf *b, xmlNodePtr root, const char *base,
                          nx_tree *vis);

#endif
