/* Output written whole or not at all: to a temporary file beside the target, renamed only when
 * complete, so that a failed or killed run never leaves a half-written file or destroys the
 * previous output. Targets that are not regular files (standard output, devices, pipes) are
 * written directly. Part of the command line, not of the library. */
#ifndef NASHRA_CLI_OUTFILE_H
#define NASHRA_CLI_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

struct nashra_out {
    FILE *fp;
    FILE *log; /* where failures are reported */
    char *target;
    char *tmp; /* NULL when writing directly (stdout, devices, pipes) */
    int slot;  /* in tmp_paths, or -1 */
    bool in_set; /* a page of a set: closing keeps the temporary file for the commit */
};

/* Opens TARGET ("-": standard output) for writing into O->fp; false after reporting to LOG. */
bool nashra_out_open(struct nashra_out *o, const char *target, FILE *log);
/* Finishes O: when OK (and every write and the flush succeeded) renames the temporary file over
 * the target; otherwise removes it and reports why to the log. Returns whether it was written. */
bool nashra_out_close(struct nashra_out *o, bool ok);
/* SIGINT, SIGTERM and SIGHUP remove the temporary files being written, then end the process as
 * the signal would have. Call it first, before any thread starts. */
void nashra_out_catch_signals(void);

/* PNG pages PREFIX-1.png, PREFIX-2.png, … written as a set: each page into a temporary
 * directory beside them, renamed into place only when every page was written, and then the
 * pages a longer earlier run left (PREFIX-K.png past the new count) removed, so that the
 * files never mix two runs' pages. A page replacing a file keeps that file's mode. */
struct nashra_out_set;
/* NULL after reporting to LOG. */
struct nashra_out_set *nashra_out_set_new(const char *prefix, FILE *log);
/* Opens page PAGE (from 1) of SET into O; finish it with nashra_out_close. */
bool nashra_out_set_open(struct nashra_out_set *set, struct nashra_out *o, int page);
/* Renames pages 1..N into place, removes stale ones, frees SET. False after reporting. */
bool nashra_out_set_commit(struct nashra_out_set *set, int n);
/* Removes every page written and frees SET (NULL: nothing). */
void nashra_out_set_abort(struct nashra_out_set *set);
/* Whether the file name NAME (no directory) is a page PREFIX-K.png of the set PREFIX. */
bool nashra_out_is_page(const char *name, const char *prefix);

#endif
