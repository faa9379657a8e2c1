/* Cairo drawing shared by PDF and PNG: the thread's font map and context, a page's display
 * list drawn line by line, and the PNG surface. PDF specifics live in pdf.c. */
#include <math.h>

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include "render/render_int.h"

/* One font map per thread, reused by every document that thread lays out, released when the
 * thread ends. Pango 1.50's font maps are not thread-safe: `nashra -O` with two workers sharing
 * one deadlocked on its first run (a worker stuck in g_cond_wait inside libpangoft2 while
 * itemizing), as Pango's own per-thread default font map also tells. */
static GPrivate font_map_key = G_PRIVATE_INIT(g_object_unref);

PangoFontMap *nashra_render_font_map(void)
{
    PangoFontMap *fm = g_private_get(&font_map_key);
    if (!fm) {
        fm = pango_cairo_font_map_new();
        /* Pango units are points: 12 means 12 pt on a PDF page. */
        pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72.0);
        g_private_set(&font_map_key, fm);
    }
    return fm;
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

/* A decoded JPEG as a Cairo image surface carrying the file's own bytes, so the PDF embeds
 * the JPEG as is (DCTDecode) and PNG output draws the pixels. NULL when it cannot be read. */
static cairo_surface_t *render_jpeg_surface(const char *path)
{
    gchar *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, NULL))
        return NULL;
    GdkPixbuf *pb = gdk_pixbuf_new_from_file(path, NULL);
    if (!pb) {
        g_free(data);
        return NULL;
    }
    int w = gdk_pixbuf_get_width(pb), h = gdk_pixbuf_get_height(pb);
    int n = gdk_pixbuf_get_n_channels(pb), stride = gdk_pixbuf_get_rowstride(pb);
    const guchar *px = gdk_pixbuf_read_pixels(pb);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    unsigned char *dst = cairo_image_surface_get_data(s);
    int dstride = cairo_image_surface_get_stride(s);
    cairo_surface_flush(s);
    for (int y = 0; y < h; y++) {
        const guchar *p = px + (size_t)y * stride;
        guint32 *q = (guint32 *)(void *)(dst + (size_t)y * dstride);
        for (int x = 0; x < w; x++, p += n)
            q[x] = 0xFF000000u | (guint32)p[0] << 16 | (guint32)p[1] << 8 | p[2];
    }
    cairo_surface_mark_dirty(s);
    g_object_unref(pb);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, (unsigned char *)data, len, g_free, data);
    return s;
}

/* Draws a raster surface scaled into the item's box. */
static void render_surface(cairo_t *cr, cairo_surface_t *s, const struct nashra_item *it)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    if (w <= 0 || h <= 0)
        return;
    cairo_save(cr);
    cairo_translate(cr, it->x, it->y);
    cairo_scale(cr, it->w / w, it->h / h);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_fill(cr);
    cairo_restore(cr);
}

/* The image of an IMAGE item, by its content: PNG and JPEG as pictures, SVG as vectors. Layout
 * has checked it can be read; if it no longer can, a grey box stands in. */
static void render_image(cairo_t *cr, const struct nashra_item *it)
{
    unsigned char magic[8] = {0};
    FILE *f = it->path ? fopen(it->path, "rb") : NULL;
    size_t n = f ? fread(magic, 1, sizeof magic, f) : 0;
    if (f)
        fclose(f);
    bool drawn = false;
    if (n >= 8 && memcmp(magic, "\x89PNG\r\n\x1a\n", 8) == 0) {
        cairo_surface_t *s = cairo_image_surface_create_from_png(it->path);
        if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
            render_surface(cr, s, it);
            drawn = true;
        }
        cairo_surface_destroy(s);
    } else if (n >= 3 && memcmp(magic, "\xFF\xD8\xFF", 3) == 0) {
        cairo_surface_t *s = render_jpeg_surface(it->path);
        if (s) {
            render_surface(cr, s, it);
            cairo_surface_destroy(s);
            drawn = true;
        }
    } else if (n > 0) {
        RsvgHandle *svg = rsvg_handle_new_from_file(it->path, NULL);
        if (svg) {
            rsvg_handle_set_dpi(svg, 96);
            RsvgRectangle vp = {it->x, it->y, it->w, it->h};
            cairo_save(cr);
            drawn = rsvg_handle_render_document(svg, cr, &vp, NULL);
            cairo_restore(cr);
            g_object_unref(svg);
        }
    }
    if (!drawn) {
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_rectangle(cr, it->x, it->y, it->w, it->h);
        cairo_fill(cr);
    }
}

void render_draw_page(cairo_t *cr, const struct nashra_page *page, struct render_text_map *map)
{
    /* Boxes first (code backgrounds, rules, images), then text over them. */
    for (guint i = 0; i < page->items->len; i++) {
        const struct nashra_item *it = &g_array_index(page->items, struct nashra_item, i);
        if (it->kind == NASHRA_ITEM_IMAGE)
            render_image(cr, it);
        if (it->kind != NASHRA_ITEM_RULE)
            continue;
        cairo_set_source_rgb(cr, it->r, it->g, it->b);
        cairo_rectangle(cr, it->x, it->y, it->w, it->h);
        cairo_fill(cr);
    }
    /* Lines that share a baseline (table cells, a list marker and its item's first line):
     * render_text_line ends each in a space that every reader keeps. */
    GHashTable *baselines = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < page->items->len; i++) {
        const struct nashra_item *it = &g_array_index(page->items, struct nashra_item, i);
        if (it->kind != NASHRA_ITEM_LINE || !it->line)
            continue;
        gpointer key = GINT_TO_POINTER((int)lround(it->y * 10));
        g_hash_table_insert(baselines, key,
                            GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(baselines, key)) + 1));
    }
    struct render_text *text = render_text_new(cr, map);
    for (guint i = 0; i < page->items->len; i++) {
        const struct nashra_item *it = &g_array_index(page->items, struct nashra_item, i);
        if (it->kind != NASHRA_ITEM_LINE || !it->line)
            continue;
        gpointer key = GINT_TO_POINTER((int)lround(it->y * 10));
        bool shared = GPOINTER_TO_INT(g_hash_table_lookup(baselines, key)) > 1;
        render_text_line(text, it->line, it->x, it->y, it->r, it->g, it->b, shared);
    }
    render_text_free(text);
    g_hash_table_destroy(baselines);
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
    render_draw_page(cr, g_ptr_array_index(pages->pages, index), NULL);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_write_to_png_stream(s, render_png_write, out);
    cairo_surface_destroy(s);
    if (st == CAIRO_STATUS_SUCCESS && fflush(out) != 0)
        return -1;
    return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}
