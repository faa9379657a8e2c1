/* The document tree: the only thing the parser produces and the only thing later stages read.
 * Renderer-neutral: nothing here knows Pango, Cairo or HTML. */
#ifndef NASHRA_DOC_H
#define NASHRA_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

enum nashra_node_kind {
    /* blocks */
    NASHRA_NODE_DOCUMENT,
    NASHRA_NODE_BLOCK_QUOTE,
    NASHRA_NODE_LIST,
    NASHRA_NODE_ITEM,
    NASHRA_NODE_CODE_BLOCK,
    NASHRA_NODE_HTML_BLOCK,
    NASHRA_NODE_PARAGRAPH,
    NASHRA_NODE_HEADING,
    NASHRA_NODE_THEMATIC_BREAK,
    /* block extensions (nashra syntax only) */
    NASHRA_NODE_FOOTNOTE_DEF,  /* container of blocks; as.footnote */
    NASHRA_NODE_TABLE,         /* rows; as.table */
    NASHRA_NODE_TABLE_ROW,     /* cells; as.row */
    NASHRA_NODE_TABLE_CELL,    /* inlines; as.cell */
    NASHRA_NODE_CALLOUT,       /* container of blocks; as.callout */
    NASHRA_NODE_ATTRIBUTION,   /* inlines: a block quote's last child, who said it */
    NASHRA_NODE_FIGURE,        /* one IMAGE child; its title is the caption */
    NASHRA_NODE_DIV,           /* container of blocks: ::: {#id .class dir=ltr lang=en}; as.div */
    /* inlines */
    NASHRA_NODE_TEXT,
    NASHRA_NODE_SOFTBREAK,
    NASHRA_NODE_LINEBREAK,
    NASHRA_NODE_CODE,
    NASHRA_NODE_HTML_INLINE,
    NASHRA_NODE_EMPH,
    NASHRA_NODE_STRONG,
    NASHRA_NODE_LINK,
    NASHRA_NODE_IMAGE,
    /* inline extensions (nashra syntax only) */
    NASHRA_NODE_STRIKETHROUGH, /* inlines */
    NASHRA_NODE_FOOTNOTE_REF,  /* leaf; as.footnote */
    NASHRA_NODE_CITATION,      /* CITE_ITEM children: [@a, p. 3; @b] */
    NASHRA_NODE_CITE_ITEM,     /* leaf; as.cite */
    NASHRA_NODE_SPAN,          /* inlines: [text]{lang=en dir=ltr}; as.span */
    NASHRA_NODE_SMART_QUOTE,   /* leaf, nashra syntax: a typed ' or "; as.quote. Resolve turns
                                * it into TEXT in the quotes of its language */
    NASHRA_NODE_KIND_COUNT
};

enum nashra_list_type { NASHRA_LIST_BULLET, NASHRA_LIST_ORDERED };

enum nashra_dir { NASHRA_DIR_AUTO, NASHRA_DIR_RTL, NASHRA_DIR_LTR };

/* Table column alignment as the delimiter row writes it (:-- left, --: right, :-: center). */
/* A length as a source writes it: `60%` of the text width, or an absolute unit; a bare number
 * is CSS pixels. */
enum nashra_length_unit {
    NASHRA_LENGTH_NONE,
    NASHRA_LENGTH_PERCENT,
    NASHRA_LENGTH_CM,
    NASHRA_LENGTH_MM,
    NASHRA_LENGTH_IN,
    NASHRA_LENGTH_PT,
    NASHRA_LENGTH_PX,
};

enum nashra_align { NASHRA_ALIGN_NONE, NASHRA_ALIGN_LEFT, NASHRA_ALIGN_CENTER, NASHRA_ALIGN_RIGHT };

/* GitHub alert kinds, plus SUMMARY for a brief's key points. */
enum nashra_callout {
    NASHRA_CALLOUT_NOTE,
    NASHRA_CALLOUT_TIP,
    NASHRA_CALLOUT_IMPORTANT,
    NASHRA_CALLOUT_WARNING,
    NASHRA_CALLOUT_CAUTION,
    NASHRA_CALLOUT_SUMMARY,
};

/* A source position: 1-based line, 1-based column counted in Unicode code points (so Arabic
 * columns match what an editor shows), and the 0-based byte offset. */
struct nashra_pos {
    int line;
    int col;
    size_t offset;
};

/* A SMART_QUOTE's part: an opening or closing quote, or (a ' inside a word, or one that
 * matched nothing) an apostrophe. */
enum nashra_quote_role { NASHRA_QUOTE_OPEN, NASHRA_QUOTE_CLOSE, NASHRA_QUOTE_APOSTROPHE };

struct nashra_node {
    enum nashra_node_kind kind;
    struct nashra_node *parent, *first_child, *last_child, *prev, *next;
    struct nashra_pos start, end;
    /* Decided by the resolve stage for every block (and span): the direction its text is set
     * in (RTL or LTR, never AUTO once resolved), its language (interned; the nearest written
     * `lang`, else the document's) and the script of its first letter (G_UNICODE_SCRIPT_COMMON
     * when it has none). */
    enum nashra_dir dir;
    const char *lang;
    GUnicodeScript script;
    /* TEXT, CODE, HTML_*, CODE_BLOCK content; NUL-terminated, owned by the node. */
    char *literal;
    size_t literal_len;
    union {
        struct {
            int level; /* 1..6 */
            bool setext;
            char *id; /* owned; may be NULL until ids are assigned */
            /* {dir=ltr lang=en}: the direction and language written for this heading
             * (DIR_SET false: its text decides); LANG owned, or NULL */
            enum nashra_dir dir;
            bool dir_set;
            char *lang;
        } heading;
        struct {
            enum nashra_list_type type;
            int start;      /* ordered lists */
            bool tight;
            char delim;     /* '.' or ')' */
            char bullet;    /* '-', '+', '*' */
        } list;
        struct {
            char *info; /* owned; NULL for indented code */
            bool fenced;
        } code;
        struct {
            char *url;   /* owned */
            char *title; /* owned; may be NULL */
            char *attrs; /* owned; IMAGE in a FIGURE: raw text of a following {...}, or NULL */
            char *anchor; /* owned; LINK: a named destination where its text starts (a reference
                           * entry's "ref-KEY"); such a link may have no url. NULL if none */
        } link;
        struct {
            char *label; /* owned; the [^label] as written */
            int index;   /* 1-based number in order of first reference; 0 if never referenced */
            struct nashra_node *def; /* FOOTNOTE_REF: its FOOTNOTE_DEF (borrowed); NULL if none */
        } footnote;
        struct {
            /* CITATION of works, once resolved: its children after the CITE_ITEMs are the
             * citation as the style writes it (brackets, names, years), so renderers add none */
            bool styled;
        } citation;
        struct {
            char *key;     /* owned; without the @ */
            char *locator; /* owned; e.g. "p. 12"; NULL if none */
            /* Set by the validation pass (src/parse/resolve.c) once the key is resolved: */
            char *text;    /* owned; a cross-reference's text ("Figure 2"); works are written by
                            * their CITATION (as.citation.styled) */
            char *dest;    /* owned; named destination it links to ("ref-KEY", "fig:map") */
            bool xref;     /* a cross-reference to a figure, table or heading (no brackets) */
            const struct nashra_ref *ref;   /* cited work (borrowed from the meta), or NULL */
            struct nashra_node *target;     /* cross-referenced FIGURE, TABLE or HEADING */
        } cite;
        struct {
            enum nashra_dir dir; /* when DIR_SET; AUTO: its own first strong letter */
            bool dir_set;
            char *lang; /* owned, or NULL */
            /* Made by the resolve stage, not written: a name or title the citation processor
             * wrote in the direction DIR within a line of the other, set apart (<bdi>, an
             * isolate) so the neutrals and numbers after it keep the line's order */
            bool isolate;
        } span;
        struct {
            bool dbl;                  /* " rather than ' */
            enum nashra_quote_role role; /* as the delimiter rules of cmark's smart option left it */
        } quote;
        struct {
            char *id;      /* owned, or NULL */
            char *classes; /* owned; space-separated as written, or NULL */
            char *lang;    /* owned, or NULL */
            enum nashra_dir dir; /* when DIR_SET, for every block inside (AUTO: each its own) */
            bool dir_set;
        } div;
        struct {
            char *id;   /* owned; from {#fig:map}, or NULL */
            int number; /* 1-based in document order among numbered figures; 0 if unnumbered */
            /* width=60% or 8cm: WIDTH of WIDTH_UNIT (NASHRA_LENGTH_NONE: not given, or not
             * understood, which parse has reported) */
            double width;
            enum nashra_length_unit width_unit;
            char *credit; /* owned; credit="…", or NULL */
            char *label;  /* owned; resolve: "Figure 2:" in the brief's language and digits
                           * when numbered and captioned, else NULL */
        } figure;
        struct {
            int number; /* `paragraph-numbers`: 1-based among the body's own paragraphs (not
                         * in a list, quote, callout or note); 0 if not numbered */
        } paragraph;
        struct {
            int columns;
            enum nashra_align *aligns; /* owned; COLUMNS entries */
            char *caption; /* owned; from a "Table: …" / ": …" line after the table, or NULL */
            char *id;      /* owned; the caption's {#tbl:id}, or NULL */
            int number;    /* 1-based among captioned tables; 0 if none */
            char *label;   /* owned; resolve: "Table 1:" for a caption, else NULL */
        } table;
        struct {
            bool header;
        } row;
        struct {
            int column; /* 0-based */
            enum nashra_align align;
            /* Resolve: the cell's text is a number ("-3%"), set left to right in any
             * direction; and it is in a body cell of a column of numbers with no alignment
             * written, which lines up on the right. */
            bool numeric, right;
        } cell;
        struct {
            enum nashra_callout type;
            char *title; /* owned; text after [!TYPE] on its line; NULL for the default */
        } callout;
    } as;
};

/* Digits for what nashra generates (page, list, note and figure numbers, dates). */
enum nashra_digits { NASHRA_DIGITS_DEFAULT, NASHRA_DIGITS_LATIN, NASHRA_DIGITS_ARABIC_INDIC,
                     NASHRA_DIGITS_PERSIAN };

/* An author: `name` always set; the rest NULL when not given. Owned strings. */
struct nashra_person {
    char *name;
    char *affiliation;
    char *email;
    char *role;
    bool institution; /* given as `literal:`: cited whole, never split into family and given */
};

/* A name in a reference: FAMILY and GIVEN, or LITERAL: an institution, cited whole (CSL's
 * `literal`), or, when PLAIN, a person's name written as a plain string. Owned strings; NULL
 * when absent. */
struct nashra_name {
    char *family;
    char *given;
    char *literal;
    bool plain;
};

/* A work in the brief's references (CSL-like). Owned strings; NULL when absent. */
struct nashra_ref {
    char *id;
    char *type;              /* "book", "article-journal", "report", "webpage", … */
    GPtrArray *authors;      /* struct nashra_name * */
    char *title;
    char *container_title;
    char *publisher;
    int year, month, day;    /* issued; 0 when absent */
    char *url;
    char *accessed;          /* as written (ISO date) */
    int accessed_year, accessed_month, accessed_day;
    char *page, *volume, *issue;
    struct nashra_pos pos;   /* where it is defined (line 0 in a bibliography file) */
    /* The whole reference as one CSL-JSON item (a compact UTF-8 JSON object): every key as
     * written, in order, made valid CSL-JSON (names as lists of name objects, ISO dates as
     * date-parts, `url` as `URL`), for a CSL processor, which needs every variable. Always
     * set by the parser; NULL only in a reference built by hand. */
    char *csl_json;
};
struct nashra_ref *nashra_ref_new(void);
void nashra_ref_free(struct nashra_ref *r);
void nashra_name_free(struct nashra_name *n);
/* A person's name written as a plain string, split as the works are cited: "Family, Given" at
 * the first comma, else the last of two or three words is the family name (a single word is a
 * family name alone: *GIVEN NULL). False, with nothing set, when it is longer than three words
 * (not a person's name: an organisation, cited whole) or has no family name. g_free both. */
bool nashra_name_split(const char *plain, char **family, char **given);

/* The standards a brief's PDF is made to meet (`pdf-standard:`, --pdf-standard), named as Typst
 * names them: one PDF/A part and level at most, and PDF/UA-1 beside it or alone. */
enum nashra_pdfa { NASHRA_PDFA_NONE, NASHRA_PDFA_2B, NASHRA_PDFA_2U, NASHRA_PDFA_3U };
struct nashra_pdf_standard {
    enum nashra_pdfa pdfa;
    bool ua1;
};
/* Adds the standard NAME ("a-2b", "a-2u", "a-3u", "ua-1") to S. NULL, or why it cannot be
 * added (an unknown name, a second PDF/A level), a message naming it (g_free). */
char *nashra_pdf_standard_add(struct nashra_pdf_standard *s, const char *name);
/* "a-2u", or NULL for NONE. */
const char *nashra_pdfa_name(enum nashra_pdfa pdfa);

/* Front matter. Strings are owned (g_free); NULL when the key is absent. */
struct nashra_meta {
    char *title;
    char *subtitle;
    GPtrArray *authors;        /* names (char *), in order; kept for simple use */
    GPtrArray *people;         /* struct nashra_person *, same order as authors */
    char *date;                /* as written */
    int year, month, day;      /* from an ISO 8601 date; 0 when absent or invalid */
    char *source;              /* the publication's name */
    char *source_url;
    char *source_issue, *source_volume, *source_pages, *source_date;
    char *pdf_url;             /* `pdf-url:` where the brief's PDF is published, for the page's
                                * citation_pdf_url */
    char *series, *number;     /* e.g. "Policy Briefs", "14" */
    char *summary;
    char *license;
    char *lang;
    enum nashra_dir dir;
    bool dir_auto; /* `dir: auto` written: each block by its first strong letter */
    GPtrArray *keywords;
    enum nashra_digits digits;
    bool body_digits;          /* digits also applied to the body's own numbers */
    char *template_name;       /* `template:` as written: a name or a file */
    bool paragraph_numbers;
    bool no_smart;             /* `smart: false`: quotes, dashes and dots stay as typed */
    bool smart;                /* the parser applied smart punctuation (resolve does the title's) */
    char *citation_style;      /* `citation-style:` as written: a name ("chicago", "apa",
                                * "chicago-notes", or any CSL style Debian ships) or a .csl file */
    char *citation_style_file; /* the .csl file read for it, named as bibliography_file, or NULL */
    char *citation_style_xml;  /* that file's text, or NULL */
    enum { NASHRA_NOTES_TEMPLATE, NASHRA_NOTES_FOOT, NASHRA_NOTES_END } notes; /* `notes:` */
    struct nashra_pdf_standard pdf_standard; /* `pdf-standard:` */
    GPtrArray *references;     /* struct nashra_ref *: `references:` then the bibliography */
    char *bibliography;        /* `bibliography:` as written (a CSL-JSON file) */
    char *bibliography_file;   /* the file read for it: the source's directory, then the name */
    /* `fonts:` folders of fonts the brief brings, resolved inside the project root (char *),
     * in order; empty when not given. */
    GPtrArray *font_dirs;
    /* Source position of each key given (key → struct nashra_pos *), for later diagnostics
     * (e.g. a template that does not exist). */
    GHashTable *positions;
    /* What the resolve stage (src/resolve/) decided from all of the above and the body, once,
     * for layout, the renderers and cite to read. All zero until then. */
    struct {
        bool done;
        enum nashra_dir dir;        /* the document's base direction: RTL or LTR */
        enum nashra_dir block_rule; /* how a block's direction is found: RTL (any RTL letter
                                     * makes it RTL), LTR (the mirror), AUTO (first strong) */
        const char *lang;           /* the language labels, dates and citations are written
                                     * in (interned): `lang`, else from the body's script */
        enum nashra_digits digits;  /* digits of generated numbers: never DEFAULT */
        char *citation_style;       /* owned: the CSL style used ("chicago-author-date", a file),
                                     * NULL when the brief cites nothing */
        bool note_style;            /* that style makes citations notes */
        /* The masthead's lines as both renderers show them, in the labels' language and the
         * digits above (owned; NULL when there is nothing to show): the series and number
         * ("Policy Briefs — no. 14"), the byline (the authors' names joined), the distinct
         * affiliations joined, the date, and the source attribution ("Published in: ⁨Name⁩,
         * no. 12, date"), whose bytes SOURCE_NAME[0] to SOURCE_NAME[1] are the name with its
         * isolates, linked to source_url. */
        char *series, *byline, *affiliations, *date, *source;
        size_t source_name[2];
    } resolved;
};

struct nashra_doc {
    struct nashra_node *root; /* kind DOCUMENT */
    struct nashra_meta meta;
};


/* Allocates a detached node of KIND at START; free with nashra_node_free (or via its tree). */
struct nashra_node *nashra_node_new(enum nashra_node_kind kind, struct nashra_pos start);
/* Frees NODE and its whole subtree, iteratively; unlinks it from its parent first. */
void nashra_node_free(struct nashra_node *node);
void nashra_node_append_child(struct nashra_node *parent, struct nashra_node *child);
void nashra_node_prepend_child(struct nashra_node *parent, struct nashra_node *child);
void nashra_node_insert_after(struct nashra_node *sibling, struct nashra_node *node);
void nashra_node_insert_before(struct nashra_node *sibling, struct nashra_node *node);
void nashra_node_unlink(struct nashra_node *node);
/* Replaces NODE's literal with a copy of LEN bytes of S. */
void nashra_node_set_literal(struct nashra_node *node, const char *s, size_t len);
bool nashra_node_is_block(const struct nashra_node *node);
/* "auto", "rtl" or "ltr", as the tree dump and HTML write a direction. */
const char *nashra_dir_name(enum nashra_dir dir);
/* A length unit as the source and CSS write it: "%", "cm", "mm", "in", "pt", "px" ("" for none). */
const char *nashra_length_unit_name(enum nashra_length_unit unit);
/* Stable lower-case name used by --to tree ("paragraph", "heading", ...). */
const char *nashra_node_kind_name(enum nashra_node_kind kind);
/* Numbers every note reference under ROOT that is still unnumbered (FOOTNOTE_REF with a def;
 * a def's index 0): the main text's first, then those inside notes, in the order notes are
 * reached. Returns the notes (FOOTNOTE_DEF) in number order; g_ptr_array_unref. */
GPtrArray *nashra_notes_order(struct nashra_node *root);
/* Concatenated text content of NODE's subtree (text, code, breaks as spaces); g_free it. */
char *nashra_node_plain_text(const struct nashra_node *node);

/* cmark-style walk: every node is entered, and nodes that can have children are exited too.
 * No recursion, so input nesting never grows the C stack. */
enum nashra_event { NASHRA_EVENT_NONE, NASHRA_EVENT_ENTER, NASHRA_EVENT_EXIT };
struct nashra_iter {
    struct nashra_node *root;
    struct nashra_node *cur;
    enum nashra_event ev;
};
void nashra_iter_init(struct nashra_iter *it, struct nashra_node *root);
/* Advances; returns NASHRA_EVENT_NONE when the walk is over. */
enum nashra_event nashra_iter_next(struct nashra_iter *it);
/* After an ENTER event, skips NODE's children: the next event is its EXIT. */
void nashra_iter_skip_children(struct nashra_iter *it);

struct nashra_doc *nashra_doc_new(void);
void nashra_doc_free(struct nashra_doc *doc);
void nashra_meta_clear(struct nashra_meta *meta);
struct nashra_person *nashra_person_new(const char *name);
void nashra_person_free(struct nashra_person *p);

/* Whether a node kind can hold children (and so gets an EXIT event). */
bool nashra_node_kind_is_container(enum nashra_node_kind kind);

#endif
