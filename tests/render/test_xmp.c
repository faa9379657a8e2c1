/* The PDF's dates and XMP packet, alone: both date forms from one epoch, none out of range, and
 * a packet that parses as XML whatever the brief's strings hold, with lists in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "render/render_int.h"

static void test_dates(void **state)
{
    (void)state;
    char pdf[RENDER_DATE_SIZE], iso[RENDER_DATE_SIZE];
    assert_true(render_pdf_dates(0, pdf, iso));
    assert_string_equal(pdf, "D:19700101000000Z");
    assert_string_equal(iso, "1970-01-01T00:00:00Z");
    assert_true(render_pdf_dates(1795478400 + 3723, pdf, iso)); /* 2026-11-24 01:02:03 */
    assert_string_equal(pdf, "D:20261124010203Z");
    assert_string_equal(iso, "2026-11-24T01:02:03Z");
    assert_false(render_pdf_dates(-1, pdf, iso));
    assert_false(render_pdf_dates(253402300800LL, pdf, iso)); /* year 10000 */
}

/* PACKET is well-formed XML (GMarkup passes the xpacket processing instructions through). */
static void assert_well_formed(const char *packet)
{
    GMarkupParser none = {0};
    GMarkupParseContext *c = g_markup_parse_context_new(&none, 0, NULL, NULL);
    GError *e = NULL;
    gboolean ok = g_markup_parse_context_parse(c, packet, -1, &e) &&
                  g_markup_parse_context_end_parse(c, &e);
    if (!ok)
        fail_msg("%s\n%s", e ? e->message : "?", packet);
    g_markup_parse_context_free(c);
}

static void test_packet(void **state)
{
    (void)state;
    GPtrArray *authors = g_ptr_array_new(), *keywords = g_ptr_array_new();
    g_ptr_array_add(authors, "سارة المنصوري");
    g_ptr_array_add(authors, "Karim <K> & Co");
    g_ptr_array_add(keywords, "water");
    struct render_pdf_meta m = {
        .title = "A \"title\" & <more>\x01\r", .subject = "sub", .creator = "nashra 0",
        .author = "سارة المنصوري, Karim <K> & Co", .keywords = "water",
        .authors = authors, .keyword_list = keywords, .source = "Journal", .lang = "ar",
        .rtl = true, .epoch = 0};
    char *x = render_xmp_packet(&m, "cairo (x)");
    assert_well_formed(x);
    assert_non_null(strstr(x, "<rdf:li xml:lang=\"x-default\">A &quot;title&quot; &amp; "
                              "&lt;more&gt;&#13;</rdf:li>"));
    assert_non_null(strstr(x, "<rdf:li xml:lang=\"ar\">A &quot;title"));
    const char *first = strstr(x, "<rdf:Seq>\n    <rdf:li>سارة المنصوري</rdf:li>\n"
                                  "    <rdf:li>Karim &lt;K&gt; &amp; Co</rdf:li>\n");
    assert_non_null(first);
    assert_non_null(strstr(x, "<dc:language><rdf:Bag><rdf:li>ar</rdf:li>"));
    assert_non_null(strstr(x, "<dc:source>Journal</dc:source>"));
    assert_non_null(strstr(x, "<xmp:CreateDate>1970-01-01T00:00:00Z</xmp:CreateDate>"));
    assert_non_null(strstr(x, "<pdf:Producer>cairo (x)</pdf:Producer>"));
    assert_non_null(strstr(x, "<pdf:Keywords>water</pdf:Keywords>"));
    g_free(x);

    /* A language that is no tag stays out of xml:lang; no dates, no title, no lists. */
    struct render_pdf_meta bare = {.creator = "nashra 0", .lang = "a\"b c", .epoch = -1};
    x = render_xmp_packet(&bare, NULL);
    assert_well_formed(x);
    assert_null(strstr(x, "dc:title"));
    assert_null(strstr(x, "dc:creator"));
    assert_null(strstr(x, "Date>"));
    assert_null(strstr(x, "pdf:Producer"));
    assert_null(strstr(x, "xml:lang"));
    assert_non_null(strstr(x, "<rdf:li>a&quot;b c</rdf:li>"));
    g_free(x);
    g_ptr_array_free(authors, TRUE);
    g_ptr_array_free(keywords, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_packet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
