/* SPDX-License-Identifier: MIT */
/*
** nx_readerable.h: is this page probably an article?  Readability's
** isProbablyReaderable on the raw tree, in two walks and no XPath.
*/
#ifndef NX_READERABLE_H
#define NX_READERABLE_H

#include "nx.h"

/* A node is measured up to the length that alone passes any page (the
** score's square plus the minimum length), and no further than this many
** nodes: nested containers cost their first bytes, not their subtrees. */
#define NX_READERABLE_VISITS 4096

/*
** The score of `doc`: sqrt(length - min_len) summed over the visible
** <p> (not inside an <li>), then <pre>, <article> and <div>s with a <br>
** child, whose text has at least min_len characters, stopping once it
** passes min_score.  *ok: whether it passed.
*/
NX_FUNC double nx_readerable(xmlDocPtr doc, double min_score, double min_len,
                             int *ok);

#endif
