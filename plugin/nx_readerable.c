/* SPDX-License-Identifier: MIT */
/*
** nx_readerable.c: Readability's isProbablyReaderable, on the raw
** (uncleaned) tree, before the article is picked.
**
** The nodes counted are the visible <p>s outside list items (first walk:
** most articles pass on their paragraphs alone), then the visible <pre>,
** <article> and <div> elements holding a <br> directly (second walk).
** "Visible" is Readability's isNodeVisible plus its unlikely-candidates
** test: no hidden attribute, no aria-hidden="true" (unless the class says
** fallback-image), no display:none or visibility:hidden in the style, and
** no class or id reading as page furniture unless it also reads as
** content.  Once a page written in Lua with one XPath query (its string
** functions cost more than the extraction around them); now two walks.
*/
#include <math.h>

#include "nx_readerable.h"
#include "nx_clean.h"
#include "nx_text.h"
#include "nx_words.h"

static int nx_rd_visible(const xmlNode *n)
{
    const char *cls = nx_attr(n, "class"), *id = nx_attr(n, "id");
    if (nx_is_unseen(n))
        return 0;
    if (cls != NULL || id != NULL) {
        /* Readability's unlikelyCandidates and okMaybeItsACandidate: the
        ** scorer's word lists (nx_words.h), and "mathjax", which saves a
        ** node here as in Readability */
        unsigned bits = nx_word_bits(cls) | nx_word_bits(id);
        if ((bits & NX_W_UNLIKELY) && !(bits & NX_W_MAYBE) &&
            !(cls && nx_strcasestr(cls, "mathjax")) &&
            !(id && nx_strcasestr(id, "mathjax")))
            return 0;
    }
    return 1;
}

static int nx_rd_br_child(const xmlNode *n)
{
    const xmlNode *c;
    for (c = n->children; c != NULL; c = c->next)
        if (nx_is_tag(c, "br"))
            return 1;
    return 0;
}

typedef struct nx_rd {
    double score, min_score, min_len;
    size_t cap;
    int ok;
} nx_rd;

static void nx_rd_count(nx_rd *r, xmlNodePtr n)
{
    double len;
    if (!nx_rd_visible(n))
        return;
    len = (double)nx_text_chars(n, r->cap, NX_READERABLE_VISITS);
    if (len >= r->min_len) {
        r->score += sqrt(len - r->min_len);
        if (r->score > r->min_score)
            r->ok = 1;
    }
}

/* The walk climbs out of `left`: one <li> fewer around it, if it was one. */
static void nx_rd_leave(void *ud, xmlNodePtr left)
{
    if (nx_is_tag(left, "li"))
        (*(size_t *)ud)--;
}

/* One walk: paragraphs (`paragraphs` set) or the rest.  <li> ancestors
** are counted on the way down and up (no recursion, no stack). */
static void nx_rd_walk(nx_rd *r, xmlNodePtr root, int paragraphs)
{
    xmlNodePtr n = root;
    size_t in_li = 0;
    while (n != NULL && !r->ok) {
        if (n->type == XML_ELEMENT_NODE) {
            if (paragraphs ? (nx_is_tag(n, "p") && in_li == 0)
                           : (nx_is_tag(n, "pre") || nx_is_tag(n, "article") ||
                              (nx_is_tag(n, "div") && nx_rd_br_child(n))))
                nx_rd_count(r, n);
            if (n->children != NULL) {
                if (nx_is_tag(n, "li"))
                    in_li++;
                n = n->children;
                continue;
            }
        }
        n = nx_walk_up(n, root, nx_rd_leave, &in_li);
    }
}

NX_FUNC double nx_readerable(xmlDocPtr doc, double min_score, double min_len,
                             int *ok)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    nx_rd r;
    double cap;
    r.score = 0;
    r.min_score = min_score;
    r.min_len = min_len;
    r.ok = 0;
    /* one node of this length passes the page alone: no need to count on */
    cap = (min_len > 0 ? min_len : 0) + (min_score > 0 ? min_score * min_score : 0) + 2;
    r.cap = cap < 1e9 ? (size_t)cap : (size_t)1e9;
    if (root != NULL) {
        nx_rd_walk(&r, root, 1);
        if (!r.ok)
            nx_rd_walk(&r, root, 0);
    }
    *ok = r.ok;
    return r.score;
}
