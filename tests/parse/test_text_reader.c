/* The plain-text reader (--from text) on constructed articles: paragraphs, colon headings,
 * bullet lists, byline and source detection, front matter and -M precedence, positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_front_matter_and_m_win),
        cmocka_unit_test(test_arabic_byline),
        cmocka_unit_test(test_no_byline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
