/* Footnotes laid out from constructed trees: each note at the foot of the page of its first
 * call, under a short rule on the document's start side (right in RTL, left in LTR), smaller
 * than the body; a note too long for its page continues on the next under a full-width rule;
 * nothing runs into the page's foot. style.endnotes keeps them after the body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* A paragraph of S repeated REPEAT times, with a call to note DEF at its end when DEF is not
 * NULL. */
static void note_para(struct nashra_node *root, const char *s, int repeat, struct nashra_node *def)
{
    struct nashra_node *p = add(root, NASHRA_NODE_PARAGRAPH);
    GString *t = g_string_new(NULL);
    for (int i = 0; i < repeat; i++)
        g_string_append(t, s);
    text(p, t->str);
    g_string_free(t, TRUE);
    if (def) {
        struct nashra_node *ref = add(p, NASHRA_NODE_FOOTNOTE_REF);
        ref->as.footnote.index = def->as.footnote.index;
        ref->as.footnote.label = g_strdup("n");
        ref->as.footnote.def = def;
    }
}

/* A note definition numbered INDEX; appended to the root after the body, as the parser
 * moves definitions there. */
static struct nashra_node *note(int index)
{
    struct nashra_node *d = nashra_node_new(NASHRA_NODE_FOOTNOTE_DEF, (struct nashra_pos){1, 1, 0});
    d->as.footnote.index = index;
    return d;
}

/* The pages alone (NULL after an error), the notes at the foot or as ENDNOTES. */
static struct nashra_pages *lay_out_notes(struct nashra_doc *doc, bool endnotes)
{
    struct result r = {0};
    nashra_template_default_style(&r.st);
    r.st.endnotes = endnotes;
    lay_out_style(&r, doc);
    struct nashra_pages *pages = r.pages;
    r.pages = NULL;
    result_free(&r);
    return pages;
}

/* The thin rules on page P lower than Y (the note rules, not the masthead's). */
static int rules_below(const struct nashra_pages *pages, guint p, double y,
                       const struct nashra_item **out, int max)
{
    const struct nashra_page *pg = g_ptr_array_index(pages->pages, p);
    int n = 0;
    for (guint i = 0; i < pg->items->len; i++) {
        const struct nashra_item *x = &g_array_index(pg->items, struct nashra_item, i);
        if (x->kind == NASHRA_ITEM_RULE && x->h < 1 && x->y > y && n < max)
            out[n++] = x;
    }
    return n;
}

static double font_size(const struct nashra_item *it)
{
    return pango_font_description_get_size(pango_layout_get_font_description(it->line->layout)) /
           (double)PANGO_SCALE;
}

/* No text runs below the text area (into the page's foot), except the foot itself. */
static void assert_inside(const struct nashra_pages *pages)
{
    struct nashra_style st;
    nashra_template_default_style(&st);
    double bottom = st.page_height - st.margin_bottom;
    for (guint p = 0; p < pages->pages->len; p++) {
        const struct nashra_page *pg = g_ptr_array_index(pages->pages, p);
        for (guint i = 0; i < pg->items->len; i++) {
            const struct nashra_item *x = &g_array_index(pg->items, struct nashra_item, i);
            if (x->kind == NASHRA_ITEM_LINE && x->y > bottom)
                assert_true(x->y > st.page_height - st.margin_bottom * 0.6); /* the foot */
        }
    }
}

static void check_short_note(const char *lang, const char *body, const char *note_text, bool rtl)
{
    struct nashra_doc *doc = nashra_doc_new();
    doc->meta.lang = g_strdup(lang);
    tree_build_line = 0;
    struct nashra_node *d = note(1);
    for (int i = 0; i < 3; i++)
        note_para(doc->root, body, 6, i == 1 ? d : NULL);
    nashra_node_append_child(doc->root, d);
    text(add(d, NASHRA_NODE_PARAGRAPH), note_text);
    struct nashra_pages *pages = lay_out_notes(doc, false);
    assert_non_null(pages);
    const struct nashra_item *nl = NULL, *bl = NULL;
    int np = find_line_page(pages, note_text, &nl);
    assert_int_equal(np, 0);
    assert_int_equal(find_dest(pages, "fnref-1"), 0);
    assert_int_equal(find_dest(pages, "fn-1"), 0);
    assert_int_equal(find_line_page(pages, body, &bl), 0);
    /* Smaller, below the body, under a short rule on the start side. */
    struct nashra_style st;
    nashra_template_default_style(&st);
    assert_float_equal(font_size(nl), st.notes_size, 0.01);
    assert_true(nl->y > bl->y);
    const struct nashra_item *r[4];
    assert_int_equal(rules_below(pages, 0, bl->y, r, 4), 1);
    assert_true(r[0]->y < nl->y - st.notes_size * 0.8);
    double mid = st.page_width / 2;
    assert_true(r[0]->w < (st.page_width - st.margin_start - st.margin_end) / 2);
    if (rtl)
        assert_float_equal(r[0]->x + r[0]->w, st.page_width - st.margin_start, 0.01);
    else
        assert_float_equal(r[0]->x, st.margin_start, 0.01);
    assert_true(rtl ? r[0]->x > mid : r[0]->x + r[0]->w < mid);
    assert_inside(pages);
    nashra_pages_free(pages);
    nashra_doc_free(doc);
}

static void test_note_on_call_page_rtl(void **state)
{
    (void)state;
    check_short_note("ar", "نص عربي طويل يملأ السطر بالكلمات. ", "حاشية قصيرة عن الموضوع.", true);
}

static void test_note_on_call_page_ltr(void **state)
{
    (void)state;
    check_short_note("en", "English body text that fills the line. ", "A short note.", false);
}

/* An English note in an Arabic brief runs LTR; its rule stays on the right. */
static void test_english_note_in_arabic(void **state)
{
    (void)state;
    check_short_note("ar", "نص عربي طويل يملأ السطر بالكلمات. ", "An English note.", true);
    struct nashra_doc *doc = nashra_doc_new();
    doc->meta.lang = g_strdup("ar");
    struct nashra_node *d = note(1);
    note_para(doc->root, "نص عربي. ", 3, d);
    nashra_node_append_child(doc->root, d);
    text(add(d, NASHRA_NODE_PARAGRAPH), "An English note.");
    struct nashra_pages *pages = lay_out_notes(doc, false);
    const struct nashra_item *nl = NULL;
    assert_int_equal(find_line_page(pages, "An English note.", &nl), 0);
    assert_int_equal(nl->line->resolved_dir, PANGO_DIRECTION_LTR);
    nashra_pages_free(pages);
    nashra_doc_free(doc);
}

/* A long note called near the top of the first page continues on the next page under a
 * full-width rule. */
static void test_long_note_continues(void **state)
{
    (void)state;
    struct nashra_doc *doc = nashra_doc_new();
    doc->meta.lang = g_strdup("ar");
    struct nashra_node *d = note(1);
    for (int i = 0; i < 30; i++)
        note_para(doc->root, "فقرة من النص تملأ الصفحات. ", 8, i == 1 ? d : NULL);
    nashra_node_append_child(doc->root, d);
    for (int i = 0; i < 40; i++)
        text(add(d, NASHRA_NODE_PARAGRAPH),
             i == 39 ? "آخر الحاشية الطويلة." : "جزء من حاشية طويلة جدا.");
    struct nashra_pages *pages = lay_out_notes(doc, false);
    assert_non_null(pages);
    int call = find_dest(pages, "fnref-1");
    assert_true(call >= 0);
    assert_int_equal(find_line_page(pages, "جزء من حاشية", NULL), call);
    int last = find_line_page(pages, "آخر الحاشية", NULL);
    assert_true(last > call);
    struct nashra_style st;
    nashra_template_default_style(&st);
    double width = st.page_width - st.margin_start - st.margin_end;
    /* The call's page: a short rule; the next: a full-width one. */
    const struct nashra_item *r[4];
    assert_int_equal(rules_below(pages, call, st.margin_top + 20, r, 4), 1);
    assert_true(r[0]->w < width / 2);
    assert_int_equal(rules_below(pages, call + 1, st.margin_top, r, 4), 1);
    assert_float_equal(r[0]->w, width, 0.01);
    assert_inside(pages);
    nashra_pages_free(pages);
    nashra_doc_free(doc);
}

/* Two notes on a page in order; a note called twice is printed once. */
static void test_two_notes(void **state)
{
    (void)state;
    struct nashra_doc *doc = nashra_doc_new();
    doc->meta.lang = g_strdup("en");
    struct nashra_node *a = note(1), *b = note(2);
    note_para(doc->root, "First paragraph. ", 4, a);
    note_para(doc->root, "Second paragraph. ", 4, b);
    note_para(doc->root, "Third paragraph. ", 4, a);
    nashra_node_append_child(doc->root, a);
    nashra_node_append_child(doc->root, b);
    text(add(a, NASHRA_NODE_PARAGRAPH), "Note one.");
    text(add(b, NASHRA_NODE_PARAGRAPH), "Note two.");
    struct nashra_pages *pages = lay_out_notes(doc, false);
    const struct nashra_item *x = NULL, *y = NULL;
    assert_int_equal(find_line_page(pages, "Note one.", &x), 0);
    assert_int_equal(find_line_page(pages, "Note two.", &y), 0);
    assert_true(x->y < y->y);
    int count = 0;
    const struct nashra_page *pg = g_ptr_array_index(pages->pages, 0);
    for (guint i = 0; i < pg->items->len; i++) {
        const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
        count += it->kind == NASHRA_ITEM_LINE && g_str_has_prefix(line_from(it), "Note one.");
    }
    assert_int_equal(count, 1);
    nashra_pages_free(pages);
    nashra_doc_free(doc);
}

/* A note called in another note goes on that note's page, not after the notes called later in
 * the body (it is numbered after them). */
static void test_note_in_note(void **state)
{
    (void)state;
    struct nashra_doc *doc = nashra_doc_new();
    doc->meta.lang = g_strdup("en");
    struct nashra_node *a = note(1), *b = note(2), *d = note(3), *c = note(4);
    for (int i = 0; i < 80; i++)
        note_para(doc->root, "Body text of the brief. ", 10,
             i == 0    ? a
             : i == 5  ? b
             : i == 79 ? d
                       : NULL);
    nashra_node_append_child(doc->root, a);
    nashra_node_append_child(doc->root, b);
    nashra_node_append_child(doc->root, d);
    nashra_node_append_child(doc->root, c);
    text(add(a, NASHRA_NODE_PARAGRAPH), "Note A.");
    note_para(b, "Note B calls ", 1, c);
    text(add(d, NASHRA_NODE_PARAGRAPH), "Note D.");
    text(add(c, NASHRA_NODE_PARAGRAPH), "Note C.");
    struct nashra_pages *pages = lay_out_notes(doc, false);
    assert_non_null(pages);
    int pb = find_line_page(pages, "Note B calls", NULL);
    int pd = find_line_page(pages, "Note D.", NULL);
    assert_true(pd > pb);
    assert_int_equal(find_dest(pages, "fnref-2"), pb);
    assert_int_equal(find_line_page(pages, "Note C.", NULL), pb);
    nashra_pages_free(pages);
    nashra_doc_free(doc);
}

/* style.endnotes: the notes after the body under the localised heading. */
static void test_endnotes_style(void **state)
{
    (void)state;
    struct nashra_doc *doc = nashra_doc_new();
    doc->meta.lang = g_strdup("ar");
    struct nashra_node *d = note(1);
    note_para(doc->root, "نص عربي. ", 3, d);
    nashra_node_append_child(doc->root, d);
    text(add(d, NASHRA_NODE_PARAGRAPH), "حاشية.");
    struct nashra_pages *pages = lay_out_notes(doc, true);
    const struct nashra_item *h = NULL, *n = NULL;
    assert_int_equal(find_line_page(pages, "الحواشي", &h), 0);
    assert_int_equal(find_line_page(pages, "حاشية.", &n), 0);
    assert_true(n->y > h->y);
    nashra_pages_free(pages);
    nashra_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_note_on_call_page_rtl),
        cmocka_unit_test(test_note_on_call_page_ltr),
        cmocka_unit_test(test_english_note_in_arabic),
        cmocka_unit_test(test_long_note_continues),
        cmocka_unit_test(test_two_notes),
        cmocka_unit_test(test_endnotes_style),
        cmocka_unit_test(test_note_in_note),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
