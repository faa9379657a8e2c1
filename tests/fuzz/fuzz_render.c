/* libFuzzer target for the whole pipeline: parse, layout with a built-in template, and PDF (and
 * page 1 as a small PNG) into memory. Inputs are capped so each run stays fast; the parser alone
 * sees large inputs in fuzz_parse. Figures are looked up in examples/ (run from the top of the
 * repository, as tools/fuzz.sh does), so basin.svg draws and other names are missing files. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cite/cite.h"
#include "layout/layout.h"
#include "parse/parse.h"
#include "resolve/resolve.h"
#include "render/render.h"
#include "template/template.h"

enum { FUZZ_MAX_INPUT = 4096, FUZZ_MAX_PAGES = 40 };

/* Only built-in templates: a file name in the input must not make the fuzzer read files. */
static const char *builtin(const char *name)
{
    for (const char *const *b = nashra_template_builtins(); name && *b; b++)
        if (!strcmp(name, *b))
            return name;
    return NULL;
}

static void render(const struct nashra_doc *doc, struct nashra_diag *diag)
{
    struct nashra_template *tpl = nashra_template_load(builtin(doc->meta.template_name), diag);
    if (!tpl)
        return;
    struct nashra_style style;
    nashra_template_apply(tpl, &style);
    if (doc->meta.notes != NASHRA_NOTES_TEMPLATE)
        style.endnotes = doc->meta.notes == NASHRA_NOTES_END;
    style.base_dir = "examples";
    char *citation = nashra_cite_text(&doc->meta);
    style.citation = citation;
    struct nashra_pages *pages = nashra_layout(doc, nashra_render_new_context, &style, diag);
    if (pages && pages->pages->len <= FUZZ_MAX_PAGES) {
        char *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);
        if (out) {
            struct nashra_render_info info = {.meta = &doc->meta, .epoch = 0};
            nashra_render_pdf(pages, &info, out);
            fclose(out);
            free(buf);
        }
        out = open_memstream(&buf, &len);
        if (out) {
            nashra_render_png_page(pages, 0, 12, out);
            fclose(out);
            free(buf);
        }
    }
    nashra_pages_free(pages);
    g_free(citation);
    nashra_template_free(tpl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA,
                                        .from = NASHRA_FROM_MARKDOWN};
    /* A first byte of 0x01 reads the rest as a plain-text article. */
    if (size > 0 && data[0] == 1) {
        opts.from = NASHRA_FROM_TEXT;
        data++;
        size--;
    }
    struct nashra_diag diag;
    nashra_diag_init(&diag, "fuzz", (const char *)data, size);
    diag.out = NULL;
    struct nashra_doc *doc = nashra_parse((const char *)data, size, &opts, &diag);
    nashra_resolve(doc, &diag);
    if (doc && !nashra_diag_failed(&diag))
        render(doc, &diag);
    nashra_doc_free(doc);
    return 0;
}
