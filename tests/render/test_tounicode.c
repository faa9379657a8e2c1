/* The text the PDF carries for its glyphs (the fonts' ToUnicode maps, read back with libqpdf):
 * no Latin-1 font beside the Arabic one, no token left by the post-pass, and each glyph's text
 * as readers need it: lam-alef reversed, a letter with its marks, ZWNJ with its letter, a
 * bracket as written. The four readers themselves are tests/readers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <qpdf/qpdf-c.h>

#include "parse/parse.h"
#include "resolve/resolve.h"
#include "render/render.h"
#include "template/template.h"

/* The heading is set in Noto Kufi Arabic, whose lam-alef is one glyph (Amiri's is two). */
static const char SOURCE[] = "---\ntitle: t\nlang: fa\n---\n\n## خلاصة\n\n"
                             "کتاب‌ها فَضْلُ (بيان) 2026 Latin\n";

struct cmaps {
    GString *all;   /* every ToUnicode map, decoded */
    int fonts;      /* font dictionaries */
    int simple;     /* of those, not Type0 (Cairo's 8-bit Latin subsets) */
};

static void read_cmaps(const char *pdf, size_t len, struct cmaps *out)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    assert_false(qpdf_read_memory(q, "t.pdf", pdf, len, NULL) & QPDF_ERRORS);
    int size = qpdf_oh_get_int_value_as_int(q, qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size"));
    for (int id = 1; id < size; id++) {
        qpdf_oh font = qpdf_get_object_by_id(q, id, 0);
        if (!qpdf_oh_is_dictionary_of_type(q, font, "/Font", ""))
            continue;
        const char *sub = qpdf_oh_get_name(q, qpdf_oh_get_key(q, font, "/Subtype"));
        out->fonts += strcmp(sub, "/CIDFontType2") != 0;
        out->simple += strcmp(sub, "/Type0") != 0 && strcmp(sub, "/CIDFontType2") != 0;
        qpdf_oh tu = qpdf_oh_get_key(q, font, "/ToUnicode");
        unsigned char *data = NULL;
        size_t n = 0;
        if (qpdf_oh_is_stream(q, tu) &&
            !(qpdf_oh_get_stream_data(q, tu, qpdf_dl_generalized, NULL, &data, &n) & QPDF_ERRORS))
            g_string_append_len(out->all, (const char *)data, (gssize)n);
        free(data);
    }
    qpdf_cleanup(&q);
}

/* TEXT as the UTF-16BE hex a ToUnicode map writes it in. */
static char *hex(const char *text)
{
    glong n = 0;
    gunichar2 *u = g_utf8_to_utf16(text, -1, NULL, &n, NULL);
    GString *s = g_string_new("<");
    for (glong i = 0; i < n; i++)
        g_string_append_printf(s, "%04X", u[i]);
    g_string_append_c(s, '>');
    g_free(u);
    return g_string_free(s, FALSE);
}

static void assert_maps(const struct cmaps *m, const char *text)
{
    char *h = hex(text);
    if (!strstr(m->all->str, h))
        fail_msg("no glyph carries %s (%s)", text, h);
    g_free(h);
}

static void test_glyph_texts(void **state)
{
    (void)state;
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t.md", SOURCE, sizeof SOURCE - 1);
    diag.out = NULL;
    struct nashra_parse_options opts = {0};
    struct nashra_doc *doc = nashra_parse(SOURCE, sizeof SOURCE - 1, &opts, &diag);
    nashra_resolve(doc, &diag);
    struct nashra_style st;
    nashra_template_default_style(&st);
    struct nashra_pages *pages = nashra_layout(doc, nashra_render_new_context, &st, &diag);
    assert_non_null(pages);
    char *pdf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&pdf, &len);
    struct nashra_render_info info = {.meta = &doc->meta, .epoch = 0};
    assert_int_equal(nashra_render_pdf(pages, &info, f), 0);
    fclose(f);

    struct cmaps m = {g_string_new(NULL), 0, 0};
    read_cmaps(pdf, len, &m);
    assert_true(m.fonts > 0);
    assert_int_equal(m.simple, 0);           /* no 8-bit subset split from the words */
    assert_null(strstr(m.all->str, "<DB8")); /* every token replaced */
    assert_maps(&m, " ");
    assert_maps(&m, "\u0627\u0644");               /* lam-alef of خلاصة, in visual order */
    assert_maps(&m, "\u064f\u0644");               /* lam with its damma, ditto */
    assert_maps(&m, "\u200c\u0628");               /* ZWNJ of کتاب‌ها with the beh before it */
    assert_maps(&m, "(");                          /* the bracket as written */
    g_string_free(m.all, TRUE);
    free(pdf);
    nashra_pages_free(pages);
    nashra_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_glyph_texts)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
