/* Templates: the look of a brief (page, fonts, sizes, colours, spacing, masthead, running head
 * and foot, report matter) as GLib key files. The built-in ones (brief, report, memo) are
 * compiled into the binary; a file path loads from disk. A template may `extends=` another. */
#ifndef NASHRA_TEMPLATE_H
#define NASHRA_TEMPLATE_H

#include "layout/layout.h"
#include "util/diag.h"
#include "util/files.h"

struct nashra_template;

/* Loads NAME_OR_FILE: a built-in name ("brief", "report", "memo"), else a file path (anything
 * with a '/' or a '.', or an existing file). NULL means "brief". Follows `extends` (built-in
 * names, or paths relative to the extending file), detecting cycles. Unknown groups and keys,
 * bad values, syntax errors, a missing parent and a cycle are errors reported through DIAG at
 * their line and column in the template file (DIAG's filename and source are set for the
 * report and restored after). Returns NULL after an error. */
struct nashra_template *nashra_template_load(const char *name_or_file, struct nashra_diag *diag);
/* As nashra_template_load, NAME_OR_FILE written at LINE:COL of DIAG's source (the front
 * matter's `template:`), where a missing template is reported (LINE 0: no position); a file
 * name is relative to DIR (the source's directory; NULL: the working directory). With ROOT,
 * the file and every file it extends must lie inside it (a source's template); a file that
 * is no text or over TEMPLATE_MAX_BYTES is refused, and no more than one of its lines is
 * quoted in an error. */
struct nashra_template *nashra_template_load_at(const char *name_or_file, const char *dir,
                                                const struct nashra_root *root, int line, int col,
                                                struct nashra_diag *diag);
/* Templates are a few kilobytes; this bounds what a source can make nashra read. */
#define TEMPLATE_MAX_BYTES (1024 * 1024)
/* Fills STYLE from the built-in brief template (templates/brief.ini), the one source of the
 * defaults; fields it does not set are zero. Its strings live as long as the process. */
void nashra_template_default_style(struct nashra_style *style);
/* Fills STYLE: the defaults (nashra_template_default_style), then the chain's settings from the
 * root ancestor down. Strings in STYLE (fonts, patterns) are borrowed from T: keep T until the
 * layout is done. STYLE's base_dir and citation are left NULL for the caller. */
void nashra_template_apply(const struct nashra_template *t, struct nashra_style *style);
/* The template's name: the built-in name, or the file's path. */
const char *nashra_template_name(const struct nashra_template *t);
/* The template files T was read from (the named one, then the files it extends), as paths usable
 * from the working directory; built-ins are not files. NULL-terminated, owned by T. */
const char *const *nashra_template_files(const struct nashra_template *t);
/* The folders of fonts T's [fonts] folders= keys name, resolved (relative to their template
 * file, inside the root for a source's template), the named file's first. NULL-terminated,
 * owned by T. */
const char *const *nashra_template_font_dirs(const struct nashra_template *t);
void nashra_template_free(struct nashra_template *t);
/* The built-in template names, NULL-terminated. */
const char *const *nashra_template_builtins(void);
/* The file of built-in template NAME as compiled in (to start a template of one's own from),
 * or NULL when NAME is no built-in. */
GBytes *nashra_template_builtin_file(const char *name);

#endif
