/* The model of one parameter set: usable candidates and the CSR lists of the uncovered demand
 * within the radius of each, found through a bucket grid over the demand. */
#include "analysis/covering_internal.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pointgrid.h"
#include "core/array.h"

void bh_cov_model_free(bh_cov_model *m)
{
    bh_free(m->dem);
    bh_free(m->w);
    bh_free(m->cand);
    bh_free(m->sx);
    bh_free(m->sy);
    bh_free(m->start);
    bh_free(m->list);
    memset(m, 0, sizeof *m);
}

int bh_cov_spaced(const bh_cov_model *m, uint32_t j, const uint32_t *sel, size_t n, size_t skip)
{
    if (!(m->spacing > 0))
        return 1;
    for (size_t s = 0; s < n; s++) {
        if (s == skip)
            continue;
        double dx = m->sx[j] - m->sx[sel[s]], dy = m->sy[j] - m->sy[sel[s]];
        if (sqrt(dx * dx + dy * dy) < m->spacing)
            return 0;
    }
    return 1;
}

/* Scratch of the build. */
typedef struct build {
    unsigned char *covered; /* demand covered by a fixed site */
    unsigned char *ok;      /* usable candidate */
    uint32_t *map;          /* demand -> model demand (UINT32_MAX: not yet) */
    uint32_t *buf;
    size_t bcap, lcap, dcap;
} build;

static int add_lists(bh_covering *cov, const bh_pointgrid *dg, double r, build *b, bh_cov_model *m)
{
    size_t nnz = 0;
    for (size_t j = 0; j < cov->nc; j++) {
        if (!b->ok[j])
            continue;
        size_t len = 0;
        if (bh_pointgrid_within(dg, cov->cx[j], cov->cy[j], r, &b->buf, &len, &b->bcap))
            return -1;
        if (bh_array_grow((void **)&m->list, &b->lcap, nnz + len, sizeof *m->list, 1024))
            return -1;
        for (size_t k = 0; k < len; k++) {
            uint32_t i = b->buf[k];
            if (b->covered[i] || !(cov->dw[i] > 0))
                continue;
            if (b->map[i] == UINT32_MAX) {
                size_t dc = b->dcap;
                if (bh_array_grow((void **)&m->dem, &b->dcap, m->m + 1, sizeof *m->dem, 1024) ||
                    bh_array_grow((void **)&m->w, &dc, m->m + 1, sizeof *m->w, 1024))
                    return -1;
                m->dem[m->m] = i;
                m->w[m->m] = cov->dw[i];
                b->map[i] = m->m++;
            }
            m->list[nnz++] = b->map[i];
        }
        m->cand[m->n] = (uint32_t)j;
        m->sx[m->n] = cov->cx[j];
        m->sy[m->n] = cov->cy[j];
        m->start[++m->n] = nnz;
    }
    return 0;
}

int bh_cov_model_build(bh_covering *cov, const bh_covering_params *p, bh_cov_model *m)
{
    memset(m, 0, sizeof *m);
    m->spacing = p->min_spacing;
    build b = {0};
    bh_pointgrid dg = {0};
    size_t nok = 0;
    int rc = -1;
    b.covered = bh_malloc(cov->nd + 1);
    b.ok = bh_malloc(cov->nc + 1);
    b.map = bh_malloc((cov->nd + 1) * sizeof *b.map);
    if (!b.covered || !b.ok || !b.map)
        goto done;
    if (bh_pointgrid_build(&dg, cov->dx, cov->dy, cov->nd, p->radius) ||
        bh_cov_mark_fixed(cov, &dg, p->radius, b.covered) ||
        bh_cov_usable_sites(cov, p->min_spacing, b.ok, &nok))
        goto done;
    for (size_t i = 0; i < cov->nd; i++) {
        m->total += cov->dw[i];
        if (b.covered[i])
            m->covered_before += cov->dw[i];
    }
    memset(b.map, 0xff, cov->nd * sizeof *b.map);
    m->cand = bh_malloc((nok + 1) * sizeof *m->cand);
    m->sx = bh_malloc((nok + 1) * sizeof *m->sx);
    m->sy = bh_malloc((nok + 1) * sizeof *m->sy);
    m->start = bh_calloc(nok + 1, sizeof *m->start);
    if (!m->cand || !m->sx || !m->sy || !m->start)
        goto done;
    rc = add_lists(cov, &dg, p->radius, &b, m);
done:
    bh_pointgrid_free(&dg);
    bh_free(b.covered);
    bh_free(b.ok);
    bh_free(b.map);
    bh_free(b.buf);
    if (rc)
        bh_cov_model_free(m);
    return rc;
}

int bh_cov_model_subset(const bh_cov_model *m, const unsigned char *keep, bh_cov_model *sub,
                        uint32_t **map)
{
    memset(sub, 0, sizeof *sub);
    sub->spacing = m->spacing;
    sub->total = m->total;
    sub->covered_before = m->covered_before;
    uint32_t n = 0;
    size_t nnz = 0;
    for (uint32_t j = 0; j < m->n; j++)
        if (keep[j]) {
            n++;
            nnz += m->start[j + 1] - m->start[j];
        }
    uint32_t *dmap = bh_malloc(((size_t)m->m + 1) * sizeof *dmap);
    *map = bh_malloc(((size_t)n + 1) * sizeof **map);
    sub->cand = bh_malloc(((size_t)n + 1) * sizeof *sub->cand);
    sub->sx = bh_malloc(((size_t)n + 1) * sizeof *sub->sx);
    sub->sy = bh_malloc(((size_t)n + 1) * sizeof *sub->sy);
    sub->start = bh_calloc((size_t)n + 1, sizeof *sub->start);
    sub->list = bh_malloc((nnz + 1) * sizeof *sub->list);
    sub->dem = bh_malloc(((size_t)m->m + 1) * sizeof *sub->dem);
    sub->w = bh_malloc(((size_t)m->m + 1) * sizeof *sub->w);
    if (!dmap || !*map || !sub->cand || !sub->sx || !sub->sy || !sub->start || !sub->list ||
        !sub->dem || !sub->w) {
        bh_free(dmap);
        bh_free(*map);
        *map = NULL;
        bh_cov_model_free(sub);
        return -1;
    }
    memset(dmap, 0xff, (size_t)m->m * sizeof *dmap);
    nnz = 0;
    for (uint32_t j = 0; j < m->n; j++) {
        if (!keep[j])
            continue;
        for (size_t q = m->start[j]; q < m->start[j + 1]; q++) {
            uint32_t i = m->list[q];
            if (dmap[i] == UINT32_MAX) {
                sub->dem[sub->m] = m->dem[i];
                sub->w[sub->m] = m->w[i];
                dmap[i] = sub->m++;
            }
            sub->list[nnz++] = dmap[i];
        }
        (*map)[sub->n] = j;
        sub->cand[sub->n] = m->cand[j];
        sub->sx[sub->n] = m->sx[j];
        sub->sy[sub->n] = m->sy[j];
        sub->start[++sub->n] = nnz;
    }
    bh_free(dmap);
    return 0;
}

/* Aggregation: demand points covered by exactly the same sites (their sorted lists in the
 * transpose) become one point with the sum of their weights. */
typedef struct hkey {
    uint64_t h;
    uint32_t i;
} hkey;

static int by_hash(const void *pa, const void *pb)
{
    const hkey *a = pa, *b = pb;
    return a->h < b->h ? -1 : (a->h > b->h ? 1 : (a->i < b->i ? -1 : a->i > b->i));
}

static int same_sites(const size_t *ts, const uint32_t *tl, uint32_t a, uint32_t b)
{
    size_t la = ts[a + 1] - ts[a], lb = ts[b + 1] - ts[b];
    return la == lb && memcmp(tl + ts[a], tl + ts[b], la * sizeof *tl) == 0;
}

/* grp[i] = the group of demand i, numbered in sorted order; returns the number of groups. */
static uint32_t group(const bh_cov_model *m, const size_t *ts, const uint32_t *tl, hkey *key,
                      uint32_t *grp)
{
    for (uint32_t i = 0; i < m->m; i++) {
        uint64_t h = 1469598103934665603ull;
        for (size_t t = ts[i]; t < ts[i + 1]; t++)
            h = (h ^ tl[t]) * 1099511628211ull;
        key[i] = (hkey){h, i};
    }
    qsort(key, m->m, sizeof *key, by_hash);
    uint32_t ng = 0;
    for (uint32_t r = 0, e; r < m->m; r = e) { /* runs of one hash: compare within the run */
        for (e = r + 1; e < m->m && key[e].h == key[r].h; e++)
            ;
        for (uint32_t a = r; a < e; a++) {
            grp[key[a].i] = UINT32_MAX;
            for (uint32_t b = r; b < a && grp[key[a].i] == UINT32_MAX; b++)
                if (same_sites(ts, tl, key[a].i, key[b].i))
                    grp[key[a].i] = grp[key[b].i];
            if (grp[key[a].i] == UINT32_MAX)
                grp[key[a].i] = ng++;
        }
    }
    return ng;
}

int bh_cov_model_aggregate(bh_cov_model *m)
{
    size_t *ts = NULL;
    uint32_t *tl = NULL, *grp = bh_malloc(((size_t)m->m + 1) * sizeof *grp);
    hkey *key = bh_malloc(((size_t)m->m + 1) * sizeof *key);
    int rc = -1;
    if (!grp || !key || bh_cov_transpose(m, &ts, &tl))
        goto done;
    uint32_t ng = group(m, ts, tl, key, grp);
    uint32_t *last = (uint32_t *)key; /* reuse: ng <= m entries of 4 bytes */
    memset(last, 0xff, (size_t)ng * sizeof *last);
    uint32_t *dem = tl; /* reuse: ng <= m <= nnz entries */
    double *w = bh_calloc((size_t)ng + 1, sizeof *w);
    if (!w)
        goto done;
    for (uint32_t i = 0; i < m->m; i++) {
        w[grp[i]] += m->w[i];
        dem[grp[i]] = m->dem[i];
    }
    size_t out = 0, from = 0;
    for (uint32_t j = 0; j < m->n; j++) {
        size_t to = m->start[j + 1];
        for (size_t q = from; q < to; q++) {
            uint32_t g = grp[m->list[q]];
            if (last[g] != j) {
                last[g] = j;
                m->list[out++] = g;
            }
        }
        from = to;
        m->start[j + 1] = out;
    }
    memcpy(m->dem, dem, (size_t)ng * sizeof *dem);
    bh_free(m->w);
    m->w = w;
    m->m = ng;
    rc = 0;
done:
    bh_free(ts);
    bh_free(tl);
    bh_free(grp);
    bh_free(key);
    return rc;
}
