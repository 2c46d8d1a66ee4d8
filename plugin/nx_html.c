/* SPDX-License-Identifier: MIT */
/*
** nx_html.c: the article as safe HTML.
**
** An allowlist serializer, not a filter: it writes only the tags and
** attributes listed here, escapes every text and attribute value, and
** resolves every URL (refusing javascript:, vbscript:, data: other than
** images).  Whatever is not listed is unwrapped: its text stays, its tag
** goes.  Nothing the page sent is copied through unescaped.
*/
#include "nx_html.h"
#include "nx_text.h"
#include "nx_url.h"

/* The tags kept are NX_T_SAFE in nx_tags.h; h1 becomes h2 (the title is
** the page's h1). */
static int nx_is_safe_tag(const xmlNode *n)
{
    return (nx_tag_flags(n) & NX_T_SAFE) != 0;
}

static void nx_html_escape(nx_buf *b, const char *s, int attr)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        default: break;
        }
        if (rep != NULL) {
            nx_buf_add(b, run, (size_t)(s - run));
            nx_buf_adds(b, rep);
            run = s + 1;
        }
    }
    nx_buf_add(b, run, (size_t)(s - run));
}

static void nx_html_attr(nx_buf *b, const char *name, const char *value)
{
    nx_buf_addc(b, ' ');
    nx_buf_adds(b, name);
    nx_buf_add(b, "=\"", 2);
    nx_html_escape(b, value, 1);
    nx_buf_addc(b, '"');
}

/* Is a span attribute a small positive integer? */
static int nx_html_small_int(const char *v)
{
    int n = 0;
    if (v == NULL || *v == '\0')
        return 0;
    for (; *v; v++) {
        if (*v < '0' || *v > '9' || ++n > 3)
            return 0;
    }
    return 1;
}

/* Open tag for an allowed element; returns the name written or NULL. */
static const char *nx_html_open(nx_buf *b, const xmlNode *n, const char *base)
{
    const char *name = (const char *)n->name;
    if (nx_heading_level(n) == 1)
        name = "h2";
    else if (!nx_is_safe_tag(n))
        return NULL;
    if (strcmp(name, "img") == 0) {
        char *src = nx_url_resolve(nx_img_src(n), base, 1);
        const char *alt = nx_attr(n, "alt");
        if (src == NULL)
            return NULL;
        nx_buf_add(b, "<img", 4);
        nx_html_attr(b, "src", src);
        nx_html_attr(b, "alt", alt ? alt : "");
        nx_buf_addc(b, '>');
        free(src);
        return name;
    }
    nx_buf_addc(b, '<');
    nx_buf_adds(b, name);
    if (strcmp(name, "a") == 0) {
        char *href = nx_url_resolve(nx_attr(n, "href"), base, 0);
        if (href != NULL) {
            nx_html_attr(b, "href", href);
            free(href);
        }
    } else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
        const char *v = nx_attr(n, "colspan");
        if (nx_html_small_int(v))
            nx_html_attr(b, "colspan", v);
        v = nx_attr(n, "rowspan");
        if (nx_html_small_int(v))
            nx_html_attr(b, "rowspan", v);
    } else if (strcmp(name, "time") == 0) {
        const char *v = nx_attr(n, "datetime");
        if (v != NULL)
            nx_html_attr(b, "datetime", v);
    } else if (strcmp(name, "abbr") == 0) {
        const char *v = nx_attr(n, "title");
        if (v != NULL)
            nx_html_attr(b, "title", v);
    }
    nx_buf_addc(b, '>');
    return name;
}

static int nx_html_void(const char *name)
{
    return strcmp(name, "br") == 0 || strcmp(name, "hr") == 0 ||
           strcmp(name, "img") == 0;
}

static void nx_html_close(nx_buf *b, const xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (nx_heading_level(n) == 1)
        name = "h2";
    else if (!nx_is_safe_tag(n))
        return;
    if (nx_html_void(name))
        return;
    nx_buf_add(b, "</", 2);
    nx_buf_adds(b, name);
    nx_buf_addc(b, '>');
}

typedef struct nx_html_walk {
    nx_buf *b;
    xmlNodePtr root;
    int *loose;
} nx_html_walk;

/* An element ends: a <p> opened for loose text closes at a block's end;
** the root's tag was only written if it is a safe one. */
static void nx_html_left(void *ud, xmlNodePtr n)
{
    nx_html_walk *w = (nx_html_walk *)ud;
    if (*w->loose && nx_is_block(n)) {
        nx_buf_add(w->b, "</p>", 4);
        *w->loose = 0;
    }
    if (n != w->root || nx_is_safe_tag(n))
        nx_html_close(w->b, n);
}

/*
** Serialize `root`'s subtree.  `visible` decides which elements are
** content (the chosen article's, or all for a site rule's body).  A div
** that holds loose text becomes a <p>, so the output has no bare text.
*/
NX_FUNC void nx_html_root(nx_buf *b, xmlNodePtr root, const char *base,
                          nx_emit *vis)
{
    xmlNodePtr n = root;
    /* `<p>` opened for loose text, by the depth it was opened at */
    int loose = 0;
    nx_html_walk w;
    w.b = b;
    w.root = root;
    w.loose = &loose;
    while (n != NULL) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE &&
            (n == root || nx_emit_visible(vis, n))) {
            if (loose && nx_is_block(n)) {
                nx_buf_add(b, "</p>", 4);
                loose = 0;
            }
            if (n != root || nx_is_safe_tag(n))
                nx_html_open(b, n, base);
            descend = n->children != NULL &&
                      !(nx_is_tag(n, "img") || nx_is_tag(n, "br"));
            if (!descend && (n != root || nx_is_safe_tag(n)))
                nx_html_close(b, n);
        } else if ((n->type == XML_TEXT_NODE ||
                    n->type == XML_CDATA_SECTION_NODE) && n->content) {
            const xmlNode *p = n->parent;
            int bare = p != NULL && !nx_is_safe_tag(p) &&
                       nx_is_block(p) && nx_heading_level(p) == 0;
            const char *s = (const char *)n->content;
            size_t i;
            for (i = 0; s[i] && (unsigned char)s[i] <= ' '; i++)
                ;
            if (bare && !loose && s[i] != '\0') {
                nx_buf_add(b, "<p>", 3);
                loose = 1;
            }
            nx_html_escape(b, s, 0);
        }
        if (descend) {
            n = n->children;
            continue;
        }
        if (n == root)
            break;
        n = nx_walk_up(n, root, nx_html_left, &w);
        if (n == NULL)                  /* climbed back to root */
            nx_html_left(&w, root);
    }
    if (loose)
        nx_buf_add(b, "</p>", 4);
}
