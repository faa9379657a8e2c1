/* Dev driver: renders a brief file with a template, to see the masthead, running heads and
 * boxes. usage: render_brief FILE.md TEMPLATE OUT-PREFIX [CITATION]
 * Writes OUT-PREFIX.pdf and OUT-PREFIX-N.png (70 dpi). Until the front-matter parser fills the
 * brief's fields, this fills the simple ones (series, number, summary, license, digits,
 * paragraph-numbers, body-digits, authors' affiliations, source issue and date) from the file
 * itself, line by line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"
#include "resolve/resolve.h"
#include "render/render.h"
#include "template/template.h"

static char *value(const char *line, const char *key)
{
    size_t n = strlen(key);
    const char *p = line;
    while (*p == ' ')
        p++;
    if (p[0] == '-' && p[1] == ' ')
        p += 2;
    if (strncmp(p, key, n) != 0 || p[n] != ':')
        return NULL;
    char *v = g_strstrip(g_strdup(p + n + 1));
    size_t l = strlen(v);
    if (l >= 2 && v[0] == '"' && v[l - 1] == '"') {
        memmove(v, v + 1, l - 2);
        v[l - 2] = '\0';
    }
    return v;
}

static void overlay(const char *src, struct nashra_meta *m)
{
    if (strncmp(src, "---\n", 4) != 0)
        return;
    const char *end = strstr(src + 4, "\n---\n");
    char *fm = g_strndup(src + 4, end ? (gsize)(end - src - 4) : 0);
    char **lines = g_strsplit(fm, "\n", -1);
    bool in_source = false, in_authors = false;
    struct nashra_person *cur = NULL;
    for (int i = 0; lines[i]; i++) {
        const char *ln = lines[i];
        if (ln[0] != ' ') {
            in_source = g_str_has_prefix(ln, "source:");
            in_authors = g_str_has_prefix(ln, "authors:");
        }
        char *v;
        if (ln[0] != ' ' && (v = value(ln, "series")))
            g_free(m->series), m->series = v;
        else if (ln[0] != ' ' && (v = value(ln, "number")))
            g_free(m->number), m->number = v;
        else if (ln[0] != ' ' && (v = value(ln, "license")))
            g_free(m->license), m->license = v;
        else if (ln[0] != ' ' && (v = value(ln, "paragraph-numbers")))
            m->paragraph_numbers = !strcmp(v, "true"), g_free(v);
        else if (ln[0] != ' ' && (v = value(ln, "body-digits")))
            m->body_digits = !strcmp(v, "true"), g_free(v);
        else if (ln[0] != ' ' && (v = value(ln, "digits"))) {
            m->digits = !strcmp(v, "latin")      ? NASHRA_DIGITS_LATIN
                        : !strcmp(v, "persian")  ? NASHRA_DIGITS_PERSIAN
                        : !strcmp(v, "arabic")   ? NASHRA_DIGITS_ARABIC_INDIC
                                                 : NASHRA_DIGITS_DEFAULT;
            g_free(v);
        } else if (ln[0] != ' ' && (v = value(ln, "summary"))) {
            GString *s = g_string_new(strcmp(v, "|") ? v : "");
            while (!strcmp(v, "|") && lines[i + 1] && lines[i + 1][0] == ' ') {
                if (s->len)
                    g_string_append_c(s, '\n');
                g_string_append(s, g_strstrip(lines[++i]));
            }
            g_free(v);
            g_free(m->summary);
            m->summary = g_string_free(s, FALSE);
        } else if (in_source && (v = value(ln, "issue")))
            g_free(m->source_issue), m->source_issue = v;
        else if (in_source && (v = value(ln, "date")))
            g_free(m->source_date), m->source_date = v;
        else if (in_authors && (v = value(ln, "name"))) {
            cur = nashra_person_new(v);
            g_ptr_array_add(m->people, cur);
            g_free(v);
        } else if (in_authors && cur && (v = value(ln, "affiliation")))
            g_free(cur->affiliation), cur->affiliation = v;
    }
    g_strfreev(lines);
    g_free(fm);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: render_brief FILE.md TEMPLATE OUT-PREFIX [CITATION]\n");
        return 2;
    }
    gchar *src = NULL;
    gsize len = 0;
    if (!g_file_get_contents(argv[1], &src, &len, NULL))
        return 1;
    struct nashra_diag diag;
    nashra_diag_init(&diag, argv[1], src, len);
    struct nashra_parse_options po = {0};
    struct nashra_doc *doc = nashra_parse(src, len, &po, &diag);
    nashra_resolve(doc, &diag);
    if (!doc->meta.people)
        doc->meta.people = g_ptr_array_new_with_free_func((GDestroyNotify)nashra_person_free);
    if (!doc->meta.series && doc->meta.people->len == 0)
        overlay(src, &doc->meta);
    struct nashra_diag tdiag;
    nashra_diag_init(&tdiag, argv[2], NULL, 0);
    struct nashra_template *t = nashra_template_load(argv[2], &tdiag);
    if (!t)
        return 1;
    struct nashra_style st;
    nashra_template_apply(t, &st);
    char *dir = g_path_get_dirname(argv[1]);
    st.base_dir = dir;
    st.citation = argc > 4 ? argv[4] : NULL;
    struct nashra_pages *pages = nashra_layout(doc, nashra_render_new_context, &st, &diag);
    if (!pages)
        return 1;
    char *pdf = g_strdup_printf("%s.pdf", argv[3]);
    FILE *f = fopen(pdf, "wb");
    struct nashra_render_info info = {.meta = &doc->meta, .epoch = -1};
    int rc = f ? nashra_render_pdf(pages, &info, f) : -1;
    if (f)
        fclose(f);
    for (guint p = 0; p < pages->pages->len; p++) {
        char *name = g_strdup_printf("%s-%u.png", argv[3], p + 1);
        FILE *g = fopen(name, "wb");
        if (g) {
            nashra_render_png_page(pages, (int)p, 70, g);
            fclose(g);
        }
        g_free(name);
    }
    printf("%u pages, %d unknown glyphs\n", pages->pages->len, pages->unknown_glyphs);
    nashra_pages_free(pages);
    nashra_template_free(t);
    nashra_doc_free(doc);
    g_free(pdf);
    g_free(dir);
    g_free(src);
    return rc ? 1 : 0;
}
