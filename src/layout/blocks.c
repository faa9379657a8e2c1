/* The block builders: one PangoLayout per paragraph, heading or code block, the containers
 * (quotes, lists, callouts) and the walk over the tree that calls them. */
#include <math.h>
#include <string.h>

#include "layout/layout_int.h"
#include "util/l10n.h"

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
    PangoFontDescription *mono =
        layout_font(layout_family(ls, NASHRA_FONT_CODE), mono_size, PANGO_WEIGHT_NORMAL);
    GString *text = g_string_new(prefix);
    PangoAttrList *attrs = pango_attr_list_new();
    GArray *links = g_array_new(FALSE, FALSE, sizeof(struct layout_link));
    layout_inline_build(ls, node, text, attrs, links, mono);
    o->links = links;
    o->dir = node->dir;
    if (layout_text_is_long(text->str, text->len) && o->hang <= 0) {
        layout_long_text(ls, fd, text->str, text->len, attrs, links, o);
    } else {
        PangoLayout *pl = layout_new_dir_text(ls, o->dir, fd, o->right - o->left);
        if (o->hang > 0)
            pango_layout_set_indent(pl, -(int)lround(o->hang * PANGO_SCALE));
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

/* The paragraph's number N (the resolve stage's) in the start-side margin on its first line,
 * small and muted, with a named destination "pN" there (brief.pdf#p12). */
static void layout_paragraph_number(struct layout_state *ls, int first_line, int n)
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
    char *num = layout_number(ls, n);
    PangoFontDescription *fd =
        layout_font(layout_family(ls, NASHRA_FONT_HEADING), ls->size * 0.62, PANGO_WEIGHT_NORMAL);
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
    /* A reference list the style wants with a hanging indent (resolve's div). */
    const struct nashra_node *div = node->parent;
    if (div && div->kind == NASHRA_NODE_DIV && div->as.div.classes &&
        strstr(div->as.div.classes, "hanging-indent"))
        o.hang = ls->st->indent_step;
    /* Entries ragged: justifying a line of URLs and numbers opens wide gaps. */
    if (div && div->kind == NASHRA_NODE_DIV && div->as.div.classes &&
        g_str_has_prefix(div->as.div.classes, "references"))
        o.align = LAYOUT_START;
    PangoFontDescription *fd =
        layout_font(layout_family(ls, NASHRA_FONT_BODY), ls->size, PANGO_WEIGHT_NORMAL);
    layout_block_begin(ls, layout_take_gap(ls));
    int first = (int)ls->lines->len;
    layout_elem_open(ls, NASHRA_ELEM_P);
    layout_elem_lang(ls, node->lang);
    layout_inline_block(ls, node, fd, &o, NULL);
    layout_elem_close(ls);
    if (node->as.paragraph.number)
        layout_paragraph_number(ls, first, node->as.paragraph.number);
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
    PangoFontDescription *fd =
        layout_font(layout_family(ls, NASHRA_FONT_HEADING), size, PANGO_WEIGHT_BOLD);
    int first = (int)ls->lines->len;
    layout_elem_open(ls, NASHRA_ELEM_H1 + (level - 1));
    g_array_index(ls->elems, struct nashra_elem, ls->elem).node = node;
    layout_elem_lang(ls, node->lang);
    layout_inline_block(ls, node, fd, &o, NULL);
    layout_elem_close(ls);
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
                                  .pad_bottom = pad, .r = ls->st->code_text.r,
                                  .g = ls->st->code_text.g, .b = ls->st->code_text.b,
                                  .background = true};
    layout_box(ls, &o.bg_left, &o.bg_right);
    o.left = o.bg_left + pad;
    o.right = o.bg_right - pad;
    size_t len = node->literal ? node->literal_len : 0;
    while (len > 0 && node->literal[len - 1] == '\n')
        len--;
    PangoFontDescription *fd =
        layout_font(layout_family(ls, NASHRA_FONT_CODE), size, PANGO_WEIGHT_NORMAL);
    layout_block_begin(ls, layout_take_gap(ls));
    layout_elem_open(ls, NASHRA_ELEM_CODE);
    layout_elem_lang(ls, node->lang);
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
    layout_elem_close(ls);
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
                                     .y = fl->height / 2 - 0.4, .w = w, .h = 0.8,
                                     .r = ls->st->thematic_break.r, .g = ls->st->thematic_break.g,
                                     .b = ls->st->thematic_break.b}};
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

/* Leaves the innermost container and the structure elements it opened. */
static void layout_pop(struct layout_state *ls)
{
    for (int i = layout_top(ls)->elems; i > 0; i--)
        layout_elem_close(ls);
    g_array_set_size(ls->stack, ls->stack->len - 1);
}

/* The bar and indent on the start side of the quote's own direction (NODE's text). */
static void layout_enter_quote(struct layout_state *ls, const struct nashra_node *node)
{
    bool rtl = node->dir == NASHRA_DIR_RTL;
    layout_push(ls, LAYOUT_C_QUOTE);
    struct layout_container *c = (struct layout_container *)layout_top(ls);
    layout_elem_open(ls, NASHRA_ELEM_BLOCKQUOTE);
    layout_elem_lang(ls, node->lang);
    c->elems = 1;
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
    layout_elem_open(ls, NASHRA_ELEM_L);
    layout_elem_lang(ls, node->lang);
    c->elems = 1;
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
void layout_enter_item(struct layout_state *ls, const struct nashra_node *node)
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
    enum nashra_dir dir = node->dir;
    bool rtl = dir == NASHRA_DIR_RTL;
    layout_push(ls, LAYOUT_C_ITEM);
    struct layout_container *c = (struct layout_container *)layout_top(ls);
    /* A list item: LI holding its label and body; a note is already its Note element, and its
     * number is content of its first line's element. The marker is drawn after the first line
     * of the body (readers copy it out in that order), yet its Lbl comes first. */
    bool note = g_array_index(ls->elems, struct nashra_elem, ls->elem).kind == NASHRA_ELEM_NOTE;
    ls->marker_elem = 0;
    if (!note) {
        layout_elem_open(ls, NASHRA_ELEM_LI);
        layout_elem_lang(ls, node->lang);
        ls->marker_elem = layout_elem_add(ls, NASHRA_ELEM_LBL, ls->elem);
        layout_elem_open(ls, NASHRA_ELEM_LBODY);
    }
    c->elems = note ? 0 : 2;
    if (rtl != ls->rtl) {
        /* Against the document: the list's indent moves to the item's own start side. */
        double shift = ls->rtl ? ls->st->indent_step : -ls->st->indent_step;
        c->left += shift;
        c->right += shift;
    }
    double edge = rtl ? c->right : c->left;
    PangoFontDescription *fd =
        layout_font(layout_family(ls, NASHRA_FONT_BODY), ls->size, PANGO_WEIGHT_NORMAL);
    ls->marker = layout_new_dir_text(ls, dir, fd, -1);
    g_ptr_array_add(ls->layouts, ls->marker); /* owned there from the start, used or not */
    pango_layout_set_width(ls->marker, -1);
    pango_layout_set_text(ls->marker, label, -1);
    ls->marker_edge = edge;
    ls->marker_rtl = rtl;
    pango_font_description_free(fd);
    g_free(label);
}

void layout_exit_item(struct layout_state *ls)
{
    if (ls->marker) {
        /* An empty item still shows its marker. */
        layout_block_begin(ls, layout_take_gap(ls));
        PangoLayout *empty = pango_layout_new(ls->ctx);
        pango_layout_set_text(empty, "", 0);
        struct layout_block_opts o = {.align = LAYOUT_START,
                                      .pitch = ls->size * ls->st->line_spacing};
        layout_box(ls, &o.left, &o.right);
        PangoFontDescription *fd =
            layout_font(layout_family(ls, NASHRA_FONT_BODY), ls->size, PANGO_WEIGHT_NORMAL);
        pango_layout_set_font_description(empty, fd);
        pango_font_description_free(fd);
        layout_add_lines(ls, empty, NULL, &o);
        layout_block_end(ls, false, true);
    }
    layout_pop(ls);
}

/* ---- extensions: callouts, attributions ---------------------------------------------------- */

static void layout_enter_callout(struct layout_state *ls, const struct nashra_node *node)
{
    static const enum nashra_text labels[] = {
        NASHRA_TEXT_CALLOUT_NOTE,    NASHRA_TEXT_CALLOUT_TIP,     NASHRA_TEXT_CALLOUT_IMPORTANT,
        NASHRA_TEXT_CALLOUT_WARNING, NASHRA_TEXT_CALLOUT_CAUTION, NASHRA_TEXT_CALLOUT_SUMMARY};
    int type = CLAMP((int)node->as.callout.type, 0, NASHRA_CALLOUT_SUMMARY);
    const double bar = 3.5, pad = 9;
    double gap = layout_take_gap(ls);
    layout_push(ls, LAYOUT_C_CALLOUT);
    struct layout_container *c = (struct layout_container *)layout_top(ls);
    layout_elem_open(ls, NASHRA_ELEM_DIV);
    layout_elem_lang(ls, node->lang);
    c->elems = 1;
    c->box_left = c->left;
    c->box_right = c->right;
    const struct nashra_rgb *colour = &ls->st->callout[type];
    c->r = colour->r, c->g = colour->g, c->b = colour->b;
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
    PangoFontDescription *fd =
        layout_font(layout_family(ls, NASHRA_FONT_HEADING), size, PANGO_WEIGHT_BOLD);
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
    layout_elem_open(ls, NASHRA_ELEM_P);
    layout_add_lines(ls, pl, NULL, &o);
    layout_elem_close(ls);
    pango_font_description_free(fd);
    ls->next_gap = 2;
}

static void layout_exit_callout(struct layout_state *ls)
{
    layout_line_decorations(ls, layout_new_line(ls, 7), &(struct layout_block_opts){0});
    layout_pop(ls);
    layout_keep_end(ls);
}

/* Who is quoted: its own line at the end side of the quote, after a dash, smaller and slanted. */
static void layout_attribution(struct layout_state *ls, const struct nashra_node *node)
{
    double size = ls->size * 0.9;
    struct layout_block_opts o = {
        .align = LAYOUT_END, .pitch = size * ls->st->line_spacing, .r = 0.3, .g = 0.3, .b = 0.33};
    layout_box(ls, &o.left, &o.right);
    PangoFontDescription *fd =
        layout_font(layout_family(ls, NASHRA_FONT_BODY), size, PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
    layout_take_gap(ls);
    layout_block_begin(ls, 2);
    layout_elem_open(ls, NASHRA_ELEM_P);
    layout_inline_block(ls, node, fd, &o, "\u2014 ");
    layout_elem_close(ls);
    layout_block_end(ls, false, false);
    pango_font_description_free(fd);
}


void layout_walk(struct layout_state *ls, struct nashra_node *root)
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
                layout_pop(ls);
            descend = true;
            break;
        case NASHRA_NODE_LIST:
            if (enter)
                layout_enter_list(ls, n);
            else
                layout_pop(ls);
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
        case NASHRA_NODE_DIV: /* its blocks as if in its place; their directions are resolved */
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
