/* The PDF's XMP metadata packet and its dates: the same values as the Info dictionary, in the
 * Dublin Core, XMP basic and Adobe PDF schemas, for archives and readers that look only there. */
#include <string.h>

#include "render/render_int.h"

bool render_pdf_dates(long long epoch, char pdf[RENDER_DATE_SIZE], char iso[RENDER_DATE_SIZE])
{
    /* GLib refuses years past 9999, which neither form can hold. */
    GDateTime *t = epoch >= 0 ? g_date_time_new_from_unix_utc(epoch) : NULL;
    if (!t)
        return false;
    char *d = g_date_time_format(t, "D:%Y%m%d%H%M%SZ"), *i = g_date_time_format(t, "%FT%TZ");
    g_strlcpy(pdf, d, RENDER_DATE_SIZE);
    g_strlcpy(iso, i, RENDER_DATE_SIZE);
    g_free(d);
    g_free(i);
    g_date_time_unref(t);
    return true;
}

/* S escaped as XML text. Characters XML 1.0 cannot hold even escaped (C0 controls but tab and
 * newlines, U+FFFE, U+FFFF) are left out; a CR is written as a reference, which parsers keep. */
static void xml_text(GString *out, const char *s)
{
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '&')
            g_string_append(out, "&amp;");
        else if (c == '<')
            g_string_append(out, "&lt;");
        else if (c == '>')
            g_string_append(out, "&gt;");
        else if (c == '"')
            g_string_append(out, "&quot;");
        else if (c == '\r')
            g_string_append(out, "&#13;");
        else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0xFFFE || c == 0xFFFF)
            continue;
        else
            g_string_append_len(out, p, g_utf8_next_char(p) - p);
    }
}

/* A language tag fit for xml:lang: letters, digits and hyphens (BCP 47's alphabet). */
static bool xml_lang_ok(const char *lang)
{
    if (!lang || !*lang || *lang == '-')
        return false;
    for (const char *p = lang; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '-')
            return false;
    return true;
}

static void xmp_simple(GString *x, const char *prop, const char *value)
{
    if (!value)
        return;
    g_string_append_printf(x, "   <%s>", prop);
    xml_text(x, value);
    g_string_append_printf(x, "</%s>\n", prop);
}

/* A language alternative: x-default, and the same text again under the brief's language. */
static void xmp_alt(GString *x, const char *prop, const char *value, const char *lang)
{
    if (!value)
        return;
    g_string_append_printf(x, "   <%s><rdf:Alt>\n", prop);
    g_string_append(x, "    <rdf:li xml:lang=\"x-default\">");
    xml_text(x, value);
    g_string_append(x, "</rdf:li>\n");
    if (xml_lang_ok(lang)) {
        g_string_append_printf(x, "    <rdf:li xml:lang=\"%s\">", lang);
        xml_text(x, value);
        g_string_append(x, "</rdf:li>\n");
    }
    g_string_append_printf(x, "   </rdf:Alt></%s>\n", prop);
}

/* An ordered (Seq) or unordered (Bag) array of the strings of LIST. */
static void xmp_array(GString *x, const char *prop, const char *kind, const GPtrArray *list)
{
    if (!list || list->len == 0)
        return;
    g_string_append_printf(x, "   <%s><rdf:%s>\n", prop, kind);
    for (guint i = 0; i < list->len; i++) {
        g_string_append(x, "    <rdf:li>");
        xml_text(x, g_ptr_array_index(list, i));
        g_string_append(x, "</rdf:li>\n");
    }
    g_string_append_printf(x, "   </rdf:%s></%s>\n", kind, prop);
}

char *render_xmp_packet(const struct render_pdf_meta *m, const char *producer)
{
    GString *x = g_string_new(NULL);
    /* The packet header's begin attribute is a byte order mark, as XMP's packet format says. */
    g_string_append(x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                       "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                       " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                       "  <rdf:Description rdf:about=\"\"\n"
                       "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                       "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                       "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                       "   <dc:format>application/pdf</dc:format>\n");
    xmp_alt(x, "dc:title", m->title, m->lang);
    xmp_array(x, "dc:creator", "Seq", m->authors);
    xmp_alt(x, "dc:description", m->subject, m->lang);
    xmp_array(x, "dc:subject", "Bag", m->keyword_list);
    if (m->lang) {
        g_string_append(x, "   <dc:language><rdf:Bag><rdf:li>");
        xml_text(x, m->lang);
        g_string_append(x, "</rdf:li></rdf:Bag></dc:language>\n");
    }
    xmp_simple(x, "dc:source", m->source);
    char pdf_date[RENDER_DATE_SIZE], iso[RENDER_DATE_SIZE];
    if (render_pdf_dates(m->epoch, pdf_date, iso)) {
        xmp_simple(x, "xmp:CreateDate", iso);
        xmp_simple(x, "xmp:ModifyDate", iso);
        xmp_simple(x, "xmp:MetadataDate", iso);
    }
    xmp_simple(x, "xmp:CreatorTool", m->creator);
    xmp_simple(x, "pdf:Producer", producer);
    xmp_simple(x, "pdf:Keywords", m->keywords);
    g_string_append(x, "  </rdf:Description>\n");
    render_standard_xmp(x, m);
    g_string_append(x, " </rdf:RDF>\n"
                       "</x:xmpmeta>\n"
                       "<?xpacket end=\"r\"?>");
    return g_string_free(x, FALSE);
}
