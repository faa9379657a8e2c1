/* Render internals shared by the Cairo back ends (PDF, PNG). */
#ifndef NASHRA_RENDER_INT_H
#define NASHRA_RENDER_INT_H

#include <cairo.h>

#include "render/render.h"

/* Draws PAGE's rules and text lines on CR (user space in points). */
void render_draw_page(cairo_t *cr, const struct nashra_page *page);

#endif
