/* The resolve stage, after parsing, in the spirit of mandoc's validation pass: decides the
 * document's direction, language and digits and each block's (direction.c), gives figures and
 * tables their ids, captions and numbers, resolves every citation key against the
 * references and every cross-reference against the figures, tables and headings (an unknown
 * one is an error at its line and column), prints what each resolves to (a note style makes
 * each citation a numbered note), and appends the references section with exactly the cited
 * works. */
#include "resolve/resolve_int.h"

#include <math.h>
#include <string.h>

#include "cite/cite.h"
#include "csl/csl.h"
#include "util/url.h"
#include "util/l10n.h"

/* The one reader of a figure's attribute text, "#fig:map width=60% credit=\"…\"" (the {…}
 * after its image, without braces): calls SEE with each token's key ("#" for the id) and
 * value, a value's quotes removed. */
static void resolve_attr_tokens(const char *attrs,
                                void (*see)(const char *key, size_t klen, const char *v,
                                            size_t vlen, void *data),
                                void *data)
{
    for (const char *p = attrs ? attrs : ""; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        const char *tok = p;
        bool quoted = false;
        while (*p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n'))) {
            if (*p == '"')
                quoted = !quoted;
            p++;
        }
        if (p == tok)
            break;
        if (*tok == '#') {
            if (p > tok + 1)
                see("#", 1, tok + 1, (size_t)(p - tok - 1), data);
            continue;
        }
        const char *eq = memchr(tok, '=', (size_t)(p - tok));
        if (!eq || eq == tok)
            continue;
        const char *v = eq + 1;
        size_t vlen = (size_t)(p - v);
        if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"')
            v++, vlen -= 2;
        see(tok, (size_t)(eq - tok), v, vlen, data);
    }
}

/* A length "60%", "8cm", "120" (CSS pixels); false when not understood. */
static bool resolve_length(const char *text, double *value, enum nashra_length_unit *unit)
{
    static const struct {
        const char *name;
        enum nashra_length_unit unit;
    } units[] = {{"%", NASHRA_LENGTH_PERCENT}, {"cm", NASHRA_LENGTH_CM}, {"mm", NASHRA_LENGTH_MM},
                 {"in", NASHRA_LENGTH_IN},     {"pt", NASHRA_LENGTH_PT}, {"px", NASHRA_LENGTH_PX},
                 {"", NASHRA_LENGTH_PX}};
    char *end = NULL;
    double v = g_ascii_strtod(text, &end);
    if (!end || end == text || !(v > 0) || !isfinite(v))
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(units); i++)
        if (!strcmp(end, units[i].name)) {
            *value = v;
            *unit = units[i].unit;
            return true;
        }
    return false;
}

static void resolve_attr_id(const char *key, size_t klen, const char *v, size_t vlen, void *data)
{
    char **id = data;
    if (klen == 1 && *key == '#' && !*id)
        *id = g_strndup(v, vlen);
}

struct figure_attrs {
    struct nashra_node *figure;
    const char *attrs; /* the text read, and where it starts in the source */
    struct nashra_pos at;
    struct nashra_diag *diag;
};

/* Reports at the column of the attribute at KEY, within FA's text. */
static void resolve_attr_report(const struct figure_attrs *fa, const char *key, const char *fmt,
                                const char *what)
{
    int col = fa->at.col + (int)g_utf8_strlen(fa->attrs, key - fa->attrs);
    nashra_diag_report(fa->diag, NASHRA_WARNING, fa->at.line, col, fmt, what);
}

static void resolve_figure_attr(const char *key, size_t klen, const char *v, size_t vlen,
                                void *data)
{
    struct figure_attrs *fa = data;
    struct nashra_node *n = fa->figure;
    char *value = g_strndup(v, vlen);
    if (klen == 1 && *key == '#') {
        if (!n->as.figure.id)
            n->as.figure.id = g_steal_pointer(&value);
    } else if (klen == 5 && !strncmp(key, "width", 5)) {
        if (!resolve_length(value, &n->as.figure.width, &n->as.figure.width_unit)) {
            n->as.figure.width_unit = NASHRA_LENGTH_NONE;
            resolve_attr_report(fa, key, "figure width '%s' not understood (use 60%% or 8cm)",
                                value);
        }
    } else if (klen == 6 && !strncmp(key, "credit", 6)) {
        g_free(n->as.figure.credit);
        n->as.figure.credit = g_steal_pointer(&value);
    } else {
        /* A typo ("widht") would otherwise vanish without a word. */
        char *name = g_strndup(key, klen);
        resolve_attr_report(fa, key, "figure attribute '%s' is not one nashra reads "
                                     "(#id, width, credit)", name);
        g_free(name);
    }
    g_free(value);
}

/* A table caption paragraph right after a table: "Table: Prices {#tbl:prices}" or ": Prices".
 * Sets the table's caption and id and frees the paragraph. */
static void resolve_table_caption(struct nashra_node *table)
{
    struct nashra_node *para = table->next;
    if (!para || para->kind != NASHRA_NODE_PARAGRAPH)
        return;
    char *text = nashra_node_plain_text(para);
    static const char *const prefixes[] = {"Table:", "\u062c\u062f\u0648\u0644:", ":"};
    const char *rest = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(prefixes) && !rest; i++)
        if (g_str_has_prefix(text, prefixes[i]))
            rest = text + strlen(prefixes[i]);
    if (!rest) {
        g_free(text);
        return;
    }
    char *cap = g_strstrip(g_strdup(rest));
    size_t n = strlen(cap);
    if (n && cap[n - 1] == '}') {
        char *open = strrchr(cap, '{');
        if (open) {
            char *inner = g_strndup(open + 1, (gsize)(cap + n - 1 - open - 1));
            resolve_attr_tokens(inner, resolve_attr_id, &table->as.table.id);
            g_free(inner);
            *open = '\0';
            g_strstrip(cap);
        }
    }
    for (char *p = cap; *p; p++)
        if (*p == '\n')
            *p = ' ';
    table->as.table.caption = cap;
    nashra_node_free(para);
    g_free(text);
}

static struct nashra_node *resolve_text_node(const char *s)
{
    struct nashra_node *t = nashra_node_new(NASHRA_NODE_TEXT, (struct nashra_pos){0, 0, 0});
    nashra_node_set_literal(t, s, strlen(s));
    return t;
}

static gint resolve_gsize_cmp(gconstpointer a, gconstpointer b)
{
    gsize x = *(const gsize *)a, y = *(const gsize *)b;
    return x < y ? -1 : x > y;
}

static gint resolve_span_cmp(gconstpointer a, gconstpointer b)
{
    const struct nashra_csl_span *x = *(const struct nashra_csl_span *const *)a;
    const struct nashra_csl_span *y = *(const struct nashra_csl_span *const *)b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static bool resolve_has_arabic(const char *s, gsize len)
{
    for (const char *p = s; p < s + len; p = g_utf8_next_char(p))
        if (g_unichar_get_script(g_utf8_get_char(p)) == G_UNICODE_SCRIPT_ARABIC)
            return true;
    return false;
}

/* R's text as inline nodes inserted in PARENT before ANCHOR (at the end if NULL), every node at
 * AT's source position: EMPH over italics (not over Arabic script, which has no true italic),
 * STRONG over bold, a LINK over each URL and over each cite (to its entry, "#ref-ID"). Each
 * TEXT made is added to WRITTEN, for its names to be isolated once directions are known. */
static void resolve_insert_rich(struct nashra_node *parent, struct nashra_node *anchor,
                                struct nashra_cite_rich *r, const struct nashra_node *at,
                                GPtrArray *written)
{
    struct nashra_pos start = at ? at->start : (struct nashra_pos){0, 0, 0};
    struct nashra_pos end = at ? at->end : start;
    gsize len = strlen(r->text);
    /* Spans by start: a sweep keeps the few that cover the current piece (nesting is shallow),
     * so a citation of thousands of works stays linear. */
    GPtrArray *by_start = g_ptr_array_sized_new(r->spans->len);
    GArray *cuts = g_array_new(FALSE, FALSE, sizeof(gsize));
    gsize zero = 0;
    g_array_append_val(cuts, zero);
    g_array_append_val(cuts, len);
    for (guint i = 0; i < r->spans->len; i++) {
        struct nashra_csl_span *sp = &g_array_index(r->spans, struct nashra_csl_span, i);
        sp->start = MIN(sp->start, len);
        sp->end = MIN(sp->end, len);
        g_ptr_array_add(by_start, sp);
        g_array_append_val(cuts, sp->start);
        g_array_append_val(cuts, sp->end);
    }
    g_array_sort(cuts, resolve_gsize_cmp);
    g_ptr_array_sort(by_start, resolve_span_cmp);
    GPtrArray *active = g_ptr_array_new();
    guint next = 0;
    /* One LINK per cite, however many pieces its text is cut into. */
    struct nashra_node *last_link = NULL;
    for (guint k = 0; k + 1 < cuts->len; k++) {
        gsize from = g_array_index(cuts, gsize, k), to = g_array_index(cuts, gsize, k + 1);
        if (to <= from)
            continue;
        for (guint i = active->len; i-- > 0;)
            if (((const struct nashra_csl_span *)active->pdata[i])->end <= from)
                g_ptr_array_remove_index_fast(active, i);
        while (next < by_start->len &&
               ((const struct nashra_csl_span *)by_start->pdata[next])->start <= from) {
            const struct nashra_csl_span *sp = by_start->pdata[next++];
            if (sp->end > from)
                g_ptr_array_add(active, (gpointer)sp);
        }
        unsigned flags = 0;
        const char *cite_id = NULL;
        gsize url_from = 0, url_to = 0;
        for (guint i = 0; i < active->len; i++) {
            const struct nashra_csl_span *sp = active->pdata[i];
            if (sp->end < to)
                continue;
            flags |= sp->flags;
            if ((sp->flags & NASHRA_CSL_CITE) && sp->id)
                cite_id = sp->id;
            if (sp->flags & NASHRA_CSL_LINK) {
                url_from = sp->start;
                url_to = sp->end;
            }
        }
        struct nashra_node *t = nashra_node_new(NASHRA_NODE_TEXT, start);
        t->end = end;
        nashra_node_set_literal(t, r->text + from, to - from);
        g_ptr_array_add(written, t);
        if ((flags & NASHRA_CSL_ITALIC) && !resolve_has_arabic(r->text + from, to - from)) {
            struct nashra_node *w = nashra_node_new(NASHRA_NODE_EMPH, start);
            w->end = end;
            nashra_node_append_child(w, t);
            t = w;
        }
        if (flags & NASHRA_CSL_BOLD) {
            struct nashra_node *w = nashra_node_new(NASHRA_NODE_STRONG, start);
            w->end = end;
            nashra_node_append_child(w, t);
            t = w;
        }
        char *url = NULL;
        if ((flags & NASHRA_CSL_LINK) && url_to > url_from) {
            url = g_strndup(r->text + url_from, url_to - url_from);
            if (g_str_has_prefix(url, "10.")) {
                char *doi = g_strconcat("https://doi.org/", url, NULL);
                g_free(url);
                url = doi;
            }
            if (!nashra_url_is_web(url)) {
                g_free(url);
                url = NULL;
            }
        } else if (cite_id) {
            url = g_strconcat("#ref-", cite_id, NULL);
        }
        if (url && last_link && strcmp(last_link->as.link.url, url) == 0 &&
            (anchor ? anchor->prev == last_link : parent->last_child == last_link)) {
            nashra_node_append_child(last_link, t);
            g_free(url);
            continue;
        }
        last_link = NULL;
        if (url) {
            struct nashra_node *w = nashra_node_new(NASHRA_NODE_LINK, start);
            w->end = end;
            w->as.link.url = url;
            nashra_node_append_child(w, t);
            t = w;
            last_link = w;
        }
        if (anchor)
            nashra_node_insert_before(anchor, t);
        else
            nashra_node_append_child(parent, t);
    }
    g_array_unref(cuts);
    g_ptr_array_unref(active);
    g_ptr_array_unref(by_start);
}

/* "Figure 2" / "الشكل ٢". g_free. */
static char *resolve_label(const char *lang, enum nashra_text what, int number,
                           enum nashra_digits digits)
{
    char *num = nashra_format_number(number, digits);
    const char *label = nashra_text(lang, what);
    bool ar = nashra_lang_matches(lang, "ar");
    char *s = g_strdup_printf("%s%s %s", ar && !g_str_has_prefix(label, "\u0627\u0644") ? "\u0627\u0644" : "",
                              label, num);
    g_free(num);
    return s;
}

/* Appends the references section (a heading and one paragraph per entry) before the notes. */
static void resolve_references_section(struct nashra_doc *doc, GPtrArray *entries,
                                       const char *lang, GHashTable *ids, bool hanging,
                                       GPtrArray *written)
{
    struct nashra_node *before = NULL;
    for (struct nashra_node *c = doc->root->first_child; c; c = c->next)
        if (c->kind == NASHRA_NODE_FOOTNOTE_DEF) {
            before = c;
            break;
        }
    /* Generated, but placed where the works are given, so that a diagnostic about an entry
     * (a character no font has) points at its source. */
    const struct nashra_pos *given = g_hash_table_lookup(doc->meta.positions, "bibliography");
    if (!given)
        given = g_hash_table_lookup(doc->meta.positions, "references");
    struct nashra_pos hpos = given ? *given : (struct nashra_pos){0, 0, 0};
    struct nashra_node *h = nashra_node_new(NASHRA_NODE_HEADING, hpos);
    h->end = hpos;
    h->as.heading.level = 2;
    char *id = g_strdup("references");
    for (int k = 2; g_hash_table_contains(ids, id); k++) {
        g_free(id);
        id = g_strdup_printf("references-%d", k);
    }
    h->as.heading.id = id;
    struct nashra_node *title = resolve_text_node(nashra_text(lang, NASHRA_TEXT_REFERENCES));
    title->start = title->end = hpos;
    nashra_node_append_child(h, title);
    if (before)
        nashra_node_insert_before(before, h);
    else
        nashra_node_append_child(doc->root, h);
    /* The entries in a div of their own: what the style asks of the list as a whole. */
    struct nashra_node *div = nashra_node_new(NASHRA_NODE_DIV, hpos);
    div->end = hpos;
    div->as.div.classes = g_strdup(hanging ? "references hanging-indent" : "references");
    nashra_node_insert_after(h, div);
    for (guint i = 0; i < entries->len; i++) {
        struct nashra_cite_entry *e = g_ptr_array_index(entries, i);
        struct nashra_pos epos = e->ref->pos.line ? e->ref->pos : hpos;
        struct nashra_node *p = nashra_node_new(NASHRA_NODE_PARAGRAPH, epos);
        struct nashra_node *a = nashra_node_new(NASHRA_NODE_LINK, epos);
        p->end = a->end = epos;
        a->as.link.anchor = g_strconcat("ref-", e->ref->id, NULL);
        struct nashra_node at = {.start = epos, .end = epos};
        resolve_insert_rich(a, NULL, &e->rich, &at, written);
        nashra_node_append_child(p, a);
        nashra_node_append_child(div, p);
    }
}

static bool resolve_in_note(const struct nashra_node *n)
{
    for (; n; n = n->parent)
        if (n->kind == NASHRA_NODE_FOOTNOTE_DEF)
            return true;
    return false;
}

static bool resolve_cites_work(const struct nashra_node *citation)
{
    for (const struct nashra_node *c = citation->first_child; c; c = c->next)
        if (c->kind == NASHRA_NODE_CITE_ITEM && c->as.cite.ref)
            return true;
    return false;
}

static struct nashra_node *resolve_node_at(enum nashra_node_kind kind, const struct nashra_node *at)
{
    struct nashra_node *n = nashra_node_new(kind, at->start);
    n->end = at->end;
    return n;
}

/* Where the call of the note replacing citation C goes: no space before it, and after a
 * punctuation mark that follows C ("fell [@a]." reads "fell.¹"), as Chicago places calls. */
static void resolve_call_place(struct nashra_node *c)
{
    struct nashra_node *prev = c->prev, *next = c->next;
    if (prev && prev->kind == NASHRA_NODE_TEXT) {
        size_t n = prev->literal_len;
        while (n && prev->literal[n - 1] == ' ')
            n--;
        if (n < prev->literal_len) {
            char *kept = g_strndup(prev->literal, n);
            nashra_node_set_literal(prev, kept, n);
            g_free(kept);
        }
    }
    if (!next || next->kind != NASHRA_NODE_TEXT || !next->literal_len)
        return;
    static const char *const marks[] = {".", ",", ";", ":", "?", "!", "\u060C", "\u061B",
                                        "\u061F"};
    for (size_t i = 0; i < G_N_ELEMENTS(marks); i++) {
        size_t k = strlen(marks[i]);
        if (next->literal_len < k || strncmp(next->literal, marks[i], k) != 0)
            continue;
        /* Not the first dot of an ellipsis "...". */
        if (next->literal_len > k && strchr(".,;:?!", next->literal[k]))
            return;
        struct nashra_node *mark = nashra_node_new(NASHRA_NODE_TEXT, next->start);
        mark->end = next->start;
        nashra_node_set_literal(mark, marks[i], k);
        nashra_node_insert_before(c, mark);
        next->start.col++;
        next->start.offset += k;
        if (next->literal_len == k) {
            nashra_node_free(next);
        } else {
            char *rest = g_strdup(next->literal + k);
            nashra_node_set_literal(next, rest, strlen(rest));
            g_free(rest);
        }
        return;
    }
}

/* Makes the citation C of the body a note: a FOOTNOTE_REF where it stood and, at the end of
 * ROOT, a note holding C until its text is written (numbers need every note in place first).
 * Its cross-references stay in the body. */
static void resolve_make_note(struct nashra_node *root, struct nashra_node *c)
{
    struct nashra_node *ref = resolve_node_at(NASHRA_NODE_FOOTNOTE_REF, c);
    struct nashra_node *def = resolve_node_at(NASHRA_NODE_FOOTNOTE_DEF, c);
    struct nashra_node *para = resolve_node_at(NASHRA_NODE_PARAGRAPH, c);
    ref->as.footnote.def = def;
    nashra_node_append_child(def, para);
    nashra_node_append_child(root, def);
    struct nashra_node *works = c;
    for (struct nashra_node *i = c->first_child; i; i = i->next)
        if (i->as.cite.xref) {
            works = resolve_node_at(NASHRA_NODE_CITATION, c);
            break;
        }
    if (works == c) {
        resolve_call_place(c);
        nashra_node_insert_before(c, ref);
        nashra_node_unlink(c);
    } else {
        for (struct nashra_node *i = c->first_child, *next; i; i = next) {
            next = i->next;
            if (i->as.cite.ref) {
                nashra_node_unlink(i);
                nashra_node_append_child(works, i);
            }
        }
        nashra_node_insert_after(c, ref);
    }
    nashra_node_append_child(para, works);
}

/* Writes the citation C, in a note, as the style wrote it (R). Its cross-references, if any,
 * stay before the text. */
static void resolve_note_citation(struct nashra_node *c, struct nashra_cite_rich *r,
                                  const char *lang, GPtrArray *written)
{
    struct nashra_node *para = c->parent;
    /* A citation ends as the style ends it, unless the note's own sentence goes on after it
     * ("As [@a, p. 3] says."): then without the style's final period. */
    gsize len = strlen(r->text);
    if (c->next && len && r->text[len - 1] == '.') {
        r->text[--len] = '\0';
        for (guint i = 0; i < r->spans->len; i++) {
            struct nashra_csl_span *sp = &g_array_index(r->spans, struct nashra_csl_span, i);
            sp->end = MIN(sp->end, len);
            sp->start = MIN(sp->start, len);
        }
    }
    for (struct nashra_node *i = c->first_child, *next; i; i = next) {
        next = i->next;
        if (i->as.cite.ref)
            nashra_node_free(i);
    }
    if (c->first_child) {
        const char *sep_text = nashra_cite_list_sep(lang);
        struct nashra_node *sep = resolve_node_at(NASHRA_NODE_TEXT, c);
        nashra_node_set_literal(sep, sep_text, strlen(sep_text));
        nashra_node_insert_after(c, sep);
        resolve_insert_rich(para, sep->next, r, c, written);
    } else {
        resolve_insert_rich(para, c, r, c, written);
        nashra_node_free(c);
    }
}

/* Note styles: every citation of a work in the body becomes a numbered note, numbered with the
 * author's own notes (in the order a reader meets them); a citation inside a note becomes text
 * of that note. */
static void resolve_make_notes(struct nashra_doc *doc, GPtrArray *items)
{
    struct nashra_node *root = doc->root;
    GPtrArray *citations = g_ptr_array_new();
    for (guint i = 0; i < items->len; i++) {
        struct nashra_node *c = ((struct nashra_node *)g_ptr_array_index(items, i))->parent;
        if (c && c->kind == NASHRA_NODE_CITATION && resolve_cites_work(c) &&
            (!citations->len || g_ptr_array_index(citations, citations->len - 1) != c))
            g_ptr_array_add(citations, c);
    }
    for (guint i = 0; i < citations->len; i++) {
        struct nashra_node *c = g_ptr_array_index(citations, i);
        if (!resolve_in_note(c))
            resolve_make_note(root, c);
    }
    g_ptr_array_unref(citations);
    for (struct nashra_node *c = root->first_child; c; c = c->next)
        if (c->kind == NASHRA_NODE_FOOTNOTE_DEF)
            c->as.footnote.index = 0;
    GPtrArray *order = nashra_notes_order(root);
    for (guint i = 0; i < order->len; i++) {
        struct nashra_node *def = g_ptr_array_index(order, i);
        nashra_node_unlink(def);
        nashra_node_append_child(root, def);
    }
    g_ptr_array_unref(order);
}

/* The citations of works under FROM in document order, each with NOTE (1-based) or 0. */
static void resolve_collect_citations(struct nashra_node *from, int note, GPtrArray *citations,
                                      GArray *notes)
{
    struct nashra_iter it;
    enum nashra_event ev;
    nashra_iter_init(&it, from);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE)
        if (ev == NASHRA_EVENT_ENTER && it.cur->kind == NASHRA_NODE_CITATION &&
            resolve_cites_work(it.cur)) {
            g_ptr_array_add(citations, it.cur);
            g_array_append_val(notes, note);
        }
}

/* Every citation of a work and the references section, through the brief's citation style;
 * the TEXT nodes written into WRITTEN. */
static void resolve_citations(struct nashra_doc *doc, GPtrArray *items, GHashTable *ids,
                              struct nashra_diag *diag, GPtrArray *written)
{
    struct nashra_meta *m = &doc->meta;
    GError *err = NULL;
    struct nashra_cite_proc *p = nashra_cite_proc_new(m, &err);
    if (!p) {
        const struct nashra_pos *at = g_hash_table_lookup(m->positions, "citation-style");
        nashra_diag_report(diag, NASHRA_ERROR, at ? at->line : 1, at ? at->col : 1, "%s",
                           err ? err->message : "citation style cannot be used");
        g_clear_error(&err);
        return;
    }
    m->resolved.citation_style = g_strdup(nashra_cite_proc_style_name(p));
    m->resolved.note_style = nashra_cite_proc_is_note(p);
    GPtrArray *citations = g_ptr_array_new();
    GArray *notes = g_array_new(FALSE, FALSE, sizeof(int));
    if (m->resolved.note_style) {
        resolve_make_notes(doc, items);
        int k = 0;
        for (struct nashra_node *def = doc->root->first_child; def; def = def->next)
            if (def->kind == NASHRA_NODE_FOOTNOTE_DEF)
                resolve_collect_citations(def, ++k, citations, notes);
    } else {
        resolve_collect_citations(doc->root, 0, citations, notes);
    }
    guint n = citations->len;
    struct nashra_cite_call *calls = g_new0(struct nashra_cite_call, MAX(n, 1));
    GPtrArray *owned = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < n; i++) {
        struct nashra_node *c = g_ptr_array_index(citations, i);
        guint k = 0;
        for (struct nashra_node *it = c->first_child; it; it = it->next)
            k += it->as.cite.ref != NULL;
        struct nashra_cite_call_item *ci = g_new0(struct nashra_cite_call_item, MAX(k, 1));
        g_ptr_array_add(owned, ci);
        k = 0;
        for (struct nashra_node *it = c->first_child; it; it = it->next)
            if (it->as.cite.ref)
                ci[k++] = (struct nashra_cite_call_item){it->as.cite.ref, it->as.cite.locator};
        calls[i] = (struct nashra_cite_call){ci, k, g_array_index(notes, int, i)};
    }
    struct nashra_cite_rich *rich = g_new0(struct nashra_cite_rich, MAX(n, 1));
    nashra_cite_proc_cite(p, calls, n, rich);
    const char *lang = m->resolved.lang;
    for (guint i = 0; i < n; i++) {
        struct nashra_node *c = g_ptr_array_index(citations, i);
        if (m->resolved.note_style) {
            resolve_note_citation(c, &rich[i], lang, written);
        } else {
            /* Cross-references cited with works come first, then the works as styled. */
            bool xref = false;
            for (struct nashra_node *it = c->first_child; it; it = it->next)
                xref = xref || it->as.cite.xref;
            if (xref) {
                const char *sep_text = nashra_cite_list_sep(lang);
                struct nashra_node *sep = resolve_node_at(NASHRA_NODE_TEXT, c);
                nashra_node_set_literal(sep, sep_text, strlen(sep_text));
                nashra_node_append_child(c, sep);
            }
            c->as.citation.styled = true;
            resolve_insert_rich(c, NULL, &rich[i], c, written);
        }
        nashra_cite_rich_clear(&rich[i]);
    }
    g_free(rich);
    g_ptr_array_unref(owned);
    g_free(calls);
    g_array_unref(notes);
    g_ptr_array_unref(citations);
    GPtrArray *entries = nashra_cite_proc_bibliography(p);
    if (entries->len) {
        bool hanging;
        nashra_cite_proc_bib_options(p, &hanging);
        resolve_references_section(doc, entries, lang, ids, hanging, written);
    }
    g_ptr_array_unref(entries);
    nashra_cite_proc_free(p);
}

void nashra_resolve(struct nashra_doc *doc, struct nashra_diag *diag)
{
    struct nashra_meta *m = &doc->meta;
    if (m->resolved.done)
        return;
    resolve_heading_ids(doc->root, diag);
    resolve_doc_facts(doc);
    if (m->lang && *m->lang && !nashra_lang_has_labels(m->lang)) {
        /* dates and digits still follow CLDR for the language; only the labels fall back */
        const struct nashra_pos *at = g_hash_table_lookup(m->positions, "lang");
        nashra_diag_report(diag, NASHRA_WARNING, at ? at->line : 0, at ? at->col : 0,
                           "no labels for language '%s'; using English", m->lang);
    }
    const char *lang = m->resolved.lang;
    enum nashra_digits digits = m->resolved.digits;
    GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal); /* id → node (borrowed) */
    GPtrArray *tables = g_ptr_array_new(), *items = g_ptr_array_new();
    int n_fig = 0, n_tbl = 0;
    struct nashra_iter it;
    enum nashra_event ev;
    nashra_iter_init(&it, doc->root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE)
        if (ev == NASHRA_EVENT_ENTER && it.cur->kind == NASHRA_NODE_TABLE)
            g_ptr_array_add(tables, it.cur);
    for (guint i = 0; i < tables->len; i++)
        resolve_table_caption(g_ptr_array_index(tables, i));
    /* Citations only now: a caption paragraph, freed above, may have held some. */
    nashra_iter_init(&it, doc->root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE)
        if (ev == NASHRA_EVENT_ENTER && it.cur->kind == NASHRA_NODE_CITE_ITEM)
            g_ptr_array_add(items, it.cur);
    /* Numbers and ids in document order. */
    nashra_iter_init(&it, doc->root);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER)
            continue;
        const char *id = NULL;
        if (n->kind == NASHRA_NODE_FIGURE) {
            struct nashra_node *img = n->first_child;
            if (img && img->kind == NASHRA_NODE_IMAGE) {
                /* The {…} ends the image's line (parse/notes.c): its text starts that many
                 * characters before the closing brace. */
                const char *attrs = img->as.link.attrs ? img->as.link.attrs : "";
                struct nashra_pos at = {img->end.line,
                                        img->end.col - (int)g_utf8_strlen(attrs, -1), 0};
                struct figure_attrs fa = {n, attrs, at, diag};
                resolve_attr_tokens(attrs, resolve_figure_attr, &fa);
                if (n->as.figure.id || (img->as.link.title && *img->as.link.title))
                    n->as.figure.number = ++n_fig;
                if (n->as.figure.number && img->as.link.title && *img->as.link.title)
                    n->as.figure.label =
                        resolve_caption_label(doc, NASHRA_TEXT_FIGURE, n->as.figure.number);
            }
            id = n->as.figure.id;
        } else if (n->kind == NASHRA_NODE_TABLE) {
            if (n->as.table.caption || n->as.table.id)
                n->as.table.number = ++n_tbl;
            if (n->as.table.caption && *n->as.table.caption)
                n->as.table.label =
                    resolve_caption_label(doc, NASHRA_TEXT_TABLE, n->as.table.number);
            resolve_table_numbers(n);
            id = n->as.table.id;
        } else if (n->kind == NASHRA_NODE_HEADING) {
            id = n->as.heading.id;
        }
        if (!id)
            continue;
        if (g_hash_table_contains(ids, id) && n->kind != NASHRA_NODE_HEADING)
            nashra_diag_report(diag, NASHRA_WARNING, n->start.line, n->start.col,
                               "duplicate id '%s'", id);
        else if (!g_hash_table_contains(ids, id))
            g_hash_table_insert(ids, (gpointer)id, n);
    }
    GHashTable *refs = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < m->references->len; i++) {
        struct nashra_ref *r = g_ptr_array_index(m->references, i);
        g_hash_table_insert(refs, r->id, r);
    }
    GPtrArray *cited = g_ptr_array_new();
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < items->len; i++) {
        struct nashra_node *n = g_ptr_array_index(items, i);
        const char *key = n->as.cite.key;
        const char *target_id = key[0] == '#' ? key + 1 : key;
        struct nashra_node *t = g_hash_table_lookup(ids, target_id);
        if (!t && g_str_has_prefix(key, "sec:"))
            t = g_hash_table_lookup(ids, key + 4);
        bool xref_syntax = key[0] == '#' || g_str_has_prefix(key, "fig:") ||
                           g_str_has_prefix(key, "tbl:") || g_str_has_prefix(key, "sec:");
        struct nashra_ref *r = t ? NULL : g_hash_table_lookup(refs, key);
        if (t) {
            n->as.cite.xref = true;
            n->as.cite.target = t;
            if (t->kind == NASHRA_NODE_FIGURE) {
                n->as.cite.dest = g_strdup(t->as.figure.id);
                n->as.cite.text = t->as.figure.number
                                      ? resolve_label(lang, NASHRA_TEXT_FIGURE,
                                                      t->as.figure.number, digits)
                                      : g_strdup(t->as.figure.id);
            } else if (t->kind == NASHRA_NODE_TABLE) {
                n->as.cite.dest = g_strdup(t->as.table.id);
                n->as.cite.text =
                    resolve_label(lang, NASHRA_TEXT_TABLE, t->as.table.number, digits);
            } else {
                n->as.cite.dest = g_strdup(t->as.heading.id);
                n->as.cite.text = nashra_node_plain_text(t);
            }
        } else if (r) {
            n->as.cite.ref = r;
            n->as.cite.dest = g_strconcat("ref-", r->id, NULL);
            if (!g_hash_table_contains(seen, r)) {
                g_hash_table_add(seen, r);
                g_ptr_array_add(cited, r);
            }
        } else if (xref_syntax) {
            nashra_diag_report(diag, NASHRA_ERROR, n->start.line, n->start.col,
                               "unknown cross-reference target '%s'", target_id);
        } else {
            nashra_diag_report(diag, NASHRA_ERROR, n->start.line, n->start.col,
                               "unknown citation key '%s'%s", key,
                               m->references->len || m->bibliography ? ""
                                                  : " (no references: give 'references' or "
                                                    "'bibliography' in the front matter)");
        }
    }
    /* What the citation processor writes: TEXT nodes, kept until directions are decided. */
    GPtrArray *written = g_ptr_array_new();
    if (cited->len) {
        resolve_citations(doc, items, ids, diag, written);
    } else if (m->citation_style) {
        /* Nothing cited, but the brief's own citation uses the style: it must exist. */
        char *used = NULL, *locale = NULL;
        GError *err = NULL;
        struct nashra_csl_style *st = nashra_cite_style_load(m, &used, &locale, &err);
        if (!st) {
            const struct nashra_pos *at = g_hash_table_lookup(m->positions, "citation-style");
            nashra_diag_report(diag, NASHRA_ERROR, at ? at->line : 1, at ? at->col : 1, "%s",
                               err ? err->message : "citation style cannot be used");
            g_clear_error(&err);
        }
        nashra_csl_style_free(st);
        g_free(used);
        g_free(locale);
    }
    g_hash_table_unref(seen);
    g_ptr_array_unref(cited);
    g_hash_table_unref(refs);
    g_ptr_array_unref(items);
    g_ptr_array_unref(tables);
    g_hash_table_unref(ids);
    /* The body's own paragraphs, the references' entries among them, in reading order: those
     * in a list, quote, callout or note are parts of something else (a div is transparent). */
    if (m->paragraph_numbers) {
        int n_para = 0;
        for (struct nashra_node *p = doc->root->first_child; p;) {
            if (p->kind == NASHRA_NODE_PARAGRAPH)
                p->as.paragraph.number = ++n_para;
            if (p->kind == NASHRA_NODE_DIV && p->first_child) {
                p = p->first_child;
                continue;
            }
            while (p && !p->next && p->parent != doc->root)
                p = p->parent;
            p = p ? p->next : NULL;
        }
    }
    /* Last: the references and notes made above are blocks too. */
    resolve_directions(doc);
    resolve_isolate_cited(doc, written);
    g_ptr_array_unref(written);
    resolve_smart_quotes(doc);
    resolve_masthead(doc);
    m->resolved.done = true;
}
