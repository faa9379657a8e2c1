/* A CSL 1.0.2 processor: styles and locales (libxml2), CSL-JSON items (json-glib), citations and
 * bibliographies as rich text. Knows nothing of the brief's tree, layout or PDF: the cite and
 * resolve stages hand it items and cites and read back formatted text. */
#ifndef NASHRA_CSL_H
#define NASHRA_CSL_H

#include <stdbool.h>

#include <glib.h>

G_BEGIN_DECLS

#define NASHRA_CSL_ERROR (nashra_csl_error_quark())
GQuark nashra_csl_error_quark(void);
enum nashra_csl_error {
    NASHRA_CSL_ERROR_STYLE,  /* not a CSL style, or an element/attribute in the wrong place */
    NASHRA_CSL_ERROR_LOCALE, /* a locale file that does not parse */
    NASHRA_CSL_ERROR_ITEM,   /* CSL-JSON that is not an array of items */
    NASHRA_CSL_ERROR_LIMIT,  /* a bound exceeded: size, nesting, macro recursion */
};

struct nashra_csl_style;
struct nashra_csl_item;
struct nashra_csl_engine;
struct nashra_csl_out; /* formatted rich text */

/* Parses a style (XML, at most 4 MiB, nesting at most 64). Error messages carry the XML line. */
struct nashra_csl_style *nashra_csl_style_parse(const char *xml, gsize len, GError **error);
void nashra_csl_style_free(struct nashra_csl_style *style);
/* class="note" */
bool nashra_csl_style_is_note(const struct nashra_csl_style *style);
/* default-locale, or NULL */
const char *nashra_csl_style_default_locale(const struct nashra_csl_style *style);
/* <info><title>, or NULL */
const char *nashra_csl_style_title(const struct nashra_csl_style *style);

/* Items: a CSL-JSON array (or one object). Each item owned by the array (free func set). JSON
 * nested deeper than 64 levels, or with an inner array (names, date-parts) of more than 20,000
 * elements, is refused with NASHRA_CSL_ERROR_LIMIT. */
GPtrArray *nashra_csl_items_parse(const char *json, gsize len, GError **error);
void nashra_csl_item_free(struct nashra_csl_item *item);
const char *nashra_csl_item_id(const struct nashra_csl_item *item);

/* Where locale files come from: the XML of locales-LANG.xml (LANG such as "en-US", "ar"), or NULL
 * when there is none; *LEN set; g_free'd by the caller. */
typedef char *(*nashra_csl_locale_fn)(const char *lang, gsize *len, void *data);
/* Locales from DIR (locales-xx-XX.xml files), e.g. /usr/share/citation-style-language/locales;
 * DATA is the directory (const char *). Falls back to the built-in ones. */
char *nashra_csl_locale_from_dir(const char *lang, gsize *len, void *data);
/* The built-in locales only (the GResource): en-US, and by the bare language ur, ckb, ps
 * (nashra's own Urdu, Sorani Kurdish and Pashto files; Debian has none). */
char *nashra_csl_locale_builtin(const char *lang, gsize *len, void *data);

/* A processor for STYLE (borrowed, must outlive it) in LANG (NULL: the style's default-locale,
 * else en-US). FORCE_LANG: LANG wins over the style's default-locale. */
struct nashra_csl_engine *nashra_csl_engine_new(const struct nashra_csl_style *style,
                                                const char *lang, bool force_lang,
                                                nashra_csl_locale_fn locales, void *data,
                                                GError **error);
void nashra_csl_engine_free(struct nashra_csl_engine *engine);
/* Registers ITEMS (borrowed; must outlive the engine), in order. A repeated id is one item: the
 * later definition, in the earlier one's place (as citeproc-js). */
void nashra_csl_engine_add_items(struct nashra_csl_engine *engine, GPtrArray *items);
/* Abbreviations (the test suite's ABBREVIATIONS): a JSON object
 * {"default": {"container-title": {"Long": "Short"}, ...}}; optional. */
bool nashra_csl_engine_set_abbreviations(struct nashra_csl_engine *engine, const char *json,
                                         gsize len, GError **error);

/* Sorting ignores the Arabic definite article "ال" at the start of each word, as Arabic
 * reference lists file "الخطيب" under خ. */
void nashra_csl_engine_set_ignore_arabic_article(struct nashra_csl_engine *engine, bool on);

/* One cited item, as in citeproc-js's citationItems. Strings borrowed. */
struct nashra_csl_cite {
    const char *id;
    const char *locator;  /* NULL for none */
    const char *label;    /* locator term: "page" (default), "chapter", "section", … */
    const char *prefix, *suffix;
    bool suppress_author, author_only;
    /* Filled by nashra_csl_engine_cite: */
    int position;         /* enum csl_position (csl_int.h) as decided */
    bool near_note;
};
/* A citation: its items and the note it sits in (0 when in the text). */
struct nashra_csl_citation {
    struct nashra_csl_cite *items;
    guint n_items;
    int note_index;
};

/* Formats CITATIONS (in document order), all at once: positions, disambiguation, year suffixes
 * and collapsing decided over the whole set. Returns one struct nashra_csl_out * per citation
 * (free the array; its free func is set). Items not registered render as "[CSL STYLE ERROR:
 * reference with no printed form.]"-free empty output and are reported through MISSING (the
 * ids, may be NULL). */
GPtrArray *nashra_csl_engine_cite(struct nashra_csl_engine *engine,
                                  struct nashra_csl_citation *citations, guint n,
                                  GPtrArray *missing);
/* The bibliography of the items cited by the last nashra_csl_engine_cite (all registered items
 * when ALL or when nothing was cited), sorted by the style. One struct nashra_csl_out * per
 * entry; NULL when the style has no <bibliography>. IDS (may be NULL) receives each entry's item
 * id (borrowed). */
GPtrArray *nashra_csl_engine_bibliography(struct nashra_csl_engine *engine, bool all,
                                          GPtrArray *ids);

/* The bibliography's layout options. */
struct nashra_csl_bib_options {
    bool hanging_indent;
    enum { NASHRA_CSL_ALIGN_NONE, NASHRA_CSL_ALIGN_FLUSH, NASHRA_CSL_ALIGN_MARGIN } second_field_align;
    int line_spacing;  /* 1 by default */
    int entry_spacing; /* 1 by default */
};
void nashra_csl_engine_bib_options(const struct nashra_csl_engine *engine,
                                   struct nashra_csl_bib_options *opts);

/* Rich text out. */
void nashra_csl_out_free(struct nashra_csl_out *out);
/* The citeproc-js test-suite HTML: <i>, <b>, <span style="font-variant:small-caps;">,
 * <sup>, <sub>, <span style="text-decoration:underline;">, <div class="csl-block"> …, & < >
 * escaped as &#38; &#60; &#62;. */
char *nashra_csl_out_html(const struct nashra_csl_out *out);
/* Plain text (formatting dropped, quotes kept as the locale's characters). */
char *nashra_csl_out_text(const struct nashra_csl_out *out);

/* Writes the style's own punctuation in OUT (affixes, delimiters, terms: not the works' data)
 * in Arabic script: "," "،", ";" "؛", "?" "؟", and a locale's straight quotes as « »; with
 * URDU_STOP, a full stop that ends a field (before a space, a bracket or the end, not after a
 * Latin letter: "n.d." stays) as Urdu's "۔". For a reference in an Arabic-script language. The
 * cites of a citation for which KEEP (may be NULL) returns true keep their punctuation (a Latin
 * work cited in an Arabic note). */
void nashra_csl_out_arabic_punctuation(struct nashra_csl_out *out,
                                       bool (*keep)(const char *id, void *data), void *data,
                                       bool urdu_stop);

/* Spans of formatting over the plain text, for the brief's rich-text path. */
enum {
    NASHRA_CSL_ITALIC = 1 << 0,
    NASHRA_CSL_BOLD = 1 << 1,
    NASHRA_CSL_SMALL_CAPS = 1 << 2,
    NASHRA_CSL_SUPERSCRIPT = 1 << 3,
    NASHRA_CSL_SUBSCRIPT = 1 << 4,
    NASHRA_CSL_UNDERLINE = 1 << 5,
    NASHRA_CSL_LINK = 1 << 6, /* a URL or DOI: link target is the text (DOI: https://doi.org/…) */
    NASHRA_CSL_CITE = 1 << 7, /* one cite of a citation: ID is its item's */
};
struct nashra_csl_span {
    gsize start, end; /* bytes into the text */
    unsigned flags;
    const char *id;   /* CITE: the item id (borrowed from the engine's items); else NULL */
};
/* The plain text, and (SPANS non-NULL, a GArray of struct nashra_csl_span) the maximal runs of
 * each combination of formatting flags, in order, covering only formatted bytes, and one CITE
 * span per cite of a citation (after the spans inside it). g_free. */
char *nashra_csl_out_marked(const struct nashra_csl_out *out, GArray *spans);

G_END_DECLS

#endif
