/* Inline nodes to a PangoLayout's text and attribute list (byte ranges, never markup), with
 * code spans and bare URLs isolated (FSI…PDI) so neutrals around them keep their side. */
#include <string.h>

#include "layout/layout_int.h"
#include "util/l10n.h"
#include "util/url.h"

#define LAYOUT_FSI "\xE2\x81\xA8" /* U+2068 FIRST STRONG ISOLATE */
#define LAYOUT_PDI "\xE2\x81\xA9" /* U+2069 POP DIRECTIONAL ISOLATE */
#define LAYOUT_LSEP "\xE2\x80\xA8" /* U+2028 LINE SEPARATOR */
#define LAYOUT_LRI "\xE2\x81\xA6"  /* U+2066 LEFT-TO-RIGHT ISOLATE */
#define LAYOUT_RLI "\xE2\x81\xA7"  /* U+2067 RIGHT-TO-LEFT ISOLATE */

static void inline_insert(PangoAttrList *attrs, PangoAttribute *a, size_t start, size_t end)
{
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(attrs, a);
}

/* A link whose text is its own URL (an autolink) runs in the URL's direction. */
static bool inline_is_bare_url(const struct nashra_node *link)
{
    const struct nashra_node *c = link->first_child;
    if (!c || c->next || c->kind != NASHRA_NODE_TEXT || !c->literal || !link->as.link.url)
        return false;
    const char *url = link->as.link.url;
    if (strcmp(c->literal, url) == 0)
        return true;
    return g_str_has_prefix(url, "mailto:") && strcmp(c->literal, url + 7) == 0;
}

void layout_arabic_no_kern(const char *text, size_t len, PangoAttrList *attrs)
{
    size_t run = 0;
    bool in = false;
    for (const char *p = text; p < text + len; p = g_utf8_next_char(p)) {
        GUnicodeScript sc = g_unichar_get_script(g_utf8_get_char(p));
        if (sc == G_UNICODE_SCRIPT_ARABIC && !in) {
            run = (size_t)(p - text);
            in = true;
        } else if (in && sc != G_UNICODE_SCRIPT_ARABIC && sc != G_UNICODE_SCRIPT_COMMON &&
                   sc != G_UNICODE_SCRIPT_INHERITED) {
            inline_insert(attrs, pango_attr_font_features_new("kern 0"), run, (size_t)(p - text));
            in = false;
        }
    }
    if (in)
        inline_insert(attrs, pango_attr_font_features_new("kern 0"), run, len);
}

void layout_links_clear(GArray *links)
{
    for (guint i = 0; i < links->len; i++) {
        struct layout_link *l = &g_array_index(links, struct layout_link, i);
        g_free(l->uri);
        g_free(l->dest);
        g_free(l->anchor);
    }
    g_array_set_size(links, 0);
}

/* A footnote call: its number in the document's digits, raised and smaller, linking to the
 * note; the first call of each note is the destination the note links back to. */
static void inline_footnote_ref(struct layout_state *ls, const struct nashra_node *n, GString *text,
                                PangoAttrList *attrs, GArray *links)
{
    int index = n->as.footnote.index;
    size_t s = text->len;
    if (index > 0 && n->as.footnote.def) {
        char *num = layout_number(ls, index);
        g_string_append(text, num);
        g_free(num);
    } else {
        /* Unresolved: printed as written, unlinked. */
        g_string_append_printf(text, "[^%s]", n->as.footnote.label ? n->as.footnote.label : "");
        return;
    }
    inline_insert(attrs, pango_attr_scale_new(0.62), s, text->len);
    inline_insert(attrs, pango_attr_rise_new((int)(ls->size * 0.42 * PANGO_SCALE)), s, text->len);
    inline_insert(attrs, pango_attr_foreground_new(0x1000, 0x3a00, 0x8c00), s, text->len);
    struct layout_link l = {
        (int)s, (int)text->len, NULL, g_strdup_printf("fn-%d", index), n->start, NULL};
    char *anchor = g_strdup_printf("fnref-%d", index);
    if (!g_hash_table_contains(ls->dests, anchor)) {
        g_hash_table_add(ls->dests, g_strdup(anchor));
        l.anchor = anchor;
    } else {
        g_free(anchor);
    }
    g_array_append_val(links, l);
}

/* Digits of S in the document's digits. */
static void inline_append_digits(struct layout_state *ls, GString *text, const char *s)
{
    char *d = nashra_apply_digits(s, ls->digits);
    g_string_append(text, d);
    g_free(d);
}

/* One cited work until references exist: its key, then its locator ("p. 12" reads "ص ١٢" in
 * Arabic). Keys are isolated so a Latin key keeps its order in an Arabic citation. */
/* Whether every item of the citation N is a cross-reference: printed without brackets. */
static bool inline_citation_is_xref(const struct nashra_node *n)
{
    for (const struct nashra_node *c = n->first_child; c; c = c->next)
        if (c->kind == NASHRA_NODE_CITE_ITEM && !c->as.cite.xref)
            return false;
    return n->first_child != NULL;
}

/* A resolved item: the text the validation pass gave it ("Khatib 2023, 12", "Figure 2"),
 * linked to its reference entry or its target. */
static void inline_cite_resolved(struct layout_state *ls, const struct nashra_node *n,
                                 GString *text, GArray *links)
{
    bool ar = layout_arabic(ls);
    if (n->prev && n->prev->kind == NASHRA_NODE_CITE_ITEM)
        g_string_append(text, n->as.cite.xref && n->prev->as.cite.xref
                                  ? (ar ? "\u060C " : ", ")
                                  : (ar ? "\u061B " : "; "));
    size_t s = text->len;
    g_string_append(text, n->as.cite.text);
    if (n->as.cite.dest && text->len > s) {
        struct layout_link l = {(int)s, (int)text->len, NULL, g_strdup(n->as.cite.dest),
                                n->start, NULL};
        g_array_append_val(links, l);
    }
}

static void inline_cite_item(struct layout_state *ls, const struct nashra_node *n, GString *text)
{
    bool ar = layout_arabic(ls);
    if (n->prev && n->prev->kind == NASHRA_NODE_CITE_ITEM)
        g_string_append(text, ar ? "\u061B " : "; ");
    g_string_append(text, LAYOUT_FSI);
    g_string_append(text, n->as.cite.key ? n->as.cite.key : "");
    g_string_append(text, LAYOUT_PDI);
    const char *loc = n->as.cite.locator;
    if (!loc || !*loc)
        return;
    g_string_append(text, ar ? "\u060C " : ", ");
    if (ar) {
        static const char *const pfx[][2] = {
            {"pp.", "\u0635 \u0635"}, {"p.", "\u0635"}, {"ch.", "\u0641\u0635\u0644"}};
        for (size_t i = 0; i < G_N_ELEMENTS(pfx); i++)
            if (g_str_has_prefix(loc, pfx[i][0])) {
                g_string_append(text, pfx[i][1]);
                loc += strlen(pfx[i][0]);
                break;
            }
        inline_append_digits(ls, text, loc);
    } else {
        g_string_append(text, loc);
    }
}

void layout_inline_build(struct layout_state *ls, const struct nashra_node *block, GString *text,
                         PangoAttrList *attrs, GArray *links, const PangoFontDescription *mono)
{
    /* Start offsets of open containers, one per nesting level: heap, not C stack. */
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(size_t));
    struct nashra_iter it;
    nashra_iter_init(&it, (struct nashra_node *)block);
    enum nashra_event ev;
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        const struct nashra_node *n = it.cur;
        if (n == block)
            continue;
        if (ev == NASHRA_EVENT_ENTER) {
            switch (n->kind) {
            case NASHRA_NODE_TEXT:
                /* body-digits: the body's own numbers too, but not a bare URL's. */
                if (ls->doc->meta.body_digits && ls->digits != NASHRA_DIGITS_LATIN &&
                    n->literal && !(n->parent && n->parent->kind == NASHRA_NODE_LINK &&
                                    inline_is_bare_url(n->parent)))
                    inline_append_digits(ls, text, n->literal);
                else
                    g_string_append_len(text, n->literal ? n->literal : "",
                                        (gssize)n->literal_len);
                break;
            case NASHRA_NODE_SOFTBREAK:
                g_string_append_c(text, ' ');
                break;
            case NASHRA_NODE_LINEBREAK:
                g_string_append(text, LAYOUT_LSEP);
                break;
            case NASHRA_NODE_CODE: {
                g_string_append(text, LAYOUT_FSI);
                size_t s = text->len;
                g_string_append_len(text, n->literal ? n->literal : "", (gssize)n->literal_len);
                inline_insert(attrs, pango_attr_font_desc_new(mono), s, text->len);
                inline_insert(attrs, pango_attr_foreground_new(0x4000, 0x2000, 0x1800), s,
                              text->len);
                g_string_append(text, LAYOUT_PDI);
                break;
            }
            case NASHRA_NODE_FOOTNOTE_REF:
                inline_footnote_ref(ls, n, text, attrs, links);
                break;
            case NASHRA_NODE_CITE_ITEM:
                /* A styled citation writes its works itself; only cross-references remain. */
                if (n->parent && n->parent->kind == NASHRA_NODE_CITATION &&
                    n->parent->as.citation.styled && !n->as.cite.xref)
                    break;
                if (n->as.cite.text)
                    inline_cite_resolved(ls, n, text, links);
                else
                    inline_cite_item(ls, n, text);
                break;
            case NASHRA_NODE_SPAN: {
                /* Isolated, so the sentence's neutrals stay on their side: a span with a
                 * written direction in it, else in its own first strong letter's (FSI). */
                g_string_append(text, !n->as.span.dir_set || n->as.span.dir == NASHRA_DIR_AUTO
                                          ? LAYOUT_FSI
                                      : n->as.span.dir == NASHRA_DIR_RTL ? LAYOUT_RLI
                                                                         : LAYOUT_LRI);
                size_t s = text->len;
                g_array_append_val(starts, s);
                break;
            }
            case NASHRA_NODE_CITATION:
                /* Isolated in the document's direction: the brackets stay outside, the first
                 * work comes first in reading order, separators in the reader's script.
                 * Cross-references ("Figure 2") have no brackets. */
                if (inline_citation_is_xref(n) || n->as.citation.styled)
                    g_string_append(text, ls->rtl ? LAYOUT_RLI : LAYOUT_LRI);
                else
                    g_string_append(text, ls->rtl ? LAYOUT_RLI "(" : LAYOUT_LRI "(");
                /* fall through */
            case NASHRA_NODE_LINK:
                if (n->kind == NASHRA_NODE_LINK && inline_is_bare_url(n))
                    g_string_append(text, LAYOUT_FSI);
                /* fall through */
            case NASHRA_NODE_STRIKETHROUGH:
            case NASHRA_NODE_EMPH:
            case NASHRA_NODE_STRONG:
            case NASHRA_NODE_IMAGE: {
                size_t s = text->len;
                g_array_append_val(starts, s);
                break;
            }
            case NASHRA_NODE_HTML_INLINE:
                nashra_diag_report(ls->diag, NASHRA_WARNING, n->start.line, n->start.col,
                                   "raw HTML dropped in PDF output");
                break;
            default:
                break;
            }
        } else if (ev == NASHRA_EVENT_EXIT && starts->len > 0) {
            size_t s = g_array_index(starts, size_t, starts->len - 1);
            g_array_set_size(starts, starts->len - 1);
            switch (n->kind) {
            case NASHRA_NODE_EMPH:
                inline_insert(attrs, pango_attr_style_new(PANGO_STYLE_ITALIC), s, text->len);
                break;
            case NASHRA_NODE_STRONG:
                inline_insert(attrs, pango_attr_weight_new(PANGO_WEIGHT_BOLD), s, text->len);
                break;
            case NASHRA_NODE_STRIKETHROUGH:
                inline_insert(attrs, pango_attr_strikethrough_new(TRUE), s, text->len);
                break;
            case NASHRA_NODE_SPAN: {
                /* [اردو]{lang=ur} in an Arabic line: its letters alone would keep the line's
                 * faces. */
                enum nashra_font_script sc = nashra_font_script_of(n->lang, n->script);
                if (n->lang && sc != layout_block_script(ls)) {
                    enum nashra_font_role role =
                        block->kind == NASHRA_NODE_HEADING ? NASHRA_FONT_HEADING : NASHRA_FONT_BODY;
                    inline_insert(attrs,
                                  pango_attr_family_new(nashra_font_family(ls->st, role, sc)), s,
                                  text->len);
                }
                g_string_append(text, LAYOUT_PDI);
                break;
            }
            case NASHRA_NODE_CITATION:
                if (inline_citation_is_xref(n)) {
                    g_string_append(text, LAYOUT_PDI);
                    inline_insert(attrs, pango_attr_foreground_new(0x1000, 0x3a00, 0x8c00), s,
                                  text->len);
                    break;
                }
                g_string_append(text, n->as.citation.styled ? LAYOUT_PDI : ")" LAYOUT_PDI);
                /* From the opening bracket, one byte before the content. */
                size_t from = n->as.citation.styled ? s : s - 1;
                inline_insert(attrs, pango_attr_foreground_new(0x3800, 0x4400, 0x5600), from,
                              text->len);
                inline_insert(attrs, pango_attr_scale_new(0.92), from, text->len);
                break;
            case NASHRA_NODE_LINK: {
                if (n->as.link.anchor && !n->as.link.url) {
                    /* A reference entry: a destination where it starts, no link, no colour. */
                    /* Over its first character only, so the destination is put once. */
                    int e1 = s < text->len
                                 ? (int)(g_utf8_next_char(text->str + s) - text->str)
                                 : (int)s;
                    struct layout_link l = {(int)s, e1, NULL, NULL, n->start,
                                            g_strdup(n->as.link.anchor)};
                    if (l.start < l.end) {
                        g_hash_table_add(ls->dests, g_strdup(n->as.link.anchor));
                        g_array_append_val(links, l);
                    } else {
                        g_free(l.anchor);
                    }
                    break;
                }
                const char *url = n->as.link.url ? n->as.link.url : "";
                struct layout_link l = {(int)s, (int)text->len, NULL, NULL, n->start, NULL};
                if (url[0] && url[0] != '#' && !nashra_url_is_web(url)) {
                    /* A reader may open another scheme (file:, javascript:, a program to
                     * launch) without asking: plain text, as the PDF renderer also makes it. */
                    nashra_diag_report(ls->diag, NASHRA_WARNING, n->start.line, n->start.col,
                                       "link drawn as plain text: a PDF links only to http:, "
                                       "https: and mailto: URLs and to #ids");
                    if (inline_is_bare_url(n))
                        g_string_append(text, LAYOUT_PDI);
                    break;
                }
                inline_insert(attrs, pango_attr_foreground_new(0x1000, 0x3a00, 0x8c00), s,
                              text->len);
                if (url[0] == '#')
                    l.dest = g_strdup(url + 1);
                else if (url[0])
                    l.uri = g_strdup(url);
                if (l.start < l.end && (l.uri || l.dest))
                    g_array_append_val(links, l);
                else {
                    g_free(l.uri);
                    g_free(l.dest);
                }
                if (inline_is_bare_url(n))
                    g_string_append(text, LAYOUT_PDI);
                break;
            }
            default:
                break;
            }
        }
    }
    g_array_free(starts, TRUE);
    /* Pango would put hyphens inside broken Arabic words; never. */
    inline_insert(attrs, pango_attr_insert_hyphens_new(FALSE), 0, G_MAXUINT);
    layout_arabic_no_kern(text->str, text->len, attrs);
}
