/* Render internals shared by the Cairo back ends (PDF, PNG). */
#ifndef NASHRA_RENDER_INT_H
#define NASHRA_RENDER_INT_H

#include <cairo.h>
#include <pango/pango.h>

#include "render/render.h"

/* Texts of the glyphs drawn into one PDF, each standing in Cairo's output as one private-use
 * character (a token) until render_pdf_fix_tounicode writes the real text. */
struct render_text_map;
struct render_text_map *render_text_map_new(void);
void render_text_map_free(struct render_text_map *map);
/* The text TOKEN stands for, or NULL when it is no token of MAP. */
const char *render_text_map_lookup(const struct render_text_map *map, gunichar token);

/* Draws text lines on one cairo_t; MAP (PDF) or NULL (PNG: no text wanted). */
struct render_text;
struct render_text *render_text_new(cairo_t *cr, struct render_text_map *map);
void render_text_free(struct render_text *text);
/* Draws LINE with its left end at X and its baseline at Y, in colour R, G, B where the line's
 * attributes set none: glyphs in visual order, each with the characters it draws. SHARED: other
 * lines stand on the same baseline (table cells), so the line ends in a space readers keep. */
void render_text_line(struct render_text *text, PangoLayoutLine *line, double x, double y,
                      double r, double g, double b, bool shared);

/* Draws PAGE's rules and text lines on CR (user space in points); MAP as for render_text_new.
 * False (after saying which on stderr) when an image could not be drawn. */
bool render_draw_page(cairo_t *cr, const struct nashra_page *page, struct render_text_map *map);

/* Rewrites every font's ToUnicode map in the PDF PDF/LEN, replacing MAP's tokens by their
 * texts, and writes the result with a deterministic /ID. Returns a new buffer (g_free) and
 * its length, or NULL with ERR set to a message (g_free). */
unsigned char *render_pdf_fix_tounicode(const unsigned char *pdf, size_t len,
                                        const struct render_text_map *map, size_t *out_len,
                                        char **err);

#endif
