/* SPDX-License-Identifier: MIT */
/*
** nx_buf.h: a growable byte buffer.
**
** Allocation failure does not return through every caller: it sets `oom`,
** turns every later append into a no-op, and the owner checks once at the
** end.  So a long emitter never needs an error path per append, and nothing
** ever longjmps out of a function that holds the buffer.
*/
#ifndef NX_BUF_H
#define NX_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct nx_buf {
    char *data;
    size_t len;
    size_t cap;
    int oom;
} nx_buf;

static inline void nx_buf_init(nx_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

static inline void nx_buf_free(nx_buf *b)
{
    free(b->data);
    nx_buf_init(b);
}

/* Make room for `extra` more bytes plus a terminating NUL. */
static inline int nx_buf_reserve(nx_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;
    if (b->oom)
        return 0;
    if (extra > SIZE_MAX - b->len - 1) {
        b->oom = 1;
        return 0;
    }
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 1;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = (char *)realloc(b->data, cap);
    if (p == NULL) {
        b->oom = 1;
        return 0;
    }
    b->data = p;
    b->cap = cap;
    return 1;
}

static inline void nx_buf_add(nx_buf *b, const void *s, size_t n)
{
    if (n == 0 || !nx_buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static inline void nx_buf_adds(nx_buf *b, const char *s)
{
    nx_buf_add(b, s, strlen(s));
}

static inline void nx_buf_addc(nx_buf *b, int c)
{
    if (!nx_buf_reserve(b, 1))
        return;
    b->data[b->len++] = (char)c;
    b->data[b->len] = '\0';
}

/* Append code point `cp` as UTF-8; anything not a scalar value becomes
** U+FFFD, so the buffer stays valid UTF-8 whatever it is fed. */
static inline void nx_buf_add_utf8(nx_buf *b, uint32_t cp)
{
    unsigned char s[4];
    size_t n;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        s[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (unsigned char)(0xC0 | (cp >> 6));
        s[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (unsigned char)(0xE0 | (cp >> 12));
        s[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        s[0] = (unsigned char)(0xF0 | (cp >> 18));
        s[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        s[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    nx_buf_add(b, s, n);
}

/* Hand the bytes to the caller (who frees them) and reset the buffer.
** Returns NULL after an allocation failure. */
static inline char *nx_buf_steal(nx_buf *b, size_t *len)
{
    char *p;
    if (b->oom) {
        nx_buf_free(b);
        return NULL;
    }
    if (!nx_buf_reserve(b, 0)) {
        nx_buf_free(b);
        return NULL;
    }
    p = b->data;
    if (len)
        *len = b->len;
    nx_buf_init(b);
    return p;
}

#endif
