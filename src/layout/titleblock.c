/* The masthead on page 1: series and number, title, subtitle, byline, affiliations, date and
 * source attribution from the front matter, in the document's language and digits, drawn as
 * the style says (a tinted box, plain, or nothing); then the summary box. Every generated word
 * comes from the l10n table. */
#include <math.h>
#include <string.h>

#include "layout/layout_int.h"
#include "util/l10n.h"

#define TB_FSI "\xE2\x81\xA8"
#define TB_PDI "\xE2\x81\xA9"

bool layout_arabic(const struct layout_state *ls)
{
    return nashra_lang_matches(ls->lang, "ar");
}

void layout_text_line(struct layout_state *ls, const char *text, const char *family, double size,
                      PangoWeight weight, struct nashra_rgb c, enum layout_align align,
                      double left, double right, double pad_top, size_t link_start,
                      const char *uri)
{
    PangoFontDescription *fd = layout_font(family, size, weight);
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    GArray *links = g_array_new(FALSE, FALSE, sizeof(struct layout_link));
    size_t len = strlen(text);
    if (uri && *uri && link_start < len) {
        /* The link ends at the isolate that closes the linked name, or at the end. */
        const char *pdi = strstr(text + link_start, TB_PDI);
        size_t end = pdi ? (size_t)(pdi - text) + strlen(TB_PDI) : len;
        PangoAttribute *a = pango_attr_foreground_new((guint16)(ls->st->accent.r * 65535),
                                                      (guint16)(ls->st->accent.g * 65535),
                                                      (guint16)(ls->st->accent.b * 65535));
        a->start_index = (guint)link_start;
        a->end_index = (guint)end;
        pango_attr_list_insert(attrs, a);
        struct layout_link l = {(int)link_start, (int)end, g_strdup(uri), NULL, {0}, NULL};
        g_array_append_val(links, l);
    }
    layout_arabic_no_kern(text, len, attrs);
    struct layout_block_opts o = {.align = align, .pitch = size * 1.5, .pad_top = pad_top,
                                  .left = left, .right = right, .links = links,
                                  .r = c.r, .g = c.g, .b = c.b};
    /* As the body's long paragraphs: Pango alone takes time quadratic in the length of a word
     * it wraps (a summary, a byline of many names, a title of one long word). */
    if (layout_text_is_long(text, len)) {
        layout_long_text(ls, fd, text, len, attrs, links, &o);
    } else {
        PangoLayout *pl = layout_new_text(ls, ls->ctx, fd, right - left);
        pango_layout_set_text(pl, text, (int)len);
        pango_layout_set_attributes(pl, attrs);
        layout_add_lines(ls, pl, NULL, &o);
    }
    layout_links_clear(links);
    g_array_free(links, TRUE);
    pango_attr_list_unref(attrs);
    pango_font_description_free(fd);
}

/* A flow line of HEIGHT with the masthead's tint behind it (box style). */
static void tb_spacer(struct layout_state *ls, double height)
{
    layout_line_decorations(ls, layout_new_line(ls, height), &(struct layout_block_opts){0});
}

static void tb_summary(struct layout_state *ls)
{
    layout_tinted_box(ls, nashra_text(ls->lang, NASHRA_TEXT_SUMMARY), ls->doc->meta.summary,
                      ls->st->body_size * 0.96, ls->doc->meta.body_digits, 14);
}

void layout_title_block(struct layout_state *ls)
{
    const struct nashra_meta *m = &ls->doc->meta;
    const struct nashra_style *st = ls->st;
    bool has_summary = m->summary && *m->summary && st->summary_box;
    if (st->masthead == NASHRA_MASTHEAD_NONE) {
        if (has_summary)
            tb_summary(ls);
        return;
    }
    /* The lines' text is the resolve stage's, which the HTML page shows too. */
    const char *series = st->masthead_series ? m->resolved.series : NULL;
    const char *byline = m->resolved.byline, *affil = m->resolved.affiliations;
    const char *date = m->resolved.date, *source = m->resolved.source;
    size_t link_start = m->resolved.source_name[0];
    if (!series && !m->title && !m->subtitle && !byline && !date && !source) {
        if (has_summary)
            tb_summary(ls);
        return;
    }
    bool box = st->masthead == NASHRA_MASTHEAD_BOX;
    double left = ls->left, right = ls->right;
    double cover_drop = st->cover ? (st->page_height - st->margin_top - st->margin_bottom) * 0.22
                                  : 0;
    layout_block_begin(ls, 0);
    if (cover_drop > 0)
        layout_new_line(ls, cover_drop);
    if (box) {
        /* A band of the accent colour on top, then the tinted box; the text inset. */
        struct layout_fline *fl = layout_new_line(ls, 4);
        struct layout_fitem band = {.it = {.kind = NASHRA_ITEM_RULE, .x = left, .y = 0,
                                           .w = right - left, .h = 4, .r = st->accent.r,
                                           .g = st->accent.g, .b = st->accent.b}};
        layout_fline_add(fl, &band);
        struct layout_container c = {.kind = LAYOUT_C_CALLOUT, .left = left + 14,
                                     .right = right - 14, .box_left = left, .box_right = right};
        /* The tint: 1 - (1 - colour) * 0.09 of the accent, as callouts compute it. */
        c.r = st->accent.r, c.g = st->accent.g, c.b = st->accent.b;
        c.tint = ++ls->n_bars;
        c.bar = ++ls->n_bars;
        c.no_bar = true;
        c.own_tint = true;
        c.tint_rgb = st->tint;
        g_array_append_val(ls->stack, c);
        left += 14;
        right -= 14;
        tb_spacer(ls, 10);
    }
    double pad = 0;
    double scale = st->cover ? 1.15 : 1;
    if (series) {
        layout_elem_open(ls, NASHRA_ELEM_P);
        layout_text_line(ls, series, layout_family(ls, NASHRA_FONT_TITLE), st->masthead_size,
                         PANGO_WEIGHT_BOLD, st->accent, LAYOUT_START, left, right, 0, 0, NULL);
        layout_elem_close(ls);
        pad = 6;
    }
    if (m->title) {
        layout_elem_open(ls, NASHRA_ELEM_H1);
        layout_text_line(ls, m->title, layout_family(ls, NASHRA_FONT_TITLE), st->title_size * scale,
                         PANGO_WEIGHT_BOLD, st->text, LAYOUT_START, left, right, pad, 0, NULL);
        layout_elem_close(ls);
        pad = 3;
    }
    if (m->subtitle) {
        layout_elem_open(ls, NASHRA_ELEM_P);
        layout_text_line(ls, m->subtitle, layout_family(ls, NASHRA_FONT_TITLE),
                         st->subtitle_size * scale, PANGO_WEIGHT_NORMAL, st->muted, LAYOUT_START,
                         left, right, pad, 0, NULL);
        layout_elem_close(ls);
        pad = 3;
    }
    if (byline) {
        layout_elem_open(ls, NASHRA_ELEM_P);
        layout_text_line(ls, byline, layout_family(ls, NASHRA_FONT_BODY), st->byline_size,
                         PANGO_WEIGHT_BOLD, st->text, LAYOUT_START, left, right, pad + 7, 0, NULL);
        layout_elem_close(ls);
        pad = 0;
    }
    if (affil) {
        layout_elem_open(ls, NASHRA_ELEM_P);
        layout_text_line(ls, affil, layout_family(ls, NASHRA_FONT_BODY), st->byline_size * 0.85,
                         PANGO_WEIGHT_NORMAL, st->muted, LAYOUT_START, left, right, pad - 2, 0,
                         NULL);
        layout_elem_close(ls);
        pad = 0;
    }
    if (date) {
        layout_elem_open(ls, NASHRA_ELEM_P);
        layout_text_line(ls, date, layout_family(ls, NASHRA_FONT_BODY), st->body_size * 0.92,
                         PANGO_WEIGHT_NORMAL, st->muted, LAYOUT_START, left, right,
                         pad + (byline || affil ? 2 : 6), 0, NULL);
        layout_elem_close(ls);
        pad = 0;
    }
    if (source) {
        layout_elem_open(ls, NASHRA_ELEM_P);
        layout_text_line(ls, source, layout_family(ls, NASHRA_FONT_BODY), st->body_size * 0.92,
                         PANGO_WEIGHT_NORMAL, st->muted, LAYOUT_START, left, right, pad, link_start,
                         m->source_url);
        layout_elem_close(ls);
    }
    if (box) {
        tb_spacer(ls, 10);
        g_array_set_size(ls->stack, ls->stack->len - 1);
    }
    if (st->masthead_rule) {
        struct layout_fline *fl = layout_new_line(ls, box ? 3 : 14);
        struct layout_fitem rule = {.it = {.kind = NASHRA_ITEM_RULE, .x = ls->left,
                                           .y = box ? 0 : 9, .w = ls->right - ls->left,
                                           .h = box ? 1.2 : 0.9, .r = st->accent.r,
                                           .g = st->accent.g, .b = st->accent.b}};
        layout_fline_add(fl, &rule);
    }
    layout_block_end(ls, false, false);
    ls->next_gap = 12;
    if (has_summary)
        tb_summary(ls);
    if (st->cover) {
        /* Whatever follows starts a new page. */
        g_free(ls->pending_dest);
        ls->pending_dest = NULL;
        ls->cover_break = true;
    }
}
