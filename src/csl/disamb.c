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
 * item alone as a first cite. */
struct probe {
    const struct nashra_csl_item *item;
    enum csl_position position;
    bool near_note;
    char *text;
    const char *names_var;
    int names_shown, names_total;
};

struct dstate {
    struct nashra_csl_engine *e;
    GArray *probes; /* struct probe */
    GHashTable *bib_index; /* item → GINT position in the bibliography + 1 */
    GHashTable *amb_pos;   /* an ambiguous set → GINT the position its cites collided at */
};

static void render_probe(struct nashra_csl_engine *e, struct probe *p)
{
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
    csl_ctx_clear(&ctx);
    nashra_csl_out_free(o);
}

static void render_all(struct dstate *s)
{
    for (guint i = 0; i < s->probes->len; i++)
        render_probe(s->e, &g_array_index(s->probes, struct probe, i));
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
        struct probe *p = &g_array_index(s->probes, struct probe, i);
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

/* The first-cite rendering of ITEM with its present state. */
static char *item_text(struct nashra_csl_engine *e, const struct nashra_csl_item *item,
                       enum csl_position pos, struct probe *out)
{
    struct probe p = {.item = item, .position = pos};
    render_probe(e, &p);
    if (out)
        *out = p;
    return p.text;
}

/* Which of ITEMS render differently from all the others: a bool per item. */
static bool *unique_texts(struct nashra_csl_engine *e, GPtrArray *items, enum csl_position pos)
{
    char **t = g_new0(char *, items->len + 1);
    for (guint i = 0; i < items->len; i++)
        t[i] = item_text(e, items->pdata[i], pos, NULL);
    bool *u = g_new0(bool, items->len + 1);
    for (guint i = 0; i < items->len; i++) {
        u[i] = true;
        for (guint j = 0; j < items->len && u[i]; j++)
            if (j != i && g_strcmp0(t[i], t[j]) == 0)
                u[i] = false;
    }
    g_strfreev(t);
    return u;
}

static const char *name_var(struct nashra_csl_engine *e, const struct nashra_csl_item *item,
                            int *shown)
{
    struct probe p = {0};
    char *t = item_text(e, item, CSL_POS_FIRST, &p);
    g_free(t);
    if (shown)
        *shown = p.names_shown;
    return p.names_var ? p.names_var : "author";
}

/* TRIAL: the given-name level names are compared at while counting names (the rule's: a
 * name added to tell cites apart may show its given name too). */
static void add_names(struct nashra_csl_engine *e, GPtrArray *items, int trial,
                      enum csl_position pos)
{
    int max_extra = 0;
    for (guint i = 0; i < items->len; i++) {
        int shown = 0;
        const char *var = name_var(e, items->pdata[i], &shown);
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
        bool *u = unique_texts(e, rest, pos);
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

static bool same_family(const struct csl_name *a, const struct csl_name *b)
{
    if (a->literal || b->literal)
        return false;
    return g_strcmp0(a->family, b->family) == 0 &&
           g_strcmp0(a->non_dropping_particle, b->non_dropping_particle) == 0;
}

/* Given names equal but for spaces and periods ("J. J." and "J.J."). */
static bool same_given(const char *a, const char *b)
{
    a = a ? a : "";
    b = b ? b : "";
    for (;;) {
        while (*a == ' ' || *a == '.')
            a++;
        while (*b == ' ' || *b == '.')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (*a != *b)
            return false;
        a++;
        b++;
    }
}

static bool same_name(const struct csl_name *a, const struct csl_name *b)
{
    return same_family(a, b) && same_given(a->given, b->given) &&
           g_strcmp0(a->literal, b->literal) == 0;
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

/* The level (1 initials, 2 full) that tells N apart from OTHERS sharing its family name, 0
 * when none does; WITH_INITIALS: initials only. */
static int level_against(const struct csl_name *n, GPtrArray *others, bool with_initials)
{
    bool family = false, init_clash = false;
    char *mi = initials(n->given);
    for (guint i = 0; i < others->len; i++) {
        const struct csl_name *o = others->pdata[i];
        if (o == n || !same_family(n, o) || same_name(n, o))
            continue;
        family = true;
        char *oi = initials(o->given);
        if (strcmp(mi, oi) == 0)
            init_clash = true;
        g_free(oi);
    }
    g_free(mi);
    if (!family)
        return 0;
    if (init_clash)
        return with_initials ? 0 : 2;
    return 1;
}

/* Global given-name rules: names shared by family across all cited items. */
static void global_givennames(struct nashra_csl_engine *e, GPtrArray *items, const char *rule)
{
    bool primary = g_str_has_prefix(rule, "primary-name");
    bool with_init = g_str_has_suffix(rule, "with-initials");
    GPtrArray *all = g_ptr_array_new();
    GPtrArray *owner = g_ptr_array_new();
    for (guint i = 0; i < items->len; i++) {
        int shown = 0;
        const char *var = name_var(e, items->pdata[i], &shown);
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
    for (guint i = 0; i < all->len; i++) {
        int lv = level_against(all->pdata[i], all, with_init);
        if (lv)
            set_name_level(e, owner->pdata[i], all->pdata[i], lv);
    }
    g_ptr_array_unref(all);
    g_ptr_array_unref(owner);
}

/* By-cite: only within an ambiguous set, name by name. */
static void bycite_givennames(struct nashra_csl_engine *e, GPtrArray *items)
{
    GPtrArray *rest = g_ptr_array_new();
    for (guint i = 0; i < items->len; i++)
        g_ptr_array_add(rest, items->pdata[i]);
    for (guint pos = 0; rest->len > 1 && pos < 64; pos++) {
        GPtrArray *col = g_ptr_array_new(), *own = g_ptr_array_new();
        for (guint i = 0; i < rest->len; i++) {
            int shown = 0;
            const char *var = name_var(e, rest->pdata[i], &shown);
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
        for (guint i = 0; i < col->len; i++) {
            int lv = level_against(col->pdata[i], col, false);
            if (lv) {
                set_name_level(e, own->pdata[i], col->pdata[i], lv);
                g_hash_table_add(hinted, own->pdata[i]);
            }
        }
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
    s.probes = g_array_new(FALSE, TRUE, sizeof(struct probe));
    for (guint i = 0; i < n; i++)
        for (guint k = 0; k < cs[i].n; k++) {
            struct csl_pcite *pc = &cs[i].cites[k];
            /* two ibids are never ambiguous */
            if (pc->position == CSL_POS_IBID || pc->position == CSL_POS_IBID_WITH_LOCATOR)
                continue;
            struct probe p = {.item = pc->item, .position = pc->position,
                              .near_note = pc->near_note};
            g_array_append_val(s.probes, p);
        }
    /* every registered item as a first cite, as if all were cited; cited ones also as a
     * subsequent cite (short forms must tell items apart too) */
    GPtrArray *ghosts = e->cited->len ? e->cited : e->items;
    for (guint i = 0; i < ghosts->len; i++) {
        struct probe p = {.item = ghosts->pdata[i], .position = CSL_POS_FIRST};
        g_array_append_val(s.probes, p);
    }
    for (guint i = 0; i < e->cited->len; i++) {
        struct probe p = {.item = e->cited->pdata[i], .position = CSL_POS_SUBSEQUENT};
        g_array_append_val(s.probes, p);
    }
    s.bib_index = g_hash_table_new(g_direct_hash, g_direct_equal);
    s.amb_pos = g_hash_table_new(g_direct_hash, g_direct_equal);

    bool add_names_on = csl_attr_true(cit, "disambiguate-add-names");
    bool givenname_on = csl_attr_true(cit, "disambiguate-add-givenname");
    bool suffix_on = csl_attr_true(cit, "disambiguate-add-year-suffix");
    const char *rule = csl_attr(cit, "givenname-disambiguation-rule");
    if (!rule)
        rule = "by-cite";

    if (givenname_on && strcmp(rule, "by-cite") != 0)
        global_givennames(e, ghosts, rule);
    render_all(&s);
    GPtrArray *amb = ambiguities(&s);
    if (amb->len && add_names_on) {
        if (givenname_on && strcmp(rule, "by-cite") == 0)
            for (guint i = 0; i < amb->len; i++)
                bycite_givennames(e, amb->pdata[i]);
        int trial = 0;
        if (givenname_on)
            trial = strcmp(rule, "all-names-with-initials") == 0 ? 1
                    : g_str_has_prefix(rule, "primary-name") ? 0 : 2;
        for (guint i = 0; i < amb->len; i++)
            add_names(e, amb->pdata[i], trial,
                      GPOINTER_TO_INT(g_hash_table_lookup(s.amb_pos, amb->pdata[i])));
        /* names now shown may need given names by the global rule too */
        if (givenname_on && strcmp(rule, "by-cite") != 0)
            global_givennames(e, ghosts, rule);
        render_all(&s);
        g_ptr_array_unref(amb);
        amb = ambiguities(&s);
    }
    if (amb->len && givenname_on && strcmp(rule, "by-cite") == 0) {
        for (guint i = 0; i < amb->len; i++)
            bycite_givennames(e, amb->pdata[i]);
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
    for (guint i = 0; i < s.probes->len; i++)
        g_free(g_array_index(s.probes, struct probe, i).text);
    g_array_unref(s.probes);
    g_hash_table_unref(s.bib_index);
    g_hash_table_unref(s.amb_pos);
}
