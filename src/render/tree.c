/* The tree dump (--to tree): metadata, then one node per line with its kind, source range and
 * kind-specific fields, indented by depth. The format is documented in docs/tree.md. */
#include "render/render.h"

#include <string.h>

#define TREE_MAX_INDENT 100

static void tree_quote(GString *out, const char *s, size_t len)
{
    g_string_append_c(out, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\t': g_string_append(out, "\\t"); break;
        case '\r': g_string_append(out, "\\r"); break;
        default:
            if (c < 0x20 || c == 0x7f)
                g_string_append_printf(out, "\\u{%x}", c);
            else
                g_string_append_c(out, (char)c);
        }
    }
    g_string_append_c(out, '"');
}

static void tree_quote_str(GString *out, const char *s)
{
    tree_quote(out, s, strlen(s));
}

static void tree_meta_str(GString *out, const char *key, const char *value)
{
    if (!value)
        return;
    g_string_append_printf(out, "meta %s=", key);
    tree_quote_str(out, value);
    g_string_append_c(out, '\n');
}

static void tree_meta_list(GString *out, const char *key, const GPtrArray *list)
{
    if (!list || !list->len)
        return;
    g_string_append_printf(out, "meta %s=[", key);
    for (guint i = 0; i < list->len; i++) {
        if (i)
            g_string_append(out, ", ");
        tree_quote_str(out, g_ptr_array_index(list, i));
    }
    g_string_append(out, "]\n");
}

static void tree_meta(GString *out, const struct nashra_meta *m)
{
    tree_meta_str(out, "title", m->title);
    tree_meta_str(out, "subtitle", m->subtitle);
    tree_meta_list(out, "authors", m->authors);
    tree_meta_str(out, "date", m->date);
    tree_meta_str(out, "source", m->source);
    tree_meta_str(out, "source-url", m->source_url);
    tree_meta_str(out, "source-issue", m->source_issue);
    tree_meta_str(out, "source-volume", m->source_volume);
    tree_meta_str(out, "source-pages", m->source_pages);
    tree_meta_str(out, "source-date", m->source_date);
    tree_meta_str(out, "pdf-url", m->pdf_url);
    for (guint i = 0; m->people && i < m->people->len; i++) {
        const struct nashra_person *p = g_ptr_array_index(m->people, i);
        if (p->affiliation)
            tree_meta_str(out, "affiliation", p->affiliation);
    }
    tree_meta_str(out, "series", m->series);
    tree_meta_str(out, "number", m->number);
    tree_meta_str(out, "summary", m->summary);
    tree_meta_str(out, "license", m->license);
    tree_meta_str(out, "lang", m->lang);
    if (m->dir != NASHRA_DIR_AUTO)
        g_string_append_printf(out, "meta dir=%s\n", m->dir == NASHRA_DIR_RTL ? "rtl" : "ltr");
    tree_meta_list(out, "keywords", m->keywords);
    static const char *const digits[] = {"default", "latin", "arabic-indic", "persian"};
    if (m->digits != NASHRA_DIGITS_DEFAULT)
        g_string_append_printf(out, "meta digits=%s%s\n", digits[m->digits],
                               m->body_digits ? " body" : "");
    tree_meta_str(out, "template", m->template_name);
    if (m->paragraph_numbers)
        g_string_append(out, "meta paragraph-numbers\n");
    if (m->no_smart)
        g_string_append(out, "meta smart=false\n");
    tree_meta_str(out, "citation-style", m->citation_style);
    if (m->resolved.done) {
        g_string_append_printf(out, "resolved dir=%s rule=%s lang=", nashra_dir_name(m->resolved.dir),
                               nashra_dir_name(m->resolved.block_rule));
        tree_quote_str(out, m->resolved.lang);
        g_string_append_printf(out, " digits=%s", digits[m->resolved.digits]);
        if (m->resolved.citation_style) {
            g_string_append(out, " citation-style=");
            tree_quote_str(out, m->resolved.citation_style);
            if (m->resolved.note_style)
                g_string_append(out, " notes");
        }
        g_string_append_c(out, '\n');
    }
}

/* What the resolve stage decided for a block or span: its direction, its language where it is
 * not its parent's, the script of its first letter: " dir=rtl lang="en" script=Latn". */
static void tree_resolved(GString *out, const struct nashra_node *n)
{
    if (!n->lang)
        return;
    g_string_append_printf(out, " dir=%s", nashra_dir_name(n->dir));
    if (!n->parent || n->parent->lang != n->lang) { /* interned: one pointer per language */
        g_string_append(out, " lang=");
        tree_quote_str(out, n->lang);
    }
    guint32 tag = g_unicode_script_to_iso15924(n->script);
    if (tag && n->script != G_UNICODE_SCRIPT_COMMON && n->script != G_UNICODE_SCRIPT_INHERITED)
        g_string_append_printf(out, " script=%c%c%c%c", (char)(tag >> 24), (char)(tag >> 16),
                               (char)(tag >> 8), (char)tag);
}

static const char *tree_align(enum nashra_align a)
{
    switch (a) {
    case NASHRA_ALIGN_LEFT: return "left";
    case NASHRA_ALIGN_CENTER: return "center";
    case NASHRA_ALIGN_RIGHT: return "right";
    default: return "none";
    }
}

static const char *const tree_callouts[] = {"note", "tip", "important", "warning", "caution",
                                            "summary"};

static void tree_opt_str(GString *out, const char *key, const char *value)
{
    if (!value)
        return;
    g_string_append_printf(out, " %s=", key);
    tree_quote_str(out, value);
}

static void tree_fields(GString *out, const struct nashra_node *n)
{
    switch (n->kind) {
    case NASHRA_NODE_FOOTNOTE_DEF:
    case NASHRA_NODE_FOOTNOTE_REF:
        tree_opt_str(out, "label", n->as.footnote.label);
        g_string_append_printf(out, " index=%d", n->as.footnote.index);
        break;
    case NASHRA_NODE_CITE_ITEM:
        tree_opt_str(out, "key", n->as.cite.key);
        tree_opt_str(out, "locator", n->as.cite.locator);
        break;
    case NASHRA_NODE_TABLE:
        g_string_append_printf(out, " columns=%d aligns=[", n->as.table.columns);
        for (int i = 0; i < n->as.table.columns; i++)
            g_string_append_printf(out, "%s%s", i ? "," : "", tree_align(n->as.table.aligns[i]));
        g_string_append_c(out, ']');
        break;
    case NASHRA_NODE_TABLE_ROW:
        if (n->as.row.header)
            g_string_append(out, " header");
        break;
    case NASHRA_NODE_TABLE_CELL:
        g_string_append_printf(out, " column=%d align=%s", n->as.cell.column,
                               tree_align(n->as.cell.align));
        break;
    case NASHRA_NODE_CALLOUT:
        if ((unsigned)n->as.callout.type < G_N_ELEMENTS(tree_callouts))
            g_string_append_printf(out, " type=%s", tree_callouts[n->as.callout.type]);
        tree_opt_str(out, "title", n->as.callout.title);
        break;
    case NASHRA_NODE_SPAN:
        if (n->as.span.isolate)
            g_string_append_printf(out, " isolate=%s", nashra_dir_name(n->as.span.dir));
        else if (n->as.span.dir_set)
            g_string_append_printf(out, " written-dir=%s", nashra_dir_name(n->as.span.dir));
        tree_opt_str(out, "written-lang", n->as.span.lang);
        break;
    case NASHRA_NODE_DIV:
        tree_opt_str(out, "id", n->as.div.id);
        tree_opt_str(out, "classes", n->as.div.classes);
        if (n->as.div.dir_set)
            g_string_append_printf(out, " written-dir=%s", nashra_dir_name(n->as.div.dir));
        tree_opt_str(out, "written-lang", n->as.div.lang);
        break;
    case NASHRA_NODE_PARAGRAPH:
        if (n->as.paragraph.number)
            g_string_append_printf(out, " number=%d", n->as.paragraph.number);
        break;
    case NASHRA_NODE_FIGURE:
        tree_opt_str(out, "id", n->as.figure.id);
        if (n->as.figure.number)
            g_string_append_printf(out, " number=%d", n->as.figure.number);
        if (n->as.figure.width_unit != NASHRA_LENGTH_NONE) {
            char num[G_ASCII_DTOSTR_BUF_SIZE];
            g_ascii_formatd(num, sizeof num, "%.6g", n->as.figure.width);
            g_string_append_printf(out, " width=%s%s", num,
                                   nashra_length_unit_name(n->as.figure.width_unit));
        }
        tree_opt_str(out, "credit", n->as.figure.credit);
        break;
    case NASHRA_NODE_HEADING:
        g_string_append_printf(out, " level=%d", n->as.heading.level);
        if (n->as.heading.setext)
            g_string_append(out, " setext");
        if (n->as.heading.id) {
            g_string_append(out, " id=");
            tree_quote_str(out, n->as.heading.id);
        }
        if (n->as.heading.dir_set)
            g_string_append_printf(out, " written-dir=%s", nashra_dir_name(n->as.heading.dir));
        tree_opt_str(out, "written-lang", n->as.heading.lang);
        break;
    case NASHRA_NODE_LIST:
        if (n->as.list.type == NASHRA_LIST_ORDERED)
            g_string_append_printf(out, " type=ordered start=%d delim=\"%c\"", n->as.list.start,
                                   n->as.list.delim);
        else
            g_string_append_printf(out, " type=bullet bullet=\"%c\"", n->as.list.bullet);
        g_string_append(out, n->as.list.tight ? " tight" : " loose");
        break;
    case NASHRA_NODE_CODE_BLOCK:
        g_string_append(out, n->as.code.fenced ? " fenced" : " indented");
        if (n->as.code.info && *n->as.code.info) {
            g_string_append(out, " info=");
            tree_quote_str(out, n->as.code.info);
        }
        break;
    case NASHRA_NODE_LINK:
    case NASHRA_NODE_IMAGE:
        g_string_append(out, " url=");
        tree_quote_str(out, n->as.link.url ? n->as.link.url : "");
        if (n->as.link.title) {
            g_string_append(out, " title=");
            tree_quote_str(out, n->as.link.title);
        }
        if (n->kind == NASHRA_NODE_IMAGE)
            tree_opt_str(out, "attrs", n->as.link.attrs);
        break;
    default: break;
    }
    if (n->literal) {
        g_string_append_c(out, ' ');
        tree_quote(out, n->literal, n->literal_len);
    }
}

void nashra_render_tree(const struct nashra_doc *doc, GString *out)
{
    tree_meta(out, &doc->meta);
    struct nashra_iter it;
    enum nashra_event ev;
    int depth = 0;
    nashra_iter_init(&it, doc->root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        const struct nashra_node *n = it.cur;
        if (ev == NASHRA_EVENT_EXIT) {
            depth--;
            continue;
        }
        /* Indentation stops growing at TREE_MAX_INDENT so that input nested thousands deep
         * cannot make the dump quadratic; deeper lines name their depth instead. */
        for (int i = 0; i < depth && i < TREE_MAX_INDENT; i++)
            g_string_append(out, "  ");
        if (depth > TREE_MAX_INDENT)
            g_string_append_printf(out, "@%d ", depth);
        g_string_append_printf(out, "%s [%d:%d-%d:%d]", nashra_node_kind_name(n->kind),
                               n->start.line, n->start.col, n->end.line, n->end.col);
        tree_resolved(out, n);
        tree_fields(out, n);
        g_string_append_c(out, '\n');
        if (nashra_node_kind_is_container(n->kind))
            depth++;
    }
}
