/* SPDX-License-Identifier: MIT */
/*
** nx_score.h: the generic choice of the main content.  nx_tree_build gives
** every element of the <body> one nx_el record; nx_choose marks the chosen
** ones NX_EL_KEEP, which nx_blocks and the binding read.
*/
#ifndef NX_SCORE_H
#define NX_SCORE_H

#include "nx.h"

#define NX_EL_UNLIKELY   0x01u  /* class/id/role say chrome */
#define NX_EL_REMOVED    0x02u  /* dropped by conditional cleaning */
#define NX_EL_SCORED     0x04u  /* has a content score */
#define NX_EL_IN_LINK    0x08u  /* inside <a> */
#define NX_EL_DATATABLE  0x10u
#define NX_EL_KEEP       0x20u  /* part of the chosen article */
#define NX_EL_BLOCK      0x40u
#define NX_EL_SENT_KNOWN 0x80u  /* NX_EL_SENTENCE is computed */
#define NX_EL_SENTENCE   0x200u /* its text reads as a sentence */
#define NX_EL_ITEM       0x400u /* an item of a series, kept whole */

typedef struct nx_el {
    xmlNodePtr node;
    int parent;
    unsigned flags;
    int weight;               /* class/id weight, -50..50 */
    unsigned cwords, iwords;  /* NX_W_* hits of class and id */
    double score;
    /* this element's own text and tag (self_*), then subtree sums */
    size_t self_chars, self_links, self_commas, own_chars, own_commas;
    size_t chars, link_chars, commas;
    size_t self_wide, wide;   /* CJK characters (own text, subtree) */
    size_t list_chars, list_links;  /* text and link text inside lists */
    unsigned p, img, li, input, embed, heading_chars, tables;
    unsigned kids;            /* element children in the tree */
    unsigned good, linky, leaves;  /* kept leaf blocks under it (nx_drop_boxes) */
} nx_el;

typedef struct nx_tree {
    nx_el *els;
    size_t n, cap;
    int oom;
    int top;                  /* the last attempt's pick (nx_choose) */
} nx_tree;

NX_FUNC void nx_tree_free(nx_tree *t);
NX_FUNC nx_el *nx_el_of(nx_tree *t, const xmlNode *n);
NX_FUNC int nx_tree_build(nx_tree *t, xmlNodePtr body);
NX_FUNC int nx_is_data_table(const xmlNode *table);
NX_FUNC void nx_choose(nx_tree *t, int favor);
NX_FUNC void nx_choose_grid(nx_tree *t);
NX_FUNC void nx_choose_product(nx_tree *t);
NX_FUNC void nx_choose_posts(nx_tree *t);
NX_FUNC void nx_choose_service(nx_tree *t);
NX_FUNC int nx_prune(nx_tree *t, xmlNodePtr *roots, size_t n);

#endif
