/* Figure images checked before they are accepted (layout/image.c): sizes from the header,
 * rasters decoded whole, SVG scanned for what librsvg would load and draw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "layout/image.h"

static const struct nashra_image_limits limits = {.max_pixels = NASHRA_IMAGE_MAX_PIXELS};

/* Checks DATA (LEN bytes; -1: a string) as a file in the test data folder; returns *WHY or
 * NULL when accepted. */
static char *check(const void *data, gssize len, enum nashra_image_format *format)
{
    GBytes *b = g_bytes_new(data, len < 0 ? strlen(data) : (size_t)len);
    enum nashra_image_format f = 0;
    double w = 0, h = 0;
    char *why = NULL;
    bool ok = nashra_image_check(NASHRA_TEST_DATA "/x.svg", b, &limits, &f, &w, &h, &why);
    g_bytes_unref(b);
    if (format)
        *format = f;
    assert_true(ok == (why == NULL));
    return why;
}

static void assert_accepted(const char *svg)
{
    char *why = check(svg, -1, NULL);
    if (why)
        fail_msg("refused: %s", why);
}

static void assert_refused(const void *data, gssize len, const char *part)
{
    char *why = check(data, len, NULL);
    if (!why)
        fail_msg("accepted, not refused for '%s'", part);
    if (!strstr(why, part))
        fail_msg("'%s' does not say '%s'", why, part);
    g_free(why);
}

static void test_files(void **state)
{
    (void)state;
    const char *names[] = {"chart.png", "dunes.jpg", "basin.svg"};
    enum nashra_image_format want[] = {NASHRA_IMAGE_PNG, NASHRA_IMAGE_JPEG, NASHRA_IMAGE_SVG};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        char *path = g_build_filename(NASHRA_TEST_DATA, names[i], NULL), *data = NULL;
        gsize len = 0;
        assert_true(g_file_get_contents(path, &data, &len, NULL));
        enum nashra_image_format f;
        char *why = check(data, (gssize)len, &f);
        assert_null(why);
        assert_int_equal(f, want[i]);
        /* Cut short, a raster is refused (and never read past its end). */
        if (f != NASHRA_IMAGE_SVG)
            assert_refused(data, (gssize)len * 2 / 3, "truncated or corrupt");
        g_free(data);
        g_free(path);
    }
}

static void test_png_header(void **state)
{
    (void)state;
    /* Only the signature and IHDR: refused on its size before anything is decoded. */
    guint8 png[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                      0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 2};
    assert_refused(png, sizeof png, "30000×30000 pixels (900 megapixels)");
    png[18] = 0x9c, png[19] = 0x40, png[22] = 0, png[23] = 8; /* 40000 × 8 */
    assert_refused(png, sizeof png, "at most 32767 pixels");
    png[18] = 0, png[19] = 0;
    assert_refused(png, sizeof png, "empty");
}

static void test_not_images(void **state)
{
    (void)state;
    assert_refused("GIF89a\1\0\1\0", 10, "is a GIF");
    assert_refused("\x1f\x8b\x08\0", 4, "gzip");
    assert_refused("", 0, "not a PNG, JPEG or SVG");
    assert_refused("<svg><g></svg>", -1, "as XML");
}

#define SVG_OPEN "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"

static void test_svg_expansion(void **state)
{
    (void)state;
    /* A marker on each of a path's vertices: 1000 vertices × 200 circles. */
    GString *s = g_string_new(SVG_OPEN "<marker id='m'>");
    for (int i = 0; i < 200; i++)
        g_string_append(s, "<circle r='1'/>");
    g_string_append(s, "</marker><g marker-mid='url(#m)'><path d='M0 0");
    for (int i = 0; i < 1000; i++)
        g_string_append_printf(s, " L%d %d", i, i);
    g_string_append(s, "'/></g></svg>");
    assert_refused(s->str, -1, "could draw");
    g_string_free(s, TRUE);
    /* A pattern drawing a pattern drawing a pattern…: each level multiplies. */
    s = g_string_new(SVG_OPEN "<pattern id='p0'><rect width='1' height='1'/></pattern>");
    for (int lv = 1; lv <= 6; lv++) {
        g_string_append_printf(s, "<pattern id='p%d'>", lv);
        for (int i = 0; i < 10; i++)
            g_string_append_printf(s, "<rect width='1' height='1' fill='url(#p%d)'/>", lv - 1);
        g_string_append(s, "</pattern>");
    }
    g_string_append(s, "<rect width='9' height='9' style='fill: url(\"#p6\")'/></svg>");
    assert_refused(s->str, -1, "could draw");
    g_string_free(s, TRUE);
    /* A chain of references deeper than librsvg should recurse. */
    s = g_string_new(SVG_OPEN "<g id='g0'/>");
    for (int i = 1; i < 400; i++)
        g_string_append_printf(s, "<use id='g%d' href='#g%d'/>", i, i - 1);
    g_string_append(s, "</svg>");
    assert_refused(s->str, -1, "more than 256 deep");
    g_string_free(s, TRUE);
}

static void test_svg_references(void **state)
{
    (void)state;
    assert_refused(SVG_OPEN "<rect fill='url(other.svg#g)'/></svg>", -1, "outside the SVG");
    assert_refused(SVG_OPEN "<rect fill='\\75rl(x)'/></svg>", -1, "CSS escape");
    assert_refused(SVG_OPEN "<style>rect{clip-path:url(#c)}</style><clipPath id='c'/></svg>",
                   -1, "not a gradient");
    assert_accepted(SVG_OPEN "<style>rect{fill:url(#g)}</style><linearGradient id='g'/>"
                    "<rect width='5' height='5'/><a href='https://example.org'/></svg>");
    assert_refused(SVG_OPEN "<style>@import 'x.css';</style></svg>", -1, "imports");
    assert_refused("<?xml-stylesheet href='x.css'?>" SVG_OPEN "</svg>", -1, "processing instruction");
    assert_refused(SVG_OPEN "<xi:include xmlns:xi='http://www.w3.org/2001/XInclude' "
                   "href='x.svg'/></svg>", -1, "<xi:include>");
    assert_refused(SVG_OPEN "<image href='http://example.org/x.png'/></svg>", -1,
                   "only files and data: URIs");
    assert_refused(SVG_OPEN "<image href='nope.png'/></svg>", -1, "cannot be read");
    /* A nested image in the SVG's folder is checked like a figure's own. */
    assert_accepted(SVG_OPEN "<image href='chart.png'/><image href='dunes.jpg'/></svg>");
    assert_refused(SVG_OPEN "<image href='basin.svg'/></svg>", -1, "not a PNG or JPEG");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_png_header),
        cmocka_unit_test(test_not_images),
        cmocka_unit_test(test_svg_expansion),
        cmocka_unit_test(test_svg_references),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
