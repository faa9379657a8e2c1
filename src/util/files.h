/* Files a source names: the project root they must stay inside, and reads that are bounded and
 * never block. Every source is untrusted: a figure, bibliography or template it names resolves,
 * after symlinks, inside the root (the source's directory unless --root widens it). */
#ifndef NASHRA_FILES_H
#define NASHRA_FILES_H

#include <stdbool.h>
#include <stddef.h>

struct nashra_root;

/* The root DIR, canonicalised; NULL with *WHY set (g_free) when DIR is not a directory. */
struct nashra_root *nashra_root_new(const char *dir, char **why);
void nashra_root_free(struct nashra_root *root);
/* Its canonical path. */
const char *nashra_root_dir(const struct nashra_root *root);

/* NAME as a source writes it (absolute, or relative to BASE_DIR; NULL: the working directory),
 * resolved through every symlink. Returns the canonical path (g_free), or NULL with *WHY set
 * (g_free): the file is missing, or lies outside ROOT. ROOT NULL confines nothing (a name
 * given on the command line). WHY never holds anything read from the file. */
char *nashra_root_resolve(const struct nashra_root *root, const char *base_dir, const char *name,
                          char **why);

/* Reads the regular file PATH whole, at most MAX bytes (0: no limit), into *DATA (g_free,
 * NUL-terminated) and *LEN. FIFOs, devices, sockets and directories are refused without
 * blocking on them. False with *WHY set (g_free) otherwise. */
bool nashra_read_regular(const char *path, size_t max, char **data, size_t *len, char **why);

/* Whether the first kilobytes of DATA read as text: no NUL byte, and mostly valid UTF-8. When
 * not, *WHERE (if not NULL) receives the offset of the first NUL or invalid byte. */
bool nashra_looks_like_text(const char *data, size_t len, size_t *where);

#endif
