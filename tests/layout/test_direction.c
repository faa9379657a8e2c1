/* Direction detection: strings by their first strong character, documents by dir, lang, body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "layout/layout.h"

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

static struct nashra_doc *doc_with_text(const char *s)
{
    struct nashra_doc *doc = nashra_doc_new();
    struct nashra_node *p = nashra_node_new(NASHRA_NODE_PARAGRAPH, (struct nashra_pos){1, 1, 0});
    struct nashra_node *t = nashra_node_new(NASHRA_NODE_TEXT, (struct nashra_pos){1, 1, 0});
    nashra_node_set_literal(t, s, strlen(s));
    nashra_node_append_child(p, t);
    nashra_node_append_child(doc->root, p);
    return doc;
}

static void test_doc(void **state)
{
    (void)state;
    struct nashra_doc *doc = doc_with_text("English first");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_LTR);
    doc->meta.lang = g_strdup("ar-EG");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_RTL);
    g_free(doc->meta.lang);
    doc->meta.lang = g_strdup("fa");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_RTL);
    g_free(doc->meta.lang);
    doc->meta.lang = g_strdup("en");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_LTR);
    doc->meta.dir = NASHRA_DIR_RTL; /* dir wins over lang */
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_RTL);
    nashra_doc_free(doc);

    doc = doc_with_text("2026 — تقرير موجز");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_RTL);
    nashra_doc_free(doc);

    doc = doc_with_text("123");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_RTL); /* nothing strong: Arabic-first */
    doc->meta.title = g_strdup("A title");
    assert_int_equal(nashra_doc_direction(doc), NASHRA_DIR_LTR);
    nashra_doc_free(doc);
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
    struct nashra_doc *doc = doc_with_text("Redis هو مخزن بيانات");
    assert_int_equal(nashra_block_rule(doc), L); /* first strong letter of the body */
    doc->meta.lang = g_strdup("ar");
    assert_int_equal(nashra_block_rule(doc), R);
    doc->meta.dir = L;
    assert_int_equal(nashra_block_rule(doc), L);
    doc->meta.dir = A;
    doc->meta.dir_auto = true;
    assert_int_equal(nashra_block_rule(doc), A);
    /* The document still has a direction for blocks with no strong letter. */
    assert_int_equal(nashra_doc_direction(doc), R);
    nashra_doc_free(doc);
    assert_int_equal(nashra_block_rule(NULL), R); /* Arabic-first */
}

static void test_node_direction(void **state)
{
    (void)state;
    struct nashra_doc *doc = nashra_doc_new();
    struct nashra_node *p = nashra_node_new(NASHRA_NODE_PARAGRAPH, (struct nashra_pos){1, 1, 0});
    struct nashra_node *strong = nashra_node_new(NASHRA_NODE_STRONG, (struct nashra_pos){1, 1, 0});
    struct nashra_node *t1 = nashra_node_new(NASHRA_NODE_TEXT, (struct nashra_pos){1, 1, 0});
    struct nashra_node *t2 = nashra_node_new(NASHRA_NODE_TEXT, (struct nashra_pos){1, 1, 0});
    nashra_node_set_literal(t1, "GroupDocs.Conversion ", 21);
    nashra_node_set_literal(t2, "لـ Java", strlen("لـ Java"));
    nashra_node_append_child(strong, t1);
    nashra_node_append_child(p, strong);
    nashra_node_append_child(p, t2);
    nashra_node_append_child(doc->root, p);
    assert_int_equal(nashra_node_direction(R, R, p), R);
    assert_int_equal(nashra_node_direction(A, R, p), L);
    assert_int_equal(nashra_node_direction(L, L, p), L);
    /* A code span's letters do not count: it is code, not the paragraph's language. */
    struct nashra_node *q = nashra_node_new(NASHRA_NODE_PARAGRAPH, (struct nashra_pos){2, 1, 0});
    struct nashra_node *code = nashra_node_new(NASHRA_NODE_CODE, (struct nashra_pos){2, 1, 0});
    struct nashra_node *t3 = nashra_node_new(NASHRA_NODE_TEXT, (struct nashra_pos){2, 1, 0});
    nashra_node_set_literal(code, "make", 4);
    nashra_node_set_literal(t3, " ١٢٣", strlen(" ١٢٣"));
    nashra_node_append_child(q, code);
    nashra_node_append_child(q, t3);
    nashra_node_append_child(doc->root, q);
    assert_int_equal(nashra_node_direction(R, R, q), R);
    assert_int_equal(nashra_node_direction(L, L, q), L);
    /* Code is LTR whatever it holds. */
    struct nashra_node *cb = nashra_node_new(NASHRA_NODE_CODE_BLOCK, (struct nashra_pos){3, 1, 0});
    nashra_node_set_literal(cb, "نص", strlen("نص"));
    nashra_node_append_child(doc->root, cb);
    assert_int_equal(nashra_node_direction(R, R, cb), L);
    /* A heading's {dir=…} wins over its letters; dir=auto is the first strong letter. */
    struct nashra_node *h = nashra_node_new(NASHRA_NODE_HEADING, (struct nashra_pos){4, 1, 0});
    struct nashra_node *t4 = nashra_node_new(NASHRA_NODE_TEXT, (struct nashra_pos){4, 4, 0});
    nashra_node_set_literal(t4, "Summary ملخص", strlen("Summary ملخص"));
    nashra_node_append_child(h, t4);
    nashra_node_append_child(doc->root, h);
    assert_int_equal(nashra_node_direction(R, R, h), R);
    h->as.heading.dir_set = true;
    h->as.heading.dir = NASHRA_DIR_LTR;
    assert_int_equal(nashra_node_direction(R, R, h), L);
    h->as.heading.dir = NASHRA_DIR_AUTO;
    assert_int_equal(nashra_node_direction(R, R, h), L);
    nashra_doc_free(doc);
}

static struct nashra_node *para_in(struct nashra_node *parent, const char *text)
{
    struct nashra_node *p = nashra_node_new(NASHRA_NODE_PARAGRAPH, (struct nashra_pos){1, 1, 0});
    struct nashra_node *t = nashra_node_new(NASHRA_NODE_TEXT, (struct nashra_pos){1, 1, 0});
    nashra_node_set_literal(t, text, strlen(text));
    nashra_node_append_child(p, t);
    nashra_node_append_child(parent, p);
    return p;
}

static struct nashra_node *div_in(struct nashra_node *parent, bool dir_set, enum nashra_dir dir)
{
    struct nashra_node *d = nashra_node_new(NASHRA_NODE_DIV, (struct nashra_pos){1, 1, 0});
    d->as.div.dir_set = dir_set;
    d->as.div.dir = dir;
    nashra_node_append_child(parent, d);
    return d;
}

/* A block inside a div with dir= takes the nearest such div's direction, through quotes and
 * lists; dir=auto is the block's first strong letter; a heading's own {dir=} still wins. */
static void test_div_direction(void **state)
{
    (void)state;
    struct nashra_doc *doc = nashra_doc_new();
    struct nashra_node *rtl = div_in(doc->root, true, R);
    struct nashra_node *latin = para_in(rtl, "An English sentence.");
    assert_int_equal(nashra_node_direction(L, L, latin), R);
    assert_int_equal(nashra_node_direction(A, L, latin), R);

    struct nashra_node *ltr = div_in(doc->root, true, L);
    struct nashra_node *arabic = para_in(ltr, "جملة عربية");
    assert_int_equal(nashra_node_direction(R, R, arabic), L);
    enum nashra_dir written = A;
    assert_true(nashra_node_written_dir(arabic, &written));
    assert_int_equal(written, L);

    /* Through a quote and a div without dir; the nearest div with dir= wins. */
    struct nashra_node *quote =
        nashra_node_new(NASHRA_NODE_BLOCK_QUOTE, (struct nashra_pos){1, 1, 0});
    nashra_node_append_child(ltr, quote);
    struct nashra_node *plain = div_in(quote, false, A);
    struct nashra_node *deep = para_in(plain, "نص");
    assert_int_equal(nashra_node_direction(R, R, deep), L);
    assert_int_equal(nashra_node_direction(R, R, quote), L);
    struct nashra_node *inner = div_in(plain, true, R);
    assert_int_equal(nashra_node_direction(L, L, para_in(inner, "Text")), R);

    /* dir=auto: each block by its own first strong letter, even against the rule. */
    struct nashra_node *autod = div_in(doc->root, true, A);
    assert_int_equal(nashra_node_direction(R, R, para_in(autod, "Redis هو")), L);
    assert_int_equal(nashra_node_direction(L, L, para_in(autod, "هو Redis")), R);

    struct nashra_node *h = nashra_node_new(NASHRA_NODE_HEADING, (struct nashra_pos){1, 1, 0});
    struct nashra_node *t = nashra_node_new(NASHRA_NODE_TEXT, (struct nashra_pos){1, 1, 0});
    nashra_node_set_literal(t, "Title", 5);
    nashra_node_append_child(h, t);
    nashra_node_append_child(rtl, h);
    assert_int_equal(nashra_node_direction(L, L, h), R);
    h->as.heading.dir_set = true;
    h->as.heading.dir = L;
    assert_int_equal(nashra_node_direction(R, R, h), L);

    /* Outside any div nothing is written. */
    struct nashra_node *free_para = para_in(doc->root, "Text");
    assert_false(nashra_node_written_dir(free_para, &written));
    assert_int_equal(nashra_node_direction(R, R, free_para), L);
    nashra_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_doc),
        cmocka_unit_test(test_block_rtl_doc),
        cmocka_unit_test(test_block_ltr_doc),
        cmocka_unit_test(test_block_auto),
        cmocka_unit_test(test_block_rule),
        cmocka_unit_test(test_node_direction),
        cmocka_unit_test(test_div_direction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
