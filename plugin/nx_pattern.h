/* SPDX-License-Identifier: MIT */
/*
** nx_pattern.h: Lua 5.4's pattern matcher with a step budget (for the rule
** sandbox: string.find & co. that stop instead of backtracking for ever).
*/
#ifndef NX_PATTERN_H
#define NX_PATTERN_H

#include "nx.h"

#define NX_PAT_MAXCAPTURES 32
#define NX_PAT_UNFINISHED (-1)
#define NX_PAT_POSITION (-2)

/* One match in progress: the subject, the pattern's end, the captures,
** and the budget it draws on.  `err`: NULL, or why it stopped: out of steps
** (nx_pat_out_of_budget) or a static message naming a malformed pattern. */
typedef struct nx_pat {
    const char *src_init, *src_end, *p_end;
    int matchdepth, level;
    long long *steps;          /* left in the budget, shared by calls */
    const char *err;
    struct {
        const char *init;
        ptrdiff_t len;         /* or NX_PAT_UNFINISHED / NX_PAT_POSITION */
    } capture[NX_PAT_MAXCAPTURES];
} nx_pat;

/* Did the match stop because the budget ran out (not a bad pattern)? */
NX_FUNC int nx_pat_out_of_budget(const nx_pat *ms);

/* Start matching s[0..ls) against p[0..lp), drawing on *steps. */
NX_FUNC void nx_pat_init(nx_pat *ms, const char *s, size_t ls, const char *p,
                         size_t lp, long long *steps);
/* Before each new attempt (another start position). */
NX_FUNC void nx_pat_reset(nx_pat *ms);
/* Where a match of p at s ends, or NULL (no match, or ms->err set). */
NX_FUNC const char *nx_pat_match(nx_pat *ms, const char *s, const char *p);
/* A plain search of p[0..l2) in s[0..l1), every comparison counted. */
NX_FUNC const char *nx_pat_memfind(nx_pat *ms, const char *s, size_t l1,
                                   const char *p, size_t l2);
/* Does p hold no pattern special (a plain search will do)? */
NX_FUNC int nx_pat_nospecials(const char *p, size_t l);

#endif
