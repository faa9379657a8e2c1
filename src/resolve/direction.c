/* Direction and language, decided once: the document's base direction, the rule its blocks
 * follow, the language its labels are written in and the digits of its numbers; then each
 * block's direction, language and script. Layout and HTML only read the answers. */
#include <string.h>

#include <fribidi.h>

#include "resolve/resolve_int.h"
#include "util/l10n.h"

/* What a scan has seen so far: the first strong letter, whether any of each kind, and the
 * script of the first letter and of the first right-to-left one. */
struct dir_scan {
    enum nashra_dir first;
    bool l, r;
    GUnicodeScript script, rtl_script;
};

#define DIR_SCAN_INIT {NASHRA_DIR_AUTO, false, false, G_UNICODE_SCRIPT_COMMON, G_UNICODE_SCRIPT_COMMON}
/* A rule for dir_scan that reads on until nothing more can be learnt. */
#define DIR_SCAN_ALL ((enum nashra_dir)-1)

/* Scans TEXT into S; true once RULE's answer cannot change (and the scripts are known).
 * Isolates are skipped, as in the UBA's rule P2. */
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
        if (s->first == NASHRA_DIR_AUTO) {
            s->first = d;
            s->script = g_unichar_get_script(ch);
        }
        if (d == NASHRA_DIR_RTL && !s->r)
            s->rtl_script = g_unichar_get_script(ch);
        s->l |= d == NASHRA_DIR_LTR;
        s->r |= d == NASHRA_DIR_RTL;
        if (rule == DIR_SCAN_ALL ? s->l && s->r
                                 : rule == NASHRA_DIR_AUTO || (rule == NASHRA_DIR_RTL ? s->r : s->l))
            return true;
    }
    return false;
}

enum nashra_dir nashra_text_direction(const char *text, gssize len)
{
    struct dir_scan s = DIR_SCAN_INIT;
    if (text)
        dir_scan(&s, NASHRA_DIR_AUTO, text, len);
    return s.first;
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
    struct dir_scan s = DIR_SCAN_INIT;
    if (text)
        dir_scan(&s, rule, text, len);
    return dir_scan_result(&s, rule, doc_dir);
}

/* Scans the text of NODE's subtree into S under RULE, skipping SKIP(n) subtrees (NULL: none)
 * below NODE. */
static void dir_scan_node(struct dir_scan *s, enum nashra_dir rule, const struct nashra_node *node,
                          bool (*skip)(const struct nashra_node *))
{
    struct nashra_iter it;
    nashra_iter_init(&it, (struct nashra_node *)node);
    enum nashra_event ev;
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        const struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER)
            continue;
        if (n != node && skip && skip(n)) {
            nashra_iter_skip_children(&it);
            continue;
        }
        if (n->kind == NASHRA_NODE_TEXT && n->literal &&
            dir_scan(s, rule, n->literal, (gssize)n->literal_len))
            break;
    }
}

static bool dir_is_code(const struct nashra_node *n)
{
    return n->kind == NASHRA_NODE_CODE_BLOCK || n->kind == NASHRA_NODE_HTML_BLOCK;
}

/* The direction the front matter gives, else that of `lang`, else the body's first strong
 * letter (code left out), else that of the title, subtitle, source, series or authors;
 * nashra is Arabic-first when nothing is strong. */
static enum nashra_dir resolve_doc_dir(const struct nashra_doc *doc, struct dir_scan *body)
{
    const struct nashra_meta *m = &doc->meta;
    dir_scan_node(body, NASHRA_DIR_AUTO, doc->root, dir_is_code);
    if (m->dir != NASHRA_DIR_AUTO)
        return m->dir;
    if (m->lang && *m->lang)
        return nashra_lang_is_rtl(m->lang) ? NASHRA_DIR_RTL : NASHRA_DIR_LTR;
    if (body->first != NASHRA_DIR_AUTO)
        return body->first;
    const char *said[] = {m->title, m->subtitle, m->source, m->series};
    for (size_t i = 0; i < G_N_ELEMENTS(said); i++) {
        enum nashra_dir d = nashra_text_direction(said[i], -1);
        if (d != NASHRA_DIR_AUTO)
            return d;
    }
    for (guint i = 0; m->authors && i < m->authors->len; i++) {
        enum nashra_dir d = nashra_text_direction(g_ptr_array_index(m->authors, i), -1);
        if (d != NASHRA_DIR_AUTO)
            return d;
    }
    return NASHRA_DIR_RTL;
}

void resolve_doc_facts(struct nashra_doc *doc)
{
    struct nashra_meta *m = &doc->meta;
    struct dir_scan body = DIR_SCAN_INIT;
    m->resolved.dir = resolve_doc_dir(doc, &body);
    m->resolved.block_rule = m->dir_auto ? NASHRA_DIR_AUTO : m->resolved.dir;
    /* Labels in the language written; else in that of the body's script, so an English title
     * over an Arabic body still gets Arabic labels, notes and references. */
    const char *lang = m->lang && *m->lang ? m->lang : NULL;
    if (!lang && m->resolved.dir == NASHRA_DIR_RTL) {
        if (!body.r)
            dir_scan(&body, NASHRA_DIR_RTL, m->title ? m->title : "", -1);
        lang = body.rtl_script == G_UNICODE_SCRIPT_HEBREW ? "he" : "ar";
    }
    m->resolved.lang = g_intern_string(lang ? lang : "en");
    m->resolved.digits = nashra_resolve_digits(m->resolved.lang, m->digits);
}

/* S2 after S1 in reading order, into S1. */
static void dir_merge(struct dir_scan *s1, const struct dir_scan *s2)
{
    if (s1->first == NASHRA_DIR_AUTO) {
        s1->first = s2->first;
        s1->script = s2->script;
    }
    if (!s1->r && s2->r)
        s1->rtl_script = s2->rtl_script;
    s1->l |= s2->l;
    s1->r |= s2->r;
}

/* An open block: what encloses its contents (a direction written for it or an ancestor, AUTO
 * when none; the rule; the language) and what its text has shown so far. */
struct dir_frame {
    struct nashra_node *node;
    enum nashra_dir forced;
    enum nashra_dir rule;
    const char *lang;
    struct dir_scan seen;
};

static bool dir_is_directed(enum nashra_node_kind k)
{
    return k < NASHRA_NODE_TEXT || k == NASHRA_NODE_SPAN;
}

/* One walk, no recursion: a block's text is summed up when it closes (in time linear in the
 * document, whatever its nesting), and decided under what encloses it. */
void resolve_directions(struct nashra_doc *doc)
{
    const struct nashra_meta *m = &doc->meta;
    enum nashra_dir doc_dir = m->resolved.dir;
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(struct dir_frame));
    struct dir_frame top = {NULL, NASHRA_DIR_AUTO, m->resolved.block_rule, m->resolved.lang,
                            DIR_SCAN_INIT};
    struct dir_frame leaf;
    struct nashra_iter it;
    nashra_iter_init(&it, doc->root);
    enum nashra_event ev;
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = it.cur;
        struct dir_frame *f =
            stack->len ? &g_array_index(stack, struct dir_frame, stack->len - 1) : &top;
        /* Only TEXT is prose: a code span or raw HTML is a leaf of its own, never scanned. */
        if (n->kind == NASHRA_NODE_TEXT) {
            if (n->literal)
                dir_scan(&f->seen, DIR_SCAN_ALL, n->literal, (gssize)n->literal_len);
            continue;
        }
        if (!dir_is_directed(n->kind))
            continue;
        if (ev == NASHRA_EVENT_ENTER) {
            struct dir_frame mine = {n, f->forced, f->rule, f->lang, DIR_SCAN_INIT};
            /* A direction and language written on the block win, for it and what it holds. */
            bool dir_set = false;
            enum nashra_dir written = NASHRA_DIR_AUTO;
            const char *lang = NULL;
            if (n->kind == NASHRA_NODE_HEADING) {
                dir_set = n->as.heading.dir_set;
                written = n->as.heading.dir;
                lang = n->as.heading.lang;
            } else if (n->kind == NASHRA_NODE_DIV) {
                dir_set = n->as.div.dir_set;
                written = n->as.div.dir;
                lang = n->as.div.lang;
            } else if (n->kind == NASHRA_NODE_SPAN) {
                dir_set = n->as.span.dir_set;
                written = n->as.span.dir;
                lang = n->as.span.lang;
            }
            if (lang && *lang)
                mine.lang = g_intern_string(lang);
            if (dir_set) {
                mine.forced = written;
                /* dir=auto: the first strong letter decides, here and inside. */
                if (written == NASHRA_DIR_AUTO)
                    mine.rule = NASHRA_DIR_AUTO;
            } else if (n->kind == NASHRA_NODE_SPAN) {
                mine.forced = NASHRA_DIR_AUTO; /* an isolate: its own first strong letter */
                mine.rule = NASHRA_DIR_AUTO;
            }
            n->lang = mine.lang;
            if (nashra_node_kind_is_container(n->kind)) {
                g_array_append_val(stack, mine);
                continue;
            }
            /* A leaf block (code, raw HTML, a rule) holds no TEXT: decide it now. */
            leaf = mine;
            f = &leaf;
        } else if (f->node != n) {
            continue;
        }
        n->dir = dir_is_code(n)                ? NASHRA_DIR_LTR
                 : f->forced != NASHRA_DIR_AUTO ? f->forced
                                                : dir_scan_result(&f->seen, f->rule, doc_dir);
        n->script = f->seen.script;
        if (f != &top && f->node == n && ev == NASHRA_EVENT_EXIT) {
            struct dir_scan seen = f->seen;
            g_array_set_size(stack, stack->len - 1);
            /* A span is an isolate: its letters do not decide the block around it. */
            if (n->kind != NASHRA_NODE_SPAN)
                dir_merge(stack->len ? &g_array_index(stack, struct dir_frame, stack->len - 1).seen
                                     : &top.seen,
                          &seen);
        }
    }
    g_array_unref(stack);
}
