/* Inside the CSL processor: the style tree, locales, items, the output tree and the contract
 * between parsing (style.c, locale.c, item.c), rendering (render*.c, output.c) and processing
 * (engine.c, sort.c, disamb.c, citation.c). Not for use outside src/csl/. */
#ifndef NASHRA_CSL_INT_H
#define NASHRA_CSL_INT_H

#include "csl/csl.h"

#define CSL_MAX_XML_BYTES (4u << 20)
#define CSL_MAX_DEPTH 64        /* XML nesting, and macro calls at render time */
#define CSL_MAX_NAMES 10000     /* names rendered per variable */
#define CSL_MAX_JSON_DEPTH 64   /* arrays/objects nested in CSL-JSON and abbreviations */
#define CSL_MAX_JSON_ARRAY 20000 /* elements of an array inside CSL-JSON (names, date-parts) */

/* ---- The style: the XML tree as written, attributes looked up by name (parse: style.c) ---- */

enum csl_kind {
    CSL_STYLE, CSL_INFO, CSL_LOCALE, CSL_MACRO, CSL_CITATION, CSL_BIBLIOGRAPHY, CSL_SORT, CSL_KEY,
    CSL_LAYOUT, CSL_TEXT, CSL_NUMBER, CSL_LABEL, CSL_GROUP, CSL_CHOOSE, CSL_IF, CSL_ELSE_IF,
    CSL_ELSE, CSL_DATE, CSL_DATE_PART, CSL_NAMES, CSL_NAME, CSL_NAME_PART, CSL_ET_AL,
    CSL_SUBSTITUTE, CSL_TERMS, CSL_TERM, CSL_SINGLE, CSL_MULTIPLE, CSL_DATE_FORMATS_UNUSED,
    CSL_STYLE_OPTIONS, CSL_OTHER /* info's children and anything unknown: kept, never rendered */
};

struct csl_attr {
    const char *name;  /* interned */
    const char *value; /* owned by the tree's string chunk */
};

struct csl_node {
    enum csl_kind kind;
    const char *tag; /* interned local name */
    struct csl_attr *attrs;
    guint n_attrs;
    struct csl_node *parent, *first, *last, *next;
    const struct csl_node *macro; /* TEXT or KEY with macro=: the MACRO it names (checked at parse) */
    char *content;                /* text content (terms, single/multiple); NULL if none */
    int line;
};

/* The attribute NAME of NODE as written, or NULL. */
const char *csl_attr(const struct csl_node *node, const char *name);
/* NAME on NODE, else on its ancestors up to and including the style element: CSL's inheritable
 * name options (and, et-al-*, initialize-with, name-as-sort-order, sort-separator,
 * delimiter-precedes-*, name-form (as form), name-delimiter (as delimiter), names-delimiter…). The
 * caller passes the attribute name as the inheriting element spells it ("name-form" on
 * citation/bibliography/style is "form" on <name>): see csl_name_option. */
const char *csl_attr_inherited(const struct csl_node *node, const char *name);
/* The name option OPTION ("et-al-min", "and", "form", "delimiter", …) for the <name> element
 * NAME (may be NULL: only inherited values): on NAME itself, else on the enclosing citation or
 * bibliography, else on the style ("form" is looked up as "name-form" and "delimiter" as
 * "name-delimiter" there). NULL when set nowhere. */
const char *csl_name_option(const struct csl_node *name, const struct csl_node *context,
                            const char *option);
/* "true" */
bool csl_attr_true(const struct csl_node *node, const char *name);
/* style.c: any CSL XML document (style or locale file) as a node tree, values in STRINGS;
 * size and nesting bounded. csl_node_free frees a tree from csl_xml_parse. */
struct csl_node *csl_xml_parse(const char *xml, gsize len, GStringChunk *strings, int error_code,
                               GError **error);
void csl_node_free(struct csl_node *node);

struct nashra_csl_style {
    struct csl_node *root; /* kind STYLE */
    GStringChunk *strings;
    GHashTable *macros;    /* name → struct csl_node * (kind MACRO) */
    const struct csl_node *citation, *bibliography; /* NULL when absent */
    const struct csl_node *citation_layout, *bibliography_layout;
    const struct csl_node *citation_sort, *bibliography_sort; /* NULL when absent */
    GPtrArray *locales;    /* struct csl_node * (kind LOCALE) in the style, in order */
    bool note;             /* class="note" */
    char *default_locale, *title;
};

/* ---- Locales (locale.c) ---- */

struct csl_term {
    const char *name;   /* "editor", "page", "ordinal-01", "month-03", "season-02", "and" … */
    const char *form;   /* "long", "short", "verb", "verb-short", "symbol" */
    const char *gender; /* of the noun ("masculine", "feminine") or NULL */
    const char *gender_form; /* ordinals: the gender they agree with, or NULL */
    const char *match;  /* ordinals: "last-digit", "last-two-digits", "whole-number" or NULL */
    const char *single, *multiple; /* multiple NULL when the term has one form */
};

/* One locale, from a file or a style's <locale>: only what it defines. */
struct csl_locale {
    char *lang;            /* "en-US", "de", or NULL (a style's <locale> without xml:lang) */
    GPtrArray *terms;      /* struct csl_term * (strings in the chunk) */
    GHashTable *term_index; /* name → GPtrArray of its terms in file order (lookups per render) */
    const struct csl_node *date_text, *date_numeric; /* <date form="text|numeric"> or NULL */
    int punctuation_in_quote;       /* -1 unset, 0, 1 */
    int limit_day_ordinals_to_day_1;
    struct csl_node *tree;          /* owned when from a file; NULL for a style's locale */
    GStringChunk *strings;
};
struct csl_locale *csl_locale_parse(const char *xml, gsize len, GError **error);
/* From a style's <locale> element (borrowed tree). */
struct csl_locale *csl_locale_from_node(const struct csl_node *locale_node);
void csl_locale_free(struct csl_locale *locale);
/* The chain for LANG, most specific first, as CSL 1.0.2 "Locale Fallback" says: the style's
 * locales for LANG, for its primary language, without xml:lang; then the files for LANG, its
 * primary dialect ("de" → "de-DE"), and en-US. Appended to CHAIN (struct csl_locale *, owned
 * by the chain's free func for files, and for the style's converted locales). */
bool csl_locale_chain(const struct nashra_csl_style *style, const char *lang,
                      nashra_csl_locale_fn locales, void *data, GPtrArray *chain, GError **error);

/* ---- Items (item.c) ---- */

struct csl_name {
    char *family, *given, *dropping_particle, *non_dropping_particle, *suffix, *literal;
    bool comma_suffix, static_ordering;
    bool comma_dropping_particle; /* "given, dropping-particle" ("François Hédelin, abbé d’") */
    bool parse_names_done;
};

/* A date: one or two points (a range); each part 0 when absent. */
struct csl_date_point {
    int year, month, day; /* year may be negative (BC) */
    int season;           /* 1–4, or 0 */
};
struct csl_date {
    struct csl_date_point from, to;
    bool range;      /* TO is meaningful */
    bool circa;
    char *literal;   /* "literal" (or an unparseable "raw"); rendered as is */
};

struct nashra_csl_item {
    char *id;        /* as a string even when the JSON has a number */
    char *type;
    GHashTable *vars;  /* standard and number variables: name (interned) → char * as given (numbers
                        * as their decimal text) */
    GHashTable *names; /* name variables: name → GPtrArray of struct csl_name * */
    GHashTable *dates; /* date variables: name → struct csl_date * */
    char *json;        /* reserved for the item's JSON; not filled (re-serialising every item
                        * cost as much as parsing it, and nothing reads it yet) */
};
const char *csl_item_var(const struct nashra_csl_item *item, const char *name);
GPtrArray *csl_item_names(const struct nashra_csl_item *item, const char *name);
const struct csl_date *csl_item_date(const struct nashra_csl_item *item, const char *name);
/* Whether VALUE is numeric in CSL's sense ("12", "12-15", "2nd", "12, 14 & 16"). */
bool csl_is_numeric(const char *value);
/* JSON (LEN bytes) nests at most CSL_MAX_JSON_DEPTH deep and, below the outermost value, has
 * arrays of at most CSL_MAX_JSON_ARRAY elements, and is one value; else a NASHRA_CSL_ERROR_LIMIT
 * (ITEM: several values) error naming WHAT and false. Checked before json-glib, which recurses
 * per level and leaks all but the last of several top-level values. */
bool csl_json_bounded(const char *json, gsize len, const char *what, GError **error);

/* ---- Output: a tree of formatted text (output.c) ---- */

enum csl_out_kind { CSL_OUT_TEXT, CSL_OUT_GROUP };

/* Formatting as CSL writes it; 0 means "as the parent". */
struct csl_format {
    enum { CSL_FS_INHERIT, CSL_FS_NORMAL, CSL_FS_ITALIC, CSL_FS_OBLIQUE } font_style;
    enum { CSL_FV_INHERIT, CSL_FV_NORMAL, CSL_FV_SMALL_CAPS } font_variant;
    enum { CSL_FW_INHERIT, CSL_FW_NORMAL, CSL_FW_BOLD, CSL_FW_LIGHT } font_weight;
    enum { CSL_TD_INHERIT, CSL_TD_NONE, CSL_TD_UNDERLINE } text_decoration;
    enum { CSL_VA_INHERIT, CSL_VA_BASELINE, CSL_VA_SUP, CSL_VA_SUB } vertical_align;
};

struct nashra_csl_out {
    enum csl_out_kind kind;
    char *text;            /* TEXT: already cased and stripped, with the item's own markup
                            * (<i>, <b>, <sc>, <sup>, <sub>, <span class="nocase">) parsed into
                            * child groups by csl_out_rich */
    GPtrArray *children;   /* GROUP: struct nashra_csl_out *, owned */
    char *prefix, *suffix, *delimiter; /* GROUP: affixes outside the formatting; delimiter between
                                        * non-empty children */
    struct csl_format format;
    bool quotes;           /* wrap in the locale's quotes (inner quotes alternate) */
    const char *display;   /* "block", "left-margin", "right-inline", "indent" or NULL */
    /* What produced it, for processing (interned or NULL): "year-suffix", "citation-number",
     * "names" (a rendered <names>), "locator", "date", "title", … (the variable name) */
    const char *var;
    const struct nashra_csl_item *item; /* set on the group of one cite, for collapsing */
    bool link;             /* URL/DOI text */
    bool arabic_punct;     /* the style's marks here (affixes, delimiter, a term) are written
                            * in Arabic script once punctuation is settled (serialisation) */
    bool urdu_stop;        /* root only: with arabic_punct, a sentence's "." is written "۔" */
    /* render role additions: */
    bool nocase;           /* <span class="nocase">: text-case leaves it alone */
    bool nodecor;          /* <span class="nodecor">: formatting reset to normal */
    char *quote_marks;     /* quotes: "open\x1fclose\x1finner-open\x1finner-close" (owned; set
                            * by csl_out_localize), NULL: “ ” ‘ ’ */
    bool punct_in_quote;   /* quotes: the locale moves . and , inside the closing quote */
};
struct nashra_csl_out *csl_out_text(const char *text);          /* a plain TEXT node */
/* TEXT that may hold CSL's rich-text markup (<i>, <b>, <sc>, <sup>, <sub>, <span
 * style="font-variant:small-caps;">, <span class="nocase">, and straight/curly quotes to be
 * made the locale's): a GROUP of TEXT and formatted children. */
struct nashra_csl_out *csl_out_rich(const char *text);
struct nashra_csl_out *csl_out_group(void);
void csl_out_append(struct nashra_csl_out *group, struct nashra_csl_out *child); /* takes child */
bool csl_out_is_empty(const struct nashra_csl_out *out);
struct nashra_csl_out *csl_out_copy(const struct nashra_csl_out *out);
/* Plain text without formatting, affixes included (for sort keys, comparison, disambiguation). */
char *csl_out_flat(const struct nashra_csl_out *out);
/* Fills quote_marks and punct_in_quote on every quoted node of OUT from E's locale (render.c
 * calls it on each rendered item; output.c's serialisers read them). */
void csl_out_localize(struct nashra_csl_engine *e, struct nashra_csl_out *out);

/* ---- Rendering (render.c and friends) ---- */

enum csl_position { CSL_POS_FIRST, CSL_POS_SUBSEQUENT, CSL_POS_IBID, CSL_POS_IBID_WITH_LOCATOR };

struct nashra_csl_engine;

/* Everything a layout needs to render one item once. Set by processing, read by rendering. */
struct csl_ctx {
    const struct nashra_csl_item *item;
    const struct nashra_csl_cite *cite; /* NULL in the bibliography and for sort keys */
    bool bibliography;  /* rendering the bibliography's layout (else the citation's) */
    bool sorting;       /* rendering a sort key: names in sort order, no affixes/formatting,
                         * numbers zero-padded, dates as YYYYMMDD… (see csl_render_sort_key) */
    enum csl_position position;
    bool near_note;
    int citation_number;   /* 1-based, by the bibliography's order */
    int year_suffix;       /* 0 none; 1 → "a", 27 → "aa" */
    bool disambiguate;     /* condition disambiguate="true" holds */
    int add_names;         /* names shown beyond et-al-use-first (disambiguate-add-names) */
    int givenname_level;   /* 0 as the style says; 1 initials added; 2 full given names
                            * (disambiguate-add-givenname, applied per name where set below) */
    GHashTable *givenname_names; /* struct csl_name * → GINT_TO_POINTER(level), or NULL: the
                                  * given-name level of each name (by-cite rule) */
    bool suppress_author;  /* cite's suppress-author: drop the first <names> rendered */
    bool author_only;      /* only the first <names> */
    /* Out: what rendering saw, for processing */
    bool rendered_year_suffix;     /* a year-suffix variable was rendered */
    int names_total, names_shown;  /* of the first <names>: how many names, how many shown */
    const char *subst_var;         /* the variable that filled the first <names> (substitute) */
    GHashTable *suppressed;        /* variables already used by a <substitute>: render empty
                                    * for the rest of this item (interned name → itself) */
    /* Group suppression (CSL 1.0.2 "group"): each element that looks up a variable adds one to
     * vars_called and, when the variable gave output, one to vars_rendered. */
    int vars_called, vars_rendered;
    int depth;
    const struct csl_node *sort_key; /* the <key> being rendered when sorting, or NULL */
    bool names_seen;       /* the first <names> has rendered (names_total… are set) */
    GHashTable *subst_record; /* non-NULL while a <substitute> child renders: every variable that
                               * gives output is added (interned name → itself); names-dates
                               * moves them to suppressed */
    int first_reference_note_number; /* note of the item's first citation, 0: none (process) */
};

/* render.c: one element of any kind (dispatches to the files below), its children as one group,
 * and the decorations every rendering element takes: affixes, formatting, display, quotes,
 * strip-periods, text-case, read from NODE's attributes and wrapped around OUT (consumed). */
struct nashra_csl_out *csl_render_node(struct nashra_csl_engine *e, const struct csl_node *node,
                                       struct csl_ctx *ctx);
struct nashra_csl_out *csl_render_children(struct nashra_csl_engine *e,
                                           const struct csl_node *node, struct csl_ctx *ctx,
                                           const char *delimiter);
struct nashra_csl_out *csl_decorate(struct nashra_csl_engine *e, const struct csl_node *node,
                                    struct nashra_csl_out *out);
/* A <label> for VARIABLE with PLURAL decided by the caller (names: more than one name). */
struct nashra_csl_out *csl_render_label(struct nashra_csl_engine *e, const struct csl_node *label,
                                        const char *variable, bool plural, struct csl_ctx *ctx);
/* render_names.c: <names> with its <name>, <et-al>, <label>, <substitute>. */
struct nashra_csl_out *csl_render_names(struct nashra_csl_engine *e, const struct csl_node *names,
                                        struct csl_ctx *ctx);
/* A name variable as a sort key (family, given, particles per demote-non-dropping-particle). */
char *csl_names_sort_key(struct nashra_csl_engine *e, const struct csl_node *key,
                         const char *variable, struct csl_ctx *ctx);
/* render_date.c: <date> (localized or not) with its <date-part>s; ranges, seasons, circa. */
struct nashra_csl_out *csl_render_date(struct nashra_csl_engine *e, const struct csl_node *date,
                                       struct csl_ctx *ctx);
/* render_number.c */
/* "1st", "2nd" (the locale's ordinal terms; GENDER of the noun, may be NULL) */
char *csl_number_ordinal(const struct nashra_csl_engine *e, long n, const char *gender);
/* "first" … "tenth", else the ordinal */
char *csl_number_long_ordinal(const struct nashra_csl_engine *e, long n, const char *gender);
/* lower-case roman numerals ("xiv"); decimal above 3999 */
char *csl_number_roman(long n);
/* A page range in the style's page-range-format ("expanded", "minimal", "minimal-two",
 * "chicago", "chicago-15", "chicago-16"; NULL: as written), with the locale's page-range
 * delimiter (an en dash by default). */
char *csl_page_range(const struct nashra_csl_engine *e, const char *pages, const char *format);
/* Text-case on OUT's text nodes, in place: "lowercase", "uppercase", "capitalize-first",
 * "capitalize-all", "sentence", "title" (English only, per CSL's stop words); spans marked
 * nocase are left alone. LANG: the item's language (title case only for English). */
void csl_text_case(struct nashra_csl_out *out, const char *text_case, const char *lang);

/* Renders LAYOUT (a citation's or bibliography's <layout>, without its affixes and
 * delimiter: processing applies those to the whole citation) for CTX->item. Never NULL (an
 * empty group when nothing renders). */
struct nashra_csl_out *csl_render_item(struct nashra_csl_engine *e, const struct csl_node *layout,
                                       struct csl_ctx *ctx);
/* The value of one <key> for CTX->item as a string to collate (NULL: the item lacks it, sorts
 * last): variables by type (names: family, given…, "; "-separated, limited by names-min /
 * names-use-first / names-use-last; dates: "YYYYMMDD" with sign and padding, ranges appended;
 * numbers: zero-padded), macros rendered with ctx->sorting. */
char *csl_render_sort_key(struct nashra_csl_engine *e, const struct csl_node *key,
                          struct csl_ctx *ctx);
/* Whether the key is numeric (compare as numbers, not collated text). */
bool csl_sort_key_is_numeric(struct nashra_csl_engine *e, const struct csl_node *key);

/* A term from the engine's locale chain: FORM falls back verb-short → verb → long, symbol →
 * short → long; PLURAL picks multiple; GENDER for ordinals. NULL when no locale has it ("" when
 * it is defined empty). */
const char *csl_term(const struct nashra_csl_engine *e, const char *name, const char *form,
                     bool plural, const char *gender);
/* The ordinal suffix for N ("st", "nd", "e", …) by CSL 1.0.1's ordinal-NN terms (match,
 * gender-form) falling back to "ordinal"; only the most specific locale defining any ordinal
 * term counts. "" when none. (locale.c) */
const char *csl_ordinal_suffix(const struct nashra_csl_engine *e, long n, const char *gender);
/* The gender of noun term NAME ("month-03", "edition"), or NULL. */
const char *csl_term_gender(const struct nashra_csl_engine *e, const char *name);
/* The locale's <date form="text|numeric">, or NULL. */
const struct csl_node *csl_locale_date(const struct nashra_csl_engine *e, const char *form);

/* ---- The engine (engine.c): what every part reads ---- */

struct nashra_csl_engine {
    const struct nashra_csl_style *style;
    char *lang;                 /* the locale in use, e.g. "en-US" */
    GPtrArray *locales;         /* struct csl_locale *, most specific first (csl_locale_chain) */
    bool punctuation_in_quote;
    bool limit_day_ordinals_to_day_1;
    GPtrArray *items;           /* struct nashra_csl_item *, borrowed, in registration order */
    GHashTable *by_id;          /* id → struct nashra_csl_item * */
    GHashTable *abbreviations;  /* "container-title\x1fLong" → "Short", or NULL */
    /* Decided by processing (citation.c, disamb.c, sort.c): */
    GHashTable *citation_number; /* item → GINT (1-based) */
    GHashTable *year_suffix;     /* item → GINT (1-based) */
    GPtrArray *cited;            /* items in order of first citation */
    int uses_year_suffix_var;   /* 0 not yet known, 1 the style has <text variable="year-suffix">,
                                 * 2 not (render_date.c decides lazily) */
    bool ignore_arabic_article; /* collation skips a word's leading "ال" */
    /* ICU collator for the locale (UCollator *), opened lazily; NULL → byte order. */
    void *collator;
    /* Process-private (csl_process.h): */
    bool collator_failed;
    GHashTable *disamb;          /* item → struct csl_disamb * (disambiguation state) */
    GHashTable *first_note;      /* item → GINT note of its first citation */
    GHashTable *sort_cache;      /* sort.c: rendered sort keys with the state they were made in */
};

/* Looks up an abbreviation for VARIABLE's VALUE ("container-title-short" falls back here too). */
const char *csl_abbreviation(const struct nashra_csl_engine *e, const char *variable,
                             const char *value);
/* Compares two sort key strings with the locale's collation (ICU), NULL last. */
int csl_collate(struct nashra_csl_engine *e, const char *a, const char *b);

#endif
