/* SPDX-License-Identifier: MIT */
/*
** nx_css.c: CSS selectors (a Selectors level 3 subset) compiled to XPath 1.0,
** and the XPath extension functions the compiled expressions call.
**
** Editors name elements in site rules with CSS; the rule set compiles each
** selector once and libxml2 evaluates the XPath against every page.  The
** output selects, among the descendants of the context node, the elements
** the selector matches, in document order.  Combinators are read left to
** right from the context node ("div p" is descendant::div/descendant::p),
** so evaluated at an element the whole selector is scoped to that element,
** as jQuery's .find() is, and evaluated at the document it is plain CSS.
**
** The parser works straight on the bytes and writes XPath as it goes.
** Only :not() nests, and its depth is bounded (NX_CSS_MAX_DEPTH), so the
** C recursion is too.  A budget of simple selectors (NX_CSS_MAX_PARTS)
** keeps the output well inside libxml2's own evaluation depth limit (its
** evaluator recurses once per step, predicate, "and" and "|").
**
** Leniency, on purpose: class and id names may start with a digit (as in
** jQuery; pages have them and editors copy them), bare attribute values
** may be any run of name characters, :contains() takes a string or a bare
** word.  Everything else outside the subset is an error with a column.
*/
#include "nx_css.h"

#include <stdio.h>

#include <libxml/xpathInternals.h>

/* {=================================================================
** Extension functions
** ================================================================== */

/* A CSS-module hash suffix: 5 to 8 of [A-Za-z0-9_-] (base64url, so '_'
** too, but not first: Reuters 2017 prints "Attribution_content_27_rw")
** with at least one digit or capital, so "_byline" or "_date" (plain
** words) never count. */
static int nx_class_is_hash(const xmlChar *s, size_t n)
{
    size_t i;
    int strong = 0;
    if (n < 5 || n > 8 || s[0] == '_')
        return 0;
    for (i = 0; i < n; i++) {
        int c = s[i];
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
            strong = 1;
        else if (!((c >= 'a' && c <= 'z') || c == '-' || c == '_'))
            return 0;
    }
    return strong;
}

/* 1 when the class list has token `want`, or `want` + "_" + hash. */
NX_FUNC int nx_class_list_has(const xmlChar *list, const xmlChar *want,
                              size_t wn)
{
    const xmlChar *t = list;
    if (wn == 0)
        return 0;
    for (;;) {
        const xmlChar *start;
        size_t n;
        while (*t != '\0' && nx_is_html_space(*t))
            t++;
        if (*t == '\0')
            return 0;
        start = t;
        while (*t != '\0' && !nx_is_html_space(*t))
            t++;
        n = (size_t)(t - start);
        if (n >= wn && memcmp(start, want, wn) == 0) {
            if (n == wn)
                return 1;
            if (start[wn] == '_'
                && nx_class_is_hash(start + wn + 1, n - wn - 1))
                return 1;
        }
    }
}

static xmlAttrPtr nx_xpath_find_attr(xmlNodePtr node, const char *name)
{
    xmlAttrPtr a;
    for (a = node->properties; a != NULL; a = a->next)
        if (a->ns == NULL && xmlStrEqual(a->name, (const xmlChar *)name))
            return a;
    return NULL;
}

static void nx_xpath_push_bool(xmlXPathParserContextPtr ctxt, int v)
{
    xmlXPathObjectPtr o = xmlXPathNewBoolean(v);
    if (o == NULL) {
        xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
        return;
    }
    valuePush(ctxt, o);
}

static void nx_xpath_push_number(xmlXPathParserContextPtr ctxt, double v)
{
    xmlXPathObjectPtr o = xmlXPathNewFloat(v);
    if (o == NULL) {
        xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
        return;
    }
    valuePush(ctxt, o);
}

/*
** has-class(name): true when the context node is an element whose class
** attribute has the token `name`, or `name` followed by a CSS-module hash
** ("StandardArticleBody_body" matches "StandardArticleBody_body_1gnLA").
** The argument is converted with string() like any XPath argument.  A
** wrong number of arguments is an XPath arity error (the evaluation fails);
** libxml2 checks the stack itself after the call, so on every other path
** the function pops exactly its argument and pushes exactly one value.
*/
static void nx_xpath_has_class(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *want;
    xmlNodePtr node;
    xmlAttrPtr attr;
    int found = 0;

    if (ctxt == NULL)
        return;
    if (nargs != 1) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    want = xmlXPathPopString(ctxt);
    if (want == NULL) {
        if (ctxt->error == XPATH_EXPRESSION_OK)
            xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
        return;
    }
    node = ctxt->context->node;
    /* Namespace nodes are xmlNs structs in disguise: test the type first. */
    if (node != NULL && node->type == XML_ELEMENT_NODE
        && (attr = nx_xpath_find_attr(node, "class")) != NULL) {
        xmlNodePtr kid = attr->children;
        size_t wn = (size_t)xmlStrlen(want);
        if (kid == NULL) {
            found = 0;
        } else if (kid->next == NULL && kid->type == XML_TEXT_NODE) {
            /* The usual shape: read the text node's bytes in place. */
            if (kid->content != NULL)
                found = nx_class_list_has(kid->content, want, wn);
        } else {
            xmlChar *v = xmlNodeListGetString(node->doc, kid, 1);
            if (v == NULL) {
                xmlFree(want);
                xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
                return;
            }
            found = nx_class_list_has(v, want, wn);
            xmlFree(v);
        }
    }
    xmlFree(want);
    nx_xpath_push_bool(ctxt, found);
}

/* Element siblings before (dir 0) or after (dir 1) `node` that have its
** name: what :nth-of-type() needs when the selector names no type, since
** XPath 1.0 cannot compare a sibling's name with the context node's. */
static void nx_xpath_type_count(xmlXPathParserContextPtr ctxt, int nargs,
                                int dir)
{
    xmlNodePtr node, s;
    double n = 0;
    if (ctxt == NULL)
        return;
    if (nargs != 0) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    node = ctxt->context->node;
    if (node != NULL && node->type == XML_ELEMENT_NODE) {
        for (s = dir ? node->next : node->prev; s != NULL;
             s = dir ? s->next : s->prev)
            if (s->type == XML_ELEMENT_NODE && s->ns == node->ns
                && xmlStrEqual(s->name, node->name))
                n++;
    }
    nx_xpath_push_number(ctxt, n);
}

/* type-before(): number of preceding element siblings with the same name. */
static void nx_xpath_type_before(xmlXPathParserContextPtr ctxt, int nargs)
{
    nx_xpath_type_count(ctxt, nargs, 0);
}

/* type-after(): number of following element siblings with the same name. */
static void nx_xpath_type_after(xmlXPathParserContextPtr ctxt, int nargs)
{
    nx_xpath_type_count(ctxt, nargs, 1);
}

NX_FUNC void nx_xpath_register(xmlXPathContextPtr ctx)
{
    xmlXPathRegisterFunc(ctx, (const xmlChar *)"has-class",
                         nx_xpath_has_class);
    xmlXPathRegisterFunc(ctx, (const xmlChar *)"type-before",
                         nx_xpath_type_before);
    xmlXPathRegisterFunc(ctx, (const xmlChar *)"type-after",
                         nx_xpath_type_after);
}

/* }================================================================= */


/* {=================================================================
** The compiler
** ================================================================== */

typedef struct nx_css_parser {
    const char *s;
    size_t len;
    size_t pos;
    nx_buf *out;
    nx_buf name;        /* scratch: a decoded identifier */
    nx_buf val;         /* scratch: a decoded attribute value or string */
    size_t name_at;     /* where the text in `name` and `val` came from */
    size_t val_at;
    int parts;          /* spent of NX_CSS_MAX_PARTS */
    size_t errpos;
    const char *errmsg;
} nx_css_parser;

/* How a compound is written: as a location step after `axis`, or as a
** boolean about the context node (inside :not()). */
enum { NX_CSS_STEP, NX_CSS_BOOL };

/* The compound being written.  :nth-of-type() needs its type name after
** other parts have reused the scratch buffers, so the name's source
** offset is kept and the name decoded again on demand. */
typedef struct nx_css_cstate {
    int mode;
    size_t type_at;     /* offset of the type name; (size_t)-1 for none or * */
    int n;              /* parts written so far */
    int lead;           /* BOOL: something written after "(" already */
} nx_css_cstate;

#define NX_CSS_NONE ((size_t)-1)

static int nx_css_fail(nx_css_parser *p, size_t at, const char *msg)
{
    if (p->errmsg == NULL) {
        p->errpos = at;
        p->errmsg = msg;
    }
    return NX_EINPUT;
}

static int nx_css_at(const nx_css_parser *p, size_t at)
{
    return at < p->len ? (unsigned char)p->s[at] : -1;
}

static int nx_css_cur(const nx_css_parser *p)
{
    return nx_css_at(p, p->pos);
}

static size_t nx_css_skip_space(nx_css_parser *p)
{
    size_t start = p->pos;
    while (p->pos < p->len && nx_is_html_space((unsigned char)p->s[p->pos]))
        p->pos++;
    return p->pos - start;
}

static int nx_css_is_newline(int c)
{
    return c == '\n' || c == '\r' || c == '\f';
}

static int nx_css_is_hex(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
        || (c >= 'A' && c <= 'F');
}

/* Raw NUL counts as a name character: CSS reads it as U+FFFD. */
static int nx_css_is_name_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
        || c >= 0x80 || c == 0;
}

static int nx_css_is_name_char(int c)
{
    return nx_css_is_name_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static int nx_css_is_escape(const nx_css_parser *p, size_t at)
{
    int c = nx_css_at(p, at + 1);
    return nx_css_at(p, at) == '\\' && c >= 0 && !nx_css_is_newline(c);
}

/* CSS Syntax 3, "would start an identifier". */
static int nx_css_starts_ident(const nx_css_parser *p, size_t at)
{
    int c = nx_css_at(p, at);
    if (c == '-') {
        int d = nx_css_at(p, at + 1);
        return d == '-' || (d >= 0 && nx_css_is_name_start(d))
            || nx_css_is_escape(p, at + 1);
    }
    if (c >= 0 && nx_css_is_name_start(c))
        return 1;
    return nx_css_is_escape(p, at);
}

static int nx_css_starts_name(const nx_css_parser *p, size_t at)
{
    int c = nx_css_at(p, at);
    return (c >= 0 && nx_css_is_name_char(c)) || nx_css_is_escape(p, at);
}

/* One code point of raw input; malformed UTF-8 and NUL become U+FFFD,
** one byte at a time, so the output is always valid UTF-8. */
static uint32_t nx_css_read_raw(nx_css_parser *p)
{
    const unsigned char *s = (const unsigned char *)p->s + p->pos;
    size_t left = p->len - p->pos;
    uint32_t cp, min;
    size_t n, i;
    if (s[0] < 0x80) {
        p->pos++;
        return s[0] == 0 ? 0xFFFD : s[0];
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2; cp = s[0] & 0x1F; min = 0x80;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3; cp = s[0] & 0x0F; min = 0x800;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4; cp = s[0] & 0x07; min = 0x10000;
    } else {
        p->pos++;
        return 0xFFFD;
    }
    if (left < n) {
        p->pos++;
        return 0xFFFD;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            p->pos++;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        p->pos++;
        return 0xFFFD;
    }
    p->pos += n;
    return cp;
}

/* At a valid escape (backslash, then not a newline and not the end). */
static uint32_t nx_css_read_escape(nx_css_parser *p)
{
    uint32_t cp = 0;
    int i, c;
    p->pos++;
    if (!nx_css_is_hex(nx_css_cur(p)))
        return nx_css_read_raw(p);
    for (i = 0; i < 6 && nx_css_is_hex(c = nx_css_cur(p)); i++) {
        cp = cp * 16 + (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        p->pos++;
    }
    c = nx_css_cur(p);
    if (c == '\r' && nx_css_at(p, p->pos + 1) == '\n')
        p->pos += 2;
    else if (c >= 0 && nx_is_html_space(c))
        p->pos++;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    return cp;
}

/* XPath literals cannot hold C0 controls other than tab, LF and CR (and
** no HTML tree holds them either), so they become U+FFFD. */
static void nx_css_add_cp(nx_buf *b, uint32_t cp)
{
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
        cp = 0xFFFD;
    nx_buf_add_utf8(b, cp);
}

static void nx_css_clear(nx_buf *b)
{
    b->len = 0;
    if (b->data != NULL)
        b->data[0] = '\0';
}

/* Name characters and escapes from p->pos into `b` (cleared first). */
static int nx_css_read_name(nx_css_parser *p, nx_buf *b)
{
    *(b == &p->name ? &p->name_at : &p->val_at) = p->pos;
    nx_css_clear(b);
    for (;;) {
        int c = nx_css_cur(p);
        if (c == '\\') {
            if (!nx_css_is_escape(p, p->pos))
                return nx_css_fail(p, p->pos, "incomplete escape");
            nx_css_add_cp(b, nx_css_read_escape(p));
        } else if (c >= 0 && nx_css_is_name_char(c)) {
            nx_css_add_cp(b, nx_css_read_raw(p));
        } else {
            break;
        }
    }
    nx_buf_reserve(b, 0);
    return b->oom ? NX_ENOMEM : NX_OK;
}

/* A quoted string at p->pos into `b`. */
static int nx_css_read_string(nx_css_parser *p, nx_buf *b)
{
    size_t open = p->pos;
    int q = nx_css_cur(p);
    *(b == &p->name ? &p->name_at : &p->val_at) = p->pos;
    nx_css_clear(b);
    p->pos++;
    for (;;) {
        int c = nx_css_cur(p);
        if (c < 0 || nx_css_is_newline(c))
            return nx_css_fail(p, open, "unterminated string");
        if (c == q) {
            p->pos++;
            break;
        }
        if (c == '\\') {
            int d = nx_css_at(p, p->pos + 1);
            if (d < 0) {
                p->pos++;
            } else if (d == '\r' && nx_css_at(p, p->pos + 2) == '\n') {
                p->pos += 3;                /* escaped newline: nothing */
            } else if (nx_css_is_newline(d)) {
                p->pos += 2;
            } else {
                nx_css_add_cp(b, nx_css_read_escape(p));
            }
        } else {
            nx_css_add_cp(b, nx_css_read_raw(p));
        }
    }
    nx_buf_reserve(b, 0);
    return b->oom ? NX_ENOMEM : NX_OK;
}

static void nx_css_lower(nx_buf *b)
{
    size_t i;
    for (i = 0; i < b->len; i++)
        b->data[i] = (char)nx_ascii_lower((unsigned char)b->data[i]);
}

/* Whether `s` can be written as an XPath name test as it is.  Only ASCII
** is trusted; anything else goes through name()='...'. */
static int nx_css_is_ncname(const char *s, size_t n)
{
    size_t i;
    if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')
                    || s[0] == '_'))
        return 0;
    for (i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
              || (c >= '0' && c <= '9') || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

/* An XPath 1.0 string literal; returns how many pieces it took.  XPath
** has no escapes, so a string holding both quote kinds becomes concat()
** of the longest runs that each lack one kind. */
static size_t nx_css_literal(nx_buf *out, const char *s, size_t n)
{
    size_t i = 0, start, pieces = 0;
    int sq, dq;
    char q;
    if (memchr(s, '\'', n) == NULL || memchr(s, '"', n) == NULL) {
        q = memchr(s, '\'', n) == NULL ? '\'' : '"';
        nx_buf_addc(out, q);
        nx_buf_add(out, s, n);
        nx_buf_addc(out, q);
        return 1;
    }
    /* Both kinds occur, so there are at least two pieces, as concat()
    ** requires. */
    nx_buf_adds(out, "concat(");
    while (i < n) {
        start = i;
        sq = dq = 0;
        for (; i < n; i++) {
            if (s[i] == '\'') {
                if (dq)
                    break;
                sq = 1;
            } else if (s[i] == '"') {
                if (sq)
                    break;
                dq = 1;
            }
        }
        if (pieces++ > 0)
            nx_buf_addc(out, ',');
        q = sq ? '"' : '\'';
        nx_buf_addc(out, q);
        nx_buf_add(out, s + start, i - start);
        nx_buf_addc(out, q);
    }
    nx_buf_addc(out, ')');
    return pieces;
}

static void nx_css_num(nx_buf *out, long v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%ld", v);
    if (n > 0)
        nx_buf_add(out, tmp, (size_t)n);
}

static int nx_css_spend(nx_css_parser *p, size_t at)
{
    if (++p->parts > NX_CSS_MAX_PARTS)
        return nx_css_fail(p, at, "selector too complex");
    return NX_OK;
}

/* A literal from the input.  concat() arguments count against the
** budget, since libxml2 evaluates each one a level deeper; running out
** is recorded in p->errmsg, which nx_css_to_xpath checks at the end. */
static void nx_css_lit(nx_css_parser *p, const nx_buf *b)
{
    size_t pieces = nx_css_literal(p->out, b->data, b->len);
    size_t at = b == &p->name ? p->name_at : p->val_at;
    while (pieces-- > 1 && nx_css_spend(p, at) == NX_OK)
        ;
}

/* Open one condition of the compound: a predicate in a step, an "and"
** operand in a boolean. */
static void nx_css_cond_open(nx_css_parser *p, nx_css_cstate *k)
{
    if (k->mode == NX_CSS_STEP)
        nx_buf_addc(p->out, '[');
    else if (k->lead)
        nx_buf_adds(p->out, " and ");
    k->lead = 1;
}

static void nx_css_cond_close(nx_css_parser *p, const nx_css_cstate *k)
{
    if (k->mode == NX_CSS_STEP)
        nx_buf_addc(p->out, ']');
}

static void nx_css_cond(nx_css_parser *p, nx_css_cstate *k, const char *x)
{
    nx_css_cond_open(p, k);
    nx_buf_adds(p->out, x);
    nx_css_cond_close(p, k);
}

/* The node test that opens the compound.  `axis` is "descendant::" and
** the like, or, for "+", "following-sibling::*[1]", after which the type
** can only be a predicate.  In a boolean it opens "(self::...". */
static int nx_css_type(nx_css_parser *p, nx_css_cstate *k, const char *axis)
{
    int c = nx_css_cur(p);
    int named = 0, rc;
    size_t at = p->pos;
    nx_buf *out = p->out;

    if (c == '*') {
        p->pos++;
    } else if (nx_css_starts_ident(p, p->pos)) {
        k->type_at = p->pos;
        if ((rc = nx_css_read_name(p, &p->name)) != NX_OK)
            return rc;
        nx_css_lower(&p->name);   /* libxml2's HTML parser lower-cases */
        named = 1;
    }
    if (c == '*' || named) {
        if (nx_css_cur(p) == '|')
            return nx_css_fail(p, p->pos, "namespaces are not supported");
        if ((rc = nx_css_spend(p, at)) != NX_OK)
            return rc;
        k->n++;
    }

    if (k->mode == NX_CSS_BOOL) {
        /* "(self::div and ...)", or "(cond and ...)", closed by the
        ** caller, who writes self::* if nothing came. */
        nx_buf_addc(out, '(');
        if (named && nx_css_is_ncname(p->name.data, p->name.len)) {
            nx_buf_adds(out, "self::");
            nx_buf_add(out, p->name.data, p->name.len);
            k->lead = 1;
            return NX_OK;
        }
    } else {
        nx_buf_adds(out, axis);
        if (named && nx_css_is_ncname(p->name.data, p->name.len)) {
            /* After "+" the axis already has its node test. */
            if (axis[strlen(axis) - 1] == ':') {
                nx_buf_add(out, p->name.data, p->name.len);
            } else {
                nx_buf_adds(out, "[self::");
                nx_buf_add(out, p->name.data, p->name.len);
                nx_buf_addc(out, ']');
            }
            return NX_OK;
        }
        if (axis[strlen(axis) - 1] == ':')
            nx_buf_addc(out, '*');
    }
    if (named) {
        nx_css_cond_open(p, k);
        nx_buf_adds(out, "name()=");
        nx_css_lit(p, &p->name);
        nx_css_cond_close(p, k);
    }
    return NX_OK;
}

/* The attribute `an` as an XPath expression; lower-cased for the i flag
** (translate(), not an extension, so the output stays plain XPath). */
static void nx_css_attr_expr(nx_css_parser *p, int icase)
{
    nx_buf *out = p->out;
    const char *an = p->name.data;
    size_t anl = p->name.len;

    if (icase)
        nx_buf_adds(out, "translate(");
    if (nx_css_is_ncname(an, anl)) {
        nx_buf_addc(out, '@');
        nx_buf_add(out, an, anl);
    } else {
        nx_buf_adds(out, "@*[name()=");
        nx_css_lit(p, &p->name);
        nx_buf_addc(out, ']');
    }
    if (icase)
        nx_buf_adds(out, ",'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
                         "'abcdefghijklmnopqrstuvwxyz')");
}

/*
** An attribute selector is compiled in two phases: nx_css_attr_read parses
** `name [op value [i|s]] ]` into p->name, p->val, the operator and the
** case flag; nx_css_attr_write turns them into one XPath predicate.  Only
** the read phase can fail on the selector's text; the write phase fails
** only on memory.
*/

/* A value into p->val, after optional white space: a quoted string or a
** bare identifier (attribute values, :contains()); else `what` fails. */
static int nx_css_read_value(nx_css_parser *p, const char *what)
{
    int c;
    nx_css_skip_space(p);
    c = nx_css_cur(p);
    if (c == '"' || c == '\'')
        return nx_css_read_string(p, &p->val);
    if (nx_css_starts_name(p, p->pos))
        return nx_css_read_name(p, &p->val);
    return nx_css_fail(p, p->pos, what);
}

/* The operator after an attribute name: 0 for `]` (presence), else one of
** = ~ | ^ $ *.  -1 (p->err set) on anything else. */
static int nx_css_attr_op(nx_css_parser *p)
{
    int c = nx_css_cur(p);
    if (c == ']')
        return 0;
    if (c == '|' && nx_css_at(p, p->pos + 1) != '=') {
        nx_css_fail(p, p->pos, "namespaces are not supported");
        return -1;
    }
    if (c == '=') {
        p->pos++;
        return '=';
    }
    if ((c == '~' || c == '|' || c == '^' || c == '$' || c == '*')
        && nx_css_at(p, p->pos + 1) == '=') {
        p->pos += 2;
        return c;
    }
    nx_css_fail(p, p->pos, c < 0 ? "expected ']'"
                               : "expected attribute operator or ']'");
    return -1;
}

/* Read phase: p->pos just after '['; on return just after ']'. */
static int nx_css_attr_read(nx_css_parser *p, char *op, int *icase)
{
    int rc, c;
    size_t at;
    /* the name, lower-cased: HTML attribute names are ASCII-case-blind */
    nx_css_skip_space(p);
    if (nx_css_cur(p) == '|' || nx_css_cur(p) == '*')
        return nx_css_fail(p, p->pos, "namespaces are not supported");
    if (!nx_css_starts_ident(p, p->pos))
        return nx_css_fail(p, p->pos, "expected attribute name after '['");
    if ((rc = nx_css_read_name(p, &p->name)) != NX_OK)
        return rc;
    nx_css_lower(&p->name);
    nx_css_skip_space(p);
    /* the operator; `[name]` ends here */
    if ((c = nx_css_attr_op(p)) < 0)
        return NX_EINPUT;
    *op = (char)c;
    if (c == 0) {
        p->pos++;
        return NX_OK;
    }
    /* the value: a string or a bare identifier */
    if ((rc = nx_css_read_value(p, "expected attribute value")) != NX_OK)
        return rc;
    /* the flag: i (ASCII case-insensitive) or s (sensitive, the default) */
    nx_css_skip_space(p);
    c = nx_css_cur(p);
    if (c == 'i' || c == 'I' || c == 's' || c == 'S') {
        at = p->pos++;
        if (nx_css_starts_name(p, p->pos))
            return nx_css_fail(p, at, "unknown attribute flag");
        *icase = (c == 'i' || c == 'I');
        nx_css_skip_space(p);
        c = nx_css_cur(p);
    }
    if (c != ']')
        return nx_css_fail(p, p->pos, "expected ']'");
    p->pos++;
    return NX_OK;
}

/* [a~=w]: `w` as a whitespace-separated word.  An empty or spaced value
** matches nothing (Selectors 3). */
static int nx_css_attr_word(nx_css_parser *p, int icase)
{
    nx_buf *out = p->out;
    size_t i;
    for (i = 0; i < p->val.len; i++)
        if (nx_is_html_space((unsigned char)p->val.data[i]))
            break;
    if (p->val.len == 0 || i < p->val.len) {
        nx_buf_adds(out, "false()");
        return NX_OK;
    }
    nx_buf_adds(out, "contains(concat(' ',normalize-space(");
    nx_css_attr_expr(p, icase);
    nx_buf_adds(out, "),' '),");
    /* " word " as one literal: the word holds no spaces. */
    nx_buf_reserve(&p->val, 2);
    if (p->val.oom)
        return NX_ENOMEM;
    memmove(p->val.data + 1, p->val.data, p->val.len);
    p->val.data[0] = ' ';
    p->val.data[p->val.len + 1] = ' ';
    p->val.len += 2;
    p->val.data[p->val.len] = '\0';
    nx_css_lit(p, &p->val);
    nx_buf_addc(out, ')');
    return NX_OK;
}

/* [a$=v]: XPath 1.0 has no ends-with; string-length counts code points,
** and so does this. */
static void nx_css_attr_suffix(nx_css_parser *p, int icase)
{
    nx_buf *out = p->out;
    long cps = 0;
    size_t i;
    for (i = 0; i < p->val.len; i++)
        if (((unsigned char)p->val.data[i] & 0xC0) != 0x80)
            cps++;
    nx_buf_adds(out, "substring(");
    nx_css_attr_expr(p, icase);
    nx_buf_adds(out, ",string-length(");
    nx_css_attr_expr(p, icase);
    nx_buf_addc(out, ')');
    if (cps > 1) {
        nx_buf_addc(out, '-');
        nx_css_num(out, cps - 1);
    }
    nx_buf_adds(out, ")=");
    nx_css_lit(p, &p->val);
}

/* `fn(attr,'value')`, for starts-with and contains. */
static void nx_css_attr_call(nx_css_parser *p, const char *fn, int icase)
{
    nx_buf_adds(p->out, fn);
    nx_css_attr_expr(p, icase);
    nx_buf_addc(p->out, ',');
    nx_css_lit(p, &p->val);
    nx_buf_addc(p->out, ')');
}

/* Write phase: the predicate for operator `op` on p->name and p->val. */
static int nx_css_attr_write(nx_css_parser *p, char op, int icase)
{
    nx_buf *out = p->out;
    if (icase)
        nx_css_lower(&p->val);   /* ASCII only, as CSS's i flag */
    switch (op) {
    case 0:
        nx_css_attr_expr(p, 0);
        return NX_OK;
    case '=':
        nx_css_attr_expr(p, icase);
        nx_buf_addc(out, '=');
        nx_css_lit(p, &p->val);
        return NX_OK;
    case '~':
        return nx_css_attr_word(p, icase);
    case '|':
        /* the value itself, or the value then '-' (lang codes: en, en-GB) */
        nx_buf_addc(out, '(');
        nx_css_attr_expr(p, icase);
        nx_buf_addc(out, '=');
        nx_css_lit(p, &p->val);
        nx_buf_adds(out, " or ");
        nx_buf_addc(&p->val, '-');
        if (p->val.oom)
            return NX_ENOMEM;
        nx_css_attr_call(p, "starts-with(", icase);
        nx_buf_addc(out, ')');
        return NX_OK;
    default:
        break;
    }
    /* ^= $= *= with an empty value match nothing (Selectors 3) */
    if (p->val.len == 0)
        nx_buf_adds(out, "false()");
    else if (op == '^')
        nx_css_attr_call(p, "starts-with(", icase);
    else if (op == '*')
        nx_css_attr_call(p, "contains(", icase);
    else
        nx_css_attr_suffix(p, icase);
    return NX_OK;
}

/* Attribute selector, p->pos just after '[': read, then write it as one
** condition of the compound selector in progress. */
static int nx_css_attr(nx_css_parser *p, nx_css_cstate *k)
{
    char op = 0;
    int icase = 0, rc;
    if ((rc = nx_css_attr_read(p, &op, &icase)) != NX_OK)
        return rc;
    nx_css_cond_open(p, k);
    if ((rc = nx_css_attr_write(p, op, icase)) != NX_OK)
        return rc;
    nx_css_cond_close(p, k);
    return NX_OK;
}

/* A digit run at p->pos, capped so the arithmetic below cannot overflow. */
static int nx_css_nth_number(nx_css_parser *p, long *v)
{
    size_t at = p->pos;
    long n = 0;
    int c;
    while ((c = nx_css_cur(p)) >= '0' && c <= '9') {
        n = n * 10 + (c - '0');
        if (n > NX_CSS_MAX_NTH)
            return nx_css_fail(p, at, "number too large");
        p->pos++;
    }
    *v = n;
    if (p->pos == at)
        return nx_css_fail(p, p->pos, "expected an+b, odd or even");
    return NX_OK;
}

static int nx_css_word_is(const nx_css_parser *p, const char *w)
{
    size_t i, n = strlen(w);
    for (i = 0; i < n; i++) {
        int c = nx_css_at(p, p->pos + i);
        if (c < 0 || (c | 0x20) != w[i])
            return 0;
    }
    return !nx_css_starts_name(p, p->pos + n);
}

/* The an+b of :nth-*(), p->pos just after '(', up to and past ')'.
** Read by hand rather than by CSS tokens: "2n+1", "-n + 3", "odd", "+5". */
static int nx_css_nth_arg(nx_css_parser *p, long *a, long *b)
{
    long sign = 1, v = 0;
    int c, rc, digits;

    nx_css_skip_space(p);
    *a = 0;
    *b = 0;
    if (nx_css_word_is(p, "odd")) {
        *a = 2;
        *b = 1;
        p->pos += 3;
    } else if (nx_css_word_is(p, "even")) {
        *a = 2;
        p->pos += 4;
    } else {
        c = nx_css_cur(p);
        if (c == '+' || c == '-') {
            sign = c == '-' ? -1 : 1;
            p->pos++;
        }
        c = nx_css_cur(p);
        digits = c >= '0' && c <= '9';
        if (digits && (rc = nx_css_nth_number(p, &v)) != NX_OK)
            return rc;
        c = nx_css_cur(p);
        if (c == 'n' || c == 'N') {
            p->pos++;
            *a = sign * (digits ? v : 1);
            nx_css_skip_space(p);
            c = nx_css_cur(p);
            if (c == '+' || c == '-') {
                p->pos++;
                nx_css_skip_space(p);
                if ((rc = nx_css_nth_number(p, &v)) != NX_OK)
                    return rc;
                *b = c == '-' ? -v : v;
            }
        } else if (digits) {
            *b = sign * v;
        } else {
            return nx_css_fail(p, p->pos, "expected an+b, odd or even");
        }
    }
    nx_css_skip_space(p);
    if (nx_css_cur(p) != ')')
        return nx_css_fail(p, p->pos, "expected ')'");
    p->pos++;
    return NX_OK;
}

/* The siblings an :nth-*() counts, written after "count(" or "not(":
** before or after the element, of any name or of the compound's type.
** Returns 0 when no type is known and the extension function must be
** used instead (it is a number, not a node-set). */
static int nx_css_sibling_axis(nx_css_parser *p, nx_css_cstate *k,
                               int last, int oftype)
{
    nx_buf *out = p->out;
    size_t save;
    int rc;
    if (oftype && k->type_at == NX_CSS_NONE)
        return 0;
    nx_buf_adds(out, last ? "following-sibling::" : "preceding-sibling::");
    if (!oftype) {
        nx_buf_addc(out, '*');
        return 1;
    }
    save = p->pos;
    p->pos = k->type_at;
    rc = nx_css_read_name(p, &p->val);
    p->pos = save;
    if (rc != NX_OK)
        return -1;
    nx_css_lower(&p->val);
    if (nx_css_is_ncname(p->val.data, p->val.len)) {
        nx_buf_add(out, p->val.data, p->val.len);
    } else {
        nx_buf_adds(out, "*[name()=");
        nx_css_lit(p, &p->val);
        nx_buf_addc(out, ']');
    }
    return 1;
}

/* The number K of counted siblings: count(axis) or type-before(). */
static int nx_css_count(nx_css_parser *p, nx_css_cstate *k, int last,
                        int oftype)
{
    size_t mark = p->out->len;
    int rc;
    nx_buf_adds(p->out, "count(");
    rc = nx_css_sibling_axis(p, k, last, oftype);
    if (rc < 0)
        return NX_ENOMEM;
    if (rc == 0) {
        p->out->len = mark;
        nx_buf_adds(p->out, last ? "type-after()" : "type-before()");
    } else {
        nx_buf_addc(p->out, ')');
    }
    return NX_OK;
}

/* "K is 0": no such sibling.  not(axis) stops at the first one found. */
static int nx_css_none_before(nx_css_parser *p, nx_css_cstate *k,
                              int last, int oftype)
{
    size_t mark;
    int rc;
    nx_css_cond_open(p, k);
    mark = p->out->len;
    nx_buf_adds(p->out, "not(");
    rc = nx_css_sibling_axis(p, k, last, oftype);
    if (rc < 0)
        return NX_ENOMEM;
    if (rc == 0) {
        p->out->len = mark;
        nx_buf_adds(p->out, last ? "type-after()=0" : "type-before()=0");
    } else {
        nx_buf_addc(p->out, ')');
    }
    nx_css_cond_close(p, k);
    return NX_OK;
}

/* K op n, with op one of "=", ">=", "<=". */
static int nx_css_count_cmp(nx_css_parser *p, nx_css_cstate *k, int last,
                            int oftype, const char *op, long n)
{
    int rc;
    nx_css_cond_open(p, k);
    if ((rc = nx_css_count(p, k, last, oftype)) != NX_OK)
        return rc;
    nx_buf_adds(p->out, op);
    nx_css_num(p->out, n);
    nx_css_cond_close(p, k);
    return NX_OK;
}

/*
** :nth-*(an+b): the element's 1-based position i (K+1, K counted
** siblings) is a*n+b for some n >= 0.  With c = b-1: K = c when a = 0;
** K >= c and (K-c) mod a = 0 when a > 0; K <= c and (c-K) mod -a = 0 when
** a < 0.  The remainder is rewritten with a non-negative offset r so the
** XPath never depends on the sign convention of mod.
*/
static int nx_css_nth(nx_css_parser *p, nx_css_cstate *k, int last,
                      int oftype, long a, long b)
{
    long c = b - 1, m, r;
    int rc;
    if (c < 0 && a <= 0) {
        nx_css_cond(p, k, "false()");
        return NX_OK;
    }
    if (a == 0)
        return c == 0 ? nx_css_none_before(p, k, last, oftype)
                      : nx_css_count_cmp(p, k, last, oftype, "=", c);
    if (a > 0 && c > 0
        && (rc = nx_css_count_cmp(p, k, last, oftype, ">=", c)) != NX_OK)
        return rc;
    if (a < 0) {
        rc = c == 0 ? nx_css_none_before(p, k, last, oftype)
                    : nx_css_count_cmp(p, k, last, oftype, "<=", c);
        if (rc != NX_OK)
            return rc;
    }
    m = a > 0 ? a : -a;     /* >= 1: a == 0 returned above */
    if (m <= 1)
        return NX_OK;
    r = ((-c) % m + m) % m;
    nx_css_cond_open(p, k);
    if (r != 0)
        nx_buf_addc(p->out, '(');
    if ((rc = nx_css_count(p, k, last, oftype)) != NX_OK)
        return rc;
    if (r != 0) {
        nx_buf_addc(p->out, '+');
        nx_css_num(p->out, r);
        nx_buf_addc(p->out, ')');
    }
    nx_buf_adds(p->out, " mod ");
    nx_css_num(p->out, m);
    nx_buf_adds(p->out, "=0");
    nx_css_cond_close(p, k);
    return NX_OK;
}

enum {
    NX_PC_FIRST_CHILD, NX_PC_LAST_CHILD, NX_PC_ONLY_CHILD,
    NX_PC_FIRST_OF_TYPE, NX_PC_LAST_OF_TYPE, NX_PC_ONLY_OF_TYPE,
    NX_PC_EMPTY, NX_PC_ROOT,
    NX_PC_NOT, NX_PC_CONTAINS,
    NX_PC_NTH_CHILD, NX_PC_NTH_LAST_CHILD,
    NX_PC_NTH_OF_TYPE, NX_PC_NTH_LAST_OF_TYPE
};

static const struct nx_css_pseudo_def {
    const char *name;
    int kind;
    int func;       /* takes (arguments) */
} nx_css_pseudos[] = {
    { "first-child", NX_PC_FIRST_CHILD, 0 },
    { "last-child", NX_PC_LAST_CHILD, 0 },
    { "only-child", NX_PC_ONLY_CHILD, 0 },
    { "first-of-type", NX_PC_FIRST_OF_TYPE, 0 },
    { "last-of-type", NX_PC_LAST_OF_TYPE, 0 },
    { "only-of-type", NX_PC_ONLY_OF_TYPE, 0 },
    { "empty", NX_PC_EMPTY, 0 },
    { "root", NX_PC_ROOT, 0 },
    { "not", NX_PC_NOT, 1 },
    { "contains", NX_PC_CONTAINS, 1 },
    { "nth-child", NX_PC_NTH_CHILD, 1 },
    { "nth-last-child", NX_PC_NTH_LAST_CHILD, 1 },
    { "nth-of-type", NX_PC_NTH_OF_TYPE, 1 },
    { "nth-last-of-type", NX_PC_NTH_LAST_OF_TYPE, 1 },
};

/* Messages are static strings, so the pseudo-classes editors reach for
** most get one naming them; the rest share a generic one. */
static const struct nx_css_unknown_def {
    const char *name;
    const char *msg;
} nx_css_unknowns[] = {
    { "hover", "unknown pseudo-class ':hover'" },
    { "active", "unknown pseudo-class ':active'" },
    { "focus", "unknown pseudo-class ':focus'" },
    { "visited", "unknown pseudo-class ':visited'" },
    { "link", "unknown pseudo-class ':link'" },
    { "checked", "unknown pseudo-class ':checked'" },
    { "disabled", "unknown pseudo-class ':disabled'" },
    { "enabled", "unknown pseudo-class ':enabled'" },
    { "target", "unknown pseudo-class ':target'" },
    { "lang", "unknown pseudo-class ':lang' (use [lang|=x])" },
    { "has", "unknown pseudo-class ':has' (use XPath)" },
    { "is", "unknown pseudo-class ':is' (use a selector list)" },
    { "where", "unknown pseudo-class ':where' (use a selector list)" },
    { "first", "unknown pseudo-class ':first' (jQuery; use :first-of-type)" },
    { "last", "unknown pseudo-class ':last' (jQuery; use :last-of-type)" },
    { "eq", "unknown pseudo-class ':eq' (jQuery; use :nth-of-type)" },
    { "gt", "unknown pseudo-class ':gt' (jQuery; use XPath)" },
    { "lt", "unknown pseudo-class ':lt' (jQuery; use XPath)" },
    { "odd", "unknown pseudo-class ':odd' (use :nth-child(odd))" },
    { "even", "unknown pseudo-class ':even' (use :nth-child(even))" },
    { "before", "unknown pseudo-class ':before' (a pseudo-element)" },
    { "after", "unknown pseudo-class ':after' (a pseudo-element)" },
};

static int nx_css_not_list(nx_css_parser *p, int depth);

/* :contains(text): a string or a bare word, as in jQuery; case-sensitive,
** against the element's string-value (all its text, unnormalised). */
static int nx_css_contains(nx_css_parser *p, nx_css_cstate *k)
{
    int rc;
    if ((rc = nx_css_read_value(p, "expected string in :contains()")) != NX_OK)
        return rc;
    nx_css_skip_space(p);
    if (nx_css_cur(p) != ')')
        return nx_css_fail(p, p->pos, "expected ')'");
    p->pos++;
    nx_css_cond_open(p, k);
    nx_buf_adds(p->out, "contains(.,");
    nx_css_lit(p, &p->val);
    nx_buf_addc(p->out, ')');
    nx_css_cond_close(p, k);
    return NX_OK;
}

/* A pseudo-class, p->pos at ':'. */
static int nx_css_pseudo(nx_css_parser *p, nx_css_cstate *k, int depth)
{
    size_t colon = p->pos, i;
    const struct nx_css_pseudo_def *d = NULL;
    long a, b;
    int rc, func;

    p->pos++;
    if (nx_css_cur(p) == ':')
        return nx_css_fail(p, colon, "pseudo-elements are not supported");
    if (!nx_css_starts_ident(p, p->pos))
        return nx_css_fail(p, p->pos, "expected pseudo-class name after ':'");
    if ((rc = nx_css_read_name(p, &p->name)) != NX_OK)
        return rc;
    nx_css_lower(&p->name);
    for (i = 0; i < sizeof nx_css_pseudos / sizeof nx_css_pseudos[0]; i++)
        if (strcmp(p->name.data, nx_css_pseudos[i].name) == 0)
            d = &nx_css_pseudos[i];
    if (d == NULL) {
        for (i = 0; i < sizeof nx_css_unknowns / sizeof nx_css_unknowns[0]; i++)
            if (strcmp(p->name.data, nx_css_unknowns[i].name) == 0)
                return nx_css_fail(p, colon, nx_css_unknowns[i].msg);
        return nx_css_fail(p, colon, "unknown pseudo-class");
    }
    func = nx_css_cur(p) == '(';
    if (func && !d->func)
        return nx_css_fail(p, p->pos, "this pseudo-class takes no argument");
    if (!func && d->func)
        return nx_css_fail(p, p->pos, "expected '(' after pseudo-class name");
    if (func)
        p->pos++;

    switch (d->kind) {
    case NX_PC_FIRST_CHILD:
        return nx_css_none_before(p, k, 0, 0);
    case NX_PC_LAST_CHILD:
        return nx_css_none_before(p, k, 1, 0);
    case NX_PC_ONLY_CHILD:
        if ((rc = nx_css_none_before(p, k, 0, 0)) != NX_OK)
            return rc;
        return nx_css_none_before(p, k, 1, 0);
    case NX_PC_FIRST_OF_TYPE:
        return nx_css_none_before(p, k, 0, 1);
    case NX_PC_LAST_OF_TYPE:
        return nx_css_none_before(p, k, 1, 1);
    case NX_PC_ONLY_OF_TYPE:
        if ((rc = nx_css_none_before(p, k, 0, 1)) != NX_OK)
            return rc;
        return nx_css_none_before(p, k, 1, 1);
    case NX_PC_EMPTY:
        /* Selectors 3: no element and no text child, comments allowed. */
        nx_css_cond(p, k, "not(*|text())");
        return NX_OK;
    case NX_PC_ROOT:
        nx_css_cond(p, k, "not(parent::*)");
        return NX_OK;
    case NX_PC_CONTAINS:
        return nx_css_contains(p, k);
    case NX_PC_NOT:
        if (depth + 1 > NX_CSS_MAX_DEPTH)
            return nx_css_fail(p, colon, "selectors nested too deeply");
        nx_css_cond_open(p, k);
        nx_buf_adds(p->out, "not(");
        if ((rc = nx_css_not_list(p, depth + 1)) != NX_OK)
            return rc;
        nx_buf_addc(p->out, ')');
        nx_css_cond_close(p, k);
        return NX_OK;
    default:
        if ((rc = nx_css_nth_arg(p, &a, &b)) != NX_OK)
            return rc;
        return nx_css_nth(p, k,
                          d->kind == NX_PC_NTH_LAST_CHILD
                          || d->kind == NX_PC_NTH_LAST_OF_TYPE,
                          d->kind == NX_PC_NTH_OF_TYPE
                          || d->kind == NX_PC_NTH_LAST_OF_TYPE, a, b);
    }
}

/* One compound selector: an optional type then classes, ids, attributes
** and pseudo-classes.  *empty says it had none of them (the caller knows
** which message fits). */
static int nx_css_compound(nx_css_parser *p, int mode, const char *axis,
                           int depth, int *empty)
{
    nx_css_cstate k;
    int rc, c;
    size_t at;

    k.mode = mode;
    k.type_at = NX_CSS_NONE;
    k.n = 0;
    k.lead = 0;
    if ((rc = nx_css_type(p, &k, axis)) != NX_OK)
        return rc;
    for (;;) {
        c = nx_css_cur(p);
        at = p->pos;
        if (c == '.' || c == '#') {
            p->pos++;
            if (!nx_css_starts_name(p, p->pos))
                return nx_css_fail(p, p->pos, c == '.'
                                   ? "expected identifier after '.'"
                                   : "expected identifier after '#'");
            if ((rc = nx_css_read_name(p, &p->name)) != NX_OK)
                return rc;
            nx_css_cond_open(p, &k);
            nx_buf_adds(p->out, c == '.' ? "has-class(" : "@id=");
            nx_css_lit(p, &p->name);
            if (c == '.')
                nx_buf_addc(p->out, ')');
            nx_css_cond_close(p, &k);
        } else if (c == '[') {
            p->pos++;
            rc = nx_css_attr(p, &k);
        } else if (c == ':') {
            rc = nx_css_pseudo(p, &k, depth);
        } else {
            break;
        }
        if (rc != NX_OK)
            return rc;
        if ((rc = nx_css_spend(p, at)) != NX_OK)
            return rc;
        k.n++;
    }
    if (mode == NX_CSS_BOOL)
        nx_buf_adds(p->out, k.lead ? ")" : "self::*)");
    *empty = k.n == 0;
    return NX_OK;
}

static int nx_css_starts_compound(const nx_css_parser *p)
{
    int c = nx_css_cur(p);
    return c == '*' || c == '.' || c == '#' || c == '[' || c == ':'
        || nx_css_starts_ident(p, p->pos);
}

/* Input that fits nowhere, at p->pos. */
static int nx_css_unexpected(nx_css_parser *p)
{
    size_t at = p->pos;
    int c = nx_css_cur(p), rc;
    if (c < 0)
        return nx_css_fail(p, at, "unexpected end of selector");
    if (c == '"' || c == '\'') {
        if ((rc = nx_css_read_string(p, &p->val)) != NX_OK)
            return rc;
        return nx_css_fail(p, at, "unexpected string");
    }
    if (c == ')')
        return nx_css_fail(p, at, "unexpected ')'");
    if (c == '|')
        return nx_css_fail(p, at, "namespaces are not supported");
    return nx_css_fail(p, at, "unexpected character");
}

/* The argument of :not(): compound selectors separated by commas, as a
** boolean, p->pos just after '('. */
static int nx_css_not_list(nx_css_parser *p, int depth)
{
    int rc, c, empty, first = 1;
    size_t ws;
    nx_css_skip_space(p);
    for (;;) {
        c = nx_css_cur(p);
        if (c == ',' || ((c < 0 || c == ')') && !first))
            return nx_css_fail(p, p->pos, "empty selector in list");
        if (c < 0 || c == ')')
            return nx_css_fail(p, p->pos, "expected selector in :not()");
        if ((rc = nx_css_compound(p, NX_CSS_BOOL, "", depth, &empty)) != NX_OK)
            return rc;
        if (empty)
            return nx_css_unexpected(p);
        ws = nx_css_skip_space(p);
        c = nx_css_cur(p);
        if (c == ')') {
            p->pos++;
            return NX_OK;
        }
        if (c == ',') {
            p->pos++;
            nx_css_skip_space(p);
            nx_buf_adds(p->out, " or ");
            if ((rc = nx_css_spend(p, p->pos)) != NX_OK)
                return rc;
            first = 0;
            continue;
        }
        if (c < 0)
            return nx_css_fail(p, p->pos, "expected ')'");
        if (c == '>' || c == '+' || c == '~'
            || (ws > 0 && nx_css_starts_compound(p)))
            return nx_css_fail(p, p->pos,
                               "combinators are not supported in :not()");
        return nx_css_unexpected(p);
    }
}

/* A complex selector: compounds joined by combinators, written as a
** location path from the context node. */
static int nx_css_complex(nx_css_parser *p)
{
    const char *axis = "descendant::";
    const char *missing = NULL;
    int rc, c, empty;
    size_t ws;

    for (;;) {
        if ((rc = nx_css_compound(p, NX_CSS_STEP, axis, 0, &empty)) != NX_OK)
            return rc;
        if (empty)
            return missing ? nx_css_fail(p, p->pos, missing)
                           : nx_css_unexpected(p);
        ws = nx_css_skip_space(p);
        c = nx_css_cur(p);
        if (c < 0 || c == ',')
            return NX_OK;
        if ((rc = nx_css_spend(p, p->pos)) != NX_OK)
            return rc;
        if (c == '>') {
            axis = "/child::";
            missing = "expected selector after '>'";
        } else if (c == '+') {
            axis = "/following-sibling::*[1]";
            missing = "expected selector after '+'";
        } else if (c == '~') {
            axis = "/following-sibling::";
            missing = "expected selector after '~'";
        } else if (ws > 0 && nx_css_starts_compound(p)) {
            axis = "/descendant::";
            missing = NULL;
        } else {
            return nx_css_unexpected(p);
        }
        if (missing != NULL) {
            p->pos++;
            nx_css_skip_space(p);
        }
    }
}

static int nx_css_list(nx_css_parser *p)
{
    int rc, c;
    nx_css_skip_space(p);
    if (p->pos >= p->len)
        return nx_css_fail(p, p->pos, "empty selector");
    for (;;) {
        c = nx_css_cur(p);
        if (c < 0 || c == ',')
            return nx_css_fail(p, p->pos, "empty selector in list");
        if ((rc = nx_css_complex(p)) != NX_OK)
            return rc;
        if (nx_css_cur(p) < 0)
            return NX_OK;
        p->pos++;                           /* the ',' */
        if ((rc = nx_css_spend(p, p->pos)) != NX_OK)
            return rc;
        nx_buf_addc(p->out, '|');
        nx_css_skip_space(p);
    }
}

/*
** Compile `css` (len bytes, need not be NUL-terminated) and append the
** XPath to `out`.  NX_OK: out holds it, NUL-terminated.  NX_EINPUT:
** *errcol is the 1-based column (in characters) of the problem and
** *errmsg a static message; out is as it was.  NX_ENOMEM: allocation
** failed.
*/
NX_FUNC int nx_css_to_xpath(const char *css, size_t len, nx_buf *out,
                            size_t *errcol, const char **errmsg)
{
    nx_css_parser p;
    size_t start = out->len, i, col;
    int rc;

    p.s = css != NULL ? css : "";
    p.len = css != NULL ? len : 0;
    p.pos = 0;
    p.out = out;
    nx_buf_init(&p.name);
    nx_buf_init(&p.val);
    p.parts = 0;
    p.name_at = p.val_at = 0;
    p.errpos = 0;
    p.errmsg = NULL;

    rc = nx_css_list(&p);
    if (rc == NX_OK && p.errmsg != NULL)
        rc = NX_EINPUT;                     /* budget spent in a literal */
    if (rc == NX_OK && (out->oom || !nx_buf_reserve(out, 0)))
        rc = NX_ENOMEM;
    if (rc == NX_EINPUT) {
        col = 1;
        for (i = 0; i < p.errpos; i++)
            if (((unsigned char)p.s[i] & 0xC0) != 0x80)
                col++;
        if (errcol != NULL)
            *errcol = col;
        if (errmsg != NULL)
            *errmsg = p.errmsg;
    }
    if (rc != NX_OK && !out->oom) {
        out->len = start;
        if (out->data != NULL)
            out->data[start] = '\0';
    }
    nx_buf_free(&p.name);
    nx_buf_free(&p.val);
    return rc;
}

/* }================================================================= */
