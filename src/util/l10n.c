/* Labels from the table in labels.c; dates, month names, the default digits and the direction
 * of a language from CLDR through ICU, so every locale ICU knows gets its own (ar-MA: Latin
 * digits and نونبر). */
#include "l10n.h"

#include <string.h>

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/uloc.h>
#include <unicode/unumsys.h>
#include <unicode/ustring.h>

#include "labels.h"

gboolean nashra_lang_matches(const char *lang, const char *code)
{
    if (!lang)
        return FALSE;
    size_t n = strlen(code);
    return g_ascii_strncasecmp(lang, code, n) == 0 &&
           (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_');
}

static const struct l10n_labels *labels_for(const char *lang)
{
    if (lang)
        for (size_t i = 0; i < l10n_labels_count; i++)
            if (nashra_lang_matches(lang, l10n_labels[i].code))
                return &l10n_labels[i];
    return NULL;
}

gboolean nashra_lang_has_labels(const char *lang)
{
    return labels_for(lang) != NULL;
}

const char *nashra_text(const char *lang, enum nashra_text id)
{
    if ((int)id < 0 || id >= NASHRA_TEXT_COUNT)
        return "";
    const struct l10n_labels *row = labels_for(lang);
    const char *s = row ? row->text[id] : NULL;
    return s ? s : l10n_labels[0].text[id];
}

/* ICU fills what a locale lacks (all of it, for an unknown language) from its default locale,
 * which it takes from the environment (LANG, LC_ALL): pinned to English, the documented
 * fallback, a brief comes out the same on every machine. */
static gpointer icu_pin_default(gpointer data)
{
    (void)data;
    UErrorCode st = U_ZERO_ERROR;
    uloc_setDefault("en", &st);
    return NULL;
}

void nashra_l10n_init(void)
{
    static GOnce once = G_ONCE_INIT;
    g_once(&once, icu_pin_default, NULL);
}

/* LANG ("ar-MA", "fa_IR") as an ICU locale id with KEYWORDS ("calendar=gregorian") added;
 * English for NULL or what is not a language tag. */
static void icu_locale(const char *lang, const char *keywords, char *out, size_t size)
{
    nashra_l10n_init();
    char tag[ULOC_FULLNAME_CAPACITY];
    g_strlcpy(tag, lang && *lang ? lang : "en", sizeof tag);
    g_strdelimit(tag, "_", '-');
    UErrorCode st = U_ZERO_ERROR;
    int32_t parsed = 0;
    int32_t n = uloc_forLanguageTag(tag, out, (int32_t)size - 1, &parsed, &st);
    if (U_FAILURE(st) || n <= 0 || parsed <= 0)
        g_strlcpy(out, "en", size);
    out[size - 1] = '\0';
    if (keywords) {
        gchar **kv = g_strsplit(keywords, ";", -1);
        for (gchar **k = kv; *k; k++) {
            char *eq = strchr(*k, '=');
            if (!eq)
                continue;
            *eq = '\0';
            st = U_ZERO_ERROR;
            uloc_setKeywordValue(*k, eq + 1, out, (int32_t)size, &st);
        }
        g_strfreev(kv);
    }
}

/* Dates are the brief's Gregorian dates (fa and ar-SA default to other calendars) written
 * with ASCII digits, which nashra_apply_digits then turns into the brief's. */
#define DATE_KEYWORDS "calendar=gregorian;numbers=latn"

static char *utf16_to_utf8(const UChar *s, int32_t len)
{
    char *out = g_utf16_to_utf8((const gunichar2 *)s, len, NULL, NULL, NULL);
    return out ? out : g_strdup("");
}

const char *nashra_month_name(const char *lang, int month)
{
    if (month < 1 || month > 12)
        return "";
    char loc[ULOC_FULLNAME_CAPACITY + 64];
    icu_locale(lang, DATE_KEYWORDS, loc, sizeof loc);
    UErrorCode st = U_ZERO_ERROR;
    UDateFormat *f = udat_open(UDAT_NONE, UDAT_LONG, loc, u"UTC", -1, NULL, 0, &st);
    UChar buf[64];
    int32_t n = U_SUCCESS(st) ? udat_getSymbols(f, UDAT_STANDALONE_MONTHS, month - 1, buf,
                                                G_N_ELEMENTS(buf), &st)
                              : 0;
    udat_close(f);
    if (U_FAILURE(st) || n <= 0)
        return "";
    /* interned: the caller gets static storage, and each name is kept once */
    char *s = utf16_to_utf8(buf, n);
    const char *out = g_intern_string(s);
    g_free(s);
    return out;
}

gboolean nashra_lang_is_rtl(const char *lang)
{
    if (!lang || !*lang)
        return FALSE;
    char loc[ULOC_FULLNAME_CAPACITY + 64];
    icu_locale(lang, NULL, loc, sizeof loc);
    /* by the script CLDR takes the language to be written in: ckb, ps, ug, sd, yi, dv… */
    return uloc_isRightToLeft(loc) ? TRUE : FALSE;
}

gboolean nashra_lang_is_arabic_script(const char *lang)
{
    if (!lang || !*lang)
        return FALSE;
    char loc[ULOC_FULLNAME_CAPACITY + 64], full[ULOC_FULLNAME_CAPACITY + 64], script[16];
    icu_locale(lang, NULL, loc, sizeof loc);
    UErrorCode st = U_ZERO_ERROR;
    uloc_addLikelySubtags(loc, full, (int32_t)sizeof full, &st);
    int32_t n = U_SUCCESS(st) ? uloc_getScript(full, script, (int32_t)sizeof script, &st) : 0;
    return U_SUCCESS(st) && n == 4 && memcmp(script, "Arab", 4) == 0;
}

enum nashra_digits nashra_lang_digits(const char *lang)
{
    char loc[ULOC_FULLNAME_CAPACITY + 64];
    icu_locale(lang, NULL, loc, sizeof loc);
    UErrorCode st = U_ZERO_ERROR;
    UNumberingSystem *ns = unumsys_open(loc, &st);
    const char *name = U_SUCCESS(st) && ns ? unumsys_getName(ns) : "latn";
    /* the digits nashra can write; any other system (deva, beng…) falls back to Latin */
    enum nashra_digits d = strcmp(name, "arab") == 0      ? NASHRA_DIGITS_ARABIC_INDIC
                           : strcmp(name, "arabext") == 0 ? NASHRA_DIGITS_PERSIAN
                                                          : NASHRA_DIGITS_LATIN;
    unumsys_close(ns);
    return d;
}

enum nashra_digits nashra_resolve_digits(const char *lang, enum nashra_digits digits)
{
    return digits == NASHRA_DIGITS_DEFAULT ? nashra_lang_digits(lang) : digits;
}

char *nashra_apply_digits(const char *text, enum nashra_digits digits)
{
    gunichar zero = digits == NASHRA_DIGITS_ARABIC_INDIC ? 0x0660
                    : digits == NASHRA_DIGITS_PERSIAN    ? 0x06F0
                                                         : '0';
    GString *out = g_string_sized_new(strlen(text));
    for (const char *p = text; *p; p++) {
        if (*p >= '0' && *p <= '9' && zero != '0')
            g_string_append_unichar(out, zero + (gunichar)(*p - '0'));
        else
            g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}

char *nashra_format_number(long n, enum nashra_digits digits)
{
    char buf[32];
    g_snprintf(buf, sizeof buf, "%ld", n);
    return nashra_apply_digits(buf, digits);
}

char *nashra_format_date(const char *lang, int year, int month, int day,
                         enum nashra_digits digits)
{
    GString *skel = g_string_new(NULL);
    if (year > 0)
        g_string_append(skel, "y");
    if (month > 0)
        g_string_append(skel, day > 0 ? "MMMMd" : "MMMM");
    char *latin = NULL;
    if (year > 0 && month <= 0) {
        latin = g_strdup_printf("%d", year);
    } else if (month > 0) {
        char loc[ULOC_FULLNAME_CAPACITY + 64];
        icu_locale(lang, DATE_KEYWORDS, loc, sizeof loc);
        UErrorCode st = U_ZERO_ERROR;
        UChar uskel[16], pattern[128], out[256];
        u_uastrcpy(uskel, skel->str);
        UDateTimePatternGenerator *g = udatpg_open(loc, &st);
        int32_t plen = U_SUCCESS(st) ? udatpg_getBestPattern(g, uskel, -1, pattern,
                                                             G_N_ELEMENTS(pattern), &st)
                                     : 0;
        udatpg_close(g);
        /* calendar fields in UTC: the machine's zone and locale play no part */
        UDateFormat *f = U_SUCCESS(st) ? udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, u"UTC", -1,
                                                   pattern, plen, &st)
                                       : NULL;
        UCalendar *cal = ucal_open(u"UTC", -1, loc, UCAL_GREGORIAN, &st);
        if (U_SUCCESS(st)) {
            ucal_clear(cal);
            ucal_setDate(cal, year > 0 ? year : 2000, month - 1, day > 0 ? day : 1, &st);
        }
        UDate when = U_SUCCESS(st) ? ucal_getMillis(cal, &st) : 0;
        int32_t n = U_SUCCESS(st) ? udat_format(f, when, out, G_N_ELEMENTS(out), NULL, &st) : 0;
        if (U_SUCCESS(st) && n > 0)
            latin = utf16_to_utf8(out, n);
        ucal_close(cal);
        udat_close(f);
    }
    g_string_free(skel, TRUE);
    if (!latin)
        latin = g_strdup("");
    char *out = nashra_apply_digits(latin, nashra_resolve_digits(lang, digits));
    g_free(latin);
    return out;
}

char *nashra_join_names(const char *lang, const char *const *names, int n)
{
    const char *sep = nashra_text(lang, NASHRA_TEXT_LIST_SEP);
    const char *and = nashra_text(lang, NASHRA_TEXT_AND);
    GString *s = g_string_new(NULL);
    for (int i = 0; i < n; i++) {
        if (i > 0)
            g_string_append(s, i == n - 1 ? and : sep);
        g_string_append(s, names[i]);
    }
    return g_string_free(s, FALSE);
}

char *nashra_expand_pattern(const char *pattern, GHashTable *vars)
{
    GString *out = g_string_new(NULL);
    for (const char *p = pattern; *p; p++) {
        if (p[0] == '{' && p[1] == '{') {
            g_string_append_c(out, '{');
            p++;
            continue;
        }
        const char *close = p[0] == '{' ? strchr(p, '}') : NULL;
        if (!close) {
            g_string_append_c(out, *p);
            continue;
        }
        char *key = g_strndup(p + 1, (gsize)(close - p - 1));
        const char *val = vars ? g_hash_table_lookup(vars, key) : NULL;
        if (val)
            g_string_append(out, val);
        g_free(key);
        p = close;
    }
    return g_string_free(out, FALSE);
}
