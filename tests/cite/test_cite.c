/* The brief's own citation (the "how to cite this brief" text): its reference-list entry in the
 * brief's CSL style (chicago, apa, chicago-notes, any Debian style) in Arabic and English against
 * exact strings (checked against citeproc-js with the same styles; nashra adds the brief's digits,
 * Arabic commas and « » quotes); the locator split; the BibTeX, RIS and CSL-JSON exports' fields
 * and escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cite/cite.h"
#include "parse/parse.h"
#include "resolve/resolve.h"
#include "helpers.h"

static struct nashra_doc *doc_of(const char *src)
{
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t.md", src, strlen(src));
    diag.out = NULL;
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA};
    struct nashra_doc *doc = nashra_parse(src, strlen(src), &opts, &diag);
    nashra_resolve(doc, &diag);
    assert_int_equal(diag.errors + diag.warnings, 0);
    return doc;
}

static const char *const EN = "---\n"
                              "title: Heat and the City\n"
                              "subtitle: Protecting outdoor workers\n"
                              "authors: [Lena Fischer, Omar Haddad, Priya Raman]\n"
                              "date: 2026-07-15\n"
                              "source: Urban Policy Notes\n"
                              "source-url: https://example.org/upn\n"
                              "lang: en\n"
                              "---\n";

static const char *const AR = "---\n"
                              "title: الانتشار في الجنوب\n"
                              "authors: [علي بكر, سارة أحمد]\n"
                              "date: 2017-10-01\n"
                              "source:\n"
                              "  name: مجلة السياسة الدولية\n"
                              "  issue: 210\n"
                              "  url: https://example.org/siyassa\n"
                              "lang: ar\n"
                              "---\n";

/* The brief's citation (nashra_cite_text) when SRC's front matter says citation-style: STYLE. */
static void check_text(const char *src, const char *style, const char *want)
{
    assert_true(g_str_has_prefix(src, "---\n"));
    char *with = g_strdup_printf("---\ncitation-style: %s\n%s", style, src + 4);
    struct nashra_doc *doc = doc_of(with);
    g_free(with);
    char *got = nashra_cite_text(&doc->meta);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "want: %s\ngot:  %s\n", want, got);
    assert_string_equal(got, want);
    g_free(got);
    nashra_doc_free(doc);
}

static void test_chicago_en(void **state)
{
    (void)state;
    check_text(EN, "chicago",
               "Fischer, Lena, Omar Haddad, and Priya Raman. 2026. “Heat and the City: "
               "Protecting Outdoor Workers.” Urban Policy Notes. https://example.org/upn.");
    check_text("---\ntitle: One\nauthor: Lena Fischer\ndate: 2026-07\nseries: Briefs\n"
               "number: 4\nlang: en\n---\n",
               "chicago", "Fischer, Lena. 2026. “One.” Briefs 4.");
    check_text("---\ntitle: Why?\nauthors: [A Bee, C Dee]\nlang: en\n---\n", "chicago",
               "Bee, A, and C Dee. n.d. “Why?”");
}

static void test_apa_en(void **state)
{
    (void)state;
    check_text(EN, "apa",
               "Fischer, L., Haddad, O., & Raman, P. (2026). Heat and the City: "
               "Protecting outdoor workers. Urban Policy Notes. https://example.org/upn");
    check_text("---\ntitle: T\nauthors: [Jean-Paul Sartre, Ann Lee]\ndate: 2020\nlang: en\n"
               "source:\n  name: J\n  volume: 12\n  issue: 3\n  pages: 45-67\n---\n",
               "apa", "Sartre, J.-P., & Lee, A. (2020). T. J, 12(3), 45–67.");
    check_text("---\ntitle: No Author\nlang: en\n---\n", "apa", "No Author. (n.d.).");
}

static void test_chicago_ar(void **state)
{
    (void)state;
    check_text(AR, "chicago",
               "علي بكر وسارة أحمد. ٢٠١٧. «الانتشار في الجنوب». مجلة السياسة الدولية، عدد ٢١٠ "
               "(أكتوبر). https://example.org/siyassa.");
}

static void test_apa_ar(void **state)
{
    (void)state;
    check_text(AR, "apa",
               "علي بكر وسارة أحمد. (٢٠١٧). الانتشار في الجنوب. مجلة السياسة الدولية، ٢١٠. "
               "https://example.org/siyassa");
    /* Latin digits when the front matter asks for them. */
    char *src = g_strconcat(AR, NULL);
    char *latin = g_strjoin("", "---\ndigits: latin\n", src + 4, NULL);
    check_text(latin, "apa",
               "علي بكر وسارة أحمد. (2017). الانتشار في الجنوب. مجلة السياسة الدولية، 210. "
               "https://example.org/siyassa");
    g_free(latin);
    g_free(src);
}

static void test_style_from_meta(void **state)
{
    (void)state;
    struct nashra_doc *doc = doc_of("---\ntitle: T\ncitation-style: apa\nlang: en\n---\n");
    assert_string_equal(doc->meta.citation_style, "apa");
    char *t = nashra_cite_text(&doc->meta);
    assert_string_equal(t, "T. (n.d.).");
    g_free(t);
    nashra_doc_free(doc);
}

/* Any of Debian's styles by name; chicago-notes' entry is its bibliography's. */
static void test_other_styles(void **state)
{
    (void)state;
    check_text(EN, "modern-language-association",
               "Fischer, Lena, et al. Heat and the City: Protecting Outdoor Workers. Urban Policy "
               "Notes, 15 July 2026, https://example.org/upn.");
    check_text(EN, "chicago-notes",
               "Fischer, Lena, Omar Haddad, and Priya Raman. “Heat and the City: Protecting "
               "Outdoor Workers.” Urban Policy Notes, July 15, 2026. https://example.org/upn.");
}

/* a citation-style that names no style is
 * reported only when the brief cites a work; a brief that cites nothing gets no error and an
 * empty "how to cite" text. */
static void test_unknown_style_reported(void **state)
{
    (void)state;
    const char *src = "---\ntitle: T\ncitation-style: mla\n---\nText.\n";
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t.md", src, strlen(src));
    diag.out = NULL;
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA};
    struct nashra_doc *doc = nashra_parse(src, strlen(src), &opts, &diag);
    nashra_resolve(doc, &diag);
    assert_int_equal(diag.errors, 1);
    nashra_doc_free(doc);
}

/* A locator as written, to CSL's label and a value in ASCII digits. */
static void test_locator_split(void **state)
{
    (void)state;
    static const struct {
        const char *written, *label, *value;
    } cases[] = {
        {"p. 12", "page", "12"},      {"pp. 3–5", "page", "3–5"},  {"ch. 2", "chapter", "2"},
        {"ص ١٢", "page", "12"},       {"12", "page", "12"},        {"ص ١٠–١٢", "page", "10–12"},
        {"§ 4", "section", "4"},      {"para. 7", "paragraph", "7"}, {"فصل ٣", "chapter", "3"},
        {"vol. 2", "volume", "2"},    {"  p.9", "page", "9"},      {"۱۲", "page", "12"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *label = NULL;
        char *value = NULL;
        nashra_cite_locator_split(cases[i].written, &label, &value);
        if (strcmp(label, cases[i].label) != 0 || strcmp(value, cases[i].value) != 0)
            fail_msg("'%s': want %s '%s', got %s '%s'", cases[i].written, cases[i].label,
                     cases[i].value, label, value);
        g_free(value);
    }
    /* The separator of works in one citation. */
    assert_string_equal(nashra_cite_list_sep("en"), "; ");
    assert_string_equal(nashra_cite_list_sep("ar"), "\u061B ");
    assert_string_equal(nashra_cite_list_sep("fa"), "\u061B ");
}

/* Without lang, the citation is in the language the resolve stage gives the layout's labels:
 * by the direction and the script of the body, else of the title. */
static void test_lang_from_dir(void **state)
{
    (void)state;
    struct nashra_doc *doc = doc_of("---\ntitle: موجز\ndir: ltr\n---\n");
    assert_string_equal(doc->meta.resolved.lang, "en");
    nashra_doc_free(doc);
    doc = doc_of("---\ntitle: Brief\ndir: rtl\n---\n");
    assert_string_equal(doc->meta.resolved.lang, "ar");
    nashra_doc_free(doc);
    doc = doc_of("---\ntitle: موجز\n---\n");
    assert_string_equal(doc->meta.resolved.lang, "ar");
    nashra_doc_free(doc);
}

static void test_bibtex(void **state)
{
    (void)state;
    struct nashra_doc *doc = doc_of(EN);
    char *b = nashra_cite_bibtex(&doc->meta);
    assert_true(g_str_has_prefix(b, "@techreport{fischer2026,\n"));
    assert_non_null(strstr(b, "  author = {Fischer, Lena and Haddad, Omar and Raman, Priya},\n"));
    assert_non_null(strstr(b, "  title = {Heat and the City: Protecting outdoor workers},\n"));
    assert_non_null(strstr(b, "  institution = {Urban Policy Notes},\n"));
    assert_non_null(strstr(b, "  year = {2026},\n"));
    assert_non_null(strstr(b, "  month = jul,\n"));
    assert_non_null(strstr(b, "  url = {https://example.org/upn},\n"));
    assert_true(g_str_has_suffix(b, "\n}\n"));
    g_free(b);
    nashra_doc_free(doc);

    doc = doc_of(AR);
    b = nashra_cite_bibtex(&doc->meta);
    assert_true(g_str_has_prefix(b, "@article{brief2017,\n"));
    assert_non_null(strstr(b, "  author = {علي بكر and سارة أحمد},\n"));
    assert_non_null(strstr(b, "  journal = {مجلة السياسة الدولية},\n"));
    assert_non_null(strstr(b, "  number = {210},\n"));
    g_free(b);
    nashra_doc_free(doc);

    doc = doc_of("---\ntitle: 50% of {all} R&D_x $# ~ ^ \\ cases\n---\n");
    b = nashra_cite_bibtex(&doc->meta);
    assert_non_null(strstr(b, "title = {50\\% of \\{all\\} R\\&D\\_x \\$\\# \\textasciitilde{} "
                              "\\textasciicircum{} \\textbackslash{} cases}"));
    assert_true(g_str_has_prefix(b, "@techreport{brief,"));
    g_free(b);
    nashra_doc_free(doc);
}

static void test_ris(void **state)
{
    (void)state;
    struct nashra_doc *doc = doc_of(AR);
    char *r = nashra_cite_ris(&doc->meta);
    assert_true(g_str_has_prefix(r, "TY  - JOUR\n"));
    assert_non_null(strstr(r, "\nAU  - علي بكر\nAU  - سارة أحمد\n"));
    assert_non_null(strstr(r, "\nTI  - الانتشار في الجنوب\n"));
    assert_non_null(strstr(r, "\nPY  - 2017\n"));
    assert_non_null(strstr(r, "\nDA  - 2017/10/01/\n"));
    assert_non_null(strstr(r, "\nT2  - مجلة السياسة الدولية\n"));
    assert_non_null(strstr(r, "\nIS  - 210\n"));
    assert_non_null(strstr(r, "\nUR  - https://example.org/siyassa\n"));
    assert_non_null(strstr(r, "\nLA  - ar\n"));
    assert_true(g_str_has_suffix(r, "\nER  - \n"));
    g_free(r);
    nashra_doc_free(doc);
    doc = doc_of(EN);
    r = nashra_cite_ris(&doc->meta);
    assert_true(g_str_has_prefix(r, "TY  - RPRT\nAU  - Fischer, Lena\n"));
    g_free(r);
    nashra_doc_free(doc);
}

static void test_csl_json(void **state)
{
    (void)state;
    /* smart: false keeps the title's " as typed, to be escaped. */
    struct nashra_doc *doc = doc_of("---\ntitle: \"Quote \\\" and \\\\ back\\tslash\"\nsmart: false\n"
                                    "author: Lena Fischer\ndate: 2026-07\nkeywords: [a, b]\n"
                                    "series: S\nnumber: 2\nsummary: \"line\\nbreak\"\n---\n");
    char *j = nashra_cite_csl_json(&doc->meta);
    assert_non_null(strstr(j, "\"id\": \"fischer2026\""));
    assert_non_null(strstr(j, "\"type\": \"report\""));
    assert_non_null(strstr(j, "\"title\": \"Quote \\\" and \\\\ back\\tslash\""));
    assert_non_null(strstr(j, "\"author\": [{\"family\": \"Fischer\", \"given\": \"Lena\"}]"));
    assert_non_null(strstr(j, "\"issued\": {\"date-parts\": [[2026, 7]]}"));
    assert_non_null(strstr(j, "\"keyword\": \"a, b\""));
    assert_non_null(strstr(j, "\"collection-title\": \"S\""));
    assert_non_null(strstr(j, "\"collection-number\": \"2\""));
    assert_non_null(strstr(j, "\"abstract\": \"line\\nbreak\""));
    assert_true(g_str_has_prefix(j, "[\n  {\n"));
    assert_true(g_str_has_suffix(j, "\n  }\n]\n"));
    g_free(j);
    nashra_doc_free(doc);
    doc = doc_of(AR);
    j = nashra_cite_csl_json(&doc->meta);
    assert_non_null(strstr(j, "\"type\": \"article-journal\""));
    assert_non_null(
        strstr(j, "\"author\": [{\"literal\": \"علي بكر\"}, {\"literal\": \"سارة أحمد\"}]"));
    assert_non_null(strstr(j, "\"container-title\": \"مجلة السياسة الدولية\""));
    assert_non_null(strstr(j, "\"issue\": \"210\""));
    g_free(j);
    nashra_doc_free(doc);
}

static void test_formats(void **state)
{
    (void)state;
    enum nashra_cite_format f;
    assert_true(nashra_cite_format_from_name("csl-json", &f));
    assert_int_equal(f, NASHRA_CITE_CSL_JSON);
    assert_true(nashra_cite_format_from_name("ris", &f));
    assert_int_equal(f, NASHRA_CITE_RIS);
    assert_false(nashra_cite_format_from_name("mla", &f));
    struct nashra_doc *doc = doc_of(EN);
    char *t = nashra_cite_export(&doc->meta, NASHRA_CITE_TEXT);
    assert_true(g_str_has_suffix(t, "https://example.org/upn.\n"));
    g_free(t);
    nashra_doc_free(doc);
}

/* Without a title the citation says what is known; with nothing known, nothing (not "."). */
static void test_no_title(void **state)
{
    (void)state;
    check_text("---\nauthors: [Lena Fischer]\ndate: 2026-07-15\nsource: Policy Notes\n---\n",
               "chicago", "Fischer, Lena. 2026. Policy Notes.");
    check_text("---\nauthors: [Lena Fischer]\ndate: 2026-07-15\nsource: Policy Notes\n---\n",
               "apa", "Fischer, L. (2026). Policy Notes.");
    check_text("---\nlang: ar\nauthors: [سارة المنصوري]\ndate: 2026-11-24\n---\n",
               "chicago", "سارة المنصوري. ٢٠٢٦.");
    check_text("---\nlang: ar\n---\n", "chicago", "");
    check_text("---\nlang: en\ndate: 2026-07-15\n---\n", "apa", "");
    check_text("---\n---\nText.\n", "chicago-notes", "");
}

/* A Hebrew work in a Hebrew brief is the brief's own (its terms), not a foreign one written
 * in English; a Latin work beside it is. */
static void test_hebrew_works_are_native(void **state)
{
    (void)state;
    const char *src = "---\ntitle: T\nlang: he\ncitation-style: chicago\nreferences:\n"
                      "  - id: levi\n    type: book\n    author: [{family: לוי, given: נועה}, "
                      "{family: כהן, given: דוד}]\n    title: מים\n    issued: 2020\n"
                      "  - id: smith\n    type: book\n    author: [{family: Smith, given: Jane}, "
                      "{family: Doe, given: John}]\n    title: Rivers\n    issued: 2019\n"
                      "---\nטקסט [@levi; @smith].\n";
    struct nashra_doc *doc = ch_doc(src);
    char *got = ch_joined(doc, CH_ENTRIES, false);
    nashra_doc_free(doc);
    /* Hebrew's "and" joined to the next name; English's "and" for the English work. */
    assert_non_null(strstr(got, "לוי, נועה, ודוד כהן"));
    assert_non_null(strstr(got, "Smith, Jane, and John Doe"));
    g_free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chicago_en),
        cmocka_unit_test(test_apa_en),
        cmocka_unit_test(test_chicago_ar),
        cmocka_unit_test(test_apa_ar),
        cmocka_unit_test(test_style_from_meta),
        cmocka_unit_test(test_other_styles),
        cmocka_unit_test(test_unknown_style_reported),
        cmocka_unit_test(test_locator_split),
        cmocka_unit_test(test_lang_from_dir),
        cmocka_unit_test(test_bibtex),
        cmocka_unit_test(test_ris),
        cmocka_unit_test(test_csl_json),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_no_title),
        cmocka_unit_test(test_hebrew_works_are_native),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
