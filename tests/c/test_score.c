/* SPDX-License-Identifier: MIT */
/*
** The generic choice of the main content (nx_score.c), through what the
** binding calls: nx_tree_build, nx_choose, then the kept elements' blocks.
** One case is a small page we wrote, the texts the choice must keep and
** the texts it must leave out.
*/
#include "nx_test.h"
#include "nx_parse.h"
#include "nx_clean.h"
#include "nx_score.h"
#include "nx_blocks.h"
#include "nx_test_doc.h"

#include <stdio.h>

/* Three paragraphs a reader would call an article: long, with commas. */
#define NX_P1 "<p>The city council voted on Tuesday to rebuild the old river bridge, " \
    "which has been closed to traffic since the spring floods, at a cost of " \
    "twelve million, the mayor said after a long meeting.</p>"
#define NX_P2 "<p>Engineers had warned for years that the piers were failing, and " \
    "residents, shop owners and commuters had asked the council, again and " \
    "again, to act before the next flood season.</p>"
#define NX_P3 "<p>Work is expected to start in the autumn, with a temporary " \
    "footbridge opening first, so that children can walk to the school on the " \
    "far bank, officials said in a statement.</p>"

typedef struct score_case {
    const char *name;
    const char *html;
    int favor;                   /* -1 precision, 0 balanced, 1 recall */
    const char *keep[4];         /* each must be in the chosen text */
    const char *drop[4];         /* none may be */
} score_case;

static const score_case cases[] = {
    { "article beside a link sidebar",
      "<body><div id='main'><h1>Bridge</h1>" NX_P1 NX_P2 NX_P3 "</div>"
      "<div class='sidebar'><ul><li><a href='/a'>Most read one</a></li>"
      "<li><a href='/b'>Most read two</a></li><li><a href='/c'>Most read three</a></li>"
      "</ul></div></body>", 0,
      { "rebuild the old river bridge", "piers were failing", "temporary footbridge" },
      { "Most read" } },
    { "navigation and footer are chrome",
      "<body><div class='nav menu'><a href='/'>Home</a> <a href='/w'>World</a> "
      "<a href='/s'>Sport</a></div><article>" NX_P1 NX_P2 NX_P3 "</article>"
      "<div class='footer'><p>Copyright, all rights reserved, contact us, terms.</p></div></body>", 0,
      { "rebuild the old river bridge", "temporary footbridge" },
      { "Home", "Copyright" } },
    { "a comments section is left out",
      "<body><div class='story'>" NX_P1 NX_P2 NX_P3 "</div>"
      "<div id='comments' class='comments'><p>I think the council, as always, "
      "is wasting money on this bridge, and nobody asked us.</p></div></body>", 0,
      { "piers were failing" },
      { "wasting money" } },
    { "siblings that look like the winner join it",
      "<body><div class='wrap'><div class='part'>" NX_P1 NX_P2 "</div>"
      "<div class='part'>" NX_P3 "</div></div></body>", 0,
      { "rebuild the old river bridge", "temporary footbridge" },
      { NULL } },
    { "a page of short lines still gives its text",
      "<body><div><p>Short note.</p><p>Another short line.</p></div></body>", 0,
      { "Short note." },
      { NULL } },
    { "recall keeps what balanced keeps",
      "<body><div id='main'>" NX_P1 NX_P2 NX_P3 "</div>"
      "<div class='sidebar'><a href='/a'>Most read one</a></div></body>", 1,
      { "rebuild the old river bridge", "piers were failing", "temporary footbridge" },
      { NULL } },
};

/* The chosen content's text: the blocks of every kept element whose
** parent is not kept, as nx_core.c's doc:article() emits them. */
static char *chosen_text(const char *html, int favor)
{
    htmlDocPtr doc = nx_test_parse(html);
    xmlNodePtr body = nx_find_body(doc);
    nx_tree t;
    nx_blocks blocks;
    nx_emit e;
    nx_buf out;
    size_t i;
    memset(&t, 0, sizeof t);
    assert_non_null(body);
    nx_clean_tree(body);
    assert_int_equal(nx_tree_build(&t, body), 0);
    nx_choose(&t, favor);
    nx_blocks_init(&blocks);
    nx_emit_init(&e, &blocks, &t, NULL);
    for (i = 0; i < t.n; i++) {
        const nx_el *el = &t.els[i];
        if ((el->flags & NX_EL_KEEP) &&
            (i == 0 || !(t.els[el->parent].flags & NX_EL_KEEP)))
            nx_emit_root(&e, el->node);
    }
    nx_buf_init(&out);
    for (i = 0; i < blocks.n; i++) {
        nx_buf_add(&out, blocks.text.data + blocks.v[i].text, blocks.v[i].text_len);
        nx_buf_addc(&out, '\n');
    }
    nx_buf_addc(&out, '\0');
    assert_false(nx_blocks_failed(&blocks));
    nx_blocks_free(&blocks);
    nx_tree_free(&t);
    xmlFreeDoc(doc);
    return nx_buf_steal(&out, NULL);
}

static void test_choice(void **state)
{
    size_t i, k;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const score_case *c = &cases[i];
        char *got = chosen_text(c->html, c->favor);
        for (k = 0; k < 4 && c->keep[k]; k++)
            if (strstr(got, c->keep[k]) == NULL)
                fail_msg("%s: %s left out; chose:\n%s", c->name, c->keep[k], got);
        for (k = 0; k < 4 && c->drop[k]; k++)
            if (strstr(got, c->drop[k]) != NULL)
                fail_msg("%s: %s kept; chose:\n%s", c->name, c->drop[k], got);
        free(got);
    }
}

/* Data tables (kept whole as a table block) against layout tables. */
static void test_data_tables(void **state)
{
    static const struct { const char *html; int data; } t[] = {
        { "<table><caption>Results</caption><tr><td>a</td><td>b</td></tr></table>", 1 },
        { "<table><tr><th>Team</th><th>Points</th></tr><tr><td>A</td><td>3</td></tr></table>", 1 },
        { "<table summary='Election results'><tr><td>x</td><td>y</td></tr></table>", 1 },
        { "<table role='presentation'><tr><th>a</th><td>b</td></tr></table>", 0 },
        { "<table><tr><td><p>One cell holding the whole page layout.</p></td></tr></table>", 0 },
        { "<table><tr><td><table><tr><th>x</th></tr></table></td></tr></table>", 0 },
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        char page[512];
        htmlDocPtr doc;
        xmlNodePtr body, table;
        snprintf(page, sizeof page, "<body>%s</body>", t[i].html);
        doc = nx_test_parse(page);
        body = nx_find_body(doc);
        assert_non_null(body);
        for (table = body->children; table && !nx_is_tag(table, "table"); table = table->next)
            ;
        assert_non_null(table);
        if (nx_is_data_table(table) != t[i].data)
            fail_msg("%s: expected a %s table", t[i].html, t[i].data ? "data" : "layout");
        xmlFreeDoc(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_choice),
        cmocka_unit_test(test_data_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
