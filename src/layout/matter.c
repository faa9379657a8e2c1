/* The brief's matter around the body: tinted boxes (the summary, "how to cite"), the contents
 * page of a report. */
#include <string.h>

#include "layout/layout_int.h"
#include "util/l10n.h"

void layout_tinted_box(struct layout_state *ls, const char *title, const char *text, double size,
                       bool digits, double space_before)
{
    const struct nashra_style *st = ls->st;
    const double bar = 3.5, pad = 11;
    struct layout_container c = {.kind = LAYOUT_C_CALLOUT, .left = ls->left, .right = ls->right};
    c.box_left = c.left;
    c.box_right = c.right;
    c.r = st->accent.r, c.g = st->accent.g, c.b = st->accent.b;
    c.own_tint = true;
    c.tint_rgb = st->tint;
    c.bar = ++ls->n_bars;
    c.tint = ++ls->n_bars;
    c.bar_x = ls->rtl ? c.right - bar : c.left;
    c.left += ls->rtl ? pad : bar + pad;
    c.right -= ls->rtl ? bar + pad : pad;
    /* Outside any container: the box spans the text width. */
    GArray *saved = ls->stack;
    ls->stack = g_array_new(FALSE, FALSE, sizeof(struct layout_container));
    g_array_append_val(ls->stack, c);
    layout_keep_begin(ls, space_before);
    layout_line_decorations(ls, layout_new_line(ls, 7), &(struct layout_block_opts){0});
    layout_elem_open(ls, NASHRA_ELEM_DIV);
    layout_elem_open(ls, NASHRA_ELEM_P);
    layout_text_line(ls, title, layout_family(ls, NASHRA_FONT_HEADING), size * 0.98,
                     PANGO_WEIGHT_BOLD, st->accent, LAYOUT_START, c.left, c.right, 0, 0, NULL);
    layout_elem_close(ls);
    char **paras = g_strsplit(text, "\n\n", -1);
    for (char **p = paras; *p; p++) {
        char *t = g_strstrip(g_strdelimit(g_strdup(*p), "\n", ' '));
        if (*t) {
            char *d = digits ? nashra_apply_digits(t, ls->digits) : g_strdup(t);
            layout_elem_open(ls, NASHRA_ELEM_P);
            layout_text_line(ls, d, layout_family(ls, NASHRA_FONT_BODY), size, PANGO_WEIGHT_NORMAL,
                             st->text, LAYOUT_JUSTIFY, c.left, c.right, p == paras ? 1 : 4, 0,
                             NULL);
            layout_elem_close(ls);
            g_free(d);
        }
        g_free(t);
    }
    g_strfreev(paras);
    layout_elem_close(ls);
    layout_line_decorations(ls, layout_new_line(ls, 9), &(struct layout_block_opts){0});
    layout_keep_end(ls);
    g_array_free(ls->stack, TRUE);
    ls->stack = saved;
}

void layout_cite_box(struct layout_state *ls)
{
    const char *cite = ls->st->citation;
    if (!cite || !*cite)
        return;
    g_array_set_size(ls->stack, 0);
    /* Set in the direction of its first letter: a name of the other direction is isolated,
     * so the year after it stays on the line's side (the HTML page decides alike). */
    enum nashra_dir d = nashra_text_block_direction(
        NASHRA_DIR_AUTO, ls->rtl ? NASHRA_DIR_RTL : NASHRA_DIR_LTR, cite, -1);
    char *text = nashra_text_isolate_contrary(cite, d);
    layout_tinted_box(ls, nashra_text(ls->lang, NASHRA_TEXT_CITE_THIS), text,
                      ls->st->body_size * 0.85, false, ls->st->paragraph_gap * 2.5);
    g_free(text);
}

/* Headings of level 1 and 2 in the order the walk meets them; ENTRY is each one's index among
 * all headings (the outline's order). Notes' headings come last and are left out. */
void layout_contents(struct layout_state *ls)
{
    const struct nashra_style *st = ls->st;
    struct nashra_iter it;
    nashra_iter_init(&it, ls->doc->root);
    enum nashra_event ev;
    int count = 0;
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(int[2]));
    GPtrArray *titles = g_ptr_array_new_with_free_func(g_free);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER)
            continue;
        if (n->kind == NASHRA_NODE_FOOTNOTE_DEF) {
            nashra_iter_skip_children(&it);
            continue;
        }
        if (n->kind != NASHRA_NODE_HEADING)
            continue;
        int idx = count++;
        if (n->as.heading.level > 3)
            continue;
        int row[2] = {idx, n->as.heading.level};
        g_array_append_val(rows, row);
        char *t = nashra_node_plain_text(n);
        g_ptr_array_add(titles, g_strstrip(t));
    }
    /* The two highest levels used: a brief often starts at ##. */
    int top_level = 6;
    for (guint i = 0; i < rows->len; i++)
        top_level = MIN(top_level, g_array_index(rows, int, i * 2 + 1));
    for (guint i = rows->len; i-- > 0;)
        if (g_array_index(rows, int, i * 2 + 1) > top_level + 1) {
            g_array_remove_index(rows, i);
            g_ptr_array_remove_index(titles, i);
        }
    if (rows->len == 0) {
        g_array_free(rows, TRUE);
        g_ptr_array_free(titles, TRUE);
        return;
    }
    if (!ls->toc)
        ls->toc = g_array_new(FALSE, FALSE, sizeof(struct layout_toc_slot));
    ls->cover_break = ls->cover_break || st->cover;
    layout_block_begin(ls, 0);
    layout_elem_open(ls, NASHRA_ELEM_TOC);
    layout_elem_open(ls, NASHRA_ELEM_P);
    layout_text_line(ls, nashra_text(ls->lang, NASHRA_TEXT_CONTENTS),
                     layout_family(ls, NASHRA_FONT_HEADING), st->h_size[0], PANGO_WEIGHT_BOLD,
                     st->accent, LAYOUT_START, ls->left, ls->right, 0, 0, NULL);
    layout_elem_close(ls);
    struct layout_fline *fl = layout_new_line(ls, 14);
    struct layout_fitem rule = {.it = {.kind = NASHRA_ITEM_RULE, .x = ls->left, .y = 4,
                                       .w = ls->right - ls->left, .h = 0.9, .r = st->accent.r,
                                       .g = st->accent.g, .b = st->accent.b}};
    layout_fline_add(fl, &rule);
    layout_block_end(ls, true, false);
    for (guint i = 0; i < rows->len; i++) {
        int *row = &g_array_index(rows, int, i * 2);
        bool top = row[1] == top_level;
        double size = top ? st->body_size * 1.0 : st->body_size * 0.95;
        double inset = top ? 0 : st->indent_step;
        double left = ls->left + (ls->rtl ? 40 : inset), right = ls->right - (ls->rtl ? inset : 40);
        layout_block_begin(ls, top && i > 0 ? 7 : 1);
        int line = (int)ls->lines->len;
        const char *title = g_ptr_array_index(titles, i);
        int toci = layout_elem_open(ls, NASHRA_ELEM_TOCI);
        layout_text_line(ls, title,
                         top ? layout_family(ls, NASHRA_FONT_HEADING)
                             : layout_family(ls, NASHRA_FONT_BODY),
                         size, top ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                         top ? st->text : st->muted, LAYOUT_START, left, right, 0, 0, NULL);
        layout_elem_close(ls);
        layout_block_end(ls, false, false);
        struct layout_toc_slot slot = {.line = line, .entry = row[0], .size = size, .elem = toci,
                                       .left = ls->left + (ls->rtl ? 0 : inset),
                                       .right = ls->right - (ls->rtl ? inset : 0)};
        /* The baseline of the row's first line. */
        const struct layout_fline *f = &g_array_index(ls->lines, struct layout_fline, line);
        for (guint k = 0; k < f->items->len; k++)
            if (g_array_index(f->items, struct layout_fitem, k).it.kind == NASHRA_ITEM_LINE) {
                slot.baseline = g_array_index(f->items, struct layout_fitem, k).it.y;
                break;
            }
        g_array_append_val(ls->toc, slot);
    }
    g_array_free(rows, TRUE);
    g_ptr_array_free(titles, TRUE);
    layout_elem_close(ls);
    /* The body starts on a page of its own. */
    ls->cover_break = true;
    ls->next_gap = 0;
}
