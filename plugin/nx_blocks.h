/* SPDX-License-Identifier: MIT */
/*
** nx_blocks.h: the chosen content as one ordered list of typed blocks
** (paragraph, heading, list item, quote, table, figure, preformatted),
** each with its text, its Markdown and its sanitised HTML.
*/
#ifndef NX_BLOCKS_H
#define NX_BLOCKS_H

#include "nx.h"
#include "nx_text.h"
#include "nx_score.h"
#include "nx_html.h"

typedef struct nx_block {
    const char *kind;         /* static: "p", "h2", "li", "quote", ... */
    size_t text, text_len;    /* in nx_blocks.text */
    size_t md, md_len;        /* in nx_blocks.md */
    size_t html, html_len;    /* in nx_blocks.html */
    int level;                /* heading level or list depth */
    int ordered;              /* li: its list is an <ol> */
    size_t words;             /* see nx_count_words */
    size_t img, nimg;         /* figure: its images, nx_blocks.img[img..] */
    int plain;                /* a plain paragraph: md and html not written */
} nx_block;

typedef struct nx_image {
    size_t src, src_len, alt, alt_len;   /* in nx_blocks.aux */
    size_t block;                        /* index of the block it is in */
} nx_image;

typedef struct nx_blocks {
    nx_block *v;
    size_t n, cap;
    nx_image *img;
    size_t nimg, capimg;
    nx_buf text, md, html, aux;
    int oom;
} nx_blocks;

#define NX_MARKS 32

typedef struct nx_emit {
    nx_blocks *out;
    nx_tree *t;                 /* NULL: every element is content */
    const char *base;           /* URL base, may be NULL */
    nx_ws text, md, html;
    int open;                   /* a block is in progress */
    const char *kind;
    int level, ordered;
    int brs;                    /* <br> seen in a row */
    int md_text;                /* text written to the block's Markdown */
    size_t marks[NX_MARKS];     /* md position after each open inline mark */
    unsigned char mlen[NX_MARKS];  /* and its length */
    int nmarks;
    const xmlNode *tags[NX_MARKS];  /* inline HTML elements open in the block */
    int ntags;
    const xmlNode *fig;         /* the caption element being read, or NULL */
    size_t fig_img;             /* its first image in out->img */
    const xmlNode *last_fig;    /* the <figure> of the last figure block */
    size_t t0, m0, h0;          /* where the block in progress starts */
    int plain_ok;               /* the caller renders plain paragraphs */
    int lazy;                   /* a "p" with text only so far: its md and
                                ** html are not written (nx_emit_unlazy) */
} nx_emit;

NX_FUNC void nx_blocks_init(nx_blocks *b);
NX_FUNC void nx_blocks_free(nx_blocks *b);
NX_FUNC void nx_blocks_fit(nx_blocks *b);
NX_FUNC int nx_blocks_failed(const nx_blocks *b);
NX_FUNC size_t nx_count_words(const char *s, size_t n);
NX_FUNC void nx_unwrap_noscript_images(xmlNodePtr body);
/* A schema.org ImageObject placeholder with no <img> gets one (its itemid). */
NX_FUNC void nx_microdata_images(xmlNodePtr body);
NX_FUNC void nx_emit_root(nx_emit *e, xmlNodePtr root);
NX_FUNC void nx_emit_init(nx_emit *e, nx_blocks *out, nx_tree *t,
                          const char *base);

#endif
