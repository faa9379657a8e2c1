/* Placement: paginates the flow and moves its items onto pages; reports glyphs no font has. */
#include <string.h>

#include "layout/layout_int.h"

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
            /* ISO 19005-2 6.2.11.8 forbids .notdef, and a box of hex digits is not the
             * text an archive copy must carry. */
            if (ls->st->pdfa)
                nashra_diag_report(ls->diag, NASHRA_ERROR, line, col,
                                   "no font has U+%04X%s (page %d): a PDF/A file (%s) draws "
                                   "every character from a font",
                                   c, shown, page + 1, ls->st->pdfa);
            else
                nashra_diag_report(ls->diag, NASHRA_WARNING, line, col,
                                   "no font has U+%04X%s (page %d)", c, shown, page + 1);
        }
    }
}

void layout_place(struct layout_state *ls, struct nashra_pages *pages)
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
