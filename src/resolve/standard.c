/* What a PDF standard asks of the brief itself, checked on the resolved tree so that each
 * failure is an error at its source position, before anything is laid out or written. */
#include <string.h>

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

/* ISO 19005-2 6.1.13: no string in the file over 32,767 bytes. What of the body becomes one:
 * a link's address (percent-encoded for the annotation), a heading's text (its outline entry,
 * UTF-16) and id (its destination), a figure's alternative text (UTF-16). */
#define PDFA_MAX_STRING 32767

static size_t utf16_bytes(const char *s)
{
    size_t n = 2; /* the byte order mark */
    for (const char *p = s; p && *p; p = g_utf8_next_char(p))
        n += g_utf8_get_char(p) > 0xFFFF ? 4 : 2;
    return n;
}

static size_t uri_bytes(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
        n += *p <= 0x20 || *p >= 0x7f ? 3 : 1; /* as render/pdf.c encodes it */
    return n;
}

static void check_strings(struct nashra_node *root, struct nashra_diag *diag)
{
    struct nashra_iter it;
    nashra_iter_init(&it, root);
    for (enum nashra_event ev; (ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE;) {
        const struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER)
            continue;
        const char *what = NULL;
        size_t len = 0;
        char *text = NULL;
        if (n->kind == NASHRA_NODE_LINK) {
            what = "link address";
            len = uri_bytes(n->as.link.url);
        } else if (n->kind == NASHRA_NODE_HEADING) {
            text = nashra_node_plain_text(n);
            what = "heading";
            len = utf16_bytes(text);
            if (n->as.heading.id && strlen(n->as.heading.id) > len) {
                what = "heading id";
                len = strlen(n->as.heading.id);
            }
        } else if (n->kind == NASHRA_NODE_IMAGE && n->parent &&
                   n->parent->kind == NASHRA_NODE_FIGURE) {
            text = nashra_node_plain_text(n);
            what = "figure's alternative text";
            len = utf16_bytes(text);
        }
        g_free(text);
        if (len > PDFA_MAX_STRING)
            nashra_diag_report(diag, NASHRA_ERROR, n->start.line, n->start.col,
                               "%s is %zu bytes long in the PDF; a PDF/A file holds strings of "
                               "at most %d bytes", what, len, PDFA_MAX_STRING);
    }
}

void nashra_resolve_check_standard(const struct nashra_doc *doc, struct nashra_pdf_standard standard,
                                   struct nashra_diag *diag)
{
    if (standard.pdfa)
        check_strings(doc->root, diag);
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
