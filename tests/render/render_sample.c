/* Dev driver: lays out the sample brief and writes sample.pdf and sample-N.png (at 70 dpi) in
 * the current directory, or the PDF to argv[1]. Prints page and tofu counts. */
#include <stdio.h>

#include "render/render.h"
#include "sample_doc.h"

int main(int argc, char **argv)
{
    struct nashra_doc *doc = sample_doc_new(NULL);
    struct nashra_diag diag;
    nashra_diag_init(&diag, "sample", NULL, 0);
    struct nashra_style st;
    nashra_style_default(&st);
    PangoContext *ctx = nashra_render_new_context();
    struct nashra_pages *pages = nashra_layout(doc, ctx, &st, &diag);
    if (!pages)
        return 1;
    FILE *f = fopen(argc > 1 ? argv[1] : "sample.pdf", "wb");
    struct nashra_render_info info = {&doc->meta, -1};
    int rc = f ? nashra_render_pdf(pages, &info, f) : -1;
    if (f)
        fclose(f);
    for (guint p = 0; argc <= 1 && p < pages->pages->len; p++) {
        char name[64];
        snprintf(name, sizeof name, "sample-%u.png", p + 1);
        FILE *png = fopen(name, "wb");
        if (!png || nashra_render_png_page(pages, (int)p, 70, png) != 0)
            rc = -1;
        if (png)
            fclose(png);
    }
    printf("pages %u, outline %u, unknown glyphs %d, rc %d\n", pages->pages->len,
           pages->outline->len, pages->unknown_glyphs, rc);
    nashra_pages_free(pages);
    g_object_unref(ctx);
    nashra_doc_free(doc);
    return rc == 0 ? 0 : 1;
}
