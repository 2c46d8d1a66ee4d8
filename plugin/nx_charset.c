/* SPDX-License-Identifier: MIT */
/*
** nx_charset.c: turn the bytes of a page into valid UTF-8, whatever they
** are.
**
** libxml2 2.9.14's HTML parser silently stops at an undefined windows-1252
** byte, at a BOM that contradicts a <meta>, and at a NUL byte.  So every
** input is decoded here and libxml2 only ever sees valid UTF-8 (parsed with
** "UTF-8" and HTML_PARSE_IGNORE_ENC).  Decoding never stops early: each
** undecodable piece becomes one U+FFFD and the text after it is kept.
**
** Which encoding, in order (the WHATWG HTML "encoding sniffing algorithm",
** with two deviations an extractor wants, see nx_decode):
**   BOM > caller override > HTTP charset > <meta> prescan > sniffing >
**   windows-1252.
** UTF-8, UTF-16, x-user-defined and the single-byte encodings are decoded
** by our own code (tables in nx_charset_tables.h); the CJK encodings go
** through glibc iconv, opened and closed inside each call.
*/
#include <errno.h>
#include <iconv.h>
#include <strings.h>

#include "nx_charset.h"
#include "nx_charset_tables.h"


enum nx_kind {
    NX_K_UTF8, NX_K_UTF16LE, NX_K_UTF16BE, NX_K_SB, NX_K_ICONV,
    NX_K_XUSER, NX_K_REPLACEMENT
};

typedef struct nx_encoding {
    const char *name;       /* WHATWG canonical name */
    enum nx_kind kind;
    const uint16_t *table;  /* NX_K_SB: bytes 0x80..0xFF */
    const char *iconv;      /* NX_K_ICONV: glibc's name for it */
} nx_encoding;

/* glibc names chosen for agreement with the WHATWG decoders: WINDOWS-31J
** keeps 0x5C a backslash (glibc's SHIFT_JIS makes it a yen sign),
** EUC-JP-MS has the NEC/IBM rows and maps 0xA1C1 to U+FF5E as browsers do,
** CP949 is the Unified Hangul Code that WHATWG calls EUC-KR, and GB18030
** is the superset WHATWG decodes both GBK and gb18030 with. */
static const nx_encoding nx_encodings[] = {
    { "UTF-8", NX_K_UTF8, NULL, NULL },
    { "windows-1252", NX_K_SB, nx_sb_windows_1252, NULL },
    { "IBM866", NX_K_SB, nx_sb_ibm866, NULL },
    { "ISO-8859-2", NX_K_SB, nx_sb_iso_8859_2, NULL },
    { "ISO-8859-3", NX_K_SB, nx_sb_iso_8859_3, NULL },
    { "ISO-8859-4", NX_K_SB, nx_sb_iso_8859_4, NULL },
    { "ISO-8859-5", NX_K_SB, nx_sb_iso_8859_5, NULL },
    { "ISO-8859-6", NX_K_SB, nx_sb_iso_8859_6, NULL },
    { "ISO-8859-7", NX_K_SB, nx_sb_iso_8859_7, NULL },
    { "ISO-8859-8", NX_K_SB, nx_sb_iso_8859_8, NULL },
    { "ISO-8859-8-I", NX_K_SB, nx_sb_iso_8859_8, NULL },
    { "ISO-8859-10", NX_K_SB, nx_sb_iso_8859_10, NULL },
    { "ISO-8859-13", NX_K_SB, nx_sb_iso_8859_13, NULL },
    { "ISO-8859-14", NX_K_SB, nx_sb_iso_8859_14, NULL },
    { "ISO-8859-15", NX_K_SB, nx_sb_iso_8859_15, NULL },
    { "ISO-8859-16", NX_K_SB, nx_sb_iso_8859_16, NULL },
    { "KOI8-R", NX_K_SB, nx_sb_koi8_r, NULL },
    { "KOI8-U", NX_K_SB, nx_sb_koi8_u, NULL },
    { "macintosh", NX_K_SB, nx_sb_macintosh, NULL },
    { "windows-874", NX_K_SB, nx_sb_windows_874, NULL },
    { "windows-1250", NX_K_SB, nx_sb_windows_1250, NULL },
    { "windows-1251", NX_K_SB, nx_sb_windows_1251, NULL },
    { "windows-1253", NX_K_SB, nx_sb_windows_1253, NULL },
    { "windows-1254", NX_K_SB, nx_sb_windows_1254, NULL },
    { "windows-1255", NX_K_SB, nx_sb_windows_1255, NULL },
    { "windows-1256", NX_K_SB, nx_sb_windows_1256, NULL },
    { "windows-1257", NX_K_SB, nx_sb_windows_1257, NULL },
    { "windows-1258", NX_K_SB, nx_sb_windows_1258, NULL },
    { "x-mac-cyrillic", NX_K_SB, nx_sb_x_mac_cyrillic, NULL },
    { "GBK", NX_K_ICONV, NULL, "GB18030" },
    { "gb18030", NX_K_ICONV, NULL, "GB18030" },
    { "Big5", NX_K_ICONV, NULL, "BIG5-HKSCS" },
    { "EUC-JP", NX_K_ICONV, NULL, "EUC-JP-MS" },
    { "ISO-2022-JP", NX_K_ICONV, NULL, "ISO-2022-JP" },
    { "Shift_JIS", NX_K_ICONV, NULL, "WINDOWS-31J" },
    { "EUC-KR", NX_K_ICONV, NULL, "CP949" },
    { "replacement", NX_K_REPLACEMENT, NULL, NULL },
    { "UTF-16BE", NX_K_UTF16BE, NULL, NULL },
    { "UTF-16LE", NX_K_UTF16LE, NULL, NULL },
    { "x-user-defined", NX_K_XUSER, NULL, NULL },
};

#define NX_ENC_UTF8 (&nx_encodings[0])
#define NX_ENC_1252 (&nx_encodings[1])

static const nx_encoding *nx_encoding_by_name(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof nx_encodings / sizeof nx_encodings[0]; i++)
        if (strcmp(nx_encodings[i].name, name) == 0)
            return &nx_encodings[i];
    return NULL;
}

/* ==================================================================== */
/* Labels                                                               */
/* ==================================================================== */

static const nx_encoding *nx_charset_find(const char *label, size_t len)
{
    char key[NX_LABEL_MAX + 1];
    size_t i, lo = 0, hi = sizeof nx_labels / sizeof nx_labels[0];
    if (label == NULL)
        return NULL;
    while (len > 0 && nx_is_html_space((unsigned char)label[0])) {
        label++;
        len--;
    }
    while (len > 0 && nx_is_html_space((unsigned char)label[len - 1]))
        len--;
    if (len == 0 || len > NX_LABEL_MAX)
        return NULL;
    for (i = 0; i < len; i++)
        key[i] = (char)nx_ascii_lower((unsigned char)label[i]);
    key[len] = '\0';
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, nx_labels[mid].label);
        if (c == 0)
            return nx_encoding_by_name(nx_labels[mid].name);
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

NX_FUNC const char *nx_charset_lookup(const char *label, size_t len)
{
    const nx_encoding *e = nx_charset_find(label, len);
    return e ? e->name : NULL;
}

/* The charset parameter of a MIME type (RFC 9110 syntax, as WHATWG's MIME
** sniffing parses it): parameters follow the first ';', a value may be a
** quoted-string with backslash escapes.  A label longer than any known one
** cannot match, so the unquoting buffer is small. */
static const nx_encoding *nx_ct_find(const char *ct, size_t len)
{
    size_t i = 0;
    if (ct == NULL)
        return NULL;
    while (i < len && ct[i] != ';')
        i++;
    while (i < len) {
        size_t ns, ne;
        i++;                                    /* past ';' */
        while (i < len && nx_is_html_space((unsigned char)ct[i]))
            i++;
        ns = i;
        while (i < len && ct[i] != '=' && ct[i] != ';')
            i++;
        ne = i;
        while (ne > ns && nx_is_html_space((unsigned char)ct[ne - 1]))
            ne--;
        if (i >= len || ct[i] == ';')
            continue;                           /* parameter without '=' */
        i++;                                    /* past '=' */
        if (i < len && ct[i] == '"') {
            char val[NX_LABEL_MAX + 2];
            size_t vl = 0;
            i++;
            while (i < len && ct[i] != '"') {
                if (ct[i] == '\\' && i + 1 < len)
                    i++;
                if (vl < sizeof val)
                    val[vl++] = ct[i];
                i++;
            }
            if (i < len)
                i++;                            /* closing quote */
            while (i < len && ct[i] != ';')
                i++;
            if (ne - ns == 7 && strncasecmp(ct + ns, "charset", 7) == 0)
                return vl < sizeof val ? nx_charset_find(val, vl) : NULL;
        } else {
            size_t vs = i;
            while (i < len && ct[i] != ';')
                i++;
            if (ne - ns == 7 && strncasecmp(ct + ns, "charset", 7) == 0)
                return nx_charset_find(ct + vs, i - vs);
        }
    }
    return NULL;
}

NX_UNUSED NX_FUNC const char *nx_charset_from_content_type(const char *ct, size_t len)
{
    const nx_encoding *e = nx_ct_find(ct, len);
    return e ? e->name : NULL;
}

/* ==================================================================== */
/* <meta> prescan (WHATWG HTML, "prescan a byte stream to determine its  */
/* encoding"); every step is bounded by `end` and moves forward.         */
/* ==================================================================== */

typedef struct nx_span {
    const char *p;
    size_t n;
} nx_span;

static int nx_span_is(nx_span s, const char *lit)
{
    size_t n = strlen(lit);
    return s.n == n && strncasecmp(s.p, lit, n) == 0;
}

/* "get an attribute": 1 with name/value set, 0 at '>' or end of input.
** Names and values are spans of the input; the spec lower-cases them, our
** comparisons are case-insensitive instead. */
static int nx_prescan_attr(const char **pp, const char *end,
                           nx_span *name, nx_span *value)
{
    const char *p = *pp;
    while (p < end && (nx_is_html_space((unsigned char)*p) || *p == '/'))
        p++;
    if (p >= end || *p == '>') {
        *pp = p;
        return 0;
    }
    name->p = p;
    value->p = p;
    value->n = 0;
    /* The first character is part of the name even if it is '='. */
    p++;
    while (p < end && *p != '=' && *p != '/' && *p != '>'
           && !nx_is_html_space((unsigned char)*p))
        p++;
    name->n = (size_t)(p - name->p);
    while (p < end && nx_is_html_space((unsigned char)*p))
        p++;
    if (p >= end || *p != '=') {
        *pp = p;
        return 1;                        /* attribute without a value */
    }
    p++;
    while (p < end && nx_is_html_space((unsigned char)*p))
        p++;
    if (p < end && (*p == '"' || *p == '\'')) {
        char q = *p++;
        value->p = p;
        while (p < end && *p != q)
            p++;
        if (p >= end) {
            *pp = end;          /* cut off: the caller sees no '>' */
            return 0;
        }
        value->n = (size_t)(p - value->p);
        p++;
    } else {
        value->p = p;
        while (p < end && *p != '>' && !nx_is_html_space((unsigned char)*p))
            p++;
        value->n = (size_t)(p - value->p);
    }
    *pp = p;
    return 1;
}

/* "extracting a character encoding from a meta element" (content=). */
static const nx_encoding *nx_meta_content_charset(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        while (i + 7 <= n && strncasecmp(s + i, "charset", 7) != 0)
            i++;
        if (i + 7 > n)
            return NULL;
        i += 7;
        while (i < n && nx_is_html_space((unsigned char)s[i]))
            i++;
        if (i < n && s[i] == '=')
            break;
    }
    i++;
    while (i < n && nx_is_html_space((unsigned char)s[i]))
        i++;
    if (i < n && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i];
        size_t j = i + 1;
        while (j < n && s[j] != q)
            j++;
        return j < n ? nx_charset_find(s + i + 1, j - i - 1) : NULL;
    } else {
        size_t j = i;
        while (j < n && s[j] != ';' && !nx_is_html_space((unsigned char)s[j]))
            j++;
        return nx_charset_find(s + i, j - i);
    }
}

/* The spec stops after 1024 bytes; real news pages often put kilobytes of
** scripts and inline CSS before their <meta>, so we go on to 64 KiB.  The
** first declaration found wins either way, so scanning the longer prefix
** in one go gives what "1024 first, then the rest" would. */
#define NX_PRESCAN_MAX ((size_t)64 << 10)

static const nx_encoding *nx_prescan_find(const char *s, size_t len)
{
    const char *p = s, *end = s + (len < NX_PRESCAN_MAX ? len : NX_PRESCAN_MAX);
    nx_span name, value;
    while (p < end) {
        size_t left = (size_t)(end - p);
        if (*p != '<') {
            const char *lt = (const char *)memchr(p, '<', left);
            p = lt ? lt : end;
            continue;
        }
        if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
            /* Ends at a '>' preceded by "--", which may overlap "<!--". */
            const char *q = p + 4;
            while (q < end && !(*q == '>' && q[-1] == '-' && q[-2] == '-'))
                q++;
            p = q < end ? q + 1 : end;
        } else if (left >= 6 && strncasecmp(p, "<meta", 5) == 0
                   && (nx_is_html_space((unsigned char)p[5]) || p[5] == '/')) {
            unsigned seen = 0;  /* 1 http-equiv, 2 content, 4 charset */
            int got_pragma = 0, need_pragma = -1;  /* -1: null */
            const nx_encoding *cs = NULL;
            p += 6;
            while (nx_prescan_attr(&p, end, &name, &value)) {
                if (nx_span_is(name, "http-equiv") && !(seen & 1)) {
                    seen |= 1;
                    if (nx_span_is(value, "content-type"))
                        got_pragma = 1;
                } else if (nx_span_is(name, "content") && !(seen & 2)) {
                    seen |= 2;
                    if (cs == NULL) {
                        cs = nx_meta_content_charset(value.p, value.n);
                        if (cs != NULL)
                            need_pragma = 1;
                    }
                } else if (nx_span_is(name, "charset") && !(seen & 4)) {
                    seen |= 4;
                    cs = nx_charset_find(value.p, value.n);
                    need_pragma = 0;
                }
            }
            if (p >= end)
                break;          /* the input ends inside the tag */
            if (need_pragma == -1 || (need_pragma == 1 && !got_pragma)
                || cs == NULL)
                continue;
            /* A byte stream that parsed as ASCII cannot be UTF-16. */
            if (cs->kind == NX_K_UTF16LE || cs->kind == NX_K_UTF16BE)
                return NX_ENC_UTF8;
            if (cs->kind == NX_K_XUSER)
                return NX_ENC_1252;
            return cs;
        } else if (left >= 2 && (((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z')
                   || (left >= 3 && p[1] == '/'
                       && (p[2] | 0x20) >= 'a' && (p[2] | 0x20) <= 'z'))) {
            /* Another tag: skip its name, then its attributes, so a '<' or
            ** a "charset" inside an attribute value is not misread. */
            while (p < end && *p != '>' && !nx_is_html_space((unsigned char)*p))
                p++;
            while (nx_prescan_attr(&p, end, &name, &value))
                ;
        } else if (left >= 2 && (p[1] == '!' || p[1] == '/' || p[1] == '?')) {
            const char *gt = (const char *)memchr(p, '>', left);
            p = gt ? gt + 1 : end;
        } else {
            p++;
        }
    }
    return NULL;
}

NX_UNUSED NX_FUNC const char *nx_charset_prescan(const char *s, size_t len)
{
    const nx_encoding *e = s ? nx_prescan_find(s, len) : NULL;
    return e ? e->name : NULL;
}

/* ==================================================================== */
/* UTF-8                                                                */
/* ==================================================================== */

#define NX_ONES  UINT64_C(0x0101010101010101)
#define NX_HIGHS UINT64_C(0x8080808080808080)

static uint64_t nx_load64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* Length of the run from s that is plain ASCII without NUL.  Eight bytes
** at a time: this loop is what every ordinary page spends its time in. */
static inline size_t nx_ascii_run(const unsigned char *s, size_t len)
{
    size_t i = 0;
    if (len == 0 || s[0] - 1u >= 0x7Fu)
        return 0;               /* garbage input: high bytes back to back */
    while (i + 8 <= len) {
        uint64_t v = nx_load64(s + i);
        if ((v | ((v - NX_ONES) & ~v)) & NX_HIGHS)
            break;                  /* a high bit, or a zero byte */
        i += 8;
    }
    while (i < len && s[i] != 0 && s[i] < 0x80)
        i++;
    return i;
}

/* Length of the well-formed UTF-8 sequence at s[0] (a byte >= 0x80), or 0
** if ill-formed; *bad is then the length of its maximal subpart (Unicode
** 3.9, "U+FFFD substitution of maximal subparts", which WHATWG follows). */
static size_t nx_utf8_seq(const unsigned char *s, size_t len, size_t *bad)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    size_t need, k;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;              /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;              /* nothing above U+10FFFF */
    } else {
        *bad = 1;
        return 0;
    }
    for (k = 1; k <= need; k++) {
        unsigned b;
        if (k >= len) {
            *bad = k;
            return 0;
        }
        b = s[k];
        if (b < lo || b > hi) {
            *bad = k;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need + 1;
}

typedef struct nx_utf8_stats {
    size_t multi;    /* well-formed multi-byte sequences */
    size_t invalid;  /* ill-formed subparts */
} nx_utf8_stats;

static void nx_utf8_scan(const char *in, size_t len, nx_utf8_stats *st)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0;
    st->multi = st->invalid = 0;
    while (i < len) {
        size_t n, bad;
        i += nx_ascii_run(s + i, len - i);
        if (i >= len)
            break;
        if (s[i] == 0) {
            i++;
            continue;
        }
        n = nx_utf8_seq(s + i, len - i, &bad);
        if (n) {
            st->multi++;
            i += n;
        } else {
            st->invalid++;
            i += bad;
        }
    }
}

/* Is this UTF-8, whatever was declared?  Windows-1252 text is valid UTF-8
** only if every high byte is a lead in C2..F4 (mostly capital accented
** letters Â..ß, à..ô) followed by exactly the right number of bytes in
** 80..BF (C1 punctuation, NBSP, symbols ¡..¿).  Real prose puts lower-case
** letters or ASCII after its accented letters, so a legacy page passes
** only if it has almost no high bytes; a mojibake pair like "Ã©" is the
** classic sign of UTF-8 read as Latin-1.  So: all valid and at least one
** multi-byte sequence; or, for pages with a few stray legacy bytes pasted
** into UTF-8, many valid sequences and under 1 in 32 invalid. */
static int nx_utf8_plausible(const nx_utf8_stats *st)
{
    if (st->invalid == 0)
        return st->multi > 0;
    return st->multi >= 8 && st->invalid * 32 <= st->multi;
}

/* Append bytes that are valid UTF-8 apart from possible NULs. */
static void nx_add_nonul(nx_buf *out, const char *s, size_t n)
{
    static const char fffd[3] = { '\xEF', '\xBF', '\xBD' };
    while (n > 0) {
        const char *z = (const char *)memchr(s, 0, n);
        size_t k = z ? (size_t)(z - s) : n;
        nx_buf_add(out, s, k);
        if (!z)
            break;
        nx_buf_add(out, fffd, 3);
        s += k + 1;
        n -= k + 1;
    }
}

static void nx_add_fffd(nx_buf *out)
{
    nx_buf_add(out, "\xEF\xBF\xBD", 3);
}

static void nx_decode_utf8(const char *in, size_t len, nx_buf *out,
                           size_t *replaced)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, run = 0;      /* s[run..i) is valid, not yet copied */
    nx_buf_reserve(out, len);
    while (i < len) {
        size_t n, bad;
        i += nx_ascii_run(s + i, len - i);
        if (i >= len)
            break;
        if (s[i] != 0) {
            n = nx_utf8_seq(s + i, len - i, &bad);
            if (n) {
                i += n;
                continue;
            }
            ++*replaced;
        } else {
            bad = 1;            /* NUL: replaced, but not undecodable */
        }
        nx_buf_add(out, s + run, i - run);
        nx_add_fffd(out);
        i += bad;
        run = i;
    }
    nx_buf_add(out, s + run, len - run);
}

/* ==================================================================== */
/* UTF-16, single-byte tables, x-user-defined                           */
/* ==================================================================== */

static void nx_decode_utf16(const char *in, size_t len, int be, nx_buf *out,
                            size_t *replaced)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0;
    nx_buf_reserve(out, len + len / 2);
    while (i + 1 < len) {
        uint32_t u = be ? (uint32_t)s[i] << 8 | s[i + 1]
                        : (uint32_t)s[i + 1] << 8 | s[i];
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
            uint32_t v = be ? (uint32_t)s[i] << 8 | s[i + 1]
                            : (uint32_t)s[i + 1] << 8 | s[i];
            if (v >= 0xDC00 && v <= 0xDFFF) {
                nx_buf_add_utf8(out, 0x10000 + ((u - 0xD800) << 10)
                                     + (v - 0xDC00));
                i += 2;
                continue;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF)
            ++*replaced;        /* a lone surrogate: the next unit stays */
        if (u == 0)
            u = 0xFFFD;
        nx_buf_add_utf8(out, u);    /* surrogates come out as U+FFFD */
    }
    if (i < len) {              /* an odd byte at the end */
        ++*replaced;
        nx_add_fffd(out);
    }
}

/* table == NULL: x-user-defined (high bytes to U+F780..U+F7FF).  High
** bytes are encoded into a small local block first: one nx_buf_add per
** byte would cost more than the table lookup. */
static void nx_decode_sb(const char *in, size_t len, const uint16_t *table,
                         nx_buf *out, size_t *replaced)
{
    const unsigned char *s = (const unsigned char *)in;
    unsigned char tmp[1024];
    size_t i = 0, t = 0;
    nx_buf_reserve(out, len + len / 2);
    while (i < len) {
        size_t n = nx_ascii_run(s + i, len - i);
        uint32_t cp;
        if (n > 0) {
            if (n <= 64) {      /* short runs: between high bytes */
                /* leave room for the 3 bytes of the high byte after it */
                if (t + n > sizeof tmp - 3) {
                    nx_buf_add(out, tmp, t);
                    t = 0;
                }
                memcpy(tmp + t, s + i, n);
                t += n;
            } else {
                nx_buf_add(out, tmp, t);
                t = 0;
                nx_buf_add(out, s + i, n);
            }
            i += n;
            if (i >= len)
                break;
        }
        if (s[i] == 0) {
            cp = 0xFFFD;
        } else if (table == NULL) {
            cp = 0xF780u + s[i] - 0x80u;
        } else if ((cp = table[s[i] - 0x80]) == 0) {
            ++*replaced;
            cp = 0xFFFD;
        }
        i++;
        if (cp < 0x800) {       /* every table entry is in the BMP */
            tmp[t++] = (unsigned char)(0xC0 | cp >> 6);
            tmp[t++] = (unsigned char)(0x80 | (cp & 0x3F));
        } else {
            tmp[t++] = (unsigned char)(0xE0 | cp >> 12);
            tmp[t++] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
            tmp[t++] = (unsigned char)(0x80 | (cp & 0x3F));
        }
        if (t > sizeof tmp - 3) {
            nx_buf_add(out, tmp, t);
            t = 0;
        }
    }
    nx_buf_add(out, tmp, t);
}

/* ==================================================================== */
/* iconv                                                                */
/* ==================================================================== */

/* NX_EINPUT if glibc cannot open the converter (the caller falls back to
** windows-1252); allocation failures set out->oom. */
static int nx_decode_iconv(const char *in, size_t len, const nx_encoding *e,
                           nx_buf *out, size_t *replaced)
{
    char chunk[8192];
    char *ip = (char *)(uintptr_t)in;   /* iconv's prototype is not const */
    size_t il = len;
    iconv_t cd = iconv_open("UTF-8", e->iconv);
    if (cd == (iconv_t)-1) {
        if (errno != ENOMEM)
            return NX_EINPUT;
        out->oom = 1;
        return NX_ENOMEM;
    }
    nx_buf_reserve(out, len + len / 2);
    for (;;) {
        char *op = chunk;
        size_t ol = sizeof chunk;
        size_t r = il ? iconv(cd, &ip, &il, &op, &ol)
                      : iconv(cd, NULL, NULL, &op, &ol);
        int err = r == (size_t)-1 ? errno : 0;
        nx_add_nonul(out, chunk, (size_t)(op - chunk));
        if (out->oom)
            break;
        if (err == E2BIG)
            continue;
        if (err == EILSEQ && il > 0) {
            /* gb18030 has a single-byte euro sign that glibc lacks. */
            if (*ip == '\x80' && strcmp(e->iconv, "GB18030") == 0) {
                nx_buf_add_utf8(out, 0x20AC);
            } else {
                ++*replaced;
                nx_add_fffd(out);
            }
            ip++;
            il--;
            continue;
        }
        if (err == EINVAL && il > 0) {
            /* Only the tail of the input is left: one incomplete
            ** character, one U+FFFD. */
            ++*replaced;
            nx_add_fffd(out);
            il = 0;
            continue;
        }
        if (err != 0 && il > 0) {       /* cannot happen; never loop */
            ++*replaced;
            nx_add_fffd(out);
            ip++;
            il--;
            continue;
        }
        if (il == 0 && r != (size_t)-1 && op == chunk)
            break;              /* input done and state flushed */
    }
    iconv_close(cd);
    return NX_OK;
}

/* ==================================================================== */
/* Sniffing                                                             */
/* ==================================================================== */

/* UTF-16 without a BOM: markup is mostly ASCII, so every other byte is 0. */
static const nx_encoding *nx_sniff_utf16(const unsigned char *s, size_t len)
{
    size_t n = len < 4096 ? len : 4096, i, le = 0, be = 0, pairs = n / 2;
    if (pairs < 2)
        return NULL;
    for (i = 0; i + 1 < n; i += 2) {
        if (s[i] != 0 && s[i + 1] == 0)
            le++;
        else if (s[i] == 0 && s[i + 1] != 0)
            be++;
    }
    if (le * 10 >= pairs * 3 && be * 8 <= le)
        return nx_encoding_by_name("UTF-16LE");
    if (be * 10 >= pairs * 3 && le * 8 <= be)
        return nx_encoding_by_name("UTF-16BE");
    return NULL;
}

enum { NX_CJK_SJIS, NX_CJK_EUCJP, NX_CJK_GBK, NX_CJK_BIG5, NX_CJK_EUCKR,
       NX_CJK_N };

static int nx_in_set(const uint16_t *set, size_t n, unsigned code)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set[mid] == code)
            return 1;
        if (set[mid] < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Length of the character at s[0] (>= 0x80) in candidate `which`, 0 if
** ill-formed (the grammars of the WHATWG decoders). */
static size_t nx_cjk_len(int which, const unsigned char *s, size_t len)
{
    unsigned a = s[0], b = len > 1 ? s[1] : 0;
    if (len < 2 && !(which == NX_CJK_SJIS && a >= 0xA1 && a <= 0xDF))
        return 0;
    switch (which) {
    case NX_CJK_SJIS:
        if (a >= 0xA1 && a <= 0xDF)
            return 1;           /* half-width katakana */
        if (((a >= 0x81 && a <= 0x9F) || (a >= 0xE0 && a <= 0xFC))
            && ((b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFC)))
            return 2;
        return 0;
    case NX_CJK_EUCJP:
        if (a == 0x8E)
            return b >= 0xA1 && b <= 0xDF ? 2 : 0;
        if (a == 0x8F)
            return len > 2 && b >= 0xA1 && b <= 0xFE
                   && s[2] >= 0xA1 && s[2] <= 0xFE ? 3 : 0;
        return a >= 0xA1 && a <= 0xFE && b >= 0xA1 && b <= 0xFE ? 2 : 0;
    case NX_CJK_GBK:
        if (a < 0x81 || a > 0xFE)
            return 0;
        if (b >= 0x30 && b <= 0x39)
            return len > 3 && s[2] >= 0x81 && s[2] <= 0xFE
                   && s[3] >= 0x30 && s[3] <= 0x39 ? 4 : 0;
        return (b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFE) ? 2 : 0;
    case NX_CJK_BIG5:
        return a >= 0x81 && a <= 0xFE
               && ((b >= 0x40 && b <= 0x7E) || (b >= 0xA1 && b <= 0xFE))
               ? 2 : 0;
    default:                    /* EUC-KR, i.e. Unified Hangul Code */
        return a >= 0x81 && a <= 0xFE
               && ((b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                   || (b >= 0x81 && b <= 0xFE)) ? 2 : 0;
    }
}

/* Beyond this much input the verdict does not change; sniffing stays
** cheap on huge inputs. */
#define NX_SNIFF_MAX ((size_t)1 << 20)

/* A page that is neither UTF-8 nor UTF-16: windows-1252 or one of the CJK
** multi-byte encodings.  Each candidate reads the high bytes with its own
** grammar; it counts ill-formed sequences and hits in a short list of the
** characters most frequent in its language (nx_cjk_common_*).  Western
** text read as, say, GBK forms valid-looking pairs (é + letter) but
** almost never frequent Chinese characters, and one CJK encoding read as
** another mostly hits rare characters or errors.  A candidate must be
** nearly error-free with at least 1 in 5 characters frequent. */
static const nx_encoding *nx_sniff_legacy(const unsigned char *s, size_t len)
{
    static const char *const names[NX_CJK_N] = {
        "Shift_JIS", "EUC-JP", "GBK", "Big5", "EUC-KR"
    };
    static const struct { const uint16_t *set; size_t n; } sets[NX_CJK_N] = {
        { nx_cjk_common_sjis, sizeof nx_cjk_common_sjis / 2 },
        { nx_cjk_common_eucjp, sizeof nx_cjk_common_eucjp / 2 },
        { nx_cjk_common_gbk, sizeof nx_cjk_common_gbk / 2 },
        { nx_cjk_common_big5, sizeof nx_cjk_common_big5 / 2 },
        { nx_cjk_common_euckr, sizeof nx_cjk_common_euckr / 2 },
    };
    int w, best = -1;
    long best_score = 0;
    if (len > NX_SNIFF_MAX)
        len = NX_SNIFF_MAX;
    for (w = 0; w < NX_CJK_N; w++) {
        size_t i = 0, chars = 0, common = 0, invalid = 0;
        long score;
        while (i < len) {
            size_t n;
            if (s[i] < 0x80) {
                i++;
                continue;
            }
            n = nx_cjk_len(w, s + i, len - i);
            if (n == 0) {
                invalid++;
                i++;
                continue;
            }
            chars++;
            if (n == 2 && nx_in_set(sets[w].set, sets[w].n,
                                    (unsigned)s[i] << 8 | s[i + 1]))
                common++;
            i += n;
        }
        if (common < 2 || common * 5 < chars || invalid * 20 > chars)
            continue;
        score = (long)common - 4 * (long)invalid;
        if (best < 0 || score > best_score) {
            best = w;
            best_score = score;
        }
    }
    return best < 0 ? NX_ENC_1252 : nx_encoding_by_name(names[best]);
}

/* ==================================================================== */
/* nx_decode                                                            */
/* ==================================================================== */

static int nx_is_ascii_compatible(const nx_encoding *e)
{
    return e->kind != NX_K_UTF16LE && e->kind != NX_K_UTF16BE
           && e->kind != NX_K_REPLACEMENT;
}

/* NX_EINPUT: iconv cannot convert from e on this system. */
static int nx_decode_as(const nx_encoding *e, const char *in, size_t len,
                        nx_buf *out, size_t *replaced)
{
    switch (e->kind) {
    case NX_K_UTF8:
        nx_decode_utf8(in, len, out, replaced);
        return NX_OK;
    case NX_K_UTF16LE:
    case NX_K_UTF16BE:
        nx_decode_utf16(in, len, e->kind == NX_K_UTF16BE, out, replaced);
        return NX_OK;
    case NX_K_SB:
        nx_decode_sb(in, len, e->table, out, replaced);
        return NX_OK;
    case NX_K_XUSER:
        nx_decode_sb(in, len, NULL, out, replaced);
        return NX_OK;
    case NX_K_ICONV:
        return nx_decode_iconv(in, len, e, out, replaced);
    default:                    /* replacement: never chosen by nx_decode */
        ++*replaced;
        nx_add_fffd(out);
        return NX_OK;
    }
}

/* Decode `in` to UTF-8 into `out` (appended; valid UTF-8, no BOM, no NUL,
** NUL-terminated).  content_type and override may be NULL.  Two choices
** differ from a browser, for an extractor's sake:
**  - A legacy encoding declared by HTTP or <meta> gives way to UTF-8 when
**    the bytes are plausibly UTF-8 (nx_utf8_plausible); and UTF-8 declared
**    there gives way to sniffing when the bytes hold not one valid
**    multi-byte sequence but some invalid ones (a Latin-1 page labelled
**    utf-8), or when they are mostly invalid and a CJK encoding fits
**    (templates that print "utf-8" over GBK or Shift_JIS content).
**    info->source is then "sniff".
**  - A label for the "replacement" encoding (iso-2022-kr, hz-gb-2312 ...),
**    which a browser renders as a single U+FFFD, is ignored like an
**    unknown label, and so is an HTTP "utf-16" on bytes without the NULs
**    every UTF-16 page has.
** Returns NX_OK, or NX_ENOMEM (out->oom set; info still filled). */
/* The encoding of the input, and where that answer came from; steps past
** a BOM (in and len are updated). */
/* Phase 1: a byte order mark decides, and is not part of the text. */
static const nx_encoding *nx_pick_bom(const char **pin, size_t *plen)
{
    const unsigned char *s = (const unsigned char *)*pin;
    size_t len = *plen, skip = 0;
    const nx_encoding *e = NULL;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        e = NX_ENC_UTF8;
        skip = 3;
    } else if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        e = nx_encoding_by_name("UTF-16LE");
        skip = 2;
    } else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        e = nx_encoding_by_name("UTF-16BE");
        skip = 2;
    }
    if (skip > 0) {
        *pin += skip;
        *plen -= skip;
    }
    return e;
}

/* Phase 2: what the caller, the HTTP header and the page's <meta> say, in
** that order.  "replacement" (a label meant to refuse decoding) counts as
** nothing said: the bytes are then sniffed, never thrown away. */
static const nx_encoding *nx_pick_declared(const char *in, size_t len,
                                           const char *content_type,
                                           const char *override,
                                           const char **psource)
{
    const nx_encoding *e = NULL;
    if (override != NULL) {
        e = nx_charset_find(override, strlen(override));
        *psource = "override";
    }
    if ((e == NULL || e->kind == NX_K_REPLACEMENT) && content_type != NULL) {
        e = nx_ct_find(content_type, strlen(content_type));
        if (e != NULL && !nx_is_ascii_compatible(e) && len >= 2
            && memchr(in, 0, len < 1024 ? len : 1024) == NULL)
            e = NULL;           /* "utf-16" on bytes without any NUL */
        *psource = "http";
    }
    if (e == NULL || e->kind == NX_K_REPLACEMENT) {
        e = nx_prescan_find(in, len);
        *psource = "meta";
    }
    return (e != NULL && e->kind == NX_K_REPLACEMENT) ? NULL : e;
}

/* Phase 3: a header or <meta> label is checked against the bytes, since
** servers and templates often state the wrong one (an override or a BOM
** is trusted).  Returns the encoding to use; may set *psource "sniff". */
static const nx_encoding *nx_pick_verify(const nx_encoding *e, const char *in,
                                         size_t len, const char **psource)
{
    const unsigned char *s = (const unsigned char *)in;
    nx_utf8_stats st;
    if (!nx_is_ascii_compatible(e) ||
        (strcmp(*psource, "http") != 0 && strcmp(*psource, "meta") != 0))
        return e;
    nx_utf8_scan(in, len, &st);
    if (e->kind != NX_K_UTF8 && nx_utf8_plausible(&st)) {
        *psource = "sniff";
        return NX_ENC_UTF8;
    }
    if (e->kind == NX_K_UTF8 && st.invalid > 0 && st.multi == 0) {
        *psource = "sniff";
        return nx_sniff_legacy(s, len);
    }
    if (e->kind == NX_K_UTF8 && st.invalid >= 16 && st.invalid >= 2 * st.multi) {
        /* Mostly broken as UTF-8: CJK bytes form some valid UTF-8
        ** pairs by chance, about one per four to seven broken ones.
        ** Switch only if a CJK encoding fits; a mere windows-1252
        ** would turn the valid part into mojibake. */
        const nx_encoding *cjk = nx_sniff_legacy(s, len);
        if (cjk != NX_ENC_1252) {
            *psource = "sniff";
            return cjk;
        }
    }
    return e;
}

/* Phase 4: nothing said: UTF-16 by its NUL pattern, UTF-8 if it decodes,
** a legacy encoding by byte statistics, else windows-1252 ("default"). */
static const nx_encoding *nx_pick_sniff(const char *in, size_t len,
                                        const char **psource)
{
    const unsigned char *s = (const unsigned char *)in;
    const nx_encoding *e;
    nx_utf8_stats st;
    *psource = "sniff";
    if ((e = nx_sniff_utf16(s, len)) == NULL) {
        nx_utf8_scan(in, len, &st);
        if (nx_utf8_plausible(&st))
            e = NX_ENC_UTF8;
        else if (st.invalid > 0)
            e = nx_sniff_legacy(s, len);
    }
    if (e == NULL || e == NX_ENC_1252) {
        e = NX_ENC_1252;
        *psource = "default";
    }
    return e;
}

/* Which encoding, and from where (*psource); *pin and *plen move past a
** BOM.  The four phases in order, each only if the ones before found
** nothing (the WHATWG order, see the top of this file). */
static const nx_encoding *nx_pick(const char **pin, size_t *plen,
                                  const char *content_type,
                                  const char *override, const char **psource)
{
    const nx_encoding *e;
    if (*pin == NULL)
        *plen = 0;
    if ((e = nx_pick_bom(pin, plen)) != NULL) {
        *psource = "bom";
        return e;
    }
    e = nx_pick_declared(*pin, *plen, content_type, override, psource);
    if (e != NULL)
        return nx_pick_verify(e, *pin, *plen, psource);
    return nx_pick_sniff(*pin, *plen, psource);
}

NX_FUNC int nx_decode(const char *in, size_t len, const char *content_type,
                      const char *override, nx_buf *out, nx_charset_info *info)
{
    const char *source;
    size_t replaced = 0;
    const nx_encoding *e = nx_pick(&in, &len, content_type, override, &source);

    if (nx_decode_as(e, in, len, out, &replaced) == NX_EINPUT) {
        /* glibc without this converter (a trimmed gconv install): keep
        ** the text readable rather than fail. */
        e = NX_ENC_1252;
        nx_decode_as(e, in, len, out, &replaced);
    }
    /* An empty input must still leave a NUL-terminated buffer. */
    if (nx_buf_reserve(out, 0))
        out->data[out->len] = '\0';
    info->name = e->name;
    info->source = source;
    info->replaced = replaced;
    return out->oom ? NX_ENOMEM : NX_OK;
}

/* 1 when decoding `in` as `e` gives back the same bytes: valid UTF-8 read
** as UTF-8, or pure ASCII read by a single-byte encoding; and no NUL. */
static int nx_decode_is_identity(const nx_encoding *e, const char *in, size_t len)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, bad;
    int ascii = 1;
    if (e->kind != NX_K_UTF8 && e->kind != NX_K_SB)
        return 0;
    while (i < len) {
        size_t n;
        i += nx_ascii_run(s + i, len - i);
        if (i >= len)
            break;
        if (s[i] == 0)
            return 0;
        if (s[i] < 0x80) {          /* nx_ascii_run stops early on some */
            i++;
            continue;
        }
        ascii = 0;
        if (e->kind != NX_K_UTF8)
            return 0;
        n = nx_utf8_seq(s + i, len - i, &bad);
        if (n == 0)
            return 0;
        i += n;
    }
    return e->kind == NX_K_UTF8 || ascii;
}

/*
** nx_decode without the copy when it would copy: most pages are valid
** UTF-8 (or ASCII), and then *view points into `in` itself (past a BOM)
** and `out` is untouched.  Otherwise `out` holds the decoded bytes and
** *view points at them.  Same charset info as nx_decode.
*/
NX_FUNC int nx_decode_view(const char *in, size_t len, const char *content_type,
                           const char *override, nx_buf *out,
                           nx_charset_info *info, const char **view,
                           size_t *view_len)
{
    const char *at = in, *source;
    size_t n = in ? len : 0;
    const nx_encoding *e = nx_pick(&at, &n, content_type, override, &source);
    int rc;
    if (nx_decode_is_identity(e, at, n)) {
        info->name = e->name;
        info->source = source;
        info->replaced = 0;
        *view = n ? at : "";
        *view_len = n;
        return NX_OK;
    }
    rc = nx_decode(in, len, content_type, override, out, info);
    *view = out->data ? out->data : "";
    *view_len = out->len;
    return rc;
}
