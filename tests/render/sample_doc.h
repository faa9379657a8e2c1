/* A sample Arabic brief built with the node API, for the render tests and the dev driver. */
#ifndef NASHRA_SAMPLE_DOC_H
#define NASHRA_SAMPLE_DOC_H

#include "doc/doc.h"

/* A brief with a title block, headings (N_HEADINGS of them), justified paragraphs, an English
 * paragraph, lists, a quote with an attribution, code, links, and the extensions: strikethrough,
 * footnote calls and notes, citations, callouts, a table longer than a page, and figures whose
 * files (chart.png, basin.svg, dunes.jpg) are in tests/data (the layout's base_dir).
 * Free with nashra_doc_free. */
struct nashra_doc *sample_doc_new(int *n_headings);
/* Appends to PARENT a 4-column table (country, number, percentage, long note) with a header
 * row and N_ROWS body rows; returns it. */
struct nashra_node *sample_table(struct nashra_node *parent, int n_rows);

#endif
