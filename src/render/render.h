/* Renderers: PDF and PNG draw laid-out pages with Cairo; HTML and the tree dump read the tree. */
#ifndef NASHRA_RENDER_H
#define NASHRA_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include <pango/pango.h>

#include "doc/doc.h"
#include "layout/layout.h"

/* The calling thread's font map, created on its first use and shared by every document that
 * thread typesets; Pango's font maps must not be used from two threads. */
PangoFontMap *nashra_render_font_map(void);
/* A Pango context from that font map configured for vector output: no hinting of metrics, no
 * rounding of glyph positions. Unref when done. */
PangoContext *nashra_render_new_context(void);
/* Makes the fonts in DIR (and its subdirectories) available to every font map, as fontconfig
 * application fonts: call before the first font map is made. False with *WHY (g_free) set when
 * DIR is no directory or fontconfig refuses it. */
bool nashra_render_add_font_dir(const char *dir, char **why);
/* Makes the calling thread's font map, until the next call, one that also has the fonts in
 * DIRS (char *, a brief's `fonts:`), besides the system's and --font-path's; NULL or empty:
 * back to the thread's own. False with *WHY set when fontconfig refuses a folder. */
bool nashra_render_use_fonts(const GPtrArray *dirs, char **why);

struct nashra_render_info {
    const struct nashra_meta *meta;
    long long epoch; /* creation/modification time, seconds since 1970; < 0 to omit */
    struct nashra_pdf_standard standard; /* what the PDF is made to meet; zero: none */
    /* The source as read and its file name, which a-3u embeds; MIME its media type. */
    const char *source, *source_name, *source_mime;
    size_t source_len;
};

/* Whether what STANDARD needs from the system is there (PDF/A: the sRGB profile); if not, false
 * and *WHY (g_free) says what is missing. */
bool nashra_render_pdf_standard_ready(struct nashra_pdf_standard standard, char **why);

/* Draws PAGES into a PDF written to OUT (stdio stream, binary). Returns 0, or -1 on an I/O
 * failure (errno set when the cause is known) or when an image could not be drawn (said on
 * stderr; nothing is written). */
int nashra_render_pdf(const struct nashra_pages *pages, const struct nashra_render_info *info,
                      FILE *out);
/* Draws page INDEX (0-based) as a PNG at DPI into OUT. Returns 0 or -1 on failure (an image
 * that could not be drawn included: then nothing is written). */
int nashra_render_png_page(const struct nashra_pages *pages, int index, double dpi, FILE *out);

/* How --to html writes a brief. */
struct nashra_html_options {
    /* The page as nashra writes it (masthead, summary, dir and ids on blocks, numbered
     * captions, notes, the cite box, metadata, a stylesheet); false: the body in exactly the
     * CommonMark reference renderer's form (--syntax commonmark). */
    bool standalone;
    /* With STANDALONE: only what the page's <body> holds, for a static site generator's own
     * page (--fragment). */
    bool fragment;
    /* Keep raw HTML and javascript:, vbscript:, file: and data: URLs (--unsafe); otherwise raw
     * HTML is left out and such URLs (but data: images) emptied, as the reference renderer
     * does without --unsafe. */
    bool unsafe;
    /* A stylesheet's URL the page links instead of embedding its own (--css), or NULL. */
    const char *css;
    /* The template's look the embedded stylesheet is made from; NULL: the brief template's. */
    const struct nashra_style *style;
};
/* HTML5 of DOC (resolved) as O says. */
void nashra_render_html_page(const struct nashra_doc *doc, const struct nashra_html_options *o,
                             GString *out);
/* As nashra_render_html_page with the brief template's look and only STANDALONE and UNSAFE. */
void nashra_render_html(const struct nashra_doc *doc, bool standalone, bool unsafe, GString *out);
/* A readable, stable dump of the tree with positions (see docs/tree.md). */
void nashra_render_tree(const struct nashra_doc *doc, GString *out);

#endif
