/* Front matter validation for briefs: every key's type with errors at the value's line:col,
 * people and source mappings, full and partial dates, digits, positions, and -M overrides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <glib/gstdio.h>

#include "helpers.h"
#include "util/files.h"

static void parse_ok(struct tp_result *r, const char *src)
{
    tp_parse(r, src, NASHRA_SYNTAX_NASHRA);
    if (r->diag.errors + r->diag.warnings)
        fprintf(stderr, "%s", r->messages);
    assert_int_equal(r->diag.errors + r->diag.warnings, 0);
}

/* Parses SRC expecting exactly one error, whose text starts with WANT. */
static void expect_error(const char *src, const char *want)
{
    struct tp_result r;
    tp_parse(&r, src, NASHRA_SYNTAX_NASHRA);
    if (r.diag.errors != 1 || !strstr(r.messages, want))
        fprintf(stderr, "want: %s\ngot: %s", want, r.messages);
    assert_int_equal(r.diag.errors, 1);
    assert_non_null(strstr(r.messages, want));
    tp_free(&r);
}

static void test_all_keys(void **state)
{
    (void)state;
    struct tp_result r;
    parse_ok(&r, "---\n"
                 "title: T\n"
                 "subtitle: S\n"
                 "authors:\n"
                 "  - name: Lena Fischer\n"
                 "    affiliation: Urban Lab\n"
                 "    email: lena@example.org\n"
                 "    role: lead\n"
                 "  - Omar Haddad\n"
                 "date: 2026-07-15\n"
                 "source:\n"
                 "  name: Journal\n"
                 "  url: https://example.org/j\n"
                 "  issue: 210\n"
                 "  volume: 52\n"
                 "  pages: 45-67\n"
                 "  date: 2017-10\n"
                 "series: Policy Briefs\n"
                 "number: 14\n"
                 "summary: In short.\n"
                 "keywords: [a, b]\n"
                 "license: CC BY 4.0\n"
                 "lang: en\n"
                 "dir: ltr\n"
                 "digits: arabic-indic\n"
                 "body-digits: true\n"
                 "template: policy\n"
                 "paragraph-numbers: yes\n"
                 "citation-style: apa\n"
                 "---\n"
                 "Body\n");
    const struct nashra_meta *m = &r.doc->meta;
    assert_string_equal(m->title, "T");
    assert_string_equal(m->subtitle, "S");
    assert_int_equal(m->authors->len, 2);
    assert_int_equal(m->people->len, 2);
    const struct nashra_person *p = g_ptr_array_index(m->people, 0);
    assert_string_equal(p->name, "Lena Fischer");
    assert_string_equal(p->affiliation, "Urban Lab");
    assert_string_equal(p->email, "lena@example.org");
    assert_string_equal(p->role, "lead");
    p = g_ptr_array_index(m->people, 1);
    assert_string_equal(p->name, "Omar Haddad");
    assert_null(p->affiliation);
    assert_string_equal(g_ptr_array_index(m->authors, 1), "Omar Haddad");
    assert_string_equal(m->date, "2026-07-15");
    assert_int_equal(m->year, 2026);
    assert_int_equal(m->month, 7);
    assert_int_equal(m->day, 15);
    assert_string_equal(m->source, "Journal");
    assert_string_equal(m->source_url, "https://example.org/j");
    assert_string_equal(m->source_issue, "210");
    assert_string_equal(m->source_volume, "52");
    assert_string_equal(m->source_pages, "45-67");
    assert_string_equal(m->source_date, "2017-10");
    assert_string_equal(m->series, "Policy Briefs");
    assert_string_equal(m->number, "14");
    assert_string_equal(m->summary, "In short.");
    assert_int_equal(m->keywords->len, 2);
    assert_string_equal(m->license, "CC BY 4.0");
    assert_string_equal(m->lang, "en");
    assert_int_equal(m->dir, NASHRA_DIR_LTR);
    assert_int_equal(m->digits, NASHRA_DIGITS_ARABIC_INDIC);
    assert_true(m->body_digits);
    assert_string_equal(m->template_name, "policy");
    assert_true(m->paragraph_numbers);
    assert_string_equal(m->citation_style, "apa");
    assert_null(m->citation_style_file);
    /* Positions of the keys as written. */
    const struct nashra_pos *pos = g_hash_table_lookup(m->positions, "template");
    assert_non_null(pos);
    assert_int_equal(pos->line, 27);
    assert_int_equal(pos->col, 1);
    pos = g_hash_table_lookup(m->positions, "title");
    assert_int_equal(pos->line, 2);
    assert_int_equal(pos->offset, 4);
    tp_free(&r);
}

static void test_dates(void **state)
{
    (void)state;
    struct tp_result r;
    parse_ok(&r, "---\ndate: 2026-11\n---\n");
    assert_int_equal(r.doc->meta.year, 2026);
    assert_int_equal(r.doc->meta.month, 11);
    assert_int_equal(r.doc->meta.day, 0);
    tp_free(&r);
    parse_ok(&r, "---\ndate: 2017\n---\n");
    assert_int_equal(r.doc->meta.year, 2017);
    assert_int_equal(r.doc->meta.month, 0);
    assert_string_equal(r.doc->meta.date, "2017");
    tp_free(&r);
    expect_error("---\ndate: 2026-02-30\n---\n", "t.md:2:7: error: invalid date '2026-02-30'");
    expect_error("---\ndate: 24/11/2026\n---\n", "t.md:2:7: error: invalid date '24/11/2026'");
    expect_error("---\ndate: 2026-13\n---\n", "t.md:2:7: error: invalid date");
    expect_error("---\ndate:\n  year: 2026\n---\n",
                 "t.md:3:3: error: front matter key 'date' must be a date (YYYY-MM-DD, YYYY-MM or "
                 "YYYY), not a mapping");
    expect_error("---\nsource:\n  name: J\n  date: soon\n---\n",
                 "t.md:4:9: error: invalid date 'soon' in 'source'");
}

static void test_wrong_types(void **state)
{
    (void)state;
    expect_error("---\ntitle: [a, b]\n---\n",
                 "t.md:2:8: error: front matter key 'title' must be a string, not a list");
    expect_error("---\nsubtitle:\n  x: y\n---\n",
                 "t.md:3:3: error: front matter key 'subtitle' must be a string, not a mapping");
    expect_error("---\nparagraph-numbers: maybe\n---\n",
                 "t.md:2:20: error: front matter key 'paragraph-numbers' must be true or false, "
                 "not 'maybe'");
    expect_error("---\nbody-digits: [1]\n---\n",
                 "t.md:2:14: error: front matter key 'body-digits' must be true or false, not a "
                 "list");
    expect_error("---\ndigits: roman\n---\n",
                 "t.md:2:9: error: invalid digits 'roman' (expected latin, arabic-indic or "
                 "persian)");
    expect_error("---\ncitation-style: [apa]\n---\n",
                 "t.md:2:17: error: front matter key 'citation-style' must be a string, not a "
                 "list");
    expect_error("---\nkeywords: {a: b}\n---\n",
                 "t.md:2:11: error: front matter key 'keywords' must be a list or a "
                 "comma-separated string, not a mapping");
    expect_error("---\nsource: [a]\n---\n",
                 "t.md:2:9: error: front matter key 'source' must be a name or a mapping, not a "
                 "list");
    expect_error("---\nauthors:\n  - affiliation: X\n---\n",
                 "t.md:3:5: error: an entry of 'authors' needs a name");
    expect_error("---\nauthors:\n  - [A, B]\n---\n",
                 "t.md:3:5: error: an entry of 'authors' must be a name or a mapping");
    expect_error("---\ntemplate: [x]\n---\n",
                 "t.md:2:11: error: front matter key 'template' must be a string, not a list");
    /* Arabic text before the value: columns count code points. */
    expect_error("---\nsource:\n  name: مجلة\n  issue: [1]\n---\n",
                 "t.md:4:10: error: front matter key 'source.issue' must be a string, not a list");
}

static void test_number_and_source_string(void **state)
{
    (void)state;
    struct tp_result r;
    parse_ok(&r, "---\nnumber: 7\nsource: مجلة السياسة الدولية\nauthor: علي بكر\n"
                 "digits: persian\nparagraph-numbers: False\n---\n");
    assert_string_equal(r.doc->meta.number, "7");
    assert_string_equal(r.doc->meta.source, "مجلة السياسة الدولية");
    assert_null(r.doc->meta.source_issue);
    assert_int_equal(r.doc->meta.people->len, 1);
    assert_string_equal(((struct nashra_person *)g_ptr_array_index(r.doc->meta.people, 0))->name,
                        "علي بكر");
    assert_int_equal(r.doc->meta.digits, NASHRA_DIGITS_PERSIAN);
    assert_false(r.doc->meta.paragraph_numbers);
    tp_free(&r);
}

static void test_unknown_keys_warn(void **state)
{
    (void)state;
    struct tp_result r;
    tp_parse(&r,
             "---\ntitle: T\nauthors:\n  - name: A\n    phone: 1\nsource:\n  name: S\n"
             "  editor: E\nfoo: 1\n---\n",
             NASHRA_SYNTAX_NASHRA);
    assert_int_equal(r.diag.errors, 0);
    assert_int_equal(r.diag.warnings, 3);
    assert_non_null(strstr(r.messages, "t.md:5:5: warning: unknown key 'phone' in 'authors'"));
    assert_non_null(strstr(r.messages, "t.md:8:3: warning: unknown key 'editor' in 'source'"));
    assert_non_null(strstr(r.messages, "t.md:9:1: warning: unknown front matter key 'foo'"));
    tp_free(&r);
}

/* `citation-style:` as written: a name of Debian's CSL styles (or chicago, chicago-notes, apa),
 * looked up when the brief is resolved, or a .csl file beside the source, read by the parser. */
static const char *const CITING = "references:\n"
                                  "  - id: smith\n"
                                  "    author: [{family: Smith, given: Jane}]\n"
                                  "    title: Rivers\n"
                                  "    issued: 2020\n"
                                  "---\n"
                                  "Text [@smith, p. 4].\n";

static void test_citation_style_names(void **state)
{
    (void)state;
    struct tp_result r;
    char *src = g_strconcat("---\nlang: en\ncitation-style: modern-language-association\n",
                            CITING, NULL);
    parse_ok(&r, src);
    assert_string_equal(r.doc->meta.citation_style, "modern-language-association");
    assert_null(r.doc->meta.citation_style_file);
    assert_null(r.doc->meta.citation_style_xml);
    assert_string_equal(r.doc->meta.resolved.citation_style, "modern-language-association");
    assert_false(r.doc->meta.resolved.note_style);
    /* MLA: (Smith 4) */
    struct nashra_node *c = tp_find(r.doc->root, NASHRA_NODE_CITATION, 0);
    assert_true(c->as.citation.styled);
    char *t = nashra_node_plain_text(c);
    assert_string_equal(t, "(Smith 4)");
    g_free(t);
    tp_free(&r);
    g_free(src);
    /* Names are case-insensitive; nashra's own names are Debian's styles. */
    src = g_strconcat("---\nlang: en\ncitation-style: Chicago-Notes\n", CITING, NULL);
    parse_ok(&r, src);
    assert_string_equal(r.doc->meta.citation_style, "Chicago-Notes");
    assert_string_equal(r.doc->meta.resolved.citation_style, "chicago-note-bibliography");
    assert_true(r.doc->meta.resolved.note_style);
    tp_free(&r);
    g_free(src);
    /* Without citation-style: Chicago author-date. */
    src = g_strconcat("---\nlang: en\n", CITING, NULL);
    parse_ok(&r, src);
    assert_null(r.doc->meta.citation_style);
    assert_string_equal(r.doc->meta.resolved.citation_style, "chicago-author-date");
    tp_free(&r);
    g_free(src);
}

static void test_citation_style_errors(void **state)
{
    (void)state;
    /* An unknown name: an error at the citation-style line when the brief is resolved. */
    char *src = g_strconcat("---\nlang: en\ncitation-style: mla\n", CITING, NULL);
    expect_error(src, "error: unknown citation style 'mla'");
    struct tp_result r;
    tp_parse(&r, src, NASHRA_SYNTAX_NASHRA);
    assert_non_null(strstr(r.messages, "t.md:3:"));
    assert_null(r.doc->meta.resolved.citation_style);
    tp_free(&r);
    g_free(src);
    /* Not a name (letters, digits, '-') nor a .csl file: an error at the value. */
    expect_error("---\ncitation-style: apa!\n---\n",
                 "t.md:2:17: error: citation-style 'apa!' is neither a style name (letters, "
                 "digits, '-') nor a .csl file");
    tp_parse(&r, "---\ncitation-style: apa!\n---\n", NASHRA_SYNTAX_NASHRA);
    assert_null(r.doc->meta.citation_style);
    tp_free(&r);
    /* A path is a file, read at once: outside the project root it is refused. */
    char *dir = g_dir_make_tmp("nashra-style-XXXXXX", NULL);
    char *inner = g_build_filename(dir, "brief", NULL);
    assert_int_equal(g_mkdir(inner, 0700), 0);
    char *x = g_build_filename(dir, "x", NULL);
    assert_true(g_file_set_contents(x, "<style/>", -1, NULL));
    struct nashra_root *root = nashra_root_new(inner, NULL);
    assert_non_null(root);
    char *name = g_build_filename(inner, "b.md", NULL);
    const char *bad = "---\ncitation-style: ../x\n---\nText.\n";
    FILE *mem = open_memstream(&r.messages, &r.messages_len);
    nashra_diag_init(&r.diag, name, bad, strlen(bad));
    r.diag.out = mem;
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA, .root = root};
    r.doc = nashra_parse(bad, strlen(bad), &opts, &r.diag);
    fclose(mem);
    assert_int_equal(r.diag.errors, 1);
    char *want = g_strdup_printf("%s:2:17: error: cannot read citation style '../x': outside the "
                                 "project root", name);
    if (!strstr(r.messages, want))
        fprintf(stderr, "want: %s\ngot: %s", want, r.messages);
    assert_non_null(strstr(r.messages, want));
    assert_null(r.doc->meta.citation_style_xml);
    g_free(want);
    tp_free(&r);
    nashra_root_free(root);
    g_unlink(x);
    g_rmdir(inner);
    g_rmdir(dir);
    g_free(name);
    g_free(x);
    g_free(inner);
    g_free(dir);
}

/* A .csl file beside the source: read by the parser, used by resolve. */
static void test_citation_style_file(void **state)
{
    (void)state;
    static const char *const tiny =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\n"
        "  <info><title>Tiny</title><id>tiny</id>"
        "<updated>2024-01-01T00:00:00+00:00</updated></info>\n"
        "  <citation><layout prefix=\"[\" suffix=\"]\" delimiter=\"; \">"
        "<names variable=\"author\"><name form=\"short\"/></names>"
        "<date variable=\"issued\" prefix=\" \"><date-part name=\"year\"/></date>"
        "<text variable=\"locator\" prefix=\" at \"/></layout></citation>\n"
        "  <bibliography><layout><names variable=\"author\"><name name-as-sort-order=\"all\"/>"
        "</names><text variable=\"title\" prefix=\": \"/></layout></bibliography>\n"
        "</style>\n";
    char *dir = g_dir_make_tmp("nashra-style-XXXXXX", NULL);
    char *csl = g_build_filename(dir, "tiny.csl", NULL);
    assert_true(g_file_set_contents(csl, tiny, -1, NULL));
    char *name = g_build_filename(dir, "b.md", NULL);
    char *src = g_strconcat("---\nlang: en\ncitation-style: tiny.csl\n", CITING, NULL);
    struct nashra_root *root = nashra_root_new(dir, NULL);
    struct tp_result r;
    FILE *mem = open_memstream(&r.messages, &r.messages_len);
    nashra_diag_init(&r.diag, name, src, strlen(src));
    r.diag.out = mem;
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA, .root = root};
    r.doc = nashra_parse(src, strlen(src), &opts, &r.diag);
    nashra_resolve(r.doc, &r.diag);
    fclose(mem);
    if (r.diag.errors + r.diag.warnings)
        fprintf(stderr, "%s", r.messages);
    assert_int_equal(r.diag.errors + r.diag.warnings, 0);
    const struct nashra_meta *m = &r.doc->meta;
    assert_string_equal(m->citation_style, "tiny.csl");
    assert_non_null(m->citation_style_file);
    assert_true(g_str_has_suffix(m->citation_style_file, "/tiny.csl"));
    assert_string_equal(m->citation_style_xml, tiny);
    assert_string_equal(m->resolved.citation_style, "tiny.csl");
    char *t = nashra_node_plain_text(tp_find(r.doc->root, NASHRA_NODE_CITATION, 0));
    assert_string_equal(t, "[Smith 2020 at 4]");
    g_free(t);
    tp_free(&r);
    g_free(src);
    /* A missing file: an error at the value. */
    src = g_strdup("---\ncitation-style: none.csl\n---\nText.\n");
    mem = open_memstream(&r.messages, &r.messages_len);
    nashra_diag_init(&r.diag, name, src, strlen(src));
    r.diag.out = mem;
    r.doc = nashra_parse(src, strlen(src), &opts, &r.diag);
    fclose(mem);
    assert_int_equal(r.diag.errors, 1);
    char *want = g_strdup_printf("%s:2:17: error: cannot read citation style 'none.csl'", name);
    assert_non_null(strstr(r.messages, want));
    g_free(want);
    tp_free(&r);
    g_free(src);
    nashra_root_free(root);
    g_unlink(csl);
    g_rmdir(dir);
    g_free(name);
    g_free(csl);
    g_free(dir);
}

static void parse_with_m(struct tp_result *r, const char *src, const char *const *m, int n)
{
    struct nashra_parse_options opts = {
        .syntax = NASHRA_SYNTAX_NASHRA, .metadata = m, .n_metadata = n};
    tp_parse_opts(r, src, strlen(src), &opts);
}

static void test_m_overrides(void **state)
{
    (void)state;
    static const char *const m[] = {"title=Other", "authors=[A B, {name: C D, role: editor}]",
                                    "series=Briefs", "paragraph-numbers", "keywords=x, y"};
    struct tp_result r;
    parse_with_m(&r, "---\ntitle: T\nauthors: [Z]\nkeywords: [k]\n---\nBody\n", m, 5);
    assert_int_equal(r.diag.errors + r.diag.warnings, 0);
    const struct nashra_meta *meta = &r.doc->meta;
    assert_string_equal(meta->title, "Other");
    assert_int_equal(meta->authors->len, 2); /* replaced, not added to */
    assert_string_equal(g_ptr_array_index(meta->authors, 0), "A B");
    assert_string_equal(((struct nashra_person *)g_ptr_array_index(meta->people, 1))->role,
                        "editor");
    assert_string_equal(meta->series, "Briefs");
    assert_true(meta->paragraph_numbers);
    assert_int_equal(meta->keywords->len, 2);
    const struct nashra_pos *pos = g_hash_table_lookup(meta->positions, "series");
    assert_non_null(pos);
    assert_int_equal(pos->line, 0);
    tp_free(&r);
}

static void test_m_errors(void **state)
{
    (void)state;
    static const char *const m[] = {"title=ok", "date={y: 1}", "=x", "digits=[", "nope=1"};
    struct tp_result r;
    parse_with_m(&r, "Body\n", m, 5);
    assert_int_equal(r.diag.errors, 3);
    assert_int_equal(r.diag.warnings, 1);
    assert_non_null(strstr(r.messages, "<command line>:2:6: error: front matter key 'date' must "
                                       "be a date"));
    assert_non_null(strstr(r.messages, "<command line>:3:1: error: -M needs KEY=VALUE"));
    assert_non_null(strstr(r.messages, "<command line>:4:"));
    assert_non_null(strstr(r.messages, "error: -M digits:"));
    assert_non_null(strstr(r.messages, "<command line>:5:1: warning: unknown front matter key "
                                       "'nope'"));
    assert_string_equal(r.doc->meta.title, "ok");
    tp_free(&r);
}

static void test_m_ignored_by_commonmark(void **state)
{
    (void)state;
    static const char *const m[] = {"title=x"};
    struct tp_result r;
    struct nashra_parse_options opts = {
        .syntax = NASHRA_SYNTAX_COMMONMARK, .metadata = m, .n_metadata = 1};
    tp_parse_opts(&r, "Body\n", 5, &opts);
    assert_null(r.doc->meta.title);
    tp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_keys),          cmocka_unit_test(test_dates),
        cmocka_unit_test(test_wrong_types),       cmocka_unit_test(test_number_and_source_string),
        cmocka_unit_test(test_unknown_keys_warn), cmocka_unit_test(test_m_overrides),
        cmocka_unit_test(test_m_errors),          cmocka_unit_test(test_m_ignored_by_commonmark),
        cmocka_unit_test(test_citation_style_names),
        cmocka_unit_test(test_citation_style_errors),
        cmocka_unit_test(test_citation_style_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
