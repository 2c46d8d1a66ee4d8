/* SPDX-License-Identifier: MIT */
/*
** nx_pattern.c: Lua's pattern matcher with a step budget.
**
** Rule files are untrusted code and data: a Lua pattern such as
** "(.-)*x" or "%S+@%S+" backtracks, and string.find runs it in C, where
** the sandbox's instruction hook never fires.  This is the matcher of Lua
** 5.4's lstrlib.c (Roberto Ierusalimschy's; MIT licence, as Lua), ported
** to count its work: every call of nx_pat_match, every character a
** repetition or %b scans and every byte a plain search compares takes one
** step from a budget the caller sets, and the match stops (NX_PAT_BUDGET)
** when it runs out.  Pattern errors are reported the same way, so nothing
** here raises: the binding (nx_core.c) turns both into Lua errors.
** Semantics are 5.4's on every VM (LuaJIT's own matcher is 5.1's: no
** %g class, no lastmatch rule in gsub/gmatch).  Character classes use
** <ctype.h>, as Lua's own string.find does (the process's locale, "C"
** unless the host program changed it).
*/
#include "nx_pattern.h"

#include <ctype.h>

#define NX_PAT_MAXCCALLS 200
#define NX_PAT_ESC '%'
#define NX_PAT_SPECIALS "^$*+?.([%-"

/* The message of a budget stop; pattern errors carry their own. */
static const char nx_pat_budget_msg[] = "budget";

NX_FUNC int nx_pat_out_of_budget(const nx_pat *ms)
{
    return ms->err == nx_pat_budget_msg;
}

static void nx_pat_fail(nx_pat *ms, const char *msg)
{
    if (ms->err == NULL)
        ms->err = msg;
}

/* Take `n` steps; 0 when the budget is spent. */
static int nx_pat_step(nx_pat *ms, long long n)
{
    *ms->steps -= n;
    if (*ms->steps < 0) {
        nx_pat_fail(ms, nx_pat_budget_msg);
        return 0;
    }
    return 1;
}

NX_FUNC void nx_pat_init(nx_pat *ms, const char *s, size_t ls, const char *p,
                        size_t lp, long long *steps)
{
    ms->src_init = s;
    ms->src_end = s + ls;
    ms->p_end = p + lp;
    ms->steps = steps;
    ms->err = NULL;
    ms->level = 0;
    ms->matchdepth = NX_PAT_MAXCCALLS;
}

NX_FUNC void nx_pat_reset(nx_pat *ms)
{
    ms->level = 0;
    ms->matchdepth = NX_PAT_MAXCCALLS;
}

static int nx_pat_check_capture(nx_pat *ms, int l)
{
    l -= '1';
    if (l < 0 || l >= ms->level || ms->capture[l].len == NX_PAT_UNFINISHED) {
        nx_pat_fail(ms, "invalid capture index in pattern");
        return -1;
    }
    return l;
}

static int nx_pat_capture_to_close(nx_pat *ms)
{
    int level = ms->level;
    for (level--; level >= 0; level--)
        if (ms->capture[level].len == NX_PAT_UNFINISHED)
            return level;
    nx_pat_fail(ms, "invalid pattern capture");
    return -1;
}

/* The end of the single-character class at p; NULL on a bad pattern. */
static const char *nx_pat_class_end(nx_pat *ms, const char *p)
{
    switch (*p++) {
    case NX_PAT_ESC:
        if (p == ms->p_end) {
            nx_pat_fail(ms, "malformed pattern (ends with '%')");
            return NULL;
        }
        return p + 1;
    case '[':
        if (*p == '^')
            p++;
        do {                       /* look for a ']' */
            if (p == ms->p_end) {
                nx_pat_fail(ms, "malformed pattern (missing ']')");
                return NULL;
            }
            if (*(p++) == NX_PAT_ESC && p < ms->p_end)
                p++;               /* skip escapes (e.g. '%]') */
        } while (*p != ']');
        return p + 1;
    default:
        return p;
    }
}

static int nx_pat_match_class(int c, int cl)
{
    int res;
    switch (tolower(cl)) {
    case 'a': res = isalpha(c); break;
    case 'c': res = iscntrl(c); break;
    case 'd': res = isdigit(c); break;
    case 'g': res = isgraph(c); break;
    case 'l': res = islower(c); break;
    case 'p': res = ispunct(c); break;
    case 's': res = isspace(c); break;
    case 'u': res = isupper(c); break;
    case 'w': res = isalnum(c); break;
    case 'x': res = isxdigit(c); break;
    default: return cl == c;
    }
    if (isupper(cl))
        res = !res;
    return res;
}

static int nx_pat_bracket(int c, const char *p, const char *ec)
{
    int sig = 1;
    if (*(p + 1) == '^') {
        sig = 0;
        p++;                       /* skip the '^' */
    }
    while (++p < ec) {
        if (*p == NX_PAT_ESC) {
            p++;
            if (nx_pat_match_class(c, (unsigned char)*p))
                return sig;
        } else if (*(p + 1) == '-' && p + 2 < ec) {
            p += 2;
            if ((unsigned char)*(p - 2) <= c && c <= (unsigned char)*p)
                return sig;
        } else if ((unsigned char)*p == c) {
            return sig;
        }
    }
    return !sig;
}

static int nx_pat_single(nx_pat *ms, const char *s, const char *p,
                         const char *ep)
{
    int c;
    if (s >= ms->src_end)
        return 0;
    c = (unsigned char)*s;
    switch (*p) {
    case '.':
        return 1;
    case NX_PAT_ESC:
        return nx_pat_match_class(c, (unsigned char)*(p + 1));
    case '[':
        return nx_pat_bracket(c, p, ep - 1);
    default:
        return (unsigned char)*p == c;
    }
}


static const char *nx_pat_balance(nx_pat *ms, const char *s, const char *p)
{
    int b, e, cont = 1;
    if (p >= ms->p_end - 1) {
        nx_pat_fail(ms, "malformed pattern (missing arguments to '%b')");
        return NULL;
    }
    if (s >= ms->src_end || *s != *p)
        return NULL;
    b = *p;
    e = *(p + 1);
    while (++s < ms->src_end) {
        if (!nx_pat_step(ms, 1))
            return NULL;
        if (*s == e) {
            if (--cont == 0)
                return s + 1;
        } else if (*s == b) {
            cont++;
        }
    }
    return NULL;
}

static const char *nx_pat_max_expand(nx_pat *ms, const char *s, const char *p,
                                     const char *ep)
{
    ptrdiff_t i = 0;
    while (nx_pat_single(ms, s + i, p, ep)) {
        if (!nx_pat_step(ms, 1))
            return NULL;
        i++;
    }
    /* try with the most repetitions, then one less, ... */
    while (i >= 0) {
        const char *res = nx_pat_match(ms, s + i, ep + 1);
        if (res != NULL || ms->err != NULL)
            return res;
        i--;
    }
    return NULL;
}

static const char *nx_pat_min_expand(nx_pat *ms, const char *s, const char *p,
                                     const char *ep)
{
    for (;;) {
        const char *res = nx_pat_match(ms, s, ep + 1);
        if (res != NULL || ms->err != NULL)
            return res;
        if (nx_pat_single(ms, s, p, ep))
            s++;
        else
            return NULL;
    }
}

static const char *nx_pat_start_capture(nx_pat *ms, const char *s,
                                        const char *p, ptrdiff_t what)
{
    const char *res;
    int level = ms->level;
    if (level >= NX_PAT_MAXCAPTURES) {
        nx_pat_fail(ms, "too many captures");
        return NULL;
    }
    ms->capture[level].init = s;
    ms->capture[level].len = what;
    ms->level = level + 1;
    if ((res = nx_pat_match(ms, s, p)) == NULL)
        ms->level--;               /* undo the capture */
    return res;
}

static const char *nx_pat_end_capture(nx_pat *ms, const char *s, const char *p)
{
    int l = nx_pat_capture_to_close(ms);
    const char *res;
    if (l < 0)
        return NULL;
    ms->capture[l].len = s - ms->capture[l].init;
    if ((res = nx_pat_match(ms, s, p)) == NULL)
        ms->capture[l].len = NX_PAT_UNFINISHED;
    return res;
}

static const char *nx_pat_match_capture(nx_pat *ms, const char *s, int l)
{
    size_t len;
    l = nx_pat_check_capture(ms, l);
    if (l < 0)
        return NULL;
    len = (size_t)ms->capture[l].len;
    if (!nx_pat_step(ms, (long long)len))
        return NULL;
    if ((size_t)(ms->src_end - s) >= len &&
        memcmp(ms->capture[l].init, s, len) == 0)
        return s + len;
    return NULL;
}

/*
** The cases of nx_pat_match below share its loop: lstrlib's do_match
** ends a case either with a result or with a tail call ("goto init" on a
** shorter pattern), which must stay a jump, not a recursion, or a long
** pattern would use the C stack (and the matchdepth budget) per item.
** So a case returns 1 with *ps, *pp set to where matching goes on (the
** caller jumps back to its loop, which counts the step), or 0 with *ps
** the result (NULL: no match, or ms->err says why).  Each is called from
** one place only, so the compiler inlines it and s, p stay in registers
** (the matcher runs as fast as lstrlib's single function).
*/

/* The default case: a single-character class, maybe with a quantifier
** ('?', '+', '*', '-') after it. */
static int nx_pat_default(nx_pat *ms, const char **ps, const char **pp)
{
    const char *s = *ps, *p = *pp, *ep = nx_pat_class_end(ms, p);
    if (ep == NULL) {
        *ps = NULL;
        return 0;
    }
    if (!nx_pat_single(ms, s, p, ep)) {
        if (*ep == '*' || *ep == '?' || *ep == '-') {
            *pp = ep + 1;                  /* accept the empty match */
            return 1;
        }
        *ps = NULL;
        return 0;
    }
    switch (*ep) {
    case '?': {
        /* with the character first; without it only if that fails (and
        ** not when it failed on an error: the budget is spent) */
        const char *res = nx_pat_match(ms, s + 1, ep + 1);
        if (res != NULL || ms->err != NULL) {
            *ps = res;
            return 0;
        }
        *pp = ep + 1;
        return 1;
    }
    case '+':
        *ps = nx_pat_max_expand(ms, s + 1, p, ep);
        return 0;
    case '*':
        *ps = nx_pat_max_expand(ms, s, p, ep);
        return 0;
    case '-':
        *ps = nx_pat_min_expand(ms, s, p, ep);
        return 0;
    default:                               /* no quantifier: one character */
        *ps = s + 1;
        *pp = ep;
        return 1;
    }
}

/* The '%' case: %b (balance), %f (frontier), %0-%9 (back reference);
** returns -1 for any other escape: a character class, the default case. */
static int nx_pat_escape(nx_pat *ms, const char **ps, const char **pp)
{
    const char *s = *ps, *p = *pp, *ep;
    int previous;
    switch (*(p + 1)) {
    case 'b':
        *ps = s = nx_pat_balance(ms, s, p + 2);
        if (s == NULL)
            return 0;
        *pp = p + 4;
        return 1;
    case 'f':
        p += 2;
        if (*p != '[') {
            nx_pat_fail(ms, "missing '[' after '%f' in pattern");
            *ps = NULL;
            return 0;
        }
        ep = nx_pat_class_end(ms, p);
        if (ep == NULL) {
            *ps = NULL;
            return 0;
        }
        /* a frontier: the previous character (NUL at the start) is not
        ** in the set and the next one (NUL at the end) is */
        previous = (s == ms->src_init) ? '\0' : (unsigned char)*(s - 1);
        if (!nx_pat_bracket(previous, p, ep - 1) &&
            nx_pat_bracket(s < ms->src_end ? (unsigned char)*s : '\0',
                           p, ep - 1)) {
            *pp = ep;
            return 1;
        }
        *ps = NULL;
        return 0;
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        *ps = s = nx_pat_match_capture(ms, s, (unsigned char)*(p + 1));
        if (s == NULL)
            return 0;
        *pp = p + 2;
        return 1;
    default:
        return -1;
    }
}

/* lstrlib's do_match: where a match of p at s ends, or NULL.  Each pass
** of the loop (each pattern item tried) costs one step of the budget;
** each recursion one level of matchdepth, given back on return. */
NX_FUNC const char *nx_pat_match(nx_pat *ms, const char *s, const char *p)
{
    if (ms->matchdepth-- == 0) {
        nx_pat_fail(ms, "pattern too complex");
        return NULL;
    }
init:
    if (ms->err != NULL || !nx_pat_step(ms, 1)) {
        s = NULL;
    } else if (p != ms->p_end) {
        int more;
        switch (*p) {
        case '(':
            if (*(p + 1) == ')')
                s = nx_pat_start_capture(ms, s, p + 2, NX_PAT_POSITION);
            else
                s = nx_pat_start_capture(ms, s, p + 1, NX_PAT_UNFINISHED);
            break;
        case ')':
            s = nx_pat_end_capture(ms, s, p + 1);
            break;
        case '$':
            /* an anchor only at the pattern's end; elsewhere a character */
            if ((p + 1) == ms->p_end) {
                s = (s == ms->src_end) ? s : NULL;
                break;
            }
            goto dflt;
        case NX_PAT_ESC:
            more = nx_pat_escape(ms, &s, &p);
            if (more > 0)
                goto init;
            if (more == 0)
                break;
            /* any other escape is a character class: */
            /* fall through */
        default:
        dflt:
            if (nx_pat_default(ms, &s, &p))
                goto init;
            break;
        }
    }
    ms->matchdepth++;
    return ms->err != NULL ? NULL : s;
}

/* A plain search for p in s, each candidate's comparison counted;
** NULL when absent or out of budget (ms->err says which). */
NX_FUNC const char *nx_pat_memfind(nx_pat *ms, const char *s, size_t l1,
                                  const char *p, size_t l2)
{
    const char *init;
    if (l2 == 0)
        return s;
    if (l2 > l1)
        return NULL;
    l2--;                          /* the first byte is matched by memchr */
    l1 -= l2;
    while (l1 > 0 && (init = (const char *)memchr(s, *p, l1)) != NULL) {
        init++;
        if (!nx_pat_step(ms, (long long)l2 + 1))
            return NULL;
        if (memcmp(init, p + 1, l2) == 0)
            return init - 1;
        l1 -= (size_t)(init - s);
        s = init;
    }
    return NULL;
}

/* Does p hold none of the pattern specials (a plain search will do)? */
NX_FUNC int nx_pat_nospecials(const char *p, size_t l)
{
    size_t upto = 0;
    do {
        if (strpbrk(p + upto, NX_PAT_SPECIALS))
            return 0;
        upto += strlen(p + upto) + 1;   /* may have more after a \0 */
    } while (upto <= l);
    return 1;
}
