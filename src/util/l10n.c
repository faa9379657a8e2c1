/* The one table of generated strings and the helpers that write dates, name lists and digits
 * the way each language does. To add a language, add a row to `langs`. */
#include "l10n.h"

#include <string.h>

struct lang_row {
    const char *code;
    gboolean rtl;
    enum nashra_digits digits;
    const char *text[NASHRA_TEXT_COUNT];
    const char *months[12];
};

static const struct lang_row langs[] = {
    {"en", FALSE, NASHRA_DIGITS_LATIN,
     {"Published in:", "Source", "How to cite this brief", "Notes", "References", "Contents",
      "Summary", "Page", "Page {page} of {pages}", "Figure", "Table", "no.", "vol.", "pp.",
      " and ", ", ", "accessed", "available at", "n.d.", "Note", "Tip", "Important", "Warning",
      "Caution", "Summary"},
     {"January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"}},
    {"ar", TRUE, NASHRA_DIGITS_ARABIC_INDIC,
     {"نُشر في:", "المصدر", "للاستشهاد بهذه الورقة", "الحواشي", "المراجع", "المحتويات", "ملخص",
      "صفحة", "صفحة {page} من {pages}", "شكل", "جدول", "العدد", "المجلد", "ص", " و", "، ",
      "تاريخ الاطلاع", "متاح على", "د.ت.", "ملاحظة", "نصيحة", "مهم", "تحذير", "تنبيه", "الخلاصة"},
     {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
      "نوفمبر", "ديسمبر"}},
    {"fa", TRUE, NASHRA_DIGITS_PERSIAN,
     {"منتشرشده در:", "منبع", "برای استناد به این گزارش", "یادداشت‌ها", "منابع", "فهرست",
      "خلاصه", "صفحه", "صفحهٔ {page} از {pages}", "شکل", "جدول", "شماره", "دوره", "ص", " و ",
      "، ", "تاریخ دسترسی", "در دسترس در", "بی‌تا", "یادداشت", "نکته", "مهم", "هشدار", "احتیاط",
      "خلاصه"},
     {"ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر",
      "نوامبر", "دسامبر"}},
    {"ur", TRUE, NASHRA_DIGITS_PERSIAN,
     {"شائع شدہ:", "ماخذ", "اس رپورٹ کا حوالہ", "حواشی", "حوالہ جات", "فہرست", "خلاصہ", "صفحہ",
      "صفحہ {page} از {pages}", "شکل", "جدول", "شمارہ", "جلد", "ص", " اور ", "، ",
      "رسائی کی تاریخ", "دستیاب", "بلا تاریخ", "نوٹ", "مشورہ", "اہم", "انتباہ", "احتیاط",
      "خلاصہ"},
     {"جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر",
      "نومبر", "دسمبر"}},
    {"he", TRUE, NASHRA_DIGITS_LATIN,
     {"פורסם ב:", "מקור", "לציטוט מסמך זה", "הערות", "מקורות", "תוכן העניינים", "תקציר", "עמוד",
      "עמוד {page} מתוך {pages}", "איור", "טבלה", "גיליון", "כרך", "עמ'", " ו", ", ", "נצפה",
      "זמין בכתובת", "ללא תאריך", "הערה", "עצה", "חשוב", "אזהרה", "זהירות", "תקציר"},
     {"ינואר", "פברואר", "מרץ", "אפריל", "מאי", "יוני", "יולי", "אוגוסט", "ספטמבר", "אוקטובר",
      "נובמבר", "דצמבר"}},
};

/* Right-to-left languages without a row of their own still set their direction. */
static const char *const rtl_only[] = {"ps", "ku", "ckb", "yi", "dv", "sd", "ug", NULL};

gboolean nashra_lang_matches(const char *lang, const char *code)
{
    if (!lang)
        return FALSE;
    size_t n = strlen(code);
    return g_ascii_strncasecmp(lang, code, n) == 0 &&
           (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_');
}

static const struct lang_row *row_for(const char *lang)
{
    if (lang)
        for (size_t i = 0; i < G_N_ELEMENTS(langs); i++)
            if (nashra_lang_matches(lang, langs[i].code))
                return &langs[i];
    return &langs[0];
}

const char *nashra_text(const char *lang, enum nashra_text id)
{
    if ((int)id < 0 || id >= NASHRA_TEXT_COUNT)
        return "";
    const char *s = row_for(lang)->text[id];
    return s ? s : langs[0].text[id];
}

const char *nashra_month_name(const char *lang, int month)
{
    if (month < 1 || month > 12)
        return "";
    return row_for(lang)->months[month - 1];
}

gboolean nashra_lang_is_rtl(const char *lang)
{
    if (!lang)
        return FALSE;
    for (size_t i = 0; i < G_N_ELEMENTS(langs); i++)
        if (nashra_lang_matches(lang, langs[i].code))
            return langs[i].rtl;
    for (const char *const *c = rtl_only; *c; c++)
        if (nashra_lang_matches(lang, *c))
            return TRUE;
    return FALSE;
}

enum nashra_digits nashra_lang_digits(const char *lang)
{
    return row_for(lang)->digits;
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
    GString *s = g_string_new(NULL);
    if (day > 0 && month > 0)
        g_string_append_printf(s, "%d ", day);
    if (month > 0)
        g_string_append_printf(s, "%s ", nashra_month_name(lang, month));
    if (year > 0)
        g_string_append_printf(s, "%d", year);
    else if (s->len)
        g_string_truncate(s, s->len - 1);
    char *latin = g_string_free(s, FALSE);
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
