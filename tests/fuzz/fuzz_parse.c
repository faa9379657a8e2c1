/* libFuzzer target for the parser and the renderers that read the tree (HTML, tree dump):
 * any input must parse without crashing, leaking or reading out of bounds. */
#include <stddef.h>
#include <stdint.h>

#include "parse/parse.h"
#include "render/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nashra_diag diag;
    nashra_diag_init(&diag, "fuzz", (const char *)data, size);
    diag.out = NULL;
    for (int syntax = 0; syntax < 2; syntax++) {
        struct nashra_parse_options opts = {.syntax = syntax ? NASHRA_SYNTAX_COMMONMARK
                                                             : NASHRA_SYNTAX_NASHRA};
        struct nashra_doc *doc = nashra_parse((const char *)data, size, &opts, &diag);
        GString *out = g_string_new(NULL);
        nashra_render_html(doc, syntax == 0, out);
        nashra_render_tree(doc, out);
        g_string_free(out, TRUE);
        nashra_doc_free(doc);
    }
    return 0;
}
