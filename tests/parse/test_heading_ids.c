/* Heading id tests: generated slugs (ASCII and Arabic), uniqueness suffixes, and the nashra
 * {#id} syntax on ATX and setext headings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"

static const char *id_of(struct tp_result *r, int nth)
{
    struct nashra_node *h = tp_find(r->doc->root, NASHRA_NODE_HEADING, nth);
    assert_non_null(h);
    assert_non_null(h->as.heading.id);
    return h->as.heading.id;
}

static void test_generated(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "# Hello, *World*!\n"
             "## Hello, World\n"
             "## مرحبا بالعالم\n"
             "# !!!\n"
             "# Hello World\n"
             "Setext 2.0\n"
             "---\n",
             NASHRA_SYNTAX_NASHRA);
    assert_string_equal(id_of(&r, 0), "hello-world");
    assert_string_equal(id_of(&r, 1), "hello-world-1");
    assert_string_equal(id_of(&r, 2), "مرحبا-بالعالم");
    assert_string_equal(id_of(&r, 3), "section");
    assert_string_equal(id_of(&r, 4), "hello-world-2");
    assert_string_equal(id_of(&r, 5), "setext-20");
    tp_free(&r);
}

static void test_explicit(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "# Introduction {#intro}\n"
             "\n"
             "Summary {#summary}\n"
             "=======\n"
             "\n"
             "# Intro\n"
             "# Closing {#end} ##\n",
             NASHRA_SYNTAX_NASHRA);
    struct nashra_node *h = tp_find(r.doc->root, NASHRA_NODE_HEADING, 0);
    assert_string_equal(h->as.heading.id, "intro");
    assert_string_equal(h->first_child->literal, "Introduction");
    assert_null(h->first_child->next);
    h = tp_find(r.doc->root, NASHRA_NODE_HEADING, 1);
    assert_string_equal(h->as.heading.id, "summary");
    assert_string_equal(h->first_child->literal, "Summary");
    /* A generated id never takes an explicit one. */
    assert_string_equal(id_of(&r, 2), "intro-1");
    assert_string_equal(id_of(&r, 3), "end");
    tp_free(&r);
}

static void test_commonmark_keeps_braces(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "# Intro {#intro}\n", NASHRA_SYNTAX_COMMONMARK);
    struct nashra_node *h = tp_find(r.doc->root, NASHRA_NODE_HEADING, 0);
    assert_string_equal(h->first_child->literal, "Intro {#intro}");
    assert_string_equal(h->as.heading.id, "intro-intro");
    tp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_explicit),
        cmocka_unit_test(test_commonmark_keeps_braces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
