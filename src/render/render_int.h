/* Render internals shared by the Cairo back ends (PDF, PNG). */
#ifndef NASHRA_RENDER_INT_H
#define NASHRA_RENDER_INT_H

#include <cairo.h>
#include <pango/pango.h>
#include <qpdf/qpdf-c.h>

#include "render/render.h"

/* Texts of the glyphs drawn into one PDF, each standing in Cairo's output as one private-use
 * character (a token) until render_pdf_post writes the real text. */
struct render_text_map;
struct render_text_map *render_text_map_new(void);
void render_text_map_free(struct render_text_map *map);
/* The text TOKEN stands for, or NULL when it is no token of MAP. */
const char *render_text_map_lookup(const struct render_text_map *map, gunichar token);

/* The fill colour of text drawn for readers only (text.c: Nastaliq's, again on the baseline),
 * which the PDF post-pass makes invisible (render mode 3); Cairo writes it as HIDDEN_RG. No
 * colour a brief names (#rrggbb, multiples of 1/255) is written so. */
#define HIDDEN_R 0.001
#define HIDDEN_G 0.002
#define HIDDEN_B 0.003
#define HIDDEN_RG "0.001 0.002 0.003 rg"

/* Draws text lines on one cairo_t; MAP (PDF) or NULL (PNG: no text wanted). */
struct render_text;
struct render_text *render_text_new(cairo_t *cr, struct render_text_map *map);
void render_text_free(struct render_text *text);
/* Draws LINE with its left end at X and its baseline at Y, in colour R, G, B where the line's
 * attributes set none: glyphs in visual order, each with the characters it draws. SHARED: other
 * lines stand on the same baseline (table cells), so the line ends in a space readers keep.
 * GOES_ON: its paragraph goes on in a later line, so the line ends in the space the break
 * took. */
void render_text_line(struct render_text *text, PangoLayoutLine *line, double x, double y,
                      double r, double g, double b, bool shared, bool goes_on);

/* Draws PAGE's rules and text lines on CR (user space in points); MAP as for render_text_new.
 * False (after saying which on stderr) when an image could not be drawn. */
bool render_draw_page(cairo_t *cr, const struct nashra_page *page, struct render_text_map *map);
/* Draws the N items ORDER names (indices into PAGE's items), in that order, calling BEFORE
 * (when not NULL) with each index just before the item is drawn: LINKs and DESTs are left to
 * it, and returns whether a line's element goes on in a later line. Returns as
 * render_draw_page. */
bool render_draw_items(cairo_t *cr, const struct nashra_page *page, struct render_text_map *map,
                       const guint *order, guint n,
                       bool (*before)(void *closure, guint index), void *closure);

/* Structure tags of a PDF (pdf_struct.c): a plan over all pages, made before drawing. */
struct render_struct;
/* Plans the tags of PAGES' structure elements (pages->elems). Free with render_struct_free. */
struct render_struct *render_struct_new(const struct nashra_pages *pages);
void render_struct_free(struct render_struct *rs);
/* Draws page P (0-based) of the plan's pages on CR, inside the tags of its elements; returns as
 * render_draw_page. Elements that continue on a later page stay open. */
bool render_struct_draw_page(struct render_struct *rs, cairo_t *cr, int p,
                             struct render_text_map *map);
/* Closes every element still open (after the last page). */
void render_struct_finish(struct render_struct *rs, cairo_t *cr);
/* The structure elements drawn, the document's first, in the order Cairo created them (links
 * left out); the element the K-th stands for (-1: a Span) and, in NAME, the type Cairo wrote
 * (an Lbl's is Span). */
int render_struct_count(const struct render_struct *rs);
int render_struct_created(const struct render_struct *rs, int k, const char **name);
/* Element E of the plan's pages (NULL when out of range), and how many there are. */
const struct nashra_elem *render_struct_elem(const struct render_struct *rs, int e);
int render_struct_elem_count(const struct render_struct *rs);
/* The post-pass's part for the structure (pdf_struct_post.c): the attributes of RS's elements,
 * and whatever is drawn outside them marked as artifacts. */
void render_struct_post(qpdf_data q, const struct render_struct *rs);
/* The link annotation of a LINK item (pdf.c); nothing for a target a reader must not open. */
void render_pdf_link(cairo_t *cr, const struct nashra_item *it);

/* The document's metadata as the PDF carries it, made once from the render info: Cairo writes
 * the Info dictionary from it and the post-pass the catalog and the XMP packet, so the two
 * cannot disagree. Strings are NULL when absent; the lists are borrowed from the meta. */
struct render_pdf_meta {
    char *title, *subject, *creator;
    char *author, *keywords; /* the lists below joined with ", " (g_free all five) */
    const GPtrArray *authors, *keyword_list;
    const char *source; /* the publication the brief appeared in */
    const char *lang;   /* BCP 47, as written */
    bool rtl;
    long long epoch; /* < 0: no dates */
    struct nashra_pdf_standard standard;
    const char *input, *input_name, *input_mime; /* the source file, from the render info */
    size_t input_len;
};

/* EPOCH as ISO 32000-1 §7.9.4 and XMP write it (D:20261124000000Z, 2026-11-24T00:00:00Z),
 * in UTC. False, with nothing written, when EPOCH < 0 or past year 9999. */
#define RENDER_DATE_SIZE 32
bool render_pdf_dates(long long epoch, char pdf[RENDER_DATE_SIZE], char iso[RENDER_DATE_SIZE]);
/* The XMP packet (UTF-8, g_free) for M, with PRODUCER (or NULL) as Cairo wrote it. */
char *render_xmp_packet(const struct render_pdf_meta *m, const char *producer);

/* What META's standard asks (pdf_standard.c): its identification schemas, appended to the
 * XMP packet X inside rdf:RDF; and the file edited to meet it, in the post-pass's Q. False,
 * with ERR set (g_free), when it cannot be met. */
void render_standard_xmp(GString *x, const struct render_pdf_meta *m);
bool render_pdf_standard(qpdf_data q, const struct render_pdf_meta *m, char **err);

/* The post-pass over the PDF PDF/LEN: rewrites every font's ToUnicode map, replacing MAP's
 * tokens by their texts; adds to the catalog what Cairo cannot write (language, viewer
 * preferences, XMP from META), the Info dictionary's dates in the D: form, the structure tree's
 * attributes from RS (NULL: none) and the artifacts (render_struct_post); writes the result
 * with an /ID from its content. Returns a new buffer (g_free) and its length, or NULL with ERR
 * set to a message (g_free). */
unsigned char *render_pdf_post(const unsigned char *pdf, size_t len,
                               const struct render_text_map *map,
                               const struct render_struct *rs,
                               const struct render_pdf_meta *meta, size_t *out_len, char **err);

#endif
