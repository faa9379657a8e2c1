/* Character references (named from the HTML5 list, decimal, hexadecimal) and backslash
 * escapes, shared by text, link destinations, titles and info strings. */
#include "parse/internal.h"

#include <stdlib.h>
#include <string.h>

struct parse_entity_def {
    const char *name;
    const char *utf8;
};

#include "parse/entities_table.h"

bool parse_is_ascii_punct(unsigned char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

static int parse_entity_cmp(const void *key, const void *elem)
{
    const struct parse_entity_def *e = elem;
    return strcmp(key, e->name);
}

static void parse_entity_put_cp(GString *out, uint32_t cp)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    g_string_append_unichar(out, (gunichar)cp);
}

size_t parse_entity(const char *p, size_t len, GString *out)
{
    if (len < 3 || p[0] != '&')
        return 0;
    size_t i = 1;
    if (p[1] == '#') {
        i = 2;
        uint32_t cp = 0;
        size_t digits = 0;
        if (i < len && (p[i] == 'x' || p[i] == 'X')) {
            i++;
            while (i < len && g_ascii_isxdigit(p[i]) && digits < 7) {
                cp = cp * 16 + (uint32_t)g_ascii_xdigit_value(p[i]);
                i++;
                digits++;
            }
            if (digits == 0 || digits > 6)
                return 0;
        } else {
            while (i < len && g_ascii_isdigit(p[i]) && digits < 8) {
                cp = cp * 10 + (uint32_t)(p[i] - '0');
                i++;
                digits++;
            }
            if (digits == 0 || digits > 7)
                return 0;
        }
        if (i >= len || p[i] != ';')
            return 0;
        parse_entity_put_cp(out, cp);
        return i + 1;
    }
    /* The longest HTML5 name is 32 characters. */
    while (i < len && i < 40 && g_ascii_isalnum(p[i]))
        i++;
    if (i == 1 || i >= len || p[i] != ';' || i >= 40)
        return 0;
    char name[48];
    memcpy(name, p + 1, i - 1);
    name[i - 1] = '\0';
    const struct parse_entity_def *e =
        bsearch(name, parse_entity_table, G_N_ELEMENTS(parse_entity_table),
                sizeof parse_entity_table[0], parse_entity_cmp);
    if (!e)
        return 0;
    g_string_append(out, e->utf8);
    return i + 1;
}

void parse_unescape(GString *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != '\\' && s[j] != '&')
            j++;
        g_string_append_len(out, s + i, (gssize)(j - i));
        i = j;
        if (i >= len)
            break;
        if (s[i] == '\\') {
            if (i + 1 < len && parse_is_ascii_punct((unsigned char)s[i + 1])) {
                g_string_append_c(out, s[i + 1]);
                i += 2;
            } else {
                g_string_append_c(out, '\\');
                i++;
            }
        } else {
            size_t n = parse_entity(s + i, len - i, out);
            if (n) {
                i += n;
            } else {
                g_string_append_c(out, '&');
                i++;
            }
        }
    }
}

void parse_unescape_entities(GString *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const char *amp = memchr(s + i, '&', len - i);
        size_t j = amp ? (size_t)(amp - s) : len;
        g_string_append_len(out, s + i, (gssize)(j - i));
        i = j;
        if (i >= len)
            break;
        size_t n = parse_entity(s + i, len - i, out);
        if (!n) {
            g_string_append_c(out, '&');
            n = 1;
        }
        i += n;
    }
}
