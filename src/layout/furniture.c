/* Page furniture, set once pages are known: running heads and foots with their pattern
 * variables, the contents rows' page numbers, a table header repeated on its next pages. */
#include <string.h>

#include "layout/layout_int.h"
#include "util/l10n.h"

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
    PangoFontDescription *fd =
        layout_font(layout_family(ls, NASHRA_FONT_HEADER), size, PANGO_WEIGHT_NORMAL);
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
    GHashTable *v = nashra_page_vars(&ls->doc->meta);
    g_hash_table_insert(v, "page", layout_number(ls, n));
    g_hash_table_insert(v, "pages", layout_number(ls, total));
    return v;
}

/* Running head (from page style->header_from), foot on every page, and the license line on
 * the last page, in the margins. */
void layout_page_furniture(struct layout_state *ls, struct nashra_page *page, int n,
                            int total)
{
    const struct nashra_style *st = ls->st;
    const struct nashra_meta *m = &ls->doc->meta;
    GHashTable *vars = layout_page_vars(ls, n, total);
    double start_x = ls->rtl ? ls->right : ls->left;
    if (st->header_from > 0 && n >= st->header_from && !(st->cover && n == 1)) {
        const char *pat = st->header_pattern ? st->header_pattern : nashra_default_running_head(m);
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
void layout_number_contents(struct layout_state *ls, struct nashra_pages *pages,
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
        guint from = pg->items->len;
        layout_page_text(ls, pg, num, t->size, ls->st->text, ls->rtl ? t->left : t->right,
                         top + t->baseline, PT_END);
        g_free(num);
        for (guint k = from; k < pg->items->len; k++)
            g_array_index(pg->items, struct nashra_item, k).elem = t->elem;
        struct nashra_item link = {.kind = NASHRA_ITEM_LINK, .x = t->left, .y = top,
                                   .w = t->right - t->left, .h = fl->height,
                                   .dest = g_strdup(e->dest), .elem = t->elem};
        g_array_append_val(pg->items, link);
    }
}

/* Copies of a table's header lines on each page its block continues on, in the room that
 * pagination left above the page's first row. Destinations are not copied (names are unique). */
void layout_repeat_header(struct layout_state *ls, struct nashra_pages *pages,
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
                it.elem = 0; /* a repeated header row is not content again */
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
