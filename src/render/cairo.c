/* STUB: replaced by the render work. */
#include "render/render.h"
PangoFontMap *nashra_render_font_map(void) { return NULL; }
PangoContext *nashra_render_new_context(void) { return NULL; }
int nashra_render_pdf(const struct nashra_pages *pages, const struct nashra_render_info *info, FILE *out)
{ (void)pages; (void)info; (void)out; return -1; }
int nashra_render_png_page(const struct nashra_pages *pages, int index, double dpi, FILE *out)
{ (void)pages; (void)index; (void)dpi; (void)out; return -1; }
