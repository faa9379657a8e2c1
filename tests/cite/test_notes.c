/* Cited works in note styles, through the public path (parse, resolve, then the tree): the notes
 * a brief's citations become in chicago-notes (short notes; a second citation of the same work
 * in a row by its author alone), in Debian's full-note and ibid. variants (a full first note;
 * "Ibid." for the note just before), in English and Arabic (the brief's digits, Arabic
 * punctuation, the locator's label left to the style), several works in one note, a citation
 * inside the author's own note, italic titles (Latin only), the bibliography entries and the
 * style resolve reports. Expected strings checked against citeproc-js with the same styles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"

static const char *const WORKS =
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
    "    issued: 2019\n";

/* A brief in LANG and STYLE citing the works as BODY does. g_free. */
static char *brief(const char *lang, const char *style, const char *body)
{
    return g_strdup_printf("---\ntitle: T\nlang: %s\ncitation-style: %s\n%s---\n%s\n", lang,
                           style, WORKS, body);
}

static void expect(const char *lang, const char *style, const char *body, enum ch_what what,
                   bool italic, const char *want)
{
    char *src = brief(lang, style, body);
    ch_expect(src, what, italic, want);
    g_free(src);
}

static const char *const BODY_EN =
    "A [@smith, p. 12]. B [@smith, p. 14]. C [@smith]. D [@khatib, p. 3]. E [@smith]. "
    "F [@khatib, ch. 2]. G [@many]. H [@smith, p. 2; @khatib]. I [@many, p. 2].";

/* chicago-notes: short notes from the first (the bibliography gives the rest); the same work
 * twice in a row with a locator: the author and the locator. */
static void test_notes_en(void **state)
{
    (void)state;
    expect("en", "chicago-notes", BODY_EN, CH_NOTES, false,
           "Smith, Rivers Under Stress: Water in a Warming World, 12. | "
           "Smith, 14. | "
           "Smith, Rivers Under Stress: Water in a Warming World. | "
           "Khatib and Lee, “Transboundary Water,” 3. | "
           "Smith, Rivers Under Stress: Water in a Warming World. | "
           "Khatib and Lee, “Transboundary Water,” chap. 2. | "
           "One et al., “Why?” | "
           "Smith, Rivers Under Stress: Water in a Warming World, 2; Khatib and Lee, "
           "“Transboundary Water.” | "
           "One et al., “Why?,” 2.");
}

/* The full form first, then short forms; and "Ibid." in the style that has it. */
static void test_full_and_ibid_en(void **state)
{
    (void)state;
    expect("en", "chicago-fullnote-bibliography", BODY_EN, CH_NOTES, false,
           "Jane Smith, Rivers Under Stress: Water in a Warming World (River Press, 2020), 12. | "
           "Smith, 14. | "
           "Smith, Rivers Under Stress: Water in a Warming World. | "
           "Samer Khatib and Ann Lee, “Transboundary Water,” Journal of Water Studies 4, no. 2 "
           "(2023): 3. | "
           "Smith, Rivers Under Stress: Water in a Warming World. | "
           "Khatib and Lee, “Transboundary Water,” chap. 2. | "
           "A One et al., “Why?,” n.d. | "
           "Smith, Rivers Under Stress: Water in a Warming World, 2; Khatib and Lee, "
           "“Transboundary Water.” | "
           "One et al., “Why?,” 2.");
    /* Ibid. names the note just before, with a locator; without one after a locator it is the
     * short form again. */
    expect("en", "chicago-note-bibliography-with-ibid", BODY_EN, CH_NOTES, false,
           "Smith, Rivers Under Stress: Water in a Warming World, 12. | "
           "Ibid., 14. | "
           "Smith, Rivers Under Stress: Water in a Warming World. | "
           "Khatib and Lee, “Transboundary Water,” 3. | "
           "Smith, Rivers Under Stress: Water in a Warming World. | "
           "Khatib and Lee, “Transboundary Water,” chap. 2. | "
           "One et al., “Why?” | "
           "Smith, Rivers Under Stress: Water in a Warming World, 2; Khatib and Lee, "
           "“Transboundary Water.” | "
           "One et al., “Why?,” 2.");
    expect("en", "chicago-note-bibliography-with-ibid", "A [@smith]. B [@smith].", CH_NOTES,
           false, "Smith, Rivers Under Stress: Water in a Warming World. | Ibid.");
}

/* Arabic: Arabic commas and the brief's digits; Chicago writes a page locator bare, so "ص 7"
 * is "٧"; Arabic titles in guillemets; an English work cited alone stays English. */
static void test_notes_ar(void **state)
{
    (void)state;
    const char *body = "أ [@khatib_ar, p. 12]. ب [@nasser, ص 7]. ج [@nasser, ص ٩]. "
                       "د [@khatib_ar]. هـ [@nasser, 9]. و [@smith, p. 4]. ز [@nasser].";
    expect("ar", "chicago-notes", body, CH_NOTES, false,
           "الخطيب، «المياه العابرة للحدود»، ١٢. | "
           "ناصر، الأنهار المشتركة: دراسة في القانون الدولي، ٧. | "
           "ناصر، ٩. | "
           "الخطيب، «المياه العابرة للحدود». | "
           "ناصر، الأنهار المشتركة: دراسة في القانون الدولي، ٩. | "
           "Smith, Rivers Under Stress: Water in a Warming World, 4. | "
           "ناصر، الأنهار المشتركة: دراسة في القانون الدولي.");
    expect("ar", "chicago-fullnote-bibliography", "أ [@nasser, ص 7]. ب [@khatib_ar, p. 12].",
           CH_NOTES, false,
           "ليلى ناصر، الأنهار المشتركة: دراسة في القانون الدولي (دار النهضة، ٢٠١٩)، ٧. | "
           "سامر الخطيب، «المياه العابرة للحدود»، مجلة الدراسات المائية ٤ (١ مايو، ٢٠٢٣): ١٢.");
    /* The Arabic locale's ibid. */
    expect("ar", "chicago-note-bibliography-with-ibid", "أ [@nasser, ص 7]. ب [@nasser, ٩].",
           CH_NOTES, false,
           "ناصر، الأنهار المشتركة: دراسة في القانون الدولي، ٧. | المرجع السابق، ٩.");
    /* Latin digits when the front matter asks for them. */
    char *src = brief("ar", "chicago-notes", "أ [@nasser, ص 7].");
    char *latin = g_strconcat("---\ndigits: latin\n", src + 4, NULL);
    ch_expect(latin, CH_NOTES, false, "ناصر، الأنهار المشتركة: دراسة في القانون الدولي، 7.");
    g_free(latin);
    g_free(src);
}

/* Several works in one note: "; " in English, "؛ " in Arabic. */
static void test_several_in_one_note(void **state)
{
    (void)state;
    expect("en", "chicago-notes", "A [@smith, p. 2; @khatib].", CH_NOTES, false,
           "Smith, Rivers Under Stress: Water in a Warming World, 2; Khatib and Lee, "
           "“Transboundary Water.”");
    expect("ar", "chicago-notes", "أ [@khatib_ar; @nasser, ص 3].", CH_NOTES, false,
           "الخطيب، «المياه العابرة للحدود»؛ ناصر، الأنهار المشتركة: دراسة في القانون الدولي، "
           "٣.");
}

/* A citation alone in a note ends with the style's period. */
static void test_citation_alone_in_a_note(void **state)
{
    (void)state;
    expect("en", "chicago-notes", "A [@smith, p. 2]. B[^n].\n\n[^n]: [@khatib, p. 3]", CH_NOTES,
           false,
           "Smith, Rivers Under Stress: Water in a Warming World, 2. | "
           "Khatib and Lee, “Transboundary Water,” 3.");
}

/* A citation within the author's own note is written where it stands and runs on: without the
 * style's closing period when the note's sentence goes on after it. */
static void test_citation_in_a_note(void **state)
{
    (void)state;
    expect("en", "chicago-notes", "A[^n]. B[^m].\n\n[^n]: As [@khatib, p. 3] says.\n\n"
           "[^m]: See [@smith].",
           CH_NOTES, false,
           "As Khatib and Lee, “Transboundary Water,” 3 says. | "
           "See Smith, Rivers Under Stress: Water in a Warming World.");
}

/* An English work cited with Arabic ones in an Arabic brief is written in English: its terms
 * ("et al.", "Ibid."), punctuation and digits; the separators are the brief's. */
static void test_english_work_among_arabic(void **state)
{
    (void)state;
    expect("ar", "chicago-notes", "أ [@many, p. 2; @nasser, ص 3].", CH_NOTES, false,
           "One et al., “Why?,” 2؛ ناصر، الأنهار المشتركة: دراسة في القانون الدولي، ٣.");
    expect("ar", "chicago-note-bibliography-with-ibid",
           "أ [@smith, p. 4]. ب [@smith, p. 2; @nasser].", CH_NOTES, false,
           "Smith, Rivers Under Stress: Water in a Warming World, 4. | "
           "Ibid., 2؛ ناصر، الأنهار المشتركة: دراسة في القانون الدولي.");
}

/* Latin titles in italics (a book's title, a journal's name); Arabic ones upright. */
static void test_italic_titles(void **state)
{
    (void)state;
    expect("en", "chicago-fullnote-bibliography", "A [@khatib, p. 3]. B [@smith].", CH_NOTES,
           true,
           "Samer Khatib and Ann Lee, “Transboundary Water,” _Journal of Water Studies_ 4, no. 2 "
           "(2023): 3. | "
           "Jane Smith, _Rivers Under Stress: Water in a Warming World_ (River Press, 2020).");
    expect("ar", "chicago-fullnote-bibliography", "أ [@nasser]. ب [@khatib_ar].", CH_NOTES, true,
           "ليلى ناصر، الأنهار المشتركة: دراسة في القانون الدولي (دار النهضة، ٢٠١٩). | "
           "سامر الخطيب، «المياه العابرة للحدود»، مجلة الدراسات المائية ٤ (١ مايو، ٢٠٢٣): "
           "١٠–٣٠.");
}

/* The reference list: the works cited, each in its own language, the brief's script first. */
static void test_bibliography_entries(void **state)
{
    (void)state;
    expect("en", "chicago-notes", BODY_EN, CH_ENTRIES, true,
           "Khatib, Samer, and Ann Lee. “Transboundary Water.” _Journal of Water Studies_ 4, "
           "no. 2 (2023): 10–30. | "
           "One, A, B Two, C Three, and D Four. “Why?,” n.d. | "
           "Smith, Jane. _Rivers Under Stress: Water in a Warming World_. River Press, 2020.");
    expect("ar", "chicago-notes", "أ [@nasser]. ب [@smith]. ج [@khatib_ar].", CH_ENTRIES, true,
           "الخطيب، سامر. «المياه العابرة للحدود». مجلة الدراسات المائية ٤ (١ مايو، ٢٠٢٣): "
           "١٠–٣٠. | "
           "ناصر، ليلى. الأنهار المشتركة: دراسة في القانون الدولي. دار النهضة، ٢٠١٩. | "
           "Smith, Jane. _Rivers Under Stress: Water in a Warming World_. River Press, 2020.");
    /* Author-date entries: the year after the names. */
    expect("en", "chicago", "A [@smith].", CH_ENTRIES, false,
           "Smith, Jane. 2020. Rivers Under Stress: Water in a Warming World. River Press.");
}

/* What resolve used: the style's name, and whether citations became notes. */
static void test_style_used(void **state)
{
    (void)state;
    static const struct {
        const char *written, *used;
        bool notes;
    } cases[] = {
        {"chicago-notes", "chicago-note-bibliography", true},
        {"apa", "apa", false},
        {"chicago", "chicago-author-date", false},
        {"chicago-fullnote-bibliography", "chicago-fullnote-bibliography", true},
        {"modern-language-association", "modern-language-association", false},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *src = brief("en", cases[i].written, "A [@smith].");
        struct nashra_doc *doc = ch_doc(src);
        assert_string_equal(doc->meta.citation_style, cases[i].written);
        assert_string_equal(doc->meta.resolved.citation_style, cases[i].used);
        assert_int_equal(doc->meta.resolved.note_style, cases[i].notes);
        nashra_doc_free(doc);
        g_free(src);
    }
    /* Nothing cited: no style used. */
    struct nashra_doc *doc = ch_doc("---\ntitle: T\ncitation-style: apa\n---\nText.\n");
    assert_null(doc->meta.resolved.citation_style);
    nashra_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notes_en),
        cmocka_unit_test(test_full_and_ibid_en),
        cmocka_unit_test(test_notes_ar),
        cmocka_unit_test(test_several_in_one_note),
        cmocka_unit_test(test_citation_alone_in_a_note),
        cmocka_unit_test(test_citation_in_a_note),
        cmocka_unit_test(test_english_work_among_arabic),
        cmocka_unit_test(test_italic_titles),
        cmocka_unit_test(test_bibliography_entries),
        cmocka_unit_test(test_style_used),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
