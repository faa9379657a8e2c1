/* CSL-JSON items (json-glib): variables kept as strings, names split into their parts (with the
 * particles citeproc-js finds in plain family/given pairs), dates as numbers. */
#include "csl/csl_int.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

static void name_free(gpointer p)
{
    struct csl_name *n = p;
    g_free(n->family);
    g_free(n->given);
    g_free(n->dropping_particle);
    g_free(n->non_dropping_particle);
    g_free(n->suffix);
    g_free(n->literal);
    g_free(n);
}

static void date_free(gpointer p)
{
    struct csl_date *d = p;
    g_free(d->literal);
    g_free(d);
}

void nashra_csl_item_free(struct nashra_csl_item *item)
{
    if (!item)
        return;
    g_free(item->id);
    g_free(item->type);
    g_hash_table_destroy(item->vars);
    g_hash_table_destroy(item->names);
    g_hash_table_destroy(item->dates);
    g_free(item->json);
    g_free(item);
}

const char *nashra_csl_item_id(const struct nashra_csl_item *item)
{
    return item ? item->id : NULL;
}

const char *csl_item_var(const struct nashra_csl_item *item, const char *name)
{
    if (!item || !name)
        return NULL;
    const char *v = g_hash_table_lookup(item->vars, name);
    return v && *v ? v : NULL;
}

GPtrArray *csl_item_names(const struct nashra_csl_item *item, const char *name)
{
    if (!item || !name)
        return NULL;
    GPtrArray *a = g_hash_table_lookup(item->names, name);
    return a && a->len ? a : NULL;
}

const struct csl_date *csl_item_date(const struct nashra_csl_item *item, const char *name)
{
    if (!item || !name)
        return NULL;
    return g_hash_table_lookup(item->dates, name);
}

/* ---- Scalars ---- */

/* A JSON scalar as text: strings as given, integers in decimal, other numbers shortest;
 * NULL for null, objects and arrays. */
static char *scalar_text(JsonNode *node)
{
    if (!node || !JSON_NODE_HOLDS_VALUE(node))
        return NULL;
    GType t = json_node_get_value_type(node);
    if (t == G_TYPE_STRING)
        return g_strdup(json_node_get_string(node));
    if (t == G_TYPE_INT64)
        return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(node));
    if (t == G_TYPE_DOUBLE) {
        double d = json_node_get_double(node);
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        if (d == (double)(gint64)d && d > -1e15 && d < 1e15)
            return g_strdup_printf("%" G_GINT64_FORMAT, (gint64)d);
        return g_strdup(g_ascii_dtostr(buf, sizeof buf, d));
    }
    if (t == G_TYPE_BOOLEAN)
        return g_strdup(json_node_get_boolean(node) ? "true" : "false");
    return NULL;
}

static bool scalar_true(JsonNode *node)
{
    if (!node || !JSON_NODE_HOLDS_VALUE(node))
        return false;
    GType t = json_node_get_value_type(node);
    if (t == G_TYPE_BOOLEAN)
        return json_node_get_boolean(node);
    if (t == G_TYPE_INT64)
        return json_node_get_int(node) != 0;
    if (t == G_TYPE_DOUBLE)
        return json_node_get_double(node) != 0;
    if (t == G_TYPE_STRING) {
        const char *s = json_node_get_string(node);
        return s && *s && strcmp(s, "0") != 0 && g_ascii_strcasecmp(s, "false") != 0;
    }
    return false;
}

/* ---- Names ---- */

static char *member_text(JsonObject *o, const char *name)
{
    if (!json_object_has_member(o, name))
        return NULL;
    char *s = scalar_text(json_object_get_member(o, name));
    if (s) {
        g_strstrip(s);
        if (!*s)
            g_clear_pointer(&s, g_free);
    }
    return s;
}

static bool starts_lower(const char *w)
{
    gunichar c = g_utf8_get_char(w);
    return g_unichar_islower(c);
}

static bool starts_apostrophe(const char *w)
{
    gunichar c = g_utf8_get_char(w);
    return c == '\'' || c == 0x2019;
}

static bool word_is_particle(const char *w)
{
    /* Lowercase words ("van", "de", "d'", "abbé") are particles; so are "'t", "'s". */
    return *w && (starts_lower(w) || starts_apostrophe(w));
}

static bool ends_apostrophe(const char *w)
{
    gsize n = strlen(w);
    return (n >= 1 && w[n - 1] == '\'') || (n >= 3 && strcmp(w + n - 3, "\xe2\x80\x99") == 0);
}

static char *join_words(char **words, int from, int to)
{
    GString *s = g_string_new(NULL);
    for (int i = from; i < to; i++) {
        if (s->len)
            g_string_append_c(s, ' ');
        g_string_append(s, words[i]);
    }
    return g_string_free(s, FALSE);
}

/* A particle glued to the family name: "d'Alembert", "al-One", "l’Aquila". Returns the length of
 * the particle (up to and including the apostrophe or hyphen), or 0. */
static gsize glued_particle(const char *family)
{
    if (!starts_lower(family))
        return 0;
    for (const char *p = family; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '\'' || c == 0x2019 || c == '-') {
            const char *next = g_utf8_next_char(p);
            if (*next && g_unichar_isupper(g_utf8_get_char(next)))
                return (gsize)(next - family);
            return 0;
        }
        if (c == ' ' || !g_unichar_isalpha(c))
            return 0;
    }
    return 0;
}

static void split_family(struct csl_name *n)
{
    char **words = g_strsplit_set(n->family, " ", -1);
    int nw = 0, kept = 0;
    for (int i = 0; words[i]; i++)
        if (*words[i])
            words[kept++] = words[i];
        else
            g_free(words[i]);
    words[kept] = NULL;
    nw = kept;
    int k = 0;
    /* "de’ Frinkle": a particle ending in an apostrophe but followed by a space would print
     * glued to the name; keep such a family whole. */
    while (k < nw - 1 && word_is_particle(words[k]) && !ends_apostrophe(words[k]))
        k++;
    if (k < nw - 1 && word_is_particle(words[k]))
        k = 0;
    if (k > 0) {
        char *particle = join_words(words, 0, k);
        char *family = join_words(words, k, nw);
        g_free(n->family);
        n->family = family;
        n->non_dropping_particle = particle;
    }
    g_strfreev(words);
    if (!n->non_dropping_particle) {
        gsize g = glued_particle(n->family);
        if (g) {
            n->non_dropping_particle = g_strndup(n->family, g);
            char *rest = g_strdup(n->family + g);
            g_free(n->family);
            n->family = rest;
        }
    }
}

static bool all_particles(char **words)
{
    bool any = false;
    for (int i = 0; words[i]; i++) {
        if (!*words[i])
            continue;
        if (!word_is_particle(words[i]))
            return false;
        any = true;
    }
    return any;
}

static void split_given(struct csl_name *n)
{
    /* "Cuba, Jr." → suffix; "François Hédelin, abbé d'" → dropping particle. */
    char *comma = strchr(n->given, ',');
    if (comma) {
        char *tail = g_strstrip(g_strdup(comma + 1));
        char *head = g_strstrip(g_strndup(n->given, (gsize)(comma - n->given)));
        if (*tail == '!') {
            /* "John,! Jr.": the suffix follows a comma even in display order. */
            char *t = g_strstrip(g_strdup(tail + 1));
            g_free(tail);
            tail = t;
            n->comma_suffix = true;
            if (*tail && *head && !n->suffix) {
                n->suffix = tail;
                g_free(n->given);
                n->given = head;
                return;
            }
        }
        if (*tail && *head) {
            char **tw = g_strsplit(tail, " ", -1);
            bool particle = all_particles(tw);
            g_strfreev(tw);
            if (particle) {
                n->dropping_particle = g_strdup(tail);
                n->comma_dropping_particle = true;
            }
            else if (!n->suffix)
                n->suffix = g_strdup(tail);
            else {
                g_free(tail);
                g_free(head);
                return;
            }
            g_free(n->given);
            n->given = head;
            g_free(tail);
            return;
        }
        g_free(tail);
        g_free(head);
    }
    char **words = g_strsplit(n->given, " ", -1);
    int kept = 0;
    for (int i = 0; words[i]; i++)
        if (*words[i])
            words[kept++] = words[i];
        else
            g_free(words[i]);
    words[kept] = NULL;
    int k = kept;
    while (k > 1 && word_is_particle(words[k - 1]))
        k--;
    if (k < kept) {
        n->dropping_particle = join_words(words, k, kept);
        char *given = join_words(words, 0, k);
        g_free(n->given);
        n->given = given;
    }
    g_strfreev(words);
}

static struct csl_name *parse_name(JsonNode *node)
{
    struct csl_name *n = g_new0(struct csl_name, 1);
    if (JSON_NODE_HOLDS_VALUE(node)) {
        /* A bare string: a literal name. */
        n->literal = scalar_text(node);
        return n;
    }
    if (!JSON_NODE_HOLDS_OBJECT(node))
        return n;
    JsonObject *o = json_node_get_object(node);
    n->family = member_text(o, "family");
    n->given = member_text(o, "given");
    n->dropping_particle = member_text(o, "dropping-particle");
    n->non_dropping_particle = member_text(o, "non-dropping-particle");
    n->suffix = member_text(o, "suffix");
    n->literal = member_text(o, "literal");
    if (json_object_has_member(o, "comma-suffix"))
        n->comma_suffix = scalar_true(json_object_get_member(o, "comma-suffix"));
    if (json_object_has_member(o, "static-ordering"))
        n->static_ordering = scalar_true(json_object_get_member(o, "static-ordering"));
    /* Typographic apostrophes, as citeproc-js prints them ("d'" → "d’"). */
    char **parts[] = {&n->family, &n->given, &n->dropping_particle, &n->non_dropping_particle,
                      &n->suffix};
    for (gsize i = 0; i < G_N_ELEMENTS(parts); i++)
        if (*parts[i] && strchr(*parts[i], '\'')) {
            GString *t = g_string_new(NULL);
            for (const char *p = *parts[i]; *p; p++)
                if (*p == '\'')
                    g_string_append(t, "\xe2\x80\x99");
                else
                    g_string_append_c(t, *p);
            g_free(*parts[i]);
            *parts[i] = g_string_free(t, FALSE);
        }
    bool parse = true;
    /* A family name in double quotes is taken whole: no particles ("\"Van Dyke\""). */
    gsize flen = n->family ? strlen(n->family) : 0;
    if (flen >= 2 && n->family[0] == '"' && n->family[flen - 1] == '"') {
        char *inner = g_strndup(n->family + 1, flen - 2);
        g_free(n->family);
        n->family = inner;
        parse = false;
    }
    if (json_object_has_member(o, "parse-names") &&
        !scalar_true(json_object_get_member(o, "parse-names")))
        parse = false;
    if (parse && !n->literal && !n->dropping_particle && !n->non_dropping_particle) {
        if (n->family && n->given)
            split_given(n);
        if (n->family)
            split_family(n);
        n->parse_names_done = true;
    }
    return n;
}

/* ---- Dates ---- */

static int part_int(JsonNode *node, bool *ok)
{
    *ok = false;
    if (!node || !JSON_NODE_HOLDS_VALUE(node))
        return 0;
    GType t = json_node_get_value_type(node);
    if (t == G_TYPE_INT64) {
        gint64 v = json_node_get_int(node);
        *ok = true;
        return (int)CLAMP(v, -999999, 999999);
    }
    if (t == G_TYPE_DOUBLE) {
        *ok = true;
        return (int)CLAMP(json_node_get_double(node), -999999, 999999);
    }
    if (t == G_TYPE_STRING) {
        const char *s = json_node_get_string(node);
        char *end = NULL;
        while (*s == ' ')
            s++;
        if (!*s)
            return 0;
        long v = strtol(s, &end, 10);
        if (end == s)
            return 0;
        *ok = true;
        return (int)CLAMP(v, -999999, 999999);
    }
    return 0;
}

/* Months 13–16 and 21–24 are seasons (citeproc-js's convention). */
static void fix_season(struct csl_date_point *p)
{
    if (p->month >= 13 && p->month <= 24) {
        p->season = (p->month - 13) % 4 + 1;
        p->month = 0;
        p->day = 0;
    } else if (p->month < 0 || p->month > 12) {
        p->month = 0;
        p->day = 0;
    }
    if (p->day < 0 || p->day > 31)
        p->day = 0;
}

static bool parse_point(JsonNode *node, struct csl_date_point *p)
{
    memset(p, 0, sizeof *p);
    if (!node || !JSON_NODE_HOLDS_ARRAY(node))
        return false;
    JsonArray *a = json_node_get_array(node);
    guint n = json_array_get_length(a);
    if (n == 0)
        return false;
    bool ok;
    p->year = part_int(json_array_get_element(a, 0), &ok);
    if (!ok || p->year == 0)
        return false;
    if (n > 1) {
        p->month = part_int(json_array_get_element(a, 1), &ok);
        if (n > 2 && ok)
            p->day = part_int(json_array_get_element(a, 2), &ok);
    }
    fix_season(p);
    return true;
}

static int season_number(const char *s)
{
    static const char *const names[][3] = {
        {"spring", NULL, NULL}, {"summer", NULL, NULL}, {"autumn", "fall", NULL},
        {"winter", NULL, NULL}};
    for (int i = 0; i < 4; i++)
        for (int j = 0; names[i][j]; j++)
            if (g_ascii_strcasecmp(s, names[i][j]) == 0)
                return i + 1;
    return 0;
}

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};

/* One point of a raw date: "2000-03-15", "1999-10", "2000", "15 March 2000", "March 2000",
 * "March 15, 2000", "Spring 1999". */
static bool parse_raw_point(const char *s, struct csl_date_point *p)
{
    memset(p, 0, sizeof *p);
    while (*s == ' ')
        s++;
    if (!*s)
        return false;
    /* ISO-ish: digits with - or / */
    if (g_ascii_isdigit(*s) || (*s == '-' && g_ascii_isdigit(s[1]))) {
        char *end;
        long y = strtol(s, &end, 10);
        if (*end == '\0') {
            p->year = (int)y;
            return y != 0;
        }
        if (*end == '-' && g_ascii_isdigit(end[1])) {
            char *e2;
            long m = strtol(end + 1, &e2, 10);
            if (*e2 == '\0' && m >= 1 && m <= 12) {
                p->year = (int)y;
                p->month = (int)m;
                return true;
            }
            if (*e2 == '-' && g_ascii_isdigit(e2[1])) {
                char *e3;
                long d = strtol(e2 + 1, &e3, 10);
                if ((*e3 == '\0' || *e3 == 'T') && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
                    p->year = (int)y;
                    p->month = (int)m;
                    p->day = (int)d;
                    return true;
                }
            }
        }
    }
    /* Words: a month or season name, a day, a year. */
    char **words = g_strsplit_set(s, " ,.", -1);
    int nums[3], nn = 0, month = 0, season = 0;
    bool bad = false;
    for (int i = 0; words[i] && !bad; i++) {
        const char *w = words[i];
        if (!*w)
            continue;
        if (g_ascii_isdigit(*w)) {
            char *end;
            long v = strtol(w, &end, 10);
            if ((*end && g_ascii_strcasecmp(end, "st") != 0 && g_ascii_strcasecmp(end, "nd") != 0 &&
                 g_ascii_strcasecmp(end, "rd") != 0 && g_ascii_strcasecmp(end, "th") != 0) ||
                nn == 2 || v > 999999)
                bad = true;
            else
                nums[nn++] = (int)v;
            continue;
        }
        int sn = season_number(w);
        if (sn && !season) {
            season = sn;
            continue;
        }
        int mn = 0;
        if (strlen(w) >= 3)
            for (int m = 0; m < 12; m++)
                if (g_ascii_strncasecmp(w, month_names[m], 3) == 0)
                    mn = m + 1;
        if (mn && !month)
            month = mn;
        else
            bad = true;
    }
    g_strfreev(words);
    if (bad || nn == 0 || (nn == 2 && !month))
        return false;
    int year = nums[nn - 1], day = 0;
    if (nn == 2) {
        if (nums[0] > 31) {
            year = nums[0];
            day = nums[1];
        } else {
            day = nums[0];
        }
        if (day < 1 || day > 31)
            return false;
    }
    p->year = year;
    p->month = month;
    p->day = day;
    p->season = month ? 0 : season;
    return year != 0;
}

static bool parse_raw(const char *raw, struct csl_date *d)
{
    /* A range: "2000/2001", "2000-03-15/2000-04-01", "Spring 1999 - Summer 2001". */
    const char *sep = strchr(raw, '/');
    gsize seplen = 1;
    if (!sep) {
        sep = strstr(raw, " - ");
        seplen = 3;
    }
    if (!sep) {
        sep = strstr(raw, "\xe2\x80\x93"); /* en dash */
        seplen = 3;
    }
    if (sep) {
        char *a = g_strndup(raw, (gsize)(sep - raw));
        bool ok = parse_raw_point(a, &d->from) && parse_raw_point(sep + seplen, &d->to);
        g_free(a);
        if (ok) {
            d->range = true;
            return true;
        }
        memset(&d->from, 0, sizeof d->from);
        memset(&d->to, 0, sizeof d->to);
    }
    return parse_raw_point(raw, &d->from);
}

static struct csl_date *parse_date(JsonNode *node)
{
    struct csl_date *d = g_new0(struct csl_date, 1);
    if (JSON_NODE_HOLDS_VALUE(node)) {
        /* A bare string: treat as raw. */
        char *raw = scalar_text(node);
        if (raw && *raw && !parse_raw(raw, d))
            d->literal = g_strdup(raw);
        g_free(raw);
        return d;
    }
    if (!JSON_NODE_HOLDS_OBJECT(node))
        return d;
    JsonObject *o = json_node_get_object(node);
    bool have = false;
    if (json_object_has_member(o, "date-parts")) {
        JsonNode *dp = json_object_get_member(o, "date-parts");
        if (JSON_NODE_HOLDS_ARRAY(dp)) {
            JsonArray *a = json_node_get_array(dp);
            guint n = json_array_get_length(a);
            if (n >= 1 && parse_point(json_array_get_element(a, 0), &d->from)) {
                have = true;
                JsonNode *to = n >= 2 ? json_array_get_element(a, 1) : NULL;
                /* [[1987], [0]]: an open range ("1987–"); TO stays all zero. */
                if (to && parse_point(to, &d->to))
                    d->range = true;
                else if (to && JSON_NODE_HOLDS_ARRAY(to) &&
                         json_array_get_length(json_node_get_array(to)) > 0)
                    d->range = true;
            }
        }
    }
    if (!have) {
        char *raw = member_text(o, "raw");
        if (raw) {
            if (parse_raw(raw, d))
                have = true;
            else if (!json_object_has_member(o, "literal"))
                d->literal = g_strdup(raw);
            g_free(raw);
        }
    }
    char *literal = member_text(o, "literal");
    if (literal) {
        g_free(d->literal);
        d->literal = literal;
    }
    if (json_object_has_member(o, "season")) {
        JsonNode *s = json_object_get_member(o, "season");
        bool ok;
        int v = part_int(s, &ok);
        if (!ok && JSON_NODE_HOLDS_VALUE(s) && json_node_get_value_type(s) == G_TYPE_STRING)
            v = season_number(json_node_get_string(s));
        if (v >= 1 && v <= 4 && !d->from.month)
            d->from.season = v;
    }
    if (json_object_has_member(o, "circa"))
        d->circa = scalar_true(json_object_get_member(o, "circa"));
    return d;
}

/* ---- Items ---- */

static bool holds_names(JsonNode *node)
{
    if (!JSON_NODE_HOLDS_ARRAY(node))
        return false;
    JsonArray *a = json_node_get_array(node);
    guint n = json_array_get_length(a);
    for (guint i = 0; i < n; i++)
        if (JSON_NODE_HOLDS_OBJECT(json_array_get_element(a, i)))
            return true;
    return false;
}

static bool is_date_var(const char *name)
{
    static const char *const dates[] = {"accessed", "available-date", "event-date", "issued",
                                        "original-date", "submitted", "locator-date",
                                        "container", NULL};
    for (int i = 0; dates[i]; i++)
        if (strcmp(name, dates[i]) == 0)
            return true;
    return false;
}

static const char *const name_vars[] = {
    "author", "chair", "collection-editor", "compiler", "composer", "container-author",
    "contributor", "curator", "director", "editor", "editorial-director", "editor-translator",
    "executive-producer", "guest", "host", "illustrator", "interviewer", "narrator", "organizer",
    "original-author", "performer", "producer", "recipient", "reviewed-author", "script-writer",
    "series-creator", "translator", NULL};
static const char *const text_vars[] = {
    "abstract", "annote", "archive", "archive_collection", "archive_location", "archive-place",
    "authority", "call-number", "chapter-number", "citation-key", "citation-label",
    "collection-number", "collection-title", "collection-title-short", "container-title",
    "container-title-short", "dimensions", "division", "DOI", "edition", "event",
    "event-place", "event-title", "genre", "ISBN", "ISSN", "issue", "jurisdiction", "keyword",
    "language", "license", "medium", "number", "number-of-pages", "number-of-volumes",
    "original-publisher", "original-publisher-place", "original-title", "page", "page-first",
    "part", "part-title", "PMCID", "PMID", "printing", "publisher", "publisher-place",
    "references", "reviewed-genre", "reviewed-title", "scale", "section", "source", "status",
    "supplement", "title", "title-short", "URL", "version", "volume", "volume-title",
    "year-suffix", NULL};

static bool in_list(const char *const *list, const char *name)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], name) == 0)
            return true;
    return false;
}

/* citeproc-js's "cheater syntax": lines "variable: value" in the note set variables the item
 * lacks ("reviewed-author: Hall || W.C." for names, dates as raw text); they leave the note. */
static void note_fields(struct nashra_csl_item *item)
{
    const char *note = g_hash_table_lookup(item->vars, "note");
    if (!note || !strchr(note, ':'))
        return;
    char **lines = g_strsplit(note, "\n", -1);
    GString *rest = g_string_new(NULL);
    GHashTable *mine = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; lines[i]; i++) {
        char *line = lines[i];
        char *colon = strchr(line, ':');
        bool used = false;
        if (colon && colon > line) {
            char *key = g_strndup(line, (gsize)(colon - line));
            char *value = g_strstrip(g_strdup(colon + 1));
            const char *name = g_intern_string(g_strstrip(key));
            if (*value && in_list(name_vars, name)) {
                GPtrArray *names = g_hash_table_lookup(item->names, name);
                if (!names) {
                    names = g_ptr_array_new_with_free_func(name_free);
                    g_hash_table_replace(item->names, (gpointer)name, names);
                    g_hash_table_add(mine, (gpointer)name);
                } else if (!g_hash_table_contains(mine, name)) {
                    names = NULL; /* the item's own names win */
                }
                struct csl_name *n = g_new0(struct csl_name, 1);
                char *bar = strstr(value, "||");
                if (bar) {
                    n->family = g_strstrip(g_strndup(value, (gsize)(bar - value)));
                    n->given = g_strstrip(g_strdup(bar + 2));
                } else {
                    n->literal = g_strdup(value);
                }
                if (names)
                    g_ptr_array_add(names, n);
                else
                    name_free(n);
                used = true;
            } else if (*value && is_date_var(name)) {
                if (!g_hash_table_contains(item->dates, name)) {
                    struct csl_date *d = g_new0(struct csl_date, 1);
                    if (!parse_raw(value, d))
                        d->literal = g_strdup(value);
                    g_hash_table_replace(item->dates, (gpointer)name, d);
                }
                used = true;
            } else if (*value && strcmp(name, "type") == 0) {
                g_free(item->type);
                item->type = g_strdup(value);
                used = true;
            } else if (*value && in_list(text_vars, name)) {
                if (!g_hash_table_contains(item->vars, name))
                    g_hash_table_replace(item->vars, (gpointer)name, g_strdup(value));
                used = true;
            }
            g_free(key);
            g_free(value);
        }
        if (!used) {
            if (rest->len)
                g_string_append_c(rest, '\n');
            g_string_append(rest, line);
        }
    }
    g_strfreev(lines);
    g_hash_table_destroy(mine);
    char *left = g_strstrip(g_string_free(rest, FALSE));
    g_hash_table_replace(item->vars, (gpointer)g_intern_string("note"), left);
}

static struct nashra_csl_item *parse_item(JsonNode *node, guint index, GError **error)
{
    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_ITEM, "item %u is not an object",
                    index + 1);
        return NULL;
    }
    JsonObject *o = json_node_get_object(node);
    struct nashra_csl_item *item = g_new0(struct nashra_csl_item, 1);
    item->vars = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    item->names = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify)g_ptr_array_unref);
    item->dates = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, date_free);
    item->id = json_object_has_member(o, "id") ? scalar_text(json_object_get_member(o, "id"))
                                               : NULL;
    if (!item->id) /* citeproc-js accepts these; the position is as good an id as any */
        item->id = g_strdup_printf("%u", index + 1);
    item->type = json_object_has_member(o, "type")
                     ? scalar_text(json_object_get_member(o, "type"))
                     : NULL;
    if (!item->type)
        item->type = g_strdup("article");
    JsonObjectIter it;
    const char *key;
    JsonNode *value;
    json_object_iter_init(&it, o);
    while (json_object_iter_next(&it, &key, &value)) {
        if (strcmp(key, "id") == 0 || strcmp(key, "type") == 0)
            continue;
        const char *name = g_intern_string(key);
        if (holds_names(value)) {
            GPtrArray *names = g_ptr_array_new_with_free_func(name_free);
            JsonArray *a = json_node_get_array(value);
            guint n = json_array_get_length(a);
            for (guint i = 0; i < n && i < CSL_MAX_NAMES; i++)
                g_ptr_array_add(names, parse_name(json_array_get_element(a, i)));
            g_hash_table_replace(item->names, (gpointer)name, names);
        } else if (JSON_NODE_HOLDS_OBJECT(value) || is_date_var(name)) {
            if (JSON_NODE_HOLDS_OBJECT(value) || JSON_NODE_HOLDS_VALUE(value))
                g_hash_table_replace(item->dates, (gpointer)name, parse_date(value));
        } else {
            char *text = scalar_text(value);
            if (text)
                g_hash_table_replace(item->vars, (gpointer)name, text);
        }
    }
    note_fields(item);
    return item;
}

/* Checks JSON's shape before json-glib parses it: nesting at most CSL_MAX_JSON_DEPTH (json-glib
 * recurses once per level) and, below the outermost value, arrays of at most
 * CSL_MAX_JSON_ARRAY elements (a million date-parts or names would cost json-glib seconds,
 * only to be cut at CSL_MAX_NAMES), and one top-level value (json-glib keeps the last and leaks
 * the others). Sets a NASHRA_CSL_ERROR_LIMIT (ITEM for several values) error, returns false. */
bool csl_json_bounded(const char *json, gsize len, const char *what, GError **error)
{
    guint count[CSL_MAX_JSON_DEPTH + 1];
    bool array[CSL_MAX_JSON_DEPTH + 1];
    int depth = 0;
    bool in_string = false, done = false, scalar = false;
    for (gsize i = 0; i < len && json[i]; i++) {
        char c = json[i];
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!in_string && depth == 0) {
            /* json-glib takes the last of several top-level values and leaks the others */
            if (scalar && space)
                done = true;
            if (done && !space) {
                g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_ITEM,
                            "%s: more than one JSON value", what);
                return false;
            }
            if (!space && c != '"' && c != '[' && c != '{')
                scalar = true;
        }
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"') {
                in_string = false;
                done = done || depth == 0;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (depth >= CSL_MAX_JSON_DEPTH) {
                g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_LIMIT,
                            "%s: JSON nested deeper than %d", what, CSL_MAX_JSON_DEPTH);
                return false;
            }
            depth++;
            count[depth] = 0;
            array[depth] = c == '[';
        } else if (c == ']' || c == '}') {
            if (depth > 0 && --depth == 0)
                done = true;
        } else if (c == ',' && depth > 1 && array[depth] && ++count[depth] >= CSL_MAX_JSON_ARRAY) {
            g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_LIMIT,
                        "%s: a JSON array of more than %d elements", what, CSL_MAX_JSON_ARRAY);
            return false;
        }
    }
    return true;
}

GPtrArray *nashra_csl_items_parse(const char *json, gsize len, GError **error)
{
    if (!json) {
        g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_ITEM, "no JSON");
        return NULL;
    }
    if (!csl_json_bounded(json, len, "CSL-JSON", error))
        return NULL;
    JsonParser *parser = json_parser_new_immutable();
    GError *jerr = NULL;
    if (!json_parser_load_from_data(parser, json, (gssize)len, &jerr)) {
        g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_ITEM, "CSL-JSON: %s",
                    jerr ? jerr->message : "does not parse");
        g_clear_error(&jerr);
        g_object_unref(parser);
        return NULL;
    }
    JsonNode *root = json_parser_get_root(parser);
    GPtrArray *items = g_ptr_array_new_with_free_func((GDestroyNotify)nashra_csl_item_free);
    if (root && JSON_NODE_HOLDS_ARRAY(root)) {
        JsonArray *a = json_node_get_array(root);
        guint n = json_array_get_length(a);
        for (guint i = 0; i < n; i++) {
            struct nashra_csl_item *item = parse_item(json_array_get_element(a, i), i, error);
            if (!item) {
                g_ptr_array_free(items, TRUE);
                items = NULL;
                break;
            }
            g_ptr_array_add(items, item);
        }
    } else if (root && JSON_NODE_HOLDS_OBJECT(root)) {
        struct nashra_csl_item *item = parse_item(root, 0, error);
        if (item)
            g_ptr_array_add(items, item);
        else
            g_clear_pointer(&items, g_ptr_array_unref);
    } else {
        g_set_error(error, NASHRA_CSL_ERROR, NASHRA_CSL_ERROR_ITEM,
                    "CSL-JSON is neither an array of items nor one item");
        g_clear_pointer(&items, g_ptr_array_unref);
    }
    g_object_unref(parser);
    return items;
}

/* ---- Numbers ---- */

/* One numeric token: optional letters, digits, optional letters ("12", "2nd", "A12", "L2d");
 * roman numerals are not numbers here. */
static bool numeric_token(const char *s, gsize len)
{
    gsize i = 0;
    while (i < len && g_ascii_isalpha(s[i]))
        i++;
    gsize digits = i;
    while (i < len && g_ascii_isdigit(s[i]))
        i++;
    if (i == digits)
        return false;
    while (i < len && g_ascii_isalpha(s[i]))
        i++;
    return i == len;
}

bool csl_is_numeric(const char *value)
{
    if (!value || !*value)
        return false;
    const char *p = value;
    bool expect_token = true;
    while (*p) {
        if (*p == ' ') {
            p++;
            continue;
        }
        if (expect_token) {
            const char *start = p;
            while (*p && *p != ' ' && *p != ',' && *p != '&' && *p != '-' &&
                   !g_str_has_prefix(p, "\xe2\x80\x93"))
                p++;
            if (!numeric_token(start, (gsize)(p - start)))
                return false;
            expect_token = false;
        } else {
            if (*p == ',' || *p == '&' || *p == '-')
                p++;
            else if (g_str_has_prefix(p, "\xe2\x80\x93"))
                p += 3;
            else
                return false;
            expect_token = true;
        }
    }
    return !expect_token;
}
