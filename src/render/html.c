/* HTML output straight from the resolved tree: the CommonMark form is byte-for-byte the
 * reference renderer's; the page shows what the PDF shows, as the resolve stage decided it
 * (directions, digits, labels, numbers, the masthead's lines), with a stylesheet made from the
 * template (html_css.c) and metadata for citation managers (html_meta.c). */
#include "render/html_int.h"

#include <string.h>

#include "cite/cite.h"
#include "resolve/resolve.h"
#include "template/template.h"
#include "util/l10n.h"
#include "util/url.h"

void html_escape(GString *out, const char *s, size_t len)
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

void html_escape_str(GString *out, const char *s)
{
    if (s)
        html_escape(out, s, strlen(s));
}

void html_attr(GString *out, const char *name, const char *value)
{
    g_string_append_printf(out, " %s=\"", name);
    html_escape_str(out, value);
    g_string_append_c(out, '"');
}

void html_meta_tag(GString *out, const char *name, const char *content)
{
    if (!content || !*content)
        return;
    g_string_append(out, "<meta");
    html_attr(out, "name", name);
    html_attr(out, "content", content);
    g_string_append(out, ">\n");
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
    /* The page's digits for generated numbers (resolved), and whether the body's own numbers
     * take them too (body-digits); Latin and false in the CommonMark form. */
    enum nashra_digits digits;
    bool body_digits;
    struct nashra_iter it;
    GArray *ref_seen; /* references per note so far */
    const char *dir;  /* the current node's dir attribute, or "" */
    GString *out;
};


static void html_block_quote(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)n;
    html_cr(s->out);
    if (enter)
        g_string_append_printf(s->out, "<blockquote%s>\n", s->dir);
    else
        g_string_append(s->out, "</blockquote>\n");
}

/* An ordered list's markers in the brief's digits, as the PDF numbers it: in the element,
 * so that a site's own stylesheet (--css) or none (--fragment) keeps them. */
static void html_ol_digits(struct html_state *s)
{
    if (s->digits == NASHRA_DIGITS_ARABIC_INDIC)
        g_string_append(s->out, " style=\"list-style-type: arabic-indic\"");
    else if (s->digits == NASHRA_DIGITS_PERSIAN)
        g_string_append(s->out, " style=\"list-style-type: persian\"");
}

static void html_list(struct html_state *s, struct nashra_node *n, bool enter)
{
    bool ordered = n->as.list.type == NASHRA_LIST_ORDERED;
    if (!enter) {
        g_string_append(s->out, ordered ? "</ol>\n" : "</ul>\n");
        return;
    }
    html_cr(s->out);
    if (!ordered) {
        g_string_append(s->out, "<ul>\n");
        return;
    }
    g_string_append(s->out, "<ol");
    if (n->as.list.start != 1)
        g_string_append_printf(s->out, " start=\"%d\"", n->as.list.start);
    html_ol_digits(s);
    g_string_append(s->out, ">\n");
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
    int number = s->standalone ? n->as.paragraph.number : 0;
    if (!number) {
        g_string_append_printf(s->out, "<p%s>", s->dir);
        return;
    }
    /* Its number in the start margin, as in the PDF, where brief.pdf#p12 also lands; drawn
     * there, not read as part of the text. */
    char *num = nashra_format_number(number, s->digits);
    g_string_append_printf(s->out,
                           "<p id=\"p%d\"%s><span class=\"pnum\" aria-hidden=\"true\">%s</span>",
                           number, s->dir, num);
    g_free(num);
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

/* Whether LINK's text is its own URL (an autolink), whose digits stay as written. */
static bool html_is_bare_url(const struct nashra_node *link)
{
    const struct nashra_node *c = link->first_child;
    if (!c || c->next || c->kind != NASHRA_NODE_TEXT || !c->literal || !link->as.link.url)
        return false;
    const char *url = link->as.link.url;
    return !strcmp(c->literal, url) ||
           (g_str_has_prefix(url, "mailto:") && !strcmp(c->literal, url + 7));
}

static void html_text(struct html_state *s, struct nashra_node *n, bool enter)
{
    (void)enter;
    if (s->body_digits && n->literal &&
        !(n->parent && n->parent->kind == NASHRA_NODE_LINK && html_is_bare_url(n->parent))) {
        char *d = nashra_apply_digits(n->literal, s->digits);
        html_escape_str(s->out, d);
        g_free(d);
        return;
    }
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
    /* A name the resolve stage set apart: <bdi> isolates without a stylesheet. */
    if (n->as.span.isolate) {
        g_string_append(s->out, enter ? "<bdi" : "</bdi>");
        if (enter)
            g_string_append_printf(s->out, "%s>", html_dir_attr(n->as.span.dir));
        return;
    }
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
    char *num = nashra_format_number(i, s->digits);
    g_string_append_printf(s->out, "\">%s</a></sup>", num);
    g_free(num);
}

/* Consecutive note definitions share one section. */
static void html_footnote_def(struct html_state *s, struct nashra_node *n, bool enter)
{
    if (enter) {
        if (!n->prev || n->prev->kind != NASHRA_NODE_FOOTNOTE_DEF) {
            html_cr(s->out);
            g_string_append(s->out, "<section class=\"footnotes\">\n");
            if (s->standalone) {
                /* Headed as the PDF's endnotes are: the page has no page feet. */
                g_string_append(s->out, "<p class=\"notes-title\">");
                html_escape_str(s->out,
                                nashra_text(s->doc->meta.resolved.lang, NASHRA_TEXT_NOTES));
                g_string_append(s->out, "</p>\n");
            }
            g_string_append(s->out, "<ol");
            html_ol_digits(s);
            g_string_append(s->out, ">\n");
        }
        html_cr(s->out);
        /* Its number on the start side of its own text, as the PDF sets it. */
        g_string_append_printf(s->out, "<li id=\"fn-%d\"%s>\n", n->as.footnote.index,
                               s->standalone ? html_dir_attr(n->dir) : "");
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
    g_string_append_c(s->out, '"');
    /* The PDF sets a citation apart in the document's direction, and the resolve stage
     * isolated its names against that: in a block of the other direction, so does the page. */
    enum nashra_dir doc_dir = s->doc->meta.resolved.dir;
    const struct nashra_node *b = n->parent;
    while (b && b->kind >= NASHRA_NODE_TEXT && b->kind != NASHRA_NODE_SPAN)
        b = b->parent;
    if (b && b->dir != NASHRA_DIR_AUTO && b->dir != doc_dir)
        g_string_append(s->out, html_dir_attr(doc_dir));
    g_string_append_c(s->out, '>');
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

/* A caption: the resolve stage's label ("Table 1:"), then TEXT isolated in the direction the
 * PDF gives it, so that an English caption keeps an Arabic label's colon beside the label. */
static void html_caption_text(struct html_state *s, const char *label, const char *text)
{
    if (label) {
        g_string_append(s->out, "<span class=\"label\">");
        html_escape_str(s->out, label);
        g_string_append(s->out, "</span> ");
    }
    const struct nashra_meta *m = &s->doc->meta;
    enum nashra_dir d = m->resolved.block_rule == NASHRA_DIR_AUTO
                            ? NASHRA_DIR_AUTO
                            : nashra_text_block_direction(m->resolved.block_rule,
                                                          m->resolved.dir, text, -1);
    g_string_append_printf(s->out, "<bdi%s>", d == NASHRA_DIR_AUTO ? "" : html_dir_attr(d));
    html_escape_str(s->out, text);
    g_string_append(s->out, "</bdi>");
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
        g_string_append(s->out, "<caption>");
        html_caption_text(s, n->as.table.label, n->as.table.caption);
        g_string_append(s->out, "</caption>\n");
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
    /* A number reads left to right in any cell: "-3%" must not become "3%-". */
    bool ltr = s->standalone && n->as.cell.numeric;
    if (!enter) {
        g_string_append(s->out, ltr ? "</bdi>" : "");
        g_string_append(s->out, head ? "</th>\n" : "</td>\n");
        return;
    }
    g_string_append(s->out, head ? "<th" : "<td");
    g_string_append(s->out, s->dir);
    /* A column of numbers lines up on the right unless the source aligns it. */
    html_align(s->out, s->standalone && n->as.cell.right ? NASHRA_ALIGN_RIGHT : n->as.cell.align);
    g_string_append(s->out, ltr ? "><bdi dir=\"ltr\">" : ">");
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
    const char *caption = n->first_child ? n->first_child->as.link.title : NULL;
    const char *credit = n->as.figure.credit;
    if (!s->standalone) {
        if (caption) {
            g_string_append(s->out, "<figcaption>");
            html_escape_str(s->out, caption);
            g_string_append(s->out, "</figcaption>\n");
        }
    } else if ((caption && *caption) || (credit && *credit)) {
        g_string_append(s->out, "<figcaption>");
        if (caption && *caption)
            html_caption_text(s, n->as.figure.label, caption);
        if (credit && *credit) {
            /* Who made it, under the caption, as the PDF credits it. */
            const char *lang = s->doc->meta.resolved.lang;
            g_string_append_printf(s->out, "<span class=\"credit\">%s%s ",
                                   nashra_text(lang, NASHRA_TEXT_SOURCE),
                                   nashra_text(lang, NASHRA_TEXT_COLON));
            html_escape_str(s->out, credit);
            g_string_append(s->out, "</span>");
        }
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
    const struct nashra_meta *m = &doc->meta;
    struct html_state s = {.doc = doc,
                           .standalone = standalone,
                           .unsafe = unsafe,
                           .digits = standalone && m->resolved.done ? m->resolved.digits
                                                                    : NASHRA_DIGITS_LATIN,
                           .ref_seen = g_array_new(FALSE, TRUE, sizeof(int)),
                           .out = out};
    s.body_digits = standalone && m->body_digits && s.digits != NASHRA_DIGITS_LATIN;
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

/* `<p class="CLASS" dir="auto">TEXT</p>`, TEXT escaped; nothing for NULL. */
static void html_line(GString *out, const char *class, const char *text)
{
    if (!text || !*text)
        return;
    g_string_append_printf(out, "<p class=\"%s\" dir=\"auto\">", class);
    html_escape_str(out, text);
    g_string_append(out, "</p>\n");
}

/* The byline: each name in a span of its own, joined as the language joins them (the names
 * the resolve stage's byline joins: the people's, else the authors'). */
static void html_byline(const struct nashra_meta *m, GString *out)
{
    GPtrArray *spans = g_ptr_array_new_with_free_func(g_free);
    if (m->people && m->people->len) {
        for (guint i = 0; i < m->people->len; i++) {
            const struct nashra_person *p = g_ptr_array_index(m->people, i);
            if (!p || !p->name || !*p->name)
                continue;
            GString *a = g_string_new("<span class=\"author\">");
            html_escape_str(a, p->name);
            g_string_append(a, "</span>");
            g_ptr_array_add(spans, g_string_free(a, FALSE));
        }
    } else {
        for (guint i = 0; m->authors && i < m->authors->len; i++) {
            GString *a = g_string_new("<span class=\"author\">");
            html_escape_str(a, g_ptr_array_index(m->authors, i));
            g_string_append(a, "</span>");
            g_ptr_array_add(spans, g_string_free(a, FALSE));
        }
    }
    if (spans->len) {
        char *joined = nashra_join_names(m->resolved.lang, (const char *const *)spans->pdata,
                                         (int)spans->len);
        g_string_append_printf(out, "<p class=\"byline\" dir=\"auto\">%s</p>\n", joined);
        g_free(joined);
    }
    g_ptr_array_free(spans, TRUE);
}

/* "Published in: <a>Name</a>, no. 12, date": the resolve stage's line, its name linked. */
static void html_source(const struct nashra_meta *m, bool unsafe, GString *out)
{
    const char *text = m->resolved.source;
    size_t from = m->resolved.source_name[0], to = m->resolved.source_name[1];
    size_t len = strlen(text);
    if (from > to || to > len)
        from = to = len;
    /* The isolates around the name become the link's own isolate. */
    static const char fsi[] = "\xE2\x81\xA8", pdi[] = "\xE2\x81\xA9";
    size_t in_from = from, in_to = to;
    if (in_to - in_from >= 6 && !memcmp(text + in_from, fsi, 3) && !memcmp(text + in_to - 3, pdi, 3))
        in_from += 3, in_to -= 3;
    g_string_append(out, "<p class=\"source\" dir=\"auto\">");
    html_escape(out, text, from);
    if (m->source_url) {
        g_string_append(out, "<a href=\"");
        html_url(out, m->source_url, unsafe);
        g_string_append(out, "\">");
    }
    g_string_append(out, "<bdi>");
    html_escape(out, text + in_from, in_to - in_from);
    g_string_append(out, "</bdi>");
    if (m->source_url)
        g_string_append(out, "</a>");
    html_escape(out, text + to, len - to);
    g_string_append(out, "</p>\n");
}

/* The masthead as the PDF's title block has it: series and number, title, subtitle, byline,
 * affiliations, date, source, each as the resolve stage wrote it. */
static void html_masthead(const struct nashra_doc *doc, const struct nashra_style *st,
                          bool unsafe, GString *out)
{
    const struct nashra_meta *m = &doc->meta;
    if (st->masthead == NASHRA_MASTHEAD_NONE)
        return;
    const char *series = st->masthead_series ? m->resolved.series : NULL;
    if (!series && !m->title && !m->subtitle && !m->resolved.byline && !m->resolved.date &&
        !m->resolved.source)
        return;
    g_string_append_printf(out, "<header class=\"masthead%s\">\n",
                           st->masthead == NASHRA_MASTHEAD_BOX ? " boxed" : "");
    html_line(out, "series", series);
    if (m->title) {
        g_string_append(out, "<h1 class=\"title\" dir=\"auto\">");
        html_escape_str(out, m->title);
        g_string_append(out, "</h1>\n");
    }
    html_line(out, "subtitle", m->subtitle);
    html_byline(m, out);
    html_line(out, "affiliations", m->resolved.affiliations);
    if (m->resolved.date) {
        g_string_append(out, "<p class=\"date\" dir=\"auto\">");
        if (m->year > 0) {
            /* The machine-readable date: as much of it as is known. */
            g_string_append_printf(out, "<time datetime=\"%04d", m->year);
            if (m->month > 0)
                g_string_append_printf(out, "-%02d", m->month);
            if (m->month > 0 && m->day > 0)
                g_string_append_printf(out, "-%02d", m->day);
            g_string_append(out, "\">");
            html_escape_str(out, m->resolved.date);
            g_string_append(out, "</time>");
        } else {
            html_escape_str(out, m->resolved.date);
        }
        g_string_append(out, "</p>\n");
    }
    if (m->resolved.source)
        html_source(m, unsafe, out);
    g_string_append(out, "</header>\n");
}

/* T as one paragraph of the cite box: in the direction of its first letter, as the PDF sets it
 * (said when it is not the document's, which the box takes from its title), and each name of
 * the other direction in a <bdi> (nashra_text_contrary_runs). */
static void html_isolated_para(GString *out, const char *t, enum nashra_dir doc_dir)
{
    enum nashra_dir d = nashra_text_block_direction(NASHRA_DIR_AUTO, doc_dir, t, -1);
    gsize len = strlen(t), at = 0;
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(gsize));
    nashra_text_contrary_runs(t, len, d, runs);
    g_string_append_printf(out, "<p%s>", d == doc_dir ? "" : html_dir_attr(d));
    for (guint i = 0; i + 1 < runs->len; i += 2) {
        gsize a = g_array_index(runs, gsize, i), b = g_array_index(runs, gsize, i + 1);
        html_escape(out, t + at, a - at);
        g_string_append_printf(out, "<bdi%s>",
                               html_dir_attr(d == NASHRA_DIR_RTL ? NASHRA_DIR_LTR : NASHRA_DIR_RTL));
        html_escape(out, t + a, b - a);
        g_string_append(out, "</bdi>");
        at = b;
    }
    html_escape(out, t + at, len - at);
    g_string_append(out, "</p>\n");
    g_array_unref(runs);
}

/* A tinted box with a title (the summary, "how to cite this brief"): TEXT's paragraphs, split
 * at blank lines, in DIGITS when asked (the PDF's tinted boxes); with ISOLATE (not AUTO), each
 * set as html_isolated_para does in a document of that direction. */
static void html_box(GString *out, const char *element, const char *class, const char *title,
                     const char *text, enum nashra_digits digits, enum nashra_dir isolate)
{
    g_string_append_printf(out, "<%s class=\"%s\" dir=\"auto\">\n<h2 class=\"box-title\">",
                           element, class);
    html_escape_str(out, title);
    g_string_append(out, "</h2>\n");
    char **paras = g_strsplit(text, "\n\n", -1);
    for (char **p = paras; *p; p++) {
        char *t = g_strstrip(g_strdelimit(g_strdup(*p), "\n", ' '));
        if (*t) {
            char *d = nashra_apply_digits(t, digits);
            if (isolate != NASHRA_DIR_AUTO) {
                html_isolated_para(out, d, isolate);
            } else {
                g_string_append(out, "<p>");
                html_escape_str(out, d);
                g_string_append(out, "</p>\n");
            }
            g_free(d);
        }
        g_free(t);
    }
    g_strfreev(paras);
    g_string_append_printf(out, "</%s>\n", element);
}

static void html_summary(const struct nashra_doc *doc, const struct nashra_style *st,
                         GString *out)
{
    const struct nashra_meta *m = &doc->meta;
    if (!m->summary || !*m->summary || !st->summary_box)
        return;
    html_box(out, "section", "summary", nashra_text(m->resolved.lang, NASHRA_TEXT_SUMMARY),
             m->summary, m->body_digits ? m->resolved.digits : NASHRA_DIGITS_LATIN,
             NASHRA_DIR_AUTO);
}

/* The "how to cite this brief" box after the body. */
static void html_cite(const struct nashra_doc *doc, GString *out)
{
    /* Without a title the box says what is known (author, source, date), as the PDF's does. */
    char *text = nashra_cite_text(&doc->meta);
    if (text && *text)
        html_box(out, "aside", "cite", nashra_text(doc->meta.resolved.lang, NASHRA_TEXT_CITE_THIS),
                 text, NASHRA_DIGITS_LATIN, doc->meta.resolved.dir);
    g_free(text);
}

/* What the page's <body> holds: masthead, summary, the body with its references and notes,
 * the cite box, the license. */
static void html_page_body(const struct nashra_doc *doc, const struct nashra_style *st,
                           bool unsafe, GString *out)
{
    html_masthead(doc, st, unsafe, out);
    html_summary(doc, st, out);
    g_string_append(out, "<main>\n");
    html_body(doc, true, unsafe, out);
    html_cr(out);
    g_string_append(out, "</main>\n");
    html_cite(doc, out);
    const char *license = doc->meta.license;
    if (license && *license) {
        /* On the page's start side, as the PDF's last foot has it. */
        g_string_append(out, "<footer class=\"license\">");
        html_escape_str(out, license);
        g_string_append(out, "</footer>\n");
    }
}

/* The page's title: the front matter's, else the first heading's text. */
static void html_title(const struct nashra_doc *doc, GString *out)
{
    const struct nashra_meta *m = &doc->meta;
    if (m->title) {
        html_escape_str(out, m->title);
        return;
    }
    struct nashra_node *h = doc->root->first_child;
    while (h && h->kind != NASHRA_NODE_HEADING)
        h = h->next;
    if (h) {
        char *text = nashra_node_plain_text(h);
        html_escape_str(out, text);
        g_free(text);
    }
}

void nashra_render_html_page(const struct nashra_doc *doc, const struct nashra_html_options *o,
                             GString *out)
{
    if (!o->standalone) {
        html_body(doc, false, o->unsafe, out);
        return;
    }
    struct nashra_style defaults;
    const struct nashra_style *st = o->style;
    if (!st) {
        nashra_template_default_style(&defaults);
        st = &defaults;
    }
    if (o->fragment) {
        html_page_body(doc, st, o->unsafe, out);
        return;
    }
    const struct nashra_meta *m = &doc->meta;
    g_string_append(out, "<!DOCTYPE html>\n<html lang=\"");
    html_escape_str(out, m->resolved.lang);
    g_string_append_printf(out, "\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                           nashra_dir_name(m->resolved.dir));
    g_string_append(out, "<meta name=\"viewport\" content=\"width=device-width, "
                         "initial-scale=1\">\n<title>");
    html_title(doc, out);
    g_string_append(out, "</title>\n");
    g_string_append(out, "<meta name=\"generator\" content=\"nashra " NASHRA_VERSION "\">\n");
    html_metadata(doc, out);
    if (o->css) {
        g_string_append(out, "<link rel=\"stylesheet\" href=\"");
        html_escape_href(out, o->css);
        g_string_append(out, "\">\n");
    } else {
        g_string_append(out, "<style>\n");
        html_stylesheet(doc, st, out);
        g_string_append(out, "</style>\n");
    }
    g_string_append(out, "</head>\n<body>\n");
    html_page_body(doc, st, o->unsafe, out);
    g_string_append(out, "</body>\n</html>\n");
}

void nashra_render_html(const struct nashra_doc *doc, bool standalone, bool unsafe, GString *out)
{
    struct nashra_html_options o = {.standalone = standalone, .unsafe = unsafe};
    nashra_render_html_page(doc, &o, out);
}
