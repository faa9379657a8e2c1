/* The cleaned source: NULs and invalid UTF-8 become U+FFFD, with a line table and a mapping
 * from clean offsets back to input offsets so positions always name the user's file. */
#include "parse/internal.h"

#include <string.h>

static const char replacement[] = "\xEF\xBF\xBD";

/* Length of the valid UTF-8 sequence at P, or 0 if the byte at P starts none. */
static size_t parse_utf8_valid_len(const unsigned char *p, size_t avail)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* A warning, not an error: a stray byte (a Latin-1 paste, a truncated copy) should not stop a
 * brief from being made; U+FFFD shows where it was, and --strict makes it an error. */
static void utf8_flush_bad(struct nashra_diag *diag, int line, int col, unsigned char byte,
                           int *count)
{
    if (*count == 1)
        nashra_diag_report(diag, NASHRA_WARNING, line, col,
                           "invalid UTF-8 byte 0x%02X (replaced by U+FFFD)", byte);
    else if (*count > 1)
        nashra_diag_report(diag, NASHRA_WARNING, line, col,
                           "invalid UTF-8 byte 0x%02X and %d more on this line (replaced by "
                           "U+FFFD)", byte, *count - 1);
    *count = 0;
}

void parse_source_init(struct parse_source *s, const char *src, size_t len,
                       struct nashra_diag *diag)
{
    memset(s, 0, sizeof *s);
    GString *out = g_string_sized_new(len + 16);
    s->line_starts = g_array_new(FALSE, FALSE, sizeof(size_t));
    s->fixups = g_array_new(FALSE, FALSE, sizeof(struct parse_fixup));
    size_t zero = 0;
    g_array_append_val(s->line_starts, zero);
    const unsigned char *p = (const unsigned char *)src;
    int line = 1, col = 1;
    /* The first bad byte of the current line and how many there are: one warning per line,
     * given when the line ends, not one per byte of a binary blob. */
    struct { int col, count; unsigned char byte; } bad = {0};
    size_t i = 0;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
        /* A byte order mark is not content; offsets after it still name the input. */
        i = 3;
        struct parse_fixup f = {0, 3};
        g_array_append_val(s->fixups, f);
    }
    while (i < len) {
        /* Copy the longest run of plain ASCII at once: the common case. */
        size_t j = i;
        while (j < len && p[j] < 0x80 && p[j] != 0 && p[j] != '\n' && p[j] != '\r')
            j++;
        if (j > i) {
            g_string_append_len(out, src + i, (gssize)(j - i));
            col += (int)(j - i);
            i = j;
            continue;
        }
        unsigned char c = p[i];
        if (c == '\n' || c == '\r') {
            g_string_append_c(out, (char)c);
            i++;
            if (c == '\r' && i < len && p[i] == '\n') {
                g_string_append_c(out, '\n');
                i++;
            }
            size_t start = out->len;
            g_array_append_val(s->line_starts, start);
            utf8_flush_bad(diag, line, bad.col, bad.byte, &bad.count);
            line++;
            col = 1;
            continue;
        }
        size_t n = c ? parse_utf8_valid_len(p + i, len - i) : 0;
        if (n) {
            g_string_append_len(out, src + i, (gssize)n);
            i += n;
            col++;
            continue;
        }
        if (c && !bad.count++) {
            bad.col = col;
            bad.byte = c;
        }
        g_string_append_len(out, replacement, 3);
        i++;
        col++;
        struct parse_fixup f = {out->len, i};
        g_array_append_val(s->fixups, f);
    }
    utf8_flush_bad(diag, line, bad.col, bad.byte, &bad.count);
    s->len = out->len;
    s->buf = g_string_free(out, FALSE);
    s->cp_marks = g_array_sized_new(FALSE, FALSE, sizeof(size_t), s->len / 64 + 1);
    size_t count = 0;
    for (size_t k = 0; k <= s->len; k++) {
        if (k % 64 == 0)
            g_array_append_val(s->cp_marks, count);
        if (k < s->len && ((unsigned char)s->buf[k] & 0xC0) != 0x80)
            count++;
    }
}

/* Number of code points in the clean buffer before OFF. */
static size_t parse_source_cp_before(const struct parse_source *s, size_t off)
{
    size_t n = g_array_index(s->cp_marks, size_t, off / 64);
    for (size_t i = off - off % 64; i < off; i++)
        if (((unsigned char)s->buf[i] & 0xC0) != 0x80)
            n++;
    return n;
}

void parse_source_clear(struct parse_source *s)
{
    g_free(s->buf);
    if (s->line_starts)
        g_array_unref(s->line_starts);
    if (s->fixups)
        g_array_unref(s->fixups);
    if (s->cp_marks)
        g_array_unref(s->cp_marks);
    memset(s, 0, sizeof *s);
}

int parse_source_line_of(const struct parse_source *s, size_t off)
{
    const size_t *ls = (const size_t *)s->line_starts->data;
    size_t lo = 0, hi = s->line_starts->len;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (ls[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return (int)lo + 1;
}

static size_t parse_source_orig_offset(const struct parse_source *s, size_t off)
{
    const struct parse_fixup *f = (const struct parse_fixup *)s->fixups->data;
    size_t n = s->fixups->len;
    if (!n)
        return off;
    if (off < f[0].clean_after)
        return off + 3 > f[0].clean_after ? f[0].orig_after - 1 : off;
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (f[mid].clean_after <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t orig = f[lo].orig_after + (off - f[lo].clean_after);
    /* Inside the next replacement character: point at the replaced byte. */
    if (lo + 1 < n && off + 3 > f[lo + 1].clean_after && off < f[lo + 1].clean_after)
        orig = f[lo + 1].orig_after - 1;
    return orig;
}

struct nashra_pos parse_source_pos(struct parse_source *s, size_t off)
{
    if (off > s->len)
        off = s->len;
    int line = parse_source_line_of(s, off);
    size_t ls = g_array_index(s->line_starts, size_t, line - 1);
    int col = (int)(parse_source_cp_before(s, off) - parse_source_cp_before(s, ls)) + 1;
    return (struct nashra_pos){line, col, parse_source_orig_offset(s, off)};
}

struct nashra_pos parse_source_end(struct parse_source *s, size_t start, size_t end)
{
    if (end <= start)
        return parse_source_pos(s, start);
    /* Step back to the first byte of the last character. */
    size_t last = end - 1;
    while (last > start && ((unsigned char)s->buf[last] & 0xC0) == 0x80)
        last--;
    struct nashra_pos p = parse_source_pos(s, last);
    p.offset = parse_source_orig_offset(s, end);
    return p;
}
