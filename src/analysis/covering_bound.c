/* The proven upper bound of the covering solver: a Lagrangian relaxation of the cover rows,
 *   L(lam) = sum_i max(0, w_i - lam_i) + (sum of the k largest c_j),  c_j = sum_{i in N_j} lam_i,
 * which is >= the optimum for every lam >= 0 (the spacing rows are dropped, which only loosens
 * it). At lam_i = 0 for demand the solution sel covers and w_i otherwise, L is the online
 * submodular bound of Leskovec et al. (2007); subgradient steps (Held-Wolfe-Crowder, with the
 * Polyak step towards the best known objective) lower it from there, and the best value seen is
 * returned. */
#include "analysis/covering_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BOUND_MAX_ITER 400
#define BOUND_PATIENCE 15

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
    uint32_t *top, *cnt;
    signed char *g;
} lagr;

/* L(lam); leaves the subgradient in g and returns its squared norm in *norm2. */
static double evaluate(const bh_cov_model *m, int k, lagr *a, double *norm2)
{
    for (uint32_t j = 0; j < m->n; j++) {
        double s = 0;
        for (size_t q = m->start[j]; q < m->start[j + 1]; q++)
            s += a->lam[m->list[q]];
        a->c[j] = s;
    }
    size_t nt;
    double val = top_k(a->c, m->n, k, a->h, a->top, &nt);
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

double bh_cov_bound(const bh_cov_model *m, int k, const uint32_t *sel, size_t nsel, double lb)
{
    lagr a;
    a.lam = malloc((m->m + 1) * sizeof *a.lam);
    a.c = malloc((m->n + 1) * sizeof *a.c);
    a.h = malloc(((size_t)k + 1) * sizeof *a.h);
    a.top = malloc(((size_t)k + 1) * sizeof *a.top);
    a.cnt = malloc((m->m + 1) * sizeof *a.cnt);
    a.g = malloc(m->m + 1);
    double best = -1;
    if (!a.lam || !a.c || !a.h || !a.top || !a.cnt || !a.g)
        goto done;
    memcpy(a.lam, m->w, m->m * sizeof *a.lam);
    for (size_t s = 0; s < nsel; s++)
        for (size_t q = m->start[sel[s]]; q < m->start[sel[s] + 1]; q++)
            a.lam[m->list[q]] = 0;
    double theta = 1.0, tol = 1e-9 * (lb > 1 ? lb : 1);
    int stale = 0;
    for (int it = 0; it < BOUND_MAX_ITER && theta > 1e-4; it++) {
        double n2, val = evaluate(m, k, &a, &n2);
        if (best < 0 || val < best - tol) {
            best = val;
            stale = 0;
        } else if (++stale >= BOUND_PATIENCE) {
            theta /= 2;
            stale = 0;
        }
        if (best - lb <= 1e-5 * (lb > 1 ? lb : 1) || n2 == 0)
            break;
        step(m, &a, theta * (val - lb) / n2);
    }
done:
    free(a.lam);
    free(a.c);
    free(a.h);
    free(a.top);
    free(a.cnt);
    free(a.g);
    return best;
}
