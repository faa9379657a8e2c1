/* The title block on page 1: title, subtitle, byline, date and source attribution from the
 * front matter, in the document's language, closed by a rule. */
#include <math.h>
#include <string.h>

#include "layout/layout_int.h"

#define TB_FSI "\xE2\x81\xA8"
#define TB_PDI "\xE2\x81\xA9"

static bool tb_arabic(const struct layout_state *ls)
{
    const char *lang = ls->doc->meta.lang;
    if (lang && *lang)
        return g_ascii_strncasecmp(lang, "ar", 2) == 0 &&
               (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
    return ls->rtl;
}

/* Adds one start-aligned element of the block: TEXT in FAMILY at SIZE, with an optional link
 * on bytes [LINK_START, end) to URI. */
static void tb_element(struct layout_state *ls, const char *text, const char *family, double size,
                       PangoWeight weight, double grey, double pad_top, size_t link_start,
                       const char *uri)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, family);
    pango_font_description_set_size(fd, (gint)lround(size * PANGO_SCALE));
    pango_font_description_set_weight(fd, weight);
    PangoLayout *pl = pango_layout_new(ls->ctx);
    pango_layout_set_font_description(pl, fd);
    pango_layout_set_width(pl, (int)lround((ls->right - ls->left) * PANGO_SCALE));
    pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(pl, text, -1);
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    GArray *links = g_array_new(FALSE, FALSE, sizeof(struct layout_link));
    if (uri && *uri) {
        PangoAttribute *a = pango_attr_foreground_new(0x1000, 0x3a00, 0x8c00);
        a->start_index = (guint)link_start;
        a->end_index = (guint)strlen(text);
        pango_attr_list_insert(attrs, a);
        struct layout_link l = {(int)link_start, (int)strlen(text), g_strdup(uri), NULL, 0};
        g_array_append_val(links, l);
    }
    layout_arabic_no_kern(text, strlen(text), attrs);
    pango_layout_set_attributes(pl, attrs);
    struct layout_block_opts o = {.align = LAYOUT_START, .pitch = size * 1.5, .pad_top = pad_top,
                                  .left = ls->left, .right = ls->right, .links = links,
                                  .r = grey, .g = grey, .b = grey};
    if (grey == 0) {
        o.r = 0.07, o.g = 0.15, o.b = 0.3;
    }
    layout_add_lines(ls, pl, NULL, &o);
    layout_links_clear(links);
    g_array_free(links, TRUE);
    pango_attr_list_unref(attrs);
    pango_font_description_free(fd);
}

static char *tb_byline(const struct layout_state *ls)
{
    GPtrArray *a = ls->doc->meta.authors;
    if (!a || a->len == 0)
        return NULL;
    GString *s = g_string_new(NULL);
    bool ar = tb_arabic(ls);
    for (guint i = 0; i < a->len; i++) {
        if (i > 0) {
            /* Arabic "و" joins the next name; English: "A, B and C". */
            if (ar)
                g_string_append(s, " \u0648");
            else
                g_string_append(s, i + 1 == a->len ? " and " : ", ");
        }
        g_string_append(s, g_ptr_array_index(a, i));
    }
    return g_string_free(s, FALSE);
}

void layout_title_block(struct layout_state *ls)
{
    const struct nashra_meta *m = &ls->doc->meta;
    char *byline = tb_byline(ls);
    if (!m->title && !m->subtitle && !byline && !m->date && !m->source) {
        g_free(byline);
        return;
    }
    const struct nashra_style *st = ls->st;
    double pad = 0;
    layout_block_begin(ls, 0);
    if (m->title) {
        tb_element(ls, m->title, st->heading_font, st->body_size * 2, PANGO_WEIGHT_BOLD, 0, pad, 0,
                   NULL);
        pad = 4;
    }
    if (m->subtitle) {
        tb_element(ls, m->subtitle, st->heading_font, st->body_size * 1.2, PANGO_WEIGHT_NORMAL,
                   0.3, pad, 0, NULL);
        pad = 4;
    }
    if (byline) {
        tb_element(ls, byline, st->body_font, st->body_size * 1.1, PANGO_WEIGHT_BOLD, 0.15,
                   pad + 6, 0, NULL);
        pad = 0;
    }
    if (m->date) {
        tb_element(ls, m->date, st->body_font, st->body_size, PANGO_WEIGHT_NORMAL, 0.35, pad, 0,
                   NULL);
        pad = 0;
    }
    if (m->source) {
        /* The source is isolated so a Latin name keeps the colon on the right side. */
        const char *label = tb_arabic(ls) ? "\u0646\u064F\u0634\u0631 \u0641\u064A: "
                                          : "Published in: ";
        char *text = g_strconcat(label, TB_FSI, m->source, TB_PDI, NULL);
        tb_element(ls, text, st->body_font, st->body_size * 0.95, PANGO_WEIGHT_NORMAL, 0.35, pad,
                   strlen(label), m->source_url);
        g_free(text);
    }
    struct layout_fline *fl = layout_new_line(ls, 16);
    struct layout_fitem rule = {.it = {.kind = NASHRA_ITEM_RULE, .x = ls->left, .y = 10,
                                       .w = ls->right - ls->left, .h = 0.9, .r = 0.07, .g = 0.15,
                                       .b = 0.3}};
    layout_fline_add(fl, &rule);
    layout_block_end(ls, false, false);
    ls->next_gap = 10;
    g_free(byline);
}
