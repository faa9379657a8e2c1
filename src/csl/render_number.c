/* Numbers: ordinals, long ordinals, roman numerals and page ranges. */
#include <stdio.h>
#include <string.h>

#include "csl/csl_int.h"

char *csl_number_ordinal(const struct nashra_csl_engine *e, long n, const char *gender)
{
    const char *suffix = csl_ordinal_suffix(e, n, gender);
    return g_strdup_printf("%ld%s", n, suffix ? suffix : "");
}

char *csl_number_long_ordinal(const struct nashra_csl_engine *e, long n, const char *gender)
{
    if (n >= 1 && n <= 10) {
        char name[32];
        snprintf(name, sizeof name, "long-ordinal-%02ld", n);
        const char *t = csl_term(e, name, "long", false, gender);
        if (t && t[0])
            return g_strdup(t);
    }
    return csl_number_ordinal(e, n, gender);
}

char *csl_number_roman(long n)
{
    if (n <= 0 || n > 3999)
        return g_strdup_printf("%ld", n);
    static const struct {
        int v;
        const char *s;
    } r[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
             {50, "l"},   {40, "xl"},  {10, "x"},  {9, "ix"},   {5, "v"},   {4, "iv"}, {1, "i"}};
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < G_N_ELEMENTS(r); i++)
        while (n >= r[i].v) {
            g_string_append(s, r[i].s);
            n -= r[i].v;
        }
    return g_string_free(s, false);
}

/* Splits "N110" into prefix "N" and digits "110"; false when it does not end in digits. */
static bool split_num(const char *s, gsize len, GString *prefix, GString *digits)
{
    gsize i = len;
    while (i > 0 && g_ascii_isdigit(s[i - 1]))
        i--;
    if (i == len)
        return false;
    g_string_assign(prefix, "");
    g_string_append_len(prefix, s, i);
    g_string_assign(digits, "");
    g_string_append_len(digits, s + i, len - i);
    return true;
}

/* The second number written in full ("110-5" → "115"). */
static void expand_second(const GString *a, GString *b)
{
    if (b->len < a->len) {
        GString *t = g_string_new_len(a->str, a->len - b->len);
        g_string_append(t, b->str);
        g_string_assign(b, t->str);
        g_string_free(t, true);
    }
}

/* The second number with the leading digits it shares with the first left out, keeping at
 * least MIN digits. */
static void minimal_second(const GString *a, GString *b, gsize min)
{
    if (a->len != b->len)
        return;
    gsize i = 0;
    while (i < b->len && a->str[i] == b->str[i])
        i++;
    if (b->len - i < min)
        i = b->len > min ? b->len - min : 0;
    g_string_erase(b, 0, i);
}

static void format_range(const GString *a, GString *b, const char *format)
{
    expand_second(a, b);
    if (!strcmp(format, "expanded"))
        return;
    if (!strcmp(format, "minimal")) {
        minimal_second(a, b, 1);
        return;
    }
    if (!strcmp(format, "minimal-two")) {
        minimal_second(a, b, 2);
        return;
    }
    if (!strncmp(format, "chicago", 7)) {
        long first = strtol(a->str, NULL, 10);
        if (first < 100 || first % 100 == 0)
            return;
        if (first % 100 < 10) {
            minimal_second(a, b, 1);
            return;
        }
        if (strcmp(format, "chicago-16") != 0 && a->len == 4 && b->len == 4) {
            gsize i = 0;
            while (i < 4 && a->str[i] == b->str[i])
                i++;
            if (4 - i >= 3)
                return;
        }
        minimal_second(a, b, 2);
    }
}

/* One "A-B" (or a single value) of a page list. */
static void page_piece(const struct nashra_csl_engine *e, const char *s, gsize len,
                       const char *format, GString *out)
{
    const char *dash = NULL;
    gsize dash_len = 0;
    for (gsize i = 0; i < len; i++) {
        if (s[i] == '-') {
            if (dash)
                goto verbatim;
            dash = s + i;
            dash_len = 1;
        } else if (i + 3 <= len && !strncmp(s + i, "\u2013", 3)) {
            if (dash)
                goto verbatim;
            dash = s + i;
            dash_len = 3;
            i += 2;
        }
    }
    if (!dash)
        goto verbatim;
    const char *a = s, *a_end = dash, *b = dash + dash_len, *b_end = s + len;
    while (a < a_end && g_ascii_isspace(*a))
        a++;
    while (a_end > a && g_ascii_isspace(a_end[-1]))
        a_end--;
    while (b < b_end && g_ascii_isspace(*b))
        b++;
    while (b_end > b && g_ascii_isspace(b_end[-1]))
        b_end--;
    if (a == a_end || b == b_end)
        goto verbatim;
    GString *pa = g_string_new(NULL), *da = g_string_new(NULL);
    GString *pb = g_string_new(NULL), *db = g_string_new(NULL);
    bool ok = split_num(a, a_end - a, pa, da) && split_num(b, b_end - b, pb, db);
    if (ok && pb->len && strcmp(pa->str, pb->str) != 0)
        ok = false;
    if (ok && !pb->len && pa->len)
        ok = false;
    if (ok) {
        GString *full = g_string_new(db->str);
        expand_second(da, full);
        if (strtol(full->str, NULL, 10) < strtol(da->str, NULL, 10))
            ok = false;
        g_string_free(full, true);
    }
    bool roman = !ok && strspn(a, "ivxlcdm") == (gsize)(a_end - a) &&
                 strspn(b, "ivxlcdm") == (gsize)(b_end - b);
    if (roman) {
        const char *delim = csl_term(e, "page-range-delimiter", "long", false, NULL);
        g_string_append_len(out, a, a_end - a);
        g_string_append(out, delim ? delim : "\u2013");
        g_string_append_len(out, b, b_end - b);
    } else if (!ok) {
        g_string_append_len(out, a, a_end - a);
        g_string_append_c(out, '-');
        g_string_append_len(out, b, b_end - b);
    } else {
        const char *delim = csl_term(e, "page-range-delimiter", "long", false, NULL);
        if (!delim)
            delim = "\u2013";
        if (format)
            format_range(da, db, format);
        g_string_append_len(out, a, a_end - a);
        g_string_append(out, delim);
        if (format && pb->len && !strcmp(format, "expanded"))
            g_string_append(out, pb->str);
        if (format)
            g_string_append(out, db->str);
        else
            g_string_append_len(out, b, b_end - b);
    }
    g_string_free(pa, true);
    g_string_free(da, true);
    g_string_free(pb, true);
    g_string_free(db, true);
    return;
verbatim:
    g_string_append_len(out, s, len);
}

char *csl_page_range(const struct nashra_csl_engine *e, const char *pages, const char *format)
{
    if (!pages)
        return NULL;
    if (strstr(pages, "\\-")) {
        /* an escaped hyphen: the value is not a range, written as is */
        GString *v = g_string_new(NULL);
        for (const char *p = pages; *p; p++)
            if (!(p[0] == '\\' && p[1] == '-'))
                g_string_append_c(v, *p);
        return g_string_free(v, false);
    }
    GString *out = g_string_new(NULL);
    const char *p = pages;
    while (*p) {
        gsize n = strcspn(p, ",&");
        /* keep the list's own spacing: the piece is trimmed inside page_piece */
        gsize lead = 0;
        while (lead < n && p[lead] == ' ')
            lead++;
        g_string_append_len(out, p, lead);
        gsize trail = n;
        while (trail > lead && p[trail - 1] == ' ')
            trail--;
        page_piece(e, p + lead, trail - lead, format, out);
        g_string_append_len(out, p + trail, n - trail);
        p += n;
        if (*p == '&') {
            /* the locale's ampersand */
            const char *amp = csl_term(e, "and", "symbol", false, NULL);
            g_string_append(out, amp && amp[0] ? amp : "&");
            p++;
        } else if (*p) {
            g_string_append_c(out, *p);
            p++;
        }
    }
    return g_string_free(out, false);
}
