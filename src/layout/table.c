/* Tables: columns sized from their content, set in the document's direction (first column on
 * the start side), one flow line per row so a row never splits and the header can repeat. */
#include <math.h>
#include <string.h>

#include "layout/layout_int.h"
#include "util/l10n.h"

enum { TABLE_MAX_COLUMNS = 64 };

static const double TABLE_PAD_X = 5, TABLE_PAD_Y = 3.5;

struct table_cell {
    PangoLayout *pl; /* NULL for a missing cell */
    GArray *links;   /* of struct layout_link */
    double min, max; /* content widths: longest word, whole text on one line */
    bool right;      /* a number in a column of numbers: lined up on the right */
};

/* A cell's inlines as a PangoLayout (not yet given a width). */
static struct table_cell table_cell_new(struct layout_state *ls, const struct nashra_node *cell,
                                        const PangoFontDescription *fd,
                                        const PangoFontDescription *mono)
{
    struct table_cell c = {.links = g_array_new(FALSE, FALSE, sizeof(struct layout_link)),
                           .right = cell && cell->as.cell.right};
    GString *text = g_string_new(NULL);
    PangoAttrList *attrs = pango_attr_list_new();
    if (cell)
        layout_inline_build(ls, cell, text, attrs, c.links, mono);
    if (cell && cell->as.cell.numeric) {
        /* A number reads left to right in any paragraph: "-12%" must not become "12%-". */
        g_string_prepend(text, "\xE2\x81\xA6"); /* LRI */
        g_string_append(text, "\xE2\x81\xA9");  /* PDI */
        pango_attr_list_update(attrs, 0, 0, 3);
        for (guint i = 0; i < c.links->len; i++) {
            g_array_index(c.links, struct layout_link, i).start += 3;
            g_array_index(c.links, struct layout_link, i).end += 3;
        }
    }
    c.pl = layout_new_dir_text(ls, cell ? cell->dir : NASHRA_DIR_AUTO, fd, -1);
    pango_layout_set_width(c.pl, -1);
    pango_layout_set_text(c.pl, text->str, (int)text->len);
    pango_layout_set_attributes(c.pl, attrs);
    PangoRectangle r;
    pango_layout_get_extents(c.pl, NULL, &r);
    c.max = r.width / (double)PANGO_SCALE;
    /* At the narrowest width, word wrapping leaves the longest word alone on its line. */
    pango_layout_set_width(c.pl, 1);
    pango_layout_set_wrap(c.pl, PANGO_WRAP_WORD);
    pango_layout_get_extents(c.pl, NULL, &r);
    c.min = MIN(r.width / (double)PANGO_SCALE, c.max);
    pango_layout_set_wrap(c.pl, PANGO_WRAP_WORD_CHAR);
    pango_attr_list_unref(attrs);
    g_string_free(text, TRUE);
    return c;
}

/* Widths from content: everything on one line when it fits; else each column gets its longest
 * word and the rest is shared in proportion to what more it wants; else words break at
 * characters. The table always fills AVAIL. */
static void table_widths(const double *min, const double *max, int n, double avail, double *w)
{
    double smin = 0, smax = 0;
    for (int i = 0; i < n; i++) {
        smin += min[i];
        smax += max[i];
    }
    for (int i = 0; i < n; i++) {
        if (smax <= avail)
            w[i] = smax > 0 ? max[i] + (avail - smax) * max[i] / smax : avail / n;
        else if (smin <= avail)
            w[i] = min[i] + (max[i] - min[i]) * (avail - smin) / (smax - smin);
        else
            w[i] = min[i] * avail / smin;
    }
}

static enum layout_align table_align(enum nashra_align a)
{
    switch (a) {
    case NASHRA_ALIGN_LEFT:
        return LAYOUT_LEFT;
    case NASHRA_ALIGN_RIGHT:
        return LAYOUT_RIGHT;
    case NASHRA_ALIGN_CENTER:
        return LAYOUT_CENTER;
    default:
        return LAYOUT_START;
    }
}

static void table_rule(struct layout_fline *fl, double left, double right, double y, double h,
                       struct nashra_rgb c)
{
    struct layout_fitem fi = {.it = {.kind = NASHRA_ITEM_RULE,
                                     .x = left,
                                     .y = y,
                                     .w = right - left,
                                     .h = h,
                                     .r = c.r,
                                     .g = c.g,
                                     .b = c.b}};
    layout_fline_add(fl, &fi);
}

void layout_table(struct layout_state *ls, const struct nashra_node *node)
{
    int ncols = MAX(node->as.table.columns, 1);
    int nrows = 0, nheader = 0;
    bool body_seen = false;
    for (const struct nashra_node *r = node->first_child; r; r = r->next) {
        if (r->kind != NASHRA_NODE_TABLE_ROW)
            continue;
        for (const struct nashra_node *c = r->first_child; c; c = c->next)
            if (c->kind == NASHRA_NODE_TABLE_CELL)
                ncols = MAX(ncols, c->as.cell.column + 1);
        if (r->as.row.header && !body_seen)
            nheader++;
        else
            body_seen = true;
        nrows++;
    }
    if (nrows == 0)
        return;
    if (ncols > TABLE_MAX_COLUMNS) {
        nashra_diag_report(ls->diag, NASHRA_WARNING, node->start.line, node->start.col,
                           "table has %d columns; only the first %d are printed", ncols,
                           TABLE_MAX_COLUMNS);
        ncols = TABLE_MAX_COLUMNS;
    }
    double left, right;
    layout_box(ls, &left, &right);
    double size = ls->size * 0.9, pitch = size * 1.45;
    PangoFontDescription *fd =
        layout_font(layout_family(ls, NASHRA_FONT_BODY), size, PANGO_WEIGHT_NORMAL);
    PangoFontDescription *bold =
        layout_font(layout_family(ls, NASHRA_FONT_BODY), size, PANGO_WEIGHT_BOLD);
    PangoFontDescription *mono =
        layout_font(layout_family(ls, NASHRA_FONT_CODE), size * 0.8, PANGO_WEIGHT_NORMAL);

    /* Measure every cell. */
    struct table_cell *cells = g_new0(struct table_cell, (gsize)nrows * ncols);
    double min[TABLE_MAX_COLUMNS] = {0}, max[TABLE_MAX_COLUMNS] = {0}, w[TABLE_MAX_COLUMNS];
    int ri = 0;
    for (const struct nashra_node *r = node->first_child; r; r = r->next) {
        if (r->kind != NASHRA_NODE_TABLE_ROW)
            continue;
        const struct nashra_node *by_col[TABLE_MAX_COLUMNS] = {0};
        for (const struct nashra_node *c = r->first_child; c; c = c->next)
            if (c->kind == NASHRA_NODE_TABLE_CELL && c->as.cell.column >= 0 &&
                c->as.cell.column < ncols && !by_col[c->as.cell.column])
                by_col[c->as.cell.column] = c;
        for (int c = 0; c < ncols; c++) {
            struct table_cell *tc = &cells[ri * ncols + c];
            *tc = table_cell_new(ls, by_col[c], ri < nheader ? bold : fd, mono);
            min[c] = MAX(min[c], tc->min + 2 * TABLE_PAD_X);
            max[c] = MAX(max[c], tc->max + 2 * TABLE_PAD_X);
        }
        ri++;
    }
    table_widths(min, max, ncols, right - left, w);

    layout_block_begin(ls, layout_take_gap(ls));
    layout_elem_open(ls, NASHRA_ELEM_TABLE);
    g_array_index(ls->elems, struct nashra_elem, ls->elem).node = node;
    layout_elem_lang(ls, node->lang);
    GArray *items = g_array_new(FALSE, TRUE, sizeof(struct layout_fitem));
    for (int r = 0; r < nrows; r++) {
        bool header = r < nheader;
        double x_start = ls->rtl ? right : left, row_h = 0;
        layout_elem_open(ls, NASHRA_ELEM_TR);
        for (int c = 0; c < ncols; c++) {
            struct table_cell *tc = &cells[r * ncols + c];
            /* Column C's box: from the start side in the document's direction. */
            double x0 = ls->rtl ? x_start - w[c] : x_start;
            x_start += ls->rtl ? -w[c] : w[c];
            enum nashra_align a = c < node->as.table.columns && node->as.table.aligns
                                      ? node->as.table.aligns[c]
                                      : NASHRA_ALIGN_NONE;
            struct layout_block_opts o = {.align = table_align(a),
                                          .pitch = pitch,
                                          .left = x0 + TABLE_PAD_X,
                                          .right = x0 + w[c] - TABLE_PAD_X,
                                          .links = tc->links,
                                          .no_decor = true,
                                          .r = ls->st->table_text.r,
                                          .g = ls->st->table_text.g,
                                          .b = ls->st->table_text.b};
            if (tc->right && !header)
                o.align = LAYOUT_RIGHT; /* numbers line up on their units */
            pango_layout_set_width(tc->pl, (int)lround((o.right - o.left) * PANGO_SCALE));
            layout_elem_open(ls, header ? NASHRA_ELEM_TH : NASHRA_ELEM_TD);
            int first = layout_add_lines(ls, tc->pl, NULL, &o);
            layout_elem_close(ls);
            tc->pl = NULL; /* owned by ls->layouts now */
            double h = 0;
            for (guint i = (guint)first; i < ls->lines->len; i++)
                h += g_array_index(ls->lines, struct layout_fline, i).height;
            layout_take_lines(ls, first, TABLE_PAD_Y, items);
            row_h = MAX(row_h, h);
        }
        layout_elem_close(ls);
        row_h += 2 * TABLE_PAD_Y;
        struct layout_fline *fl = layout_new_line(ls, row_h);
        layout_line_decorations(ls, fl, &(struct layout_block_opts){0});
        if (header) {
            struct layout_fitem bg = {.it = {.kind = NASHRA_ITEM_RULE,
                                             .x = left,
                                             .y = 0,
                                             .w = right - left,
                                             .h = row_h,
                                             .r = ls->st->table_header.r,
                                             .g = ls->st->table_header.g,
                                             .b = ls->st->table_header.b}};
            layout_fline_add(fl, &bg);
        }
        if (r == 0 && node->as.table.id && !g_hash_table_contains(ls->dests, node->as.table.id)) {
            /* Cross-references link here: the table's id is its destination. */
            struct layout_fitem d = {.it = {.kind = NASHRA_ITEM_DEST, .x = ls->rtl ? right : left,
                                            .y = 0, .dest = g_strdup(node->as.table.id)}};
            layout_fline_add(fl, &d);
            g_hash_table_add(ls->dests, g_strdup(node->as.table.id));
        }
        if (r == 0)
            table_rule(fl, left, right, 0, 0.9, ls->st->table_frame);
        if (r == nrows - 1)
            table_rule(fl, left, right, row_h - 0.9, 0.9, ls->st->table_frame);
        else if (r == nheader - 1)
            table_rule(fl, left, right, row_h - 0.7, 0.7, ls->st->table_header_rule);
        else
            table_rule(fl, left, right, row_h - 0.35, 0.35, ls->st->table_row_rule);
        for (guint i = 0; i < items->len; i++)
            layout_fline_add(fl, &g_array_index(items, struct layout_fitem, i));
        g_array_set_size(items, 0);
    }
    if (node->as.table.caption && *node->as.table.caption) {
        /* "Table 1: Prices" under the table, labelled by the resolve stage. */
        layout_elem_open(ls, NASHRA_ELEM_CAPTION);
        layout_caption(ls, node->as.table.label, node->as.table.caption, 0.88, left, right);
        layout_elem_close(ls);
    }
    layout_elem_close(ls);
    layout_block_end(ls, false, true);
    if (ls->keep == 0)
        g_array_index(ls->blocks, struct layout_fblock, ls->blocks->len - 1).repeat_lines = nheader;
    g_array_free(items, TRUE);
    for (int i = 0; i < nrows * ncols; i++) {
        if (cells[i].pl)
            g_object_unref(cells[i].pl);
        layout_links_clear(cells[i].links);
        g_array_free(cells[i].links, TRUE);
    }
    g_free(cells);
    pango_font_description_free(mono);
    pango_font_description_free(bold);
    pango_font_description_free(fd);
}
