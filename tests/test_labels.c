/* Label placement: no overlaps, inside the frame, reserved areas kept free, priority order,
 * drop-and-count, determinism. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "render/labels.h"

typedef struct fixture {
    cairo_surface_t *img;
    cairo_t *cr;
    bh_labeler *lab;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 300);
    f->cr = cairo_create(f->img);
    cairo_scale(f->cr, 4, 4); /* 100 x 75 mm */
    if (bh_labeler_create(10, 10, 90, 65, 1.5, &f->lab) != BH_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bh_labeler_destroy(f->lab);
    cairo_destroy(f->cr);
    cairo_surface_destroy(f->img);
    free(f);
    return 0;
}

static int overlap(const double a[4], const double b[4])
{
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/* 200 labels on a pseudo-random grid of anchors, priorities = counts. */
static void add_many(bh_labeler *lab, unsigned seed)
{
    bh_text_style st = bh_text_style_default(7);
    st.halo_mm = 0.3;
    for (int i = 0; i < 200; i++) {
        seed = seed * 1103515245u + 12345u;
        double x = 5 + (double)((seed >> 8) % 900) / 10.0;
        seed = seed * 1103515245u + 12345u;
        double y = 5 + (double)((seed >> 8) % 650) / 10.0;
        char text[32];
        snprintf(text, sizeof text, "町丁目%d\n%d件", i, i % 37);
        assert_int_equal(bh_labeler_add(lab, text, &st, x, y, (double)(i % 37), NULL, NULL), BH_OK);
    }
}

static void test_placed_boxes_never_overlap_and_stay_in_frame(void **state)
{
    fixture *f = *state;
    assert_int_equal(bh_labeler_reserve(f->lab, 60, 45, 90, 65), BH_OK); /* legend */
    add_many(f->lab, 42);
    size_t placed = bh_labeler_place(f->lab, f->cr);
    assert_true(placed > 10);
    assert_int_equal(placed + bh_labeler_dropped(f->lab), 200);
    const double legend[4] = {60, 45, 90, 65};
    for (size_t i = 0; i < 200; i++) {
        double a[4];
        if (!bh_labeler_result(f->lab, i, a, NULL))
            continue;
        assert_true(a[0] >= 10 && a[1] >= 10 && a[2] <= 90 && a[3] <= 65);
        assert_false(overlap(a, legend));
        for (size_t j = i + 1; j < 200; j++) {
            double b[4];
            if (bh_labeler_result(f->lab, j, b, NULL))
                assert_false(overlap(a, b));
        }
    }
}

static void test_drawing_leaves_no_ink_outside_the_frame(void **state)
{
    fixture *f = *state;
    cairo_set_source_rgb(f->cr, 1, 1, 1);
    cairo_paint(f->cr);
    add_many(f->lab, 7);
    bh_labeler_place(f->lab, f->cr);
    bh_labeler_draw(f->lab, f->cr);
    cairo_surface_flush(f->img);
    const unsigned char *d = cairo_image_surface_get_data(f->img);
    int stride = cairo_image_surface_get_stride(f->img);
    long outside = 0, inside = 0;
    for (int y = 0; y < 300; y++)
        for (int x = 0; x < 400; x++) {
            unsigned p = *(const unsigned *)(d + y * stride + x * 4) & 0xffffffu;
            int in = x >= 40 && x < 360 && y >= 40 && y < 260;
            if (p != 0xffffff) {
                if (in)
                    inside++;
                else
                    outside++;
            }
        }
    assert_true(inside > 1000);
    assert_int_equal(outside, 0);
}

static void test_higher_priority_wins_the_contested_spot(void **state)
{
    fixture *f = *state;
    bh_text_style st = bh_text_style_default(20);
    /* Two wide labels at the same anchor in a frame that only has room for one. */
    bh_labeler_destroy(f->lab);
    assert_int_equal(bh_labeler_create(0, 0, 60, 12, 1, &f->lab), BH_OK);
    assert_int_equal(bh_labeler_add(f->lab, "低い優先", &st, 30, 6, 1, NULL, NULL), BH_OK);
    assert_int_equal(bh_labeler_add(f->lab, "高い優先", &st, 30, 6, 5, NULL, NULL), BH_OK);
    assert_int_equal(bh_labeler_place(f->lab, f->cr), 1);
    int cand = -2;
    assert_int_equal(bh_labeler_result(f->lab, 0, NULL, &cand), 0);
    assert_int_equal(cand, -1);
    assert_int_equal(bh_labeler_result(f->lab, 1, NULL, &cand), 1);
    assert_int_equal(cand, 0); /* centred on its anchor */
    assert_int_equal(bh_labeler_dropped(f->lab), 1);
}

static void test_second_label_moves_to_an_offset_candidate(void **state)
{
    fixture *f = *state;
    bh_text_style st = bh_text_style_default(10);
    double h; /* the line height: 1 em in BIZ UDPゴシック, 3.53 mm at 10 pt */
    bh_text_measure(f->cr, &st, "A交番", NULL, &h);
    assert_true(h > 3.0);     /* so that C's offset candidates (1.5 mm gap) all reach A's box */
    double yb = 40 + 0.9 * h; /* B's centred box overlaps A's by a tenth of a line */
    assert_int_equal(bh_labeler_add(f->lab, "A交番", &st, 50, 40, 10, NULL, NULL), BH_OK);
    assert_int_equal(bh_labeler_add(f->lab, "B交番", &st, 50, yb, 5, NULL, NULL), BH_OK);
    assert_int_equal(bh_labeler_add(f->lab, "C交番", &st, 50, 40, 1, NULL, NULL), BH_OK);
    assert_int_equal(bh_labeler_place(f->lab, f->cr), 3);
    double a[4], b[4], c[4];
    int ca, cb, cc;
    bh_labeler_result(f->lab, 0, a, &ca);
    bh_labeler_result(f->lab, 1, b, &cb);
    assert_int_equal(ca, 0);
    /* B's centre would overlap A; N, NE, E still touch A's band,
     * SE (below right of the anchor, 1.5 mm away) is the first free candidate. */
    assert_int_equal(cb, 4);
    assert_false(overlap(a, b));
    assert_true(b[0] > 50 && b[1] > yb);
    /* C at A's own anchor: every candidate at the gap touches A's centred box, so it goes to
     * the far ring, N first: eight gaps (12 mm) above the anchor. */
    assert_int_equal(bh_labeler_result(f->lab, 2, c, &cc), 1);
    assert_int_equal(cc, 9);
    assert_false(overlap(a, c) || overlap(b, c));
    assert_true(fabs(c[3] - (40 - 8 * 1.5)) < 1e-9); /* its bottom edge */
    assert_int_equal(bh_labeler_dropped(f->lab), 0);
}

static int left_half_only(void *user, const double box[4])
{
    (void)user;
    return box[2] <= 50;
}

static void test_accept_callback_restricts_candidates(void **state)
{
    fixture *f = *state;
    bh_text_style st = bh_text_style_default(8);
    assert_int_equal(bh_labeler_add(f->lab, "内側", &st, 50, 40, 1, left_half_only, NULL), BH_OK);
    assert_int_equal(bh_labeler_place(f->lab, f->cr), 1);
    double a[4];
    int c;
    bh_labeler_result(f->lab, 0, a, &c);
    assert_true(a[2] <= 50);
    assert_int_equal(c, 6); /* SW of the anchor is the first candidate left of x = 50 */
}

static void test_placement_is_deterministic(void **state)
{
    fixture *f = *state;
    add_many(f->lab, 99);
    bh_labeler_place(f->lab, f->cr);
    bh_labeler *again = NULL;
    assert_int_equal(bh_labeler_create(10, 10, 90, 65, 1.5, &again), BH_OK);
    add_many(again, 99);
    bh_labeler_place(again, f->cr);
    assert_int_equal(bh_labeler_placed(again), bh_labeler_placed(f->lab));
    for (size_t i = 0; i < 200; i++) {
        double a[4] = {0}, b[4] = {0};
        int ca, cb;
        assert_int_equal(bh_labeler_result(f->lab, i, a, &ca), bh_labeler_result(again, i, b, &cb));
        assert_memory_equal(a, b, sizeof a);
        assert_int_equal(ca, cb);
    }
    bh_labeler_destroy(again);
    bh_labeler_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_placed_boxes_never_overlap_and_stay_in_frame, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_drawing_leaves_no_ink_outside_the_frame, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_higher_priority_wins_the_contested_spot, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_second_label_moves_to_an_offset_candidate, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_accept_callback_restricts_candidates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_placement_is_deterministic, setup, teardown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    return failed;
}
