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

static void test_dates(void **state)
{
    (void)state;
    check(nashra_format_date("ar", 2026, 11, 24, NASHRA_DIGITS_LATIN), "24 نوفمبر 2026");
    check(nashra_format_date("ar", 2026, 11, 24, NASHRA_DIGITS_DEFAULT), "٢٤ نوفمبر ٢٠٢٦");
    check(nashra_format_date("en", 2026, 7, 5, NASHRA_DIGITS_DEFAULT), "5 July 2026");
    check(nashra_format_date("fa", 2026, 1, 2, NASHRA_DIGITS_DEFAULT), "۲ ژانویه ۲۰۲۶");
    check(nashra_format_date("he-IL", 2026, 3, 1, NASHRA_DIGITS_DEFAULT), "1 מרץ 2026");
    check(nashra_format_date("en", 2026, 3, 0, NASHRA_DIGITS_LATIN), "March 2026");
    check(nashra_format_date("en", 2026, 0, 0, NASHRA_DIGITS_LATIN), "2026");
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
    assert_int_equal(nashra_lang_digits("ur"), NASHRA_DIGITS_PERSIAN);
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
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_digits_and_texts),
        cmocka_unit_test(test_patterns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
