/* Parser unit tests for the brief extensions of the nashra syntax: footnotes, citations, pipe
 * tables, callouts, attribution, figures and strikethrough; tree shape, positions (line and
 * column), diagnostics, and that each is off under the CommonMark syntax. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "render/render.h"

#define NASHRA NASHRA_SYNTAX_NASHRA
#define CM NASHRA_SYNTAX_COMMONMARK

#define ASSERT_POS(p, l, c)                                                                        \
    do {                                                                                           \
        assert_int_equal((p).line, (l));                                                           \
        assert_int_equal((p).col, (c));                                                            \
    } while (0)

static int count_kind(struct nashra_node *root, enum nashra_node_kind kind)
{
    int n = 0;
    while (tp_find(root, kind, n))
        n++;
    return n;
}

static char *html_of(struct tp_result *r)
{
    GString *out = g_string_new(NULL);
    nashra_render_html(r->doc, false, true, out);
    return g_string_free(out, FALSE);
}

/* ---- footnotes ---- */

static void test_footnotes(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "One[^b] two[^A] three[^B].\n" /* 1 */
             "\n"                           /* 2 */
             "[^a]: First note.\n"          /* 3 */
             "\n"                           /* 4 */
             "    Its second paragraph.\n"  /* 5 */
             "[^b]: Other note\n"           /* 6 */
             "lazy.\n"                      /* 7 */
             "\n"                           /* 8 */
             "After.\n",                    /* 9 */
             NASHRA);
    struct nashra_node *root = r.doc->root;
    assert_int_equal(r.diag.warnings, 0);
    struct nashra_node *ref0 = tp_find(root, NASHRA_NODE_FOOTNOTE_REF, 0);
    struct nashra_node *ref1 = tp_find(root, NASHRA_NODE_FOOTNOTE_REF, 1);
    struct nashra_node *ref2 = tp_find(root, NASHRA_NODE_FOOTNOTE_REF, 2);
    assert_string_equal(ref0->as.footnote.label, "b");
    assert_int_equal(ref0->as.footnote.index, 1);
    assert_int_equal(ref1->as.footnote.index, 2);
    assert_int_equal(ref2->as.footnote.index, 1); /* reuse */
    ASSERT_POS(ref0->start, 1, 4);
    ASSERT_POS(ref0->end, 1, 7);
    ASSERT_POS(ref1->start, 1, 12);
    /* Moved to the end, in index order, after the paragraph "After." */
    struct nashra_node *d1 = root->last_child->prev, *d2 = root->last_child;
    assert_int_equal(d1->kind, NASHRA_NODE_FOOTNOTE_DEF);
    assert_int_equal(d2->kind, NASHRA_NODE_FOOTNOTE_DEF);
    assert_int_equal(d1->prev->kind, NASHRA_NODE_PARAGRAPH);
    assert_string_equal(d1->as.footnote.label, "b");
    assert_int_equal(d1->as.footnote.index, 1);
    assert_ptr_equal(ref0->as.footnote.def, d1);
    assert_ptr_equal(ref1->as.footnote.def, d2);
    ASSERT_POS(d1->start, 6, 1);
    ASSERT_POS(d1->end, 7, 5);
    /* the lazy line continues the note's paragraph */
    assert_int_equal(d1->first_child->kind, NASHRA_NODE_PARAGRAPH);
    ASSERT_POS(d1->first_child->start, 6, 7);
    assert_null(d1->first_child->next);
    /* two paragraphs in one note */
    assert_string_equal(d2->as.footnote.label, "a");
    ASSERT_POS(d2->start, 3, 1);
    ASSERT_POS(d2->end, 5, 25);
    assert_int_equal(d2->first_child->kind, NASHRA_NODE_PARAGRAPH);
    assert_int_equal(d2->last_child->kind, NASHRA_NODE_PARAGRAPH);
    assert_ptr_not_equal(d2->first_child, d2->last_child);
    ASSERT_POS(d2->last_child->start, 5, 5);
    char *html = html_of(&r);
    assert_non_null(strstr(html,
                           "<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\">1</a>"
                           "</sup>"));
    assert_non_null(strstr(html, "<section class=\"footnotes\">\n<ol>\n<li id=\"fn-1\">"));
    assert_non_null(strstr(html, "<a href=\"#fnref-2\" class=\"footnote-backref\">↩</a></p>\n"
                                 "</li>\n</ol>\n</section>"));
    g_free(html);
    tp_free(&r);
}

static void test_footnote_warnings(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "See [^nope] and [^x].\n\n[^x]: used\n[^unused]: not used\n[^X]: again\n", NASHRA);
    struct nashra_node *root = r.doc->root;
    /* undefined: literal text, warning at its line:col */
    struct nashra_node *t = root->first_child->first_child;
    assert_int_equal(t->kind, NASHRA_NODE_TEXT);
    assert_string_equal(t->literal, "See [^nope] and ");
    assert_non_null(strstr(r.messages, "t.md:1:5: warning: footnote [^nope] is not defined"));
    assert_non_null(strstr(r.messages, "t.md:4:1: warning: footnote [^unused] is never"));
    assert_non_null(strstr(r.messages, "t.md:5:1: warning: footnote [^X] is defined again"));
    assert_int_equal(r.diag.warnings, 3);
    assert_int_equal(count_kind(root, NASHRA_NODE_FOOTNOTE_DEF), 1);
    assert_int_equal(count_kind(root, NASHRA_NODE_FOOTNOTE_REF), 1);
    tp_free(&r);
}

static void test_footnote_nested_ref(void **state)
{
    (void)state;
    struct tp_result r;
    /* a note referenced only from another note is numbered after the main text's notes */
    tp_parse(&r, "A[^1] B[^2].\n\n[^1]: see[^3]\n[^3]: deep\n[^2]: two\n", NASHRA);
    struct nashra_node *root = r.doc->root;
    assert_int_equal(r.diag.warnings, 0);
    struct nashra_node *d = root->first_child->next;
    assert_string_equal(d->as.footnote.label, "1");
    assert_string_equal(d->next->as.footnote.label, "2");
    assert_string_equal(d->next->next->as.footnote.label, "3");
    assert_int_equal(d->next->next->as.footnote.index, 3);
    tp_free(&r);
}

/* ---- citations ---- */

static void test_citations(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "A [@key] b [@key, p. 12] c [@a; @b, pp. 3-4] d [@a, p. 3; @b].\n", NASHRA);
    struct nashra_node *root = r.doc->root;
    assert_int_equal(count_kind(root, NASHRA_NODE_CITATION), 4);
    struct nashra_node *c = tp_find(root, NASHRA_NODE_CITATION, 0);
    ASSERT_POS(c->start, 1, 3);
    ASSERT_POS(c->end, 1, 8);
    assert_string_equal(c->first_child->as.cite.key, "key");
    assert_null(c->first_child->as.cite.locator);
    ASSERT_POS(c->first_child->start, 1, 4);
    ASSERT_POS(c->first_child->end, 1, 7);
    c = tp_find(root, NASHRA_NODE_CITATION, 1);
    assert_string_equal(c->first_child->as.cite.locator, "p. 12");
    c = tp_find(root, NASHRA_NODE_CITATION, 2);
    assert_string_equal(c->first_child->as.cite.key, "a");
    assert_null(c->first_child->as.cite.locator);
    assert_string_equal(c->last_child->as.cite.key, "b");
    assert_string_equal(c->last_child->as.cite.locator, "pp. 3-4");
    ASSERT_POS(c->last_child->start, 1, 33);
    c = tp_find(root, NASHRA_NODE_CITATION, 3);
    assert_string_equal(c->first_child->as.cite.locator, "p. 3");
    assert_null(c->last_child->as.cite.locator);
    char *html = html_of(&r);
    assert_non_null(
        strstr(html, "<span class=\"citation\" data-cites=\"a b\">(a; b, pp. 3-4)</span>"));
    assert_non_null(
        strstr(html, "<span class=\"citation\" data-cites=\"key\">(key, p. 12)</span>"));
    g_free(html);
    tp_free(&r);
}

static void test_citation_keys(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "[@doe:2020/x.] [@تقرير_2024] [@_x-y]\n", NASHRA);
    struct nashra_node *root = r.doc->root;
    assert_int_equal(count_kind(root, NASHRA_NODE_CITATION), 3);
    assert_string_equal(tp_find(root, NASHRA_NODE_CITE_ITEM, 0)->as.cite.key, "doe:2020/x");
    assert_string_equal(tp_find(root, NASHRA_NODE_CITE_ITEM, 1)->as.cite.key, "تقرير_2024");
    assert_string_equal(tp_find(root, NASHRA_NODE_CITE_ITEM, 2)->as.cite.key, "_x-y");
    ASSERT_POS(tp_find(root, NASHRA_NODE_CITATION, 1)->end, 1, 28);
    tp_free(&r);
}

static void test_not_citations(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "mail email@example.com, [email@example.com], [@x](/url), [@ref], [@-x], [@a b]\n"
             "\n[@ref]: /target\n",
             NASHRA);
    struct nashra_node *root = r.doc->root;
    assert_int_equal(count_kind(root, NASHRA_NODE_CITATION), 0);
    assert_int_equal(count_kind(root, NASHRA_NODE_LINK), 2);
    assert_string_equal(tp_find(root, NASHRA_NODE_LINK, 0)->as.link.url, "/url");
    assert_string_equal(tp_find(root, NASHRA_NODE_LINK, 1)->as.link.url, "/target");
    tp_free(&r);
}

/* ---- tables ---- */

static void test_table(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "| A | B | C | D |\n"
             "| :--- | :---: | ---: | --- |\n"
             "| a \\| b | `x\\|y` | 3 | 4 |\n"
             "only\n"
             "w | x | y | z | extra\n"
             "\n"
             "after\n",
             NASHRA);
    struct nashra_node *t = r.doc->root->first_child;
    assert_int_equal(t->kind, NASHRA_NODE_TABLE);
    assert_int_equal(t->as.table.columns, 4);
    assert_int_equal(t->as.table.aligns[0], NASHRA_ALIGN_LEFT);
    assert_int_equal(t->as.table.aligns[1], NASHRA_ALIGN_CENTER);
    assert_int_equal(t->as.table.aligns[2], NASHRA_ALIGN_RIGHT);
    assert_int_equal(t->as.table.aligns[3], NASHRA_ALIGN_NONE);
    ASSERT_POS(t->start, 1, 1);
    ASSERT_POS(t->end, 5, 21);
    assert_int_equal(count_kind(t, NASHRA_NODE_TABLE_ROW), 4);
    struct nashra_node *head = t->first_child;
    assert_true(head->as.row.header);
    assert_false(head->next->as.row.header);
    ASSERT_POS(head->start, 1, 1);
    ASSERT_POS(head->end, 1, 17);
    struct nashra_node *c = head->next->first_child;
    assert_int_equal(c->as.cell.column, 0);
    assert_int_equal(c->as.cell.align, NASHRA_ALIGN_LEFT);
    ASSERT_POS(c->start, 3, 3);
    ASSERT_POS(c->end, 3, 8);
    assert_string_equal(c->first_child->literal, "a | b"); /* escaped pipe */
    ASSERT_POS(c->first_child->end, 3, 8);
    assert_int_equal(c->next->first_child->kind, NASHRA_NODE_CODE);
    assert_string_equal(c->next->first_child->literal, "x|y");
    /* ragged rows: padded, extra cells dropped */
    struct nashra_node *short_row = head->next->next;
    assert_int_equal(count_kind(short_row, NASHRA_NODE_TABLE_CELL), 4);
    assert_null(short_row->last_child->first_child);
    assert_int_equal(short_row->last_child->as.cell.column, 3);
    struct nashra_node *long_row = short_row->next;
    assert_int_equal(count_kind(long_row, NASHRA_NODE_TABLE_CELL), 4);
    assert_string_equal(long_row->last_child->first_child->literal, "z");
    /* the blank line ends the table */
    assert_int_equal(t->next->kind, NASHRA_NODE_PARAGRAPH);
    ASSERT_POS(t->next->start, 7, 1);
    char *html = html_of(&r);
    assert_non_null(strstr(html, "<table>\n<thead>\n<tr>\n<th style=\"text-align: left\">A</th>\n"
                                 "<th style=\"text-align: center\">B</th>"));
    assert_non_null(strstr(html, "<th>D</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
                                 "<td style=\"text-align: left\">a | b</td>"));
    assert_non_null(strstr(html, "</tr>\n</tbody>\n</table>\n<p>after</p>"));
    g_free(html);
    tp_free(&r);
}

static void test_table_edges(void **state)
{
    (void)state;
    struct tp_result r;
    /* paragraph lines before the header stay a paragraph; a block start ends the table */
    tp_parse(&r, "intro\na | b\n--|--\nc | d\n> quote\n", NASHRA);
    struct nashra_node *p = r.doc->root->first_child;
    assert_int_equal(p->kind, NASHRA_NODE_PARAGRAPH);
    ASSERT_POS(p->end, 1, 5);
    assert_string_equal(p->first_child->literal, "intro");
    assert_null(p->first_child->next);
    struct nashra_node *t = p->next;
    assert_int_equal(t->kind, NASHRA_NODE_TABLE);
    ASSERT_POS(t->start, 2, 1);
    ASSERT_POS(t->end, 4, 5);
    assert_int_equal(count_kind(t, NASHRA_NODE_TABLE_ROW), 2);
    assert_int_equal(t->next->kind, NASHRA_NODE_BLOCK_QUOTE);
    tp_free(&r);

    /* no delimiter row, or a cell count that differs: no table */
    tp_parse(&r, "| a | b |\n| c | d |\n\n| a | b |\n| --- |\n\na\n---\n", NASHRA);
    assert_int_equal(count_kind(r.doc->root, NASHRA_NODE_TABLE), 0);
    assert_int_equal(count_kind(r.doc->root, NASHRA_NODE_HEADING), 1); /* setext still */
    tp_free(&r);
}

/* ---- callouts and attribution ---- */

static void test_callouts(void **state)
{
    (void)state;
    static const char *const names[] = {"NOTE",    "tip",     "Important",
                                        "WARNING", "caution", "summary"};
    for (int i = 0; i < 6; i++) {
        struct tp_result r;
        char *src = g_strdup_printf("> [!%s]\n> Body *text*.\n", names[i]);
        tp_parse(&r, src, NASHRA);
        struct nashra_node *c = r.doc->root->first_child;
        assert_int_equal(c->kind, NASHRA_NODE_CALLOUT);
        assert_int_equal(c->as.callout.type, (enum nashra_callout)i);
        assert_null(c->as.callout.title);
        ASSERT_POS(c->start, 1, 1);
        ASSERT_POS(c->end, 2, 14);
        assert_int_equal(c->first_child->kind, NASHRA_NODE_PARAGRAPH);
        ASSERT_POS(c->first_child->start, 2, 3);
        assert_string_equal(c->first_child->first_child->literal, "Body ");
        tp_free(&r);
        g_free(src);
    }
    struct tp_result r;
    tp_parse(&r, "---\nlang: ar\n---\n> [!note] What to \\*watch\\*\n>\n> Body.\n\n> [!tip]\n",
             NASHRA);
    struct nashra_node *c = r.doc->root->first_child;
    assert_int_equal(c->kind, NASHRA_NODE_CALLOUT);
    assert_string_equal(c->as.callout.title, "What to *watch*");
    assert_int_equal(c->first_child->kind, NASHRA_NODE_PARAGRAPH);
    ASSERT_POS(c->first_child->start, 6, 3);
    assert_null(c->next->first_child); /* marker only */
    char *html = html_of(&r);
    assert_non_null(strstr(html, "<div class=\"callout callout-note\">\n<p class=\"callout-title\">"
                                 "What to *watch*</p>\n<p>Body.</p>\n</div>"));
    assert_non_null(strstr(html, "<div class=\"callout callout-tip\">\n<p class=\"callout-title\">"
                                 "نصيحة</p>\n</div>"));
    g_free(html);
    tp_free(&r);

    /* plain quotes and near misses stay quotes */
    tp_parse(&r, "> plain\n\n> [!FOO] x\n\n> text [!NOTE]\n\n> [!NOTE]x\n", NASHRA);
    assert_int_equal(count_kind(r.doc->root, NASHRA_NODE_CALLOUT), 0);
    assert_int_equal(count_kind(r.doc->root, NASHRA_NODE_BLOCK_QUOTE), 4);
    tp_free(&r);
}

static void test_attribution(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "> Words.\n>\n> — Huda Ali\n\n"
             "> Words.\n>\n> --  Sam *W*\n\n"
             "> Words.\n>\n> ― هدى\n\n"
             "> — not last\n>\n> words\n\n"
             "> — alone\n\n"
             "> [!NOTE]\n> Words.\n>\n> — no, a callout\n",
             NASHRA);
    struct nashra_node *q = r.doc->root->first_child;
    struct nashra_node *a = q->last_child;
    assert_int_equal(a->kind, NASHRA_NODE_ATTRIBUTION);
    ASSERT_POS(a->start, 3, 5);
    ASSERT_POS(a->end, 3, 12);
    assert_string_equal(a->first_child->literal, "Huda Ali");
    a = q->next->last_child;
    assert_int_equal(a->kind, NASHRA_NODE_ATTRIBUTION);
    ASSERT_POS(a->start, 7, 7);
    assert_string_equal(a->first_child->literal, "Sam ");
    assert_int_equal(a->last_child->kind, NASHRA_NODE_EMPH);
    a = q->next->next->last_child;
    assert_int_equal(a->kind, NASHRA_NODE_ATTRIBUTION);
    assert_string_equal(a->first_child->literal, "هدى");
    ASSERT_POS(a->start, 11, 5);
    assert_int_equal(count_kind(r.doc->root, NASHRA_NODE_ATTRIBUTION), 3);
    char *html = html_of(&r);
    assert_non_null(strstr(html, "<blockquote>\n<p>Words.</p>\n<footer class=\"attribution\">— "
                                 "Huda Ali</footer>\n</blockquote>"));
    g_free(html);
    tp_free(&r);

    /* three hyphens are not a dash; a dash line without a blank line continues the text */
    tp_parse(&r, "> Words.\n>\n> --- b\n\n> Words.\n> — c\n", NASHRA);
    assert_int_equal(count_kind(r.doc->root, NASHRA_NODE_ATTRIBUTION), 0);
    tp_free(&r);
}

/* ---- figures and strikethrough ---- */

static void test_figures(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "![A *map*](map.svg \"The basin\")\n\n"
             "![x](y.png \"Cap\"){width=60%}\n\n"
             "Text ![i](i.png) inline.\n\n"
             "![x](y.png){width=1} tail\n",
             NASHRA);
    struct nashra_node *f = r.doc->root->first_child;
    assert_int_equal(f->kind, NASHRA_NODE_FIGURE);
    ASSERT_POS(f->start, 1, 1);
    ASSERT_POS(f->end, 1, 31);
    struct nashra_node *img = f->first_child;
    assert_int_equal(img->kind, NASHRA_NODE_IMAGE);
    assert_null(img->next);
    assert_string_equal(img->as.link.title, "The basin");
    assert_null(img->as.link.attrs);
    assert_int_equal(img->last_child->kind, NASHRA_NODE_EMPH);
    f = f->next;
    assert_int_equal(f->kind, NASHRA_NODE_FIGURE);
    assert_string_equal(f->first_child->as.link.attrs, "width=60%");
    assert_null(f->first_child->next);
    ASSERT_POS(f->first_child->end, 3, 28);
    assert_int_equal(f->next->kind, NASHRA_NODE_PARAGRAPH);
    assert_int_equal(f->next->next->kind, NASHRA_NODE_PARAGRAPH);
    char *html = html_of(&r);
    assert_non_null(strstr(html, "<figure>\n<img src=\"map.svg\" alt=\"A map\" />\n"
                                 "<figcaption>The basin</figcaption>\n</figure>\n"));
    assert_non_null(strstr(html, "style=\"width: 60%\""));
    g_free(html);
    tp_free(&r);
}

/* A figure's attributes are read once, at parse, into typed fields that layout, HTML and the
 * tree dump all use. */
static void test_figure_attributes(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "![a](a.png \"A\"){#fig:a width=62.5% credit=\"UN Water, 2024\" other=1}\n\n"
             "![b](b.png){width=8cm}\n\n"
             "![c](c.png){credit=Me width=120}\n\n"
             "![d](d.png){width=huge}\n",
             NASHRA);
    struct nashra_node *f = r.doc->root->first_child;
    assert_string_equal(f->as.figure.id, "fig:a");
    assert_int_equal(f->as.figure.width_unit, NASHRA_LENGTH_PERCENT);
    assert_true(f->as.figure.width == 62.5);
    assert_string_equal(f->as.figure.credit, "UN Water, 2024");
    f = f->next;
    assert_null(f->as.figure.id);
    assert_int_equal(f->as.figure.width_unit, NASHRA_LENGTH_CM);
    assert_true(f->as.figure.width == 8);
    assert_null(f->as.figure.credit);
    f = f->next;
    assert_int_equal(f->as.figure.width_unit, NASHRA_LENGTH_PX);
    assert_true(f->as.figure.width == 120);
    assert_string_equal(f->as.figure.credit, "Me");
    f = f->next;
    assert_int_equal(f->as.figure.width_unit, NASHRA_LENGTH_NONE);
    /* Each warning at its attribute: "other=1" (not read) and "width=huge". */
    assert_int_equal(r.diag.warnings, 2);
    assert_non_null(strstr(r.messages, "t.md:1:60: warning: figure attribute 'other' is not one"));
    assert_non_null(strstr(r.messages, "t.md:7:13: warning: figure width 'huge' not understood"));
    char *html = html_of(&r);
    assert_non_null(strstr(html, "style=\"width: 62.5%\""));
    assert_non_null(strstr(html, "style=\"width: 8cm\""));
    assert_non_null(strstr(html, "style=\"width: 120px\""));
    g_free(html);
    tp_free(&r);
}

/* {#id dir=… lang=…} after a heading, ATX or setext; any unknown token keeps the block text. */
static void test_heading_attributes(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "## Summary {#sum dir=ltr lang=en}\n\n"
             "## ملخص {dir=rtl}\n\n"
             "Title {lang=en-GB dir=auto}\n-----\n\n"
             "## Kept {#a b}\n\n"
             "## Also kept {dir=sideways}\n",
             NASHRA);
    struct nashra_node *h = r.doc->root->first_child;
    assert_string_equal(h->as.heading.id, "sum");
    assert_true(h->as.heading.dir_set);
    assert_int_equal(h->as.heading.dir, NASHRA_DIR_LTR);
    assert_string_equal(h->as.heading.lang, "en");
    assert_string_equal(h->first_child->literal, "Summary");
    h = h->next;
    assert_int_equal(h->as.heading.dir, NASHRA_DIR_RTL);
    assert_null(h->as.heading.lang);
    h = h->next;
    assert_true(h->as.heading.setext);
    assert_true(h->as.heading.dir_set);
    assert_int_equal(h->as.heading.dir, NASHRA_DIR_AUTO);
    assert_string_equal(h->as.heading.lang, "en-GB");
    assert_string_equal(h->first_child->literal, "Title");
    h = h->next;
    assert_false(h->as.heading.dir_set);
    assert_string_equal(h->first_child->literal, "Kept {#a b}");
    h = h->next;
    assert_false(h->as.heading.dir_set);
    assert_string_equal(h->first_child->literal, "Also kept {dir=sideways}");
    char *html = html_of(&r);
    assert_non_null(strstr(html, "lang=\"en\""));
    g_free(html);
    tp_free(&r);
}

/* [text]{lang=… dir=…} is a span; any other attribute, or a link, leaves the text as it was. */
static void test_spans(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "قال [the *deal* is done]{lang=en dir=ltr} هنا، [نص]{dir=auto} و[a]{class=x} "
             "و[l](u){lang=en}.\n",
             NASHRA);
    struct nashra_node *p = r.doc->root->first_child;
    assert_int_equal(count_kind(p, NASHRA_NODE_SPAN), 2);
    struct nashra_node *span = tp_find(p, NASHRA_NODE_SPAN, 0);
    assert_true(span->as.span.dir_set);
    assert_int_equal(span->as.span.dir, NASHRA_DIR_LTR);
    assert_string_equal(span->as.span.lang, "en");
    assert_int_equal(count_kind(span, NASHRA_NODE_EMPH), 1);
    ASSERT_POS(span->start, 1, 5);
    span = tp_find(p, NASHRA_NODE_SPAN, 1);
    assert_int_equal(span->as.span.dir, NASHRA_DIR_AUTO);
    assert_null(span->as.span.lang);
    assert_int_equal(count_kind(p, NASHRA_NODE_LINK), 1);
    char *html = html_of(&r);
    assert_non_null(strstr(html, "<span lang=\"en\" dir=\"ltr\">the <em>deal</em> is done</span>"));
    assert_non_null(strstr(html, "[a]{class=x}"));
    assert_non_null(strstr(html, "</a>{lang=en}"));
    g_free(html);
    tp_free(&r);
    /* CommonMark: no spans. */
    tp_parse(&r, "[a]{lang=en}\n", CM);
    assert_int_equal(count_kind(r.doc->root, NASHRA_NODE_SPAN), 0);
    tp_free(&r);
}

static void test_strikethrough(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r, "a ~~gone~~ b~~x~~c ~~~three~~~ ~one~ ~~ spaced ~~\n", NASHRA);
    struct nashra_node *root = r.doc->root;
    assert_int_equal(count_kind(root, NASHRA_NODE_STRIKETHROUGH), 2);
    struct nashra_node *s = tp_find(root, NASHRA_NODE_STRIKETHROUGH, 0);
    ASSERT_POS(s->start, 1, 3);
    ASSERT_POS(s->end, 1, 10);
    assert_string_equal(s->first_child->literal, "gone");
    char *html = html_of(&r);
    assert_string_equal(html, "<p>a <del>gone</del> b<del>x</del>c ~~~three~~~ ~one~ ~~ spaced "
                              "~~</p>\n");
    g_free(html);
    tp_free(&r);
}

/* ---- every extension is off under CommonMark ---- */

static void test_off_under_commonmark(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "Note[^1].\n\n[^1]: the note\n",
        "[@key, p. 12] [@a; @b]\n",
        "| a | b |\n| --- | --- |\n| c | d |\n",
        "> [!NOTE] Title\n> body\n",
        "> Words.\n>\n> — Someone\n",
        "![alt](map.svg \"Caption\"){width=60%}\n",
        "~~struck~~\n",
    };
    static const enum nashra_node_kind kinds[] = {
        NASHRA_NODE_FOOTNOTE_REF,  NASHRA_NODE_CITATION,    NASHRA_NODE_TABLE,
        NASHRA_NODE_CALLOUT,       NASHRA_NODE_ATTRIBUTION, NASHRA_NODE_FIGURE,
        NASHRA_NODE_STRIKETHROUGH,
    };
    static const char *const want[] = {
        "<p>Note[^1].</p>\n<p>[^1]: the note</p>\n",
        "<p>[@key, p. 12] [@a; @b]</p>\n",
        "<p>| a | b |\n| --- | --- |\n| c | d |</p>\n",
        "<blockquote>\n<p>[!NOTE] Title\nbody</p>\n</blockquote>\n",
        "<blockquote>\n<p>Words.</p>\n<p>— Someone</p>\n</blockquote>\n",
        "<p><img src=\"map.svg\" alt=\"alt\" title=\"Caption\" />{width=60%}</p>\n",
        "<p>~~struck~~</p>\n",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(inputs); i++) {
        struct tp_result r;
        tp_parse(&r, inputs[i], CM);
        assert_int_equal(count_kind(r.doc->root, kinds[i]), 0);
        assert_int_equal(r.diag.warnings, 0);
        char *html = html_of(&r);
        assert_string_equal(html, want[i]);
        g_free(html);
        tp_free(&r);
        tp_parse(&r, inputs[i], NASHRA);
        assert_true(count_kind(r.doc->root, kinds[i]) >= 1);
        tp_free(&r);
    }
}

/* ---- the tree dump names every new field ---- */

static void test_tree_dump(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "> [!WARNING] Mind\n> x[^n] [@k, p. 2] ~~y~~\n\n| a | b |\n|:-|-:|\n\n[^n]: note\n",
             NASHRA);
    GString *out = g_string_new(NULL);
    nashra_render_tree(r.doc, out);
    const char *want[] = {
        "callout [1:1-2:24] dir=ltr script=Latn type=warning title=\"Mind\"\n",
        "footnote_ref [2:4-2:7] label=\"n\" index=1\n",
        "cite_item [2:10-2:17] key=\"k\" locator=\"p. 2\"\n",
        "strikethrough [2:20-2:24]\n",
        "table [4:1-5:7] dir=ltr script=Latn columns=2 aligns=[left,right]\n",
        "table_row [4:1-4:9] dir=ltr script=Latn header\n",
        "table_cell [4:3-4:3] dir=ltr script=Latn column=0 align=left\n",
        "footnote_def [7:1-7:10] dir=ltr script=Latn label=\"n\" index=1\n",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        if (!strstr(out->str, want[i]))
            fail_msg("missing %s in:\n%s", want[i], out->str);
    g_string_free(out, TRUE);
    tp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_footnotes),
        cmocka_unit_test(test_footnote_warnings),
        cmocka_unit_test(test_footnote_nested_ref),
        cmocka_unit_test(test_citations),
        cmocka_unit_test(test_citation_keys),
        cmocka_unit_test(test_not_citations),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_table_edges),
        cmocka_unit_test(test_callouts),
        cmocka_unit_test(test_attribution),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_figure_attributes),
        cmocka_unit_test(test_heading_attributes),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_strikethrough),
        cmocka_unit_test(test_off_under_commonmark),
        cmocka_unit_test(test_tree_dump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
