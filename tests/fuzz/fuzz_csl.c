/* libFuzzer target for the CSL processor (src/csl): the input is a style and a CSL-JSON item
 * list separated by the first NUL byte (no NUL: all style, no items). Both are parsed; when
 * both parse, an engine with the built-in en-US locale cites every item, one citation each
 * and then all in one, and renders the bibliography, in HTML, text and marked text. Nothing
 * may crash, leak, read out of bounds or hang. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "csl/csl.h"

static void consume(GPtrArray *outs)
{
    for (guint i = 0; outs && i < outs->len; i++) {
        g_free(nashra_csl_out_html(outs->pdata[i]));
        g_free(nashra_csl_out_text(outs->pdata[i]));
        GArray *spans = g_array_new(FALSE, FALSE, sizeof(struct nashra_csl_span));
        g_free(nashra_csl_out_marked(outs->pdata[i], spans));
        g_array_unref(spans);
    }
    if (outs)
        g_ptr_array_unref(outs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, 0, size);
    size_t style_len = nul ? (size_t)(nul - text) : size;
    const char *json = nul ? nul + 1 : "[]";
    size_t json_len = nul ? size - style_len - 1 : 2;

    struct nashra_csl_style *style = nashra_csl_style_parse(text, style_len, NULL);
    GPtrArray *items = nashra_csl_items_parse(json, json_len, NULL);
    if (!style || !items)
        goto out;
    struct nashra_csl_engine *e =
        nashra_csl_engine_new(style, NULL, false, nashra_csl_locale_builtin, NULL, NULL);
    if (!e)
        goto out;
    nashra_csl_engine_add_items(e, items);
    guint n = MIN(items->len, 64);
    struct nashra_csl_cite *cites = g_new0(struct nashra_csl_cite, 2 * n + 1);
    struct nashra_csl_citation *cits = g_new0(struct nashra_csl_citation, n + 1);
    for (guint i = 0; i < n; i++) {
        const char *id = nashra_csl_item_id(items->pdata[i]);
        /* each alone, with a locator on every other one, in notes 1, 2, … */
        cites[i].id = id;
        cites[i].locator = i % 2 ? "12-14" : NULL;
        cites[i].label = i % 3 == 1 ? "chapter" : NULL;
        cits[i].items = &cites[i];
        cits[i].n_items = 1;
        cits[i].note_index = (int)i + 1;
        /* and all together in the last citation */
        cites[n + i].id = id;
        cites[n + i].suppress_author = i == 1;
        cites[n + i].prefix = i == 2 ? "see " : NULL;
    }
    cits[n].items = &cites[n];
    cits[n].n_items = n;
    cits[n].note_index = (int)n + 1;
    GPtrArray *missing = g_ptr_array_new_with_free_func(g_free);
    consume(nashra_csl_engine_cite(e, cits, n + 1, missing));
    g_ptr_array_unref(missing);
    GPtrArray *ids = g_ptr_array_new();
    consume(nashra_csl_engine_bibliography(e, false, ids));
    g_ptr_array_unref(ids);
    struct nashra_csl_bib_options opts;
    nashra_csl_engine_bib_options(e, &opts);
    g_free(cites);
    g_free(cits);
    nashra_csl_engine_free(e);
out:
    if (items)
        g_ptr_array_unref(items);
    if (style)
        nashra_csl_style_free(style);
    return 0;
}
