/* Styles: libxml2 reads the XML (no network, no entity expansion), we keep it as a light tree of
 * csl_node with interned names and values in one string chunk. */
#include "csl/csl_int.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

G_DEFINE_QUARK(nashra-csl-error-quark, nashra_csl_error)

static const struct {
    const char *tag;
    enum csl_kind kind;
} kinds[] = {
    {"style", CSL_STYLE},       {"info", CSL_INFO},         {"locale", CSL_LOCALE},
    {"macro", CSL_MACRO},       {"citation", CSL_CITATION}, {"bibliography", CSL_BIBLIOGRAPHY},
    {"sort", CSL_SORT},         {"key", CSL_KEY},           {"layout", CSL_LAYOUT},
    {"text", CSL_TEXT},         {"number", CSL_NUMBER},     {"label", CSL_LABEL},
    {"group", CSL_GROUP},       {"choose", CSL_CHOOSE},     {"if", CSL_IF},
    {"else-if", CSL_ELSE_IF},   {"else", CSL_ELSE},         {"date", CSL_DATE},
    {"date-part", CSL_DATE_PART}, {"names", CSL_NAMES},     {"name", CSL_NAME},
    {"name-part", CSL_NAME_PART}, {"et-al", CSL_ET_AL},     {"substitute", CSL_SUBSTITUTE},
    {"terms", CSL_TERMS},       {"term", CSL_TERM},         {"single", CSL_SINGLE},
    {"multiple", CSL_MULTIPLE}, {"style-options", CSL_STYLE_OPTIONS},
};

static enum csl_kind kind_of(const char *tag, const struct csl_node *parent)
{
    /* Inside <info> everything (even <title>, <link>) is metadata. */
    for (const struct csl_node *p = parent; p; p = p->parent)
        if (p->kind == CSL_INFO)
            return CSL_OTHER;
    for (gsize i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (strcmp(kinds[i].tag, tag) == 0)
            return kinds[i].kind;
    return CSL_OTHER;
}

void csl_node_free(struct csl_node *node)
{
    /* Depth is bounded by CSL_MAX_DEPTH, so recursion is safe. */
    while (node) {
        struct csl_node *next = node->next;
        csl_node_free(node->first);
        g_free(node->attrs);
        g_free(node);
        node = next;
    }
}

struct build {
    GStringChunk *strings;
    int error_code;
    GError **error;
};

static struct csl_node *build_node(struct build *b, xmlNode *x, struct csl_node *parent, int depth)
{
    if (depth > CSL_MAX_DEPTH) {
        g_set_error(b->error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_LIMIT,
                    "line %ld: elements nested deeper than %d", xmlGetLineNo(x), CSL_MAX_DEPTH);
        return NULL;
    }
    struct csl_node *n = g_new0(struct csl_node, 1);
    n->tag = g_intern_string((const char *)x->name);
    n->parent = parent;
    n->kind = kind_of(n->tag, parent);
    n->line = (int)xmlGetLineNo(x);

    guint na = 0;
    for (xmlAttr *a = x->properties; a; a = a->next)
        na++;
    if (na) {
        n->attrs = g_new0(struct csl_attr, na);
        for (xmlAttr *a = x->properties; a; a = a->next) {
            xmlChar *v = xmlNodeListGetString(x->doc, a->children, 1);
            const char *name = (const char *)a->name;
            if (a->ns && a->ns->prefix && strcmp((const char *)a->ns->prefix, "xml") == 0) {
                char *q = g_strconcat("xml:", name, NULL);
                n->attrs[n->n_attrs].name = g_intern_string(q);
                g_free(q);
            } else {
                n->attrs[n->n_attrs].name = g_intern_string(name);
            }
            n->attrs[n->n_attrs].value = g_string_chunk_insert(b->strings, v ? (char *)v : "");
            n->n_attrs++;
            xmlFree(v);
        }
    }

    bool has_elements = false;
    GString *text = NULL;
    for (xmlNode *c = x->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            has_elements = true;
            struct csl_node *child = build_node(b, c, n, depth + 1);
            if (!child) {
                csl_node_free(n);
                return NULL;
            }
            if (n->last)
                n->last->next = child;
            else
                n->first = child;
            n->last = child;
        } else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (!text)
                text = g_string_new(NULL);
            g_string_append(text, (const char *)c->content);
        }
    }
    /* Text only matters in leaves (terms, single, multiple, info's title); whitespace between
     * child elements is layout, and so is a line break alone (<term name="note">\n</term> is
     * an empty term). A single space (" [et al.]") is kept. */
    if (text && strchr(text->str, '\n')) {
        const char *p = text->str;
        while (*p && g_ascii_isspace(*p))
            p++;
        if (!*p)
            g_string_truncate(text, 0);
    }
    if (!has_elements && (text || n->kind == CSL_TERM || n->kind == CSL_SINGLE ||
                          n->kind == CSL_MULTIPLE))
        n->content = g_string_chunk_insert(b->strings, text ? text->str : "");
    if (text)
        g_string_free(text, TRUE);
    return n;
}

struct csl_node *csl_xml_parse(const char *xml, gsize len, GStringChunk *strings, int error_code,
                               GError **error)
{
    if (!xml || len == 0) {
        g_set_error(error, NASHRA_CSL_ERROR, error_code, "empty document");
        return NULL;
    }
    if (len > CSL_MAX_XML_BYTES) {
        g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_LIMIT,
                    "document of %" G_GSIZE_FORMAT " bytes is larger than %u", len,
                    CSL_MAX_XML_BYTES);
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        g_set_error(error, NASHRA_CSL_ERROR, error_code, "cannot create an XML parser");
        return NULL;
    }
    /* No NOENT: entities stay unexpanded (no billion laughs, no external files). */
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, xml, (int)len, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                          XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char *msg = g_strstrip(g_strdup(e && e->message ? e->message : "malformed XML"));
        g_set_error(error, NASHRA_CSL_ERROR, error_code, "line %d: %s", e ? e->line : 0, msg);
        g_free(msg);
        xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    xmlFreeParserCtxt(ctxt);
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root) {
        xmlFreeDoc(doc);
        g_set_error(error, NASHRA_CSL_ERROR, error_code, "no root element");
        return NULL;
    }
    struct build b = {strings, error_code, error};
    struct csl_node *tree = build_node(&b, root, NULL, 1);
    xmlFreeDoc(doc);
    return tree;
}

const char *csl_attr(const struct csl_node *node, const char *name)
{
    if (!node)
        return NULL;
    /* asked many times per rendered element: the first byte rules out most names unless the
     * caller passes the interned name itself */
    for (guint i = 0; i < node->n_attrs; i++) {
        const char *a = node->attrs[i].name;
        if (a == name || (a[0] == name[0] && strcmp(a, name) == 0))
            return node->attrs[i].value;
    }
    return NULL;
}

bool csl_attr_true(const struct csl_node *node, const char *name)
{
    const char *v = csl_attr(node, name);
    return v && strcmp(v, "true") == 0;
}

const char *csl_attr_inherited(const struct csl_node *node, const char *name)
{
    for (; node; node = node->parent) {
        const char *v = csl_attr(node, name);
        if (v)
            return v;
        if (node->kind == CSL_STYLE)
            break;
    }
    return NULL;
}

const char *csl_name_option(const struct csl_node *name, const struct csl_node *context,
                            const char *option)
{
    const char *v = csl_attr(name, option);
    if (v)
        return v;
    /* On citation, bibliography and style, <name>'s form and delimiter are spelled name-form
     * and name-delimiter (its own delimiter would be the layout's). */
    const char *outer = option;
    if (strcmp(option, "form") == 0)
        outer = "name-form";
    else if (strcmp(option, "delimiter") == 0)
        outer = "name-delimiter";
    const struct csl_node *n = context ? context : name;
    for (; n; n = n->parent) {
        if (n->kind == CSL_CITATION || n->kind == CSL_BIBLIOGRAPHY || n->kind == CSL_STYLE) {
            v = csl_attr(n, outer);
            if (v)
                return v;
        }
    }
    return NULL;
}

static const struct csl_node *child_of_kind(const struct csl_node *node, enum csl_kind kind)
{
    for (const struct csl_node *c = node ? node->first : NULL; c; c = c->next)
        if (c->kind == kind)
            return c;
    return NULL;
}

/* Resolves every macro= reference; an unknown name is an error. Iterative over the tree. */
static bool resolve_macros(struct nashra_csl_style *s, struct csl_node *node, GError **error)
{
    for (; node; node = node->next) {
        if (node->kind == CSL_TEXT || node->kind == CSL_KEY) {
            const char *m = csl_attr(node, "macro");
            if (m) {
                node->macro = g_hash_table_lookup(s->macros, m);
                if (!node->macro) {
                    g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_STYLE,
                                "line %d: no macro named \"%s\"", node->line, m);
                    return false;
                }
            }
        }
        if (node->first && !resolve_macros(s, node->first, error))
            return false;
    }
    return true;
}

struct nashra_csl_style *nashra_csl_style_parse(const char *xml, gsize len, GError **error)
{
    struct nashra_csl_style *s = g_new0(struct nashra_csl_style, 1);
    s->strings = g_string_chunk_new(4096);
    s->macros = g_hash_table_new(g_str_hash, g_str_equal);
    s->locales = g_ptr_array_new();
    s->root = csl_xml_parse(xml, len, s->strings, NASHRA_CSL_ERROR_STYLE, error);
    if (!s->root)
        goto fail;
    if (strcmp(s->root->tag, "style") != 0) {
        g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_STYLE,
                    "line %d: the root element is <%s>, not <style>", s->root->line,
                    s->root->tag);
        goto fail;
    }
    s->root->kind = CSL_STYLE;
    for (struct csl_node *c = s->root->first; c; c = c->next) {
        switch (c->kind) {
        case CSL_MACRO: {
            const char *name = csl_attr(c, "name");
            if (!name) {
                g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_STYLE,
                            "line %d: <macro> without a name", c->line);
                goto fail;
            }
            /* A repeated name: the first wins, as in citeproc-js. */
            if (!g_hash_table_contains(s->macros, name))
                g_hash_table_insert(s->macros, (gpointer)name, c);
            break;
        }
        case CSL_CITATION:
            if (!s->citation)
                s->citation = c;
            break;
        case CSL_BIBLIOGRAPHY:
            if (!s->bibliography)
                s->bibliography = c;
            break;
        case CSL_LOCALE:
            g_ptr_array_add(s->locales, c);
            break;
        case CSL_INFO:
            for (const struct csl_node *i = c->first; i; i = i->next)
                if (strcmp(i->tag, "title") == 0 && i->content && !s->title)
                    s->title = g_strstrip(g_strdup(i->content));
            break;
        default:
            break;
        }
    }
    if (!resolve_macros(s, s->root->first, error))
        goto fail;
    s->citation_layout = child_of_kind(s->citation, CSL_LAYOUT);
    s->citation_sort = child_of_kind(s->citation, CSL_SORT);
    s->bibliography_layout = child_of_kind(s->bibliography, CSL_LAYOUT);
    s->bibliography_sort = child_of_kind(s->bibliography, CSL_SORT);
    const char *cls = csl_attr(s->root, "class");
    s->note = cls && strcmp(cls, "note") == 0;
    const char *dl = csl_attr(s->root, "default-locale");
    if (dl && *dl)
        s->default_locale = g_strdup(dl);
    if (s->title && !*s->title)
        g_clear_pointer(&s->title, g_free);
    return s;
fail:
    nashra_csl_style_free(s);
    return NULL;
}

void nashra_csl_style_free(struct nashra_csl_style *style)
{
    if (!style)
        return;
    csl_node_free(style->root);
    g_hash_table_destroy(style->macros);
    g_ptr_array_free(style->locales, TRUE);
    g_string_chunk_free(style->strings);
    g_free(style->default_locale);
    g_free(style->title);
    g_free(style);
}

bool nashra_csl_style_is_note(const struct nashra_csl_style *style)
{
    return style && style->note;
}

const char *nashra_csl_style_default_locale(const struct nashra_csl_style *style)
{
    return style ? style->default_locale : NULL;
}

const char *nashra_csl_style_title(const struct nashra_csl_style *style)
{
    return style ? style->title : NULL;
}
