/* bh_pointgrid: a bucket grid over planar points (metres) for within-distance queries. The points
 * are sorted by cell once (counting sort, CSR layout: 4 bytes per point plus one offset per cell),
 * so a query scans only the cells its circle touches. */
#ifndef BH_POINTGRID_H
#define BH_POINTGRID_H

#include <stddef.h>
#include <stdint.h>

typedef struct bh_pointgrid {
    const double *x, *y; /* borrowed: the indexed points */
    double x0, y0, cell;
    uint32_t nx, ny;
    uint32_t *start; /* nx*ny + 1 offsets into idx */
    uint32_t *idx;   /* point indices grouped by cell */
} bh_pointgrid;

/* Indexes points 0..n) (n < 2^32) with cells of about `cell` metres (enlarged so that there are at
 * most ~4 cells per point). The grid borrows x and y. 0 on success, -1 when memory runs out. */
int bh_pointgrid_build(bh_pointgrid *g, const double *x, const double *y, size_t n, double cell);
void bh_pointgrid_free(bh_pointgrid *g);

/* Appends to *buf (growable: *len used, *cap allocated) the indices of the points whose distance
 * to (px, py) is <= r, in index order within each cell. 0 on success, -1 when memory runs out. */
int bh_pointgrid_within(const bh_pointgrid *g, double px, double py, double r, uint32_t **buf,
                        size_t *len, size_t *cap);

/* 1 when some point lies at distance < r (strictly) of (px, py). */
int bh_pointgrid_any_closer(const bh_pointgrid *g, double px, double py, double r);

#endif
