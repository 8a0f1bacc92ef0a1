/* The covering instance, the model of one parameter set, and bh_covering_solve. */
#include "analysis/covering_internal.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/pointgrid.h"
#include "core/array.h"

struct bh_covering_result {
    bh_covering_summary s;
    size_t n;
    size_t *site;
    double *gain, *cum;
};

bh_status bh_covering_create(bh_ctx *ctx, bh_covering **out)
{
    *out = bh_calloc(1, sizeof **out);
    if (!*out)
        return bh_error(ctx, BH_E_NOMEM, "covering: out of memory");
    (*out)->ctx = ctx;
    return BH_OK;
}

void bh_covering_destroy(bh_covering *cov)
{
    if (!cov)
        return;
    bh_free(cov->dx);
    bh_free(cov->dy);
    bh_free(cov->dw);
    bh_free(cov->cx);
    bh_free(cov->cy);
    bh_free(cov->fx);
    bh_free(cov->fy);
    bh_free(cov);
}

static int grow2(double **a, double **b, size_t *cap, size_t need)
{
    size_t ca = *cap;
    if (bh_array_grow((void **)a, &ca, need, sizeof **a, 256))
        return -1;
    size_t cb = *cap;
    if (bh_array_grow((void **)b, &cb, need, sizeof **b, 256))
        return -1;
    *cap = ca;
    return 0;
}

static int finite_points(const double *x, const double *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return 0;
    return 1;
}

bh_status bh_covering_add_demand(bh_covering *cov, const double *x, const double *y,
                                 const double *w, size_t n)
{
    if (n == 0)
        return BH_OK;
    if (!finite_points(x, y, n))
        return bh_error(cov->ctx, BH_E_ARG, "covering: a demand point has no finite coordinates");
    for (size_t i = 0; w && i < n; i++)
        if (!isfinite(w[i]) || w[i] < 0)
            return bh_error(cov->ctx, BH_E_ARG, "covering: demand weight %g is not >= 0", w[i]);
    if (cov->nd + n >= UINT32_MAX)
        return bh_error(cov->ctx, BH_E_ARG, "covering: too many demand points");
    size_t cap = cov->capd, cw = cov->capd;
    if (grow2(&cov->dx, &cov->dy, &cap, cov->nd + n) ||
        bh_array_grow((void **)&cov->dw, &cw, cov->nd + n, sizeof *cov->dw, 256))
        return bh_error(cov->ctx, BH_E_NOMEM, "covering: out of memory");
    cov->capd = cap < cw ? cap : cw;
    memcpy(cov->dx + cov->nd, x, n * sizeof *x);
    memcpy(cov->dy + cov->nd, y, n * sizeof *y);
    for (size_t i = 0; i < n; i++)
        cov->dw[cov->nd + i] = w ? w[i] : 1.0;
    cov->nd += n;
    return BH_OK;
}

static bh_status add_points(bh_covering *cov, double **px, double **py, size_t *np, size_t *cap,
                            const double *x, const double *y, size_t n, const char *what)
{
    if (n == 0)
        return BH_OK;
    if (!finite_points(x, y, n))
        return bh_error(cov->ctx, BH_E_ARG, "covering: a %s has no finite coordinates", what);
    if (*np + n >= UINT32_MAX)
        return bh_error(cov->ctx, BH_E_ARG, "covering: too many %ss", what);
    if (grow2(px, py, cap, *np + n))
        return bh_error(cov->ctx, BH_E_NOMEM, "covering: out of memory");
    memcpy(*px + *np, x, n * sizeof *x);
    memcpy(*py + *np, y, n * sizeof *y);
    *np += n;
    return BH_OK;
}

bh_status bh_covering_add_candidates(bh_covering *cov, const double *x, const double *y, size_t n)
{
    return add_points(cov, &cov->cx, &cov->cy, &cov->nc, &cov->capc, x, y, n, "candidate site");
}

bh_status bh_covering_add_fixed(bh_covering *cov, const double *x, const double *y, size_t n)
{
    return add_points(cov, &cov->fx, &cov->fy, &cov->nf, &cov->capf, x, y, n, "fixed site");
}

size_t bh_covering_demand_count(const bh_covering *cov)
{
    return cov->nd;
}

size_t bh_covering_candidate_count(const bh_covering *cov)
{
    return cov->nc;
}

/* covered[i] = 1 for demand within r of a fixed site. 0 or -1 (memory). */
int bh_cov_mark_fixed(bh_covering *cov, const bh_pointgrid *dg, double r, unsigned char *covered)
{
    memset(covered, 0, cov->nd);
    uint32_t *buf = NULL;
    size_t cap = 0;
    for (size_t f = 0; f < cov->nf; f++) {
        size_t len = 0;
        if (bh_pointgrid_within(dg, cov->fx[f], cov->fy[f], r, &buf, &len, &cap)) {
            bh_free(buf);
            return -1;
        }
        for (size_t k = 0; k < len; k++)
            covered[buf[k]] = 1;
    }
    bh_free(buf);
    return 0;
}

bh_status bh_covering_fixed_coverage(bh_covering *cov, double radius, unsigned char *covered)
{
    if (!(radius > 0))
        return bh_error(cov->ctx, BH_E_ARG, "covering: radius %g is not > 0", radius);
    bh_pointgrid dg;
    if (bh_pointgrid_build(&dg, cov->dx, cov->dy, cov->nd, radius) ||
        bh_cov_mark_fixed(cov, &dg, radius, covered)) {
        bh_pointgrid_free(&dg);
        return bh_error(cov->ctx, BH_E_NOMEM, "covering: out of memory");
    }
    bh_pointgrid_free(&dg);
    return BH_OK;
}

/* Usable candidates: farther than the spacing from every fixed site. */
int bh_cov_usable_sites(bh_covering *cov, double spacing, unsigned char *ok, size_t *count)
{
    bh_pointgrid fg;
    if (bh_pointgrid_build(&fg, cov->fx, cov->fy, cov->nf, spacing > 0 ? spacing : 1))
        return -1;
    *count = 0;
    for (size_t j = 0; j < cov->nc; j++) {
        ok[j] = !bh_pointgrid_any_closer(&fg, cov->cx[j], cov->cy[j], spacing);
        *count += ok[j];
    }
    bh_pointgrid_free(&fg);
    return 0;
}

static bh_status check_params(bh_covering *cov, const bh_covering_params *p)
{
    if (p->k < 1)
        return bh_error(cov->ctx, BH_E_ARG, "covering: K = %d sites; it must be at least 1", p->k);
    if (!(p->radius > 0) || !isfinite(p->radius))
        return bh_error(cov->ctx, BH_E_ARG, "covering: radius %g m is not > 0", p->radius);
    if (!(p->min_spacing >= 0) || !isfinite(p->min_spacing))
        return bh_error(cov->ctx, BH_E_ARG, "covering: minimum spacing %g m is not >= 0",
                        p->min_spacing);
    if ((p->solver == BH_COVERING_EXACT && !(p->time_limit > 0)) || !(p->time_limit >= 0))
        return bh_error(cov->ctx, BH_E_ARG, "covering: time limit %g s is not > 0", p->time_limit);
    return BH_OK;
}

bh_status bh_covering_usable(bh_covering *cov, const bh_covering_params *p, size_t *count)
{
    bh_status st = check_params(cov, p);
    if (st != BH_OK)
        return st;
    unsigned char *ok = bh_malloc(cov->nc + 1);
    if (!ok || bh_cov_usable_sites(cov, p->min_spacing, ok, count)) {
        bh_free(ok);
        return bh_error(cov->ctx, BH_E_NOMEM, "covering: out of memory");
    }
    bh_free(ok);
    return BH_OK;
}

/* Puts sel in rank order (each next site the one with the largest marginal gain) and fills the
 * result's sites, gains and cumulative objective. */
static int rank_sites(const bh_cov_model *m, uint32_t *sel, size_t nsel, bh_covering_result *r)
{
    unsigned char *covered = bh_calloc(m->m + 1, 1);
    r->site = bh_malloc((nsel + 1) * sizeof *r->site);
    r->gain = bh_malloc((nsel + 1) * sizeof *r->gain);
    r->cum = bh_malloc((nsel + 1) * sizeof *r->cum);
    if (!covered || !r->site || !r->gain || !r->cum) {
        bh_free(covered);
        return -1;
    }
    double cum = 0;
    for (size_t rank = 0; rank < nsel; rank++) {
        size_t best = rank;
        double bg = -1;
        for (size_t s = rank; s < nsel; s++) {
            double g = 0;
            for (size_t q = m->start[sel[s]]; q < m->start[sel[s] + 1]; q++)
                if (!covered[m->list[q]])
                    g += m->w[m->list[q]];
            if (g > bg) {
                bg = g;
                best = s;
            }
        }
        uint32_t t = sel[rank];
        sel[rank] = sel[best];
        sel[best] = t;
        for (size_t q = m->start[sel[rank]]; q < m->start[sel[rank] + 1]; q++)
            covered[m->list[q]] = 1;
        cum += bg;
        r->site[rank] = m->cand[sel[rank]];
        r->gain[rank] = bg;
        r->cum[rank] = cum;
    }
    r->n = nsel;
    bh_free(covered);
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* GLPK on the model reduced by the Lagrangian test (every solution better than the incumbent
 * uses only kept sites, so the reduced optimum is the optimum, and a bound of the reduced model
 * that is above the incumbent bounds the whole), until gap (relative) or the deadline. */
static bh_status branch(bh_covering *cov, const bh_covering_params *p, const bh_cov_model *m,
                        const unsigned char *keep, double deadline, double gap, uint32_t *sel,
                        size_t *nsel, bh_covering_summary *s, double *bound)
{
    bh_cov_model sub;
    uint32_t *map = NULL, *inv = bh_malloc(((size_t)m->n + 1) * sizeof *inv);
    if (!inv || bh_cov_model_subset(m, keep, &sub, &map)) {
        bh_free(inv);
        return bh_error(cov->ctx, BH_E_NOMEM, "covering: out of memory");
    }
    for (uint32_t j = 0; j < sub.n; j++)
        inv[map[j]] = j;
    for (size_t t = 0; t < *nsel; t++)
        sel[t] = inv[sel[t]];
    uint32_t points = sub.m;
    if (bh_cov_model_aggregate(&sub)) {
        bh_cov_model_free(&sub);
        bh_free(map);
        bh_free(inv);
        return bh_error(cov->ctx, BH_E_NOMEM, "covering: out of memory");
    }
    bh_log(cov->ctx, BH_LOG_INFO,
           "covering: branch and bound on %u of %u sites (Lagrangian reduction), %u of %u demand "
           "points (merged by covering sites)",
           sub.n, m->n, sub.m, points);
    double left = deadline - now();
    bh_status st = BH_OK;
    if (sub.m > 0 && left > 0.01)
        st = bh_cov_mip_solve(cov->ctx, &sub, p->k, left, gap, sel, nsel, bound, &s->optimal,
                              &s->timed_out);
    else
        s->timed_out = sub.m > 0;
    for (size_t t = 0; t < *nsel; t++)
        sel[t] = map[sel[t]];
    bh_cov_model_free(&sub);
    bh_free(map);
    bh_free(inv);
    return st;
}

static double search_deadline(const bh_covering_params *p, double t0)
{
    return p->time_limit > 0 ? t0 + 0.25 * p->time_limit : INFINITY;
}

/* The incumbent: lazy greedy, then with a time limit the iterated local search within a quarter
 * of it, without one the tabu search alone. 0 or -1 (memory). */
static int incumbent(const bh_covering_params *p, const bh_cov_model *m, double t0, uint32_t *sel,
                     size_t *nsel, int *swaps)
{
    if (bh_cov_greedy(m, p->k, sel, nsel))
        return -1;
    if (p->time_limit >
        0) /* kicks and searches until a quarter of the time: the rest is the bound's */
        return bh_cov_ils(m, sel, nsel, (size_t)p->k, search_deadline(p, t0), swaps);
    return bh_cov_search(m, sel, *nsel, INFINITY, swaps);
}

/* Greedy and tabu search, the Lagrangian bound (with its heuristic and the reduction), then
 * branch and bound on the reduced model while time is left: to a relative gap of 0.1 % for
 * greedy (only with a time limit), to optimality for exact. Objective and bound are kept on the
 * increment here (the model without the fixed coverage) and reported on both. */
static bh_status run(bh_covering *cov, const bh_covering_params *p, const bh_cov_model *m,
                     double t0, uint32_t *sel, bh_covering_result *r)
{
    bh_covering_summary *s = &r->s;
    size_t nsel = 0;
    unsigned char *keep = bh_malloc(m->n + 1);
    if (!keep || incumbent(p, m, t0, sel, &nsel, &s->swaps)) {
        bh_free(keep);
        return bh_error(cov->ctx, BH_E_NOMEM, "covering: out of memory");
    }
    double value = bh_cov_value(m, sel, nsel), before = value;
    double bound = value < 0 ? -1
                             : bh_cov_bound(m, p->k, sel, &nsel, &value, keep,
                                            p->time_limit > 0 ? t0 + p->time_limit : INFINITY);
    int more = 0;
    if (bound >= 0 && value > before) { /* the Lagrangian heuristic won: search from it too */
        if (bh_cov_search(m, sel, nsel, search_deadline(p, t0), &more))
            bound = -1;
        s->swaps += more;
        value = bh_cov_value(m, sel, nsel);
    }
    if (value < 0 || bound < 0) {
        bh_free(keep);
        return bh_error(cov->ctx, BH_E_NOMEM, "covering: out of memory");
    }
    int exact = p->solver == BH_COVERING_EXACT;
    double tol = 1e-9 * (value > 1 ? value : 1);
    if (p->time_limit > 0 && bound - value > tol && (exact || bound - value > 1e-3 * value)) {
        bh_status st =
            branch(cov, p, m, keep, t0 + p->time_limit, exact ? 0 : 1e-3, sel, &nsel, s, &bound);
        if (st != BH_OK) {
            bh_free(keep);
            return st;
        }
        value = bh_cov_value(m, sel, nsel);
    }
    bh_free(keep);
    if (bound - value <= tol) {
        s->optimal = 1;
        bound = value;
    }
    if (bound < value)
        bound = value;
    s->added = value;
    s->bound_added = bound;
    s->gap_added = bound > 0 ? 100.0 * (bound - value) / bound : 0;
    s->objective = s->covered_before + value;
    s->bound = s->covered_before + bound;
    s->gap = s->bound > 0 ? 100.0 * (s->bound - s->objective) / s->bound : 0;
    if (rank_sites(m, sel, nsel, r))
        return bh_error(cov->ctx, BH_E_NOMEM, "covering: out of memory");
    return BH_OK;
}

bh_status bh_covering_solve(bh_covering *cov, const bh_covering_params *p, bh_covering_result **out)
{
    *out = NULL;
    double t0 = now();
    bh_status st = check_params(cov, p);
    if (st != BH_OK)
        return st;
    bh_cov_model m;
    if (bh_cov_model_build(cov, p, &m))
        return bh_error(cov->ctx, BH_E_NOMEM, "covering: out of memory building the model");
    if ((size_t)p->k > m.n) {
        bh_cov_model_free(&m);
        return bh_error(cov->ctx, BH_E_ARG,
                        "covering: K = %d is larger than the %u usable candidate sites", p->k, m.n);
    }
    bh_covering_result *r = bh_calloc(1, sizeof *r);
    uint32_t *sel = bh_malloc(((size_t)p->k + 1) * sizeof *sel);
    if (!r || !sel) {
        st = bh_error(cov->ctx, BH_E_NOMEM, "covering: out of memory");
    } else {
        r->s.total = m.total;
        r->s.covered_before = m.covered_before;
        r->s.candidates = m.n;
        r->s.demand = m.m;
        r->s.pairs = m.start[m.n];
        st = run(cov, p, &m, t0, sel, r);
    }
    bh_free(sel);
    bh_cov_model_free(&m);
    if (st != BH_OK) {
        bh_covering_result_destroy(r);
        return st;
    }
    r->s.seconds = now() - t0;
    *out = r;
    return BH_OK;
}

bh_status bh_covering_export_lp(bh_covering *cov, const bh_covering_params *p, const char *path)
{
    bh_status st = check_params(cov, p);
    if (st != BH_OK)
        return st;
    bh_cov_model m;
    if (bh_cov_model_build(cov, p, &m))
        return bh_error(cov->ctx, BH_E_NOMEM, "covering: out of memory building the model");
    st = bh_cov_mip_export(cov->ctx, &m, p->k, path);
    bh_cov_model_free(&m);
    return st;
}

void bh_covering_result_destroy(bh_covering_result *r)
{
    if (!r)
        return;
    bh_free(r->site);
    bh_free(r->gain);
    bh_free(r->cum);
    bh_free(r);
}

const bh_covering_summary *bh_covering_result_summary(const bh_covering_result *r)
{
    return &r->s;
}

size_t bh_covering_result_count(const bh_covering_result *r)
{
    return r->n;
}

size_t bh_covering_result_site(const bh_covering_result *r, size_t rank)
{
    return r->site[rank];
}

double bh_covering_result_gain(const bh_covering_result *r, size_t rank)
{
    return r->gain[rank];
}

double bh_covering_result_cumulative(const bh_covering_result *r, size_t rank)
{
    return r->cum[rank];
}
