/* Cited works: the in-text citation "(الخطيب ٢٠٢٣، ص ١٢)" / "(Khatib 2023, 12)" / "(Khatib,
 * 2023, p. 12)", the note "Samer Khatib, Rivers (River Press, 2023), 12." and the
 * reference-list entry of a struct nashra_ref, Chicago-like (author-date or notes and
 * bibliography) or APA-like, in a language and digits. */
#include "cite/cite.h"

#include <string.h>

#include "util/l10n.h"

struct work_ctx {
    enum nashra_cite_style style;
    const char *lang;
    bool arabic; /* Arabic-script punctuation */
    enum nashra_digits digits;
    GArray *italic; /* gsize start, end of each italic title; NULL when not wanted */
};

static void work_ctx_init(struct work_ctx *c, enum nashra_cite_style style, const char *lang,
                          enum nashra_digits digits)
{
    c->style = style;
    c->italic = NULL;
    c->lang = lang && *lang ? lang : "en";
    c->arabic = strcmp(nashra_text(c->lang, NASHRA_TEXT_LIST_SEP), "، ") == 0;
    c->digits = nashra_resolve_digits(c->lang, digits);
}

static bool work_has(const char *s)
{
    return s && *s;
}

/* Whether S has a letter of the Arabic script. */
static bool work_arabic_script(const char *s)
{
    for (const char *p = s; p && *p; p = g_utf8_next_char(p))
        if (g_unichar_get_script(g_utf8_get_char(p)) == G_UNICODE_SCRIPT_ARABIC)
            return true;
    return false;
}

/* Appends TEXT, italic when it has no Arabic script (Arabic type has no true italic). */
static void work_italic(GString *s, const struct work_ctx *c, const char *text)
{
    gsize range[2] = {s->len, 0};
    g_string_append(s, text);
    range[1] = s->len;
    if (c->italic && !work_arabic_script(text) && range[1] > range[0])
        g_array_append_vals(c->italic, range, 2);
}

bool nashra_ref_is_latin(const struct nashra_ref *r)
{
    if (work_arabic_script(r->title) || work_arabic_script(r->container_title) ||
        work_arabic_script(r->publisher))
        return false;
    for (guint i = 0; i < r->authors->len; i++) {
        const struct nashra_name *n = g_ptr_array_index(r->authors, i);
        if (work_arabic_script(n->family) || work_arabic_script(n->literal) ||
            work_arabic_script(n->given))
            return false;
    }
    return true;
}

/* The family name: FAMILY; a literal whole (an institution: "World Meteorological
 * Organization" is not "Organization"); a plain name split as a person's ("Family, Given", else
 * its last word: nashra_name_split), unless it is too long to be one. */
static char *work_family(const struct nashra_name *n)
{
    if (work_has(n->family))
        return g_strdup(n->family);
    if (!n->plain)
        return g_strdup(n->literal);
    char *family, *given;
    if (!nashra_name_split(n->literal, &family, &given))
        return g_strdup(n->literal);
    g_free(given);
    return family;
}

/* "Family, Given" (or "Family, G." when INITIALS and the name is Latin). */
static char *work_inverted(const struct work_ctx *c, const struct nashra_name *n, bool initials)
{
    const char *comma = c->arabic ? "، " : ", ";
    if (work_has(n->family)) {
        if (!work_has(n->given))
            return g_strdup(n->family);
        if (initials && !work_arabic_script(n->given)) {
            GString *g = g_string_new(NULL);
            bool start = true;
            for (const char *p = n->given; *p; p = g_utf8_next_char(p)) {
                gunichar ch = g_utf8_get_char(p);
                if (ch == ' ' || ch == '-') {
                    start = true;
                    continue;
                }
                if (start) {
                    if (g->len)
                        g_string_append_c(g, ' ');
                    g_string_append_unichar(g, ch);
                    g_string_append_c(g, '.');
                }
                start = false;
            }
            char *s = g_strconcat(n->family, comma, g->str, NULL);
            g_string_free(g, TRUE);
            return s;
        }
        return g_strconcat(n->family, comma, n->given, NULL);
    }
    return g_strdup(n->literal);
}

/* "Given Family", or a literal as it is. */
static char *work_direct(const struct nashra_name *n)
{
    if (!work_has(n->family))
        return g_strdup(n->literal);
    return work_has(n->given) ? g_strconcat(n->given, " ", n->family, NULL) : g_strdup(n->family);
}

static const char *work_et_al(const struct work_ctx *c)
{
    return c->arabic ? " وآخرون" : " et al.";
}

static void work_num(GString *s, const struct work_ctx *c, const char *text)
{
    char *d = nashra_apply_digits(text, c->digits);
    g_string_append(s, d);
    g_free(d);
}

static void work_year(GString *s, const struct work_ctx *c, const struct nashra_ref *r)
{
    if (r->year > 0) {
        char *y = nashra_format_number(r->year, c->digits);
        g_string_append(s, y);
        g_free(y);
    } else {
        g_string_append(s, nashra_text(c->lang, NASHRA_TEXT_NO_DATE));
    }
}

/* The authors as the in-text citation names them. */
static void work_intext_names(GString *s, const struct work_ctx *c, const struct nashra_ref *r)
{
    guint n = r->authors->len;
    if (n == 0) {
        g_string_append(s, work_has(r->title) ? r->title : r->id);
        return;
    }
    char *a = work_family(g_ptr_array_index(r->authors, 0));
    g_string_append(s, a);
    g_free(a);
    if (n == 2) {
        char *b = work_family(g_ptr_array_index(r->authors, 1));
        if (c->arabic)
            g_string_append_printf(s, " و%s", b);
        else
            g_string_append_printf(s, c->style == NASHRA_CITE_APA ? " & %s" : " and %s", b);
        g_free(b);
    } else if (n > 2) {
        g_string_append(s, work_et_al(c));
    }
}

/* A locator: "p. 12" → "12" (Chicago) or "p. 12" (APA), "ص ١٢" in Arabic; other text as is. */
static void work_locator(GString *s, const struct work_ctx *c, const char *loc)
{
    static const char *const pfx[][3] = {
        {"pp.", "\u0635 \u0635", "pp."}, {"p.", "\u0635", "p."}, {"ch.", "\u0641\u0635\u0644", "ch."}};
    for (size_t i = 0; i < G_N_ELEMENTS(pfx); i++)
        if (g_str_has_prefix(loc, pfx[i][0])) {
            loc += strlen(pfx[i][0]);
            while (*loc == ' ')
                loc++;
            if (c->arabic)
                g_string_append_printf(s, "%s ", pfx[i][1]);
            else if (c->style == NASHRA_CITE_APA || i == 2)
                g_string_append_printf(s, "%s ", pfx[i][2]);
            work_num(s, c, loc);
            return;
        }
    if (c->style == NASHRA_CITE_APA && !c->arabic && g_ascii_isdigit(*loc)) {
        g_string_append(s, strpbrk(loc, "-\u2013,") ? "pp. " : "p. ");
    } else if (c->arabic && g_ascii_isdigit(*loc)) {
        g_string_append(s, "\u0635 ");
    }
    work_num(s, c, loc);
}

char *nashra_cite_work_intext(const struct nashra_ref *r, const char *locator,
                              enum nashra_cite_style style, const char *lang,
                              enum nashra_digits digits)
{
    struct work_ctx c;
    work_ctx_init(&c, style, lang, digits);
    const char *comma = c.arabic ? "، " : ", ";
    GString *s = g_string_new(NULL);
    work_intext_names(s, &c, r);
    g_string_append(s, style == NASHRA_CITE_APA ? comma : " ");
    work_year(s, &c, r);
    if (work_has(locator)) {
        g_string_append(s, comma);
        work_locator(s, &c, locator);
    }
    return g_string_free(s, FALSE);
}

static bool work_ends_with_stop(const GString *s)
{
    return s->len && strchr(".?!", s->str[s->len - 1]);
}

static void work_stop(GString *s)
{
    if (!work_ends_with_stop(s))
        g_string_append_c(s, '.');
}

/* All authors as the reference list writes them (NOTE: as a full note names them). */
static void work_entry_names(GString *s, const struct work_ctx *c, const struct nashra_ref *r,
                             bool note)
{
    guint n = r->authors->len;
    bool apa = c->style == NASHRA_CITE_APA && !note;
    /* A note names up to three authors; the first and et al. for more. */
    if (note && n > 3) {
        char *first = work_direct(g_ptr_array_index(r->authors, 0));
        g_string_append(s, first);
        g_string_append(s, work_et_al(c));
        g_free(first);
        return;
    }
    for (guint i = 0; i < n; i++) {
        const struct nashra_name *nm = g_ptr_array_index(r->authors, i);
        /* Chicago inverts only the first name; APA all of them, with initials; notes none. */
        char *name = !note && (apa || i == 0) ? work_inverted(c, nm, apa) : work_direct(nm);
        if (i > 0) {
            if (c->arabic)
                g_string_append(s, i == n - 1 ? "، و" : "، ");
            else if (i == n - 1)
                g_string_append(s, apa ? ", & " : (n == 2 ? " and " : ", and "));
            else
                g_string_append(s, ", ");
        }
        g_string_append(s, name);
        g_free(name);
    }
}

/* A quoted title followed by PUNCT ('.', ',' or 0): inside the quotes in English, after them in
 * Arabic; none after a title that ends with its own stop. */
static void work_quoted(GString *s, const struct work_ctx *c, const char *title, char punct)
{
    if (punct && strchr(".?!", title[strlen(title) - 1]))
        punct = 0;
    if (c->arabic) {
        g_string_append_printf(s, "\u00AB%s\u00BB", title);
        if (punct)
            g_string_append(s, punct == ',' ? "\u060C" : ".");
        return;
    }
    g_string_append_printf(s, "\u201C%s", title);
    if (punct)
        g_string_append_c(s, punct);
    g_string_append(s, "\u201D");
}

/* Pages "45-67" as "45–67". */
static void work_pages(GString *s, const struct work_ctx *c, const char *page)
{
    GString *pg = g_string_new(NULL);
    for (const char *q = page; *q; q++)
        if (*q == '-')
            g_string_append(pg, "\u2013");
        else
            g_string_append_c(pg, *q);
    work_num(s, c, pg->str);
    g_string_free(pg, TRUE);
}

/* Volume, issue and pages after a container: " 12 (3): 45–67" / ", 12(3), 45–67"; in the notes
 * style " 12, no. 3 (2023): 45–67", where a note's LOCATOR replaces the pages. */
static void work_container_numbers(GString *s, const struct work_ctx *c, const struct nashra_ref *r,
                                   const char *locator)
{
    bool apa = c->style == NASHRA_CITE_APA;
    const char *comma = c->arabic ? "\u060C " : ", ";
    if (c->style == NASHRA_CITE_CHICAGO_NOTES) {
        if (work_has(r->volume)) {
            g_string_append_c(s, ' ');
            work_num(s, c, r->volume);
        }
        if (work_has(r->issue)) {
            g_string_append_printf(s, "%s%s ", work_has(r->volume) ? comma : " ",
                                   nashra_text(c->lang, NASHRA_TEXT_ISSUE));
            work_num(s, c, r->issue);
        }
        g_string_append(s, " (");
        work_year(s, c, r);
        g_string_append_c(s, ')');
        if (work_has(locator)) {
            g_string_append(s, c->arabic ? comma : ": ");
            work_locator(s, c, locator);
        } else if (work_has(r->page)) {
            g_string_append(s, ": ");
            work_pages(s, c, r->page);
        }
        return;
    }
    if (work_has(r->volume)) {
        g_string_append(s, apa ? (c->arabic ? "، " : ", ") : " ");
        work_num(s, c, r->volume);
    }
    if (work_has(r->issue)) {
        g_string_append(s, apa && work_has(r->volume) ? "(" : " (");
        work_num(s, c, r->issue);
        g_string_append(s, ")");
    }
    if (work_has(r->page)) {
        g_string_append(s, apa || !(work_has(r->volume) || work_has(r->issue)) ? comma : ": ");
        work_pages(s, c, r->page);
    }
}

static void work_url(GString *s, const struct work_ctx *c, const struct nashra_ref *r)
{
    if (r->accessed_year > 0 && c->style != NASHRA_CITE_APA) {
        char *d = nashra_format_date(c->lang, r->accessed_year, r->accessed_month,
                                     r->accessed_day, c->digits);
        g_string_append_printf(s, " %s%s%s.", c->arabic ? nashra_text(c->lang, NASHRA_TEXT_ACCESSED) : "Accessed",
                               c->arabic ? ": " : " ", d);
        g_free(d);
    }
    if (work_has(r->url))
        g_string_append_printf(s, " %s", r->url);
    if (work_has(r->url) && c->style != NASHRA_CITE_APA)
        g_string_append_c(s, '.');
}

/* The title where a work is named by it: quoted when it is part of a container, else italic.
 * PUNCT as for work_quoted. */
static void work_title(GString *s, const struct work_ctx *c, const struct nashra_ref *r,
                       const char *title, char punct)
{
    if (work_has(r->container_title)) {
        work_quoted(s, c, title, punct);
        return;
    }
    work_italic(s, c, title);
    if (punct == '.')
        work_stop(s);
    else if (punct)
        g_string_append(s, c->arabic ? "\u060C" : ",");
}

static char *work_entry(struct work_ctx *c, const struct nashra_ref *r)
{
    GString *s = g_string_new(NULL);
    bool apa = c->style == NASHRA_CITE_APA, notes = c->style == NASHRA_CITE_CHICAGO_NOTES;
    bool in_container = work_has(r->container_title);
    if (r->authors->len)
        work_entry_names(s, c, r, false);
    else if (notes && work_has(r->title))
        work_title(s, c, r, r->title, 0);
    else
        g_string_append(s, work_has(r->title) ? r->title : r->id);
    work_stop(s);
    /* Author-date puts the year after the names; notes and bibliography after the source. */
    if (!notes) {
        g_string_append_c(s, ' ');
        if (apa)
            g_string_append_c(s, '(');
        work_year(s, c, r);
        if (apa)
            g_string_append_c(s, ')');
        work_stop(s);
    }
    if (work_has(r->title) && r->authors->len) {
        g_string_append_c(s, ' ');
        if (!apa && in_container) {
            work_quoted(s, c, r->title, '.');
        } else {
            if (notes)
                work_italic(s, c, r->title);
            else
                g_string_append(s, r->title);
            work_stop(s);
        }
    }
    if (in_container) {
        g_string_append_c(s, ' ');
        if (notes)
            work_italic(s, c, r->container_title);
        else
            g_string_append(s, r->container_title);
        work_container_numbers(s, c, r, NULL);
        work_stop(s);
    } else if (work_has(r->page)) {
        g_string_append_c(s, ' ');
        work_num(s, c, r->page);
        work_stop(s);
    }
    if (work_has(r->publisher)) {
        g_string_append_printf(s, " %s", r->publisher);
        if (notes && !in_container) {
            g_string_append(s, c->arabic ? "\u060C " : ", ");
            work_year(s, c, r);
        }
        work_stop(s);
    } else if (notes && !in_container) {
        g_string_append_c(s, ' ');
        work_year(s, c, r);
        work_stop(s);
    }
    work_url(s, c, r);
    return g_string_free(s, FALSE);
}

char *nashra_cite_work_entry_marked(const struct nashra_ref *r, enum nashra_cite_style style,
                                    const char *lang, enum nashra_digits digits, GArray *italic)
{
    struct work_ctx c;
    work_ctx_init(&c, style, lang, digits);
    c.italic = italic;
    return work_entry(&c, r);
}

char *nashra_cite_work_entry(const struct nashra_ref *r, enum nashra_cite_style style,
                             const char *lang, enum nashra_digits digits)
{
    return nashra_cite_work_entry_marked(r, style, lang, digits, NULL);
}

/* The main title, before a colon, for a short note. g_free. */
static char *work_short_title(const char *title)
{
    const char *colon = strchr(title, ':');
    if (!colon)
        return g_strdup(title);
    return g_strstrip(g_strndup(title, (gsize)(colon - title)));
}

/* One work in a note, without the note's final stop. */
static void work_note_item(GString *s, const struct work_ctx *c, const struct nashra_ref *r,
                           const char *locator, enum nashra_cite_note_form form)
{
    const char *comma = c->arabic ? "\u060C " : ", ";
    bool loc = work_has(locator);
    if (form == NASHRA_CITE_NOTE_IBID) {
        g_string_append(s, c->arabic ? "\u0627\u0644\u0645\u0631\u062c\u0639 "
                                       "\u0646\u0641\u0633\u0647"
                                     : "Ibid.");
        if (loc) {
            g_string_append(s, comma);
            work_locator(s, c, locator);
        }
        return;
    }
    bool full = form == NASHRA_CITE_NOTE_FULL, titled = work_has(r->title);
    if (r->authors->len) {
        if (full)
            work_entry_names(s, c, r, true);
        else
            work_intext_names(s, c, r);
        if (titled)
            g_string_append(s, comma);
    }
    if (titled || !r->authors->len) {
        char *title = !titled ? g_strdup(r->id) : full ? g_strdup(r->title)
                                                       : work_short_title(r->title);
        /* A comma before what follows goes inside an English title's quotes. */
        bool more = full ? work_has(r->container_title) : loc;
        work_title(s, c, r, title, more ? ',' : 0);
        g_free(title);
    }
    if (!full) {
        if (loc) {
            if (titled || !r->authors->len)
                g_string_append_c(s, ' ');
            else
                g_string_append(s, comma);
            work_locator(s, c, locator);
        }
        return;
    }
    if (work_has(r->container_title)) {
        g_string_append_c(s, ' ');
        work_italic(s, c, r->container_title);
        work_container_numbers(s, c, r, locator);
    } else {
        g_string_append(s, " (");
        if (work_has(r->publisher)) {
            g_string_append(s, r->publisher);
            g_string_append(s, comma);
        }
        work_year(s, c, r);
        g_string_append_c(s, ')');
        if (loc) {
            g_string_append(s, comma);
            work_locator(s, c, locator);
        }
    }
    if (work_has(r->url)) {
        g_string_append(s, comma);
        g_string_append(s, r->url);
    }
}

void nashra_cite_work_lang(const struct nashra_ref *r, const char *lang, enum nashra_digits digits,
                           const char **work_lang, enum nashra_digits *work_digits)
{
    bool english = nashra_ref_is_latin(r) && nashra_lang_is_rtl(lang);
    *work_lang = english ? "en" : lang;
    *work_digits = english ? NASHRA_DIGITS_LATIN : digits;
}

/* Ends a note with a period, inside an English closing quote. */
static void work_note_stop(GString *s)
{
    static const char rq[] = "\u201D";
    size_t n = strlen(rq);
    if (s->len > n && strcmp(s->str + s->len - n, rq) == 0) {
        if (!strchr(".?!,", s->str[s->len - n - 1]))
            g_string_insert_c(s, (gssize)(s->len - n), '.');
        return;
    }
    work_stop(s);
}

const char *nashra_cite_note_sep(const char *lang)
{
    struct work_ctx c;
    work_ctx_init(&c, NASHRA_CITE_CHICAGO, lang, NASHRA_DIGITS_LATIN);
    return c.arabic ? "\u061B " : "; ";
}

char *nashra_cite_note(const struct nashra_cite_note_item *items, guint n,
                       enum nashra_cite_style style, const char *lang, enum nashra_digits digits,
                       bool stop, GArray *italic)
{
    struct work_ctx brief;
    work_ctx_init(&brief, style, lang, digits);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < n; i++) {
        if (i)
            g_string_append(s, nashra_cite_note_sep(brief.lang));
        struct work_ctx c;
        const char *wlang;
        enum nashra_digits wdigits;
        nashra_cite_work_lang(items[i].ref, brief.lang, digits, &wlang, &wdigits);
        work_ctx_init(&c, style, wlang, wdigits);
        c.italic = italic;
        /* An English work among Arabic text is isolated, so the note keeps its direction and the
         * work its order; a note of that work alone runs left to right. A leading RLM: Pango
         * takes a paragraph's direction from its first strong letter, isolates or not. */
        bool isolate = brief.arabic && !c.arabic && (n > 1 || !stop);
        if (isolate)
            g_string_append(s, i ? "\u2066" : "\u200F\u2066");
        work_note_item(s, &c, items[i].ref, items[i].locator, items[i].form);
        if (isolate)
            g_string_append(s, "\u2069");
    }
    if (stop)
        work_note_stop(s);
    return g_string_free(s, FALSE);
}

char *nashra_cite_work_note(const struct nashra_ref *r, const char *locator,
                            enum nashra_cite_style style, const char *lang,
                            enum nashra_digits digits, enum nashra_cite_note_form form)
{
    struct nashra_cite_note_item item = {r, locator, form};
    return nashra_cite_note(&item, 1, style, lang, digits, true, NULL);
}

/* The sort key's first part: the first author's family name, else the title. */
static char *work_sort_name(const struct nashra_ref *r)
{
    if (r->authors->len) {
        const struct nashra_name *n = g_ptr_array_index(r->authors, 0);
        char *f = work_family(n);
        char *s = g_strconcat(f, " ", n->given ? n->given : "", NULL);
        g_free(f);
        return s;
    }
    return g_strdup(r->title ? r->title : r->id);
}

/* Arabic-script letters in dictionary order per language, each followed by the letters that
 * sort with it ("|" separates entries). Persian and Urdu put و before ه and add their own
 * letters after their bases; Arabic puts the Persian ones after their bases too. */
static const char *const work_order_ar =
    "ء|اآأإٱ|ب|پ|ت|ٹ|ث|ج|چ|ح|خ|د|ڈ|ذ|ر|ڑ|ز|ژ|س|ش|ص|ض|ط|ظ|ع|غ|ف|ق|كک|گ|ل|م|ن|ں|هةۀھ|و|يىیئے";
static const char *const work_order_fa =
    "ء|اآأإٱ|ب|پ|ت|ٹ|ث|ج|چ|ح|خ|د|ڈ|ذ|ر|ڑ|ز|ژ|س|ش|ص|ض|ط|ظ|ع|غ|ف|ق|کك|گ|ل|م|ن|ں|و|هةۀھ|یيىئ|ے";

static GHashTable *work_order_table(const char *order)
{
    GHashTable *t = g_hash_table_new(NULL, NULL);
    guint weight = 1;
    for (const char *p = order; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '|')
            weight++;
        else
            g_hash_table_insert(t, GUINT_TO_POINTER(c), GUINT_TO_POINTER(weight));
    }
    return t;
}

/* Sort weights of S, independent of the process locale (the same input gives the same
 * bytes): marks, tatweel and punctuation ignored, Latin case and accents folded, Arabic
 * letters in LANG's dictionary order, and a leading article ال ignored in Arabic. */
static GArray *work_collation_key(const char *s, const char *lang)
{
    static GHashTable *ar, *fa; /* built once, read only after: safe from several threads */
    static gsize ready;
    if (g_once_init_enter(&ready)) {
        ar = work_order_table(work_order_ar);
        fa = work_order_table(work_order_fa);
        g_once_init_leave(&ready, 1);
    }
    bool persian = nashra_lang_matches(lang, "fa") || nashra_lang_matches(lang, "ur");
    GHashTable *order = persian ? fa : ar;
    GArray *key = g_array_new(FALSE, FALSE, sizeof(guint32));
    /* NFKD splits hamza and madda from alef and ligatures into letters; marks then drop. */
    char *d = g_utf8_normalize(s, -1, G_NORMALIZE_ALL);
    const char *p = d ? d : "";
    if (!persian && g_str_has_prefix(p, "\u0627\u0644") && g_utf8_strlen(p, -1) > 3)
        p += 4;
    bool space = false;
    for (; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_ismark(c) || c == 0x0640)
            continue;
        if (!g_unichar_isalnum(c)) {
            space = key->len > 0; /* word breaks count once, punctuation not at all */
            continue;
        }
        if (space) {
            guint32 w = 1;
            g_array_append_val(key, w);
            space = false;
        }
        guint32 w;
        gpointer ow = g_hash_table_lookup(order, GUINT_TO_POINTER(c));
        if (ow)
            w = 0x20000u + GPOINTER_TO_UINT(ow);
        else if (g_unichar_isdigit(c))
            w = 0x100u + (guint32)g_unichar_digit_value(c);
        else
            w = 0x1000u + (guint32)g_unichar_tolower(c);
        g_array_append_val(key, w);
    }
    g_free(d);
    return key;
}

/* The script of S's first letter (Latin when it has none). */
static GUnicodeScript work_script(const char *s)
{
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        GUnicodeScript sc = g_unichar_get_script(g_utf8_get_char(p));
        if (sc != G_UNICODE_SCRIPT_COMMON && sc != G_UNICODE_SCRIPT_INHERITED)
            return sc;
    }
    return G_UNICODE_SCRIPT_LATIN;
}

/* The script a brief in LANG is written in; its RTL languages are those of l10n's one list. */
static GUnicodeScript work_lang_script(const char *lang)
{
    if (!nashra_lang_is_rtl(lang))
        return G_UNICODE_SCRIPT_LATIN;
    if (nashra_lang_matches(lang, "he") || nashra_lang_matches(lang, "yi"))
        return G_UNICODE_SCRIPT_HEBREW;
    if (nashra_lang_matches(lang, "dv"))
        return G_UNICODE_SCRIPT_THAANA;
    return G_UNICODE_SCRIPT_ARABIC;
}

static int work_key_compare(const GArray *a, const GArray *b)
{
    for (guint i = 0; i < a->len && i < b->len; i++) {
        guint32 x = g_array_index(a, guint32, i), y = g_array_index(b, guint32, i);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return (a->len > b->len) - (a->len < b->len);
}

int nashra_cite_work_compare(const struct nashra_ref *a, const struct nashra_ref *b,
                             const char *lang)
{
    /* Works in the brief's own script first (Arabic-script works in an Arabic, Persian or
     * Urdu brief, as Arabic reference lists do), then the others. */
    char *na = work_sort_name(a), *nb = work_sort_name(b);
    GUnicodeScript own = work_lang_script(lang);
    bool ga = work_script(na) != own, gb = work_script(nb) != own;
    if (ga != gb) {
        g_free(na);
        g_free(nb);
        return ga ? 1 : -1;
    }
    GArray *ka = work_collation_key(na, lang), *kb = work_collation_key(nb, lang);
    int c = work_key_compare(ka, kb);
    g_array_free(ka, TRUE);
    g_array_free(kb, TRUE);
    g_free(na);
    g_free(nb);
    if (c)
        return c;
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    return strcmp(a->id, b->id);
}
