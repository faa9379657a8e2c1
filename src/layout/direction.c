/* Direction detection: a document's base direction from its front matter or body text, and a
 * string's direction from its first strong character (the UBA's rule P2, with isolates skipped). */
#include <string.h>

#include <fribidi.h>

#include "layout/layout.h"
#include "util/l10n.h"

/* What a scan has seen so far: the first strong letter, and whether any of each kind. */
struct dir_scan {
    enum nashra_dir first;
    bool l, r;
};

/* Scans TEXT into S; true once RULE's answer cannot change. Isolates are skipped, as in P2. */
static bool dir_scan(struct dir_scan *s, enum nashra_dir rule, const char *text, gssize len)
{
    const char *end = text + (len < 0 ? (gssize)strlen(text) : len);
    int isolate_depth = 0;
    for (const char *p = text; p < end; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char_validated(p, end - p);
        if (ch == (gunichar)-1 || ch == (gunichar)-2)
            break;
        FriBidiCharType t = fribidi_get_bidi_type(ch);
        if (t == FRIBIDI_TYPE_LRI || t == FRIBIDI_TYPE_RLI || t == FRIBIDI_TYPE_FSI) {
            isolate_depth++;
            continue;
        }
        if (t == FRIBIDI_TYPE_PDI) {
            if (isolate_depth > 0)
                isolate_depth--;
            continue;
        }
        if (isolate_depth > 0)
            continue;
        enum nashra_dir d = t == FRIBIDI_TYPE_LTR                          ? NASHRA_DIR_LTR
                            : t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL ? NASHRA_DIR_RTL
                                                                            : NASHRA_DIR_AUTO;
        if (d == NASHRA_DIR_AUTO)
            continue;
        if (s->first == NASHRA_DIR_AUTO)
            s->first = d;
        s->l |= d == NASHRA_DIR_LTR;
        s->r |= d == NASHRA_DIR_RTL;
        if (rule == NASHRA_DIR_AUTO || (rule == NASHRA_DIR_RTL ? s->r : s->l))
            return true;
    }
    return false;
}

enum nashra_dir nashra_text_direction(const char *text, gssize len)
{
    struct dir_scan s = {NASHRA_DIR_AUTO, false, false};
    if (text)
        dir_scan(&s, NASHRA_DIR_AUTO, text, len);
    return s.first;
}

/* Direction implied by a language tag; AUTO when there is no tag. */
static enum nashra_dir layout_lang_direction(const char *lang)
{
    if (!lang || !*lang)
        return NASHRA_DIR_AUTO;
    return nashra_lang_is_rtl(lang) ? NASHRA_DIR_RTL : NASHRA_DIR_LTR;
}

enum nashra_dir nashra_doc_direction(const struct nashra_doc *doc)
{
    if (!doc)
        return NASHRA_DIR_RTL;
    if (doc->meta.dir != NASHRA_DIR_AUTO)
        return doc->meta.dir;
    enum nashra_dir d = layout_lang_direction(doc->meta.lang);
    if (d != NASHRA_DIR_AUTO)
        return d;
    if (doc->root) {
        struct nashra_iter it;
        nashra_iter_init(&it, doc->root);
        enum nashra_event ev;
        while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
            const struct nashra_node *n = it.cur;
            if (ev != NASHRA_EVENT_ENTER)
                continue;
            if (n->kind == NASHRA_NODE_CODE_BLOCK || n->kind == NASHRA_NODE_HTML_BLOCK) {
                continue;
            }
            if (n->kind == NASHRA_NODE_TEXT && n->literal) {
                d = nashra_text_direction(n->literal, (gssize)n->literal_len);
                if (d != NASHRA_DIR_AUTO)
                    return d;
            }
        }
    }
    d = nashra_text_direction(doc->meta.title, -1);
    /* Nothing strong anywhere: nashra is Arabic-first. */
    return d != NASHRA_DIR_AUTO ? d : NASHRA_DIR_RTL;
}

enum nashra_dir nashra_block_rule(const struct nashra_doc *doc)
{
    if (doc && doc->meta.dir_auto)
        return NASHRA_DIR_AUTO;
    return nashra_doc_direction(doc);
}

static enum nashra_dir dir_scan_result(const struct dir_scan *s, enum nashra_dir rule,
                                       enum nashra_dir doc_dir)
{
    if (s->first == NASHRA_DIR_AUTO)
        return doc_dir == NASHRA_DIR_LTR ? NASHRA_DIR_LTR : NASHRA_DIR_RTL;
    if (rule == NASHRA_DIR_AUTO)
        return s->first;
    if (rule == NASHRA_DIR_LTR)
        return s->l ? NASHRA_DIR_LTR : NASHRA_DIR_RTL;
    return s->r ? NASHRA_DIR_RTL : NASHRA_DIR_LTR;
}

enum nashra_dir nashra_text_block_direction(enum nashra_dir rule, enum nashra_dir doc_dir,
                                            const char *text, gssize len)
{
    struct dir_scan s = {NASHRA_DIR_AUTO, false, false};
    if (text)
        dir_scan(&s, rule, text, len);
    return dir_scan_result(&s, rule, doc_dir);
}

bool nashra_node_written_dir(const struct nashra_node *node, enum nashra_dir *dir)
{
    if (node && node->kind == NASHRA_NODE_HEADING && node->as.heading.dir_set) {
        *dir = node->as.heading.dir;
        return true;
    }
    /* Iterative: divs nest as deep as the parser allows. */
    for (const struct nashra_node *n = node; n; n = n->parent) {
        if (n->kind == NASHRA_NODE_DIV && n->as.div.dir_set) {
            *dir = n->as.div.dir;
            return true;
        }
    }
    return false;
}

enum nashra_dir nashra_node_direction(enum nashra_dir rule, enum nashra_dir doc_dir,
                                      const struct nashra_node *node)
{
    struct dir_scan s = {NASHRA_DIR_AUTO, false, false};
    if (!node)
        return dir_scan_result(&s, rule, doc_dir);
    if (node->kind == NASHRA_NODE_CODE_BLOCK || node->kind == NASHRA_NODE_HTML_BLOCK)
        return NASHRA_DIR_LTR;
    /* A direction written for the block wins; dir=auto is the first strong letter. */
    enum nashra_dir written;
    if (nashra_node_written_dir(node, &written)) {
        if (written != NASHRA_DIR_AUTO)
            return written;
        rule = NASHRA_DIR_AUTO;
    }
    struct nashra_iter it;
    nashra_iter_init(&it, (struct nashra_node *)node);
    enum nashra_event ev;
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        const struct nashra_node *n = it.cur;
        if (ev == NASHRA_EVENT_ENTER && n->kind == NASHRA_NODE_TEXT && n->literal &&
            dir_scan(&s, rule, n->literal, (gssize)n->literal_len))
            break;
    }
    return dir_scan_result(&s, rule, doc_dir);
}
