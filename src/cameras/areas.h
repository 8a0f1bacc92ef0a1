/* Points in polygons with GEOS prepared geometries: which area each point falls in, and the grid
 * of cell centres inside a polygon. */
#ifndef BH_CAM_AREAS_H
#define BH_CAM_AREAS_H

#include <stddef.h>
#include <stdint.h>
#include "core/ctx.h"

/* area[i] = index of the first polygon (wkb[a], len[a]; NULL entries skipped) that contains or
 * touches point i, -1 when none. */
BH_MUST_CHECK bh_status bh_cam_assign(bh_ctx *ctx, const unsigned char *const *wkb,
                                      const size_t *len, size_t nareas, const double *x,
                                      const double *y, size_t n, int32_t *area);

/* Appends to (*x, *y)[*n..] (capacity *cap) the centres of the cells of a global grid of `cell`
 * metres (centres at (i + 1/2) * cell) that lie inside the polygon wkb; when none does, the
 * polygon's PointOnSurface. */
BH_MUST_CHECK bh_status bh_cam_grid_inside(bh_ctx *ctx, const unsigned char *wkb, size_t len,
                                           double cell, double **x, double **y, size_t *n,
                                           size_t *cap);

#endif
