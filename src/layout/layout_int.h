/* Layout internals shared by the layout's files: the flow (lines not yet on pages) and the
 * state of one document's layout. */
#ifndef NASHRA_LAYOUT_INT_H
#define NASHRA_LAYOUT_INT_H

#include "layout/layout.h"
#include "resolve/resolve.h"

/* An item of a flow line: like a display-list item, but y is relative to the line's top
 * (for LINE items: the baseline's offset) and x is already absolute. */
struct layout_fitem {
    struct nashra_item it;
    int bar;      /* quote bar serial (> 0): extended upward to the same bar on the line above */
    struct nashra_pos src; /* where a LINK is in the source, for diagnostics */
    /* The block a LINE was laid out from (NULL: generated or front matter text), to place
     * missing glyphs in the source. */
    const struct nashra_node *block;
};

struct layout_fline {
    double height;
    GArray *items; /* of struct layout_fitem */
};

struct layout_fblock {
    int first_line, n_lines;
    double space_before;
    bool keep_with_next, breakable;
    int repeat_lines;
    bool break_before;
};

/* A foot-of-page note: its number and flow lines [FIRST, FIRST + N_LINES). */
struct layout_note {
    int index, first, n_lines;
};

/* A link's byte range in a block's text. */
struct layout_link {
    int start, end;
    char *uri;  /* owned; external target, or NULL */
    char *dest; /* owned; internal target, or NULL */
    struct nashra_pos src;
    char *anchor; /* owned; a DEST of this name is put where the link starts, or NULL */
};

enum layout_container_kind { LAYOUT_C_QUOTE, LAYOUT_C_LIST, LAYOUT_C_ITEM, LAYOUT_C_CALLOUT };

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
    /* callouts: the box, its tint (extended like a bar, serial TINT) and bar colour */
    double box_left, box_right;
    int tint;
    double r, g, b;
    bool no_bar; /* tint only (the masthead box) */
    bool own_tint; /* the tint is TINT_RGB, not derived from the bar's colour */
    struct nashra_rgb tint_rgb;
    int elems; /* structure elements opened on entering, closed on leaving */
};

struct layout_state {
    const struct nashra_doc *doc;
    const struct nashra_style *st;
    struct nashra_diag *diag;
    nashra_context_fn new_context;
    PangoContext *ctx;     /* the document's context, base direction from the document */
    PangoContext *ltr_ctx; /* same font map, base direction LTR: code blocks */
    PangoContext *flip_ctx; /* like ctx with the other base direction, made when needed */
    bool rtl;
    enum nashra_dir dir_rule; /* nashra_block_rule: how a block's direction is found */
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
    PangoLayout *marker;   /* borrowed: owned by LAYOUTS */
    double marker_edge;    /* the marker's end edge (towards the content) */
    bool marker_rtl;       /* the marker's item runs right to left */
    int marker_elem;       /* the marker's Lbl element; 0: its line's element (a note's) */
    /* Spacing before the next block; < 0: the default for its kind. */
    double next_gap;
    bool after_heading;
    double size;        /* body text size here (smaller in the notes) */
    int keep;           /* > 0: inside a keep-together group (one flow block) */
    GPtrArray *notes;   /* FOOTNOTE_DEF nodes met in the body, laid out as endnotes */
    /* Foot-of-page notes: their flow lines follow the body's and are not in its flow blocks
     * (the first N_BODY_BLOCKS blocks); of struct layout_note, in order of number. */
    GArray *foot_notes;
    int n_body_blocks;  /* < 0: no foot notes */
    char *marker_dest;  /* owned; the next list marker links to this destination */
    char *pending_dest; /* owned; DEST on the next block's first line */
    int n_figures;
    enum nashra_digits digits; /* resolved: generated numbers (and body digits when asked) */
    GArray *toc;               /* of struct layout_toc_slot: contents rows to number */
    bool cover_break;          /* the next flow block starts a new page */
    bool failed; /* an error was reported: nashra_layout returns NULL */
    const struct nashra_node *block; /* the block being laid out; NULL: generated text */
    /* Structure (structure.c): the elements so far and the one new content belongs to. */
    GArray *elems;
    int elem;
};

/* The script the current block (ls->block; none: the document) is set as, the family list of
 * ROLE for it (nashra_font_family) and its line pitch multiplier (the template's
 * line-height.SCRIPT). */
enum nashra_font_script layout_block_script(const struct layout_state *ls);
const char *layout_family(const struct layout_state *ls, enum nashra_font_role role);
double layout_line_factor(const struct layout_state *ls);

/* Converts a block's inline children into TEXT and ATTRS (byte ranges), recording links in
 * LINKS (struct layout_link). MONO describes code spans. */
void layout_inline_build(struct layout_state *ls, const struct nashra_node *block, GString *text,
                         PangoAttrList *attrs, GArray *links, const PangoFontDescription *mono);
void layout_links_clear(GArray *links);
/* Turns Amiri's kerning off over the Arabic runs of TEXT. Its kerning opens gaps between the
 * letters of a word that pdftotext (poppler) reads as spaces, splitting words when the PDF's
 * text is extracted; joining and shapes do not depend on it. */
void layout_arabic_no_kern(const char *text, size_t len, PangoAttrList *attrs);

enum layout_align {
    LAYOUT_JUSTIFY,
    LAYOUT_START, /* the start of each line's own direction */
    LAYOUT_CENTER,
    LAYOUT_END, /* the end side of the document's direction */
    LAYOUT_LEFT,
    LAYOUT_RIGHT,
};

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
    bool no_decor; /* no container decorations (table cells: the row has them) */
    enum nashra_dir dir; /* the block's direction; AUTO: each paragraph's first strong letter */
    double hang;         /* lines after the first start this much further in (a reference
                          * list's hanging indent); 0 for none */
};

/* Appends LAYOUT's lines (already given text, attributes and width) to the flow; takes
 * ownership of LAYOUT. Returns the index of the first flow line. */
int layout_add_lines(struct layout_state *ls, PangoLayout *layout, const char *text,
                     const struct layout_block_opts *o);
/* Appends one line of a layout to the flow: FIRST is the block's first line (top padding,
 * destination, list marker), FINAL its last (bottom padding), PARA_LAST the last line of its
 * paragraph (not justified). TEXT is the text of the line's layout; O->links are in its bytes. */
void layout_emit_line(struct layout_state *ls, PangoLayoutLine *ln, const char *text,
                      const struct layout_block_opts *o, double size, bool first, bool final,
                      bool para_last);
/* The size in points of PL's font. */
double layout_font_size(PangoLayout *pl);

/* Long text (longtext.c). A paragraph whose text is longer than this, or that has a run
 * without a space longer than LAYOUT_LONG_RUN, is laid out in bounded windows: Pango's line
 * breaking costs more than linear time in the length of what it wraps. */
#define LAYOUT_LONG_TEXT 8192
#define LAYOUT_LONG_RUN 1024
/* Characters of a running head, foot or license line shaped at most (layout_page_text). */
#define LAYOUT_PAGE_TEXT_MAX 400
/* Code blocks of more source lines than this are laid out in groups of this many lines. */
#define LAYOUT_CODE_GROUP 256
bool layout_text_is_long(const char *text, size_t len);
/* Lays out TEXT (with ATTRS and LINKS, as layout_inline_build made them) in windows with font
 * FD, appending its lines to the flow as layout_add_lines would: the same line breaks as one
 * PangoLayout of the whole text (Pango breaks greedily: a line depends only on where it
 * starts), except that runs without a space longer than LAYOUT_LONG_RUN are broken into
 * line-wide pieces here rather than char-wrapped by Pango. */
void layout_long_text(struct layout_state *ls, const PangoFontDescription *fd, const char *text,
                      size_t len, PangoAttrList *attrs, const GArray *links,
                      const struct layout_block_opts *o);

/* Starts a flow block before the next lines are added, ends it after. */
void layout_block_begin(struct layout_state *ls, double space_before);
void layout_block_end(struct layout_state *ls, bool keep_with_next, bool breakable);
/* A new flow line of HEIGHT with no text. */
struct layout_fline *layout_new_line(struct layout_state *ls, double height);
void layout_fline_add(struct layout_fline *fl, const struct layout_fitem *fi);

/* Keep-together groups: every block begun inside one joins a single flow block (its spacing
 * becomes a blank line), not split across pages when it fits on one. Groups nest. */
void layout_keep_begin(struct layout_state *ls, double space_before);
void layout_keep_end(struct layout_state *ls);
/* Adds container decorations (quote bars, callout boxes) to a line. */
void layout_line_decorations(struct layout_state *ls, struct layout_fline *fl,
                             const struct layout_block_opts *o);

/* A layout in ctx, or for DIR (not AUTO) in a context of that base direction with auto_dir off:
 * Pango 1.50 has no other way to set one paragraph's direction. */
PangoLayout *layout_new_dir_text(struct layout_state *ls, enum nashra_dir dir,
                                 const PangoFontDescription *fd, double width);
/* Like the document's context, with the other base direction. */
PangoContext *layout_flip_context(struct layout_state *ls);

/* Shared helpers of the block builders. */
PangoFontDescription *layout_font(const char *family, double size, PangoWeight weight);
PangoLayout *layout_new_text(struct layout_state *ls, PangoContext *ctx,
                             const PangoFontDescription *fd, double width);
void layout_box(const struct layout_state *ls, double *left, double *right);
double layout_take_gap(struct layout_state *ls);
/* Whether the document's language is Arabic (labels, digits, separators). */
bool layout_arabic(const struct layout_state *ls);
/* A flow line's items move into ITEMS with Y shifted by DY; the flow lines from FIRST on are
 * dropped. Used to gather lines laid out by layout_add_lines into one row. */
void layout_take_lines(struct layout_state *ls, int first, double dy, GArray *items);

/* A contents row: flow line LINE shows the heading of outline entry ENTRY; its page number
 * and link are added once pages are known. */
struct layout_toc_slot {
    int line, entry;
    double left, right; /* the row's box */
    double size;
    double baseline; /* the row's baseline below its top */
    int elem;        /* the row's TOCI structure element */
};

/* The masthead on page 1 (titleblock.c): series and number, title, subtitle, byline,
 * affiliations, date, source attribution, then the summary box. Alone on a cover page when the
 * style asks. */
void layout_title_block(struct layout_state *ls);
/* A contents page (report): a row per heading of level 1-2 of DOC. */
void layout_contents(struct layout_state *ls);
/* A box tinted with the accent colour, an accent bar on the start side: TITLE in bold, then
 * TEXT (blank lines separate paragraphs) at SIZE, justified; DIGITS: TEXT's ASCII digits in
 * the document's digits. Kept together. */
void layout_tinted_box(struct layout_state *ls, const char *title, const char *text, double size,
                       bool digits, double space_before);
/* The "how to cite" box at the end of the flow (style->citation). */
void layout_cite_box(struct layout_state *ls);
/* A line of plain TEXT in FAMILY at SIZE with WEIGHT, in colour C, aligned ALIGN in
 * [LEFT, RIGHT], with an optional link on bytes [LINK_START, end) to URI. */
void layout_text_line(struct layout_state *ls, const char *text, const char *family, double size,
                      PangoWeight weight, struct nashra_rgb c, enum layout_align align,
                      double left, double right, double pad_top, size_t link_start,
                      const char *uri);
/* Tables (table.c) and figures (figure.c). */
void layout_table(struct layout_state *ls, const struct nashra_node *node);
void layout_figure(struct layout_state *ls, const struct nashra_node *node);
/* A centred caption line between LEFT and RIGHT: LABEL ("شكل ١:", bold; NULL for none) then
 * TEXT isolated in its own direction, at SCALE times the body size. Used for figure and table
 * captions and image credits. */
void layout_caption(struct layout_state *ls, const char *label, const char *text,
                    double scale, double left, double right);
/* N in the document's digits (nashra_resolve_digits of lang and meta.digits). */
char *layout_number(const struct layout_state *ls, int n);

/* ---- across the layout's files ---- */

/* The width of a line's glyphs, in Pango units (lines.c). */
int layout_line_width(PangoLayoutLine *ln);
/* The tree walk (blocks.c): blocks of ROOT's subtree into the flow; footnote definitions met
 * are kept in ls->notes. A list item (or note) is entered and left around its content. */
void layout_walk(struct layout_state *ls, struct nashra_node *root);
void layout_enter_item(struct layout_state *ls, const struct nashra_node *node);
void layout_exit_item(struct layout_state *ls);
/* Notes (notes.c): at the foot of the pages of their calls (FOOT) or after the body. */
void layout_notes(struct layout_state *ls, bool foot);
/* The room above a page's note area: the rule in its middle. */
#define LAYOUT_NOTE_SEP 14.0
void layout_note_calls(struct layout_state *ls, struct nashra_flow_note *out, double *heights);
void layout_note_rules(struct layout_state *ls, struct nashra_pages *pages, const int *page_of,
                       const double *y_of);
/* Page furniture (furniture.c), once lines have pages: PAGE_OF and Y_OF per flow line. */
void layout_page_furniture(struct layout_state *ls, struct nashra_page *page, int n, int total);
void layout_number_contents(struct layout_state *ls, struct nashra_pages *pages,
                            const int *page_of, const double *y_of);
void layout_repeat_header(struct layout_state *ls, struct nashra_pages *pages,
                          const struct layout_fblock *lb, const int *page_of, const double *y_of);
/* Structure elements (structure.c). Opens a new element of KIND inside the current one and
 * makes it current; returns its number. */
int layout_elem_open(struct layout_state *ls, enum nashra_elem_kind kind);
/* Gives the current element the language LANG (a block's resolved one) where it differs from
 * the language it inherits. */
void layout_elem_lang(struct layout_state *ls, const char *lang);
/* Makes the current element's parent current again. */
void layout_elem_close(struct layout_state *ls);
/* A new element of KIND inside PARENT, not made current. */
int layout_elem_add(struct layout_state *ls, enum nashra_elem_kind kind, int parent);
void layout_elems_free(GArray *elems);

/* Paginates the flow and moves its items onto PAGES (place.c). */
void layout_place(struct layout_state *ls, struct nashra_pages *pages);

#endif
