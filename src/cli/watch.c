/* Watching a brief's files with GIO's file monitors (inotify on Linux), on one main loop: the
 * monitors' events, the pause that lets a burst of them settle, the renders and the signals
 * that stop it all take turns on one thread, so a render is never cut short and the output's
 * temporary file is always either renamed or removed. */
#include "cli/watch.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib-unix.h>

#include "util/diag.h"

/* Editors save in bursts (write a backup, rename, write, chmod): events closer together than
 * this are one change. */
#define WATCH_SETTLE_MS 150

struct watcher {
    const char *input;
    nashra_watch_render_fn render;
    void *data;
    bool quiet;
    GMainLoop *loop;
    GHashTable *named;    /* the files to follow, as the renders named them */
    GHashTable *followed; /* their absolute paths, as named and after symlinks */
    GHashTable *monitors; /* absolute directory → its GFileMonitor */
    guint settle;         /* the pending render's timeout, or 0 */
    gint64 render_start;  /* wall clock, µs */
};

static bool watch_follows(const struct watcher *w, GFile *file)
{
    char *path = file ? g_file_get_path(file) : NULL;
    bool follows = path && g_hash_table_contains(w->followed, path);
    g_free(path);
    return follows;
}

static gboolean on_settled(gpointer data);

static void watch_schedule(struct watcher *w)
{
    if (w->settle)
        g_source_remove(w->settle);
    w->settle = g_timeout_add(WATCH_SETTLE_MS, on_settled, w);
}

/* Any event naming a followed file: its content, its name (a save by rename names it as the
 * new name, OTHER), its removal or its attributes (`touch` asks for a render). */
static void on_change(GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                      gpointer data)
{
    (void)monitor;
    struct watcher *w = data;
    if (event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT || event == G_FILE_MONITOR_EVENT_UNMOUNTED)
        return;
    if (watch_follows(w, file) || watch_follows(w, other))
        watch_schedule(w);
}

static void monitor_free(gpointer p)
{
    GFileMonitor *m = p;
    g_file_monitor_cancel(m);
    g_object_unref(m);
}

/* PATH and, when symlinks lead elsewhere, where they lead: into FOLLOWED, their directories
 * into DIRS. A file's directory is monitored rather than the file, so that a file replaced
 * by rename, or created, is seen. */
static void watch_add_path(GHashTable *followed, GHashTable *dirs, const char *path)
{
    char *abs = g_canonicalize_filename(path, NULL);
    char *real = realpath(path, NULL);
    for (int i = 0; i < 2; i++) {
        const char *p = i ? real : abs;
        if (!p || (i && !strcmp(real, abs)))
            continue;
        g_hash_table_add(followed, g_strdup(p));
        g_hash_table_add(dirs, g_path_get_dirname(p));
    }
    free(real);
    g_free(abs);
}

/* Whether PATH was modified since the render began: a change that came before its directory
 * was monitored has no event to announce it. */
static bool watch_changed_since(const char *path, gint64 since)
{
    struct stat st;
    return stat(path, &st) == 0 &&
           (gint64)st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000 >= since;
}

/* Monitors exactly the directories of the files now named: new ones added, gone ones
 * dropped. */
static void watch_refresh(struct watcher *w)
{
    GHashTable *followed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, w->named);
    while (g_hash_table_iter_next(&it, &key, NULL))
        watch_add_path(followed, dirs, key);
    bool missed = false;
    g_hash_table_iter_init(&it, followed);
    while (g_hash_table_iter_next(&it, &key, NULL))
        if (!g_hash_table_contains(w->followed, key) && watch_changed_since(key, w->render_start))
            missed = true;
    g_hash_table_iter_init(&it, w->monitors);
    while (g_hash_table_iter_next(&it, &key, NULL))
        if (!g_hash_table_contains(dirs, key))
            g_hash_table_iter_remove(&it);
    g_hash_table_iter_init(&it, dirs);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        if (g_hash_table_contains(w->monitors, key))
            continue;
        GFile *dir = g_file_new_for_path(key);
        GError *err = NULL;
        GFileMonitor *m = g_file_monitor_directory(dir, G_FILE_MONITOR_WATCH_MOVES, NULL, &err);
        g_object_unref(dir);
        if (!m) {
            char *shown = nashra_diag_shown_name(key);
            char *why = nashra_diag_library_text(err->message);
            nashra_diag_say(stderr, "nashra", NASHRA_LABEL_WARNING, "cannot watch '%s': %s", shown,
                            why);
            g_free(shown);
            g_free(why);
            g_error_free(err);
            continue;
        }
        g_signal_connect(m, "changed", G_CALLBACK(on_change), w);
        g_hash_table_insert(w->monitors, g_strdup(key), m);
    }
    g_hash_table_unref(dirs);
    g_hash_table_unref(w->followed);
    w->followed = followed;
    if (missed)
        watch_schedule(w);
}

static void watch_report(const struct watcher *w, int rc, const struct nashra_watch_run *run,
                         gint64 elapsed_us)
{
    if (w->quiet)
        return;
    if (rc != 0 || !run->written || !run->written->len) {
        fprintf(stderr, "nashra: not written (see above); the last output is left as it was\n");
        return;
    }
    GString *s = g_string_new("nashra: wrote ");
    g_string_append(s, g_ptr_array_index(run->written, 0));
    if (run->written->len > 1)
        g_string_append_printf(s, " … %s",
                               (char *)g_ptr_array_index(run->written, run->written->len - 1));
    if (run->pages)
        g_string_append_printf(s, " (%d page%s)", run->pages, run->pages == 1 ? "" : "s");
    g_string_append_printf(s, " in %lld ms\n", (long long)(elapsed_us / 1000));
    fputs(s->str, stderr);
    fflush(stderr);
    g_string_free(s, TRUE);
}

/* One render; what it was made from replaces what is followed, or, after a failure, is
 * added to it: a broken source may name less than it will once fixed. */
static void watch_render(struct watcher *w)
{
    struct nashra_watch_run run = {0};
    w->render_start = g_get_real_time();
    gint64 start = g_get_monotonic_time();
    int rc = w->render(w->data, &run);
    gint64 elapsed = g_get_monotonic_time() - start;
    if (rc == 0)
        g_hash_table_remove_all(w->named);
    g_hash_table_add(w->named, g_strdup(w->input));
    for (guint i = 0; run.files && i < run.files->len; i++)
        g_hash_table_add(w->named, g_strdup(g_ptr_array_index(run.files, i)));
    watch_refresh(w);
    /* Once the new files are monitored: a change made after the line is seen is caught. */
    watch_report(w, rc, &run, elapsed);
}

static gboolean on_settled(gpointer data)
{
    struct watcher *w = data;
    w->settle = 0;
    watch_render(w);
    return G_SOURCE_REMOVE;
}

static gboolean on_signal(gpointer data)
{
    struct watcher *w = data;
    g_main_loop_quit(w->loop);
    return G_SOURCE_CONTINUE;
}

int nashra_watch(const char *input, nashra_watch_render_fn render, void *data, bool quiet)
{
    struct watcher w = {
        .input = input,
        .render = render,
        .data = data,
        .quiet = quiet,
        .loop = g_main_loop_new(NULL, FALSE),
        .named = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .followed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .monitors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, monitor_free),
    };
    /* Caught as events of the loop, not as the signals that end a plain run (which remove the
     * temporary file being written and die): the render under way finishes first. */
    guint on_int = g_unix_signal_add(SIGINT, on_signal, &w);
    guint on_term = g_unix_signal_add(SIGTERM, on_signal, &w);
    /* The source is followed before the first render reads it. */
    g_hash_table_add(w.named, g_strdup(input));
    w.render_start = g_get_real_time();
    watch_refresh(&w);
    int rc = g_hash_table_size(w.monitors) ? 0 : 3;
    if (rc == 0) {
        watch_render(&w);
        g_main_loop_run(w.loop);
    }
    if (w.settle)
        g_source_remove(w.settle);
    g_source_remove(on_int);
    g_source_remove(on_term);
    g_hash_table_unref(w.monitors);
    g_hash_table_unref(w.followed);
    g_hash_table_unref(w.named);
    g_main_loop_unref(w.loop);
    return rc;
}
