/* SPDX-License-Identifier: MIT */
/*
** fuzz_util.h: what the libFuzzer harnesses share.
**
** A harness is one translation unit like the module itself: it #includes
** the plugin concerns it drives, so it reaches their static functions.
** Properties are checked with nx_fuzz_check(), which aborts: libFuzzer (and
** the replay driver) report an abort as a crash with the input saved.
*/
#ifndef NX_FUZZ_UTIL_H
#define NX_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define nx_fuzz_check(cond, what)                                           \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "fuzz property failed: %s (%s:%d)\n", (what),   \
                    __FILE__, __LINE__);                                    \
            abort();                                                        \
        }                                                                   \
    } while (0)

/* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static int nx_fuzz_valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k, need;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (need > n - i - 1)             /* truncated sequence */
            return 0;
        for (k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += need + 1;
    }
    return 1;
}

#endif
