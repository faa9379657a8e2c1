/* Tree nodes: allocation, linking, the enter/exit iterator and the document container.
 * Everything here is iterative so that deeply nested input cannot exhaust the stack. */
#include "doc.h"

#include <string.h>

static const char *const kind_names[NASHRA_NODE_KIND_COUNT] = {
    [NASHRA_NODE_DOCUMENT] = "document",
    [NASHRA_NODE_BLOCK_QUOTE] = "block_quote",
    [NASHRA_NODE_LIST] = "list",
    [NASHRA_NODE_ITEM] = "item",
    [NASHRA_NODE_CODE_BLOCK] = "code_block",
    [NASHRA_NODE_HTML_BLOCK] = "html_block",
    [NASHRA_NODE_PARAGRAPH] = "paragraph",
    [NASHRA_NODE_HEADING] = "heading",
    [NASHRA_NODE_THEMATIC_BREAK] = "thematic_break",
    [NASHRA_NODE_TEXT] = "text",
    [NASHRA_NODE_SOFTBREAK] = "softbreak",
    [NASHRA_NODE_LINEBREAK] = "linebreak",
    [NASHRA_NODE_CODE] = "code",
    [NASHRA_NODE_HTML_INLINE] = "html_inline",
    [NASHRA_NODE_EMPH] = "emph",
    [NASHRA_NODE_STRONG] = "strong",
    [NASHRA_NODE_LINK] = "link",
    [NASHRA_NODE_IMAGE] = "image",
    [NASHRA_NODE_FOOTNOTE_DEF] = "footnote_def",
    [NASHRA_NODE_TABLE] = "table",
    [NASHRA_NODE_TABLE_ROW] = "table_row",
    [NASHRA_NODE_TABLE_CELL] = "table_cell",
    [NASHRA_NODE_CALLOUT] = "callout",
    [NASHRA_NODE_ATTRIBUTION] = "attribution",
    [NASHRA_NODE_FIGURE] = "figure",
    [NASHRA_NODE_DIV] = "div",
    [NASHRA_NODE_STRIKETHROUGH] = "strikethrough",
    [NASHRA_NODE_SMART_QUOTE] = "smart_quote",
    [NASHRA_NODE_FOOTNOTE_REF] = "footnote_ref",
    [NASHRA_NODE_CITATION] = "citation",
    [NASHRA_NODE_CITE_ITEM] = "cite_item",
    [NASHRA_NODE_SPAN] = "span",
};

const char *nashra_dir_name(enum nashra_dir dir)
{
    return dir == NASHRA_DIR_RTL ? "rtl" : dir == NASHRA_DIR_LTR ? "ltr" : "auto";
}

const char *nashra_length_unit_name(enum nashra_length_unit unit)
{
    static const char *const names[] = {[NASHRA_LENGTH_NONE] = "",   [NASHRA_LENGTH_PERCENT] = "%",
                                        [NASHRA_LENGTH_CM] = "cm",   [NASHRA_LENGTH_MM] = "mm",
                                        [NASHRA_LENGTH_IN] = "in",   [NASHRA_LENGTH_PT] = "pt",
                                        [NASHRA_LENGTH_PX] = "px"};
    return (unsigned)unit < G_N_ELEMENTS(names) ? names[unit] : "";
}

const char *nashra_node_kind_name(enum nashra_node_kind kind)
{
    if ((int)kind < 0 || kind >= NASHRA_NODE_KIND_COUNT || !kind_names[kind])
        return "unknown";
    return kind_names[kind];
}

bool nashra_node_is_block(const struct nashra_node *node)
{
    return node->kind < NASHRA_NODE_TEXT;
}

bool nashra_node_kind_is_container(enum nashra_node_kind kind)
{
    switch (kind) {
    case NASHRA_NODE_DOCUMENT:
    case NASHRA_NODE_BLOCK_QUOTE:
    case NASHRA_NODE_LIST:
    case NASHRA_NODE_ITEM:
    case NASHRA_NODE_PARAGRAPH:
    case NASHRA_NODE_HEADING:
    case NASHRA_NODE_EMPH:
    case NASHRA_NODE_STRONG:
    case NASHRA_NODE_LINK:
    case NASHRA_NODE_IMAGE:
    case NASHRA_NODE_FOOTNOTE_DEF:
    case NASHRA_NODE_TABLE:
    case NASHRA_NODE_TABLE_ROW:
    case NASHRA_NODE_TABLE_CELL:
    case NASHRA_NODE_CALLOUT:
    case NASHRA_NODE_ATTRIBUTION:
    case NASHRA_NODE_FIGURE:
    case NASHRA_NODE_DIV:
    case NASHRA_NODE_STRIKETHROUGH:
    case NASHRA_NODE_CITATION:
    case NASHRA_NODE_SPAN:
        return true;
    default:
        return false;
    }
}

struct nashra_node *nashra_node_new(enum nashra_node_kind kind, struct nashra_pos start)
{
    struct nashra_node *n = g_new0(struct nashra_node, 1);
    n->kind = kind;
    n->start = start;
    n->end = start;
    return n;
}

static void node_free_one(struct nashra_node *n)
{
    g_free(n->literal);
    switch (n->kind) {
    case NASHRA_NODE_HEADING:
        g_free(n->as.heading.id);
        g_free(n->as.heading.lang);
        break;
    case NASHRA_NODE_SPAN:
        g_free(n->as.span.lang);
        break;
    case NASHRA_NODE_DIV:
        g_free(n->as.div.id);
        g_free(n->as.div.classes);
        g_free(n->as.div.lang);
        break;
    case NASHRA_NODE_CODE_BLOCK:
        g_free(n->as.code.info);
        break;
    case NASHRA_NODE_LINK:
    case NASHRA_NODE_IMAGE:
        g_free(n->as.link.url);
        g_free(n->as.link.title);
        g_free(n->as.link.attrs);
        g_free(n->as.link.anchor);
        break;
    case NASHRA_NODE_FIGURE:
        g_free(n->as.figure.id);
        g_free(n->as.figure.credit);
        g_free(n->as.figure.label);
        break;
    case NASHRA_NODE_FOOTNOTE_DEF:
    case NASHRA_NODE_FOOTNOTE_REF:
        g_free(n->as.footnote.label);
        break;
    case NASHRA_NODE_CITE_ITEM:
        g_free(n->as.cite.key);
        g_free(n->as.cite.locator);
        g_free(n->as.cite.text);
        g_free(n->as.cite.dest);
        break;
    case NASHRA_NODE_TABLE:
        g_free(n->as.table.aligns);
        g_free(n->as.table.caption);
        g_free(n->as.table.id);
        g_free(n->as.table.label);
        break;
    case NASHRA_NODE_CALLOUT:
        g_free(n->as.callout.title);
        break;
    default:
        break;
    }
    g_free(n);
}

void nashra_node_free(struct nashra_node *node)
{
    if (!node)
        return;
    nashra_node_unlink(node);
    /* Splice each node's children into the work list instead of recursing. */
    struct nashra_node *cur = node;
    while (cur) {
        if (cur->first_child) {
            struct nashra_node *last = cur->last_child;
            last->next = cur->next;
            cur->next = cur->first_child;
            cur->first_child = cur->last_child = NULL;
        }
        struct nashra_node *next = cur->next;
        node_free_one(cur);
        cur = next;
    }
}

void nashra_node_unlink(struct nashra_node *node)
{
    if (node->prev)
        node->prev->next = node->next;
    if (node->next)
        node->next->prev = node->prev;
    if (node->parent) {
        if (node->parent->first_child == node)
            node->parent->first_child = node->next;
        if (node->parent->last_child == node)
            node->parent->last_child = node->prev;
    }
    node->parent = node->prev = node->next = NULL;
}

void nashra_node_append_child(struct nashra_node *parent, struct nashra_node *child)
{
    nashra_node_unlink(child);
    child->parent = parent;
    child->prev = parent->last_child;
    if (parent->last_child)
        parent->last_child->next = child;
    else
        parent->first_child = child;
    parent->last_child = child;
}

void nashra_node_prepend_child(struct nashra_node *parent, struct nashra_node *child)
{
    nashra_node_unlink(child);
    child->parent = parent;
    child->next = parent->first_child;
    if (parent->first_child)
        parent->first_child->prev = child;
    else
        parent->last_child = child;
    parent->first_child = child;
}

void nashra_node_insert_after(struct nashra_node *sibling, struct nashra_node *node)
{
    nashra_node_unlink(node);
    node->parent = sibling->parent;
    node->prev = sibling;
    node->next = sibling->next;
    if (sibling->next)
        sibling->next->prev = node;
    else if (sibling->parent)
        sibling->parent->last_child = node;
    sibling->next = node;
}

void nashra_node_insert_before(struct nashra_node *sibling, struct nashra_node *node)
{
    nashra_node_unlink(node);
    node->parent = sibling->parent;
    node->next = sibling;
    node->prev = sibling->prev;
    if (sibling->prev)
        sibling->prev->next = node;
    else if (sibling->parent)
        sibling->parent->first_child = node;
    sibling->prev = node;
}

void nashra_node_set_literal(struct nashra_node *node, const char *s, size_t len)
{
    g_free(node->literal);
    node->literal = g_strndup(s, len);
    node->literal_len = len;
}

char *nashra_node_plain_text(const struct nashra_node *node)
{
    GString *out = g_string_new(NULL);
    struct nashra_iter it;
    nashra_iter_init(&it, (struct nashra_node *)node);
    enum nashra_event ev;
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        if (ev != NASHRA_EVENT_ENTER)
            continue;
        const struct nashra_node *n = it.cur;
        switch (n->kind) {
        case NASHRA_NODE_TEXT:
        case NASHRA_NODE_CODE:
        case NASHRA_NODE_SMART_QUOTE: /* before resolve: the quote as typed */
            g_string_append_len(out, n->literal, (gssize)n->literal_len);
            break;
        case NASHRA_NODE_SOFTBREAK:
        case NASHRA_NODE_LINEBREAK:
            g_string_append_c(out, ' ');
            break;
        default:
            break;
        }
    }
    return g_string_free(out, FALSE);
}

void nashra_iter_init(struct nashra_iter *it, struct nashra_node *root)
{
    it->root = root;
    it->cur = NULL;
    it->ev = NASHRA_EVENT_NONE;
}

enum nashra_event nashra_iter_next(struct nashra_iter *it)
{
    if (!it->root)
        return NASHRA_EVENT_NONE;
    if (it->ev == NASHRA_EVENT_NONE && !it->cur) {
        it->cur = it->root;
        it->ev = NASHRA_EVENT_ENTER;
        return it->ev;
    }
    struct nashra_node *cur = it->cur;
    if (it->ev == NASHRA_EVENT_ENTER && nashra_node_kind_is_container(cur->kind)) {
        if (cur->first_child) {
            it->cur = cur->first_child;
            it->ev = NASHRA_EVENT_ENTER;
        } else {
            it->ev = NASHRA_EVENT_EXIT;
        }
        return it->ev;
    }
    if (cur == it->root) {
        it->root = NULL;
        it->ev = NASHRA_EVENT_NONE;
        return it->ev;
    }
    if (cur->next) {
        it->cur = cur->next;
        it->ev = NASHRA_EVENT_ENTER;
    } else if (cur->parent) {
        it->cur = cur->parent;
        it->ev = NASHRA_EVENT_EXIT;
    } else {
        it->root = NULL;
        it->ev = NASHRA_EVENT_NONE;
    }
    return it->ev;
}

void nashra_iter_skip_children(struct nashra_iter *it)
{
    if (it->ev == NASHRA_EVENT_ENTER && nashra_node_kind_is_container(it->cur->kind))
        it->ev = NASHRA_EVENT_EXIT;
}

struct nashra_person *nashra_person_new(const char *name)
{
    struct nashra_person *p = g_new0(struct nashra_person, 1);
    p->name = g_strdup(name);
    return p;
}

void nashra_person_free(struct nashra_person *p)
{
    if (!p)
        return;
    g_free(p->name);
    g_free(p->affiliation);
    g_free(p->email);
    g_free(p->role);
    g_free(p);
}

void nashra_meta_clear(struct nashra_meta *m)
{
    char **strings[] = {&m->title, &m->subtitle, &m->date, &m->source, &m->source_url,
                        &m->source_issue, &m->source_volume, &m->source_pages, &m->source_date, &m->pdf_url,
                        &m->series, &m->number, &m->summary, &m->license, &m->lang,
                        &m->template_name, &m->bibliography,
                        &m->bibliography_file, &m->citation_style, &m->citation_style_file,
                        &m->citation_style_xml, &m->resolved.citation_style,
                        &m->resolved.series, &m->resolved.byline, &m->resolved.affiliations,
                        &m->resolved.date, &m->resolved.source};
    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
        g_free(*strings[i]);
    if (m->authors)
        g_ptr_array_unref(m->authors);
    if (m->people)
        g_ptr_array_unref(m->people);
    if (m->keywords)
        g_ptr_array_unref(m->keywords);
    if (m->font_dirs)
        g_ptr_array_unref(m->font_dirs);
    if (m->positions)
        g_hash_table_unref(m->positions);
    if (m->references)
        g_ptr_array_unref(m->references);
    memset(m, 0, sizeof *m);
}

struct nashra_doc *nashra_doc_new(void)
{
    struct nashra_doc *doc = g_new0(struct nashra_doc, 1);
    doc->root = nashra_node_new(NASHRA_NODE_DOCUMENT, (struct nashra_pos){1, 1, 0});
    doc->meta.authors = g_ptr_array_new_with_free_func(g_free);
    doc->meta.keywords = g_ptr_array_new_with_free_func(g_free);
    doc->meta.font_dirs = g_ptr_array_new_with_free_func(g_free);
    doc->meta.people = g_ptr_array_new_with_free_func((GDestroyNotify)nashra_person_free);
    doc->meta.positions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    doc->meta.references = g_ptr_array_new_with_free_func((GDestroyNotify)nashra_ref_free);
    return doc;
}

void nashra_doc_free(struct nashra_doc *doc)
{
    if (!doc)
        return;
    nashra_node_free(doc->root);
    nashra_meta_clear(&doc->meta);
    g_free(doc);
}

void nashra_name_free(struct nashra_name *n)
{
    if (!n)
        return;
    g_free(n->family);
    g_free(n->given);
    g_free(n->literal);
    g_free(n);
}

bool nashra_name_split(const char *plain, char **family, char **given)
{
    char *s = g_strstrip(g_strdup(plain ? plain : ""));
    char *f = NULL, *g = NULL;
    const char *comma = strchr(s, ',');
    if (comma) {
        f = g_strstrip(g_strndup(s, (gsize)(comma - s)));
        g = g_strstrip(g_strdup(comma + 1));
    } else {
        /* Two or three words read as a person; longer plain names are organisations. */
        int words = 1;
        for (const char *p = s; *p; p++)
            words += *p == ' ';
        const char *sp = strrchr(s, ' ');
        if (words <= 3) {
            f = g_strdup(sp ? sp + 1 : s);
            g = sp ? g_strstrip(g_strndup(s, (gsize)(sp - s))) : NULL;
        }
    }
    g_free(s);
    if (!f || !*f) {
        g_free(f);
        g_free(g);
        return false;
    }
    if (g && !*g) {
        g_free(g);
        g = NULL;
    }
    *family = f;
    *given = g;
    return true;
}

struct nashra_ref *nashra_ref_new(void)
{
    struct nashra_ref *r = g_new0(struct nashra_ref, 1);
    r->authors = g_ptr_array_new_with_free_func((GDestroyNotify)nashra_name_free);
    return r;
}

void nashra_ref_free(struct nashra_ref *r)
{
    if (!r)
        return;
    char *strings[] = {r->id,  r->type,     r->title, r->container_title, r->publisher,
                       r->url, r->accessed, r->page,  r->volume,          r->issue,
                       r->csl_json};
    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
        g_free(strings[i]);
    g_ptr_array_unref(r->authors);
    g_free(r);
}

/* Numbers the references found under FROM (not inside other notes) and queues their notes. */
static void notes_number(struct nashra_node *from, GPtrArray *order)
{
    struct nashra_iter it;
    enum nashra_event ev;
    nashra_iter_init(&it, from);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER)
            continue;
        if (n->kind == NASHRA_NODE_FOOTNOTE_DEF && n != from) {
            nashra_iter_skip_children(&it);
            continue;
        }
        if (n->kind != NASHRA_NODE_FOOTNOTE_REF || !n->as.footnote.def)
            continue;
        struct nashra_node *def = n->as.footnote.def;
        if (!def->as.footnote.index) {
            g_ptr_array_add(order, def);
            def->as.footnote.index = (int)order->len;
        }
        n->as.footnote.index = def->as.footnote.index;
    }
}

GPtrArray *nashra_notes_order(struct nashra_node *root)
{
    GPtrArray *order = g_ptr_array_new();
    notes_number(root, order);
    for (guint i = 0; i < order->len; i++)
        notes_number(g_ptr_array_index(order, i), order);
    return order;
}
