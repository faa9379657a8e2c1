/* Front matter: the YAML mapping between a first line `---` and a closing `---` or `...`,
 * read with libyaml into struct nashra_meta, with diagnostics at the user's file lines. */
#include "parse/internal.h"

#include <string.h>

#include <yaml.h>

struct parse_fm_ctx {
    yaml_document_t *doc;
    struct nashra_diag *diag;
    int line0; /* file line of the YAML text's first line */
};

/* Whether the line at [s, e) is exactly MARK, allowing trailing spaces. */
static bool parse_fm_line_is(const char *s, const char *e, const char *mark)
{
    size_t n = strlen(mark);
    if ((size_t)(e - s) < n || memcmp(s, mark, n) != 0)
        return false;
    for (const char *p = s + n; p < e; p++)
        if (*p != ' ' && *p != '\t' && *p != '\r')
            return false;
    return true;
}

static int parse_fm_line(struct parse_fm_ctx *c, const yaml_node_t *n)
{
    return c->line0 + (int)n->start_mark.line;
}

static int parse_fm_col(const yaml_node_t *n)
{
    return (int)n->start_mark.column + 1;
}

static const char *parse_fm_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static char *parse_fm_string(struct parse_fm_ctx *c, const char *key, yaml_node_t *v)
{
    const char *s = parse_fm_scalar(v);
    if (!s) {
        nashra_diag_report(c->diag, NASHRA_ERROR, parse_fm_line(c, v), parse_fm_col(v),
                           "front matter key '%s' must be a string", key);
        return NULL;
    }
    return g_strdup(s);
}

static void parse_fm_set(char **slot, char *value)
{
    if (!value)
        return;
    g_free(*slot);
    *slot = value;
}

static const char *parse_fm_map_get(struct parse_fm_ctx *c, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const char *k = parse_fm_scalar(yaml_document_get_node(c->doc, p->key));
        if (k && strcmp(k, key) == 0)
            return parse_fm_scalar(yaml_document_get_node(c->doc, p->value));
    }
    return NULL;
}

static void parse_fm_authors(struct parse_fm_ctx *c, const char *key, yaml_node_t *v,
                             GPtrArray *out)
{
    if (v->type == YAML_SCALAR_NODE) {
        g_ptr_array_add(out, g_strdup(parse_fm_scalar(v)));
        return;
    }
    if (v->type != YAML_SEQUENCE_NODE) {
        nashra_diag_report(c->diag, NASHRA_ERROR, parse_fm_line(c, v), parse_fm_col(v),
                           "front matter key '%s' must be a string or a list", key);
        return;
    }
    for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
        yaml_node_t *item = yaml_document_get_node(c->doc, *i);
        const char *name = NULL;
        if (item->type == YAML_SCALAR_NODE)
            name = parse_fm_scalar(item);
        else if (item->type == YAML_MAPPING_NODE)
            name = parse_fm_map_get(c, item, "name");
        if (name)
            g_ptr_array_add(out, g_strdup(name));
        else
            nashra_diag_report(c->diag, NASHRA_ERROR, parse_fm_line(c, item), parse_fm_col(item),
                               "an entry of '%s' needs a name", key);
    }
}

static void parse_fm_keywords(struct parse_fm_ctx *c, yaml_node_t *v, GPtrArray *out)
{
    if (v->type == YAML_SCALAR_NODE) {
        char **parts = g_strsplit(parse_fm_scalar(v), ",", -1);
        for (char **p = parts; *p; p++) {
            char *k = g_strstrip(*p);
            if (*k)
                g_ptr_array_add(out, g_strdup(k));
        }
        g_strfreev(parts);
        return;
    }
    if (v->type != YAML_SEQUENCE_NODE) {
        nashra_diag_report(c->diag, NASHRA_ERROR, parse_fm_line(c, v), parse_fm_col(v),
                           "front matter key 'keywords' must be a string or a list");
        return;
    }
    for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
        const char *k = parse_fm_scalar(yaml_document_get_node(c->doc, *i));
        if (k)
            g_ptr_array_add(out, g_strdup(k));
    }
}

static void parse_fm_pair(struct parse_fm_ctx *c, yaml_node_t *kn, yaml_node_t *v,
                          struct nashra_meta *m)
{
    const char *key = parse_fm_scalar(kn);
    if (!key) {
        nashra_diag_report(c->diag, NASHRA_ERROR, parse_fm_line(c, kn), parse_fm_col(kn),
                           "front matter keys must be strings");
        return;
    }
    if (strcmp(key, "title") == 0) {
        parse_fm_set(&m->title, parse_fm_string(c, key, v));
    } else if (strcmp(key, "subtitle") == 0) {
        parse_fm_set(&m->subtitle, parse_fm_string(c, key, v));
    } else if (strcmp(key, "date") == 0) {
        parse_fm_set(&m->date, parse_fm_string(c, key, v));
    } else if (strcmp(key, "lang") == 0) {
        parse_fm_set(&m->lang, parse_fm_string(c, key, v));
    } else if (strcmp(key, "source-url") == 0) {
        parse_fm_set(&m->source_url, parse_fm_string(c, key, v));
    } else if (strcmp(key, "author") == 0 || strcmp(key, "authors") == 0) {
        parse_fm_authors(c, key, v, m->authors);
    } else if (strcmp(key, "keywords") == 0) {
        parse_fm_keywords(c, v, m->keywords);
    } else if (strcmp(key, "source") == 0) {
        if (v->type == YAML_MAPPING_NODE) {
            const char *name = parse_fm_map_get(c, v, "name"), *url = parse_fm_map_get(c, v, "url");
            if (name)
                parse_fm_set(&m->source, g_strdup(name));
            if (url)
                parse_fm_set(&m->source_url, g_strdup(url));
        } else {
            parse_fm_set(&m->source, parse_fm_string(c, key, v));
        }
    } else if (strcmp(key, "dir") == 0) {
        const char *s = parse_fm_scalar(v);
        if (s && strcmp(s, "rtl") == 0)
            m->dir = NASHRA_DIR_RTL;
        else if (s && strcmp(s, "ltr") == 0)
            m->dir = NASHRA_DIR_LTR;
        else if (s && strcmp(s, "auto") == 0)
            m->dir = NASHRA_DIR_AUTO;
        else
            nashra_diag_report(c->diag, NASHRA_ERROR, parse_fm_line(c, v), parse_fm_col(v),
                               "invalid dir '%s' (expected rtl, ltr or auto)", s ? s : "");
    } else {
        nashra_diag_report(c->diag, NASHRA_WARNING, parse_fm_line(c, kn), parse_fm_col(kn),
                           "unknown front matter key '%s'", key);
    }
}

size_t parse_front_matter(struct parse_source *s, struct nashra_meta *meta,
                          struct nashra_diag *diag)
{
    const char *buf = s->buf, *end = buf + s->len;
    const char *eol = memchr(buf, '\n', s->len);
    if (!eol)
        eol = end;
    if (!parse_fm_line_is(buf, eol, "---"))
        return 0;
    const char *yaml_start = eol < end ? eol + 1 : end;
    const char *line = yaml_start, *close = NULL, *body = end;
    while (line < end) {
        const char *le = memchr(line, '\n', (size_t)(end - line));
        const char *next = le ? le + 1 : end;
        if (!le)
            le = end;
        if (parse_fm_line_is(line, le, "---") || parse_fm_line_is(line, le, "...")) {
            close = line;
            body = next;
            break;
        }
        line = next;
    }
    if (!close) {
        nashra_diag_report(diag, NASHRA_ERROR, 1, 1,
                           "front matter is not closed (expected a line '---' or '...')");
        return 0;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml_start,
                                 (size_t)(close - yaml_start));
    struct parse_fm_ctx c = {&doc, diag, 2};
    if (!yaml_parser_load(&parser, &doc)) {
        yaml_mark_t mk = parser.problem_mark;
        /* Errors found only at the end of the text (an unclosed bracket) are reported where
         * the unfinished construct began. */
        if (parser.context && mk.index >= (size_t)(close - yaml_start))
            mk = parser.context_mark;
        nashra_diag_report(diag, NASHRA_ERROR, c.line0 + (int)mk.line, (int)mk.column + 1,
                           "front matter: %s%s%s", parser.problem ? parser.problem : "YAML error",
                           parser.context ? " " : "", parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        return (size_t)(body - buf);
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
             p++)
            parse_fm_pair(&c, yaml_document_get_node(&doc, p->key),
                          yaml_document_get_node(&doc, p->value), meta);
    } else if (root && !(root->type == YAML_SCALAR_NODE && !*parse_fm_scalar(root))) {
        nashra_diag_report(diag, NASHRA_ERROR, parse_fm_line(&c, root), parse_fm_col(root),
                           "front matter must be a mapping of keys to values");
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return (size_t)(body - buf);
}
