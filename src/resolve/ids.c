/* Heading ids: explicit {#id}s are kept, every other heading gets a slug of its text, and all
 * are made unique so links and the PDF outline can name them. */
#include "resolve/resolve_int.h"

#include <string.h>

/* Lower-case ASCII letters and digits, other letters as they are, whitespace and hyphens as
 * single '-', everything else dropped. */
static char *resolve_heading_slug(const char *text)
{
    GString *out = g_string_new(NULL);
    bool hyphen = false;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c < 0x80) {
            if (g_ascii_isalnum((char)c)) {
                if (hyphen && out->len)
                    g_string_append_c(out, '-');
                hyphen = false;
                g_string_append_c(out, g_ascii_tolower((char)c));
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '-') {
                hyphen = true;
            }
            continue;
        }
        if (g_unichar_isalnum(c) || g_unichar_ismark(c)) {
            if (hyphen && out->len)
                g_string_append_c(out, '-');
            hyphen = false;
            g_string_append_unichar(out, c);
        } else if (g_unichar_isspace(c)) {
            hyphen = true;
        }
    }
    if (!out->len)
        g_string_assign(out, "section");
    return g_string_free(out, FALSE);
}

void resolve_heading_ids(struct nashra_node *root, struct nashra_diag *diag)
{
    GHashTable *used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    struct nashra_iter it;
    enum nashra_event ev;
    nashra_iter_init(&it, root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER || n->kind != NASHRA_NODE_HEADING || !n->as.heading.id)
            continue;
        if (g_hash_table_contains(used, n->as.heading.id))
            nashra_diag_report(diag, NASHRA_WARNING, n->start.line, n->start.col,
                               "duplicate heading id '%s'", n->as.heading.id);
        else
            g_hash_table_add(used, g_strdup(n->as.heading.id));
    }
    GHashTable *next_suffix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    nashra_iter_init(&it, root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER || n->kind != NASHRA_NODE_HEADING || n->as.heading.id)
            continue;
        char *text = nashra_node_plain_text(n);
        char *slug = resolve_heading_slug(text);
        g_free(text);
        char *id = g_strdup(slug);
        /* Remember the last suffix per slug so many equal headings stay linear. */
        int k = GPOINTER_TO_INT(g_hash_table_lookup(next_suffix, slug));
        while (g_hash_table_contains(used, id)) {
            g_free(id);
            id = g_strdup_printf("%s-%d", slug, ++k);
        }
        g_hash_table_insert(next_suffix, slug, GINT_TO_POINTER(k));
        g_hash_table_add(used, g_strdup(id));
        n->as.heading.id = id;
    }
    g_hash_table_unref(next_suffix);
    g_hash_table_unref(used);
}
