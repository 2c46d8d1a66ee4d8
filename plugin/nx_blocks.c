/* SPDX-License-Identifier: MIT */
/*
** nx_blocks.c: turn the chosen content into blocks.
**
** A block is what a reader sees as one unit: a paragraph, a heading, a
** list item, a quote, a caption, a table, an image.  One walk over the
** content writes each block's plain text and its Markdown side by side
** into two shared buffers; a block is only recorded when it has text.
**
** Block boundaries come from block-level tags wherever they are, not from
** tree shape, so a <section> that libxml2 left inside a <p> still splits.
*/
#include "nx_blocks.h"
#include "nx_url.h"
#include "nx_words.h"


NX_FUNC void nx_blocks_init(nx_blocks *b)
{
    memset(b, 0, sizeof *b);
    nx_buf_init(&b->text);
    nx_buf_init(&b->md);
    nx_buf_init(&b->aux);
}

NX_FUNC void nx_blocks_free(nx_blocks *b)
{
    free(b->v);
    free(b->img);
    nx_buf_free(&b->text);
    nx_buf_free(&b->md);
    nx_buf_free(&b->aux);
    nx_blocks_init(b);
}

NX_FUNC int nx_blocks_failed(const nx_blocks *b)
{
    return b->oom || b->text.oom || b->md.oom || b->aux.oom;
}


NX_FUNC int nx_emit_visible(nx_emit *e, const xmlNode *n)
{
    nx_el *el;
    if (nx_is_skip(n))
        return 0;
    if (e->t == NULL)
        return 1;
    el = nx_el_of(e->t, n);
    return el != NULL && (el->flags & NX_EL_KEEP);
}

/* "caption" in class or id, or <figcaption>; the scored tree already
** knows the words of its elements. */
static int nx_has_caption_word(const nx_emit *e, const xmlNode *n)
{
    const nx_el *el = e->t ? nx_el_of(e->t, n) : NULL;
    const char *c, *i;
    if (nx_is_tag(n, "figcaption"))
        return 1;
    if (el != NULL)
        return ((el->cwords | el->iwords) & NX_W_CAPTION) != 0;
    c = nx_attr(n, "class");
    i = nx_attr(n, "id");
    return (c && nx_strcasestr(c, "caption")) || (i && nx_strcasestr(i, "caption"));
}

/* What kind of block text found under `n` belongs to. */
static void nx_emit_kind(nx_emit *e, const xmlNode *n)
{
    const char *kind = NULL;
    int level = 0, quote = 0, caption = 0, lists = 0, hops = 0;
    for (; n != NULL && n->type == XML_ELEMENT_NODE && hops < 64;
         n = n->parent, hops++) {
        int h = nx_heading_level(n);
        if (nx_has_caption_word(e, n))
            caption = 1;
        if (nx_is_tag(n, "blockquote"))
            quote = 1;
        if (nx_is_tag(n, "ul") || nx_is_tag(n, "ol"))
            lists++;
        if (kind != NULL)
            continue;
        if (h) {
            static const char *const hk[] = { "h1", "h2", "h3", "h4", "h5", "h6" };
            kind = hk[h - 1];
            level = h;
        } else if (nx_is_tag(n, "li") || nx_is_tag(n, "dd") ||
                   nx_is_tag(n, "dt")) {
            kind = "li";
        } else if (nx_is_tag(n, "p")) {
            kind = "p";
        }
        if (nx_is_tag(n, "body"))
            break;
    }
    if (caption)
        kind = "caption";
    else if (kind == NULL || strcmp(kind, "p") == 0)
        kind = quote ? "quote" : "p";
    if (strcmp(kind, "li") == 0)
        level = lists > 0 ? lists : 1;
    e->kind = kind;
    e->level = level;
}

static void nx_emit_begin(nx_emit *e, const xmlNode *at)
{
    int i;
    if (e->open)
        return;
    e->open = 1;
    nx_ws_restart(&e->text);
    nx_ws_restart(&e->md);
    nx_emit_kind(e, at);
    if (e->level > 0 && e->kind[0] == 'h') {
        for (i = 0; i < e->level; i++)
            nx_buf_addc(&e->out->md, '#');
        nx_buf_addc(&e->out->md, ' ');
    } else if (strcmp(e->kind, "li") == 0) {
        for (i = 1; i < e->level && i < 16; i++)
            nx_buf_add(&e->out->md, "  ", 2);
        nx_buf_add(&e->out->md, "- ", 2);
    } else if (strcmp(e->kind, "quote") == 0) {
        nx_buf_add(&e->out->md, "> ", 2);
    } else if (strcmp(e->kind, "caption") == 0) {
        nx_buf_addc(&e->out->md, '*');
    }
    e->md.base = e->out->md.len;   /* prefix is not content */
}

/* Words of a text: runs of non-space bytes, except that each CJK
** character (kana and the unified ideographs, U+3040..U+9FFF, which
** those scripts write without spaces) counts as a word of its own. */
static size_t nx_count_words(const char *s, size_t n)
{
    size_t i = 0, words = 0;
    int in_word = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            in_word = 0;
            i++;
        } else if (c >= 0xE3 && c <= 0xE9 && i + 2 < n) {
            /* U+3000..U+9FFF: ideographic punctuation (U+3000..U+303F)
            ** separates, the rest are words */
            if (c == 0xE3 && (unsigned char)s[i + 1] == 0x80) {
                in_word = 0;
            } else {
                words++;
                in_word = 0;
            }
            i += 3;
        } else {
            if (!in_word)
                words++;
            in_word = 1;
            i++;
        }
    }
    return words;
}

static void nx_emit_push(nx_emit *e, const char *kind, size_t text,
                         size_t tlen, size_t md, size_t mlen, int level)
{
    nx_blocks *o = e->out;
    nx_block *b;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 32;
        nx_block *v = (nx_block *)realloc(o->v, cap * sizeof *v);
        if (v == NULL) {
            o->oom = 1;
            return;
        }
        o->v = v;
        o->cap = cap;
    }
    b = &o->v[o->n++];
    b->kind = kind;
    b->text = text;
    b->text_len = tlen;
    b->md = md;
    b->md_len = mlen;
    b->level = level;
    b->words = nx_count_words(o->text.data ? o->text.data + text : "", tlen);
}

/* Close the block in progress: record it if it has text, else forget it. */
static void nx_emit_flush(nx_emit *e)
{
    nx_blocks *o = e->out;
    size_t t0, m0;
    e->nmarks = 0;
    e->brs = 0;
    if (!e->open)
        return;
    e->open = 0;
    t0 = e->text.base;
    /* the md prefix sits before md.base: find the block's real start */
    m0 = e->md.base;
    while (m0 > 0 && o->md.data[m0 - 1] != '\0')
        m0--;
    if (o->text.len > t0) {
        if (strcmp(e->kind, "caption") == 0)
            nx_buf_addc(&o->md, '*');
        nx_emit_push(e, e->kind, t0, o->text.len - t0, m0, o->md.len - m0,
                     e->level);
        nx_buf_addc(&o->text, '\0');
        nx_buf_addc(&o->md, '\0');
    } else {
        o->text.len = t0;
        o->md.len = m0;
        if (o->text.data) o->text.data[t0] = '\0';
        if (o->md.data) o->md.data[m0] = '\0';
    }
}

/* Text into both writers; Markdown's special characters escaped. */
static void nx_emit_text(nx_emit *e, const xmlNode *parent, const char *s)
{
    size_t n = strlen(s), i, from = 0;
    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] > ' ')
            break;
    if (i == n) {                    /* white space only */
        if (e->open) {
            nx_ws_sep(&e->text);
            nx_ws_sep(&e->md);
        }
        return;
    }
    nx_emit_begin(e, parent);
    e->brs = 0;
    nx_ws_add(&e->text, s, n);
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c == '*' || c == '_' || c == '[' || c == ']' || c == '`' ||
            c == '\\' || c == '<') {
            nx_ws_add(&e->md, s + from, i - from);
            nx_ws_add(&e->md, "\\", 1);
            e->md.space = 0;
            nx_buf_addc(&e->out->md, c);
            from = i + 1;
        }
    }
    nx_ws_add(&e->md, s + from, n - from);
}

static void nx_emit_mark_open(nx_emit *e, const xmlNode *n, const char *m)
{
    nx_emit_begin(e, n);
    if (e->md.space) {
        nx_buf_addc(&e->out->md, ' ');
        e->md.space = 0;
    }
    nx_buf_adds(&e->out->md, m);
    if (e->nmarks < NX_MARKS)
        e->marks[e->nmarks] = e->out->md.len;
    e->nmarks++;
}

/* Close an inline mark; an empty one is taken back. */
static void nx_emit_mark_close(nx_emit *e, const char *open, const char *close)
{
    size_t at;
    if (e->nmarks <= 0)
        return;
    e->nmarks--;
    if (e->nmarks >= NX_MARKS || !e->open)
        return;
    at = e->marks[e->nmarks];
    if (e->out->md.oom)
        return;               /* the buffer is lost anyway; nothing to undo */
    if (e->out->md.len == at && at >= strlen(open)) {
        e->out->md.len = at - strlen(open);
        e->out->md.data[e->out->md.len] = '\0';
        return;
    }
    nx_buf_adds(&e->out->md, close);
}

NX_FUNC const char *nx_img_src(const xmlNode *n)
{
    static const char *const attrs[] = {
        "data-src", "data-original", "data-lazy-src", "data-url", "src", NULL
    };
    const char *const *a;
    for (a = attrs; *a != NULL; a++) {
        const char *v = nx_attr(n, *a);
        if (v != NULL && *v != '\0' && strncmp(v, "data:image/gif", 14) != 0)
            return v;
    }
    return nx_attr(n, "src");
}

static void nx_emit_image(nx_emit *e, const xmlNode *n)
{
    nx_blocks *o = e->out;
    char *src = nx_url_resolve(nx_img_src(n), e->base, 1);
    const char *alt = nx_attr(n, "alt");
    nx_image *im;
    if (src == NULL)
        return;
    if (o->nimg == o->capimg) {
        size_t cap = o->capimg ? o->capimg * 2 : 8;
        nx_image *v = (nx_image *)realloc(o->img, cap * sizeof *v);
        if (v == NULL) {
            o->oom = 1;
            free(src);
            return;
        }
        o->img = v;
        o->capimg = cap;
    }
    im = &o->img[o->nimg++];
    im->src = o->aux.len;
    im->src_len = strlen(src);
    nx_buf_add(&o->aux, src, im->src_len);
    nx_buf_addc(&o->aux, '\0');
    im->alt = o->aux.len;
    im->alt_len = alt ? strlen(alt) : 0;
    if (alt)
        nx_buf_add(&o->aux, alt, im->alt_len);
    nx_buf_addc(&o->aux, '\0');
    if (!e->open) {
        /* a picture of its own: a Markdown block with no text */
        size_t m0 = o->md.len;
        nx_buf_add(&o->md, "![", 2);
        if (alt)
            nx_buf_adds(&o->md, alt);
        nx_buf_add(&o->md, "](", 2);
        nx_buf_adds(&o->md, src);
        nx_buf_addc(&o->md, ')');
        nx_emit_push(e, "image", o->text.len, 0, m0, o->md.len - m0, 0);
        nx_buf_addc(&o->text, '\0');
        nx_buf_addc(&o->md, '\0');
    }
    free(src);
}

/* <pre>: one block, its white space kept. */
static void nx_emit_pre(nx_emit *e, xmlNodePtr pre)
{
    nx_blocks *o = e->out;
    xmlNodePtr n = pre->children;
    size_t t0, m0;
    nx_emit_flush(e);
    t0 = o->text.len;
    m0 = o->md.len;
    nx_buf_add(&o->md, "```\n", 4);
    while (n != NULL) {
        if (n->type == XML_TEXT_NODE && n->content) {
            nx_buf_adds(&o->text, (const char *)n->content);
            nx_buf_adds(&o->md, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE && nx_is_tag(n, "br")) {
            nx_buf_addc(&o->text, '\n');
            nx_buf_addc(&o->md, '\n');
        }
        if (n->type == XML_ELEMENT_NODE && n->children && !nx_is_skip(n)) {
            n = n->children;
            continue;
        }
        n = nx_next_after(n, pre);
    }
    while (o->text.len > t0 && (o->text.data[o->text.len - 1] == '\n' ||
                                o->text.data[o->text.len - 1] == ' '))
        o->text.len--;
    while (o->md.len > m0 + 4 && o->md.data[o->md.len - 1] == '\n')
        o->md.len--;
    if (o->text.len > t0) {
        nx_buf_add(&o->md, "\n```", 4);
        nx_emit_push(e, "pre", t0, o->text.len - t0, m0, o->md.len - m0, 0);
        nx_buf_addc(&o->text, '\0');
        nx_buf_addc(&o->md, '\0');
    } else {
        o->text.len = t0;
        o->md.len = m0;
    }
}

/* A data table: one block; text has a line per row, cells split by tabs;
** Markdown is a pipe table. */
static void nx_emit_table(nx_emit *e, xmlNodePtr table)
{
    nx_blocks *o = e->out;
    xmlNodePtr n = table->children;
    size_t t0, m0, rows = 0, cols = 0;
    nx_emit_flush(e);
    t0 = o->text.len;
    m0 = o->md.len;
    while (n != NULL) {
        if (nx_is_tag(n, "tr")) {
            xmlNodePtr c;
            size_t k = 0;
            if (rows > 0)
                nx_buf_addc(&o->text, '\n');
            nx_buf_addc(&o->md, '|');
            for (c = n->children; c != NULL; c = c->next) {
                nx_buf cell;
                nx_ws w;
                size_t i;
                if (!nx_is_tag(c, "td") && !nx_is_tag(c, "th"))
                    continue;
                nx_buf_init(&cell);
                nx_ws_init(&w, &cell);
                nx_node_text(c, &w);
                if (k > 0)
                    nx_buf_addc(&o->text, '\t');
                nx_buf_add(&o->text, cell.data ? cell.data : "", cell.len);
                nx_buf_addc(&o->md, ' ');
                for (i = 0; i < cell.len; i++) {
                    if (cell.data[i] == '|')
                        nx_buf_addc(&o->md, '\\');
                    nx_buf_addc(&o->md, cell.data[i]);
                }
                nx_buf_add(&o->md, " |", 2);
                if (cell.oom)
                    o->oom = 1;
                nx_buf_free(&cell);
                k++;
            }
            nx_buf_addc(&o->md, '\n');
            if (rows == 0) {
                size_t i;
                nx_buf_addc(&o->md, '|');
                for (i = 0; i < k; i++)
                    nx_buf_add(&o->md, " --- |", 6);
                nx_buf_addc(&o->md, '\n');
            }
            if (k > cols)
                cols = k;
            rows++;
            /* rows do not hold rows: go to the next one */
        } else if (n->type == XML_ELEMENT_NODE && n->children != NULL &&
                   !nx_is_tag(n, "table") && !nx_is_skip(n)) {
            n = n->children;
            continue;
        }
        n = nx_next_after(n, table);
    }
    if (rows > 0 && cols > 0 && o->text.len > t0) {
        if (o->md.len > m0 && o->md.data[o->md.len - 1] == '\n')
            o->md.len--;
        nx_emit_push(e, "table", t0, o->text.len - t0, m0, o->md.len - m0,
                     (int)cols);
        nx_buf_addc(&o->text, '\0');
        nx_buf_addc(&o->md, '\0');
    } else {
        o->text.len = t0;
        o->md.len = m0;
    }
}

static int nx_is_inline_mark(const xmlNode *n, const char **open,
                             const char **close)
{
    if (nx_is_tag(n, "em") || nx_is_tag(n, "i") || nx_is_tag(n, "cite")) {
        *open = *close = "*";
        return 1;
    }
    if (nx_is_tag(n, "strong") || nx_is_tag(n, "b")) {
        *open = *close = "**";
        return 1;
    }
    if (nx_is_tag(n, "code") || nx_is_tag(n, "kbd") || nx_is_tag(n, "samp")) {
        *open = *close = "`";
        return 1;
    }
    return 0;
}

static void nx_emit_enter(nx_emit *e, xmlNodePtr n, int *descend)
{
    const char *open, *close;
    *descend = n->children != NULL;
    if (nx_is_tag(n, "br")) {
        if (++e->brs >= 2) {
            nx_emit_flush(e);
        } else if (e->open) {
            nx_ws_sep(&e->text);
            nx_ws_sep(&e->md);
        }
        return;
    }
    e->brs = 0;
    if (nx_is_tag(n, "img")) {
        nx_emit_image(e, n);
        return;
    }
    if (nx_is_tag(n, "pre")) {
        nx_emit_pre(e, n);
        *descend = 0;
        return;
    }
    if (nx_is_tag(n, "table") && (e->t == NULL ? nx_is_data_table(n) :
        (nx_el_of(e->t, n) && (nx_el_of(e->t, n)->flags & NX_EL_DATATABLE)))) {
        nx_emit_table(e, n);
        *descend = 0;
        return;
    }
    if (nx_is_block(n)) {
        nx_emit_flush(e);
        return;
    }
    if (nx_is_tag(n, "a")) {
        char *href = nx_url_resolve(nx_attr(n, "href"), e->base, 0);
        if (href != NULL) {
            nx_emit_mark_open(e, n, "[");
            free(href);
        }
        return;
    }
    if (nx_is_inline_mark(n, &open, &close))
        nx_emit_mark_open(e, n, open);
}

static void nx_emit_leave(nx_emit *e, xmlNodePtr n)
{
    const char *open, *close;
    if (nx_is_block(n)) {
        nx_emit_flush(e);
        return;
    }
    if (nx_is_tag(n, "a")) {
        char *href = nx_url_resolve(nx_attr(n, "href"), e->base, 0);
        if (href != NULL) {
            size_t at = e->nmarks > 0 && e->nmarks <= NX_MARKS ?
                        e->marks[e->nmarks - 1] : 0;
            if (e->open && e->nmarks > 0 && e->nmarks <= NX_MARKS &&
                e->out->md.len > at) {
                e->nmarks--;
                nx_buf_add(&e->out->md, "](", 2);
                nx_buf_adds(&e->out->md, href);
                nx_buf_addc(&e->out->md, ')');
            } else {
                nx_emit_mark_close(e, "[", "");
            }
            free(href);
        }
        return;
    }
    if (nx_is_inline_mark(n, &open, &close))
        nx_emit_mark_close(e, open, close);
}

static void nx_emit_left(void *ud, xmlNodePtr n)
{
    nx_emit_leave((nx_emit *)ud, n);
}

/* Emit the blocks of the subtree at `root`. */
NX_FUNC void nx_emit_root(nx_emit *e, xmlNodePtr root)
{
    xmlNodePtr n = root;
    int descend;
    while (n != NULL) {
        descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            if (n == root || nx_emit_visible(e, n))
                nx_emit_enter(e, n, &descend);
        } else if ((n->type == XML_TEXT_NODE ||
                    n->type == XML_CDATA_SECTION_NODE) && n->content) {
            nx_emit_text(e, n->parent, (const char *)n->content);
        }
        if (descend) {
            n = n->children;
            continue;
        }
        if (n->type == XML_ELEMENT_NODE && n != root &&
            nx_emit_visible(e, n) && n->children == NULL)
            nx_emit_leave(e, n);
        if (n == root)
            break;
        n = nx_walk_up(n, root, nx_emit_left, e);
    }
    if (root->type == XML_ELEMENT_NODE && root->children != NULL)
        nx_emit_leave(e, root);
    nx_emit_flush(e);
}

NX_FUNC void nx_emit_init(nx_emit *e, nx_blocks *out, nx_tree *t,
                          const char *base)
{
    memset(e, 0, sizeof *e);
    e->out = out;
    e->t = t;
    e->base = base;
    nx_ws_init(&e->text, &out->text);
    nx_ws_init(&e->md, &out->md);
}
