/* nashra_paginate on constructed flows: page counts, offsets, widows, orphans, keep-with-next,
 * blocks taller than a page. Lines are 10 pt; a page holds 10 of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "layout/layout.h"

static const double H[64] = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
                             10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
                             10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
                             10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10};

static struct nashra_flow_block para(int n, double gap)
{
    return (struct nashra_flow_block){n, H, gap, false, true, 0, false};
}

static void test_single_page(void **state)
{
    (void)state;
    struct nashra_flow_block b[] = {para(3, 5), para(4, 5)};
    int page[7];
    double y[7];
    assert_int_equal(nashra_paginate(b, 2, 100, 100, page, y), 1);
    for (int i = 0; i < 7; i++)
        assert_int_equal(page[i], 0);
    /* No space before the first block at the top; 5 pt between blocks. */
    assert_float_equal(y[0], 0, 1e-9);
    assert_float_equal(y[2], 20, 1e-9);
    assert_float_equal(y[3], 35, 1e-9);
    assert_float_equal(y[6], 65, 1e-9);
}

static void test_exact_fill_and_break(void **state)
{
    (void)state;
    struct nashra_flow_block b[] = {para(10, 0), para(10, 7)};
    int page[20];
    double y[20];
    assert_int_equal(nashra_paginate(b, 2, 100, 100, page, y), 2);
    assert_int_equal(page[9], 0);
    assert_int_equal(page[10], 1);
    /* Space before is dropped at the top of a page. */
    assert_float_equal(y[10], 0, 1e-9);
    assert_float_equal(y[19], 90, 1e-9);
}

static void test_widow(void **state)
{
    (void)state;
    /* 6 lines used; a 5-line paragraph: 4 would fit, leaving its last line alone. */
    struct nashra_flow_block b[] = {para(6, 0), para(5, 0)};
    int page[11];
    double y[11];
    assert_int_equal(nashra_paginate(b, 2, 100, 100, page, y), 2);
    assert_int_equal(page[6 + 2], 0);
    assert_int_equal(page[6 + 3], 1); /* one more line goes along: 2 lines on the next page */
    assert_int_equal(page[6 + 4], 1);
    assert_float_equal(y[9], 0, 1e-9);
}

static void test_orphan(void **state)
{
    (void)state;
    /* 9 lines used: only the paragraph's first line would fit, so it moves whole. */
    struct nashra_flow_block b[] = {para(9, 0), para(5, 0)};
    int page[14];
    assert_int_equal(nashra_paginate(b, 2, 100, 100, page, NULL), 2);
    assert_int_equal(page[8], 0);
    for (int i = 9; i < 14; i++)
        assert_int_equal(page[i], 1);
}

static void test_three_lines_do_not_split(void **state)
{
    (void)state;
    struct nashra_flow_block b[] = {para(8, 0), para(3, 0)};
    int page[11];
    assert_int_equal(nashra_paginate(b, 2, 100, 100, page, NULL), 2);
    assert_int_equal(page[7], 0);
    assert_int_equal(page[8], 1);
    assert_int_equal(page[10], 1);
}

static void test_keep_with_next(void **state)
{
    (void)state;
    /* A heading as line 9 fits, with one line of the paragraph after it, but not two. */
    struct nashra_flow_block b[] = {para(8, 0), {1, H, 0, true, false, 0, false}, para(6, 0)};
    int page[15];
    double y[15];
    assert_int_equal(nashra_paginate(b, 3, 100, 100, page, y), 2);
    assert_int_equal(page[7], 0);
    assert_int_equal(page[8], 1); /* the heading moved */
    assert_float_equal(y[8], 0, 1e-9);
    assert_int_equal(page[9], 1);
}

static void test_keep_with_next_fits(void **state)
{
    (void)state;
    struct nashra_flow_block b[] = {para(7, 0), {1, H, 0, true, false, 0, false}, para(6, 0)};
    int page[14];
    assert_int_equal(nashra_paginate(b, 3, 100, 100, page, NULL), 2);
    assert_int_equal(page[7], 0); /* the heading stays with two lines of its paragraph */
    assert_int_equal(page[8], 0);
    assert_int_equal(page[9], 0);
    assert_int_equal(page[10], 1);
}

static void test_keep_with_short_blocks(void **state)
{
    (void)state;
    /* After the heading come one-line blocks (list items): two of them must follow it. */
    struct nashra_flow_block b[] = {para(8, 0), {1, H, 0, true, false, 0, false}, para(1, 0), para(1, 0)};
    int page[11];
    assert_int_equal(nashra_paginate(b, 4, 100, 100, page, NULL), 2);
    assert_int_equal(page[8], 1);
    assert_int_equal(page[10], 1);
}

static void test_unbreakable_moves(void **state)
{
    (void)state;
    struct nashra_flow_block b[] = {para(5, 0), {6, H, 0, false, false, 0, false}};
    int page[11];
    assert_int_equal(nashra_paginate(b, 2, 100, 100, page, NULL), 2);
    for (int i = 5; i < 11; i++)
        assert_int_equal(page[i], 1);
}

static void test_taller_than_page_splits(void **state)
{
    (void)state;
    struct nashra_flow_block b[] = {para(3, 0), {25, H, 0, false, false, 0, false}};
    int page[28];
    double y[28];
    assert_int_equal(nashra_paginate(b, 2, 100, 100, page, y), 3);
    /* It starts right after the paragraph and flows on. */
    assert_int_equal(page[3], 0);
    assert_int_equal(page[9], 0);
    assert_int_equal(page[10], 1);
    assert_int_equal(page[19], 1);
    assert_int_equal(page[20], 2);
    assert_float_equal(y[27], 70, 1e-9);
}

static void test_first_page_shorter(void **state)
{
    (void)state;
    struct nashra_flow_block b[] = {para(12, 0)};
    int page[12];
    assert_int_equal(nashra_paginate(b, 1, 50, 100, page, NULL), 2);
    assert_int_equal(page[4], 0);
    assert_int_equal(page[5], 1);
}

/* A table: 1 header line and 14 rows; a page holds 10 lines. The header is repeated on page 2,
 * so page 2's rows start below it. */
static void test_repeated_header(void **state)
{
    (void)state;
    struct nashra_flow_block b[] = {{15, H, 0, false, true, 1, false}};
    int page[15];
    double y[15];
    assert_int_equal(nashra_paginate(b, 1, 100, 100, page, y), 2);
    assert_int_equal(page[9], 0);
    assert_int_equal(page[10], 1);
    assert_float_equal(y[10], 10, 1e-9);
    assert_float_equal(y[14], 50, 1e-9);
    /* After a paragraph filling 8 lines, header + 1 row would be an orphan: the table moves. */
    struct nashra_flow_block c[] = {para(8, 0), {15, H, 0, false, true, 1, false}};
    int page2[23];
    double y2[23];
    assert_int_equal(nashra_paginate(c, 2, 100, 100, page2, y2), 3);
    assert_int_equal(page2[8], 1);
    assert_float_equal(y2[8], 0, 1e-9);
    assert_int_equal(page2[18], 2);
    assert_float_equal(y2[18], 10, 1e-9);
}

static void test_line_taller_than_page(void **state)
{
    (void)state;
    static const double big[] = {150, 10};
    struct nashra_flow_block b[] = {{2, big, 0, false, true, 0, false}};
    int page[2];
    assert_int_equal(nashra_paginate(b, 1, 100, 100, page, NULL), 2);
    assert_int_equal(page[0], 0);
    assert_int_equal(page[1], 1);
}

/* ---- footnotes: separator 4, 2 between notes, a call's line moves on when the page stays
 * 2/3 full, continued lines take at most half a page ---- */

static struct nashra_note_flow notes_of(const struct nashra_flow_note *notes, int n, int *page,
                                        double *y)
{
    return (struct nashra_note_flow){.notes = notes, .n_notes = n, .separator = 4, .gap = 2,
                                     .min_fill = 2.0 / 3, .max_share = 0.5, .page_of = page,
                                     .y_of = y};
}

static void test_note_fits(void **state)
{
    (void)state;
    struct nashra_flow_block b[] = {para(3, 0)};
    struct nashra_flow_note n[] = {{1, 2, H}};
    int page[3], npage[2];
    double y[3], ny[2];
    struct nashra_note_flow nf = notes_of(n, 1, npage, ny);
    assert_int_equal(nashra_paginate_notes(b, 1, 100, 100, &nf, page, y), 1);
    assert_int_equal(npage[0], 0);
    assert_int_equal(npage[1], 0);
    /* At the foot: separator, then the two lines down to the bottom. */
    assert_float_equal(ny[0], 80, 1e-9);
    assert_float_equal(ny[1], 90, 1e-9);
    /* No notes: the same as nashra_paginate. */
    assert_int_equal(nashra_paginate_notes(b, 1, 100, 100, NULL, page, y), 1);
}

static void test_note_moves_call(void **state)
{
    (void)state;
    /* 6 lines, then 4; the call on the 3rd line of the second block (line 8, at 80) has a
     * 3-line note: it does not fit under it, and the page is 80% full without it. */
    struct nashra_flow_block b[] = {para(6, 0), para(4, 0)};
    struct nashra_flow_note n[] = {{8, 3, H}};
    int page[10], npage[3];
    double y[10], ny[3];
    struct nashra_note_flow nf = notes_of(n, 1, npage, ny);
    assert_int_equal(nashra_paginate_notes(b, 2, 100, 100, &nf, page, y), 2);
    assert_int_equal(page[7], 0);
    assert_int_equal(page[8], 1);
    assert_int_equal(page[9], 1);
    for (int i = 0; i < 3; i++)
        assert_int_equal(npage[i], 1);
    assert_float_equal(ny[2], 90, 1e-9);
}

static void test_note_splits(void **state)
{
    (void)state;
    /* A call on the 2nd line of the first page: 15 note lines cannot all go there, and the
     * page would be nearly empty if the call moved on: 7 lines under it, the rest continues
     * (at most half a page at a time) on the next pages. */
    struct nashra_flow_block b[] = {para(2, 0), para(8, 0)};
    struct nashra_flow_note n[] = {{1, 15, H}};
    int page[10], npage[15];
    double y[10], ny[15];
    struct nashra_note_flow nf = notes_of(n, 1, npage, ny);
    assert_int_equal(nashra_paginate_notes(b, 2, 100, 100, &nf, page, y), 3);
    assert_int_equal(page[1], 0);
    for (int i = 0; i < 15; i++)
        assert_int_equal(npage[i], i < 7 ? 0 : i < 11 ? 1 : 2);
    assert_float_equal(ny[6], 90, 1e-9);
    /* The continuation: its own separator at the top of page 2's note area. */
    assert_float_equal(ny[7], 60, 1e-9);
    /* Page 2's body ends above it; 3 lines go on to page 3. */
    assert_int_equal(page[2 + 4], 1);
    assert_float_equal(y[2 + 4], 40, 1e-9);
    assert_int_equal(page[2 + 5], 2);
    /* Nothing overlaps: body above the note area on every page. */
    for (int l = 0; l < 10; l++)
        for (int i = 0; i < 15; i++)
            if (page[l] == npage[i])
                assert_true(y[l] + 10 <= ny[i] - 4 + 1e-9);
}

static void test_two_notes_in_order(void **state)
{
    (void)state;
    struct nashra_flow_block b[] = {para(5, 0)};
    struct nashra_flow_note n[] = {{1, 1, H}, {3, 2, H}};
    int page[5], npage[3];
    double y[5], ny[3];
    struct nashra_note_flow nf = notes_of(n, 2, npage, ny);
    assert_int_equal(nashra_paginate_notes(b, 1, 100, 100, &nf, page, y), 1);
    assert_float_equal(ny[0], 68, 1e-9);
    assert_float_equal(ny[1], 80, 1e-9); /* 2 between the notes */
    assert_float_equal(ny[2], 90, 1e-9);
}

static void test_note_keeps_orphan_rule(void **state)
{
    (void)state;
    /* 7 lines, then 3 with a call on the first: the note does not fit under it, and neither
     * splitting the note nor leaving that line alone at the foot is allowed: the paragraph
     * moves whole, with its note. */
    struct nashra_flow_block b[] = {para(7, 0), para(3, 0)};
    struct nashra_flow_note n[] = {{7, 2, H}};
    int page[10], npage[2];
    double y[10], ny[2];
    struct nashra_note_flow nf = notes_of(n, 1, npage, ny);
    assert_int_equal(nashra_paginate_notes(b, 2, 100, 100, &nf, page, y), 2);
    assert_int_equal(page[6], 0);
    for (int l = 7; l < 10; l++)
        assert_int_equal(page[l], 1);
    assert_int_equal(npage[0], 1);
    assert_int_equal(npage[1], 1);
    /* A widow too: 6 lines, then 4 with the call on the last; two lines go along. */
    struct nashra_flow_block c[] = {para(6, 0), para(4, 0)};
    n[0].call_line = 9;
    assert_int_equal(nashra_paginate_notes(c, 2, 100, 100, &nf, page, y), 2);
    assert_int_equal(page[7], 0);
    assert_int_equal(page[8], 1);
    assert_int_equal(npage[0], 1);
}

static void test_note_keeps_heading(void **state)
{
    (void)state;
    /* 7 lines, a heading, a paragraph whose first line calls a 3-line note: the paragraph
     * cannot start here with its note, so the heading goes along to the next page. */
    struct nashra_flow_block b[] = {para(7, 0), {1, H, 0, true, false, 0, false}, para(4, 0)};
    struct nashra_flow_note n[] = {{8, 3, H}};
    int page[12], npage[3];
    double y[12], ny[3];
    struct nashra_note_flow nf = notes_of(n, 1, npage, ny);
    assert_int_equal(nashra_paginate_notes(b, 3, 100, 100, &nf, page, y), 2);
    assert_int_equal(page[6], 0);
    assert_int_equal(page[7], 1);
    assert_int_equal(page[8], 1);
    assert_int_equal(npage[0], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_page),
        cmocka_unit_test(test_exact_fill_and_break),
        cmocka_unit_test(test_widow),
        cmocka_unit_test(test_orphan),
        cmocka_unit_test(test_three_lines_do_not_split),
        cmocka_unit_test(test_keep_with_next),
        cmocka_unit_test(test_keep_with_next_fits),
        cmocka_unit_test(test_keep_with_short_blocks),
        cmocka_unit_test(test_unbreakable_moves),
        cmocka_unit_test(test_taller_than_page_splits),
        cmocka_unit_test(test_first_page_shorter),
        cmocka_unit_test(test_line_taller_than_page),
        cmocka_unit_test(test_repeated_header),
        cmocka_unit_test(test_note_fits),
        cmocka_unit_test(test_note_moves_call),
        cmocka_unit_test(test_note_splits),
        cmocka_unit_test(test_two_notes_in_order),
        cmocka_unit_test(test_note_keeps_orphan_rule),
        cmocka_unit_test(test_note_keeps_heading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
