/* Parser unit tests: tree shape and source positions (line, code-point column, byte offset),
 * including Arabic text where columns and byte offsets differ. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"

#define ASSERT_POS(p, l, c)              \
    do {                                 \
        assert_int_equal((p).line, (l)); \
        assert_int_equal((p).col, (c));  \
    } while (0)

static void test_shape(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "# Title\n\nSome *emph* text.\n\n- one\n- two\n\n> quote\n",
             NASHRA_SYNTAX_COMMONMARK);
    struct nashra_node *root = r.doc->root;
    assert_int_equal(root->kind, NASHRA_NODE_DOCUMENT);
    struct nashra_node *h = root->first_child;
    assert_int_equal(h->kind, NASHRA_NODE_HEADING);
    assert_int_equal(h->as.heading.level, 1);
    struct nashra_node *p = h->next;
    assert_int_equal(p->kind, NASHRA_NODE_PARAGRAPH);
    struct nashra_node *list = p->next;
    assert_int_equal(list->kind, NASHRA_NODE_LIST);
    assert_true(list->as.list.tight);
    assert_int_equal(list->first_child->kind, NASHRA_NODE_ITEM);
    assert_ptr_equal(list->first_child->next, list->last_child);
    assert_int_equal(list->next->kind, NASHRA_NODE_BLOCK_QUOTE);
    assert_null(list->next->next);
    assert_int_equal(r.diag.errors + r.diag.warnings, 0);
    tp_free(&r);
}

static void test_block_positions(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "# Title\n\nSome *emph* text\nsecond line\n\n- one\n- two\n",
             NASHRA_SYNTAX_COMMONMARK);
    struct nashra_node *h = tp_find(r.doc->root, NASHRA_NODE_HEADING, 0);
    ASSERT_POS(h->start, 1, 1);
    ASSERT_POS(h->end, 1, 7);
    assert_int_equal(h->start.offset, 0);
    assert_int_equal(h->end.offset, 7);
    struct nashra_node *p = tp_find(r.doc->root, NASHRA_NODE_PARAGRAPH, 0);
    ASSERT_POS(p->start, 3, 1);
    ASSERT_POS(p->end, 4, 11);
    struct nashra_node *list = tp_find(r.doc->root, NASHRA_NODE_LIST, 0);
    ASSERT_POS(list->start, 6, 1);
    ASSERT_POS(list->end, 7, 5);
    struct nashra_node *item2 = tp_find(r.doc->root, NASHRA_NODE_ITEM, 1);
    ASSERT_POS(item2->start, 7, 1);
    tp_free(&r);
}

static void test_inline_positions(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "Some *emph* text\nsecond `code` and [a link](/u)\n", NASHRA_SYNTAX_COMMONMARK);
    struct nashra_node *em = tp_find(r.doc->root, NASHRA_NODE_EMPH, 0);
    ASSERT_POS(em->start, 1, 6);
    ASSERT_POS(em->end, 1, 11);
    assert_int_equal(em->start.offset, 5);
    assert_int_equal(em->end.offset, 11);
    struct nashra_node *t = em->first_child;
    assert_string_equal(t->literal, "emph");
    ASSERT_POS(t->start, 1, 7);
    ASSERT_POS(t->end, 1, 10);
    struct nashra_node *code = tp_find(r.doc->root, NASHRA_NODE_CODE, 0);
    ASSERT_POS(code->start, 2, 8);
    ASSERT_POS(code->end, 2, 13);
    struct nashra_node *soft = tp_find(r.doc->root, NASHRA_NODE_SOFTBREAK, 0);
    ASSERT_POS(soft->start, 1, 17);
    struct nashra_node *link = tp_find(r.doc->root, NASHRA_NODE_LINK, 0);
    ASSERT_POS(link->start, 2, 19);
    ASSERT_POS(link->end, 2, 30);
    assert_string_equal(link->as.link.url, "/u");
    ASSERT_POS(link->first_child->start, 2, 20);
    tp_free(&r);
}

static void test_arabic_columns(void **state)
{
    (void)state;
    struct tp_result r;
    /* Four Arabic letters of two bytes each, a space, then the emphasis. */
    tp_parse(&r, "ملخص *مهم*\n", NASHRA_SYNTAX_NASHRA);
    struct nashra_node *em = tp_find(r.doc->root, NASHRA_NODE_EMPH, 0);
    assert_non_null(em);
    ASSERT_POS(em->start, 1, 6);
    assert_int_equal(em->start.offset, 9);
    ASSERT_POS(em->end, 1, 10);
    assert_int_equal(em->end.offset, 9 + 1 + 6 + 1);
    struct nashra_node *t = em->first_child;
    assert_string_equal(t->literal, "مهم");
    ASSERT_POS(t->start, 1, 7);
    ASSERT_POS(t->end, 1, 9);
    tp_free(&r);
}

static void test_nested_container_positions(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "> - foo\n>   **bar**\n", NASHRA_SYNTAX_COMMONMARK);
    struct nashra_node *strong = tp_find(r.doc->root, NASHRA_NODE_STRONG, 0);
    ASSERT_POS(strong->start, 2, 5);
    ASSERT_POS(strong->end, 2, 11);
    struct nashra_node *item = tp_find(r.doc->root, NASHRA_NODE_ITEM, 0);
    ASSERT_POS(item->start, 1, 3);
    ASSERT_POS(item->end, 2, 11);
    tp_free(&r);
}

static void test_code_and_refs(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "```py\nx = 1\n```\n\n[r]: /url \"T\"\n\nsee [r]\n", NASHRA_SYNTAX_COMMONMARK);
    struct nashra_node *cb = tp_find(r.doc->root, NASHRA_NODE_CODE_BLOCK, 0);
    assert_true(cb->as.code.fenced);
    assert_string_equal(cb->as.code.info, "py");
    assert_string_equal(cb->literal, "x = 1\n");
    ASSERT_POS(cb->start, 1, 1);
    ASSERT_POS(cb->end, 3, 3);
    /* The definition leaves no paragraph behind. */
    struct nashra_node *p = tp_find(r.doc->root, NASHRA_NODE_PARAGRAPH, 0);
    ASSERT_POS(p->start, 7, 1);
    assert_null(p->next);
    struct nashra_node *link = tp_find(r.doc->root, NASHRA_NODE_LINK, 0);
    assert_string_equal(link->as.link.url, "/url");
    assert_string_equal(link->as.link.title, "T");
    ASSERT_POS(link->start, 7, 5);
    ASSERT_POS(link->end, 7, 7);
    tp_free(&r);
}

static void test_loose_list(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "1. a\n\n2. b\n", NASHRA_SYNTAX_COMMONMARK);
    struct nashra_node *list = tp_find(r.doc->root, NASHRA_NODE_LIST, 0);
    assert_int_equal(list->as.list.type, NASHRA_LIST_ORDERED);
    assert_int_equal(list->as.list.start, 1);
    assert_int_equal(list->as.list.delim, '.');
    assert_false(list->as.list.tight);
    tp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape),
        cmocka_unit_test(test_block_positions),
        cmocka_unit_test(test_inline_positions),
        cmocka_unit_test(test_arabic_columns),
        cmocka_unit_test(test_nested_container_positions),
        cmocka_unit_test(test_code_and_refs),
        cmocka_unit_test(test_loose_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
