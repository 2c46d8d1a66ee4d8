/* SPDX-License-Identifier: MIT */
/*
** nx_core.c: the Lua binding of newsextract.core, and the one translation
** unit of the module: every concern is #included below with NX_FUNC
** defined as `static`, so all functions are static and
** luaopen_newsextract_core is the only exported symbol.
**
** Errors, two kinds on purpose (as in Lua's own io library): a caller's
** mistake (wrong argument type, a freed document) raises; bad input (a
** selector that does not compile) returns nil, msg.  No function raises
** while it holds memory that Lua does not own: everything a call needs
** between two Lua API calls lives in the Document userdata (scratch
** buffers freed by its __gc) or in a box userdata, or is freed first.
*/
/* The amalgamation (as Lua's onelua.c): NX_FUNC, each concern's shared
** functions, become static here, and every concern's .c is included in
** the order its header lists dependencies (nx_X.h includes what nx_X.c
** uses).  Each file also compiles alone: see `make lint`. */
#define NX_FUNC static
#include "nx.h"
#include "nx_text.c"
#include "nx_charset.c"
#include "nx_parse.c"
#include "nx_clean.c"
#include "nx_url.c"
#include "nx_css.c"
#include "nx_score.c"
#include "nx_html.c"
#include "nx_blocks.c"
#include "nx_meta.c"
#include "nx_readerable.c"
#include "nx_pattern.c"
#include "nx_batch.c"
#include "nx_apply.c"

#include "compat.h"

#if defined(__GLIBC__)
#include <malloc.h>                   /* malloc_trim */
#endif

#if defined(__GNUC__)
#define NX_EXPORT __attribute__((visibility("default")))
#else
#define NX_EXPORT
#endif

/* The XPath operation limit of one evaluation on a page of n bytes:
** BASE + PER_BYTE * n (libxml2's opLimit; 10 M operations take about
** 0.1 s here). */
#if !defined(NX_XPATH_OPS_BASE)
#define NX_XPATH_OPS_BASE 10000000UL
#endif
#if !defined(NX_XPATH_OPS_PER_BYTE)
#define NX_XPATH_OPS_PER_BYTE 4UL
#endif

#define NX_DOC_MT "newsextract.Document"
#define NX_XPATH_MT "newsextract.XPath"
#define NX_BOX_MT "newsextract.Buffer"
#define NX_PLAIN_MT "newsextract.PlainBlock"

typedef struct nx_doc {
    htmlDocPtr doc;            /* NULL once freed */
    xmlXPathContextPtr xp;     /* made on first use */
    char *base;                /* URL base: <base href> against the page URL */
    int cleaned;
    int noscript;              /* the bytes hold "<noscript": unwrap its images */
    int imageobject;           /* the bytes hold "ImageObject": microdata images */
    /* While a method pushes results read from this doc's memory, any
    ** allocation may run a finalizer that calls back into the doc: `busy`
    ** makes such calls raise, and free() then only sets `free_pending`;
    ** the method releases the doc when it is done. */
    int busy, free_pending;
    const char *charset, *charset_source;
    size_t replaced;
    unsigned long xp_ops;      /* XPath operation budget per evaluation */
    nx_buf scratch;
    nx_blocks blocks;
    nx_meta meta;
} nx_doc;

typedef struct nx_xpath_ud {
    xmlXPathCompExprPtr comp;
} nx_xpath_ud;

typedef struct nx_box {
    nx_buf buf;
} nx_box;

/* The text buffer of a doc:article whose blocks' long texts are pushed
** when first read (nx_push_blocks): freed once the last is read. */
typedef struct nx_textbox {
    nx_buf buf;
    size_t pending;                   /* texts not yet read */
} nx_textbox;
#define NX_TEXTBOX_MT "newsextract.BlockTexts"

/* {======================================================================
** Userdata housekeeping
** ======================================================================= */

static void nx_setmeta(lua_State *L, const char *name)
{
    luaL_getmetatable(L, name);
    lua_setmetatable(L, -2);
}

/* __gc, __close and :free() are this one idempotent function. */
static void nx_doc_release(nx_doc *d)
{
    if (d->xp != NULL) {
        xmlXPathFreeContext(d->xp);
        d->xp = NULL;
    }
    if (d->doc != NULL) {
        xmlFreeDoc(d->doc);
        d->doc = NULL;
    }
    free(d->base);
    d->base = NULL;
    nx_buf_free(&d->scratch);
    nx_blocks_free(&d->blocks);
    free(d->meta.v);
    memset(&d->meta, 0, sizeof d->meta);
}

/* __gc: the doc is unreachable, so no method of it is running. */
static int nx_doc_gc(lua_State *L)
{
    nx_doc *d = (nx_doc *)luaL_checkudata(L, 1, NX_DOC_MT);
    nx_doc_release(d);
    return 0;
}

static void nx_doc_enter(nx_doc *d)
{
    d->busy = 1;
}

/* End of a push phase: a free() asked for meanwhile happens now.  An error
** raised inside the phase (out of memory) leaves `busy` set: the doc then
** refuses calls, and its __gc releases it. */
static void nx_doc_leave(nx_doc *d)
{
    d->busy = 0;
    if (d->free_pending)
        nx_doc_release(d);
}

static int nx_doc_tostring(lua_State *L)
{
    nx_doc *d = (nx_doc *)luaL_checkudata(L, 1, NX_DOC_MT);
    if (d->doc == NULL)
        lua_pushliteral(L, NX_DOC_MT " (freed)");
    else
        lua_pushfstring(L, NX_DOC_MT " (%p)", (void *)d);
    return 1;
}

static nx_doc *nx_checkdoc(lua_State *L)
{
    nx_doc *d = (nx_doc *)luaL_checkudata(L, 1, NX_DOC_MT);
    if (d->doc == NULL || d->free_pending)
        luaL_argerror(L, 1, "attempt to use a freed document");
    if (d->busy)
        luaL_argerror(L, 1, "document in use by a call that has not "
                      "returned (a finalizer ran during it?)");
    return d;
}

static int nx_box_gc(lua_State *L)
{
    nx_box *b = (nx_box *)luaL_checkudata(L, 1, NX_BOX_MT);
    nx_buf_free(&b->buf);
    return 0;
}

static int nx_textbox_gc(lua_State *L)
{
    nx_textbox *b = (nx_textbox *)luaL_checkudata(L, 1, NX_TEXTBOX_MT);
    nx_buf_free(&b->buf);
    return 0;
}

static int nx_xpath_gc(lua_State *L)
{
    nx_xpath_ud *x = (nx_xpath_ud *)luaL_checkudata(L, 1, NX_XPATH_MT);
    if (x->comp != NULL) {
        xmlXPathFreeCompExpr(x->comp);
        x->comp = NULL;
    }
    return 0;
}

static int nx_xpath_tostring(lua_State *L)
{
    luaL_checkudata(L, 1, NX_XPATH_MT);
    lua_pushfstring(L, NX_XPATH_MT " (%p)", lua_touserdata(L, 1));
    return 1;
}

/* }====================================================================== */

/* {======================================================================
** XPath
** ======================================================================= */

typedef struct nx_xperr {
    int set;
    char msg[160];
} nx_xperr;

/* libxml2 reports XPath errors here instead of printing them. */
static void nx_xpath_error(void *ud, xmlErrorPtr e)
{
    nx_xperr *err = (nx_xperr *)ud;
    size_t n;
    if (err == NULL || err->set)
        return;
    err->set = 1;
    snprintf(err->msg, sizeof err->msg, "%s",
             e && e->message ? e->message : "invalid expression");
    n = strlen(err->msg);
    while (n > 0 && (err->msg[n - 1] == '\n' || err->msg[n - 1] == ' '))
        err->msg[--n] = '\0';
}

static xmlXPathContextPtr nx_xpath_context(xmlDocPtr doc, nx_xperr *err)
{
    xmlXPathContextPtr xp = xmlXPathNewContext(doc);
    if (xp == NULL)
        return NULL;
    xp->error = nx_xpath_error;
    xp->userData = err;
    nx_xpath_register(xp);
    return xp;
}

/* core.xpath(expr) -> compiled | nil, msg */
static int nx_l_xpath(lua_State *L)
{
    const char *expr = luaL_checkstring(L, 1);
    nx_xpath_ud *x;
    xmlXPathContextPtr xp;
    nx_xperr err;
    memset(&err, 0, sizeof err);
    x = (nx_xpath_ud *)lua_newuserdata(L, sizeof *x);
    x->comp = NULL;
    nx_setmeta(L, NX_XPATH_MT);
    xp = nx_xpath_context(NULL, &err);
    if (xp == NULL)
        return luaL_error(L, "out of memory");
    x->comp = xmlXPathCtxtCompile(xp, (const xmlChar *)expr);
    xmlXPathFreeContext(xp);
    if (x->comp == NULL) {
        lua_pushnil(L);
        lua_pushfstring(L, "xpath: %s: %s", err.set ? err.msg :
                        "invalid expression", expr);
        return 2;
    }
    return 1;
}

/* core.css(selector) -> xpath string | nil, msg */
static int nx_l_css(lua_State *L)
{
    size_t len, col = 0;
    const char *css = luaL_checklstring(L, 1, &len), *msg = NULL;
    nx_box *box = (nx_box *)lua_newuserdata(L, sizeof *box);
    int rc;
    nx_buf_init(&box->buf);
    nx_setmeta(L, NX_BOX_MT);
    rc = nx_css_to_xpath(css, len, &box->buf, &col, &msg);
    if (rc == NX_ENOMEM || box->buf.oom)
        return luaL_error(L, "out of memory");
    if (rc != NX_OK) {
        lua_pushnil(L);
        lua_pushfstring(L, "css: column %d: %s", (int)col,
                        msg ? msg : "invalid selector");
        return 2;
    }
    lua_pushlstring(L, box->buf.data ? box->buf.data : "", box->buf.len);
    nx_buf_free(&box->buf);
    return 1;
}

/*
** Evaluate the expression at stack index `idx` (string or compiled) with
** `ctx` as context node.  Returns the libxml2 result, which the caller
** must free before its next Lua call; on error NULL and a message in err.
*/
static xmlXPathObjectPtr nx_eval(lua_State *L, nx_doc *d, int idx,
                                 xmlNodePtr ctx, nx_xperr *err)
{
    xmlXPathCompExprPtr comp = NULL, own = NULL;
    xmlXPathObjectPtr res;
    memset(err, 0, sizeof *err);
    if (d->xp == NULL) {
        d->xp = nx_xpath_context(d->doc, NULL);
        if (d->xp == NULL) {
            snprintf(err->msg, sizeof err->msg, "out of memory");
            err->set = 1;
            return NULL;
        }
    }
    d->xp->userData = err;
    if (lua_type(L, idx) == LUA_TSTRING) {
        own = comp = xmlXPathCtxtCompile(d->xp,
                                         (const xmlChar *)lua_tostring(L, idx));
        if (comp == NULL) {
            if (!err->set)
                snprintf(err->msg, sizeof err->msg, "invalid expression");
            err->set = 1;
            d->xp->userData = NULL;
            return NULL;
        }
    } else {
        nx_xpath_ud *x = (nx_xpath_ud *)luaL_checkudata(L, idx, NX_XPATH_MT);
        comp = x->comp;
    }
    d->xp->node = ctx ? ctx : (xmlNodePtr)d->doc;
    /* libxml2's operation limit: an expression such as
    ** //x[count(//x[count(//x)>0])>0] (x any element) is cubic in the page, and stops
    ** with "Operation limit exceeded" instead */
    d->xp->opLimit = d->xp_ops;
    d->xp->opCount = 0;
    res = xmlXPathCompiledEval(comp, d->xp);
    if (own != NULL)
        xmlXPathFreeCompExpr(own);
    d->xp->userData = NULL;
    if (d->xp->opCount >= d->xp->opLimit) {
        /* libxml2 2.9 reports it without a message of its own */
        if (res != NULL)
            xmlXPathFreeObject(res);
        res = NULL;
        snprintf(err->msg, sizeof err->msg,
                 "stopped: over %lu XPath operations (the limit for this page)",
                 d->xp_ops);
        err->set = 1;
    }
    if (res == NULL) {
        if (!err->set)
            snprintf(err->msg, sizeof err->msg, "evaluation failed");
        err->set = 1;
    }
    return res;
}

static int nx_push_xperr(lua_State *L, int idx, const nx_xperr *err)
{
    lua_pushnil(L);
    if (lua_type(L, idx) == LUA_TSTRING)
        lua_pushfstring(L, "xpath: %s: %s", err->msg, lua_tostring(L, idx));
    else
        lua_pushfstring(L, "xpath: %s", err->msg);
    return 2;
}

static void nx_checkselector(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TSTRING &&
        luaL_testudata(L, idx, NX_XPATH_MT) == NULL)
        luaL_argerror(L, idx, lua_pushfstring(L, "string or " NX_XPATH_MT
                      " expected, got %s", luaL_typename(L, idx)));
}

/* }====================================================================== */

/* {======================================================================
** core.parse and core.decode
** ======================================================================= */

static const char *nx_optstring(lua_State *L, int t, const char *key)
{
    const char *s = NULL;
    lua_getfield(L, t, key);
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "bad option '%s' (string expected, got %s)", key,
                       luaL_typename(L, -1));
        s = lua_tostring(L, -1);
    }
    lua_pop(L, 1);   /* the string stays alive in the options table */
    return s;
}

/* An absolute http(s) URL the page gives for itself (canonical link, then
** og:url): the base for relative links when the caller gave no URL. */
static const char *nx_self_url(xmlNodePtr head)
{
    xmlNodePtr c;
    const char *og = NULL;
    for (c = head->children; c != NULL; c = c->next) {
        const char *v;
        if (nx_is_tag(c, "link") && (v = nx_attr(c, "rel")) != NULL &&
            nx_strcasestr(v, "canonical") && (v = nx_attr(c, "href")) != NULL &&
            (strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0))
            return v;
        if (og == NULL && nx_is_tag(c, "meta") &&
            (v = nx_attr(c, "property")) != NULL && strcmp(v, "og:url") == 0 &&
            (v = nx_attr(c, "content")) != NULL &&
            (strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0))
            og = v;
    }
    return og;
}

/* The URL base: <base href> resolved against the page URL (or, with no
** URL given, the page's own canonical URL). */
static char *nx_find_base(xmlDocPtr doc, const char *url)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), h, c, head = NULL;
    const char *href = NULL;
    if (root != NULL) {
        for (h = root->children; h != NULL; h = h->next) {
            if (!nx_is_tag(h, "head"))
                continue;
            head = h;
            for (c = h->children; c != NULL; c = c->next)
                if (nx_is_tag(c, "base") && nx_attr(c, "href") != NULL) {
                    href = nx_attr(c, "href");
                    break;
                }
            break;
        }
    }
    if ((url == NULL || *url == '\0') && head != NULL)
        url = nx_self_url(head);
    if (href != NULL && *href != '\0') {
        char *r = nx_url_resolve(href, url, 0);
        if (r != NULL)
            return r;
    }
    return url != NULL && *url != '\0' ? strdup(url) : NULL;
}

/* Do the bytes hold "<noscript" (any case)? */
static int nx_has_noscript(const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    while ((p = (const char *)memchr(p, '<', (size_t)(end - p))) != NULL) {
        size_t i;
        if ((size_t)(end - p) < 9)
            return 0;
        for (i = 1; i < 9; i++)
            if ((p[i] | 0x20) != "<noscript"[i])
                break;
        if (i == 9)
            return 1;
        p++;
    }
    return 0;
}

/* Do the bytes hold "ImageObject" (schema.org microdata)? */
static int nx_has_imageobject(const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    while ((p = (const char *)memchr(p, 'I', (size_t)(end - p))) != NULL) {
        if ((size_t)(end - p) < 11)
            return 0;
        if (memcmp(p, "ImageObject", 11) == 0)
            return 1;
        p++;
    }
    return 0;
}

/* core.parse(bytes [, {url=, content_type=, charset=}]) -> doc | nil, msg */
static int nx_l_parse(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *url = NULL, *ct = NULL, *cs = NULL;
    nx_doc *d;
    nx_buf utf8;
    nx_charset_info info;
    const char *view = "";
    size_t view_len = 0;
    int rc;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        url = nx_optstring(L, 2, "url");
        ct = nx_optstring(L, 2, "content_type");
        cs = nx_optstring(L, 2, "charset");
    }
    d = (nx_doc *)lua_newuserdata(L, sizeof *d);
    memset(d, 0, sizeof *d);
    nx_buf_init(&d->scratch);
    nx_blocks_init(&d->blocks);
    nx_setmeta(L, NX_DOC_MT);          /* consistent before anything fails */
    if (len > NX_MAX_INPUT) {
        lua_pushnil(L);
        lua_pushfstring(L, "input too large: %d MiB (the limit is %d MiB)",
                        (int)(len >> 20), (int)(NX_MAX_INPUT >> 20));
        return 2;
    }
    memset(&info, 0, sizeof info);
    nx_buf_init(&utf8);
    /* valid UTF-8 (most pages) is parsed from the Lua string itself,
    ** which argument 1 keeps alive; anything else from `utf8` */
    rc = nx_decode_view(s, len, ct, cs, &utf8, &info, &view, &view_len);
    if (rc == NX_OK && !utf8.oom)
        d->doc = view == utf8.data ? nx_parse_utf8_buf(&utf8, url)
                                   : nx_parse_utf8(view, view_len, url);
    nx_buf_free(&utf8);
    if (d->doc == NULL) {
        lua_pushnil(L);
        lua_pushstring(L, rc == NX_OK ? "cannot parse the document"
                                      : "out of memory while decoding");
        return 2;
    }
    d->charset = info.name;
    d->charset_source = info.source;
    d->replaced = info.replaced;
    /* a byte search is cheaper than a walk of the tree for the pages (most)
    ** that have no <noscript> at all */
    d->noscript = nx_has_noscript(s, len);
    d->imageobject = nx_has_imageobject(s, len);
    d->base = nx_find_base(d->doc, url);
    /* ordinary selectors cost a few operations per element, one element
    ** per 50 bytes or so of a page: this is far above any of them */
    d->xp_ops = NX_XPATH_OPS_BASE + NX_XPATH_OPS_PER_BYTE * (unsigned long)len;
    return 1;
}

/* core.words(text) -> count: the one word count (see nx_count_words),
** for text that did not come from a document's blocks (text dumps). */
static int nx_l_words(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    lua_pushinteger(L, (lua_Integer)nx_count_words(s, n));
    return 1;
}

/* core.trim() -> boolean: give the C heap's free pages back to the system
** (glibc's malloc_trim; false elsewhere).  A freed 2 MB page leaves
** glibc holding the pages its tree and buffers used (the dynamic mmap
** threshold rises after one large free, so later large blocks come from
** the heap, and the heap is only trimmed from its top), and a long-lived
** process (an nginx worker) kept them: 111 MB after a hostile run that
** a trim brings back.  It changes no setting and holds no state: it is
** the process's own allocator releasing what is already free, at a cost
** of one walk of its free lists; newsextract.resty calls it after a large
** page, outside the request. */
static int nx_l_trim(lua_State *L)
{
#if defined(__GLIBC__)
    lua_pushboolean(L, malloc_trim(0));
#else
    lua_pushboolean(L, 0);
#endif
    return 1;
}

/* core.resolve(url [, base [, image]]) -> absolute safe URL | nil: the one
** URL resolution (nx_url_resolve), for fields Lua reads (og:image, a
** rule's attribute).  `image` allows data:image/... URLs. */
static int nx_l_resolve(lua_State *L)
{
    const char *href = luaL_checkstring(L, 1);
    const char *base = luaL_optstring(L, 2, NULL);
    int image = lua_toboolean(L, 3);
    /* the result lives in a box until it is a Lua string: pushing may
    ** raise (memory) and the box's __gc frees it then */
    nx_box *box = (nx_box *)lua_newuserdata(L, sizeof *box);
    char *u;
    nx_buf_init(&box->buf);
    nx_setmeta(L, NX_BOX_MT);
    u = nx_url_resolve(href, base, image);
    if (u == NULL) {
        lua_pushnil(L);
        return 1;
    }
    nx_buf_adds(&box->buf, u);
    free(u);
    if (box->buf.oom)
        return luaL_error(L, "out of memory");
    lua_pushlstring(L, box->buf.data, box->buf.len);
    nx_buf_free(&box->buf);
    return 1;
}

/* core.charset(label) -> WHATWG canonical name | nil */
static int nx_l_charset(lua_State *L)
{
    size_t len;
    const char *label = luaL_checklstring(L, 1, &len);
    const char *name = nx_charset_lookup(label, len);
    if (name == NULL)
        lua_pushnil(L);
    else
        lua_pushstring(L, name);
    return 1;
}

/* core.decode(bytes [, content_type [, charset]]) -> utf8, charset, source */
static int nx_l_decode(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *ct = luaL_optstring(L, 2, NULL), *cs = luaL_optstring(L, 3, NULL);
    nx_box *box = (nx_box *)lua_newuserdata(L, sizeof *box);
    nx_charset_info info;
    nx_buf_init(&box->buf);
    nx_setmeta(L, NX_BOX_MT);
    memset(&info, 0, sizeof info);
    if (nx_decode(s, len, ct, cs, &box->buf, &info) != NX_OK || box->buf.oom)
        return luaL_error(L, "out of memory");
    lua_pushlstring(L, box->buf.data ? box->buf.data : "", box->buf.len);
    nx_buf_free(&box->buf);
    lua_pushstring(L, info.name);
    lua_pushstring(L, info.source);
    lua_pushinteger(L, (lua_Integer)info.replaced);
    return 4;
}

/* }====================================================================== */

/* {======================================================================
** Document methods
** ======================================================================= */

/* doc:charset() -> name, source, replaced */
static int nx_m_charset(lua_State *L)
{
    nx_doc *d = nx_checkdoc(L);
    lua_pushstring(L, d->charset);
    lua_pushstring(L, d->charset_source);
    lua_pushinteger(L, (lua_Integer)d->replaced);
    return 3;
}

/* Collapsed text of a node into the scratch buffer. */
static void nx_scratch_text(nx_doc *d, xmlNodePtr n)
{
    nx_ws w;
    d->scratch.len = 0;
    if (d->scratch.data)
        d->scratch.data[0] = '\0';
    nx_ws_init(&w, &d->scratch);
    nx_node_text(n, &w);
}

static void nx_push_scratch(lua_State *L, nx_doc *d)
{
    lua_pushlstring(L, d->scratch.data ? d->scratch.data : "", d->scratch.len);
}

/* t[key] = t[key] or {}; append the value on the stack top. */
static void nx_append_to(lua_State *L, int t, const char *key)
{
    lua_getfield(L, t, key);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, t, key);
    }
    lua_insert(L, -2);                              /* list, value */
    lua_rawseti(L, -2, (int)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
}

/* Pop a byline text and append {text=, source=, comment=} to t.bylines,
** the byline candidates of every kind in document order (comment: in a
** comment thread, NX_MF_COMMENT). */
static void nx_push_byline(lua_State *L, int t, const char *source,
                           const nx_meta_item *it)
{
    lua_createtable(L, 0, 3);
    lua_insert(L, -2);                              /* entry, text */
    lua_setfield(L, -2, "text");
    lua_pushstring(L, source);
    lua_setfield(L, -2, "source");
    if (it->flags & NX_MF_COMMENT) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "comment");
    }
    nx_append_to(L, t, "bylines");
}

/* Push an item's value: its attribute, else its text. */
static void nx_push_item(lua_State *L, nx_doc *d, const nx_meta_item *it)
{
    if (it->value != NULL) {
        lua_pushstring(L, it->value);
    } else {
        nx_scratch_text(d, it->node);
        nx_push_scratch(L, d);
    }
}

/*
** doc:metadata() builds one table `t` (at stack index t) from the items
** nx_meta_collect gathered, one push function per kind of item.  Each
** leaves the stack as it found it: every value it pushes is either set
** into t or appended to one of t's lists.
*/

/* t.title, t.lang, t.canonical: the first one the page gives wins. */
static void nx_meta_first(lua_State *L, nx_doc *d, int t, const nx_meta_item *it)
{
    const char *f = it->kind == NX_M_TITLE ? "title" :
                    it->kind == NX_M_LANG ? "lang" : "canonical";
    lua_getfield(L, t, f);                          /* t[f] */
    if (lua_isnil(L, -1)) {
        nx_push_item(L, d, it);                     /* nil, value */
        lua_setfield(L, t, f);                      /* nil */
    }
    lua_pop(L, 1);
}

/* t.meta[key] and t.itemprop[name]: every value, in page order.  <meta>
** keys are lower-cased (name="Author" and name="author" are one key);
** itemprop names keep their case, as microdata does.  An itemprop that
** says author is a byline candidate too. */
static void nx_meta_keyed(lua_State *L, nx_doc *d, int t, const nx_meta_item *it)
{
    char key[128];
    size_t kl = strlen(it->key);
    int prop = it->kind == NX_M_ITEMPROP;
    if (kl == 0 || kl >= sizeof key)
        return;
    nx_ascii_lower_copy(key, it->key, kl);
    lua_getfield(L, t, prop ? "itemprop" : "meta"); /* map */
    nx_push_item(L, d, it);                         /* map, value */
    if (prop && nx_strcasestr(key, "author")) {
        lua_pushvalue(L, -1);                       /* map, value, value */
        nx_push_byline(L, t, "itemprop", it);           /* map, value */
    }
    nx_append_to(L, lua_gettop(L) - 1, prop ? it->key : key);   /* map */
    lua_pop(L, 1);
}

/* t.time: { datetime=, itemprop=, pubdate=, inside=, text= } per <time>
** (inside: in a comment thread, a footer or a side box, NX_MF_INSIDE). */
static void nx_meta_time(lua_State *L, nx_doc *d, int t, const nx_meta_item *it)
{
    lua_newtable(L);                                /* entry */
    if (it->value) {
        lua_pushstring(L, it->value);
        lua_setfield(L, -2, "datetime");
    }
    if (it->key) {
        lua_pushstring(L, it->key);
        lua_setfield(L, -2, "itemprop");
    }
    if (nx_attr(it->node, "pubdate")) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "pubdate");
    }
    if (it->flags & NX_MF_INSIDE) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "inside");
    }
    nx_scratch_text(d, it->node);
    nx_push_scratch(L, d);                          /* entry, text */
    lua_setfield(L, -2, "text");                    /* entry */
    nx_append_to(L, t, "time");
}

/* Short texts listed by kind (h1, h2, reading_time, byline, rel_author);
** a byline is also one of t.bylines, every candidate in document order.
** A text longer than a byline or a heading can be is not one. */
static void nx_meta_short(lua_State *L, nx_doc *d, int t, const nx_meta_item *it)
{
    const char *list = it->kind == NX_M_H1 ? "h1" :
                       it->kind == NX_M_H2 ? "h2" :
                       it->kind == NX_M_READ_TIME ? "reading_time" :
                       it->kind == NX_M_BYLINE ? "byline" : "rel_author";
    size_t max = it->kind == NX_M_READ_TIME ? 39 : 400;
    int byline = it->kind == NX_M_BYLINE || it->kind == NX_M_REL_AUTHOR;
    nx_scratch_text(d, it->node);
    if (d->scratch.len == 0 || d->scratch.len > max)
        return;
    nx_push_scratch(L, d);                          /* text */
    if (byline)
        lua_pushvalue(L, -1);                       /* text, text */
    nx_append_to(L, t, list);                       /* (text) */
    if (byline)
        nx_push_byline(L, t, it->kind == NX_M_BYLINE ? "class" : "rel", it);
}

#define NX_NEAR_H1_MAX 4096

/* The printed-date and printed-name candidates: t.date_elements and
** t.author_links and t.dated_texts (texts; dated_near: those of them
** within NX_META_NEAR_HEAD texts of a heading), t.h1_before and t.h1_after ({ text =, inside =
** true when in a footer or comment thread }).  Empty texts are left out. */
static void nx_meta_candidate(lua_State *L, nx_doc *d, int t,
                              const nx_meta_item *it)
{
    nx_scratch_text(d, it->node);
    if (d->scratch.len == 0)
        return;
    if (it->kind == NX_M_DATE_EL || it->kind == NX_M_AUTHOR_LINK ||
        it->kind == NX_M_DATED_TEXT) {
        /* a date in a sidebar's widget dates another page */
        if (it->kind != NX_M_AUTHOR_LINK && (it->flags & NX_MF_INSIDE))
            return;
        if (it->kind == NX_M_DATE_EL) {
            /* "vor 3 Jahren" printed, the day in its title: both */
            const char *ti = nx_attr(it->node, "title");
            if (ti != NULL && strpbrk(ti, "0123456789") != NULL && strlen(ti) < 100) {
                nx_buf_addc(&d->scratch, ' ');
                nx_buf_adds(&d->scratch, ti);
            }
        }
        nx_push_scratch(L, d);
        if (it->kind == NX_M_DATED_TEXT && (it->flags & NX_MF_NEAR)) {
            lua_pushvalue(L, -1);
            nx_append_to(L, t, "dated_near");
        }
        nx_append_to(L, t, it->kind == NX_M_DATE_EL ? "date_elements" :
                           it->kind == NX_M_DATED_TEXT ? "dated_texts"
                                                       : "author_links");
        return;
    }
    /* the texts near the <h1> are read for a byline or a date (meta.lua
    ** looks at 200 bytes of one, text_dates at 2,000): the first
    ** NX_NEAR_H1_MAX bytes of a long one say as much, and a page of one
    ** 3 MB paragraph no longer gives Lua a copy of it here */
    if (d->scratch.len > NX_NEAR_H1_MAX) {
        size_t n = NX_NEAR_H1_MAX;
        while (n > 0 && ((unsigned char)d->scratch.data[n] & 0xC0) == 0x80)
            n--;                                  /* a whole character */
        d->scratch.len = n;
    }
    lua_createtable(L, 0, 2);
    nx_push_scratch(L, d);
    if (d->scratch.cap > 65536 && !d->scratch.oom)
        nx_buf_free(&d->scratch);                 /* not kept for the doc;
                                                  ** a failed growth stays
                                                  ** known to doc:metadata */
    lua_setfield(L, -2, "text");
    if (it->flags & NX_MF_INSIDE) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "inside");
    }
    nx_append_to(L, t, it->kind == NX_M_H1_BEFORE ? "h1_before" : "h1_after");
}

/* t.tags: how many of each NX_META_COUNTED element the page has. */
static void nx_meta_tags(lua_State *L, const nx_meta *m, int t)
{
    static const char *const counted[] = NX_META_COUNTED;
    size_t i;
    lua_createtable(L, 0, NX_META_NCOUNTED);
    for (i = 0; i < NX_META_NCOUNTED; i++) {
        lua_pushinteger(L, (lua_Integer)m->counted[i]);
        lua_setfield(L, -2, counted[i]);
    }
    lua_setfield(L, t, "tags");
}

/* t.cues: the page-type cues of the walk (NX_META_CUES). */
static void nx_meta_cues(lua_State *L, const nx_meta *m, int t)
{
    static const char *const names[] = NX_META_CUES;
    size_t i;
    lua_createtable(L, 0, NX_META_NCUES);
    for (i = 0; i < NX_META_NCUES; i++) {
        lua_pushinteger(L, (lua_Integer)m->cues[i]);
        lua_setfield(L, -2, names[i]);
    }
    lua_setfield(L, t, "cues");
}

/* The URLs of the list at stack index `list` resolved against the
** document's base (nx_url_resolve): a list pushed, [i] = the absolute safe
** URL or false.  An entry is a string (a link) or { url, image = bool,
** keep = bool }: `image` allows data:image/... URLs; `keep`: with no base
** known, a link that has no scheme and does not resolve stays as written
** (a rule's relative link on a page without a URL). */
static void nx_push_resolved(lua_State *L, nx_doc *d, int list)
{
    int i, n = (int)lua_rawlen(L, list);
    /* each result lives in a box until it is a Lua string: pushing may
    ** raise (memory) and the box's __gc frees it then */
    nx_box *box = (nx_box *)lua_newuserdata(L, sizeof *box);
    nx_buf_init(&box->buf);
    nx_setmeta(L, NX_BOX_MT);                           /* .., box */
    lua_createtable(L, n, 0);                           /* .., box, out */
    for (i = 1; i <= n; i++) {
        const char *href;
        int image = 0, keep = 0;
        char *u;
        lua_rawgeti(L, list, i);                        /* .., out, entry */
        if (lua_type(L, -1) == LUA_TTABLE) {
            lua_getfield(L, -1, "image");
            image = lua_toboolean(L, -1);
            lua_getfield(L, -2, "keep");
            keep = lua_toboolean(L, -1);
            lua_pop(L, 2);
            lua_rawgeti(L, -1, 1);                      /* .., entry, url */
            lua_remove(L, -2);                          /* .., out, url */
        }
        href = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        u = href != NULL ? nx_url_resolve(href, d->base, image) : NULL;
        if (u == NULL) {
            if (href != NULL && keep && d->base == NULL && !nx_url_is_absolute(href))
                lua_pushvalue(L, -1);
            else
                lua_pushboolean(L, 0);
        } else {
            box->buf.len = 0;
            nx_buf_adds(&box->buf, u);
            free(u);
            if (box->buf.oom)
                luaL_error(L, "out of memory");
            lua_pushlstring(L, box->buf.data, box->buf.len);
        }                                               /* .., out, url, r */
        lua_rawseti(L, -3, i);
        lua_pop(L, 1);                                  /* .., box, out */
    }
    nx_buf_free(&box->buf);
    lua_remove(L, -2);                                  /* .., out */
}

/* doc:resolve(urls) -> list: each URL of `urls` (see nx_push_resolved)
** against the document's base (<base href>, else the page's URL), the
** one URL resolution; false where a URL is empty or unsafe. */
static int nx_m_resolve(lua_State *L)
{
    nx_doc *d = nx_checkdoc(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    nx_push_resolved(L, d, 2);
    return 1;
}

/* doc:readerable([min_score [, min_content_length]]) -> boolean, score:
** Readability's isProbablyReaderable on this (uncleaned) tree. */
static int nx_m_readerable(lua_State *L)
{
    nx_doc *d = nx_checkdoc(L);
    double min_score = luaL_optnumber(L, 2, 20);
    double min_len = luaL_optnumber(L, 3, 140);
    int ok;
    double score = nx_readerable(d->doc, min_score, min_len, &ok);
    lua_pushboolean(L, ok);
    lua_pushnumber(L, score);
    return 2;
}

static void nx_push_tokens(lua_State *L, nx_doc *d, int wanted);

/* t.dir: the first non-blank dir attribute of <html>, then of its
** <body> (trimmed; as /html[@dir] | /html/body[@dir] reads it). */
static void nx_meta_dir(lua_State *L, nx_doc *d, int t)
{
    xmlNodePtr root = xmlDocGetRootElement(d->doc), n;
    int pass;
    if (root == NULL || !nx_is_tag(root, "html"))
        return;
    for (pass = 0, n = root; pass < 2 && n != NULL; pass++) {
        const char *v = nx_attr(n, "dir");
        if (v != NULL) {
            size_t len;
            while (nx_is_html_space((unsigned char)*v))
                v++;
            len = strlen(v);
            while (len > 0 && nx_is_html_space((unsigned char)v[len - 1]))
                len--;
            if (len > 0) {
                lua_pushlstring(L, v, len);
                lua_setfield(L, t, "dir");
                return;
            }
        }
        for (n = root->children; n != NULL && !nx_is_tag(n, "body"); n = n->next)
            ;
    }
}

/* doc:metadata's items, each into t (stack index) by its kind. */
static void nx_meta_items(lua_State *L, nx_doc *d, int t)
{
    size_t i;
    for (i = 0; i < d->meta.n; i++) {
        const nx_meta_item *it = &d->meta.v[i];
        switch (it->kind) {
        case NX_M_TITLE: case NX_M_LANG: case NX_M_CANONICAL:
            nx_meta_first(L, d, t, it);
            break;
        case NX_M_META: case NX_M_ITEMPROP:
            nx_meta_keyed(L, d, t, it);
            break;
        case NX_M_JSONLD:
            /* the raw script text: Lua decodes it (cjson) */
            d->scratch.len = 0;
            nx_raw_text(it->node, &d->scratch);
            nx_push_scratch(L, d);                  /* doc, t, json */
            nx_append_to(L, t, "jsonld");           /* doc, t */
            break;
        case NX_M_TIME:
            nx_meta_time(L, d, t, it);
            break;
        case NX_M_H1: case NX_M_H2: case NX_M_READ_TIME:
        case NX_M_BYLINE: case NX_M_REL_AUTHOR:
            nx_meta_short(L, d, t, it);
            break;
        case NX_M_DATE_EL: case NX_M_AUTHOR_LINK: case NX_M_DATED_TEXT:
        case NX_M_H1_BEFORE: case NX_M_H1_AFTER:
            nx_meta_candidate(L, d, t, it);
            break;
        case NX_M_ITEMTYPE:
            nx_push_item(L, d, it);
            nx_append_to(L, t, "itemtypes");
            break;
        case NX_M_SCRIPT_DATE: {
            /* t.script_dates: the key and what follows it, 80 bytes */
            const char *z = (const char *)memchr(it->value, '\0', 80);
            lua_pushlstring(L, it->value, z != NULL ? (size_t)(z - it->value) : 80);
            nx_append_to(L, t, "script_dates");
            break;
        }
        default:
            break;
        }
    }
}

/* doc:metadata's readerable verdict, when asked. */
typedef struct nx_meta_rd {
    int asked, ok;
    double score;
} nx_meta_rd;

/* doc:metadata's options (stack 2, a table or none): the readerable
** verdict computed into *rd when asked; returns the stack index of
** opts.tokens (left on the stack), or 0. */
static int nx_meta_opts(lua_State *L, nx_doc *d, nx_meta_rd *rd)
{
    memset(rd, 0, sizeof *rd);
    if (lua_isnoneornil(L, 2)) {
        lua_settop(L, 1);
        return 0;
    }
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    lua_getfield(L, 2, "readerable");
    if (lua_toboolean(L, -1)) {
        double min_score = 20, min_len = 140;
        if (lua_type(L, -1) == LUA_TTABLE) {
            lua_getfield(L, -1, "min_score");
            min_score = luaL_optnumber(L, -1, 20);
            lua_getfield(L, -2, "min_content_length");
            min_len = luaL_optnumber(L, -1, 140);
            lua_pop(L, 2);
        }
        rd->asked = 1;
        rd->score = nx_readerable(d->doc, min_score, min_len, &rd->ok);
    }
    lua_pop(L, 1);
    lua_getfield(L, 2, "tokens");
    if (lua_type(L, -1) == LUA_TTABLE)
        return lua_gettop(L);
    lua_pop(L, 1);
    return 0;
}

/* doc:metadata([opts]) -> table (see docs/ARCHITECTURE.md).  opts, for
** what extract reads next, in the same call: readerable = true (or
** { min_score =, min_content_length = }) sets t.readerable and
** t.readerable_score (doc:readerable on the tree as parsed); tokens =
** wanted sets t.tokens (doc:tokens(wanted)). */
static int nx_m_metadata(lua_State *L)
{
    nx_doc *d = nx_checkdoc(L);
    int t, wanted;
    nx_meta_rd rd;
    wanted = nx_meta_opts(L, d, &rd);
    /* gather first: nx_meta_collect allocates, and may fail, before any
    ** Lua value exists */
    d->meta.n = 0;
    d->meta.oom = 0;
    nx_meta_collect(&d->meta, d->doc);
    if (d->meta.oom)
        return luaL_error(L, "out of memory");
    /* the items point into the tree: no finalizer may free it meanwhile */
    nx_doc_enter(d);
    lua_newtable(L);
    t = lua_gettop(L);                              /* doc, t */
    lua_newtable(L);
    lua_setfield(L, t, "meta");
    lua_newtable(L);
    lua_setfield(L, t, "itemprop");
    if (d->charset) {
        lua_pushstring(L, d->charset);
        lua_setfield(L, t, "charset");
    }
    if (d->base) {
        lua_pushstring(L, d->base);
        lua_setfield(L, t, "base");
    }
    nx_meta_items(L, d, t);
    nx_meta_tags(L, &d->meta, t);
    nx_meta_cues(L, &d->meta, t);
    if (d->charset_source) {
        lua_pushstring(L, d->charset_source);
        lua_setfield(L, t, "charset_source");
    }
    nx_meta_dir(L, d, t);
    /* the items are all read: their vector goes now, not with the doc
    ** (a small page's peak heap is the sum of such leftovers) */
    free(d->meta.v);
    memset(&d->meta, 0, sizeof d->meta);
    if (rd.asked) {
        lua_pushboolean(L, rd.ok);
        lua_setfield(L, t, "readerable");
        lua_pushnumber(L, rd.score);
        lua_setfield(L, t, "readerable_score");
    }
    nx_doc_leave(d);
    if (wanted) {
        nx_push_tokens(L, d, wanted);
        lua_setfield(L, t, "tokens");
    }
    /* scratch growth failed somewhere above: a text would be missing */
    if (d->scratch.oom)
        return luaL_error(L, "out of memory");
    nx_buf_free(&d->scratch);       /* grown again by the method that needs it */
    return 1;
}

/* Each node's text (or attribute) into scratch, NUL-separated; the
** XPath result is freed before any Lua call.  Returns the count. */
static size_t nx_collect(nx_doc *d, xmlXPathObjectPtr res, const char *attr,
                         int all)
{
    size_t count = 0;
    int i;
    d->scratch.len = 0;
    if (res->type == XPATH_NODESET) {
        xmlNodeSetPtr set = res->nodesetval;
        for (i = 0; set != NULL && i < set->nodeNr; i++) {
            xmlNodePtr n = set->nodeTab[i];
            size_t start = d->scratch.len;
            if (attr != NULL) {
                const char *v = nx_attr(n, attr);
                nx_ws w;
                if (v == NULL)
                    continue;
                nx_ws_init(&w, &d->scratch);
                nx_ws_add(&w, v, strlen(v));
            } else {
                nx_ws w;
                nx_ws_init(&w, &d->scratch);
                nx_node_text(n, &w);
            }
            if (d->scratch.len == start)
                continue;                   /* empty: not a match */
            nx_buf_addc(&d->scratch, '\0');
            count++;
            if (!all)
                break;
        }
    } else {
        xmlChar *s = xmlXPathCastToString(res);
        if (s != NULL) {
            nx_ws w;
            nx_ws_init(&w, &d->scratch);
            nx_ws_add(&w, (const char *)s, strlen((const char *)s));
            xmlFree(s);
            if (d->scratch.len > 0) {
                nx_buf_addc(&d->scratch, '\0');
                count = 1;
            }
        }
    }
    xmlXPathFreeObject(res);
    return count;
}

/* doc:select(xpath [, attr [, all]]) -> string | {strings} | nil [, err] */
static int nx_m_select(lua_State *L)
{
    nx_doc *d = nx_checkdoc(L);
    const char *attr;
    int all;
    size_t count, i, off = 0;
    xmlXPathObjectPtr res;
    nx_xperr err;
    nx_checkselector(L, 2);
    attr = luaL_optstring(L, 3, NULL);
    all = lua_toboolean(L, 4);
    res = nx_eval(L, d, 2, NULL, &err);
    if (res == NULL)
        return nx_push_xperr(L, 2, &err);
    /* the texts are copied into scratch and the XPath result freed before
    ** the first Lua allocation below, so a Lua error leaks nothing */
    count = nx_collect(d, res, attr, all);
    if (d->scratch.oom)
        return luaL_error(L, "out of memory");
    nx_doc_enter(d);
    if (!all) {
        if (count == 0)
            lua_pushnil(L);
        else
            lua_pushstring(L, d->scratch.data);
    } else {
        lua_createtable(L, (int)count, 0);             /* doc, sel, .., list */
        for (i = 0; i < count; i++) {
            /* scratch holds the texts NUL-separated, in document order */
            size_t l = strlen(d->scratch.data + off);
            lua_pushlstring(L, d->scratch.data + off, l);   /* list, s */
            lua_rawseti(L, -2, (int)i + 1);                 /* list */
            off += l + 1;
        }
    }
    nx_doc_leave(d);
    return 1;
}

/* The namespace entries of an XPath result (a namespace:: step) are copies
** libxml2 made for the set; the functions below take nodes out of the set
** (so that freeing it touches no node they freed), and would lose these
** copies with them.  Freed first, here. */
static void nx_set_drop_ns(xmlNodeSetPtr set)
{
    int i;
    for (i = 0; i < set->nodeNr; i++) {
        xmlNodePtr n = set->nodeTab[i];
        if (n != NULL && n->type == XML_NAMESPACE_DECL) {
            xmlXPathNodeSetFreeNs((xmlNsPtr)n);
            set->nodeTab[i] = NULL;
        }
    }
}

/* doc:strip(xpath) -> count | nil, err.  Unlink every node first, then free:
** a node inside another removed node is then freed exactly once. */
static int nx_m_strip(lua_State *L)
{
    nx_doc *d = nx_checkdoc(L);
    xmlXPathObjectPtr res;
    nx_xperr err;
    int i, count = 0;
    nx_checkselector(L, 2);
    res = nx_eval(L, d, 2, NULL, &err);
    if (res == NULL)
        return nx_push_xperr(L, 2, &err);
    if (res->type == XPATH_NODESET && res->nodesetval != NULL) {
        xmlNodeSetPtr set = res->nodesetval;
        nx_set_drop_ns(set);
        /* Attributes (`//iframe/@srcdoc`) go first, while every element
        ** they may belong to is still allocated. */
        for (i = 0; i < set->nodeNr; i++) {
            xmlNodePtr n = set->nodeTab[i];
            if (n != NULL && n->type == XML_ATTRIBUTE_NODE) {
                set->nodeTab[i] = NULL;
                xmlRemoveProp((xmlAttrPtr)n);
                count++;
            }
        }
        for (i = 0; i < set->nodeNr; i++) {
            xmlNodePtr n = set->nodeTab[i];
            if (n == NULL)
                continue;
            if (n->type != XML_ELEMENT_NODE && n->type != XML_TEXT_NODE &&
                n->type != XML_COMMENT_NODE) {
                set->nodeTab[i] = NULL;
                continue;
            }
            if ((xmlNodePtr)d->doc == n || xmlDocGetRootElement(d->doc) == n) {
                set->nodeTab[i] = NULL;
                continue;
            }
            xmlUnlinkNode(n);
        }
        for (i = 0; i < set->nodeNr; i++) {
            if (set->nodeTab[i] != NULL) {
                xmlFreeNode(set->nodeTab[i]);
                set->nodeTab[i] = NULL;
                count++;
            }
        }
        set->nodeNr = 0;
    }
    xmlXPathFreeObject(res);
    lua_pushinteger(L, count);
    return 1;
}

/* May `n` be taken out of its place?  Not the document, its root element,
** nor anything that is not an element or text. */
static int nx_movable(nx_doc *d, xmlNodePtr n)
{
    if (n == NULL || n->parent == NULL)
        return 0;
    if (n->type != XML_ELEMENT_NODE && n->type != XML_TEXT_NODE)
        return 0;
    return (xmlNodePtr)d->doc != n && xmlDocGetRootElement(d->doc) != n;
}

static int nx_is_ancestor(xmlNodePtr a, xmlNodePtr n)
{
    for (; n != NULL; n = n->parent)
        if (n == a)
            return 1;
    return 0;
}

/* doc:edit(op, xpath [, arg]) -> count | nil, err.  The tree edits of
** Full-Text RSS site configs, on every node the expression selects:
**   "unwrap"            the element is replaced by its children (dissolve)
**   "wrap", tag         the node is put inside a new <tag> (wrap_in)
**   "move", target      the node is appended to the first element the
**                       target expression selects (move_into)
** Nodes are visited last first, so an inner node is done before the node
** around it.  No Lua call is made while a result is held. */
static int nx_m_edit(lua_State *L)
{
    static const char *const ops[] = { "unwrap", "wrap", "move", NULL };
    nx_doc *d = nx_checkdoc(L);
    int op = luaL_checkoption(L, 2, NULL, ops);
    const char *tag = NULL;
    xmlNodePtr target = NULL;
    xmlXPathObjectPtr res;
    nx_xperr err;
    int i, count = 0;
    nx_checkselector(L, 3);
    if (op == 1) {
        size_t k, n;
        tag = luaL_checklstring(L, 4, &n);
        for (k = 0; k < n; k++)
            if (!((tag[k] >= 'a' && tag[k] <= 'z') ||
                  (tag[k] >= '0' && tag[k] <= '9')))
                break;
        luaL_argcheck(L, n > 0 && n < 32 && k == n, 4,
                      "a tag name (lower-case letters and digits)");
    } else if (op == 2) {
        nx_checkselector(L, 4);
        res = nx_eval(L, d, 4, NULL, &err);
        if (res == NULL)
            return nx_push_xperr(L, 4, &err);
        if (res->type == XPATH_NODESET && res->nodesetval != NULL)
            for (i = 0; i < res->nodesetval->nodeNr && target == NULL; i++)
                if (res->nodesetval->nodeTab[i]->type == XML_ELEMENT_NODE)
                    target = res->nodesetval->nodeTab[i];
        xmlXPathFreeObject(res);
        if (target == NULL) {
            lua_pushinteger(L, 0);
            return 1;
        }
    }
    res = nx_eval(L, d, 3, NULL, &err);
    if (res == NULL)
        return nx_push_xperr(L, 3, &err);
    if (res->type == XPATH_NODESET && res->nodesetval != NULL) {
        xmlNodeSetPtr set = res->nodesetval;
        nx_set_drop_ns(set);
        for (i = set->nodeNr - 1; i >= 0; i--) {
            xmlNodePtr n = set->nodeTab[i], w;
            if (n == NULL || !nx_movable(d, n))
                continue;
            if (op == 0) {
                if (n->type != XML_ELEMENT_NODE)
                    continue;
                while (n->children != NULL) {
                    xmlNodePtr c = n->children;
                    xmlUnlinkNode(c);
                    xmlAddPrevSibling(n, c);
                }
                xmlUnlinkNode(n);
                xmlFreeNode(n);
            } else if (op == 1) {
                w = xmlNewDocNode(d->doc, NULL, (const xmlChar *)tag, NULL);
                if (w == NULL)
                    break;
                xmlAddPrevSibling(n, w);
                xmlUnlinkNode(n);
                xmlAddChild(w, n);
            } else {
                if (nx_is_ancestor(n, target))
                    continue;
                xmlUnlinkNode(n);
                xmlAddChild(target, n);
            }
            count++;
        }
        set->nodeNr = 0;
    }
    xmlXPathFreeObject(res);
    lua_pushinteger(L, count);
    return 1;
}

static void nx_doc_clean(nx_doc *d)
{
    xmlNodePtr body;
    if (d->cleaned)
        return;
    d->cleaned = 1;
    body = nx_find_body(d->doc);
    if (body != NULL) {
        if (d->noscript)
            nx_unwrap_noscript_images(body);
        if (d->imageobject)
            nx_microdata_images(body);
        nx_clean_tree(body);
    }
}

/* Push one image {src=, alt=} (alt only when there is one). */
static void nx_push_image(lua_State *L, const nx_blocks *b, const nx_image *im)
{
    lua_createtable(L, 0, 2);
    lua_pushlstring(L, b->aux.data + im->src, im->src_len);
    lua_setfield(L, -2, "src");
    if (im->alt_len) {
        lua_pushlstring(L, b->aux.data + im->alt, im->alt_len);
        lua_setfield(L, -2, "alt");
    }
}

/* {======================================================================
** Plain paragraphs: a "p" block whose Markdown and HTML say nothing that
** its text does not (no link, mark or inline element) is pushed as its
** text and plain = true, with a metatable whose __index makes md and html
** from the text when they are read (nx_plain_index).  One copy of a
** paragraph's words in Lua instead of three.
** ======================================================================= */

/* `m` is nx_md_run(t, lead) (nx_blocks.c), read without writing it. */
static int nx_md_is_plain(const char *t, size_t n, const char *m, size_t mn)
{
    size_t i = 0, j = 0, d;
    if (nx_md_lead(t, n, &d)) {
        if (mn < d + 1 || memcmp(m, t, d) != 0 || m[d] != '\\')
            return 0;
        i = d;
        j = d + 1;
    }
    for (; i < n; i++) {
        if (nx_md_special(t[i])) {
            if (j >= mn || m[j] != '\\')
                return 0;
            j++;
        }
        if (j >= mn || m[j] != t[i])
            return 0;
        j++;
    }
    return j == mn;
}

/* `h` is "<p>" nx_html_run(t) "</p>". */
static int nx_html_is_plain(const char *t, size_t n, const char *h, size_t hn)
{
    size_t i, j = 3;
    if (hn < 7 || memcmp(h, "<p>", 3) != 0 || memcmp(h + hn - 4, "</p>", 4) != 0)
        return 0;
    hn -= 4;
    for (i = 0; i < n; i++) {
        const char *rep = t[i] == '&' ? "&amp;" : t[i] == '<' ? "&lt;"
                        : t[i] == '>' ? "&gt;" : NULL;
        size_t rl = rep ? strlen(rep) : 1;
        if (j + rl > hn || (rep ? memcmp(h + j, rep, rl) != 0 : h[j] != t[i]))
            return 0;
        j += rl;
    }
    return j == hn;
}

/* A plain block's Markdown (html = 0) or HTML from its text `t`, as the
** emitter would have written them (tests/fuzz/fuzz_markdown.c compares). */
static void nx_plain_render(nx_buf *out, const char *t, size_t n, int html)
{
    if (html) {
        nx_buf_add(out, "<p>", 3);
        nx_html_run(out, t, n);
        nx_buf_add(out, "</p>", 4);
    } else {
        nx_md_run(out, t, n, 1);
    }
}

/* A long text's block (nx_push_blocks): its text, pushed now from the
** doc's text buffer and kept in the block; the buffer is freed when no
** block waits for it any more. */
static int nx_deferred_text(lua_State *L)
{
    nx_textbox *tb;
    size_t at, len;
    lua_pushliteral(L, "_text");
    lua_rawget(L, 1);
    if (lua_isnil(L, -1))
        return 0;
    tb = (nx_textbox *)luaL_checkudata(L, -1, NX_TEXTBOX_MT);
    lua_pushliteral(L, "_at");
    lua_rawget(L, 1);
    lua_pushliteral(L, "_len");
    lua_rawget(L, 1);
    at = (size_t)lua_tointeger(L, -2);
    len = (size_t)lua_tointeger(L, -1);
    if (tb->buf.data == NULL || at > tb->buf.len || len > tb->buf.len - at)
        return luaL_error(L, "block text already read or out of range");
    lua_pop(L, 2);
    lua_pushliteral(L, "text");
    lua_pushlstring(L, tb->buf.data + at, len);
    lua_rawset(L, 1);
    lua_pushliteral(L, "_text");
    lua_pushnil(L);
    lua_rawset(L, 1);
    lua_pushliteral(L, "_at");
    lua_pushnil(L);
    lua_rawset(L, 1);
    lua_pushliteral(L, "_len");
    lua_pushnil(L);
    lua_rawset(L, 1);
    if (tb->pending > 0 && --tb->pending == 0) {
        nx_buf_free(&tb->buf);
#if defined(__GLIBC__)
        /* the pages back to the system (as core.trim): glibc keeps a
        ** buffer it took from its heap, and LuaJIT cannot reuse them */
        malloc_trim(0);
#endif
    }
    lua_pushliteral(L, "text");
    lua_rawget(L, 1);
    return 1;
}

/* A plain block's md and html, when read (its metatable's __index): its
** text escaped as nx_emit_text escapes it, made when asked and not kept
** (the article keeps what it renders).  A long text's block reads its
** text here too (nx_deferred_text). */
static int nx_plain_index(lua_State *L)
{
    size_t n;
    const char *t, *k = lua_tostring(L, 2);
    nx_box *box;
    int html = k != NULL && strcmp(k, "html") == 0;
    if (k != NULL && strcmp(k, "text") == 0)
        return nx_deferred_text(L);
    if (!html && (k == NULL || strcmp(k, "md") != 0))
        return 0;
    lua_getfield(L, 1, "text");
    t = lua_tolstring(L, -1, &n);
    if (t == NULL)
        return 0;
    box = (nx_box *)lua_newuserdata(L, sizeof *box);  /* freed by __gc if */
    nx_buf_init(&box->buf);                           /* pushing raises */
    nx_setmeta(L, NX_BOX_MT);
    nx_plain_render(&box->buf, t, n, html);
    if (box->buf.oom)
        return luaL_error(L, "out of memory");
    lua_pushlstring(L, box->buf.data ? box->buf.data : "", box->buf.len);
    nx_buf_free(&box->buf);
    return 1;
}

static int nx_block_is_plain(const nx_blocks *b, const char *text, const nx_block *k)
{
    const char *t = text + k->text;
    if (k->plain)
        return 1;
    return strcmp(k->kind, "p") == 0 && k->nimg == 0 && k->text_len > 0 &&
           nx_md_is_plain(t, k->text_len, b->md.data + k->md, k->md_len) &&
           nx_html_is_plain(t, k->text_len, b->html.data + k->html, k->html_len);
}
/* }====================================================================== */

/*
** Push {blocks = {...}, images = {...}} from d->blocks, then free them.
** Each block: {kind=, text=, md=, html=, words= [, level=] [, ordered=true]
** (a plain paragraph: plain = true instead of md= and html=)
** [, images = {{src=, alt=}, ...}]} (images on figures); `images` is every
** image of the blocks in document order.
** A text of NX_DEFER_TEXT bytes or more is pushed when first read: the
** block holds the text buffer (_text, _at, _len) and the plain blocks'
** metatable, whose __index pushes it.  A page of one 5 MB paragraph held
** it three times at once here (the tree's, the buffer's, Lua's); read
** after doc:free, twice.
*/
#define NX_DEFER_TEXT ((size_t)256 << 10)

/* Push block `k`'s table with its kind and text (its text from `text`; a
** long one deferred to the box at stack index tb_idx); nx_push_block_rest
** sets the other fields, in a second pass, once the text buffer is freed. */
static void nx_push_block(lua_State *L, const nx_block *k, const char *text,
                          int tb_idx)
{
    int plain = k->plain;
    int defer = k->text_len >= NX_DEFER_TEXT;
    /* the exact number of fields: a table's hash part is a power of
    ** two, and a page of 262,144 tiny paragraphs has as many tables */
    lua_createtable(L, 0, (plain ? 4 : 5) + (k->level != 0) + 2 * defer +
                    (k->ordered != 0) + (k->nimg > 0));
    lua_pushstring(L, k->kind);
    lua_setfield(L, -2, "kind");
    if (defer) {
        lua_pushvalue(L, tb_idx);
        lua_setfield(L, -2, "_text");
        lua_pushinteger(L, (lua_Integer)k->text);
        lua_setfield(L, -2, "_at");
        lua_pushinteger(L, (lua_Integer)k->text_len);
        lua_setfield(L, -2, "_len");
    } else {
        lua_pushlstring(L, text + k->text, k->text_len);
        lua_setfield(L, -2, "text");
    }
    if (plain || defer)
        nx_setmeta(L, NX_PLAIN_MT);                  /* md, html; text */
}

/* The block table on the stack top: plain or md and html, level, ordered,
** words (the same fields in the same order as one pass set them). */
static void nx_push_block_rest(lua_State *L, const nx_blocks *b, const nx_block *k)
{
    if (k->plain) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "plain");
    } else {
        lua_pushlstring(L, b->md.data + k->md, k->md_len);
        lua_setfield(L, -2, "md");
        lua_pushlstring(L, b->html.data + k->html, k->html_len);
        lua_setfield(L, -2, "html");
    }
    if (k->level) {
        lua_pushinteger(L, k->level);
        lua_setfield(L, -2, "level");
    }
    if (k->ordered) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "ordered");
    }
    lua_pushinteger(L, (lua_Integer)k->words);
    lua_setfield(L, -2, "words");
}

/* The blocks are pushed in three passes, each C buffer freed once its
** strings are in Lua (kind and text; md, html and the rest; images): the
** peak holds the Lua copy and at most two of the three text buffers,
** not the copy and all three. */
static int nx_push_blocks(lua_State *L, nx_doc *d)
{
    nx_blocks *b = &d->blocks;
    size_t i, j, ndefer = 0;
    const char *text = b->text.data;
    int tb_idx = 0;
    if (nx_blocks_failed(b))
        return luaL_error(L, "out of memory");
    for (i = 0; i < b->n; i++) {
        ndefer += b->v[i].text_len >= NX_DEFER_TEXT;
        b->v[i].plain = nx_block_is_plain(b, text, &b->v[i]);
    }
    if (ndefer > 0) {
        nx_textbox *tb = (nx_textbox *)lua_newuserdata(L, sizeof *tb);
        nx_buf_init(&tb->buf);
        nx_setmeta(L, NX_TEXTBOX_MT);
        tb->buf = b->text;             /* the buffer moves into the box */
        tb->pending = ndefer;
        nx_buf_init(&b->text);
        tb_idx = lua_gettop(L);
    }
    nx_doc_enter(d);
    lua_createtable(L, 0, 2);
    lua_createtable(L, (int)b->n, 0);                    /* res, blocks */
    for (i = 0; i < b->n; i++) {
        nx_push_block(L, &b->v[i], text, tb_idx);        /* res, blocks, blk */
        lua_rawseti(L, -2, (int)i + 1);
    }
    nx_buf_free(&b->text);             /* (a deferred one is in the box) */
    for (i = 0; i < b->n; i++) {
        lua_rawgeti(L, -1, (int)i + 1);
        nx_push_block_rest(L, b, &b->v[i]);
        lua_pop(L, 1);
    }
    nx_buf_free(&b->md);
    nx_buf_free(&b->html);
    for (i = 0; i < b->n; i++) {
        const nx_block *k = &b->v[i];
        if (k->nimg == 0)
            continue;
        lua_rawgeti(L, -1, (int)i + 1);
        lua_createtable(L, (int)k->nimg, 0);             /* ..., blk, imgs */
        for (j = 0; j < k->nimg; j++) {
            nx_push_image(L, b, &b->img[k->img + j]);
            lua_rawseti(L, -2, (int)j + 1);
        }
        lua_setfield(L, -2, "images");
        lua_pop(L, 1);
    }
    lua_setfield(L, -2, "blocks");
    lua_createtable(L, (int)b->nimg, 0);                 /* res, images */
    for (i = 0, j = 0; i < b->nimg; i++) {
        /* an image whose block was taken back (no text) is not shown */
        if (b->img[i].block >= b->n)
            continue;
        nx_push_image(L, b, &b->img[i]);
        lua_rawseti(L, -2, (int)++j);
    }
    lua_setfield(L, -2, "images");
    nx_blocks_free(b);
    nx_doc_leave(d);
    if (tb_idx != 0)
        lua_remove(L, tb_idx);
    return 1;
}

static void nx_emit_roots(nx_doc *d, nx_tree *t, xmlNodePtr *roots, size_t n)
{
    nx_emit e;
    size_t i;
    nx_blocks_free(&d->blocks);
    nx_emit_init(&e, &d->blocks, t, d->base);
    e.plain_ok = 1;                    /* pushed as plain = true */
    for (i = 0; i < n; i++)
        nx_emit_root(&e, roots[i]);
    nx_blocks_fit(&d->blocks);
}

/* Mark the roots (2) and every element inside them (3), or clear the
** marks: one walk of their subtrees, so "is this node inside a root" is
** its parent's mark, not a climb to the top for every node of a set. */
#define NX_ROOT_MARK ((void *)2)
#define NX_INSIDE_MARK ((void *)3)
static void nx_mark_roots(xmlNodePtr *roots, size_t nroots, int on)
{
    size_t r;
    for (r = 0; r < nroots; r++) {
        xmlNodePtr root = roots[r], n = root->children;
        root->_private = on ? NX_ROOT_MARK : NULL;
        while (n != NULL) {
            if (n->type == XML_ELEMENT_NODE) {
                n->_private = on ? NX_INSIDE_MARK : NULL;
                if (n->children != NULL) {
                    n = n->children;
                    continue;
                }
            }
            n = nx_next_after(n, root);
        }
    }
}

static int nx_in_marked(const xmlNode *n)
{
    return n != NULL && n->type == XML_ELEMENT_NODE &&
           (n->_private == NX_ROOT_MARK || n->_private == NX_INSIDE_MARK);
}

/*
** Remove what the selector at stack index `idx` selects inside the roots
** (attributes first, then elements, text and comments; never a root
** itself).  Returns the count, or -1 with `err` set.  No Lua call is made
** while the result is held.
*/
static int nx_strip_inside(lua_State *L, nx_doc *d, int idx, xmlNodePtr *roots,
                           size_t nroots, nx_xperr *err)
{
    xmlXPathObjectPtr res;
    int i, count = 0;
    res = nx_eval(L, d, idx, NULL, err);
    if (res == NULL)
        return -1;
    nx_mark_roots(roots, nroots, 1);
    if (res->type == XPATH_NODESET && res->nodesetval != NULL) {
        xmlNodeSetPtr set = res->nodesetval;
        nx_set_drop_ns(set);
        for (i = 0; i < set->nodeNr; i++) {
            xmlNodePtr n = set->nodeTab[i];
            int keep;
            if (n == NULL)
                continue;
            keep = !(n->type == XML_ATTRIBUTE_NODE || n->type == XML_ELEMENT_NODE ||
                         n->type == XML_TEXT_NODE || n->type == XML_COMMENT_NODE) ||
                       (n->type == XML_ELEMENT_NODE && n->_private == NX_ROOT_MARK) ||
                       !nx_in_marked(n->parent);
            if (keep) {
                set->nodeTab[i] = NULL;
            } else if (n->type == XML_ATTRIBUTE_NODE) {
                set->nodeTab[i] = NULL;
                xmlRemoveProp((xmlAttrPtr)n);
                count++;
            }
        }
        for (i = 0; i < set->nodeNr; i++)
            if (set->nodeTab[i] != NULL)
                xmlUnlinkNode(set->nodeTab[i]);
        for (i = 0; i < set->nodeNr; i++)
            if (set->nodeTab[i] != NULL) {
                xmlFreeNode(set->nodeTab[i]);
                set->nodeTab[i] = NULL;
                count++;
            }
        set->nodeNr = 0;
    }
    nx_mark_roots(roots, nroots, 0);
    xmlXPathFreeObject(res);
    return count;
}

/* Argument 3 of doc:content: nil or {after = {selectors}, prune = bool};
** raises if not.  Leaves opts.after (or nil) on the stack; returns prune. */
static int nx_content_opts(lua_State *L)
{
    int j, n, prune = 0;
    if (lua_isnoneornil(L, 3)) {
        lua_pushnil(L);
        return 0;
    }
    luaL_checktype(L, 3, LUA_TTABLE);
    lua_getfield(L, 3, "prune");
    prune = lua_toboolean(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, 3, "after");
    if (lua_isnil(L, -1))
        return prune;
    luaL_argcheck(L, lua_type(L, -1) == LUA_TTABLE, 3, "'after' must be a list of selectors");
    n = (int)lua_rawlen(L, -1);
    for (j = 1; j <= n; j++) {
        lua_rawgeti(L, -1, j);
        nx_checkselector(L, -1);
        lua_pop(L, 1);
    }
    return prune;
}

/* The `after` selectors of doc:content (the list at `idx`, checked, or
** nil) on the chosen roots.  Returns 0, or -1 with the failing selector on
** the stack top and *err set: the caller frees what it holds before it
** pushes the error (pushing may raise). */
static int nx_strip_after(lua_State *L, nx_doc *d, int idx, xmlNodePtr *roots,
                          size_t nroots, nx_xperr *err)
{
    int j, n;
    if (lua_type(L, idx) != LUA_TTABLE)
        return 0;
    n = (int)lua_rawlen(L, idx);
    for (j = 1; j <= n; j++) {
        lua_rawgeti(L, idx, j);
        if (nx_strip_inside(L, d, lua_gettop(L), roots, nroots, err) < 0)
            return -1;
        lua_pop(L, 1);
    }
    return 0;
}

/* Emit the roots, pruned (see nx_prune) when asked and possible. */
static void nx_emit_content(nx_doc *d, xmlNodePtr *roots, size_t nroots,
                            int prune, int *oom)
{
    xmlNodePtr body = prune ? nx_find_body(d->doc) : NULL;
    nx_tree t;
    memset(&t, 0, sizeof t);
    *oom = 0;
    if (body != NULL && nx_tree_build(&t, body) == 0 && !t.oom &&
        nx_prune(&t, roots, nroots) == 0)
        nx_emit_roots(d, &t, roots, nroots);
    else if (t.oom)
        *oom = 1;
    else
        nx_emit_roots(d, NULL, roots, nroots);
    nx_tree_free(&t);
}

/* The elements of `set` that are not inside another of them, in order,
** into `roots` (room for set->nodeNr); returns how many. */
static size_t nx_fold_roots(xmlNodeSetPtr set, xmlNodePtr *roots)
{
    size_t nroots = 0;
    int i;
    xmlNodePtr top = NULL, n;
    /* Mark and unmark elements only: a namespace node in the set
    ** is an xmlNs, whose first field is `next`, not `_private`. */
    for (i = 0; i < set->nodeNr; i++)
        if (set->nodeTab[i]->type == XML_ELEMENT_NODE) {
            set->nodeTab[i]->_private = (void *)1;
            if (top == NULL) {
                /* the tree they are in: climb once from the first */
                for (top = set->nodeTab[i]; top->parent != NULL; top = top->parent)
                    ;
            }
        }
    /* one walk in document order: a marked element is a root, and its
    ** subtree (what it holds of the set) is passed over */
    n = top;
    while (n != NULL) {
        if (n->type == XML_ELEMENT_NODE && n->_private == (void *)1) {
            roots[nroots++] = n;
            n = nx_next_after(n, top);
            continue;
        }
        if (n->children != NULL && (n->type == XML_ELEMENT_NODE ||
                                    n->type == XML_DOCUMENT_NODE ||
                                    n->type == XML_HTML_DOCUMENT_NODE)) {
            n = n->children;
            continue;
        }
        n = nx_next_after(n, top);
    }
    for (i = 0; i < set->nodeNr; i++)
        if (set->nodeTab[i]->type == XML_ELEMENT_NODE)
            set->nodeTab[i]->_private = NULL;
    return nroots;
}

/* doc:content(selectors [, opts]) -> {blocks, images, selector} | nil [, err]
** `selectors` is one selector or a list tried in order: the first that
** matches gives the roots (all its nodes, nested ones folded in);
** `selector` says which (1 for a single one).  opts.after, a list of
** selectors: what they select inside the roots is removed once the roots
** are chosen (a Full-Text RSS post_strip_attr, which may remove the very
** class a body selector named); opts.prune: the roots are cleaned as the
** generic winner is (FTR's prune). */
static int nx_m_content(lua_State *L)
{
    nx_doc *d = nx_checkdoc(L);
    int k, nsel, sel_idx, prune, after_idx, oom;
    xmlNodePtr *roots = NULL;
    size_t nroots = 0;
    nx_xperr err;
    if (lua_type(L, 2) == LUA_TTABLE) {
        nsel = (int)lua_rawlen(L, 2);
    } else {
        nx_checkselector(L, 2);
        nsel = 1;
    }
    prune = nx_content_opts(L);
    after_idx = lua_gettop(L);
    nx_doc_clean(d);
    for (k = 1; k <= nsel && nroots == 0; k++) {
        xmlXPathObjectPtr res;
        if (lua_type(L, 2) == LUA_TTABLE) {
            lua_rawgeti(L, 2, k);
            nx_checkselector(L, -1);
            sel_idx = lua_gettop(L);
        } else {
            sel_idx = 2;
        }
        res = nx_eval(L, d, sel_idx, NULL, &err);
        if (res == NULL)
            return nx_push_xperr(L, sel_idx, &err);
        if (res->type == XPATH_NODESET && res->nodesetval != NULL &&
            res->nodesetval->nodeNr > 0) {
            xmlNodeSetPtr set = res->nodesetval;
            roots = (xmlNodePtr *)malloc((size_t)set->nodeNr * sizeof *roots);
            if (roots == NULL) {
                xmlXPathFreeObject(res);
                return luaL_error(L, "out of memory");
            }
            nroots = nx_fold_roots(set, roots);
            if (nroots == 0) {
                /* no element: the next selector is tried, and it may
                ** raise (not a selector) */
                free(roots);
                roots = NULL;
            }
        }
        xmlXPathFreeObject(res);
        if (lua_type(L, 2) == LUA_TTABLE)
            lua_pop(L, 1);
    }
    if (nroots == 0) {
        free(roots);
        lua_pushnil(L);
        return 1;
    }
    if (nx_strip_after(L, d, after_idx, roots, nroots, &err) != 0) {
        free(roots);
        return nx_push_xperr(L, lua_gettop(L), &err);
    }
    nx_emit_content(d, roots, nroots, prune, &oom);
    free(roots);
    if (oom)
        return luaL_error(L, "out of memory");
    nx_push_blocks(L, d);
    lua_pushinteger(L, k - 1);         /* which selector of the list matched */
    lua_setfield(L, -2, "selector");
    return 1;
}

/* doc:apply(spec [, between]): nx_apply.c, over the methods above. */
static int nx_m_apply(lua_State *L)
{
    static const nx_apply_ops ops = { nx_m_select, nx_m_strip, nx_m_content,
                                      nx_m_resolve };
    nx_checkdoc(L);
    return nx_apply_run(L, &ops);
}

/* doc:article's second result: its urls (stack 3) resolved. */
static int nx_article_urls(lua_State *L, nx_doc *d)
{
    if (lua_type(L, 3) != LUA_TTABLE)
        return 1;
    nx_push_resolved(L, d, 3);
    return 2;
}

/* doc:article([favor [, urls [, mode]]]) -> {blocks, images} [, resolved];
** favor is "precision", "recall" or nil; urls: as doc:resolve's, resolved
** in the same call; mode "items" lets a series of alike items join the
** choice (nx_choose_grid; extract asks for it on collection pages),
** "product" takes other products' cards and sections out of it
** (nx_choose_product; extract asks for it on product pages), "posts"
** makes a thread's series of posts the choice (nx_choose_posts; extract
** asks for it on forum pages), "service" lets the sibling sections of a
** service page join it (nx_choose_service; extract asks for it on
** service pages). */
static int nx_m_article(lua_State *L)
{
    nx_doc *d = nx_checkdoc(L);
    static const char *const favors[] = { "balanced", "precision", "recall", NULL };
    int f = luaL_checkoption(L, 2, "balanced", favors);
    int favor = f == 1 ? -1 : f == 2 ? 1 : 0;
    xmlNodePtr body, *roots;
    nx_tree t;
    size_t i, n = 0;
    static const char *const modes[] = { "default", "items", "product", "posts",
                                          "service", NULL };
    /* a misspelt mode is the caller's mistake: it raises, before any
    ** libxml2 or tree memory is held */
    int mode = luaL_checkoption(L, 4, "default", modes);
    /* urls is stack 3 or nil: the result pushed below is not mistaken for
    ** it when doc:article(favor) has two arguments */
    lua_settop(L, 3);
    nx_doc_clean(d);
    body = nx_find_body(d->doc);
    memset(&t, 0, sizeof t);
    if (body == NULL) {
        lua_createtable(L, 0, 2);
        lua_newtable(L);
        lua_setfield(L, -2, "blocks");
        lua_newtable(L);
        lua_setfield(L, -2, "images");
        return nx_article_urls(L, d);
    }
    if (nx_tree_build(&t, body) != 0 || t.oom) {
        nx_tree_free(&t);
        return luaL_error(L, "out of memory");
    }
    nx_choose(&t, favor);
    if (mode == 1)
        nx_choose_grid(&t);
    else if (mode == 2)
        nx_choose_product(&t);
    else if (mode == 3)
        nx_choose_posts(&t);
    else if (mode == 4)
        nx_choose_service(&t);
    roots = (xmlNodePtr *)malloc(t.n * sizeof *roots);
    if (roots == NULL) {
        nx_tree_free(&t);
        return luaL_error(L, "out of memory");
    }
    for (i = 0; i < t.n; i++) {
        nx_el *e = &t.els[i];
        if ((e->flags & NX_EL_KEEP) &&
            (i == 0 || !(t.els[e->parent].flags & NX_EL_KEEP)))
            roots[n++] = e->node;
    }
    nx_emit_roots(d, &t, roots, n);
    free(roots);
    nx_tree_free(&t);
    nx_push_blocks(L, d);
    return nx_article_urls(L, d);
}

/* The wanted tokens' hashes (FNV-1a, 64 bits) in an open-addressing
** table: a page's token is looked up in Lua only when its hash is one of
** them, so the walk interns no Lua string for the thousands of classes
** no rule names.  The table is Lua userdata (a raising push frees it). */
typedef struct nx_tokset {
    size_t mask;               /* slots - 1 */
    uint64_t slot[1];          /* 0 = empty (a hash of 0 is stored as 1) */
} nx_tokset;

#define NX_FNV_INIT 14695981039346656037ULL
#define NX_FNV_STEP(h, c) (((h) ^ (unsigned char)(c)) * 1099511628211ULL)

static uint64_t nx_tok_fix(uint64_t h) { return h == 0 ? 1 : h; }

static int nx_tokset_has(const nx_tokset *ts, uint64_t h)
{
    size_t i;
    h = nx_tok_fix(h);
    for (i = (size_t)h & ts->mask; ts->slot[i] != 0; i = (i + 1) & ts->mask)
        if (ts->slot[i] == h)
            return 1;
    return 0;
}

/* Push the hash set of the string keys of `wanted` (a stack index). */
static nx_tokset *nx_push_tokset(lua_State *L, int wanted)
{
    size_t n = 0, slots = 16, i;
    nx_tokset *ts;
    lua_pushnil(L);
    while (lua_next(L, wanted) != 0) {
        lua_pop(L, 1);
        n++;
    }
    while (slots < 2 * n)
        slots *= 2;
    ts = (nx_tokset *)lua_newuserdata(L, sizeof *ts + (slots - 1) * sizeof(uint64_t));
    memset(ts->slot, 0, slots * sizeof(uint64_t));
    ts->mask = slots - 1;
    lua_pushnil(L);
    while (lua_next(L, wanted) != 0) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) {
            size_t len, k;
            const char *key = lua_tolstring(L, -1, &len);
            uint64_t h = NX_FNV_INIT;
            for (k = 0; k < len; k++)
                h = NX_FNV_STEP(h, key[k]);
            h = nx_tok_fix(h);
            for (i = (size_t)h & ts->mask; ts->slot[i] != 0 && ts->slot[i] != h;
                 i = (i + 1) & ts->mask)
                ;
            ts->slot[i] = h;
        }
    }
    return ts;
}

/* One class/id token (and, for classes, each prefix before a '_': the
** CSS-module hash suffix) looked up in `wanted` (a stack index) when its
** hash is in `ts`; found ones are set in the result table (at stack
** index `res`). */
static void nx_token_probe(lua_State *L, const nx_tokset *ts, int wanted,
                           int res, const char *s, size_t n, int is_class)
{
    char low[256];
    uint64_t h = NX_FNV_INIT;
    size_t k;
    if (n == 0 || n >= sizeof low)
        return;
    nx_ascii_lower_copy(low, s, n);
    for (k = 0; k <= n; k++) {
        if ((k == n || (is_class && k > 0 && low[k] == '_')) && nx_tokset_has(ts, h)) {
            lua_pushlstring(L, low, k);                 /* tok */
            lua_pushvalue(L, -1);
            lua_rawget(L, wanted);                      /* tok, wanted[tok] */
            if (!lua_isnil(L, -1)) {
                lua_pop(L, 1);
                lua_pushboolean(L, 1);
                lua_rawset(L, res);                     /* res[tok] = true */
            } else {
                lua_pop(L, 2);
            }
        }
        if (k < n)
            h = NX_FNV_STEP(h, low[k]);
    }
}

/* doc:tokens(wanted) -> set of the keys of `wanted` that are class or id
** tokens of the page (lower-cased; a class also counts without its hash
** suffix).  The site-rule pre-filter: a rule whose detect needs a class
** the page lacks is skipped without running its XPath. */
static void nx_push_tokens(lua_State *L, nx_doc *d, int wanted)
{
    xmlNodePtr root, n;
    int res;
    const nx_tokset *ts = nx_push_tokset(L, wanted);    /* .., ts */
    lua_newtable(L);                                    /* .., ts, res */
    res = lua_gettop(L);
    nx_doc_enter(d);               /* Lua allocates while we walk the tree */
    root = xmlDocGetRootElement(d->doc);
    n = root;
    while (n != NULL) {
        if (n->type == XML_ELEMENT_NODE) {
            const char *v = nx_attr(n, "class");
            if (v != NULL) {
                const char *p = v;
                while (*p) {
                    size_t len = 0;
                    while (nx_is_html_space((unsigned char)*p))
                        p++;
                    while (p[len] && !nx_is_html_space((unsigned char)p[len]))
                        len++;
                    nx_token_probe(L, ts, wanted, res, p, len, 1);
                    p += len;
                }
            }
            if ((v = nx_attr(n, "id")) != NULL)
                nx_token_probe(L, ts, wanted, res, v, strlen(v), 0);
        }
        if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            n = n->children;
            continue;
        }
        n = nx_next_after(n, root);
    }
    nx_doc_leave(d);
    lua_remove(L, -2);                                  /* .., res */
}

static int nx_m_tokens(lua_State *L)
{
    nx_doc *d = nx_checkdoc(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    nx_push_tokens(L, d, 2);
    return 1;
}

/* doc:free(), also __close; idempotent.  Deferred while the doc is busy. */
static int nx_m_free(lua_State *L)
{
    nx_doc *d = (nx_doc *)luaL_checkudata(L, 1, NX_DOC_MT);
    if (d->busy)
        d->free_pending = 1;
    else
        nx_doc_release(d);
    return 0;
}

/* }====================================================================== */

/*
** {======================================================================
** Bounded pattern matching (nx_pattern.c): core.meter(steps) returns
** { find=, match=, gmatch=, gsub=, reset=, left= }, string.find & co.
** with Lua 5.4's semantics whose work, on every call, comes out of the
** meter's one budget of steps.  Out of budget they raise "stopped: ...";
** a bad pattern raises as string.find does.  Nothing here holds C memory
** while Lua runs or raises (the match state is on the C stack, gsub's
** buffer on the Lua stack).
** ======================================================================
*/
#define NX_METER_MT "newsextract.Meter"

typedef struct nx_meter {
    long long left, limit;
} nx_meter;

static nx_meter *nx_meter_up(lua_State *L)
{
    return (nx_meter *)lua_touserdata(L, lua_upvalueindex(1));
}

/* Raise for a match that stopped; `ms->err` is set. */
static int nx_pat_raise(lua_State *L, const nx_pat *ms, const nx_meter *m)
{
    if (nx_pat_out_of_budget(ms)) {
        /* no position: the sandbox's "stopped: " messages have none */
        char msg[96];
        snprintf(msg, sizeof msg, "stopped: pattern matching ran over %lld "
                 "steps (a pattern that backtracks?)", m->limit);
        lua_pushstring(L, msg);
        return lua_error(L);
    }
    return luaL_error(L, "%s", ms->err);
}

static size_t nx_pat_posrelat(lua_Integer pos, size_t len)
{
    if (pos > 0)
        return (size_t)pos;
    if (pos == 0)
        return 1;
    if (pos < -(lua_Integer)len)
        return 1;
    return len + (size_t)pos + 1;
}

static void nx_pat_push_one(lua_State *L, nx_pat *ms, int i, const char *s,
                            const char *e)
{
    if (i >= ms->level) {
        if (i != 0)
            luaL_error(L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(L, s, (size_t)(e - s));    /* the whole match */
    } else {
        ptrdiff_t l = ms->capture[i].len;
        if (l == NX_PAT_UNFINISHED)
            luaL_error(L, "unfinished capture");
        if (l == NX_PAT_POSITION)
            lua_pushinteger(L, (lua_Integer)(ms->capture[i].init - ms->src_init) + 1);
        else
            lua_pushlstring(L, ms->capture[i].init, (size_t)l);
    }
}

static int nx_pat_push_all(lua_State *L, nx_pat *ms, const char *s, const char *e)
{
    int i, n = (ms->level == 0 && s) ? 1 : ms->level;
    luaL_checkstack(L, n, "too many captures");
    for (i = 0; i < n; i++)
        nx_pat_push_one(L, ms, i, s, e);
    return n;
}

static int nx_pat_find_aux(lua_State *L, int find)
{
    nx_meter *m = nx_meter_up(L);
    size_t ls, lp, init;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    nx_pat ms;
    init = nx_pat_posrelat(luaL_optinteger(L, 3, 1), ls);
    if (init > ls + 1) {
        lua_pushnil(L);
        return 1;
    }
    nx_pat_init(&ms, s, ls, p, lp, &m->left);
    if (find && (lua_toboolean(L, 4) || nx_pat_nospecials(p, lp))) {
        const char *f = nx_pat_memfind(&ms, s + init - 1, ls - init + 1, p, lp);
        if (ms.err != NULL)
            return nx_pat_raise(L, &ms, m);
        if (f != NULL) {
            lua_pushinteger(L, (lua_Integer)(f - s) + 1);
            lua_pushinteger(L, (lua_Integer)(f - s) + (lua_Integer)lp);
            return 2;
        }
    } else {
        const char *s1 = s + init - 1;
        int anchor = (*p == '^');
        if (anchor) {
            p++;
            lp--;
            ms.p_end = p + lp;
        }
        do {
            const char *e;
            nx_pat_reset(&ms);
            if ((e = nx_pat_match(&ms, s1, p)) != NULL) {
                if (find) {
                    lua_pushinteger(L, (lua_Integer)(s1 - s) + 1);
                    lua_pushinteger(L, (lua_Integer)(e - s));
                    return nx_pat_push_all(L, &ms, NULL, 0) + 2;
                }
                return nx_pat_push_all(L, &ms, s1, e);
            }
            if (ms.err != NULL)
                return nx_pat_raise(L, &ms, m);
        } while (s1++ < ms.src_end && !anchor);
    }
    lua_pushnil(L);
    return 1;
}

static int nx_pat_find(lua_State *L) { return nx_pat_find_aux(L, 1); }
static int nx_pat_matchf(lua_State *L) { return nx_pat_find_aux(L, 0); }

/* gmatch's iterator; upvalues: meter, s, p, next position, last match end
** (both 0-based offsets; -1: none). */
static int nx_pat_gmatch_aux(lua_State *L)
{
    nx_meter *m = nx_meter_up(L);
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(2), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(3), &lp);
    lua_Integer pos = lua_tointeger(L, lua_upvalueindex(4));
    lua_Integer last = lua_tointeger(L, lua_upvalueindex(5));
    const char *src;
    nx_pat ms;
    nx_pat_init(&ms, s, ls, p, lp, &m->left);
    for (src = s + pos; src <= ms.src_end; src++) {
        const char *e;
        nx_pat_reset(&ms);
        if ((e = nx_pat_match(&ms, src, p)) != NULL &&
            (last < 0 || e != s + last)) {
            lua_pushinteger(L, (lua_Integer)(e - s));
            lua_replace(L, lua_upvalueindex(4));
            lua_pushinteger(L, (lua_Integer)(e - s));
            lua_replace(L, lua_upvalueindex(5));
            return nx_pat_push_all(L, &ms, src, e);
        }
        if (ms.err != NULL)
            return nx_pat_raise(L, &ms, m);
    }
    lua_pushinteger(L, (lua_Integer)ls + 1);
    lua_replace(L, lua_upvalueindex(4));
    return 0;
}

static int nx_pat_gmatch(lua_State *L)
{
    luaL_checkstring(L, 1);
    luaL_checkstring(L, 2);
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));          /* s p meter */
    lua_insert(L, 1);                                /* meter s p */
    lua_pushinteger(L, 0);
    lua_pushinteger(L, -1);                          /* meter s p 0 -1 */
    lua_pushcclosure(L, nx_pat_gmatch_aux, 5);
    return 1;
}

static void nx_pat_add_s(lua_State *L, nx_pat *ms, luaL_Buffer *b,
                         const char *s, const char *e)
{
    size_t l, i;
    const char *news = lua_tolstring(L, 3, &l);
    for (i = 0; i < l; i++) {
        if (news[i] != NX_PAT_ESC) {
            luaL_addchar(b, news[i]);
        } else {
            i++;
            if (i < l && news[i] == NX_PAT_ESC) {
                luaL_addchar(b, news[i]);
            } else if (i < l && news[i] >= '0' && news[i] <= '9') {
                if (news[i] == '0') {
                    luaL_addlstring(b, s, (size_t)(e - s));
                } else {
                    nx_pat_push_one(L, ms, news[i] - '1', s, e);
                    if (!lua_isstring(L, -1))
                        luaL_error(L, "invalid capture value");
                    luaL_addvalue(b);
                }
            } else {
                luaL_error(L, "invalid use of '%c' in replacement string",
                           NX_PAT_ESC);
            }
        }
    }
}

static void nx_pat_add_value(lua_State *L, nx_pat *ms, luaL_Buffer *b,
                             const char *s, const char *e, int tr)
{
    if (tr == LUA_TFUNCTION) {
        int n;
        lua_pushvalue(L, 3);
        n = nx_pat_push_all(L, ms, s, e);
        lua_call(L, n, 1);
    } else if (tr == LUA_TTABLE) {
        nx_pat_push_one(L, ms, 0, s, e);
        lua_gettable(L, 3);
    } else {
        nx_pat_add_s(L, ms, b, s, e);
        return;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));      /* keep the original */
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    } else {
        luaL_addvalue(b);
    }
}

static int nx_pat_gsub(lua_State *L)
{
    nx_meter *m = nx_meter_up(L);
    size_t srcl, lp;
    const char *src = luaL_checklstring(L, 1, &srcl);
    const char *p = luaL_checklstring(L, 2, &lp);
    const char *lastmatch = NULL;
    int tr = lua_type(L, 3);
    lua_Integer max_s = luaL_optinteger(L, 4, (lua_Integer)srcl + 1), n = 0;
    int anchor = (*p == '^');
    nx_pat ms;
    luaL_Buffer b;
    luaL_argcheck(L, tr == LUA_TNUMBER || tr == LUA_TSTRING ||
                  tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
                  "string/function/table expected");
    if (anchor) {
        p++;
        lp--;
    }
    lua_settop(L, 3);
    luaL_buffinit(L, &b);
    nx_pat_init(&ms, src, srcl, p, lp, &m->left);
    while (n < max_s) {
        const char *e;
        nx_pat_reset(&ms);
        if ((e = nx_pat_match(&ms, src, p)) != NULL && e != lastmatch) {
            n++;
            nx_pat_add_value(L, &ms, &b, src, e, tr);
            src = lastmatch = e;
        } else if (ms.err != NULL) {
            return nx_pat_raise(L, &ms, m);
        } else if (src < ms.src_end) {
            luaL_addchar(&b, *src++);
        } else {
            break;
        }
        if (anchor)
            break;
    }
    luaL_addlstring(&b, src, (size_t)(ms.src_end - src));
    luaL_pushresult(&b);
    lua_pushinteger(L, n);
    return 2;
}

/* meter.reset([steps]): a new budget (default: the last one). */
static int nx_meter_reset(lua_State *L)
{
    nx_meter *m = nx_meter_up(L);
    if (!lua_isnoneornil(L, 1)) {
        lua_Number n = luaL_checknumber(L, 1);
        luaL_argcheck(L, n >= 0, 1, "steps must not be negative");
        m->limit = n > 9e15 ? (long long)9e15 : (long long)n;
    }
    m->left = m->limit;
    return 0;
}

/* meter.left() -> steps left */
static int nx_meter_left(lua_State *L)
{
    lua_pushnumber(L, (lua_Number)nx_meter_up(L)->left);
    return 1;
}

/* core.meter(steps) -> { find, match, gmatch, gsub, reset, left } */
static int nx_l_meter(lua_State *L)
{
    static const luaL_Reg fns[] = {
        { "find", nx_pat_find }, { "match", nx_pat_matchf },
        { "gmatch", nx_pat_gmatch }, { "gsub", nx_pat_gsub },
        { "reset", nx_meter_reset }, { "left", nx_meter_left },
        { NULL, NULL }
    };
    lua_Number n = luaL_checknumber(L, 1);
    nx_meter *m;
    luaL_argcheck(L, n >= 0, 1, "steps must not be negative");
    lua_createtable(L, 0, 6);
    m = (nx_meter *)lua_newuserdata(L, sizeof *m);
    m->limit = m->left = n > 9e15 ? (long long)9e15 : (long long)n;
    nx_setmeta(L, NX_METER_MT);
    luaL_setfuncs(L, fns, 1);                        /* the meter as upvalue */
    return 1;
}
/* }====================================================================== */

/*
** {======================================================================
** A cap on the growth of the Lua heap, the sandbox's backstop
** (sandbox.lua): core.memcap(bytes) wraps the state's allocator so that,
** until core.memcap(nil), an allocation that would take the heap more
** than `bytes` past where it stood fails, and Lua raises "not enough
** memory".  The instruction hook checks the heap only every few
** instructions, and one instruction (a `..` of many operands, each a big
** string) can allocate far more.  core.memcap(nil) puts the allocator
** back and returns whether the cap was hit.  Once hit, NX_CAP_RESERVE
** more bytes are allowed (the unwinding and the caller's own tables),
** never the allocation that was refused.  Set and unset around one
** protected call: the box is anchored in the registry meanwhile.
** ======================================================================
*/
#if !defined(NX_CAP_RESERVE)
#define NX_CAP_RESERVE (1 << 20)
#endif

typedef struct nx_cap {
    lua_Alloc f;                /* the allocator it wraps */
    void *ud;
    long long used, limit;      /* net bytes since the cap was set */
    int hit;
} nx_cap;

#define NX_CAP_KEY "newsextract.memcap"  /* the box, in the registry */

static void *nx_cap_alloc(void *ud, void *p, size_t osize, size_t nsize)
{
    nx_cap *c = (nx_cap *)ud;
    size_t old = p != NULL ? osize : 0;
    void *q;
    if (nsize > old && c->used + (long long)(nsize - old) > c->limit) {
        if (!c->hit)
            c->limit = c->used + NX_CAP_RESERVE;
        c->hit = 1;
        if (c->used + (long long)(nsize - old) > c->limit)
            return NULL;
    }
    q = c->f(c->ud, p, osize, nsize);
    if (q != NULL || nsize == 0)
        c->used += (long long)nsize - (long long)old;
    return q;
}

/* The box's __gc: a state closed while the cap is installed (an error
** escaped between memcap(bytes) and memcap(nil)) gets its own allocator
** back before the box is freed, so no allocation goes through freed
** memory. */
static int nx_cap_gc(lua_State *L)
{
    void *ud;
    lua_Alloc f = lua_getallocf(L, &ud);
    nx_cap *c = (nx_cap *)lua_touserdata(L, 1);
    if (f == nx_cap_alloc && ud == c)
        lua_setallocf(L, c->f, c->ud);
    return 0;
}

/* core.memcap(bytes) | core.memcap(nil) -> hit */
static int nx_l_memcap(lua_State *L)
{
    void *ud;
    lua_Alloc f = lua_getallocf(L, &ud);
    nx_cap *c;
    lua_Number n;
    if (lua_isnoneornil(L, 1)) {
        int hit = 0;
        if (f == nx_cap_alloc) {
            c = (nx_cap *)ud;
            hit = c->hit;
            lua_setallocf(L, c->f, c->ud);
        }
        lua_pushboolean(L, hit);
        return 1;
    }
    n = luaL_checknumber(L, 1);
    luaL_argcheck(L, n >= 0, 1, "bytes must not be negative");
    if (f != nx_cap_alloc) {
        lua_getfield(L, LUA_REGISTRYINDEX, NX_CAP_KEY);
        c = (nx_cap *)lua_touserdata(L, -1);
        lua_pop(L, 1);
        if (c == NULL) {
            c = (nx_cap *)lua_newuserdata(L, sizeof *c);
            lua_createtable(L, 0, 1);
            lua_pushcfunction(L, nx_cap_gc);
            lua_setfield(L, -2, "__gc");
            lua_setmetatable(L, -2);
            lua_setfield(L, LUA_REGISTRYINDEX, NX_CAP_KEY);
        }
        c->f = f;
        c->ud = ud;
    } else {
        c = (nx_cap *)ud;
    }
    c->used = 0;
    c->limit = n > 9e15 ? (long long)9e15 : (long long)n;
    c->hit = 0;
    lua_setallocf(L, nx_cap_alloc, c);
    return 0;
}
/* }====================================================================== */

static const luaL_Reg nx_doc_methods[] = {
    { "charset", nx_m_charset },
    { "metadata", nx_m_metadata },
    { "readerable", nx_m_readerable },
    { "select", nx_m_select },
    { "strip", nx_m_strip },
    { "edit", nx_m_edit },
    { "content", nx_m_content },
    { "apply", nx_m_apply },
    { "article", nx_m_article },
    { "tokens", nx_m_tokens },
    { "resolve", nx_m_resolve },
    { "free", nx_m_free },
    { NULL, NULL }
};

static const luaL_Reg nx_doc_meta[] = {
    { "__gc", nx_doc_gc },
    { "__close", nx_m_free },
    { "__tostring", nx_doc_tostring },
    { NULL, NULL }
};

static const luaL_Reg nx_core_funcs[] = {
    { "parse", nx_l_parse },
    { "decode", nx_l_decode },
    { "css", nx_l_css },
    { "xpath", nx_l_xpath },
    { "charset", nx_l_charset },
    { "words", nx_l_words },
    { "trim", nx_l_trim },
    { "resolve", nx_l_resolve },
    { "meter", nx_l_meter },
    { "memcap", nx_l_memcap },
    { NULL, NULL }
};

NX_EXPORT int luaopen_newsextract_core(lua_State *L);

NX_EXPORT int luaopen_newsextract_core(lua_State *L)
{
    /* idempotent and thread-safe per libxml2's docs; no state of ours */
    xmlInitParser();
    luaL_newmetatable(L, NX_DOC_MT);
    luaL_setfuncs(L, nx_doc_meta, 0);
    luaL_newlib(L, nx_doc_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_newmetatable(L, NX_XPATH_MT);
    lua_pushcfunction(L, nx_xpath_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, nx_xpath_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);
    luaL_newmetatable(L, NX_METER_MT);
    lua_pop(L, 1);
    luaL_newmetatable(L, NX_BOX_MT);
    lua_pushcfunction(L, nx_box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, NX_TEXTBOX_MT);
    lua_pushcfunction(L, nx_textbox_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, NX_PLAIN_MT);
    lua_pushcfunction(L, nx_plain_index);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_newlib(L, nx_core_funcs);
    nx_batch_open(L);
    lua_pushliteral(L, NX_VERSION);
    lua_setfield(L, -2, "_VERSION");
    lua_pushliteral(L, "newsextract.core");
    lua_setfield(L, -2, "_NAME");
    return 1;
}
