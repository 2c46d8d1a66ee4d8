/* SPDX-License-Identifier: MIT */
/*
** nx_text.h: element classes (nx_tags.h) and whitespace-collapsed text,
** the questions every later stage asks of an element.
*/
#ifndef NX_TEXT_H
#define NX_TEXT_H

#include "nx.h"
#include "nx_tags.h"

/*
** Whitespace-collapsing appender.  `space` remembers a pending separator so
** that runs of white space, and white space at the start, never reach the
** buffer; NBSP (U+00A0) counts as white space, as readers expect.
*/
typedef struct nx_ws {
    nx_buf *b;
    size_t base;      /* where this writer's text starts in b */
    int space;
    size_t chars;     /* code points written: a length that works for CJK */
} nx_ws;

NX_FUNC int nx_tag_in(const xmlNode *n, const char *const *list);
NX_FUNC unsigned nx_tag_flags(const xmlNode *n);
NX_FUNC int nx_is_skip(const xmlNode *n);
NX_FUNC int nx_is_block(const xmlNode *n);
NX_FUNC int nx_is_tag(const xmlNode *n, const char *name);
NX_FUNC int nx_is_landmark(const xmlNode *n);
NX_FUNC int nx_heading_level(const xmlNode *n);
NX_FUNC void nx_ws_init(nx_ws *w, nx_buf *b);
NX_FUNC void nx_ws_restart(nx_ws *w);
NX_FUNC void nx_ws_sep(nx_ws *w);
NX_FUNC void nx_ws_add(nx_ws *w, const char *s, size_t n);
NX_FUNC void nx_node_text(xmlNodePtr root, nx_ws *w);
NX_FUNC const char *nx_attr(const xmlNode *n, const char *name);
NX_FUNC const char *nx_strcasestr(const char *hay, const char *needle);
/* NX_W_* bits (nx_words.h) of the word lists a class or id string hits */
NX_FUNC unsigned nx_word_bits(const char *s);
/* The length nx_node_text would give `root`'s text, in code points,
** counted without writing it: at most `cap` (the count stops there); a
** subtree of more than `max_visits` nodes counts as `cap`. */
NX_FUNC size_t nx_text_chars(xmlNodePtr root, size_t cap, size_t max_visits);

#endif
