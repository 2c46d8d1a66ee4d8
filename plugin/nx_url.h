/* SPDX-License-Identifier: MIT */
/*
** nx_url.h: resolve a link or image URL against the base; refuse unsafe ones.
*/
#ifndef NX_URL_H
#define NX_URL_H

#include "nx.h"

NX_FUNC char *nx_url_resolve(const char *href, const char *base, int image);

#endif
