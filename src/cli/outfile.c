/* Atomic output files and their removal when a signal ends the run. */
#include "cli/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

/* Temporary files being written, removed by the handler when a signal ends the run (CI
 * timeouts send SIGTERM): slots are filled under a lock, read by the handler without one. */
#define TMP_SLOTS 64
static char tmp_paths[TMP_SLOTS][4096];
static volatile sig_atomic_t tmp_used[TMP_SLOTS];
static pthread_mutex_t tmp_lock = PTHREAD_MUTEX_INITIALIZER;

static int tmp_register(const char *path)
{
    int slot = -1;
    if (strlen(path) >= sizeof tmp_paths[0])
        return -1;
    pthread_mutex_lock(&tmp_lock);
    for (int i = 0; i < TMP_SLOTS && slot < 0; i++)
        if (!tmp_used[i]) {
            strcpy(tmp_paths[i], path);
            tmp_used[i] = 1;
            slot = i;
        }
    pthread_mutex_unlock(&tmp_lock);
    return slot;
}

static void tmp_unregister(int slot)
{
    if (slot >= 0)
        tmp_used[slot] = 0;
}

/* Like mkstemp, but the name is registered before the file exists, so that a signal at any
 * moment finds it. PATH ends with XXXXXX, replaced. Returns the descriptor, or -1 (errno). */
static int tmp_create(char *path, int *slot)
{
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    char *x = path + strlen(path) - 6;
    for (int tries = 0; tries < 100; tries++) {
        for (int i = 0; i < 6; i++)
            x[i] = chars[g_random_int_range(0, (gint32)sizeof chars - 1)];
        *slot = tmp_register(path);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666 & ~0022);
        if (fd >= 0)
            return fd;
        int saved = errno;
        tmp_unregister(*slot);
        *slot = -1;
        errno = saved;
        if (saved != EEXIST)
            return -1;
    }
    return -1;
}

static void on_fatal_signal(int sig)
{
    for (int i = 0; i < TMP_SLOTS; i++)
        if (tmp_used[i])
            unlink(tmp_paths[i]); /* async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

void nashra_out_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
        sigaction(sigs[i], &sa, NULL);
}

bool nashra_out_open(struct nashra_out *o, const char *target, FILE *log)
{
    memset(o, 0, sizeof *o);
    o->slot = -1;
    o->target = g_strdup(target);
    o->log = log;
    if (!strcmp(target, "-")) {
        o->fp = stdout;
        return true;
    }
    struct stat st;
    if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
        o->fp = fopen(target, "wb");
    } else {
        char *dir = g_path_get_dirname(target);
        char *base = g_path_get_basename(target);
        o->tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
        g_free(dir);
        g_free(base);
        int fd = tmp_create(o->tmp, &o->slot);
        o->fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
        if (!o->fp && fd >= 0) {
            close(fd);
            g_unlink(o->tmp);
            tmp_unregister(o->slot);
        }
    }
    if (!o->fp) {
        fprintf(log, "%s: error: cannot write: %s\n", target, g_strerror(errno));
        g_free(o->tmp);
        g_free(o->target);
        o->tmp = o->target = NULL;
        return false;
    }
    return true;
}

bool nashra_out_close(struct nashra_out *o, bool ok)
{
    if (!o->fp)
        return false;
    /* A failed write (a full disk) leaves the stream's error flag and errno: say why. */
    int saved = !ok && ferror(o->fp) ? errno : 0;
    if (o->fp == stdout) {
        if (fflush(stdout) != 0) {
            if (!saved)
                saved = errno;
            ok = false;
        }
    } else {
        if (fflush(o->fp) != 0 || (o->tmp && fsync(fileno(o->fp)) != 0)) {
            if (!saved)
                saved = errno;
            ok = false;
        }
        if (fclose(o->fp) != 0) {
            if (!saved)
                saved = errno;
            ok = false;
        }
    }
    if (o->tmp) {
        if (ok && rename(o->tmp, o->target) != 0) {
            saved = errno;
            ok = false;
        }
        if (!ok)
            g_unlink(o->tmp);
    }
    if (!ok)
        fprintf(o->log, "%s: error: cannot write%s%s\n", o->target, saved ? ": " : "",
                saved ? g_strerror(saved) : "");
    tmp_unregister(o->slot);
    g_free(o->tmp);
    g_free(o->target);
    memset(o, 0, sizeof *o);
    return ok;
}

