/* Inside the resolve stage: the passes nashra_resolve runs. */
#ifndef NASHRA_RESOLVE_INT_H
#define NASHRA_RESOLVE_INT_H

#include "resolve/resolve.h"

/* Heading ids: explicit {#id}s kept (a duplicate is a warning), every other heading a unique
 * slug of its text. */
void resolve_heading_ids(struct nashra_node *root, struct nashra_diag *diag);
/* meta.resolved: direction, block rule, labels' language, digits. */
void resolve_doc_facts(struct nashra_doc *doc);
/* Every block's (and span's) direction, language and script, under meta.resolved. */
void resolve_directions(struct nashra_doc *doc);
/* SMART_QUOTEs to TEXT in the quotes of their block's or span's language (after directions). */
void resolve_smart_quotes(struct nashra_doc *doc);

#endif
