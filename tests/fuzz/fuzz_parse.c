/* libFuzzer target for the parser and the renderers that read the tree (HTML, tree dump):
 * any input, read as nashra markdown, CommonMark or a plain-text article, and as a CSL-JSON
 * bibliography, must parse without crashing, leaking or reading out of bounds. */
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "parse/internal.h"
#include "parse/parse.h"
#include "resolve/resolve.h"
#include "render/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nashra_diag diag;
    nashra_diag_init(&diag, "fuzz", (const char *)data, size);
    diag.out = NULL;
    /* nashra markdown, plain CommonMark, and the plain-text article reader */
    for (int pass = 0; pass < 3; pass++) {
        struct nashra_parse_options opts = {
            .syntax = pass == 1 ? NASHRA_SYNTAX_COMMONMARK : NASHRA_SYNTAX_NASHRA,
            .from = pass == 2 ? NASHRA_FROM_TEXT : NASHRA_FROM_MARKDOWN,
        };
        struct nashra_doc *doc = nashra_parse((const char *)data, size, &opts, &diag);
        nashra_resolve(doc, &diag);
        GString *out = g_string_new(NULL);
        nashra_render_html(doc, pass != 1, pass == 1, out);
        nashra_render_tree(doc, out);
        g_string_free(out, TRUE);
        nashra_doc_free(doc);
    }
    yaml_document_t json;
    int line, col;
    char *message;
    if (parse_json_as_yaml((const char *)data, size, &json, &line, &col, &message))
        yaml_document_delete(&json);
    g_free(message);
    return 0;
}
