/* STUB: replaced by the layout work. */
#include "layout/layout.h"
void nashra_style_default(struct nashra_style *style) { (void)style; }
struct nashra_pages *nashra_layout(const struct nashra_doc *doc, PangoContext *context,
                                   const struct nashra_style *style, struct nashra_diag *diag)
{
    (void)doc; (void)context; (void)style; (void)diag;
    return NULL;
}
void nashra_pages_free(struct nashra_pages *pages) { (void)pages; }
enum nashra_dir nashra_doc_direction(const struct nashra_doc *doc) { (void)doc; return NASHRA_DIR_RTL; }
