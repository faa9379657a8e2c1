/* Test helpers for the parser tests: parse a string with diagnostics captured in memory, and
 * find the Nth node of a kind in document order. */
#ifndef NASHRA_TEST_PARSE_HELPERS_H
#define NASHRA_TEST_PARSE_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"
#include "resolve/resolve.h"

struct tp_result {
    struct nashra_doc *doc;
    struct nashra_diag diag;
    char *messages; /* everything the parser reported, malloc'ed */
    size_t messages_len;
};

/* Parses, then resolves unless PARSE_ONLY (the tree as the parser builds it). */
static inline void tp_parse_stages(struct tp_result *r, const char *src, size_t len,
                                   const struct nashra_parse_options *opts, bool parse_only)
{
    FILE *mem = open_memstream(&r->messages, &r->messages_len);
    nashra_diag_init(&r->diag, "t.md", src, len);
    r->diag.out = mem;
    r->doc = nashra_parse(src, len, opts, &r->diag);
    if (!parse_only)
        nashra_resolve(r->doc, &r->diag);
    fclose(mem);
}

static inline void tp_parse_opts(struct tp_result *r, const char *src, size_t len,
                                 const struct nashra_parse_options *opts)
{
    tp_parse_stages(r, src, len, opts, false);
}

static inline void tp_parse_len(struct tp_result *r, const char *src, size_t len,
                                enum nashra_syntax syntax)
{
    struct nashra_parse_options opts = {.syntax = syntax};
    tp_parse_opts(r, src, len, &opts);
}

static inline void tp_parse(struct tp_result *r, const char *src, enum nashra_syntax syntax)
{
    tp_parse_len(r, src, strlen(src), syntax);
}

static inline void tp_free(struct tp_result *r)
{
    nashra_doc_free(r->doc);
    free(r->messages);
}

static inline struct nashra_node *tp_find(struct nashra_node *root, enum nashra_node_kind kind,
                                          int nth)
{
    struct nashra_iter it;
    nashra_iter_init(&it, root);
    enum nashra_event ev;
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE)
        if (ev == NASHRA_EVENT_ENTER && it.cur->kind == kind && nth-- == 0)
            return it.cur;
    return NULL;
}

#endif
