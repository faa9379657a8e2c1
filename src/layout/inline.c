/* Inline nodes to a PangoLayout's text and attribute list (byte ranges, never markup), with
 * code spans and bare URLs isolated (FSI…PDI) so neutrals around them keep their side. */
#include <string.h>

#include "layout/layout_int.h"

#define LAYOUT_FSI "\xE2\x81\xA8" /* U+2068 FIRST STRONG ISOLATE */
#define LAYOUT_PDI "\xE2\x81\xA9" /* U+2069 POP DIRECTIONAL ISOLATE */
#define LAYOUT_LSEP "\xE2\x80\xA8" /* U+2028 LINE SEPARATOR */

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
    }
    g_array_set_size(links, 0);
}

void layout_inline_build(struct layout_state *ls, const struct nashra_node *block, GString *text,
                         PangoAttrList *attrs, GArray *links, const PangoFontDescription *mono)
{
    (void)ls;
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
                g_string_append_len(text, n->literal ? n->literal : "", (gssize)n->literal_len);
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
            case NASHRA_NODE_LINK:
                if (inline_is_bare_url(n))
                    g_string_append(text, LAYOUT_FSI);
                /* fall through */
            case NASHRA_NODE_EMPH:
            case NASHRA_NODE_STRONG:
            case NASHRA_NODE_IMAGE: {
                size_t s = text->len;
                g_array_append_val(starts, s);
                break;
            }
            default: /* raw HTML inline: dropped */
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
            case NASHRA_NODE_LINK: {
                inline_insert(attrs, pango_attr_foreground_new(0x1000, 0x3a00, 0x8c00), s,
                              text->len);
                const char *url = n->as.link.url ? n->as.link.url : "";
                struct layout_link l = {(int)s, (int)text->len, NULL, NULL, n->start.line};
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
