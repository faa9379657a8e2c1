/* Link reference definitions: reading them off the start of a paragraph, and the label
 * normalisation (case fold, collapsed whitespace) both definitions and references use. */
#include "parse/internal.h"

#include <string.h>

static void parse_ref_free(gpointer data)
{
    struct parse_ref *r = data;
    g_free(r->url);
    g_free(r->title);
    g_free(r);
}

GHashTable *parse_refmap_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, parse_ref_free);
}

char *parse_normalize_label(const char *s, size_t len)
{
    GString *t = g_string_sized_new(len);
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && t->len)
            g_string_append_c(t, ' ');
        space = false;
        g_string_append_c(t, c);
    }
    if (!t->len) {
        g_string_free(t, TRUE);
        return NULL;
    }
    char *folded = g_utf8_casefold(t->str, (gssize)t->len);
    g_string_free(t, TRUE);
    return folded;
}

static size_t parse_ref_skip_spaces(const char *p, size_t len, size_t i)
{
    while (i < len && (p[i] == ' ' || p[i] == '\t'))
        i++;
    return i;
}

/* Spaces, then at most one line ending, then spaces. */
static size_t parse_ref_skip_ws_one_newline(const char *p, size_t len, size_t i, bool *newline)
{
    i = parse_ref_skip_spaces(p, len, i);
    *newline = false;
    if (i < len && p[i] == '\n') {
        *newline = true;
        i = parse_ref_skip_spaces(p, len, i + 1);
    }
    return i;
}

/* One definition at I; returns the offset after it, or 0. */
static size_t parse_ref_parse_one(const char *p, size_t len, size_t i, GHashTable *refs)
{
    size_t label_len = parse_scan_link_label(p + i, len - i);
    if (!label_len || i + label_len >= len || p[i + label_len] != ':')
        return 0;
    char *key = parse_normalize_label(p + i + 1, label_len - 2);
    if (!key)
        return 0;
    bool nl;
    size_t j = parse_ref_skip_ws_one_newline(p, len, i + label_len + 1, &nl);
    size_t consumed, ds, dl;
    if (j >= len || !parse_scan_link_dest(p + j, len - j, &consumed, &ds, &dl) || (consumed == 0)) {
        g_free(key);
        return 0;
    }
    size_t dest_s = j + ds, dest_l = dl;
    size_t after_dest = j + consumed;
    size_t k = parse_ref_skip_ws_one_newline(p, len, after_dest, &nl);
    size_t title_s = 0, title_l = 0;
    size_t end = 0;
    if (k > after_dest && k < len) {
        size_t tl = parse_scan_link_title(p + k, len - k);
        if (tl) {
            size_t e = parse_ref_skip_spaces(p, len, k + tl);
            if (e >= len || p[e] == '\n') {
                title_s = k + 1;
                title_l = tl - 2;
                end = e < len ? e + 1 : e;
            }
        }
    }
    if (!end) {
        size_t e = parse_ref_skip_spaces(p, len, after_dest);
        if (e < len && p[e] != '\n') {
            g_free(key);
            return 0;
        }
        end = e < len ? e + 1 : e;
        title_l = 0;
        title_s = 0;
    }
    if (!g_hash_table_contains(refs, key)) {
        struct parse_ref *r = g_new0(struct parse_ref, 1);
        GString *u = g_string_new(NULL);
        parse_unescape(u, p + dest_s, dest_l);
        r->url = g_string_free(u, FALSE);
        if (title_s) {
            GString *t = g_string_new(NULL);
            parse_unescape(t, p + title_s, title_l);
            r->title = g_string_free(t, FALSE);
        }
        g_hash_table_insert(refs, key, r);
    } else {
        g_free(key);
    }
    return end;
}

size_t parse_link_ref_defs(const struct parse_content *c, GHashTable *refs)
{
    const char *p = c->text->str;
    size_t len = c->text->len;
    size_t i = 0;
    for (;;) {
        size_t s = parse_ref_skip_spaces(p, len, i);
        if (s >= len || p[s] != '[')
            break;
        size_t e = parse_ref_parse_one(p, len, s, refs);
        if (!e)
            break;
        i = e;
    }
    return i;
}
