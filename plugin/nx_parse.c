/* SPDX-License-Identifier: MIT */
/*
** nx_parse.c: UTF-8 bytes -> libxml2 tree, with the HTML5 fix-ups that
** libxml2 2.9's HTML4-era parser does not make.
**
** The bytes are always valid UTF-8 here (nx_charset.c made them so), and
** the parser is told so and told to ignore any <meta charset>: a document
** that declared another charset would otherwise be re-decoded halfway
** through, which is how libxml2 loses text.
*/
#include "nx_parse.h"

#include <libxml/parserInternals.h>

#define NX_PARSE_OPTIONS                                                    \
    (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |       \
     HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT |        \
     XML_PARSE_HUGE)
/* XML_PARSE_HUGE: without it libxml2 stops building the tree at depth 256
** and the text of 100,000 nested divs is silently dropped. */

static int nx_name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name != NULL &&
           strcmp((const char *)n->name, name) == 0;
}

static int nx_name_in(const xmlChar *name, const char *const *list)
{
    const char *s = (const char *)name;
    if (s == NULL)
        return 0;
    for (; *list != NULL; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

/* HTML5 void elements that libxml2 2.9 does not know as void: it nests the
** content that follows them inside them (<source>after</source>). */
static const char *const nx_void5[] = {
    "source", "track", "wbr", "keygen", NULL
};

/* HTML5 elements whose start tag closes an open <p>; libxml2 knows the
** HTML4 ones (div, ul, table, ...) but not these, and nests them in the p. */
static const char *const nx_block5[] = {
    "article", "aside", "details", "dialog", "figcaption", "figure",
    "footer", "header", "hgroup", "main", "nav", "section", "summary",
    "menu", NULL
};

/* Move `c` (with its subtree) to follow `at`; returns the node now last:
** libxml2 merges a text node into a text node next to it, and frees it. */
static xmlNodePtr nx_put_after(xmlNodePtr at, xmlNodePtr c)
{
    xmlNodePtr r;
    xmlUnlinkNode(c);
    r = xmlAddNextSibling(at, c);
    if (r == NULL) {
        xmlFreeNode(c);
        return at;
    }
    return r;
}

/* Move the children of `n` from `first` on to follow `n`, in order. */
static void nx_move_after(xmlNodePtr n, xmlNodePtr first)
{
    xmlNodePtr at = n, c = first, next;
    while (c != NULL) {
        next = c->next;
        at = nx_put_after(at, c);
        c = next;
    }
}

/* HTML start tags that end SVG and MathML content (HTML5 "foreign
** content": the open svg or math is closed and the element goes on in
** HTML).  libxml2 nests them in the svg, and the text is lost with it. */
static const char *const nx_breakout[] = {
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div",
    "dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p",
    "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup",
    "table", "tt", "u", "ul", "var", NULL
};

/* Tags that start a block, as the pre-pass and the fix-ups read them. */
static const char *const nx_pre_blocks[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section",
    "ul", "ol", "li", "table", "blockquote", "figure", "main", "header",
    "footer", "nav", "aside", "body", NULL
};

/* Where SVG and MathML hold HTML (integration points): no breakout. */
static const char *const nx_integration[] = {
    "foreignobject", "foreignObject", "desc", "title", "mi", "mo", "mn",
    "ms", "mtext", "annotation-xml", NULL
};

/* Elements libxml2 lets swallow the rest of a page when left open, whose
** content a browser shows: a block inside one starts what they did not
** mean to hold. */
static const char *const nx_inline_boxes[] = { "button", "map", NULL };

/* Move `from`, what follows it inside `top` (at every level up to it),
** out of `top`, to follow it in order. */
static void nx_move_out(xmlNodePtr top, xmlNodePtr from)
{
    xmlNodePtr at = top, level = from->parent, c = from, next;
    for (;;) {
        while (c != NULL) {
            next = c->next;
            at = nx_put_after(at, c);
            c = next;
        }
        if (level == top || level == NULL)
            break;
        c = level->next;
        level = level->parent;
    }
}

/* One pre-order walk, iterative (parent pointers, no stack: input depth is
** unbounded).  Fixing a node only moves nodes to later in document order,
** so the walk still visits each of them once.  `foreign`: the outermost
** open svg or math element around the walk, NULL outside them; `html_in`:
** an integration point inside it, where HTML stays where it is. */
static void nx_fixup_html5(xmlNodePtr root)
{
    xmlNodePtr n = root, foreign = NULL, html_in = NULL;
    while (n != NULL) {
        if (n->type == XML_ELEMENT_NODE && foreign != NULL &&
            html_in == NULL && nx_name_in(n->name, nx_integration))
            html_in = n;
        if (n->type == XML_ELEMENT_NODE && foreign != NULL &&
            html_in == NULL && nx_name_in(n->name, nx_breakout)) {
            xmlNodePtr top = foreign;
            foreign = NULL;
            nx_move_out(top, n);     /* n now follows top: walked as HTML */
        }
        if (n->type == XML_ELEMENT_NODE && foreign == NULL &&
            (nx_name_is(n, "svg") || nx_name_is(n, "math")))
            foreign = n;
        if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            if (nx_name_in(n->name, nx_void5)) {
                nx_move_after(n, n->children);
            } else if (nx_name_is(n, "p") ||
                       nx_name_in(n->name, nx_inline_boxes)) {
                const char *const *blocks = nx_name_is(n, "p") ? nx_block5
                                                                : nx_pre_blocks;
                xmlNodePtr c;
                for (c = n->children; c != NULL; c = c->next)
                    if (c->type == XML_ELEMENT_NODE &&
                        nx_name_in(c->name, blocks))
                        break;
                if (c != NULL)
                    nx_move_after(n, c);
            }
        }
        if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            n = n->children;
            continue;
        }
        /* next in pre-order; leaving the foreign element (or the HTML
        ** inside it) ends it */
        for (;;) {
            if (n == foreign)
                foreign = NULL;
            if (n == html_in)
                html_in = NULL;
            if (n == root || n->next != NULL)
                break;
            n = n->parent;
        }
        if (n == root)
            break;
        n = n->next;
    }
}

/*
** {======================================================================
** The pre-pass: what libxml2 would lose or take forever over, mended
** before it parses.  One linear scan over the bytes, copying only when it
** changes something:
** - a start tag with more than NX_MAX_ATTRS attributes: the rest are
**   dropped, because libxml2 checks each attribute against every earlier
**   one (a million attributes would take half an hour);
** - an unterminated comment or raw-text element (script, style, title,
**   textarea, ...): browsers hide the rest of the page in it, but the
**   words after it are the author's, so the element is closed before the
**   next tag that starts a block (or any tag, for the text-like ones);
** - the bodies of script code and style sheets, and comments, which are
**   never text and are much of a news page's bytes: dropped (JSON and
**   template scripts are kept: JSON-LD is metadata).
** ======================================================================
*/

#if !defined(NX_MAX_ATTRS)
#define NX_MAX_ATTRS 256
#endif

typedef struct nx_pre {
    const char *s;
    size_t len;
    size_t last;               /* input copied up to here */
    nx_buf *out;
    int changed;
    /* an end marker once not found is not found later either: remembered,
    ** so a page of many unterminated elements stays linear */
    unsigned char missing[16];
} nx_pre;

static int nx_pre_lower(int c)
{
    return nx_ascii_lower(c);
}

static int nx_pre_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int nx_pre_space(int c)
{
    return nx_is_html_space(c);
}

/* Copy input up to `at`, then `add`. */
static void nx_pre_emit(nx_pre *p, size_t at, const char *add, size_t addlen)
{
    nx_buf_add(p->out, p->s + p->last, at - p->last);
    nx_buf_add(p->out, add, addlen);
    p->last = at;
    p->changed = 1;
}

/* Raw-text elements: their content is not markup; `block` says whether an
** unterminated one ends at the next block tag (script-like: `a<b` in code
** must not end it) or at any tag (text-like). */
static const struct nx_rawtext {
    const char *name;
    int block;
} nx_rawtexts[] = {
    { "script", 1 }, { "style", 1 }, { "xmp", 1 }, { "iframe", 1 },
    { "noembed", 1 }, { "noframes", 1 }, { "textarea", 0 }, { "title", 0 },
    { NULL, 0 }
};


/* Does a tag named `name` (lower-case) start at s[i] ("<name" + end)? */
static int nx_pre_tag_is(const char *s, size_t len, size_t i, const char *name)
{
    size_t k = 0;
    i++;
    if (i < len && s[i] == '/')
        i++;
    for (; name[k] != '\0'; k++)
        if (i + k >= len || nx_pre_lower((unsigned char)s[i + k]) != name[k])
            return 0;
    return i + k >= len || !nx_pre_alpha((unsigned char)s[i + k]);
}

/* First "</name" at or after `from` (case-insensitive), or len. */
static size_t nx_pre_find_end(const nx_pre *p, size_t from, const char *name)
{
    const char *s = p->s;
    while (from < p->len) {
        const char *q = (const char *)memchr(s + from, '<', p->len - from);
        size_t i;
        if (q == NULL)
            return p->len;
        i = (size_t)(q - s);
        if (i + 1 < p->len && s[i + 1] == '/' && nx_pre_tag_is(s, p->len, i, name))
            return i;
        from = i + 1;
    }
    return p->len;
}

/* First start or end tag at or after `from`; with `block`, only of the
** block elements above. */
static size_t nx_pre_next_tag(const nx_pre *p, size_t from, int block)
{
    const char *s = p->s;
    while (from < p->len) {
        const char *q = (const char *)memchr(s + from, '<', p->len - from);
        size_t i, j;
        if (q == NULL)
            return p->len;
        i = (size_t)(q - s);
        j = i + 1 < p->len && s[i + 1] == '/' ? i + 2 : i + 1;
        if (j < p->len && nx_pre_alpha((unsigned char)s[j])) {
            const char *const *b;
            if (!block)
                return i;
            for (b = nx_pre_blocks; *b != NULL; b++)
                if (nx_pre_tag_is(s, p->len, i, *b))
                    return i;
        }
        from = i + 1;
    }
    return p->len;
}

/* A comment at s[i] ("<!--"); returns where scanning goes on. */
static size_t nx_pre_comment(nx_pre *p, size_t i)
{
    const char *s = p->s, *end = NULL;
    size_t from = i + 4, at;
    if (!p->missing[15]) {
        while (from + 2 < p->len) {
            const char *q = (const char *)memchr(s + from, '>', p->len - from);
            if (q == NULL)
                break;
            at = (size_t)(q - s);
            if (at >= i + 6 && q[-1] == '-' && q[-2] == '-') {
                end = q + 1;
                break;
            }
            from = at + 1;
        }
        if (end != NULL) {
            /* a comment is never text: libxml2 need not read it */
            nx_pre_emit(p, i, "", 0);
            p->last = (size_t)(end - s);
            return (size_t)(end - s);
        }
        p->missing[15] = 1;
    }
    at = nx_pre_next_tag(p, i + 4, 0);
    if (at < p->len)
        nx_pre_emit(p, at, "-->", 3);
    return at;
}

/* Is the script whose type attribute is s[v..v+n) (n == 0: none) code a
** browser runs?  Those bodies are dropped; JSON (ld+json!) and templates
** are kept. */
static int nx_pre_is_code(const char *s, size_t v, size_t n)
{
    size_t k;
    char t[32];
    if (n == 0)
        return 1;
    if (n >= sizeof t)
        return 0;
    for (k = 0; k < n; k++)
        t[k] = (char)nx_pre_lower((unsigned char)s[v + k]);
    t[n] = '\0';
    return strstr(t, "javascript") != NULL || strstr(t, "ecmascript") != NULL ||
           strcmp(t, "module") == 0 || strcmp(t, "text/babel") == 0;
}

/*
** The attributes of a start tag, from s[j] (just past the tag name) to
** its '>' (or the end of the input); returns where that '>' is.  The
** value of a `type` attribute goes to *type_at, *type_len (a script's
** type says whether its body is code).  Values are skipped whole, so a
** '>' inside a quoted one does not end the tag.
*/
static size_t nx_pre_attrs(nx_pre *p, size_t j, size_t *type_at,
                           size_t *type_len)
{
    const char *s = p->s;
    size_t len = p->len, attrs = 0;
    for (;;) {
        size_t a, a_end, v = 0, v_len = 0, prev_end = j;
        /* before the name: space, and a '/' that is no self-closing one */
        while (j < len && (nx_pre_space((unsigned char)s[j]) || s[j] == '/'))
            j++;
        if (j >= len || s[j] == '>')
            break;
        a = j;
        while (j < len && !nx_pre_space((unsigned char)s[j]) && s[j] != '>' &&
               s[j] != '=' && !(s[j] == '/' && j > a))
            j++;
        if (j == a)
            j++;                                  /* a lone '=' */
        a_end = j;
        while (j < len && nx_pre_space((unsigned char)s[j]))
            j++;
        if (j < len && s[j] == '=') {
            j++;
            while (j < len && nx_pre_space((unsigned char)s[j]))
                j++;
            if (j < len && (s[j] == '"' || s[j] == '\'')) {
                /* an unclosed quote runs to the end of the input */
                int quote = s[j];
                const char *q = (const char *)memchr(s + j + 1, quote, len - j - 1);
                v = j + 1;
                j = q ? (size_t)(q - s) + 1 : len;
                v_len = q ? (size_t)(q - s) - v : 0;
            } else {
                v = j;
                while (j < len && !nx_pre_space((unsigned char)s[j]) && s[j] != '>')
                    j++;
                v_len = j - v;
            }
        }
        if (a_end - a == 4 && nx_pre_lower((unsigned char)s[a]) == 't' &&
            nx_pre_lower((unsigned char)s[a + 1]) == 'y' &&
            nx_pre_lower((unsigned char)s[a + 2]) == 'p' &&
            nx_pre_lower((unsigned char)s[a + 3]) == 'e') {
            *type_at = v;
            *type_len = v_len;
        }
        /* past the cap the attribute is cut out of the bytes libxml2 gets
        ** (it checks each attribute against every earlier one) */
        if (++attrs > NX_MAX_ATTRS) {
            nx_pre_emit(p, prev_end, "", 0);
            p->last = j;                  /* drop it and the space before */
        }
    }
    return j;
}

/*
** After the start tag s[i..j) of a raw-text element (script, style, ...:
** their bodies are no markup), find where its body ends; returns where
** scanning goes on, or `j` when the tag is no raw-text one.  An end tag
** missing once is missing for the rest of the page (p->missing), so a
** page of unclosed scripts is not rescanned to its end at each one.
*/
static size_t nx_pre_rawtext(nx_pre *p, size_t i, size_t j, size_t type_at,
                             size_t type_len)
{
    const char *s = p->s;
    size_t len = p->len;
    const struct nx_rawtext *rt;
    for (rt = nx_rawtexts; rt->name != NULL; rt++) {
        size_t k = (size_t)(rt - nx_rawtexts), end, at;
        if (!nx_pre_tag_is(s, len, i, rt->name))
            continue;
        end = p->missing[k] ? len : nx_pre_find_end(p, j, rt->name);
        if (end < len) {
            /* Script code and style sheets are never text: their bodies
            ** are not handed to libxml2 at all, which then parses a third
            ** less of a typical news page. */
            if (end > j && ((k == 0 && nx_pre_is_code(s, type_at, type_len)) ||
                            k == 1)) {
                nx_pre_emit(p, j, "", 0);
                p->last = end;
            }
            return end;                           /* the end tag is next */
        }
        /* no end tag: a browser would hide the rest of the page in it,
        ** but those words are the author's, so the element is closed
        ** before the next block tag (any tag, for the text-like ones) */
        p->missing[k] = 1;
        at = nx_pre_next_tag(p, j, rt->block);
        if (at < len) {
            char close[16];
            int n = snprintf(close, sizeof close, "</%s>", rt->name);
            nx_pre_emit(p, at, close, (size_t)n);
        }
        return at;
    }
    return j;
}

/* A start tag at s[i] ("<" + letter); returns where scanning goes on:
** its name, its attributes, then a raw-text element's body. */
static size_t nx_pre_start_tag(nx_pre *p, size_t i)
{
    const char *s = p->s;
    size_t len = p->len, j = i + 1, type_at = 0, type_len = 0;
    while (j < len && !nx_pre_space((unsigned char)s[j]) && s[j] != '>' &&
           s[j] != '/')
        j++;
    j = nx_pre_attrs(p, j, &type_at, &type_len);
    if (j >= len)
        return len;
    j++;                                          /* past '>' */
    return nx_pre_rawtext(p, i, j, type_at, type_len);
}

/* Returns 1 and fills `out` when the bytes needed mending, else 0. */
NX_FUNC int nx_prefilter(const char *s, size_t len, nx_buf *out)
{
    nx_pre p;
    size_t i = 0;
    memset(&p, 0, sizeof p);
    p.s = s;
    p.len = len;
    p.out = out;
    while (i < len) {
        const char *q = (const char *)memchr(s + i, '<', len - i);
        if (q == NULL)
            break;
        i = (size_t)(q - s);
        if (i + 1 >= len)
            break;
        if (nx_pre_alpha((unsigned char)s[i + 1])) {
            i = nx_pre_start_tag(&p, i);
        } else if (s[i + 1] == '!' && i + 3 < len && s[i + 2] == '-' &&
                   s[i + 3] == '-') {
            i = nx_pre_comment(&p, i);
        } else {
            i++;
        }
    }
    if (p.changed)
        nx_buf_add(out, s + p.last, len - p.last);
    return p.changed;
}
/* }====================================================================== */

/* htmlReadMemory(s, len, url, "UTF-8", options) with one copy of the
** input where it made three at once: libxml2 2.9 copies the bytes into
** its input buffer and then, because an encoding is named, converts that
** whole buffer UTF-8 to UTF-8 into another one.  Here the parser is set
** to UTF-8 without a converter (HTML_PARSE_IGNORE_ENC keeps a <meta
** charset> from switching it; the bytes are valid UTF-8, so libxml2's
** fall-back to Latin-1 on a bad sequence never fires), and `release`
** (the caller's decoded copy) is freed as soon as libxml2 holds its own.
** A 2 MB page of text peaked 12.5 MB above the idle process in the
** parse, the bare libxml2 parse 6.0 MB.  (A static input buffer would
** save the last copy, but libxml2 2.9 repeats text read from one.)
** Bytes libxml2 would itself read as another encoding (a UTF-16 or UCS-4
** pattern in the first four bytes) take htmlReadMemory, as before. */
/* libxml2 up to 2.11 copies a memory input into its own buffer when the
** context is made (checked on 2.9.14); for later versions, whose input
** layer was rewritten, the caller's copy is kept until the parse is done
** rather than trusted to be unused. */
#if defined(LIBXML_VERSION) && LIBXML_VERSION < 21200
#define NX_XML_COPIES_INPUT 1
#else
#define NX_XML_COPIES_INPUT 0
#endif

static htmlDocPtr nx_read_utf8(const char *s, size_t len, const char *url,
                               nx_buf *release)
{
    htmlParserCtxtPtr ctxt;
    htmlDocPtr doc;
    xmlCharEncoding enc = len >= 4 ? xmlDetectCharEncoding((const xmlChar *)s, 4)
                                   : XML_CHAR_ENCODING_NONE;
    if (enc != XML_CHAR_ENCODING_NONE && enc != XML_CHAR_ENCODING_UTF8)
        return htmlReadMemory(s, (int)len, url, "UTF-8", NX_PARSE_OPTIONS);
    if ((ctxt = htmlCreateMemoryParserCtxt(s, (int)len)) == NULL)
        return NULL;
    if (release != NULL && NX_XML_COPIES_INPUT)
        nx_buf_free(release);                     /* libxml2 has its copy */
    if (url != NULL && ctxt->input != NULL && ctxt->input->filename == NULL)
        ctxt->input->filename = (char *)xmlStrdup((const xmlChar *)url);
    htmlCtxtUseOptions(ctxt, NX_PARSE_OPTIONS);
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);   /* no converter */
    htmlParseDocument(ctxt);
    doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    if (doc != NULL && ctxt->dictNames && doc->dict == ctxt->dict)
        ctxt->dict = NULL;                        /* the document owns it */
    htmlFreeParserCtxt(ctxt);
    if (release != NULL)
        nx_buf_free(release);                     /* no-op if freed above */
    return doc;
}

static htmlDocPtr nx_parse_bytes(const char *s, size_t len, const char *url,
                                 nx_buf *release)
{
    htmlDocPtr doc;
    nx_buf mended;
    nx_buf_init(&mended);
    if (nx_prefilter(s, len, &mended)) {
        if (mended.oom) {
            nx_buf_free(&mended);
            return NULL;
        }
        if (release != NULL)
            nx_buf_free(release);                 /* mended is the copy now */
        release = &mended;
        s = mended.data;
        len = mended.len;
    }
    if (len > (size_t)INT32_MAX) {
        nx_buf_free(&mended);
        return NULL;
    }
    doc = nx_read_utf8(len ? s : " ", len ? len : 1, url, len ? release : NULL);
    nx_buf_free(&mended);
    if (doc == NULL)
        return NULL;
    if (xmlDocGetRootElement(doc) != NULL)
        nx_fixup_html5(xmlDocGetRootElement(doc));
    return doc;
}

/* Parse UTF-8 bytes.  Returns NULL only when libxml2 cannot allocate. */
NX_FUNC htmlDocPtr nx_parse_utf8(const char *s, size_t len, const char *url)
{
    return nx_parse_bytes(s, len, url, NULL);
}

/* The same, from a buffer it frees (early: once libxml2 has copied it). */
NX_FUNC htmlDocPtr nx_parse_utf8_buf(nx_buf *b, const char *url)
{
    return nx_parse_bytes(b->data ? b->data : "", b->len, url, b);
}
