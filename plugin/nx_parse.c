/* SPDX-License-Identifier: MIT */
/*
** nx_parse.c: UTF-8 bytes -> libxml2 tree, with the HTML5 fix-ups that
** libxml2 2.9's HTML4-era parser does not make.
**
** The bytes are always valid UTF-8 here (nx_charset.c made them so), and
** the parser is told so and told to ignore any <meta charset>: a document
** that declared another charset would otherwise be re-decoded halfway
** through, which is how libxml2 loses text.
*/
#include "nx.h"

#define NX_PARSE_OPTIONS                                                    \
    (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |       \
     HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT |        \
     XML_PARSE_HUGE)
/* XML_PARSE_HUGE: without it libxml2 stops building the tree at depth 256
** and the text of 100,000 nested divs is silently dropped. */

static int nx_name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name != NULL &&
           strcmp((const char *)n->name, name) == 0;
}

static int nx_name_in(const xmlChar *name, const char *const *list)
{
    const char *s = (const char *)name;
    if (s == NULL)
        return 0;
    for (; *list != NULL; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

/* HTML5 void elements that libxml2 2.9 does not know as void: it nests the
** content that follows them inside them (<source>after</source>). */
static const char *const nx_void5[] = {
    "source", "track", "wbr", "keygen", NULL
};

/* HTML5 elements whose start tag closes an open <p>; libxml2 knows the
** HTML4 ones (div, ul, table, ...) but not these, and nests them in the p. */
static const char *const nx_block5[] = {
    "article", "aside", "details", "dialog", "figcaption", "figure",
    "footer", "header", "hgroup", "main", "nav", "section", "summary",
    "menu", NULL
};

/* Move the children of `n` from `first` on to follow `n`, in order. */
static void nx_move_after(xmlNodePtr n, xmlNodePtr first)
{
    xmlNodePtr at = n, c = first, next;
    while (c != NULL) {
        next = c->next;
        xmlUnlinkNode(c);
        xmlAddNextSibling(at, c);
        at = c;
        c = next;
    }
}

/* One pre-order walk, iterative (parent pointers, no stack: input depth is
** unbounded).  Fixing a node only moves nodes to later in document order,
** so the walk still visits each of them once. */
static void nx_fixup_html5(xmlNodePtr root)
{
    xmlNodePtr n = root;
    while (n != NULL) {
        if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            if (nx_name_in(n->name, nx_void5)) {
                nx_move_after(n, n->children);
            } else if (nx_name_is(n, "p")) {
                xmlNodePtr c;
                for (c = n->children; c != NULL; c = c->next)
                    if (c->type == XML_ELEMENT_NODE &&
                        nx_name_in(c->name, nx_block5))
                        break;
                if (c != NULL)
                    nx_move_after(n, c);
            }
        }
        if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            n = n->children;
            continue;
        }
        while (n != NULL && n != root && n->next == NULL)
            n = n->parent;
        if (n == NULL || n == root)
            break;
        n = n->next;
    }
}

/* Parse UTF-8 bytes.  Returns NULL only when libxml2 cannot allocate. */
static htmlDocPtr nx_parse_utf8(const char *s, size_t len, const char *url)
{
    htmlDocPtr doc;
    if (len > (size_t)INT32_MAX)
        return NULL;
    doc = htmlReadMemory(len ? s : " ", len ? (int)len : 1, url, "UTF-8",
                         NX_PARSE_OPTIONS);
    if (doc == NULL)
        return NULL;
    if (xmlDocGetRootElement(doc) != NULL)
        nx_fixup_html5(xmlDocGetRootElement(doc));
    return doc;
}
