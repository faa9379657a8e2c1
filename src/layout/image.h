/* Figure images from untrusted sources: accepted only as PNG, JPEG or SVG by content, with
 * their dimensions checked from the header before anything is decoded, rasters decoded whole
 * (a truncated or corrupt file is refused, not drawn grey), and an SVG scanned before librsvg
 * sees it: what it embeds, how many elements it has and how many it makes librsvg draw. */
#ifndef NASHRA_LAYOUT_IMAGE_H
#define NASHRA_LAYOUT_IMAGE_H

#include <stdbool.h>

#include <glib.h>

#include "layout/layout.h"
#include "util/files.h"

/* Cairo's image surfaces stop at 32767 pixels a side. */
#define NASHRA_IMAGE_MAX_SIDE 32767
/* An SVG's own limits: generous for charts, well short of what stalls librsvg. */
#define NASHRA_SVG_MAX_BYTES ((size_t)10 * 1000 * 1000)
#define NASHRA_SVG_MAX_ELEMENTS 100000
/* Elements drawn once every <use>, pattern, marker, clip path or mask is expanded. */
#define NASHRA_SVG_MAX_DRAWN 100000.0
#define NASHRA_SVG_MAX_DEPTH 256
/* Scans of a progressive JPEG (encoders write about ten); each costs a pass over the image. */
#define NASHRA_JPEG_MAX_SCANS 100

struct nashra_image_limits {
    long max_pixels;                /* of the figure, nested images included */
    const struct nashra_root *root; /* files an SVG names must lie inside it; NULL: anywhere */
    const char *pdfa; /* the PDF/A level asked for, which refuses CMYK JPEGs; or NULL */
};

/* Checks the image DATA read from PATH (resolved: an SVG's references are relative to it).
 * On success sets *FORMAT and its natural size in CSS pixels (96 per inch). Otherwise false
 * with *WHY (g_free) set to what follows "image 'NAME' " in a message: "is not a PNG, …". */
bool nashra_image_check(const char *path, GBytes *data, const struct nashra_image_limits *lim,
                        enum nashra_image_format *format, double *w, double *h, char **why);

#endif
