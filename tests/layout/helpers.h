/* Helpers shared by the layout tests: documents built by hand (tree_build.h), laid out with the
 * default style or a template, and the LINE items of the pages found by their text. */
#ifndef NASHRA_TESTS_LAYOUT_HELPERS_H
#define NASHRA_TESTS_LAYOUT_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "resolve/resolve.h"
#include "template/template.h"

#include "../tree_build.h"

static inline void para(struct nashra_node *root, const char *s)
{
    text(add(root, NASHRA_NODE_PARAGRAPH), s);
}

struct result {
    struct nashra_pages *pages;
    struct nashra_style st;
    struct nashra_template *t; /* the template laid out with, or NULL */
    PangoContext *ctx;         /* a test's own context, unref'd with the result, or NULL */
    char *diag_text;           /* what the layout reported */
    int errors;
};

/* Lays DOC out with R->st, its diagnostics kept in R->diag_text. */
static inline void lay_out_style(struct result *r, struct nashra_doc *doc)
{
    size_t len = 0;
    FILE *mem = open_memstream(&r->diag_text, &len);
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t.md", NULL, 0);
    diag.out = mem;
    nashra_resolve(doc, &diag);
    r->pages = nashra_layout(doc, nashra_render_new_context, &r->st, &diag);
    fclose(mem);
    r->errors = diag.errors;
}

/* With the default style; figures are found in tests/data when the test is given its path. */
static inline struct result lay_out(struct nashra_doc *doc)
{
    struct result r = {0};
    nashra_template_default_style(&r.st);
#ifdef NASHRA_TEST_DATA
    r.st.base_dir = NASHRA_TEST_DATA;
#endif
    lay_out_style(&r, doc);
    return r;
}

/* With the built-in or file TEMPLATE and the brief's CITATION (or NULL); no error expected. */
static inline struct result lay_out_template(struct nashra_doc *doc, const char *template,
                                             const char *citation)
{
    struct result r = {0};
    struct nashra_diag diag;
    nashra_diag_init(&diag, "test", NULL, 0);
    diag.out = NULL;
    r.t = nashra_template_load(template, &diag);
    assert_non_null(r.t);
    nashra_template_apply(r.t, &r.st);
    r.st.citation = citation;
    lay_out_style(&r, doc);
    assert_non_null(r.pages);
    assert_int_equal(r.errors, 0);
    return r;
}

static inline void result_free(struct result *r)
{
    nashra_pages_free(r->pages);
    nashra_template_free(r->t);
    if (r->ctx)
        g_object_unref(r->ctx);
    free(r->diag_text);
}

/* The text of a LINE item (a copy: g_free). */
static inline char *line_text(const struct nashra_item *it)
{
    const char *all = pango_layout_get_text(it->line->layout);
    return g_strndup(all + it->line->start_index, (gsize)it->line->length);
}

/* The text of a LINE item's layout from the line's start on (borrowed). */
static inline const char *line_from(const struct nashra_item *it)
{
    return pango_layout_get_text(it->line->layout) + it->line->start_index;
}

/* The first LINE item on page P whose text starts with S, or NULL. */
static inline const struct nashra_item *find_line(const struct nashra_pages *pages, guint p,
                                                  const char *s)
{
    const struct nashra_page *pg = g_ptr_array_index(pages->pages, p);
    for (guint i = 0; i < pg->items->len; i++) {
        const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
        if (it->kind == NASHRA_ITEM_LINE && g_str_has_prefix(line_from(it), s))
            return it;
    }
    return NULL;
}

/* The first LINE on page P whose text contains S, or NULL. */
static inline const struct nashra_item *find_line_containing(const struct nashra_pages *pages,
                                                             guint p, const char *s)
{
    const struct nashra_page *pg = g_ptr_array_index(pages->pages, p);
    for (guint i = 0; i < pg->items->len; i++) {
        const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
        if (it->kind != NASHRA_ITEM_LINE)
            continue;
        char *t = line_text(it);
        bool hit = strstr(t, s) != NULL;
        g_free(t);
        if (hit)
            return it;
    }
    return NULL;
}

/* The page of the first LINE whose text starts with S (-1: none); *IT receives it. */
static inline int find_line_page(const struct nashra_pages *pages, const char *s,
                                 const struct nashra_item **it)
{
    for (guint p = 0; p < pages->pages->len; p++) {
        const struct nashra_item *x = find_line(pages, p, s);
        if (x) {
            if (it)
                *it = x;
            return (int)p;
        }
    }
    return -1;
}

/* The page of the first item of KIND (with destination DEST, when not NULL); -1: none. */
static inline int find_page(const struct nashra_pages *pages, enum nashra_item_kind kind,
                            const char *dest)
{
    for (guint p = 0; p < pages->pages->len; p++) {
        const struct nashra_page *pg = g_ptr_array_index(pages->pages, p);
        for (guint i = 0; i < pg->items->len; i++) {
            const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
            if (it->kind == kind && (!dest || (it->dest && strcmp(it->dest, dest) == 0)))
                return (int)p;
        }
    }
    return -1;
}

static inline int find_dest(const struct nashra_pages *pages, const char *dest)
{
    return find_page(pages, NASHRA_ITEM_DEST, dest);
}

#endif
