/* Pathological inputs (the CommonMark suite's kind): each must parse and render (HTML and tree);
 * the time each takes is printed for the log but not asserted, since CI machines vary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "render/render.h"

static char *repeat(const char *piece, int n)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < n; i++)
        g_string_append(s, piece);
    return g_string_free(s, FALSE);
}

static char *concat3(char *a, const char *b, char *c)
{
    char *s = g_strconcat(a, b, c, NULL);
    g_free(a);
    g_free(c);
    return s;
}

static void run_syntax(const char *name, char *src, enum nashra_syntax syntax)
{
    gint64 t0 = g_get_monotonic_time();
    struct tp_result r;
    tp_parse(&r, src, syntax);
    assert_non_null(r.doc);
    assert_non_null(r.doc->root);
    GString *out = g_string_new(NULL);
    nashra_render_html(r.doc, false, true, out);
    assert_true(out->len > 0);
    /* The tree dump stays linear too: indentation is capped. */
    g_string_truncate(out, 0);
    nashra_render_tree(r.doc, out);
    assert_true(out->len < 400 * strlen(src) + 4096);
    g_string_free(out, TRUE);
    tp_free(&r);
    printf("pathological %-28s %7zu bytes %8.3f s\n", name, strlen(src),
           (double)(g_get_monotonic_time() - t0) / 1e6);
    g_free(src);
}

static void run(const char *name, char *src)
{
    run_syntax(name, src, NASHRA_SYNTAX_COMMONMARK);
}

/* The nashra syntax's extensions on hostile input. */
static void test_pathological_extensions(void **state)
{
    (void)state;
    const int n = 100000;
    const enum nashra_syntax ns = NASHRA_SYNTAX_NASHRA;
    run_syntax("[^ openers", repeat("[^", n), ns);
    run_syntax("[^a] undefined refs", repeat("[^a]", n / 4), ns);
    run_syntax("[^ long labels", repeat("[^aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", n / 10), ns);
    run_syntax("[@ openers", repeat("[@", n), ns);
    run_syntax("[@ then closers", concat3(repeat("[@a;", n / 4), "", repeat("]", n / 4)), ns);
    run_syntax("[@a; nested", concat3(repeat("[@a [@a ", n / 8), "", repeat("]", n / 4)), ns);
    run_syntax("citations", repeat("[@a, p. 1; @b] ", n / 10), ns);
    GString *row = g_string_new(NULL);
    for (int pass = 0; pass < 3; pass++) {
        for (int i = 0; i < 5000; i++)
            g_string_append(row, pass == 1 ? "|---" : "| a ");
        g_string_append(row, "|\n");
    }
    run_syntax("5,000-column table", g_string_free(row, FALSE), ns);
    run_syntax("many table rows", concat3(g_strdup("a|b\n-|-\n"), "", repeat("c|d\n", n / 4)), ns);
    run_syntax("~~ runs", repeat("~~", 50000), ns);
    run_syntax("~~a alternating", repeat("~~a ", 50000), ns);
    run_syntax("a~~ closers", repeat("a~~ ", 50000), ns);
    GString *defs = g_string_new(NULL);
    for (int i = 0; i < n / 10; i++)
        g_string_append_printf(defs, "x[^%d]\n", i);
    for (int i = 0; i < n / 10; i++)
        g_string_append_printf(defs, "[^%d]: note %d\n", i, i);
    run_syntax("many footnotes", g_string_free(defs, FALSE), ns);
    run_syntax("unreferenced notes", concat3(g_strdup("text\n\n"), "", repeat("[^x]: y\n", n / 10)),
               ns);
    run_syntax("nested callouts", concat3(repeat("> ", 5000), "[!NOTE]\n", g_strdup("")), ns);
    /* Open divs cost nothing per line for their depth (a run is passed in one step). */
    run_syntax("deep divs, many lines", concat3(repeat("::: {.a}\n", 1200), "", repeat("x\n", n)),
               ns);
    run_syntax("deep divs, blank lines", concat3(repeat("::: a\n", 1000), "", repeat("\n", n)), ns);
    run_syntax("divs in items", repeat("- ::: a\n  ", n / 10), ns);
    run_syntax("div fences", repeat("::: a\nx\n:::\n", n / 10), ns);
    run_syntax("bare fences", repeat(":::\n", n), ns);
}

static void test_pathological(void **state)
{
    (void)state;
    const int n = 50000;
    run("nested brackets", concat3(repeat("[", n), "a", repeat("]", n)));
    run("nested emphasis", concat3(repeat("*", n), "a", repeat("*", n)));
    run("*a **a repeated", concat3(repeat("*a **a ", n), "b", repeat(" a** a*", n)));
    run("emph openers, no closers", repeat("_a ", n));
    run("emph closers, no openers", repeat("a_ ", n));
    run("mismatched openers", repeat("*a_ ", n));
    run("multiples of 3", repeat("c* a**b ", n));
    run("[[[[", repeat("[", 2 * n));
    run("link openers, emph closers", repeat("[ a_", n));
    run("[ (](", repeat("[ (](", n));
    run("unclosed links <", repeat("[a](<b", n));
    run("unclosed links", repeat("[a](b", n));
    run("unclosed comments", repeat("a <!--", n));
    run("unclosed pi", repeat("a <?", n));
    run("unclosed cdata", repeat("a <![CDATA[", n / 2));
    run("images in open brackets", concat3(repeat("![", n), "", repeat("[a](b)", n)));
    GString *bt = g_string_new(NULL);
    for (int i = 1; i < 700; i++) {
        for (int k = 0; k < i; k++)
            g_string_append_c(bt, '`');
        g_string_append_c(bt, 'a');
    }
    run("backtick runs", g_string_free(bt, FALSE));
    GString *refs = g_string_new(NULL);
    for (int i = 0; i < n / 5; i++)
        g_string_append_printf(refs, "[l%d]: /u%d\n", i, i);
    for (int i = 0; i < n / 5; i++)
        g_string_append_printf(refs, "[l%d] ", i);
    run("many link references", g_string_free(refs, FALSE));
    run("nested block quotes", concat3(repeat("> ", 60000), "a\n", g_strdup("")));
    run("nested lists", concat3(repeat("- ", 60000), "a\n", g_strdup("")));
    GString *lists = g_string_new(NULL);
    for (int i = 0; i < 400; i++) {
        for (int k = 0; k < i; k++)
            g_string_append(lists, "  ");
        g_string_append(lists, "* a\n");
    }
    run("indented nested lists", g_string_free(lists, FALSE));
    run("alternating lists", repeat("- a\n+ b\n", n / 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pathological),
        cmocka_unit_test(test_pathological_extensions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
