#include "cameras/areas.h"

#include <geos_c.h>
#include <math.h>
#include <stdlib.h>

#include "analysis/pointgrid.h"
#include "core/array.h"

static GEOSGeometry *read_wkb(GEOSContextHandle_t h, const unsigned char *wkb, size_t len)
{
    GEOSWKBReader *r = GEOSWKBReader_create_r(h);
    GEOSGeometry *g = r ? GEOSWKBReader_read_r(h, r, wkb, len) : NULL;
    if (r)
        GEOSWKBReader_destroy_r(h, r);
    return g;
}

static int bbox(GEOSContextHandle_t h, const GEOSGeometry *g, double *bb)
{
    return GEOSGeom_getXMin_r(h, g, &bb[0]) && GEOSGeom_getYMin_r(h, g, &bb[1]) &&
           GEOSGeom_getXMax_r(h, g, &bb[2]) && GEOSGeom_getYMax_r(h, g, &bb[3]);
}

/* Tests every indexed point near one area. */
static int assign_one(GEOSContextHandle_t h, const GEOSGeometry *g, const bh_pointgrid *pg,
                      int32_t a, int32_t *area, uint32_t **buf, size_t *cap)
{
    double bb[4];
    if (!bbox(h, g, bb))
        return 0;
    const GEOSPreparedGeometry *pg_ = GEOSPrepare_r(h, g);
    if (!pg_)
        return -1;
    double cx = (bb[0] + bb[2]) / 2, cy = (bb[1] + bb[3]) / 2;
    double r = hypot(bb[2] - bb[0], bb[3] - bb[1]) / 2;
    size_t len = 0;
    int rc = bh_pointgrid_within(pg, cx, cy, r, buf, &len, cap);
    for (size_t k = 0; rc == 0 && k < len; k++) {
        uint32_t i = (*buf)[k];
        if (area[i] >= 0)
            continue;
        GEOSGeometry *p = GEOSGeom_createPointFromXY_r(h, pg->x[i], pg->y[i]);
        if (!p) {
            rc = -1;
            break;
        }
        if (GEOSPreparedIntersects_r(h, pg_, p) == 1)
            area[i] = a;
        GEOSGeom_destroy_r(h, p);
    }
    GEOSPreparedGeom_destroy_r(h, pg_);
    return rc;
}

bh_status bh_cam_assign(bh_ctx *ctx, const unsigned char *const *wkb, const size_t *len,
                        size_t nareas, const double *x, const double *y, size_t n, int32_t *area)
{
    for (size_t i = 0; i < n; i++)
        area[i] = -1;
    bh_pointgrid pg;
    if (bh_pointgrid_build(&pg, x, y, n, 200))
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    GEOSContextHandle_t h = GEOS_init_r();
    uint32_t *buf = NULL;
    size_t cap = 0;
    bh_status st = BH_OK;
    for (size_t a = 0; a < nareas && st == BH_OK; a++) {
        if (!wkb[a])
            continue;
        GEOSGeometry *g = read_wkb(h, wkb[a], len[a]);
        if (!g)
            st = bh_error(ctx, BH_E_GEOMETRY, "area %zu: unreadable polygon", a);
        else if (assign_one(h, g, &pg, (int32_t)a, area, &buf, &cap))
            st = bh_error(ctx, BH_E_NOMEM, "out of memory");
        GEOSGeom_destroy_r(h, g);
    }
    free(buf);
    GEOS_finish_r(h);
    bh_pointgrid_free(&pg);
    return st;
}

static int push(double **x, double **y, size_t *n, size_t *cap, double px, double py)
{
    size_t c2 = *cap;
    if (bh_array_grow((void **)x, cap, *n + 1, sizeof **x, 1024) ||
        bh_array_grow((void **)y, &c2, *n + 1, sizeof **y, 1024))
        return -1;
    (*x)[*n] = px;
    (*y)[(*n)++] = py;
    return 0;
}

bh_status bh_cam_grid_inside(bh_ctx *ctx, const unsigned char *wkb, size_t len, double cell,
                             double **x, double **y, size_t *n, size_t *cap)
{
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSGeometry *g = read_wkb(h, wkb, len);
    const GEOSPreparedGeometry *pg = g ? GEOSPrepare_r(h, g) : NULL;
    double bb[4];
    bh_status st = BH_OK;
    size_t n0 = *n;
    if (!pg || !bbox(h, g, bb)) {
        st = bh_error(ctx, BH_E_GEOMETRY, "unreadable polygon");
        goto done;
    }
    for (double cy = (floor(bb[1] / cell) + 0.5) * cell; cy <= bb[3] && st == BH_OK; cy += cell)
        for (double cx = (floor(bb[0] / cell) + 0.5) * cell; cx <= bb[2]; cx += cell) {
            GEOSGeometry *p = GEOSGeom_createPointFromXY_r(h, cx, cy);
            int in = p ? GEOSPreparedContains_r(h, pg, p) : -1;
            GEOSGeom_destroy_r(h, p);
            if (in < 0 || (in == 1 && push(x, y, n, cap, cx, cy))) {
                st = bh_error(ctx, BH_E_NOMEM, "out of memory");
                break;
            }
        }
    if (st == BH_OK && *n == n0) { /* a block smaller than a cell: its point on surface */
        GEOSGeometry *p = GEOSPointOnSurface_r(h, g);
        double px, py;
        if (p && GEOSGeomGetX_r(h, p, &px) && GEOSGeomGetY_r(h, p, &py) &&
            push(x, y, n, cap, px, py))
            st = bh_error(ctx, BH_E_NOMEM, "out of memory");
        GEOSGeom_destroy_r(h, p);
    }
done:
    if (pg)
        GEOSPreparedGeom_destroy_r(h, pg);
    if (g)
        GEOSGeom_destroy_r(h, g);
    GEOS_finish_r(h);
    return st;
}
