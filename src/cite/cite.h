/* The brief's own citation (the recommended reference, in the brief's style) and its exports, and
 * the cited works through the CSL processor (process.c). */
#ifndef NASHRA_CITE_H
#define NASHRA_CITE_H

#include <stdbool.h>

#include "doc/doc.h"

struct nashra_csl_style;
struct nashra_cite_proc;

enum nashra_cite_format {
    NASHRA_CITE_TEXT,     /* the recommended citation in the meta's citation-style */
    NASHRA_CITE_BIBTEX,   /* @techreport, or @article when the source has an issue */
    NASHRA_CITE_RIS,      /* TY RPRT or JOUR */
    NASHRA_CITE_CSL_JSON, /* an array of one CSL item, type report or article-journal */
};

/* The recommended citation of the brief as plain text (one line, no final newline), as its
 * reference-list entry in M's citation style, language and digits: what the "how to cite this
 * brief" box shows. Without a title, what is known (authors, series, source, date); "" when
 * there is nothing to cite by. g_free. */
char *nashra_cite_text(const struct nashra_meta *m);

/* The stable citation key: the first author's family name folded to ASCII, lower case, and
 * the year ("fischer2026"); "brief" + year when the name has no Latin letters. g_free. */
char *nashra_cite_key(const struct nashra_meta *m);
/* Whether the brief is cited as an article of its source (a journal: the source has an issue)
 * rather than a report its source publishes; every export and the HTML page's metadata
 * agree on it. */
bool nashra_cite_is_article(const struct nashra_meta *m);
/* The date the brief is cited by: its own, else its source's; *Y 0 when neither is known,
 * *MO and *D 0 when not given. */
void nashra_cite_date(const struct nashra_meta *m, int *y, int *mo, int *d);
/* Exports, UTF-8, each ending with a newline. g_free. */
char *nashra_cite_bibtex(const struct nashra_meta *m);
char *nashra_cite_ris(const struct nashra_meta *m);
char *nashra_cite_csl_json(const struct nashra_meta *m);
/* FORMAT of the above; TEXT is nashra_cite_text with a newline. g_free. */
char *nashra_cite_export(const struct nashra_meta *m, enum nashra_cite_format format);
/* "text", "bibtex", "ris", "csl-json" (also "csl", "json") to a format; false if unknown. */
bool nashra_cite_format_from_name(const char *name, enum nashra_cite_format *format);

/* Cited works, through the CSL processor (src/cite/process.c). */

/* Where Debian's CSL styles and locales are: $NASHRA_CSL_DIR, else
 * /usr/share/citation-style-language. */
const char *nashra_cite_csl_dir(void);
/* The style M's citation-style names (its file, read by the parser; a name: Debian's style of
 * that name or a dependent style's parent; chicago, chicago-notes and apa built in when Debian's
 * are absent). *USED: the style's name as used (g_free); *LOCALE: a dependent style's
 * default-locale or NULL (g_free). */
struct nashra_csl_style *nashra_cite_style_load(const struct nashra_meta *m, char **used,
                                                char **locale, GError **error);

/* Formatted text: spans (struct nashra_csl_span, csl/csl.h) of italics, links, cites… */
struct nashra_cite_rich {
    char *text;
    GArray *spans;
};
void nashra_cite_rich_clear(struct nashra_cite_rich *r);

struct nashra_cite_call_item {
    const struct nashra_ref *ref;
    const char *locator; /* as written ("p. 12"), or NULL */
};
/* One citation: its works and the note it is in (1-based, in reading order; 0 in the text). */
struct nashra_cite_call {
    const struct nashra_cite_call_item *items;
    guint n;
    int note_index;
};
struct nashra_cite_entry {
    const struct nashra_ref *ref;
    struct nashra_cite_rich rich;
};

/* A processor for the works of M (resolved: its language and digits decided), in M's style. */
struct nashra_cite_proc *nashra_cite_proc_new(const struct nashra_meta *m, GError **error);
void nashra_cite_proc_free(struct nashra_cite_proc *p);
bool nashra_cite_proc_is_note(const struct nashra_cite_proc *p);
const char *nashra_cite_proc_style_name(const struct nashra_cite_proc *p);
void nashra_cite_proc_bib_options(const struct nashra_cite_proc *p, bool *hanging_indent);
/* Formats CALLS, all at once (positions, disambiguation): OUT[i] for CALLS[i]. */
void nashra_cite_proc_cite(struct nashra_cite_proc *p, const struct nashra_cite_call *calls,
                           guint n, struct nashra_cite_rich *out);
/* The reference list of the works cited, in the style's order (struct nashra_cite_entry *). */
GPtrArray *nashra_cite_proc_bibliography(struct nashra_cite_proc *p);
/* The entry of the first item of ITEMS_JSON (a CSL-JSON array) in M's style, language and
 * digits, as plain text; NULL when the style cannot be loaded. g_free. */
char *nashra_cite_proc_item_text(const struct nashra_meta *m, const char *items_json);
/* A locator as written to CSL's label ("page", "chapter", …) and value (ASCII digits). */
void nashra_cite_locator_split(const char *written, const char **label, char **value);
/* What separates works (and cross-references) in one citation in LANG: "; ", "؛ ". */
const char *nashra_cite_list_sep(const char *lang);
/* Whether R has no text in a right-to-left script (in an Arabic or Hebrew brief, an English
 * work: written in English). */
bool nashra_ref_is_latin(const struct nashra_ref *r);

#endif
