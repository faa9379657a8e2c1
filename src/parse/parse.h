/* The parser: source text (front matter + Markdown-like body) to a document tree.
 * Two passes as CommonMark describes: block structure first, then inlines per leaf block. */
#ifndef NASHRA_PARSE_H
#define NASHRA_PARSE_H

#include <stddef.h>

#include "doc/doc.h"
#include "util/diag.h"
#include "util/files.h"

enum nashra_syntax {
    NASHRA_SYNTAX_NASHRA,     /* front matter and every extension */
    NASHRA_SYNTAX_COMMONMARK, /* plain CommonMark 0.31.2: no front matter, no extensions */
};

/* What the input is written in. */
enum nashra_from {
    NASHRA_FROM_MARKDOWN, /* front matter and a CommonMark body (the default) */
    NASHRA_FROM_TEXT,     /* an article as published in plain text (src/parse/text.c) */
};

struct nashra_parse_options {
    enum nashra_syntax syntax; /* markdown only; NASHRA_SYNTAX_COMMONMARK ignores all below */
    enum nashra_from from;
    /* -M overrides, each "key=value" (value read as YAML: a scalar or a flow list/mapping;
     * "key" alone means true), applied after the front matter and validated the same way;
     * diagnostics name "<command line>" with line N for the Nth argument. Borrowed. */
    const char *const *metadata;
    int n_metadata;
    /* A `bibliography:` file must lie inside it (after symlinks); NULL: anywhere. Borrowed. */
    const struct nashra_root *root;
};

/* A front matter or -M string (a title, a name, a keyword; not the summary, which is laid out
 * as a paragraph, nor a work of the references) is at most this many characters: the title
 * is set again in every running head, and a title is not a page long. */
#define NASHRA_META_MAX_CHARS 2000

/* A bibliography of 10,000 works is about 5 MB of CSL-JSON. */
#define NASHRA_BIBLIOGRAPHY_MAX_BYTES (20 * 1000 * 1000)
/* A .csl style file: the largest CSL styles Debian ships are under 200 kB. */
#define NASHRA_STYLE_MAX_BYTES (4 * 1024 * 1024)

/* Parses LEN bytes of SRC (need not be NUL-terminated, may hold NULs, invalid UTF-8 is
 * reported and replaced). Reports problems through DIAG. Always returns a document (possibly
 * partial on error); the caller checks nashra_diag_failed(). Free with nashra_doc_free. */
struct nashra_doc *nashra_parse(const char *src, size_t len,
                                const struct nashra_parse_options *opts, struct nashra_diag *diag);

#endif
