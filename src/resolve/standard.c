/* What a PDF standard asks of the brief itself, checked on the resolved tree so that each
 * failure is an error at its source position, before anything is laid out or written. */
#include "resolve/resolve.h"

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (!g_ascii_isspace(*s))
            return false;
    return true;
}

/* PDF/UA-1 (ISO 14289-1 7.3): a figure is read by its alternative text, `![text](file)`. */
static void check_figures(struct nashra_node *root, struct nashra_diag *diag)
{
    struct nashra_iter it;
    nashra_iter_init(&it, root);
    for (enum nashra_event ev; (ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE;) {
        const struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER || n->kind != NASHRA_NODE_IMAGE || !n->parent ||
            n->parent->kind != NASHRA_NODE_FIGURE)
            continue;
        char *alt = nashra_node_plain_text(n);
        if (blank(alt))
            nashra_diag_report(diag, NASHRA_ERROR, n->start.line, n->start.col,
                               "figure '%s' has no alternative text, which PDF/UA-1 needs: "
                               "write it between the brackets, ![text](%s)",
                               n->as.link.url ? n->as.link.url : "",
                               n->as.link.url ? n->as.link.url : "");
        g_free(alt);
    }
}

/* PDF/UA-1 7.4.2: heading levels are not skipped, counting from the masthead's title (H1). */
static void check_headings(struct nashra_node *root, struct nashra_diag *diag)
{
    struct nashra_iter it;
    nashra_iter_init(&it, root);
    int prev = 1;
    for (enum nashra_event ev; (ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE;) {
        const struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER || n->kind != NASHRA_NODE_HEADING)
            continue;
        int level = CLAMP(n->as.heading.level, 1, 6);
        if (level > prev + 1)
            nashra_diag_report(diag, NASHRA_ERROR, n->start.line, n->start.col,
                               "heading of level %d after level %d: PDF/UA-1 does not let a "
                               "level be skipped (the title is level 1)", level, prev);
        prev = level;
    }
}

void nashra_resolve_check_standard(const struct nashra_doc *doc, struct nashra_pdf_standard standard,
                                   struct nashra_diag *diag)
{
    if (!standard.ua1)
        return;
    /* PDF/UA-1 7.1: the title is what the reader's window and a screen reader announce. */
    if (blank(doc->meta.title)) {
        const struct nashra_pos *at = g_hash_table_lookup(doc->meta.positions, "title");
        nashra_diag_report(diag, NASHRA_ERROR, at ? at->line : 1, at ? at->col : 1,
                           "the brief has no title (front matter 'title:'), which PDF/UA-1 "
                           "needs");
    }
    check_figures(doc->root, diag);
    check_headings(doc->root, diag);
}
