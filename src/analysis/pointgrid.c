#include "analysis/pointgrid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"

static uint32_t cell_of(double v, double v0, double cell, uint32_t n)
{
    double c = floor((v - v0) / cell);
    if (c < 0)
        return 0;
    if (c >= n)
        return n - 1;
    return (uint32_t)c;
}

static void extent(const double *x, const double *y, size_t n, double *bb)
{
    bb[0] = bb[1] = INFINITY;
    bb[2] = bb[3] = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        bb[0] = fmin(bb[0], x[i]);
        bb[1] = fmin(bb[1], y[i]);
        bb[2] = fmax(bb[2], x[i]);
        bb[3] = fmax(bb[3], y[i]);
    }
    if (n == 0)
        bb[0] = bb[1] = bb[2] = bb[3] = 0;
}

int bh_pointgrid_build(bh_pointgrid *g, const double *x, const double *y, size_t n, double cell)
{
    memset(g, 0, sizeof *g);
    if (n >= UINT32_MAX)
        return -1;
    double bb[4];
    extent(x, y, n, bb);
    double w = bb[2] - bb[0], h = bb[3] - bb[1];
    if (!(cell > 0))
        cell = 1;
    /* At most ~4 cells per point (and per 2^26 cells): a sparse extent must not eat memory. */
    double maxcells = fmin(4.0 * (double)n + 16, 67108864.0);
    while ((floor(w / cell) + 1) * (floor(h / cell) + 1) > maxcells)
        cell *= 1.5;
    g->x = x;
    g->y = y;
    g->x0 = bb[0];
    g->y0 = bb[1];
    g->cell = cell;
    g->nx = (uint32_t)floor(w / cell) + 1;
    g->ny = (uint32_t)floor(h / cell) + 1;
    size_t ncell = (size_t)g->nx * g->ny;
    g->start = calloc(ncell + 1, sizeof *g->start);
    g->idx = malloc((n ? n : 1) * sizeof *g->idx);
    if (!g->start || !g->idx) {
        bh_pointgrid_free(g);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        size_t c =
            (size_t)cell_of(y[i], g->y0, cell, g->ny) * g->nx + cell_of(x[i], g->x0, cell, g->nx);
        g->start[c + 1]++;
    }
    for (size_t c = 0; c < ncell; c++)
        g->start[c + 1] += g->start[c];
    /* Fill using start[c] as the cursor, then shift the offsets back. */
    for (size_t i = 0; i < n; i++) {
        size_t c =
            (size_t)cell_of(y[i], g->y0, cell, g->ny) * g->nx + cell_of(x[i], g->x0, cell, g->nx);
        g->idx[g->start[c]++] = (uint32_t)i;
    }
    memmove(g->start + 1, g->start, ncell * sizeof *g->start);
    g->start[0] = 0;
    return 0;
}

void bh_pointgrid_free(bh_pointgrid *g)
{
    free(g->start);
    free(g->idx);
    memset(g, 0, sizeof *g);
}

/* Distances as GEOS computes them (sqrt of the squared differences), so that tests comparing with
 * SpatiaLite's PtDistWithin agree on points exactly at the radius. */
static int within(double dx, double dy, double r)
{
    return sqrt(dx * dx + dy * dy) <= r;
}

/* The cells a circle's bounding square touches. */
static void span(const bh_pointgrid *g, double px, double py, double r, uint32_t *cx0,
                 uint32_t *cx1, uint32_t *cy0, uint32_t *cy1)
{
    *cx0 = cell_of(px - r, g->x0, g->cell, g->nx);
    *cx1 = cell_of(px + r, g->x0, g->cell, g->nx);
    *cy0 = cell_of(py - r, g->y0, g->cell, g->ny);
    *cy1 = cell_of(py + r, g->y0, g->cell, g->ny);
}

int bh_pointgrid_within(const bh_pointgrid *g, double px, double py, double r, uint32_t **buf,
                        size_t *len, size_t *cap)
{
    if (!g->start)
        return 0;
    uint32_t cx0, cx1, cy0, cy1;
    span(g, px, py, r, &cx0, &cx1, &cy0, &cy1);
    for (uint32_t cy = cy0; cy <= cy1; cy++) {
        size_t row = (size_t)cy * g->nx;
        for (uint32_t k = g->start[row + cx0]; k < g->start[row + cx1 + 1]; k++) {
            uint32_t i = g->idx[k];
            if (!within(g->x[i] - px, g->y[i] - py, r))
                continue;
            if (*len == *cap && bh_array_grow((void **)buf, cap, *len + 1, sizeof **buf, 64))
                return -1;
            (*buf)[(*len)++] = i;
        }
    }
    return 0;
}

int bh_pointgrid_any_closer(const bh_pointgrid *g, double px, double py, double r)
{
    if (!g->start || !(r > 0))
        return 0;
    uint32_t cx0, cx1, cy0, cy1;
    span(g, px, py, r, &cx0, &cx1, &cy0, &cy1);
    for (uint32_t cy = cy0; cy <= cy1; cy++) {
        size_t row = (size_t)cy * g->nx;
        for (uint32_t k = g->start[row + cx0]; k < g->start[row + cx1 + 1]; k++) {
            uint32_t i = g->idx[k];
            double dx = g->x[i] - px, dy = g->y[i] - py;
            if (sqrt(dx * dx + dy * dy) < r)
                return 1;
        }
    }
    return 0;
}
