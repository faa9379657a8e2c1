/* Layout: the tree becomes pages of positioned lines and boxes (display lists), with Pango.
 * Knows nothing of PDF, PNG or Cairo; the renderer draws what it finds here. */
#ifndef NASHRA_LAYOUT_H
#define NASHRA_LAYOUT_H

#include <stdbool.h>

#include <pango/pango.h>

#include "doc/doc.h"
#include "util/diag.h"

/* Sizes in points (1/72 in). */
struct nashra_style {
    double page_width, page_height;
    double margin_top, margin_bottom, margin_start, margin_end;
    const char *body_font;    /* Pango family list, e.g. "Amiri" */
    const char *heading_font; /* e.g. "Noto Kufi Arabic" */
    const char *mono_font;    /* e.g. "DejaVu Sans Mono" */
    double body_size;
    double line_spacing;      /* multiple of the font's natural line height */
    double paragraph_gap;     /* space between blocks */
    double indent_step;       /* list and quote indent per level */
    /* Directory that figure paths are relative to (the source file's); NULL: the current
     * directory. Borrowed. */
    const char *base_dir;

    /* ---- the brief's look (templates fill these; nashra_style_default gives `brief`) ---- */
    const char *title_font;     /* masthead title, subtitle and series; Pango family list */
    const char *header_font;    /* running head and foot */
    double h_size[3];           /* heading sizes h1..h3 (h4..h6 scale from body) */
    double title_size, subtitle_size, byline_size, masthead_size;
    double header_size, notes_size, code_size;
    struct nashra_rgb { double r, g, b; } accent, text, muted, rule, tint;
    enum nashra_masthead { NASHRA_MASTHEAD_BOX, NASHRA_MASTHEAD_PLAIN, NASHRA_MASTHEAD_NONE }
        masthead;
    bool masthead_series;       /* the series-and-number line above the title */
    bool masthead_rule;         /* a rule under the masthead */
    bool summary_box;           /* meta.summary in a tinted box under the masthead */
    /* Running head (from page HEADER_FROM, 1-based; 0: none) and foot (every page) patterns:
     * {title} {short-title} {source} {series} {number} {date} {page} {pages}. NULL: the
     * localised defaults ("{series-or-source} — {short-title}", NASHRA_TEXT_PAGE_OF).
     * Borrowed. */
    const char *header_pattern;
    const char *footer_pattern;
    int header_from;
    bool header_rule;
    bool cover;                 /* report: the masthead alone on a cover page */
    bool contents;              /* report: a table of contents after the cover */
    /* The brief's own citation for the "how to cite" box on the last page (nashra_cite_text);
     * NULL: no box. Borrowed. */
    const char *citation;
};

/* A4, Amiri 12/1.5, Noto Kufi Arabic headings, DejaVu Sans Mono code: the `brief` template. */
void nashra_style_default(struct nashra_style *style);

enum nashra_item_kind {
    NASHRA_ITEM_LINE,  /* one PangoLayoutLine; x is its left edge, y its baseline */
    NASHRA_ITEM_RULE,  /* filled rectangle x, y (top), w, h */
    NASHRA_ITEM_LINK,  /* clickable rectangle x, y (top), w, h with uri or dest */
    NASHRA_ITEM_DEST,  /* named destination at x, y (top) */
    NASHRA_ITEM_IMAGE, /* image file PATH scaled into the box x, y (top), w, h */
};

struct nashra_item {
    enum nashra_item_kind kind;
    double x, y, w, h;
    double r, g, b;             /* colour for LINE and RULE */
    PangoLayoutLine *line;      /* LINE: owns a reference (pango_layout_line_ref) */
    char *uri;                  /* LINK to an external URI; owned */
    char *dest;                 /* LINK to / DEST named destination; owned */
    char *path;                 /* IMAGE: file to draw (PNG, JPEG or SVG); owned */
};

struct nashra_page {
    GArray *items; /* of struct nashra_item */
};

struct nashra_outline_entry {
    char *title; /* owned, plain text */
    int level;   /* 1..6 */
    char *dest;  /* owned; a DEST item with this name exists on PAGE */
    int page;    /* 0-based */
};

struct nashra_pages {
    double page_width, page_height;
    GPtrArray *pages;  /* of struct nashra_page * */
    GArray *outline;   /* of struct nashra_outline_entry, in document order */
    int unknown_glyphs; /* total count of glyphs no font could draw (tofu) */
    /* The PangoLayouts the lines belong to. Kept until the pages are freed: a line whose layout
     * is gone loses its text, and the PDF would lose its ToUnicode mapping (no copyable text). */
    GPtrArray *layouts;
};

/* Makes a new Pango context set up by the output's renderer (font map, font options). Layout
 * needs several (one per base direction, one for code), so it takes the maker, not a context. */
typedef PangoContext *(*nashra_context_fn)(void);

/* Lays DOC out with contexts from NEW_CONTEXT; their base direction and language are set from
 * the document. Returns pages, or NULL after reporting through DIAG (e.g. a figure's image is
 * missing or unreadable: an error at the figure's position). Free with nashra_pages_free. */
struct nashra_pages *nashra_layout(const struct nashra_doc *doc, nashra_context_fn new_context,
                                   const struct nashra_style *style, struct nashra_diag *diag);
void nashra_pages_free(struct nashra_pages *pages);

/* Document direction: front matter `dir`, else from `lang`, else the first strong character
 * of the body (fribidi). Never returns NASHRA_DIR_AUTO. */
enum nashra_dir nashra_doc_direction(const struct nashra_doc *doc);
/* Direction of TEXT from its first strong character; NASHRA_DIR_AUTO when it has none. */
enum nashra_dir nashra_text_direction(const char *text, gssize len);

/* Pagination, separated from Pango so the rules can be tested on constructed input.
 * Each block is a run of line heights; returns for each line the page it lands on. */
struct nashra_flow_block {
    int n_lines;
    const double *line_heights; /* n_lines entries */
    double space_before;
    bool keep_with_next;   /* headings: stay with the first lines of the next block */
    bool breakable;        /* false: keep all lines together when it fits on a page */
    int repeat_lines;      /* > 0: these first lines (a table's header) are repeated at the
                              top of each page the block continues on */
    bool break_before;     /* starts a new page (cover, contents) */
};
/* PAGE_OF receives, for each line of each block in order, its 0-based page index.
 * Y_OF, when not NULL, receives each line's top offset within the page's text area; on a page
 * a block with repeat_lines continues on, its first line there starts below the room left
 * for the repeated lines (the caller draws them there).
 * Returns the number of pages. Widows and orphans: at least 2 lines of a paragraph together;
 * keep_with_next keeps a heading with the first 2 lines of what follows. */
int nashra_paginate(const struct nashra_flow_block *blocks, int n_blocks, double first_page_height,
                    double page_height, int *page_of, double *y_of);

#endif
