/* Layout internals shared by the layout's files: the flow (lines not yet on pages) and the
 * state of one document's layout. */
#ifndef NASHRA_LAYOUT_INT_H
#define NASHRA_LAYOUT_INT_H

#include "layout/layout.h"

/* An item of a flow line: like a display-list item, but y is relative to the line's top
 * (for LINE items: the baseline's offset) and x is already absolute. */
struct layout_fitem {
    struct nashra_item it;
    int bar;      /* quote bar serial (> 0): extended upward to the same bar on the line above */
    int src_line; /* source line of a LINK, for diagnostics */
};

struct layout_fline {
    double height;
    GArray *items; /* of struct layout_fitem */
};

struct layout_fblock {
    int first_line, n_lines;
    double space_before;
    bool keep_with_next, breakable;
};

/* A link's byte range in a block's text. */
struct layout_link {
    int start, end;
    char *uri;  /* owned; external target, or NULL */
    char *dest; /* owned; internal target, or NULL */
    int src_line;
};

enum layout_container_kind { LAYOUT_C_QUOTE, LAYOUT_C_LIST, LAYOUT_C_ITEM };

struct layout_container {
    enum layout_container_kind kind;
    double left, right; /* the content box inside this container */
    int bar;            /* quote bar serial */
    double bar_x;       /* quote bar's left edge */
    bool tight;         /* lists */
    bool ordered;
    int number;         /* next ordinal of an ordered list */
    char bullet;
    char delim;
};

struct layout_state {
    const struct nashra_doc *doc;
    const struct nashra_style *st;
    struct nashra_diag *diag;
    PangoContext *ctx;     /* the document's context, base direction from the document */
    PangoContext *ltr_ctx; /* same font map, base direction LTR: code blocks */
    bool rtl;
    const char *lang;
    double left, right;    /* the page's text box */
    GArray *lines;         /* of struct layout_fline */
    GArray *blocks;        /* of struct layout_fblock */
    GArray *stack;         /* of struct layout_container */
    GPtrArray *layouts;    /* owned PangoLayouts, kept for their text (PDF ToUnicode) */
    GArray *outline;       /* of struct nashra_outline_entry; page holds the line index */
    GHashTable *dests;     /* heading destination names */
    int n_headings, n_bars;
    int unknown_glyphs;
    /* A list marker waiting for the first line of its item's content. */
    PangoLayout *marker;
    double marker_edge;    /* the marker's end edge (towards the content) */
    /* Spacing before the next block; < 0: the default for its kind. */
    double next_gap;
    bool after_heading;
};

/* Converts a block's inline children into TEXT and ATTRS (byte ranges), recording links in
 * LINKS (struct layout_link). MONO describes code spans. */
void layout_inline_build(struct layout_state *ls, const struct nashra_node *block, GString *text,
                         PangoAttrList *attrs, GArray *links, const PangoFontDescription *mono);
void layout_links_clear(GArray *links);
/* Turns Amiri's kerning off over the Arabic runs of TEXT. Its kerning opens gaps between the
 * letters of a word that pdftotext (poppler) reads as spaces, splitting words when the PDF's
 * text is extracted; joining and shapes do not depend on it. */
void layout_arabic_no_kern(const char *text, size_t len, PangoAttrList *attrs);

enum layout_align { LAYOUT_JUSTIFY, LAYOUT_START, LAYOUT_CENTER };

struct layout_block_opts {
    enum layout_align align;
    double pitch;       /* minimal line height */
    double pad_top;     /* added to the first line's height */
    double pad_bottom;  /* added to the last line's height */
    double left, right; /* the box the lines are placed in */
    const GArray *links;
    const char *dest;   /* DEST item on the first line, or NULL */
    double r, g, b;     /* text colour */
    bool background;    /* grey box behind the lines (code) */
    double bg_left, bg_right;
};

/* Appends LAYOUT's lines (already given text, attributes and width) to the flow; takes
 * ownership of LAYOUT. Returns the index of the first flow line. */
int layout_add_lines(struct layout_state *ls, PangoLayout *layout, const char *text,
                     const struct layout_block_opts *o);
/* Starts a flow block before the next lines are added, ends it after. */
void layout_block_begin(struct layout_state *ls, double space_before);
void layout_block_end(struct layout_state *ls, bool keep_with_next, bool breakable);
/* A new flow line of HEIGHT with no text. */
struct layout_fline *layout_new_line(struct layout_state *ls, double height);
void layout_fline_add(struct layout_fline *fl, const struct layout_fitem *fi);

void layout_title_block(struct layout_state *ls);
/* Digits in the document's script for ordered lists and page numbers. */
char *layout_number(const struct layout_state *ls, int n);

#endif
