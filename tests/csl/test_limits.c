/* Pathological input stays bounded: a macro cycle, a 10 MB item list, 100,000 names, a
 * date-parts array of a million entries, deeply nested JSON. Each ends in a clean GError or in
 * output of bounded size, quickly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "csl/csl.h"

#define STYLE_HEAD "<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">"

static const char *const plain_style =
    STYLE_HEAD
    "<citation disambiguate-add-names=\"true\" disambiguate-add-givenname=\"true\" "
    "disambiguate-add-year-suffix=\"true\"><layout delimiter=\"; \">"
    "<names variable=\"author\"><name/></names>"
    "<date variable=\"issued\" prefix=\" \"><date-part name=\"year\"/></date></layout></citation>"
    "<bibliography><sort><key variable=\"author\"/><key variable=\"issued\"/></sort><layout>"
    "<names variable=\"author\"><name name-as-sort-order=\"all\"/></names>"
    "<date variable=\"issued\" prefix=\" (\" suffix=\")\"><date-part name=\"year\"/></date>"
    "<text variable=\"title\" prefix=\". \"/></layout></bibliography></style>";

struct run {
    gsize chars; /* total text of the citation and bibliography */
    guint entries;
};

/* Parses STYLE and ITEMS, cites up to MAX_CITES items one by one, renders the bibliography.
 * Returns false with *ERROR set when a parser refuses. */
static bool run(const char *style_xml, const char *json, gsize json_len, guint max_cites,
                struct run *r, GError **error)
{
    memset(r, 0, sizeof *r);
    struct nashra_csl_style *st = nashra_csl_style_parse(style_xml, strlen(style_xml), error);
    if (!st)
        return false;
    GPtrArray *items = nashra_csl_items_parse(json, json_len, error);
    if (!items) {
        nashra_csl_style_free(st);
        return false;
    }
    struct nashra_csl_engine *e =
        nashra_csl_engine_new(st, "en-US", true, nashra_csl_locale_builtin, NULL, error);
    assert_non_null(e);
    nashra_csl_engine_add_items(e, items);
    guint n = MIN(items->len, max_cites);
    struct nashra_csl_cite *cites = g_new0(struct nashra_csl_cite, n ? n : 1);
    struct nashra_csl_citation *cits = g_new0(struct nashra_csl_citation, n ? n : 1);
    for (guint i = 0; i < n; i++) {
        cites[i].id = nashra_csl_item_id(items->pdata[i]);
        cits[i].items = &cites[i];
        cits[i].n_items = 1;
    }
    GPtrArray *outs = nashra_csl_engine_cite(e, cits, n, NULL);
    for (guint i = 0; outs && i < outs->len; i++) {
        char *t = nashra_csl_out_text(outs->pdata[i]);
        r->chars += strlen(t);
        g_free(t);
    }
    if (outs)
        g_ptr_array_unref(outs);
    GPtrArray *bib = nashra_csl_engine_bibliography(e, false, NULL);
    for (guint i = 0; bib && i < bib->len; i++) {
        char *t = nashra_csl_out_text(bib->pdata[i]);
        r->chars += strlen(t);
        g_free(t);
        r->entries++;
    }
    if (bib)
        g_ptr_array_unref(bib);
    g_free(cites);
    g_free(cits);
    nashra_csl_engine_free(e);
    g_ptr_array_unref(items);
    nashra_csl_style_free(st);
    return true;
}

static void test_macro_cycle(void **state)
{
    (void)state;
    const char *xml =
        STYLE_HEAD
        "<macro name=\"a\"><group><text value=\"x\"/><text macro=\"b\"/></group></macro>"
        "<macro name=\"b\"><text macro=\"a\"/></macro>"
        "<macro name=\"self\"><text macro=\"self\"/><text variable=\"title\"/></macro>"
        "<citation><layout><text macro=\"a\"/><text macro=\"self\"/></layout></citation>"
        "<bibliography><sort><key macro=\"a\"/></sort><layout><text macro=\"b\"/></layout>"
        "</bibliography></style>";
    const char *json = "[{\"id\": \"x\", \"title\": \"T\"}, {\"id\": \"y\"}]";
    GError *error = NULL;
    struct run r;
    if (run(xml, json, strlen(json), 10, &r, &error)) {
        /* rendered: macro depth is capped, so the output is small */
        assert_true(r.chars < 10000);
    } else {
        assert_true(g_error_matches(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_LIMIT) ||
                    g_error_matches(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_STYLE));
        g_clear_error(&error);
    }
}

static void test_big_item_list(void **state)
{
    (void)state;
    GString *j = g_string_new("[");
    for (guint i = 0; j->len < 10u << 20; i++)
        g_string_append_printf(
            j,
            "%s{\"id\": \"i%u\", \"type\": \"book\", \"title\": \"A title that takes some room "
            "in the list, number %u, padded to make the item larger than usual for the test\","
            " \"author\": [{\"family\": \"Family%u\", \"given\": \"Given\"}],"
            " \"issued\": {\"date-parts\": [[%u]]}, \"publisher\": \"Some Publisher\"}",
            i ? ", " : "", i, i, i % 977, 1900 + i % 120);
    g_string_append_c(j, ']');
    GError *error = NULL;
    struct run r;
    /* a handful cited: the bibliography holds those only */
    if (run(plain_style, j->str, j->len, 50, &r, &error)) {
        assert_int_equal(r.entries, 50);
        assert_true(r.chars < 50 * 400);
    } else {
        assert_true(g_error_matches(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_LIMIT));
        g_clear_error(&error);
    }
    g_string_free(j, TRUE);
}

static void test_many_names(void **state)
{
    (void)state;
    GString *j = g_string_new("[{\"id\": \"a\", \"title\": \"T\", \"author\": [");
    for (guint i = 0; i < 100000; i++)
        g_string_append_printf(j, "%s{\"family\": \"F%u\", \"given\": \"G\"}", i ? "," : "", i);
    g_string_append(j, "]}, {\"id\": \"b\", \"author\": [{\"family\": \"F0\"}]}]");
    GError *error = NULL;
    struct run r;
    if (run(plain_style, j->str, j->len, 2, &r, &error)) {
        /* names rendered per variable are capped */
        assert_true(r.chars < 4u << 20);
    } else {
        assert_true(g_error_matches(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_LIMIT));
        g_clear_error(&error);
    }
    g_string_free(j, TRUE);
}

static void test_huge_date_parts(void **state)
{
    (void)state;
    /* a million date points, then a million parts in one point */
    for (int kind = 0; kind < 2; kind++) {
        GString *j = g_string_new("[{\"id\": \"a\", \"issued\": {\"date-parts\": [");
        if (kind == 1)
            g_string_append_c(j, '[');
        for (guint i = 0; i < 1000000; i++)
            g_string_append_printf(j, kind ? "%s%u" : "%s[%u]", i ? "," : "", 1 + i % 2000);
        if (kind == 1)
            g_string_append_c(j, ']');
        g_string_append(j, "]}}]");
        GError *error = NULL;
        struct run r;
        if (run(plain_style, j->str, j->len, 1, &r, &error)) {
            assert_true(r.chars < 1000);
        } else {
            assert_true(g_error_matches(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_LIMIT) ||
                        g_error_matches(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_ITEM));
            g_clear_error(&error);
        }
        g_string_free(j, TRUE);
    }
}

static void test_deep_json(void **state)
{
    (void)state;
    const guint depth = 200000;
    /* bare nesting, and nesting inside an item's field */
    for (int kind = 0; kind < 3; kind++) {
        GString *j = g_string_new(kind ? "[{\"id\": \"a\", \"title\": " : "");
        for (guint i = 0; i < depth; i++)
            g_string_append(j, kind == 2 ? "{\"k\":" : "[");
        g_string_append(j, "1");
        for (guint i = 0; i < depth; i++)
            g_string_append_c(j, kind == 2 ? '}' : ']');
        if (kind)
            g_string_append(j, "}]");
        GError *error = NULL;
        GPtrArray *items = nashra_csl_items_parse(j->str, j->len, &error);
        assert_null(items);
        assert_true(g_error_matches(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_LIMIT));
        g_clear_error(&error);
        g_string_free(j, TRUE);
    }
    /* the abbreviations JSON too */
    struct nashra_csl_style *st = nashra_csl_style_parse(plain_style, strlen(plain_style), NULL);
    assert_non_null(st);
    struct nashra_csl_engine *e =
        nashra_csl_engine_new(st, "en-US", true, nashra_csl_locale_builtin, NULL, NULL);
    assert_non_null(e);
    GString *j = g_string_new(NULL);
    for (guint i = 0; i < depth; i++)
        g_string_append(j, "{\"a\":");
    g_string_append(j, "1");
    for (guint i = 0; i < depth; i++)
        g_string_append_c(j, '}');
    GError *error = NULL;
    assert_false(nashra_csl_engine_set_abbreviations(e, j->str, j->len, &error));
    assert_non_null(error);
    g_clear_error(&error);
    g_string_free(j, TRUE);
    nashra_csl_engine_free(e);
    nashra_csl_style_free(st);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_macro_cycle),
        cmocka_unit_test(test_big_item_list),
        cmocka_unit_test(test_many_names),
        cmocka_unit_test(test_huge_date_parts),
        cmocka_unit_test(test_deep_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
