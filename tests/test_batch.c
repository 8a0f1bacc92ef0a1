/* Paint batching (render/batch.h): a partition of squares painted as one group per paint looks
 * like painting them one by one (pixels compared), with a handful of cairo operations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "render/batch.h"
#include "render/page.h"

#define PXMM 8   /* pixels per mm */
#define SIDE 100 /* mm */

typedef struct fixture {
    cairo_surface_t *a, *b; /* one by one, batched */
    cairo_t *ca, *cb;
    bh_batch *batch;
    bh_style_paint paints[4];
} fixture;

static bh_rgba rgb(double r, double g, double b)
{
    return (bh_rgba){r, g, b, 1, 1};
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || bh_batch_create(&f->batch) != BH_OK)
        return -1;
    f->a = cairo_image_surface_create(CAIRO_FORMAT_RGB24, SIDE * PXMM, SIDE * PXMM);
    f->b = cairo_image_surface_create(CAIRO_FORMAT_RGB24, SIDE * PXMM, SIDE * PXMM);
    f->ca = cairo_create(f->a);
    f->cb = cairo_create(f->b);
    cairo_t *crs[2] = {f->ca, f->cb};
    for (int i = 0; i < 2; i++) {
        cairo_set_source_rgb(crs[i], 1, 1, 1);
        cairo_paint(crs[i]);
        cairo_scale(crs[i], PXMM, PXMM);
    }
    /* Three classes with one outline style, and a hatched no-data paint. */
    const bh_rgba fills[3] = {rgb(1, 1, 0.8), rgb(0.99, 0.55, 0.24), rgb(0.5, 0, 0.15)};
    for (int i = 0; i < 3; i++) {
        f->paints[i].fill = fills[i];
        f->paints[i].stroke = rgb(0.43, 0.43, 0.43);
        f->paints[i].stroke_width_mm = 0.4;
    }
    f->paints[3] = f->paints[0];
    f->paints[3].fill = rgb(0.94, 0.94, 0.94);
    f->paints[3].hatch = BH_HATCH_BACK_DIAGONAL;
    f->paints[3].hatch_color = rgb(0.2, 0.2, 0.9);
    f->paints[3].hatch_spacing_mm = 1.5;
    f->paints[3].hatch_width_mm = 0.3;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bh_batch_destroy(f->batch);
    cairo_destroy(f->ca);
    cairo_destroy(f->cb);
    cairo_surface_destroy(f->a);
    cairo_surface_destroy(f->b);
    free(f);
    return 0;
}

/* Square (i, j) of a 10 x 10 grid of 9 mm squares from (5, 5), as a path on cr. */
static void square(cairo_t *cr, int i, int j)
{
    cairo_new_path(cr);
    cairo_rectangle(cr, 5 + 9 * i, 5 + 9 * j, 9, 9);
}

/* The paint of square (i, j): classes in a scattered pattern, every 7th square no-data. */
static const bh_style_paint *paint_of(fixture *f, int i, int j)
{
    int k = i * 10 + j;
    return k % 7 == 3 ? &f->paints[3] : &f->paints[(i * 3 + j * 5) % 3];
}

static unsigned px(cairo_surface_t *s, int x, int y)
{
    cairo_surface_flush(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    return *(const uint32_t *)(d + y * cairo_image_surface_get_stride(s) + x * 4) & 0xffffffu;
}

/* 1 when pixel (x, y) is within 3 px of a grid line (on an outline or its anti-aliased fringe). */
static int near_edge(int x, int y)
{
    int gx = (x - 5 * PXMM) % (9 * PXMM), gy = (y - 5 * PXMM) % (9 * PXMM);
    return gx <= 3 || gx >= 9 * PXMM - 3 || gy <= 3 || gy >= 9 * PXMM - 3;
}

/* Pixels where some channel differs by more than tol levels, near the outlines or inside. */
static size_t differing(fixture *f, int tol, int edges)
{
    size_t n = 0;
    for (int y = 0; y < SIDE * PXMM; y++)
        for (int x = 0; x < SIDE * PXMM; x++) {
            if (near_edge(x, y) != edges)
                continue;
            unsigned p = px(f->a, x, y), q = px(f->b, x, y);
            for (int c = 0; c < 24; c += 8)
                if (abs((int)((p >> c) & 255) - (int)((q >> c) & 255)) > tol) {
                    n++;
                    break;
                }
        }
    return n;
}

static void test_batched_partition_looks_like_one_by_one_with_one_group_per_paint(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 10; i++)
        for (int j = 0; j < 10; j++) {
            square(f->ca, i, j);
            bh_page_paint_path(f->ca, paint_of(f, i, j));
            square(f->cb, i, j);
            assert_int_equal(bh_batch_add_path(f->batch, f->cb, paint_of(f, i, j)), BH_OK);
        }
    assert_int_equal(bh_batch_n_paths(f->batch), 100);
    bh_batch_draw(f->batch, f->cb);
    /* 4 paints: 4 fills, 4 strokes, 1 hatch; instead of 100 fills + 100 strokes + 14 hatches. */
    assert_int_equal(bh_batch_n_ops(f->batch), 9);
    assert_int_equal(bh_batch_n_paths(f->batch), 0);
    /* Inside the areas (fills, hatch) nothing differs. On the outlines only the anti-aliased
     * fringe pixel on one side of an edge may: which neighbour's fill covered the first
     * stroke of a shared edge depends on the drawing order (area by area vs group by group). */
    assert_int_equal(differing(f, 16, 0), 0);
    size_t d = differing(f, 16, 1);
    print_message("# %zu of %d pixels differ (outline fringes)\n", d, SIDE * PXMM * SIDE * PXMM);
    assert_true(d * 40 < (size_t)(SIDE * PXMM * SIDE * PXMM));
    /* The hatch is inside the no-data squares only: square (0, 3) is no-data, (0, 2) not. */
    int hatch = 0;
    for (int y = 5 * PXMM + 3 * 9 * PXMM + 8; y < 5 * PXMM + 4 * 9 * PXMM - 8; y++)
        for (int x = 5 * PXMM + 8; x < 5 * PXMM + 9 * PXMM - 8; x++)
            hatch += (px(f->b, x, y) & 0xff) > 0xc0 && ((px(f->b, x, y) >> 16) & 0xff) < 0x80;
    assert_true(hatch > 50);
    for (int y = 5 * PXMM + 2 * 9 * PXMM + 8; y < 5 * PXMM + 3 * 9 * PXMM - 8; y++)
        for (int x = 5 * PXMM + 8; x < 5 * PXMM + 9 * PXMM - 8; x++)
            assert_false((px(f->b, x, y) & 0xff) > 0xc0 && ((px(f->b, x, y) >> 16) & 0xff) < 0x80);
}

static void test_translucent_strokes_stay_one_per_path(void **state)
{
    fixture *f = *state;
    bh_style_paint p = f->paints[0];
    p.stroke.a = 0.5;
    for (int i = 0; i < 5; i++) {
        square(f->ca, i, 0);
        bh_page_paint_path(f->ca, &p);
        square(f->cb, i, 0);
        assert_int_equal(bh_batch_add_path(f->batch, f->cb, &p), BH_OK);
    }
    bh_batch_draw(f->batch, f->cb);
    assert_int_equal(bh_batch_n_ops(f->batch), 1 + 5); /* one fill, five strokes */
    /* Just left of a shared edge, stroked twice at half alpha: as dark as one by one. */
    int x = (5 + 9) * PXMM - 1, y = (5 + 4) * PXMM;
    assert_int_equal(px(f->a, x, y), px(f->b, x, y));
}

static void test_rects_and_lines_group_by_colour(void **state)
{
    fixture *f = *state;
    bh_rgba red = rgb(1, 0, 0), blue = rgb(0, 0, 1), black = rgb(0, 0, 0);
    for (int i = 0; i < 20; i++) {
        assert_int_equal(bh_batch_add_rect(f->batch, i % 2 ? &red : &blue, 2 + 4 * i, 10, 3, 20),
                         BH_OK);
        assert_int_equal(bh_batch_add_line(f->batch, &black, 0.5, 2 + 4 * i, 30, 5 + 4 * i, 30),
                         BH_OK);
    }
    bh_rgba none = {0};
    assert_int_equal(bh_batch_add_rect(f->batch, &none, 0, 0, 50, 50), BH_OK); /* no paint */
    assert_int_equal(bh_batch_n_paths(f->batch), 40);
    bh_batch_draw(f->batch, f->cb);
    assert_int_equal(bh_batch_n_ops(f->batch), 3);
    assert_int_equal(px(f->b, 3 * PXMM, 20 * PXMM), 0x0000ffu);  /* rect 0: blue */
    assert_int_equal(px(f->b, 7 * PXMM, 20 * PXMM), 0xff0000u);  /* rect 1: red */
    assert_int_equal(px(f->b, 4 * PXMM, 30 * PXMM), 0x000000u);  /* the baseline */
    assert_int_equal(px(f->b, 40 * PXMM, 40 * PXMM), 0xffffffu); /* nothing else painted */
}

static void test_only_outline_paints_may_overlap(void **state)
{
    fixture *f = *state;
    bh_style_paint line = {0};
    line.stroke = rgb(0, 0, 0);
    line.stroke_width_mm = 0.7;
    assert_true(bh_batch_paint_overlap_safe(&line));
    line.stroke.a = 0.5;
    assert_false(bh_batch_paint_overlap_safe(&line));
    assert_false(bh_batch_paint_overlap_safe(&f->paints[0])); /* filled */
    bh_batch_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_batched_partition_looks_like_one_by_one_with_one_group_per_paint, setup, teardown),
        cmocka_unit_test_setup_teardown(test_translucent_strokes_stay_one_per_path, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rects_and_lines_group_by_colour, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_outline_paints_may_overlap, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
