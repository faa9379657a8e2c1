/* The localisation table: dates, name lists, digits and patterns in each language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "util/l10n.h"

static void check(char *got, const char *want)
{
    assert_string_equal(got, want);
    g_free(got);
}

/* What CLDR gives through ICU 72 (Debian 12's libicu72): each locale's own long date form and
 * month name, in the Gregorian calendar whatever the locale's default. */
static void test_dates(void **state)
{
    (void)state;
    check(nashra_format_date("ar", 2026, 11, 24, NASHRA_DIGITS_LATIN), "24 نوفمبر 2026");
    check(nashra_format_date("ar", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "٢٤ نوفمبر ٢٠٢٦");
    check(nashra_format_date("ar-EG", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "٢٤ نوفمبر ٢٠٢٦");
    check(nashra_format_date("ar-MA", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "24 نونبر 2026");
    /* ar-SA's default calendar is the Islamic one; a brief's date is Gregorian */
    check(nashra_format_date("ar-SA", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "٢٤ نوفمبر ٢٠٢٦");
    check(nashra_format_date("ar-IQ", 2026, 11, 24, NASHRA_DIGITS_DEFAULT),
          "٢٤ تشرين الثاني ٢٠٢٦");
    /* the format form of a month, with the ezafe after a final ه */
    check(nashra_format_date("fa", 2026, 1, 2, NASHRA_DIGITS_DEFAULT), "۲ ژانویهٔ ۲۰۲۶");
    assert_string_equal(nashra_month_name("fa", 1), "ژانویه");
    check(nashra_format_date("fa_IR", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "۲۴ نوامبر ۲۰۲۶");
    check(nashra_format_date("ur", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "24 نومبر، 2026");
    check(nashra_format_date("ur-IN", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "۲۴ نومبر، ۲۰۲۶");
    check(nashra_format_date("ckb", 2026, 11, 24, NASHRA_DIGITS_DEFAULT),
          "٢٤ی تشرینی دووەمی ٢٠٢٦");
    check(nashra_format_date("ps", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "د ۲۰۲۶ د نومبر ۲۴");
    check(nashra_format_date("he-IL", 2026, 3, 1, NASHRA_DIGITS_DEFAULT), "1 במרץ 2026");
    check(nashra_format_date("en", 2026, 7, 5, NASHRA_DIGITS_DEFAULT), "July 5, 2026");
    check(nashra_format_date("en-GB", 2026, 7, 5, NASHRA_DIGITS_DEFAULT), "5 July 2026");
    check(nashra_format_date("fr", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "24 novembre 2026");
    check(nashra_format_date("de", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "24. November 2026");
    check(nashra_format_date("es", 2026, 11, 24, NASHRA_DIGITS_DEFAULT),
          "24 de noviembre de 2026");
    check(nashra_format_date("tr", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "24 Kasım 2026");
    check(nashra_format_date("sw", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "24 Novemba 2026");
    check(nashra_format_date("en", 2026, 3, 0, NASHRA_DIGITS_LATIN), "March 2026");
    check(nashra_format_date("fr", 2026, 3, 0, NASHRA_DIGITS_LATIN), "mars 2026");
    check(nashra_format_date("en", 2026, 0, 0, NASHRA_DIGITS_LATIN), "2026");
    check(nashra_format_date("ar", 2026, 0, 0, NASHRA_DIGITS_DEFAULT), "٢٠٢٦");
    check(nashra_format_date(NULL, 2026, 7, 5, NASHRA_DIGITS_DEFAULT), "July 5, 2026");
    check(nashra_format_date("not a tag!", 2026, 7, 5, NASHRA_DIGITS_DEFAULT), "July 5, 2026");
}

static void test_months(void **state)
{
    (void)state;
    assert_string_equal(nashra_month_name("ar", 11), "نوفمبر");
    assert_string_equal(nashra_month_name("ar-MA", 11), "نونبر");
    assert_string_equal(nashra_month_name("ar-LB", 11), "تشرين الثاني");
    assert_string_equal(nashra_month_name("fa", 11), "نوامبر");
    assert_string_equal(nashra_month_name("ur", 11), "نومبر");
    assert_string_equal(nashra_month_name("ps", 11), "نومبر");
    assert_string_equal(nashra_month_name("he", 11), "נובמבר");
    assert_string_equal(nashra_month_name("fr", 11), "novembre");
    assert_string_equal(nashra_month_name("de", 3), "März");
    assert_string_equal(nashra_month_name("tr", 11), "Kasım");
    assert_string_equal(nashra_month_name("es", 11), "noviembre");
    assert_string_equal(nashra_month_name("en", 11), "November");
    assert_string_equal(nashra_month_name("en", 13), "");
    /* interned: the same storage every time */
    assert_ptr_equal(nashra_month_name("fr", 1), nashra_month_name("fr-FR", 1));
}

/* CLDR's default numbering system per locale. */
static void test_lang_digits(void **state)
{
    (void)state;
    static const struct {
        const char *lang;
        enum nashra_digits want;
    } cases[] = {
        {"ar", NASHRA_DIGITS_ARABIC_INDIC},    {"ar-EG", NASHRA_DIGITS_ARABIC_INDIC},
        {"ar-SA", NASHRA_DIGITS_ARABIC_INDIC}, {"ar-IQ", NASHRA_DIGITS_ARABIC_INDIC},
        {"ar-MA", NASHRA_DIGITS_LATIN},        {"ar-DZ", NASHRA_DIGITS_LATIN},
        {"ar-TN", NASHRA_DIGITS_LATIN},        {"ar-AE", NASHRA_DIGITS_LATIN},
        {"fa", NASHRA_DIGITS_PERSIAN},         {"fa_IR", NASHRA_DIGITS_PERSIAN},
        {"ur", NASHRA_DIGITS_LATIN},           {"ur-IN", NASHRA_DIGITS_PERSIAN},
        {"ckb", NASHRA_DIGITS_ARABIC_INDIC},   {"ps", NASHRA_DIGITS_PERSIAN},
        {"he", NASHRA_DIGITS_LATIN},           {"fr", NASHRA_DIGITS_LATIN},
        {"de", NASHRA_DIGITS_LATIN},           {"tr", NASHRA_DIGITS_LATIN},
        {"es", NASHRA_DIGITS_LATIN},           {"en", NASHRA_DIGITS_LATIN},
        {"hi", NASHRA_DIGITS_LATIN},           {NULL, NASHRA_DIGITS_LATIN},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        assert_int_equal(nashra_lang_digits(cases[i].lang), cases[i].want);
    /* `digits:` in the front matter still wins */
    assert_int_equal(nashra_resolve_digits("ar-MA", NASHRA_DIGITS_ARABIC_INDIC),
                     NASHRA_DIGITS_ARABIC_INDIC);
    check(nashra_format_date("ar-MA", 2026, 11, 24, NASHRA_DIGITS_ARABIC_INDIC), "٢٤ نونبر ٢٠٢٦");
    check(nashra_format_date("fa", 2026, 11, 24, NASHRA_DIGITS_LATIN), "24 نوامبر 2026");
}

static void test_rtl(void **state)
{
    (void)state;
    const char *rtl[] = {"ar", "ar-EG", "fa_IR", "ur", "he", "ckb", "ps", "ug", "sd", "yi",
                         "dv", "ks", "syr"};
    for (size_t i = 0; i < G_N_ELEMENTS(rtl); i++)
        assert_true(nashra_lang_is_rtl(rtl[i]));
    const char *ltr[] = {"en", "fr", "tr", "ku", "arn", "xx", "", "not a tag!"};
    for (size_t i = 0; i < G_N_ELEMENTS(ltr); i++)
        assert_false(nashra_lang_is_rtl(ltr[i]));
    assert_false(nashra_lang_is_rtl(NULL));
    const char *arab[] = {"ar", "ar-MA", "fa_IR", "ur", "ckb", "ps", "sd", "ug", "ku-Arab"};
    for (size_t i = 0; i < G_N_ELEMENTS(arab); i++)
        assert_true(nashra_lang_is_arabic_script(arab[i]));
    const char *other[] = {"he", "yi", "dv", "en", "ku", "xx", ""};
    for (size_t i = 0; i < G_N_ELEMENTS(other); i++)
        assert_false(nashra_lang_is_arabic_script(other[i]));
    assert_false(nashra_lang_is_arabic_script(NULL));
}

static void test_labels(void **state)
{
    (void)state;
    const char *with[] = {"ar", "fa", "ur", "he", "en", "fr", "es", "de", "tr", "ckb", "ps"};
    for (size_t i = 0; i < G_N_ELEMENTS(with); i++) {
        assert_true(nashra_lang_has_labels(with[i]));
        for (int id = 0; id < NASHRA_TEXT_COUNT; id++)
            assert_true(nashra_text(with[i], (enum nashra_text)id)[0] != '\0');
    }
    assert_true(nashra_lang_has_labels("fr-CA"));
    assert_false(nashra_lang_has_labels("sw"));
    assert_false(nashra_lang_has_labels("ku")); /* Kurmanji is not Sorani */
    assert_false(nashra_lang_has_labels(NULL));
    assert_string_equal(nashra_text("sw", NASHRA_TEXT_TABLE), "Table");
    assert_string_equal(nashra_text("fr", NASHRA_TEXT_TABLE), "Tableau");
    assert_string_equal(nashra_text("fr", NASHRA_TEXT_PAGE_OF), "Page {page} sur {pages}");
    assert_string_equal(nashra_text("de", NASHRA_TEXT_FIGURE), "Abbildung");
    assert_string_equal(nashra_text("es", NASHRA_TEXT_REFERENCES), "Referencias");
    assert_string_equal(nashra_text("tr", NASHRA_TEXT_CALLOUT_WARNING), "Uyarı");
    assert_string_equal(nashra_text("ckb", NASHRA_TEXT_TABLE), "خشتە");
    assert_string_equal(nashra_text("ckb-IQ", NASHRA_TEXT_PAGE_OF), "پەڕەی {page} لە {pages}");
    assert_string_equal(nashra_text("ps", NASHRA_TEXT_REFERENCES), "ماخذونه");
    const char *names[] = {"A", "B", "C"};
    check(nashra_join_names("fr", names, 3), "A, B et C");
    check(nashra_join_names("ps", names, 2), "A او B");
}

static void test_names(void **state)
{
    (void)state;
    const char *ar[] = {"علي بكر", "سارة أحمد", "هدى علي"};
    check(nashra_join_names("ar", ar, 2), "علي بكر وسارة أحمد");
    check(nashra_join_names("ar", ar, 3), "علي بكر، سارة أحمد وهدى علي");
    const char *en[] = {"A", "B", "C"};
    check(nashra_join_names("en", en, 1), "A");
    check(nashra_join_names("en", en, 2), "A and B");
    check(nashra_join_names("en", en, 3), "A, B and C");
    check(nashra_join_names("xx", en, 2), "A and B"); /* unknown language: English */
}

static void test_digits_and_texts(void **state)
{
    (void)state;
    check(nashra_format_number(2026, NASHRA_DIGITS_ARABIC_INDIC), "٢٠٢٦");
    check(nashra_format_number(19, NASHRA_DIGITS_PERSIAN), "۱۹");
    check(nashra_apply_digits("p. 12-3", NASHRA_DIGITS_LATIN), "p. 12-3");
    assert_int_equal(nashra_lang_digits("ar"), NASHRA_DIGITS_ARABIC_INDIC);
    assert_int_equal(nashra_lang_digits("ur"), NASHRA_DIGITS_LATIN); /* CLDR: ur is latn */
    assert_int_equal(nashra_resolve_digits("ar", NASHRA_DIGITS_LATIN), NASHRA_DIGITS_LATIN);
    assert_true(nashra_lang_is_rtl("ar-EG"));
    assert_true(nashra_lang_is_rtl("ps"));
    assert_false(nashra_lang_is_rtl("en"));
    assert_false(nashra_lang_is_rtl("arn")); /* Mapudungun is not Arabic */
    assert_string_equal(nashra_text("ar", NASHRA_TEXT_NOTES), "الحواشي");
    assert_string_equal(nashra_text("fa_IR", NASHRA_TEXT_TABLE), "جدول");
    assert_string_equal(nashra_text(NULL, NASHRA_TEXT_CITE_THIS), "How to cite this brief");
    for (int id = 0; id < NASHRA_TEXT_COUNT; id++)
        for (const char *const *l = (const char *const[]){"ar", "fa", "ur", "he", "en", NULL};
             *l; l++)
            assert_true(nashra_text(*l, (enum nashra_text)id)[0] != '\0');
}

static void test_patterns(void **state)
{
    (void)state;
    GHashTable *vars = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_insert(vars, "page", "٣");
    g_hash_table_insert(vars, "pages", "٩");
    check(nashra_expand_pattern(nashra_text("ar", NASHRA_TEXT_PAGE_OF), vars), "صفحة ٣ من ٩");
    check(nashra_expand_pattern("{{x} {nope}|{page}", vars), "{x} |٣");
    check(nashra_expand_pattern("open {page", vars), "open {page");
    g_hash_table_unref(vars);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_lang_digits),
        cmocka_unit_test(test_rtl),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_digits_and_texts),
        cmocka_unit_test(test_patterns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
