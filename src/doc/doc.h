/* The document tree: the only thing the parser produces and the only thing later stages read.
 * Renderer-neutral: nothing here knows Pango, Cairo or HTML. */
#ifndef NASHRA_DOC_H
#define NASHRA_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

enum nashra_node_kind {
    /* blocks */
    NASHRA_NODE_DOCUMENT,
    NASHRA_NODE_BLOCK_QUOTE,
    NASHRA_NODE_LIST,
    NASHRA_NODE_ITEM,
    NASHRA_NODE_CODE_BLOCK,
    NASHRA_NODE_HTML_BLOCK,
    NASHRA_NODE_PARAGRAPH,
    NASHRA_NODE_HEADING,
    NASHRA_NODE_THEMATIC_BREAK,
    /* inlines */
    NASHRA_NODE_TEXT,
    NASHRA_NODE_SOFTBREAK,
    NASHRA_NODE_LINEBREAK,
    NASHRA_NODE_CODE,
    NASHRA_NODE_HTML_INLINE,
    NASHRA_NODE_EMPH,
    NASHRA_NODE_STRONG,
    NASHRA_NODE_LINK,
    NASHRA_NODE_IMAGE,
    NASHRA_NODE_KIND_COUNT
};

enum nashra_list_type { NASHRA_LIST_BULLET, NASHRA_LIST_ORDERED };

enum nashra_dir { NASHRA_DIR_AUTO, NASHRA_DIR_RTL, NASHRA_DIR_LTR };

/* A source position: 1-based line, 1-based column counted in Unicode code points (so Arabic
 * columns match what an editor shows), and the 0-based byte offset. */
struct nashra_pos {
    int line;
    int col;
    size_t offset;
};

struct nashra_node {
    enum nashra_node_kind kind;
    struct nashra_node *parent, *first_child, *last_child, *prev, *next;
    struct nashra_pos start, end;
    /* TEXT, CODE, HTML_*, CODE_BLOCK content; NUL-terminated, owned by the node. */
    char *literal;
    size_t literal_len;
    union {
        struct {
            int level; /* 1..6 */
            bool setext;
            char *id; /* owned; may be NULL until ids are assigned */
        } heading;
        struct {
            enum nashra_list_type type;
            int start;      /* ordered lists */
            bool tight;
            char delim;     /* '.' or ')' */
            char bullet;    /* '-', '+', '*' */
        } list;
        struct {
            char *info; /* owned; NULL for indented code */
            bool fenced;
        } code;
        struct {
            char *url;   /* owned */
            char *title; /* owned; may be NULL */
        } link;
    } as;
};

/* Front matter. Strings are owned (g_free); lists are GPtrArrays of owned strings. */
struct nashra_meta {
    char *title;
    char *subtitle;
    GPtrArray *authors;
    char *date;
    char *source;
    char *source_url;
    char *lang;
    enum nashra_dir dir;
    GPtrArray *keywords;
};

struct nashra_doc {
    struct nashra_node *root; /* kind DOCUMENT */
    struct nashra_meta meta;
};

/* Allocates a detached node of KIND at START; free with nashra_node_free (or via its tree). */
struct nashra_node *nashra_node_new(enum nashra_node_kind kind, struct nashra_pos start);
/* Frees NODE and its whole subtree, iteratively; unlinks it from its parent first. */
void nashra_node_free(struct nashra_node *node);
void nashra_node_append_child(struct nashra_node *parent, struct nashra_node *child);
void nashra_node_prepend_child(struct nashra_node *parent, struct nashra_node *child);
void nashra_node_insert_after(struct nashra_node *sibling, struct nashra_node *node);
void nashra_node_insert_before(struct nashra_node *sibling, struct nashra_node *node);
void nashra_node_unlink(struct nashra_node *node);
/* Replaces NODE's literal with a copy of LEN bytes of S. */
void nashra_node_set_literal(struct nashra_node *node, const char *s, size_t len);
bool nashra_node_is_block(const struct nashra_node *node);
/* Stable lower-case name used by --to tree ("paragraph", "heading", ...). */
const char *nashra_node_kind_name(enum nashra_node_kind kind);
/* Concatenated text content of NODE's subtree (text, code, breaks as spaces); g_free it. */
char *nashra_node_plain_text(const struct nashra_node *node);

/* cmark-style walk: every node is entered, and nodes that can have children are exited too.
 * No recursion, so input nesting never grows the C stack. */
enum nashra_event { NASHRA_EVENT_NONE, NASHRA_EVENT_ENTER, NASHRA_EVENT_EXIT };
struct nashra_iter {
    struct nashra_node *root;
    struct nashra_node *cur;
    enum nashra_event ev;
};
void nashra_iter_init(struct nashra_iter *it, struct nashra_node *root);
/* Advances; returns NASHRA_EVENT_NONE when the walk is over. */
enum nashra_event nashra_iter_next(struct nashra_iter *it);
/* After an ENTER event, skips NODE's children: the next event is its EXIT. */
void nashra_iter_skip_children(struct nashra_iter *it);

struct nashra_doc *nashra_doc_new(void);
void nashra_doc_free(struct nashra_doc *doc);
void nashra_meta_clear(struct nashra_meta *meta);

/* Whether a node kind can hold children (and so gets an EXIT event). */
bool nashra_node_kind_is_container(enum nashra_node_kind kind);

#endif
