/* SPDX-License-Identifier: MIT */
/*
** nx_url.h: resolve a link or image URL against the base; refuse unsafe ones.
*/
#ifndef NX_URL_H
#define NX_URL_H

#include "nx.h"

NX_FUNC char *nx_url_resolve(const char *href, const char *base, int image);
/* Does `u` start with a scheme (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" /
** "-" / "." ) ":")?  0 for NULL. */
NX_FUNC int nx_url_is_absolute(const char *u);

#endif
