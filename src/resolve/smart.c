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

void resolve_smart_quotes(struct nashra_doc *doc)
{
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
