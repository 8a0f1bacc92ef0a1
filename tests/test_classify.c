/* Classification breaks against known results and an independent brute-force optimum. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/classify.h"

typedef struct fixture {
    bh_ctx *ctx;
    bh_classes *c;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bh_classes_destroy(f->c);
    bh_ctx_destroy(f->ctx);
    free(f);
    return 0;
}

static void run(fixture *f, bh_classify_method m, const double *v, size_t n, int k)
{
    bh_classes_destroy(f->c);
    f->c = NULL;
    assert_int_equal(bh_classify(f->ctx, m, v, n, k, NULL, 0, &f->c), BH_OK);
}

static void assert_bounds(const bh_classes *c, const double *want, int nb, double tol)
{
    assert_int_equal(bh_classes_count(c) + 1, nb);
    const double *b = bh_classes_bounds(c);
    for (int i = 0; i < nb; i++)
        assert_true(fabs(b[i] - want[i]) <= tol);
}

static void assert_no_nan_no_duplicates(const bh_classes *c)
{
    const double *b = bh_classes_bounds(c);
    for (int i = 0; i <= bh_classes_count(c); i++)
        assert_false(isnan(b[i]));
    for (int i = 2; i <= bh_classes_count(c); i++)
        assert_true(b[i] > b[i - 1]);
    assert_true(b[1] >= b[0]);
}

/* jenkspy tests/test_jenks.py (github.com/mthh/jenkspy), data2 with 4 classes: breaks
 * (1, 416, 767, 1083, 1424) and labels res5. */
static const double jenkspy_data2[50] = {
    132, 915, 312, 1424, 1240, 1370, 113, 1028, 1078, 416, 963,  359,  1422, 658,  73,  1326, 245,
    848, 683, 255, 1223, 253,  654,  736, 1079, 39,   583, 1367, 1237, 327,  1083, 328, 951,  678,
    927, 301, 96,  297,  179,  230,  767, 1248, 1,    37,  1352, 1009, 663,  1283, 679, 230};
static const int jenkspy_labels[50] = {0, 2, 0, 3, 3, 3, 0, 2, 2, 0, 2, 0, 3, 1, 0, 3, 0,
                                       2, 1, 0, 3, 0, 1, 1, 2, 0, 1, 3, 3, 0, 2, 0, 2, 1,
                                       2, 0, 0, 0, 0, 0, 1, 3, 0, 0, 3, 2, 1, 3, 1, 0};

static void test_jenks_matches_jenkspy_reference_breaks_and_labels(void **state)
{
    fixture *f = *state;
    run(f, BH_CLASSIFY_JENKS, jenkspy_data2, 50, 4);
    const double want[5] = {1, 416, 767, 1083, 1424};
    assert_bounds(f->c, want, 5, 0);
    int cls[50];
    bh_classes_assign_all(f->c, jenkspy_data2, 50, cls);
    for (int i = 0; i < 50; i++)
        assert_int_equal(cls[i], jenkspy_labels[i]);
    assert_int_equal(bh_classes_member_count(f->c, 0), 20);
    assert_int_equal(bh_classes_member_count(f->c, 1), 9);
    assert_int_equal(bh_classes_member_count(f->c, 2), 10);
    assert_int_equal(bh_classes_member_count(f->c, 3), 11);
}

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double ssd(const double *x, size_t lo, size_t hi)
{
    double m = 0;
    for (size_t i = lo; i < hi; i++)
        m += x[i];
    m /= (double)(hi - lo);
    double s = 0;
    for (size_t i = lo; i < hi; i++)
        s += (x[i] - m) * (x[i] - m);
    return s;
}

/* Independent check: the minimum within-class sum of squares over every split of sorted x into
 * 3 classes, by enumeration. */
static double brute_best3(const double *x, size_t n)
{
    double best = INFINITY;
    for (size_t a = 1; a < n - 1; a++)
        for (size_t b = a + 1; b < n; b++) {
            double s = ssd(x, 0, a) + ssd(x, a, b) + ssd(x, b, n);
            if (s < best)
                best = s;
        }
    return best;
}

static void test_jenks_is_the_exact_optimum_by_enumeration(void **state)
{
    fixture *f = *state;
    double x[40];
    uint32_t s = 12345;
    for (int i = 0; i < 40; i++) {
        s = s * 1103515245u + 12345u;
        x[i] = (double)((s >> 8) % 1000) / 10.0 + (i % 3) * 40.0;
    }
    run(f, BH_CLASSIFY_JENKS, x, 40, 3);
    qsort(x, 40, sizeof x[0], cmpd);
    const double *b = bh_classes_bounds(f->c);
    size_t a = 0, c = 0;
    for (size_t i = 0; i < 40; i++) {
        if (x[i] <= b[1])
            a = i + 1;
        if (x[i] <= b[2])
            c = i + 1;
    }
    double got = ssd(x, 0, a) + ssd(x, a, c) + ssd(x, c, 40);
    assert_true(fabs(got - brute_best3(x, 40)) < 1e-6);
}

static void test_jenks_samples_large_inputs_deterministically(void **state)
{
    fixture *f = *state;
    size_t n = 10000;
    double *x = malloc(n * sizeof *x);
    assert_non_null(x);
    /* Three clusters around 10, 50 and 90, width 4: the breaks must fall in the gaps. */
    uint32_t s = 7;
    for (size_t i = 0; i < n; i++) {
        s = s * 1664525u + 1013904223u;
        x[i] = 10.0 + 40.0 * (double)(i % 3) + (double)(s >> 20) / 4096.0 * 4.0;
    }
    run(f, BH_CLASSIFY_JENKS, x, n, 3);
    double b1[4];
    memcpy(b1, bh_classes_bounds(f->c), sizeof b1);
    assert_true(b1[1] < 15 && b1[2] > 49 && b1[2] < 55);
    assert_true(b1[0] >= 10 && b1[0] < 10.1);
    assert_true(b1[3] > 93.9 && b1[3] <= 94);
    run(f, BH_CLASSIFY_JENKS, x, n, 3);
    assert_memory_equal(b1, bh_classes_bounds(f->c), sizeof b1);
    size_t total = 0;
    for (int i = 0; i < 3; i++)
        total += bh_classes_member_count(f->c, i);
    assert_int_equal(total, n);
    assert_int_equal(bh_classes_member_count(f->c, 0), (n + 2) / 3);
    free(x);
}

static void test_quantile_uses_type7_quantiles(void **state)
{
    fixture *f = *state;
    const double x[10] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    run(f, BH_CLASSIFY_QUANTILE, x, 10, 4);
    const double want[5] = {1, 3.25, 5.5, 7.75, 10};
    assert_bounds(f->c, want, 5, 1e-12);
    assert_int_equal(bh_classes_member_count(f->c, 0), 3);
    assert_int_equal(bh_classes_member_count(f->c, 1), 2);
    assert_int_equal(bh_classes_member_count(f->c, 3), 3);
}

static void test_equal_interval_splits_the_range_evenly(void **state)
{
    fixture *f = *state;
    const double x[6] = {0, 1, 3, 5, 7, 10};
    run(f, BH_CLASSIFY_EQUAL, x, 6, 5);
    const double want[6] = {0, 2, 4, 6, 8, 10};
    assert_bounds(f->c, want, 6, 1e-12);
    assert_int_equal(bh_classes_assign(f->c, 2.0), 0);
    assert_int_equal(bh_classes_assign(f->c, 2.0001), 1);
    assert_int_equal(bh_classes_assign(f->c, 10), 4);
    assert_int_equal(bh_classes_assign(f->c, 1000), 4);
    assert_int_equal(bh_classes_assign(f->c, -5), 0);
}

static void test_pretty_matches_r_pretty(void **state)
{
    fixture *f = *state;
    /* R: pretty(c(1, 9)) = 0 2 4 6 8 10; pretty(c(0, 100)) = 0 20 ... 100;
     * pretty(c(0.3, 2.7)) = 0 0.5 ... 3; pretty(c(-3, 17)) = -5 0 5 10 15 20. */
    const double a[6] = {1, 9, 2, 3, 5, 7};
    run(f, BH_CLASSIFY_PRETTY, a, 6, 5);
    const double wa[6] = {0, 2, 4, 6, 8, 10};
    assert_bounds(f->c, wa, 6, 1e-12);
    double out[16];
    size_t n = bh_pretty(0, 100, 5, out, 16);
    assert_int_equal(n, 6);
    assert_true(fabs(out[1] - 20) < 1e-12 && fabs(out[5] - 100) < 1e-12);
    n = bh_pretty(0.3, 2.7, 5, out, 16);
    assert_int_equal(n, 7);
    assert_true(fabs(out[0]) < 1e-12 && fabs(out[1] - 0.5) < 1e-12 && fabs(out[6] - 3) < 1e-12);
    n = bh_pretty(-3, 17, 5, out, 16);
    assert_int_equal(n, 6);
    assert_true(fabs(out[0] + 5) < 1e-12 && fabs(out[5] - 20) < 1e-12);
}

static void test_stddev_breaks_are_one_sd_apart_about_the_mean(void **state)
{
    fixture *f = *state;
    const double x[8] = {2, 4, 4, 4, 5, 5, 7, 9}; /* mean 5, population sd 2 */
    run(f, BH_CLASSIFY_STDDEV, x, 8, 4);
    const double w4[5] = {2, 3, 5, 7, 9};
    assert_bounds(f->c, w4, 5, 1e-12);
    run(f, BH_CLASSIFY_STDDEV, x, 8, 3);
    const double w3[4] = {2, 4, 6, 9};
    assert_bounds(f->c, w3, 4, 1e-12);
}

static void test_manual_breaks_inner_and_full_bounds(void **state)
{
    fixture *f = *state;
    const double x[4] = {0, 12, 25, 30};
    const double inner[2] = {10, 20};
    assert_int_equal(bh_classify(f->ctx, BH_CLASSIFY_MANUAL, x, 4, 3, inner, 2, &f->c), BH_OK);
    const double want[4] = {0, 10, 20, 30};
    assert_bounds(f->c, want, 4, 0);
    assert_int_equal(bh_classes_assign(f->c, 12), 1);
    bh_classes_destroy(f->c);
    f->c = NULL;
    const double bad[2] = {20, 10};
    assert_int_equal(bh_classify(f->ctx, BH_CLASSIFY_MANUAL, x, 4, 3, bad, 2, &f->c), BH_E_ARG);
    assert_null(f->c);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "strictly increasing"));
}

static void test_all_zero_gives_one_class_without_nan(void **state)
{
    fixture *f = *state;
    const double z[6] = {0, 0, 0, 0, 0, 0};
    for (int m = BH_CLASSIFY_QUANTILE; m <= BH_CLASSIFY_STDDEV; m++) {
        run(f, (bh_classify_method)m, z, 6, 5);
        assert_int_equal(bh_classes_count(f->c), 1);
        assert_true(bh_classes_bounds(f->c)[0] == 0 && bh_classes_bounds(f->c)[1] == 0);
        assert_int_equal(bh_classes_assign(f->c, 0), 0);
        assert_int_equal(bh_classes_member_count(f->c, 0), 6);
    }
}

static void test_single_value_gives_one_class(void **state)
{
    fixture *f = *state;
    const double one[1] = {7};
    for (int m = BH_CLASSIFY_QUANTILE; m <= BH_CLASSIFY_STDDEV; m++) {
        run(f, (bh_classify_method)m, one, 1, 3);
        assert_int_equal(bh_classes_count(f->c), 1);
        assert_no_nan_no_duplicates(f->c);
    }
}

static void test_fewer_distinct_values_than_classes_gives_fewer_classes(void **state)
{
    fixture *f = *state;
    const double x[7] = {1, 2, 3, 3, 2, 1, 1};
    for (int m = BH_CLASSIFY_QUANTILE; m <= BH_CLASSIFY_STDDEV; m++) {
        run(f, (bh_classify_method)m, x, 7, 5);
        assert_true(bh_classes_count(f->c) <= 3);
        assert_no_nan_no_duplicates(f->c);
    }
    run(f, BH_CLASSIFY_JENKS, x, 7, 5);
    const double want[4] = {1, 1, 2, 3};
    assert_bounds(f->c, want, 4, 0);
    assert_int_equal(bh_classes_member_count(f->c, 0), 3);
    assert_int_equal(bh_classes_member_count(f->c, 1), 2);
    assert_int_equal(bh_classes_member_count(f->c, 2), 2);
}

static void test_nan_values_are_ignored(void **state)
{
    fixture *f = *state;
    const double x[7] = {NAN, 0, 10, NAN, 5, INFINITY, 10};
    run(f, BH_CLASSIFY_EQUAL, x, 7, 2);
    const double want[3] = {0, 5, 10};
    assert_bounds(f->c, want, 3, 0);
    assert_int_equal(bh_classes_assign(f->c, NAN), -1);
    assert_int_equal(bh_classes_member_count(f->c, 0) + bh_classes_member_count(f->c, 1), 4);
    const double all_nan[2] = {NAN, NAN};
    bh_classes_destroy(f->c);
    f->c = NULL;
    assert_int_equal(bh_classify(f->ctx, BH_CLASSIFY_JENKS, all_nan, 2, 3, NULL, 0, &f->c),
                     BH_E_EMPTY);
    assert_null(f->c);
}

static void test_method_names_parse_and_bad_k_is_rejected(void **state)
{
    fixture *f = *state;
    bh_classify_method m;
    assert_int_equal(bh_classify_parse_method(f->ctx, "jenks", &m), BH_OK);
    assert_int_equal(m, BH_CLASSIFY_JENKS);
    assert_string_equal(bh_classify_method_name(BH_CLASSIFY_PRETTY), "pretty");
    assert_int_equal(bh_classify_parse_method(f->ctx, "kmeans", &m), BH_E_ARG);
    const double x[2] = {1, 2};
    assert_int_equal(bh_classify(f->ctx, BH_CLASSIFY_EQUAL, x, 2, 0, NULL, 0, &f->c), BH_E_ARG);
    bh_classes_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_jenks_matches_jenkspy_reference_breaks_and_labels,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_jenks_is_the_exact_optimum_by_enumeration, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_jenks_samples_large_inputs_deterministically, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_quantile_uses_type7_quantiles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_equal_interval_splits_the_range_evenly, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pretty_matches_r_pretty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stddev_breaks_are_one_sd_apart_about_the_mean, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_manual_breaks_inner_and_full_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_all_zero_gives_one_class_without_nan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_single_value_gives_one_class, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fewer_distinct_values_than_classes_gives_fewer_classes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_nan_values_are_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_method_names_parse_and_bad_k_is_rejected, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
