/* Inside the resolve stage: the passes nashra_resolve runs. */
#ifndef NASHRA_RESOLVE_INT_H
#define NASHRA_RESOLVE_INT_H

#include "resolve/resolve.h"
#include "util/l10n.h"

/* Heading ids: explicit {#id}s kept (a duplicate is a warning), every other heading a unique
 * slug of its text. */
void resolve_heading_ids(struct nashra_node *root, struct nashra_diag *diag);
/* meta.resolved: direction, block rule, labels' language, digits. */
void resolve_doc_facts(struct nashra_doc *doc);
/* Every block's (and span's) direction, language and script, under meta.resolved. */
void resolve_directions(struct nashra_doc *doc);
/* Splits each TEXT of WRITTEN (what the citation processor wrote) around the runs of the
 * other direction than its line's, each run in an isolating SPAN (after directions). */
void resolve_isolate_cited(struct nashra_doc *doc, GPtrArray *written);
/* SMART_QUOTEs to TEXT in the quotes of their block's or span's language (after directions). */
void resolve_smart_quotes(struct nashra_doc *doc);
/* meta.resolved's masthead lines (matter.c), once the language and digits are decided. */
void resolve_masthead(struct nashra_doc *doc);
/* "Figure 2:" / "جدول ١:": WHAT's label, NUMBER in the brief's digits, the language's colon.
 * g_free. */
char *resolve_caption_label(const struct nashra_doc *doc, enum nashra_text what, int number);
/* Marks TABLE's cells that are numbers, and the body cells of columns of numbers. */
void resolve_table_numbers(struct nashra_node *table);

#endif
