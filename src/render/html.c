/* HTML output straight from the tree: the fragment is byte-for-byte the CommonMark reference
 * renderer's form; the standalone form wraps it in a document with lang, dir and a header. */
#include "render/render.h"

#include <string.h>

#include <fribidi.h>

#include "cite/cite.h"
#include "layout/layout.h"
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

/* Callout titles by the document's language: Arabic when lang is ar, English otherwise. */
static const char *html_callout_title(const struct nashra_doc *doc, enum nashra_callout type)
{
    static const char *const en[] = {"Note", "Tip", "Important", "Warning", "Caution", "Summary"};
    static const char *const ar[] = {"ملاحظة", "نصيحة", "مهم", "تحذير", "تنبيه", "الخلاصة"};
    const char *lang = doc->meta.lang;
    bool arabic = lang && g_ascii_strncasecmp(lang, "ar", 2) == 0 && strcspn(lang, "-_") == 2;
    if ((unsigned)type >= G_N_ELEMENTS(en))
        type = NASHRA_CALLOUT_NOTE;
    return arabic ? ar[type] : en[type];
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

/* The dir attribute of a block: the direction the PDF sets it in (dir: auto leaves it to the
 * reader's first-strong rule, as Pango does). */
/* The dir attribute for DIR. */
static const char *html_dir_attr(enum nashra_dir dir)
{
    return dir == NASHRA_DIR_RTL   ? " dir=\"rtl\""
           : dir == NASHRA_DIR_LTR ? " dir=\"ltr\""
                                   : " dir=\"auto\"";
}

static void html_opt_attr(GString *out, const char *name, const char *value)
{
    if (!value)
        return;
    g_string_append_printf(out, " %s=\"", name);
    html_escape_str(out, value);
    g_string_append_c(out, '"');
}

static const char *html_block_dir(enum nashra_dir rule, enum nashra_dir doc_dir,
                                  const struct nashra_node *n)
{
    enum nashra_dir written;
    switch (n->kind) {
    case NASHRA_NODE_BLOCK_QUOTE:
    case NASHRA_NODE_ITEM:
    case NASHRA_NODE_PARAGRAPH:
    case NASHRA_NODE_HEADING:
    case NASHRA_NODE_TABLE_CELL:
        if (nashra_node_written_dir(n, &written))
            return html_dir_attr(written);
        if (rule == NASHRA_DIR_AUTO)
            return html_dir_attr(NASHRA_DIR_AUTO);
        return html_dir_attr(nashra_node_direction(rule, doc_dir, n));
    case NASHRA_NODE_CODE_BLOCK:
        return html_dir_attr(NASHRA_DIR_LTR);
    default:
        return "";
    }
}

static void html_body(const struct nashra_doc *doc, bool standalone, bool unsafe, GString *out)
{
    GArray *ref_seen = g_array_new(FALSE, TRUE, sizeof(int)); /* references per note so far */
    enum nashra_dir rule = nashra_block_rule(doc), doc_dir = nashra_doc_direction(doc);
    struct nashra_iter it;
    enum nashra_event ev;
    nashra_iter_init(&it, doc->root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = it.cur;
        bool enter = ev == NASHRA_EVENT_ENTER;
        const char *autodir = standalone && enter ? html_block_dir(rule, doc_dir, n) : "";
        switch (n->kind) {
        case NASHRA_NODE_DOCUMENT: break;
        case NASHRA_NODE_BLOCK_QUOTE:
            html_cr(out);
            if (enter)
                g_string_append_printf(out, "<blockquote%s>\n", autodir);
            else
                g_string_append(out, "</blockquote>\n");
            break;
        case NASHRA_NODE_LIST: {
            bool ordered = n->as.list.type == NASHRA_LIST_ORDERED;
            if (enter) {
                html_cr(out);
                if (ordered && n->as.list.start != 1)
                    g_string_append_printf(out, "<ol start=\"%d\">\n", n->as.list.start);
                else
                    g_string_append(out, ordered ? "<ol>\n" : "<ul>\n");
            } else {
                g_string_append(out, ordered ? "</ol>\n" : "</ul>\n");
            }
            break;
        }
        case NASHRA_NODE_ITEM:
            if (enter) {
                html_cr(out);
                g_string_append_printf(out, "<li%s>", autodir);
            } else {
                g_string_append(out, "</li>\n");
            }
            break;
        case NASHRA_NODE_PARAGRAPH:
            if (html_in_tight_list(n))
                break;
            if (enter) {
                html_cr(out);
                g_string_append_printf(out, "<p%s>", autodir);
            } else {
                g_string_append(out, "</p>\n");
            }
            break;
        case NASHRA_NODE_HEADING:
            if (enter) {
                html_cr(out);
                g_string_append_printf(out, "<h%d", n->as.heading.level);
                if (standalone && n->as.heading.id) {
                    g_string_append(out, " id=\"");
                    html_escape_str(out, n->as.heading.id);
                    g_string_append_c(out, '"');
                }
                if (n->as.heading.lang) {
                    g_string_append(out, " lang=\"");
                    html_escape_str(out, n->as.heading.lang);
                    g_string_append_c(out, '"');
                }
                if (!standalone && n->as.heading.dir_set)
                    autodir = html_block_dir(rule, doc_dir, n);
                g_string_append_printf(out, "%s>", autodir);
            } else {
                g_string_append_printf(out, "</h%d>\n", n->as.heading.level);
            }
            break;
        case NASHRA_NODE_CODE_BLOCK: {
            html_cr(out);
            g_string_append_printf(out, "<pre%s><code", autodir);
            const char *info = n->as.code.info;
            if (info && *info) {
                size_t w = strcspn(info, " \t\n");
                g_string_append(out, " class=\"language-");
                html_escape(out, info, w);
                g_string_append_c(out, '"');
            }
            g_string_append_c(out, '>');
            html_escape(out, n->literal, n->literal_len);
            g_string_append(out, "</code></pre>\n");
            break;
        }
        case NASHRA_NODE_HTML_BLOCK:
            html_cr(out);
            if (unsafe)
                g_string_append_len(out, n->literal, (gssize)n->literal_len);
            else
                g_string_append(out, html_omitted);
            html_cr(out);
            break;
        case NASHRA_NODE_THEMATIC_BREAK:
            html_cr(out);
            g_string_append(out, "<hr />\n");
            break;
        case NASHRA_NODE_TEXT: html_escape(out, n->literal, n->literal_len); break;
        case NASHRA_NODE_SOFTBREAK: g_string_append_c(out, '\n'); break;
        case NASHRA_NODE_LINEBREAK: g_string_append(out, "<br />\n"); break;
        case NASHRA_NODE_CODE:
            g_string_append(out, "<code>");
            html_escape(out, n->literal, n->literal_len);
            g_string_append(out, "</code>");
            break;
        case NASHRA_NODE_HTML_INLINE:
            if (unsafe)
                g_string_append_len(out, n->literal, (gssize)n->literal_len);
            else
                g_string_append(out, html_omitted);
            break;
        case NASHRA_NODE_EMPH: g_string_append(out, enter ? "<em>" : "</em>"); break;
        case NASHRA_NODE_STRONG: g_string_append(out, enter ? "<strong>" : "</strong>"); break;
        case NASHRA_NODE_LINK:
            if (n->as.link.anchor && !n->as.link.url) { /* a reference entry's target */
                if (enter) {
                    g_string_append(out, "<a id=\"");
                    html_escape_str(out, n->as.link.anchor);
                    g_string_append(out, "\">");
                } else {
                    g_string_append(out, "</a>");
                }
                break;
            }
            if (enter) {
                g_string_append(out, "<a href=\"");
                html_url(out, n->as.link.url, unsafe);
                g_string_append_c(out, '"');
                if (n->as.link.title) {
                    g_string_append(out, " title=\"");
                    html_escape_str(out, n->as.link.title);
                    g_string_append_c(out, '"');
                }
                g_string_append_c(out, '>');
            } else {
                g_string_append(out, "</a>");
            }
            break;
        case NASHRA_NODE_IMAGE:
            g_string_append(out, "<img src=\"");
            html_url(out, n->as.link.url, unsafe);
            g_string_append(out, "\" alt=\"");
            html_alt(out, &it);
            g_string_append_c(out, '"');
            if (n->parent && n->parent->kind == NASHRA_NODE_FIGURE) {
                /* A figure's title is its caption, not a tooltip. */
                html_figure_width(out, n->parent);
            } else if (n->as.link.title) {
                g_string_append(out, " title=\"");
                html_escape_str(out, n->as.link.title);
                g_string_append_c(out, '"');
            }
            g_string_append(out, " />");
            break;
        case NASHRA_NODE_STRIKETHROUGH: g_string_append(out, enter ? "<del>" : "</del>"); break;
        case NASHRA_NODE_SPAN:
            if (!enter) {
                g_string_append(out, "</span>");
                break;
            }
            g_string_append(out, "<span");
            if (n->as.span.lang) {
                g_string_append(out, " lang=\"");
                html_escape_str(out, n->as.span.lang);
                g_string_append_c(out, '"');
            }
            if (n->as.span.dir_set)
                g_string_append(out, html_dir_attr(n->as.span.dir));
            g_string_append_c(out, '>');
            break;
        case NASHRA_NODE_FOOTNOTE_REF: {
            int i = n->as.footnote.index;
            if (i <= 0)
                break;
            if ((guint)i >= ref_seen->len)
                g_array_set_size(ref_seen, (guint)i + 1);
            int seen = ++g_array_index(ref_seen, int, i);
            g_string_append_printf(out,
                                   "<sup class=\"footnote-ref\"><a href=\"#fn-%d\" id=\"fnref-%d",
                                   i, i);
            if (seen > 1)
                g_string_append_printf(out, "-%d", seen);
            g_string_append_printf(out, "\">%d</a></sup>", i);
            break;
        }
        case NASHRA_NODE_FOOTNOTE_DEF:
            if (enter) {
                if (!n->prev || n->prev->kind != NASHRA_NODE_FOOTNOTE_DEF) {
                    html_cr(out);
                    g_string_append(out, "<section class=\"footnotes\">\n<ol>\n");
                }
                html_cr(out);
                g_string_append_printf(out, "<li id=\"fn-%d\">\n", n->as.footnote.index);
            } else {
                html_backref(out, n->as.footnote.index);
                html_cr(out);
                g_string_append(out, "</li>\n");
                if (!n->next || n->next->kind != NASHRA_NODE_FOOTNOTE_DEF)
                    g_string_append(out, "</ol>\n</section>\n");
            }
            break;
        case NASHRA_NODE_CITATION:
            html_citation(out, n, nashra_cite_lang(&doc->meta));
            nashra_iter_skip_children(&it);
            break;
        case NASHRA_NODE_TABLE:
            html_cr(out);
            if (enter) {
                g_string_append(out, "<table");
                if (n->as.table.id) {
                    g_string_append(out, " id=\"");
                    html_escape_str(out, n->as.table.id);
                    g_string_append_c(out, '"');
                }
                g_string_append(out, ">\n");
                if (n->as.table.caption) {
                    const char *lang = nashra_cite_lang(&doc->meta);
                    char *num = nashra_format_number(
                        n->as.table.number, nashra_resolve_digits(lang, doc->meta.digits));
                    g_string_append_printf(out, "<caption>%s %s: ",
                                           nashra_text(lang, NASHRA_TEXT_TABLE), num);
                    html_escape_str(out, n->as.table.caption);
                    g_string_append(out, "</caption>\n");
                    g_free(num);
                }
            } else {
                g_string_append(out, "</table>\n");
            }
            break;
        case NASHRA_NODE_TABLE_ROW: {
            bool head = n->as.row.header;
            if (enter) {
                if (head)
                    g_string_append(out, "<thead>\n");
                else if (!n->prev || n->prev->as.row.header)
                    g_string_append(out, "<tbody>\n");
                g_string_append(out, "<tr>\n");
            } else {
                g_string_append(out, "</tr>\n");
                if (head)
                    g_string_append(out, "</thead>\n");
                else if (!n->next)
                    g_string_append(out, "</tbody>\n");
            }
            break;
        }
        case NASHRA_NODE_TABLE_CELL: {
            bool head = n->parent && n->parent->as.row.header;
            if (enter) {
                g_string_append(out, head ? "<th" : "<td");
                g_string_append(out, autodir);
                html_align(out, n->as.cell.align);
                g_string_append_c(out, '>');
            } else {
                g_string_append(out, head ? "</th>\n" : "</td>\n");
            }
            break;
        }
        case NASHRA_NODE_CALLOUT:
            html_cr(out);
            if (enter) {
                unsigned t = (unsigned)n->as.callout.type;
                g_string_append_printf(
                    out, "<div class=\"callout callout-%s\">\n<p class=\"callout-title\"%s>",
                    t < G_N_ELEMENTS(html_callout_class) ? html_callout_class[t] : "note", autodir);
                if (n->as.callout.title)
                    html_escape_str(out, n->as.callout.title);
                else
                    g_string_append(out, html_callout_title(doc, n->as.callout.type));
                g_string_append(out, "</p>\n");
            } else {
                g_string_append(out, "</div>\n");
            }
            break;
        case NASHRA_NODE_DIV:
            html_cr(out);
            if (!enter) {
                g_string_append(out, "</div>\n");
                break;
            }
            g_string_append(out, "<div");
            html_opt_attr(out, "id", n->as.div.id);
            html_opt_attr(out, "class", n->as.div.classes);
            html_opt_attr(out, "lang", n->as.div.lang);
            if (n->as.div.dir_set)
                g_string_append(out, html_dir_attr(n->as.div.dir));
            g_string_append(out, ">\n");
            break;
        case NASHRA_NODE_ATTRIBUTION:
            if (enter) {
                html_cr(out);
                g_string_append_printf(out, "<footer class=\"attribution\"%s>— ", autodir);
            } else {
                g_string_append(out, "</footer>\n");
            }
            break;
        case NASHRA_NODE_FIGURE:
            html_cr(out);
            if (enter) {
                g_string_append(out, "<figure");
                if (n->as.figure.id) {
                    g_string_append(out, " id=\"");
                    html_escape_str(out, n->as.figure.id);
                    g_string_append_c(out, '"');
                }
                g_string_append(out, ">\n");
                break;
            }
            if (n->first_child && n->first_child->as.link.title) {
                g_string_append(out, "<figcaption>");
                html_escape_str(out, n->first_child->as.link.title);
                g_string_append(out, "</figcaption>\n");
            }
            g_string_append(out, "</figure>\n");
            break;
        default: break;
        }
    }
    g_array_unref(ref_seen);
}

static const char *html_dir(const struct nashra_doc *doc)
{
    return nashra_doc_direction(doc) == NASHRA_DIR_RTL ? "rtl" : "ltr";
}

/* The language the header's generated words are in: lang, else by direction. */
static const char *html_header_lang(const struct nashra_doc *doc)
{
    if (doc->meta.lang && *doc->meta.lang)
        return doc->meta.lang;
    return strcmp(html_dir(doc), "rtl") == 0 ? "ar" : "en";
}

static void html_header(const struct nashra_doc *doc, bool unsafe, GString *out)
{
    const struct nashra_meta *m = &doc->meta;
    const char *lang = html_header_lang(doc);
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
                nashra_apply_digits(m->source_issue, nashra_resolve_digits(lang, m->digits));
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
    const char *lang = html_header_lang(doc);
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
    html_escape_str(out, m->lang ? m->lang : "und"); /* BCP 47: undetermined */
    g_string_append_printf(out, "\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                           html_dir(doc));
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
