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
        while (nx_is_html_space((unsigned char)*q))
            q++;
        if (*q != ':')
            continue;
        q++;
        while (nx_is_html_space((unsigned char)*q))
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

/* Readability's isNodeVisible, negated: the hidden attribute,
** aria-hidden="true" (but lazy image fallbacks), or a style that hides.
** The readerable check (nx_readerable.c) asks the same question. */
NX_FUNC int nx_is_unseen(const xmlNode *n)
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
    v = nx_attr(n, "style");
    return v != NULL && nx_style_hidden(v);
}

static int nx_is_hidden(const xmlNode *n)
{
    const char *v;
    if (nx_is_unseen(n))
        return 1;
    /* a modal dialog (cookie walls, sign-up prompts), as Readability
    ** drops them */
    v = nx_attr(n, "aria-modal");
    return v != NULL && strcmp(v, "true") == 0 &&
           (v = nx_attr(n, "role")) != NULL && strcmp(v, "dialog") == 0;
}

/* A copy of the text kept out of sight until a script shows it: a
** <noscript>, an element with the `hidden` attribute, or one whose style
** hides it (a page sent whole in a display:none wrapper). */
static int nx_is_held_copy(const xmlNode *n)
{
    const char *style;
    if (nx_is_tag(n, "noscript"))
        return 1;
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (nx_attr(n, "hidden") != NULL)
        return 1;
    style = nx_attr(n, "style");
    return style != NULL && nx_style_hidden(style);
}

/* Visible text under `root` in bytes, white space left out, counting at
** most `budget` nodes: the content of junk elements (scripts, styles)
** does not count; with `skip_held`, neither does that of held copies;
** without, neither does loose text right under `root` (a <noscript> that
** holds its markup escaped, as text, holds no page). */
static size_t nx_visible_bytes(xmlNodePtr root, int skip_held, size_t budget)
{
    xmlNodePtr n = root->children;
    size_t count = 0;
    while (n != NULL && budget-- > 0) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE && n->content != NULL &&
            (skip_held || n->parent != root)) {
            const unsigned char *c = n->content;
            for (; *c; c++)
                count += !(*c == ' ' || *c == '\n' || *c == '\t' || *c == '\r');
        } else if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            descend = nx_is_tag(n, "noscript") ||
                      !(nx_tag_flags(n) & NX_T_JUNK);
            if (skip_held && nx_is_held_copy(n))
                descend = 0;
        }
        if (descend) {
            n = n->children;
            continue;
        }
        if ((n = nx_next_after(n, root)) == NULL)
            break;
    }
    return count;
}

/*
** Pages that render with a script often send the text where a reader
** does not see it until the script runs: a copy for readers without
** scripts in <noscript> (forum software does this for every thread), or
** server-rendered chunks in `hidden` elements that a script moves into
** place (streamed rendering), or the page or its product details inside
** a display:none wrapper that a script reveals.  When such copies together hold more text
** than everything outside them, they are the page: they are shown (a
** <noscript> becomes a <div>) and stay; the others go with the junk.
** Two walks; copies are not searched inside copies.
*/
static void nx_show_held_copies(xmlNodePtr root)
{
    size_t outside = nx_visible_bytes(root, 1, (size_t)-1), held = 0, len;
    xmlNodePtr n;
    int pass;
    for (pass = 0; pass < 2; pass++) {
        for (n = root->children; n != NULL;) {
            int descend = 0;
            if (nx_is_held_copy(n)) {
                len = nx_visible_bytes(n, 0, (size_t)-1);
                if (pass == 0) {
                    held += len;
                } else if (len >= 100) {
                    if (nx_is_tag(n, "noscript"))
                        xmlNodeSetName(n, (const xmlChar *)"div");
                    xmlUnsetProp(n, (const xmlChar *)"hidden");
                    xmlUnsetProp(n, (const xmlChar *)"style");
                }
            } else if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
                descend = !(nx_tag_flags(n) & NX_T_JUNK);
            }
            if (descend) {
                n = n->children;
                continue;
            }
            if ((n = nx_next_after(n, root)) == NULL)
                break;
        }
        if (held < 500 || held <= outside)
            return;
    }
}

/*
** The same, inside the page's main landmark (<main>, role="main"): a
** page whose content sits in a display:none wrapper inside <main> (a
** script reveals it after an age or region check) while the site's menus
** and footer outside <main> hold more text than it.  The first landmark
** outside junk and held copies is looked at alone: its held copies are
** shown when they hold more than the rest of it.
*/
static void nx_show_held_in_main(xmlNodePtr root)
{
    xmlNodePtr n = root->children;
    while (n != NULL) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            if (nx_is_landmark(n)) {
                nx_show_held_copies(n);
                return;
            }
            descend = n->children != NULL && !nx_is_held_copy(n) &&
                      !(nx_tag_flags(n) & NX_T_JUNK);
        }
        if (descend) {
            n = n->children;
            continue;
        }
        n = nx_next_after(n, root);
    }
}

/*
** libxml2's HTML4 parser ignores a </button> while an element opened
** inside the button is still open, and the rest of the page then nests
** in the button, which cleanup drops with its content.  A button holding
** that much text (more than 500 bytes; counted over 4096 nodes at most,
** so nested buttons cost no more than a pass each) is a swallowed page:
** it becomes a <div>.
*/
static int nx_swallowed_page(xmlNodePtr n)
{
    return nx_is_tag(n, "button") && nx_visible_bytes(n, 0, 4096) > 500;
}

/* Remove junk, hidden elements and comments under `root`.  Iterative; a
** removed node's successor is computed before it is freed. */
NX_FUNC size_t nx_clean_tree(xmlNodePtr root)
{
    xmlNodePtr n, next;
    size_t removed = 0;
    nx_show_held_copies(root);
    nx_show_held_in_main(root);
    n = root->children;
    while (n != NULL) {
        int drop = 0;
        if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
            drop = 1;
        else if (n->type == XML_ELEMENT_NODE && nx_swallowed_page(n))
            xmlNodeSetName(n, (const xmlChar *)"div");
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
