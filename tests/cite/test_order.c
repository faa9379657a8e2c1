/* Reference-list order, as the resolved brief lists its works (the CSL style's sort, by author,
 * in the brief's language): the brief's script first, dictionary order per language (not the
 * process locale's), Arabic's article ال ignored, Persian's و before ه. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <stdlib.h>

#include "helpers.h"

/* The family names of a brief's works (front matter "id: family" pairs, all cited) in the order
 * of its reference list, as resolve writes it, joined by spaces. */
static char *order_of(const char *lang, const char *const *families)
{
    GString *src = g_string_new(NULL);
    g_string_append_printf(src, "---\ntitle: t\nlang: %s\nreferences:\n", lang);
    for (int i = 0; families[i]; i++)
        g_string_append_printf(src, "  - id: r%d\n    author: [{family: %s, given: X}]\n"
                                    "    title: T\n    issued: 2020\n", i, families[i]);
    g_string_append(src, "---\n\nText [");
    for (int i = 0; families[i]; i++)
        g_string_append_printf(src, "%s@r%d", i ? "; " : "", i);
    g_string_append(src, "].\n");
    struct nashra_doc *doc = ch_doc(src->str);
    GString *out = g_string_new(NULL);
    struct nashra_iter it;
    enum nashra_event ev;
    nashra_iter_init(&it, doc->root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        const struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER || n->kind != NASHRA_NODE_LINK || !n->as.link.anchor ||
            !g_str_has_prefix(n->as.link.anchor, "ref-r"))
            continue;
        int i = atoi(n->as.link.anchor + strlen("ref-r"));
        g_string_append_printf(out, "%s%s", out->len ? " " : "", families[i]);
    }
    nashra_doc_free(doc);
    g_string_free(src, TRUE);
    return g_string_free(out, FALSE);
}

static void expect(const char *lang, const char *const *families, const char *want)
{
    char *got = order_of(lang, families);
    assert_string_equal(got, want);
    g_free(got);
}

static void test_arabic_first_then_latin(void **state)
{
    (void)state;
    const char *const f[] = {"Smith", "الخطيب", "adams", "ثامر", "أحمد", "Émile", "بدر", NULL};
    /* ال ignored (خطيب after ثامر), hamza on alef ignored, Latin case and accents folded. */
    expect("ar", f, "أحمد بدر ثامر الخطيب adams Émile Smith");
    /* An English brief lists Latin works first. */
    const char *const g[] = {"Smith", "خالد", "adams", "ثامر", "أحمد", "Émile", "بدر", NULL};
    expect("en", g, "adams Émile Smith أحمد بدر ثامر خالد");
}

/* in a brief not in Arabic script the Arabic
 * works are sorted with their article ال (the English engine is not asked to ignore it), so
 * الخطيب comes before بدر; the old order ignored it in every brief. */
static void test_article_ignored_in_english_brief(void **state)
{
    (void)state;
    const char *const f[] = {"Smith", "الخطيب", "adams", "ثامر", "أحمد", "Émile", "بدر", NULL};
    expect("en", f, "adams Émile Smith أحمد بدر ثامر الخطيب");
}

static void test_persian_order(void **state)
{
    (void)state;
    const char *const f[] = {"هاشمی", "ولی", "پاکزاد", "تهرانی", "بهرامی", "گودرزی", "کاظمی", NULL};
    /* پ after ب, گ after ک, و before ه */
    expect("fa", f, "بهرامی پاکزاد تهرانی کاظمی گودرزی ولی هاشمی");
    const char *const a[] = {"وهبة", "هلال", NULL};
    expect("ar", a, "هلال وهبة"); /* Arabic: ه before و */
}

static void test_independent_of_locale(void **state)
{
    (void)state;
    const char *const f[] = {"Zhou", "zeta", "Ångström", "abbas", NULL};
    char *c = order_of("en", f);
    if (setlocale(LC_ALL, "C.UTF-8")) {
        char *u = order_of("en", f);
        assert_string_equal(c, u);
        g_free(u);
        setlocale(LC_ALL, "C");
    }
    assert_string_equal(c, "abbas Ångström zeta Zhou");
    g_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arabic_first_then_latin),
        cmocka_unit_test(test_article_ignored_in_english_brief),
        cmocka_unit_test(test_persian_order),
        cmocka_unit_test(test_independent_of_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
