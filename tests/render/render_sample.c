/* Dev driver: lays out the sample brief and writes sample.pdf and sample-N.png (at 70 dpi) in
 * the current directory, or the PDF to argv[1]. Prints page and tofu counts. */
#include <stdio.h>

#include "render/render.h"
#include "resolve/resolve.h"
#include "template/template.h"
#include "sample_doc.h"

int main(int argc, char **argv)
{
    struct nashra_doc *doc = sample_doc_new(NULL);
    /* SAMPLE_LTR=1: the same brief as an English (LTR) document, to see everything mirror. */
    if (g_getenv("SAMPLE_LTR")) {
        g_free(doc->meta.lang);
        doc->meta.lang = g_strdup("en");
    }
    struct nashra_diag diag;
    nashra_diag_init(&diag, "sample", NULL, 0);
    struct nashra_style st;
    nashra_template_default_style(&st);
    st.base_dir = NASHRA_TEST_DATA;
    nashra_resolve(doc, &diag);
    struct nashra_pages *pages = nashra_layout(doc, nashra_render_new_context, &st, &diag);
    if (!pages)
        return 1;
    FILE *f = fopen(argc > 1 ? argv[1] : "sample.pdf", "wb");
    struct nashra_render_info info = {.meta = &doc->meta, .epoch = -1};
    int rc = f ? nashra_render_pdf(pages, &info, f) : -1;
    if (f)
        fclose(f);
    /* SAMPLE_SHOW_LINKS=1: outline link rectangles in red on the PNGs, to check their place. */
    for (guint p = 0; g_getenv("SAMPLE_SHOW_LINKS") && p < pages->pages->len; p++) {
        struct nashra_page *pg = g_ptr_array_index(pages->pages, p);
        guint n = pg->items->len;
        for (guint i = 0; i < n; i++) {
            struct nashra_item it = g_array_index(pg->items, struct nashra_item, i);
            if (it.kind != NASHRA_ITEM_LINK && it.kind != NASHRA_ITEM_DEST)
                continue;
            double x = it.x, y = it.y, w = it.kind == NASHRA_ITEM_DEST ? 6 : it.w, h = it.h;
            struct nashra_item r[4] = {{.x = x, .y = y, .w = w, .h = 0.5},
                                       {.x = x, .y = y + h, .w = w, .h = 0.5},
                                       {.x = x, .y = y, .w = 0.5, .h = h},
                                       {.x = x + w, .y = y, .w = 0.5, .h = h}};
            for (int k = 0; k < 4; k++) {
                r[k].kind = NASHRA_ITEM_RULE;
                r[k].r = 1;
                g_array_append_val(pg->items, r[k]);
            }
        }
    }
    for (guint p = 0; argc <= 1 && p < pages->pages->len; p++) {
        char name[64];
        snprintf(name, sizeof name, "sample-%u.png", p + 1);
        FILE *png = fopen(name, "wb");
        if (!png || nashra_render_png_page(pages, (int)p, g_getenv("SAMPLE_DPI") ? g_ascii_strtod(g_getenv("SAMPLE_DPI"), NULL) : 70, png) != 0)
            rc = -1;
        if (png)
            fclose(png);
    }
    printf("pages %u, outline %u, unknown glyphs %d, rc %d\n", pages->pages->len,
           pages->outline->len, pages->unknown_glyphs, rc);
    nashra_pages_free(pages);
    nashra_doc_free(doc);
    return rc == 0 ? 0 : 1;
}
