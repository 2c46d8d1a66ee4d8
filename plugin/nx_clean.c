/* SPDX-License-Identifier: MIT */
/*
** nx_clean.c: remove what a reader never sees from the <body>.
**
** Runs once per document, after metadata was read (JSON-LD lives in
** <script> elements) and before any block is built.  The <head> is left
** alone so that site rules can still read its <meta> elements.
*/
#include "nx_clean.h"
#include "nx_text.h"

/* `prop: value` (value in lower case) somewhere in a style attribute.  A
** scan, not a CSS parser: it only has to be right on what pages write. */
static int nx_style_is(const char *style, const char *prop, const char *value)
{
    const char *p;
    size_t len = strlen(prop);
    for (p = style; (p = nx_strcasestr(p, prop)) != NULL; p += len) {
        const char *q = p + len;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q != ':')
            continue;
        q++;
        while (*q == ' ' || *q == '\t')
            q++;
        if (nx_starts_ci(q, value))
            return 1;
    }
    return 0;
}

static int nx_style_hidden(const char *style)
{
    return nx_style_is(style, "display", "none") ||
           nx_style_is(style, "visibility", "hidden");
}

static int nx_is_hidden(const xmlNode *n)
{
    const char *v;
    if (nx_attr(n, "hidden") != NULL)
        return 1;
    v = nx_attr(n, "aria-hidden");
    if (v != NULL && strcmp(v, "true") == 0) {
        /* Readability's exception: lazy image fallbacks are aria-hidden. */
        const char *cls = nx_attr(n, "class");
        if (cls == NULL || strstr(cls, "fallback-image") == NULL)
            return 1;
    }
    /* a modal dialog (cookie walls, sign-up prompts), as Readability
    ** drops them */
    v = nx_attr(n, "aria-modal");
    if (v != NULL && strcmp(v, "true") == 0 &&
        (v = nx_attr(n, "role")) != NULL && strcmp(v, "dialog") == 0)
        return 1;
    v = nx_attr(n, "style");
    return v != NULL && nx_style_hidden(v);
}

/* Remove junk, hidden elements and comments under `root`.  Iterative; a
** removed node's successor is computed before it is freed. */
NX_FUNC size_t nx_clean_tree(xmlNodePtr root)
{
    xmlNodePtr n = root->children, next;
    size_t removed = 0;
    while (n != NULL) {
        int drop = 0;
        if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
            drop = 1;
        else if (n->type == XML_ELEMENT_NODE)
            /* JUNK (nx_tags.h): removed with content; <form> is not */
            drop = (nx_tag_flags(n) & NX_T_JUNK) || nx_is_hidden(n);
        if (!drop && n->type == XML_ELEMENT_NODE && n->children != NULL) {
            n = n->children;
            continue;
        }
        /* successor in document order, skipping n's subtree */
        next = nx_next_after(n, root);
        if (drop) {
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            removed++;
        }
        n = next;
    }
    return removed;
}

NX_FUNC xmlNodePtr nx_find_body(xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), c;
    if (root == NULL)
        return NULL;
    for (c = root->children; c != NULL; c = c->next)
        if (nx_is_tag(c, "body"))
            return c;
    return root;
}
