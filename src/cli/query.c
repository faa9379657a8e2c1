/* The brief as data: the tree after resolve, and the pages layout put each part on. */
#include "cli/query.h"

#include <string.h>

#include <json-glib/json-glib.h>

static void member_str(JsonBuilder *b, const char *key, const char *value)
{
    if (!value)
        return;
    json_builder_set_member_name(b, key);
    json_builder_add_string_value(b, value);
}

/* An optional number: null when 0 (an unnumbered figure, a part laid out nowhere). */
static void member_int_or_null(JsonBuilder *b, const char *key, int value)
{
    json_builder_set_member_name(b, key);
    if (value)
        json_builder_add_int_value(b, value);
    else
        json_builder_add_null_value(b);
}

static void member_list(JsonBuilder *b, const char *key, const GPtrArray *list)
{
    if (!list || !list->len)
        return;
    json_builder_set_member_name(b, key);
    json_builder_begin_array(b);
    for (guint i = 0; i < list->len; i++)
        json_builder_add_string_value(b, g_ptr_array_index(list, i));
    json_builder_end_array(b);
}

/* The front matter's keys as the brief resolved them: language, direction, digits and style
 * as decided, not as written (a brief without `lang:` still has one). */
static void query_meta(JsonBuilder *b, const struct nashra_meta *m)
{
    json_builder_set_member_name(b, "metadata");
    json_builder_begin_object(b);
    member_str(b, "title", m->title);
    member_str(b, "subtitle", m->subtitle);
    if (m->people && m->people->len) {
        json_builder_set_member_name(b, "authors");
        json_builder_begin_array(b);
        for (guint i = 0; i < m->people->len; i++) {
            const struct nashra_person *p = g_ptr_array_index(m->people, i);
            json_builder_begin_object(b);
            member_str(b, "name", p->name);
            member_str(b, "affiliation", p->affiliation);
            member_str(b, "email", p->email);
            member_str(b, "role", p->role);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
    }
    member_str(b, "date", m->date);
    member_str(b, "source", m->source);
    member_str(b, "source-url", m->source_url);
    member_str(b, "source-issue", m->source_issue);
    member_str(b, "source-volume", m->source_volume);
    member_str(b, "source-pages", m->source_pages);
    member_str(b, "source-date", m->source_date);
    member_str(b, "series", m->series);
    member_str(b, "number", m->number);
    member_str(b, "summary", m->summary);
    member_str(b, "license", m->license);
    member_list(b, "keywords", m->keywords);
    member_str(b, "lang", m->resolved.lang ? m->resolved.lang : m->lang);
    member_str(b, "dir", nashra_dir_name(m->resolved.done ? m->resolved.dir : m->dir));
    static const char *const digits[] = {NULL, "latin", "arabic-indic", "persian"};
    member_str(b, "digits", digits[m->resolved.digits]);
    if (m->body_digits) {
        json_builder_set_member_name(b, "body-digits");
        json_builder_add_boolean_value(b, TRUE);
    }
    member_str(b, "template", m->template_name);
    member_str(b, "citation-style",
               m->resolved.citation_style ? m->resolved.citation_style : m->citation_style);
    member_str(b, "bibliography", m->bibliography);
    member_str(b, "notes", m->notes == NASHRA_NOTES_END    ? "end"
                           : m->notes == NASHRA_NOTES_FOOT ? "foot"
                                                           : NULL);
    if (m->pdf_standard.pdfa || m->pdf_standard.ua1) {
        json_builder_set_member_name(b, "pdf-standard");
        json_builder_begin_array(b);
        if (m->pdf_standard.pdfa)
            json_builder_add_string_value(b, nashra_pdfa_name(m->pdf_standard.pdfa));
        if (m->pdf_standard.ua1)
            json_builder_add_string_value(b, "ua-1");
        json_builder_end_array(b);
    }
    if (m->paragraph_numbers) {
        json_builder_set_member_name(b, "paragraph-numbers");
        json_builder_add_boolean_value(b, TRUE);
    }
    if (m->no_smart) {
        json_builder_set_member_name(b, "smart");
        json_builder_add_boolean_value(b, FALSE);
    }
    json_builder_end_object(b);
}

/* Node → the 1-based page its first content landed on, for the headings, figures, tables and
 * notes layout recorded on its structure elements. A page's items carry the element they are
 * content of; an element's ancestors are marked with it, so each is walked up once. */
static GHashTable *query_pages(const struct nashra_pages *pages)
{
    GHashTable *at = g_hash_table_new(NULL, NULL);
    if (!pages || !pages->elems)
        return at;
    const struct nashra_elem *elems = (const struct nashra_elem *)(void *)pages->elems->data;
    int n = (int)pages->elems->len;
    bool *seen = g_new0(bool, n);
    for (guint p = 0; p < pages->pages->len; p++) {
        const struct nashra_page *page = g_ptr_array_index(pages->pages, p);
        for (guint i = 0; i < page->items->len; i++) {
            int e = g_array_index(page->items, struct nashra_item, i).elem;
            for (; e > 0 && e < n && !seen[e]; e = elems[e].parent) {
                seen[e] = true;
                if (elems[e].node)
                    g_hash_table_insert(at, (gpointer)elems[e].node, GINT_TO_POINTER((int)p + 1));
            }
        }
    }
    g_free(seen);
    return at;
}

static void member_page(JsonBuilder *b, GHashTable *at, const struct nashra_node *n)
{
    member_int_or_null(b, "page", GPOINTER_TO_INT(g_hash_table_lookup(at, n)));
}

static bool in_note(const struct nashra_node *n)
{
    for (; n; n = n->parent)
        if (n->kind == NASHRA_NODE_FOOTNOTE_DEF)
            return true;
    return false;
}

/* Plain text, trimmed (a heading's or a caption's). */
static void member_text(JsonBuilder *b, const char *key, const struct nashra_node *n)
{
    char *text = nashra_node_plain_text(n);
    member_str(b, key, g_strstrip(text));
    g_free(text);
}

static void query_heading(JsonBuilder *b, GHashTable *at, const struct nashra_node *n)
{
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "level");
    json_builder_add_int_value(b, n->as.heading.level);
    member_text(b, "text", n);
    json_builder_set_member_name(b, "id");
    if (n->as.heading.id)
        json_builder_add_string_value(b, n->as.heading.id);
    else
        json_builder_add_null_value(b);
    member_page(b, at, n);
    json_builder_end_object(b);
}

static void query_figure(JsonBuilder *b, GHashTable *at, const struct nashra_node *n)
{
    const struct nashra_node *img = n->first_child;
    while (img && img->kind != NASHRA_NODE_IMAGE)
        img = img->next;
    json_builder_begin_object(b);
    member_int_or_null(b, "number", n->as.figure.number);
    member_str(b, "id", n->as.figure.id);
    member_str(b, "caption", img && img->as.link.title && *img->as.link.title
                                 ? img->as.link.title : NULL);
    if (img) {
        char *alt = nashra_node_plain_text(img);
        if (*g_strstrip(alt))
            member_str(b, "alt", alt);
        g_free(alt);
    }
    member_str(b, "credit", n->as.figure.credit);
    member_str(b, "file", img ? img->as.link.url : NULL);
    member_page(b, at, n);
    json_builder_end_object(b);
}

static void query_table(JsonBuilder *b, GHashTable *at, const struct nashra_node *n)
{
    int rows = 0;
    for (const struct nashra_node *r = n->first_child; r; r = r->next)
        rows += r->kind == NASHRA_NODE_TABLE_ROW && !r->as.row.header;
    json_builder_begin_object(b);
    member_int_or_null(b, "number", n->as.table.number);
    member_str(b, "id", n->as.table.id);
    member_str(b, "caption", n->as.table.caption);
    json_builder_set_member_name(b, "columns");
    json_builder_add_int_value(b, n->as.table.columns);
    json_builder_set_member_name(b, "rows");
    json_builder_add_int_value(b, rows);
    member_page(b, at, n);
    json_builder_end_object(b);
}

/* A note's blocks' text, one line each. */
static void query_note(JsonBuilder *b, GHashTable *at, const struct nashra_node *def)
{
    GString *text = g_string_new(NULL);
    for (const struct nashra_node *c = def->first_child; c; c = c->next) {
        char *t = nashra_node_plain_text(c);
        if (*g_strstrip(t))
            g_string_append_printf(text, "%s%s", text->len ? "\n" : "", t);
        g_free(t);
    }
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "number");
    json_builder_add_int_value(b, def->as.footnote.index);
    member_str(b, "label", def->as.footnote.label);
    member_str(b, "text", text->str);
    member_page(b, at, def);
    json_builder_end_object(b);
    g_string_free(text, TRUE);
}

static gint note_order(gconstpointer a, gconstpointer b)
{
    const struct nashra_node *x = *(const struct nashra_node *const *)a;
    const struct nashra_node *y = *(const struct nashra_node *const *)b;
    return (x->as.footnote.index > y->as.footnote.index) -
           (x->as.footnote.index < y->as.footnote.index);
}

/* The references section resolve appended: one paragraph per work, its link anchored at
 * "ref-KEY". */
typedef void query_part(JsonBuilder *b, GHashTable *at, const struct nashra_node *n);

/* Member NAME: an array of PARTS, each written by WRITE. */
static void query_parts(JsonBuilder *b, const char *name, GHashTable *at, GPtrArray *parts,
                        query_part *write)
{
    json_builder_set_member_name(b, name);
    json_builder_begin_array(b);
    for (guint i = 0; i < parts->len; i++)
        write(b, at, g_ptr_array_index(parts, i));
    json_builder_end_array(b);
}

static void query_references(JsonBuilder *b, const struct nashra_node *div)
{
    for (const struct nashra_node *p = div->first_child; p; p = p->next) {
        if (p->kind != NASHRA_NODE_PARAGRAPH)
            continue;
        const struct nashra_node *a = p->first_child;
        const char *anchor = a && a->kind == NASHRA_NODE_LINK ? a->as.link.anchor : NULL;
        json_builder_begin_object(b);
        member_str(b, "id", anchor && g_str_has_prefix(anchor, "ref-") ? anchor + 4 : NULL);
        member_text(b, "text", p);
        json_builder_end_object(b);
    }
}

static bool is_references(const struct nashra_node *n)
{
    return n->kind == NASHRA_NODE_DIV && n->as.div.classes &&
           g_str_has_prefix(n->as.div.classes, "references");
}

void nashra_query_json(const struct nashra_doc *doc, const struct nashra_pages *pages,
                       GString *out)
{
    GHashTable *at = query_pages(pages);
    GPtrArray *headings = g_ptr_array_new(), *figures = g_ptr_array_new();
    GPtrArray *tables = g_ptr_array_new(), *notes = g_ptr_array_new();
    GPtrArray *keys = g_ptr_array_new(), *refs = g_ptr_array_new();
    GHashTable *cited = g_hash_table_new(g_str_hash, g_str_equal);
    struct nashra_iter it;
    nashra_iter_init(&it, doc->root);
    for (enum nashra_event ev; (ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE;) {
        const struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER)
            continue;
        if (n->kind == NASHRA_NODE_HEADING && !in_note(n))
            g_ptr_array_add(headings, (gpointer)n);
        else if (n->kind == NASHRA_NODE_FIGURE)
            g_ptr_array_add(figures, (gpointer)n);
        else if (n->kind == NASHRA_NODE_TABLE)
            g_ptr_array_add(tables, (gpointer)n);
        else if (n->kind == NASHRA_NODE_FOOTNOTE_DEF && n->as.footnote.index > 0)
            g_ptr_array_add(notes, (gpointer)n);
        else if (is_references(n))
            g_ptr_array_add(refs, (gpointer)n);
        /* Works only: a cross-reference's key names a figure, table or heading. */
        else if (n->kind == NASHRA_NODE_CITE_ITEM && n->as.cite.ref && !n->as.cite.xref &&
                 g_hash_table_add(cited, n->as.cite.key))
            g_ptr_array_add(keys, n->as.cite.key);
    }
    g_ptr_array_sort(notes, note_order);

    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    if (pages) {
        json_builder_set_member_name(b, "pages");
        json_builder_add_int_value(b, pages->pages->len);
    }
    query_meta(b, &doc->meta);
    query_parts(b, "headings", at, headings, query_heading);
    query_parts(b, "figures", at, figures, query_figure);
    query_parts(b, "tables", at, tables, query_table);
    query_parts(b, "notes", at, notes, query_note);
    json_builder_set_member_name(b, "citations");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "keys");
    json_builder_begin_array(b);
    for (guint i = 0; i < keys->len; i++)
        json_builder_add_string_value(b, g_ptr_array_index(keys, i));
    json_builder_end_array(b);
    json_builder_set_member_name(b, "references");
    json_builder_begin_array(b);
    for (guint i = 0; i < refs->len; i++)
        query_references(b, g_ptr_array_index(refs, i));
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_object(b);

    JsonNode *root = json_builder_get_root(b);
    JsonGenerator *gen = json_generator_new();
    json_generator_set_pretty(gen, TRUE);
    json_generator_set_indent(gen, 2);
    json_generator_set_root(gen, root);
    json_generator_to_gstring(gen, out);
    g_string_append_c(out, '\n');
    g_object_unref(gen);
    json_node_unref(root);
    g_object_unref(b);
    g_hash_table_unref(cited);
    g_ptr_array_unref(headings);
    g_ptr_array_unref(figures);
    g_ptr_array_unref(tables);
    g_ptr_array_unref(notes);
    g_ptr_array_unref(keys);
    g_ptr_array_unref(refs);
    g_hash_table_unref(at);
}
