/* SPDX-License-Identifier: MIT */
/* URL resolution and the sanitising serializer. */
#include "nx_test.h"
#include "nx_text.h"
#include "nx_parse.h"
#include "nx_clean.h"
#include "nx_url.h"
#include "nx_score.h"
#include "nx_blocks.h"
#include "nx_html.h"
#include "nx_test_doc.h"

static void assert_url(const char *href, const char *base, int image,
                       const char *want)
{
    char *got = nx_url_resolve(href, base, image);
    if (want == NULL) {
        if (got != NULL)
            fail_msg("%s against %s: expected refusal, got %s", href ? href : "(null)",
                     base ? base : "(none)", got);
    } else {
        if (got == NULL)
            fail_msg("%s against %s: refused, expected %s", href ? href : "(null)",
                     base ? base : "(none)", want);
        assert_string_equal(got, want);
    }
    free(got);
}

static void test_url_resolution(void **state)
{
    const char *base = "https://news.example.org/world/story.html?id=1";
    (void)state;
    assert_url("/img/a.jpg", base, 1, "https://news.example.org/img/a.jpg");
    assert_url("b.html", base, 0, "https://news.example.org/world/b.html");
    assert_url("../up.html", base, 0, "https://news.example.org/up.html");
    assert_url("//cdn.example.net/x.png", base, 1, "https://cdn.example.net/x.png");
    assert_url("#frag", base, 0, "https://news.example.org/world/story.html?id=1#frag");
    assert_url("  http://other.example/  ", base, 0, "http://other.example/");
    assert_url("mailto:desk@example.org", base, 0, "mailto:desk@example.org");
    assert_url("/rel", NULL, 0, "/rel");
    assert_url("florian-giorgio-P1U7-unsplash.jpg", NULL, 1, "florian-giorgio-P1U7-unsplash.jpg");
    assert_url("averyveryverylongscheme:x", NULL, 0, NULL);
    assert_url("", base, 0, NULL);
    assert_url(NULL, base, 0, NULL);
}

/* RFC 3986 5.4's examples, and the URL as written: a percent-escape is
** kept ("%2C" is not ","), what a browser escapes is escaped. */
static void test_url_join(void **state)
{
    static const char *const cases[][2] = {
        { "g", "http://a/b/c/g" }, { "./g", "http://a/b/c/g" },
        { "g/", "http://a/b/c/g/" }, { "/g", "http://a/g" },
        { "//g", "http://g" }, { "?y", "http://a/b/c/d;p?y" },
        { "g?y", "http://a/b/c/g?y" }, { "#s", "http://a/b/c/d;p?q#s" },
        { "g#s", "http://a/b/c/g#s" }, { ";x", "http://a/b/c/;x" },
        { ".", "http://a/b/c/" }, { "..", "http://a/b/" },
        { "../g", "http://a/b/g" }, { "../..", "http://a/" },
        { "../../../g", "http://a/g" }, { "/./g", "http://a/g" },
        { "/../g", "http://a/g" }, { "g.", "http://a/b/c/g." },
        { "..g", "http://a/b/c/..g" }, { "./../g", "http://a/b/g" },
        { "./g/.", "http://a/b/c/g/" }, { "g/../h", "http://a/b/c/h" },
        { "g;x=1/../y", "http://a/b/c/y" }, { "g?y/./x", "http://a/b/c/g?y/./x" },
        { "g#s/../x", "http://a/b/c/g#s/../x" },
        { "x%2C_y%27s.png", "http://a/b/c/x%2C_y%27s.png" },
        { "a b.jpg", "http://a/b/c/a%20b.jpg" },
        { "\xc3\xa9t\xc3\xa9.jpg", "http://a/b/c/%C3%A9t%C3%A9.jpg" },
        { "//cdn.example/p/../q.jpg?w=1%2C2", "http://cdn.example/q.jpg?w=1%2C2" },
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_url(cases[i][0], "http://a/b/c/d;p?q", 0, cases[i][1]);
}

static void test_url_unsafe_schemes(void **state)
{
    const char *base = "https://e.example/";
    (void)state;
    assert_url("javascript:alert(1)", base, 0, NULL);
    assert_url("JaVaScRiPt:alert(1)", base, 0, NULL);
    assert_url(" \x01javascript:alert(1)", base, 0, NULL);
    assert_url("java\tscript:alert(1)", base, 0, NULL);
    assert_url("java\nscript:alert(1)", NULL, 0, NULL);
    assert_url("vbscript:msgbox", base, 0, NULL);
    assert_url("data:text/html;base64,PHNjcmlwdD4=", base, 0, NULL);
    assert_url("data:image/svg+xml;base64,PHN2Zz4=", base, 1, NULL);
    assert_url("data:image/png;base64,iVBORw0=", base, 1, "data:image/png;base64,iVBORw0=");
    assert_url("data:image/png;base64,iVBORw0=", base, 0, NULL);
}

/* The blocks of a whole body, as a site rule's body gives them; `what`
** picks each block's HTML or Markdown, written one after the other. */
static char *render(const char *html, const char *base, int md)
{
    htmlDocPtr doc = nx_test_parse(html);
    nx_blocks blocks;
    nx_emit e;
    nx_buf out;
    size_t i;
    char *s;
    nx_blocks_init(&blocks);
    nx_emit_init(&e, &blocks, NULL, base);
    nx_clean_tree(nx_find_body(doc));
    nx_emit_root(&e, nx_find_body(doc));
    nx_buf_init(&out);
    for (i = 0; i < blocks.n; i++) {
        const nx_block *b = &blocks.v[i];
        if (md && i > 0)
            nx_buf_add(&out, "\n\n", 2);
        if (md)
            nx_buf_add(&out, blocks.md.data + b->md, b->md_len);
        else
            nx_buf_add(&out, blocks.html.data + b->html, b->html_len);
    }
    nx_buf_addc(&out, '\0');
    s = nx_buf_steal(&out, NULL);
    nx_blocks_free(&blocks);
    xmlFreeDoc(doc);
    return s;
}

static char *sanitise(const char *html, const char *base)
{
    return render(html, base, 0);
}

static void assert_html(const char *in, const char *want)
{
    char *got = sanitise(in, "https://e.example/a/");
    assert_string_equal(got, want);
    free(got);
}

static void test_sanitiser_allowlist(void **state)
{
    (void)state;
    assert_html("<p class=x id=y style='color:red' onclick='evil()'>Hi <b>there</b></p>",
                "<p>Hi <b>there</b></p>");
    assert_html("<h1>T</h1><h3>S</h3>", "<h2>T</h2><h3>S</h3>");
    assert_html("<p><a href='javascript:alert(1)' onmouseover=x>x</a> <a href='/ok' target=_blank>y</a></p>",
                "<p><a>x</a> <a href=\"https://e.example/ok\">y</a></p>");
    assert_html("<p><img src=a.png onerror=alert(1) alt='A \"q\"'><img src='javascript:x'></p>",
                "<figure><img src=\"https://e.example/a/a.png\" alt=\"A &quot;q&quot;\"></figure>");
    assert_html("<div>loose <span>text</span><p>para</p></div>",
                "<p>loose text</p><p>para</p>");
    assert_html("<p>a <b>b<p>c</b> d</p>", "<p>a <b>b</b></p><p>c d</p>");
    assert_html("<figure><a href=/big><img src=s.jpg alt=A></a><figcaption>Cap <i>x</i></figcaption></figure>",
                "<figure><img src=\"https://e.example/a/s.jpg\" alt=\"A\"><figcaption>Cap x</figcaption></figure>");
    assert_html("<figure><figcaption>Before</figcaption><picture><source srcset='p.webp 1x, q.webp 2x'><img></picture></figure>",
                "<figure><img src=\"https://e.example/a/p.webp\" alt=\"\"><figcaption>Before</figcaption></figure>");
    assert_html("<p><img src='data:image/gif;base64,R0lGOD' data-src='lazy.jpg'></p>",
                "<figure><img src=\"https://e.example/a/lazy.jpg\" alt=\"\"></figure>");
    assert_html("<table summary=s><tr><td colspan=2 onclick=x>a</td><td rowspan=99999>b</td></tr></table>",
                "<table><tr><td colspan=\"2\">a</td><td>b</td></tr></table>");
    assert_html("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>",
                "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>");
    assert_html("<p>a<script>alert(1)</script><style>p{}</style>b</p>", "<p>ab</p>");
    assert_html("<ul><li>one<li>two</ul><blockquote>q</blockquote>",
                "<li>one</li><li>two</li><blockquote><p>q</p></blockquote>");
}

static void test_sanitiser_no_raw_markup_escapes(void **state)
{
    /* Whatever the input, the output has no <script, no on*= and no
    ** javascript: (a crude but unforgiving check over a list of vectors). */
    static const char *const vectors[] = {
        "<scr<script>ipt>alert(1)</script>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<p><a href=\" javascript:alert(1)\">x</a></p>",
        "<img src=\"x\" onerror=\"alert(1)\"/>",
        "<body onload=alert(1)><p>x</p>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<form action=\"javascript:alert(1)\"><p>x</p></form>",
        NULL
    };
    const char *const *v;
    (void)state;
    for (v = vectors; *v != NULL; v++) {
        char *got = sanitise(*v, NULL), *p;
        for (p = got; *p; p++)
            *p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
        if (strstr(got, "<script") || strstr(got, "javascript:") ||
            strstr(got, " on") || strstr(got, "<iframe") || strstr(got, "style="))
            fail_msg("vector %s gave %s", *v, got);
        free(got);
    }
}

static void assert_md(const char *in, const char *want)
{
    char *got = render(in, NULL, 1);
    assert_string_equal(got, want);
    free(got);
}

/* Markdown that a CommonMark renderer allowing raw HTML reads as text:
** nothing the page wrote becomes markup, a link or an image target. */
static void test_markdown_escapes(void **state)
{
    (void)state;
    assert_md("<p>&lt;img src=x onerror=alert(1)&gt; &amp;lt; *a* [b](c)</p>",
              "\\<img src=x onerror=alert(1)\\> \\&lt; \\*a\\* \\[b\\](c)");
    assert_md("<p># not a heading</p><p>1. not a list</p><p>- nor this</p>",
              "\\# not a heading\n\n1\\. not a list\n\n\\- nor this");
    assert_md("<p><img src='x.png' alt='](javascript:alert(1))'> text</p>",
              "![\\](javascript:alert(1))](<x.png>)\n\ntext");
    assert_md("<p>a <a href='&amp;#106;avascript:alert(1)'>link</a></p>",
              "a [link](<\\&#106;avascript:alert(1)>)");
    assert_md("<p>a <a href='x y>z'>link</a></p>", "a [link](<x%20y\\>z>)");
    assert_md("<table><tr><th>h|1</th><th>h2</th></tr><tr><td>&lt;script&gt;</td><td>*</td></tr></table>",
              "| h\\|1 | h2 |\n| --- | --- |\n| \\<script\\> | \\* |");
    assert_md("<pre>a\n```\n&lt;script>alert(1)&lt;/script>\n````</pre>",
              "`````\na\n```\n<script>alert(1)</script>\n````\n`````");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_resolution),
        cmocka_unit_test(test_url_join),
        cmocka_unit_test(test_url_unsafe_schemes),
        cmocka_unit_test(test_sanitiser_allowlist),
        cmocka_unit_test(test_sanitiser_no_raw_markup_escapes),
        cmocka_unit_test(test_markdown_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
