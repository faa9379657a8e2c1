/* STUB: replaced by the parser work. */
#include "render/render.h"
void nashra_render_tree(const struct nashra_doc *doc, GString *out) { (void)doc; (void)out; }
