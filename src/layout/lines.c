/* Lines of one PangoLayout into the flow: justification by stretching spaces, link rectangles,
 * container decorations. */
#include <math.h>
#include <string.h>

#include "layout/layout_int.h"

#define LAYOUT_LSEP "\xE2\x80\xA8"

int layout_line_width(PangoLayoutLine *ln)
{
    int w = 0;
    for (GSList *r = ln->runs; r; r = r->next) {
        PangoGlyphItem *gi = r->data;
        w += pango_glyph_string_get_width(gi->glyphs);
    }
    return w;
}

/* Widens the line's spaces so it is TARGET wide; never touches the gaps between letters, which
 * would break Arabic joining. Returns the new width (unchanged when the line has no space). */
static int layout_justify_line(PangoLayoutLine *ln, const char *text, int width, int target)
{
    int extra = target - width, n = 0;
    if (extra <= 0)
        return width;
    for (GSList *r = ln->runs; r; r = r->next) {
        PangoGlyphItem *gi = r->data;
        for (int g = 0; g < gi->glyphs->num_glyphs; g++) {
            int ci = gi->item->offset + gi->glyphs->log_clusters[g];
            if (text[ci] == ' ' && gi->glyphs->glyphs[g].geometry.width > 0)
                n++;
        }
    }
    if (n == 0)
        return width;
    int each = extra / n, rest = extra % n;
    for (GSList *r = ln->runs; r; r = r->next) {
        PangoGlyphItem *gi = r->data;
        for (int g = 0; g < gi->glyphs->num_glyphs; g++) {
            int ci = gi->item->offset + gi->glyphs->log_clusters[g];
            if (text[ci] == ' ' && gi->glyphs->glyphs[g].geometry.width > 0) {
                gi->glyphs->glyphs[g].geometry.width += each + (rest > 0 ? 1 : 0);
                rest--;
            }
        }
    }
    return target;
}

/* A line ending in a hard break is set like a paragraph's last line. */
static bool layout_line_hard_end(PangoLayoutLine *ln, const char *text)
{
    int end = ln->start_index + ln->length;
    if (end >= 3 && memcmp(text + end - 3, LAYOUT_LSEP, 3) == 0)
        return true;
    return text[end] != '\0' && strncmp(text + end, LAYOUT_LSEP, 3) == 0;
}

/* Link rectangles of LINK on line LN, one per visual run piece, merged when adjacent. */
static void layout_line_links(struct layout_state *ls, struct layout_fline *fl,
                              PangoLayoutLine *ln, const char *text, const GArray *links,
                              double x0, double top, double h)
{
    for (guint k = 0; k < links->len; k++) {
        const struct layout_link *l = &g_array_index(links, struct layout_link, k);
        if (l->end <= ln->start_index || l->start >= ln->start_index + ln->length)
            continue;
        int run_x = 0;
        double last_x1 = -1e9;
        struct layout_fitem *last = NULL;
        for (GSList *r = ln->runs; r; r = r->next) {
            PangoGlyphItem *gi = r->data;
            int o = gi->item->offset, len = gi->item->length;
            int s = MAX(l->start, o), e = MIN(l->end, o + len);
            if (s < e) {
                int xa, xb;
                const char *lastc = g_utf8_prev_char(text + e);
                pango_glyph_string_index_to_x(gi->glyphs, (char *)text + o, len,
                                              &gi->item->analysis, s - o, FALSE, &xa);
                pango_glyph_string_index_to_x(gi->glyphs, (char *)text + o, len,
                                              &gi->item->analysis, (int)(lastc - text) - o,
                                              TRUE, &xb);
                double a = x0 + (run_x + MIN(xa, xb)) / (double)PANGO_SCALE;
                double b = x0 + (run_x + MAX(xa, xb)) / (double)PANGO_SCALE;
                if (last && fabs(a - last_x1) < 0.5) {
                    last->it.w = b - last->it.x;
                } else if (b > a) {
                    if (l->anchor) {
                        struct layout_fitem d = {.it = {.kind = NASHRA_ITEM_DEST,
                                                        .x = a,
                                                        .y = top,
                                                        .dest = g_strdup(l->anchor)}};
                        layout_fline_add(fl, &d);
                    }
                    struct layout_fitem fi = {
                        .it = {.kind = NASHRA_ITEM_LINK, .x = a, .y = top, .w = b - a, .h = h,
                               .uri = g_strdup(l->uri), .dest = g_strdup(l->dest),
                               .elem = ls->elem},
                        .src = l->src};
                    layout_fline_add(fl, &fi);
                    last = &g_array_index(fl->items, struct layout_fitem, fl->items->len - 1);
                }
                if (last)
                    last_x1 = last->it.x + last->it.w;
            }
            run_x += pango_glyph_string_get_width(gi->glyphs);
        }
    }
}

void layout_line_decorations(struct layout_state *ls, struct layout_fline *fl,
                             const struct layout_block_opts *o)
{
    for (guint i = 0; !o->no_decor && i < ls->stack->len; i++) {
        const struct layout_container *c = &g_array_index(ls->stack, struct layout_container, i);
        if (c->kind == LAYOUT_C_CALLOUT) {
            /* A light tint of the type's colour, and a thick bar on the start side. */
            struct layout_fitem t = {.it = {.kind = NASHRA_ITEM_RULE,
                                            .x = c->box_left,
                                            .y = 0,
                                            .w = c->box_right - c->box_left,
                                            .h = fl->height,
                                            .r = 1 - (1 - c->r) * 0.075,
                                            .g = 1 - (1 - c->g) * 0.075,
                                            .b = 1 - (1 - c->b) * 0.075},
                                     .bar = c->tint};
            if (c->own_tint)
                t.it.r = c->tint_rgb.r, t.it.g = c->tint_rgb.g, t.it.b = c->tint_rgb.b;
            layout_fline_add(fl, &t);
            if (c->no_bar)
                continue;
            struct layout_fitem b = {.it = {.kind = NASHRA_ITEM_RULE,
                                            .x = c->bar_x,
                                            .y = 0,
                                            .w = 3.5,
                                            .h = fl->height,
                                            .r = c->r,
                                            .g = c->g,
                                            .b = c->b},
                                     .bar = c->bar};
            layout_fline_add(fl, &b);
            continue;
        }
        if (c->kind != LAYOUT_C_QUOTE)
            continue;
        struct layout_fitem fi = {.it = {.kind = NASHRA_ITEM_RULE, .x = c->bar_x, .y = 0,
                                         .w = 1.6, .h = fl->height, .r = 0.62, .g = 0.66,
                                         .b = 0.72},
                                  .bar = c->bar};
        layout_fline_add(fl, &fi);
    }
    if (o->background) {
        struct layout_fitem fi = {.it = {.kind = NASHRA_ITEM_RULE,
                                         .x = o->bg_left,
                                         .y = 0,
                                         .w = o->bg_right - o->bg_left,
                                         .h = fl->height,
                                         .r = ls->st->code_background.r,
                                         .g = ls->st->code_background.g,
                                         .b = ls->st->code_background.b}};
        layout_fline_add(fl, &fi);
    }
}

void layout_emit_line(struct layout_state *ls, PangoLayoutLine *ln, const char *text,
                      const struct layout_block_opts *oo, double size, bool first, bool final,
                      bool para_last)
{
    /* A hanging indent narrows every line but the first on its start side. */
    struct layout_block_opts hung;
    const struct layout_block_opts *o = oo;
    if (oo->hang > 0 && !ln->is_paragraph_start) {
        hung = *oo;
        if (ln->resolved_dir == PANGO_DIRECTION_RTL)
            hung.right -= oo->hang;
        else
            hung.left += oo->hang;
        o = &hung;
    }
    int target = (int)lround((o->right - o->left) * PANGO_SCALE);
    bool last = para_last || layout_line_hard_end(ln, text);
    int w = layout_line_width(ln);
    bool justified = false;
    if (o->align == LAYOUT_JUSTIFY && !last) {
        w = layout_justify_line(ln, text, w, target);
        justified = w == target;
    }
    /* Extents only now: Pango caches them, and the glyph widths just changed. */
    PangoRectangle ink, logical;
    pango_layout_line_get_extents(ln, &ink, &logical);
    double wpt = w / (double)PANGO_SCALE;
    double x;
    if (justified)
        x = o->left;
    else if (o->align == LAYOUT_CENTER)
        x = o->left + (o->right - o->left - wpt) / 2;
    else if (o->align == LAYOUT_LEFT)
        x = o->left;
    else if (o->align == LAYOUT_RIGHT || (o->align == LAYOUT_END && !ls->rtl))
        x = o->right - wpt;
    else if (o->align == LAYOUT_END)
        x = o->left;
    else if (ln->resolved_dir == PANGO_DIRECTION_RTL)
        x = o->right - wpt;
    else
        x = o->left;
    /* A fixed pitch keeps justified columns even; only ink far outside it grows a line. */
    double pitch = o->pitch * layout_line_factor(ls);
    double height = pitch;
    double base = pitch / 2 + size * 0.3;
    double ink_top = -ink.y / (double)PANGO_SCALE;
    double ink_bottom = (ink.y + ink.height) / (double)PANGO_SCALE;
    if (ink.height > 0 && ink_top > base + size * 0.3)
        base = ink_top - size * 0.3;
    if (ink.height > 0 && base + ink_bottom > height + size * 0.3)
        height = base + ink_bottom - size * 0.3;
    double top_pad = first ? o->pad_top : 0;
    height += top_pad + (final ? o->pad_bottom : 0);
    base += top_pad;
    struct layout_fline *fl = layout_new_line(ls, height);
    layout_line_decorations(ls, fl, o);
    if (first && o->dest) {
        struct layout_fitem d = {.it = {.kind = NASHRA_ITEM_DEST, .x = ls->rtl ? o->right : o->left,
                                        .y = 0, .dest = g_strdup(o->dest)}};
        layout_fline_add(fl, &d);
    } else if (first && ls->pending_dest) {
        struct layout_fitem d = {.it = {.kind = NASHRA_ITEM_DEST,
                                        .x = ls->rtl ? o->right : o->left,
                                        .y = 0,
                                        .dest = ls->pending_dest}};
        layout_fline_add(fl, &d);
        ls->pending_dest = NULL;
    }
    struct layout_fitem li = {.it = {.kind = NASHRA_ITEM_LINE, .x = x, .y = base, .w = wpt,
                                     .h = height, .r = o->r, .g = o->g, .b = o->b,
                                     .line = pango_layout_line_ref(ln), .elem = ls->elem},
                              .block = ls->block};
    layout_fline_add(fl, &li);
    if (first && ls->marker) {
        PangoLayoutLine *ml = pango_layout_get_line_readonly(ls->marker, 0);
        double mw = layout_line_width(ml) / (double)PANGO_SCALE;
        double mx = ls->marker_rtl ? ls->marker_edge + 5 : ls->marker_edge - 5 - mw;
        struct layout_fitem m = {.it = {.kind = NASHRA_ITEM_LINE, .x = mx, .y = base, .w = mw,
                                        .h = height, .r = ls->st->list_marker.r,
                                        .g = ls->st->list_marker.g, .b = ls->st->list_marker.b,
                                        .line = pango_layout_line_ref(ml),
                                        .elem = ls->marker_elem ? ls->marker_elem : ls->elem}};
        layout_fline_add(fl, &m);
        if (ls->marker_dest) {
            /* A note's number links back to where it is called. */
            struct layout_fitem k = {.it = {.kind = NASHRA_ITEM_LINK,
                                            .x = mx,
                                            .y = top_pad,
                                            .w = mw,
                                            .h = height - top_pad,
                                            .dest = ls->marker_dest,
                                            .elem = ls->elem}};
            layout_fline_add(fl, &k);
            ls->marker_dest = NULL;
        }
        ls->marker = NULL;
        ls->marker_elem = 0;
    }
    if (o->links && o->links->len)
        layout_line_links(ls, fl, ln, text, o->links, x, top_pad, height - top_pad);
}

double layout_font_size(PangoLayout *pl)
{
    return pango_font_description_get_size(pango_layout_get_font_description(pl)) /
           (double)PANGO_SCALE;
}

int layout_add_lines(struct layout_state *ls, PangoLayout *pl, const char *unused,
                     const struct layout_block_opts *o)
{
    (void)unused;
    g_ptr_array_add(ls->layouts, pl);
    const char *text = pango_layout_get_text(pl);
    double size = layout_font_size(pl);
    int first = (int)ls->lines->len;
    int n = pango_layout_get_line_count(pl), i = 0;
    for (GSList *s = pango_layout_get_lines_readonly(pl); s; s = s->next, i++)
        layout_emit_line(ls, s->data, text, o, size, i == 0, i == n - 1, i == n - 1);
    return first;
}
