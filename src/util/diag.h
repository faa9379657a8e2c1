/* Diagnostics: every stage reports through here as `file:line:col: error|warning: message`,
 * followed by the source line and a caret, like a compiler. */
#ifndef NASHRA_DIAG_H
#define NASHRA_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <glib.h>

enum nashra_severity { NASHRA_WARNING, NASHRA_ERROR };

struct nashra_diag {
    const char *filename; /* borrowed; "<stdin>" for standard input */
    const char *source;   /* borrowed; used to print the offending line; may be NULL */
    size_t source_len;
    FILE *out;            /* stderr by default; NULL silences output but still counts */
    bool strict;          /* warnings count as errors */
    bool quiet;           /* drop warnings from output */
    int errors;
    int warnings;
    int max_errors;       /* print no more after this many errors, nor after 5 times as many
                           * warnings (0: no limit); all count */
};

void nashra_diag_init(struct nashra_diag *d, const char *filename, const char *source,
                      size_t source_len);
/* LINE and COL are 1-based (COL in code points); LINE 0 means no position is known. */
void nashra_diag_report(struct nashra_diag *d, enum nashra_severity sev, int line, int col,
                        const char *fmt, ...) G_GNUC_PRINTF(5, 6);
/* LINE and COL of byte OFFSET of the source, counted as the parser counts them (a byte order
 * mark is not a column; an invalid byte is one). False when there is no source. */
bool nashra_diag_locate(const struct nashra_diag *d, size_t offset, int *line, int *col);
/* True once an error (or, under strict, a warning) has been reported. */
bool nashra_diag_failed(const struct nashra_diag *d);

/* Whether diagnostics are coloured (gcc's colours), for the whole process; off by default. The
 * command line decides it once, before any thread starts. */
void nashra_diag_set_color(bool on);
bool nashra_diag_color(void);

/* Messages with no source position, in the same form: `WHERE: error|warning|hint: message`,
 * WHERE a file name or "nashra". Errors and warnings are not counted anywhere. */
enum nashra_label { NASHRA_LABEL_ERROR, NASHRA_LABEL_WARNING, NASHRA_LABEL_HINT };
void nashra_diag_say(FILE *out, const char *where, enum nashra_label label, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

/* strerror's text as messages write it: lowercase ("no such file or directory"). Static. */
const char *nashra_strerror(int errnum);
/* A library's (GLib's) message as nashra writes its own: straight quotes for curly ones, and
 * lowercase where it starts and after each ": " ("Error on line 2: Odd character “x”" as
 * "error on line 2: odd character 'x'"). Newly allocated. */
char *nashra_diag_library_text(const char *msg);
/* PATH for a message: control characters (a line break) shown as escapes, not obeyed. Newly
 * allocated. */
char *nashra_diag_shown_name(const char *path);

#endif
