/* Helpers for the citation tests: a brief parsed and resolved (its citations written by the CSL
 * processor), and what the resolve stage wrote, read back as plain text: each in-text citation,
 * each note, each reference-list entry, and the titles set in italics. */
#ifndef NASHRA_TEST_CITE_HELPERS_H
#define NASHRA_TEST_CITE_HELPERS_H

#include <stdio.h>
#include <string.h>

#include "cite/cite.h"
#include "parse/parse.h"
#include "resolve/resolve.h"

/* SRC parsed and resolved; fails the test on any error or warning. */
static inline struct nashra_doc *ch_doc(const char *src)
{
    char *messages = NULL;
    size_t messages_len = 0;
    FILE *mem = open_memstream(&messages, &messages_len);
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t.md", src, strlen(src));
    diag.out = mem;
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA};
    struct nashra_doc *doc = nashra_parse(src, strlen(src), &opts, &diag);
    nashra_resolve(doc, &diag);
    fclose(mem);
    if (diag.errors + diag.warnings)
        fprintf(stderr, "%s", messages);
    free(messages);
    assert_int_equal(diag.errors + diag.warnings, 0);
    return doc;
}

/* The text of N and everything under it; EMPH's text inside ITALIC_OPEN … ITALIC_CLOSE (NULL:
 * nothing marks it). */
static inline void ch_text_of(GString *out, const struct nashra_node *n, const char *italic_open,
                              const char *italic_close)
{
    if (n->kind == NASHRA_NODE_TEXT && n->literal)
        g_string_append_len(out, n->literal, (gssize)n->literal_len);
    if (n->kind == NASHRA_NODE_EMPH && italic_open)
        g_string_append(out, italic_open);
    for (const struct nashra_node *c = n->first_child; c; c = c->next)
        ch_text_of(out, c, italic_open, italic_close);
    if (n->kind == NASHRA_NODE_EMPH && italic_close)
        g_string_append(out, italic_close);
}

/* What the resolve stage wrote, in document order, each a string (g_free):
 * CH_CITATIONS the in-text citations (a styled CITATION's children after its works),
 * CH_NOTES the notes (FOOTNOTE_DEF), CH_ENTRIES the reference-list entries (a paragraph
 * holding a LINK anchored at "ref-…"). With ITALIC, EMPH text is written _like this_. */
enum ch_what { CH_CITATIONS, CH_NOTES, CH_ENTRIES };

static inline GPtrArray *ch_collect(const struct nashra_doc *doc, enum ch_what what, bool italic)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    const char *o = italic ? "_" : NULL, *c = italic ? "_" : NULL;
    struct nashra_iter it;
    enum nashra_event ev;
    nashra_iter_init(&it, doc->root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        const struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER)
            continue;
        GString *s = NULL;
        if (what == CH_CITATIONS && n->kind == NASHRA_NODE_CITATION && n->as.citation.styled) {
            s = g_string_new(NULL);
            for (const struct nashra_node *k = n->first_child; k; k = k->next)
                if (k->kind != NASHRA_NODE_CITE_ITEM)
                    ch_text_of(s, k, o, c);
        } else if (what == CH_NOTES && n->kind == NASHRA_NODE_FOOTNOTE_DEF) {
            s = g_string_new(NULL);
            ch_text_of(s, n, o, c);
        } else if (what == CH_ENTRIES && n->kind == NASHRA_NODE_PARAGRAPH && n->first_child &&
                   n->first_child->kind == NASHRA_NODE_LINK && n->first_child->as.link.anchor &&
                   g_str_has_prefix(n->first_child->as.link.anchor, "ref-")) {
            s = g_string_new(NULL);
            ch_text_of(s, n, o, c);
        }
        if (s)
            g_ptr_array_add(out, g_string_free(s, FALSE));
    }
    return out;
}

/* The strings of ch_collect joined by " | ". g_free. */
static inline char *ch_joined(const struct nashra_doc *doc, enum ch_what what, bool italic)
{
    GPtrArray *a = ch_collect(doc, what, italic);
    g_ptr_array_add(a, NULL);
    char *s = g_strjoinv(" | ", (char **)a->pdata);
    g_ptr_array_unref(a);
    return s;
}

/* Asserts GOT (g_free'd here) is WANT, printing both when not. */
static inline void ch_check(char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fprintf(stderr, "want: %s\ngot:  %s\n", want, got);
    assert_string_equal(got, want);
    g_free(got);
}

/* SRC resolved, then WHAT of it checked against WANT (joined by " | "). */
static inline void ch_expect(const char *src, enum ch_what what, bool italic, const char *want)
{
    struct nashra_doc *doc = ch_doc(src);
    ch_check(ch_joined(doc, what, italic), want);
    nashra_doc_free(doc);
}

#endif
