/* Compiler-style diagnostics with the source line and a caret under the column. */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

/* Characters of a source line shown around the column: a diagnostic is not the place to
 * reprint a megabyte line. */
enum { DIAG_WINDOW = 160 };

/* gcc's: the location bold, errors red, warnings magenta, hints cyan, the caret green. */
#define COLOR_LOCUS "\033[1m"
#define COLOR_ERROR "\033[1;31m"
#define COLOR_WARNING "\033[1;35m"
#define COLOR_HINT "\033[1;36m"
#define COLOR_CARET "\033[1;32m"
#define COLOR_END "\033[0m"

static bool diag_color_on;

void nashra_diag_set_color(bool on)
{
    diag_color_on = on;
}

bool nashra_diag_color(void)
{
    return diag_color_on;
}

/* `WHERE: LABEL: ` with the colours on. */
static void print_head(FILE *out, const char *where, int line, int col, enum nashra_label label)
{
    static const char *const names[] = {"error", "warning", "hint"};
    static const char *const colors[] = {COLOR_ERROR, COLOR_WARNING, COLOR_HINT};
    bool c = diag_color_on;
    fputs(c ? COLOR_LOCUS : "", out);
    if (line > 0)
        fprintf(out, "%s:%d:%d:", where, line, col);
    else
        fprintf(out, "%s:", where);
    fprintf(out, "%s %s%s:%s ", c ? COLOR_END : "", c ? colors[label] : "", names[label],
            c ? COLOR_END : "");
}

void nashra_diag_say(FILE *out, const char *where, enum nashra_label label, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    print_head(out, where, 0, 0, label);
    fprintf(out, "%s\n", msg);
    g_free(msg);
}

char *nashra_diag_library_text(const char *msg)
{
    GString *s = g_string_new(NULL);
    for (const char *p = msg; *p; p++) {
        bool start = p == msg || (p - msg >= 2 && p[-1] == ' ' && p[-2] == ':');
        /* A capital before a lowercase letter starts a sentence; "PNG" or "XML" keep theirs. */
        if (start && g_ascii_isupper(p[0]) && g_ascii_islower(p[1])) {
            g_string_append_c(s, g_ascii_tolower(*p));
        } else if (g_str_has_prefix(p, "\u201C") || g_str_has_prefix(p, "\u201D")) {
            g_string_append_c(s, '\'');
            p += strlen("\u201C") - 1;
        } else {
            g_string_append_c(s, *p);
        }
    }
    return g_string_free(s, FALSE);
}

const char *nashra_strerror(int errnum)
{
    const char *s = g_strerror(errnum);
    /* A word in capitals (an acronym) keeps its case. */
    if (!g_ascii_isupper(s[0]) || g_ascii_isupper(s[1]))
        return s;
    char *low = g_strdup(s);
    low[0] = g_ascii_tolower(low[0]);
    const char *interned = g_intern_string(low);
    g_free(low);
    return interned;
}

void nashra_diag_init(struct nashra_diag *d, const char *filename, const char *source,
                      size_t source_len)
{
    memset(d, 0, sizeof *d);
    d->filename = filename ? filename : "<input>";
    d->source = source;
    d->source_len = source_len;
    d->out = stderr;
    d->max_errors = 20;
}

/* Byte length of the character at P (at most AVAIL bytes): an invalid byte counts as one
 * character, as the parser counts columns. */
static size_t diag_char_len(const char *p, size_t avail)
{
    if ((unsigned char)*p < 0x80)
        return 1;
    gunichar c = g_utf8_get_char_validated(p, (gssize)MIN(avail, 4));
    if (c == (gunichar)-1 || c == (gunichar)-2)
        return 1;
    size_t n = (size_t)g_utf8_skip[*(const guchar *)p];
    return n <= avail ? n : 1;
}

/* Start of line LINE (1-based) of the source, or NULL; lines end at \n, \r\n or \r. */
static const char *diag_line_start(const struct nashra_diag *d, int line)
{
    const char *p = d->source, *end = d->source + d->source_len;
    if (d->source_len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3; /* a byte order mark is not a column */
    for (int l = 1; l < line; l++) {
        while (p < end && *p != '\n' && *p != '\r')
            p++;
        if (p == end)
            return NULL;
        p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
    }
    return p;
}

static void print_source_line(struct nashra_diag *d, int line, int col)
{
    if (!d->source || line < 1)
        return;
    const char *p = diag_line_start(d, line);
    if (!p)
        return;
    const char *end = d->source + d->source_len, *eol = p;
    while (eol < end && *eol != '\n' && *eol != '\r')
        eol++;
    /* Characters [FIRST, FIRST + DIAG_WINDOW) of the line, the column among them. */
    int first = col > DIAG_WINDOW / 2 ? col - DIAG_WINDOW / 2 : 1;
    const char *s = p;
    for (int c = 1; c < first && s < eol; c++)
        s += diag_char_len(s, (size_t)(eol - s));
    const char *e = s;
    GString *pad = g_string_new(NULL);
    for (int c = first; c < first + DIAG_WINDOW && e < eol; c++) {
        /* Tabs stay tabs under the line, so the caret lines up whatever the tab width. */
        if (c < col)
            g_string_append_c(pad, *e == '\t' ? '\t' : ' ');
        e += diag_char_len(e, (size_t)(eol - e));
    }
    for (int c = first + (int)pad->len; c < col && c < first + DIAG_WINDOW; c++)
        g_string_append_c(pad, ' '); /* a column just past the end of the line */
    char *shown = g_utf8_make_valid(s, (gssize)(e - s));
    const char *cut = s > p ? "…" : "";
    fprintf(d->out, "  %s%s%s\n  %s%s%s^%s\n", cut, shown, e < eol ? "…" : "", *cut ? " " : "",
            pad->str, diag_color_on ? COLOR_CARET : "", diag_color_on ? COLOR_END : "");
    g_free(shown);
    g_string_free(pad, TRUE);
}

bool nashra_diag_locate(const struct nashra_diag *d, size_t offset, int *line, int *col)
{
    if (!d->source || offset > d->source_len)
        return false;
    const char *p = d->source, *at = d->source + offset;
    if (d->source_len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 && offset >= 3)
        p += 3;
    int l = 1, c = 1;
    while (p < at) {
        if (*p == '\n' || *p == '\r') {
            p += (*p == '\r' && p + 1 < at && p[1] == '\n') ? 2 : 1;
            l++;
            c = 1;
        } else {
            p += diag_char_len(p, (size_t)(d->source + d->source_len - p));
            c++;
        }
    }
    *line = l;
    *col = c;
    return true;
}

void nashra_diag_report(struct nashra_diag *d, enum nashra_severity sev, int line, int col,
                        const char *fmt, ...)
{
    bool is_error = sev == NASHRA_ERROR || d->strict;
    if (is_error)
        d->errors++;
    else
        d->warnings++;
    if (!d->out || (!is_error && d->quiet))
        return;
    /* Past the limit nothing more is printed (warnings neither), but everything counts. */
    if (d->max_errors > 0 && d->errors > d->max_errors) {
        if (is_error && d->errors == d->max_errors + 1)
            nashra_diag_say(d->out, d->filename, NASHRA_LABEL_ERROR,
                            "too many errors, stopping here");
        return;
    }
    /* Warnings too: each costs a walk to its line and column, and a bibliography of 50,000
     * works can hold as many. */
    if (d->max_errors > 0 && !is_error && d->warnings > 5 * d->max_errors) {
        if (d->warnings == 5 * d->max_errors + 1)
            nashra_diag_say(d->out, d->filename, NASHRA_LABEL_WARNING,
                            "too many warnings, the rest are not shown");
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* One line per message, whatever a library's error text holds (librsvg's end in \n). */
    g_strchomp(g_strdelimit(msg, "\r\n", ' '));
    print_head(d->out, d->filename, line, col > 0 ? col : 1,
               is_error ? NASHRA_LABEL_ERROR : NASHRA_LABEL_WARNING);
    fprintf(d->out, "%s\n", msg);
    g_free(msg);
    print_source_line(d, line, col > 0 ? col : 1);
}

bool nashra_diag_failed(const struct nashra_diag *d)
{
    return d->errors > 0;
}

char *nashra_diag_shown_name(const char *path)
{
    GString *s = g_string_new(NULL);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '\n')
            g_string_append(s, "\\n");
        else if (*p == '\r')
            g_string_append(s, "\\r");
        else if (*p == '\t')
            g_string_append(s, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf(s, "\\x%02x", *p);
        else
            g_string_append_c(s, (char)*p);
    }
    return g_string_free(s, FALSE);
}
