/* Lazy greedy (CELF) of the covering solver, and the value of a solution. */
#include "analysis/covering_internal.h"
#include "core/alloc.h"

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
    unsigned char *covered = bh_calloc(m->m + 1, 1);
    entry *h = bh_malloc((m->n + 1) * sizeof *h);
    if (!covered || !h) {
        bh_free(covered);
        bh_free(h);
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
    bh_free(covered);
    bh_free(h);
    return 0;
}

double bh_cov_value(const bh_cov_model *m, const uint32_t *sel, size_t nsel)
{
    unsigned char *covered = bh_calloc(m->m + 1, 1);
    if (!covered)
        return -1;
    double v = 0;
    for (size_t s = 0; s < nsel; s++)
        for (size_t q = m->start[sel[s]]; q < m->start[sel[s] + 1]; q++)
            if (!covered[m->list[q]]) {
                covered[m->list[q]] = 1;
                v += m->w[m->list[q]];
            }
    bh_free(covered);
    return v;
}
