/* SPDX-License-Identifier: MIT */
/*
** nx_blocks.h: the chosen content as blocks (paragraph, heading, list
** item, quote, caption, table, image), each with its text and Markdown.
*/
#ifndef NX_BLOCKS_H
#define NX_BLOCKS_H

#include "nx.h"
#include "nx_text.h"
#include "nx_score.h"

typedef struct nx_block {
    const char *kind;         /* static: "p", "h2", "li", "quote", ... */
    size_t text, text_len;    /* in nx_blocks.text */
    size_t md, md_len;        /* in nx_blocks.md */
    int level;                /* heading level or list depth */
    size_t words;             /* see nx_count_words */
} nx_block;

typedef struct nx_image {
    size_t src, src_len, alt, alt_len;   /* in nx_blocks.aux */
} nx_image;

typedef struct nx_blocks {
    nx_block *v;
    size_t n, cap;
    nx_image *img;
    size_t nimg, capimg;
    nx_buf text, md, aux;
    int oom;
} nx_blocks;

#define NX_MARKS 32

typedef struct nx_emit {
    nx_blocks *out;
    nx_tree *t;                 /* NULL: every element is content */
    const char *base;           /* URL base, may be NULL */
    nx_ws text, md;
    int open;                   /* a block is in progress */
    const char *kind;
    int level;
    int brs;                    /* <br> seen in a row */
    size_t marks[NX_MARKS];     /* md position after each open inline mark */
    int nmarks;
} nx_emit;

NX_FUNC void nx_blocks_init(nx_blocks *b);
NX_FUNC void nx_blocks_free(nx_blocks *b);
NX_FUNC int nx_blocks_failed(const nx_blocks *b);
NX_FUNC int nx_emit_visible(nx_emit *e, const xmlNode *n);
NX_FUNC const char *nx_img_src(const xmlNode *n);
NX_FUNC void nx_emit_root(nx_emit *e, xmlNodePtr root);
NX_FUNC void nx_emit_init(nx_emit *e, nx_blocks *out, nx_tree *t,
                          const char *base);

#endif
