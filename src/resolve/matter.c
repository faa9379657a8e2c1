/* What the brief shows beyond its body text, decided once for the PDF and the HTML page: the
 * masthead's lines (series and number, byline, affiliations, date, source attribution), the
 * labels of numbered figures and tables, and which table cells are numbers. */
#include "resolve/resolve_int.h"

#include <stdio.h>
#include <string.h>

#include "util/l10n.h"

#define MATTER_FSI "\xE2\x81\xA8"
#define MATTER_PDI "\xE2\x81\xA9"

/* "Policy Briefs — no. 14", "العدد ١٤", or NULL. */
static char *matter_series(const struct nashra_meta *m)
{
    GString *s = g_string_new(m->series);
    if (m->number && *m->number) {
        if (s->len)
            g_string_append(s, " \u2014 ");
        char *num = nashra_apply_digits(m->number, m->resolved.digits);
        g_string_append_printf(s, "%s %s", nashra_text(m->resolved.lang, NASHRA_TEXT_ISSUE), num);
        g_free(num);
    }
    if (s->len == 0) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}

/* The authors' names, from people (else authors), as the language joins them; NULL if none. */
static char *matter_byline(const struct nashra_meta *m)
{
    GPtrArray *names = g_ptr_array_new();
    if (m->people && m->people->len) {
        for (guint i = 0; i < m->people->len; i++) {
            const struct nashra_person *p = g_ptr_array_index(m->people, i);
            if (p && p->name && *p->name)
                g_ptr_array_add(names, p->name);
        }
    } else if (m->authors) {
        for (guint i = 0; i < m->authors->len; i++)
            g_ptr_array_add(names, g_ptr_array_index(m->authors, i));
    }
    char *out = names->len ? nashra_join_names(m->resolved.lang,
                                               (const char *const *)names->pdata,
                                               (int)names->len)
                           : NULL;
    g_ptr_array_free(names, TRUE);
    return out;
}

/* Distinct affiliations in order of first mention, joined by the list separator; or NULL. */
static char *matter_affiliations(const struct nashra_meta *m)
{
    if (!m->people)
        return NULL;
    GString *s = g_string_new(NULL);
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < m->people->len; i++) {
        const struct nashra_person *p = g_ptr_array_index(m->people, i);
        if (!p || !p->affiliation || !*p->affiliation ||
            g_hash_table_contains(seen, p->affiliation))
            continue;
        g_hash_table_add(seen, p->affiliation);
        if (s->len)
            g_string_append(s, nashra_text(m->resolved.lang, NASHRA_TEXT_LIST_SEP));
        g_string_append(s, p->affiliation);
    }
    g_hash_table_destroy(seen);
    if (s->len == 0) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}

/* A date as written: an ISO date (YYYY-MM-DD, YYYY-MM, YYYY) localised, else as is in the
 * document's digits; NULL when none is written. */
static char *matter_date(const struct nashra_meta *m, const char *written, int y, int mo, int d)
{
    if (y <= 0 && written) {
        int n = sscanf(written, "%4d-%2d-%2d", &y, &mo, &d);
        if (n < 1 || y < 1000 || (n >= 2 && (mo < 1 || mo > 12)) || (n >= 3 && (d < 1 || d > 31)))
            y = mo = d = 0;
        if (n < 2)
            mo = 0;
        if (n < 3)
            d = 0;
    }
    if (y > 0)
        return nashra_format_date(m->resolved.lang, y, mo, d, m->resolved.digits);
    return written ? nashra_apply_digits(written, m->resolved.digits) : NULL;
}

/* "نُشر في: ⁨<publication>⁩، العدد ١٢، <date>", the name isolated so that a Latin name keeps
 * the label's colon on the right side; NAME receives where the name starts and ends. */
static char *matter_source(const struct nashra_meta *m, size_t name[2])
{
    const char *lang = m->resolved.lang;
    const char *sep = nashra_text(lang, NASHRA_TEXT_LIST_SEP);
    GString *s = g_string_new(nashra_text(lang, NASHRA_TEXT_PUBLISHED_IN));
    g_string_append_c(s, ' ');
    name[0] = s->len;
    g_string_append_printf(s, MATTER_FSI "%s" MATTER_PDI, m->source);
    name[1] = s->len;
    struct {
        enum nashra_text label;
        const char *v;
    } parts[] = {{NASHRA_TEXT_VOLUME, m->source_volume},
                 {NASHRA_TEXT_ISSUE, m->source_issue},
                 {NASHRA_TEXT_PAGES_ABBR, m->source_pages}};
    for (size_t i = 0; i < G_N_ELEMENTS(parts); i++) {
        if (!parts[i].v || !*parts[i].v)
            continue;
        char *v = nashra_apply_digits(parts[i].v, m->resolved.digits);
        g_string_append_printf(s, "%s%s %s", sep, nashra_text(lang, parts[i].label), v);
        g_free(v);
    }
    if (m->source_date && *m->source_date) {
        char *d = matter_date(m, m->source_date, 0, 0, 0);
        g_string_append_printf(s, "%s%s", sep, d);
        g_free(d);
    }
    return g_string_free(s, FALSE);
}

void resolve_masthead(struct nashra_doc *doc)
{
    struct nashra_meta *m = &doc->meta;
    m->resolved.series = matter_series(m);
    m->resolved.byline = matter_byline(m);
    m->resolved.affiliations = matter_affiliations(m);
    m->resolved.date = matter_date(m, m->date, m->year, m->month, m->day);
    if (m->source && *m->source)
        m->resolved.source = matter_source(m, m->resolved.source_name);
}

GHashTable *nashra_page_vars(const struct nashra_meta *m)
{
    GHashTable *v = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    g_hash_table_insert(v, "title", g_strdup(m->title ? m->title : ""));
    /* The short title: the title up to a colon, else the whole title. */
    char *st = g_strdup(m->title ? m->title : "");
    static const char *const cuts[] = {":", "\xD8\x9B" /* ؛ */, " \xE2\x80\x94 " /* — */};
    for (size_t i = 0; i < G_N_ELEMENTS(cuts); i++) {
        char *cut = strstr(st, cuts[i]);
        if (cut && cut > st)
            *cut = '\0';
    }
    g_strstrip(st);
    g_hash_table_insert(v, "short-title", st);
    g_hash_table_insert(v, "source", g_strdup(m->source ? m->source : ""));
    g_hash_table_insert(v, "series", g_strdup(m->series ? m->series : ""));
    g_hash_table_insert(v, "number", m->number ? nashra_apply_digits(m->number, m->resolved.digits)
                                               : g_strdup(""));
    g_hash_table_insert(v, "date", g_strdup(m->resolved.date ? m->resolved.date : ""));
    return v;
}

const char *nashra_default_running_head(const struct nashra_meta *m)
{
    bool lead = (m->series && *m->series) || (m->source && *m->source);
    bool title = m->title && *m->title;
    if (m->series && *m->series)
        return title ? "{series} \u2014 {short-title}" : "{series}";
    return lead ? (title ? "{source} \u2014 {short-title}" : "{source}") : "{short-title}";
}

char *resolve_caption_label(const struct nashra_doc *doc, enum nashra_text what, int number)
{
    const char *lang = doc->meta.resolved.lang;
    char *num = nashra_format_number(number, doc->meta.resolved.digits);
    char *label = g_strdup_printf("%s %s%s", nashra_text(lang, what), num,
                                  nashra_text(lang, NASHRA_TEXT_COLON));
    g_free(num);
    return label;
}

/* Whether the text is a number: digits (any script), with signs, separators, % and spaces. */
static bool matter_numeric(const char *s)
{
    bool digit = false;
    for (; *s; s = g_utf8_next_char(s)) {
        gunichar c = g_utf8_get_char(s);
        if (g_unichar_isdigit(c))
            digit = true;
        else if ((c >= 0x80 || !strchr("+-.,% ", (int)c)) && c != 0x066B && c != 0x066C &&
                 c != 0x066A && c != 0x2212 && c != 0x060C && !(c >= 0x2066 && c <= 0x2069))
            return false;
    }
    return digit;
}

void resolve_table_numbers(struct nashra_node *table)
{
    /* Columns by index as cells give them; a column is one of numbers when every non-empty
     * body cell is one and it has such a cell. */
    GArray *numeric = g_array_new(FALSE, TRUE, sizeof(gint8)); /* 0 unseen, 1 yes, -1 no */
    bool body = false;
    for (struct nashra_node *r = table->first_child; r; r = r->next) {
        if (r->kind != NASHRA_NODE_TABLE_ROW)
            continue;
        body = body || !r->as.row.header;
        for (struct nashra_node *c = r->first_child; c; c = c->next) {
            if (c->kind != NASHRA_NODE_TABLE_CELL || c->as.cell.column < 0)
                continue;
            char *text = nashra_node_plain_text(c);
            c->as.cell.numeric = matter_numeric(text);
            guint col = (guint)c->as.cell.column;
            if (col >= numeric->len)
                g_array_set_size(numeric, col + 1);
            gint8 *v = &g_array_index(numeric, gint8, col);
            if (body && !r->as.row.header && *text)
                *v = *v >= 0 && c->as.cell.numeric ? 1 : -1;
            g_free(text);
        }
    }
    for (struct nashra_node *r = table->first_child; r; r = r->next) {
        if (r->kind != NASHRA_NODE_TABLE_ROW || r->as.row.header)
            continue;
        for (struct nashra_node *c = r->first_child; c; c = c->next)
            if (c->kind == NASHRA_NODE_TABLE_CELL && c->as.cell.column >= 0 &&
                (guint)c->as.cell.column < numeric->len)
                c->as.cell.right = c->as.cell.align == NASHRA_ALIGN_NONE &&
                                   g_array_index(numeric, gint8, c->as.cell.column) == 1;
    }
    g_array_unref(numeric);
}
