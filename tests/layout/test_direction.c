/* Direction detection: strings by their first strong character, documents by dir, lang, body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "layout/layout.h"

static void test_text(void **state)
{
    (void)state;
    assert_int_equal(nashra_text_direction("مرحبا بالعالم", -1), NASHRA_DIR_RTL);
    assert_int_equal(nashra_text_direction("Hello, world", -1), NASHRA_DIR_LTR);
    assert_int_equal(nashra_text_direction("123 - 456, (!)", -1), NASHRA_DIR_AUTO);
    assert_int_equal(nashra_text_direction("", -1), NASHRA_DIR_AUTO);
    assert_int_equal(nashra_text_direction(NULL, -1), NASHRA_DIR_AUTO);
    assert_int_equal(nashra_text_direction("2024: «تقرير» about", -1), NASHRA_DIR_RTL);
    assert_int_equal(nashra_text_direction("١٢٣ - ok", -1), NASHRA_DIR_LTR);
    assert_int_equal(nashra_text_direction("עברית", -1), NASHRA_DIR_RTL);
    /* Only LEN bytes count. */
    assert_int_equal(nashra_text_direction("12 abc", 3), NASHRA_DIR_AUTO);
    /* An isolated run does not decide the paragraph. */
    assert_int_equal(nashra_text_direction("\u2068abc\u2069 نص", -1), NASHRA_DIR_RTL);
}

static struct nashra_doc *doc_with_text(const char *s)
{
    struct nashra_doc *doc = nashra_doc_new();
    struct nashra_node *p = nashra_node_new(NASHRA_NODE_PARAGRAPH, (struct nashra_pos){1, 1, 0});
    struct nashra_node *t = nashra_node_new(NASHRA_NODE_TEXT, (struct nashra_pos){1, 1, 0});
    nashra_node_set_literal(t, s, strlen(s));
    nashra_node_append_child(p, t);
    nashra_node_append_child(doc->root, p);
    return doc;
}

static void test_doc(void **state)
{
    (void)state;
    struct nashra_doc *doc = doc_with_text("English first");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_LTR);
    doc->meta.lang = g_strdup("ar-EG");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_RTL);
    g_free(doc->meta.lang);
    doc->meta.lang = g_strdup("fa");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_RTL);
    g_free(doc->meta.lang);
    doc->meta.lang = g_strdup("en");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_LTR);
    doc->meta.dir = NASHRA_DIR_RTL; /* dir wins over lang */
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_RTL);
    nashra_doc_free(doc);

    doc = doc_with_text("2026 — تقرير موجز");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_RTL);
    nashra_doc_free(doc);

    doc = doc_with_text("123");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_RTL); /* nothing strong: Arabic-first */
    doc->meta.title = g_strdup("A title");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_LTR);
    nashra_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_doc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
