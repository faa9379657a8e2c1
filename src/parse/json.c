/* CSL-JSON (strict JSON, RFC 8259: surrogate pairs, `\/`, no YAML-isms) read straight into a
 * libyaml document, so that `references:` and a `bibliography:` file are validated by one
 * piece of code. Each node is marked where it is written (a member's value at its key), so
 * that errors point into the JSON file.
 *
 * One pass, in time and memory linear in the text. json-glib, used before, keeps no positions
 * (each key's was searched for on its line: quadratic on a minified file) and replaces a
 * repeated key by a linear search of the object's keys (quadratic in an object's size). */
#include <stdarg.h>
#include <string.h>

#include <yaml.h>

#include "parse/internal.h"

/* Values nest at most this deep (CSL-JSON needs 5: items, item, issued, date-parts, a date);
 * the reader recurses once per level. */
#define JSON_MAX_DEPTH 64

/* An object with more members than this has its repeated keys found through a hash table. */
#define JSON_SMALL_OBJECT 16

struct jp {
    const char *text;
    size_t len, i;
    yaml_document_t *doc;
    size_t line;      /* 0-based, as yaml_mark_t counts */
    size_t col_at;    /* an offset on the current line… */
    size_t col;       /* …and the code points before it on the line */
    int depth;
    GString *str;     /* a string being decoded */
    GArray *pairs;    /* yaml_node_pair_t: members of the open objects, innermost last */
    char *error;
    int err_line, err_col;
};

/* Where offset OFF is. Offsets are asked for in increasing order, so counting code points
 * from the last one asked for keeps this linear on a long line. */
static yaml_mark_t jp_mark(struct jp *p, size_t off)
{
    if (off > p->col_at) {
        p->col += (size_t)g_utf8_strlen(p->text + p->col_at, (gssize)(off - p->col_at));
        p->col_at = off;
    }
    return (yaml_mark_t){off, p->line, p->col};
}

G_GNUC_PRINTF(3, 4)
static int jp_fail(struct jp *p, size_t off, const char *fmt, ...)
{
    if (p->error)
        return 0;
    yaml_mark_t m = jp_mark(p, off);
    p->err_line = (int)m.line + 1;
    p->err_col = (int)m.column + 1;
    va_list ap;
    va_start(ap, fmt);
    p->error = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return 0;
}

/* "end of file", "character `@'", "identifier `tru'": what stands at the current offset. */
static char *jp_what(struct jp *p)
{
    if (p->i >= p->len)
        return g_strdup("end of file");
    const char *s = p->text + p->i, *end = p->text + p->len;
    if (g_ascii_isalpha(*s)) {
        const char *e = s;
        while (e < end && e - s < 40 && (g_ascii_isalnum(*e) || *e == '_'))
            e++;
        return g_strdup_printf("identifier `%.*s%s'", (int)(e - s), s,
                               e < end && g_ascii_isalnum(*e) ? "…" : "");
    }
    gunichar c = g_utf8_get_char_validated(s, end - s);
    if (c == (gunichar)-1 || c == (gunichar)-2)
        return g_strdup_printf("byte 0x%02X", (unsigned char)*s);
    if (c < 0x20 || c == 0x7f)
        return g_strdup_printf("control character U+%04X", c);
    return g_strdup_printf("character `%.*s'", (int)g_unichar_to_utf8(c, NULL), s);
}

static int jp_unexpected(struct jp *p, const char *expected)
{
    char *what = jp_what(p);
    jp_fail(p, p->i, "Parse error: unexpected %s, expected %s", what, expected);
    g_free(what);
    return 0;
}

static void jp_space(struct jp *p)
{
    for (; p->i < p->len; p->i++) {
        char c = p->text[p->i];
        if (c == '\n') {
            p->line++;
            p->col_at = p->i + 1;
            p->col = 0;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            break;
        }
    }
}

static int jp_hex4(const char *s)
{
    int v = 0;
    for (int k = 0; k < 4; k++) {
        int d = g_ascii_xdigit_value(s[k]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* The string at the current offset (a '"'), decoded into p->str. */
static bool jp_string(struct jp *p)
{
    const char *t = p->text;
    size_t start = p->i++;
    g_string_truncate(p->str, 0);
    for (;;) {
        size_t run = p->i;
        while (p->i < p->len && t[p->i] != '"' && t[p->i] != '\\' &&
               (unsigned char)t[p->i] >= 0x20)
            p->i++;
        const char *bad;
        if (!g_utf8_validate_len(t + run, p->i - run, &bad)) {
            p->i = (size_t)(bad - t);
            return jp_fail(p, p->i, "Parse error: invalid UTF-8 in a string");
        }
        g_string_append_len(p->str, t + run, (gssize)(p->i - run));
        if (p->i >= p->len)
            return jp_fail(p, start, "Parse error: unterminated string");
        char c = t[p->i];
        if (c == '"') {
            p->i++;
            return true;
        }
        if (c != '\\')
            return jp_fail(p, p->i,
                           "Parse error: control character U+%04X in a string (JSON writes "
                           "it as an escape)", (unsigned)c);
        char e = p->i + 1 < p->len ? t[p->i + 1] : '\0';
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e && simple) {
            g_string_append_c(p->str, "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"]);
            p->i += 2;
            continue;
        }
        int u = e == 'u' && p->len - p->i >= 6 ? jp_hex4(t + p->i + 2) : -1;
        if (u < 0)
            return jp_fail(p, p->i, "Parse error: invalid escape in a string");
        if (u == 0)
            return jp_fail(p, p->i, "Parse error: \\u0000 (a NUL character) in a string");
        p->i += 6;
        gunichar ch = (gunichar)u;
        if (u >= 0xD800 && u <= 0xDBFF) {
            int lo = p->len - p->i >= 6 && t[p->i] == '\\' && t[p->i + 1] == 'u'
                         ? jp_hex4(t + p->i + 2)
                         : -1;
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                ch = 0x10000 + (((gunichar)u - 0xD800) << 10) + ((gunichar)lo - 0xDC00);
                p->i += 6;
            } else {
                ch = 0xFFFD; /* an unpaired surrogate stands for no character */
            }
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            ch = 0xFFFD;
        }
        g_string_append_unichar(p->str, ch);
    }
}

static int jp_add_scalar(struct jp *p, const char *s, size_t n, yaml_scalar_style_t style,
                         yaml_mark_t at)
{
    int id = yaml_document_add_scalar(p->doc, NULL, (yaml_char_t *)s, (int)n, style);
    if (!id)
        return jp_fail(p, p->i, "out of memory");
    yaml_document_get_node(p->doc, id)->start_mark = at;
    return id;
}

static int jp_number(struct jp *p, yaml_mark_t at)
{
    const char *t = p->text;
    size_t s = p->i, n = p->len;
    bool real = false;
    if (p->i < n && t[p->i] == '-')
        p->i++;
    if (p->i >= n || !g_ascii_isdigit(t[p->i]))
        return jp_unexpected(p, "a digit");
    if (t[p->i] == '0')
        p->i++;
    else
        while (p->i < n && g_ascii_isdigit(t[p->i]))
            p->i++;
    if (p->i < n && t[p->i] == '.') {
        real = true;
        p->i++;
        if (p->i >= n || !g_ascii_isdigit(t[p->i]))
            return jp_unexpected(p, "a digit");
        while (p->i < n && g_ascii_isdigit(t[p->i]))
            p->i++;
    }
    if (p->i < n && (t[p->i] == 'e' || t[p->i] == 'E')) {
        real = true;
        p->i++;
        if (p->i < n && (t[p->i] == '+' || t[p->i] == '-'))
            p->i++;
        if (p->i >= n || !g_ascii_isdigit(t[p->i]))
            return jp_unexpected(p, "a digit");
        while (p->i < n && g_ascii_isdigit(t[p->i]))
            p->i++;
    }
    if (!real)
        return jp_add_scalar(p, t + s, p->i - s, YAML_PLAIN_SCALAR_STYLE, at);
    /* As json-glib wrote a real number, so that "2020.0" stays a year. */
    char *lit = g_strndup(t + s, p->i - s), buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_dtostr(buf, sizeof buf, g_ascii_strtod(lit, NULL));
    g_free(lit);
    return jp_add_scalar(p, buf, strlen(buf), YAML_PLAIN_SCALAR_STYLE, at);
}

static int jp_value(struct jp *p, const yaml_mark_t *at);

static bool jp_same_key(struct jp *p, int a, int b)
{
    const yaml_node_t *x = yaml_document_get_node(p->doc, a), *y = yaml_document_get_node(p->doc, b);
    return x->data.scalar.length == y->data.scalar.length &&
           memcmp(x->data.scalar.value, y->data.scalar.value, x->data.scalar.length) == 0;
}

/* The members from BASE on, of mapping ID: a repeated key keeps its first place and takes
 * the last value, as json-glib did. */
static bool jp_add_members(struct jp *p, int id, guint base)
{
    yaml_node_pair_t *m = &g_array_index(p->pairs, yaml_node_pair_t, base);
    guint n = p->pairs->len - base;
    if (n <= JSON_SMALL_OBJECT) {
        for (guint j = 1; j < n; j++)
            for (guint k = 0; k < j; k++)
                if (m[k].key && jp_same_key(p, m[k].key, m[j].key)) {
                    m[k].value = m[j].value;
                    m[j].key = 0;
                    break;
                }
    } else {
        GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
        for (guint j = 0; j < n; j++) {
            const char *k = (const char *)yaml_document_get_node(p->doc, m[j].key)->data.scalar.value;
            gpointer first;
            if (g_hash_table_lookup_extended(seen, k, NULL, &first)) {
                m[GPOINTER_TO_UINT(first)].value = m[j].value;
                m[j].key = 0;
            } else {
                g_hash_table_insert(seen, (gpointer)k, GUINT_TO_POINTER(j));
            }
        }
        g_hash_table_destroy(seen);
    }
    for (guint j = 0; j < n; j++)
        if (m[j].key && !yaml_document_append_mapping_pair(p->doc, id, m[j].key, m[j].value))
            return jp_fail(p, p->i, "out of memory");
    g_array_set_size(p->pairs, base);
    return true;
}

static int jp_object(struct jp *p, yaml_mark_t at)
{
    int id = yaml_document_add_mapping(p->doc, NULL, YAML_FLOW_MAPPING_STYLE);
    if (!id)
        return jp_fail(p, p->i, "out of memory");
    yaml_document_get_node(p->doc, id)->start_mark = at;
    guint base = p->pairs->len;
    p->i++;
    jp_space(p);
    if (p->i < p->len && p->text[p->i] == '}') {
        p->i++;
        return id;
    }
    for (;;) {
        jp_space(p);
        if (p->i >= p->len || p->text[p->i] != '"')
            return jp_unexpected(p, "a string (a member's name)");
        yaml_mark_t km = jp_mark(p, p->i);
        if (!jp_string(p))
            return 0;
        yaml_node_pair_t pair = {jp_add_scalar(p, p->str->str, p->str->len,
                                               YAML_DOUBLE_QUOTED_SCALAR_STYLE, km), 0};
        if (!pair.key)
            return 0;
        jp_space(p);
        if (p->i >= p->len || p->text[p->i] != ':')
            return jp_unexpected(p, "character `:'");
        p->i++;
        if (!(pair.value = jp_value(p, &km)))
            return 0;
        g_array_append_val(p->pairs, pair);
        jp_space(p);
        if (p->i < p->len && p->text[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->len && p->text[p->i] == '}') {
            p->i++;
            return jp_add_members(p, id, base) ? id : 0;
        }
        return jp_unexpected(p, "character `,' or `}'");
    }
}

static int jp_array(struct jp *p, yaml_mark_t at)
{
    int id = yaml_document_add_sequence(p->doc, NULL, YAML_FLOW_SEQUENCE_STYLE);
    if (!id)
        return jp_fail(p, p->i, "out of memory");
    yaml_document_get_node(p->doc, id)->start_mark = at;
    p->i++;
    jp_space(p);
    if (p->i < p->len && p->text[p->i] == ']') {
        p->i++;
        return id;
    }
    for (;;) {
        int v = jp_value(p, NULL);
        if (!v)
            return 0;
        if (!yaml_document_append_sequence_item(p->doc, id, v))
            return jp_fail(p, p->i, "out of memory");
        jp_space(p);
        if (p->i < p->len && p->text[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->len && p->text[p->i] == ']') {
            p->i++;
            return id;
        }
        return jp_unexpected(p, "character `,' or `]'");
    }
}

/* The value at the current offset (after spaces), marked at AT, or where it starts. */
static int jp_value(struct jp *p, const yaml_mark_t *at)
{
    jp_space(p);
    if (p->i >= p->len)
        return jp_unexpected(p, "a value");
    yaml_mark_t here = jp_mark(p, p->i);
    if (!at)
        at = &here;
    char c = p->text[p->i];
    if (c == '{' || c == '[') {
        if (p->depth >= JSON_MAX_DEPTH)
            return jp_fail(p, p->i, "nesting deeper than %d levels", JSON_MAX_DEPTH);
        p->depth++;
        int id = c == '{' ? jp_object(p, *at) : jp_array(p, *at);
        p->depth--;
        return id;
    }
    if (c == '"')
        return jp_string(p) ? jp_add_scalar(p, p->str->str, p->str->len,
                                            YAML_DOUBLE_QUOTED_SCALAR_STYLE, *at)
                            : 0;
    if (c == '-' || g_ascii_isdigit(c))
        return jp_number(p, *at);
    static const char *const words[] = {"true", "false", "null"};
    for (size_t k = 0; k < G_N_ELEMENTS(words); k++) {
        size_t n = strlen(words[k]);
        if (p->len - p->i >= n && memcmp(p->text + p->i, words[k], n) == 0 &&
            (p->len - p->i == n || !g_ascii_isalnum(p->text[p->i + n]))) {
            p->i += n;
            return jp_add_scalar(p, words[k], n, YAML_PLAIN_SCALAR_STYLE, *at);
        }
    }
    return jp_unexpected(p, "a value");
}

bool parse_json_as_yaml(const char *text, size_t len, yaml_document_t *doc, int *line, int *col,
                        char **message)
{
    *line = *col = 0;
    *message = NULL;
    struct jp p = {.text = text, .len = len, .doc = doc, .str = g_string_new(NULL),
                   .pairs = g_array_new(FALSE, FALSE, sizeof(yaml_node_pair_t))};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        p.i = p.col_at = 3; /* a byte order mark is no column */
    yaml_document_initialize(doc, NULL, NULL, NULL, 1, 1);
    jp_space(&p);
    if (p.i >= len) {
        p.error = g_strdup("the file holds no JSON value");
        p.err_line = p.err_col = 1;
    } else if (jp_value(&p, NULL)) {
        jp_space(&p);
        if (p.i < len)
            jp_unexpected(&p, "end of file");
    }
    g_string_free(p.str, TRUE);
    g_array_free(p.pairs, TRUE);
    if (p.error) {
        yaml_document_delete(doc);
        *line = p.err_line;
        *col = p.err_col;
        *message = p.error;
        return false;
    }
    return true;
}
