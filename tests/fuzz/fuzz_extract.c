/* SPDX-License-Identifier: MIT */
/*
** fuzz_extract.c: bytes -> article, the whole C path without Lua.
**
** It includes nx_core.c (so every concern, and the binding's helpers such
** as nx_find_base and nx_emit_roots) and replays what core.parse,
** doc:metadata() and doc:article() do: decode, parse, base URL, metadata
** walk with each item's text, cleaning, scoring, blocks with their Markdown and safe HTML.
** The first byte picks the favor (balanced, precision, recall).
**
** Properties: the parse never fails (it recovers), blocks and HTML are
** valid UTF-8, and the HTML holds only allow-listed tags, no on* attribute
** and no javascript:/vbscript: URL.
*/
#include "../../plugin/nx_core.c"
#include "fuzz_util.h"

#include <ctype.h>

static const char *const nx_fuzz_allowed[] = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "code", "em", "strong", "b", "i", "u", "s", "sub",
    "sup", "br", "hr", "a", "img", "figure", "figcaption", "table", "thead",
    "tbody", "tfoot", "tr", "th", "td", "caption", "q", "cite", "abbr",
    "time", "mark", "small", "del", "ins", "kbd", "samp", "var", NULL
};

static int nx_fuzz_ieq_prefix(const char *s, const char *end, const char *p)
{
    for (; *p; p++, s++)
        if (s >= end || tolower((unsigned char)*s) != *p)
            return 0;
    return 1;
}

/* Every '<' in the output starts a tag we allow: the serializer escapes
** all text, so this is a full check of what a browser would see. */
static void nx_fuzz_check_html(const char *h, size_t n)
{
    const char *p = h, *end = h + n;
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        const char *q = p + 1, *name, *gt;
        size_t len, i;
        int ok = 0;
        if (q < end && *q == '/')
            q++;
        name = q;
        while (q < end && (isalnum((unsigned char)*q)))
            q++;
        len = (size_t)(q - name);
        for (i = 0; nx_fuzz_allowed[i] != NULL; i++)
            if (strlen(nx_fuzz_allowed[i]) == len &&
                strncmp(name, nx_fuzz_allowed[i], len) == 0)
                ok = 1;
        if (!ok)
            fprintf(stderr, "tag: %.40s\n", p);
        nx_fuzz_check(ok, "only allow-listed tags");
        gt = memchr(q, '>', (size_t)(end - q));
        nx_fuzz_check(gt != NULL, "tag is closed");
        /* attributes: name="escaped value" pairs */
        while (q < gt) {
            const char *an;
            if (*q == ' ') {
                q++;
                continue;
            }
            if (*q == '/')  {
                q++;
                continue;
            }
            an = q;
            while (q < gt && *q != '=' && *q != ' ')
                q++;
            nx_fuzz_check(!(q - an > 2 && tolower((unsigned char)an[0]) == 'o' &&
                            tolower((unsigned char)an[1]) == 'n'),
                          "no on* attribute");
            if (q < gt && *q == '=') {
                const char *v = q + 2, *ve;
                nx_fuzz_check(q[1] == '"', "attribute value quoted");
                ve = memchr(v, '"', (size_t)(gt - v));
                nx_fuzz_check(ve != NULL, "attribute value closed");
                while (v < ve && (unsigned char)*v <= ' ')
                    v++;
                nx_fuzz_check(!nx_fuzz_ieq_prefix(v, ve, "javascript:") &&
                              !nx_fuzz_ieq_prefix(v, ve, "vbscript:"),
                              "no script URL");
                q = ve + 1;
            }
        }
        p = gt + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nx_doc d;
    nx_buf utf8;
    nx_charset_info info;
    nx_tree t;
    xmlNodePtr body, *roots;
    size_t i, n = 0;
    int favor = 0;
    char *copy;
    if (size > 0) {
        favor = (int)(data[0] % 3) - 1;
        data++;
        size--;
    }
    copy = (char *)malloc(size ? size : 1);
    if (copy == NULL)
        return 0;
    if (size)
        memcpy(copy, data, size);
    memset(&d, 0, sizeof d);
    nx_buf_init(&d.scratch);
    nx_blocks_init(&d.blocks);
    nx_buf_init(&utf8);
    memset(&info, 0, sizeof info);
    nx_fuzz_check(nx_decode(copy, size, NULL, NULL, &utf8, &info) == NX_OK,
                  "decode");
    d.doc = nx_parse_utf8(utf8.data ? utf8.data : "", utf8.len,
                          "https://example.com/news/a.html");
    nx_buf_free(&utf8);
    free(copy);
    nx_fuzz_check(d.doc != NULL, "parse recovers");
    d.base = nx_find_base(d.doc, "https://example.com/news/a.html");

    /* doc:metadata() */
    nx_meta_collect(&d.meta, d.doc);
    for (i = 0; i < d.meta.n && !d.meta.oom; i++) {
        const nx_meta_item *it = &d.meta.v[i];
        if (it->kind == NX_M_JSONLD) {
            d.scratch.len = 0;
            nx_raw_text(it->node, &d.scratch);
        } else if (it->value == NULL && it->node != NULL) {
            nx_scratch_text(&d, it->node);
        }
        nx_fuzz_check(nx_fuzz_valid_utf8((const unsigned char *)d.scratch.data,
                                         d.scratch.len), "metadata text is UTF-8");
    }

    /* doc:article(favor) */
    nx_doc_clean(&d);
    body = nx_find_body(d.doc);
    memset(&t, 0, sizeof t);
    if (body != NULL && nx_tree_build(&t, body) == 0 && !t.oom) {
        nx_choose(&t, favor);
        roots = (xmlNodePtr *)malloc((t.n ? t.n : 1) * sizeof *roots);
        if (roots != NULL) {
            for (i = 0; i < t.n; i++) {
                nx_el *e = &t.els[i];
                if ((e->flags & NX_EL_KEEP) &&
                    (i == 0 || !(t.els[e->parent].flags & NX_EL_KEEP)))
                    roots[n++] = e->node;
            }
            nx_emit_roots(&d, &t, roots, n);
            free(roots);
            if (!nx_blocks_failed(&d.blocks)) {
                nx_blocks *b = &d.blocks;
                for (i = 0; i < b->n; i++) {
                    nx_fuzz_check(nx_fuzz_valid_utf8(
                        (const unsigned char *)b->text.data + b->v[i].text,
                        b->v[i].text_len), "block text is UTF-8");
                    nx_fuzz_check(nx_fuzz_valid_utf8(
                        (const unsigned char *)b->md.data + b->v[i].md,
                        b->v[i].md_len), "block markdown is UTF-8");
                }
                nx_fuzz_check(nx_fuzz_valid_utf8((const unsigned char *)b->html.data,
                                                 b->html.len), "html is UTF-8");
                for (i = 0; i < b->n; i++)
                    nx_fuzz_check_html(b->html.data + b->v[i].html,
                                       b->v[i].html_len);
            }
        }
    }
    nx_tree_free(&t);
    nx_doc_release(&d);
    return 0;
}
