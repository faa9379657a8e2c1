/* The brief's furniture laid out from constructed trees and meta: the masthead (series and
 * number, joined names, affiliations, localised date, linked source), the summary box, running
 * head and foot, the license and the "how to cite" box on the last page, paragraph numbers
 * with their destinations, and the report's contents page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/l10n.h"

#include "helpers.h"

static void heading(struct nashra_node *root, int level, const char *s)
{
    struct nashra_node *h = add(root, NASHRA_NODE_HEADING);
    h->as.heading.level = level;
    text(h, s);
}

static void person(struct nashra_meta *m, const char *name, const char *affiliation)
{
    struct nashra_person *p = nashra_person_new(name);
    p->affiliation = g_strdup(affiliation);
    g_ptr_array_add(m->people, p);
    g_ptr_array_add(m->authors, g_strdup(name));
}

static const char *AR_PARA =
    "تشهد المنطقة موسما جديدا من شح الأمطار في وقت يتزايد فيه الطلب على المياه للزراعة والشرب "
    "والطاقة، ولم يعد تراجع منسوب النهر ظاهرة عابرة بل صار عاملا يعيد رسم خريطة الاستقرار في "
    "القرى والمدن التي تعتمد عليه.";

/* An Arabic brief with the full masthead and N_PARAS paragraphs under a few headings. */
static struct nashra_doc *brief_doc(int n_paras)
{
    tree_build_line = 0;
    struct nashra_doc *doc = nashra_doc_new();
    struct nashra_meta *m = &doc->meta;
    m->lang = g_strdup("ar");
    m->title = g_strdup("الأمن المائي: خيارات التعاون");
    m->subtitle = g_strdup("قراءة في مسارات ممكنة");
    m->series = g_strdup("أوراق سياسات");
    m->number = g_strdup("14");
    person(m, "علي بكر", "مركز الدراسات");
    person(m, "سارة أحمد", "جامعة الشرق");
    person(m, "منى خليل", "مركز الدراسات");
    m->year = 2026, m->month = 11, m->day = 24;
    m->date = g_strdup("2026-11-24");
    m->source = g_strdup("نشرة المياه");
    m->source_url = g_strdup("https://example.org/water");
    m->source_issue = g_strdup("12");
    m->summary = g_strdup("خلاصة الورقة في سطرين.");
    m->license = g_strdup("رخصة المشاع الإبداعي");
    for (int i = 0; i < n_paras; i++) {
        if (i % 4 == 0)
            heading(doc->root, 2, i == 0 ? "المقدمة" : "قسم آخر");
        para(doc->root, AR_PARA);
    }
    return doc;
}

static const struct nashra_page *page(const struct result *r, guint p)
{
    return g_ptr_array_index(r->pages->pages, p);
}

static int count_kind(const struct result *r, guint p, enum nashra_item_kind kind,
                      const char *dest_prefix)
{
    int n = 0;
    const struct nashra_page *pg = page(r, p);
    for (guint i = 0; i < pg->items->len; i++) {
        const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
        if (it->kind == kind &&
            (!dest_prefix || (it->dest && g_str_has_prefix(it->dest, dest_prefix))))
            n++;
    }
    return n;
}

static void test_masthead(void **state)
{
    (void)state;
    struct nashra_doc *doc = brief_doc(3);
    struct result r = lay_out_template(doc, "brief", NULL);
    assert_non_null(find_line_containing(r.pages, 0, "أوراق سياسات \u2014 العدد ١٤"));
    assert_non_null(find_line_containing(r.pages, 0, "الأمن المائي: خيارات التعاون"));
    assert_non_null(find_line_containing(r.pages, 0, "قراءة في مسارات ممكنة"));
    assert_non_null(find_line_containing(r.pages, 0, "علي بكر، سارة أحمد ومنى خليل"));
    /* Affiliations once each, in order of first mention. */
    assert_non_null(find_line_containing(r.pages, 0, "مركز الدراسات، جامعة الشرق"));
    const struct nashra_item *date = find_line_containing(r.pages, 0, "٢٤ نوفمبر ٢٠٢٦");
    assert_non_null(date);
    const struct nashra_item *src = find_line_containing(r.pages, 0, "نُشر في: ");
    assert_non_null(src);
    char *t = line_text(src);
    assert_non_null(strstr(t, "نشرة المياه"));
    assert_non_null(strstr(t, "العدد ١٢"));
    g_free(t);
    /* The publication's name links to the source URL, on the source line. */
    bool link = false;
    const struct nashra_page *pg = page(&r, 0);
    for (guint i = 0; i < pg->items->len; i++) {
        const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
        if (it->kind == NASHRA_ITEM_LINK && it->uri &&
            !strcmp(it->uri, "https://example.org/water") && it->y < src->y &&
            it->y + it->h > src->y - 2)
            link = true;
    }
    assert_true(link);
    /* Masthead elements in reading order, start-aligned (right edge in RTL). */
    const struct nashra_item *title = find_line_containing(r.pages, 0, "الأمن المائي");
    assert_true(title->y < date->y && date->y < src->y);
    assert_true(fabs((title->x + title->w) - (date->x + date->w)) < 0.5);
    assert_true(title->x + title->w > r.st.page_width - r.st.margin_start - 20);
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_summary_box(void **state)
{
    (void)state;
    struct nashra_doc *doc = brief_doc(2);
    struct result r = lay_out_template(doc, "brief", NULL);
    const struct nashra_item *title = find_line_containing(r.pages, 0, "ملخص");
    const struct nashra_item *body = find_line_containing(r.pages, 0, "خلاصة الورقة في سطرين.");
    assert_non_null(title);
    assert_non_null(body);
    /* A tint behind them, the template's colour, and an accent bar. */
    bool tint = false, bar = false;
    const struct nashra_page *pg = page(&r, 0);
    for (guint i = 0; i < pg->items->len; i++) {
        const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
        if (it->kind != NASHRA_ITEM_RULE || it->y > body->y || it->y + it->h < title->y - 12)
            continue;
        if (it->r == r.st.tint.r && it->g == r.st.tint.g && it->b == r.st.tint.b)
            tint = true;
        if (it->r == r.st.accent.r && it->w < 5)
            bar = true;
    }
    assert_true(tint);
    assert_true(bar);
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_names_joined_in_english(void **state)
{
    (void)state;
    tree_build_line = 0;
    struct nashra_doc *doc = nashra_doc_new();
    doc->meta.lang = g_strdup("en");
    doc->meta.title = g_strdup("Heat");
    person(&doc->meta, "A", NULL);
    person(&doc->meta, "B", NULL);
    person(&doc->meta, "C", NULL);
    doc->meta.year = 2026, doc->meta.month = 7;
    para(doc->root, "Body.");
    struct result r = lay_out_template(doc, "brief", NULL);
    assert_non_null(find_line_containing(r.pages, 0, "A, B and C"));
    assert_non_null(find_line_containing(r.pages, 0, "July 2026"));
    assert_non_null(find_line_containing(r.pages, 0, "Page 1 of 1"));
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_running_head_and_foot(void **state)
{
    (void)state;
    struct nashra_doc *doc = brief_doc(24);
    struct result r = lay_out_template(doc, "brief", NULL);
    guint n = r.pages->pages->len;
    assert_true(n >= 3);
    /* The head: series and short title (up to the colon), from page 2, in the top margin. */
    const char *head = "أوراق سياسات \u2014 الأمن المائي";
    assert_null(find_line_containing(r.pages, 0, head));
    for (guint p = 1; p < n; p++) {
        const struct nashra_item *h = find_line_containing(r.pages, p, head);
        assert_non_null(h);
        assert_true(h->y < r.st.margin_top);
        assert_null(find_line_containing(r.pages, p, "خيارات التعاون")); /* short title only */
        /* start-aligned: right in RTL */
        assert_true(fabs(h->x + h->w - (r.st.page_width - r.st.margin_start)) < 0.5);
    }
    /* The foot on every page, with Arabic-Indic digits, centred, in the bottom margin. */
    for (guint p = 0; p < n; p++) {
        char *want = g_strdup_printf("صفحة %s من %s", p == 0 ? "١" : p == 1 ? "٢" : "٣",
                                     n == 3 ? "٣" : n == 4 ? "٤" : "٥");
        const struct nashra_item *f = find_line_containing(r.pages, p, want);
        assert_non_null(f);
        assert_true(f->y > r.st.page_height - r.st.margin_bottom);
        assert_true(fabs(f->x + f->w / 2 - r.st.page_width / 2) < 0.5);
        g_free(want);
    }
    /* The license only on the last page. */
    for (guint p = 0; p < n; p++) {
        bool license = find_line_containing(r.pages, p, "رخصة المشاع الإبداعي") != NULL;
        assert_true(license == (p == n - 1));
    }
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_latin_digits(void **state)
{
    (void)state;
    struct nashra_doc *doc = brief_doc(2);
    doc->meta.digits = NASHRA_DIGITS_LATIN;
    struct result r = lay_out_template(doc, "brief", NULL);
    assert_non_null(find_line_containing(r.pages, 0, "صفحة 1 من 1"));
    assert_non_null(find_line_containing(r.pages, 0, "24 نوفمبر 2026"));
    assert_non_null(find_line_containing(r.pages, 0, "العدد 14"));
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_body_digits(void **state)
{
    (void)state;
    struct nashra_doc *doc = brief_doc(0);
    struct nashra_node *p = add(doc->root, NASHRA_NODE_PARAGRAPH);
    text(p, "في عام 2026 تراجع المنسوب ");
    struct nashra_node *code = add(p, NASHRA_NODE_CODE);
    nashra_node_set_literal(code, "x42", 3);
    struct result r = lay_out_template(doc, "brief", NULL);
    assert_non_null(find_line_containing(r.pages, 0, "في عام 2026"));
    result_free(&r);
    doc->meta.body_digits = true;
    r = lay_out_template(doc, "brief", NULL);
    assert_non_null(find_line_containing(r.pages, 0, "في عام ٢٠٢٦"));
    assert_non_null(find_line_containing(r.pages, 0, "x42")); /* code keeps its digits */
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_cite_box_on_last_page(void **state)
{
    (void)state;
    struct nashra_doc *doc = brief_doc(14);
    const char *cite = "بكر، علي. الأمن المائي. أوراق سياسات ١٤، ٢٠٢٦.";
    struct result r = lay_out_template(doc, "brief", cite);
    guint n = r.pages->pages->len;
    for (guint p = 0; p < n; p++) {
        bool here = find_line_containing(r.pages, p, "للاستشهاد بهذه الورقة") != NULL;
        assert_true(here == (p == n - 1));
    }
    const struct nashra_item *t = find_line_containing(r.pages, n - 1, "للاستشهاد بهذه الورقة");
    const struct nashra_item *c = find_line_containing(r.pages, n - 1, "بكر، علي.");
    assert_non_null(c);
    assert_true(c->y > t->y);
    result_free(&r);
    /* No citation, no box. */
    r = lay_out_template(doc, "brief", NULL);
    for (guint p = 0; p < r.pages->pages->len; p++)
        assert_null(find_line_containing(r.pages, p, "للاستشهاد بهذه الورقة"));
    result_free(&r);
    nashra_doc_free(doc);
}

/* Ten paragraphs, a list item and a quote (not numbered), and a last paragraph. */
static struct nashra_doc *numbered_doc(bool numbers)
{
    struct nashra_doc *doc = brief_doc(10);
    struct nashra_node *list = add(doc->root, NASHRA_NODE_LIST);
    list->as.list.type = NASHRA_LIST_BULLET;
    list->as.list.tight = true;
    para(add(list, NASHRA_NODE_ITEM), "بند");
    para(add(doc->root, NASHRA_NODE_BLOCK_QUOTE), "اقتباس");
    para(doc->root, "الأخيرة");
    doc->meta.paragraph_numbers = numbers;
    return doc;
}

static void test_paragraph_numbers(void **state)
{
    (void)state;
    struct nashra_doc *doc = numbered_doc(false);
    struct result r = lay_out_template(doc, "brief", NULL);
    int dests = 0;
    for (guint p = 0; p < r.pages->pages->len; p++)
        dests += count_kind(&r, p, NASHRA_ITEM_DEST, "p");
    assert_int_equal(dests, 0);
    result_free(&r);
    nashra_doc_free(doc);

    /* The numbers are the resolve stage's, made once per document. */
    doc = numbered_doc(true);
    r = lay_out_template(doc, "brief", NULL);
    for (guint p = 0; p < r.pages->pages->len; p++)
        dests += count_kind(&r, p, NASHRA_ITEM_DEST, "p");
    assert_int_equal(dests, 11);
    /* p1 .. p11 each once; the number in the right margin (RTL), on the paragraph's line. */
    for (int i = 1; i <= 11; i++) {
        char name[16], *num = NULL;
        snprintf(name, sizeof name, "p%d", i);
        int found = 0;
        for (guint p = 0; p < r.pages->pages->len; p++) {
            const struct nashra_page *pg = page(&r, p);
            for (guint k = 0; k < pg->items->len; k++) {
                const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, k);
                if (it->kind == NASHRA_ITEM_DEST && !strcmp(it->dest, name))
                    found++;
            }
        }
        assert_int_equal(found, 1);
        (void)num;
    }
    /* In the PDF: named destinations p1 .. p11 (brief.pdf#p12 opens paragraph 12). */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct nashra_render_info info = {.meta = &doc->meta, .epoch = -1};
    assert_int_equal(nashra_render_pdf(r.pages, &info, f), 0);
    fclose(f);
    assert_non_null(memmem(buf, len, "(p1)", 4));
    assert_non_null(memmem(buf, len, "(p11)", 5));
    free(buf);
    const struct nashra_item *eleven = find_line_containing(r.pages, r.pages->pages->len - 1, "١١");
    assert_non_null(eleven);
    assert_true(eleven->x >= r.st.page_width - r.st.margin_start);
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_no_title(void **state)
{
    (void)state;
    tree_build_line = 0;
    struct nashra_doc *doc = nashra_doc_new();
    doc->meta.lang = g_strdup("ar");
    para(doc->root, AR_PARA);
    struct result r = lay_out_template(doc, "brief", NULL);
    assert_int_equal(r.pages->pages->len, 1);
    assert_null(find_line_containing(r.pages, 0, "نُشر في"));
    assert_non_null(find_line_containing(r.pages, 0, "صفحة ١ من ١"));
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_report_contents(void **state)
{
    (void)state;
    struct nashra_doc *doc = brief_doc(16);
    struct result r = lay_out_template(doc, "report", NULL);
    guint n = r.pages->pages->len;
    assert_true(n >= 4);
    /* Cover: the masthead alone, no head, no foot. */
    assert_non_null(find_line_containing(r.pages, 0, "الأمن المائي"));
    assert_null(find_line_containing(r.pages, 0, "صفحة"));
    assert_null(find_line_containing(r.pages, 0, AR_PARA));
    /* Contents on page 2: each row links to its heading's destination, and shows the page the
     * heading is on. */
    assert_non_null(find_line_containing(r.pages, 1, "المحتويات"));
    const struct nashra_page *pg = page(&r, 1);
    int rows = 0;
    for (guint i = 0; i < pg->items->len; i++) {
        const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
        if (it->kind != NASHRA_ITEM_LINK || !it->dest)
            continue;
        rows++;
        int on = -1;
        for (guint p = 0; p < n && on < 0; p++)
            for (guint k = 0; k < page(&r, p)->items->len; k++) {
                const struct nashra_item *d =
                    &g_array_index(page(&r, p)->items, struct nashra_item, k);
                if (d->kind == NASHRA_ITEM_DEST && !strcmp(d->dest, it->dest))
                    on = (int)p;
            }
        assert_true(on >= 2);
        char *num = nashra_format_number(on + 1, NASHRA_DIGITS_ARABIC_INDIC);
        /* The number on the row, at the end side (left in RTL). */
        bool shown = false;
        for (guint k = 0; k < pg->items->len; k++) {
            const struct nashra_item *l = &g_array_index(pg->items, struct nashra_item, k);
            if (l->kind != NASHRA_ITEM_LINE || l->y < it->y || l->y > it->y + it->h)
                continue;
            char *t = line_text(l);
            if (!strcmp(t, num) && l->x < r.st.page_width / 2)
                shown = true;
            g_free(t);
        }
        assert_true(shown);
        g_free(num);
    }
    assert_int_equal(rows, 4);
    /* The body starts on page 3. */
    assert_non_null(find_line_containing(r.pages, 2, "المقدمة"));
    result_free(&r);
    nashra_doc_free(doc);
}

static void test_memo(void **state)
{
    (void)state;
    struct nashra_doc *doc = brief_doc(20);
    struct result r = lay_out_template(doc, "memo", NULL);
    assert_true(r.pages->pages->len >= 2);
    /* Plain head: the title, no rule in the top margin. */
    assert_non_null(find_line_containing(r.pages, 1, "الأمن المائي: خيارات التعاون"));
    const struct nashra_page *pg = page(&r, 1);
    for (guint i = 0; i < pg->items->len; i++) {
        const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
        assert_false(it->kind == NASHRA_ITEM_RULE && it->y < r.st.margin_top);
    }
    result_free(&r);
    nashra_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_masthead),
        cmocka_unit_test(test_summary_box),
        cmocka_unit_test(test_names_joined_in_english),
        cmocka_unit_test(test_running_head_and_foot),
        cmocka_unit_test(test_latin_digits),
        cmocka_unit_test(test_body_digits),
        cmocka_unit_test(test_cite_box_on_last_page),
        cmocka_unit_test(test_paragraph_numbers),
        cmocka_unit_test(test_no_title),
        cmocka_unit_test(test_report_contents),
        cmocka_unit_test(test_memo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
