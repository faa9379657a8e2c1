/* Builds document trees by hand for layout and render tests: every new node gets the next
 * line number, so each has a position of its own. Reset tree_build_line between documents. */
#ifndef NASHRA_TESTS_TREE_BUILD_H
#define NASHRA_TESTS_TREE_BUILD_H

#include <string.h>

#include "doc/doc.h"

static int tree_build_line;

static inline struct nashra_node *add(struct nashra_node *parent, enum nashra_node_kind kind)
{
    struct nashra_node *n = nashra_node_new(kind, (struct nashra_pos){++tree_build_line, 1, 0});
    nashra_node_append_child(parent, n);
    return n;
}

static inline struct nashra_node *text_len(struct nashra_node *parent, const char *s, size_t len)
{
    struct nashra_node *n = add(parent, NASHRA_NODE_TEXT);
    nashra_node_set_literal(n, s, len);
    return n;
}

static inline struct nashra_node *text(struct nashra_node *parent, const char *s)
{
    return text_len(parent, s, strlen(s));
}

#endif
