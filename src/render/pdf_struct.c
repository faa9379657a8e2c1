/* A tagged PDF's structure: each page's items drawn inside Cairo tags of the structure elements
 * layout recorded, so that the structure tree reads as the document does.
 *
 * The drawing order stays what it was without tags (rules, then the items as layout emitted
 * them: the body in reading order, the page's foot notes, the running head and foot), since
 * PDF readers that copy text out in drawing order read it right in that order. Cairo's tree
 * follows the drawing order too.
 *
 * Cairo 1.16 (cairo-pdf-interchange.c) creates a new element at every cairo_tag_begin, marks
 * content only inside elements that have no child element (the content of others is left out of
 * the tree), and keeps the open tags across cairo_show_page, marking the innermost again at the
 * top of the next page. So: an element is opened once, before its first content, and closed
 * after its last, on whatever page that is; an element with content of its own and children
 * (a paragraph with a foot note or a link), or whose content is interrupted (a paragraph
 * continued on the next page), holds its content in Span children, one per uninterrupted run.
 * Then no element that marks content is open across a page break, and page furniture drawn
 * while only such holders are open stays outside every element. A foot note (a Note of the
 * document) goes inside whatever continues past its page, or after the page's last block.
 * A list marker, drawn after its item's first line, is a Span of that line's element; the
 * post-pass makes it the item's Lbl, first in the item (pdf_struct_post.c). */
#include "render/render_int.h"

/* Cairo's names of the standard structure types, by enum nashra_elem_kind. */
static const char *const struct_names[] = {
    [NASHRA_ELEM_DOCUMENT] = "Document",
    [NASHRA_ELEM_H1] = "H1",
    [NASHRA_ELEM_H2] = "H2",
    [NASHRA_ELEM_H3] = "H3",
    [NASHRA_ELEM_H4] = "H4",
    [NASHRA_ELEM_H5] = "H5",
    [NASHRA_ELEM_H6] = "H6",
    [NASHRA_ELEM_P] = "P",
    [NASHRA_ELEM_L] = "L",
    [NASHRA_ELEM_LI] = "LI",
    [NASHRA_ELEM_LBL] = "Lbl",
    [NASHRA_ELEM_LBODY] = "LBody",
    [NASHRA_ELEM_TABLE] = "Table",
    [NASHRA_ELEM_TR] = "TR",
    [NASHRA_ELEM_TH] = "TH",
    [NASHRA_ELEM_TD] = "TD",
    [NASHRA_ELEM_FIGURE] = "Figure",
    [NASHRA_ELEM_CAPTION] = "Caption",
    [NASHRA_ELEM_BLOCKQUOTE] = "BlockQuote",
    [NASHRA_ELEM_NOTE] = "Note",
    [NASHRA_ELEM_DIV] = "Div",
    [NASHRA_ELEM_CODE] = "Code",
    [NASHRA_ELEM_TOC] = "TOC",
    [NASHRA_ELEM_TOCI] = "TOCI",
};

struct render_struct {
    const struct nashra_pages *pages;
    int n; /* elements */
    const struct nashra_elem *elems;
    int *last_page; /* the last page with content of the element or its descendants */
    int *runs;      /* uninterrupted runs of the element's own content (the dry run's) */
    bool *children; /* whether an element or link is opened inside it (the dry run's) */
    GArray **order; /* per page, the items' indices in drawing order */
    /* The element each structure tag stands for (-1: a Span; an Lbl's is a Span too), in the
     * order of the tags' cairo_tag_begin after the document's: Cairo's order of the elements
     * in its tree. */
    GArray *created;
    int *last_line; /* the number of the element's last line, counted in drawing order */
    int line;       /* lines drawn so far */
    /* While drawing (and in the dry run, where CR is NULL): */
    cairo_t *cr;
    GArray *stack; /* open elements, outermost first; the document is not in it */
    int run;       /* the element whose run is going on, or -1 */
    bool span;     /* a Span of the running element is open */
    int page;
    struct render_text_map *map;
};

static const char *struct_name(const struct render_struct *rs, int e)
{
    unsigned k = (unsigned)rs->elems[e].kind;
    return k < G_N_ELEMENTS(struct_names) && struct_names[k] ? struct_names[k] : "Span";
}

static bool struct_holder(const struct render_struct *rs, int e)
{
    return rs->runs[e] > 1 || (rs->runs[e] > 0 && rs->children[e]);
}

static int struct_top(const struct render_struct *rs)
{
    return rs->stack->len ? g_array_index(rs->stack, int, rs->stack->len - 1) : 0;
}

static void struct_end_run(struct render_struct *rs)
{
    if (rs->span && rs->cr)
        cairo_tag_end(rs->cr, "Span");
    rs->span = false;
    rs->run = -1;
}

static void struct_pop(struct render_struct *rs)
{
    if (rs->cr)
        cairo_tag_end(rs->cr, struct_name(rs, struct_top(rs)));
    g_array_set_size(rs->stack, rs->stack->len - 1);
}

/* Closes the open elements whose content is all drawn (on this page or before). */
static void struct_pop_done(struct render_struct *rs)
{
    while (rs->stack->len && rs->last_page[struct_top(rs)] <= rs->page)
        struct_pop(rs);
}

static bool struct_floats(const struct render_struct *rs, int e)
{
    return rs->elems[e].kind == NASHRA_ELEM_NOTE && rs->elems[e].parent == 0;
}

/* Makes E the innermost open element (0: only the document open). */
static void struct_enter(struct render_struct *rs, int e)
{
    int path[64], n = 0;
    for (int a = e; a > 0 && n < (int)G_N_ELEMENTS(path); a = rs->elems[a].parent) {
        path[n++] = a;
        if (struct_floats(rs, a))
            break;
    }
    /* PATH holds E and its ancestors, innermost first; keep the open prefix they share. A
     * note's path starts at the note, wherever it is open; a note not open yet opens inside
     * the elements that continue past this page. */
    guint base = 0;
    if (n > 0 && struct_floats(rs, path[n - 1])) {
        for (base = 0; base < rs->stack->len; base++)
            if (g_array_index(rs->stack, int, base) == path[n - 1])
                break;
        if (base == rs->stack->len) {
            struct_pop_done(rs);
            base = rs->stack->len;
        }
    }
    guint keep = base;
    while (keep < rs->stack->len && (int)(keep - base) < n &&
           g_array_index(rs->stack, int, keep) == path[n - 1 - (int)(keep - base)])
        keep++;
    while (rs->stack->len > keep)
        struct_pop(rs);
    for (int i = n - 1 - (int)(keep - base); i >= 0; i--) {
        rs->children[struct_top(rs)] = true;
        if (rs->cr) {
            cairo_tag_begin(rs->cr, struct_name(rs, path[i]), NULL);
            g_array_append_val(rs->created, path[i]);
        }
        g_array_append_val(rs->stack, path[i]);
    }
}

/* Before drawing item I of the current page; whether it is a line followed by another of its
 * element (poppler's struct-text joins an element's lines with nothing between them). */
static bool struct_before(void *closure, guint i)
{
    struct render_struct *rs = closure;
    const struct nashra_page *pg = g_ptr_array_index(rs->pages->pages, rs->page);
    const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
    int e = it->elem > 0 && it->elem < rs->n ? it->elem : 0;
    if (it->kind == NASHRA_ITEM_LINK) {
        struct_end_run(rs);
        if (e)
            struct_enter(rs, e);
        rs->children[struct_top(rs)] = true;
        if (rs->cr)
            render_pdf_link(rs->cr, it);
        return false;
    }
    if (it->kind == NASHRA_ITEM_RULE || e == 0) {
        /* Not content: outside every marked element. An element that marks its own content
         * and is open here has no more of it (else this item splits it into Spans). */
        struct_end_run(rs);
        while (rs->stack->len && !rs->children[struct_top(rs)] &&
               !(rs->cr && struct_holder(rs, struct_top(rs))))
            struct_pop(rs);
        return false;
    }
    if (rs->elems[e].kind == NASHRA_ELEM_LBL && rs->stack->len) {
        /* A list marker: its own run, inside the element open here. */
        struct_end_run(rs);
        rs->children[struct_top(rs)] = true;
        if (rs->cr) {
            cairo_tag_begin(rs->cr, "Span", NULL);
            g_array_append_val(rs->created, e);
            rs->span = true;
        }
        rs->run = e;
        return false;
    }
    bool goes_on = false;
    if (it->kind == NASHRA_ITEM_LINE) {
        if (!rs->cr)
            rs->last_line[e] = rs->line;
        goes_on = rs->line++ < rs->last_line[e];
    }
    if (rs->run == e)
        return goes_on;
    struct_end_run(rs);
    struct_enter(rs, e);
    rs->run = e;
    if (!rs->cr) {
        rs->runs[e]++;
    } else if (struct_holder(rs, e)) {
        cairo_tag_begin(rs->cr, "Span", NULL);
        g_array_append_val(rs->created, (int){-1});
        rs->span = true;
    }
    return goes_on;
}

/* Rules first (under everything, as without tags), then the other items as layout emitted
 * them, but each link right after the last content of its element on the page. */
struct struct_sort {
    double key;
    guint index;
};

static gint struct_sort_cmp(gconstpointer a, gconstpointer b)
{
    const struct struct_sort *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void struct_plan_order(struct render_struct *rs)
{
    rs->order = g_new0(GArray *, MAX(rs->pages->pages->len, 1));
    GHashTable *last = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint p = 0; p < rs->pages->pages->len; p++) {
        const struct nashra_page *pg = g_ptr_array_index(rs->pages->pages, p);
        g_hash_table_remove_all(last);
        for (guint i = 0; i < pg->items->len; i++) {
            const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
            int e = it->elem > 0 && it->elem < rs->n ? it->elem : 0;
            if (e && (it->kind == NASHRA_ITEM_LINE || it->kind == NASHRA_ITEM_IMAGE))
                g_hash_table_insert(last, GINT_TO_POINTER(e), GUINT_TO_POINTER(i + 1));
            for (int a = e; a > 0; a = rs->elems[a].parent)
                rs->last_page[a] = MAX(rs->last_page[a], (int)p);
        }
        GArray *sort = g_array_new(FALSE, FALSE, sizeof(struct struct_sort));
        for (guint i = 0; i < pg->items->len; i++) {
            const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
            if (it->kind == NASHRA_ITEM_DEST)
                continue;
            struct struct_sort s = {it->kind == NASHRA_ITEM_RULE ? -1.0 : (double)i, i};
            guint after =
                it->kind == NASHRA_ITEM_LINK
                    ? GPOINTER_TO_UINT(g_hash_table_lookup(last, GINT_TO_POINTER(it->elem)))
                    : 0;
            if (after > i + 1)
                s.key = after - 1 + 0.5;
            g_array_append_val(sort, s);
        }
        g_array_sort(sort, struct_sort_cmp);
        rs->order[p] = g_array_new(FALSE, FALSE, sizeof(guint));
        for (guint i = 0; i < sort->len; i++)
            g_array_append_val(rs->order[p], g_array_index(sort, struct struct_sort, i).index);
        g_array_free(sort, TRUE);
    }
    g_hash_table_destroy(last);
}

static void struct_page_end(struct render_struct *rs)
{
    struct_end_run(rs);
    struct_pop_done(rs);
}

struct render_struct *render_struct_new(const struct nashra_pages *pages)
{
    struct render_struct *rs = g_new0(struct render_struct, 1);
    rs->pages = pages;
    rs->n = pages->elems ? (int)pages->elems->len : 0;
    if (rs->n == 0) {
        static const struct nashra_elem document = {.kind = NASHRA_ELEM_DOCUMENT, .parent = -1};
        rs->elems = &document;
        rs->n = 1;
    } else {
        rs->elems = (const struct nashra_elem *)(void *)pages->elems->data;
    }
    rs->last_page = g_new0(int, rs->n);
    rs->runs = g_new0(int, rs->n);
    rs->children = g_new0(bool, rs->n);
    rs->last_line = g_new0(int, rs->n);
    rs->stack = g_array_new(FALSE, FALSE, sizeof(int));
    rs->created = g_array_new(FALSE, FALSE, sizeof(int));
    rs->run = -1;
    struct_plan_order(rs);
    /* The dry run: which elements hold their content in Spans. */
    for (guint p = 0; p < pages->pages->len; p++) {
        rs->page = (int)p;
        for (guint i = 0; i < rs->order[p]->len; i++)
            struct_before(rs, g_array_index(rs->order[p], guint, i));
        struct_page_end(rs);
    }
    g_array_set_size(rs->stack, 0);
    rs->run = -1;
    rs->line = 0;
    return rs;
}

bool render_struct_draw_page(struct render_struct *rs, cairo_t *cr, int p,
                             struct render_text_map *map)
{
    rs->cr = cr;
    rs->page = p;
    const struct nashra_page *pg = g_ptr_array_index(rs->pages->pages, p);
    bool ok = render_draw_items(cr, pg, map, (const guint *)(void *)rs->order[p]->data,
                                rs->order[p]->len, struct_before, rs);
    struct_page_end(rs);
    return ok;
}

void render_struct_finish(struct render_struct *rs, cairo_t *cr)
{
    rs->cr = cr;
    struct_end_run(rs);
    while (rs->stack->len)
        struct_pop(rs);
}

int render_struct_count(const struct render_struct *rs)
{
    return rs ? (int)rs->created->len + 1 : 0;
}

int render_struct_created(const struct render_struct *rs, int k, const char **name)
{
    int e = k == 0 ? 0 : g_array_index(rs->created, int, k - 1);
    *name = e < 0 || rs->elems[e].kind == NASHRA_ELEM_LBL ? "Span" : struct_name(rs, e);
    return e;
}

const struct nashra_elem *render_struct_elem(const struct render_struct *rs, int e)
{
    return e >= 0 && e < rs->n ? &rs->elems[e] : NULL;
}

int render_struct_elem_count(const struct render_struct *rs)
{
    return rs->n;
}

void render_struct_free(struct render_struct *rs)
{
    if (!rs)
        return;
    for (guint p = 0; p < rs->pages->pages->len; p++)
        g_array_free(rs->order[p], TRUE);
    g_free(rs->order);
    g_free(rs->last_page);
    g_free(rs->runs);
    g_free(rs->children);
    g_free(rs->last_line);
    g_array_free(rs->stack, TRUE);
    g_array_free(rs->created, TRUE);
    g_free(rs);
}
