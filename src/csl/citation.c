#include "csl/csl_process.h"

#include <stdlib.h>
#include <string.h>

void csl_ctx_setup(struct nashra_csl_engine *e, struct csl_ctx *ctx,
                   const struct nashra_csl_item *item, const struct csl_pcite *pc,
                   bool bibliography)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->item = item;
    ctx->cite = pc ? pc->cite : NULL;
    ctx->bibliography = bibliography;
    ctx->position = pc ? pc->position : CSL_POS_FIRST;
    ctx->near_note = pc ? pc->near_note : false;
    ctx->citation_number = GPOINTER_TO_INT(g_hash_table_lookup(e->citation_number, item));
    ctx->year_suffix = GPOINTER_TO_INT(g_hash_table_lookup(e->year_suffix, item));
    const struct csl_disamb *d = e->disamb ? g_hash_table_lookup(e->disamb, item) : NULL;
    if (d) {
        ctx->disambiguate = d->disambiguate;
        if (!bibliography) {
            ctx->add_names = d->add_names;
            ctx->givenname_level = d->givenname_level;
            ctx->givenname_names = d->givenname_names;
        }
    }
    if (pc && pc->cite) {
        ctx->suppress_author = pc->cite->suppress_author;
        ctx->author_only = pc->cite->author_only;
    }
    ctx->first_reference_note_number =
        pc ? pc->first_note : GPOINTER_TO_INT(g_hash_table_lookup(e->first_note, item));
}

void csl_ctx_clear(struct csl_ctx *ctx)
{
    if (ctx->suppressed)
        g_hash_table_unref(ctx->suppressed);
    ctx->suppressed = NULL;
    if (ctx->subst_record)
        g_hash_table_unref(ctx->subst_record);
    ctx->subst_record = NULL;
}

/* ---- positions ---- */

struct last_cite {
    int citation;    /* 1-based index of the citation */
    int note;        /* its note, or the citation index when in the text */
    int pos;         /* 1-based place in the citation */
    bool alone;      /* the only cite of its citation */
    const char *locator, *label;
};

static bool str_eq(const char *a, const char *b)
{
    return g_strcmp0(a && *a ? a : NULL, b && *b ? b : NULL) == 0;
}

static void decide_positions(struct nashra_csl_engine *e, struct csl_pcitation *cs, guint n)
{
    const struct csl_node *cit = e->style->citation;
    const char *nnd = cit ? csl_attr(cit, "near-note-distance") : NULL;
    int distance = nnd ? atoi(nnd) : 5;
    bool note_style = e->style->note;
    /* In a note style, citations in the text (note 0) and in notes are two streams: ibid looks
     * back within its own stream only. */
    GHashTable *last[2], *note_items;
    for (int i = 0; i < 2; i++)
        last[i] = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    note_items = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify)g_hash_table_unref);
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    int sgroup[2] = {0, 0};
    for (guint ci = 0; ci < n; ci++) {
        struct csl_pcitation *c = &cs[ci];
        int st = note_style && c->note_index <= 0 ? 1 : 0;
        int group = ++sgroup[st];
        int note = c->note_index > 0 ? c->note_index : group;
        for (guint k = 0; k < c->n; k++) {
            struct csl_pcite *pc = &c->cites[k];
            int pos = (int)k + 1;
            if (c->n > 0 && c->cites[0].cite->author_only)
                pos = (int)k;
            struct last_cite *l = g_hash_table_lookup(last[st], pc->item);
            pc->position = CSL_POS_FIRST;
            pc->near_note = false;
            pc->first_note = 0;
            if (!g_hash_table_contains(seen, pc->item)) {
                g_hash_table_add(seen, (gpointer)pc->item);
                g_hash_table_insert(e->first_note, (gpointer)pc->item,
                                    GINT_TO_POINTER(c->note_index > 0 ? c->note_index : 0));
            } else {
                pc->position = CSL_POS_SUBSEQUENT;
                pc->first_note = GPOINTER_TO_INT(g_hash_table_lookup(e->first_note, pc->item));
                struct last_cite *ln = g_hash_table_lookup(last[0], pc->item);
                if (note_style && ln && c->note_index > 0 && note - ln->note <= distance)
                    pc->near_note = true;
            }
            if (l) {
                GHashTable *in_note = g_hash_table_lookup(note_items, GINT_TO_POINTER(l->note));
                bool prev_alone = l->alone && (st == 1 || !in_note ||
                                               g_hash_table_size(in_note) <= 1);
                bool notes_ok = st == 1 || c->note_index <= 0 || l->note <= 0 ||
                                c->note_index - l->note <= 1;
                bool follows = (group == l->citation && pos == l->pos + 1) ||
                               (group == l->citation + 1 && notes_ok && pos == 1 && prev_alone);
                if (follows && group == l->citation && k > 0 && c->cites[k - 1].item != pc->item)
                    follows = false;
                if (follows) {
                    const char *loc = pc->cite->locator;
                    bool has = loc && *loc, had = l->locator && *l->locator;
                    if (!had && !has)
                        pc->position = CSL_POS_IBID;
                    else if (!had && has)
                        pc->position = CSL_POS_IBID_WITH_LOCATOR;
                    else if (had && has) {
                        const char *lb = pc->cite->label ? pc->cite->label : "page";
                        const char *pl = l->label ? l->label : "page";
                        pc->position = str_eq(loc, l->locator) && strcmp(lb, pl) == 0
                                           ? CSL_POS_IBID
                                           : CSL_POS_IBID_WITH_LOCATOR;
                    }
                }
            }
            pc->cite->position = pc->position;
            pc->cite->near_note = pc->near_note;
            if (st == 0 && c->note_index > 0) {
                GHashTable *s = g_hash_table_lookup(note_items, GINT_TO_POINTER(note));
                if (!s) {
                    s = g_hash_table_new(g_direct_hash, g_direct_equal);
                    g_hash_table_insert(note_items, GINT_TO_POINTER(note), s);
                }
                g_hash_table_add(s, (gpointer)pc->item);
            }
            if (pc->cite->author_only)
                continue;
            if (!l) {
                l = g_new0(struct last_cite, 1);
                g_hash_table_insert(last[st], (gpointer)pc->item, l);
            }
            l->citation = group;
            l->note = c->note_index > 0 ? c->note_index : 0;
            l->pos = pos;
            l->alone = c->n == 1 || (c->n == 2 && c->cites[0].item == c->cites[1].item &&
                                     c->cites[0].cite->author_only &&
                                     c->cites[1].cite->suppress_author);
            l->locator = pc->cite->locator;
            l->label = pc->cite->label;
        }
    }
    g_hash_table_unref(seen);
    g_hash_table_unref(note_items);
    g_hash_table_unref(last[0]);
    g_hash_table_unref(last[1]);
}

/* ---- output helpers ---- */

static struct nashra_csl_out *find_var(struct nashra_csl_out *o, const char *var, int depth)
{
    if (!o || depth > 200)
        return NULL;
    if (o->var && strcmp(o->var, var) == 0)
        return o;
    if (o->kind == CSL_OUT_GROUP && o->children)
        for (guint i = 0; i < o->children->len; i++) {
            struct nashra_csl_out *r = find_var(o->children->pdata[i], var, depth + 1);
            if (r)
                return r;
        }
    return NULL;
}

static void find_all_var(struct nashra_csl_out *o, const char *var, GPtrArray *acc, int depth)
{
    if (!o || depth > 200)
        return;
    if (o->var && strcmp(o->var, var) == 0) {
        g_ptr_array_add(acc, o);
        return;
    }
    if (o->kind == CSL_OUT_GROUP && o->children)
        for (guint i = 0; i < o->children->len; i++)
            find_all_var(o->children->pdata[i], var, acc, depth + 1);
}

/* Makes O render as TEXT (NULL: nothing), keeping its formatting. */
static void replace_content(struct nashra_csl_out *o, const char *text)
{
    if (o->kind == CSL_OUT_TEXT) {
        g_free(o->text);
        o->text = g_strdup(text ? text : "");
        return;
    }
    if (o->children)
        g_ptr_array_set_size(o->children, 0);
    if (!text || !*text) {
        g_clear_pointer(&o->prefix, g_free);
        g_clear_pointer(&o->suffix, g_free);
        return;
    }
    csl_out_append(o, csl_out_text(text));
}

static void out_free_cb(gpointer p)
{
    nashra_csl_out_free(p);
}

/* Note styles: a term ("ibid.") opening a citation, or following a prefix that ends a
 * sentence, is capitalized. Only terms: text values and variables stay as written. */
static bool capitalize_first(struct nashra_csl_out *o, bool in_term, int depth)
{
    if (!o || depth > 200)
        return true;
    in_term = in_term || (o->var && strcmp(o->var, "term") == 0);
    if (o->kind == CSL_OUT_TEXT) {
        if (!o->text || !*o->text)
            return false;
        gunichar c = g_utf8_get_char(o->text);
        if (in_term && g_unichar_islower(c)) {
            char buf[8];
            int l = g_unichar_to_utf8(g_unichar_toupper(c), buf);
            char *t = g_strdup_printf("%.*s%s", l, buf, g_utf8_next_char(o->text));
            g_free(o->text);
            o->text = t;
        }
        return true;
    }
    if (o->prefix && *o->prefix)
        return true;
    for (guint i = 0; o->children && i < o->children->len; i++) {
        struct nashra_csl_out *ch = o->children->pdata[i];
        if (csl_out_is_empty(ch))
            continue;
        if (capitalize_first(ch, in_term, depth + 1))
            return true;
    }
    return false;
}

static bool ends_sentence(const char *s)
{
    const char *end = s + strlen(s);
    while (end > s) {
        const char *p = g_utf8_find_prev_char(s, end);
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || c == '"' || c == '\'' || c == 0x201D || c == 0x2019 ||
            c == 0xBB) {
            end = p;
            continue;
        }
        /* a one-word prefix ("Cf.") is an abbreviation, not a sentence */
        return (c == '.' || c == '!' || c == '?') && memchr(s, ' ', (size_t)(p - s)) != NULL;
    }
    return false;
}

/* ---- one citation ---- */

struct unit {
    struct nashra_csl_out *out;
    const struct nashra_csl_item *item;
    bool prefix, suffix;
    char *names_key;
    int cnum;
    bool number_only;
    int year;
    int ysfx;
    bool locator;
};

static const char *opt_attr(const struct csl_node *n, const char *name)
{
    return n ? csl_attr(n, name) : NULL;
}

static bool only_number(const char *flat, int num)
{
    GString *s = g_string_new(NULL);
    for (const char *p = flat; *p; p++)
        if (g_ascii_isalnum(*p))
            g_string_append_c(s, *p);
    char buf[32];
    g_snprintf(buf, sizeof buf, "%d", num);
    bool r = strcmp(s->str, buf) == 0;
    g_string_free(s, TRUE);
    return r;
}

/* A group holding PIECES (consumed), each followed by its separator SEPS[i] (NULL after the
 * last). */
static struct nashra_csl_out *join_pieces(GPtrArray *pieces, GPtrArray *seps,
                                          const char *delim)
{
    struct nashra_csl_out *g = csl_out_group();
    bool uniform = true;
    for (guint i = 0; i + 1 < pieces->len; i++)
        if (g_strcmp0(seps->pdata[i], delim) != 0)
            uniform = false;
    if (uniform) {
        g->delimiter = g_strdup(delim);
        for (guint i = 0; i < pieces->len; i++)
            csl_out_append(g, pieces->pdata[i]);
        return g;
    }
    for (guint i = 0; i < pieces->len; i++) {
        struct nashra_csl_out *p = pieces->pdata[i];
        if (i + 1 < pieces->len && seps->pdata[i]) {
            struct nashra_csl_out *w = csl_out_group();
            csl_out_append(w, p);
            w->suffix = g_strdup(seps->pdata[i]);
            p = w;
        }
        csl_out_append(g, p);
    }
    return g;
}

/* In a cite collapsed into the previous one with the same year: keep the year-suffix, drop
 * the date it follows (citeproc-js suppresses the repeated year). */
static void strip_to_suffix(struct nashra_csl_out *out)
{
    struct nashra_csl_out *d = find_var(out, "date", 0);
    if (!d)
        return;
    struct nashra_csl_out *ys = find_var(d, "year-suffix", 0);
    if (!ys || d->kind != CSL_OUT_GROUP) {
        replace_content(d, NULL);
        return;
    }
    ys = csl_out_copy(ys);
    if (d->children)
        g_ptr_array_set_size(d->children, 0);
    csl_out_append(d, ys);
}

static bool same_names(const struct unit *a, const struct unit *b)
{
    if (b->prefix || a->suffix)
        return false;
    if (!a->names_key || !b->names_key)
        return !a->names_key && !b->names_key;
    return strcmp(a->names_key, b->names_key) == 0;
}

/* Collapsing in citation order, with citeproc-js's choice of delimiter before each cite
 * (CSL.getSpliceDelimiter): after-collapse-delimiter when set, else cite-group-delimiter
 * between cites with the same names, else ", " after a collapsed cite in in-text styles,
 * else the layout's delimiter. Repeated years shrink to their suffix, joined by
 * cite-group-delimiter, year-suffix-delimiter or the layout's delimiter. */
static void collapse_linear(struct nashra_csl_engine *e, GPtrArray *units, const char *collapse,
                            const char *delim, const char *cg_delim, const char *ys_delim,
                            const char *ac_delim, GPtrArray *pieces, GPtrArray *seps)
{
    guint n = units->len;
    if (n == 0)
        return;
    bool *same = g_new0(bool, n), *coll = g_new0(bool, n), *sfx = g_new0(bool, n);
    bool suffixes = collapse && strncmp(collapse, "year-suffix", 11) == 0;
    bool ranged = collapse && strcmp(collapse, "year-suffix-ranged") == 0;
    const char *ys_eff = cg_delim ? cg_delim : ys_delim ? ys_delim : delim;
    for (guint i = 1; i < n; i++) {
        struct unit *u = units->pdata[i], *p = units->pdata[i - 1];
        same[i] = same_names(p, u);
        coll[i] = collapse && same[i];
        if (!coll[i])
            continue;
        struct nashra_csl_out *nm = find_var(u->out, "names", 0);
        if (nm)
            replace_content(nm, NULL);
        if (suffixes && u->ysfx > 0 && p->ysfx > 0 && u->year == p->year &&
            find_var(u->out, "year-suffix", 0)) {
            sfx[i] = true;
            strip_to_suffix(u->out);
        }
    }
    GPtrArray *before = g_ptr_array_new();
    for (guint i = 0; i < n; i++) {
        struct unit *u = units->pdata[i];
        const char *sep = NULL;
        if (i > 0) {
            struct unit *p = units->pdata[i - 1];
            if (sfx[i])
                sep = ys_eff;
            else if (ac_delim) {
                bool loc = p->locator;
                if (loc || (coll[i - 1] && !coll[i]) ||
                    (!coll[i - 1] && !coll[i] && (!collapse || strcmp(collapse, "year-suffix") != 0)))
                    sep = ac_delim;
                else
                    sep = delim;
            } else if (cg_delim && same[i])
                sep = cg_delim;
            else if (coll[i] && !e->style->note)
                sep = ", ";
            else
                sep = delim;
        }
        /* year-suffix-ranged: three or more consecutive suffixes become "a–c" */
        if (ranged && sfx[i] && i + 1 < n && sfx[i + 1]) {
            guint j = i;
            while (j + 1 < n && sfx[j + 1] &&
                   ((struct unit *)units->pdata[j + 1])->ysfx ==
                       ((struct unit *)units->pdata[j])->ysfx + 1 &&
                   !((struct unit *)units->pdata[j])->locator)
                j++;
            struct unit *p = units->pdata[i - 1];
            if (u->ysfx == p->ysfx + 1 && !p->locator && j > i) {
                for (guint k = i; k < j; k++) {
                    struct unit *m = units->pdata[k];
                    nashra_csl_out_free(m->out);
                    m->out = NULL;
                }
                g_ptr_array_add(before, (gpointer) "\u2013");
                g_ptr_array_add(pieces, ((struct unit *)units->pdata[j])->out);
                i = j;
                continue;
            }
        }
        if (i > 0)
            g_ptr_array_add(before, (gpointer)sep);
        g_ptr_array_add(pieces, u->out);
    }
    for (guint k = 0; k < before->len; k++)
        g_ptr_array_add(seps, before->pdata[k]);
    g_ptr_array_add(seps, NULL);
    g_ptr_array_unref(before);
    g_free(same);
    g_free(coll);
    g_free(sfx);
}

static struct nashra_csl_out *render_citation(struct nashra_csl_engine *e,
                                              struct csl_pcitation *c)
{
    const struct csl_node *layout = e->style->citation_layout;
    const struct csl_node *cit = e->style->citation;
    if (!layout)
        return csl_out_group();
    const char *delim = csl_attr(layout, "delimiter");
    GPtrArray *units = g_ptr_array_new();
    for (guint k = 0; k < c->n; k++) {
        struct csl_pcite *pc = &c->cites[k];
        struct csl_ctx ctx;
        csl_ctx_setup(e, &ctx, pc->item, pc, false);
        struct nashra_csl_out *body = csl_render_item(e, layout, &ctx);
        csl_ctx_clear(&ctx);
        bool has_prefix = pc->cite->prefix && *pc->cite->prefix;
        if (e->style->note &&
            ((k == 0 && !has_prefix) || (has_prefix && ends_sentence(pc->cite->prefix))))
            capitalize_first(body, false, 0);
        struct unit *u = g_new0(struct unit, 1);
        u->item = pc->item;
        u->locator = pc->cite->locator && *pc->cite->locator;
        u->out = csl_out_group();
        u->out->item = pc->item;
        if (pc->cite->prefix && *pc->cite->prefix) {
            csl_out_append(u->out, csl_out_rich(pc->cite->prefix));
            u->prefix = true;
        }
        struct nashra_csl_out *names = find_var(body, "names", 0);
        if (names) {
            char *f = csl_out_flat(names);
            if (f && *f)
                u->names_key = f;
            else
                g_free(f);
        }
        u->cnum = ctx.citation_number;
        u->ysfx = ctx.year_suffix;
        const struct csl_date *d = csl_item_date(pc->item, "issued");
        u->year = d && !d->literal ? d->from.year : 0;
        char *flat = csl_out_flat(body);
        u->number_only = only_number(flat ? flat : "", u->cnum);
        g_free(flat);
        csl_out_append(u->out, body);
        if (pc->cite->suffix && *pc->cite->suffix) {
            csl_out_append(u->out, csl_out_rich(pc->cite->suffix));
            u->suffix = true;
        }
        if (csl_out_is_empty(u->out)) {
            nashra_csl_out_free(u->out);
            g_free(u->names_key);
            g_free(u);
            continue;
        }
        g_ptr_array_add(units, u);
    }

    const char *collapse = opt_attr(cit, "collapse");
    const char *cg_delim = opt_attr(cit, "cite-group-delimiter");
    const char *ys_delim = opt_attr(cit, "year-suffix-delimiter");
    const char *ac_delim = opt_attr(cit, "after-collapse-delimiter");
    if (!ac_delim && collapse && strcmp(collapse, "citation-number") == 0)
        ac_delim = delim;
    GPtrArray *pieces = g_ptr_array_new(), *seps = g_ptr_array_new();
    if (collapse && strcmp(collapse, "citation-number") == 0) {
        guint i = 0;
        while (i < units->len) {
            struct unit *u = units->pdata[i];
            guint j = i + 1;
            if (u->number_only && !u->prefix && !u->suffix)
                while (j < units->len) {
                    struct unit *v = units->pdata[j], *p = units->pdata[j - 1];
                    if (!v->number_only || v->prefix || v->suffix || v->cnum != p->cnum + 1)
                        break;
                    j++;
                }
            if (j - i >= 3) {
                struct nashra_csl_out *r = csl_out_group();
                r->delimiter = g_strdup("\u2013");
                csl_out_append(r, u->out);
                csl_out_append(r, ((struct unit *)units->pdata[j - 1])->out);
                for (guint x = i + 1; x < j - 1; x++)
                    nashra_csl_out_free(((struct unit *)units->pdata[x])->out);
                g_ptr_array_add(pieces, r);
                g_ptr_array_add(seps, (gpointer)ac_delim);
            } else {
                for (guint x = i; x < j; x++) {
                    g_ptr_array_add(pieces, ((struct unit *)units->pdata[x])->out);
                    g_ptr_array_add(seps, (gpointer)delim);
                }
            }
            i = j;
        }
    } else if (collapse || cg_delim) {
        /* citeproc-js groups cites by names only when the citation is sorted ("grouped
         * sort"): later cites with the same names move up behind the first, never past a
         * prefix or suffix. Unsorted citations keep their order. */
        if (e->style->citation_sort && (cg_delim || !e->style->note)) {
            bool *used = g_new0(bool, units->len + 1);
            GPtrArray *order = g_ptr_array_new();
            for (guint i = 0; i < units->len; i++) {
                if (used[i])
                    continue;
                used[i] = true;
                struct unit *u = units->pdata[i];
                g_ptr_array_add(order, u);
                if (u->suffix || !u->names_key)
                    continue;
                for (guint j = i + 1; j < units->len; j++) {
                    struct unit *v = units->pdata[j];
                    if (v->prefix || v->suffix)
                        break;
                    if (!used[j] && v->names_key && strcmp(v->names_key, u->names_key) == 0) {
                        used[j] = true;
                        g_ptr_array_add(order, v);
                    }
                }
            }
            g_free(used);
            for (guint i = 0; i < order->len; i++)
                units->pdata[i] = order->pdata[i];
            g_ptr_array_unref(order);
        }
        collapse_linear(e, units, collapse, delim, cg_delim, ys_delim, ac_delim, pieces, seps);
    } else {
        for (guint i = 0; i < units->len; i++) {
            g_ptr_array_add(pieces, ((struct unit *)units->pdata[i])->out);
            g_ptr_array_add(seps, (gpointer)delim);
        }
    }
    struct nashra_csl_out *g = join_pieces(pieces, seps, delim);
    g_ptr_array_unref(pieces);
    g_ptr_array_unref(seps);
    for (guint i = 0; i < units->len; i++) {
        struct unit *u = units->pdata[i];
        g_free(u->names_key);
        g_free(u);
    }
    g_ptr_array_unref(units);
    if (csl_out_is_empty(g))
        return g;
    return csl_decorate(e, layout, g);
}

GPtrArray *nashra_csl_engine_cite(struct nashra_csl_engine *e,
                                  struct nashra_csl_citation *citations, guint n,
                                  GPtrArray *missing)
{
    g_return_val_if_fail(e != NULL, NULL);
    g_ptr_array_set_size(e->cited, 0);
    g_hash_table_remove_all(e->year_suffix);
    g_hash_table_remove_all(e->first_note);
    if (e->disamb)
        g_hash_table_remove_all(e->disamb);
    GHashTable *cited = g_hash_table_new(g_direct_hash, g_direct_equal);
    GHashTable *miss = g_hash_table_new(g_str_hash, g_str_equal);
    struct csl_pcitation *pcs = g_new0(struct csl_pcitation, n ? n : 1);
    for (guint i = 0; i < n; i++) {
        struct nashra_csl_citation *c = &citations[i];
        pcs[i].note_index = c->note_index;
        pcs[i].cites = g_new0(struct csl_pcite, c->n_items ? c->n_items : 1);
        for (guint k = 0; k < c->n_items; k++) {
            struct nashra_csl_cite *ct = &c->items[k];
            ct->position = CSL_POS_FIRST;
            ct->near_note = false;
            const struct nashra_csl_item *it = ct->id ? g_hash_table_lookup(e->by_id, ct->id)
                                                      : NULL;
            if (!it) {
                if (ct->id && !g_hash_table_contains(miss, ct->id)) {
                    g_hash_table_add(miss, (gpointer)ct->id);
                    if (missing)
                        g_ptr_array_add(missing, g_strdup(ct->id));
                }
                continue;
            }
            if (!g_hash_table_contains(cited, it)) {
                g_hash_table_add(cited, (gpointer)it);
                g_ptr_array_add(e->cited, (gpointer)it);
            }
            struct csl_pcite *pc = &pcs[i].cites[pcs[i].n++];
            pc->item = it;
            pc->cite = ct;
        }
    }
    g_hash_table_unref(cited);
    g_hash_table_unref(miss);
    csl_assign_citation_numbers(e);
    for (guint i = 0; i < n; i++)
        csl_sort_cites(e, &pcs[i]);
    decide_positions(e, pcs, n);
    csl_disambiguate(e, pcs, n);
    GPtrArray *res = g_ptr_array_new_with_free_func(out_free_cb);
    for (guint i = 0; i < n; i++)
        g_ptr_array_add(res, render_citation(e, &pcs[i]));
    for (guint i = 0; i < n; i++)
        g_free(pcs[i].cites);
    g_free(pcs);
    return res;
}

/* ---- bibliography ---- */

/* The node holding the single names of NAMES (the parent of its first "name"), or NULL. */
static struct nashra_csl_out *names_parent(struct nashra_csl_out *o, int depth)
{
    if (!o || o->kind != CSL_OUT_GROUP || !o->children || depth > 200)
        return NULL;
    for (guint i = 0; i < o->children->len; i++) {
        struct nashra_csl_out *c = o->children->pdata[i];
        if (c->var && strcmp(c->var, "name") == 0)
            return o;
    }
    for (guint i = 0; i < o->children->len; i++) {
        struct nashra_csl_out *r = names_parent(o->children->pdata[i], depth + 1);
        if (r)
            return r;
    }
    return NULL;
}

/* Each single name's text; when there are none (a substituted title), the whole. */
static GPtrArray *names_texts(struct nashra_csl_out *nm)
{
    GPtrArray *r = g_ptr_array_new_with_free_func(g_free);
    if (!nm)
        return r;
    GPtrArray *nodes = g_ptr_array_new();
    find_all_var(nm, "name", nodes, 0);
    for (guint k = 0; k < nodes->len; k++)
        g_ptr_array_add(r, csl_out_flat(nodes->pdata[k]));
    if (nodes->len == 0) {
        char *f = csl_out_flat(nm);
        if (f && *f)
            g_ptr_array_add(r, f);
        else
            g_free(f);
    }
    g_ptr_array_unref(nodes);
    return r;
}

static void author_substitute(struct nashra_csl_engine *e, GPtrArray *entries)
{
    const struct csl_node *bib = e->style->bibliography;
    const char *sub = opt_attr(bib, "subsequent-author-substitute");
    if (!sub)
        return;
    const char *rule = opt_attr(bib, "subsequent-author-substitute-rule");
    if (!rule)
        rule = "complete-all";
    GPtrArray *prev = NULL;
    for (guint i = 0; i < entries->len; i++) {
        struct nashra_csl_out *nm = find_var(entries->pdata[i], "names", 0);
        GPtrArray *cur = names_texts(nm);
        guint match = 0;
        while (prev && match < cur->len && match < prev->len &&
               strcmp(cur->pdata[match], prev->pdata[match]) == 0)
            match++;
        bool all = cur->len > 0 && prev && match == cur->len && match == prev->len;
        GPtrArray *nodes = g_ptr_array_new();
        if (nm)
            find_all_var(nm, "name", nodes, 0);
        bool replaced = false;
        if (strcmp(rule, "complete-each") == 0) {
            if (all) {
                if (nodes->len == 0)
                    replace_content(nm, sub);
                for (guint k = 0; k < nodes->len; k++)
                    replace_content(nodes->pdata[k], sub);
                replaced = true;
            }
        } else if (strcmp(rule, "partial-each") == 0 || strcmp(rule, "partial-first") == 0) {
            if (match > 0 && nodes->len > 0) {
                guint lim = strcmp(rule, "partial-first") == 0 ? 1 : match;
                for (guint k = 0; k < lim && k < nodes->len; k++)
                    replace_content(nodes->pdata[k], sub);
                replaced = true;
            } else if (all) {
                replace_content(nm, sub);
                replaced = true;
            }
        } else if (all) {
            /* complete-all: the names give way to the substitute, a label stays */
            struct nashra_csl_out *p = names_parent(nm, 0);
            replace_content(p ? p : nm, sub);
            replaced = true;
        }
        g_ptr_array_unref(nodes);
        if (replaced) {
            g_ptr_array_unref(cur);
        } else {
            if (prev)
                g_ptr_array_unref(prev);
            prev = cur;
        }
    }
    if (prev)
        g_ptr_array_unref(prev);
}

static bool node_uses_citation_number(const struct csl_node *n, int depth)
{
    if (!n || depth > CSL_MAX_DEPTH)
        return false;
    const char *v = csl_attr(n, "variable");
    if (v && strstr(v, "citation-number"))
        return true;
    for (const struct csl_node *c = n->first; c; c = c->next)
        if (node_uses_citation_number(c, depth + 1))
            return true;
    return false;
}

/* A numeric style: its citations print citation numbers. */
static bool style_numeric(const struct nashra_csl_engine *e)
{
    if (node_uses_citation_number(e->style->citation, 0))
        return true;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, e->style->macros);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (node_uses_citation_number(v, 0))
            return true;
    return false;
}

GPtrArray *nashra_csl_engine_bibliography(struct nashra_csl_engine *e, bool all, GPtrArray *ids)
{
    g_return_val_if_fail(e != NULL, NULL);
    const struct csl_node *layout = e->style->bibliography_layout;
    if (!layout)
        return NULL;
    if (g_hash_table_size(e->citation_number) == 0)
        csl_assign_citation_numbers(e);
    if (!e->disamb)
        csl_disambiguate(e, NULL, 0);
    GPtrArray *order = csl_bibliography_order(e, all);
    const char *sfa = opt_attr(e->style->bibliography, "second-field-align");
    GPtrArray *res = g_ptr_array_new_with_free_func(out_free_cb);
    for (guint i = 0; i < order->len; i++) {
        const struct nashra_csl_item *it = order->pdata[i];
        struct csl_ctx ctx;
        csl_ctx_setup(e, &ctx, it, NULL, true);
        struct nashra_csl_out *body = csl_render_item(e, layout, &ctx);
        csl_ctx_clear(&ctx);
        if (sfa && body->kind == CSL_OUT_GROUP && body->children && body->children->len > 1 &&
            (strcmp(sfa, "flush") == 0 || strcmp(sfa, "margin") == 0)) {
            struct nashra_csl_out *left = csl_out_group(), *right = csl_out_group();
            left->display = "left-margin";
            right->display = "right-inline";
            struct nashra_csl_out *g = csl_out_group();
            g->delimiter = body->delimiter ? g_strdup(body->delimiter) : NULL;
            /* the first field is the first child giving output */
            GPtrArray *ch = body->children;
            guint first = 0;
            while (first < ch->len && csl_out_is_empty(ch->pdata[first]))
                first++;
            for (guint k = 0; k < ch->len; k++) {
                struct nashra_csl_out *c = csl_out_copy(ch->pdata[k]);
                csl_out_append(k <= first ? left : right, c);
            }
            right->delimiter = body->delimiter ? g_strdup(body->delimiter) : NULL;
            csl_out_append(g, left);
            csl_out_append(g, right);
            nashra_csl_out_free(body);
            body = g;
        }
        struct nashra_csl_out *right = NULL;
        if (body->display == NULL && body->children && body->children->len == 2) {
            struct nashra_csl_out *r1 = body->children->pdata[1];
            if (r1->display && strcmp(r1->display, "right-inline") == 0)
                right = r1;
        }
        if (csl_out_is_empty(body)) {
            nashra_csl_out_free(body);
            if (!style_numeric(e))
                continue;
            int num = GPOINTER_TO_INT(g_hash_table_lookup(e->citation_number, it));
            char *t = g_strdup_printf("%d. [CSL STYLE ERROR: reference with no printed form.]",
                                      num);
            body = csl_out_text(t);
            g_free(t);
            right = NULL;
        }
        struct nashra_csl_out *entry = csl_decorate(e, layout, body);
        /* the layout's suffix goes inside the right-inline block */
        if (right && entry->suffix && *entry->suffix) {
            char *s2 = g_strconcat(right->suffix ? right->suffix : "", entry->suffix, NULL);
            g_free(right->suffix);
            right->suffix = s2;
            g_clear_pointer(&entry->suffix, g_free);
        }
        g_ptr_array_add(res, entry);
        if (ids)
            g_ptr_array_add(ids, it->id);
    }
    author_substitute(e, res);
    g_ptr_array_unref(order);
    return res;
}
