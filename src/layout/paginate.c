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
        if ((!blk->breakable && total <= page_height) ||
            blk->n_lines <= 2 * PAGINATE_MIN_LINES - 1)
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

int nashra_paginate(const struct nashra_flow_block *blocks, int n_blocks, double first_page_height,
                    double page_height, int *page_of, double *y_of)
{
    int page = 0, line = 0;
    /* TOP: where the page's own lines start (below a repeated table header). */
    double y = 0, top = 0, cap = first_page_height;
#define NEW_PAGE() (page++, y = 0, top = 0, cap = page_height)
    for (int b = 0; b < n_blocks; b++) {
        const struct nashra_flow_block *blk = &blocks[b];
        const double *h = blk->line_heights;
        int n = blk->n_lines;
        if (n <= 0)
            continue;
        int rep = blk->repeat_lines < n ? MAX(blk->repeat_lines, 0) : 0;
        double rep_h = paginate_sum(h, 0, rep);
        if (rep_h > page_height / 2)
            rep = 0, rep_h = 0; /* a header that big is not worth repeating */
        double total = paginate_sum(h, 0, n);
        if (blk->break_before && y > 0)
            NEW_PAGE();
        if (y > 0 && y + blk->space_before + total > cap) {
            /* Does not fit whole here: move it when moving helps. */
            if (!blk->breakable && total <= page_height)
                NEW_PAGE();
        }
        if (y > 0 && blk->keep_with_next && b + 1 < n_blocks) {
            double need = total + blocks[b + 1].space_before +
                          paginate_head_need(blocks, n_blocks, b + 1, page_height);
            if (y + blk->space_before + need > cap && need <= page_height)
                NEW_PAGE();
        }
        int k = 0;
        while (k < n) {
            if (y == 0 && rep > 0 && k >= rep)
                y = top = rep_h; /* room for the repeated lines */
            double gap = (y > 0 && k == 0) ? blk->space_before : 0;
            double used = y + gap;
            int fit = 0;
            while (k + fit < n && used + h[k + fit] <= cap + 1e-6) {
                used += h[k + fit];
                fit++;
            }
            int m = fit;
            if (m < n - k) {
                if (n - k - m < PAGINATE_MIN_LINES)
                    m = n - k - PAGINATE_MIN_LINES; /* widow: pull lines along */
                if (k == 0 && m < PAGINATE_MIN_LINES + rep)
                    m = 0; /* orphan: move the paragraph's start (a header keeps 2 lines) */
                if (m <= 0) {
                    if (y > top) {
                        NEW_PAGE();
                        continue;
                    }
                    /* At the top of a page the rules cannot be met; never loop. */
                    m = fit > 0 ? fit : 1;
                }
            }
            double yy = y + gap;
            for (int i = 0; i < m; i++) {
                page_of[line] = page;
                if (y_of)
                    y_of[line] = yy;
                yy += h[k + i];
                line++;
            }
            y = yy;
            k += m;
            if (k < n)
                NEW_PAGE();
        }
    }
#undef NEW_PAGE
    return page + 1;
}
