/* SPDX-License-Identifier: MIT */
/* Parsing fix-ups (HTML5 on libxml2's HTML4 parser) and cleanup. */
#include "nx_test.h"
#include "nx_text.h"
#include "nx_parse.h"
#include "nx_clean.h"
#include "nx_test_doc.h"

/* Serialize the body's element structure as "tag(tag,tag)" for asserts. */
static void shape(xmlNodePtr n, nx_buf *b)
{
    xmlNodePtr c;
    int first = 1;
    nx_buf_adds(b, (const char *)n->name);
    for (c = n->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        nx_buf_addc(b, first ? '(' : ',');
        first = 0;
        shape(c, b);
    }
    if (!first)
        nx_buf_addc(b, ')');
}

static void assert_shape(const char *html, const char *want)
{
    htmlDocPtr doc = nx_test_parse(html);
    nx_buf b;
    nx_buf_init(&b);
    shape(nx_find_body(doc), &b);
    nx_buf_addc(&b, '\0');
    assert_string_equal(b.data, want);
    nx_buf_free(&b);
    xmlFreeDoc(doc);
}

static void test_html5_blocks_close_p(void **state)
{
    (void)state;
    assert_shape("<p>a<section>b</section>c</p><p>d", "body(p,section,p)");
    assert_shape("<p>a<figure><img src=x><figcaption>c</figcaption></figure>",
                 "body(p,figure(img,figcaption))");
    assert_shape("<p>a<article><p>b</p></article>", "body(p,article(p))");
    /* HTML4 blocks were already handled by libxml2 */
    assert_shape("<p>a<div>b</div>", "body(p,div)");
}

static void test_void_source_does_not_swallow(void **state)
{
    (void)state;
    assert_shape("<div><source src=x><p>after</p></div><p>more</p>",
                 "body(div(source,p),p)");
    assert_shape("<video><source src=a><source src=b>fallback</video><p>x</p>",
                 "body(video(source,source),p)");
    assert_shape("<p>a<wbr>b<track src=t></p>", "body(p(wbr,track))");
}

/* `open` n times, `inner`, `close` n times, then `after` (malloc'd). */
static char *nested(const char *open, const char *inner, const char *close,
                    size_t n, const char *after)
{
    nx_buf b;
    size_t i;
    nx_buf_init(&b);
    for (i = 0; i < n; i++)
        nx_buf_adds(&b, open);
    nx_buf_adds(&b, inner);
    for (i = 0; i < n; i++)
        nx_buf_adds(&b, close);
    nx_buf_adds(&b, after);
    nx_buf_addc(&b, '\0');
    return nx_buf_steal(&b, NULL);
}

static void test_deep_nesting_kept(void **state)
{
    char *html = nested("<div>", "deep text", "</div>", 20000,
                        "<p>tail text</p>"), *text;
    htmlDocPtr doc;
    (void)state;
    doc = nx_test_parse(html);
    text = nx_test_body_text(doc);
    assert_string_equal(text, "deep text tail text");
    free(text);
    free(html);
    xmlFreeDoc(doc);
}

static void assert_clean(const char *html, const char *want, size_t removed)
{
    htmlDocPtr doc = nx_test_parse(html);
    char *text;
    size_t r = nx_clean_tree(nx_find_body(doc));
    text = nx_test_body_text(doc);
    assert_string_equal(text, want);
    assert_int_equal(r, removed);
    free(text);
    xmlFreeDoc(doc);
}

static void test_clean_junk(void **state)
{
    (void)state;
    /* the comment never reaches the tree (nx_prefilter drops it) */
    assert_clean("<p>a<script>x()</script>b</p><style>p{}</style><!-- c --><p>d</p>",
                 "ab d", 2);
    assert_clean("<p>a</p><noscript><p>enable js</p></noscript><template><p>t</p></template>",
                 "a", 2);
    assert_clean("<p>a</p><iframe src=x></iframe><svg><text>s</text></svg><p>b</p>",
                 "a b", 2);
    /* a form's text stays, its controls go: ASP.NET pages are one form */
    assert_clean("<form><p>article text</p><input name=q><button>Go</button>"
                 "<select><option>o</option></select><textarea>t</textarea></form>",
                 "article text", 4);
}

static void test_clean_hidden(void **state)
{
    (void)state;
    assert_clean("<p>a</p><p hidden>h</p><p aria-hidden=\"true\">h</p><p>b</p>", "a b", 2);
    assert_clean("<p style=\"color:red; DISPLAY : none\">h</p><p style=\"visibility:hidden\">h</p><p>b</p>",
                 "b", 2);
    assert_clean("<p style=\"display:block\">a</p><p aria-hidden=\"false\">b</p>", "a b", 0);
    assert_clean("<div role=\"dialog\" aria-modal=\"true\"><p>Subscribe now</p></div><p>b</p>",
                 "b", 1);
    assert_clean("<div role=\"dialog\"><p>kept</p></div>", "kept", 0);
    /* Readability's exception for lazy-image fallbacks */
    assert_clean("<div aria-hidden=\"true\" class=\"fallback-image\">img</div>", "img", 0);
}

static void test_clean_deep_is_iterative(void **state)
{
    size_t n = 50000;
    char *html = nested("<div><script>x</script>", "kept", "</div>", n, ""),
         *text;
    htmlDocPtr doc;
    (void)state;
    doc = nx_test_parse(html);
    assert_int_equal(nx_clean_tree(nx_find_body(doc)), n);
    text = nx_test_body_text(doc);
    assert_string_equal(text, "kept");
    free(text);
    free(html);
    xmlFreeDoc(doc);
}

static void test_text_collapses_white_space(void **state)
{
    htmlDocPtr doc;
    char *text;
    (void)state;
    doc = nx_test_parse("<p>  a \n\t b\xc2\xa0\xc2\xa0 c </p><ul><li>x</li><li>y</li></ul>z<br>w");
    text = nx_test_body_text(doc);
    assert_string_equal(text, "a b c x y z w");
    free(text);
    xmlFreeDoc(doc);
}

static void assert_prefilter(const char *in, const char *want)
{
    nx_buf b;
    int changed;
    nx_buf_init(&b);
    changed = nx_prefilter(in, strlen(in), &b);
    if (want == NULL) {
        assert_int_equal(changed, 0);
    } else {
        assert_int_equal(changed, 1);
        nx_buf_addc(&b, '\0');
        assert_string_equal(b.data, want);
    }
    nx_buf_free(&b);
}

static void test_prefilter_mends_unterminated(void **state)
{
    (void)state;
    /* well-formed input is left alone */
    assert_prefilter("<p>a</p><script type='application/ld+json'>{\"a\":\"</p>\"}</script><p>b</p>", NULL);
    assert_prefilter("<p>a<!-- c --></p><!----><p>b</p>", "<p>a</p><p>b</p>");
    assert_prefilter("<title>t</title><textarea>x</textarea><script src=x></script>", NULL);
    /* but script code and style sheets are not handed to libxml2 */
    assert_prefilter("<p>a</p><script>if (a<b) x('</p>');</script><p>b</p>",
                     "<p>a</p><script></script><p>b</p>");
    assert_prefilter("<style>p{}</style><SCRIPT TYPE=\"text/javascript\">x</SCRIPT>"
                     "<script type=module>y</script><script type='text/x-template'><p>t</p></script>",
                     "<style></style><SCRIPT TYPE=\"text/javascript\"></SCRIPT>"
                     "<script type=module></script><script type='text/x-template'><p>t</p></script>");
    assert_prefilter("<p>1 < 2 and <3</p>", NULL);
    /* an unterminated comment ends before the next tag */
    assert_prefilter("<p>a</p><!-- never closed <p>b</p>",
                     "<p>a</p><!-- never closed --><p>b</p>");
    assert_prefilter("<!-- x --><p>a</p><!-- never closed <p>b</p>",
                     "<p>a</p><!-- never closed --><p>b</p>");
    /* script-like elements end before the next block tag only */
    assert_prefilter("<script>if (a<b) go();<p>text</p>",
                     "<script>if (a<b) go();</script><p>text</p>");
    assert_prefilter("<STYLE>p{}<DIV>text</DIV>", "<STYLE>p{}</style><DIV>text</DIV>");
    /* text-like ones before any tag */
    assert_prefilter("<textarea>note<b>bold</b>", "<textarea>note</textarea><b>bold</b>");
    assert_prefilter("<title>t<p>body", "<title>t</title><p>body");
    /* nothing after them: nothing to save */
    assert_prefilter("<p>a</p><!-- to the end", NULL);
}

static void test_prefilter_caps_attributes(void **state)
{
    nx_buf in, out;
    size_t i, n = 100000;
    htmlDocPtr doc;
    char *text;
    (void)state;
    nx_buf_init(&in);
    nx_buf_init(&out);
    nx_buf_adds(&in, "<p");
    for (i = 0; i < n; i++) {
        char a[32];
        snprintf(a, sizeof a, " a%zu=\"v>\"", i);
        nx_buf_adds(&in, a);
    }
    nx_buf_adds(&in, ">kept text</p><p>after</p>");
    assert_int_equal(nx_prefilter(in.data, in.len, &out), 1);
    nx_buf_addc(&out, '\0');
    assert_non_null(strstr(out.data, " a255=\"v>\">kept text</p>"));
    assert_null(strstr(out.data, "a256="));
    /* and the parse of the whole, through nx_parse_utf8, is fast and whole */
    doc = nx_parse_utf8(in.data, in.len, NULL);
    text = nx_test_body_text(doc);
    assert_string_equal(text, "kept text after");
    free(text);
    xmlFreeDoc(doc);
    nx_buf_free(&in);
    nx_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html5_blocks_close_p),
        cmocka_unit_test(test_void_source_does_not_swallow),
        cmocka_unit_test(test_deep_nesting_kept),
        cmocka_unit_test(test_clean_junk),
        cmocka_unit_test(test_clean_hidden),
        cmocka_unit_test(test_clean_deep_is_iterative),
        cmocka_unit_test(test_text_collapses_white_space),
        cmocka_unit_test(test_prefilter_mends_unterminated),
        cmocka_unit_test(test_prefilter_caps_attributes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
