/* Layout: the tree becomes pages of positioned lines and boxes (display lists), with Pango.
 * Knows nothing of PDF, PNG or Cairo; the renderer draws what it finds here. */
#ifndef NASHRA_LAYOUT_H
#define NASHRA_LAYOUT_H

#include <stdbool.h>
#include <stdio.h>

#include <pango/pango.h>

#include "doc/doc.h"
#include "util/diag.h"
#include "util/files.h"

/* The roles a template names faces for ([fonts] body, heading, title, header, code). */
enum nashra_font_role {
    NASHRA_FONT_BODY,
    NASHRA_FONT_HEADING,
    NASHRA_FONT_TITLE,
    NASHRA_FONT_HEADER,
    NASHRA_FONT_CODE,
    NASHRA_FONT_ROLES
};
/* The scripts a template may name faces for. Urdu is Arabic script in an `ur` block: the
 * letters cannot tell it from Arabic, and Urdu readers expect Nastaliq, not Naskh. Kurdish is
 * Arabic script in a Kurdish block (ckb, ku, kmr, sdh): its ە (U+06D5) never joins the next
 * letter, and a face with wide bearings on it (Amiri) splits the word in two. */
enum nashra_font_script {
    NASHRA_FONT_ARABIC,
    NASHRA_FONT_HEBREW,
    NASHRA_FONT_LATIN,
    NASHRA_FONT_URDU,
    NASHRA_FONT_KURDISH,
    NASHRA_FONT_SCRIPTS
};
/* The template key suffix of SCRIPT ("hebrew"), and of ROLE ("body"). */
const char *nashra_font_script_name(enum nashra_font_script script);
const char *nashra_font_role_name(enum nashra_font_role role);
/* The script a block of language LANG whose first letter is of SCRIPT is set as. */
enum nashra_font_script nashra_font_script_of(const char *lang, GUnicodeScript script);

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
    /* Figures must lie inside it (after symlinks); NULL: anywhere. Borrowed. */
    const struct nashra_root *root;
    /* Decoded pixels a figure may have, its nested images included; 0: the default
     * (NASHRA_IMAGE_MAX_PIXELS). */
    long max_image_pixels;
    /* The PDF/A level the PDF is made to meet ("a-2u"), or NULL: under it what the renderer
     * could only write non-conforming (a character no font has, a CMYK JPEG) is an error. */
    const char *pdfa;

    /* ---- the brief's look (templates fill these; the defaults are the `brief` template's) ---- */
    const char *title_font;     /* masthead title, subtitle and series; Pango family list */
    const char *header_font;    /* running head and foot */
    /* Faces by role and script (`body.hebrew=Noto Serif Hebrew`), tried before the role's own
     * list in a block of that script and after it elsewhere; NULL: none. Borrowed. */
    const char *script_font[NASHRA_FONT_ROLES][NASHRA_FONT_SCRIPTS];
    /* Line pitch multiplier for a block of each script (Nastaliq's tall stacks); 0: 1. */
    double script_line_height[NASHRA_FONT_SCRIPTS];
    double h_size[3];           /* heading sizes h1..h3 (h4..h6 scale from body) */
    double title_size, subtitle_size, byline_size, masthead_size;
    double header_size, notes_size, code_size;
    struct nashra_rgb { double r, g, b; } accent, text, muted, rule, tint;
    /* Callout bars and titles, by enum nashra_callout; the box tints are derived from them. */
    struct nashra_rgb callout[NASHRA_CALLOUT_SUMMARY + 1];
    /* Tables: cell text, the header row's background, the rules at top and bottom, under the
     * header and between rows. */
    struct nashra_rgb table_text, table_header, table_frame, table_header_rule, table_row_rule;
    /* Code blocks' text and background, list markers, the thematic break, the notes' rule
     * and their label. */
    struct nashra_rgb code_text, code_background, list_marker, thematic_break, notes_rule,
        notes_label;
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
    /* Notes after the body under a localised heading (true), or at the foot of the page of
     * their first call (false, the default). */
    bool endnotes;
};

enum nashra_item_kind {
    NASHRA_ITEM_LINE,  /* one PangoLayoutLine; x is its left edge, y its baseline */
    NASHRA_ITEM_RULE,  /* filled rectangle x, y (top), w, h */
    NASHRA_ITEM_LINK,  /* clickable rectangle x, y (top), w, h with uri or dest */
    NASHRA_ITEM_DEST,  /* named destination at x, y (top) */
    NASHRA_ITEM_IMAGE, /* image DATA scaled into the box x, y (top), w, h */
};

/* What a piece of content is, for a tagged PDF's structure tree: renderer-neutral names of the
 * standard structure types (ISO 32000-1 §14.8.4). */
enum nashra_elem_kind {
    NASHRA_ELEM_DOCUMENT,
    NASHRA_ELEM_H1, NASHRA_ELEM_H2, NASHRA_ELEM_H3, NASHRA_ELEM_H4, NASHRA_ELEM_H5, NASHRA_ELEM_H6,
    NASHRA_ELEM_P,
    NASHRA_ELEM_L, NASHRA_ELEM_LI, NASHRA_ELEM_LBL, NASHRA_ELEM_LBODY,
    NASHRA_ELEM_TABLE, NASHRA_ELEM_TR, NASHRA_ELEM_TH, NASHRA_ELEM_TD,
    NASHRA_ELEM_FIGURE, NASHRA_ELEM_CAPTION,
    NASHRA_ELEM_BLOCKQUOTE,
    NASHRA_ELEM_NOTE,
    NASHRA_ELEM_DIV,  /* a callout, the summary and citation boxes */
    NASHRA_ELEM_CODE, /* a code block */
    NASHRA_ELEM_TOC, NASHRA_ELEM_TOCI,
};

/* One structure element. Elements are numbered from 0 (the document) and each comes after its
 * parent; a parent's children in the order of their numbers are in reading order. */
struct nashra_elem {
    enum nashra_elem_kind kind;
    int parent; /* -1 for the document */
    char *lang; /* owned; the language where it differs from its parent's, or NULL */
    char *alt;  /* owned; a figure's alternative text, or NULL */
    /* The heading, figure, table or note it was laid out from, or NULL: where each of those
     * landed (`nashra query`'s pages). Borrowed from the tree. */
    const struct nashra_node *node;
};

enum nashra_image_format { NASHRA_IMAGE_PNG = 1, NASHRA_IMAGE_JPEG, NASHRA_IMAGE_SVG };

/* A figure's default pixel budget (decoding 50 megapixels takes some 200 MB), and the most
 * bytes its file, or the files an SVG embeds together, may have. */
#define NASHRA_IMAGE_MAX_PIXELS 50000000L
#define NASHRA_IMAGE_MAX_BYTES ((size_t)50 * 1000 * 1000)

struct nashra_item {
    enum nashra_item_kind kind;
    double x, y, w, h;
    double r, g, b;             /* colour for LINE and RULE */
    PangoLayoutLine *line;      /* LINE: owns a reference (pango_layout_line_ref) */
    char *uri;                  /* LINK to an external URI; owned */
    char *dest;                 /* LINK to / DEST named destination; owned */
    char *path;                 /* IMAGE: its file, resolved (an SVG's references are
                                   relative to it); owned */
    /* IMAGE: the file's bytes as layout read and checked them, so that render draws what was
     * checked without opening the file again; owns a reference. */
    GBytes *data;
    enum nashra_image_format format;
    /* The structure element (struct nashra_pages.elems) this LINE, IMAGE or LINK is content
     * of; 0: none (running heads, page numbers, rules, backgrounds: not content). */
    int elem;
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
    GArray *elems;     /* of struct nashra_elem: the structure tree; [0] is the document */
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

/* The Pango family list for ROLE in a block of SCRIPT: the script's own faces first, then the
 * role's list, then the other scripts' faces (Urdu's only in Urdu blocks: Nastaliq covers
 * Arabic letters and would otherwise take them). Interned: never freed. */
const char *nashra_font_family(const struct nashra_style *style, enum nashra_font_role role,
                               enum nashra_font_script script);
/* Checks, once before layout, that every face STYLE names is in FONT_MAP: a missing one is a
 * warning (an error under --strict) naming TEMPLATE and the face fontconfig gives instead; a
 * script's face without that script's letters is a warning too. False when one was missing. */
bool nashra_fonts_check(PangoFontMap *font_map, const struct nashra_style *style,
                        const char *template_name, struct nashra_diag *diag);
/* `nashra fonts`: the families of FONT_MAP, sorted, one a line with the scripts each covers,
 * marking the ones STYLE (the default template's) names. */
void nashra_fonts_list(PangoFontMap *font_map, const struct nashra_style *style, FILE *out);
/* The file a figure's image URL names: relative to BASE_DIR (the style's base_dir; NULL: the
 * working directory), percent-decoded when only the decoded name exists. The same answer layout
 * uses, so that build tools can list a brief's images. Free with g_free. */
char *nashra_layout_image_path(const char *base_dir, const char *url);

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

/* Footnotes for pagination. A note is a run of line heights tied to the flow line of its first
 * call (CALL_LINE: counted over all blocks' lines in order, from 0).
 *
 * Each page's note area grows up from the bottom of the text area: the notes' lines, a
 * SEPARATOR above them (room for the rule) and GAP between two notes. A body line is placed
 * only when it, the lines above it and the page's note area, including the notes called on
 * it, fit. When a line fits but its notes do not, the line moves to the next page if the page
 * stays at least MIN_FILL (0..1) of its height full and the widow and orphan rules allow;
 * else the note is split: its first lines on the call's page, the rest at the top of the next
 * page's note area (a continuation: the caller draws a longer rule above it). Lines continued
 * from an earlier page take at most MAX_SHARE (0..1) of a page that still has body lines to
 * place; the rest continues further. A note whose CALL_LINE is not a flow line goes on the
 * last body page. */
struct nashra_flow_note {
    int call_line;
    int n_lines;
    const double *line_heights; /* n_lines entries */
};
struct nashra_note_flow {
    const struct nashra_flow_note *notes; /* in order of call_line */
    int n_notes;
    double separator, gap;
    double min_fill, max_share;
    /* Out, for the notes' lines one after another (note 0's lines, then note 1's, ...): the
     * page each lands on and its top offset within that page's text area (the area's last line
     * ends at the bottom of the text area). The room for the rule is the SEPARATOR above each
     * page's first note line; that line continues a note when it is not its note's first. */
    int *page_of;
    double *y_of;
};
/* nashra_paginate with footnotes: NOTES may be NULL (then it is nashra_paginate). */
int nashra_paginate_notes(const struct nashra_flow_block *blocks, int n_blocks,
                          double first_page_height, double page_height,
                          struct nashra_note_flow *notes, int *page_of, double *y_of);

#endif
