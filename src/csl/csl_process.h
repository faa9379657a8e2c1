/* Private to processing (engine.c, sort.c, disamb.c, citation.c): the state of one batch of
 * citations and the per-item disambiguation decisions. */
#ifndef NASHRA_CSL_PROCESS_H
#define NASHRA_CSL_PROCESS_H

#include "csl/csl_int.h"

/* What disambiguation decided for one item (year suffixes live in engine->year_suffix). */
struct csl_disamb {
    int add_names;             /* 0: as the style says */
    int givenname_level;       /* for every name of the item (by-cite adds per name below) */
    GHashTable *givenname_names; /* struct csl_name * → GINT level, or NULL */
    bool disambiguate;
};
void csl_disamb_free(gpointer p);

/* What rendering ITEM depends on besides the item, its position and note: its disambiguation
 * state. Given-name levels only rise and names are only added, so the size and sum of
 * givenname_names change whenever it does. For re-rendering only what changed. */
struct csl_dsig {
    int add_names, givenname_level, year_suffix, gn_size, gn_sum;
    bool disambiguate;
};
struct csl_dsig csl_item_sig(struct nashra_csl_engine *e, const struct nashra_csl_item *item);
bool csl_dsig_equal(const struct csl_dsig *a, const struct csl_dsig *b);
struct csl_disamb *csl_disamb_get(struct nashra_csl_engine *e, const struct nashra_csl_item *item);

/* One cite of a batch as processed. */
struct csl_pcite {
    const struct nashra_csl_item *item; /* NULL: not registered */
    struct nashra_csl_cite *cite;       /* the caller's */
    enum csl_position position;
    bool near_note;
    int first_note;
};
struct csl_pcitation {
    struct csl_pcite *cites;
    guint n;
    int note_index;
};

/* sort.c */
/* Stably sorts ITEMS (const struct nashra_csl_item *) by SORT's keys (a <sort>, may be NULL). */
void csl_sort_items(struct nashra_csl_engine *e, const struct csl_node *sort, GPtrArray *items,
                    bool bibliography);
/* Orders a citation's cites by the citation's <sort>. */
void csl_sort_cites(struct nashra_csl_engine *e, struct csl_pcitation *c);
/* Fills engine->citation_number from engine->cited and the bibliography's sort; returns the
 * bibliography's items in order (a new array) for ALL or the cited items. */
GPtrArray *csl_bibliography_order(struct nashra_csl_engine *e, bool all);
void csl_assign_citation_numbers(struct nashra_csl_engine *e);
/* Forgets the sort keys kept between sorts (engine->sort_cache): when items change. */
void csl_sort_cache_clear(struct nashra_csl_engine *e);

/* citation.c */
/* Sets CTX up for rendering PC (NULL in the bibliography) of ITEM with what processing decided. */
void csl_ctx_setup(struct nashra_csl_engine *e, struct csl_ctx *ctx,
                   const struct nashra_csl_item *item, const struct csl_pcite *pc,
                   bool bibliography);
void csl_ctx_clear(struct csl_ctx *ctx);

/* disamb.c: decides add-names, given names, year suffixes and the disambiguate condition over
 * all CITATIONS. */
void csl_disambiguate(struct nashra_csl_engine *e, struct csl_pcitation *citations, guint n);

#endif
