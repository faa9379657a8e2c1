/* STUB: replaced by the parser work. */
#include "render/render.h"
void nashra_render_html(const struct nashra_doc *doc, bool standalone, GString *out)
{ (void)doc; (void)standalone; (void)out; }
