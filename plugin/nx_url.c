/* SPDX-License-Identifier: MIT */
/*
** nx_url.c: resolve link and image URLs, and refuse the unsafe ones.
**
** Browsers drop tabs and newlines anywhere in a URL and leading control
** characters and spaces, so "java\tscript:" runs script; the scheme test is
** made on the URL as a browser would read it.
*/
#include "nx_url.h"

/* Copy `s` the way a browser's URL parser sees it. */
static char *nx_url_clean(const char *s)
{
    size_t n = strlen(s), i, j = 0;
    char *out = (char *)malloc(n + 1);
    if (out == NULL)
        return NULL;
    i = 0;
    while (i < n && (unsigned char)s[i] <= ' ')
        i++;
    for (; i < n; i++)
        if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            out[j++] = s[i];
    while (j > 0 && (unsigned char)out[j - 1] <= ' ')
        j--;
    out[j] = '\0';
    return out;
}

/* 1 if the URL's scheme (if any) is one a reader may follow. */
static int nx_url_safe(const char *u, int image)
{
    static const char *const ok[] = { "http", "https", "mailto", "ftp", NULL };
    char scheme[16];
    size_t i;
    const char *const *s;
    for (i = 0; u[i] != '\0' && u[i] != ':' && i < sizeof scheme - 1; i++) {
        int c = (unsigned char)u[i];
        if (c == '/' || c == '?' || c == '#')
            return 1;                           /* relative: no scheme */
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
            return 1;
        scheme[i] = (char)nx_ascii_lower(c);
    }
    if (u[i] != ':' && i == sizeof scheme - 1) {
        /* longer than any scheme we allow: a scheme only if a ':' ends
        ** the run of scheme characters ("florian-giorgio-unsplash.jpg"
        ** is a relative path) */
        for (; u[i] != '\0' && u[i] != ':'; i++) {
            int c = (unsigned char)u[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
                return 1;
        }
        return u[i] == '\0';
    }
    if (u[i] != ':')
        return u[i] == '\0';
    scheme[i] = '\0';
    for (s = ok; *s != NULL; s++)
        if (strcmp(scheme, *s) == 0)
            return 1;
    if (image && strcmp(scheme, "data") == 0) {
        const char *m = u + i + 1;
        static const char *const types[] = {
            "image/png", "image/jpeg", "image/gif", "image/webp", NULL
        };
        for (s = types; *s != NULL; s++)
            if (strncmp(m, *s, strlen(*s)) == 0)
                return 1;
    }
    return 0;
}

/* Does `u` start with a scheme ("https:", "mailto:")? */
NX_FUNC int nx_url_is_absolute(const char *u)
{
    size_t i = 1;
    if (u == NULL || !((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z')))
        return 0;
    while ((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= 'A' && u[i] <= 'Z') ||
           (u[i] >= '0' && u[i] <= '9') || u[i] == '+' || u[i] == '-' ||
           u[i] == '.')
        i++;
    return u[i] == ':';
}

/* {===================================================================
** Joining a reference to its base: RFC 3986 section 5.2, on the strings
** as written.  A percent-escape stays as it is ("%2C" is not ","; a
** signed or CDN URL may tell them apart) and the bytes a browser would
** escape (space, controls, non-ASCII, `"<>\^`{|}`) are escaped.
*/

typedef struct nx_uri {
    const char *scheme, *auth, *path, *query, *frag;   /* NULL: absent */
    size_t nscheme, nauth, npath, nquery, nfrag;
} nx_uri;

static void nx_uri_split(const char *u, nx_uri *r)
{
    const char *p = u, *q;
    memset(r, 0, sizeof *r);
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
        q = p + 1;
        while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
               (*q >= '0' && *q <= '9') || *q == '+' || *q == '-' || *q == '.')
            q++;
        if (*q == ':') {
            r->scheme = p;
            r->nscheme = (size_t)(q - p);
            p = q + 1;
        }
    }
    if (p[0] == '/' && p[1] == '/') {
        p += 2;
        r->auth = p;
        r->nauth = strcspn(p, "/?#");
        p += r->nauth;
    }
    r->path = p;
    r->npath = strcspn(p, "?#");
    p += r->npath;
    if (*p == '?') {
        r->query = ++p;
        r->nquery = strcspn(p, "#");
        p += r->nquery;
    }
    if (*p == '#') {
        r->frag = ++p;
        r->nfrag = strlen(p);
    }
}

/* Appends `s` (n bytes) with the bytes a browser escapes escaped. */
static void nx_uri_put(nx_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c >= 0x7F || strchr("\"<>\\^`{|}", c) != NULL) {
            char e[3];
            e[0] = '%';
            e[1] = hex[c >> 4];
            e[2] = hex[c & 15];
            nx_buf_add(b, e, 3);
        } else {
            nx_buf_add(b, s + i, 1);
        }
    }
}

/* RFC 3986 5.2.4: the path `in` (n bytes) without its "." and ".."
** segments, appended to `b`. */
static void nx_uri_put_path(nx_buf *b, const char *in, size_t n)
{
    size_t start = b->len, i = 0;
    while (i < n) {
        const char *s = in + i;
        size_t left = n - i, seg;
        if (left >= 3 && memcmp(s, "../", 3) == 0) { i += 3; continue; }
        if (left >= 2 && memcmp(s, "./", 2) == 0) { i += 2; continue; }
        if (left >= 3 && memcmp(s, "/./", 3) == 0) { i += 2; continue; }
        if (left == 2 && memcmp(s, "/.", 2) == 0) { nx_buf_add(b, "/", 1); break; }
        if ((left >= 4 && memcmp(s, "/../", 4) == 0) ||
            (left == 3 && memcmp(s, "/..", 3) == 0)) {
            /* drop the last segment written */
            while (b->len > start && b->data[b->len - 1] != '/')
                b->len--;
            if (b->len > start)
                b->len--;
            if (left == 3) { nx_buf_add(b, "/", 1); break; }
            i += 3;
            continue;
        }
        if ((left == 1 && s[0] == '.') || (left == 2 && memcmp(s, "..", 2) == 0))
            break;
        seg = 1;
        while (seg < left && s[seg] != '/')
            seg++;
        nx_uri_put(b, s, seg);
        i += seg;
    }
}

/* `ref` joined to the absolute `base` (malloc'd), or NULL on no memory. */
static char *nx_uri_join(const char *ref, const char *base)
{
    nx_uri r, bs;
    nx_buf b;
    char *out;
    nx_uri_split(ref, &r);
    nx_uri_split(base, &bs);
    nx_buf_init(&b);
    if (r.scheme != NULL) {
        bs = r;                     /* absolute: only its dots go */
    } else {
        if (r.auth != NULL) {
            bs.auth = r.auth;
            bs.nauth = r.nauth;
            bs.path = r.path;
            bs.npath = r.npath;
            bs.query = r.query;
            bs.nquery = r.nquery;
        } else if (r.npath == 0) {
            if (r.query != NULL) {
                bs.query = r.query;
                bs.nquery = r.nquery;
            }
        } else {
            if (r.path[0] == '/') {
                bs.path = r.path;
                bs.npath = r.npath;
            }
            bs.query = r.query;
            bs.nquery = r.nquery;
        }
        bs.frag = r.frag;
        bs.nfrag = r.nfrag;
    }
    nx_buf_add(&b, bs.scheme, bs.nscheme);
    nx_buf_add(&b, ":", 1);
    if (bs.auth != NULL) {
        nx_buf_add(&b, "//", 2);
        nx_uri_put(&b, bs.auth, bs.nauth);
    }
    if (r.scheme != NULL || r.auth != NULL || r.npath == 0 || r.path[0] == '/') {
        nx_uri_put_path(&b, bs.path, bs.npath);   /* the base's or its own */
    } else {
        /* merge: the base's path up to its last '/', then the reference */
        nx_buf m;
        size_t keep = bs.npath;
        nx_buf_init(&m);
        while (keep > 0 && bs.path[keep - 1] != '/')
            keep--;
        if (bs.auth != NULL && bs.npath == 0)
            nx_buf_add(&m, "/", 1);
        else
            nx_buf_add(&m, bs.path, keep);
        nx_buf_add(&m, r.path, r.npath);
        if (m.oom)
            b.oom = 1;
        else
            nx_uri_put_path(&b, m.data, m.len);
        nx_buf_free(&m);
    }
    if (bs.query != NULL) {
        nx_buf_add(&b, "?", 1);
        nx_uri_put(&b, bs.query, bs.nquery);
    }
    if (bs.frag != NULL) {
        nx_buf_add(&b, "#", 1);
        nx_uri_put(&b, bs.frag, bs.nfrag);
    }
    out = nx_buf_steal(&b, NULL);
    return out;
}
/* }=================================================================== */

/* Absolute, safe URL for `href` (malloc'd; free()), or NULL when it is
** empty, unsafe or allocation fails.  `base` may be NULL. */
NX_FUNC char *nx_url_resolve(const char *href, const char *base, int image)
{
    char *clean, *res;
    if (href == NULL)
        return NULL;
    clean = nx_url_clean(href);
    if (clean == NULL || clean[0] == '\0' || !nx_url_safe(clean, image)) {
        free(clean);
        return NULL;
    }
    if (base == NULL || base[0] == '\0' || strncmp(clean, "data:", 5) == 0)
        return clean;
    if (!nx_url_is_absolute(base)) {
        /* a relative base: libxml2 joins it as best it can; with no
        ** join, a relative result would point at the reader's own host */
        xmlChar *abs = xmlBuildURI((const xmlChar *)clean, (const xmlChar *)base);
        free(clean);
        if (abs == NULL)
            return NULL;
        res = strdup((const char *)abs);
        xmlFree(abs);
    } else {
        res = nx_uri_join(clean, base);
        free(clean);
    }
    if (res != NULL && !nx_url_safe(res, image)) {
        free(res);
        return NULL;
    }
    return res;
}
