/* Each reference's full CSL-JSON item (struct nashra_ref's csl_json), from the front matter and
 * from a bibliography file: every key kept in order, names and dates made CSL-JSON, strings
 * escaped; the keys and item types of CSL 1.0.2 known, others warned. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <unistd.h>

#include "helpers.h"

static const struct nashra_ref *ref_at(struct tp_result *r, guint i)
{
    assert_true(i < r->doc->meta.references->len);
    return g_ptr_array_index(r->doc->meta.references, i);
}

/* TEXT parsed by json-glib: a JSON object, or the test fails. json_node_unref. */
static JsonNode *json_parse(const char *text)
{
    JsonParser *p = json_parser_new();
    GError *err = NULL;
    if (!json_parser_load_from_data(p, text, -1, &err))
        fail_msg("not JSON: %s\n%s", err->message, text);
    JsonNode *root = json_node_copy(json_parser_get_root(p));
    g_object_unref(p);
    assert_int_equal(JSON_NODE_TYPE(root), JSON_NODE_OBJECT);
    return root;
}

static void test_yaml_reference_every_kind(void **state)
{
    (void)state;
    const char *src = "---\n"
                      "references:\n"
                      "  - id: k1\n"
                      "    type: article-journal\n"
                      "    title: Rivers under stress\n"
                      "    author:\n"
                      "      - Jane Smith\n"
                      "      - Khatib, Samer\n"
                      "      - سامر الخطيب\n"
                      "      - World Meteorological Organization Water Unit\n"
                      "      - {family: Doe, given: John, non-dropping-particle: van, suffix: Jr.}\n"
                      "      - {literal: World Bank}\n"
                      "    editor: Ann Lee\n"
                      "    translator: {family: Roe}\n"
                      "    container-title: مجلة الدراسات المائية\n"
                      "    issued: 2023-05-01\n"
                      "    accessed: 2024-02\n"
                      "    submitted: 2020\n"
                      "    original-date: {date-parts: [[1999, 12], ['2000', '01']], season: 2,"
                      " circa: true}\n"
                      "    event-date: Spring 2021\n"
                      "    url: https://example.org/?a=1&b=2\n"
                      "    volume: 4\n"
                      "    page: 10-30\n"
                      "    categories: [water, policy]\n"
                      "    custom: {rank: 1, tags: [a, b]}\n"
                      "    language:\n"
                      "    note: ''\n"
                      "---\n\nText.\n";
    struct tp_result r;
    tp_parse(&r, src, NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 0);
    assert_int_equal(r.diag.warnings, 0);
    const struct nashra_ref *ref = ref_at(&r, 0);
    assert_string_equal(
        ref->csl_json,
        "{\"id\":\"k1\",\"type\":\"article-journal\",\"title\":\"Rivers under stress\","
        "\"author\":[{\"family\":\"Smith\",\"given\":\"Jane\"},"
        "{\"family\":\"Khatib\",\"given\":\"Samer\"},"
        "{\"family\":\"الخطيب\",\"given\":\"سامر\"},"
        "{\"literal\":\"World Meteorological Organization Water Unit\"},"
        "{\"family\":\"Doe\",\"given\":\"John\",\"non-dropping-particle\":\"van\","
        "\"suffix\":\"Jr.\"},"
        "{\"literal\":\"World Bank\"}],"
        "\"editor\":[{\"family\":\"Lee\",\"given\":\"Ann\"}],"
        "\"translator\":[{\"family\":\"Roe\"}],"
        "\"container-title\":\"مجلة الدراسات المائية\","
        "\"issued\":{\"date-parts\":[[2023,5,1]]},"
        "\"accessed\":{\"date-parts\":[[2024,2]]},"
        "\"submitted\":{\"date-parts\":[[2020]]},"
        "\"original-date\":{\"date-parts\":[[1999,12],[2000,1]],\"season\":2,\"circa\":true},"
        "\"event-date\":{\"raw\":\"Spring 2021\"},"
        "\"URL\":\"https://example.org/?a=1&b=2\","
        "\"volume\":\"4\",\"page\":\"10-30\","
        "\"categories\":[\"water\",\"policy\"],"
        "\"custom\":{\"rank\":\"1\",\"tags\":[\"a\",\"b\"]},"
        "\"note\":\"\"}");
    json_node_unref(json_parse(ref->csl_json));
    /* The fields nashra reads itself are as before: plain names stay plain. */
    assert_int_equal(ref->authors->len, 6);
    const struct nashra_name *n = g_ptr_array_index(ref->authors, 0);
    assert_true(n->plain);
    assert_string_equal(n->literal, "Jane Smith");
    assert_int_equal(ref->year, 2023);
    assert_string_equal(ref->accessed, "2024-02-00");
    tp_free(&r);
}

/* Quotes, backslash, control characters and line separators are escaped; Arabic stays UTF-8;
 * json-glib reads back what the front matter held. */
static void test_escaping(void **state)
{
    (void)state;
    const char *src = "---\n"
                      "references:\n"
                      "  - id: \"a\\\"b\"\n"
                      "    title: \"q\\\"b\\\\s\\nt\\tc\\x01z\\x7f\\u2028ع\"\n"
                      "    \"odd \\\"key\\\"\": x\n"
                      "---\n\nText.\n";
    struct tp_result r;
    tp_parse(&r, src, NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 0);
    const struct nashra_ref *ref = ref_at(&r, 0);
    assert_string_equal(ref->csl_json,
                        "{\"id\":\"a\\\"b\","
                        "\"title\":\"q\\\"b\\\\s\\nt\\tc\\u0001z\\u007f\\u2028ع\","
                        "\"odd \\\"key\\\"\":\"x\"}");
    JsonNode *root = json_parse(ref->csl_json);
    JsonObject *o = json_node_get_object(root);
    assert_string_equal(json_object_get_string_member(o, "id"), "a\"b");
    assert_string_equal(json_object_get_string_member(o, "title"), ref->title);
    assert_string_equal(json_object_get_string_member(o, "odd \"key\""), "x");
    json_node_unref(root);
    tp_free(&r);
}

/* Parses a brief whose bibliography is JSON (written to a temporary file); *PATH is its name. */
static void parse_with_bibliography(struct tp_result *r, const char *json, char **path)
{
    int fd = g_file_open_tmp("nashra-csl-XXXXXX.json", path, NULL);
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

/* A CSL-JSON item comes out as it went in: the same JSON value (json-glib compares them), and,
 * already compact with no escapes, the same text. */
static void test_bibliography_item_round_trip(void **state)
{
    (void)state;
    const char *item =
        "{\"id\":\"wmo2021\",\"type\":\"report\",\"title\":\"State of \\\"Water\\\" \\u0639\","
        "\"author\":[{\"literal\":\"World Meteorological Organization\"},"
        "{\"family\":\"Beethoven\",\"given\":\"Ludwig\",\"dropping-particle\":\"van\"}],"
        "\"collection-editor\":[{\"family\":\"Khatib\",\"given\":\"Samer\"}],"
        "\"issued\":{\"date-parts\":[[2021,10,5]]},"
        "\"accessed\":{\"date-parts\":[[2022,1]],\"circa\":true},"
        "\"event-date\":{\"literal\":\"Autumn\"},"
        "\"publisher\":\"WMO\",\"publisher-place\":\"Geneva\",\"number\":\"1289\","
        "\"ISBN\":\"978-92-63-11289-1\",\"DOI\":\"10.1/x\",\"URL\":\"https://wmo.int\","
        "\"language\":\"en\",\"genre\":\"Report\",\"status\":\"final\","
        "\"custom\":{\"n\":\"1\"},\"categories\":[\"water\"]}";
    char *json = g_strdup_printf("[\n  %s,\n  {\"id\": \"plain\", \"title\": \"Plain\"}\n]\n",
                                 item);
    struct tp_result r;
    char *path;
    parse_with_bibliography(&r, json, &path);
    assert_int_equal(r.diag.errors, 0);
    assert_int_equal(r.diag.warnings, 0);
    const struct nashra_ref *ref = ref_at(&r, 0);
    JsonNode *in = json_parse(item), *out = json_parse(ref->csl_json);
    assert_true(json_node_equal(in, out));
    json_node_unref(in);
    json_node_unref(out);
    char *want = g_strdup(item);
    char *esc = strstr(want, "\\u0639");
    memcpy(esc, "ع", strlen("ع"));
    memmove(esc + strlen("ع"), esc + 6, strlen(esc + 6) + 1);
    assert_string_equal(ref->csl_json, want);
    g_free(want);
    assert_string_equal(ref_at(&r, 1)->csl_json, "{\"id\":\"plain\",\"title\":\"Plain\"}");
    g_free(json);
    done_with_bibliography(&r, path);
}

/* What nashra takes beyond CSL-JSON is made CSL-JSON: numbers as strings (date parts as
 * numbers), `url`, a plain or single name, an ISO date string, a null; URL wins over url. */
static void test_bibliography_normalised(void **state)
{
    (void)state;
    const char *json = "[{\"id\": \"a\", \"url\": \"u1\", \"URL\": \"u2\", \"volume\": 4,"
                       " \"page\": 10.5, \"author\": \"Smith, Jane\", \"editor\": {\"literal\":"
                       " \"UN\"}, \"issued\": {\"date-parts\": [[\"2020\", 5.0]]},"
                       " \"accessed\": \"2024-02-29\", \"note\": null, \"title\": \"x\","
                       " \"title\": \"y\"}]";
    struct tp_result r;
    char *path;
    parse_with_bibliography(&r, json, &path);
    assert_int_equal(r.diag.errors, 0);
    const struct nashra_ref *ref = ref_at(&r, 0);
    /* A repeated JSON key keeps its first place and its last value (the JSON reader's rule). */
    assert_string_equal(ref->csl_json,
                        "{\"id\":\"a\",\"URL\":\"u2\",\"volume\":\"4\",\"page\":\"10.5\","
                        "\"author\":[{\"family\":\"Smith\",\"given\":\"Jane\"}],"
                        "\"editor\":[{\"literal\":\"UN\"}],"
                        "\"issued\":{\"date-parts\":[[2020,5]]},"
                        "\"accessed\":{\"date-parts\":[[2024,2,29]]},\"title\":\"y\"}");
    assert_string_equal(ref->url, "u2");
    json_node_unref(json_parse(ref->csl_json));
    done_with_bibliography(&r, path);
}

/* Any CSL 1.0.2 variable is known; others are warned (once in a bibliography), with a
 * suggestion when only case or '_' differs, and kept in the item all the same. */
static void test_unknown_keys_warned(void **state)
{
    (void)state;
    const char *src = "---\n"
                      "references:\n"
                      "  - id: a\n"
                      "    colour: red\n"
                      "    doi: 10.1/x\n"
                      "    archive_location: Box 4\n"
                      "    reviewed-author: [Ann Lee]\n"
                      "    author: [{family: X, nickname: Y}]\n"
                      "    shortTitle: S\n"
                      "    journalAbbreviation: J\n"
                      "---\n\nText.\n";
    struct tp_result r;
    tp_parse(&r, src, NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 0);
    assert_int_equal(r.diag.warnings, 3);
    assert_non_null(strstr(r.messages, "t.md:4:5: warning: unknown key 'colour' in 'references' "
                                       "(known: the variables of CSL 1.0.2, id, type, "
                                       "categories, custom, shortTitle, journalAbbreviation)"));
    assert_non_null(strstr(r.messages, "t.md:5:5: warning: unknown key 'doi' in 'references' "
                                       "(did you mean 'DOI'?)"));
    assert_non_null(strstr(r.messages, "t.md:8:26: warning: unknown key 'nickname' in 'author'"));
    assert_string_equal(ref_at(&r, 0)->csl_json,
                        "{\"id\":\"a\",\"colour\":\"red\",\"doi\":\"10.1/x\","
                        "\"archive_location\":\"Box 4\","
                        "\"reviewed-author\":[{\"family\":\"Lee\",\"given\":\"Ann\"}],"
                        "\"author\":[{\"family\":\"X\",\"nickname\":\"Y\"}],"
                        "\"shortTitle\":\"S\",\"journalAbbreviation\":\"J\"}");
    tp_free(&r);
}

/* A type that is none of CSL's item types is warned at the value, once per type in a
 * bibliography, with a suggestion when only case or '-' for '_' differs. */
static void test_bad_type_warned(void **state)
{
    (void)state;
    const char *src = "---\n"
                      "references:\n"
                      "  - {id: a, type: journal}\n"
                      "  - {id: b, type: journal}\n"
                      "  - {id: c, type: legal-case}\n"
                      "  - {id: d, type: motion_picture}\n"
                      "---\n\nText.\n";
    struct tp_result r;
    tp_parse(&r, src, NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 0);
    assert_int_equal(r.diag.warnings, 2);
    assert_non_null(strstr(r.messages, "t.md:3:19: warning: unknown reference type 'journal' "
                                       "(CSL's types: article, article-journal, "));
    assert_non_null(strstr(r.messages, ", treaty, webpage)"));
    assert_non_null(strstr(r.messages, "t.md:5:19: warning: unknown reference type 'legal-case' "
                                       "(did you mean 'legal_case'?)"));
    /* The type is still the reference's, as written. */
    assert_string_equal(ref_at(&r, 0)->type, "journal");
    assert_string_equal(ref_at(&r, 0)->csl_json, "{\"id\":\"a\",\"type\":\"journal\"}");
    tp_free(&r);
}

/* Aliases can nest a value deeper than it is written: past the front matter's depth limit the
 * rest is null, with a warning, and the item is still JSON. */
static void test_alias_depth_bounded(void **state)
{
    (void)state;
    GString *s = g_string_new("---\nx0: &x0 ");
    for (int i = 0; i < 60; i++)
        g_string_append_c(s, '[');
    g_string_append(s, "deep");
    for (int i = 0; i < 60; i++)
        g_string_append_c(s, ']');
    g_string_append(s, "\nx1: &x1 ");
    for (int i = 0; i < 60; i++)
        g_string_append_c(s, '[');
    g_string_append(s, "*x0");
    for (int i = 0; i < 60; i++)
        g_string_append_c(s, ']');
    g_string_append(s, "\nreferences:\n  - id: a\n    custom: *x1\n---\n\nText.\n");
    struct tp_result r;
    tp_parse(&r, s->str, NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 0);
    assert_non_null(strstr(r.messages, "t.md:5:5: warning: reference 'a' nests deeper than 64 "
                                       "levels; the deeper values are left out of its CSL-JSON"));
    const char *json = ref_at(&r, 0)->csl_json;
    assert_null(strstr(json, "deep"));
    assert_non_null(strstr(json, "null"));
    json_node_unref(json_parse(json));
    tp_free(&r);
    g_string_free(s, TRUE);
}

/* The plain-name split the works are cited by (nashra_name_split), which the items use. */
static void test_name_split(void **state)
{
    (void)state;
    static const struct {
        const char *plain, *family, *given;
    } cases[] = {
        {"Jane Smith", "Smith", "Jane"},
        {"Smith, Jane", "Smith", "Jane"},
        {"Mary Ann Smith", "Smith", "Mary Ann"},
        {"UNESCO", "UNESCO", NULL},
        {"  Jane Smith  ", "Smith", "Jane"},
        {"Smith,", "Smith", NULL},
        {"World Meteorological Organization Water", NULL, NULL},
        {", Jane", NULL, NULL},
        {"", NULL, NULL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *family = NULL, *given = NULL;
        bool ok = nashra_name_split(cases[i].plain, &family, &given);
        assert_int_equal(ok, cases[i].family != NULL);
        if (ok) {
            assert_string_equal(family, cases[i].family);
            if (cases[i].given)
                assert_string_equal(given, cases[i].given);
            else
                assert_null(given);
        }
        g_free(family);
        g_free(given);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yaml_reference_every_kind),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_bibliography_item_round_trip),
        cmocka_unit_test(test_bibliography_normalised),
        cmocka_unit_test(test_unknown_keys_warned),
        cmocka_unit_test(test_bad_type_warned),
        cmocka_unit_test(test_alias_depth_bounded),
        cmocka_unit_test(test_name_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
