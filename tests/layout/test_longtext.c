/* Long paragraphs, laid out in windows (longtext.c): the same line breaks as one PangoLayout of
 * the whole text, a huge word without break opportunities wrapped into lines that fit, and
 * links and justification working on lines of later windows. Constructed trees, no parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "layout/layout_int.h"
#include "helpers.h"

/* About LEN bytes of words, Arabic and Latin mixed, of varied lengths (deterministic). */
static GString *words(size_t len, unsigned seed)
{
    static const char *const w[] = {"كلمة", "قصيرة", "والمحكمة", "الاستئناف", "word",
                                    "brief",  "appellate", "ب",        "نص",        "of"};
    GString *s = g_string_new(NULL);
    while (s->len < len) {
        seed = seed * 1103515245u + 12345u;
        g_string_append(s, w[(seed >> 16) % G_N_ELEMENTS(w)]);
        g_string_append_c(s, ' ');
    }
    g_string_truncate(s, s->len - 1);
    return s;
}

/* With a context of its own for the reference layouts. */
static struct result lay_out_ctx(struct nashra_doc *doc)
{
    struct result r = lay_out(doc);
    assert_non_null(r.pages);
    r.ctx = nashra_render_new_context();
    return r;
}

/* The body's LINE items in order (not the page numbers below the text area). */
static GPtrArray *body_lines(const struct result *r)
{
    GPtrArray *a = g_ptr_array_new();
    for (guint p = 0; p < r->pages->pages->len; p++) {
        const struct nashra_page *pg = g_ptr_array_index(r->pages->pages, p);
        for (guint i = 0; i < pg->items->len; i++) {
            struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
            if (it->kind == NASHRA_ITEM_LINE && it->y < r->st.page_height - r->st.margin_bottom)
                g_ptr_array_add(a, it);
        }
    }
    return a;
}

static struct nashra_doc *one_paragraph(const char *lang, const char *s, size_t len)
{
    tree_build_line = 0;
    struct nashra_doc *doc = nashra_doc_new();
    doc->meta.lang = g_strdup(lang);
    text_len(add(doc->root, NASHRA_NODE_PARAGRAPH), s, len);
    return doc;
}

static void same_breaks(const char *lang, unsigned seed)
{
    GString *s = words(40000, seed);
    assert_true(layout_text_is_long(s->str, s->len));
    struct nashra_doc *doc = one_paragraph(lang, s->str, s->len);
    struct result r = lay_out_ctx(doc);
    GPtrArray *lines = body_lines(&r);

    /* The reference: one PangoLayout of the whole text, set up as the layout sets paragraphs. */
    bool rtl = strcmp(lang, "ar") == 0;
    pango_context_set_base_dir(r.ctx, rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
    pango_context_set_language(r.ctx, pango_language_from_string(lang));
    PangoLayout *pl = pango_layout_new(r.ctx);
    PangoFontDescription *fd = layout_font(r.st.body_font, r.st.body_size, PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(pl, fd);
    double width = r.st.page_width - r.st.margin_start - r.st.margin_end;
    pango_layout_set_width(pl, (int)lround(width * PANGO_SCALE));
    pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(pl, s->str, (int)s->len);
    PangoAttrList *attrs = pango_attr_list_new();
    PangoAttribute *a = pango_attr_insert_hyphens_new(FALSE);
    a->start_index = 0;
    a->end_index = G_MAXUINT;
    pango_attr_list_insert(attrs, a);
    layout_arabic_no_kern(s->str, s->len, attrs);
    pango_layout_set_attributes(pl, attrs);

    assert_int_equal(pango_layout_get_line_count(pl), (int)lines->len);
    int i = 0;
    size_t at = 0;
    for (GSList *l = pango_layout_get_lines_readonly(pl); l; l = l->next, i++) {
        PangoLayoutLine *ln = l->data;
        char *got = line_text(g_ptr_array_index(lines, i));
        assert_int_equal(ln->start_index, (int)at);
        assert_int_equal(strlen(got), ln->length);
        assert_memory_equal(got, s->str + ln->start_index, ln->length);
        at += strlen(got);
        g_free(got);
    }
    assert_int_equal(at, s->len);
    pango_attr_list_unref(attrs);
    pango_font_description_free(fd);
    g_object_unref(pl);
    g_ptr_array_free(lines, TRUE);
    result_free(&r);
    nashra_doc_free(doc);
    g_string_free(s, TRUE);
}

static void test_same_breaks_rtl(void **state)
{
    (void)state;
    same_breaks("ar", 1);
}

static void test_same_breaks_ltr(void **state)
{
    (void)state;
    same_breaks("en", 7);
}

/* 200,000 Arabic letters, no break opportunity: lines that fit, the text kept whole. */
static void test_huge_word(void **state)
{
    (void)state;
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 200000; i++)
        g_string_append(s, "ب");
    struct nashra_doc *doc = one_paragraph("ar", s->str, s->len);
    struct result r = lay_out_ctx(doc);
    GPtrArray *lines = body_lines(&r);
    double width = r.st.page_width - r.st.margin_start - r.st.margin_end;
    assert_true(lines->len > 1000);
    GString *all = g_string_new(NULL);
    for (guint i = 0; i < lines->len; i++) {
        const struct nashra_item *it = g_ptr_array_index(lines, i);
        assert_true(it->w <= width + 0.01);
        assert_true(it->x >= r.st.margin_end - 0.01);
        assert_true(it->x + it->w <= r.st.page_width - r.st.margin_start + 0.01);
        /* All but the last are nearly full. */
        if (i + 1 < lines->len)
            assert_true(it->w > width * 0.9);
        char *t = line_text(it);
        g_string_append(all, t);
        g_free(t);
    }
    assert_int_equal(all->len, s->len);
    assert_memory_equal(all->str, s->str, s->len);
    g_string_free(all, TRUE);
    g_ptr_array_free(lines, TRUE);
    result_free(&r);
    nashra_doc_free(doc);
    g_string_free(s, TRUE);
}

/* A link far into a long paragraph gets its rectangle on its line; lines of later windows are
 * justified (full width) but for the paragraph's last. */
static void test_late_link_and_justify(void **state)
{
    (void)state;
    tree_build_line = 0;
    struct nashra_doc *doc = nashra_doc_new();
    doc->meta.lang = g_strdup("ar");
    struct nashra_node *para = add(doc->root, NASHRA_NODE_PARAGRAPH);
    GString *before = words(30000, 3), *after = words(3000, 5);
    text_len(para, before->str, before->len);
    text_len(para, " ", 1);
    struct nashra_node *link = add(para, NASHRA_NODE_LINK);
    link->as.link.url = g_strdup("https://example.org/late");
    text_len(link, "الرابط المتأخر", strlen("الرابط المتأخر"));
    text_len(para, " ", 1);
    text_len(para, after->str, after->len);
    struct result r = lay_out_ctx(doc);
    GPtrArray *lines = body_lines(&r);
    double width = r.st.page_width - r.st.margin_start - r.st.margin_end;
    for (guint i = 0; i + 1 < lines->len; i++) {
        const struct nashra_item *it = g_ptr_array_index(lines, i);
        assert_true(fabs(it->w - width) < 0.01);
        assert_true(fabs(it->x - r.st.margin_end) < 0.01);
    }
    int found = 0;
    for (guint p = 0; p < r.pages->pages->len; p++) {
        const struct nashra_page *pg = g_ptr_array_index(r.pages->pages, p);
        for (guint i = 0; i < pg->items->len; i++) {
            const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
            if (it->kind != NASHRA_ITEM_LINK)
                continue;
            assert_string_equal(it->uri, "https://example.org/late");
            assert_true(it->w > 20 && it->w <= width);
            /* On the line holding the link's text. */
            bool on_line = false;
            for (guint k = 0; k < pg->items->len; k++) {
                const struct nashra_item *ln = &g_array_index(pg->items, struct nashra_item, k);
                if (ln->kind != NASHRA_ITEM_LINE || ln->y < it->y || ln->y > it->y + it->h)
                    continue;
                char *t = line_text(ln);
                on_line = strstr(t, "الرابط") || strstr(t, "المتأخر");
                g_free(t);
                assert_true(it->x >= ln->x - 0.01 && it->x + it->w <= ln->x + ln->w + 0.01);
            }
            assert_true(on_line);
            found++;
        }
    }
    assert_true(found >= 1 && found <= 2);
    g_ptr_array_free(lines, TRUE);
    result_free(&r);
    nashra_doc_free(doc);
    g_string_free(before, TRUE);
    g_string_free(after, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_breaks_rtl),
        cmocka_unit_test(test_same_breaks_ltr),
        cmocka_unit_test(test_huge_word),
        cmocka_unit_test(test_late_link_and_justify),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
