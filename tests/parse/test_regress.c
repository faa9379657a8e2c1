/* Regression corpus: each regress/NAME.md (NAME.cm.md for plain CommonMark) is parsed and its
 * tree dump, HTML fragment and diagnostics compared with NAME.tree, NAME.html and NAME.diag.
 * Set NASHRA_REGRESS_UPDATE=1 to rewrite the expected files after checking a change by eye. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "render/render.h"

static const char *regress_dir;

static int regress_compare(const char *path, const char *got, size_t got_len)
{
    if (g_getenv("NASHRA_REGRESS_UPDATE")) {
        g_file_set_contents(path, got, (gssize)got_len, NULL);
        return 0;
    }
    char *want = NULL;
    size_t want_len = 0;
    if (!g_file_get_contents(path, &want, &want_len, NULL)) {
        /* No expected diagnostics file means none are expected. */
        if (g_str_has_suffix(path, ".diag") && got_len == 0)
            return 0;
        print_error("missing %s\n", path);
        return 1;
    }
    int bad = want_len != got_len || memcmp(want, got, got_len) != 0;
    if (bad)
        print_error("%s differs; got:\n%.*s\n", path, (int)got_len, got);
    g_free(want);
    return bad;
}

static void test_regress(void **state)
{
    (void)state;
    GDir *dir = g_dir_open(regress_dir, 0, NULL);
    assert_non_null(dir);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(dir)))
        if (g_str_has_suffix(name, ".md"))
            g_ptr_array_add(names, g_strdup(name));
    g_dir_close(dir);
    assert_true(names->len > 0);
    int failures = 0;
    for (guint i = 0; i < names->len; i++) {
        const char *md = g_ptr_array_index(names, i);
        char *path = g_build_filename(regress_dir, md, NULL);
        char *src = NULL;
        size_t len = 0;
        assert_true(g_file_get_contents(path, &src, &len, NULL));
        bool cm = g_str_has_suffix(md, ".cm.md");
        char *stem = g_strndup(path, strlen(path) - 3);
        struct tp_result r;
        tp_parse_len(&r, src, len, cm ? NASHRA_SYNTAX_COMMONMARK : NASHRA_SYNTAX_NASHRA);
        GString *tree = g_string_new(NULL), *html = g_string_new(NULL);
        nashra_render_tree(r.doc, tree);
        nashra_render_html(r.doc, false, true, html);
        char *p_tree = g_strconcat(stem, ".tree", NULL);
        char *p_html = g_strconcat(stem, ".html", NULL);
        char *p_diag = g_strconcat(stem, ".diag", NULL);
        failures += regress_compare(p_tree, tree->str, tree->len);
        failures += regress_compare(p_html, html->str, html->len);
        if (r.messages_len || !g_getenv("NASHRA_REGRESS_UPDATE"))
            failures += regress_compare(p_diag, r.messages, r.messages_len);
        printf("regress %s\n", md);
        g_free(p_tree);
        g_free(p_html);
        g_free(p_diag);
        g_string_free(tree, TRUE);
        g_string_free(html, TRUE);
        tp_free(&r);
        g_free(stem);
        g_free(src);
        g_free(path);
    }
    g_ptr_array_unref(names);
    assert_int_equal(failures, 0);
}

int main(int argc, char **argv)
{
    regress_dir = argc > 1 ? argv[1] : "regress";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regress),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
