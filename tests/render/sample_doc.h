/* A sample Arabic brief built with the node API, for the render tests and the dev driver. */
#ifndef NASHRA_SAMPLE_DOC_H
#define NASHRA_SAMPLE_DOC_H

#include "doc/doc.h"

/* A brief with a title block, headings (N_HEADINGS of them), justified paragraphs, an English
 * paragraph, lists, a quote, code and links. Free with nashra_doc_free. */
struct nashra_doc *sample_doc_new(int *n_headings);

#endif
