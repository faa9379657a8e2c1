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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
