/* SPDX-License-Identifier: MIT */
/*
** nx_meta.h: the metadata a page declares, gathered in one walk as
** nx_meta_item records pointing into the tree.
*/
#ifndef NX_META_H
#define NX_META_H

#include "nx.h"

typedef enum nx_meta_kind {
    NX_M_TITLE, NX_M_LANG, NX_M_BASE, NX_M_CANONICAL, NX_M_META,
    NX_M_JSONLD, NX_M_TIME, NX_M_ITEMPROP, NX_M_BYLINE, NX_M_H1,
    NX_M_REL_AUTHOR, NX_M_H2, NX_M_READ_TIME
} nx_meta_kind;

typedef struct nx_meta_item {
    nx_meta_kind kind;
    const char *key;        /* meta key (not lower-cased yet), itemprop name */
    const char *value;      /* attribute value, or NULL: take node's text */
    xmlNodePtr node;
} nx_meta_item;

typedef struct nx_meta {
    nx_meta_item *v;
    size_t n, cap;
    int oom;
} nx_meta;

NX_FUNC void nx_meta_collect(nx_meta *m, xmlDocPtr doc);
NX_FUNC void nx_raw_text(xmlNodePtr n, nx_buf *b);

#endif
