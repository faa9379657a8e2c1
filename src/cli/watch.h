/* `nashra watch`: render, then render again whenever the source or a file it was made from
 * changes, until SIGINT or SIGTERM. Part of the command line, not of the library. */
#ifndef NASHRA_CLI_WATCH_H
#define NASHRA_CLI_WATCH_H

#include <stdbool.h>

#include <glib.h>

/* What one render did, filled by the render function. Arrays of paths (char *), owned by the
 * render function's caller and valid until the next render. */
struct nashra_watch_run {
    const GPtrArray *files;   /* what it was made from (also after a failure: as far as known,
                               * files the source names but that are missing included) */
    const GPtrArray *written; /* the files written (one, or every PNG page) */
    int pages;                /* of paged output; 0 otherwise */
};

/* Renders once; returns an exit status (0: written). Its errors it reports itself. */
typedef int (*nashra_watch_render_fn)(void *data, struct nashra_watch_run *run);

/* Renders INPUT with RENDER, then each time INPUT or a file the last render was made from
 * changes (bursts of events, an editor's save by rename, taken as one), printing a status line
 * per render unless QUIET; a failed render's output is the last good one, left as it was.
 * Returns 0 when a signal stops it, 3 when the files cannot be watched. */
int nashra_watch(const char *input, nashra_watch_render_fn render, void *data, bool quiet);

#endif
