/* Templates: the built-ins load and agree with the defaults, extends chains and cycles, errors
 * at their line and column, pattern keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <math.h>

#include <cmocka.h>

#include "template/template.h"

static char *tmpdir;

/* A diag whose report goes to a memory stream, returned by diag_text. */
struct capture {
    struct nashra_diag diag;
    char *buf;
    size_t len;
};

static void capture_init(struct capture *c)
{
    c->buf = NULL;
    c->len = 0;
    nashra_diag_init(&c->diag, "doc.md", NULL, 0);
    c->diag.out = open_memstream(&c->buf, &c->len);
}

static const char *capture_text(struct capture *c)
{
    fflush(c->diag.out);
    return c->buf ? c->buf : "";
}

static void capture_done(struct capture *c)
{
    fclose(c->diag.out);
    free(c->buf);
}

static char *write_file(const char *name, const char *text)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

static void test_builtins_load(void **state)
{
    (void)state;
    for (const char *const *n = nashra_template_builtins(); *n; n++) {
        struct capture c;
        capture_init(&c);
        struct nashra_template *t = nashra_template_load(*n, &c.diag);
        assert_non_null(t);
        assert_int_equal(c.diag.errors, 0);
        assert_string_equal(nashra_template_name(t), *n);
        struct nashra_style st;
        nashra_template_apply(t, &st);
        assert_true(st.page_width > 400 && st.body_size > 8);
        nashra_template_free(t);
        capture_done(&c);
    }
}

/* The defaults are the built-in brief's, and applying the brief (or no template) changes
 * nothing. */
static void test_brief_is_default(void **state)
{
    (void)state;
    struct nashra_diag d;
    nashra_diag_init(&d, "x", NULL, 0);
    d.out = NULL;
    struct nashra_template *t = nashra_template_load(NULL, &d);
    assert_non_null(t);
    struct nashra_style a, b, c;
    nashra_template_apply(t, &a);
    nashra_template_default_style(&b);
    nashra_template_apply(NULL, &c);
    assert_true(fabs(b.page_width - 595.28) < 1e-9 && fabs(b.page_height - 841.89) < 1e-9);
    assert_true(b.margin_top == 72 && b.margin_start == 62 && b.body_size == 12);
    assert_string_equal(b.body_font, "Amiri");
    assert_string_equal(b.mono_font, "DejaVu Sans Mono");
    assert_true(b.accent.r == 0x12 / 255.0 && b.accent.b == 0x6b / 255.0);
    assert_null(b.base_dir);
    assert_null(b.citation);
    const struct nashra_style *s[] = {&a, &c};
    for (int i = 0; i < 2; i++) {
        assert_true(s[i]->page_width == b.page_width && s[i]->page_height == b.page_height);
        assert_true(s[i]->margin_top == b.margin_top && s[i]->margin_start == b.margin_start);
        assert_string_equal(s[i]->body_font, b.body_font);
        assert_string_equal(s[i]->heading_font, b.heading_font);
        assert_string_equal(s[i]->title_font, b.title_font);
        assert_true(s[i]->body_size == b.body_size && s[i]->line_spacing == b.line_spacing);
        assert_true(s[i]->h_size[0] == b.h_size[0] && s[i]->title_size == b.title_size);
        assert_true(s[i]->accent.r == b.accent.r && s[i]->tint.b == b.tint.b);
        assert_true(s[i]->masthead == b.masthead && s[i]->header_from == b.header_from);
        assert_null(s[i]->header_pattern);
        assert_null(s[i]->footer_pattern);
    }
    nashra_template_free(t);
}

static void test_report_and_memo(void **state)
{
    (void)state;
    struct nashra_diag d;
    nashra_diag_init(&d, "x", NULL, 0);
    d.out = NULL;
    struct nashra_template *r = nashra_template_load("report", &d);
    struct nashra_template *m = nashra_template_load("memo", &d);
    struct nashra_style sr, sm, sb;
    nashra_template_apply(r, &sr);
    nashra_template_apply(m, &sm);
    nashra_template_default_style(&sb);
    assert_true(sr.cover && sr.contents);
    assert_false(sb.cover || sb.contents);
    assert_true(sm.margin_start < sb.margin_start && sm.body_size < sb.body_size);
    assert_int_equal(sm.masthead, NASHRA_MASTHEAD_PLAIN);
    assert_false(sm.header_rule);
    assert_string_equal(sm.header_pattern, "{title}");
    /* Inherited from brief. */
    assert_string_equal(sm.body_font, "Amiri");
    nashra_template_free(r);
    nashra_template_free(m);
}

static void test_extends_chain_from_files(void **state)
{
    (void)state;
    char *base = write_file("base.ini", "[template]\nextends=memo\n[colours]\naccent=#800000\n"
                                        "[page]\nsize=Letter\n");
    char *top = write_file("top.ini", "# mine\n[template]\nextends=base.ini\n\n[page]\n"
                                      "margin-start=20mm\nsize=170x240mm\n[footer]\n"
                                      "pattern={page}/{pages}\n[header]\npattern=none\n");
    struct capture c;
    capture_init(&c);
    struct nashra_template *t = nashra_template_load(top, &c.diag);
    assert_non_null(t);
    struct nashra_style st;
    nashra_template_apply(t, &st);
    assert_true(fabs(st.accent.r - 128 / 255.0) < 1e-9 && st.accent.g == 0);
    assert_true(fabs(st.page_width - 170 * 72 / 25.4) < 0.01);
    assert_true(fabs(st.page_height - 240 * 72 / 25.4) < 0.01);
    assert_true(fabs(st.margin_start - 20 * 72 / 25.4) < 0.01);
    assert_true(st.margin_end == 48); /* from memo */
    assert_string_equal(st.footer_pattern, "{page}/{pages}");
    assert_string_equal(st.header_pattern, ""); /* none: no running head */
    nashra_template_free(t);
    capture_done(&c);
    g_free(base);
    g_free(top);
}

/* [fonts] by script: the defaults, a template's own, the family lists a block gets, and the
 * line-height bounds. */
static void test_fonts_by_script(void **state)
{
    (void)state;
    struct nashra_style b;
    nashra_template_default_style(&b);
    assert_string_equal(b.script_font[NASHRA_FONT_BODY][NASHRA_FONT_HEBREW], "Noto Serif Hebrew");
    /* Urdu in Nastaliq by default, its lines 2.3 times the pitch apart. */
    assert_string_equal(b.script_font[NASHRA_FONT_BODY][NASHRA_FONT_URDU], "Noto Nastaliq Urdu");
    assert_true(b.script_line_height[NASHRA_FONT_URDU] == 2.3);
    assert_true(b.script_line_height[NASHRA_FONT_ARABIC] == 0);
    /* A Hebrew word in an Arabic line: Amiri has no Hebrew, the next family is tried. */
    assert_string_equal(nashra_font_family(&b, NASHRA_FONT_BODY, NASHRA_FONT_ARABIC),
                        "Amiri, Noto Serif Hebrew");
    assert_string_equal(nashra_font_family(&b, NASHRA_FONT_BODY, NASHRA_FONT_HEBREW),
                        "Noto Serif Hebrew, Amiri");
    assert_string_equal(nashra_font_family(&b, NASHRA_FONT_HEADING, NASHRA_FONT_LATIN),
                        "DejaVu Sans, Noto Kufi Arabic, Noto Sans Hebrew");
    char *path = write_file("naskh.ini", "[template]\nextends=brief\n[fonts]\n"
                                         "body.urdu=Amiri\nline-height.urdu=1.2\n");
    struct capture c;
    capture_init(&c);
    struct nashra_template *t = nashra_template_load(path, &c.diag);
    assert_non_null(t);
    struct nashra_style st;
    nashra_template_apply(t, &st);
    assert_true(st.script_line_height[NASHRA_FONT_URDU] == 1.2);
    assert_string_equal(nashra_font_family(&st, NASHRA_FONT_BODY, NASHRA_FONT_URDU),
                        "Amiri, Noto Serif Hebrew");
    /* Nastaliq covers Arabic letters: only an Urdu block may get it. */
    assert_string_equal(nashra_font_family(&b, NASHRA_FONT_BODY, NASHRA_FONT_URDU),
                        "Noto Nastaliq Urdu, Amiri, Noto Serif Hebrew");
    assert_string_equal(nashra_font_family(&st, NASHRA_FONT_BODY, NASHRA_FONT_ARABIC),
                        "Amiri, Noto Serif Hebrew");
    assert_int_equal(nashra_font_script_of("ur", G_UNICODE_SCRIPT_ARABIC), NASHRA_FONT_URDU);
    assert_int_equal(nashra_font_script_of("ur-PK", G_UNICODE_SCRIPT_COMMON), NASHRA_FONT_URDU);
    assert_int_equal(nashra_font_script_of("ur", G_UNICODE_SCRIPT_LATIN), NASHRA_FONT_LATIN);
    assert_int_equal(nashra_font_script_of("ar", G_UNICODE_SCRIPT_HEBREW), NASHRA_FONT_HEBREW);
    assert_int_equal(nashra_font_script_of("fa", G_UNICODE_SCRIPT_COMMON), NASHRA_FONT_ARABIC);
    assert_int_equal(nashra_font_script_of("he", G_UNICODE_SCRIPT_COMMON), NASHRA_FONT_HEBREW);
    assert_int_equal(nashra_font_script_of("urd", G_UNICODE_SCRIPT_COMMON), NASHRA_FONT_LATIN);
    nashra_template_free(t);
    capture_done(&c);
    g_free(path);
    char *bad = write_file("bad-lh.ini", "[fonts]\nline-height.urdu=9\nbody.klingon=X\n");
    capture_init(&c);
    assert_null(nashra_template_load(bad, &c.diag));
    assert_non_null(strstr(capture_text(&c), ":2:18: error: bad value '9' for 'line-height.urdu'"));
    assert_non_null(strstr(capture_text(&c), ":3:1: error: unknown key 'body.klingon' in [fonts]"));
    capture_done(&c);
    g_free(bad);
}

/* Kurdish: Arabic letters in a Kurdish block, set in Noto Naskh Arabic by default (Amiri's ە
 * splits the word), its face never another's fallback; ku in Latin letters stays Latin. */
static void test_fonts_kurdish(void **state)
{
    (void)state;
    struct nashra_style b;
    nashra_template_default_style(&b);
    assert_string_equal(b.script_font[NASHRA_FONT_BODY][NASHRA_FONT_KURDISH], "Noto Naskh Arabic");
    assert_string_equal(b.script_font[NASHRA_FONT_HEADER][NASHRA_FONT_KURDISH],
                        "Noto Naskh Arabic");
    assert_null(b.script_font[NASHRA_FONT_HEADING][NASHRA_FONT_KURDISH]); /* Kufi's is tight */
    assert_string_equal(nashra_font_script_name(NASHRA_FONT_KURDISH), "kurdish");
    assert_string_equal(nashra_font_family(&b, NASHRA_FONT_BODY, NASHRA_FONT_KURDISH),
                        "Noto Naskh Arabic, Amiri, Noto Serif Hebrew");
    assert_string_equal(nashra_font_family(&b, NASHRA_FONT_HEADING, NASHRA_FONT_KURDISH),
                        "Noto Kufi Arabic, Noto Sans Hebrew, DejaVu Sans");
    /* Naskh covers Arabic letters: Arabic, Persian and Urdu blocks never reach it. */
    assert_string_equal(nashra_font_family(&b, NASHRA_FONT_BODY, NASHRA_FONT_ARABIC),
                        "Amiri, Noto Serif Hebrew");
    assert_string_equal(nashra_font_family(&b, NASHRA_FONT_BODY, NASHRA_FONT_URDU),
                        "Noto Nastaliq Urdu, Amiri, Noto Serif Hebrew");

    static const struct {
        const char *lang;
        GUnicodeScript script;
        enum nashra_font_script want;
    } cases[] = {
        {"ckb", G_UNICODE_SCRIPT_ARABIC, NASHRA_FONT_KURDISH},
        {"ckb", G_UNICODE_SCRIPT_COMMON, NASHRA_FONT_KURDISH},
        {"ckb-IQ", G_UNICODE_SCRIPT_COMMON, NASHRA_FONT_KURDISH},
        {"CKB_Arab_IR", G_UNICODE_SCRIPT_INHERITED, NASHRA_FONT_KURDISH},
        {"sdh", G_UNICODE_SCRIPT_COMMON, NASHRA_FONT_KURDISH},
        {"ku", G_UNICODE_SCRIPT_ARABIC, NASHRA_FONT_KURDISH},
        {"ku-Arab", G_UNICODE_SCRIPT_COMMON, NASHRA_FONT_KURDISH},
        {"ku-Arab-IQ", G_UNICODE_SCRIPT_COMMON, NASHRA_FONT_KURDISH},
        {"kmr", G_UNICODE_SCRIPT_ARABIC, NASHRA_FONT_KURDISH},
        {"kmr-Arab", G_UNICODE_SCRIPT_COMMON, NASHRA_FONT_KURDISH},
        /* Kurmanji's own script is Latin: only Arabic letters or -Arab make it Kurdish. */
        {"ku", G_UNICODE_SCRIPT_LATIN, NASHRA_FONT_LATIN},
        {"ku", G_UNICODE_SCRIPT_COMMON, NASHRA_FONT_LATIN},
        {"kmr-TR", G_UNICODE_SCRIPT_COMMON, NASHRA_FONT_LATIN},
        {"ku-Latn", G_UNICODE_SCRIPT_COMMON, NASHRA_FONT_LATIN},
        {"ckb", G_UNICODE_SCRIPT_LATIN, NASHRA_FONT_LATIN},
        {"ckb", G_UNICODE_SCRIPT_HEBREW, NASHRA_FONT_HEBREW},
        {"ckb-Latn", G_UNICODE_SCRIPT_ARABIC, NASHRA_FONT_KURDISH},
        /* Not Kurdish: a longer code, or another Arabic-script language. */
        {"kua", G_UNICODE_SCRIPT_ARABIC, NASHRA_FONT_ARABIC},
        {"ckbx", G_UNICODE_SCRIPT_ARABIC, NASHRA_FONT_ARABIC},
        {"ar", G_UNICODE_SCRIPT_ARABIC, NASHRA_FONT_ARABIC},
        {"fa", G_UNICODE_SCRIPT_COMMON, NASHRA_FONT_ARABIC},
        {"ps", G_UNICODE_SCRIPT_ARABIC, NASHRA_FONT_ARABIC},
        {"ur", G_UNICODE_SCRIPT_ARABIC, NASHRA_FONT_URDU},
        {NULL, G_UNICODE_SCRIPT_ARABIC, NASHRA_FONT_ARABIC},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        enum nashra_font_script got = nashra_font_script_of(cases[i].lang, cases[i].script);
        if (got != cases[i].want)
            fail_msg("%s (script %d): %s, not %s", cases[i].lang ? cases[i].lang : "(none)",
                     (int)cases[i].script, nashra_font_script_name(got),
                     nashra_font_script_name(cases[i].want));
    }

    /* The keys: a template may set Kurdish in Amiri again, and space its lines. */
    char *path = write_file("kurdish.ini", "[template]\nextends=brief\n[fonts]\n"
                                           "body.kurdish=Amiri\nline-height.kurdish=1.1\n");
    struct capture c;
    capture_init(&c);
    struct nashra_template *t = nashra_template_load(path, &c.diag);
    assert_non_null(t);
    struct nashra_style st;
    nashra_template_apply(t, &st);
    assert_true(st.script_line_height[NASHRA_FONT_KURDISH] == 1.1);
    assert_string_equal(nashra_font_family(&st, NASHRA_FONT_BODY, NASHRA_FONT_KURDISH),
                        "Amiri, Noto Serif Hebrew");
    nashra_template_free(t);
    capture_done(&c);
    g_free(path);
    char *bad = write_file("bad-ku.ini", "[fonts]\nline-height.kurdish=0.1\nbody.kurmanji=X\n");
    capture_init(&c);
    assert_null(nashra_template_load(bad, &c.diag));
    assert_non_null(
        strstr(capture_text(&c), ":2:21: error: bad value '0.1' for 'line-height.kurdish'"));
    assert_non_null(strstr(capture_text(&c), ":3:1: error: unknown key 'body.kurmanji' in [fonts]"));
    capture_done(&c);
    g_free(bad);
}

/* [notes] placement: foot (the default) or endnotes; anything else is an error. */
static void test_notes_placement(void **state)
{
    (void)state;
    char *p = write_file("notes.ini", "[template]\nextends=brief\n[notes]\nplacement=endnotes\n");
    struct capture c;
    capture_init(&c);
    struct nashra_template *t = nashra_template_load(p, &c.diag);
    assert_non_null(t);
    struct nashra_style st;
    nashra_template_default_style(&st);
    assert_false(st.endnotes);
    nashra_template_apply(t, &st);
    assert_true(st.endnotes);
    nashra_template_free(t);
    g_free(p);
    p = write_file("notes2.ini", "[notes]\nplacement=margin\n");
    assert_null(nashra_template_load(p, &c.diag));
    assert_non_null(strstr(capture_text(&c), "foot or endnotes"));
    capture_done(&c);
    g_free(p);
}

/* One callout's colour overridden: that kind changes, the others and the tables keep the
 * brief's; rgb() takes percentages, and a bad one is an error. */
static void test_callout_colour(void **state)
{
    (void)state;
    char *p = write_file("callout.ini", "[colours]\nwarning=#800000\ntip=rgb(10% 20.5% 100%)\n"
                                        "code-background=#ffffff\n");
    struct capture c;
    capture_init(&c);
    struct nashra_template *t = nashra_template_load(p, &c.diag);
    assert_non_null(t);
    struct nashra_style st, def;
    nashra_template_apply(t, &st);
    nashra_template_default_style(&def);
    const struct nashra_rgb *w = &st.callout[NASHRA_CALLOUT_WARNING];
    assert_true(w->r == 128 / 255.0 && w->g == 0 && w->b == 0);
    const struct nashra_rgb *dw = &def.callout[NASHRA_CALLOUT_WARNING];
    assert_true(dw->r == 0.78 && dw->g == 0.50 && dw->b == 0.02);
    const struct nashra_rgb *tip = &st.callout[NASHRA_CALLOUT_TIP];
    assert_true(tip->r == 0.10 && tip->g == 0.205 && tip->b == 1);
    const struct nashra_rgb *n = &st.callout[NASHRA_CALLOUT_NOTE];
    assert_true(n->r == 0.12 && n->g == 0.38 && n->b == 0.75);
    assert_true(st.table_header.r == 0.925 && st.table_header.b == 0.955);
    assert_true(st.code_background.r == 1 && st.code_background.b == 1);
    assert_true(def.code_background.r == 0.945 && def.code_background.b == 0.94);
    assert_true(def.notes_label.g == 0.15 && def.list_marker.b == 0.30);
    nashra_template_free(t);
    g_free(p);
    p = write_file("callout2.ini", "[colours]\nnote=rgb(10% 20%)\n");
    assert_null(nashra_template_load(p, &c.diag));
    assert_non_null(strstr(capture_text(&c), "bad value 'rgb(10% 20%)' for 'note' in [colours]: "
                                             "expected a colour written #rrggbb or rgb"));
    g_free(p);
    capture_done(&c);
}

static void test_extends_cycle(void **state)
{
    (void)state;
    char *a = write_file("a.ini", "[template]\nextends=b.ini\n");
    char *b = write_file("b.ini", "[template]\nname=b\n\nextends=a.ini\n");
    struct capture c;
    capture_init(&c);
    assert_null(nashra_template_load(a, &c.diag));
    assert_true(c.diag.errors > 0);
    /* Reported where b.ini names a.ini again: line 4, at the value. */
    assert_non_null(strstr(capture_text(&c), "b.ini:4:9: error: template 'a.ini' extends itself"));
    capture_done(&c);
    g_free(a);
    g_free(b);
}

static void test_missing_parent(void **state)
{
    (void)state;
    char *a = write_file("orphan.ini", "[template]\nextends=nosuch\n");
    struct capture c;
    capture_init(&c);
    assert_null(nashra_template_load(a, &c.diag));
    assert_non_null(strstr(capture_text(&c), "orphan.ini:2:9: error: no template 'nosuch'"));
    capture_done(&c);
    struct capture d;
    capture_init(&d);
    assert_null(nashra_template_load("/no/such/template.ini", &d.diag));
    assert_int_equal(d.diag.errors, 1);
    capture_done(&d);
    g_free(a);
}

static void test_errors_at_line(void **state)
{
    (void)state;
    char *p = write_file("template.ini", "[template]\n"                  /* 1 */
                                         "extends=brief\n"               /* 2 */
                                         "\n"                            /* 3 */
                                         "[colours]\n"                   /* 4 */
                                         "accent = #12\n"                /* 5 */
                                         "[page]\n"                      /* 6 */
                                         "size=B7\n"                     /* 7 */
                                         "margin-top=2furlongs\n"        /* 8 */
                                         "[masthead]\n"                  /* 9 */
                                         "style=boxed\n"                 /* 10 */
                                         "# a comment\n"                 /* 11 */
                                         "colour=#000000\n"              /* 12 */
                                         "[sidebar]\n"                   /* 13 */
                                         "width=3\n");                   /* 14 */
    struct capture c;
    capture_init(&c);
    assert_null(nashra_template_load(p, &c.diag));
    const char *out = capture_text(&c);
    assert_non_null(strstr(out, "template.ini:5:10: error: bad value '#12' for 'accent' in "
                                "[colours]: expected a colour written #rrggbb"));
    assert_non_null(strstr(out, "template.ini:7:6: error: bad value 'B7' for 'size'"));
    assert_non_null(strstr(out, "template.ini:8:12: error: bad value '2furlongs'"));
    assert_non_null(strstr(out, "template.ini:10:7: error: bad value 'boxed' for 'style'"));
    assert_non_null(strstr(out, "template.ini:12:1: error: unknown key 'colour' in [masthead]"));
    assert_non_null(strstr(out, "template.ini:13:1: error: unknown group [sidebar]"));
    assert_int_equal(c.diag.errors, 6);
    capture_done(&c);
    g_free(p);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    char *p = write_file("syntax.ini", "size=A4\n[page]\nmargin-top 10\n[fonts\n");
    struct capture c;
    capture_init(&c);
    assert_null(nashra_template_load(p, &c.diag));
    const char *out = capture_text(&c);
    assert_non_null(strstr(out, "syntax.ini:1:1: error: a key before the first [group]"));
    assert_non_null(strstr(out, "syntax.ini:3:1: error: expected 'key=value'"));
    assert_non_null(strstr(out, "syntax.ini:4:1: error: a group header is written"));
    capture_done(&c);
    g_free(p);
}

/* The caller's diag keeps its own file after a template error. */
static void test_diag_restored(void **state)
{
    (void)state;
    char *p = write_file("bad.ini", "[nope]\n");
    struct capture c;
    capture_init(&c);
    assert_null(nashra_template_load(p, &c.diag));
    assert_string_equal(c.diag.filename, "doc.md");
    capture_done(&c);
    g_free(p);
}

int main(void)
{
    tmpdir = g_dir_make_tmp("nashra-template-XXXXXX", NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtins_load),   cmocka_unit_test(test_brief_is_default),
        cmocka_unit_test(test_report_and_memo), cmocka_unit_test(test_extends_chain_from_files),
        cmocka_unit_test(test_notes_placement), cmocka_unit_test(test_callout_colour),
        cmocka_unit_test(test_extends_cycle),   cmocka_unit_test(test_missing_parent),
        cmocka_unit_test(test_errors_at_line),  cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_diag_restored),   cmocka_unit_test(test_fonts_by_script),
        cmocka_unit_test(test_fonts_kurdish),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDir *d = g_dir_open(tmpdir, 0, NULL);
    for (const char *n; d && (n = g_dir_read_name(d));) {
        char *f = g_build_filename(tmpdir, n, NULL);
        unlink(f);
        g_free(f);
    }
    if (d)
        g_dir_close(d);
    rmdir(tmpdir);
    g_free(tmpdir);
    return rc;
}
