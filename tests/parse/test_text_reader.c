/* The plain-text reader (--from text) on constructed articles: paragraphs, colon headings,
 * bullet lists, byline and source detection, front matter and -M precedence, positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"

/* From src/parse/internal.h (whose parse_text would clash with the helper below). */
bool parse_text_date(const char *line, size_t len, int *year, int *month, int *day);

static void parse_text(struct tp_result *r, const char *src, const char *const *m, int n)
{
    struct nashra_parse_options opts = {.from = NASHRA_FROM_TEXT, .metadata = m, .n_metadata = n};
    tp_parse_opts(r, src, strlen(src), &opts);
}

static const char *text_of(struct nashra_node *n)
{
    assert_non_null(n);
    assert_non_null(n->first_child);
    assert_int_equal(n->first_child->kind, NASHRA_NODE_TEXT);
    return n->first_child->literal;
}

static const char *const ARTICLE =
    "The first paragraph of the article, long enough to be a sentence.\n"
    "A second paragraph on the next line.\n"
    "\n"
    "What comes next:\n"
    "Some points follow in a list, as published in the paper:\n"
    "(*) point one, with detail.\n"
    "(*)point two.\n"
    "- a dash item\n"
    "A closing paragraph that ends the text.\n"
    "  Jane Doe  \n"
    "The Policy Review";

static void test_structure(void **state)
{
    (void)state;
    struct tp_result r;
    parse_text(&r, ARTICLE, NULL, 0);
    struct nashra_node *root = r.doc->root;
    assert_int_equal(r.diag.errors, 0);
    assert_non_null(strstr(r.messages, "warning: no title: set one with -M title="));
    struct nashra_node *n = root->first_child;
    assert_int_equal(n->kind, NASHRA_NODE_PARAGRAPH);
    assert_string_equal(text_of(n),
                        "The first paragraph of the article, long enough to be a sentence.");
    n = n->next;
    assert_int_equal(n->kind, NASHRA_NODE_PARAGRAPH);
    assert_int_equal(n->start.line, 2);
    n = n->next;
    assert_int_equal(n->kind, NASHRA_NODE_HEADING);
    assert_int_equal(n->as.heading.level, 2);
    assert_string_equal(text_of(n), "What comes next");
    assert_int_equal(n->start.line, 4);
    assert_int_equal(n->end.col, 16);
    assert_int_equal(n->first_child->end.col, 15);
    assert_non_null(n->as.heading.id);
    n = n->next; /* more than ten words: a paragraph, though it ends in a colon */
    assert_int_equal(n->kind, NASHRA_NODE_PARAGRAPH);
    n = n->next;
    assert_int_equal(n->kind, NASHRA_NODE_LIST);
    assert_int_equal(n->as.list.type, NASHRA_LIST_BULLET);
    assert_true(n->as.list.tight);
    struct nashra_node *item = n->first_child;
    int items = 0;
    for (struct nashra_node *i = item; i; i = i->next)
        items++;
    assert_int_equal(items, 3);
    assert_int_equal(item->start.line, 6);
    assert_int_equal(item->start.col, 1);
    assert_string_equal(text_of(item->first_child), "point one, with detail.");
    assert_int_equal(item->first_child->start.col, 5);
    assert_string_equal(text_of(item->next->first_child), "point two.");
    assert_int_equal(item->next->first_child->start.col, 4);
    assert_string_equal(text_of(item->next->next->first_child), "a dash item");
    assert_int_equal(n->start.line, 6);
    assert_int_equal(n->end.line, 8);
    n = n->next;
    assert_int_equal(n->kind, NASHRA_NODE_PARAGRAPH);
    assert_string_equal(text_of(n), "A closing paragraph that ends the text.");
    assert_null(n->next); /* byline and source left the body */
    const struct nashra_meta *m = &r.doc->meta;
    assert_int_equal(m->authors->len, 1);
    assert_string_equal(g_ptr_array_index(m->authors, 0), "Jane Doe");
    assert_int_equal(m->people->len, 1);
    assert_string_equal(m->source, "The Policy Review");
    assert_null(m->lang);
    tp_free(&r);
}

static void test_front_matter_and_m_win(void **state)
{
    (void)state;
    static const char *const m[] = {"title=Given", "source=Set Elsewhere"};
    struct tp_result r;
    char *src = g_strconcat("---\nauthor: Someone Else\n---\n", ARTICLE, NULL);
    parse_text(&r, src, m, 2);
    assert_int_equal(r.diag.errors + r.diag.warnings, 0);
    assert_string_equal(r.doc->meta.title, "Given");
    assert_int_equal(r.doc->meta.authors->len, 1);
    assert_string_equal(g_ptr_array_index(r.doc->meta.authors, 0), "Someone Else");
    assert_string_equal(r.doc->meta.source, "Set Elsewhere");
    /* Positions count the front matter's lines. */
    assert_int_equal(r.doc->root->first_child->start.line, 4);
    struct nashra_node *h = tp_find(r.doc->root, NASHRA_NODE_HEADING, 0);
    assert_int_equal(h->start.line, 7);
    g_free(src);
    tp_free(&r);
}

static void test_arabic_byline(void **state)
{
    (void)state;
    struct tp_result r;
    parse_text(&r,
               "فقرة أولى طويلة بما يكفي لتكون جملة كاملة في مقال منشور.\n"
               "عنوان قصير:\n"
               "• بند أول.\n"
               "• بند ثان.\n"
               "\n"
               "سارة أحمد\n"
               "علي بكر\n"
               "مجلة السياسة الدولية\n",
               NULL, 0);
    const struct nashra_meta *m = &r.doc->meta;
    assert_int_equal(m->authors->len, 2);
    assert_string_equal(g_ptr_array_index(m->authors, 0), "سارة أحمد");
    assert_string_equal(g_ptr_array_index(m->authors, 1), "علي بكر");
    assert_string_equal(m->source, "مجلة السياسة الدولية");
    assert_string_equal(m->lang, "ar");
    struct nashra_node *h = tp_find(r.doc->root, NASHRA_NODE_HEADING, 0);
    assert_string_equal(text_of(h), "عنوان قصير");
    assert_int_equal(h->first_child->end.col, 10);
    struct nashra_node *list = tp_find(r.doc->root, NASHRA_NODE_LIST, 0);
    assert_non_null(list);
    assert_int_equal(list->first_child->first_child->start.col, 3);
    assert_null(list->next);
    tp_free(&r);
}

static void test_no_byline(void **state)
{
    (void)state;
    struct tp_result r;
    /* Short lines that end sentences are not a byline; one paragraph alone never is. */
    parse_text(&r, "A paragraph.\nIt ends here.\n", NULL, 0);
    assert_int_equal(r.doc->meta.authors->len, 0);
    assert_null(r.doc->meta.source);
    assert_non_null(tp_find(r.doc->root, NASHRA_NODE_PARAGRAPH, 1));
    tp_free(&r);
    parse_text(&r, "Only line\n", NULL, 0);
    assert_int_equal(r.doc->meta.authors->len, 0);
    assert_non_null(tp_find(r.doc->root, NASHRA_NODE_PARAGRAPH, 0));
    tp_free(&r);
    parse_text(&r, "", NULL, 0);
    assert_null(r.doc->root->first_child);
    tp_free(&r);
}

/* Datelines as articles print them, in the digits and month names of their language. */
static void test_dates(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        int y, m, d;
    } ok[] = {
        {"2026-12-03", 2026, 12, 3},
        {"December 3, 2026", 2026, 12, 3},
        {"Wednesday, 3 Dec 2026", 2026, 12, 3},
        {"3 décembre 2026", 2026, 12, 3},
        {"\xD9\xA3 \xD8\xAF\xD9\x8A\xD8\xB3\xD9\x85\xD8\xA8\xD8\xB1 "
         "\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA6", 2026, 12, 3}, /* ٣ ديسمبر ٢٠٢٦ */
        {"3 \xD9\x83\xD8\xA7\xD9\x86\xD9\x88\xD9\x86 \xD8\xA7\xD9\x84\xD8\xA3"
         "\xD9\x88\xD9\x84 2026\xD9\x85", 2026, 12, 3}, /* 3 كانون الأول 2026م */
        {"\xDB\xB3 \xD8\xAF\xD8\xB3\xD8\xA7\xD9\x85\xD8\xA8\xD8\xB1 "
         "\xDB\xB2\xDB\xB0\xDB\xB2\xDB\xB6", 2026, 12, 3}, /* ۳ دسامبر ۲۰۲۶ */
        /* ۱۲ آذر ۱۴۰۵, solar Hijri */
        {"\xDB\xB1\xDB\xB2 \xD8\xA2\xD8\xB0\xD8\xB1 \xDB\xB1\xDB\xB4\xDB\xB0\xDB\xB5",
         2026, 12, 3},
        {"1 \xD9\x81\xD8\xB1\xD9\x88\xD8\xB1\xD8\xAF\xDB\x8C\xD9\x86 1405", 2026, 3, 21},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int y = 0, m = 0, d = 0;
        if (!parse_text_date(ok[i].line, strlen(ok[i].line), &y, &m, &d))
            fail_msg("not a date: %s", ok[i].line);
        assert_int_equal(y, ok[i].y);
        assert_int_equal(m, ok[i].m);
        assert_int_equal(d, ok[i].d);
    }
    static const char *const no[] = {"2026", "December 2026", "31 February 2026",
                                     "3 December 2026 was cold", "Jane Doe", ""};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        int y, m, d;
        if (parse_text_date(no[i], strlen(no[i]), &y, &m, &d))
            fail_msg("taken for a date: %s", no[i]);
    }
}

/* The headline becomes the title; markers are dropped from the byline and source. */
static void test_headline_and_markers(void **state)
{
    (void)state;
    struct tp_result r;
    parse_text(&r,
               "A Short Headline: With a Colon\n"
               "By Jane Doe, Sam Wright\n"
               "Source: The Review\n"
               "The body, one sentence long.\n"
               "Another paragraph.\n",
               NULL, 0);
    const struct nashra_meta *m = &r.doc->meta;
    assert_int_equal(r.diag.warnings, 0);
    assert_string_equal(m->title, "A Short Headline: With a Colon");
    assert_int_equal(m->authors->len, 2);
    assert_string_equal(g_ptr_array_index(m->authors, 1), "Sam Wright");
    assert_string_equal(m->source, "The Review");
    assert_int_equal(r.doc->root->first_child->start.line, 4);
    tp_free(&r);
    /* Without a date or a marker, a short second line is a heading, not a byline. */
    parse_text(&r, "Headline\nFirst Section\nBody text here.\n", NULL, 0);
    assert_string_equal(r.doc->meta.title, "Headline");
    assert_int_equal(r.doc->meta.authors->len, 0);
    assert_int_equal(r.doc->root->first_child->kind, NASHRA_NODE_HEADING);
    tp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_front_matter_and_m_win),
        cmocka_unit_test(test_arabic_byline),
        cmocka_unit_test(test_no_byline),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_headline_and_markers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
