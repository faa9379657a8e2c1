/* Cairo drawing shared by PDF and PNG: the thread's font map and context, a page's display
 * list drawn line by line, and the PNG surface. PDF specifics live in pdf.c. */
#include <math.h>

#include <string.h>

#include <fontconfig/fontconfig.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "render/render_int.h"

/* One font map per thread, reused by every document that thread lays out, released when the
 * thread ends. Pango 1.50's font maps are not thread-safe: `nashra -O` with two workers sharing
 * one deadlocked on its first run (a worker stuck in g_cond_wait inside libpangoft2 while
 * itemizing), as Pango's own per-thread default font map also tells. */
static GPrivate font_map_key = G_PRIVATE_INIT(g_object_unref);

/* Debian 12's NotoNastaliqUrdu-Bold.ttf says it has the regular weight, so fontconfig gave it
 * for regular Urdu text, and for bold text emboldened it once more. Style ranks above weight
 * in fontconfig's match: a list led by that family asks for its faces by name. Only there, as
 * a style asked for everywhere would change the fallback fonts of every brief. */
static void nastaliq_style(FcPattern *p, gpointer data)
{
    (void)data;
    FcChar8 *family = NULL;
    FcValue w, sl, st;
    if (FcPatternGetString(p, FC_FAMILY, 0, &family) != FcResultMatch ||
        g_ascii_strcasecmp((const char *)family, "Noto Nastaliq Urdu") != 0 ||
        FcPatternGet(p, FC_STYLE, 0, &st) == FcResultMatch)
        return;
    double weight = FcPatternGet(p, FC_WEIGHT, 0, &w) != FcResultMatch ? -1
                    : w.type == FcTypeInteger                          ? w.u.i
                    : w.type == FcTypeDouble                           ? w.u.d
                                                                       : -1;
    bool roman = FcPatternGet(p, FC_SLANT, 0, &sl) != FcResultMatch ||
                 (sl.type == FcTypeInteger && sl.u.i == FC_SLANT_ROMAN);
    if (roman && (weight == FC_WEIGHT_REGULAR || weight == FC_WEIGHT_BOLD))
        FcPatternAddString(p, FC_STYLE,
                           (const FcChar8 *)(weight == FC_WEIGHT_BOLD ? "Bold" : "Regular"));
    /* The Bold file's own weight, so that fontconfig does not embolden it once more (which
     * Cairo could then only embed as an unnamed outline font). */
    if (roman && weight == FC_WEIGHT_BOLD) {
        FcPatternDel(p, FC_WEIGHT);
        FcPatternAddInteger(p, FC_WEIGHT, FC_WEIGHT_REGULAR);
    }
}

static PangoFontMap *new_font_map(FcConfig *cfg)
{
    PangoFontMap *fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (cfg)
        pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), cfg);
    pango_fc_font_map_set_default_substitute(PANGO_FC_FONT_MAP(fm), nastaliq_style, NULL, NULL);
    /* Pango units are points: 12 means 12 pt on a PDF page. */
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72.0);
    return fm;
}

/* A brief's own font map while it has `fonts:` (nashra_render_use_fonts). */
static GPrivate brief_map_key = G_PRIVATE_INIT(g_object_unref);
/* --font-path folders: written before any thread starts, read-only after. */
static GPtrArray *font_path_dirs;

PangoFontMap *nashra_render_font_map(void)
{
    PangoFontMap *own = g_private_get(&brief_map_key);
    if (own)
        return own;
    PangoFontMap *fm = g_private_get(&font_map_key);
    if (!fm) {
        fm = new_font_map(NULL);
        g_private_set(&font_map_key, fm);
    }
    return fm;
}

bool nashra_render_use_fonts(const GPtrArray *dirs, char **why)
{
    g_private_replace(&brief_map_key, NULL);
    if (!dirs || !dirs->len)
        return true;
    /* A configuration of its own: adding to the shared one would change the fonts of the
     * briefs other threads are laying out. */
    FcConfig *cfg = FcInitLoadConfigAndFonts();
    bool ok = cfg != NULL;
    for (guint i = 0; ok && font_path_dirs && i < font_path_dirs->len; i++)
        FcConfigAppFontAddDir(cfg, g_ptr_array_index(font_path_dirs, i));
    for (guint i = 0; ok && i < dirs->len; i++)
        if (!FcConfigAppFontAddDir(cfg, g_ptr_array_index(dirs, i))) {
            *why = g_strdup_printf("fontconfig cannot read the fonts in '%s'",
                                   (const char *)g_ptr_array_index(dirs, i));
            ok = false;
        }
    if (!cfg)
        *why = g_strdup("fontconfig has no configuration");
    if (ok) {
        g_private_set(&brief_map_key, new_font_map(cfg));
    }
    if (cfg)
        FcConfigDestroy(cfg); /* the font map holds its own reference */
    return ok;
}

bool nashra_render_add_font_dir(const char *dir, char **why)
{
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        *why = g_strdup_printf("'%s' is not a directory", dir);
        return false;
    }
    /* The current configuration is the one every Pango fontconfig font map made after this
     * reads, in every thread. */
    if (!FcConfigAppFontAddDir(FcConfigGetCurrent(), (const FcChar8 *)dir)) {
        *why = g_strdup_printf("fontconfig cannot read the fonts in '%s'", dir);
        return false;
    }
    if (!font_path_dirs)
        font_path_dirs = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(font_path_dirs, g_strdup(dir));
    return true;
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

/* A PNG's bytes, read by Cairo. */
struct render_png_read {
    const guint8 *data;
    size_t len, at;
};

static cairo_status_t render_png_read(void *closure, unsigned char *out, unsigned int length)
{
    struct render_png_read *r = closure;
    if (length > r->len - r->at)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(out, r->data + r->at, length);
    r->at += length;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *render_png_surface(GBytes *bytes)
{
    struct render_png_read r = {0};
    r.data = g_bytes_get_data(bytes, &r.len);
    return cairo_image_surface_create_from_png_stream(render_png_read, &r);
}

/* A decoded JPEG as a Cairo image surface carrying the file's own bytes, so the PDF embeds
 * the JPEG as is (DCTDecode) and PNG output draws the pixels. NULL when it cannot be drawn. */
static cairo_surface_t *render_jpeg_surface(GBytes *bytes)
{
    gsize len = 0;
    const guchar *data = g_bytes_get_data(bytes, &len);
    /* The JPEG loader by name: gdk-pixbuf would otherwise pick one by content. */
    GdkPixbufLoader *loader = gdk_pixbuf_loader_new_with_type("jpeg", NULL);
    if (!loader)
        return NULL;
    bool ok = gdk_pixbuf_loader_write(loader, data, len, NULL);
    ok = gdk_pixbuf_loader_close(loader, NULL) && ok;
    GdkPixbuf *pb = ok ? gdk_pixbuf_loader_get_pixbuf(loader) : NULL;
    cairo_surface_t *s = NULL;
    if (pb) {
        int w = gdk_pixbuf_get_width(pb), h = gdk_pixbuf_get_height(pb);
        s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    }
    if (s && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        /* Too large for Cairo (layout refuses such images): its data would be NULL. */
        cairo_surface_destroy(s);
        s = NULL;
    }
    if (s) {
        int w = gdk_pixbuf_get_width(pb), h = gdk_pixbuf_get_height(pb);
        int n = gdk_pixbuf_get_n_channels(pb), stride = gdk_pixbuf_get_rowstride(pb);
        const guchar *px = gdk_pixbuf_read_pixels(pb);
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
        g_bytes_ref(bytes);
        if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, len,
                                        (cairo_destroy_func_t)g_bytes_unref,
                                        bytes) != CAIRO_STATUS_SUCCESS) {
            g_bytes_unref(bytes);
            cairo_surface_destroy(s);
            s = NULL;
        }
    }
    g_object_unref(loader);
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

static bool render_svg(cairo_t *cr, const struct nashra_item *it)
{
    GInputStream *in = g_memory_input_stream_new_from_bytes(it->data);
    /* Its own file as the base: references relative to it resolve as layout checked them. */
    GFile *base = it->path ? g_file_new_for_path(it->path) : NULL;
    RsvgHandle *svg =
        rsvg_handle_new_from_stream_sync(in, base, RSVG_HANDLE_FLAGS_NONE, NULL, NULL);
    if (base)
        g_object_unref(base);
    g_object_unref(in);
    if (!svg)
        return false;
    rsvg_handle_set_dpi(svg, 96);
    RsvgRectangle vp = {it->x, it->y, it->w, it->h};
    cairo_save(cr);
    bool drawn = rsvg_handle_render_document(svg, cr, &vp, NULL);
    cairo_restore(cr);
    g_object_unref(svg);
    return drawn;
}

/* The image of an IMAGE item from the bytes layout read and checked: PNG and JPEG as
 * pictures, SVG as vectors. False when it cannot be drawn after all; nothing stands in. */
static bool render_image(cairo_t *cr, const struct nashra_item *it)
{
    if (!it->data)
        return false;
    if (it->format == NASHRA_IMAGE_SVG)
        return render_svg(cr, it);
    cairo_surface_t *s = it->format == NASHRA_IMAGE_PNG    ? render_png_surface(it->data)
                         : it->format == NASHRA_IMAGE_JPEG ? render_jpeg_surface(it->data)
                                                           : NULL;
    bool ok = s && cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    if (ok)
        render_surface(cr, s, it);
    if (s)
        cairo_surface_destroy(s);
    return ok;
}

bool render_draw_page(cairo_t *cr, const struct nashra_page *page, struct render_text_map *map)
{
    /* Boxes first (code backgrounds, rules, images), then text over them. */
    GArray *order = g_array_new(FALSE, FALSE, sizeof(guint));
    for (int pass = 0; pass < 2; pass++)
        for (guint i = 0; i < page->items->len; i++) {
            enum nashra_item_kind k = g_array_index(page->items, struct nashra_item, i).kind;
            if (pass == 0 ? k == NASHRA_ITEM_IMAGE || k == NASHRA_ITEM_RULE
                          : k == NASHRA_ITEM_LINE)
                g_array_append_val(order, i);
        }
    bool ok = render_draw_items(cr, page, map, (const guint *)(void *)order->data, order->len,
                                NULL, NULL);
    g_array_free(order, TRUE);
    return ok;
}

bool render_draw_items(cairo_t *cr, const struct nashra_page *page, struct render_text_map *map,
                       const guint *order, guint n,
                       bool (*before)(void *closure, guint index), void *closure)
{
    bool ok = true;
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
    for (guint o = 0; o < n; o++) {
        const struct nashra_item *it = &g_array_index(page->items, struct nashra_item, order[o]);
        bool goes_on = before && before(closure, order[o]);
        if (it->kind == NASHRA_ITEM_IMAGE && !render_image(cr, it)) {
            nashra_diag_say(stderr, "nashra", NASHRA_LABEL_ERROR, "cannot draw image '%s'",
                            it->path ? it->path : "?");
            ok = false;
        } else if (it->kind == NASHRA_ITEM_RULE) {
            cairo_set_source_rgb(cr, it->r, it->g, it->b);
            cairo_rectangle(cr, it->x, it->y, it->w, it->h);
            cairo_fill(cr);
        }
        if (it->kind != NASHRA_ITEM_LINE || !it->line)
            continue;
        gpointer key = GINT_TO_POINTER((int)lround(it->y * 10));
        bool shared = GPOINTER_TO_INT(g_hash_table_lookup(baselines, key)) > 1;
        render_text_line(text, it->line, it->x, it->y, it->r, it->g, it->b, shared, goes_on);
    }
    render_text_free(text);
    g_hash_table_destroy(baselines);
    return ok;
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
    bool drawn = render_draw_page(cr, g_ptr_array_index(pages->pages, index), NULL);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS && drawn)
        st = cairo_surface_write_to_png_stream(s, render_png_write, out);
    cairo_surface_destroy(s);
    if (st == CAIRO_STATUS_SUCCESS && fflush(out) != 0)
        return -1;
    return st == CAIRO_STATUS_SUCCESS && drawn ? 0 : -1;
}
