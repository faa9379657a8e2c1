/* Institutional authors (CSL `literal`, and `literal:` in the brief's own authors) are cited
 * whole in every style, sorted whole in the reference list and exported whole; a plain-string
 * name is still split as a person's. Against exact strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cite/cite.h"
#include "parse/parse.h"
#include "resolve/resolve.h"

static const char *const WORKS =
    "---\n"
    "title: T\n"
    "references:\n"
    "  - id: wmo\n"
    "    type: report\n"
    "    author: [{literal: World Meteorological Organization}]\n"
    "    title: State of Global Water Resources 2022\n"
    "    publisher: WMO\n"
    "    issued: 2023\n"
    "  - id: wb\n"
    "    type: report\n"
    "    author: [{literal: البنك الدولي}]\n"
    "    title: تقرير المياه\n"
    "    issued: 2023\n"
    "  - id: two\n"
    "    author: [{literal: World Bank}, {literal: United Nations Environment Programme}]\n"
    "    title: Joint Report\n"
    "    issued: 2021\n"
    "  - id: plain\n"
    "    author: [Samer Khatib]\n"
    "    title: Rivers\n"
    "    issued: 2020\n"
    "  - id: wa\n"
    "    author: [{family: Williams, given: Ann}]\n"
    "    title: Rain\n"
    "    issued: 2019\n"
    "---\n";

static struct nashra_doc *doc;

static struct nashra_doc *parse(const char *src)
{
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t.md", src, strlen(src));
    diag.out = NULL;
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA};
    struct nashra_doc *d = nashra_parse(src, strlen(src), &opts, &diag);
    nashra_resolve(d, &diag);
    assert_int_equal(diag.errors + diag.warnings, 0);
    return d;
}

static int setup(void **state)
{
    (void)state;
    doc = parse(WORKS);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nashra_doc_free(doc);
    return 0;
}

static const struct nashra_ref *ref(const char *id)
{
    for (guint i = 0; i < doc->meta.references->len; i++) {
        const struct nashra_ref *r = g_ptr_array_index(doc->meta.references, i);
        if (strcmp(r->id, id) == 0)
            return r;
    }
    fail_msg("no reference %s", id);
    return NULL;
}

static void check(char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fprintf(stderr, "want: %s\ngot:  %s\n", want, got);
    assert_string_equal(got, want);
    g_free(got);
}

static void test_intext(void **state)
{
    (void)state;
    check(nashra_cite_work_intext(ref("wmo"), NULL, NASHRA_CITE_CHICAGO, "en", 0),
          "World Meteorological Organization 2023");
    check(nashra_cite_work_intext(ref("wmo"), "p. 14", NASHRA_CITE_APA, "en", 0),
          "World Meteorological Organization, 2023, p. 14");
    check(nashra_cite_work_intext(ref("wb"), "p. 14", NASHRA_CITE_CHICAGO, "ar", 0),
          "البنك الدولي ٢٠٢٣، ص ١٤");
    check(nashra_cite_work_intext(ref("two"), NULL, NASHRA_CITE_CHICAGO, "en", 0),
          "World Bank and United Nations Environment Programme 2021");
    /* A plain string is a person's name: cited by its last word, as before. */
    check(nashra_cite_work_intext(ref("plain"), NULL, NASHRA_CITE_CHICAGO, "en", 0), "Khatib 2020");
}

static void test_entries(void **state)
{
    (void)state;
    check(nashra_cite_work_entry(ref("wmo"), NASHRA_CITE_CHICAGO, "en", 0),
          "World Meteorological Organization. 2023. State of Global Water Resources 2022. WMO.");
    check(nashra_cite_work_entry(ref("wmo"), NASHRA_CITE_APA, "en", 0),
          "World Meteorological Organization. (2023). State of Global Water Resources 2022. "
          "WMO.");
    check(nashra_cite_work_entry(ref("wmo"), NASHRA_CITE_CHICAGO_NOTES, "en", 0),
          "World Meteorological Organization. State of Global Water Resources 2022. WMO, "
          "2023.");
    check(nashra_cite_work_entry(ref("wb"), NASHRA_CITE_CHICAGO, "ar", 0),
          "البنك الدولي. ٢٠٢٣. تقرير المياه.");
}

static void test_notes(void **state)
{
    (void)state;
    check(nashra_cite_work_note(ref("wmo"), "p. 14", NASHRA_CITE_CHICAGO_NOTES, "en", 0,
                                NASHRA_CITE_NOTE_FULL),
          "World Meteorological Organization, State of Global Water Resources 2022 (WMO, "
          "2023), 14.");
    check(nashra_cite_work_note(ref("wmo"), "p. 15", NASHRA_CITE_CHICAGO_NOTES, "en", 0,
                                NASHRA_CITE_NOTE_SHORT),
          "World Meteorological Organization, State of Global Water Resources 2022, 15.");
    check(nashra_cite_work_note(ref("wb"), NULL, NASHRA_CITE_CHICAGO_NOTES, "ar", 0,
                                NASHRA_CITE_NOTE_SHORT),
          "البنك الدولي، تقرير المياه.");
}

/* Sorted by the whole name: World Meteorological Organization after Williams (by "Organization"
 * it would come before "Williams", by "Meteorological" before it too). */
static void test_order(void **state)
{
    (void)state;
    assert_true(nashra_cite_work_compare(ref("wa"), ref("wmo"), "en") < 0);
    assert_true(nashra_cite_work_compare(ref("two"), ref("wmo"), "en") < 0);
    assert_true(nashra_cite_work_compare(ref("wb"), ref("wmo"), "ar") < 0);
}

static const char *const BRIEF = "---\n"
                                 "title: State of the Climate\n"
                                 "authors:\n"
                                 "  - literal: World Meteorological Organization\n"
                                 "    affiliation: Geneva\n"
                                 "  - Lena Fischer\n"
                                 "date: 2023-05-01\n"
                                 "lang: en\n"
                                 "---\n";

static void test_brief_text(void **state)
{
    (void)state;
    struct nashra_doc *d = parse(BRIEF);
    check(nashra_cite_text_style(&d->meta, NASHRA_CITE_CHICAGO),
          "World Meteorological Organization, and Lena Fischer. “State of the Climate.” 1 May "
          "2023.");
    check(nashra_cite_text_style(&d->meta, NASHRA_CITE_APA),
          "World Meteorological Organization, & Fischer, L. (2023, May 1). State of the "
          "Climate.");
    check(nashra_cite_key(&d->meta), "worldmeteorologicalorganization2023");
    nashra_doc_free(d);
}

static void test_brief_exports(void **state)
{
    (void)state;
    struct nashra_doc *d = parse(BRIEF);
    char *b = nashra_cite_bibtex(&d->meta);
    assert_non_null(strstr(b, "  author = {{World Meteorological Organization} and Fischer, "
                              "Lena},\n"));
    g_free(b);
    char *r = nashra_cite_ris(&d->meta);
    assert_non_null(strstr(r, "AU  - World Meteorological Organization\nAU  - Fischer, Lena\n"));
    g_free(r);
    char *j = nashra_cite_csl_json(&d->meta);
    assert_non_null(strstr(j, "\"author\": [{\"literal\": \"World Meteorological Organization\"}, "
                              "{\"family\": \"Fischer\", \"given\": \"Lena\"}]"));
    g_free(j);
    nashra_doc_free(d);
    /* LaTeX's specials in an institution are escaped inside its braces. */
    d = parse("---\ntitle: T\nauthors: [{literal: 'R&D {Lab}'}]\n---\n");
    b = nashra_cite_bibtex(&d->meta);
    assert_non_null(strstr(b, "  author = {{R\\&D \\{Lab\\}}}"));
    g_free(b);
    nashra_doc_free(d);
}

static void test_brief_literal_and_name(void **state)
{
    (void)state;
    const char *src = "---\ntitle: T\nauthors: [{literal: A, name: B}]\n---\n";
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t.md", src, strlen(src));
    diag.out = NULL;
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA};
    struct nashra_doc *d = nashra_parse(src, strlen(src), &opts, &diag);
    nashra_resolve(d, &diag);
    assert_int_equal(diag.errors, 1);
    nashra_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intext),
        cmocka_unit_test(test_entries),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_brief_text),
        cmocka_unit_test(test_brief_exports),
        cmocka_unit_test(test_brief_literal_and_name),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
