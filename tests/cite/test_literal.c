/* Institutional authors (CSL `literal`, and `literal:` in the brief's own authors) are cited
 * whole in every style, in the text, in notes and in the reference list, sorted whole, and
 * exported whole; a plain-string name is still split as a person's. Through parse and resolve,
 * against exact strings (checked against citeproc-js with the same styles). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

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

/* A brief in LANG and STYLE citing the works as BODY does. g_free. */
static char *brief(const char *lang, const char *style, const char *body)
{
    return g_strdup_printf("---\ntitle: T\nlang: %s\ncitation-style: %s\n%s%s\n", lang, style,
                           WORKS + 4 + strlen("title: T\n"), body);
}

static void expect(const char *lang, const char *style, const char *body, enum ch_what what,
                   const char *want)
{
    char *src = brief(lang, style, body);
    ch_expect(src, what, false, want);
    g_free(src);
}

static const char *const BODY = "A [@wmo]. B [@wmo, p. 14]. C [@two]. D [@plain]. E [@wa].";

/* In-text citations: an institution whole; a plain string split as a person's name. */
static void test_intext(void **state)
{
    (void)state;
    expect("en", "chicago", BODY, CH_CITATIONS,
           "(World Meteorological Organization 2023) | "
           "(World Meteorological Organization 2023, 14) | "
           "(World Bank and United Nations Environment Programme 2021) | "
           "(Khatib 2020) | (Williams 2019)");
    expect("en", "apa", BODY, CH_CITATIONS,
           "(World Meteorological Organization, 2023) | "
           "(World Meteorological Organization, 2023, p. 14) | "
           "(World Bank & United Nations Environment Programme, 2021) | "
           "(Khatib, 2020) | (Williams, 2019)");
    expect("ar", "chicago", "أ [@wb, p. 14].", CH_CITATIONS, "(البنك الدولي ٢٠٢٣، ١٤)");
}

/* Reference-list entries: the institution whole, sorted by its whole name (World Meteorological
 * Organization after Williams and after World Bank; by "Organization" or "Meteorological" it
 * would come before Williams). Two institutions: no delimiter before "and", as citeproc-js
 * writes two names given whole, whatever delimiter-precedes-last says. */
static void test_entries_and_order(void **state)
{
    (void)state;
    expect("en", "chicago", BODY, CH_ENTRIES,
           "Khatib, Samer. 2020. “Rivers.” | "
           "Williams, Ann. 2019. “Rain.” | "
           "World Bank and United Nations Environment Programme. 2021. “Joint Report.” | "
           "World Meteorological Organization. 2023. “State of Global Water Resources 2022.” "
           "WMO.");
    expect("en", "apa", BODY, CH_ENTRIES,
           "Khatib, S. (2020). Rivers. | "
           "Williams, A. (2019). Rain. | "
           "World Bank & United Nations Environment Programme. (2021). Joint Report. | "
           "World Meteorological Organization. (2023). State of Global Water Resources 2022. "
           "WMO.");
    expect("en", "chicago-notes", BODY, CH_ENTRIES,
           "Khatib, Samer. “Rivers,” 2020. | "
           "Williams, Ann. “Rain,” 2019. | "
           "World Bank and United Nations Environment Programme. “Joint Report,” 2021. | "
           "World Meteorological Organization. “State of Global Water Resources 2022.” WMO, "
           "2023.");
    /* Arabic: the Arabic institution first (the brief's script), then the English work. */
    expect("ar", "chicago", "أ [@wmo]. ب [@wb, p. 14].", CH_ENTRIES,
           "البنك الدولي. ٢٠٢٣. «تقرير المياه». | "
           "World Meteorological Organization. 2023. “State of Global Water Resources 2022.” "
           "WMO.");
}

static void test_notes(void **state)
{
    (void)state;
    expect("en", "chicago-notes", BODY, CH_NOTES,
           "World Meteorological Organization, “State of Global Water Resources 2022.” | "
           "World Meteorological Organization, 14. | "
           "World Bank and United Nations Environment Programme, “Joint Report.” | "
           "Khatib, “Rivers.” | Williams, “Rain.”");
    expect("ar", "chicago-notes", "أ [@wb, p. 14]. ب [@wmo]. ج [@wb].", CH_NOTES,
           "البنك الدولي، «تقرير المياه»، ١٤. | "
           "World Meteorological Organization, “State of Global Water Resources 2022.” | "
           "البنك الدولي، «تقرير المياه».");
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
    struct nashra_doc *d = ch_doc(BRIEF);
    ch_check(nashra_cite_text(&d->meta),
             "World Meteorological Organization, and Lena Fischer. 2023. “State of the "
             "Climate.”");
    ch_check(nashra_cite_key(&d->meta), "worldmeteorologicalorganization2023");
    nashra_doc_free(d);
    char *apa = g_strconcat("---\ncitation-style: apa\n", BRIEF + 4, NULL);
    d = ch_doc(apa);
    ch_check(nashra_cite_text(&d->meta),
             "World Meteorological Organization, & Fischer, L. (2023). State of the Climate.");
    nashra_doc_free(d);
    g_free(apa);
}

static void test_brief_exports(void **state)
{
    (void)state;
    struct nashra_doc *d = ch_doc(BRIEF);
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
    d = ch_doc("---\ntitle: T\nauthors: [{literal: 'R&D {Lab}'}]\n---\n");
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
        cmocka_unit_test(test_entries_and_order),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_brief_text),
        cmocka_unit_test(test_brief_exports),
        cmocka_unit_test(test_brief_literal_and_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
