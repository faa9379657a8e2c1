/* Cairo drawing shared by PDF and PNG: the process's font map and context, a page's display
 * list drawn line by line, and the PNG surface. PDF specifics live in pdf.c. */
#include <math.h>

#include <pango/pangocairo.h>

#include "render/render_int.h"

PangoFontMap *nashra_render_font_map(void)
{
    static gsize once = 0;
    if (g_once_init_enter(&once)) {
        PangoFontMap *fm = pango_cairo_font_map_new();
        /* Pango units are points: 12 means 12 pt on a PDF page. */
        pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72.0);
        g_once_init_leave(&once, (gsize)fm);
    }
    return (PangoFontMap *)once;
}

PangoContext *nashra_render_new_context(void)
{
    PangoContext *ctx = pango_font_map_create_context(nashra_render_font_map());
    cairo_font_options_t *fo = cairo_font_options_create();
    /* Metrics as the font designs them, the same for PDF and PNG. */
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(ctx, 72.0);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    return ctx;
}

void render_draw_page(cairo_t *cr, const struct nashra_page *page)
{
    /* Boxes first (code backgrounds, rules), then text over them. */
    for (guint i = 0; i < page->items->len; i++) {
        const struct nashra_item *it = &g_array_index(page->items, struct nashra_item, i);
        if (it->kind != NASHRA_ITEM_RULE)
            continue;
        cairo_set_source_rgb(cr, it->r, it->g, it->b);
        cairo_rectangle(cr, it->x, it->y, it->w, it->h);
        cairo_fill(cr);
    }
    for (guint i = 0; i < page->items->len; i++) {
        const struct nashra_item *it = &g_array_index(page->items, struct nashra_item, i);
        if (it->kind != NASHRA_ITEM_LINE || !it->line)
            continue;
        cairo_set_source_rgb(cr, it->r, it->g, it->b);
        cairo_move_to(cr, it->x, it->y);
        pango_cairo_show_layout_line(cr, it->line);
    }
}

static cairo_status_t render_png_write(void *closure, const unsigned char *data,
                                       unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

int nashra_render_png_page(const struct nashra_pages *pages, int index, double dpi, FILE *out)
{
    if (!pages || index < 0 || index >= (int)pages->pages->len || dpi <= 0 || !out)
        return -1;
    double scale = dpi / 72.0;
    int w = (int)ceil(pages->page_width * scale), h = (int)ceil(pages->page_height * scale);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    render_draw_page(cr, g_ptr_array_index(pages->pages, index));
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_write_to_png_stream(s, render_png_write, out);
    cairo_surface_destroy(s);
    if (st == CAIRO_STATUS_SUCCESS && fflush(out) != 0)
        return -1;
    return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}
