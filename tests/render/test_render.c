/* The sample brief laid out and rendered: it succeeds, is deterministic to the byte, has one
 * outline entry per heading, draws no tofu, and write errors are reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/render.h"
#include "resolve/resolve.h"
#include "template/template.h"
#include "sample_doc.h"

struct fixture {
    struct nashra_doc *doc;
    struct nashra_pages *pages;
    int n_headings;
};

static int setup(void **state)
{
    struct fixture *f = g_new0(struct fixture, 1);
    f->doc = sample_doc_new(&f->n_headings);
    struct nashra_diag diag;
    nashra_diag_init(&diag, "sample", NULL, 0);
    diag.out = NULL;
    struct nashra_style st;
    nashra_template_default_style(&st);
    st.base_dir = NASHRA_TEST_DATA;
    nashra_resolve(f->doc, &diag);
    f->pages = nashra_layout(f->doc, nashra_render_new_context, &st, &diag);
    *state = f;
    return f->pages ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    nashra_pages_free(f->pages);
    nashra_doc_free(f->doc);
    g_free(f);
    return 0;
}

/* Renders to a temporary file and returns its bytes. */
static char *render_bytes(const struct fixture *f, long long epoch, size_t *len)
{
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    struct nashra_render_info info = {.meta = &f->doc->meta, .epoch = epoch};
    assert_int_equal(nashra_render_pdf(f->pages, &info, tmp), 0);
    long n = ftell(tmp);
    assert_true(n > 1000);
    rewind(tmp);
    char *buf = g_malloc((size_t)n);
    assert_int_equal(fread(buf, 1, (size_t)n, tmp), (size_t)n);
    fclose(tmp);
    *len = (size_t)n;
    return buf;
}

static void test_layout_shape(void **state)
{
    struct fixture *f = *state;
    assert_true(f->pages->pages->len > 0);
    assert_int_equal(f->pages->outline->len, f->n_headings);
    assert_int_equal(f->pages->unknown_glyphs, 0);
    for (guint i = 0; i < f->pages->outline->len; i++) {
        const struct nashra_outline_entry *e =
            &g_array_index(f->pages->outline, struct nashra_outline_entry, i);
        assert_true(e->page >= 0 && e->page < (int)f->pages->pages->len);
        assert_non_null(e->dest);
    }
    /* Every line lies inside the page. */
    for (guint p = 0; p < f->pages->pages->len; p++) {
        const struct nashra_page *pg = g_ptr_array_index(f->pages->pages, p);
        for (guint i = 0; i < pg->items->len; i++) {
            const struct nashra_item *it = &g_array_index(pg->items, struct nashra_item, i);
            if (it->kind != NASHRA_ITEM_LINE)
                continue;
            assert_true(it->x >= 0 && it->x + it->w <= f->pages->page_width);
            assert_true(it->y > 0 && it->y < f->pages->page_height);
        }
    }
}

static void test_pdf_deterministic(void **state)
{
    struct fixture *f = *state;
    size_t a_len, b_len;
    char *a = render_bytes(f, -1, &a_len);
    char *b = render_bytes(f, -1, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    assert_memory_equal(a, "%PDF-", 5);
    /* No date unless one is given (Cairo 1.16 would stamp the time of day). */
    assert_null(memmem(a, a_len, "/CreationDate", strlen("/CreationDate")));
    g_free(a);
    g_free(b);
    a = render_bytes(f, 1764000000, &a_len);
    assert_non_null(memmem(a, a_len, "20251124160000Z", strlen("20251124160000Z")));
    g_free(a);
}

static void test_png(void **state)
{
    struct fixture *f = *state;
    FILE *tmp = tmpfile();
    assert_int_equal(nashra_render_png_page(f->pages, 0, 36, tmp), 0);
    rewind(tmp);
    unsigned char sig[8];
    assert_int_equal(fread(sig, 1, 8, tmp), 8);
    assert_memory_equal(sig, "\x89PNG\r\n\x1a\n", 8);
    fclose(tmp);
    assert_int_equal(nashra_render_png_page(f->pages, 9999, 36, stdout), -1);
}

static void test_write_error(void **state)
{
    struct fixture *f = *state;
    FILE *full = fopen("/dev/full", "wb");
    if (!full)
        skip();
    struct nashra_render_info info = {.meta = &f->doc->meta, .epoch = -1};
    assert_int_equal(nashra_render_pdf(f->pages, &info, full), -1);
    fclose(full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_shape),
        cmocka_unit_test(test_pdf_deterministic),
        cmocka_unit_test(test_png),
        cmocka_unit_test(test_write_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
