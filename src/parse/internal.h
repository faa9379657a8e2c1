/* Shared internals of the parser: the cleaned source with its line table and position mapping,
 * the link reference map, and the entry points of each parsing pass. */
#ifndef NASHRA_PARSE_INTERNAL_H
#define NASHRA_PARSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "doc/doc.h"
#include "parse/parse.h"
#include "util/diag.h"

/* The input after NULs and invalid UTF-8 were replaced by U+FFFD. Positions are computed on
 * this buffer; byte offsets are mapped back to the original input when a node is stamped. */
struct parse_source {
    char *buf; /* owned, NUL-terminated */
    size_t len;
    GArray *line_starts; /* size_t: offset of each line's first byte; [0] is line 1 */
    GArray *fixups;      /* struct parse_fixup: where offsets start to differ from the input */
    /* Code points before every 64th byte, so a column is found in constant time even on
     * a megabyte line. */
    GArray *cp_marks; /* size_t */
};

struct parse_fixup {
    size_t clean_after; /* first clean offset after a replacement */
    size_t orig_after;  /* the matching input offset */
};

/* Cleans LEN bytes of SRC into S, reporting one warning per line with invalid UTF-8. */
void parse_source_init(struct parse_source *s, const char *src, size_t len,
                       struct nashra_diag *diag);
void parse_source_clear(struct parse_source *s);
/* Position of the character starting at clean offset OFF. */
struct nashra_pos parse_source_pos(struct parse_source *s, size_t off);
/* End position of a range ending (exclusive) at clean offset END that starts at START: the
 * line and column of its last character, the input offset just past it. */
struct nashra_pos parse_source_end(struct parse_source *s, size_t start, size_t end);
int parse_source_line_of(const struct parse_source *s, size_t off);

/* Link reference definitions, keyed by normalised label; the first definition wins. */
struct parse_ref {
    char *url;
    char *title; /* may be NULL */
};
GHashTable *parse_refmap_new(void);
/* Case-folds and collapses whitespace of a label; NULL if it has no non-space character. */
char *parse_normalize_label(const char *s, size_t len);

/* A leaf block's raw text: lines joined with '\n', with a map from content offsets back to
 * clean-source offsets (each line is a contiguous slice of the source). */
struct parse_span {
    size_t content_off;
    size_t src_off;
};
struct parse_content {
    GString *text;
    GArray *spans; /* struct parse_span, increasing content_off */
};
size_t parse_content_src(const struct parse_content *c, size_t content_off);

/* Tries to read link reference definitions from the start of C. Adds them to REFS and
 * returns the number of bytes consumed. */
size_t parse_link_ref_defs(const struct parse_content *c, GHashTable *refs);

/* Inline pass for one paragraph or heading: appends inline children to NODE. */
struct parse_inline_ctx {
    struct parse_source *src;
    GHashTable *refs;
    bool nashra;              /* extensions: strikethrough, footnote refs, citations */
    struct nashra_diag *diag; /* undefined footnotes are reported here */
    GHashTable *footnotes;    /* normalised label -> first FOOTNOTE_DEF (borrowed) */
    bool smart;               /* quotes as SMART_QUOTE nodes, -- and --- dashes, ... an ellipsis */
};
void parse_inlines(struct parse_inline_ctx *ctx, struct nashra_node *node,
                   const struct parse_content *c);

/* Pipe tables. A cell is a byte range of a row line, trimmed, escapes still in. */
struct parse_cell_range {
    size_t start, end;
};
/* Splits the row LINE (no line ending) into CELLS; returns whether it held an unescaped '|'. */
bool parse_table_split(const char *line, size_t len, GArray *cells);
/* Reads a delimiter row; returns its column count (0 if it is none) and sets *ALIGNS (g_new). */
int parse_table_delim_row(const char *line, size_t len, bool *has_pipe, enum nashra_align **aligns);
/* Inline pass for a TABLE whose content holds the header line then the body lines. */
void parse_table_inlines(struct parse_inline_ctx *ctx, struct nashra_node *table,
                         const struct parse_content *c);

/* Post-passes over the finished tree (nashra syntax only). */
void parse_figures(struct nashra_node *root);
/* Numbers the notes by first reference, moves them to the end of ROOT, drops (and reports)
 * unreferenced and duplicate definitions. DEFS lists every FOOTNOTE_DEF in source order. */
void parse_footnotes_resolve(struct nashra_node *root, GPtrArray *defs, GHashTable *by_label,
                             struct nashra_diag *diag);

/* Scanners shared by the block and inline passes. Each returns the length matched, or 0. */
/* A destination at P (possibly empty unless in <>): sets CONSUMED and the unescaped range. */
bool parse_scan_link_dest(const char *p, size_t len, size_t *consumed, size_t *ds, size_t *dl);
size_t parse_scan_link_title(const char *p, size_t len);
size_t parse_scan_link_label(const char *p, size_t len);
size_t parse_scan_html_tag(const char *p, size_t len); /* open or closing tag */
size_t parse_scan_autolink_uri(const char *p, size_t len);
size_t parse_scan_autolink_email(const char *p, size_t len);
/* HTML block start kind 1..7 for the line at P, or 0. */
int parse_html_block_start(const char *p, size_t len, bool can_interrupt_paragraph);
bool parse_html_block_end(int kind, const char *p, size_t len);

/* Unescapes backslash escapes and character references of LEN bytes of S into OUT. */
void parse_unescape(GString *out, const char *s, size_t len);
/* Decodes only character references (autolinks take no backslash escapes). */
void parse_unescape_entities(GString *out, const char *s, size_t len);
/* Decodes a character reference at P ('&' ...). Appends UTF-8 to OUT and returns the bytes
 * consumed, or 0 if P does not start a valid reference. */
size_t parse_entity(const char *p, size_t len, GString *out);

bool parse_is_ascii_punct(unsigned char c);

/* Front matter and -M values nest at most this deep: libyaml's scanner takes time quadratic in
 * the depth of flow collections ([[[[…). */
#define FM_MAX_DEPTH 64

/* Front matter: returns the clean offset where the body starts (0 if none). */
size_t parse_front_matter(struct parse_source *s, struct nashra_meta *meta,
                          const struct nashra_root *root,
                          struct nashra_diag *diag);

typedef struct yaml_document_s yaml_document_t;
typedef struct yaml_node_s yaml_node_t;
/* JSON TEXT (strict RFC 8259) as a libyaml document whose nodes are marked where they are
 * written, read in time linear in LEN. False: LINE, COL and MESSAGE (g_free) say what is
 * wrong. */
bool parse_json_as_yaml(const char *text, size_t len, yaml_document_t *doc, int *line, int *col,
                        char **message);
/* CSL 1.0.2 (src/parse/csl_item.c). What a key of a reference is: one of CSL's variables by its
 * kind, a key CSL-JSON adds (id, type, categories, custom, shortTitle, journalAbbreviation), or
 * none of these. */
enum parse_csl_kind {
    PARSE_CSL_UNKNOWN,
    PARSE_CSL_STANDARD,
    PARSE_CSL_NUMBER,
    PARSE_CSL_DATE,
    PARSE_CSL_NAME,
    PARSE_CSL_ITEM,
};
enum parse_csl_kind parse_csl_variable_kind(const char *key);
/* CSL's item types, NULL-terminated ("article", …, "webpage"). */
const char *const *parse_csl_types(void);
/* The item type (TYPE) or variable S was likely meant to be, differing in case or '_' for '-'
 * ("DOI" for "doi", "legal_case" for "legal-case"), or NULL. */
const char *parse_csl_suggest(const char *s, bool type);
/* REF, a reference's mapping in DOC, as one CSL-JSON item: a compact UTF-8 JSON object with
 * every key in order (a repeated key's first value; `url` as `URL`; null values left out),
 * scalars as strings, names as lists of name objects (a plain string split as a person's, or a
 * literal), dates as {"date-parts": [[Y, M, D]]} objects. *TOO_DEEP: a value nested deeper than
 * FM_MAX_DEPTH (through aliases) was written as null. g_free. */
char *parse_csl_item_json(yaml_document_t *doc, yaml_node_t *ref, bool *too_deep);
/* Applies the -M overrides of OPTS to META (see struct nashra_parse_options). */
void parse_meta_overrides(const struct nashra_parse_options *opts, struct nashra_meta *meta,
                          struct nashra_diag *diag);
/* Reads an ISO 8601 date YYYY-MM-DD, YYYY-MM or YYYY (month and day 0 when absent). */
bool parse_iso_date(const char *s, int *year, int *month, int *day);

/* text_words.c: the length of a byline's or source's marker at the start of S ("By ",
 * "بقلم: ", "Source: "), or 0; and whether a line is a date alone (sets the parts). */
size_t parse_text_author_mark(const char *s);
size_t parse_text_source_mark(const char *s);
bool parse_text_date(const char *line, size_t len, int *year, int *month, int *day);
/* The plain-text reader (--from text): the same tree from an article as published. */
struct nashra_doc *parse_text(const char *src, size_t len, const struct nashra_parse_options *opts,
                              struct nashra_diag *diag);


/* An attribute block's text (between the braces), as Pandoc writes it. By default only
 * `dir=ltr|rtl|auto`, `lang=TAG` and, with PARSE_ATTR_ID, `#id`; false, with nothing set, when
 * it holds anything else or nothing. PARSE_ATTR_PANDOC (fenced divs) takes Pandoc's whole
 * syntax: `#id`, `.class`, `key=value`, `key="quoted value"`, other keys ignored, `{}` empty. */
enum { PARSE_ATTR_ID = 1, PARSE_ATTR_PANDOC = 2 };
struct parse_attrs {
    char *id, *lang; /* owned by the caller, or NULL */
    char *classes;   /* PANDOC: owned, space-separated, or NULL */
    enum nashra_dir dir;
    bool dir_set;
    /* PANDOC: 1 + the offset in the text of the first dir or lang value not understood
     * (BAD_KEY names which), or 0; the rest of the block still applies */
    size_t bad;
    const char *bad_key;
};
bool parse_attr_block(const char *text, size_t len, unsigned flags, struct parse_attrs *out);

#endif
