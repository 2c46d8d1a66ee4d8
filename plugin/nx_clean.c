/* SPDX-License-Identifier: MIT */
/*
** nx_clean.c: remove what a reader never sees from the <body>.
**
** Runs once per document, after metadata was read (JSON-LD lives in
** <script> elements) and before any block is built.  The <head> is left
** alone so that site rules can still read its <meta> elements.
*/
#include "nx.h"

/* Does `s` start with `word`, ignoring ASCII case? */
static int nx_starts_ci(const char *s, const char *word)
{
    for (; *word; s++, word++) {
        int a = (unsigned char)*s, b = (unsigned char)*word;
        if (a >= 'A' && a <= 'Z')
            a += 32;
        if (a != b)
            return 0;
    }
    return 1;
}

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

/* Visible text under `root` in bytes, white space left out: the content
** of junk elements (scripts, styles) does not count, that of a nested
** <noscript> does.  Iterative. */
static size_t nx_visible_bytes(xmlNodePtr root, int stop_at_noscript)
{
    xmlNodePtr n = root->children;
    size_t count = 0;
    while (n != NULL) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE && n->content != NULL) {
            const unsigned char *c = n->content;
            for (; *c; c++)
                count += !(*c == ' ' || *c == '\n' || *c == '\t' || *c == '\r');
        } else if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            descend = nx_is_tag(n, "noscript") ? !stop_at_noscript
                                               : !(nx_tag_flags(n) & NX_T_JUNK);
        }
        if (descend) {
            n = n->children;
            continue;
        }
        while (n != NULL && n != root && n->next == NULL)
            n = n->parent;
        if (n == NULL || n == root)
            break;
        n = n->next;
    }
    return count;
}

/*
** Pages that render with a script often send a copy of the text for
** readers without one in <noscript> (forum software does this for every
** thread).  When such a copy holds more text than everything outside
** <noscript> elements, it is the page: those <noscript> elements become
** <div> elements and stay, the others go with the junk.
*/
static void nx_keep_noscript_copy(xmlNodePtr root)
{
    size_t outside = nx_visible_bytes(root, 1), max = 0, len;
    xmlNodePtr n = root->children;
    int pass;
    for (pass = 0; pass < 2; pass++) {
        for (n = root->children; n != NULL;) {
            int descend = 0;
            if (nx_is_tag(n, "noscript")) {
                len = nx_visible_bytes(n, 0);
                if (pass == 0 && len > max)
                    max = len;
                else if (pass == 1 && len >= 500 && len > outside)
                    xmlNodeSetName(n, (const xmlChar *)"div");
            } else if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
                descend = !(nx_tag_flags(n) & NX_T_JUNK);
            }
            if (descend) {
                n = n->children;
                continue;
            }
            while (n != NULL && n != root && n->next == NULL)
                n = n->parent;
            if (n == NULL || n == root)
                break;
            n = n->next;
        }
        if (max < 500 || max <= outside)
            return;
    }
}

/* Remove junk, hidden elements and comments under `root`.  Iterative; a
** removed node's successor is computed before it is freed. */
static size_t nx_clean_tree(xmlNodePtr root)
{
    xmlNodePtr n, next;
    size_t removed = 0;
    nx_keep_noscript_copy(root);
    n = root->children;
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
        next = n;
        while (next != NULL && next != root && next->next == NULL)
            next = next->parent;
        next = (next == NULL || next == root) ? NULL : next->next;
        if (drop) {
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            removed++;
        }
        n = next;
    }
    return removed;
}

static xmlNodePtr nx_find_body(xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), c;
    if (root == NULL)
        return NULL;
    for (c = root->children; c != NULL; c = c->next)
        if (nx_is_tag(c, "body"))
            return c;
    return root;
}
