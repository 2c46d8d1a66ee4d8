/* SPDX-License-Identifier: MIT */
/*
** nx_util.h: the small helpers every concern needs, written once.
**
** ASCII case and HTML white space are decided byte by byte, never through
** <ctype.h>: the locale of the process that loads the module must not
** change what a page means.  The tree walks are loops, not recursion: an
** untrusted page can nest elements a hundred thousand deep.
**
** Header-only (static inline): each is a few lines that the compiler folds
** into its callers, and a file that includes this one compiles alone, in
** the amalgamation, or inside a test or fuzz harness without a link step.
*/
#ifndef NX_UTIL_H
#define NX_UTIL_H

#include <stddef.h>

#include <libxml/tree.h>

/* {======================================================================
** ASCII case and HTML white space
** ======================================================================= */

/* 'A'..'Z' -> 'a'..'z'; every other byte (UTF-8 included) unchanged. */
static inline int nx_ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Copy `n` bytes of `s` into `dst`, lower-cased (ASCII), and end it with a
** NUL: `dst` holds n + 1 bytes. */
static inline void nx_ascii_lower_copy(char *dst, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        dst[i] = (char)nx_ascii_lower((unsigned char)s[i]);
    dst[n] = '\0';
}

/* Does `s` start with `word` (lower-case), ignoring ASCII case? */
static inline int nx_starts_ci(const char *s, const char *word)
{
    for (; *word; s++, word++)
        if (nx_ascii_lower((unsigned char)*s) != (unsigned char)*word)
            return 0;
    return 1;
}

/* HTML's ASCII white space (tab, LF, FF, CR, space): what separates
** attribute values, class tokens and charset labels.  Not \v, which
** isspace() would accept. */
static inline int nx_is_html_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* }====================================================================== */

/* {======================================================================
** Tree walks
** ======================================================================= */

/*
** The node after `n`'s subtree in document order, inside `root`, or NULL
** past its end.  Every walk of the tree is a loop over this and
** `n->children`.
*/
static inline xmlNodePtr nx_next_after(xmlNodePtr n, xmlNodePtr root)
{
    while (n != NULL && n != root && n->next == NULL)
        n = n->parent;
    return (n == NULL || n == root) ? NULL : n->next;
}

/* Called for each element a walk leaves (its subtree is done). */
typedef void (*nx_leave_fn)(void *ud, xmlNodePtr left);

/*
** nx_next_after for walks that must see where each element ends (to close
** a tag, end a block, pop a parent): every ancestor of `n` the step climbs
** out of, below `root`, is passed to `leave` (innermost first).  `n`
** itself and `root` are not: the caller knows when those end.  NULL when
** the climb reaches `root` (or a detached top).
*/
static inline xmlNodePtr nx_walk_up(xmlNodePtr n, xmlNodePtr root,
                                    nx_leave_fn leave, void *ud)
{
    while (n != root && n->next == NULL) {
        n = n->parent;
        if (n == NULL || n == root)
            return NULL;
        leave(ud, n);
    }
    return n == root ? NULL : n->next;
}

/* }====================================================================== */

#endif
