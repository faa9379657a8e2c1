/* Pagination: places runs of line heights on pages, with widow/orphan control and headings kept
 * with what follows. Pure arithmetic, no Pango, so the rules are testable on constructed input. */
#include "layout/layout.h"

enum { PAGINATE_MIN_LINES = 2, PAGINATE_KEEP_CHAIN = 8 };

static double paginate_sum(const double *h, int from, int to)
{
    double s = 0;
    for (int i = from; i < to; i++)
        s += h[i];
    return s;
}

/* Height that must share a page with the end of block B - 1 when that block (a heading) is
 * kept with what follows: any further headings, then the first PAGINATE_MIN_LINES lines of
 * the content after them, counted across blocks (a paragraph of up to 3 lines cannot split, a
 * block that may not break counts whole). Looks at a bounded number of blocks. */
static double paginate_head_need(const struct nashra_flow_block *blocks, int n_blocks, int b,
                                 double page_height)
{
    double need = 0;
    int lines = 0;
    for (int depth = 0; b < n_blocks && depth < PAGINATE_KEEP_CHAIN; b++, depth++) {
        const struct nashra_flow_block *blk = &blocks[b];
        if (depth > 0)
            need += blk->space_before;
        double total = paginate_sum(blk->line_heights, 0, blk->n_lines);
        if (blk->keep_with_next) {
            need += total;
            continue;
        }
        int take;
        if ((!blk->breakable && total <= page_height) || blk->n_lines <= 2 * PAGINATE_MIN_LINES - 1)
            take = blk->n_lines;
        else
            take = PAGINATE_MIN_LINES - lines;
        need += paginate_sum(blk->line_heights, 0, take);
        lines += take;
        if (lines >= PAGINATE_MIN_LINES)
            break;
    }
    return need;
}

/* The state of the note areas: the notes' lines one after another; PLACED of them are on
 * pages, COMMITTED belong to notes whose calls are placed (the ones between are waiting). */
struct pg_notes {
    struct nashra_note_flow *nf;
    int total;     /* note lines */
    double *h;     /* their heights */
    bool *first;   /* first line of its note */
    int *line_end; /* per note: one past its last line */
    int next;      /* the first note not committed */
    int placed, committed;
    int area_start; /* the first note line on the current page */
    double nh;      /* the current page's note area (separator, lines, gaps); 0: empty */
    bool split;     /* a note called on this page continues: the page takes no more lines */
};

/* What note line L adds to an area NH tall. */
static double pg_cost(const struct pg_notes *pn, int l, double nh)
{
    if (nh <= 0)
        return pn->nf->separator + pn->h[l];
    return pn->h[l] + (pn->first[l] ? pn->nf->gap : 0);
}

/* Room that the notes called up to flow line J (from note NEXT on) take whole in an area NH
 * tall; *NEXT_OUT: the first note after them. */
static double pg_need(const struct pg_notes *pn, int next, int j, double nh, int *next_out)
{
    double need = 0;
    const struct nashra_note_flow *nf = pn->nf;
    while (next < nf->n_notes && nf->notes[next].call_line <= j) {
        int from = next ? pn->line_end[next - 1] : 0;
        for (int l = from; l < pn->line_end[next]; l++)
            need += pg_cost(pn, l, nh + need);
        next++;
    }
    *next_out = next;
    return need;
}

/* Places waiting note lines on the page while the area stays within LIMIT of the page, below
 * a body that ends at BOTTOM. */
static void pg_place(struct pg_notes *pn, double bottom, double limit)
{
    while (pn->placed < pn->committed) {
        double c = pg_cost(pn, pn->placed, pn->nh);
        if (bottom + pn->nh + c > limit + 1e-6)
            break;
        pn->nh += c;
        pn->placed++;
    }
}

/* The current page's note lines get their page and offsets: stacked up to the bottom CAP. */
static void pg_finish(struct pg_notes *pn, int page, double cap)
{
    double y = cap - pn->nh;
    for (int l = pn->area_start; l < pn->placed; l++) {
        y += l == pn->area_start ? pn->nf->separator : (pn->first[l] ? pn->nf->gap : 0);
        pn->nf->page_of[l] = page;
        pn->nf->y_of[l] = y;
        y += pn->h[l];
    }
    pn->area_start = pn->placed;
    pn->nh = 0;
    pn->split = false;
}

/* A new page begins: the lines continued from the last one come first. */
static void pg_start(struct pg_notes *pn, double cap, double share)
{
    int before = pn->placed;
    pg_place(pn, 0, cap * share);
    if (pn->placed == before && pn->placed < pn->committed) {
        pn->nh = pg_cost(pn, pn->placed, 0); /* at least one line: always progress */
        pn->placed++;
    }
}

/* Commits the notes called up to flow line J, and places what fits under a body ending at
 * BOTTOM; what does not fit waits for the next page. */
static void pg_commit(struct pg_notes *pn, int j, double bottom, double cap)
{
    int next;
    pg_need(pn, pn->next, j, 0, &next);
    if (next == pn->next)
        return;
    pn->committed = pn->line_end[next - 1];
    pn->next = next;
    if (pn->placed < pn->committed)
        pg_place(pn, bottom, cap);
    if (pn->placed < pn->committed)
        pn->split = true;
}

int nashra_paginate(const struct nashra_flow_block *blocks, int n_blocks, double first_page_height,
                    double page_height, int *page_of, double *y_of)
{
    return nashra_paginate_notes(blocks, n_blocks, first_page_height, page_height, NULL, page_of,
                                 y_of);
}

/* M lines of a block (K placed, N in all, REP repeated) after the widow and orphan rules, of
 * FIT that fit. */
static int pg_rules(int fit, int k, int n, int rep)
{
    int m = fit;
    if (m < n - k) {
        if (n - k - m < PAGINATE_MIN_LINES)
            m = n - k - PAGINATE_MIN_LINES; /* widow: pull lines along */
        if (k == 0 && m < PAGINATE_MIN_LINES + rep)
            m = 0; /* orphan: move the paragraph's start (a header keeps 2 lines) */
    }
    return m;
}

int nashra_paginate_notes(const struct nashra_flow_block *blocks, int n_blocks,
                          double first_page_height, double page_height, struct nashra_note_flow *nf,
                          int *page_of, double *y_of)
{
    int page = 0, line = 0;
    /* TOP: where the page's own lines start (below a repeated table header). */
    double y = 0, top = 0, cap = first_page_height;
    struct pg_notes pn = {.nf = nf};
    struct nashra_note_flow none = {0};
    if (!nf)
        pn.nf = nf = &none;
    double share = nf->max_share > 0 ? nf->max_share : 0.5;
    pn.line_end = g_new(int, MAX(nf->n_notes, 1));
    for (int i = 0; i < nf->n_notes; i++)
        pn.line_end[i] = (pn.total += MAX(nf->notes[i].n_lines, 0));
    pn.h = g_new(double, MAX(pn.total, 1));
    pn.first = g_new(bool, MAX(pn.total, 1));
    for (int i = 0, l = 0; i < nf->n_notes; i++)
        for (int j = 0; j < nf->notes[i].n_lines; j++, l++) {
            pn.h[l] = nf->notes[i].line_heights[j];
            pn.first[l] = j == 0;
        }
#define NEW_PAGE()                                                                                 \
    (pg_finish(&pn, page, cap), page++, y = 0, top = 0, cap = page_height,                         \
     pg_start(&pn, cap, share))
    for (int b = 0; b < n_blocks; b++) {
        const struct nashra_flow_block *blk = &blocks[b];
        const double *h = blk->line_heights;
        int n = blk->n_lines;
        if (n <= 0)
            continue;
        int base = line;
        int rep = blk->repeat_lines < n ? MAX(blk->repeat_lines, 0) : 0;
        double rep_h = paginate_sum(h, 0, rep);
        if (rep_h > page_height / 2)
            rep = 0, rep_h = 0; /* a header that big is not worth repeating */
        double total = paginate_sum(h, 0, n);
        if (blk->break_before && y > 0)
            NEW_PAGE();
        if (!blk->breakable && total <= page_height) {
            /* Does not fit whole here, with its notes: move it when moving helps. */
            int next;
            double need = pg_need(&pn, pn.next, base + n - 1, pn.nh, &next);
            if (y > 0 && y + blk->space_before + total + pn.nh + need > cap)
                NEW_PAGE();
        }
        if (y > 0 && blk->keep_with_next && b + 1 < n_blocks) {
            /* With the notes called in it and in the first lines after it. */
            int next;
            double need = total + blocks[b + 1].space_before +
                          paginate_head_need(blocks, n_blocks, b + 1, page_height) +
                          pg_need(&pn, pn.next, base + n + PAGINATE_MIN_LINES - 1, pn.nh, &next);
            if (y + blk->space_before + need + pn.nh > cap && need <= page_height)
                NEW_PAGE();
        }
        /* FILL[f]: how full the page is with the first F lines that fit (body and notes). */
        double *fill = g_new(double, n + 1);
        int k = 0;
        while (k < n) {
            if (y == 0 && rep > 0 && k >= rep)
                y = top = rep_h; /* room for the repeated lines */
            double gap = (y > 0 && k == 0) ? blk->space_before : 0;
            double used = y + gap, nh = pn.nh;
            int next = pn.next, fit = 0;
            fill[0] = used + nh;
            while (k + fit < n && !pn.split) {
                int next2;
                double lh = h[k + fit];
                double need = pg_need(&pn, next, base + k + fit, nh, &next2);
                if (used + lh + nh + need <= cap + 1e-6) {
                    used += lh;
                    nh += need;
                    next = next2;
                    fit++;
                    fill[fit] = used + nh;
                    continue;
                }
                if (need > 0 && used + lh + nh <= cap + 1e-6) {
                    /* The line fits, its notes do not: move it on when the page stays full
                     * enough, else split the note under it. */
                    int mm = pg_rules(fit, k, n, rep);
                    bool full = mm > 0 && fill[mm] >= nf->min_fill * cap - 1e-6;
                    int l0 = next ? pn.line_end[next - 1] : 0;
                    bool some = used + lh + nh + pg_cost(&pn, l0, nh) <= cap + 1e-6;
                    if (!full && some)
                        fit++;
                }
                break;
            }
            int m = pg_rules(fit, k, n, rep);
            if (m < n - k && m <= 0) {
                if (y > top) {
                    NEW_PAGE();
                    continue;
                }
                /* At the top of a page the rules cannot be met; never loop. */
                m = fit > 0 ? fit : 1;
            }
            double yy = y + gap;
            for (int i = 0; i < m; i++) {
                page_of[line] = page;
                if (y_of)
                    y_of[line] = yy;
                yy += h[k + i];
                pg_commit(&pn, line, yy, cap);
                line++;
            }
            y = yy;
            k += m;
            if (k < n)
                NEW_PAGE();
        }
        g_free(fill);
    }
    /* Notes not yet committed (no call among the flow lines), then what still waits. */
    pg_commit(&pn, G_MAXINT, y, cap);
    while (pn.placed < pn.committed) {
        NEW_PAGE();
        pg_place(&pn, 0, cap);
    }
    pg_finish(&pn, page, cap);
#undef NEW_PAGE
    g_free(pn.line_end);
    g_free(pn.h);
    g_free(pn.first);
    return page + 1;
}
