/* The page's metadata, from the front matter, for whoever reads it without reading the page:
 * Google Scholar and Zotero (Highwire Press citation_* tags), library tools (Dublin Core),
 * search engines (a schema.org ScholarlyArticle in JSON-LD). One set of facts, the ones the
 * brief's own exports (nashra cite) use: the same authors, date, and article-or-report. */
#include "render/html_int.h"

#include <stdio.h>
#include <string.h>

#include "cite/cite.h"
#include "util/url.h"

/* The names cited: the people's, else the authors'; the person (or NULL) of each. */
static void meta_authors(const struct nashra_meta *m, GPtrArray *names, GPtrArray *people)
{
    if (m->people && m->people->len) {
        for (guint i = 0; i < m->people->len; i++) {
            struct nashra_person *p = g_ptr_array_index(m->people, i);
            if (p && p->name && *p->name) {
                g_ptr_array_add(names, p->name);
                g_ptr_array_add(people, p);
            }
        }
        return;
    }
    for (guint i = 0; m->authors && i < m->authors->len; i++) {
        g_ptr_array_add(names, g_ptr_array_index(m->authors, i));
        g_ptr_array_add(people, NULL);
    }
}

/* The first and last page of "10-30" (also an en dash); false for anything else. */
static bool meta_page_range(const char *pages, char **first, char **last)
{
    const char *dash = strstr(pages, "\u2013");
    size_t dlen = 3;
    if (!dash) {
        dash = strchr(pages, '-');
        dlen = 1;
    }
    if (!dash || dash == pages || !dash[dlen])
        return false;
    *first = g_strstrip(g_strndup(pages, (gsize)(dash - pages)));
    *last = g_strstrip(g_strdup(dash + dlen));
    return true;
}

/* Whether URL is an http: or https: address, the only kind a citation manager fetches. */
static bool meta_is_http(const char *url)
{
    return url && (!g_ascii_strncasecmp(url, "http://", 7) ||
                   !g_ascii_strncasecmp(url, "https://", 8));
}

/* TEXT on one line: its line breaks and runs of spaces as one space, trimmed (a YAML block
 * summary's paragraphs and final newline). g_free. */
static char *meta_one_line(const char *text)
{
    if (!text)
        return NULL;
    GString *s = g_string_new(NULL);
    for (const char *p = text; *p; p++) {
        bool space = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
        if (!space)
            g_string_append_c(s, *p);
        else if (s->len && s->str[s->len - 1] != ' ')
            g_string_append_c(s, ' ');
    }
    if (s->len && s->str[s->len - 1] == ' ')
        g_string_truncate(s, s->len - 1);
    return g_string_free(s, FALSE);
}

/* ---- Highwire Press and Dublin Core ---- */

static void meta_highwire(const struct nashra_meta *m, GPtrArray *names, GPtrArray *people,
                          const char *date_slashed, const char *abstract, GString *out)
{
    html_meta_tag(out, "citation_title", m->title);
    for (guint i = 0; i < names->len; i++) {
        html_meta_tag(out, "citation_author", g_ptr_array_index(names, i));
        const struct nashra_person *p = g_ptr_array_index(people, i);
        if (p)
            html_meta_tag(out, "citation_author_institution", p->affiliation);
    }
    html_meta_tag(out, "citation_publication_date", date_slashed);
    if (nashra_cite_is_article(m)) {
        html_meta_tag(out, "citation_journal_title", m->source);
        html_meta_tag(out, "citation_volume", m->source_volume);
        html_meta_tag(out, "citation_issue", m->source_issue);
        char *first = NULL, *last = NULL;
        if (m->source_pages && meta_page_range(m->source_pages, &first, &last)) {
            html_meta_tag(out, "citation_firstpage", first);
            html_meta_tag(out, "citation_lastpage", last);
        } else {
            html_meta_tag(out, "citation_firstpage", m->source_pages);
        }
        g_free(first);
        g_free(last);
    } else {
        html_meta_tag(out, "citation_technical_report_institution", m->source);
        html_meta_tag(out, "citation_technical_report_number", m->number);
    }
    html_meta_tag(out, "citation_series_title", m->series);
    html_meta_tag(out, "citation_language", m->lang);
    for (guint i = 0; m->keywords && i < m->keywords->len; i++)
        html_meta_tag(out, "citation_keywords", g_ptr_array_index(m->keywords, i));
    html_meta_tag(out, "citation_abstract", abstract);
    if (meta_is_http(m->pdf_url))
        html_meta_tag(out, "citation_pdf_url", m->pdf_url);
}

static void meta_dublin_core(const struct nashra_meta *m, GPtrArray *names, const char *date_iso,
                             const char *abstract, GString *out)
{
    g_string_append(out, "<link rel=\"schema.DC\" href=\"http://purl.org/dc/elements/1.1/\">\n");
    html_meta_tag(out, "DC.title", m->title);
    for (guint i = 0; i < names->len; i++)
        html_meta_tag(out, "DC.creator", g_ptr_array_index(names, i));
    html_meta_tag(out, "DC.date", date_iso);
    /* A report's source publishes it; an article's is the journal it is in. */
    html_meta_tag(out, nashra_cite_is_article(m) ? "DC.source" : "DC.publisher", m->source);
    html_meta_tag(out, "DC.language", m->lang);
    for (guint i = 0; m->keywords && i < m->keywords->len; i++)
        html_meta_tag(out, "DC.subject", g_ptr_array_index(m->keywords, i));
    html_meta_tag(out, "DC.description", abstract);
    html_meta_tag(out, "DC.rights", m->license);
    html_meta_tag(out, "DC.type", "Text");
}

/* ---- JSON-LD ---- */

/* S as a JSON string, safe inside <script>: no "</script>" or "<!--" can be written, and
 * the line separators JavaScript once refused are escaped. */
static void meta_json_str(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '"' || c == '\\')
            g_string_append_printf(out, "\\%c", (char)c);
        else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029)
            g_string_append_printf(out, "\\u%04x", c);
        else
            g_string_append_len(out, p, g_utf8_next_char(p) - p);
    }
    g_string_append_c(out, '"');
}

/* `, "KEY": "VALUE"` unless VALUE is NULL or empty. */
static void meta_json_field(GString *out, const char *key, const char *value)
{
    if (!value || !*value)
        return;
    g_string_append_printf(out, ",\n  \"%s\": ", key);
    meta_json_str(out, value);
}

/* `{"@type": TYPE, "name": NAME, "url": URL}`, the url only when it is a web address. */
static void meta_json_thing(GString *out, const char *type, const char *name, const char *url)
{
    g_string_append_printf(out, "{\"@type\": \"%s\", \"name\": ", type);
    meta_json_str(out, name);
    if (url && nashra_url_is_web(url)) {
        g_string_append(out, ", \"url\": ");
        meta_json_str(out, url);
    }
    g_string_append_c(out, '}');
}

static void meta_json_ld(const struct nashra_meta *m, GPtrArray *names, GPtrArray *people,
                         const char *date_iso, const char *abstract, GString *out)
{
    g_string_append(out, "<script type=\"application/ld+json\">\n{\n"
                         "  \"@context\": \"https://schema.org\",\n"
                         "  \"@type\": \"ScholarlyArticle\"");
    meta_json_field(out, "headline", m->title);
    meta_json_field(out, "name", m->title);
    meta_json_field(out, "alternativeHeadline", m->subtitle);
    if (names->len) {
        g_string_append(out, ",\n  \"author\": [");
        for (guint i = 0; i < names->len; i++) {
            const struct nashra_person *p = g_ptr_array_index(people, i);
            g_string_append(out, i ? ",\n    " : "\n    ");
            g_string_append_printf(out, "{\"@type\": \"%s\", \"name\": ",
                                   p && p->institution ? "Organization" : "Person");
            meta_json_str(out, g_ptr_array_index(names, i));
            if (p && p->affiliation && *p->affiliation) {
                g_string_append(out, ", \"affiliation\": ");
                meta_json_thing(out, "Organization", p->affiliation, NULL);
            }
            g_string_append_c(out, '}');
        }
        g_string_append(out, "\n  ]");
    }
    meta_json_field(out, "datePublished", date_iso);
    meta_json_field(out, "inLanguage", m->lang);
    if (m->keywords && m->keywords->len) {
        g_string_append(out, ",\n  \"keywords\": [");
        for (guint i = 0; i < m->keywords->len; i++) {
            if (i)
                g_string_append(out, ", ");
            meta_json_str(out, g_ptr_array_index(m->keywords, i));
        }
        g_string_append_c(out, ']');
    }
    meta_json_field(out, "abstract", abstract);
    meta_json_field(out, "license", m->license);
    if (m->source && *m->source) {
        if (nashra_cite_is_article(m)) {
            g_string_append(out, ",\n  \"isPartOf\": ");
            meta_json_thing(out, "Periodical", m->source, m->source_url);
            meta_json_field(out, "volumeNumber", m->source_volume);
            meta_json_field(out, "issueNumber", m->source_issue);
            meta_json_field(out, "pagination", m->source_pages);
        } else {
            g_string_append(out, ",\n  \"publisher\": ");
            meta_json_thing(out, "Organization", m->source, m->source_url);
        }
    }
    if (m->series && *m->series && !nashra_cite_is_article(m)) {
        g_string_append(out, ",\n  \"isPartOf\": ");
        meta_json_thing(out, "CreativeWorkSeries", m->series, NULL);
        meta_json_field(out, "position", m->number);
    }
    if (meta_is_http(m->pdf_url)) {
        g_string_append(out, ",\n  \"encoding\": {\"@type\": \"MediaObject\", "
                             "\"encodingFormat\": \"application/pdf\", \"contentUrl\": ");
        meta_json_str(out, m->pdf_url);
        g_string_append_c(out, '}');
    }
    g_string_append(out, "\n}\n</script>\n");
}

void html_metadata(const struct nashra_doc *doc, GString *out)
{
    const struct nashra_meta *m = &doc->meta;
    GPtrArray *names = g_ptr_array_new(), *people = g_ptr_array_new();
    meta_authors(m, names, people);
    if (names->len) {
        GString *all = g_string_new(NULL);
        for (guint i = 0; i < names->len; i++)
            g_string_append_printf(all, "%s%s", i ? ", " : "",
                                   (const char *)g_ptr_array_index(names, i));
        html_meta_tag(out, "author", all->str);
        g_string_free(all, TRUE);
    }
    if (m->keywords && m->keywords->len) {
        char **kw = g_new0(char *, m->keywords->len + 1);
        for (guint i = 0; i < m->keywords->len; i++)
            kw[i] = g_ptr_array_index(m->keywords, i);
        char *joined = g_strjoinv(", ", kw);
        html_meta_tag(out, "keywords", joined);
        g_free(joined);
        g_free(kw);
    }
    char *abstract = meta_one_line(m->summary);
    html_meta_tag(out, "description", abstract);
    /* Only a brief with a title is cited (nashra cite refuses one without). */
    if (m->title && *m->title) {
        int y, mo, d;
        nashra_cite_date(m, &y, &mo, &d);
        char slashed[40] = "", iso[40] = "";
        if (y > 0 && mo > 0 && d > 0) {
            snprintf(slashed, sizeof slashed, "%04d/%02d/%02d", y, mo, d);
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, mo, d);
        } else if (y > 0 && mo > 0) {
            snprintf(slashed, sizeof slashed, "%04d/%02d", y, mo);
            snprintf(iso, sizeof iso, "%04d-%02d", y, mo);
        } else if (y > 0) {
            snprintf(slashed, sizeof slashed, "%04d", y);
            snprintf(iso, sizeof iso, "%04d", y);
        }
        meta_highwire(m, names, people, slashed, abstract, out);
        meta_dublin_core(m, names, iso, abstract, out);
        meta_json_ld(m, names, people, iso, abstract, out);
    }
    g_free(abstract);
    g_ptr_array_free(names, TRUE);
    g_ptr_array_free(people, TRUE);
}
