/* Atomic output files and their removal when a signal ends the run. */
#include "cli/outfile.h"
#include "util/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

/* Temporary files being written, removed by the handler when a signal ends the run (CI
 * timeouts send SIGTERM): slots are filled under a lock, read by the handler without one. A
 * slot may hold a directory of PNG pages named 1, 2, … up to its count. */
#define TMP_SLOTS 64
static char tmp_paths[TMP_SLOTS][4096];
static volatile sig_atomic_t tmp_used[TMP_SLOTS];
static volatile sig_atomic_t tmp_dir_count[TMP_SLOTS]; /* -1: a file, else a directory */
static pthread_mutex_t tmp_lock = PTHREAD_MUTEX_INITIALIZER;

static int tmp_register(const char *path, bool dir)
{
    int slot = -1;
    if (strlen(path) >= sizeof tmp_paths[0])
        return -1;
    pthread_mutex_lock(&tmp_lock);
    for (int i = 0; i < TMP_SLOTS && slot < 0; i++)
        if (!tmp_used[i]) {
            strcpy(tmp_paths[i], path);
            tmp_dir_count[i] = dir ? 0 : -1;
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

/* The umask, read without changing it: umask() would race with other threads creating files. */
static mode_t process_umask_value = 022;
static void read_umask(void)
{
    FILE *f = fopen("/proc/self/status", "re");
    char line[256];
    unsigned m;
    bool found = false;
    while (f && !found && fgets(line, sizeof line, f))
        found = sscanf(line, "Umask: %o", &m) == 1;
    if (f)
        fclose(f);
    if (found) {
        process_umask_value = (mode_t)m;
    } else { /* before Linux 4.7: only safe while no other thread runs, the first call */
        process_umask_value = umask(022);
        umask(process_umask_value);
    }
}

static mode_t process_umask(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, read_umask);
    return process_umask_value;
}

/* DIR/.BASE.XXXXXX beside TARGET, BASE cut at a character boundary so that the name fits in
 * NAME_MAX bytes whatever the length of a legal target name. */
static char *tmp_template(const char *target)
{
    char *dir = g_path_get_dirname(target);
    char *base = g_path_get_basename(target);
    size_t room = NAME_MAX - strlen("..XXXXXX");
    if (strlen(base) > room) {
        size_t cut = room;
        while (cut > 0 && ((unsigned char)base[cut] & 0xC0) == 0x80)
            cut--;
        base[cut] = '\0';
    }
    char *t = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    g_free(dir);
    g_free(base);
    return t;
}

static void tmp_randomise(char *path)
{
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    char *x = path + strlen(path) - 6;
    for (int i = 0; i < 6; i++)
        x[i] = chars[g_random_int_range(0, (gint32)sizeof chars - 1)];
}

/* Like mkstemp (mkdtemp when DIR), but the name is registered before it exists, so that a
 * signal at any moment finds it. PATH ends with XXXXXX, replaced. Returns the descriptor (0
 * for a directory), or -1 (errno). Files start private: their mode is set before any byte of
 * the new content is written. */
static int tmp_create(char *path, bool dir, int *slot)
{
    for (int tries = 0; tries < 100; tries++) {
        tmp_randomise(path);
        *slot = tmp_register(path, dir);
        int fd = dir ? mkdir(path, 0700) : open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
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

/* PREFIX/K for a page of a set, written with async-signal-safe calls only. */
static void page_path(char *buf, size_t size, const char *dir, long k)
{
    char digits[24];
    int n = 0;
    do
        digits[n++] = (char)('0' + k % 10);
    while ((k /= 10) > 0);
    size_t len = strlen(dir);
    if (len + 1 + (size_t)n + 1 > size) {
        buf[0] = '\0';
        return;
    }
    memcpy(buf, dir, len);
    buf[len++] = '/';
    while (n > 0)
        buf[len++] = digits[--n];
    buf[len] = '\0';
}

static void on_fatal_signal(int sig)
{
    char page[4096 + 24];
    for (int i = 0; i < TMP_SLOTS; i++) {
        if (!tmp_used[i])
            continue;
        for (long k = 1; k <= tmp_dir_count[i]; k++) {
            page_path(page, sizeof page, tmp_paths[i], k);
            unlink(page); /* async-signal-safe */
        }
        if (tmp_dir_count[i] >= 0)
            rmdir(tmp_paths[i]);
        else
            unlink(tmp_paths[i]);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void nashra_out_catch_signals(void)
{
    process_umask();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
        sigaction(sigs[i], &sa, NULL);
}

/* The mode TARGET's new content gets: that of the file it replaces (without set-id bits, which
 * never pass to new content), else what a new file gets. */
static mode_t target_mode(const struct stat *old)
{
    return old ? old->st_mode & 0777 : 0666 & ~process_umask();
}

/* Reports why TARGET cannot be written (errno), then forgets O's names. */
static bool out_fail(struct nashra_out *o, const char *target)
{
    nashra_diag_say(o->log, target, NASHRA_LABEL_ERROR, "cannot write: %s", nashra_strerror(errno));
    g_free(o->tmp);
    g_free(o->target);
    o->tmp = o->target = NULL;
    return false;
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
    bool exists = stat(target, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        o->fp = fopen(target, "wb");
        return o->fp ? true : out_fail(o, target);
    }
    o->tmp = tmp_template(target);
    int fd = tmp_create(o->tmp, false, &o->slot);
    if (fd >= 0 && (fchmod(fd, target_mode(exists ? &st : NULL)) != 0 ||
                    !(o->fp = fdopen(fd, "wb")))) {
        int saved = errno;
        close(fd);
        g_unlink(o->tmp);
        tmp_unregister(o->slot);
        errno = saved;
    }
    return o->fp ? true : out_fail(o, target);
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
    if (o->tmp && !o->in_set) {
        if (ok && rename(o->tmp, o->target) != 0) {
            saved = errno;
            ok = false;
        }
        if (!ok)
            g_unlink(o->tmp);
    }
    if (!ok)
        nashra_diag_say(o->log, o->target, NASHRA_LABEL_ERROR, "cannot write%s%s",
                        saved ? ": " : "", saved ? nashra_strerror(saved) : "");
    tmp_unregister(o->slot);
    g_free(o->tmp);
    g_free(o->target);
    memset(o, 0, sizeof *o);
    return ok;
}

struct nashra_out_set {
    char *prefix;
    char *dir;  /* the temporary directory */
    int slot;
    int n;      /* pages created in it so far */
    FILE *log;
};

struct nashra_out_set *nashra_out_set_new(const char *prefix, FILE *log)
{
    struct nashra_out_set *set = g_new0(struct nashra_out_set, 1);
    set->prefix = g_strdup(prefix);
    set->log = log;
    set->dir = tmp_template(prefix);
    if (tmp_create(set->dir, true, &set->slot) < 0) {
        const char *why = nashra_strerror(errno);
        char *page = g_strconcat(prefix, "-1.png", NULL);
        nashra_diag_say(log, page, NASHRA_LABEL_ERROR, "cannot write: %s", why);
        g_free(page);
        g_free(set->dir);
        g_free(set->prefix);
        g_free(set);
        return NULL;
    }
    return set;
}

bool nashra_out_set_open(struct nashra_out_set *set, struct nashra_out *o, int page)
{
    memset(o, 0, sizeof *o);
    o->slot = -1;
    o->log = set->log;
    o->in_set = true;
    o->target = g_strdup_printf("%s-%d.png", set->prefix, page);
    char buf[4096 + 24];
    page_path(buf, sizeof buf, set->dir, page);
    o->tmp = g_strdup(buf);
    if (page > set->n) { /* counted first, so that a signal finds the file */
        set->n = page;
        if (set->slot >= 0)
            tmp_dir_count[set->slot] = page;
    }
    struct stat st;
    bool exists = stat(o->target, &st) == 0 && S_ISREG(st.st_mode);
    int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0 && (fchmod(fd, target_mode(exists ? &st : NULL)) != 0 ||
                    !(o->fp = fdopen(fd, "wb")))) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return o->fp ? true : out_fail(o, o->target);
}

/* Whether NAME is BASE-K.png, K written as %d writes it, and K > N. */
static bool stale_page(const char *name, const char *base, int n)
{
    if (!name || !base)
        return false;
    size_t b = strlen(base);
    if (strncmp(name, base, b) != 0 || name[b] != '-' || name[b + 1] < '1' || name[b + 1] > '9')
        return false;
    const char *p = name + b + 1;
    long k = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (k > INT_MAX / 10)
            return false; /* nashra never wrote it */
        k = k * 10 + (*p - '0');
    }
    return strcmp(p, ".png") == 0 && k > n && k <= INT_MAX;
}

static void set_free(struct nashra_out_set *set)
{
    char buf[4096 + 24];
    for (int k = 1; k <= set->n; k++) {
        page_path(buf, sizeof buf, set->dir, k);
        g_unlink(buf); /* ENOENT once renamed */
    }
    g_rmdir(set->dir);
    tmp_unregister(set->slot);
    g_free(set->dir);
    g_free(set->prefix);
    g_free(set);
}

bool nashra_out_set_commit(struct nashra_out_set *set, int n)
{
    bool ok = true;
    char buf[4096 + 24];
    for (int k = 1; k <= n && ok; k++) {
        page_path(buf, sizeof buf, set->dir, k);
        char *target = g_strdup_printf("%s-%d.png", set->prefix, k);
        if (rename(buf, target) != 0) {
            nashra_diag_say(set->log, target, NASHRA_LABEL_ERROR, "cannot write: %s",
                            nashra_strerror(errno));
            ok = false;
        }
        g_free(target);
    }
    if (ok) {
        char *dirname = g_path_get_dirname(set->prefix);
        char *base = g_path_get_basename(set->prefix);
        GDir *d = g_dir_open(dirname, 0, NULL);
        for (const char *name; d && (name = g_dir_read_name(d));) {
            if (!stale_page(name, base, n))
                continue;
            char *path = g_build_filename(dirname, name, NULL);
            struct stat st;
            if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
                g_unlink(path);
            g_free(path);
        }
        if (d)
            g_dir_close(d);
        g_free(dirname);
        g_free(base);
    }
    set_free(set);
    return ok;
}

void nashra_out_set_abort(struct nashra_out_set *set)
{
    if (set)
        set_free(set);
}

bool nashra_out_is_page(const char *name, const char *prefix)
{
    char *base = g_path_get_basename(prefix);
    bool page = stale_page(name, base, 0);
    g_free(base);
    return page;
}
