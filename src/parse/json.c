/* CSL-JSON read with json-glib (strict JSON: surrogate pairs, `\/`, no YAML-isms) and handed
 * to the front matter's reader as a libyaml document, so that `references:` and a
 * `bibliography:` file are validated by one piece of code. json-glib keeps no positions on
 * its nodes: they are taken while it parses (each member's key, each array element), so that
 * errors point into the JSON file. */
#include <string.h>

#include <json-glib/json-glib.h>

#include <yaml.h>

#include "parse/internal.h"

struct json_pos {
    GHashTable *at; /* "%p/key" or "%p#index" -> packed line << 32 | column (1-based) */
    const char *text;
    size_t len;
    size_t *line_starts;
    guint n_lines;
};

static guint64 json_pack(guint line, guint col)
{
    return (guint64)line << 32 | col;
}

/* json-glib reports where the value ended: the key's own position is found by looking back
 * for `"KEY"` from there, so that a message points at the member it is about. */
static guint64 json_key_pos(const struct json_pos *jp, guint line, const char *key)
{
    char *quoted = g_strdup_printf("\"%s\"", key);
    guint64 found = json_pack(line, 1);
    for (guint l = line; l >= 1 && l <= jp->n_lines; l--) {
        const char *s = jp->text + jp->line_starts[l - 1];
        const char *e = l < jp->n_lines ? jp->text + jp->line_starts[l] : jp->text + jp->len;
        const char *hit = NULL;
        for (const char *p = s; p && p < e; p++) {
            p = g_strstr_len(p, e - p, quoted);
            if (!p)
                break;
            hit = p;
        }
        if (hit) {
            found = json_pack(l, (guint)g_utf8_strlen(s, hit - s) + 1);
            break;
        }
        if (line - l > 50)
            break;
    }
    g_free(quoted);
    return found;
}

static void json_on_member(JsonParser *p, JsonObject *o, const char *name, gpointer user)
{
    struct json_pos *jp = user;
    guint line = json_parser_get_current_line(p);
    g_hash_table_insert(jp->at, g_strdup_printf("%p/%s", (void *)o, name),
                        g_memdup2((guint64[]){json_key_pos(jp, line, name)}, sizeof(guint64)));
}

static void json_on_element(JsonParser *p, JsonArray *a, int index, gpointer user)
{
    struct json_pos *jp = user;
    guint line = json_parser_get_current_line(p), col = json_parser_get_current_pos(p);
    g_hash_table_insert(jp->at, g_strdup_printf("%p#%d", (void *)a, index),
                        g_memdup2((guint64[]){json_pack(line, col ? col : 1)}, sizeof(guint64)));
}

static void json_mark(yaml_document_t *doc, int id, guint64 pos)
{
    yaml_node_t *n = yaml_document_get_node(doc, id);
    guint line = (guint)(pos >> 32), col = (guint)(pos & 0xffffffffu);
    n->start_mark.line = line ? line - 1 : 0;
    n->start_mark.column = col ? col - 1 : 0;
}

static guint64 json_lookup(const struct json_pos *jp, char *key)
{
    guint64 *v = g_hash_table_lookup(jp->at, key);
    g_free(key);
    return v ? *v : 0;
}

/* Adds NODE to DOC; returns its id (0 on failure). POS: where NODE is written. */
static int json_to_yaml(const struct json_pos *jp, yaml_document_t *doc, JsonNode *node,
                        guint64 pos)
{
    int id = 0;
    switch (json_node_get_node_type(node)) {
    case JSON_NODE_OBJECT: {
        JsonObject *o = json_node_get_object(node);
        id = yaml_document_add_mapping(doc, NULL, YAML_FLOW_MAPPING_STYLE);
        guint64 first = 0;
        JsonObjectIter it;
        const char *name;
        JsonNode *member;
        json_object_iter_init(&it, o);
        while (id && json_object_iter_next(&it, &name, &member)) {
            guint64 at = json_lookup(jp, g_strdup_printf("%p/%s", (void *)o, name));
            if (!first)
                first = at;
            int k = yaml_document_add_scalar(doc, NULL, (yaml_char_t *)name, (int)strlen(name),
                                             YAML_DOUBLE_QUOTED_SCALAR_STYLE);
            int v = json_to_yaml(jp, doc, member, at);
            if (!k || !v || !yaml_document_append_mapping_pair(doc, id, k, v))
                return 0;
            json_mark(doc, k, at);
        }
        if (!pos)
            pos = first;
        break;
    }
    case JSON_NODE_ARRAY: {
        JsonArray *a = json_node_get_array(node);
        id = yaml_document_add_sequence(doc, NULL, YAML_FLOW_SEQUENCE_STYLE);
        for (guint i = 0; id && i < json_array_get_length(a); i++) {
            /* An object element is placed at its first key; others where they end. */
            guint64 at = json_lookup(jp, g_strdup_printf("%p#%u", (void *)a, i));
            JsonNode *e = json_array_get_element(a, i);
            int v = json_to_yaml(jp, doc, e, JSON_NODE_HOLDS_OBJECT(e) ? 0 : at);
            if (!v || !yaml_document_append_sequence_item(doc, id, v))
                return 0;
        }
        break;
    }
    case JSON_NODE_NULL:
        id = yaml_document_add_scalar(doc, NULL, (yaml_char_t *)"null", 4, YAML_PLAIN_SCALAR_STYLE);
        break;
    case JSON_NODE_VALUE: {
        GType t = json_node_get_value_type(node);
        char *s;
        yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
        if (t == G_TYPE_STRING) {
            s = g_strdup(json_node_get_string(node));
            style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        } else if (t == G_TYPE_BOOLEAN) {
            s = g_strdup(json_node_get_boolean(node) ? "true" : "false");
        } else if (t == G_TYPE_INT64) {
            s = g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(node));
        } else {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            s = g_strdup(g_ascii_dtostr(buf, sizeof buf, json_node_get_double(node)));
        }
        id = yaml_document_add_scalar(doc, NULL, (yaml_char_t *)s, (int)strlen(s), style);
        g_free(s);
        break;
    }
    }
    if (id && pos)
        json_mark(doc, id, pos);
    return id;
}

/* json-glib parses recursively, as does json_to_yaml: a bibliography nests at most this deep
 * (CSL-JSON needs 5: items, item, issued, date-parts, a date). */
#define JSON_MAX_DEPTH 64

/* Whether TEXT nests arrays and objects deeper than JSON_MAX_DEPTH (counting outside strings:
 * exact for the part json-glib would accept); if so, *LINE and *COL are where. */
static bool json_too_deep(const char *text, size_t len, int *line, int *col)
{
    int depth = 0, l = 1;
    size_t line_start = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if (ch == '\n') {
            l++;
            line_start = i + 1;
        } else if (in_string) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_string = false;
        } else if (ch == '"') {
            in_string = true;
        } else if (ch == '[' || ch == '{') {
            if (++depth > JSON_MAX_DEPTH) {
                *line = l;
                *col = (int)g_utf8_strlen(text + line_start, (gssize)(i - line_start)) + 1;
                return true;
            }
        } else if ((ch == ']' || ch == '}') && depth > 0) {
            depth--;
        }
    }
    return false;
}

bool parse_json_as_yaml(const char *text, size_t len, yaml_document_t *doc, int *line, int *col,
                        char **message)
{
    *line = *col = 0;
    *message = NULL;
    if (json_too_deep(text, len, line, col)) {
        *message = g_strdup_printf("nesting deeper than %d levels", JSON_MAX_DEPTH);
        return false;
    }
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(size_t));
    size_t zero = 0;
    g_array_append_val(starts, zero);
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n') {
            size_t s = i + 1;
            g_array_append_val(starts, s);
        }
    struct json_pos jp = {g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free), text,
                          len, (size_t *)(void *)starts->data, starts->len};
    JsonParser *p = json_parser_new_immutable();
    g_signal_connect(p, "object-member", G_CALLBACK(json_on_member), &jp);
    g_signal_connect(p, "array-element", G_CALLBACK(json_on_element), &jp);
    GError *err = NULL;
    bool ok = json_parser_load_from_data(p, text, (gssize)len, &err);
    if (!ok) {
        /* json-glib writes "<data>:LINE:COL: Parse error: …"; the message is kept without
         * its own position, which the caller prints in its usual form. */
        const char *m = err->message;
        unsigned l = 0, c = 0;
        int used = 0;
        if (sscanf(m, "<data>:%u:%u: %n", &l, &c, &used) == 2 && used > 0) {
            *line = (int)l;
            *col = (int)c;
            m += used;
        }
        *message = g_strdup(m);
        g_error_free(err);
    } else {
        yaml_document_initialize(doc, NULL, NULL, NULL, 1, 1);
        JsonNode *root = json_parser_get_root(p);
        if (!root || !json_to_yaml(&jp, doc, root, json_pack(1, 1))) {
            yaml_document_delete(doc);
            *message = g_strdup(root ? "out of memory" : "the file holds no JSON value");
            *line = *col = 1;
            ok = false;
        }
    }
    g_object_unref(p);
    g_hash_table_destroy(jp.at);
    g_array_free(starts, TRUE);
    return ok;
}
