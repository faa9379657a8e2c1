/* The brief's citations and references through the CSL processor (src/csl/): the style the
 * front matter names, one engine in the brief's language and one in English for works in Latin
 * script within a brief in another script, and what CSL engines leave to the user: the brief's
 * digits and Arabic punctuation. */
#include "cite/cite.h"

#include <string.h>

#include <gio/gio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "csl/csl.h"
#include "util/l10n.h"

/* The names nashra has always taken, and the CSL styles they are. */
static const struct {
    const char *name, *file;
} cite_aliases[] = {
    {"chicago", "chicago-author-date"},
    {"chicago-notes", "chicago-note-bibliography"},
    {"apa", "apa"},
};

const char *nashra_cite_csl_dir(void)
{
    const char *d = g_getenv("NASHRA_CSL_DIR");
    return d && *d ? d : "/usr/share/citation-style-language";
}

static char *cite_read_style_file(const char *path, gsize *len)
{
    char *text = NULL;
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR) || !g_file_get_contents(path, &text, len, NULL))
        return NULL;
    return text;
}

/* The style file for NAME (letters, digits, hyphens): Debian's, else the built-in one. */
static char *cite_style_by_name(const char *name, gsize *len, bool *builtin)
{
    *builtin = false;
    for (const char *p = name; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '-')
            return NULL;
    char *file = g_strconcat(name, ".csl", NULL);
    char *path = g_build_filename(nashra_cite_csl_dir(), "styles", file, NULL);
    char *text = cite_read_style_file(path, len);
    g_free(path);
    if (!text) {
        path = g_build_filename(nashra_cite_csl_dir(), "styles", "dependent", file, NULL);
        text = cite_read_style_file(path, len);
        g_free(path);
    }
    if (!text) {
        char *res = g_strconcat("/org/nashra/csl/styles/", file, NULL);
        GBytes *b = g_resources_lookup_data(res, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
        g_free(res);
        if (b) {
            gsize n;
            const char *d = g_bytes_get_data(b, &n);
            text = g_strndup(d, n);
            *len = n;
            *builtin = true;
            g_bytes_unref(b);
        }
    }
    g_free(file);
    return text;
}

/* A dependent style names its parent ("…/styles/apa") and may set a default locale. */
static char *cite_dependent_parent(const char *xml, gsize len, char **locale)
{
    *locale = NULL;
    if (!g_strstr_len(xml, (gssize)len, "independent-parent"))
        return NULL;
    xmlDocPtr d = xmlReadMemory(xml, (int)MIN(len, (gsize)G_MAXINT), NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!d)
        return NULL;
    char *parent = NULL;
    xmlNodePtr root = xmlDocGetRootElement(d);
    xmlChar *dl = root ? xmlGetProp(root, (const xmlChar *)"default-locale") : NULL;
    if (dl) {
        *locale = g_strdup((const char *)dl);
        xmlFree(dl);
    }
    for (xmlNodePtr info = root ? root->children : NULL; info && !parent; info = info->next) {
        if (info->type != XML_ELEMENT_NODE || strcmp((const char *)info->name, "info") != 0)
            continue;
        for (xmlNodePtr l = info->children; l && !parent; l = l->next) {
            if (l->type != XML_ELEMENT_NODE || strcmp((const char *)l->name, "link") != 0)
                continue;
            xmlChar *rel = xmlGetProp(l, (const xmlChar *)"rel");
            xmlChar *href = xmlGetProp(l, (const xmlChar *)"href");
            if (rel && href && strcmp((const char *)rel, "independent-parent") == 0) {
                const char *slash = strrchr((const char *)href, '/');
                parent = g_strdup(slash ? slash + 1 : (const char *)href);
            }
            xmlFree(rel);
            xmlFree(href);
        }
    }
    xmlFreeDoc(d);
    return parent;
}

struct nashra_csl_style *nashra_cite_style_load(const struct nashra_meta *m, char **used,
                                                char **locale, GError **error)
{
    *used = NULL;
    *locale = NULL;
    const char *want = m->citation_style && *m->citation_style ? m->citation_style : "chicago";
    char *xml = NULL;
    gsize len = 0;
    bool builtin = false;
    if (m->citation_style_file) {
        if (!m->citation_style_xml) {
            g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_STYLE,
                        "citation style '%s' could not be read", want);
            return NULL;
        }
        xml = g_strdup(m->citation_style_xml);
        len = strlen(xml);
        *used = g_strdup(want);
    } else {
        char *name = g_ascii_strdown(want, -1);
        const char *file = name;
        for (size_t i = 0; i < G_N_ELEMENTS(cite_aliases); i++)
            if (strcmp(name, cite_aliases[i].name) == 0)
                file = cite_aliases[i].file;
        xml = cite_style_by_name(file, &len, &builtin);
        if (!xml) {
            g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_STYLE,
                        "unknown citation style '%s' (not a style in %s/styles, nor chicago, "
                        "chicago-notes or apa)", want, nashra_cite_csl_dir());
            g_free(name);
            return NULL;
        }
        *used = builtin ? g_strconcat(file, " (built-in)", NULL) : g_strdup(file);
        g_free(name);
    }
    /* One level only: a dependent style's parent is independent. */
    char *parent = cite_dependent_parent(xml, len, locale);
    if (parent) {
        g_free(xml);
        xml = cite_style_by_name(parent, &len, &builtin);
        if (!xml) {
            g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_STYLE,
                        "citation style '%s' depends on '%s', which is not installed", want,
                        parent);
            g_free(parent);
            g_free(*used);
            *used = NULL;
            return NULL;
        }
        g_free(parent);
    }
    struct nashra_csl_style *style = nashra_csl_style_parse(xml, len, error);
    g_free(xml);
    if (!style) {
        /* "line 1: …" is the style file's line: say which file. */
        g_prefix_error(error, "citation style '%s': ", want);
        g_free(*used);
        *used = NULL;
        g_free(*locale);
        *locale = NULL;
    }
    return style;
}

/* ---- the processor over a brief's works ---- */

struct cite_engine {
    struct nashra_csl_engine *e;
    bool native;                   /* the brief's language: its digits and punctuation */
    bool arabic;                   /* an Arabic-script language: the style's marks in it */
    bool urdu;                     /* and its full stop is "۔" */
};

struct nashra_cite_proc {
    struct nashra_csl_style *style;
    char *style_name;
    char *locales_dir;
    GPtrArray *items;              /* struct nashra_csl_item * */
    GHashTable *ref_of;            /* item id → const struct nashra_ref * */
    struct cite_engine native, foreign;
    enum nashra_digits digits;     /* of the native engine's output */
    GHashTable *foreign_refs;      /* refs written in the foreign engine's language */
};

static char *cite_locale(const char *lang, gsize *len, void *data)
{
    const char *dir = data;
    char *xml = dir ? nashra_csl_locale_from_dir(lang, len, (void *)dir) : NULL;
    return xml ? xml : nashra_csl_locale_builtin(lang, len, NULL);
}

/* The items' CSL-JSON as one array. */
static GPtrArray *cite_items(const struct nashra_meta *m, GError **error)
{
    GString *json = g_string_new("[");
    for (guint i = 0; i < m->references->len; i++) {
        const struct nashra_ref *r = g_ptr_array_index(m->references, i);
        if (!r->csl_json)
            continue;
        if (json->len > 1)
            g_string_append_c(json, ',');
        g_string_append(json, r->csl_json);
    }
    g_string_append_c(json, ']');
    GPtrArray *items = nashra_csl_items_parse(json->str, json->len, error);
    g_string_free(json, TRUE);
    return items;
}

static bool cite_lang_arabic_script(const char *lang)
{
    return nashra_lang_is_arabic_script(lang);
}

static struct nashra_csl_engine *cite_engine_new(struct nashra_cite_proc *p, const char *lang,
                                                 bool force, bool native, GError **error)
{
    struct nashra_csl_engine *e = nashra_csl_engine_new(p->style, lang, force, cite_locale,
                                                        p->locales_dir, error);
    if (!e)
        return NULL;
    nashra_csl_engine_add_items(e, p->items);
    /* Arabic names file without their article in every brief (Latin words never start so). */
    (void)native;
    nashra_csl_engine_set_ignore_arabic_article(e, true);
    return e;
}

/* A processor for M's style with ITEMS (taken) and its engine in the brief's language; *LOCALE:
 * a dependent style's default locale or NULL (g_free). NULL on an error. */
static struct nashra_cite_proc *cite_proc_open(const struct nashra_meta *m, GPtrArray *items,
                                               char **locale, GError **error)
{
    struct nashra_cite_proc *p = g_new0(struct nashra_cite_proc, 1);
    p->items = items;
    p->style = nashra_cite_style_load(m, &p->style_name, locale, error);
    char *dir = g_build_filename(nashra_cite_csl_dir(), "locales", NULL);
    p->locales_dir = g_file_test(dir, G_FILE_TEST_IS_DIR) ? dir : (g_free(dir), NULL);
    if (!p->style || !p->items) {
        nashra_cite_proc_free(p);
        return NULL;
    }
    /* The brief's language wins over the style's default locale when the brief says or shows
     * which it is; a dependent style's locale comes next. */
    const char *lang = m->resolved.lang ? m->resolved.lang : "en";
    bool force = m->lang || nashra_lang_is_rtl(lang) || !*locale;
    p->digits = m->resolved.digits ? m->resolved.digits : NASHRA_DIGITS_LATIN;
    p->native.native = true;
    p->native.arabic = cite_lang_arabic_script(lang);
    p->native.urdu = !strcmp(lang, "ur") || g_str_has_prefix(lang, "ur-");
    p->native.e = cite_engine_new(p, force ? lang : *locale, true, true, error);
    if (!p->native.e) {
        nashra_cite_proc_free(p);
        return NULL;
    }
    return p;
}

struct nashra_cite_proc *nashra_cite_proc_new(const struct nashra_meta *m, GError **error)
{
    char *locale = NULL;
    GPtrArray *items = cite_items(m, error);
    struct nashra_cite_proc *p = items ? cite_proc_open(m, items, &locale, error) : NULL;
    if (!p) {
        g_free(locale);
        return NULL;
    }
    p->ref_of = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < m->references->len; i++) {
        const struct nashra_ref *r = g_ptr_array_index(m->references, i);
        if (!g_hash_table_contains(p->ref_of, r->id))
            g_hash_table_insert(p->ref_of, r->id, (gpointer)r);
    }
    /* Works in Latin script within a brief in another script are written in English. */
    p->foreign_refs = g_hash_table_new(g_direct_hash, g_direct_equal);
    if (nashra_lang_is_rtl(m->resolved.lang ? m->resolved.lang : "en")) {
        for (guint i = 0; i < m->references->len; i++) {
            const struct nashra_ref *r = g_ptr_array_index(m->references, i);
            if (nashra_ref_is_latin(r))
                g_hash_table_add(p->foreign_refs, (gpointer)r);
        }
        if (g_hash_table_size(p->foreign_refs)) {
            p->foreign.e = cite_engine_new(p, locale ? locale : "en-US", locale != NULL, false,
                                           error);
            if (!p->foreign.e) {
                g_free(locale);
                nashra_cite_proc_free(p);
                return NULL;
            }
        }
    }
    g_free(locale);
    return p;
}

void nashra_cite_proc_free(struct nashra_cite_proc *p)
{
    if (!p)
        return;
    if (p->native.e)
        nashra_csl_engine_free(p->native.e);
    if (p->foreign.e)
        nashra_csl_engine_free(p->foreign.e);
    if (p->items)
        g_ptr_array_unref(p->items);
    if (p->ref_of)
        g_hash_table_unref(p->ref_of);
    if (p->foreign_refs)
        g_hash_table_unref(p->foreign_refs);
    nashra_csl_style_free(p->style);
    g_free(p->style_name);
    g_free(p->locales_dir);
    g_free(p);
}

bool nashra_cite_proc_is_note(const struct nashra_cite_proc *p)
{
    return nashra_csl_style_is_note(p->style);
}

const char *nashra_cite_proc_style_name(const struct nashra_cite_proc *p)
{
    return p->style_name;
}

void nashra_cite_rich_clear(struct nashra_cite_rich *r)
{
    g_free(r->text);
    if (r->spans)
        g_array_unref(r->spans);
    r->text = NULL;
    r->spans = NULL;
}

/* OUT's text and spans; in the brief's digits for the native engine, except in links (a URL's
 * or DOI's digits are part of an address). */
/* Whether the work with item id ID is written in the foreign engine's language (DATA: the
 * processor). */
static bool cite_id_foreign(const char *id, void *data)
{
    const struct nashra_cite_proc *p = data;
    const struct nashra_ref *r = p ? g_hash_table_lookup(p->ref_of, id) : NULL;
    return r && g_hash_table_contains(p->foreign_refs, r);
}

static void cite_rich_from(const struct nashra_cite_proc *p, const struct cite_engine *ce,
                           enum nashra_digits digits, struct nashra_csl_out *out,
                           struct nashra_cite_rich *r)
{
    /* A Latin work cited with Arabic ones keeps its own punctuation and digits. */
    if (ce->arabic)
        nashra_csl_out_arabic_punctuation(out, p && p->foreign_refs ? cite_id_foreign : NULL,
                                          (void *)p, ce->urdu);
    r->spans = g_array_new(FALSE, FALSE, sizeof(struct nashra_csl_span));
    char *text = nashra_csl_out_marked(out, r->spans);
    if (!ce->native || digits == NASHRA_DIGITS_LATIN || digits == NASHRA_DIGITS_DEFAULT) {
        r->text = text;
        return;
    }
    gsize len = strlen(text);
    bool *in_link = g_new0(bool, len + 1);
    for (guint i = 0; i < r->spans->len; i++) {
        const struct nashra_csl_span *s = &g_array_index(r->spans, struct nashra_csl_span, i);
        if ((s->flags & NASHRA_CSL_LINK) ||
            ((s->flags & NASHRA_CSL_CITE) && p && p->foreign_refs && s->id &&
             cite_id_foreign(s->id, (void *)p)))
            for (gsize k = s->start; k < s->end && k < len; k++)
                in_link[k] = true;
    }
    /* Numbers inside a Latin token ("E/ESCWA/2022/4", "ISBN-13") are part of it. */
    for (gsize k = 0; k < len;) {
        gsize e = k;
        bool latin = false;
        while (e < len && text[e] != ' ') {
            gunichar c = g_utf8_get_char(text + e);
            latin = latin || (g_unichar_isalpha(c) &&
                              g_unichar_get_script(c) == G_UNICODE_SCRIPT_LATIN);
            e = (gsize)(g_utf8_next_char(text + e) - text);
        }
        if (latin)
            for (gsize i = k; i < e; i++)
                in_link[i] = true;
        k = e + 1;
    }
    gsize *map = g_new(gsize, len + 1);
    GString *o = g_string_sized_new(len + len / 2);
    for (gsize k = 0; k <= len; k++) {
        map[k] = o->len;
        if (k == len)
            break;
        if (text[k] >= '0' && text[k] <= '9' && !in_link[k]) {
            char d[2] = {text[k], 0};
            char *w = nashra_apply_digits(d, digits);
            g_string_append(o, w);
            g_free(w);
        } else {
            g_string_append_c(o, text[k]);
        }
    }
    for (guint i = 0; i < r->spans->len; i++) {
        struct nashra_csl_span *s = &g_array_index(r->spans, struct nashra_csl_span, i);
        s->start = map[MIN(s->start, len)];
        s->end = map[MIN(s->end, len)];
    }
    g_free(map);
    g_free(in_link);
    g_free(text);
    r->text = g_string_free(o, FALSE);
}

/* A locator as written ("p. 12", "pp. 3–5", "ch. 2", "ص ١٢", "12") as CSL's label and value. */
void nashra_cite_locator_split(const char *written, const char **label, char **value)
{
    static const struct {
        const char *prefix, *label;
    } labels[] = {
        {"pp.", "page"},      {"p.", "page"},       {"pages", "page"},   {"page", "page"},
        {"chaps.", "chapter"}, {"chap.", "chapter"}, {"ch.", "chapter"}, {"chapter", "chapter"},
        {"secs.", "section"}, {"sec.", "section"},  {"section", "section"}, {"§§", "section"},
        {"§", "section"},     {"paras.", "paragraph"}, {"para.", "paragraph"}, {"¶", "paragraph"},
        {"vols.", "volume"},  {"vol.", "volume"},   {"figs.", "figure"}, {"fig.", "figure"},
        {"nn.", "note"},      {"n.", "note"},       {"ll.", "line"},     {"l.", "line"},
        {"tbl.", "table"},    {"table", "table"},
        /* Arabic: ص (page), ص ص, صفحة; فصل (chapter); فقرة (paragraph); مجلد (volume) */
        {"\u0635 \u0635", "page"}, {"\u0635\u0635", "page"}, {"\u0635\u0641\u062D\u0629", "page"},
        {"\u0635.", "page"},  {"\u0635", "page"},   {"\u0641\u0635\u0644", "chapter"},
        {"\u0641\u0642\u0631\u0629", "paragraph"}, {"\u0645\u062C\u0644\u062F", "volume"},
    };
    const char *s = written ? written : "";
    while (*s == ' ')
        s++;
    *label = "page";
    for (size_t i = 0; i < G_N_ELEMENTS(labels); i++) {
        size_t n = strlen(labels[i].prefix);
        if (strncmp(s, labels[i].prefix, n) == 0 &&
            (s[n] == ' ' || s[n] == '\0' || (s[n] >= '0' && s[n] <= '9') ||
             (unsigned char)s[n] >= 0xC0)) {
            *label = labels[i].label;
            s += n;
            break;
        }
    }
    while (*s == ' ')
        s++;
    /* Arabic-Indic and Persian digits back to ASCII: CSL reads numbers, nashra writes them in
     * the brief's digits again. */
    GString *v = g_string_new(NULL);
    for (const char *q = s; *q; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if (c >= 0x660 && c <= 0x669)
            g_string_append_c(v, (char)('0' + (c - 0x660)));
        else if (c >= 0x6F0 && c <= 0x6F9)
            g_string_append_c(v, (char)('0' + (c - 0x6F0)));
        else
            g_string_append_unichar(v, c);
    }
    *value = g_string_free(v, FALSE);
}

/* Whether every work a call cites is written in the foreign engine's language. */
static bool cite_call_foreign(const struct nashra_cite_proc *p, const struct nashra_cite_call *c)
{
    if (!p->foreign.e || !c->n)
        return false;
    for (guint i = 0; i < c->n; i++)
        if (!g_hash_table_contains(p->foreign_refs, c->items[i].ref))
            return false;
    return true;
}

static GPtrArray *cite_run(struct nashra_cite_proc *p, struct nashra_csl_engine *e,
                           const struct nashra_cite_call *calls, guint n)
{
    struct nashra_csl_citation *cs = g_new0(struct nashra_csl_citation, MAX(n, 1));
    GPtrArray *owned = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < n; i++) {
        struct nashra_csl_cite *items = g_new0(struct nashra_csl_cite, MAX(calls[i].n, 1));
        g_ptr_array_add(owned, items);
        for (guint k = 0; k < calls[i].n; k++) {
            const struct nashra_cite_call_item *it = &calls[i].items[k];
            items[k].id = it->ref->id;
            if (it->locator && *it->locator) {
                char *value;
                nashra_cite_locator_split(it->locator, &items[k].label, &value);
                g_ptr_array_add(owned, value);
                items[k].locator = value;
            }
        }
        cs[i].items = items;
        cs[i].n_items = calls[i].n;
        cs[i].note_index = calls[i].note_index;
    }
    (void)p;
    GPtrArray *outs = nashra_csl_engine_cite(e, cs, n, NULL);
    g_ptr_array_unref(owned);
    g_free(cs);
    return outs;
}

/* The position in R's text after the replacements REPS (pairs of native range, foreign text
 * length) that POS falls after. */
struct cite_rep {
    gsize a, b;             /* replaced range of the native text */
    gsize fa, fb;           /* the foreign text put there */
};

static gsize cite_map_pos(const GArray *reps, gsize pos)
{
    gssize delta = 0;
    for (guint i = 0; i < reps->len; i++) {
        const struct cite_rep *r = &g_array_index(reps, struct cite_rep, i);
        if (pos >= r->b)
            delta += (gssize)(r->fb - r->fa) - (gssize)(r->b - r->a);
    }
    return (gsize)((gssize)pos + delta);
}

/* A citation of Arabic and Latin works (native NAT): each Latin work's cite as the foreign
 * engine wrote it (FOR), in its own terms ("et al.", "p."), punctuation and digits; the
 * brackets and separators stay the brief's. */
static void cite_merge_foreign(const struct nashra_cite_proc *p, struct nashra_cite_rich *nat,
                               const struct nashra_cite_rich *forn)
{
    GArray *reps = g_array_new(FALSE, FALSE, sizeof(struct cite_rep));
    GHashTable *used = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < nat->spans->len; i++) {
        const struct nashra_csl_span *s = &g_array_index(nat->spans, struct nashra_csl_span, i);
        if (!(s->flags & NASHRA_CSL_CITE) || !s->id || !cite_id_foreign(s->id, (void *)p))
            continue;
        for (guint k = 0; k < forn->spans->len; k++) {
            const struct nashra_csl_span *f =
                &g_array_index(forn->spans, struct nashra_csl_span, k);
            if (!(f->flags & NASHRA_CSL_CITE) || !f->id || strcmp(f->id, s->id) != 0 ||
                g_hash_table_contains(used, GUINT_TO_POINTER(k + 1)))
                continue;
            g_hash_table_add(used, GUINT_TO_POINTER(k + 1));
            struct cite_rep r = {s->start, s->end, f->start, f->end};
            g_array_append_val(reps, r);
            break;
        }
    }
    if (!reps->len) {
        g_hash_table_unref(used);
        g_array_unref(reps);
        return;
    }
    /* In text order, for the mapping and the copy. */
    for (guint i = 1; i < reps->len; i++)
        for (guint j = i; j > 0 && g_array_index(reps, struct cite_rep, j - 1).a >
                                       g_array_index(reps, struct cite_rep, j).a; j--) {
            struct cite_rep t = g_array_index(reps, struct cite_rep, j);
            g_array_index(reps, struct cite_rep, j) = g_array_index(reps, struct cite_rep, j - 1);
            g_array_index(reps, struct cite_rep, j - 1) = t;
        }
    GString *text = g_string_new(NULL);
    GArray *spans = g_array_new(FALSE, FALSE, sizeof(struct nashra_csl_span));
    gsize at = 0;
    for (guint i = 0; i < reps->len; i++) {
        const struct cite_rep *r = &g_array_index(reps, struct cite_rep, i);
        g_string_append_len(text, nat->text + at, (gssize)(r->a - at));
        gsize base = text->len;
        g_string_append_len(text, forn->text + r->fa, (gssize)(r->fb - r->fa));
        for (guint k = 0; k < forn->spans->len; k++) {
            struct nashra_csl_span f = g_array_index(forn->spans, struct nashra_csl_span, k);
            if (f.start < r->fa || f.end > r->fb)
                continue;
            f.start = f.start - r->fa + base;
            f.end = f.end - r->fa + base;
            g_array_append_val(spans, f);
        }
        at = r->b;
    }
    g_string_append(text, nat->text + at);
    for (guint i = 0; i < nat->spans->len; i++) {
        struct nashra_csl_span s = g_array_index(nat->spans, struct nashra_csl_span, i);
        bool inside = false;
        for (guint k = 0; k < reps->len && !inside; k++) {
            const struct cite_rep *r = &g_array_index(reps, struct cite_rep, k);
            inside = s.start >= r->a && s.end <= r->b;
        }
        if (inside)
            continue;
        s.start = cite_map_pos(reps, s.start);
        s.end = cite_map_pos(reps, s.end);
        g_array_append_val(spans, s);
    }
    g_free(nat->text);
    g_array_unref(nat->spans);
    nat->text = g_string_free(text, FALSE);
    nat->spans = spans;
    g_hash_table_unref(used);
    g_array_unref(reps);
}

static bool cite_call_mixed(const struct nashra_cite_proc *p, const struct nashra_cite_call *c)
{
    if (!p->foreign.e)
        return false;
    for (guint i = 0; i < c->n; i++)
        if (g_hash_table_contains(p->foreign_refs, c->items[i].ref))
            return true;
    return false;
}

void nashra_cite_proc_cite(struct nashra_cite_proc *p, const struct nashra_cite_call *calls,
                           guint n, struct nashra_cite_rich *out)
{
    /* Both engines see every citation, so positions and disambiguation agree. */
    GPtrArray *native = cite_run(p, p->native.e, calls, n);
    GPtrArray *foreign = p->foreign.e ? cite_run(p, p->foreign.e, calls, n) : NULL;
    for (guint i = 0; i < n; i++) {
        bool f = foreign && cite_call_foreign(p, &calls[i]);
        GPtrArray *from = f ? foreign : native;
        if (i < from->len) {
            cite_rich_from(p, f ? &p->foreign : &p->native, p->digits,
                           g_ptr_array_index(from, i), &out[i]);
            if (!f && foreign && i < foreign->len && cite_call_mixed(p, &calls[i])) {
                struct nashra_cite_rich fr = {0};
                cite_rich_from(p, &p->foreign, p->digits, g_ptr_array_index(foreign, i), &fr);
                cite_merge_foreign(p, &out[i], &fr);
                nashra_cite_rich_clear(&fr);
            }
        } else
            out[i] = (struct nashra_cite_rich){g_strdup(""),
                                               g_array_new(FALSE, FALSE,
                                                           sizeof(struct nashra_csl_span))};
    }
    g_ptr_array_unref(native);
    if (foreign)
        g_ptr_array_unref(foreign);
}

static void cite_entry_free(gpointer data)
{
    struct nashra_cite_entry *e = data;
    nashra_cite_rich_clear(&e->rich);
    g_free(e);
}

GPtrArray *nashra_cite_proc_bibliography(struct nashra_cite_proc *p)
{
    GPtrArray *entries = g_ptr_array_new_with_free_func(cite_entry_free);
    GPtrArray *ids = g_ptr_array_new();
    GPtrArray *native = nashra_csl_engine_bibliography(p->native.e, false, ids);
    if (!native) {
        g_ptr_array_unref(ids);
        return entries;
    }
    /* The native engine's order; each entry in its own work's language. */
    GHashTable *foreign_text = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *fids = g_ptr_array_new(), *foreign = NULL;
    if (p->foreign.e) {
        foreign = nashra_csl_engine_bibliography(p->foreign.e, false, fids);
        for (guint i = 0; foreign && i < foreign->len && i < fids->len; i++)
            g_hash_table_insert(foreign_text, g_ptr_array_index(fids, i),
                                g_ptr_array_index(foreign, i));
    }
    for (guint i = 0; i < native->len && i < ids->len; i++) {
        const char *id = g_ptr_array_index(ids, i);
        const struct nashra_ref *r = g_hash_table_lookup(p->ref_of, id);
        if (!r)
            continue;
        struct nashra_cite_entry *e = g_new0(struct nashra_cite_entry, 1);
        e->ref = r;
        struct nashra_csl_out *f = g_hash_table_contains(p->foreign_refs, r)
                                             ? g_hash_table_lookup(foreign_text, id)
                                             : NULL;
        if (f)
            cite_rich_from(p, &p->foreign, p->digits, f, &e->rich);
        else
            cite_rich_from(p, &p->native, p->digits, g_ptr_array_index(native, i), &e->rich);
        g_ptr_array_add(entries, e);
    }
    if (foreign)
        g_ptr_array_unref(foreign);
    g_ptr_array_unref(fids);
    g_hash_table_unref(foreign_text);
    g_ptr_array_unref(native);
    g_ptr_array_unref(ids);
    return entries;
}

void nashra_cite_proc_bib_options(const struct nashra_cite_proc *p, bool *hanging_indent)
{
    struct nashra_csl_bib_options o;
    nashra_csl_engine_bib_options(p->native.e, &o);
    /* A number in a margin of its own (second-field-align) reads best hung too. */
    *hanging_indent = o.hanging_indent || o.second_field_align != NASHRA_CSL_ALIGN_NONE;
}

char *nashra_cite_proc_item_text(const struct nashra_meta *m, const char *items_json)
{
    char *locale = NULL, *text = NULL;
    GPtrArray *items = nashra_csl_items_parse(items_json, strlen(items_json), NULL);
    struct nashra_cite_proc *p = items ? cite_proc_open(m, items, &locale, NULL) : NULL;
    g_free(locale);
    if (!p)
        return NULL;
    struct nashra_cite_rich r = {0};
    GPtrArray *entries = p->items->len ? nashra_csl_engine_bibliography(p->native.e, true, NULL)
                                       : NULL;
    if (entries && entries->len) {
        cite_rich_from(NULL, &p->native, p->digits, g_ptr_array_index(entries, 0), &r);
    } else if (p->items->len) {
        /* A style without a reference list: the brief as the style cites it. */
        struct nashra_csl_cite c = {.id = nashra_csl_item_id(g_ptr_array_index(p->items, 0))};
        struct nashra_csl_citation cs = {&c, 1, 0};
        GPtrArray *outs = nashra_csl_engine_cite(p->native.e, &cs, 1, NULL);
        if (outs && outs->len)
            cite_rich_from(NULL, &p->native, p->digits, g_ptr_array_index(outs, 0), &r);
        if (outs)
            g_ptr_array_unref(outs);
    }
    if (entries)
        g_ptr_array_unref(entries);
    text = r.text ? g_strdup(g_strstrip(r.text)) : NULL;
    nashra_cite_rich_clear(&r);
    nashra_cite_proc_free(p);
    return text;
}

/* Whether S has a letter of a right-to-left script (Arabic, Hebrew, Syriac, Thaana, N'Ko). */
static bool cite_rtl_script(const char *s)
{
    for (const char *p = s; p && *p; p = g_utf8_next_char(p))
        switch (g_unichar_get_script(g_utf8_get_char(p))) {
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
            return true;
        default:
            break;
        }
    return false;
}

bool nashra_ref_is_latin(const struct nashra_ref *r)
{
    if (cite_rtl_script(r->title) || cite_rtl_script(r->container_title) ||
        cite_rtl_script(r->publisher))
        return false;
    for (guint i = 0; i < r->authors->len; i++) {
        const struct nashra_name *n = g_ptr_array_index(r->authors, i);
        if (cite_rtl_script(n->family) || cite_rtl_script(n->literal) ||
            cite_rtl_script(n->given))
            return false;
    }
    return true;
}

const char *nashra_cite_list_sep(const char *lang)
{
    return cite_lang_arabic_script(lang) ? "\u061B " : "; ";
}
