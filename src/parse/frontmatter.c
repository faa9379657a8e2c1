/* Front matter: the YAML mapping between a first line `---` and a closing `---` or `...`, and
 * the `-M key=value` overrides, read with libyaml into struct nashra_meta and validated key by
 * key, with diagnostics at the user's file lines (or at the -M argument). */
#include "parse/internal.h"

#include <stdlib.h>
#include <string.h>

#include <yaml.h>

struct parse_fm_ctx {
    yaml_document_t *doc;
    struct nashra_diag *diag;
    struct parse_source *src; /* for byte offsets; NULL for -M values */
    int line0;                /* line of the YAML text's first line */
    int col0;                 /* code points before the YAML text on its first line */
    bool override;            /* -M: a list value replaces the list instead of adding to it */
    const struct nashra_root *root; /* where a bibliography must lie; NULL: anywhere (-M) */
    GHashTable *warned; /* "parent/key": unknown keys already reported; NULL: report each */
    bool works;         /* reading references: their strings have no length limit */
};

/* An alias shares its anchor's node, which the reader then reads once per alias: nested
 * aliases (billion laughs) make a few kilobytes read as billions of values. The values and the
 * text that aliases expand to are counted and capped: 100,000 values or 10 times the values
 * written, whichever is more (a long legitimate front matter uses a few aliases at most), and
 * 1 MB of text or 10 times the text written. */
#define FM_MAX_VALUES 100000
#define FM_MAX_TEXT 1000000
#define FM_EXPANSION 10

struct fm_size {
    size_t values, bytes;
};

struct fm_open {
    struct fm_size size;
    char *anchor;
};

static void fm_size_add(struct fm_size *to, struct fm_size s)
{
    to->values += s.values;
    to->bytes += s.bytes;
}

/* What makes TEXT too costly to read, found in one pass over its events before the document
 * is built: nesting deeper than FM_MAX_DEPTH, an alias inside the collection it names (a cycle
 * in the document), or aliases expanding past the limits above. Returns the message (to free)
 * and sets *AT, or NULL. Stops at the first problem, so the cost is linear in TEXT; syntax
 * errors are left to yaml_parser_load. */
static char *parse_fm_check(const char *text, size_t len, yaml_mark_t *at)
{
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    GArray *open = g_array_new(FALSE, FALSE, sizeof(struct fm_open));
    /* anchor -> its node's expanded size; NULL while the node is still open */
    GHashTable *anchors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    struct fm_size total = {0, 0};
    size_t written = 0;
    char *problem = NULL;
    bool done = false;
    while (!done && !problem) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev))
            break;
        struct fm_size node = {1, 0};
        const yaml_char_t *anchor = NULL;
        bool add = true;
        switch (ev.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            anchor = ev.type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.anchor
                                                          : ev.data.mapping_start.anchor;
            if (open->len >= FM_MAX_DEPTH) {
                problem = g_strdup_printf("nesting deeper than %d levels", FM_MAX_DEPTH);
                *at = ev.start_mark;
                break;
            }
            struct fm_open o = {{1, 0}, anchor ? g_strdup((const char *)anchor) : NULL};
            if (o.anchor)
                g_hash_table_replace(anchors, g_strdup(o.anchor), NULL);
            g_array_append_val(open, o);
            written++;
            total.values++;
            add = false;
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            if (!open->len) {
                add = false;
                break;
            }
            struct fm_open o = g_array_index(open, struct fm_open, open->len - 1);
            g_array_set_size(open, open->len - 1);
            node = o.size;
            if (o.anchor)
                g_hash_table_replace(anchors, o.anchor, g_memdup2(&node, sizeof node));
            break;
        }
        case YAML_SCALAR_EVENT:
            node.bytes = ev.data.scalar.length;
            if (ev.data.scalar.anchor)
                g_hash_table_replace(anchors, g_strdup((const char *)ev.data.scalar.anchor),
                                     g_memdup2(&node, sizeof node));
            written++;
            fm_size_add(&total, node);
            break;
        case YAML_ALIAS_EVENT: {
            gpointer target;
            if (!g_hash_table_lookup_extended(anchors, ev.data.alias.anchor, NULL, &target)) {
                done = true; /* an undefined alias: the loader says so */
                add = false;
                break;
            }
            *at = ev.start_mark;
            if (!target) {
                problem = g_strdup_printf("alias '*%s' inside the collection it names",
                                          (const char *)ev.data.alias.anchor);
                break;
            }
            node = *(struct fm_size *)target;
            fm_size_add(&total, node);
            size_t max_values = MAX(FM_MAX_VALUES, FM_EXPANSION * written);
            size_t max_bytes = MAX(FM_MAX_TEXT, FM_EXPANSION * len);
            if (total.values > max_values)
                problem = g_strdup_printf("aliases expand to more than %zu values", max_values);
            else if (total.bytes > max_bytes)
                problem = g_strdup_printf("aliases expand to more than %zu bytes of text",
                                          max_bytes);
            break;
        }
        default:
            add = false;
            done = ev.type == YAML_DOCUMENT_END_EVENT || ev.type == YAML_STREAM_END_EVENT;
            break;
        }
        if (add && !problem && open->len)
            fm_size_add(&g_array_index(open, struct fm_open, open->len - 1).size, node);
        yaml_event_delete(&ev);
    }
    for (guint i = 0; i < open->len; i++)
        g_free(g_array_index(open, struct fm_open, i).anchor);
    g_array_free(open, TRUE);
    g_hash_table_destroy(anchors);
    yaml_parser_delete(&parser);
    return problem;
}

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

static struct nashra_pos parse_fm_pos(struct parse_fm_ctx *c, const yaml_node_t *n)
{
    struct nashra_pos pos = {c->line0 + (int)n->start_mark.line,
                             (int)n->start_mark.column + 1 + (n->start_mark.line ? 0 : c->col0), 0};
    if (c->src && pos.line >= 1 && (guint)pos.line <= c->src->line_starts->len) {
        size_t off = g_array_index(c->src->line_starts, size_t, pos.line - 1);
        const char *p = c->src->buf + off, *end = c->src->buf + c->src->len;
        for (int i = 1; i < pos.col && p < end && *p != '\n'; i++)
            p = g_utf8_next_char(p);
        pos.offset = (size_t)(p - c->src->buf);
    }
    return pos;
}

#define FM_REPORT(c, sev, n, ...)                                                                  \
    do {                                                                                           \
        struct nashra_pos p_ = parse_fm_pos((c), (n));                                             \
        nashra_diag_report((c)->diag, (sev), p_.line, p_.col, __VA_ARGS__);                        \
    } while (0)

static const char *parse_fm_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static const char *parse_fm_kind(const yaml_node_t *n)
{
    return n->type == YAML_SEQUENCE_NODE  ? "a list"
           : n->type == YAML_MAPPING_NODE ? "a mapping"
                                          : "a string";
}

/* Whether S, the value V of KEY, is longer than NASHRA_META_MAX_CHARS (and so reported). */
static bool parse_fm_too_long(struct parse_fm_ctx *c, const char *key, yaml_node_t *v,
                              const char *s)
{
    if (c->works || strcmp(key, "summary") == 0 || strlen(s) <= NASHRA_META_MAX_CHARS)
        return false;
    glong n = g_utf8_strlen(s, -1);
    if (n <= NASHRA_META_MAX_CHARS)
        return false;
    FM_REPORT(c, NASHRA_ERROR, v, "front matter key '%s' is %ld characters long; the limit is %d",
              key, n, NASHRA_META_MAX_CHARS);
    return true;
}

static char *parse_fm_string(struct parse_fm_ctx *c, const char *key, yaml_node_t *v)
{
    const char *s = parse_fm_scalar(v);
    if (!s) {
        FM_REPORT(c, NASHRA_ERROR, v, "front matter key '%s' must be a string, not %s", key,
                  parse_fm_kind(v));
        return NULL;
    }
    return parse_fm_too_long(c, key, v, s) ? NULL : g_strdup(s);
}

static void parse_fm_set(char **slot, char *value)
{
    if (!value)
        return;
    g_free(*slot);
    *slot = value;
}

/* A boolean as YAML 1.1 writes one; false and an error when it is none. */
static bool parse_fm_bool(struct parse_fm_ctx *c, const char *key, yaml_node_t *v, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
    const char *s = parse_fm_scalar(v);
    for (size_t i = 0; s && i < G_N_ELEMENTS(yes); i++) {
        if (g_ascii_strcasecmp(s, yes[i]) == 0)
            return *out = true;
        if (g_ascii_strcasecmp(s, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    if (s)
        FM_REPORT(c, NASHRA_ERROR, v, "front matter key '%s' must be true or false, not '%s'", key,
                  s);
    else
        FM_REPORT(c, NASHRA_ERROR, v, "front matter key '%s' must be true or false, not %s", key,
                  parse_fm_kind(v));
    return false;
}

/* One of NAMES (NULL-terminated): its index, or -1 after an error listing them. */
static int parse_fm_choice(struct parse_fm_ctx *c, const char *key, yaml_node_t *v,
                           const char *const *names)
{
    const char *s = parse_fm_scalar(v);
    for (int i = 0; s && names[i]; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    GString *list = g_string_new(NULL);
    for (int i = 0; names[i]; i++)
        g_string_append_printf(list, "%s%s", i == 0 ? "" : names[i + 1] ? ", " : " or ", names[i]);
    if (s && strcmp(key, "dir") == 0) /* the wording older tests and users know */
        FM_REPORT(c, NASHRA_ERROR, v, "invalid dir '%s' (expected %s)", s, list->str);
    else if (s)
        FM_REPORT(c, NASHRA_ERROR, v, "invalid %s '%s' (expected %s)", key, s, list->str);
    else
        FM_REPORT(c, NASHRA_ERROR, v, "front matter key '%s' must be one of %s, not %s", key,
                  list->str, parse_fm_kind(v));
    g_string_free(list, TRUE);
    return -1;
}

/* An ISO 8601 calendar date, YYYY-MM-DD, YYYY-MM or YYYY (a time after 'T' is ignored). */
bool parse_iso_date(const char *s, int *year, int *month, int *day)
{
    int y = 0, m = 0, d = 0, n = 0;
    const char *p = s;
    for (n = 0; n < 4 && g_ascii_isdigit(p[n]); n++)
        y = y * 10 + (p[n] - '0');
    if (n != 4 || y < 1)
        return false;
    p += 4;
    if (*p == '-') {
        if (!g_ascii_isdigit(p[1]) || !g_ascii_isdigit(p[2]))
            return false;
        m = (p[1] - '0') * 10 + (p[2] - '0');
        p += 3;
        if (m < 1 || m > 12)
            return false;
        if (*p == '-') {
            if (!g_ascii_isdigit(p[1]) || !g_ascii_isdigit(p[2]))
                return false;
            d = (p[1] - '0') * 10 + (p[2] - '0');
            p += 3;
            if (!g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
                return false;
        }
    }
    if (*p && !(*p == 'T' && d > 0))
        return false;
    *year = y;
    *month = m;
    *day = d;
    return true;
}

static void parse_fm_date(struct parse_fm_ctx *c, const char *key, yaml_node_t *v,
                          struct nashra_meta *m)
{
    const char *s = parse_fm_scalar(v);
    int y, mo, d;
    if (!s) {
        FM_REPORT(c, NASHRA_ERROR, v,
                  "front matter key '%s' must be a date (YYYY-MM-DD, YYYY-MM or YYYY), not %s", key,
                  parse_fm_kind(v));
        return;
    }
    if (!parse_iso_date(s, &y, &mo, &d)) {
        FM_REPORT(c, NASHRA_ERROR, v, "invalid date '%s' (expected YYYY-MM-DD, YYYY-MM or YYYY)",
                  s);
        return;
    }
    parse_fm_set(&m->date, g_strdup(s));
    m->year = y;
    m->month = mo;
    m->day = d;
}

/* Reports K (at KN), an unknown key in KEY; KNOWN says what is known. */
static void parse_fm_unknown_key(struct parse_fm_ctx *c, const char *key, yaml_node_t *kn,
                                 const char *k, const char *known)
{
    if (c->warned) {
        /* A bibliography's works mostly share their keys: one warning for each. */
        char *seen = g_strconcat(key, "/", k ? k : "", NULL);
        if (!g_hash_table_add(c->warned, seen))
            return;
    }
    FM_REPORT(c, NASHRA_WARNING, kn, "unknown key '%s' in '%s' (%s)", k ? k : "?", key, known);
}

static void parse_fm_unknown_subkeys(struct parse_fm_ctx *c, const char *key, yaml_node_t *map,
                                     const char *const *known)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
        const char *k = parse_fm_scalar(kn);
        bool ok = false;
        for (int i = 0; k && known[i]; i++)
            ok = ok || strcmp(k, known[i]) == 0;
        if (!ok) {
            char *list = g_strjoinv(", ", (char **)known);
            char *what = g_strconcat("known: ", list, NULL);
            parse_fm_unknown_key(c, key, kn, k, what);
            g_free(what);
            g_free(list);
        }
    }
}

/* The value of KEY in MAP as a string (NULL if absent); an error when it is not a scalar. */
static char *parse_fm_map_string(struct parse_fm_ctx *c, const char *parent, yaml_node_t *map,
                                 const char *key, yaml_node_t **vnode)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const char *k = parse_fm_scalar(yaml_document_get_node(c->doc, p->key));
        if (!k || strcmp(k, key) != 0)
            continue;
        yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        if (vnode)
            *vnode = v;
        char *full = g_strconcat(parent, ".", key, NULL);
        char *s = parse_fm_string(c, full, v);
        g_free(full);
        return s;
    }
    return NULL;
}

static void parse_fm_person(struct parse_fm_ctx *c, const char *key, yaml_node_t *item,
                            struct nashra_meta *m)
{
    static const char *const known[] = {"name", "literal", "affiliation", "email", "role", NULL};
    struct nashra_person *p = NULL;
    if (item->type == YAML_SCALAR_NODE) {
        if (parse_fm_too_long(c, key, item, parse_fm_scalar(item)))
            return;
        p = nashra_person_new(parse_fm_scalar(item));
    } else if (item->type == YAML_MAPPING_NODE) {
        /* `literal:` as in a reference's author: an institution, never split into names. */
        yaml_node_t *name_node = NULL, *lit_node = NULL;
        char *name = parse_fm_map_string(c, key, item, "literal", &lit_node);
        if (lit_node) {
            char *both = parse_fm_map_string(c, key, item, "name", &name_node);
            if (name_node)
                FM_REPORT(c, NASHRA_ERROR, name_node,
                          "an entry of '%s' has a name or a literal, not both", key);
            g_free(both);
            name_node = lit_node;
        } else {
            name = parse_fm_map_string(c, key, item, "name", &name_node);
        }
        if (!name || !*name) {
            if (!name_node || (name && !*name)) /* a name of the wrong type is reported */
                FM_REPORT(c, NASHRA_ERROR, item, "an entry of '%s' needs a name", key);
            g_free(name);
            return;
        }
        p = nashra_person_new(name);
        p->institution = lit_node != NULL;
        g_free(name);
        p->affiliation = parse_fm_map_string(c, key, item, "affiliation", NULL);
        p->email = parse_fm_map_string(c, key, item, "email", NULL);
        p->role = parse_fm_map_string(c, key, item, "role", NULL);
        parse_fm_unknown_subkeys(c, key, item, known);
    } else {
        FM_REPORT(c, NASHRA_ERROR, item,
                  "an entry of '%s' must be a name or a mapping with a name, not a list", key);
        return;
    }
    g_ptr_array_add(m->authors, g_strdup(p->name));
    g_ptr_array_add(m->people, p);
}

static void parse_fm_authors(struct parse_fm_ctx *c, const char *key, yaml_node_t *v,
                             struct nashra_meta *m)
{
    if (c->override) {
        g_ptr_array_set_size(m->authors, 0);
        g_ptr_array_set_size(m->people, 0);
    }
    if (v->type != YAML_SEQUENCE_NODE) {
        parse_fm_person(c, key, v, m);
        return;
    }
    for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++)
        parse_fm_person(c, key, yaml_document_get_node(c->doc, *i), m);
}

static void parse_fm_keywords(struct parse_fm_ctx *c, yaml_node_t *v, GPtrArray *out)
{
    if (c->override)
        g_ptr_array_set_size(out, 0);
    if (v->type == YAML_SCALAR_NODE) {
        char **parts = g_strsplit(parse_fm_scalar(v), ",", -1);
        for (char **p = parts; *p; p++) {
            char *k = g_strstrip(*p);
            if (*k && !parse_fm_too_long(c, "keywords", v, k))
                g_ptr_array_add(out, g_strdup(k));
        }
        g_strfreev(parts);
        return;
    }
    if (v->type != YAML_SEQUENCE_NODE) {
        FM_REPORT(c, NASHRA_ERROR, v,
                  "front matter key 'keywords' must be a list or a comma-separated string, not %s",
                  parse_fm_kind(v));
        return;
    }
    for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
        yaml_node_t *item = yaml_document_get_node(c->doc, *i);
        char *k = parse_fm_string(c, "keywords", item);
        if (k)
            g_ptr_array_add(out, k);
    }
}

static void parse_fm_source(struct parse_fm_ctx *c, yaml_node_t *v, struct nashra_meta *m)
{
    static const char *const known[] = {"name", "url", "issue", "volume", "pages", "date", NULL};
    if (v->type != YAML_MAPPING_NODE) {
        if (v->type == YAML_SEQUENCE_NODE)
            FM_REPORT(c, NASHRA_ERROR, v,
                      "front matter key 'source' must be a name or a mapping, not a list");
        else if (!parse_fm_too_long(c, "source", v, parse_fm_scalar(v)))
            parse_fm_set(&m->source, g_strdup(parse_fm_scalar(v)));
        return;
    }
    parse_fm_set(&m->source, parse_fm_map_string(c, "source", v, "name", NULL));
    parse_fm_set(&m->source_url, parse_fm_map_string(c, "source", v, "url", NULL));
    parse_fm_set(&m->source_issue, parse_fm_map_string(c, "source", v, "issue", NULL));
    parse_fm_set(&m->source_volume, parse_fm_map_string(c, "source", v, "volume", NULL));
    parse_fm_set(&m->source_pages, parse_fm_map_string(c, "source", v, "pages", NULL));
    yaml_node_t *dn = NULL;
    char *date = parse_fm_map_string(c, "source", v, "date", &dn);
    int y, mo, d;
    if (date && !parse_iso_date(date, &y, &mo, &d)) {
        FM_REPORT(c, NASHRA_ERROR, dn,
                  "invalid date '%s' in 'source' (expected YYYY-MM-DD, YYYY-MM or YYYY)", date);
        g_free(date);
        date = NULL;
    }
    parse_fm_set(&m->source_date, date);
    parse_fm_unknown_subkeys(c, "source", v, known);
}

/* A reference's name: {family, given}, {literal} or a plain string. */
static struct nashra_name *parse_fm_name(struct parse_fm_ctx *c, yaml_node_t *v)
{
    struct nashra_name *n = g_new0(struct nashra_name, 1);
    if (v->type == YAML_SCALAR_NODE) {
        n->literal = g_strdup(parse_fm_scalar(v));
        n->plain = true;
    } else if (v->type == YAML_MAPPING_NODE) {
        /* CSL-JSON's name object */
        static const char *const known[] = {
            "family", "given", "literal", "dropping-particle", "non-dropping-particle", "suffix",
            "comma-suffix", "static-ordering", "parse-names", NULL};
        n->family = parse_fm_map_string(c, "author", v, "family", NULL);
        n->given = parse_fm_map_string(c, "author", v, "given", NULL);
        n->literal = parse_fm_map_string(c, "author", v, "literal", NULL);
        parse_fm_unknown_subkeys(c, "author", v, known);
    }
    if ((!n->family || !*n->family) && (!n->literal || !*n->literal)) {
        FM_REPORT(c, NASHRA_ERROR, v,
                  "a reference's author must be a name or a mapping with family or literal");
        nashra_name_free(n);
        return NULL;
    }
    return n;
}

/* A CSL date: "2023-05-01" or {date-parts: [[2023, 5, 1]]} (or {raw: …}). */
static bool parse_fm_csl_date(struct parse_fm_ctx *c, const char *key, yaml_node_t *v, int *y,
                              int *mo, int *d)
{
    /* `raw:` is followed by a loop: through aliases, a chain of them is as long as the input
     * makes it (a cycle is refused by parse_fm_check). */
again:;
    const char *s = parse_fm_scalar(v);
    if (s) {
        if (parse_iso_date(s, y, mo, d))
            return true;
        FM_REPORT(c, NASHRA_ERROR, v, "invalid date '%s' in '%s' (expected YYYY-MM-DD)", s, key);
        return false;
    }
    if (v->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
             p++) {
            const char *k = parse_fm_scalar(yaml_document_get_node(c->doc, p->key));
            yaml_node_t *pv = yaml_document_get_node(c->doc, p->value);
            if (k && strcmp(k, "raw") == 0) {
                v = pv;
                goto again;
            }
            if (!k || strcmp(k, "date-parts") != 0 || pv->type != YAML_SEQUENCE_NODE ||
                pv->data.sequence.items.top == pv->data.sequence.items.start)
                continue;
            yaml_node_t *parts = yaml_document_get_node(c->doc, *pv->data.sequence.items.start);
            if (parts->type != YAML_SEQUENCE_NODE)
                continue;
            int vals[3] = {0, 0, 0}, i = 0;
            for (yaml_node_item_t *it = parts->data.sequence.items.start;
                 it < parts->data.sequence.items.top && i < 3; it++, i++) {
                const char *ps = parse_fm_scalar(yaml_document_get_node(c->doc, *it));
                vals[i] = ps ? atoi(ps) : 0;
            }
            if (vals[0] < 1 || vals[1] < 0 || vals[1] > 12 || vals[2] < 0 || vals[2] > 31)
                break;
            *y = vals[0];
            *mo = vals[1];
            *d = vals[2];
            return true;
        }
    }
    FM_REPORT(c, NASHRA_ERROR, v, "'%s' must be a date (YYYY-MM-DD or {date-parts: [[Y, M, D]]})",
              key);
    return false;
}

/* A reference's keys: CSL's variables, CSL-JSON's own keys and `url` (nashra's `URL`). */
static void parse_fm_reference_keys(struct parse_fm_ctx *c, yaml_node_t *v)
{
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
        const char *k = parse_fm_scalar(kn);
        if (k && (parse_csl_variable_kind(k) != PARSE_CSL_UNKNOWN || strcmp(k, "url") == 0))
            continue;
        const char *like = parse_csl_suggest(k, false);
        char *known = like ? g_strdup_printf("did you mean '%s'?", like)
                           : g_strdup("known: the variables of CSL 1.0.2, id, type, categories, "
                                      "custom, shortTitle, journalAbbreviation");
        parse_fm_unknown_key(c, "references", kn, k, known);
        g_free(known);
    }
}

/* A warning when TYPE (at N) is none of CSL's item types: once for each such type. */
static void parse_fm_reference_type(struct parse_fm_ctx *c, yaml_node_t *n, const char *type)
{
    const char *const *types = parse_csl_types();
    for (int i = 0; types[i]; i++)
        if (strcmp(type, types[i]) == 0)
            return;
    if (c->warned) {
        char *seen = g_strconcat("references/type=", type, NULL);
        if (!g_hash_table_add(c->warned, seen))
            return;
    }
    const char *like = parse_csl_suggest(type, true);
    if (like) {
        FM_REPORT(c, NASHRA_WARNING, n, "unknown reference type '%s' (did you mean '%s'?)", type,
                  like);
        return;
    }
    char *list = g_strjoinv(", ", (char **)types);
    FM_REPORT(c, NASHRA_WARNING, n, "unknown reference type '%s' (CSL's types: %s)", type, list);
    g_free(list);
}

/* IDS: the ids of M's references so far, kept as they are added. */
static void parse_fm_reference(struct parse_fm_ctx *c, yaml_node_t *v, struct nashra_meta *m,
                               GHashTable *ids)
{
    if (v->type != YAML_MAPPING_NODE) {
        FM_REPORT(c, NASHRA_ERROR, v, "a reference must be a mapping with an id, not %s",
                  parse_fm_kind(v));
        return;
    }
    yaml_node_t *idn = NULL;
    char *id = parse_fm_map_string(c, "references", v, "id", &idn);
    if (!id || !*id) {
        if (!idn || id)
            FM_REPORT(c, NASHRA_ERROR, v, "a reference needs an id");
        g_free(id);
        return;
    }
    if (g_hash_table_contains(ids, id)) {
        FM_REPORT(c, NASHRA_WARNING, idn, "duplicate reference id '%s'; the first is kept", id);
        g_free(id);
        return;
    }
    struct nashra_ref *r = nashra_ref_new();
    r->id = id;
    g_hash_table_add(ids, id);
    r->pos = c->src ? parse_fm_pos(c, v) : (struct nashra_pos){0, 0, 0};
    static const struct {
        const char *key;
        size_t field;
    } strings[] = {
        {"type", offsetof(struct nashra_ref, type)},
        {"title", offsetof(struct nashra_ref, title)},
        {"container-title", offsetof(struct nashra_ref, container_title)},
        {"publisher", offsetof(struct nashra_ref, publisher)},
        {"url", offsetof(struct nashra_ref, url)},
        {"URL", offsetof(struct nashra_ref, url)},
        {"page", offsetof(struct nashra_ref, page)},
        {"volume", offsetof(struct nashra_ref, volume)},
        {"issue", offsetof(struct nashra_ref, issue)},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
        parse_fm_set((char **)((char *)r + strings[i].field),
                     parse_fm_map_string(c, "references", v, strings[i].key, NULL));
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const char *k = parse_fm_scalar(yaml_document_get_node(c->doc, p->key));
        yaml_node_t *pv = yaml_document_get_node(c->doc, p->value);
        if (!k)
            continue;
        if (strcmp(k, "author") == 0) {
            if (pv->type == YAML_SEQUENCE_NODE) {
                for (yaml_node_item_t *it = pv->data.sequence.items.start;
                     it < pv->data.sequence.items.top; it++) {
                    struct nashra_name *n = parse_fm_name(c, yaml_document_get_node(c->doc, *it));
                    if (n)
                        g_ptr_array_add(r->authors, n);
                }
            } else {
                struct nashra_name *n = parse_fm_name(c, pv);
                if (n)
                    g_ptr_array_add(r->authors, n);
            }
        } else if (strcmp(k, "type") == 0 && parse_fm_scalar(pv)) {
            parse_fm_reference_type(c, pv, parse_fm_scalar(pv));
        } else if (strcmp(k, "issued") == 0) {
            parse_fm_csl_date(c, "issued", pv, &r->year, &r->month, &r->day);
        } else if (strcmp(k, "accessed") == 0) {
            if (parse_fm_csl_date(c, "accessed", pv, &r->accessed_year, &r->accessed_month,
                                  &r->accessed_day))
                r->accessed = g_strdup_printf("%04d-%02d-%02d", r->accessed_year,
                                              r->accessed_month, r->accessed_day);
        }
    }
    parse_fm_reference_keys(c, v);
    bool too_deep;
    r->csl_json = parse_csl_item_json(c->doc, v, &too_deep);
    if (too_deep)
        FM_REPORT(c, NASHRA_WARNING, v,
                  "reference '%s' nests deeper than %d levels; the deeper values are left out "
                  "of its CSL-JSON", r->id, FM_MAX_DEPTH);
    g_ptr_array_add(m->references, r);
}

static void parse_fm_references(struct parse_fm_ctx *c, yaml_node_t *v, struct nashra_meta *m)
{
    if (v->type != YAML_SEQUENCE_NODE) {
        FM_REPORT(c, NASHRA_ERROR, v, "front matter key 'references' must be a list, not %s",
                  parse_fm_kind(v));
        return;
    }
    GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < m->references->len; i++)
        g_hash_table_add(ids, ((struct nashra_ref *)g_ptr_array_index(m->references, i))->id);
    c->warned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    c->works = true;
    for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++)
        parse_fm_reference(c, yaml_document_get_node(c->doc, *i), m, ids);
    c->works = false;
    g_hash_table_destroy(c->warned);
    c->warned = NULL;
    g_hash_table_destroy(ids);
}

/* The file NAME, written in the front matter, names: relative to the source file's directory
 * (as written when the source is stdin or NAME is absolute). g_free. */
static char *parse_fm_beside_source(const struct parse_fm_ctx *c, const char *name)
{
    const char *from = c->diag->filename;
    if (g_path_is_absolute(name) || !from || !c->src || strcmp(from, "<stdin>") == 0)
        return g_strdup(name);
    char *dir = g_path_get_dirname(from);
    char *path = strcmp(dir, ".") ? g_build_filename(dir, name, NULL) : g_strdup(name);
    g_free(dir);
    return path;
}

/* `fonts:` a folder of fonts, or a list of them, relative to the source file and inside the
 * project root; fontconfig reads them before layout. */
static void parse_fm_fonts(struct parse_fm_ctx *c, yaml_node_t *v, struct nashra_meta *m)
{
    if (c->override)
        g_ptr_array_set_size(m->font_dirs, 0);
    yaml_node_item_t one = 0;
    yaml_node_item_t *start = v->type == YAML_SEQUENCE_NODE ? v->data.sequence.items.start : &one;
    yaml_node_item_t *top = v->type == YAML_SEQUENCE_NODE ? v->data.sequence.items.top : &one + 1;
    for (yaml_node_item_t *i = start; i < top; i++) {
        yaml_node_t *item = v->type == YAML_SEQUENCE_NODE ? yaml_document_get_node(c->doc, *i) : v;
        char *name = parse_fm_string(c, "fonts", item);
        if (!name)
            continue;
        char *path = parse_fm_beside_source(c, name);
        char *why = NULL;
        char *real = nashra_root_resolve(c->root, NULL, path, &why);
        if (!real && strstr(why, "project root"))
            FM_REPORT(c, NASHRA_ERROR, item, "font folder '%s' is %s", name, why);
        else if (!real)
            FM_REPORT(c, NASHRA_ERROR, item, "cannot read font folder '%s': %s", name, why);
        else if (!g_file_test(real, G_FILE_TEST_IS_DIR))
            FM_REPORT(c, NASHRA_ERROR, item, "font folder '%s' is not a directory", name);
        else
            g_ptr_array_add(m->font_dirs, g_steal_pointer(&real));
        g_free(real);
        g_free(why);
        g_free(path);
        g_free(name);
    }
}

/* `bibliography:` a CSL-JSON file (an array of items), relative to the source file; its
 * problems are reported in that file. */
static void parse_fm_bibliography(struct parse_fm_ctx *c, yaml_node_t *v, struct nashra_meta *m)
{
    char *name = parse_fm_string(c, "bibliography", v);
    if (!name)
        return;
    parse_fm_set(&m->bibliography, g_strdup(name));
    char *path = parse_fm_beside_source(c, name);
    char *why = NULL;
    char *real = nashra_root_resolve(c->root, NULL, path, &why);
    /* As named, like a figure: a depfile lists it so, not as where the build machine keeps it. */
    parse_fm_set(&m->bibliography_file, g_strdup(path));
    char *text = NULL;
    size_t len = 0;
    if (!real ||
        !nashra_read_regular(real, NASHRA_BIBLIOGRAPHY_MAX_BYTES, &text, &len, &why) ||
        !nashra_looks_like_text(text, len, NULL)) {
        FM_REPORT(c, NASHRA_ERROR, v, "cannot read bibliography '%s': %s", name,
                  why ? why : "not a text file");
        g_free(why);
        g_free(text);
        g_free(real);
        g_free(path);
        g_free(name);
        return;
    }
    g_free(real);
    struct nashra_diag fd = *c->diag;
    fd.filename = path;
    fd.source = text;
    fd.source_len = len;
    fd.errors = fd.warnings = 0;
    yaml_document_t doc;
    int line, col;
    char *problem;
    if (!parse_json_as_yaml(text, len, &doc, &line, &col, &problem)) {
        nashra_diag_report(&fd, NASHRA_ERROR, line, col, "bibliography: %s", problem);
        g_free(problem);
    } else {
        struct parse_fm_ctx fc = {&doc, &fd, NULL, 1, 0, false, c->root, NULL, false};
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (!root || root->type != YAML_SEQUENCE_NODE)
            nashra_diag_report(&fd, NASHRA_ERROR, 1, 1,
                               "bibliography must be a CSL-JSON array of items");
        else
            parse_fm_references(&fc, root, m);
        yaml_document_delete(&doc);
    }
    c->diag->errors += fd.errors;
    c->diag->warnings += fd.warnings;
    g_free(text);
    g_free(path);
    g_free(name);
}

/* `citation-style:` a style's name, looked up when the brief is resolved, or a .csl file
 * relative to the source file (inside the project root), read now like a bibliography. */
static void parse_fm_citation_style(struct parse_fm_ctx *c, yaml_node_t *v, struct nashra_meta *m)
{
    char *name = parse_fm_string(c, "citation-style", v);
    if (!name)
        return;
    parse_fm_set(&m->citation_style, g_strdup(name));
    if (!g_str_has_suffix(name, ".csl") && !strchr(name, '/')) {
        /* A name: letters, digits and hyphens only, as the styles' file names are. */
        for (const char *p = name; *p; p++)
            if (!g_ascii_isalnum(*p) && *p != '-') {
                FM_REPORT(c, NASHRA_ERROR, v,
                          "citation-style '%s' is neither a style name (letters, digits, '-') "
                          "nor a .csl file", name);
                g_free(m->citation_style);
                m->citation_style = NULL;
                break;
            }
        g_free(name);
        return;
    }
    char *path = parse_fm_beside_source(c, name);
    char *why = NULL, *text = NULL;
    size_t len = 0;
    char *real = nashra_root_resolve(c->root, NULL, path, &why);
    parse_fm_set(&m->citation_style_file, g_strdup(path)); /* as named, as the bibliography */
    if (!real || !nashra_read_regular(real, NASHRA_STYLE_MAX_BYTES, &text, &len, &why) ||
        !nashra_looks_like_text(text, len, NULL)) {
        FM_REPORT(c, NASHRA_ERROR, v, "cannot read citation style '%s': %s", name,
                  why ? why : "not a text file");
        g_free(why);
        g_free(text);
    } else {
        parse_fm_set(&m->citation_style_xml, text);
    }
    g_free(real);
    g_free(path);
    g_free(name);
}

/* `pdf-standard:` one name (`a-2u`) or a list (`[a-2u, ua-1]`); each bad name is an error at
 * its own column. The value replaces an earlier one (-M after the front matter). */
static bool parse_fm_pdf_standard_name(struct parse_fm_ctx *c, yaml_node_t *v,
                                       struct nashra_pdf_standard *s)
{
    const char *name = parse_fm_scalar(v);
    if (!name) {
        FM_REPORT(c, NASHRA_ERROR, v,
                  "front matter key 'pdf-standard' must be a name or a list of names, not %s",
                  parse_fm_kind(v));
        return false;
    }
    char *why = nashra_pdf_standard_add(s, name);
    if (why)
        FM_REPORT(c, NASHRA_ERROR, v, "%s", why);
    g_free(why);
    return !why;
}

static void parse_fm_pdf_standard(struct parse_fm_ctx *c, yaml_node_t *v, struct nashra_meta *m)
{
    struct nashra_pdf_standard s = {0};
    bool ok = true;
    if (v->type != YAML_SEQUENCE_NODE)
        ok = parse_fm_pdf_standard_name(c, v, &s);
    for (yaml_node_item_t *i = v->type == YAML_SEQUENCE_NODE ? v->data.sequence.items.start : NULL;
         i && i < v->data.sequence.items.top; i++)
        ok = parse_fm_pdf_standard_name(c, yaml_document_get_node(c->doc, *i), &s) && ok;
    if (ok)
        m->pdf_standard = s;
}

/* Sets the meta field for KEY from V, validating its type. Returns false for an unknown key. */
static bool parse_fm_apply(struct parse_fm_ctx *c, const char *key, yaml_node_t *v,
                           struct nashra_meta *m)
{
    static const char *const dirs[] = {"rtl", "ltr", "auto", NULL};
    static const enum nashra_dir dir_values[] = {NASHRA_DIR_RTL, NASHRA_DIR_LTR, NASHRA_DIR_AUTO};
    static const char *const digits[] = {"latin", "arabic-indic", "persian", NULL};
    static const enum nashra_digits digit_values[] = {
        NASHRA_DIGITS_LATIN, NASHRA_DIGITS_ARABIC_INDIC, NASHRA_DIGITS_PERSIAN};
    static const char *const notes[] = {"foot", "endnotes", NULL};
    static const struct {
        const char *key;
        size_t field;
    } strings[] = {
        {"title", offsetof(struct nashra_meta, title)},
        {"subtitle", offsetof(struct nashra_meta, subtitle)},
        {"source-url", offsetof(struct nashra_meta, source_url)},
        {"pdf-url", offsetof(struct nashra_meta, pdf_url)},
        {"series", offsetof(struct nashra_meta, series)},
        {"number", offsetof(struct nashra_meta, number)},
        {"summary", offsetof(struct nashra_meta, summary)},
        {"license", offsetof(struct nashra_meta, license)},
        {"lang", offsetof(struct nashra_meta, lang)},
        {"template", offsetof(struct nashra_meta, template_name)},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
        if (strcmp(key, strings[i].key) == 0) {
            parse_fm_set((char **)((char *)m + strings[i].field), parse_fm_string(c, key, v));
            return true;
        }
    int k;
    if (strcmp(key, "date") == 0)
        parse_fm_date(c, key, v, m);
    else if (strcmp(key, "author") == 0 || strcmp(key, "authors") == 0)
        parse_fm_authors(c, key, v, m);
    else if (strcmp(key, "keywords") == 0)
        parse_fm_keywords(c, v, m->keywords);
    else if (strcmp(key, "source") == 0)
        parse_fm_source(c, v, m);
    else if (strcmp(key, "references") == 0)
        parse_fm_references(c, v, m);
    else if (strcmp(key, "bibliography") == 0)
        parse_fm_bibliography(c, v, m);
    else if (strcmp(key, "fonts") == 0)
        parse_fm_fonts(c, v, m);
    else if (strcmp(key, "dir") == 0) {
        if ((k = parse_fm_choice(c, key, v, dirs)) >= 0) {
            m->dir = dir_values[k];
            m->dir_auto = m->dir == NASHRA_DIR_AUTO;
        }
    } else if (strcmp(key, "digits") == 0) {
        if ((k = parse_fm_choice(c, key, v, digits)) >= 0)
            m->digits = digit_values[k];
    } else if (strcmp(key, "citation-style") == 0) {
        parse_fm_citation_style(c, v, m);
    } else if (strcmp(key, "notes") == 0) {
        if ((k = parse_fm_choice(c, key, v, notes)) >= 0)
            m->notes = k == 1 ? NASHRA_NOTES_END : NASHRA_NOTES_FOOT;
    } else if (strcmp(key, "pdf-standard") == 0) {
        parse_fm_pdf_standard(c, v, m);
    } else if (strcmp(key, "body-digits") == 0) {
        bool b;
        if (parse_fm_bool(c, key, v, &b))
            m->body_digits = b;
    } else if (strcmp(key, "paragraph-numbers") == 0) {
        bool b;
        if (parse_fm_bool(c, key, v, &b))
            m->paragraph_numbers = b;
    } else if (strcmp(key, "smart") == 0) {
        bool b;
        if (parse_fm_bool(c, key, v, &b))
            m->no_smart = !b;
    } else
        return false;
    return true;
}

static void parse_fm_record(struct nashra_meta *m, const char *key, struct nashra_pos pos)
{
    g_hash_table_replace(m->positions, g_strdup(key), g_memdup2(&pos, sizeof pos));
}

static void parse_fm_pair(struct parse_fm_ctx *c, yaml_node_t *kn, yaml_node_t *v,
                          struct nashra_meta *m)
{
    const char *key = parse_fm_scalar(kn);
    if (!key) {
        FM_REPORT(c, NASHRA_ERROR, kn, "front matter keys must be strings");
        return;
    }
    /* A style is looked up, and a language's labels, after parsing: what is said of them
     * points at the value, as the parser's reports do. */
    bool at_value = strcmp(key, "citation-style") == 0 || strcmp(key, "lang") == 0;
    parse_fm_record(m, key, parse_fm_pos(c, at_value ? v : kn));
    if (!parse_fm_apply(c, key, v, m))
        FM_REPORT(c, NASHRA_WARNING, kn, "unknown front matter key '%s'", key);
}

/* libyaml's "mapping values are not allowed in this context" on a line `key: a: b` is the usual
 * unquoted headline with a colon (most Arabic news headlines). Finds that line's key and the
 * column of its value (1-based, in characters), so the error can point at the value and say
 * how to fix it. */
static char *parse_fm_colon_key(const char *text, size_t len, size_t line, size_t column,
                                int *col)
{
    const char *p = text, *end = text + len;
    for (size_t l = 0; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    const char *le = memchr(p, '\n', (size_t)(end - p));
    if (!le)
        le = end;
    /* Only a top-level key: an indented line may be the continuation of a value above. */
    const char *k = p;
    const char *ke = k;
    while (ke + 1 < le && !(ke[0] == ':' && (ke[1] == ' ' || ke[1] == '\t')))
        ke++;
    if (ke + 1 >= le || ke == k || strchr(" \t\"'[{-?#&*!|>%@`", *k))
        return NULL;
    const char *v = ke + 1;
    while (v < le && (*v == ' ' || *v == '\t'))
        v++;
    if (v == le || strchr("\"'[{|>&*!#", *v))
        return NULL;
    size_t vchars = (size_t)g_utf8_strlen(p, v - p); /* libyaml counts characters too */
    if (column <= vchars)
        return NULL;
    *col = (int)vchars + 1;
    return g_strndup(k, (gsize)(ke - k));
}

size_t parse_front_matter(struct parse_source *s, struct nashra_meta *meta,
                          const struct nashra_root *files_root,
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
    yaml_mark_t at;
    char *problem = parse_fm_check(yaml_start, (size_t)(close - yaml_start), &at);
    if (problem) {
        nashra_diag_report(diag, NASHRA_ERROR, 2 + (int)at.line, (int)at.column + 1,
                           "front matter: %s", problem);
        g_free(problem);
        return (size_t)(body - buf);
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml_start,
                                 (size_t)(close - yaml_start));
    struct parse_fm_ctx c = {&doc, diag, s, 2, 0, false, files_root, NULL, false};
    if (!yaml_parser_load(&parser, &doc)) {
        yaml_mark_t mk = parser.problem_mark;
        /* Errors found only at the end of the text (an unclosed bracket) are reported where
         * the unfinished construct began. */
        if (parser.context && mk.index >= (size_t)(close - yaml_start))
            mk = parser.context_mark;
        int vcol = 0;
        char *key = parser.problem &&
                            strcmp(parser.problem, "mapping values are not allowed in this "
                                                   "context") == 0
                        ? parse_fm_colon_key(yaml_start, (size_t)(close - yaml_start),
                                             mk.line, mk.column, &vcol)
                        : NULL;
        if (key)
            nashra_diag_report(diag, NASHRA_ERROR, c.line0 + (int)mk.line, vcol,
                               "front matter: the value of '%s' holds a colon and a space, "
                               "which YAML reads as a new key; quote the value: %s: \"…\"",
                               key, key);
        else
            nashra_diag_report(diag, NASHRA_ERROR, c.line0 + (int)mk.line, (int)mk.column + 1,
                               "front matter: %s%s%s",
                               parser.problem ? parser.problem : "YAML error",
                               parser.context ? " " : "", parser.context ? parser.context : "");
        g_free(key);
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
        FM_REPORT(&c, NASHRA_ERROR, root, "front matter must be a mapping of keys to values");
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return (size_t)(body - buf);
}

/* One -M argument, KEY=VALUE (KEY alone means true), on line LINE of the command line. */
static void parse_fm_override(const char *arg, int line, struct nashra_meta *m,
                              struct nashra_diag *diag)
{
    const char *eq = strchr(arg, '=');
    char *key = eq ? g_strndup(arg, (gsize)(eq - arg)) : g_strdup(arg);
    const char *value = eq ? eq + 1 : "true";
    g_strstrip(key);
    if (!*key) {
        nashra_diag_report(diag, NASHRA_ERROR, line, 1, "-M needs KEY=VALUE");
        g_free(key);
        return;
    }
    int col0 = eq ? (int)g_utf8_strlen(arg, eq + 1 - arg) : 0;
    yaml_mark_t at;
    char *problem = parse_fm_check(value, strlen(value), &at);
    if (problem) {
        nashra_diag_report(diag, NASHRA_ERROR, line + (int)at.line,
                           (int)at.column + 1 + (at.line ? 0 : col0), "-M %s: %s", key, problem);
        g_free(problem);
        g_free(key);
        return;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)value, strlen(value));
    struct parse_fm_ctx c = {&doc, diag, NULL, line, col0, true, NULL, NULL, false};
    if (!yaml_parser_load(&parser, &doc)) {
        yaml_mark_t mk = parser.problem_mark;
        /* Found only at the end (an unclosed bracket or quote): point where it began. */
        if (parser.context && mk.index >= strlen(value))
            mk = parser.context_mark;
        if (mk.index >= strlen(value)) {
            mk.line = 0;
            mk.column = 0;
        }
        nashra_diag_report(diag, NASHRA_ERROR, line + (int)mk.line,
                           (int)mk.column + 1 + (mk.line ? 0 : col0), "-M %s: %s%s%s", key,
                           parser.problem ? parser.problem : "YAML error",
                           parser.context ? " " : "", parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        g_free(key);
        return;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) { /* an empty value: the empty string */
        yaml_document_delete(&doc);
        yaml_document_initialize(&doc, NULL, NULL, NULL, 1, 1);
        yaml_document_add_scalar(&doc, NULL, (yaml_char_t *)"", 0, YAML_PLAIN_SCALAR_STYLE);
        root = yaml_document_get_root_node(&doc);
    }
    /* Keys given on the command line have no place in the file. */
    parse_fm_record(m, key, (struct nashra_pos){0, 0, 0});
    if (!parse_fm_apply(&c, key, root, m))
        nashra_diag_report(diag, NASHRA_WARNING, line, 1, "unknown front matter key '%s'", key);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    g_free(key);
}

void parse_meta_overrides(const struct nashra_parse_options *opts, struct nashra_meta *meta,
                          struct nashra_diag *diag)
{
    if (!opts || opts->n_metadata <= 0)
        return;
    /* The -M arguments, one a line, stand as the source that diagnostics quote. */
    GString *text = g_string_new(NULL);
    int *lines = g_new(int, opts->n_metadata);
    int line = 1;
    for (int i = 0; i < opts->n_metadata; i++) {
        lines[i] = line;
        g_string_append(text, opts->metadata[i]);
        g_string_append_c(text, '\n');
        for (const char *p = opts->metadata[i]; *p; p++)
            line += *p == '\n';
        line++;
    }
    struct nashra_diag md = *diag;
    md.filename = "<command line>";
    md.source = text->str;
    md.source_len = text->len;
    md.errors = md.warnings = 0;
    for (int i = 0; i < opts->n_metadata; i++)
        parse_fm_override(opts->metadata[i], lines[i], meta, &md);
    diag->errors += md.errors;
    diag->warnings += md.warnings;
    g_free(lines);
    g_string_free(text, TRUE);
}
