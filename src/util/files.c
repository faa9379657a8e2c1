#include "util/files.h"
#include "util/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

struct nashra_root {
    char *dir;
};

struct nashra_root *nashra_root_new(const char *dir, char **why)
{
    char *real = realpath(dir && *dir ? dir : ".", NULL);
    struct stat st;
    if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
        *why = g_strdup_printf("the project root '%s' is not a directory%s%s", dir,
                               real ? "" : ": ", real ? "" : nashra_strerror(errno));
        free(real);
        return NULL;
    }
    struct nashra_root *r = g_new0(struct nashra_root, 1);
    r->dir = g_strdup(real);
    free(real);
    return r;
}

void nashra_root_free(struct nashra_root *root)
{
    if (!root)
        return;
    g_free(root->dir);
    g_free(root);
}

const char *nashra_root_dir(const struct nashra_root *root)
{
    return root->dir;
}

static bool path_inside(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return path[0] == '/';
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

char *nashra_root_resolve(const struct nashra_root *root, const char *base_dir, const char *name,
                          char **why)
{
    *why = NULL;
    if (!name || !*name) {
        *why = g_strdup("no file named");
        return NULL;
    }
    if (memchr(name, '\n', strlen(name)) || strchr(name, '\r')) {
        *why = g_strdup("a file name may not hold a line break");
        return NULL;
    }
    char *path = g_path_is_absolute(name) || !base_dir ? g_strdup(name)
                                                       : g_build_filename(base_dir, name, NULL);
    char *real = realpath(path, NULL);
    if (!real) {
        int e = errno;
        /* Outside by its spelling: say so, not whether it exists. */
        char *canon = g_canonicalize_filename(path, NULL);
        bool outside = root && !path_inside(root->dir, canon);
        g_free(canon);
        *why = outside ? g_strdup_printf("outside the project root %s (--root widens it)",
                                         root->dir)
                       : g_strdup(nashra_strerror(e));
        g_free(path);
        return NULL;
    }
    g_free(path);
    if (root && !path_inside(root->dir, real)) {
        *why = g_strdup_printf("outside the project root %s (--root widens it)", root->dir);
        free(real);
        return NULL;
    }
    char *out = g_strdup(real);
    free(real);
    return out;
}

bool nashra_read_regular(const char *path, size_t max, char **data, size_t *len, char **why)
{
    *data = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO with no writer would wait forever. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *why = g_strdup(nashra_strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *why = g_strdup(S_ISDIR(st.st_mode) ? "a directory, not a file"
                                            : "not a regular file (a device, FIFO or socket)");
        close(fd);
        return false;
    }
    if (max && (guint64)st.st_size > max) {
        *why = g_strdup_printf("the file is %" G_GUINT64_FORMAT " bytes; the limit is %zu",
                               (guint64)st.st_size, max);
        close(fd);
        return false;
    }
    GString *s = g_string_sized_new((gsize)st.st_size + 1);
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *why = g_strdup(nashra_strerror(errno));
            g_string_free(s, TRUE);
            close(fd);
            return false;
        }
        if (n == 0)
            break;
        g_string_append_len(s, chunk, n);
        if (max && s->len > max) { /* it grew while read */
            *why = g_strdup_printf("the file is over %zu bytes, the limit", max);
            g_string_free(s, TRUE);
            close(fd);
            return false;
        }
    }
    close(fd);
    *len = s->len;
    *data = g_string_free(s, FALSE);
    return true;
}

bool nashra_looks_like_text(const char *data, size_t len, size_t *where)
{
    size_t n = MIN(len, 4096), bad = 0, chars = 0, first = (size_t)-1;
    const char *nul = memchr(data, '\0', n);
    for (const char *p = data, *end = data + n; p < end;) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        chars++;
        if (c == (gunichar)-1) {
            if (first == (size_t)-1)
                first = (size_t)(p - data);
            bad++;
            p++;
        } else if (c == (gunichar)-2) { /* cut at the window's end */
            break;
        } else {
            p = g_utf8_next_char(p);
        }
    }
    /* A stray Latin-1 byte is reported and replaced by the parser; a binary file is mostly
     * such bytes. */
    bool text = !nul && bad * 2 <= chars;
    if (!text && where)
        *where = nul ? (size_t)(nul - data) : first;
    return text;
}
