/* Localisation of everything nashra itself writes on the page: labels (one table a translator
 * extends, src/util/labels.c), and dates, month names, digits and direction from CLDR (ICU). */
#ifndef NASHRA_L10N_H
#define NASHRA_L10N_H

#include <glib.h>

#include "doc/doc.h"

enum nashra_text {
    NASHRA_TEXT_PUBLISHED_IN, /* label before the source: "نُشر في:" */
    NASHRA_TEXT_SOURCE,       /* "المصدر" */
    NASHRA_TEXT_CITE_THIS,    /* "للاستشهاد بهذه الورقة" */
    NASHRA_TEXT_NOTES,        /* "الحواشي" */
    NASHRA_TEXT_REFERENCES,   /* "المراجع" */
    NASHRA_TEXT_CONTENTS,     /* "المحتويات" */
    NASHRA_TEXT_SUMMARY,      /* summary box title */
    NASHRA_TEXT_PAGE,         /* "صفحة" */
    NASHRA_TEXT_PAGE_OF,      /* pattern: "صفحة {page} من {pages}" */
    NASHRA_TEXT_FIGURE,       /* "شكل" */
    NASHRA_TEXT_TABLE,        /* "جدول" */
    NASHRA_TEXT_ISSUE,        /* "العدد" */
    NASHRA_TEXT_VOLUME,       /* "المجلد" */
    NASHRA_TEXT_PAGES_ABBR,   /* "ص" / "pp." */
    NASHRA_TEXT_AND,          /* name joiner before the last name: "و" (attached), " and " */
    NASHRA_TEXT_LIST_SEP,     /* between names: "، " / ", " */
    NASHRA_TEXT_ACCESSED,     /* "تاريخ الاطلاع" / "accessed" */
    NASHRA_TEXT_AVAILABLE_AT, /* "متاح على" / "available at" */
    NASHRA_TEXT_NO_DATE,      /* "د.ت." / "n.d." */
    NASHRA_TEXT_CALLOUT_NOTE,
    NASHRA_TEXT_CALLOUT_TIP,
    NASHRA_TEXT_CALLOUT_IMPORTANT,
    NASHRA_TEXT_CALLOUT_WARNING,
    NASHRA_TEXT_CALLOUT_CAUTION,
    NASHRA_TEXT_CALLOUT_SUMMARY,
    NASHRA_TEXT_COLON, /* after a caption's label or a credit's "Source": ":", French "\u00A0:" */
    NASHRA_TEXT_COUNT
};

/* Makes ICU's answers independent of the environment's locale (every function here calls it;
 * call it before other ICU use, e.g. collation, on another thread). */
void nashra_l10n_init(void);
/* The string ID in LANG ("ar", "ar-EG", "fa_IR", …; unknown or NULL falls back to English).
 * Never NULL; static storage. */
const char *nashra_text(const char *lang, enum nashra_text id);
/* Whether LANG has a row of labels of its own (else nashra_text gives English). */
gboolean nashra_lang_has_labels(const char *lang);
/* Month name 1..12 in LANG, standalone, as CLDR names it; static storage. */
const char *nashra_month_name(const char *lang, int month);
/* Whether the tag LANG ("ar-EG", "fa_IR") is of the language CODE ("ar"); false for NULL. */
gboolean nashra_lang_matches(const char *lang, const char *code);
/* Whether LANG is written right to left (in the script CLDR takes it to be written in). */
gboolean nashra_lang_is_rtl(const char *lang);
/* Whether CLDR takes LANG to be written in Arabic script (ar, fa, ur, ckb, ps, sd, ug, ku-Arab;
 * not ku, which is Kurmanji in Latin letters). */
gboolean nashra_lang_is_arabic_script(const char *lang);
/* The digits of LANG's default numbering system in CLDR: arab → arabic-indic (ar, ar-EG,
 * ckb), arabext → persian (fa, ps, ur-IN), latin for latn (ar-MA, ur) and every other. */
enum nashra_digits nashra_lang_digits(const char *lang);
/* DIGITS unless DEFAULT, else LANG's default. */
enum nashra_digits nashra_resolve_digits(const char *lang, enum nashra_digits digits);

/* A copy of TEXT with ASCII digits 0-9 written in DIGITS (resolved: not DEFAULT). g_free. */
char *nashra_apply_digits(const char *text, enum nashra_digits digits);
/* N written in DIGITS. g_free. */
char *nashra_format_number(long n, enum nashra_digits digits);
/* The Gregorian date in LANG's own long form from CLDR ("24 نوفمبر 2026", "November 24, 2026",
 * "24. November 2026"), in DIGITS. A missing day or month (0) is left out. g_free. */
char *nashra_format_date(const char *lang, int year, int month, int day,
                         enum nashra_digits digits);
/* Names joined as LANG joins them: "علي بكر وسارة أحمد", "A and B", "A, B and C". g_free. */
char *nashra_join_names(const char *lang, const char *const *names, int n);
/* Replaces {key} in PATTERN by the value VARS maps key to (char * → char *); unknown keys
 * expand to nothing; "{{" writes "{". g_free. */
char *nashra_expand_pattern(const char *pattern, GHashTable *vars);

#endif
