/* The CSL parsers: styles (macros, limits, malformed XML), locales (terms and their fallbacks,
 * ordinals), CSL-JSON items (names and their particles, dates, numbers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "csl/csl_int.h"

static struct nashra_csl_style *style(const char *xml, GError **error)
{
    return nashra_csl_style_parse(xml, strlen(xml), error);
}

static void test_style_basic(void **state)
{
    (void)state;
    GError *error = NULL;
    struct nashra_csl_style *s = style(
        "<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"note\" version=\"1.0\" "
        "default-locale=\"de-AT\"><info><title>My Style</title></info>"
        "<macro name=\"m\"><text variable=\"title\"/></macro>"
        "<citation et-al-min=\"3\" name-form=\"short\"><layout><text macro=\"m\"/>"
        "<names variable=\"author\"><name/></names></layout></citation></style>",
        &error);
    assert_non_null(s);
    assert_null(error);
    assert_true(nashra_csl_style_is_note(s));
    assert_string_equal(nashra_csl_style_default_locale(s), "de-AT");
    assert_string_equal(nashra_csl_style_title(s), "My Style");
    assert_non_null(s->citation_layout);
    assert_null(s->bibliography);
    const struct csl_node *text = s->citation_layout->first;
    assert_int_equal(text->kind, CSL_TEXT);
    assert_non_null(text->macro);
    assert_string_equal(csl_attr(text->macro, "name"), "m");
    const struct csl_node *name = text->next->first;
    assert_int_equal(name->kind, CSL_NAME);
    assert_string_equal(csl_name_option(name, s->citation, "et-al-min"), "3");
    assert_string_equal(csl_name_option(name, s->citation, "form"), "short");
    assert_null(csl_name_option(name, s->citation, "and"));
    nashra_csl_style_free(s);
}

static void test_style_unknown_macro(void **state)
{
    (void)state;
    GError *error = NULL;
    struct nashra_csl_style *s =
        style("<style>\n<citation>\n<layout>\n<text macro=\"nope\"/></layout></citation></style>",
              &error);
    assert_null(s);
    assert_non_null(error);
    assert_true(g_error_matches(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_STYLE));
    assert_non_null(strstr(error->message, "nope"));
    assert_non_null(strstr(error->message, "line 4"));
    g_error_free(error);
}

static void test_style_limits(void **state)
{
    (void)state;
    GString *x = g_string_new("<style>");
    for (int i = 0; i < 100; i++)
        g_string_append(x, "<group>");
    for (int i = 0; i < 100; i++)
        g_string_append(x, "</group>");
    g_string_append(x, "</style>");
    GError *error = NULL;
    assert_null(style(x->str, &error));
    assert_true(g_error_matches(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_LIMIT));
    g_clear_error(&error);
    g_string_free(x, TRUE);

    assert_null(style("<style><citation>", &error));
    assert_true(g_error_matches(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_STYLE));
    g_clear_error(&error);
    assert_null(style("<locale/>", &error));
    g_clear_error(&error);
    assert_null(nashra_csl_style_parse("", 0, &error));
    g_clear_error(&error);
    /* Entities are not expanded (no billion laughs, no files). */
    struct nashra_csl_style *s = style(
        "<!DOCTYPE style [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
        "<style><info><title>&b;</title></info></style>",
        &error);
    if (s) {
        assert_true(!s->title || strlen(s->title) < 60);
        nashra_csl_style_free(s);
    }
    g_clear_error(&error);
}

/* ---- Locales ---- */

static const char *const locale_xml =
    "<locale xmlns=\"http://purl.org/net/xbiblio/csl\" xml:lang=\"fr-FR\">"
    "<style-options punctuation-in-quote=\"false\"/>"
    "<date form=\"text\"><date-part name=\"day\"/></date>"
    "<terms>"
    "<term name=\"editor\"><single>éditeur</single><multiple>éditeurs</multiple></term>"
    "<term name=\"editor\" form=\"short\"><single>éd.</single><multiple>éds.</multiple></term>"
    "<term name=\"editor\" form=\"verb\">édité par</term>"
    "<term name=\"edition\" gender=\"feminine\">édition</term>"
    "<term name=\"ordinal\">e</term>"
    "<term name=\"ordinal-01\" gender-form=\"feminine\" match=\"whole-number\">re</term>"
    "<term name=\"ordinal-01\" gender-form=\"masculine\" match=\"whole-number\">er</term>"
    "<term name=\"no date\"/>"
    "</terms></locale>";

static void test_locale_terms(void **state)
{
    (void)state;
    GError *error = NULL;
    struct csl_locale *fr = csl_locale_parse(locale_xml, strlen(locale_xml), &error);
    assert_non_null(fr);
    assert_string_equal(fr->lang, "fr-FR");
    assert_int_equal(fr->punctuation_in_quote, 0);
    assert_int_equal(fr->limit_day_ordinals_to_day_1, -1);
    assert_non_null(fr->date_text);
    assert_null(fr->date_numeric);
    gsize len = 0;
    char *en_xml = nashra_csl_locale_builtin("en-US", &len, NULL);
    assert_non_null(en_xml);
    struct csl_locale *en = csl_locale_parse(en_xml, len, &error);
    g_free(en_xml);
    assert_non_null(en);
    assert_null(nashra_csl_locale_builtin("fr-FR", &len, NULL));

    struct nashra_csl_engine e = {0};
    e.locales = g_ptr_array_new();
    g_ptr_array_add(e.locales, fr);
    g_ptr_array_add(e.locales, en);
    assert_string_equal(csl_term(&e, "editor", "long", true, NULL), "éditeurs");
    /* Forms fall back only after the whole chain lacks the form (CSL 1.0.2 "Terms"). */
    assert_string_equal(csl_term(&e, "editor", "verb", false, NULL), "édité par");
    assert_string_equal(csl_term(&e, "editor", "verb-short", false, NULL), "ed.");
    assert_string_equal(csl_term(&e, "edition", "verb-short", false, NULL), "édition");
    assert_string_equal(csl_term(&e, "editor", "symbol", false, NULL), "éd.");
    assert_string_equal(csl_term(&e, "no date", "long", false, NULL), "");
    /* Not in French: from the English locale further down the chain. */
    assert_string_equal(csl_term(&e, "page", "short", true, NULL), "pp.");
    assert_string_equal(csl_term(&e, "and", "symbol", false, NULL), "&");
    assert_null(csl_term(&e, "no-such-term", "long", false, NULL));
    assert_string_equal(csl_term_gender(&e, "edition"), "feminine");
    assert_null(csl_term_gender(&e, "page"));
    assert_ptr_equal(csl_locale_date(&e, "text"), fr->date_text);
    assert_ptr_equal(csl_locale_date(&e, "numeric"), en->date_numeric);
    /* French defines ordinals, so English ones ("st", "nd") are never used. */
    assert_string_equal(csl_ordinal_suffix(&e, 1, "feminine"), "re");
    assert_string_equal(csl_ordinal_suffix(&e, 1, "masculine"), "er");
    assert_string_equal(csl_ordinal_suffix(&e, 1, NULL), "re");
    assert_string_equal(csl_ordinal_suffix(&e, 21, "feminine"), "e");
    assert_string_equal(csl_ordinal_suffix(&e, 2, NULL), "e");
    g_ptr_array_remove_index(e.locales, 0);
    assert_string_equal(csl_ordinal_suffix(&e, 1, NULL), "st");
    assert_string_equal(csl_ordinal_suffix(&e, 11, NULL), "th");
    assert_string_equal(csl_ordinal_suffix(&e, 22, NULL), "nd");
    assert_string_equal(csl_ordinal_suffix(&e, 113, NULL), "th");
    assert_string_equal(csl_term(&e, "long-ordinal-03", "long", false, NULL), "third");
    g_ptr_array_free(e.locales, TRUE);
    csl_locale_free(fr);
    csl_locale_free(en);

    assert_null(csl_locale_parse("<locale>", 8, &error));
    assert_true(g_error_matches(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_LOCALE));
    g_clear_error(&error);
    assert_null(csl_locale_parse("<style/>", 8, &error));
    g_clear_error(&error);
}

static char *fake_locales(const char *lang, gsize *len, void *data)
{
    GPtrArray *asked = data;
    g_ptr_array_add(asked, g_strdup(lang));
    if (strcmp(lang, "de-DE") == 0) {
        const char *x = "<locale xml:lang=\"de-DE\"><terms><term name=\"and\">und</term>"
                        "</terms></locale>";
        *len = strlen(x);
        return g_strdup(x);
    }
    return nashra_csl_locale_builtin(lang, len, NULL);
}

static void test_locale_chain(void **state)
{
    (void)state;
    GError *error = NULL;
    struct nashra_csl_style *s = style(
        "<style><locale xml:lang=\"de\"><terms><term name=\"page\">S.</term></terms></locale>"
        "<locale><terms><term name=\"page\">PAGE</term></terms></locale>"
        "<locale xml:lang=\"de-AT\"><terms><term name=\"page\">Seite</term></terms></locale>"
        "<locale xml:lang=\"fr\"><terms><term name=\"page\">p</term></terms></locale>"
        "</style>",
        &error);
    assert_non_null(s);
    GPtrArray *asked = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *chain = g_ptr_array_new_with_free_func((GDestroyNotify)csl_locale_free);
    assert_true(csl_locale_chain(s, "de-AT", fake_locales, asked, chain, &error));
    /* style de-AT, de, (none); files de-AT (absent), de (absent), de-DE, en-US */
    assert_int_equal(chain->len, 5);
    assert_string_equal(((struct csl_locale *)chain->pdata[0])->lang, "de-AT");
    assert_string_equal(((struct csl_locale *)chain->pdata[1])->lang, "de");
    assert_null(((struct csl_locale *)chain->pdata[2])->lang);
    assert_string_equal(((struct csl_locale *)chain->pdata[3])->lang, "de-DE");
    assert_string_equal(((struct csl_locale *)chain->pdata[4])->lang, "en-US");
    assert_int_equal(asked->len, 4);
    assert_string_equal(asked->pdata[0], "de-AT");
    assert_string_equal(asked->pdata[1], "de");
    assert_string_equal(asked->pdata[2], "de-DE");
    assert_string_equal(asked->pdata[3], "en-US");
    struct nashra_csl_engine e = {0};
    e.locales = chain;
    assert_string_equal(csl_term(&e, "page", "long", false, NULL), "Seite");
    assert_string_equal(csl_term(&e, "and", "long", false, NULL), "und");
    g_ptr_array_unref(chain);
    g_ptr_array_unref(asked);

    /* No path tricks in locale names. */
    gsize len = 0;
    assert_null(nashra_csl_locale_from_dir("../../etc/passwd", &len, "/tmp"));
    assert_null(nashra_csl_locale_from_dir("en/US", &len, "/tmp"));
    char *en = nashra_csl_locale_from_dir("en-US", &len, "/nonexistent");
    assert_non_null(en); /* the built-in one */
    g_free(en);
    nashra_csl_style_free(s);
}

/* Urdu, Sorani and Pashto: nashra's built-in file for the bare language, after any file for
 * the exact tag and the language, before en-US. */
static void test_locale_chain_builtin(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"ur", "ur-PK", "اور"},   {"ur-PK", "ur-PK", "اور"}, {"ur-IN", "ur-PK", "اور"},
        {"ckb", "ckb-IQ", "و"},   {"ckb-IR", "ckb-IQ", "و"}, {"ps", "ps-AF", "او"},
        {"ps-AF", "ps-AF", "او"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        GError *error = NULL;
        GPtrArray *asked = g_ptr_array_new_with_free_func(g_free);
        GPtrArray *chain = g_ptr_array_new_with_free_func((GDestroyNotify)csl_locale_free);
        assert_true(csl_locale_chain(NULL, cases[i][0], fake_locales, asked, chain, &error));
        assert_int_equal(chain->len, 2);
        assert_string_equal(((struct csl_locale *)chain->pdata[0])->lang, cases[i][1]);
        assert_string_equal(((struct csl_locale *)chain->pdata[1])->lang, "en-US");
        struct nashra_csl_engine e = {0};
        e.locales = chain;
        assert_string_equal(csl_term(&e, "and", "long", false, NULL), cases[i][2]);
        g_ptr_array_unref(chain);
        g_ptr_array_unref(asked);
    }
    gsize len = 0;
    char *x = nashra_csl_locale_builtin("ur-PK", &len, NULL);
    assert_null(x); /* by the language only, so that an installed ur-PK or ur comes first */
    x = nashra_csl_locale_builtin("CKB", &len, NULL);
    assert_non_null(x);
    g_free(x);
    assert_null(nashra_csl_locale_builtin("fa", &len, NULL));
}

/* ---- Items ---- */

static GPtrArray *items(const char *json)
{
    GError *error = NULL;
    GPtrArray *a = nashra_csl_items_parse(json, strlen(json), &error);
    assert_non_null(a);
    assert_null(error);
    return a;
}

static const struct csl_name *name_of(GPtrArray *a, guint item, const char *var, guint i)
{
    GPtrArray *names = csl_item_names(a->pdata[item], var);
    assert_non_null(names);
    assert_true(i < names->len);
    return names->pdata[i];
}

static void test_items_names(void **state)
{
    (void)state;
    GPtrArray *a = items(
        "[{\"id\": 7, \"type\": \"book\", \"author\": ["
        "{\"family\": \"van der Vlist\", \"given\": \"Eric\"},"
        "{\"family\": \"Humboldt\", \"given\": \"Alexander von\"},"
        "{\"family\": \"Aubignac\", \"given\": \"François Hédelin, abbé d'\"},"
        "{\"family\": \"al-One\", \"given\": \"Alan\"},"
        "{\"family\": \"Doe\", \"given\": \"John,! Jr.\"},"
        "{\"family\": \"Gooding\", \"given\": \"Cuba, Jr.\"},"
        "{\"family\": \"\\\"Van Dyke\\\"\", \"given\": \"Dick\"},"
        "{\"family\": \"van Gogh\", \"given\": \"Vincent\", \"parse-names\": false},"
        "{\"literal\": \"ACME Corp.\"},"
        "{\"family\": \"La Fontaine\", \"given\": \"Jean de\"}"
        "], \"volume\": 12, \"title\": \"T\"}]");
    assert_int_equal(a->len, 1);
    const struct nashra_csl_item *it = a->pdata[0];
    assert_string_equal(nashra_csl_item_id(it), "7");
    assert_string_equal(it->type, "book");
    assert_string_equal(csl_item_var(it, "volume"), "12");
    assert_string_equal(csl_item_var(it, "title"), "T");
    assert_null(csl_item_var(it, "author"));
    const struct csl_name *n = name_of(a, 0, "author", 0);
    assert_string_equal(n->non_dropping_particle, "van der");
    assert_string_equal(n->family, "Vlist");
    n = name_of(a, 0, "author", 1);
    assert_string_equal(n->dropping_particle, "von");
    assert_string_equal(n->given, "Alexander");
    n = name_of(a, 0, "author", 2);
    assert_string_equal(n->dropping_particle, "abbé d\xe2\x80\x99");
    assert_true(n->comma_dropping_particle);
    assert_string_equal(n->given, "François Hédelin");
    n = name_of(a, 0, "author", 3);
    assert_string_equal(n->non_dropping_particle, "al-");
    assert_string_equal(n->family, "One");
    n = name_of(a, 0, "author", 4);
    assert_string_equal(n->suffix, "Jr.");
    assert_true(n->comma_suffix);
    n = name_of(a, 0, "author", 5);
    assert_string_equal(n->suffix, "Jr.");
    assert_string_equal(n->given, "Cuba");
    assert_false(n->comma_suffix);
    n = name_of(a, 0, "author", 6);
    assert_string_equal(n->family, "Van Dyke");
    assert_null(n->non_dropping_particle);
    n = name_of(a, 0, "author", 7);
    assert_string_equal(n->family, "van Gogh");
    assert_null(n->non_dropping_particle);
    n = name_of(a, 0, "author", 8);
    assert_string_equal(n->literal, "ACME Corp.");
    assert_null(n->family);
    n = name_of(a, 0, "author", 9);
    assert_string_equal(n->family, "La Fontaine");
    assert_string_equal(n->dropping_particle, "de");
    assert_null(n->non_dropping_particle);
    g_ptr_array_unref(a);
}

static void test_items_dates(void **state)
{
    (void)state;
    GPtrArray *a = items(
        "{\"id\": \"x\", \"issued\": {\"date-parts\": [[\"2000\", 3, \"15\"], [2001]]},"
        "\"accessed\": {\"raw\": \"2000-03-15\"},"
        "\"submitted\": {\"raw\": \"2000/2001\"},"
        "\"event-date\": {\"raw\": \"1999-10\"},"
        "\"original-date\": {\"raw\": \"Bogus Date\"},"
        "\"available-date\": {\"date-parts\": [[1987], [0]], \"circa\": true},"
        "\"container\": {\"date-parts\": [[1965, 14]]},"
        "\"locator-date\": {\"date-parts\": [[1999]], \"season\": \"Winter\"}}");
    const struct nashra_csl_item *it = a->pdata[0];
    const struct csl_date *d = csl_item_date(it, "issued");
    assert_non_null(d);
    assert_int_equal(d->from.year, 2000);
    assert_int_equal(d->from.month, 3);
    assert_int_equal(d->from.day, 15);
    assert_true(d->range);
    assert_int_equal(d->to.year, 2001);
    d = csl_item_date(it, "accessed");
    assert_int_equal(d->from.year, 2000);
    assert_int_equal(d->from.month, 3);
    assert_int_equal(d->from.day, 15);
    assert_false(d->range);
    d = csl_item_date(it, "submitted");
    assert_true(d->range);
    assert_int_equal(d->from.year, 2000);
    assert_int_equal(d->to.year, 2001);
    d = csl_item_date(it, "event-date");
    assert_int_equal(d->from.year, 1999);
    assert_int_equal(d->from.month, 10);
    assert_int_equal(d->from.day, 0);
    d = csl_item_date(it, "original-date");
    assert_string_equal(d->literal, "Bogus Date");
    assert_int_equal(d->from.year, 0);
    d = csl_item_date(it, "available-date");
    assert_true(d->range);
    assert_true(d->circa);
    assert_int_equal(d->to.year, 0);
    d = csl_item_date(it, "container");
    assert_int_equal(d->from.month, 0);
    assert_int_equal(d->from.season, 2);
    d = csl_item_date(it, "locator-date");
    assert_int_equal(d->from.season, 4);
    g_ptr_array_unref(a);
}

static void test_items_note_fields(void **state)
{
    (void)state;
    GPtrArray *a = items("[{\"id\": \"n\", \"title\": \"Own\", \"author\": [{\"family\": \"A\"}],"
                         "\"note\": \"reviewed-title: Other\\nreviewed-author: Hall || W.C.\\n"
                         "title: Not this\\nauthor: Nor || This\\nissued: 2005-04\\nkept line\"}]");
    const struct nashra_csl_item *it = a->pdata[0];
    assert_string_equal(csl_item_var(it, "reviewed-title"), "Other");
    assert_string_equal(csl_item_var(it, "title"), "Own");
    assert_string_equal(csl_item_var(it, "note"), "kept line");
    const struct csl_name *n = name_of(a, 0, "reviewed-author", 0);
    assert_string_equal(n->family, "Hall");
    assert_string_equal(n->given, "W.C.");
    assert_int_equal(csl_item_names(it, "author")->len, 1);
    const struct csl_date *d = csl_item_date(it, "issued");
    assert_int_equal(d->from.year, 2005);
    assert_int_equal(d->from.month, 4);
    g_ptr_array_unref(a);
}

static void test_items_malformed(void **state)
{
    (void)state;
    const char *bad[] = {"", "[", "{\"id\": 1,}", "42", "[1, 2]", "\"x\"", "[{\"id\": 1}, 3]",
                         /* several top-level values (json-glib would keep the last) */
                         "[{\"id\": 1}] [{\"id\": 2}]", "[{\"id\": 1}]{\"id\": 2}",
                         "\"x\" [{\"id\": 2}]"};
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        GError *error = NULL;
        assert_null(nashra_csl_items_parse(bad[i], strlen(bad[i]), &error));
        assert_true(g_error_matches(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_ITEM));
        g_clear_error(&error);
    }
    /* Odd but survivable values. */
    GPtrArray *a = items("[{\"id\": \"a\", \"author\": [{\"family\": 3}, \"Plain\"],"
                         "\"issued\": {\"date-parts\": [[]]}, \"page\": null,"
                         "\"accessed\": {\"date-parts\": \"x\"}, \"note\": [1, 2]}]");
    assert_int_equal(a->len, 1);
    g_ptr_array_unref(a);
}

static void test_is_numeric(void **state)
{
    (void)state;
    const char *yes[] = {"12", "12-15", "2nd", "A12", "L2d", "12, 14 & 16", "1 - 3", "2\xe2\x80\x93" "4"};
    const char *no[] = {"", "XII", "12 ff", "2, ", "-", "Spring 2000", "2002, amended", "12a-"};
    for (gsize i = 0; i < G_N_ELEMENTS(yes); i++)
        assert_true(csl_is_numeric(yes[i]));
    for (gsize i = 0; i < G_N_ELEMENTS(no); i++)
        assert_false(csl_is_numeric(no[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_style_basic),
        cmocka_unit_test(test_style_unknown_macro),
        cmocka_unit_test(test_style_limits),
        cmocka_unit_test(test_locale_terms),
        cmocka_unit_test(test_locale_chain),
        cmocka_unit_test(test_locale_chain_builtin),
        cmocka_unit_test(test_items_names),
        cmocka_unit_test(test_items_dates),
        cmocka_unit_test(test_items_note_fields),
        cmocka_unit_test(test_items_malformed),
        cmocka_unit_test(test_is_numeric),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
