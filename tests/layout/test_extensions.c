/* The brief extensions laid out from constructed trees: tables (direction, repeated header),
 * callouts, attributions, figures (and a missing image), footnotes, citations, strikethrough. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define LRI "\xE2\x81\xA6" /* what starts a number cell */

#include "helpers.h"

static struct nashra_doc *new_doc(const char *lang)
{
    tree_build_line = 0;
    struct nashra_doc *doc = nashra_doc_new();
    doc->meta.lang = g_strdup(lang);
    return doc;
}

/* A table: header "H0".."H2" (Arabic doc: "ع0".."ع2"), N body rows of short cells. */
static void add_table(struct nashra_node *root, int n, const char *h)
{
    struct nashra_node *t = add(root, NASHRA_NODE_TABLE);
    t->as.table.columns = 3;
    t->as.table.aligns = g_new0(enum nashra_align, 3);
    for (int r = 0; r <= n; r++) {
        struct nashra_node *row = add(t, NASHRA_NODE_TABLE_ROW);
        row->as.row.header = r == 0;
        for (int c = 0; c < 3; c++) {
            struct nashra_node *cell = add(row, NASHRA_NODE_TABLE_CELL);
            cell->as.cell.column = c;
            char buf[32];
            if (r == 0)
                snprintf(buf, sizeof buf, "%s%d", h, c);
            else
                snprintf(buf, sizeof buf, "c%d r%d", c, r);
            text(cell, buf);
        }
    }
}

static void test_table_repeats_header(void **state)
{
    (void)state;
    struct nashra_doc *doc = new_doc("en");
    add_table(doc->root, 80, "H");
    struct result r = lay_out(doc);
    assert_non_null(r.pages);
    assert_true(r.pages->pages->len >= 2);
    for (guint p = 0; p < r.pages->pages->len; p++) {
        assert_non_null(find_line(r.pages, p, "H0"));
        assert_non_null(find_line(r.pages, p, "H2"));
    }
    /* Every body row exactly once, none past the bottom margin. */
    for (int row = 1; row <= 80; row++) {
        char buf[32];
        snprintf(buf, sizeof buf, "c0 r%d", row);
        int seen = 0;
        for (guint p = 0; p < r.pages->pages->len; p++) {
            const struct nashra_item *it = find_line(r.pages, p, buf);
            if (it && strncmp(line_from(it), buf, strlen(buf)) == 0 &&
                (line_from(it)[strlen(buf)] == '\0' || line_from(it)[strlen(buf)] == ' ' ||
                 (unsigned char)line_from(it)[strlen(buf)] >= 0x80)) {
                seen++;
                assert_true(it->y < r.pages->page_height - 72 + 1);
            }
        }
        assert_int_equal(seen, 1);
    }
    /* The header on page 2 sits above its first row. */
    assert_true(find_line(r.pages, 1, "H0")->y < find_line(r.pages, 1, "c0 r")->y);
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_table_direction(void **state)
{
    (void)state;
    struct nashra_doc *doc = new_doc("ar");
    add_table(doc->root, 3, "ع");
    struct result r = lay_out(doc);
    assert_non_null(r.pages);
    /* RTL: the first column is the rightmost. */
    assert_true(find_line(r.pages, 0, "ع0")->x > find_line(r.pages, 0, "ع1")->x);
    assert_true(find_line(r.pages, 0, "ع1")->x > find_line(r.pages, 0, "ع2")->x);
    result_free(&r);
    nashra_doc_free(doc);

    doc = new_doc("en");
    add_table(doc->root, 3, "H");
    r = lay_out(doc);
    assert_true(find_line(r.pages, 0, "H0")->x < find_line(r.pages, 0, "H1")->x);
    assert_true(find_line(r.pages, 0, "H1")->x < find_line(r.pages, 0, "H2")->x);
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_table_never_overflows(void **state)
{
    (void)state;
    struct nashra_doc *doc = new_doc("en");
    struct nashra_node *t = add(doc->root, NASHRA_NODE_TABLE);
    t->as.table.columns = 2;
    t->as.table.aligns = g_new0(enum nashra_align, 2);
    struct nashra_node *row = add(t, NASHRA_NODE_TABLE_ROW);
    for (int c = 0; c < 2; c++) {
        struct nashra_node *cell = add(row, NASHRA_NODE_TABLE_CELL);
        cell->as.cell.column = c;
        text(cell, "Averyveryverylongunbreakablewordthatcannotpossiblyfitinhalfthetextwidth"
                   "andmustbreakatcharactersinsteadofoverflowing");
    }
    struct result r = lay_out(doc);
    const struct nashra_page *pg = g_ptr_array_index(r.pages->pages, 0);
    for (guint i = 0; i < pg->items->len; i++) {
        const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
        if (it->kind == NASHRA_ITEM_LINE || it->kind == NASHRA_ITEM_RULE) {
            assert_true(it->x >= 62 - 0.01);
            assert_true(it->x + it->w <= r.pages->page_width - 62 + 0.01);
        }
    }
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_callout_and_attribution(void **state)
{
    (void)state;
    struct nashra_doc *doc = new_doc("ar");
    struct nashra_node *c = add(doc->root, NASHRA_NODE_CALLOUT);
    c->as.callout.type = NASHRA_CALLOUT_WARNING;
    text(add(c, NASHRA_NODE_PARAGRAPH), "نص داخل الصندوق");
    struct nashra_node *q = add(doc->root, NASHRA_NODE_BLOCK_QUOTE);
    text(add(q, NASHRA_NODE_PARAGRAPH), "قول مأثور طويل بما يكفي");
    text(add(q, NASHRA_NODE_ATTRIBUTION), "فلان");
    struct result r = lay_out(doc);
    assert_non_null(r.pages);
    /* The localised title, and the box: a tint across the text width, a bar at the right. */
    assert_non_null(find_line(r.pages, 0, "تحذير"));
    const struct nashra_page *pg = g_ptr_array_index(r.pages->pages, 0);
    bool tint = false, bar = false;
    double right = r.pages->page_width - 62;
    for (guint i = 0; i < pg->items->len; i++) {
        const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
        if (it->kind != NASHRA_ITEM_RULE)
            continue;
        if (it->w > 400 && it->r > 0.9 && it->b < 0.95)
            tint = true;
        if (it->w > 3 && it->w < 4 && fabs(it->x + it->w - right) < 0.01)
            bar = true;
    }
    assert_true(tint);
    assert_true(bar);
    /* The attribution: a dash, at the left (end) side in RTL. */
    const struct nashra_item *a = find_line(r.pages, 0, "\u2014 ");
    assert_non_null(a);
    assert_true(a->x < 100);
    result_free(&r);
    nashra_doc_free(doc);
}

/* A box near the foot of a page moves whole to the next page; so does a two-paragraph note. */
static void test_kept_together(void **state)
{
    (void)state;
    struct nashra_doc *doc = new_doc("en");
    for (int i = 0; i < 31; i++)
        text(add(doc->root, NASHRA_NODE_PARAGRAPH), "Filler paragraph.");
    struct nashra_node *c = add(doc->root, NASHRA_NODE_CALLOUT);
    c->as.callout.type = NASHRA_CALLOUT_TIP;
    c->as.callout.title = g_strdup("Custom title");
    for (int i = 0; i < 3; i++)
        text(add(c, NASHRA_NODE_PARAGRAPH), i == 2 ? "Last in box." : "In the box.");
    struct result r = lay_out(doc);
    assert_non_null(r.pages);
    assert_int_equal(r.pages->pages->len, 2);
    assert_null(find_line(r.pages, 0, "Custom title"));
    assert_non_null(find_line(r.pages, 1, "Custom title"));
    assert_non_null(find_line(r.pages, 1, "Last in box."));
    result_free(&r);
    nashra_doc_free(doc);
}

/* Numbers line up on their right edge in a column without an explicit alignment. */
static void test_numeric_column(void **state)
{
    (void)state;
    struct nashra_doc *doc = new_doc("ar");
    struct nashra_node *t = add(doc->root, NASHRA_NODE_TABLE);
    t->as.table.columns = 2;
    t->as.table.aligns = g_new0(enum nashra_align, 2);
    static const char *const cells[][2] = {
        {"البلد", "العدد"}, {"أ", "5"}, {"ب", "12345"}, {"ج", "-12%"}};
    for (int r = 0; r < 4; r++) {
        struct nashra_node *row = add(t, NASHRA_NODE_TABLE_ROW);
        row->as.row.header = r == 0;
        for (int col = 0; col < 2; col++) {
            struct nashra_node *cell = add(row, NASHRA_NODE_TABLE_CELL);
            cell->as.cell.column = col;
            text(cell, cells[r][col]);
        }
    }
    struct result r = lay_out(doc);
    const struct nashra_item *a = find_line(r.pages, 0, LRI "5");
    const struct nashra_item *b = find_line(r.pages, 0, LRI "12345");
    const struct nashra_item *m = find_line(r.pages, 0, LRI "-12%");
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(m);
    assert_float_equal(a->x + a->w, b->x + b->w, 0.01);
    assert_float_equal(a->x + a->w, m->x + m->w, 0.01);
    /* The cell's paragraph stays RTL; the isolate keeps "-12%" itself left to right. */
    assert_int_equal(m->line->resolved_dir, PANGO_DIRECTION_RTL);
    result_free(&r);
    nashra_doc_free(doc);
}

/* Colons in the delimiter row name the physical side, as on GitHub and in the HTML output
 * (text-align: left|right): in an Arabic brief too, `:--` is the left, `--:` the right. */
static void check_physical_alignment(const char *lang, const char *const (*cells)[3])
{
    struct nashra_doc *doc = new_doc(lang);
    struct nashra_node *t = add(doc->root, NASHRA_NODE_TABLE);
    t->as.table.columns = 3;
    t->as.table.aligns = g_new0(enum nashra_align, 3);
    t->as.table.aligns[0] = NASHRA_ALIGN_LEFT;
    t->as.table.aligns[1] = NASHRA_ALIGN_CENTER;
    t->as.table.aligns[2] = NASHRA_ALIGN_RIGHT;
    for (int r = 0; r < 3; r++) {
        struct nashra_node *row = add(t, NASHRA_NODE_TABLE_ROW);
        row->as.row.header = r == 0;
        for (int col = 0; col < 3; col++) {
            struct nashra_node *cell = add(row, NASHRA_NODE_TABLE_CELL);
            cell->as.cell.column = col;
            text(cell, cells[r][col]);
        }
    }
    struct result r = lay_out(doc);
    const struct nashra_item *it[3][3];
    for (int row = 1; row < 3; row++)
        for (int col = 0; col < 3; col++) {
            it[row][col] = find_line(r.pages, 0, cells[row][col]);
            assert_non_null(it[row][col]);
        }
    /* short and long cell of each column: same left edge, same centre, same right edge */
    assert_float_equal(it[1][0]->x, it[2][0]->x, 0.01);
    assert_true(it[1][0]->w + 5 < it[2][0]->w);
    assert_float_equal(it[1][1]->x + it[1][1]->w / 2, it[2][1]->x + it[2][1]->w / 2, 0.01);
    assert_float_equal(it[1][2]->x + it[1][2]->w, it[2][2]->x + it[2][2]->w, 0.01);
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_alignment_is_physical(void **state)
{
    (void)state;
    static const char *const ar[][3] = {
        {"يسار", "وسط", "يمين"}, {"س", "ص", "ع"}, {"أول نص أطول", "ثاني نص أطول", "ثالث نص أطول"}};
    check_physical_alignment("ar", ar);
    static const char *const en[][3] = {
        {"Left", "Centre", "Right"}, {"x", "y", "z"}, {"first longer text", "second longer text", "third longer text"}};
    check_physical_alignment("en", en);
}

static void add_figure(struct nashra_node *root, const char *url, const char *caption)
{
    struct nashra_node *f = add(root, NASHRA_NODE_FIGURE);
    struct nashra_node *img = add(f, NASHRA_NODE_IMAGE);
    img->as.link.url = g_strdup(url);
    img->as.link.title = g_strdup(caption);
}

static void test_figures(void **state)
{
    (void)state;
    struct nashra_doc *doc = new_doc("en");
    for (int i = 0; i < 30; i++)
        text(add(doc->root, NASHRA_NODE_PARAGRAPH), "Filler paragraph.");
    add_figure(doc->root, "basin.svg", "A basin");
    add_figure(doc->root, "chart.png", "A chart");
    add_figure(doc->root, "dunes.jpg", "Dunes");
    struct result r = lay_out(doc);
    assert_non_null(r.pages);
    int n_images = 0;
    for (guint p = 0; p < r.pages->pages->len; p++) {
        const struct nashra_page *pg = g_ptr_array_index(r.pages->pages, p);
        for (guint i = 0; i < pg->items->len; i++) {
            const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
            if (it->kind != NASHRA_ITEM_IMAGE)
                continue;
            n_images++;
            /* Centred, within the text width, never upscaled: the PNG is 240 px = 180 pt. */
            double mid = it->x + it->w / 2;
            assert_true(fabs(mid - r.pages->page_width / 2) < 0.5);
            assert_true(it->w <= r.pages->page_width - 124 + 0.01);
            if (g_str_has_suffix(it->path, "chart.png"))
                assert_true(fabs(it->w - 180) < 0.01);
            /* Its caption on the same page, under it. */
            const char *want = g_str_has_suffix(it->path, "svg")   ? "Figure 1:"
                               : g_str_has_suffix(it->path, "png") ? "Figure 2:"
                                                                   : "Figure 3:";
            const struct nashra_item *cap = find_line(r.pages, p, want);
            assert_non_null(cap);
            assert_true(cap->y > it->y + it->h);
        }
    }
    assert_int_equal(n_images, 3);
    /* And they draw, to PDF (vector SVG, JPEG as is) and PNG. */
    FILE *tmp = tmpfile();
    struct nashra_render_info info = {.meta = &doc->meta, .epoch = -1};
    assert_int_equal(nashra_render_pdf(r.pages, &info, tmp), 0);
    long n = ftell(tmp);
    rewind(tmp);
    char *buf = g_malloc((size_t)n);
    assert_int_equal(fread(buf, 1, (size_t)n, tmp), (size_t)n);
    assert_non_null(memmem(buf, (size_t)n, "/DCTDecode", 10));
    g_free(buf);
    fclose(tmp);
    tmp = tmpfile();
    assert_int_equal(nashra_render_png_page(r.pages, (int)r.pages->pages->len - 1, 36, tmp), 0);
    fclose(tmp);
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_missing_image(void **state)
{
    (void)state;
    struct nashra_doc *doc = new_doc("en");
    text(add(doc->root, NASHRA_NODE_PARAGRAPH), "Before.");
    add_figure(doc->root, "no-such-file.png", "Lost"); /* FIGURE at line 3 */
    struct result r = lay_out(doc);
    assert_null(r.pages);
    assert_int_equal(r.errors, 1);
    assert_non_null(strstr(r.diag_text, "t.md:3:1: error: cannot read image 'no-such-file.png'"));
    result_free(&r);
    nashra_doc_free(doc);
    /* Not an image at all. */
    doc = new_doc("en");
    add_figure(doc->root, "../../meson.build", "Text");
    r = lay_out(doc);
    assert_null(r.pages);
    assert_non_null(strstr(r.diag_text, "t.md:1:1: error"));
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_footnotes_and_citations(void **state)
{
    (void)state;
    struct nashra_doc *doc = new_doc("ar");
    struct nashra_node *p = add(doc->root, NASHRA_NODE_PARAGRAPH);
    text(p, "نص فيه ");
    text(add(p, NASHRA_NODE_STRIKETHROUGH), "محذوف");
    text(p, " وحاشية");
    struct nashra_node *ref = add(p, NASHRA_NODE_FOOTNOTE_REF);
    struct nashra_node *cit = add(p, NASHRA_NODE_CITATION);
    struct nashra_node *ci = add(cit, NASHRA_NODE_CITE_ITEM);
    ci->as.cite.key = g_strdup("smith2020");
    ci->as.cite.locator = g_strdup("p. 12");
    add(cit, NASHRA_NODE_CITE_ITEM)->as.cite.key = g_strdup("jones");
    struct nashra_node *def = add(doc->root, NASHRA_NODE_FOOTNOTE_DEF);
    def->as.footnote.index = 1;
    ref->as.footnote.index = 1;
    ref->as.footnote.label = g_strdup("a");
    ref->as.footnote.def = def;
    text(add(def, NASHRA_NODE_PARAGRAPH), "An English note.");
    text(add(def, NASHRA_NODE_PARAGRAPH), "Its second paragraph.");
    struct result r = lay_out(doc);
    assert_non_null(r.pages);
    assert_true(find_page(r.pages, NASHRA_ITEM_DEST, "fn-1") >= 0);
    assert_true(find_page(r.pages, NASHRA_ITEM_DEST, "fnref-1") >= 0);
    assert_true(find_page(r.pages, NASHRA_ITEM_LINK, "fn-1") >= 0);
    assert_true(find_page(r.pages, NASHRA_ITEM_LINK, "fnref-1") >= 0);
    /* The call in Arabic-Indic digits, the citation readable with Arabic separators. */
    const struct nashra_item *body = find_line(r.pages, 0, "نص فيه");
    assert_non_null(body);
    const char *t = pango_layout_get_text(body->line->layout);
    assert_non_null(strstr(t, "وحاشية\u0661"));
    assert_non_null(strstr(t, "(\u2068smith2020\u2069\u060C \u0635 \u0661\u0662\u061B "
                              "\u2068jones\u2069)"));
    /* Strikethrough over the struck word. */
    bool struck = false;
    GSList *list = pango_attr_list_get_attributes(pango_layout_get_attributes(body->line->layout));
    for (GSList *a = list; a; a = a->next) {
        PangoAttribute *at = a->data;
        if (at->klass->type == PANGO_ATTR_STRIKETHROUGH && ((PangoAttrInt *)at)->value &&
            strncmp(t + at->start_index, "محذوف", strlen("محذوف")) == 0)
            struck = true;
    }
    g_slist_free_full(list, (GDestroyNotify)pango_attribute_destroy);
    assert_true(struck);
    /* The note at the foot of the call's page (no endnote heading), the English note running
     * LTR. */
    assert_null(find_line(r.pages, 0, "الحواشي"));
    const struct nashra_item *note = find_line(r.pages, 0, "An English note.");
    assert_non_null(note);
    assert_int_equal(note->line->resolved_dir, PANGO_DIRECTION_LTR);
    result_free(&r);
    nashra_doc_free(doc);
}

/* A block's direction from the document's rule, carried into Pango: the line's resolved
 * direction and its side of the text box. */
static void test_block_direction(void **state)
{
    (void)state;
    struct nashra_style st;
    nashra_template_default_style(&st);
    double right = st.page_width - st.margin_start;

    struct nashra_doc *doc = new_doc("ar");
    text(add(doc->root, NASHRA_NODE_PARAGRAPH), "Redis هو مخزن بيانات في الذاكرة.");
    text(add(doc->root, NASHRA_NODE_PARAGRAPH), "Plain English only.");
    struct nashra_node *h = add(doc->root, NASHRA_NODE_HEADING);
    h->as.heading.level = 2;
    text(h, "Docker في التطوير");
    struct nashra_node *item = add(add(doc->root, NASHRA_NODE_LIST), NASHRA_NODE_ITEM);
    text(add(item, NASHRA_NODE_PARAGRAPH), "Nginx خادم ويب");
    struct nashra_node *code = add(doc->root, NASHRA_NODE_CODE_BLOCK);
    nashra_node_set_literal(code, "نص make\n", strlen("نص make\n"));
    struct result r = lay_out(doc);
    const struct nashra_item *p = find_line(r.pages, 0, "Redis");
    assert_non_null(p);
    assert_int_equal(p->line->resolved_dir, PANGO_DIRECTION_RTL);
    assert_true(fabs(p->x + p->w - right) < 0.5);
    const struct nashra_item *e = find_line(r.pages, 0, "Plain");
    assert_int_equal(e->line->resolved_dir, PANGO_DIRECTION_LTR);
    assert_true(fabs(e->x - st.margin_end) < 0.5);
    assert_int_equal(find_line(r.pages, 0, "Docker")->line->resolved_dir, PANGO_DIRECTION_RTL);
    const struct nashra_item *li = find_line(r.pages, 0, "Nginx");
    assert_int_equal(li->line->resolved_dir, PANGO_DIRECTION_RTL);
    assert_int_equal(find_line(r.pages, 0, "نص make")->line->resolved_dir, PANGO_DIRECTION_LTR);
    result_free(&r);
    nashra_doc_free(doc);

    /* The mirror in an LTR document: one Latin letter makes the block LTR. */
    doc = new_doc("en");
    text(add(doc->root, NASHRA_NODE_PARAGRAPH), "نص عربي ثم Redis.");
    text(add(doc->root, NASHRA_NODE_PARAGRAPH), "نص عربي فقط.");
    r = lay_out(doc);
    assert_int_equal(find_line(r.pages, 0, "نص عربي ثم")->line->resolved_dir,
                     PANGO_DIRECTION_LTR);
    assert_int_equal(find_line(r.pages, 0, "نص عربي فقط")->line->resolved_dir,
                     PANGO_DIRECTION_RTL);
    result_free(&r);
    nashra_doc_free(doc);

    /* dir: auto: the first strong letter, as before. */
    doc = new_doc("ar");
    doc->meta.dir_auto = true;
    text(add(doc->root, NASHRA_NODE_PARAGRAPH), "Redis هو مخزن بيانات.");
    r = lay_out(doc);
    assert_int_equal(find_line(r.pages, 0, "Redis")->line->resolved_dir, PANGO_DIRECTION_LTR);
    result_free(&r);
    nashra_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_repeats_header),
        cmocka_unit_test(test_table_direction),
        cmocka_unit_test(test_table_never_overflows),
        cmocka_unit_test(test_callout_and_attribution),
        cmocka_unit_test(test_kept_together),
        cmocka_unit_test(test_numeric_column),
        cmocka_unit_test(test_alignment_is_physical),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_missing_image),
        cmocka_unit_test(test_footnotes_and_citations),
        cmocka_unit_test(test_block_direction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
