/* Layout: walks the tree block by block, makes one PangoLayout per block, justifies by stretching
 * spaces, and collects the lines in a flow that pagination then places on pages. The entry
 * points; the parts are in flow.c, lines.c, blocks.c, notes.c, furniture.c and place.c. */
#include "layout/layout_int.h"
#include "util/l10n.h"

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
    /* Every direction, the labels' language and digits were decided by the resolve stage. */
    g_return_val_if_fail(doc->meta.resolved.done, NULL);
    ls.rtl = doc->meta.resolved.dir == NASHRA_DIR_RTL;
    ls.dir_rule = doc->meta.resolved.block_rule;
    ls.lang = doc->meta.resolved.lang;
    ls.digits = doc->meta.resolved.digits;
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
    ls.elems = g_array_new(FALSE, FALSE, sizeof(struct nashra_elem));
    layout_elem_add(&ls, NASHRA_ELEM_DOCUMENT, -1);

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
    pages->elems = ls.elems;

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
    layout_elems_free(pages->elems);
    g_free(pages);
}
