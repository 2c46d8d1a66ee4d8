/* SPDX-License-Identifier: MIT */
/*
** bench.c: throughput and memory of newsextract against bare libxml2, in
** one process and one run, over the same bytes.
**
**   (a) bare parse: htmlReadMemory with nx_parse.c's options, xmlFreeDoc
**   (b) newsextract.extract(page, { rules = false }) through Lua 5.4
**   (c) extract with the bundled site rules, on the Reuters pages, with the
**       URL SOURCES.md gives; "n/a" while newsextract.rules() is missing
**   (d) newsextract.extract(page [, { url = U }]): the default options
**       (bundled rules on) on every page -- the "speed past the parser"
**       ratio is (a)/(d) -- and its peak heap over (a)'s on every page
**
** Each pass runs (a), (b), (c) over every page; the median pass is
** reported.  Memory: every malloc of the process (Lua, libxml2 and the
** module's own buffers) is counted by wrapping glibc's allocator -- a
** global hook, fine in a benchmark program, never in the module -- and
** peak RSS is read from /proc/self/status after resetting the high-water
** mark (clear_refs 5), for the largest page, for (a) and for (b).
**
** Usage: bench [-p passes] [-r rules_dir] [file-or-dir ...]
** Default pages: $NX_CORPUS (the reuters pages and every
** readability-test-pages source.html).  Output: a Markdown table.
*/
#define _GNU_SOURCE
#include <dirent.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "nx.h"
#include "nx_parse.c"

#ifndef NX_BENCH_ROOT
#define NX_BENCH_ROOT "."
#endif

/* {======================================================================
** Counting allocator: glibc's, with live/peak/total bytes kept aside.
** ======================================================================= */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

static size_t bench_live, bench_peak, bench_total, bench_calls;

static void bench_count(void *p)
{
    size_t n;
    if (p == NULL)
        return;
    n = malloc_usable_size(p);
    bench_live += n;
    bench_total += n;
    bench_calls++;
    if (bench_live > bench_peak)
        bench_peak = bench_live;
}

static void bench_uncount(void *p)
{
    if (p != NULL)
        bench_live -= malloc_usable_size(p);
}

void *malloc(size_t n)
{
    void *p = __libc_malloc(n);
    bench_count(p);
    return p;
}

void *calloc(size_t a, size_t b)
{
    void *p = __libc_calloc(a, b);
    bench_count(p);
    return p;
}

void *realloc(void *old, size_t n)
{
    void *p;
    size_t was = old ? malloc_usable_size(old) : 0;
    p = __libc_realloc(old, n);
    if (p != NULL || n == 0) {
        bench_live -= was;
        if (p != NULL) {
            size_t now = malloc_usable_size(p);
            bench_live += now;
            if (now > was)
                bench_total += now - was;
            bench_calls++;
            if (bench_live > bench_peak)
                bench_peak = bench_live;
        }
    }
    return p;
}

void free(void *p)
{
    bench_uncount(p);
    __libc_free(p);
}

void *memalign(size_t a, size_t n)
{
    void *p = __libc_memalign(a, n);
    bench_count(p);
    return p;
}

int posix_memalign(void **out, size_t a, size_t n)
{
    void *p = __libc_memalign(a, n);
    if (p == NULL)
        return 12;      /* ENOMEM */
    bench_count(p);
    *out = p;
    return 0;
}

void *aligned_alloc(size_t a, size_t n)
{
    return memalign(a, n);
}

/* }====================================================================== */

typedef struct bench_page {
    char *path, *data, *url;
    size_t len;
    int reuters;
} bench_page;

typedef struct bench_set {
    bench_page *v;
    size_t n, cap;
} bench_set;

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *bench_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long n;
    char *buf;
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
        fclose(f);
        return NULL;
    }
    rewind(f);
    buf = (char *)malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static void bench_add(bench_set *s, const char *path)
{
    bench_page *p;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = (bench_page *)realloc(s->v, s->cap * sizeof *s->v);
        if (s->v == NULL)
            abort();
    }
    p = &s->v[s->n];
    memset(p, 0, sizeof *p);
    p->data = bench_read(path, &p->len);
    if (p->data == NULL) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        return;
    }
    p->path = strdup(path);
    p->reuters = strstr(path, "/reuters/") != NULL;
    s->n++;
}

static int bench_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.html (or source.html under readability-test-pages) below dir,
** sorted, recursive by an explicit stack of paths. */
static void bench_scan(bench_set *s, const char *dir)
{
    char **stack = NULL, **files = NULL;
    size_t ns = 0, nf = 0, i;
    stack = (char **)malloc(sizeof *stack * 4096);
    files = (char **)malloc(sizeof *files * 65536);
    if (stack == NULL || files == NULL)
        abort();
    stack[ns++] = strdup(dir);
    while (ns > 0) {
        char *d = stack[--ns];
        DIR *h = opendir(d);
        struct dirent *e;
        while (h != NULL && (e = readdir(h)) != NULL) {
            char p[4096];
            struct stat st;
            size_t l = strlen(e->d_name);
            if (e->d_name[0] == '.')
                continue;
            snprintf(p, sizeof p, "%s/%s", d, e->d_name);
            if (stat(p, &st) != 0)
                continue;
            if (S_ISDIR(st.st_mode) && ns < 4096)
                stack[ns++] = strdup(p);
            else if (S_ISREG(st.st_mode) && l > 5 &&
                     strcmp(e->d_name + l - 5, ".html") == 0 &&
                     strcmp(e->d_name, "expected.html") != 0 && nf < 65536)
                files[nf++] = strdup(p);
        }
        if (h)
            closedir(h);
        free(d);
    }
    qsort(files, nf, sizeof *files, bench_cmp_str);
    for (i = 0; i < nf; i++) {
        bench_add(s, files[i]);
        free(files[i]);
    }
    free(stack);
    free(files);
}

/* URLs of the Reuters pages, from reuters/SOURCES.md ("| file | .. | url |"). */
static void bench_urls(bench_set *s, const char *corpus)
{
    char path[4096];
    size_t len, i;
    char *src;
    snprintf(path, sizeof path, "%s/reuters/SOURCES.md", corpus);
    src = bench_read(path, &len);
    if (src == NULL)
        return;
    for (i = 0; i < s->n; i++) {
        const char *base = strrchr(s->v[i].path, '/');
        char *at, *u, *end;
        if (!s->v[i].reuters || base == NULL)
            continue;
        at = strstr(src, base + 1);
        if (at == NULL)
            continue;
        u = strstr(at, "http");
        end = u ? strpbrk(u, " |\n") : NULL;
        if (u != NULL && end != NULL && memchr(at, '\n', (size_t)(u - at)) == NULL)
            s->v[i].url = strndup(u, (size_t)(end - u));
    }
    free(src);
}

static void bench_parse(const bench_page *p)
{
    htmlDocPtr doc = htmlReadMemory(p->data, (int)p->len, NULL, "UTF-8",
                                    NX_PARSE_OPTIONS);
    if (doc != NULL)
        xmlFreeDoc(doc);
}

/* Lua side: bench_extract(page, url, set) in the registry. */
static const char bench_lua[] =
    "local root = ...\n"
    "package.path = root .. '/lua/?.lua;' .. root .. '/lua/?/init.lua;' .. package.path\n"
    "package.cpath = (os.getenv('NX_BUILD') or (root .. '/build/lua5.4')) .. '/?.so;' .. package.cpath\n"
    "local nx = require 'newsextract'\n"
    "local set\n"
    "local ok, s, err = pcall(nx.rules, root .. '/rules')\n"
    "if ok and s then set = s else set = false end\n"
    "local generic = { rules = false }\n"
    "local core = require 'newsextract.core'\n"
    "local function run(page, url, mode)\n"
    "  if mode == 3 then local d = core.parse(page); if d then d:free() end; return 1, nil end\n"
    "  local opts = generic\n"
    "  if mode == 1 then opts = { rules = set, url = url }\n"
    "  elseif mode == 2 then opts = url and { url = url } or nil end\n"
    "  local a, e = nx.extract(page, opts)\n"
    "  if not a then return 0, nil end\n"
    "  return #(a.paragraphs or {}), a.rule\n"
    "end\n"
    "return run, set and true or false, (not ok and tostring(s)) or err\n";

static int bench_extract(lua_State *L, const bench_page *p, int rules,
                         int *paras, int *ruled)
{
    lua_pushvalue(L, 1);
    lua_pushlstring(L, p->data, p->len);
    if (p->url)
        lua_pushstring(L, p->url);
    else
        lua_pushnil(L);
    lua_pushinteger(L, rules);
    if (lua_pcall(L, 3, 2, 0) != LUA_OK) {
        fprintf(stderr, "bench: %s: %s\n", p->path, lua_tostring(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    *paras = (int)lua_tointeger(L, -2);
    *ruled = !lua_isnil(L, -1);
    lua_pop(L, 2);
    return 0;
}

static int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* VmRSS / VmHWM in kB; reset_hwm writes 5 to clear_refs first. */
static long bench_status(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t kl = strlen(key);
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, key, kl) == 0 && line[kl] == ':')
            v = strtol(line + kl + 1, NULL, 10);
    if (f)
        fclose(f);
    return v;
}

static int bench_reset_hwm(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    int ok;
    if (f == NULL)
        return 0;
    ok = fputs("5", f) >= 0;
    return fclose(f) == 0 && ok;
}

typedef struct bench_mem {
    size_t peak, total;   /* bytes: peak live above the start, allocated */
    long rss_kb;          /* peak RSS growth, -1 when unknown */
} bench_mem;

static void bench_mem_begin(size_t *base, long *rss0, int *hwm)
{
    *hwm = bench_reset_hwm();
    *rss0 = bench_status("VmRSS");
    *base = bench_live;
    bench_peak = bench_live;
    bench_total = 0;
}

static void bench_mem_end(bench_mem *m, size_t base, long rss0, int hwm)
{
    long hw = bench_status("VmHWM");
    m->peak = bench_peak - base;
    m->total = bench_total;
    m->rss_kb = hwm && hw >= 0 && rss0 >= 0 ? hw - rss0 : -1;
}

int main(int argc, char **argv)
{
    bench_set s;
    const char *corpus = getenv("NX_CORPUS"), *root = getenv("NX_ROOT");
    int passes = 5, i, k, nargs = 0, have_rules, largest = 0;
    double *ta, *tb, *tc, *tbr, *td, *tp;
    double worst_mem = 0, *mem_ratio;
    int over_mem = 0;
    int worst_page = 0;
    size_t bytes = 0, rbytes = 0, nreuters = 0, base;
    long rss0;
    int hwm, ruled_pages = 0, empty_pages = 0, failures = 0;
    bench_mem ma, mb;
    lua_State *L;
    if (corpus == NULL)
        corpus = "../shared/corpus";
    if (root == NULL)
        root = NX_BENCH_ROOT;
    memset(&s, 0, sizeof s);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
            passes = atoi(argv[++i]);
            if (passes < 1)
                passes = 1;
        } else {
            struct stat st;
            nargs++;
            if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
                bench_scan(&s, argv[i]);
            else
                bench_add(&s, argv[i]);
        }
    }
    if (nargs == 0) {
        char d[4096];
        snprintf(d, sizeof d, "%s/reuters", corpus);
        bench_scan(&s, d);
        snprintf(d, sizeof d, "%s/readability-test-pages", corpus);
        bench_scan(&s, d);
    }
    if (s.n == 0) {
        fprintf(stderr, "bench: no pages (corpus at %s? set NX_CORPUS)\n", corpus);
        return 1;
    }
    bench_urls(&s, corpus);
    for (i = 0; i < (int)s.n; i++) {
        bytes += s.v[i].len;
        if (s.v[i].reuters) {
            rbytes += s.v[i].len;
            nreuters++;
        }
        if (s.v[i].len > s.v[largest].len)
            largest = i;
    }

    xmlInitParser();
    L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_loadstring(L, bench_lua) != LUA_OK) {
        fprintf(stderr, "bench: %s\n", lua_tostring(L, -1));
        return 1;
    }
    lua_pushstring(L, root);
    if (lua_pcall(L, 1, 3, 0) != LUA_OK) {
        fprintf(stderr, "bench: %s\n", lua_tostring(L, -1));
        return 1;
    }
    have_rules = lua_toboolean(L, 2);
    if (!have_rules && !lua_isnil(L, 3))
        fprintf(stderr, "bench: rules not available: %s\n", lua_tostring(L, 3));
    lua_settop(L, 1);              /* the run function stays at index 1 */

    /* warm-up: one untimed pass, also to count what (b) and (c) produced */
    for (i = 0; i < (int)s.n; i++) {
        int paras = 0, ruled = 0;
        bench_parse(&s.v[i]);
        if (bench_extract(L, &s.v[i], 0, &paras, &ruled) != 0)
            failures++;
        else if (paras == 0)
            empty_pages++;
        if (have_rules && s.v[i].reuters &&
            bench_extract(L, &s.v[i], 1, &paras, &ruled) == 0 && ruled)
            ruled_pages++;
    }

    ta = (double *)calloc((size_t)passes, sizeof *ta);
    tb = (double *)calloc((size_t)passes, sizeof *tb);
    tc = (double *)calloc((size_t)passes, sizeof *tc);
    tbr = (double *)calloc((size_t)passes, sizeof *tbr);
    td = (double *)calloc((size_t)passes, sizeof *td);
    tp = (double *)calloc((size_t)passes, sizeof *tp);
    mem_ratio = (double *)calloc(s.n, sizeof *mem_ratio);
    for (k = 0; k < passes; k++) {
        double t0;
        int paras, ruled;
        t0 = bench_now();
        for (i = 0; i < (int)s.n; i++)
            bench_parse(&s.v[i]);
        ta[k] = bench_now() - t0;
        tbr[k] = 0;
        t0 = bench_now();
        for (i = 0; i < (int)s.n; i++) {
            double t1 = bench_now();
            bench_extract(L, &s.v[i], 0, &paras, &ruled);
            if (s.v[i].reuters)
                tbr[k] += bench_now() - t1;
        }
        tb[k] = bench_now() - t0;
        if (have_rules) {
            t0 = bench_now();
            for (i = 0; i < (int)s.n; i++)
                if (s.v[i].reuters)
                    bench_extract(L, &s.v[i], 1, &paras, &ruled);
            tc[k] = bench_now() - t0;
        }
        t0 = bench_now();
        for (i = 0; i < (int)s.n; i++)
            bench_extract(L, &s.v[i], 2, &paras, &ruled);
        td[k] = bench_now() - t0;
        t0 = bench_now();
        for (i = 0; i < (int)s.n; i++)
            bench_extract(L, &s.v[i], 3, &paras, &ruled);
        tp[k] = bench_now() - t0;
    }

    /* memory, every page: (d)'s peak heap over (a)'s */
    for (i = 0; i < (int)s.n; i++) {
        int paras, ruled;
        bench_mem m1, m2;
        lua_gc(L, LUA_GCCOLLECT, 0);
        bench_mem_begin(&base, &rss0, &hwm);
        bench_parse(&s.v[i]);
        bench_mem_end(&m1, base, rss0, hwm);
        lua_gc(L, LUA_GCCOLLECT, 0);
        bench_mem_begin(&base, &rss0, &hwm);
        bench_extract(L, &s.v[i], 2, &paras, &ruled);
        bench_mem_end(&m2, base, rss0, hwm);
        mem_ratio[i] = (double)m2.peak / (double)(m1.peak ? m1.peak : 1);
        if (mem_ratio[i] > 1.5)
            over_mem++;
        if (getenv("BENCH_MEM_PAGES") != NULL)   /* every page, on stderr */
            fprintf(stderr, "mem %.2f bytes %zu peak-parse %zu peak-extract %zu %s\n",
                    mem_ratio[i], s.v[i].len, m1.peak, m2.peak, s.v[i].path);
        if (mem_ratio[i] > worst_mem) {
            worst_mem = mem_ratio[i];
            worst_page = i;
        }
    }

    /* memory, largest page */
    {
        int paras, ruled;
        lua_gc(L, LUA_GCCOLLECT, 0);
        bench_mem_begin(&base, &rss0, &hwm);
        bench_parse(&s.v[largest]);
        bench_mem_end(&ma, base, rss0, hwm);
        lua_gc(L, LUA_GCCOLLECT, 0);
        bench_mem_begin(&base, &rss0, &hwm);
        bench_extract(L, &s.v[largest], 0, &paras, &ruled);
        bench_mem_end(&mb, base, rss0, hwm);
    }

    {
        double a = bench_median(ta, passes), b = bench_median(tb, passes);
        double mb_s = (double)bytes / 1048576.0;
        printf("pages: %d (%.1f MB), %d passes, median pass reported; "
               "libxml2 %s, %s\n\n", (int)s.n, mb_s, passes,
               xmlParserVersion, LUA_RELEASE);
        printf("| measure | time/pass | MB/s | pages/s | vs (a) |\n");
        printf("|---|---:|---:|---:|---:|\n");
        printf("| (a) bare libxml2 parse | %.3f s | %.1f | %.0f | 1.00 |\n",
               a, mb_s / a, s.n / a);
        printf("| (b) extract, rules off | %.3f s | %.1f | %.0f | %.2f |\n",
               b, mb_s / b, s.n / b, a / b);
        if (have_rules && nreuters > 0) {
            double c = bench_median(tc, passes), br = bench_median(tbr, passes);
            double rmb = (double)rbytes / 1048576.0;
            printf("| (b) on the %d Reuters pages only | %.3f s | %.1f | %.0f | |\n",
                   (int)nreuters, br, rmb / br, nreuters / br);
            printf("| (c) extract, Reuters rules, Reuters pages | %.3f s | %.1f | %.0f | (c)/(b) same pages: %.2f |\n",
                   c, rmb / c, nreuters / c, br / c);
        } else {
            printf("| (c) extract with Reuters rules | n/a | n/a | n/a | %s |\n",
                   have_rules ? "no Reuters page among the inputs" :
                                "rules not available");
        }
        {
            double d = bench_median(td, passes);
            printf("| (d) extract, default options (bundled rules on) | %.3f s | %.1f | %.0f | **%.2f** |\n",
                   d, mb_s / d, s.n / d, a / d);
            printf("| (p) of which core.parse alone (decode, pre-pass, libxml2, fix-ups; freed) | %.3f s | %.1f | %.0f | %.2f |\n",
                   bench_median(tp, passes), mb_s / bench_median(tp, passes),
                   s.n / bench_median(tp, passes), a / bench_median(tp, passes));
            printf("\nd/a throughput ratio (default options vs bare parse): %.2f (goal >= 1.0)\n", a / d);
        }
        printf("b/a throughput ratio: %.2f (goal >= 0.70)\n", a / b);
        printf("(b) pages with no paragraph: %d; errors: %d; (c) pages a rule matched: %d of %d\n\n",
               empty_pages, failures, ruled_pages, (int)nreuters);
        printf("Largest page: %s (%.2f MB)\n\n", s.v[largest].path,
               (double)s.v[largest].len / 1048576.0);
        printf("| memory, largest page | peak heap | peak heap / input byte | allocated | allocated / input byte | peak RSS growth |\n");
        printf("|---|---:|---:|---:|---:|---:|\n");
        printf("| (a) bare parse | %.1f MB | %.1f | %.1f MB | %.1f | %ld kB |\n",
               ma.peak / 1048576.0, (double)ma.peak / s.v[largest].len,
               ma.total / 1048576.0, (double)ma.total / s.v[largest].len, ma.rss_kb);
        printf("| (b) extract | %.1f MB | %.1f | %.1f MB | %.1f | %ld kB |\n",
               mb.peak / 1048576.0, (double)mb.peak / s.v[largest].len,
               mb.total / 1048576.0, (double)mb.total / s.v[largest].len, mb.rss_kb);
        printf("\npeak heap (b)/(a): %.2f (goal <= 1.5)\n",
               (double)mb.peak / (double)(ma.peak ? ma.peak : 1));
        printf("peak heap (d)/(a), every page: median %.2f, worst %.2f (%s), %d of %d pages over 1.5 (goal <= 1.5 on every page; BENCH_MEM_PAGES=1 lists them)\n",
               bench_median(mem_ratio, (int)s.n), worst_mem, s.v[worst_page].path,
               over_mem, (int)s.n);
    }
    lua_close(L);
    for (i = 0; i < (int)s.n; i++) {
        free(s.v[i].data);
        free(s.v[i].path);
        free(s.v[i].url);
    }
    free(s.v);
    free(ta);
    free(tb);
    free(tc);
    free(tbr);
    free(td);
    free(tp);
    free(mem_ratio);
    return 0;
}
