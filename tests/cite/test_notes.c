/* Cited works in the notes style (chicago-notes): full, short and ibid. notes in English and
 * Arabic, with and without a locator, several works in one note, and the bibliography entry
 * with its italic titles, against exact strings. */
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
    "  - id: smith\n"
    "    type: book\n"
    "    author: [{family: Smith, given: Jane}]\n"
    "    title: 'Rivers Under Stress: Water in a Warming World'\n"
    "    publisher: River Press\n"
    "    issued: 2020\n"
    "  - id: khatib\n"
    "    type: article-journal\n"
    "    author: [{family: Khatib, given: Samer}, {family: Lee, given: Ann}]\n"
    "    title: Transboundary Water\n"
    "    container-title: Journal of Water Studies\n"
    "    issued: 2023\n"
    "    volume: 4\n"
    "    issue: 2\n"
    "    page: 10-30\n"
    "  - id: many\n"
    "    author: [A One, B Two, C Three, D Four]\n"
    "    title: Why?\n"
    "  - id: khatib_ar\n"
    "    type: article-journal\n"
    "    author: [{family: الخطيب, given: سامر}]\n"
    "    title: المياه العابرة للحدود\n"
    "    container-title: مجلة الدراسات المائية\n"
    "    issued: 2023-05-01\n"
    "    volume: 4\n"
    "    page: 10-30\n"
    "  - id: nasser\n"
    "    type: book\n"
    "    author: [{family: ناصر, given: ليلى}]\n"
    "    title: 'الأنهار المشتركة: دراسة في القانون الدولي'\n"
    "    publisher: دار النهضة\n"
    "    issued: 2019\n"
    "---\n";

static struct nashra_doc *doc;

static int setup(void **state)
{
    (void)state;
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t.md", WORKS, strlen(WORKS));
    diag.out = NULL;
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA};
    doc = nashra_parse(WORKS, strlen(WORKS), &opts, &diag);
    nashra_resolve(doc, &diag);
    return diag.errors + diag.warnings;
}

static int teardown(void **state)
{
    (void)state;
    nashra_doc_free(doc);
    return 0;
}

static const struct nashra_ref *work(const char *id)
{
    for (guint i = 0; i < doc->meta.references->len; i++) {
        const struct nashra_ref *r = g_ptr_array_index(doc->meta.references, i);
        if (strcmp(r->id, id) == 0)
            return r;
    }
    fail_msg("no work %s", id);
    return NULL;
}

static void check_note(const char *id, const char *locator, const char *lang,
                       enum nashra_cite_note_form form, const char *want)
{
    char *got = nashra_cite_work_note(work(id), locator, NASHRA_CITE_CHICAGO_NOTES, lang,
                                      NASHRA_DIGITS_DEFAULT, form);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "want: %s\ngot:  %s\n", want, got);
    assert_string_equal(got, want);
    g_free(got);
}

static void test_notes_en(void **state)
{
    (void)state;
    enum nashra_cite_note_form F = NASHRA_CITE_NOTE_FULL, S = NASHRA_CITE_NOTE_SHORT,
                               I = NASHRA_CITE_NOTE_IBID;
    check_note(
        "smith", "p. 12", "en", F,
        "Jane Smith, Rivers Under Stress: Water in a Warming World (River Press, 2020), 12.");
    check_note("smith", NULL, "en", F,
               "Jane Smith, Rivers Under Stress: Water in a Warming World (River Press, 2020).");
    check_note("smith", "p. 14", "en", S, "Smith, Rivers Under Stress, 14.");
    check_note("smith", NULL, "en", S, "Smith, Rivers Under Stress.");
    check_note("smith", "p. 14", "en", I, "Ibid., 14.");
    check_note("smith", NULL, "en", I, "Ibid.");
    check_note("khatib", "p. 3", "en", F,
               "Samer Khatib and Ann Lee, “Transboundary Water,” Journal of Water Studies 4, "
               "no. 2 (2023): 3.");
    check_note("khatib", NULL, "en", F,
               "Samer Khatib and Ann Lee, “Transboundary Water,” Journal of Water Studies 4, "
               "no. 2 (2023): 10–30.");
    check_note("khatib", "ch. 2", "en", S, "Khatib and Lee, “Transboundary Water,” ch. 2.");
    /* The period goes inside the quotes, once. */
    check_note("khatib", NULL, "en", S, "Khatib and Lee, “Transboundary Water.”");
    check_note("many", NULL, "en", F, "A One et al., Why? (n.d.).");
    check_note("many", "p. 2", "en", S, "One et al., Why?, 2.");
}

static void test_notes_ar(void **state)
{
    (void)state;
    enum nashra_cite_note_form F = NASHRA_CITE_NOTE_FULL, S = NASHRA_CITE_NOTE_SHORT,
                               I = NASHRA_CITE_NOTE_IBID;
    check_note("khatib_ar", "p. 12", "ar", F,
               "سامر الخطيب، «المياه العابرة للحدود»، مجلة الدراسات المائية ٤ (٢٠٢٣)، ص ١٢.");
    check_note("khatib_ar", NULL, "ar", F,
               "سامر الخطيب، «المياه العابرة للحدود»، مجلة الدراسات المائية ٤ (٢٠٢٣): ١٠–٣٠.");
    check_note("nasser", "ص 7", "ar", F,
               "ليلى ناصر، الأنهار المشتركة: دراسة في القانون الدولي (دار النهضة، ٢٠١٩)، ص ٧.");
    check_note("nasser", "ص 9", "ar", S, "ناصر، الأنهار المشتركة، ص ٩.");
    check_note("khatib_ar", NULL, "ar", S, "الخطيب، «المياه العابرة للحدود».");
    check_note("nasser", "9", "ar", I, "المرجع نفسه، ص ٩.");
    check_note("nasser", NULL, "ar", I, "المرجع نفسه.");
    /* An English work cited alone in an Arabic brief: an English note. */
    check_note("smith", "p. 4", "ar", I, "Ibid., 4.");
}

static void test_several_in_one_note(void **state)
{
    (void)state;
    struct nashra_cite_note_item en[] = {{work("smith"), "p. 2", NASHRA_CITE_NOTE_SHORT},
                                         {work("khatib"), NULL, NASHRA_CITE_NOTE_SHORT}};
    char *got =
        nashra_cite_note(en, 2, NASHRA_CITE_CHICAGO_NOTES, "en", NASHRA_DIGITS_DEFAULT, true, NULL);
    assert_string_equal(got, "Smith, Rivers Under Stress, 2; Khatib and Lee, “Transboundary "
                             "Water.”");
    g_free(got);
    /* Arabic separator; the English work isolated and the note kept right to left. */
    struct nashra_cite_note_item ar[] = {{work("smith"), NULL, NASHRA_CITE_NOTE_SHORT},
                                         {work("nasser"), "ص 3", NASHRA_CITE_NOTE_SHORT}};
    got =
        nashra_cite_note(ar, 2, NASHRA_CITE_CHICAGO_NOTES, "ar", NASHRA_DIGITS_DEFAULT, true, NULL);
    assert_string_equal(got, "\u200F\u2066Smith, Rivers Under Stress\u2069\u061B ناصر، الأنهار "
                             "المشتركة، ص ٣.");
    g_free(got);
    /* Within a note's own text: no closing period. */
    got = nashra_cite_note(ar + 1, 1, NASHRA_CITE_CHICAGO_NOTES, "ar", NASHRA_DIGITS_DEFAULT, false,
                           NULL);
    assert_string_equal(got, "ناصر، الأنهار المشتركة، ص ٣");
    g_free(got);
}

static void test_italic_titles(void **state)
{
    (void)state;
    GArray *italic = g_array_new(FALSE, FALSE, sizeof(gsize));
    char *got = nashra_cite_note(
        (struct nashra_cite_note_item[]){{work("khatib"), "p. 3", NASHRA_CITE_NOTE_FULL}}, 1,
        NASHRA_CITE_CHICAGO_NOTES, "en", NASHRA_DIGITS_DEFAULT, true, italic);
    assert_int_equal(italic->len, 2);
    char *span = g_strndup(got + g_array_index(italic, gsize, 0),
                           g_array_index(italic, gsize, 1) - g_array_index(italic, gsize, 0));
    assert_string_equal(span, "Journal of Water Studies");
    g_free(span);
    g_free(got);
    /* Arabic titles stay upright. */
    g_array_set_size(italic, 0);
    got = nashra_cite_note(
        (struct nashra_cite_note_item[]){{work("nasser"), NULL, NASHRA_CITE_NOTE_FULL}}, 1,
        NASHRA_CITE_CHICAGO_NOTES, "ar", NASHRA_DIGITS_DEFAULT, true, italic);
    assert_int_equal(italic->len, 0);
    g_free(got);
    g_array_unref(italic);
}

static void test_bibliography_entries(void **state)
{
    (void)state;
    GArray *italic = g_array_new(FALSE, FALSE, sizeof(gsize));
    char *got = nashra_cite_work_entry_marked(work("smith"), NASHRA_CITE_CHICAGO_NOTES, "en",
                                              NASHRA_DIGITS_DEFAULT, italic);
    assert_string_equal(got,
                        "Smith, Jane. Rivers Under Stress: Water in a Warming World. River Press, "
                        "2020.");
    assert_int_equal(italic->len, 2);
    assert_int_equal(g_array_index(italic, gsize, 0), strlen("Smith, Jane. "));
    g_free(got);
    got = nashra_cite_work_entry(work("khatib"), NASHRA_CITE_CHICAGO_NOTES, "en",
                                 NASHRA_DIGITS_DEFAULT);
    assert_string_equal(got, "Khatib, Samer and Ann Lee. “Transboundary Water.” Journal of "
                             "Water Studies 4, no. 2 (2023): 10–30.");
    g_free(got);
    got = nashra_cite_work_entry(work("nasser"), NASHRA_CITE_CHICAGO_NOTES, "ar",
                                 NASHRA_DIGITS_DEFAULT);
    assert_string_equal(got, "ناصر، ليلى. الأنهار المشتركة: دراسة في القانون الدولي. دار "
                             "النهضة، ٢٠١٩.");
    g_free(got);
    /* Author-date entries are unchanged: the year after the names. */
    got = nashra_cite_work_entry(work("smith"), NASHRA_CITE_CHICAGO, "en", NASHRA_DIGITS_DEFAULT);
    assert_string_equal(got, "Smith, Jane. 2020. Rivers Under Stress: Water in a Warming World. "
                             "River Press.");
    g_free(got);
    g_array_unref(italic);
}

static void test_style_name(void **state)
{
    (void)state;
    assert_string_equal(nashra_cite_style_name(NASHRA_CITE_CHICAGO_NOTES), "chicago-notes");
    assert_string_equal(nashra_cite_style_name(NASHRA_CITE_APA), "apa");
    assert_string_equal(nashra_cite_style_name(NASHRA_CITE_CHICAGO), "chicago");
    assert_true(nashra_cite_style_is_note(NASHRA_CITE_CHICAGO_NOTES));
    assert_false(nashra_cite_style_is_note(NASHRA_CITE_CHICAGO));
    assert_false(nashra_cite_style_is_note(NASHRA_CITE_APA));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notes_en),
        cmocka_unit_test(test_notes_ar),
        cmocka_unit_test(test_several_in_one_note),
        cmocka_unit_test(test_italic_titles),
        cmocka_unit_test(test_bibliography_entries),
        cmocka_unit_test(test_style_name),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
