/* The flow: lines not yet on pages, gathered into blocks (kept together or breakable) that
 * pagination places. */
#include "layout/layout_int.h"
#include "util/l10n.h"

struct layout_fline *layout_new_line(struct layout_state *ls, double height)
{
    struct layout_fline fl = {height, g_array_new(FALSE, TRUE, sizeof(struct layout_fitem))};
    g_array_append_val(ls->lines, fl);
    return &g_array_index(ls->lines, struct layout_fline, ls->lines->len - 1);
}

void layout_fline_add(struct layout_fline *fl, const struct layout_fitem *fi)
{
    g_array_append_val(fl->items, *fi);
}

void layout_block_begin(struct layout_state *ls, double space_before)
{
    if (ls->keep > 0) {
        /* Inside a group: the space becomes a blank line, except before its first line. */
        const struct layout_fblock *g =
            &g_array_index(ls->blocks, struct layout_fblock, ls->blocks->len - 1);
        if ((int)ls->lines->len > g->first_line && space_before > 0)
            layout_line_decorations(ls, layout_new_line(ls, space_before),
                                    &(struct layout_block_opts){0});
        return;
    }
    struct layout_fblock b = {(int)ls->lines->len, 0, space_before, false, true, 0,
                              ls->cover_break};
    ls->cover_break = false;
    g_array_append_val(ls->blocks, b);
}

void layout_keep_begin(struct layout_state *ls, double space_before)
{
    layout_block_begin(ls, space_before);
    ls->keep++;
}

void layout_keep_end(struct layout_state *ls)
{
    if (--ls->keep == 0)
        layout_block_end(ls, false, false);
}

void layout_take_lines(struct layout_state *ls, int first, double dy, GArray *items)
{
    for (guint i = (guint)first; i < ls->lines->len; i++) {
        struct layout_fline *fl = &g_array_index(ls->lines, struct layout_fline, i);
        for (guint k = 0; k < fl->items->len; k++) {
            struct layout_fitem fi = g_array_index(fl->items, struct layout_fitem, k);
            fi.it.y += dy;
            g_array_append_val(items, fi);
        }
        dy += fl->height;
        g_array_free(fl->items, TRUE);
    }
    g_array_set_size(ls->lines, (guint)first);
}

void layout_block_end(struct layout_state *ls, bool keep_with_next, bool breakable)
{
    if (ls->keep > 0)
        return;
    struct layout_fblock *b = &g_array_index(ls->blocks, struct layout_fblock, ls->blocks->len - 1);
    b->n_lines = (int)ls->lines->len - b->first_line;
    b->keep_with_next = keep_with_next;
    b->breakable = breakable;
}

char *layout_number(const struct layout_state *ls, int n)
{
    return nashra_format_number(n, ls->digits);
}
