/* SPDX-License-Identifier: MIT */
/*
** fuzz_decode.c: nx_decode, any bytes with any declared charset.
**
** The first input byte picks the Content-Type header and the caller's
** override from small tables (so BOM, HTTP, override, <meta> and sniffing
** paths are all reached); the rest is the page.  Properties: NX_OK, the
** output is strict UTF-8 with no NUL and no BOM, and the info fields are
** set.
*/
#include "nx.h"
#include "nx_text.c"
#include "nx_charset.c"
#include "fuzz_util.h"

static const char *const nx_fuzz_ct[] = {
    NULL, "text/html", "text/html; charset=utf-8",
    "text/html; charset=windows-1252", "text/html; charset=shift_jis",
    "text/html; charset=\"utf-16le\"", "text/html;charset=gb18030",
    "text/html; charset=iso-2022-jp", "text/html; charset=bogus",
};
static const char *const nx_fuzz_override[] = {
    NULL, NULL, NULL, "utf-8", "euc-kr", "koi8-r", "big5", "x-user-defined",
    "replacement", "utf-16be", "no-such-label",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nx_buf out;
    nx_charset_info info;
    const char *ct = NULL, *ov = NULL;
    char *copy;
    int rc;
    if (size > 0) {
        unsigned sel = data[0];
        ct = nx_fuzz_ct[(sel & 0x0F) % (sizeof nx_fuzz_ct / sizeof *nx_fuzz_ct)];
        ov = nx_fuzz_override[(sel >> 4) %
                              (sizeof nx_fuzz_override / sizeof *nx_fuzz_override)];
        data++;
        size--;
    }
    /* an exact-size heap copy, so ASan sees any overread */
    copy = (char *)malloc(size ? size : 1);
    if (copy == NULL)
        return 0;
    if (size)
        memcpy(copy, data, size);
    nx_buf_init(&out);
    memset(&info, 0, sizeof info);
    rc = nx_decode(copy, size, ct, ov, &out, &info);
    nx_fuzz_check(rc == NX_OK, "nx_decode returns NX_OK");
    nx_fuzz_check(!out.oom, "no out-of-memory");
    nx_fuzz_check(info.name != NULL && info.source != NULL, "info is set");
    nx_fuzz_check(nx_fuzz_valid_utf8((const unsigned char *)out.data, out.len),
                  "output is valid UTF-8");
    nx_fuzz_check(out.len == 0 || memchr(out.data, '\0', out.len) == NULL,
                  "output has no NUL byte");
    /* a BOM is stripped; only after one may a U+FEFF (then a character
    ** of the text, as WHATWG decodes it) start the output */
    nx_fuzz_check(strcmp(info.source, "bom") == 0 || out.len < 3 ||
                  memcmp(out.data, "\xEF\xBB\xBF", 3) != 0,
                  "output does not start with a BOM");
    nx_buf_free(&out);
    free(copy);
    return 0;
}
