/* Bar charts and tables drawn to an image: pixels in known places. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "render/chart.h"
#include "render/text.h"
#include "render/table.h"

#define PXMM 10.0

typedef struct fixture {
    cairo_surface_t *img;
    cairo_t *cr;
    bh_table *t;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1000, 1000); /* 100 x 100 mm */
    f->cr = cairo_create(f->img);
    cairo_set_source_rgb(f->cr, 1, 1, 1);
    cairo_paint(f->cr);
    cairo_scale(f->cr, PXMM, PXMM);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bh_table_destroy(f->t);
    cairo_destroy(f->cr);
    cairo_surface_destroy(f->img);
    free(f);
    return 0;
}

static unsigned px(fixture *f, int x, int y)
{
    cairo_surface_flush(f->img);
    const unsigned char *d = cairo_image_surface_get_data(f->img);
    return *(const unsigned *)(d + y * cairo_image_surface_get_stride(f->img) + x * 4) & 0xffffffu;
}

/* Height in pixels of the run of colour col in pixel column x, scanning up from y_base. */
static int column_height(fixture *f, int x, int y_base, unsigned col)
{
    int h = 0;
    for (int y = y_base; y >= 0 && px(f, x, y) == col; y--)
        h++;
    return h;
}

static void test_bar_heights_are_proportional_to_values(void **state)
{
    fixture *f = *state;
    const double v[3] = {10, 5, 2.5};
    const unsigned col[3] = {0xff0000, 0x00ff00, 0x0000ff};
    bh_bar_chart c = {.n = 3, .values = v, .colors = col, .gap_frac = 0.2};
    bh_bar_chart_draw(f->cr, &c, 10, 10, 30, 40); /* box 10..40 x 10..50 mm */
    /* Bar centres at x = 15, 25, 35 mm; baseline at y = 50 mm (pixel row 499 is the last). */
    int h0 = column_height(f, 150, 499, 0xff0000);
    int h1 = column_height(f, 250, 499, 0x00ff00);
    int h2 = column_height(f, 350, 499, 0x0000ff);
    assert_int_equal(h0, 400); /* the maximum fills the box */
    assert_int_equal(h1, 200);
    assert_int_equal(h2, 100);
    /* gaps between bars stay white */
    assert_int_equal(px(f, 200, 480), 0xffffff);
    assert_int_equal(px(f, 105, 480), 0xffffff);
    /* nothing above the box */
    assert_int_equal(px(f, 150, 95), 0xffffff);
}

static void test_shared_max_scales_charts_alike(void **state)
{
    fixture *f = *state;
    const double a[2] = {4, 2}, b[2] = {8, 1};
    const unsigned col[2] = {0xff0000, 0xff0000};
    double all[4] = {4, 2, 8, 1};
    double max = bh_bar_chart_max(all, 4);
    assert_true(max == 8);
    bh_bar_chart ca = {.n = 2, .values = a, .colors = col, .max = max};
    bh_bar_chart cb = {.n = 2, .values = b, .colors = col, .max = max};
    bh_bar_chart_draw(f->cr, &ca, 10, 10, 20, 40);
    bh_bar_chart_draw(f->cr, &cb, 50, 10, 20, 40);
    assert_int_equal(column_height(f, 150, 499, 0xff0000), 200); /* 4 of 8 */
    assert_int_equal(column_height(f, 550, 499, 0xff0000), 400); /* 8 of 8 */
    assert_int_equal(column_height(f, 650, 499, 0xff0000), 50);  /* 1 of 8 */
    double r[4];
    assert_int_equal(bh_bar_chart_bar_rect(&ca, 10, 10, 20, 40, 1, r), 1);
    assert_true(fabs((r[3] - r[1]) - 10) < 1e-9);
    assert_int_equal(bh_bar_chart_bar_rect(&ca, 10, 10, 20, 40, 2, r), 0);
}

static void test_value_labels_and_baseline_are_drawn(void **state)
{
    fixture *f = *state;
    const double v[2] = {30, 15};
    const unsigned col[2] = {0x0000ff, 0x0000ff};
    bh_bar_chart c = {.n = 2, .values = v, .colors = col, .value_labels = 1, .baseline_mm = 0.5};
    bh_bar_chart_draw(f->cr, &c, 10, 10, 20, 40);
    double r[4];
    bh_bar_chart_bar_rect(&c, 10, 10, 20, 40, 0, r);
    assert_true(r[1] > 10.0 + 40 * 0.2); /* room kept above the tallest bar for its label */
    /* Ink (black text) just above the first bar, none above the label band. */
    long ink = 0;
    for (int y = (int)((r[1] - 3) * PXMM); y < (int)(r[1] * PXMM); y++)
        for (int x = (int)(r[0] * PXMM); x < (int)(r[2] * PXMM); x++)
            if (px(f, x, y) != 0xffffff && px(f, x, y) != 0x0000ff)
                ink++;
    assert_true(ink > 20);
    /* Baseline: black at y = 50 mm across the box width, also under the gap */
    assert_int_equal(px(f, 200, 500), 0x000000);
    assert_int_equal(px(f, 105, 500), 0x000000);
}

static void test_negative_and_nan_values_draw_nothing(void **state)
{
    fixture *f = *state;
    const double v[3] = {-5, NAN, 0};
    bh_bar_chart c = {.n = 3, .values = v};
    bh_bar_chart_draw(f->cr, &c, 10, 10, 30, 40);
    for (int y = 100; y < 500; y += 7)
        for (int x = 100; x < 400; x += 7)
            assert_int_equal(px(f, x, y), 0xffffff);
}

static void fill_table(fixture *f, int rows)
{
    assert_int_equal(bh_table_create(3, &f->t), BH_OK);
    assert_int_equal(bh_table_set_column(f->t, 0, "町丁目", BH_ALIGN_LEFT, 2), BH_OK);
    assert_int_equal(bh_table_set_column(f->t, 1, "自転車盗", BH_ALIGN_RIGHT, 1), BH_OK);
    assert_int_equal(bh_table_set_column(f->t, 2, "計", BH_ALIGN_RIGHT, 1), BH_OK);
    for (int i = 0; i < rows; i++) {
        char a[32], b[16], c[16];
        snprintf(a, sizeof a, "稔台%d丁目", i + 1);
        snprintf(b, sizeof b, "%d", i);
        snprintf(c, sizeof c, "%d", 10 * i);
        const char *cells[3] = {a, b, c};
        assert_int_equal(bh_table_add_row(f->t, cells), BH_OK);
    }
}

static void test_table_paginates_rows_that_do_not_fit(void **state)
{
    fixture *f = *state;
    fill_table(f, 40);
    double rh = bh_table_row_height(f->t);
    assert_true(rh > 2 && rh < 6);
    size_t fit = bh_table_rows_fitting(f->t, 0, 50);
    assert_int_equal(fit, (size_t)((50 - rh) / rh));
    size_t next = bh_table_draw(f->t, f->cr, 10, 10, 60, 50, 0);
    assert_int_equal(next, fit);
    /* Every later page takes the same number of rows until the rest fits. */
    size_t at = next, pages = 1;
    while (at < 40) {
        size_t to = bh_table_draw(f->t, f->cr, 10, 10, 60, 50, at);
        assert_int_equal(to - at, 40 - at < fit ? 40 - at : fit);
        at = to;
        pages++;
    }
    assert_int_equal(pages, (40 + fit - 1) / fit);
    /* A box too small for the header and one row draws nothing. */
    assert_int_equal(bh_table_draw(f->t, f->cr, 10, 10, 60, rh * 1.5, 3), 3);
}

static void test_table_header_zebra_and_right_aligned_numbers(void **state)
{
    fixture *f = *state;
    fill_table(f, 4);
    bh_table_draw(f->t, f->cr, 10, 10, 80, 60, 0);
    double rh = bh_table_row_height(f->t);
    /* Header band grey (0.85 -> 0xd9) at its left edge, zebra (0.94 -> 0xf0) on row 2 */
    assert_int_equal(px(f, 101, (int)((10 + rh / 2) * PXMM)) & 0xff, 0xd9);
    assert_int_equal(px(f, 101, (int)((10 + 2.5 * rh) * PXMM)) & 0xff, 0xf0);
    assert_int_equal(px(f, 101, (int)((10 + 1.5 * rh) * PXMM)), 0xffffff);
    /* Column 2 (weight 1 of 4: x from 70 to 90 mm) is right-aligned: ink near its right edge,
     * none at its left edge, on the first data row. */
    long right = 0, left = 0;
    for (int y = (int)((10 + rh) * PXMM) + 3; y < (int)((10 + 2 * rh) * PXMM) - 2; y++) {
        for (int x = 700; x < 740; x++)
            left += px(f, x, y) != 0xffffff;
        for (int x = 860; x < 895; x++)
            right += px(f, x, y) != 0xffffff;
    }
    assert_int_equal(left, 0);
    assert_true(right > 10);
}

static void test_table_bold_row_has_more_ink(void **state)
{
    fixture *f = *state;
    assert_int_equal(bh_table_create(2, &f->t), BH_OK);
    const char *cells[2] = {"計 total", "12345"};
    assert_int_equal(bh_table_add_row(f->t, cells), BH_OK);
    assert_int_equal(bh_table_add_row(f->t, cells), BH_OK); /* zebra row: skip for ink */
    assert_int_equal(bh_table_add_row_bold(f->t, cells, 1), BH_OK);
    bh_table_draw(f->t, f->cr, 10, 10, 80, 60, 0);
    double rh = bh_table_row_height(f->t), hh = bh_table_header_height(f->t);
    long ink[3] = {0, 0, 0};
    for (int r = 0; r < 3; r += 2)
        for (int y = (int)((10 + hh + rh * r) * PXMM) + 2;
             y < (int)((10 + hh + rh * (r + 1)) * PXMM) - 2; y++)
            for (int x = 100; x < 900; x++)
                ink[r] += px(f, x, y) != 0xffffff;
    assert_true(ink[0] > 50);
    assert_true(ink[2] > ink[0] * 11 / 10);
}

/* Charts drawn one by one (bh_bar_chart_draw) on a second image, for comparing with batches. */
static cairo_t *second_image(cairo_surface_t **img)
{
    *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1000, 1000);
    cairo_t *cr = cairo_create(*img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, PXMM, PXMM);
    return cr;
}

static void test_chart_batch_keeps_overlapping_charts_in_order(void **state)
{
    fixture *f = *state;
    static const double v[3][3] = {{5, 1, 3}, {2, 6, 4}, {1, 1, 1}};
    static const unsigned cols[3] = {0xe41a1c, 0x377eb8, 0x4daf4a};
    /* Charts 0 and 1 overlap (1 must cover 0), chart 2 stands apart. */
    static const double box[3][4] = {{10, 10, 30, 20}, {25, 15, 30, 20}, {60, 60, 30, 20}};
    cairo_surface_t *img2;
    cairo_t *cr2 = second_image(&img2);
    bh_chart_batch *cb = NULL;
    assert_int_equal(bh_chart_batch_create(&cb), BH_OK);
    for (int i = 0; i < 3; i++) {
        bh_bar_chart c = {0};
        c.n = 3;
        c.values = v[i];
        c.colors = cols;
        c.gap_frac = 0.2;
        c.baseline_mm = 0.3;
        c.background_rgba[0] = c.background_rgba[1] = c.background_rgba[2] = 0.9;
        c.background_rgba[3] = 0.75;
        assert_int_equal(bh_chart_batch_add(cb, &c, box[i][0], box[i][1], box[i][2], box[i][3]),
                         BH_OK);
        bh_bar_chart_draw(cr2, &c, box[i][0], box[i][1], box[i][2], box[i][3]);
        c.value_labels = 1;
        assert_int_equal(bh_chart_batch_add(cb, &c, 0, 0, 5, 5), BH_E_ARG);
    }
    assert_int_equal(bh_chart_batch_draw(cb, f->cr), 2); /* two levels: {0, 2}, {1} */
    bh_chart_batch_destroy(cb);
    bh_chart_batch_destroy(NULL);
    /* The same pixels as one by one; the first bar of chart 1 covers chart 0's last bar. */
    size_t differ = 0;
    cairo_surface_flush(img2);
    const unsigned char *d = cairo_image_surface_get_data(img2);
    for (int y = 0; y < 1000; y++)
        for (int x = 0; x < 1000; x++) {
            unsigned q = *(const unsigned *)(d + y * cairo_image_surface_get_stride(img2) + x * 4) &
                         0xffffffu;
            differ += px(f, x, y) != q;
        }
    print_message("# %zu of 1000000 pixels differ\n", differ);
    assert_true(differ < 200); /* anti-aliased edges only */
    /* (32, 29) mm: chart 0's third bar (green) under chart 1's first bar (red). */
    assert_int_equal(px(f, 320, 290), 0xe41a1cu);
    cairo_destroy(cr2);
    cairo_surface_destroy(img2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bar_heights_are_proportional_to_values, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_shared_max_scales_charts_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_value_labels_and_baseline_are_drawn, setup, teardown),
        cmocka_unit_test_setup_teardown(test_negative_and_nan_values_draw_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table_paginates_rows_that_do_not_fit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table_header_zebra_and_right_aligned_numbers, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_table_bold_row_has_more_ink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chart_batch_keeps_overlapping_charts_in_order, setup,
                                        teardown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    return failed;
}
