/* `nashra query`: what a brief resolves to (its metadata) and what it holds (headings, figures,
 * tables, notes, citations), with the page each part landed on, as JSON for scripts and CI.
 * Part of the command line, not of the library. */
#ifndef NASHRA_CLI_QUERY_H
#define NASHRA_CLI_QUERY_H

#include "doc/doc.h"
#include "layout/layout.h"

/* Appends to OUT DOC, resolved, and PAGES, its layout (NULL: no page numbers), as
 * pretty-printed UTF-8 JSON ending in a line break; members in a fixed order, absent front
 * matter keys left out. */
void nashra_query_json(const struct nashra_doc *doc, const struct nashra_pages *pages,
                       GString *out);

#endif
