/* Parser unit tests for fenced divs (Pandoc's `::: {#id .class dir=ltr lang=en}`): tree shape
 * and positions, attributes, where a closing fence closes, the unclosed warning, the nesting
 * cap, HTML, and that CommonMark has none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "render/render.h"

#define NASHRA NASHRA_SYNTAX_NASHRA
#define CM NASHRA_SYNTAX_COMMONMARK

static char *tree_of(struct tp_result *r)
{
    GString *out = g_string_new(NULL);
    nashra_render_tree(r->doc, out);
    return g_string_free(out, FALSE);
}

static char *html_of(struct tp_result *r)
{
    GString *out = g_string_new(NULL);
    nashra_render_html(r->doc, false, true, out);
    return g_string_free(out, FALSE);
}

static int count_kind(struct nashra_node *root, enum nashra_node_kind kind)
{
    int n = 0;
    while (tp_find(root, kind, n))
        n++;
    return n;
}

/* The tree as parsed: what the resolve stage adds is tested in tests/resolve. */
static void assert_tree(const char *src, const char *want)
{
    struct tp_result r;
    struct nashra_parse_options opts = {.syntax = NASHRA};
    tp_parse_stages(&r, src, strlen(src), &opts, true);
    char *tree = tree_of(&r);
    assert_string_equal(tree, want);
    g_free(tree);
    tp_free(&r);
}

static void test_nesting_and_attributes(void **state)
{
    (void)state;
    assert_tree("::: {#x .a .b dir=ltr lang=en k=\"v w\"}\n"
                "One.\n"
                "\n"
                "::: inner :::\n"
                "- item\n"
                ":::\n"
                ":::\n",
                "document [1:1-7:3]\n"
                "  div [1:1-7:3] id=\"x\" classes=\"a b\" written-dir=ltr written-lang=\"en\"\n"
                "    paragraph [2:1-2:4]\n"
                "      text [2:1-2:4] \"One.\"\n"
                "    div [4:1-6:3] classes=\"inner\"\n"
                "      list [5:1-5:6] type=bullet bullet=\"-\" tight\n"
                "        item [5:1-5:6]\n"
                "          paragraph [5:3-5:6]\n"
                "            text [5:3-5:6] \"item\"\n");
    /* Up to three spaces of indent, longer fences, {} and quoted values with spaces. */
    struct tp_result r;
    tp_parse(&r,
             "   :::::: {dir=\"rtl\" lang=\"ar-EG\" title=\"a \\\"b\\\" c\"} ::::\n"
             "نص\n"
             "   ::::::::   \n"
             "::: {}\n"
             "x\n"
             ":::\n",
             NASHRA);
    struct nashra_node *d = r.doc->root->first_child;
    assert_int_equal(d->kind, NASHRA_NODE_DIV);
    assert_true(d->as.div.dir_set);
    assert_int_equal(d->as.div.dir, NASHRA_DIR_RTL);
    assert_string_equal(d->as.div.lang, "ar-EG");
    assert_null(d->as.div.id);
    assert_null(d->as.div.classes);
    assert_int_equal(d->start.line, 1);
    assert_int_equal(d->start.col, 4);
    assert_int_equal(d->end.line, 3);
    d = d->next;
    assert_int_equal(d->kind, NASHRA_NODE_DIV);
    assert_false(d->as.div.dir_set);
    assert_null(d->as.div.lang);
    assert_null(d->next);
    assert_int_equal(r.diag.warnings, 0);
    tp_free(&r);
}

/* Not an opening fence: these stay paragraph text. */
static void test_not_fences(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        ":::\n",           /* a bare fence with no div open */
        ":: {.a}\n",       /* two colons */
        "::: {foo}\n",     /* a bare word inside braces */
        "::: {.a\n",       /* no closing brace */
        "::: {k=\"v}\n",   /* an open quote */
        "::: two words\n", /* a bare class is one word */
        "    ::: {.a}\n",  /* indented code */
        "::: {.a} x\n",    /* text after the attributes */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(inputs); i++) {
        struct tp_result r;
        tp_parse(&r, inputs[i], NASHRA);
        assert_int_equal(count_kind(r.doc->root, NASHRA_NODE_DIV), 0);
        assert_int_equal(r.diag.warnings, 0);
        tp_free(&r);
    }
    /* A bare fence after a paragraph with no div open continues it. */
    assert_tree("Para\n:::\n", "document [1:1-2:3]\n"
                               "  paragraph [1:1-2:3]\n"
                               "    text [1:1-1:4] \"Para\"\n"
                               "    softbreak [1:5-1:5]\n"
                               "    text [2:1-2:3] \":::\"\n");
    /* One closing fence closes one div; the next is text. */
    struct tp_result r;
    tp_parse(&r, "::: a\nx\n:::\n:::\n", NASHRA);
    struct nashra_node *d = r.doc->root->first_child;
    assert_int_equal(d->kind, NASHRA_NODE_DIV);
    assert_int_equal(d->next->kind, NASHRA_NODE_PARAGRAPH);
    assert_string_equal(d->next->first_child->literal, ":::");
    tp_free(&r);
}

/* A closing fence is never a paragraph's lazy line; inside a list item, a quote's line or a
 * paragraph of the div it closes the div, inside code it is code. */
static void test_where_a_fence_closes(void **state)
{
    (void)state;
    assert_tree("::: a\n> quote\n:::\nafter\n", "document [1:1-4:5]\n"
                                                "  div [1:1-3:3] classes=\"a\"\n"
                                                "    block_quote [2:1-2:7]\n"
                                                "      paragraph [2:3-2:7]\n"
                                                "        text [2:3-2:7] \"quote\"\n"
                                                "  paragraph [4:1-4:5]\n"
                                                "    text [4:1-4:5] \"after\"\n");
    assert_tree("::: a\n- item\n  :::\nafter\n",
                "document [1:1-4:5]\n"
                "  div [1:1-3:5] classes=\"a\"\n"
                "    list [2:1-2:6] type=bullet bullet=\"-\" tight\n"
                "      item [2:1-2:6]\n"
                "        paragraph [2:3-2:6]\n"
                "          text [2:3-2:6] \"item\"\n"
                "  paragraph [4:1-4:5]\n"
                "    text [4:1-4:5] \"after\"\n");
    assert_tree("::: a\n```\n:::\n```\n:::\n", "document [1:1-5:3]\n"
                                               "  div [1:1-5:3] classes=\"a\"\n"
                                               "    code_block [2:1-4:3] fenced \":::\\n\"\n");
    /* An opening fence may follow a paragraph line, as a code fence may; a raw HTML block
     * keeps a fence line. */
    assert_tree("Para\n::: a\n<div>\n:::\n</div>\n\n:::\n",
                "document [1:1-7:3]\n"
                "  paragraph [1:1-1:4]\n"
                "    text [1:1-1:4] \"Para\"\n"
                "  div [2:1-7:3] classes=\"a\"\n"
                "    html_block [3:1-5:6] \"<div>\\n:::\\n</div>\\n\"\n");
    /* A div in a list item closes at the item's content column; `> :::` is the quote's text. */
    struct tp_result r;
    tp_parse(&r, "- ::: {.in}\n  text\n  :::\n- b\n\n> ::: {.q}\n> :::\n", NASHRA);
    struct nashra_node *item = tp_find(r.doc->root, NASHRA_NODE_ITEM, 0);
    assert_int_equal(item->first_child->kind, NASHRA_NODE_DIV);
    assert_int_equal(item->first_child->end.line, 3);
    assert_true(item->parent->as.list.tight);
    struct nashra_node *q = tp_find(r.doc->root, NASHRA_NODE_BLOCK_QUOTE, 0);
    assert_int_equal(q->first_child->kind, NASHRA_NODE_DIV);
    assert_int_equal(r.diag.warnings, 0);
    tp_free(&r);
}

static void test_unclosed_and_bad_values(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "Intro.\n\n::: {.a}\ntext\n\n  ::: {dir=sideways lang=en}\n  more\n", NASHRA);
    assert_int_equal(count_kind(r.doc->root, NASHRA_NODE_DIV), 2);
    struct nashra_node *inner = tp_find(r.doc->root, NASHRA_NODE_DIV, 1);
    assert_false(inner->as.div.dir_set);
    assert_string_equal(inner->as.div.lang, "en");
    assert_int_equal(inner->end.line, 7);
    assert_int_equal(r.diag.warnings, 3);
    assert_non_null(strstr(r.messages, "t.md:6:12: warning: unknown div direction ignored"));
    assert_non_null(strstr(r.messages, "t.md:3:1: warning: fenced div not closed before the end"));
    assert_non_null(strstr(r.messages, "t.md:6:3: warning: fenced div not closed before the end"));
    tp_free(&r);
    /* A div in a quote ends with the quote. */
    tp_parse(&r, "> ::: {lang=\"x y\"}\n> text\n\nafter\n", NASHRA);
    assert_int_equal(r.diag.warnings, 2);
    assert_non_null(strstr(r.messages, "t.md:1:13: warning: div language ignored"));
    assert_non_null(strstr(r.messages, "t.md:1:3: warning: fenced div not closed before the bl"));
    tp_free(&r);
}

static void test_commonmark_has_none(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "::: {dir=ltr}\ntext\n:::\n", CM);
    assert_int_equal(count_kind(r.doc->root, NASHRA_NODE_DIV), 0);
    assert_int_equal(r.diag.warnings, 0);
    char *html = html_of(&r);
    assert_string_equal(html, "<p>::: {dir=ltr}\ntext\n:::</p>\n");
    g_free(html);
    tp_free(&r);
}

static void test_depth_cap(void **state)
{
    (void)state;
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 1200; i++)
        g_string_append(s, "::: {.d}\n");
    g_string_append(s, "deep\n");
    for (int i = 0; i < 1200; i++)
        g_string_append(s, ":::\n");
    struct tp_result r;
    tp_parse(&r, s->str, NASHRA);
    assert_int_equal(r.diag.errors, 1);
    assert_non_null(strstr(r.messages, "t.md:1001:1: error: nesting deeper than 1000 levels"));
    assert_int_equal(count_kind(r.doc->root, NASHRA_NODE_DIV), 1000);
    assert_int_equal(r.diag.warnings, 0);
    tp_free(&r);
    g_string_free(s, TRUE);
}

static void test_html_and_lang(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "::: {#box .note lang=en dir=ltr k=v}\n"
             "Text & more.\n\n"
             "## Titre {lang=fr}\n"
             ":::\n",
             NASHRA);
    char *html = html_of(&r);
    assert_string_equal(html, "<div id=\"box\" class=\"note\" lang=\"en\" dir=\"ltr\">\n"
                              "<p>Text &amp; more.</p>\n"
                              "<h2 lang=\"fr\">Titre</h2>\n"
                              "</div>\n");
    g_free(html);
    struct nashra_node *p = tp_find(r.doc->root, NASHRA_NODE_PARAGRAPH, 0);
    /* The language the resolve stage gives each block: the nearest written one. */
    assert_string_equal(p->lang, "en");
    assert_string_equal(tp_find(r.doc->root, NASHRA_NODE_HEADING, 0)->lang, "fr");
    assert_string_equal(r.doc->root->lang, r.doc->meta.resolved.lang);
    tp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nesting_and_attributes),
        cmocka_unit_test(test_not_fences),
        cmocka_unit_test(test_where_a_fence_closes),
        cmocka_unit_test(test_unclosed_and_bad_values),
        cmocka_unit_test(test_commonmark_has_none),
        cmocka_unit_test(test_depth_cap),
        cmocka_unit_test(test_html_and_lang),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
