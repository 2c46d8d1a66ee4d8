/* SPDX-License-Identifier: MIT */
/*
** fuzz_css.c: the CSS selector compiler.
**
** Any bytes go to nx_css_to_xpath.  Properties: it returns NX_OK or
** NX_EINPUT with a column inside the input (+1 for "at the end") and a
** message; on NX_OK the XPath is accepted by libxml2's compiler and
** evaluates against a small page without error.
*/
#include "nx.h"
#include "nx_text.c"
#include "nx_css.c"
#include "fuzz_util.h"

#include <libxml/xmlerror.h>

static const char nx_fuzz_page[] =
    "<html><head><title>t</title></head><body>"
    "<div id=\"a\" class=\"StandardArticleBody_body_1gnLA x\" lang=\"en-US\">"
    "<p class=\"lead\">one</p><p>two <a href=\"/x\">link</a></p>"
    "<ul><li>a</li><li>b</li></ul><span data-x=\"y\"></span></div>"
    "</body></html>";

static void nx_fuzz_quiet(void *ctx, xmlErrorPtr err)
{
    (void)ctx;
    (void)err;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nx_buf out;
    size_t col = 0;
    const char *msg = NULL;
    char *copy;
    int rc;
    if (size > 4096)
        return 0;               /* selectors are short; keep execs fast */
    copy = (char *)malloc(size ? size : 1);
    if (copy == NULL)
        return 0;
    if (size)
        memcpy(copy, data, size);
    nx_buf_init(&out);
    rc = nx_css_to_xpath(copy, size, &out, &col, &msg);
    nx_fuzz_check(rc == NX_OK || rc == NX_EINPUT || rc == NX_ENOMEM,
                  "known return code");
    if (rc == NX_EINPUT) {
        nx_fuzz_check(msg != NULL, "an error has a message");
        nx_fuzz_check(col >= 1 && col <= size + 1, "error column in range");
    }
    if (rc == NX_OK && !out.oom) {
        xmlXPathCompExprPtr comp;
        xmlXPathContextPtr xp;
        htmlDocPtr doc;
        nx_fuzz_check(out.data != NULL && out.len > 0, "non-empty XPath");
        nx_fuzz_check(strlen(out.data) == out.len, "XPath has no NUL byte");
        xmlSetStructuredErrorFunc(NULL, nx_fuzz_quiet);
        doc = htmlReadMemory(nx_fuzz_page, (int)sizeof nx_fuzz_page - 1,
                             NULL, "UTF-8", HTML_PARSE_RECOVER |
                             HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                             HTML_PARSE_NONET);
        xp = doc ? xmlXPathNewContext(doc) : NULL;
        if (xp != NULL) {
            xmlXPathObjectPtr res;
            nx_xpath_register(xp);
            comp = xmlXPathCtxtCompile(xp, (const xmlChar *)out.data);
            if (comp == NULL) {
                fprintf(stderr, "css %.*s -> xpath %s\n", (int)size, copy,
                        out.data);
                nx_fuzz_check(0, "the XPath compiles");
            }
            xp->node = (xmlNodePtr)doc;
            res = xmlXPathCompiledEval(comp, xp);
            nx_fuzz_check(res != NULL, "the XPath evaluates");
            nx_fuzz_check(res->type == XPATH_NODESET, "the XPath gives a node set");
            xmlXPathFreeObject(res);
            xmlXPathFreeCompExpr(comp);
            xmlXPathFreeContext(xp);
        }
        if (doc != NULL)
            xmlFreeDoc(doc);
        xmlSetStructuredErrorFunc(NULL, NULL);
    }
    nx_buf_free(&out);
    free(copy);
    return 0;
}
