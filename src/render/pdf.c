/* PDF output: pages drawn by the shared Cairo code, plus metadata, outline, named destinations
 * and link annotations. Links always name a destination: Cairo 1.16 damages `page=N` links. */
#include <errno.h>
#include <string.h>

#include <cairo-pdf.h>

#include "render/render_int.h"
#include "util/url.h"

/* Cairo writes into memory: the file is finished by the post-pass before it is written. */
static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* A string for a Cairo tag attribute: single-quoted, with ' and \ escaped. */
static void pdf_quote(GString *s, const char *v)
{
    g_string_append_c(s, '\'');
    for (; *v; v++) {
        if (*v == '\'' || *v == '\\')
            g_string_append_c(s, '\\');
        g_string_append_c(s, *v);
    }
    g_string_append_c(s, '\'');
}

/* URIs in PDF are 7-bit: percent-encode bytes outside printable ASCII, and quotes. */
static char *pdf_uri(const char *uri)
{
    GString *s = g_string_new(NULL);
    for (const unsigned char *p = (const unsigned char *)uri; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7f || *p == '\'' || *p == '\\' || *p == '"')
            g_string_append_printf(s, "%%%02X", *p);
        else
            g_string_append_c(s, (char)*p);
    }
    return g_string_free(s, FALSE);
}

void render_pdf_link(cairo_t *cr, const struct nashra_item *it)
{
    /* A reader may open any other scheme (file:, javascript:, launch targets) without asking:
     * the text stays, not the link. Layout has warned where it can. */
    if (it->kind != NASHRA_ITEM_LINK || !(it->uri || it->dest) ||
        (it->uri && !nashra_url_is_web(it->uri)))
        return;
    GString *a = g_string_new(NULL);
    if (it->uri) {
        char *u = pdf_uri(it->uri);
        g_string_append(a, "uri=");
        pdf_quote(a, u);
        g_free(u);
    } else {
        g_string_append(a, "dest=");
        pdf_quote(a, it->dest);
    }
    g_string_append_printf(a, " rect=[%.2f %.2f %.2f %.2f]", it->x, it->y, it->w, it->h);
    cairo_tag_begin(cr, CAIRO_TAG_LINK, a->str);
    cairo_tag_end(cr, CAIRO_TAG_LINK);
    g_string_free(a, TRUE);
}

/* Named destinations: not structure, so anywhere on their page. */
static void pdf_dests(cairo_t *cr, const struct nashra_page *page)
{
    for (guint i = 0; i < page->items->len; i++) {
        const struct nashra_item *it = &g_array_index(page->items, struct nashra_item, i);
        if (it->kind != NASHRA_ITEM_DEST || !it->dest)
            continue;
        GString *a = g_string_new("name=");
        pdf_quote(a, it->dest);
        g_string_append_printf(a, " x=%.2f y=%.2f", it->x, it->y);
        cairo_tag_begin(cr, CAIRO_TAG_DEST, a->str);
        cairo_tag_end(cr, CAIRO_TAG_DEST);
        g_string_free(a, TRUE);
    }
}

static void pdf_outline(cairo_surface_t *s, const struct nashra_pages *pages)
{
    int parents[7] = {0}; /* outline id of the latest entry at each level; 0 is the root */
    for (guint k = 0; pages->outline && k < pages->outline->len; k++) {
        const struct nashra_outline_entry *e =
            &g_array_index(pages->outline, struct nashra_outline_entry, k);
        int level = CLAMP(e->level, 1, 6), parent = 0;
        for (int l = level - 1; l >= 1 && !parent; l--)
            parent = parents[l];
        GString *a = g_string_new("dest=");
        pdf_quote(a, e->dest);
        parents[level] = cairo_pdf_surface_add_outline(s, parent, e->title ? e->title : "",
                                                       a->str, CAIRO_PDF_OUTLINE_FLAG_OPEN);
        for (int l = level + 1; l <= 6; l++)
            parents[l] = 0;
        g_string_free(a, TRUE);
    }
}

/* "a, b, c", or NULL for an empty list. */
static char *pdf_join(const GPtrArray *list)
{
    if (!list || list->len == 0)
        return NULL;
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < list->len; i++) {
        if (i)
            g_string_append(s, ", ");
        g_string_append(s, g_ptr_array_index(list, i));
    }
    return g_string_free(s, FALSE);
}

/* What the Info dictionary and the XMP packet say, from INFO (which may be NULL). */
static void pdf_meta_init(struct render_pdf_meta *pm, const struct nashra_render_info *info)
{
    const struct nashra_meta *m = info ? info->meta : NULL;
    *pm = (struct render_pdf_meta){.creator = g_strdup("nashra " NASHRA_VERSION),
                                   .epoch = info ? info->epoch : -1};
    if (info) {
        pm->standard = info->standard;
        pm->input = info->source;
        pm->input_len = info->source_len;
        pm->input_name = info->source_name;
        pm->input_mime = info->source_mime;
    }
    if (!m)
        return;
    pm->title = g_strdup(m->title);
    pm->subject = g_strdup(m->subtitle);
    pm->author = pdf_join(m->authors);
    pm->keywords = pdf_join(m->keywords);
    pm->authors = m->authors;
    pm->keyword_list = m->keywords;
    pm->source = m->source;
    pm->lang = m->resolved.lang ? m->resolved.lang : m->lang;
    pm->rtl = m->resolved.dir == NASHRA_DIR_RTL;
}

static void pdf_meta_clear(struct render_pdf_meta *pm)
{
    g_free(pm->title);
    g_free(pm->subject);
    g_free(pm->creator);
    g_free(pm->author);
    g_free(pm->keywords);
}

static void pdf_metadata(cairo_surface_t *s, const struct render_pdf_meta *pm)
{
    const struct {
        cairo_pdf_metadata_t key;
        const char *value;
    } entries[] = {
        {CAIRO_PDF_METADATA_TITLE, pm->title},     {CAIRO_PDF_METADATA_SUBJECT, pm->subject},
        {CAIRO_PDF_METADATA_AUTHOR, pm->author},   {CAIRO_PDF_METADATA_KEYWORDS, pm->keywords},
        {CAIRO_PDF_METADATA_CREATOR, pm->creator},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(entries); i++)
        if (entries[i].value)
            cairo_pdf_surface_set_metadata(s, entries[i].key, entries[i].value);
    /* Cairo 1.16 stamps the current time unless given an empty date, and writes a date without
     * the D: prefix: the post-pass writes them. */
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, "");
}

int nashra_render_pdf(const struct nashra_pages *pages, const struct nashra_render_info *info,
                      FILE *out)
{
    if (!pages || !out)
        return -1;
    GByteArray *raw = g_byte_array_new();
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(pdf_write, raw, pages->page_width, pages->page_height);
    struct render_pdf_meta pm;
    pdf_meta_init(&pm, info);
    pdf_metadata(s, &pm);
    cairo_t *cr = cairo_create(s);
    struct render_text_map *map = render_text_map_new();
    /* Cairo 1.16 gives each link a structure element but writes the structure tree only when
     * the document has a structure root: without one the PDF has a dangling object. */
    cairo_tag_begin(cr, "Document", NULL);
    struct render_struct *rs = render_struct_new(pages);
    bool drawn = true;
    for (guint p = 0; drawn && p < pages->pages->len; p++) {
        /* Once drawing has failed, more only feeds Cairo's error paths (which leak in 1.16). */
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            break;
        const struct nashra_page *page = g_ptr_array_index(pages->pages, p);
        /* White paper first: Cairo 1.16 unions every drawing's box into a region per page,
         * at a cost that grows with the region; inside one page-sized box it stays a box. */
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_rectangle(cr, 0, 0, pages->page_width, pages->page_height);
        cairo_fill(cr);
        drawn = render_struct_draw_page(rs, cr, (int)p, map);
        pdf_dests(cr, page);
        cairo_show_page(cr);
    }
    render_struct_finish(rs, cr);
    cairo_tag_end(cr, "Document");
    pdf_outline(s, pages);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    unsigned char *pdf = NULL;
    size_t len = 0;
    char *err = NULL;
    if (st == CAIRO_STATUS_SUCCESS && drawn)
        pdf = render_pdf_post(raw->data, raw->len, map, rs, &pm, &len, &err);
    render_struct_free(rs);
    pdf_meta_clear(&pm);
    if (err)
        nashra_diag_say(stderr, "nashra", NASHRA_LABEL_ERROR, "%s", err);
    g_free(err);
    render_text_map_free(map);
    g_byte_array_free(raw, TRUE);
    if (!pdf)
        return -1;
    bool written = fwrite(pdf, 1, len, out) == len;
    g_free(pdf);
    if (!written || fflush(out) != 0 || ferror(out)) {
        if (!errno)
            errno = EIO;
        return -1;
    }
    return 0;
}
