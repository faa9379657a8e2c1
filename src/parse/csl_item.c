/* A reference as one CSL-JSON item (CSL 1.0.2): the variables and item types CSL knows, and the
 * writer that turns a reference's mapping node (front matter or bibliography) into JSON text. */
#include "parse/internal.h"

#include <string.h>

#include <yaml.h>

/* CSL 1.0.2's variables (the schema's csl-variables.rnc), then the keys CSL-JSON adds. */
static const struct {
    const char *name;
    enum parse_csl_kind kind;
} csl_variables[] = {
    /* standard variables */
    {"abstract", PARSE_CSL_STANDARD}, {"annote", PARSE_CSL_STANDARD},
    {"archive", PARSE_CSL_STANDARD}, {"archive_collection", PARSE_CSL_STANDARD},
    {"archive_location", PARSE_CSL_STANDARD}, {"archive-place", PARSE_CSL_STANDARD},
    {"authority", PARSE_CSL_STANDARD}, {"call-number", PARSE_CSL_STANDARD},
    {"citation-key", PARSE_CSL_STANDARD}, {"citation-label", PARSE_CSL_STANDARD},
    {"collection-title", PARSE_CSL_STANDARD}, {"container-title", PARSE_CSL_STANDARD},
    {"container-title-short", PARSE_CSL_STANDARD}, {"dimensions", PARSE_CSL_STANDARD},
    {"division", PARSE_CSL_STANDARD}, {"DOI", PARSE_CSL_STANDARD},
    {"event", PARSE_CSL_STANDARD}, {"event-title", PARSE_CSL_STANDARD},
    {"event-place", PARSE_CSL_STANDARD}, {"genre", PARSE_CSL_STANDARD},
    {"ISBN", PARSE_CSL_STANDARD}, {"ISSN", PARSE_CSL_STANDARD},
    {"jurisdiction", PARSE_CSL_STANDARD}, {"keyword", PARSE_CSL_STANDARD},
    {"language", PARSE_CSL_STANDARD}, {"license", PARSE_CSL_STANDARD},
    {"medium", PARSE_CSL_STANDARD}, {"note", PARSE_CSL_STANDARD},
    {"original-publisher", PARSE_CSL_STANDARD}, {"original-publisher-place", PARSE_CSL_STANDARD},
    {"original-title", PARSE_CSL_STANDARD}, {"part-title", PARSE_CSL_STANDARD},
    {"PMCID", PARSE_CSL_STANDARD}, {"PMID", PARSE_CSL_STANDARD},
    {"publisher", PARSE_CSL_STANDARD}, {"publisher-place", PARSE_CSL_STANDARD},
    {"references", PARSE_CSL_STANDARD}, {"reviewed-genre", PARSE_CSL_STANDARD},
    {"reviewed-title", PARSE_CSL_STANDARD}, {"scale", PARSE_CSL_STANDARD},
    {"source", PARSE_CSL_STANDARD}, {"status", PARSE_CSL_STANDARD},
    {"title", PARSE_CSL_STANDARD}, {"title-short", PARSE_CSL_STANDARD},
    {"URL", PARSE_CSL_STANDARD}, {"volume-title", PARSE_CSL_STANDARD},
    {"year-suffix", PARSE_CSL_STANDARD},
    /* number variables */
    {"chapter-number", PARSE_CSL_NUMBER}, {"citation-number", PARSE_CSL_NUMBER},
    {"collection-number", PARSE_CSL_NUMBER}, {"edition", PARSE_CSL_NUMBER},
    {"first-reference-note-number", PARSE_CSL_NUMBER}, {"issue", PARSE_CSL_NUMBER},
    {"locator", PARSE_CSL_NUMBER}, {"number", PARSE_CSL_NUMBER},
    {"number-of-pages", PARSE_CSL_NUMBER}, {"number-of-volumes", PARSE_CSL_NUMBER},
    {"page", PARSE_CSL_NUMBER}, {"page-first", PARSE_CSL_NUMBER},
    {"part-number", PARSE_CSL_NUMBER}, {"printing-number", PARSE_CSL_NUMBER},
    {"section", PARSE_CSL_NUMBER}, {"supplement-number", PARSE_CSL_NUMBER},
    {"version", PARSE_CSL_NUMBER}, {"volume", PARSE_CSL_NUMBER},
    /* date variables */
    {"accessed", PARSE_CSL_DATE}, {"available-date", PARSE_CSL_DATE},
    {"event-date", PARSE_CSL_DATE}, {"issued", PARSE_CSL_DATE},
    {"original-date", PARSE_CSL_DATE}, {"submitted", PARSE_CSL_DATE},
    /* name variables */
    {"author", PARSE_CSL_NAME}, {"chair", PARSE_CSL_NAME},
    {"collection-editor", PARSE_CSL_NAME}, {"compiler", PARSE_CSL_NAME},
    {"composer", PARSE_CSL_NAME}, {"container-author", PARSE_CSL_NAME},
    {"contributor", PARSE_CSL_NAME}, {"curator", PARSE_CSL_NAME},
    {"director", PARSE_CSL_NAME}, {"editor", PARSE_CSL_NAME},
    {"editor-translator", PARSE_CSL_NAME}, {"editorial-director", PARSE_CSL_NAME},
    {"executive-producer", PARSE_CSL_NAME}, {"guest", PARSE_CSL_NAME},
    {"host", PARSE_CSL_NAME}, {"illustrator", PARSE_CSL_NAME},
    {"interviewer", PARSE_CSL_NAME}, {"narrator", PARSE_CSL_NAME},
    {"organizer", PARSE_CSL_NAME}, {"original-author", PARSE_CSL_NAME},
    {"performer", PARSE_CSL_NAME}, {"producer", PARSE_CSL_NAME},
    {"recipient", PARSE_CSL_NAME}, {"reviewed-author", PARSE_CSL_NAME},
    {"script-writer", PARSE_CSL_NAME}, {"series-creator", PARSE_CSL_NAME},
    {"translator", PARSE_CSL_NAME},
    /* CSL-JSON's own keys (csl-data.json) */
    {"id", PARSE_CSL_ITEM}, {"type", PARSE_CSL_ITEM},
    {"categories", PARSE_CSL_ITEM}, {"custom", PARSE_CSL_ITEM},
    {"shortTitle", PARSE_CSL_ITEM}, {"journalAbbreviation", PARSE_CSL_ITEM},
};

/* CSL 1.0.2's item types (csl-types.rnc). */
static const char *const csl_types[] = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
    NULL};

enum parse_csl_kind parse_csl_variable_kind(const char *key)
{
    for (size_t i = 0; key && i < G_N_ELEMENTS(csl_variables); i++)
        if (strcmp(key, csl_variables[i].name) == 0)
            return csl_variables[i].kind;
    return PARSE_CSL_UNKNOWN;
}

const char *const *parse_csl_types(void)
{
    return csl_types;
}

/* A name as compared for a suggestion: lower case, '_' and '-' alike. */
static bool csl_loosely_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a == '_' ? '-' : g_ascii_tolower(*a), y = *b == '_' ? '-' : g_ascii_tolower(*b);
        if (x != y)
            return false;
    }
    return !*a && !*b;
}

const char *parse_csl_suggest(const char *s, bool type)
{
    if (type) {
        for (size_t i = 0; s && csl_types[i]; i++)
            if (csl_loosely_equal(s, csl_types[i]))
                return csl_types[i];
        return NULL;
    }
    if (s && csl_loosely_equal(s, "url"))
        return "URL";
    for (size_t i = 0; s && i < G_N_ELEMENTS(csl_variables); i++)
        if (csl_loosely_equal(s, csl_variables[i].name))
            return csl_variables[i].name;
    return NULL;
}

struct csl_writer {
    yaml_document_t *doc;
    GString *out;
    bool too_deep;
};

/* S (UTF-8) as a JSON string: quotes, backslash and control characters escaped, U+2028 and
 * U+2029 too (JavaScript's line ends), everything else as it is. A scalar ends at a NUL (YAML's
 * "\0"), as every field of a reference reads it. */
static void csl_string(GString *out, const char *s)
{
    size_t len = strlen(s);
    g_string_append_c(out, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = c == '"'    ? "\\\""
                          : c == '\\' ? "\\\\"
                          : c == '\n' ? "\\n"
                          : c == '\r' ? "\\r"
                          : c == '\t' ? "\\t"
                          : c == '\b' ? "\\b"
                          : c == '\f' ? "\\f"
                                      : NULL;
        if (esc)
            g_string_append(out, esc);
        else if (c < 0x20 || c == 0x7f)
            g_string_append_printf(out, "\\u%04x", c);
        else if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                 ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
            g_string_append(out, (unsigned char)s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029");
            i += 2;
        } else
            g_string_append_c(out, (char)c);
    }
    g_string_append_c(out, '"');
}

static const char *csl_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* YAML's null (an empty value, ~, null) or JSON's null: plain, never quoted. */
static bool csl_is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = csl_scalar(n);
    return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
           strcmp(s, "NULL") == 0;
}

/* A whole number as a date part or season is written: "2023", "-44", "05", 2020.0 as JSON
 * writes it. */
static bool csl_int(const char *s, gint64 *out)
{
    const char *p = s + (*s == '-');
    size_t digits = strspn(p, "0123456789");
    const char *rest = p + digits;
    if (*rest == '.' && rest[1] && !rest[1 + strspn(rest + 1, "0")])
        rest = ""; /* a whole number with a fraction of zeros */
    if (!digits || digits > 9 || *rest)
        return false;
    gint64 v = 0;
    for (size_t i = 0; i < digits; i++)
        v = v * 10 + (p[i] - '0');
    *out = *s == '-' ? -v : v;
    return true;
}

static void csl_value(struct csl_writer *w, yaml_node_t *n, int depth);

/* Whether PAIR of MAP repeats a key before it (SEEN: the keys so far when MAP is large). */
static bool csl_repeated(struct csl_writer *w, yaml_node_t *map, yaml_node_pair_t *pair,
                         GHashTable *seen)
{
    const char *k = csl_scalar(yaml_document_get_node(w->doc, pair->key));
    if (seen)
        return !g_hash_table_add(seen, (gpointer)k);
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < pair; p++) {
        const char *pk = csl_scalar(yaml_document_get_node(w->doc, p->key));
        if (pk && strcmp(pk, k) == 0)
            return true;
    }
    return false;
}

/* Opens a nested value: false (and null written) past FM_MAX_DEPTH. Aliases can nest a
 * document deeper than it is written, so the depth is counted here too. */
static bool csl_enter(struct csl_writer *w, int depth)
{
    if (depth < FM_MAX_DEPTH)
        return true;
    w->too_deep = true;
    g_string_append(w->out, "null");
    return false;
}

/* A mapping: keys in order, the first of a repeated key kept (as the front matter reads it),
 * null members left out; each value written by VALUE. */
static void csl_mapping(struct csl_writer *w, yaml_node_t *n, int depth,
                        void (*value)(struct csl_writer *, const char *, yaml_node_t *, int))
{
    yaml_node_pair_t *start = n->data.mapping.pairs.start, *top = n->data.mapping.pairs.top;
    GHashTable *seen = top - start > 16 ? g_hash_table_new(g_str_hash, g_str_equal) : NULL;
    bool first = true;
    g_string_append_c(w->out, '{');
    for (yaml_node_pair_t *p = start; p < top; p++) {
        const char *k = csl_scalar(yaml_document_get_node(w->doc, p->key));
        yaml_node_t *v = yaml_document_get_node(w->doc, p->value);
        if (!k || csl_is_null(v) || csl_repeated(w, n, p, seen))
            continue;
        if (!first)
            g_string_append_c(w->out, ',');
        first = false;
        csl_string(w->out, k);
        g_string_append_c(w->out, ':');
        value(w, k, v, depth + 1);
    }
    g_string_append_c(w->out, '}');
    if (seen)
        g_hash_table_destroy(seen);
}

static void csl_member(struct csl_writer *w, const char *key, yaml_node_t *v, int depth)
{
    (void)key;
    csl_value(w, v, depth);
}

/* Any value: scalars as strings (CSL-JSON's number variables may be strings), nulls in a list
 * as null. */
static void csl_value(struct csl_writer *w, yaml_node_t *n, int depth)
{
    if (n->type == YAML_SCALAR_NODE) {
        csl_string(w->out, csl_scalar(n));
        return;
    }
    if (!csl_enter(w, depth))
        return;
    if (n->type == YAML_MAPPING_NODE) {
        csl_mapping(w, n, depth, csl_member);
        return;
    }
    g_string_append_c(w->out, '[');
    for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
        yaml_node_t *item = yaml_document_get_node(w->doc, *i);
        if (i > n->data.sequence.items.start)
            g_string_append_c(w->out, ',');
        if (csl_is_null(item))
            g_string_append(w->out, "null");
        else
            csl_value(w, item, depth + 1);
    }
    g_string_append_c(w->out, ']');
}

/* One name: a plain string split as a person's ({"family","given"}), or {"literal"} when it
 * cannot be one; a mapping as it is. */
static void csl_name(struct csl_writer *w, yaml_node_t *n, int depth)
{
    const char *s = csl_scalar(n);
    char *family, *given;
    if (!s) {
        csl_value(w, n, depth);
    } else if (nashra_name_split(s, &family, &given)) {
        g_string_append(w->out, "{\"family\":");
        csl_string(w->out, family);
        if (given) {
            g_string_append(w->out, ",\"given\":");
            csl_string(w->out, given);
        }
        g_string_append_c(w->out, '}');
        g_free(family);
        g_free(given);
    } else {
        g_string_append(w->out, "{\"literal\":");
        csl_string(w->out, s);
        g_string_append_c(w->out, '}');
    }
}

/* A name variable: always a list. */
static void csl_names(struct csl_writer *w, yaml_node_t *n, int depth)
{
    if (!csl_enter(w, depth))
        return;
    g_string_append_c(w->out, '[');
    if (n->type != YAML_SEQUENCE_NODE) {
        csl_name(w, n, depth + 1);
    } else {
        for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top;
             i++) {
            yaml_node_t *item = yaml_document_get_node(w->doc, *i);
            if (i > n->data.sequence.items.start)
                g_string_append_c(w->out, ',');
            if (csl_is_null(item))
                g_string_append(w->out, "null");
            else
                csl_name(w, item, depth + 1);
        }
    }
    g_string_append_c(w->out, ']');
}

/* A whole number as a JSON number, anything else as a string. */
static void csl_number(struct csl_writer *w, yaml_node_t *n, int depth)
{
    gint64 v;
    if (n->type == YAML_SCALAR_NODE && csl_int(csl_scalar(n), &v))
        g_string_append_printf(w->out, "%" G_GINT64_FORMAT, v);
    else
        csl_value(w, n, depth);
}

/* "date-parts": [[2023, 5, 1], [2024]]: the parts as numbers. */
static void csl_date_parts(struct csl_writer *w, yaml_node_t *n, int depth)
{
    if (n->type != YAML_SEQUENCE_NODE) {
        csl_value(w, n, depth);
        return;
    }
    if (!csl_enter(w, depth))
        return;
    g_string_append_c(w->out, '[');
    for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
        yaml_node_t *date = yaml_document_get_node(w->doc, *i);
        if (i > n->data.sequence.items.start)
            g_string_append_c(w->out, ',');
        if (date->type != YAML_SEQUENCE_NODE) {
            csl_value(w, date, depth + 1);
            continue;
        }
        if (!csl_enter(w, depth + 1))
            continue;
        g_string_append_c(w->out, '[');
        for (yaml_node_item_t *j = date->data.sequence.items.start;
             j < date->data.sequence.items.top; j++) {
            if (j > date->data.sequence.items.start)
                g_string_append_c(w->out, ',');
            csl_number(w, yaml_document_get_node(w->doc, *j), depth + 2);
        }
        g_string_append_c(w->out, ']');
    }
    g_string_append_c(w->out, ']');
}

static void csl_date_member(struct csl_writer *w, const char *key, yaml_node_t *v, int depth)
{
    const char *s = csl_scalar(v);
    if (strcmp(key, "date-parts") == 0)
        csl_date_parts(w, v, depth);
    else if (strcmp(key, "season") == 0)
        csl_number(w, v, depth);
    else if (strcmp(key, "circa") == 0 && s && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
             (strcmp(s, "true") == 0 || strcmp(s, "false") == 0))
        g_string_append(w->out, s);
    else
        csl_value(w, v, depth);
}

/* A date variable: "2023-05-01", "2023-05" or "2023" becomes {"date-parts": [[2023, 5, 1]]},
 * another string {"raw": …} (for the processor to read); a mapping keeps its members, with
 * numbers for the date parts and season and a boolean circa. */
static void csl_date(struct csl_writer *w, yaml_node_t *n, int depth)
{
    const char *s = csl_scalar(n);
    int y, m, d;
    if (s && parse_iso_date(s, &y, &m, &d)) {
        g_string_append_printf(w->out, "{\"date-parts\":[[%d", y);
        if (m)
            g_string_append_printf(w->out, ",%d", m);
        if (m && d)
            g_string_append_printf(w->out, ",%d", d);
        g_string_append(w->out, "]]}");
    } else if (s) {
        g_string_append(w->out, "{\"raw\":");
        csl_string(w->out, s);
        g_string_append_c(w->out, '}');
    } else if (n->type == YAML_MAPPING_NODE) {
        if (csl_enter(w, depth))
            csl_mapping(w, n, depth, csl_date_member);
    } else {
        csl_value(w, n, depth);
    }
}

static void csl_item_member(struct csl_writer *w, const char *key, yaml_node_t *v, int depth)
{
    switch (parse_csl_variable_kind(key)) {
    case PARSE_CSL_NAME:
        csl_names(w, v, depth);
        break;
    case PARSE_CSL_DATE:
        csl_date(w, v, depth);
        break;
    default:
        csl_value(w, v, depth);
    }
}

char *parse_csl_item_json(yaml_document_t *doc, yaml_node_t *ref, bool *too_deep)
{
    struct csl_writer w = {doc, g_string_new(NULL), false};
    /* `url` is nashra's spelling of `URL` (which wins when both are given). */
    bool has_url = false;
    for (yaml_node_pair_t *p = ref->data.mapping.pairs.start; p < ref->data.mapping.pairs.top; p++)
        has_url = has_url || g_strcmp0(csl_scalar(yaml_document_get_node(doc, p->key)), "URL") == 0;
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    bool first = true;
    g_string_append_c(w.out, '{');
    for (yaml_node_pair_t *p = ref->data.mapping.pairs.start; p < ref->data.mapping.pairs.top;
         p++) {
        const char *k = csl_scalar(yaml_document_get_node(doc, p->key));
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (k && strcmp(k, "url") == 0) {
            if (has_url)
                continue;
            k = "URL";
        }
        if (!k || csl_is_null(v) || !g_hash_table_add(seen, (gpointer)k))
            continue;
        if (!first)
            g_string_append_c(w.out, ',');
        first = false;
        csl_string(w.out, k);
        g_string_append_c(w.out, ':');
        csl_item_member(&w, k, v, 1);
    }
    g_string_append_c(w.out, '}');
    g_hash_table_destroy(seen);
    *too_deep = w.too_deep;
    return g_string_free(w.out, FALSE);
}
