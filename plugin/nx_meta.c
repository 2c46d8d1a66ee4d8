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
    it->flags = 0;
}

/* The attributes every element is asked for, read in one sweep of its
** attribute list (nx_meta_element and nx_meta_candidates both use them). */
typedef struct nx_meta_attrs {
    const char *cls, *id, *itemprop, *itemtype;
} nx_meta_attrs;

static const char *nx_meta_attr_value(const xmlAttr *a)
{
    return a->children != NULL && a->children->content != NULL ?
           (const char *)a->children->content : "";
}

/* As nx_attr(n, name) for each of the four: the first attribute of the
** name. */
static void nx_meta_read_attrs(const xmlNode *n, nx_meta_attrs *at)
{
    const xmlAttr *a;
    memset(at, 0, sizeof *at);
    for (a = n->properties; a != NULL; a = a->next) {
        const char *nm = (const char *)a->name;
        const char **slot = NULL;
        if (nm == NULL)
            continue;
        if (nm[0] == 'c' && strcmp(nm, "class") == 0)
            slot = &at->cls;
        else if (nm[0] == 'i' && nm[1] == 'd' && nm[2] == '\0')
            slot = &at->id;
        else if (nm[0] == 'i' && strcmp(nm, "itemprop") == 0)
            slot = &at->itemprop;
        else if (nm[0] == 'i' && strcmp(nm, "itemtype") == 0)
            slot = &at->itemtype;
        if (slot != NULL && *slot == NULL)
            *slot = nx_meta_attr_value(a);
    }
}

/* class/id words that mark a byline (Readability's list, NX_W_BYLINE). */
static int nx_meta_byline_words(const nx_meta_attrs *at)
{
    return ((nx_word_bits(at->cls) | nx_word_bits(at->id)) & NX_W_BYLINE) != 0;
}

static int nx_meta_has_block_child(const xmlNode *n)
{
    const xmlNode *c;
    for (c = n->children; c != NULL; c = c->next)
        if (nx_is_block(c))
            return 1;
    return 0;
}

static void nx_meta_element(nx_meta *m, xmlNodePtr n, const nx_meta_attrs *at)
{
    const char *name = (const char *)n->name, *v, *ip;
    ip = at->itemprop;
    if ((v = at->itemtype) != NULL)
        nx_meta_add(m, NX_M_ITEMTYPE, NULL, v, n);
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
    if ((v = at->cls) != NULL && nx_strcasestr(v, "read") &&
        nx_strcasestr(v, "time"))
        nx_meta_add(m, NX_M_READ_TIME, NULL, NULL, n);
    if (nx_meta_byline_words(at) && strcmp(name, "body") != 0 &&
        strcmp(name, "html") != 0)
        nx_meta_add(m, NX_M_BYLINE, NULL, NULL, n);
}

/* {======================================================================
** Printed-date and printed-name candidates
**
** meta.lua once found these with XPath string functions over every element
** (translate(), contains() per class); here they are found in the walk that
** already visits every element, from the element's lower-cased class, id
** and itemprop, with what its ancestors say carried down the walk.
** ======================================================================= */

/* What an element says about its subtree (carried down as ancestor bits). */
#define NX_A_FOOTER   1u    /* a <footer> */
#define NX_A_COMMENT  2u    /* class/id/itemprop says comment */
#define NX_A_ASIDE    4u    /* ... footer, related, sidebar or copyright */
#define NX_A_RAW      8u    /* script, style, title: text only */
#define NX_A_ARTICLE 16u    /* an <article> */

/* Lower-cased "class id itemprop" of an element into `dst` (cut at
** cap - 1). */
static size_t nx_meta_lc_attrs(const nx_meta_attrs *at, char *dst, size_t cap)
{
    const char *const vals[] = { at->cls, at->id, at->itemprop };
    size_t len = 0, i, l;
    for (i = 0; i < 3; i++) {
        const char *v = vals[i];
        if (v == NULL)
            continue;
        if (len > 0 && len + 1 < cap)
            dst[len++] = ' ';
        l = strlen(v);
        if (l > cap - 1 - len)
            l = cap - 1 - len;
        nx_ascii_lower_copy(dst + len, v, l);
        len += l;
    }
    dst[len] = '\0';
    return len;
}

static int nx_meta_any(const char *lc, const char *const *words)
{
    for (; *words; words++)
        if (strstr(lc, *words) != NULL)
            return 1;
    return 0;
}

/* The page's own wrappers (<body class="comments-open">, <article
** class="has-comments">) say nothing about where a date sits. */
static int nx_meta_is_page(const xmlNode *n)
{
    return nx_is_tag(n, "html") || nx_is_tag(n, "body") ||
           nx_is_tag(n, "article") || nx_is_tag(n, "main");
}

static const char *const nx_date_words[] = { "date", "datum", "time",
    "publish", "posted", "meta", "byline", "author", "fecha", "data", NULL };
static const char *const nx_aside_words[] = { "comment", "footer",
    "related", "sidebar", "copyright", NULL };
static const char *const nx_author_paths[] = { "/author/", "/authors/",
    "/autor/", "/autoren/", "/auteur/", "/autore/", "/writers/",
    "/redaktion/", "?author=", NULL };

/* Does text `s` (`len` bytes) hold a date's shape: a year 1991-2039 as a
** number of its own, or d.m.yy / d/m/yyyy / d-m-yyyy? */
static int nx_meta_date_shape(const unsigned char *s, size_t len)
{
    size_t i = 0, j;
    while (i < len) {
        if (s[i] < '0' || s[i] > '9') {
            i++;
            continue;
        }
        for (j = i; j < len && s[j] >= '0' && s[j] <= '9'; j++)
            ;
        if (j - i == 4 && ((s[i] == '1' && s[i + 1] == '9' && s[i + 2] == '9' &&
                            s[i + 3] >= '1') ||
                           (s[i] == '2' && s[i + 1] == '0' && s[i + 2] <= '3')))
            return 1;
        if (j - i <= 2 && j + 4 < len && (s[j] == '.' || s[j] == '/' || s[j] == '-')) {
            size_t k = j + 1;
            if (k < len && s[k] == ' ')
                k++;
            if (k + 3 < len && s[k] >= '0' && s[k] <= '9') {
                k += (s[k + 1] >= '0' && s[k + 1] <= '9') ? 2 : 1;
                if (k + 2 < len && s[k] == s[j] && s[k + 1] >= '0' &&
                    s[k + 1] <= '9' && s[k + 2] >= '0' && s[k + 2] <= '9')
                    return 1;
            }
        }
        i = j;
    }
    return 0;
}

/* The walk's state for the candidates. */
typedef struct nx_meta_walk {
    unsigned char *stack;   /* ancestor bits per depth */
    size_t depth, cap;
    unsigned inh;           /* the bits of the ancestors, while climbing */
    size_t dates, links, after, dated;
    size_t long_dates;      /* date-like containers measured too long */
    xmlNodePtr h1;          /* the first <h1>, once met */
    int past_h1;            /* its subtree is done */
    xmlNodePtr before[NX_META_H1_BEFORE_MAX];   /* ring of text nodes */
    unsigned before_flags[NX_META_H1_BEFORE_MAX];
    size_t nbefore;
} nx_meta_walk;

/* Own bits of element `n`, and the date/author-link candidates it is.
** `inh`: its ancestors' bits. */
static unsigned nx_meta_candidates(nx_meta *m, nx_meta_walk *w, xmlNodePtr n,
                                   unsigned inh, const nx_meta_attrs *at)
{
    char lc[512];
    unsigned self = 0;
    int page = nx_meta_is_page(n);
    if (nx_is_tag(n, "script") || nx_is_tag(n, "style") ||
        nx_is_tag(n, "title"))
        return NX_A_RAW;
    if (nx_is_tag(n, "article"))
        self |= NX_A_ARTICLE;
    if (nx_is_tag(n, "footer"))
        self |= NX_A_FOOTER;
    nx_meta_lc_attrs(at, lc, sizeof lc);
    if (lc[0] != '\0' && !page) {
        if (strstr(lc, "comment") != NULL)
            self |= NX_A_COMMENT | NX_A_ASIDE;
        else if (nx_meta_any(lc, nx_aside_words))
            self |= NX_A_ASIDE;
    }
    /* a footer inside an <article> ("entry-footer": "Posted on 7 March
    ** 2015 by ...") is the article's date and byline line, not the
    ** page's footer */
    if ((inh & NX_A_ARTICLE) && (self & (NX_A_FOOTER | NX_A_ASIDE)) &&
        !(self & NX_A_COMMENT) &&
        (nx_is_tag(n, "footer") || strstr(lc, "footer") != NULL) &&
        strstr(lc, "related") == NULL && strstr(lc, "sidebar") == NULL &&
        strstr(lc, "copyright") == NULL)
        self &= ~(NX_A_FOOTER | NX_A_ASIDE);
    if (lc[0] != '\0' && w->dates < NX_META_DATE_MAX &&
        w->long_dates < NX_META_DATE_LONG_MAX &&
        !nx_is_tag(n, "html") && !nx_is_tag(n, "body") &&
        !((inh | self) & (NX_A_FOOTER | NX_A_ASIDE)) &&
        nx_meta_any(lc, nx_date_words)) {
        if (nx_text_chars(n, NX_META_DATE_CHARS, NX_META_DATE_VISITS) < NX_META_DATE_CHARS) {
            nx_meta_add(m, NX_M_DATE_EL, NULL, NULL, n);
            w->dates++;
        } else {
            w->long_dates++;    /* a container: each costs a measure */
        }
    }
    if (w->links < NX_META_AUTHOR_LINK_MAX && nx_is_tag(n, "a") &&
        !(inh & (NX_A_FOOTER | NX_A_COMMENT))) {
        const char *href = nx_attr(n, "href");
        size_t i;
        for (i = 0; href != NULL && nx_author_paths[i] != NULL; i++)
            if (strstr(href, nx_author_paths[i]) != NULL) {
                nx_meta_add(m, NX_M_AUTHOR_LINK, NULL, NULL, n);
                w->links++;
                break;
            }
    }
    if (w->h1 == NULL && nx_is_tag(n, "h1")) {
        /* the text nodes before it, oldest first */
        size_t k, first = w->nbefore > NX_META_H1_BEFORE_MAX ?
                          w->nbefore - NX_META_H1_BEFORE_MAX : 0;
        w->h1 = n;
        for (k = first; k < w->nbefore; k++) {
            size_t r = k % NX_META_H1_BEFORE_MAX;
            nx_meta_add(m, NX_M_H1_BEFORE, NULL, NULL, w->before[r]);
            if (!m->oom)
                m->v[m->n - 1].flags = w->before_flags[r];
        }
    }
    return self;
}

/* A text node: one of those around the first <h1>?  A blank one (XPath's
** normalize-space() empty) does not count. */
static void nx_meta_text_node(nx_meta *m, nx_meta_walk *w, xmlNodePtr n,
                              unsigned inh)
{
    const unsigned char *u = (const unsigned char *)n->content;
    unsigned flags = (inh & (NX_A_FOOTER | NX_A_COMMENT)) ? NX_MF_INSIDE : 0;
    if (inh & NX_A_RAW)
        return;     /* a script's or style's text is not printed */
    while (u != NULL && (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r'))
        u++;
    if (u == NULL || *u == '\0')
        return;
    if (w->dated < NX_META_DATED_TEXT_MAX &&
        !(inh & (NX_A_FOOTER | NX_A_ASIDE | NX_A_RAW))) {
        size_t len = 0;
        while (len < NX_META_DATED_TEXT_LEN && u[len] != '\0')
            len++;
        if (len < NX_META_DATED_TEXT_LEN && nx_meta_date_shape(u, len)) {
            nx_meta_add(m, NX_M_DATED_TEXT, NULL, NULL, n);
            w->dated++;
        }
    }
    if (w->h1 == NULL) {
        size_t r = w->nbefore % NX_META_H1_BEFORE_MAX;
        w->before[r] = n;
        w->before_flags[r] = flags;
        w->nbefore++;
    } else if (w->past_h1 && w->after < NX_META_H1_AFTER_MAX) {
        nx_meta_add(m, NX_M_H1_AFTER, NULL, NULL, n);
        if (!m->oom)
            m->v[m->n - 1].flags = flags;
        w->after++;
    }
}

static void nx_meta_count(nx_meta *m, const xmlNode *n)
{
    static const char *const counted[] = NX_META_COUNTED;
    size_t i;
    for (i = 0; i < NX_META_NCOUNTED; i++)
        if (nx_is_tag(n, counted[i])) {
            m->counted[i]++;
            return;
        }
}

/* The walk climbs out of `left`: its ancestors' bits are the state again,
** and past the first <h1> is past its subtree. */
static void nx_meta_leave(void *ud, xmlNodePtr left)
{
    nx_meta_walk *w = (nx_meta_walk *)ud;
    w->inh = w->stack[--w->depth];
    if (left == w->h1)
        w->past_h1 = 1;
}

static int nx_meta_push(nx_meta *m, nx_meta_walk *w, unsigned bits)
{
    if (w->depth == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        unsigned char *s = (unsigned char *)realloc(w->stack, cap);
        if (s == NULL) {
            m->oom = 1;
            return 0;
        }
        w->stack = s;
        w->cap = cap;
    }
    w->stack[w->depth++] = (unsigned char)bits;
    return 1;
}

/* }====================================================================== */

/*
** Walk the whole document once; iterative, with the ancestors' bits on a
** stack of their own (one byte per level).  Elements inside script, style
** and title are not read as metadata, nor are their texts among those
** around the headline: they are not printed.
*/
NX_FUNC void nx_meta_collect(nx_meta *m, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), n = root;
    nx_meta_walk w;
    unsigned inh = 0, here = 0;
    memset(&w, 0, sizeof w);
    memset(m->counted, 0, sizeof m->counted);
    while (n != NULL && !m->oom) {
        here = inh;
        if (n->type == XML_ELEMENT_NODE && n->name != NULL && !(inh & NX_A_RAW)) {
            nx_meta_attrs at;
            nx_meta_read_attrs(n, &at);
            nx_meta_element(m, n, &at);
            nx_meta_count(m, n);
            here = inh | nx_meta_candidates(m, &w, n, inh, &at);
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            nx_meta_text_node(m, &w, n, inh);
        }
        if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            if (!nx_meta_push(m, &w, inh))
                break;
            inh = here;
            n = n->children;
            continue;
        }
        /* n's subtree is done: on to the next node in document order */
        if (n == w.h1)
            w.past_h1 = 1;
        w.inh = inh;
        n = nx_walk_up(n, root, nx_meta_leave, &w);
        inh = w.inh;
    }
    free(w.stack);
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
