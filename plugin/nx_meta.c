/* SPDX-License-Identifier: MIT */
/*
** nx_meta.c: the metadata a page declares, gathered in one walk.
**
** C only gathers; lua/newsextract/meta.lua decides which source wins.
** The walk runs before cleaning, because JSON-LD lives in <script>.
** Values are collected into nx_meta_item records pointing into the tree
** (which the Document owns), so the binding can push them afterwards.
*/
#include "nx_meta.h"
#include "nx_text.h"
#include "nx_words.h"


static void nx_meta_add(nx_meta *m, nx_meta_kind kind, const char *key,
                        const char *value, xmlNodePtr node)
{
    nx_meta_item *it;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        nx_meta_item *v = (nx_meta_item *)realloc(m->v, cap * sizeof *v);
        if (v == NULL) {
            m->oom = 1;
            return;
        }
        m->v = v;
        m->cap = cap;
    }
    it = &m->v[m->n++];
    it->kind = kind;
    it->key = key;
    it->value = value;
    it->node = node;
}

/* class/id words that mark a byline (Readability's list, NX_W_BYLINE). */
static int nx_meta_byline_words(const xmlNode *n)
{
    return ((nx_word_bits(nx_attr(n, "class")) | nx_word_bits(nx_attr(n, "id"))) &
            NX_W_BYLINE) != 0;
}

static int nx_meta_has_block_child(const xmlNode *n)
{
    const xmlNode *c;
    for (c = n->children; c != NULL; c = c->next)
        if (nx_is_block(c))
            return 1;
    return 0;
}

static void nx_meta_element(nx_meta *m, xmlNodePtr n)
{
    const char *name = (const char *)n->name, *v, *ip;
    ip = nx_attr(n, "itemprop");
    if (strcmp(name, "meta") == 0) {
        const char *content = nx_attr(n, "content");
        if (content == NULL)
            content = nx_attr(n, "value");   /* some normalisers write this */
        if (content == NULL)
            return;
        if ((v = nx_attr(n, "property")) != NULL)
            nx_meta_add(m, NX_M_META, v, content, n);
        if ((v = nx_attr(n, "name")) != NULL)
            nx_meta_add(m, NX_M_META, v, content, n);
        if ((v = nx_attr(n, "http-equiv")) != NULL)
            nx_meta_add(m, NX_M_META, v, content, n);
        if (ip != NULL)
            nx_meta_add(m, NX_M_ITEMPROP, ip, content, n);
        return;
    }
    if (strcmp(name, "title") == 0) {
        nx_meta_add(m, NX_M_TITLE, NULL, NULL, n);
    } else if (strcmp(name, "html") == 0) {
        if ((v = nx_attr(n, "lang")) != NULL ||
            (v = nx_attr(n, "xml:lang")) != NULL)
            nx_meta_add(m, NX_M_LANG, NULL, v, n);
    } else if (strcmp(name, "base") == 0) {
        if ((v = nx_attr(n, "href")) != NULL)
            nx_meta_add(m, NX_M_BASE, NULL, v, n);
    } else if (strcmp(name, "link") == 0) {
        const char *rel = nx_attr(n, "rel"), *href = nx_attr(n, "href");
        if (rel != NULL && href != NULL) {
            if (nx_strcasestr(rel, "canonical"))
                nx_meta_add(m, NX_M_CANONICAL, NULL, href, n);
        }
    } else if (strcmp(name, "script") == 0) {
        v = nx_attr(n, "type");
        if (v != NULL && nx_strcasestr(v, "ld+json"))
            nx_meta_add(m, NX_M_JSONLD, NULL, NULL, n);
        return;
    } else if (strcmp(name, "time") == 0) {
        nx_meta_add(m, NX_M_TIME, ip, nx_attr(n, "datetime"), n);
    } else if (strcmp(name, "h1") == 0) {
        nx_meta_add(m, NX_M_H1, NULL, NULL, n);
    } else if (strcmp(name, "h2") == 0) {
        nx_meta_add(m, NX_M_H2, NULL, NULL, n);
    } else if (strcmp(name, "a") == 0) {
        const char *rel = nx_attr(n, "rel");
        if (rel != NULL && nx_strcasestr(rel, "author"))
            nx_meta_add(m, NX_M_REL_AUTHOR, NULL, NULL, n);
    }
    if (ip != NULL) {
        const char *val = nx_attr(n, "content");
        if (val == NULL)
            val = nx_attr(n, "datetime");
        if (val == NULL && (strcmp(name, "link") == 0 ||
                            strcmp(name, "a") == 0))
            val = nx_attr(n, "href");
        if (val == NULL && strcmp(name, "img") == 0)
            val = nx_attr(n, "src");
        /* a value is short; a container (itemprop="articleBody") is the
        ** article itself, and its text is not metadata */
        if (val != NULL || !nx_meta_has_block_child(n))
            nx_meta_add(m, NX_M_ITEMPROP, ip, val, n);
    }
    /* a printed reading time ("2 Min Read"): class says read + time */
    if ((v = nx_attr(n, "class")) != NULL && nx_strcasestr(v, "read") &&
        nx_strcasestr(v, "time"))
        nx_meta_add(m, NX_M_READ_TIME, NULL, NULL, n);
    if (nx_meta_byline_words(n) && strcmp(name, "body") != 0 &&
        strcmp(name, "html") != 0)
        nx_meta_add(m, NX_M_BYLINE, NULL, NULL, n);
}

/* Walk the whole document; iterative. */
NX_FUNC void nx_meta_collect(nx_meta *m, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), n = root;
    while (n != NULL) {
        if (n->type == XML_ELEMENT_NODE && n->name != NULL)
            nx_meta_element(m, n);
        if (n->type == XML_ELEMENT_NODE && n->children != NULL &&
            !nx_is_tag(n, "script") && !nx_is_tag(n, "style") &&
            !nx_is_tag(n, "title")) {
            n = n->children;
            continue;
        }
        n = nx_next_after(n, root);
    }
}

/* Raw text of a <script> (JSON-LD is not HTML: no collapsing). */
NX_FUNC void nx_raw_text(xmlNodePtr n, nx_buf *b)
{
    xmlNodePtr c;
    for (c = n->children; c != NULL; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content)
            nx_buf_adds(b, (const char *)c->content);
}
