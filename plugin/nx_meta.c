/* SPDX-License-Identifier: MIT */
/*
** nx_meta.c: the metadata a page declares, gathered in one walk.
**
** C only gathers; lua/newsextract/meta.lua decides which source wins.
** The walk runs before cleaning, because JSON-LD lives in <script>.
** Values are collected into nx_meta_item records pointing into the tree
** (which the Document owns), so the binding can push them afterwards.
*/
#include "nx_meta.h"
#include "nx_text.h"
#include "nx_words.h"


static void nx_meta_add(nx_meta *m, nx_meta_kind kind, const char *key,
                        const char *value, xmlNodePtr node)
{
    nx_meta_item *it;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        nx_meta_item *v = (nx_meta_item *)realloc(m->v, cap * sizeof *v);
        if (v == NULL) {
            m->oom = 1;
            return;
        }
        m->v = v;
        m->cap = cap;
    }
    it = &m->v[m->n++];
    it->kind = kind;
    it->key = key;
    it->value = value;
    it->node = node;
    it->flags = 0;
}

/* The attributes every element is asked for, read in one sweep of its
** attribute list (nx_meta_element and nx_meta_candidates both use them). */
typedef struct nx_meta_attrs {
    const char *cls, *id, *itemprop, *itemtype;
} nx_meta_attrs;

static const char *nx_meta_attr_value(const xmlAttr *a)
{
    return a->children != NULL && a->children->content != NULL ?
           (const char *)a->children->content : "";
}

/* As nx_attr(n, name) for each of the four: the first attribute of the
** name. */
static void nx_meta_read_attrs(const xmlNode *n, nx_meta_attrs *at)
{
    const xmlAttr *a;
    memset(at, 0, sizeof *at);
    for (a = n->properties; a != NULL; a = a->next) {
        const char *nm = (const char *)a->name;
        const char **slot = NULL;
        if (nm == NULL)
            continue;
        if (nm[0] == 'c' && strcmp(nm, "class") == 0)
            slot = &at->cls;
        else if (nm[0] == 'i' && nm[1] == 'd' && nm[2] == '\0')
            slot = &at->id;
        else if (nm[0] == 'i' && strcmp(nm, "itemprop") == 0)
            slot = &at->itemprop;
        else if (nm[0] == 'i' && strcmp(nm, "itemtype") == 0)
            slot = &at->itemtype;
        if (slot != NULL && *slot == NULL)
            *slot = nx_meta_attr_value(a);
    }
}

/* class/id words that mark a byline (Readability's list, NX_W_BYLINE). */
static int nx_meta_byline_words(const nx_meta_attrs *at)
{
    return ((nx_word_bits(at->cls) | nx_word_bits(at->id)) & NX_W_BYLINE) != 0;
}

static int nx_meta_has_block_child(const xmlNode *n)
{
    const xmlNode *c;
    for (c = n->children; c != NULL; c = c->next)
        if (nx_is_block(c))
            return 1;
    return 0;
}

/* A publication date a script other than JSON-LD holds as a JSON key (a
** framework's page data: Next.js's __NEXT_DATA__; the bodies of scripts a
** browser runs were dropped by nx_parse): where each key first appears,
** its value read by meta.lua.  One key each. */
static void nx_meta_script(nx_meta *m, xmlNodePtr n)
{
    static const char *const keys[] = { "\"datePublished\"", "\"pagePostDate\"",
        "\"publishDate\"", "\"published_at\"", "\"publishedAt\"", NULL };
    const xmlNode *c;
    const char *type = nx_attr(n, "type");
    size_t i;
    if (type != NULL && nx_strcasestr(type, "ld+json")) {
        nx_meta_add(m, NX_M_JSONLD, NULL, NULL, n);
        return;
    }
    for (c = n->children; c != NULL; c = c->next) {
        const char *text = (const char *)c->content, *at;
        if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || text == NULL)
            continue;
        for (i = 0; keys[i] != NULL; i++)
            if ((at = strstr(text, keys[i])) != NULL)
                nx_meta_add(m, NX_M_SCRIPT_DATE, keys[i], at, n);
    }
}

/* hAtom: <abbr class="published" title="2017-12-07T10:15:00+01:00">
** (Blogger's time stamp) holds the machine date in its title: a <time>. */
static void nx_meta_abbr(nx_meta *m, xmlNodePtr n, const nx_meta_attrs *at)
{
    const char *title = nx_attr(n, "title"), *cls = at->cls, *ip = at->itemprop;
    if (title == NULL || cls == NULL)
        return;
    if (nx_strcasestr(cls, "published"))
        nx_meta_add(m, NX_M_TIME, ip ? ip : "datePublished", title, n);
    else if (nx_strcasestr(cls, "updated"))
        nx_meta_add(m, NX_M_TIME, ip ? ip : "dateModified", title, n);
}

/* <time>: WordPress's <time class="entry-date published"> and <time
** class="updated"> say which date they are without an itemprop. */
static void nx_meta_time_el(nx_meta *m, xmlNodePtr n, const nx_meta_attrs *at)
{
    const char *key = at->itemprop, *cls = at->cls;
    if (key == NULL && cls != NULL) {
        if (nx_strcasestr(cls, "published"))
            key = "datePublished";
        else if (nx_strcasestr(cls, "updated") || nx_strcasestr(cls, "modified"))
            key = "dateModified";
    }
    nx_meta_add(m, NX_M_TIME, key, nx_attr(n, "datetime"), n);
}

/* itemprop="dateCreated" with a value (<meta content>, <span content>):
** a <time> of its own, so that one in a comment thread is known (schema's
** Comment dates each comment so). */
static void nx_meta_created(nx_meta *m, xmlNodePtr n, const char *ip, const char *val)
{
    if (ip != NULL && val != NULL && strcmp(ip, "dateCreated") == 0)
        nx_meta_add(m, NX_M_TIME, ip, val, n);
}

static void nx_meta_element(nx_meta *m, xmlNodePtr n, const nx_meta_attrs *at)
{
    const char *name = (const char *)n->name, *v, *ip;
    ip = at->itemprop;
    if ((v = at->itemtype) != NULL)
        nx_meta_add(m, NX_M_ITEMTYPE, NULL, v, n);
    if (strcmp(name, "meta") == 0) {
        const char *content = nx_attr(n, "content");
        if (content == NULL)
            content = nx_attr(n, "value");   /* some normalisers write this */
        if (content == NULL)
            return;
        if ((v = nx_attr(n, "property")) != NULL)
            nx_meta_add(m, NX_M_META, v, content, n);
        if ((v = nx_attr(n, "name")) != NULL)
            nx_meta_add(m, NX_M_META, v, content, n);
        if ((v = nx_attr(n, "http-equiv")) != NULL)
            nx_meta_add(m, NX_M_META, v, content, n);
        if (ip != NULL)
            nx_meta_add(m, NX_M_ITEMPROP, ip, content, n);
        nx_meta_created(m, n, ip, content);
        return;
    }
    if (strcmp(name, "title") == 0) {
        nx_meta_add(m, NX_M_TITLE, NULL, NULL, n);
    } else if (strcmp(name, "html") == 0) {
        if ((v = nx_attr(n, "lang")) != NULL ||
            (v = nx_attr(n, "xml:lang")) != NULL)
            nx_meta_add(m, NX_M_LANG, NULL, v, n);
    } else if (strcmp(name, "base") == 0) {
        if ((v = nx_attr(n, "href")) != NULL)
            nx_meta_add(m, NX_M_BASE, NULL, v, n);
    } else if (strcmp(name, "link") == 0) {
        const char *rel = nx_attr(n, "rel"), *href = nx_attr(n, "href");
        if (rel != NULL && href != NULL) {
            if (nx_strcasestr(rel, "canonical"))
                nx_meta_add(m, NX_M_CANONICAL, NULL, href, n);
        }
    } else if (strcmp(name, "script") == 0) {
        nx_meta_script(m, n);
        return;
    } else if (strcmp(name, "time") == 0) {
        nx_meta_time_el(m, n, at);
    } else if (strcmp(name, "abbr") == 0) {
        nx_meta_abbr(m, n, at);
    } else if (strcmp(name, "h1") == 0) {
        nx_meta_add(m, NX_M_H1, NULL, NULL, n);
    } else if (strcmp(name, "h2") == 0) {
        nx_meta_add(m, NX_M_H2, NULL, NULL, n);
    } else if (strcmp(name, "a") == 0) {
        const char *rel = nx_attr(n, "rel");
        if (rel != NULL && nx_strcasestr(rel, "author"))
            nx_meta_add(m, NX_M_REL_AUTHOR, NULL, NULL, n);
    }
    if (ip != NULL) {
        const char *val = nx_attr(n, "content");
        if (val == NULL)
            val = nx_attr(n, "datetime");
        if (val == NULL && (strcmp(name, "link") == 0 ||
                            strcmp(name, "a") == 0))
            val = nx_attr(n, "href");
        if (val == NULL && strcmp(name, "img") == 0)
            val = nx_attr(n, "src");
        if (val == NULL && strcmp(name, "abbr") == 0)
            val = nx_attr(n, "title");      /* <abbr itemprop=... title=date> */
        /* a value is short; a container (itemprop="articleBody") is the
        ** article itself, and its text is not metadata */
        if (val != NULL || !nx_meta_has_block_child(n))
            nx_meta_add(m, NX_M_ITEMPROP, ip, val, n);
        if (strcmp(name, "time") != 0)
            nx_meta_created(m, n, ip, val);
    }
    /* a printed reading time ("2 Min Read"): class says read + time */
    if ((v = at->cls) != NULL && nx_strcasestr(v, "read") &&
        nx_strcasestr(v, "time"))
        nx_meta_add(m, NX_M_READ_TIME, NULL, NULL, n);
    if (nx_meta_byline_words(at) && strcmp(name, "body") != 0 &&
        strcmp(name, "html") != 0)
        nx_meta_add(m, NX_M_BYLINE, NULL, NULL, n);
}

/* {======================================================================
** Page-type cues (NX_META_CUES)
** ======================================================================= */

/* ASCII only: the C library's classes follow the locale. */
static int nx_meta_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int nx_meta_alnum(int c)
{
    return nx_meta_alpha(c) || (c >= '0' && c <= '9');
}

/* Short printed texts that begin with one of these (ASCII lower-cased,
** white space collapsed) count for the cue beside it.  Vocabularies of
** many languages; a phrase ending in an ASCII letter or digit must end
** a word of the text. */
typedef struct nx_meta_phrase {
    const char *s;
    unsigned char cue;
} nx_meta_phrase;

static const nx_meta_phrase nx_meta_phrases[] = {
    /* kept sorted by first byte (unsigned): nx_meta_text_cues searches
    ** for the first one by halving; the vocabularies: buying (BUY), a
    ** thread's post controls and author lines (POST), a manual's
    ** navigation (DOC), a list's "read more" (MORE), a service's call to
    ** action (CTA), a list's sorting and filters (SORT) */
    { "add to bag", NX_C_BUY },
    { "add to basket", NX_C_BUY },
    { "add to cart", NX_C_BUY },
    { "add to trolley", NX_C_BUY },
    { "add to wishlist", NX_C_BUY },
    { "adicionar ao carrinho", NX_C_BUY },
    { "aggiungi al carrello", NX_C_BUY },
    { "agregar al carrito", NX_C_BUY },
    { "ajouter au panier", NX_C_BUY },
    { "alle anzeigen", NX_C_MORE },
    { "angebot anfordern", NX_C_CTA },
    { "antworten", NX_C_POST },
    { "apply now", NX_C_CTA },
    { "auf dieser seite", NX_C_DOC },
    { "auf lager", NX_C_BUY },
    { "ausverkauft", NX_C_BUY },
    { "a\xc3\xb1" "adir al carrito", NX_C_BUY },
    { "beantwoorden", NX_C_POST },
    { "beitr\xc3\xa4ge:", NX_C_POST },
    { "book a demo", NX_C_CTA },
    { "buy it now", NX_C_BUY },
    { "buy now", NX_C_BUY },
    { "call now", NX_C_CTA },
    { "call us", NX_C_CTA },
    { "cantidad", NX_C_BUY },
    { "citar", NX_C_POST },
    { "citer", NX_C_POST },
    { "comprar agora", NX_C_BUY },
    { "comprar ahora", NX_C_BUY },
    { "contact us", NX_C_CTA },
    { "contactez-nous", NX_C_CTA },
    { "contattaci", NX_C_CTA },
    { "continua a leggere", NX_C_MORE },
    { "cont\xc3\xa1" "ctanos", NX_C_CTA },
    { "copy code", NX_C_DOC },
    { "czytaj dalej", NX_C_MORE },
    { "demander un devis", NX_C_CTA },
    { "dodaj do koszyka", NX_C_BUY },
    { "edit on github", NX_C_DOC },
    { "edit this page", NX_C_DOC },
    { "en esta p\xc3\xa1gina", NX_C_DOC },
    { "en savoir plus", NX_C_CTA },
    { "en stock", NX_C_BUY },
    { "enroll now", NX_C_CTA },
    { "filter", NX_C_SORT },
    { "filtern", NX_C_SORT },
    { "filters", NX_C_SORT },
    { "filtra", NX_C_SORT },
    { "filtrar", NX_C_SORT },
    { "filtrer", NX_C_SORT },
    { "free consultation", NX_C_CTA },
    { "free shipping", NX_C_BUY },
    { "get a demo", NX_C_CTA },
    { "get a free quote", NX_C_CTA },
    { "get a quote", NX_C_CTA },
    { "get in touch", NX_C_CTA },
    { "get started", NX_C_CTA },
    { "i nostri servizi", NX_C_CTA },
    { "in den einkaufswagen", NX_C_BUY },
    { "in den warenkorb", NX_C_BUY },
    { "in questa pagina", NX_C_DOC },
    { "in stock", NX_C_BUY },
    { "in this article", NX_C_DOC },
    { "in winkelwagen", NX_C_BUY },
    { "inhaltsverzeichnis", NX_C_DOC },
    { "inscrit", NX_C_POST },
    { "iscritto", NX_C_POST },
    { "jetzt anfragen", NX_C_CTA },
    { "jetzt kaufen", NX_C_BUY },
    { "join date", NX_C_POST },
    { "joined", NX_C_POST },
    { "kontaktieren sie uns", NX_C_CTA },
    { "learn more", NX_C_CTA },
    { "leer m\xc3\xa1s", NX_C_MORE },
    { "lees meer", NX_C_MORE },
    { "legg i handlekurv", NX_C_BUY },
    { "leggi tutto", NX_C_MORE },
    { "lire la suite", NX_C_MORE },
    { "load more", NX_C_MORE },
    { "l\xc3\xa4gg i varukorgen", NX_C_BUY },
    { "l\xc3\xa6g i kurv", NX_C_BUY },
    { "mehr erfahren", NX_C_CTA },
    { "mehr laden", NX_C_MORE },
    { "member since", NX_C_POST },
    { "menge", NX_C_BUY },
    { "messages:", NX_C_POST },
    { "mitglied seit", NX_C_POST },
    { "m\xc3\xa1s informaci\xc3\xb3n", NX_C_CTA },
    { "neem contact op", NX_C_CTA },
    { "new member", NX_C_POST },
    { "next", NX_C_DOC },
    { "next page", NX_C_MORE },
    { "nos services", NX_C_CTA },
    { "nuestros servicios", NX_C_CTA },
    { "odpowiedz", NX_C_POST },
    { "offerte aanvragen", NX_C_CTA },
    { "older posts", NX_C_MORE },
    { "on this page", NX_C_DOC },
    { "op deze pagina", NX_C_DOC },
    { "ordenar por", NX_C_SORT },
    { "ordina per", NX_C_SORT },
    { "original poster", NX_C_POST },
    { "our services", NX_C_CTA },
    { "out of stock", NX_C_BUY },
    { "parameters", NX_C_DOC },
    { "permalink", NX_C_POST },
    { "posts:", NX_C_POST },
    { "previous", NX_C_DOC },
    { "qty", NX_C_BUY },
    { "quantity", NX_C_BUY },
    { "quantit\xc3\xa0", NX_C_BUY },
    { "quantit\xc3\xa9", NX_C_BUY },
    { "quote", NX_C_POST },
    { "read more", NX_C_MORE },
    { "refine", NX_C_SORT },
    { "registered", NX_C_POST },
    { "registrado", NX_C_POST },
    { "registriert", NX_C_POST },
    { "reply", NX_C_POST },
    { "report", NX_C_POST },
    { "request a demo", NX_C_CTA },
    { "request a quote", NX_C_CTA },
    { "responder", NX_C_POST },
    { "results", NX_C_SORT },
    { "richiedi un preventivo", NX_C_CTA },
    { "rispondi", NX_C_POST },
    { "r\xc3\xa9pondre", NX_C_POST },
    { "schedule a", NX_C_CTA },
    { "see all", NX_C_MORE },
    { "see also", NX_C_DOC },
    { "senior member", NX_C_POST },
    { "sepete ekle", NX_C_BUY },
    { "show more", NX_C_MORE },
    { "showing", NX_C_SORT },
    { "sign up free", NX_C_CTA },
    { "solicitar presupuesto", NX_C_CTA },
    { "sort by", NX_C_SORT },
    { "sorteer op", NX_C_SORT },
    { "sortieren", NX_C_SORT },
    { "sortuj", NX_C_SORT },
    { "start free trial", NX_C_CTA },
    { "start your free", NX_C_CTA },
    { "sur cette page", NX_C_DOC },
    { "syntax", NX_C_DOC },
    { "table des mati\xc3\xa8res", NX_C_DOC },
    { "table of contents", NX_C_DOC },
    { "talk to", NX_C_CTA },
    { "toevoegen aan winkelwagen", NX_C_BUY },
    { "trier par", NX_C_SORT },
    { "try for free", NX_C_CTA },
    { "try it free", NX_C_CTA },
    { "unsere leistungen", NX_C_CTA },
    { "upvote", NX_C_POST },
    { "ver m\xc3\xa1s", NX_C_MORE },
    { "ver todo", NX_C_MORE },
    { "view all", NX_C_MORE },
    { "voir plus", NX_C_MORE },
    { "voir tout", NX_C_MORE },
    { "was this page helpful", NX_C_DOC },
    { "weiterlesen", NX_C_MORE },
    { "zitieren", NX_C_POST },
    { "\xc2\xb6", NX_C_DOC },
    { "\xd0\x92 \xd0\xba\xd0\xbe\xd1\x80\xd0\xb7\xd0\xb8\xd0\xbd\xd1\x83", NX_C_BUY },
    { "\xd0\x9e\xd1\x82\xd0\xb2\xd0\xb5\xd1\x82\xd0\xb8\xd1\x82\xd1\x8c", NX_C_POST },
    { "\xd0\xb2 \xd0\xba\xd0\xbe\xd1\x80\xd0\xb7\xd0\xb8\xd0\xbd\xd1\x83", NX_C_BUY },
    { "\xd0\xbd\xd0\xb0 \xd1\x8d\xd1\x82\xd0\xbe\xd0\xb9 \xd1\x81\xd1\x82\xd1\x80\xd0\xb0\xd0\xbd\xd0\xb8\xd1\x86\xd0\xb5", NX_C_DOC },
    { "\xd0\xbe\xd1\x82\xd0\xb2\xd0\xb5\xd1\x82\xd0\xb8\xd1\x82\xd1\x8c", NX_C_POST },
    { "\xe3\x81\x93\xe3\x81\xae\xe3\x83\x9a\xe3\x83\xbc\xe3\x82\xb8", NX_C_DOC },
    { "\xe3\x82\xab\xe3\x83\xbc\xe3\x83\x88\xe3\x81\xab\xe5\x85\xa5\xe3\x82\x8c\xe3\x82\x8b", NX_C_BUY },
    { "\xe4\xb8\xa6\xe3\x81\xb3\xe6\x9b\xbf\xe3\x81\x88", NX_C_SORT },
    { "\xe5\x8a\xa0\xe5\x85\xa5\xe8\xb3\xbc\xe7\x89\xa9\xe8\xbb\x8a", NX_C_BUY },
    { "\xe5\x8a\xa0\xe5\x85\xa5\xe8\xb4\xad\xe7\x89\xa9\xe8\xbd\xa6", NX_C_BUY },
    { "\xe5\x9b\x9e\xe5\xa4\x8d", NX_C_POST },
    { "\xe5\x9b\x9e\xe8\xa6\x86", NX_C_POST },
    { "\xe6\x8e\x92\xe5\xba\x8f", NX_C_SORT },
    { "\xe6\x9c\xac\xe9\xa1\xb5", NX_C_DOC },
    { "\xe6\x9f\xa5\xe7\x9c\x8b\xe6\x9b\xb4\xe5\xa4\x9a", NX_C_MORE },
    { "\xe7\x9b\xae\xe6\xac\xa1", NX_C_DOC },
    { "\xe7\xb6\x9a\xe3\x81\x8d\xe3\x82\x92\xe8\xaa\xad\xe3\x82\x80", NX_C_MORE },
    { "\xe8\xbf\x94\xe4\xbf\xa1", NX_C_POST },
    { "\xec\x9e\xa5\xeb\xb0\x94\xea\xb5\xac\xeb\x8b\x88", NX_C_BUY },
    { NULL, 0 }
};
#define NX_META_NPHRASES (sizeof nx_meta_phrases / sizeof nx_meta_phrases[0] - 1)

/* Currency signs and codes a price is written with (lower-cased). */
static const char *const nx_meta_currencies[] = { "$", "\xe2\x82\xac",
    "\xc2\xa3", "\xc2\xa5", "\xe2\x82\xb9", "\xe2\x82\xbd", "\xe2\x82\xa9",
    "\xe2\x82\xba", "\xef\xbf\xa5", "usd", "eur", "gbp", "chf", "cad", "aud",
    "kr", "z\xc5\x82", "r$", "rs.", "inr", "jpy", "\xe5\x86\x86", "\xe5\x85\x83",
    NULL };

#define NX_META_CUE_LEN 48  /* a short text: fewer bytes than this */

static int nx_meta_is_digit(int c) { return c >= '0' && c <= '9'; }

/* Is `t` (`len` bytes, lower-cased) a price: a currency by a number?
** (Also nx_score.c's: a product page's cards carry prices.) */
NX_FUNC int nx_meta_price(const char *t, size_t len)
{
    size_t i, k;
    /* no digit, no price: most short texts are labels */
    for (i = 0; i < len && !nx_meta_is_digit((unsigned char)t[i]); i++)
        ;
    if (i == len)
        return 0;
    for (i = 0; i < len; i++) {
        if (nx_meta_is_digit((unsigned char)t[i]) || t[i] == ' ' || t[i] == '.' ||
            t[i] == ',')
            continue;
        for (k = 0; nx_meta_currencies[k] != NULL; k++) {
            const char *c = nx_meta_currencies[k];
            size_t l, a;
            if (c[0] != t[i])
                continue;
            l = strlen(c);
            if (i + l > len || memcmp(t + i, c, l) != 0)
                continue;
            /* a code is a word of its own */
            if (nx_meta_alpha((unsigned char)c[0]) &&
                ((i > 0 && nx_meta_alpha((unsigned char)t[i - 1])) ||
                 (i + l < len && nx_meta_alpha((unsigned char)t[i + l]))))
                continue;
            a = i + l;
            if (a < len && t[a] == ' ')
                a++;
            if (a < len && nx_meta_is_digit((unsigned char)t[a]))
                return 1;
            a = i;
            if (a > 0 && t[a - 1] == ' ')
                a--;
            if (a > 0 && nx_meta_is_digit((unsigned char)t[a - 1]))
                return 1;
        }
    }
    return 0;
}

/* A short text node's cues: `u` its text after leading white space. */
static void nx_meta_text_cues(nx_meta *m, const unsigned char *u, size_t len)
{
    char t[NX_META_CUE_LEN];
    size_t n = 0, i, k, lo, hi, best = 0;
    unsigned cue = 0;
    int space = 0;
    for (i = 0; i < len; i++) {
        unsigned c = u[i];
        if (c == 0xC2 && i + 1 < len && u[i + 1] == 0xA0) {   /* NBSP */
            i++;
            c = ' ';
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if (space && n > 0)
            t[n++] = ' ';
        space = 0;
        t[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    if (n == 0)
        return;
    if (nx_meta_price(t, n))
        m->cues[NX_C_PRICE]++;
    /* the first phrase whose first byte is t's */
    lo = 0;
    hi = NX_META_NPHRASES;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((unsigned char)nx_meta_phrases[mid].s[0] < (unsigned char)t[0])
            lo = mid + 1;
        else
            hi = mid;
    }
    /* the longest phrase the text begins with counts ("next page", not
    ** "next") */
    for (k = lo; k < NX_META_NPHRASES && nx_meta_phrases[k].s[0] == t[0]; k++) {
        const char *p = nx_meta_phrases[k].s;
        size_t l = strlen(p);
        if (l > n || l <= best || memcmp(t, p, l) != 0)
            continue;
        if (l < n && nx_meta_alnum((unsigned char)p[l - 1]) &&
            nx_meta_alnum((unsigned char)t[l]))
            continue;
        best = l;
        cue = nx_meta_phrases[k].cue;
    }
    if (best > 0)
        m->cues[cue]++;
}

/* }====================================================================== */

/* {======================================================================
** Printed-date and printed-name candidates
**
** meta.lua once found these with XPath string functions over every element
** (translate(), contains() per class); here they are found in the walk that
** already visits every element, from the element's lower-cased class, id
** and itemprop, with what its ancestors say carried down the walk.
** ======================================================================= */

/* What an element says about its subtree (carried down as ancestor bits). */
#define NX_A_FOOTER   1u    /* a <footer> */
#define NX_A_COMMENT  2u    /* class/id/itemprop says comment */
#define NX_A_ASIDE    4u    /* ... footer, related, sidebar or copyright */
#define NX_A_RAW      8u    /* script, style, title: text only */
#define NX_A_ARTICLE 16u    /* an <article> */
#define NX_A_LINK    32u    /* an <a> */
#define NX_A_NAV     64u    /* nav, header, footer, aside */
#define NX_A_SIDEBOX 128u   /* class/id says widget (not <aside>: the
                            ** Guardian's byline and date sit in one) */
/* the eight bits of the byte stack's levels are all taken */

/* Lower-cased "class id itemprop" of an element into `dst` (cut at
** cap - 1). */
static size_t nx_meta_lc_attrs(const nx_meta_attrs *at, char *dst, size_t cap)
{
    const char *const vals[] = { at->cls, at->id, at->itemprop };
    size_t len = 0, i, l;
    for (i = 0; i < 3; i++) {
        const char *v = vals[i];
        if (v == NULL)
            continue;
        if (len > 0 && len + 1 < cap)
            dst[len++] = ' ';
        l = strlen(v);
        if (l > cap - 1 - len)
            l = cap - 1 - len;
        nx_ascii_lower_copy(dst + len, v, l);
        len += l;
    }
    dst[len] = '\0';
    return len;
}

/* The words an element's lower-cased "class id itemprop" holds, anywhere
** (as strstr finds them), as bits: one pass over the string, each word
** compared only where its first letter is, instead of a strstr per word
** per element (up to 17 on each element with a class). */
#define NX_MW_WIDGET     0x00001u
#define NX_MW_ELEMENTOR  0x00002u
#define NX_MW_COMMENT    0x00004u
#define NX_MW_FOOTER     0x00008u
#define NX_MW_RELATED    0x00010u
#define NX_MW_SIDEBAR    0x00020u
#define NX_MW_COPYRIGHT  0x00040u
#define NX_MW_DATE       0x00080u
#define NX_MW_PUBLISH    0x00100u
#define NX_MW_POSTED     0x00200u
#define NX_MW_META       0x00400u
#define NX_MW_BYLINE     0x00800u
#define NX_MW_AUTHOR     0x01000u
#define NX_MW_FECHA      0x02000u
#define NX_MW_DATA       0x04000u
#define NX_MW_DATUM      0x08000u
#define NX_MW_TIME       0x10000u
#define NX_MW_ARCHIV     0x20000u
#define NX_MW_CALENDAR   0x40000u
#define NX_MW_KALENDER   0x80000u
#define NX_MW_REFERENCE  0x100000u
#define NX_MW_BIBLIO     0x200000u
#define NX_MW_FOOTNOTE   0x400000u
/* nx_aside_words: "comment", "footer", "related", "sidebar", "copyright",
** "archiv", "calendar", "kalender", "reference", "bibliograph", "footnote"
** (any of them anywhere; nx_meta_token_has then asks whether the token is
** a layout's modifier) */
#define NX_MW_ASIDE (NX_MW_COMMENT | NX_MW_FOOTER | NX_MW_RELATED | NX_MW_SIDEBAR | \
                    NX_MW_COPYRIGHT | NX_MW_ARCHIV | NX_MW_CALENDAR | NX_MW_KALENDER | \
                    NX_MW_REFERENCE | NX_MW_BIBLIO | NX_MW_FOOTNOTE)
/* "date", "datum", "time", "publish", "posted", "meta", "byline",
** "author", "fecha", "data" */
#define NX_MW_DATES (NX_MW_DATE | NX_MW_DATUM | NX_MW_TIME | NX_MW_PUBLISH | NX_MW_POSTED | \
                    NX_MW_META | NX_MW_BYLINE | NX_MW_AUTHOR | NX_MW_FECHA | NX_MW_DATA)

/* Does `p` start with `w`?  (Inline: a call to strncmp per candidate cost
** more than the comparison.) */
static int nx_mw_at(const char *p, const char *w)
{
    while (*w != '\0' && *p == *w) {
        p++;
        w++;
    }
    return *w == '\0';
}
#define NX_MW_AT(p, w, bit) (nx_mw_at((p), (w)) ? (bit) : 0u)

static unsigned nx_meta_words(const char *lc)
{
    unsigned m = 0;
    const char *p;
    for (p = lc; *p != '\0'; p++) {
        switch (*p) {
        case 'a':
            m |= NX_MW_AT(p, "author", NX_MW_AUTHOR) | NX_MW_AT(p, "archiv", NX_MW_ARCHIV);
            break;
        case 'b':
            m |= NX_MW_AT(p, "byline", NX_MW_BYLINE) | NX_MW_AT(p, "bibliograph", NX_MW_BIBLIO);
            break;
        case 'c':
            m |= NX_MW_AT(p, "comment", NX_MW_COMMENT) | NX_MW_AT(p, "copyright", NX_MW_COPYRIGHT) |
                 NX_MW_AT(p, "calendar", NX_MW_CALENDAR);
            break;
        case 'd':
            m |= NX_MW_AT(p, "date", NX_MW_DATE) | NX_MW_AT(p, "datum", NX_MW_DATUM) |
                 NX_MW_AT(p, "data", NX_MW_DATA);
            break;
        case 'e':
            m |= NX_MW_AT(p, "elementor", NX_MW_ELEMENTOR);
            break;
        case 'f':
            m |= NX_MW_AT(p, "footer", NX_MW_FOOTER) | NX_MW_AT(p, "fecha", NX_MW_FECHA) |
                 NX_MW_AT(p, "footnote", NX_MW_FOOTNOTE);
            break;
        case 'k':
            m |= NX_MW_AT(p, "kalender", NX_MW_KALENDER);
            break;
        case 'm':
            m |= NX_MW_AT(p, "meta", NX_MW_META);
            break;
        case 'p':
            m |= NX_MW_AT(p, "publish", NX_MW_PUBLISH) | NX_MW_AT(p, "posted", NX_MW_POSTED);
            break;
        case 'r':
            m |= NX_MW_AT(p, "related", NX_MW_RELATED) | NX_MW_AT(p, "reference", NX_MW_REFERENCE);
            break;
        case 's':
            m |= NX_MW_AT(p, "sidebar", NX_MW_SIDEBAR);
            break;
        case 't':
            m |= NX_MW_AT(p, "time", NX_MW_TIME);
            break;
        case 'w':
            m |= NX_MW_AT(p, "widget", NX_MW_WIDGET);
            break;
        default:
            break;
        }
    }
    return m;
}

/* Does `lc` hold any of `words`, anywhere (as strstr finds them)? */
static int nx_meta_any(const char *lc, const char *const *words)
{
    for (; *words; words++)
        if (strstr(lc, *words) != NULL)
            return 1;
    return 0;
}

/* The page's own wrappers (<body class="comments-open">, <article
** class="has-comments">) say nothing about where a date sits. */
static int nx_meta_is_page(const xmlNode *n)
{
    return nx_is_tag(n, "html") || nx_is_tag(n, "body") ||
           nx_is_tag(n, "article") || nx_is_tag(n, "main");
}

static const char *const nx_aside_words[] = { "comment", "footer",
    "related", "sidebar", "copyright", "archiv", "calendar", "kalender",
    "reference", "bibliograph", "footnote", NULL };
/* A layout's modifier names a side box or a comment area it has, not
** one it is: "has-sidebar", "no-comments", "sidebar-mode-single",
** "template-sidebar", "with-sidebar-layout". */
static const char *const nx_modifier_prefixes[] = { "has-", "has_", "with-",
    "with_", "no-", "no_", "without-", NULL };
static const char *const nx_modifier_parts[] = { "mode", "template", "layout",
    "open", "closed", NULL };

/* Does `lc` hold `word` in a class, id or itemprop token that is not a
** layout's modifier? */
static int nx_meta_token_has(const char *lc, const char *word)
{
    const char *p = lc;
    size_t wl = strlen(word);
    while ((p = strstr(p, word)) != NULL) {
        const char *ts = p, *te = p + wl;
        size_t i, tl;
        int modifier = 0;
        char tok[128];
        while (ts > lc && ts[-1] != ' ')
            ts--;
        while (*te != '\0' && *te != ' ')
            te++;
        tl = (size_t)(te - ts) < sizeof tok - 1 ? (size_t)(te - ts) : sizeof tok - 1;
        memcpy(tok, ts, tl);
        tok[tl] = '\0';
        for (i = 0; nx_modifier_prefixes[i] != NULL && !modifier; i++)
            if (strncmp(tok, nx_modifier_prefixes[i], strlen(nx_modifier_prefixes[i])) == 0)
                modifier = 1;
        for (i = 0; nx_modifier_parts[i] != NULL && !modifier; i++)
            if (strstr(tok, nx_modifier_parts[i]) != NULL)
                modifier = 1;
        if (!modifier)
            return 1;
        p = te;
    }
    return 0;
}

static int nx_meta_any_token(const char *lc, const char *const *words)
{
    for (; *words; words++)
        if (nx_meta_token_has(lc, *words))
            return 1;
    return 0;
}

static const char *const nx_author_paths[] = { "/author/", "/authors/",
    "/autor/", "/autoren/", "/auteur/", "/autore/", "/writers/",
    "/redaktion/", "?author=", NULL };

/* Does text `s` (`len` bytes) hold a date's shape: a year 1991-2039 as a
** number of its own, or d.m.yy / d/m/yyyy / d-m-yyyy? */
static int nx_meta_date_shape(const unsigned char *s, size_t len)
{
    size_t i = 0, j;
    while (i < len) {
        if (s[i] < '0' || s[i] > '9') {
            i++;
            continue;
        }
        for (j = i; j < len && s[j] >= '0' && s[j] <= '9'; j++)
            ;
        if (j - i == 4 && ((s[i] == '1' && s[i + 1] == '9' && s[i + 2] == '9' &&
                            s[i + 3] >= '1') ||
                           (s[i] == '2' && s[i + 1] == '0' && s[i + 2] <= '3')))
            return 1;
        if (j - i <= 2 && j + 4 < len && (s[j] == '.' || s[j] == '/' || s[j] == '-')) {
            size_t k = j + 1;
            if (k < len && s[k] == ' ')
                k++;
            if (k + 3 < len && s[k] >= '0' && s[k] <= '9') {
                k += (s[k + 1] >= '0' && s[k + 1] <= '9') ? 2 : 1;
                if (k + 2 < len && s[k] == s[j] && s[k + 1] >= '0' &&
                    s[k + 1] <= '9' && s[k + 2] >= '0' && s[k + 2] <= '9')
                    return 1;
            }
        }
        i = j;
    }
    return 0;
}

/* Is `s` a comment's label ("Hans sagt:", "Jane says:", "Jean a écrit
** :"): short, no digit, ending in a colon, with a verb of saying? */
static const char *const nx_said_words[] = { "sagt", "says", "said",
    "schreibt", "meint", "crit", "dice", "zegt", "wrote", "antwort", "reply",
    NULL };
static int nx_meta_said(const unsigned char *s)
{
    size_t len = 0, i;
    char lc[64];
    if (s == NULL)
        return 0;
    while (len < sizeof lc && s[len] != '\0')
        len++;
    if (len >= sizeof lc)
        return 0;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t' ||
                       s[len - 1] == '\r'))
        len--;
    if (len == 0 || s[len - 1] != ':')
        return 0;
    for (i = 0; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            return 0;
        lc[i] = (char)nx_ascii_lower(s[i]);
    }
    lc[len] = '\0';
    return nx_meta_any(lc, nx_said_words);
}

/* The walk's state for the candidates. */
typedef struct nx_meta_walk {
    unsigned char *stack;   /* ancestor bits per depth */
    size_t depth, cap;
    unsigned inh;           /* the bits of the ancestors, while climbing */
    size_t dates, links, after, dated;
    size_t long_dates;      /* date-like containers measured too long */
    size_t since_head;      /* non-blank texts since a heading began */
    const unsigned char *prev;  /* the last non-blank text (trimmed) */
    xmlNodePtr h1;          /* the first <h1>, once met */
    unsigned h1_inh;        /* its ancestors' bits */
    int past_h1;            /* its subtree is done */
    xmlNodePtr before[NX_META_H1_BEFORE_MAX];   /* ring of text nodes */
    unsigned before_flags[NX_META_H1_BEFORE_MAX];
    size_t nbefore;
} nx_meta_walk;

/* A heading (h1-h3) outside nav and boxes starts the count of the texts
** near it; the first <h1> takes the text nodes before it.  `inh`: its
** ancestors' bits, `self` its own. */
static void nx_meta_heading(nx_meta *m, nx_meta_walk *w, xmlNodePtr n,
                            unsigned inh, unsigned self)
{
    unsigned bits = inh | self;
    if ((nx_is_tag(n, "h1") || nx_is_tag(n, "h2") || nx_is_tag(n, "h3")) &&
        !(bits & (NX_A_NAV | NX_A_ASIDE | NX_A_SIDEBOX | NX_A_FOOTER)))
        w->since_head = 0;
    if (w->h1 == NULL && nx_is_tag(n, "h1")) {
        /* the text nodes before it, oldest first */
        size_t k, first = w->nbefore > NX_META_H1_BEFORE_MAX ?
                          w->nbefore - NX_META_H1_BEFORE_MAX : 0;
        w->h1 = n;
        w->h1_inh = inh;
        for (k = first; k < w->nbefore; k++) {
            size_t r = k % NX_META_H1_BEFORE_MAX;
            unsigned f = w->before_flags[r];
            /* the site's own header or nav ("Dienstag, 16. Juni 2020"
            ** atop every page), where the headline is in none */
            if ((f & NX_MF_CHROME) && !(bits & NX_A_NAV))
                f |= NX_MF_INSIDE;
            nx_meta_add(m, NX_M_H1_BEFORE, NULL, NULL, w->before[r]);
            if (!m->oom)
                m->v[m->n - 1].flags = f & ~NX_MF_CHROME;
        }
    }
}

/* Own bits of element `n`, and the date/author-link candidates it is.
** `inh`: its ancestors' bits. */
static unsigned nx_meta_candidates(nx_meta *m, nx_meta_walk *w, xmlNodePtr n,
                                   unsigned inh, const nx_meta_attrs *at)
{
    char lc[512];
    unsigned self = 0, words;
    int page = nx_meta_is_page(n);
    if (nx_is_tag(n, "script") || nx_is_tag(n, "style") ||
        nx_is_tag(n, "title"))
        return NX_A_RAW;
    if (nx_is_tag(n, "article"))
        self |= NX_A_ARTICLE;
    if (nx_is_tag(n, "footer"))
        self |= NX_A_FOOTER | NX_A_NAV;
    else if (nx_is_tag(n, "a"))
        self |= NX_A_LINK;
    else if (nx_is_tag(n, "nav") || nx_is_tag(n, "header") ||
             nx_is_tag(n, "aside"))
        self |= NX_A_NAV;
    nx_meta_lc_attrs(at, lc, sizeof lc);
    words = lc[0] != '\0' ? nx_meta_words(lc) : 0;
    /* a sidebar's box (WordPress's and Blogger's "widget"; an Elementor
    ** widget is any part of the page, the article's too) */
    if (!page && (words & NX_MW_WIDGET) && !(words & NX_MW_ELEMENTOR))
        self |= NX_A_SIDEBOX;
    if (!page && (words & NX_MW_ASIDE)) {
        if ((words & NX_MW_COMMENT) && nx_meta_token_has(lc, "comment"))
            self |= NX_A_COMMENT | NX_A_ASIDE;
        else if (nx_meta_any_token(lc, nx_aside_words))
            self |= NX_A_ASIDE;
    }
    /* a footer inside an <article> ("entry-footer": "Posted on 7 March
    ** 2015 by ...") is the article's date and byline line, not the
    ** page's footer */
    if ((inh & NX_A_ARTICLE) && (self & (NX_A_FOOTER | NX_A_ASIDE)) &&
        !(self & NX_A_COMMENT) &&
        (nx_is_tag(n, "footer") || (words & NX_MW_FOOTER)) &&
        !(words & (NX_MW_RELATED | NX_MW_SIDEBAR | NX_MW_COPYRIGHT)))
        self &= ~(NX_A_FOOTER | NX_A_ASIDE);
    if (lc[0] != '\0' && w->dates < NX_META_DATE_MAX &&
        w->long_dates < NX_META_DATE_LONG_MAX &&
        !nx_is_tag(n, "html") && !nx_is_tag(n, "body") &&
        !((inh | self) & (NX_A_FOOTER | NX_A_ASIDE)) &&
        (words & NX_MW_DATES)) {
        if (nx_text_chars(n, NX_META_DATE_CHARS, NX_META_DATE_VISITS) < NX_META_DATE_CHARS) {
            nx_meta_add(m, NX_M_DATE_EL, NULL, NULL, n);
            if (!m->oom && ((inh | self) & NX_A_SIDEBOX))
                m->v[m->n - 1].flags |= NX_MF_WIDGET;
            w->dates++;
        } else {
            w->long_dates++;    /* a container: each costs a measure */
        }
    }
    if (w->links < NX_META_AUTHOR_LINK_MAX && nx_is_tag(n, "a") &&
        !(inh & (NX_A_FOOTER | NX_A_COMMENT))) {
        const char *href = nx_attr(n, "href");
        size_t i;
        for (i = 0; href != NULL && nx_author_paths[i] != NULL; i++)
            if (strstr(href, nx_author_paths[i]) != NULL) {
                nx_meta_add(m, NX_M_AUTHOR_LINK, NULL, NULL, n);
                w->links++;
                break;
            }
    }
    nx_meta_heading(m, w, n, inh, self);
    return self;
}

/* A text node: one of those around the first <h1>?  A blank one (XPath's
** normalize-space() empty) does not count. */
static void nx_meta_text_node(nx_meta *m, nx_meta_walk *w, xmlNodePtr n,
                              unsigned inh)
{
    const unsigned char *u = (const unsigned char *)n->content;
    unsigned flags = (inh & (NX_A_FOOTER | NX_A_COMMENT)) ? NX_MF_INSIDE : 0;
    if (inh & NX_A_SIDEBOX)
        flags |= NX_MF_WIDGET;
    if (inh & NX_A_RAW)
        return;     /* a script's or style's text is not printed */
    while (u != NULL && (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r'))
        u++;
    if (u == NULL || *u == '\0')
        return;
    {
        size_t len = strlen((const char *)u);
        m->cues[NX_C_TEXT] += len;
        if (inh & NX_A_LINK)
            m->cues[NX_C_LINK_TEXT] += len;
        if (inh & NX_A_NAV)
            m->cues[NX_C_NAV_TEXT] += len;
        if (len < NX_META_CUE_LEN)
            nx_meta_text_cues(m, u, len);
    }
    if (w->since_head <= NX_META_NEAR_HEAD) {
        if (!(inh & (NX_A_FOOTER | NX_A_COMMENT | NX_A_SIDEBOX)))
            flags |= NX_MF_NEAR;
        w->since_head++;
    }
    if (w->dated < NX_META_DATED_TEXT_MAX &&
        !(inh & (NX_A_FOOTER | NX_A_ASIDE | NX_A_RAW))) {
        size_t len = 0;
        while (len < NX_META_DATED_TEXT_LEN && u[len] != '\0')
            len++;
        if (len < NX_META_DATED_TEXT_LEN && nx_meta_date_shape(u, len) &&
            !nx_meta_said(w->prev)) {
            /* a short piece ("2012" after <b>3. Mai</b>): its element's
            ** text, where that is short too, holds the whole date */
            xmlNodePtr at = n;
            if (len < NX_META_DATED_PIECE && n->parent != NULL &&
                n->parent->type == XML_ELEMENT_NODE &&
                nx_text_chars(n->parent, NX_META_DATED_TEXT_LEN, 64) < NX_META_DATED_TEXT_LEN)
                at = n->parent;
            nx_meta_add(m, NX_M_DATED_TEXT, NULL, NULL, at);
            if (!m->oom)
                m->v[m->n - 1].flags = flags;
            w->dated++;
        }
    }
    w->prev = u;
    if (w->h1 == NULL) {
        size_t r = w->nbefore % NX_META_H1_BEFORE_MAX;
        w->before[r] = n;
        w->before_flags[r] = flags |
            ((inh & NX_A_NAV) && !(inh & NX_A_ARTICLE) ? NX_MF_CHROME : 0u);
        w->nbefore++;
    } else if (w->past_h1 && w->after < NX_META_H1_AFTER_MAX) {
        nx_meta_add(m, NX_M_H1_AFTER, NULL, NULL, n);
        if (!m->oom)
            m->v[m->n - 1].flags = flags;
        w->after++;
    }
}

static void nx_meta_count(nx_meta *m, const xmlNode *n)
{
    static const char *const counted[] = NX_META_COUNTED;
    size_t i;
    for (i = 0; i < NX_META_NCOUNTED; i++)
        if (nx_is_tag(n, counted[i])) {
            m->counted[i]++;
            return;
        }
}

/* The walk climbs out of `left`: its ancestors' bits are the state again,
** and past the first <h1> is past its subtree. */
static void nx_meta_leave(void *ud, xmlNodePtr left)
{
    nx_meta_walk *w = (nx_meta_walk *)ud;
    w->inh = w->stack[--w->depth];
    if (left == w->h1)
        w->past_h1 = 1;
}

static int nx_meta_push(nx_meta *m, nx_meta_walk *w, unsigned bits)
{
    if (w->depth == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        unsigned char *s = (unsigned char *)realloc(w->stack, cap);
        if (s == NULL) {
            m->oom = 1;
            return 0;
        }
        w->stack = s;
        w->cap = cap;
    }
    w->stack[w->depth++] = (unsigned char)bits;
    return 1;
}

/* The widgets of a sidebar ("Recent posts", the archive list) date other
** pages: what was met in one is outside the article, unless the headline
** is in one too (a page built of widgets). */
static void nx_meta_widgets(nx_meta *m, const nx_meta_walk *w)
{
    size_t k;
    int h1_in_widget = w->h1 != NULL && (w->h1_inh & NX_A_SIDEBOX);
    for (k = 0; k < m->n; k++) {
        if ((m->v[k].flags & NX_MF_WIDGET) && !h1_in_widget)
            m->v[k].flags |= NX_MF_INSIDE;
        m->v[k].flags &= ~NX_MF_WIDGET;
    }
}

/* }====================================================================== */

/*
** Walk the whole document once; iterative, with the ancestors' bits on a
** stack of their own (one byte per level).  Elements inside script, style
** and title are not read as metadata, nor are their texts among those
** around the headline: they are not printed.
*/
NX_FUNC void nx_meta_collect(nx_meta *m, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), n = root;
    nx_meta_walk w;
    unsigned inh = 0, here = 0;
    memset(&w, 0, sizeof w);
    w.since_head = NX_META_NEAR_HEAD + 1;
    memset(m->counted, 0, sizeof m->counted);
    memset(m->cues, 0, sizeof m->cues);
    while (n != NULL && !m->oom) {
        here = inh;
        if (n->type == XML_ELEMENT_NODE && n->name != NULL && !(inh & NX_A_RAW)) {
            size_t k, first = m->n;
            nx_meta_attrs at;
            nx_meta_read_attrs(n, &at);
            nx_meta_element(m, n, &at);
            nx_meta_count(m, n);
            here = inh | nx_meta_candidates(m, &w, n, inh, &at);
            /* a byline in a comment thread names a commenter; a <time>
            ** there, in a footer or in a side box after the headline
            ** dates something else */
            for (k = first; k < m->n; k++) {
                if (here & NX_A_COMMENT)
                    m->v[k].flags |= NX_MF_COMMENT;
                if (m->v[k].kind == NX_M_TIME && (here & (NX_A_COMMENT | NX_A_FOOTER)))
                    m->v[k].flags |= NX_MF_INSIDE;
                if (m->v[k].kind == NX_M_TIME && (here & NX_A_SIDEBOX))
                    m->v[k].flags |= NX_MF_WIDGET;
            }
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            nx_meta_text_node(m, &w, n, inh);
        }
        if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            if (!nx_meta_push(m, &w, inh))
                break;
            inh = here;
            n = n->children;
            continue;
        }
        /* n's subtree is done: on to the next node in document order */
        if (n == w.h1)
            w.past_h1 = 1;
        w.inh = inh;
        n = nx_walk_up(n, root, nx_meta_leave, &w);
        inh = w.inh;
    }
    free(w.stack);
    nx_meta_widgets(m, &w);
}

/* Raw text of a <script> (JSON-LD is not HTML: no collapsing). */
NX_FUNC void nx_raw_text(xmlNodePtr n, nx_buf *b)
{
    xmlNodePtr c;
    for (c = n->children; c != NULL; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content)
            nx_buf_adds(b, (const char *)c->content);
}
