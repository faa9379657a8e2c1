/* Layout: walks the tree block by block, makes one PangoLayout per block, justifies by stretching
 * spaces, and collects the lines in a flow that pagination then places on pages. */
#include <math.h>
#include <string.h>

#include "layout/layout_int.h"
#include "util/l10n.h"

#define LAYOUT_LSEP "\xE2\x80\xA8"

void nashra_style_default(struct nashra_style *style)
{
    *style = (struct nashra_style){
        .page_width = 595.28,
        .page_height = 841.89,
        .margin_top = 72,
        .margin_bottom = 72,
        .margin_start = 62,
        .margin_end = 62,
        .body_font = "Amiri",
        .heading_font = "Noto Kufi Arabic",
        .mono_font = "DejaVu Sans Mono",
        .body_size = 12,
        .line_spacing = 1.5,
        .paragraph_gap = 9,
        .indent_step = 22,
        .title_font = "Noto Kufi Arabic",
        .header_font = "Amiri",
        .h_size = {20, 16, 13.5},
        .title_size = 22,
        .subtitle_size = 13.5,
        .byline_size = 12.5,
        .masthead_size = 10,
        .header_size = 9,
        .notes_size = 10.2,
        .code_size = 9.4,
        /* As templates/brief.ini writes them: #12386b #161616 #5c5f66 #a3a8b0 #eef2f7. */
        .accent = {0x12 / 255.0, 0x38 / 255.0, 0x6b / 255.0},
        .text = {0x16 / 255.0, 0x16 / 255.0, 0x16 / 255.0},
        .muted = {0x5c / 255.0, 0x5f / 255.0, 0x66 / 255.0},
        .rule = {0xa3 / 255.0, 0xa8 / 255.0, 0xb0 / 255.0},
        .tint = {0xee / 255.0, 0xf2 / 255.0, 0xf7 / 255.0},
        .masthead = NASHRA_MASTHEAD_BOX,
        .masthead_series = true,
        .masthead_rule = true,
        .summary_box = true,
        .header_pattern = NULL,
        .footer_pattern = NULL,
        .header_from = 2,
        .header_rule = true,
    };
}

/* ---- the flow ---------------------------------------------------------------------------- */

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

/* ---- lines of one PangoLayout -------------------------------------------------------------- */

static int layout_line_width(PangoLayoutLine *ln)
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
static void layout_line_links(struct layout_fline *fl, PangoLayoutLine *ln, const char *text,
                              const GArray *links, double x0, double top, double h)
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
                               .uri = g_strdup(l->uri), .dest = g_strdup(l->dest)},
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
                                         .r = 0.945,
                                         .g = 0.945,
                                         .b = 0.94}};
        layout_fline_add(fl, &fi);
    }
}

void layout_emit_line(struct layout_state *ls, PangoLayoutLine *ln, const char *text,
                      const struct layout_block_opts *o, double size, bool first, bool final,
                      bool para_last)
{
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
    double height = o->pitch;
    double base = o->pitch / 2 + size * 0.3;
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
                                     .line = pango_layout_line_ref(ln)},
                              .block = ls->block};
    layout_fline_add(fl, &li);
    if (first && ls->marker) {
        PangoLayoutLine *ml = pango_layout_get_line_readonly(ls->marker, 0);
        double mw = layout_line_width(ml) / (double)PANGO_SCALE;
        double mx = ls->marker_rtl ? ls->marker_edge + 5 : ls->marker_edge - 5 - mw;
        struct layout_fitem m = {.it = {.kind = NASHRA_ITEM_LINE, .x = mx, .y = base, .w = mw,
                                        .h = height, .r = 0.25, .g = 0.25, .b = 0.3,
                                        .line = pango_layout_line_ref(ml)}};
        layout_fline_add(fl, &m);
        if (ls->marker_dest) {
            /* A note's number links back to where it is called. */
            struct layout_fitem k = {.it = {.kind = NASHRA_ITEM_LINK,
                                            .x = mx,
                                            .y = top_pad,
                                            .w = mw,
                                            .h = height - top_pad,
                                            .dest = ls->marker_dest}};
            layout_fline_add(fl, &k);
            ls->marker_dest = NULL;
        }
        ls->marker = NULL;
    }
    if (o->links && o->links->len)
        layout_line_links(fl, ln, text, o->links, x, top_pad, height - top_pad);
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

/* ---- blocks -------------------------------------------------------------------------------- */

static const struct layout_container *layout_top(const struct layout_state *ls)
{
    return ls->stack->len ? &g_array_index(ls->stack, struct layout_container, ls->stack->len - 1)
                          : NULL;
}

void layout_box(const struct layout_state *ls, double *left, double *right)
{
    const struct layout_container *c = layout_top(ls);
    *left = c ? c->left : ls->left;
    *right = c ? c->right : ls->right;
}

/* The innermost list, or NULL. */
static const struct layout_container *layout_list(const struct layout_state *ls)
{
    for (guint i = ls->stack->len; i-- > 0;) {
        const struct layout_container *c = &g_array_index(ls->stack, struct layout_container, i);
        if (c->kind == LAYOUT_C_LIST)
            return c;
        if (c->kind == LAYOUT_C_QUOTE)
            return NULL;
    }
    return NULL;
}

double layout_take_gap(struct layout_state *ls)
{
    /* In proportion to the text size: tighter in the notes. */
    double gap = ls->st->paragraph_gap * ls->size / ls->st->body_size;
    const struct layout_container *list = layout_list(ls);
    if (list && list->tight)
        gap = 2;
    if (ls->next_gap >= 0)
        gap = ls->next_gap;
    else if (ls->after_heading)
        gap = ls->size * 0.35;
    ls->next_gap = -1;
    ls->after_heading = false;
    return gap;
}

PangoFontDescription *layout_font(const char *family, double size, PangoWeight weight)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, family);
    pango_font_description_set_size(fd, (gint)lround(size * PANGO_SCALE));
    pango_font_description_set_weight(fd, weight);
    return fd;
}

PangoLayout *layout_new_text(struct layout_state *ls, PangoContext *ctx,
                             const PangoFontDescription *fd, double width)
{
    PangoLayout *pl = pango_layout_new(ctx);
    pango_layout_set_font_description(pl, fd);
    pango_layout_set_width(pl, (int)lround(width * PANGO_SCALE));
    pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
    /* Start alignment; Pango flips it for paragraphs running against the base direction. */
    pango_layout_set_alignment(pl, ls->rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    return pl;
}

enum nashra_dir layout_block_dir(const struct layout_state *ls, const struct nashra_node *node)
{
    enum nashra_dir written;
    if (ls->dir_rule == NASHRA_DIR_AUTO && !nashra_node_written_dir(node, &written))
        return NASHRA_DIR_AUTO;
    return nashra_node_direction(ls->dir_rule, ls->rtl ? NASHRA_DIR_RTL : NASHRA_DIR_LTR, node);
}

PangoContext *layout_flip_context(struct layout_state *ls)
{
    if (ls->flip_ctx)
        return ls->flip_ctx;
    PangoContext *f = ls->new_context();
    pango_context_set_language(f, pango_context_get_language(ls->ctx));
    pango_context_set_base_dir(f, ls->rtl ? PANGO_DIRECTION_LTR : PANGO_DIRECTION_RTL);
    ls->flip_ctx = f;
    return f;
}

PangoLayout *layout_new_dir_text(struct layout_state *ls, enum nashra_dir dir,
                                 const PangoFontDescription *fd, double width)
{
    if (dir == NASHRA_DIR_AUTO)
        return layout_new_text(ls, ls->ctx, fd, width);
    bool flip = (dir == NASHRA_DIR_RTL) != ls->rtl;
    PangoLayout *pl = layout_new_text(ls, flip ? layout_flip_context(ls) : ls->ctx, fd, width);
    pango_layout_set_auto_dir(pl, FALSE);
    /* PANGO_ALIGN_RIGHT is the start of an RTL paragraph: alignment follows the block. */
    pango_layout_set_alignment(pl, dir == NASHRA_DIR_RTL ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    return pl;
}

/* Lays out NODE's inlines, after PREFIX (or NULL), as lines of the current flow block. */
static void layout_inline_block(struct layout_state *ls, const struct nashra_node *node,
                                PangoFontDescription *fd, struct layout_block_opts *o,
                                const char *prefix)
{
    double mono_size = pango_font_description_get_size(fd) / (double)PANGO_SCALE * 0.8;
    PangoFontDescription *mono = layout_font(ls->st->mono_font, mono_size, PANGO_WEIGHT_NORMAL);
    GString *text = g_string_new(prefix);
    PangoAttrList *attrs = pango_attr_list_new();
    GArray *links = g_array_new(FALSE, FALSE, sizeof(struct layout_link));
    layout_inline_build(ls, node, text, attrs, links, mono);
    o->links = links;
    o->dir = layout_block_dir(ls, node);
    if (layout_text_is_long(text->str, text->len)) {
        layout_long_text(ls, fd, text->str, text->len, attrs, links, o);
    } else {
        PangoLayout *pl = layout_new_dir_text(ls, o->dir, fd, o->right - o->left);
        pango_layout_set_text(pl, text->str, (int)text->len);
        pango_layout_set_attributes(pl, attrs);
        layout_add_lines(ls, pl, NULL, o);
    }
    layout_links_clear(links);
    g_array_free(links, TRUE);
    pango_attr_list_unref(attrs);
    g_string_free(text, TRUE);
    pango_font_description_free(mono);
}

/* Whether NODE is a paragraph of the body's own flow: numbered when the brief asks. Paragraphs
 * in lists, quotes, callouts and notes are parts of something else and are not numbered (the
 * list, quote or callout is not numbered either). */
static bool layout_numbered_paragraph(const struct layout_state *ls)
{
    return ls->doc->meta.paragraph_numbers && ls->stack->len == 0 && ls->size == ls->st->body_size;
}

/* The paragraph's number in the start-side margin on its first line, small and muted, with a
 * named destination "pN" there (brief.pdf#p12). */
static void layout_paragraph_number(struct layout_state *ls, int first_line)
{
    if (first_line >= (int)ls->lines->len)
        return;
    struct layout_fline *fl = &g_array_index(ls->lines, struct layout_fline, first_line);
    double base = -1;
    for (guint k = 0; k < fl->items->len; k++) {
        const struct layout_fitem *fi = &g_array_index(fl->items, struct layout_fitem, k);
        if (fi->it.kind == NASHRA_ITEM_LINE) {
            base = fi->it.y;
            break;
        }
    }
    if (base < 0)
        return;
    int n = ++ls->n_paras;
    char *num = layout_number(ls, n);
    PangoFontDescription *fd = layout_font(ls->st->heading_font, ls->size * 0.62,
                                           PANGO_WEIGHT_NORMAL);
    PangoLayout *pl = layout_new_text(ls, ls->ctx, fd, -1);
    pango_layout_set_width(pl, -1);
    pango_layout_set_text(pl, num, -1);
    g_ptr_array_add(ls->layouts, pl);
    PangoLayoutLine *ln = pango_layout_get_line_readonly(pl, 0);
    double w = layout_line_width(ln) / (double)PANGO_SCALE;
    const double gap = 9;
    double x = ls->rtl ? ls->right + gap : ls->left - gap - w;
    const struct nashra_rgb *c = &ls->st->muted;
    struct layout_fitem li = {.it = {.kind = NASHRA_ITEM_LINE, .x = x, .y = base - ls->size * 0.1,
                                     .w = w, .h = fl->height, .r = c->r, .g = c->g, .b = c->b,
                                     .line = pango_layout_line_ref(ln)}};
    layout_fline_add(fl, &li);
    struct layout_fitem d = {.it = {.kind = NASHRA_ITEM_DEST, .x = ls->rtl ? ls->right : ls->left,
                                    .y = 0, .dest = g_strdup_printf("p%d", n)}};
    layout_fline_add(fl, &d);
    g_hash_table_add(ls->dests, g_strdup_printf("p%d", n));
    pango_font_description_free(fd);
    g_free(num);
}

static void layout_paragraph(struct layout_state *ls, const struct nashra_node *node)
{
    const struct nashra_rgb *c = &ls->st->text;
    struct layout_block_opts o = {.align = LAYOUT_JUSTIFY,
                                  .pitch = ls->size * ls->st->line_spacing,
                                  .r = c->r,
                                  .g = c->g,
                                  .b = c->b};
    layout_box(ls, &o.left, &o.right);
    PangoFontDescription *fd = layout_font(ls->st->body_font, ls->size, PANGO_WEIGHT_NORMAL);
    layout_block_begin(ls, layout_take_gap(ls));
    int first = (int)ls->lines->len;
    layout_inline_block(ls, node, fd, &o, NULL);
    if (layout_numbered_paragraph(ls))
        layout_paragraph_number(ls, first);
    layout_block_end(ls, false, true);
    pango_font_description_free(fd);
}

static void layout_heading(struct layout_state *ls, const struct nashra_node *node)
{
    static const double scale[] = {1.67, 1.33, 1.125, 1.0, 0.95, 0.9};
    int level = CLAMP(node->as.heading.level, 1, 6);
    double size = ls->size * scale[level - 1];
    if (level <= 3 && ls->st->h_size[level - 1] > 0)
        size = ls->st->h_size[level - 1] * ls->size / ls->st->body_size;
    const struct nashra_rgb *c = &ls->st->accent;
    struct layout_block_opts o = {.align = LAYOUT_START, .pitch = size * 1.45,
                                  .r = c->r, .g = c->g, .b = c->b};
    layout_box(ls, &o.left, &o.right);
    ls->n_headings++;
    char *dest = node->as.heading.id ? g_strdup(node->as.heading.id)
                                     : g_strdup_printf("h-%d", ls->n_headings);
    o.dest = dest;
    double gap = layout_take_gap(ls);
    layout_block_begin(ls, MAX(gap, size * (level == 1 ? 1.1 : 0.9)));
    PangoFontDescription *fd = layout_font(ls->st->heading_font, size, PANGO_WEIGHT_BOLD);
    int first = (int)ls->lines->len;
    layout_inline_block(ls, node, fd, &o, NULL);
    layout_block_end(ls, true, false);
    pango_font_description_free(fd);
    struct nashra_outline_entry e = {nashra_node_plain_text(node), level, dest, first};
    g_strstrip(e.title);
    g_array_append_val(ls->outline, e);
    g_hash_table_add(ls->dests, g_strdup(dest));
    ls->after_heading = true;
}

static void layout_code_block(struct layout_state *ls, const struct nashra_node *node)
{
    const double pad = 6, size = ls->size * ls->st->code_size / ls->st->body_size;
    struct layout_block_opts o = {.align = LAYOUT_START, .pitch = size * 1.45, .pad_top = pad,
                                  .pad_bottom = pad, .r = 0.12, .g = 0.12, .b = 0.14,
                                  .background = true};
    layout_box(ls, &o.bg_left, &o.bg_right);
    o.left = o.bg_left + pad;
    o.right = o.bg_right - pad;
    size_t len = node->literal ? node->literal_len : 0;
    while (len > 0 && node->literal[len - 1] == '\n')
        len--;
    PangoFontDescription *fd = layout_font(ls->st->mono_font, size, PANGO_WEIGHT_NORMAL);
    layout_block_begin(ls, layout_take_gap(ls));
    /* Each source line is a paragraph of its own to Pango: a layout per group of lines has
     * the same lines as one of the whole block, without a huge block's cost. */
    const char *src = len ? node->literal : "";
    size_t start = 0;
    bool first = true;
    do {
        size_t end = start;
        for (int n = 0; end < len; end++)
            if (src[end] == '\n' && ++n == LAYOUT_CODE_GROUP)
                break;
        PangoLayout *pl = layout_new_text(ls, ls->ltr_ctx, fd, o.right - o.left);
        /* Code is LTR whatever it contains, and breaks anywhere rather than overflow. */
        pango_layout_set_auto_dir(pl, FALSE);
        pango_layout_set_alignment(pl, PANGO_ALIGN_LEFT);
        pango_layout_set_wrap(pl, PANGO_WRAP_CHAR);
        pango_layout_set_text(pl, src + start, (int)(end - start));
        PangoAttrList *attrs = pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
        pango_layout_set_attributes(pl, attrs);
        pango_attr_list_unref(attrs);
        if (first && end >= len) {
            layout_add_lines(ls, pl, NULL, &o);
        } else {
            g_ptr_array_add(ls->layouts, pl);
            const char *text = pango_layout_get_text(pl);
            int n = pango_layout_get_line_count(pl), i = 0;
            for (GSList *l = pango_layout_get_lines_readonly(pl); l; l = l->next, i++)
                layout_emit_line(ls, l->data, text, &o, layout_font_size(pl), first && i == 0,
                                 end >= len && i == n - 1, end >= len && i == n - 1);
        }
        first = false;
        start = end + 1;
    } while (start <= len);
    layout_block_end(ls, false, false);
    pango_font_description_free(fd);
}

static void layout_thematic_break(struct layout_state *ls)
{
    double left, right;
    layout_box(ls, &left, &right);
    layout_block_begin(ls, layout_take_gap(ls));
    struct layout_fline *fl = layout_new_line(ls, ls->size * 1.5);
    layout_line_decorations(ls, fl, &(struct layout_block_opts){0});
    double w = MIN(90, (right - left) / 3);
    struct layout_fitem fi = {.it = {.kind = NASHRA_ITEM_RULE, .x = (left + right - w) / 2,
                                     .y = fl->height / 2 - 0.4, .w = w, .h = 0.8, .r = 0.55,
                                     .g = 0.55, .b = 0.55}};
    layout_fline_add(fl, &fi);
    layout_block_end(ls, false, false);
}

/* ---- containers ---------------------------------------------------------------------------- */

static void layout_push(struct layout_state *ls, enum layout_container_kind kind)
{
    struct layout_container c = {.kind = kind};
    layout_box(ls, &c.left, &c.right);
    g_array_append_val(ls->stack, c);
}

/* The bar and indent on the start side of the quote's own direction (NODE's text). */
static void layout_enter_quote(struct layout_state *ls, const struct nashra_node *node)
{
    bool rtl = nashra_node_direction(ls->dir_rule, ls->rtl ? NASHRA_DIR_RTL : NASHRA_DIR_LTR,
                                     node) == NASHRA_DIR_RTL;
    layout_push(ls, LAYOUT_C_QUOTE);
    struct layout_container *c = (struct layout_container *)layout_top(ls);
    c->bar = ++ls->n_bars;
    c->bar_x = rtl ? c->right - 1.6 : c->left;
    if (rtl)
        c->right -= ls->st->indent_step * 0.75;
    else
        c->left += ls->st->indent_step * 0.75;
}

static void layout_enter_list(struct layout_state *ls, const struct nashra_node *node)
{
    const struct layout_container *outer = layout_list(ls);
    if (!(outer && outer->tight))
        ls->next_gap = ls->after_heading ? -1 : ls->st->paragraph_gap;
    layout_push(ls, LAYOUT_C_LIST);
    struct layout_container *c = (struct layout_container *)layout_top(ls);
    c->tight = node->as.list.tight;
    c->ordered = node->as.list.type == NASHRA_LIST_ORDERED;
    c->number = node->as.list.start;
    c->delim = node->as.list.delim ? node->as.list.delim : '.';
    if (ls->rtl)
        c->right -= ls->st->indent_step;
    else
        c->left += ls->st->indent_step;
}

/* NODE: the item (or note) whose direction puts its marker on its start side. */
static void layout_enter_item(struct layout_state *ls, const struct nashra_node *node)
{
    struct layout_container *list = (struct layout_container *)layout_top(ls);
    int depth = 0;
    for (guint i = 0; i < ls->stack->len; i++)
        depth += g_array_index(ls->stack, struct layout_container, i).kind == LAYOUT_C_LIST;
    char *label;
    if (list->ordered) {
        char *num = layout_number(ls, list->number++);
        label = g_strdup_printf("%s%c", num, list->delim);
        g_free(num);
    } else {
        static const char *const bullets[] = {"\u2022", "\u25E6", "\u25AA"};
        label = g_strdup(bullets[(depth - 1) % 3]);
    }
    enum nashra_dir dir =
        nashra_node_direction(ls->dir_rule, ls->rtl ? NASHRA_DIR_RTL : NASHRA_DIR_LTR, node);
    bool rtl = dir == NASHRA_DIR_RTL;
    layout_push(ls, LAYOUT_C_ITEM);
    struct layout_container *c = (struct layout_container *)layout_top(ls);
    if (rtl != ls->rtl) {
        /* Against the document: the list's indent moves to the item's own start side. */
        double shift = ls->rtl ? ls->st->indent_step : -ls->st->indent_step;
        c->left += shift;
        c->right += shift;
    }
    double edge = rtl ? c->right : c->left;
    PangoFontDescription *fd = layout_font(ls->st->body_font, ls->size, PANGO_WEIGHT_NORMAL);
    ls->marker = layout_new_dir_text(ls, dir, fd, -1);
    g_ptr_array_add(ls->layouts, ls->marker); /* owned there from the start, used or not */
    pango_layout_set_width(ls->marker, -1);
    pango_layout_set_text(ls->marker, label, -1);
    ls->marker_edge = edge;
    ls->marker_rtl = rtl;
    pango_font_description_free(fd);
    g_free(label);
}

static void layout_exit_item(struct layout_state *ls)
{
    if (ls->marker) {
        /* An empty item still shows its marker. */
        layout_block_begin(ls, layout_take_gap(ls));
        PangoLayout *empty = pango_layout_new(ls->ctx);
        pango_layout_set_text(empty, "", 0);
        struct layout_block_opts o = {.align = LAYOUT_START,
                                      .pitch = ls->size * ls->st->line_spacing};
        layout_box(ls, &o.left, &o.right);
        PangoFontDescription *fd = layout_font(ls->st->body_font, ls->size, PANGO_WEIGHT_NORMAL);
        pango_layout_set_font_description(empty, fd);
        pango_font_description_free(fd);
        layout_add_lines(ls, empty, NULL, &o);
        layout_block_end(ls, false, true);
    }
    g_array_set_size(ls->stack, ls->stack->len - 1);
}

/* ---- extensions: callouts, attributions, endnotes ----------------------------------------- */

static void layout_enter_callout(struct layout_state *ls, const struct nashra_node *node)
{
    static const double colours[][3] = {
        [NASHRA_CALLOUT_NOTE] = {0.12, 0.38, 0.75},
        [NASHRA_CALLOUT_TIP] = {0.10, 0.52, 0.28},
        [NASHRA_CALLOUT_IMPORTANT] = {0.48, 0.28, 0.75},
        [NASHRA_CALLOUT_WARNING] = {0.78, 0.50, 0.02},
        [NASHRA_CALLOUT_CAUTION] = {0.78, 0.16, 0.16},
        [NASHRA_CALLOUT_SUMMARY] = {0.07, 0.22, 0.42},
    };
    static const enum nashra_text labels[] = {
        NASHRA_TEXT_CALLOUT_NOTE,    NASHRA_TEXT_CALLOUT_TIP,     NASHRA_TEXT_CALLOUT_IMPORTANT,
        NASHRA_TEXT_CALLOUT_WARNING, NASHRA_TEXT_CALLOUT_CAUTION, NASHRA_TEXT_CALLOUT_SUMMARY};
    int type = CLAMP((int)node->as.callout.type, 0, NASHRA_CALLOUT_SUMMARY);
    const double bar = 3.5, pad = 9;
    double gap = layout_take_gap(ls);
    layout_push(ls, LAYOUT_C_CALLOUT);
    struct layout_container *c = (struct layout_container *)layout_top(ls);
    c->box_left = c->left;
    c->box_right = c->right;
    c->r = colours[type][0], c->g = colours[type][1], c->b = colours[type][2];
    c->bar = ++ls->n_bars;
    c->tint = ++ls->n_bars;
    c->bar_x = ls->rtl ? c->right - bar : c->left;
    c->left += ls->rtl ? pad : bar + pad;
    c->right -= ls->rtl ? bar + pad : pad;
    layout_keep_begin(ls, gap);
    layout_line_decorations(ls, layout_new_line(ls, 5), &(struct layout_block_opts){0});
    const char *title = node->as.callout.title && *node->as.callout.title
                            ? node->as.callout.title
                            : nashra_text(ls->lang, labels[type]);
    double size = ls->size * 0.95;
    PangoFontDescription *fd = layout_font(ls->st->heading_font, size, PANGO_WEIGHT_BOLD);
    PangoLayout *pl = layout_new_text(ls, ls->ctx, fd, c->right - c->left);
    pango_layout_set_text(pl, title, -1);
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    layout_arabic_no_kern(title, strlen(title), attrs);
    pango_layout_set_attributes(pl, attrs);
    pango_attr_list_unref(attrs);
    struct layout_block_opts o = {.align = LAYOUT_START,
                                  .pitch = size * 1.6,
                                  .left = c->left,
                                  .right = c->right,
                                  .r = c->r * 0.8,
                                  .g = c->g * 0.8,
                                  .b = c->b * 0.8};
    layout_add_lines(ls, pl, NULL, &o);
    pango_font_description_free(fd);
    ls->next_gap = 2;
}

static void layout_exit_callout(struct layout_state *ls)
{
    layout_line_decorations(ls, layout_new_line(ls, 7), &(struct layout_block_opts){0});
    g_array_set_size(ls->stack, ls->stack->len - 1);
    layout_keep_end(ls);
}

/* Who is quoted: its own line at the end side of the quote, after a dash, smaller and slanted. */
static void layout_attribution(struct layout_state *ls, const struct nashra_node *node)
{
    double size = ls->size * 0.9;
    struct layout_block_opts o = {
        .align = LAYOUT_END, .pitch = size * ls->st->line_spacing, .r = 0.3, .g = 0.3, .b = 0.33};
    layout_box(ls, &o.left, &o.right);
    PangoFontDescription *fd = layout_font(ls->st->body_font, size, PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
    layout_take_gap(ls);
    layout_block_begin(ls, 2);
    layout_inline_block(ls, node, fd, &o, "\u2014 ");
    layout_block_end(ls, false, false);
    pango_font_description_free(fd);
}

static void layout_walk(struct layout_state *ls, struct nashra_node *root);

static gint layout_note_cmp(gconstpointer a, gconstpointer b)
{
    const struct nashra_node *x = *(struct nashra_node *const *)a;
    const struct nashra_node *y = *(struct nashra_node *const *)b;
    return (x->as.footnote.index > y->as.footnote.index) -
           (x->as.footnote.index < y->as.footnote.index);
}

/* NOTES (FOOTNOTE_DEF, in order) numbered like an ordered list, smaller, each kept together;
 * each note's number links back to its first call and the note is destination fn-N. SPANS,
 * when not NULL, receives each note's flow lines (struct layout_note). */
static void layout_note_list(struct layout_state *ls, GPtrArray *notes, GArray *spans)
{
    double saved = ls->size;
    ls->size = ls->st->notes_size;
    struct layout_container list = {
        .kind = LAYOUT_C_LIST, .ordered = true, .delim = '.', .left = ls->left, .right = ls->right};
    if (ls->rtl)
        list.right -= ls->st->indent_step;
    else
        list.left += ls->st->indent_step;
    g_array_append_val(ls->stack, list);
    for (guint i = 0; i < notes->len; i++) {
        struct nashra_node *def = g_ptr_array_index(notes, i);
        int n = def->as.footnote.index;
        int first = (int)ls->lines->len;
        g_array_index(ls->stack, struct layout_container, 0).number = n;
        layout_keep_begin(ls, spans ? 0 : layout_take_gap(ls));
        layout_enter_item(ls, def);
        char *back = g_strdup_printf("fnref-%d", n);
        if (g_hash_table_contains(ls->dests, back))
            ls->marker_dest = back;
        else
            g_free(back);
        g_free(ls->pending_dest);
        ls->pending_dest = g_strdup_printf("fn-%d", n);
        g_hash_table_add(ls->dests, g_strdup(ls->pending_dest));
        layout_walk(ls, def);
        layout_exit_item(ls);
        layout_keep_end(ls);
        ls->next_gap = spans ? 0 : 4;
        if (spans) {
            struct layout_note s = {n, first, (int)ls->lines->len - first};
            g_array_append_val(spans, s);
        }
    }
    g_array_set_size(ls->stack, 0);
    ls->size = saved;
}

static void layout_foot_notes(struct layout_state *ls, GPtrArray *notes);

/* The notes, in the order of their numbers: at the foot of the page of their first call
 * (FOOT; placed by layout_place), or after the body (style.endnotes): a short rule on the start
 * side, a label, then the notes. */
static void layout_notes(struct layout_state *ls, bool foot)
{
    GPtrArray *notes = g_ptr_array_new();
    for (guint i = 0; i < ls->notes->len; i++) {
        struct nashra_node *d = g_ptr_array_index(ls->notes, i);
        if (d->as.footnote.index > 0)
            g_ptr_array_add(notes, d);
    }
    g_ptr_array_sort(notes, layout_note_cmp); /* stable (merge sort) */
    if (notes->len == 0) {
        g_ptr_array_free(notes, TRUE);
        return;
    }
    if (foot) {
        layout_foot_notes(ls, notes);
        g_ptr_array_free(notes, TRUE);
        return;
    }
    g_array_set_size(ls->stack, 0);
    layout_block_begin(ls, ls->st->paragraph_gap * 2.5);
    struct layout_fline *fl = layout_new_line(ls, 8);
    double w = MIN(110, (ls->right - ls->left) / 4);
    struct layout_fitem rule = {.it = {.kind = NASHRA_ITEM_RULE,
                                       .x = ls->rtl ? ls->right - w : ls->left,
                                       .y = 0,
                                       .w = w,
                                       .h = 0.7,
                                       .r = 0.4,
                                       .g = 0.4,
                                       .b = 0.45}};
    layout_fline_add(fl, &rule);
    const char *label = nashra_text(ls->lang, NASHRA_TEXT_NOTES);
    PangoFontDescription *fd =
        layout_font(ls->st->heading_font, ls->st->body_size * 0.95, PANGO_WEIGHT_BOLD);
    PangoLayout *pl = layout_new_text(ls, ls->ctx, fd, ls->right - ls->left);
    pango_layout_set_text(pl, label, -1);
    struct layout_block_opts o = {.align = LAYOUT_START,
                                  .pitch = ls->st->body_size * 1.5,
                                  .left = ls->left,
                                  .right = ls->right,
                                  .r = 0.07,
                                  .g = 0.15,
                                  .b = 0.3};
    layout_add_lines(ls, pl, NULL, &o);
    pango_font_description_free(fd);
    layout_block_end(ls, true, false);
    ls->after_heading = true;

    layout_note_list(ls, notes, NULL);
    g_ptr_array_free(notes, TRUE);
}

/* Foot-of-page notes: laid out after everything else, each its own kept-together flow block
 * whose lines pagination puts in the note areas (layout_place). */
static void layout_foot_notes(struct layout_state *ls, GPtrArray *notes)
{
    ls->n_body_blocks = (int)ls->blocks->len;
    ls->foot_notes = g_array_new(FALSE, FALSE, sizeof(struct layout_note));
    g_array_set_size(ls->stack, 0);
    layout_note_list(ls, notes, ls->foot_notes);
}
static void layout_walk(struct layout_state *ls, struct nashra_node *root)
{
    const struct nashra_node *outer = ls->block;
    struct nashra_iter it;
    nashra_iter_init(&it, root);
    enum nashra_event ev;
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = it.cur;
        bool enter = ev == NASHRA_EVENT_ENTER;
        bool descend = n == root;
        if (enter)
            ls->block = n;
        switch (n->kind) {
        case NASHRA_NODE_BLOCK_QUOTE:
            if (enter)
                layout_enter_quote(ls, n);
            else
                g_array_set_size(ls->stack, ls->stack->len - 1);
            descend = true;
            break;
        case NASHRA_NODE_LIST:
            if (enter)
                layout_enter_list(ls, n);
            else
                g_array_set_size(ls->stack, ls->stack->len - 1);
            descend = true;
            break;
        case NASHRA_NODE_ITEM:
            if (enter)
                layout_enter_item(ls, n);
            else
                layout_exit_item(ls);
            descend = true;
            break;
        case NASHRA_NODE_CALLOUT:
            if (enter)
                layout_enter_callout(ls, n);
            else
                layout_exit_callout(ls);
            descend = true;
            break;
        case NASHRA_NODE_DIV: /* transparent for now: its blocks as if in its place */
            descend = true;
            break;
        case NASHRA_NODE_FOOTNOTE_DEF:
            if (enter && n != root)
                g_ptr_array_add(ls->notes, n);
            break;
        case NASHRA_NODE_PARAGRAPH:
            if (enter)
                layout_paragraph(ls, n);
            break;
        case NASHRA_NODE_HEADING:
            if (enter)
                layout_heading(ls, n);
            break;
        case NASHRA_NODE_CODE_BLOCK:
            if (enter)
                layout_code_block(ls, n);
            break;
        case NASHRA_NODE_THEMATIC_BREAK:
            if (enter)
                layout_thematic_break(ls);
            break;
        case NASHRA_NODE_TABLE:
            if (enter)
                layout_table(ls, n);
            break;
        case NASHRA_NODE_FIGURE:
            if (enter)
                layout_figure(ls, n);
            break;
        case NASHRA_NODE_ATTRIBUTION:
            if (enter)
                layout_attribution(ls, n);
            break;
        case NASHRA_NODE_HTML_BLOCK:
            if (enter)
                nashra_diag_report(ls->diag, NASHRA_WARNING, n->start.line, n->start.col,
                               "raw HTML block dropped in PDF output");
            break;
        default:
            break;
        }
        if (enter && !descend && nashra_node_kind_is_container(n->kind))
            nashra_iter_skip_children(&it);
    }
    ls->block = outer;
}

/* ---- pages --------------------------------------------------------------------------------- */

static void layout_fitem_clear(struct layout_fitem *fi)
{
    if (fi->it.line)
        pango_layout_line_unref(fi->it.line);
    g_free(fi->it.uri);
    g_free(fi->it.dest);
    g_free(fi->it.path);
    if (fi->it.data)
        g_bytes_unref(fi->it.data);
}

enum { PT_START, PT_CENTRE, PT_END };

/* TEXT (LEN bytes) in font FD, wrapped at WIDTH (-1: not wrapped). */
static PangoLayout *layout_page_layout(struct layout_state *ls, const PangoFontDescription *fd,
                                       const char *text, size_t len, double width)
{
    PangoLayout *pl = layout_new_text(ls, ls->ctx, fd, width);
    if (width < 0)
        pango_layout_set_width(pl, -1);
    pango_layout_set_text(pl, text, (int)len);
    PangoAttrList *attrs = pango_attr_list_new();
    layout_arabic_no_kern(text, len, attrs);
    pango_layout_set_attributes(pl, attrs);
    pango_attr_list_unref(attrs);
    return pl;
}

/* A one-line text item of TEXT at (X, BASELINE): X is its start edge in the document's
 * direction (PT_START: its right edge in RTL), its middle (PT_CENTRE) or its end edge (PT_END).
 * Returns its width. Text wider than the text column is cut where the column ends, with an
 * ellipsis, and only its first LAYOUT_PAGE_TEXT_MAX characters are shaped: a running head with
 * a title of the longest allowed length is set on every page. */
static double layout_page_text(struct layout_state *ls, struct nashra_page *page, const char *text,
                               double size, struct nashra_rgb c, double x, double baseline,
                               int anchor)
{
    PangoFontDescription *fd = layout_font(ls->st->header_font, size, PANGO_WEIGHT_NORMAL);
    const char *end = text;
    for (int i = 0; i < LAYOUT_PAGE_TEXT_MAX && *end; i++)
        end = g_utf8_next_char(end);
    PangoLayout *pl = layout_page_layout(ls, fd, text, (size_t)(end - text), ls->right - ls->left);
    if (pango_layout_get_line_count(pl) > 1) {
        /* Pango's own ellipsis is a glyph with no text behind it in the PDF: the text is cut a
         * character before the first line ends and given a real one. */
        PangoLayoutLine *first = pango_layout_get_line_readonly(pl, 0);
        const char *cut = g_utf8_find_prev_char(text, text + first->start_index + first->length);
        GString *s = g_string_new_len(text, cut ? cut - text : 0);
        while (s->len && s->str[s->len - 1] == ' ')
            g_string_truncate(s, s->len - 1);
        g_string_append(s, "\u2026");
        g_object_unref(pl);
        pl = layout_page_layout(ls, fd, s->str, s->len, -1);
        g_string_free(s, TRUE);
    }
    g_ptr_array_add(ls->layouts, pl);
    PangoLayoutLine *ln = pango_layout_get_line_readonly(pl, 0);
    double w = ln ? layout_line_width(ln) / (double)PANGO_SCALE : 0;
    if (ln) {
        double left = anchor == PT_CENTRE ? x - w / 2
                      : (anchor == PT_START) == ls->rtl ? x - w
                                                        : x;
        struct nashra_item it = {.kind = NASHRA_ITEM_LINE, .x = left, .y = baseline, .w = w,
                                 .h = size * 1.4, .r = c.r, .g = c.g, .b = c.b,
                                 .line = pango_layout_line_ref(ln)};
        g_array_append_val(page->items, it);
    }
    pango_font_description_free(fd);
    return w;
}

/* The variables of header and footer patterns for page N of TOTAL. */
static GHashTable *layout_page_vars(struct layout_state *ls, int n, int total)
{
    const struct nashra_meta *m = &ls->doc->meta;
    GHashTable *v = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    g_hash_table_insert(v, "title", g_strdup(m->title ? m->title : ""));
    /* The short title: the title up to a colon, else the whole title. */
    char *st = g_strdup(m->title ? m->title : "");
    static const char *const cuts[] = {":", "\xD8\x9B" /* ؛ */, " \xE2\x80\x94 " /* — */};
    for (size_t i = 0; i < G_N_ELEMENTS(cuts); i++) {
        char *cut = strstr(st, cuts[i]);
        if (cut && cut > st)
            *cut = '\0';
    }
    g_strstrip(st);
    g_hash_table_insert(v, "short-title", st);
    g_hash_table_insert(v, "source", g_strdup(m->source ? m->source : ""));
    g_hash_table_insert(v, "series", g_strdup(m->series ? m->series : ""));
    g_hash_table_insert(v, "number",
                        m->number ? nashra_apply_digits(m->number, ls->digits) : g_strdup(""));
    char *date = layout_date(ls);
    g_hash_table_insert(v, "date", date ? date : g_strdup(""));
    g_hash_table_insert(v, "page", layout_number(ls, n));
    g_hash_table_insert(v, "pages", layout_number(ls, total));
    return v;
}

/* The default running head: the series (else the publication), a dash, the short title. */
static const char *layout_default_header(const struct nashra_meta *m)
{
    bool lead = (m->series && *m->series) || (m->source && *m->source);
    bool title = m->title && *m->title;
    if (m->series && *m->series)
        return title ? "{series} \u2014 {short-title}" : "{series}";
    return lead ? (title ? "{source} \u2014 {short-title}" : "{source}") : "{short-title}";
}

/* Running head (from page style->header_from), foot on every page, and the license line on
 * the last page, in the margins. */
static void layout_page_furniture(struct layout_state *ls, struct nashra_page *page, int n,
                                   int total)
{
    const struct nashra_style *st = ls->st;
    const struct nashra_meta *m = &ls->doc->meta;
    GHashTable *vars = layout_page_vars(ls, n, total);
    double start_x = ls->rtl ? ls->right : ls->left;
    if (st->header_from > 0 && n >= st->header_from && !(st->cover && n == 1)) {
        const char *pat = st->header_pattern ? st->header_pattern : layout_default_header(m);
        char *head = nashra_expand_pattern(pat, vars);
        g_strstrip(head);
        if (*head) {
            double base = st->margin_top * 0.55;
            layout_page_text(ls, page, head, st->header_size, st->muted, start_x, base,
                             PT_START);
            if (st->header_rule) {
                struct nashra_item r = {.kind = NASHRA_ITEM_RULE, .x = ls->left,
                                        .y = base + st->header_size * 0.55,
                                        .w = ls->right - ls->left, .h = 0.5, .r = st->rule.r,
                                        .g = st->rule.g, .b = st->rule.b};
                g_array_append_val(page->items, r);
            }
        }
        g_free(head);
    }
    if (!(st->cover && n == 1)) {
        const char *pat = st->footer_pattern ? st->footer_pattern
                                             : nashra_text(ls->lang, NASHRA_TEXT_PAGE_OF);
        char *foot = nashra_expand_pattern(pat, vars);
        g_strstrip(foot);
        if (*foot)
            layout_page_text(ls, page, foot, st->header_size, st->muted, st->page_width / 2,
                             st->page_height - st->margin_bottom * 0.45, PT_CENTRE);
        g_free(foot);
    }
    if (n == total && m->license && *m->license) {
        /* Over the foot, below the text area, on the start side. */
        double base = st->page_height - st->margin_bottom * 0.45 - st->header_size * 1.9;
        layout_page_text(ls, page, m->license, st->header_size * 0.9, st->muted, start_x, base,
                         PT_START);
    }
    g_hash_table_destroy(vars);
}

/* The contents rows get their headings' page numbers at the end side, and a link over the row
 * to the heading's destination. */
static void layout_number_contents(struct layout_state *ls, struct nashra_pages *pages,
                                   const int *page_of, const double *y_of)
{
    for (guint i = 0; ls->toc && i < ls->toc->len; i++) {
        const struct layout_toc_slot *t = &g_array_index(ls->toc, struct layout_toc_slot, i);
        if (t->entry >= (int)ls->outline->len || t->line >= (int)ls->lines->len)
            continue;
        const struct nashra_outline_entry *e =
            &g_array_index(ls->outline, struct nashra_outline_entry, t->entry);
        struct nashra_page *pg = g_ptr_array_index(pages->pages, page_of[t->line]);
        double top = ls->st->margin_top + y_of[t->line];
        const struct layout_fline *fl = &g_array_index(ls->lines, struct layout_fline, t->line);
        char *num = layout_number(ls, page_of[e->page] + 1);
        layout_page_text(ls, pg, num, t->size, ls->st->text, ls->rtl ? t->left : t->right,
                         top + t->baseline, PT_END);
        g_free(num);
        struct nashra_item link = {.kind = NASHRA_ITEM_LINK, .x = t->left, .y = top,
                                   .w = t->right - t->left, .h = fl->height,
                                   .dest = g_strdup(e->dest)};
        g_array_append_val(pg->items, link);
    }
}

/* Copies of a table's header lines on each page its block continues on, in the room that
 * pagination left above the page's first row. Destinations are not copied (names are unique). */
static void layout_repeat_header(struct layout_state *ls, struct nashra_pages *pages,
                                 const struct layout_fblock *lb, const int *page_of,
                                 const double *y_of)
{
    int rep = lb->repeat_lines, first = lb->first_line;
    if (rep <= 0 || rep >= lb->n_lines)
        return;
    double rep_h = 0;
    for (int j = 0; j < rep; j++)
        rep_h += g_array_index(ls->lines, struct layout_fline, first + j).height;
    for (int i = first + rep; i < first + lb->n_lines; i++) {
        if (page_of[i] == page_of[i - 1] || y_of[i] < rep_h - 1e-6)
            continue;
        struct nashra_page *pg = g_ptr_array_index(pages->pages, page_of[i]);
        double top = ls->st->margin_top + y_of[i] - rep_h;
        for (int j = 0; j < rep; j++) {
            const struct layout_fline *fl =
                &g_array_index(ls->lines, struct layout_fline, first + j);
            for (guint k = 0; k < fl->items->len; k++) {
                struct nashra_item it = g_array_index(fl->items, struct layout_fitem, k).it;
                if (it.kind == NASHRA_ITEM_DEST)
                    continue;
                it.y += top;
                if (it.line)
                    pango_layout_line_ref(it.line);
                it.uri = g_strdup(it.uri);
                it.dest = g_strdup(it.dest);
                it.path = g_strdup(it.path);
                if (it.data)
                    g_bytes_ref(it.data);
                g_array_append_val(pg->items, it);
            }
            top += fl->height;
        }
    }
}

/* The room above a page's note area: the rule in its middle. */
#define LAYOUT_NOTE_SEP 14.0

/* The foot notes for pagination, in ls->foot_notes' order sorted (stably) by the flow line of
 * their first call: the line with the fnref-N destination; a note called in another note goes
 * with that note, one whose call is nowhere follows the note before it. ls->foot_notes is sorted
 * the same way, so that the notes' lines stay in the order pagination places them. */
static void layout_note_calls(struct layout_state *ls, struct nashra_flow_note *out,
                              double *heights)
{
    int n_notes = (int)ls->foot_notes->len;
    int body_end = g_array_index(ls->foot_notes, struct layout_note, 0).first;
    int total = (int)ls->lines->len;
    GHashTable *call = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, NULL);
    for (int i = 0; i < total; i++) {
        const struct layout_fline *fl = &g_array_index(ls->lines, struct layout_fline, i);
        for (guint k = 0; k < fl->items->len; k++) {
            const struct nashra_item *it = &g_array_index(fl->items, struct layout_fitem, k).it;
            if (it->kind == NASHRA_ITEM_DEST && it->dest && g_str_has_prefix(it->dest, "fnref-"))
                g_hash_table_insert(call, it->dest, GINT_TO_POINTER(i + 1));
        }
    }
    /* NOTE_OF: for each note line, its note. A call inside a note puts the called note on the
     * page of the calling note's call (resolved in a few passes for chains). */
    int *note_of = g_new(int, MAX(total - body_end, 1));
    int *call_at = g_new(int, n_notes);
    for (int i = 0; i < n_notes; i++) {
        const struct layout_note *nt = &g_array_index(ls->foot_notes, struct layout_note, i);
        for (int j = 0; j < nt->n_lines; j++)
            note_of[nt->first - body_end + j] = i;
        char *name = g_strdup_printf("fnref-%d", nt->index);
        call_at[i] = GPOINTER_TO_INT(g_hash_table_lookup(call, name)) - 1;
        g_free(name);
        out[i] = (struct nashra_flow_note){call_at[i] < body_end ? call_at[i] : -1, nt->n_lines,
                                           heights + nt->first};
    }
    for (int pass = 0; pass < 4; pass++)
        for (int i = 0; i < n_notes; i++)
            if (out[i].call_line < 0 && call_at[i] >= body_end)
                out[i].call_line = out[note_of[call_at[i] - body_end]].call_line;
    int prev = -1;
    for (int i = 0; i < n_notes; i++) {
        if (out[i].call_line < 0)
            out[i].call_line = prev >= 0 ? prev : body_end - 1;
        prev = out[i].call_line;
    }
    g_free(call_at);
    g_free(note_of);
    g_hash_table_destroy(call);
    /* Sorted by call; the notes' flow lines must follow the same order. */
    bool sorted = true;
    for (int i = 1; i < n_notes; i++)
        sorted = sorted && out[i - 1].call_line <= out[i].call_line;
    if (sorted)
        return;
    struct nashra_flow_note *by_call = g_memdup2(out, sizeof *out * n_notes);
    struct layout_note *spans = g_memdup2(ls->foot_notes->data, sizeof *spans * n_notes);
    int *order = g_new(int, n_notes);
    for (int i = 0; i < n_notes; i++)
        order[i] = i;
    for (int i = 1; i < n_notes; i++) /* insertion sort: stable, and notes are few */
        for (int j = i; j > 0 && by_call[order[j - 1]].call_line > by_call[order[j]].call_line;
             j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    int n_lines = (int)ls->lines->len - body_end;
    struct layout_fline *fl =
        g_memdup2(&g_array_index(ls->lines, struct layout_fline, body_end), sizeof *fl * n_lines);
    double *h = g_memdup2(heights + body_end, sizeof *h * n_lines);
    double *hout = heights;
    int at = body_end;
    for (int i = 0; i < n_notes; i++) {
        const struct layout_note *sp = &spans[order[i]];
        for (int j = 0; j < sp->n_lines; j++) {
            g_array_index(ls->lines, struct layout_fline, at + j) = fl[sp->first - body_end + j];
            hout[at + j] = h[sp->first - body_end + j];
        }
        out[i] = (struct nashra_flow_note){by_call[order[i]].call_line, sp->n_lines, hout + at};
        g_array_index(ls->foot_notes, struct layout_note, i) =
            (struct layout_note){sp->index, at, sp->n_lines};
        at += sp->n_lines;
    }
    g_free(fl);
    g_free(h);
    g_free(order);
    g_free(spans);
    g_free(by_call);
}

/* Above each page's note area, a short rule on the document's start side; a full-width rule
 * when the area begins with a note continued from the page before. */
static void layout_note_rules(struct layout_state *ls, struct nashra_pages *pages,
                              const int *page_of, const double *y_of)
{
    int first = g_array_index(ls->foot_notes, struct layout_note, 0).first;
    int total = (int)ls->lines->len;
    int last_page = -1;
    for (int i = first; i < total; i++) {
        if (page_of[i] == last_page)
            continue;
        last_page = page_of[i];
        bool cont = i > first && page_of[i - 1] < page_of[i];
        for (guint k = 0; cont && k < ls->foot_notes->len; k++)
            if (g_array_index(ls->foot_notes, struct layout_note, k).first == i)
                cont = false; /* a note's first line: not a continuation */
        double w = cont ? ls->right - ls->left : MIN(110, (ls->right - ls->left) / 4);
        struct nashra_item rule = {.kind = NASHRA_ITEM_RULE,
                                   .x = ls->rtl ? ls->right - w : ls->left,
                                   .y = ls->st->margin_top + y_of[i] - LAYOUT_NOTE_SEP / 2,
                                   .w = w,
                                   .h = cont ? 0.5 : 0.7,
                                   .r = 0.4,
                                   .g = 0.4,
                                   .b = 0.45};
        g_array_append_val(
            ((struct nashra_page *)g_ptr_array_index(pages->pages, page_of[i]))->items, rule);
    }
}

/* The first occurrence of C in the source at or after BLOCK's start (in the whole source when
 * BLOCK is NULL: the title block and other text from the front matter); its start, or no
 * position, when the text was not written there (an entity, a -M value). */
static void layout_locate_char(const struct layout_state *ls, const struct nashra_node *block,
                               gunichar c, int *line, int *col)
{
    const struct nashra_diag *d = ls->diag;
    *line = block ? block->start.line : 0;
    *col = block ? block->start.col : 0;
    if (!d->source)
        return;
    char enc[6];
    int n = g_unichar_to_utf8(c, enc);
    size_t from = block ? block->start.offset : 0;
    size_t to = block && block->end.offset > from ? block->end.offset : d->source_len;
    to = MIN(to + (size_t)n, d->source_len); /* END is the last character's start */
    if (from >= to)
        return;
    const char *hit = memmem(d->source + from, to - from, enc, (size_t)n);
    if (hit)
        nashra_diag_locate(d, (size_t)(hit - d->source), line, col);
}

/* Tofu: counts the glyphs no font could draw on a placed line, and reports each character once,
 * where it first is in the source and on which page. Pango marks such glyphs with the
 * character itself. */
static void layout_report_tofu(struct layout_state *ls, const struct layout_fitem *fi, int page,
                               GHashTable *seen)
{
    for (GSList *r = fi->it.line->runs; r; r = r->next) {
        const PangoGlyphString *gs = ((PangoGlyphItem *)r->data)->glyphs;
        for (int g = 0; g < gs->num_glyphs; g++) {
            PangoGlyph glyph = gs->glyphs[g].glyph;
            gunichar c = glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
            if (!(glyph & PANGO_GLYPH_UNKNOWN_FLAG))
                continue;
            ls->unknown_glyphs++;
            if (c > 0x10FFFF || g_hash_table_contains(seen, GUINT_TO_POINTER(c)))
                continue;
            g_hash_table_add(seen, GUINT_TO_POINTER(c));
            int line, col;
            layout_locate_char(ls, fi->block, c, &line, &col);
            char shown[8] = "";
            if (g_unichar_isgraph(c)) {
                shown[0] = ' ';
                shown[1] = '\'';
                int n = g_unichar_to_utf8(c, shown + 2);
                shown[2 + n] = '\'';
                shown[3 + n] = 0;
            }
            nashra_diag_report(ls->diag, NASHRA_WARNING, line, col, "no font has U+%04X%s (page %d)",
                               c, shown, page + 1);
        }
    }
}

static void layout_place(struct layout_state *ls, struct nashra_pages *pages)
{
    int n_lines = (int)ls->lines->len, n_blocks = (int)ls->blocks->len;
    double *heights = g_new(double, MAX(n_lines, 1));
    double *y_of = g_new(double, MAX(n_lines, 1));
    int *page_of = g_new(int, MAX(n_lines, 1));
    struct nashra_flow_block *fb = g_new0(struct nashra_flow_block, MAX(n_blocks, 1));
    for (int i = 0; i < n_lines; i++)
        heights[i] = g_array_index(ls->lines, struct layout_fline, i).height;
    for (int b = 0; b < n_blocks; b++) {
        const struct layout_fblock *lb = &g_array_index(ls->blocks, struct layout_fblock, b);
        fb[b] = (struct nashra_flow_block){lb->n_lines,      heights + lb->first_line,
                                           lb->space_before, lb->keep_with_next,
                                           lb->breakable,    lb->repeat_lines,
                                           lb->break_before};
    }
    double text_h = ls->st->page_height - ls->st->margin_top - ls->st->margin_bottom;
    int n_notes = ls->foot_notes ? (int)ls->foot_notes->len : 0;
    struct nashra_flow_note *fnotes = g_new0(struct nashra_flow_note, MAX(n_notes, 1));
    struct nashra_note_flow nf = {0};
    if (ls->foot_notes) {
        n_blocks = ls->n_body_blocks;
        layout_note_calls(ls, fnotes, heights);
        int first = g_array_index(ls->foot_notes, struct layout_note, 0).first;
        nf = (struct nashra_note_flow){.notes = fnotes,
                                       .n_notes = n_notes,
                                       .separator = LAYOUT_NOTE_SEP,
                                       .gap = 3,
                                       .min_fill = 2.0 / 3,
                                       .max_share = 0.5,
                                       .page_of = page_of + first,
                                       .y_of = y_of + first};
    }
    int n_pages = nashra_paginate_notes(fb, n_blocks, text_h, text_h, &nf, page_of, y_of);
    for (int p = 0; p < n_pages; p++) {
        struct nashra_page *pg = g_new0(struct nashra_page, 1);
        pg->items = g_array_new(FALSE, TRUE, sizeof(struct nashra_item));
        g_ptr_array_add(pages->pages, pg);
    }
    for (int b = 0; b < n_blocks; b++)
        layout_repeat_header(ls, pages, &g_array_index(ls->blocks, struct layout_fblock, b),
                             page_of, y_of);
    GHashTable *warned = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *tofu = g_hash_table_new(g_direct_hash, g_direct_equal);
    const struct layout_fline *prev = NULL;
    int prev_page = -1;
    double prev_bottom = 0;
    for (int i = 0; i < n_lines; i++) {
        struct layout_fline *fl = &g_array_index(ls->lines, struct layout_fline, i);
        struct nashra_page *pg = g_ptr_array_index(pages->pages, page_of[i]);
        double top = ls->st->margin_top + y_of[i];
        for (guint k = 0; k < fl->items->len; k++) {
            struct layout_fitem *fi = &g_array_index(fl->items, struct layout_fitem, k);
            fi->it.y += top;
            if (fi->it.kind == NASHRA_ITEM_LINE && fi->it.line)
                layout_report_tofu(ls, fi, page_of[i], tofu);
            if (fi->bar && prev && prev_page == page_of[i]) {
                for (guint j = 0; j < prev->items->len; j++)
                    if (g_array_index(prev->items, struct layout_fitem, j).bar == fi->bar) {
                        fi->it.h += fi->it.y - prev_bottom;
                        fi->it.y = prev_bottom;
                        break;
                    }
            }
            if (fi->it.kind == NASHRA_ITEM_LINK && fi->it.dest &&
                !g_hash_table_contains(ls->dests, fi->it.dest)) {
                if (!g_hash_table_contains(warned, fi->it.dest)) {
                    g_hash_table_add(warned, fi->it.dest);
                    nashra_diag_report(ls->diag, NASHRA_WARNING, fi->src.line, fi->src.col,
                                       "link to '#%s': no heading has this id", fi->it.dest);
                }
                continue; /* freed with the flow */
            }
            g_array_append_val(pg->items, fi->it);
            fi->it = (struct nashra_item){0};
        }
        prev = fl;
        prev_page = page_of[i];
        prev_bottom = top + fl->height;
    }
    for (int p = 0; p < n_pages; p++)
        layout_page_furniture(ls, g_ptr_array_index(pages->pages, p), p + 1, n_pages);
    layout_number_contents(ls, pages, page_of, y_of);
    if (ls->foot_notes)
        layout_note_rules(ls, pages, page_of, y_of);
    for (guint k = 0; k < ls->outline->len; k++) {
        struct nashra_outline_entry *e = &g_array_index(ls->outline, struct nashra_outline_entry, k);
        e->page = page_of[e->page];
    }
    g_hash_table_destroy(warned);
    g_hash_table_destroy(tofu);
    g_free(fnotes);
    g_free(fb);
    g_free(page_of);
    g_free(y_of);
    g_free(heights);
}

/* ---- entry points -------------------------------------------------------------------------- */

static PangoContext *layout_ltr_context(nashra_context_fn new_context)
{
    PangoContext *ltr = new_context();
    pango_context_set_base_dir(ltr, PANGO_DIRECTION_LTR);
    pango_context_set_language(ltr, pango_language_from_string("en"));
    return ltr;
}

struct nashra_pages *nashra_layout(const struct nashra_doc *doc, nashra_context_fn new_context,
                                   const struct nashra_style *style, struct nashra_diag *diag)
{
    if (!doc || !doc->root || !new_context || !style)
        return NULL;
    PangoContext *context = new_context();
    struct layout_state ls = {.doc = doc,
                              .st = style,
                              .diag = diag,
                              .ctx = context,
                              .new_context = new_context,
                              .next_gap = -1,
                              .size = style->body_size};
    ls.rtl = nashra_doc_direction(doc) == NASHRA_DIR_RTL;
    ls.dir_rule = nashra_block_rule(doc);
    ls.lang = doc->meta.lang && *doc->meta.lang ? doc->meta.lang : (ls.rtl ? "ar" : "en");
    ls.digits = nashra_resolve_digits(ls.lang, doc->meta.digits);
    pango_context_set_base_dir(context, ls.rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
    pango_context_set_language(context, pango_language_from_string(ls.lang));
    ls.ltr_ctx = layout_ltr_context(new_context);
    ls.left = ls.rtl ? style->margin_end : style->margin_start;
    ls.right = style->page_width - (ls.rtl ? style->margin_start : style->margin_end);
    ls.lines = g_array_new(FALSE, FALSE, sizeof(struct layout_fline));
    ls.blocks = g_array_new(FALSE, FALSE, sizeof(struct layout_fblock));
    ls.stack = g_array_new(FALSE, FALSE, sizeof(struct layout_container));
    ls.layouts = g_ptr_array_new_with_free_func(g_object_unref);
    ls.outline = g_array_new(FALSE, FALSE, sizeof(struct nashra_outline_entry));
    ls.dests = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    ls.notes = g_ptr_array_new();
    ls.n_body_blocks = -1;

    layout_title_block(&ls);
    if (style->contents)
        layout_contents(&ls);
    layout_walk(&ls, doc->root);
    if (style->endnotes)
        layout_notes(&ls, false);
    layout_cite_box(&ls);
    if (!style->endnotes)
        layout_notes(&ls, true);

    struct nashra_pages *pages = g_new0(struct nashra_pages, 1);
    pages->page_width = style->page_width;
    pages->page_height = style->page_height;
    pages->pages = g_ptr_array_new();
    layout_place(&ls, pages);
    pages->outline = ls.outline;
    pages->unknown_glyphs = ls.unknown_glyphs;
    pages->layouts = ls.layouts;

    for (guint i = 0; i < ls.lines->len; i++) {
        struct layout_fline *fl = &g_array_index(ls.lines, struct layout_fline, i);
        for (guint k = 0; k < fl->items->len; k++)
            layout_fitem_clear(&g_array_index(fl->items, struct layout_fitem, k));
        g_array_free(fl->items, TRUE);
    }
    g_array_free(ls.lines, TRUE);
    g_array_free(ls.blocks, TRUE);
    g_array_free(ls.stack, TRUE);
    g_hash_table_destroy(ls.dests);
    g_ptr_array_free(ls.notes, TRUE);
    if (ls.foot_notes)
        g_array_free(ls.foot_notes, TRUE);
    if (ls.toc)
        g_array_free(ls.toc, TRUE);
    g_free(ls.marker_dest);
    g_free(ls.pending_dest);
    g_object_unref(ls.ltr_ctx);
    g_object_unref(context);
    if (ls.flip_ctx)
        g_object_unref(ls.flip_ctx);
    if (ls.failed) {
        nashra_pages_free(pages);
        return NULL;
    }
    return pages;
}

void nashra_pages_free(struct nashra_pages *pages)
{
    if (!pages)
        return;
    for (guint p = 0; pages->pages && p < pages->pages->len; p++) {
        struct nashra_page *pg = g_ptr_array_index(pages->pages, p);
        for (guint k = 0; k < pg->items->len; k++) {
            struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, k);
            if (it->line)
                pango_layout_line_unref(it->line);
            g_free(it->uri);
            g_free(it->dest);
            g_free(it->path);
            if (it->data)
                g_bytes_unref(it->data);
        }
        g_array_free(pg->items, TRUE);
        g_free(pg);
    }
    if (pages->pages)
        g_ptr_array_free(pages->pages, TRUE);
    for (guint k = 0; pages->outline && k < pages->outline->len; k++) {
        struct nashra_outline_entry *e = &g_array_index(pages->outline, struct nashra_outline_entry, k);
        g_free(e->title);
        g_free(e->dest);
    }
    if (pages->outline)
        g_array_free(pages->outline, TRUE);
    if (pages->layouts)
        g_ptr_array_free(pages->layouts, TRUE);
    g_free(pages);
}
