/* The brief's own citation, in the brief's citation style (through the CSL processor, in the
 * language and digits the resolve stage decided), and its exports to BibTeX, RIS and CSL-JSON. */
#include "cite/cite.h"

#include <stdio.h>
#include <string.h>

#include "util/l10n.h"

static bool cite_has(const char *s)
{
    return s && *s;
}

/* Whether every letter of S is Latin (so it can be split into family and given names). */
static bool cite_is_latin(const char *s)
{
    bool letters = false;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isalpha(c))
            continue;
        letters = true;
        if (g_unichar_get_script(c) != G_UNICODE_SCRIPT_LATIN)
            return false;
    }
    return letters;
}

/* Splits NAME into family and given names: "Family, Given" as written, else the last word is
 * the family name. *GIVEN is NULL for a one-word name. g_free both. */
static void cite_split_name(const char *name, char **family, char **given)
{
    const char *comma = strchr(name, ',');
    const char *space = strrchr(name, ' ');
    if (comma) {
        *family = g_strstrip(g_strndup(name, (gsize)(comma - name)));
        *given = g_strstrip(g_strdup(comma + 1));
    } else if (space) {
        *family = g_strstrip(g_strdup(space + 1));
        *given = g_strstrip(g_strndup(name, (gsize)(space - name)));
    } else {
        *family = g_strstrip(g_strdup(name));
        *given = NULL;
    }
    if (*given && !**given) {
        g_free(*given);
        *given = NULL;
    }
}

/* "Family, Given" (FULL) or "Family, G. H." (APA initials); NAME itself when not split. */
static char *cite_inverted(const char *name, bool initials, const char *comma)
{
    char *family, *given;
    cite_split_name(name, &family, &given);
    if (!given)
        return family;
    GString *s = g_string_new(family);
    g_string_append(s, comma);
    if (!initials) {
        g_string_append(s, given);
    } else {
        bool start = true, first = true;
        for (const char *p = given; *p; p = g_utf8_next_char(p)) {
            gunichar ch = g_utf8_get_char(p);
            if (ch == ' ' || ch == '-') {
                start = true;
                if (ch == '-')
                    g_string_append_c(s, '-');
                continue;
            }
            if (start && g_unichar_isalpha(ch)) {
                if (!first && s->str[s->len - 1] != '-')
                    g_string_append_c(s, ' ');
                g_string_append_unichar(s, ch);
                g_string_append_c(s, '.');
                first = false;
            }
            start = false;
        }
    }
    g_free(family);
    g_free(given);
    return g_string_free(s, FALSE);
}

static const char *cite_author(const struct nashra_meta *m, guint i)
{
    return g_ptr_array_index(m->authors, i);
}

/* Whether author I is an institution (`literal:`): written whole, never inverted. */
static bool cite_institution(const struct nashra_meta *m, guint i)
{
    if (!m->people || i >= m->people->len)
        return false;
    const struct nashra_person *p = g_ptr_array_index(m->people, i);
    return p->institution;
}

/* Whether author I is a person with a Latin name, which is split into family and given. */
static bool cite_splits(const struct nashra_meta *m, guint i)
{
    return !cite_institution(m, i) && cite_is_latin(cite_author(m, i));
}

static int cite_n_authors(const struct nashra_meta *m)
{
    return m->authors ? (int)m->authors->len : 0;
}

/* NAMES joined with SEP, and LAST before the last one (two names: PAIR). */
/* "Title: Subtitle", or NULL without a title. */
static char *cite_full_title(const struct nashra_meta *m)
{
    if (!cite_has(m->title))
        return NULL;
    if (!cite_has(m->subtitle))
        return g_strdup(m->title);
    return g_strconcat(m->title, ": ", m->subtitle, NULL);
}

/* The date parts to cite: the brief's own date, else the source's. */
void nashra_cite_date(const struct nashra_meta *m, int *y, int *mo, int *d)
{
    *y = m->year, *mo = m->month, *d = m->day;
    if (*y <= 0 && m->source_date &&
        sscanf(m->source_date, "%d-%d-%d", y, mo, d) < 1) /* validated by the parser */
        *y = *mo = *d = 0;
    if (*y <= 0)
        *y = *mo = *d = 0;
}

/* Whether M names anything a reader could find the brief by (a date alone is not enough). */
static bool cite_has_anything(const struct nashra_meta *m)
{
    return cite_n_authors(m) > 0 || cite_has(m->title) || cite_has(m->series) ||
           cite_has(m->source) || cite_has(m->source_url);
}

char *nashra_cite_text(const struct nashra_meta *m)
{
    /* Without a title the citation is what is known (authors, source, date); with nothing
     * known, no citation at all rather than a lone "." or "(n.d.)." */
    if (!cite_has_anything(m))
        return g_strdup("");
    char *json = nashra_cite_csl_json(m);
    char *text = nashra_cite_proc_item_text(m, json);
    g_free(json);
    return text ? text : g_strdup("");
}

/* ---- exports ---- */

bool nashra_cite_is_article(const struct nashra_meta *m)
{
    return cite_has(m->source) && cite_has(m->source_issue);
}

char *nashra_cite_key(const struct nashra_meta *m)
{
    GString *key = g_string_new(NULL);
    if (cite_n_authors(m) > 0 && cite_is_latin(cite_author(m, 0))) {
        char *family, *given = NULL;
        if (cite_institution(m, 0))
            family = g_strdup(cite_author(m, 0));
        else
            cite_split_name(cite_author(m, 0), &family, &given);
        char *ascii = g_str_to_ascii(family, "C");
        for (const char *p = ascii; *p; p++)
            if (g_ascii_isalnum(*p))
                g_string_append_c(key, g_ascii_tolower(*p));
        g_free(ascii);
        g_free(family);
        g_free(given);
    }
    if (!key->len)
        g_string_append(key, "brief");
    int y, mo, d;
    nashra_cite_date(m, &y, &mo, &d);
    if (y)
        g_string_append_printf(key, "%d", y);
    return g_string_free(key, FALSE);
}

/* S for a braced BibTeX field: LaTeX's special characters escaped. */
static void cite_bib_escape(GString *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '\\':
            g_string_append(out, "\\textbackslash{}");
            break;
        case '~':
            g_string_append(out, "\\textasciitilde{}");
            break;
        case '^':
            g_string_append(out, "\\textasciicircum{}");
            break;
        case '{':
        case '}':
        case '&':
        case '%':
        case '$':
        case '#':
        case '_':
            g_string_append_c(out, '\\');
            g_string_append_c(out, *p);
            break;
        case '\n':
            g_string_append_c(out, ' ');
            break;
        default:
            g_string_append_c(out, *p);
        }
    }
}

static void cite_bib_field(GString *out, const char *name, const char *value, bool raw)
{
    if (!cite_has(value))
        return;
    g_string_append_printf(out, ",\n  %s = {", name);
    if (!raw) {
        cite_bib_escape(out, value);
    } else { /* URLs: braces would unbalance the field, and nothing else is special */
        for (const char *p = value; *p; p++)
            if (*p == '{' || *p == '}')
                g_string_append(out, *p == '{' ? "%7B" : "%7D");
            else
                g_string_append_c(out, *p);
    }
    g_string_append_c(out, '}');
}

/* Pages with BibTeX's en dash: "45-67" → "45--67". */
static char *cite_bib_pages(const char *pages)
{
    if (!pages)
        return NULL;
    char **parts = g_strsplit_set(pages, "-", -1);
    GString *s = g_string_new(NULL);
    for (char **p = parts; *p; p++)
        if (**p)
            g_string_append_printf(s, "%s%s", s->len ? "--" : "", g_strstrip(*p));
    g_strfreev(parts);
    return g_string_free(s, FALSE);
}

static char *cite_join_keywords(const struct nashra_meta *m)
{
    if (!m->keywords || !m->keywords->len)
        return NULL;
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < m->keywords->len; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", (char *)g_ptr_array_index(m->keywords, i));
    return g_string_free(s, FALSE);
}

char *nashra_cite_bibtex(const struct nashra_meta *m)
{
    bool article = nashra_cite_is_article(m);
    char *key = nashra_cite_key(m);
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "@%s{%s", article ? "article" : "techreport", key);
    GString *authors = g_string_new(NULL);
    for (int i = 0; i < cite_n_authors(m); i++) {
        const char *a = cite_author(m, (guint)i);
        g_string_append(authors, i ? " and " : "");
        if (cite_institution(m, (guint)i)) {
            /* Braced, BibTeX takes the whole as one family name, not "Organization, World
             * Meteorological". */
            g_string_append_c(authors, '{');
            cite_bib_escape(authors, a);
            g_string_append_c(authors, '}');
            continue;
        }
        char *name = cite_splits(m, (guint)i) ? cite_inverted(a, false, ", ") : g_strdup(a);
        cite_bib_escape(authors, name);
        g_free(name);
    }
    if (authors->len) /* escaped name by name, around the braces of institutions */
        g_string_append_printf(s, ",\n  author = {%s}", authors->str);
    g_string_free(authors, TRUE);
    char *title = cite_full_title(m);
    cite_bib_field(s, "title", title, false);
    g_free(title);
    char *pages = cite_bib_pages(m->source_pages);
    if (article) {
        cite_bib_field(s, "journal", m->source, false);
        cite_bib_field(s, "volume", m->source_volume, false);
        cite_bib_field(s, "number", m->source_issue, false);
        cite_bib_field(s, "pages", pages, false);
        cite_bib_field(s, "series", m->series, false);
    } else {
        cite_bib_field(s, "institution", cite_has(m->source) ? m->source : m->series, false);
        cite_bib_field(s, "type", cite_has(m->source) ? m->series : NULL, false);
        cite_bib_field(s, "number", m->number, false);
    }
    g_free(pages);
    int y, mo, d;
    nashra_cite_date(m, &y, &mo, &d);
    char buf[32];
    if (y) {
        g_snprintf(buf, sizeof buf, "%d", y);
        cite_bib_field(s, "year", buf, false);
    }
    if (mo) {
        static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                             "jul", "aug", "sep", "oct", "nov", "dec"};
        g_string_append_printf(s, ",\n  month = %s", months[mo - 1]);
        if (d)
            g_snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
        else
            g_snprintf(buf, sizeof buf, "%04d-%02d", y, mo);
        cite_bib_field(s, "date", buf, false);
    }
    cite_bib_field(s, "url", m->source_url, true);
    cite_bib_field(s, "language", m->lang, false);
    char *kw = cite_join_keywords(m);
    cite_bib_field(s, "keywords", kw, false);
    g_free(kw);
    cite_bib_field(s, "abstract", m->summary, false);
    g_string_append(s, "\n}\n");
    g_free(key);
    return g_string_free(s, FALSE);
}

static void cite_ris_tag(GString *s, const char *tag, const char *value)
{
    if (!cite_has(value))
        return;
    g_string_append_printf(s, "%s  - ", tag);
    for (const char *p = value; *p; p++)
        g_string_append_c(s, *p == '\n' || *p == '\r' ? ' ' : *p);
    g_string_append_c(s, '\n');
}

char *nashra_cite_ris(const struct nashra_meta *m)
{
    GString *s = g_string_new(NULL);
    cite_ris_tag(s, "TY", nashra_cite_is_article(m) ? "JOUR" : "RPRT");
    for (int i = 0; i < cite_n_authors(m); i++) {
        const char *a = cite_author(m, (guint)i);
        char *name = cite_splits(m, (guint)i) ? cite_inverted(a, false, ", ") : g_strdup(a);
        cite_ris_tag(s, "AU", name);
        g_free(name);
    }
    char *title = cite_full_title(m);
    cite_ris_tag(s, "TI", title);
    g_free(title);
    int y, mo, d;
    nashra_cite_date(m, &y, &mo, &d);
    char buf[32];
    if (y) {
        g_snprintf(buf, sizeof buf, "%d", y);
        cite_ris_tag(s, "PY", buf);
        g_snprintf(buf, sizeof buf, "%04d/%s%.0d/%s%.0d/", y, mo && mo < 10 ? "0" : "", mo,
                   d && d < 10 ? "0" : "", d);
        cite_ris_tag(s, "DA", buf);
    }
    cite_ris_tag(s, "T2", m->source);
    cite_ris_tag(s, "T3", m->series);
    cite_ris_tag(s, "M1", m->number);
    cite_ris_tag(s, "VL", m->source_volume);
    cite_ris_tag(s, "IS", m->source_issue);
    if (cite_has(m->source_pages)) {
        char **pp = g_strsplit_set(m->source_pages, "-", 2);
        cite_ris_tag(s, "SP", g_strstrip(pp[0]));
        if (pp[1])
            cite_ris_tag(s, "EP", g_strstrip(pp[1]));
        g_strfreev(pp);
    }
    cite_ris_tag(s, "UR", m->source_url);
    cite_ris_tag(s, "LA", m->lang);
    for (guint i = 0; m->keywords && i < m->keywords->len; i++)
        cite_ris_tag(s, "KW", g_ptr_array_index(m->keywords, i));
    cite_ris_tag(s, "AB", m->summary);
    g_string_append(s, "ER  - \n");
    return g_string_free(s, FALSE);
}

/* S as a JSON string literal (S is UTF-8; only the required escapes). */
static void cite_json_str(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            if (*p < 0x20)
                g_string_append_printf(out, "\\u%04x", *p);
            else
                g_string_append_c(out, (char)*p);
        }
    }
    g_string_append_c(out, '"');
}

static void cite_json_field(GString *out, const char *name, const char *value)
{
    if (!cite_has(value))
        return;
    g_string_append(out, ",\n    ");
    cite_json_str(out, name);
    g_string_append(out, ": ");
    cite_json_str(out, value);
}

char *nashra_cite_csl_json(const struct nashra_meta *m)
{
    GString *s = g_string_new("[\n  {\n    \"id\": ");
    char *key = nashra_cite_key(m);
    cite_json_str(s, key);
    g_free(key);
    g_string_append_printf(s, ",\n    \"type\": \"%s\"",
                           nashra_cite_is_article(m) ? "article-journal" : "report");
    char *title = cite_full_title(m);
    cite_json_field(s, "title", title);
    g_free(title);
    if (cite_n_authors(m) > 0) {
        g_string_append(s, ",\n    \"author\": [");
        for (int i = 0; i < cite_n_authors(m); i++) {
            const char *a = cite_author(m, (guint)i);
            g_string_append(s, i ? ", {" : "{");
            char *family = NULL, *given = NULL;
            if (cite_splits(m, (guint)i))
                cite_split_name(a, &family, &given);
            if (given) {
                g_string_append(s, "\"family\": ");
                cite_json_str(s, family);
                g_string_append(s, ", \"given\": ");
                cite_json_str(s, given);
            } else {
                g_string_append(s, "\"literal\": ");
                cite_json_str(s, a);
            }
            g_string_append_c(s, '}');
            g_free(family);
            g_free(given);
        }
        g_string_append_c(s, ']');
    }
    int y, mo, d;
    nashra_cite_date(m, &y, &mo, &d);
    if (y) {
        g_string_append_printf(s, ",\n    \"issued\": {\"date-parts\": [[%d", y);
        if (mo)
            g_string_append_printf(s, ", %d", mo);
        if (mo && d)
            g_string_append_printf(s, ", %d", d);
        g_string_append(s, "]]}");
    }
    /* A report's source is who publishes it; an article's, the journal it is in. */
    cite_json_field(s, nashra_cite_is_article(m) ? "container-title" : "publisher", m->source);
    cite_json_field(s, "volume", m->source_volume);
    cite_json_field(s, "issue", m->source_issue);
    cite_json_field(s, "page", m->source_pages);
    cite_json_field(s, "collection-title", m->series);
    cite_json_field(s, "collection-number", m->number);
    cite_json_field(s, "URL", m->source_url);
    cite_json_field(s, "language", m->lang);
    char *kw = cite_join_keywords(m);
    cite_json_field(s, "keyword", kw);
    g_free(kw);
    cite_json_field(s, "abstract", m->summary);
    cite_json_field(s, "license", m->license);
    g_string_append(s, "\n  }\n]\n");
    return g_string_free(s, FALSE);
}

char *nashra_cite_export(const struct nashra_meta *m, enum nashra_cite_format format)
{
    switch (format) {
    case NASHRA_CITE_BIBTEX:
        return nashra_cite_bibtex(m);
    case NASHRA_CITE_RIS:
        return nashra_cite_ris(m);
    case NASHRA_CITE_CSL_JSON:
        return nashra_cite_csl_json(m);
    case NASHRA_CITE_TEXT:
        break;
    }
    char *text = nashra_cite_text(m);
    char *out = g_strconcat(text, "\n", NULL);
    g_free(text);
    return out;
}

bool nashra_cite_format_from_name(const char *name, enum nashra_cite_format *format)
{
    static const struct {
        const char *name;
        enum nashra_cite_format format;
    } names[] = {{"text", NASHRA_CITE_TEXT},    {"bibtex", NASHRA_CITE_BIBTEX},
                 {"ris", NASHRA_CITE_RIS},      {"csl-json", NASHRA_CITE_CSL_JSON},
                 {"csl", NASHRA_CITE_CSL_JSON}, {"json", NASHRA_CITE_CSL_JSON}};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (name && strcmp(name, names[i].name) == 0) {
            *format = names[i].format;
            return true;
        }
    return false;
}
