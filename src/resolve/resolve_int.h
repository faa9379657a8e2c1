/* Inside the resolve stage: the passes nashra_resolve runs. */
#ifndef NASHRA_RESOLVE_INT_H
#define NASHRA_RESOLVE_INT_H

#include "resolve/resolve.h"

/* meta.resolved: direction, block rule, labels' language, digits. */
void resolve_doc_facts(struct nashra_doc *doc);
/* Every block's (and span's) direction, language and script, under meta.resolved. */
void resolve_directions(struct nashra_doc *doc);

#endif
