/* Tests of the two renderers that read the tree: the HTML fragment and standalone document
 * (direction, lang, header, ids) and the tree dump format of docs/tree.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../parse/helpers.h"
#include "render/render.h"

/* MODE: 0 the fragment, 1 the standalone page (both --unsafe), 2 the tree, 3 and 4 the
 * fragment and the page as nashra writes them by default. */
static char *render(const char *src, enum nashra_syntax syntax, int mode)
{
    struct tp_result r;
    tp_parse(&r, src, syntax);
    GString *out = g_string_new(NULL);
    if (mode == 2)
        nashra_render_tree(r.doc, out);
    else
        nashra_render_html(r.doc, mode == 1 || mode == 4, mode < 2, out);
    tp_free(&r);
    return g_string_free(out, FALSE);
}

static void test_fragment(void **state)
{
    (void)state;
    char *html =
        render("# Hi\n\n- a\n- *b*\n\n![x *y*](/i.png \"t\")\n", NASHRA_SYNTAX_COMMONMARK, 0);
    assert_string_equal(html, "<h1>Hi</h1>\n<ul>\n<li>a</li>\n<li><em>b</em></li>\n</ul>\n"
                              "<p><img src=\"/i.png\" alt=\"x y\" title=\"t\" /></p>\n");
    g_free(html);
}

static void test_standalone_rtl(void **state)
{
    (void)state;
    char *html = render("---\ntitle: موجز\nauthor: [هدى, Ali]\nsource: Archive\n"
                        "source-url: https://e.org/\n---\n# مقدمة\n\nنص *مهم*.\n",
                        NASHRA_SYNTAX_NASHRA, 1);
    assert_true(g_str_has_prefix(html, "<!DOCTYPE html>"));
    assert_non_null(strstr(html, "dir=\"rtl\""));
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(html, "<title>موجز</title>"));
    assert_non_null(strstr(html, "<h1 id=\"مقدمة\" dir=\"rtl\">مقدمة</h1>"));
    assert_non_null(strstr(html, "<p dir=\"rtl\">نص <em>مهم</em>.</p>"));
    assert_non_null(strstr(html, "<a href=\"https://e.org/\">Archive</a>"));
    assert_non_null(strstr(html, "هدى"));
    g_free(html);
}

static void test_standalone_dir_sources(void **state)
{
    (void)state;
    char *html = render("Plain English.\n", NASHRA_SYNTAX_NASHRA, 1);
    assert_non_null(strstr(html, "dir=\"ltr\""));
    g_free(html);
    html = render("---\nlang: fa\n---\nEnglish words first.\n", NASHRA_SYNTAX_NASHRA, 1);
    assert_non_null(strstr(html, "<html lang=\"fa\" dir=\"rtl\">"));
    g_free(html);
    html = render("---\ndir: ltr\n---\nعربي\n", NASHRA_SYNTAX_NASHRA, 1);
    assert_non_null(strstr(html, "dir=\"ltr\">"));
    g_free(html);
    html = render("123 — عربي then English\n", NASHRA_SYNTAX_NASHRA, 1);
    assert_non_null(strstr(html, "dir=\"rtl\">"));
    g_free(html);
    /* No strong letter in the body: the title decides, as it does for the PDF, and the page
     * is in the language the PDF's labels are in. */
    html = render("---\ntitle: موجز عربي\n---\n123 -- 456\n", NASHRA_SYNTAX_NASHRA, 1);
    assert_non_null(strstr(html, "<html lang=\"ar\" dir=\"rtl\">"));
    assert_non_null(strstr(html, "<p dir=\"rtl\">"));
    g_free(html);
}

/* Each block carries the direction the PDF sets it in. */
static void test_block_dirs(void **state)
{
    (void)state;
    char *html = render("---\nlang: ar\n---\n# Redis في الذاكرة\n\nRedis مخزن بيانات.\n\n"
                        "Plain English.\n\n- Nginx خادم\n- English item\n\n"
                        "| Kafka منصة | plain |\n|---|---|\n| 12% | نص |\n\n```\nعربي\n```\n",
                        NASHRA_SYNTAX_NASHRA, 1);
    assert_non_null(strstr(html, "<h1 id=\"redis-في-الذاكرة\" dir=\"rtl\">"));
    assert_non_null(strstr(html, "<p dir=\"rtl\">Redis مخزن بيانات.</p>"));
    assert_non_null(strstr(html, "<p dir=\"ltr\">Plain English.</p>"));
    assert_non_null(strstr(html, "<li dir=\"rtl\">Nginx خادم</li>"));
    assert_non_null(strstr(html, "<li dir=\"ltr\">English item</li>"));
    assert_non_null(strstr(html, "<th dir=\"rtl\">Kafka منصة</th>"));
    assert_non_null(strstr(html, "<th dir=\"ltr\">plain</th>"));
    assert_non_null(strstr(html, "<td dir=\"rtl\">12%</td>"));
    assert_non_null(strstr(html, "<pre dir=\"ltr\">"));
    g_free(html);
    /* dir: auto sets each block by its first strong letter, written out as the PDF sets it. */
    html = render("---\ndir: auto\n---\nRedis مخزن.\n\nمخزن Redis.\n", NASHRA_SYNTAX_NASHRA, 1);
    assert_non_null(strstr(html, "<p dir=\"ltr\">Redis مخزن.</p>"));
    assert_non_null(strstr(html, "<p dir=\"rtl\">مخزن Redis.</p>"));
    g_free(html);
}

/* Generated words follow the language the resolve stage gave the labels, as in the PDF: an
 * Arabic body without `lang:` still gets an Arabic callout title. */
static void test_callout_title_language(void **state)
{
    (void)state;
    char *html = render("> [!NOTE]\n> نص الملاحظة\n", NASHRA_SYNTAX_NASHRA, 1);
    assert_non_null(strstr(html, "ملاحظة</p>"));
    g_free(html);
    html = render("> [!WARNING]\n> Mind the gap.\n", NASHRA_SYNTAX_NASHRA, 1);
    assert_non_null(strstr(html, ">Warning</p>"));
    g_free(html);
}

static void test_fragment_has_no_ids(void **state)
{
    (void)state;
    char *html = render("# Intro {#x}\n", NASHRA_SYNTAX_NASHRA, 0);
    assert_string_equal(html, "<h1>Intro</h1>\n");
    g_free(html);
}

/* cmark's rules without --unsafe: raw HTML omitted, dangerous URLs emptied. */
static void test_safe_by_default(void **state)
{
    (void)state;
    char *html = render("<script>x</script>\n\na <b>c</b> [j](JavaScript:x) [v]( vbscript:x) "
                        "[f](file:///etc) ![d](data:image/svg+xml,x) ![p](data:image/png,x) "
                        "[w](https://e.org/)\n",
                        NASHRA_SYNTAX_COMMONMARK, 3);
    assert_string_equal(html, "<!-- raw HTML omitted -->\n"
                              "<p>a <!-- raw HTML omitted -->c<!-- raw HTML omitted --> "
                              "<a href=\"\">j</a> <a href=\"\">v</a> <a href=\"\">f</a> "
                              "<img src=\"\" alt=\"d\" /> <img src=\"data:image/png,x\" "
                              "alt=\"p\" /> <a href=\"https://e.org/\">w</a></p>\n");
    g_free(html);
    html = render("---\ntitle: t\nsource: S\nsource-url: javascript:x\n---\nb\n",
                  NASHRA_SYNTAX_NASHRA, 4);
    assert_non_null(strstr(html, "<a href=\"\">S</a>"));
    g_free(html);
}

static void test_tree_dump(void **state)
{
    (void)state;
    /* smart: false keeps the title's quotes as typed, to be escaped. */
    char *tree = render("---\ntitle: \"A \\\"q\\\"\"\nkeywords: a, b\nsmart: false\n---\n"
                        "## The *text*\n\n```c\nx\ty\n```\n",
                        NASHRA_SYNTAX_NASHRA, 2);
    assert_string_equal(tree, "meta title=\"A \\\"q\\\"\"\n"
                              "meta keywords=[\"a\", \"b\"]\n"
                              "meta smart=false\n"
                              "resolved dir=ltr rule=ltr lang=\"en\" digits=latin\n"
                              "document [1:1-10:3] dir=ltr lang=\"en\" script=Latn\n"
                              "  heading [6:1-6:13] dir=ltr script=Latn level=2 id=\"the-text\"\n"
                              "    text [6:4-6:7] \"The \"\n"
                              "    emph [6:8-6:13]\n"
                              "      text [6:9-6:12] \"text\"\n"
                              "  code_block [8:1-10:3] dir=ltr fenced info=\"c\" \"x\\ty\\n\"\n");
    g_free(tree);
    /* citation-style as written, and the CSL style resolve used (a note style: "notes"); none
     * used when nothing is cited. */
    tree = render("---\ncitation-style: chicago-notes\nreferences:\n  - id: a\n    title: T\n"
                  "---\nX [@a].\n",
                  NASHRA_SYNTAX_NASHRA, 2);
    assert_non_null(strstr(tree, "meta citation-style=\"chicago-notes\"\n"));
    assert_non_null(strstr(tree, " digits=latin citation-style=\"chicago-note-bibliography\" "
                                 "notes\n"));
    g_free(tree);
    tree = render("---\ncitation-style: apa\nreferences:\n  - id: a\n    title: T\n---\nX [@a].\n",
                  NASHRA_SYNTAX_NASHRA, 2);
    assert_non_null(strstr(tree, " digits=latin citation-style=\"apa\"\n"));
    g_free(tree);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fragment),
        cmocka_unit_test(test_standalone_rtl),
        cmocka_unit_test(test_standalone_dir_sources),
        cmocka_unit_test(test_block_dirs),
        cmocka_unit_test(test_callout_title_language),
        cmocka_unit_test(test_fragment_has_no_ids),
        cmocka_unit_test(test_safe_by_default),
        cmocka_unit_test(test_tree_dump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
