/* SPDX-License-Identifier: MIT */
/*
** nx_score.c: choose the main content of a page, with no site rule.
**
** The model is Readability's, because its choices are what readers have
** learned to expect: paragraphs vote for their ancestors, class and id
** words weigh in, link-heavy containers lose, siblings that look like the
** winner join it, and containers that look like chrome are dropped.  It is
** done without touching the tree: every element gets one nx_el record (its
** index is kept in node->_private) and "removed" is a flag, so a retry with
** gentler settings costs a pass over an array, not a new parse.
*/
#include "nx_score.h"
#include "nx_text.h"
#include "nx_words.h"
#include "nx_meta.h"


/* Flags of one extraction attempt, loosened one by one as Readability does
** when an attempt finds too little text. */
#define NX_TRY_STRIP_UNLIKELY 1
#define NX_TRY_WEIGHT_CLASSES 2
#define NX_TRY_CLEAN          4
#define NX_TRY_ITEMS          8   /* keep a series inside the pick whole */


NX_FUNC void nx_tree_free(nx_tree *t)
{
    size_t i;
    for (i = 0; i < t->n; i++)
        t->els[i].node->_private = NULL;
    free(t->els);
    t->els = NULL;
    t->n = t->cap = 0;
}

static int nx_tree_add(nx_tree *t, xmlNodePtr node, int parent)
{
    nx_el *e;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        nx_el *p = (nx_el *)realloc(t->els, cap * sizeof *p);
        if (p == NULL) {
            t->oom = 1;
            return -1;
        }
        t->els = p;
        t->cap = cap;
    }
    e = &t->els[t->n];
    memset(e, 0, sizeof *e);
    e->node = node;
    e->parent = parent;
    node->_private = (void *)(uintptr_t)(t->n + 1);
    return (int)t->n++;
}

/* The record of a node, or NULL when the node is outside the scored tree. */
NX_FUNC nx_el *nx_el_of(nx_tree *t, const xmlNode *n)
{
    uintptr_t i = (uintptr_t)n->_private;
    if (i == 0 || i > t->n || t->els[i - 1].node != n)
        return NULL;
    return &t->els[i - 1];
}

static int nx_weigh(unsigned bits)
{
    return ((bits & NX_W_NEG) ? -25 : 0) + ((bits & NX_W_POS) ? 25 : 0);
}

/* Schema.org's articleBody is the page's own word for the content. */
static int nx_is_article_body(const xmlNode *n)
{
    const char *ip = nx_attr(n, "itemprop");
    return ip != NULL && (nx_strcasestr(ip, "articleBody") != NULL ||
                          strcmp(ip, "text") == 0);
}

/* A word list hit on class or id, unless the same attribute also hits
** `unless`. */
static int nx_bits_have(unsigned cw, unsigned iw, unsigned words,
                        unsigned unless)
{
    return ((cw & words) && !(cw & unless)) || ((iw & words) && !(iw & unless));
}

/* `chars` and `links`: the element's text and link text, in code points. */
static int nx_is_unlikely(const xmlNode *n, unsigned cw, unsigned iw,
                          size_t chars, size_t links)
{
    const char *role = nx_attr(n, "role");
    static const char *const roles[] = {
        "menu", "menubar", "complementary", "navigation", "alert",
        "alertdialog", "dialog", NULL
    };
    if (nx_is_tag(n, "body") || nx_is_tag(n, "a") || nx_is_tag(n, "html") ||
        nx_is_article_body(n))
        return 0;
    if (role != NULL) {
        const char *const *r;
        for (r = roles; *r != NULL; r++)
            if (strcmp(role, *r) == 0)
                return 1;
    }
    if (nx_is_tag(n, "nav") || nx_is_tag(n, "aside") ||
        nx_is_tag(n, "footer"))
        return 1;
    if (nx_bits_have(cw, iw, NX_W_UNLIKELY, NX_W_MAYBE))
        return 1;
    if (nx_bits_have(cw, iw, NX_W_CHROME, NX_W_MAYBE) &&
        (chars < 400 || links * 2 > chars))
        return 1;
    return 0;
}

/* Readability's byline test on class, id, rel and itemprop. */
static int nx_is_byline(const xmlNode *n, unsigned cw, unsigned iw)
{
    const char *rel = nx_attr(n, "rel"), *ip = nx_attr(n, "itemprop");
    if ((rel != NULL && strcmp(rel, "author") == 0) ||
        (ip != NULL && nx_strcasestr(ip, "author") != NULL))
        return 1;
    return ((cw | iw) & NX_W_BYLINE) != 0;
}

/* ---- building the records ------------------------------------------- */

static int nx_is_comma(const unsigned char *u, size_t i, size_t n)
{
    if (u[i] == ',')
        return 1;
    /* U+060C, U+FE50, U+FE10, U+FE11, U+2E41, U+2E34, U+2E32, U+FF0C, U+3001 */
    if (u[i] == 0xD8 && i + 1 < n && u[i + 1] == 0x8C)
        return 1;
    if (i + 2 < n) {
        unsigned a = u[i], b = u[i + 1], c = u[i + 2];
        if (a == 0xEF && b == 0xB9 && c == 0x90) return 1;
        if (a == 0xEF && b == 0xB8 && (c == 0x90 || c == 0x91)) return 1;
        if (a == 0xE2 && b == 0xB9 && (c == 0x81 || c == 0xB4 || c == 0xB2)) return 1;
        if (a == 0xEF && b == 0xBC && c == 0x8C) return 1;
        if (a == 0xE3 && b == 0x80 && c == 0x81) return 1;
    }
    return 0;
}

/* Count the code points of a text node, white-space runs counting once,
** its commas, and its CJK characters (U+3000..U+9FFF, U+AC00..U+D7FF: a
** script written without spaces says in one character what takes three
** or four in a Latin one). */
static void nx_count_text(const char *s, size_t *chars, size_t *commas,
                          size_t *wide)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i, n = strlen(s), c = 0, k = 0, w = 0;
    int ws = 1;
    for (i = 0; i < n; i++) {
        unsigned char b = u[i];
        if (nx_is_html_space(b)) {
            if (!ws)
                c++;
            ws = 1;
            continue;
        }
        ws = 0;
        if ((b & 0xC0) != 0x80)
            c++;
        if (b >= 0xE3 && b <= 0xED)
            w++;
        if (nx_is_comma(u, i, n))
            k++;
    }
    *chars += c;
    *commas += k;
    *wide += w;
}

static void nx_tree_sum(nx_tree *t, unsigned mask);
static void nx_tree_classify(nx_tree *t);

/* One pre-order walk of `body` creating the records, then one reverse pass
** summing children into parents.  Iterative; -1 on allocation failure. */
/* How many records nx_tree_build makes under `body` (itself included):
** the records are reserved at once, so a small page does not pay for a
** default capacity and a large one for the doublings' slack. */
static size_t nx_tree_count(xmlNodePtr body)
{
    xmlNodePtr n = body->children;
    size_t count = 1;
    while (n != NULL) {
        if (n->type == XML_ELEMENT_NODE && !nx_is_skip(n)) {
            count++;
            if (n->children != NULL) {
                n = n->children;
                continue;
            }
        }
        n = nx_next_after(n, body);
    }
    return count;
}

NX_FUNC int nx_tree_build(nx_tree *t, xmlNodePtr body)
{
    xmlNodePtr n;
    int cur, blk;
    if (t->cap == 0) {
        size_t want = nx_tree_count(body);
        t->els = (nx_el *)malloc(want * sizeof *t->els);
        if (t->els == NULL) {
            t->oom = 1;
            return -1;
        }
        t->cap = want;
    }
    cur = nx_tree_add(t, body, -1);
    if (cur < 0)
        return -1;
    t->els[cur].flags |= NX_EL_BLOCK;
    n = body->children;
    while (n != NULL) {
        int idx = -1;
        if (n->type == XML_ELEMENT_NODE && !nx_is_skip(n)) {
            idx = nx_tree_add(t, n, cur);
            if (idx < 0)
                return -1;
            t->els[cur].kids++;
            if (nx_is_block(n))
                t->els[idx].flags |= NX_EL_BLOCK;
            if (nx_is_tag(n, "a") || (t->els[cur].flags & NX_EL_IN_LINK))
                t->els[idx].flags |= NX_EL_IN_LINK;
        } else if (n->type == XML_TEXT_NODE && n->content != NULL) {
            nx_el *e = &t->els[cur];
            size_t c = 0, k = 0, wd = 0, hops;
            nx_count_text((const char *)n->content, &c, &k, &wd);
            e->self_chars += c;
            e->self_wide += wd;
            e->self_commas += k;
            if (e->flags & NX_EL_IN_LINK)
                e->self_links += c;
            /* own text belongs to the nearest block ancestor; the climb is
            ** bounded, inline nesting is shallow on real pages */
            for (blk = cur, hops = 0; blk > 0 && hops < 64 &&
                 !(t->els[blk].flags & NX_EL_BLOCK); hops++)
                blk = t->els[blk].parent;
            t->els[blk].own_chars += c;
            t->els[blk].own_commas += k;
        }
        if (idx >= 0 && n->children != NULL) {
            cur = idx;
            n = n->children;
            continue;
        }
        /* past this subtree; the next node's parent has a record (the walk
        ** only descends into recorded elements) */
        n = nx_next_after(n, body);
        if (n != NULL)
            cur = (int)(nx_el_of(t, n->parent) - t->els);
    }
    nx_tree_classify(t);
    return 0;
}

/* Class weights and the unlikely flag, which needs the text sizes. */
static void nx_tree_classify(nx_tree *t)
{
    size_t i;
    nx_tree_sum(t, 0);
    for (i = 0; i < t->n; i++) {
        nx_el *e = &t->els[i];
        e->cwords = nx_word_bits(nx_attr(e->node, "class"));
        e->iwords = nx_word_bits(nx_attr(e->node, "id"));
        /* a caption is a line or two: a container of several blocks
        ** whose class says "caption" (a theme's "x-caption-two" on the
        ** <body>) is not one */
        if (e->p >= 2 || e->chars >= 1000) {
            e->cwords &= ~NX_W_CAPTION;
            e->iwords &= ~NX_W_CAPTION;
        }
        e->weight = nx_weigh(e->cwords) + nx_weigh(e->iwords);
        if (nx_is_article_body(e->node))
            e->weight += 25;
        if (i > 0 && nx_is_unlikely(e->node, e->cwords, e->iwords, e->chars,
                                    e->link_chars))
            e->flags |= NX_EL_UNLIKELY;
    }
}

/* Subtree sums, leaving out the subtrees of elements flagged with `mask`. */
static void nx_tree_sum(nx_tree *t, unsigned mask)
{
    size_t i;
    for (i = 0; i < t->n; i++) {
        nx_el *e = &t->els[i];
        xmlNodePtr node = e->node;
        e->chars = e->self_chars;
        e->link_chars = e->self_links;
        e->commas = e->self_commas;
        e->wide = e->self_wide;
        e->list_chars = e->list_links = 0;
        e->p = nx_is_tag(node, "p");
        e->img = nx_is_tag(node, "img");
        e->li = nx_is_tag(node, "li");
        e->input = nx_is_tag(node, "input");
        e->tables = nx_is_tag(node, "table");
        e->embed = nx_is_tag(node, "object") || nx_is_tag(node, "embed") ||
                   nx_is_tag(node, "iframe");
        e->heading_chars = 0;
    }
    for (i = t->n; i-- > 1;) {
        nx_el *e = &t->els[i], *p = &t->els[e->parent];
        if (e->flags & mask)
            continue;
        if (nx_heading_level(e->node))
            e->heading_chars = (unsigned)e->chars;
        p->chars += e->chars;
        p->link_chars += e->link_chars;
        p->commas += e->commas;
        p->wide += e->wide;
        if (nx_is_tag(e->node, "ul") || nx_is_tag(e->node, "ol")) {
            p->list_chars += e->chars;
            p->list_links += e->link_chars;
        } else {
            p->list_chars += e->list_chars;
            p->list_links += e->list_links;
        }
        p->p += e->p;
        p->img += e->img;
        p->li += e->li;
        p->input += e->input;
        p->embed += e->embed;
        p->tables += e->tables;
        p->heading_chars += e->heading_chars;
    }
}

/* ---- one attempt ------------------------------------------------------ */

/* A block shorter than this (code points) that is no sentence is "short"
** (jusText's length_low). */
#define NX_SHORT_BLOCK 70
#define NX_SHORT_VOTE 0.0

/* Is a block of `len` code points short?  A CJK character counts three. */
static int nx_is_short(const nx_el *e, size_t len)
{
    size_t wide = e->wide < len ? e->wide : len;
    return len + 2 * wide < NX_SHORT_BLOCK;
}

#define NX_EL_DEAD 0x100u   /* inside an excluded subtree, this attempt */

static double nx_link_density(const nx_el *e)
{
    return e->chars ? (double)e->link_chars / (double)e->chars : 0.0;
}

static int nx_scores_as_paragraph(const xmlNode *n)
{
    const char *s = (const char *)n->name;
    return strcmp(s, "p") == 0 || strcmp(s, "td") == 0 ||
           strcmp(s, "pre") == 0 || strcmp(s, "section") == 0 ||
           (nx_heading_level(n) >= 2);
}

static double nx_tag_base(const xmlNode *n)
{
    static const char *const plus5[] = { "div", "article", "main", NULL };
    static const char *const plus3[] = { "pre", "td", "blockquote", NULL };
    static const char *const minus3[] = {
        "address", "ol", "ul", "dl", "dd", "dt", "li", "form", NULL
    };
    static const char *const minus5[] = {
        "h1", "h2", "h3", "h4", "h5", "h6", "th", NULL
    };
    if (nx_tag_in(n, plus5)) return 5;
    if (nx_tag_in(n, plus3)) return 3;
    if (nx_tag_in(n, minus3)) return -3;
    if (nx_tag_in(n, minus5)) return -5;
    return 0;
}

static void nx_init_score(nx_el *e, int tries)
{
    if (e->flags & NX_EL_SCORED)
        return;
    e->flags |= NX_EL_SCORED;
    e->score = nx_tag_base(e->node);
    if (tries & NX_TRY_WEIGHT_CLASSES)
        e->score += e->weight;
}

/* Readability's data-table test, on the counts we have. */
NX_FUNC int nx_is_data_table(const xmlNode *table)
{
    const xmlNode *c, *r;
    const char *v;
    size_t rows = 0, cols = 0;
    v = nx_attr(table, "role");
    if (v != NULL && strcmp(v, "presentation") == 0)
        return 0;
    v = nx_attr(table, "datatable");
    if (v != NULL && strcmp(v, "0") == 0)
        return 0;
    if (nx_attr(table, "summary") != NULL)
        return 1;
    for (c = table->children; c != NULL; c = c->next) {
        if (nx_is_tag(c, "caption") && c->children != NULL)
            return 1;
        if (nx_is_tag(c, "thead") || nx_is_tag(c, "tfoot") ||
            nx_is_tag(c, "colgroup"))
            return 1;
        if (nx_is_tag(c, "tbody") || nx_is_tag(c, "tr")) {
            const xmlNode *first = nx_is_tag(c, "tr") ? c : c->children;
            for (r = first; r != NULL; r = r->next) {
                size_t k = 0;
                const xmlNode *cell;
                if (!nx_is_tag(r, "tr"))
                    continue;
                rows++;
                for (cell = r->children; cell != NULL; cell = cell->next) {
                    if (nx_is_tag(cell, "th"))
                        return 1;
                    if (nx_is_tag(cell, "td")) {
                        const xmlNode *x;
                        for (x = cell->children; x != NULL; x = x->next)
                            if (nx_is_tag(x, "table"))
                                return 0;
                        k++;
                    }
                }
                if (k > cols)
                    cols = k;
                if (nx_is_tag(c, "tr"))
                    break;
            }
        }
    }
    if (rows >= 10 || cols > 4)
        return 1;
    return rows * cols > 10;
}

/*
** A table chosen as the content itself (its rows won the vote): data, its
** rows kept as they are, when Readability's test says data and the table
** reads as data, not as a page laid out in a table (a thread of posts, a
** column of text): it names its columns (a caption, a head, header
** cells), or each of its cells is short.
*/
#define NX_DATA_CELL_MAX 300

static int nx_is_root_data_table(nx_tree *t, const nx_el *e)
{
    const xmlNode *c, *r, *cell;
    size_t longest = 0;
    if (!nx_is_tag(e->node, "table") || !nx_is_data_table(e->node))
        return 0;
    for (c = e->node->children; c != NULL; c = c->next) {
        if ((nx_is_tag(c, "caption") && c->children != NULL) ||
            nx_is_tag(c, "thead"))
            return 1;
        if (!nx_is_tag(c, "tbody") && !nx_is_tag(c, "tr"))
            continue;
        for (r = nx_is_tag(c, "tr") ? c : c->children; r != NULL;
             r = nx_is_tag(c, "tr") ? NULL : r->next) {
            if (!nx_is_tag(r, "tr"))
                continue;
            for (cell = r->children; cell != NULL; cell = cell->next) {
                const nx_el *k;
                if (nx_is_tag(cell, "th"))
                    return 1;
                k = nx_is_tag(cell, "td") ? nx_el_of(t, cell) : NULL;
                if (k != NULL && k->chars > longest)
                    longest = k->chars;
            }
        }
    }
    return longest < NX_DATA_CELL_MAX;
}

/* Is a container prose that holds a list of links (the related stories a
** site puts among the paragraphs)?  Its text outside lists is long and
** has few links: the list is judged on its own, and the paragraphs are
** not lost for it. */
static int nx_prose_with_list(const nx_el *e)
{
    size_t rest = e->chars - e->list_chars;
    size_t links = e->link_chars - e->list_links;
    return e->list_chars > 0 && rest >= 200 && (double)links <= 0.2 * (double)rest;
}

static int nx_has_ancestor_tag(nx_tree *t, const nx_el *e, const char *tag,
                               int limit)
{
    int i = e->parent;
    while (i >= 0 && limit-- > 0) {
        if (nx_is_tag(t->els[i].node, tag))
            return 1;
        i = t->els[i].parent;
    }
    return 0;
}

/* Readability's _cleanConditionally verdict for one container. */
static int nx_should_drop(nx_tree *t, nx_el *e, int tries)
{
    int weight = (tries & NX_TRY_WEIGHT_CLASSES) ? e->weight : 0;
    int is_list = nx_is_tag(e->node, "ul") || nx_is_tag(e->node, "ol");
    double ld;
    size_t len = e->chars;
    long li;
    int figure;
    if (e->flags & NX_EL_DATATABLE)
        return 0;
    if (weight < 0)
        return 1;
    if (e->commas >= 10)
        return 0;
    ld = nx_link_density(e);
    li = (long)e->li - 100;
    /* inside a <figure>, images are the content (as Readability says) */
    figure = nx_has_ancestor_tag(t, e, "figure", 8);
    if (!figure && e->img > 1 && (double)e->p / e->img < 0.5)
        return 1;
    if (!is_list && li > (long)e->p)
        return 1;
    if (e->input > e->p / 3)
        return 1;
    if (!is_list && !figure && len < 25 && (e->img == 0 || e->img > 2) &&
        !(len > 0 && (double)e->heading_chars / len >= 0.9))
        return 1;
    if (!is_list && weight < 25 && ld > 0.2 && !nx_prose_with_list(e))
        return 1;
    if (weight >= 25 && ld > 0.5)
        return 1;
    if ((e->embed == 1 && len < 75) || e->embed > 1)
        return 1;
    return 0;
}


/* Does a text end a sentence: a full stop, question or exclamation mark
** (ASCII, ellipsis, CJK full-width), maybe followed by closing quotes or
** brackets? */
static int nx_ends_sentence(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    while (n > 0) {
        unsigned char c = u[n - 1];
        if (c == ' ' || c == '"' || c == '\'' || c == ')') {
            n--;
        } else if (n >= 3 && u[n - 3] == 0xE2 && u[n - 2] == 0x80 &&
                   (c == 0x9D || c == 0x99)) {
            n -= 3;                                   /* closing quote */
        } else if (n >= 3 && u[n - 3] == 0xE3 && u[n - 2] == 0x80 &&
                   (c == 0x8D || c == 0x8F)) {
            n -= 3;                                   /* CJK closing quote */
        } else {
            break;
        }
    }
    if (n == 0)
        return 0;
    if (u[n - 1] == '.' || u[n - 1] == '!' || u[n - 1] == '?')
        return 1;
    if (n >= 3) {
        unsigned a = u[n - 3], b = u[n - 2], c = u[n - 1];
        if (a == 0xE2 && b == 0x80 && c == 0xA6) return 1;   /* ellipsis */
        if (a == 0xE3 && b == 0x80 && c == 0x82) return 1;   /* ideographic stop */
        if (a == 0xEF && b == 0xBC && (c == 0x81 || c == 0x9F)) return 1;
    }
    return 0;
}

/*
** Does a block read as a sentence: its collapsed text (nx_node_text)
** holds ". " or ends a sentence?  Asked of many elements, each a subtree
** of the next on a deeply nested page, so the text is never built: one
** bottom-up pass over the records summarises each element's text in a few
** flags (nx_sent), a child's summary folded into its parent's, and the
** answers are kept in the records.  Linear in the tree.
*/
#define NX_SE_EMPTY  0x01u  /* no text */
#define NX_SE_WS     0x02u  /* white space (or a separator): empty ones */
#define NX_SE_LEAD   0x04u  /* starts with white space */
#define NX_SE_TRAIL  0x08u  /* ends with white space */
#define NX_SE_DOTSP  0x10u  /* holds ". " (a dot, space, more text) */
#define NX_SE_DOT    0x20u  /* its last byte that is no space is "." */
#define NX_SE_YES    0x40u  /* ends a sentence (nx_ends_sentence) */
#define NX_SE_TRANS  0x80u  /* only closing quotes, brackets, spaces */

typedef unsigned char nx_sent;

static int nx_sent_ws(const unsigned char *u, size_t i, size_t n)
{
    unsigned char c = u[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v')
        return 1;
    return (c == 0xC2 && i + 1 < n && u[i + 1] == 0xA0) ? 2 : 0;
}

/* The summary of one text node's content. */
static nx_sent nx_sent_text(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), i, end;
    nx_sent f = 0;
    int dot = 0, gap = 0, any = 0;
    for (i = 0; i < n;) {
        int k = nx_sent_ws(u, i, n);
        if (k) {
            if (i == 0)
                f |= NX_SE_LEAD;
            gap = 1;
            i += (size_t)k;
            continue;
        }
        if (dot && gap)
            f |= NX_SE_DOTSP;
        dot = u[i] == '.';
        gap = 0;
        any = 1;
        i++;
    }
    if (!any)
        return (nx_sent)(NX_SE_EMPTY | (n ? NX_SE_WS : 0));
    if (gap)
        f |= NX_SE_TRAIL;
    if (dot)
        f |= NX_SE_DOT;
    /* the end, as nx_ends_sentence reads it, white space all spaces */
    for (end = n; end > 0;) {
        unsigned char c = u[end - 1];
        if (c == ' ' || c == '"' || c == '\'' || c == ')' || c == '\t' ||
            c == '\n' || c == '\r' || c == '\f' || c == '\v')
            end--;
        else if (end >= 2 && c == 0xA0 && u[end - 2] == 0xC2)
            end -= 2;
        else if (end >= 3 && u[end - 3] == 0xE2 && u[end - 2] == 0x80 &&
                 (c == 0x9D || c == 0x99))
            end -= 3;
        else if (end >= 3 && u[end - 3] == 0xE3 && u[end - 2] == 0x80 &&
                 (c == 0x8D || c == 0x8F))
            end -= 3;
        else
            break;
    }
    if (end == 0)
        f |= NX_SE_TRANS;
    else if (nx_ends_sentence(s, end))
        f |= NX_SE_YES;
    return f;
}

/* The summary of text `a` followed by text `b`. */
static nx_sent nx_sent_cat(nx_sent a, nx_sent b)
{
    nx_sent f;
    if (a & NX_SE_EMPTY) {
        if (b & NX_SE_EMPTY)
            return (nx_sent)(NX_SE_EMPTY | ((a | b) & NX_SE_WS));
        return (nx_sent)(b | ((a & NX_SE_WS) ? NX_SE_LEAD : 0));
    }
    if (b & NX_SE_EMPTY)
        return (nx_sent)(a | ((b & NX_SE_WS) ? NX_SE_TRAIL : 0));
    f = (nx_sent)((a & NX_SE_LEAD) | (b & (NX_SE_TRAIL | NX_SE_DOT)) |
                  ((a | b) & NX_SE_DOTSP));
    if ((a & NX_SE_DOT) && ((a & NX_SE_TRAIL) || (b & NX_SE_LEAD)))
        f |= NX_SE_DOTSP;
    if (b & NX_SE_TRANS)
        f |= (nx_sent)(a & (NX_SE_YES | NX_SE_TRANS));
    else
        f |= (nx_sent)(b & NX_SE_YES);
    return f;
}

#define NX_SE_SEP ((nx_sent)(NX_SE_EMPTY | NX_SE_WS))

/* The summary of an element's text as its parent's walk meets it
** (nx_node_text: a block, <br>, <td> or <th> starts a word, a block ends
** one; a skipped element gives no text).  `inner`: its children's. */
static nx_sent nx_sent_el(const xmlNode *n, nx_sent inner)
{
    nx_sent f = NX_SE_EMPTY;
    int block = nx_is_block(n);
    if (!nx_is_skip(n)) {
        if (block || nx_is_tag(n, "br") || nx_is_tag(n, "td") ||
            nx_is_tag(n, "th"))
            f = NX_SE_SEP;
        f = nx_sent_cat(f, inner);
    }
    return block ? nx_sent_cat(f, NX_SE_SEP) : f;
}


/* Sets NX_EL_SENT_KNOWN, and NX_EL_SENTENCE where it holds, on every
** record; 0, or -1 when out of memory. */
static int nx_tree_sentences(nx_tree *t)
{
    nx_sent *s = (nx_sent *)malloc(t->n ? t->n : 1);
    size_t i;
    if (s == NULL)
        return -1;
    for (i = t->n; i-- > 0;) {
        nx_el *e = &t->els[i];
        xmlNodePtr c;
        nx_sent f = NX_SE_EMPTY;
        for (c = e->node->children; c != NULL; c = c->next) {
            if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
                if (c->content != NULL)
                    f = nx_sent_cat(f, nx_sent_text((const char *)c->content));
            } else if (c->type == XML_ELEMENT_NODE) {
                nx_el *k = nx_el_of(t, c);
                /* records exist for every element under body but skipped
                ** ones, which give no text */
                f = nx_sent_cat(f, nx_sent_el(c, k ? s[k - t->els]
                                                   : (nx_sent)NX_SE_EMPTY));
            }
        }
        s[i] = f;
        e->flags |= NX_EL_SENT_KNOWN;
        if (f & (NX_SE_DOTSP | NX_SE_YES))
            e->flags |= NX_EL_SENTENCE;
        else
            e->flags &= ~NX_EL_SENTENCE;
    }
    free(s);
    return 0;
}

/* The same for one node, building its text: for nodes without a record,
** and when the summary pass ran out of memory. */
static int nx_reads_as_sentence_walk(xmlNodePtr n)
{
    nx_buf b;
    nx_ws w;
    int yes = 0;
    nx_buf_init(&b);
    nx_ws_init(&w, &b);
    nx_node_text(n, &w);
    if (b.data != NULL)
        yes = strstr(b.data, ". ") != NULL || nx_ends_sentence(b.data, b.len);
    nx_buf_free(&b);
    return yes;
}

/* Does element `e` (a record of `t`) read as a sentence?  The first
** question answers them all. */
static int nx_el_sentence(nx_tree *t, nx_el *e)
{
    if (!(e->flags & NX_EL_SENT_KNOWN) && nx_tree_sentences(t) < 0) {
        e->flags |= NX_EL_SENT_KNOWN;
        if (nx_reads_as_sentence_walk(e->node))
            e->flags |= NX_EL_SENTENCE;
    }
    return (e->flags & NX_EL_SENTENCE) != 0;
}

/* The same for a node: its record's answer, or its text's. */
static int nx_reads_as_sentence(nx_tree *t, xmlNodePtr n)
{
    nx_el *e = nx_el_of(t, n);
    return e != NULL ? nx_el_sentence(t, e) : nx_reads_as_sentence_walk(n);
}

/* A leaf block of the content: kept, all its text its own. */
/* Does `n` hold an <img> (among its first 64 nodes)? */
static int nx_holds_image(xmlNodePtr n)
{
    xmlNodePtr c = n->children;
    int seen = 0;
    while (c != NULL && seen++ < 64) {
        if (nx_is_tag(c, "img"))
            return 1;
        c = (c->type == XML_ELEMENT_NODE && c->children) ? c->children :
            nx_next_after(c, n);
    }
    return 0;
}

static int nx_is_leaf_block(const nx_el *e)
{
    return (e->flags & NX_EL_KEEP) && (e->flags & NX_EL_BLOCK) &&
           e->chars > 0 && e->own_chars == e->chars;
}

/* Is a leaf block boilerplate at the edge of the content: short and no
** sentence (a photo credit, "Advertisement", "Read more"), or a heading
** that closes the content ("Related")? */
static int nx_is_edge_junk(nx_tree *t, nx_el *e, int at_end)
{
    if (nx_heading_level(e->node))
        return at_end;
    if (nx_is_tag(e->node, "li") || nx_is_tag(e->node, "td") ||
        nx_is_tag(e->node, "th"))
        return 0;
    /* a CJK character counts three, as in nx_is_short */
    return e->chars + 2 * (e->wide < e->chars ? e->wide : e->chars) < 50 &&
           !nx_el_sentence(t, e);
}

/* Take element `i` and everything under it out of the content (its
** subtree is the run after it, in pre-order, whose parents are inside;
** a kept child left behind would become a root of its own). */
static void nx_unkeep(nx_tree *t, size_t i)
{
    size_t j;
    t->els[i].flags &= ~NX_EL_KEEP;
    for (j = i + 1; j < t->n && t->els[j].parent >= (int)i; j++)
        t->els[j].flags &= ~NX_EL_KEEP;
}

/*
** jusText's view of the content's edges (balanced and precision; recall
** keeps them).  Short blocks that are no sentence are taken off the start
** and the end of the content, never from the middle: there a cut would
** glue two texts together, which costs more than the block.  Under
** balanced a block that holds an image (a lead photo and its short
** caption) ends the trim: the image is content, and html would lose it.
*/
static void nx_trim_edges(nx_tree *t, int favor)
{
    size_t i, k, total = 0;
    int done;
    for (i = 1; i < t->n; i++)
        if (nx_is_leaf_block(&t->els[i]))
            total += t->els[i].chars;
    if (total < 500)
        return;          /* a short text is all content */
    for (i = 1, k = 0, done = 0; i < t->n && k < 6 && !done; i++) {
        nx_el *e = &t->els[i];
        if (!nx_is_leaf_block(e) || !(t->els[e->parent].flags & NX_EL_KEEP))
            continue;
        if ((favor < 0 || e->img == 0) && nx_is_edge_junk(t, e, 0)) {
            nx_unkeep(t, i);
            k++;
        } else {
            done = 1;
        }
    }
    for (i = t->n, k = 0, done = 0; i-- > 1 && k < 6 && !done;) {
        nx_el *e = &t->els[i];
        if (!nx_is_leaf_block(e) || !(t->els[e->parent].flags & NX_EL_KEEP))
            continue;
        if ((favor < 0 || e->img == 0) && nx_is_edge_junk(t, e, 1)) {
            nx_unkeep(t, i);
            k++;
        } else {
            done = 1;
        }
    }
}

/*
** The end of an article is where sites put what is not the article, in
** the same container: related links, a newsletter box, share buttons,
** the comment thread.  jusText's view: from the last good block (long
** enough, few links) on, blocks are boilerplate when they are links or
** short lines that are no sentence; a run of them holding at least three
** such blocks, and ending on one, is cut.  Short sentences (a last "He
** declined to comment.") do not count, content that ends on one is left
** alone, and a shorter run costs too little to risk.
*/
#define NX_TAIL_BAD_MIN 3

static void nx_trim_tail(nx_tree *t)
{
    size_t i, total = 0, bad = 0, cut = 0;
    for (i = 1; i < t->n; i++)
        if (nx_is_leaf_block(&t->els[i]))
            total += t->els[i].chars;
    if (total < 500)
        return;          /* a short text is all content */
    for (i = t->n; i-- > 1;) {
        nx_el *e = &t->els[i];
        double ld;
        if (!nx_is_leaf_block(e) || !(t->els[e->parent].flags & NX_EL_KEEP))
            continue;
        ld = nx_link_density(e);
        if (nx_heading_level(e->node) || ld > 0.5 ||
            (nx_is_short(e, e->chars) && !nx_el_sentence(t, e)))
            bad++;
        else if (!nx_is_short(e, e->chars) && ld < 0.3)
            break;       /* the last good block: the article ends here */
        else if (cut == 0)
            return;      /* the content ends on a sentence: its own */
        cut = i;
    }
    if (bad < NX_TAIL_BAD_MIN || cut == 0)
        return;
    for (i = cut; i < t->n; i++) {
        nx_el *e = &t->els[i];
        if (nx_is_leaf_block(e) && (t->els[e->parent].flags & NX_EL_KEEP))
            nx_unkeep(t, i);
    }
}

/* A leaf block the reader came for: long enough, few links. */
static int nx_is_good_leaf(nx_el *e)
{
    return !nx_is_short(e, e->chars) && nx_link_density(e) < 0.3;
}

/*
** Boxes inside the article: a newsletter sign-up, "Read more" links, a
** promo between two paragraphs.  jusText drops short and link blocks that
** sit between good ones; we drop the small container holding such
** blocks only, at least one of them links: two or more leaf blocks, none
** good, under 300 characters.  Figures, quotes and tables are content
** whatever their size, and so is a bare list (of apps, of sources) in the
** middle; a box is a container of blocks ("Read more" and its list).
*/
static void nx_drop_boxes(nx_tree *t)
{
    size_t i, good = 0;
    for (i = 0; i < t->n; i++)
        t->els[i].good = t->els[i].linky = t->els[i].leaves = 0;
    for (i = t->n; i-- > 1;) {
        nx_el *e = &t->els[i], *p = &t->els[e->parent];
        if (!(e->flags & NX_EL_KEEP))
            continue;
        if (nx_is_leaf_block(e)) {
            e->leaves = 1;
            e->good = nx_is_good_leaf(e);
            e->linky = nx_link_density(e) > 0.5;
        }
        p->leaves += e->leaves;
        p->good += e->good;
        p->linky += e->linky;
        if (!(p->flags & NX_EL_KEEP))
            good += e->good;          /* e is a root */
    }
    if (good < 3)
        return;          /* boxes are told from an article around them */
    for (i = 1; i < t->n; i++) {
        static const char *const content[] = {
            "figure", "blockquote", "table", "pre", "ul", "ol", "dl", NULL
        };
        nx_el *e = &t->els[i];
        if (!(e->flags & NX_EL_KEEP) || !(t->els[e->parent].flags & NX_EL_KEEP) ||
            (e->flags & NX_EL_DATATABLE))
            continue;
        if (e->leaves >= 2 && e->good == 0 && e->linky > 0 && e->chars < 300 &&
            !nx_tag_in(e->node, content) && !nx_is_leaf_block(e))
            nx_unkeep(t, i);
    }
}

/*
** Promotions inside the article, one paragraph each: "READ MORE: <link>",
** "Lesen Sie auch", "Mehr zum Thema", "Lea también", "À lire aussi" (the
** labels newsrooms put before a link to another story).  A paragraph
** that is only a link stays: Readability's readers keep those.  Only
** between good blocks (three or more in the content): a short text is
** left whole.
*/
static const char *const nx_promo_labels[] = {
    "read more", "read also", "read next", "also read", "see also",
    "related:", "related stories", "related articles", "recommended:",
    "more on this", "lesen sie auch", "lesen sie mehr", "mehr zum thema",
    "auch interessant", "weiterlesen", "das k\xc3\xb6nnte sie auch",
    "lea tambi\xc3\xa9n", "lee tambi\xc3\xa9n", "leer m\xc3\xa1s",
    "te puede interesar", "ver tambi\xc3\xa9n", "\xc3\xa0 lire aussi",
    "a lire aussi", "lire aussi", "lire la suite", "voir aussi",
    "leia tamb\xc3\xa9m", "leggi anche", "lees ook", NULL
};

/* The first bytes of `s` (`n` bytes) lower-cased into `low` (`size`
** bytes, NUL-terminated): ASCII and the Latin-1 capitals.  Their count. */
static size_t nx_lower_head(const char *s, size_t n, char *low, size_t size)
{
    size_t i, k;
    for (i = 0, k = 0; i < n && k + 1 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0x80 &&
                 c <= 0x9E && c != 0x97)
            c = (unsigned char)(c + 0x20);    /* Latin-1 capitals: À -> à */
        low[k++] = (char)c;
    }
    low[k] = '\0';
    return k;
}

/* Does `s` (the block's text) start with one of `labels` that ends
** there, is followed by a separator (":", a dash, "»", ">", "|") or a
** digit ("© 2024"), or heads a block that is mostly link (`linked`)? */
static int nx_starts_with_label(const char *const *labels, const char *s,
                                size_t n, int linked)
{
    char low[64];
    size_t k = nx_lower_head(s, n, low, sizeof low);
    const char *const *l;
    for (l = labels; *l != NULL; l++) {
        size_t m = strlen(*l);
        const char *r;
        if (k < m || memcmp(low, *l, m) != 0)
            continue;
        r = low + m;
        while (*r == ' ')
            r++;
        if (linked || (*l)[m - 1] == ':' || *r == '\0' || *r == ':' || *r == '-' ||
            (*r >= '0' && *r <= '9') ||
            *r == '>' || *r == '|' || (unsigned char)*r == 0xC2 ||
            (unsigned char)*r == 0xE2)
            return 1;                /* 0xC2: "»"; 0xE2: dashes, arrows */
    }
    return 0;
}

/*
** Lines of a photo, not of the text, written as paragraphs between the
** paragraphs: "Image 3 of 5", "(Image credit: ...)", "Photo: ...",
** "Foto: dpa", "Bild: ...", "Credit photo : ...".  A label here must be
** followed by a separator or a number (the block may hold no link).
*/
static const char *const nx_caption_labels[] = {
    "image credit", "(image credit", "image source", "image:", "image ",
    "(image", "photo credit", "(photo credit", "photo", "(photo",
    "photograph:", "picture:", "illustration:", "(illustration", "credit:",
    "foto", "(foto", "bild:", "bild ", "(bild", "bildquelle", "fotos:",
    "cr\xc3\xa9" "dit photo", "cr\xc3\xa9" "dits photo", "imagen:", "(imagen",
    "cr\xc3\xa9" "dito:", NULL
};

/* Is leaf block `e`, with text `s` (`n` bytes), a promotion or a photo's
** line inside the article? */
static int nx_is_promo(const nx_el *e, const char *s, size_t n)
{
    int linked = e->link_chars * 2 >= e->chars;
    if (e->chars < 150 && nx_starts_with_label(nx_caption_labels, s, n, 0))
        return 1;
    if (e->link_chars == 0 && e->chars > 40)
        return 0;                /* a label alone, or a label and a link */
    if (nx_starts_with_label(nx_promo_labels, s, n, linked))
        return 1;
    return 0;
}

static void nx_drop_promos(nx_tree *t)
{
    size_t i, good = 0;
    for (i = 1; i < t->n; i++)
        if (nx_is_leaf_block(&t->els[i]) && nx_is_good_leaf(&t->els[i]))
            good++;
    if (good < 3)
        return;
    for (i = 1; i < t->n; i++) {
        nx_el *e = &t->els[i];
        int drop = 0;
        if (!nx_is_leaf_block(e) || !(t->els[e->parent].flags & NX_EL_KEEP) ||
            nx_heading_level(e->node) || nx_is_tag(e->node, "li") ||
            nx_is_tag(e->node, "td") || nx_is_tag(e->node, "th") ||
            (e->flags & NX_EL_DATATABLE) || e->chars >= 200)
            continue;
        {
            nx_buf b;
            nx_ws w;
            nx_buf_init(&b);
            nx_ws_init(&w, &b);
            nx_node_text(e->node, &w);
            drop = b.data != NULL && nx_is_promo(e, b.data, b.len);
            nx_buf_free(&b);
        }
        if (drop)
            nx_unkeep(t, i);
    }
}

/*
** The lines that close an article and are not its text: the tags and
** categories it was filed under, the copyright line, the heading of the
** author box or of the related posts.  From the last block back, at most
** eight short blocks (under 200 characters) that begin with such a label
** go when the label is followed by a separator or the block holds a
** link ("Posted in <a>News</a>"), and a heading of that kind takes what
** follows it along; the walk stops at the first good block.  A line that
** is only the heading of an author box, a newsletter pitch or the related
** stories ("Written by", "Zur Person", "Te puede interesar": nx_tail_heads)
** takes along up to three good blocks under 800 characters after it (a
** bio, a pitch) when three more good blocks stay before it.
*/
static const char *const nx_tail_labels[] = {
    "posted in", "filed under", "tags:", "tagged", "tagged with",
    "categories:", "category:", "topics:", "copyright", "\xc2\xa9", "(c) ",
    "all rights reserved", "about the author", "related posts",
    "related articles", "related stories", "you may also like",
    "you might also like", "more from", "share this", "share on",
    "schlagw\xc3\xb6rter", "themen:", "mehr zum thema", "artikel teilen",
    "\xc3\xbc" "ber den autor", "das k\xc3\xb6nnte sie auch", "\xc3\xa9tiquettes",
    "mots-cl\xc3\xa9s", "\xc3\xa0 propos de l'auteur", "sur le m\xc3\xaame sujet",
    "etiquetas:", "publicado en", "sobre el autor", "art\xc3\xad" "culos relacionados",
    "noticias relacionadas", NULL
};

/* The same for the headings and pitches that open what follows the
** article: the author box, the newsletter, the related stories. */
static const char *const nx_tail_heads[] = {
    "about the author", "written by", "author", "more from", "more articles",
    "more stories", "more news", "recommended", "you may also", "you might also",
    "you may be interested", "read next", "latest posts", "recent posts",
    "popular posts", "related", "subscribe", "sign up", "newsletter",
    "join our", "get our", "stay in touch", "follow us",
    "\xc3\xbc" "ber den autor", "zur person", "weitere artikel", "mehr aus",
    "mehr zum thema", "\xc3\xa4hnliche artikel", "verwandte artikel",
    "das k\xc3\xb6nnte sie", "auch interessant", "newsletter abonnieren",
    "jetzt abonnieren", "abonnieren sie", "melden sie sich",
    "\xc3\xa0 propos de l'auteur", "\xc3\xa0 lire \xc3\xa9galement",
    "\xc3\xa0 lire aussi", "sur le m\xc3\xaame sujet", "dans la m\xc3\xaame rubrique",
    "vous aimerez aussi", "nos derniers articles", "abonnez-vous", "inscrivez-vous",
    "sobre el autor", "te puede interesar", "tambi\xc3\xa9n te puede",
    "m\xc3\xa1s noticias", "noticias relacionadas", "art\xc3\xad" "culos relacionados",
    "suscr\xc3\xad" "bete", "suscribete", "reg\xc3\xadstrate", NULL
};

/* Is text `s` (`n` bytes) no more than one of `labels` (and a colon)? */
static int nx_is_label_only(const char *const *labels, const char *s, size_t n)
{
    char low[64];
    size_t k;
    const char *const *l;
    if (n >= sizeof low)
        return 0;
    k = nx_lower_head(s, n, low, sizeof low);
    while (k > 0 && (low[k - 1] == ' ' || low[k - 1] == ':'))
        k--;
    for (l = labels; *l != NULL; l++)
        if (strlen(*l) == k && memcmp(low, *l, k) == 0)
            return 1;
    return 0;
}

/* Does text `s` (`n` bytes, a heading's) open with one of `labels` as
** whole words ("Sign up for our newsletter", "More from the Post")? */
static int nx_opens_with_words(const char *const *labels, const char *s, size_t n)
{
    char low[64];
    size_t k;
    const char *const *l;
    if (n >= sizeof low)
        return 0;
    k = nx_lower_head(s, n, low, sizeof low);
    for (l = labels; *l != NULL; l++) {
        size_t m = strlen(*l);
        if (m <= k && memcmp(low, *l, m) == 0 &&
            (low[m] == '\0' || low[m] == ' ' || low[m] == ':'))
            return 1;
    }
    return 0;
}

static void nx_trim_labelled_tail(nx_tree *t)
{
    size_t i, seen = 0, good = 0, cut = 0, past = 0;
    for (i = 1; i < t->n; i++)
        if (nx_is_leaf_block(&t->els[i]) && nx_is_good_leaf(&t->els[i]))
            good++;
    if (good < 3)
        return;
    for (i = t->n; i-- > 1 && seen < 8;) {
        nx_el *e = &t->els[i];
        nx_buf b;
        nx_ws w;
        int label, head = 0;
        if (!nx_is_leaf_block(e) || !(t->els[e->parent].flags & NX_EL_KEEP))
            continue;
        if (e->chars >= 200 && !(e->chars < 800 && past < 3 && good > past + 3))
            break;
        seen++;
        nx_buf_init(&b);
        nx_ws_init(&w, &b);
        nx_node_text(e->node, &w);
        label = b.data != NULL && !past && e->chars < 200 &&
                nx_starts_with_label(nx_tail_labels, b.data, b.len,
                                     e->link_chars > 0);
        if (b.data != NULL) {
            head = nx_heading_level(e->node) ?
                   e->link_chars == 0 &&
                   nx_opens_with_words(nx_tail_heads, b.data, b.len) :
                   nx_is_label_only(nx_tail_heads, b.data, b.len) &&
                   !nx_el_sentence(t, e);
            if (!past && e->chars < 200 &&
                nx_starts_with_label(nx_tail_heads, b.data, b.len,
                                     e->link_chars * 2 >= e->chars))
                label = 1;
        }
        nx_buf_free(&b);
        if (label || head)
            cut = i;                 /* this block and what follows it */
        else if (nx_heading_level(e->node))
            ;
        else if ((nx_is_good_leaf(e) || e->chars >= 200) && past < 3 &&
                 good > past + 3)
            past++;                  /* a bio, a pitch: a heading may own it */
        else if (nx_is_good_leaf(e))
            break;
    }
    if (cut == 0)
        return;
    for (i = cut; i < t->n; i++) {
        nx_el *e = &t->els[i];
        if (nx_is_leaf_block(e) && (t->els[e->parent].flags & NX_EL_KEEP))
            nx_unkeep(t, i);
    }
}

/*
** The score of a sibling for the sibling test: its own, or that of a
** wrapper chain under it (elements with one element child each), the
** best; -1 when none is scored.  A site that wraps each run of paragraphs
** in two or three divs, with ads between the runs, leaves the votes on
** the innermost div, while the siblings to compare are the outermost.
** Bounded: eight steps down.
*/
static double nx_chain_score(nx_tree *t, nx_el *e)
{
    double best = (e->flags & NX_EL_SCORED) ? e->score : -1;
    int k;
    for (k = 0; k < 8 && e->kids == 1; k++) {
        xmlNodePtr c;
        nx_el *child = NULL;
        for (c = e->node->children; c != NULL && child == NULL; c = c->next)
            if (c->type == XML_ELEMENT_NODE)
                child = nx_el_of(t, c);
        if (child == NULL || (child->flags & NX_EL_DEAD))
            break;
        e = child;
        if ((e->flags & NX_EL_SCORED) && e->score > best)
            best = e->score;
    }
    return best;
}

/*
** An attempt, phase 1: fresh state.  The tree is shared by the attempts
** nx_choose makes, so every mark the last one left (scores, kept roots,
** dead subtrees) is cleared, and what this attempt strips (`mask`: the
** unlikely candidates when NX_TRY_STRIP_UNLIKELY) is dead with all that
** is under it.  Parents come before children in t->els, so one pass
** propagates death downwards.
*/
static void nx_att_reset(nx_tree *t, unsigned mask)
{
    size_t i;
    nx_tree_sum(t, mask);
    for (i = 0; i < t->n; i++) {
        nx_el *e = &t->els[i];
        e->flags &= ~(NX_EL_SCORED | NX_EL_DEAD | NX_EL_KEEP | NX_EL_REMOVED |
                      NX_EL_ITEM);
        e->score = 0;
        if (i > 0 && ((e->flags & mask) ||
                      (t->els[e->parent].flags & NX_EL_DEAD)))
            e->flags |= NX_EL_DEAD;
    }
}

/*
** Phase 2: paragraphs vote for their ancestors (Readability's scoring).
** A paragraph's vote grows with its commas and length; its parent gets
** it whole, the grandparent half, higher ones a third per level.
*/
static void nx_att_vote(nx_tree *t, int tries)
{
    size_t i;
    for (i = 1; i < t->n; i++) {
        nx_el *e = &t->els[i];
        size_t len, commas;
        double score;
        int level, a, hops, branched;
        if (e->flags & NX_EL_DEAD)
            continue;
        if (nx_scores_as_paragraph(e->node)) {
            len = e->chars;
            commas = e->commas;
        } else if (e->flags & NX_EL_BLOCK) {
            len = e->own_chars;   /* a div's loose text: Readability's <p> */
            commas = e->own_commas;
        } else {
            continue;
        }
        if (len < 25)
            continue;
        score = 1.0 + (double)(commas + 1) + (double)(len / 100 < 3 ? len / 100 : 3);
        /* jusText's "short" block: a line that is no sentence (a
        ** headline, a teaser, a menu entry) is a weak vote, or a column of
        ** thirty of them outvotes an article of ten paragraphs */
        if (nx_is_short(e, len) && !nx_heading_level(e->node) &&
            !nx_el_sentence(t, e))
            score *= NX_SHORT_VOTE;
        /* Wrappers right above a paragraph, holding nothing but it (one
        ** element child), are no level: sites wrap each paragraph in a
        ** div or two, and the container of them all must still get the
        ** paragraph's vote at Readability's parent/grandparent weights.
        ** Above the first ancestor with several children every step
        ** counts, as in Readability.  Bounded: five levels, sixteen steps. */
        for (a = e->parent, level = 0, hops = 0, branched = 0; a >= 0 &&
             level < 5 && hops < 16; a = t->els[a].parent, hops++) {
            nx_el *anc = &t->els[a];
            double div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
            if (anc->node->parent == NULL)
                break;
            nx_init_score(anc, tries);
            anc->score += score / div;
            if (anc->kids > 1)
                branched = 1;
            if (branched)
                level++;
        }
    }
}

/*
** Phase 3: link-heavy candidates lose (a menu collects votes from its
** entries too), then the five best, highest first, go to `best` (-1 for
** none).  Prose with a list of links in it is discounted only for the
** links outside the list, so a "related" list does not sink the article.
*/
static void nx_att_rank(nx_tree *t, int best[5])
{
    size_t i;
    int k;
    for (i = 0; i < t->n; i++) {
        nx_el *e = &t->els[i];
        if (!(e->flags & NX_EL_SCORED) || (e->flags & NX_EL_DEAD))
            continue;
        if (nx_prose_with_list(e))
            e->score *= 1.0 - (double)(e->link_chars - e->list_links) /
                              (double)(e->chars - e->list_chars);
        else
            e->score *= 1.0 - nx_link_density(e);
        /* insertion into the sorted five: shift the lower ones down */
        for (k = 0; k < 5; k++) {
            if (best[k] < 0 || e->score > t->els[best[k]].score) {
                memmove(best + k + 1, best + k, (size_t)(4 - k) * sizeof *best);
                best[k] = (int)i;
                break;
            }
        }
    }
}

/*
** Phase 4a: several near-equal candidates (within 75% of the top) under
** one ancestor mean the article was split into parts (by ads, by
** wrappers per section): the lowest ancestor holding two of them wins.
** Returns `top` unchanged when there is no such group.
*/
static int nx_att_common_ancestor(nx_tree *t, const int best[5], int top)
{
    int alt = 0, k, parent;
    for (k = 1; k < 5; k++)
        if (best[k] > 0 && t->els[best[k]].score / t->els[top].score >= 0.75)
            alt++;
    if (alt < 2)
        return top;
    for (parent = t->els[top].parent; parent > 0;
         parent = t->els[parent].parent) {
        int count = 0;
        for (k = 1; k < 5; k++) {
            int a;
            if (best[k] <= 0 ||
                t->els[best[k]].score / t->els[top].score < 0.75)
                continue;
            /* is this near-equal candidate under `parent`? */
            for (a = t->els[best[k]].parent; a >= 0; a = t->els[a].parent)
                if (a == parent) {
                    count++;
                    break;
                }
        }
        if (count >= 2)
            return parent;
    }
    return top;
}

/*
** Phase 4b: from the candidate, climb while the ancestors score about as
** well (not under a third of the last one seen); an ancestor that scores
** better than the last is the article's real container.  Then an only
** child is no better than its parent: wrappers with a single element
** child are climbed, so the siblings tested next are the container's.
*/
static int nx_att_climb(nx_tree *t, int top)
{
    double last = t->els[top].score, limit = last / 3;
    int parent;
    for (parent = t->els[top].parent; parent > 0;
         parent = t->els[parent].parent) {
        nx_el *p = &t->els[parent];
        if (!(p->flags & NX_EL_SCORED))
            continue;                 /* got no vote: no evidence either way */
        if (p->score < limit)
            break;
        if (p->score > last) {
            top = parent;
            break;
        }
        last = p->score;
    }
    while (top > 0 && t->els[top].parent > 0) {
        xmlNodePtr pn = t->els[t->els[top].parent].node, c;
        int elements = 0;
        for (c = pn->children; c != NULL; c = c->next)
            if (c->type == XML_ELEMENT_NODE)
                elements++;
        if (elements != 1)
            break;
        top = t->els[top].parent;
    }
    return top;
}

/*
** Phase 4: the candidate, as an index into t->els; 0 (the body) when no
** element got a vote.
*/
static int nx_att_pick(nx_tree *t, const int best[5], int tries)
{
    int top = best[0];
    if (top <= 0)
        return 0;
    top = nx_att_common_ancestor(t, best, top);
    /* a common ancestor may have got no vote of its own: score it so the
    ** climb and the sibling threshold have a number to compare with */
    nx_init_score(&t->els[top], tries);
    return nx_att_climb(t, top);
}

/* A div holding text and no block, as long as a paragraph of prose
** (Readability reads it as a <p>): before the winner, a standfirst or a
** lead written in a div; after it, mostly the pitches and notes of the
** tail, which are left to the trimmers.  A short one ("Loading...", a
** script's placeholder) is no standfirst, even when it ends like a
** sentence. */
static int nx_is_loose_div(const nx_el *e)
{
    return nx_is_tag(e->node, "div") && e->chars > 80 &&
           e->own_chars == e->chars;
}

/*
** Phase 5: siblings that look like the winner join it (Readability): a
** sibling whose score, or that of a wrapper chain under it, reaches a
** share of the winner's (less for recall, more for precision; with a
** bonus for the winner's class), a paragraph of prose, a photo between
** paragraphs, a small figure.  Each joins as a kept root.
*/
static void nx_att_join_siblings(nx_tree *t, int top, int favor)
{
    nx_el *te = &t->els[top];
    xmlNodePtr c;
    const char *tcls = nx_attr(te->node, "class");
    double sscore, threshold;
    int before = 1;
    threshold = te->score * (favor > 0 ? 0.1 : favor < 0 ? 0.3 : 0.2);
    if (threshold < 10)
        threshold = 10;
    for (c = te->node->parent->children; c != NULL; c = c->next) {
        nx_el *s;
        double bonus = 0;
        if (c->type != XML_ELEMENT_NODE || (s = nx_el_of(t, c)) == NULL ||
            (s->flags & NX_EL_DEAD))
            continue;
        if (s == te) {
            s->flags |= NX_EL_KEEP;
            before = 0;
            continue;
        }
        if (tcls != NULL && *tcls != '\0') {
            const char *scls = nx_attr(c, "class");
            if (scls != NULL && strcmp(scls, tcls) == 0)
                bonus = te->score * 0.2;
        }
        sscore = nx_chain_score(t, s);
        if (sscore >= 0 && sscore + bonus >= threshold) {
            s->flags |= NX_EL_KEEP;
        } else if (nx_is_tag(c, "p") || (before && nx_is_loose_div(s))) {
            double ld = nx_link_density(s);
            if (s->chars > 80 && ld < 0.25)
                s->flags |= NX_EL_KEEP;
            else if (s->chars < 80 && s->chars > 0 && ld == 0 &&
                     nx_reads_as_sentence(t, c))
                s->flags |= NX_EL_KEEP;
            else if (s->chars == 0 && nx_holds_image(c))
                s->flags |= NX_EL_KEEP;     /* a photo between paragraphs */
        } else if (s->chars < 300 && nx_is_tag(c, "figure") &&
                   nx_holds_image(c)) {
            s->flags |= NX_EL_KEEP;
        }
    }
}

/* Records are in document order (pre-order) and a parent's index is below
** its children's: while scanning forward from record i, the next record
** is still inside i exactly when its parent's index is i or above (its
** parent is then one of the records on the way down from i).  O(1), where
** climbing the parents would cost the depth for every record. */
static int nx_el_next_inside(const nx_tree *t, size_t next, size_t i)
{
    return next < t->n && t->els[next].parent >= (int)i;
}

/* Do elements `a` and `b` look alike as items of one series: the same tag
** and the same first class name (the rest often marks the item's state:
** "is-first", "is-unread", "odd")? */
static int nx_same_kind(const xmlNode *a, const xmlNode *b)
{
    const char *ca, *cb;
    size_t i;
    if (strcmp((const char *)a->name, (const char *)b->name) != 0)
        return 0;
    ca = nx_attr(a, "class");
    cb = nx_attr(b, "class");
    if (ca == NULL || cb == NULL)
        return 0;
    while (nx_is_html_space((unsigned char)*ca))
        ca++;
    while (nx_is_html_space((unsigned char)*cb))
        cb++;
    for (i = 0; ca[i] != '\0' && !nx_is_html_space((unsigned char)ca[i]); i++)
        if (ca[i] != cb[i])
            return 0;
    return i > 0 && (cb[i] == '\0' || nx_is_html_space((unsigned char)cb[i]));
}

/* The siblings under `parent` alike to `like` by `alike`, alive this
** attempt: how many, their text and link text, and how many hold an
** image (`pictured`, when not NULL); with `mark`, each gets the flags
** `mark`. */
static size_t nx_series_of(nx_tree *t, xmlNodePtr parent, xmlNodePtr like,
                           int (*alike)(const xmlNode *, const xmlNode *),
                           size_t *text, size_t *links, size_t *pictured,
                           unsigned mark)
{
    xmlNodePtr s;
    size_t n = 0;
    *text = *links = 0;
    if (pictured != NULL)
        *pictured = 0;
    for (s = parent->children; s != NULL; s = s->next) {
        nx_el *se;
        if (s->type != XML_ELEMENT_NODE || !alike(s, like) ||
            (se = nx_el_of(t, s)) == NULL || (se->flags & NX_EL_DEAD))
            continue;
        n++;
        *text += se->chars;
        *links += se->link_chars;
        if (pictured != NULL && se->img > 0)
            ++*pictured;
        se->flags |= mark;
    }
    return n;
}

/* The series of siblings alike to `like` by nx_same_kind. */
static size_t nx_series(nx_tree *t, xmlNodePtr parent, xmlNodePtr like,
                        size_t *text, size_t *links, unsigned mark)
{
    return nx_series_of(t, parent, like, nx_same_kind, text, links, NULL, mark);
}

/* The element child of `e` holding the most text, or NULL. */
static xmlNodePtr nx_biggest_child(nx_tree *t, const nx_el *e)
{
    xmlNodePtr c, best = NULL;
    size_t most = 0;
    for (c = e->node->children; c != NULL; c = c->next) {
        nx_el *ce;
        if (c->type == XML_ELEMENT_NODE && (ce = nx_el_of(t, c)) != NULL &&
            !(ce->flags & NX_EL_DEAD) && ce->chars > most) {
            most = ce->chars;
            best = c;
        }
    }
    return best;
}

/* The length of a class token at `s` (ends at space or NUL) without its
** numbering: trailing digits and the '-' or '_' before them. */
static size_t nx_token_stem(const char *s, size_t *len)
{
    size_t n = 0, m;
    while (s[n] != '\0' && !nx_is_html_space((unsigned char)s[n]))
        n++;
    *len = n;
    for (m = n; m > 0 && s[m - 1] >= '0' && s[m - 1] <= '9'; m--)
        ;
    if (m < n && m > 0 && (s[m - 1] == '-' || s[m - 1] == '_'))
        m--;
    return m;
}

/* Do `a` and `b` carry the same tag and the same class names, in order,
** up to their numbering ("part part-1", "part part-2")?  Stricter than
** nx_same_kind: a page built of "block block-text", "block block-promo"
** shares its first class everywhere. */
static int nx_same_classes(const xmlNode *a, const xmlNode *b)
{
    const char *ca, *cb;
    if (strcmp((const char *)a->name, (const char *)b->name) != 0 ||
        (ca = nx_attr(a, "class")) == NULL || (cb = nx_attr(b, "class")) == NULL)
        return 0;
    for (;;) {
        size_t la, lb, sa, sb;
        while (nx_is_html_space((unsigned char)*ca))
            ca++;
        while (nx_is_html_space((unsigned char)*cb))
            cb++;
        if (*ca == '\0' || *cb == '\0')
            return *ca == *cb;
        sa = nx_token_stem(ca, &la);
        sb = nx_token_stem(cb, &lb);
        if (sa != sb || memcmp(ca, cb, sa) != 0 || (sa == 0 && la != lb))
            return 0;
        ca += la;
        cb += lb;
    }
}

/* Is record `j` `depth` levels under record `i` (its parent's parent...)? */
static int nx_el_depth_under(const nx_tree *t, int j, int i, int depth)
{
    for (; depth > 0 && j > 0; depth--)
        j = t->els[j].parent;
    return depth == 0 && j == i;
}

/*
** Phase 5a: the other parts of a body split over containers alike.  A
** site that cuts its article in runs of paragraphs (ads, related links,
** "supplemental" boxes between them) wraps each run the same way: the
** vote picks the longest run, and the others, often the lead, are the
** pick's cousins, not its siblings.  Up to three levels above the pick,
** a sibling of the pick's ancestor alike to it (same tag, same class
** names up to their numbering: nx_same_classes) holding, at the pick's depth, an element alike to
** the pick that got a vote and is prose (links under a quarter of its
** text) is a part: it joins the kept roots.  Precision takes none.
*/
static void nx_att_split_parts(nx_tree *t, int top, int favor)
{
    int anc = top, k;
    xmlNodePtr tn = t->els[top].node;
    if (favor < 0 || nx_attr(tn, "class") == NULL)
        return;
    for (k = 1; k <= 3; k++) {
        xmlNodePtr an, s;
        anc = t->els[anc].parent;
        if (anc <= 0 || t->els[anc].parent <= 0)
            return;
        an = t->els[anc].node;
        if (nx_attr(an, "class") == NULL)
            continue;
        for (s = an->parent->children; s != NULL; s = s->next) {
            nx_el *se;
            size_t si, j;
            if (s == an || s->type != XML_ELEMENT_NODE ||
                !nx_same_classes(s, an) || (se = nx_el_of(t, s)) == NULL ||
                (se->flags & NX_EL_DEAD))
                continue;
            si = (size_t)(se - t->els);
            for (j = si + 1; nx_el_next_inside(t, j, si); j++) {
                nx_el *d = &t->els[j];
                if ((d->flags & (NX_EL_DEAD | NX_EL_KEEP)) ||
                    !(d->flags & NX_EL_SCORED) || d->score < 10 ||
                    !nx_same_classes(d->node, tn) ||
                    !nx_el_depth_under(t, (int)j, (int)si, k) ||
                    nx_link_density(d) >= 0.25)
                    continue;
                d->flags |= NX_EL_KEEP;
            }
        }
    }
}

/*
** Phase 5b: the items of a series.  The vote finds prose, and the posts
** of a thread, the entries of a listing, the sections of a service page
** are each a little prose: the vote picks the longest one, or the
** container of them all, whose cleaning then judges each item by prose
** (a post is short and has its author's links) and drops most.  A series
** is three or more siblings alike (same tag, same first class) that are
** no link list.  When the pick lies in one of a series holding at least
** twice the text picked (looked for in its six nearest ancestors, the
** nearest first), the series is the content: its items join the kept
** roots.  Else when the pick holds a series (the children of it or of
** its descendants three levels down, alike to the one holding most text)
** that is most of its text, its items and the path to them are kept
** whole (NX_EL_ITEM), and the cleaning judges only what is inside them.
*/
static void nx_att_items(nx_tree *t, int top, int tries)
{
    size_t mine = 0, i, n, text, links, best_text = 0;
    int c = top, a, k, best = -1;
    xmlNodePtr s, like, best_like = NULL;
    for (s = t->els[top].node->parent->children; s != NULL; s = s->next) {
        nx_el *se;
        if (s->type == XML_ELEMENT_NODE && (se = nx_el_of(t, s)) != NULL &&
            (se->flags & NX_EL_KEEP))
            mine += se->chars;
    }
    for (k = 0; k < 6 && c > 0 && (a = t->els[c].parent) > 0; k++, c = a) {
        xmlNodePtr cn = t->els[c].node;
        if (nx_attr(cn, "class") == NULL)
            continue;
        n = nx_series(t, t->els[a].node, cn, &text, &links, 0);
        if (n < 3 || text < 2 * mine || links * 2 >= text)
            continue;
        nx_series(t, t->els[a].node, cn, &text, &links, NX_EL_KEEP);
        return;
    }
    if (!(tries & NX_TRY_ITEMS))
        return;
    /* inside the pick: its records follow it, three levels deep at most */
    for (i = (size_t)top; nx_el_next_inside(t, i, (size_t)top) || i == (size_t)top; i++) {
        nx_el *e = &t->els[i];
        int depth = 0;
        for (a = (int)i; a != top && depth <= 3; a = t->els[a].parent)
            depth++;
        if (depth > 3 || (e->flags & NX_EL_DEAD) || e->kids < 3 ||
            (like = nx_biggest_child(t, e)) == NULL)
            continue;
        n = nx_series(t, e->node, like, &text, &links, 0);
        if (n >= 3 && links * 2 < text && 2 * text >= t->els[top].chars &&
            text > best_text) {
            best_text = text;
            best = (int)i;
            best_like = like;
        }
    }
    if (best < 0)
        return;
    n = nx_series(t, t->els[best].node, best_like, &text, &links, NX_EL_ITEM);
    for (a = best; a != top; a = t->els[a].parent)
        t->els[a].flags |= NX_EL_ITEM;
}

/* The conditional cleaning's tags. */
static const char *const nx_cond_tags[] = {
    "form", "fieldset", "table", "ul", "ol", "div", "section", "aside", NULL
};

/* A container this small that holds an image is judged as Readability's
** bottom-up cleaning judges it: without the parts inside it that would go
** first. */
#define NX_IMAGE_BOX_CHARS 600

/*
** Readability cleans conditionally from the last element to the first, so
** a figure's link-dense caption (a thumbnail's credit, a caption of wiki
** links) is removed before the figure is judged, and the figure, now an
** image alone, stays.  The tree here is judged parents first; for a small
** container with images, this is its verdict without the containers inside
** it, holding no image, that would be dropped themselves.
*/
static int nx_drop_image_box(nx_tree *t, nx_el *e, int tries)
{
    size_t i = (size_t)(e - t->els), j;
    nx_el r = *e;
    int cut = 0;
    for (j = i + 1; nx_el_next_inside(t, j, i); j++) {
        nx_el *d = &t->els[j];
        size_t dj = j;
        if (d->flags & NX_EL_DEAD) {
            /* excluded this attempt: its sums were never added into e's */
            while (nx_el_next_inside(t, j + 1, dj))
                j++;
            continue;
        }
        if (d->img > 0 || !nx_tag_in(d->node, nx_cond_tags) ||
            !nx_should_drop(t, d, tries))
            continue;
        r.chars -= d->chars;
        r.link_chars -= d->link_chars;
        r.wide -= d->wide < r.wide ? d->wide : r.wide;
        r.commas -= d->commas;
        r.list_chars -= d->list_chars;
        r.list_links -= d->list_links;
        r.p -= d->p;
        r.li -= d->li;
        r.input -= d->input;
        r.embed -= d->embed;
        r.heading_chars -= d->heading_chars;
        cut = 1;
        while (nx_el_next_inside(t, j + 1, dj))
            j++;                                   /* past d's subtree */
    }
    return cut ? nx_should_drop(t, &r, tries) : 1;
}

/*
** Is `e` words of a paragraph `p` that says more: a dateline's place
** ("<span class=dateline>CAIRO —</span> Gunmen opened fire"), a name
** inside a sentence.  A byline is a line of its own; this is prose.
*/
static int nx_opens_paragraph(const nx_el *e, const nx_el *p)
{
    return nx_is_tag(p->node, "p") && !(e->flags & NX_EL_BLOCK) &&
           p->chars >= 2 * e->chars + 80;
}

/*
** Phase 6 (with NX_TRY_CLEAN): is `e`, inside the kept content under its
** parent `p`, chrome to leave out with all under it?  Readability's
** conditional cleaning, and the chrome it misses.
*/
static int nx_att_is_chrome(nx_tree *t, nx_el *e, const nx_el *p, int tries,
                            int favor)
{
    /* recall drops only what the class names say is chrome */
    if (nx_tag_in(e->node, nx_cond_tags) &&
        !nx_has_ancestor_tag(t, e, "code", 8) &&
        !(p->flags & NX_EL_DATATABLE) &&
        (favor > 0 ? e->weight < 0 && (tries & NX_TRY_WEIGHT_CLASSES)
                   : nx_should_drop(t, e, tries) &&
                     (e->img == 0 || e->chars >= NX_IMAGE_BOX_CHARS ||
                      (tries & NX_TRY_WEIGHT_CLASSES && e->weight < 0) ||
                      nx_drop_image_box(t, e, tries))))
        return 1;
    if (nx_heading_level(e->node) && (tries & NX_TRY_WEIGHT_CLASSES) &&
        e->weight < 0)
        return 1;
    /* a figure whose class says it has share buttons is a photo */
    if (e->chars < 500 && ((e->cwords | e->iwords) & NX_W_SHARE) &&
        !nx_is_tag(e->node, "figure"))
        return 1;
    /* a layout table's column of links beside the content */
    if (nx_is_tag(e->node, "td") && !(e->flags & NX_EL_DATATABLE) &&
        !(p->flags & NX_EL_DATATABLE) && e->chars < 200 &&
        nx_link_density(e) > 0.5)
        return 1;
    /* the byline is metadata, not body (Readability takes it out) */
    if (e->chars < 100 && nx_is_byline(e->node, e->cwords, e->iwords) &&
        !nx_opens_paragraph(e, p))
        return 1;
    /* precision: a container mostly of links is navigation */
    if (favor < 0 && !(e->flags & NX_EL_DATATABLE) &&
        (e->flags & NX_EL_BLOCK) && e->chars > 0 &&
        !(e->flags & NX_EL_IN_LINK) && e->own_chars < e->chars &&
        nx_link_density(e) > 0.5)
        return 1;
    return 0;
}

/*
** Phase 6: what is inside the kept roots is kept, less the chrome found
** there.  Parents come before children, so an element left out (not
** kept) leaves its whole subtree out: its children see an unkept parent.
** Data tables are marked on the way, and everything under one is data.
*/
static void nx_att_keep_inside(nx_tree *t, int tries, int favor)
{
    size_t i;
    for (i = 1; i < t->n; i++) {
        nx_el *e = &t->els[i], *p = &t->els[e->parent];
        if (e->flags & NX_EL_KEEP) {       /* a root */
            /* a data table chosen itself (its rows won the vote) is
            ** data all the same: its rows are not judged as chrome */
            if (nx_is_root_data_table(t, e))
                e->flags |= NX_EL_DATATABLE;
            continue;
        }
        if (!(p->flags & NX_EL_KEEP) || (e->flags & NX_EL_DEAD))
            continue;
        if (nx_is_tag(e->node, "table") && nx_is_data_table(e->node))
            e->flags |= NX_EL_DATATABLE;
        /* an item of a series (nx_att_items), or a wrapper holding most
        ** of one's text, is kept whole; what else is inside is judged */
        if ((p->flags & NX_EL_ITEM) && !(e->flags & NX_EL_ITEM) &&
            e->chars * 5 >= p->chars * 4)
            e->flags |= NX_EL_ITEM;
        if ((tries & NX_TRY_CLEAN) && !(e->flags & NX_EL_ITEM) &&
            nx_att_is_chrome(t, e, p, tries, favor))
            continue;
        if (p->flags & NX_EL_DATATABLE)
            e->flags |= NX_EL_DATATABLE;
        e->flags |= NX_EL_KEEP;
    }
}

/*
** Score the tree under `tries`, mark the chosen content NX_EL_KEEP and
** return how many characters of text it holds (nx_choose compares the
** attempts by it).  The phases run in order; each reads the marks the
** ones before it left in t->els.
*/
static size_t nx_att_finish(nx_tree *t, int tries, int favor)
{
    size_t i, kept = 0;
    nx_att_keep_inside(t, tries, favor);
    /* trimming: the chrome at the edges of the kept content, which the
    ** scoring cannot see (it is inside the winner); recall keeps it */
    if (favor <= 0) {
        nx_trim_tail(t);
        nx_drop_boxes(t);
        nx_drop_promos(t);
        nx_trim_labelled_tail(t);
        nx_trim_edges(t, favor);
    }
    /* the measure of the attempt: the text it keeps */
    for (i = 0; i < t->n; i++)
        if (t->els[i].flags & NX_EL_KEEP)
            kept += t->els[i].self_chars;
    return kept;
}

static size_t nx_attempt(nx_tree *t, int tries, int favor)
{
    unsigned mask = (tries & NX_TRY_STRIP_UNLIKELY) ? NX_EL_UNLIKELY : 0;
    int top;
    int best[5] = { -1, -1, -1, -1, -1 };

    nx_att_reset(t, mask);
    nx_att_vote(t, tries);
    nx_att_rank(t, best);
    top = nx_att_pick(t, best, tries);
    t->top = top;
    if (top == 0)
        t->els[0].flags |= NX_EL_KEEP;     /* no candidate: the whole body */
    else {
        nx_att_join_siblings(t, top, favor);
        nx_att_split_parts(t, top, favor);
        nx_att_items(t, top, tries);
    }
    return nx_att_finish(t, tries, favor);
}

/*
** The second opinion: the page's main landmark (<main>, role="main"),
** when the choice holds under half of the landmark's text.  The paragraph
** vote finds prose; a thread, a product's specifications, the items of a
** listing are no prose, so the vote picks one post, the intro above a
** list, a description beside its specifications.  The page's own word for
** where its content is then says more, and the landmark is kept whole
** (what nx_clean left of it, less this attempt's dead subtrees): the
** conditional cleaning and the trimmers judge by prose and would cut the
** items it was taken for.  Precision asks for a smaller share before it
** trusts the landmark, recall a larger one.  One pass over the records;
** the re-marking only when the landmark is taken.
*/
static void nx_second_opinion(nx_tree *t, int tries, int favor, size_t kept)
{
    /* the share of the landmark's text the choice must reach, in percent */
    size_t share = favor > 0 ? 60 : favor < 0 ? 40 : 50, i;
    int land = -1;
    for (i = 1; i < t->n; i++) {
        nx_el *e = &t->els[i];
        if ((e->flags & NX_EL_DEAD) || e->chars * share <= kept * 100)
            continue;
        if ((land < 0 || e->chars > t->els[land].chars) &&
            nx_is_landmark(e->node))
            land = (int)i;
    }
    if (land < 0)
        return;
    for (i = 0; i < t->n; i++)
        t->els[i].flags &= ~(NX_EL_KEEP | NX_EL_REMOVED);
    t->els[land].flags |= NX_EL_KEEP;
    nx_att_keep_inside(t, tries & ~NX_TRY_CLEAN, favor);
}

/*
** The attempt that stands, looked at again.  When its cleaning left
** under half of the pick's text, the pick may be a series (a thread's
** posts, a listing's entries) that the cleaning judged item by item as
** prose: the attempt is made again keeping such a series whole
** (NX_TRY_ITEMS; nothing changes when the pick holds none).  Only here,
** on the attempt that stands: an attempt that finds too little text
** still makes way for the next one.  Then the landmark's opinion.
*/
static void nx_settle(nx_tree *t, int tries, int favor, size_t len)
{
    if (t->top > 0 && len * 2 < t->els[t->top].chars) {
        len = nx_attempt(t, tries | NX_TRY_ITEMS, favor);
    }
    nx_second_opinion(t, tries, favor, len);
}

/*
** Choose the article: the attempts Readability makes, from strict to
** lenient, stopping at the first that finds enough text; else the best.
** favor: -1 precision, 0 balanced, 1 recall.
*/
NX_FUNC void nx_choose(nx_tree *t, int favor)
{
    static const int order[] = {
        NX_TRY_STRIP_UNLIKELY | NX_TRY_WEIGHT_CLASSES | NX_TRY_CLEAN,
        NX_TRY_WEIGHT_CLASSES | NX_TRY_CLEAN,
        NX_TRY_CLEAN,
        0
    };
    size_t best_len = 0, len;
    int best = order[0], k, n = (int)(sizeof order / sizeof order[0]);
    for (k = 0; k < n; k++) {
        len = nx_attempt(t, order[k], favor);
        if (len >= 500) {
            nx_settle(t, order[k], favor, len);
            return;
        }
        if (len > best_len) {
            best_len = len;
            best = order[k];
        }
    }
    len = nx_attempt(t, best, favor);
    nx_settle(t, best, favor, len);
}

/* Alike as items of a grid: nx_same_kind, or (the grid's items often
** carry no class) the same tag and no class on either. */
static int nx_grid_alike(const xmlNode *a, const xmlNode *b)
{
    if (nx_same_kind(a, b))
        return 1;
    return strcmp((const char *)a->name, (const char *)b->name) == 0 &&
           nx_attr(a, "class") == NULL && nx_attr(b, "class") == NULL;
}

/* The grid's series under `parent`: the alive siblings alike to `like`
** (nx_grid_alike), their count, text, link text and how many hold an
** image (a shop's cards each show one, a menu's links rarely do). */
static size_t nx_grid_series(nx_tree *t, xmlNodePtr parent, xmlNodePtr like,
                             size_t *text, size_t *links, size_t *pictured)
{
    return nx_series_of(t, parent, like, nx_grid_alike, text, links, pictured, 0);
}

/* A choice holding less text than this beside the grid is a box (an
** intro line, a newsletter form, a shipping notice), not a category's
** prose that stands as the page's content: the grid joins it whatever
** its size. */
#define NX_GRID_PROSE 1000

/*
** The grid opinion (doc:article(favor, urls, "items"), asked by the Lua
** policy on pages it reads as a collection): the biggest
** series of four or more alike siblings (nx_grid_series) outside <nav>,
** <header> and <footer>, whose items average 15 characters or more (a
** category's tiles: a picture and a name of a few words) and
** are not all link (a shop's cards, each one link around its picture, name
** and price, may be: when half of them hold an image, which a menu's
** links do not), joins the kept content with all under it when it holds
** twice the text the choice kept outside it, or the choice is short
** (NX_GRID_PROSE).  A shop's grid of cards is no prose,
** so the vote picks a newsletter box or an intro beside it.
*/
NX_FUNC void nx_choose_grid(nx_tree *t)
{
    size_t i, j, kept = 0, inside = 0, n, text, links, pictured, best_text = 0;
    int best = -1;
    xmlNodePtr like;
    for (i = 0; i < t->n; i++)
        if (t->els[i].flags & NX_EL_KEEP)
            kept += t->els[i].self_chars;
    for (i = 1; i < t->n; i++) {
        nx_el *e = &t->els[i];
        if ((e->flags & NX_EL_DEAD) || e->kids < 4 || e->weight < 0 ||
            (like = nx_biggest_child(t, e)) == NULL)
            continue;
        n = nx_grid_series(t, e->node, like, &text, &links, &pictured);
        if (n < 4 || text < 15 * n ||
            (links * 10 >= text * 9 && pictured * 2 < n) ||
            text * 10 < e->chars * 6 || text <= best_text)
            continue;
        if (nx_has_ancestor_tag(t, e, "nav", 30) ||
            nx_has_ancestor_tag(t, e, "header", 30) ||
            nx_has_ancestor_tag(t, e, "footer", 30))
            continue;
        best_text = text;
        best = (int)i;
    }
    if (best < 0)
        return;
    /* what the grid competes with: the choice's text outside it (the vote
    ** may have kept some of the items' own lines) */
    for (j = (size_t)best; j == (size_t)best ||
         nx_el_next_inside(t, j, (size_t)best); j++)
        if (t->els[j].flags & NX_EL_KEEP)
            inside += t->els[j].self_chars;
    if (kept - inside >= NX_GRID_PROSE && best_text < 2 * (kept - inside))
        return;
    t->els[best].flags |= NX_EL_KEEP;
    for (j = (size_t)best + 1; nx_el_next_inside(t, j, (size_t)best); j++) {
        nx_el *e = &t->els[j];
        if ((t->els[e->parent].flags & NX_EL_KEEP) && !(e->flags & NX_EL_DEAD))
            e->flags |= NX_EL_KEEP;
    }
}

/*
** The product opinion (doc:article(favor, urls, "product"), asked by the
** Lua policy on pages it reads as a product page).  A shop's page holds,
** beside the product's own description, specifications and bullet list,
** what sells other things or reports on this one: the cards of related
** products, "customers also bought", the reviews.  The landmark's opinion
** keeps them (nx_second_opinion keeps <main> whole), and the cleaning
** judges them as prose.  Three cues, each over the kept content:
**  - a container whose class or id names such a box (nx_product_boxes:
**    related, recommended, reviews; and the shop's chrome: breadcrumbs,
**    wish list, newsletter, payment options) goes;
**  - a heading that opens a section of other products (nx_product_heads;
**    a heading on reviews says nothing: some shops' reviews are their
**    product's text) goes with what follows it, up to the next heading of
**    its level or above;
**  - a series of three or more alike siblings (nx_grid_series: the
**    same first class, or the same tag and no class on either) that are
**    cards, short (under 300 characters on average) and mostly link or
**    most carrying a price, goes, unless it is half the content or more
**    (a grid of products: a collection read as a product page).
** When nothing is left, the choice stands as it was.  Before them, a
** choice that is elsewhere than the product (nx_product_elsewhere: the
** site's footer, a row of other products' priced cards, or boxes of
** such things and fine print, with the product's <h1> outside it) gives
** way to the product's box around its heading.
*/
static const char *const nx_product_boxes[] = {
    "review", "related", "recommend", "upsell", "up-sell", "cross-sell",
    "crosssell", "recently", "similar", "also-bought", "alsobought",
    "breadcrumb", "wishlist", "newsletter", "payment", "disclaimer",
    "footnote", NULL
};

static const char *const nx_product_heads[] = {
    "customers also", "customers who", "frequently bought", "you may also",
    "you might also", "you may like", "you might like", "related product",
    "related item", "similar product", "similar item", "recommended for you",
    "recommended products", "recently viewed", "more from", "more products",
    "complete the look", "kunden kauften", "kunden, die",
    "\xc3\xa4hnliche produkte", "das k\xc3\xb6nnte", "zuletzt angesehen",
    "passend dazu", "vous aimerez", "produits similaires", "les clients ont",
    "tambi\xc3\xa9n te puede", "te puede interesar", "productos relacionados",
    "productos similares", NULL
};

/* The same, for a heading that is the word alone ("Recommended"). */
static const char *const nx_product_heads_alone[] = {
    "recommended", "recommendations", "empfehlungen", "recomendados",
    "recommandations", "suggestions", NULL
};

/* Does the class or id of `n` name one of `cues`, at the start of a word
** (after a non-letter, or a capital: "productReviews")? */
static int nx_names_box(const xmlNode *n, const char *const *cues)
{
    static const char *const attrs[] = { "class", "id", NULL };
    int a;
    for (a = 0; attrs[a] != NULL; a++) {
        const char *v = nx_attr(n, attrs[a]);
        const char *const *c;
        if (v == NULL)
            continue;
        for (c = cues; *c != NULL; c++) {
            const char *at = v;
            while ((at = nx_strcasestr(at, *c)) != NULL) {
                unsigned char b = at > v ? (unsigned char)at[-1] : ' ';
                if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) ||
                    (*at >= 'A' && *at <= 'Z'))
                    return 1;
                at++;
            }
        }
    }
    return 0;
}

/* The lower-cased text of `n` in `low` (`cap` bytes at most, NUL ended);
** returns its length. */
static size_t nx_low_text(xmlNodePtr n, char *low, size_t cap)
{
    nx_buf b;
    nx_ws w;
    size_t k = 0;
    nx_buf_init(&b);
    nx_ws_init(&w, &b);
    nx_node_text(n, &w);
    if (b.data != NULL)
        for (; k < b.len && k + 1 < cap; k++)
            low[k] = (char)nx_ascii_lower((unsigned char)b.data[k]);
    low[k] = '\0';
    nx_buf_free(&b);
    return k;
}

/* Does heading text `low` begin with one of `heads`, at a word's end? */
static int nx_opens_section(const char *const *heads, const char *low)
{
    const char *const *h;
    for (h = heads; *h != NULL; h++) {
        size_t m = strlen(*h);
        unsigned char r = (unsigned char)low[m];
        if (strncmp(low, *h, m) == 0 && !(r >= 'a' && r <= 'z') && r < 0x80)
            return 1;
    }
    return 0;
}

/* Is heading text `low` one of `labels`, alone (a colon after it aside)? */
static int nx_is_label_alone(const char *const *labels, const char *low)
{
    const char *const *l;
    for (l = labels; *l != NULL; l++) {
        size_t m = strlen(*l);
        if (strncmp(low, *l, m) == 0 &&
            (low[m] == '\0' || (low[m] == ':' && low[m + 1] == '\0')))
            return 1;
    }
    return 0;
}

static void nx_product_drop_heads(nx_tree *t)
{
    size_t i, j;
    for (i = 1; i < t->n; i++) {
        nx_el *e = &t->els[i];
        int level = nx_heading_level(e->node);
        char low[96];
        if (level == 0 || !(e->flags & NX_EL_KEEP) || e->chars >= 80 ||
            !(t->els[e->parent].flags & NX_EL_KEEP))
            continue;
        nx_low_text(e->node, low, sizeof low);
        if (!nx_opens_section(nx_product_heads, low) &&
            !nx_is_label_alone(nx_product_heads_alone, low))
            continue;
        nx_unkeep(t, i);
        for (j = i + 1; j < t->n; j++) {
            nx_el *f = &t->els[j];
            int fl = nx_heading_level(f->node);
            if (fl > 0 && fl <= level && (f->flags & NX_EL_KEEP))
                break;
            if (nx_is_leaf_block(f))
                nx_unkeep(t, j);
        }
        i = j - 1;
    }
}

/* Does `n`'s text carry a price (nx_meta_price)? */
static int nx_has_price(xmlNodePtr n)
{
    char low[512];
    size_t k = nx_low_text(n, low, sizeof low);
    return nx_meta_price(low, k);
}

static void nx_product_drop_cards(nx_tree *t)
{
    size_t i, n, text, links, all = 0;
    for (i = 1; i < t->n; i++)
        if (nx_is_leaf_block(&t->els[i]))
            all += t->els[i].chars;
    for (i = 1; i < t->n; i++) {
        nx_el *e = &t->els[i];
        xmlNodePtr like, s;
        size_t priced = 0;
        if (!(e->flags & NX_EL_KEEP) || e->kids < 3 ||
            (like = nx_biggest_child(t, e)) == NULL)
            continue;
        {
            size_t pic;
            n = nx_grid_series(t, e->node, like, &text, &links, &pic);
        }
        if (n < 3 || text == 0 || text >= 300 * n ||
            text * 2 >= all)
            continue;
        if (links * 2 < text) {
            for (s = e->node->children; s != NULL; s = s->next)
                if (s->type == XML_ELEMENT_NODE && nx_grid_alike(s, like) &&
                    nx_has_price(s))
                    priced++;
            if (priced * 2 < n)
                continue;
        }
        for (s = e->node->children; s != NULL; s = s->next) {
            nx_el *se;
            if (s->type == XML_ELEMENT_NODE && nx_grid_alike(s, like) &&
                (se = nx_el_of(t, s)) != NULL)
                nx_unkeep(t, (size_t)(se - t->els));
        }
    }
}

/* Is element `i` one of `j`'s ancestors (or `j`)? */
static int nx_holds(const nx_tree *t, size_t i, size_t j)
{
    int a;
    for (a = (int)j; a > (int)i; a = t->els[a].parent)
        ;
    return a == (int)i;
}

/* Is every kept root of the choice the page's footer, or inside one: an
** element whose tag, class or id says footer, short as footers are (a
** "sticky footer" bar may wrap a whole page: under `limit` characters;
** or, with a product heading `h` outside it, of any size: a footer that
** does not hold the product's name wraps no page), inside no <main>,
** main landmark or <article> (a product's own "footer" box is inside
** those)? */
#define NX_FOOTER_CHARS 2000
static int nx_chose_footer(nx_tree *t, size_t limit, size_t h)
{
    static const char *const footer[] = { "footer", NULL };
    size_t i;
    int any = 0;
    for (i = 1; i < t->n; i++) {
        nx_el *e = &t->els[i];
        int a, in = 0;
        if (!(e->flags & NX_EL_KEEP) || (t->els[e->parent].flags & NX_EL_KEEP))
            continue;
        for (a = (int)i; a > 0; a = t->els[a].parent) {
            xmlNodePtr n = t->els[a].node;
            if (nx_is_landmark(n) || nx_is_tag(n, "article")) {
                in = 0;
                break;
            }
            if ((nx_is_tag(n, "footer") || nx_names_box(n, footer)) &&
                (h > 0 ? !nx_holds(t, (size_t)a, h) : t->els[a].chars < limit))
                in = 1;
        }
        if (!in)
            return 0;
        any = 1;
    }
    return any;
}


/* The product's heading: the first <h1> with text outside <nav>, <header>
** and <footer> (a shop writes the product's name there), or 0. */
static size_t nx_product_heading(nx_tree *t)
{
    size_t i;
    for (i = 1; i < t->n; i++) {
        nx_el *e = &t->els[i];
        if (!nx_is_tag(e->node, "h1") || e->chars == 0 ||
            (e->flags & NX_EL_DEAD))
            continue;
        if (nx_has_ancestor_tag(t, e, "nav", 40) ||
            nx_has_ancestor_tag(t, e, "header", 40) ||
            nx_has_ancestor_tag(t, e, "footer", 40))
            continue;
        return i;
    }
    return 0;
}

/* Is element `i` inside the choice (it or an ancestor kept)? */
static int nx_in_choice(const nx_tree *t, size_t i)
{
    int a;
    for (a = (int)i; a > 0; a = t->els[a].parent)
        if (t->els[a].flags & NX_EL_KEEP)
            return 1;
    return 0;
}

/* The product's box around its heading `h`: the ancestors are climbed
** while they are small (a name, a price and a button are a few hundred
** characters: NX_PRODUCT_BOX) or grow by no more than twice; a parent
** more than twice the size holds the page's other parts. */
#define NX_PRODUCT_BOX 300
static size_t nx_product_box(const nx_tree *t, size_t h)
{
    size_t cur = h;
    int p;
    while ((p = t->els[cur].parent) > 0) {
        if (t->els[cur].chars >= NX_PRODUCT_BOX &&
            t->els[p].chars > 2 * t->els[cur].chars)
            break;
        cur = (size_t)p;
    }
    return cur;
}

/* Are the choice's blocks other products' cards: three or more carry a
** price, and one in four or more does (a product's own page names its
** price once or twice; a row of cards names one in each)? */
static int nx_chose_cards(nx_tree *t)
{
    size_t i, leaves = 0, priced = 0;
    for (i = 1; i < t->n; i++)
        if (nx_is_leaf_block(&t->els[i])) {
            leaves++;
            if (nx_has_price(t->els[i].node))
                priced++;
        }
    return priced >= 3 && priced * 4 >= leaves;
}

/* Is the choice's text, nine tenths of it or more, inside boxes whose
** class names other products, reviews or fine print (nx_product_boxes)? */
static int nx_chose_boxes(nx_tree *t)
{
    size_t i, kept = 0, boxed = 0;
    for (i = 1; i < t->n; i++) {
        int a;
        if (!nx_is_leaf_block(&t->els[i]))
            continue;
        kept += t->els[i].chars;
        for (a = (int)i; a > 0; a = t->els[a].parent)
            if (nx_names_box(t->els[a].node, nx_product_boxes)) {
                boxed += t->els[i].chars;
                break;
            }
    }
    return kept > 0 && boxed * 10 >= kept * 9;
}

/* The choice becomes the box `r` and what is alive under it. */
static void nx_take_box(nx_tree *t, size_t r)
{
    size_t j;
    for (j = 0; j < t->n; j++)
        t->els[j].flags &= ~NX_EL_KEEP;
    t->els[r].flags |= NX_EL_KEEP;
    for (j = r + 1; nx_el_next_inside(t, j, r); j++) {
        nx_el *e = &t->els[j];
        if ((t->els[e->parent].flags & NX_EL_KEEP) && !(e->flags & NX_EL_DEAD))
            e->flags |= NX_EL_KEEP;
    }
}

/* The vote chose elsewhere than the product: the site's footer (of any
** size, when the heading is outside it), a row of other products' cards,
** or boxes named as such or as fine print ("disclaimer", "footnote"),
** and the product's heading is outside the choice.  Then the
** product's box around its heading is the content.  Returns 1 when taken. */
static int nx_product_elsewhere(nx_tree *t)
{
    size_t h = nx_product_heading(t);
    if (h == 0 || nx_in_choice(t, h))
        return 0;
    if (!nx_chose_footer(t, 0, h) && !nx_chose_cards(t) && !nx_chose_boxes(t))
        return 0;
    nx_take_box(t, nx_product_box(t, h));
    return 1;
}

NX_FUNC void nx_choose_product(nx_tree *t)
{
    size_t i, left = 0;
    unsigned *was;
    if (!nx_product_elsewhere(t) && nx_chose_footer(t, NX_FOOTER_CHARS, 0)) {
        /* the vote found no product text, only the site's footer (a page
        ** its scripts fill): nothing is the content */
        for (i = 0; i < t->n; i++)
            t->els[i].flags &= ~NX_EL_KEEP;
        return;
    }
    was = (unsigned *)malloc(t->n * sizeof *was);
    if (was == NULL)
        return;                 /* the choice stands untrimmed */
    for (i = 0; i < t->n; i++)
        was[i] = t->els[i].flags;
    for (i = 1; i < t->n; i++) {
        nx_el *e = &t->els[i];
        if ((e->flags & NX_EL_KEEP) && (t->els[e->parent].flags & NX_EL_KEEP) &&
            nx_names_box(e->node, nx_product_boxes))
            nx_unkeep(t, i);
    }
    nx_product_drop_heads(t);
    nx_product_drop_cards(t);
    for (i = 1; i < t->n; i++)
        if (nx_is_leaf_block(&t->els[i]))
            left += t->els[i].chars;
    if (left == 0)              /* all of it was such boxes: it stays */
        for (i = 0; i < t->n; i++)
            t->els[i].flags = was[i];
    free(was);
}

/*
** Full-Text RSS's `prune` (its default): the body a site rule chose,
** cleaned as Readability's prepArticle cleans it -- the conditional
** cleaning, headings and boxes whose class says chrome, share boxes,
** bylines -- by the phase that cleans the generic winner.  The `n` roots
** and what stays under them are marked NX_EL_KEEP.  Returns 0, or -1
** when a root is not in the tree (the caller then emits them uncleaned).
*/
NX_FUNC int nx_prune(nx_tree *t, xmlNodePtr *roots, size_t n)
{
    size_t i;
    nx_att_reset(t, 0);
    for (i = 0; i < n; i++) {
        nx_el *e = nx_el_of(t, roots[i]);
        if (e == NULL)
            return -1;
        e->flags |= NX_EL_KEEP;
    }
    nx_att_keep_inside(t, NX_TRY_WEIGHT_CLASSES | NX_TRY_CLEAN, 0);
    return 0;
}

/* Is `like` shaped as a post of a thread: a container of two elements or
** more (an author line and the text, at least), not a line of text? */
static int nx_post_like(nx_tree *t, xmlNodePtr like)
{
    static const char *const lines[] = { "p", "li", "a", "span", "td", "tr",
        "pre", "blockquote", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "b", "strong", "em", "i", "label", "button", NULL };
    const nx_el *le = nx_el_of(t, like);
    size_t k;
    if (le == NULL || le->kids < 2)
        return 0;
    for (k = 0; lines[k] != NULL; k++)
        if (nx_is_tag(like, lines[k]))
            return 0;
    return 1;
}

/* Does the class or id of `n` name a poster's signature? */
static int nx_signature(const xmlNode *n)
{
    const char *c = nx_attr(n, "class"), *i = nx_attr(n, "id");
    return (c != NULL && nx_strcasestr(c, "signature") != NULL) ||
           (i != NULL && nx_strcasestr(i, "signature") != NULL);
}

/* The kept text inside the members of the series of `like` under els[i]
** (the tree is in document order: a child of i's descendants follow it). */
static size_t nx_posts_kept(nx_tree *t, size_t i, xmlNodePtr like)
{
    size_t j, in = 0;
    int member = 0;
    for (j = i + 1; nx_el_next_inside(t, j, i); j++) {
        nx_el *e = &t->els[j];
        if (e->parent == (int)i)
            member = !(e->flags & NX_EL_DEAD) && nx_same_kind(e->node, like);
        if (member && (e->flags & NX_EL_KEEP))
            in += e->self_chars;
    }
    return in;
}

/*
** The thread opinion (doc:article(favor, urls, "posts"), asked by the Lua
** policy on pages it reads as a forum thread).  A thread is its posts: a
** series of two or more alike containers (nx_same_kind: the same tag and
** first class), each an author line and a text (nx_post_like), mostly
** prose (less than half link text), outside <nav>, <header> and <footer>.
** When the biggest such series holds half the kept text or more, the
** choice is narrowed to the series' parent: what was kept outside it goes
** (the breadcrumbs, the thread's sidebar, the forum's promotions, the
** reply form), and inside it the posters' signatures (a class or id
** naming "signature": every forum package spells it so; they go also
** where no series is found, the page being read as a thread all the
** same).  (Bringing in whole the posts the vote left out was tried:
** it brings their user panes and signatures too, and lost more than it
** gained.)
*/
NX_FUNC void nx_choose_posts(nx_tree *t)
{
    size_t i, j, end, kept = 0, n, text, links, in, best_text = 0;
    int best = -1;
    xmlNodePtr like;
    for (i = 0; i < t->n; i++)
        if (t->els[i].flags & NX_EL_KEEP)
            kept += t->els[i].self_chars;
    if (kept == 0)
        return;
    for (i = 1; i < t->n; i++) {
        nx_el *e = &t->els[i];
        if ((e->flags & NX_EL_DEAD) || e->kids < 2 ||
            (like = nx_biggest_child(t, e)) == NULL || !nx_post_like(t, like))
            continue;
        n = nx_series(t, e->node, like, &text, &links, 0);
        if (n < 2 || links * 2 >= text || text * 10 < e->chars * 6 ||
            text <= best_text)
            continue;
        if (nx_has_ancestor_tag(t, e, "nav", 30) ||
            nx_has_ancestor_tag(t, e, "header", 30) ||
            nx_has_ancestor_tag(t, e, "footer", 30))
            continue;
        in = nx_posts_kept(t, i, like);
        if (in * 2 < kept)
            continue;
        best_text = text;
        best = (int)i;
    }
    if (best >= 0) {
        /* outside the series' parent: out of the choice (the parent's own
        ** text, between the posts, too) */
        for (end = (size_t)best + 1; nx_el_next_inside(t, end, (size_t)best); end++)
            ;
        for (j = 0; j < t->n; j++)
            if (j <= (size_t)best || j >= end)
                t->els[j].flags &= ~NX_EL_KEEP;
    } else
        end = t->n;
    /* inside: the posters' signatures, under every post, go (also where
    ** no series was found: the page was still read as a thread) */
    for (j = best >= 0 ? (size_t)best + 1 : 0; j < end; j++) {
        size_t k;
        if (!(t->els[j].flags & NX_EL_KEEP) || !nx_signature(t->els[j].node))
            continue;
        for (k = j; k == j || nx_el_next_inside(t, k, j); k++)
            t->els[k].flags &= ~NX_EL_KEEP;
        j = k - 1;
    }
}

/*
** The service opinion (doc:article(favor, urls, "service"), asked by the
** Lua policy on pages it reads as a service page: a company's product,
** feature, pricing or about page, a landing page).  Such a page is built
** of sibling sections (a hero, feature blocks, pricing cards, an FAQ),
** each a heading and a few lines; the paragraph vote picks the one with
** the most prose and leaves the others.  From the chosen root up to the
** <body> (or the main landmark, the page's own word for where its content
** ends), the siblings of each ancestor that read as content sections join
** the choice (nx_service_section), each kept whole but for its dead and
** chrome parts (nx_service_keep).
*/
static const char *const nx_service_chrome_tags[] = {
    "nav", "header", "footer", "aside", "form", "menu", NULL
};

/* Class or id words of boxes that point to other pages: similar courses,
** related services, recommended reads, breadcrumbs, the newsletter. */
static const char *const nx_service_boxes[] = {
    "related", "similar", "recommend", "recently", "breadcrumb",
    "newsletter", NULL
};

/* A section of content beside the choice: alive, not chrome by tag or
** class (the unlikely words, and newsletter, cookie, consent, share...),
** with some text that is not mostly links, and a heading or a paragraph
** (a feature block, a pricing card, an FAQ); a <form> (a contact or
** sign-up form) is no content. */
static int nx_service_section(const nx_el *s)
{
    if ((s->flags & (NX_EL_DEAD | NX_EL_UNLIKELY | NX_EL_KEEP)) ||
        nx_tag_in(s->node, nx_service_chrome_tags) ||
        ((s->cwords | s->iwords) & (NX_W_CHROME | NX_W_UNLIKELY)) ||
        nx_names_box(s->node, nx_service_boxes))
        return 0;
    if (s->chars < 40 || s->link_chars * 2 > s->chars)
        return 0;
    return s->heading_chars > 0 || s->p > 0;
}

/* A container mostly of links inside a section: breadcrumbs, a menu of
** the site's pages, a list of related links. */
static int nx_service_links(const nx_el *e)
{
    return (e->flags & NX_EL_BLOCK) && e->chars > 0 &&
           !(e->flags & NX_EL_IN_LINK) && e->own_chars < e->chars &&
           nx_link_density(e) > 0.5;
}

/* Keep `i` and what is alive under it, less chrome by tag or class and
** containers mostly of links. */
static void nx_service_keep(nx_tree *t, size_t i)
{
    size_t j;
    t->els[i].flags |= NX_EL_KEEP;
    for (j = i + 1; nx_el_next_inside(t, j, i); j++) {
        nx_el *e = &t->els[j];
        if (!(t->els[e->parent].flags & NX_EL_KEEP) ||
            (e->flags & (NX_EL_DEAD | NX_EL_UNLIKELY)) ||
            nx_tag_in(e->node, nx_service_chrome_tags) ||
            (((e->cwords | e->iwords) & NX_W_CHROME) && e->chars < 400) ||
            nx_service_links(e) || nx_names_box(e->node, nx_service_boxes))
            continue;
        e->flags |= NX_EL_KEEP;
    }
}

/* The site's footer written as a plain section: a short one holding the
** copyright line or the legal links (privacy, terms, imprint). */
static const char *const nx_service_legal[] = {
    "\xc2\xa9", "copyright", "all rights reserved", "privacy policy",
    "terms of use", "terms and conditions", "terms & conditions",
    "cookie policy", "alle rechte vorbehalten", "datenschutzerkl",
    "impressum", "tous droits r\xc3\xa9serv", "mentions l\xc3\xa9gales",
    "politique de confidentialit", "todos los derechos reservados",
    "aviso legal", "pol\xc3\xadtica de privacidad", NULL
};

static int nx_service_footer(const nx_el *s)
{
    char low[4096];
    const char *const *w;
    if (s->chars > 1500)
        return 0;
    nx_low_text(s->node, low, sizeof low);
    for (w = nx_service_legal; *w != NULL; w++)
        if (strstr(low, *w) != NULL)
            return 1;
    return 0;
}

/* Is `i` the record `a` or inside it? */
static int nx_el_within(const nx_tree *t, int i, int a)
{
    for (; i > a; i = t->els[i].parent)
        ;
    return i == a;
}

NX_FUNC void nx_choose_service(nx_tree *t)
{
    size_t i;
    int root = -1, land = -1, a;
    for (i = 1; i < t->n; i++) {
        nx_el *e = &t->els[i];
        if ((e->flags & NX_EL_KEEP) && !(t->els[e->parent].flags & NX_EL_KEEP) &&
            (root < 0 || e->chars > t->els[root].chars))
            root = (int)i;
        if (!(e->flags & NX_EL_DEAD) && nx_is_landmark(e->node) &&
            (land < 0 || e->chars > t->els[land].chars))
            land = (int)i;
    }
    /* the choice holds the main landmark: what is beside it is the site's */
    if (root < 0 || (land >= 0 && nx_el_within(t, land, root)))
        return;
    for (a = root; a > 0 && a != land; a = t->els[a].parent) {
        xmlNodePtr c;
        int after = 0;
        for (c = t->els[a].node->parent->children; c != NULL; c = c->next) {
            nx_el *s;
            if (c == t->els[a].node)
                after = 1;
            if (c->type != XML_ELEMENT_NODE || (s = nx_el_of(t, c)) == NULL ||
                !nx_service_section(s))
                continue;
            /* the footer ends the content; a cookie notice before it is
            ** left out */
            if (nx_service_footer(s)) {
                if (after)
                    break;
                continue;
            }
            nx_service_keep(t, (size_t)(s - t->els));
        }
    }
}
