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
    NX_M_REL_AUTHOR, NX_M_H2, NX_M_READ_TIME,
    /* printed-date and printed-name candidates (meta.lua reads them):
    ** date-like elements, links to author pages, and the text nodes
    ** around the first <h1> */
    NX_M_DATE_EL, NX_M_AUTHOR_LINK, NX_M_H1_BEFORE, NX_M_H1_AFTER,
    NX_M_DATED_TEXT,        /* short text nodes shaped like a date */
    NX_M_SCRIPT_DATE,       /* "datePublished": "..." in a JSON script */
    NX_M_ITEMTYPE           /* microdata's itemtype URLs (page type) */
} nx_meta_kind;

/* How many candidates of each kind the walk keeps: meta.lua reads no more
** (the first 60 date-like elements; 10 text nodes before the headline and
** 60 after it, as its old XPath did), so the walk can stop collecting. */
#define NX_META_DATE_MAX        60
#define NX_META_AUTHOR_LINK_MAX 20
#define NX_META_H1_BEFORE_MAX   10
#define NX_META_H1_AFTER_MAX    60
/* The last resort for a page that marks no date: the first text nodes,
** anywhere outside footers, comments and side boxes, that hold a date's
** shape (a year 1991-2039, or 7.12.17, 12/07/2017), shorter than this. */
#define NX_META_DATED_TEXT_MAX  40
#define NX_META_DATED_TEXT_LEN  160
#define NX_META_NEAR_HEAD       5
#define NX_META_DATED_PIECE     16   /* a dated text this short: its parent's */
/* A date-like element holds a short text: one of this many characters or
** more is a container.  Measuring stops there, or after this many nodes,
** so nested containers cost no more than their first bytes. */
#define NX_META_DATE_CHARS      200
#define NX_META_DATE_VISITS     4096
/* ... and after this many such containers the page's date-like elements
** are not measured any more: a page of nested date-classed containers
** would otherwise cost NX_META_DATE_VISITS per element. */
#define NX_META_DATE_LONG_MAX   256

/* nx_meta_item.flags */
#define NX_MF_INSIDE 1u     /* in a footer, a comment thread or a widget
                            ** (where the headline is in none) */
#define NX_MF_COMMENT 2u    /* a byline candidate in a comment thread */
#define NX_MF_WIDGET 4u     /* in a widget (class/id), during the walk */
#define NX_MF_CHROME 16u    /* a text before the <h1> in a header, nav,
                            ** aside or footer outside an <article>,
                            ** during the walk */
#define NX_MF_NEAR 8u       /* a dated text within NX_META_NEAR_HEAD texts
                            ** of a heading (h1-h3) outside nav and boxes */

/* Elements counted by name for the page-type signals (doc:metadata's
** `tags`), in this order. */
#define NX_META_COUNTED { "a", "img", "pre", "code", "article", "button", \
    "form", "input", "select", "nav", "aside", "table", "li", "p", "h2", \
    "h3", "h4", "dt", "figure", "section" }
#define NX_META_NCOUNTED 20

/* Cues for the page type (doc:metadata's `cues`), counted in the same
** walk, in this order: the printed text's bytes (all of it, inside links,
** inside nav/header/footer/aside); short text nodes that are a price
** (a currency sign or code by a number), or begin with a phrase of one of
** the vocabularies in nx_meta.c (buying, a post's controls and its
** author's line, a manual's navigation, a list's "read more", a service's
** call to action, a list's sorting and filters).  (Class words -- price,
** cart, thread, avatar, toc, card... -- were tried: scored on the sites
** they were not fitted on, they lost pages; sites name classes freely.) */
#define NX_META_CUES { "text", "link_text", "nav_text", "price", "buy", \
    "post", "doc", "more", "cta", "sort" }
typedef enum nx_meta_cue {
    NX_C_TEXT, NX_C_LINK_TEXT, NX_C_NAV_TEXT, NX_C_PRICE, NX_C_BUY,
    NX_C_POST, NX_C_DOC, NX_C_MORE, NX_C_CTA, NX_C_SORT, NX_META_NCUES
} nx_meta_cue;

typedef struct nx_meta_item {
    nx_meta_kind kind;
    const char *key;        /* meta key (not lower-cased yet), itemprop name */
    const char *value;      /* attribute value, or NULL: take node's text */
    xmlNodePtr node;
    unsigned flags;         /* NX_MF_* */
} nx_meta_item;

typedef struct nx_meta {
    nx_meta_item *v;
    size_t n, cap;
    int oom;
    size_t counted[NX_META_NCOUNTED];   /* NX_META_COUNTED elements */
    size_t cues[NX_META_NCUES];         /* NX_META_CUES */
} nx_meta;

NX_FUNC void nx_meta_collect(nx_meta *m, xmlDocPtr doc);
NX_FUNC void nx_raw_text(xmlNodePtr n, nx_buf *b);
NX_FUNC int nx_meta_price(const char *t, size_t len);

#endif
