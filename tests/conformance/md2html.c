/* Test driver: CommonMark on standard input to the HTML fragment on standard output, the way
 * `nashra --syntax commonmark --to html --unsafe - -o -` calls them (--tree dumps, --nashra extends). */
#include <stdio.h>

#include "parse/parse.h"
#include "resolve/resolve.h"
#include "render/render.h"

int main(int argc, char **argv)
{
    bool tree = false, nashra = false;
    for (int i = 1; i < argc; i++) {
        tree |= g_strcmp0(argv[i], "--tree") == 0;
        nashra |= g_strcmp0(argv[i], "--nashra") == 0;
    }
    GString *in = g_string_new(NULL);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
        g_string_append_len(in, buf, (gssize)n);
    struct nashra_diag diag;
    nashra_diag_init(&diag, "<stdin>", in->str, in->len);
    struct nashra_parse_options opts = {.syntax = nashra ? NASHRA_SYNTAX_NASHRA
                                                         : NASHRA_SYNTAX_COMMONMARK};
    struct nashra_doc *doc = nashra_parse(in->str, in->len, &opts, &diag);
    nashra_resolve(doc, &diag);
    GString *out = g_string_new(NULL);
    if (tree)
        nashra_render_tree(doc, out);
    else
        nashra_render_html(doc, false, true, out);
    fwrite(out->str, 1, out->len, stdout);
    g_string_free(out, TRUE);
    nashra_doc_free(doc);
    g_string_free(in, TRUE);
    return 0;
}
