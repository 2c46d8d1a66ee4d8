/* SPDX-License-Identifier: MIT */
/*
** nx_blocks.c: the chosen content as one ordered list of typed blocks.
**
** A block is what a reader sees as one unit: a paragraph, a heading, a
** list item, a quote, a table, a figure (its images and its caption), a
** preformatted text.  One walk over the content writes each block's plain
** text, its Markdown and its sanitised HTML side by side into three shared
** buffers; a block is only recorded when it has text (or, for a figure,
** an image).  This list is the article: Lua decides which blocks are kept,
** and every output (paragraphs, text, html, markdown, the reader view) is
** rendered from the kept ones, so a block dropped from one is dropped from
** all.
**
** Block boundaries come from block-level tags wherever they are, not from
** tree shape, so a <section> that libxml2 left inside a <p> still splits.
**
** Markdown is written to be safe under a CommonMark renderer that allows
** raw HTML: every character that could start markup (`<`, `&`, brackets,
** emphasis, backticks, a line-leading `#`, `>`, `-`, `+`, `1.`) is
** backslash-escaped, link and image targets are written in <...> with
** their punctuation escaped (so no entity is decoded into a scheme), and a
** fence is longer than any run of backticks it encloses.
*/
#include "nx_blocks.h"
#include "nx_url.h"
#include "nx_words.h"

NX_FUNC void nx_blocks_init(nx_blocks *b)
{
    memset(b, 0, sizeof *b);
    nx_buf_init(&b->text);
    nx_buf_init(&b->md);
    nx_buf_init(&b->html);
    nx_buf_init(&b->aux);
}

NX_FUNC void nx_blocks_free(nx_blocks *b)
{
    free(b->v);
    free(b->img);
    nx_buf_free(&b->text);
    nx_buf_free(&b->md);
    nx_buf_free(&b->html);
    nx_buf_free(&b->aux);
    nx_blocks_init(b);
}

/* Shrink a buffer to what it holds (a failed shrink keeps it as it is). */
static void nx_buf_fit(nx_buf *b)
{
    char *p;
    if (b->data == NULL || b->len + 1 >= b->cap)
        return;
    p = (char *)realloc(b->data, b->len + 1);
    if (p != NULL) {
        b->data = p;
        b->cap = b->len + 1;
    }
}

/* The blocks' buffers and vectors cut to their lengths once emitted: they
** grew by doubling, and live on while the blocks are pushed to Lua. */
NX_FUNC void nx_blocks_fit(nx_blocks *b)
{
    nx_buf_fit(&b->text);
    nx_buf_fit(&b->md);
    nx_buf_fit(&b->html);
    nx_buf_fit(&b->aux);
    if (b->n > 0 && b->n < b->cap) {
        nx_block *v = (nx_block *)realloc(b->v, b->n * sizeof *v);
        if (v != NULL) {
            b->v = v;
            b->cap = b->n;
        }
    }
    if (b->nimg > 0 && b->nimg < b->capimg) {
        nx_image *v = (nx_image *)realloc(b->img, b->nimg * sizeof *v);
        if (v != NULL) {
            b->img = v;
            b->capimg = b->nimg;
        }
    }
}

NX_FUNC int nx_blocks_failed(const nx_blocks *b)
{
    return b->oom || b->text.oom || b->md.oom || b->html.oom || b->aux.oom;
}

static int nx_emit_visible(nx_emit *e, const xmlNode *n)
{
    return nx_visible(e->t, n);
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
    int level = 0, quote = 0, lists = 0, hops = 0, ordered = -1;
    for (; n != NULL && n->type == XML_ELEMENT_NODE && hops < 64;
         n = n->parent, hops++) {
        int h = nx_heading_level(n);
        if (nx_is_tag(n, "blockquote"))
            quote = 1;
        if (nx_is_tag(n, "ul") || nx_is_tag(n, "ol")) {
            if (ordered < 0)
                ordered = nx_is_tag(n, "ol");
            lists++;
        }
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
    if (kind == NULL || strcmp(kind, "p") == 0)
        kind = quote ? "quote" : "p";
    if (strcmp(kind, "li") == 0)
        level = lists > 0 ? lists : 1;
    e->kind = kind;
    e->level = level;
    e->ordered = ordered > 0;
}

/* Markdown for a run of collapsed text (no white space but single
** spaces): every character that could start markup is backslash-escaped.
** `lead`: the run starts the block's line, where `#`, `-`, `+`, `=` and
** "1." would make a heading, list or setext line. */
/* A byte Markdown could read as syntax anywhere in a line. */
static int nx_md_special(char c)
{
    return c == '*' || c == '_' || c == '[' || c == ']' || c == '`' ||
           c == '\\' || c == '<' || c == '>' || c == '&' || c == '|' ||
           c == '~';
}

/* At the start of a block, Markdown reads "#", "-", "+", "=" and "1." /
** "1)" as syntax: 1 and in *d the digits before the backslash that goes
** in front of the byte, or 0 when the start needs none. */
static int nx_md_lead(const char *s, size_t n, size_t *d)
{
    size_t k = 0;
    if (n == 0)
        return 0;
    while (k < n && s[k] >= '0' && s[k] <= '9')
        k++;
    *d = k;
    return s[0] == '#' || s[0] == '-' || s[0] == '+' || s[0] == '=' ||
           (k > 0 && k < n && (s[k] == '.' || s[k] == ')'));
}

static void nx_md_run(nx_buf *b, const char *s, size_t n, int lead)
{
    size_t i, from = 0, d;
    if (lead && nx_md_lead(s, n, &d)) {
        nx_buf_add(b, s, d);
        nx_buf_addc(b, '\\');
        from = d;
    }
    for (i = from; i < n; i++) {
        char c = s[i];
        if (nx_md_special(c)) {
            nx_buf_add(b, s + from, i - from);
            nx_buf_addc(b, '\\');
            from = i;
        }
    }
    nx_buf_add(b, s + from, n - from);
}

/* A link or image target: <...>, its `<`, `>`, `\` and `&` escaped (no
** entity is decoded in it), white space and controls percent-encoded. */
static void nx_md_target(nx_buf *b, const char *u)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *from = u;
    nx_buf_addc(b, '<');
    for (; *u; u++) {
        unsigned char c = (unsigned char)*u;
        if (c <= ' ' || c == 0x7f) {
            char pct[3];
            nx_buf_add(b, from, (size_t)(u - from));
            pct[0] = '%';
            pct[1] = hex[c >> 4];
            pct[2] = hex[c & 15];
            nx_buf_add(b, pct, 3);
            from = u + 1;
        } else if (c == '<' || c == '>' || c == '\\' || c == '&') {
            nx_buf_add(b, from, (size_t)(u - from));
            nx_buf_addc(b, '\\');
            from = u;
        }
    }
    nx_buf_add(b, from, (size_t)(u - from));
    nx_buf_addc(b, '>');
}

/* Escaped HTML for a run of collapsed text. */
static void nx_html_run(nx_buf *b, const char *s, size_t n)
{
    size_t i, from = 0;
    for (i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        default: continue;
        }
        nx_buf_add(b, s + from, i - from);
        nx_buf_adds(b, rep);
        from = i + 1;
    }
    nx_buf_add(b, s + from, n - from);
}

static const char *nx_block_tag(const nx_emit *e)
{
    if (e->kind[0] == 'h')
        return e->level == 1 ? "h2" : e->kind;
    if (strcmp(e->kind, "quote") == 0)
        return "blockquote";
    if (strcmp(e->kind, "li") == 0)
        return "li";
    return "p";
}

static void nx_emit_begin(nx_emit *e, const xmlNode *at)
{
    nx_blocks *o = e->out;
    int i;
    if (e->open)
        return;
    e->open = 1;
    e->t0 = o->text.len;
    e->m0 = o->md.len;
    e->h0 = o->html.len;
    nx_ws_restart(&e->text);
    if (e->fig != NULL) {
        e->kind = "figure";
        e->level = 0;
        return;
    }
    nx_ws_restart(&e->md);
    nx_ws_restart(&e->html);
    e->md_text = 0;
    nx_emit_kind(e, at);
    if (e->level > 0 && e->kind[0] == 'h') {
        for (i = 0; i < e->level; i++)
            nx_buf_addc(&o->md, '#');
        nx_buf_addc(&o->md, ' ');
    } else if (strcmp(e->kind, "li") == 0) {
        for (i = 1; i < e->level && i < 16; i++)
            nx_buf_add(&o->md, "  ", 2);
        nx_buf_add(&o->md, e->ordered ? "1. " : "- ", e->ordered ? 3 : 2);
    } else if (strcmp(e->kind, "quote") == 0) {
        nx_buf_add(&o->md, "> ", 2);
    }
    nx_buf_addc(&o->html, '<');
    nx_buf_adds(&o->html, nx_block_tag(e));
    nx_buf_addc(&o->html, '>');
    if (strcmp(e->kind, "quote") == 0)
        nx_buf_add(&o->html, "<p>", 3);
    e->md.base = o->md.len;     /* the prefix is not content */
    e->html.base = o->html.len;
    e->lazy = e->plain_ok && strcmp(e->kind, "p") == 0;
}

/*
** A paragraph of text only has Markdown and HTML that are its text
** escaped: with plain_ok (the Lua binding, which renders them from the
** text when asked), they are not written until something else comes
** into the block (a link, a mark, an inline tag, an image), and then
** from the text so far, as nx_emit_text would have written them.  A
** paragraph of 3 MB no longer holds 3 MB in each of three buffers.
*/
static void nx_emit_unlazy(nx_emit *e)
{
    nx_blocks *o = e->out;
    size_t n;
    if (!e->lazy)
        return;
    e->lazy = 0;
    n = o->text.len - e->t0;
    if (n == 0 || o->text.oom)
        return;
    nx_md_run(&o->md, o->text.data + e->t0, n, 1);
    nx_html_run(&o->html, o->text.data + e->t0, n);
    e->md.space = e->html.space = e->text.space;
}

/* Words of a text: runs of non-space bytes, except that each CJK
** character (kana and the unified ideographs, U+3040..U+9FFF, which
** those scripts write without spaces) counts as a word of its own.  The
** one word count: doc blocks, text dumps and core.words() all use it. */
NX_FUNC size_t nx_count_words(const char *s, size_t n)
{
    size_t i = 0, words = 0;
    int in_word = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v') {
            in_word = 0;
            i++;
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            in_word = 0;               /* NBSP: white space, as nx_ws says */
            i += 2;
        } else if (c >= 0xE3 && c <= 0xE9 && i + 2 < n) {
            /* U+3000..U+9FFF: ideographic punctuation (U+3000..U+303F)
            ** separates, the rest are words */
            if (!(c == 0xE3 && (unsigned char)s[i + 1] == 0x80))
                words++;
            in_word = 0;
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

/* Record a block from the buffers' ends back to the given starts. */
static void nx_emit_push(nx_emit *e, const char *kind, size_t t0, size_t m0,
                         size_t h0, int level)
{
    nx_blocks *o = e->out;
    nx_block *b;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 8;
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
    b->text = t0;
    b->text_len = o->text.len - t0;
    b->md = m0;
    b->md_len = o->md.len - m0;
    b->html = h0;
    b->html_len = o->html.len - h0;
    b->level = level;
    b->ordered = strcmp(kind, "li") == 0 && e->ordered;
    b->img = b->nimg = 0;
    b->plain = 0;
    b->words = nx_count_words(o->text.data ? o->text.data + t0 : "",
                              b->text_len);
    /* NUL-separated, so a block's text can be read as a C string */
    nx_buf_addc(&o->text, '\0');
    nx_buf_addc(&o->md, '\0');
    nx_buf_addc(&o->html, '\0');
}

/* Take back a block in progress that turned out empty. */
static void nx_emit_truncate(nx_emit *e, size_t t0, size_t m0, size_t h0)
{
    nx_blocks *o = e->out;
    o->text.len = t0;
    o->md.len = m0;
    o->html.len = h0;
    if (o->text.data) o->text.data[t0] = '\0';
    if (o->md.data) o->md.data[m0] = '\0';
    if (o->html.data) o->html.data[h0] = '\0';
}

/* Markdown and HTML of a figure: its images, then its caption (the text
** read so far, from e->t0). */
static void nx_emit_figure(nx_emit *e, size_t img0, const xmlNode *figel)
{
    nx_blocks *o = e->out;
    size_t i, t0 = e->t0, tlen = o->text.len - t0, m0 = o->md.len,
           h0 = o->html.len;
    char *cap = NULL;
    if (tlen > 0) {
        cap = (char *)malloc(tlen + 1);
        if (cap == NULL) {
            o->oom = 1;
            return;
        }
        memcpy(cap, o->text.data + t0, tlen);
        cap[tlen] = '\0';
    }
    nx_buf_add(&o->html, "<figure>", 8);
    for (i = img0; i < o->nimg; i++) {
        const nx_image *im = &o->img[i];
        const char *src = o->aux.data + im->src, *alt = o->aux.data + im->alt;
        if (i > img0)
            nx_buf_addc(&o->md, '\n');
        nx_buf_add(&o->md, "![", 2);
        nx_md_run(&o->md, alt, im->alt_len, 0);
        nx_buf_add(&o->md, "](", 2);
        nx_md_target(&o->md, src);
        nx_buf_addc(&o->md, ')');
        nx_buf_add(&o->html, "<img", 4);
        nx_html_attr(&o->html, "src", src);
        nx_html_attr(&o->html, "alt", alt);
        nx_buf_addc(&o->html, '>');
    }
    if (cap != NULL) {
        if (o->nimg > img0)
            nx_buf_add(&o->md, "\n\n", 2);
        nx_buf_addc(&o->md, '*');
        nx_md_run(&o->md, cap, tlen, 0);
        nx_buf_addc(&o->md, '*');
        nx_buf_add(&o->html, "<figcaption>", 12);
        nx_html_escape(&o->html, cap, 0);
        nx_buf_add(&o->html, "</figcaption>", 13);
        free(cap);
    }
    nx_buf_add(&o->html, "</figure>", 9);
    nx_emit_push(e, "figure", t0, m0, h0, 0);
    e->last_fig = figel;
    if (o->n > 0 && !o->oom) {
        o->v[o->n - 1].img = img0;
        o->v[o->n - 1].nimg = o->nimg - img0;
        for (i = img0; i < o->nimg; i++)
            o->img[i].block = o->n - 1;
    }
}

/* Close the block in progress: record it if it has text, else forget it.
** Inside a caption element a block boundary is only a space: the
** caption is one block, written when its element ends. */
static void nx_emit_flush(nx_emit *e)
{
    nx_blocks *o = e->out;
    e->brs = 0;
    if (e->fig != NULL) {
        e->nmarks = 0;
        if (e->open)
            nx_ws_sep(&e->text);
        return;
    }
    if (!e->open) {
        e->nmarks = 0;
        return;
    }
    e->open = 0;
    if (o->text.len > e->t0 && e->lazy) {
        nx_emit_truncate(e, o->text.len, e->m0, e->h0);  /* no "<p>" */
        nx_emit_push(e, e->kind, e->t0, e->m0, e->h0, e->level);
        if (o->n > 0 && !o->oom)
            o->v[o->n - 1].plain = 1;
    } else if (o->text.len > e->t0) {
        int k;
        /* marks still open (their element goes on past the block) are
        ** taken back: an unclosed "*" or "[" would show */
        for (k = (e->nmarks < NX_MARKS ? e->nmarks : NX_MARKS) - 1;
             k >= 0 && !o->md.oom; k--) {
            size_t at = e->marks[k], ml = e->mlen[k];
            if (at < ml || at > o->md.len)
                continue;
            memmove(o->md.data + at - ml, o->md.data + at, o->md.len - at);
            o->md.len -= ml;
        }
        e->nmarks = 0;
        while (e->ntags > 0)
            nx_html_close(&o->html, e->tags[--e->ntags]);
        if (strcmp(e->kind, "quote") == 0)
            nx_buf_add(&o->html, "</p>", 4);
        nx_buf_add(&o->html, "</", 2);
        nx_buf_adds(&o->html, nx_block_tag(e));
        nx_buf_addc(&o->html, '>');
        nx_emit_push(e, e->kind, e->t0, e->m0, e->h0, e->level);
    } else {
        nx_emit_truncate(e, e->t0, e->m0, e->h0);
    }
    e->ntags = 0;
    e->nmarks = 0;
}

/*
** Text with leading white space right after opening marks ("<b> x</b>"):
** "** x**" is no emphasis in CommonMark (an opening mark must not be
** followed by a space), so the space moves before the marks: " **x**".
** Returns 1 when it did (or when the marks start the block, where the
** space is dropped).
*/
static int nx_md_marks_first(nx_emit *e)
{
    nx_buf *md = &e->out->md;
    char run[2 * NX_MARKS + 1];
    size_t start, n;
    int k;
    if (e->nmarks <= 0 || e->nmarks > NX_MARKS || md->oom ||
        e->marks[e->nmarks - 1] != md->len)
        return 0;
    k = e->nmarks - 1;
    start = e->marks[k] - e->mlen[k];
    while (k > 0 && e->marks[k - 1] == start) {
        k--;
        start = e->marks[k] - e->mlen[k];
    }
    n = md->len - start;
    if (n >= sizeof run)
        return 0;
    memcpy(run, md->data + start, n);
    md->len = start;
    if (start > e->md.base && md->data[start - 1] != ' ') {
        nx_buf_addc(md, ' ');
        for (; k < e->nmarks; k++)
            e->marks[k]++;
    }
    nx_buf_add(md, run, n);
    e->md.space = 0;
    return 1;
}

/* Text into the three writers. */
static void nx_emit_text(nx_emit *e, const xmlNode *parent, const char *s)
{
    nx_blocks *o = e->out;
    size_t n = strlen(s), i, p0, cn;
    const char *c;
    int lead, moved, ws_lead;
    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] > ' ')
            break;
    if (i == n) {                    /* white space only */
        if (e->open) {
            nx_ws_sep(&e->text);
            if (e->fig != NULL || !nx_md_marks_first(e))
                nx_ws_sep(&e->md);
            nx_ws_sep(&e->html);
        }
        return;
    }
    nx_emit_begin(e, parent);
    e->brs = 0;
    p0 = o->text.len;
    nx_ws_add(&e->text, s, n);
    if (e->fig != NULL || o->text.oom)
        return;
    /* The text writer collapsed the white space: Markdown and HTML take
    ** its run (escaped) instead of collapsing it twice more.  A leading
    ** space in the run is a separator, written by each writer's rule. */
    cn = o->text.len - p0;
    c = cn > 0 ? o->text.data + p0 : "";     /* data is NULL before any text */
    ws_lead = i > 0 || ((unsigned char)s[i] == 0xC2 && i + 1 < n &&
                        (unsigned char)s[i + 1] == 0xA0);
    if (cn > 0 && c[0] == ' ') {
        c++;
        cn--;
    }
    if (cn == 0) {                   /* nothing but separators (NBSP) */
        nx_ws_sep(&e->md);
        nx_ws_sep(&e->html);
        return;
    }
    if (e->lazy) {
        e->md_text = 1;
        return;
    }
    moved = (ws_lead || e->md.space) && nx_md_marks_first(e);
    lead = !e->md_text;             /* marks before it are taken back
                                    ** when they enclose nothing usable */
    e->md_text = 1;
    /* else the space went before the marks */
    if (!moved && (ws_lead || e->md.space) && o->md.len > e->md.base)
        nx_buf_addc(&o->md, ' ');
    nx_md_run(&o->md, c, cn, lead);
    e->md.space = e->text.space;
    if ((ws_lead || e->html.space) && o->html.len > e->html.base)
        nx_buf_addc(&o->html, ' ');
    nx_html_run(&o->html, c, cn);
    e->html.space = e->text.space;
}

static void nx_emit_mark_open(nx_emit *e, const xmlNode *n, const char *m)
{
    nx_emit_begin(e, n);
    if (e->fig != NULL)
        return;
    nx_emit_unlazy(e);
    if (e->md.space) {
        nx_buf_addc(&e->out->md, ' ');
        e->md.space = 0;
    } else if (m[0] == '[' && e->out->md.len > e->md.base &&
               e->out->md.data[e->out->md.len - 1] == '!') {
        /* "![" would be an image: the "!" is text */
        e->out->md.data[e->out->md.len - 1] = '\\';
        nx_buf_addc(&e->out->md, '!');
    }
    nx_buf_adds(&e->out->md, m);
    if (e->nmarks < NX_MARKS) {
        e->marks[e->nmarks] = e->out->md.len;
        e->mlen[e->nmarks] = (unsigned char)strlen(m);
    }
    e->nmarks++;
}

/* Might the character at `s` (UTF-8) be punctuation or a space to
** CommonMark?  ASCII punctuation, and the Latin-1, General Punctuation and
** CJK symbol blocks, by their lead bytes; letters of any script are not. */
static int nx_md_punct(const unsigned char *s, const unsigned char *start)
{
    unsigned char c = *s;
    while (s > start && (c & 0xC0) == 0x80)
        c = *--s;                    /* the lead byte of a character */
    if (c < 0x80)
        return c > ' ' && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                             (c >= 'A' && c <= 'Z'));
    return c == 0xC2 || (c == 0xE2 && s[1] >= 0x80 && s[1] <= 0x81) ||
           (c == 0xE3 && s[1] == 0x80);
}

/* Close an inline mark; an empty one is taken back, and so is one whose
** text starts or ends with punctuation or a space, or that opens inside
** a word: CommonMark's flanking rules would read "*"x"*", "**a.**b" or
** "a**b**" as literal asterisks. */
static void nx_emit_mark_close(nx_emit *e, const char *open, const char *close)
{
    nx_buf *md = &e->out->md;
    size_t at, olen = strlen(open);
    const unsigned char *d;
    if (e->nmarks <= 0)
        return;
    e->nmarks--;
    if (e->nmarks >= NX_MARKS || !e->open)
        return;
    at = e->marks[e->nmarks];
    if (md->oom)
        return;               /* the buffer is lost anyway; nothing to undo */
    if (md->len == at && at >= olen) {
        md->len = at - olen;
        md->data[md->len] = '\0';
        return;
    }
    d = (const unsigned char *)md->data;
    if (*close == '*' && at >= olen &&
        (nx_md_punct(d + at, d + at) || nx_md_punct(d + md->len - 1, d + at) ||
         d[at] == ' ' || d[md->len - 1] == ' ' ||
         (at - olen > e->md.base && d[at - olen - 1] != ' '))) {
        memmove(md->data + at - olen, md->data + at, md->len - at);
        md->len -= olen;
        md->data[md->len] = '\0';
        return;
    }
    nx_buf_adds(md, close);
}

/* An inline element the sanitiser keeps: its tag into the block's HTML. */
static void nx_emit_tag_open(nx_emit *e, const xmlNode *n)
{
    if (!nx_is_safe_tag(n) || nx_is_block(n) || nx_heading_level(n) ||
        nx_is_tag(n, "img") || nx_is_tag(n, "br") || nx_is_tag(n, "hr"))
        return;
    nx_emit_begin(e, n);
    if (e->fig != NULL || e->ntags >= NX_MARKS)
        return;
    nx_emit_unlazy(e);
    if (e->html.space) {
        nx_buf_addc(&e->out->html, ' ');
        e->html.space = 0;
    }
    nx_html_open(&e->out->html, n, e->base);
    e->tags[e->ntags++] = n;
}

static void nx_emit_tag_close(nx_emit *e, const xmlNode *n)
{
    if (e->open && e->ntags > 0 && e->tags[e->ntags - 1] == n)
        nx_html_close(&e->out->html, e->tags[--e->ntags]);
}

/* Add an image to out->img; 0 on failure (nothing added). */
static int nx_add_image(nx_blocks *o, const char *src, const char *alt)
{
    nx_image *im;
    if (o->nimg == o->capimg) {
        size_t cap = o->capimg ? o->capimg * 2 : 8;
        nx_image *v = (nx_image *)realloc(o->img, cap * sizeof *v);
        if (v == NULL) {
            o->oom = 1;
            return 0;
        }
        o->img = v;
        o->capimg = cap;
    }
    im = &o->img[o->nimg++];
    im->block = o->n;
    im->src = o->aux.len;
    im->src_len = strlen(src);
    nx_buf_add(&o->aux, src, im->src_len);
    nx_buf_addc(&o->aux, '\0');
    im->alt = o->aux.len;
    im->alt_len = 0;
    if (alt != NULL) {
        /* collapsed: an alt text is one line */
        nx_ws w;
        nx_ws_init(&w, &o->aux);
        nx_ws_add(&w, alt, strlen(alt));
        im->alt_len = o->aux.len - im->alt;
    }
    nx_buf_addc(&o->aux, '\0');
    return 1;
}

/* The nearest <figure> around `n` (a few levels up), or NULL. */
static const xmlNode *nx_figure_of(const xmlNode *n)
{
    int hops;
    for (hops = 0; n != NULL && n->type == XML_ELEMENT_NODE && hops < 8;
         n = n->parent, hops++)
        if (nx_is_tag(n, "figure"))
            return n;
    return NULL;
}

/* The last block, when it is a figure that `n` may join: for a caption,
** a figure with images and no caption yet (an image, then its caption);
** for an image, a figure of the same <figure> element that has no caption
** yet or no image yet (a gallery, or a caption and then its image). */
static nx_block *nx_open_figure(nx_emit *e, const xmlNode *n, int image)
{
    nx_blocks *o = e->out;
    nx_block *b;
    const xmlNode *f;
    if (o->n == 0 || o->oom)
        return NULL;
    b = &o->v[o->n - 1];
    if (strcmp(b->kind, "figure") != 0)
        return NULL;
    if (!image)
        return b->text_len == 0 && b->nimg > 0 ? b : NULL;
    f = nx_figure_of(n);
    if (f == NULL || f != e->last_fig)
        return NULL;
    return b->nimg == 0 || b->text_len == 0 ? b : NULL;
}

/* Take the last block (a figure) back so that more is added to it: its
** text stays, its Markdown and HTML are written again when it closes.
** Returns its first image's index. */
static size_t nx_reopen_figure(nx_emit *e, const nx_block *b)
{
    nx_blocks *o = e->out;
    size_t img0 = b->nimg > 0 ? b->img : o->nimg;
    size_t t0 = b->text, tend = b->text + b->text_len, m0 = b->md,
           h0 = b->html;
    o->n--;                      /* b is not to be read after this */
    nx_emit_truncate(e, tend, m0, h0);
    e->t0 = t0;
    return img0;
}

static void nx_emit_image(nx_emit *e, const xmlNode *n)
{
    nx_blocks *o = e->out;
    char *src = nx_img_url(n, e->base);
    const char *alt = nx_attr(n, "alt");
    if (src == NULL)
        return;
    if (e->fig == NULL && e->open && o->text.len == e->t0) {
        /* a block opened by inline tags only (<a href><img></a>): the
        ** picture is a figure of its own, the block is taken back */
        nx_emit_truncate(e, e->t0, e->m0, e->h0);
        e->open = 0;
        e->ntags = e->nmarks = 0;
    }
    if (e->fig != NULL) {
        nx_add_image(o, src, alt);       /* the caption's own image */
    } else if (e->open) {
        /* inline, inside a paragraph's text: stays where it is */
        if (nx_add_image(o, src, alt)) {
            const nx_image *im = &o->img[o->nimg - 1];
            nx_emit_unlazy(e);
            if (e->md.space || e->html.space) {
                nx_buf_addc(&o->md, ' ');
                nx_buf_addc(&o->html, ' ');
                e->md.space = e->html.space = 0;
            }
            nx_buf_add(&o->md, "![", 2);
            nx_md_run(&o->md, o->aux.data + im->alt, im->alt_len, 0);
            nx_buf_add(&o->md, "](", 2);
            nx_md_target(&o->md, src);
            nx_buf_addc(&o->md, ')');
            nx_buf_add(&o->html, "<img", 4);
            nx_html_attr(&o->html, "src", src);
            nx_html_attr(&o->html, "alt", alt ? alt : "");
            nx_buf_addc(&o->html, '>');
        }
    } else {
        /* a picture of its own: a figure, maybe joining the one before */
        const nx_block *b = nx_open_figure(e, n, 1);
        size_t img0;
        if (b != NULL) {
            img0 = nx_reopen_figure(e, b);
        } else {
            e->t0 = o->text.len;
            img0 = o->nimg;
        }
        if (nx_add_image(o, src, alt))
            nx_emit_figure(e, img0, nx_figure_of(n));
    }
    free(src);
}

/* How many nodes inside an ImageObject element are looked at for its
** <img> or its URL meta: both sit at its top in the markup that writes
** them, and the bound keeps the pass linear however deeply ImageObject
** elements nest (each would otherwise walk its whole subtree).  An image
** further down is not seen: the element then gets an <img> of its own. */
#define NX_MICRODATA_NODES 64

/* The first <img> inside `n` (among its first NX_MICRODATA_NODES nodes),
** or NULL. */
static xmlNodePtr nx_first_image(xmlNodePtr n)
{
    xmlNodePtr c = n->children;
    int seen = 0;
    while (c != NULL && seen++ < NX_MICRODATA_NODES) {
        if (nx_is_tag(c, "img"))
            return c;
        c = (c->type == XML_ELEMENT_NODE && c->children) ? c->children :
            nx_next_after(c, n);
    }
    return NULL;
}

/* Does the schema.org type list `t` name ImageObject? */
static int nx_is_image_object(const char *t)
{
    const char *p = t ? strstr(t, "schema.org/ImageObject") : NULL;
    return p != NULL && (p[22] == '\0' || p[22] == ' ');
}

/* An ImageObject's URL: its itemid, or the content of an itemprop="url"
** or "contentUrl" meta among its first NX_MICRODATA_NODES nodes; NULL if
** none. */
static const char *nx_microdata_url(xmlNodePtr n)
{
    const char *v = nx_attr(n, "itemid");
    xmlNodePtr c = n->children;
    int seen = 0;
    if (v != NULL)
        return v;
    while (c != NULL && seen++ < NX_MICRODATA_NODES) {
        const char *ip = nx_is_tag(c, "meta") ? nx_attr(c, "itemprop") : NULL;
        if (ip != NULL && (strcmp(ip, "url") == 0 || strcmp(ip, "contentUrl") == 0))
            return nx_attr(c, "content");
        c = (c->type == XML_ELEMENT_NODE && c->children) ? c->children :
            nx_next_after(c, n);
    }
    return NULL;
}

/*
** A lazy loader's figure often holds no <img> until a script runs, only
** its microdata: itemscope itemtype="https://schema.org/ImageObject" and
** the image's URL as its itemid (or an itemprop="url"/"contentUrl" meta).
** Such an element that holds no image gets one, first inside it, so the
** figure keeps its picture (Readability's output keeps it too).
*/
NX_FUNC void nx_microdata_images(xmlNodePtr body)
{
    xmlNodePtr n = body;
    while (n != NULL) {
        xmlNodePtr next = (n->type == XML_ELEMENT_NODE && n->children &&
                           !nx_is_skip(n)) ? n->children : nx_next_after(n, body);
        if (n->type == XML_ELEMENT_NODE && nx_attr(n, "itemscope") != NULL &&
            nx_is_image_object(nx_attr(n, "itemtype")) &&
            nx_first_image(n) == NULL) {
            const char *src = nx_microdata_url(n);
            xmlNodePtr img;
            if (src != NULL && (strncmp(src, "http://", 7) == 0 ||
                                strncmp(src, "https://", 8) == 0 ||
                                strncmp(src, "//", 2) == 0 || src[0] == '/')) {
                img = xmlNewDocNode(n->doc, NULL, (const xmlChar *)"img", NULL);
                /* out of memory: no src, so no image */
                if (img != NULL && xmlSetProp(img, (const xmlChar *)"src",
                                              (const xmlChar *)src) == NULL) {
                    xmlFreeNode(img);
                    img = NULL;
                }
                if (img != NULL) {
                    if (n->children == NULL ? xmlAddChild(n, img) == NULL
                                            : xmlAddPrevSibling(n->children, img) == NULL)
                        xmlFreeNode(img);
                }
            }
        }
        n = next;
    }
}

/*
** <noscript><img></noscript>: lazy loaders put the real image there and a
** placeholder (a blurred thumbnail, or no src at all) before it, and the
** cleaning that comes next removes every <noscript>.  Before it, as
** Readability's _unwrapNoscriptImages does: a noscript that holds one
** image and no text gives that image's URL to the placeholder <img> just
** before it, or, with none there, puts its image in its own place.
*/
NX_FUNC void nx_unwrap_noscript_images(xmlNodePtr body)
{
    static const char *const attrs[] = { "src", "srcset", "alt", NULL };
    xmlNodePtr n = body;
    while (n != NULL) {
        xmlNodePtr next = (n->type == XML_ELEMENT_NODE && n->children &&
                           !nx_is_tag(n, "noscript") && !nx_is_skip(n)) ?
                          n->children : nx_next_after(n, body);
        if (nx_is_tag(n, "noscript")) {
            xmlNodePtr img = nx_first_image(n), c, prev = n->prev;
            int text = 0, imgs = 0;
            for (c = n->children; c != NULL; c = nx_next_after(c, n)) {
                if (c->type == XML_TEXT_NODE && c->content != NULL) {
                    const xmlChar *t = c->content;
                    while (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r')
                        t++;
                    text |= *t != '\0';
                } else if (nx_is_tag(c, "img")) {
                    imgs++;
                }
                if (c->type == XML_ELEMENT_NODE && c->children) {
                    c = c->children;
                    if (c->type == XML_TEXT_NODE && c->content) {
                        const xmlChar *t = c->content;
                        while (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r')
                            t++;
                        text |= *t != '\0';
                    }
                    if (nx_is_tag(c, "img"))
                        imgs++;
                }
            }
            while (prev != NULL && prev->type != XML_ELEMENT_NODE)
                prev = prev->prev;
            if (img != NULL && imgs == 1 && !text) {
                if (prev != NULL && nx_is_tag(prev, "img")) {
                    const char *const *a;
                    for (a = attrs; *a != NULL; a++) {
                        const char *v = nx_attr(img, *a);
                        if (v != NULL)
                            xmlSetProp(prev, (const xmlChar *)*a, (const xmlChar *)v);
                    }
                } else {
                    xmlUnlinkNode(img);
                    if (xmlAddPrevSibling(n, img) == NULL)
                        xmlFreeNode(img);
                }
            }
        }
        n = next;
    }
}

/* A caption element starts: the last block joins it when it is an image
** waiting for its caption.  Until the element ends, its text is the
** caption and its images are the figure's. */
static void nx_emit_caption_begin(nx_emit *e, const xmlNode *n)
{
    const nx_block *b;
    nx_emit_flush(e);
    b = nx_open_figure(e, n, 0);
    e->fig_img = b != NULL ? nx_reopen_figure(e, b) : e->out->nimg;
    e->fig = n;
    e->open = 0;
    e->t0 = e->out->text.len;
    nx_ws_restart(&e->text);
}

static void nx_emit_caption_end(nx_emit *e)
{
    nx_blocks *o = e->out;
    const xmlNode *cap = e->fig;
    e->fig = NULL;
    e->open = 0;
    if (o->text.len > e->t0 || o->nimg > e->fig_img)
        nx_emit_figure(e, e->fig_img, nx_figure_of(cap));
    else
        nx_emit_truncate(e, e->t0, o->md.len, o->html.len);
}

/* The Markdown fence for `s`: backticks, one more than its longest run
** (at least three), so no line inside can close it. */
static size_t nx_fence_len(const char *s, size_t n)
{
    size_t i, run = 0, best = 0;
    for (i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best >= 3 ? best + 1 : 3;
}

/* <pre>: one block, its white space kept. */
static void nx_emit_pre(nx_emit *e, xmlNodePtr pre)
{
    nx_blocks *o = e->out;
    xmlNodePtr n = pre->children;
    size_t t0, m0, h0, i, fence;
    nx_emit_flush(e);
    t0 = o->text.len;
    m0 = o->md.len;
    h0 = o->html.len;
    while (n != NULL) {
        if (n->type == XML_TEXT_NODE && n->content)
            nx_buf_adds(&o->text, (const char *)n->content);
        else if (n->type == XML_ELEMENT_NODE && nx_is_tag(n, "br"))
            nx_buf_addc(&o->text, '\n');
        if (n->type == XML_ELEMENT_NODE && n->children && !nx_is_skip(n)) {
            n = n->children;
            continue;
        }
        while (n != pre && n->next == NULL)
            n = n->parent;
        if (n == pre)
            break;
        n = n->next;
    }
    while (o->text.len > t0 && (o->text.data[o->text.len - 1] == '\n' ||
                                o->text.data[o->text.len - 1] == ' '))
        o->text.len--;
    while (o->text.len > t0 && o->text.data[t0] == '\n')
        t0++;                        /* a leading newline, as <pre> drops it */
    if (o->text.len > t0 && !o->text.oom) {
        const char *s = o->text.data + t0;
        size_t len = o->text.len - t0;
        fence = nx_fence_len(s, len);
        for (i = 0; i < fence; i++)
            nx_buf_addc(&o->md, '`');
        nx_buf_addc(&o->md, '\n');
        nx_buf_add(&o->md, o->text.data + t0, len);  /* data may move */
        nx_buf_addc(&o->md, '\n');
        for (i = 0; i < fence; i++)
            nx_buf_addc(&o->md, '`');
        nx_buf_add(&o->html, "<pre>", 5);
        nx_buf_addc(&o->text, '\0');          /* a C string to escape */
        if (!o->text.oom)
            nx_html_escape(&o->html, o->text.data + t0, 0);
        o->text.len--;
        nx_buf_add(&o->html, "</pre>", 6);
        nx_emit_push(e, "pre", t0, m0, h0, 0);
    } else {
        nx_emit_truncate(e, o->text.len > t0 ? t0 : o->text.len, m0, h0);
    }
}

/* A data table: one block; text has a line per row, cells split by tabs;
** Markdown is a pipe table, each cell escaped; HTML is the table
** serialized by the allowlist. */
static void nx_emit_table(nx_emit *e, xmlNodePtr table)
{
    nx_blocks *o = e->out;
    xmlNodePtr n = table->children;
    size_t t0, m0, h0, rows = 0, cols = 0;
    nx_emit_flush(e);
    t0 = o->text.len;
    m0 = o->md.len;
    h0 = o->html.len;
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
                if (!nx_is_tag(c, "td") && !nx_is_tag(c, "th"))
                    continue;
                nx_buf_init(&cell);
                nx_ws_init(&w, &cell);
                nx_node_text(c, &w);
                if (k > 0)
                    nx_buf_addc(&o->text, '\t');
                nx_buf_add(&o->text, cell.data ? cell.data : "", cell.len);
                nx_buf_addc(&o->md, ' ');
                nx_md_run(&o->md, cell.data ? cell.data : "", cell.len, 0);
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
        while (n != table && n->next == NULL)
            n = n->parent;
        if (n == table)
            break;
        n = n->next;
    }
    if (rows > 0 && cols > 0 && o->text.len > t0) {
        if (o->md.len > m0 && o->md.data[o->md.len - 1] == '\n')
            o->md.len--;
        /* the whole table, as its text was read (nx_node_text) */
        nx_html_root(&o->html, table, e->base, NULL);
        nx_emit_push(e, "table", t0, m0, h0, (int)cols);
    } else {
        nx_emit_truncate(e, t0, m0, h0);
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
    /* code, kbd, samp: no backtick span in Markdown, where the escapes
    ** of its text would show (the HTML keeps the tag) */
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
            nx_ws_sep(&e->html);
        }
        return;
    }
    e->brs = 0;
    if (nx_is_tag(n, "img")) {
        nx_emit_image(e, n);
        return;
    }
    if (e->fig == NULL && nx_has_caption_word(e, n)) {
        nx_emit_caption_begin(e, n);
        return;
    }
    if (e->fig != NULL) {
        if (nx_is_block(n))
            nx_emit_flush(e);
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
        nx_emit_tag_open(e, n);
        if (href != NULL) {
            nx_emit_mark_open(e, n, "[");
            free(href);
        }
        return;
    }
    nx_emit_tag_open(e, n);
    if (nx_is_inline_mark(n, &open, &close))
        nx_emit_mark_open(e, n, open);
}

static void nx_emit_leave(nx_emit *e, xmlNodePtr n)
{
    const char *open, *close;
    if (e->fig == n) {
        nx_emit_caption_end(e);
        return;
    }
    if (nx_is_block(n)) {
        nx_emit_flush(e);
        return;
    }
    if (e->fig != NULL)
        return;
    if (nx_is_tag(n, "a")) {
        char *href = nx_url_resolve(nx_attr(n, "href"), e->base, 0);
        if (href != NULL) {
            size_t at = e->nmarks > 0 && e->nmarks <= NX_MARKS ?
                        e->marks[e->nmarks - 1] : 0;
            if (e->open && e->nmarks > 0 && e->nmarks <= NX_MARKS &&
                e->out->md.len > at) {
                e->nmarks--;
                nx_buf_add(&e->out->md, "](", 2);
                nx_md_target(&e->out->md, href);
                nx_buf_addc(&e->out->md, ')');
            } else {
                nx_emit_mark_close(e, "[", "");
            }
            free(href);
        }
        nx_emit_tag_close(e, n);
        return;
    }
    if (nx_is_inline_mark(n, &open, &close))
        nx_emit_mark_close(e, open, close);
    nx_emit_tag_close(e, n);
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
        if (n->type == XML_ELEMENT_NODE && (n == root || nx_emit_visible(e, n)) &&
            n->children == NULL)
            nx_emit_leave(e, n);
        for (;;) {
            if (n == root) {
                if (n->type == XML_ELEMENT_NODE && n->children != NULL)
                    nx_emit_leave(e, n);
                if (e->fig != NULL)
                    nx_emit_caption_end(e);   /* a root inside a caption */
                nx_emit_flush(e);
                return;
            }
            if (n->next != NULL) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (n == NULL)
                return;
            if (n != root)
                nx_emit_leave(e, n);
        }
    }
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
    nx_ws_init(&e->html, &out->html);
}
