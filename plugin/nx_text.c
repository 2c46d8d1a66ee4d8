/* SPDX-License-Identifier: MIT */
/*
** nx_text.c: element classes and whitespace-collapsed text.
**
** Every later stage asks the same questions of an element (is it a block?
** is its content never text?) and collapses white space the same way, so
** these answers live in one place.
*/
#include "nx_text.h"
#include "nx_words.h"

NX_FUNC int nx_tag_in(const xmlNode *n, const char *const *list)
{
    const char *s;
    if (n->type != XML_ELEMENT_NODE || n->name == NULL)
        return 0;
    s = (const char *)n->name;
    for (; *list != NULL; list++)
        if (s[0] == (*list)[0] && strcmp(s, *list) == 0)
            return 1;
    return 0;
}

/* What nx_tags.h knows of an element: NX_T_SKIP, _BLOCK, _JUNK, _SAFE. */
NX_FUNC unsigned nx_tag_flags(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || n->name == NULL)
        return 0;
    return nx_tag_flags_of((const char *)n->name);
}

/* Content never reader-visible (script, style, form controls, ...). */
NX_FUNC int nx_is_skip(const xmlNode *n)
{
    return (nx_tag_flags(n) & NX_T_SKIP) != 0;
}

/* Starts a new block of text. */
NX_FUNC int nx_is_block(const xmlNode *n)
{
    return (nx_tag_flags(n) & NX_T_BLOCK) != 0;
}

NX_FUNC int nx_is_tag(const xmlNode *n, const char *name)
{
    /* the first byte first: most questions are answered no by it, and
    ** this is the most-asked question of the module */
    return n != NULL && n->type == XML_ELEMENT_NODE && n->name != NULL &&
           n->name[0] == (unsigned char)name[0] &&
           strcmp((const char *)n->name, name) == 0;
}

/* Is `n` the page's main landmark: <main>, or role="main"? */
NX_FUNC int nx_is_landmark(const xmlNode *n)
{
    const char *role;
    if (nx_is_tag(n, "main"))
        return 1;
    role = nx_attr(n, "role");
    return role != NULL && nx_starts_ci(role, "main") && role[4] == '\0';
}

/* h1..h6 -> 1..6, else 0 */
NX_FUNC int nx_heading_level(const xmlNode *n)
{
    const char *s;
    if (n->type != XML_ELEMENT_NODE || n->name == NULL)
        return 0;
    s = (const char *)n->name;
    if (s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && s[2] == '\0')
        return s[1] - '0';
    return 0;
}


NX_FUNC void nx_ws_init(nx_ws *w, nx_buf *b)
{
    w->b = b;
    w->base = b->len;
    w->space = 0;
    w->chars = 0;
}

/* Start a new piece of text at the end of the buffer. */
NX_FUNC void nx_ws_restart(nx_ws *w)
{
    nx_ws_init(w, w->b);
}

NX_FUNC void nx_ws_sep(nx_ws *w)
{
    if (w->b->len > w->base)
        w->space = 1;
}

NX_FUNC void nx_ws_add(nx_ws *w, const char *s, size_t n)
{
    size_t i = 0, run;
    const unsigned char *u = (const unsigned char *)s;
    while (i < n) {
        unsigned char c = u[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v') {
            nx_ws_sep(w);
            i++;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && u[i + 1] == 0xA0) {
            nx_ws_sep(w);
            i += 2;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && u[i + 1] == 0xAD) {
            i += 2;         /* a soft hyphen (U+00AD) is a break hint, no text */
            continue;
        }
        /* a run of ordinary bytes, copied at once */
        run = i + 1;
        while (run < n && u[run] > ' ' && !(u[run] == 0xC2 && run + 1 < n &&
                                            (u[run + 1] == 0xA0 || u[run + 1] == 0xAD)))
            run++;
        if (w->space) {
            nx_buf_addc(w->b, ' ');
            w->chars++;
            w->space = 0;
        }
        nx_buf_add(w->b, s + i, run - i);
        for (; i < run; i++)
            if ((u[i] & 0xC0) != 0x80)
                w->chars++;
    }
}

/* The end of a block separates words, as its start does. */
static void nx_text_leave(void *ud, xmlNodePtr n)
{
    if (nx_is_block(n))
        nx_ws_sep((nx_ws *)ud);
}

/*
** Collapsed text of `root`'s subtree.  Blocks and <br> separate words;
** skipped elements contribute nothing.  Iterative: depth is unbounded.
*/
NX_FUNC void nx_node_text(xmlNodePtr root, nx_ws *w)
{
    xmlNodePtr n = root;
    if (root->type == XML_TEXT_NODE || root->type == XML_CDATA_SECTION_NODE) {
        if (root->content)
            nx_ws_add(w, (const char *)root->content,
                      strlen((const char *)root->content));
        return;
    }
    if (root->type == XML_ATTRIBUTE_NODE) {
        xmlNodePtr c;
        for (c = root->children; c != NULL; c = c->next)
            if (c->type == XML_TEXT_NODE && c->content)
                nx_ws_add(w, (const char *)c->content,
                          strlen((const char *)c->content));
        return;
    }
    while (n != NULL) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                nx_ws_add(w, (const char *)n->content,
                          strlen((const char *)n->content));
        } else if (n->type == XML_ELEMENT_NODE || n == root) {
            if (n != root && nx_is_skip(n)) {
                descend = 0;
            } else {
                if (nx_is_block(n) || nx_is_tag(n, "br") ||
                    nx_is_tag(n, "td") || nx_is_tag(n, "th"))
                    nx_ws_sep(w);
                descend = n->children != NULL;
            }
        }
        if (descend) {
            n = n->children;
            continue;
        }
        if (n == root)
            return;
        if (n->type == XML_ELEMENT_NODE && nx_is_block(n))
            nx_ws_sep(w);
        n = nx_walk_up(n, root, nx_text_leave, w);
    }
}

/* Attribute value (NULL when absent), without libxml2 allocation: HTML
** attributes hold one text child in a parsed tree. */
NX_FUNC const char *nx_attr(const xmlNode *n, const char *name)
{
    const xmlAttr *a;
    if (n == NULL || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (a = n->properties; a != NULL; a = a->next) {
        if (a->name != NULL && a->name[0] == (unsigned char)name[0] &&
            strcmp((const char *)a->name, name) == 0) {
            if (a->children != NULL && a->children->content != NULL)
                return (const char *)a->children->content;
            return "";
        }
    }
    return NULL;
}

/* ASCII case-insensitive substring search.  Scans for the needle's first
** byte in either case before comparing the rest: most bytes of a class
** string fail that one test.  Locale-independent on purpose. */
NX_FUNC const char *nx_strcasestr(const char *hay, const char *needle)
{
    size_t nl = strlen(needle), i;
    unsigned char lo, up;
    if (nl == 0)
        return hay;
    lo = (unsigned char)nx_ascii_lower((unsigned char)needle[0]);
    up = (lo >= 'a' && lo <= 'z') ? (unsigned char)(lo - 32) : lo;
    for (; *hay; hay++) {
        unsigned char c = (unsigned char)*hay;
        if (c != lo && c != up)
            continue;
        for (i = 1; i < nl; i++) {
            int a = (unsigned char)hay[i], b = (unsigned char)needle[i];
            if (a == 0)
                return NULL;
            if (nx_ascii_lower(a) != nx_ascii_lower(b))
                break;
        }
        if (i == nl)
            return hay;
    }
    return NULL;
}

/* Which word lists a class or id string hits, as bits (NX_W_*): the
** lists live in tools/gen-words.lua, which writes nx_words.h.  Computed
** once per element, lower-casing once; every test below is a mask. */
static int nx_has_word_hid(const char *s);

NX_FUNC unsigned nx_word_bits(const char *s)
{
    char buf[256], *low = buf;
    size_t n;
    unsigned bits;
    if (s == NULL || *s == '\0')
        return 0;
    n = strlen(s);
    if (n >= sizeof buf && (low = (char *)malloc(n + 1)) == NULL)
        return 0;
    nx_ascii_lower_copy(low, s, n);
    bits = nx_words_in(low, n);
    if (nx_has_word_hid(low))
        bits |= NX_W_NEG;
    if (low != buf)
        free(low);
    return bits;
}

/* Readability's " hid " test: the whole word, not "hidden" or "chide". */
static int nx_has_word_hid(const char *s)
{
    const char *p = s;
    while ((p = nx_strcasestr(p, "hid")) != NULL) {
        int before = p == s || p[-1] == ' ';
        int after = p[3] == '\0' || p[3] == ' ';
        if (before && after)
            return 1;
        p += 3;
    }
    return 0;
}

/* One text's bytes into the count of nx_text_chars: white space (as
** nx_ws_add sees it, no-break space included) makes a pending separator,
** written as one character before the next word; a soft hyphen counts
** nothing, as nx_ws_add writes nothing for it. */
static void nx_chars_add(const unsigned char *u, size_t *chars, int *space)
{
    for (; *u; u++) {
        if (*u == ' ' || (*u >= '\t' && *u <= '\r')) {
            *space = *chars > 0;
            continue;
        }
        if (u[0] == 0xC2 && u[1] == 0xA0) {
            *space = *chars > 0;
            u++;
            continue;
        }
        if (u[0] == 0xC2 && u[1] == 0xAD) {
            u++;                                /* a soft hyphen: no text */
            continue;
        }
        if ((*u & 0xC0) == 0x80)
            continue;
        if (*space) {
            (*chars)++;
            *space = 0;
        }
        (*chars)++;
    }
}

/* A block the count climbs out of separates words (as nx_text_leave). */
static void nx_chars_leave(void *ud, xmlNodePtr left)
{
    if (nx_is_block(left))
        *(int *)ud = 1;
}

NX_FUNC size_t nx_text_chars(xmlNodePtr root, size_t cap, size_t max_visits)
{
    xmlNodePtr n = root->children;
    size_t chars = 0, visits = 0;
    int space = 0, sep = 0;
    while (n != NULL && chars < cap) {
        if (++visits > max_visits)
            return cap;     /* too big to measure: as long as it may be */
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
            n->content != NULL) {
            nx_chars_add(n->content, &chars, &space);
        } else if (n->type == XML_ELEMENT_NODE && !nx_is_skip(n)) {
            if (nx_is_block(n) || nx_is_tag(n, "br") || nx_is_tag(n, "td") ||
                nx_is_tag(n, "th"))
                space = chars > 0;
            if (n->children != NULL) {
                n = n->children;
                continue;
            }
        }
        /* leaving elements: a block's end separates words too */
        n = nx_walk_up(n, root, nx_chars_leave, &sep);
        if (sep) {
            space = chars > 0;
            sep = 0;
        }
    }
    return chars < cap ? chars : cap;
}
