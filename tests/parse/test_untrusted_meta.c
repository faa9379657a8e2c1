/* Front matter, -M values and bibliographies from untrusted sources: aliases that expand too
 * far or into themselves are refused at the alias, quickly; ordinary anchors still work; a
 * CSL-JSON bibliography is read in time linear in its size, with its positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <glib/gstdio.h>
#include <unistd.h>

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

static void test_long_strings_refused_at_their_value(void **state)
{
    (void)state;
    GString *s = g_string_new("---\ntitle: ");
    for (int i = 0; i < NASHRA_META_MAX_CHARS + 1; i++)
        g_string_append(s, "\u0639");
    g_string_append(s, "\nsummary: ");
    for (int i = 0; i < 3 * NASHRA_META_MAX_CHARS; i++)
        g_string_append(s, "s");
    g_string_append(s, "\nreferences: [{id: a, title: ");
    for (int i = 0; i < 3 * NASHRA_META_MAX_CHARS; i++)
        g_string_append(s, "t");
    g_string_append(s, "}]\n---\n\nbody\n");
    struct tp_result r;
    tp_parse(&r, s->str, NASHRA_SYNTAX_NASHRA);
    /* The summary is a paragraph, and a work's title is not the brief's: neither is limited. */
    assert_int_equal(r.diag.errors, 1);
    assert_non_null(strstr(r.messages, "t.md:2:8: error: front matter key 'title' is 2001 "
                                       "characters long; the limit is 2000"));
    assert_null(r.doc->meta.title);
    assert_non_null(r.doc->meta.summary);
    tp_free(&r);
    g_string_free(s, TRUE);
}

/* Parses a brief whose bibliography is JSON (written to a temporary file); *PATH is its name. */
static void parse_with_bibliography(struct tp_result *r, const char *json, char **path)
{
    int fd = g_file_open_tmp("nashra-bib-XXXXXX.json", path, NULL);
    assert_true(fd >= 0);
    assert_true(write(fd, json, strlen(json)) == (ssize_t)strlen(json));
    close(fd);
    char *src = g_strdup_printf("---\nbibliography: %s\n---\n\nText.\n", *path);
    tp_parse(r, src, NASHRA_SYNTAX_NASHRA);
    g_free(src);
}

static void done_with_bibliography(struct tp_result *r, char *path)
{
    g_unlink(path);
    g_free(path);
    tp_free(r);
}

/* On a minified line the same key is written by every work: the error is at this work's key,
 * its column counted in characters. */
static void test_bibliography_positions_on_one_line(void **state)
{
    (void)state;
    const char *json = "[{\"id\":\"a\",\"title\":\"عنوان\"},{\"id\":\"b\",\"title\":[1]},"
                       "{\"id\":\"c\",\"title\":\"x\"}]";
    struct tp_result r;
    char *path;
    parse_with_bibliography(&r, json, &path);
    assert_int_equal(r.diag.errors, 1);
    char *want = g_strdup_printf("%s:1:39: error: front matter key 'references.title' must be a "
                                 "string, not a list", path);
    assert_non_null(strstr(r.messages, want));
    g_free(want);
    done_with_bibliography(&r, path);
}

static void test_bibliography_json_details(void **state)
{
    (void)state;
    /* A repeated key keeps the last value (as json-glib did); escapes and surrogate pairs are
     * JSON's; an unknown key is reported once, not once per work. */
    const char *json = "[{\"id\":\"a\",\"title\":\"first\",\"colour\":\"x\",\"title\":"
                       "\"A\\/B \\u0639 \\ud83c\\udf0a\"},\n"
                       " {\"id\":\"b\",\"colour\":\"y\",\"issued\":{\"date-parts\":[[2020.0, 5]]}}]";
    struct tp_result r;
    char *path;
    parse_with_bibliography(&r, json, &path);
    assert_int_equal(r.diag.errors, 0);
    assert_int_equal(r.diag.warnings, 1);
    assert_int_equal(r.doc->meta.references->len, 2);
    const struct nashra_ref *a = g_ptr_array_index(r.doc->meta.references, 0);
    assert_string_equal(a->title, "A/B \u0639 \U0001F30A");
    const struct nashra_ref *b = g_ptr_array_index(r.doc->meta.references, 1);
    assert_int_equal(b->year, 2020);
    assert_int_equal(b->month, 5);
    done_with_bibliography(&r, path);
}

static void test_bibliography_syntax_errors_located(void **state)
{
    (void)state;
    static const struct {
        const char *json, *where, *message;
    } cases[] = {
        {"[\n  {\"id\": \"a\",\n   \"type\": @}]", ":3:12:", "unexpected character `@', expected a value"},
        {"[{\"id\": \"a\"}] x", ":1:15:", "unexpected identifier `x', expected end of file"},
        {"[{\"id\": \"a\",}]", ":1:13:", "unexpected character `}', expected a string"},
        {"[\"ت\", 01]", ":1:8:", "unexpected character `1', expected character `,' or `]'"},
        {"[\"ab", ":1:2:", "unterminated string"},
        {"[\"a\\qb\"]", ":1:4:", "invalid escape in a string"},
        {"[\"a\tb\"]", ":1:4:", "control character U+0009 in a string"},
        {"[\"a\\u0000\"]", ":1:4:", "\\u0000 (a NUL character) in a string"},
        {"  \n ", ":1:1:", "the file holds no JSON value"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct tp_result r;
        char *path;
        parse_with_bibliography(&r, cases[i].json, &path);
        assert_int_equal(r.diag.errors, 1);
        char *want = g_strconcat(path, cases[i].where, NULL);
        if (!strstr(r.messages, want) || !strstr(r.messages, cases[i].message))
            fail_msg("case %zu: %s", i, r.messages);
        g_free(want);
        done_with_bibliography(&r, path);
    }
}

/* 10,000 works on one line: well under a second (the old reader took a minute). */
static void test_bibliography_linear(void **state)
{
    (void)state;
    GString *j = g_string_new("[");
    for (int i = 0; i < 10000; i++)
        g_string_append_printf(j, "%s{\"id\":\"w%d\",\"type\":\"book\",\"title\":\"Work %d\","
                               "\"author\":[{\"family\":\"Name%d\"}],\"issued\":{\"date-parts\":"
                               "[[%d]]}}", i ? "," : "", i, i, i, 1900 + i % 100);
    g_string_append(j, "]");
    struct tp_result r;
    char *path;
    gint64 t0 = g_get_monotonic_time();
    parse_with_bibliography(&r, j->str, &path);
    double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
    assert_int_equal(r.diag.errors, 0);
    assert_int_equal(r.doc->meta.references->len, 10000);
    assert_true(secs < 2.0);
    done_with_bibliography(&r, path);
    g_string_free(j, TRUE);
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
        cmocka_unit_test(test_long_strings_refused_at_their_value),
        cmocka_unit_test(test_bibliography_positions_on_one_line),
        cmocka_unit_test(test_bibliography_json_details),
        cmocka_unit_test(test_bibliography_syntax_errors_located),
        cmocka_unit_test(test_bibliography_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
