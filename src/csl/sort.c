#include "csl/csl_process.h"

#include <stdlib.h>
#include <string.h>

struct sort_entry {
    const struct nashra_csl_item *item;
    guint index;  /* original position: ties keep it */
    const char **keys; /* one per key, NULL when the item lacks it */
    gpointer payload;
};

struct sort_run {
    struct nashra_csl_engine *e;
    const struct csl_node **keys;
    bool *numeric, *descending;
    guint n_keys;
};

static int numcmp(const char *a, const char *b)
{
    char *ea, *eb;
    long long x = g_ascii_strtoll(a, &ea, 10), y = g_ascii_strtoll(b, &eb, 10);
    if (ea == a || eb == b)
        return strcmp(a, b);
    return x < y ? -1 : x > y;
}

static int entry_cmp(gconstpointer pa, gconstpointer pb, gpointer data)
{
    const struct sort_entry *a = pa, *b = pb;
    const struct sort_run *r = data;
    for (guint k = 0; k < r->n_keys; k++) {
        const char *x = a->keys[k], *y = b->keys[k];
        if (!x && !y)
            continue;
        /* lacking the key sorts last whichever the direction */
        if (!x)
            return 1;
        if (!y)
            return -1;
        int c = r->numeric[k] ? numcmp(x, y) : csl_collate(r->e, x, y);
        if (c)
            return r->descending[k] ? -c : c;
    }
    return a->index < b->index ? -1 : a->index > b->index;
}

static void run_init(struct sort_run *r, struct nashra_csl_engine *e, const struct csl_node *sort)
{
    memset(r, 0, sizeof *r);
    r->e = e;
    guint n = 0;
    for (const struct csl_node *k = sort ? sort->first : NULL; k; k = k->next)
        if (k->kind == CSL_KEY)
            n++;
    r->n_keys = n;
    r->keys = g_new0(const struct csl_node *, n + 1);
    r->numeric = g_new0(bool, n + 1);
    r->descending = g_new0(bool, n + 1);
    n = 0;
    for (const struct csl_node *k = sort ? sort->first : NULL; k; k = k->next) {
        if (k->kind != CSL_KEY)
            continue;
        r->keys[n] = k;
        r->numeric[n] = csl_sort_key_is_numeric(e, k);
        const char *s = csl_attr(k, "sort");
        r->descending[n] = s && strcmp(s, "descending") == 0;
        n++;
    }
}

static void run_clear(struct sort_run *r)
{
    g_free(r->keys);
    g_free(r->numeric);
    g_free(r->descending);
}

/* A sort key of an item as rendered, with what it was rendered from: the bibliography is
 * sorted for year suffixes, for citation numbers and for itself, and cites per citation, and
 * most of those renderings are the same. */
/* Whether any attribute under NODE (macros followed, each once) names WHAT: a sort key that
 * does not name citation-number is the same whatever the numbers are. */
static bool mentions(const struct csl_node *node, const char *what, GHashTable *seen, int depth)
{
    if (!node || depth > CSL_MAX_DEPTH)
        return true; /* too deep to tell: assume it does */
    for (guint i = 0; i < node->n_attrs; i++)
        if (strstr(node->attrs[i].value, what))
            return true;
    if (node->macro && !g_hash_table_contains(seen, node->macro)) {
        g_hash_table_add(seen, (gpointer)node->macro);
        if (mentions(node->macro, what, seen, depth + 1))
            return true;
    }
    for (const struct csl_node *c = node->first; c; c = c->next)
        if (mentions(c, what, seen, depth + 1))
            return true;
    return false;
}

static bool key_mentions(const struct csl_node *key, const char *what)
{
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    bool r = mentions(key, what, seen, 0);
    g_hash_table_unref(seen);
    return r;
}

struct cached_key {
    const struct nashra_csl_item *item;
    const struct csl_node *key;
    bool bibliography;
    bool done, uses_number, uses_note;
    struct csl_dsig sig;
    int citation_number, first_note;
    char *value; /* NULL: the item lacks the key */
};

static guint cached_hash(gconstpointer k)
{
    const struct cached_key *c = k;
    return (g_direct_hash(c->item) * 31u + g_direct_hash(c->key)) * 2u + c->bibliography;
}

static gboolean cached_equal(gconstpointer a, gconstpointer b)
{
    const struct cached_key *x = a, *y = b;
    return x->item == y->item && x->key == y->key && x->bibliography == y->bibliography;
}

static void cached_free(gpointer p)
{
    g_free(((struct cached_key *)p)->value);
    g_free(p);
}

void csl_sort_cache_clear(struct nashra_csl_engine *e)
{
    if (e->sort_cache)
        g_hash_table_remove_all(e->sort_cache);
}

/* ITEM's value for sort KEY, NULL when empty; owned by the cache. */
static const char *sort_key_value(struct nashra_csl_engine *e, const struct csl_node *key,
                                  const struct nashra_csl_item *item, bool bibliography)
{
    if (!e->sort_cache)
        e->sort_cache = g_hash_table_new_full(cached_hash, cached_equal, cached_free, NULL);
    struct cached_key probe = {.item = item, .key = key, .bibliography = bibliography};
    struct cached_key *c = g_hash_table_lookup(e->sort_cache, &probe);
    if (!c) {
        /* what the key depends on, once per key: an entry without an item */
        struct cached_key kprobe = {.key = key};
        struct cached_key *k = g_hash_table_lookup(e->sort_cache, &kprobe);
        if (!k) {
            k = g_memdup2(&kprobe, sizeof kprobe);
            k->uses_number = key_mentions(key, "citation-number");
            k->uses_note = key_mentions(key, "first-reference-note-number");
            g_hash_table_add(e->sort_cache, k);
        }
        c = g_memdup2(&probe, sizeof probe);
        c->uses_number = k->uses_number;
        c->uses_note = k->uses_note;
        g_hash_table_add(e->sort_cache, c);
    }
    struct csl_dsig sig = csl_item_sig(e, item);
    if (bibliography) {
        /* csl_ctx_setup gives the bibliography none of these */
        sig.add_names = sig.givenname_level = sig.gn_size = sig.gn_sum = 0;
    }
    int cnum = c->uses_number ? GPOINTER_TO_INT(g_hash_table_lookup(e->citation_number, item))
                              : 0;
    int fnote = c->uses_note ? GPOINTER_TO_INT(g_hash_table_lookup(e->first_note, item)) : 0;
    if (c->done && csl_dsig_equal(&sig, &c->sig) && c->citation_number == cnum &&
        c->first_note == fnote)
        return c->value;
    struct csl_ctx ctx;
    csl_ctx_setup(e, &ctx, item, NULL, bibliography);
    ctx.sorting = true;
    ctx.sort_key = key;
    char *v = csl_render_sort_key(e, key, &ctx);
    csl_ctx_clear(&ctx);
    if (v && !*v) {
        g_free(v);
        v = NULL;
    }
    g_free(c->value);
    c->value = v;
    c->done = true;
    c->sig = sig;
    c->citation_number = cnum;
    c->first_note = fnote;
    return v;
}

/* Sorts ENTRIES (of N) in place; their keys are looked up here (borrowed from the cache). */
static void sort_entries(struct nashra_csl_engine *e, const struct csl_node *sort,
                         struct sort_entry *entries, guint n, bool bibliography)
{
    struct sort_run r;
    run_init(&r, e, sort);
    if (r.n_keys == 0 || n < 2) {
        run_clear(&r);
        return;
    }
    for (guint i = 0; i < n; i++) {
        entries[i].keys = g_new0(const char *, r.n_keys);
        if (!entries[i].item)
            continue;
        for (guint k = 0; k < r.n_keys; k++)
            entries[i].keys[k] = sort_key_value(e, r.keys[k], entries[i].item, bibliography);
    }
    g_qsort_with_data(entries, (gint)n, sizeof *entries, entry_cmp, &r);
    for (guint i = 0; i < n; i++) {
        g_free(entries[i].keys);
        entries[i].keys = NULL;
    }
    run_clear(&r);
}

void csl_sort_items(struct nashra_csl_engine *e, const struct csl_node *sort, GPtrArray *items,
                    bool bibliography)
{
    if (!sort || items->len < 2)
        return;
    struct sort_entry *en = g_new0(struct sort_entry, items->len);
    for (guint i = 0; i < items->len; i++) {
        en[i].item = g_ptr_array_index(items, i);
        en[i].index = i;
    }
    sort_entries(e, sort, en, items->len, bibliography);
    for (guint i = 0; i < items->len; i++)
        items->pdata[i] = (gpointer)en[i].item;
    g_free(en);
}

void csl_sort_cites(struct nashra_csl_engine *e, struct csl_pcitation *c)
{
    const struct csl_node *sort = e->style->citation_sort;
    if (!sort || c->n < 2)
        return;
    struct sort_entry *en = g_new0(struct sort_entry, c->n);
    struct csl_pcite *copy = g_memdup2(c->cites, sizeof *c->cites * c->n);
    for (guint i = 0; i < c->n; i++) {
        en[i].item = c->cites[i].item;
        en[i].index = i;
        en[i].payload = &copy[i];
    }
    sort_entries(e, sort, en, c->n, false);
    for (guint i = 0; i < c->n; i++)
        c->cites[i] = *(struct csl_pcite *)en[i].payload;
    g_free(copy);
    g_free(en);
}

/* Whether the bibliography's first key sorts by citation number descending: then numbers
 * still count up in order of first citation. */
static bool first_key_descending(const struct nashra_csl_engine *e)
{
    const struct csl_node *sort = e->style->bibliography_sort;
    for (const struct csl_node *k = sort ? sort->first : NULL; k; k = k->next) {
        if (k->kind != CSL_KEY)
            continue;
        const char *s = csl_attr(k, "sort");
        if (!s || strcmp(s, "descending") != 0)
            return false;
        const char *v = csl_attr(k, "variable");
        return (v && strcmp(v, "citation-number") == 0) || csl_attr(k, "macro");
    }
    return false;
}

static GPtrArray *base_set(struct nashra_csl_engine *e, bool all)
{
    GPtrArray *set = g_ptr_array_new();
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    /* cited ones first so numbers follow first citation */
    for (guint i = 0; i < e->cited->len; i++) {
        g_ptr_array_add(set, e->cited->pdata[i]);
        g_hash_table_add(seen, e->cited->pdata[i]);
    }
    if (all || e->cited->len == 0)
        for (guint i = 0; i < e->items->len; i++)
            if (!g_hash_table_contains(seen, e->items->pdata[i]))
                g_ptr_array_add(set, e->items->pdata[i]);
    g_hash_table_unref(seen);
    return set;
}

GPtrArray *csl_bibliography_order(struct nashra_csl_engine *e, bool all)
{
    GPtrArray *set = base_set(e, all);
    if (e->style->bibliography_sort)
        csl_sort_items(e, e->style->bibliography_sort, set, true);
    return set;
}

void csl_assign_citation_numbers(struct nashra_csl_engine *e)
{
    g_hash_table_remove_all(e->citation_number);
    GPtrArray *set = base_set(e, true);
    /* first, order of first citation (what a citation-number key sorts by) */
    for (guint i = 0; i < set->len; i++)
        g_hash_table_insert(e->citation_number, set->pdata[i], GINT_TO_POINTER(i + 1));
    if (e->style->bibliography_sort) {
        /* cited items sorted among themselves; uncited ones after */
        guint nc = e->cited->len ? e->cited->len : set->len;
        GPtrArray *head = g_ptr_array_new();
        for (guint i = 0; i < nc; i++)
            g_ptr_array_add(head, set->pdata[i]);
        csl_sort_items(e, e->style->bibliography_sort, head, true);
        bool rev = first_key_descending(e);
        for (guint i = 0; i < head->len; i++)
            g_hash_table_insert(e->citation_number, head->pdata[i],
                                GINT_TO_POINTER(rev ? (int)(head->len - i) : (int)(i + 1)));
        g_ptr_array_unref(head);
    }
    g_ptr_array_unref(set);
}
