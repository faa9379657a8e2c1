#include "csl/csl_int.h"
#include "csl/csl_process.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <unicode/ucol.h>

static void locale_free_cb(gpointer p)
{
    csl_locale_free(p);
}

struct nashra_csl_engine *nashra_csl_engine_new(const struct nashra_csl_style *style,
                                                const char *lang, bool force_lang,
                                                nashra_csl_locale_fn locales, void *data,
                                                GError **error)
{
    g_return_val_if_fail(style != NULL, NULL);
    const char *use = NULL;
    if (force_lang && lang && *lang)
        use = lang;
    else if (style->default_locale && *style->default_locale)
        use = style->default_locale;
    else if (lang && *lang)
        use = lang;
    else
        use = "en-US";

    struct nashra_csl_engine *e = g_new0(struct nashra_csl_engine, 1);
    e->style = style;
    e->lang = g_strdup(use);
    /* csl_locale_chain sets the chain's free func; ours is a fallback when it does not. */
    e->locales = g_ptr_array_new_with_free_func(locale_free_cb);
    if (!csl_locale_chain(style, e->lang, locales ? locales : nashra_csl_locale_builtin, data,
                          e->locales, error)) {
        nashra_csl_engine_free(e);
        return NULL;
    }
    int piq = -1, ltd = -1;
    for (guint i = 0; i < e->locales->len; i++) {
        const struct csl_locale *l = g_ptr_array_index(e->locales, i);
        if (piq < 0 && l->punctuation_in_quote >= 0)
            piq = l->punctuation_in_quote;
        if (ltd < 0 && l->limit_day_ordinals_to_day_1 >= 0)
            ltd = l->limit_day_ordinals_to_day_1;
    }
    e->punctuation_in_quote = piq > 0;
    e->limit_day_ordinals_to_day_1 = ltd > 0;
    e->items = g_ptr_array_new();
    e->by_id = g_hash_table_new(g_str_hash, g_str_equal);
    e->citation_number = g_hash_table_new(g_direct_hash, g_direct_equal);
    e->year_suffix = g_hash_table_new(g_direct_hash, g_direct_equal);
    e->cited = g_ptr_array_new();
    e->first_note = g_hash_table_new(g_direct_hash, g_direct_equal);
    return e;
}

void nashra_csl_engine_free(struct nashra_csl_engine *e)
{
    if (!e)
        return;
    g_free(e->lang);
    if (e->locales)
        g_ptr_array_unref(e->locales);
    if (e->items)
        g_ptr_array_unref(e->items);
    if (e->by_id)
        g_hash_table_unref(e->by_id);
    if (e->abbreviations)
        g_hash_table_unref(e->abbreviations);
    if (e->citation_number)
        g_hash_table_unref(e->citation_number);
    if (e->year_suffix)
        g_hash_table_unref(e->year_suffix);
    if (e->cited)
        g_ptr_array_unref(e->cited);
    if (e->disamb)
        g_hash_table_unref(e->disamb);
    if (e->first_note)
        g_hash_table_unref(e->first_note);
    if (e->sort_cache)
        g_hash_table_unref(e->sort_cache);
    if (e->collator)
        ucol_close(e->collator);
    g_free(e);
}

void nashra_csl_engine_add_items(struct nashra_csl_engine *e, GPtrArray *items)
{
    g_return_if_fail(e != NULL);
    if (!items)
        return;
    csl_sort_cache_clear(e);
    for (guint i = 0; i < items->len; i++) {
        struct nashra_csl_item *it = g_ptr_array_index(items, i);
        if (!it || !it->id)
            continue;
        /* a repeated id: the later item wins, in the earlier one's place (citeproc-js) */
        struct nashra_csl_item *old = g_hash_table_lookup(e->by_id, it->id);
        if (old) {
            for (guint k = 0; k < e->items->len; k++)
                if (e->items->pdata[k] == old)
                    e->items->pdata[k] = it;
            g_hash_table_insert(e->by_id, it->id, it);
            continue;
        }
        g_hash_table_insert(e->by_id, it->id, it);
        g_ptr_array_add(e->items, it);
    }
}

static void abbrev_add(struct nashra_csl_engine *e, JsonObject *jur)
{
    GList *vars = json_object_get_members(jur);
    for (GList *v = vars; v; v = v->next) {
        JsonNode *vn = json_object_get_member(jur, v->data);
        if (!JSON_NODE_HOLDS_OBJECT(vn))
            continue;
        JsonObject *map = json_node_get_object(vn);
        GList *keys = json_object_get_members(map);
        for (GList *k = keys; k; k = k->next) {
            JsonNode *sn = json_object_get_member(map, k->data);
            if (!JSON_NODE_HOLDS_VALUE(sn) || json_node_get_value_type(sn) != G_TYPE_STRING)
                continue;
            char *key = g_strconcat(v->data, "\x1f", k->data, NULL);
            if (g_hash_table_contains(e->abbreviations, key)) {
                g_free(key);
                continue;
            }
            g_hash_table_insert(e->abbreviations, key, g_strdup(json_node_get_string(sn)));
        }
        g_list_free(keys);
    }
    g_list_free(vars);
}

bool nashra_csl_engine_set_abbreviations(struct nashra_csl_engine *e, const char *json,
                                         gsize len, GError **error)
{
    g_return_val_if_fail(e != NULL, false);
    csl_sort_cache_clear(e); /* short forms may be sorted by */
    if (!json) {
        g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_ITEM, "abbreviations: no JSON");
        return false;
    }
    if (!csl_json_bounded(json, len, "abbreviations", error))
        return false;
    JsonParser *p = json_parser_new();
    GError *err = NULL;
    if (!json_parser_load_from_data(p, json, (gssize)len, &err)) {
        g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_ITEM, "abbreviations: %s",
                    err->message);
        g_error_free(err);
        g_object_unref(p);
        return false;
    }
    JsonNode *root = json_parser_get_root(p);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_ITEM,
                    "abbreviations: not a JSON object");
        g_object_unref(p);
        return false;
    }
    if (!e->abbreviations)
        e->abbreviations = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    JsonObject *o = json_node_get_object(root);
    /* "default" first: its entries win over other jurisdictions' */
    JsonNode *def = json_object_get_member(o, "default");
    if (def && JSON_NODE_HOLDS_OBJECT(def))
        abbrev_add(e, json_node_get_object(def));
    GList *jurs = json_object_get_members(o);
    for (GList *j = jurs; j; j = j->next) {
        if (strcmp(j->data, "default") == 0)
            continue;
        JsonNode *jn = json_object_get_member(o, j->data);
        if (JSON_NODE_HOLDS_OBJECT(jn))
            abbrev_add(e, json_node_get_object(jn));
    }
    g_list_free(jurs);
    g_object_unref(p);
    return true;
}

const char *csl_abbreviation(const struct nashra_csl_engine *e, const char *variable,
                             const char *value)
{
    if (!e || !e->abbreviations || !variable || !value)
        return NULL;
    char *var = g_strdup(variable);
    gsize vl = strlen(var);
    if (vl > 6 && strcmp(var + vl - 6, "-short") == 0)
        var[vl - 6] = '\0';
    char *key = g_strconcat(var, "\x1f", value, NULL);
    const char *r = g_hash_table_lookup(e->abbreviations, key);
    g_free(key);
    g_free(var);
    return r;
}

void nashra_csl_engine_bib_options(const struct nashra_csl_engine *e,
                                   struct nashra_csl_bib_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->line_spacing = 1;
    opts->entry_spacing = 1;
    const struct csl_node *b = e ? e->style->bibliography : NULL;
    if (!b)
        return;
    opts->hanging_indent = csl_attr_true(b, "hanging-indent");
    const char *sfa = csl_attr(b, "second-field-align");
    if (sfa && strcmp(sfa, "flush") == 0)
        opts->second_field_align = NASHRA_CSL_ALIGN_FLUSH;
    else if (sfa && strcmp(sfa, "margin") == 0)
        opts->second_field_align = NASHRA_CSL_ALIGN_MARGIN;
    const char *ls = csl_attr(b, "line-spacing");
    if (ls && atoi(ls) > 0)
        opts->line_spacing = atoi(ls);
    const char *es = csl_attr(b, "entry-spacing");
    if (es && atoi(es) >= 0)
        opts->entry_spacing = atoi(es);
}

/* Hook for nashra's own collation rules (e.g. ignoring a leading Arabic article ال), to be
 * enabled by an engine option; today keys are compared as rendered. */
void nashra_csl_engine_set_ignore_arabic_article(struct nashra_csl_engine *e, bool on)
{
    e->ignore_arabic_article = on;
}

/* "الخطيب" → "خطيب": the article, when letters follow it. */
static const char *skip_arabic_article(const char *w, const char *end)
{
    if (end - w > 4 && (unsigned char)w[0] == 0xD8 && (unsigned char)w[1] == 0xA7 &&
        (unsigned char)w[2] == 0xD9 && (unsigned char)w[3] == 0x84)
        return w + 4;
    return w;
}

static const char *collate_prepare(const struct nashra_csl_engine *e, const char *key)
{
    (void)e;
    return key;
}

static UCollator *engine_collator(struct nashra_csl_engine *e)
{
    if (e->collator)
        return e->collator;
    if (e->collator_failed)
        return NULL;
    UErrorCode st = U_ZERO_ERROR;
    char *loc = g_strdelimit(g_strdup(e->lang), "-", '_');
    UCollator *c = ucol_open(loc, &st);
    g_free(loc);
    if (U_FAILURE(st) || !c) {
        e->collator_failed = true;
        return NULL;
    }
    /* case-insensitive, punctuation ignored (equal keys keep their order) */
    ucol_setStrength(c, UCOL_SECONDARY);
    ucol_setAttribute(c, UCOL_ALTERNATE_HANDLING, UCOL_SHIFTED, &st);
    if (U_FAILURE(st)) {
        ucol_close(c);
        e->collator_failed = true;
        return NULL;
    }
    e->collator = c;
    return c;
}

/* Sort keys compare word by word (like citeproc-js and jgm/citeproc): spaces, commas and
 * apostrophes only separate words, so "Smith, John" precedes "Smithson" and "'t Horvath" files
 * under T; within a word, ICU ignores punctuation and case except to break ties. */
static bool word_sep(gunichar c)
{
    return g_unichar_isspace(c) || c == ',' || c == '\'' || c == 0x2019 || c == 0x2018 ||
           c == 0x02BE || c == 0x02BF;
}

static const char *next_word(const char *p, const char **end)
{
    while (*p && word_sep(g_utf8_get_char(p)))
        p = g_utf8_next_char(p);
    const char *q = p;
    while (*q && !word_sep(g_utf8_get_char(q)))
        q = g_utf8_next_char(q);
    *end = q;
    return p;
}

int csl_collate(struct nashra_csl_engine *e, const char *a, const char *b)
{
    if (!a || !b)
        return a ? -1 : b ? 1 : 0;
    a = collate_prepare(e, a);
    b = collate_prepare(e, b);
    UCollator *c = engine_collator(e);
    if (!c)
        return strcmp(a, b);
    for (;;) {
        const char *ae, *be;
        const char *aw = next_word(a, &ae), *bw = next_word(b, &be);
        if (aw == ae || bw == be)
            return (aw != ae) - (bw != be);
        if (e->ignore_arabic_article) {
            aw = skip_arabic_article(aw, ae);
            bw = skip_arabic_article(bw, be);
        }
        UErrorCode st = U_ZERO_ERROR;
        UCollationResult r = ucol_strcollUTF8(c, aw, (int32_t)(ae - aw), bw, (int32_t)(be - bw),
                                              &st);
        if (U_FAILURE(st))
            return strcmp(a, b);
        if (r != UCOL_EQUAL)
            return r == UCOL_LESS ? -1 : 1;
        a = ae;
        b = be;
    }
}
