/* Tests of the two renderers that read the tree: the HTML fragment and standalone document
 * (direction, lang, header, ids) and the tree dump format of docs/tree.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../parse/helpers.h"
#include "render/render.h"
#include "template/template.h"

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
    assert_non_null(strstr(html, "<a href=\"https://e.org/\"><bdi>Archive</bdi></a>"));
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
    /* A number reads left to right, and a column of numbers lines up on the right. */
    assert_non_null(strstr(html, "<td dir=\"rtl\" style=\"text-align: right\">"
                                 "<bdi dir=\"ltr\">12%</bdi></td>"));
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
    assert_non_null(strstr(html, "<a href=\"\"><bdi>S</bdi></a>"));
    g_free(html);
}

/* The page shows what the resolve stage decided for the PDF: the masthead's lines, numbers in
 * the brief's digits, labels, paragraph numbers. */
static void test_page_as_pdf(void **state)
{
    (void)state;
    char *html = render("---\ntitle: تدفقات\nseries: أوراق سياسات\nnumber: 15\n"
                        "authors:\n  - name: سارة\n    affiliation: مركز\n  - name: كريم\n"
                        "    affiliation: قسم\ndate: 2026-11-24\n"
                        "source: {name: نشرة, url: 'https://e.org/', issue: 12}\n"
                        "summary: خلاصة 12\nlicense: CC BY\nparagraph-numbers: true\n---\n"
                        "نص[^1] أول.\n\n1. بند\n2. بند\n\n"
                        "![بديل](m.svg \"الحوض\"){#fig:m credit=\"الباحثون\"}\n\n"
                        "| أ | ب |\n|--|--|\n| -3% | نص |\n\nTable: التدفق\n\n[^1]: حاشية.\n",
                        NASHRA_SYNTAX_NASHRA, 4);
    assert_non_null(strstr(html, "<p class=\"series\" dir=\"auto\">أوراق سياسات — العدد ١٥</p>"));
    assert_non_null(strstr(html, "<span class=\"author\">سارة</span> و<span class=\"author\">"
                                 "كريم</span>"));
    assert_non_null(strstr(html, "<p class=\"affiliations\" dir=\"auto\">مركز، قسم</p>"));
    assert_non_null(strstr(html, "<time datetime=\"2026-11-24\">٢٤ نوفمبر ٢٠٢٦</time>"));
    assert_non_null(strstr(html, "<a href=\"https://e.org/\"><bdi>نشرة</bdi></a>، العدد ١٢</p>"));
    assert_non_null(strstr(html, "<section class=\"summary\" dir=\"auto\">\n"
                                 "<h2 class=\"box-title\">ملخص</h2>\n<p>خلاصة 12</p>"));
    assert_non_null(strstr(html, "<p id=\"p1\" dir=\"rtl\"><span class=\"pnum\" "
                                 "aria-hidden=\"true\">١</span>نص<sup"));
    assert_non_null(strstr(html, "<a href=\"#fn-1\" id=\"fnref-1\">١</a></sup>"));
    assert_non_null(strstr(html, "<ol style=\"list-style-type: arabic-indic\">\n<li dir"));
    assert_non_null(strstr(html, "<figcaption><span class=\"label\">شكل ١:</span> "
                                 "<bdi dir=\"rtl\">الحوض</bdi><span class=\"credit\">المصدر: "
                                 "الباحثون</span></figcaption>"));
    assert_non_null(strstr(html, "<caption><span class=\"label\">جدول ١:</span> "
                                 "<bdi dir=\"rtl\">التدفق</bdi></caption>"));
    assert_non_null(strstr(html, "<bdi dir=\"ltr\">-3%</bdi>"));
    assert_non_null(strstr(html, "<p class=\"notes-title\">الحواشي</p>"));
    assert_non_null(strstr(html, "<li id=\"fn-1\" dir=\"rtl\">"));
    assert_non_null(strstr(html, "<footer class=\"license\">CC BY</footer>"));
    /* Print: the page's foot counts pages in the brief's digits. */
    assert_non_null(strstr(html, "counter(page, arabic-indic)"));
    g_free(html);
    /* body-digits: the body's own numbers too, not a bare URL's. */
    html = render("---\nlang: ar\nbody-digits: true\n---\nفي 2026 <https://e.org/2>\n",
                  NASHRA_SYNTAX_NASHRA, 4);
    assert_non_null(strstr(html, "في ٢٠٢٦ <a href=\"https://e.org/2\">https://e.org/2</a>"));
    g_free(html);
}

static char *page_with(const char *src, struct nashra_html_options *o)
{
    struct tp_result r;
    tp_parse(&r, src, NASHRA_SYNTAX_NASHRA);
    GString *out = g_string_new(NULL);
    nashra_render_html_page(r.doc, o, out);
    tp_free(&r);
    return g_string_free(out, FALSE);
}

/* What citation managers read equals the front matter, in each of the three forms. */
static void test_metadata(void **state)
{
    (void)state;
    static const char src[] =
        "---\ntitle: A \"</script><b>\"\nauthors:\n  - name: Lena Fischer\n"
        "    affiliation: Uni\n  - name: Omar Haddad\ndate: 2026-07\n"
        "source: {name: Journal of Heat, issue: 3, volume: 2, pages: 10-30}\n"
        "pdf-url: https://e.org/b.pdf\nkeywords: [heat, cities]\nlang: en\n---\nText.\n";
    struct nashra_html_options o = {.standalone = true};
    char *html = page_with(src, &o);
    assert_non_null(strstr(html, "<meta name=\"citation_title\" content=\"A “&lt;/script&gt;"
                                 "&lt;b&gt;”\">"));
    assert_non_null(strstr(html, "<meta name=\"citation_author\" content=\"Lena Fischer\">\n"
                                 "<meta name=\"citation_author_institution\" content=\"Uni\">\n"
                                 "<meta name=\"citation_author\" content=\"Omar Haddad\">"));
    assert_non_null(strstr(html, "<meta name=\"citation_publication_date\" content=\"2026/07\">"));
    /* An issue makes the source a journal, as `nashra cite` has it. */
    assert_non_null(strstr(html, "<meta name=\"citation_journal_title\" "
                                 "content=\"Journal of Heat\">"));
    assert_non_null(strstr(html, "<meta name=\"citation_firstpage\" content=\"10\">\n"
                                 "<meta name=\"citation_lastpage\" content=\"30\">"));
    assert_null(strstr(html, "citation_technical_report_institution"));
    assert_non_null(strstr(html, "<meta name=\"citation_pdf_url\" content=\"https://e.org/b.pdf\">"));
    assert_non_null(strstr(html, "<meta name=\"DC.creator\" content=\"Omar Haddad\">"));
    assert_non_null(strstr(html, "<meta name=\"DC.date\" content=\"2026-07\">"));
    /* JSON-LD: the title's markup cannot end the script element. */
    assert_non_null(strstr(html, "\"headline\": \"A “\\u003c/script\\u003e\\u003cb\\u003e”\""));
    assert_non_null(strstr(html, "\"isPartOf\": {\"@type\": \"Periodical\", "
                                 "\"name\": \"Journal of Heat\"}"));
    assert_non_null(strstr(html, "\"contentUrl\": \"https://e.org/b.pdf\""));
    assert_int_equal(g_strstr_len(html, -1, "</script>") - html,
                     strstr(strstr(html, "application/ld+json"), "</script>") - html);
    g_free(html);
    /* A report: the source publishes it; a PDF address that is no web address is left out. */
    html = page_with("---\ntitle: T\nsource: Urban Notes\nnumber: 4\n"
                     "pdf-url: javascript:alert(1)\n---\nx\n", &o);
    assert_non_null(strstr(html, "<meta name=\"citation_technical_report_institution\" "
                                 "content=\"Urban Notes\">"));
    assert_non_null(strstr(html, "<meta name=\"citation_technical_report_number\" content=\"4\">"));
    assert_null(strstr(html, "citation_pdf_url"));
    assert_null(strstr(html, "javascript:"));
    g_free(html);
}

/* --css links a stylesheet instead of the page's own; --fragment is the body alone; a
 * template's font name cannot end the style element. */
static void test_page_options(void **state)
{
    (void)state;
    struct nashra_html_options o = {.standalone = true, .css = "/s/site.css?v=1&x=\"y"};
    char *html = page_with("---\ntitle: T\n---\nText.\n", &o);
    assert_non_null(strstr(html, "<link rel=\"stylesheet\" href=\"/s/site.css?v=1&amp;x=%22y\">"));
    assert_null(strstr(html, "<style>"));
    g_free(html);
    o = (struct nashra_html_options){.standalone = true, .fragment = true};
    html = page_with("---\ntitle: T\n---\nText.\n", &o);
    assert_true(g_str_has_prefix(html, "<header class=\"masthead boxed\">\n"));
    assert_null(strstr(html, "<head>"));
    assert_null(strstr(html, "<body"));
    assert_non_null(strstr(html, "<main>\n<p dir=\"ltr\">Text.</p>\n</main>\n"));
    g_free(html);
    struct nashra_style st;
    nashra_template_default_style(&st);
    st.body_font = "Amiri</style><script>alert(1)</script>";
    st.masthead = NASHRA_MASTHEAD_PLAIN;
    o = (struct nashra_html_options){.standalone = true, .style = &st};
    html = page_with("---\ntitle: T\n---\nText.\n", &o);
    assert_null(strstr(html, "<script>"));
    assert_non_null(strstr(html, "\"Amiri\\3c /style\\3e \\3c script\\3e alert(1)"));
    assert_non_null(strstr(html, "<header class=\"masthead\">"));
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
        cmocka_unit_test(test_page_as_pdf),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_page_options),
        cmocka_unit_test(test_tree_dump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
