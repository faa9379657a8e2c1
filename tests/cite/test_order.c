/* Reference-list order: the brief's script first, dictionary order per language (not the
 * process locale's), Arabic's article ال ignored, Persian's و before ه. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cite/cite.h"
#include "parse/parse.h"
#include "resolve/resolve.h"

/* The ids of a brief's references (front matter "id: family" pairs) in reference-list order,
 * joined by spaces. */
static char *order_of(const char *lang, const char *const *families)
{
    GString *src = g_string_new(NULL);
    g_string_append_printf(src, "---\ntitle: t\nlang: %s\nreferences:\n", lang);
    for (int i = 0; families[i]; i++)
        g_string_append_printf(src, "  - id: r%d\n    author: [{family: %s, given: X}]\n"
                                    "    title: T\n    issued: 2020\n", i, families[i]);
    g_string_append(src, "---\n\nText.\n");
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t.md", src->str, src->len);
    diag.out = NULL;
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA};
    struct nashra_doc *doc = nashra_parse(src->str, src->len, &opts, &diag);
    nashra_resolve(doc, &diag);
    assert_int_equal(diag.errors, 0);
    GPtrArray *refs = doc->meta.references;
    /* insertion sort: few items, and the comparison takes the language */
    GPtrArray *sorted = g_ptr_array_new();
    for (guint i = 0; i < refs->len; i++) {
        const struct nashra_ref *r = g_ptr_array_index(refs, i);
        guint at = sorted->len;
        while (at > 0 && nashra_cite_work_compare(g_ptr_array_index(sorted, at - 1), r, lang) > 0)
            at--;
        g_ptr_array_insert(sorted, (gint)at, (gpointer)r);
    }
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < sorted->len; i++) {
        const struct nashra_ref *r = g_ptr_array_index(sorted, i);
        const struct nashra_name *n = g_ptr_array_index(r->authors, 0);
        g_string_append_printf(out, "%s%s", i ? " " : "", n->family);
    }
    g_ptr_array_free(sorted, TRUE);
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
        cmocka_unit_test(test_persian_order),
        cmocka_unit_test(test_independent_of_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
