/* The nashra side of test_compare.py: the same arguments and the same JSON as citeproc_run.js,
 * through the public csl.h API only.
 *
 *     csl_run STYLE.csl LOCALES_DIR LANG WORKS.json CITATIONS.json
 */
#include <stdio.h>
#include <stdlib.h>

#include <json-glib/json-glib.h>

#include "csl/csl.h"

static const char *member_string(JsonObject *o, const char *name)
{
    JsonNode *n = json_object_get_member(o, name);
    if (!n || !JSON_NODE_HOLDS_VALUE(n))
        return NULL;
    if (json_node_get_value_type(n) == G_TYPE_STRING)
        return json_node_get_string(n);
    return NULL;
}

static bool member_true(JsonObject *o, const char *name)
{
    JsonNode *n = json_object_get_member(o, name);
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN &&
           json_node_get_boolean(n);
}

/* CITATIONS is [{"note": N, "items": [{"id", "locator"?, "label"?, "prefix"?, "suffix"?}]}];
 * strings stay borrowed from the parser's tree. */
static struct nashra_csl_citation *read_citations(JsonNode *root, bool note_style, guint *n,
                                                  GError **error)
{
    if (!JSON_NODE_HOLDS_ARRAY(root)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "citations: not an array");
        return NULL;
    }
    JsonArray *arr = json_node_get_array(root);
    *n = json_array_get_length(arr);
    struct nashra_csl_citation *cs = g_new0(struct nashra_csl_citation, *n ? *n : 1);
    for (guint i = 0; i < *n; i++) {
        JsonNode *cn = json_array_get_element(arr, i);
        JsonObject *c = JSON_NODE_HOLDS_OBJECT(cn) ? json_node_get_object(cn) : NULL;
        JsonNode *itn = c ? json_object_get_member(c, "items") : NULL;
        if (!itn || !JSON_NODE_HOLDS_ARRAY(itn)) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "citation %u: no items", i + 1);
            for (guint j = 0; j < i; j++)
                g_free(cs[j].items);
            g_free(cs);
            return NULL;
        }
        JsonArray *items = json_node_get_array(itn);
        cs[i].n_items = json_array_get_length(items);
        cs[i].items = g_new0(struct nashra_csl_cite, cs[i].n_items ? cs[i].n_items : 1);
        /* In-text styles get note 0, as a brief gives them (citeproc_run.js does the same). */
        cs[i].note_index = note_style && json_object_has_member(c, "note")
                               ? (int)json_object_get_int_member(c, "note")
                               : 0;
        for (guint j = 0; j < cs[i].n_items; j++) {
            JsonNode *in = json_array_get_element(items, j);
            if (!JSON_NODE_HOLDS_OBJECT(in))
                continue;
            JsonObject *it = json_node_get_object(in);
            struct nashra_csl_cite *ci = &cs[i].items[j];
            ci->id = member_string(it, "id");
            ci->locator = member_string(it, "locator");
            ci->label = member_string(it, "label");
            if (ci->locator && !ci->label)
                ci->label = "page";
            ci->prefix = member_string(it, "prefix");
            ci->suffix = member_string(it, "suffix");
            ci->suppress_author = member_true(it, "suppress-author");
            ci->author_only = member_true(it, "author-only");
        }
    }
    return cs;
}

static void add_texts(JsonBuilder *b, const char *name, GPtrArray *outs)
{
    json_builder_set_member_name(b, name);
    json_builder_begin_array(b);
    for (guint i = 0; outs && i < outs->len; i++) {
        char *t = nashra_csl_out_text(g_ptr_array_index(outs, i));
        json_builder_add_string_value(b, t ? t : "");
        g_free(t);
    }
    json_builder_end_array(b);
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: %s STYLE.csl LOCALES_DIR LANG WORKS CITATIONS\n", argv[0]);
        return 2;
    }
    int rc = 1;
    GError *err = NULL;
    char *style_xml = NULL, *works = NULL, *cites_json = NULL;
    gsize style_len = 0, works_len = 0;
    struct nashra_csl_style *style = NULL;
    GPtrArray *items = NULL;
    struct nashra_csl_engine *engine = NULL;
    JsonParser *parser = json_parser_new();
    struct nashra_csl_citation *cites = NULL;
    guint n_cites = 0;

    if (!g_file_get_contents(argv[1], &style_xml, &style_len, &err) ||
        !g_file_get_contents(argv[4], &works, &works_len, &err) ||
        !g_file_get_contents(argv[5], &cites_json, NULL, &err))
        goto out;
    if (!(style = nashra_csl_style_parse(style_xml, style_len, &err)) ||
        !(items = nashra_csl_items_parse(works, works_len, &err)) ||
        !(engine = nashra_csl_engine_new(style, argv[3], false, nashra_csl_locale_from_dir,
                                         argv[2], &err)))
        goto out;
    nashra_csl_engine_add_items(engine, items);
    if (!json_parser_load_from_data(parser, cites_json, -1, &err) ||
        !(cites = read_citations(json_parser_get_root(parser), nashra_csl_style_is_note(style),
                                 &n_cites, &err)))
        goto out;

    GPtrArray *missing = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *outs = nashra_csl_engine_cite(engine, cites, n_cites, missing);
    for (guint i = 0; i < missing->len; i++)
        fprintf(stderr, "csl_run: no work with id %s\n", (char *)g_ptr_array_index(missing, i));
    GPtrArray *bib = nashra_csl_engine_bibliography(engine, false, NULL);

    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    add_texts(b, "citations", outs);
    add_texts(b, "bibliography", bib);
    json_builder_end_object(b);
    JsonGenerator *gen = json_generator_new();
    JsonNode *root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    json_generator_set_pretty(gen, true);
    json_generator_set_indent(gen, 1);
    char *s = json_generator_to_data(gen, NULL);
    puts(s);
    g_free(s);
    json_node_unref(root);
    g_object_unref(gen);
    g_object_unref(b);
    if (outs)
        g_ptr_array_unref(outs);
    if (bib)
        g_ptr_array_unref(bib);
    g_ptr_array_unref(missing);
    rc = 0;

out:
    if (err) {
        fprintf(stderr, "csl_run: %s\n", err->message);
        g_error_free(err);
    }
    for (guint i = 0; cites && i < n_cites; i++)
        g_free(cites[i].items);
    g_free(cites);
    g_object_unref(parser);
    if (engine)
        nashra_csl_engine_free(engine);
    if (items)
        g_ptr_array_unref(items);
    if (style)
        nashra_csl_style_free(style);
    g_free(style_xml);
    g_free(works);
    g_free(cites_json);
    return rc;
}
