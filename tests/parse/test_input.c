/* Input cleaning tests: NUL and invalid UTF-8 become U+FFFD (with one warning per line naming
 * the byte), CRLF line endings, and the container nesting cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"

static void test_nul(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse_len(&r, "a\0b\n", 4, NASHRA_SYNTAX_COMMONMARK);
    struct nashra_node *t = tp_find(r.doc->root, NASHRA_NODE_TEXT, 0);
    assert_string_equal(t->literal, "a\xEF\xBF\xBD"
                                    "b");
    assert_int_equal(r.diag.warnings + r.diag.errors, 0);
    assert_int_equal(t->end.col, 3);
    assert_int_equal(t->end.offset, 3);
    tp_free(&r);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    struct tp_result r;
    const char src[] = "fine\nab\xff\xfe *x*\n\xc3(\n";
    tp_parse_len(&r, src, sizeof src - 1, NASHRA_SYNTAX_COMMONMARK);
    /* One warning per line, at the first bad byte, counting the others. */
    assert_int_equal(r.diag.warnings, 2);
    assert_non_null(strstr(r.messages, "t.md:2:3: warning: invalid UTF-8 byte 0xFF and 1 more "
                                       "on this line (replaced by U+FFFD)"));
    assert_null(strstr(r.messages, "0xFE"));
    assert_non_null(strstr(r.messages,
                           "t.md:3:1: warning: invalid UTF-8 byte 0xC3 (replaced by U+FFFD)"));
    struct nashra_node *t = tp_find(r.doc->root, NASHRA_NODE_TEXT, 1);
    assert_string_equal(t->literal, "ab\xEF\xBF\xBD\xEF\xBF\xBD ");
    /* Each bad byte counts as one column and one input byte. */
    struct nashra_node *em = tp_find(r.doc->root, NASHRA_NODE_EMPH, 0);
    assert_int_equal(em->start.line, 2);
    assert_int_equal(em->start.col, 6);
    assert_int_equal(em->start.offset, 5 + 5);
    tp_free(&r);
}

static void test_crlf(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "# A\r\n\r\nb *c*\r\nd\r\n", NASHRA_SYNTAX_COMMONMARK);
    struct nashra_node *em = tp_find(r.doc->root, NASHRA_NODE_EMPH, 0);
    assert_int_equal(em->start.line, 3);
    assert_int_equal(em->start.col, 3);
    assert_int_equal(em->start.offset, 9);
    struct nashra_node *t = tp_find(r.doc->root, NASHRA_NODE_TEXT, 3);
    assert_string_equal(t->literal, "d");
    assert_int_equal(t->start.line, 4);
    tp_free(&r);
}

static void test_bom(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "\xEF\xBB\xBF# A *b*\n", NASHRA_SYNTAX_NASHRA);
    struct nashra_node *h = tp_find(r.doc->root, NASHRA_NODE_HEADING, 0);
    assert_non_null(h);
    assert_int_equal(h->start.col, 1);
    assert_int_equal(h->start.offset, 3);
    struct nashra_node *em = tp_find(r.doc->root, NASHRA_NODE_EMPH, 0);
    assert_int_equal(em->start.col, 5);
    assert_int_equal(em->start.offset, 7);
    tp_free(&r);
}

static void test_nesting_cap(void **state)
{
    (void)state;
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 3000; i++)
        g_string_append(s, "> ");
    g_string_append(s, "deep\n");
    struct tp_result r;
    tp_parse(&r, s->str, NASHRA_SYNTAX_COMMONMARK);
    assert_int_equal(r.diag.errors, 1);
    assert_non_null(strstr(r.messages, "t.md:1:"));
    assert_non_null(strstr(r.messages, "error: nesting deeper than 1000 levels"));
    assert_non_null(tp_find(r.doc->root, NASHRA_NODE_PARAGRAPH, 0));
    tp_free(&r);
    g_string_free(s, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nul),         cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_crlf),        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_nesting_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
