/* Structure elements: what each piece of content is (paragraph, heading, list item, table
 * cell...), recorded on the display list for a renderer that tags its output. */
#include "layout/layout_int.h"

int layout_elem_add(struct layout_state *ls, enum nashra_elem_kind kind, int parent)
{
    struct nashra_elem e = {.kind = kind, .parent = parent};
    g_array_append_val(ls->elems, e);
    return (int)ls->elems->len - 1;
}

int layout_elem_open(struct layout_state *ls, enum nashra_elem_kind kind)
{
    ls->elem = layout_elem_add(ls, kind, ls->elem);
    return ls->elem;
}

void layout_elem_lang(struct layout_state *ls, const char *lang)
{
    if (!lang)
        return;
    /* The language in effect: the nearest element's that has one, else the document's. */
    const char *inherited = ls->lang;
    for (int e = g_array_index(ls->elems, struct nashra_elem, ls->elem).parent; e > 0;
         e = g_array_index(ls->elems, struct nashra_elem, e).parent) {
        const char *l = g_array_index(ls->elems, struct nashra_elem, e).lang;
        if (l) {
            inherited = l;
            break;
        }
    }
    if (inherited && g_ascii_strcasecmp(inherited, lang) == 0)
        return;
    struct nashra_elem *el = &g_array_index(ls->elems, struct nashra_elem, ls->elem);
    g_free(el->lang);
    el->lang = g_strdup(lang);
}

void layout_elem_close(struct layout_state *ls)
{
    int parent = g_array_index(ls->elems, struct nashra_elem, ls->elem).parent;
    ls->elem = parent >= 0 ? parent : 0;
}

void layout_elems_free(GArray *elems)
{
    if (!elems)
        return;
    for (guint i = 0; i < elems->len; i++) {
        struct nashra_elem *e = &g_array_index(elems, struct nashra_elem, i);
        g_free(e->lang);
        g_free(e->alt);
    }
    g_array_free(elems, TRUE);
}
