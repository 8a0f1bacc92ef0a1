/* The proven upper bound of the covering solver: a Lagrangian relaxation of the cover rows,
 *   L(lam) = sum_i max(0, w_i - lam_i) + (sum of the k largest c_j),  c_j = sum_{i in N_j} lam_i,
 * which is >= the optimum for every lam >= 0. With a minimum spacing the candidates are grouped
 * into cliques of the spacing graph (the cells of a grid of side spacing/sqrt 2: any two sites
 * in a cell are closer than the spacing, so at most one of them can be chosen) and the k largest
 * are taken over the cliques' largest c_j; the other spacing rows are dropped, which only loosens
 * the bound. At lam_i = 0 for demand the solution sel covers and w_i otherwise, L is the online
 * submodular bound of Leskovec et al. (2007); subgradient steps (Held-Wolfe-Crowder, with the
 * Polyak step towards the best known objective) lower it from there, and the best value seen is
 * returned. Each iteration's k largest c_j also give a feasible solution (a Lagrangian heuristic,
 * Galvão & ReVelle 1996) that replaces sel when it covers more. */
#include "analysis/covering_internal.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Iterations: as many as BOUND_WORK list entries allow, within [MIN, MAX]. */
#define BOUND_WORK 2000000000.0
#define BOUND_MIN_ITER 300
#define BOUND_MAX_ITER 3000
#define BOUND_PATIENCE 60

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void heap_down(double *h, uint32_t *id, size_t n, size_t i)
{
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            return;
        if (c + 1 < n && h[c + 1] < h[c])
            c++;
        if (h[c] >= h[i])
            return;
        double t = h[i];
        h[i] = h[c];
        h[c] = t;
        uint32_t u = id[i];
        id[i] = id[c];
        id[c] = u;
        i = c;
    }
}

/* The k largest c_j (a min-heap of size k): their sum, and their indices in top[0..*nt). */
static double top_k(const double *c, uint32_t n, int k, double *h, uint32_t *top, size_t *nt)
{
    size_t kk = (size_t)k < n ? (size_t)k : n, len = 0;
    for (uint32_t j = 0; j < n; j++) {
        if (len < kk) {
            h[len] = c[j];
            top[len++] = j;
            if (len == kk)
                for (size_t i = kk / 2; i-- > 0;)
                    heap_down(h, top, kk, i);
        } else if (kk > 0 && c[j] > h[0]) {
            h[0] = c[j];
            top[0] = j;
            heap_down(h, top, kk, 0);
        }
    }
    double s = 0;
    for (size_t i = 0; i < len; i++)
        s += h[i];
    *nt = len;
    return s;
}

typedef struct lagr {
    double *lam, *c, *h;
    uint32_t *clq;      /* clique of each site (NULL without spacing) */
    uint32_t nq;        /* cliques */
    double *cq;         /* the largest c_j of each clique */
    uint32_t *arg;      /* the site that has it */
    unsigned char *inq; /* scratch of the reduction: clique among the k */
    double *best_lam;
    size_t nt; /* sites in top */
    uint32_t *top, *cnt;
    signed char *g;
    unsigned char *mark; /* scratch of the heuristic */
    uint32_t *pick;      /* the heuristic's solution */
    size_t npick;
} lagr;

/* Lagrangian heuristic: the k sites of largest c_j, in decreasing c_j, skipping any that breaks
 * the spacing; returns the weight they cover (solution in a->pick). */
static double heuristic(const bh_cov_model *m, lagr *a, size_t nt)
{
    for (size_t i = 1; i < nt; i++) /* insertion sort, decreasing c (nt = k is small) */
        for (size_t j = i; j > 0 && a->c[a->top[j]] > a->c[a->top[j - 1]]; j--) {
            uint32_t t = a->top[j];
            a->top[j] = a->top[j - 1];
            a->top[j - 1] = t;
        }
    a->npick = 0;
    double v = 0;
    for (size_t t = 0; t < nt; t++) {
        uint32_t j = a->top[t];
        if (!bh_cov_spaced(m, j, a->pick, a->npick, a->npick))
            continue;
        a->pick[a->npick++] = j;
        for (size_t q = m->start[j]; q < m->start[j + 1]; q++)
            if (!a->mark[m->list[q]]) {
                a->mark[m->list[q]] = 1;
                v += m->w[m->list[q]];
            }
    }
    for (size_t t = 0; t < a->npick; t++)
        for (size_t q = m->start[a->pick[t]]; q < m->start[a->pick[t] + 1]; q++)
            a->mark[m->list[q]] = 0;
    return v;
}

/* L(lam); leaves the subgradient in g and returns its squared norm in *norm2. */
static double evaluate(const bh_cov_model *m, int k, lagr *a, double *norm2, double *hval)
{
    for (uint32_t j = 0; j < m->n; j++) {
        double s = 0;
        for (size_t q = m->start[j]; q < m->start[j + 1]; q++)
            s += a->lam[m->list[q]];
        a->c[j] = s;
    }
    size_t nt;
    double val;
    if (a->clq) {
        for (uint32_t q = 0; q < a->nq; q++)
            a->cq[q] = -1;
        for (uint32_t j = 0; j < m->n; j++)
            if (a->c[j] > a->cq[a->clq[j]]) {
                a->cq[a->clq[j]] = a->c[j];
                a->arg[a->clq[j]] = j;
            }
        val = top_k(a->cq, a->nq, k, a->h, a->top, &nt);
        for (size_t t = 0; t < nt; t++)
            a->top[t] = a->arg[a->top[t]];
    } else {
        val = top_k(a->c, m->n, k, a->h, a->top, &nt);
    }
    a->nt = nt;
    *hval = heuristic(m, a, nt);
    memset(a->cnt, 0, m->m * sizeof *a->cnt);
    for (size_t t = 0; t < nt; t++)
        for (size_t q = m->start[a->top[t]]; q < m->start[a->top[t] + 1]; q++)
            a->cnt[m->list[q]]++;
    double n2 = 0;
    for (uint32_t i = 0; i < m->m; i++) {
        int y = m->w[i] > a->lam[i];
        if (y)
            val += m->w[i] - a->lam[i];
        int g = y - (int)(a->cnt[i] < 100 ? a->cnt[i] : 100);
        a->g[i] = (signed char)g;
        n2 += (double)g * g;
    }
    *norm2 = n2;
    return val;
}

static void step(const bh_cov_model *m, lagr *a, double t)
{
    for (uint32_t i = 0; i < m->m; i++) {
        double l = a->lam[i] + t * a->g[i];
        a->lam[i] = l < 0 ? 0 : (l > m->w[i] ? m->w[i] : l);
    }
}

/* Lagrangian reduction at multipliers lam: site j outside the k largest c_j can only be in a
 * solution worth more than lb when L - c_k + c_j > lb (c_k the k-th largest; with cliques, when
 * j's clique is among the k, L - (its largest) + c_j > lb). keep[j] = 1 for those, for the k
 * largest and for the sites of sel. */
static void reduce(const bh_cov_model *m, int k, lagr *a, double lb, const uint32_t *sel,
                   size_t nsel, unsigned char *keep)
{
    double n2, hval, val = evaluate(m, k, a, &n2, &hval);
    double ck = INFINITY;
    memset(keep, 0, m->n);
    for (size_t t = 0; t < a->nt; t++) {
        keep[a->top[t]] = 1;
        ck = fmin(ck, a->c[a->top[t]]);
        if (a->clq)
            a->inq[a->clq[a->top[t]]] = 1;
    }
    for (size_t s = 0; s < nsel; s++)
        keep[sel[s]] = 1;
    double tol = 1e-9 * (lb > 1 ? lb : 1);
    for (uint32_t j = 0; j < m->n; j++) {
        double top = a->clq && a->inq[a->clq[j]] ? a->cq[a->clq[j]] : ck;
        if (!keep[j] && val - top + a->c[j] > lb + tol)
            keep[j] = 1;
    }
}

static int by_cell(const void *pa, const void *pb)
{
    const int64_t *a = pa, *b = pb;
    return a[0] < b[0] ? -1 : (a[0] > b[0] ? 1 : (a[1] < b[1] ? -1 : (a[1] > b[1])));
}

/* Cliques of the spacing graph: the cells of side spacing/sqrt 2 (slightly less, so that two
 * sites of a cell are strictly closer than the spacing). 0 or -1 (memory). */
static int cliques(const bh_cov_model *m, lagr *a)
{
    if (!(m->spacing > 0) || m->n == 0)
        return 0;
    double side = m->spacing / sqrt(2.0) * (1 - 1e-9), x0 = INFINITY, y0 = INFINITY;
    for (uint32_t j = 0; j < m->n; j++)
        x0 = fmin(x0, m->sx[j]), y0 = fmin(y0, m->sy[j]);
    int64_t *key = bh_malloc((size_t)m->n * 2 * sizeof *key);
    a->clq = bh_malloc((size_t)m->n * sizeof *a->clq);
    if (!key || !a->clq) {
        bh_free(key);
        return -1;
    }
    for (uint32_t j = 0; j < m->n; j++) {
        int64_t cx = (int64_t)floor((m->sx[j] - x0) / side);
        int64_t cy = (int64_t)floor((m->sy[j] - y0) / side);
        key[2 * j] = cx * 4294967296LL + cy; /* cells fit: coordinates are metres in one CRS */
        key[2 * j + 1] = j;
    }
    qsort(key, m->n, 2 * sizeof *key, by_cell);
    a->nq = 0;
    for (uint32_t t = 0; t < m->n; t++) {
        if (t > 0 && key[2 * t] != key[2 * t - 2])
            a->nq++;
        a->clq[key[2 * t + 1]] = a->nq;
    }
    a->nq++;
    bh_free(key);
    a->cq = bh_malloc((size_t)a->nq * sizeof *a->cq);
    a->arg = bh_malloc((size_t)a->nq * sizeof *a->arg);
    a->inq = bh_calloc((size_t)a->nq, 1);
    return a->cq && a->arg && a->inq ? 0 : -1;
}

static void lagr_free(lagr *a)
{
    bh_free(a->lam);
    bh_free(a->c);
    bh_free(a->h);
    bh_free(a->top);
    bh_free(a->cnt);
    bh_free(a->g);
    bh_free(a->mark);
    bh_free(a->pick);
    bh_free(a->best_lam);
    bh_free(a->clq);
    bh_free(a->cq);
    bh_free(a->arg);
    bh_free(a->inq);
}

/* Scratch and the starting multipliers: lam_i = 0 where sel covers, w_i elsewhere (the online
 * bound). 0 or -1 (memory). */
static int lagr_init(const bh_cov_model *m, int k, const uint32_t *sel, size_t nsel, lagr *a)
{
    memset(a, 0, sizeof *a);
    a->lam = bh_malloc((m->m + 1) * sizeof *a->lam);
    a->c = bh_malloc((m->n + 1) * sizeof *a->c);
    a->h = bh_malloc(((size_t)k + 1) * sizeof *a->h);
    a->top = bh_malloc(((size_t)k + 1) * sizeof *a->top);
    a->cnt = bh_malloc((m->m + 1) * sizeof *a->cnt);
    a->g = bh_malloc(m->m + 1);
    a->mark = bh_calloc(m->m + 1, 1);
    a->pick = bh_malloc(((size_t)k + 1) * sizeof *a->pick);
    a->best_lam = bh_malloc((m->m + 1) * sizeof *a->best_lam);
    if (!a->lam || !a->c || !a->h || !a->top || !a->cnt || !a->g || !a->mark || !a->pick ||
        !a->best_lam || cliques(m, a))
        return -1;
    if (m->m)
        memcpy(a->lam, m->w, m->m * sizeof *a->lam);
    for (size_t s = 0; s < nsel; s++)
        for (size_t q = m->start[sel[s]]; q < m->start[sel[s] + 1]; q++)
            a->lam[m->list[q]] = 0;
    return 0;
}

double bh_cov_bound(const bh_cov_model *m, int k, uint32_t *sel, size_t *nsel, double *lb,
                    unsigned char *keep, double deadline)
{
    lagr a;
    double best = -1;
    if (lagr_init(m, k, sel, *nsel, &a))
        goto done;
    double theta = 1.0, tol = 1e-9 * (*lb > 1 ? *lb : 1);
    int stale = 0;
    size_t nnz = m->start[m->n] + m->m + m->n, max_iter = BOUND_WORK / (nnz + 1);
    max_iter = max_iter < BOUND_MIN_ITER ? BOUND_MIN_ITER : max_iter;
    max_iter = max_iter > BOUND_MAX_ITER ? BOUND_MAX_ITER : max_iter;
    for (size_t it = 0; it < max_iter && theta > 1e-4; it++) {
        if ((it & 7) == 7 && now() > deadline)
            break; /* every value seen is a bound: stopping early only loosens it */
        double n2, hval, val = evaluate(m, k, &a, &n2, &hval);
        if (hval > *lb + tol) { /* a better solution: keep it */
            *lb = hval;
            memcpy(sel, a.pick, a.npick * sizeof *sel);
            *nsel = a.npick;
        }
        if (best < 0 || val < best - tol) {
            best = val;
            memcpy(a.best_lam, a.lam, m->m * sizeof *a.best_lam);
            stale = 0;
        } else if (++stale >= BOUND_PATIENCE) {
            theta /= 2;
            stale = 0;
        }
        if (best - *lb <= 1e-5 * (*lb > 1 ? *lb : 1) || n2 == 0)
            break;
        step(m, &a, theta * (val - *lb) / n2);
    }
    if (keep) {
        memcpy(a.lam, a.best_lam, m->m * sizeof *a.lam);
        reduce(m, k, &a, *lb, sel, *nsel, keep);
    }
done:
    lagr_free(&a);
    return best;
}
