/* Lazy greedy (CELF) and the 1-swap local search of the covering solver. */
#include "analysis/covering_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    double gain; /* an upper bound of the current marginal gain (exact when stamp is current) */
    uint32_t j;
    uint32_t stamp; /* the number of sites chosen when gain was computed */
} entry;

static void sift_down(entry *h, size_t n, size_t i)
{
    entry e = h[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && h[c + 1].gain > h[c].gain)
            c++;
        if (h[c].gain <= e.gain)
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = e;
}

static double gain_of(const bh_cov_model *m, uint32_t j, const unsigned char *covered)
{
    double g = 0;
    for (size_t k = m->start[j]; k < m->start[j + 1]; k++)
        if (!covered[m->list[k]])
            g += m->w[m->list[k]];
    return g;
}

int bh_cov_greedy(const bh_cov_model *m, int k, uint32_t *sel, size_t *nsel)
{
    *nsel = 0;
    unsigned char *covered = calloc(m->m + 1, 1);
    entry *h = malloc((m->n + 1) * sizeof *h);
    if (!covered || !h) {
        free(covered);
        free(h);
        return -1;
    }
    size_t n = m->n;
    for (uint32_t j = 0; j < m->n; j++)
        h[j] = (entry){gain_of(m, j, covered), j, 0};
    for (size_t i = n / 2; i-- > 0;)
        sift_down(h, n, i);
    while (*nsel < (size_t)k && n > 0) {
        entry top = h[0];
        if (!bh_cov_spaced(m, top.j, sel, *nsel, *nsel)) {
            h[0] = h[--n]; /* the chosen set only grows: never feasible again */
            sift_down(h, n, 0);
            continue;
        }
        if (top.stamp != *nsel) {
            h[0].gain = gain_of(m, top.j, covered);
            h[0].stamp = (uint32_t)*nsel;
            sift_down(h, n, 0);
            continue;
        }
        if (!(top.gain > 0))
            break;
        sel[(*nsel)++] = top.j;
        for (size_t q = m->start[top.j]; q < m->start[top.j + 1]; q++)
            covered[m->list[q]] = 1;
        h[0] = h[--n];
        sift_down(h, n, 0);
    }
    free(covered);
    free(h);
    return 0;
}

double bh_cov_value(const bh_cov_model *m, const uint32_t *sel, size_t nsel)
{
    unsigned char *covered = calloc(m->m + 1, 1);
    if (!covered)
        return -1;
    double v = 0;
    for (size_t s = 0; s < nsel; s++)
        for (size_t q = m->start[sel[s]]; q < m->start[sel[s] + 1]; q++)
            if (!covered[m->list[q]]) {
                covered[m->list[q]] = 1;
                v += m->w[m->list[q]];
            }
    free(covered);
    return v;
}

/* Scratch of the swap search. */
typedef struct swap {
    uint32_t *cnt;       /* chosen sites covering each model demand */
    unsigned char *uniq; /* covered only by the site being tried out */
    unsigned char *in;   /* model candidate chosen */
    double *solo;        /* weight each candidate covers alone (a bound of any swap gain) */
} swap;

static void count_add(const bh_cov_model *m, uint32_t *cnt, uint32_t j, int d)
{
    for (size_t q = m->start[j]; q < m->start[j + 1]; q++)
        cnt[m->list[q]] += (uint32_t)d;
}

/* The best replacement of sel[p]: *best (UINT32_MAX if none improves), its net gain *delta. */
static void best_swap(const bh_cov_model *m, swap *sw, uint32_t *sel, size_t nsel, size_t p,
                      double eps, uint32_t *best, double *delta)
{
    uint32_t s = sel[p];
    double loss = 0;
    for (size_t q = m->start[s]; q < m->start[s + 1]; q++) {
        uint32_t i = m->list[q];
        sw->uniq[i] = sw->cnt[i] == 1;
        if (sw->uniq[i])
            loss += m->w[i];
    }
    *best = UINT32_MAX;
    double top = loss + eps;
    for (uint32_t c = 0; c < m->n; c++) {
        if (sw->in[c] || sw->solo[c] <= top)
            continue;
        double g = 0;
        for (size_t q = m->start[c]; q < m->start[c + 1]; q++) {
            uint32_t i = m->list[q];
            if (sw->cnt[i] == 0 || sw->uniq[i])
                g += m->w[i];
        }
        if (g > top && bh_cov_spaced(m, c, sel, nsel, p)) {
            top = g;
            *best = c;
        }
    }
    for (size_t q = m->start[s]; q < m->start[s + 1]; q++)
        sw->uniq[m->list[q]] = 0;
    *delta = top - loss;
}

int bh_cov_swap(const bh_cov_model *m, uint32_t *sel, size_t nsel, int *swaps)
{
    swap sw;
    sw.cnt = calloc(m->m + 1, sizeof *sw.cnt);
    sw.uniq = calloc(m->m + 1, 1);
    sw.in = calloc(m->n + 1, 1);
    sw.solo = malloc((m->n + 1) * sizeof *sw.solo);
    int rc = -1;
    *swaps = 0;
    if (!sw.cnt || !sw.uniq || !sw.in || !sw.solo)
        goto done;
    double total = 0;
    for (uint32_t i = 0; i < m->m; i++)
        total += m->w[i];
    double eps = 1e-9 * (total > 1 ? total : 1);
    for (uint32_t c = 0; c < m->n; c++) {
        sw.solo[c] = 0;
        for (size_t q = m->start[c]; q < m->start[c + 1]; q++)
            sw.solo[c] += m->w[m->list[q]];
    }
    for (size_t s = 0; s < nsel; s++) {
        sw.in[sel[s]] = 1;
        count_add(m, sw.cnt, sel[s], 1);
    }
    /* First-improvement passes over the chosen sites until a whole pass finds nothing. */
    for (int pass = 0, improved = 1; improved && pass < 100; pass++) {
        improved = 0;
        for (size_t p = 0; p < nsel; p++) {
            uint32_t c;
            double delta;
            best_swap(m, &sw, sel, nsel, p, eps, &c, &delta);
            if (c == UINT32_MAX)
                continue;
            count_add(m, sw.cnt, sel[p], -1);
            sw.in[sel[p]] = 0;
            sel[p] = c;
            sw.in[c] = 1;
            count_add(m, sw.cnt, c, 1);
            (*swaps)++;
            improved = 1;
        }
    }
    rc = 0;
done:
    free(sw.cnt);
    free(sw.uniq);
    free(sw.in);
    free(sw.solo);
    return rc;
}
