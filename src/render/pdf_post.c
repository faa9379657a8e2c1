/* The finished PDF edited where Cairo 1.16 cannot write what readers need: each font's
 * ToUnicode map gets the real text of the tokens render/text.c gave Cairo; the catalog its
 * language, viewer preferences and XMP; the Info dictionary its dates. libqpdf writes the file. */
#include <stdlib.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

#include "render/render_int.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The one code point a hex string of UTF-16BE holds, or 0 when it holds another number. */
static gunichar utf16_hex_char(const char *hex, size_t n)
{
    guint32 u[2];
    if (n != 4 && n != 8)
        return 0;
    for (size_t w = 0; w < n / 4; w++) {
        u[w] = 0;
        for (int k = 0; k < 4; k++) {
            int v = hex_value(hex[w * 4 + k]);
            if (v < 0)
                return 0;
            u[w] = u[w] << 4 | (guint32)v;
        }
    }
    if (n == 4)
        return u[0];
    if (u[0] < 0xD800 || u[0] > 0xDBFF || u[1] < 0xDC00 || u[1] > 0xDFFF)
        return 0;
    return 0x10000 + ((u[0] - 0xD800) << 10) + (u[1] - 0xDC00);
}

static void append_utf16_hex(GString *out, const char *text)
{
    glong n = 0;
    gunichar2 *u = g_utf8_to_utf16(text, -1, NULL, &n, NULL);
    g_string_append_c(out, '<');
    for (glong i = 0; u && i < n; i++)
        g_string_append_printf(out, "%04X", u[i]);
    g_string_append_c(out, '>');
    g_free(u);
}

/* CMAP with every hex string that is one token replaced by the token's text. Cairo writes
 * bfchar lines `<code> <text>`: codes are never surrogate pairs, so only texts match. */
static GString *cmap_detokenize(const char *cmap, size_t len, const struct render_text_map *map)
{
    GString *out = g_string_sized_new(len + len / 2);
    size_t i = 0;
    while (i < len) {
        const char *open = memchr(cmap + i, '<', len - i);
        if (!open) {
            g_string_append_len(out, cmap + i, (gssize)(len - i));
            break;
        }
        size_t o = (size_t)(open - cmap);
        const char *close = memchr(open, '>', len - o);
        if (!close) {
            g_string_append_len(out, cmap + i, (gssize)(len - i));
            break;
        }
        size_t c = (size_t)(close - cmap);
        g_string_append_len(out, cmap + i, (gssize)(o - i));
        const char *text = render_text_map_lookup(map, utf16_hex_char(open + 1, c - o - 1));
        if (text)
            append_utf16_hex(out, text);
        else
            g_string_append_len(out, open, (gssize)(c - o + 1));
        i = c + 1;
    }
    return out;
}

/* Gives FONT (a Type0 font), its descendant and its descriptor the name NAME. */
static void font_rename(qpdf_data q, qpdf_oh font, const char *name)
{
    qpdf_oh_replace_key(q, font, "/BaseFont", qpdf_oh_new_name(q, name));
    qpdf_oh kids = qpdf_oh_get_key(q, font, "/DescendantFonts");
    for (int k = 0; k < qpdf_oh_get_array_n_items(q, kids); k++) {
        qpdf_oh cid = qpdf_oh_get_array_item(q, kids, k);
        qpdf_oh_replace_key(q, cid, "/BaseFont", qpdf_oh_new_name(q, name));
        qpdf_oh desc = qpdf_oh_get_key(q, cid, "/FontDescriptor");
        if (qpdf_oh_is_dictionary(q, desc))
            qpdf_oh_replace_key(q, desc, "/FontName", qpdf_oh_new_name(q, name));
    }
}

/* The fonts Cairo wrote for the aliases of one font (render/text.c) take the name of the
 * first: pdf.js starts a new text item where the font's name changes, and keeps items in
 * stream order, which reverses the words of an RTL line. NAMES maps a name without its subset
 * tag to the first full name seen. */
static void font_unalias(qpdf_data q, qpdf_oh font, GHashTable *names)
{
    qpdf_oh base = qpdf_oh_get_key(q, font, "/BaseFont");
    if (!qpdf_oh_is_dictionary_of_type(q, font, "/Font", "/Type0") || !qpdf_oh_is_name(q, base))
        return;
    const char *name = qpdf_oh_get_name(q, base);
    const char *plus = strchr(name, '+');
    const char *family = plus ? plus + 1 : name + 1;
    const char *first = g_hash_table_lookup(names, family);
    if (!first)
        g_hash_table_insert(names, g_strdup(family), g_strdup(name));
    else if (strcmp(first, name) != 0)
        font_rename(q, font, first);
}

static char *qpdf_message(qpdf_data q)
{
    qpdf_error e = qpdf_has_error(q) ? qpdf_get_error(q) : NULL;
    return g_strdup(e ? qpdf_get_error_full_text(q, e) : "PDF post-pass failed");
}

/* Every font's ToUnicode map gets the texts of MAP's tokens, and aliases one font name. */
static void post_fonts(qpdf_data q, const struct render_text_map *map)
{
    /* Cairo writes no object streams: every object is numbered below the trailer's /Size. */
    int size = qpdf_oh_get_int_value_as_int(q, qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size"));
    GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (int id = 1; id < size; id++) {
        qpdf_oh font = qpdf_get_object_by_id(q, id, 0);
        if (!qpdf_oh_is_dictionary_of_type(q, font, "/Font", ""))
            continue;
        font_unalias(q, font, names);
        qpdf_oh tu = qpdf_oh_get_key(q, font, "/ToUnicode");
        unsigned char *data = NULL;
        size_t n = 0;
        if (!qpdf_oh_is_stream(q, tu) ||
            qpdf_oh_get_stream_data(q, tu, qpdf_dl_generalized, NULL, &data, &n) & QPDF_ERRORS) {
            free(data);
            continue;
        }
        GString *fixed = cmap_detokenize((const char *)data, n, map);
        free(data);
        qpdf_oh_replace_stream_data(q, tu, (const unsigned char *)fixed->str, fixed->len,
                                    qpdf_oh_new_null(q), qpdf_oh_new_null(q));
        g_string_free(fixed, TRUE);
        qpdf_oh_release_all(q);
    }
    g_hash_table_destroy(names);
}

/* Cairo 1.16 writes dates without the D: prefix ISO 32000-1 §7.9.4 requires, so pdf.c gives it
 * none and they are written here; the XMP packet takes the Producer Cairo wrote. */
static void post_metadata(qpdf_data q, const struct render_pdf_meta *m)
{
    qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
    char date[RENDER_DATE_SIZE], iso[RENDER_DATE_SIZE];
    if (qpdf_oh_is_dictionary(q, info) && render_pdf_dates(m->epoch, date, iso)) {
        qpdf_oh_replace_key(q, info, "/CreationDate", qpdf_oh_new_string(q, date));
        qpdf_oh_replace_key(q, info, "/ModDate", qpdf_oh_new_string(q, date));
    }
    qpdf_oh producer = qpdf_oh_get_key(q, info, "/Producer");
    char *p = qpdf_oh_is_string(q, producer) ? g_strdup(qpdf_oh_get_utf8_value(q, producer)) : NULL;
    char *xmp = render_xmp_packet(m, p);
    /* Uncompressed, as PDF/A wants it: qpdf leaves /Type /Metadata streams as they are. */
    qpdf_oh stream = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, stream, (const unsigned char *)xmp, strlen(xmp),
                                qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    qpdf_oh dict = qpdf_oh_get_dict(q, stream);
    qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/Metadata"));
    qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/XML"));
    qpdf_oh_replace_key(q, qpdf_get_root(q), "/Metadata", stream);
    g_free(xmp);
    g_free(p);
}

/* The catalog entries readers and screen readers look for: the language, a right-to-left
 * brief's page order, the title in the window bar, and the file marked as tagged. */
static void post_catalog(qpdf_data q, const struct render_pdf_meta *m)
{
    qpdf_oh root = qpdf_get_root(q);
    if (m->lang)
        qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, m->lang));
    qpdf_oh prefs = qpdf_oh_new_dictionary(q);
    if (m->rtl)
        qpdf_oh_replace_key(q, prefs, "/Direction", qpdf_oh_new_name(q, "/R2L"));
    qpdf_oh_replace_key(q, prefs, "/DisplayDocTitle", qpdf_oh_new_bool(q, QPDF_TRUE));
    qpdf_oh_replace_key(q, root, "/ViewerPreferences", prefs);
    qpdf_oh mark = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, mark, "/Marked", qpdf_oh_new_bool(q, QPDF_TRUE));
    qpdf_oh_replace_key(q, root, "/MarkInfo", mark);
}

unsigned char *render_pdf_post(const unsigned char *pdf, size_t len,
                               const struct render_text_map *map,
                               const struct render_struct *rs,
                               const struct render_pdf_meta *meta, size_t *out_len, char **err)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    unsigned char *result = NULL;
    if (qpdf_read_memory(q, "nashra.pdf", (const char *)pdf, (unsigned long long)len, NULL) &
        QPDF_ERRORS) {
        *err = qpdf_message(q);
        qpdf_cleanup(&q);
        return NULL;
    }
    post_fonts(q, map);
    post_metadata(q, meta);
    post_catalog(q, meta);
    render_struct_post(q, rs);
    if (!render_pdf_standard(q, meta, err)) {
        qpdf_cleanup(&q);
        return NULL;
    }
    if (qpdf_init_write_memory(q) & QPDF_ERRORS) {
        *err = qpdf_message(q);
        qpdf_cleanup(&q);
        return NULL;
    }
    /* The /ID is a hash of the content, not of the time: the same input gives the same bytes. */
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    qpdf_set_compress_streams(q, QPDF_TRUE);
    if (qpdf_write(q) & QPDF_ERRORS) {
        *err = qpdf_message(q);
    } else {
        *out_len = qpdf_get_buffer_length(q);
        result = g_memdup2(qpdf_get_buffer(q), *out_len);
    }
    qpdf_cleanup(&q);
    return result;
}
