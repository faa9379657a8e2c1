/* Compiler-style diagnostics with the source line and a caret under the column. */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

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

static void print_source_line(struct nashra_diag *d, int line, int col)
{
    if (!d->source || line < 1)
        return;
    const char *p = d->source, *end = d->source + d->source_len;
    for (int l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return;
        p = nl + 1;
    }
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
        eol = end;
    size_t len = (size_t)(eol - p);
    if (len && p[len - 1] == '\r')
        len--;
    if (len > 200)
        len = 200; /* a diagnostic is not the place to reprint a megabyte line */
    char *shown = g_utf8_make_valid(p, (gssize)len);
    fprintf(d->out, "  %s\n  ", shown);
    g_free(shown);
    for (int i = 1; i < col && i < 200; i++)
        fputc(' ', d->out);
    fputs("^\n", d->out);
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
    if (is_error && d->max_errors > 0 && d->errors > d->max_errors) {
        if (d->errors == d->max_errors + 1)
            fprintf(d->out, "%s: error: too many errors, stopping here\n", d->filename);
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    const char *label = is_error ? "error" : "warning";
    if (line > 0)
        fprintf(d->out, "%s:%d:%d: %s: %s\n", d->filename, line, col > 0 ? col : 1, label, msg);
    else
        fprintf(d->out, "%s: %s: %s\n", d->filename, label, msg);
    g_free(msg);
    print_source_line(d, line, col);
}

bool nashra_diag_failed(const struct nashra_diag *d)
{
    return d->errors > 0;
}
