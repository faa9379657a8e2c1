/* Figures: an image (PNG, JPEG or SVG) centred at the text width or its natural size, with a
 * numbered caption under it, kept on one page. The image is read and checked here (image.c);
 * the renderer draws the bytes read. */
#include <math.h>
#include <string.h>

#include "layout/image.h"
#include "layout/layout_int.h"
#include "util/l10n.h"

char *nashra_layout_image_path(const char *base_dir, const char *url)
{
    char *path = g_path_is_absolute(url) || !base_dir ? g_strdup(url)
                                                      : g_build_filename(base_dir, url, NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS) && strchr(path, '%')) {
        /* Written percent-encoded, as in a URL ("my%20map.svg"): try the file it names. */
        char *plain = g_uri_unescape_string(path, NULL);
        if (plain && g_file_test(plain, G_FILE_TEST_EXISTS)) {
            g_free(path);
            path = plain;
        } else {
            g_free(plain);
        }
    }
    return path;
}

/* Reads and checks the image URL names (relative to the style's base_dir, inside its root).
 * False after reporting at the figure's position. */
static bool figure_load(struct layout_state *ls, const struct nashra_node *node, const char *url,
                        struct nashra_item *it, double *pw, double *ph)
{
    char *path = nashra_layout_image_path(ls->st->base_dir, url);
    char *why = NULL, *data = NULL;
    size_t len = 0;
    char *real = nashra_root_resolve(ls->st->root, NULL, path, &why);
    g_free(path);
    bool ok = real && nashra_read_regular(real, NASHRA_IMAGE_MAX_BYTES, &data, &len, &why);
    if (!ok) {
        if (why && strstr(why, "project root"))
            nashra_diag_report(ls->diag, NASHRA_ERROR, node->start.line, node->start.col,
                               "image '%s' is %s", url, why);
        else
            nashra_diag_report(ls->diag, NASHRA_ERROR, node->start.line, node->start.col,
                               "cannot read image '%s': %s", url, why ? why : "?");
        g_free(why);
        g_free(real);
        return false;
    }
    GBytes *bytes = g_bytes_new_take(data, len);
    struct nashra_image_limits lim = {
        .max_pixels = ls->st->max_image_pixels > 0 ? ls->st->max_image_pixels
                                                   : NASHRA_IMAGE_MAX_PIXELS,
        .root = ls->st->root,
        .pdfa = ls->st->pdfa};
    enum nashra_image_format format;
    if (!nashra_image_check(real, bytes, &lim, &format, pw, ph, &why)) {
        nashra_diag_report(ls->diag, NASHRA_ERROR, node->start.line, node->start.col,
                           "image '%s' %s", url, why);
        g_free(why);
        g_free(real);
        g_bytes_unref(bytes);
        return false;
    }
    it->path = real;
    it->data = bytes;
    it->format = format;
    return true;
}

/* The points a figure's width= asks for, TEXT_W being the text's width. */
static double figure_width(const struct nashra_node *figure, double text_w)
{
    static const double pt[] = {[NASHRA_LENGTH_CM] = 72 / 2.54, [NASHRA_LENGTH_MM] = 72 / 25.4,
                                [NASHRA_LENGTH_IN] = 72, [NASHRA_LENGTH_PT] = 1,
                                [NASHRA_LENGTH_PX] = 0.75};
    double v = figure->as.figure.width;
    switch (figure->as.figure.width_unit) {
    case NASHRA_LENGTH_NONE: return -1;
    case NASHRA_LENGTH_PERCENT: return text_w * v / 100;
    default: return v * pt[figure->as.figure.width_unit];
    }
}

void layout_caption(struct layout_state *ls, const char *label, const char *text,
                    double scale, double left, double right)
{
    /* The text isolated: an English caption keeps an Arabic label's colon beside the label. */
    enum nashra_dir d = ls->dir_rule == NASHRA_DIR_AUTO
                            ? NASHRA_DIR_AUTO
                            : nashra_text_block_direction(ls->dir_rule,
                                                          ls->rtl ? NASHRA_DIR_RTL : NASHRA_DIR_LTR,
                                                          text, -1);
    const char *iso = d == NASHRA_DIR_RTL   ? "\xE2\x81\xA7" /* RLI */
                      : d == NASHRA_DIR_LTR ? "\xE2\x81\xA6" /* LRI */
                                            : "\xE2\x81\xA8"; /* FSI */
    char *all = g_strconcat(label ? label : "", label ? " " : "", iso, text, "\xE2\x81\xA9", NULL);
    double size = ls->size * scale;
    PangoFontDescription *fd =
        layout_font(layout_family(ls, NASHRA_FONT_BODY), size, PANGO_WEIGHT_NORMAL);
    /* A label is generated in the document's language and leads; without one the caption is a
     * paragraph of its own direction. */
    PangoLayout *pl = layout_new_dir_text(ls, label ? NASHRA_DIR_AUTO : d, fd, right - left);
    pango_layout_set_text(pl, all, -1);
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    if (label) {
        PangoAttribute *b = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
        b->start_index = 0;
        b->end_index = (guint)strlen(label);
        pango_attr_list_insert(attrs, b);
    }
    layout_arabic_no_kern(all, strlen(all), attrs);
    pango_layout_set_attributes(pl, attrs);
    pango_attr_list_unref(attrs);
    double grey = label ? 0.3 : 0.45; /* a credit is quieter than a caption */
    struct layout_block_opts o = {.align = LAYOUT_CENTER,
                                  .pitch = size * 1.45,
                                  .pad_top = label ? 3 : 1,
                                  .left = left,
                                  .right = right,
                                  .r = grey,
                                  .g = grey,
                                  .b = grey + 0.03};
    layout_add_lines(ls, pl, NULL, &o);
    pango_font_description_free(fd);
    g_free(all);
}

void layout_figure(struct layout_state *ls, const struct nashra_node *node)
{
    const struct nashra_node *img = node->first_child;
    while (img && img->kind != NASHRA_NODE_IMAGE)
        img = img->next;
    const char *url = img && img->as.link.url ? img->as.link.url : "";
    if (!*url) {
        nashra_diag_report(ls->diag, NASHRA_ERROR, node->start.line, node->start.col,
                           "figure without an image");
        ls->failed = true;
        return;
    }
    struct nashra_item image = {.kind = NASHRA_ITEM_IMAGE};
    double pw, ph;
    if (!figure_load(ls, node, url, &image, &pw, &ph)) {
        ls->failed = true;
        return;
    }
    double left, right;
    layout_box(ls, &left, &right);
    /* Never upscaled beyond its natural size, never wider than the text, nor taller than 60%
     * of the text area. */
    double text_h = ls->st->page_height - ls->st->margin_top - ls->st->margin_bottom;
    double nw = pw * 72 / 96, nh = ph * 72 / 96;
    double scale = MIN(1, MIN((right - left) / nw, text_h * 0.6 / nh));
    /* An explicit width may enlarge the image, but never past the text area. */
    double want = figure_width(node, right - left);
    if (want > 0)
        scale = MIN(want / nw, MIN((right - left) / nw, text_h * 0.6 / nh));
    double w = nw * scale, h = nh * scale;

    layout_keep_begin(ls, layout_take_gap(ls) + 3);
    struct layout_fline *fl = layout_new_line(ls, h + 4);
    layout_line_decorations(ls, fl, &(struct layout_block_opts){0});
    image.x = (left + right - w) / 2, image.y = 2, image.w = w, image.h = h;
    /* The image alone is the Figure; its caption and credit follow it (Cairo 1.16 marks only
     * the content of elements without children). */
    image.elem = layout_elem_add(ls, NASHRA_ELEM_FIGURE, ls->elem);
    g_array_index(ls->elems, struct nashra_elem, image.elem).node = node;
    char *alt = img ? nashra_node_plain_text(img) : NULL;
    if (alt && *g_strstrip(alt))
        g_array_index(ls->elems, struct nashra_elem, image.elem).alt = alt;
    else
        g_free(alt);
    struct layout_fitem fi = {.it = image};
    layout_fline_add(fl, &fi);
    if (node->as.figure.id && !g_hash_table_contains(ls->dests, node->as.figure.id)) {
        /* Cross-references link here: the figure's id is its destination. */
        struct layout_fitem d = {.it = {.kind = NASHRA_ITEM_DEST, .x = ls->rtl ? right : left,
                                        .y = 0, .dest = g_strdup(node->as.figure.id)}};
        layout_fline_add(fl, &d);
        g_hash_table_add(ls->dests, g_strdup(node->as.figure.id));
    }
    const char *caption = img->as.link.title;
    if (caption && *caption) {
        layout_elem_open(ls, NASHRA_ELEM_CAPTION);
        layout_caption(ls, node->as.figure.label, caption, 0.88, left, right);
        layout_elem_close(ls);
    }
    const char *credit = node->as.figure.credit;
    if (credit && *credit) {
        char *text = g_strconcat(nashra_text(ls->lang, NASHRA_TEXT_SOURCE),
                                 nashra_text(ls->lang, NASHRA_TEXT_COLON), " ", credit, NULL);
        layout_elem_open(ls, NASHRA_ELEM_P);
        layout_caption(ls, NULL, text, 0.78, left, right);
        layout_elem_close(ls);
        g_free(text);
    }
    layout_keep_end(ls);
}
