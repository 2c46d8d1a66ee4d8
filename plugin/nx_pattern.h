/* SPDX-License-Identifier: MIT */
/*
** nx_pattern.h: Lua 5.4's pattern matcher with a step budget (see
** nx_pattern.c).  The binding (nx_core.c) drives it as lstrlib.c does:
** nx_pat_init per subject, nx_pat_reset per start position, nx_pat_match;
** a plain search (nx_pat_nospecials) goes through nx_pat_memfind.  A stop
** for budget sets ms->err to nx_pat_budget_msg, which the binding sees in
** the amalgamation.
*/
#ifndef NX_PATTERN_H
#define NX_PATTERN_H

#include "nx.h"

#define NX_PAT_MAXCAPTURES 32
#define NX_PAT_MAXCCALLS 200
#define NX_PAT_UNFINISHED (-1)
#define NX_PAT_POSITION (-2)
#define NX_PAT_ESC '%'
#define NX_PAT_SPECIALS "^$*+?.([%-"

typedef struct nx_pat {
    const char *src_init, *src_end, *p_end;
    int matchdepth, level;
    long long *steps;          /* left in the budget, shared by calls */
    const char *err;           /* NULL, nx_pat_budget_msg or an error */
    struct {
        const char *init;
        ptrdiff_t len;
    } capture[NX_PAT_MAXCAPTURES];
} nx_pat;

NX_FUNC void nx_pat_init(nx_pat *ms, const char *s, size_t ls, const char *p,
                         size_t lp, long long *steps);
NX_FUNC void nx_pat_reset(nx_pat *ms);
NX_FUNC const char *nx_pat_match(nx_pat *ms, const char *s, const char *p);
NX_FUNC const char *nx_pat_memfind(nx_pat *ms, const char *s, size_t l1,
                                   const char *p, size_t l2);
NX_FUNC int nx_pat_nospecials(const char *p, size_t l);

#endif
