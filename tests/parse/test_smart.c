/* Smart punctuation of the nashra syntax: cmark's smart rules for quotes, apostrophes, dashes
 * and ellipses, the quotes of each block's or span's language (set by resolve), and where it
 * is off (the CommonMark syntax, code, autolinks, raw HTML, figure attributes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "render/render.h"

static char *html_of(struct tp_result *r)
{
    GString *out = g_string_new(NULL);
    nashra_render_html(r->doc, false, true, out);
    return g_string_free(out, FALSE);
}

/* The HTML of SRC (nashra syntax, resolved) holds WANT. */
static void check(const char *src, const char *want)
{
    struct tp_result r;
    tp_parse(&r, src, NASHRA_SYNTAX_NASHRA);
    char *html = html_of(&r);
    if (!strstr(html, want))
        fail_msg("%s\n  gave %s  want %s", src, html, want);
    /* Resolve leaves no quote node behind, for any writer. */
    assert_null(tp_find(r.doc->root, NASHRA_NODE_SMART_QUOTE, 0));
    g_free(html);
    tp_free(&r);
}

static void test_english(void **state)
{
    (void)state;
    const char *en = "---\nlang: en\n---\n";
    char *s;
#define EN(src, want)                                                                              \
    do {                                                                                           \
        s = g_strconcat(en, src, NULL);                                                            \
        check(s, want);                                                                            \
        g_free(s);                                                                                 \
    } while (0)
    EN("\"Hello,\" she said.\n", "<p>“Hello,” she said.</p>");
    EN("'single' and \"double\"\n", "<p>‘single’ and “double”</p>");
    EN("It's 'quoted' -- isn't it?\n", "<p>It’s ‘quoted’ – isn’t it?</p>");
    EN("the '90s, rock 'n' roll\n", "<p>the ’90s, rock ‘n’ roll</p>");
    EN("\"nested 'inner' quote\"\n", "<p>“nested ‘inner’ quote”</p>");
    EN("**\"bold\"** and *'it'*\n", "<p><strong>“bold”</strong> and <em>‘it’</em></p>");
    EN("[\"link\"](http://x.org/)\n", "<a href=\"http://x.org/\">“link”</a>");
    /* cmark's dash rules: threes are em dashes, twos en dashes, em dashes first. */
    EN("a - b -- c --- d ---- e ----- f ------ g\n",
       "<p>a - b – c — d –– e —– f —— g</p>");
    EN("Wait... what.... ok\n", "<p>Wait… what…. ok</p>");
    /* Escaped, they stay as typed. */
    EN("\\\"not\\\" \\-\\- \\.\\.\\.\n", "<p>&quot;not&quot; -- ...</p>");
#undef EN
}

static void test_per_language(void **state)
{
    (void)state;
    check("---\nlang: fr\n---\nIl a dit \"oui\" et 'non'.\n",
          "<p>Il a dit «\u202Foui\u202F» et ‹\u202Fnon\u202F›.</p>");
    check("---\nlang: fr\n---\nL'homme qu'il a vu.\n", "<p>L’homme qu’il a vu.</p>");
    check("---\nlang: de\n---\nEr sagte \"ja\" und 'nein'.\n",
          "<p>Er sagte „ja“ und ‚nein‘.</p>");
    check("---\nlang: ar\n---\nقال \"نعم\" ثم 'لا'.\n", "<p>قال «نعم» ثم ‹لا›.</p>");
    check("---\nlang: fa\n---\nگفت \"بله\".\n", "<p>گفت «بله».</p>");
    check("---\nlang: ckb\n---\nگوتی \"بەڵێ\".\n", "<p>گوتی «بەڵێ».</p>");
    check("---\nlang: ps\n---\nوویل \"هو\".\n", "<p>وویل «هو».</p>");
    /* No lang: the body's script decides the document's (Arabic here), else English. */
    check("قال \"نعم\".\n", "«نعم»");
    check("He said \"yes\".\n", "<p>He said “yes”.</p>");
    /* A span or a div takes its own language's quotes. */
    check("---\nlang: en\n---\nShe wrote [\"oui\"]{lang=fr} and [\"ja\"]{lang=de}.\n",
          "«\u202Foui\u202F»</span> and <span lang=\"de\">„ja“</span>");
    check("---\nlang: ar\n---\n::: {lang=en}\nHe said \"yes\".\n:::\n", "He said “yes”.");
}

static void test_off(void **state)
{
    (void)state;
    check("---\nlang: en\n---\n`\"code\" -- ...` \"x\"\n",
          "<code>&quot;code&quot; -- ...</code> “x”");
    check("---\nlang: en\n---\n```\n\"fenced\" --\n```\n", "&quot;fenced&quot; --\n</code>");
    check("---\nlang: en\n---\n<http://a.org/x--y...>\n", "href=\"http://a.org/x--y...\"");
    check("---\nlang: en\n---\n[a](http://a.org/\"x\"--y \"t 'q'\")\n",
          "href=\"http://a.org/%22x%22--y\" title=\"t 'q'\"");
    struct tp_result r;
    /* A figure's attributes are read as written. */
    tp_parse(&r, "![a](a.png \"A\"){credit=\"UN -- Water\" width=50%}\n", NASHRA_SYNTAX_NASHRA);
    struct nashra_node *f = tp_find(r.doc->root, NASHRA_NODE_FIGURE, 0);
    assert_non_null(f);
    assert_string_equal(f->as.figure.credit, "UN – Water");
    tp_free(&r);
    /* `smart: false` (or -M smart=false) turns it off. */
    check("---\nlang: en\nsmart: false\n---\n\"a\" -- b... 'c'\n",
          "<p>&quot;a&quot; -- b... 'c'</p>");
    static const char *const off[] = {"smart=false"};
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA, .metadata = off,
                                        .n_metadata = 1};
    tp_parse_opts(&r, "\"a\" -- b\n", strlen("\"a\" -- b\n"), &opts);
    assert_null(tp_find(r.doc->root, NASHRA_NODE_SMART_QUOTE, 0));
    assert_string_equal(r.doc->root->first_child->first_child->literal, "\"a\" -- b");
    tp_free(&r);
    /* The CommonMark syntax has no smart punctuation. */
    tp_parse(&r, "\"a\" -- b... 'c'\n", NASHRA_SYNTAX_COMMONMARK);
    char *html = html_of(&r);
    assert_string_equal(html, "<p>&quot;a&quot; -- b... 'c'</p>\n");
    g_free(html);
    tp_free(&r);
}

/* The title and subtitle get the same punctuation as the body, in the brief's language; not
 * under smart: false. */
static void test_title(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "---\nlang: de\ntitle: 'Er sagte \"ja\" -- und ging...'\n"
             "subtitle: \"Das ist's\"\n---\nx\n",
             NASHRA_SYNTAX_NASHRA);
    assert_string_equal(r.doc->meta.title, "Er sagte „ja“ – und ging…");
    assert_string_equal(r.doc->meta.subtitle, "Das ist’s");
    tp_free(&r);
    tp_parse(&r, "---\nlang: en\ntitle: A \"b\" 'c' d\n---\nx\n", NASHRA_SYNTAX_NASHRA);
    assert_string_equal(r.doc->meta.title, "A “b” ‘c’ d");
    tp_free(&r);
    tp_parse(&r, "---\nlang: en\nsmart: false\ntitle: 'A \"b\" --'\n---\nx\n",
             NASHRA_SYNTAX_NASHRA);
    assert_string_equal(r.doc->meta.title, "A \"b\" --");
    tp_free(&r);
}

/* Before resolve the parser's tree holds the quotes as typed, at their columns. */
static void test_tree(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse_stages(&r, "say \"hi\"\n", strlen("say \"hi\"\n"), NULL, true);
    struct nashra_node *q = tp_find(r.doc->root, NASHRA_NODE_SMART_QUOTE, 0);
    assert_non_null(q);
    assert_true(q->as.quote.dbl);
    assert_int_equal(q->as.quote.role, NASHRA_QUOTE_OPEN);
    assert_int_equal(q->start.col, 5);
    q = tp_find(r.doc->root, NASHRA_NODE_SMART_QUOTE, 1);
    assert_int_equal(q->as.quote.role, NASHRA_QUOTE_CLOSE);
    assert_int_equal(q->start.col, 8);
    nashra_resolve(r.doc, &r.diag);
    struct nashra_node *t = r.doc->root->first_child->first_child;
    assert_int_equal(t->kind, NASHRA_NODE_TEXT);
    assert_null(t->next); /* one text node again */
    assert_string_equal(t->literal, "say “hi”");
    assert_int_equal(t->end.col, 8);
    tp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_per_language),
        cmocka_unit_test(test_off),
        cmocka_unit_test(test_title),
        cmocka_unit_test(test_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
