/* Tree links, iterator order and iterative freeing of deep trees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "doc/doc.h"

static struct nashra_pos at(int line, int col) { return (struct nashra_pos){line, col, 0}; }

static void test_iterator_order(void **state)
{
    (void)state;
    struct nashra_doc *doc = nashra_doc_new();
    struct nashra_node *p = nashra_node_new(NASHRA_NODE_PARAGRAPH, at(1, 1));
    struct nashra_node *t = nashra_node_new(NASHRA_NODE_TEXT, at(1, 1));
    struct nashra_node *em = nashra_node_new(NASHRA_NODE_EMPH, at(1, 5));
    struct nashra_node *t2 = nashra_node_new(NASHRA_NODE_TEXT, at(1, 6));
    nashra_node_set_literal(t, "abc ", 4);
    nashra_node_set_literal(t2, "def", 3);
    nashra_node_append_child(doc->root, p);
    nashra_node_append_child(p, t);
    nashra_node_append_child(p, em);
    nashra_node_append_child(em, t2);
    struct nashra_node *hr = nashra_node_new(NASHRA_NODE_THEMATIC_BREAK, at(3, 1));
    nashra_node_append_child(doc->root, hr);

    const char *expect[] = {"+document", "+paragraph", "+text", "+emph", "+text", "-emph",
                            "-paragraph", "+thematic_break", "-document"};
    struct nashra_iter it;
    nashra_iter_init(&it, doc->root);
    enum nashra_event ev;
    size_t i = 0;
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        assert_true(i < sizeof expect / sizeof *expect);
        char buf[64];
        snprintf(buf, sizeof buf, "%c%s", ev == NASHRA_EVENT_ENTER ? '+' : '-',
                 nashra_node_kind_name(it.cur->kind));
        assert_string_equal(buf, expect[i]);
        i++;
    }
    assert_int_equal(i, sizeof expect / sizeof *expect);

    char *plain = nashra_node_plain_text(p);
    assert_string_equal(plain, "abc def");
    g_free(plain);
    nashra_doc_free(doc);
}

static void test_deep_tree_frees_without_recursion(void **state)
{
    (void)state;
    struct nashra_doc *doc = nashra_doc_new();
    struct nashra_node *cur = doc->root;
    for (int i = 0; i < 200000; i++) {
        struct nashra_node *q = nashra_node_new(NASHRA_NODE_BLOCK_QUOTE, at(1, i + 1));
        nashra_node_append_child(cur, q);
        cur = q;
    }
    int depth = 0;
    struct nashra_iter it;
    nashra_iter_init(&it, doc->root);
    enum nashra_event ev;
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE)
        if (ev == NASHRA_EVENT_ENTER)
            depth++;
    assert_int_equal(depth, 200001);
    nashra_doc_free(doc);
}

static void test_unlink_and_insert(void **state)
{
    (void)state;
    struct nashra_node *parent = nashra_node_new(NASHRA_NODE_PARAGRAPH, at(1, 1));
    struct nashra_node *a = nashra_node_new(NASHRA_NODE_TEXT, at(1, 1));
    struct nashra_node *b = nashra_node_new(NASHRA_NODE_TEXT, at(1, 2));
    struct nashra_node *c = nashra_node_new(NASHRA_NODE_TEXT, at(1, 3));
    nashra_node_append_child(parent, b);
    nashra_node_insert_before(b, a);
    nashra_node_insert_after(b, c);
    assert_ptr_equal(parent->first_child, a);
    assert_ptr_equal(parent->last_child, c);
    assert_ptr_equal(a->next, b);
    assert_ptr_equal(c->prev, b);
    nashra_node_unlink(b);
    assert_ptr_equal(a->next, c);
    assert_ptr_equal(c->prev, a);
    assert_null(b->parent);
    nashra_node_free(b);
    nashra_node_free(parent);
}

/* A PDF/A level and ua-1 combine; two levels, or a name Typst does not use, are refused. */
static void test_pdf_standard_names(void **state)
{
    (void)state;
    struct nashra_pdf_standard s = {0};
    assert_null(nashra_pdf_standard_add(&s, "a-2u"));
    assert_null(nashra_pdf_standard_add(&s, "ua-1"));
    assert_null(nashra_pdf_standard_add(&s, "a-2u"));
    assert_int_equal(s.pdfa, NASHRA_PDFA_2U);
    assert_true(s.ua1);
    char *why = nashra_pdf_standard_add(&s, "a-3u");
    assert_string_equal(why, "PDF standards 'a-2u' and 'a-3u' exclude each other (a file is "
                             "one PDF/A part and level)");
    g_free(why);
    assert_int_equal(s.pdfa, NASHRA_PDFA_2U);
    why = nashra_pdf_standard_add(&s, "A-2U");
    assert_string_equal(why, "unknown PDF standard 'A-2U' (expected a-2b, a-2u, a-3u or ua-1)");
    g_free(why);
    assert_string_equal(nashra_pdfa_name(NASHRA_PDFA_3U), "a-3u");
    assert_null(nashra_pdfa_name(NASHRA_PDFA_NONE));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iterator_order),
        cmocka_unit_test(test_deep_tree_frees_without_recursion),
        cmocka_unit_test(test_unlink_and_insert),
        cmocka_unit_test(test_pdf_standard_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
