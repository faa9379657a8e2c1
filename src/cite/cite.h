/* The brief's own citation: the recommended reference in a citation style (Chicago-like or
 * APA-like, in the document's language and digits) and exports to BibTeX, RIS and CSL-JSON. */
#ifndef NASHRA_CITE_H
#define NASHRA_CITE_H

#include <stdbool.h>

#include "doc/doc.h"

/* The forms of a work in a note: the first citation, later ones, and the same single work as
 * the note just before. */
enum nashra_cite_note_form { NASHRA_CITE_NOTE_FULL, NASHRA_CITE_NOTE_SHORT, NASHRA_CITE_NOTE_IBID };

/* One item of a note: a work, its locator (NULL for none) and its form. */
struct nashra_cite_note_item {
    const struct nashra_ref *ref;
    const char *locator;
    enum nashra_cite_note_form form;
};

enum nashra_cite_format {
    NASHRA_CITE_TEXT,     /* the recommended citation in the meta's citation-style */
    NASHRA_CITE_BIBTEX,   /* @techreport, or @article when the source has an issue */
    NASHRA_CITE_RIS,      /* TY RPRT or JOUR */
    NASHRA_CITE_CSL_JSON, /* an array of one CSL item, type report or article-journal */
};

/* The recommended citation of the brief as plain text (one line, no final newline), in M's
 * citation-style, language (M->lang; Arabic script punctuation for ar, fa, ur) and digits.
 * What the "how to cite this brief" box shows. Without a title, what is known (authors, series,
 * source, date); "" when there is nothing to cite by. g_free. */
char *nashra_cite_text(const struct nashra_meta *m);
/* The same in STYLE. g_free. */
char *nashra_cite_text_style(const struct nashra_meta *m, enum nashra_cite_style style);

/* The stable citation key: the first author's family name folded to ASCII, lower case, and
 * the year ("fischer2026"); "brief" + year when the name has no Latin letters. g_free. */
char *nashra_cite_key(const struct nashra_meta *m);
/* Exports, UTF-8, each ending with a newline. g_free. */
char *nashra_cite_bibtex(const struct nashra_meta *m);
char *nashra_cite_ris(const struct nashra_meta *m);
char *nashra_cite_csl_json(const struct nashra_meta *m);
/* FORMAT of the above; TEXT is nashra_cite_text with a newline. g_free. */
char *nashra_cite_export(const struct nashra_meta *m, enum nashra_cite_format format);
/* "text", "bibtex", "ris", "csl-json" (also "csl", "json") to a format; false if unknown. */
bool nashra_cite_format_from_name(const char *name, enum nashra_cite_format *format);

/* Cited works (src/cite/works.c). */
/* The in-text citation of R with LOCATOR (NULL for none), without brackets: "الخطيب ٢٠٢٣، ص ١٢",
 * "Khatib 2023, 12" (Chicago author-date) or "Khatib, 2023, p. 12" (APA). g_free. */
char *nashra_cite_work_intext(const struct nashra_ref *r, const char *locator,
                              enum nashra_cite_style style, const char *lang,
                              enum nashra_digits digits);
/* R's entry in the reference list, one line of plain text. g_free. */
char *nashra_cite_work_entry(const struct nashra_ref *r, enum nashra_cite_style style,
                             const char *lang, enum nashra_digits digits);
/* The same; ITALIC (a GArray of gsize, or NULL) receives the start and end byte of each title
 * to set in italics (Latin-script titles only: Arabic type has no true italic). */
char *nashra_cite_work_entry_marked(const struct nashra_ref *r, enum nashra_cite_style style,
                                    const char *lang, enum nashra_digits digits, GArray *italic);
/* A note citing one work, ending with a period: "Jane Smith, Rivers (River Press, 2020), 12.",
 * "Smith, Rivers, 14.", "Ibid., 14.", "سامر الخطيب، «المياه»، مجلة الدراسات ٤ (٢٠٢٣)، ص ١٢.",
 * "المرجع نفسه، ص ١٤." g_free. */
char *nashra_cite_work_note(const struct nashra_ref *r, const char *locator,
                            enum nashra_cite_style style, const char *lang,
                            enum nashra_digits digits, enum nashra_cite_note_form form);
/* What joins works in one note in LANG: "; ", or "؛ " in Arabic script. */
const char *nashra_cite_note_sep(const char *lang);
/* N items in one note, joined by "; " ("؛ " in Arabic-script LANG), each in its work's language
 * (nashra_cite_work_lang); STOP ends it with a period (not when it runs on inside a note's own
 * text). ITALIC as for nashra_cite_work_entry_marked. g_free. */
char *nashra_cite_note(const struct nashra_cite_note_item *items, guint n,
                       enum nashra_cite_style style, const char *lang, enum nashra_digits digits,
                       bool stop, GArray *italic);
/* The language and digits R is written in within a brief in LANG and DIGITS: an English work
 * in a right-to-left brief stays English, with Latin digits. */
void nashra_cite_work_lang(const struct nashra_ref *r, const char *lang, enum nashra_digits digits,
                           const char **work_lang, enum nashra_digits *work_digits);
/* Whether STYLE turns citations into notes. */
bool nashra_cite_style_is_note(enum nashra_cite_style style);
/* Reference-list order in a brief in LANG: works in the brief's script first, then the others;
 * each by first author's family name and given name (LANG's dictionary order, independent of
 * the process locale; Arabic ignores a leading ال), then year, then id. */
int nashra_cite_work_compare(const struct nashra_ref *a, const struct nashra_ref *b,
                             const char *lang);
/* Whether R has no Arabic-script text (an English work: its entry is written in English). */
bool nashra_ref_is_latin(const struct nashra_ref *r);

#endif
