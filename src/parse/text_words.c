/* The words the plain-text reader recognises at an article's top and end, per language: the
 * markers of a byline and of a source, and dates written out with month names. */
#include "parse/internal.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>

/* A line starting with one of these (and optionally a colon) names the authors or the
 * source; the marker is dropped. Longer forms first. */
static const char *const text_author_marks[] = {
    "written by", "by", "بقلم", "كتب", "كتبت", "إعداد", "اعداد", "تأليف",
    "به قلم", "نوشته", "نویسنده", "par", "von",
};
static const char *const text_source_marks[] = {
    "published in", "source", "المصدر", "مصدر", "منبع", "quelle", "نشر في",
};

/* A letter or digit right after a marker means the marker was the start of a word. */
static size_t text_marker(const char *s, const char *const *marks, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(marks[i]);
        if (g_ascii_strncasecmp(s, marks[i], l) != 0)
            continue;
        const char *p = s + l;
        gunichar c = g_utf8_get_char(p);
        if (*p && c != ':' && c != 0xFF1A && !g_unichar_isspace(c))
            continue;
        while (*p && (*p == ':' || g_unichar_isspace(g_utf8_get_char(p)) ||
                      g_utf8_get_char(p) == 0xFF1A))
            p = g_utf8_next_char(p);
        if (*p)
            return (size_t)(p - s);
    }
    return 0;
}

size_t parse_text_author_mark(const char *s)
{
    return text_marker(s, text_author_marks, G_N_ELEMENTS(text_author_marks));
}

size_t parse_text_source_mark(const char *s)
{
    return text_marker(s, text_source_marks, G_N_ELEMENTS(text_source_marks));
}

/* Gregorian month names: English, French, Arabic (Egyptian and Levantine), Persian. Two-word
 * Levantine names are matched before the tokens are split. */
static const struct {
    const char *name;
    int month;
} text_months[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6},
    {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11},
    {"december", 12}, {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7},
    {"aug", 8}, {"sep", 9}, {"sept", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
    {"janvier", 1}, {"février", 2}, {"mars", 3}, {"avril", 4}, {"mai", 5}, {"juin", 6},
    {"juillet", 7}, {"août", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11},
    {"décembre", 12},
    {"يناير", 1}, {"فبراير", 2}, {"مارس", 3}, {"أبريل", 4}, {"ابريل", 4}, {"إبريل", 4},
    {"مايو", 5}, {"يونيو", 6}, {"يونيه", 6}, {"يوليو", 7}, {"يوليه", 7}, {"أغسطس", 8},
    {"اغسطس", 8}, {"سبتمبر", 9}, {"أكتوبر", 10}, {"اكتوبر", 10}, {"نوفمبر", 11}, {"ديسمبر", 12},
    {"كانون الثاني", 1}, {"شباط", 2}, {"آذار", 3}, {"نيسان", 4}, {"أيار", 5}, {"حزيران", 6},
    {"تموز", 7}, {"آب", 8}, {"أيلول", 9}, {"تشرين الأول", 10}, {"تشرين الثاني", 11},
    {"كانون الأول", 12},
    {"ژانویه", 1}, {"فوریه", 2}, {"آوریل", 4}, {"مه", 5}, {"ژوئن", 6}, {"ژوئیه", 7},
    {"اوت", 8}, {"سپتامبر", 9}, {"اکتبر", 10}, {"نوامبر", 11}, {"دسامبر", 12},
    /* The Persian (solar Hijri) months, as Iranian papers date their articles: 100 + month,
     * converted to the Gregorian date below. */
    {"فروردین", 101}, {"اردیبهشت", 102}, {"خرداد", 103}, {"تیر", 104}, {"مرداد", 105},
    {"امرداد", 105}, {"شهریور", 106}, {"مهر", 107}, {"آبان", 108}, {"آذر", 109}, {"دی", 110},
    {"بهمن", 111}, {"اسفند", 112},
};

/* A solar Hijri date to the Gregorian calendar, through ICU's Persian calendar. */
static bool text_persian_to_gregorian(int *y, int *m, int *d)
{
    if (*y < 1200 || *y > 1600 || *d > 31)
        return false;
    UErrorCode st = U_ZERO_ERROR;
    static const UChar utc[] = {'U', 'T', 'C', 0};
    UCalendar *fa = ucal_open(utc, -1, "fa_IR@calendar=persian", UCAL_DEFAULT, &st);
    UCalendar *gr = ucal_open(utc, -1, "en_US@calendar=gregorian", UCAL_GREGORIAN, &st);
    bool ok = false;
    if (U_SUCCESS(st)) {
        ucal_setAttribute(fa, UCAL_LENIENT, 0);
        ucal_clear(fa);
        ucal_setDate(fa, *y, *m - 101, *d, &st);
        UDate t = ucal_getMillis(fa, &st);
        ucal_setMillis(gr, t, &st);
        int gy = ucal_get(gr, UCAL_YEAR, &st), gm = ucal_get(gr, UCAL_MONTH, &st) + 1,
            gd = ucal_get(gr, UCAL_DATE, &st);
        if (U_SUCCESS(st)) {
            *y = gy, *m = gm, *d = gd;
            ok = true;
        }
    }
    if (fa)
        ucal_close(fa);
    if (gr)
        ucal_close(gr);
    return ok;
}

/* Words a dateline may hold besides the date: weekdays, "updated", the era mark. */
static const char *const text_date_words[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "updated",
    "published", "on", "the", "of", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الاربعاء",
    "الخميس", "الجمعة", "السبت", "الأحد", "الاحد", "في", "نشر", "م", "lundi", "mardi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "le", "شنبه", "یکشنبه", "دوشنبه",
    "سه‌شنبه", "چهارشنبه", "پنجشنبه", "پنج‌شنبه", "جمعه",
};

static int text_month_of(const char *w)
{
    for (size_t i = 0; i < G_N_ELEMENTS(text_months); i++)
        if (strcmp(w, text_months[i].name) == 0)
            return text_months[i].month;
    return 0;
}

/* A line that is only a date: ISO (2026-12-03), or a day, a month name and a year in any
 * order ("3 December 2026", "December 3, 2026", "٣ ديسمبر ٢٠٢٦", "3 كانون الأول 2026",
 * solar Hijri "۱۲ آذر ۱۴۰۵"), possibly with a weekday. Arabic-Indic and Persian digits
 * count. */
bool parse_text_date(const char *line, size_t len, int *year, int *month, int *day)
{
    if (len > 80)
        return false;
    GString *s = g_string_sized_new(len);
    for (const char *p = line; p < line + len; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c >= 0x0660 && c <= 0x0669)
            g_string_append_c(s, (char)('0' + (c - 0x0660)));
        else if (c >= 0x06F0 && c <= 0x06F9)
            g_string_append_c(s, (char)('0' + (c - 0x06F0)));
        else if (c == ',' || c == 0x060C || c == '/' || c == '.' || c == 0x200F || c == 0x200E)
            g_string_append_c(s, ' ');
        else
            g_string_append_unichar(s, g_unichar_tolower(c));
    }
    char *t = g_strstrip(s->str);
    int y = 0, m = 0, d = 0;
    bool ok = parse_iso_date(t, &y, &m, &d) && m && d;
    if (!ok) {
        /* Two-word month names become one token first. */
        for (size_t i = 0; i < G_N_ELEMENTS(text_months); i++) {
            const char *sp = strchr(text_months[i].name, ' ');
            char *at = sp ? strstr(s->str, text_months[i].name) : NULL;
            if (at)
                memset(at + (sp - text_months[i].name), '_', 1);
        }
        char **w = g_strsplit_set(s->str, " \t", -1);
        ok = true;
        y = m = d = 0;
        for (char **p = w; *p && ok; p++) {
            char *x = *p;
            if (!*x)
                continue;
            for (char *u = x; *u; u++)
                if (*u == '_')
                    *u = ' ';
            size_t xl = strlen(x);
            bool digits = xl <= 4 && strspn(x, "0123456789") == xl;
            /* "2026م": the era mark after the year */
            if (!digits && xl > 2 && strspn(x, "0123456789") == xl - 2 &&
                strcmp(x + xl - 2, "\xD9\x85") == 0) {
                x[xl - 2] = '\0';
                xl -= 2;
                digits = xl == 4;
            }
            int mo;
            if (digits && xl == 4 && !y)
                y = atoi(x);
            else if (digits && xl <= 2 && !d && atoi(x) >= 1 && atoi(x) <= 31)
                d = atoi(x);
            else if (!digits && !m && (mo = text_month_of(x)))
                m = mo;
            else {
                ok = false;
                for (size_t i = 0; i < G_N_ELEMENTS(text_date_words); i++)
                    if (strcmp(x, text_date_words[i]) == 0)
                        ok = true;
            }
        }
        g_strfreev(w);
        if (ok && y && m > 100 && d)
            ok = text_persian_to_gregorian(&y, &m, &d);
        ok = ok && y && m && d && g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
    }
    g_string_free(s, TRUE);
    if (ok) {
        *year = y;
        *month = m;
        *day = d;
    }
    return ok;
}
