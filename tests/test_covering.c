/* The covering solver against enumeration on small instances: exact = optimum, greedy >= (1-1/e)
 * optimum, bound >= optimum (Lagrangian alone and with GLPK's), spacing respected, fixed sites
 * never re-proposed; the exported LP solved by glpsol gives the exact objective; the grid index
 * against brute force. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/pointgrid.h"
#include "bohan/covering.h"
#include "support.h"

#define ND 40
#define NC 11
#define NF 2

typedef struct inst {
    double dx[ND], dy[ND], dw[ND];
    double cx[NC], cy[NC];
    double fx[NF], fy[NF];
    int nf;
} inst;

static uint64_t rng = 88172645463325252ull;

static double urand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static void make(inst *in, int nf)
{
    for (int i = 0; i < ND; i++) {
        in->dx[i] = 300 * urand();
        in->dy[i] = 300 * urand();
        in->dw[i] = floor(1 + 9 * urand());
    }
    for (int j = 0; j < NC; j++) {
        in->cx[j] = 300 * urand();
        in->cy[j] = 300 * urand();
    }
    in->nf = nf;
    for (int f = 0; f < nf; f++) {
        in->fx[f] = 300 * urand();
        in->fy[f] = 300 * urand();
    }
}

static double dist(double ax, double ay, double bx, double by)
{
    return sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
}

/* Weight newly covered by the candidate set mask (brute force). */
static double value(const inst *in, unsigned mask, double r)
{
    double v = 0;
    for (int i = 0; i < ND; i++) {
        int fixed = 0, cov = 0;
        for (int f = 0; f < in->nf; f++)
            fixed |= dist(in->dx[i], in->dy[i], in->fx[f], in->fy[f]) <= r;
        for (int j = 0; j < NC; j++)
            if (mask >> j & 1)
                cov |= dist(in->dx[i], in->dy[i], in->cx[j], in->cy[j]) <= r;
        if (cov && !fixed)
            v += in->dw[i];
    }
    return v;
}

static int feasible(const inst *in, unsigned mask, double sp)
{
    for (int a = 0; a < NC; a++) {
        if (!(mask >> a & 1))
            continue;
        for (int f = 0; f < in->nf; f++)
            if (dist(in->cx[a], in->cy[a], in->fx[f], in->fy[f]) < sp)
                return 0;
        for (int b = a + 1; b < NC; b++)
            if ((mask >> b & 1) && dist(in->cx[a], in->cy[a], in->cx[b], in->cy[b]) < sp)
                return 0;
    }
    return 1;
}

static double enumerate(const inst *in, int k, double r, double sp)
{
    double best = 0;
    for (unsigned mask = 0; mask < (1u << NC); mask++)
        if (__builtin_popcount(mask) <= k && feasible(in, mask, sp)) {
            double v = value(in, mask, r);
            best = v > best ? v : best;
        }
    return best;
}

static bh_covering *load(bh_ctx *ctx, const inst *in)
{
    bh_covering *cov;
    assert_int_equal(bh_covering_create(ctx, &cov), BH_OK);
    assert_int_equal(bh_covering_add_demand(cov, in->dx, in->dy, in->dw, ND), BH_OK);
    assert_int_equal(bh_covering_add_candidates(cov, in->cx, in->cy, NC), BH_OK);
    assert_int_equal(bh_covering_add_fixed(cov, in->fx, in->fy, (size_t)in->nf), BH_OK);
    return cov;
}

/* Checks a result against the instance; returns its objective. */
static double check(const inst *in, const bh_covering_result *r, const bh_covering_params *p,
                    double opt)
{
    const bh_covering_summary *s = bh_covering_result_summary(r);
    unsigned mask = 0;
    for (size_t q = 0; q < bh_covering_result_count(r); q++)
        mask |= 1u << bh_covering_result_site(r, q);
    assert_true(bh_covering_result_count(r) <= (size_t)p->k);
    assert_true(feasible(in, mask, p->min_spacing));
    assert_true(fabs(value(in, mask, p->radius) - s->added) < 1e-9);
    assert_true(s->bound_added >= opt - 1e-9);
    assert_true(s->added <= opt + 1e-9);
    if (bh_covering_result_count(r) > 0)
        assert_true(fabs(bh_covering_result_cumulative(r, bh_covering_result_count(r) - 1) -
                         s->added) < 1e-9);
    double before = 0;
    for (int i = 0; i < ND; i++)
        for (int f = 0; f < in->nf; f++)
            if (dist(in->dx[i], in->dy[i], in->fx[f], in->fy[f]) <= p->radius) {
                before += in->dw[i];
                break;
            }
    assert_true(fabs(before - s->covered_before) < 1e-9);
    assert_true(fabs(s->objective - before - s->added) < 1e-9);
    assert_true(s->bound >= before + opt - 1e-9);
    return s->added;
}

static void solve_and_check(bh_ctx *ctx, const inst *in, bh_covering_params p)
{
    double opt = enumerate(in, p.k, p.radius, p.min_spacing);
    bh_covering *cov = load(ctx, in);
    bh_covering_result *r;
    size_t usable;
    assert_int_equal(bh_covering_usable(cov, &p, &usable), BH_OK);
    if ((size_t)p.k > usable) {
        assert_int_equal(bh_covering_solve(cov, &p, &r), BH_E_ARG);
        bh_ctx_clear_error(ctx);
        bh_covering_destroy(cov);
        return;
    }
    p.solver = BH_COVERING_GREEDY; /* time_limit 0: the Lagrangian bound alone */
    assert_int_equal(bh_covering_solve(cov, &p, &r), BH_OK);
    double g = check(in, r, &p, opt);
    if (p.min_spacing == 0)
        assert_true(g >= (1 - exp(-1)) * opt - 1e-9);
    bh_covering_result_destroy(r);
    p.time_limit = 30; /* and with GLPK's bound on the reduced model */
    assert_int_equal(bh_covering_solve(cov, &p, &r), BH_OK);
    assert_true(check(in, r, &p, opt) >= g - 1e-9);
    bh_covering_result_destroy(r);
    p.solver = BH_COVERING_EXACT;
    p.time_limit = 60;
    assert_int_equal(bh_covering_solve(cov, &p, &r), BH_OK);
    assert_true(fabs(check(in, r, &p, opt) - opt) < 1e-9);
    assert_true(bh_covering_result_summary(r)->optimal);
    bh_covering_result_destroy(r);
    bh_covering_destroy(cov);
}

static void test_covering_matches_enumeration(void **state)
{
    bh_ctx *ctx = *state;
    static const double radius[] = {40, 60, 90};
    static const double spacing[] = {0, 50, 120};
    for (int t = 0; t < 60; t++) {
        inst in;
        make(&in, t % 3 == 0 ? 0 : (t % 3 == 1 ? 1 : NF));
        bh_covering_params p = {0};
        p.k = 1 + t % 4;
        p.radius = radius[t % 3];
        p.min_spacing = spacing[(t / 3) % 3];
        solve_and_check(ctx, &in, p);
    }
}

/* Demand exactly at the radius counts as covered (distance <= radius). */
static void test_covering_radius_is_inclusive(void **state)
{
    bh_ctx *ctx = *state;
    double dx[] = {0, 100}, dy[] = {0, 0}, w[] = {1, 2}, cx[] = {50, 0}, cy[] = {0, 0};
    bh_covering *cov;
    assert_int_equal(bh_covering_create(ctx, &cov), BH_OK);
    assert_int_equal(bh_covering_add_demand(cov, dx, dy, w, 2), BH_OK);
    assert_int_equal(bh_covering_add_candidates(cov, cx, cy, 2), BH_OK);
    bh_covering_params p = {.k = 1, .radius = 50};
    bh_covering_result *r;
    assert_int_equal(bh_covering_solve(cov, &p, &r), BH_OK);
    assert_int_equal(bh_covering_result_count(r), 1);
    assert_int_equal(bh_covering_result_site(r, 0), 0);
    assert_true(bh_covering_result_summary(r)->objective == 3);
    assert_true(bh_covering_result_summary(r)->optimal);
    bh_covering_result_destroy(r);
    bh_covering_destroy(cov);
}

static void test_covering_rejects_bad_parameters(void **state)
{
    bh_ctx *ctx = *state;
    inst in;
    make(&in, 1);
    bh_covering *cov = load(ctx, &in);
    bh_covering_result *r = NULL;
    bh_covering_params bad[] = {
        {.k = 0, .radius = 50},
        {.k = 2, .radius = 0},
        {.k = 2, .radius = -5},
        {.k = 2, .radius = 50, .min_spacing = -1},
        {.k = NC + 1, .radius = 50},
        {.k = 2, .radius = 50, .solver = BH_COVERING_EXACT, .time_limit = 0},
    };
    for (size_t t = 0; t < sizeof bad / sizeof *bad; t++) {
        assert_int_equal(bh_covering_solve(cov, &bad[t], &r), BH_E_ARG);
        assert_null(r);
        assert_non_null(strstr(bh_ctx_error(ctx), "covering: "));
        bh_ctx_clear_error(ctx);
    }
    double nanw = NAN, x = 0;
    assert_int_equal(bh_covering_add_demand(cov, &x, &x, &nanw, 1), BH_E_ARG);
    bh_ctx_clear_error(ctx);
    bh_covering_destroy(cov);
}

/* glpsol's optimum of the exported LP (the fixed coverage included as a constant) equals the
 * exact solver's objective. */
static void test_covering_exported_lp_solves_to_exact(void **state)
{
    bh_ctx *ctx = *state;
    inst in;
    make(&in, 2);
    bh_covering *cov = load(ctx, &in);
    bh_covering_params p = {
        .k = 3, .radius = 60, .min_spacing = 50, .solver = BH_COVERING_EXACT, .time_limit = 30};
    char *dir = bh_test_tmpdir("covering");
    char path[512], cmd[1200];
    snprintf(path, sizeof path, "%s/model.lp", dir);
    assert_int_equal(bh_covering_export_lp(cov, &p, path), BH_OK);
    bh_covering_result *r;
    assert_int_equal(bh_covering_solve(cov, &p, &r), BH_OK);
    snprintf(cmd, sizeof cmd,
             "glpsol --lp %s -o %s/out.txt >/dev/null && grep '^Objective' %s/out.txt", path, dir,
             dir);
    char *out = NULL;
    assert_int_equal(bh_test_run(cmd, &out), 0);
    const char *eq = strchr(out, '=');
    assert_non_null(eq);
    assert_true(fabs(atof(eq + 1) - bh_covering_result_summary(r)->objective) < 1e-6);
    assert_true(bh_covering_result_summary(r)->covered_before > 0);
    assert_true(bh_covering_result_summary(r)->added ==
                enumerate(&in, p.k, p.radius, p.min_spacing));
    free(out);
    bh_covering_result_destroy(r);
    bh_covering_destroy(cov);
    bh_test_rmtree(dir);
    free(dir);
}

static void test_covering_fixed_coverage_flags(void **state)
{
    bh_ctx *ctx = *state;
    inst in;
    make(&in, 2);
    bh_covering *cov = load(ctx, &in);
    unsigned char flags[ND];
    assert_int_equal(bh_covering_fixed_coverage(cov, 70, flags), BH_OK);
    for (int i = 0; i < ND; i++) {
        int want = 0;
        for (int f = 0; f < in.nf; f++)
            want |= dist(in.dx[i], in.dy[i], in.fx[f], in.fy[f]) <= 70;
        assert_int_equal(flags[i], want);
    }
    bh_covering_destroy(cov);
}

static void test_pointgrid_matches_brute_force(void **state)
{
    (void)state;
    enum { N = 3000 };
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    for (int i = 0; i < N; i++) {
        x[i] = 5000 * urand() - 2000;
        y[i] = 800 * urand() + 100;
    }
    bh_pointgrid g;
    assert_int_equal(bh_pointgrid_build(&g, x, y, N, 37), 0);
    uint32_t *buf = NULL;
    size_t cap = 0;
    for (int q = 0; q < 200; q++) {
        double px = 5400 * urand() - 2200, py = 1000 * urand(), r = 150 * urand();
        size_t len = 0, want = 0;
        assert_int_equal(bh_pointgrid_within(&g, px, py, r, &buf, &len, &cap), 0);
        for (int i = 0; i < N; i++)
            want += dist(x[i], y[i], px, py) <= r;
        assert_int_equal(len, want);
        for (size_t k = 0; k < len; k++)
            assert_true(dist(x[buf[k]], y[buf[k]], px, py) <= r);
        assert_int_equal(bh_pointgrid_any_closer(&g, px, py, r), want > 0 ? 1 : 0);
    }
    free(buf);
    bh_pointgrid_free(&g);
    free(x);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_covering_matches_enumeration, bh_test_ctx_setup,
                                        bh_test_ctx_teardown),
        cmocka_unit_test_setup_teardown(test_covering_radius_is_inclusive, bh_test_ctx_setup,
                                        bh_test_ctx_teardown),
        cmocka_unit_test_setup_teardown(test_covering_rejects_bad_parameters, bh_test_ctx_setup,
                                        bh_test_ctx_teardown),
        cmocka_unit_test_setup_teardown(test_covering_exported_lp_solves_to_exact,
                                        bh_test_ctx_setup, bh_test_ctx_teardown),
        cmocka_unit_test_setup_teardown(test_covering_fixed_coverage_flags, bh_test_ctx_setup,
                                        bh_test_ctx_teardown),
        cmocka_unit_test(test_pointgrid_matches_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
