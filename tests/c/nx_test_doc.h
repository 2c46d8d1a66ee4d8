/* SPDX-License-Identifier: MIT */
/* nx_test_doc.h: build a document from a literal, as nx_core.c would. */
#ifndef NX_TEST_DOC_H
#define NX_TEST_DOC_H
#include "nx_parse.h"
#include "nx_clean.h"
#include "nx_text.h"

NX_UNUSED static htmlDocPtr nx_test_parse(const char *html)
{
    htmlDocPtr doc = nx_parse_utf8(html, strlen(html), NULL);
    assert_non_null(doc);
    return doc;
}

/* Collapsed text of the whole body. */
NX_UNUSED static char *nx_test_body_text(htmlDocPtr doc)
{
    nx_buf b;
    nx_ws w;
    xmlNodePtr body = nx_find_body(doc);
    nx_buf_init(&b);
    nx_ws_init(&w, &b);
    if (body != NULL)
        nx_node_text(body, &w);
    nx_buf_addc(&b, '\0');
    return nx_buf_steal(&b, NULL);
}
#endif
