/* SPDX-License-Identifier: MIT */
/* test_charset.c: labels, Content-Type, <meta> prescan, sniffing and
** decoding of nx_charset.c, and the proof that libxml2 sees all the text. */
#include "nx_test.h"
#include "nx_charset.h"

#include <stdio.h>

/* ---- helpers ---------------------------------------------------------- */

typedef struct decoded {
    char *s;
    size_t len;
    nx_charset_info info;
} decoded;

/* The input is copied into a heap block of exactly len bytes, so that a
** read past len is caught by valgrind and ASan. */
static decoded dec(const char *in, size_t len, const char *ct, const char *ov)
{
    decoded d;
    nx_buf b;
    char *copy = NULL;
    nx_buf_init(&b);
    memset(&d, 0, sizeof d);
    if (in != NULL) {
        copy = malloc(len ? len : 1);
        assert_non_null(copy);
        memcpy(copy, in, len);
    }
    assert_int_equal(nx_decode(copy, len, ct, ov, &b, &d.info), NX_OK);
    free(copy);
    d.s = nx_buf_steal(&b, &d.len);
    assert_non_null(d.s);
    assert_int_equal(d.s[d.len], '\0');
    return d;
}

#define DEC(lit, ct, ov) dec((lit), sizeof(lit) - 1, (ct), (ov))

/* Strict UTF-8 check written independently of the decoder: shortest form,
** no surrogates, nothing above U+10FFFF; also no NUL and no BOM. */
static int valid_utf8(const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t i = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return 0;
    while (i < n) {
        unsigned c = s[i], k, need;
        uint32_t cp;
        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC0 && c < 0xE0) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c < 0xF0) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c < 0xF8) {
            need = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + need >= n)
            return 0;
        for (k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800)
            || (need == 3 && cp < 0x10000) || cp > 0x10FFFF
            || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += need + 1;
    }
    return 1;
}

static void check_utf8(const decoded *d)
{
    assert_true(valid_utf8(d->s, d->len));
    assert_int_equal(strlen(d->s), d->len);
}

/* Parse the decoder's output the way nx_core does and return the text of
** the whole document (caller frees). */
static char *parse_text(const decoded *d)
{
    htmlDocPtr doc = htmlReadMemory(d->s, (int)d->len, NULL, "UTF-8",
        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
        | HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
    xmlChar *t;
    char *r;
    assert_non_null(doc);
    t = xmlNodeGetContent(xmlDocGetRootElement(doc));
    assert_non_null(t);
    r = strdup((const char *)t);
    xmlFree(t);
    xmlFreeDoc(doc);
    return r;
}

/* ---- labels ----------------------------------------------------------- */

static void test_labels(void **state)
{
    static const struct { const char *label; const char *name; } cases[] = {
        { "utf-8", "UTF-8" }, { "UTF8", "UTF-8" },
        { "unicode-1-1-utf-8", "UTF-8" }, { "  utf-8\t\n", "UTF-8" },
        { "latin1", "windows-1252" }, { "ascii", "windows-1252" },
        { "ISO-8859-1", "windows-1252" }, { "us-ascii", "windows-1252" },
        { "iso_8859-1:1987", "windows-1252" }, { "cp1252", "windows-1252" },
        { "x-sjis", "Shift_JIS" }, { "Shift_JIS", "Shift_JIS" },
        { "windows-31j", "Shift_JIS" }, { "ms932", "Shift_JIS" },
        { "gb2312", "GBK" }, { "GBK", "GBK" }, { "gb18030", "gb18030" },
        { "ks_c_5601-1987", "EUC-KR" }, { "euc-kr", "EUC-KR" },
        { "euc-jp", "EUC-JP" }, { "big5-hkscs", "Big5" },
        { "iso-8859-9", "windows-1254" }, { "tis-620", "windows-874" },
        { "koi8-ru", "KOI8-U" }, { "iso-8859-15", "ISO-8859-15" },
        { "utf-16", "UTF-16LE" }, { "utf-16be", "UTF-16BE" },
        { "iso-2022-kr", "replacement" }, { "x-user-defined", "x-user-defined" },
        { "\f ISO-8859-2 \r", "ISO-8859-2" },
    };
    static const char *const unknown[] = {
        "", "   ", "utf-7", "utf 8", "utf-8x", "latin-1", "iso-8859-11x",
        "x-unicode20utf8 trailing", "a-label-much-longer-than-any-known-one",
        "utf\0" "8",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = nx_charset_lookup(cases[i].label,
                                            strlen(cases[i].label));
        if (got == NULL || strcmp(got, cases[i].name) != 0)
            fail_msg("label \"%s\": got %s, want %s", cases[i].label,
                     got ? got : "NULL", cases[i].name);
    }
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        assert_null(nx_charset_lookup(unknown[i], strlen(unknown[i])));
    /* The NUL inside: the length is what counts, not strlen. */
    assert_null(nx_charset_lookup("utf\0" "8", 4));
    /* Only the first len bytes are read. */
    assert_string_equal(nx_charset_lookup("utf-8xyz", 5), "UTF-8");
    assert_null(nx_charset_lookup(NULL, 3));
}

/* ---- Content-Type ----------------------------------------------------- */

static void test_content_type(void **state)
{
    static const struct { const char *ct; const char *name; } cases[] = {
        { "text/html; charset=utf-8", "UTF-8" },
        { "text/html;charset=ISO-8859-1", "windows-1252" },
        { "text/html; charset=\"latin1\"", "windows-1252" },
        { "text/html ; Charset = 'x' ", NULL },
        { "text/html; CHARSET=Shift_JIS; foo=bar", "Shift_JIS" },
        { "text/html; foo=\"a;charset=utf-8\"; charset=gbk", "GBK" },
        { "text/html; foo=bar; charset=\"euc\\-kr\"", "EUC-KR" },
        { "text/html; xcharset=utf-8", NULL },
        { "text/html; charset=", NULL },
        { "text/html; charset", NULL },
        { "text/html", NULL },
        { "", NULL },
        { "text/html; charset=bogus", NULL },
        { "text/html; charset=\"utf-8", "UTF-8" },
        { "charset=utf-8", NULL },
        { "text/html;;; charset = utf-8 ", "UTF-8" },
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = nx_charset_from_content_type(cases[i].ct,
                                                       strlen(cases[i].ct));
        if ((got == NULL) != (cases[i].name == NULL)
            || (got && strcmp(got, cases[i].name) != 0))
            fail_msg("content type \"%s\": got %s, want %s", cases[i].ct,
                     got ? got : "NULL", cases[i].name ? cases[i].name : "NULL");
    }
    assert_null(nx_charset_from_content_type(NULL, 0));
}

/* ---- prescan ---------------------------------------------------------- */

static void test_prescan(void **state)
{
    static const struct { const char *html; const char *name; } cases[] = {
        { "<meta charset=utf-8>", "UTF-8" },
        { "<META CHARSET='ISO-8859-2'>", "ISO-8859-2" },
        { "<meta charset=\"shift_jis\"/>", "Shift_JIS" },
        { "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">", "GBK" },
        { "<meta content=\"text/html; charset=euc-kr\" http-equiv=content-type>", "EUC-KR" },
        /* content= without the http-equiv pragma does not count */
        { "<meta content=\"text/html; charset=euc-kr\">", NULL },
        { "<meta name=x content=\"charset=euc-kr\"><meta charset=big5>", "Big5" },
        { "<!-- <meta charset=koi8-r> --><meta charset=iso-8859-5>", "ISO-8859-5" },
        { "<!--> <meta charset=koi8-r>", "KOI8-R" },
        { "<!-- if a > b: <meta charset=koi8-r> --><meta charset=gbk>", "GBK" },
        { "<!-- unterminated <meta charset=koi8-r>", NULL },
        { "<meta charset=utf-16>", "UTF-8" },
        { "<meta charset=utf-16be>", "UTF-8" },
        { "<meta charset=x-user-defined>", "windows-1252" },
        { "<meta charset=bogus><meta charset=euc-jp>", "EUC-JP" },
        { "<div title='<meta charset=koi8-r>'><meta charset=gbk>", "GBK" },
        { "<meta charset=euc-jp charset=big5>", "EUC-JP" },
        { "<meta http-equiv=content-type content='charset=\"big5\"'>", "Big5" },
        { "<meta http-equiv=content-type content='charset=\"big5'>", NULL },
        { "<metacharset=utf-8>", NULL },
        { "<meta/charset=windows-1251>", "windows-1251" },
        { "<?xml version='1.0' encoding='shift_jis'?><meta charset=gbk>", "GBK" },
        { "<!DOCTYPE html><html><head><meta charset=\"windows-1250\">", "windows-1250" },
        { "<script>var s = '<meta charset=koi8-r>'</script>", "KOI8-R" },
        { "", NULL },
        { "<meta charset=", NULL },
        { "<meta charset=utf-8", NULL },
        { "<meta charset=\"utf-8", NULL },
        { "<meta charset=\"gbk\"", NULL },
        { "<meta charset=\"gbk\">", "GBK" },
        { "<meta", NULL },
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = strlen(cases[i].html);
        char *copy = malloc(n + 1);
        const char *got;
        assert_non_null(copy);
        memcpy(copy, cases[i].html, n);
        got = nx_charset_prescan(copy, n);
        free(copy);
        if ((got == NULL) != (cases[i].name == NULL)
            || (got && strcmp(got, cases[i].name) != 0))
            fail_msg("prescan \"%s\": got %s, want %s", cases[i].html,
                     got ? got : "NULL", cases[i].name ? cases[i].name : "NULL");
    }
}

/* A <meta> after 1024 bytes of scripts is still found (up to 64 KiB), and
** one after 64 KiB is not. */
static void test_prescan_far(void **state)
{
    size_t n = 70000, i;
    char *p = malloc(n + 64);
    (void)state;
    assert_non_null(p);
    memcpy(p, "<script>", 8);
    for (i = 8; i < n; i++)
        p[i] = (char)('a' + i % 26);
    memcpy(p + 3000, "</script><meta charset=koi8-r>", 30);
    assert_string_equal(nx_charset_prescan(p, n), "KOI8-R");
    memset(p + 3000, 'x', 30);
    memcpy(p + 66000, "</script><meta charset=koi8-r>", 30);
    assert_null(nx_charset_prescan(p, n));
    /* Never reads past len: the meta is cut off by it. */
    memcpy(p + 100, "<meta charset=koi8-r>", 21);
    assert_null(nx_charset_prescan(p, 110));
    free(p);
}

/* ---- decoding --------------------------------------------------------- */

static void test_windows1252_undeclared(void **state)
{
    decoded d = DEC("<p>caf\xe9 \x96 \x93quoted\x94 \x80 5</p>", NULL, NULL);
    (void)state;
    check_utf8(&d);
    assert_string_equal(d.s, "<p>caf\xc3\xa9 \xe2\x80\x93 \xe2\x80\x9cquoted"
                        "\xe2\x80\x9d \xe2\x82\xac 5</p>");
    assert_string_equal(d.info.name, "windows-1252");
    assert_string_equal(d.info.source, "default");
    assert_int_equal(d.info.replaced, 0);
    free(d.s);
}

static void test_windows1252_undefined_bytes(void **state)
{
    decoded d = DEC("<meta charset=iso-8859-1><p>a\x81" "b\x8d" "c\x8f" "d\x90"
                    "e\x9d" "f and the rest</p>", NULL, NULL);
    (void)state;
    check_utf8(&d);
    assert_string_equal(d.s, "<meta charset=iso-8859-1><p>a\xc2\x81" "b\xc2\x8d"
                        "c\xc2\x8f" "d\xc2\x90" "e\xc2\x9d" "f and the rest</p>");
    assert_string_equal(d.info.name, "windows-1252");
    assert_string_equal(d.info.source, "meta");
    assert_int_equal(d.info.replaced, 0);
    free(d.s);
}

static void test_bom_beats_meta(void **state)
{
    decoded d = DEC("\xef\xbb\xbf<meta charset=windows-1252><p>na\xc3\xafve "
                    "\xe2\x80\x94 end</p>", "text/html; charset=iso-8859-1",
                    "koi8-r");
    (void)state;
    check_utf8(&d);
    assert_string_equal(d.s, "<meta charset=windows-1252><p>na\xc3\xafve "
                        "\xe2\x80\x94 end</p>");
    assert_string_equal(d.info.name, "UTF-8");
    assert_string_equal(d.info.source, "bom");
    free(d.s);
}

static void test_precedence(void **state)
{
    /* override > http > meta; an unknown label falls through */
    decoded d = DEC("<meta charset=koi8-r>\xe9", "text/html; charset=iso-8859-5",
                    "windows-1251");
    (void)state;
    assert_string_equal(d.info.name, "windows-1251");
    assert_string_equal(d.info.source, "override");
    assert_string_equal(d.s, "<meta charset=koi8-r>\xd0\xb9");
    free(d.s);
    d = DEC("<meta charset=koi8-r>\xe9", "text/html; charset=iso-8859-5", "nope");
    assert_string_equal(d.info.name, "ISO-8859-5");
    assert_string_equal(d.info.source, "http");
    assert_string_equal(d.s, "<meta charset=koi8-r>\xd1\x89");
    free(d.s);
    d = DEC("<meta charset=koi8-r>\xe9", "text/html", NULL);
    assert_string_equal(d.info.name, "KOI8-R");
    assert_string_equal(d.info.source, "meta");
    assert_string_equal(d.s, "<meta charset=koi8-r>\xd0\x98");
    free(d.s);
    /* the replacement encoding is not honoured: text would be lost */
    d = DEC("<p>plain \xe9</p>", "text/html; charset=iso-2022-kr", NULL);
    assert_string_equal(d.info.name, "windows-1252");
    assert_string_equal(d.s, "<p>plain \xc3\xa9</p>");
    free(d.s);
    /* x-user-defined via HTTP maps high bytes to U+F780.. */
    d = DEC("a\x80\xff", "text/html; charset=x-user-defined", NULL);
    assert_string_equal(d.info.name, "x-user-defined");
    assert_string_equal(d.s, "a\xef\x9e\x80\xef\x9f\xbf");
    free(d.s);
    /* HTTP says utf-16 but the bytes have no NUL: not UTF-16 */
    d = DEC("<p>plain text</p>", "text/html; charset=utf-16", NULL);
    assert_string_equal(d.s, "<p>plain text</p>");
    assert_string_equal(d.info.source, "default");
    free(d.s);
}

/* Declared Latin-1, actually UTF-8: the extractor shows the right text. */
static void test_declared_legacy_but_utf8(void **state)
{
    decoded d = DEC("<meta charset=iso-8859-1><p>Z\xc3\xbcrich \xe2\x80\x93 "
                    "S\xc3\xa3o Paulo</p>", NULL, NULL);
    (void)state;
    check_utf8(&d);
    assert_string_equal(d.info.name, "UTF-8");
    assert_string_equal(d.info.source, "sniff");
    assert_string_equal(d.s, "<meta charset=iso-8859-1><p>Z\xc3\xbcrich "
                        "\xe2\x80\x93 S\xc3\xa3o Paulo</p>");
    free(d.s);
    d = DEC("<p>Z\xc3\xbcrich</p>", "text/html; charset=gb2312", NULL);
    assert_string_equal(d.info.name, "UTF-8");
    assert_string_equal(d.info.source, "sniff");
    free(d.s);
    /* An override is the caller's word: not second-guessed. */
    d = DEC("<p>Z\xc3\xbcrich</p>", NULL, "latin1");
    assert_string_equal(d.info.name, "windows-1252");
    assert_string_equal(d.s, "<p>Z\xc3\x83\xc2\xbcrich</p>");
    free(d.s);
    /* Pure ASCII keeps what was declared. */
    d = DEC("<p>Zurich</p>", "text/html; charset=iso-8859-2", NULL);
    assert_string_equal(d.info.name, "ISO-8859-2");
    assert_string_equal(d.info.source, "http");
    free(d.s);
}

/* The reverse risk: real Latin-1 prose declared as such must not be taken
** for UTF-8.  Accented letters are followed by lower-case ASCII letters or
** spaces, which are never UTF-8 continuation bytes. */
static void test_real_latin1_stays(void **state)
{
    static const char *const texts[] = {
        "<meta charset=iso-8859-1><p>\xc0 Z\xfcrich, le pr\xe9sident a "
        "d\xe9" "clar\xe9 qu'il \xe9tait \xab tr\xe8s satisfait \xbb.</p>",
        "<meta charset=iso-8859-1><p>M\xfcnchen: Stra\xdf" "e gesperrt, "
        "B\xe4" "cker \xf6" "ffnen sp\xe4ter.</p>",
        "<meta charset=iso-8859-1><p>Espa\xf1" "a: el a\xf1o pasado, "
        "\xbf" "d\xf3nde?  \xa1S\xed!</p>",
        /* capital accented letter followed by a symbol: two plausible
        ** pairs, but also many ill-formed bytes */
        "<meta charset=iso-8859-1><p>\xc2\xae Caf\xe9 \xc3\xa9t\xe9 \xe0 "
        "No\xebl</p>",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        decoded d = dec(texts[i], strlen(texts[i]), NULL, NULL);
        check_utf8(&d);
        if (strcmp(d.info.name, "windows-1252") != 0)
            fail_msg("case %u decoded as %s", (unsigned)i, d.info.name);
        assert_string_equal(d.info.source, "meta");
        assert_int_equal(d.info.replaced, 0);
        free(d.s);
    }
}

/* A page labelled utf-8 that holds no UTF-8 at all but Latin-1 bytes. */
static void test_declared_utf8_but_latin1(void **state)
{
    decoded d = DEC("<meta charset=utf-8><p>caf\xe9 cr\xe8me</p>", NULL, NULL);
    (void)state;
    check_utf8(&d);
    assert_string_equal(d.info.name, "windows-1252");
    assert_string_equal(d.info.source, "sniff");
    assert_string_equal(d.s, "<meta charset=utf-8><p>caf\xc3\xa9 cr\xc3\xa8me</p>");
    free(d.s);
    /* one valid sequence: stays UTF-8, the bad byte is one U+FFFD */
    d = DEC("<meta charset=utf-8><p>\xc3\xa9 \xe9</p>", NULL, NULL);
    assert_string_equal(d.info.name, "UTF-8");
    assert_string_equal(d.info.source, "meta");
    assert_string_equal(d.s, "<meta charset=utf-8><p>\xc3\xa9 \xef\xbf\xbd</p>");
    assert_int_equal(d.info.replaced, 1);
    free(d.s);
}

#define SJIS_TEXT "\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x83\x6a\x83\x85\x81\x5b" \
    "\x83\x58\x8b\x4c\x8e\x96\x82\xc5\x82\xb7\x81\x42\x93\x8c\x8b\x9e\x82\xcc" \
    "\x93\x56\x8b\x43\x82\xcd\x90\xb0\x82\xea\x81\x42"
#define EUCJP_TEXT "\xc6\xfc\xcb\xdc\xb8\xec\xa4\xce\xa5\xcb\xa5\xe5\xa1\xbc" \
    "\xa5\xb9\xb5\xad\xbb\xf6\xa4\xc7\xa4\xb9\xa1\xa3\xc5\xec\xb5\xfe\xa4\xce" \
    "\xc5\xb7\xb5\xa4\xa4\xcf\xc0\xb2\xa4\xec\xa1\xa3"
#define JA_UTF8 "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x8b" \
    "\xe3\x83\xa5\xe3\x83\xbc\xe3\x82\xb9\xe8\xa8\x98\xe4\xba\x8b\xe3\x81\xa7" \
    "\xe3\x81\x99\xe3\x80\x82\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xae\xe5\xa4\xa9" \
    "\xe6\xb0\x97\xe3\x81\xaf\xe6\x99\xb4\xe3\x82\x8c\xe3\x80\x82"
#define GBK_TEXT "\xd6\xd0\xb9\xfa\xb5\xc4\xbe\xad\xbc\xc3\xb7\xa2\xd5\xb9\xd0" \
    "\xc2\xce\xc5\xb1\xa8\xb5\xc0\xa3\xac\xd5\xfe\xb8\xae\xb1\xed\xca\xbe\xca" \
    "\xd0\xb3\xa1\xd2\xd1\xbe\xad\xce\xc8\xb6\xa8\xa1\xa3"
#define ZHS_UTF8 "\xe4\xb8\xad\xe5\x9b\xbd\xe7\x9a\x84\xe7\xbb\x8f\xe6\xb5\x8e" \
    "\xe5\x8f\x91\xe5\xb1\x95\xe6\x96\xb0\xe9\x97\xbb\xe6\x8a\xa5\xe9\x81\x93" \
    "\xef\xbc\x8c\xe6\x94\xbf\xe5\xba\x9c\xe8\xa1\xa8\xe7\xa4\xba\xe5\xb8\x82" \
    "\xe5\x9c\xba\xe5\xb7\xb2\xe7\xbb\x8f\xe7\xa8\xb3\xe5\xae\x9a\xe3\x80\x82"
#define BIG5_TEXT "\xa4\xa4\xb0\xea\xaa\xba\xb8\x67\xc0\xd9\xb5\x6f\xae\x69\xb7" \
    "\x73\xbb\x44\xb3\xf8\xb9\x44\xa1\x41\xac\x46\xa9\xb2\xaa\xed\xa5\xdc\xa5" \
    "\xab\xb3\xf5\xa4\x77\xb8\x67\xc3\xad\xa9\x77\xa1\x43"
#define EUCKR_TEXT "\xc7\xd1\xb1\xb9\xc0\xc7\x20\xb0\xe6\xc1\xa6\x20\xb4\xba" \
    "\xbd\xba\x20\xb1\xe2\xbb\xe7\xc0\xd4\xb4\xcf\xb4\xd9\x2e\x20\xc1\xa4\xba" \
    "\xce\xb4\xc2\x20\xbd\xc3\xc0\xe5\xc0\xcc\x20\xbe\xc8\xc1\xa4\xb5\xc7\xbe" \
    "\xfa\xb4\xd9\xb0\xed\x20\xb8\xbb\xc7\xdf\xb4\xd9\x2e"

#define PAGE(t) "<html><head><title>x</title></head><body><p>" t "</p></body></html>"

static void test_cjk_sniffed(void **state)
{
    static const struct { const char *in; size_t len; const char *name; } cases[] = {
        { PAGE(SJIS_TEXT), sizeof PAGE(SJIS_TEXT) - 1, "Shift_JIS" },
        { PAGE(EUCJP_TEXT), sizeof PAGE(EUCJP_TEXT) - 1, "EUC-JP" },
        { PAGE(GBK_TEXT), sizeof PAGE(GBK_TEXT) - 1, "GBK" },
        { PAGE(BIG5_TEXT), sizeof PAGE(BIG5_TEXT) - 1, "Big5" },
        { PAGE(EUCKR_TEXT), sizeof PAGE(EUCKR_TEXT) - 1, "EUC-KR" },
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        decoded d = dec(cases[i].in, cases[i].len, NULL, NULL);
        check_utf8(&d);
        if (strcmp(d.info.name, cases[i].name) != 0)
            fail_msg("sample %u sniffed as %s, want %s", (unsigned)i,
                     d.info.name, cases[i].name);
        assert_string_equal(d.info.source, "sniff");
        assert_int_equal(d.info.replaced, 0);
        free(d.s);
    }
}

static void test_cjk_text(void **state)
{
    decoded d = DEC(PAGE(SJIS_TEXT), NULL, NULL);
    (void)state;
    assert_string_equal(d.s, PAGE(JA_UTF8));
    free(d.s);
    d = DEC(PAGE(EUCJP_TEXT), NULL, NULL);
    assert_string_equal(d.s, PAGE(JA_UTF8));
    free(d.s);
    d = DEC(PAGE(GBK_TEXT), NULL, NULL);
    assert_string_equal(d.s, PAGE(ZHS_UTF8));
    free(d.s);
    /* declared, with an invalid pair in the middle: one U+FFFD, rest kept */
    d = DEC("<meta charset=shift_jis>\x93\xfa\x81\x20\x96\x7b end", NULL, NULL);
    check_utf8(&d);
    assert_string_equal(d.s, "<meta charset=shift_jis>\xe6\x97\xa5\xef\xbf\xbd"
                        " \xe6\x9c\xac end");
    assert_int_equal(d.info.replaced, 1);
    free(d.s);
    /* truncated at the end of input */
    d = DEC("<meta charset=euc-jp>\xc6\xfc\xcb", NULL, NULL);
    check_utf8(&d);
    assert_string_equal(d.s, "<meta charset=euc-jp>\xe6\x97\xa5\xef\xbf\xbd");
    assert_int_equal(d.info.replaced, 1);
    free(d.s);
    /* gb18030's single-byte euro sign, and a four-byte sequence (U+00A5
    ** is 0x81 0x30 0x84 0x36) */
    d = DEC("a\x80 \x81\x30\x84\x36 b", NULL, "gb18030");
    assert_string_equal(d.s, "a\xe2\x82\xac \xc2\xa5 b");
    assert_int_equal(d.info.replaced, 0);
    free(d.s);
}

/* Templates that print "utf-8" over GBK or Shift_JIS content: the CJK
** bytes form some valid UTF-8 pairs by chance, but far more broken ones. */
static void test_declared_utf8_but_cjk(void **state)
{
    decoded d = DEC("<meta charset=utf-8>" PAGE(GBK_TEXT GBK_TEXT GBK_TEXT),
                    NULL, NULL);
    (void)state;
    check_utf8(&d);
    assert_string_equal(d.info.name, "GBK");
    assert_string_equal(d.info.source, "sniff");
    assert_string_equal(d.s, "<meta charset=utf-8>" PAGE(ZHS_UTF8 ZHS_UTF8 ZHS_UTF8));
    free(d.s);
    /* A UTF-8 page quoting some GBK bytes stays UTF-8: its valid
    ** sequences are more than half as many as the broken ones. */
    d = DEC("<meta charset=utf-8>" PAGE(JA_UTF8 JA_UTF8 GBK_TEXT GBK_TEXT
            GBK_TEXT), NULL, NULL);
    assert_string_equal(d.info.name, "UTF-8");
    assert_string_equal(d.info.source, "meta");
    free(d.s);
    d = DEC("<meta charset=utf-8>" PAGE(SJIS_TEXT SJIS_TEXT), NULL, NULL);
    assert_string_equal(d.info.name, "Shift_JIS");
    assert_string_equal(d.s, "<meta charset=utf-8>" PAGE(JA_UTF8 JA_UTF8));
    free(d.s);
}

/* UTF-8 with a stray Latin-1 byte pasted in, declared Latin-1: enough
** valid sequences outweigh the one broken byte. */
static void test_mostly_utf8(void **state)
{
    decoded d = DEC("<meta charset=iso-8859-1><p>" JA_UTF8 " caf\xe9 " JA_UTF8
                    "</p>", NULL, NULL);
    (void)state;
    check_utf8(&d);
    assert_string_equal(d.info.name, "UTF-8");
    assert_string_equal(d.info.source, "sniff");
    assert_int_equal(d.info.replaced, 1);
    assert_string_equal(d.s, "<meta charset=iso-8859-1><p>" JA_UTF8
                        " caf\xef\xbf\xbd " JA_UTF8 "</p>");
    free(d.s);
    /* Eight valid pairs against one broken byte is not enough to overrule
    ** the declaration: 1 in 32 is the most noise we accept. */
    d = DEC("<meta charset=iso-8859-1><p>\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
            "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 caf\xe9</p>", NULL, NULL);
    assert_string_equal(d.info.name, "windows-1252");
    assert_string_equal(d.info.source, "meta");
    free(d.s);
}

/* Western pages must not be mistaken for CJK: é + letter forms a valid
** Shift_JIS/GBK/Big5 pair but never a frequent character. */
static void test_western_not_cjk(void **state)
{
    decoded d = DEC("<p>\xc9lection pr\xe9sidentielle: les \xe9lecteurs "
                    "fran\xe7" "ais ont vot\xe9, \xe0 l'\xe9vidence.</p>",
                    NULL, NULL);
    (void)state;
    assert_string_equal(d.info.name, "windows-1252");
    free(d.s);
    d = DEC("<p>\xd0\xee\xf1\xf1\xe8\xff \xe8 \xcc\xee\xf1\xea\xe2\xe0</p>", NULL,
            "windows-1251");
    assert_string_equal(d.s, "<p>\xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd1\x8f"
                        " \xd0\xb8 \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0</p>");
    free(d.s);
}

static void test_utf16(void **state)
{
    static const char le_bom[] = "\xff\xfe<\0p\0>\0\xe9\0 \0\x3d\xd8\x00\xde<\0";
    static const char be_bom[] = "\xfe\xff\0<\0p\0>\0\xe9\0 \xd8\x3d\xde\x00\0<";
    static const char le[] = "<\0h\0t\0m\0l\0>\0\xe9\0x\0<\0/\0h\0t\0m\0l\0>\0";
    static const char be[] = "\0<\0h\0t\0m\0l\0>\0\xe9\0x\0<\0/\0h\0t\0m\0l\0>";
    decoded d = dec(le_bom, sizeof le_bom - 1, NULL, NULL);
    (void)state;
    check_utf8(&d);
    assert_string_equal(d.s, "<p>\xc3\xa9 \xf0\x9f\x98\x80<");
    assert_string_equal(d.info.name, "UTF-16LE");
    assert_string_equal(d.info.source, "bom");
    free(d.s);
    d = dec(be_bom, sizeof be_bom - 1, NULL, NULL);
    assert_string_equal(d.s, "<p>\xc3\xa9 \xf0\x9f\x98\x80<");
    assert_string_equal(d.info.name, "UTF-16BE");
    free(d.s);
    d = dec(le, sizeof le - 1, NULL, NULL);
    assert_string_equal(d.s, "<html>\xc3\xa9x</html>");
    assert_string_equal(d.info.name, "UTF-16LE");
    assert_string_equal(d.info.source, "sniff");
    free(d.s);
    d = dec(be, sizeof be - 1, NULL, NULL);
    assert_string_equal(d.s, "<html>\xc3\xa9x</html>");
    assert_string_equal(d.info.name, "UTF-16BE");
    free(d.s);
    /* declared by HTTP (the bytes do have NULs) */
    d = dec(le, sizeof le - 1, "text/html; charset=utf-16", NULL);
    assert_string_equal(d.info.name, "UTF-16LE");
    assert_string_equal(d.info.source, "http");
    free(d.s);
}

static void test_utf16_errors(void **state)
{
    /* lone high surrogate, lone low surrogate, NUL, odd trailing byte */
    static const char in[] = "\xff\xfe" "a\0\x00\xd8" "b\0\x00\xdc" "c\0\0\0d\0\x41";
    decoded d = dec(in, sizeof in - 1, NULL, NULL);
    (void)state;
    check_utf8(&d);
    assert_string_equal(d.s, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd"
                        "d\xef\xbf\xbd");
    assert_int_equal(d.info.replaced, 3);   /* the NUL is not counted */
    free(d.s);
    /* a high surrogate right at the end */
    d = DEC("\xfe\xff\0a\xd8\x3d", NULL, NULL);
    assert_string_equal(d.s, "a\xef\xbf\xbd");
    free(d.s);
}

static void test_utf8_invalid(void **state)
{
    static const struct { const char *in; const char *out; size_t rep; } cases[] = {
        /* overlong, surrogate, above U+10FFFF, stray continuation */
        { "a\xc0\xaf" "b", "a\xef\xbf\xbd\xef\xbf\xbd" "b", 2 },
        { "a\xe0\x80\xaf" "b", "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b", 3 },
        { "a\xed\xa0\x80" "b", "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b", 3 },
        { "a\xf4\x90\x80\x80" "b",
          "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b", 4 },
        { "a\x80" "b", "a\xef\xbf\xbd" "b", 1 },
        /* maximal subpart: a truncated sequence is one U+FFFD */
        { "a\xe2\x82" "b", "a\xef\xbf\xbd" "b", 1 },
        { "a\xf0\x9f\x98" "b", "a\xef\xbf\xbd" "b", 1 },
        { "a\xf0\x9f\x98", "a\xef\xbf\xbd", 1 },
        { "a\xe2", "a\xef\xbf\xbd", 1 },
        { "\xfe\xfe\xff", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 3 },
        { "ok \xf0\x9f\x98\x80 \xe2\x82\xac", "ok \xf0\x9f\x98\x80 \xe2\x82\xac", 0 },
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        decoded d = dec(cases[i].in, strlen(cases[i].in), NULL, "utf-8");
        check_utf8(&d);
        if (strcmp(d.s, cases[i].out) != 0 || d.info.replaced != cases[i].rep)
            fail_msg("utf-8 case %u: replaced %u", (unsigned)i,
                     (unsigned)d.info.replaced);
        free(d.s);
    }
}

static void test_nul_and_empty(void **state)
{
    static const char in[] = "<p>a\0b</p>\0";
    decoded d = dec(in, sizeof in - 1, NULL, NULL);
    (void)state;
    check_utf8(&d);
    assert_string_equal(d.s, "<p>a\xef\xbf\xbd" "b</p>\xef\xbf\xbd");
    assert_int_equal(d.info.replaced, 0);
    free(d.s);
    d = dec(in, sizeof in - 1, NULL, "utf-8");
    assert_string_equal(d.s, "<p>a\xef\xbf\xbd" "b</p>\xef\xbf\xbd");
    free(d.s);
    d = dec(in, sizeof in - 1, NULL, "euc-kr");
    assert_string_equal(d.s, "<p>a\xef\xbf\xbd" "b</p>\xef\xbf\xbd");
    free(d.s);
    d = dec("", 0, NULL, NULL);
    assert_int_equal(d.len, 0);
    assert_string_equal(d.info.name, "windows-1252");
    assert_string_equal(d.info.source, "default");
    free(d.s);
    d = dec(NULL, 0, NULL, NULL);
    assert_int_equal(d.len, 0);
    free(d.s);
    d = DEC("\xef\xbb\xbf", NULL, NULL);
    assert_int_equal(d.len, 0);
    assert_string_equal(d.info.source, "bom");
    free(d.s);
    /* ASCII long enough for the 8-byte loop, with a NUL in each lane */
    d = DEC("0123456789abcdef\0" "0123456\0" "89abcdef", NULL, "utf-8");
    assert_string_equal(d.s, "0123456789abcdef\xef\xbf\xbd" "0123456\xef\xbf\xbd"
                        "89abcdef");
    free(d.s);
}

/* Never reads past len: the input is the prefix of a longer buffer. */
static void test_len_respected(void **state)
{
    decoded d = dec("ab\xc3\xa9" "cd", 3, NULL, "utf-8");
    (void)state;
    assert_string_equal(d.s, "ab\xef\xbf\xbd");
    free(d.s);
    d = dec("ab\x93\xfa", 3, NULL, "shift_jis");
    assert_string_equal(d.s, "ab\xef\xbf\xbd");
    free(d.s);
}

/* ---- end to end: libxml2 sees all the text ------------------------------ */

static void e2e(const char *in, size_t len, const char *ct, const char *want)
{
    decoded d = dec(in, len, ct, NULL);
    char *text = parse_text(&d);
    if (strstr(text, want) == NULL)
        fail_msg("\"%s\" missing from the parsed text \"%s\"", want, text);
    free(text);
    free(d.s);
}

#define E2E(lit, ct, want) e2e((lit), sizeof(lit) - 1, (ct), (want))

static void test_e2e(void **state)
{
    (void)state;
    /* undefined windows-1252 bytes (libxml2 alone stops there) */
    E2E("<html><head><meta charset=windows-1252></head><body><p>x\x81y\x8d"
        "z\x90</p><p>TAIL after</p></body></html>", NULL, "TAIL after");
    /* UTF-8 with a BOM and a <meta> that contradicts it */
    E2E("\xef\xbb\xbf<html><head><meta charset=windows-1252></head><body>"
        "<p>\xc3\xa9t\xc3\xa9</p><p>TAIL after</p></body></html>", NULL,
        "\xc3\xa9t\xc3\xa9");
    E2E("\xef\xbb\xbf<html><head><meta charset=windows-1252></head><body>"
        "<p>\xc3\xa9t\xc3\xa9</p><p>TAIL after</p></body></html>", NULL,
        "TAIL after");
    /* NUL bytes */
    E2E("<html><body><p>a\0b</p><p>TAIL after</p></body></html>", NULL,
        "TAIL after");
    /* invalid UTF-8 in a page declared UTF-8 */
    E2E("<html><head><meta charset=utf-8></head><body><p>\xc3\xa9\xc0\xaf"
        "\xed\xa0\x80</p><p>TAIL after</p></body></html>", NULL, "TAIL after");
    /* declared Latin-1, actually UTF-8 */
    E2E("<html><body><p>Z\xc3\xbcrich</p></body></html>",
        "text/html; charset=iso-8859-1", "Z\xc3\xbcrich");
    /* Shift_JIS, undeclared */
    E2E(PAGE(SJIS_TEXT) "<p>TAIL after</p>", NULL, JA_UTF8);
    /* UTF-16 without BOM */
    E2E("<\0p\0>\0h\0i\0<\0/\0p\0>\0T\0A\0I\0L\0", NULL, "hiTAIL");
    /* invalid Shift_JIS pair followed by text */
    E2E("<meta charset=shift_jis><p>\x81\x20\xff TAIL after</p>", NULL,
        "TAIL after");
}

/* ---- property: random bytes ------------------------------------------- */

static uint64_t xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static void test_random(void **state)
{
    static const char *const prefixes[] = {
        "", "", "", "\xef\xbb\xbf", "<meta charset=shift_jis>",
        "<meta charset=euc-kr>", "<meta charset=gb18030>", "<meta charset=big5>",
        "<meta charset=euc-jp>", "<meta charset=utf-8>", "<meta charset=koi8-r>",
        "<meta charset=iso-2022-jp>", "<meta charset=x-user-defined>",
    };
    static const char *const overrides[] = {
        NULL, NULL, NULL, NULL, "utf-16be", "windows-1258", "iso-8859-8",
    };
    uint64_t seed = UINT64_C(0x9E3779B97F4A7C15);
    char buf[512];
    int i, ended = 0, checked = 0;
    (void)state;
    for (i = 0; i < 2000; i++) {
        const char *pre = prefixes[xorshift(&seed) % (sizeof prefixes / sizeof prefixes[0])];
        const char *ov = overrides[xorshift(&seed) % (sizeof overrides / sizeof overrides[0])];
        size_t n = strlen(pre), len = xorshift(&seed) % 300, k;
        int mode = (int)(xorshift(&seed) % 4);
        decoded d;
        memcpy(buf, pre, n);
        for (k = 0; k < len; k++) {
            uint64_t r = xorshift(&seed);
            /* mostly high bytes, or mostly ASCII, or anything */
            if (mode == 0)
                buf[n + k] = (char)(0x80 | (r & 0x7F));
            else if (mode == 1)
                buf[n + k] = (char)((r & 7) == 0 ? 0x80 | (r >> 8 & 0x7F) : 0x20 + (r >> 8) % 95);
            else if (mode == 2)
                buf[n + k] = (char)((r & 3) == 0 ? 0 : r >> 8);
            else
                buf[n + k] = (char)(r >> 8);
        }
        n += len;
        /* A space first: it is never the trail byte of a CJK pair, so the
        ** marker cannot be swallowed by a lead byte before it. */
        memcpy(buf + n, " ENDMARK", 8);
        n += 8;
        d = dec(buf, n, NULL, ov);
        if (!valid_utf8(d.s, d.len) || strlen(d.s) != d.len)
            fail_msg("case %d: output is not valid UTF-8 (%s)", i, d.info.name);
        /* UTF-16 reads the marker as other characters, and ISO-2022-JP may
        ** be left in a two-byte mode by the random bytes; every other
        ** encoding keeps ASCII after any garbage. */
        if (strncmp(d.info.name, "UTF-16", 6) != 0
            && strcmp(d.info.name, "ISO-2022-JP") != 0) {
            checked++;
            if (d.len >= 7 && memcmp(d.s + d.len - 7, "ENDMARK", 7) == 0)
                ended++;
            else
                fail_msg("case %d (%s): the marker is lost", i, d.info.name);
        }
        free(d.s);
    }
    assert_int_equal(ended, checked);
    assert_true(checked > 1500);
}

/* nx_decode_view: no copy when decoding would not change a byte. */
static void test_decode_view(void **state)
{
    static const char ascii[] = "<p>plain ascii</p>";
    static const char utf8[] = "<meta charset=iso-8859-1><p>caf\xc3\xa9 na\xc3\xafve</p>";
    static const char bom[] = "\xef\xbb\xbf<p>x</p>";
    static const char latin[] = "<p>caf\xe9</p>";
    static const char nul[] = "<p>a\0b</p>";
    nx_buf out;
    nx_charset_info info;
    const char *view;
    size_t n;
    (void)state;
    nx_buf_init(&out);
    assert_int_equal(nx_decode_view(ascii, sizeof ascii - 1, NULL, NULL, &out, &info, &view, &n), NX_OK);
    assert_ptr_equal(view, ascii);
    assert_int_equal(n, sizeof ascii - 1);
    assert_null(out.data);
    assert_string_equal(info.name, "windows-1252");
    assert_int_equal(nx_decode_view(utf8, sizeof utf8 - 1, NULL, NULL, &out, &info, &view, &n), NX_OK);
    assert_ptr_equal(view, utf8);
    assert_string_equal(info.name, "UTF-8");
    assert_string_equal(info.source, "sniff");
    assert_int_equal(nx_decode_view(bom, sizeof bom - 1, NULL, NULL, &out, &info, &view, &n), NX_OK);
    assert_ptr_equal(view, bom + 3);
    assert_int_equal(n, sizeof bom - 4);
    assert_null(out.data);
    /* these need decoding: a copy, with the same bytes nx_decode gives */
    assert_int_equal(nx_decode_view(latin, sizeof latin - 1, NULL, NULL, &out, &info, &view, &n), NX_OK);
    assert_ptr_equal(view, out.data);
    assert_memory_equal(view, "<p>caf\xc3\xa9</p>", n);
    nx_buf_free(&out);
    assert_int_equal(nx_decode_view(nul, sizeof nul - 1, NULL, NULL, &out, &info, &view, &n), NX_OK);
    assert_ptr_equal(view, out.data);
    assert_memory_equal(view, "<p>a\xef\xbf\xbd" "b</p>", n);
    nx_buf_free(&out);
    /* a caller's override reads the same UTF-8 bytes as windows-1252 */
    assert_int_equal(nx_decode_view(utf8, sizeof utf8 - 1, NULL, "windows-1252", &out, &info, &view, &n), NX_OK);
    assert_ptr_equal(view, out.data);
    assert_string_equal(info.name, "windows-1252");
    nx_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_view),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_content_type),
        cmocka_unit_test(test_prescan),
        cmocka_unit_test(test_prescan_far),
        cmocka_unit_test(test_windows1252_undeclared),
        cmocka_unit_test(test_windows1252_undefined_bytes),
        cmocka_unit_test(test_bom_beats_meta),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_declared_legacy_but_utf8),
        cmocka_unit_test(test_real_latin1_stays),
        cmocka_unit_test(test_declared_utf8_but_latin1),
        cmocka_unit_test(test_cjk_sniffed),
        cmocka_unit_test(test_cjk_text),
        cmocka_unit_test(test_declared_utf8_but_cjk),
        cmocka_unit_test(test_mostly_utf8),
        cmocka_unit_test(test_western_not_cjk),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_utf16_errors),
        cmocka_unit_test(test_utf8_invalid),
        cmocka_unit_test(test_nul_and_empty),
        cmocka_unit_test(test_len_respected),
        cmocka_unit_test(test_e2e),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
