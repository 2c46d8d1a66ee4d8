/* SPDX-License-Identifier: MIT */
/*
** nx_batch.c: what the batch CLI needs from C, as `core.batch`.
**
**   core.batch.open(path | "-")   a Stream over a file (or stdin)
**   core.batch.stream(string)     a Stream over bytes in memory
**   Stream:read(n)  Stream:line(max)  Stream:skip(n)  Stream:next_member()
**   Stream:tell()   Stream:close()
**   core.batch.fork() pipe() write(fd, s) read(fd, n) close(fd)
**   poll({fd...}, ms) waitpid(pid) exit(code) exec({argv}) ncpu() isatty(fd)
**   now() limit_memory(bytes)
**
** A Stream reads gzip transparently, one member after another (a WARC.gz
** is one member per record), with zlib's inflate on a fixed 64 KiB window
** of input and a fixed window of output: a multi-gigabyte file is never
** held whole, and a gzip bomb costs time, not memory.  Bytes that do not
** start with the gzip magic are passed through unchanged.  A corrupt
** member is reported once (read returns nil, msg) and reading resumes at
** the next gzip magic, so one bad record does not end the file.
**
** The process calls are the few POSIX ones a worker pool needs (lua-posix
** in Debian 12 has no 5.4 build): the state they touch is the caller's
** file descriptors and children, none of ours.
**
** Like nx_core.c (and unlike the concern files) this is binding code: it
** includes lua.h.  It compiles alone; nx_core.c includes it in the
** amalgamation.
*/
#include "nx_batch.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#define NX_STREAM_MT "newsextract.Stream"
#define NX_STREAM_IN (64 * 1024)
#define NX_STREAM_OUT (256 * 1024)

enum { NX_S_START, NX_S_PLAIN, NX_S_GZIP, NX_S_BETWEEN, NX_S_RESYNC };

typedef struct nx_stream {
    int fd;                 /* -1: memory source, or closed */
    int own_fd;             /* close fd on close/gc */
    int open;
    const unsigned char *mem; size_t mem_len, mem_pos;   /* memory source */
    unsigned char *mem_copy;
    unsigned char in[NX_STREAM_IN];
    size_t in_pos, in_len;  /* unread input is in[in_pos..in_len) */
    int in_eof;
    unsigned char *out;     /* decoded bytes out[out_pos..out_len) */
    size_t out_pos, out_len;
    int mode;
    int z_init;
    z_stream z;
    unsigned long long consumed;   /* raw input bytes taken */
    unsigned long long delivered;  /* decoded bytes handed to Lua */
    unsigned long long members;
    char err[160];          /* pending error, reported once */
    int err_pending;
} nx_stream;

/* {======================================================================
** Input side: refill `in` from the fd or the memory source.
** ======================================================================= */

static int nx_stream_fill_in(nx_stream *s)
{
    size_t keep = s->in_len - s->in_pos;
    if (s->in_eof)
        return 0;
    if (s->in_pos > 0) {
        memmove(s->in, s->in + s->in_pos, keep);
        s->in_pos = 0;
        s->in_len = keep;
    }
    if (s->in_len == NX_STREAM_IN)
        return 1;
    if (s->fd < 0) {
        size_t n = s->mem_len - s->mem_pos;
        if (n > NX_STREAM_IN - s->in_len)
            n = NX_STREAM_IN - s->in_len;
        if (n == 0) {
            s->in_eof = 1;
            return 0;
        }
        memcpy(s->in + s->in_len, s->mem + s->mem_pos, n);
        s->mem_pos += n;
        s->in_len += n;
        return 1;
    }
    for (;;) {
        ssize_t r = read(s->fd, s->in + s->in_len, NX_STREAM_IN - s->in_len);
        if (r > 0) {
            s->in_len += (size_t)r;
            return 1;
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(s->err, sizeof s->err, "read error: %s", strerror(errno));
            s->err_pending = 1;
        }
        s->in_eof = 1;
        return 0;
    }
}

/* At least `n` unread input bytes if the source has them. */
static size_t nx_stream_avail(nx_stream *s, size_t n)
{
    while (s->in_len - s->in_pos < n && nx_stream_fill_in(s))
        ;
    return s->in_len - s->in_pos;
}

static int nx_is_gzip_magic(const unsigned char *p)
{
    return p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

/* Drop input up to the next gzip magic (or to the end). */
static void nx_stream_resync(nx_stream *s)
{
    for (;;) {
        size_t have = nx_stream_avail(s, 3);
        if (have < 3) {
            s->consumed += have;
            s->in_pos = s->in_len;
            if (s->in_eof)
                return;
            continue;
        }
        while (s->in_pos + 3 <= s->in_len) {
            if (nx_is_gzip_magic(s->in + s->in_pos)) {
                s->mode = NX_S_BETWEEN;
                return;
            }
            s->in_pos++;
            s->consumed++;
        }
    }
}
/* }====================================================================== */

/* {======================================================================
** Output side: decode the next piece into `out`.  Returns 0 at the end
** (or with an error pending), 1 when out holds at least one byte.
** ======================================================================= */

static int nx_stream_gzip_start(nx_stream *s)
{
    int rc;
    s->z.next_in = Z_NULL;
    s->z.avail_in = 0;
    if (!s->z_init) {
        s->z.zalloc = Z_NULL;
        s->z.zfree = Z_NULL;
        s->z.opaque = Z_NULL;
        rc = inflateInit2(&s->z, 15 + 16);
        if (rc != Z_OK)
            return 0;
        s->z_init = 1;
    } else if (inflateReset(&s->z) != Z_OK) {
        return 0;
    }
    s->mode = NX_S_GZIP;
    s->members++;
    return 1;
}

/* A gzip failure: the message kept for the next read, and resync next. */
static void nx_stream_fail(nx_stream *s, const char *what)
{
    snprintf(s->err, sizeof s->err, "gzip: member %llu %s", s->members, what);
    s->err_pending = 1;
    s->mode = NX_S_RESYNC;
}

/* One inflate step of the current member into `out`: 1 to go on (out may
** still be empty), 0 to stop (the end, or an error now pending). */
static int nx_stream_inflate(nx_stream *s)
{
    size_t have = nx_stream_avail(s, 1), used;
    int rc;
    if (have == 0) {
        nx_stream_fail(s, "is truncated");
        return 0;
    }
    s->z.next_in = s->in + s->in_pos;
    s->z.avail_in = (uInt)have;
    s->z.next_out = s->out;
    s->z.avail_out = NX_STREAM_OUT;
    rc = inflate(&s->z, Z_NO_FLUSH);
    used = have - s->z.avail_in;
    s->in_pos += used;
    s->consumed += used;
    s->out_len = NX_STREAM_OUT - s->z.avail_out;
    if (rc == Z_STREAM_END) {
        s->mode = NX_S_BETWEEN;
    } else if (rc == Z_BUF_ERROR && used == 0 && s->out_len == 0) {
        if (nx_stream_fill_in(s) == 0 && s->in_len == s->in_pos) {
            nx_stream_fail(s, "is truncated");
            return 0;
        }
    } else if (rc != Z_OK) {
        char what[120];
        snprintf(what, sizeof what, "is corrupt: %s", s->z.msg ? s->z.msg : "bad data");
        nx_stream_fail(s, what);
        /* deliver what was decoded first; the error comes next */
        return s->out_len > 0;
    }
    return 1;
}

/* At a member boundary (or the start): gzip, plain, or garbage.  0 stops. */
static int nx_stream_boundary(nx_stream *s)
{
    size_t have = nx_stream_avail(s, 3);
    if (have == 0)
        return 0;
    if (have >= 3 && nx_is_gzip_magic(s->in + s->in_pos)) {
        if (!nx_stream_gzip_start(s)) {
            snprintf(s->err, sizeof s->err, "gzip: out of memory");
            s->err_pending = 1;
            return 0;
        }
    } else if (s->mode == NX_S_START) {
        s->mode = NX_S_PLAIN;
    } else {
        snprintf(s->err, sizeof s->err,
            "gzip: bytes that are not a gzip member at input offset %llu", s->consumed);
        s->err_pending = 1;
        s->mode = NX_S_RESYNC;
        return 0;
    }
    return 1;
}

static int nx_stream_decode(nx_stream *s)
{
    s->out_pos = s->out_len = 0;
    while (s->out_len == 0) {
        if (s->err_pending)
            return 0;
        if ((s->mode == NX_S_START || s->mode == NX_S_BETWEEN) && !nx_stream_boundary(s))
            return 0;
        if (s->mode == NX_S_RESYNC) {
            nx_stream_resync(s);
            if (s->mode == NX_S_RESYNC)
                return 0;
            continue;
        }
        if (s->mode == NX_S_PLAIN) {
            size_t have = nx_stream_avail(s, 1), n;
            if (have == 0)
                return 0;
            n = have < NX_STREAM_OUT ? have : NX_STREAM_OUT;
            memcpy(s->out, s->in + s->in_pos, n);
            s->in_pos += n;
            s->consumed += n;
            s->out_len = n;
            return 1;
        }
        if (!nx_stream_inflate(s))
            return s->out_len > 0;
    }
    return 1;
}
/* }====================================================================== */

/* {======================================================================
** The Stream userdata
** ======================================================================= */

static void nx_stream_release(nx_stream *s)
{
    if (!s->open)
        return;
    s->open = 0;
    if (s->z_init) {
        inflateEnd(&s->z);
        s->z_init = 0;
    }
    if (s->own_fd && s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    free(s->out);
    s->out = NULL;
    free(s->mem_copy);
    s->mem_copy = NULL;
}

static nx_stream *nx_stream_check(lua_State *L)
{
    nx_stream *s = (nx_stream *)luaL_checkudata(L, 1, NX_STREAM_MT);
    if (!s->open)
        luaL_error(L, "attempt to use a closed stream");
    return s;
}

static nx_stream *nx_stream_new(lua_State *L)
{
    nx_stream *s = (nx_stream *)lua_newuserdata(L, sizeof *s);
    memset(s, 0, sizeof *s);
    s->fd = -1;
    luaL_getmetatable(L, NX_STREAM_MT);
    lua_setmetatable(L, -2);
    s->out = (unsigned char *)malloc(NX_STREAM_OUT);
    if (s->out == NULL)
        luaL_error(L, "newsextract: out of memory");
    s->open = 1;
    s->mode = NX_S_START;
    return s;
}

/* Return a pending error as nil, msg (clearing it); 0 if none. */
static int nx_stream_push_err(lua_State *L, nx_stream *s)
{
    if (!s->err_pending)
        return 0;
    s->err_pending = 0;
    lua_pushnil(L);
    lua_pushstring(L, s->err);
    return 2;
}

static int nx_b_open(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    nx_stream *s = nx_stream_new(L);   /* may raise: before the fd exists */
    if (strcmp(path, "-") == 0) {
        s->fd = 0;
        return 1;
    }
    s->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0) {
        int e = errno;
        nx_stream_release(s);
        lua_pushnil(L);
        lua_pushfstring(L, "%s: %s", path, strerror(e));
        return 2;
    }
    s->own_fd = 1;
    return 1;
}

static int nx_b_stream(lua_State *L)
{
    size_t len;
    const char *str = luaL_checklstring(L, 1, &len);
    nx_stream *s = nx_stream_new(L);
    s->mem_copy = (unsigned char *)malloc(len ? len : 1);
    if (s->mem_copy == NULL)
        return luaL_error(L, "newsextract: out of memory");
    memcpy(s->mem_copy, str, len);
    s->mem = s->mem_copy;
    s->mem_len = len;
    return 1;
}

/* Up to `max` decoded bytes, or up to and including the next "\n" when
** `line`; nil at the end, nil, msg at a pending error. */
static int nx_s_take(lua_State *L, nx_stream *s, lua_Integer max, int line)
{
    luaL_Buffer b;
    lua_Integer got = 0;
    if (s->out_pos == s->out_len && !nx_stream_decode(s)) {
        int e = nx_stream_push_err(L, s);
        if (e)
            return e;
        lua_pushnil(L);
        return 1;
    }
    luaL_buffinit(L, &b);
    while (got < max) {
        const unsigned char *p, *nl = NULL;
        size_t n;
        if (s->out_pos == s->out_len && !nx_stream_decode(s))
            break;
        p = s->out + s->out_pos;
        n = s->out_len - s->out_pos;
        if ((lua_Integer)n > max - got)
            n = (size_t)(max - got);
        if (line && (nl = (const unsigned char *)memchr(p, '\n', n)) != NULL)
            n = (size_t)(nl - p) + 1;
        luaL_addlstring(&b, (const char *)p, n);
        s->out_pos += n;
        got += (lua_Integer)n;
        if (nl != NULL)
            break;
    }
    s->delivered += (unsigned long long)got;
    luaL_pushresult(&b);
    return 1;
}

/* Stream:read(n): up to n bytes ("" for n <= 0) */
static int nx_s_read(lua_State *L)
{
    nx_stream *s = nx_stream_check(L);
    lua_Integer want = luaL_checkinteger(L, 2);
    if (want <= 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    return nx_s_take(L, s, want, 0);
}

/* Stream:line(max): the next line with its "\n", or at most max bytes of
** it (then without "\n": the caller sees the line was cut); nil at end. */
static int nx_s_line(lua_State *L)
{
    nx_stream *s = nx_stream_check(L);
    lua_Integer max = luaL_optinteger(L, 2, 1 << 20);
    if (max <= 0)
        return luaL_argerror(L, 2, "positive length expected");
    return nx_s_take(L, s, max, 1);
}

/* Stream:skip(n) -> bytes skipped (fewer at the end or at an error). */
static int nx_s_skip(lua_State *L)
{
    nx_stream *s = nx_stream_check(L);
    lua_Integer want = luaL_checkinteger(L, 2);
    lua_Integer got = 0;
    while (got < want) {
        size_t n;
        if (s->out_pos == s->out_len && !nx_stream_decode(s))
            break;
        n = s->out_len - s->out_pos;
        if ((lua_Integer)n > want - got)
            n = (size_t)(want - got);
        s->out_pos += n;
        got += (lua_Integer)n;
    }
    s->delivered += (unsigned long long)got;
    lua_pushinteger(L, got);
    return 1;
}

/* Stream:next_member(): in a gzip stream, drop the rest of the current
** member and any pending error; true if the stream is gzip. */
static int nx_s_next_member(lua_State *L)
{
    nx_stream *s = nx_stream_check(L);
    int gz = s->members > 0;
    if (gz) {
        s->out_pos = s->out_len = 0;
        if (s->mode == NX_S_GZIP)
            s->mode = NX_S_RESYNC;
        if (s->mode == NX_S_RESYNC)
            nx_stream_resync(s);
        s->err_pending = 0;
    }
    lua_pushboolean(L, gz);
    return 1;
}

/* Stream:tell() -> raw input bytes consumed, decoded bytes delivered,
** gzip members begun. */
static int nx_s_tell(lua_State *L)
{
    nx_stream *s = nx_stream_check(L);
    lua_pushnumber(L, (lua_Number)s->consumed);
    lua_pushnumber(L, (lua_Number)s->delivered);
    lua_pushnumber(L, (lua_Number)s->members);
    return 3;
}

static int nx_s_close(lua_State *L)
{
    nx_stream *s = (nx_stream *)luaL_checkudata(L, 1, NX_STREAM_MT);
    nx_stream_release(s);
    return 0;
}
/* }====================================================================== */

/* {======================================================================
** Processes and file descriptors
** ======================================================================= */

static int nx_push_errno(lua_State *L, const char *what)
{
    lua_pushnil(L);
    lua_pushfstring(L, "%s: %s", what, strerror(errno));
    return 2;
}

static int nx_b_fork(lua_State *L)
{
    pid_t pid;
    fflush(NULL);   /* buffered output must not be written twice */
    pid = fork();
    if (pid < 0)
        return nx_push_errno(L, "fork");
    lua_pushinteger(L, (lua_Integer)pid);
    return 1;
}

/* pipe([size]) -> read fd, write fd, capacity: the bytes a writer can
** put in before it blocks.  Where the system lets a pipe grow (Linux's
** F_SETPIPE_SZ), it is asked for `size`; a refusal keeps the default.
** Elsewhere the capacity reported is PIPE_BUF, the least a pipe holds. */
#if defined(__linux__) && !defined(F_SETPIPE_SZ)
#define F_SETPIPE_SZ 1031   /* F_LINUX_SPECIFIC_BASE + 7, without _GNU_SOURCE */
#define F_GETPIPE_SZ 1032
#endif
#ifndef PIPE_BUF
#define PIPE_BUF 512   /* POSIX: the least it may be */
#endif
static int nx_b_pipe(lua_State *L)
{
    int fds[2];
    lua_Integer want = luaL_optinteger(L, 1, 0);
    long cap = PIPE_BUF;
    if (pipe(fds) != 0)
        return nx_push_errno(L, "pipe");
    (void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
#ifdef F_SETPIPE_SZ
    {
        int got;
        if (want > 0 && want <= 1048576)
            (void)fcntl(fds[1], F_SETPIPE_SZ, (int)want);
        got = fcntl(fds[1], F_GETPIPE_SZ);
        if (got > 0)
            cap = got;
    }
#else
    (void)want;
#endif
    lua_pushinteger(L, fds[0]);
    lua_pushinteger(L, fds[1]);
    lua_pushinteger(L, (lua_Integer)cap);
    return 3;
}

/* write(fd, s) -> true, or nil, msg.  A reader gone (a worker that died)
** is EPIPE here, not a SIGPIPE that would end the whole run: the signal
** is blocked for the write and a pending one taken back. */
static int nx_b_write(lua_State *L)
{
    int fd = (int)luaL_checkinteger(L, 1);
    size_t len, off = 0;
    const char *p = luaL_checklstring(L, 2, &len);
    sigset_t pipe_set, old;
    int err = 0;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigprocmask(SIG_BLOCK, &pipe_set, &old);
    while (off < len) {
        ssize_t w = write(fd, p + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            err = w < 0 ? errno : EIO;
            break;
        }
        off += (size_t)w;
    }
    if (err == EPIPE) {
        struct timespec zero = { 0, 0 };
        (void)sigtimedwait(&pipe_set, NULL, &zero);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (err != 0) {
        errno = err;
        return nx_push_errno(L, "write");
    }
    lua_pushboolean(L, 1);
    return 1;
}

/* read(fd, n): exactly n bytes, fewer only at end of file; nil at end. */
static int nx_b_read(lua_State *L)
{
    int fd = (int)luaL_checkinteger(L, 1);
    lua_Integer want = luaL_checkinteger(L, 2);
    luaL_Buffer b;
    lua_Integer got = 0;
    char chunk[16384];
    luaL_buffinit(L, &b);
    while (got < want) {
        size_t n = (size_t)(want - got) < sizeof chunk ? (size_t)(want - got) : sizeof chunk;
        ssize_t r = read(fd, chunk, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            luaL_pushresult(&b);
            lua_pop(L, 1);
            return nx_push_errno(L, "read");
        }
        if (r == 0)
            break;
        luaL_addlstring(&b, chunk, (size_t)r);
        got += r;
    }
    luaL_pushresult(&b);
    if (got == 0 && want > 0) {
        lua_pop(L, 1);
        lua_pushnil(L);
    }
    return 1;
}

static int nx_b_close(lua_State *L)
{
    int fd = (int)luaL_checkinteger(L, 1);
    lua_pushboolean(L, close(fd) == 0);
    return 1;
}

/* poll({fd, ...}, ms) -> index of the first fd readable (or hung up), or
** nil on timeout. */
static int nx_b_poll(lua_State *L)
{
    struct pollfd fds[256];
    int n, i, ms, r;
    luaL_checktype(L, 1, LUA_TTABLE);
    ms = (int)luaL_optinteger(L, 2, -1);
    n = (int)lua_rawlen(L, 1);
    if (n > 256)
        return luaL_argerror(L, 1, "at most 256 descriptors");
    for (i = 0; i < n; i++) {
        lua_rawgeti(L, 1, i + 1);
        fds[i].fd = (int)luaL_checkinteger(L, -1);
        fds[i].events = POLLIN;
        fds[i].revents = 0;
        lua_pop(L, 1);
    }
    do
        r = poll(fds, (nfds_t)n, ms);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return nx_push_errno(L, "poll");
    for (i = 0; i < n; i++) {
        if (fds[i].revents != 0) {
            lua_pushinteger(L, i + 1);
            return 1;
        }
    }
    lua_pushnil(L);
    return 1;
}

/* waitpid(pid) -> exit code (128 + signal when killed) */
static int nx_b_waitpid(lua_State *L)
{
    pid_t pid = (pid_t)luaL_checkinteger(L, 1);
    int st = 0;
    pid_t r;
    do
        r = waitpid(pid, &st, 0);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return nx_push_errno(L, "waitpid");
    lua_pushinteger(L, WIFEXITED(st) ? WEXITSTATUS(st) :
        WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 255);
    return 1;
}

static int nx_b_exit(lua_State *L)
{
    int code = (int)luaL_optinteger(L, 1, 0);
    _exit(code);
    return 0;
}

/* exec({prog, arg...}): replaces the process; returns nil, msg on failure */
static int nx_b_exec(lua_State *L)
{
    char *argv[256];
    int n, i;
    luaL_checktype(L, 1, LUA_TTABLE);
    n = (int)lua_rawlen(L, 1);
    if (n < 1 || n > 255)
        return luaL_argerror(L, 1, "1 to 255 arguments expected");
    for (i = 0; i < n; i++) {
        lua_rawgeti(L, 1, i + 1);
        argv[i] = (char *)(uintptr_t)luaL_checkstring(L, -1);
        lua_pop(L, 1);   /* the strings stay alive in the table */
    }
    argv[n] = NULL;
    fflush(NULL);
    execvp(argv[0], argv);
    return nx_push_errno(L, argv[0]);
}

static int nx_b_ncpu(lua_State *L)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    lua_pushinteger(L, n > 0 ? n : 1);
    return 1;
}

/* limit_memory(bytes): this process's address space (RLIMIT_AS), so an
** allocation past it fails (a Lua memory error, a libxml2 error) instead
** of the machine swapping; for the CLI's workers. */
static int nx_b_limit_memory(lua_State *L)
{
    lua_Number n = luaL_checknumber(L, 1);
    struct rlimit rl;
    if (!(n >= 16.0 * 1024 * 1024))
        return luaL_argerror(L, 1, "at least 16 MiB expected");
    rl.rlim_cur = rl.rlim_max = (rlim_t)n;
    if (setrlimit(RLIMIT_AS, &rl) != 0)
        return nx_push_errno(L, "setrlimit");
    lua_pushboolean(L, 1);
    return 1;
}

/* now() -> seconds on the monotonic clock (for rates, not dates) */
static int nx_b_now(lua_State *L)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec / 1e9);
    return 1;
}

/* cpu() -> seconds of CPU (user + system) this process has used, and
** those of its children that have been waited for (the workers, once the
** run has reaped them): what the coordinator costs against its workers. */
static double nx_tv_seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static int nx_b_cpu(lua_State *L)
{
    struct rusage self, kids;
    if (getrusage(RUSAGE_SELF, &self) != 0 || getrusage(RUSAGE_CHILDREN, &kids) != 0)
        return nx_push_errno(L, "getrusage");
    lua_pushnumber(L, (lua_Number)(nx_tv_seconds(self.ru_utime) + nx_tv_seconds(self.ru_stime)));
    lua_pushnumber(L, (lua_Number)(nx_tv_seconds(kids.ru_utime) + nx_tv_seconds(kids.ru_stime)));
    return 2;
}

static int nx_b_isatty(lua_State *L)
{
    lua_pushboolean(L, isatty((int)luaL_checkinteger(L, 1)));
    return 1;
}
/* }====================================================================== */

static const luaL_Reg nx_stream_methods[] = {
    { "read", nx_s_read },
    { "line", nx_s_line },
    { "skip", nx_s_skip },
    { "next_member", nx_s_next_member },
    { "tell", nx_s_tell },
    { "close", nx_s_close },
    { NULL, NULL }
};

static const luaL_Reg nx_batch_funcs[] = {
    { "open", nx_b_open },
    { "stream", nx_b_stream },
    { "fork", nx_b_fork },
    { "pipe", nx_b_pipe },
    { "write", nx_b_write },
    { "read", nx_b_read },
    { "close", nx_b_close },
    { "poll", nx_b_poll },
    { "waitpid", nx_b_waitpid },
    { "exit", nx_b_exit },
    { "exec", nx_b_exec },
    { "ncpu", nx_b_ncpu },
    { "isatty", nx_b_isatty },
    { "now", nx_b_now },
    { "cpu", nx_b_cpu },
    { "limit_memory", nx_b_limit_memory },
    { NULL, NULL }
};

NX_FUNC void nx_batch_open(lua_State *L)
{
    luaL_newmetatable(L, NX_STREAM_MT);
    lua_pushcfunction(L, nx_s_close);
    lua_setfield(L, -2, "__gc");
    luaL_newlib(L, nx_stream_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_newlib(L, nx_batch_funcs);
    lua_setfield(L, -2, "batch");
}
