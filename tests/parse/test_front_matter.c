/* Front matter tests: every key, author forms, dir and YAML errors at the right lines, unknown
 * keys, and body positions counted in the whole file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"

static const char *author(struct tp_result *r, guint i)
{
    assert_true(i < r->doc->meta.authors->len);
    return g_ptr_array_index(r->doc->meta.authors, i);
}

static void test_every_key(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "---\n"
             "title: عنوان الموجز\n"
             "subtitle: A subtitle\n"
             "author: Huda Ali\n"
             "date: 2024-05-01\n"
             "source:\n"
             "  name: The Archive\n"
             "  url: https://example.org/a\n"
             "lang: ar\n"
             "dir: rtl\n"
             "keywords: economy, water ,  energy\n"
             "---\n"
             "# Heading\n",
             NASHRA_SYNTAX_NASHRA);
    const struct nashra_meta *m = &r.doc->meta;
    assert_int_equal(r.diag.errors + r.diag.warnings, 0);
    assert_string_equal(m->title, "عنوان الموجز");
    assert_string_equal(m->subtitle, "A subtitle");
    assert_int_equal(m->authors->len, 1);
    assert_string_equal(author(&r, 0), "Huda Ali");
    assert_string_equal(m->date, "2024-05-01");
    assert_string_equal(m->source, "The Archive");
    assert_string_equal(m->source_url, "https://example.org/a");
    assert_string_equal(m->lang, "ar");
    assert_int_equal(m->dir, NASHRA_DIR_RTL);
    assert_int_equal(m->keywords->len, 3);
    assert_string_equal(g_ptr_array_index(m->keywords, 0), "economy");
    assert_string_equal(g_ptr_array_index(m->keywords, 1), "water");
    assert_string_equal(g_ptr_array_index(m->keywords, 2), "energy");
    /* The body starts on line 13 of the file. */
    struct nashra_node *h = tp_find(r.doc->root, NASHRA_NODE_HEADING, 0);
    assert_int_equal(h->start.line, 13);
    assert_int_equal(h->start.col, 1);
    assert_int_equal(h->first_child->start.line, 13);
    assert_int_equal(h->first_child->start.col, 3);
    tp_free(&r);
}

static void test_author_list_and_mappings(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "---\n"
             "author: [A One, B Two]\n"
             "authors:\n"
             "  - name: C Three\n"
             "    affiliation: X\n"
             "  - D Four\n"
             "source: Plain source\n"
             "source-url: https://example.org/s\n"
             "keywords:\n"
             "  - one\n"
             "  - two, still one\n"
             "dir: ltr\n"
             "...\n"
             "Body\n",
             NASHRA_SYNTAX_NASHRA);
    const struct nashra_meta *m = &r.doc->meta;
    assert_int_equal(r.diag.errors + r.diag.warnings, 0);
    assert_int_equal(m->authors->len, 4);
    assert_string_equal(author(&r, 0), "A One");
    assert_string_equal(author(&r, 1), "B Two");
    assert_string_equal(author(&r, 2), "C Three");
    assert_string_equal(author(&r, 3), "D Four");
    assert_string_equal(m->source, "Plain source");
    assert_string_equal(m->source_url, "https://example.org/s");
    assert_int_equal(m->keywords->len, 2);
    assert_string_equal(g_ptr_array_index(m->keywords, 1), "two, still one");
    assert_int_equal(m->dir, NASHRA_DIR_LTR);
    struct nashra_node *p = tp_find(r.doc->root, NASHRA_NODE_PARAGRAPH, 0);
    assert_int_equal(p->start.line, 14);
    tp_free(&r);
}

static void test_dir_error(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "---\ntitle: T\ndir: sideways\n---\nBody\n", NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 1);
    assert_non_null(strstr(r.messages, "t.md:3:6: error: invalid dir 'sideways'"));
    assert_string_equal(r.doc->meta.title, "T");
    tp_free(&r);
}

static void test_unknown_key(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "---\ntitle: T\ncolour: blue\n---\nBody\n", NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 0);
    assert_int_equal(r.diag.warnings, 1);
    assert_non_null(strstr(r.messages, "t.md:3:1: warning: unknown front matter key 'colour'"));
    tp_free(&r);
}

static void test_yaml_error_line(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "---\ntitle: ok\nbad: a: b\n---\n# After\n", NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 1);
    assert_non_null(strstr(r.messages, "t.md:3:"));
    assert_non_null(strstr(r.messages, "error: front matter:"));
    /* The body is still parsed, at its own lines. */
    struct nashra_node *h = tp_find(r.doc->root, NASHRA_NODE_HEADING, 0);
    assert_non_null(h);
    assert_int_equal(h->start.line, 5);
    tp_free(&r);
}

/* The unquoted headline with a colon: the error names the key, points at the value and says
 * how to quote it. */
static void test_colon_in_value(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "---\nlang: ar\ntitle: \xD8\xA7\xD9\x84\xD8\xA8\xD9\x86\xD9\x83: "
             "\xD8\xA7\xD9\x84\xD8\xAA\xD8\xB6\xD8\xAE\xD9\x85\n---\nBody\n",
             NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 1);
    assert_non_null(strstr(r.messages, "t.md:3:8: error: front matter: the value of 'title' "
                                       "holds a colon and a space"));
    assert_non_null(strstr(r.messages, "quote the value: title: \"\xE2\x80\xA6\"\n"));
    tp_free(&r);
    /* A quoted value is fine. */
    tp_parse(&r, "---\ntitle: \"A: B\"\n---\nBody\n", NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 0);
    assert_string_equal(r.doc->meta.title, "A: B");
    tp_free(&r);
    /* Indented under a list item, the key is still found. */
    tp_parse(&r, "---\nauthors:\n  - name: A: B\n---\nBody\n", NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 1);
    tp_free(&r);
}

static void test_unclosed(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "---\ntitle: T\n\nBody\n", NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 1);
    assert_non_null(strstr(r.messages, "t.md:1:1: error: front matter is not closed"));
    tp_free(&r);
}

static void test_commonmark_has_no_front_matter(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "---\ntitle: T\n---\n", NASHRA_SYNTAX_COMMONMARK);
    assert_null(r.doc->meta.title);
    assert_int_equal(r.doc->root->first_child->kind, NASHRA_NODE_THEMATIC_BREAK);
    struct nashra_node *h = tp_find(r.doc->root, NASHRA_NODE_HEADING, 0);
    assert_int_equal(h->as.heading.level, 2);
    tp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_author_list_and_mappings),
        cmocka_unit_test(test_dir_error),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_yaml_error_line),
        cmocka_unit_test(test_colon_in_value),
        cmocka_unit_test(test_unclosed),
        cmocka_unit_test(test_commonmark_has_no_front_matter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
