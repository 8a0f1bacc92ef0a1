/* The covering solver's local search (tabu over 1-swaps, and iterated with kicks) against
 * enumeration: it never returns less than the greedy solution it starts from, keeps the spacing,
 * and on random instances where the optimum is known it reaches it in (nearly) every case; also the
 * summary's two objectives (total with the fixed coverage, and the increment) agree with each
 * other. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/covering_internal.h"
#include "bohan/covering.h"
#include "support.h"

#define ND 70
#define NC 18
#define RUNS 200

static uint64_t rng = 0x243F6A8885A308D3ull;

static double urand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

typedef struct inst {
    double dx[ND], dy[ND], dw[ND], cx[NC], cy[NC];
    uint32_t covers[ND];   /* bit j: candidate j within the radius */
    uint32_t conflict[NC]; /* bit b: candidate b closer than the spacing */
    double radius, spacing;
    int k;
} inst;

static double dist(double ax, double ay, double bx, double by)
{
    return sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
}

/* Clustered demand (as crime is) so that greedy choices interact and greedy often misses. */
static void make(inst *in, int t)
{
    double hx[3], hy[3];
    for (int h = 0; h < 3; h++)
        hx[h] = 60 + 180 * urand(), hy[h] = 60 + 180 * urand();
    for (int i = 0; i < ND; i++) {
        int h = i % 4;
        in->dx[i] = h < 3 ? hx[h] + 80 * (urand() - 0.5) : 300 * urand();
        in->dy[i] = h < 3 ? hy[h] + 80 * (urand() - 0.5) : 300 * urand();
        in->dw[i] = floor(1 + 9 * urand());
    }
    for (int j = 0; j < NC; j++)
        in->cx[j] = 300 * urand(), in->cy[j] = 300 * urand();
    in->radius = t % 2 ? 45 : 70;
    in->spacing = t % 3 == 0 ? 60 : 0;
    in->k = 2 + t % 4;
    for (int a = 0; a < NC; a++) {
        in->conflict[a] = 0;
        for (int b = 0; b < NC; b++)
            if (b != a && dist(in->cx[a], in->cy[a], in->cx[b], in->cy[b]) < in->spacing)
                in->conflict[a] |= 1u << b;
    }
    for (int i = 0; i < ND; i++) {
        in->covers[i] = 0;
        for (int j = 0; j < NC; j++)
            if (dist(in->dx[i], in->dy[i], in->cx[j], in->cy[j]) <= in->radius)
                in->covers[i] |= 1u << j;
    }
}

static double value(const inst *in, uint32_t mask)
{
    double v = 0;
    for (int i = 0; i < ND; i++)
        if (in->covers[i] & mask)
            v += in->dw[i];
    return v;
}

static int spaced(const inst *in, uint32_t mask)
{
    for (int a = 0; a < NC; a++)
        if ((mask >> a & 1) && (in->conflict[a] & mask))
            return 0;
    return 1;
}

static double enumerate(const inst *in)
{
    double best = 0;
    for (uint32_t mask = 0; mask < (1u << NC); mask++)
        if (__builtin_popcount(mask) <= in->k && spaced(in, mask)) {
            double v = value(in, mask);
            best = v > best ? v : best;
        }
    return best;
}

static uint32_t mask_of(const bh_cov_model *m, const uint32_t *sel, size_t n)
{
    uint32_t mask = 0;
    for (size_t s = 0; s < n; s++)
        mask |= 1u << m->cand[sel[s]];
    return mask;
}

/* Greedy, then the search from it: returns 1 when the search reached the optimum; counts in
 * *missed_by_greedy the instances where greedy alone did not, in *ils_hits those where the
 * iterated search reached it. */
static int search_one(bh_ctx *ctx, const inst *in, double opt, int *missed_by_greedy, int *ils_hits)
{
    bh_covering *cov;
    assert_int_equal(bh_covering_create(ctx, &cov), BH_OK);
    assert_int_equal(bh_covering_add_demand(cov, in->dx, in->dy, in->dw, ND), BH_OK);
    assert_int_equal(bh_covering_add_candidates(cov, in->cx, in->cy, NC), BH_OK);
    bh_covering_params p = {.k = in->k, .radius = in->radius, .min_spacing = in->spacing};
    bh_cov_model m;
    assert_int_equal(bh_cov_model_build(cov, &p, &m), 0);
    uint32_t sel[NC];
    size_t nsel = 0;
    int swaps = 0;
    assert_int_equal(bh_cov_greedy(&m, in->k, sel, &nsel), 0);
    double g = value(in, mask_of(&m, sel, nsel));
    assert_true(fabs(g - bh_cov_value(&m, sel, nsel)) < 1e-9);
    *missed_by_greedy += g < opt - 1e-9;
    assert_int_equal(bh_cov_search(&m, sel, nsel, INFINITY, &swaps), 0);
    uint32_t mask = mask_of(&m, sel, nsel);
    double v = value(in, mask);
    assert_int_equal(__builtin_popcount(mask), (int)nsel); /* no site twice */
    assert_true(spaced(in, mask));
    assert_true(v >= g - 1e-9); /* never lowers the objective */
    assert_true(v <= opt + 1e-9);
    assert_true(fabs(v - bh_cov_value(&m, sel, nsel)) < 1e-9);
    /* the iterated search (kicks + searches) from the same greedy start */
    assert_int_equal(bh_cov_greedy(&m, in->k, sel, &nsel), 0);
    assert_int_equal(bh_cov_ils(&m, sel, &nsel, (size_t)in->k, INFINITY, &swaps), 0);
    mask = mask_of(&m, sel, nsel);
    double vi = value(in, mask);
    assert_int_equal(__builtin_popcount(mask), (int)nsel);
    assert_true(nsel <= (size_t)in->k && spaced(in, mask));
    assert_true(vi >= v - 1e-9 && vi <= opt + 1e-9); /* it starts with the same search */
    *ils_hits += vi >= opt - 1e-9;
    bh_cov_model_free(&m);
    bh_covering_destroy(cov);
    return v >= opt - 1e-9;
}

static void test_covering_search_never_lowers_and_reaches_optimum(void **state)
{
    bh_ctx *ctx = *state;
    int hits = 0, missed = 0, ils = 0;
    for (int t = 0; t < RUNS; t++) {
        inst in;
        make(&in, t);
        hits += search_one(ctx, &in, enumerate(&in), &missed, &ils);
    }
    print_message("local search: optimum in %d of %d instances, iterated %d (greedy alone missed "
                  "it in %d)\n",
                  hits, RUNS, ils, missed);
    assert_true(ils >= hits);
    assert_true(missed >= RUNS / 10);      /* the instances do test the search */
    assert_true(hits >= RUNS - RUNS / 50); /* measured: 198 of 200 */
}

/* The summary: objective = covered_before + added, bound likewise, both gaps as documented. */
static void test_covering_summary_total_and_added(void **state)
{
    bh_ctx *ctx = *state;
    inst in;
    make(&in, 1);
    bh_covering *cov;
    assert_int_equal(bh_covering_create(ctx, &cov), BH_OK);
    assert_int_equal(bh_covering_add_demand(cov, in.dx, in.dy, in.dw, ND), BH_OK);
    assert_int_equal(bh_covering_add_candidates(cov, in.cx + 2, in.cy + 2, NC - 2), BH_OK);
    assert_int_equal(bh_covering_add_fixed(cov, in.cx, in.cy, 2), BH_OK);
    bh_covering_params p = {.k = 3, .radius = 70};
    bh_covering_result *r;
    assert_int_equal(bh_covering_solve(cov, &p, &r), BH_OK);
    const bh_covering_summary *s = bh_covering_result_summary(r);
    assert_true(s->covered_before > 0);
    assert_true(fabs(s->objective - (s->covered_before + s->added)) < 1e-9);
    assert_true(fabs(s->bound - (s->covered_before + s->bound_added)) < 1e-9);
    assert_true(fabs(s->gap - 100 * (s->bound - s->objective) / s->bound) < 1e-9);
    assert_true(s->bound_added == 0 ||
                fabs(s->gap_added - 100 * (s->bound_added - s->added) / s->bound_added) < 1e-9);
    assert_true(s->gap <= s->gap_added + 1e-12);
    bh_covering_result_destroy(r);
    bh_covering_destroy(cov);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_covering_search_never_lowers_and_reaches_optimum,
                                        bh_test_ctx_setup, bh_test_ctx_teardown),
        cmocka_unit_test_setup_teardown(test_covering_summary_total_and_added, bh_test_ctx_setup,
                                        bh_test_ctx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
