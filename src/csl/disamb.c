#include "csl/csl_process.h"

#include <string.h>

void csl_disamb_free(gpointer p)
{
    struct csl_disamb *d = p;
    if (!d)
        return;
    if (d->givenname_names)
        g_hash_table_unref(d->givenname_names);
    g_free(d);
}

struct csl_disamb *csl_disamb_get(struct nashra_csl_engine *e, const struct nashra_csl_item *item)
{
    if (!e->disamb)
        e->disamb = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, csl_disamb_free);
    struct csl_disamb *d = g_hash_table_lookup(e->disamb, item);
    if (!d) {
        d = g_new0(struct csl_disamb, 1);
        g_hash_table_insert(e->disamb, (gpointer)item, d);
    }
    return d;
}

/* One rendering looked at for ambiguity: a cite as placed (without affixes and locator), or an
 * item alone as a first cite. Kept with the state it was rendered in: a probe is rendered
 * again only when its item's state changed. */
struct probe {
    const struct nashra_csl_item *item;
    enum csl_position position;
    bool near_note;
    bool rendered, listed;
    struct csl_dsig sig;
    char *text;
    const char *names_var;
    int names_shown, names_total;
};

struct dstate {
    struct nashra_csl_engine *e;
    GPtrArray *probes;     /* struct probe *: distinct (item, position, near note), first seen first */
    GHashTable *memo;      /* struct probe * → itself, by (item, position, near note) */
    GHashTable *bib_index; /* item → GINT position in the bibliography + 1 */
    GHashTable *amb_pos;   /* an ambiguous set → GINT the position its cites collided at */
};

static guint probe_hash(gconstpointer k)
{
    const struct probe *p = k;
    return g_direct_hash(p->item) * 31u + (guint)p->position * 2u + p->near_note;
}

static gboolean probe_equal(gconstpointer a, gconstpointer b)
{
    const struct probe *x = a, *y = b;
    return x->item == y->item && x->position == y->position && x->near_note == y->near_note;
}

static void probe_free(gpointer p)
{
    g_free(((struct probe *)p)->text);
    g_free(p);
}

struct csl_dsig csl_item_sig(struct nashra_csl_engine *e, const struct nashra_csl_item *item)
{
    struct csl_dsig g = {0};
    g.year_suffix = GPOINTER_TO_INT(g_hash_table_lookup(e->year_suffix, item));
    const struct csl_disamb *d = e->disamb ? g_hash_table_lookup(e->disamb, item) : NULL;
    if (d) {
        g.add_names = d->add_names;
        g.givenname_level = d->givenname_level;
        g.disambiguate = d->disambiguate;
        if (d->givenname_names) {
            GHashTableIter it;
            gpointer v;
            g_hash_table_iter_init(&it, d->givenname_names);
            while (g_hash_table_iter_next(&it, NULL, &v)) {
                g.gn_size++;
                g.gn_sum += GPOINTER_TO_INT(v);
            }
        }
    }
    return g;
}

bool csl_dsig_equal(const struct csl_dsig *a, const struct csl_dsig *b)
{
    return a->add_names == b->add_names && a->givenname_level == b->givenname_level &&
           a->year_suffix == b->year_suffix && a->gn_size == b->gn_size &&
           a->gn_sum == b->gn_sum && a->disambiguate == b->disambiguate;
}

static void render_probe(struct nashra_csl_engine *e, struct probe *p)
{
    struct csl_dsig g = csl_item_sig(e, p->item);
    if (p->rendered && csl_dsig_equal(&g, &p->sig))
        return;
    struct nashra_csl_cite cite = {.id = p->item->id};
    struct csl_pcite pc = {.item = p->item, .cite = &cite, .position = p->position,
                           .near_note = p->near_note};
    pc.first_note = GPOINTER_TO_INT(g_hash_table_lookup(e->first_note, p->item));
    struct csl_ctx ctx;
    csl_ctx_setup(e, &ctx, p->item, &pc, false);
    struct nashra_csl_out *o = csl_render_item(e, e->style->citation_layout, &ctx);
    g_free(p->text);
    p->text = csl_out_flat(o);
    p->names_var = ctx.subst_var;
    p->names_shown = ctx.names_shown;
    p->names_total = ctx.names_total;
    p->rendered = true;
    p->sig = g;
    csl_ctx_clear(&ctx);
    nashra_csl_out_free(o);
}

/* The probe of ITEM at POS (NEAR: near note), rendered in the item's present state. LIST:
 * list it among the probes compared for ambiguity instead (render_all renders those). */
static struct probe *probe_get(struct dstate *s, const struct nashra_csl_item *item,
                               enum csl_position pos, bool near, bool list)
{
    struct probe key = {.item = item, .position = pos, .near_note = near};
    struct probe *p = g_hash_table_lookup(s->memo, &key);
    if (!p) {
        p = g_memdup2(&key, sizeof key);
        g_hash_table_add(s->memo, p);
    }
    if (list) {
        if (!p->listed)
            g_ptr_array_add(s->probes, p);
        p->listed = true;
    }
    else
        render_probe(s->e, p);
    return p;
}

static void render_all(struct dstate *s)
{
    for (guint i = 0; i < s->probes->len; i++)
        render_probe(s->e, s->probes->pdata[i]);
}

static int probe_text_cmp(gconstpointer a, gconstpointer b)
{
    const struct probe *x = *(struct probe *const *)a, *y = *(struct probe *const *)b;
    return g_strcmp0(x->text, y->text);
}

/* The sets of distinct items whose renderings collide: a GPtrArray of GPtrArray of items. */
static GPtrArray *ambiguities(struct dstate *s)
{
    GPtrArray *sorted = g_ptr_array_new();
    for (guint i = 0; i < s->probes->len; i++) {
        struct probe *p = s->probes->pdata[i];
        if (p->text && *p->text)
            g_ptr_array_add(sorted, p);
    }
    g_ptr_array_sort(sorted, probe_text_cmp);
    GPtrArray *res = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    guint i = 0;
    while (i < sorted->len) {
        struct probe *p = sorted->pdata[i];
        guint j = i + 1;
        while (j < sorted->len && strcmp(((struct probe *)sorted->pdata[j])->text, p->text) == 0)
            j++;
        GPtrArray *items = g_ptr_array_new();
        for (guint k = i; k < j; k++) {
            const struct nashra_csl_item *it = ((struct probe *)sorted->pdata[k])->item;
            bool dup = false;
            for (guint m = 0; m < items->len && !dup; m++)
                dup = items->pdata[m] == it;
            if (!dup)
                g_ptr_array_add(items, (gpointer)it);
        }
        if (items->len > 1) {
            g_ptr_array_add(res, items);
            g_hash_table_insert(s->amb_pos, items, GINT_TO_POINTER(p->position));
        }
        else
            g_ptr_array_unref(items);
        i = j;
    }
    g_ptr_array_unref(sorted);
    return res;
}

/* Which of ITEMS render differently from all the others at POS: a bool per item. */
static bool *unique_texts(struct dstate *s, GPtrArray *items, enum csl_position pos)
{
    const char **t = g_new0(const char *, items->len + 1);
    for (guint i = 0; i < items->len; i++)
        t[i] = probe_get(s, items->pdata[i], pos, false, false)->text;
    bool *u = g_new0(bool, items->len + 1);
    for (guint i = 0; i < items->len; i++) {
        u[i] = true;
        for (guint j = 0; j < items->len && u[i]; j++)
            if (j != i && g_strcmp0(t[i], t[j]) == 0)
                u[i] = false;
    }
    g_free(t);
    return u;
}

static const char *name_var(struct dstate *s, const struct nashra_csl_item *item, int *shown)
{
    struct probe *p = probe_get(s, item, CSL_POS_FIRST, false, false);
    if (shown)
        *shown = p->names_shown;
    return p->names_var ? p->names_var : "author";
}

/* TRIAL: the given-name level names are compared at while counting names (the rule's: a
 * name added to tell cites apart may show its given name too). */
static void add_names(struct dstate *s, GPtrArray *items, int trial, enum csl_position pos)
{
    struct nashra_csl_engine *e = s->e;
    int max_extra = 0;
    for (guint i = 0; i < items->len; i++) {
        int shown = 0;
        const char *var = name_var(s, items->pdata[i], &shown);
        GPtrArray *ns = csl_item_names(items->pdata[i], var);
        (void)shown; /* shown at the first position; the set may collide at another */
        int extra = ns ? (int)ns->len - 1 : 0;
        if (extra > max_extra)
            max_extra = extra;
    }
    GPtrArray *rest = g_ptr_array_new();
    for (guint i = 0; i < items->len; i++)
        g_ptr_array_add(rest, items->pdata[i]);
    int *last_good = g_new0(int, items->len + 1);
    for (int n = 1; n <= max_extra && rest->len > 1 && n < CSL_MAX_NAMES; n++) {
        int *saved = g_new0(int, rest->len + 1);
        for (guint i = 0; i < rest->len; i++) {
            struct csl_disamb *d = csl_disamb_get(e, rest->pdata[i]);
            d->add_names = n;
            saved[i] = d->givenname_level;
            if (trial > d->givenname_level)
                d->givenname_level = trial;
        }
        bool *u = unique_texts(s, rest, pos);
        for (guint i = 0; i < rest->len; i++)
            csl_disamb_get(e, rest->pdata[i])->givenname_level = saved[i];
        g_free(saved);
        bool any = false;
        for (guint i = 0; i < rest->len; i++)
            any |= u[i];
        if (any) {
            for (guint i = 0; i < rest->len; i++)
                last_good[i] = n;
            for (guint i = rest->len; i-- > 0;)
                if (u[i]) {
                    g_ptr_array_remove_index(rest, i);
                    memmove(last_good + i, last_good + i + 1,
                            sizeof *last_good * (rest->len - i + 1));
                }
        }
        g_free(u);
    }
    for (guint i = 0; i < rest->len; i++)
        csl_disamb_get(e, rest->pdata[i])->add_names = last_good[i];
    g_free(last_good);
    g_ptr_array_unref(rest);
}

/* Initials of a given name, for telling whether initials alone tell two names apart. */
static char *initials(const char *given)
{
    GString *s = g_string_new(NULL);
    bool start = true;
    for (const char *p = given ? given : ""; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || c == '-' || c == '.') {
            start = true;
            continue;
        }
        if (start)
            g_string_append_unichar(s, g_unichar_toupper(c));
        start = false;
    }
    return g_string_free(s, FALSE);
}

static void set_name_level(struct nashra_csl_engine *e, const struct nashra_csl_item *item,
                           const struct csl_name *n, int level)
{
    struct csl_disamb *d = csl_disamb_get(e, item);
    if (!d->givenname_names)
        d->givenname_names = g_hash_table_new(g_direct_hash, g_direct_equal);
    int old = GPOINTER_TO_INT(g_hash_table_lookup(d->givenname_names, n));
    if (level > old)
        g_hash_table_insert(d->givenname_names, (gpointer)n, GINT_TO_POINTER(level));
}

/* A string field of a grouping key: NULL and "" differ (as g_strcmp0 has them), and the
 * length prefix keeps any bytes in the value from running into the next field. */
static void key_field(GString *k, const char *v)
{
    if (v)
        g_string_append_printf(k, "%zu:%s", strlen(v), v);
    else
        g_string_append_c(k, '-');
}

/* A given name without its spaces and periods ("J. J." and "J.J." are the same name). */
static void key_given(GString *k, const char *given)
{
    g_string_append_c(k, '|');
    for (const char *p = given ? given : ""; *p; p++)
        if (*p != ' ' && *p != '.')
            g_string_append_c(k, *p);
}

static void count_key(GHashTable *t, const char *key)
{
    gpointer old = NULL;
    if (g_hash_table_lookup_extended(t, key, NULL, &old))
        g_hash_table_insert(t, g_strdup(key), GINT_TO_POINTER(GPOINTER_TO_INT(old) + 1));
    else
        g_hash_table_insert(t, g_strdup(key), GINT_TO_POINTER(1));
}

static int key_count(GHashTable *t, const char *key)
{
    return GPOINTER_TO_INT(g_hash_table_lookup(t, key));
}

/* For each name of NAMES the level (1 initials, 2 full) that tells it apart from the other
 * names sharing its family name, 0 when none does; WITH_INITIALS: initials only. A name
 * counts against another when the family (and non-dropping particle) is the same and the
 * given name is not (same_name); initials clash when another such name has the same ones.
 * Counting names per family, per given name and per initials makes this linear, where
 * comparing every pair was quadratic in the cited names. */
static int *name_levels(GPtrArray *names, bool with_initials)
{
    int *lv = g_new0(int, names->len + 1);
    GHashTable *count = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char **fam = g_new0(char *, names->len + 1), **given = g_new0(char *, names->len + 1);
    char **init = g_new0(char *, names->len + 1), **both = g_new0(char *, names->len + 1);
    GString *k = g_string_new(NULL);
    for (guint i = 0; i < names->len; i++) {
        const struct csl_name *n = names->pdata[i];
        if (n->literal)
            continue; /* never the same family as anything */
        g_string_assign(k, "f");
        key_field(k, n->family);
        key_field(k, n->non_dropping_particle);
        fam[i] = g_strdup(k->str);
        char *mi = initials(n->given);
        g_string_append_c(k, 'i');
        key_field(k, mi);
        init[i] = g_strdup(k->str);
        key_given(k, n->given);
        both[i] = g_strdup(k->str);
        g_string_assign(k, fam[i]);
        g_string_append_c(k, 'g');
        key_given(k, n->given);
        given[i] = g_strdup(k->str);
        g_free(mi);
        count_key(count, fam[i]);
        count_key(count, given[i]);
        count_key(count, init[i]);
        count_key(count, both[i]);
    }
    for (guint i = 0; i < names->len; i++) {
        if (!fam[i])
            continue;
        if (key_count(count, fam[i]) - key_count(count, given[i]) == 0)
            lv[i] = 0;
        else if (key_count(count, init[i]) - key_count(count, both[i]) > 0)
            lv[i] = with_initials ? 0 : 2;
        else
            lv[i] = 1;
        g_free(fam[i]);
        g_free(given[i]);
        g_free(init[i]);
        g_free(both[i]);
    }
    g_string_free(k, true);
    g_free(fam);
    g_free(given);
    g_free(init);
    g_free(both);
    g_hash_table_unref(count);
    return lv;
}

/* Global given-name rules: names shared by family across all cited items. */
static void global_givennames(struct dstate *s, GPtrArray *items, const char *rule)
{
    struct nashra_csl_engine *e = s->e;
    bool primary = g_str_has_prefix(rule, "primary-name");
    bool with_init = g_str_has_suffix(rule, "with-initials");
    GPtrArray *all = g_ptr_array_new();
    GPtrArray *owner = g_ptr_array_new();
    for (guint i = 0; i < items->len; i++) {
        int shown = 0;
        const char *var = name_var(s, items->pdata[i], &shown);
        GPtrArray *ns = csl_item_names(items->pdata[i], var);
        guint lim = ns ? ns->len : 0;
        if (shown > 0 && (guint)shown < lim)
            lim = (guint)shown;
        if (primary && lim > 1)
            lim = 1;
        for (guint k = 0; k < lim; k++) {
            g_ptr_array_add(all, ns->pdata[k]);
            g_ptr_array_add(owner, items->pdata[i]);
        }
    }
    int *lv = name_levels(all, with_init);
    for (guint i = 0; i < all->len; i++)
        if (lv[i])
            set_name_level(e, owner->pdata[i], all->pdata[i], lv[i]);
    g_free(lv);
    g_ptr_array_unref(all);
    g_ptr_array_unref(owner);
}

/* By-cite: only within an ambiguous set, name by name. */
static void bycite_givennames(struct dstate *s, GPtrArray *items)
{
    struct nashra_csl_engine *e = s->e;
    GPtrArray *rest = g_ptr_array_new();
    for (guint i = 0; i < items->len; i++)
        g_ptr_array_add(rest, items->pdata[i]);
    for (guint pos = 0; rest->len > 1 && pos < 64; pos++) {
        GPtrArray *col = g_ptr_array_new(), *own = g_ptr_array_new();
        for (guint i = 0; i < rest->len; i++) {
            int shown = 0;
            const char *var = name_var(s, rest->pdata[i], &shown);
            GPtrArray *ns = csl_item_names(rest->pdata[i], var);
            struct csl_disamb *d = csl_disamb_get(e, rest->pdata[i]);
            guint lim = ns ? ns->len : 0;
            if (shown > 0 && (guint)shown + (guint)d->add_names < lim)
                lim = (guint)shown + (guint)d->add_names;
            if (pos < lim) {
                g_ptr_array_add(col, ns->pdata[pos]);
                g_ptr_array_add(own, rest->pdata[i]);
            }
        }
        bool any = col->len > 0;
        GHashTable *hinted = g_hash_table_new(g_direct_hash, g_direct_equal);
        int *lv = name_levels(col, false);
        for (guint i = 0; i < col->len; i++) {
            if (lv[i]) {
                set_name_level(e, own->pdata[i], col->pdata[i], lv[i]);
                g_hash_table_add(hinted, own->pdata[i]);
            }
        }
        g_free(lv);
        for (guint i = rest->len; i-- > 0;)
            if (g_hash_table_contains(hinted, rest->pdata[i]))
                g_ptr_array_remove_index(rest, i);
        g_hash_table_unref(hinted);
        g_ptr_array_unref(col);
        g_ptr_array_unref(own);
        if (!any)
            break;
    }
    g_ptr_array_unref(rest);
}

static int bib_cmp(gconstpointer a, gconstpointer b, gpointer data)
{
    GHashTable *idx = data;
    int x = GPOINTER_TO_INT(g_hash_table_lookup(idx, *(gpointer const *)a));
    int y = GPOINTER_TO_INT(g_hash_table_lookup(idx, *(gpointer const *)b));
    return (x > y) - (x < y);
}

static void year_suffixes(struct dstate *s, GPtrArray *amb)
{
    for (guint i = 0; i < amb->len; i++) {
        GPtrArray *items = amb->pdata[i];
        /* companions: every set sharing an item with this one */
        GPtrArray *grp = g_ptr_array_new();
        GHashTable *in = g_hash_table_new(g_direct_hash, g_direct_equal);
        for (guint j = 0; j < amb->len; j++) {
            GPtrArray *o = amb->pdata[j];
            bool shares = false;
            for (guint a = 0; a < o->len && !shares; a++)
                for (guint b = 0; b < items->len && !shares; b++)
                    shares = o->pdata[a] == items->pdata[b];
            if (!shares)
                continue;
            for (guint a = 0; a < o->len; a++)
                if (!g_hash_table_contains(in, o->pdata[a])) {
                    g_hash_table_add(in, o->pdata[a]);
                    g_ptr_array_add(grp, o->pdata[a]);
                }
        }
        g_ptr_array_sort_with_data(grp, bib_cmp, s->bib_index);
        for (guint k = 0; k < grp->len; k++)
            g_hash_table_insert(s->e->year_suffix, grp->pdata[k], GINT_TO_POINTER(k + 1));
        g_hash_table_unref(in);
        g_ptr_array_unref(grp);
    }
}

void csl_disambiguate(struct nashra_csl_engine *e, struct csl_pcitation *cs, guint n)
{
    if (!e->disamb)
        e->disamb = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, csl_disamb_free);
    const struct csl_node *cit = e->style->citation;
    if (!cit || !e->style->citation_layout)
        return;
    struct dstate s = {.e = e};
    s.probes = g_ptr_array_new();
    s.memo = g_hash_table_new_full(probe_hash, probe_equal, probe_free, NULL);
    for (guint i = 0; i < n; i++)
        for (guint k = 0; k < cs[i].n; k++) {
            struct csl_pcite *pc = &cs[i].cites[k];
            /* two ibids are never ambiguous */
            if (pc->position == CSL_POS_IBID || pc->position == CSL_POS_IBID_WITH_LOCATOR)
                continue;
            probe_get(&s, pc->item, pc->position, pc->near_note, true);
        }
    /* every registered item as a first cite, as if all were cited; cited ones also as a
     * subsequent cite (short forms must tell items apart too) */
    GPtrArray *ghosts = e->cited->len ? e->cited : e->items;
    for (guint i = 0; i < ghosts->len; i++)
        probe_get(&s, ghosts->pdata[i], CSL_POS_FIRST, false, true);
    for (guint i = 0; i < e->cited->len; i++)
        probe_get(&s, e->cited->pdata[i], CSL_POS_SUBSEQUENT, false, true);
    s.bib_index = g_hash_table_new(g_direct_hash, g_direct_equal);
    s.amb_pos = g_hash_table_new(g_direct_hash, g_direct_equal);

    bool add_names_on = csl_attr_true(cit, "disambiguate-add-names");
    bool givenname_on = csl_attr_true(cit, "disambiguate-add-givenname");
    bool suffix_on = csl_attr_true(cit, "disambiguate-add-year-suffix");
    const char *rule = csl_attr(cit, "givenname-disambiguation-rule");
    if (!rule)
        rule = "by-cite";

    if (givenname_on && strcmp(rule, "by-cite") != 0)
        global_givennames(&s, ghosts, rule);
    render_all(&s);
    GPtrArray *amb = ambiguities(&s);
    if (amb->len && add_names_on) {
        if (givenname_on && strcmp(rule, "by-cite") == 0)
            for (guint i = 0; i < amb->len; i++)
                bycite_givennames(&s, amb->pdata[i]);
        int trial = 0;
        if (givenname_on)
            trial = strcmp(rule, "all-names-with-initials") == 0 ? 1
                    : g_str_has_prefix(rule, "primary-name") ? 0 : 2;
        for (guint i = 0; i < amb->len; i++)
            add_names(&s, amb->pdata[i], trial,
                      GPOINTER_TO_INT(g_hash_table_lookup(s.amb_pos, amb->pdata[i])));
        /* names now shown may need given names by the global rule too */
        if (givenname_on && strcmp(rule, "by-cite") != 0)
            global_givennames(&s, ghosts, rule);
        render_all(&s);
        g_ptr_array_unref(amb);
        amb = ambiguities(&s);
    }
    if (amb->len && givenname_on && strcmp(rule, "by-cite") == 0) {
        for (guint i = 0; i < amb->len; i++)
            bycite_givennames(&s, amb->pdata[i]);
        render_all(&s);
        g_ptr_array_unref(amb);
        amb = ambiguities(&s);
    }
    if (amb->len && suffix_on) {
        /* suffixes follow the bibliography's order: sorting every item is only worth it now */
        GPtrArray *order = csl_bibliography_order(e, true);
        for (guint i = 0; i < order->len; i++)
            g_hash_table_insert(s.bib_index, order->pdata[i], GINT_TO_POINTER(i + 1));
        g_ptr_array_unref(order);
        year_suffixes(&s, amb);
        render_all(&s);
        g_ptr_array_unref(amb);
        amb = ambiguities(&s);
    }
    for (guint i = 0; i < amb->len; i++) {
        GPtrArray *items = amb->pdata[i];
        for (guint k = 0; k < items->len; k++)
            csl_disamb_get(e, items->pdata[k])->disambiguate = true;
    }
    g_ptr_array_unref(amb);
    g_ptr_array_unref(s.probes);
    g_hash_table_unref(s.memo);
    g_hash_table_unref(s.bib_index);
    g_hash_table_unref(s.amb_pos);
}
