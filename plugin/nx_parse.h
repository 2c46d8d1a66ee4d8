/* SPDX-License-Identifier: MIT */
/*
** nx_parse.h: valid UTF-8 to a libxml2 tree with the HTML5 fix-ups.
*/
#ifndef NX_PARSE_H
#define NX_PARSE_H

#include "nx.h"

NX_FUNC int nx_prefilter(const char *s, size_t len, nx_buf *out);
NX_FUNC htmlDocPtr nx_parse_utf8(const char *s, size_t len, const char *url);
NX_FUNC htmlDocPtr nx_parse_utf8_buf(nx_buf *b, const char *url);

#endif
