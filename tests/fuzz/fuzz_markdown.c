/* SPDX-License-Identifier: MIT */
/*
** fuzz_markdown.c: bytes -> blocks -> Markdown, the output that a
** CommonMark renderer allowing raw HTML turns into a page.
**
** It drives what doc:content does for a site rule's body (every element
** of <body> is content, no scoring) and checks each block's Markdown:
**   - outside a fence, every `<` and `&` is backslash-escaped, except the
**     `<` that opens a link or image target right after "](";
**   - a target <...> holds no unescaped `<`, `>` or white space and its
**     scheme is not javascript:, vbscript: or data: (data:image/... for
**     images only);
**   - a <pre> block's fence is longer than any run of backticks inside,
**     so no line closes it early;
**   - all of it is valid UTF-8.
*/
#include "../../plugin/nx_core.c"
#include "fuzz_util.h"

#include <ctype.h>

static int nx_fuzz_iprefix(const char *s, const char *end, const char *p)
{
    for (; *p; p++, s++)
        if (s >= end || tolower((unsigned char)*s) != *p)
            return 0;
    return 1;
}

/* A target from `p` (just after "<") to its ">": checked, returns the
** position after the ">". */
static const char *nx_fuzz_target(const char *p, const char *end)
{
    const char *u = p;
    while (p < end && *p != '>') {
        nx_fuzz_check(*p != '<' && (unsigned char)*p > ' ', "target: no raw < or space");
        if (*p == '\\' && p + 1 < end)
            p++;
        p++;
    }
    nx_fuzz_check(p < end, "target closed");
    nx_fuzz_check(!nx_fuzz_iprefix(u, p, "javascript:") &&
                  !nx_fuzz_iprefix(u, p, "vbscript:") &&
                  (!nx_fuzz_iprefix(u, p, "data:") ||
                   nx_fuzz_iprefix(u, p, "data:image/")), "target scheme");
    return p + 1;
}

static void nx_fuzz_check_md(const nx_block *b, const char *m, size_t n)
{
    const char *p = m, *end = m + n;
    if (strcmp(b->kind, "pre") == 0) {
        size_t f = 0, run = 0, best = 0, i;
        while (f < n && m[f] == '`')
            f++;
        nx_fuzz_check(f >= 3 && n >= 2 * f + 2, "fence");
        for (i = f; i + f < n; i++) {
            run = m[i] == '`' ? run + 1 : 0;
            if (run > best)
                best = run;
        }
        nx_fuzz_check(best < f, "no run of backticks inside as long as the fence");
        return;
    }
    while (p < end) {
        if (*p == '\\' && p + 1 < end) {
            p += 2;
            continue;
        }
        if (*p == '<') {
            nx_fuzz_check(p - m >= 2 && p[-1] == '(' && p[-2] == ']',
                          "every < escaped but a target's");
            p = nx_fuzz_target(p + 1, end);
            continue;
        }
        nx_fuzz_check(*p != '&', "every & escaped");
        p++;
    }
}

/* The lazy plain paragraphs (doc:article's emit, plain_ok): the same
** body emitted again with plain_ok must give the same blocks, and each
** block pushed as plain = true (nx_block_is_plain) must get from its text
** (nx_plain_render, what nx_plain_index returns when md or html is read)
** the very Markdown and HTML the eager emit wrote for it. */
static void nx_fuzz_check_plain(const nx_blocks *eager, xmlNodePtr body, const char *base)
{
    nx_blocks lazy;
    nx_emit e;
    nx_buf md, html;
    size_t i;
    nx_blocks_init(&lazy);
    nx_emit_init(&e, &lazy, NULL, base);
    e.plain_ok = 1;
    nx_emit_root(&e, body);
    if (!nx_blocks_failed(&lazy)) {
        nx_fuzz_check(lazy.n == eager->n, "plain_ok: the same number of blocks");
        for (i = 0; i < lazy.n; i++) {
            const nx_block *k = &lazy.v[i], *x = &eager->v[i];
            const char *t = lazy.text.data + k->text;
            nx_fuzz_check(strcmp(k->kind, x->kind) == 0 && k->text_len == x->text_len &&
                          memcmp(t, eager->text.data + x->text, k->text_len) == 0,
                          "plain_ok: the same block");
            if (!nx_block_is_plain(&lazy, lazy.text.data, k))
                continue;
            nx_buf_init(&md);
            nx_buf_init(&html);
            nx_plain_render(&md, t, k->text_len, 0);
            nx_plain_render(&html, t, k->text_len, 1);
            if (!md.oom && !html.oom) {
                nx_fuzz_check(md.len == x->md_len &&
                              memcmp(md.data, eager->md.data + x->md, md.len) == 0,
                              "a plain block's Markdown, made when read, is the emitter's");
                nx_fuzz_check(html.len == x->html_len &&
                              memcmp(html.data, eager->html.data + x->html, html.len) == 0,
                              "a plain block's HTML, made when read, is the emitter's");
                nx_fuzz_check_md(x, md.data, md.len);
            }
            nx_buf_free(&md);
            nx_buf_free(&html);
        }
    }
    nx_blocks_free(&lazy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nx_blocks blocks;
    nx_emit e;
    nx_buf utf8;
    nx_charset_info info;
    htmlDocPtr doc;
    xmlNodePtr body;
    char *copy = (char *)malloc(size ? size : 1), *base;
    size_t i;
    if (copy == NULL)
        return 0;
    if (size)
        memcpy(copy, data, size);
    nx_buf_init(&utf8);
    memset(&info, 0, sizeof info);
    nx_fuzz_check(nx_decode(copy, size, NULL, NULL, &utf8, &info) == NX_OK,
                  "decode");
    free(copy);
    doc = nx_parse_utf8(utf8.data ? utf8.data : "", utf8.len, NULL);
    nx_buf_free(&utf8);
    nx_fuzz_check(doc != NULL, "parse recovers");
    /* no page URL: relative links stay relative, the harder case */
    base = nx_find_base(doc, NULL);
    body = nx_find_body(doc);
    nx_blocks_init(&blocks);
    if (body != NULL) {
        nx_clean_tree(body);
        nx_emit_init(&e, &blocks, NULL, base);
        nx_emit_root(&e, body);
        if (!nx_blocks_failed(&blocks)) {
            nx_fuzz_check(nx_fuzz_valid_utf8((const unsigned char *)blocks.md.data,
                                             blocks.md.len), "markdown is UTF-8");
            for (i = 0; i < blocks.n; i++)
                nx_fuzz_check_md(&blocks.v[i], blocks.md.data + blocks.v[i].md,
                                 blocks.v[i].md_len);
            nx_fuzz_check_plain(&blocks, body, base);
        }
    }
    nx_blocks_free(&blocks);
    free(base);
    xmlFreeDoc(doc);
    return 0;
}
