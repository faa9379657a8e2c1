/* Notes: laid out as endnotes after the body or as foot-of-page notes, numbered like an
 * ordered list; for pagination, the line of each note's first call and the rules above the
 * note areas. */
#include "layout/layout_int.h"
#include "util/l10n.h"

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
        /* A note hangs from the document; the renderer puts a foot note inside whatever
         * continues past its page (its text is drawn there, after the page's body). */
        int outer = ls->elem;
        ls->elem = 0;
        layout_elem_open(ls, NASHRA_ELEM_NOTE);
        g_array_index(ls->elems, struct nashra_elem, ls->elem).node = def;
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
        ls->elem = outer;
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
void layout_notes(struct layout_state *ls, bool foot)
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
                                       .r = ls->st->notes_rule.r,
                                       .g = ls->st->notes_rule.g,
                                       .b = ls->st->notes_rule.b}};
    layout_fline_add(fl, &rule);
    const char *label = nashra_text(ls->lang, NASHRA_TEXT_NOTES);
    PangoFontDescription *fd = layout_font(layout_family(ls, NASHRA_FONT_HEADING),
                                           ls->st->body_size * 0.95, PANGO_WEIGHT_BOLD);
    PangoLayout *pl = layout_new_text(ls, ls->ctx, fd, ls->right - ls->left);
    pango_layout_set_text(pl, label, -1);
    struct layout_block_opts o = {.align = LAYOUT_START,
                                  .pitch = ls->st->body_size * 1.5,
                                  .left = ls->left,
                                  .right = ls->right,
                                  .r = ls->st->notes_label.r,
                                  .g = ls->st->notes_label.g,
                                  .b = ls->st->notes_label.b};
    layout_elem_open(ls, NASHRA_ELEM_P);
    layout_add_lines(ls, pl, NULL, &o);
    layout_elem_close(ls);
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

/* The foot notes for pagination, in ls->foot_notes' order sorted (stably) by the flow line of
 * their first call: the line with the fnref-N destination; a note called in another note goes
 * with that note, one whose call is nowhere follows the note before it. ls->foot_notes is sorted
 * the same way, so that the notes' lines stay in the order pagination places them. */
void layout_note_calls(struct layout_state *ls, struct nashra_flow_note *out,
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
void layout_note_rules(struct layout_state *ls, struct nashra_pages *pages,
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
                                   .r = ls->st->notes_rule.r,
                                   .g = ls->st->notes_rule.g,
                                   .b = ls->st->notes_rule.b};
        g_array_append_val(
            ((struct nashra_page *)g_ptr_array_index(pages->pages, page_of[i]))->items, rule);
    }
}
