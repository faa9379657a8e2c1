/* Smart quotes: the parser leaves each typed ' and " as a SMART_QUOTE (open, close or
 * apostrophe); only here, once every block and span knows its language, do they become that
 * language's characters, so a [mot]{lang=fr} span in an English brief gets French quotes. */
#include "resolve/resolve_int.h"

#include <string.h>
#include <unicode/uloc.h>
#include <unicode/ulocdata.h>

#include "util/l10n.h"

#define NNBSP "\xE2\x80\xAF" /* NARROW NO-BREAK SPACE: French sets it inside « » */

/* open double, close double, open single, close single (UTF-8) */
struct smart_quotes {
    char *q[4];
};

/* Languages where CLDR's data is not what their publishers print: Arabic-script news and
 * policy writing uses « » (CLDR gives Arabic ” “, Pashto “ ”), and French puts a narrow
 * no-break space inside its guillemets, which CLDR's delimiters leave out. */
static const struct {
    const char *lang;
    const char *q[4];
} smart_house[] = {
    {"ar", {"\xC2\xAB", "\xC2\xBB", "\xE2\x80\xB9", "\xE2\x80\xBA"}},
    {"fa", {"\xC2\xAB", "\xC2\xBB", "\xE2\x80\xB9", "\xE2\x80\xBA"}},
    {"ckb", {"\xC2\xAB", "\xC2\xBB", "\xE2\x80\xB9", "\xE2\x80\xBA"}},
    {"ps", {"\xC2\xAB", "\xC2\xBB", "\xE2\x80\xB9", "\xE2\x80\xBA"}},
    {"fr", {"\xC2\xAB" NNBSP, NNBSP "\xC2\xBB", "\xE2\x80\xB9" NNBSP, NNBSP "\xE2\x80\xBA"}},
    {"en", {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99"}},
};

static void smart_quotes_free(gpointer p)
{
    struct smart_quotes *sq = p;
    for (int i = 0; i < 4; i++)
        g_free(sq->q[i]);
    g_free(sq);
}

/* LANG's quotes: nashra's table above, else CLDR's through ICU, else English. */
static struct smart_quotes *smart_quotes_for(const char *lang)
{
    struct smart_quotes *sq = g_new0(struct smart_quotes, 1);
    for (size_t i = 0; i < G_N_ELEMENTS(smart_house); i++)
        if (lang && nashra_lang_matches(lang, smart_house[i].lang)) {
            for (int k = 0; k < 4; k++)
                sq->q[k] = g_strdup(smart_house[i].q[k]);
            return sq;
        }
    if (lang && *lang) {
        char loc[ULOC_FULLNAME_CAPACITY];
        UErrorCode st = U_ZERO_ERROR;
        uloc_forLanguageTag(lang, loc, (int32_t)sizeof loc, NULL, &st);
        ULocaleData *uld = U_SUCCESS(st) ? ulocdata_open(loc, &st) : NULL;
        static const ULocaleDataDelimiterType types[4] = {
            ULOCDATA_QUOTATION_START, ULOCDATA_QUOTATION_END, ULOCDATA_ALT_QUOTATION_START,
            ULOCDATA_ALT_QUOTATION_END};
        for (int k = 0; uld && U_SUCCESS(st) && k < 4; k++) {
            UChar buf[8];
            int32_t n = ulocdata_getDelimiter(uld, types[k], buf, 8, &st);
            /* A locale ICU has no data for falls back to root, whose quotes are English's. */
            if (U_SUCCESS(st) && n > 0)
                sq->q[k] = g_utf16_to_utf8((const gunichar2 *)buf, n, NULL, NULL, NULL);
        }
        if (uld)
            ulocdata_close(uld);
    }
    for (int k = 0; k < 4; k++)
        if (!sq->q[k]) {
            for (int j = 0; j < 4; j++) {
                g_free(sq->q[j]);
                sq->q[j] = g_strdup(smart_house[G_N_ELEMENTS(smart_house) - 1].q[j]);
            }
            break;
        }
    return sq;
}

static const char *smart_lang(const struct nashra_node *n, const char *doc_lang)
{
    for (const struct nashra_node *p = n->parent; p; p = p->parent)
        if (p->lang)
            return p->lang;
    return doc_lang;
}

/* Joins each run of TEXT siblings that starts at a converted quote's neighbour into one, as
 * the parser leaves a block's text: one copy per run, so a paragraph of many quotes stays
 * linear. */
static void smart_merge(GPtrArray *quotes)
{
    GString *buf = g_string_new(NULL);
    for (guint i = 0; i < quotes->len; i++) {
        struct nashra_node *n = g_ptr_array_index(quotes, i);
        if (!n)
            continue;
        while (n->prev && n->prev->kind == NASHRA_NODE_TEXT)
            n = n->prev;
        if (!n->next || n->next->kind != NASHRA_NODE_TEXT)
            continue;
        g_string_assign(buf, n->literal ? n->literal : "");
        /* Quote I is the first of its run (an earlier one would have merged it): the run's
         * other quotes are the next ones in QUOTES, freed here. */
        guint k = i + 1;
        while (n->next && n->next->kind == NASHRA_NODE_TEXT) {
            struct nashra_node *m = n->next;
            g_string_append_len(buf, m->literal, (gssize)m->literal_len);
            n->end = m->end;
            if (k < quotes->len && g_ptr_array_index(quotes, k) == m)
                g_ptr_array_index(quotes, k++) = NULL;
            nashra_node_free(m);
        }
        nashra_node_set_literal(n, buf->str, buf->len);
    }
    g_string_free(buf, TRUE);
}

static bool smart_ws(gunichar c)
{
    return c == '\n' || g_unichar_isspace(c) || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR;
}

static bool smart_punct(gunichar c)
{
    if (c < 0x80)
        return g_ascii_ispunct((gchar)c);
    switch (g_unichar_type(c)) {
    case G_UNICODE_CONNECT_PUNCTUATION:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
    case G_UNICODE_CURRENCY_SYMBOL:
    case G_UNICODE_MODIFIER_SYMBOL:
    case G_UNICODE_MATH_SYMBOL:
    case G_UNICODE_OTHER_SYMBOL: return true;
    default: return false;
    }
}

/* A front matter string (title, subtitle) with its quotes in LANG's characters, by the same
 * rules the inline parser applies to the body (a string has no emphasis to nest in), and
 * dashes and ellipses as in the body. Returns a new string, or NULL when nothing changed. */
static char *smart_string(const char *str, struct smart_quotes *sq)
{
    if (!strpbrk(str, "\"'-."))
        return NULL;
    struct q {
        size_t at;
        bool dbl, can_open, can_close, gone;
        enum nashra_quote_role role;
    };
    GArray *qs = g_array_new(FALSE, FALSE, sizeof(struct q));
    gunichar before = '\n';
    for (const char *p = str; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '"' || c == '\'') {
            gunichar after = p[1] ? g_utf8_get_char(p + 1) : '\n';
            bool left = !smart_ws(after) && (!smart_punct(after) || smart_ws(before) ||
                                              smart_punct(before));
            bool right = !smart_ws(before) && (!smart_punct(before) || smart_ws(after) ||
                                                smart_punct(after));
            struct q q = {(size_t)(p - str), c == '"', left && !right && before != ']' &&
                                                           before != ')',
                          right, false, NASHRA_QUOTE_OPEN};
            q.role = c == '\'' ? NASHRA_QUOTE_APOSTROPHE : right ? NASHRA_QUOTE_CLOSE
                                                                  : NASHRA_QUOTE_OPEN;
            g_array_append_val(qs, q);
        }
        before = c;
    }
    /* Closers left to right, each matched with the nearest open quote of its kind. */
    guint bottom[2] = {0, 0};
    for (guint i = 0; i < qs->len; i++) {
        struct q *c = &g_array_index(qs, struct q, i);
        if (!c->can_close)
            continue;
        guint j = i;
        struct q *o = NULL;
        while (j > bottom[c->dbl]) {
            struct q *x = &g_array_index(qs, struct q, --j);
            if (!x->gone && x->can_open && x->dbl == c->dbl) {
                o = x;
                break;
            }
        }
        c->role = NASHRA_QUOTE_CLOSE;
        if (o) {
            o->role = NASHRA_QUOTE_OPEN;
            o->gone = c->gone = true;
        } else {
            if (!c->dbl)
                c->role = NASHRA_QUOTE_APOSTROPHE;
            bottom[c->dbl] = i;
            c->can_open = c->can_open && !c->gone;
            if (!c->can_open)
                c->gone = true;
        }
    }
    GString *out = g_string_new(NULL);
    guint k = 0;
    for (const char *p = str; *p;) {
        size_t at = (size_t)(p - str);
        if (k < qs->len && g_array_index(qs, struct q, k).at == at) {
            struct q *q = &g_array_index(qs, struct q, k++);
            g_string_append(out, q->role == NASHRA_QUOTE_APOSTROPHE ? "\xE2\x80\x99"
                                 : q->role == NASHRA_QUOTE_OPEN     ? sq->q[q->dbl ? 0 : 2]
                                                                    : sq->q[q->dbl ? 1 : 3]);
            p++;
        } else if (*p == '-' && p[1] == '-') {
            size_t n = strspn(p, "-"), ems, ens;
            if (n % 3 == 0)
                ems = n / 3, ens = 0;
            else if (n % 2 == 0)
                ems = 0, ens = n / 2;
            else if (n % 3 == 2)
                ems = (n - 2) / 3, ens = 1;
            else
                ems = (n - 4) / 3, ens = 2;
            for (size_t i = 0; i < ems; i++)
                g_string_append(out, "\xE2\x80\x94");
            for (size_t i = 0; i < ens; i++)
                g_string_append(out, "\xE2\x80\x93");
            p += n;
        } else if (strncmp(p, "...", 3) == 0) {
            g_string_append(out, "\xE2\x80\xA6");
            p += 3;
        } else {
            g_string_append_c(out, *p++);
        }
    }
    g_array_unref(qs);
    if (strcmp(out->str, str) == 0) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}

static void smart_meta(struct nashra_meta *m, const char *lang)
{
    struct smart_quotes *sq = smart_quotes_for(lang);
    char **fields[] = {&m->title, &m->subtitle};
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        char *s = *fields[i] ? smart_string(*fields[i], sq) : NULL;
        if (s) {
            g_free(*fields[i]);
            *fields[i] = s;
        }
    }
    smart_quotes_free(sq);
}

void resolve_smart_quotes(struct nashra_doc *doc)
{
    if (doc->meta.smart)
        smart_meta(&doc->meta, doc->meta.resolved.lang);
    GPtrArray *quotes = g_ptr_array_new();
    struct nashra_iter it;
    enum nashra_event ev;
    nashra_iter_init(&it, doc->root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE)
        if (ev == NASHRA_EVENT_ENTER && it.cur->kind == NASHRA_NODE_SMART_QUOTE)
            g_ptr_array_add(quotes, it.cur);
    if (!quotes->len) {
        g_ptr_array_unref(quotes);
        return;
    }
    GHashTable *by_lang = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                                smart_quotes_free);
    const char *doc_lang = doc->meta.resolved.lang ? doc->meta.resolved.lang : "";
    for (guint i = 0; i < quotes->len; i++) {
        struct nashra_node *n = g_ptr_array_index(quotes, i);
        const char *lang = smart_lang(n, doc_lang);
        struct smart_quotes *sq = g_hash_table_lookup(by_lang, lang);
        if (!sq) {
            sq = smart_quotes_for(lang);
            g_hash_table_insert(by_lang, g_strdup(lang), sq);
        }
        const char *t;
        switch (n->as.quote.role) {
        case NASHRA_QUOTE_OPEN: t = sq->q[n->as.quote.dbl ? 0 : 2]; break;
        case NASHRA_QUOTE_CLOSE: t = sq->q[n->as.quote.dbl ? 1 : 3]; break;
        default: t = "\xE2\x80\x99"; break; /* the apostrophe is ’ in every language */
        }
        n->kind = NASHRA_NODE_TEXT;
        nashra_node_set_literal(n, t, strlen(t));
    }
    smart_merge(quotes);
    g_hash_table_unref(by_lang);
    g_ptr_array_unref(quotes);
}
