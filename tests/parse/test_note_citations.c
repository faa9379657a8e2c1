/* Citations in a note style (citation-style: chicago-notes) become notes in the tree: a
 * FOOTNOTE_REF where the citation stood, linked to a FOOTNOTE_DEF holding the note's text,
 * numbered with the author's own notes in document order; cross-references stay; a citation
 * inside a note becomes text of that note. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "render/render.h"

#define ASSERT_POS(p, l, c)                                                                        \
    do {                                                                                           \
        assert_int_equal((p).line, (l));                                                           \
        assert_int_equal((p).col, (c));                                                            \
    } while (0)

static const char *const SRC =
    "---\n"
    "lang: en\n"
    "citation-style: chicago-notes\n"
    "references:\n"
    "  - id: smith\n"
    "    type: book\n"
    "    author: [{family: Smith, given: Jane}]\n"
    "    title: Rivers\n"
    "    publisher: River Press\n"
    "    issued: 2020\n"
    "  - id: lee\n"
    "    author: [{family: Lee, given: Ann}]\n"
    "    title: Lakes\n"
    "    issued: 2021\n"
    "---\n"
    "# Intro {#intro}\n" /* 16 */
    "\n"
    "Flows fell [@smith, p. 12]. Users said[^u] more.\n" /* 18 */
    "\n"
    "Again [@smith, p. 14], then [@smith, p. 15] and [@lee; @smith].\n" /* 20 */
    "\n"
    "See [@sec:intro].\n" /* 22 */
    "\n"
    "[^u]: As in [@lee, p. 3]\n"; /* 24 */

static char *text_of(struct nashra_node *def)
{
    return nashra_node_plain_text(def);
}

static void test_citations_become_notes(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, SRC, NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors + r.diag.warnings, 0);
    struct nashra_node *root = r.doc->root;
    /* Only the cross-reference is still a citation. */
    struct nashra_node *c = tp_find(root, NASHRA_NODE_CITATION, 0);
    assert_non_null(c);
    assert_true(c->first_child->as.cite.xref);
    assert_null(tp_find(root, NASHRA_NODE_CITATION, 1));
    const char *want[] = {
        "Smith, Rivers, 12.",
        "As in Lee, “Lakes,” 3.", /* the author's note, second call */
        "Smith, Rivers, 14.",
        "Smith, 15.", /* the same work as the note before: its author and the page */
        "Lee, “Lakes”; Smith, Rivers.",
    };
    const int line[] = {18, 18, 20, 20, 20}, col[] = {12, 39, 7, 29, 49};
    for (int i = 0; i < 5; i++) {
        struct nashra_node *ref = tp_find(root, NASHRA_NODE_FOOTNOTE_REF, i);
        assert_non_null(ref);
        assert_int_equal(ref->as.footnote.index, i + 1);
        ASSERT_POS(ref->start, line[i], col[i]);
        struct nashra_node *def = ref->as.footnote.def;
        assert_non_null(def);
        assert_int_equal(def->kind, NASHRA_NODE_FOOTNOTE_DEF);
        assert_int_equal(def->as.footnote.index, i + 1);
        assert_ptr_equal(def->parent, root);
        char *t = text_of(def);
        if (strcmp(t, want[i]) != 0)
            fail_msg("note %d: want '%s', got '%s'", i + 1, want[i], t);
        g_free(t);
        /* No note in a note. */
        assert_null(tp_find(def, NASHRA_NODE_FOOTNOTE_REF, 0));
        if (i != 1) {
            assert_null(def->as.footnote.label);
            ASSERT_POS(def->start, line[i], col[i]);
            for (struct nashra_node *n = def->first_child->first_child; n; n = n->next)
                ASSERT_POS(n->start, line[i], col[i]);
        }
    }
    assert_null(tp_find(root, NASHRA_NODE_FOOTNOTE_REF, 5));
    /* The call follows the period, with no space before it. */
    struct nashra_node *first = tp_find(root, NASHRA_NODE_FOOTNOTE_REF, 0);
    assert_string_equal(first->prev->literal, ".");
    assert_string_equal(first->prev->prev->literal, "Flows fell");
    assert_string_equal(first->next->literal, " Users said");
    /* Notes in number order at the end, after the references section. */
    struct nashra_node *last = root->last_child;
    for (int i = 5; i >= 1; i--, last = last->prev)
        assert_int_equal(last->as.footnote.index, i);
    /* the references section (a div of its own), its last entry a paragraph */
    assert_int_equal(last->kind, NASHRA_NODE_DIV);
    assert_int_equal(last->last_child->kind, NASHRA_NODE_PARAGRAPH);
    tp_free(&r);
}

static void test_tree_and_html(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, SRC, NASHRA_SYNTAX_NASHRA);
    GString *out = g_string_new(NULL);
    nashra_render_tree(r.doc, out);
    const char *tree[] = {
        "footnote_ref [18:12-18:26] index=1\n",
        "footnote_def [18:12-18:26] dir=ltr script=Latn index=1\n"
        "    paragraph [18:12-18:26] dir=ltr script=Latn\n"
        "      link [18:12-18:26] url=\"#ref-smith\"\n"
        "        text [18:12-18:26] \"Smith, \"\n        emph [18:12-18:26]\n",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(tree); i++)
        if (!strstr(out->str, tree[i]))
            fail_msg("missing %s in:\n%s", tree[i], out->str);
    g_string_truncate(out, 0);
    nashra_render_html(r.doc, false, true, out);
    assert_non_null(strstr(out->str, "<li id=\"fn-4\">\n<p><a href=\"#ref-smith\">Smith, 15</a>."));
    assert_non_null(strstr(out->str, "<em>Rivers</em>, 12</a>."));
    g_string_free(out, TRUE);
    tp_free(&r);
}

/* Author-date styles keep their citations. */
static void test_author_date_unchanged(void **state)
{
    (void)state;
    GString *src = g_string_new(SRC);
    g_string_replace(src, "chicago-notes", "chicago", 1);
    struct tp_result r;
    tp_parse(&r, src->str, NASHRA_SYNTAX_NASHRA);
    assert_non_null(tp_find(r.doc->root, NASHRA_NODE_CITATION, 5));
    assert_null(tp_find(r.doc->root, NASHRA_NODE_FOOTNOTE_REF, 1));
    tp_free(&r);
    g_string_free(src, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_citations_become_notes),
        cmocka_unit_test(test_tree_and_html),
        cmocka_unit_test(test_author_date_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
