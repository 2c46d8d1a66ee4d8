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

/* Absolute, safe URL for `href` (malloc'd; free()), or NULL when it is
** empty, unsafe or allocation fails.  `base` may be NULL. */
NX_FUNC char *nx_url_resolve(const char *href, const char *base, int image)
{
    char *clean, *res;
    xmlChar *abs = NULL;
    if (href == NULL)
        return NULL;
    clean = nx_url_clean(href);
    if (clean == NULL || clean[0] == '\0' || !nx_url_safe(clean, image)) {
        free(clean);
        return NULL;
    }
    if (base != NULL && base[0] != '\0' && strncmp(clean, "data:", 5) != 0)
        abs = xmlBuildURI((const xmlChar *)clean, (const xmlChar *)base);
    if (abs != NULL) {
        if (!nx_url_safe((const char *)abs, image)) {
            xmlFree(abs);
            free(clean);
            return NULL;
        }
        res = strdup((const char *)abs);
        xmlFree(abs);
        free(clean);
        return res;
    }
    return clean;
}
