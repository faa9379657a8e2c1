/* Post-passes of the nashra syntax over the finished tree: figures (a paragraph holding only an
 * image) and footnotes (numbered by first reference, gathered at the end of the document). */
#include "parse/internal.h"

#include <string.h>

/* The "{...}" attribute block that may follow a figure's image, from the siblings after IMG
 * (text, and the quotes smart punctuation made nodes of), or NULL. */
static char *notes_attrs(const struct nashra_node *img)
{
    GString *t = g_string_new(NULL);
    for (const struct nashra_node *n = img->next; n; n = n->next) {
        if (n->kind != NASHRA_NODE_TEXT && n->kind != NASHRA_NODE_SMART_QUOTE) {
            g_string_free(t, TRUE);
            return NULL;
        }
        g_string_append_len(t, n->literal, (gssize)n->literal_len);
    }
    if (t->len < 2 || t->str[0] != '{' || t->str[t->len - 1] != '}') {
        g_string_free(t, TRUE);
        return NULL;
    }
    const char *inner = t->str + 1;
    size_t n = t->len - 2;
    if (memchr(inner, '{', n) || memchr(inner, '}', n) || memchr(inner, '\n', n)) {
        g_string_free(t, TRUE);
        return NULL;
    }
    g_string_truncate(t, t->len - 1);
    g_string_erase(t, 0, 1);
    return g_string_free(t, FALSE);
}

void parse_figures(struct nashra_node *root)
{
    GPtrArray *found = g_ptr_array_new();
    GPtrArray *attrs = g_ptr_array_new();
    struct nashra_iter it;
    enum nashra_event ev;
    nashra_iter_init(&it, root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER || n->kind != NASHRA_NODE_PARAGRAPH)
            continue;
        struct nashra_node *img = n->first_child;
        char *a = NULL;
        if (img && img->kind == NASHRA_NODE_IMAGE && (!img->next || (a = notes_attrs(img)))) {
            g_ptr_array_add(found, n);
            g_ptr_array_add(attrs, a);
        }
        nashra_iter_skip_children(&it);
    }
    for (guint i = 0; i < found->len; i++) {
        struct nashra_node *para = g_ptr_array_index(found, i);
        struct nashra_node *img = para->first_child;
        img->as.link.attrs = g_ptr_array_index(attrs, i);
        if (img->next) {
            img->end = para->last_child->end;
            while (img->next)
                nashra_node_free(img->next);
        }
        para->kind = NASHRA_NODE_FIGURE;
    }
    g_ptr_array_unref(attrs);
    g_ptr_array_unref(found);
}

/* Moves the notes of ORDER to the end of ROOT in that order, and frees ORDER. */
static void notes_move_to_end(struct nashra_node *root, GPtrArray *order)
{
    for (guint i = 0; i < order->len; i++) {
        struct nashra_node *def = g_ptr_array_index(order, i);
        nashra_node_unlink(def);
        nashra_node_append_child(root, def);
    }
    g_ptr_array_unref(order);
}

void parse_footnotes_resolve(struct nashra_node *root, GPtrArray *defs, GHashTable *by_label,
                             struct nashra_diag *diag)
{
    if (!defs->len)
        return;
    GPtrArray *order = nashra_notes_order(root);
    for (guint i = 0; i < defs->len; i++) {
        struct nashra_node *def = g_ptr_array_index(defs, i);
        if (def->as.footnote.index)
            continue;
        char *key = parse_normalize_label(def->as.footnote.label, strlen(def->as.footnote.label));
        bool first = key && g_hash_table_lookup(by_label, key) == def;
        g_free(key);
        nashra_diag_report(diag, NASHRA_WARNING, def->start.line, def->start.col,
                           first ? "footnote [^%s] is never referenced; dropped"
                                 : "footnote [^%s] is defined again; the first definition is used",
                           def->as.footnote.label);
        nashra_node_free(def);
    }
    notes_move_to_end(root, order);
}
