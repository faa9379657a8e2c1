/* HTML output straight from the tree: the fragment is byte-for-byte the CommonMark reference
 * renderer's form; the standalone form wraps it in a document with lang, dir and a header. */
#include "render/render.h"

#include <string.h>

#include <fribidi.h>

#include "cite/cite.h"
#include "util/l10n.h"
#include "util/url.h"

static void html_escape(GString *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != '&' && s[j] != '<' && s[j] != '>' && s[j] != '"')
            j++;
        g_string_append_len(out, s + i, (gssize)(j - i));
        if (j >= len)
            break;
        switch (s[j]) {
        case '&': g_string_append(out, "&amp;"); break;
        case '<': g_string_append(out, "&lt;"); break;
        case '>': g_string_append(out, "&gt;"); break;
        default: g_string_append(out, "&quot;"); break;
        }
        i = j + 1;
    }
}

static void html_escape_str(GString *out, const char *s)
{
    if (s)
        html_escape(out, s, strlen(s));
}

/* Percent-encodes what may not appear in an attribute URL, keeping existing escapes. */
static void html_escape_href(GString *out, const char *s)
{
    static const char safe[] = "-_.+!*(),%#@?=;:/$~";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (g_ascii_isalnum(c) || (c < 0x80 && strchr(safe, c)))
            g_string_append_c(out, (char)c);
        else if (c == '&')
            g_string_append(out, "&amp;");
        else if (c == '\'')
            g_string_append(out, "&#x27;");
        else
            g_string_append_printf(out, "%%%02X", c);
    }
}

/* A link's or image's URL: empty when dangerous, unless UNSAFE (as cmark renders it). */
static void html_url(GString *out, const char *url, bool unsafe)
{
    if (url && (unsafe || !nashra_url_is_dangerous(url)))
        html_escape_href(out, url);
}

static void html_cr(GString *out)
{
    if (out->len && out->str[out->len - 1] != '\n')
        g_string_append_c(out, '\n');
}

static bool html_in_tight_list(const struct nashra_node *n)
{
    const struct nashra_node *gp = n->parent ? n->parent->parent : NULL;
    return gp && gp->kind == NASHRA_NODE_LIST && gp->as.list.tight;
}

/* Image alt text: only the text of the descendants, as the reference renderer does. */
static void html_alt(GString *out, struct nashra_iter *it)
{
    struct nashra_node *img = it->cur;
    enum nashra_event ev;
    while ((ev = nashra_iter_next(it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = it->cur;
        if (n == img && ev == NASHRA_EVENT_EXIT)
            return;
        if (ev != NASHRA_EVENT_ENTER)
            continue;
        switch (n->kind) {
        case NASHRA_NODE_TEXT:
        case NASHRA_NODE_CODE:
        case NASHRA_NODE_HTML_INLINE: html_escape(out, n->literal, n->literal_len); break;
        case NASHRA_NODE_SOFTBREAK:
        case NASHRA_NODE_LINEBREAK: g_string_append_c(out, ' '); break;
        default: break;
        }
    }
}

/* A callout's default title, in the language of the PDF's labels (util/l10n.c). */
static const char *html_callout_title(const struct nashra_doc *doc, enum nashra_callout type)
{
    if ((unsigned)type > NASHRA_CALLOUT_SUMMARY)
        type = NASHRA_CALLOUT_NOTE;
    return nashra_text(doc->meta.resolved.lang, NASHRA_TEXT_CALLOUT_NOTE + (int)type);
}

static const char *const html_callout_class[] = {"note", "tip", "important", "warning", "caution",
                                                 "summary"};

static void html_align(GString *out, enum nashra_align a)
{
    static const char *const names[] = {NULL, "left", "center", "right"};
    if (a > NASHRA_ALIGN_NONE && a <= NASHRA_ALIGN_RIGHT)
        g_string_append_printf(out, " style=\"text-align: %s\"", names[a]);
}

/* A citation's CITE_ITEM children (leaves) as "(a, p. 3; b)". */
static void html_citation(GString *out, const struct nashra_node *n, const char *lang)
{
    g_string_append(out, "<span class=\"citation\" data-cites=\"");
    for (const struct nashra_node *c = n->first_child; c; c = c->next) {
        if (c != n->first_child)
            g_string_append_c(out, ' ');
        html_escape_str(out, c->as.cite.key);
    }
    g_string_append(out, "\">");
    /* Resolved by the validation pass: each item's text, linked to its entry or target;
     * cross-references without brackets. */
    bool resolved = n->first_child && n->first_child->as.cite.text, xref = resolved;
    for (const struct nashra_node *c = n->first_child; c; c = c->next)
        xref = xref && c->as.cite.xref;
    if (resolved) {
        bool ar = nashra_lang_is_rtl(lang);
        if (!xref)
            g_string_append_c(out, '(');
        for (const struct nashra_node *c = n->first_child; c; c = c->next) {
            if (c != n->first_child)
                g_string_append(out, xref && c->prev->as.cite.xref ? (ar ? "\u060C " : ", ")
                                                                    : (ar ? "\u061B " : "; "));
            if (c->as.cite.dest) {
                g_string_append(out, "<a href=\"#");
                html_escape_str(out, c->as.cite.dest);
                g_string_append(out, "\">");
            }
            html_escape_str(out, c->as.cite.text ? c->as.cite.text : c->as.cite.key);
            if (c->as.cite.dest)
                g_string_append(out, "</a>");
        }
        g_string_append(out, xref ? "</span>" : ")</span>");
        return;
    }
    g_string_append_c(out, '(');
    for (const struct nashra_node *c = n->first_child; c; c = c->next) {
        if (c != n->first_child)
            g_string_append(out, "; ");
        html_escape_str(out, c->as.cite.key);
        if (c->as.cite.locator) {
            g_string_append(out, ", ");
            html_escape_str(out, c->as.cite.locator);
        }
    }
    g_string_append(out, ")</span>");
}

/* The note's back link goes inside its last paragraph when it ends with one. */
static void html_backref(GString *out, int index)
{
    char *a = g_strdup_printf("<a href=\"#fnref-%d\" class=\"footnote-backref\">↩</a>", index);
    if (g_str_has_suffix(out->str, "</p>\n"))
        g_string_insert(out, (gssize)(out->len - 5), a);
    else
        g_string_append(out, a);
    g_free(a);
}

/* A figure's width= as CSS: the same units, a bare number being pixels. */
static void html_figure_width(GString *out, const struct nashra_node *figure)
{
    if (figure->as.figure.width_unit == NASHRA_LENGTH_NONE)
        return;
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(num, sizeof num, "%.6g", figure->as.figure.width);
    g_string_append_printf(out, " style=\"width: %s%s\"", num,
                           nashra_length_unit_name(figure->as.figure.width_unit));
}

/* Raw HTML passes only when UNSAFE, as cmark writes it: from an untrusted source it could run
 * scripts in the reader's browser. */
static const char html_omitted[] = "<!-- raw HTML omitted -->";

/* The dir attribute for DIR. */
static const char *html_dir_attr(enum nashra_dir dir)
{
    return dir == NASHRA_DIR_RTL   ? " dir=\"rtl\""
           : dir == NASHRA_DIR_LTR ? " dir=\"ltr\""
                                   : " dir=\"auto\"";
}

/* The direction the resolve stage gave N, on the blocks the PDF sets in it. */
static const char *html_block_dir(const struct nashra_node *n)
{
    switch (n->kind) {
    case NASHRA_NODE_BLOCK_QUOTE:
    case NASHRA_NODE_ITEM:
    case NASHRA_NODE_PARAGRAPH:
    case NASHRA_NODE_HEADING:
    case NASHRA_NODE_TABLE_CELL:
    case NASHRA_NODE_CODE_BLOCK:
        return html_dir_attr(n->dir);
    default:
        return "";
    }
}

/* What the node writers share while the tree is walked. */
struct html_state {
    const struct nashra_doc *doc;
    bool standalone, unsafe;
    struct nashra_iter it;
    GArray *ref_seen; /* references per note so far */
    const char *dir;  /* the current node's dir attribute, or "" */
    GString *out;
};

/* ` NAME="VALUE"` with VALUE escaped. */
static void html_attr(GString *out, const char *name, const char *value)
{
    g_string_append_printf(out, " %s=\"", name);
    html_escape_str(out, value);
    g_string_append_c(out, '"');
}

static void html_block_quote(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)n;
    html_cr(s->out);
    if (enter)
        g_string_append_printf(s->out, "<blockquote%s>\n", s->dir);
    else
        g_string_append(s->out, "</blockquote>\n");
}

static void html_list(struct html_state *s, struct nashra_node *n, bool enter)
{
    bool ordered = n->as.list.type == NASHRA_LIST_ORDERED;
    if (!enter) {
        g_string_append(s->out, ordered ? "</ol>\n" : "</ul>\n");
        return;
    }
    html_cr(s->out);
    if (ordered && n->as.list.start != 1)
        g_string_append_printf(s->out, "<ol start=\"%d\">\n", n->as.list.start);
    else
        g_string_append(s->out, ordered ? "<ol>\n" : "<ul>\n");
}

static void html_item(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)n;
    if (!enter) {
        g_string_append(s->out, "</li>\n");
        return;
    }
    html_cr(s->out);
    g_string_append_printf(s->out, "<li%s>", s->dir);
}

static void html_paragraph(struct html_state *s, struct nashra_node *n, bool enter)
{
    if (html_in_tight_list(n))
        return;
    if (!enter) {
        g_string_append(s->out, "</p>\n");
        return;
    }
    html_cr(s->out);
    g_string_append_printf(s->out, "<p%s>", s->dir);
}

static void html_heading(struct html_state *s, struct nashra_node *n, bool enter)
{
    if (!enter) {
        g_string_append_printf(s->out, "</h%d>\n", n->as.heading.level);
        return;
    }
    html_cr(s->out);
    g_string_append_printf(s->out, "<h%d", n->as.heading.level);
    if (s->standalone && n->as.heading.id)
        html_attr(s->out, "id", n->as.heading.id);
    if (n->as.heading.lang)
        html_attr(s->out, "lang", n->as.heading.lang);
    /* The fragment has no dir attributes but the one the source wrote. */
    const char *dir = !s->standalone && n->as.heading.dir_set
                          ? html_block_dir(n)
                          : s->dir;
    g_string_append_printf(s->out, "%s>", dir);
}

static void html_code_block(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)enter;
    html_cr(s->out);
    g_string_append_printf(s->out, "<pre%s><code", s->dir);
    const char *info = n->as.code.info;
    if (info && *info) {
        size_t w = strcspn(info, " \t\n");
        g_string_append(s->out, " class=\"language-");
        html_escape(s->out, info, w);
        g_string_append_c(s->out, '"');
    }
    g_string_append_c(s->out, '>');
    html_escape(s->out, n->literal, n->literal_len);
    g_string_append(s->out, "</code></pre>\n");
}

static void html_raw(struct html_state *s, struct nashra_node *n)
{
    if (s->unsafe)
        g_string_append_len(s->out, n->literal, (gssize)n->literal_len);
    else
        g_string_append(s->out, html_omitted);
}

static void html_html_block(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)enter;
    html_cr(s->out);
    html_raw(s, n);
    html_cr(s->out);
}

static void html_html_inline(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)enter;
    html_raw(s, n);
}

static void html_thematic_break(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)n, (void)enter;
    html_cr(s->out);
    g_string_append(s->out, "<hr />\n");
}

static void html_text(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)enter;
    html_escape(s->out, n->literal, n->literal_len);
}

static void html_softbreak(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)n, (void)enter;
    g_string_append_c(s->out, '\n');
}

static void html_linebreak(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)n, (void)enter;
    g_string_append(s->out, "<br />\n");
}

static void html_code(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)enter;
    g_string_append(s->out, "<code>");
    html_escape(s->out, n->literal, n->literal_len);
    g_string_append(s->out, "</code>");
}

/* Emphasis, strong emphasis and strikethrough: a tag around the inlines. */
static void html_tagged(struct html_state *s, struct nashra_node *n, bool enter)
{
    const char *tag = n->kind == NASHRA_NODE_EMPH     ? "em"
                      : n->kind == NASHRA_NODE_STRONG ? "strong"
                                                      : "del";
    g_string_append(s->out, enter ? "<" : "</");
    g_string_append(s->out, tag);
    g_string_append_c(s->out, '>');
}

static void html_link(struct html_state *s, struct nashra_node *n, bool enter)
{
    if (!enter) {
        g_string_append(s->out, "</a>");
        return;
    }
    if (n->as.link.anchor && !n->as.link.url) { /* a reference entry's target */
        g_string_append(s->out, "<a id=\"");
        html_escape_str(s->out, n->as.link.anchor);
        g_string_append(s->out, "\">");
        return;
    }
    g_string_append(s->out, "<a href=\"");
    html_url(s->out, n->as.link.url, s->unsafe);
    g_string_append_c(s->out, '"');
    if (n->as.link.title)
        html_attr(s->out, "title", n->as.link.title);
    g_string_append_c(s->out, '>');
}

static void html_image(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)enter;
    g_string_append(s->out, "<img src=\"");
    html_url(s->out, n->as.link.url, s->unsafe);
    g_string_append(s->out, "\" alt=\"");
    html_alt(s->out, &s->it);
    g_string_append_c(s->out, '"');
    if (n->parent && n->parent->kind == NASHRA_NODE_FIGURE) {
        /* A figure's title is its caption, not a tooltip. */
        html_figure_width(s->out, n->parent);
    } else if (n->as.link.title) {
        html_attr(s->out, "title", n->as.link.title);
    }
    g_string_append(s->out, " />");
}

static void html_span(struct html_state *s, struct nashra_node *n, bool enter)
{
    if (!enter) {
        g_string_append(s->out, "</span>");
        return;
    }
    g_string_append(s->out, "<span");
    if (n->as.span.lang)
        html_attr(s->out, "lang", n->as.span.lang);
    if (n->as.span.dir_set)
        g_string_append(s->out, html_dir_attr(n->as.span.dir));
    g_string_append_c(s->out, '>');
}

/* A note's second and later calls get ids of their own (fnref-N-2) for its back links. */
static void html_footnote_ref(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)enter;
    int i = n->as.footnote.index;
    if (i <= 0)
        return;
    if ((guint)i >= s->ref_seen->len)
        g_array_set_size(s->ref_seen, (guint)i + 1);
    int seen = ++g_array_index(s->ref_seen, int, i);
    g_string_append_printf(s->out, "<sup class=\"footnote-ref\"><a href=\"#fn-%d\" id=\"fnref-%d",
                           i, i);
    if (seen > 1)
        g_string_append_printf(s->out, "-%d", seen);
    g_string_append_printf(s->out, "\">%d</a></sup>", i);
}

/* Consecutive note definitions share one section. */
static void html_footnote_def(struct html_state *s, struct nashra_node *n, bool enter)
{
    if (enter) {
        if (!n->prev || n->prev->kind != NASHRA_NODE_FOOTNOTE_DEF) {
            html_cr(s->out);
            g_string_append(s->out, "<section class=\"footnotes\">\n<ol>\n");
        }
        html_cr(s->out);
        g_string_append_printf(s->out, "<li id=\"fn-%d\">\n", n->as.footnote.index);
        return;
    }
    html_backref(s->out, n->as.footnote.index);
    html_cr(s->out);
    g_string_append(s->out, "</li>\n");
    if (!n->next || n->next->kind != NASHRA_NODE_FOOTNOTE_DEF)
        g_string_append(s->out, "</ol>\n</section>\n");
}

/* A styled citation: its cross-references, then the works as the style wrote them (the
 * walker writes those children). */
static void html_styled_citation(struct html_state *s, struct nashra_node *n, bool enter)
{
    if (!enter) {
        g_string_append(s->out, "</span>");
        return;
    }
    g_string_append(s->out, "<span class=\"citation\" data-cites=\"");
    bool first = true;
    for (const struct nashra_node *c = n->first_child; c; c = c->next) {
        if (c->kind != NASHRA_NODE_CITE_ITEM)
            continue;
        if (!first)
            g_string_append_c(s->out, ' ');
        first = false;
        html_escape_str(s->out, c->as.cite.key);
    }
    g_string_append(s->out, "\">");
}

static void html_citation_node(struct html_state *s, struct nashra_node *n, bool enter)
{
    if (n->as.citation.styled) {
        html_styled_citation(s, n, enter);
        return;
    }
    html_citation(s->out, n, s->doc->meta.resolved.lang);
    nashra_iter_skip_children(&s->it);
}

/* In a styled citation: a cross-reference's text, linked to its target. */
static void html_cite_item(struct html_state *s, struct nashra_node *n, bool enter)
{
    if (!enter || !n->as.cite.xref || !n->as.cite.text)
        return;
    if (n->prev && n->prev->kind == NASHRA_NODE_CITE_ITEM && n->prev->as.cite.xref)
        g_string_append(s->out, nashra_lang_is_rtl(s->doc->meta.resolved.lang) ? "\u060C " : ", ");
    g_string_append(s->out, "<a href=\"#");
    html_escape_str(s->out, n->as.cite.dest);
    g_string_append(s->out, "\">");
    html_escape_str(s->out, n->as.cite.text);
    g_string_append(s->out, "</a>");
}

static void html_table(struct html_state *s, struct nashra_node *n, bool enter)
{
    html_cr(s->out);
    if (!enter) {
        g_string_append(s->out, "</table>\n");
        return;
    }
    g_string_append(s->out, "<table");
    if (n->as.table.id)
        html_attr(s->out, "id", n->as.table.id);
    g_string_append(s->out, ">\n");
    if (n->as.table.caption) {
        const char *lang = s->doc->meta.resolved.lang;
        char *num = nashra_format_number(n->as.table.number, s->doc->meta.resolved.digits);
        g_string_append_printf(s->out, "<caption>%s %s%s ", nashra_text(lang, NASHRA_TEXT_TABLE),
                               num, nashra_text(lang, NASHRA_TEXT_COLON));
        html_escape_str(s->out, n->as.table.caption);
        g_string_append(s->out, "</caption>\n");
        g_free(num);
    }
}

static void html_table_row(struct html_state *s, struct nashra_node *n, bool enter)
{
    bool head = n->as.row.header;
    if (enter) {
        if (head)
            g_string_append(s->out, "<thead>\n");
        else if (!n->prev || n->prev->as.row.header)
            g_string_append(s->out, "<tbody>\n");
        g_string_append(s->out, "<tr>\n");
        return;
    }
    g_string_append(s->out, "</tr>\n");
    if (head)
        g_string_append(s->out, "</thead>\n");
    else if (!n->next)
        g_string_append(s->out, "</tbody>\n");
}

static void html_table_cell(struct html_state *s, struct nashra_node *n, bool enter)
{
    bool head = n->parent && n->parent->as.row.header;
    if (!enter) {
        g_string_append(s->out, head ? "</th>\n" : "</td>\n");
        return;
    }
    g_string_append(s->out, head ? "<th" : "<td");
    g_string_append(s->out, s->dir);
    html_align(s->out, n->as.cell.align);
    g_string_append_c(s->out, '>');
}

/* A fenced div: its id, classes and language, and the direction the source wrote for it. */
static void html_div(struct html_state *s, struct nashra_node *n, bool enter)
{
    html_cr(s->out);
    if (!enter) {
        g_string_append(s->out, "</div>\n");
        return;
    }
    g_string_append(s->out, "<div");
    if (n->as.div.id)
        html_attr(s->out, "id", n->as.div.id);
    if (n->as.div.classes)
        html_attr(s->out, "class", n->as.div.classes);
    if (n->as.div.lang)
        html_attr(s->out, "lang", n->as.div.lang);
    if (n->as.div.dir_set)
        g_string_append(s->out, html_dir_attr(n->as.div.dir));
    g_string_append(s->out, ">\n");
}

static void html_callout(struct html_state *s, struct nashra_node *n, bool enter)
{
    html_cr(s->out);
    if (!enter) {
        g_string_append(s->out, "</div>\n");
        return;
    }
    unsigned t = (unsigned)n->as.callout.type;
    g_string_append_printf(
        s->out, "<div class=\"callout callout-%s\">\n<p class=\"callout-title\"%s>",
        t < G_N_ELEMENTS(html_callout_class) ? html_callout_class[t] : "note", s->dir);
    if (n->as.callout.title)
        html_escape_str(s->out, n->as.callout.title);
    else
        g_string_append(s->out, html_callout_title(s->doc, n->as.callout.type));
    g_string_append(s->out, "</p>\n");
}

static void html_attribution(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)n;
    if (!enter) {
        g_string_append(s->out, "</footer>\n");
        return;
    }
    html_cr(s->out);
    g_string_append_printf(s->out, "<footer class=\"attribution\"%s>— ", s->dir);
}

/* The image's title is the caption, after it. */
static void html_figure(struct html_state *s, struct nashra_node *n, bool enter)
{
    html_cr(s->out);
    if (enter) {
        g_string_append(s->out, "<figure");
        if (n->as.figure.id)
            html_attr(s->out, "id", n->as.figure.id);
        g_string_append(s->out, ">\n");
        return;
    }
    if (n->first_child && n->first_child->as.link.title) {
        g_string_append(s->out, "<figcaption>");
        html_escape_str(s->out, n->first_child->as.link.title);
        g_string_append(s->out, "</figcaption>\n");
    }
    g_string_append(s->out, "</figure>\n");
}

typedef void html_writer(struct html_state *s, struct nashra_node *n, bool enter);

/* The writer of each node kind; NULL: nothing of its own (the document, a citation's items). */
static html_writer *const html_writers[NASHRA_NODE_KIND_COUNT] = {
    [NASHRA_NODE_BLOCK_QUOTE] = html_block_quote,
    [NASHRA_NODE_LIST] = html_list,
    [NASHRA_NODE_ITEM] = html_item,
    [NASHRA_NODE_PARAGRAPH] = html_paragraph,
    [NASHRA_NODE_HEADING] = html_heading,
    [NASHRA_NODE_CODE_BLOCK] = html_code_block,
    [NASHRA_NODE_HTML_BLOCK] = html_html_block,
    [NASHRA_NODE_THEMATIC_BREAK] = html_thematic_break,
    [NASHRA_NODE_FOOTNOTE_DEF] = html_footnote_def,
    [NASHRA_NODE_TABLE] = html_table,
    [NASHRA_NODE_TABLE_ROW] = html_table_row,
    [NASHRA_NODE_TABLE_CELL] = html_table_cell,
    [NASHRA_NODE_CALLOUT] = html_callout,
    [NASHRA_NODE_DIV] = html_div,
    [NASHRA_NODE_ATTRIBUTION] = html_attribution,
    [NASHRA_NODE_FIGURE] = html_figure,
    [NASHRA_NODE_TEXT] = html_text,
    [NASHRA_NODE_SOFTBREAK] = html_softbreak,
    [NASHRA_NODE_LINEBREAK] = html_linebreak,
    [NASHRA_NODE_CODE] = html_code,
    [NASHRA_NODE_HTML_INLINE] = html_html_inline,
    [NASHRA_NODE_EMPH] = html_tagged,
    [NASHRA_NODE_STRONG] = html_tagged,
    [NASHRA_NODE_LINK] = html_link,
    [NASHRA_NODE_IMAGE] = html_image,
    [NASHRA_NODE_STRIKETHROUGH] = html_tagged,
    [NASHRA_NODE_FOOTNOTE_REF] = html_footnote_ref,
    [NASHRA_NODE_CITATION] = html_citation_node,
    [NASHRA_NODE_CITE_ITEM] = html_cite_item,
    [NASHRA_NODE_SPAN] = html_span,
};

static void html_body(const struct nashra_doc *doc, bool standalone, bool unsafe, GString *out)
{
    struct html_state s = {.doc = doc,
                           .standalone = standalone,
                           .unsafe = unsafe,
                           .ref_seen = g_array_new(FALSE, TRUE, sizeof(int)),
                           .out = out};
    enum nashra_event ev;
    nashra_iter_init(&s.it, doc->root);
    while ((ev = nashra_iter_next(&s.it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = s.it.cur;
        bool enter = ev == NASHRA_EVENT_ENTER;
        html_writer *w = (unsigned)n->kind < NASHRA_NODE_KIND_COUNT ? html_writers[n->kind] : NULL;
        s.dir = standalone && enter ? html_block_dir(n) : "";
        if (w)
            w(&s, n, enter);
    }
    g_array_unref(s.ref_seen);
}


static void html_header(const struct nashra_doc *doc, bool unsafe, GString *out)
{
    const struct nashra_meta *m = &doc->meta;
    const char *lang = doc->meta.resolved.lang;
    bool authors = m->authors && m->authors->len;
    if (!m->title && !m->subtitle && !authors && !m->date && !m->source)
        return;
    g_string_append(out, "<header>\n");
    if (m->title) {
        g_string_append(out, "<h1 class=\"title\" dir=\"auto\">");
        html_escape_str(out, m->title);
        g_string_append(out, "</h1>\n");
    }
    if (m->subtitle) {
        g_string_append(out, "<p class=\"subtitle\" dir=\"auto\">");
        html_escape_str(out, m->subtitle);
        g_string_append(out, "</p>\n");
    }
    if (authors || m->date) {
        g_string_append(out, "<p class=\"byline\" dir=\"auto\">");
        if (authors) {
            /* Names joined as the language joins them, each in its own span. */
            int n = (int)m->authors->len;
            char **spans = g_new0(char *, (gsize)n + 1);
            for (int i = 0; i < n; i++) {
                GString *a = g_string_new("<span class=\"author\">");
                html_escape_str(a, g_ptr_array_index(m->authors, (guint)i));
                g_string_append(a, "</span>");
                spans[i] = g_string_free(a, FALSE);
            }
            char *joined = nashra_join_names(lang, (const char *const *)spans, n);
            g_string_append(out, joined);
            g_free(joined);
            g_strfreev(spans);
        }
        if (m->date) {
            if (authors)
                g_string_append(out, " · ");
            g_string_append(out, "<time datetime=\"");
            html_escape_str(out, m->date);
            g_string_append(out, "\">");
            if (m->year > 0) {
                char *date = nashra_format_date(lang, m->year, m->month, m->day, m->digits);
                html_escape_str(out, date);
                g_free(date);
            } else {
                html_escape_str(out, m->date);
            }
            g_string_append(out, "</time>");
        }
        g_string_append(out, "</p>\n");
    }
    if (m->source) {
        g_string_append(out, "<p class=\"source\" dir=\"auto\">");
        html_escape_str(out, nashra_text(lang, NASHRA_TEXT_PUBLISHED_IN));
        g_string_append_c(out, ' ');
        if (m->source_url) {
            g_string_append(out, "<a href=\"");
            html_url(out, m->source_url, unsafe);
            g_string_append(out, "\">");
        }
        html_escape_str(out, m->source);
        if (m->source_url)
            g_string_append(out, "</a>");
        if (m->source_issue) {
            char *issue =
                nashra_apply_digits(m->source_issue, m->resolved.digits);
            g_string_append_printf(out, "%s%s ", nashra_text(lang, NASHRA_TEXT_LIST_SEP),
                                   nashra_text(lang, NASHRA_TEXT_ISSUE));
            html_escape_str(out, issue);
            g_free(issue);
        }
        g_string_append(out, "</p>\n");
    }
    g_string_append(out, "</header>\n");
}

/* The "how to cite this brief" block at the end of a standalone page. */
static void html_cite(const struct nashra_doc *doc, GString *out)
{
    /* Without a title the box says what is known (author, source, date), as the PDF's does. */
    char *text = nashra_cite_text(&doc->meta);
    if (!text || !*text) {
        g_free(text);
        return;
    }
    const char *lang = doc->meta.resolved.lang;
    g_string_append(out, "<aside class=\"cite\" dir=\"auto\">\n<h2>");
    html_escape_str(out, nashra_text(lang, NASHRA_TEXT_CITE_THIS));
    g_string_append(out, "</h2>\n<p>");
    html_escape_str(out, text);
    g_string_append(out, "</p>\n</aside>\n");
    g_free(text);
}

void nashra_render_html(const struct nashra_doc *doc, bool standalone, bool unsafe, GString *out)
{
    if (!standalone) {
        html_body(doc, false, unsafe, out);
        return;
    }
    const struct nashra_meta *m = &doc->meta;
    g_string_append(out, "<!DOCTYPE html>\n<html lang=\"");
    html_escape_str(out, m->resolved.lang);
    g_string_append_printf(out, "\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                           nashra_dir_name(doc->meta.resolved.dir));
    g_string_append(out, "<meta name=\"viewport\" content=\"width=device-width, "
                         "initial-scale=1\">\n<title>");
    if (m->title) {
        html_escape_str(out, m->title);
    } else {
        /* Without a title in the front matter, the first heading names the page. */
        struct nashra_node *h = doc->root->first_child;
        while (h && h->kind != NASHRA_NODE_HEADING)
            h = h->next;
        if (h) {
            char *text = nashra_node_plain_text(h);
            html_escape_str(out, text);
            g_free(text);
        }
    }
    g_string_append(out, "</title>\n");
    if (m->authors && m->authors->len) {
        g_string_append(out, "<meta name=\"author\" content=\"");
        for (guint i = 0; i < m->authors->len; i++) {
            if (i)
                g_string_append(out, ", ");
            html_escape_str(out, g_ptr_array_index(m->authors, i));
        }
        g_string_append(out, "\">\n");
    }
    if (m->keywords && m->keywords->len) {
        g_string_append(out, "<meta name=\"keywords\" content=\"");
        for (guint i = 0; i < m->keywords->len; i++) {
            if (i)
                g_string_append(out, ", ");
            html_escape_str(out, g_ptr_array_index(m->keywords, i));
        }
        g_string_append(out, "\">\n");
    }
    g_string_append(out, "</head>\n<body>\n");
    html_header(doc, unsafe, out);
    g_string_append(out, "<main>\n");
    html_body(doc, true, unsafe, out);
    html_cr(out);
    g_string_append(out, "</main>\n");
    html_cite(doc, out);
    g_string_append(out, "</body>\n</html>\n");
}
