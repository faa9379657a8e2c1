#include "layout/image.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <jerror.h>
#include <jpeglib.h>
#include <librsvg/rsvg.h>
#include <png.h>

/* ---- what a file is ------------------------------------------------------------------------ */

static bool is_png(const guint8 *d, size_t n)
{
    return n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static bool is_jpeg(const guint8 *d, size_t n)
{
    return n >= 3 && memcmp(d, "\xFF\xD8\xFF", 3) == 0;
}

/* Markup: a '<' first, after a byte order mark and white space. */
static bool is_markup(const guint8 *d, size_t n)
{
    size_t i = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
        i++;
    return i < n && d[i] == '<';
}

/* A name for what a refused file seems to be, for the message. */
static const char *kind_of(const guint8 *d, size_t n)
{
    static const struct { const char *magic; size_t len; const char *name; } kinds[] = {
        {"GIF8", 4, "a GIF"},          {"BM", 2, "a BMP"},
        {"II*\0", 4, "a TIFF"},        {"MM\0*", 4, "a TIFF"},
        {"\0\0\1\0", 4, "an ICO"},     {"\x1f\x8b", 2, "gzip data (an .svgz?)"},
        {"%PDF", 4, "a PDF"},          {"/* XPM */", 9, "an XPM"},
        {"RIFF", 4, "a RIFF file (WebP or ANI)"}};
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (n >= kinds[i].len && memcmp(d, kinds[i].magic, kinds[i].len) == 0)
            return kinds[i].name;
    return NULL;
}

static char *megapixels(double px)
{
    if (px < 100000)
        return g_strdup_printf("%.0f pixels", px);
    char *s = g_strdup_printf("%.1f", px / 1e6);
    if (g_str_has_suffix(s, ".0"))
        s[strlen(s) - 2] = '\0';
    char *out = g_strdup_printf("%s megapixels", s);
    g_free(s);
    return out;
}

/* W × H against the side limit and the pixels left of the budget (*USED so far). */
static bool dimensions_fit(long w, long h, long max_pixels, long *used, char **why)
{
    if (w <= 0 || h <= 0) {
        *why = g_strdup_printf("is %ld×%ld pixels: empty", w, h);
        return false;
    }
    if (w > NASHRA_IMAGE_MAX_SIDE || h > NASHRA_IMAGE_MAX_SIDE) {
        *why = g_strdup_printf("is %ld×%ld pixels; images may be at most %d pixels wide and "
                               "tall", w, h, NASHRA_IMAGE_MAX_SIDE);
        return false;
    }
    double px = (double)w * h;
    if (px + *used > max_pixels) {
        char *have = megapixels(px), *limit = megapixels(max_pixels);
        char *left = megapixels(max_pixels - *used);
        *why = *used ? g_strdup_printf("is %ld×%ld pixels (%s), over the %s left of the %s "
                                       "limit (--max-image-pixels)", w, h, have, left, limit)
                     : g_strdup_printf("is %ld×%ld pixels (%s); the limit is %s "
                                       "(--max-image-pixels)", w, h, have, limit);
        g_free(have);
        g_free(limit);
        g_free(left);
        return false;
    }
    *used += (long)px;
    return true;
}

/* ---- PNG: libpng, row by row ----------------------------------------------------------------- */

struct png_mem {
    const guint8 *d;
    size_t n, at;
    char msg[200];
};

static void png_mem_read(png_structp png, png_bytep out, size_t len)
{
    struct png_mem *m = png_get_io_ptr(png);
    if (len > m->n - m->at)
        png_error(png, "the file ends early");
    memcpy(out, m->d + m->at, len);
    m->at += len;
}

static void png_fail(png_structp png, png_const_charp msg)
{
    struct png_mem *m = png_get_error_ptr(png);
    g_strlcpy(m->msg, msg, sizeof m->msg);
    png_longjmp(png, 1);
}

static void png_note(png_structp png, png_const_charp msg)
{
    /* Warnings (an odd colour profile, a bad ancillary chunk) leave the picture whole. */
    (void)png, (void)msg;
}

static guint32 be32(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* The header's size checked first; then every row decoded into one row's buffer, so that the
 * check costs no more memory than a row however large the image. */
static bool png_check(const guint8 *d, size_t n, long max_pixels, long *used, int *w, int *h,
                      char **why)
{
    if (n < 33 || memcmp(d + 12, "IHDR", 4) != 0) {
        *why = g_strdup("is a corrupt PNG (no header)");
        return false;
    }
    long pw = be32(d + 16), ph = be32(d + 20);
    if (!dimensions_fit(pw, ph, max_pixels, used, why))
        return false;
    struct png_mem m = {d, n, 0, ""};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &m, png_fail, png_note);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    guint8 *volatile row = NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        *why = g_strdup("cannot be checked: out of memory");
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        g_free(row);
        png_destroy_read_struct(&png, &info, NULL);
        *why = g_strdup_printf("is a truncated or corrupt PNG (%s)", m.msg);
        return false;
    }
    /* Compressed text and profiles inflate up to this, not to what a chunk claims. */
    png_set_chunk_malloc_max(png, 8 << 20);
    png_set_read_fn(png, &m, png_mem_read);
    png_read_info(png, info);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    row = g_malloc(png_get_rowbytes(png, info));
    for (int p = 0; p < passes; p++)
        for (long y = 0; y < ph; y++)
            png_read_row(png, row, NULL);
    png_read_end(png, NULL);
    g_free(row);
    png_destroy_read_struct(&png, &info, NULL);
    *w = (int)pw, *h = (int)ph;
    return true;
}

/* ---- JPEG: libjpeg, at an eighth of the size ------------------------------------------------- */

struct jpeg_fail {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char msg[JMSG_LENGTH_MAX];
};

static void jpeg_fail_exit(j_common_ptr c)
{
    struct jpeg_fail *f = (struct jpeg_fail *)(void *)c->err;
    c->err->format_message(c, f->msg);
    longjmp(f->jump, 1);
}

/* libjpeg decodes a damaged file with a warning and grey where the data is missing: a
 * warning about the data is a failure. About metadata it is not. */
static void jpeg_fail_warn(j_common_ptr c, int level)
{
    static const int harmless[] = {JWRN_ADOBE_XFORM, JWRN_JFIF_MAJOR, JWRN_BOGUS_ICC,
                                   JWRN_EXTRANEOUS_DATA};
    if (level >= 0)
        return;
    for (size_t i = 0; i < G_N_ELEMENTS(harmless); i++)
        if (c->err->msg_code == harmless[i])
            return;
    jpeg_fail_exit(c);
}

/* The header's size checked before decoding; then all of the data decoded (a scale of 1/8
 * still decodes every block, and needs a 64th of the memory). */
static bool jpeg_check(const guint8 *d, size_t n, const char *pdfa, long max_pixels, long *used,
                       int *w, int *h, char **why)
{
    struct jpeg_decompress_struct c;
    struct jpeg_fail f;
    JSAMPLE *volatile row = NULL;
    volatile int scans = 0;
    c.err = jpeg_std_error(&f.pub);
    f.pub.error_exit = jpeg_fail_exit;
    f.pub.emit_message = jpeg_fail_warn;
    f.msg[0] = '\0';
    jpeg_create_decompress(&c);
    if (setjmp(f.jump)) {
        g_free(row);
        jpeg_destroy_decompress(&c);
        *why = g_strdup_printf("is a truncated or corrupt JPEG (%s)", f.msg);
        return false;
    }
    jpeg_mem_src(&c, d, (unsigned long)n);
    jpeg_read_header(&c, TRUE);
    if (!dimensions_fit(c.image_width, c.image_height, max_pixels, used, why)) {
        jpeg_destroy_decompress(&c);
        return false;
    }
    /* Cairo embeds a JPEG as it is, in DeviceCMYK, which the sRGB output intent of a PDF/A file
     * does not cover (ISO 19005-2 6.2.4.3). */
    if (pdfa && c.num_components == 4) {
        jpeg_destroy_decompress(&c);
        *why = g_strdup_printf("is a CMYK JPEG, which a PDF/A file (%s) with an sRGB output "
                               "intent cannot hold: convert it to RGB", pdfa);
        return false;
    }
    c.scale_num = 1;
    c.scale_denom = 8;
    c.dct_method = JDCT_IFAST;
    c.do_fancy_upsampling = FALSE;
    /* Buffered: to count a progressive file's scans as they come. */
    c.buffered_image = c.progressive_mode;
    jpeg_start_decompress(&c);
    row = g_malloc((size_t)c.output_width * c.output_components);
    if (c.buffered_image) {
        for (int r; (r = jpeg_consume_input(&c)) != JPEG_REACHED_EOI && r != JPEG_SUSPENDED;)
            if (r == JPEG_REACHED_SOS && ++scans > NASHRA_JPEG_MAX_SCANS) {
                g_free(row);
                jpeg_destroy_decompress(&c);
                *why = g_strdup_printf("is a progressive JPEG of more than %d scans",
                                       NASHRA_JPEG_MAX_SCANS);
                return false;
            }
        jpeg_start_output(&c, c.input_scan_number);
    }
    while (c.output_scanline < c.output_height) {
        JSAMPROW rows[1] = {row};
        jpeg_read_scanlines(&c, rows, 1);
    }
    if (c.buffered_image)
        jpeg_finish_output(&c);
    jpeg_finish_decompress(&c);
    *w = (int)c.image_width, *h = (int)c.image_height;
    g_free(row);
    jpeg_destroy_decompress(&c);
    return true;
}

/* A PNG or JPEG; anything else is refused. */
static bool raster_check(const guint8 *d, size_t n, const struct nashra_image_limits *lim,
                         long *used, enum nashra_image_format *format, int *w, int *h, char **why)
{
    if (is_png(d, n)) {
        *format = NASHRA_IMAGE_PNG;
        return png_check(d, n, lim->max_pixels, used, w, h, why);
    }
    if (is_jpeg(d, n)) {
        *format = NASHRA_IMAGE_JPEG;
        return jpeg_check(d, n, lim->pdfa, lim->max_pixels, used, w, h, why);
    }
    const char *kind = kind_of(d, n);
    *why = kind ? g_strdup_printf("is %s, not a PNG or JPEG image", kind)
                : g_strdup("is not a PNG or JPEG image");
    return false;
}

/* ---- SVG: a scan before librsvg -------------------------------------------------------------- */

struct svg_el {
    int parent, first_child, last_child, next_sibling;
    int same_id;       /* the next element with the same id, or -1 */
    guint first_ref, n_refs;
    double vertices;   /* where markers could go on its own shape */
    bool marker;
    bool gradient;     /* draws nothing of its own */
};

struct svg_scan {
    const struct nashra_image_limits *lim;
    char *dir;          /* the SVG's folder: librsvg loads files only in and below it */
    GArray *els;        /* of struct svg_el, in document order */
    GPtrArray *refs;    /* ids referred to (#id, url(#id)); each element's in a run */
    GPtrArray *sheet_refs; /* ids a style sheet refers to: gradients only */
    GHashTable *ids;    /* id → first element's index + 1 */
    GHashTable *files;  /* nested image files checked */
    int cur, depth;
    bool in_style;
    long pixels;        /* of the nested images */
    size_t bytes;       /* of the nested images */
    /* The first reason to refuse. Kept here, not only in GMarkup's error: GLib 2.74 does not
     * stop at an error a passthrough callback sets, and later wrote its own over it. */
    char *failure;
};

/* Records WHY (taken) as the scan's reason to refuse, unless it has one, and asks GMarkup
 * to stop. */
static void svg_refuse(GMarkupParseContext *ctx, GError **err, char *why)
{
    struct svg_scan *s = g_markup_parse_context_get_user_data(ctx);
    if (s->failure) {
        g_free(why);
        return;
    }
    s->failure = why;
    if (err && !*err)
        g_set_error_literal(err, g_quark_from_static_string("nashra-svg-scan"), 0, why);
}

static void svg_fail(GMarkupParseContext *ctx, GError **err, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* Stops the scan with the message "holds at line L …" (FMT follows "holds"). */
static void svg_fail(GMarkupParseContext *ctx, GError **err, const char *fmt, ...)
{
    int line = 0;
    g_markup_parse_context_get_position(ctx, &line, NULL);
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    svg_refuse(ctx, err, g_strdup_printf("holds at its line %d %s", line, what));
    g_free(what);
}

static const char *local_name(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

/* A number start in a path's data or a shape's points: enough to bound its vertices. */
static double count_numbers(const char *s)
{
    double n = 0;
    for (const char *p = s; *p; p++)
        if (g_ascii_isdigit(*p) && (p == s || !g_ascii_isdigit(p[-1])))
            n++;
    return n;
}

/* The id of a local reference "#id" or "url(#id)"'s inside, unquoted and trimmed; NULL
 * when it names something else. */
static char *fragment_id(const char *s, size_t len)
{
    while (len && g_ascii_isspace(*s))
        s++, len--;
    while (len && g_ascii_isspace(s[len - 1]))
        len--;
    if (len >= 2 && (s[0] == '"' || s[0] == '\'') && s[len - 1] == s[0])
        s++, len -= 2;
    if (!len || s[0] != '#')
        return NULL;
    return g_strndup(s + 1, len - 1);
}

/* Every url(…) in VALUE: a local reference is recorded in REFS; another is refused. */
static bool svg_urls(GMarkupParseContext *ctx, const char *value, GPtrArray *refs,
                     GError **err)
{
    if (strchr(value, '\\') && strchr(value, '(')) {
        svg_fail(ctx, err, "a CSS escape in a value with a function, which is not accepted");
        return false;
    }
    for (const char *p = value; (p = strchr(p, '(')) != NULL; p++) {
        if (p - value < 3 || g_ascii_strncasecmp(p - 3, "url", 3) != 0)
            continue;
        const char *end = strchr(p, ')');
        char *id = fragment_id(p + 1, end ? (size_t)(end - p - 1) : strlen(p + 1));
        if (!id) {
            svg_fail(ctx, err, "a url(…) naming something outside the SVG, which is not "
                     "accepted");
            return false;
        }
        g_ptr_array_add(refs, id);
    }
    return true;
}

/* Checks a nested image (data: URI or file) as a figure's own, sharing its budgets. */
static bool svg_nested_image(struct svg_scan *s, GMarkupParseContext *ctx, const char *href,
                             GError **err)
{
    guint8 *data = NULL;
    gsize len = 0;
    char *desc = NULL, *why = NULL;
    if (!g_ascii_strncasecmp(href, "data:", 5)) {
        const char *comma = strchr(href, ',');
        if (!comma) {
            svg_fail(ctx, err, "a data: URI without data");
            return false;
        }
        desc = g_strdup("a data: image");
        if (comma - href >= 7 && !g_ascii_strncasecmp(comma - 7, ";base64", 7)) {
            data = g_base64_decode(comma + 1, &len);
        } else {
            GBytes *b = g_uri_unescape_bytes(comma + 1, -1, NULL, NULL);
            data = b ? g_bytes_unref_to_data(b, &len) : NULL;
        }
        s->bytes += len;
    } else {
        char *name = NULL;
        if (!g_ascii_strncasecmp(href, "file:", 5))
            name = g_filename_from_uri(href, NULL, NULL);
        else if (!g_uri_peek_scheme(href))
            name = g_uri_unescape_string(href, NULL);
        char *shown = g_strndup(href, 80);
        desc = g_strdup_printf("an image '%s'", shown);
        g_free(shown);
        if (!name) {
            svg_fail(ctx, err, "%s: only files and data: URIs are accepted", desc);
            g_free(desc);
            return false;
        }
        char *real = nashra_root_resolve(s->lim->root, s->dir, name, &why);
        g_free(name);
        size_t dn = strlen(s->dir);
        if (real && !(strncmp(real, s->dir, dn) == 0 && (real[dn] == '/' || dn == 1))) {
            why = g_strdup("outside the SVG's folder, where librsvg would not load it");
            g_clear_pointer(&real, g_free);
        }
        if (real && g_hash_table_contains(s->files, real)) {
            g_free(real);
            g_free(desc);
            return true;
        }
        char *text = NULL;
        size_t n = 0;
        if (real && nashra_read_regular(real, NASHRA_IMAGE_MAX_BYTES, &text, &n, &why)) {
            data = (guint8 *)text, len = n;
            s->bytes += n;
            g_hash_table_add(s->files, real);
        } else {
            g_free(real);
            svg_fail(ctx, err, "%s that cannot be read: %s", desc, why);
            g_free(why);
            g_free(desc);
            return false;
        }
    }
    bool ok = false;
    if (s->bytes > NASHRA_IMAGE_MAX_BYTES) {
        why = g_strdup_printf("over the %zu bytes all of its images may have",
                              NASHRA_IMAGE_MAX_BYTES);
    } else {
        enum nashra_image_format f;
        int w, h;
        ok = raster_check(data ? data : (const guint8 *)"", len, s->lim, &s->pixels, &f, &w, &h,
                          &why);
    }
    if (!ok)
        svg_fail(ctx, err, "%s that %s", desc, why);
    g_free(why);
    g_free(desc);
    g_free(data);
    return ok;
}

static void svg_start(GMarkupParseContext *ctx, const gchar *name, const gchar **names,
                      const gchar **values, gpointer data, GError **err)
{
    struct svg_scan *s = data;
    if (s->failure)
        return;
    const char *local = local_name(name);
    if (s->els->len == 0 && strcmp(local, "svg") != 0) {
        svg_refuse(ctx, err,
                   g_strdup_printf("is XML but not an SVG image (its root is <%s>)", name));
        return;
    }
    if (s->els->len >= NASHRA_SVG_MAX_ELEMENTS) {
        svg_fail(ctx, err, "its element number %d; an SVG may have at most %d",
                 NASHRA_SVG_MAX_ELEMENTS + 1, NASHRA_SVG_MAX_ELEMENTS);
        return;
    }
    if (++s->depth > NASHRA_SVG_MAX_DEPTH) {
        svg_fail(ctx, err, "elements nested more than %d deep", NASHRA_SVG_MAX_DEPTH);
        return;
    }
    if (!strcmp(local, "include")) {
        svg_fail(ctx, err, "an <%s>, which is not accepted", name);
        return;
    }
    int self = (int)s->els->len;
    struct svg_el el = {.parent = s->cur, .first_child = -1, .last_child = -1,
                        .next_sibling = -1, .same_id = -1, .first_ref = s->refs->len,
                        .marker = !strcmp(local, "marker"),
                        .gradient = !strcmp(local, "linearGradient") ||
                                    !strcmp(local, "radialGradient")};
    bool links_out = !strcmp(local, "a"); /* a hyperlink: never loaded */
    bool image = !strcmp(local, "image") || !strcmp(local, "feImage");
    for (int i = 0; names[i]; i++) {
        const char *an = names[i], *v = values[i];
        if (!strcmp(an, "id")) {
            gpointer first = g_hash_table_lookup(s->ids, v);
            if (first) { /* which one librsvg takes is its business: count them all */
                /* This element is not in s->els yet, and may name the id twice. */
                int k = GPOINTER_TO_INT(first) - 1;
                while (k != self && g_array_index(s->els, struct svg_el, k).same_id >= 0)
                    k = g_array_index(s->els, struct svg_el, k).same_id;
                if (k != self)
                    g_array_index(s->els, struct svg_el, k).same_id = self;
            } else {
                g_hash_table_insert(s->ids, g_strdup(v), GINT_TO_POINTER(self + 1));
            }
        } else if (!strcmp(an, "xml:base")) {
            svg_fail(ctx, err, "an xml:base, which is not accepted");
            return;
        } else if (!strcmp(local_name(an), "href")) {
            char *id = fragment_id(v, strlen(v));
            if (id)
                g_ptr_array_add(s->refs, id);
            else if (image && !svg_nested_image(s, ctx, v, err))
                return;
            else if (!image && !links_out) {
                char *shown = g_strndup(v, 80);
                svg_fail(ctx, err, "a reference to '%s' outside the SVG, which is not "
                         "accepted", shown);
                g_free(shown);
                return;
            }
            continue;
        } else if (!strcmp(an, "d") || !strcmp(an, "points")) {
            el.vertices += count_numbers(v);
        }
        if (!svg_urls(ctx, v, s->refs, err))
            return;
    }
    if (!strcmp(local, "line"))
        el.vertices += 2;
    el.n_refs = s->refs->len - el.first_ref;
    if (s->cur >= 0) {
        struct svg_el *p = &g_array_index(s->els, struct svg_el, s->cur);
        if (p->last_child >= 0)
            g_array_index(s->els, struct svg_el, p->last_child).next_sibling = self;
        else
            p->first_child = self;
        p->last_child = self;
    }
    g_array_append_val(s->els, el);
    s->cur = self;
    s->in_style = !strcmp(local, "style");
}

static void svg_end(GMarkupParseContext *ctx, const gchar *name, gpointer data, GError **err)
{
    (void)ctx, (void)name, (void)err;
    struct svg_scan *s = data;
    if (s->failure)
        return;
    s->depth--;
    s->cur = g_array_index(s->els, struct svg_el, s->cur).parent;
    s->in_style = false;
}

static void svg_text(GMarkupParseContext *ctx, const gchar *text, gsize len, gpointer data,
                     GError **err)
{
    struct svg_scan *s = data;
    if (s->failure || !s->in_style)
        return;
    char *sheet = g_strndup(text, len);
    if (strstr(sheet, "@import"))
        svg_fail(ctx, err, "a style sheet that imports another, which is not accepted");
    else
        svg_urls(ctx, sheet, s->sheet_refs, err);
    g_free(sheet);
}

static void svg_passthrough(GMarkupParseContext *ctx, const gchar *text, gsize len,
                            gpointer data, GError **err)
{
    if (((struct svg_scan *)data)->failure)
        return;
    /* What libxml2 would make of a DTD's entities GMarkup does not know: none accepted. */
    if (len >= 9 && !strncmp(text, "<!DOCTYPE", 9) && memchr(text, '[', len))
        svg_fail(ctx, err, "a DOCTYPE with its own declarations, which is not accepted");
    /* librsvg loads the style sheet an <?xml-stylesheet?> names. */
    else if (len >= 2 && !strncmp(text, "<?", 2) &&
             !(len > 6 && !strncmp(text, "<?xml", 5) && g_ascii_isspace(text[5])))
        svg_fail(ctx, err, "a processing instruction, which is not accepted");
}

/* How much librsvg would draw: every element once for each time a <use>, or a url(#…)
 * (pattern, clip path, mask, filter, marker), draws it, a marker once for each vertex it
 * could be put on. Iterative, so that neither the document's depth nor a chain of references
 * sets this stack's depth. False with *WHY set on a cycle or over the limits. */
static bool svg_drawn(struct svg_scan *s, double *drawn, char **why)
{
    guint n = s->els->len;
    guint8 *color = g_new0(guint8, n); /* 0 new, 1 under way, 2 done */
    double *cost = g_new0(double, n), *vert = g_new0(double, n);
    int *depth = g_new0(int, n);
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(int));
    bool ok = true;
    int root = 0;
    g_array_append_val(stack, root);
#define SVG_TARGETS(k, j, t)                                                                    \
    for (guint j = 0; j < g_array_index(s->els, struct svg_el, k).n_refs; j++)                 \
        for (int t = GPOINTER_TO_INT(g_hash_table_lookup(                                      \
                          s->ids, g_ptr_array_index(s->refs,                                   \
                                                   g_array_index(s->els, struct svg_el, k)     \
                                                           .first_ref + j))) - 1;              \
             t >= 0; t = g_array_index(s->els, struct svg_el, t).same_id)
    while (ok && stack->len) {
        int top = g_array_index(stack, int, stack->len - 1);
        g_array_set_size(stack, stack->len - 1);
        int k = top >> 1;
        const struct svg_el *e = &g_array_index(s->els, struct svg_el, k);
        if (!(top & 1)) {
            if (color[k] == 2)
                continue;
            if (color[k] == 1) {
                ok = false;
                break;
            }
            color[k] = 1;
            int post = k << 1 | 1;
            g_array_append_val(stack, post);
            for (int c = e->first_child; c >= 0 && ok;
                 c = g_array_index(s->els, struct svg_el, c).next_sibling) {
                int pre = c << 1;
                ok = color[c] != 1;
                g_array_append_val(stack, pre);
            }
            SVG_TARGETS(k, j, t) {
                int pre = t << 1;
                ok = ok && color[t] != 1;
                g_array_append_val(stack, pre);
            }
            continue;
        }
        double v = e->vertices, c = 1;
        int d = 0;
        for (int ch = e->first_child; ch >= 0;
             ch = g_array_index(s->els, struct svg_el, ch).next_sibling) {
            v += vert[ch], c += cost[ch];
            d = MAX(d, depth[ch]);
        }
        SVG_TARGETS(k, j, t) {
            if (!g_array_index(s->els, struct svg_el, t).marker)
                v += vert[t];
            d = MAX(d, depth[t]);
        }
        SVG_TARGETS(k, j, t) {
            bool marker = g_array_index(s->els, struct svg_el, t).marker;
            c += cost[t] * (marker ? v + 1 : 1);
        }
        vert[k] = MIN(v, 1e15), cost[k] = MIN(c, 1e15), depth[k] = d + 1;
        color[k] = 2;
        if (depth[k] > NASHRA_SVG_MAX_DEPTH) {
            *why = g_strdup_printf("nests elements and references more than %d deep",
                                   NASHRA_SVG_MAX_DEPTH);
            ok = false;
            goto out;
        }
    }
#undef SVG_TARGETS
    if (!ok)
        *why = g_strdup("has a <use> or url(#…) that refers to itself");
    *drawn = cost[0];
out:
    g_array_free(stack, TRUE);
    g_free(color);
    g_free(cost);
    g_free(vert);
    g_free(depth);
    return ok;
}

/* A style sheet may only give gradients: anything else it refers to would be drawn for every
 * element it selects, which the count above cannot see. */
static bool svg_sheet_refs(struct svg_scan *s, char **why)
{
    for (guint i = 0; i < s->sheet_refs->len; i++) {
        const char *id = g_ptr_array_index(s->sheet_refs, i);
        for (int t = GPOINTER_TO_INT(g_hash_table_lookup(s->ids, id)) - 1; t >= 0;
             t = g_array_index(s->els, struct svg_el, t).same_id)
            if (!g_array_index(s->els, struct svg_el, t).gradient) {
                *why = g_strdup_printf("has a style sheet that refers to '#%s', which is not a "
                                       "gradient; give it on the elements instead", id);
                return false;
            }
    }
    return true;
}

static bool svg_scan(const char *path, const guint8 *d, size_t n,
                     const struct nashra_image_limits *lim, char **why)
{
    if (n > NASHRA_SVG_MAX_BYTES) {
        *why = g_strdup_printf("is an SVG of %zu bytes; the limit is %zu", n,
                               NASHRA_SVG_MAX_BYTES);
        return false;
    }
    struct svg_scan s = {.lim = lim,
                         .dir = g_path_get_dirname(path),
                         .els = g_array_new(FALSE, FALSE, sizeof(struct svg_el)),
                         .refs = g_ptr_array_new_with_free_func(g_free),
                         .sheet_refs = g_ptr_array_new_with_free_func(g_free),
                         .ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                         .files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                         .cur = -1};
    static const GMarkupParser parser = {svg_start, svg_end, svg_text, svg_passthrough, NULL};
    GMarkupParseContext *ctx =
        g_markup_parse_context_new(&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &s, NULL);
    size_t skip = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    GError *e = NULL;
    /* GMarkup reads UTF-8 only, and on a bad byte in a name sets its error twice. */
    if (!g_utf8_validate((const char *)d + skip, (gssize)(n - skip), NULL))
        g_set_error_literal(&e, G_MARKUP_ERROR, G_MARKUP_ERROR_BAD_UTF8, "not UTF-8 text");
    bool ok = !e && g_markup_parse_context_parse(ctx, (const char *)d + skip, (gssize)(n - skip), &e) &&
              g_markup_parse_context_end_parse(ctx, &e);
    char *text = e ? nashra_diag_library_text(e->message) : NULL;
    if (s.failure)
        *why = g_steal_pointer(&s.failure), ok = false;
    else if (!ok)
        *why = g_strdup_printf("is not a PNG, JPEG or SVG image (as XML: %s)", text ? text : "?");
    g_free(text);
    g_clear_error(&e);
    g_markup_parse_context_free(ctx);
    double drawn = 0;
    if (ok && !s.els->len) {
        *why = g_strdup("is not a PNG, JPEG or SVG image (no root element)");
        ok = false;
    }
    ok = ok && svg_sheet_refs(&s, why) && svg_drawn(&s, &drawn, why);
    if (ok && drawn > NASHRA_SVG_MAX_DRAWN) {
        *why = g_strdup_printf("is an SVG that could draw %.0f elements once its <use>, "
                               "patterns and markers are expanded; the limit is %.0f",
                               drawn, NASHRA_SVG_MAX_DRAWN);
        ok = false;
    }
    g_free(s.dir);
    g_array_free(s.els, TRUE);
    g_ptr_array_free(s.refs, TRUE);
    g_ptr_array_free(s.sheet_refs, TRUE);
    g_hash_table_destroy(s.ids);
    g_hash_table_destroy(s.files);
    return ok;
}

/* The SVG's size as librsvg reads it (the same bytes, PATH its base for references). */
static bool svg_size(const char *path, GBytes *data, double *w, double *h, char **why)
{
    GInputStream *in = g_memory_input_stream_new_from_bytes(data);
    GFile *base = g_file_new_for_path(path);
    GError *e = NULL;
    RsvgHandle *svg =
        rsvg_handle_new_from_stream_sync(in, base, RSVG_HANDLE_FLAGS_NONE, NULL, &e);
    g_object_unref(base);
    g_object_unref(in);
    if (!svg) {
        char *text = e ? nashra_diag_library_text(e->message) : NULL;
        *why = g_strdup_printf("is not a readable SVG image (%s)", text ? text : "?");
        g_free(text);
        g_clear_error(&e);
        return false;
    }
    rsvg_handle_set_dpi(svg, 96);
    gdouble sw = 0, sh = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(svg, &sw, &sh) || sw <= 0 || sh <= 0) {
        /* No width and height: its viewBox, else a default box. */
        gboolean has_w, has_h, has_vb;
        RsvgLength lw, lh;
        RsvgRectangle vb;
        rsvg_handle_get_intrinsic_dimensions(svg, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
        sw = has_vb && vb.width > 0 ? vb.width : 600;
        sh = has_vb && vb.height > 0 ? vb.height : 400;
    }
    g_object_unref(svg);
    *w = sw, *h = sh;
    return true;
}

bool nashra_image_check(const char *path, GBytes *data, const struct nashra_image_limits *lim,
                        enum nashra_image_format *format, double *w, double *h, char **why)
{
    gsize n = 0;
    const guint8 *d = g_bytes_get_data(data, &n);
    if (!d)
        d = (const guint8 *)"";
    *why = NULL;
    if (is_png(d, n) || is_jpeg(d, n)) {
        long used = 0;
        int pw = 0, ph = 0;
        if (!raster_check(d, n, lim, &used, format, &pw, &ph, why))
            return false;
        *w = pw, *h = ph;
        return true;
    }
    if (is_markup(d, n)) {
        *format = NASHRA_IMAGE_SVG;
        return svg_scan(path, d, n, lim, why) && svg_size(path, data, w, h, why);
    }
    const char *kind = kind_of(d, n);
    *why = kind ? g_strdup_printf("is %s, not a PNG, JPEG or SVG image", kind)
                : g_strdup("is not a PNG, JPEG or SVG image");
    return false;
}
