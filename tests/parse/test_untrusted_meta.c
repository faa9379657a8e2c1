/* Front matter, -M values and bibliographies from untrusted sources: aliases that expand too
 * far or into themselves are refused at the alias, quickly; ordinary anchors still work; a
 * CSL-JSON bibliography is read in time linear in its size, with its positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"

/* Parses SRC and returns how long it took, in seconds. */
static double timed_parse(struct tp_result *r, const char *src)
{
    gint64 t0 = g_get_monotonic_time();
    tp_parse(r, src, NASHRA_SYNTAX_NASHRA);
    return (double)(g_get_monotonic_time() - t0) / 1e6;
}

/* Billion laughs: nine levels of nine aliases each, 9^9 values from 500 bytes. */
static char *laughs(void)
{
    GString *s = g_string_new("---\ntitle: t\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 0; i < 8; i++) {
        g_string_append_printf(s, "b%d: &b%d [", i, i);
        for (int j = 0; j < 9; j++) {
            g_string_append(s, j ? ", " : "");
            if (i)
                g_string_append_printf(s, "*b%d", i - 1);
            else
                g_string_append(s, "*a");
        }
        g_string_append(s, "]\n");
    }
    g_string_append(s, "keywords: *b7\n---\n\nbody\n");
    return g_string_free(s, FALSE);
}

static void test_billion_laughs_refused_at_the_alias(void **state)
{
    (void)state;
    char *src = laughs();
    struct tp_result r;
    double secs = timed_parse(&r, src);
    assert_true(secs < 1.0);
    assert_int_equal(r.diag.errors, 1);
    /* *b3 is worth 66,430 values: the first in b4's row (line 8) passes 100,000. */
    assert_non_null(strstr(r.messages,
                           "t.md:8:10: error: front matter: aliases expand to more than 100000 "
                           "values"));
    assert_int_equal(r.doc->meta.keywords->len, 0);
    tp_free(&r);
    g_free(src);
}

/* Two levels of aliases under a key the reader walks: each of 1,000 references has a list of
 * 4,000 aliased authors (4 million names from 45 kB). */
static void test_references_bomb_refused(void **state)
{
    (void)state;
    GString *s = g_string_new("---\nn: &n {family: X}\nA: &A [");
    for (int i = 0; i < 4000; i++)
        g_string_append(s, i ? ", *n" : "*n");
    g_string_append(s, "]\nreferences:\n");
    for (int i = 0; i < 1000; i++)
        g_string_append_printf(s, "  - {id: r%d, author: *A}\n", i);
    g_string_append(s, "---\n\nbody\n");
    struct tp_result r;
    double secs = timed_parse(&r, s->str);
    assert_true(secs < 1.0);
    assert_int_equal(r.diag.errors, 1);
    /* *A is worth 12,001 values: the 8th reference passes 100,000. */
    assert_non_null(strstr(r.messages, "t.md:12:22: error: front matter: aliases expand to more "
                                       "than 100000 values"));
    assert_int_equal(r.doc->meta.references->len, 0);
    tp_free(&r);
    g_string_free(s, TRUE);
}

static void test_long_text_aliased_refused(void **state)
{
    (void)state;
    GString *s = g_string_new("---\nk: &k ");
    for (int i = 0; i < 20000; i++)
        g_string_append_c(s, 'k');
    g_string_append(s, "\nkeywords: [");
    for (int i = 0; i < 100; i++)
        g_string_append(s, i ? ", *k" : "*k");
    g_string_append(s, "]\n---\n\nbody\n");
    struct tp_result r;
    tp_parse(&r, s->str, NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 1);
    /* 20,000 bytes and 49 aliases of them, with the keys' 9 bytes, pass 1 MB: the 49th alias,
     * at column 12 + 4 * 48. */
    assert_non_null(strstr(r.messages, "t.md:3:204: error: front matter: aliases expand to more "
                                       "than 1000000 bytes of text"));
    tp_free(&r);
    g_string_free(s, TRUE);
}

static void test_alias_cycle_refused(void **state)
{
    (void)state;
    struct tp_result r;
    double secs = timed_parse(&r, "---\n"
                                  "d: &d {raw: *d}\n"
                                  "references:\n"
                                  "  - {id: a, issued: *d}\n"
                                  "---\n\nbody\n");
    assert_true(secs < 1.0);
    assert_int_equal(r.diag.errors, 1);
    assert_non_null(strstr(r.messages, "t.md:2:13: error: front matter: alias '*d' inside the "
                                       "collection it names"));
    tp_free(&r);
}

static void test_ordinary_aliases_still_work(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "---\n"
             "title: &t The title\n"
             "subtitle: *t\n"
             "authors:\n"
             "  - {name: A One, affiliation: &inst Institute of Water}\n"
             "  - {name: B Two, affiliation: *inst}\n"
             "keywords: &kw [water, energy]\n"
             "references:\n"
             "  - id: r1\n"
             "    author: &people [{family: Ali}, {family: Haddad}]\n"
             "    issued: &when {date-parts: [[2021, 3]]}\n"
             "  - {id: r2, author: *people, issued: {raw: *when}}\n"
             "---\n\nbody [@r1; @r2]\n",
             NASHRA_SYNTAX_NASHRA);
    const struct nashra_meta *m = &r.doc->meta;
    assert_int_equal(r.diag.errors, 0);
    assert_string_equal(m->subtitle, "The title");
    assert_int_equal(m->people->len, 2);
    const struct nashra_person *p = g_ptr_array_index(m->people, 1);
    assert_string_equal(p->affiliation, "Institute of Water");
    assert_int_equal(m->keywords->len, 2);
    assert_int_equal(m->references->len, 2);
    const struct nashra_ref *r2 = g_ptr_array_index(m->references, 1);
    assert_int_equal(r2->authors->len, 2);
    assert_int_equal(r2->year, 2021);
    assert_int_equal(r2->month, 3);
    tp_free(&r);
}

/* The cap grows with what is written: 20,000 keywords written out and a list of them aliased
 * eight times (180,000 values in all) is within ten times what is written. */
static void test_cap_scales_with_what_is_written(void **state)
{
    (void)state;
    GString *s = g_string_new("---\nall: &all [");
    for (int i = 0; i < 20000; i++)
        g_string_append_printf(s, "%sw%d", i ? ", " : "", i);
    g_string_append(s, "]\nmore: [*all, *all, *all, *all, *all, *all, *all]\n"
                       "keywords: *all\n---\n\nbody\n");
    struct tp_result r;
    tp_parse(&r, s->str, NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 0);
    assert_int_equal(r.doc->meta.keywords->len, 20000);
    tp_free(&r);
    g_string_free(s, TRUE);
}

static void test_metadata_option_bomb_refused(void **state)
{
    (void)state;
    GString *v = g_string_new("keywords=[&a [x, x, x, x, x, x, x, x, x, x]");
    for (int i = 0; i < 6; i++) {
        g_string_append_printf(v, ", &b%d [", i);
        for (int j = 0; j < 10; j++) {
            g_string_append(v, j ? ", " : "");
            if (i)
                g_string_append_printf(v, "*b%d", i - 1);
            else
                g_string_append(v, "*a");
        }
        g_string_append(v, "]");
    }
    g_string_append(v, "]");
    const char *meta[] = {"lang=ar", v->str};
    struct nashra_parse_options opts = {.metadata = meta, .n_metadata = 2};
    struct tp_result r;
    const char *src = "body\n";
    tp_parse_opts(&r, src, strlen(src), &opts);
    assert_int_equal(r.diag.errors, 1);
    /* *b2 is worth 11,111 values: the 8th in b3's row passes 100,000. The column is on line
     * 2 of the command line, counted from the start of the argument. */
    const char *b3 = strstr(v->str, "&b3 [");
    char *want = g_strdup_printf("<command line>:2:%d: error: -M keywords: aliases expand to more "
                                 "than 100000 values",
                                 (int)(b3 + 5 + 7 * 5 - v->str) + 1);
    assert_non_null(strstr(r.messages, want));
    g_free(want);
    tp_free(&r);
    g_string_free(v, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_billion_laughs_refused_at_the_alias),
        cmocka_unit_test(test_references_bomb_refused),
        cmocka_unit_test(test_long_text_aliased_refused),
        cmocka_unit_test(test_alias_cycle_refused),
        cmocka_unit_test(test_ordinary_aliases_still_work),
        cmocka_unit_test(test_cap_scales_with_what_is_written),
        cmocka_unit_test(test_metadata_option_bomb_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
