/* What a PDF standard (PDF/A-2b, -2u, -3u; PDF/UA-1) asks of the file beyond what Cairo 1.16
 * writes: identification in the XMP, an sRGB output intent, printable annotations, entries
 * Cairo leaves to their defaults written out, and for PDF/A-3u the source embedded. Clause
 * numbers are ISO 19005-2 (PDF/A-2), 19005-3 (PDF/A-3) and 14289-1 (PDF/UA-1); the list with
 * the test of each is docs/pdf-standards.md. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "render/render_int.h"

#ifndef NASHRA_SRGB_ICC
/* Debian's icc-profiles-free: a 7 kB sRGB profile, ICC v2, under the zlib licence. */
#define NASHRA_SRGB_ICC "/usr/share/color/icc/sRGB.icc"
#endif

static char *missing_profile(const char *reason)
{
    return g_strdup_printf("PDF/A needs the sRGB colour profile %s (Debian package "
                           "icc-profiles-free): %s", NASHRA_SRGB_ICC, reason);
}

bool nashra_render_pdf_standard_ready(struct nashra_pdf_standard standard, char **why)
{
    if (!standard.pdfa || g_access(NASHRA_SRGB_ICC, R_OK) == 0)
        return true;
    *why = missing_profile(nashra_strerror(errno));
    return false;
}

/* Annotation flags (ISO 32000-1 12.5.3): Invisible, Hidden, Print, NoView, ToggleNoView. */
enum { ANNOT_INVISIBLE = 1, ANNOT_HIDDEN = 2, ANNOT_PRINT = 4, ANNOT_NOVIEW = 32,
       ANNOT_TOGGLENOVIEW = 256 };

static const char *pdfa_level(enum nashra_pdfa pdfa, int *part)
{
    *part = pdfa == NASHRA_PDFA_3U ? 3 : 2;
    return pdfa == NASHRA_PDFA_2B ? "B" : "U";
}

void render_standard_xmp(GString *x, const struct render_pdf_meta *m)
{
    if (m->standard.pdfa) {
        int part;
        const char *level = pdfa_level(m->standard.pdfa, &part);
        g_string_append_printf(x,
                               "  <rdf:Description rdf:about=\"\"\n"
                               "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                               "   <pdfaid:part>%d</pdfaid:part>\n"
                               "   <pdfaid:conformance>%s</pdfaid:conformance>\n"
                               "  </rdf:Description>\n",
                               part, level);
    }
    if (!m->standard.ua1)
        return;
    g_string_append(x, "  <rdf:Description rdf:about=\"\"\n"
                       "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                       "   <pdfuaid:part>1</pdfuaid:part>\n"
                       "  </rdf:Description>\n");
    /* pdfuaid is not one of the schemas PDF/A predefines (19005-2 6.6.2.3.1): in a PDF/A file
     * it must be described by an extension schema (6.6.2.3.2). */
    if (!m->standard.pdfa)
        return;
    g_string_append(
        x, "  <rdf:Description rdf:about=\"\"\n"
           "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
           "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
           "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
           "   <pdfaExtension:schemas><rdf:Bag>\n"
           "    <rdf:li rdf:parseType=\"Resource\">\n"
           "     <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
           "     <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
           "     <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
           "     <pdfaSchema:property><rdf:Seq>\n"
           "      <rdf:li rdf:parseType=\"Resource\">\n"
           "       <pdfaProperty:name>part</pdfaProperty:name>\n"
           "       <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
           "       <pdfaProperty:category>internal</pdfaProperty:category>\n"
           "       <pdfaProperty:description>Indicates which part of ISO 14289 the file "
           "conforms to</pdfaProperty:description>\n"
           "      </rdf:li>\n"
           "     </rdf:Seq></pdfaSchema:property>\n"
           "    </rdf:li>\n"
           "   </rdf:Bag></pdfaExtension:schemas>\n"
           "  </rdf:Description>\n");
}

/* 6.2.2, 6.2.4.3: one PDF/A output intent, whose profile makes the DeviceRGB Cairo paints in
 * (and the pages' transparency groups) device-independent. */
static bool standard_output_intent(qpdf_data q, char **err)
{
    char *icc = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(NASHRA_SRGB_ICC, &icc, &len, &e)) {
        *err = missing_profile("it cannot be read"); /* GLib's text would name it again */
        g_error_free(e);
        return false;
    }
    qpdf_oh profile = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, profile, (const unsigned char *)icc, len, qpdf_oh_new_null(q),
                                qpdf_oh_new_null(q));
    g_free(icc);
    qpdf_oh pdict = qpdf_oh_get_dict(q, profile);
    qpdf_oh_replace_key(q, pdict, "/N", qpdf_oh_new_integer(q, 3));
    qpdf_oh intent = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, intent, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
    qpdf_oh_replace_key(q, intent, "/S", qpdf_oh_new_name(q, "/GTS_PDFA1"));
    qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier",
                        qpdf_oh_new_string(q, "sRGB IEC61966-2.1"));
    qpdf_oh_replace_key(q, intent, "/RegistryName", qpdf_oh_new_string(q, "http://www.color.org"));
    qpdf_oh_replace_key(q, intent, "/Info", qpdf_oh_new_string(q, "sRGB IEC61966-2.1"));
    qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
    qpdf_oh intents = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, intents, intent);
    qpdf_oh_replace_key(q, qpdf_get_root(q), "/OutputIntents", intents);
    return true;
}

/* PDF/A 6.3.2: every annotation printed and never hidden. PDF/UA 7.18.1 and 7.18.5: a link
 * describes itself (Cairo gives it no /Contents: its target is the best text the PDF holds),
 * 7.18.3: a page with annotations orders them by its structure. */
static void standard_annotations(qpdf_data q, const struct render_pdf_meta *m)
{
    int n = qpdf_get_num_pages(q);
    for (int p = 0; p < n; p++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
        qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
        int k = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
        if (k > 0 && m->standard.ua1)
            qpdf_oh_replace_key(q, page, "/Tabs", qpdf_oh_new_name(q, "/S"));
        for (int i = 0; i < k; i++) {
            qpdf_oh a = qpdf_oh_get_array_item(q, annots, i);
            qpdf_oh f = qpdf_oh_get_key(q, a, "/F");
            int flags = qpdf_oh_is_integer(q, f) ? qpdf_oh_get_int_value_as_int(q, f) : 0;
            flags = (flags | ANNOT_PRINT) &
                    ~(ANNOT_INVISIBLE | ANNOT_HIDDEN | ANNOT_NOVIEW | ANNOT_TOGGLENOVIEW);
            qpdf_oh_replace_key(q, a, "/F", qpdf_oh_new_integer(q, flags));
            if (!m->standard.ua1 || qpdf_oh_has_key(q, a, "/Contents"))
                continue;
            qpdf_oh action = qpdf_oh_get_key(q, a, "/A");
            qpdf_oh uri = qpdf_oh_get_key(q, action, "/URI");
            qpdf_oh dest = qpdf_oh_get_key(q, a, "/Dest");
            if (qpdf_oh_is_string(q, uri))
                qpdf_oh_replace_key(q, a, "/Contents",
                                    qpdf_oh_new_unicode_string(q, qpdf_oh_get_utf8_value(q, uri)));
            else if (qpdf_oh_is_string(q, dest) || qpdf_oh_is_name(q, dest)) {
                const char *d = qpdf_oh_is_name(q, dest) ? qpdf_oh_get_name(q, dest) + 1
                                                         : qpdf_oh_get_utf8_value(q, dest);
                char *text = g_strconcat("#", d, NULL);
                qpdf_oh_replace_key(q, a, "/Contents", qpdf_oh_new_unicode_string(q, text));
                g_free(text);
            }
        }
        qpdf_oh_release_all(q);
    }
}

/* Entries whose default Cairo relies on but the standards want written: a Type 2 CIDFont's
 * /CIDToGIDMap (19005-2 6.2.11.3.2, 14289-1 7.21.3.2). And no image asks to be interpolated
 * (19005-2 6.2.8): Cairo sets /Interpolate for smooth scaling, a hint readers may ignore. */
static void standard_objects(qpdf_data q, const struct render_pdf_meta *m)
{
    int size = qpdf_oh_get_int_value_as_int(q, qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size"));
    for (int id = 1; id < size; id++) {
        qpdf_oh o = qpdf_get_object_by_id(q, id, 0);
        if (qpdf_oh_is_dictionary_of_type(q, o, "/Font", "/CIDFontType2") &&
            !qpdf_oh_has_key(q, o, "/CIDToGIDMap"))
            qpdf_oh_replace_key(q, o, "/CIDToGIDMap", qpdf_oh_new_name(q, "/Identity"));
        if (m->standard.pdfa && qpdf_oh_is_stream(q, o)) {
            qpdf_oh d = qpdf_oh_get_dict(q, o);
            if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, d, "/Subtype"), "/Image") &&
                qpdf_oh_has_key(q, d, "/Interpolate"))
                qpdf_oh_remove_key(q, d, "/Interpolate");
        }
        qpdf_oh_release_all(q);
    }
}

/* PDF/UA-1 7.9: a Note element has an /ID, found through the structure tree's /IDTree. Cairo
 * writes neither. */
static void standard_note_ids(qpdf_data q)
{
    qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
    if (!qpdf_oh_is_dictionary(q, tree) || qpdf_oh_has_key(q, tree, "/IDTree"))
        return;
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(qpdf_oh));
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    qpdf_oh names = qpdf_oh_new_array(q);
    qpdf_oh k = qpdf_oh_get_key(q, tree, "/K");
    g_array_append_val(stack, k);
    int n = 0;
    while (stack->len > 0) {
        qpdf_oh o = g_array_index(stack, qpdf_oh, stack->len - 1);
        g_array_set_size(stack, stack->len - 1);
        if (qpdf_oh_is_array(q, o)) {
            /* Last first onto the stack: elements come off in document order. */
            for (int i = qpdf_oh_get_array_n_items(q, o) - 1; i >= 0; i--) {
                qpdf_oh item = qpdf_oh_get_array_item(q, o, i);
                g_array_append_val(stack, item);
            }
            continue;
        }
        if (!qpdf_oh_is_dictionary(q, o) || !qpdf_oh_is_indirect(q, o))
            continue;
        int id = qpdf_oh_get_object_id(q, o);
        if (!g_hash_table_add(seen, GINT_TO_POINTER(id)))
            continue;
        if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, o, "/S"), "/Note") &&
            !qpdf_oh_has_key(q, o, "/ID")) {
            /* Zero-padded: a name tree's keys are in byte order. */
            char *name = g_strdup_printf("note-%05d", ++n);
            qpdf_oh_replace_key(q, o, "/ID", qpdf_oh_new_string(q, name));
            qpdf_oh_append_item(q, names, qpdf_oh_new_string(q, name));
            qpdf_oh_append_item(q, names, o);
            g_free(name);
        }
        if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, o, "/Type"), "/StructElem") ||
            !qpdf_oh_has_key(q, o, "/Type")) {
            qpdf_oh kids = qpdf_oh_get_key(q, o, "/K");
            g_array_append_val(stack, kids);
        }
    }
    if (n > 0) {
        qpdf_oh idtree = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, idtree, "/Names", names);
        qpdf_oh_replace_key(q, tree, "/IDTree", idtree);
    }
    g_hash_table_destroy(seen);
    g_array_free(stack, TRUE);
}

/* PDF/A-3 6.8: the brief's source as an associated file of the document, so that the archive
 * copy carries what it was made from: /AF and /EmbeddedFiles, with its media type, size and
 * date. */
static void standard_source(qpdf_data q, const struct render_pdf_meta *m)
{
    qpdf_oh file = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, file, (const unsigned char *)m->input, m->input_len,
                                qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    qpdf_oh fdict = qpdf_oh_get_dict(q, file);
    qpdf_oh_replace_key(q, fdict, "/Type", qpdf_oh_new_name(q, "/EmbeddedFile"));
    /* A name holds any byte as #xx: "text/markdown" is /text#2Fmarkdown. */
    char *mime = g_strconcat("/", m->input_mime, NULL);
    qpdf_oh_replace_key(q, fdict, "/Subtype", qpdf_oh_new_name(q, mime));
    g_free(mime);
    qpdf_oh params = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, params, "/Size", qpdf_oh_new_integer(q, (long long)m->input_len));
    char date[RENDER_DATE_SIZE], iso[RENDER_DATE_SIZE];
    if (render_pdf_dates(m->epoch, date, iso))
        qpdf_oh_replace_key(q, params, "/ModDate", qpdf_oh_new_string(q, date));
    guint8 md5[16];
    gsize md5_len = sizeof md5;
    GChecksum *sum = g_checksum_new(G_CHECKSUM_MD5);
    g_checksum_update(sum, (const guchar *)m->input, (gssize)m->input_len);
    g_checksum_get_digest(sum, md5, &md5_len);
    g_checksum_free(sum);
    qpdf_oh_replace_key(q, params, "/CheckSum",
                        qpdf_oh_new_binary_string(q, (const char *)md5, md5_len));
    qpdf_oh_replace_key(q, fdict, "/Params", params);

    qpdf_oh ef = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, ef, "/F", file);
    qpdf_oh_replace_key(q, ef, "/UF", file);
    qpdf_oh spec = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, spec, "/Type", qpdf_oh_new_name(q, "/Filespec"));
    /* /F is a byte string for old readers; /UF the name itself (19005-3 6.8 asks for both). */
    char *ascii = g_str_to_ascii(m->input_name, "C");
    qpdf_oh_replace_key(q, spec, "/F", qpdf_oh_new_string(q, ascii));
    g_free(ascii);
    qpdf_oh_replace_key(q, spec, "/UF", qpdf_oh_new_unicode_string(q, m->input_name));
    qpdf_oh_replace_key(q, spec, "/Desc",
                        qpdf_oh_new_unicode_string(q, "The source this brief was typeset from"));
    qpdf_oh_replace_key(q, spec, "/AFRelationship", qpdf_oh_new_name(q, "/Source"));
    qpdf_oh_replace_key(q, spec, "/EF", ef);
    spec = qpdf_make_indirect_object(q, spec);

    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh af = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, af, spec);
    qpdf_oh_replace_key(q, root, "/AF", af);
    /* Cairo's /Names holds the named destinations: the files join them. */
    qpdf_oh names = qpdf_oh_get_key(q, root, "/Names");
    if (!qpdf_oh_is_dictionary(q, names)) {
        names = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, root, "/Names", names);
    }
    qpdf_oh tree = qpdf_oh_new_dictionary(q);
    qpdf_oh list = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, list, qpdf_oh_new_unicode_string(q, m->input_name));
    qpdf_oh_append_item(q, list, spec);
    qpdf_oh_replace_key(q, tree, "/Names", list);
    qpdf_oh_replace_key(q, names, "/EmbeddedFiles", tree);
}

bool render_pdf_standard(qpdf_data q, const struct render_pdf_meta *m, char **err)
{
    if (!m->standard.pdfa && !m->standard.ua1)
        return true;
    if (m->standard.pdfa && !standard_output_intent(q, err))
        return false;
    /* The parts build on PDF 1.7 (/UF, associated files): the catalog says so over Cairo's
     * 1.5 header (ISO 32000-1 7.7.2). */
    qpdf_oh_replace_key(q, qpdf_get_root(q), "/Version", qpdf_oh_new_name(q, "/1.7"));
    standard_annotations(q, m);
    standard_objects(q, m);
    if (m->standard.ua1)
        standard_note_ids(q);
    if (m->standard.pdfa == NASHRA_PDFA_3U && m->input)
        standard_source(q, m);
    return true;
}
