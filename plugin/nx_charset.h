/* SPDX-License-Identifier: MIT */
/*
** nx_charset.h: bytes of any charset to valid UTF-8 (nx_decode), and the
** WHATWG label table.  Knows nothing of the tree.
*/
#ifndef NX_CHARSET_H
#define NX_CHARSET_H

#include "nx.h"

typedef struct nx_charset_info {
    const char *name;    /* WHATWG canonical name (static string) */
    const char *source;  /* "bom" "override" "http" "meta" "sniff" "default" */
    size_t replaced;     /* U+FFFD substitutions for undecodable input */
} nx_charset_info;

NX_FUNC const char *nx_charset_lookup(const char *label, size_t len);
NX_UNUSED NX_FUNC const char *nx_charset_from_content_type(const char *ct, size_t len);
NX_UNUSED NX_FUNC const char *nx_charset_prescan(const char *s, size_t len);
NX_FUNC int nx_decode(const char *in, size_t len, const char *content_type,
                      const char *override, nx_buf *out, nx_charset_info *info);
NX_FUNC int nx_decode_view(const char *in, size_t len, const char *content_type,
                           const char *override, nx_buf *out,
                           nx_charset_info *info, const char **view,
                           size_t *view_len);

#endif
