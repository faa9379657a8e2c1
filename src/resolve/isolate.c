/* Names and titles of the other direction set apart: an Arabic name in an English citation, a
 * Latin one in an Arabic note. Left to the bidi algorithm, the comma and the year after such a
 * name join its run, and "(درويش, 2022)" prints as "(2022 ,درويش)". Isolated (a SPAN: LRI or
 * RLI…PDI in the PDF, <bdi> in HTML), the name is one neutral unit of the line and the numbers
 * after it keep the line's order. */
#include <string.h>

#include <fribidi.h>

#include "resolve/resolve_int.h"

static bool iso_space(gunichar c)
{
    return g_unichar_isspace(c) || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR;
}

static enum nashra_dir iso_strong(gunichar c)
{
    FriBidiCharType t = fribidi_get_bidi_type(c);
    return t == FRIBIDI_TYPE_LTR                          ? NASHRA_DIR_LTR
           : t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL ? NASHRA_DIR_RTL
                                                           : NASHRA_DIR_AUTO;
}

static bool iso_digit(gunichar c)
{
    FriBidiCharType t = fribidi_get_bidi_type(c);
    return t == FRIBIDI_TYPE_EN || t == FRIBIDI_TYPE_AN;
}

/* Quotes that open a title go into its isolate with it. */
static bool iso_opening(gunichar c)
{
    switch (c) {
    case '"': case '\'':
    case 0x201C: case 0x2018: case 0x201E: case 0x201A: case 0x00AB: case 0x2039: /* “‘„‚«‹ */
        return true;
    default:
        return false;
    }
}

/* Quotes that close a title go into its isolate with it, and the stop or comma inside them
 * ("Scale.”", "Title,”"). */
static bool iso_closing(gunichar c)
{
    switch (c) {
    case '"': case '\'':
    case 0x201D: case 0x2019: case 0x00BB: case 0x203A: /* ”’»› */
        return true;
    default:
        return false;
    }
}

static bool iso_stop(gunichar c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == 0x2026;
}

static gunichar iso_at(const char *text, gsize at)
{
    return g_utf8_get_char(text + at);
}

static gsize iso_next(const char *text, gsize at)
{
    return (gsize)(g_utf8_next_char(text + at) - text);
}

/* Whether the number word [WS, WE) sits inside a title of direction WANT ("Vision 2030 Plan"):
 * it ends with a digit or a letter, and the next word starts with a WANT letter. A year or
 * page after a name ("Weber 2026, 12") ends the name's run. */
static bool iso_number_inside(const char *text, gsize len, gsize ws, gsize we,
                              enum nashra_dir want)
{
    const char *last = g_utf8_find_prev_char(text + ws, text + we);
    gunichar lc = last ? g_utf8_get_char(last) : 0;
    if (!iso_digit(lc) && iso_strong(lc) == NASHRA_DIR_AUTO)
        return false;
    gsize p = we;
    while (p < len && iso_space(iso_at(text, p)))
        p = iso_next(text, p);
    return p < len && iso_strong(iso_at(text, p)) == want;
}

/* Whether the run ending at E ends in an abbreviation, a word of one to three letters
 * ("et al.", "G.", "n.d."), whose full stop goes with it; a stop after a longer word ends the
 * name or title ("Weber. 2026"), and stands on the line's side. */
static bool iso_abbreviation(const char *text, gsize e)
{
    int letters = 0;
    for (const char *p = text + e; p > text && letters <= 3;) {
        p = g_utf8_prev_char(p);
        if (!g_unichar_isalpha(g_utf8_get_char(p)))
            break;
        letters++;
    }
    return letters >= 1 && letters <= 3;
}

/* Appends the run [S, E) to RUNS, widened over the quotes around it and an abbreviation's
 * stop. */
static void iso_emit(const char *text, gsize len, gsize s, gsize e, GArray *runs)
{
    while (s > 0) {
        const char *prev = g_utf8_find_prev_char(text, text + s);
        if (!prev || !iso_opening(g_utf8_get_char(prev)))
            break;
        s = (gsize)(prev - text);
    }
    gsize keep = e;
    if (e < len && iso_at(text, e) == '.' && iso_abbreviation(text, e))
        keep = e + 1;
    for (gsize q = e; q < len;) {
        gunichar c = iso_at(text, q);
        if (!iso_closing(c) && !iso_stop(c))
            break;
        q = iso_next(text, q);
        if (iso_closing(c))
            keep = q;
    }
    /* Never over the run before: its closing quote is not this one's opening. */
    if (runs->len)
        s = MAX(s, g_array_index(runs, gsize, runs->len - 1));
    gsize r[2] = {s, keep};
    g_array_append_vals(runs, r, 2);
}

void nashra_text_contrary_runs(const char *text, gsize len, enum nashra_dir around, GArray *runs)
{
    enum nashra_dir want = around == NASHRA_DIR_RTL ? NASHRA_DIR_LTR : NASHRA_DIR_RTL;
    bool open = false;
    gsize rs = 0, re = 0;
    for (gsize p = 0; p < len;) {
        if (iso_space(iso_at(text, p))) {
            p = iso_next(text, p);
            continue;
        }
        gsize ws = p, we = p;
        while (we < len && !iso_space(iso_at(text, we)))
            we = iso_next(text, we);
        /* A word that starts with a number ("2026", "(2024).", "2026a") is a number. */
        bool number = false;
        for (gsize q = ws; q < we; q = iso_next(text, q)) {
            gunichar c = iso_at(text, q);
            if (iso_digit(c) || iso_strong(c) != NASHRA_DIR_AUTO) {
                number = iso_digit(c);
                break;
            }
        }
        if (number) {
            if (open && !iso_number_inside(text, len, ws, we, want)) {
                iso_emit(text, len, rs, re, runs);
                open = false;
            }
            p = we;
            continue;
        }
        for (gsize q = ws; q < we; q = iso_next(text, q)) {
            enum nashra_dir d = iso_strong(iso_at(text, q));
            if (d == want) {
                if (!open)
                    rs = q;
                open = true;
                re = iso_next(text, q);
            } else if (d != NASHRA_DIR_AUTO && open) {
                iso_emit(text, len, rs, re, runs);
                open = false;
            }
        }
        p = we;
    }
    if (open)
        iso_emit(text, len, rs, re, runs);
}

char *nashra_text_isolate_contrary(const char *text, enum nashra_dir around)
{
    gsize len = strlen(text);
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(gsize));
    nashra_text_contrary_runs(text, len, around, runs);
    GString *out = g_string_sized_new(len + runs->len * 3);
    const char *open = around == NASHRA_DIR_RTL ? "\xE2\x81\xA6" /* LRI */
                                                : "\xE2\x81\xA7" /* RLI */;
    gsize at = 0;
    for (guint i = 0; i + 1 < runs->len; i += 2) {
        gsize s = g_array_index(runs, gsize, i), e = g_array_index(runs, gsize, i + 1);
        g_string_append_len(out, text + at, (gssize)(s - at));
        g_string_append(out, open);
        g_string_append_len(out, text + s, (gssize)(e - s));
        g_string_append(out, "\xE2\x81\xA9"); /* PDI */
        at = e;
    }
    g_string_append(out, text + at);
    g_array_unref(runs);
    return g_string_free(out, FALSE);
}

/* The direction of the line T stands in: a citation is set in the document's (the PDF isolates
 * it so, the HTML page too), anything else in its block's. */
static enum nashra_dir iso_around(const struct nashra_doc *doc, const struct nashra_node *t)
{
    for (const struct nashra_node *p = t->parent; p; p = p->parent) {
        if (p->kind == NASHRA_NODE_CITATION)
            return doc->meta.resolved.dir;
        if ((p->kind < NASHRA_NODE_TEXT || p->kind == NASHRA_NODE_SPAN) && p->dir != NASHRA_DIR_AUTO)
            return p->dir;
    }
    return doc->meta.resolved.dir;
}

static struct nashra_node *iso_span(const struct nashra_node *at, enum nashra_dir own)
{
    struct nashra_node *span = nashra_node_new(NASHRA_NODE_SPAN, at->start);
    span->end = at->end;
    span->as.span.isolate = true;
    span->as.span.dir_set = true;
    span->as.span.dir = own;
    span->dir = own;
    return span;
}

/* The script of TEXT's first letter of direction OWN. */
static GUnicodeScript iso_script(const char *text, gsize len, enum nashra_dir own)
{
    for (gsize q = 0; q < len; q = iso_next(text, q))
        if (iso_strong(iso_at(text, q)) == own)
            return g_unichar_get_script(iso_at(text, q));
    return G_UNICODE_SCRIPT_COMMON;
}

static struct nashra_node *iso_text(const struct nashra_node *at, const char *s, gsize len)
{
    struct nashra_node *t = nashra_node_new(NASHRA_NODE_TEXT, at->start);
    t->end = at->end;
    nashra_node_set_literal(t, s, len);
    return t;
}

/* The character next to T in its block, after it (FORWARD) or before it; 0 at the block's
 * edge or beside anything but text. */
static gunichar iso_beside(const struct nashra_node *t, bool forward)
{
    const struct nashra_node *n = t;
    while (n && !(forward ? n->next : n->prev)) {
        n = n->parent;
        if (!n || n->kind < NASHRA_NODE_TEXT)
            return 0;
    }
    if (!n)
        return 0;
    n = forward ? n->next : n->prev;
    while (n->first_child)
        n = forward ? n->first_child : n->last_child;
    if (n->kind != NASHRA_NODE_TEXT || !n->literal_len)
        return 0;
    return forward ? g_utf8_get_char(n->literal)
                   : g_utf8_get_char(g_utf8_prev_char(n->literal + n->literal_len));
}

/* Whether the run [S, E) of T's LEN bytes is part of a word that goes on in the next or the
 * previous node ("https://doi.org/" before its DOI's link): not a name of its own, and left
 * as it is. */
static bool iso_word_goes_on(const struct nashra_node *t, const char *text, gsize len, gsize s,
                             gsize e)
{
    bool to_end = true, from_start = true;
    for (gsize q = e; q < len && to_end; q = iso_next(text, q))
        to_end = !iso_space(iso_at(text, q));
    for (gsize q = 0; q < s && from_start; q = iso_next(text, q))
        from_start = !iso_space(iso_at(text, q));
    gunichar after = to_end ? iso_beside(t, true) : 0, before = from_start ? iso_beside(t, false) : 0;
    return g_unichar_isalnum(after) || g_unichar_isalnum(before);
}

/* T's runs of the other direction than AROUND, each in an isolating SPAN. */
static void iso_split(struct nashra_node *t, enum nashra_dir around)
{
    if (!t->literal_len)
        return;
    /* A URL's own text: the renderers set a bare link apart already, its digits as written. */
    if (t->parent && t->parent->kind == NASHRA_NODE_LINK && t->parent->as.link.url &&
        t->parent->as.link.url[0] != '#')
        return;
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(gsize));
    nashra_text_contrary_runs(t->literal, t->literal_len, around, runs);
    for (guint i = runs->len; i >= 2; i -= 2)
        if (iso_word_goes_on(t, t->literal, t->literal_len, g_array_index(runs, gsize, i - 2),
                             g_array_index(runs, gsize, i - 1)))
            g_array_remove_range(runs, i - 2, 2);
    if (!runs->len) {
        g_array_unref(runs);
        return;
    }
    enum nashra_dir own = around == NASHRA_DIR_RTL ? NASHRA_DIR_LTR : NASHRA_DIR_RTL;
    char *text = g_strndup(t->literal, t->literal_len);
    gsize len = t->literal_len, at = 0;
    for (guint i = 0; i + 1 < runs->len; i += 2) {
        gsize s = g_array_index(runs, gsize, i), e = g_array_index(runs, gsize, i + 1);
        if (s > at)
            nashra_node_insert_before(t, iso_text(t, text + at, s - at));
        struct nashra_node *span = iso_span(t, own);
        span->script = iso_script(text + s, e - s, own);
        nashra_node_append_child(span, iso_text(t, text + s, e - s));
        nashra_node_insert_before(t, span);
        at = e;
    }
    if (at < len)
        nashra_node_set_literal(t, text + at, len - at);
    else
        nashra_node_free(t);
    g_free(text);
    g_array_unref(runs);
}

/* The link a citation's text T is written in, or NULL outside an in-text citation. */
static struct nashra_node *iso_cite_link(const struct nashra_node *t)
{
    for (struct nashra_node *p = t->parent; p && p->kind != NASHRA_NODE_CITATION; p = p->parent)
        if (p->kind == NASHRA_NODE_LINK && p->parent && p->parent->kind == NASHRA_NODE_CITATION)
            return p;
    return NULL;
}

/* Counts N's letters of each direction, its descendants' included; the first script of
 * direction OWN in *SCRIPT. */
static void iso_count(const struct nashra_node *n, enum nashra_dir own, int *ltr, int *rtl,
                      GUnicodeScript *script)
{
    for (gsize q = 0; n->kind == NASHRA_NODE_TEXT && q < n->literal_len;
         q = iso_next(n->literal, q)) {
        gunichar c = iso_at(n->literal, q);
        enum nashra_dir d = iso_strong(c);
        if (d == own && *script == G_UNICODE_SCRIPT_COMMON)
            *script = g_unichar_get_script(c);
        *ltr += d == NASHRA_DIR_LTR;
        /* Arabic-Indic digits and Arabic commas are the brief's own engine's: RTL too. */
        *rtl += d == NASHRA_DIR_RTL || (c >= 0x0590 && c <= 0x08FF);
    }
    for (const struct nashra_node *c = n->first_child; c; c = c->next)
        iso_count(c, own, ltr, rtl, script);
}

/* A Latin-script work cited in an RTL brief is written by the English engine in its own terms,
 * digits and punctuation ("Weber, 2026, p. 12"): one left-to-right phrase whose fields keep
 * their order, so it is isolated whole, not name by name. (An Arabic work in an LTR brief is
 * written in English terms: only its names are the other direction's.) */
static bool iso_whole_cite(struct nashra_node *link, enum nashra_dir around)
{
    const enum nashra_dir own = NASHRA_DIR_LTR;
    int ltr = 0, rtl = 0;
    GUnicodeScript script = G_UNICODE_SCRIPT_COMMON;
    if (around != NASHRA_DIR_RTL || !link->first_child)
        return false;
    iso_count(link, own, &ltr, &rtl, &script);
    if (rtl || !ltr)
        return false;
    struct nashra_node *span = iso_span(link->first_child, own);
    span->script = script;
    while (link->first_child)
        nashra_node_append_child(span, link->first_child);
    nashra_node_append_child(link, span);
    return true;
}

void resolve_isolate_cited(struct nashra_doc *doc, GPtrArray *written)
{
    /* Each cite's link: TRUE when isolated whole, FALSE when its names are, one by one. */
    GHashTable *links = g_hash_table_new(NULL, NULL);
    for (guint i = 0; i < written->len; i++) {
        struct nashra_node *t = g_ptr_array_index(written, i);
        enum nashra_dir around = iso_around(doc, t);
        struct nashra_node *link = iso_cite_link(t);
        if (link) {
            gpointer whole;
            if (!g_hash_table_lookup_extended(links, link, NULL, &whole)) {
                whole = GINT_TO_POINTER(iso_whole_cite(link, around));
                g_hash_table_insert(links, link, whole);
            }
            if (whole)
                continue;
        }
        iso_split(t, around);
    }
    g_hash_table_destroy(links);
}
