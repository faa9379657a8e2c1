/* `nashra query`'s JSON (src/cli/query.c): the page each heading, figure, table and note landed
 * on, read off structure elements built here by hand (the first page wins, a part laid out
 * nowhere has none); the metadata as resolved; members in their fixed order; Arabic written as
 * UTF-8, not escaped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <json-glib/json-glib.h>

#include "cli/query.h"
#include "parse/parse.h"
#include "resolve/resolve.h"

static const char *const SRC = "---\n"
                               "title: الأمن المائي\n"
                               "subtitle: خيارات\n"
                               "authors:\n"
                               "  - name: سارة المنصوري\n"
                               "    affiliation: مركز الدراسات\n"
                               "  - كريم حداد\n"
                               "series: أوراق سياسات\n"
                               "number: 14\n"
                               "lang: ar\n"
                               "keywords: [المياه, الفرات]\n"
                               "references:\n"
                               "  - id: haddad2021\n"
                               "    type: book\n"
                               "    author: [{family: حداد, given: كريم}]\n"
                               "    title: جغرافية الأنهار\n"
                               "    issued: 2021\n"
                               "---\n"
                               "\n"
                               "## أولا {#first}\n"
                               "\n"
                               "نص[^n] [@haddad2021] وانظر [@fig:one].\n"
                               "\n"
                               "![خريطة](map.png \"حوض النهر\"){#fig:one}\n"
                               "\n"
                               "| أ | ب |\n"
                               "|---|---|\n"
                               "| 1 | 2 |\n"
                               "\n"
                               "Table: التدفق {#tbl:one}\n"
                               "\n"
                               "## ثانيا\n"
                               "\n"
                               "[^n]: حاشية أولى.\n";

static struct nashra_doc *doc_of(const char *src)
{
    struct nashra_diag diag;
    nashra_diag_init(&diag, "t.md", src, strlen(src));
    diag.out = NULL;
    struct nashra_parse_options opts = {.syntax = NASHRA_SYNTAX_NASHRA};
    struct nashra_doc *doc = nashra_parse(src, strlen(src), &opts, &diag);
    nashra_resolve(doc, &diag);
    assert_int_equal(diag.errors + diag.warnings, 0);
    return doc;
}

static const struct nashra_node *first_of(const struct nashra_doc *doc, enum nashra_node_kind kind)
{
    struct nashra_iter it;
    nashra_iter_init(&it, doc->root);
    for (enum nashra_event ev; (ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE;)
        if (ev == NASHRA_EVENT_ENTER && it.cur->kind == kind)
            return it.cur;
    fail_msg("no %s", nashra_node_kind_name(kind));
    return NULL;
}

static int add_elem(struct nashra_pages *p, enum nashra_elem_kind kind, int parent,
                    const struct nashra_node *node)
{
    struct nashra_elem e = {.kind = kind, .parent = parent, .node = node};
    g_array_append_val(p->elems, e);
    return (int)p->elems->len - 1;
}

static void add_item(struct nashra_pages *p, int page, enum nashra_item_kind kind, int elem)
{
    while ((int)p->pages->len <= page) {
        struct nashra_page *pg = g_new0(struct nashra_page, 1);
        pg->items = g_array_new(FALSE, TRUE, sizeof(struct nashra_item));
        g_ptr_array_add(p->pages, pg);
    }
    struct nashra_item it = {.kind = kind, .elem = elem};
    g_array_append_val(((struct nashra_page *)g_ptr_array_index(p->pages, page))->items, it);
}

/* Three pages: the first heading on page 1 (after a rule, which is no element's); the figure
 * and the start of the table on page 2; the table's end, the note and the figure again (a
 * later page never wins) on page 3. The second heading is laid out nowhere. */
static struct nashra_pages *pages_of(const struct nashra_doc *doc)
{
    struct nashra_pages *p = g_new0(struct nashra_pages, 1);
    p->pages = g_ptr_array_new();
    p->elems = g_array_new(FALSE, TRUE, sizeof(struct nashra_elem));
    add_elem(p, NASHRA_ELEM_DOCUMENT, -1, NULL);
    int h = add_elem(p, NASHRA_ELEM_H2, 0, first_of(doc, NASHRA_NODE_HEADING));
    int fig = add_elem(p, NASHRA_ELEM_FIGURE, 0, first_of(doc, NASHRA_NODE_FIGURE));
    int tbl = add_elem(p, NASHRA_ELEM_TABLE, 0, first_of(doc, NASHRA_NODE_TABLE));
    int td = add_elem(p, NASHRA_ELEM_TD, add_elem(p, NASHRA_ELEM_TR, tbl, NULL), NULL);
    int note = add_elem(p, NASHRA_ELEM_NOTE, 0, first_of(doc, NASHRA_NODE_FOOTNOTE_DEF));
    int para = add_elem(p, NASHRA_ELEM_P, note, NULL);
    add_item(p, 0, NASHRA_ITEM_RULE, 0);
    add_item(p, 0, NASHRA_ITEM_LINE, h);
    add_item(p, 1, NASHRA_ITEM_IMAGE, fig);
    add_item(p, 1, NASHRA_ITEM_LINE, td);
    add_item(p, 2, NASHRA_ITEM_LINE, td);
    add_item(p, 2, NASHRA_ITEM_LINE, para);
    add_item(p, 2, NASHRA_ITEM_IMAGE, fig);
    return p;
}

static JsonNode *parse_json(const char *s)
{
    GError *err = NULL;
    JsonNode *root = json_from_string(s, &err);
    if (!root)
        fail_msg("not JSON: %s", err->message);
    return root;
}

static JsonObject *at(JsonObject *o, const char *array, guint i)
{
    return json_array_get_object_element(json_object_get_array_member(o, array), i);
}

static void assert_members(JsonObject *o, const char *const *want)
{
    GList *names = json_object_get_members(o);
    GList *n = names;
    for (; *want && n; want++, n = n->next)
        assert_string_equal(n->data, *want);
    assert_null(*want);
    assert_null(n);
    g_list_free(names);
}

static void test_pages(void **state)
{
    (void)state;
    struct nashra_doc *doc = doc_of(SRC);
    struct nashra_pages *pages = pages_of(doc);
    GString *s = g_string_new(NULL);
    nashra_query_json(doc, pages, s);
    JsonNode *root = parse_json(s->str);
    JsonObject *o = json_node_get_object(root);
    static const char *const top[] = {"pages", "metadata", "headings", "figures", "tables",
                                      "notes", "citations", NULL};
    assert_members(o, top);
    assert_int_equal(json_object_get_int_member(o, "pages"), 3);
    assert_int_equal(json_array_get_length(json_object_get_array_member(o, "headings")), 3);
    JsonObject *h = at(o, "headings", 0);
    assert_string_equal(json_object_get_string_member(h, "text"), "أولا");
    assert_string_equal(json_object_get_string_member(h, "id"), "first");
    assert_int_equal(json_object_get_int_member(h, "level"), 2);
    assert_int_equal(json_object_get_int_member(h, "page"), 1);
    h = at(o, "headings", 1);
    assert_string_equal(json_object_get_string_member(h, "text"), "ثانيا");
    assert_true(json_object_get_null_member(h, "page"));
    /* The references section resolve added is a heading too. */
    assert_string_equal(json_object_get_string_member(at(o, "headings", 2), "id"), "references");
    JsonObject *f = at(o, "figures", 0);
    assert_int_equal(json_object_get_int_member(f, "number"), 1);
    assert_string_equal(json_object_get_string_member(f, "id"), "fig:one");
    assert_string_equal(json_object_get_string_member(f, "caption"), "حوض النهر");
    assert_string_equal(json_object_get_string_member(f, "alt"), "خريطة");
    assert_string_equal(json_object_get_string_member(f, "file"), "map.png");
    assert_int_equal(json_object_get_int_member(f, "page"), 2);
    JsonObject *t = at(o, "tables", 0);
    assert_int_equal(json_object_get_int_member(t, "number"), 1);
    assert_string_equal(json_object_get_string_member(t, "caption"), "التدفق");
    assert_int_equal(json_object_get_int_member(t, "rows"), 1);
    assert_int_equal(json_object_get_int_member(t, "page"), 2);
    JsonObject *n = at(o, "notes", 0);
    assert_int_equal(json_object_get_int_member(n, "number"), 1);
    assert_string_equal(json_object_get_string_member(n, "text"), "حاشية أولى.");
    assert_int_equal(json_object_get_int_member(n, "page"), 3);
    /* Works cited, not the figure a cross-reference names. */
    JsonObject *c = json_object_get_object_member(o, "citations");
    JsonArray *keys = json_object_get_array_member(c, "keys");
    assert_int_equal(json_array_get_length(keys), 1);
    assert_string_equal(json_array_get_string_element(keys, 0), "haddad2021");
    JsonObject *ref = at(c, "references", 0);
    assert_string_equal(json_object_get_string_member(ref, "id"), "haddad2021");
    assert_non_null(strstr(json_object_get_string_member(ref, "text"), "جغرافية الأنهار"));
    json_node_unref(root);
    g_string_free(s, TRUE);
    nashra_pages_free(pages);
    nashra_doc_free(doc);
}

static void test_metadata(void **state)
{
    (void)state;
    struct nashra_doc *doc = doc_of(SRC);
    GString *s = g_string_new(NULL);
    nashra_query_json(doc, NULL, s);
    /* Arabic as UTF-8, pretty-printed, one line break at the end. */
    assert_non_null(strstr(s->str, "\"title\" : \"الأمن المائي\""));
    assert_null(strstr(s->str, "\\u"));
    assert_int_equal(s->str[s->len - 1], '\n');
    JsonNode *root = parse_json(s->str);
    JsonObject *o = json_node_get_object(root);
    assert_false(json_object_has_member(o, "pages"));
    assert_true(json_object_get_null_member(at(o, "headings", 0), "page"));
    JsonObject *m = json_object_get_object_member(o, "metadata");
    static const char *const keys[] = {"title", "subtitle", "authors", "series", "number",
                                       "keywords", "lang", "dir", "digits", "citation-style",
                                       NULL};
    assert_members(m, keys);
    JsonObject *a = at(m, "authors", 0);
    assert_string_equal(json_object_get_string_member(a, "name"), "سارة المنصوري");
    assert_string_equal(json_object_get_string_member(a, "affiliation"), "مركز الدراسات");
    a = at(m, "authors", 1);
    assert_string_equal(json_object_get_string_member(a, "name"), "كريم حداد");
    assert_false(json_object_has_member(a, "affiliation"));
    assert_string_equal(json_object_get_string_member(m, "number"), "14");
    assert_string_equal(json_object_get_string_member(m, "dir"), "rtl");
    assert_string_equal(json_object_get_string_member(m, "digits"), "arabic-indic");
    /* As resolved: the default style's full name. */
    assert_string_equal(json_object_get_string_member(m, "citation-style"), "chicago-author-date");
    /* The same tree, the same bytes. */
    GString *again = g_string_new(NULL);
    nashra_query_json(doc, NULL, again);
    assert_string_equal(s->str, again->str);
    g_string_free(again, TRUE);
    json_node_unref(root);
    g_string_free(s, TRUE);
    nashra_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages),
        cmocka_unit_test(test_metadata),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
