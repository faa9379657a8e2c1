/* The resolve stage, between parse and layout: decides once, and stores in the tree, what
 * later stages only read: the document's direction, block rule, language and digits
 * (meta.resolved); each block's direction, language and script; figure and table ids,
 * captions and numbers; citations and cross-references (an unknown key is an error at its
 * line:col); citations of a note style made notes; the references section; note numbers. */
#ifndef NASHRA_RESOLVE_H
#define NASHRA_RESOLVE_H

#include <glib.h>

#include "doc/doc.h"
#include "util/diag.h"

/* Resolves DOC in place, reporting through DIAG. Runs once: a resolved DOC is left alone. */
void nashra_resolve(struct nashra_doc *doc, struct nashra_diag *diag);

/* Reports, through DIAG, what in DOC (resolved) the PDF STANDARD forbids, each at its
 * position: for PDF/A strings longer than it allows; for PDF/UA-1 a missing title, figures
 * without alternative text and skipped heading levels. */
void nashra_resolve_check_standard(const struct nashra_doc *doc, struct nashra_pdf_standard standard,
                                   struct nashra_diag *diag);

/* The direction of TEXT (LEN bytes, or -1: NUL-terminated) by its first strong letter,
 * isolates skipped (the UBA's rule P2); AUTO when it has none. */
enum nashra_dir nashra_text_direction(const char *text, gssize len);
/* The direction of a block of TEXT under RULE (meta.resolved.block_rule) in a document of
 * DOC_DIR: under RTL, any RTL letter makes it RTL; under LTR, any LTR letter makes it LTR;
 * under AUTO, its first strong letter; no letter at all: DOC_DIR. */
enum nashra_dir nashra_text_block_direction(enum nashra_dir rule, enum nashra_dir doc_dir,
                                            const char *text, gssize len);

/* The runs of TEXT (LEN bytes) to isolate in a line of direction AROUND: the words of the
 * other direction, from the first strong letter of a name or title to its last, with the quotes
 * around it and an abbreviation's full stop ("et al."). A word that starts with a number ends a run (the year
 * after a name stays on the line's side) unless more of the run follows it ("Vision 2030
 * Plan"). Appends each run's start and end, byte offsets, to RUNS (a GArray of gsize). */
void nashra_text_contrary_runs(const char *text, gsize len, enum nashra_dir around, GArray *runs);
/* TEXT with those runs between LRI or RLI and PDI, for a renderer that sets plain text in a line
 * of direction AROUND (the cite box). g_free. */
char *nashra_text_isolate_contrary(const char *text, enum nashra_dir around);

/* The variables of running head and foot patterns ({title} {short-title} {source} {series}
 * {number} {date}; not the page numbers, which layout adds) from M (resolved): static keys,
 * values to g_free, as the PDF and the HTML page's print stylesheet expand them. */
GHashTable *nashra_page_vars(const struct nashra_meta *m);
/* The running head when the template gives none: the series (else the publication), a dash,
 * the short title. */
const char *nashra_default_running_head(const struct nashra_meta *m);

#endif
