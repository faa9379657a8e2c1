/* The resolve stage's directions: strings by their letters, documents by dir, lang and body,
 * every block of a parsed and resolved tree by the rules of docs/syntax.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <stdio.h>

#include "parse/parse.h"
#include "resolve/resolve.h"

static void test_text(void **state)
{
    (void)state;
    assert_int_equal(nashra_text_direction("مرحبا بالعالم", -1), NASHRA_DIR_RTL);
    assert_int_equal(nashra_text_direction("Hello, world", -1), NASHRA_DIR_LTR);
    assert_int_equal(nashra_text_direction("123 - 456, (!)", -1), NASHRA_DIR_AUTO);
    assert_int_equal(nashra_text_direction("", -1), NASHRA_DIR_AUTO);
    assert_int_equal(nashra_text_direction(NULL, -1), NASHRA_DIR_AUTO);
    assert_int_equal(nashra_text_direction("2024: «تقرير» about", -1), NASHRA_DIR_RTL);
    assert_int_equal(nashra_text_direction("١٢٣ - ok", -1), NASHRA_DIR_LTR);
    assert_int_equal(nashra_text_direction("עברית", -1), NASHRA_DIR_RTL);
    /* Only LEN bytes count. */
    assert_int_equal(nashra_text_direction("12 abc", 3), NASHRA_DIR_AUTO);
    /* An isolated run does not decide the paragraph. */
    assert_int_equal(nashra_text_direction("\u2068abc\u2069 نص", -1), NASHRA_DIR_RTL);
}

/* TEXT with its runs of the other direction than AROUND in brackets. */
static void assert_isolated(const char *text, enum nashra_dir around, const char *want)
{
    char *got = nashra_text_isolate_contrary(text, around);
    GString *shown = g_string_new(NULL);
    for (const char *p = got; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == 0x2066 || c == 0x2067)
            g_string_append_c(shown, '[');
        else if (c == 0x2069)
            g_string_append_c(shown, ']');
        else
            g_string_append_unichar(shown, c);
    }
    assert_string_equal(shown->str, want);
    g_string_free(shown, TRUE);
    g_free(got);
}

static void test_contrary_runs(void **state)
{
    (void)state;
    const enum nashra_dir L = NASHRA_DIR_LTR, R = NASHRA_DIR_RTL;
    /* In a left-to-right line, Arabic names and titles; the year and the stops stay out. */
    assert_isolated("(درويش, 2022)", L, "([درويش], 2022)");
    assert_isolated("(Saleh, 2024, p. 88)", L, "(Saleh, 2024, p. 88)");
    assert_isolated("Morris, H., & نادية درويش. (2026).", L, "Morris, H., & [نادية درويش]. (2026).");
    /* Between two Arabic words a stop is Arabic anyway: one run. */
    assert_isolated("درويش, ن. (2022). التجارة البينية. مجلة الاقتصاد, 5.", L,
                    "[درويش, ن.] (2022). [التجارة البينية. مجلة الاقتصاد], 5.");
    assert_isolated("see «التحول الرقمي» here", L, "see [«التحول الرقمي»] here");
    /* In a right-to-left line, Latin ones, with an abbreviation's stop and a title's quotes. */
    assert_isolated("(Weber 2026)", R, "([Weber] 2026)");
    assert_isolated("(Weber et al., 2026, p. 12)", R, "([Weber et al.], 2026, [p.] 12)");
    assert_isolated("(Weber 2026a)", R, "([Weber] 2026a)");
    assert_isolated("ليلى الشامي، وDaniel Weber. 2026.", R, "ليلى الشامي، و[Daniel Weber]. 2026.");
    assert_isolated("Okafor, G. 2025. “Mobile Money at Scale.” Lab", R,
                    "[Okafor, G.] 2025. [“Mobile Money at Scale.” Lab]");
    /* A number inside a title stays in it; one after a name ends the name. */
    assert_isolated("Vision 2030 Plan, 2021", R, "[Vision 2030 Plan], 2021");
    assert_isolated("COVID-19 Response 2020", R, "[COVID-19 Response] 2020");
    assert_isolated("(النوري ٢٠٢٤، ٤٠)", R, "(النوري ٢٠٢٤، ٤٠)");
    assert_isolated("", R, "");
}

/* SRC parsed and resolved; diagnostics kept out of the test's output. */
static struct nashra_doc *resolved(const char *src)
{
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t.md", src, strlen(src));
    diag.out = fopen("/dev/null", "w");
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA};
    struct nashra_doc *doc = nashra_parse(src, strlen(src), &opts, &diag);
    nashra_resolve(doc, &diag);
    fclose(diag.out);
    return doc;
}

/* The Nth node of KIND in document order. */
static struct nashra_node *nth(struct nashra_doc *doc, enum nashra_node_kind kind, int n)
{
    struct nashra_iter it;
    nashra_iter_init(&it, doc->root);
    enum nashra_event ev;
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE)
        if (ev == NASHRA_EVENT_ENTER && it.cur->kind == kind && n-- == 0)
            return it.cur;
    fail_msg("no node %d of kind %s", n, nashra_node_kind_name(kind));
    return NULL;
}

static enum nashra_dir doc_dir(const char *src)
{
    struct nashra_doc *doc = resolved(src);
    enum nashra_dir d = doc->meta.resolved.dir;
    nashra_doc_free(doc);
    return d;
}

static void test_doc(void **state)
{
    (void)state;
    assert_int_equal(doc_dir("English first\n"), NASHRA_DIR_LTR);
    assert_int_equal(doc_dir("---\nlang: ar-EG\n---\nEnglish first\n"), NASHRA_DIR_RTL);
    assert_int_equal(doc_dir("---\nlang: fa\n---\nEnglish first\n"), NASHRA_DIR_RTL);
    assert_int_equal(doc_dir("---\nlang: en\n---\nنص\n"), NASHRA_DIR_LTR);
    /* dir wins over lang */
    assert_int_equal(doc_dir("---\nlang: en\ndir: rtl\n---\nEnglish\n"), NASHRA_DIR_RTL);
    assert_int_equal(doc_dir("2026 — تقرير موجز\n"), NASHRA_DIR_RTL);
    /* Code does not decide; nothing strong: Arabic-first; else the title. */
    assert_int_equal(doc_dir("```\ncode\n```\n\n123\n"), NASHRA_DIR_RTL);
    assert_int_equal(doc_dir("---\ntitle: A title\n---\n123\n"), NASHRA_DIR_LTR);
}

/* The labels' language, digits and direction: one decision every stage reads. */
static void test_doc_lang(void **state)
{
    (void)state;
    struct {
        const char *src, *lang;
        enum nashra_dir dir;
        enum nashra_digits digits;
    } cases[] = {
        {"نص عربي\n", "ar", NASHRA_DIR_RTL, NASHRA_DIGITS_ARABIC_INDIC},
        /* An English title over an Arabic body: Arabic labels (the body is what is read). */
        {"---\ntitle: Water in Iraq\n---\nنص عربي\n", "ar", NASHRA_DIR_RTL,
         NASHRA_DIGITS_ARABIC_INDIC},
        {"---\ntitle: عنوان\n---\n123 -- 456\n", "ar", NASHRA_DIR_RTL, NASHRA_DIGITS_ARABIC_INDIC},
        {"שלום עולם\n", "he", NASHRA_DIR_RTL, NASHRA_DIGITS_LATIN},
        {"Plain English.\n", "en", NASHRA_DIR_LTR, NASHRA_DIGITS_LATIN},
        {"---\nlang: fa\n---\nمتن\n", "fa", NASHRA_DIR_RTL, NASHRA_DIGITS_PERSIAN},
        {"---\nlang: ar\ndigits: latin\n---\nنص\n", "ar", NASHRA_DIR_RTL, NASHRA_DIGITS_LATIN},
        {"---\ndir: rtl\n---\nRedis هو\n", "ar", NASHRA_DIR_RTL, NASHRA_DIGITS_ARABIC_INDIC},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct nashra_doc *doc = resolved(cases[i].src);
        assert_true(doc->meta.resolved.done);
        assert_string_equal(doc->meta.resolved.lang, cases[i].lang);
        assert_int_equal(doc->meta.resolved.dir, cases[i].dir);
        assert_int_equal(doc->meta.resolved.digits, cases[i].digits);
        nashra_doc_free(doc);
    }
}

#define R NASHRA_DIR_RTL
#define L NASHRA_DIR_LTR
#define A NASHRA_DIR_AUTO

/* In an RTL document any RTL letter makes the block RTL, wherever it stands. */
static void test_block_rtl_doc(void **state)
{
    (void)state;
    assert_int_equal(nashra_text_block_direction(R, R, "Redis هو مخزن بيانات", -1), R);
    assert_int_equal(nashra_text_block_direction(R, R, "TCP/UDP وكيل", -1), R);
    assert_int_equal(nashra_text_block_direction(R, R, "GroupDocs.Conversion لـ Java:", -1), R);
    assert_int_equal(nashra_text_block_direction(R, R, "Hebrew at the end: שלום", -1), R);
    assert_int_equal(nashra_text_block_direction(R, R, "Syriac \u0710 and Thaana \u0780", -1), R);
    assert_int_equal(nashra_text_block_direction(R, R, "N'Ko \u07CA", -1), R);
    assert_int_equal(nashra_text_block_direction(R, R, "A plain English paragraph.", -1), L);
    assert_int_equal(nashra_text_block_direction(R, R, "https://example.org/a/b", -1), L);
    /* Arabic-Indic digits are weak (AN): no RTL letter. */
    assert_int_equal(nashra_text_block_direction(R, R, "page ١٢", -1), L);
    /* No strong letter: the document's direction. */
    assert_int_equal(nashra_text_block_direction(R, R, "123 -- 456", -1), R);
    assert_int_equal(nashra_text_block_direction(R, R, "", -1), R);
    assert_int_equal(nashra_text_block_direction(R, R, NULL, -1), R);
    /* Only LEN bytes, and what an isolate holds, do not count. */
    assert_int_equal(nashra_text_block_direction(R, R, "abc نص", 4), L);
    assert_int_equal(nashra_text_block_direction(R, R, "abc \u2067نص\u2069", -1), L);
}

/* The mirror: in an LTR document any LTR letter makes the block LTR. */
static void test_block_ltr_doc(void **state)
{
    (void)state;
    assert_int_equal(nashra_text_block_direction(L, L, "نص عربي ثم Redis", -1), L);
    assert_int_equal(nashra_text_block_direction(L, L, "Plain English.", -1), L);
    assert_int_equal(nashra_text_block_direction(L, L, "نص عربي فقط، ١٢٣.", -1), R);
    assert_int_equal(nashra_text_block_direction(L, L, "עברית בלבד", -1), R);
    assert_int_equal(nashra_text_block_direction(L, L, "123 -- 456", -1), L);
}

/* dir: auto keeps the first strong letter. */
static void test_block_auto(void **state)
{
    (void)state;
    assert_int_equal(nashra_text_block_direction(A, R, "Redis هو مخزن بيانات", -1), L);
    assert_int_equal(nashra_text_block_direction(A, L, "هو مخزن Redis", -1), R);
    assert_int_equal(nashra_text_block_direction(A, R, "123", -1), R);
    assert_int_equal(nashra_text_block_direction(A, L, "123", -1), L);
}

static void test_block_rule(void **state)
{
    (void)state;
    struct {
        const char *src;
        enum nashra_dir rule;
    } cases[] = {
        {"Redis هو مخزن بيانات\n", L}, /* the body's first strong letter: an LTR document */
        {"---\nlang: ar\n---\nRedis هو مخزن بيانات\n", R},
        {"---\nlang: ar\ndir: ltr\n---\nRedis هو مخزن بيانات\n", L},
        {"---\nlang: ar\ndir: auto\n---\nRedis هو مخزن بيانات\n", A},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct nashra_doc *doc = resolved(cases[i].src);
        assert_int_equal(doc->meta.resolved.block_rule, cases[i].rule);
        nashra_doc_free(doc);
    }
    /* dir: auto still leaves a direction for blocks with no strong letter. */
    struct nashra_doc *doc = resolved("---\nlang: ar\ndir: auto\n---\nRedis هو\n\n123\n");
    assert_int_equal(doc->meta.resolved.dir, R);
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 0)->dir, L);
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 1)->dir, R);
    nashra_doc_free(doc);
}

/* Every block of a resolved tree: its direction, language and script, as the rules say. */
static void test_node_direction(void **state)
{
    (void)state;
    struct nashra_doc *doc = resolved("---\nlang: ar\n---\n"
                                      "**GroupDocs.Conversion** لـ Java\n\n" /* 0 */
                                      "`make` ١٢٣\n\n"                     /* 1: code span */
                                      "A plain English paragraph.\n\n"     /* 2 */
                                      "```\nنص\n```\n\n"
                                      "## Summary ملخص\n\n"
                                      "## Summary ملخص {dir=ltr lang=en}\n\n"
                                      "## Summary ملخص {dir=auto}\n\n"
                                      "- Redis هو مخزن\n- English item\n\n"
                                      "> Quote in English\n>\n> ثم بالعربية\n\n"
                                      "| Nginx | خادم |\n|---|---|\n| Redis | مخزن |\n\n"
                                      "هذا [English words]{lang=en} في جملة.\n");
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 0)->dir, R);
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 0)->script, G_UNICODE_SCRIPT_LATIN);
    assert_string_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 0)->lang, "ar");
    /* A code span's letters do not count: it is code, not the paragraph's language. */
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 1)->dir, R);
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 2)->dir, L);
    /* Code is LTR whatever it holds. */
    assert_int_equal(nth(doc, NASHRA_NODE_CODE_BLOCK, 0)->dir, L);
    /* A heading's {dir=…} wins over its letters; dir=auto is the first strong letter. */
    assert_int_equal(nth(doc, NASHRA_NODE_HEADING, 0)->dir, R);
    assert_int_equal(nth(doc, NASHRA_NODE_HEADING, 1)->dir, L);
    assert_string_equal(nth(doc, NASHRA_NODE_HEADING, 1)->lang, "en");
    assert_int_equal(nth(doc, NASHRA_NODE_HEADING, 2)->dir, L);
    /* List items and the list: any Arabic letter makes them RTL. */
    assert_int_equal(nth(doc, NASHRA_NODE_ITEM, 0)->dir, R);
    assert_int_equal(nth(doc, NASHRA_NODE_ITEM, 1)->dir, L);
    assert_int_equal(nth(doc, NASHRA_NODE_LIST, 0)->dir, R);
    assert_int_equal(nth(doc, NASHRA_NODE_BLOCK_QUOTE, 0)->dir, R);
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 5)->dir, L); /* "Quote in English" */
    /* Table cells each by their own letters. */
    assert_int_equal(nth(doc, NASHRA_NODE_TABLE_CELL, 0)->dir, L);
    assert_int_equal(nth(doc, NASHRA_NODE_TABLE_CELL, 1)->dir, R);
    /* A span is an isolate: its English does not make the sentence LTR, and it has its
     * language. */
    struct nashra_node *span = nth(doc, NASHRA_NODE_SPAN, 0);
    assert_int_equal(span->dir, L);
    assert_string_equal(span->lang, "en");
    assert_int_equal(span->parent->dir, R);
    nashra_doc_free(doc);

    /* In an LTR document, the mirror: only a block with no Latin letter is RTL. */
    doc = resolved("---\nlang: en\n---\nنص عربي ثم Redis\n\nنص عربي فقط، ١٢٣.\n\n- عنصر\n");
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 0)->dir, L);
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 1)->dir, R);
    assert_int_equal(nth(doc, NASHRA_NODE_ITEM, 0)->dir, R);
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 1)->script, G_UNICODE_SCRIPT_ARABIC);
    nashra_doc_free(doc);
}

/* A block inside a div with dir= takes the nearest such div's direction, through quotes and
 * lists; dir=auto is each block's first strong letter; a heading's own {dir=} still wins; a
 * div's lang is its blocks' language. */
static void test_div_direction(void **state)
{
    (void)state;
    struct nashra_doc *doc = resolved("---\nlang: en\n---\n"
                                      "::: {dir=rtl}\nAn English sentence.\n\n## Title\n\n"
                                      "## Title {dir=ltr}\n:::\n\n"
                                      "::: {dir=ltr lang=en}\nجملة عربية\n\n"
                                      "> ::: plain\n> نص\n>\n> ::: {dir=rtl}\n> Text\n> :::\n> :::\n"
                                      ":::\n\n"
                                      "::: {dir=auto}\nRedis هو\n\nهو Redis\n:::\n\n"
                                      "Text\n");
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 0)->dir, R);
    assert_int_equal(nth(doc, NASHRA_NODE_HEADING, 0)->dir, R);
    assert_int_equal(nth(doc, NASHRA_NODE_HEADING, 1)->dir, L);
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 1)->dir, L); /* جملة عربية */
    assert_string_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 1)->lang, "en");
    assert_int_equal(nth(doc, NASHRA_NODE_BLOCK_QUOTE, 0)->dir, L);
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 2)->dir, L); /* نص, in a div without dir */
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 3)->dir, R); /* Text, in an rtl div */
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 4)->dir, L); /* Redis هو */
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 5)->dir, R); /* هو Redis */
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 6)->dir, L); /* outside any div */
    nashra_doc_free(doc);
}

/* `paragraph-numbers`: the body's own paragraphs (a div is transparent; lists, quotes and notes
 * are not), numbered once for the PDF's margin and its #pN destinations. */
static void test_paragraph_numbers(void **state)
{
    (void)state;
    struct nashra_doc *doc = resolved("---\nparagraph-numbers: true\n---\n\nOne.\n\n"
                                      "::: {dir=rtl}\nTwo.\n:::\n\n- item\n\n> quoted\n\n"
                                      "Three[^a].\n\n[^a]: A note.\n");
    int want[] = {1, 2, 0, 0, 3, 0}; /* One, Two, item, quoted, Three, the note */
    for (int i = 0; i < 6; i++)
        assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, i)->as.paragraph.number, want[i]);
    nashra_doc_free(doc);
    doc = resolved("One.\n\nTwo.\n");
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 1)->as.paragraph.number, 0);
    nashra_doc_free(doc);
}

/* Generated blocks are resolved too: the references section of an Arabic brief with an
 * English work, and notes made from citations. */
static void test_generated(void **state)
{
    (void)state;
    struct nashra_doc *doc = resolved(
        "---\ntitle: Water\ncitation-style: chicago-notes\nreferences:\n"
        "  - id: smith\n    type: book\n    title: Rivers\n    author:\n"
        "      - family: Smith\n        given: Jane\n    issued: 2020\n"
        "---\nنص عربي [@smith].\n");
    assert_string_equal(doc->meta.resolved.lang, "ar");
    struct nashra_node *h = nth(doc, NASHRA_NODE_HEADING, 0);
    char *text = nashra_node_plain_text(h);
    assert_string_equal(text, "المراجع"); /* Arabic though the title is English */
    g_free(text);
    assert_int_equal(h->dir, R);
    assert_int_equal(nth(doc, NASHRA_NODE_PARAGRAPH, 1)->dir, L); /* the English entry */
    assert_int_equal(nth(doc, NASHRA_NODE_FOOTNOTE_DEF, 0)->dir, L); /* the English note */
    assert_int_equal(nth(doc, NASHRA_NODE_FOOTNOTE_DEF, 0)->as.footnote.index, 1);
    nashra_doc_free(doc);
}

/* Resolving twice changes nothing (main.c and a library user may both call it). */
static void test_once(void **state)
{
    (void)state;
    struct nashra_doc *doc = resolved("---\nreferences:\n  - id: a\n    title: T\n---\nنص [@a]\n");
    int headings = 0;
    for (struct nashra_node *c = doc->root->first_child; c; c = c->next)
        headings += c->kind == NASHRA_NODE_HEADING;
    assert_int_equal(headings, 1);
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t.md", "", 0);
    nashra_resolve(doc, &diag);
    headings = 0;
    for (struct nashra_node *c = doc->root->first_child; c; c = c->next)
        headings += c->kind == NASHRA_NODE_HEADING;
    assert_int_equal(headings, 1);
    nashra_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_doc),
        cmocka_unit_test(test_doc_lang),
        cmocka_unit_test(test_block_rtl_doc),
        cmocka_unit_test(test_block_ltr_doc),
        cmocka_unit_test(test_block_auto),
        cmocka_unit_test(test_block_rule),
        cmocka_unit_test(test_contrary_runs),
        cmocka_unit_test(test_node_direction),
        cmocka_unit_test(test_div_direction),
        cmocka_unit_test(test_paragraph_numbers),
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
