/* The validation pass, after parsing (nashra syntax only), in the spirit of mandoc's: gives
 * figures and tables their ids, captions and numbers, resolves every citation key against the
 * references and every cross-reference against the figures, tables and headings (an unknown
 * one is an error at its line and column), prints what each resolves to, and appends the
 * references section with exactly the cited works. */
#include "parse/internal.h"

#include <string.h>

#include "cite/cite.h"
#include "util/l10n.h"

/* The id of a "{#fig:map width=60%}" attribute text (without braces), or NULL. g_free. */
static char *resolve_attr_id(const char *attrs)
{
    const char *p = attrs;
    while (p && *p) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n')
            e++;
        if (*p == '#' && e > p + 1)
            return g_strndup(p + 1, (gsize)(e - p - 1));
        p = e;
    }
    return NULL;
}

/* A table caption paragraph right after a table: "Table: Prices {#tbl:prices}" or ": Prices".
 * Sets the table's caption and id and frees the paragraph. */
static void resolve_table_caption(struct nashra_node *table)
{
    struct nashra_node *para = table->next;
    if (!para || para->kind != NASHRA_NODE_PARAGRAPH)
        return;
    char *text = nashra_node_plain_text(para);
    static const char *const prefixes[] = {"Table:", "\u062c\u062f\u0648\u0644:", ":"};
    const char *rest = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(prefixes) && !rest; i++)
        if (g_str_has_prefix(text, prefixes[i]))
            rest = text + strlen(prefixes[i]);
    if (!rest) {
        g_free(text);
        return;
    }
    char *cap = g_strstrip(g_strdup(rest));
    size_t n = strlen(cap);
    if (n && cap[n - 1] == '}') {
        char *open = strrchr(cap, '{');
        if (open) {
            char *inner = g_strndup(open + 1, (gsize)(cap + n - 1 - open - 1));
            table->as.table.id = resolve_attr_id(inner);
            g_free(inner);
            *open = '\0';
            g_strstrip(cap);
        }
    }
    for (char *p = cap; *p; p++)
        if (*p == '\n')
            *p = ' ';
    table->as.table.caption = cap;
    nashra_node_free(para);
    g_free(text);
}

static struct nashra_node *resolve_text_node(const char *s)
{
    struct nashra_node *t = nashra_node_new(NASHRA_NODE_TEXT, (struct nashra_pos){0, 0, 0});
    nashra_node_set_literal(t, s, strlen(s));
    return t;
}

static gint resolve_ref_cmp(gconstpointer a, gconstpointer b, gpointer lang)
{
    return nashra_cite_work_compare(*(const struct nashra_ref *const *)a,
                                    *(const struct nashra_ref *const *)b, lang);
}

/* "Figure 2" / "الشكل ٢". g_free. */
static char *resolve_label(const char *lang, enum nashra_text what, int number,
                           enum nashra_digits digits)
{
    char *num = nashra_format_number(number, digits);
    const char *label = nashra_text(lang, what);
    bool ar = lang && (strcmp(lang, "ar") == 0 || g_str_has_prefix(lang, "ar-") ||
                       g_str_has_prefix(lang, "ar_"));
    char *s = g_strdup_printf("%s%s %s", ar && !g_str_has_prefix(label, "\u0627\u0644") ? "\u0627\u0644" : "",
                              label, num);
    g_free(num);
    return s;
}

/* Appends the references section (a heading and one paragraph per work) before the notes. */
static void resolve_references_section(struct nashra_doc *doc, GPtrArray *cited,
                                       enum nashra_cite_style style, const char *lang,
                                       enum nashra_digits digits, GHashTable *ids)
{
    g_ptr_array_sort_with_data(cited, resolve_ref_cmp, (gpointer)lang);
    struct nashra_node *before = NULL;
    for (struct nashra_node *c = doc->root->first_child; c; c = c->next)
        if (c->kind == NASHRA_NODE_FOOTNOTE_DEF) {
            before = c;
            break;
        }
    struct nashra_node *h = nashra_node_new(NASHRA_NODE_HEADING, (struct nashra_pos){0, 0, 0});
    h->as.heading.level = 2;
    char *id = g_strdup("references");
    for (int k = 2; g_hash_table_contains(ids, id); k++) {
        g_free(id);
        id = g_strdup_printf("references-%d", k);
    }
    h->as.heading.id = id;
    nashra_node_append_child(h, resolve_text_node(nashra_text(lang, NASHRA_TEXT_REFERENCES)));
    if (before)
        nashra_node_insert_before(before, h);
    else
        nashra_node_append_child(doc->root, h);
    struct nashra_node *last = h;
    for (guint i = 0; i < cited->len; i++) {
        const struct nashra_ref *r = g_ptr_array_index(cited, i);
        bool latin = nashra_ref_is_latin(r);
        /* An English work in an Arabic brief is written in English, in its own paragraph. */
        char *entry = latin && nashra_lang_is_rtl(lang)
                          ? nashra_cite_work_entry(r, style, "en", NASHRA_DIGITS_LATIN)
                          : nashra_cite_work_entry(r, style, lang, digits);
        struct nashra_node *p = nashra_node_new(NASHRA_NODE_PARAGRAPH, (struct nashra_pos){0, 0, 0});
        struct nashra_node *a = nashra_node_new(NASHRA_NODE_LINK, (struct nashra_pos){0, 0, 0});
        a->as.link.anchor = g_strconcat("ref-", r->id, NULL);
        nashra_node_append_child(a, resolve_text_node(entry));
        nashra_node_append_child(p, a);
        nashra_node_insert_after(last, p);
        last = p;
        g_free(entry);
    }
}

void parse_resolve(struct nashra_doc *doc, struct nashra_diag *diag)
{
    struct nashra_meta *m = &doc->meta;
    const char *lang = nashra_cite_lang(m);
    enum nashra_digits digits = nashra_resolve_digits(lang, m->digits);
    enum nashra_cite_style style = nashra_cite_style_of(m);
    GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal); /* id → node (borrowed) */
    GPtrArray *tables = g_ptr_array_new(), *items = g_ptr_array_new();
    int n_fig = 0, n_tbl = 0;
    struct nashra_iter it;
    enum nashra_event ev;
    nashra_iter_init(&it, doc->root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE)
        if (ev == NASHRA_EVENT_ENTER && it.cur->kind == NASHRA_NODE_TABLE)
            g_ptr_array_add(tables, it.cur);
    for (guint i = 0; i < tables->len; i++)
        resolve_table_caption(g_ptr_array_index(tables, i));
    /* Citations only now: a caption paragraph, freed above, may have held some. */
    nashra_iter_init(&it, doc->root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE)
        if (ev == NASHRA_EVENT_ENTER && it.cur->kind == NASHRA_NODE_CITE_ITEM)
            g_ptr_array_add(items, it.cur);
    /* Numbers and ids in document order. */
    nashra_iter_init(&it, doc->root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER)
            continue;
        const char *id = NULL;
        if (n->kind == NASHRA_NODE_FIGURE) {
            struct nashra_node *img = n->first_child;
            if (img && img->kind == NASHRA_NODE_IMAGE) {
                n->as.figure.id = resolve_attr_id(img->as.link.attrs);
                if (n->as.figure.id || (img->as.link.title && *img->as.link.title))
                    n->as.figure.number = ++n_fig;
            }
            id = n->as.figure.id;
        } else if (n->kind == NASHRA_NODE_TABLE) {
            if (n->as.table.caption || n->as.table.id)
                n->as.table.number = ++n_tbl;
            id = n->as.table.id;
        } else if (n->kind == NASHRA_NODE_HEADING) {
            id = n->as.heading.id;
        }
        if (!id)
            continue;
        if (g_hash_table_contains(ids, id) && n->kind != NASHRA_NODE_HEADING)
            nashra_diag_report(diag, NASHRA_WARNING, n->start.line, n->start.col,
                               "duplicate id '%s'", id);
        else if (!g_hash_table_contains(ids, id))
            g_hash_table_insert(ids, (gpointer)id, n);
    }
    GHashTable *refs = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < m->references->len; i++) {
        struct nashra_ref *r = g_ptr_array_index(m->references, i);
        g_hash_table_insert(refs, r->id, r);
    }
    GPtrArray *cited = g_ptr_array_new();
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < items->len; i++) {
        struct nashra_node *n = g_ptr_array_index(items, i);
        const char *key = n->as.cite.key;
        const char *target_id = key[0] == '#' ? key + 1 : key;
        struct nashra_node *t = g_hash_table_lookup(ids, target_id);
        if (!t && g_str_has_prefix(key, "sec:"))
            t = g_hash_table_lookup(ids, key + 4);
        bool xref_syntax = key[0] == '#' || g_str_has_prefix(key, "fig:") ||
                           g_str_has_prefix(key, "tbl:") || g_str_has_prefix(key, "sec:");
        struct nashra_ref *r = t ? NULL : g_hash_table_lookup(refs, key);
        if (t) {
            n->as.cite.xref = true;
            n->as.cite.target = t;
            if (t->kind == NASHRA_NODE_FIGURE) {
                n->as.cite.dest = g_strdup(t->as.figure.id);
                n->as.cite.text = t->as.figure.number
                                      ? resolve_label(lang, NASHRA_TEXT_FIGURE,
                                                      t->as.figure.number, digits)
                                      : g_strdup(t->as.figure.id);
            } else if (t->kind == NASHRA_NODE_TABLE) {
                n->as.cite.dest = g_strdup(t->as.table.id);
                n->as.cite.text =
                    resolve_label(lang, NASHRA_TEXT_TABLE, t->as.table.number, digits);
            } else {
                n->as.cite.dest = g_strdup(t->as.heading.id);
                n->as.cite.text = nashra_node_plain_text(t);
            }
        } else if (r) {
            n->as.cite.ref = r;
            n->as.cite.dest = g_strconcat("ref-", r->id, NULL);
            n->as.cite.text = nashra_cite_work_intext(r, n->as.cite.locator, style, lang, digits);
            if (!g_hash_table_contains(seen, r)) {
                g_hash_table_add(seen, r);
                g_ptr_array_add(cited, r);
            }
        } else if (xref_syntax) {
            nashra_diag_report(diag, NASHRA_ERROR, n->start.line, n->start.col,
                               "unknown cross-reference target '%s'", target_id);
        } else {
            nashra_diag_report(diag, NASHRA_ERROR, n->start.line, n->start.col,
                               "unknown citation key '%s'%s", key,
                               m->references->len || m->bibliography ? ""
                                                  : " (no references: give 'references' or "
                                                    "'bibliography' in the front matter)");
        }
    }
    if (cited->len)
        resolve_references_section(doc, cited, style, lang, digits, ids);
    g_hash_table_unref(seen);
    g_ptr_array_unref(cited);
    g_hash_table_unref(refs);
    g_ptr_array_unref(items);
    g_ptr_array_unref(tables);
    g_hash_table_unref(ids);
}
