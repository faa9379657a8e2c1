/* Direction detection: a document's base direction from its front matter or body text, and a
 * string's direction from its first strong character (the UBA's rule P2, with isolates skipped). */
#include <string.h>

#include <fribidi.h>

#include "layout/layout.h"

enum nashra_dir nashra_text_direction(const char *text, gssize len)
{
    if (!text)
        return NASHRA_DIR_AUTO;
    const char *end = text + (len < 0 ? (gssize)strlen(text) : len);
    int isolate_depth = 0;
    for (const char *p = text; p < end; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char_validated(p, end - p);
        if (ch == (gunichar)-1 || ch == (gunichar)-2)
            break;
        FriBidiCharType t = fribidi_get_bidi_type(ch);
        if (t == FRIBIDI_TYPE_LRI || t == FRIBIDI_TYPE_RLI || t == FRIBIDI_TYPE_FSI) {
            isolate_depth++;
        } else if (t == FRIBIDI_TYPE_PDI) {
            if (isolate_depth > 0)
                isolate_depth--;
        } else if (isolate_depth == 0) {
            if (t == FRIBIDI_TYPE_LTR)
                return NASHRA_DIR_LTR;
            if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL)
                return NASHRA_DIR_RTL;
        }
    }
    return NASHRA_DIR_AUTO;
}

/* Direction implied by a BCP 47 tag's primary language; AUTO when there is no tag. */
static enum nashra_dir layout_lang_direction(const char *lang)
{
    static const char *const rtl[] = {"ar", "fa", "ur", "he", "ps", "ku", "yi", "dv", "sd"};
    if (!lang || !*lang)
        return NASHRA_DIR_AUTO;
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < G_N_ELEMENTS(rtl); i++)
        if (n == strlen(rtl[i]) && g_ascii_strncasecmp(lang, rtl[i], n) == 0)
            return NASHRA_DIR_RTL;
    return NASHRA_DIR_LTR;
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
