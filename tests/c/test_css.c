/* SPDX-License-Identifier: MIT */
/*
** test_css.c: the CSS -> XPath compiler and the XPath extension functions.
**
** The behavioural tables matter most: each selector is compiled, compiled
** again by libxml2 and evaluated against a page written for the purpose,
** and the test compares the ids of the elements found, in document order.
** The text tables pin the exact XPath and every error column and message.
*/
#include "nx_test.h"
#include "nx_css.h"

#include <stdio.h>

#include <libxml/xmlerror.h>

#define NX_TEST_N(t) (sizeof(t) / sizeof((t)[0]))
#define NX_TEST_DOC(e) ((xmlNodePtr)(e)->doc)
#define NX_TEST_CSS(b, out, col, msg) \
    nx_css_to_xpath((b).data, (b).len, (out), (col), (msg))

/* libxml2 prints XPath errors to stderr unless the context has its own
** handler (2.9 has no per-call one); the arity tests cause some. */
static void nx_test_quiet(void *ctx, xmlErrorPtr err)
{
    (void)ctx;
    (void)err;
}

static const char nx_test_page[] =
    "<!DOCTYPE html>\n"
    "<html><head><title>T</title></head>\n"
    "<body id=\"body\">\n"
    "<div id=\"main\" class=\"StandardArticleBody_body_1gnLA wrap\">\n"
    " <p id=\"p1\" class=\"lead intro\">One</p>\n"
    " <p id=\"p2\" lang=\"en-US\" data-x=\"it's &quot;q&quot;\">"
    "Two \"quoted\" it's</p>\n"
    " <span id=\"s1\">s</span>\n"
    " <p id=\"p3\" title=\"Hello World\">Three</p>\n"
    " <p id=\"p4\" class=\"Intro\"></p>\n"
    " <ul id=\"list\"><li id=\"l1\">a</li><li id=\"l2\">b</li>"
    "<li id=\"l3\">c</li><li id=\"l4\">d</li><li id=\"l5\">e</li></ul>\n"
    "</div>\n"
    "<div id=\"side\"><p id=\"q1\">Read more</p><em id=\"e1\"></em>"
    "<p id=\"q2\">x</p></div>\n"
    "<div id=\"solo\"><p id=\"only\">z</p></div>\n"
    /* CSS-module classes, as on Reuters pages of 2017-2018 */
    "<div id=\"mods\">"
    "<h1 id=\"m1\" class=\"ArticleHeader_headline_2zdFM\">h</h1>"
    "<div id=\"m2\" class=\"ArticleHeader_date\">d</div>"
    "<div id=\"m3\" class=\"ArticleHeader_date_3Xy2P\">d</div>"
    "<div id=\"m4\" class=\"BylineBar_byline\">b</div>"
    "<div id=\"m5\" class=\"x ArticleHeader_AB12c-9 y\">c</div>"
    "<div id=\"m6\" class=\"ArticleHeader_abcdefghi1\">long</div>"
    "</div>\n"
    "</body></html>\n";

typedef struct nx_test_env {
    htmlDocPtr doc;
    xmlXPathContextPtr ctx;
} nx_test_env;

static int nx_test_setup(void **state)
{
    nx_test_env *e = calloc(1, sizeof *e);
    if (e == NULL)
        return -1;
    e->doc = htmlReadMemory(nx_test_page, (int)strlen(nx_test_page), NULL,
                            "UTF-8", HTML_PARSE_RECOVER | HTML_PARSE_NOERROR
                            | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (e->doc == NULL)
        return -1;
    e->ctx = xmlXPathNewContext(e->doc);
    if (e->ctx == NULL)
        return -1;
    e->ctx->error = nx_test_quiet;
    nx_xpath_register(e->ctx);
    *state = e;
    return 0;
}

static int nx_test_teardown(void **state)
{
    nx_test_env *e = *state;
    xmlXPathFreeContext(e->ctx);
    xmlFreeDoc(e->doc);
    free(e);
    return 0;
}

/* Ids of the nodes `xpath` selects from `node` ("<tag>" for those
** without one), space-separated; "ERROR" when libxml2 refuses it. */
static void nx_test_eval_xpath(nx_test_env *e, xmlNodePtr node,
                               const char *xpath, char *res, size_t cap)
{
    xmlXPathCompExprPtr comp;
    xmlXPathObjectPtr obj;
    int i;
    size_t used = 0;

    res[0] = '\0';
    comp = xmlXPathCtxtCompile(e->ctx, (const xmlChar *)xpath);
    if (comp == NULL) {
        snprintf(res, cap, "ERROR");
        return;
    }
    e->ctx->node = node;
    obj = xmlXPathCompiledEval(comp, e->ctx);
    xmlXPathFreeCompExpr(comp);
    if (obj == NULL) {
        snprintf(res, cap, "ERROR");
        return;
    }
    if (obj->type == XPATH_NODESET && obj->nodesetval != NULL) {
        for (i = 0; i < obj->nodesetval->nodeNr; i++) {
            xmlNodePtr n = obj->nodesetval->nodeTab[i];
            xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
            int w;
            if (id != NULL)
                w = snprintf(res + used, cap - used, "%s%s", used ? " " : "",
                             (const char *)id);
            else
                w = snprintf(res + used, cap - used, "%s<%s>",
                             used ? " " : "", (const char *)n->name);
            xmlFree(id);
            if (w < 0 || (size_t)w >= cap - used)
                break;
            used += (size_t)w;
        }
    } else if (obj->type == XPATH_BOOLEAN) {
        snprintf(res, cap, "%s", obj->boolval ? "true" : "false");
    } else if (obj->type == XPATH_NUMBER) {
        snprintf(res, cap, "%g", obj->floatval);
    }
    xmlXPathFreeObject(obj);
}

static xmlNodePtr nx_test_by_id(nx_test_env *e, const char *id)
{
    char xp[128];
    xmlXPathObjectPtr obj;
    xmlNodePtr n = NULL;
    snprintf(xp, sizeof xp, "//*[@id='%s']", id);
    e->ctx->node = (xmlNodePtr)e->doc;
    obj = xmlXPathEvalExpression((const xmlChar *)xp, e->ctx);
    if (obj != NULL && obj->nodesetval != NULL && obj->nodesetval->nodeNr == 1)
        n = obj->nodesetval->nodeTab[0];
    xmlXPathFreeObject(obj);
    return n;
}

/* Compile `css`, evaluate from the element with id `scope` (the document
** when NULL) and return the ids found. */
static void nx_test_select(nx_test_env *e, const char *scope, const char *css,
                           char *res, size_t cap)
{
    nx_buf out;
    size_t col = 0;
    const char *msg = NULL;
    xmlNodePtr node = scope ? nx_test_by_id(e, scope) : (xmlNodePtr)e->doc;
    int rc;

    assert_non_null(node);
    nx_buf_init(&out);
    rc = nx_css_to_xpath(css, strlen(css), &out, &col, &msg);
    if (rc != NX_OK)
        print_error("css %s: column %zu: %s\n", css, col, msg ? msg : "?");
    assert_int_equal(rc, NX_OK);
    nx_test_eval_xpath(e, node, out.data, res, cap);
    nx_buf_free(&out);
}

static const struct {
    const char *scope;      /* id of the context element; NULL: document */
    const char *css;
    const char *ids;
} nx_test_behaviour[] = {
    { NULL, "p", "p1 p2 p3 p4 q1 q2 only" },
    { NULL, "P", "p1 p2 p3 p4 q1 q2 only" },
    { NULL, ".lead", "p1" },
    { NULL, ".intro", "p1" },                 /* class names keep case */
    { NULL, ".lead.intro", "p1" },
    { NULL, ".lead.Intro", "" },
    { NULL, "#p2", "p2" },
    { NULL, "DIV#side > P", "q1 q2" },
    { NULL, "#Side", "" },
    { NULL, "*", "<html> <head> <title> body main p1 p2 s1 p3 p4 list l1 "
                 "l2 l3 l4 l5 side q1 e1 q2 solo only mods m1 m2 m3 m4 m5 m6" },
    /* combinators */
    { NULL, "div p", "p1 p2 p3 p4 q1 q2 only" },
    { NULL, "body > div > p", "p1 p2 p3 p4 q1 q2 only" },
    { NULL, "#main > p + p", "p2 p4" },
    { NULL, "#main > p ~ p", "p2 p3 p4" },
    { NULL, "span + p", "p3" },
    { NULL, "span ~ *", "p3 p4 list" },
    { NULL, "p + em + p", "q2" },
    { NULL, "ul>li+li+li", "l3 l4 l5" },
    { NULL, "li ~ li ~ li ~ li", "l4 l5" },
    /* structural pseudo-classes */
    { NULL, "li:nth-of-type(2n+1)", "l1 l3 l5" },
    { NULL, "li:nth-child(even)", "l2 l4" },
    { NULL, "li:nth-child(odd)", "l1 l3 l5" },
    { NULL, "li:nth-child(3n)", "l3" },
    { NULL, "li:nth-child(3n-1)", "l2 l5" },
    { NULL, "li:nth-child(-n+2)", "l1 l2" },
    { NULL, "li:nth-child(-2n+5)", "l1 l3 l5" },
    { NULL, "li:nth-child( 4 )", "l4" },
    { NULL, "li:nth-child(0n+0)", "" },
    { NULL, "li:nth-child(n+4)", "l4 l5" },
    { NULL, "li:nth-last-child(2)", "l4" },
    { NULL, "li:nth-last-child(-n+2)", "l4 l5" },
    { NULL, "li:first-child, li:last-child", "l1 l5" },
    { NULL, "#main > :first-of-type", "p1 s1 list" },
    { NULL, "#main > :last-of-type", "s1 p4 list" },
    { NULL, "#main > *:nth-of-type(2)", "p2" },
    { NULL, "#main > :nth-last-of-type(odd)", "p2 s1 p4 list" },
    { NULL, "#main > p:nth-of-type(2n+1)", "p1 p3" },
    { NULL, "#main > p:nth-last-of-type(1)", "p4" },
    { NULL, ".wrap :nth-of-type(2)", "p2 l2" },
    { NULL, "p:only-child", "only" },
    { NULL, "#side > :only-of-type", "e1" },
    { NULL, "body :empty", "p4 e1" },
    { NULL, ":root", "<html>" },
    { NULL, "html:root > body", "body" },
    /* :not */
    { NULL, "p:not(.lead):not([title])", "p2 p4 q1 q2 only" },
    { NULL, "#main > :not(p, ul)", "s1" },
    { NULL, "#main > p:not(:first-child, :nth-child(4))", "p2 p4" },
    { NULL, "li:not(:not(:nth-child(2)))", "l2" },
    { NULL, "#side *:not(*)", "" },
    /* attributes */
    { NULL, "[lang]", "p2" },
    { NULL, "[lang|=en]", "p2" },
    { NULL, "[lang|=\"en-US\"]", "p2" },
    { NULL, "[lang|=e]", "" },
    { NULL, "[lang=en-us i]", "p2" },
    { NULL, "[lang=en-us]", "" },
    { NULL, "[title~=World]", "p3" },
    { NULL, "[title~=world i]", "p3" },
    { NULL, "[title~=world]", "" },
    { NULL, "[title~=\"Hello World\"]", "" },
    { NULL, "[title^=Hell]", "p3" },
    { NULL, "[title^='']", "" },
    { NULL, "[title$=orld]", "p3" },
    { NULL, "[title$=\"Hello World\"]", "p3" },
    { NULL, "[title$=\"xHello World\"]", "" },
    { NULL, "[title*='lo W']", "p3" },
    { NULL, "[ TITLE = 'Hello World' ]", "p3" },
    { NULL, "[data-x=\"it's \\\"q\\\"\"]", "p2" },
    { NULL, "[data-x='it\\'s \"q\"']", "p2" },
    { NULL, "[data-x*='s \"q']", "p2" },
    { NULL, "[id=p\\31]", "p1" },
    { NULL, "#p\\31 ", "p1" },
    { NULL, "[class~=lead][class~=intro]", "p1" },
    /* :contains */
    { NULL, "p:contains(\"it's\")", "p2" },
    { NULL, "p:contains('\"quoted\"')", "p2" },
    { NULL, "p:contains(Read)", "q1" },
    { NULL, "#side p:contains(\"Read more\")", "q1" },
    { NULL, "div:contains('Read more')", "side" },
    { NULL, "p:contains(\"read\")", "" },
    /* CSS-module hashes: .X matches X and X_<hash> */
    { NULL, ".StandardArticleBody_body", "main" },
    { NULL, ".StandardArticleBody", "" },
    { NULL, ".ArticleHeader_headline", "m1" },
    { NULL, ".ArticleHeader", "m5" },      /* AB12c-9 is a hash, date not */
    { NULL, ".ArticleHeader_date", "m2 m3" },
    { NULL, ".ArticleHeader_date_3Xy2P", "m3" },
    { NULL, ".BylineBar", "" },                /* _byline: a word, not a hash */
    { NULL, ".BylineBar_byline", "m4" },
    { NULL, "h1.ArticleHeader_headline", "m1" },
    { NULL, "#mods > :not(.ArticleHeader_date)", "m1 m4 m5 m6" },
    { NULL, "[class^=ArticleHeader_date]", "m2 m3" },
    /* lists: one union, in document order, without duplicates */
    { NULL, "#p3, #p1, p.lead", "p1 p3" },
    { NULL, "em, span", "s1 e1" },
    /* scoped: only descendants of the context element */
    { "side", "p", "q1 q2" },
    { "side", "div p", "" },
    { "side", "*", "q1 e1 q2" },
    { "side", ":first-child", "q1" },
    { "main", "ul li:first-child", "l1" },
    { "main", "p", "p1 p2 p3 p4" },
    { "main", ":root", "" },
    { "main", "#main", "" },
    { "list", "li + li", "l2 l3 l4 l5" },
    { "l1", "*", "" },
};

static void test_behaviour(void **state)
{
    nx_test_env *e = *state;
    char res[1024];
    size_t i;
    for (i = 0; i < NX_TEST_N(nx_test_behaviour); i++) {
        nx_test_select(e, nx_test_behaviour[i].scope, nx_test_behaviour[i].css,
                       res, sizeof res);
        if (strcmp(res, nx_test_behaviour[i].ids) != 0)
            print_error("css %s (scope %s)\n", nx_test_behaviour[i].css,
                        nx_test_behaviour[i].scope ? nx_test_behaviour[i].scope
                                                   : "document");
        assert_string_equal(res, nx_test_behaviour[i].ids);
    }
}

/* The exact XPath, so a change in output shape is a deliberate one. */
static const struct {
    const char *css;
    const char *xpath;
} nx_test_text[] = {
    { "div", "descendant::div" },
    { "*", "descendant::*" },
    { "DiV", "descendant::div" },
    { ".x", "descendant::*[has-class('x')]" },
    { "#a", "descendant::*[@id='a']" },
    { "div.a#b[c]", "descendant::div[has-class('a')][@id='b'][@c]" },
    { "a > b + c ~ d e",
      "descendant::a/child::b/following-sibling::*[1][self::c]"
      "/following-sibling::d/descendant::e" },
    { "a+.b", "descendant::a/following-sibling::*[1][has-class('b')]" },
    { "a , b", "descendant::a|descendant::b" },
    { "[A]", "descendant::*[@a]" },
    { "[a=\"x'y\"]", "descendant::*[@a=\"x'y\"]" },
    { "[a='x\"y']", "descendant::*[@a='x\"y']" },
    { "[a=\"it's \\\"q\\\"\"]",
      "descendant::*[@a=concat(\"it's \",'\"q\"')]" },
    { "[a=\"'\\\"\"]", "descendant::*[@a=concat(\"'\",'\"')]" },
    { "[a=\"\\\"'\"]", "descendant::*[@a=concat('\"',\"'\")]" },
    { "[a=\"''\\\"\"]", "descendant::*[@a=concat(\"''\",'\"')]" },
    { "[a=\"x'\\\"y\\\"'z\"]",
      "descendant::*[@a=concat(\"x'\",'\"y\"',\"'z\")]" },
    { ".a\\'b\\\"", "descendant::*[has-class(concat(\"a'b\",'\"'))]" },
    { "[a~=x]",
      "descendant::*[contains(concat(' ',normalize-space(@a),' '),' x ')]" },
    { "[a~='x y']", "descendant::*[false()]" },
    { "[a|=en]", "descendant::*[(@a='en' or starts-with(@a,'en-'))]" },
    { "[a^=x]", "descendant::*[starts-with(@a,'x')]" },
    { "[a$=abc]", "descendant::*[substring(@a,string-length(@a)-2)='abc']" },
    { "[a$=\"\xc3\xa9t\xc3\xa9\"]",
      "descendant::*[substring(@a,string-length(@a)-2)='\xc3\xa9t\xc3\xa9']" },
    { "[a*=x]", "descendant::*[contains(@a,'x')]" },
    { "[a=X i]",
      "descendant::*[translate(@a,'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
      "'abcdefghijklmnopqrstuvwxyz')='x']" },
    { "[a=X s]", "descendant::*[@a='X']" },
    { "[data-\\@x]", "descendant::*[@*[name()='data-@x']]" },
    { "svg\\:rect", "descendant::*[name()='svg:rect']" },
    { ".a\\31 b", "descendant::*[has-class('a1b')]" },
    { ".\\31 0", "descendant::*[has-class('10')]" },
    { ".1col", "descendant::*[has-class('1col')]" },
    { "#\\0", "descendant::*[@id='\xef\xbf\xbd']" },
    { ".\\1 x", "descendant::*[has-class('\xef\xbf\xbdx')]" },
    { "p:first-child", "descendant::p[not(preceding-sibling::*)]" },
    { "p:last-child", "descendant::p[not(following-sibling::*)]" },
    { "p:only-child",
      "descendant::p[not(preceding-sibling::*)][not(following-sibling::*)]" },
    { "p:first-of-type", "descendant::p[not(preceding-sibling::p)]" },
    { ":first-of-type", "descendant::*[type-before()=0]" },
    { ":last-of-type", "descendant::*[type-after()=0]" },
    { "p:nth-child(2n+1)",
      "descendant::p[count(preceding-sibling::*) mod 2=0]" },
    { "p:nth-child(2n)",
      "descendant::p[(count(preceding-sibling::*)+1) mod 2=0]" },
    { "p:nth-child(3)", "descendant::p[count(preceding-sibling::*)=2]" },
    { "p:nth-child(n+3)", "descendant::p[count(preceding-sibling::*)>=2]" },
    { "p:nth-child(-n+3)", "descendant::p[count(preceding-sibling::*)<=2]" },
    { "p:nth-child(-n-1)", "descendant::p[false()]" },
    { "p:nth-child(n)", "descendant::p" },
    { "p:nth-last-child(1)", "descendant::p[not(following-sibling::*)]" },
    { "p:nth-of-type(3n-1)",
      "descendant::p[(count(preceding-sibling::p)+2) mod 3=0]" },
    { ":nth-of-type(2)", "descendant::*[type-before()=1]" },
    { "p:nth-last-of-type(2)", "descendant::p[count(following-sibling::p)=1]" },
    { ":empty", "descendant::*[not(*|text())]" },
    { ":root", "descendant::*[not(parent::*)]" },
    { ":not(.a)", "descendant::*[not((has-class('a')))]" },
    { ":not(*)", "descendant::*[not((self::*))]" },
    { "a:not(p.b, #c)",
      "descendant::a[not((self::p and has-class('b')) or (@id='c'))]" },
    { ":contains(\"a'b\")", "descendant::*[contains(.,\"a'b\")]" },
    { ":contains(word)", "descendant::*[contains(.,'word')]" },
    { ":NTH-CHILD(ODD)", "descendant::*[count(preceding-sibling::*) mod 2=0]" },
};

static void test_text(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof nx_test_text / sizeof nx_test_text[0]; i++) {
        nx_buf out;
        size_t col = 0;
        const char *msg = NULL;
        int rc;
        nx_buf_init(&out);
        rc = nx_css_to_xpath(nx_test_text[i].css, strlen(nx_test_text[i].css),
                             &out, &col, &msg);
        if (rc != NX_OK)
            print_error("css %s: column %zu: %s\n", nx_test_text[i].css, col,
                        msg ? msg : "?");
        assert_int_equal(rc, NX_OK);
        assert_string_equal(out.data, nx_test_text[i].xpath);
        nx_buf_free(&out);
    }
}

static const struct {
    const char *css;
    size_t col;
    const char *msg;
} nx_test_errors[] = {
    { "", 1, "empty selector" },
    { "   ", 4, "empty selector" },
    { "div >", 6, "expected selector after '>'" },
    { "div +", 6, "expected selector after '+'" },
    { "div ~ ,p", 7, "expected selector after '~'" },
    { "a >> b", 4, "expected selector after '>'" },
    { "> a", 1, "unexpected character" },
    { ".", 2, "expected identifier after '.'" },
    { "p. x", 3, "expected identifier after '.'" },
    { "#", 2, "expected identifier after '#'" },
    { "[", 2, "expected attribute name after '['" },
    { "[a", 3, "expected ']'" },
    { "[a=", 4, "expected attribute value" },
    { "[a=b", 5, "expected ']'" },
    { "[a=b c]", 6, "expected ']'" },
    { "[a=b ix]", 6, "unknown attribute flag" },
    { "[a!=b]", 3, "expected attribute operator or ']'" },
    { "[a='b]", 4, "unterminated string" },
    { "[a='b\nc']", 4, "unterminated string" },
    { "[ns|a]", 4, "namespaces are not supported" },
    { "[*|a]", 2, "namespaces are not supported" },
    { "ns|a", 3, "namespaces are not supported" },
    { "a:hover", 2, "unknown pseudo-class ':hover'" },
    { "a:HOVER", 2, "unknown pseudo-class ':hover'" },
    { "li:eq(1)", 3, "unknown pseudo-class ':eq' (jQuery; use :nth-of-type)" },
    { "a:frobnicate", 2, "unknown pseudo-class" },
    { "a::before", 2, "pseudo-elements are not supported" },
    { "a:", 3, "expected pseudo-class name after ':'" },
    { ":first-child()", 13, "this pseudo-class takes no argument" },
    { ":nth-child", 11, "expected '(' after pseudo-class name" },
    { ":nth-child()", 12, "expected an+b, odd or even" },
    { ":nth-child(2n+)", 15, "expected an+b, odd or even" },
    { ":nth-child(2n 1)", 15, "expected ')'" },
    { ":nth-child(- n)", 13, "expected an+b, odd or even" },
    { ":nth-child(oddx)", 12, "expected an+b, odd or even" },
    { ":nth-child(12345678901)", 12, "number too large" },
    { ":nth-child(2", 13, "expected ')'" },
    { ":not(", 6, "expected selector in :not()" },
    { ":not()", 6, "expected selector in :not()" },
    { ":not(a", 7, "expected ')'" },
    { ":not(a,)", 8, "empty selector in list" },
    { ":not(,a)", 6, "empty selector in list" },
    { ":not(a b)", 8, "combinators are not supported in :not()" },
    { ":not(a>b)", 7, "combinators are not supported in :not()" },
    { ":contains()", 11, "expected string in :contains()" },
    { ":contains(\"x)", 11, "unterminated string" },
    { ":contains(a b)", 13, "expected ')'" },
    { "a,,b", 3, "empty selector in list" },
    { "a,", 3, "empty selector in list" },
    { ", a", 1, "empty selector in list" },
    { "\"unterminated", 1, "unterminated string" },
    { "a 'x'", 3, "unexpected string" },
    { "a)", 2, "unexpected ')'" },
    { "a/b", 2, "unexpected character" },
    { "a\\", 2, "incomplete escape" },
    /* columns count characters, not bytes */
    { "\xc3\xa9\xc3\xa9.", 4, "expected identifier after '.'" },
};

static void test_errors(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof nx_test_errors / sizeof nx_test_errors[0]; i++) {
        nx_buf out;
        size_t col = 0;
        const char *msg = NULL;
        int rc;
        nx_buf_init(&out);
        nx_buf_adds(&out, "keep");   /* an error leaves `out` as it was */
        rc = nx_css_to_xpath(nx_test_errors[i].css,
                             strlen(nx_test_errors[i].css), &out, &col, &msg);
        if (rc != NX_EINPUT || col != nx_test_errors[i].col || msg == NULL
            || strcmp(msg, nx_test_errors[i].msg) != 0)
            print_error("css \"%s\": rc %d column %zu: %s\n",
                        nx_test_errors[i].css, rc, col, msg ? msg : "(none)");
        assert_int_equal(rc, NX_EINPUT);
        assert_int_equal(col, nx_test_errors[i].col);
        assert_non_null(msg);
        assert_string_equal(msg, nx_test_errors[i].msg);
        assert_string_equal(out.data, "keep");
        nx_buf_free(&out);
    }
}

/* A NUL byte or broken UTF-8 in the input still gives valid XPath. */
static void test_bytes(void **state)
{
    static const struct {
        const char *css;
        size_t len;
        const char *xpath;
    } cases[] = {
        { "a\0b", 3, "descendant::*[name()='a\xef\xbf\xbd" "b']" },
        { ".x\xff", 3, "descendant::*[has-class('x\xef\xbf\xbd')]" },
        { ".x\xc3", 3, "descendant::*[has-class('x\xef\xbf\xbd')]" },
        { "[a='\x01']", 7, "descendant::*[@a='\xef\xbf\xbd']" },
        { "[a='\xed\xa0\x80']", 9,
          "descendant::*[@a='\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd']" },
        { "p,a", 1, "descendant::p" },   /* len, not the NUL, ends it */
    };
    nx_test_env *e = *state;
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nx_buf out;
        size_t col = 0;
        const char *msg = NULL;
        char res[256];
        nx_buf_init(&out);
        assert_int_equal(nx_css_to_xpath(cases[i].css, cases[i].len, &out, &col,
                                         &msg), NX_OK);
        assert_string_equal(out.data, cases[i].xpath);
        nx_test_eval_xpath(e, NX_TEST_DOC(e), out.data, res, sizeof res);
        assert_string_not_equal(res, "ERROR");
        nx_buf_free(&out);
    }
}

/* The hash-suffix rule on its own, both ways. */
static void test_class_tokens(void **state)
{
    static const struct {
        const char *list;
        const char *want;
        int match;
    } cases[] = {
        { "a b c", "b", 1 },
        { "  b\t", "b", 1 },
        { "\nb\f", "b", 1 },
        { "ab", "b", 0 },
        { "ba", "b", 0 },
        { "B", "b", 0 },
        { "", "b", 0 },
        { "b", "", 0 },
        { "StandardArticleBody_body_1gnLA", "StandardArticleBody_body", 1 },
        { "StandardArticleBody_body_1gnLA", "StandardArticleBody", 0 },
        { "BylineBar_byline", "BylineBar", 0 },
        { "ArticleHeader_date", "ArticleHeader", 0 },
        { "ArticleHeader_date_3Xy2P", "ArticleHeader_date", 1 },
        { "X_abcde", "X", 0 },          /* lower case only: a word */
        { "X_abcdE", "X", 1 },
        { "X_1234", "X", 0 },           /* 4: too short */
        { "X_12345", "X", 1 },
        { "X_1234567", "X", 1 },
        { "X_12345678", "X", 1 },       /* 8 */
        { "X_123456789", "X", 0 },      /* 9: too long */
        { "X_--1--", "X", 1 },
        { "X__1234", "X", 0 },          /* a hash does not start with '_' */
        { "X_12_45", "X", 1 },          /* base64url: '_' inside */
        { "Attribution_content_27_rw", "Attribution_content", 1 },
        { "Attribution_content_27_rw", "Attribution", 0 },
        { "X_ab_cd", "X", 0 },          /* words: no digit, no capital */
        { "X_1234\xc3\xa9", "X", 0 },
        { "X-12345", "X", 0 },
        { "X_", "X", 0 },
        { "a X_AB12c b", "X", 1 },
        { "XY_12345", "X", 0 },
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = nx_class_list_has((const xmlChar *)cases[i].list,
                                    (const xmlChar *)cases[i].want,
                                    strlen(cases[i].want));
        if (got != cases[i].match)
            print_error("class \"%s\" has \"%s\": got %d\n", cases[i].list,
                        cases[i].want, got);
        assert_int_equal(got, cases[i].match);
    }
}

/* The extension functions called from raw XPath, as editors may, with
** wrong arguments and on nodes that are not elements. */
static void test_functions(void **state)
{
    static const struct {
        const char *xpath;
        const char *res;
    } cases[] = {
        { "//*[has-class('lead')]", "p1" },
        { "//*[has-class(\"ArticleHeader_date\")]", "m2 m3" },
        { "has-class('lead')", "false" },              /* the document node */
        { "count(//text()[has-class('lead')])", "0" },
        { "count(//@class[has-class('lead')])", "0" },
        { "count(//namespace::*[has-class('xml')])", "0" },
        { "//*[has-class(@id)]", "" },          /* converted by string() */
        { "//p[has-class(concat('le','ad'))]", "p1" },
        { "//*[has-class(1)]", "" },
        { "//*[has-class('')]", "" },
        { "has-class()", "ERROR" },
        { "has-class('a', 'b')", "ERROR" },
        { "//*[has-class()]", "ERROR" },
        { "//li[type-before()=2]", "l3" },
        { "//li[type-after()=0]", "l5" },
        { "type-before()", "0" },
        { "count(//@id[type-before()>0])", "0" },
        { "type-before(1)", "ERROR" },
        { "type-after('x')", "ERROR" },
    };
    nx_test_env *e = *state;
    char res[256];
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nx_test_eval_xpath(e, NX_TEST_DOC(e), cases[i].xpath, res, sizeof res);
        if (strcmp(res, cases[i].res) != 0)
            print_error("xpath %s\n", cases[i].xpath);
        assert_string_equal(res, cases[i].res);
    }
}

static void nx_test_repeat(nx_buf *b, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        nx_buf_adds(b, s);
}

static void nx_test_expect(const char *css, size_t len, int rc_want,
                           size_t col_want, const char *msg_want)
{
    nx_buf out;
    size_t col = 0;
    const char *msg = NULL;
    int rc;
    nx_buf_init(&out);
    rc = nx_css_to_xpath(css, len, &out, &col, &msg);
    assert_int_equal(rc, rc_want);
    if (rc == NX_EINPUT) {
        assert_int_equal(col, col_want);
        assert_string_equal(msg, msg_want);
    }
    nx_buf_free(&out);
}

/* Deep and long input fails cleanly; what is accepted at the limits
** still evaluates in libxml2 (whose evaluator has its own depth limit). */
static void test_limits(void **state)
{
    nx_test_env *e = *state;
    nx_buf css, out;
    size_t col;
    const char *msg;
    char res[1024];
    static const size_t depths[] = {
        NX_CSS_MAX_DEPTH, NX_CSS_MAX_DEPTH + 1, 10000
    };
    size_t n, d;

    /* :not() nesting: 32 levels pass, the 33rd is refused where it starts */
    for (d = 0; d < sizeof depths / sizeof depths[0]; d++) {
        n = depths[d];
        nx_buf_init(&css);
        nx_test_repeat(&css, ":not(", n);
        nx_buf_adds(&css, "a");
        nx_test_repeat(&css, ")", n);
        assert_false(css.oom);
        nx_buf_init(&out);
        col = 0;
        msg = NULL;
        if (n == NX_CSS_MAX_DEPTH) {
            assert_int_equal(NX_TEST_CSS(css, &out, &col, &msg),
                             NX_OK);
            nx_test_eval_xpath(e, NX_TEST_DOC(e), out.data, res, sizeof res);
            assert_string_equal(res, "");   /* even not()s: only <a>s */
        } else {
            assert_int_equal(NX_TEST_CSS(css, &out, &col, &msg),
                             NX_EINPUT);
            assert_int_equal(col, 1 + 5 * NX_CSS_MAX_DEPTH);
            assert_string_equal(msg, "selectors nested too deeply");
        }
        nx_buf_free(&out);
        nx_buf_free(&css);
    }

    /* the part budget: at the limit it evaluates, one more is refused */
    {
        static const struct {
            const char *first, *rep;
            size_t reps;    /* parts = reps * per + first */
        } shapes[] = {
            { "p", ".lead", NX_CSS_MAX_PARTS - 1 },          /* predicates */
            { "p", ",p", (NX_CSS_MAX_PARTS - 1) / 2 },       /* union */
            { "*", " *", (NX_CSS_MAX_PARTS - 1) / 2 },       /* steps */
            { ":not(p", ",p", (NX_CSS_MAX_PARTS - 2) / 2 },  /* or */
        };
        size_t i;
        for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
            nx_buf_init(&css);
            nx_buf_adds(&css, shapes[i].first);
            nx_test_repeat(&css, shapes[i].rep, shapes[i].reps);
            if (shapes[i].first[0] == ':')
                nx_buf_adds(&css, ")");
            nx_buf_init(&out);
            assert_int_equal(NX_TEST_CSS(css, &out, &col, &msg),
                             NX_OK);
            nx_test_eval_xpath(e, NX_TEST_DOC(e), out.data, res, sizeof res);
            assert_string_not_equal(res, "ERROR");
            nx_buf_free(&out);
            nx_buf_free(&css);
        }
    }
    nx_buf_init(&css);
    nx_buf_adds(&css, "p");
    nx_test_repeat(&css, ".a", NX_CSS_MAX_PARTS);
    nx_test_expect(css.data, css.len, NX_EINPUT, 2 + 2 * (NX_CSS_MAX_PARTS - 1),
                   "selector too complex");
    nx_buf_free(&css);

    /* a megabyte of descendant combinators, and one of spaces */
    nx_buf_init(&css);
    nx_test_repeat(&css, "a ", 1 << 19);
    nx_test_expect(css.data, css.len, NX_EINPUT, 1 + 2 * (NX_CSS_MAX_PARTS / 2),
                   "selector too complex");
    nx_buf_free(&css);
    nx_buf_init(&css);
    nx_test_repeat(&css, " ", 1 << 20);
    nx_test_expect(css.data, css.len, NX_EINPUT, (1 << 20) + 1,
                   "empty selector");
    nx_buf_free(&css);
    /* a long string is fine (it is linear), but not one that needs a
    ** concat() of more arguments than the budget */
    nx_buf_init(&css);
    nx_buf_adds(&css, "[a=\"");
    nx_test_repeat(&css, "x'", 1 << 16);
    nx_test_expect(css.data, css.len, NX_EINPUT, 4, "unterminated string");
    nx_buf_adds(&css, "\\\"\"]");
    nx_buf_init(&out);
    assert_int_equal(NX_TEST_CSS(css, &out, &col, &msg), NX_OK);
    assert_true(out.len > 2 * (1 << 16));
    nx_test_eval_xpath(e, NX_TEST_DOC(e), out.data, res, sizeof res);
    assert_string_equal(res, "");
    nx_buf_free(&out);
    nx_buf_free(&css);
    nx_buf_init(&css);
    nx_buf_adds(&css, "[a='");
    nx_test_repeat(&css, "\\'\"", NX_CSS_MAX_PARTS);
    nx_buf_adds(&css, "']");
    nx_test_expect(css.data, css.len, NX_EINPUT, 4,
                   "selector too complex");
    nx_buf_free(&css);
}

/* xorshift32: deterministic, and local to the test. */
static uint32_t nx_test_rand(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

/* Half the strings are random fragments of the CSS alphabet, half are
** valid selectors with up to three random edits, so both the accepting
** and the refusing paths see plenty of input. */
static size_t nx_test_random_css(uint32_t *seed, char *css, size_t cap)
{
    static const char *const frags[] = {
        "div", "p", "a", "li", "x", "n", "i", "S", "-", "_", "0", "1", "9",
        "*", ".", "#", "[", "]", "=", "~=", "|=", "^=", "$=", "*=", "~", "|",
        "^", "$", "'", "\"", "\\", "\\31 ", "\\'", ":", "::", "(", ")", " ",
        "  ", ">", "+", ",", "\t", "\n", "2n+1", "-n+3", "odd", "even",
        ":not(", ":nth-child(", ":nth-of-type(", ":nth-last-child(",
        ":first-child", ":last-of-type", ":empty", ":root", ":contains(",
        ":only-child", "lead", "ArticleHeader_date", "\xc3\xa9", "\xff", "\x01",
        "/", "@", "!", "%",
    };
    static const char *const simple[] = {
        "div", "p", "*", "li", "UL", ".lead", "#p2", "[lang]", "[lang|=en]",
        "[title~='Hello']", "[data-x*=\"q\\\"\"]", "[a$=x i]", "[ id ^= 'p' ]",
        ":first-child", ":nth-child(2n+1)", ":nth-of-type(-n+3)",
        ":nth-last-child(odd)", ":not(.a, p)", ":not(:not(li:last-child))",
        ":contains('it\\'s \"q\"')", ":empty", ":root", ":last-of-type",
        ":only-of-type", ".ArticleHeader", ".\\31 x", "svg\\:rect",
    };
    static const char *const comb[] = { " ", " > ", "+", " ~ ", ", ", ">" };
#define NX_PICK(t) (t)[nx_test_rand(seed) % (sizeof(t) / sizeof((t)[0]))]
    size_t len = 0, n, k, j;
#define NX_PUT(str)                                                       \
    do {                                                                  \
        const char *s_ = (str);                                           \
        size_t l_ = strlen(s_);                                           \
        if (len + l_ < cap) {                                             \
            memcpy(css + len, s_, l_);                                    \
            len += l_;                                                    \
        }                                                                 \
    } while (0)
    if (nx_test_rand(seed) % 2 == 0) {
        n = 1 + nx_test_rand(seed) % 24;
        for (k = 0; k < n; k++)
            NX_PUT(NX_PICK(frags));
        return len;
    }
    n = 1 + nx_test_rand(seed) % 4;
    for (k = 0; k < n; k++) {
        if (k > 0)
            NX_PUT(NX_PICK(comb));
        for (j = 0; j <= nx_test_rand(seed) % 3; j++)
            NX_PUT(NX_PICK(simple));
    }
    for (k = nx_test_rand(seed) % 4; k > 0 && len > 0; k--) {
        size_t at = nx_test_rand(seed) % len;
        const char *f = NX_PICK(frags);
        switch (nx_test_rand(seed) % 3) {
        case 0:                                 /* delete a byte */
            memmove(css + at, css + at + 1, len - at - 1);
            len--;
            break;
        case 1:                                 /* overwrite a byte */
            css[at] = f[0];
            break;
        default:                                /* insert a fragment */
            if (len + strlen(f) < cap) {
                memmove(css + at + strlen(f), css + at, len - at);
                memcpy(css + at, f, strlen(f));
                len += strlen(f);
            }
            break;
        }
    }
#undef NX_PUT
#undef NX_PICK
    return len;
}

/* 20,000 pseudo-random selectors: no crash (ASan and valgrind runs make
** that meaningful), and every accepted one compiles and evaluates in
** libxml2. */
static void test_random(void **state)
{
    nx_test_env *e = *state;
    uint32_t seed = 0x9E3779B9u;
    char css[512], res[4096];
    int i, ok = 0, bad = 0;
    for (i = 0; i < 20000; i++) {
        size_t len = nx_test_random_css(&seed, css, sizeof css);
        nx_buf out;
        size_t col = 0;
        const char *msg = NULL;
        int rc;
        nx_buf_init(&out);
        rc = nx_css_to_xpath(css, len, &out, &col, &msg);
        if (rc == NX_OK) {
            xmlXPathCompExprPtr comp;
            comp = xmlXPathCompile((const xmlChar *)out.data);
            if (comp == NULL)
                print_error("css \"%.*s\" gave bad XPath %s\n", (int)len, css,
                            out.data);
            assert_non_null(comp);
            xmlXPathFreeCompExpr(comp);
            nx_test_eval_xpath(e, NX_TEST_DOC(e), out.data, res, sizeof res);
            if (strcmp(res, "ERROR") == 0)
                print_error("css \"%.*s\": %s fails\n", (int)len, css,
                            out.data);
            assert_string_not_equal(res, "ERROR");
            ok++;
        } else {
            assert_int_equal(rc, NX_EINPUT);
            assert_non_null(msg);
            assert_true(col >= 1 && col <= len + 1);
            bad++;
        }
        nx_buf_free(&out);
    }
    print_message("random: %d accepted, %d refused\n", ok, bad);
    /* Both paths were exercised, or the test proves nothing. */
    assert_true(ok > 2000);
    assert_true(bad > 2000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_class_tokens),
        cmocka_unit_test_setup_teardown(test_behaviour, nx_test_setup,
                                        nx_test_teardown),
        cmocka_unit_test_setup_teardown(test_functions, nx_test_setup,
                                        nx_test_teardown),
        cmocka_unit_test_setup_teardown(test_bytes, nx_test_setup,
                                        nx_test_teardown),
        cmocka_unit_test_setup_teardown(test_limits, nx_test_setup,
                                        nx_test_teardown),
        cmocka_unit_test_setup_teardown(test_random, nx_test_setup,
                                        nx_test_teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
