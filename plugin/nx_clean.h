/* SPDX-License-Identifier: MIT */
/*
** nx_clean.h: remove what a reader never sees; find the <body>.
*/
#ifndef NX_CLEAN_H
#define NX_CLEAN_H

#include "nx.h"

NX_FUNC size_t nx_clean_tree(xmlNodePtr root);
NX_FUNC xmlNodePtr nx_find_body(xmlDocPtr doc);
/* hidden, aria-hidden or a hiding style: Readability's !isNodeVisible */
NX_FUNC int nx_is_unseen(const xmlNode *n);

#endif
