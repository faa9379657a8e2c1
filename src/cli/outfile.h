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
};

/* Opens TARGET ("-": standard output) for writing into O->fp; false after reporting to LOG. */
bool nashra_out_open(struct nashra_out *o, const char *target, FILE *log);
/* Finishes O: when OK (and every write and the flush succeeded) renames the temporary file over
 * the target; otherwise removes it and reports why to the log. Returns whether it was written. */
bool nashra_out_close(struct nashra_out *o, bool ok);
/* SIGINT, SIGTERM and SIGHUP remove the temporary files being written, then end the process as
 * the signal would have. */
void nashra_out_catch_signals(void);

#endif
