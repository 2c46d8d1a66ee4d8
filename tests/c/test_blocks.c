/* SPDX-License-Identifier: MIT */
/*
** Block decisions (nx_blocks.c): where a block starts and ends, its kind,
** its level and its collapsed text, for small pages we wrote.  The whole
** body is content here (no scored tree), as for a site rule's body.
*/
#include "nx_test.h"
#include "nx_parse.h"
#include "nx_clean.h"
#include "nx_blocks.h"
#include "nx_test_doc.h"

#include <stdio.h>

typedef struct want_block {
    const char *kind;
    int level;                  /* heading level, list depth; -1: any */
    const char *text;
} want_block;

typedef struct blocks_case {
    const char *name;
    const char *body;
    want_block want[6];         /* ends at kind == NULL */
} blocks_case;

static const blocks_case cases[] = {
    { "paragraphs and a heading, inline markup collapsed",
      "<h2>Title  here</h2><p>One <b>bold</b>\n word.</p><p>Two</p>",
      { { "h2", 2, "Title here" }, { "p", -1, "One bold word." }, { "p", -1, "Two" } } },
    { "a block inside a paragraph splits it",
      "<p>Before<div>Inside</div>After</p>",
      { { "p", -1, "Before" }, { "p", -1, "Inside" }, { "p", -1, "After" } } },
    { "list items carry their depth",
      "<ul><li>One</li><li>Two<ul><li>Two a</li></ul></li></ul>",
      { { "li", 1, "One" }, { "li", 1, "Two" }, { "li", 2, "Two a" } } },
    { "a quote is one kind, whatever holds its text",
      "<blockquote><p>Said this.</p></blockquote><p>Then.</p>",
      { { "quote", -1, "Said this." }, { "p", -1, "Then." } } },
    { "<br><br> ends a paragraph, one <br> does not",
      "<div>Line one<br>line two<br><br>Next paragraph</div>",
      { { "p", -1, "Line one line two" }, { "p", -1, "Next paragraph" } } },
    { "scripts, styles and empty elements make no block",
      "<p>Kept</p><script>var x = 1;</script><p>  </p><style>p{}</style><p>Also</p>",
      { { "p", -1, "Kept" }, { "p", -1, "Also" } } },
    { "pre keeps its white space",
      "<pre>a  b\n  c</pre>",
      { { "pre", -1, "a  b\n  c" } } },
    { "a data table is one block, a row per line, cells split by tabs",
      "<table><tr><th>Team</th><th>Pts</th></tr><tr><td>A</td><td>3</td></tr></table>",
      { { "table", -1, "Team\tPts\nA\t3" } } },
};

static void test_blocks(void **state)
{
    size_t i, k;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const blocks_case *c = &cases[i];
        char page[1024];
        htmlDocPtr doc;
        xmlNodePtr body;
        nx_blocks b;
        nx_emit e;
        size_t nwant = 0;
        snprintf(page, sizeof page, "<html><body>%s</body></html>", c->body);
        doc = nx_test_parse(page);
        body = nx_find_body(doc);
        assert_non_null(body);
        nx_clean_tree(body);
        nx_blocks_init(&b);
        nx_emit_init(&e, &b, NULL, NULL);
        nx_emit_root(&e, body);
        assert_false(nx_blocks_failed(&b));
        while (nwant < 6 && c->want[nwant].kind)
            nwant++;
        for (k = 0; k < b.n && k < nwant; k++) {
            const nx_block *got = &b.v[k];
            const want_block *w = &c->want[k];
            const char *text = b.text.data + got->text;
            if (strcmp(got->kind, w->kind) != 0 || strlen(w->text) != got->text_len ||
                memcmp(text, w->text, got->text_len) != 0 ||
                (w->level >= 0 && got->level != w->level))
                fail_msg("%s: block %u: expected %s/%d \"%s\", got %s/%d \"%.*s\"",
                         c->name, (unsigned)k + 1, w->kind, w->level, w->text,
                         got->kind, got->level, (int)got->text_len, text);
        }
        if (b.n != nwant)
            fail_msg("%s: expected %u blocks, got %u", c->name,
                     (unsigned)nwant, (unsigned)b.n);
        nx_blocks_free(&b);
        xmlFreeDoc(doc);
    }
}

/* nx_blocks_fit: the buffers and vectors grown by doubling are cut to
** what they hold once emitted (they live on while the blocks are pushed),
** and the blocks read the same after. */
static void test_blocks_fit(void **state)
{
    htmlDocPtr doc;
    nx_blocks b;
    nx_emit e;
    (void)state;
    doc = nx_test_parse("<html><body><p>One paragraph of <a href=\"/x\">words</a>.</p>"
                        "<p>Two</p><h2>Three</h2><ul><li>Four</li></ul></body></html>");
    nx_blocks_init(&b);
    nx_emit_init(&e, &b, NULL, NULL);
    nx_emit_root(&e, nx_find_body(doc));
    assert_false(nx_blocks_failed(&b));
    assert_int_equal(b.n, 4);
    assert_true(b.cap > b.n);             /* grown to 8 */
    nx_blocks_fit(&b);
    assert_int_equal(b.cap, b.n);
    assert_int_equal(b.text.cap, b.text.len + 1);
    assert_int_equal(b.md.cap, b.md.len + 1);
    assert_int_equal(b.html.cap, b.html.len + 1);
    assert_false(nx_blocks_failed(&b));
    assert_memory_equal(b.text.data + b.v[3].text, "Four", 4);
    nx_blocks_free(&b);
    xmlFreeDoc(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_blocks_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
